import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { found, hit } from '../../test/fixtures';
import PatientPicker from './PatientPicker.svelte';

const DUPONT = hit('p1', 'DUPONT Jeanne', { phone: '06 12 34 56 78' });
const DURAND = hit('p2', 'DURAND Paul');

function shell() {
  mockIPC((cmd, payload) => {
    if (cmd !== 'search_patients') return null;
    const query = String((payload as Record<string, unknown>)['query']);
    return found(query.startsWith('du') ? [DUPONT, DURAND] : []);
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('patient picker', () => {
  it('as a search box, hands the highlighted file over on Enter', async () => {
    shell();
    const onpick = vi.fn();
    render(PatientPicker, { props: { variant: 'search', testid: 'box', resultTestid: 'row', onpick } });
    const box = screen.getByTestId('box');
    await fireEvent.input(box, { target: { value: 'du' } });
    await waitFor(() => expect(screen.getAllByTestId('row')).toHaveLength(2));
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    await fireEvent.keyDown(box, { key: 'Enter' });
    expect(onpick).toHaveBeenCalledWith(DURAND);
  });

  it('as a field, keeps the choice, closes on Escape, and forgets the choice when typed over', async () => {
    shell();
    const onchange = vi.fn();
    const outer = vi.fn();
    render(PatientPicker, { props: { variant: 'field', id: 'who', testid: 'box', resultTestid: 'row', onchange } });
    const box = screen.getByTestId('box') as HTMLInputElement;
    box.closest('div')?.parentElement?.addEventListener('keydown', (e) => e.key === 'Escape' && outer(e.defaultPrevented));

    // Enter before the answer picks the first file once it comes.
    await fireEvent.input(box, { target: { value: 'dup' } });
    await fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.dataset['chosenId']).toBe('p1'));
    expect(box.value).toBe('DUPONT Jeanne');
    expect(screen.queryAllByTestId('row')).toHaveLength(0);
    expect(onchange).toHaveBeenCalledTimes(1);

    await fireEvent.input(box, { target: { value: 'du' } });
    expect(box.dataset['chosenId']).toBeUndefined();
    expect(onchange).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.getAllByTestId('row')).toHaveLength(2));
    await fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryAllByTestId('row')).toHaveLength(0);
    // The form around it sees it handled, and stays open.
    expect(outer).toHaveBeenCalledWith(true);
    await fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getAllByTestId('row')).toHaveLength(2);
  });
});
