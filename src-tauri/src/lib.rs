//! Carnet's desktop shell. Thin by design: app state, window title, native
//! dialogs, and commands that each make one call into carnet-core.

// The one list of commands (`carnet_commands!`), shared with build.rs.
#[macro_use]
mod command_list;

pub mod commands;
pub mod error;
pub mod media_protocol;
pub mod rendering;
pub mod spelling;
pub mod views;

/// The session policy lives in the core; re-exported for the commands.
pub use carnet_core::session;

use std::path::PathBuf;

use tauri::Manager;

use crate::session::{AppPaths, AppState};

/// `tauri::generate_handler!` over the commands of `command_list.rs`.
macro_rules! handler {
    ($($($segment:ident)::+),* $(,)?) => {
        tauri::generate_handler![$($($segment)::+),*]
    };
}

/// Registers every command; shared by the app and the command-layer tests.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(carnet_commands!(handler))
        // A dictation's audio and a report's PDF, served from memory.
        .register_asynchronous_uri_scheme_protocol(
            media_protocol::SCHEME,
            |context, request, responder| {
                let state = context.app_handle().state::<AppState>().inner().clone();
                tauri::async_runtime::spawn_blocking(move || {
                    responder.respond(media_protocol::handle(&request, |wanted| {
                        commands::documents::read_media(&state, wanted)
                    }))
                });
            },
        )
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
        .on_page_load(|webview, _| spelling::check_french(webview))
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
