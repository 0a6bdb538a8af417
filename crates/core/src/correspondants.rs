//! The directory of correspondants — doctors, labs, hospitals the cabinet
//! writes to — that a patient file links as médecin traitant or adresseur.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::phone;
use crate::phonetic;

crate::codes::text_codes! {
    /// What a correspondant is (the `kind` column of `correspondants`).
    #[derive(Default)]
    pub enum CorrespondantKind {
        #[default]
        Medecin = "medecin",
        Laboratoire = "laboratoire",
        Etablissement = "etablissement",
        Autre = "autre",
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CorrespondantDraft {
    pub kind: CorrespondantKind,
    pub name: String,
    pub specialty: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// RPPS number (11 digits), for doctors.
    pub rpps: Option<String>,
    /// How a letter greets him: « Cher confrère », « Chère consœur »,
    /// « Madame, Monsieur ». `None`: the default of his kind.
    #[serde(default)]
    pub salutation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Correspondant {
    pub id: String,
    pub kind: CorrespondantKind,
    pub name: String,
    pub specialty: Option<String>,
    pub address: Option<String>,
    /// `01 23 45 67 89`
    pub phone: Option<String>,
    pub email: Option<String>,
    pub rpps: Option<String>,
    /// As entered; `None` when the default of his kind applies.
    pub salutation: Option<String>,
    pub archived: bool,
}

impl Correspondant {
    /// How a letter to him begins, without the comma: his own salutation,
    /// or « Cher confrère » for a doctor and « Madame, Monsieur » otherwise.
    pub fn greeting(&self) -> String {
        match (&self.salutation, self.kind) {
            (Some(own), _) => own.trim_end_matches(',').trim().to_string(),
            (None, CorrespondantKind::Medecin) => "Cher confrère".to_string(),
            (None, _) => "Madame, Monsieur".to_string(),
        }
    }

    /// The address as lines for an envelope's window: split at line breaks
    /// and commas (« 12 rue Haute, 35000 Rennes »).
    pub fn address_lines(&self) -> Vec<String> {
        self.address
            .as_deref()
            .unwrap_or("")
            .split([',', '\n'])
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn invalid(field: &'static str, message: &str) -> CoreError {
    CoreError::InvalidInput {
        field,
        message: message.into(),
    }
}

fn optional(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
}

fn validate(draft: &CorrespondantDraft) -> Result<CorrespondantDraft> {
    let name = optional(&Some(draft.name.clone())).ok_or_else(|| {
        invalid(
            "name",
            "Tapez le nom du correspondant (p. ex. « Dr Anne Roux » ou « Laboratoire Bio-Ouest »).",
        )
    })?;
    let phone = optional(&draft.phone)
        .map(|p| phone::normalise(&p))
        .transpose()?;
    let rpps = optional(&draft.rpps);
    if rpps
        .as_deref()
        .is_some_and(|r| r.len() != 11 || !r.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(invalid("rpps", "Le numéro RPPS compte 11 chiffres."));
    }
    let email = optional(&draft.email);
    if email
        .as_deref()
        .is_some_and(|e| !e.contains('@') || !e.contains('.'))
    {
        return Err(invalid(
            "email",
            "Adresse e-mail incomplète : elle ressemble à secretariat@exemple.fr.",
        ));
    }
    Ok(CorrespondantDraft {
        kind: draft.kind,
        name,
        specialty: optional(&draft.specialty),
        address: optional(&draft.address),
        phone,
        email,
        rpps,
        salutation: optional(&draft.salutation),
    })
}

pub fn create(cabinet: &mut Cabinet, draft: &CorrespondantDraft) -> Result<String> {
    let valid = validate(draft)?;
    let id = new_id();
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "INSERT INTO correspondants (id, kind, name, specialty, address, phone, email, rpps, salutation, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![id, valid.kind, valid.name, valid.specialty, valid.address, valid.phone, valid.email, valid.rpps, valid.salutation, now],
    )?;
    Ok(id)
}

pub fn update(cabinet: &mut Cabinet, id: &str, draft: &CorrespondantDraft) -> Result<()> {
    let valid = validate(draft)?;
    let changed = cabinet.conn().execute(
        "UPDATE correspondants SET kind = ?2, name = ?3, specialty = ?4, address = ?5, phone = ?6,
             email = ?7, rpps = ?8, salutation = ?10, updated_at = ?9 WHERE id = ?1",
        params![
            id,
            valid.kind,
            valid.name,
            valid.specialty,
            valid.address,
            valid.phone,
            valid.email,
            valid.rpps,
            cabinet.now_utc(),
            valid.salutation
        ],
    )?;
    if changed == 0 {
        return Err(invalid("id", "Ce correspondant n'existe plus."));
    }
    Ok(())
}

pub fn set_archived(cabinet: &mut Cabinet, id: &str, archived: bool) -> Result<()> {
    cabinet.conn().execute(
        "UPDATE correspondants SET archived_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3 WHERE id = ?1",
        params![id, archived, cabinet.now_utc()],
    )?;
    Ok(())
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Correspondant> {
    Ok(Correspondant {
        id: row.get(0)?,
        kind: row.get(1)?,
        name: row.get(2)?,
        specialty: row.get(3)?,
        address: row.get(4)?,
        phone: row.get::<_, Option<String>>(5)?.map(|p| phone::display(&p)),
        email: row.get(6)?,
        rpps: row.get(7)?,
        archived: row.get(8)?,
        salutation: row.get(9)?,
    })
}

const COLUMNS: &str =
    "id, kind, name, specialty, address, phone, email, rpps, archived_at IS NOT NULL, salutation";

/// Correspondants whose name or specialty contains every typed word
/// (accents and case ignored), archived ones left out.
pub fn list(cabinet: &Cabinet, query: &str) -> Result<Vec<Correspondant>> {
    let words = phonetic::words(query);
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM correspondants WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE"
    ))?;
    let all = statement
        .query_map([], from_row)?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(all
        .into_iter()
        .filter(|c| {
            let haystack = phonetic::fold(&format!(
                "{} {}",
                c.name,
                c.specialty.as_deref().unwrap_or("")
            ));
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect())
}

pub fn get(cabinet: &Cabinet, id: &str) -> Result<Option<Correspondant>> {
    Ok(cabinet
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM correspondants WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}
