import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppointmentDetail, AppointmentStatus, Calendar } from '../../agenda';
import AppointmentPanel from './AppointmentPanel.svelte';

const MARTIN: Calendar = { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false };

/** An appointment as the core sends it to the panel: its status and the ones it may move to. */
function detail(status: AppointmentStatus, mayBecome: AppointmentStatus[]): AppointmentDetail {
  return {
    id: 'a-1',
    calendarId: MARTIN.id,
    startsAt: '2026-11-24T09:00',
    endsAt: '2026-11-24T09:20',
    motifId: null,
    motifName: 'Consultation',
    motifColour: null,
    patientId: 'p-1',
    who: 'DUBOIS Martine',
    birthDate: '12/03/1961',
    phone: '06 12 34 56 78',
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
    mayBecome,
  };
}

function shell(answer: AppointmentDetail) {
  mockIPC((cmd) => {
    switch (cmd) {
      case 'get_appointment':
        return answer;
      case 'appointment_history':
        return [];
      default:
        return null;
    }
  });
}

/** The status buttons the panel shows, by status. */
function offered(): string[] {
  return screen
    .queryAllByTestId(/^status-/)
    .map((button) => (button.getAttribute('data-testid') ?? '').replace('status-', ''))
    .sort();
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('appointment panel', () => {
  // The transitions themselves are the core's (`AppointmentStatus::may_become`,
  // tested there): the panel offers exactly the statuses it is sent.
  it('offers the status changes the core allows, and only those', async () => {
    shell(detail('arrive', ['planifie', 'en_consultation', 'termine', 'annule']));
    render(AppointmentPanel, {
      props: { appointmentId: 'a-1', calendars: [MARTIN], timeZone: 'Europe/Paris', onclose: () => {}, onchanged: () => {} },
    });
    await waitFor(() => expect(offered()).toEqual(['annule', 'en_consultation', 'planifie', 'termine']));
  });

  it('offers no cancellation when the core sends none (a finished appointment)', async () => {
    shell(detail('termine', ['en_consultation']));
    render(AppointmentPanel, {
      props: { appointmentId: 'a-1', calendars: [MARTIN], timeZone: 'Europe/Paris', onclose: () => {}, onchanged: () => {} },
    });
    await waitFor(() => expect(offered()).toEqual(['en_consultation']));
    expect(screen.queryByTestId('status-annule')).toBeNull();
  });
});
