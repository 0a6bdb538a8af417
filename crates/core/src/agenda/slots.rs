//! The next free slots: for a motif and some calendars, from a moment, the
//! first N times that respect the template, reserved plages, absences and
//! existing appointments, with her patient's preferences.
//!
//! Within each free stretch, slots follow each other from its start (09:00,
//! 09:20, 09:40 for a 20-minute consultation). Precisely, per calendar: the
//! first slot is the earliest valid start; each next one is the earliest
//! valid start at or after the end of the previous one. The property tests
//! check this against a minute-by-minute brute force.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::schedule::{CalendarSchedule, MotifRule, Schedule};
use super::{does_not_exist, iso, now_local, parse_day};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// Morning is a start before noon; afternoon from noon.
pub const NOON: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum PartOfDay {
    Matin,
    ApresMidi,
}

/// What the secretary asks for.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct SlotRequest {
    pub motif_id: String,
    /// Empty: every practitioner calendar.
    pub calendar_ids: Vec<String>,
    /// 'YYYY-MM-DD' or dd/mm/yyyy; empty: today.
    pub from: Option<String>,
    /// 1 = lundi; empty: any day.
    pub weekdays: Vec<u32>,
    pub part_of_day: Option<PartOfDay>,
    /// How many slots (default 10).
    pub count: Option<u32>,
    /// Days to look ahead (default 92, about three months).
    pub horizon_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FreeSlot {
    pub calendar_id: String,
    pub calendar_name: String,
    /// `2026-11-24T09:20`
    pub starts_at: String,
    pub ends_at: String,
}

/// The pure question, once the file has been read.
#[derive(Debug, Clone)]
pub struct Search {
    pub motif: MotifRule,
    pub earliest: NaiveDateTime,
    pub last_day: NaiveDate,
    pub weekdays: Vec<u32>,
    pub part_of_day: Option<PartOfDay>,
    pub count: usize,
}

/// The free slots, earliest first (ties in calendar order): pure.
pub fn find(schedule: &Schedule, search: &Search) -> Vec<(usize, NaiveDateTime)> {
    let mut found: Vec<(usize, NaiveDateTime)> = Vec::new();
    let mut day = search.earliest.date();
    while day <= search.last_day && found.len() < search.count {
        let weekday = day.weekday().number_from_monday();
        if search.weekdays.is_empty() || search.weekdays.contains(&weekday) {
            let mut today: Vec<(usize, NaiveDateTime)> = Vec::new();
            for (index, calendar) in schedule.calendars.iter().enumerate() {
                for start in slots_of_day(schedule, calendar, day, search) {
                    today.push((index, start));
                }
            }
            today.sort_by_key(|(index, start)| (*start, *index));
            found.extend(today);
        }
        day = day + Days::new(1);
    }
    found.truncate(search.count);
    found
}

/// One calendar's greedy slots on one day.
fn slots_of_day(
    schedule: &Schedule,
    calendar: &CalendarSchedule,
    day: NaiveDate,
    search: &Search,
) -> Vec<NaiveDateTime> {
    let length = chrono::Duration::minutes(search.motif.minutes);
    let noon = day.and_time(NOON);
    let mut slots = Vec::new();
    for (open_from, open_until) in calendar.allowed_on(day, Some(&search.motif)) {
        let mut start = open_from.max(search.earliest);
        loop {
            match search.part_of_day {
                Some(PartOfDay::ApresMidi) if start < noon => start = noon,
                Some(PartOfDay::Matin) if start >= noon => break,
                _ => {}
            }
            let end = start + length;
            if end > open_until {
                break;
            }
            // The first obstacle in [start, end): jump past it.
            let blocker = calendar
                .absences
                .iter()
                .chain(calendar.booked.iter())
                .filter(|busy| busy.overlaps(start, end))
                .map(|busy| busy.ends)
                .max();
            if let Some(busy_until) = blocker {
                start = busy_until;
                continue;
            }
            if does_not_exist(schedule.zone, start) || does_not_exist(schedule.zone, end) {
                start += chrono::Duration::minutes(1);
                continue;
            }
            slots.push(start);
            start = end;
        }
    }
    slots
}

/// Reads the file and answers a [`SlotRequest`].
pub fn next_free_slots(cabinet: &Cabinet, request: &SlotRequest) -> Result<Vec<FreeSlot>> {
    let motif = super::setup::motif(cabinet, &request.motif_id)?;
    let all_calendars = super::setup::calendars(cabinet)?;
    let chosen: Vec<&super::setup::Calendar> = if request.calendar_ids.is_empty() {
        all_calendars
            .iter()
            .filter(|c| c.kind == super::setup::CalendarKind::Praticien && !c.archived)
            .collect()
    } else {
        request
            .calendar_ids
            .iter()
            .map(|id| {
                all_calendars
                    .iter()
                    .find(|c| &c.id == id)
                    .ok_or_else(|| CoreError::invalid("calendarIds", "Cet agenda n'existe plus."))
            })
            .collect::<Result<_>>()?
    };
    if let Some(day) = request.weekdays.iter().find(|d| !(1..=7).contains(*d)) {
        return Err(CoreError::invalid(
            "weekdays",
            format!("Jour de la semaine inconnu ({day})."),
        ));
    }
    let now = now_local(cabinet);
    let from = match request
        .from
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => parse_day(text, "from")?,
        None => now.date(),
    };
    // Never propose a time already past.
    let earliest = from.and_time(NaiveTime::MIN).max(now);
    let horizon = request.horizon_days.unwrap_or(92).clamp(1, 731);
    let last_day = from + Days::new(u64::from(horizon));
    let ids: Vec<String> = chosen.iter().map(|c| c.id.clone()).collect();
    let schedule = Schedule::load(cabinet, &ids, earliest.date(), last_day)?;
    let search = Search {
        motif: MotifRule {
            id: motif.id.clone(),
            minutes: i64::from(motif.duration_minutes),
            may_use_reserved: motif.may_use_reserved,
        },
        earliest,
        last_day,
        weekdays: request.weekdays.clone(),
        part_of_day: request.part_of_day,
        count: request.count.unwrap_or(10).clamp(1, 200) as usize,
    };
    Ok(find(&schedule, &search)
        .into_iter()
        .map(|(index, start)| FreeSlot {
            calendar_id: chosen[index].id.clone(),
            calendar_name: chosen[index].name.clone(),
            starts_at: iso(start),
            ends_at: iso(start + chrono::Duration::minutes(search.motif.minutes)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::schedule::{Interval, WeeklyPlage};
    use proptest::prelude::*;

    fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
        day.and_hms_opt(h, m, 0).unwrap()
    }

    fn clock(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// The reference: minute by minute, is `start` acceptable?
    fn valid(
        schedule: &Schedule,
        calendar: &CalendarSchedule,
        start: NaiveDateTime,
        search: &Search,
    ) -> bool {
        let end = start + chrono::Duration::minutes(search.motif.minutes);
        let day = start.date();
        let weekday = day.weekday().number_from_monday();
        let inside = calendar
            .allowed_on(day, Some(&search.motif))
            .iter()
            .any(|(a, b)| *a <= start && end <= *b);
        let free = !calendar
            .absences
            .iter()
            .chain(calendar.booked.iter())
            .any(|busy| busy.overlaps(start, end));
        let part = match search.part_of_day {
            Some(PartOfDay::Matin) => start.time() < NOON,
            Some(PartOfDay::ApresMidi) => start.time() >= NOON,
            None => true,
        };
        start >= search.earliest
            && day <= search.last_day
            && (search.weekdays.is_empty() || search.weekdays.contains(&weekday))
            && inside
            && free
            && part
            && !does_not_exist(schedule.zone, start)
            && !does_not_exist(schedule.zone, end)
    }

    fn brute_force(schedule: &Schedule, search: &Search) -> Vec<(usize, NaiveDateTime)> {
        let mut all = Vec::new();
        for (index, calendar) in schedule.calendars.iter().enumerate() {
            let mut t = search.earliest;
            let stop = (search.last_day + Days::new(1)).and_time(NaiveTime::MIN);
            while t < stop {
                if valid(schedule, calendar, t, search) {
                    all.push((index, t));
                    t += chrono::Duration::minutes(search.motif.minutes);
                } else {
                    t += chrono::Duration::minutes(1);
                }
            }
        }
        all.sort_by_key(|(index, start)| (*start, *index));
        all.truncate(search.count);
        all
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn urgent() -> MotifRule {
        MotifRule {
            id: "urgence".into(),
            minutes: 20,
            may_use_reserved: true,
        }
    }

    fn consultation() -> MotifRule {
        MotifRule {
            id: "consultation".into(),
            minutes: 20,
            may_use_reserved: false,
        }
    }

    fn template() -> Vec<WeeklyPlage> {
        (1..=5)
            .flat_map(|weekday| {
                [
                    WeeklyPlage {
                        weekday,
                        starts: clock(8, 30),
                        ends: clock(11, 30),
                        motif_ids: vec![],
                    },
                    WeeklyPlage {
                        weekday,
                        starts: clock(11, 30),
                        ends: clock(12, 0),
                        motif_ids: vec!["urgence".into()],
                    },
                    WeeklyPlage {
                        weekday,
                        starts: clock(14, 0),
                        ends: clock(18, 30),
                        motif_ids: vec![],
                    },
                ]
            })
            .collect()
    }

    fn calendar(booked: Vec<Interval>, absences: Vec<Interval>) -> CalendarSchedule {
        CalendarSchedule {
            calendar_id: "roux".into(),
            templates: vec![(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(), template())],
            openings: vec![],
            absences,
            booked,
        }
    }

    fn busy(starts: NaiveDateTime, ends: NaiveDateTime) -> Interval {
        Interval {
            starts,
            ends,
            tag: String::new(),
        }
    }

    fn search(motif: MotifRule, earliest: NaiveDateTime) -> Search {
        Search {
            motif,
            earliest,
            last_day: earliest.date() + Days::new(30),
            weekdays: vec![],
            part_of_day: None,
            count: 5,
        }
    }

    #[test]
    fn thursday_morning_around_existing_appointments() {
        let thursday = monday() + Days::new(3);
        let schedule = Schedule {
            zone: chrono_tz::Europe::Paris,
            calendars: vec![calendar(
                vec![busy(at(thursday, 8, 30), at(thursday, 9, 10))],
                vec![],
            )],
        };
        let mut ask = search(consultation(), at(monday(), 7, 0));
        ask.weekdays = vec![4];
        ask.part_of_day = Some(PartOfDay::Matin);
        let slots: Vec<_> = find(&schedule, &ask).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            slots,
            [
                at(thursday, 9, 10),
                at(thursday, 9, 30),
                at(thursday, 9, 50),
                at(thursday, 10, 10),
                at(thursday, 10, 30)
            ]
        );
    }

    #[test]
    fn the_urgent_plage_is_kept_for_urgences() {
        let day = monday();
        // The morning is full until 11:30.
        let schedule = Schedule {
            zone: chrono_tz::Europe::Paris,
            calendars: vec![calendar(
                vec![busy(at(day, 8, 30), at(day, 11, 30))],
                vec![],
            )],
        };
        let first = |motif| find(&schedule, &search(motif, at(day, 7, 0)))[0].1;
        assert_eq!(first(urgent()), at(day, 11, 30));
        assert_eq!(first(consultation()), at(day, 14, 0));
    }

    #[test]
    fn absences_and_the_past_are_skipped() {
        let day = monday();
        let schedule = Schedule {
            zone: chrono_tz::Europe::Paris,
            calendars: vec![calendar(
                vec![],
                vec![busy(at(day, 0, 0), at(day + Days::new(2), 0, 0))],
            )],
        };
        let slots = find(&schedule, &search(consultation(), at(day, 7, 0)));
        assert_eq!(
            slots[0].1,
            at(day + Days::new(2), 8, 30),
            "Monday and Tuesday are off"
        );
        let schedule = Schedule {
            zone: chrono_tz::Europe::Paris,
            calendars: vec![calendar(vec![], vec![])],
        };
        let slots = find(&schedule, &search(consultation(), at(day, 9, 7)));
        assert_eq!(slots[0].1, at(day, 9, 7), "never before now");
    }

    #[test]
    fn the_day_clocks_go_forward_keeps_its_plages_and_skips_the_missing_hour() {
        // 29 March 2026, 02:00 → 03:00 in Paris. A Sunday opening that spans it.
        let sunday = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let mut calendar = calendar(vec![], vec![]);
        calendar
            .openings
            .push(busy(at(sunday, 1, 0), at(sunday, 4, 0)));
        let schedule = Schedule {
            zone: chrono_tz::Europe::Paris,
            calendars: vec![calendar],
        };
        let mut ask = search(consultation(), at(sunday, 0, 0));
        ask.count = 7;
        let slots: Vec<_> = find(&schedule, &ask).into_iter().map(|(_, t)| t).collect();
        assert_eq!(
            slots[..5],
            [
                at(sunday, 1, 0),
                at(sunday, 1, 20),
                at(sunday, 3, 0),
                at(sunday, 3, 20),
                at(sunday, 3, 40)
            ]
        );
        // And the Monday after keeps its 08:30 start.
        assert_eq!(
            slots[5..],
            [
                at(sunday + Days::new(1), 8, 30),
                at(sunday + Days::new(1), 8, 50)
            ]
        );
    }

    fn arbitrary_schedule() -> impl Strategy<Value = (Schedule, Search)> {
        let day = monday();
        let booked = prop::collection::vec((0u64..4, 7u32..20, 0u32..12, 1i64..9), 0..12);
        let absences = prop::collection::vec((0u64..4, 7u32..20, 1i64..40), 0..3);
        let calendars = prop::collection::vec((booked, absences), 1..3);
        (
            calendars,
            prop::bool::ANY,
            0u32..24,
            prop::option::of(prop::bool::ANY),
            prop::collection::vec(1u32..=7, 0..3),
            1usize..12,
            prop::sample::select(vec![10i64, 15, 20, 30, 45]),
        )
            .prop_map(
                move |(calendars, is_urgent, start_hour, part, weekdays, count, minutes)| {
                    let calendars = calendars
                        .into_iter()
                        .enumerate()
                        .map(|(i, (booked, absences))| {
                            let mut calendar = calendar(
                                booked
                                    .into_iter()
                                    .map(|(d, h, q, n)| {
                                        let s = at(day + Days::new(d), h, q * 5);
                                        busy(s, s + chrono::Duration::minutes(n * 5))
                                    })
                                    .collect(),
                                absences
                                    .into_iter()
                                    .map(|(d, h, n)| {
                                        let s = at(day + Days::new(d), h, 0);
                                        busy(s, s + chrono::Duration::minutes(n * 15))
                                    })
                                    .collect(),
                            );
                            calendar.calendar_id = format!("c{i}");
                            calendar
                        })
                        .collect();
                    let mut motif = if is_urgent { urgent() } else { consultation() };
                    motif.minutes = minutes;
                    let search = Search {
                        motif,
                        earliest: at(day, start_hour, 0),
                        last_day: day + Days::new(5),
                        weekdays,
                        part_of_day: part.map(|m| {
                            if m {
                                PartOfDay::Matin
                            } else {
                                PartOfDay::ApresMidi
                            }
                        }),
                        count,
                    };
                    (
                        Schedule {
                            zone: chrono_tz::Europe::Paris,
                            calendars,
                        },
                        search,
                    )
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every proposed slot is valid (inside an allowed plage, free of
        /// appointments and absences, after `earliest`, matching the
        /// preferences), and no earlier valid slot was skipped: the answer is
        /// exactly the minute-by-minute greedy reference.
        #[test]
        fn proposed_slots_are_valid_and_none_earlier_was_skipped((schedule, search) in arbitrary_schedule()) {
            let found = find(&schedule, &search);
            for (index, start) in &found {
                let calendar = &schedule.calendars[*index];
                prop_assert!(valid(&schedule, calendar, *start, &search), "invalid slot {start}");
                let end = *start + chrono::Duration::minutes(search.motif.minutes);
                prop_assert!(!calendar.booked.iter().any(|b| b.overlaps(*start, end)));
                prop_assert!(!calendar.absences.iter().any(|b| b.overlaps(*start, end)));
            }
            prop_assert_eq!(found, brute_force(&schedule, &search));
        }
    }
}
