//! Reports and dictations: the commands of the « Comptes rendus » section
//! (work list, transcription station, the doctor's queue, search, the
//! Documents part of a patient file), and what the `carnet-media` protocol
//! reads from the open cabinet. Each is one call into
//! `carnet_core::documents` (or `practitioners`).

use carnet_core::documents::import::{self, ImportDetails, ReportFilePreview};
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

use super::{blocking, on_cabinet, pick_files};
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
        MediaRequest::Incoming { file_id } => Ok(carnet_core::documents::incoming::file_bytes(
            cabinet, file_id,
        )?
        .map(|(format, bytes)| Media {
            bytes,
            // An e-mail is shown as its text.
            mime: match format {
                carnet_core::documents::incoming::FileFormat::Eml => {
                    "text/plain; charset=utf-8".to_string()
                }
                other => other.mime().to_string(),
            },
        })),
        MediaRequest::Receipt { fee_id } => {
            let Some(page) = carnet_core::money::receipts::printable(cabinet, fee_id)? else {
                return Ok(None);
            };
            let bytes = carnet_print::render_pdf(&page)
                .map_err(|error| CoreError::Internal(error.to_string()))?;
            Ok(Some(Media {
                bytes,
                mime: "application/pdf".to_string(),
            }))
        }
        MediaRequest::Addresses { report_id, labels } => {
            let (sender, addresses) = carnet_core::documents::letters::envelopes(
                cabinet,
                std::slice::from_ref(report_id),
            )?;
            let format = if *labels {
                carnet_print::AddressFormat::Labels
            } else {
                carnet_print::AddressFormat::Envelope
            };
            let bytes = carnet_print::render_addresses(format, &sender, &addresses)
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
    Ok(pick_files(
        &app,
        "Importer des dictées",
        (
            "Enregistrements",
            &[
                "wav", "mp3", "m4a", "aac", "mp4", "ogg", "oga", "opus", "dss", "ds2",
            ],
        ),
    ))
}

/// The extensions of existing reports offered by the chooser (old `.doc`
/// too, so that she is told plainly why it is refused).
const REPORT_EXTENSIONS: [&str; 4] = ["docx", "pdf", "txt", "doc"];

/// The native chooser for existing reports: several files, or a folder
/// (its reports, not its sub-folders, in name order).
#[tauri::command]
pub async fn pick_existing_reports<R: Runtime>(
    app: AppHandle<R>,
    folder: bool,
) -> CommandResult<Vec<String>> {
    let dialog = app
        .dialog()
        .file()
        .set_title("Importer des comptes rendus existants");
    if !folder {
        let picked = dialog
            .add_filter("Comptes rendus (Word, PDF, texte)", &REPORT_EXTENSIONS)
            .blocking_pick_files();
        return Ok(picked
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.into_path().ok())
            .map(|p| p.display().to_string())
            .collect());
    }
    let Some(dir) = dialog
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(Vec::new());
    };
    let entries = std::fs::read_dir(&dir).map_err(|e| CoreError::InvalidInput {
        field: "folder",
        message: format!("Ce dossier ne peut pas être lu : {e}."),
    })?;
    let mut paths: Vec<String> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .map(|path| path.display().to_string())
        .collect();
    paths.sort();
    Ok(paths)
}

/// One chosen file read for the import screen, or why it cannot be.
#[derive(Debug, serde::Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ReportFileCheck {
    pub path: String,
    pub preview: Option<ReportFilePreview>,
    /// The French reason it is refused (not a report Carnet reads).
    pub error: Option<String>,
}

/// Reads the chosen files (their text, what their names propose) without
/// touching the cabinet: nothing is written before she confirms.
#[tauri::command]
pub async fn preview_existing_reports<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    paths: Vec<String>,
) -> CommandResult<Vec<ReportFileCheck>> {
    blocking(&state, &window, move |_| {
        Ok(paths
            .into_iter()
            .map(|path| match import::preview(std::path::Path::new(&path)) {
                Ok(preview) => ReportFileCheck {
                    path,
                    preview: Some(preview),
                    error: None,
                },
                Err(error) => ReportFileCheck {
                    path,
                    preview: None,
                    error: Some(error.to_string()),
                },
            })
            .collect())
    })
    .await
}

/// One file and what she confirmed for it.
#[derive(Debug, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct ExistingReport {
    pub path: String,
    pub details: ImportDetails,
}

/// Files existing reports in their patients' Documents, all or none: the
/// files are read again outside the session lock, then written in one
/// transaction.
#[tauri::command]
pub async fn import_existing_reports<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    reports: Vec<ExistingReport>,
) -> CommandResult<Vec<String>> {
    blocking(&state, &window, move |s| {
        s.read_then_write(
            |_| Ok(()),
            |()| {
                reports
                    .iter()
                    .map(|r| {
                        import::read_file(std::path::Path::new(&r.path))
                            .map(|document| (document, r.details.clone()))
                    })
                    .collect::<Result<Vec<_>, CoreError>>()
            },
            |c, documents| import::import_reports(c, &documents),
        )
    })
    .await
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
