//! The receipts book (livre-journal des recettes, art. 99 du CGI): every
//! payment received, by date, with its amount, mode and the patient's
//! identity — or only the visit's number when the doctor chooses the
//! anonymised form medical secrecy allows. A CSV for the accountant (`;`,
//! UTF-8 with BOM, amounts `30,00`), and the monthly summary.

use std::path::Path;

use serde::Serialize;

use super::amount::plain_cents;
use super::ledger::PaymentMode;
use super::split::Payer;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::storage::guarded_write::{self, Replace};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct JournalLine {
    pub paid_on: String,
    pub fee_number: i64,
    /// The patient's name, or `visite n° 42` in the anonymised form.
    pub who: String,
    pub payer: Payer,
    pub payer_name: String,
    pub mode: PaymentMode,
    pub cheque_number: Option<String>,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
    pub practitioner: String,
}

/// The book between two days (included, `jj/mm/aaaa` or ISO).
pub fn lines(
    cabinet: &Cabinet,
    from: &str,
    to: &str,
    anonymised: bool,
) -> Result<Vec<JournalLine>> {
    let from = crate::dates::parse_date(from, "from")?;
    let to = crate::dates::parse_date(to, "to")?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "La fin de la période précède son début.",
        ));
    }
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT p.paid_on, f.seq, f.patient_label, p.payer, CASE p.payer WHEN 'patient' THEN f.patient_label ELSE p.payer_name END, p.mode, p.cheque_number,
                p.amount_cents, coalesce(pr.name, '')
         FROM payments p JOIN fees f ON f.id = p.fee_id
         LEFT JOIN practitioners pr ON pr.id = f.practitioner_id
         WHERE p.paid_on BETWEEN ?1 AND ?2 ORDER BY p.paid_on, p.seq",
    )?;
    let rows = statement.query_map(
        [
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        ],
        |row| {
            let number: i64 = row.get(1)?;
            let payer: Payer = row.get(3)?;
            let patient: String = row.get(2)?;
            let payer_name: String = row.get(4)?;
            Ok(JournalLine {
                paid_on: row.get(0)?,
                fee_number: number,
                who: if anonymised {
                    format!("visite n° {number}")
                } else {
                    patient
                },
                payer,
                // A patient paying is named like the patient.
                payer_name: if anonymised && payer == Payer::Patient {
                    "patient".into()
                } else {
                    payer_name
                },
                mode: row.get(5)?,
                cheque_number: row.get(6)?,
                amount_cents: row.get(7)?,
                practitioner: row.get(8)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The book as the accountant's CSV; the first line names the cabinet and
/// the period. Never over the cabinet file itself.
pub fn export_csv(
    cabinet: &Cabinet,
    from: &str,
    to: &str,
    anonymised: bool,
    target: &Path,
    replace: Replace,
) -> Result<usize> {
    let lines = lines(cabinet, from, to, anonymised)?;
    let mut text = String::from("\u{feff}");
    text.push_str(&format!(
        "# Livre-journal des recettes — {} — du {} au {}{}\r\n",
        cabinet.info().name,
        from,
        to,
        if anonymised {
            " (forme anonymisée)"
        } else {
            ""
        }
    ));
    text.push_str(
        "Date;Visite;Patient;Payeur;Nom du payeur;Mode;N° de chèque;Montant;Praticien\r\n",
    );
    let field = |value: &str| {
        if value.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    };
    let mut total = 0;
    for line in &lines {
        total += line.amount_cents;
        text.push_str(&format!(
            "{};{};{};{};{};{};{};{};{}\r\n",
            line.paid_on,
            line.fee_number,
            field(&line.who),
            line.payer.label(),
            field(&line.payer_name),
            line.mode.label(),
            field(line.cheque_number.as_deref().unwrap_or("")),
            plain_cents(line.amount_cents),
            field(&line.practitioner)
        ));
    }
    text.push_str(&format!(";;;;;;Total;{};\r\n", plain_cents(total)));
    guarded_write::write_file(target, text.as_bytes(), replace)?;
    Ok(lines.len())
}

/// A month's (or a year's) totals: by mode and by payer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MonthTotals {
    /// `YYYY-MM`.
    pub month: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "[number, number, number, number]"))]
    pub by_mode_cents: [i64; 4],
    #[cfg_attr(feature = "typescript", ts(type = "[number, number, number]"))]
    pub by_payer_cents: [i64; 3],
}

/// The twelve months of a year, received money by mode and payer.
pub fn year_summary(cabinet: &Cabinet, year: i32) -> Result<Vec<MonthTotals>> {
    let mut months: Vec<MonthTotals> = (1..=12)
        .map(|m| MonthTotals {
            month: format!("{year:04}-{m:02}"),
            total_cents: 0,
            by_mode_cents: [0; 4],
            by_payer_cents: [0; 3],
        })
        .collect();
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT substr(paid_on, 6, 2), mode, payer, sum(amount_cents) FROM payments
         WHERE paid_on BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3",
    )?;
    let rows = statement.query_map(
        [format!("{year:04}-01-01"), format!("{year:04}-12-31")],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, PaymentMode>(1)?,
                row.get::<_, Payer>(2)?,
                row.get::<_, i64>(3)?,
            ))
        },
    )?;
    for row in rows {
        let (month, mode, payer, cents) = row?;
        let Some(totals) = month
            .parse::<usize>()
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|m| months.get_mut(m))
        else {
            continue;
        };
        totals.total_cents += cents;
        if let Some(index) = PaymentMode::ALL.iter().position(|m| *m == mode) {
            totals.by_mode_cents[index] += cents;
        }
        if let Some(index) = Payer::ALL.iter().position(|p| *p == payer) {
            totals.by_payer_cents[index] += cents;
        }
    }
    Ok(months)
}

/// How many visits, payments and amounts owed the file holds (the bench).
pub fn counts(cabinet: &Cabinet) -> Result<(i64, i64, i64)> {
    Ok(cabinet.conn().query_row(
        "SELECT (SELECT count(*) FROM fees), (SELECT count(*) FROM payments), (SELECT count(*) FROM money_owed)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?)
}

/// The day with the most payments (the bench's « busy day »), `YYYY-MM-DD`.
pub fn busiest_day(cabinet: &Cabinet) -> Result<String> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT paid_on FROM payments GROUP BY paid_on ORDER BY count(*) DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|_| cabinet.today().format("%Y-%m-%d").to_string()))
}
