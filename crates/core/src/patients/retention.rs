//! How long a file must be kept (Code de la santé publique R.1112-7, as
//! advised for private practice): 20 years after the last visit; for a
//! patient who was a minor then, at least until the 28th birthday; if the
//! patient died within 10 years of the last visit, 10 years after death.
//! Nothing is ever deleted automatically: Carnet proposes, she confirms.

use chrono::{Months, NaiveDate};
use rusqlite::params;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::dates;
use crate::documents::stored;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

use super::search;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    /// dd/mm/yyyy
    pub until: String,
    #[serde(skip)]
    pub until_date: NaiveDate,
    /// The rule that applies, in French.
    pub rule: String,
    pub expired: bool,
}

fn plus_years(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX)
}

pub fn retention(
    birth: NaiveDate,
    last_visit: NaiveDate,
    death: Option<NaiveDate>,
    today: NaiveDate,
) -> Retention {
    let (until_date, rule) = match death {
        Some(died) if died <= plus_years(last_visit, 10) => (
            plus_years(died, 10),
            "10 ans après le décès (décès moins de 10 ans après la dernière consultation)"
                .to_string(),
        ),
        _ => {
            let twenty_years = plus_years(last_visit, 20);
            let twenty_eighth_birthday = plus_years(birth, 28);
            if twenty_eighth_birthday > twenty_years {
                (
                    twenty_eighth_birthday,
                    "jusqu'aux 28 ans du patient (mineur lors de la dernière consultation)"
                        .to_string(),
                )
            } else {
                (
                    twenty_years,
                    "20 ans après la dernière consultation".to_string(),
                )
            }
        }
    };
    Retention {
        until: dates::french(until_date),
        until_date,
        rule,
        expired: until_date < today,
    }
}

/// A file past its retention period, proposed for deletion.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ExpiredFile {
    pub id: String,
    pub display_name: String,
    pub birth_date: String,
    pub last_visit: String,
    pub retention: Retention,
}

fn parse_iso(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// The last visit on record; before the agenda knows of one, the day the
/// file was opened (a contact happened then).
pub(crate) fn last_visit(last_visit_on: Option<&str>, created_at: &str) -> Option<NaiveDate> {
    last_visit_on
        .and_then(parse_iso)
        .or_else(|| parse_iso(created_at))
}

pub fn expired_files(cabinet: &Cabinet) -> Result<Vec<ExpiredFile>> {
    let today = cabinet.today();
    let mut statement = cabinet.conn().prepare(
        "SELECT id, birth_name, birth_first_names, used_name, used_first_name, sex, birth_date,
                last_visit_on, created_at, death_date
         FROM patients WHERE merged_into IS NULL",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            super::display_name(
                &row.get::<_, String>(1)?,
                &row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?.as_deref(),
                row.get::<_, Option<String>>(4)?.as_deref(),
                &row.get::<_, String>(5)?,
            ),
            row.get::<_, String>(6)?,
            row.get::<_, Option<String>>(7)?,
            row.get::<_, String>(8)?,
            row.get::<_, Option<String>>(9)?,
        ))
    })?;
    let mut expired = Vec::new();
    for row in rows {
        let (id, display_name, birth, last_visit_on, created_at, death) = row?;
        let (Some(birth_date), Some(visit)) = (
            parse_iso(&birth),
            last_visit(last_visit_on.as_deref(), &created_at),
        ) else {
            continue;
        };
        let retention = retention(
            birth_date,
            visit,
            death.as_deref().and_then(parse_iso),
            today,
        );
        if retention.expired {
            expired.push(ExpiredFile {
                id,
                display_name,
                birth_date: dates::french(birth_date),
                last_visit: dates::french(visit),
                retention,
            });
        }
    }
    expired.sort_by_key(|file| file.retention.until_date);
    Ok(expired)
}

/// Deletes a file past its retention period, on explicit confirmation. The
/// trace kept says that a file was deleted, when, and why — nothing of the
/// patient.
pub fn delete_expired(cabinet: &mut Cabinet, id: &str, confirmed: bool) -> Result<()> {
    if !confirmed {
        return Err(CoreError::InvalidInput {
            field: "confirmation",
            message: "Confirmez la suppression : elle est définitive.".into(),
        });
    }
    let file = expired_files(cabinet)?
        .into_iter()
        .find(|file| file.id == id)
        .ok_or_else(|| CoreError::InvalidInput {
            field: "id",
            message: "Ce dossier n'a pas dépassé sa durée de conservation : il ne peut pas être supprimé.".into(),
        })?;
    let now = cabinet.now_utc();
    let documents = stored::named_for_patient(cabinet, id)?;
    let tx = cabinet.conn_mut().transaction()?;
    search::unindex(&tx, id)?;
    tx.execute("DELETE FROM patient_history WHERE patient_id = ?1", [id])?;
    tx.execute(
        "UPDATE patients SET merged_into = NULL WHERE merged_into = ?1",
        [id],
    )?;
    // The receipts book keeps the visits and payments (10 years), not the name.
    tx.execute(
        "UPDATE fees SET patient_label = 'dossier supprimé' WHERE patient_id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE money_owed SET patient_label = 'dossier supprimé', patient_id = NULL WHERE patient_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM patients WHERE id = ?1", [id])?;
    tx.execute(
        "INSERT INTO deletions (id, deleted_at, author, retention_until, reason) VALUES (?1, ?2, NULL, ?3, ?4)",
        params![
            new_id(),
            now,
            file.retention.until_date.format("%Y-%m-%d").to_string(),
            format!("durée de conservation échue : {}", file.retention.rule)
        ],
    )?;
    tx.commit()?;
    // Her scans go with her file (those no other item names).
    stored::forget(cabinet, &documents)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn twenty_years_after_the_last_visit() {
        let r = retention(d(1960, 5, 1), d(2000, 6, 15), None, d(2026, 11, 23));
        assert_eq!(r.until, "15/06/2020");
        assert!(r.expired);
        assert!(r.rule.contains("20 ans"));
    }

    #[test]
    fn a_child_is_kept_until_28() {
        let r = retention(d(2000, 3, 10), d(2003, 1, 1), None, d(2026, 11, 23));
        assert_eq!(r.until, "10/03/2028");
        assert!(!r.expired);
        assert!(r.rule.contains("28 ans"));
    }

    #[test]
    fn ten_years_after_a_death_soon_after_the_last_visit() {
        let r = retention(
            d(1940, 1, 1),
            d(2010, 1, 1),
            Some(d(2012, 6, 1)),
            d(2026, 11, 23),
        );
        assert_eq!(r.until, "01/06/2022");
        assert!(r.expired);
        // Died long after the last visit: the 20-year rule.
        let r = retention(
            d(1940, 1, 1),
            d(1990, 1, 1),
            Some(d(2012, 6, 1)),
            d(2026, 11, 23),
        );
        assert_eq!(r.until, "01/01/2010");
    }
}
