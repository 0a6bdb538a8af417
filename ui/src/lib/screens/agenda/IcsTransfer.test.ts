import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Calendar, IcsImportPreview } from '../../agenda';
import IcsTransfer from './IcsTransfer.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const MARTIN: Calendar = { id: 'cal-martin', name: 'Dr Claire Martin', kind: 'praticien', colour: '#1a7f37', archived: false };

const EVENT = {
  line: 8,
  startsAt: '2026-12-01T09:00',
  endsAt: '2026-12-01T09:30',
  title: 'M. Durand',
  warnings: [] as IcsImportPreview['events'][number]['warnings'],
};

function shell(preview: IcsImportPreview) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'agenda_now':
        return '2026-11-24T09:05';
      case 'list_calendars':
        return [MARTIN];
      case 'pick_ics_file':
        return '/home/s/agenda.ics';
      case 'preview_ics_import':
        return preview;
      case 'import_ics':
        return preview.events.length;
      case 'export_ics':
        return { path: '/home/s/export.ics', count: 3 };
      default:
        return null;
    }
  });
}

const importButton = () => screen.getByTestId('ics-import') as HTMLButtonElement;

beforeEach(() => {
  calls.length = 0;
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('ICS transfer', () => {
  it('keeps import disabled while the file has unreadable events, and says why', async () => {
    shell({
      events: [EVENT],
      skipped: [{ line: 20, title: 'Férié', reason: 'événement sur la journée entière' }],
      errors: [{ line: 31, title: 'Réunion', reason: 'date de début illisible' }],
    });
    render(IcsTransfer, { onclose: () => undefined });
    await waitFor(() => expect((screen.getByTestId('ics-pick') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('ics-pick'));

    const errors = await screen.findByTestId('ics-errors');
    expect(errors.textContent).toContain('Ligne 31 — « Réunion » : date de début illisible');
    expect(screen.getByTestId('ics-skipped').textContent).toContain('Ligne 20');
    expect(screen.getAllByTestId('ics-event')).toHaveLength(1);
    expect(importButton().disabled).toBe(true);
    expect(screen.getByTestId('ics-import-why').textContent).toContain('illisibles');
    expect(calls.find((c) => c.cmd === 'preview_ics_import')?.args).toEqual({
      path: '/home/s/agenda.ics',
      calendarId: 'cal-martin',
    });
  });

  it('asks to accept the conflicts before importing with them', async () => {
    shell({
      events: [{ ...EVENT, warnings: [{ kind: 'overlap', message: 'Chevauche M. Roux à 09:00.' }] }],
      skipped: [],
      errors: [],
    });
    render(IcsTransfer, { onclose: () => undefined });
    await waitFor(() => expect((screen.getByTestId('ics-pick') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId('ics-pick'));
    await screen.findByTestId('ics-preview');
    expect(importButton().disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('ics-accept-warnings'));
    expect(importButton().disabled).toBe(false);
    await fireEvent.click(importButton());
    expect((await screen.findByTestId('ics-import-done')).textContent).toContain('1 rendez-vous importé');
    expect(calls.find((c) => c.cmd === 'import_ics')?.args).toEqual({
      path: '/home/s/agenda.ics',
      calendarId: 'cal-martin',
      acceptWarnings: true,
    });
  });

  it('exports without names unless she ticks the box', async () => {
    shell({ events: [], skipped: [], errors: [] });
    render(IcsTransfer, { onclose: () => undefined });
    const withNames = screen.getByTestId('ics-export-with-names') as HTMLInputElement;
    expect(withNames.checked).toBe(false);
    await waitFor(() => expect((screen.getByTestId('ics-export-from') as HTMLInputElement).value).toBe('24/11/2026'));
    await fireEvent.click(screen.getByTestId('ics-export'));
    expect((await screen.findByTestId('ics-export-done')).textContent).toContain('3 rendez-vous écrits');
    expect(calls.find((c) => c.cmd === 'export_ics')?.args).toEqual({
      request: { calendarIds: [], from: '24/11/2026', to: '22/12/2026', withNames: false },
    });
  });
});
