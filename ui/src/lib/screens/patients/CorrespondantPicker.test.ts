import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Correspondant, CorrespondantDraft, PatientDraft } from '../../api';
import { session } from '../../session.svelte';
import { patientFile } from '../../../test/fixtures';
import Patients from '../Patients.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

function doctor(id: string, name: string, specialty: string | null, phone: string | null = null): Correspondant {
  return { id, kind: 'medecin', name, specialty, address: null, phone, email: null, rpps: null, salutation: null, archived: false };
}

const ROUX = doctor('c-roux', 'Dr Anne Roux', 'Médecine générale', '01 23 45 67 89');
const LEBRUN = doctor('c-lebrun', 'Dr Étienne Lebrun', 'Cardiologie', '04 77 11 11 11');
const DIRECTORY = [ROUX, LEBRUN];

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function shell() {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_correspondants': {
        const words = fold(String(args['query'])).split(/\s+/).filter(Boolean);
        return DIRECTORY.filter((c) => words.every((w) => fold(`${c.name} ${c.specialty ?? ''}`).includes(w)));
      }
      case 'save_correspondant':
        return 'c-new';
      case 'duplicate_candidates':
        return [];
      case 'create_patient':
        return { id: 'p-new', warnings: [] };
      case 'update_patient':
        return [];
      case 'get_patient':
        return patientFile(String(args['id']), 'MARTIN Lucie', { gpId: LEBRUN.id, referrerId: ROUX.id }, {
          gp: LEBRUN,
          referrer: ROUX,
        });
      case 'patient_history':
        return [];
      case 'session_state':
        return { state: 'none' };
      default:
        return null;
    }
  });
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const sentDraft = (cmd: string) => calls.find((c) => c.cmd === cmd)?.args['draft'] as PatientDraft;

async function typeIdentity() {
  await fireEvent.input(field('pf-birth-name'), { target: { value: 'Martin' } });
  await fireEvent.input(field('pf-first-names'), { target: { value: 'Lucie' } });
  await fireEvent.input(field('pf-birth-date'), { target: { value: '09/09/1980' } });
  await fireEvent.click(field('pf-sex-F'));
}

/** Types into a picker and picks the option that contains `name`. */
async function pick(testid: string, typed: string, name: string) {
  await fireEvent.input(field(testid), { target: { value: typed } });
  const option = await waitFor(() => {
    const found = screen.getAllByTestId(`${testid}-option`).find((o) => o.textContent?.includes(name));
    if (!found) throw new Error(`no option ${name}`);
    return found;
  });
  await fireEvent.mouseDown(option);
}

beforeEach(() => {
  calls.length = 0;
  session.resetPatients();
  session.section = 'patients';
  session.patientView = { kind: 'create', prefill: null };
  shell();
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.resetPatients();
});

describe('médecin traitant and adresseur pickers', () => {
  it('picking a médecin traitant sends its id in the new file', async () => {
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity();
    await pick('pf-gp', 'rou', 'Dr Anne Roux');

    expect(calls.find((c) => c.cmd === 'list_correspondants')?.args).toEqual({ query: 'rou' });
    expect(field('pf-gp').value).toBe('Dr Anne Roux — Médecine générale');
    expect(screen.getByText('Tél. 01 23 45 67 89')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('pf-save'));
    await screen.findByTestId('patient-file');
    expect(sentDraft('create_patient')).toMatchObject({ gpId: 'c-roux', referrerId: null });
  });

  it('changes and empties the links of an existing file', async () => {
    session.patientView = { kind: 'edit', id: 'p1' };
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await waitFor(() => expect(field('pf-gp').value).toBe('Dr Étienne Lebrun — Cardiologie'));
    expect(field('pf-referrer').value).toBe('Dr Anne Roux — Médecine générale');

    await pick('pf-gp', 'anne', 'Dr Anne Roux');
    await fireEvent.click(screen.getByTestId('pf-referrer-clear'));
    expect(field('pf-referrer').value).toBe('');

    await fireEvent.keyDown(field('pf-gp'), { key: 'Enter', ctrlKey: true });
    await screen.findByTestId('patient-file');
    const update = calls.find((c) => c.cmd === 'update_patient');
    expect(update?.args['id']).toBe('p1');
    expect(sentDraft('update_patient')).toMatchObject({ gpId: 'c-roux', referrerId: null });
  });

  it('picks with the keyboard: ↓ opens the directory, Enter picks, never saves', async () => {
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.keyDown(field('pf-gp'), { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getAllByTestId('pf-gp-option')).toHaveLength(2));
    await fireEvent.keyDown(field('pf-gp'), { key: 'ArrowDown' });
    await fireEvent.keyDown(field('pf-gp'), { key: 'Enter' });
    expect(field('pf-gp').value).toBe('Dr Étienne Lebrun — Cardiologie');
    expect(calls.some((c) => c.cmd === 'create_patient')).toBe(false);
  });

  it('refuses a name typed but not picked, next to the field', async () => {
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity();
    await fireEvent.input(field('pf-gp'), { target: { value: 'Dr Inconnu' } });
    await fireEvent.click(screen.getByTestId('pf-save'));
    const error = await screen.findByTestId('error-gpId');
    expect(error.textContent).toContain('Choisissez le médecin traitant dans la liste');
    expect(field('pf-gp').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.cmd === 'create_patient')).toBe(false);
  });

  it('adds a médecin to the directory from the form and picks it', async () => {
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity();
    await fireEvent.input(field('pf-gp'), { target: { value: 'Dr Paul Neuf' } });
    await fireEvent.click(screen.getByTestId('pf-gp-add'));
    // What she typed becomes the name.
    expect(field('pf-gp-new-name').value).toBe('Dr Paul Neuf');
    await fireEvent.input(field('pf-gp-new-specialty'), { target: { value: 'Pédiatrie' } });
    await fireEvent.input(field('pf-gp-new-phone'), { target: { value: '01 23 45 67 00' } });
    await fireEvent.keyDown(field('pf-gp-new-phone'), { key: 'Enter' });

    await waitFor(() => expect(field('pf-gp').value).toBe('Dr Paul Neuf — Pédiatrie'));
    const saved = calls.find((c) => c.cmd === 'save_correspondant');
    expect(saved?.args['id']).toBeNull();
    expect(saved?.args['draft']).toEqual({
      kind: 'medecin',
      name: 'Dr Paul Neuf',
      specialty: 'Pédiatrie',
      address: null,
      phone: '01 23 45 67 00',
      email: null,
      rpps: null, salutation: null,
    } satisfies CorrespondantDraft);
    expect(screen.queryByTestId('pf-gp-add-form')).toBeNull();
    expect(calls.some((c) => c.cmd === 'create_patient')).toBe(false);

    await fireEvent.click(screen.getByTestId('pf-save'));
    await screen.findByTestId('patient-file');
    expect(sentDraft('create_patient').gpId).toBe('c-new');
  });

  it('shows the médecin traitant with specialty and phone in the file', async () => {
    session.patientView = { kind: 'file', id: 'p1', warnings: [], notice: null };
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    const gp = await screen.findByTestId('patient-gp');
    expect(gp.textContent).toContain('Dr Étienne Lebrun — Cardiologie');
    expect(gp.textContent).toContain('Tél. 04 77 11 11 11');
    expect(screen.getByTestId('patient-referrer').textContent).toContain('Dr Anne Roux');
  });
});
