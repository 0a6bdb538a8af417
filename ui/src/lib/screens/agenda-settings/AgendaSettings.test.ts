import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView, Calendar, Motif, WeeklyTemplate } from '../../agenda';
import { session } from '../../session.svelte';
import { commandError } from '../../../test/fixtures';
import AgendaSettings from './AgendaSettings.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const ROUX: Calendar = { id: 'cal-roux', name: 'Dr Anne Roux', kind: 'praticien', colour: '#2a6f97', archived: false };
const CONSULTATION: Motif = {
  id: 'm-consult',
  name: 'Consultation',
  durationMinutes: 20,
  colour: '#3a7d44',
  mayUseReserved: false,
  archived: false,
};
const URGENCE: Motif = { ...CONSULTATION, id: 'm-urgence', name: 'Urgence', mayUseReserved: true };
const TEMPLATE: WeeklyTemplate = {
  id: 'tpl-1',
  calendarId: 'cal-roux',
  validFrom: '2000-01-01',
  plages: [{ weekday: 1, starts: '08:30', ends: '12:00', motifIds: [] }],
};

function appointment(id: string, startsAt: string, who: string, phone: string | null): AppointmentView {
  return {
    id,
    calendarId: 'cal-roux',
    startsAt,
    endsAt: startsAt.replace(/:\d0$/, ':50'),
    motifId: 'm-consult',
    motifName: 'Consultation',
    motifColour: '#3a7d44',
    patientId: `p-${id}`,
    who,
    birthDate: '03/03/1962',
    phone,
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
  };
}

interface Options {
  /** What save_template refuses with. */
  refuseTemplate?: { field: string; message: string } | null;
  affected?: AppointmentView[];
}

function shell({ refuseTemplate = null, affected = [] }: Options = {}) {
  let templates = [TEMPLATE];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'agenda_now':
        return '2026-11-24T09:05';
      case 'list_calendars':
        return [ROUX];
      case 'list_motifs':
        return [CONSULTATION, URGENCE];
      case 'agenda_templates':
        return templates;
      case 'save_template':
        if (refuseTemplate) throw commandError('invalidInput', refuseTemplate.message, refuseTemplate.field);
        templates = [
          ...templates,
          { id: 'tpl-2', calendarId: 'cal-roux', validFrom: args['validFrom'] as string, plages: args['plages'] as WeeklyTemplate['plages'] },
        ];
        return 'tpl-2';
      case 'list_exceptions':
        return [];
      case 'add_exception':
        return { id: 'exc-1', affected };
      default:
        return null;
    }
  });
}

const sent = (cmd: string) => calls.filter((c) => c.cmd === cmd);
const day = (weekday: number) => screen.getAllByTestId('plage-row').find((r) => r.dataset['weekday'] === String(weekday))!;

async function openTab(tab: 'template' | 'absences') {
  render(AgendaSettings);
  await fireEvent.click(await screen.findByTestId(`settings-tab-${tab}`));
}

beforeEach(() => {
  calls.length = 0;
  session.section = 'agendaSettings';
  session.leaveGuard = null;
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.leaveGuard = null;
});

describe('plages d’ouverture', () => {
  it('sends every plage with its weekday, times and reserved motifs, from the date typed', async () => {
    shell();
    await openTab('template');
    await waitFor(() => expect((within(day(1)).getByTestId('plage-start') as HTMLInputElement).value).toBe('08:30'));
    expect(within(day(2)).queryByTestId('plage-start')).toBeNull();

    // Monday's morning is kept for urgences; Tuesday gets a morning, then an afternoon.
    const monday = within(day(1));
    await fireEvent.click(within(monday.getByTestId('plage-motifs')).getByLabelText('Urgence'));
    expect(monday.getByTestId('plage-motifs').textContent).toContain('Urgence');
    await fireEvent.click(screen.getByTestId('plage-add-2'));
    await fireEvent.click(screen.getByTestId('plage-add-2'));
    const tuesdayEnds = within(day(2)).getAllByTestId('plage-end') as HTMLInputElement[];
    await fireEvent.input(tuesdayEnds[0]!, { target: { value: '12h30' } });
    await fireEvent.input(screen.getByTestId('template-valid-from'), { target: { value: '05/01/2027' } });
    await fireEvent.click(screen.getByTestId('template-save'));

    const saved = await screen.findByTestId('template-saved');
    expect(saved.textContent).toContain('05/01/2027');
    expect(sent('save_template')[0]?.args).toEqual({
      calendarId: 'cal-roux',
      validFrom: '2027-01-05',
      plages: [
        { weekday: 1, starts: '08:30', ends: '12:00', motifIds: ['m-urgence'] },
        { weekday: 2, starts: '08:30', ends: '12h30', motifIds: [] },
        { weekday: 2, starts: '14:00', ends: '18:30', motifIds: [] },
      ],
    });
    // The new version is listed, and the editor stays on it.
    const versions = screen.getAllByTestId('template-version');
    expect(versions.map((v) => v.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
    expect(versions[1]?.textContent).toContain('À venir');
  });

  it('shows the core’s French message and marks the overlapping plages', async () => {
    const message = 'Deux plages du lundi se chevauchent (08:30–12:00 et 11:00–13:00) : découpez-les sans recouvrement.';
    shell({ refuseTemplate: { field: 'starts', message } });
    await openTab('template');
    await waitFor(() => expect(within(day(1)).getAllByTestId('plage-start')).toHaveLength(1));
    await fireEvent.click(screen.getByTestId('plage-add-1'));
    const starts = within(day(1)).getAllByTestId('plage-start') as HTMLInputElement[];
    const ends = within(day(1)).getAllByTestId('plage-end') as HTMLInputElement[];
    await fireEvent.input(starts[1]!, { target: { value: '11:00' } });
    await fireEvent.input(ends[1]!, { target: { value: '13:00' } });
    await fireEvent.click(screen.getByTestId('template-save'));

    const error = await screen.findByTestId('template-error');
    expect(error.textContent).toBe(message);
    expect(starts.map((s) => s.getAttribute('aria-invalid'))).toEqual(['true', 'true']);
    expect(starts[0]?.getAttribute('aria-describedby')).toBe('template-error');
    expect(screen.queryByTestId('template-saved')).toBeNull();

    // Fixing the overlap clears the marks as she types.
    await fireEvent.input(starts[1]!, { target: { value: '12:00' } });
    expect(starts.map((s) => s.getAttribute('aria-invalid'))).toEqual([null, null]);
  });

  it('removes a plage and refuses an impossible date before asking the core', async () => {
    shell();
    await openTab('template');
    await waitFor(() => expect(within(day(1)).getAllByTestId('plage-remove')).toHaveLength(1));
    await fireEvent.click(within(day(1)).getByTestId('plage-remove'));
    expect(within(day(1)).queryByTestId('plage-start')).toBeNull();
    await fireEvent.input(screen.getByTestId('template-valid-from'), { target: { value: '31/02/2027' } });
    await fireEvent.click(screen.getByTestId('template-save'));
    expect((await screen.findByTestId('template-valid-from-error')).textContent).toContain('jj/mm/aaaa');
    expect(sent('save_template')).toHaveLength(0);
  });
});

describe('absences', () => {
  it('sends whole days (midnight to the midnight after the last day) and lists the appointments to reschedule', async () => {
    shell({
      affected: [
        appointment('a2', '2026-12-24T10:30', 'DURAND Marc', null),
        appointment('a1', '2026-12-24T09:10', 'MARTIN Julie', '06 12 34 56 78'),
      ],
    });
    await openTab('absences');
    const from = (await screen.findByTestId('absence-from')) as HTMLInputElement;
    expect(from.value).toBe('24/11/2026');
    await fireEvent.change(screen.getByTestId('absence-calendar'), { target: { value: 'cal-roux' } });
    await fireEvent.change(screen.getByTestId('absence-kind'), { target: { value: 'conges' } });
    await fireEvent.input(from, { target: { value: '24/12/2026' } });
    await fireEvent.change(from);
    expect((screen.getByTestId('absence-to') as HTMLInputElement).value).toBe('24/12/2026');
    await fireEvent.input(screen.getByTestId('absence-to'), { target: { value: '26/12/2026' } });
    await fireEvent.input(screen.getByTestId('absence-label'), { target: { value: ' Noël ' } });
    await fireEvent.click(screen.getByTestId('absence-save'));

    const panel = await screen.findByTestId('absence-affected');
    expect(sent('add_exception')[0]?.args).toEqual({
      draft: {
        calendarId: 'cal-roux',
        kind: 'conges',
        startsAt: '2026-12-24T00:00',
        endsAt: '2026-12-27T00:00',
        label: 'Noël',
      },
    });
    expect(panel.textContent).toContain('À reporter : 2 rendez-vous');
    expect(panel.textContent).toContain('rien n’a été annulé');
    const rows = within(panel).getAllByTestId('absence-affected-row');
    // In time order, with the phone to call (or that there is none).
    expect(rows[0]?.textContent).toContain('09:10');
    expect(rows[0]?.textContent).toContain('MARTIN Julie');
    expect(rows[0]?.textContent).toContain('06 12 34 56 78');
    expect(rows[1]?.textContent).toContain('DURAND Marc');
    expect(rows[1]?.textContent).toContain('pas de téléphone');
  });

  it('says so when no appointment was booked in the absence', async () => {
    shell();
    await openTab('absences');
    await screen.findByTestId('absence-from');
    await fireEvent.click(screen.getByTestId('absence-save'));
    const panel = await screen.findByTestId('absence-affected');
    expect(panel.textContent).toContain('Aucun rendez-vous déjà pris');
    expect(sent('add_exception')[0]?.args['draft']).toMatchObject({
      calendarId: null,
      kind: 'absence',
      startsAt: '2026-11-24T00:00',
      endsAt: '2026-11-25T00:00',
    });
  });
});
