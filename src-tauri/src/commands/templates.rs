//! Templates, merge fields, text snippets and the cabinet's word list: the
//! commands of the template editor and of the station's « Insérer un
//! modèle » / phrases types. Each is one call into `carnet_core::templates`.

use carnet_core::session::AppState;
use carnet_core::templates::snippets::{self, Snippet, SnippetDraft};
use carnet_core::templates::{
    self, words, DocumentKind, FillContext, Filled, MergeField, Template, TemplateDraft,
};
use tauri::{Runtime, State, WebviewWindow};

use super::on_cabinet;
use crate::error::CommandResult;

/// The fields she can insert, with their French labels, by group.
#[tauri::command]
pub async fn merge_field_catalogue() -> CommandResult<Vec<MergeField>> {
    Ok(templates::catalogue())
}

#[tauri::command]
pub async fn list_document_templates<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    kind: Option<DocumentKind>,
    practitioner_id: Option<String>,
) -> CommandResult<Vec<Template>> {
    on_cabinet(&state, &window, move |c| {
        templates::list(c, kind, practitioner_id.as_deref())
    })
    .await
}

/// A new template (`id` null) or a change to one.
#[tauri::command]
pub async fn save_document_template<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: Option<String>,
    draft: TemplateDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| match id {
        Some(id) => templates::update(c, &id, &draft).map(|()| id),
        None => templates::create(c, &draft),
    })
    .await
}

#[tauri::command]
pub async fn archive_document_template<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
) -> CommandResult<()> {
    on_cabinet(&state, &window, move |c| templates::archive(c, &id)).await
}

/// A template filled for a patient: the body to insert and the fields
/// this file has no value for (flagged before printing).
#[tauri::command]
pub async fn fill_document_template<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    id: String,
    context: FillContext,
) -> CommandResult<Filled> {
    on_cabinet(&state, &window, move |c| templates::fill(c, &id, &context)).await
}

#[tauri::command]
pub async fn list_snippets<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    practitioner_id: Option<String>,
) -> CommandResult<Vec<Snippet>> {
    on_cabinet(&state, &window, move |c| {
        snippets::list(c, practitioner_id.as_deref())
    })
    .await
}

/// The snippet a code typed in the editor stands for, if any.
#[tauri::command]
pub async fn expand_snippet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    practitioner_id: Option<String>,
    code: String,
) -> CommandResult<Option<Snippet>> {
    on_cabinet(&state, &window, move |c| {
        snippets::expand(c, practitioner_id.as_deref(), &code)
    })
    .await
}

#[tauri::command]
pub async fn create_snippet<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: SnippetDraft,
) -> CommandResult<String> {
    on_cabinet(&state, &window, move |c| snippets::create(c, &draft)).await
}

/// The cabinet's own words (medical terms, names), kept in the file.
#[tauri::command]
pub async fn list_medical_words<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<String>> {
    on_cabinet(&state, &window, |c| words::list(c)).await
}

#[tauri::command]
pub async fn add_medical_word<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    word: String,
) -> CommandResult<bool> {
    on_cabinet(&state, &window, move |c| words::add(c, &word)).await
}
