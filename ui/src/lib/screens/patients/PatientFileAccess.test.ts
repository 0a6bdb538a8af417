// The patient file's data-safety parts: who opened it, and the
// right-of-access copy.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../safety';
import { commandError, patientFile } from '../../../test/fixtures';
import PatientFileView from './PatientFileView.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const called = (cmd: string) => calls.filter((c) => c.cmd === cmd);

function opening(seq: number, at: string, userName: string | null): AuditEntry {
  return {
    seq,
    at,
    userName,
    action: 'open',
    objectKind: 'patient',
    objectId: 'p-1',
    patientId: 'p-1',
    patientLabel: 'DUBOIS Martine',
    detail: null,
    description: 'Ouverture du dossier patient',
  };
}

function shell(rights: () => string[] | null = () => null) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'get_patient':
        return patientFile('p-1', 'DUBOIS Martine');
      case 'patient_history':
        return [];
      case 'patient_appointments':
        return { past: [], pastCount: 0, future: [], unexcusedAbsences: 0 };
      case 'list_calendars':
        return [];
      case 'patient_openings':
        return [opening(40, '2026-11-24T08:15:00Z', 'Secrétariat'), opening(12, '2026-11-23T13:05:00Z', 'Dr Martin')];
      case 'export_patient_rights':
        return rights();
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

describe('patient file: who opened it', () => {
  it('lists the openings (date, time, profile) once unfolded', async () => {
    shell();
    render(PatientFileView, { id: 'p-1', timeZone: 'Europe/Paris' });
    const toggle = await screen.findByTestId('patient-openings-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryAllByTestId('patient-opening')).toHaveLength(0);
    expect(called('patient_openings')).toHaveLength(0);

    await fireEvent.click(toggle);
    const rows = await screen.findAllByTestId('patient-opening');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(called('patient_openings')[0]?.args).toEqual({ patientId: 'p-1' });
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()))).toEqual([
      ['24/11/2026 09:15', 'Secrétariat'],
      ['23/11/2026 14:05', 'Dr Martin'],
    ]);

    await fireEvent.click(toggle);
    expect(screen.queryAllByTestId('patient-opening')).toHaveLength(0);
  });
});

describe('patient file: right of access', () => {
  it('writes the copy and names the two files and their folder', async () => {
    shell(() => ['/home/s/Documents/DUBOIS Martine.html', '/home/s/Documents/DUBOIS Martine.json']);
    render(PatientFileView, { id: 'p-1', timeZone: 'Europe/Paris' });
    await fireEvent.click(await screen.findByTestId('patient-rights-export'));
    const done = await screen.findByTestId('patient-rights-done');
    expect(called('export_patient_rights')[0]?.args).toEqual({ patientId: 'p-1' });
    expect(done.textContent).toBe(
      'Copie enregistrée dans /home/s/Documents : DUBOIS Martine.html, DUBOIS Martine.json.',
    );
  });

  it('says nothing when she cancels the folder chooser', async () => {
    shell(() => null);
    render(PatientFileView, { id: 'p-1', timeZone: 'Europe/Paris' });
    await fireEvent.click(await screen.findByTestId('patient-rights-export'));
    await waitFor(() => expect(called('export_patient_rights')).toHaveLength(1));
    await waitFor(() =>
      expect((screen.getByTestId('patient-rights-export') as HTMLButtonElement).disabled).toBe(false),
    );
    expect(screen.queryByTestId('patient-rights-done')).toBeNull();
    expect(screen.queryByTestId('patient-rights-error')).toBeNull();
  });

  it('shows the shell’s French message when the copy fails', async () => {
    shell(() => {
      throw commandError('alreadyExists', 'Le fichier « DUBOIS Martine.html » existe déjà dans ce dossier.');
    });
    render(PatientFileView, { id: 'p-1', timeZone: 'Europe/Paris' });
    await fireEvent.click(await screen.findByTestId('patient-rights-export'));
    const error = await screen.findByTestId('patient-rights-error');
    expect(error.textContent).toContain('existe déjà');
    expect(screen.queryByTestId('patient-rights-done')).toBeNull();
  });
});
