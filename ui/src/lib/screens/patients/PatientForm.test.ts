import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuplicateCandidate, PatientDraft } from '../../api';
import { session } from '../../session.svelte';
import { commandError, hit, patientFile } from '../../../test/fixtures';
import Patients from '../Patients.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const EXISTING: DuplicateCandidate = {
  patient: hit('old', 'LEFÈVRE Hélène', { matched: 'other' }),
  reasons: ['même date de naissance', 'nom qui se prononce pareil', 'même premier prénom'],
  likely: true,
};

interface Options {
  /** What create_patient does when not confirmed. */
  refuse?: 'likelyDuplicate' | { field: string; message: string } | null;
}

function shell({ refuse = null }: Options = {}) {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'duplicate_candidates': {
        const draft = args['draft'] as PatientDraft;
        return draft.birthDate === '03/03/1962' && /^lef/i.test(draft.birthName) ? [EXISTING] : [];
      }
      case 'create_patient': {
        if (refuse === 'likelyDuplicate' && !args['confirmedNotDuplicate']) {
          throw commandError(
            'likelyDuplicate',
            'Ce patient existe peut-être déjà (1 dossier(s) proche(s)). Vérifiez ; si c’est une autre personne, confirmez.',
          );
        }
        if (refuse && refuse !== 'likelyDuplicate') {
          throw commandError('invalidInput', refuse.message, refuse.field);
        }
        return { id: 'new', warnings: ['Le NIR indique un homme, la fiche une femme : vérifiez.'] };
      }
      case 'get_patient':
        return patientFile(String(args['id']), 'LEFEBVRE Hélène');
      case 'patient_history':
        return [];
      case 'search_patients':
        return { hits: [], total: 0, totalIsExact: true };
      case 'session_state':
        return { state: 'none' };
      default:
        return null;
    }
  });
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;

async function typeIdentity(name = 'Lefebvre') {
  await fireEvent.input(field('pf-birth-name'), { target: { value: name } });
  await fireEvent.input(field('pf-first-names'), { target: { value: 'Hélène' } });
  await fireEvent.input(field('pf-birth-date'), { target: { value: '03/03/1962' } });
  await fireEvent.click(field('pf-sex-F'));
}

beforeEach(() => {
  calls.length = 0;
  session.resetPatients();
  session.section = 'patients';
  session.patientView = { kind: 'create', prefill: null };
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.resetPatients();
});

describe('patient form: duplicates', () => {
  it('shows possible duplicates once the identity is complete, and can open one instead', async () => {
    shell();
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    expect(screen.queryByTestId('duplicate-panel')).toBeNull();
    await typeIdentity();
    const panel = await screen.findByTestId('duplicate-panel');
    expect(panel.textContent).toContain('Ce patient existe peut-être déjà');
    const candidate = screen.getByTestId('duplicate-candidate');
    expect(candidate.textContent).toContain('LEFÈVRE Hélène');
    expect(candidate.textContent).toContain('nom qui se prononce pareil');
    expect(screen.queryByTestId('confirm-not-duplicate')).toBeNull();

    await fireEvent.click(screen.getByTestId('duplicate-open'));
    await screen.findByTestId('patient-file');
    expect(calls.find((c) => c.cmd === 'get_patient')?.args).toEqual({ id: 'old' });
  });

  it('needs an explicit « autre personne » when the shell refuses a likely duplicate', async () => {
    shell({ refuse: 'likelyDuplicate' });
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity();
    await screen.findByTestId('duplicate-candidate');

    await fireEvent.click(screen.getByTestId('pf-save'));
    const confirm = await screen.findByTestId('confirm-not-duplicate');
    expect(confirm.textContent).toContain('C’est une autre personne : créer quand même');
    expect(screen.getByTestId('duplicate-panel').textContent).toContain('qu’il s’agit d’une autre personne');
    const creates = () => calls.filter((c) => c.cmd === 'create_patient');
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.args['confirmedNotDuplicate']).toBe(false);

    await fireEvent.click(confirm);
    await screen.findByTestId('patient-file');
    expect(creates()).toHaveLength(2);
    expect(creates()[1]?.args['confirmedNotDuplicate']).toBe(true);
    const sent = creates()[1]?.args['draft'] as PatientDraft;
    expect(sent).toMatchObject({ birthName: 'Lefebvre', birthFirstNames: 'Hélène', sex: 'F', usedName: null });
    expect(sent.phones).toEqual([]);
    expect((await screen.findByTestId('patient-warnings')).textContent).toContain('Le NIR indique un homme');
  });

  it('forgets the confirmation when the identity changes', async () => {
    shell({ refuse: 'likelyDuplicate' });
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity();
    await fireEvent.click(screen.getByTestId('pf-save'));
    await screen.findByTestId('confirm-not-duplicate');
    await fireEvent.input(field('pf-birth-date'), { target: { value: '04/03/1962' } });
    await waitFor(() => expect(screen.queryByTestId('confirm-not-duplicate')).toBeNull());
  });
});

describe('patient form: fields and keys', () => {
  it('puts a refused field next to that field and focuses it', async () => {
    shell({ refuse: { field: 'birthDate', message: 'La date 31/02/1962 n’existe pas : vérifiez le jour et le mois.' } });
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity('Martin');
    await fireEvent.input(field('pf-birth-date'), { target: { value: '31/02/1962' } });
    await fireEvent.click(screen.getByTestId('pf-save'));
    const error = await screen.findByTestId('error-birthDate');
    expect(error.textContent).toContain('n’existe pas');
    expect(field('pf-birth-date').getAttribute('aria-invalid')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(field('pf-birth-date')));
    await fireEvent.input(field('pf-birth-date'), { target: { value: '28/02/1962' } });
    expect(screen.queryByTestId('error-birthDate')).toBeNull();
  });

  it('never saves on Enter in a phone number; Ctrl+Enter saves', async () => {
    shell();
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await typeIdentity('Martin');
    await fireEvent.click(screen.getByTestId('pf-add-phone'));
    const numbers = screen.getAllByTestId('pf-phone-number') as HTMLInputElement[];
    expect(numbers).toHaveLength(2);
    await fireEvent.input(numbers[0]!, { target: { value: '0612345678' } });
    const enter = await fireEvent.keyDown(numbers[0]!, { key: 'Enter' });
    expect(enter).toBe(false); // default prevented: nothing submitted
    expect(calls.some((c) => c.cmd === 'create_patient')).toBe(false);

    await fireEvent.keyDown(numbers[0]!, { key: 'Enter', ctrlKey: true });
    await screen.findByTestId('patient-file');
    const sent = calls.find((c) => c.cmd === 'create_patient')?.args['draft'] as PatientDraft;
    expect(sent.phones).toEqual([{ kind: 'mobile', number: '0612345678' }]);
  });

  it('adds alerts as chips with Enter and removes them', async () => {
    shell();
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(field('pf-alert-input'), { target: { value: 'malentendante' } });
    await fireEvent.keyDown(field('pf-alert-input'), { key: 'Enter' });
    await fireEvent.input(field('pf-alert-input'), { target: { value: 'vient accompagnée' } });
    await fireEvent.click(screen.getByTestId('pf-add-alert'));
    expect(screen.getAllByTestId('pf-alert').map((c) => c.textContent?.trim().split(/\s+×/)[0])).toEqual([
      'malentendante',
      'vient accompagnée',
    ]);
    await fireEvent.click(screen.getByRole('button', { name: 'Retirer l’alerte « malentendante »' }));
    expect(screen.getAllByTestId('pf-alert')).toHaveLength(1);
  });

  it('asks before Escape throws away what she typed', async () => {
    shell();
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.input(field('pf-birth-name'), { target: { value: 'Martin' } });
    await fireEvent.keyDown(window, { key: 'Escape' });
    const keep = await screen.findByTestId('discard-cancel');
    await fireEvent.click(keep);
    expect(screen.getByTestId('pf-birth-name')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('pf-cancel'));
    await fireEvent.click(await screen.findByTestId('discard-confirm'));
    await screen.findByTestId('patient-search');
    expect(session.leaveGuard).toBeNull();
  });

  it('leaves at once when nothing was typed', async () => {
    shell();
    render(Patients, { props: { timeZone: 'Europe/Paris' } });
    await fireEvent.keyDown(window, { key: 'Escape' });
    await screen.findByTestId('patient-search');
  });
});
