// The mail: letters to correspondants, the outgoing register, and the
// incoming mail — one typed wrapper per shell command (held by
// src-tauri/tests/ipc_surface.rs), and where the viewer reads a letter's
// envelopes or labels and an incoming file (`carnet-media`, from memory,
// never a file on disk).
import { invoke } from '@tauri-apps/api/core';
import type { Channel } from './bindings/Channel';
import type { Letter } from './bindings/Letter';
import type { LetterDraft } from './bindings/LetterDraft';
import type { ManualEntry } from './bindings/ManualEntry';
import type { OutgoingLine } from './bindings/OutgoingLine';
import type { Recipient } from './bindings/Recipient';
import type { RegisterQuery } from './bindings/RegisterQuery';
import type { Sending } from './bindings/Sending';
import type { WrittenFile } from './bindings/WrittenFile';
import type { IncomingDetails } from './bindings/IncomingDetails';
import type { IncomingItem } from './bindings/IncomingItem';
import type { IncomingKind } from './bindings/IncomingKind';
import type { IncomingQuery } from './bindings/IncomingQuery';
import type { IncomingState } from './bindings/IncomingState';
import type { Urgency } from './bindings/Urgency';
import type { ScannerFolder } from './bindings/ScannerFolder';
import type { WaitingFile } from './bindings/WaitingFile';
import { mediaOrigin } from './reports';

export type { Channel, Letter, LetterDraft, ManualEntry, OutgoingLine, Recipient, RegisterQuery, Sending };
export type { IncomingDetails, IncomingItem, IncomingKind, IncomingQuery, IncomingState, Urgency };
export type { ScannerFolder, WaitingFile };

export const INCOMING_KINDS: readonly IncomingKind[] = [
  'resultat_labo',
  'cr_hospitalisation',
  'imagerie',
  'courrier',
  'administratif',
  'facture',
  'autre',
];
export const URGENCIES: readonly Urgency[] = ['urgent', 'a_voir', 'classement'];

/** Where the viewer reads a file of an incoming item. */
export function incomingFileUrl(fileId: string): string {
  return `${mediaOrigin()}/incoming/${encodeURIComponent(fileId)}`;
}

/** How a letter leaves, in the order offered. */
export const CHANNELS: readonly Channel[] = ['poste', 'main_propre', 'messagerie_securisee', 'fax'];

/** Where the viewer reads a letter's DL envelopes or its sheet of labels. */
export function addressesUrl(reportId: string, labels: boolean): string {
  return `${mediaOrigin()}/${labels ? 'labels' : 'envelopes'}/${encodeURIComponent(reportId)}`;
}

export const lettersApi = {
  /** A new letter « à taper » in the patient's Documents; its id. */
  create: (draft: LetterDraft) => invoke<string>('create_letter', { draft }),
  /** Its addressee and copies; null for a report. */
  get: (reportId: string) => invoke<Letter | null>('get_letter', { reportId }),
  setCopies: (reportId: string, copies: string[], copyToPatient: boolean) =>
    invoke<void>('set_letter_copies', { reportId, copies, copyToPatient }),
  /** A validated letter leaves: one register line per recipient. */
  send: (reportId: string, sending: Sending) => invoke<string[]>('send_letter', { reportId, sending }),
  record: (entry: ManualEntry) => invoke<string>('record_outgoing', { entry }),
  register: (query: RegisterQuery) => invoke<OutgoingLine[]>('outgoing_register', { query }),
  /** « Enregistrer sous » PDF/A or DOCX; null when she cancels. */
  saveAs: (reportId: string, docx: boolean) => invoke<WrittenFile | null>('save_document_as', { reportId, docx }),
};

export const incomingApi = {
  /** Native chooser (several files); [] when she cancels. */
  pickFiles: () => invoke<string[]>('pick_incoming_files'),
  /** Registers an item with its files (all or nothing); its id. */
  register: (paths: string[], details: IncomingDetails) => invoke<string>('register_incoming', { paths, details }),
  /** Urgent first, then the oldest received. */
  list: (query: IncomingQuery) => invoke<IncomingItem[]>('incoming_mail', { query }),
  fileUnder: (id: string, patientId: string) => invoke<void>('file_incoming', { id, patientId }),
  decide: (id: string, decision: IncomingState, note: string | null) =>
    invoke<void>('decide_incoming', { id, decision, note }),
  scannerFolder: () => invoke<ScannerFolder>('scanner_folder'),
  /** Native folder chooser; null when she cancels. */
  chooseScannerFolder: (deleteAfterFiling: boolean) =>
    invoke<ScannerFolder | null>('choose_scanner_folder', { deleteAfterFiling }),
  setScannerDelete: (deleteAfterFiling: boolean) => invoke<ScannerFolder>('set_scanner_delete', { deleteAfterFiling }),
  /** The files waiting in the scanner folder (those still arriving marked). */
  scannerFiles: () => invoke<WaitingFile[]>('scanner_files'),
};
