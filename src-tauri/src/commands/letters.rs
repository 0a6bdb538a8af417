//! Letters and the outgoing register: the commands of « Nouveau courrier »,
//! the station's letter bar (addressee, copies, sending, envelopes) and
//! « Courrier départ ». Each is one call into `carnet_core::documents`.

use carnet_core::documents::letters::{self, Letter, LetterDraft};
use carnet_core::documents::outgoing::{self, ManualEntry, OutgoingLine, RegisterQuery, Sending};
use carnet_core::session::AppState;
use carnet_core::storage::guarded_write::Replace;
use carnet_core::CoreError;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::{on_cabinet, save_dialog};
use crate::error::CommandResult;
use crate::views::WrittenFile;

#[tauri::command]
pub async fn create_letter<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: LetterDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| letters::create(c, &draft)).await
}

/// The letter's addressee and copies; `None` for a report.
#[tauri::command]
pub async fn get_letter<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    report_id: String,
) -> CommandResult<Option<Letter>> {
    on_cabinet(&state, &window, move |c| letters::get(c, &report_id)).await
}

#[tauri::command]
pub async fn set_letter_copies<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    report_id: String,
    copies: Vec<String>,
    copy_to_patient: bool,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| {
        letters::set_copies(c, &report_id, &copies, copy_to_patient)
    })
    .await
}

/// Sends a validated letter: one register line per recipient.
#[tauri::command]
pub async fn send_letter<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    report_id: String,
    sending: Sending,
) -> CommandResult<Vec<String>> {
    on_cabinet(&state, &window, move |c| {
        outgoing::send_letter(c, &report_id, &sending)
    })
    .await
}

/// Something sent outside Carnet's letters, noted in the register.
#[tauri::command]
pub async fn record_outgoing<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    entry: ManualEntry,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| outgoing::record(c, &entry)).await
}

#[tauri::command]
pub async fn outgoing_register<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    query: RegisterQuery,
) -> CommandResult<Vec<OutgoingLine>> {
    on_cabinet(&state, &window, move |c| outgoing::register(c, &query)).await
}

/// A report or letter saved as PDF/A or DOCX where she chooses (the native
/// « Enregistrer sous »): audited, never onto a cabinet or a backup.
#[tauri::command]
pub async fn save_document_as<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    report_id: String,
    docx: bool,
) -> CommandResult<Option<WrittenFile>> {
    let (filter, extension) = if docx {
        ("Document Word", "docx")
    } else {
        ("Document PDF", "pdf")
    };
    // The suggested name says what, never whose.
    let Some(path) = save_dialog(
        &app,
        "Enregistrer le document (non chiffré)",
        (filter, extension),
        &format!("document.{extension}"),
    ) else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        let page = carnet_core::documents::printable(c, &report_id, None)?;
        let bytes = if docx {
            carnet_print::render_docx(&page)
        } else {
            carnet_print::render_pdf(&page)
        }
        .map_err(|error| CoreError::Internal(error.to_string()))?;
        let patient = carnet_core::documents::reports::get(c, &report_id)?.patient_id;
        carnet_core::templates::write_rendered(
            c,
            &bytes,
            &path,
            Replace::Confirmed,
            patient.as_deref(),
            if docx {
                "document (DOCX)"
            } else {
                "document (PDF)"
            },
        )?;
        Ok(Some(WrittenFile::new(&path, bytes.len())))
    })
    .await
}
