//! The demo cabinet's agenda: years of past appointments at a realistic rate
//! (≈ 22 a day per doctor), with cancellations and no-shows, today's
//! appointments in every state of the waiting room, and a few weeks ahead
//! filling up as they get nearer. Deterministic for a seed.

use chrono::{Datelike, Days, NaiveDateTime, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;

use super::{now_local, setup, stored};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::ids::new_id;

/// How much agenda to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoAgenda {
    pub years_of_history: u32,
    pub weeks_ahead: u32,
    /// Appointments a doctor sees on a full day.
    pub per_doctor_per_day: u32,
    pub seed: u64,
}

impl Default for DemoAgenda {
    fn default() -> Self {
        DemoAgenda {
            years_of_history: 20,
            weeks_ahead: 6,
            per_doctor_per_day: 22,
            seed: 1,
        }
    }
}

/// Fills the agenda of a cabinet that has patients, calling
/// `progress(done_days, total_days)`. One transaction per year of days.
pub fn fill(
    cabinet: &mut Cabinet,
    plan: DemoAgenda,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed ^ 0x00a9_e4da);
    let calendars: Vec<String> = setup::calendars(cabinet)?
        .into_iter()
        .filter(|c| c.kind == super::setup::CalendarKind::Praticien)
        .map(|c| c.id)
        .collect();
    let motifs = setup::motifs(cabinet)?;
    let motif = |name: &str| motifs.iter().find(|m| m.name == name).cloned();
    // (motif, weight) for the open plages; urgences go to the reserved one.
    let routine: Vec<(setup::Motif, u32)> = [
        ("Consultation", 70),
        ("Renouvellement d'ordonnance", 12),
        ("Première consultation", 6),
        ("Vaccination", 5),
        ("Suivi de grossesse", 3),
        ("Téléconsultation", 4),
    ]
    .iter()
    .filter_map(|(name, weight)| motif(name).map(|m| (m, *weight)))
    .collect();
    let urgent = motif(setup::URGENT_MOTIF);
    let total_weight: u32 = routine.iter().map(|(_, w)| w).sum();
    let patients: Vec<String> = {
        let mut statement = cabinet
            .conn()
            .prepare("SELECT id FROM patients WHERE merged_into IS NULL ORDER BY id")?;
        let rows = statement.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if calendars.is_empty() || patients.is_empty() || routine.is_empty() {
        return Ok(0);
    }
    let now = now_local(cabinet);
    let today = now.date();
    let first = today - Days::new(u64::from(plan.years_of_history) * 365);
    let last = today + Days::new(u64::from(plan.weeks_ahead) * 7);
    let total_days = (last - first).num_days().max(1) as usize;
    // The slot rhythm a doctor keeps: the day's plages, filled in order.
    let mornings = (
        NaiveTime::from_hms_opt(8, 30, 0),
        NaiveTime::from_hms_opt(11, 30, 0),
    );
    let afternoons = (
        NaiveTime::from_hms_opt(14, 0, 0),
        NaiveTime::from_hms_opt(18, 30, 0),
    );
    let urgent_plage = (
        NaiveTime::from_hms_opt(11, 30, 0),
        NaiveTime::from_hms_opt(12, 0, 0),
    );
    let open_minutes = 180 + 270;
    let created = cabinet.now_utc();
    let mut inserted = 0;
    let mut day = first;
    let mut done_days = 0;
    while day <= last {
        let tx = cabinet.conn_mut().transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO appointments (id, calendar_id, motif_id, patient_id, starts_at, ends_at, status,
                     cancelled_by, cancelled_at, urgent, arrived_at, called_at, done_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
            )?;
            let batch_end = (day + Days::new(365)).min(last + Days::new(1));
            while day < batch_end {
                let weekday = day.weekday().number_from_monday();
                // Closed at weekends and for the summer and Christmas weeks.
                let holiday =
                    (day.month() == 8 && day.day() <= 21) || (day.month() == 12 && day.day() >= 24);
                if weekday <= 5 && !holiday {
                    for calendar in &calendars {
                        // Far-future days are still filling up.
                        let ahead = (day - today).num_days();
                        let fill_rate = match ahead {
                            i64::MIN..=0 => 0.97,
                            1..=3 => 0.85,
                            4..=14 => 0.6,
                            _ => 0.3,
                        };
                        // Spread the doctor's day rate over the open minutes.
                        let average_minutes = open_minutes / plan.per_doctor_per_day.max(1);
                        for (from, until) in [mornings, afternoons] {
                            let (Some(from), Some(until)) = (from, until) else {
                                continue;
                            };
                            let mut at = day.and_time(from);
                            while at < day.and_time(until) {
                                let (chosen, _) = pick(&routine, total_weight, &mut rng);
                                // Keep the day near its rate: durations stretch to the rhythm.
                                let minutes =
                                    i64::from(chosen.duration_minutes.max(average_minutes.min(30)));
                                let ends = at + chrono::Duration::minutes(minutes);
                                if ends > day.and_time(until) {
                                    break;
                                }
                                if rng.gen_bool(fill_rate) {
                                    let patient = &patients[rng.gen_range(0..patients.len())];
                                    write(
                                        &mut insert,
                                        &mut rng,
                                        calendar,
                                        &chosen.id,
                                        patient,
                                        at,
                                        ends,
                                        now,
                                        false,
                                        &created,
                                    )?;
                                    inserted += 1;
                                }
                                at = ends;
                            }
                        }
                        if let (Some(urgent), (Some(from), Some(_))) = (&urgent, urgent_plage) {
                            if day <= today && rng.gen_bool(0.5) {
                                let at = day.and_time(from);
                                let ends = at
                                    + chrono::Duration::minutes(i64::from(urgent.duration_minutes));
                                let patient = &patients[rng.gen_range(0..patients.len())];
                                write(
                                    &mut insert,
                                    &mut rng,
                                    calendar,
                                    &urgent.id,
                                    patient,
                                    at,
                                    ends,
                                    now,
                                    true,
                                    &created,
                                )?;
                                inserted += 1;
                            }
                        }
                    }
                }
                day = day + Days::new(1);
                done_days += 1;
            }
        }
        tx.commit()?;
        progress(done_days.min(total_days), total_days);
    }
    Ok(inserted)
}

fn pick<'a>(
    motifs: &'a [(setup::Motif, u32)],
    total: u32,
    rng: &mut ChaCha8Rng,
) -> (&'a setup::Motif, u32) {
    let mut roll = rng.gen_range(0..total);
    for (motif, weight) in motifs {
        if roll < *weight {
            return (motif, *weight);
        }
        roll -= weight;
    }
    (&motifs[0].0, motifs[0].1)
}

/// One appointment, its status drawn from when it is: the past is mostly
/// done with some cancellations and no-shows; today follows the clock.
#[allow(clippy::too_many_arguments)]
fn write(
    insert: &mut rusqlite::CachedStatement<'_>,
    rng: &mut ChaCha8Rng,
    calendar: &str,
    motif: &str,
    patient: &str,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
    now: NaiveDateTime,
    urgent: bool,
    created: &str,
) -> Result<()> {
    let roll: f64 = rng.gen();
    let stamp = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:00.000Z").to_string();
    // Demo moments are wall-clock times written as if UTC: the demo only
    // needs them ordered and plausible (waiting times are minutes apart).
    let (status, cancelled_by, arrived, called, done): (
        &str,
        Option<&str>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = if ends <= now && starts.date() < now.date() {
        match roll {
            r if r < 0.05 => (
                "annule",
                Some(if r < 0.035 { "patient" } else { "cabinet" }),
                None,
                None,
                None,
            ),
            r if r < 0.07 => ("absent_non_excuse", None, None, None, None),
            r if r < 0.08 => ("absent_excuse", None, None, None, None),
            _ => (
                "termine",
                None,
                Some(stamp(starts - chrono::Duration::minutes(8))),
                Some(stamp(starts)),
                Some(stamp(ends)),
            ),
        }
    } else if starts.date() == now.date() {
        // Today: done, in consultation, waiting, expected — like a real morning.
        if ends <= now - chrono::Duration::minutes(40) {
            match roll {
                r if r < 0.05 => ("annule", Some("patient"), None, None, None),
                _ => (
                    "termine",
                    None,
                    Some(stamp(starts - chrono::Duration::minutes(6))),
                    Some(stamp(starts)),
                    Some(stamp(ends)),
                ),
            }
        } else if starts <= now - chrono::Duration::minutes(20) {
            (
                "en_consultation",
                None,
                Some(stamp(starts - chrono::Duration::minutes(5))),
                Some(stamp(starts)),
                None,
            )
        } else if starts <= now + chrono::Duration::minutes(10) {
            (
                "arrive",
                None,
                Some(stamp(starts - chrono::Duration::minutes(10))),
                None,
                None,
            )
        } else if roll < 0.4 {
            ("confirme", None, None, None, None)
        } else {
            ("planifie", None, None, None, None)
        }
    } else if roll < 0.03 {
        ("annule", Some("patient"), None, None, None)
    } else if roll < 0.35 && (starts - now).num_days() < 3 {
        ("confirme", None, None, None, None)
    } else {
        ("planifie", None, None, None, None)
    };
    let cancelled_at = cancelled_by.map(|_| stamp(starts - chrono::Duration::days(1)));
    insert.execute(params![
        new_id(),
        calendar,
        motif,
        patient,
        stored(starts),
        stored(ends),
        status,
        cancelled_by,
        cancelled_at,
        urgent,
        arrived,
        called,
        done,
        created
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_agenda_has_history_today_and_a_future_at_a_realistic_rate() {
        // Mid-morning of a 29 February: today has been, is being, will be seen.
        let leap_day = crate::agenda::testing::clock_at("Europe/Paris", "2028-02-29 10:30");
        let (_dir, cabinet) = crate::agenda::testing::cabinet("Europe/Paris");
        let mut cabinet = cabinet.with_clock(leap_day.clone());
        crate::demo::add_patients(&mut cabinet, 200, 3, &mut |_, _| {}).unwrap();
        let plan = DemoAgenda {
            years_of_history: 1,
            weeks_ahead: 4,
            per_doctor_per_day: 22,
            seed: 3,
        };
        let count = fill(&mut cabinet, plan, &mut |_, _| {}).unwrap();
        // ~225 working days a year, two doctors, ~22 a day (with the urgences).
        assert!((7_000..=13_000).contains(&count), "{count}");
        let by_status = |status: &str| -> i64 {
            cabinet
                .conn()
                .query_row(
                    "SELECT count(*) FROM appointments WHERE status = ?1",
                    [status],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert!(by_status("annule") > 100 && by_status("absent_non_excuse") > 50);
        let future: i64 = cabinet
            .conn()
            .query_row(
                "SELECT count(*) FROM appointments WHERE starts_at > ?1",
                [stored(now_local(&cabinet))],
                |r| r.get(0),
            )
            .unwrap();
        assert!(future > 100, "{future}");
        // Nobody is double-booked by the generator (urgences have their own plage).
        let overlaps: i64 = cabinet
            .conn()
            .query_row(
                "SELECT count(*) FROM appointments a JOIN appointments b
                   ON a.calendar_id = b.calendar_id AND a.id < b.id
                  AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                 WHERE a.starts_at >= ?1",
                [stored(now_local(&cabinet) - chrono::Duration::days(20))],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(overlaps, 0);
        // Same seed, same agenda shape.
        let again = {
            let (_dir, other) = crate::agenda::testing::cabinet("Europe/Paris");
            let mut other = other.with_clock(leap_day);
            crate::demo::add_patients(&mut other, 200, 3, &mut |_, _| {}).unwrap();
            fill(&mut other, plan, &mut |_, _| {}).unwrap()
        };
        assert_eq!(count, again);
    }
}
