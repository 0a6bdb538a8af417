//! Reports and dictations: the commands of the « Comptes rendus » section
//! (work list, transcription station, the doctor's queue, search, the
//! Documents part of a patient file), and what the `carnet-media` protocol
//! reads from the open cabinet. Each is one call into
//! `carnet_core::documents` (or `practitioners`).

use carnet_core::documents::reports::{
    self, Report, ReportDetails, ReportFilter, ReportLine, Saved, Validation, Version,
};
use carnet_core::documents::search::{self, ReportQuery, ReportResults};
use carnet_core::documents::worklist::{self, WorkCounts, WorkList};
use carnet_core::documents::{audio, ReportStatus};
use carnet_core::practitioners::{self, PractitionerCard};
use carnet_core::session::AppState;
use carnet_core::users::Pin;
use carnet_core::CoreError;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, on_cabinet};
use crate::error::CommandResult;
use crate::media_protocol::{Media, MediaRequest};

/// The bytes a `carnet-media` address names, read from the open cabinet.
pub fn read_media(state: &AppState, wanted: &MediaRequest) -> Result<Option<Media>, CoreError> {
    state.with_cabinet(|cabinet| match wanted {
        MediaRequest::Audio { report_id } => {
            if audio::info(cabinet, report_id)?.is_none() {
                return Ok(None);
            }
            let (format, bytes) = audio::bytes(cabinet, report_id)?;
            Ok(Some(Media {
                bytes,
                mime: format.mime().to_string(),
            }))
        }
        MediaRequest::Pdf { report_id, version } => {
            let page = carnet_core::documents::printable(cabinet, report_id, Some(*version))?;
            let bytes = carnet_print::render_pdf(&page)
                .map_err(|error| CoreError::Internal(error.to_string()))?;
            Ok(Some(Media {
                bytes,
                mime: "application/pdf".to_string(),
            }))
        }
    })
}

#[tauri::command]
pub async fn report_work_list<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    author_id: Option<String>,
) -> CommandResult<WorkList> {
    on_cabinet(&state, &window, move |c| {
        worklist::work_list(c, author_id.as_deref())
    })
    .await
}

/// The navigation badge and the home screen's line.
#[tauri::command]
pub async fn report_counts<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<WorkCounts> {
    on_cabinet(&state, &window, |c| worklist::counts(c)).await
}

#[tauri::command]
pub async fn list_practitioners<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<PractitionerCard>> {
    on_cabinet(&state, &window, |c| practitioners::list(c)).await
}

/// Which practitioner a profile is: the one that validates her reports.
#[tauri::command]
pub async fn link_user_to_practitioner<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    user_id: String,
    practitioner_id: Option<String>,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        practitioners::link_user(c, &user_id, practitioner_id.as_deref())
    })
    .await
}

/// The native chooser for the doctor's recordings (several at once).
#[tauri::command]
pub async fn pick_dictation_files<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Importer des dictées")
        .add_filter(
            "Enregistrements",
            &[
                "wav", "mp3", "m4a", "aac", "mp4", "ogg", "oga", "opus", "dss", "ds2",
            ],
        )
        .blocking_pick_files();
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

/// Imports one recording as a dictation « à taper »: read and checked
/// outside the session lock, stored in one transaction. With
/// `delete_original`, the recorder's file is removed once the cabinet holds
/// the same number of bytes.
#[tauri::command]
pub async fn import_dictation<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
    details: ReportDetails,
    delete_original: bool,
) -> CommandResult<String> {
    blocking(&state, &window, move |s| {
        let id = s.read_then_write(
            |_| Ok(()),
            |()| audio::read_file(std::path::Path::new(&path)),
            |c, checked| reports::import_dictation(c, &checked, &details),
        )?;
        if delete_original {
            let stored = s.with_cabinet(|c| audio::info(c, &id))?;
            let on_disk = std::fs::metadata(&path).map(|m| m.len()).ok();
            if stored.map(|a| a.byte_count as u64) == on_disk {
                std::fs::remove_file(&path).map_err(|e| CoreError::InvalidInput {
                    field: "deleteOriginal",
                    message: format!("La dictée est importée, mais l'original n'a pas pu être supprimé du dossier de l'enregistreur : {e}."),
                })?;
            }
        }
        Ok(id)
    })
    .await
}

#[tauri::command]
pub async fn create_report<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    details: ReportDetails,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| reports::create(c, &details)).await
}

#[tauri::command]
pub async fn get_report<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<Report> {
    on_cabinet(&state, &window, move |c| reports::get(c, &id)).await
}

#[tauri::command]
pub async fn update_report_details<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    details: ReportDetails,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        reports::update_details(c, &id, &details)
    })
    .await
}

#[tauri::command]
pub async fn save_report_body<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    body: serde_json::Value,
) -> CommandResult<Saved> {
    on_cabinet(&state, &window, move |c| reports::save_body(c, &id, &body)).await
}

#[tauri::command]
pub async fn set_report_status<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    status: ReportStatus,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        reports::set_status(c, &id, status)
    })
    .await
}

/// The doctor signs: her profile and her PIN, at whatever desk.
#[tauri::command]
pub async fn validate_report<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    user_id: String,
    pin: String,
) -> CommandResult<Validation> {
    on_cabinet(&state, &window, move |c| {
        reports::validate(c, &id, &user_id, &Pin::new(pin))
    })
    .await
}

#[tauri::command]
pub async fn report_version<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    number: i64,
) -> CommandResult<Version> {
    on_cabinet(&state, &window, move |c| reports::version(c, &id, number)).await
}

#[tauri::command]
pub async fn list_reports<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    filter: ReportFilter,
) -> CommandResult<Vec<ReportLine>> {
    on_cabinet(&state, &window, move |c| reports::list(c, &filter)).await
}

#[tauri::command]
pub async fn search_reports<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    query: ReportQuery,
) -> CommandResult<ReportResults> {
    on_cabinet(&state, &window, move |c| search::search(c, &query)).await
}

/// A report filed under the wrong patient goes to the right one, with the
/// reason in both files' trail.
#[tauri::command]
pub async fn move_report<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    patient_id: String,
    reason: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        reports::move_to_patient(c, &id, &patient_id, &reason)
    })
    .await
}
