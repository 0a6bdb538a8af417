//! Agenda and waiting-room commands: each one core call on the open cabinet.

use carnet_core::agenda::absences::{self, ExceptionAdded};
use carnet_core::agenda::appointments::{
    self, AppointmentChange, AppointmentDraft, AppointmentStatus, BookingWarning, CancelledBy,
    WalkInDraft,
};
use carnet_core::agenda::flow::{self, FlowBoard};
use carnet_core::agenda::freed_slots;
use carnet_core::agenda::ics::{self, IcsExportRequest, IcsImportPreview};
use carnet_core::agenda::series::{self, OccurrencePreview, SeriesRule};
use carnet_core::agenda::setup::{
    self, AgendaException, Calendar, CalendarDraft, ExceptionDraft, Motif, MotifDraft, PlageDraft,
    WeeklyTemplate,
};
use carnet_core::agenda::slots::{self, FreeSlot, SlotRequest};
use carnet_core::agenda::today::{self as today_at_a_glance, Today};
use carnet_core::agenda::views::{
    self, AgendaRange, AppointmentDetail, AppointmentView, CallListEntry, MonthDay,
    PatientAppointments,
};
use carnet_core::agenda::waiting::{self, WaitingDraft, WaitingEntry};
use carnet_core::agenda::{self as agenda, parse_day};
use carnet_core::CoreError;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, on_cabinet, save_dialog};
use crate::error::CommandResult;
use crate::views::WrittenFile;
use carnet_core::session::AppState;
use carnet_core::storage::guarded_write::Replace;

/// Now in the cabinet's zone (`2026-11-24T09:05`): the page never trusts
/// the laptop's clock zone for the agenda.
#[tauri::command]
pub async fn agenda_now<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<String> {
    on_cabinet(&state, &window, |c| Ok(agenda::iso(agenda::now_local(c)))).await
}

#[tauri::command]
pub async fn list_calendars<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<Calendar>> {
    on_cabinet(&state, &window, |c| setup::calendars(c)).await
}

#[tauri::command]
pub async fn save_calendar<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: Option<String>,
    draft: CalendarDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        setup::save_calendar(c, id.as_deref(), &draft)
    })
    .await
}

#[tauri::command]
pub async fn set_calendar_archived<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    archived: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        setup::set_calendar_archived(c, &id, archived)
    })
    .await
}

#[tauri::command]
pub async fn list_motifs<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<Motif>> {
    on_cabinet(&state, &window, |c| setup::motifs(c)).await
}

#[tauri::command]
pub async fn save_motif<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: Option<String>,
    draft: MotifDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        setup::save_motif(c, id.as_deref(), &draft)
    })
    .await
}

#[tauri::command]
pub async fn set_motif_archived<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    archived: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        setup::set_motif_archived(c, &id, archived)
    })
    .await
}

#[tauri::command]
pub async fn agenda_templates<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    calendar_id: String,
) -> CommandResult<Vec<WeeklyTemplate>> {
    on_cabinet(&state, &window, move |c| setup::templates(c, &calendar_id)).await
}

#[tauri::command]
pub async fn save_template<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    calendar_id: String,
    valid_from: String,
    plages: Vec<PlageDraft>,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        setup::save_template(c, &calendar_id, &valid_from, &plages)
    })
    .await
}

#[tauri::command]
pub async fn list_exceptions<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    from: String,
    to: String,
) -> CommandResult<Vec<AgendaException>> {
    on_cabinet(&state, &window, move |c| {
        setup::exceptions(c, parse_day(&from, "from")?, parse_day(&to, "to")?)
    })
    .await
}

#[tauri::command]
pub async fn add_exception<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: ExceptionDraft,
) -> CommandResult<ExceptionAdded> {
    on_cabinet(&state, &window, move |c| absences::add_exception(c, &draft)).await
}

#[tauri::command]
pub async fn remove_exception<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| setup::remove_exception(c, &id)).await
}

/// Day view, week view, printable day sheet.
#[tauri::command]
pub async fn agenda_range<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    calendar_ids: Vec<String>,
    from: String,
    days: u32,
) -> CommandResult<AgendaRange> {
    on_cabinet(&state, &window, move |c| {
        views::range(c, &calendar_ids, parse_day(&from, "from")?, days)
    })
    .await
}

#[tauri::command]
pub async fn agenda_month<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    calendar_ids: Vec<String>,
    day: String,
) -> CommandResult<Vec<MonthDay>> {
    on_cabinet(&state, &window, move |c| {
        views::month(c, &calendar_ids, parse_day(&day, "day")?)
    })
    .await
}

#[tauri::command]
pub async fn get_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<AppointmentDetail> {
    on_cabinet(&state, &window, move |c| views::appointment_detail(c, &id)).await
}

#[tauri::command]
pub async fn appointment_draft<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<AppointmentDraft> {
    on_cabinet(&state, &window, move |c| appointments::draft_of(c, &id)).await
}

#[tauri::command]
pub async fn appointment_history<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<Vec<AppointmentChange>> {
    on_cabinet(&state, &window, move |c| appointments::history(c, &id)).await
}

/// The warnings booking (or moving, with `moving`) would need confirmed.
#[tauri::command]
pub async fn check_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: AppointmentDraft,
    moving: Option<String>,
) -> CommandResult<Vec<BookingWarning>> {
    on_cabinet(&state, &window, move |c| {
        appointments::check(c, &draft, moving.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn create_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: AppointmentDraft,
    accept_warnings: bool,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        appointments::create(c, &draft, accept_warnings)
    })
    .await
}

#[tauri::command]
pub async fn update_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    draft: AppointmentDraft,
    accept_warnings: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        appointments::update(c, &id, &draft, accept_warnings)
    })
    .await
}

#[tauri::command]
pub async fn move_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    calendar_id: String,
    starts_at: String,
    duration_minutes: Option<u32>,
    accept_warnings: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        appointments::move_to(
            c,
            &id,
            &calendar_id,
            &starts_at,
            duration_minutes,
            accept_warnings,
        )
    })
    .await
}

/// Returns, after a cancellation, the waiting-list entries the freed slot suits.
#[tauri::command]
pub async fn set_appointment_status<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    status: AppointmentStatus,
    cancelled_by: Option<CancelledBy>,
    accept_warnings: bool,
) -> CommandResult<Vec<WaitingEntry>> {
    on_cabinet(&state, &window, move |c| {
        appointments::set_status(c, &id, status, cancelled_by, accept_warnings)
    })
    .await
}

#[tauri::command]
pub async fn attach_patient<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    patient_id: String,
) -> CommandResult<usize> {
    on_cabinet(&state, &window, move |c| {
        appointments::attach_patient(c, &id, &patient_id)
    })
    .await
}

#[tauri::command]
pub async fn add_walk_in<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: WalkInDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| appointments::walk_in(c, &draft)).await
}

#[tauri::command]
pub async fn next_free_slots<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    request: SlotRequest,
) -> CommandResult<Vec<FreeSlot>> {
    on_cabinet(&state, &window, move |c| {
        slots::next_free_slots(c, &request)
    })
    .await
}

#[tauri::command]
pub async fn preview_series<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: AppointmentDraft,
    rule: SeriesRule,
) -> CommandResult<Vec<OccurrencePreview>> {
    on_cabinet(&state, &window, move |c| series::preview(c, &draft, &rule)).await
}

#[tauri::command]
pub async fn create_series<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: AppointmentDraft,
    rule: SeriesRule,
    accept_warnings: bool,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        series::create(c, &draft, &rule, accept_warnings)
    })
    .await
}

#[tauri::command]
pub async fn cancel_following<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    cancelled_by: CancelledBy,
) -> CommandResult<usize> {
    on_cabinet(&state, &window, move |c| {
        series::cancel_following(c, &id, cancelled_by)
    })
    .await
}

#[tauri::command]
pub async fn move_following<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    starts_at: String,
    accept_warnings: bool,
) -> CommandResult<usize> {
    on_cabinet(&state, &window, move |c| {
        series::move_following(c, &id, &starts_at, accept_warnings)
    })
    .await
}

#[tauri::command]
pub async fn waiting_list<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<WaitingEntry>> {
    on_cabinet(&state, &window, |c| waiting::open_entries(c)).await
}

#[tauri::command]
pub async fn add_waiting<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: WaitingDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| waiting::add(c, &draft)).await
}

#[tauri::command]
pub async fn resolve_waiting<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| waiting::resolve(c, &id)).await
}

#[tauri::command]
pub async fn waiting_proposals<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    appointment_id: String,
) -> CommandResult<Vec<WaitingEntry>> {
    on_cabinet(&state, &window, move |c| {
        waiting::proposals_for(c, &appointment_id)
    })
    .await
}

#[tauri::command]
pub async fn give_slot<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    entry_id: String,
    appointment_id: String,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| {
        freed_slots::give_slot(c, &entry_id, &appointment_id)
    })
    .await
}

#[tauri::command]
pub async fn flow_board<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    date: String,
    calendar_ids: Vec<String>,
) -> CommandResult<FlowBoard> {
    on_cabinet(&state, &window, move |c| {
        flow::board(c, parse_day(&date, "date")?, &calendar_ids)
    })
    .await
}

/// The home screen: each doctor's day as it stands now.
#[tauri::command]
pub async fn today<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Today> {
    on_cabinet(&state, &window, |c| today_at_a_glance::today(c)).await
}

#[tauri::command]
pub async fn never_came<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    date: String,
) -> CommandResult<Vec<AppointmentView>> {
    on_cabinet(&state, &window, move |c| {
        flow::never_came(c, parse_day(&date, "date")?)
    })
    .await
}

#[tauri::command]
pub async fn call_list<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    date: String,
) -> CommandResult<Vec<CallListEntry>> {
    on_cabinet(&state, &window, move |c| {
        views::call_list(c, parse_day(&date, "date")?)
    })
    .await
}

#[tauri::command]
pub async fn patient_appointments<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    patient_id: String,
    past_shown: Option<u32>,
) -> CommandResult<PatientAppointments> {
    on_cabinet(&state, &window, move |c| match past_shown {
        Some(shown) => views::latest_of_patient(c, &patient_id, shown),
        None => views::of_patient(c, &patient_id),
    })
    .await
}

fn read_ics(path: &str) -> Result<String, CoreError> {
    ics::read_file(std::path::Path::new(path.trim()))
}

#[tauri::command]
pub async fn export_ics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    request: IcsExportRequest,
) -> CommandResult<Option<WrittenFile>> {
    let Some(path) = save_dialog(
        &app,
        "Exporter l'agenda (ICS, non chiffré)",
        ("Calendrier ICS", "ics"),
        "agenda.ics",
    ) else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        let events = ics::write_export(c, &request, &path, Replace::Confirmed)?;
        Ok(Some(WrittenFile::new(&path, events)))
    })
    .await
}

#[tauri::command]
pub async fn preview_ics_import<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
    calendar_id: String,
) -> CommandResult<IcsImportPreview> {
    // Read without holding the session; the cabinet only for what it holds.
    blocking(&state, &window, move |s| {
        s.read_then_write(
            |c| Ok(c.zone()),
            |zone| ics::parse(&read_ics(&path)?, zone),
            |c, parsed| ics::preview_parsed(c, parsed, &calendar_id),
        )
    })
    .await
}

#[tauri::command]
pub async fn import_ics<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
    calendar_id: String,
    accept_warnings: bool,
) -> CommandResult<usize> {
    blocking(&state, &window, move |s| {
        s.read_then_write(
            |c| Ok(c.zone()),
            |zone| ics::parse(&read_ics(&path)?, zone),
            |c, parsed| ics::import_parsed(c, parsed, &calendar_id, accept_warnings),
        )
    })
    .await
}

#[tauri::command]
pub async fn pick_ics_file<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Importer un agenda (ICS)")
        .add_filter("Calendrier ICS", &["ics", "ical", "ifb", "icalendar"])
        .blocking_pick_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}
