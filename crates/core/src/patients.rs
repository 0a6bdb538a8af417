//! Patients: the identity core. The patients issue grows this module into
//! the full file (contacts, insurance, history) and the instant search; for
//! now it lists and filters by name prefix.

use rusqlite::params;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::Result;

/// A patient as a line of a list: what tells two patients apart at a glance.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientRow {
    pub id: String,
    /// "LEFÈVRE (née DURAND) Marie": used name in capitals, birth name when
    /// different, used first name.
    pub display_name: String,
    /// dd/mm/yyyy
    pub birth_date: String,
    /// 'F', 'M' or 'I'
    pub sex: String,
}

pub fn count(cabinet: &Cabinet) -> Result<i64> {
    Ok(cabinet.conn().query_row(
        "SELECT count(*) FROM patients WHERE archived_at IS NULL",
        [],
        |row| row.get(0),
    )?)
}

/// Patients whose birth name, used name or one of the first names starts
/// with `query` (case-insensitive for ASCII), in alphabetical order. The
/// patients issue replaces this with the accent-insensitive, phonetic search.
pub fn list(cabinet: &Cabinet, query: &str, limit: u32) -> Result<Vec<PatientRow>> {
    let pattern = format!("{}%", escape_like(query.trim()));
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, birth_name, birth_first_names, used_name, used_first_name, birth_date, sex
         FROM patients
         WHERE archived_at IS NULL
           AND (birth_name LIKE ?1 ESCAPE '\\' OR used_name LIKE ?1 ESCAPE '\\'
                OR birth_first_names LIKE ?1 ESCAPE '\\' OR birth_first_names LIKE '% ' || ?1 ESCAPE '\\'
                OR used_first_name LIKE ?1 ESCAPE '\\')
         ORDER BY coalesce(used_name, birth_name) COLLATE NOCASE, birth_first_names, birth_date
         LIMIT ?2",
    )?;
    let rows = statement.query_map(params![pattern, limit], |row| {
        let birth_name: String = row.get(1)?;
        let birth_first_names: String = row.get(2)?;
        let used_name: Option<String> = row.get(3)?;
        let used_first_name: Option<String> = row.get(4)?;
        let birth_date: String = row.get(5)?;
        let sex: String = row.get(6)?;
        Ok(PatientRow {
            id: row.get(0)?,
            display_name: display_name(
                &birth_name,
                &birth_first_names,
                used_name.as_deref(),
                used_first_name.as_deref(),
                &sex,
            ),
            birth_date: french_date(&birth_date),
            sex,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn display_name(
    birth_name: &str,
    birth_first_names: &str,
    used_name: Option<&str>,
    used_first_name: Option<&str>,
    sex: &str,
) -> String {
    let shown_name = used_name.filter(|n| !n.is_empty()).unwrap_or(birth_name);
    let first_name = used_first_name
        .filter(|n| !n.is_empty())
        .or_else(|| birth_first_names.split(' ').next())
        .unwrap_or("");
    let mut text = shown_name.to_uppercase();
    if !shown_name.eq_ignore_ascii_case(birth_name) {
        let born = if sex == "F" { "née" } else { "né" };
        text.push_str(&format!(" ({born} {})", birth_name.to_uppercase()));
    }
    if !first_name.is_empty() {
        text.push(' ');
        text.push_str(first_name);
    }
    text
}

/// 'YYYY-MM-DD' → 'dd/mm/yyyy'; anything else is shown as stored.
pub fn french_date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => date.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_shows_birth_name_when_different() {
        assert_eq!(
            display_name("Durand", "Marie Hélène", Some("Lefèvre"), None, "F"),
            "LEFÈVRE (née DURAND) Marie"
        );
        assert_eq!(
            display_name("Le Goff", "Jean-Pierre Yves", None, None, "M"),
            "LE GOFF Jean-Pierre"
        );
    }

    #[test]
    fn dates_are_shown_the_french_way() {
        assert_eq!(french_date("1962-03-03"), "03/03/1962");
    }
}
