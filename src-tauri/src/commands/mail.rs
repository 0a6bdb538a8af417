//! Incoming mail: the commands of « Courrier arrivé » (register an item
//! with its files, the inbox, filing, the doctor's decision) and what the
//! `carnet-media` protocol reads of a stored file. Each is one call into
//! `carnet_core::documents::incoming`.

use carnet_core::documents::incoming::{
    self, IncomingDetails, IncomingItem, IncomingQuery, IncomingState,
};
use carnet_core::documents::scanner_folder::{self, ScannerFolder, WaitingFile};
use carnet_core::session::AppState;
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, on_cabinet, pick_files};
use crate::error::CommandResult;

/// The native chooser for scans, PDFs, images and saved e-mails.
#[tauri::command]
pub async fn pick_incoming_files<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<String>> {
    Ok(pick_files(
        &app,
        "Ajouter un courrier arrivé",
        (
            "Scans, PDF, images, e-mails",
            &["pdf", "jpg", "jpeg", "png", "eml", "tif", "tiff"],
        ),
    ))
}

/// Registers an item with the files she chose: read and checked before the
/// cabinet is touched, then filed and indexed whole or not at all.
#[tauri::command]
pub async fn register_incoming<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    paths: Vec<String>,
    details: IncomingDetails,
) -> CommandResult<String> {
    blocking(&state, &window, move |s| {
        s.read_then_write(
            |_| Ok(()),
            |()| {
                let mut files = Vec::new();
                for path in &paths {
                    files.extend(incoming::read_file(std::path::Path::new(path))?);
                }
                Ok(files)
            },
            |c, files| {
                let id = incoming::register(c, &details, &files)?;
                // Files from the scanner folder leave it once stored, if the
                // cabinet is set so (the item is registered either way).
                scanner_folder::remove_filed(c, &id, &paths)?;
                Ok(id)
            },
        )
    })
    .await
}

#[tauri::command]
pub async fn incoming_mail<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    query: IncomingQuery,
) -> CommandResult<Vec<IncomingItem>> {
    on_cabinet(&state, &window, move |c| incoming::list(c, &query)).await
}

#[tauri::command]
pub async fn file_incoming<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    patient_id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        incoming::file_under(c, &id, &patient_id)
    })
    .await
}

#[tauri::command]
pub async fn decide_incoming<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    decision: IncomingState,
    note: Option<String>,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        incoming::set_state(c, &id, decision, note.as_deref())
    })
    .await
}

/// The cabinet's scanner folder and whether it is reachable here.
#[tauri::command]
pub async fn scanner_folder<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<ScannerFolder> {
    on_cabinet(&state, &window, |c| scanner_folder::get(c)).await
}

/// The native folder chooser, then the folder saved for the cabinet
/// (`None` when she cancels).
#[tauri::command]
pub async fn choose_scanner_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    delete_after_filing: bool,
) -> CommandResult<Option<ScannerFolder>> {
    let Some(folder) = app
        .dialog()
        .file()
        .set_title("Dossier où le scanner enregistre")
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        scanner_folder::set(c, folder.to_str(), delete_after_filing)?;
        scanner_folder::get(c).map(Some)
    })
    .await
}

/// Keeps the folder, changes whether originals are deleted once filed.
#[tauri::command]
pub async fn set_scanner_delete<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    delete_after_filing: bool,
) -> CommandResult<ScannerFolder> {
    on_cabinet(&state, &window, move |c| {
        let path = scanner_folder::get(c)?.path;
        scanner_folder::set(c, path.as_deref(), delete_after_filing)?;
        scanner_folder::get(c)
    })
    .await
}

/// The files waiting in the scanner folder (those still arriving marked).
#[tauri::command]
pub async fn scanner_files<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<WaitingFile>> {
    on_cabinet(&state, &window, |c| {
        scanner_folder::waiting(c, std::time::SystemTime::now())
    })
    .await
}
