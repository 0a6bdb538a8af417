import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Calendar, Motif } from '../../agenda';
import { session } from '../../session.svelte';
import { commandError } from '../../../test/fixtures';
import CalendarsTab from './CalendarsTab.svelte';
import MotifsTab from './MotifsTab.svelte';

const ROUX: Calendar = { id: 'cal-roux', name: 'Dr Anne Roux', kind: 'praticien', colour: '#2a6f97', archived: false };
const SALLE: Calendar = { id: 'cal-salle', name: 'Salle de soins', kind: 'ressource', colour: '#3a7d44', archived: true };
const URGENCE: Motif = {
  id: 'm-urgence',
  name: 'Urgence',
  durationMinutes: 20,
  colour: '#3a7d44',
  mayUseReserved: true,
  archived: false,
};

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
let changed = 0;
const onchanged = async () => {
  changed++;
};

function shell(refuse: { field: string; message: string } | null = null) {
  mockIPC((cmd, payload) => {
    calls.push({ cmd, args: (payload ?? {}) as Record<string, unknown> });
    if (refuse && cmd.startsWith('save_')) throw commandError('invalidInput', refuse.message, refuse.field);
    return cmd.startsWith('save_') ? 'new-id' : null;
  });
}

afterEach(() => {
  cleanup();
  clearMocks();
  calls.length = 0;
  changed = 0;
  session.leaveGuard = null;
});

describe('agendas and motifs lists', () => {
  it('lists the archived agendas last and creates one from the form', async () => {
    shell();
    render(CalendarsTab, { props: { calendars: [SALLE, ROUX], onchanged } });
    expect(screen.getAllByTestId('calendar-row').map((r) => r.textContent)).toEqual([
      expect.stringContaining('Dr Anne Roux'),
      expect.stringContaining('Salle de soins'),
    ]);
    await fireEvent.click(screen.getByTestId('calendar-new'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('calendar-name')));
    await fireEvent.input(screen.getByTestId('calendar-name'), { target: { value: '  Dr Paul Martin ' } });
    await fireEvent.click(screen.getByTestId('calendar-save'));
    expect((await screen.findByTestId('calendar-notice')).textContent).toBe('Agenda « Dr Paul Martin » enregistré.');
    expect(calls).toEqual([
      { cmd: 'save_calendar', args: { id: null, draft: { name: 'Dr Paul Martin', kind: 'praticien', colour: '#1f6feb' } } },
    ]);
    expect(changed).toBe(1);
    expect(screen.queryByTestId('calendar-name')).toBeNull();
  });

  it('puts the shell’s refusal next to its field and keeps the form open', async () => {
    shell({ field: 'name', message: 'Un agenda porte déjà ce nom.' });
    render(CalendarsTab, { props: { calendars: [ROUX], onchanged } });
    await fireEvent.click(screen.getByTestId('calendar-edit'));
    await fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect((await screen.findByTestId('error-name')).textContent).toBe('Un agenda porte déjà ce nom.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('calendar-name')));
    expect(calls[0]?.args['id']).toBe('cal-roux');
    await fireEvent.input(screen.getByTestId('calendar-name'), { target: { value: 'Dr A. Roux' } });
    expect(screen.queryByTestId('error-name')).toBeNull();
  });

  it('refuses a duration that is not a number before asking the shell', async () => {
    shell();
    render(MotifsTab, { props: { motifs: [URGENCE], onchanged } });
    await fireEvent.click(screen.getByTestId('motif-edit'));
    await fireEvent.input(screen.getByTestId('motif-duration'), { target: { value: 'vingt' } });
    await fireEvent.click(screen.getByTestId('motif-save'));
    expect((await screen.findByTestId('error-durationMinutes')).textContent).toBe(
      'Tapez la durée en minutes, par exemple 20.',
    );
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('motif-duration')));
    expect(calls).toEqual([]);
  });

  it('archives and says so', async () => {
    shell();
    render(MotifsTab, { props: { motifs: [URGENCE], onchanged } });
    await fireEvent.click(screen.getByTestId('motif-archive'));
    expect((await screen.findByTestId('motif-notice')).textContent).toBe('Motif « Urgence » archivé.');
    expect(calls).toEqual([{ cmd: 'set_motif_archived', args: { id: 'm-urgence', archived: true } }]);
    expect(changed).toBe(1);
  });
});
