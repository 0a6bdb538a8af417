//! What is still owed, per payer, with its age: the secretary's follow-up
//! of the caisses, the mutuelles and the patients.

use chrono::NaiveDate;
use rusqlite::params;
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
    /// How many visits this payer still owes for (all of them).
    pub line_count: i64,
    /// The oldest of them, at most [`LINES_SHOWN`].
    pub lines: Vec<OwedLine>,
}

/// Lines listed per payer: the oldest first, which are the ones to chase.
pub const LINES_SHOWN: i64 = 200;

/// Everything still owed, grouped by payer (each caisse, each mutuelle,
/// the patients): totals by age summed by SQLite, then each payer's
/// oldest lines through the `money_owed_by_payer` index — building every
/// line of twenty years (13 600 on dataset M) took 90 ms.
pub fn owed(cabinet: &Cabinet) -> Result<Vec<OwedByPayer>> {
    let today = cabinet.today();
    let day = |days: u64| {
        (today - chrono::Days::new(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    let (day30, day60) = (day(29), day(60));
    let mut groups: Vec<OwedByPayer> = cabinet
        .conn()
        .prepare_cached(
            "SELECT payer, payer_name, sum(owed_cents),
                    sum(CASE WHEN on_day >= ?1 THEN owed_cents ELSE 0 END),
                    sum(CASE WHEN on_day < ?1 AND on_day >= ?2 THEN owed_cents ELSE 0 END),
                    sum(CASE WHEN on_day < ?2 THEN owed_cents ELSE 0 END),
                    count(*)
             FROM money_owed GROUP BY payer, payer_name ORDER BY payer, payer_name",
        )?
        .query_map(params![day30, day60], |row| {
            Ok(OwedByPayer {
                payer: row.get(0)?,
                payer_name: row.get(1)?,
                total_cents: row.get(2)?,
                by_age_cents: [row.get(3)?, row.get(4)?, row.get(5)?],
                line_count: row.get(6)?,
                lines: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT fee_id, fee_number, on_day, patient_id, patient_label, payer, payer_name, owed_cents
         FROM money_owed WHERE payer = ?1 AND payer_name = ?2
         ORDER BY on_day, fee_number LIMIT ?3",
    )?;
    for group in &mut groups {
        group.lines = statement
            .query_map(params![group.payer, group.payer_name, LINES_SHOWN], |row| {
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
            })?
            .collect::<rusqlite::Result<_>>()?;
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
