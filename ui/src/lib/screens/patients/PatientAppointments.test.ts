import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppointmentStatus, AppointmentView, PatientAppointments as Appointments } from '../../agenda';
import PatientAppointments from './PatientAppointments.svelte';

function appointment(i: number, status: AppointmentStatus, startsAt: string): AppointmentView {
  return {
    id: `a-${i}`,
    calendarId: 'cal-martin',
    startsAt,
    endsAt: startsAt,
    motifId: null,
    motifName: 'Consultation',
    motifColour: null,
    patientId: 'p-1',
    who: 'DUBOIS Martine',
    birthDate: '03/03/1962',
    phone: null,
    status,
    cancelledBy: null,
    cancelledAt: null,
    walkIn: false,
    urgent: false,
    note: '',
    arrivedAt: null,
    calledAt: null,
    doneAt: null,
    seriesId: null,
  };
}

/** Answers as the core does: the latest `pastShown` past ones when asked, all without. */
function shell(data: Appointments, asked: (number | null)[] = []) {
  mockIPC((cmd, payload) => {
    if (cmd === 'patient_appointments') {
      const shown = (payload as { pastShown: number | null }).pastShown;
      asked.push(shown);
      return shown === null ? data : { ...data, past: data.past.slice(0, shown) };
    }
    if (cmd === 'list_calendars')
      return [{ id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false }];
    return null;
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('appointments in the patient file', () => {
  it('highlights the missed appointments and shows the last ten past ones, then all', async () => {
    const past = Array.from({ length: 12 }, (_, i) =>
      appointment(i, i < 2 ? 'absent_non_excuse' : 'termine', `2026-0${(i % 9) + 1}-10T09:00`),
    );
    const asked: (number | null)[] = [];
    shell({ past, pastCount: 12, future: [appointment(99, 'confirme', '2026-12-01T10:30')], unexcusedAbsences: 2 }, asked);
    render(PatientAppointments, { patientId: 'p-1' });

    const count = await screen.findByTestId('unexcused-count');
    expect(count.textContent).toContain('2 rendez-vous manqués sans prévenir');
    expect(count.classList.contains('alert')).toBe(true);
    const future = screen.getAllByTestId('patient-appointment');
    expect(future).toHaveLength(1);
    expect(future[0]?.textContent).toContain('01/12/2026');
    expect(future[0]?.textContent).toContain('10:30');
    expect(future[0]?.textContent).toContain('Dr Claire Martin');
    expect(future[0]?.textContent).toContain('confirmé');

    // The file opens reading the last ten only; the toggle counts them all.
    expect(asked).toEqual([10]);
    const toggle = screen.getByTestId('patient-past-toggle');
    expect(toggle.textContent).toContain('12');
    await fireEvent.click(toggle);
    expect(screen.getAllByTestId('patient-appointment')).toHaveLength(1 + 10);
    const all = screen.getByTestId('patient-past-all');
    expect(all.textContent).toContain('12');
    await fireEvent.click(all);
    await waitFor(() => expect(screen.getAllByTestId('patient-appointment')).toHaveLength(1 + 12));
    expect(asked).toEqual([10, null]);
    expect(screen.queryByTestId('patient-past-all')).toBeNull();
  });

  it('says plainly when no appointment was missed', async () => {
    shell({ past: [], pastCount: 0, future: [], unexcusedAbsences: 0 });
    render(PatientAppointments, { patientId: 'p-1' });
    const count = await screen.findByTestId('unexcused-count');
    expect(count.textContent?.trim()).toBe('Aucun rendez-vous manqué sans prévenir.');
    expect(count.classList.contains('alert')).toBe(false);
  });
});
