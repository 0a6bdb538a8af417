//! French reference data, embedded: communes with their INSEE (COG) codes
//! and postcodes, and countries with their INSEE codes (99xxx), generated
//! from open datasets by `assets/scripts/make_reference.py` (see
//! `assets/reference/README.md` for sources and licences).

use std::sync::OnceLock;

use serde::Serialize;

use crate::phonetic;

const COMMUNES: &str = include_str!("../../../assets/reference/communes.tsv");
const COUNTRIES: &str = include_str!("../../../assets/reference/countries.tsv");

struct Commune {
    cog: &'static str,
    name: &'static str,
    folded: String,
    postcode: &'static str,
    department: &'static str,
    current: bool,
}

struct Country {
    cog: &'static str,
    name: &'static str,
    folded: String,
}

fn communes() -> &'static [Commune] {
    static TABLE: OnceLock<Vec<Commune>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COMMUNES
            .lines()
            .skip(1)
            .filter_map(|line| {
                let columns: Vec<&str> = line.split('\t').collect();
                let [cog, name, postcode, department, kind, ..] = columns.as_slice() else {
                    return None;
                };
                Some(Commune {
                    cog,
                    name,
                    folded: phonetic::fold(name),
                    postcode,
                    department,
                    current: matches!(*kind, "commune-actuelle" | "arrondissement-municipal"),
                })
            })
            .collect()
    })
}

fn countries() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut columns = line.split('\t');
                let cog = columns.next()?;
                let name = columns.next()?;
                Some(Country {
                    cog,
                    name,
                    folded: phonetic::fold(name),
                })
            })
            .collect()
    })
}

/// A commune for an address: what postcode completion offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CommuneOption {
    pub cog: String,
    pub name: String,
    pub postcode: String,
}

/// The communes served by a postcode (current communes and arrondissements).
pub fn communes_for_postcode(postcode: &str) -> Vec<CommuneOption> {
    let postcode = postcode.trim();
    let mut found: Vec<CommuneOption> = communes()
        .iter()
        .filter(|c| c.current && c.postcode == postcode)
        .map(|c| CommuneOption {
            cog: c.cog.to_string(),
            name: c.name.to_string(),
            postcode: c.postcode.to_string(),
        })
        .collect();
    found.dedup_by(|a, b| a.cog == b.cog);
    found
}

/// A birth place: a commune (current or former) or a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PlaceOption {
    pub cog: String,
    /// "Saint-Étienne (42)", "Algérie — pays"
    pub label: String,
}

fn commune_label(commune: &Commune) -> String {
    if commune.current {
        format!("{} ({})", commune.name, commune.department)
    } else {
        format!(
            "{} ({}, ancienne commune)",
            commune.name, commune.department
        )
    }
}

fn country_label(country: &Country) -> String {
    format!("{} — pays", country.name)
}

/// Birth places whose name starts with what she typed (accents and case
/// ignored), current communes first, then former ones, then countries; a
/// typed 5-character code is looked up directly.
pub fn birth_places(query: &str, limit: usize) -> Vec<PlaceOption> {
    let typed = query.trim().to_uppercase();
    if typed.len() == 5 {
        if let Some(label) = place_label(&typed) {
            return vec![PlaceOption { cog: typed, label }];
        }
    }
    let folded = phonetic::fold(query);
    if folded.is_empty() {
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    // (exact name, place): "Paris" before "Parisot".
    let mut found: Vec<(bool, PlaceOption)> = Vec::new();
    for current in [true, false] {
        for commune in communes()
            .iter()
            .filter(|c| c.current == current && c.folded.starts_with(&folded))
        {
            if seen.insert(commune.cog) {
                let place = PlaceOption {
                    cog: commune.cog.to_string(),
                    label: commune_label(commune),
                };
                found.push((commune.folded == folded, place));
            }
        }
    }
    for country in countries().iter().filter(|c| c.folded.starts_with(&folded)) {
        if seen.insert(country.cog) {
            let place = PlaceOption {
                cog: country.cog.to_string(),
                label: country_label(country),
            };
            found.push((country.folded == folded, place));
        }
    }
    // A stable sort keeps current communes before former ones and countries.
    found.sort_by_key(|(exact, _)| !exact);
    found
        .into_iter()
        .take(limit)
        .map(|(_, place)| place)
        .collect()
}

/// Current communes that have a postcode, for synthetic addresses.
pub fn addressable_communes() -> Vec<CommuneOption> {
    communes()
        .iter()
        .filter(|c| c.current && !c.postcode.is_empty())
        .map(|c| CommuneOption {
            cog: c.cog.to_string(),
            name: c.name.to_string(),
            postcode: c.postcode.to_string(),
        })
        .collect()
}

/// The label of a COG code, commune or country.
pub fn place_label(cog: &str) -> Option<String> {
    if cog.starts_with("99") {
        return countries().iter().find(|c| c.cog == cog).map(country_label);
    }
    communes()
        .iter()
        .filter(|c| c.cog == cog)
        .min_by_key(|c| !c.current)
        .map(commune_label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_complete_to_their_communes() {
        let lyon = communes_for_postcode("69003");
        assert!(lyon.iter().any(|c| c.name.starts_with("Lyon")), "{lyon:?}");
        let ajaccio = communes_for_postcode("20000");
        assert!(ajaccio.iter().any(|c| c.cog == "2A004"));
        let reunion = communes_for_postcode("97400");
        assert!(reunion.iter().any(|c| c.cog == "97411"));
        assert!(communes_for_postcode("00000").is_empty());
    }

    #[test]
    fn birth_places_by_name_code_or_country() {
        let etienne = birth_places("saint-etienne", 5);
        assert_eq!(etienne[0].label, "Saint-Étienne (42)");
        assert_eq!(birth_places("2A004", 5)[0].cog, "2A004");
        let algeria = birth_places("alger", 10);
        assert!(algeria.iter().any(|p| p.cog == "99352"), "{algeria:?}");
        assert!(place_label("75056").unwrap().starts_with("Paris"));
        assert!(birth_places("", 5).is_empty());
    }
}
