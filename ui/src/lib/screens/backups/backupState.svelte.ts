// The backup status, shared by the warning banner (top of the cabinet) and
// the « Sauvegardes » section, so a backup made from one shows in the other
// and two backups never start together. Forgotten when the cabinet view goes
// (lock, close).
import { asCommandError } from '../../api';
import { safetyApi, type BackupDone, type BackupStatus } from '../../safety';
import { session } from '../../session.svelte';

class BackupState {
  status = $state<BackupStatus | null>(null);
  running = $state(false);
  /** The files written by the last backup started here. */
  lastRun = $state<BackupDone[] | null>(null);
  /** Why the last backup started here failed (French). */
  runError = $state<string | null>(null);

  /** Asks the shell again; a failure keeps what was known. */
  async refresh(): Promise<void> {
    try {
      this.status = await safetyApi.backupStatus();
    } catch (e) {
      if (asCommandError(e).kind === 'noCabinetOpen') void session.resync();
    }
  }

  /** A backup now, to every folder; the status is read again after. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.runError = null;
    this.lastRun = null;
    try {
      this.lastRun = await safetyApi.runBackup();
    } catch (e) {
      const err = asCommandError(e);
      this.runError = err.message;
      if (err.kind === 'noCabinetOpen') void session.resync();
    } finally {
      this.running = false;
    }
    await this.refresh();
  }

  reset(): void {
    this.status = null;
    this.running = false;
    this.lastRun = null;
    this.runError = null;
  }
}

export const backups = new BackupState();
