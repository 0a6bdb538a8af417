//! A freed slot given to someone on the waiting list: the booking side of
//! the list (`waiting` finds who may take a slot; this books it), apart so
//! that `appointments` and `waiting` do not import each other.

use rusqlite::params;

use super::appointments;
use super::waiting::open_entries;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// Gives the freed slot of `freed_appointment_id` to a waiting-list entry:
/// books it (moving the later appointment they held, if any), takes the
/// entry off the list — one transaction. Returns the appointment id.
pub fn give_slot(
    cabinet: &mut Cabinet,
    entry_id: &str,
    freed_appointment_id: &str,
) -> Result<String> {
    let entry = open_entries(cabinet)?
        .into_iter()
        .find(|e| e.id == entry_id)
        .ok_or_else(|| {
            CoreError::invalid(
                "waiting",
                "Cette demande n'est plus dans la liste d'attente.",
            )
        })?;
    let freed = appointments::draft_of(cabinet, freed_appointment_id)?;
    let draft = appointments::AppointmentDraft {
        calendar_id: freed.calendar_id.clone(),
        motif_id: entry.motif_id.clone().or(freed.motif_id.clone()),
        patient_id: entry.patient_id.clone(),
        caller_name: entry.patient_id.is_none().then(|| entry.who.clone()),
        caller_phone: if entry.patient_id.is_none() {
            entry.phone.clone()
        } else {
            None
        },
        starts_at: freed.starts_at.clone(),
        duration_minutes: None,
        urgent: false,
        note: entry.note.clone(),
    };
    let valid = appointments::validate(cabinet, &draft)?;
    let held = match &entry.appointment_id {
        Some(id) => Some((id.clone(), appointments::draft_of(cabinet, id)?)),
        None => None,
    };
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let id = match &held {
        // Their appointment moves to the earlier time: one file, its history kept.
        Some((held_id, before)) => {
            appointments::write_update(&tx, &now, held_id, before, &valid)?;
            held_id.clone()
        }
        None => appointments::insert(&tx, &now, &valid, &appointments::Placement::default())?,
    };
    tx.execute(
        "UPDATE waiting_list SET resolved_at = ?2 WHERE id = ?1",
        params![entry_id, now],
    )?;
    tx.commit()?;
    Ok(id)
}
