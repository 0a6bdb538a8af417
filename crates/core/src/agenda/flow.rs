//! The waiting room (accueil): today's flow — expected, arrived, in
//! consultation, done — who is next for each doctor, and at the end of the
//! day the ones who never came.

use chrono::{Days, NaiveDate};
use rusqlite::params;
use serde::Serialize;

use super::status::AppointmentStatus;
use super::views::{appointments_where, AppointmentView};
use super::{now_local, stored};
use crate::cabinet::Cabinet;
use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FlowBoard {
    /// 'YYYY-MM-DD'
    pub date: String,
    /// Planned or confirmed, by time.
    pub expected: Vec<AppointmentView>,
    /// In the waiting room, in the order they will be called: urgent
    /// first, then appointments by their time (walk-ins by arrival).
    pub waiting: Vec<AppointmentView>,
    pub in_consultation: Vec<AppointmentView>,
    pub done: Vec<AppointmentView>,
    /// Cancelled and absent, for the record.
    pub other: Vec<AppointmentView>,
}

/// The order of the waiting room: urgent first; then by the time they were
/// expected — a walk-in's "time" is its arrival.
fn call_order(appointment: &AppointmentView) -> (bool, String) {
    (!appointment.urgent, appointment.starts_at.clone())
}

pub fn board(cabinet: &Cabinet, date: NaiveDate, calendar_ids: &[String]) -> Result<FlowBoard> {
    let all = appointments_where(
        cabinet,
        "a.starts_at >= ?1 AND a.starts_at < ?2",
        params![
            stored(date.and_hms_opt(0, 0, 0).unwrap_or_default()),
            stored(
                (date + Days::new(1))
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default()
            )
        ],
    )?;
    let mut board = FlowBoard {
        date: date.to_string(),
        expected: Vec::new(),
        waiting: Vec::new(),
        in_consultation: Vec::new(),
        done: Vec::new(),
        other: Vec::new(),
    };
    for appointment in all
        .into_iter()
        .filter(|a| calendar_ids.is_empty() || calendar_ids.contains(&a.calendar_id))
    {
        match appointment.status {
            AppointmentStatus::Planifie | AppointmentStatus::Confirme => {
                board.expected.push(appointment)
            }
            AppointmentStatus::Arrive => board.waiting.push(appointment),
            AppointmentStatus::EnConsultation => board.in_consultation.push(appointment),
            AppointmentStatus::Termine => board.done.push(appointment),
            AppointmentStatus::Annule
            | AppointmentStatus::AbsentExcuse
            | AppointmentStatus::AbsentNonExcuse => board.other.push(appointment),
        }
    }
    board.waiting.sort_by_key(call_order);
    Ok(board)
}

/// Who the doctor of `calendar_id` sees next.
pub fn next_for(cabinet: &Cabinet, calendar_id: &str) -> Result<Option<AppointmentView>> {
    let today = now_local(cabinet).date();
    let board = board(cabinet, today, &[calendar_id.to_string()])?;
    Ok(board.waiting.into_iter().next())
}

/// Planned or confirmed appointments of `date` whose time has passed and
/// who never arrived: at the end of the day she marks them absent.
pub fn never_came(cabinet: &Cabinet, date: NaiveDate) -> Result<Vec<AppointmentView>> {
    let now = stored(now_local(cabinet));
    Ok(board(cabinet, date, &[])?
        .expected
        .into_iter()
        .filter(|a| a.ends_at.replace('T', " ") <= now)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::appointments::{set_status, walk_in, WalkInDraft};
    use crate::agenda::{setup, testing};
    use crate::clock::Clock;

    #[test]
    fn the_board_orders_the_waiting_room_urgent_first_and_lists_the_no_shows() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        // Three minutes past midnight: the day has barely begun.
        cabinet.set_clock(testing::clock_at("Europe/Paris", "2026-12-08 00:03"));
        let roux = setup::calendars(&cabinet).unwrap()[0].id.clone();
        let today = cabinet.today();
        assert_eq!(today.to_string(), "2026-12-08");
        let book = |cabinet: &mut Cabinet, who: &str, at: &str| {
            testing::book_caller(cabinet, &roux, who, &format!("{today}T{at}"), 5)
        };
        let early = book(&mut cabinet, "Arrivé tôt", "00:00");
        let late = book(&mut cabinet, "Arrivé tard", "00:01");
        let absent = book(&mut cabinet, "Jamais venu", "00:02");
        set_status(&mut cabinet, &late, AppointmentStatus::Arrive, None, false).unwrap();
        set_status(&mut cabinet, &early, AppointmentStatus::Arrive, None, false).unwrap();
        let urgent = walk_in(
            &mut cabinet,
            &WalkInDraft {
                calendar_id: roux.clone(),
                caller_name: Some("Urgence sans rendez-vous".into()),
                urgent: true,
                ..Default::default()
            },
        )
        .unwrap();
        let board = board(&cabinet, today, &[]).unwrap();
        let order: Vec<&str> = board.waiting.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(order, [urgent.as_str(), early.as_str(), late.as_str()]);
        assert!(board.waiting[0].walk_in && board.waiting[0].arrived_at.is_some());
        assert_eq!(next_for(&cabinet, &roux).unwrap().unwrap().id, urgent);
        // At 00:03 the 00:02 appointment is not over; at 00:07 it is.
        assert!(never_came(&cabinet, today).unwrap().is_empty());
        cabinet.set_clock(testing::clock_at("Europe/Paris", "2026-12-08 00:07"));
        let missing: Vec<String> = never_came(&cabinet, today)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(missing, [absent]);
    }

    /// Just after midnight, around the hour skipped in March, in the hour
    /// lived twice in October, at the end of a 29 February: a walk-in
    /// arrives at the cabinet's "now", on the cabinet's today. (Between
    /// 01:46 and 02:00 on the March night a 15-minute walk-in would end in
    /// the skipped hour, and is refused today.)
    #[test]
    fn a_walk_in_arrives_now_on_the_cabinets_day_at_every_hard_moment() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let roux = setup::calendars(&cabinet).unwrap()[0].id.clone();
        for (utc, local) in [
            ("2026-12-07T23:03:00Z", "2026-12-08T00:03"),
            ("2026-03-29T00:44:00Z", "2026-03-29T01:44"),
            ("2026-03-29T01:00:00Z", "2026-03-29T03:00"),
            ("2026-10-25T00:30:00Z", "2026-10-25T02:30"),
            ("2026-10-25T01:30:00Z", "2026-10-25T02:30"),
            ("2028-02-29T22:59:00Z", "2028-02-29T23:59"),
            ("2028-02-29T23:00:00Z", "2028-03-01T00:00"),
        ] {
            let instant: chrono::DateTime<chrono::Utc> = utc.parse().unwrap();
            cabinet.set_clock(Clock::Fixed(instant));
            assert_eq!(super::super::iso(now_local(&cabinet)), local);
            let today = cabinet.today();
            assert_eq!(today.to_string(), local[..10]);
            let id = walk_in(
                &mut cabinet,
                &WalkInDraft {
                    calendar_id: roux.clone(),
                    caller_name: Some(format!("Sans rendez-vous {utc}")),
                    ..Default::default()
                },
            )
            .unwrap();
            let board = board(&cabinet, today, &[]).unwrap();
            let arrived = board.waiting.iter().find(|a| a.id == id).unwrap();
            assert_eq!(arrived.starts_at, local, "{utc}");
            assert_eq!(
                arrived.arrived_at.as_deref(),
                Some(
                    instant
                        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                        .as_str()
                )
            );
        }
    }
}
