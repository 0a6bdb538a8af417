import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorDay, Today } from '../agenda';
import { session } from '../session.svelte';
import { cabinet } from '../../test/fixtures';
import Dashboard from './Dashboard.svelte';

function doctor(name: string, extra: Partial<DoctorDay> = {}): DoctorDay {
  return {
    calendarId: `cal-${name}`,
    name,
    colour: '#1a7f37',
    booked: 0,
    seen: 0,
    toCome: 0,
    late: 0,
    inConsultation: null,
    waiting: [],
    next: null,
    nextFreeSlot: null,
    ...extra,
  };
}

function shell(today: Today) {
  mockIPC((cmd) => (cmd === 'today' ? today : null));
}

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('home = today', () => {
  it('shows each doctor’s day: counts, the late, who waits for how long, the next free slot', async () => {
    shell({
      date: '2026-12-08',
      dayLabel: 'mardi 08/12/2026',
      now: '2026-12-08T09:30',
      slotMotif: 'Consultation',
      doctors: [
        doctor('Dr Anne Roux', {
          booked: 6,
          seen: 1,
          toCome: 4,
          late: 1,
          inConsultation: 'DURAND Marie',
          waiting: [
            { appointmentId: 'a1', patientId: 'p1', who: 'LEFÈVRE Hélène', minutes: 42, urgent: false, walkIn: false },
            { appointmentId: 'a2', patientId: null, who: 'Sans rendez-vous', minutes: 1, urgent: true, walkIn: true },
          ],
          nextFreeSlot: { calendarId: 'cal-Dr Anne Roux', calendarName: 'Dr Anne Roux', startsAt: '2026-12-08T11:20', endsAt: '2026-12-08T11:40' },
        }),
        doctor('Dr Paul Mercier', {
          nextFreeSlot: { calendarId: 'cal-Dr Paul Mercier', calendarName: 'Dr Paul Mercier', startsAt: '2026-12-10T08:00', endsAt: '2026-12-10T08:20' },
        }),
      ],
    });
    render(Dashboard, { props: { cabinet, timeZoneLabel: 'France métropolitaine (Paris)' } });
    const [roux, mercier] = await screen.findAllByTestId('home-doctor');
    expect(screen.getByTestId('home-day').textContent).toBe('mardi 08/12/2026 · 09:30');
    const counts = within(roux!).getByTestId('home-counts').textContent ?? '';
    expect(counts.replace(/\s+/g, ' ')).toContain('6 rendez-vous 1 vu 4 à venir 1 en retard');
    expect(roux!.textContent).toContain('DURAND Marie');
    const waiting = within(roux!).getByTestId('home-waiting').textContent?.replace(/\s+/g, ' ') ?? '';
    expect(waiting).toContain('LEFÈVRE Hélène — depuis 42 min');
    expect(waiting).toContain('Sans rendez-vous — depuis 1 min urgent');
    expect(within(roux!).getByTestId('home-free-slot').textContent?.trim()).toBe('aujourd’hui à 11:20 (Consultation)');
    expect(within(mercier!).getByTestId('home-free-slot').textContent?.trim()).toBe('jeu. 10/12 à 08:00 (Consultation)');
    expect(mercier!.textContent).not.toContain('en retard');
    expect(within(mercier!).getByTestId('home-next').textContent?.trim()).toBe('plus aucun aujourd’hui');

    await fireEvent.click(within(roux!).getByRole('button', { name: 'Salle d’attente (2)' }));
    await waitFor(() => expect(session.section).toBe('waitingRoom'));
  });
});
