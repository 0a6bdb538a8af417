//! What the agenda screens show: a range of days for some calendars (day and
//! week views, the printable day sheet), the month overview, tomorrow's call
//! list, and a patient's appointments.

use chrono::{Datelike, Days, NaiveDate};
use rusqlite::{params, params_from_iter, OptionalExtension, Params};
use serde::Serialize;

use super::setup::{exceptions, AgendaException};
use super::status::{AppointmentStatus, CancelledBy};
use super::{from_stored, iso, schedule::Schedule, stored};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::patients::directory::Listing;
use crate::phone;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentView {
    pub id: String,
    pub calendar_id: String,
    /// `2026-11-24T09:00`, cabinet zone
    pub starts_at: String,
    pub ends_at: String,
    pub motif_id: Option<String>,
    pub motif_name: Option<String>,
    pub motif_colour: Option<String>,
    pub patient_id: Option<String>,
    /// The patient's name as shown everywhere, or the caller's name.
    pub who: String,
    /// 'dd/mm/yyyy' for a patient (tells homonyms apart).
    pub birth_date: Option<String>,
    /// First phone, `06 12 34 56 78`.
    pub phone: Option<String>,
    pub status: AppointmentStatus,
    pub cancelled_by: Option<CancelledBy>,
    pub cancelled_at: Option<String>,
    pub walk_in: bool,
    pub urgent: bool,
    pub note: String,
    /// RFC 3339 UTC
    pub arrived_at: Option<String>,
    pub called_at: Option<String>,
    pub done_at: Option<String>,
    pub series_id: Option<String>,
}

/// The appointment query. With `patients_from_file` the patient's name,
/// birth date and first phone are joined from the file; without, those
/// columns are NULL and [`name_from_directory`] fills them from memory
/// (same positions, so [`read`] serves both).
fn select(patients_from_file: bool) -> String {
    let (names, phone, birth_date, join) = if patients_from_file {
        (
            "p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.sex",
            "(SELECT number FROM patient_phones ph WHERE ph.patient_id = a.patient_id ORDER BY position LIMIT 1)",
            "p.birth_date",
            "LEFT JOIN patients p ON p.id = a.patient_id",
        )
    } else {
        ("NULL, NULL, NULL, NULL, NULL", "NULL", "NULL", "")
    };
    format!(
        "SELECT a.id, a.calendar_id, a.starts_at, a.ends_at, a.motif_id, m.name, m.colour,
            a.patient_id, {names},
            a.caller_name, a.caller_phone, {phone},
            a.status, a.cancelled_by, a.cancelled_at, a.walk_in, a.urgent, a.note,
            a.arrived_at, a.called_at, a.done_at, a.series_id, {birth_date}
        FROM appointments a
        LEFT JOIN motifs m ON m.id = a.motif_id
        {join}"
    )
}

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<AppointmentView> {
    let birth_name: Option<String> = row.get(8)?;
    let who = match &birth_name {
        Some(birth_name) => crate::patients::display_name(
            birth_name,
            &row.get::<_, String>(9)?,
            row.get::<_, Option<String>>(10)?.as_deref(),
            row.get::<_, Option<String>>(11)?.as_deref(),
            &row.get::<_, String>(12)?,
        ),
        None => row.get::<_, Option<String>>(13)?.unwrap_or_default(),
    };
    let phone_digits: Option<String> = row.get::<_, Option<String>>(15)?.or(row.get(14)?);
    let time = |index: usize| -> rusqlite::Result<String> {
        let text: String = row.get(index)?;
        Ok(from_stored(&text).map(iso).unwrap_or(text))
    };
    Ok(AppointmentView {
        id: row.get(0)?,
        calendar_id: row.get(1)?,
        starts_at: time(2)?,
        ends_at: time(3)?,
        motif_id: row.get(4)?,
        motif_name: row.get(5)?,
        motif_colour: row.get(6)?,
        patient_id: row.get(7)?,
        who,
        birth_date: row
            .get::<_, Option<String>>(26)?
            .map(|d| crate::patients::french_date(&d)),
        phone: phone_digits.map(|d| phone::display(&d)),
        status: row.get(16)?,
        cancelled_by: row.get(17)?,
        cancelled_at: row.get(18)?,
        walk_in: row.get(19)?,
        urgent: row.get(20)?,
        note: row.get(21)?,
        arrived_at: row.get(22)?,
        called_at: row.get(23)?,
        done_at: row.get(24)?,
        series_id: row.get(25)?,
    })
}

/// Appointments matching a condition on `a.` (the appointments table).
///
/// Once the patient directory is in memory the patients are named from it:
/// joining each appointment to its patient and first phone costs three
/// random page reads (and decryptions) per line, 2.5 of the 3 ms of a
/// week of two calendars on dataset M; the appointments of a week sit
/// together in the file.
pub(crate) fn appointments_where<P: Params>(
    cabinet: &Cabinet,
    condition: &str,
    parameters: P,
) -> Result<Vec<AppointmentView>> {
    let directory_ready = crate::patients::directory::read(cabinet, |_| ())?.is_some();
    read_appointments(cabinet, condition, parameters, directory_ready)
}

fn read_appointments<P: Params>(
    cabinet: &Cabinet,
    condition: &str,
    parameters: P,
    names_from_directory: bool,
) -> Result<Vec<AppointmentView>> {
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "{} WHERE {condition} ORDER BY a.starts_at, a.calendar_id",
        select(!names_from_directory)
    ))?;
    let mut views = statement
        .query_map(parameters, read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if names_from_directory {
        name_from_directory(cabinet, &mut views)?;
    }
    Ok(views)
}

/// Fills who, birth date and phone of the appointments read without the
/// patient columns, as the join would have: from the directory, or from
/// the file for a patient it does not hold (none is expected).
fn name_from_directory(cabinet: &Cabinet, views: &mut [AppointmentView]) -> Result<()> {
    fn fill(view: &mut AppointmentView, listing: &Listing) {
        view.who = listing.display_name();
        view.birth_date = Some(listing.french_birth_date());
        if let Some(digits) = listing.phone_digits() {
            view.phone = Some(phone::display(digits));
        }
    }
    let missing = crate::patients::directory::read(cabinet, |directory| {
        let mut missing = Vec::new();
        for (index, view) in views.iter_mut().enumerate() {
            let Some(patient_id) = &view.patient_id else {
                continue;
            };
            match directory.listing_of(patient_id) {
                Some(listing) => fill(view, listing),
                None => missing.push(index),
            }
        }
        missing
    })?
    .unwrap_or_else(|| (0..views.len()).collect());
    if missing.is_empty() {
        return Ok(());
    }
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {} FROM patients p WHERE p.id = ?1",
        Listing::COLUMNS
    ))?;
    for index in missing {
        let Some(patient_id) = views[index].patient_id.clone() else {
            continue;
        };
        let listing = statement
            .query_row([&patient_id], |row| Listing::read(row, 0))
            .optional()?;
        if let Some(listing) = listing {
            fill(&mut views[index], &listing);
        }
    }
    Ok(())
}

/// Every appointment in the file, cancelled ones included.
pub fn count(cabinet: &Cabinet) -> Result<i64> {
    Ok(cabinet
        .conn()
        .query_row("SELECT count(*) FROM appointments", [], |r| r.get(0))?)
}

pub fn appointment(cabinet: &Cabinet, id: &str) -> Result<AppointmentView> {
    appointments_where(cabinet, "a.id = ?1", [id])?
        .pop()
        .ok_or_else(|| CoreError::invalid("appointment", "Ce rendez-vous n'existe plus (supprimé ou importé à nouveau ?). Rechargez l'agenda."))
}

/// One appointment as its panel shows it: the view, and the statuses it may
/// move to now (the buttons the panel offers), from the core's one
/// transition table.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AppointmentDetail {
    #[serde(flatten)]
    pub view: AppointmentView,
    pub may_become: Vec<AppointmentStatus>,
}

/// [`appointment`] with the statuses it may move to.
pub fn appointment_detail(cabinet: &Cabinet, id: &str) -> Result<AppointmentDetail> {
    let view = appointment(cabinet, id)?;
    Ok(AppointmentDetail {
        may_become: view.status.may_become().to_vec(),
        view,
    })
}

/// A plage as the grid shades it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PlageView {
    pub calendar_id: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Names of the motifs it is kept for; empty = any.
    pub reserved_for: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AgendaRange {
    /// 'YYYY-MM-DD', first and last day shown.
    pub from: String,
    pub to: String,
    pub plages: Vec<PlageView>,
    pub exceptions: Vec<AgendaException>,
    /// Cancelled ones included (the grid shows them faded or hides them).
    pub appointments: Vec<AppointmentView>,
}

/// Day, week or printable sheet: `days` days from `from` for `calendar_ids`.
pub fn range(
    cabinet: &Cabinet,
    calendar_ids: &[String],
    from: NaiveDate,
    days: u32,
) -> Result<AgendaRange> {
    let days = days.clamp(1, 42);
    let to = from + Days::new(u64::from(days) - 1);
    let schedule = Schedule::load_without_bookings(cabinet, calendar_ids, from, to)?;
    let motif_names: std::collections::HashMap<String, String> = super::setup::motifs(cabinet)?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let mut plages = Vec::new();
    for calendar in &schedule.calendars {
        let mut day = from;
        while day <= to {
            for plage in calendar.plages_on(day) {
                plages.push(PlageView {
                    calendar_id: calendar.calendar_id.clone(),
                    starts_at: iso(plage.starts),
                    ends_at: iso(plage.ends),
                    reserved_for: plage
                        .motif_ids
                        .iter()
                        .filter_map(|id| motif_names.get(id).cloned())
                        .collect(),
                });
            }
            day = day + Days::new(1);
        }
    }
    let mut appointments = Vec::new();
    if !calendar_ids.is_empty() {
        let marks: Vec<String> = (0..calendar_ids.len())
            .map(|i| format!("?{}", i + 4))
            .collect();
        let mut parameters: Vec<String> = vec![
            stored(
                (from - Days::new(1))
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default(),
            ),
            stored(from.and_hms_opt(0, 0, 0).unwrap_or_default()),
            stored((to + Days::new(1)).and_hms_opt(0, 0, 0).unwrap_or_default()),
        ];
        parameters.extend(calendar_ids.iter().cloned());
        appointments = appointments_where(
            cabinet,
            &format!(
                "a.starts_at >= ?1 AND a.starts_at < ?3 AND a.ends_at > ?2 AND a.calendar_id IN ({})",
                marks.join(", ")
            ),
            params_from_iter(parameters),
        )?;
    }
    let exceptions = exceptions(cabinet, from, to)?
        .into_iter()
        .filter(|e| {
            e.calendar_id
                .as_ref()
                .is_none_or(|id| calendar_ids.contains(id))
        })
        .collect();
    Ok(AgendaRange {
        from: from.to_string(),
        to: to.to_string(),
        plages,
        exceptions,
        appointments,
    })
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MonthDay {
    /// 'YYYY-MM-DD'
    pub date: String,
    /// Booked appointments (not cancelled).
    pub booked: u32,
    /// Minutes of opening left free, all chosen calendars together.
    pub free_minutes: u32,
    /// An absence, congés or fermeture covers part of the day.
    pub closed: bool,
}

/// The month overview: every day of the month containing `day`.
pub fn month(cabinet: &Cabinet, calendar_ids: &[String], day: NaiveDate) -> Result<Vec<MonthDay>> {
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let last = next - Days::new(1);
    let schedule = Schedule::load(cabinet, calendar_ids, first, last)?;
    let mut result = Vec::new();
    let mut date = first;
    while date <= last {
        let day_start = date.and_hms_opt(0, 0, 0).unwrap_or_default();
        let day_end = day_start + chrono::Duration::days(1);
        let mut booked = 0;
        let mut free = 0i64;
        let mut closed = false;
        for calendar in &schedule.calendars {
            booked += calendar
                .booked
                .iter()
                .filter(|b| b.starts >= day_start && b.starts < day_end)
                .count() as u32;
            closed |= calendar
                .absences
                .iter()
                .any(|a| a.overlaps(day_start, day_end));
            for (open_from, open_until) in calendar.allowed_on(date, None) {
                let mut minutes = (open_until - open_from).num_minutes();
                for busy in calendar.booked.iter().chain(calendar.absences.iter()) {
                    let overlap =
                        (busy.ends.min(open_until) - busy.starts.max(open_from)).num_minutes();
                    minutes -= overlap.max(0);
                }
                free += minutes.max(0);
            }
        }
        result.push(MonthDay {
            date: date.to_string(),
            booked,
            free_minutes: free.max(0) as u32,
            closed,
        });
        date = date + Days::new(1);
    }
    Ok(result)
}

/// One line of tomorrow's call list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CallListEntry {
    pub appointment: AppointmentView,
    pub calendar_name: String,
    /// Every phone of the patient (or the caller's), `06 12 34 56 78`.
    pub phones: Vec<String>,
}

/// Appointments of a day still to confirm by phone (offline: no SMS).
pub fn call_list(cabinet: &Cabinet, day: NaiveDate) -> Result<Vec<CallListEntry>> {
    let calendars = super::setup::calendars(cabinet)?;
    let appointments = appointments_where(
        cabinet,
        "a.starts_at >= ?1 AND a.starts_at < ?2 AND a.status IN ('planifie', 'confirme')",
        params![
            stored(day.and_hms_opt(0, 0, 0).unwrap_or_default()),
            stored(
                (day + Days::new(1))
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
            )
        ],
    )?;
    let mut phones_of = cabinet.conn().prepare_cached(
        "SELECT number FROM patient_phones WHERE patient_id = ?1 ORDER BY position",
    )?;
    let mut result = Vec::new();
    for appointment in appointments {
        let phones: Vec<String> = match &appointment.patient_id {
            Some(id) => phones_of
                .query_map([id], |row| row.get::<_, String>(0))?
                .map(|n| n.map(|n| phone::display(&n)))
                .collect::<rusqlite::Result<_>>()?,
            None => appointment.phone.clone().into_iter().collect(),
        };
        let calendar_name = calendars
            .iter()
            .find(|c| c.id == appointment.calendar_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        result.push(CallListEntry {
            appointment,
            calendar_name,
            phones,
        });
    }
    Ok(result)
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientAppointments {
    /// Latest first: every one, or the latest asked for.
    pub past: Vec<AppointmentView>,
    /// How many past appointments there are in all.
    pub past_count: u32,
    /// Soonest first.
    pub future: Vec<AppointmentView>,
    /// Lapins: appointments missed without notice.
    pub unexcused_absences: u32,
}

/// Every appointment of a patient (the right of access, the tests).
pub fn of_patient(cabinet: &Cabinet, patient_id: &str) -> Result<PatientAppointments> {
    let now = stored(super::now_local(cabinet));
    let all = appointments_where(cabinet, "a.patient_id = ?1", [patient_id])?;
    let unexcused = all
        .iter()
        .filter(|a| a.status == AppointmentStatus::AbsentNonExcuse)
        .count() as u32;
    let (mut past, future): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|a| a.starts_at.replace('T', " ") < now);
    past.reverse();
    Ok(PatientAppointments {
        past_count: past.len() as u32,
        past,
        future,
        unexcused_absences: unexcused,
    })
}

/// A patient's past appointments before `?2`, counted on its index alone.
const PAST_COUNT: &str =
    "SELECT count(*) FROM appointments WHERE patient_id = ?1 AND starts_at < ?2";
/// A patient's missed appointments, counted on their index alone
/// (migration 0006).
const MISSED_COUNT: &str =
    "SELECT count(*) FROM appointments WHERE patient_id = ?1 AND status = 'absent_non_excuse'";

/// What her file shows when it opens: the appointments to come, the
/// latest `past_shown` past ones, and the counts of all past and missed
/// ones.
///
/// Why not all of them: each appointment of a patient sits on its own
/// page of the file (appointments are written day after day), so opening
/// the file of a patient seen for twenty years read, and decrypted, a
/// page per visit she had. The counts come from the indexes alone.
pub fn latest_of_patient(
    cabinet: &Cabinet,
    patient_id: &str,
    past_shown: u32,
) -> Result<PatientAppointments> {
    let now = stored(super::now_local(cabinet));
    let future = appointments_where(
        cabinet,
        "a.patient_id = ?1 AND a.starts_at >= ?2",
        params![patient_id, now],
    )?;
    let mut past = appointments_where(
        cabinet,
        "a.rowid IN (SELECT rowid FROM appointments
                     WHERE patient_id = ?1 AND starts_at < ?2
                     ORDER BY starts_at DESC LIMIT ?3)",
        params![patient_id, now, past_shown],
    )?;
    past.reverse();
    let conn = cabinet.conn();
    let past_count: u32 = conn
        .prepare_cached(PAST_COUNT)?
        .query_row(params![patient_id, now], |row| row.get(0))?;
    let unexcused_absences: u32 = conn
        .prepare_cached(MISSED_COUNT)?
        .query_row([patient_id], |row| row.get(0))?;
    Ok(PatientAppointments {
        past,
        past_count,
        future,
        unexcused_absences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::appointments::{self, AppointmentDraft};
    use crate::agenda::demo::{fill, DemoAgenda};
    use crate::agenda::testing;

    fn every_appointment(cabinet: &Cabinet, names_from_directory: bool) -> Vec<AppointmentView> {
        read_appointments(
            cabinet,
            "a.starts_at >= ?1",
            ["2000-01-01 00:00"],
            names_from_directory,
        )
        .unwrap()
    }

    /// The agenda names its appointments from the patient directory in
    /// memory: every line must read exactly as the join on the file reads
    /// it — patients, callers without a file, and a patient renamed with a
    /// new phone after the directory was loaded.
    #[test]
    fn appointments_named_from_memory_read_as_the_file_does() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        crate::demo::add_patients(&mut cabinet, 150, 5, &mut |_, _| {}).unwrap();
        let plan = DemoAgenda {
            years_of_history: 1,
            weeks_ahead: 2,
            per_doctor_per_day: 22,
            seed: 5,
        };
        fill(&mut cabinet, plan, &mut |_, _| {}).unwrap();
        let calendar = crate::agenda::setup::calendars(&cabinet).unwrap()[0]
            .id
            .clone();
        let caller = AppointmentDraft {
            calendar_id: calendar,
            caller_name: Some("M. Appelant".into()),
            caller_phone: Some("0698765432".into()),
            starts_at: "2030-01-07T09:00".into(),
            ..AppointmentDraft::default()
        };
        appointments::create(&mut cabinet, &caller, true).unwrap();
        cabinet.wait_for_search_directory();

        let from_file = every_appointment(&cabinet, false);
        assert!(from_file.len() > 5_000, "{}", from_file.len());
        assert_eq!(every_appointment(&cabinet, true), from_file);
        let called = from_file.iter().find(|a| a.patient_id.is_none()).unwrap();
        assert_eq!(called.who, "M. Appelant");
        assert_eq!(called.phone.as_deref(), Some("06 98 76 54 32"));

        let renamed = from_file.iter().find_map(|a| a.patient_id.clone()).unwrap();
        let mut draft = crate::patients::get(&cabinet, &renamed).unwrap().draft;
        draft.birth_name = "Nouveaunom".into();
        draft.phones = vec![crate::patients::PhoneDraft {
            kind: crate::patients::PhoneKind::Mobile,
            number: "0711223344".into(),
        }];
        crate::patients::update(&mut cabinet, &renamed, &draft).unwrap();
        let from_memory = every_appointment(&cabinet, true);
        assert_eq!(from_memory, every_appointment(&cabinet, false));
        let theirs = from_memory
            .iter()
            .find(|a| a.patient_id.as_deref() == Some(renamed.as_str()))
            .unwrap();
        assert!(theirs.who.contains("NOUVEAUNOM"), "{}", theirs.who);
        assert_eq!(theirs.phone.as_deref(), Some("07 11 22 33 44"));
    }

    /// Her file opens with the latest past appointments only, and the
    /// same counts as the whole list, read from the indexes alone: for
    /// patients with few and with many appointments, missed ones included.
    #[test]
    fn a_file_opens_with_the_latest_appointments_and_every_count() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        // The night clocks go back: 02:30 happens twice (this is the first).
        cabinet.set_clock(testing::clock_at("Europe/Paris", "2026-10-25 02:30"));
        crate::demo::add_patients(&mut cabinet, 60, 3, &mut |_, _| {}).unwrap();
        let plan = DemoAgenda {
            years_of_history: 1,
            weeks_ahead: 3,
            per_doctor_per_day: 22,
            seed: 3,
        };
        fill(&mut cabinet, plan, &mut |_, _| {}).unwrap();
        let patients: Vec<String> = cabinet
            .conn()
            .prepare("SELECT id FROM patients")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let (mut long_histories, mut missed) = (0, 0);
        for patient in &patients {
            let all = of_patient(&cabinet, patient).unwrap();
            for shown in [0, 10] {
                let latest = latest_of_patient(&cabinet, patient, shown).unwrap();
                assert_eq!(latest.future, all.future);
                assert_eq!(latest.past_count, all.past_count);
                assert_eq!(latest.unexcused_absences, all.unexcused_absences);
                let expected: Vec<_> = all.past.iter().take(shown as usize).cloned().collect();
                assert_eq!(latest.past, expected, "{patient}, {shown} shown");
            }
            long_histories += usize::from(all.past.len() > 10);
            missed += usize::from(all.unexcused_absences > 0);
        }
        assert!(
            long_histories > 10 && missed > 10,
            "{long_histories} {missed}"
        );

        // The counts read no appointment row: each is answered by an index.
        let plan_of = |sql: &str| -> String {
            let mut statement = cabinet
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let values = ["p", "2026-01-01 00:00"];
            let bound = &values[..statement.parameter_count()];
            statement
                .query_map(params_from_iter(bound), |row| row.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap()
                .join(" / ")
        };
        let past = plan_of(PAST_COUNT);
        assert!(
            past.contains("COVERING INDEX appointments_by_patient"),
            "{past}"
        );
        let missed_plan = plan_of(MISSED_COUNT);
        assert!(
            missed_plan.contains("COVERING INDEX appointments_missed"),
            "{missed_plan}"
        );
    }
}
