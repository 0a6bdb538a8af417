//! The secretary's search: one box, what she types on the phone.
//!
//! Each word is a prefix of a name (birth name, used name, first names),
//! case- and accent-insensitive; a word of 3 letters or more also matches by
//! French phonetics (Lefèvre / Lefebvre). A date of birth (`03/03/1962`,
//! `3/3/62`, `03/1962`, `1962`), phone digits (`0612`, `12 34 56`) or a NIR
//! narrow the search. Results rank exact > prefix > phonetic, then by name.
//!
//! The index is an FTS5 table (`patient_search`, rowid = patients.rowid)
//! holding the folded name words and their phonetic keys; `index` rewrites a
//! patient's entry inside the transaction that changed the patient.

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::Transaction;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::phone;
use crate::phonetic;

use super::{display_name, french_date};

/// Candidates fetched from the index before ranking.
const CANDIDATES: usize = 1000;

/// For one- and two-letter words nearly everything is a plain prefix
/// match: fewer candidates keep the first keystrokes within budget, and the
/// list sharpens with the third letter.
const SHORT_CANDIDATES: usize = 300;

/// How a result matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    Exact,
    Prefix,
    Phonetic,
    /// Only a date, phone or NIR was typed.
    Other,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientHit {
    pub id: String,
    pub display_name: String,
    /// dd/mm/yyyy
    pub birth_date: String,
    pub age: i32,
    pub sex: String,
    /// First phone number, shown `06 12 34 56 78`.
    pub phone: Option<String>,
    pub archived: bool,
    pub matched: MatchKind,
}

#[derive(Debug, Clone, Copy)]
pub struct SearchOptions {
    pub limit: usize,
    pub include_archived: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 50,
            include_archived: false,
        }
    }
}

/// Rewrites a patient's search entry (call inside the writing transaction).
pub(crate) fn index(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let (rowid, names): (i64, String) = tx.query_row(
        // The shown name first: candidates sort by this text before the
        // full rows are read.
        "SELECT rowid, coalesce(used_name, '') || ' ' || birth_name || ' ' || coalesce(used_first_name, '') || ' ' || birth_first_names
         FROM patients WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let words = phonetic::words(&names);
    let sounds: Vec<String> = words.iter().map(|w| phonetic::phonetic_key(w)).collect();
    tx.prepare_cached("DELETE FROM patient_search WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO patient_search (rowid, names, sounds) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![
            rowid,
            words.join(" "),
            sounds.join(" ").to_lowercase()
        ])?;
    let digits: String = tx.query_row(
        "SELECT coalesce(nir, '') || ' ' || coalesce((SELECT group_concat(number, ' ') FROM patient_phones WHERE patient_id = ?1), '')
         FROM patients WHERE id = ?1",
        [id],
        |row| row.get(0),
    )?;
    tx.prepare_cached("DELETE FROM patient_digits WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO patient_digits (rowid, digits) VALUES (?1, ?2)")?
        .execute(rusqlite::params![rowid, digits.trim()])?;
    Ok(())
}

/// Removes a patient from both indexes (merge, deletion).
pub(crate) fn unindex(tx: &Transaction<'_>, id: &str) -> Result<()> {
    for table in ["patient_search", "patient_digits"] {
        tx.execute(
            &format!(
                "DELETE FROM {table} WHERE rowid = (SELECT rowid FROM patients WHERE id = ?1)"
            ),
            [id],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum DateFilter {
    Days(Vec<NaiveDate>),
    Month(i32, u32),
    Year(i32),
}

#[derive(Debug, Default, PartialEq)]
struct Query {
    words: Vec<String>,
    date: Option<DateFilter>,
    digits: Option<String>,
    /// Something typed that can match nothing (an impossible date).
    impossible: bool,
}

/// Two-digit years: the most recent year not in the future.
fn full_year(two_digits: i32, today: NaiveDate) -> Vec<i32> {
    let this_century = today.year() / 100 * 100 + two_digits;
    if this_century <= today.year() {
        vec![this_century, this_century - 100]
    } else {
        vec![this_century - 100]
    }
}

fn parse_date_token(token: &str, today: NaiveDate) -> Option<Option<DateFilter>> {
    let parts: Vec<&str> = token.split(['/', '.']).collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |p: &str| p.parse::<i32>().ok();
    let filter = match parts.as_slice() {
        [day, month, year] => {
            let years = match year.len() {
                4 => vec![number(year)?],
                2 => full_year(number(year)?, today),
                _ => return Some(None),
            };
            let days: Vec<NaiveDate> = years
                .iter()
                .filter_map(|y| {
                    NaiveDate::from_ymd_opt(*y, number(month)? as u32, number(day)? as u32)
                })
                .collect();
            (!days.is_empty()).then_some(DateFilter::Days(days))
        }
        [month, year] if year.len() == 4 => {
            let month = number(month)? as u32;
            (1..=12)
                .contains(&month)
                .then(|| DateFilter::Month(number(year).unwrap_or(0), month))
        }
        _ => None,
    };
    Some(filter)
}

fn parse_query(text: &str, today: NaiveDate) -> Query {
    let mut query = Query::default();
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let all_digits = !tokens.is_empty()
        && tokens.iter().all(|t| {
            t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+'))
        });
    let joined_digits: String = tokens
        .concat()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let single_year = tokens.len() == 1
        && joined_digits.len() == 4
        && tokens[0].len() == 4
        && joined_digits
            .parse::<i32>()
            .is_ok_and(|y| (1890..=today.year()).contains(&y));
    if all_digits && !single_year {
        // "0612", "12 34 56", a NIR: digits to find in a phone or a NIR.
        if joined_digits.len() >= 3 {
            query.digits = Some(joined_digits);
        } else {
            // One or two digits say nothing yet: wait for the third.
            query.impossible = true;
        }
        return query;
    }
    for token in tokens {
        if token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()) {
            match token.parse::<i32>() {
                Ok(year) if (1890..=today.year()).contains(&year) => {
                    query.date = Some(DateFilter::Year(year))
                }
                _ => query.impossible = true,
            }
            continue;
        }
        match parse_date_token(token, today) {
            Some(Some(filter)) => query.date = Some(filter),
            Some(None) => query.impossible = true,
            None => query.words.extend(phonetic::words(token)),
        }
    }
    query
}

fn quoted(word: &str) -> String {
    // Folded words are [a-z0-9] only; the quotes keep FTS5 from reading
    // "and", "or", "not" or "near" as operators.
    format!("\"{word}\"")
}

fn match_expression(words: &[String]) -> String {
    words
        .iter()
        .map(|word| {
            if word.len() >= 3 {
                let key = phonetic::phonetic_key(word).to_lowercase();
                format!("(names : {}* OR sounds : {})", quoted(word), quoted(&key))
            } else {
                format!("names : {}*", quoted(word))
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The worst of the query words' best matches against a patient's names.
fn rank(query_words: &[String], name_words: &[String]) -> MatchKind {
    let sounds: Vec<String> = name_words
        .iter()
        .map(|w| phonetic::phonetic_key(w))
        .collect();
    query_words
        .iter()
        .map(|word| {
            if name_words.iter().any(|n| n == word) {
                MatchKind::Exact
            } else if name_words.iter().any(|n| n.starts_with(word.as_str())) {
                MatchKind::Prefix
            } else if word.len() >= 3 && sounds.contains(&phonetic::phonetic_key(word)) {
                MatchKind::Phonetic
            } else {
                // Matched another way (e.g. a shared prefix across words).
                MatchKind::Phonetic
            }
        })
        .max()
        .unwrap_or(MatchKind::Other)
}

pub fn search(cabinet: &Cabinet, text: &str, options: SearchOptions) -> Result<Vec<PatientHit>> {
    let today = cabinet.today();
    let query = parse_query(text, today);
    if query.impossible
        || (query.words.is_empty() && query.date.is_none() && query.digits.is_none())
    {
        return Ok(Vec::new());
    }
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if !options.include_archived {
        conditions.push("p.archived_at IS NULL".into());
    }
    conditions.push("p.merged_into IS NULL".into());
    match &query.date {
        Some(DateFilter::Days(days)) => {
            let marks: Vec<String> = days
                .iter()
                .map(|day| {
                    values.push(Value::Text(day.format("%Y-%m-%d").to_string()));
                    format!("?{}", values.len())
                })
                .collect();
            conditions.push(format!("p.birth_date IN ({})", marks.join(", ")));
        }
        Some(DateFilter::Month(year, month)) => {
            values.push(Value::Text(format!("{year:04}-{month:02}-%")));
            conditions.push(format!("p.birth_date LIKE ?{}", values.len()));
        }
        Some(DateFilter::Year(year)) => {
            values.push(Value::Text(format!("{year:04}-%")));
            conditions.push(format!("p.birth_date LIKE ?{}", values.len()));
        }
        None => {}
    }
    if let Some(digits) = &query.digits {
        // The trigram index finds any run of 3 digits or more.
        values.push(Value::Text(format!("\"{digits}\"")));
        conditions.push(format!(
            "p.rowid IN (SELECT rowid FROM patient_digits WHERE patient_digits MATCH ?{})",
            values.len()
        ));
    }
    let filters = conditions.join(" AND ");
    if query.words.is_empty() {
        let sql = format!(
            "SELECT p.rowid, '' FROM patients p WHERE {filters} ORDER BY p.birth_name, p.birth_first_names LIMIT {}",
            options.limit
        );
        let rowids: Vec<i64> = candidates(cabinet, &sql, &values)?
            .into_iter()
            .map(|(rowid, _)| rowid)
            .collect();
        return details(cabinet, &rowids, today, &|_| MatchKind::Other);
    }
    // Phase 1: rowids and indexed names only, ranked in Rust; phase 2 reads
    // the full rows of the few shown. Short prefixes ("m") match thousands
    // of patients: reading them all would cost tens of milliseconds.
    values.push(Value::Text(match_expression(&query.words)));
    let cap = if query.words.iter().all(|w| w.len() <= 2) {
        SHORT_CANDIDATES
    } else {
        CANDIDATES
    };
    let sql = format!(
        "SELECT s.rowid, s.names FROM patient_search s JOIN patients p ON p.rowid = s.rowid
         WHERE patient_search MATCH ?{} AND {filters} LIMIT {cap}",
        values.len()
    );
    let mut ranked: Vec<(MatchKind, String, i64)> = candidates(cabinet, &sql, &values)?
        .into_iter()
        .map(|(rowid, names)| {
            let name_words: Vec<String> = names.split(' ').map(str::to_string).collect();
            (rank(&query.words, &name_words), names, rowid)
        })
        .collect();
    ranked.sort();
    ranked.truncate(options.limit);
    let rowids: Vec<i64> = ranked.iter().map(|(_, _, rowid)| *rowid).collect();
    let kinds: std::collections::HashMap<i64, MatchKind> = ranked
        .iter()
        .map(|(kind, _, rowid)| (*rowid, *kind))
        .collect();
    details(cabinet, &rowids, today, &|rowid| {
        kinds.get(&rowid).copied().unwrap_or(MatchKind::Other)
    })
}

fn candidates(cabinet: &Cabinet, sql: &str, values: &[Value]) -> Result<Vec<(i64, String)>> {
    let mut statement = cabinet.conn().prepare_cached(sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(values.iter()), |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The shown rows, in the order of `rowids`.
fn details(
    cabinet: &Cabinet,
    rowids: &[i64],
    today: NaiveDate,
    matched: &dyn Fn(i64) -> MatchKind,
) -> Result<Vec<PatientHit>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT p.id, p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.birth_date, p.sex,
                p.archived_at IS NOT NULL,
                (SELECT number FROM patient_phones f WHERE f.patient_id = p.id ORDER BY position LIMIT 1)
         FROM patients p WHERE p.rowid = ?1",
    )?;
    let mut hits = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        let hit = statement.query_row([rowid], |row| {
            let birth_name: String = row.get(1)?;
            let birth_first_names: String = row.get(2)?;
            let used_name: Option<String> = row.get(3)?;
            let used_first_name: Option<String> = row.get(4)?;
            let birth_date: String = row.get(5)?;
            let sex: String = row.get(6)?;
            let age = super::age_on(&birth_date, today);
            Ok(PatientHit {
                id: row.get(0)?,
                display_name: display_name(
                    &birth_name,
                    &birth_first_names,
                    used_name.as_deref(),
                    used_first_name.as_deref(),
                    &sex,
                ),
                birth_date: french_date(&birth_date),
                age,
                sex,
                phone: row.get::<_, Option<String>>(8)?.map(|n| phone::display(&n)),
                archived: row.get(7)?,
                matched: matched(*rowid),
            })
        })?;
        hits.push(hit);
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn birth_dates_typed_every_way() {
        assert_eq!(
            parse_query("03/03/1962", today()).date,
            Some(DateFilter::Days(vec![day(1962, 3, 3)]))
        );
        assert_eq!(
            parse_query("3/3/62", today()).date,
            Some(DateFilter::Days(vec![day(1962, 3, 3)]))
        );
        assert_eq!(
            parse_query("3/3/12", today()).date,
            Some(DateFilter::Days(vec![day(2012, 3, 3), day(1912, 3, 3)]))
        );
        assert_eq!(
            parse_query("03/1962", today()).date,
            Some(DateFilter::Month(1962, 3))
        );
        assert_eq!(
            parse_query("1962", today()).date,
            Some(DateFilter::Year(1962))
        );
        assert!(parse_query("31/02/1962", today()).impossible);
    }

    #[test]
    fn digits_are_phone_or_nir_and_words_are_folded() {
        assert_eq!(parse_query("0612", today()).digits.as_deref(), Some("0612"));
        assert_eq!(
            parse_query("12 34 56", today()).digits.as_deref(),
            Some("123456")
        );
        let mixed = parse_query("Lefèvre mar 1962", today());
        assert_eq!(mixed.words, ["lefevre", "mar"]);
        assert_eq!(mixed.date, Some(DateFilter::Year(1962)));
        assert_eq!(parse_query("d'Almeida", today()).words, ["d", "almeida"]);
    }

    #[test]
    fn fts_operators_typed_as_names_stay_names() {
        let expression = match_expression(&["and".into(), "near".into()]);
        assert!(expression.contains("\"and\"*"));
        assert!(expression.contains("\"near\"*"));
    }
}
