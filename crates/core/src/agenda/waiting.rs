//! The waiting list: patients who want an earlier slot, with their
//! constraints. When an appointment is cancelled, the entries the freed slot
//! suits are proposed, oldest request first.

use chrono::{Datelike, NaiveDate};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::slots::{PartOfDay, NOON};
use super::{from_stored, parse_day};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::phone;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WaitingDraft {
    pub patient_id: Option<String>,
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    pub motif_id: Option<String>,
    /// None: any practitioner.
    pub calendar_id: Option<String>,
    /// The later appointment they already hold, if any.
    pub appointment_id: Option<String>,
    /// 1 = lundi; empty: any day.
    pub weekdays: Vec<u32>,
    pub part_of_day: Option<PartOfDay>,
    /// Only slots before this day are of use (dd/mm/yyyy).
    pub before_date: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WaitingEntry {
    pub id: String,
    pub patient_id: Option<String>,
    pub who: String,
    pub phone: Option<String>,
    pub motif_id: Option<String>,
    pub motif_name: Option<String>,
    pub calendar_id: Option<String>,
    pub appointment_id: Option<String>,
    /// `2026-12-14T10:00`: the appointment they hold.
    pub current_appointment_at: Option<String>,
    pub weekdays: Vec<u32>,
    pub part_of_day: Option<PartOfDay>,
    pub before_date: Option<String>,
    pub note: String,
    /// RFC 3339 UTC
    pub created_at: String,
}

pub fn add(cabinet: &mut Cabinet, draft: &WaitingDraft) -> Result<String> {
    let caller_name = draft
        .caller_name
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if draft.patient_id.is_none() && caller_name.is_none() {
        return Err(CoreError::invalid(
            "patientId",
            "Pour qui ? Cherchez le patient, ou tapez le nom de la personne.",
        ));
    }
    if draft.weekdays.iter().any(|d| !(1..=7).contains(d)) {
        return Err(CoreError::invalid(
            "weekdays",
            "Jour de la semaine inconnu.",
        ));
    }
    let before = match draft
        .before_date
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => Some(parse_day(text, "beforeDate")?.to_string()),
        None => None,
    };
    let caller_phone = draft
        .caller_phone
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(phone::normalise)
        .transpose()
        .map_err(|e| CoreError::invalid("callerPhone", e.to_string()))?;
    let id = new_id();
    cabinet.conn().execute(
        "INSERT INTO waiting_list (id, patient_id, caller_name, caller_phone, motif_id, calendar_id,
             appointment_id, weekdays, part_of_day, before_date, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            draft.patient_id,
            caller_name,
            caller_phone,
            draft.motif_id,
            draft.calendar_id,
            draft.appointment_id,
            serde_json::to_string(&draft.weekdays).unwrap_or_else(|_| "[]".into()),
            draft.part_of_day.map(part_name),
            before,
            draft.note.trim(),
            cabinet.now_utc()
        ],
    )?;
    Ok(id)
}

fn part_name(part: PartOfDay) -> &'static str {
    match part {
        PartOfDay::Matin => "matin",
        PartOfDay::ApresMidi => "apres-midi",
    }
}

/// Taken off the list (booked earlier, or no longer wanted).
pub fn resolve(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    cabinet.conn().execute(
        "UPDATE waiting_list SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL",
        params![id, cabinet.now_utc()],
    )?;
    Ok(())
}

/// The open entries, oldest request first.
pub fn open_entries(cabinet: &Cabinet) -> Result<Vec<WaitingEntry>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT w.id, w.patient_id, p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.sex,
                w.caller_name, coalesce(w.caller_phone,
                    (SELECT number FROM patient_phones ph WHERE ph.patient_id = w.patient_id ORDER BY position LIMIT 1)),
                w.motif_id, m.name, w.calendar_id, w.appointment_id, a.starts_at,
                w.weekdays, w.part_of_day, w.before_date, w.note, w.created_at
         FROM waiting_list w
         LEFT JOIN patients p ON p.id = w.patient_id
         LEFT JOIN motifs m ON m.id = w.motif_id
         LEFT JOIN appointments a ON a.id = w.appointment_id
         WHERE w.resolved_at IS NULL ORDER BY w.created_at, w.rowid",
    )?;
    let rows = statement.query_map([], |r| {
        let birth_name: Option<String> = r.get(2)?;
        let who = match birth_name {
            Some(name) => crate::patients::display_name(
                &name,
                &r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?.as_deref(),
                r.get::<_, Option<String>>(5)?.as_deref(),
                &r.get::<_, String>(6)?,
            ),
            None => r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        };
        let weekdays: String = r.get(14)?;
        let part: Option<String> = r.get(15)?;
        let current: Option<String> = r.get(13)?;
        Ok(WaitingEntry {
            id: r.get(0)?,
            patient_id: r.get(1)?,
            who,
            phone: r.get::<_, Option<String>>(8)?.map(|n| phone::display(&n)),
            motif_id: r.get(9)?,
            motif_name: r.get(10)?,
            calendar_id: r.get(11)?,
            appointment_id: r.get(12)?,
            current_appointment_at: current.and_then(|c| from_stored(&c).ok()).map(super::iso),
            weekdays: serde_json::from_str(&weekdays).unwrap_or_default(),
            part_of_day: match part.as_deref() {
                Some("matin") => Some(PartOfDay::Matin),
                Some("apres-midi") => Some(PartOfDay::ApresMidi),
                _ => None,
            },
            before_date: r.get(16)?,
            note: r.get(17)?,
            created_at: r.get(18)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The entries a freed slot suits: the right practitioner (or any), a motif
/// that fits in the time, their days and part of the day, before their own
/// appointment and their date limit, and not in the past.
pub fn proposals_for(cabinet: &Cabinet, freed_appointment_id: &str) -> Result<Vec<WaitingEntry>> {
    let freed = super::views::appointment(cabinet, freed_appointment_id)?;
    let starts = super::parse_time_of(&freed.starts_at, "startsAt")?;
    let ends = super::parse_time_of(&freed.ends_at, "endsAt")?;
    if starts < super::now_local(cabinet) {
        return Ok(Vec::new());
    }
    let minutes = (ends - starts).num_minutes();
    let motifs = super::setup::motifs(cabinet)?;
    let weekday = starts.date().weekday().number_from_monday();
    let part = if starts.time() < NOON {
        PartOfDay::Matin
    } else {
        PartOfDay::ApresMidi
    };
    Ok(open_entries(cabinet)?
        .into_iter()
        .filter(|entry| {
            let fits = entry
                .motif_id
                .as_ref()
                .and_then(|id| motifs.iter().find(|m| &m.id == id))
                .is_none_or(|m| i64::from(m.duration_minutes) <= minutes);
            let same_doctor = entry
                .calendar_id
                .as_ref()
                .is_none_or(|c| *c == freed.calendar_id);
            let day_ok = entry.weekdays.is_empty() || entry.weekdays.contains(&weekday);
            let part_ok = entry.part_of_day.is_none_or(|p| p == part);
            let before_limit = entry
                .before_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_none_or(|limit| starts.date() < limit);
            let earlier_than_theirs = entry
                .current_appointment_at
                .as_deref()
                .is_none_or(|theirs| freed.starts_at.as_str() < theirs);
            let not_the_same_person =
                entry.patient_id.is_none() || entry.patient_id != freed.patient_id;
            fits && same_doctor
                && day_ok
                && part_ok
                && before_limit
                && earlier_than_theirs
                && not_the_same_person
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::appointments::{
        create, set_status, AppointmentDraft, AppointmentStatus, CancelledBy,
    };
    use crate::agenda::freed_slots::give_slot;
    use crate::agenda::{setup, testing, views};

    #[test]
    fn a_cancellation_proposes_the_matching_waiting_patients_and_gives_the_slot() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let calendars = setup::calendars(&cabinet).unwrap();
        let (roux, mercier) = (calendars[0].id.clone(), calendars[1].id.clone());
        let consultation = setup::motifs(&cabinet)
            .unwrap()
            .into_iter()
            .find(|m| m.name == "Consultation")
            .unwrap();
        let patient = testing::patient(&mut cabinet);
        let book = |cabinet: &mut Cabinet, calendar: &str, who: &str, at: &str| {
            create(
                cabinet,
                &AppointmentDraft {
                    calendar_id: calendar.into(),
                    motif_id: Some(consultation.id.clone()),
                    caller_name: Some(who.into()),
                    starts_at: at.into(),
                    ..Default::default()
                },
                true,
            )
            .unwrap()
        };
        // Tuesday 8 January 2030, 09:00 with Dr Roux, soon to be cancelled.
        let freed = book(&mut cabinet, &roux, "M. Blanc", "2030-01-08T09:00");
        // Marie Durand holds 28 January and wants earlier, mornings, Dr Roux.
        let later = create(
            &mut cabinet,
            &AppointmentDraft {
                calendar_id: roux.clone(),
                motif_id: Some(consultation.id.clone()),
                patient_id: Some(patient.clone()),
                starts_at: "2030-01-28T10:00".into(),
                ..Default::default()
            },
            true,
        )
        .unwrap();
        let wanted = add(
            &mut cabinet,
            &WaitingDraft {
                patient_id: Some(patient.clone()),
                calendar_id: Some(roux.clone()),
                appointment_id: Some(later.clone()),
                part_of_day: Some(PartOfDay::Matin),
                ..Default::default()
            },
        )
        .unwrap();
        // Others that do not match: afternoons only; Dr Mercier only; Thursdays only; before 7 January.
        for (calendar, part, weekdays, before) in [
            (None, Some(PartOfDay::ApresMidi), vec![], None),
            (Some(mercier.clone()), None, vec![], None),
            (None, None, vec![4], None),
            (None, None, vec![], Some("07/01/2030".to_string())),
        ] {
            add(
                &mut cabinet,
                &WaitingDraft {
                    caller_name: Some("Autre".into()),
                    calendar_id: calendar,
                    part_of_day: part,
                    weekdays,
                    before_date: before,
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let anyone = add(
            &mut cabinet,
            &WaitingDraft {
                caller_name: Some("Mme Petit".into()),
                caller_phone: Some("0698765432".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let proposals = set_status(
            &mut cabinet,
            &freed,
            AppointmentStatus::Annule,
            Some(CancelledBy::Patient),
            false,
        )
        .unwrap();
        let ids: Vec<&str> = proposals.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, [wanted.as_str(), anyone.as_str()]);
        assert_eq!(proposals[0].who, "DURAND Marie");
        assert_eq!(
            proposals[0].current_appointment_at.as_deref(),
            Some("2030-01-28T10:00")
        );

        // Giving the slot moves her appointment and takes her off the list.
        let given = give_slot(&mut cabinet, &wanted, &freed).unwrap();
        assert_eq!(given, later);
        assert_eq!(
            views::appointment(&cabinet, &later).unwrap().starts_at,
            "2030-01-08T09:00"
        );
        assert!(open_entries(&cabinet)
            .unwrap()
            .iter()
            .all(|e| e.id != wanted));
        // A slot in the past proposes nothing.
        let past = book(&mut cabinet, &roux, "M. Vieux", "2020-01-07T09:00");
        assert!(set_status(
            &mut cabinet,
            &past,
            AppointmentStatus::Annule,
            Some(CancelledBy::Cabinet),
            false,
        )
        .unwrap()
        .is_empty());
    }
}
