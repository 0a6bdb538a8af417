// Data safety commands: profiles and PINs, the audit trail, the passphrase
// change, backups and restore, the patient's right of access. Like api.ts,
// the only place these commands are invoked; typed by the generated bindings.
import { invoke } from '@tauri-apps/api/core';
import type { AuditActionOption } from './bindings/AuditActionOption';
import type { AuditEntry } from './bindings/AuditEntry';
import type { AuditFilter } from './bindings/AuditFilter';
import type { BackupDone } from './bindings/BackupDone';
import type { BackupFile } from './bindings/BackupFile';
import type { BackupSettings } from './bindings/BackupSettings';
import type { BackupStatus } from './bindings/BackupStatus';
import type { CabinetSummary } from './bindings/CabinetSummary';
import type { ChainReport } from './bindings/ChainReport';
import type { Counts } from './bindings/Counts';
import type { Role } from './bindings/Role';
import type { SecuritySettings } from './bindings/SecuritySettings';
import type { User } from './bindings/User';
import type { UserDraft } from './bindings/UserDraft';

export type {
  AuditActionOption,
  AuditEntry,
  AuditFilter,
  BackupDone,
  BackupFile,
  BackupSettings,
  BackupStatus,
  ChainReport,
  Counts,
  Role,
  SecuritySettings,
  User,
  UserDraft,
};

export const safetyApi = {
  /** The whole file checked after opening (background): null when intact, else the French message. */
  checkIntegrity: () => invoke<string | null>('check_integrity'),

  // Profiles
  /** After the passphrase, with several profiles: who is working (PIN). Five wrong PINs close the cabinet (`tooManyPinAttempts`). */
  identifyUser: (userId: string, pin: string) =>
    invoke<CabinetSummary>('identify_user', { userId, pin }),
  /** Quick unlock of a locked cabinet. `wrongPin`, or `tooManyPinAttempts` (the cabinet is then closed). */
  unlockWithPin: (userId: string, pin: string) =>
    invoke<CabinetSummary>('unlock_with_pin', { userId, pin }),
  listUsers: () => invoke<User[]>('list_users'),
  /** Administrators only; the PIN (4–8 digits) is required. */
  createUser: (draft: UserDraft, pin: string) => invoke<User>('create_user', { draft, pin }),
  updateUser: (id: string, draft: UserDraft, active: boolean) =>
    invoke<User>('update_user', { id, draft, active }),
  setUserPin: (id: string, pin: string) => invoke<void>('set_user_pin', { id, pin }),
  clearUserPin: (id: string) => invoke<void>('clear_user_pin', { id }),
  securitySettings: () => invoke<SecuritySettings>('security_settings'),
  saveSecuritySettings: (settings: SecuritySettings) =>
    invoke<void>('save_security_settings', { settings }),
  /** `wrongPassphrase` (field passphrase), `passphraseMismatch`, `weakPassphrase`, `invalidInput` (newPassphrase). */
  changePassphrase: (current: string, newPassphrase: string, confirmation: string) =>
    invoke<void>('change_passphrase', { current, new: newPassphrase, confirmation }),

  // Audit trail
  auditEntries: (filter: AuditFilter) => invoke<AuditEntry[]>('audit_entries', { filter }),
  /** The actions the filter offers, with their French names (the core's). */
  auditActions: () => invoke<AuditActionOption[]>('audit_actions'),
  verifyAudit: () => invoke<ChainReport>('verify_audit'),
  /** Who opened this patient's file, newest first. */
  patientOpenings: (patientId: string) =>
    invoke<AuditEntry[]>('patient_openings', { patientId }),
  /** Removes entries older than the retention setting; answers how many. */
  pruneAudit: () => invoke<number>('prune_audit'),
  /** Call before window.print(): the print is recorded in the audit trail. */
  recordPrint: (what: string, patientId: string | null) =>
    invoke<void>('record_print', { what, patientId }),

  // Backups
  backupStatus: () => invoke<BackupStatus>('backup_status'),
  backupSettings: () => invoke<BackupSettings>('backup_settings'),
  saveBackupSettings: (settings: BackupSettings) =>
    invoke<void>('save_backup_settings', { settings }),
  /** A backup now to every chosen folder (verified before it counts). */
  runBackup: () => invoke<BackupDone[]>('run_backup'),
  /** This cabinet's backups in its folders (+ one more folder), newest first. */
  listBackups: (extraFolder: string | null) =>
    invoke<BackupFile[]>('list_backups', { extraFolder }),
  restoreBackupToNew: (backupPath: string, passphrase: string, newPath: string) =>
    invoke<Counts>('restore_backup_to_new', { backupPath, passphrase, newPath }),
  /** Replaces the open cabinet; answers where the replaced file was kept. */
  restoreBackupOver: (backupPath: string, passphrase: string | null) =>
    invoke<string>('restore_backup_over', { backupPath, passphrase }),
  /** Native folder chooser; null when she cancels. */
  pickBackupFolder: () => invoke<string | null>('pick_backup_folder'),
  pickRestoreTarget: () => invoke<string | null>('pick_restore_target'),

  // Right of access
  /** Asks for a folder, writes the HTML and JSON copies; null when she cancels. */
  exportPatientRights: (patientId: string) =>
    invoke<string[] | null>('export_patient_rights', { patientId }),
};
