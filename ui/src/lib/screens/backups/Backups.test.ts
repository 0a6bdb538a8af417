import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupDone, BackupFile, BackupSettings, BackupStatus, User } from '../../safety';
import { session } from '../../session.svelte';
import { cabinet, commandError } from '../../../test/fixtures';
import Backups from './Backups.svelte';
import { backups } from './backupState.svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const called = (cmd: string) => calls.filter((c) => c.cmd === cmd);

const ADMIN: User = { id: 'u-1', name: 'Secrétariat', role: 'administrateur', hasPin: true, active: true };
const USER: User = { id: 'u-2', name: 'Remplaçante', role: 'utilisateur', hasPin: true, active: true };

const COUNTS = { patients: 512, appointments: 20118, correspondants: 35, waitingList: 4, users: 2, auditEntries: 900 };

const WORRIED: BackupStatus = {
  lastGoodAt: '2026-11-23T13:05:00Z',
  lastGoodFolder: '/media/CLE_USB',
  lastFailure: null,
  folders: [
    { folder: '/media/CLE_USB', present: false, lastGoodAt: '2026-11-23T13:05:00Z' },
    { folder: '/home/s/Sauvegardes', present: true, lastGoodAt: null },
  ],
  warnings: ['Le dossier de sauvegarde « /media/CLE_USB » est introuvable : branchez la clé USB ou le disque.'],
  dailyDue: false,
};
const CALM: BackupStatus = { ...WORRIED, warnings: [] };

const SETTINGS: BackupSettings = {
  folders: ['/media/CLE_USB', '/home/s/Sauvegardes'],
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 12,
  maxAgeHours: 48,
};

const GOOD: BackupFile = {
  path: '/media/CLE_USB/cabinet_2026-11-23_13-05-00.sauvegarde.carnet',
  folder: '/media/CLE_USB',
  madeAt: '2026-11-23T13:05:00Z',
  sizeBytes: 12_400_000,
  counts: COUNTS,
  problem: null,
};
const OLD_KEY: BackupFile = {
  path: '/media/CLE_USB/cabinet_2026-10-01_08-00-00.sauvegarde.carnet',
  folder: '/media/CLE_USB',
  madeAt: '2026-10-01T08:00:00Z',
  sizeBytes: 11_000_000,
  counts: null,
  problem: 'faite avec une autre phrase de passe (ou endommagée)',
};

const DONE: BackupDone = {
  path: '/home/s/Sauvegardes/cabinet_2026-11-24_08-00-00.sauvegarde.carnet',
  folder: '/home/s/Sauvegardes',
  sizeBytes: 12_500_000,
  counts: COUNTS,
  rotatedOut: ['/home/s/Sauvegardes/a.sauvegarde.carnet', '/home/s/Sauvegardes/b.sauvegarde.carnet'],
  documentsCopied: 0,
};

const KEPT = '/home/s/Documents/Carnet/cabinet-du-dr-martin avant restauration 2026-11-24_09-00-00.carnet';

function shell({ user = ADMIN, statuses = [WORRIED], failRestore = false } = {}) {
  let statusCalls = 0;
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'session_state':
        return { state: 'open', cabinet, user, users: [], idleLockMinutes: 5 };
      case 'backup_status':
        return statuses[Math.min(statusCalls++, statuses.length - 1)];
      case 'backup_settings':
        return SETTINGS;
      case 'save_backup_settings':
        return null;
      case 'list_backups':
        return [GOOD, OLD_KEY];
      case 'run_backup':
        return [DONE];
      case 'pick_backup_folder':
        return '/media/NOUVELLE_CLE';
      case 'pick_restore_target':
        return '/home/s/Documents/Carnet/cabinet restauré.carnet';
      case 'restore_backup_to_new':
        return COUNTS;
      case 'restore_backup_over':
        if (failRestore) throw commandError('wrongPassphrase', 'Phrase de passe incorrecte.');
        return KEPT;
      default:
        return null;
    }
  });
}

/** Text with the narrow no-break spaces of French numbers made plain. */
const plain = (el: Element | null) => (el?.textContent ?? '').replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ');

beforeEach(() => {
  calls.length = 0;
  session.cabinet = cabinet;
});

afterEach(() => {
  cleanup();
  clearMocks();
  backups.reset();
  session.cabinet = null;
});

async function ready() {
  render(Backups);
  await screen.findByTestId('backup-last');
  await screen.findAllByTestId('backup-file');
}

describe('backups screen', () => {
  it('shows the last good backup, the warnings and which folder is missing', async () => {
    shell();
    await ready();
    expect(plain(screen.getByTestId('backup-last'))).toBe(
      'Dernière sauvegarde réussie : lundi 23/11/2026 à 14:05, dans /media/CLE_USB',
    );
    expect(screen.getByTestId('backup-warning').textContent).toContain('« /media/CLE_USB » est introuvable');
    expect(screen.queryByTestId('backup-all-good')).toBeNull();

    const folders = await screen.findAllByTestId('backup-folder');
    expect(folders).toHaveLength(2);
    expect(within(folders[0]!).getByTestId('folder-missing').textContent).toBe('Introuvable');
    expect(within(folders[0]!).queryByTestId('folder-present')).toBeNull();
    expect(folders[0]!.textContent).toContain('Dernière sauvegarde ici : 23/11/2026 14:05');
    expect(within(folders[1]!).getByTestId('folder-present')).toBeTruthy();
    expect(folders[1]!.textContent).toContain('Aucune sauvegarde réussie dans ce dossier');
  });

  it('says so plainly when no backup was ever made', async () => {
    shell({ statuses: [{ ...CALM, lastGoodAt: null, lastGoodFolder: null }] });
    await ready();
    expect(screen.getByTestId('backup-last').textContent?.trim()).toBe(
      'Dernière sauvegarde réussie : aucune pour le moment.',
    );
  });

  it('runs a backup and tells what was written, what it holds and what the rotation removed', async () => {
    shell({ statuses: [WORRIED, CALM] });
    await ready();
    const run = screen.getByTestId('backup-run') as HTMLButtonElement;
    await fireEvent.click(run);
    const result = await screen.findByTestId('backup-result');
    expect(called('run_backup')).toHaveLength(1);
    const text = plain(result);
    expect(text).toContain('Sauvegarde faite et vérifiée (1 fichier écrit)');
    expect(text).toContain('cabinet_2026-11-24_08-00-00.sauvegarde.carnet (12,5 Mo) dans /home/s/Sauvegardes');
    expect(text).toContain('512 patients, 20 118 rendez-vous, 35 correspondants');
    expect(screen.getByTestId('backup-rotated').textContent).toContain('2 anciennes sauvegardes supprimées');
    // The status is read again: the warning is gone.
    await waitFor(() => expect(screen.queryByTestId('backup-warning')).toBeNull());
    expect(screen.getByTestId('backup-all-good')).toBeTruthy();
  });

  it('shows why a backup failed', async () => {
    mockIPC((cmd) => {
      if (cmd === 'run_backup') throw commandError('io', 'Le dossier « /media/CLE_USB » est introuvable.');
      if (cmd === 'backup_status') return WORRIED;
      if (cmd === 'backup_settings') return SETTINGS;
      if (cmd === 'list_backups') return [];
      return null;
    });
    render(Backups);
    await screen.findByTestId('backup-last');
    await fireEvent.click(screen.getByTestId('backup-run'));
    expect((await screen.findByTestId('backup-run-error')).textContent).toContain('introuvable');
    expect(screen.queryByTestId('backup-result')).toBeNull();
  });

  it('lists the backups with date, size and contents, or why one does not open', async () => {
    shell();
    await ready();
    const rows = screen.getAllByTestId('backup-file');
    expect(plain(rows[0]!)).toContain('lundi 23/11/2026 à 14:05');
    expect(plain(rows[0]!)).toContain('12,4 Mo');
    expect(plain(rows[0]!)).toContain('512 patients, 20 118 rendez-vous');
    expect(within(rows[1]!).getByTestId('backup-problem').textContent).toContain('autre phrase de passe');
  });

  it('replaces the cabinet only after confirmation, and says where the old file was kept', async () => {
    shell();
    await ready();
    const over = screen.getByTestId('restore-over') as HTMLButtonElement;
    expect(over.disabled).toBe(true);
    await fireEvent.click(screen.getAllByTestId('backup-choose')[0]!);
    expect(over.disabled).toBe(false);
    await fireEvent.click(over);

    expect(plain(screen.getByTestId('restore-over-kept'))).toContain(
      'garde une copie complète du fichier actuel, à côté de lui, dans le dossier : /home/s/Documents/Carnet',
    );
    const confirm = screen.getByTestId('restore-over-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(screen.queryByTestId('restore-over-passphrase')).toBeNull();
    await fireEvent.click(screen.getByTestId('restore-over-check'));
    expect(confirm.disabled).toBe(false);
    expect(called('restore_backup_over')).toHaveLength(0);
    await fireEvent.click(confirm);

    const notice = await screen.findByTestId('restore-notice');
    expect(called('restore_backup_over')[0]?.args).toEqual({ backupPath: GOOD.path, passphrase: null });
    expect(notice.textContent).toContain('Le cabinet contient maintenant la sauvegarde du lundi 23/11/2026 à 14:05');
    expect(notice.textContent).toContain(KEPT);
  });

  it('does nothing when she cancels the replacement', async () => {
    shell();
    await ready();
    await fireEvent.click(screen.getAllByTestId('backup-choose')[0]!);
    await fireEvent.click(screen.getByTestId('restore-over'));
    await fireEvent.click(screen.getByTestId('restore-over-cancel'));
    expect(called('restore_backup_over')).toHaveLength(0);
    expect(screen.queryByTestId('restore-notice')).toBeNull();
  });

  it('asks the passphrase of a backup made with another one before replacing', async () => {
    shell();
    await ready();
    await fireEvent.click(screen.getAllByTestId('backup-choose')[1]!);
    await fireEvent.click(screen.getByTestId('restore-over'));
    await fireEvent.click(screen.getByTestId('restore-over-check'));
    await fireEvent.click(screen.getByTestId('restore-over-confirm'));
    expect(called('restore_backup_over')).toHaveLength(0);
    expect(screen.getByText('Tapez la phrase de passe de la sauvegarde.')).toBeTruthy();

    await fireEvent.input(screen.getByTestId('restore-over-passphrase'), {
      target: { value: 'ancienne phrase de passe' },
    });
    await fireEvent.click(screen.getByTestId('restore-over-confirm'));
    await screen.findByTestId('restore-notice');
    expect(called('restore_backup_over')[0]?.args).toEqual({
      backupPath: OLD_KEY.path,
      passphrase: 'ancienne phrase de passe',
    });
  });

  it('keeps the dialog open with the shell’s message when the replacement fails', async () => {
    shell({ failRestore: true });
    await ready();
    await fireEvent.click(screen.getAllByTestId('backup-choose')[0]!);
    await fireEvent.click(screen.getByTestId('restore-over'));
    await fireEvent.click(screen.getByTestId('restore-over-check'));
    await fireEvent.click(screen.getByTestId('restore-over-confirm'));
    await screen.findByText('Phrase de passe incorrecte.');
    expect(screen.queryByTestId('restore-notice')).toBeNull();
  });

  it('restores into a new file with the passphrase, leaving the cabinet as it is', async () => {
    shell();
    await ready();
    await fireEvent.click(screen.getAllByTestId('backup-choose')[0]!);
    await fireEvent.click(screen.getByTestId('restore-to-new'));
    await screen.findByText('Nouveau fichier : /home/s/Documents/Carnet/cabinet restauré.carnet');
    await fireEvent.input(screen.getByTestId('restore-new-passphrase'), { target: { value: 'ma phrase' } });
    await fireEvent.click(screen.getByTestId('restore-to-new-confirm'));
    const notice = await screen.findByTestId('restore-notice');
    expect(called('restore_backup_to_new')[0]?.args).toEqual({
      backupPath: GOOD.path,
      passphrase: 'ma phrase',
      newPath: '/home/s/Documents/Carnet/cabinet restauré.carnet',
    });
    expect(plain(notice)).toContain('Sauvegarde restaurée dans /home/s/Documents/Carnet/cabinet restauré.carnet (512 patients');
    expect(called('restore_backup_over')).toHaveLength(0);
  });

  it('searches another folder for backups', async () => {
    shell();
    await ready();
    await fireEvent.click(screen.getByTestId('backup-search-other'));
    await waitFor(() => expect(called('list_backups').at(-1)?.args).toEqual({ extraFolder: '/media/NOUVELLE_CLE' }));
    expect(called('list_backups')[0]?.args).toEqual({ extraFolder: null });
    expect(screen.getByTestId('backup-extra-folder').textContent).toContain('/media/NOUVELLE_CLE');
  });

  it('adds a folder chosen with the file chooser and saves it at once', async () => {
    shell();
    await ready();
    await fireEvent.click(await screen.findByTestId('backup-folder-add'));
    await screen.findByTestId('backup-folder-notice');
    expect(called('save_backup_settings')[0]?.args).toEqual({
      settings: { ...SETTINGS, folders: [...SETTINGS.folders, '/media/NOUVELLE_CLE'] },
    });
    expect(screen.getAllByTestId('backup-folder')).toHaveLength(3);
  });

  it('removes a folder from the list', async () => {
    shell();
    await ready();
    const remove = await screen.findAllByTestId('backup-folder-remove');
    await fireEvent.click(remove[0]!);
    await screen.findByTestId('backup-folder-notice');
    expect(called('save_backup_settings')[0]?.args).toEqual({
      settings: { ...SETTINGS, folders: ['/home/s/Sauvegardes'] },
    });
  });

  it('saves the rotation numbers and the alert delay, and refuses what is not a number', async () => {
    shell();
    await ready();
    const daily = (await screen.findByTestId('backup-keepDaily')) as HTMLInputElement;
    await waitFor(() => expect(daily.disabled).toBe(false));
    expect(daily.value).toBe('7');
    await fireEvent.input(daily, { target: { value: 'dix' } });
    await fireEvent.click(screen.getByTestId('backup-settings-save'));
    expect(screen.getByTestId('error-keepDaily').textContent).toContain('Tapez un nombre entier');
    expect(called('save_backup_settings')).toHaveLength(0);

    await fireEvent.input(daily, { target: { value: '10' } });
    await fireEvent.input(screen.getByTestId('backup-maxAgeHours'), { target: { value: '24' } });
    await fireEvent.click(screen.getByTestId('backup-settings-save'));
    await screen.findByTestId('backup-settings-saved');
    expect(called('save_backup_settings')[0]?.args).toEqual({
      settings: { ...SETTINGS, keepDaily: 10, maxAgeHours: 24 },
    });
  });

  it('lets a non-administrator back up but not change the folders', async () => {
    shell({ user: USER });
    await ready();
    await screen.findByTestId('backup-admin-only');
    expect(screen.queryByTestId('backup-folder-add')).toBeNull();
    expect(screen.queryByTestId('backup-folder-remove')).toBeNull();
    expect((screen.getByTestId('backup-keepDaily') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('backup-run') as HTMLButtonElement).disabled).toBe(false);
  });
});
