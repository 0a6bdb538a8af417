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
use crate::phonetic;

use super::directory::{surname_word_count, Entry, Listing, WordStarts};

/// Candidates read from the file when a date, phone or NIR narrows names.
const CANDIDATES: usize = 1000;

use super::directory::DIGITS_OF_PATIENT;
/// What a result line is, defined beside the directory that builds it.
pub use super::directory::{MatchKind, PatientHit};

/// What a search found: the best results, and how many there are in all
/// (« 20 sur 134 — affinez »).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientSearch {
    /// Best first, at most the limit asked.
    pub hits: Vec<PatientHit>,
    /// How many patients match in all.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total: usize,
    /// False when `total` is only a lower bound (the file was read, at most
    /// `CANDIDATES` of it, while the directory was loading).
    pub total_is_exact: bool,
}

impl PatientSearch {
    fn empty() -> PatientSearch {
        PatientSearch {
            hits: Vec::new(),
            total: 0,
            total_is_exact: true,
        }
    }
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

/// The names a patient's search entry is made of (the shown name first:
/// candidates sort by this text before the full rows are read).
const NAMES_OF_PATIENT: &str = "coalesce(p.used_name, '') || ' ' || p.birth_name || ' ' || coalesce(p.used_first_name, '') || ' ' || p.birth_first_names";

/// A patient's two index entries as they must be: (names, sounds) for the
/// names index, from the row's names.
fn entry_of(names: &str) -> (String, String) {
    let words = phonetic::words(names);
    let sounds: Vec<String> = words.iter().map(|w| phonetic::phonetic_key(w)).collect();
    (words.join(" "), sounds.join(" ").to_lowercase())
}

/// Rewrites a patient's search entry (call inside the writing transaction).
pub(crate) fn index(tx: &Transaction<'_>, id: &str) -> Result<()> {
    let (rowid, names, digits): (i64, String, String) = tx.query_row(
        &format!("SELECT p.rowid, {NAMES_OF_PATIENT}, {DIGITS_OF_PATIENT} FROM patients p WHERE p.id = ?1"),
        [id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let (words, sounds) = entry_of(&names);
    tx.prepare_cached("DELETE FROM patient_search WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO patient_search (rowid, names, sounds) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![rowid, words, sounds])?;
    tx.prepare_cached("DELETE FROM patient_digits WHERE rowid = ?1")?
        .execute([rowid])?;
    tx.prepare_cached("INSERT INTO patient_digits (rowid, digits) VALUES (?1, ?2)")?
        .execute(rusqlite::params![rowid, digits.trim()])?;
    Ok(())
}

/// The patients whose index entries are not what their rows make (a row
/// changed behind Carnet's back, by a tool that does not index): she would
/// find them under their old name only. Compared in full, entry by entry.
pub(crate) fn stale_entries(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(&format!(
        "SELECT p.id, {NAMES_OF_PATIENT}, {DIGITS_OF_PATIENT}, s.names, s.sounds, d.digits
         FROM patients p
         LEFT JOIN patient_search s ON s.rowid = p.rowid
         LEFT JOIN patient_digits d ON d.rowid = p.rowid"
    ))?;
    let mut rows = statement.query([])?;
    let mut stale = Vec::new();
    while let Some(row) = rows.next()? {
        let names: String = row.get(1)?;
        let digits: String = row.get(2)?;
        let indexed: (Option<String>, Option<String>, Option<String>) =
            (row.get(3)?, row.get(4)?, row.get(5)?);
        let (words, sounds) = entry_of(&names);
        if indexed != (Some(words), Some(sounds), Some(digits.trim().to_string())) {
            stale.push(row.get(0)?);
        }
    }
    Ok(stale)
}

/// Index entries whose patient is gone, removed from both indexes.
/// Returns how many went.
pub(crate) fn remove_orphans(tx: &Transaction<'_>) -> Result<usize> {
    let mut removed = 0;
    for table in ["patient_search", "patient_digits"] {
        removed += tx.execute(
            &format!("DELETE FROM {table} WHERE rowid NOT IN (SELECT rowid FROM patients)"),
            [],
        )?;
    }
    Ok(removed)
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

/// A query word, with its phonetic key when it is long enough to have one.
struct QueryWord {
    text: String,
    sound: Option<String>,
}

fn query_words(words: &[String]) -> Vec<QueryWord> {
    words
        .iter()
        .map(|word| QueryWord {
            text: word.clone(),
            sound: (word.len() >= 3).then(|| phonetic::phonetic_key(word).to_lowercase()),
        })
        .collect()
}

/// Which part of a name a one-word search matched. She hears a surname on
/// the phone (« Allain ») far more often than she types a first name: the
/// surnames (used and birth names) rank before the first names, so Mrs
/// Allain stays on top of thirty men called Alain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NamePart {
    Surname,
    FirstName,
}

/// Where a result ranks, best first: the part of the name (one word only;
/// several words all rank as surnames), then how well it matched.
type Order = (NamePart, MatchKind);

/// The best match of `word` among some of a patient's indexed words and
/// their phonetic keys (same positions).
fn best_match<'a>(
    word: &QueryWord,
    mut names: impl Iterator<Item = &'a str>,
    sounds: impl Iterator<Item = &'a str>,
) -> Option<MatchKind> {
    let mut best = None;
    for name in names.by_ref() {
        if name == word.text {
            return Some(MatchKind::Exact);
        }
        if name.starts_with(word.text.as_str()) {
            best = Some(MatchKind::Prefix);
        }
    }
    if best.is_none() {
        if let Some(sound) = &word.sound {
            let mut sounds = sounds;
            if sounds.any(|s| s == sound) {
                best = Some(MatchKind::Phonetic);
            }
        }
    }
    best
}

/// Where a patient ranks for the query words (see [`Order`]); `None` if a
/// word matches nothing. `surname_words`: how many of `names`' first words
/// are surnames.
fn rank(query: &[QueryWord], names: &str, sounds: &str, surname_words: usize) -> Option<Order> {
    if let [word] = query {
        let surname = best_match(
            word,
            names.split(' ').take(surname_words),
            sounds.split(' ').take(surname_words),
        );
        if let Some(kind) = surname {
            return Some((NamePart::Surname, kind));
        }
        let first_name = best_match(
            word,
            names.split(' ').skip(surname_words),
            sounds.split(' ').skip(surname_words),
        )?;
        return Some((NamePart::FirstName, first_name));
    }
    let mut worst = MatchKind::Exact;
    for word in query {
        worst = worst.max(best_match(word, names.split(' '), sounds.split(' '))?);
    }
    Some((NamePart::Surname, worst))
}

/// How far a search of one- and two-letter words counts its matches.
const SHORT_COUNT_CAP: usize = 1000;

/// Above this many patients matching every word, results are found by
/// walking the directory in display order (they are dense there) instead
/// of ranking every one.
const WALK_ABOVE: usize = 1500;

/// The rowids in both sorted lists.
fn intersection(left: &[i64], right: &[i64]) -> Vec<i64> {
    let (mut i, mut j, mut both) = (0, 0, Vec::new());
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both.push(left[i]);
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Names only (no date, phone or NIR): ranked in memory from the patient
/// directory, best first, at most `limit`, with how many match in all;
/// `None` while the directory is still loading.
///
/// The candidates are the patients every word matches (a word of 3
/// letters or more as a prefix or by sound, a shorter one as a prefix),
/// from the directory's word lists: the same answer as the index's `AND`
/// of each word, without reading the file. When they are many (« mar »,
/// « le »), the exact matches come from the word lists and the prefix
/// matches from a walk down the list in display order that stops once it
/// has `limit` of each part of the name; the surnames that sound like a
/// single word from that sound's list (they rank before the first names);
/// the other sound matches, ranked last, only if those are not enough.
fn search_directory(
    cabinet: &Cabinet,
    words: &[String],
    options: SearchOptions,
    walk_above: usize,
) -> Result<Option<PatientSearch>> {
    let query = query_words(words);
    let today = cabinet.today();
    let shown = |entry: &Entry| entry.shown(options.include_archived);
    let limit = options.limit;
    crate::patients::directory::read(cabinet, |directory| {
        let ranked_one = |rowid: i64| -> Option<(Order, &str, i64, &Entry)> {
            let entry = directory.get(rowid).filter(|e| shown(e))?;
            let order = rank(&query, &entry.names, &entry.sounds, entry.surname_words)?;
            Some((order, entry.names.as_str(), rowid, entry))
        };
        let ranked_among = |rowids: &[i64]| -> Vec<(Order, &str, i64, &Entry)> {
            rowids
                .iter()
                .filter_map(|rowid| ranked_one(*rowid))
                .collect()
        };
        let every_word_starts_a_name = |names: &str| {
            words
                .iter()
                .all(|word| names.split(' ').any(|name| name.starts_with(word.as_str())))
        };
        let needed = WordStarts::of(&words.join(" "));
        // The prefix matches found by walking display order: the first
        // `limit` of each part of the name.
        let walked_prefixes = || {
            first_of_each_part(
                directory
                    .in_order_where(needed, every_word_starts_a_name)
                    .filter_map(|(rowid, _)| ranked_one(rowid))
                    .filter(|(order, ..)| order.1 == MatchKind::Prefix),
                limit,
            )
        };
        let short = query.iter().all(|w| w.sound.is_none());
        // Short words only: exact words from the lists, prefixes by the walk.
        // Longer: the patients every word matches (prefix or sound), from
        // the lists, intersected — unless they are too many to rank.
        let every_word = if short {
            None
        } else {
            let mut sets = query
                .iter()
                .map(|w| directory.matching(&w.text, w.sound.as_deref()));
            let first = sets.next().unwrap_or_default();
            Some(sets.fold(first, |kept, next| intersection(&kept, &next)))
        };
        let total = match &every_word {
            Some(rowids) => rowids
                .iter()
                .filter(|rowid| directory.get(**rowid).is_some_and(&shown))
                .count(),
            // One or two letters match most of the directory: counted up
            // to SHORT_COUNT_CAP (« au moins 1000 »), a number she never
            // needs exactly, instead of walking every patient.
            None => match words {
                [word] => directory.count_with_word_starting(word, shown, SHORT_COUNT_CAP),
                _ => directory
                    .in_order_where(needed, every_word_starts_a_name)
                    .filter(|(_, entry)| shown(entry))
                    .take(SHORT_COUNT_CAP)
                    .count(),
            },
        };
        let total_is_exact = every_word.is_some() || total < SHORT_COUNT_CAP;
        let mut ranked = match &every_word {
            Some(rowids) if rowids.len() <= walk_above => ranked_among(rowids),
            _ => {
                let fewest_exact = query
                    .iter()
                    .map(|w| directory.with_word(&w.text))
                    .min_by_key(|rowids| rowids.len())
                    .unwrap_or(&[]);
                // The exact matches: the first `limit` of each part of the
                // name in the shortest list (display order) whose other
                // words are exact too.
                let mut ranked = first_of_each_part(
                    fewest_exact
                        .iter()
                        .filter_map(|rowid| ranked_one(*rowid))
                        .filter(|(order, ..)| order.1 == MatchKind::Exact),
                    limit,
                );
                let prefixes = match words {
                    // One word: the first `limit` surnames starting with it
                    // are the range of display order that starts with it,
                    // plus the later surnames (« née MARTIN »); the walk
                    // for first names only when they are not enough.
                    [word] if short => {
                        let surname_prefix = |(rowid, _): (i64, &Entry)| {
                            ranked_one(rowid).filter(|(order, ..)| {
                                *order == (NamePart::Surname, MatchKind::Prefix)
                            })
                        };
                        let mut surnames: Vec<_> = directory
                            .first_word_starting(word)
                            .filter_map(surname_prefix)
                            .take(limit)
                            .chain(
                                directory
                                    .later_surnames_may_start(needed)
                                    .filter_map(surname_prefix)
                                    .take(limit),
                            )
                            .collect();
                        surnames.sort_unstable_by(|a, b| (a.1, a.2).cmp(&(b.1, b.2)));
                        surnames.dedup_by_key(|(_, _, rowid, _)| *rowid);
                        if surnames.len() >= limit {
                            surnames
                        } else {
                            walked_prefixes()
                        }
                    }
                    _ => walked_prefixes(),
                };
                match &every_word {
                    // Every exact and prefix match is known and there are
                    // fewer than `limit`: the sound matches come after them.
                    Some(rowids) if prefixes.len() < limit => ranked_among(rowids),
                    _ => {
                        ranked.extend(prefixes);
                        if let [QueryWord {
                            sound: Some(sound), ..
                        }] = query.as_slice()
                        {
                            let mut surnames: Vec<_> = directory
                                .with_sound(sound)
                                .iter()
                                .filter_map(|rowid| ranked_one(*rowid))
                                .filter(|(order, ..)| {
                                    *order == (NamePart::Surname, MatchKind::Phonetic)
                                })
                                .collect();
                            surnames.sort_unstable_by(|a, b| (a.1, a.2).cmp(&(b.1, b.2)));
                            surnames.truncate(limit);
                            ranked.extend(surnames);
                        }
                        ranked
                    }
                }
            }
        };
        ranked.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        ranked.dedup_by_key(|(_, _, rowid, _)| *rowid);
        ranked.truncate(limit);
        PatientSearch {
            hits: ranked
                .into_iter()
                .map(|(order, _, _, entry)| entry.listing.hit(today, order.1))
                .collect(),
            total,
            total_is_exact,
        }
    })
}

/// The first `limit` of each part of the name, in the order given. Once
/// `limit` surnames are found no first name can be shown (they rank
/// after): the walk stops there.
fn first_of_each_part<'a>(
    found: impl Iterator<Item = (Order, &'a str, i64, &'a Entry)>,
    limit: usize,
) -> Vec<(Order, &'a str, i64, &'a Entry)> {
    let (mut surnames, mut first_names) = (0, 0);
    let mut kept = Vec::new();
    for item in found {
        let count = match item.0 .0 {
            NamePart::Surname => &mut surnames,
            NamePart::FirstName => &mut first_names,
        };
        if *count < limit {
            *count += 1;
            kept.push(item);
        }
        if surnames >= limit {
            break;
        }
    }
    kept
}

pub fn search(cabinet: &Cabinet, text: &str, options: SearchOptions) -> Result<PatientSearch> {
    let query = parse_query(text, cabinet.today());
    if query.impossible
        || (query.words.is_empty() && query.date.is_none() && query.digits.is_none())
    {
        return Ok(PatientSearch::empty());
    }
    if let Some(digits) = &query.digits {
        // Digits never come with words or a date (see `parse_query`).
        if let Some(found) = digits_from_directory(cabinet, digits, options)? {
            return Ok(found);
        }
    }
    let (filters, values) = file_filters(&query, options);
    if query.words.is_empty() {
        return without_words_from_file(cabinet, &query, &filters, &values, options);
    }
    if query.date.is_none() && query.digits.is_none() {
        if let Some(found) = search_directory(cabinet, &query.words, options, WALK_ABOVE)? {
            return Ok(found);
        }
    }
    // Names narrowed by a date, or the directory still loading: read with
    // the filters from the file, ranked the same way.
    names_from_file(cabinet, &query.words, &filters, values, options, CANDIDATES)
}

/// The conditions on `patients p` a query puts to the file, and their
/// values.
fn file_filters(query: &Query, options: SearchOptions) -> (String, Vec<Value>) {
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
    (conditions.join(" AND "), values)
}

/// A date, or digits while the directory loads, read from the file. Digits
/// are listed in display order (by shown name) as the directory lists
/// them; a date by birth name.
fn without_words_from_file(
    cabinet: &Cabinet,
    query: &Query,
    filters: &str,
    values: &[Value],
    options: SearchOptions,
) -> Result<PatientSearch> {
    let phones_first;
    let (join, order) = match &query.digits {
        Some(digits) => {
            // As `digits_rank` ranks them: a phone starting with the
            // digits, one containing them, then the NIR.
            phones_first = format!(
                "CASE WHEN EXISTS (SELECT 1 FROM patient_phones f WHERE f.patient_id = p.id
                                   AND substr(f.number, 1, {length}) = '{digits}') THEN 0
                      WHEN EXISTS (SELECT 1 FROM patient_phones f WHERE f.patient_id = p.id
                                   AND instr(f.number, '{digits}') > 0) THEN 1
                      ELSE 2 END, s.names, p.rowid",
                length = digits.len()
            );
            (
                "JOIN patient_search s ON s.rowid = p.rowid",
                phones_first.as_str(),
            )
        }
        None => ("", "p.birth_name, p.birth_first_names"),
    };
    let sql = format!(
        "SELECT p.rowid, '' FROM patients p {join} WHERE {filters} ORDER BY {order} LIMIT {}",
        options.limit
    );
    let rowids: Vec<i64> = candidates(cabinet, &sql, values)?
        .into_iter()
        .map(|(rowid, _)| rowid)
        .collect();
    let total: i64 = cabinet.conn().query_row(
        &format!("SELECT count(*) FROM patients p WHERE {filters}"),
        rusqlite::params_from_iter(values.iter()),
        |row| row.get(0),
    )?;
    Ok(PatientSearch {
        hits: details(cabinet, &rowids, cabinet.today(), &|_| MatchKind::Other)?,
        total: usize::try_from(total).unwrap_or(0),
        total_is_exact: true,
    })
}

/// Where a patient ranks for digits, best first: a phone number starting
/// with them (she reads out the start of a mobile), one containing them,
/// then the NIR.
fn digits_rank(entry: &Entry, digits: &str) -> u8 {
    if entry.phones().any(|phone| phone.starts_with(digits)) {
        0
    } else if entry.phones().any(|phone| phone.contains(digits)) {
        1
    } else {
        2
    }
}

/// Digits of a phone or NIR (3 or more) found in the directory in memory:
/// every patient containing them, phones first (see [`digits_rank`]), then
/// in display order, at most `limit`; `None` while the directory is still
/// loading.
///
/// Why not the file: « 0612 » is in hundreds of patients, whose rows the
/// file must read to sort them, most for the first time since unlocking
/// (each page decrypted and checked).
fn digits_from_directory(
    cabinet: &Cabinet,
    digits: &str,
    options: SearchOptions,
) -> Result<Option<PatientSearch>> {
    let today = cabinet.today();
    crate::patients::directory::read(cabinet, |directory| {
        let mut found: Vec<(u8, &str, i64, &Entry)> = directory
            .with_digits(digits)
            .into_iter()
            .filter_map(|rowid| {
                let entry = directory
                    .get(rowid)
                    .filter(|e| e.shown(options.include_archived))?;
                Some((
                    digits_rank(entry, digits),
                    entry.names.as_str(),
                    rowid,
                    entry,
                ))
            })
            .collect();
        let total = found.len();
        found.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        PatientSearch {
            hits: found
                .into_iter()
                .take(options.limit)
                .map(|(_, _, _, entry)| entry.listing.hit(today, MatchKind::Other))
                .collect(),
            total,
            total_is_exact: true,
        }
    })
}

/// Names matched by the file's index (with `filters` on `patients p`),
/// ranked as the directory ranks them, among at most `candidates`.
fn names_from_file(
    cabinet: &Cabinet,
    words: &[String],
    filters: &str,
    mut values: Vec<Value>,
    options: SearchOptions,
    candidates: usize,
) -> Result<PatientSearch> {
    let today = cabinet.today();
    values.push(Value::Text(match_expression(words)));
    let sql = format!(
        "SELECT s.rowid, s.names, s.sounds, p.used_name, p.birth_name
         FROM patient_search s JOIN patients p ON p.rowid = s.rowid
         WHERE patient_search MATCH ?{} AND {filters} LIMIT {candidates}",
        values.len()
    );
    let words = query_words(words);
    let mut statement = cabinet.conn().prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(values.iter()), |row| {
        let names: String = row.get(1)?;
        let sounds: String = row.get(2)?;
        let used_name: Option<String> = row.get(3)?;
        let birth_name: String = row.get(4)?;
        let surname_words = surname_word_count(used_name.as_deref(), &birth_name);
        let order = rank(&words, &names, &sounds, surname_words)
            .unwrap_or((NamePart::FirstName, MatchKind::Phonetic));
        Ok((order, names, row.get::<_, i64>(0)?))
    })?;
    let mut ranked: Vec<(Order, String, i64)> = rows.collect::<std::result::Result<_, _>>()?;
    let total = ranked.len();
    ranked.sort();
    ranked.truncate(options.limit);
    let ranked: Vec<(i64, MatchKind)> = ranked
        .into_iter()
        .map(|(order, _, rowid)| (rowid, order.1))
        .collect();
    Ok(PatientSearch {
        hits: shown_hits(cabinet, &ranked, today)?,
        total,
        total_is_exact: total < candidates,
    })
}

fn shown_hits(
    cabinet: &Cabinet,
    ranked: &[(i64, MatchKind)],
    today: NaiveDate,
) -> Result<Vec<PatientHit>> {
    let rowids: Vec<i64> = ranked.iter().map(|(rowid, _)| *rowid).collect();
    let kinds: std::collections::HashMap<i64, MatchKind> = ranked.iter().copied().collect();
    details(cabinet, &rowids, today, &|rowid| {
        kinds.get(&rowid).copied().unwrap_or(MatchKind::Other)
    })
}

/// The benchmark's naive baseline: how most existing programs search, with
/// `LIKE` scans of the name columns (`'ab%'` for one or two letters,
/// `'%abc%'` otherwise), of the birth date and of the phone numbers, without
/// our indexes. Returns how many rows it found (at most `limit`).
#[cfg(feature = "bench-baselines")]
pub fn naive_like_search(cabinet: &Cabinet, text: &str, limit: usize) -> Result<usize> {
    let query = parse_query(text, cabinet.today());
    let mut conditions: Vec<String> = vec!["p.archived_at IS NULL".into()];
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |pattern: String| {
        values.push(Value::Text(pattern));
        format!("?{}", values.len())
    };
    for word in &query.words {
        let pattern = bind(if word.len() <= 2 {
            format!("{word}%")
        } else {
            format!("%{word}%")
        });
        conditions.push(format!(
            "(p.birth_name LIKE {pattern} OR p.used_name LIKE {pattern}
              OR p.birth_first_names LIKE {pattern} OR p.used_first_name LIKE {pattern})"
        ));
    }
    match &query.date {
        Some(DateFilter::Days(days)) => {
            let any: Vec<String> = days
                .iter()
                .map(|day| {
                    format!(
                        "p.birth_date LIKE {}",
                        bind(format!("%{}%", day.format("%Y-%m-%d")))
                    )
                })
                .collect();
            conditions.push(format!("({})", any.join(" OR ")));
        }
        Some(DateFilter::Month(year, month)) => {
            let pattern = bind(format!("%{year:04}-{month:02}-%"));
            conditions.push(format!("p.birth_date LIKE {pattern}"));
        }
        Some(DateFilter::Year(year)) => {
            let pattern = bind(format!("%{year:04}-%"));
            conditions.push(format!("p.birth_date LIKE {pattern}"));
        }
        None => {}
    }
    if let Some(digits) = &query.digits {
        let pattern = bind(format!("%{digits}%"));
        conditions.push(format!(
            "(p.nir LIKE {pattern} OR EXISTS (SELECT 1 FROM patient_phones f
               WHERE f.patient_id = p.id AND f.number LIKE {pattern}))"
        ));
    }
    let sql = format!(
        "SELECT p.id, p.birth_name, p.birth_first_names, p.used_name, p.used_first_name, p.birth_date, p.sex,
                (SELECT number FROM patient_phones f WHERE f.patient_id = p.id ORDER BY position LIMIT 1)
         FROM patients p WHERE {} ORDER BY p.birth_name, p.birth_first_names LIMIT {limit}",
        conditions.join(" AND ")
    );
    let mut statement = cabinet.conn().prepare_cached(&sql)?;
    let mut rows = statement.query(rusqlite::params_from_iter(values.iter()))?;
    let mut found = 0;
    while rows.next()?.is_some() {
        found += 1;
    }
    Ok(found)
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
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {} FROM patients p WHERE p.rowid = ?1",
        Listing::COLUMNS
    ))?;
    let mut hits = Vec::with_capacity(rowids.len());
    for rowid in rowids {
        let listing = statement.query_row([rowid], |row| Listing::read(row, 0))?;
        hits.push(listing.hit(today, matched(*rowid)));
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The directory in memory answers a name search exactly as the file's
    /// index does (same patients, same kinds, same order), whether it ranks
    /// every match or walks the list in display order: prefixes of 1 to 6
    /// letters, first names, two words, misspellings, particles.
    #[test]
    fn the_directory_answers_as_the_index_does() {
        let (_dir, mut cabinet) = crate::agenda::testing::cabinet("Europe/Paris");
        crate::demo::add_patients(&mut cabinet, 2500, 11, &mut |_, _| {}).unwrap();
        cabinet.wait_for_search_directory();
        let mut generator = crate::demo::DemoGenerator::new(11).unwrap();
        let people: Vec<_> = (0..600).map(|_| generator.next_patient()).collect();
        let mut queries: Vec<String> = [
            "m", "ma", "le", "d", "mar mar", "le ma", "jean", "d a", "van",
        ]
        .iter()
        .map(|q| q.to_string())
        .collect();
        for (index, person) in people.iter().enumerate().step_by(12) {
            let name = &person.birth_name;
            let given = person.birth_first_names.split(' ').next().unwrap_or("");
            let cut = |text: &str, n: usize| text.chars().take(n).collect::<String>();
            queries.push(cut(name, 1 + index % 6));
            queries.push(cut(given, 2 + index % 4));
            queries.push(format!("{} {}", cut(name, 3), cut(given, 1 + index % 3)));
            queries.push(name.replace('e', "a").replace("ph", "f") + "e");
        }
        let filters = "p.archived_at IS NULL AND p.merged_into IS NULL";
        let options = SearchOptions::default();
        let mut walked_differently = 0;
        for text in &queries {
            let words = parse_query(text, cabinet.today()).words;
            if words.is_empty() {
                continue;
            }
            let lines = |hits: Vec<PatientHit>| -> Vec<String> {
                hits.into_iter()
                    .map(|h| format!("{} {:?}", h.id, h.matched))
                    .collect()
            };
            let from_file = names_from_file(
                &cabinet,
                &words,
                filters,
                vec![],
                options,
                i64::MAX as usize,
            )
            .unwrap();
            let walked = search_directory(&cabinet, &words, options, 0)
                .unwrap()
                .unwrap();
            // How many match: exact, or « au moins » the cap of short words.
            if walked.total_is_exact {
                assert_eq!(walked.total, from_file.total, "« {text} » counted");
            } else {
                assert!(from_file.total >= walked.total, "« {text} » counted");
            }
            let index = lines(from_file.hits);
            let ranked = lines(
                search_directory(&cabinet, &words, options, usize::MAX)
                    .unwrap()
                    .unwrap()
                    .hits,
            );
            let walked = lines(walked.hits);
            assert_eq!(ranked, index, "« {text} » ranked from memory");
            assert_eq!(walked, index, "« {text} » walked in display order");
            walked_differently += usize::from(index.len() == options.limit);
        }
        // Many queries had more matches than shown: the cut-off was tested.
        assert!(walked_differently > 20, "{walked_differently}");
    }

    /// The directory in memory finds phone and NIR digits exactly as the
    /// file's trigram index does (same patients, same order, archived ones
    /// only when asked): whole numbers, their starts, middles and ends,
    /// common runs that match hundreds, runs that match nobody.
    #[test]
    fn the_directory_finds_digits_as_the_index_does() {
        let (_dir, mut cabinet) = crate::agenda::testing::cabinet("Europe/Paris");
        crate::demo::add_patients(&mut cabinet, 2500, 7, &mut |_, _| {}).unwrap();
        // Some archived files, which a search leaves out unless asked.
        let archived: Vec<String> = cabinet
            .conn()
            .prepare("SELECT id FROM patients ORDER BY rowid LIMIT 40")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for id in &archived {
            crate::patients::set_archived(&mut cabinet, id, true).unwrap();
        }
        cabinet.wait_for_search_directory();
        let numbers: Vec<String> = cabinet
            .conn()
            .prepare(
                "SELECT number FROM patient_phones WHERE rowid % 23 = 0
                 UNION ALL SELECT nir FROM patients WHERE nir IS NOT NULL AND rowid % 41 = 0",
            )
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(numbers.len() > 100, "{}", numbers.len());
        let mut queries: Vec<String> = ["061", "0612", "06 12", "33", "000", "123", "99999999"]
            .iter()
            .map(|q| q.to_string())
            .collect();
        for (index, number) in numbers.iter().enumerate() {
            let length = 3 + index % (number.len() - 2);
            let start = (index * 7) % (number.len() - length + 1);
            queries.push(number[start..start + length].to_string());
        }
        let mut many = 0;
        for text in &queries {
            let query = parse_query(text, cabinet.today());
            let Some(digits) = &query.digits else {
                continue;
            };
            for include_archived in [false, true] {
                let options = SearchOptions {
                    include_archived,
                    ..SearchOptions::default()
                };
                let (filters, values) = file_filters(&query, options);
                let ids = |hits: Vec<PatientHit>| -> Vec<String> {
                    hits.into_iter().map(|h| h.id).collect()
                };
                let from_file =
                    without_words_from_file(&cabinet, &query, &filters, &values, options).unwrap();
                let from_memory = digits_from_directory(&cabinet, digits, options)
                    .unwrap()
                    .unwrap();
                assert_eq!(from_memory.total, from_file.total, "« {text} »");
                let (from_file, from_memory) = (ids(from_file.hits), ids(from_memory.hits));
                assert_eq!(
                    from_memory, from_file,
                    "« {text} » archived: {include_archived}"
                );
                many += usize::from(from_file.len() == options.limit);
            }
        }
        // Common runs had more matches than shown: the cut-off was tested.
        assert!(many > 5, "{many}");
    }

    /// A phone changed, or a file archived, is searched the new way at once.
    #[test]
    fn digits_follow_the_file_as_it_changes() {
        let (_dir, mut cabinet) = crate::agenda::testing::cabinet("Europe/Paris");
        let id = crate::agenda::testing::patient(&mut cabinet);
        cabinet.wait_for_search_directory();
        let found = |cabinet: &Cabinet, text: &str, include_archived: bool| -> usize {
            let options = SearchOptions {
                include_archived,
                ..SearchOptions::default()
            };
            search(cabinet, text, options).unwrap().hits.len()
        };
        assert_eq!(found(&cabinet, "3456", false), 1);
        let mut changed = crate::patients::get(&cabinet, &id).unwrap().draft;
        changed.phones[0].number = "07 98 76 54 32".into();
        crate::patients::update(&mut cabinet, &id, &changed).unwrap();
        assert_eq!(found(&cabinet, "3456", false), 0, "the old number");
        assert_eq!(found(&cabinet, "98 76", false), 1, "the new number");
        crate::patients::set_archived(&mut cabinet, &id, true).unwrap();
        assert_eq!(found(&cabinet, "98 76", false), 0, "archived");
        assert_eq!(found(&cabinet, "98 76", true), 1, "archived, asked for");
    }

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
