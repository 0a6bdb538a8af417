// The one place the UI talks to the Rust shell. Every command is typed with
// the generated bindings (src/lib/bindings, produced by ts-rs from the Rust
// types; never edit them by hand). A failed command rejects with a
// `CommandError` whose `message` is French and says what to do next.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ImportProgress } from './bindings/ImportProgress';
import type { WrittenFile } from './bindings/WrittenFile';
import type { AppOverview } from './bindings/AppOverview';
import type { CabinetSummary } from './bindings/CabinetSummary';
import type { CommandError } from './bindings/CommandError';
import type { LockedCabinet } from './bindings/LockedCabinet';
import type { NewCabinetRequest } from './bindings/NewCabinetRequest';
import type { PassphraseRating } from './bindings/PassphraseRating';
import type { PatientRow } from './bindings/PatientRow';
import type { SessionState } from './bindings/SessionState';
import type { CommuneOption } from './bindings/CommuneOption';
import type { Correspondant } from './bindings/Correspondant';
import type { CorrespondantDraft } from './bindings/CorrespondantDraft';
import type { CreatedPatient } from './bindings/CreatedPatient';
import type { DuplicateCandidate } from './bindings/DuplicateCandidate';
import type { ExpiredFile } from './bindings/ExpiredFile';
import type { FieldComparison } from './bindings/FieldComparison';
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { ImportField } from './bindings/ImportField';
import type { ImportMode } from './bindings/ImportMode';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ImportReport } from './bindings/ImportReport';
import type { MatchKind } from './bindings/MatchKind';
import type { PatientDraft } from './bindings/PatientDraft';
import type { PatientFile } from './bindings/PatientFile';
import type { PatientHit } from './bindings/PatientHit';
import type { PatientSearch } from './bindings/PatientSearch';
import type { PhoneDraft } from './bindings/PhoneDraft';
import type { PlaceOption } from './bindings/PlaceOption';

export type {
  AppOverview,
  CabinetSummary,
  CommandError,
  LockedCabinet,
  NewCabinetRequest,
  PassphraseRating,
  PatientRow,
  SessionState,
  CommuneOption,
  Correspondant,
  CorrespondantDraft,
  CreatedPatient,
  DuplicateCandidate,
  ExpiredFile,
  FieldComparison,
  HistoryEntry,
  ImportField,
  ImportMode,
  ImportPreview,
  ImportReport,
  MatchKind,
  PatientDraft,
  PatientFile,
  PatientHit,
  PatientSearch,
  PhoneDraft,
  PlaceOption,
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

/** Progress of a running CSV import ({done, total} lines), until unlistened. */
export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>('import-progress', (event) => handler(event.payload));
}

export const api = {
  /** Launcher data: recent cabinets, default folder, time zones, demo file. */
  overview: () => invoke<AppOverview>('app_overview'),
  /** Where the window is: launcher, open cabinet, or locked cabinet. */
  sessionState: () => invoke<SessionState>('session_state'),
  /** Strength of a passphrase against the CNIL bar (about 80 bits). */
  ratePassphrase: (passphrase: string, context: string[]) =>
    invoke<PassphraseRating>('rate_passphrase', { passphrase, context }),
  /** A strong passphrase of random French words, strong against `context` too. */
  suggestPassphrase: (context: string[]) => invoke<string>('suggest_passphrase', { context }),
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

  // Patients
  /** Names (prefixes, by sound), dates, phone or NIR digits; best first. */
  searchPatients: (query: string, includeArchived: boolean, limit: number) =>
    invoke<PatientSearch>('search_patients', { query, includeArchived, limit }),
  getPatient: (id: string) => invoke<PatientFile>('get_patient', { id }),
  patientHistory: (id: string) => invoke<HistoryEntry[]>('patient_history', { id }),
  /** Existing files that may be this person; [] while the identity is incomplete. */
  duplicateCandidates: (draft: PatientDraft) =>
    invoke<DuplicateCandidate[]>('duplicate_candidates', { draft }),
  /** Rejects with `likelyDuplicate` unless she confirmed it is someone else. */
  createPatient: (draft: PatientDraft, confirmedNotDuplicate: boolean) =>
    invoke<CreatedPatient>('create_patient', { draft, confirmedNotDuplicate }),
  /** The NIR / identity disagreements (warnings, not refusals). */
  updatePatient: (id: string, draft: PatientDraft) =>
    invoke<string[]>('update_patient', { id, draft }),
  setPatientArchived: (id: string, archived: boolean) =>
    invoke<void>('set_patient_archived', { id, archived }),
  comparePatients: (keepId: string, removeId: string) =>
    invoke<FieldComparison[]>('compare_patients', { keepId, removeId }),
  mergePatients: (keepId: string, removeId: string, takeFromRemoved: string[]) =>
    invoke<void>('merge_patients', { keepId, removeId, takeFromRemoved }),
  expiredFiles: () => invoke<ExpiredFile[]>('expired_files'),
  deleteExpiredFile: (id: string, confirmed: boolean) =>
    invoke<void>('delete_expired_file', { id, confirmed }),
  /** Native file chooser for a CSV; null when she cancels. */
  pickCsvFile: () => invoke<string | null>('pick_csv_file'),
  previewImport: (path: string) => invoke<ImportPreview>('preview_import', { path }),
  importPatients: (path: string, mapping: ImportField[], mode: ImportMode) =>
    invoke<ImportReport>('import_patients', { path, mapping, mode }),
  /** Asks where (the native save dialog, opened by the shell), writes the
   * CSV; answers where and its size in bytes, null when she cancels. */
  exportPatients: () => invoke<WrittenFile | null>('export_patients'),
  communesForPostcode: (postcode: string) =>
    invoke<CommuneOption[]>('communes_for_postcode', { postcode }),
  birthPlaces: (query: string) => invoke<PlaceOption[]>('birth_places', { query }),

  // Correspondants (doctors, labs, hospitals)
  /** Every typed word in the name or specialty (accents ignored); archived ones left out. */
  listCorrespondants: (query: string) =>
    invoke<Correspondant[]>('list_correspondants', { query }),
  /** Creates (id null) or updates; answers the id. Rejects `invalidInput` with `field`. */
  saveCorrespondant: (id: string | null, draft: CorrespondantDraft) =>
    invoke<string>('save_correspondant', { id, draft }),
  setCorrespondantArchived: (id: string, archived: boolean) =>
    invoke<void>('set_correspondant_archived', { id, archived }),
};
