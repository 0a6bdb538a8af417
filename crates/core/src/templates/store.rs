//! Templates as stored: per practitioner (or the cabinet's) and per kind
//! of document, their body checked to hold only fields of the catalogue.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::fields;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

/// What a document is: the same kinds as reports (`documents::ReportKind`),
/// so a template is offered for the reports of its kind.
pub use crate::documents::ReportKind as DocumentKind;

/// A template as the editor and the lists show it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: String,
    pub name: String,
    pub kind: DocumentKind,
    /// `None`: the cabinet's, offered to every practitioner.
    pub practitioner_id: Option<String>,
    /// ProseMirror JSON document with `mergeField` nodes.
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
}

/// What she saves from the template editor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct TemplateDraft {
    pub name: String,
    pub kind: DocumentKind,
    pub practitioner_id: Option<String>,
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
}

/// The body's merge fields, in order; an unknown one is a French error
/// naming it (`template` names the template in the message).
pub(crate) fn merge_fields_of(body: &Value, template: &str) -> Result<Vec<&'static str>> {
    crate::documents::text::merge_field_nodes(body)
        .into_iter()
        .map(|(key, _)| {
            fields::find(&key).map(|field| field.key).ok_or_else(|| {
                CoreError::invalid(
                    "body",
                    format!(
                        "Le modèle « {template} » contient un champ inconnu « {key} » : ouvrez-le dans l'éditeur de modèles et remplacez ce champ par un champ de la liste."
                    ),
                )
            })
        })
        .collect()
}

fn validate(draft: &TemplateDraft) -> Result<TemplateDraft> {
    let name = draft.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CoreError::invalid(
            "name",
            "Donnez un nom au modèle (p. ex. « CR de consultation cardiologie »).",
        ));
    }
    if draft.body.get("type").and_then(Value::as_str) != Some("doc") {
        return Err(CoreError::invalid(
            "body",
            "Le contenu du modèle n'est pas un document de l'éditeur.",
        ));
    }
    merge_fields_of(&draft.body, &name)?;
    Ok(TemplateDraft {
        name,
        ..draft.clone()
    })
}

fn check_practitioner(cabinet: &Cabinet, practitioner_id: Option<&str>) -> Result<()> {
    if let Some(id) = practitioner_id {
        let exists: bool = cabinet.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM practitioners WHERE id = ?1)",
            [id],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(CoreError::invalid(
                "practitionerId",
                "Ce praticien n'existe pas dans le cabinet.",
            ));
        }
    }
    Ok(())
}

/// Adds a template; returns its id.
pub fn create(cabinet: &mut Cabinet, draft: &TemplateDraft) -> Result<String> {
    let valid = validate(draft)?;
    check_practitioner(cabinet, valid.practitioner_id.as_deref())?;
    let id = new_id();
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, valid.name, valid.kind, valid.practitioner_id, valid.body.to_string(), now],
    )?;
    Ok(id)
}

/// Saves the template editor's changes.
pub fn update(cabinet: &mut Cabinet, id: &str, draft: &TemplateDraft) -> Result<()> {
    let valid = validate(draft)?;
    check_practitioner(cabinet, valid.practitioner_id.as_deref())?;
    let now = cabinet.now_utc();
    let changed = cabinet.conn().execute(
        "UPDATE document_templates SET name = ?2, kind = ?3, practitioner_id = ?4, body = ?5, updated_at = ?6
         WHERE id = ?1 AND archived_at IS NULL",
        params![id, valid.name, valid.kind, valid.practitioner_id, valid.body.to_string(), now],
    )?;
    if changed == 0 {
        return Err(gone());
    }
    Ok(())
}

/// Takes a template out of the lists (reports typed from it keep their text).
pub fn archive(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    let now = cabinet.now_utc();
    let changed = cabinet.conn().execute(
        "UPDATE document_templates SET archived_at = ?2, updated_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
        params![id, now],
    )?;
    if changed == 0 {
        return Err(gone());
    }
    Ok(())
}

fn gone() -> CoreError {
    CoreError::invalid("id", "Ce modèle n'existe plus.")
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Template, String)> {
    let body: String = row.get(4)?;
    Ok((
        Template {
            id: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            practitioner_id: row.get(3)?,
            body: Value::Null,
        },
        body,
    ))
}

fn parse_body(template: (Template, String)) -> Result<Template> {
    let (mut template, body) = template;
    template.body = serde_json::from_str(&body).map_err(|_| {
        CoreError::invalid(
            "body",
            format!(
                "Le modèle « {} » est illisible : recréez-le dans l'éditeur de modèles.",
                template.name
            ),
        )
    })?;
    Ok(template)
}

/// One template.
pub fn get(cabinet: &Cabinet, id: &str) -> Result<Template> {
    let row = cabinet
        .conn()
        .query_row(
            "SELECT id, name, kind, practitioner_id, body FROM document_templates
             WHERE id = ?1 AND archived_at IS NULL",
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(gone)?;
    parse_body(row)
}

/// The templates offered: all, or those of one kind and for one
/// practitioner (his own and the cabinet's), his own first, then by name.
pub fn list(
    cabinet: &Cabinet,
    kind: Option<DocumentKind>,
    practitioner_id: Option<&str>,
) -> Result<Vec<Template>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, name, kind, practitioner_id, body FROM document_templates
         WHERE archived_at IS NULL
           AND (?1 IS NULL OR kind = ?1)
           AND (?2 IS NULL OR practitioner_id IS NULL OR practitioner_id = ?2)
         ORDER BY practitioner_id IS NULL, name COLLATE NOCASE",
    )?;
    let rows = statement
        .query_map(params![kind, practitioner_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(parse_body).collect()
}
