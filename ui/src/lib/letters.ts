// Letters to correspondants and the outgoing register: one typed wrapper
// per shell command (held by src-tauri/tests/ipc_surface.rs), and where
// the viewer reads a letter's envelopes or labels (`carnet-media`, from
// memory, never a file).
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
import { mediaOrigin } from './reports';

export type { Channel, Letter, LetterDraft, ManualEntry, OutgoingLine, Recipient, RegisterQuery, Sending };

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
