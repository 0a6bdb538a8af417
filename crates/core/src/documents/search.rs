//! Full-text search of reports, inside the encrypted file (FTS5 table
//! `report_search`, migration 0008). Each report's current text is indexed
//! twice: as written (`body`: unicode61 folds case and accents) and as French
//! stems (`stems`), so « douleurs » finds « douleur ». A query is words
//! (matched by stem), « "phrases" » (stems in that order) and prefixes
//! (`cardio*`, on the words as written), all required; filters by patient,
//! author, kind and period. Results come newest first with the passage that
//! matched, cut from the report's text.
//!
//! Two things keep it fast on a large archive (migration 0011): a prefix is
//! replaced by the indexed words that start with it, and a period becomes
//! the range of report numbers written in it.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::text::{self, French};
use super::{ReportKind, ReportStatus};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// Writes a report's current text into the index (in the saving
/// transaction: the index never lags behind the report).
pub(crate) fn reindex(tx: &Transaction<'_>, seq: i64, body: &Value) -> Result<()> {
    let plain = text::plain_text(body);
    reindex_text(tx, seq, &plain, &French::default())
}

/// The same from plain text, with a stemmer the caller keeps (bulk work).
pub(crate) fn reindex_text(
    tx: &rusqlite::Connection,
    seq: i64,
    plain: &str,
    french: &French,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM report_search WHERE rowid = ?1")?
        .execute([seq])?;
    tx.prepare_cached("INSERT INTO report_search (rowid, body, stems) VALUES (?1, ?2, ?3)")?
        .execute(params![seq, plain, french.stems(plain)])?;
    Ok(())
}

/// What she searches for, and within what.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportQuery {
    /// Words, « "a phrase" », prefixes (`cardio*`).
    pub text: String,
    pub patient_id: Option<String>,
    pub author_id: Option<String>,
    pub kind: Option<ReportKind>,
    /// `YYYY-MM-DD`, inclusive, on the date of the consultation (or of
    /// creation when it has none).
    pub from: Option<String>,
    pub to: Option<String>,
    /// At most this many results (default 50).
    pub limit: Option<usize>,
}

/// A piece of the passage shown under a result; `hit` pieces matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PassagePart {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportHit {
    pub report_id: String,
    pub patient_id: Option<String>,
    pub patient_label: String,
    pub author_name: String,
    pub kind: ReportKind,
    pub status: ReportStatus,
    pub consultation_on: Option<String>,
    pub created_at: String,
    pub passage: Vec<PassagePart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportResults {
    pub hits: Vec<ReportHit>,
    /// More reports match than were returned: refine, or ask for more.
    pub more: bool,
}

/// One term of a query, as the index reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A word or a phrase, by stems in order.
    Stems(Vec<String>),
    /// The beginning of a word as written (folded).
    Prefix(String),
}

fn parse(query: &str, french: &French) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = query;
    while let Some(start) = rest.find('"') {
        push_words(&rest[..start], french, &mut terms);
        let after = &rest[start + 1..];
        let (phrase, next) = match after.find('"') {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        let stems: Vec<String> = text::words(phrase)
            .map(|w| french.stem(&w))
            .filter(|s| !s.is_empty())
            .collect();
        if !stems.is_empty() {
            terms.push(Term::Stems(stems));
        }
        rest = next;
    }
    push_words(rest, french, &mut terms);
    terms
}

fn push_words(part: &str, french: &French, terms: &mut Vec<Term>) {
    for chunk in part.split_whitespace() {
        let prefix = chunk.ends_with('*');
        let words: Vec<String> = text::words(chunk).collect();
        match (prefix, words.as_slice()) {
            (_, []) => {}
            (true, [.., last]) => {
                for word in &words[..words.len() - 1] {
                    terms.push(Term::Stems(vec![french.stem(word)]));
                }
                terms.push(Term::Prefix(crate::phonetic::fold(last)));
            }
            // « l'échographie », « post-opératoire »: the words in order.
            (false, _) => terms.push(Term::Stems(words.iter().map(|w| french.stem(w)).collect())),
        }
    }
}

/// More indexed words than this starting with one prefix: she is asked for
/// another letter (a query of thousands of words helps nobody and is slow).
const MOST_WORDS_PER_PREFIX: usize = 300;

/// A prefix must have this many letters.
const SHORTEST_PREFIX: usize = 2;

/// The indexed words (as the `body` column holds them) that start with
/// `prefix`. The index keeps « œ » and « æ » as typed while [`fold`] spells
/// them out, so both spellings are looked up: « cœlio* » and « coelio* »
/// find « cœlioscopie » and « coelioscopie » alike.
///
/// [`fold`]: crate::phonetic::fold
fn words_starting_with(cabinet: &Cabinet, prefix: &str) -> Result<Vec<String>> {
    if prefix.chars().count() < SHORTEST_PREFIX {
        return Err(CoreError::invalid(
            "text",
            "Tapez au moins deux lettres avant * (par exemple « échog* »).",
        ));
    }
    let mut spellings = vec![prefix.to_string()];
    let with_ligatures = prefix.replace("oe", "œ").replace("ae", "æ");
    if with_ligatures != prefix {
        spellings.push(with_ligatures);
    }
    let mut words = Vec::new();
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT term FROM report_words WHERE col = 'body' AND term >= ?1 AND term < ?2 LIMIT ?3",
    )?;
    for spelling in &spellings {
        // Every word starting with `spelling` sorts before it followed by
        // the last code point.
        let end = format!("{spelling}\u{10FFFF}");
        let found = statement
            .query_map(
                params![spelling, end, (MOST_WORDS_PER_PREFIX + 1) as i64],
                |row| row.get::<_, String>(0),
            )?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        words.extend(found);
    }
    if words.len() > MOST_WORDS_PER_PREFIX {
        return Err(CoreError::invalid(
            "text",
            format!(
                "Plus de {MOST_WORDS_PER_PREFIX} mots des comptes rendus commencent par « {prefix} » : ajoutez une lettre avant *."
            ),
        ));
    }
    Ok(words)
}

/// The FTS5 expression: every term required; each string quoted, so no
/// character she types is FTS syntax. A prefix is the words of the index
/// that start with it (`expanded`, in the order of the prefixes); one that
/// starts no word makes the whole query match nothing (`None`).
fn expression(terms: &[Term], expanded: &[Vec<String>]) -> Option<String> {
    let quoted = |text: &str| format!("\"{}\"", text.replace('"', ""));
    let mut prefixes = expanded.iter();
    let mut parts = Vec::with_capacity(terms.len());
    for term in terms {
        parts.push(match term {
            Term::Stems(stems) => format!("stems : {}", quoted(&stems.join(" "))),
            Term::Prefix(_) => {
                let words = prefixes.next()?;
                if words.is_empty() {
                    return None;
                }
                let words: Vec<String> = words.iter().map(|w| quoted(w)).collect();
                format!("body : ({})", words.join(" OR "))
            }
        });
    }
    Some(parts.join(" AND "))
}

/// The range of report numbers (`seq`) written on the days from `from` to
/// `to`: the index's matches outside it need not be read. `None` when no
/// report falls in the period.
fn seq_range(
    cabinet: &Cabinet,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<(i64, i64)>> {
    if from.is_none() && to.is_none() {
        return Ok(Some((i64::MIN, i64::MAX)));
    }
    let range: (Option<i64>, Option<i64>) = cabinet
        .conn()
        .prepare_cached(
            "SELECT min(seq), max(seq) FROM reports INDEXED BY reports_by_day
             WHERE coalesce(consultation_on, substr(created_at, 1, 10)) >= coalesce(?1, '')
               AND coalesce(consultation_on, substr(created_at, 1, 10)) <= coalesce(?2, '9999')",
        )?
        .query_row(params![from, to], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(match range {
        (Some(low), Some(high)) => Some((low, high)),
        _ => None,
    })
}

use crate::dates::optional_iso_day as iso;

/// Finds reports. Newest first; the passage that matched comes with each.
pub fn search(cabinet: &Cabinet, query: &ReportQuery) -> Result<ReportResults> {
    let french = French::default();
    let terms = parse(&query.text, &french);
    if terms.is_empty() {
        return Err(CoreError::invalid(
            "text",
            "Tapez un mot du compte rendu (ou « une expression » entre guillemets, ou le début d'un mot suivi de *).",
        ));
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 1000);
    let from = iso(query.from.as_deref(), "from")?;
    let to = iso(query.to.as_deref(), "to")?;
    let kind = query.kind.map(|k| k.as_str());
    let filters = "(?3 IS NULL OR r.author_id = ?3) AND (?4 IS NULL OR r.kind = ?4)
         AND (?5 IS NULL OR coalesce(r.consultation_on, substr(r.created_at, 1, 10)) >= ?5)
         AND (?6 IS NULL OR coalesce(r.consultation_on, substr(r.created_at, 1, 10)) <= ?6)";
    // With a patient, her few reports are the outer loop and each is looked
    // up in the index by rowid; without, the index's matches are walked
    // newest first and stop at the limit.
    let expanded = terms
        .iter()
        .filter_map(|term| match term {
            Term::Prefix(prefix) => Some(words_starting_with(cabinet, prefix)),
            Term::Stems(_) => None,
        })
        .collect::<Result<Vec<_>>>()?;
    let nothing = ReportResults {
        hits: Vec::new(),
        more: false,
    };
    let Some(expression) = expression(&terms, &expanded) else {
        return Ok(nothing);
    };
    let Some((low, high)) = seq_range(cabinet, from.as_deref(), to.as_deref())? else {
        return Ok(nothing);
    };
    let sql = if query.patient_id.is_some() {
        format!(
            "SELECT r.seq FROM reports r CROSS JOIN report_search f ON f.rowid = r.seq
             WHERE r.patient_id = ?2 AND report_search MATCH ?1 AND {filters}
             ORDER BY r.seq DESC LIMIT ?7"
        )
    } else {
        format!(
            "SELECT f.rowid FROM report_search f JOIN reports r ON r.seq = f.rowid
             WHERE report_search MATCH ?1 AND f.rowid BETWEEN ?8 AND ?9 AND {filters}
             ORDER BY f.rowid DESC LIMIT ?7"
        )
    };
    let conn = cabinet.conn();
    let mut statement = conn.prepare_cached(&sql)?;
    let arguments = params![
        expression,
        query.patient_id,
        query.author_id,
        kind,
        from,
        to,
        (limit + 1) as i64,
        low,
        high
    ];
    // The patient's query has no range (her few reports are read by rowid).
    let used = if query.patient_id.is_some() {
        7
    } else {
        arguments.len()
    };
    let seqs: Vec<i64> = statement
        .query_map(&arguments[..used], |row| row.get(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let more = seqs.len() > limit;
    let mut hits = Vec::with_capacity(limit);
    for seq in seqs.into_iter().take(limit) {
        hits.push(hit(cabinet, seq, &terms, &french)?);
    }
    Ok(ReportResults { hits, more })
}

fn hit(cabinet: &Cabinet, seq: i64, terms: &[Term], french: &French) -> Result<ReportHit> {
    let (mut found, body) = cabinet
        .conn()
        .prepare_cached(
            "SELECT r.id, r.patient_id, p.name, r.kind, r.status, r.consultation_on, r.created_at,
                    (SELECT body FROM report_versions v WHERE v.report_id = r.id ORDER BY number DESC LIMIT 1)
             FROM reports r JOIN practitioners p ON p.id = r.author_id WHERE r.seq = ?1",
        )?
        .query_row([seq], |r| {
            Ok((
                ReportHit {
                    report_id: r.get(0)?,
                    patient_id: r.get(1)?,
                    patient_label: String::new(),
                    author_name: r.get(2)?,
                    kind: r.get(3)?,
                    status: r.get(4)?,
                    consultation_on: r.get(5)?,
                    created_at: r.get(6)?,
                    passage: Vec::new(),
                },
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
    found.patient_label = super::patient_label(cabinet, found.patient_id.as_deref())?;
    let plain = body
        .and_then(|b| serde_json::from_str::<Value>(&b).ok())
        .map(|b| text::plain_text(&b))
        .unwrap_or_default();
    found.passage = passage(&plain, terms, french);
    Ok(found)
}

/// About twenty words around the first word that matched, the matching
/// words marked.
fn passage(plain: &str, terms: &[Term], french: &French) -> Vec<PassagePart> {
    let wanted_stems: Vec<&str> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Stems(stems) => Some(stems.iter().map(String::as_str)),
            Term::Prefix(_) => None,
        })
        .flatten()
        .collect();
    let prefixes: Vec<&str> = terms
        .iter()
        .filter_map(|t| match t {
            Term::Prefix(p) => Some(p.as_str()),
            Term::Stems(_) => None,
        })
        .collect();
    // Words with their byte spans in the text, stemmed only up to sixteen
    // words past the first match: a long report costs no more than its
    // beginning.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut first_match: Option<usize> = None;
    let mut start = None;
    for (at, c) in plain
        .char_indices()
        .chain(std::iter::once((plain.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                let word = plain[s..at].to_lowercase();
                let matched = wanted_stems.contains(&french.stem(&word).as_str())
                    || prefixes
                        .iter()
                        .any(|p| crate::phonetic::fold(&word).starts_with(p));
                if matched && first_match.is_none() {
                    first_match = Some(spans.len());
                }
                spans.push((s, at, matched));
                start = None;
                if first_match.is_some_and(|f| spans.len() > f + 17) {
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(first) = spans.iter().position(|s| s.2) else {
        let cut: String = plain.chars().take(160).collect();
        return vec![PassagePart {
            text: cut.replace('\n', " "),
            hit: false,
        }];
    };
    let from = first.saturating_sub(8);
    let to = (first + 16).min(spans.len() - 1);
    let mut parts: Vec<PassagePart> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        let text = text.replace('\n', " ");
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(&text),
            _ => parts.push(PassagePart { text, hit }),
        }
    };
    if from > 0 {
        push("… ", false);
    }
    let mut cursor = spans[from].0;
    for &(s, e, matched) in &spans[from..=to] {
        push(&plain[cursor..s], false);
        push(&plain[s..e], matched);
        cursor = e;
    }
    if to + 1 < spans.len() {
        push(" …", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_quoted_fts_terms() {
        let french = French::default();
        let terms = parse("Douleurs \"insuffisance cardiaque\" cardio* \"", &french);
        let cardio = vec!["cardiologie".to_string(), "cardiopathie".to_string()];
        assert_eq!(
            expression(&terms, &[cardio]).unwrap(),
            "stems : \"douleur\" AND stems : \"insuffis cardiaqu\" \
             AND body : (\"cardiologie\" OR \"cardiopathie\")"
        );
        // A prefix that starts no word of the index: nothing can match.
        assert_eq!(expression(&terms, &[Vec::new()]), None);
        // FTS syntax she might type is only text.
        let terms = parse("NEAR(a b) OR -x ^y col:z", &french);
        assert!(
            !expression(&terms, &[]).unwrap().contains("NEAR("),
            "{terms:?}"
        );
        assert!(parse("  \"\" * ", &french).is_empty());
    }

    #[test]
    fn the_passage_marks_the_matching_words() {
        let french = French::default();
        let terms = parse("douleur", &french);
        let parts = passage(
            "Le patient décrit des douleurs thoraciques.",
            &terms,
            &french,
        );
        assert_eq!(
            parts,
            vec![
                PassagePart {
                    text: "Le patient décrit des ".into(),
                    hit: false
                },
                PassagePart {
                    text: "douleurs".into(),
                    hit: true
                },
                PassagePart {
                    text: " thoraciques".into(),
                    hit: false
                },
            ]
        );
    }
}
