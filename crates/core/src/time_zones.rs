//! The time zones a French cabinet can be in. The cabinet's zone, never the
//! laptop's, decides what "today" and "9:00" mean.

use std::str::FromStr;

use serde::Serialize;

pub const DEFAULT_TIME_ZONE: &str = "Europe/Paris";

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
pub struct TimeZoneOption {
    pub id: String,
    pub label: String,
}

/// Metropolitan France first, then overseas, in the order a user looks for them.
const FRENCH_TIME_ZONES: &[(&str, &str)] = &[
    (
        "Europe/Paris",
        "France métropolitaine et Corse (Europe/Paris)",
    ),
    ("America/Guadeloupe", "Guadeloupe (America/Guadeloupe)"),
    ("America/Martinique", "Martinique (America/Martinique)"),
    ("America/Cayenne", "Guyane (America/Cayenne)"),
    ("Indian/Reunion", "La Réunion (Indian/Reunion)"),
    ("Indian/Mayotte", "Mayotte (Indian/Mayotte)"),
    (
        "America/Miquelon",
        "Saint-Pierre-et-Miquelon (America/Miquelon)",
    ),
    (
        "America/St_Barthelemy",
        "Saint-Barthélemy (America/St_Barthelemy)",
    ),
    ("America/Marigot", "Saint-Martin (America/Marigot)"),
    ("Pacific/Noumea", "Nouvelle-Calédonie (Pacific/Noumea)"),
    (
        "Pacific/Tahiti",
        "Polynésie française – Tahiti (Pacific/Tahiti)",
    ),
    (
        "Pacific/Marquesas",
        "Polynésie française – Marquises (Pacific/Marquesas)",
    ),
    (
        "Pacific/Gambier",
        "Polynésie française – Gambier (Pacific/Gambier)",
    ),
    ("Pacific/Wallis", "Wallis-et-Futuna (Pacific/Wallis)"),
];

pub fn french_time_zones() -> Vec<TimeZoneOption> {
    FRENCH_TIME_ZONES
        .iter()
        .map(|(id, label)| TimeZoneOption {
            id: (*id).to_string(),
            label: (*label).to_string(),
        })
        .collect()
}

/// Any IANA zone is accepted (a cabinet abroad), not only the French list.
pub fn is_known(id: &str) -> bool {
    chrono_tz::Tz::from_str(id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_zone_exists_in_the_tz_database() {
        for zone in french_time_zones() {
            assert!(is_known(&zone.id), "{}", zone.id);
        }
        assert_eq!(french_time_zones()[0].id, DEFAULT_TIME_ZONE);
    }

    #[test]
    fn made_up_zones_are_refused() {
        assert!(!is_known("Europe/Lutece"));
        assert!(!is_known(""));
    }
}
