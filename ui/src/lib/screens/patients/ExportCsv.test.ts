import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { commandError } from '../../../test/fixtures';
import ExportCsv from './ExportCsv.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

/** The shell's answer to `export_patients` (after its own save dialog). */
function shell(answer: () => unknown) {
  calls.length = 0;
  mockIPC((cmd, payload) => {
    calls.push({ cmd, args: (payload ?? {}) as Record<string, unknown> });
    if (cmd === 'export_patients') return answer();
    return null;
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('CSV export', () => {
  it('sends no path: the shell asks where, the page shows where it wrote', async () => {
    shell(() => ({ path: '/home/s/patients.csv', count: 48213 }));
    render(ExportCsv);
    expect(screen.queryByRole('textbox')).toBeNull();
    await fireEvent.click(screen.getByTestId('export-run'));
    const done = await screen.findByTestId('export-done');
    expect(done.textContent).toContain('/home/s/patients.csv');
    expect(done.textContent).toContain('pas chiffré');
    expect(calls.find((c) => c.cmd === 'export_patients')?.args).toEqual({});
  });

  it('says nothing when she cancels the dialog', async () => {
    shell(() => null);
    render(ExportCsv);
    await fireEvent.click(screen.getByTestId('export-run'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByTestId('export-done')).toBeNull();
    expect(screen.queryByTestId('form-error')).toBeNull();
  });

  it('shows the refusal when she chose the cabinet itself', async () => {
    const refusal = '« /home/s/cabinet.carnet » est le cabinet ouvert lui-même : choisissez un autre nom.';
    shell(() => {
      throw commandError('protectedFile', refusal, 'path');
    });
    render(ExportCsv);
    await fireEvent.click(screen.getByTestId('export-run'));
    expect((await screen.findByTestId('form-error')).textContent).toContain(refusal);
    expect(screen.queryByTestId('export-done')).toBeNull();
  });
});
