//! The outgoing register (« registre du courrier départ », migration 0012):
//! what left the cabinet, when, to whom, about whom and how — by post, by
//! hand, by secure e-mail or fax sent outside Carnet. Sending a validated
//! letter writes one line per recipient (the addressee, then each copy);
//! anything else sent can be entered by hand. Lines are never edited.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::letters;
use super::reports;
use super::ReportStatus;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

crate::codes::text_codes! {
    /// How it left.
    #[derive(Default)]
    pub enum Channel {
        #[default]
        Poste = "poste",
        MainPropre = "main_propre",
        MessagerieSecurisee = "messagerie_securisee",
        Fax = "fax",
    }
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Poste => "courrier postal",
            Channel::MainPropre => "remis en main propre",
            Channel::MessagerieSecurisee => "messagerie sécurisée",
            Channel::Fax => "fax",
        }
    }
}

/// A line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct OutgoingLine {
    pub id: String,
    /// The register's number, in the order written.
    pub number: i64,
    /// `YYYY-MM-DD`.
    pub sent_on: String,
    pub report_id: Option<String>,
    pub patient_id: Option<String>,
    /// « DUPONT Jeanne (12/03/1956) », or empty when about nobody.
    pub patient_label: String,
    pub correspondant_id: Option<String>,
    pub recipient: String,
    /// As sent, one line each.
    pub address: String,
    /// A copy, not the addressee.
    pub copy: bool,
    pub channel: Channel,
    pub channel_label: String,
    pub subject: String,
}

/// When and how she sends a letter.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Sending {
    pub channel: Channel,
    /// `YYYY-MM-DD` or `jj/mm/aaaa`; `None`: today.
    pub sent_on: Option<String>,
}

/// Something sent that Carnet did not write (a result forwarded, a form).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ManualEntry {
    pub sending: Sending,
    pub recipient: String,
    #[serde(default)]
    pub address: String,
    pub correspondant_id: Option<String>,
    pub patient_id: Option<String>,
    pub subject: String,
}

/// Which lines she looks at.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct RegisterQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub patient_id: Option<String>,
    /// At most this many, newest first (default 200).
    pub limit: Option<usize>,
}

fn sent_on(cabinet: &Cabinet, sending: &Sending) -> Result<String> {
    let day = match sending.sent_on.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => crate::dates::parse_date(text, "sentOn")?,
        _ => cabinet.today(),
    };
    if day > cabinet.today() {
        return Err(CoreError::invalid(
            "sentOn",
            "La date d'envoi est dans le futur : le registre note ce qui est parti.",
        ));
    }
    Ok(day.format("%Y-%m-%d").to_string())
}

struct Line<'a> {
    sent_on: &'a str,
    report_id: Option<&'a str>,
    patient_id: Option<&'a str>,
    correspondant_id: Option<&'a str>,
    recipient: &'a str,
    address: &'a str,
    copy: bool,
    channel: Channel,
    subject: &'a str,
}

fn insert(
    tx: &rusqlite::Transaction<'_>,
    line: &Line<'_>,
    now: &str,
    by: Option<&str>,
) -> Result<String> {
    let id = new_id();
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM outgoing_mail",
        [],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT INTO outgoing_mail (id, seq, sent_on, report_id, patient_id, correspondant_id,
             recipient, address, copy, channel, subject, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            seq,
            line.sent_on,
            line.report_id,
            line.patient_id,
            line.correspondant_id,
            line.recipient,
            line.address,
            line.copy,
            line.channel,
            line.subject,
            now,
            by
        ],
    )?;
    Ok(id)
}

/// Sends a validated letter: one register line for its addressee and one
/// per copy, and the letter becomes « envoyé » — all or nothing. Sending
/// again (a copy lost in the post) writes new lines.
pub fn send_letter(
    cabinet: &mut Cabinet,
    report_id: &str,
    sending: &Sending,
) -> Result<Vec<String>> {
    let letter = letters::get(cabinet, report_id)?
        .ok_or_else(|| CoreError::invalid("report", "Ce document n'est pas un courrier."))?;
    let report = reports::get(cabinet, report_id)?;
    if !report.status.is_validated() {
        return Err(CoreError::invalid(
            "status",
            format!(
                "Ce courrier n'est pas encore validé par {} : il ne peut pas partir.",
                report.author_name
            ),
        ));
    }
    let day = sent_on(cabinet, sending)?;
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    let subject = format!("Courrier du {}", crate::patients::french_date(&day));
    let tx = cabinet.conn_mut().transaction()?;
    let mut ids = Vec::new();
    let everyone =
        std::iter::once((&letter.to, false)).chain(letter.copies.iter().map(|c| (c, true)));
    for (recipient, copy) in everyone {
        let address = recipient.address_lines.join("\n");
        ids.push(insert(
            &tx,
            &Line {
                sent_on: &day,
                report_id: Some(report_id),
                patient_id: report.patient_id.as_deref(),
                correspondant_id: recipient.correspondant_id.as_deref(),
                recipient: &recipient.name,
                address: &address,
                copy,
                channel: sending.channel,
                subject: &subject,
            },
            &now,
            user.0.as_deref(),
        )?);
    }
    if report.status != ReportStatus::Envoye {
        reports::change_status(&tx, report_id, ReportStatus::Envoye, &user, &now)?;
    }
    tx.commit()?;
    Ok(ids)
}

/// Writes a line for something sent outside Carnet's letters.
pub fn record(cabinet: &mut Cabinet, entry: &ManualEntry) -> Result<String> {
    let recipient = entry
        .recipient
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if recipient.is_empty() {
        return Err(CoreError::invalid(
            "recipient",
            "À qui est-ce parti ? Tapez le destinataire (p. ex. « Laboratoire Bio-Ouest »).",
        ));
    }
    let subject = entry
        .subject
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if subject.is_empty() {
        return Err(CoreError::invalid(
            "subject",
            "Qu'est-ce qui est parti ? Tapez l'objet (p. ex. « résultats de biologie »).",
        ));
    }
    if let Some(patient_id) = entry.patient_id.as_deref() {
        reports::require_filable_patient(cabinet.conn(), patient_id)?;
    }
    let day = sent_on(cabinet, &entry.sending)?;
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    let id = insert(
        &tx,
        &Line {
            sent_on: &day,
            report_id: None,
            patient_id: entry.patient_id.as_deref(),
            correspondant_id: entry.correspondant_id.as_deref(),
            recipient: &recipient,
            address: entry.address.trim(),
            copy: false,
            channel: entry.sending.channel,
            subject: &subject,
        },
        &now,
        user.0.as_deref(),
    )?;
    tx.commit()?;
    Ok(id)
}

/// The register, newest first.
pub fn register(cabinet: &Cabinet, query: &RegisterQuery) -> Result<Vec<OutgoingLine>> {
    let iso = crate::dates::optional_iso_day;
    let from = iso(query.from.as_deref(), "from")?;
    let to = iso(query.to.as_deref(), "to")?;
    let limit = query.limit.unwrap_or(200).clamp(1, 10_000) as i64;
    let rows = cabinet
        .conn()
        .prepare_cached(
            "SELECT id, seq, sent_on, report_id, patient_id, correspondant_id, recipient, address,
                    copy, channel, subject
             FROM outgoing_mail
             WHERE (?1 IS NULL OR sent_on >= ?1) AND (?2 IS NULL OR sent_on <= ?2)
               AND (?3 IS NULL OR patient_id = ?3)
             ORDER BY sent_on DESC, seq DESC LIMIT ?4",
        )?
        .query_map(params![from, to, query.patient_id, limit], |row| {
            let channel: Channel = row.get(9)?;
            Ok(OutgoingLine {
                id: row.get(0)?,
                number: row.get(1)?,
                sent_on: row.get(2)?,
                report_id: row.get(3)?,
                patient_id: row.get(4)?,
                patient_label: String::new(),
                correspondant_id: row.get(5)?,
                recipient: row.get(6)?,
                address: row.get(7)?,
                copy: row.get(8)?,
                channel,
                channel_label: channel.label().to_string(),
                subject: row.get(10)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|mut line| {
            if line.patient_id.is_some() {
                line.patient_label = super::patient_label(cabinet, line.patient_id.as_deref())?;
            }
            Ok(line)
        })
        .collect()
}
