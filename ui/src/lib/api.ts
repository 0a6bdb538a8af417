// The one place the UI talks to the Rust shell. Every command is typed with
// the generated bindings (src/lib/bindings, produced by ts-rs from the Rust
// types; never edit them by hand). A failed command rejects with a
// `CommandError` whose `message` is French and says what to do next.
import { invoke } from '@tauri-apps/api/core';
import type { AppOverview } from './bindings/AppOverview';
import type { CabinetSummary } from './bindings/CabinetSummary';
import type { CommandError } from './bindings/CommandError';
import type { LockedCabinet } from './bindings/LockedCabinet';
import type { NewCabinetRequest } from './bindings/NewCabinetRequest';
import type { PassphraseRating } from './bindings/PassphraseRating';
import type { PatientRow } from './bindings/PatientRow';
import type { SessionState } from './bindings/SessionState';

export type {
  AppOverview,
  CabinetSummary,
  CommandError,
  LockedCabinet,
  NewCabinetRequest,
  PassphraseRating,
  PatientRow,
  SessionState,
};

/** Narrow an unknown rejection to the shell's `{kind, message}` error. */
export function asCommandError(error: unknown): CommandError {
  if (error && typeof error === 'object' && 'kind' in error && 'message' in error) {
    return error as CommandError;
  }
  return {
    kind: 'internal',
    field: null,
    message: `Erreur inattendue : ${String(error)}. Réessayez ; si cela persiste, redémarrez Carnet.`,
  };
}

export const api = {
  /** Launcher data: recent cabinets, default folder, time zones, demo file. */
  overview: () => invoke<AppOverview>('app_overview'),
  /** Where the window is: launcher, open cabinet, or locked cabinet. */
  sessionState: () => invoke<SessionState>('session_state'),
  /** Strength of a passphrase against the CNIL bar (about 80 bits). */
  ratePassphrase: (passphrase: string, context: string[]) =>
    invoke<PassphraseRating>('rate_passphrase', { passphrase, context }),
  /** A strong passphrase of random French words. */
  suggestPassphrase: () => invoke<string>('suggest_passphrase'),
  createCabinet: (request: NewCabinetRequest) =>
    invoke<CabinetSummary>('create_cabinet', { request }),
  openCabinet: (path: string, passphrase: string) =>
    invoke<CabinetSummary>('open_cabinet', { path, passphrase }),
  /** Opens (creating it on first use) the demo cabinet of synthetic patients. */
  openDemoCabinet: () => invoke<CabinetSummary>('open_demo_cabinet'),
  lockCabinet: () => invoke<LockedCabinet>('lock_cabinet'),
  unlockCabinet: (passphrase: string) => invoke<CabinetSummary>('unlock_cabinet', { passphrase }),
  closeCabinet: () => invoke<void>('close_cabinet'),
  forgetRecent: (path: string) => invoke<void>('forget_recent', { path }),
  /** Native file chooser; null when she cancels. */
  pickCabinetFile: () => invoke<string | null>('pick_cabinet_file'),
  /** Native save chooser for a new cabinet file; null when she cancels. */
  pickNewCabinetLocation: (suggestedFileName: string) =>
    invoke<string | null>('pick_new_cabinet_location', { suggestedFileName }),
  listPatients: (query: string, limit: number) =>
    invoke<PatientRow[]>('list_patients', { query, limit }),
};
