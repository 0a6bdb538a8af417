//! A visit's fees and the money received for it: recorded whole in one
//! transaction, payments append-only (a mistake is a reversing line), what
//! is still owed kept per visit and payer (`money_owed`) in the same
//! transaction as what changes it.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::amount::{format_cents, parse_cents};
use super::split::{split, BilledAct, Coverage, Payer, Split, TiersPayant};
use super::tariffs;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

crate::codes::text_codes! {
    pub enum PaymentMode {
        Carte = "carte",
        Cheque = "cheque",
        Especes = "especes",
        Virement = "virement",
    }
}

impl PaymentMode {
    pub fn label(self) -> &'static str {
        match self {
            PaymentMode::Carte => "carte",
            PaymentMode::Cheque => "chèque",
            PaymentMode::Especes => "espèces",
            PaymentMode::Virement => "virement",
        }
    }
}

/// A visit to bill, as the dialog or the CLI sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct VisitDraft {
    pub patient_id: String,
    #[serde(default)]
    pub appointment_id: Option<String>,
    /// The practitioner billing; default: the appointment's, or the first.
    #[serde(default)]
    pub practitioner_id: Option<String>,
    /// `jj/mm/aaaa`; default: today.
    #[serde(default)]
    pub on_day: Option<String>,
    /// Codes of the tariff table (`G`, `MD`…), in order.
    pub acts: Vec<String>,
    /// A dépassement as typed (`10` or `10,00`), blank for none.
    #[serde(default)]
    pub excess: Option<String>,
    /// Default: what the patient's file gives.
    #[serde(default)]
    pub tiers_payant: Option<TiersPayant>,
    /// For a patient in ALD: is this visit about it? Default: yes.
    #[serde(default)]
    pub ald_related: Option<bool>,
}

/// Money received, as typed.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PaymentDraft {
    pub payer: Payer,
    pub amount: String,
    pub mode: PaymentMode,
    #[serde(default)]
    pub cheque_bank: Option<String>,
    #[serde(default)]
    pub cheque_number: Option<String>,
    #[serde(default)]
    pub cheque_drawer: Option<String>,
    /// `jj/mm/aaaa`; default: today.
    #[serde(default)]
    pub paid_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PaymentLine {
    pub id: String,
    pub payer: Payer,
    pub payer_name: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
    pub mode: PaymentMode,
    pub cheque_number: Option<String>,
    pub paid_on: String,
    /// This line cancels another one.
    pub reverses: Option<String>,
    /// Another line cancels this one.
    pub reversed: bool,
    pub reason: String,
}

/// A visit's bill, what was paid and what is owed, by payer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FeeView {
    pub id: String,
    pub number: i64,
    pub patient_id: Option<String>,
    pub patient_label: String,
    pub practitioner_name: String,
    pub on_day: String,
    pub tiers_payant: TiersPayant,
    pub acts: Vec<BilledAct>,
    pub split: Split,
    pub amo_name: String,
    pub amc_name: String,
    pub payments: Vec<PaymentLine>,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub owed_patient_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub owed_amo_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub owed_amc_cents: i64,
    /// Receipts issued for it (numbers).
    pub receipts: Vec<i64>,
}

impl FeeView {
    pub fn owed(&self, payer: Payer) -> i64 {
        match payer {
            Payer::Patient => self.owed_patient_cents,
            Payer::Amo => self.owed_amo_cents,
            Payer::Amc => self.owed_amc_cents,
        }
    }
}

struct PatientCover {
    label: String,
    coverage: Coverage,
    amo_name: String,
    amc_name: String,
}

fn patient_cover(
    conn: &rusqlite::Connection,
    patient_id: &str,
    ald_related: bool,
) -> Result<PatientCover> {
    let row = conn
        .query_row(
            "SELECT birth_name, birth_first_names, used_name, used_first_name, sex,
                    ald, aid_scheme, amc_third_party, coalesce(amo_caisse, ''), coalesce(amc_name, '')
             FROM patients WHERE id = ?1 AND merged_into IS NULL",
            [patient_id],
            |row| {
                Ok((
                    crate::patients::display_name(
                        &row.get::<_, String>(0)?,
                        &row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?.as_deref(),
                        row.get::<_, Option<String>>(3)?.as_deref(),
                        &row.get::<_, String>(4)?,
                    ),
                    row.get::<_, bool>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, bool>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, String>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("patient", "Ce patient n'existe plus : cherchez-le à nouveau."))?;
    let (label, ald, aid, amc_third_party, amo_name, amc_name) = row;
    Ok(PatientCover {
        label,
        coverage: Coverage {
            ald: ald && ald_related,
            css: aid.as_deref() == Some("css"),
            ame: aid.as_deref() == Some("ame"),
            amc_third_party,
        },
        amo_name: if amo_name.is_empty() {
            "Caisse (AMO)".into()
        } else {
            amo_name
        },
        amc_name: if amc_name.is_empty() {
            "Mutuelle (AMC)".into()
        } else {
            amc_name
        },
    })
}

fn day_or_today(cabinet: &Cabinet, typed: Option<&str>, field: &'static str) -> Result<String> {
    match crate::dates::optional_iso_day(typed, field)? {
        Some(day) => {
            if day > cabinet.today().format("%Y-%m-%d").to_string() {
                return Err(CoreError::invalid(field, "Cette date est dans le futur."));
            }
            Ok(day)
        }
        None => Ok(cabinet.today().format("%Y-%m-%d").to_string()),
    }
}

/// What the dialog shows before she confirms: the acts at their tariff on
/// that day and the parts. Records nothing.
pub fn preview(cabinet: &Cabinet, draft: &VisitDraft) -> Result<Split> {
    let conn = cabinet.conn();
    let day = day_or_today(cabinet, draft.on_day.as_deref(), "onDay")?;
    let acts = tariffs::billed(conn, &draft.acts, &day)?;
    let excess = excess_of(draft)?;
    let cover = patient_cover(conn, &draft.patient_id, draft.ald_related.unwrap_or(true))?;
    let tiers = draft
        .tiers_payant
        .unwrap_or_else(|| cover.coverage.default_tiers_payant());
    check_excess(&cover.coverage, excess)?;
    Ok(split(&acts, excess, &cover.coverage, tiers))
}

fn excess_of(draft: &VisitDraft) -> Result<i64> {
    match draft
        .excess
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => Ok(0),
        Some(text) => parse_cents(text, "excess"),
    }
}

fn check_excess(coverage: &Coverage, excess: i64) -> Result<()> {
    if excess > 0 && (coverage.css || coverage.ame) {
        return Err(CoreError::invalid(
            "excess",
            "Pas de dépassement d'honoraires pour un patient bénéficiaire de la CSS ou de l'AME.",
        ));
    }
    Ok(())
}

/// Records a visit's fees, and the payments taken at the desk, in one
/// transaction: all of it, or nothing.
pub fn record_visit(
    cabinet: &mut Cabinet,
    draft: &VisitDraft,
    payments: &[PaymentDraft],
) -> Result<FeeView> {
    let day = day_or_today(cabinet, draft.on_day.as_deref(), "onDay")?;
    let excess = excess_of(draft)?;
    let now = cabinet.now_utc();
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let mut typed = Vec::new();
    for payment in payments {
        typed.push(checked_payment(cabinet, payment)?);
    }
    let tx = cabinet.conn_mut().transaction()?;
    let acts = tariffs::billed(&tx, &draft.acts, &day)?;
    let cover = patient_cover(&tx, &draft.patient_id, draft.ald_related.unwrap_or(true))?;
    check_excess(&cover.coverage, excess)?;
    let tiers = draft
        .tiers_payant
        .unwrap_or_else(|| cover.coverage.default_tiers_payant());
    let parts = split(&acts, excess, &cover.coverage, tiers);
    let practitioner = practitioner_for(&tx, draft)?;
    if let Some(appointment) = &draft.appointment_id {
        let billed: Option<i64> = tx
            .query_row(
                "SELECT seq FROM fees WHERE appointment_id = ?1",
                [appointment],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(number) = billed {
            return Err(CoreError::invalid(
                "appointment",
                format!("Ce rendez-vous est déjà encaissé (visite n° {number})."),
            ));
        }
    }
    let id = new_id();
    let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM fees", [], |row| {
        row.get(0)
    })?;
    tx.execute(
        "INSERT INTO fees (id, seq, patient_id, patient_label, appointment_id, practitioner_id, on_day,
             tiers_payant, amo_rate, total_cents, excess_cents, patient_cents, amo_cents, amc_cents,
             amo_name, amc_name, created_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            id,
            seq,
            draft.patient_id,
            cover.label,
            draft.appointment_id,
            practitioner,
            day,
            tiers,
            parts.amo_rate,
            parts.total_cents,
            parts.excess_cents,
            parts.patient_cents,
            parts.amo_cents,
            parts.amc_cents,
            cover.amo_name,
            cover.amc_name,
            now,
            user
        ],
    )?;
    for (position, act) in acts.iter().enumerate() {
        tx.execute(
            "INSERT INTO fee_acts (fee_id, position, code, label, amount_cents, reimbursable)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                position as i64,
                act.code,
                act.label,
                act.amount_cents,
                act.reimbursable
            ],
        )?;
    }
    for (payer, owed) in [
        (Payer::Patient, parts.patient_cents),
        (Payer::Amo, parts.amo_cents),
        (Payer::Amc, parts.amc_cents),
    ] {
        set_owed(&tx, &id, payer, owed)?;
    }
    for payment in &typed {
        insert_payment(&tx, &id, payment, &today, &now, user.as_deref())?;
    }
    tx.commit()?;
    fee(cabinet, &id)
}

fn practitioner_for(tx: &Transaction<'_>, draft: &VisitDraft) -> Result<String> {
    if let Some(id) = &draft.practitioner_id {
        return Ok(id.clone());
    }
    if let Some(appointment) = &draft.appointment_id {
        let found: Option<String> = tx
            .query_row(
                "SELECT c.practitioner_id FROM appointments a JOIN calendars c ON c.id = a.calendar_id
                 WHERE a.id = ?1",
                [appointment],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        if let Some(id) = found {
            return Ok(id);
        }
    }
    tx.query_row(
        "SELECT id FROM practitioners ORDER BY position LIMIT 1",
        [],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| CoreError::invalid("practitioner", "Ajoutez d'abord un praticien au cabinet."))
}

struct TypedPayment {
    payer: Payer,
    amount_cents: i64,
    mode: PaymentMode,
    bank: Option<String>,
    number: Option<String>,
    drawer: Option<String>,
    paid_on: Option<String>,
}

fn checked_payment(cabinet: &Cabinet, draft: &PaymentDraft) -> Result<TypedPayment> {
    let amount_cents = parse_cents(&draft.amount, "amount")?;
    let clean = |text: &Option<String>| {
        text.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let number = clean(&draft.cheque_number);
    if draft.mode == PaymentMode::Cheque && number.is_none() {
        return Err(CoreError::invalid(
            "chequeNumber",
            "Notez le numéro du chèque (il figure sur le bordereau de remise).",
        ));
    }
    // Up to tomorrow: money taken after the day's cash was closed counts in
    // the next day's.
    let paid_on = match crate::dates::optional_iso_day(draft.paid_on.as_deref(), "paidOn")? {
        Some(day) => {
            let tomorrow = (cabinet.today() + chrono::Days::new(1))
                .format("%Y-%m-%d")
                .to_string();
            if day > tomorrow {
                return Err(CoreError::invalid(
                    "paidOn",
                    "Cette date est dans le futur.",
                ));
            }
            Some(day)
        }
        None => None,
    };
    Ok(TypedPayment {
        payer: draft.payer,
        amount_cents,
        mode: draft.mode,
        bank: clean(&draft.cheque_bank),
        number,
        drawer: clean(&draft.cheque_drawer),
        paid_on,
    })
}

fn owed_now(tx: &Transaction<'_>, fee_id: &str, payer: Payer) -> Result<i64> {
    Ok(tx
        .query_row(
            "SELECT owed_cents FROM money_owed WHERE fee_id = ?1 AND payer = ?2",
            params![fee_id, payer],
            |row| row.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

fn set_owed(tx: &Transaction<'_>, fee_id: &str, payer: Payer, owed: i64) -> Result<()> {
    if owed < 0 {
        return Err(CoreError::invalid(
            "amount",
            "Ce montant dépasse ce qui reste dû.",
        ));
    }
    if owed == 0 {
        tx.execute(
            "DELETE FROM money_owed WHERE fee_id = ?1 AND payer = ?2",
            params![fee_id, payer],
        )?;
    } else {
        tx.execute(
            "INSERT INTO money_owed (fee_id, payer, owed_cents, fee_number, on_day, patient_id,
                 patient_label, payer_name)
             SELECT id, ?2, ?3, seq, on_day, patient_id, patient_label,
                    CASE ?2 WHEN 'amo' THEN amo_name WHEN 'amc' THEN amc_name ELSE 'Patients' END
             FROM fees WHERE id = ?1
             ON CONFLICT (fee_id, payer) DO UPDATE SET owed_cents = excluded.owed_cents",
            params![fee_id, payer, owed],
        )?;
    }
    Ok(())
}

fn insert_payment(
    tx: &Transaction<'_>,
    fee_id: &str,
    payment: &TypedPayment,
    today: &str,
    now: &str,
    user: Option<&str>,
) -> Result<String> {
    let owed = owed_now(tx, fee_id, payment.payer)?;
    if payment.amount_cents > owed {
        return Err(CoreError::invalid(
            "amount",
            format!(
                "Ce paiement ({}) dépasse ce que doit le {} : {}.",
                format_cents(payment.amount_cents),
                payment.payer.label(),
                format_cents(owed)
            ),
        ));
    }
    let payer_name = payer_name(tx, fee_id, payment.payer)?;
    // Without a date: today, or tomorrow once today's cash is closed (money
    // received after the close counts in the next day's cash).
    let paid_on = match &payment.paid_on {
        Some(day) => day.clone(),
        None => {
            let closed: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM cash_closings WHERE day = ?1)",
                [today],
                |row| row.get(0),
            )?;
            if closed {
                chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d")
                    .map(|d| (d + chrono::Days::new(1)).format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|_| today.to_string())
            } else {
                today.to_string()
            }
        }
    };
    let id = new_id();
    let seq = next_payment_seq(tx)?;
    tx.execute(
        "INSERT INTO payments (id, seq, fee_id, payer, payer_name, amount_cents, mode, cheque_bank,
             cheque_number, cheque_drawer, paid_on, reverses, reason, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, '', ?12, ?13)",
        params![
            id,
            seq,
            fee_id,
            payment.payer,
            payer_name,
            payment.amount_cents,
            payment.mode,
            payment.bank,
            payment.number,
            payment.drawer,
            paid_on,
            now,
            user
        ],
    )
    .map_err(closed_day)?;
    set_owed(tx, fee_id, payment.payer, owed - payment.amount_cents)?;
    Ok(id)
}

/// The trigger's refusal of a closed day, said at the field.
/// The next payment's number (in the transaction that writes it).
fn next_payment_seq(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM payments",
        [],
        |row| row.get(0),
    )?)
}

fn closed_day(error: rusqlite::Error) -> CoreError {
    if error.to_string().contains("journée de caisse est close") {
        CoreError::invalid(
            "paidOn",
            "Cette journée de caisse est close : datez ce paiement du jour suivant, il comptera dans sa caisse.",
        )
    } else {
        error.into()
    }
}

fn payer_name(tx: &Transaction<'_>, fee_id: &str, payer: Payer) -> Result<String> {
    // The patient's name is never copied into a payment (append-only): it
    // is read from the visit, whose label goes at the end of the file's
    // retention.
    let (amo, amc): (String, String) = tx.query_row(
        "SELECT amo_name, amc_name FROM fees WHERE id = ?1",
        [fee_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(match payer {
        Payer::Patient => String::new(),
        Payer::Amo => amo,
        Payer::Amc => amc,
    })
}

fn require_fee(tx: &Transaction<'_>, fee_id: &str) -> Result<()> {
    let found: Option<i64> = tx
        .query_row("SELECT 1 FROM fees WHERE id = ?1", [fee_id], |row| {
            row.get(0)
        })
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| CoreError::invalid("fee", "Cette visite n'existe pas."))
}

/// Money received later for a visit (the patient's cheque, the CPAM's
/// transfer): never more than that payer still owes.
pub fn pay(cabinet: &mut Cabinet, fee_id: &str, draft: &PaymentDraft) -> Result<FeeView> {
    let typed = checked_payment(cabinet, draft)?;
    let now = cabinet.now_utc();
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let tx = cabinet.conn_mut().transaction()?;
    require_fee(&tx, fee_id)?;
    insert_payment(&tx, fee_id, &typed, &today, &now, user.as_deref())?;
    tx.commit()?;
    fee(cabinet, fee_id)
}

/// Cancels a payment by a reversing line of the opposite amount, dated
/// today (a closed day is never touched): what it paid is owed again.
pub fn reverse(cabinet: &mut Cabinet, payment_id: &str, reason: &str) -> Result<FeeView> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid(
            "reason",
            "Dites pourquoi ce paiement est annulé.",
        ));
    }
    let now = cabinet.now_utc();
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let tx = cabinet.conn_mut().transaction()?;
    let original = tx
        .query_row(
            "SELECT fee_id, payer, payer_name, amount_cents, mode, cheque_number, reverses,
                    EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)
             FROM payments p WHERE id = ?1",
            [payment_id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Payer>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, PaymentMode>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("payment", "Ce paiement n'existe pas."))?;
    let (fee_id, payer, name, amount, mode, number, reverses, reversed) = original;
    if reverses.is_some() {
        return Err(CoreError::invalid(
            "payment",
            "Cette ligne est déjà une annulation.",
        ));
    }
    if reversed {
        return Err(CoreError::invalid(
            "payment",
            "Ce paiement est déjà annulé.",
        ));
    }
    let seq = next_payment_seq(&tx)?;
    tx.execute(
        "INSERT INTO payments (id, seq, fee_id, payer, payer_name, amount_cents, mode, cheque_number,
             paid_on, reverses, reason, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            new_id(),
            seq,
            fee_id,
            payer,
            name,
            -amount,
            mode,
            number,
            today,
            payment_id,
            reason,
            now,
            user
        ],
    )
    .map_err(closed_day)?;
    let owed = owed_now(&tx, &fee_id, payer)?;
    set_owed(&tx, &fee_id, payer, owed + amount)?;
    tx.commit()?;
    fee(cabinet, &fee_id)
}

/// A part moved to another payer (the caisse rejected it: the patient
/// owes it now). Never more than the first payer still owes.
pub fn transfer(
    cabinet: &mut Cabinet,
    fee_id: &str,
    from: Payer,
    to: Payer,
    amount: &str,
    reason: &str,
) -> Result<FeeView> {
    let cents = parse_cents(amount, "amount")?;
    if from == to {
        return Err(CoreError::invalid("to", "Choisissez un autre payeur."));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid(
            "reason",
            "Dites pourquoi (rejet de la caisse…).",
        ));
    }
    let now = cabinet.now_utc();
    let user = cabinet.actor().map(|actor| actor.user_id);
    let tx = cabinet.conn_mut().transaction()?;
    require_fee(&tx, fee_id)?;
    let owed_from = owed_now(&tx, fee_id, from)?;
    if cents > owed_from {
        return Err(CoreError::invalid(
            "amount",
            format!(
                "Le {} ne doit que {}.",
                from.label(),
                format_cents(owed_from)
            ),
        ));
    }
    tx.execute(
        "INSERT INTO fee_transfers (id, fee_id, from_payer, to_payer, amount_cents, reason, at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![new_id(), fee_id, from, to, cents, reason, now, user],
    )?;
    set_owed(&tx, fee_id, from, owed_from - cents)?;
    let owed_to = owed_now(&tx, fee_id, to)?;
    set_owed(&tx, fee_id, to, owed_to + cents)?;
    tx.commit()?;
    fee(cabinet, fee_id)
}

/// A visit's bill with its payments and what is owed.
pub fn fee(cabinet: &Cabinet, fee_id: &str) -> Result<FeeView> {
    let conn = cabinet.conn();
    let mut view = conn
        .query_row(
            "SELECT f.id, f.seq, f.patient_id, f.patient_label, coalesce(p.name, ''), f.on_day,
                    f.tiers_payant, f.total_cents, f.excess_cents, f.patient_cents, f.amo_cents,
                    f.amc_cents, f.amo_rate, f.amo_name, f.amc_name
             FROM fees f LEFT JOIN practitioners p ON p.id = f.practitioner_id WHERE f.id = ?1",
            [fee_id],
            |row| {
                Ok(FeeView {
                    id: row.get(0)?,
                    number: row.get(1)?,
                    patient_id: row.get(2)?,
                    patient_label: row.get(3)?,
                    practitioner_name: row.get(4)?,
                    on_day: row.get(5)?,
                    tiers_payant: row.get(6)?,
                    acts: Vec::new(),
                    split: Split {
                        total_cents: row.get(7)?,
                        excess_cents: row.get(8)?,
                        patient_cents: row.get(9)?,
                        amo_cents: row.get(10)?,
                        amc_cents: row.get(11)?,
                        amo_rate: row.get(12)?,
                        base_cents: 0,
                    },
                    amo_name: row.get(13)?,
                    amc_name: row.get(14)?,
                    payments: Vec::new(),
                    owed_patient_cents: 0,
                    owed_amo_cents: 0,
                    owed_amc_cents: 0,
                    receipts: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("fee", "Cette visite n'existe pas."))?;
    let mut statement = conn.prepare_cached(
        "SELECT code, label, amount_cents, reimbursable FROM fee_acts WHERE fee_id = ?1 ORDER BY position",
    )?;
    view.acts = statement
        .query_map([fee_id], |row| {
            Ok(BilledAct {
                code: row.get(0)?,
                label: row.get(1)?,
                amount_cents: row.get(2)?,
                reimbursable: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    view.split.base_cents = view
        .acts
        .iter()
        .filter(|act| act.reimbursable)
        .map(|act| act.amount_cents)
        .sum();
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.payer, CASE p.payer WHEN 'patient' THEN f.patient_label ELSE p.payer_name END,
                p.amount_cents, p.mode, p.cheque_number, p.paid_on, p.reverses, p.reason,
                EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)
         FROM payments p JOIN fees f ON f.id = p.fee_id WHERE p.fee_id = ?1 ORDER BY p.seq",
    )?;
    view.payments = statement
        .query_map([fee_id], |row| {
            Ok(PaymentLine {
                id: row.get(0)?,
                payer: row.get(1)?,
                payer_name: row.get(2)?,
                amount_cents: row.get(3)?,
                mode: row.get(4)?,
                cheque_number: row.get(5)?,
                paid_on: row.get(6)?,
                reverses: row.get(7)?,
                reason: row.get(8)?,
                reversed: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement =
        conn.prepare_cached("SELECT payer, owed_cents FROM money_owed WHERE fee_id = ?1")?;
    let owed: BTreeMap<String, i64> = statement
        .query_map([fee_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    view.owed_patient_cents = owed.get("patient").copied().unwrap_or(0);
    view.owed_amo_cents = owed.get("amo").copied().unwrap_or(0);
    view.owed_amc_cents = owed.get("amc").copied().unwrap_or(0);
    let mut statement =
        conn.prepare_cached("SELECT number FROM receipts WHERE fee_id = ?1 ORDER BY number")?;
    view.receipts = statement
        .query_map([fee_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(view)
}

/// The visit billed for an appointment, if any (the waiting room's
/// « Encaisser » becomes « Encaissé »).
pub fn fee_of_appointment(cabinet: &Cabinet, appointment_id: &str) -> Result<Option<String>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT id FROM fees WHERE appointment_id = ?1",
            [appointment_id],
            |row| row.get(0),
        )
        .optional()?)
}

/// What a patient's file shows of money: what he still owes himself, and
/// his latest visits billed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientMoney {
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub owes_cents: i64,
    pub latest: Vec<FeeView>,
}

pub fn patient_money(cabinet: &Cabinet, patient_id: &str) -> Result<PatientMoney> {
    let ids: Vec<String> = cabinet
        .conn()
        .prepare_cached(
            "SELECT id FROM fees WHERE patient_id = ?1 ORDER BY on_day DESC, seq DESC LIMIT 5",
        )?
        .query_map([patient_id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(PatientMoney {
        owes_cents: super::owed::patient_owes(cabinet, patient_id)?,
        latest: ids
            .iter()
            .map(|id| fee(cabinet, id))
            .collect::<Result<_>>()?,
    })
}
