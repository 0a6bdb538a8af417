import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppointmentDraft, Calendar, Motif } from '../../agenda';
import { found, hit } from '../../../test/fixtures';
import BookingDialog from './BookingDialog.svelte';

const CALENDARS: Calendar[] = [
  { id: 'c1', name: 'Dr Claire Martin', kind: 'praticien', colour: '#2a6f97', archived: false },
  { id: 'c2', name: 'Dr Karim Benali', kind: 'praticien', colour: '#b35900', archived: false },
];
const MOTIFS: Motif[] = [
  { id: 'm1', name: 'Consultation', durationMinutes: 20, colour: '#1a7f37', mayUseReserved: false, archived: false },
  { id: 'm2', name: 'Première consultation', durationMinutes: 40, colour: '#8250df', mayUseReserved: false, archived: false },
];
const DUPONT = hit('p1', 'DUPONT Jeanne', { phone: '06 12 34 56 78' });

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

function shell(warnings: { kind: string; message: string }[]) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'search_patients':
        return found(String(args['query']).startsWith('dup') ? [DUPONT] : []);
      case 'check_appointment':
        return warnings;
      case 'create_appointment':
        if (warnings.length > 0 && !args['acceptWarnings']) {
          return Promise.reject({ kind: 'needsConfirmation', message: warnings[0]?.message, field: null });
        }
        return 'a-new';
      default:
        return null;
    }
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
  calls.length = 0;
});

function open(onsaved = vi.fn()) {
  render(BookingDialog, {
    props: {
      calendars: CALENDARS,
      motifs: MOTIFS,
      initial: { calendarId: 'c2', startsAt: '2026-11-24T09:00', motifId: null, durationMinutes: null },
      onclose: vi.fn(),
      onsaved,
    },
  });
  return onsaved;
}

describe('booking dialog', () => {
  it('finds the patient as she types, shows the warnings, and books only once she confirms', async () => {
    shell([{ kind: 'overlap', message: 'Le Dr Karim Benali a déjà un rendez-vous à 09:00.' }]);
    const onsaved = open();
    const search = screen.getByTestId('booking-patient-search');
    await waitFor(() => expect(document.activeElement).toBe(search));
    await fireEvent.input(search, { target: { value: 'dup' } });
    await waitFor(() => expect(screen.getAllByTestId('booking-patient-result')).toHaveLength(1));
    await fireEvent.keyDown(search, { key: 'Enter' });
    expect(screen.getByTestId('booking-patient').textContent).toContain('DUPONT Jeanne');

    // The motif brings its duration.
    await fireEvent.change(screen.getByTestId('booking-motif'), { target: { value: 'm2' } });
    expect((screen.getByTestId('booking-duration') as HTMLInputElement).value).toBe('40');
    expect((screen.getByTestId('booking-calendar') as HTMLSelectElement).value).toBe('c2');
    expect((screen.getByTestId('booking-date') as HTMLInputElement).value).toBe('24/11/2026');
    await fireEvent.input(screen.getByTestId('booking-time'), { target: { value: '9h30' } });

    await fireEvent.click(screen.getByTestId('booking-save'));
    const warnings = await screen.findByTestId('booking-warnings');
    expect(warnings.textContent).toContain('a déjà un rendez-vous à 09:00');
    expect(calls.some((c) => c.cmd === 'create_appointment')).toBe(false);
    expect(onsaved).not.toHaveBeenCalled();
    const confirm = screen.getByTestId('booking-confirm-warnings');
    await waitFor(() => expect(document.activeElement).toBe(confirm));

    await fireEvent.click(confirm);
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const create = calls.find((c) => c.cmd === 'create_appointment');
    expect(create?.args['acceptWarnings']).toBe(true);
    const draft = create?.args['draft'] as AppointmentDraft;
    expect(draft).toMatchObject({
      calendarId: 'c2',
      motifId: 'm2',
      patientId: 'p1',
      callerName: null,
      startsAt: '2026-11-24T09:30',
      durationMinutes: 40,
      urgent: false,
    });
    expect(onsaved.mock.calls[0]?.[0]).toMatchObject({ id: 'a-new', who: 'DUPONT Jeanne', count: 1 });
  });

  it('books a caller without a file, with no warning, at once', async () => {
    shell([]);
    const onsaved = open();
    await fireEvent.click(screen.getByTestId('booking-no-file'));
    await fireEvent.input(screen.getByTestId('booking-caller-name'), { target: { value: 'Paul LEROY' } });
    await fireEvent.input(screen.getByTestId('booking-caller-phone'), { target: { value: '0611223344' } });
    await fireEvent.click(screen.getByTestId('booking-save'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const create = calls.find((c) => c.cmd === 'create_appointment');
    expect(create?.args['acceptWarnings']).toBe(false);
    expect(create?.args['draft']).toMatchObject({ patientId: null, callerName: 'Paul LEROY', callerPhone: '0611223344' });
  });

  it('asks for a patient and a real time before calling the shell', async () => {
    shell([]);
    open();
    await fireEvent.input(screen.getByTestId('booking-time'), { target: { value: '25h' } });
    await fireEvent.click(screen.getByTestId('booking-save'));
    expect(await screen.findByTestId('booking-time-error')).toBeTruthy();
    expect(screen.getByTestId('booking-patient-error')).toBeTruthy();
    expect(calls.filter((c) => c.cmd !== 'search_patients')).toHaveLength(0);
  });

  it('previews every date of a series with its conflicts before saving it', async () => {
    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      if (cmd === 'preview_series') {
        return [
          { startsAt: '2026-11-24T09:00', endsAt: '2026-11-24T09:20', warnings: [] },
          {
            startsAt: '2026-12-01T09:00',
            endsAt: '2026-12-01T09:20',
            warnings: [{ kind: 'absence', message: 'Le Dr Karim Benali est absent (Congés).' }],
          },
        ];
      }
      if (cmd === 'create_series') return 'a-first';
      return null;
    });
    const onsaved = open();
    await fireEvent.click(screen.getByTestId('booking-no-file'));
    await fireEvent.input(screen.getByTestId('booking-caller-name'), { target: { value: 'Paul LEROY' } });
    await fireEvent.click(screen.getByTestId('booking-repeat'));
    await fireEvent.input(screen.getByTestId('booking-count'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('booking-save'));
    const occurrences = await screen.findByTestId('booking-occurrences');
    expect(occurrences.textContent).toContain('est absent (Congés)');
    expect(calls.some((c) => c.cmd === 'create_series')).toBe(false);
    const confirm = screen.getByTestId('booking-confirm-warnings') as HTMLButtonElement;
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await fireEvent.click(confirm);
    await waitFor(() => expect(onsaved).toHaveBeenCalled());
    const create = calls.find((c) => c.cmd === 'create_series');
    expect(create?.args).toMatchObject({ acceptWarnings: true, rule: { every: 1, unit: 'weeks', count: 2, until: null } });
  });

  it('booked from a patient file, starts with that patient and books for them', async () => {
    shell([]);
    const onsaved = vi.fn();
    render(BookingDialog, {
      props: {
        calendars: CALENDARS,
        motifs: MOTIFS,
        initial: {
          calendarId: 'c1',
          startsAt: '2026-11-25T10:20',
          motifId: 'm1',
          durationMinutes: null,
          fromSlot: true,
          patient: { id: 'p1', displayName: 'DUPONT Jeanne', birthDate: '01/02/1960', phone: '06 12 34 56 78' },
        },
        onclose: vi.fn(),
        onsaved,
      },
    });
    expect(screen.getByTestId('booking-patient').textContent).toContain('DUPONT Jeanne');
    expect(screen.queryByTestId('booking-patient-search')).toBeNull();
    await fireEvent.click(screen.getByTestId('booking-save'));
    await waitFor(() => expect(onsaved).toHaveBeenCalledTimes(1));
    const create = calls.find((c) => c.cmd === 'create_appointment');
    expect(create?.args['draft']).toMatchObject({ patientId: 'p1', calendarId: 'c1', startsAt: '2026-11-25T10:20', motifId: 'm1' });
  });
});
