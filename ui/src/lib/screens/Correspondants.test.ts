import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Correspondant, CorrespondantDraft } from '../api';
import { session } from '../session.svelte';
import { commandError } from '../../test/fixtures';
import Correspondants from './Correspondants.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];

const LAB: Correspondant = {
  id: 'c-lab',
  kind: 'laboratoire',
  name: 'Laboratoire Bio-Ouest',
  specialty: 'Biologie médicale',
  address: '8 avenue de la Libération',
  phone: '04 77 33 33 33',
  email: null,
  rpps: null, salutation: null,
  archived: false,
};

interface Options {
  /** What save_correspondant refuses with. */
  refuse?: { field: string; message: string } | null;
}

function shell({ refuse = null }: Options = {}) {
  let archived = false;
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_correspondants':
        return archived ? [] : [LAB];
      case 'save_correspondant':
        if (refuse) throw commandError('invalidInput', refuse.message, refuse.field);
        return (args['id'] as string | null) ?? 'c-new';
      case 'set_correspondant_archived':
        archived = Boolean(args['archived']);
        return null;
      case 'session_state':
        return { state: 'none' };
      default:
        return null;
    }
  });
}

const field = (id: string) => screen.getByTestId(id) as HTMLInputElement;
const saved = () => calls.filter((c) => c.cmd === 'save_correspondant');

beforeEach(() => {
  calls.length = 0;
  session.resetPatients();
  session.section = 'correspondants';
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.resetPatients();
});

describe('correspondants directory', () => {
  it('shows a refused RPPS next to the RPPS field and focuses it', async () => {
    shell({ refuse: { field: 'rpps', message: 'Le numéro RPPS compte 11 chiffres.' } });
    render(Correspondants);
    await fireEvent.click(screen.getByTestId('new-correspondant'));
    expect((screen.getByTestId('cf-kind') as HTMLSelectElement).value).toBe('medecin');
    await fireEvent.input(field('cf-name'), { target: { value: 'Dr Anne Roux' } });
    await fireEvent.input(field('cf-rpps'), { target: { value: '1234' } });
    await fireEvent.click(screen.getByTestId('cf-save'));

    const error = await screen.findByTestId('error-rpps');
    expect(error.textContent).toBe('Le numéro RPPS compte 11 chiffres.');
    // Next to the field: in the same block as the RPPS input.
    expect(error.closest('.field')?.contains(field('cf-rpps'))).toBe(true);
    expect(field('cf-rpps').getAttribute('aria-invalid')).toBe('true');
    expect(field('cf-rpps').getAttribute('aria-describedby')).toContain('cf-rpps-error');
    await waitFor(() => expect(document.activeElement).toBe(field('cf-rpps')));
    expect(screen.queryByTestId('form-error')).toBeNull();

    await fireEvent.input(field('cf-rpps'), { target: { value: '10000000001' } });
    expect(screen.queryByTestId('error-rpps')).toBeNull();
  });

  it('puts a refused phone (the shell says « phones ») next to the phone field', async () => {
    shell({ refuse: { field: 'phones', message: '« 12 » n’est pas un numéro de téléphone.' } });
    render(Correspondants);
    await fireEvent.click(screen.getByTestId('new-correspondant'));
    await fireEvent.input(field('cf-name'), { target: { value: 'Dr Anne Roux' } });
    await fireEvent.input(field('cf-phone'), { target: { value: '12' } });
    await fireEvent.keyDown(field('cf-phone'), { key: 'Enter', ctrlKey: true });
    const error = await screen.findByTestId('error-phone');
    expect(error.closest('.field')?.contains(field('cf-phone'))).toBe(true);
  });

  it('creates a correspondant with the French kind labels and tidied fields', async () => {
    shell();
    render(Correspondants);
    await fireEvent.click(screen.getByTestId('new-correspondant'));
    const kinds = [...(screen.getByTestId('cf-kind') as HTMLSelectElement).options].map((o) => o.text);
    expect(kinds).toEqual(['Médecin', 'Laboratoire', 'Établissement', 'Autre']);
    await fireEvent.input(field('cf-name'), { target: { value: '  Dr  Anne Roux ' } });
    await fireEvent.input(field('cf-specialty'), { target: { value: 'Médecine générale' } });
    await fireEvent.input(field('cf-phone'), { target: { value: '01 23 45 67 89' } });
    await fireEvent.input(field('cf-rpps'), { target: { value: '100 000 000 01' } });
    await fireEvent.click(screen.getByTestId('cf-save'));

    const notice = await screen.findByTestId('correspondant-notice');
    expect(notice.textContent).toContain('« Dr Anne Roux » a été ajouté au répertoire.');
    expect(saved()[0]?.args).toEqual({
      id: null,
      draft: {
        kind: 'medecin',
        name: 'Dr Anne Roux',
        specialty: 'Médecine générale',
        address: null,
        phone: '01 23 45 67 89',
        email: null,
        rpps: '10000000001', salutation: null,
      } satisfies CorrespondantDraft,
    });
  });

  it('searches as she types, edits a row, and archives it (with undo)', async () => {
    shell();
    render(Correspondants);
    const row = await screen.findByTestId('correspondant-row');
    expect(row.textContent).toContain('Laboratoire Bio-Ouest');
    expect(row.textContent).toContain('Laboratoire');
    await fireEvent.input(field('correspondant-search'), { target: { value: 'bio' } });
    await waitFor(() =>
      expect(calls.some((c) => c.cmd === 'list_correspondants' && c.args['query'] === 'bio')).toBe(true),
    );

    await fireEvent.click(screen.getByTestId('correspondant-row'));
    expect((screen.getByTestId('cf-kind') as HTMLSelectElement).value).toBe('laboratoire');
    expect(field('cf-name').value).toBe('Laboratoire Bio-Ouest');
    await fireEvent.input(field('cf-phone'), { target: { value: '04 77 33 33 34' } });
    await fireEvent.click(screen.getByTestId('cf-save'));
    await screen.findByTestId('correspondant-notice');
    expect(saved()[0]?.args['id']).toBe('c-lab');
    expect((saved()[0]?.args['draft'] as CorrespondantDraft).phone).toBe('04 77 33 33 34');

    await fireEvent.click(await screen.findByTestId('correspondant-row'));
    await fireEvent.click(screen.getByTestId('cf-archive'));
    await fireEvent.click(await screen.findByTestId('cf-archive-confirm'));
    const notice = await screen.findByTestId('correspondant-notice');
    expect(notice.textContent).toContain('a été archivé');
    expect(calls.find((c) => c.cmd === 'set_correspondant_archived')?.args).toEqual({ id: 'c-lab', archived: true });
    await waitFor(() => expect(screen.queryByTestId('correspondant-row')).toBeNull());

    await fireEvent.click(screen.getByTestId('cf-undo-archive'));
    await screen.findByTestId('correspondant-row');
    expect(calls.filter((c) => c.cmd === 'set_correspondant_archived').at(-1)?.args).toEqual({
      id: 'c-lab',
      archived: false,
    });
  });

  it('asks before leaving a form with unsaved changes', async () => {
    shell();
    render(Correspondants);
    await fireEvent.click(screen.getByTestId('new-correspondant'));
    await fireEvent.input(field('cf-name'), { target: { value: 'Dr Anne Roux' } });
    expect(session.leaveGuard).not.toBeNull();
    await fireEvent.click(await screen.findByTestId('correspondant-row'));
    await fireEvent.click(await screen.findByTestId('discard-confirm'));
    await waitFor(() => expect(field('cf-name').value).toBe('Laboratoire Bio-Ouest'));
  });
});
