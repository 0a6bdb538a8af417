import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Calendar, FreeSlot, Motif, SlotRequest } from '../../agenda';
import SlotFinder from './SlotFinder.svelte';

const CALENDARS: Calendar[] = [
  { id: 'c1', name: 'Dr Claire Martin', kind: 'praticien', colour: '#2a6f97', archived: false },
  { id: 'c2', name: 'Dr Karim Benali', kind: 'praticien', colour: '#b35900', archived: false },
];
const MOTIFS: Motif[] = [
  { id: 'm1', name: 'Consultation', durationMinutes: 20, colour: '#1a7f37', mayUseReserved: false, archived: false },
  { id: 'm2', name: 'Vaccin', durationMinutes: 10, colour: '#8250df', mayUseReserved: false, archived: false },
];
const SLOTS: FreeSlot[] = [
  { calendarId: 'c1', calendarName: 'Dr Claire Martin', startsAt: '2026-11-24T14:00', endsAt: '2026-11-24T14:20' },
  { calendarId: 'c2', calendarName: 'Dr Karim Benali', startsAt: '2026-11-26T15:40', endsAt: '2026-11-26T16:00' },
  { calendarId: 'c1', calendarName: 'Dr Claire Martin', startsAt: '2026-11-27T16:00', endsAt: '2026-11-27T16:20' },
];

const requests: SlotRequest[] = [];

afterEach(() => {
  cleanup();
  clearMocks();
  requests.length = 0;
});

describe('slot finder', () => {
  it('works from the keyboard alone: motif, Enter, ↓, Enter books the chosen slot', async () => {
    mockIPC((cmd, payload) => {
      if (cmd === 'next_free_slots') {
        requests.push((payload as { request: SlotRequest }).request);
        return SLOTS;
      }
      return null;
    });
    const onpick = vi.fn();
    render(SlotFinder, {
      props: { calendars: CALENDARS, motifs: MOTIFS, today: '2026-11-23', onclose: vi.fn(), onpick },
    });
    const motif = screen.getByTestId('slot-motif') as HTMLSelectElement;
    await waitFor(() => expect(document.activeElement).toBe(motif));

    // Enter without a motif says what is missing instead of searching.
    await fireEvent.keyDown(motif, { key: 'Enter' });
    expect(screen.getByTestId('slot-motif-error').textContent).toContain('Choisissez un motif');
    expect(requests).toHaveLength(0);

    await fireEvent.change(motif, { target: { value: 'm1' } });
    await fireEvent.click(screen.getByTestId('slot-afternoon'));
    await fireEvent.click(screen.getByTestId('slot-weekday-2'));
    await fireEvent.keyDown(motif, { key: 'Enter' });

    await waitFor(() => expect(screen.getAllByTestId('slot-result')).toHaveLength(3));
    expect(requests[0]).toMatchObject({
      motifId: 'm1',
      calendarIds: [],
      from: '2026-11-23',
      weekdays: [2],
      partOfDay: 'apres-midi',
    });
    const list = screen.getByTestId('slot-results');
    await waitFor(() => expect(document.activeElement).toBe(list));
    const [first] = screen.getAllByTestId('slot-result');
    expect(first?.getAttribute('aria-selected')).toBe('true');
    expect(first?.textContent).toContain('mardi');
    expect(first?.textContent).toContain('24/11/2026');
    expect(first?.textContent).toContain('14:00');
    expect(first?.textContent).toContain('Dr Claire Martin');

    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    await fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(screen.getAllByTestId('slot-result')[1]?.getAttribute('aria-selected')).toBe('true');
    await fireEvent.keyDown(list, { key: 'Enter' });
    expect(onpick).toHaveBeenCalledWith(SLOTS[1], 'm1');
  });

  it('says so when nothing is free', async () => {
    mockIPC((cmd) => (cmd === 'next_free_slots' ? [] : null));
    render(SlotFinder, {
      props: { calendars: CALENDARS, motifs: MOTIFS, today: '2026-11-23', initialMotifId: 'm2', onclose: vi.fn(), onpick: vi.fn() },
    });
    await fireEvent.click(screen.getByTestId('slot-search'));
    expect(await screen.findByTestId('slot-none')).toBeTruthy();
  });
});
