//! Tasks (« à faire »): a title, for a profile (her) or a practitioner, an
//! optional patient, a due day of the cabinet's calendar; done by whom and
//! when. The day's list shows what is due today and what is overdue.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{actor_id, existing_patient, patient_name, practitioner, typed, PATIENT_COLUMNS};
use crate::cabinet::Cabinet;
use crate::dates;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

pub const TITLE_MAX_CHARS: usize = 300;

/// Whom a task is for: a profile or a practitioner's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum TaskOwner {
    User(String),
    Practitioner(String),
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct TaskDraft {
    pub title: String,
    pub owner: TaskOwner,
    pub patient_id: Option<String>,
    /// `jj/mm/aaaa` or `aaaa-mm-jj`: a day of the cabinet's calendar.
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub title: String,
    pub owner: TaskOwner,
    /// The profile's or practitioner's name.
    pub owner_name: String,
    pub patient_id: Option<String>,
    pub patient_name: Option<String>,
    /// 'YYYY-MM-DD'
    pub due_on: String,
    /// Not done and due before today (the cabinet's).
    pub overdue: bool,
    pub done_at: Option<String>,
    pub done_by: Option<String>,
}

/// Adds a task; returns its id.
pub fn add(cabinet: &mut Cabinet, draft: &TaskDraft) -> Result<String> {
    let title = typed(&draft.title).ok_or_else(|| {
        CoreError::invalid(
            "title",
            "Tapez ce qu'il y a à faire (p. ex. « envoyer le CR au Dr Roux »).",
        )
    })?;
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(CoreError::invalid(
            "title",
            format!("Le titre est trop long ({TITLE_MAX_CHARS} caractères au plus)."),
        ));
    }
    let (for_user_id, for_calendar_id) = match &draft.owner {
        TaskOwner::User(id) => (Some(active_user(cabinet, id)?), None),
        TaskOwner::Practitioner(id) => (None, Some(practitioner(cabinet, id)?)),
    };
    let due_on: NaiveDate = dates::parse_date(&draft.due_on, "dueOn")?;
    let patient_id = match draft.patient_id.as_deref().and_then(typed) {
        Some(id) => Some(existing_patient(cabinet, &id)?),
        None => None,
    };
    let id = new_id();
    cabinet.conn().execute(
        "INSERT INTO tasks (id, title, for_user_id, for_calendar_id, patient_id, due_on, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            title,
            for_user_id,
            for_calendar_id,
            patient_id,
            due_on.to_string(),
            cabinet.now_utc(),
            actor_id(cabinet)
        ],
    )?;
    Ok(id)
}

fn active_user(cabinet: &Cabinet, id: &str) -> Result<String> {
    cabinet
        .conn()
        .query_row(
            "SELECT id FROM users WHERE id = ?1 AND active = 1",
            [id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("owner", "Ce profil n'existe pas ou n'est plus actif."))
}

/// Marks a task done (who, when). Refused if already done.
pub fn mark_done(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    let done: Option<Option<String>> = cabinet
        .conn()
        .query_row("SELECT done_at FROM tasks WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?;
    match done {
        None => Err(CoreError::invalid(
            "id",
            "Cette tâche n'existe pas (ou plus).",
        )),
        Some(Some(_)) => Err(CoreError::invalid("id", "Cette tâche est déjà faite.")),
        Some(None) => {
            cabinet.conn().execute(
                "UPDATE tasks SET done_at = ?2, done_by = ?3 WHERE id = ?1 AND done_at IS NULL",
                params![id, cabinet.now_utc(), actor_id(cabinet)],
            )?;
            Ok(())
        }
    }
}

fn select(filter: &str) -> String {
    format!(
        "SELECT t.id, t.title, t.for_user_id, t.for_calendar_id, coalesce(u.name, c.name, ''),
            t.patient_id, {PATIENT_COLUMNS}, t.due_on, t.done_at, coalesce(du.name, t.done_by)
         FROM tasks t
         LEFT JOIN users u ON u.id = t.for_user_id
         LEFT JOIN calendars c ON c.id = t.for_calendar_id
         LEFT JOIN patients p ON p.id = t.patient_id
         LEFT JOIN users du ON du.id = t.done_by
         WHERE {filter}
         ORDER BY t.due_on, t.created_at"
    )
}

fn query(cabinet: &Cabinet, sql: &str, params: impl rusqlite::Params) -> Result<Vec<Task>> {
    let today = cabinet.today().to_string();
    let mut statement = cabinet.conn().prepare_cached(sql)?;
    let rows = statement.query_map(params, |row| {
        let owner = match row.get::<_, Option<String>>(2)? {
            Some(user) => TaskOwner::User(user),
            None => TaskOwner::Practitioner(row.get(3)?),
        };
        let due_on: String = row.get(11)?;
        let done_at: Option<String> = row.get(12)?;
        Ok(Task {
            id: row.get(0)?,
            title: row.get(1)?,
            owner,
            owner_name: row.get(4)?,
            patient_id: row.get(5)?,
            patient_name: patient_name(row, 6)?,
            overdue: done_at.is_none() && due_on < today,
            due_on,
            done_at,
            done_by: row.get(13)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The day's list: open tasks due today or before (overdue first, as they
/// sort by due day), for everyone.
pub fn due(cabinet: &Cabinet) -> Result<Vec<Task>> {
    let today = cabinet.today().to_string();
    query(
        cabinet,
        &select("t.done_at IS NULL AND t.due_on <= ?1"),
        [today],
    )
}

/// Every open task, whatever its day (the « à venir » part of the list).
pub fn open(cabinet: &Cabinet) -> Result<Vec<Task>> {
    query(cabinet, &select("t.done_at IS NULL"), [])
}

/// The tasks about a patient, done or not.
pub fn about_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<Task>> {
    query(cabinet, &select("t.patient_id = ?1"), [patient_id])
}
