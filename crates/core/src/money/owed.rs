//! What is still owed, per payer, with its age: the secretary's follow-up
//! of the caisses, the mutuelles and the patients.

use chrono::NaiveDate;
use serde::Serialize;

use super::split::Payer;
use crate::cabinet::Cabinet;
use crate::error::Result;

/// One visit's amount still owed by one payer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct OwedLine {
    pub fee_id: String,
    pub fee_number: i64,
    pub on_day: String,
    pub patient_id: Option<String>,
    pub patient_label: String,
    pub payer: Payer,
    /// The caisse's or mutuelle's name, or the patient's.
    pub payer_name: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub owed_cents: i64,
    pub age_days: i64,
}

/// The lines of one payer, with their totals by age.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct OwedByPayer {
    pub payer: Payer,
    pub payer_name: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total_cents: i64,
    /// Under 30 days, 30 to 60, over 60.
    #[cfg_attr(feature = "typescript", ts(type = "[number, number, number]"))]
    pub by_age_cents: [i64; 3],
    pub lines: Vec<OwedLine>,
}

/// Which of the three age columns `days` falls in.
pub fn age_bucket(days: i64) -> usize {
    if days < 30 {
        0
    } else if days <= 60 {
        1
    } else {
        2
    }
}

/// Everything still owed, grouped by payer (each caisse, each mutuelle,
/// the patients), the oldest lines first. Read from `money_owed` alone.
pub fn owed(cabinet: &Cabinet) -> Result<Vec<OwedByPayer>> {
    let today = cabinet.today();
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT fee_id, fee_number, on_day, patient_id, patient_label, payer, payer_name, owed_cents
         FROM money_owed ORDER BY payer, payer_name, on_day, fee_number",
    )?;
    let lines = statement.query_map([], |row| {
        let on_day: String = row.get(2)?;
        let age_days = NaiveDate::parse_from_str(&on_day, "%Y-%m-%d")
            .map(|day| (today - day).num_days())
            .unwrap_or(0);
        Ok(OwedLine {
            fee_id: row.get(0)?,
            fee_number: row.get(1)?,
            on_day,
            patient_id: row.get(3)?,
            patient_label: row.get(4)?,
            payer: row.get(5)?,
            payer_name: row.get(6)?,
            owed_cents: row.get(7)?,
            age_days,
        })
    })?;
    let mut groups: Vec<OwedByPayer> = Vec::new();
    for line in lines {
        let line = line?;
        let same = groups
            .last()
            .is_some_and(|g| g.payer == line.payer && g.payer_name == line.payer_name);
        if !same {
            groups.push(OwedByPayer {
                payer: line.payer,
                payer_name: line.payer_name.clone(),
                total_cents: 0,
                by_age_cents: [0; 3],
                lines: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.total_cents += line.owed_cents;
            group.by_age_cents[age_bucket(line.age_days)] += line.owed_cents;
            group.lines.push(line);
        }
    }
    Ok(groups)
}

/// What a patient still owes himself (shown in his file).
pub fn patient_owes(cabinet: &Cabinet, patient_id: &str) -> Result<i64> {
    Ok(cabinet.conn().query_row(
        "SELECT coalesce(sum(owed_cents), 0) FROM money_owed WHERE patient_id = ?1 AND payer = 'patient'",
        [patient_id],
        |row| row.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_three_columns() {
        assert_eq!(age_bucket(0), 0);
        assert_eq!(age_bucket(29), 0);
        assert_eq!(age_bucket(30), 1);
        assert_eq!(age_bucket(60), 1);
        assert_eq!(age_bucket(61), 2);
    }
}
