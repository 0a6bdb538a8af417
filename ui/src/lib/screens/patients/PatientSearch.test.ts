import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PatientHit } from '../../api';
import { session } from '../../session.svelte';
import { found, hit, patientFile } from '../../../test/fixtures';
import Patients from '../Patients.svelte';

const LEFEVRE = hit('p1', 'LEFÈVRE Hélène', { phone: '06 12 34 56 78', matched: 'phonetic' });
const LEFEBVRE = hit('p2', 'LEFEBVRE Marc', { birthDate: '12/07/1975', age: 50, sex: 'M', matched: 'exact' });
const ARCHIVED = hit('p3', 'LEFORT Jeanne', { birthDate: '01/01/1930', age: 96, archived: true });

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function shell(answer: (query: string, archived: boolean) => PatientHit[], slow: Record<string, number> = {}) {
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'search_patients': {
        const q = String(args['query']);
        await delay(slow[q] ?? 0);
        const hits = answer(q, Boolean(args['includeArchived']));
        return found(hits.slice(0, Number(args['limit'])), hits.length);
      }
      case 'get_patient': {
        const id = String(args['id']);
        const found = [LEFEVRE, LEFEBVRE, ARCHIVED].find((h) => h.id === id);
        return patientFile(id, found?.displayName ?? '?', { alerts: ['malentendante'] });
      }
      case 'patient_history':
        return [];
      default:
        return null;
    }
  });
}

const box = () => screen.getByTestId('patient-search') as HTMLInputElement;
const results = () => screen.queryAllByTestId('patient-result');

beforeEach(() => {
  calls.length = 0;
  session.resetPatients();
  session.section = 'patients';
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.resetPatients();
});

describe('patient search', () => {
  it('shows results as she types, highlights the first, and Enter after ↓ opens the second', async () => {
    shell((q) => (q.startsWith('lef') ? [LEFEVRE, LEFEBVRE] : []));
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await waitFor(() => expect(document.activeElement).toBe(box()));

    await fireEvent.input(box(), { target: { value: 'lef' } });
    await waitFor(() => expect(results()).toHaveLength(2));
    const [first, second] = results();
    expect(first?.getAttribute('aria-selected')).toBe('true');
    expect(first?.textContent).toContain('LEFÈVRE Hélène');
    expect(first?.textContent).toContain('03/03/1962 · 64 ans');
    expect(first?.textContent).toContain('06 12 34 56 78');
    expect(first?.textContent).toContain('son proche');
    expect(second?.textContent).not.toContain('son proche');
    expect(box().getAttribute('aria-activedescendant')).toBe('patient-result-0');

    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(results()[1]?.getAttribute('aria-selected')).toBe('true');
    expect(box().getAttribute('aria-activedescendant')).toBe('patient-result-1');
    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(results()[1]?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(box(), { key: 'ArrowUp' });
    await fireEvent.keyDown(box(), { key: 'ArrowDown' });

    await fireEvent.keyDown(box(), { key: 'Enter' });
    expect((await screen.findByTestId('patient-name')).textContent).toBe('LEFEBVRE Marc');
    expect(calls.find((c) => c.cmd === 'get_patient')?.args).toEqual({ id: 'p2' });
    expect(screen.getByTestId('patient-alerts').textContent).toContain('malentendante');
  });

  it('says how many match in all and shows them all when she asks', async () => {
    const many = Array.from({ length: 134 }, (_, i) => hit(`m${i}`, `MARTIN Nº${i}`));
    shell((q) => (q === 'mar' ? many : []));
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: 'mar' } });
    await waitFor(() => expect(results()).toHaveLength(50));
    expect(screen.getByTestId('search-status').textContent).toContain('50 sur 134 — affinez la recherche');
    await fireEvent.click(screen.getByTestId('search-more'));
    await waitFor(() => expect(results()).toHaveLength(134));
    expect(screen.queryByTestId('search-more')).toBeNull();
    expect(screen.getByTestId('search-status').textContent).toContain('134 patients trouvés');
    // A new text starts again from the first fifty.
    await fireEvent.input(box(), { target: { value: 'mart' } });
    await fireEvent.input(box(), { target: { value: 'mar' } });
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'search_patients').at(-1)?.args['limit']).toBe(50));
  });

  it('Enter typed before the answer opens the first result once it arrives', async () => {
    shell((q) => (q === 'lefebvre' ? [LEFEBVRE, LEFEVRE] : []), { lefebvre: 120 });
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: 'lefebvre' } });
    await fireEvent.keyDown(box(), { key: 'Enter' });
    expect((await screen.findByTestId('patient-name')).textContent).toBe('LEFEBVRE Marc');
  });

  it('never shows the answer to an older text', async () => {
    shell((q) => (q === 'le' ? [ARCHIVED, LEFEVRE, LEFEBVRE] : q === 'lefe' ? [LEFEVRE] : []), {
      le: 300,
    });
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: 'le' } });
    await delay(80); // the request for « le » is now in flight
    await fireEvent.input(box(), { target: { value: 'lefe' } });
    await waitFor(() => expect(results()).toHaveLength(1));
    await delay(350); // « le » answers late: ignored
    expect(results()).toHaveLength(1);
    expect(results()[0]?.textContent).toContain('LEFÈVRE');
  });

  it('asks for archived files only when the box is ticked, and marks them', async () => {
    shell((q, archived) => (q === 'lefort' && archived ? [ARCHIVED] : []));
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: 'lefort' } });
    expect(await screen.findByText('Aucun patient ne correspond à « lefort ».')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('include-archived'));
    await waitFor(() => expect(results()).toHaveLength(1));
    expect(results()[0]?.textContent).toContain('archivé');
    expect(calls.filter((c) => c.cmd === 'search_patients').map((c) => c.args['includeArchived'])).toEqual([
      false,
      true,
    ]);
  });

  it('Escape in a file goes back to the search, her text kept and that file highlighted', async () => {
    shell((q) => (q.startsWith('lef') ? [LEFEVRE, LEFEBVRE] : []));
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: 'lef' } });
    await waitFor(() => expect(results()).toHaveLength(2));
    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    await fireEvent.keyDown(box(), { key: 'Enter' });
    await screen.findByTestId('patient-file');

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(results()).toHaveLength(2));
    expect(box().value).toBe('lef');
    expect(results()[1]?.getAttribute('aria-selected')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(box()));
  });

  it('« Nouveau patient » carries a full birth date typed in the search', async () => {
    shell(() => []);
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(box(), { target: { value: '03/03/1962' } });
    await screen.findByText('Aucun patient ne correspond à « 03/03/1962 ».');
    await fireEvent.click(screen.getByTestId('new-patient'));
    expect(((await screen.findByTestId('pf-birth-date')) as HTMLInputElement).value).toBe('03/03/1962');
  });
});
