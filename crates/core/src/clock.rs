//! Where "now" comes from. The core never reads the wall clock itself: it
//! asks the cabinet's [`Clock`] (`cabinet.now_utc()`, `cabinet.today()`,
//! `agenda::now_local(cabinet)`). The app and the CLI open cabinets on the
//! system clock; a test sets a fixed or stepping one, so no test depends on
//! the hour, the day or the machine's time zone.
//!
//! A few places have no cabinet at hand and keep the system clock, each
//! saying so where it reads it (nothing a test asserts on): ids (UUID v7,
//! only their order matters), the date a migration was applied, the audit
//! trail's moments (stamped by SQLite in the trigger of migration 0004, and
//! pruned against the same clock), the failed unlocks kept while no cabinet
//! is open, and a new cabinet's own `created_at`.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The machine's clock: the app and the CLI.
    #[default]
    System,
    /// Always the same instant.
    Fixed(DateTime<Utc>),
    /// `start`, then one `step` later at each reading (clones share it).
    Stepping {
        next: Arc<Mutex<DateTime<Utc>>>,
        step: Duration,
    },
}

impl Clock {
    pub fn stepping(start: DateTime<Utc>, step: Duration) -> Clock {
        Clock::Stepping {
            next: Arc::new(Mutex::new(start)),
            step,
        }
    }

    /// A fixed clock at a wall-clock time of `zone` (`2026-12-08 00:03`).
    /// `None` if that time does not exist there (the hour skipped in
    /// March); the first of the two if it happens twice (October).
    pub fn fixed_local(zone: Tz, local: &str) -> Option<Clock> {
        let local = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").ok()?;
        let instant = zone.from_local_datetime(&local).earliest()?;
        Some(Clock::Fixed(instant.with_timezone(&Utc)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
            Clock::Stepping { next, step } => {
                // A poisoned lock still holds a valid instant.
                let mut next = next.lock().unwrap_or_else(|p| p.into_inner());
                let now = *next;
                *next = now + *step;
                now
            }
        }
    }

    /// Now as `created_at` / `updated_at` columns hold it: UTC, RFC 3339.
    pub fn stamp(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }

    /// Now as a wall-clock time in `zone`.
    pub fn local(&self, zone: Tz) -> NaiveDateTime {
        self.now().with_timezone(&zone).naive_local()
    }

    /// Today in `zone`.
    pub fn today(&self, zone: Tz) -> NaiveDate {
        self.local(zone).date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Europe::Paris, Pacific::Kiritimati};

    #[test]
    fn a_fixed_clock_is_a_wall_clock_time_of_its_zone() {
        let clock = Clock::fixed_local(Paris, "2026-12-08 00:03").unwrap();
        assert_eq!(clock.stamp(), "2026-12-07T23:03:00.000Z");
        assert_eq!(clock.today(Paris).to_string(), "2026-12-08");
        assert_eq!(clock.today(Kiritimati).to_string(), "2026-12-08");
        assert_eq!(clock.local(Kiritimati).to_string(), "2026-12-08 13:03:00");
        // Summer time: UTC+2.
        let summer = Clock::fixed_local(Paris, "2026-03-29 03:30").unwrap();
        assert_eq!(summer.stamp(), "2026-03-29T01:30:00.000Z");
        // The hour skipped in March does not exist; the one repeated in
        // October is its first (summer) time.
        assert!(Clock::fixed_local(Paris, "2026-03-29 02:30").is_none());
        let autumn = Clock::fixed_local(Paris, "2026-10-25 02:30").unwrap();
        assert_eq!(autumn.stamp(), "2026-10-25T00:30:00.000Z");
    }

    #[test]
    fn a_stepping_clock_advances_at_each_reading_clones_included() {
        let start = Clock::fixed_local(Paris, "2028-02-29 23:59").unwrap().now();
        let clock = Clock::stepping(start, Duration::minutes(1));
        let clone = clock.clone();
        assert_eq!(clock.local(Paris).to_string(), "2028-02-29 23:59:00");
        assert_eq!(clone.today(Paris).to_string(), "2028-03-01");
        assert_eq!(clock.now(), start + Duration::minutes(2));
    }
}
