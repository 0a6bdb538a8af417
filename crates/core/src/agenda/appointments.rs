//! Booking, moving, resizing and the life of an appointment (statuses),
//! each change in its history. Conflicts are warnings she confirms — the
//! doctor overbooks on purpose — never silent refusals.

use chrono::{Days, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::schedule::{merge, MotifRule, Schedule};
use super::setup::Motif;
pub use super::status::{AppointmentStatus, CancelledBy};
use super::views::appointment;
use super::{does_not_exist, french_moment, from_stored, now_local, parse_time_of, stored};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::phone;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentDraft {
    pub calendar_id: String,
    pub motif_id: Option<String>,
    /// A patient file, or…
    pub patient_id: Option<String>,
    /// …a caller not yet in the files.
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    /// `2026-11-24T09:00`, cabinet zone.
    pub starts_at: String,
    /// Default: the motif's duration.
    pub duration_minutes: Option<u32>,
    pub urgent: bool,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum WarningKind {
    Overlap,
    OutsideHours,
    Absence,
    ReservedPlage,
    SamePatientSameDay,
    InThePast,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BookingWarning {
    pub kind: WarningKind,
    pub message: String,
}

/// A draft that passed every hard check.
#[derive(Debug, Clone)]
pub(crate) struct ValidAppointment {
    pub calendar_id: String,
    pub motif: Option<Motif>,
    pub patient_id: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub urgent: bool,
    pub note: String,
}

impl ValidAppointment {
    fn motif_rule(&self) -> Option<MotifRule> {
        self.motif.as_ref().map(|m| MotifRule {
            id: m.id.clone(),
            minutes: i64::from(m.duration_minutes),
            may_use_reserved: m.may_use_reserved,
        })
    }

    pub fn at(&self, starts: NaiveDateTime) -> ValidAppointment {
        ValidAppointment {
            starts,
            ends: starts + (self.ends - self.starts),
            ..self.clone()
        }
    }
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

pub(crate) fn validate(cabinet: &Cabinet, draft: &AppointmentDraft) -> Result<ValidAppointment> {
    let calendar_known: bool = cabinet.conn().query_row(
        "SELECT count(*) FROM calendars WHERE id = ?1",
        [&draft.calendar_id],
        |r| r.get(0),
    )?;
    if !calendar_known {
        return Err(CoreError::invalid(
            "calendarId",
            "Choisissez l'agenda (le praticien).",
        ));
    }
    let motif = match trimmed(&draft.motif_id) {
        Some(id) => Some(super::setup::motif(cabinet, &id)?),
        None => None,
    };
    let patient_id = trimmed(&draft.patient_id);
    let caller_name = trimmed(&draft.caller_name);
    let caller_phone = trimmed(&draft.caller_phone)
        .map(|p| phone::normalise(&p))
        .transpose()
        .map_err(|e| CoreError::invalid("callerPhone", e.to_string()))?;
    match &patient_id {
        Some(id) => {
            let known: bool = cabinet.conn().query_row(
                "SELECT count(*) FROM patients WHERE id = ?1 AND merged_into IS NULL",
                [id],
                |r| r.get(0),
            )?;
            if !known {
                return Err(CoreError::invalid(
                    "patientId",
                    "Ce dossier patient n'existe plus : cherchez à nouveau le patient.",
                ));
            }
        }
        None if caller_name.is_none() => {
            return Err(CoreError::invalid(
                "patientId",
                "Pour qui ? Cherchez le patient, ou tapez le nom de la personne qui appelle.",
            ))
        }
        None => {}
    }
    let starts = parse_time_of(&draft.starts_at, "startsAt")?;
    let minutes = draft
        .duration_minutes
        .or(motif.as_ref().map(|m| m.duration_minutes))
        .unwrap_or(15);
    if !(5..=480).contains(&minutes) {
        return Err(CoreError::invalid(
            "durationMinutes",
            "Un rendez-vous dure de 5 minutes à 8 heures.",
        ));
    }
    let ends = starts + chrono::Duration::minutes(i64::from(minutes));
    let zone = super::zone(cabinet);
    if does_not_exist(zone, starts) || does_not_exist(zone, ends) {
        return Err(CoreError::invalid(
            "startsAt",
            format!(
                "L'heure {} n'existe pas ce jour-là (passage à l'heure d'été : de 2 h on passe à 3 h). Choisissez une autre heure.",
                starts.format("%H:%M")
            ),
        ));
    }
    Ok(ValidAppointment {
        calendar_id: draft.calendar_id.clone(),
        motif,
        patient_id,
        caller_name: if draft.patient_id.is_some() {
            None
        } else {
            caller_name
        },
        caller_phone: if draft.patient_id.is_some() {
            None
        } else {
            caller_phone
        },
        starts,
        ends,
        urgent: draft.urgent,
        note: draft.note.trim().to_string(),
    })
}

/// The warnings for booking `valid`, ignoring the appointments in `ignore`
/// (itself when moving; the series' own occurrences).
pub(crate) fn warnings(
    cabinet: &Cabinet,
    schedule: &Schedule,
    valid: &ValidAppointment,
    ignore: &[String],
) -> Result<Vec<BookingWarning>> {
    let mut warnings = Vec::new();
    let Some(calendar) = schedule.calendar(&valid.calendar_id) else {
        return Ok(warnings);
    };
    let (starts, ends) = (valid.starts, valid.ends);
    let day = starts.date();
    if starts < cabinet.clock().local(schedule.zone) {
        warnings.push(BookingWarning {
            kind: WarningKind::InThePast,
            message: format!(
                "Ce rendez-vous est dans le passé ({}).",
                french_moment(starts)
            ),
        });
    }
    for busy in calendar
        .booked
        .iter()
        .filter(|b| b.overlaps(starts, ends) && !ignore.contains(&b.tag))
    {
        let who = appointment(cabinet, &busy.tag)
            .map(|a| a.who)
            .unwrap_or_default();
        warnings.push(BookingWarning {
            kind: WarningKind::Overlap,
            message: format!(
                "Chevauche le rendez-vous de {}–{} ({who}).",
                busy.starts.format("%H:%M"),
                busy.ends.format("%H:%M")
            ),
        });
    }
    let plages = calendar.plages_on(day);
    let open = merge(plages.iter().map(|p| (p.starts, p.ends)));
    if !open.iter().any(|(a, b)| *a <= starts && ends <= *b) {
        warnings.push(BookingWarning {
            kind: WarningKind::OutsideHours,
            message: format!(
                "En dehors des plages d'ouverture du {}.",
                super::french_day(day)
            ),
        });
    } else {
        let motif = valid.motif_rule();
        if let Some(reserved) = plages
            .iter()
            .find(|p| p.starts < ends && starts < p.ends && !p.admits(motif.as_ref()))
        {
            let kept_for: Vec<String> = reserved
                .motif_ids
                .iter()
                .filter_map(|id| super::setup::motif(cabinet, id).ok().map(|m| m.name))
                .collect();
            warnings.push(BookingWarning {
                kind: WarningKind::ReservedPlage,
                message: format!(
                    "La plage {}–{} est réservée ({}) : « {} » n'y est pas prévu.",
                    reserved.starts.format("%H:%M"),
                    reserved.ends.format("%H:%M"),
                    kept_for.join(", "),
                    valid
                        .motif
                        .as_ref()
                        .map_or("sans motif", |m| m.name.as_str())
                ),
            });
        }
    }
    for absence in calendar
        .absences
        .iter()
        .filter(|a| a.overlaps(starts, ends))
    {
        warnings.push(BookingWarning {
            kind: WarningKind::Absence,
            message: format!(
                "Pendant une indisponibilité : {} du {} au {}.",
                absence.tag,
                absence.starts.format("%d/%m/%Y %H:%M"),
                absence.ends.format("%d/%m/%Y %H:%M")
            ),
        });
    }
    if let Some(patient_id) = &valid.patient_id {
        let same_day = super::views::appointments_where(
            cabinet,
            "a.patient_id = ?1 AND a.starts_at >= ?2 AND a.starts_at < ?3 AND a.status <> 'annule'",
            params![
                patient_id,
                stored(day.and_hms_opt(0, 0, 0).unwrap_or_default()),
                stored(
                    (day + Days::new(1))
                        .and_hms_opt(0, 0, 0)
                        .unwrap_or_default()
                )
            ],
        )?;
        for other in same_day.iter().filter(|a| !ignore.contains(&a.id)) {
            warnings.push(BookingWarning {
                kind: WarningKind::SamePatientSameDay,
                message: format!(
                    "{} a déjà un rendez-vous ce jour-là à {}.",
                    other.who,
                    &other.starts_at[11..]
                ),
            });
        }
    }
    Ok(warnings)
}

fn schedule_for(cabinet: &Cabinet, valid: &ValidAppointment) -> Result<Schedule> {
    Schedule::load(
        cabinet,
        std::slice::from_ref(&valid.calendar_id),
        valid.starts.date(),
        valid.ends.date(),
    )
}

/// What booking this draft would need confirmed (empty: nothing).
pub fn check(
    cabinet: &Cabinet,
    draft: &AppointmentDraft,
    moving: Option<&str>,
) -> Result<Vec<BookingWarning>> {
    let valid = validate(cabinet, draft)?;
    let ignore: Vec<String> = moving.map(str::to_string).into_iter().collect();
    warnings(cabinet, &schedule_for(cabinet, &valid)?, &valid, &ignore)
}

pub(crate) fn require_confirmation(warnings: &[BookingWarning], accepted: bool) -> Result<()> {
    if warnings.is_empty() || accepted {
        return Ok(());
    }
    Err(CoreError::NeedsConfirmation {
        summary: warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    })
}

pub(crate) fn record(
    tx: &Transaction<'_>,
    now: &str,
    appointment_id: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO appointment_history (id, appointment_id, at, field, old_value, new_value, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, carnet_actor_name())",
    )?
    .execute(params![
        new_id(),
        appointment_id,
        now,
        field,
        old,
        new
    ])?;
    Ok(())
}

/// Extra columns a new appointment may carry.
#[derive(Debug, Default)]
pub(crate) struct Placement<'a> {
    pub status: Option<AppointmentStatus>,
    pub walk_in: bool,
    pub arrived_at: Option<&'a str>,
    pub series: Option<(&'a str, i64)>,
    pub external_uid: Option<&'a str>,
}

pub(crate) fn insert(
    tx: &Transaction<'_>,
    now: &str,
    valid: &ValidAppointment,
    placement: &Placement<'_>,
) -> Result<String> {
    let id = new_id();
    tx.prepare_cached(
        "INSERT INTO appointments (id, calendar_id, motif_id, patient_id, caller_name, caller_phone,
             starts_at, ends_at, status, walk_in, urgent, note, arrived_at, series_id, series_rank,
             external_uid, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    )?
    .execute(params![
        id,
        valid.calendar_id,
        valid.motif.as_ref().map(|m| &m.id),
        valid.patient_id,
        valid.caller_name,
        valid.caller_phone,
        stored(valid.starts),
        stored(valid.ends),
        placement.status.unwrap_or(AppointmentStatus::Planifie),
        placement.walk_in,
        valid.urgent,
        valid.note,
        placement.arrived_at,
        placement.series.map(|(s, _)| s),
        placement.series.map(|(_, r)| r),
        placement.external_uid,
        now
    ])?;
    let summary = format!(
        "{}{}",
        french_moment(valid.starts),
        valid
            .motif
            .as_ref()
            .map(|m| format!(", {}", m.name))
            .unwrap_or_default()
    );
    record(tx, now, &id, "creation", None, Some(&summary))?;
    Ok(id)
}

/// Books an appointment. With warnings, `accept_warnings` must be true (she
/// saw them and confirmed).
pub fn create(
    cabinet: &mut Cabinet,
    draft: &AppointmentDraft,
    accept_warnings: bool,
) -> Result<String> {
    let valid = validate(cabinet, draft)?;
    let found = warnings(cabinet, &schedule_for(cabinet, &valid)?, &valid, &[])?;
    require_confirmation(&found, accept_warnings)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let id = insert(&tx, &now, &valid, &Placement::default())?;
    tx.commit()?;
    Ok(id)
}

/// The draft that describes an appointment as it is (to edit or move it).
pub fn draft_of(cabinet: &Cabinet, id: &str) -> Result<AppointmentDraft> {
    let row = cabinet
        .conn()
        .query_row(
            "SELECT calendar_id, motif_id, patient_id, caller_name, caller_phone, starts_at, ends_at, urgent, note
             FROM appointments WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    AppointmentDraft {
                        calendar_id: r.get(0)?,
                        motif_id: r.get(1)?,
                        patient_id: r.get(2)?,
                        caller_name: r.get(3)?,
                        caller_phone: r.get(4)?,
                        starts_at: String::new(),
                        duration_minutes: None,
                        urgent: r.get(7)?,
                        note: r.get(8)?,
                    },
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let (draft, starts, ends) = row.ok_or_else(|| {
        CoreError::invalid(
            "appointment",
            "Ce rendez-vous n'existe plus. Rechargez l'agenda.",
        )
    })?;
    let (starts, ends) = (from_stored(&starts)?, from_stored(&ends)?);
    Ok(AppointmentDraft {
        starts_at: super::iso(starts),
        duration_minutes: Some((ends - starts).num_minutes() as u32),
        ..draft
    })
}

/// Changes an appointment (move, resize, other motif, patient, note), one
/// history line per changed field.
pub fn update(
    cabinet: &mut Cabinet,
    id: &str,
    draft: &AppointmentDraft,
    accept_warnings: bool,
) -> Result<()> {
    let before = draft_of(cabinet, id)?;
    let valid = validate(cabinet, draft)?;
    let found = warnings(
        cabinet,
        &schedule_for(cabinet, &valid)?,
        &valid,
        &[id.to_string()],
    )?;
    require_confirmation(&found, accept_warnings)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    write_update(&tx, &now, id, &before, &valid)?;
    tx.commit()?;
    Ok(())
}

pub(crate) fn write_update(
    tx: &Transaction<'_>,
    now: &str,
    id: &str,
    before: &AppointmentDraft,
    valid: &ValidAppointment,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE appointments SET calendar_id = ?2, motif_id = ?3, patient_id = ?4, caller_name = ?5,
             caller_phone = ?6, starts_at = ?7, ends_at = ?8, urgent = ?9, note = ?10, updated_at = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        valid.calendar_id,
        valid.motif.as_ref().map(|m| &m.id),
        valid.patient_id,
        valid.caller_name,
        valid.caller_phone,
        stored(valid.starts),
        stored(valid.ends),
        valid.urgent,
        valid.note,
        now
    ])?;
    let old_start = parse_time_of(&before.starts_at, "startsAt")?;
    let changes: [(&str, Option<String>, Option<String>); 7] = [
        (
            "debut",
            Some(french_moment(old_start)),
            Some(french_moment(valid.starts)),
        ),
        (
            "duree",
            before.duration_minutes.map(|m| format!("{m} min")),
            Some(format!("{} min", (valid.ends - valid.starts).num_minutes())),
        ),
        (
            "agenda",
            Some(before.calendar_id.clone()),
            Some(valid.calendar_id.clone()),
        ),
        (
            "motif",
            before.motif_id.clone(),
            valid.motif.as_ref().map(|m| m.id.clone()),
        ),
        (
            "patient",
            before.patient_id.clone(),
            valid.patient_id.clone(),
        ),
        (
            "appelant",
            before.caller_name.clone(),
            valid.caller_name.clone(),
        ),
        ("note", Some(before.note.clone()), Some(valid.note.clone())),
    ];
    for (field, old, new) in changes {
        if old != new {
            record(tx, now, id, field, old.as_deref(), new.as_deref())?;
        }
    }
    Ok(())
}

/// Moves (or resizes) an appointment: drag and drop, or the keyboard.
pub fn move_to(
    cabinet: &mut Cabinet,
    id: &str,
    calendar_id: &str,
    starts_at: &str,
    duration_minutes: Option<u32>,
    accept_warnings: bool,
) -> Result<()> {
    let mut draft = draft_of(cabinet, id)?;
    draft.calendar_id = calendar_id.to_string();
    draft.starts_at = starts_at.to_string();
    if duration_minutes.is_some() {
        draft.duration_minutes = duration_minutes;
    }
    update(cabinet, id, &draft, accept_warnings)
}

/// Which status changes make sense (see [`AppointmentStatus::may_become`]).
pub fn may_change(from: AppointmentStatus, to: AppointmentStatus) -> bool {
    from.may_become().contains(&to)
}

/// Sets an appointment's status. Cancelling needs who cancelled
/// ('patient' or 'cabinet'); reinstating a cancelled appointment re-checks
/// its time like a booking. Returns, for a freed future slot, the waiting
/// list entries that match it.
pub fn set_status(
    cabinet: &mut Cabinet,
    id: &str,
    status: AppointmentStatus,
    cancelled_by: Option<CancelledBy>,
    accept_warnings: bool,
) -> Result<Vec<super::waiting::WaitingEntry>> {
    use AppointmentStatus::{Annule, Arrive, EnConsultation, Termine};
    let current = appointment(cabinet, id)?;
    if current.status == status {
        return Ok(Vec::new());
    }
    if !may_change(current.status, status) {
        return Err(CoreError::invalid(
            "status",
            format!(
                "Un rendez-vous {} ne peut pas passer à « {} ».",
                current.status.label(),
                status.label()
            ),
        ));
    }
    if status == Annule && cancelled_by.is_none() {
        return Err(CoreError::invalid(
            "cancelledBy",
            "Dites qui annule : le patient ou le cabinet.",
        ));
    }
    if current.status == Annule {
        let draft = draft_of(cabinet, id)?;
        let valid = validate(cabinet, &draft)?;
        let found = warnings(
            cabinet,
            &schedule_for(cabinet, &valid)?,
            &valid,
            &[id.to_string()],
        )?;
        require_confirmation(&found, accept_warnings)?;
    }
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    // Timestamps follow the status: back to an earlier step clears the later ones.
    let step = match status {
        Arrive => 1,
        EnConsultation => 2,
        Termine => 3,
        _ => 0,
    };
    tx.execute(
        "UPDATE appointments SET status = ?2,
             cancelled_by = CASE WHEN ?2 = 'annule' THEN ?3 END,
             cancelled_at = CASE WHEN ?2 = 'annule' THEN ?4 END,
             arrived_at = CASE WHEN ?5 >= 1 THEN coalesce(arrived_at, ?4) END,
             called_at = CASE WHEN ?5 >= 2 THEN coalesce(called_at, ?4) END,
             done_at = CASE WHEN ?5 >= 3 THEN coalesce(done_at, ?4) END,
             updated_at = ?4
         WHERE id = ?1",
        params![id, status, cancelled_by, now, step],
    )?;
    let new_label = match (status, cancelled_by) {
        (Annule, Some(by)) => by.cancelled_label(),
        _ => status.label(),
    };
    record(
        &tx,
        &now,
        id,
        "statut",
        Some(current.status.label()),
        Some(new_label),
    )?;
    tx.commit()?;
    if status == Annule {
        return super::waiting::proposals_for(cabinet, id);
    }
    Ok(Vec::new())
}

impl CancelledBy {
    /// "annulé par le patient" / "annulé par le cabinet", for the history.
    pub fn cancelled_label(self) -> &'static str {
        match self {
            CancelledBy::Patient => "annulé par le patient",
            CancelledBy::Cabinet => "annulé par le cabinet",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentChange {
    /// RFC 3339 UTC
    pub at: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

pub fn history(cabinet: &Cabinet, id: &str) -> Result<Vec<AppointmentChange>> {
    let calendars = super::setup::calendars(cabinet)?;
    let motifs = super::setup::motifs(cabinet)?;
    // Ids in the history are shown by name.
    let name = |field: &str, value: Option<String>| -> Option<String> {
        let value = value?;
        Some(match field {
            "agenda" => calendars
                .iter()
                .find(|c| c.id == value)
                .map_or(value, |c| c.name.clone()),
            "motif" => motifs
                .iter()
                .find(|m| m.id == value)
                .map_or(value, |m| m.name.clone()),
            _ => value,
        })
    };
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT at, field, old_value, new_value FROM appointment_history
         WHERE appointment_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = statement.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    let mut result = Vec::new();
    for row in rows {
        let (at, field, old, new) = row?;
        result.push(AppointmentChange {
            old_value: name(&field, old),
            new_value: name(&field, new),
            at,
            field,
        });
    }
    Ok(result)
}

/// A walk-in (sans rendez-vous): arrives now, joins the queue.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WalkInDraft {
    pub calendar_id: String,
    pub motif_id: Option<String>,
    pub patient_id: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub urgent: bool,
    pub note: String,
}

pub fn walk_in(cabinet: &mut Cabinet, draft: &WalkInDraft) -> Result<String> {
    let now = now_local(cabinet);
    let now = chrono::Timelike::with_nanosecond(&now, 0)
        .and_then(|t| chrono::Timelike::with_second(&t, 0))
        .unwrap_or(now);
    let valid = validate(
        cabinet,
        &AppointmentDraft {
            calendar_id: draft.calendar_id.clone(),
            motif_id: draft.motif_id.clone(),
            patient_id: draft.patient_id.clone(),
            caller_name: draft.caller_name.clone(),
            caller_phone: draft.caller_phone.clone(),
            starts_at: super::iso(now),
            duration_minutes: None,
            urgent: draft.urgent,
            note: draft.note.clone(),
        },
    )?;
    let arrived = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let id = insert(
        &tx,
        &arrived,
        &valid,
        &Placement {
            status: Some(AppointmentStatus::Arrive),
            walk_in: true,
            arrived_at: Some(&arrived),
            ..Placement::default()
        },
    )?;
    tx.commit()?;
    Ok(id)
}

/// The caller now has a patient file (created from her name and phone):
/// every appointment booked under that caller's name and phone moves to it.
/// Returns how many.
pub fn attach_patient(cabinet: &mut Cabinet, id: &str, patient_id: &str) -> Result<usize> {
    let current = draft_of(cabinet, id)?;
    let Some(caller) = current.caller_name.clone() else {
        return Err(CoreError::invalid(
            "appointment",
            "Ce rendez-vous a déjà un dossier patient.",
        ));
    };
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let ids: Vec<String> = {
        let mut statement = tx.prepare(
            "SELECT id FROM appointments WHERE patient_id IS NULL AND caller_name = ?1
               AND coalesce(caller_phone, '') = coalesce(?2, '')",
        )?;
        let rows = statement.query_map(params![caller, current.caller_phone], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for appointment_id in &ids {
        tx.execute(
            "UPDATE appointments SET patient_id = ?2, caller_name = NULL, caller_phone = NULL, updated_at = ?3 WHERE id = ?1",
            params![appointment_id, patient_id, now],
        )?;
        record(
            &tx,
            &now,
            appointment_id,
            "patient",
            Some(&caller),
            Some(patient_id),
        )?;
    }
    tx.commit()?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{absences, setup, testing};
    use chrono::{Datelike, NaiveDate};

    /// A Monday well in the future, so nothing is "in the past".
    fn monday() -> NaiveDate {
        let mut day = NaiveDate::from_ymd_opt(2030, 1, 7).unwrap();
        while day.weekday() != chrono::Weekday::Mon {
            day = day.succ_opt().unwrap();
        }
        day
    }

    fn setup(zone: &str) -> (tempfile::TempDir, Cabinet, String, Motif, String) {
        let (dir, mut cabinet) = testing::cabinet(zone);
        let calendar = setup::calendars(&cabinet).unwrap()[0].id.clone();
        let consultation = setup::motifs(&cabinet)
            .unwrap()
            .into_iter()
            .find(|m| m.name == "Consultation")
            .unwrap();
        let patient = testing::patient(&mut cabinet);
        (dir, cabinet, calendar, consultation, patient)
    }

    fn draft(calendar: &str, motif: &Motif, patient: &str, starts: &str) -> AppointmentDraft {
        AppointmentDraft {
            calendar_id: calendar.into(),
            motif_id: Some(motif.id.clone()),
            patient_id: Some(patient.into()),
            starts_at: starts.into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_conflict_is_a_warning_to_confirm_never_a_silent_refusal() {
        let (_dir, mut cabinet, calendar, consultation, patient) = setup("Europe/Paris");
        let day = monday();
        let at = |hm: &str| format!("{day}T{hm}");
        let first = create(
            &mut cabinet,
            &draft(&calendar, &consultation, &patient, &at("09:00")),
            false,
        )
        .unwrap();
        fn kinds_in(cabinet: &Cabinet, d: &AppointmentDraft) -> Vec<WarningKind> {
            check(cabinet, d, None)
                .unwrap()
                .into_iter()
                .map(|w| w.kind)
                .collect()
        }
        // Same patient, overlapping: two warnings.
        let overlapping = draft(&calendar, &consultation, &patient, &at("09:10"));
        assert_eq!(
            kinds_in(&cabinet, &overlapping),
            [WarningKind::Overlap, WarningKind::SamePatientSameDay]
        );
        // Outside opening hours; the urgent-only plage; the past.
        let mut caller = draft(&calendar, &consultation, &patient, &at("12:30"));
        caller.patient_id = None;
        caller.caller_name = Some("M. Petit".into());
        assert_eq!(kinds_in(&cabinet, &caller), [WarningKind::OutsideHours]);
        caller.starts_at = at("11:30");
        assert_eq!(kinds_in(&cabinet, &caller), [WarningKind::ReservedPlage]);
        let urgence = setup::motifs(&cabinet)
            .unwrap()
            .into_iter()
            .find(|m| m.name == "Urgence")
            .unwrap();
        caller.motif_id = Some(urgence.id);
        assert!(
            kinds_in(&cabinet, &caller).is_empty(),
            "urgences take the reserved plage"
        );
        caller.starts_at = "2020-01-06T09:00".into();
        assert_eq!(kinds_in(&cabinet, &caller), [WarningKind::InThePast]);
        // An absence.
        absences::add_exception(
            &mut cabinet,
            &setup::ExceptionDraft {
                calendar_id: Some(calendar.clone()),
                kind: setup::ExceptionKind::Conges,
                starts_at: at("14:00"),
                ends_at: at("19:00"),
                label: "Formation".into(),
            },
        )
        .unwrap();
        caller.starts_at = at("15:00");
        assert_eq!(kinds_in(&cabinet, &caller), [WarningKind::Absence]);

        // Unconfirmed: refused with the reasons, and nothing written.
        let error = create(&mut cabinet, &overlapping, false).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::NeedsConfirmation);
        assert!(
            error
                .to_string()
                .contains("Chevauche le rendez-vous de 09:00–09:20"),
            "{error}"
        );
        assert_eq!(
            crate::agenda::views::of_patient(&cabinet, &patient)
                .unwrap()
                .future
                .len(),
            1
        );
        // Confirmed: booked (overbooking on purpose).
        create(&mut cabinet, &overlapping, true).unwrap();
        assert_eq!(
            crate::agenda::views::of_patient(&cabinet, &patient)
                .unwrap()
                .future
                .len(),
            2
        );
        // Moving an appointment does not conflict with itself.
        let tuesday = format!("{}T10:00", day + Days::new(1));
        move_to(&mut cabinet, &first, &calendar, &tuesday, None, false).unwrap();
    }

    #[test]
    fn impossible_input_gets_a_french_error() {
        let (_dir, mut cabinet, calendar, consultation, patient) = setup("Europe/Paris");
        let mut bad = draft(&calendar, &consultation, &patient, "31/02/2030 09:00");
        assert!(create(&mut cabinet, &bad, true)
            .unwrap_err()
            .to_string()
            .contains("n'est pas une date"));
        bad.starts_at = "2030-03-31T02:30".into(); // last Sunday of March 2030
        let error = create(&mut cabinet, &bad, true).unwrap_err();
        assert!(error.to_string().contains("heure d'été"), "{error}");
        bad.starts_at = format!("{}T09:00", monday());
        bad.patient_id = None;
        assert!(create(&mut cabinet, &bad, true)
            .unwrap_err()
            .to_string()
            .contains("Pour qui"));
        bad.caller_name = Some("Mme Blanc".into());
        bad.caller_phone = Some("12".into());
        assert_eq!(
            create(&mut cabinet, &bad, true).unwrap_err().field(),
            Some("callerPhone")
        );
        bad.caller_phone = None;
        bad.duration_minutes = Some(600);
        assert!(create(&mut cabinet, &bad, true)
            .unwrap_err()
            .to_string()
            .contains("8 heures"));
    }

    #[test]
    fn statuses_follow_the_day_and_every_change_is_in_the_history() {
        let (_dir, mut cabinet, calendar, consultation, patient) = setup("Europe/Paris");
        let id = create(
            &mut cabinet,
            &draft(
                &calendar,
                &consultation,
                &patient,
                &format!("{}T09:00", monday()),
            ),
            false,
        )
        .unwrap();
        for status in [
            AppointmentStatus::Confirme,
            AppointmentStatus::Arrive,
            AppointmentStatus::EnConsultation,
            AppointmentStatus::Termine,
        ] {
            set_status(&mut cabinet, &id, status, None, false).unwrap();
        }
        let done = appointment(&cabinet, &id).unwrap();
        assert!(done.arrived_at.is_some() && done.called_at.is_some() && done.done_at.is_some());
        // Undo back to arrived clears the later moments.
        set_status(
            &mut cabinet,
            &id,
            AppointmentStatus::EnConsultation,
            None,
            false,
        )
        .unwrap();
        set_status(&mut cabinet, &id, AppointmentStatus::Arrive, None, false).unwrap();
        let back = appointment(&cabinet, &id).unwrap();
        assert!(back.arrived_at.is_some() && back.called_at.is_none() && back.done_at.is_none());
        // Nonsense transitions are refused.
        let error = set_status(
            &mut cabinet,
            &id,
            AppointmentStatus::AbsentNonExcuse,
            None,
            false,
        )
        .unwrap_err();
        assert!(error.to_string().contains("ne peut pas passer"), "{error}");
        // Cancelling needs who; it records when.
        set_status(&mut cabinet, &id, AppointmentStatus::Planifie, None, false).unwrap();
        assert_eq!(
            set_status(&mut cabinet, &id, AppointmentStatus::Annule, None, false)
                .unwrap_err()
                .field(),
            Some("cancelledBy")
        );
        set_status(
            &mut cabinet,
            &id,
            AppointmentStatus::Annule,
            Some(CancelledBy::Patient),
            false,
        )
        .unwrap();
        let cancelled = appointment(&cabinet, &id).unwrap();
        assert_eq!(cancelled.cancelled_by, Some(CancelledBy::Patient));
        assert!(cancelled.cancelled_at.is_some());
        let history = history(&cabinet, &id).unwrap();
        assert_eq!(history[0].field, "creation");
        assert_eq!(
            history.last().unwrap().new_value.as_deref(),
            Some("annulé par le patient")
        );
        assert_eq!(history.iter().filter(|h| h.field == "statut").count(), 8);
    }

    #[test]
    fn the_desk_may_confirm_finish_and_reinstate_but_not_cancel_what_is_done() {
        // (These four were the page's copy of the table, now sent by the core.)
        use AppointmentStatus::*;
        assert!(may_change(Planifie, Confirme));
        assert!(may_change(Arrive, Termine));
        assert!(!may_change(Termine, Annule));
        assert!(may_change(Annule, Planifie));
    }

    #[test]
    fn the_panel_gets_the_view_and_the_statuses_it_may_move_to() {
        let (_dir, mut cabinet, calendar, consultation, patient) = setup("Europe/Paris");
        let id = create(
            &mut cabinet,
            &draft(
                &calendar,
                &consultation,
                &patient,
                &format!("{}T09:00", monday()),
            ),
            false,
        )
        .unwrap();
        set_status(&mut cabinet, &id, AppointmentStatus::Arrive, None, false).unwrap();
        let detail = crate::agenda::views::appointment_detail(&cabinet, &id).unwrap();
        assert_eq!(detail.view, appointment(&cabinet, &id).unwrap());
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["status"], "arrive");
        assert_eq!(
            json["mayBecome"],
            serde_json::json!(["planifie", "en_consultation", "termine", "annule"])
        );
    }

    #[test]
    fn every_allowed_transition_can_be_undone_somehow() {
        // From any status there is a way back to planifié (except through
        // the day's flow, which goes forward then back step by step).
        for &from in AppointmentStatus::ALL {
            let mut reached = vec![from];
            let mut frontier = vec![from];
            while let Some(s) = frontier.pop() {
                for &to in AppointmentStatus::ALL {
                    if may_change(s, to) && !reached.contains(&to) {
                        reached.push(to);
                        frontier.push(to);
                    }
                }
            }
            assert!(
                reached.contains(&AppointmentStatus::Planifie),
                "{from} is a dead end"
            );
            assert!(!may_change(from, from));
        }
    }

    #[test]
    fn a_caller_becomes_a_patient_without_retyping() {
        let (_dir, mut cabinet, calendar, consultation, _patient) = setup("Europe/Paris");
        let mut caller = draft(&calendar, &consultation, "", &format!("{}T09:00", monday()));
        caller.patient_id = None;
        caller.caller_name = Some("Julien Moreau".into());
        caller.caller_phone = Some("07 11 22 33 44".into());
        let first = create(&mut cabinet, &caller, false).unwrap();
        caller.starts_at = format!("{}T10:00", monday() + Days::new(7));
        create(&mut cabinet, &caller, false).unwrap();
        let view = appointment(&cabinet, &first).unwrap();
        assert_eq!(
            (view.who.as_str(), view.phone.as_deref()),
            ("Julien Moreau", Some("07 11 22 33 44"))
        );
        let patient = testing::patient(&mut cabinet);
        assert_eq!(attach_patient(&mut cabinet, &first, &patient).unwrap(), 2);
        let booked = crate::agenda::views::of_patient(&cabinet, &patient).unwrap();
        assert_eq!(booked.future.len(), 2);
        assert!(booked.future.iter().all(|a| a.who == "DURAND Marie"));
    }
}
