//! Tauri commands: each is one call into the session / core, run off the
//! main thread, plus error mapping and the window title. No logic lives here.

pub mod agenda;
pub mod documents;
pub mod letters;
pub mod mail;
pub mod messages;
pub mod money;
pub mod patients;
pub mod safety;
pub mod templates;

use carnet_core::passphrase::{self, PassphraseRating};
use carnet_core::time_zones;
use carnet_core::{CabinetSummary, CoreError};
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::error::{CommandError, CommandResult};
use carnet_core::session::{AppState, LockedCabinet, NewCabinetRequest, SessionState};

use crate::views::AppOverview;

/// Runs `work` on the blocking pool (key derivation and disk I/O must not
/// stall the UI), then puts the right title on the window: the cabinet's
/// name when open, nothing of it when locked.
pub(crate) async fn blocking<R: Runtime, T: Send + 'static>(
    state: &State<'_, AppState>,
    window: &WebviewWindow<R>,
    work: impl FnOnce(&AppState) -> Result<T, CoreError> + Send + 'static,
) -> CommandResult<T> {
    let app_state = AppState::clone(state);
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let result = work(&app_state);
        (result, app_state.title())
    })
    .await;
    match outcome {
        Ok((result, title)) => {
            // A title that cannot be set (window closing) changes nothing to the result.
            let _ = window.set_title(&title);
            result.map_err(CommandError::from)
        }
        Err(join_error) => Err(CoreError::Internal(join_error.to_string()).into()),
    }
}

/// [`blocking`] on the open cabinet: the shape of nearly every patient
/// command. A locked or closed cabinet answers `noCabinetOpen`.
pub(crate) async fn on_cabinet<R: Runtime, T: Send + 'static>(
    state: &State<'_, AppState>,
    window: &WebviewWindow<R>,
    work: impl FnOnce(&mut carnet_core::Cabinet) -> Result<T, CoreError> + Send + 'static,
) -> CommandResult<T> {
    blocking(state, window, move |s| s.with_cabinet(work)).await
}

/// The native « Enregistrer sous » dialog, opened from Rust so the page
/// never sends a path to write. Its answer counts as her confirmation to
/// replace an existing file: on Linux the dialog is GTK's file chooser,
/// which rfd opens with `gtk_file_chooser_set_do_overwrite_confirmation`
/// on, so GTK itself asks « Un fichier nommé … existe déjà. Voulez-vous le
/// remplacer ? » before answering such a file (as the save panels of
/// macOS and Windows do). The guarded writer still refuses the cabinet,
/// its sidecars and anything that looks like a cabinet or a backup.
pub(crate) fn save_dialog<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (filter_name, extension): (&str, &str),
    file_name: &str,
) -> Option<std::path::PathBuf> {
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter_name, &[extension])
        .set_file_name(file_name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

/// The native « Ouvrir » dialog for several files of the kinds given,
/// answered as paths ([] when she cancels); opened from Rust, the page only
/// gets what she chose.
pub(crate) fn pick_files<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (filter_name, extensions): (&str, &[&str]),
) -> Vec<String> {
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter_name, extensions)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
        .collect()
}

#[tauri::command]
pub async fn app_overview(state: State<'_, AppState>) -> CommandResult<AppOverview> {
    Ok(AppOverview {
        version: env!("CARGO_PKG_VERSION").to_string(),
        recent: state.recent(),
        default_cabinet_dir: state.paths.default_cabinet_dir.display().to_string(),
        demo_path: state.paths.demo_cabinet.display().to_string(),
        time_zones: time_zones::french_time_zones(),
    })
}

#[tauri::command]
pub async fn session_state(state: State<'_, AppState>) -> CommandResult<SessionState> {
    Ok(state.state()?)
}

#[tauri::command]
pub async fn rate_passphrase(
    passphrase: String,
    context: Vec<String>,
) -> CommandResult<PassphraseRating> {
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    Ok(passphrase::rate(&passphrase, &context))
}

#[tauri::command]
pub async fn suggest_passphrase(context: Vec<String>) -> CommandResult<String> {
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    Ok(passphrase::suggest(&context))
}

#[tauri::command]
pub async fn create_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    request: NewCabinetRequest,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, move |s| s.create(request)).await
}

#[tauri::command]
pub async fn open_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    path: String,
    passphrase: String,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, move |s| s.open(&path, passphrase)).await
}

#[tauri::command]
pub async fn open_demo_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, AppState::open_demo).await
}

#[tauri::command]
pub async fn lock_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<LockedCabinet> {
    blocking(&state, &window, AppState::lock).await
}

#[tauri::command]
pub async fn unlock_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    passphrase: String,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, move |s| s.unlock(passphrase)).await
}

#[tauri::command]
pub async fn close_cabinet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<()> {
    blocking(&state, &window, |s| {
        s.close();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn forget_recent(state: State<'_, AppState>, path: String) -> CommandResult<()> {
    Ok(state.forget_recent(&path)?)
}

/// The native file chooser, opened from Rust so the page itself holds no
/// file-system permission at all.
#[tauri::command]
pub async fn pick_cabinet_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Ouvrir un cabinet")
        .add_filter("Cabinet Carnet", &[carnet_core::cabinet::FILE_EXTENSION])
        .set_directory(&state.paths.default_cabinet_dir)
        .blocking_pick_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn pick_new_cabinet_location<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    suggested_file_name: String,
) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Enregistrer le nouveau cabinet")
        .add_filter("Cabinet Carnet", &[carnet_core::cabinet::FILE_EXTENSION])
        .set_directory(&state.paths.default_cabinet_dir)
        .set_file_name(suggested_file_name)
        .blocking_save_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}
