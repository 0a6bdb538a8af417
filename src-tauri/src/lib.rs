//! Carnet's desktop shell. Thin by design: app state, window title, native
//! dialogs, and commands that each make one call into carnet-core.

pub mod commands;
pub mod error;
pub mod rendering;
pub mod views;

/// The session policy lives in the core; re-exported for the commands.
pub use carnet_core::session;

use std::path::PathBuf;

use tauri::Manager;

use crate::session::{AppPaths, AppState};

/// Registers every command; shared by the app and the command-layer tests.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![
            commands::app_overview,
            commands::session_state,
            commands::rate_passphrase,
            commands::suggest_passphrase,
            commands::create_cabinet,
            commands::open_cabinet,
            commands::open_demo_cabinet,
            commands::lock_cabinet,
            commands::unlock_cabinet,
            commands::close_cabinet,
            commands::forget_recent,
            commands::pick_cabinet_file,
            commands::pick_new_cabinet_location,
            commands::patients::search_patients,
            commands::patients::get_patient,
            commands::patients::patient_history,
            commands::patients::duplicate_candidates,
            commands::patients::create_patient,
            commands::patients::update_patient,
            commands::patients::set_patient_archived,
            commands::patients::compare_patients,
            commands::patients::merge_patients,
            commands::patients::expired_files,
            commands::patients::delete_expired_file,
            commands::patients::preview_import,
            commands::patients::import_patients,
            commands::patients::export_patients,
            commands::patients::communes_for_postcode,
            commands::patients::birth_places,
            commands::patients::pick_csv_file,
            commands::patients::pick_export_location,
            commands::patients::list_correspondants,
            commands::patients::save_correspondant,
            commands::patients::set_correspondant_archived,
            commands::agenda::agenda_now,
            commands::agenda::list_calendars,
            commands::agenda::save_calendar,
            commands::agenda::set_calendar_archived,
            commands::agenda::list_motifs,
            commands::agenda::save_motif,
            commands::agenda::set_motif_archived,
            commands::agenda::agenda_templates,
            commands::agenda::save_template,
            commands::agenda::list_exceptions,
            commands::agenda::add_exception,
            commands::agenda::remove_exception,
            commands::agenda::agenda_range,
            commands::agenda::agenda_month,
            commands::agenda::get_appointment,
            commands::agenda::appointment_draft,
            commands::agenda::appointment_history,
            commands::agenda::check_appointment,
            commands::agenda::create_appointment,
            commands::agenda::update_appointment,
            commands::agenda::move_appointment,
            commands::agenda::set_appointment_status,
            commands::agenda::attach_patient,
            commands::agenda::add_walk_in,
            commands::agenda::next_free_slots,
            commands::agenda::preview_series,
            commands::agenda::create_series,
            commands::agenda::cancel_following,
            commands::agenda::move_following,
            commands::agenda::waiting_list,
            commands::agenda::add_waiting,
            commands::agenda::resolve_waiting,
            commands::agenda::waiting_proposals,
            commands::agenda::give_slot,
            commands::agenda::flow_board,
            commands::agenda::never_came,
            commands::agenda::call_list,
            commands::agenda::patient_appointments,
            commands::agenda::export_ics,
            commands::agenda::preview_ics_import,
            commands::agenda::import_ics,
            commands::agenda::pick_ics_file,
            commands::agenda::pick_ics_export_location,
            commands::safety::identify_user,
            commands::safety::check_integrity,
            commands::safety::unlock_with_pin,
            commands::safety::list_users,
            commands::safety::create_user,
            commands::safety::update_user,
            commands::safety::set_user_pin,
            commands::safety::clear_user_pin,
            commands::safety::security_settings,
            commands::safety::save_security_settings,
            commands::safety::audit_entries,
            commands::safety::verify_audit,
            commands::safety::patient_openings,
            commands::safety::prune_audit,
            commands::safety::record_print,
            commands::safety::change_passphrase,
            commands::safety::backup_status,
            commands::safety::backup_settings,
            commands::safety::save_backup_settings,
            commands::safety::run_backup,
            commands::safety::list_backups,
            commands::safety::restore_backup_to_new,
            commands::safety::restore_backup_over,
            commands::safety::pick_backup_folder,
            commands::safety::pick_restore_target,
            commands::safety::export_patient_rights,
        ])
}

fn app_paths(app: &tauri::App) -> AppPaths {
    let resolver = app.path();
    let home = resolver.home_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = resolver
        .app_config_dir()
        .unwrap_or_else(|_| home.join(".config/carnet"));
    let data = resolver
        .app_data_dir()
        .unwrap_or_else(|_| home.join(".local/share/carnet"));
    let documents = resolver.document_dir().unwrap_or(home);
    AppPaths::in_folders(&config, &data, &documents)
}

pub fn run() {
    let app = builder(tauri::Builder::default())
        .setup(|app| {
            let state = AppState::new(app_paths(app));
            // The daily backup: checked every five minutes while a cabinet
            // is open and unlocked (a backup made today makes it a no-op).
            let timer_state = state.clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(300));
                timer_state.backup_if_due();
            });
            app.manage(state);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window closes the cabinet: the key is forgotten
            // and the WAL checkpointed before the process ends.
            if let tauri::WindowEvent::Destroyed = event {
                if let Some(state) = window.try_state::<AppState>() {
                    state.close();
                }
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, _| {}),
        Err(error) => {
            eprintln!("Carnet n'a pas pu démarrer : {error}");
            std::process::exit(1);
        }
    }
}
