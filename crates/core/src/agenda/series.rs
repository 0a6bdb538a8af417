//! Recurring series (kiné every week, a follow-up every three months):
//! expanded into ordinary appointments that share a series id, previewed
//! with each occurrence's conflicts before anything is saved. One occurrence
//! is moved or cancelled like any appointment; "this and the following" acts
//! on the rest of the series.

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::appointments::{
    insert, record, require_confirmation, validate, warnings, AppointmentDraft, AppointmentStatus,
    BookingWarning, CancelledBy, Placement, ValidAppointment,
};
use super::schedule::Schedule;
use super::{does_not_exist, from_stored, iso, parse_day};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

/// The most occurrences one series may have (two years of weekly sessions).
pub const MAX_OCCURRENCES: usize = 104;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum RepeatUnit {
    Weeks,
    Months,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct SeriesRule {
    /// Every N weeks or months.
    pub every: u32,
    pub unit: RepeatUnit,
    /// Last possible day (dd/mm/yyyy or YYYY-MM-DD)…
    pub until: Option<String>,
    /// …or a number of occurrences (the first included).
    pub count: Option<u32>,
}

/// The start of every occurrence: the wall-clock time is kept across
/// daylight-saving changes; a monthly series on the 31st falls on the last
/// day of shorter months. Pure.
pub fn expand(first: NaiveDateTime, rule: &SeriesRule) -> Result<Vec<NaiveDateTime>> {
    if rule.every == 0 || rule.every > 52 {
        return Err(CoreError::invalid(
            "every",
            "Répétez toutes les 1 à 52 semaines ou mois.",
        ));
    }
    let until = match rule
        .until
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => Some(parse_day(text, "until")?),
        None => None,
    };
    if until.is_none() && rule.count.is_none() {
        return Err(CoreError::invalid(
            "until",
            "Dites jusqu'à quand (une date) ou combien de fois.",
        ));
    }
    if until.is_some_and(|u| u < first.date()) {
        return Err(CoreError::invalid(
            "until",
            "La date de fin précède le premier rendez-vous.",
        ));
    }
    let count = rule
        .count
        .map(|c| c as usize)
        .unwrap_or(MAX_OCCURRENCES + 1);
    if count == 0 {
        return Err(CoreError::invalid("count", "Au moins une fois."));
    }
    let mut starts = Vec::new();
    for n in 0u32.. {
        let date: Option<NaiveDate> = match rule.unit {
            RepeatUnit::Weeks => first
                .date()
                .checked_add_days(Days::new(7 * u64::from(rule.every * n))),
            // From the first date each time, so 31 Jan → 28 Feb → 31 Mar.
            RepeatUnit::Months => first.date().checked_add_months(Months::new(rule.every * n)),
        };
        let Some(date) = date else { break };
        if until.is_some_and(|u| date > u) || starts.len() == count {
            break;
        }
        if starts.len() == MAX_OCCURRENCES {
            return Err(CoreError::invalid(
                "count",
                format!(
                    "Une série compte au plus {MAX_OCCURRENCES} rendez-vous : raccourcissez-la."
                ),
            ));
        }
        starts.push(date.and_time(first.time()));
    }
    Ok(starts)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct OccurrencePreview {
    pub starts_at: String,
    pub ends_at: String,
    pub warnings: Vec<BookingWarning>,
}

fn occurrences(
    cabinet: &Cabinet,
    draft: &AppointmentDraft,
    rule: &SeriesRule,
) -> Result<Vec<ValidAppointment>> {
    let valid = validate(cabinet, draft)?;
    let zone = super::zone(cabinet);
    expand(valid.starts, rule)?
        .into_iter()
        .map(|start| {
            let occurrence = valid.at(start);
            if does_not_exist(zone, occurrence.starts) || does_not_exist(zone, occurrence.ends) {
                return Err(CoreError::invalid(
                    "startsAt",
                    format!(
                        "Le {} à {} n'existe pas (passage à l'heure d'été) : choisissez une autre heure.",
                        start.format("%d/%m/%Y"),
                        start.format("%H:%M")
                    ),
                ));
            }
            Ok(occurrence)
        })
        .collect()
}

/// Every occurrence with its conflicts, before anything is saved.
pub fn preview(
    cabinet: &Cabinet,
    draft: &AppointmentDraft,
    rule: &SeriesRule,
) -> Result<Vec<OccurrencePreview>> {
    let all = occurrences(cabinet, draft, rule)?;
    let (Some(first), Some(last)) = (all.first(), all.last()) else {
        return Ok(Vec::new());
    };
    let schedule = Schedule::load(
        cabinet,
        std::slice::from_ref(&first.calendar_id),
        first.starts.date(),
        last.ends.date(),
    )?;
    all.iter()
        .map(|occurrence| {
            Ok(OccurrencePreview {
                starts_at: iso(occurrence.starts),
                ends_at: iso(occurrence.ends),
                warnings: warnings(cabinet, &schedule, occurrence, &[])?,
            })
        })
        .collect()
}

/// Saves the whole series in one transaction. With conflicts anywhere,
/// `accept_warnings` must be true.
pub fn create(
    cabinet: &mut Cabinet,
    draft: &AppointmentDraft,
    rule: &SeriesRule,
    accept_warnings: bool,
) -> Result<String> {
    let previews = preview(cabinet, draft, rule)?;
    let all_warnings: Vec<BookingWarning> =
        previews.iter().flat_map(|p| p.warnings.clone()).collect();
    require_confirmation(&all_warnings, accept_warnings)?;
    let all = occurrences(cabinet, draft, rule)?;
    let series_id = new_id();
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO appointment_series (id, rule, created_at) VALUES (?1, ?2, ?3)",
        params![
            series_id,
            serde_json::to_string(rule).map_err(|e| CoreError::Internal(e.to_string()))?,
            now
        ],
    )?;
    for (rank, occurrence) in all.iter().enumerate() {
        insert(
            &tx,
            &now,
            occurrence,
            &Placement {
                series: Some((&series_id, rank as i64)),
                ..Placement::default()
            },
        )?;
    }
    tx.commit()?;
    Ok(series_id)
}

/// This occurrence and the following ones still to come (planned or
/// confirmed), in order.
fn this_and_following(
    cabinet: &Cabinet,
    appointment_id: &str,
) -> Result<Vec<(String, NaiveDateTime, NaiveDateTime)>> {
    let series: Option<(String, i64)> = cabinet.conn().query_row(
        "SELECT series_id, series_rank FROM appointments WHERE id = ?1",
        [appointment_id],
        |r| {
            Ok(r.get::<_, Option<String>>(0)?
                .zip(r.get::<_, Option<i64>>(1)?))
        },
    )?;
    let Some((series_id, rank)) = series else {
        return Err(CoreError::invalid(
            "appointment",
            "Ce rendez-vous ne fait pas partie d'une série.",
        ));
    };
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, starts_at, ends_at FROM appointments
         WHERE series_id = ?1 AND series_rank >= ?2 AND status IN ('planifie', 'confirme')
         ORDER BY series_rank",
    )?;
    let rows = statement.query_map(params![series_id, rank], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut result = Vec::new();
    for row in rows {
        let (id, starts, ends) = row?;
        result.push((id, from_stored(&starts)?, from_stored(&ends)?));
    }
    Ok(result)
}

/// Cancels this occurrence and the following ones. Returns how many.
pub fn cancel_following(
    cabinet: &mut Cabinet,
    appointment_id: &str,
    cancelled_by: CancelledBy,
) -> Result<usize> {
    let targets = this_and_following(cabinet, appointment_id)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    for (id, _, _) in &targets {
        tx.execute(
            "UPDATE appointments SET status = 'annule', cancelled_by = ?2, cancelled_at = ?3, updated_at = ?3 WHERE id = ?1",
            params![id, cancelled_by, now],
        )?;
        record(
            &tx,
            &now,
            id,
            "statut",
            Some(AppointmentStatus::Planifie.label()),
            Some(cancelled_by.cancelled_label()),
        )?;
    }
    tx.commit()?;
    Ok(targets.len())
}

/// Moves this occurrence to `new_start` and shifts the following ones by the
/// same wall-clock difference (Tuesday 09:00 → Wednesday 10:00 moves them
/// all to Wednesdays at 10:00, across clock changes). Conflicts of every
/// moved occurrence must be accepted.
pub fn move_following(
    cabinet: &mut Cabinet,
    appointment_id: &str,
    new_start: &str,
    accept_warnings: bool,
) -> Result<usize> {
    let targets = this_and_following(cabinet, appointment_id)?;
    let Some((_, first_start, _)) = targets.first().cloned() else {
        return Ok(0);
    };
    let new_start = super::parse_time_of(new_start, "startsAt")?;
    let shift = new_start - first_start;
    let ignore: Vec<String> = targets.iter().map(|(id, _, _)| id.clone()).collect();
    let mut moves = Vec::new();
    let mut found = Vec::new();
    for (id, _, _) in &targets {
        let before = super::appointments::draft_of(cabinet, id)?;
        let mut moved = before.clone();
        let old = super::parse_time_of(&before.starts_at, "startsAt")?;
        moved.starts_at = iso(old + shift);
        let valid = validate(cabinet, &moved)?;
        let schedule = Schedule::load(
            cabinet,
            std::slice::from_ref(&valid.calendar_id),
            valid.starts.date(),
            valid.ends.date(),
        )?;
        found.extend(warnings(cabinet, &schedule, &valid, &ignore)?);
        moves.push((id.clone(), before, valid));
    }
    require_confirmation(&found, accept_warnings)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    for (id, before, valid) in &moves {
        super::appointments::write_update(&tx, &now, id, before, valid)?;
    }
    tx.commit()?;
    Ok(moves.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{setup, testing, views};
    use proptest::prelude::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn weekly(count: u32) -> SeriesRule {
        SeriesRule {
            every: 1,
            unit: RepeatUnit::Weeks,
            until: None,
            count: Some(count),
        }
    }

    #[test]
    fn weekly_across_the_clock_change_keeps_nine_o_clock() {
        // Tuesdays from 17 March 2026; clocks go forward on Sunday 29 March
        // and back on Sunday 25 October.
        let starts = expand(at(2026, 3, 17, 9, 0), &weekly(4)).unwrap();
        assert_eq!(
            starts,
            [
                at(2026, 3, 17, 9, 0),
                at(2026, 3, 24, 9, 0),
                at(2026, 3, 31, 9, 0),
                at(2026, 4, 7, 9, 0)
            ]
        );
        let autumn = expand(at(2026, 10, 20, 9, 0), &weekly(2)).unwrap();
        assert_eq!(autumn[1], at(2026, 10, 27, 9, 0));
    }

    #[test]
    fn monthly_on_the_31st_falls_on_month_ends() {
        let rule = SeriesRule {
            every: 1,
            unit: RepeatUnit::Months,
            until: Some("30/04/2027".into()),
            count: None,
        };
        let starts = expand(at(2027, 1, 31, 10, 0), &rule).unwrap();
        let days: Vec<u32> = starts
            .iter()
            .map(|s| chrono::Datelike::day(&s.date()))
            .collect();
        assert_eq!(days, [31, 28, 31, 30]);
    }

    #[test]
    fn a_rule_without_end_or_with_nonsense_is_refused() {
        let open = SeriesRule {
            every: 1,
            unit: RepeatUnit::Weeks,
            until: None,
            count: None,
        };
        assert!(expand(at(2027, 1, 4, 9, 0), &open)
            .unwrap_err()
            .to_string()
            .contains("jusqu'à quand"));
        let every_zero = SeriesRule {
            every: 0,
            ..weekly(3)
        };
        assert!(expand(at(2027, 1, 4, 9, 0), &every_zero).is_err());
        assert!(expand(at(2027, 1, 4, 9, 0), &weekly(500))
            .unwrap_err()
            .to_string()
            .contains("au plus"));
    }

    proptest! {
        /// Occurrences are strictly increasing, keep the time of day, start
        /// with the first, respect the count or the end date, and are spaced
        /// by exactly N weeks for weekly rules.
        #[test]
        fn expansion_respects_the_rule(
            day_offset in 0u64..3000, hour in 7u32..20, every in 1u32..6,
            months in prop::bool::ANY, count in prop::option::of(1u32..30), until_days in 0u64..400,
        ) {
            let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap().checked_add_days(Days::new(day_offset)).unwrap().and_hms_opt(hour, 15, 0).unwrap();
            let until = first.date().checked_add_days(Days::new(until_days)).unwrap();
            let rule = SeriesRule {
                every,
                unit: if months { RepeatUnit::Months } else { RepeatUnit::Weeks },
                until: if count.is_none() { Some(until.to_string()) } else { None },
                count,
            };
            let starts = expand(first, &rule).unwrap();
            prop_assert_eq!(starts[0], first);
            prop_assert!(starts.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(starts.iter().all(|s| s.time() == first.time()));
            match count {
                Some(c) => prop_assert_eq!(starts.len(), c as usize),
                None => prop_assert!(starts.iter().all(|s| s.date() <= until)),
            }
            if !months {
                prop_assert!(starts.windows(2).all(|w| (w[1] - w[0]).num_days() == 7 * i64::from(every)));
            }
        }
    }

    #[test]
    fn preview_then_save_then_change_one_or_the_following() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let calendar = setup::calendars(&cabinet).unwrap()[0].id.clone();
        let motif = setup::motifs(&cabinet).unwrap()[0].clone();
        let patient = testing::patient(&mut cabinet);
        // An existing appointment on the third Tuesday.
        let blocker = AppointmentDraft {
            calendar_id: calendar.clone(),
            motif_id: Some(motif.id.clone()),
            caller_name: Some("M. Blanc".into()),
            starts_at: "2030-01-22T09:00".into(),
            ..Default::default()
        };
        crate::agenda::appointments::create(&mut cabinet, &blocker, false).unwrap();
        let draft = AppointmentDraft {
            calendar_id: calendar.clone(),
            motif_id: Some(motif.id.clone()),
            patient_id: Some(patient.clone()),
            starts_at: "2030-01-08T09:00".into(),
            ..Default::default()
        };
        let previews = preview(&cabinet, &draft, &weekly(6)).unwrap();
        assert_eq!(previews.len(), 6);
        let conflicted: Vec<&str> = previews
            .iter()
            .filter(|p| !p.warnings.is_empty())
            .map(|p| p.starts_at.as_str())
            .collect();
        assert_eq!(conflicted, ["2030-01-22T09:00"]);
        assert_eq!(
            create(&mut cabinet, &draft, &weekly(6), false)
                .unwrap_err()
                .kind(),
            crate::ErrorKind::NeedsConfirmation
        );
        assert!(
            views::of_patient(&cabinet, &patient)
                .unwrap()
                .future
                .is_empty(),
            "all or nothing"
        );
        create(&mut cabinet, &draft, &weekly(6), true).unwrap();
        let booked = views::of_patient(&cabinet, &patient).unwrap().future;
        assert_eq!(booked.len(), 6);
        // Move only the second one.
        crate::agenda::appointments::move_to(
            &mut cabinet,
            &booked[1].id,
            &calendar,
            "2030-01-16T10:00",
            None,
            true,
        )
        .unwrap();
        // Move the fourth and the following to Wednesdays at 11:00.
        assert_eq!(
            move_following(&mut cabinet, &booked[3].id, "2030-01-30T11:00", true).unwrap(),
            3
        );
        let after: Vec<String> = views::of_patient(&cabinet, &patient)
            .unwrap()
            .future
            .iter()
            .map(|a| a.starts_at.clone())
            .collect();
        assert_eq!(
            after,
            [
                "2030-01-08T09:00",
                "2030-01-16T10:00",
                "2030-01-22T09:00",
                "2030-01-30T11:00",
                "2030-02-06T11:00",
                "2030-02-13T11:00",
            ]
        );
        // Cancel the fifth and the following.
        let now = views::of_patient(&cabinet, &patient).unwrap().future;
        assert_eq!(
            cancel_following(&mut cabinet, &now[4].id, CancelledBy::Patient).unwrap(),
            2
        );
        let statuses: Vec<String> = views::of_patient(&cabinet, &patient)
            .unwrap()
            .future
            .iter()
            .map(|a| a.status.to_string())
            .collect();
        assert_eq!(
            statuses,
            ["planifie", "planifie", "planifie", "planifie", "annule", "annule"]
        );
    }
}
