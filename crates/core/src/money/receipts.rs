//! Receipts (reçu d'honoraires): numbered without gaps, on the
//! practitioner's letterhead, printed through the same PDF/A engine as the
//! reports. A doctor cannot refuse one (R.4127-53 du code de la santé
//! publique); a second print of the same visit keeps its number.

use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::amount::format_cents;
use super::ledger::{fee, FeeView};
use super::split::{Payer, TiersPayant};
use crate::cabinet::Cabinet;
use crate::documents::printing::{long_french_date, printed_patient, town};
use crate::error::{CoreError, Result};
use crate::printable::Printable;

/// The receipt number of a visit, issued on first print.
pub fn issue(cabinet: &mut Cabinet, fee_id: &str) -> Result<i64> {
    let now = cabinet.now_utc();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let tx = cabinet.conn_mut().transaction()?;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT number FROM receipts WHERE fee_id = ?1 ORDER BY number LIMIT 1",
            [fee_id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(number) = existing {
        return Ok(number);
    }
    let known: Option<i64> = tx
        .query_row("SELECT 1 FROM fees WHERE id = ?1", [fee_id], |row| {
            row.get(0)
        })
        .optional()?;
    if known.is_none() {
        return Err(CoreError::invalid("fee", "Cette visite n'existe pas."));
    }
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM receipts",
        [],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT INTO receipts (number, fee_id, issued_at, issued_by) VALUES (?1, ?2, ?3, ?4)",
        params![number, fee_id, now, user],
    )?;
    tx.commit()?;
    Ok(number)
}

fn paragraph(text: &str) -> serde_json::Value {
    if text.is_empty() {
        return json!({"type": "paragraph"});
    }
    json!({"type": "paragraph", "content": [{"type": "text", "text": text}]})
}

fn bold_paragraph(text: &str) -> serde_json::Value {
    json!({"type": "paragraph", "content": [{"type": "text", "text": text, "marks": [{"type": "bold"}]}]})
}

fn bullets(lines: &[String]) -> serde_json::Value {
    json!({"type": "bulletList", "content": lines.iter().map(|line| json!({
        "type": "listItem", "content": [paragraph(line)]
    })).collect::<Vec<_>>()})
}

/// What the receipt says, line by line (also what tests read back).
pub fn receipt_lines(view: &FeeView, number: i64) -> Vec<String> {
    let mut lines = vec![format!(
        "Reçu d'honoraires n° {number} — visite n° {}",
        view.number
    )];
    for act in &view.acts {
        lines.push(format!(
            "{} — {} : {}",
            act.code,
            act.label,
            format_cents(act.amount_cents)
        ));
    }
    if view.split.excess_cents > 0 {
        lines.push(format!(
            "Dépassement d'honoraires : {}",
            format_cents(view.split.excess_cents)
        ));
    }
    lines.push(format!(
        "Total des honoraires : {}",
        format_cents(view.split.total_cents)
    ));
    let paid_by = |payer: Payer| -> i64 {
        view.payments
            .iter()
            .filter(|p| p.payer == payer)
            .map(|p| p.amount_cents)
            .sum()
    };
    let patient_paid = paid_by(Payer::Patient);
    if patient_paid > 0 {
        let modes: Vec<&str> = view
            .payments
            .iter()
            .filter(|p| p.payer == Payer::Patient && p.amount_cents > 0 && !p.reversed)
            .map(|p| p.mode.label())
            .collect();
        lines.push(format!(
            "Acquitté par le patient : {} ({})",
            format_cents(patient_paid),
            modes.join(", ")
        ));
    }
    if view.tiers_payant != TiersPayant::Aucun {
        if view.split.amo_cents > 0 {
            lines.push(format!(
                "Part de l'assurance maladie en tiers payant ({}) : {}",
                view.amo_name,
                format_cents(view.split.amo_cents)
            ));
        }
        if view.split.amc_cents > 0 {
            lines.push(format!(
                "Part de la complémentaire en tiers payant ({}) : {}",
                view.amc_name,
                format_cents(view.split.amc_cents)
            ));
        }
    }
    if view.owed_patient_cents > 0 {
        lines.push(format!(
            "Reste à régler par le patient : {}",
            format_cents(view.owed_patient_cents)
        ));
    }
    lines
}

/// The receipt of a visit, ready for the PDF engine: `None` until its
/// number was issued ([`issue`]).
pub fn printable(cabinet: &Cabinet, fee_id: &str) -> Result<Option<Printable>> {
    let number: Option<i64> = cabinet.conn().query_row(
        "SELECT min(number) FROM receipts WHERE fee_id = ?1",
        [fee_id],
        |row| row.get(0),
    )?;
    let Some(number) = number else {
        return Ok(None);
    };
    let view = fee(cabinet, fee_id)?;
    let practitioner_id: String = cabinet.conn().query_row(
        "SELECT practitioner_id FROM fees WHERE id = ?1",
        [fee_id],
        |row| row.get(0),
    )?;
    let author = crate::practitioners::get(cabinet, &practitioner_id)?;
    let patient = match &view.patient_id {
        Some(id) => printed_patient(cabinet, id)?,
        None => None,
    };
    let day = chrono::NaiveDate::parse_from_str(&view.on_day, "%Y-%m-%d")
        .unwrap_or_else(|_| cabinet.today());
    let place_and_date = match town(&author.address_lines) {
        Some(town) => format!("{town}, le {}", long_french_date(cabinet.today())),
        None => format!("Le {}", long_french_date(cabinet.today())),
    };
    let lines = receipt_lines(&view, number);
    let mut content = vec![
        paragraph(&format!(
            "Je soussigné(e) {}, certifie avoir reçu les honoraires suivants pour les soins du {} :",
            author.letterhead().name,
            day.format("%d/%m/%Y")
        )),
        bullets(&lines[1..]),
    ];
    content.push(paragraph(""));
    content.push(bold_paragraph(&lines[0]));
    Ok(Some(Printable {
        letterhead: author.letterhead(),
        patient,
        title: "Reçu d'honoraires".into(),
        place_and_date,
        body: json!({"type": "doc", "content": content}),
        validation_line: format!(
            "Reçu n° {number} établi par le cabinet pour {}",
            author.letterhead().name
        ),
        recipient_lines: Vec::new(),
        copies: Vec::new(),
        document_title: format!("Reçu d'honoraires n° {number}"),
    }))
}
