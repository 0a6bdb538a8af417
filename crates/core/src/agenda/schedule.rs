//! What a stretch of days looks like for some calendars — opening plages
//! from the templates and exceptional openings, absences, and booked
//! appointments — loaded once from the file into plain data, so the slot
//! finder and the booking checks are pure functions (and property-tested).

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use rusqlite::params_from_iter;

use super::{from_stored, parse_clock, stored};
use crate::cabinet::Cabinet;
use crate::error::Result;

/// A plage on a given day.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenPlage {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// Empty: any motif.
    pub motif_ids: Vec<String>,
}

impl OpenPlage {
    pub fn admits(&self, motif: Option<&MotifRule>) -> bool {
        self.motif_ids.is_empty()
            || motif.is_some_and(|m| m.may_use_reserved || self.motif_ids.contains(&m.id))
    }
}

/// What the slot finder and checks need of a motif.
#[derive(Debug, Clone, PartialEq)]
pub struct MotifRule {
    pub id: String,
    pub minutes: i64,
    pub may_use_reserved: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    /// For absences: the kind label; for bookings: the appointment id.
    pub tag: String,
}

impl Interval {
    pub fn overlaps(&self, starts: NaiveDateTime, ends: NaiveDateTime) -> bool {
        self.starts < ends && starts < self.ends
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WeeklyPlage {
    pub weekday: u32,
    pub starts: chrono::NaiveTime,
    pub ends: chrono::NaiveTime,
    pub motif_ids: Vec<String>,
}

/// One calendar over the loaded days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CalendarSchedule {
    pub calendar_id: String,
    /// Templates (valid_from, plages), oldest first.
    pub templates: Vec<(NaiveDate, Vec<WeeklyPlage>)>,
    /// Exceptional openings.
    pub openings: Vec<Interval>,
    /// Absences, congés, fermetures (this calendar's and the cabinet's).
    pub absences: Vec<Interval>,
    /// Appointments that hold their time (everything but cancelled ones).
    pub booked: Vec<Interval>,
}

impl CalendarSchedule {
    /// The plages open on a day: the template in force, plus exceptional
    /// openings, sorted. Absences are not subtracted here (callers decide).
    pub fn plages_on(&self, day: NaiveDate) -> Vec<OpenPlage> {
        let weekday = day.weekday().number_from_monday();
        let mut plages: Vec<OpenPlage> = self
            .templates
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map(|(_, plages)| {
                plages
                    .iter()
                    .filter(|p| p.weekday == weekday)
                    .map(|p| OpenPlage {
                        starts: day.and_time(p.starts),
                        ends: day.and_time(p.ends),
                        motif_ids: p.motif_ids.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let day_start = day.and_hms_opt(0, 0, 0).unwrap_or_default();
        let day_end = day_start + chrono::Duration::days(1);
        for opening in &self.openings {
            if opening.overlaps(day_start, day_end) {
                plages.push(OpenPlage {
                    starts: opening.starts.max(day_start),
                    ends: opening.ends.min(day_end),
                    motif_ids: Vec::new(),
                });
            }
        }
        plages.sort_by_key(|p| p.starts);
        plages
    }

    /// Merged stretches of a day where `motif` may be booked (adjacent
    /// plages join: 08:30–11:30 + 11:30–12:00 urgent is 08:30–12:00 for an
    /// urgence).
    pub fn allowed_on(
        &self,
        day: NaiveDate,
        motif: Option<&MotifRule>,
    ) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        merge(
            self.plages_on(day)
                .into_iter()
                .filter(|p| p.admits(motif))
                .map(|p| (p.starts, p.ends)),
        )
    }
}

/// Joins overlapping or touching intervals (input in any order).
pub fn merge(
    intervals: impl Iterator<Item = (NaiveDateTime, NaiveDateTime)>,
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let mut sorted: Vec<_> = intervals.collect();
    sorted.sort();
    let mut merged: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::with_capacity(sorted.len());
    for (starts, ends) in sorted {
        match merged.last_mut() {
            Some(last) if starts <= last.1 => last.1 = last.1.max(ends),
            _ => merged.push((starts, ends)),
        }
    }
    merged
}

/// Several calendars over days `[from, to]`, in the cabinet's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub zone: Tz,
    pub calendars: Vec<CalendarSchedule>,
}

impl Schedule {
    pub fn calendar(&self, id: &str) -> Option<&CalendarSchedule> {
        self.calendars.iter().find(|c| c.calendar_id == id)
    }

    /// Loads `calendar_ids` for the days `[from, to]` (inclusive).
    pub fn load(
        cabinet: &Cabinet,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Schedule> {
        Self::load_parts(cabinet, calendar_ids, from, to, true)
    }

    /// Plages and absences only, `booked` left empty: for the views, which
    /// read the appointments themselves with everything they show.
    pub fn load_without_bookings(
        cabinet: &Cabinet,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Schedule> {
        Self::load_parts(cabinet, calendar_ids, from, to, false)
    }

    fn load_parts(
        cabinet: &Cabinet,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
        with_bookings: bool,
    ) -> Result<Schedule> {
        let conn = cabinet.conn();
        let mut calendars: Vec<CalendarSchedule> = calendar_ids
            .iter()
            .map(|id| CalendarSchedule {
                calendar_id: id.clone(),
                ..CalendarSchedule::default()
            })
            .collect();
        let index: HashMap<String, usize> = calendar_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        if calendar_ids.is_empty() {
            return Ok(Schedule {
                zone: super::zone(cabinet),
                calendars,
            });
        }
        let marks = vec!["?"; calendar_ids.len()].join(", ");
        let range_start = stored(from.and_hms_opt(0, 0, 0).unwrap_or_default());
        let range_end = stored((to + Days::new(1)).and_hms_opt(0, 0, 0).unwrap_or_default());

        let mut statement = conn.prepare_cached(&format!(
            "SELECT t.calendar_id, t.valid_from, p.weekday, p.starts, p.ends, p.motif_ids
             FROM agenda_templates t LEFT JOIN template_plages p ON p.template_id = t.id
             WHERE t.calendar_id IN ({marks}) ORDER BY t.calendar_id, t.valid_from"
        ))?;
        let mut rows = statement.query(params_from_iter(calendar_ids))?;
        while let Some(row) = rows.next()? {
            let calendar: String = row.get(0)?;
            let Some(&i) = index.get(&calendar) else {
                continue;
            };
            let valid_from: String = row.get(1)?;
            let valid_from = NaiveDate::parse_from_str(&valid_from, "%Y-%m-%d")
                .map_err(|e| crate::CoreError::Internal(e.to_string()))?;
            let templates = &mut calendars[i].templates;
            if templates.last().is_none_or(|(d, _)| *d != valid_from) {
                templates.push((valid_from, Vec::new()));
            }
            let weekday: Option<u32> = row.get(2)?;
            if let (Some(weekday), Some((_, plages))) = (weekday, templates.last_mut()) {
                let motif_ids: String = row.get(5)?;
                plages.push(WeeklyPlage {
                    weekday,
                    starts: parse_clock(&row.get::<_, String>(3)?, "starts")?,
                    ends: parse_clock(&row.get::<_, String>(4)?, "ends")?,
                    motif_ids: serde_json::from_str(&motif_ids).unwrap_or_default(),
                });
            }
        }

        let mut statement = conn.prepare_cached(
            "SELECT calendar_id, kind, starts_at, ends_at, label FROM agenda_exceptions
             WHERE starts_at < ?2 AND ends_at > ?1",
        )?;
        let mut rows = statement.query([&range_start, &range_end])?;
        while let Some(row) = rows.next()? {
            let calendar: Option<String> = row.get(0)?;
            let kind: super::setup::ExceptionKind = row.get(1)?;
            let label: String = row.get(4)?;
            let interval = Interval {
                starts: from_stored(&row.get::<_, String>(2)?)?,
                ends: from_stored(&row.get::<_, String>(3)?)?,
                tag: if label.is_empty() {
                    kind.label().to_string()
                } else {
                    format!("{} ({label})", kind.label())
                },
            };
            let targets: Vec<usize> = match &calendar {
                Some(id) => index.get(id).copied().into_iter().collect(),
                None => (0..calendars.len()).collect(),
            };
            for i in targets {
                if kind == "ouverture" {
                    calendars[i].openings.push(interval.clone());
                } else {
                    calendars[i].absences.push(interval.clone());
                }
            }
        }

        if !with_bookings {
            return Ok(Schedule {
                zone: super::zone(cabinet),
                calendars,
            });
        }
        // An appointment lasts at most a day: the lower bound on starts_at
        // keeps this a range scan of the index instead of 20 years of rows.
        let mut parameters: Vec<String> = calendar_ids.to_vec();
        parameters.push(range_start);
        parameters.push(range_end);
        parameters.push(stored(
            (from - Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
        ));
        let n = calendar_ids.len();
        let mut statement = conn.prepare_cached(&format!(
            "SELECT calendar_id, starts_at, ends_at, id FROM appointments
             WHERE calendar_id IN ({marks}) AND starts_at >= ?{} AND starts_at < ?{} AND ends_at > ?{}
               AND status <> 'annule'
             ORDER BY starts_at",
            n + 3,
            n + 2,
            n + 1
        ))?;
        let mut rows = statement.query(params_from_iter(&parameters))?;
        while let Some(row) = rows.next()? {
            let calendar: String = row.get(0)?;
            let Some(&i) = index.get(&calendar) else {
                continue;
            };
            calendars[i].booked.push(Interval {
                starts: from_stored(&row.get::<_, String>(1)?)?,
                ends: from_stored(&row.get::<_, String>(2)?)?,
                tag: row.get(3)?,
            });
        }
        Ok(Schedule {
            zone: super::zone(cabinet),
            calendars,
        })
    }
}
