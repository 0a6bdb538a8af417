//! Absences over booked appointments: adding one lists the appointments it
//! covers, for rescheduling — nothing is cancelled behind her back. Apart
//! from `setup` (which `views` reads) because it answers with views.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::setup::{validate_exception, ExceptionDraft};
use super::stored;
use super::views::{appointments_where, AppointmentView};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::ids::new_id;

/// A new absence, and the booked appointments inside it, to reschedule.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ExceptionAdded {
    pub id: String,
    pub affected: Vec<AppointmentView>,
}

/// Records an absence (or opening). Appointments already booked inside an
/// absence are left as they are — nothing is cancelled silently — and
/// returned so the secretary can reschedule them.
pub fn add_exception(cabinet: &mut Cabinet, draft: &ExceptionDraft) -> Result<ExceptionAdded> {
    let (starts, ends) = validate_exception(draft)?;
    let id = new_id();
    cabinet.conn().execute(
        "INSERT INTO agenda_exceptions (id, calendar_id, kind, starts_at, ends_at, label, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            draft.calendar_id,
            draft.kind,
            stored(starts),
            stored(ends),
            draft.label.trim(),
            cabinet.now_utc()
        ],
    )?;
    let affected = affected_by_exception(cabinet, &id)?;
    Ok(ExceptionAdded { id, affected })
}

/// The booked (not cancelled) appointments that fall inside an absence.
pub fn affected_by_exception(cabinet: &Cabinet, id: &str) -> Result<Vec<AppointmentView>> {
    let exception: Option<(Option<String>, String, String, String)> = cabinet
        .conn()
        .query_row(
            "SELECT calendar_id, kind, starts_at, ends_at FROM agenda_exceptions WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let Some((calendar_id, kind, starts, ends)) = exception else {
        return Ok(Vec::new());
    };
    if kind == "ouverture" {
        return Ok(Vec::new());
    }
    appointments_where(
        cabinet,
        "a.starts_at < ?2 AND a.ends_at > ?1 AND (?3 IS NULL OR a.calendar_id = ?3)
         AND a.status IN ('planifie', 'confirme')",
        params![starts, ends, calendar_id],
    )
}
