// The « Comptes rendus » section's calls to the shell: one typed wrapper
// per command (held by src-tauri/tests/ipc_surface.rs), and the address of
// a dictation's audio or a report's PDF on the shell's `carnet-media`
// protocol (served from memory, never a file).
import { invoke } from '@tauri-apps/api/core';
import type { PractitionerCard } from './bindings/PractitionerCard';
import type { Report } from './bindings/Report';
import type { ReportDetails } from './bindings/ReportDetails';
import type { ReportFilter } from './bindings/ReportFilter';
import type { ReportKind } from './bindings/ReportKind';
import type { ReportLine } from './bindings/ReportLine';
import type { ReportQuery } from './bindings/ReportQuery';
import type { ReportResults } from './bindings/ReportResults';
import type { ReportStatus } from './bindings/ReportStatus';
import type { Priority } from './bindings/Priority';
import type { Saved } from './bindings/Saved';
import type { Validation } from './bindings/Validation';
import type { Version } from './bindings/Version';
import type { WorkCounts } from './bindings/WorkCounts';
import type { WorkItem } from './bindings/WorkItem';
import type { WorkList } from './bindings/WorkList';
import type { ReportHit } from './bindings/ReportHit';
import type { ImportDetails } from './bindings/ImportDetails';
import type { ReportFileCheck } from './bindings/ReportFileCheck';
import type { ExistingReport } from './bindings/ExistingReport';
import type { DocJson } from './documents/editor';
import type { ReportKind as DocumentKind } from './bindings/ReportKind';
import type { FillContext } from './bindings/FillContext';
import type { Filled } from './bindings/Filled';
import type { MergeField } from './bindings/MergeField';
import type { MissingField } from './bindings/MissingField';
import type { Snippet } from './bindings/Snippet';
import type { SnippetDraft } from './bindings/SnippetDraft';
import type { Template } from './bindings/Template';
import type { TemplateDraft } from './bindings/TemplateDraft';

export type {
  ExistingReport,
  ImportDetails,
  ReportFileCheck,
  DocumentKind,
  FillContext,
  Filled,
  MergeField,
  MissingField,
  Snippet,
  SnippetDraft,
  Template,
  TemplateDraft,
  PractitionerCard,
  Priority,
  Report,
  ReportDetails,
  ReportHit,
  ReportKind,
  ReportLine,
  ReportQuery,
  ReportResults,
  ReportStatus,
  Saved,
  Validation,
  Version,
  WorkCounts,
  WorkItem,
  WorkList,
};

/**
 * The protocol's origin: WebKitGTK and WKWebView load `carnet-media://`
 * as it is; Windows' WebView2 only as `http://carnet-media.localhost`.
 */
export function mediaOrigin(): string {
  const windows = typeof navigator !== 'undefined' && /Windows/.test(navigator.userAgent);
  return windows ? 'http://carnet-media.localhost' : 'carnet-media://localhost';
}

/** Where the player reads a dictation's audio. */
export function audioUrl(reportId: string): string {
  return `${mediaOrigin()}/audio/${encodeURIComponent(reportId)}`;
}

/** Where the viewer reads a version's PDF. */
export function pdfUrl(reportId: string, version: number): string {
  return `${mediaOrigin()}/pdf/${encodeURIComponent(reportId)}/${version}`;
}

/** Every kind of report, in the order the lists offer them. */
export const REPORT_KINDS: readonly ReportKind[] = ['consultation', 'operatoire', 'examen', 'courrier', 'autre'];

export const reportsApi = {
  /** What is to type (priority, then due date), to validate (oldest first), late. */
  workList: (authorId: string | null = null) => invoke<WorkList>('report_work_list', { authorId }),
  /** The navigation badge and the home screen's line. */
  counts: () => invoke<WorkCounts>('report_counts'),
  practitioners: () => invoke<PractitionerCard[]>('list_practitioners'),
  /** Which practitioner a profile is (administrators only); null: none. */
  linkUser: (userId: string, practitionerId: string | null) =>
    invoke<void>('link_user_to_practitioner', { userId, practitionerId }),
  /** Native chooser (several files); [] when she cancels. */
  pickDictationFiles: () => invoke<string[]>('pick_dictation_files'),
  /** One recording → a dictation « à taper »; its id. */
  importDictation: (path: string, details: ReportDetails, deleteOriginal: boolean) =>
    invoke<string>('import_dictation', { path, details, deleteOriginal }),
  /** Native chooser for existing reports: files, or every report of a folder; [] when she cancels. */
  pickExistingReports: (folder: boolean) => invoke<string[]>('pick_existing_reports', { folder }),
  /** Reads the chosen files (text, what their names propose); writes nothing. */
  previewExistingReports: (paths: string[]) => invoke<ReportFileCheck[]>('preview_existing_reports', { paths }),
  /** Files them in their patients' Documents, all or none; their ids. */
  importExistingReports: (items: ExistingReport[]) => invoke<string[]>('import_existing_reports', { reports: items }),
  createReport: (details: ReportDetails) => invoke<string>('create_report', { details }),
  getReport: (id: string) => invoke<Report>('get_report', { id }),
  updateDetails: (id: string, details: ReportDetails) =>
    invoke<void>('update_report_details', { id, details }),
  saveBody: (id: string, body: DocJson) => invoke<Saved>('save_report_body', { id, body }),
  setStatus: (id: string, status: ReportStatus) => invoke<void>('set_report_status', { id, status }),
  /** The author signs with her profile and PIN; freezes the version. */
  validate: (id: string, userId: string, pin: string) =>
    invoke<Validation>('validate_report', { id, userId, pin }),
  version: (id: string, number: number) => invoke<Version>('report_version', { id, number }),
  list: (filter: ReportFilter) => invoke<ReportLine[]>('list_reports', { filter }),
  search: (query: ReportQuery) => invoke<ReportResults>('search_reports', { query }),
  /** Filed under the wrong patient: moved, with the reason in both files. */
  moveToPatient: (id: string, patientId: string, reason: string) =>
    invoke<void>('move_report', { id, patientId, reason }),

  // Templates, merge fields, snippets, the cabinet's words.
  mergeFieldCatalogue: () => invoke<MergeField[]>('merge_field_catalogue'),
  listTemplates: (kind: DocumentKind | null, practitionerId: string | null) =>
    invoke<Template[]>('list_document_templates', { kind, practitionerId }),
  /** Creates (`id` null) or changes a template; its id. */
  saveTemplate: (id: string | null, draft: TemplateDraft) => invoke<string>('save_document_template', { id, draft }),
  archiveTemplate: (id: string) => invoke<void>('archive_document_template', { id }),
  /** The template filled for a patient, and the fields her file lacks. */
  fillTemplate: (id: string, context: FillContext) => invoke<Filled>('fill_document_template', { id, context }),
  listSnippets: (practitionerId: string | null) => invoke<Snippet[]>('list_snippets', { practitionerId }),
  expandSnippet: (practitionerId: string | null, code: string) =>
    invoke<Snippet | null>('expand_snippet', { practitionerId, code }),
  createSnippet: (draft: SnippetDraft) => invoke<string>('create_snippet', { draft }),
  medicalWords: () => invoke<string[]>('list_medical_words'),
  addMedicalWord: (word: string) => invoke<boolean>('add_medical_word', { word }),
};
