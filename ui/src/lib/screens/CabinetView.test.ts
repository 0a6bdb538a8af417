// The cabinet's frame: the « Administration » part of the navigation and the
// backup warning banner.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupStatus } from '../safety';
import { session } from '../session.svelte';
import { cabinet, overview } from '../../test/fixtures';
import CabinetView from './CabinetView.svelte';
import { backups } from './backups/backupState.svelte';

const calls: string[] = [];

const MISSING: BackupStatus = {
  lastGoodAt: '2026-11-20T13:05:00Z',
  lastGoodFolder: '/media/CLE_USB',
  lastFailure: null,
  folders: [{ folder: '/media/CLE_USB', present: false, lastGoodAt: '2026-11-20T13:05:00Z' }],
  warnings: [
    'Le dossier de sauvegarde « /media/CLE_USB » est introuvable : branchez la clé USB ou le disque.',
    'La dernière sauvegarde réussie date de 3 jours : faites-en une maintenant.',
  ],
  dailyDue: true,
};
const FINE: BackupStatus = { ...MISSING, warnings: [], dailyDue: false };

function shell(statuses: BackupStatus[], runFails = false) {
  let n = 0;
  mockIPC((cmd) => {
    calls.push(cmd);
    switch (cmd) {
      case 'backup_status':
        return statuses[Math.min(n++, statuses.length - 1)];
      case 'run_backup':
        if (runFails) throw { kind: 'io', message: 'Le dossier « /media/CLE_USB » est introuvable.', field: null };
        return [];
      default:
        return null;
    }
  });
}

beforeEach(() => {
  calls.length = 0;
  session.section = 'home';
  session.justCreated = null;
});

afterEach(() => {
  cleanup();
  clearMocks();
  backups.reset();
  vi.useRealTimers();
  session.section = 'home';
});

describe('backup warning banner', () => {
  it('shows the warnings under the top band, and a backup from there clears them', async () => {
    shell([MISSING, FINE]);
    render(CabinetView, { cabinet, overview });
    const banner = await screen.findByTestId('backup-banner');
    const lines = screen.getAllByTestId('backup-banner-warning').map((li) => li.textContent);
    expect(lines).toEqual(MISSING.warnings);
    expect(banner.classList.contains('done')).toBe(false);

    await fireEvent.click(screen.getByTestId('backup-banner-run'));
    await screen.findByTestId('backup-banner-done');
    expect(calls.filter((c) => c === 'run_backup')).toHaveLength(1);
    expect(screen.queryByTestId('backup-banner-warning')).toBeNull();
    await fireEvent.click(screen.getByTestId('backup-banner-close'));
    expect(screen.queryByTestId('backup-banner')).toBeNull();
  });

  it('keeps the warnings and shows why when the backup fails', async () => {
    shell([MISSING], true);
    render(CabinetView, { cabinet, overview });
    await fireEvent.click(await screen.findByTestId('backup-banner-run'));
    expect((await screen.findByTestId('backup-banner-error')).textContent).toContain('introuvable');
    expect(screen.getAllByTestId('backup-banner-warning')).toHaveLength(2);
  });

  it('shows nothing when all is well', async () => {
    shell([FINE]);
    render(CabinetView, { cabinet, overview });
    await waitFor(() => expect(calls).toContain('backup_status'));
    await waitFor(() => expect(backups.status).not.toBeNull());
    expect(screen.queryByTestId('backup-banner')).toBeNull();
  });

  it('asks again every five minutes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    shell([FINE, MISSING]);
    render(CabinetView, { cabinet, overview });
    await waitFor(() => expect(calls.filter((c) => c === 'backup_status')).toHaveLength(1));
    expect(screen.queryByTestId('backup-banner')).toBeNull();
    await vi.advanceTimersByTimeAsync(4 * 60 * 1000);
    expect(calls.filter((c) => c === 'backup_status')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60 * 1000);
    expect(calls.filter((c) => c === 'backup_status')).toHaveLength(2);
    expect(await screen.findByTestId('backup-banner')).toBeTruthy();
  });

  it('leads to the « Sauvegardes » section, where the banner steps aside', async () => {
    shell([MISSING]);
    render(CabinetView, { cabinet, overview });
    await fireEvent.click(await screen.findByTestId('backup-banner-open'));
    expect(session.section).toBe('backups');
    await waitFor(() => expect(screen.queryByTestId('backup-banner')).toBeNull());
  });
});

describe('administration navigation', () => {
  it('offers Sauvegardes, Journal d’audit and Sécurité under « Administration »', async () => {
    shell([FINE]);
    render(CabinetView, { cabinet, overview });
    const heading = screen.getByRole('heading', { name: 'Administration' });
    const list = document.querySelector(`[aria-labelledby="${heading.id}"]`);
    expect([...(list?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim())).toEqual([
      'Sauvegardes',
      'Journal d’audit',
      'Sécurité',
    ]);
    await fireEvent.click(screen.getByTestId('nav-audit'));
    expect(session.section).toBe('audit');
    expect(screen.getByTestId('nav-audit').getAttribute('aria-current')).toBe('page');
    await fireEvent.click(screen.getByTestId('nav-backups'));
    expect(session.section).toBe('backups');
  });

  it('hides for the rest of the day on this computer, keeping only the date', async () => {
    localStorage.clear();
    shell([MISSING]);
    const first = render(CabinetView, { cabinet, overview });
    await fireEvent.click(await screen.findByTestId('backup-banner-hide'));
    expect(screen.queryByTestId('backup-banner')).toBeNull();
    expect(localStorage.getItem('carnet.backupWarningHiddenOn')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Opened again the same day: still hidden.
    first.unmount();
    backups.reset();
    shell([MISSING]);
    render(CabinetView, { cabinet, overview });
    await waitFor(() => expect(backups.status).not.toBeNull());
    expect(screen.queryByTestId('backup-banner')).toBeNull();
    // Another day in storage: shown again.
    cleanup();
    backups.reset();
    localStorage.setItem('carnet.backupWarningHiddenOn', '2000-01-01');
    shell([MISSING]);
    render(CabinetView, { cabinet, overview });
    expect(await screen.findByTestId('backup-banner')).toBeTruthy();
    localStorage.clear();
  });
});
