//! Patient commands: each one core call on the open cabinet.

use carnet_core::correspondants::{self, Correspondant, CorrespondantDraft};
use carnet_core::patients::duplicates::{self, DuplicateCandidate};
use carnet_core::patients::merge::{self, FieldComparison};
use carnet_core::patients::retention::{self, ExpiredFile};
use carnet_core::patients::search::{self, PatientSearch, SearchOptions};
use carnet_core::patients::transfer::{self, ImportField, ImportMode, ImportPreview, ImportReport};
use carnet_core::patients::{self, CreatedPatient, HistoryEntry, PatientDraft, PatientFile};
use carnet_core::reference::{self, CommuneOption, PlaceOption};
use carnet_core::CoreError;
use tauri::{AppHandle, Emitter, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, on_cabinet, save_dialog};
use crate::error::CommandResult;
use crate::views::WrittenFile;
use carnet_core::session::AppState;
use carnet_core::storage::guarded_write::Replace;

#[tauri::command]
pub async fn search_patients<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    query: String,
    include_archived: bool,
    limit: u32,
) -> CommandResult<PatientSearch> {
    let options = SearchOptions {
        limit: limit.clamp(1, 200) as usize,
        include_archived,
    };
    on_cabinet(&state, &window, move |c| search::search(c, &query, options)).await
}

#[tauri::command]
pub async fn get_patient<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<PatientFile> {
    on_cabinet(&state, &window, move |c| patients::get(c, &id)).await
}

#[tauri::command]
pub async fn patient_history<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<Vec<HistoryEntry>> {
    on_cabinet(&state, &window, move |c| patients::history(c, &id)).await
}

/// Candidates while she types a new identity; an incomplete identity has none.
#[tauri::command]
pub async fn duplicate_candidates<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: PatientDraft,
) -> CommandResult<Vec<DuplicateCandidate>> {
    on_cabinet(&state, &window, move |c| {
        match patients::validate(&draft, c.today()) {
            Ok(identity) => duplicates::candidates(c, &identity),
            Err(_) => Ok(Vec::new()),
        }
    })
    .await
}

#[tauri::command]
pub async fn create_patient<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: PatientDraft,
    confirmed_not_duplicate: bool,
) -> CommandResult<CreatedPatient> {
    on_cabinet(&state, &window, move |c| {
        patients::create(c, &draft, confirmed_not_duplicate)
    })
    .await
}

#[tauri::command]
pub async fn update_patient<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    draft: PatientDraft,
) -> CommandResult<Vec<String>> {
    on_cabinet(&state, &window, move |c| patients::update(c, &id, &draft)).await
}

#[tauri::command]
pub async fn set_patient_archived<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    archived: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        patients::set_archived(c, &id, archived)
    })
    .await
}

#[tauri::command]
pub async fn compare_patients<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    keep_id: String,
    remove_id: String,
) -> CommandResult<Vec<FieldComparison>> {
    on_cabinet(&state, &window, move |c| {
        merge::compare(c, &keep_id, &remove_id)
    })
    .await
}

#[tauri::command]
pub async fn merge_patients<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    keep_id: String,
    remove_id: String,
    take_from_removed: Vec<String>,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        merge::merge(c, &keep_id, &remove_id, &take_from_removed)
    })
    .await
}

#[tauri::command]
pub async fn expired_files<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<ExpiredFile>> {
    on_cabinet(&state, &window, move |c| retention::expired_files(c)).await
}

#[tauri::command]
pub async fn delete_expired_file<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    confirmed: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        retention::delete_expired(c, &id, confirmed)
    })
    .await
}

fn read_csv(path: &str) -> Result<Vec<u8>, CoreError> {
    transfer::read_file(std::path::Path::new(path.trim()))
}

#[tauri::command]
pub async fn preview_import<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
) -> CommandResult<ImportPreview> {
    // Reading the file needs no cabinet: the session is not held meanwhile.
    blocking(&state, &window, move |s| {
        s.with_cabinet(|_| Ok(()))?;
        transfer::preview(&read_csv(&path)?)
    })
    .await
}

#[derive(Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

#[tauri::command]
pub async fn import_patients<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
    mapping: Vec<ImportField>,
    mode: ImportMode,
) -> CommandResult<ImportReport> {
    // Progress goes to the page as `import-progress` events {done, total}.
    let emitter = window.clone();
    // Progress is a courtesy: a closed window misses it, the import goes on.
    let progress = move |done, total| {
        let _ = emitter.emit("import-progress", ImportProgress { done, total });
    };
    let mut reading = progress.clone();
    let mut writing = progress;
    // The file is read and checked without holding the session (she can
    // lock meanwhile); only the duplicate check and the writing hold it.
    blocking(&state, &window, move |s| {
        s.read_then_write(
            |c| Ok(c.today()),
            |today| transfer::check(&read_csv(&path)?, &mapping, today, &mut reading),
            |c, checked| transfer::write_checked(c, checked, mode, &mut writing),
        )
    })
    .await
}

/// Asks where to write the patient list — the native save dialog, opened
/// here so the page never names a path — then writes it through the core's
/// guarded writer (never onto the cabinet, its sidecars or a backup;
/// temporary name, fsync, rename). `None`: she cancelled.
#[tauri::command]
pub async fn export_patients<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Option<WrittenFile>> {
    let Some(path) = save_dialog(
        &app,
        "Exporter la liste des patients (CSV, non chiffré)",
        ("Fichier CSV", "csv"),
        "patients.csv",
    ) else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        let bytes = transfer::write_export(c, &path, Replace::Confirmed)?;
        Ok(Some(WrittenFile::new(&path, bytes)))
    })
    .await
}

#[tauri::command]
pub async fn communes_for_postcode(postcode: String) -> CommandResult<Vec<CommuneOption>> {
    Ok(reference::communes_for_postcode(&postcode))
}

#[tauri::command]
pub async fn birth_places(query: String) -> CommandResult<Vec<PlaceOption>> {
    Ok(reference::birth_places(&query, 15))
}

#[tauri::command]
pub async fn pick_csv_file<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Importer des patients (CSV)")
        .add_filter("Fichier CSV", &["csv", "txt"])
        .blocking_pick_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn list_correspondants<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    query: String,
) -> CommandResult<Vec<Correspondant>> {
    on_cabinet(&state, &window, move |c| correspondants::list(c, &query)).await
}

#[tauri::command]
pub async fn save_correspondant<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: Option<String>,
    draft: CorrespondantDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| match id {
        Some(id) => correspondants::update(c, &id, &draft).map(|()| id),
        None => correspondants::create(c, &draft),
    })
    .await
}

#[tauri::command]
pub async fn set_correspondant_archived<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    archived: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        correspondants::set_archived(c, &id, archived)
    })
    .await
}
