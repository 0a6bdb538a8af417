//! Profiles and PINs, the audit trail, the passphrase change, backups and
//! restore, the patient's right of access. Thin: one core call each.

use std::path::{Path, PathBuf};

use carnet_core::audit::{self, AuditActionOption, AuditEntry, AuditFilter, ChainReport};
use carnet_core::backup::{self, BackupDone, BackupFile, BackupSettings, BackupStatus, Counts};
use carnet_core::patients::rights;
use carnet_core::security::{self, SecuritySettings};
use carnet_core::users::{self, Pin, User, UserDraft};
use carnet_core::{CabinetSummary, Passphrase};
use tauri::{AppHandle, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, on_cabinet};
use crate::error::CommandResult;
use carnet_core::session::AppState;

#[tauri::command]
pub async fn identify_user<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    user_id: String,
    pin: String,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, move |s| s.identify(&user_id, pin)).await
}

#[tauri::command]
pub async fn unlock_with_pin<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    user_id: String,
    pin: String,
) -> CommandResult<CabinetSummary> {
    blocking(&state, &window, move |s| s.unlock_with_pin(&user_id, pin)).await
}

/// The whole file checked in the background after opening: `null` when
/// intact, else the French message (damaged, restore a backup).
#[tauri::command]
pub async fn check_integrity<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Option<String>> {
    blocking(&state, &window, |s| s.check_integrity()).await
}

#[tauri::command]
pub async fn list_users<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<User>> {
    on_cabinet(&state, &window, |c| users::list(c)).await
}

#[tauri::command]
pub async fn create_user<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: UserDraft,
    pin: String,
) -> CommandResult<User> {
    on_cabinet(&state, &window, move |c| {
        users::create(c, &draft, &Pin::new(pin))
    })
    .await
}

#[tauri::command]
pub async fn update_user<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    draft: UserDraft,
    active: bool,
) -> CommandResult<User> {
    on_cabinet(&state, &window, move |c| {
        users::update(c, &id, &draft, active)
    })
    .await
}

#[tauri::command]
pub async fn set_user_pin<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    pin: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        users::set_pin(c, &id, &Pin::new(pin))
    })
    .await
}

#[tauri::command]
pub async fn clear_user_pin<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| users::clear_pin(c, &id)).await
}

#[tauri::command]
pub async fn security_settings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<SecuritySettings> {
    on_cabinet(&state, &window, |c| security::settings(c)).await
}

#[tauri::command]
pub async fn save_security_settings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    settings: SecuritySettings,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| security::save(c, &settings)).await
}

#[tauri::command]
pub async fn audit_entries<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    filter: AuditFilter,
) -> CommandResult<Vec<AuditEntry>> {
    on_cabinet(&state, &window, move |c| audit::entries(c, &filter)).await
}

/// The actions the viewer's filter offers, with their French names (the
/// trail's French lives in the core).
#[tauri::command]
pub fn audit_actions() -> Vec<AuditActionOption> {
    audit::filter_actions()
}

#[tauri::command]
pub async fn verify_audit<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<ChainReport> {
    on_cabinet(&state, &window, |c| audit::verify(c)).await
}

#[tauri::command]
pub async fn patient_openings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    patient_id: String,
) -> CommandResult<Vec<AuditEntry>> {
    on_cabinet(&state, &window, move |c| audit::openings_of(c, &patient_id)).await
}

/// Removes the entries older than the cabinet's retention setting.
#[tauri::command]
pub async fn prune_audit<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<i64> {
    on_cabinet(&state, &window, |c| {
        let days = security::settings(c)?.audit_retention_days;
        audit::prune(c, i64::from(days))
    })
    .await
}

/// The page prints (day sheet, call list, a patient's file): recorded.
#[tauri::command]
pub async fn record_print<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    what: String,
    patient_id: Option<String>,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        audit::record_print(c, &what, patient_id.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn change_passphrase<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    current: String,
    new: String,
    confirmation: String,
) -> CommandResult<()> {
    blocking(&state, &window, move |s| {
        s.change_passphrase(current, new, confirmation)
    })
    .await
}

#[tauri::command]
pub async fn backup_status<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<BackupStatus> {
    on_cabinet(&state, &window, |c| backup::status(c)).await
}

#[tauri::command]
pub async fn backup_settings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<BackupSettings> {
    on_cabinet(&state, &window, |c| backup::settings(c)).await
}

#[tauri::command]
pub async fn save_backup_settings<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    settings: BackupSettings,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        backup::save_settings(c, &settings)
    })
    .await
}

/// A backup now, to every chosen folder.
#[tauri::command]
pub async fn run_backup<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<BackupDone>> {
    blocking(&state, &window, |s| {
        s.backup(carnet_core::backup::BackupTrigger::Manuelle)
    })
    .await
}

#[tauri::command]
pub async fn list_backups<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    extra_folder: Option<String>,
) -> CommandResult<Vec<BackupFile>> {
    on_cabinet(&state, &window, move |c| {
        let extra: Vec<PathBuf> = extra_folder.into_iter().map(PathBuf::from).collect();
        backup::list(c, &extra)
    })
    .await
}

#[tauri::command]
pub async fn restore_backup_to_new<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    backup_path: String,
    passphrase: String,
    new_path: String,
) -> CommandResult<Counts> {
    blocking(&state, &window, move |_| {
        backup::restore_to_new(
            Path::new(&backup_path),
            &Passphrase::new(passphrase),
            Path::new(new_path.trim()),
        )
    })
    .await
}

/// Replaces the open cabinet by a backup; returns where the replaced file
/// was kept.
#[tauri::command]
pub async fn restore_backup_over<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    backup_path: String,
    passphrase: Option<String>,
) -> CommandResult<String> {
    blocking(&state, &window, move |s| {
        s.restore_over(Path::new(&backup_path), passphrase)
    })
    .await
}

#[tauri::command]
pub async fn pick_backup_folder<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Choisir un dossier de sauvegarde")
        .blocking_pick_folder();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
pub async fn pick_restore_target<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CommandResult<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Restaurer dans un nouveau fichier")
        .add_filter("Cabinet Carnet", &[carnet_core::cabinet::FILE_EXTENSION])
        .set_directory(&state.paths.default_cabinet_dir)
        .set_file_name("cabinet restauré.carnet")
        .blocking_save_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// Writes a patient's whole file (HTML to read or print as PDF, JSON for
/// portability) into a folder she chooses; returns the two paths.
#[tauri::command]
pub async fn export_patient_rights<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    patient_id: String,
) -> CommandResult<Option<Vec<String>>> {
    let Some(folder) = app
        .dialog()
        .file()
        .set_title("Dossier où enregistrer la copie du dossier patient (fichiers non chiffrés)")
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        let written = rights::export_to_folder(c, &patient_id, &folder)?;
        Ok(Some(
            written.iter().map(|p| p.display().to_string()).collect(),
        ))
    })
    .await
}
