//! The agenda: calendars, motifs, weekly templates and exceptions (setup),
//! appointments and their statuses, recurring series, the next-free-slot
//! finder, the waiting list, the waiting-room flow, today at a glance (the
//! home screen), views and ICS.
//!
//! Appointment times are wall-clock times in the cabinet's zone (see
//! migration 0003 for why). They travel to the UI as `YYYY-MM-DDTHH:MM`
//! strings and are stored as `YYYY-MM-DD HH:MM`, which sort as text.

pub mod absences;
pub mod appointments;
pub mod demo;
pub mod flow;
pub mod freed_slots;
pub mod ics;
pub mod schedule;
pub mod series;
pub mod setup;
pub mod slots;
pub mod status;
pub mod today;
pub mod views;
pub mod waiting;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// The form of appointment times in the file.
const STORED: &str = "%Y-%m-%d %H:%M";

pub(crate) fn stored(time: NaiveDateTime) -> String {
    time.format(STORED).to_string()
}

/// The form the UI receives: ISO without seconds, `2026-11-24T09:00`.
pub fn iso(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%dT%H:%M").to_string()
}

pub(crate) fn from_stored(text: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text, STORED)
        .map_err(|_| CoreError::Internal(format!("heure enregistrée illisible « {text} »")))
}

/// `2026-11-24T09:00`, `2026-11-24 09:00` or `24/11/2026 09:00` → the time.
pub fn parse_time_of(input: &str, field: &'static str) -> Result<NaiveDateTime> {
    let text = input.trim();
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %Hh%M",
    ] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(time);
        }
    }
    Err(CoreError::invalid(
        field,
        format!("« {text} » n'est pas une date et une heure : choisissez le jour et tapez l'heure, par exemple 24/11/2026 09:30."),
    ))
}

/// `09:30`, `9:30`, `9h30`, `9h` → the time of day.
pub fn parse_clock(input: &str, field: &'static str) -> Result<NaiveTime> {
    let text = input.trim().to_lowercase().replace('h', ":");
    let text = text
        .strip_suffix(':')
        .map_or(text.clone(), |t| format!("{t}:00"));
    NaiveTime::parse_from_str(&text, "%H:%M").map_err(|_| {
        CoreError::invalid(
            field,
            format!(
                "« {} » n'est pas une heure : tapez-la sur 24 heures, par exemple 08:30 ou 14h15.",
                input.trim()
            ),
        )
    })
}

pub fn clock(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

pub fn parse_day(input: &str, field: &'static str) -> Result<NaiveDate> {
    crate::dates::parse_date(input, field)
}

/// The cabinet's time zone (see [`Cabinet::zone`]).
pub fn zone(cabinet: &Cabinet) -> Tz {
    cabinet.zone()
}

/// Now, as a wall-clock time in the cabinet's zone, from its clock.
pub fn now_local(cabinet: &Cabinet) -> NaiveDateTime {
    cabinet.clock().local(zone(cabinet))
}

/// A wall-clock time that never happens: the hour skipped when clocks go
/// forward (last Sunday of March in France, 02:00–03:00).
pub fn does_not_exist(zone: Tz, time: NaiveDateTime) -> bool {
    zone.from_local_datetime(&time).earliest().is_none()
}

/// French weekday names, Monday first (1 = lundi).
pub const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// `mardi 24/11/2026`
pub fn french_day(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "{} {}",
        WEEKDAYS[date.weekday().num_days_from_monday() as usize],
        date.format("%d/%m/%Y")
    )
}

/// `mardi 24/11/2026 à 09:30`
pub fn french_moment(time: NaiveDateTime) -> String {
    format!("{} à {}", french_day(time.date()), time.format("%H:%M"))
}

#[cfg(test)]
pub(crate) mod testing {
    use crate::cabinet::{Cabinet, NewCabinet, Practitioner};
    use crate::clock::Clock;
    use crate::passphrase::Passphrase;

    pub const PASSPHRASE: &str = "cheval-agrafe-correct-batterie-lune-rivière";

    /// When the agenda tests run, in the cabinet's zone, unless one sets
    /// another clock: three minutes past midnight, when "today" has barely
    /// begun (a test on the real clock once failed at that hour).
    pub const NOW: &str = "2026-12-08 00:03";

    /// A fixed clock at `local` (`2028-02-29 00:03`) in `zone`.
    pub fn clock_at(zone: &str, local: &str) -> Clock {
        Clock::fixed_local(zone.parse().unwrap(), local).unwrap()
    }

    /// A real encrypted cabinet in a temp dir, with two doctors (so two
    /// calendars) and the default motifs and template; its clock is fixed
    /// at [`NOW`].
    pub fn cabinet(zone: &str) -> (tempfile::TempDir, Cabinet) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agenda.carnet");
        let passphrase = Passphrase::new(PASSPHRASE);
        let new = NewCabinet {
            name: "Cabinet des Tilleuls".into(),
            practitioners: vec![
                Practitioner {
                    name: "Dr Anne Roux".into(),
                    specialty: "Médecine générale".into(),
                },
                Practitioner {
                    name: "Dr Paul Mercier".into(),
                    specialty: "Médecine générale".into(),
                },
            ],
            colour: "#2a6f97".into(),
            time_zone: zone.into(),
            is_demo: false,
        };
        let cabinet = Cabinet::create(&path, &new, &passphrase, &passphrase)
            .unwrap()
            .with_clock(clock_at(zone, NOW));
        (dir, cabinet)
    }

    /// Books a caller without a file (`who`) at `starts_at`
    /// (`2026-12-08T09:00`) for `minutes`, warnings accepted.
    pub fn book_caller(
        cabinet: &mut Cabinet,
        calendar_id: &str,
        who: &str,
        starts_at: &str,
        minutes: u32,
    ) -> String {
        crate::agenda::appointments::create(
            cabinet,
            &crate::agenda::appointments::AppointmentDraft {
                calendar_id: calendar_id.into(),
                caller_name: Some(who.into()),
                starts_at: starts_at.into(),
                duration_minutes: Some(minutes),
                ..Default::default()
            },
            true,
        )
        .unwrap()
    }

    /// Marie Durand, born 03/03/1962, mobile 06 12 34 56 78.
    pub fn patient(cabinet: &mut Cabinet) -> String {
        let draft = crate::patients::PatientDraft {
            birth_name: "Durand".into(),
            birth_first_names: "Marie".into(),
            birth_date: "03/03/1962".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            phones: vec![crate::patients::PhoneDraft {
                kind: crate::patients::PhoneKind::Mobile,
                number: "0612345678".into(),
            }],
            ..Default::default()
        };
        crate::patients::create(cabinet, &draft, true).unwrap().id
    }
}
