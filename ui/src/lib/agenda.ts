// The agenda's calls to the Rust shell, typed with the generated bindings
// (src/lib/bindings): one line per command of src-tauri/src/commands/agenda.rs,
// arguments in camelCase.
// Times are wall-clock times in the cabinet's zone, `2026-11-24T09:00`.
import { invoke } from '@tauri-apps/api/core';
import type { AgendaException } from './bindings/AgendaException';
import type { WrittenFile } from './bindings/WrittenFile';
import type { AgendaRange } from './bindings/AgendaRange';
import type { AppointmentChange } from './bindings/AppointmentChange';
import type { AppointmentDetail } from './bindings/AppointmentDetail';
import type { AppointmentDraft } from './bindings/AppointmentDraft';
import type { AppointmentStatus } from './bindings/AppointmentStatus';
import type { AppointmentView } from './bindings/AppointmentView';
import type { BookingWarning } from './bindings/BookingWarning';
import type { Calendar } from './bindings/Calendar';
import type { CalendarDraft } from './bindings/CalendarDraft';
import type { CalendarKind } from './bindings/CalendarKind';
import type { CancelledBy } from './bindings/CancelledBy';
import type { CallListEntry } from './bindings/CallListEntry';
import type { ExceptionAdded } from './bindings/ExceptionAdded';
import type { ExceptionDraft } from './bindings/ExceptionDraft';
import type { ExceptionKind } from './bindings/ExceptionKind';
import type { FlowBoard } from './bindings/FlowBoard';
import type { FreeSlot } from './bindings/FreeSlot';
import type { IcsExportRequest } from './bindings/IcsExportRequest';
import type { IcsImportPreview } from './bindings/IcsImportPreview';
import type { MonthDay } from './bindings/MonthDay';
import type { Motif } from './bindings/Motif';
import type { MotifDraft } from './bindings/MotifDraft';
import type { OccurrencePreview } from './bindings/OccurrencePreview';
import type { PartOfDay } from './bindings/PartOfDay';
import type { PatientAppointments } from './bindings/PatientAppointments';
import type { PlageDraft } from './bindings/PlageDraft';
import type { RepeatUnit } from './bindings/RepeatUnit';
import type { SeriesRule } from './bindings/SeriesRule';
import type { SlotRequest } from './bindings/SlotRequest';
import type { DoctorDay } from './bindings/DoctorDay';
import type { Today } from './bindings/Today';
import type { WaitingPatient } from './bindings/WaitingPatient';
import type { WaitingDraft } from './bindings/WaitingDraft';
import type { WaitingEntry } from './bindings/WaitingEntry';
import type { WalkInDraft } from './bindings/WalkInDraft';
import type { WarningKind } from './bindings/WarningKind';
import type { WeeklyTemplate } from './bindings/WeeklyTemplate';

export type { AgendaException, AgendaRange, AppointmentChange, AppointmentDetail, AppointmentDraft, AppointmentStatus, AppointmentView, BookingWarning, Calendar, CalendarDraft, CalendarKind, CallListEntry, CancelledBy, ExceptionAdded, ExceptionDraft, ExceptionKind, FlowBoard, FreeSlot, IcsExportRequest, IcsImportPreview, MonthDay, Motif, MotifDraft, OccurrencePreview, PartOfDay, PatientAppointments, PlageDraft, RepeatUnit, SeriesRule, SlotRequest, Today, DoctorDay, WaitingPatient, WaitingDraft, WaitingEntry, WalkInDraft, WarningKind, WeeklyTemplate };

export const agendaApi = {
  // Now in the cabinet's zone (`2026-11-24T09:05`): the page never trusts
  // the laptop's clock zone for the agenda.
  agendaNow: () => invoke<string>('agenda_now'),
  listCalendars: () => invoke<Calendar[]>('list_calendars'),
  saveCalendar: (id: string | null, draft: CalendarDraft) => invoke<string>('save_calendar', { id, draft }),
  setCalendarArchived: (id: string, archived: boolean) => invoke<void>('set_calendar_archived', { id, archived }),
  listMotifs: () => invoke<Motif[]>('list_motifs'),
  saveMotif: (id: string | null, draft: MotifDraft) => invoke<string>('save_motif', { id, draft }),
  setMotifArchived: (id: string, archived: boolean) => invoke<void>('set_motif_archived', { id, archived }),
  agendaTemplates: (calendarId: string) => invoke<WeeklyTemplate[]>('agenda_templates', { calendarId }),
  saveTemplate: (calendarId: string, validFrom: string, plages: PlageDraft[]) => invoke<string>('save_template', { calendarId, validFrom, plages }),
  listExceptions: (from: string, to: string) => invoke<AgendaException[]>('list_exceptions', { from, to }),
  addException: (draft: ExceptionDraft) => invoke<ExceptionAdded>('add_exception', { draft }),
  removeException: (id: string) => invoke<void>('remove_exception', { id }),
  // Day view, week view, printable day sheet.
  agendaRange: (calendarIds: string[], from: string, days: number) => invoke<AgendaRange>('agenda_range', { calendarIds, from, days }),
  agendaMonth: (calendarIds: string[], day: string) => invoke<MonthDay[]>('agenda_month', { calendarIds, day }),
  // The appointment and the statuses it may move to now (`mayBecome`, from the core's one table).
  getAppointment: (id: string) => invoke<AppointmentDetail>('get_appointment', { id }),
  appointmentDraft: (id: string) => invoke<AppointmentDraft>('appointment_draft', { id }),
  appointmentHistory: (id: string) => invoke<AppointmentChange[]>('appointment_history', { id }),
  // The warnings booking (or moving, with `moving`) would need confirmed.
  checkAppointment: (draft: AppointmentDraft, moving: string | null) => invoke<BookingWarning[]>('check_appointment', { draft, moving }),
  createAppointment: (draft: AppointmentDraft, acceptWarnings: boolean) => invoke<string>('create_appointment', { draft, acceptWarnings }),
  updateAppointment: (id: string, draft: AppointmentDraft, acceptWarnings: boolean) => invoke<void>('update_appointment', { id, draft, acceptWarnings }),
  moveAppointment: (id: string, calendarId: string, startsAt: string, durationMinutes: number | null, acceptWarnings: boolean) => invoke<void>('move_appointment', { id, calendarId, startsAt, durationMinutes, acceptWarnings }),
  // Returns, after a cancellation, the waiting-list entries the freed slot suits.
  setAppointmentStatus: (id: string, status: AppointmentStatus, cancelledBy: CancelledBy | null, acceptWarnings: boolean) => invoke<WaitingEntry[]>('set_appointment_status', { id, status, cancelledBy, acceptWarnings }),
  attachPatient: (id: string, patientId: string) => invoke<number>('attach_patient', { id, patientId }),
  addWalkIn: (draft: WalkInDraft) => invoke<string>('add_walk_in', { draft }),
  nextFreeSlots: (request: SlotRequest) => invoke<FreeSlot[]>('next_free_slots', { request }),
  previewSeries: (draft: AppointmentDraft, rule: SeriesRule) => invoke<OccurrencePreview[]>('preview_series', { draft, rule }),
  createSeries: (draft: AppointmentDraft, rule: SeriesRule, acceptWarnings: boolean) => invoke<string>('create_series', { draft, rule, acceptWarnings }),
  cancelFollowing: (id: string, cancelledBy: CancelledBy) => invoke<number>('cancel_following', { id, cancelledBy }),
  moveFollowing: (id: string, startsAt: string, acceptWarnings: boolean) => invoke<number>('move_following', { id, startsAt, acceptWarnings }),
  waitingList: () => invoke<WaitingEntry[]>('waiting_list'),
  addWaiting: (draft: WaitingDraft) => invoke<string>('add_waiting', { draft }),
  resolveWaiting: (id: string) => invoke<void>('resolve_waiting', { id }),
  waitingProposals: (appointmentId: string) => invoke<WaitingEntry[]>('waiting_proposals', { appointmentId }),
  giveSlot: (entryId: string, appointmentId: string) => invoke<string>('give_slot', { entryId, appointmentId }),
  flowBoard: (date: string, calendarIds: string[]) => invoke<FlowBoard>('flow_board', { date, calendarIds }),
  /** The home screen: each doctor's day as it stands now. */
  today: () => invoke<Today>('today'),
  neverCame: (date: string) => invoke<AppointmentView[]>('never_came', { date }),
  callList: (date: string) => invoke<CallListEntry[]>('call_list', { date }),
  /** The appointments to come and the latest `pastShown` past ones (all without it), with every count. */
  patientAppointments: (patientId: string, pastShown?: number) =>
    invoke<PatientAppointments>('patient_appointments', { patientId, pastShown: pastShown ?? null }),
  /** Asks where (the native save dialog, opened by the shell), writes the
   * ICS; answers where and how many appointments, null when she cancels. */
  exportIcs: (request: IcsExportRequest) => invoke<WrittenFile | null>('export_ics', { request }),
  previewIcsImport: (path: string, calendarId: string) => invoke<IcsImportPreview>('preview_ics_import', { path, calendarId }),
  importIcs: (path: string, calendarId: string, acceptWarnings: boolean) => invoke<number>('import_ics', { path, calendarId, acceptWarnings }),
  pickIcsFile: () => invoke<string | null>('pick_ics_file'),
};
