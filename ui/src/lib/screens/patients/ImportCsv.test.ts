import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportField, ImportMode, ImportPreview, ImportReport } from '../../api';
import { session } from '../../session.svelte';
import { commandError } from '../../../test/fixtures';
import ImportCsv from './ImportCsv.svelte';

const PREVIEW: ImportPreview = {
  encoding: 'Windows-1252',
  separator: ';',
  headers: ['NOM', 'Prénom', 'Né(e) le', 'Sexe', 'Couleur préférée'],
  // The 3rd column was not recognised: she has to say it is the birth date.
  mapping: ['birthName', 'firstNames', 'ignore', 'sex', 'ignore'],
  sample: [
    ['Lefèvre', 'Hélène', '03/03/1962', 'F', 'bleu'],
    ['Martin', 'Paul', '31/02/1980', 'M', 'vert'],
  ],
  rows: 3,
};

const calls: { mapping: ImportField[]; mode: ImportMode }[] = [];

function report(mode: ImportMode): ImportReport {
  const proceed = mode === 'skipBadLines';
  return {
    total: 3,
    valid: 1,
    imported: proceed ? 1 : 0,
    badLines: [{ line: 3, reason: 'La date 31/02/1980 n’existe pas : vérifiez le jour et le mois.' }],
    likelyDuplicates: [{ line: 4, reason: 'même personne que la ligne 2 ?' }],
    mode,
  };
}

function shell() {
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'preview_import':
        if (args['path'] !== '/home/s/patients.csv') {
          throw commandError('notFound', 'Ce fichier est introuvable.');
        }
        return PREVIEW;
      case 'import_patients': {
        const mapping = args['mapping'] as ImportField[];
        const mode = args['mode'] as ImportMode;
        calls.push({ mapping, mode });
        if (!mapping.includes('birthDate')) {
          throw commandError('invalidInput', 'Indiquez quelle colonne contient : la date de naissance.', 'mapping');
        }
        return report(mode);
      }
      case 'session_state':
        return { state: 'none' };
      default:
        return null;
    }
  });
}

beforeEach(() => {
  calls.length = 0;
  session.resetPatients();
});

afterEach(() => {
  cleanup();
  clearMocks();
  session.resetPatients();
});

const selects = () => screen.getAllByTestId('import-map') as HTMLSelectElement[];

describe('CSV import', () => {
  it('shows a wrong path next to the field', async () => {
    shell();
    render(ImportCsv);
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/nulle/part.csv' } });
    await fireEvent.click(screen.getByTestId('import-read'));
    expect((await screen.findByTestId('error-path')).textContent).toBe('Ce fichier est introuvable.');
    expect(screen.queryByTestId('import-preview')).toBeNull();
  });

  it('lets her map a column, checks (dry run), then imports skipping bad lines', async () => {
    shell();
    render(ImportCsv);
    const path = screen.getByTestId('import-path');
    await fireEvent.input(path, { target: { value: '/home/s/patients.csv' } });
    await fireEvent.keyDown(path, { key: 'Enter' });

    const preview = await screen.findByTestId('import-preview');
    expect(preview.textContent).toContain('Windows-1252');
    expect(preview.textContent).toContain('« ; »');
    expect(preview.textContent).toContain('3 lignes de patients');
    expect(preview.textContent).toContain('Né(e) le');
    expect(preview.textContent).toContain('31/02/1980');
    expect(selects().map((s) => s.value)).toEqual(PREVIEW.mapping);

    // The birth date is not mapped: said, and the check is not offered yet.
    expect(screen.getByTestId('import-missing').textContent).toContain('Date de naissance');
    expect((screen.getByTestId('import-dry-run') as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.change(selects()[2]!, { target: { value: 'birthDate' } });
    expect(screen.queryByTestId('import-missing')).toBeNull();
    await fireEvent.click(screen.getByTestId('import-dry-run'));

    const result = await screen.findByTestId('import-report');
    expect(calls[0]).toEqual({
      mapping: ['birthName', 'firstNames', 'birthDate', 'sex', 'ignore'],
      mode: 'dryRun',
    });
    expect(result.textContent).toContain('rien n’a encore été importé');
    expect(result.textContent).toContain('1 ligne prête à importer');
    const bad = screen.getAllByTestId('import-bad-line');
    expect(bad).toHaveLength(1);
    expect(bad[0]?.textContent).toContain('Ligne 3');
    expect(bad[0]?.textContent).toContain('31/02/1980');
    expect(result.textContent).toContain('même personne que la ligne 2');

    // All or nothing with a bad line would import nothing: blocked, said.
    const run = screen.getByTestId('import-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('import-mode-skip'));
    expect(run.disabled).toBe(false);
    expect(run.textContent).toContain('Importer 1 patient');
    await fireEvent.click(run);

    await waitFor(() => expect(screen.getByTestId('import-report').textContent).toContain('1 patient importé.'));
    expect(calls[1]).toEqual({
      mapping: ['birthName', 'firstNames', 'birthDate', 'sex', 'ignore'],
      mode: 'skipBadLines',
    });
    expect(screen.queryByTestId('import-run')).toBeNull();
  });

  it('asks for a new check when the columns change after it', async () => {
    shell();
    render(ImportCsv);
    await fireEvent.input(screen.getByTestId('import-path'), { target: { value: '/home/s/patients.csv' } });
    await fireEvent.click(screen.getByTestId('import-read'));
    await screen.findByTestId('import-preview');
    await fireEvent.change(selects()[2]!, { target: { value: 'birthDate' } });
    await fireEvent.click(screen.getByTestId('import-dry-run'));
    await screen.findByTestId('import-report');
    await fireEvent.change(selects()[4]!, { target: { value: 'notes' } });
    expect(screen.getByTestId('import-report').textContent).toContain('vérifiez à nouveau');
    expect(screen.queryByTestId('import-run')).toBeNull();
  });
});
