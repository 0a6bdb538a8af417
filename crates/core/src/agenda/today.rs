//! Today at a glance: what the home screen shows when she sits down at
//! 8:00 and every time she comes back to it. For each doctor: how the day
//! is going (booked, seen, still to come, late), who is in consultation,
//! who is waiting and for how long, who comes next, and the next free slot
//! for the first motif (what a caller asks for most).
//!
//! Built from the waiting-room board and the free-slot finder, so the home
//! screen never disagrees with the screens it links to.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::flow::{self, FlowBoard};
use super::setup::{self, Calendar, CalendarKind};
use super::slots::{self, FreeSlot, SlotRequest};
use super::views::AppointmentView;
use super::{french_day, iso, now_local, stored};
use crate::cabinet::Cabinet;
use crate::error::Result;

/// Someone in the waiting room.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WaitingPatient {
    pub appointment_id: String,
    pub patient_id: Option<String>,
    pub who: String,
    /// Minutes since she marked the arrival (0 if the clock went back).
    pub minutes: i64,
    pub urgent: bool,
    pub walk_in: bool,
}

/// One doctor's day.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct DoctorDay {
    pub calendar_id: String,
    pub name: String,
    pub colour: String,
    /// Every appointment of the day that still stands (not cancelled, not
    /// absent).
    pub booked: u32,
    pub seen: u32,
    /// Expected and not yet due, plus those waiting or in consultation.
    pub to_come: u32,
    /// Expected, due, not arrived.
    pub late: u32,
    pub in_consultation: Option<String>,
    /// In the order they will be called (urgent first).
    pub waiting: Vec<WaitingPatient>,
    /// The next expected appointment not yet due.
    pub next: Option<AppointmentView>,
    /// The next free slot for the first motif, within three months.
    pub next_free_slot: Option<FreeSlot>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Today {
    /// 'YYYY-MM-DD'
    pub date: String,
    /// « lundi 07/12/2026 »
    pub day_label: String,
    /// `2026-12-07T08:02`, the cabinet's zone
    pub now: String,
    /// The motif the free slots were searched for (« Consultation »).
    pub slot_motif: Option<String>,
    pub doctors: Vec<DoctorDay>,
}

/// The day as it stands now, for every doctor's calendar in use.
pub fn today(cabinet: &Cabinet) -> Result<Today> {
    let now = now_local(cabinet);
    let now_utc = cabinet.clock().now();
    let date = now.date();
    let board = flow::board(cabinet, date, &[])?;
    let motif = setup::motifs(cabinet)?.into_iter().find(|m| !m.archived);
    let mut doctors = Vec::new();
    for calendar in setup::calendars(cabinet)?
        .into_iter()
        .filter(|c| c.kind == CalendarKind::Praticien && !c.archived)
    {
        let next_free_slot = match &motif {
            Some(motif) => slots::next_free_slots(
                cabinet,
                &SlotRequest {
                    motif_id: motif.id.clone(),
                    calendar_ids: vec![calendar.id.clone()],
                    count: Some(1),
                    ..SlotRequest::default()
                },
            )?
            .into_iter()
            .next(),
            None => None,
        };
        doctors.push(day_of(
            &board,
            calendar,
            next_free_slot,
            &stored(now),
            now_utc,
        ));
    }
    Ok(Today {
        date: date.to_string(),
        day_label: french_day(date),
        now: iso(now),
        slot_motif: motif.map(|m| m.name),
        doctors,
    })
}

/// One calendar's part of the board; `now` as stored (`YYYY-MM-DD HH:MM`).
fn day_of(
    board: &FlowBoard,
    calendar: Calendar,
    next_free_slot: Option<FreeSlot>,
    now: &str,
    now_utc: DateTime<Utc>,
) -> DoctorDay {
    let calendar_id = calendar.id.as_str();
    let mine = |list: &[AppointmentView]| -> Vec<AppointmentView> {
        list.iter()
            .filter(|a| a.calendar_id == calendar_id)
            .cloned()
            .collect()
    };
    let expected = mine(&board.expected);
    let waiting = mine(&board.waiting);
    let in_consultation = mine(&board.in_consultation);
    let seen = mine(&board.done).len();
    // Stored times sort as text; the views carry `T`, the stored form a space.
    let due = |a: &AppointmentView| a.starts_at.replace('T', " ").as_str() <= now;
    let late = expected.iter().filter(|a| due(a)).count();
    let not_yet: Vec<&AppointmentView> = expected.iter().filter(|a| !due(a)).collect();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    DoctorDay {
        calendar_id: calendar.id.clone(),
        name: calendar.name,
        colour: calendar.colour,
        booked: count(expected.len() + waiting.len() + in_consultation.len() + seen),
        seen: count(seen),
        to_come: count(not_yet.len() + waiting.len() + in_consultation.len()),
        late: count(late),
        in_consultation: in_consultation.first().map(|a| a.who.clone()),
        waiting: waiting
            .iter()
            .map(|a| WaitingPatient {
                appointment_id: a.id.clone(),
                patient_id: a.patient_id.clone(),
                who: a.who.clone(),
                minutes: minutes_since(a.arrived_at.as_deref(), now_utc),
                urgent: a.urgent,
                walk_in: a.walk_in,
            })
            .collect(),
        next: not_yet.first().map(|a| (*a).clone()),
        next_free_slot,
    }
}

/// Whole minutes from an RFC 3339 instant to `now`; 0 when unknown or in
/// the future (a clock put back).
fn minutes_since(instant: Option<&str>, now: DateTime<Utc>) -> i64 {
    instant
        .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
        .map(|then| (now - then.with_timezone(&Utc)).num_minutes().max(0))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::appointments::{set_status, walk_in, WalkInDraft};
    use crate::agenda::status::AppointmentStatus;
    use crate::agenda::testing;

    /// A Tuesday morning at 09:30: the first doctor has seen one patient,
    /// has one in consultation, one waiting for twelve minutes, one late
    /// and one to come; the second has nothing booked. Each line of the
    /// home screen says so, and the next free slot is after now.
    #[test]
    fn the_day_of_each_doctor_as_it_stands() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        cabinet.set_clock(testing::clock_at("Europe/Paris", "2026-12-08 09:18"));
        let calendars = setup::calendars(&cabinet).unwrap();
        let (roux, mercier) = (calendars[0].id.clone(), calendars[1].id.clone());
        let book = |cabinet: &mut Cabinet, who: &str, at: &str| {
            testing::book_caller(cabinet, &roux, who, &format!("2026-12-08T{at}"), 15)
        };
        let seen = book(&mut cabinet, "Vu ce matin", "08:00");
        let consulting = book(&mut cabinet, "En consultation", "08:30");
        let waiting = book(&mut cabinet, "Dans la salle", "09:00");
        book(&mut cabinet, "En retard", "09:15");
        book(&mut cabinet, "Plus tard", "11:00");
        let cancelled = book(&mut cabinet, "Annulé", "10:00");
        for (id, status) in [
            (&seen, AppointmentStatus::Arrive),
            (&seen, AppointmentStatus::EnConsultation),
            (&seen, AppointmentStatus::Termine),
            (&consulting, AppointmentStatus::Arrive),
            (&consulting, AppointmentStatus::EnConsultation),
            (&waiting, AppointmentStatus::Arrive),
        ] {
            set_status(&mut cabinet, id, status, None, false).unwrap();
        }
        set_status(
            &mut cabinet,
            &cancelled,
            AppointmentStatus::Annule,
            Some(crate::agenda::status::CancelledBy::Patient),
            false,
        )
        .unwrap();
        // Twelve minutes later, someone walks in too.
        cabinet.set_clock(testing::clock_at("Europe/Paris", "2026-12-08 09:30"));
        walk_in(
            &mut cabinet,
            &WalkInDraft {
                calendar_id: roux.clone(),
                caller_name: Some("Sans rendez-vous".into()),
                ..Default::default()
            },
        )
        .unwrap();

        let today = today(&cabinet).unwrap();
        assert_eq!(today.date, "2026-12-08");
        assert_eq!(today.day_label, "mardi 08/12/2026");
        let first = &today.doctors[0];
        assert_eq!(first.calendar_id, roux);
        assert_eq!(
            (first.booked, first.seen, first.to_come, first.late),
            (6, 1, 4, 1),
            "seen, consulting, waiting, walk-in, late, later"
        );
        assert_eq!(first.in_consultation.as_deref(), Some("En consultation"));
        let waiting: Vec<(&str, i64)> = first
            .waiting
            .iter()
            .map(|w| (w.who.as_str(), w.minutes))
            .collect();
        assert_eq!(waiting, [("Dans la salle", 12), ("Sans rendez-vous", 0)]);
        assert_eq!(
            first.next.as_ref().map(|a| a.who.as_str()),
            Some("Plus tard")
        );
        let second = &today.doctors[1];
        assert_eq!(second.calendar_id, mercier);
        assert_eq!((second.booked, second.to_come), (0, 0));
        let slot = second.next_free_slot.as_ref().expect("a free slot");
        assert!(
            slot.starts_at.as_str() >= "2026-12-08T09:30",
            "{}",
            slot.starts_at
        );
        assert_eq!(today.slot_motif.as_deref(), Some("Consultation"));
    }

    #[test]
    fn waiting_minutes_never_go_negative_or_panic_on_bad_text() {
        let now: DateTime<Utc> = "2026-12-08T08:30:00Z".parse().unwrap();
        assert_eq!(minutes_since(Some("2026-12-08T08:17:59.000Z"), now), 12);
        assert_eq!(minutes_since(Some("2026-12-08T09:00:00Z"), now), 0);
        assert_eq!(minutes_since(Some("pas une date"), now), 0);
        assert_eq!(minutes_since(None, now), 0);
    }
}
