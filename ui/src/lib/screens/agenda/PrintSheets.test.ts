import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Calendar } from '../../agenda';
import { commandError } from '../../../test/fixtures';
import PrintSheets from './PrintSheets.svelte';

/** Commands and the print, in the order they happened. */
const log: string[] = [];
const recorded: Record<string, unknown>[] = [];

const MARTIN: Calendar = { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false };

function shell(recordFails = false) {
  mockIPC((cmd, payload) => {
    log.push(cmd);
    switch (cmd) {
      case 'agenda_range':
        return { appointments: [] };
      case 'call_list':
        return [];
      case 'record_print':
        recorded.push((payload ?? {}) as Record<string, unknown>);
        if (recordFails) throw commandError('io', 'Le journal d’audit n’a pas pu être écrit : disque plein.');
        return null;
      default:
        return null;
    }
  });
}

beforeEach(() => {
  log.length = 0;
  recorded.length = 0;
  vi.spyOn(window, 'print').mockImplementation(() => {
    log.push('window.print');
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

function props(mode: 'day' | 'calls') {
  return { mode, day: '2026-11-24', calendars: [MARTIN], today: '2026-11-23', onback: () => undefined };
}

async function printNow() {
  const button = screen.getByTestId('print-now') as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  await fireEvent.click(button);
}

describe('printing the day sheet and the call list', () => {
  it('records the day sheet in the audit trail before printing it', async () => {
    shell();
    render(PrintSheets, props('day'));
    await printNow();
    await waitFor(() => expect(log).toContain('window.print'));
    expect(recorded).toEqual([{ what: 'feuille du jour', patientId: null }]);
    expect(log.indexOf('record_print')).toBeLessThan(log.indexOf('window.print'));
  });

  it('records the call list before printing it', async () => {
    shell();
    render(PrintSheets, props('calls'));
    await printNow();
    await waitFor(() => expect(log).toContain('window.print'));
    expect(recorded).toEqual([{ what: 'liste d\'appels', patientId: null }]);
    expect(log.indexOf('record_print')).toBeLessThan(log.indexOf('window.print'));
  });

  it('does not print when the print cannot be recorded, and says why', async () => {
    shell(true);
    render(PrintSheets, props('calls'));
    await printNow();
    expect((await screen.findByTestId('form-error')).textContent).toContain('disque plein');
    expect(recorded).toHaveLength(1);
    expect(log).not.toContain('window.print');
  });
});
