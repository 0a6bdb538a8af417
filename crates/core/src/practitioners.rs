//! The cabinet's practitioners as their documents need them: the letterhead
//! (article R.4127-79 of the Code de la santé publique: name, specialty,
//! RPPS, address, phone, e-mail, conventionnement) and the profile that is
//! each doctor's own, through which she alone validates her reports.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::printable::Letterhead;

/// A practitioner with the letterhead printed on her documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PractitionerCard {
    pub id: String,
    pub name: String,
    pub specialty: String,
    pub rpps: String,
    /// One line per element: street, « 75011 Paris ».
    pub address_lines: Vec<String>,
    pub phone: String,
    pub email: String,
    pub conventionnement: String,
    /// The profiles that are this practitioner (usually one).
    pub user_ids: Vec<String>,
}

impl PractitionerCard {
    pub fn letterhead(&self) -> Letterhead {
        Letterhead {
            name: self.name.clone(),
            specialty: self.specialty.clone(),
            rpps: self.rpps.clone(),
            address_lines: self.address_lines.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            conventionnement: self.conventionnement.clone(),
        }
    }
}

/// What the letterhead form sends (name and specialty stay as created).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct LetterheadDraft {
    pub rpps: String,
    pub address_lines: Vec<String>,
    pub phone: String,
    pub email: String,
    pub conventionnement: String,
}

const COLUMNS: &str =
    "p.id, p.name, p.specialty, p.rpps, p.address, p.phone, p.email, p.conventionnement,
     (SELECT group_concat(u.id, ' ') FROM users u WHERE u.practitioner_id = p.id)";

fn card(row: &rusqlite::Row<'_>) -> rusqlite::Result<PractitionerCard> {
    let address: String = row.get(4)?;
    let users: Option<String> = row.get(8)?;
    Ok(PractitionerCard {
        id: row.get(0)?,
        name: row.get(1)?,
        specialty: row.get(2)?,
        rpps: row.get(3)?,
        address_lines: address
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect(),
        phone: row.get(5)?,
        email: row.get(6)?,
        conventionnement: row.get(7)?,
        user_ids: users
            .unwrap_or_default()
            .split(' ')
            .filter(|u| !u.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// Every practitioner, in the cabinet's order.
pub fn list(cabinet: &Cabinet) -> Result<Vec<PractitionerCard>> {
    let mut statement = cabinet.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM practitioners p ORDER BY p.position"
    ))?;
    let cards = statement
        .query_map([], card)?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(cards)
}

pub fn get(cabinet: &Cabinet, id: &str) -> Result<PractitionerCard> {
    cabinet
        .conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM practitioners p WHERE p.id = ?1"),
            [id],
            card,
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("practitioner", "Ce praticien n'existe pas."))
}

/// Finds a practitioner by id, or by a name she would type (« Lefèvre »,
/// « Dr Hélène Lefèvre »): carnet-admin's `--author`.
pub fn find(cabinet: &Cabinet, id_or_name: &str) -> Result<PractitionerCard> {
    let all = list(cabinet)?;
    if let Some(found) = all.iter().find(|p| p.id == id_or_name) {
        return Ok(found.clone());
    }
    let wanted = crate::phonetic::fold(id_or_name);
    let matching: Vec<_> = all
        .into_iter()
        .filter(|p| {
            let name = crate::phonetic::fold(&p.name);
            !wanted.is_empty() && (name == wanted || name.split(' ').any(|w| w == wanted))
        })
        .collect();
    match matching.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(CoreError::invalid(
            "practitioner",
            format!("Aucun praticien ne s'appelle « {id_or_name} »."),
        )),
        _ => Err(CoreError::invalid(
            "practitioner",
            format!("Plusieurs praticiens répondent à « {id_or_name} » : donnez son identifiant."),
        )),
    }
}

fn validated(draft: &LetterheadDraft) -> Result<LetterheadDraft> {
    let rpps: String = draft.rpps.chars().filter(|c| !c.is_whitespace()).collect();
    if !rpps.is_empty() && (rpps.len() != 11 || !rpps.chars().all(|c| c.is_ascii_digit())) {
        return Err(CoreError::invalid(
            "rpps",
            "Le numéro RPPS compte 11 chiffres (il figure sur la carte CPS).",
        ));
    }
    let email = draft.email.trim().to_string();
    if !email.is_empty() && !email.contains('@') {
        return Err(CoreError::invalid(
            "email",
            "Cette adresse e-mail n'est pas valable (il manque « @ »).",
        ));
    }
    let phone = draft.phone.trim();
    let phone = if phone.is_empty() {
        String::new()
    } else {
        crate::phone::display(&crate::phone::normalise(phone)?)
    };
    Ok(LetterheadDraft {
        rpps,
        address_lines: draft
            .address_lines
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        phone,
        email,
        conventionnement: draft.conventionnement.trim().to_string(),
    })
}

/// Sets the letterhead of a practitioner: an administrator, or the
/// practitioner's own profile.
pub fn set_letterhead(
    cabinet: &mut Cabinet,
    id: &str,
    draft: &LetterheadDraft,
) -> Result<PractitionerCard> {
    let existing = get(cabinet, id)?;
    let own = cabinet
        .actor()
        .is_some_and(|a| existing.user_ids.contains(&a.user_id));
    if !own {
        crate::users::require_admin(cabinet)?;
    }
    write_letterhead(cabinet, id, draft)
}

/// The same from `carnet-admin practitioners set-letterhead`: whoever runs
/// the tool holds the passphrase, the administrator's own credential.
pub fn set_letterhead_by_tool(
    cabinet: &mut Cabinet,
    id: &str,
    draft: &LetterheadDraft,
) -> Result<PractitionerCard> {
    get(cabinet, id)?;
    write_letterhead(cabinet, id, draft)
}

fn write_letterhead(
    cabinet: &mut Cabinet,
    id: &str,
    draft: &LetterheadDraft,
) -> Result<PractitionerCard> {
    let clean = validated(draft)?;
    cabinet.conn().execute(
        "UPDATE practitioners SET rpps = ?2, address = ?3, phone = ?4, email = ?5,
             conventionnement = ?6, updated_at = ?7 WHERE id = ?1",
        params![
            id,
            clean.rpps,
            clean.address_lines.join("\n"),
            clean.phone,
            clean.email,
            clean.conventionnement,
            cabinet.now_utc()
        ],
    )?;
    get(cabinet, id)
}

/// Makes a profile the practitioner's own (or no one's): an administrator's
/// act, since it decides who validates whose reports.
pub fn link_user(
    cabinet: &mut Cabinet,
    user_id: &str,
    practitioner_id: Option<&str>,
) -> Result<()> {
    crate::users::require_admin(cabinet)?;
    link_user_by_tool(cabinet, user_id, practitioner_id)
}

/// The same from `carnet-admin practitioners link-user` (the passphrase is
/// the administrator's credential).
pub fn link_user_by_tool(
    cabinet: &mut Cabinet,
    user_id: &str,
    practitioner_id: Option<&str>,
) -> Result<()> {
    if let Some(practitioner_id) = practitioner_id {
        get(cabinet, practitioner_id)?;
    }
    let changed = cabinet.conn().execute(
        "UPDATE users SET practitioner_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![user_id, practitioner_id, cabinet.now_utc()],
    )?;
    if changed == 0 {
        return Err(CoreError::invalid("user", "Ce profil n'existe plus."));
    }
    Ok(())
}

/// The practitioner a profile is, if any.
pub fn of_user(cabinet: &Cabinet, user_id: &str) -> Result<Option<String>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT practitioner_id FROM users WHERE id = ?1",
            [user_id],
            |row| row.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}
