//! Text snippets (« phrases types »): per practitioner or for the whole
//! cabinet, a short code she types (« ras ») becomes the phrase. The body
//! is a ProseMirror fragment (an array of nodes), so a snippet may carry
//! bold text, a list or several paragraphs.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Snippet {
    pub id: String,
    pub practitioner_id: Option<String>,
    /// « ras »: what she types.
    pub code: String,
    /// « Examen clinique normal »: what the list shows.
    pub title: String,
    /// ProseMirror nodes to insert.
    #[cfg_attr(feature = "typescript", ts(type = "unknown[]"))]
    pub body: Value,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct SnippetDraft {
    pub practitioner_id: Option<String>,
    pub code: String,
    pub title: String,
    /// ProseMirror nodes (an array), or plain text: one paragraph a line.
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
}

fn normalised_code(code: &str) -> Result<String> {
    let code = code.trim().to_lowercase();
    let acceptable = (1..=20).contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
    if !acceptable {
        return Err(CoreError::invalid(
            "code",
            "Le code d'une phrase type tient en un mot de 1 à 20 lettres ou chiffres (p. ex. « ras » ou « ecg.n »).",
        ));
    }
    Ok(code)
}

fn fragment(body: &Value) -> Result<Value> {
    match body {
        Value::String(text) => Ok(super::defaults::paragraphs(text)),
        Value::Array(nodes)
            if !nodes.is_empty() && nodes.iter().all(|n| n.get("type").is_some()) =>
        {
            Ok(body.clone())
        }
        _ => Err(CoreError::invalid(
            "body",
            "Tapez le texte de la phrase type.",
        )),
    }
}

/// Adds a snippet; a code already used by the same practitioner is refused.
pub fn create(cabinet: &mut Cabinet, draft: &SnippetDraft) -> Result<String> {
    let code = normalised_code(&draft.code)?;
    let title = draft.title.trim();
    let title = if title.is_empty() { &code } else { title };
    let body = fragment(&draft.body)?;
    if by_code_exactly(cabinet, draft.practitioner_id.as_deref(), &code)?.is_some() {
        return Err(CoreError::invalid(
            "code",
            format!("Le code « {code} » est déjà pris : choisissez-en un autre."),
        ));
    }
    let id = new_id();
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "INSERT INTO text_snippets (id, practitioner_id, code, title, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            id,
            draft.practitioner_id,
            code,
            title,
            body.to_string(),
            now
        ],
    )?;
    Ok(id)
}

/// Removes a snippet.
pub fn delete(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    let removed = cabinet
        .conn()
        .execute("DELETE FROM text_snippets WHERE id = ?1", [id])?;
    if removed == 0 {
        return Err(CoreError::invalid("id", "Cette phrase type n'existe plus."));
    }
    Ok(())
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Snippet> {
    let body: String = row.get(4)?;
    Ok(Snippet {
        id: row.get(0)?,
        practitioner_id: row.get(1)?,
        code: row.get(2)?,
        title: row.get(3)?,
        body: serde_json::from_str(&body).unwrap_or(Value::Array(Vec::new())),
    })
}

fn by_code_exactly(
    cabinet: &Cabinet,
    practitioner_id: Option<&str>,
    code: &str,
) -> Result<Option<Snippet>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT id, practitioner_id, code, title, body FROM text_snippets
             WHERE coalesce(practitioner_id, '') = coalesce(?1, '') AND code = ?2",
            params![practitioner_id, code],
            from_row,
        )
        .optional()?)
}

/// The snippets a practitioner may use: his own, then the cabinet's, by code.
pub fn list(cabinet: &Cabinet, practitioner_id: Option<&str>) -> Result<Vec<Snippet>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, practitioner_id, code, title, body FROM text_snippets
         WHERE ?1 IS NULL OR practitioner_id IS NULL OR practitioner_id = ?1
         ORDER BY practitioner_id IS NULL, code",
    )?;
    let rows = statement.query_map([practitioner_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The snippet a typed code stands for: the practitioner's own before the
/// cabinet's; `None` when no snippet has that code.
pub fn expand(
    cabinet: &Cabinet,
    practitioner_id: Option<&str>,
    code: &str,
) -> Result<Option<Snippet>> {
    let Ok(code) = normalised_code(code) else {
        return Ok(None);
    };
    if let Some(own) = by_code_exactly(cabinet, practitioner_id, &code)? {
        return Ok(Some(own));
    }
    by_code_exactly(cabinet, None, &code)
}
