import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Calendar, WaitingEntry } from '../../agenda';
import { commandError } from '../../../test/fixtures';
import WaitingList from './WaitingList.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const MARTIN: Calendar = { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false };

const ENTRY: WaitingEntry = {
  id: 'w-1',
  patientId: null,
  who: 'Mme Dubois',
  phone: '06 12 34 56 78',
  motifId: null,
  motifName: 'Consultation',
  calendarId: null,
  appointmentId: 'a-9',
  currentAppointmentAt: '2026-12-14T10:00',
  weekdays: [1, 3],
  partOfDay: 'matin',
  beforeDate: '2026-12-10',
  note: '',
  createdAt: '2026-11-20T09:00:00Z',
};

function shell(refuse: { field: string; message: string } | null = null) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_calendars':
        return [MARTIN];
      case 'list_motifs':
        return [];
      case 'waiting_list':
        return [ENTRY];
      case 'add_waiting':
        if (refuse) throw commandError('invalidInput', refuse.message, refuse.field);
        return 'w-new';
      default:
        return null;
    }
  });
}

beforeEach(() => {
  calls.length = 0;
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('waiting list', () => {
  it('lists who waits, with their constraints, the appointment they hold and « indifférent »', async () => {
    shell();
    render(WaitingList);
    const row = await screen.findByTestId('waiting-entry');
    const text = row.textContent ?? '';
    expect(text).toContain('Mme Dubois');
    expect(text).toContain('06 12 34 56 78');
    expect(text).toContain('Indifférent');
    expect(text).toContain('lun., mer. · Matin · avant le 10/12/2026');
    expect(text).toContain('14/12/2026 à 10:00');
  });

  it('shows a refused date next to the « avant le » field', async () => {
    shell({ field: 'beforeDate', message: '« 31/02/2027 » n’existe pas.' });
    render(WaitingList);
    await fireEvent.click(await screen.findByTestId('waiting-add-open'));
    await fireEvent.input(screen.getByTestId('waiting-caller-name'), { target: { value: 'M. Petit' } });
    await fireEvent.input(screen.getByTestId('waiting-caller-phone'), { target: { value: '0612345678' } });
    const before = screen.getByTestId('waiting-before') as HTMLInputElement;
    await fireEvent.input(before, { target: { value: '31/02/2027' } });
    await fireEvent.click(screen.getByTestId('waiting-save'));

    const error = await screen.findByTestId('error-beforeDate');
    expect(error.textContent).toBe('« 31/02/2027 » n’existe pas.');
    expect(error.closest('.field')?.contains(before)).toBe(true);
    expect(before.getAttribute('aria-invalid')).toBe('true');
    expect(before.getAttribute('aria-describedby')).toBe('waiting-before-error');
    const sent = calls.find((c) => c.cmd === 'add_waiting')?.args['draft'] as Record<string, unknown>;
    expect(sent).toMatchObject({ patientId: null, callerName: 'M. Petit', callerPhone: '0612345678', beforeDate: '31/02/2027', calendarId: null });
    // Typing again clears the message.
    await fireEvent.input(before, { target: { value: '28/02/2027' } });
    await waitFor(() => expect(screen.queryByTestId('error-beforeDate')).toBeNull());
  });

  it('removes an entry after asking', async () => {
    shell();
    render(WaitingList);
    const row = await screen.findByTestId('waiting-entry');
    await fireEvent.click(within(row).getByTestId('waiting-remove'));
    await fireEvent.click(screen.getByTestId('waiting-remove-confirm'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'resolve_waiting' && c.args['id'] === 'w-1')).toBe(true));
  });
});
