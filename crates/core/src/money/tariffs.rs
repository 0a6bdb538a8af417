//! The table of acts and their amounts, valid from one day to another.
//! The seed (migration 0015) is labelled « à vérifier » with its source
//! and date: no official tariff file is reachable offline.

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use super::amount::parse_cents;
use super::split::BilledAct;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Tariff {
    pub id: String,
    pub code: String,
    pub label: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
    pub reimbursable: bool,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub checked_on: String,
    pub source: String,
}

/// A tariff as the administrator types it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct TariffDraft {
    pub code: String,
    pub label: String,
    pub amount: String,
    pub reimbursable: bool,
    /// `jj/mm/aaaa`.
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: Option<String>,
    pub source: String,
}

const COLUMNS: &str =
    "id, code, label, amount_cents, reimbursable, valid_from, valid_to, checked_on, source";

fn tariff(row: &rusqlite::Row<'_>) -> rusqlite::Result<Tariff> {
    Ok(Tariff {
        id: row.get(0)?,
        code: row.get(1)?,
        label: row.get(2)?,
        amount_cents: row.get(3)?,
        reimbursable: row.get(4)?,
        valid_from: row.get(5)?,
        valid_to: row.get(6)?,
        checked_on: row.get(7)?,
        source: row.get(8)?,
    })
}

/// Every tariff, current and past, in the table's order.
pub fn list(cabinet: &Cabinet) -> Result<Vec<Tariff>> {
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tariffs ORDER BY position, valid_from"
    ))?;
    let rows = statement.query_map([], tariff)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tariffs valid on `day` (`YYYY-MM-DD`): what the payment dialog offers.
pub fn valid_on(cabinet: &Cabinet, day: &str) -> Result<Vec<Tariff>> {
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tariffs WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)
         ORDER BY position"
    ))?;
    let rows = statement.query_map([day], tariff)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The acts of `codes` at their amount on `day`; an unknown code, or one
/// without a tariff that day, is refused in French.
pub(crate) fn billed(conn: &Connection, codes: &[String], day: &str) -> Result<Vec<BilledAct>> {
    if codes.is_empty() {
        return Err(CoreError::invalid("acts", "Choisissez au moins un acte."));
    }
    let mut statement = conn.prepare_cached(
        "SELECT code, label, amount_cents, reimbursable FROM tariffs
         WHERE code = ?1 COLLATE NOCASE AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)",
    )?;
    let mut acts = Vec::new();
    for code in codes {
        let code = code.trim();
        let act = statement
            .query_row(params![code, day], |row| {
                Ok(BilledAct {
                    code: row.get(0)?,
                    label: row.get(1)?,
                    amount_cents: row.get(2)?,
                    reimbursable: row.get(3)?,
                })
            })
            .map_err(|_| {
                CoreError::invalid(
                    "acts",
                    format!(
                        "Pas de tarif « {code} » valable à cette date : voyez la table des actes."
                    ),
                )
            })?;
        acts.push(act);
    }
    Ok(acts)
}

/// Adds a tariff (a new amount from a date): refused if its validity
/// overlaps another of the same code. Administrators only.
pub fn add(cabinet: &mut Cabinet, draft: &TariffDraft) -> Result<Tariff> {
    crate::users::require_admin(cabinet)?;
    let code = draft.code.trim().to_uppercase();
    if code.is_empty() || code.len() > 12 {
        return Err(CoreError::invalid(
            "code",
            "Tapez le code de l'acte (G, MD, APC…).",
        ));
    }
    let label = draft.label.trim();
    if label.is_empty() {
        return Err(CoreError::invalid("label", "Tapez le libellé de l'acte."));
    }
    let amount = parse_cents(&draft.amount, "amount")?;
    let from = crate::dates::parse_date(&draft.valid_from, "validFrom")?
        .format("%Y-%m-%d")
        .to_string();
    let to = crate::dates::optional_iso_day(draft.valid_to.as_deref(), "validTo")?;
    if to.as_deref().is_some_and(|to| to < from.as_str()) {
        return Err(CoreError::invalid(
            "validTo",
            "La fin de validité précède son début.",
        ));
    }
    let source = draft.source.trim();
    if source.is_empty() {
        return Err(CoreError::invalid(
            "source",
            "Dites d'où vient ce montant (ameli.fr, avenant…).",
        ));
    }
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let tx = cabinet.conn_mut().transaction()?;
    let overlapping: i64 = tx.query_row(
        "SELECT count(*) FROM tariffs WHERE code = ?1 COLLATE NOCASE
           AND valid_from <= coalesce(?3, '9999-12-31') AND coalesce(valid_to, '9999-12-31') >= ?2",
        params![code, from, to],
        |row| row.get(0),
    )?;
    if overlapping > 0 {
        return Err(CoreError::invalid(
            "validFrom",
            format!("Un tarif « {code} » est déjà valable sur cette période : donnez d'abord une fin à l'ancien."),
        ));
    }
    let position: i64 = tx.query_row(
        "SELECT coalesce((SELECT position FROM tariffs WHERE code = ?1 COLLATE NOCASE LIMIT 1),
                         (SELECT coalesce(max(position), 0) + 1 FROM tariffs))",
        [&code],
        |row| row.get(0),
    )?;
    let id = new_id();
    tx.execute(
        "INSERT INTO tariffs (id, code, label, amount_cents, reimbursable, valid_from, valid_to, checked_on, source, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, code, label, amount, draft.reimbursable, from, to, today, source, position],
    )?;
    tx.commit()?;
    let found = list(cabinet)?.into_iter().find(|t| t.id == id);
    found.ok_or_else(|| CoreError::Internal("tarif introuvable".into()))
}

/// Ends a tariff's validity on a day (before a new amount starts).
pub fn end(cabinet: &mut Cabinet, id: &str, last_day: &str) -> Result<()> {
    crate::users::require_admin(cabinet)?;
    let day = crate::dates::parse_date(last_day, "validTo")?
        .format("%Y-%m-%d")
        .to_string();
    let changed = cabinet.conn().execute(
        "UPDATE tariffs SET valid_to = ?2 WHERE id = ?1 AND valid_from <= ?2",
        params![id, day],
    )?;
    if changed == 0 {
        return Err(CoreError::invalid(
            "validTo",
            "Ce tarif n'existe pas ou commence après cette date.",
        ));
    }
    Ok(())
}
