import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppointmentView, Calendar, FlowBoard } from '../../agenda';
import WaitingRoom from './WaitingRoom.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const MARTIN: Calendar = { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false };

function appointment(id: string, who: string, extra: Partial<AppointmentView> = {}): AppointmentView {
  return {
    id,
    calendarId: MARTIN.id,
    startsAt: '2026-11-24T09:00',
    endsAt: '2026-11-24T09:20',
    motifId: 'm-consult',
    motifName: 'Consultation',
    motifColour: '#0b57d0',
    patientId: null,
    who,
    birthDate: null,
    phone: null,
    status: 'planifie',
    cancelledBy: null,
    cancelledAt: null,
    walkIn: false,
    urgent: false,
    note: '',
    arrivedAt: null,
    calledAt: null,
    doneAt: null,
    seriesId: null,
    ...extra,
  };
}

function shell(board: Omit<FlowBoard, 'date'>) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'agenda_now':
        return '2026-11-24T09:05';
      case 'list_calendars':
        return [MARTIN];
      case 'list_motifs':
        return [];
      case 'flow_board':
        return { date: '2026-11-24', ...board };
      case 'never_came':
        return [];
      case 'set_appointment_status':
        return [];
      default:
        return null;
    }
  });
}

const statusCalls = () =>
  calls.filter((c) => c.cmd === 'set_appointment_status').map((c) => c.args);

const empty = { expected: [], waiting: [], inConsultation: [], done: [], other: [] };

beforeEach(() => {
  calls.length = 0;
});

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe('waiting room flow board', () => {
  it('marks the selected expected appointment as arrived when A is pressed', async () => {
    shell({
      ...empty,
      expected: [appointment('a-1', 'DUBOIS Martine'), appointment('a-2', 'LEFÈVRE Jean', { status: 'confirme' })],
    });
    render(WaitingRoom);
    const column = await screen.findByTestId('flow-column-expected');
    const cards = await within(column).findAllByTestId('flow-card');
    expect(cards.map((c) => c.dataset['id'])).toEqual(['a-1', 'a-2']);

    // ↓ selects the first card, ↓ again the second; A marks that one.
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    await fireEvent.keyDown(window, { key: 'ArrowDown' });
    await fireEvent.keyDown(window, { key: 'a' });

    await waitFor(() =>
      expect(statusCalls()).toEqual([{ id: 'a-2', status: 'arrive', cancelledBy: null, acceptWarnings: false }]),
    );
    expect((await screen.findByTestId('flow-notice')).textContent).toContain('LEFÈVRE Jean est en salle d’attente');
  });

  it('undoes an arrival back to « confirmé » with Ctrl+Z, one allowed step at a time', async () => {
    shell({ ...empty, expected: [appointment('a-2', 'LEFÈVRE Jean', { status: 'confirme' })] });
    render(WaitingRoom);
    const card = await screen.findByTestId('flow-card');
    await fireEvent.click(within(card).getByTestId('flow-arrive'));
    const undo = await screen.findByTestId('flow-undo');
    await waitFor(() => expect((undo as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() =>
      expect(statusCalls().map((c) => c['status'])).toEqual(['arrive', 'planifie', 'confirme']),
    );
  });

  it('shows the arrival time and the live waiting time of the waiting room', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-11-24T08:17:30Z'));
    shell({
      ...empty,
      waiting: [
        appointment('w-1', 'NGUYEN Sophie', {
          status: 'arrive',
          urgent: true,
          arrivedAt: '2026-11-24T08:05:00Z',
        }),
      ],
    });
    render(WaitingRoom);
    const column = await screen.findByTestId('flow-column-waiting');
    const waited = await within(column).findByTestId('flow-waited');
    // 08:05 UTC is 09:05 in Paris; 12 whole minutes have passed.
    expect(waited.textContent).toContain('arrivée à 09:05');
    expect(waited.textContent).toContain('attend depuis 12 min');
    expect(within(column).getByTestId('flow-urgent')).toBeTruthy();

    // Refreshed every 30 seconds.
    vi.setSystemTime(new Date('2026-11-24T08:18:05Z'));
    await vi.advanceTimersByTimeAsync(30_000);
    await waitFor(() => expect(within(column).getByTestId('flow-waited').textContent).toContain('attend depuis 13 min'));
  });

  it('shows who comes next for each doctor and calls them in', async () => {
    shell({
      ...empty,
      waiting: [
        appointment('w-urgent', 'ROUX Émilie', { status: 'arrive', urgent: true, arrivedAt: new Date().toISOString() }),
        appointment('w-2', 'GARNIER Louis', { status: 'arrive', arrivedAt: new Date().toISOString() }),
      ],
    });
    render(WaitingRoom);
    await screen.findAllByTestId('flow-card');
    await fireEvent.click(screen.getByTestId('doctor-view'));
    const next = await screen.findByTestId('next-patient');
    expect(next.textContent).toContain('ROUX Émilie');
    await fireEvent.click(screen.getByTestId('doctor-call-in'));
    await waitFor(() =>
      expect(statusCalls()).toEqual([{ id: 'w-urgent', status: 'en_consultation', cancelledBy: null, acceptWarnings: false }]),
    );
  });
});
