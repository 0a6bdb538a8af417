//! The secretary's desk between calls: phone messages for a practitioner
//! (`phone_messages`) and things to do by a day (`tasks`). Everything here
//! lives in the encrypted file; every write is one statement (its own
//! transaction) whose audit entry the triggers of migration 0010 append.

pub mod phone_messages;
pub mod tasks;

use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// What the navigation badge and the home screen count.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct DeskCounts {
    /// Messages the practitioners have not answered yet.
    pub unanswered: u32,
    /// Of those, the urgent ones.
    pub unanswered_urgent: u32,
    /// Answered messages whose caller wants a call back, not called yet.
    pub to_call_back: u32,
    /// Open tasks due today.
    pub tasks_today: u32,
    /// Open tasks due before today.
    pub tasks_overdue: u32,
    /// Incoming mail filed under a patient, not yet seen by the doctor.
    pub mail_to_see: u32,
    /// Of those, the urgent ones.
    pub mail_urgent: u32,
    /// Incoming mail whose patient is still to identify.
    pub mail_to_file: u32,
}

/// The counts as they stand now (today in the cabinet's zone).
pub fn counts(cabinet: &Cabinet) -> Result<DeskCounts> {
    let today = cabinet.today().to_string();
    Ok(cabinet.conn().query_row(
        "SELECT
            (SELECT count(*) FROM phone_messages WHERE state IN ('nouveau', 'lu')),
            (SELECT count(*) FROM phone_messages WHERE state IN ('nouveau', 'lu') AND urgent = 1),
            (SELECT count(*) FROM phone_messages WHERE state = 'traite' AND call_back = 1),
            (SELECT count(*) FROM tasks WHERE done_at IS NULL AND due_on = ?1),
            (SELECT count(*) FROM tasks WHERE done_at IS NULL AND due_on < ?1),
            (SELECT count(*) FROM incoming_mail WHERE state = 'a_voir'),
            (SELECT count(*) FROM incoming_mail WHERE state = 'a_voir' AND urgency = 'urgent'),
            (SELECT count(*) FROM incoming_mail WHERE state = 'a_classer')",
        [today],
        |row| {
            Ok(DeskCounts {
                unanswered: row.get(0)?,
                unanswered_urgent: row.get(1)?,
                to_call_back: row.get(2)?,
                tasks_today: row.get(3)?,
                tasks_overdue: row.get(4)?,
                mail_to_see: row.get(5)?,
                mail_urgent: row.get(6)?,
                mail_to_file: row.get(7)?,
            })
        },
    )?)
}

/// Who is writing: the profile working now, or carnet-admin's actor.
fn actor_id(cabinet: &Cabinet) -> Option<String> {
    cabinet.actor().map(|actor| actor.user_id)
}

/// A text typed in a form: trimmed, inner runs of spaces kept (a message
/// may have lines); `None` when nothing is left.
fn typed(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The practitioner's calendar a message or task is for; a clear error for
/// an unknown, archived or resource calendar.
fn practitioner(cabinet: &Cabinet, calendar_id: &str) -> Result<String> {
    let found: Option<String> = cabinet
        .conn()
        .query_row(
            "SELECT id FROM calendars
             WHERE id = ?1 AND kind = 'praticien' AND archived_at IS NULL",
            [calendar_id],
            |row| row.get(0),
        )
        .optional()?;
    found.ok_or_else(|| {
        CoreError::invalid(
            "forCalendarId",
            "Choisissez pour quel praticien (un agenda de praticien en service).",
        )
    })
}

/// The patient a message or task is about must exist in the file.
fn existing_patient(cabinet: &Cabinet, patient_id: &str) -> Result<String> {
    let found: Option<String> = cabinet
        .conn()
        .query_row(
            "SELECT id FROM patients WHERE id = ?1 AND merged_into IS NULL",
            [patient_id],
            |row| row.get(0),
        )
        .optional()?;
    found.ok_or_else(|| {
        CoreError::invalid(
            "patientId",
            "Ce dossier patient n'existe pas (ou plus) : cherchez-le à nouveau.",
        )
    })
}

/// The SQL that names a patient of a joined row `p` (for the lists).
const PATIENT_COLUMNS: &str =
    "p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.sex";

fn patient_name(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<String>> {
    let birth_name: Option<String> = row.get(first)?;
    Ok(match birth_name {
        Some(birth_name) => Some(crate::patients::display_name(
            &birth_name,
            &row.get::<_, String>(first + 1)?,
            row.get::<_, Option<String>>(first + 2)?.as_deref(),
            row.get::<_, Option<String>>(first + 3)?.as_deref(),
            &row.get::<_, String>(first + 4)?,
        )),
        None => None,
    })
}
