//! The day's cash (clôture de caisse) and the cheque deposit slip.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::amount::format_cents;
use super::ledger::PaymentMode;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

/// One payment of the day, as the cash screen lists it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct DayPayment {
    pub id: String,
    pub fee_id: String,
    pub fee_number: i64,
    pub patient_label: String,
    pub payer_name: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
    pub mode: PaymentMode,
    pub cheque_number: Option<String>,
    pub is_reversal: bool,
}

/// A day's money: what came in by mode, the lines, and its closing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CashDay {
    pub day: String,
    /// Expected totals by mode (reversals deducted), every mode listed.
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, number>"))]
    pub expected_cents: BTreeMap<PaymentMode, i64>,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total_cents: i64,
    pub visits: i64,
    pub payments: Vec<DayPayment>,
    pub closing: Option<Closing>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Closing {
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub counted_cash_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub difference_cents: i64,
    pub explanation: String,
    pub closed_at: String,
}

impl Ord for PaymentMode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |mode: &PaymentMode| PaymentMode::ALL.iter().position(|m| m == mode);
        rank(self).cmp(&rank(other))
    }
}

impl PartialOrd for PaymentMode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn iso_day(typed: &str) -> Result<String> {
    Ok(crate::dates::parse_date(typed, "day")?
        .format("%Y-%m-%d")
        .to_string())
}

/// The day's cash (`jj/mm/aaaa` or ISO).
pub fn day(cabinet: &Cabinet, typed_day: &str) -> Result<CashDay> {
    let day = iso_day(typed_day)?;
    let conn = cabinet.conn();
    let mut expected: BTreeMap<PaymentMode, i64> =
        PaymentMode::ALL.iter().map(|mode| (*mode, 0)).collect();
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.fee_id, f.seq, f.patient_label, CASE p.payer WHEN 'patient' THEN f.patient_label ELSE p.payer_name END, p.amount_cents, p.mode,
                p.cheque_number, p.reverses IS NOT NULL
         FROM payments p JOIN fees f ON f.id = p.fee_id
         WHERE p.paid_on = ?1 ORDER BY p.seq",
    )?;
    let payments: Vec<DayPayment> = statement
        .query_map([&day], |row| {
            Ok(DayPayment {
                id: row.get(0)?,
                fee_id: row.get(1)?,
                fee_number: row.get(2)?,
                patient_label: row.get(3)?,
                payer_name: row.get(4)?,
                amount_cents: row.get(5)?,
                mode: row.get(6)?,
                cheque_number: row.get(7)?,
                is_reversal: row.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    for payment in &payments {
        *expected.entry(payment.mode).or_insert(0) += payment.amount_cents;
    }
    let visits: i64 = conn.query_row(
        "SELECT count(*) FROM fees WHERE on_day = ?1",
        [&day],
        |row| row.get(0),
    )?;
    let closing = conn
        .query_row(
            "SELECT counted_cash_cents, difference_cents, explanation, closed_at
             FROM cash_closings WHERE day = ?1",
            [&day],
            |row| {
                Ok(Closing {
                    counted_cash_cents: row.get(0)?,
                    difference_cents: row.get(1)?,
                    explanation: row.get(2)?,
                    closed_at: row.get(3)?,
                })
            },
        )
        .optional()?;
    Ok(CashDay {
        total_cents: expected.values().sum(),
        day,
        expected_cents: expected,
        visits,
        payments,
        closing,
    })
}

/// What she counted in the cash drawer: notes and coins by value (in
/// cents) and how many of each.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CashCount {
    /// Value in cents → count (`{"2000": 3, "200": 4}`: three 20 € notes,
    /// four 2 € coins).
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, number>"))]
    pub pieces: BTreeMap<i64, i64>,
    /// Why the count differs from what was expected, if it does.
    #[serde(default)]
    pub explanation: String,
}

/// Notes and coins in euros, in cents.
pub const PIECES: [i64; 15] = [
    50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
];

/// Closes the day: what was expected by mode, what she counted in cash,
/// the difference (explained when not zero). Afterwards the day takes no
/// payment; a correction is a reversing line on a later day.
pub fn close_day(cabinet: &mut Cabinet, typed_day: &str, count: &CashCount) -> Result<CashDay> {
    let summary = day(cabinet, typed_day)?;
    if summary.closing.is_some() {
        return Err(CoreError::invalid("day", "Cette journée est déjà close."));
    }
    if summary.day > cabinet.today().format("%Y-%m-%d").to_string() {
        return Err(CoreError::invalid(
            "day",
            "On ne clôt pas une journée à venir.",
        ));
    }
    let mut counted = 0i64;
    for (value, how_many) in &count.pieces {
        if !PIECES.contains(value) {
            return Err(CoreError::invalid(
                "pieces",
                format!("Pas de billet ni de pièce de {}.", format_cents(*value)),
            ));
        }
        if !(0..=10_000).contains(how_many) {
            return Err(CoreError::invalid(
                "pieces",
                "Nombre de billets ou de pièces impossible.",
            ));
        }
        counted += value * how_many;
    }
    let expected_cash = summary
        .expected_cents
        .get(&PaymentMode::Especes)
        .copied()
        .unwrap_or(0);
    let difference = counted - expected_cash;
    let explanation = count.explanation.trim();
    if difference != 0 && explanation.is_empty() {
        return Err(CoreError::invalid(
            "explanation",
            format!(
                "La caisse compte {} de {} : expliquez l'écart avant de clore.",
                format_cents(difference.abs()),
                if difference > 0 { "plus" } else { "moins" }
            ),
        ));
    }
    let expected_json = serde_json::to_string(&summary.expected_cents)
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    let counted_json =
        serde_json::to_string(&count.pieces).map_err(|e| CoreError::Internal(e.to_string()))?;
    let user = cabinet.actor().map(|actor| actor.user_id);
    cabinet.conn().execute(
        "INSERT INTO cash_closings (day, expected_json, counted_cash_cents, counted_json, difference_cents,
             explanation, closed_at, closed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            summary.day,
            expected_json,
            counted,
            counted_json,
            difference,
            explanation,
            cabinet.now_utc(),
            user
        ],
    )?;
    day(cabinet, &summary.day)
}

/// A cheque received and not yet deposited.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PendingCheque {
    pub payment_id: String,
    pub paid_on: String,
    pub drawer: String,
    pub bank: String,
    pub number: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
}

/// The cheques not yet on a slip (cancelled ones left out).
pub fn pending_cheques(cabinet: &Cabinet) -> Result<Vec<PendingCheque>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT p.id, p.paid_on, coalesce(p.cheque_drawer, CASE p.payer WHEN 'patient' THEN f.patient_label ELSE p.payer_name END),
                coalesce(p.cheque_bank, ''), p.cheque_number, p.amount_cents
         FROM payments p JOIN fees f ON f.id = p.fee_id
         WHERE p.mode = 'cheque' AND p.amount_cents > 0
           AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)
           AND NOT EXISTS (SELECT 1 FROM cheque_slip_lines l WHERE l.payment_id = p.id)
         ORDER BY p.paid_on, p.seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(PendingCheque {
            payment_id: row.get(0)?,
            paid_on: row.get(1)?,
            drawer: row.get(2)?,
            bank: row.get(3)?,
            number: row.get(4)?,
            amount_cents: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A numbered deposit slip.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ChequeSlip {
    pub number: i64,
    pub made_on: String,
    pub cheques: Vec<PendingCheque>,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total_cents: i64,
}

/// Puts the chosen cheques on a new numbered slip, in one transaction.
pub fn make_slip(cabinet: &mut Cabinet, payment_ids: &[String]) -> Result<ChequeSlip> {
    if payment_ids.is_empty() {
        return Err(CoreError::invalid(
            "cheques",
            "Cochez les chèques à remettre à la banque.",
        ));
    }
    let pending = pending_cheques(cabinet)?;
    let mut chosen = Vec::new();
    for id in payment_ids {
        let cheque = pending
            .iter()
            .find(|c| &c.payment_id == id)
            .ok_or_else(|| {
                CoreError::invalid(
                    "cheques",
                    "Un de ces chèques est déjà remis ou annulé : rechargez la liste.",
                )
            })?;
        chosen.push(cheque.clone());
    }
    let total: i64 = chosen.iter().map(|c| c.amount_cents).sum();
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let now = cabinet.now_utc();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let tx = cabinet.conn_mut().transaction()?;
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM cheque_slips",
        [],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT INTO cheque_slips (number, made_on, total_cents, cheques, made_at, made_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![number, today, total, chosen.len() as i64, now, user],
    )?;
    for cheque in &chosen {
        tx.execute(
            "INSERT INTO cheque_slip_lines (slip_number, payment_id) VALUES (?1, ?2)",
            params![number, cheque.payment_id],
        )?;
    }
    tx.commit()?;
    Ok(ChequeSlip {
        number,
        made_on: today,
        cheques: chosen,
        total_cents: total,
    })
}
