//! Duplicates (doublons): a patient-safety hazard. Before a new identity is
//! saved, look for it the identitovigilance way — date of birth first (and
//! the same date with day and month swapped, a classic typing slip), or the
//! same NIR — then compare names, by letters and by sound.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::phonetic;

use super::search::{MatchKind, PatientHit};
use super::{display_name, french_date, ValidIdentity};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct DuplicateCandidate {
    pub patient: PatientHit,
    /// French reasons, e.g. "même date de naissance", "nom qui se prononce pareil".
    pub reasons: Vec<String>,
    /// Saving anyway needs an explicit confirmation.
    pub likely: bool,
}

fn first_word(text: &str) -> String {
    phonetic::words(text).into_iter().next().unwrap_or_default()
}

fn same_sound(a: &str, b: &str) -> bool {
    !a.is_empty() && !b.is_empty() && phonetic::phonetic_key(a) == phonetic::phonetic_key(b)
}

/// Existing patients that may be the person being typed.
pub fn candidates(cabinet: &Cabinet, identity: &ValidIdentity) -> Result<Vec<DuplicateCandidate>> {
    let date = identity.birth_date;
    let swapped = (date.day() <= 12 && date.day() != date.month())
        .then(|| NaiveDate::from_ymd_opt(date.year(), date.day(), date.month()))
        .flatten();
    let iso = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, birth_name, birth_first_names, used_name, used_first_name, birth_date, sex,
                archived_at IS NOT NULL, nir
         FROM patients
         WHERE merged_into IS NULL
           AND (birth_date = ?1 OR birth_date = ?2 OR (?3 IS NOT NULL AND nir = ?3))",
    )?;
    let rows = statement.query_map(
        rusqlite::params![iso(date), swapped.map(iso), identity.nir],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, super::Sex>(6)?,
                row.get::<_, bool>(7)?,
                row.get::<_, Option<String>>(8)?,
            ))
        },
    )?;
    let typed_names: Vec<String> = [Some(&identity.birth_name), identity.used_name.as_ref()]
        .into_iter()
        .flatten()
        .flat_map(|n| phonetic::words(n))
        .collect();
    let typed_first = first_word(&identity.birth_first_names);
    let mut found = Vec::new();
    for row in rows {
        let (
            id,
            birth_name,
            first_names,
            used_name,
            used_first_name,
            birth_date,
            sex,
            archived,
            nir,
        ) = row?;
        let mut reasons = Vec::new();
        let same_nir = identity.nir.is_some() && nir == identity.nir;
        if same_nir {
            reasons.push("même NIR".to_string());
        }
        let same_date = birth_date == iso(date);
        if same_date {
            reasons.push("même date de naissance".to_string());
        } else if swapped.is_some_and(|s| birth_date == iso(s)) {
            reasons.push("date de naissance avec jour et mois inversés".to_string());
        }
        let their_names: Vec<String> = [Some(&birth_name), used_name.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(|n| phonetic::words(n))
            .collect();
        let name_exact = typed_names.iter().any(|t| their_names.contains(t));
        let name_sound = !name_exact
            && typed_names
                .iter()
                .any(|t| t.len() >= 3 && their_names.iter().any(|n| same_sound(t, n)));
        if name_exact {
            reasons.push("même nom".to_string());
        } else if name_sound {
            reasons.push("nom qui se prononce pareil".to_string());
        }
        let their_first = first_word(&first_names);
        let first_match = their_first == typed_first || same_sound(&their_first, &typed_first);
        if first_match {
            reasons.push("même premier prénom".to_string());
        }
        let name_match = name_exact || name_sound;
        if !same_nir && !name_match {
            // Same birthday, other name: not a candidate.
            continue;
        }
        let likely = same_nir || (name_match && first_match);
        let age = super::age_on(&birth_date, cabinet.today());
        found.push(DuplicateCandidate {
            patient: PatientHit {
                id,
                display_name: display_name(
                    &birth_name,
                    &first_names,
                    used_name.as_deref(),
                    used_first_name.as_deref(),
                    sex.as_str(),
                ),
                birth_date: french_date(&birth_date),
                age,
                sex,
                phone: None,
                archived,
                matched: MatchKind::Other,
            },
            reasons,
            likely,
        });
    }
    found.sort_by_key(|c| (!c.likely, c.patient.display_name.clone()));
    Ok(found)
}
