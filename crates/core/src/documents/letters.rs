//! Letters to correspondants (migration 0012). A letter is a report of
//! kind « courrier » — typed in the same station, validated by its author
//! with her PIN, indexed, listed in the patient's Documents — with an
//! addressee (a correspondant of the directory, or the patient) and copies
//! (the médecin traitant by default when he is not the addressee). Sending
//! it writes one line per recipient in the outgoing register (`outgoing`).

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::reports::{self, ReportDetails};
use super::{Origin, Priority, ReportKind, ReportStatus};
use crate::cabinet::Cabinet;
use crate::correspondants::{self, Correspondant};
use crate::error::{CoreError, Result};

/// What she chooses for a new letter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct LetterDraft {
    /// Whom the letter is about (a letter always is about a patient).
    pub patient_id: String,
    /// The practitioner who signs it.
    pub author_id: String,
    /// The addressee: a correspondant's id; `None`: the patient himself.
    pub to: Option<String>,
    /// Correspondants who get a copy, in the order printed. `None`: the
    /// médecin traitant when he is not the addressee.
    pub copies: Option<Vec<String>>,
    /// A copy for the patient too (when he is not the addressee).
    #[serde(default)]
    pub copy_to_patient: bool,
}

/// One recipient as the letter and the register name him.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// `None`: the patient.
    pub correspondant_id: Option<String>,
    /// « Dr Anne Roux », « Madame Jeanne ALLAIN ».
    pub name: String,
    /// For the envelope's window: the name, then the address lines.
    pub address_lines: Vec<String>,
    /// « Cher confrère », « Madame » (without the comma).
    pub salutation: String,
    /// « médecin traitant » when he is the patient's.
    pub role: Option<String>,
}

/// A letter's recipients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Letter {
    pub report_id: String,
    pub to: Recipient,
    pub copies: Vec<Recipient>,
}

fn invalid(field: &'static str, message: &str) -> CoreError {
    CoreError::invalid(field, message)
}

fn correspondant(cabinet: &Cabinet, id: &str) -> Result<Correspondant> {
    correspondants::get(cabinet, id)?.ok_or_else(|| {
        invalid(
            "to",
            "Ce correspondant n'existe plus dans l'annuaire : choisissez-le à nouveau.",
        )
    })
}

/// The patient's médecin traitant, if the file names one.
fn gp_of(cabinet: &Cabinet, patient_id: &str) -> Result<Option<String>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT gp_id FROM patients WHERE id = ?1",
            [patient_id],
            |row| row.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// The patient as a recipient: « Madame Jeanne ALLAIN », her postal address.
fn patient_recipient(cabinet: &Cabinet, patient_id: &str) -> Result<Recipient> {
    let found = cabinet
        .conn()
        .query_row(
            "SELECT sex, birth_name, used_name, birth_first_names, used_first_name,
                    address_line1, address_line2, trim(coalesce(postcode, '') || ' ' || coalesce(city, ''))
             FROM patients WHERE id = ?1",
            [patient_id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    [
                        row.get::<_, Option<String>>(5)?,
                        row.get::<_, Option<String>>(6)?,
                        row.get::<_, Option<String>>(7)?,
                    ],
                ))
            },
        )
        .optional()?;
    let Some((sex, birth_name, used_name, first_names, used_first, address)) = found else {
        return Err(invalid(
            "patient",
            "Ce dossier patient n'existe plus (supprimé) : choisissez le patient par la recherche.",
        ));
    };
    let civility = match sex.as_str() {
        "F" => "Madame",
        "M" => "Monsieur",
        _ => "Madame, Monsieur",
    };
    let surname = used_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(birth_name)
        .to_uppercase();
    let first = used_first
        .filter(|n| !n.trim().is_empty())
        .or_else(|| first_names.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    let name = format!("{civility} {first} {surname}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut address_lines = vec![name.clone()];
    address_lines.extend(
        address
            .into_iter()
            .flatten()
            .map(|line| line.trim().to_string())
            .filter(|line| !line.is_empty()),
    );
    Ok(Recipient {
        correspondant_id: None,
        name,
        address_lines,
        salutation: civility.to_string(),
        role: Some("patient".to_string()),
    })
}

fn correspondant_recipient(cabinet: &Cabinet, id: &str, gp: Option<&str>) -> Result<Recipient> {
    let found = correspondant(cabinet, id)?;
    let mut address_lines = vec![found.name.clone()];
    address_lines.extend(found.address_lines());
    Ok(Recipient {
        correspondant_id: Some(found.id.clone()),
        name: found.name.clone(),
        address_lines,
        salutation: found.greeting(),
        role: (gp == Some(id)).then(|| "médecin traitant".to_string()),
    })
}

/// Writes a new letter « à taper », empty; the UI fills it from a template
/// (`templates::fill`, which reads its addressee) or she types it.
pub fn create(cabinet: &mut Cabinet, draft: &LetterDraft) -> Result<String> {
    let details = reports::checked_details(
        cabinet.conn(),
        &ReportDetails {
            patient_id: Some(draft.patient_id.clone()),
            author_id: draft.author_id.clone(),
            kind: ReportKind::Courrier,
            priority: Priority::Normal,
            due_on: None,
            note: String::new(),
            consultation_on: None,
        },
    )?;
    let to = draft.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if let Some(id) = to {
        let addressee = correspondant(cabinet, id)?;
        if addressee.archived {
            return Err(invalid(
                "to",
                "Ce correspondant est archivé : rétablissez-le dans l'annuaire avant de lui écrire.",
            ));
        }
    }
    let gp = gp_of(cabinet, &draft.patient_id)?;
    let mut copies: Vec<Option<String>> = match &draft.copies {
        Some(ids) => ids.iter().map(|id| Some(id.trim().to_string())).collect(),
        None => gp.iter().map(|id| Some(id.clone())).collect(),
    };
    // Nobody gets a copy of a letter addressed to him, nor two copies.
    copies.retain(|c| c.as_deref() != to);
    let mut seen = std::collections::HashSet::new();
    copies.retain(|c| seen.insert(c.clone()));
    if draft.copy_to_patient && to.is_some() {
        copies.push(None);
    }
    for id in copies.iter().flatten() {
        correspondant(cabinet, id)?;
    }
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    let (id, _) = reports::insert(
        &tx,
        &details,
        ReportStatus::ATaper,
        Origin::Saisie,
        &user,
        &now,
    )?;
    tx.execute(
        "INSERT INTO letters (report_id, correspondant_id, created_at) VALUES (?1, ?2, ?3)",
        params![id, to, now],
    )?;
    write_copies(&tx, &id, &copies)?;
    tx.commit()?;
    Ok(id)
}

fn write_copies(tx: &Transaction<'_>, id: &str, copies: &[Option<String>]) -> Result<()> {
    tx.execute("DELETE FROM letter_copies WHERE report_id = ?1", [id])?;
    for (position, copy) in copies.iter().enumerate() {
        tx.execute(
            "INSERT INTO letter_copies (report_id, position, correspondant_id) VALUES (?1, ?2, ?3)",
            params![id, position as i64, copy],
        )?;
    }
    Ok(())
}

/// The letter's addressee and copies; `None` when the report is not a
/// letter.
pub fn get(cabinet: &Cabinet, report_id: &str) -> Result<Option<Letter>> {
    let row: Option<(Option<String>, Option<String>)> = cabinet
        .conn()
        .query_row(
            "SELECT l.correspondant_id, r.patient_id FROM letters l JOIN reports r ON r.id = l.report_id
             WHERE l.report_id = ?1",
            [report_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((to, patient_id)) = row else {
        return Ok(None);
    };
    let Some(patient_id) = patient_id else {
        return Err(invalid(
            "patient",
            "Ce courrier n'est rattaché à aucun patient : classez-le d'abord dans un dossier.",
        ));
    };
    let gp = gp_of(cabinet, &patient_id)?;
    let recipient = |id: Option<&str>| match id {
        Some(id) => correspondant_recipient(cabinet, id, gp.as_deref()),
        None => patient_recipient(cabinet, &patient_id),
    };
    let copy_ids: Vec<Option<String>> = cabinet
        .conn()
        .prepare_cached(
            "SELECT correspondant_id FROM letter_copies WHERE report_id = ?1 ORDER BY position",
        )?
        .query_map([report_id], |row| row.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(Some(Letter {
        report_id: report_id.to_string(),
        to: recipient(to.as_deref())?,
        copies: copy_ids
            .iter()
            .map(|id| recipient(id.as_deref()))
            .collect::<Result<_>>()?,
    }))
}

/// Changes the copies of a letter not yet validated (the validated text
/// names them: a change after validation needs a new version).
pub fn set_copies(
    cabinet: &mut Cabinet,
    report_id: &str,
    copies: &[String],
    copy_to_patient: bool,
) -> Result<()> {
    let letter = get(cabinet, report_id)?
        .ok_or_else(|| invalid("report", "Ce document n'est pas un courrier."))?;
    let report = reports::get(cabinet, report_id)?;
    if report.status.is_validated() {
        return Err(invalid(
            "copies",
            "Ce courrier est validé : les copies sont celles qu'il mentionne. Corrigez-le (nouvelle version) pour les changer.",
        ));
    }
    let to = letter.to.correspondant_id;
    let mut list: Vec<Option<String>> = Vec::new();
    for id in copies {
        let id = Some(id.trim().to_string());
        if id != to && !list.contains(&id) {
            correspondant(cabinet, id.as_deref().unwrap_or_default())?;
            list.push(id);
        }
    }
    if copy_to_patient && to.is_some() {
        list.push(None);
    }
    let tx = cabinet.conn_mut().transaction()?;
    write_copies(&tx, report_id, &list)?;
    tx.commit()?;
    Ok(())
}

/// « Copie : Dr Anne Roux (médecin traitant) », as printed under the text.
pub fn copy_lines(letter: &Letter) -> Vec<String> {
    letter
        .copies
        .iter()
        .map(|copy| match &copy.role {
            Some(role) if role != "patient" => format!("{} ({role})", copy.name),
            _ => copy.name.clone(),
        })
        .collect()
}

/// The return address and the address blocks of a batch of letters (each
/// letter's addressee, then its copies), for envelopes or labels. The
/// sender is the first letter's author (his letterhead's name and address).
pub fn envelopes(
    cabinet: &Cabinet,
    report_ids: &[String],
) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let mut sender = Vec::new();
    let mut addresses = Vec::new();
    for id in report_ids {
        let letter = get(cabinet, id)?.ok_or_else(|| {
            invalid(
                "letters",
                "Ce document n'est pas un courrier : seuls les courriers ont une enveloppe.",
            )
        })?;
        if sender.is_empty() {
            let author = reports::get(cabinet, id)?.author_id;
            let head = crate::practitioners::get(cabinet, &author)?.letterhead();
            sender.push(head.name);
            sender.extend(head.address_lines);
        }
        addresses.push(letter.to.address_lines);
        addresses.extend(letter.copies.into_iter().map(|c| c.address_lines));
    }
    Ok((sender, addresses))
}
