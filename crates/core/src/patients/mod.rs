//! Patients: the INS identity, contacts, the change history, and the search
//! index kept in step with every change (`search.rs`), duplicates
//! (`duplicates.rs`).
//!
//! Every write is one transaction: the row, its phones, its history lines
//! and its search entry change together or not at all.

pub(crate) mod directory;
pub mod duplicates;
mod file;
pub mod merge;
pub mod retention;
pub mod rights;
pub mod search;
pub mod transfer;

pub use file::{get, PatientFile, PhoneView};

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::dates;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::nir::{self, IdentityFacts};
use crate::phone;
use crate::phonetic;

crate::codes::text_codes! {
    /// The sex of the civil-status identity (the `sex` column).
    pub enum Sex {
        F = "F",
        M = "M",
        /// Indéterminé.
        I = "I",
    }
}

crate::codes::text_codes! {
    /// What a phone number is (the `kind` column of `patient_phones`).
    #[derive(Default)]
    pub enum PhoneKind {
        Mobile = "mobile",
        Domicile = "domicile",
        Travail = "travail",
        #[default]
        Autre = "autre",
    }
}

/// A patient as a line of a list: what tells two patients apart at a glance.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientRow {
    pub id: String,
    /// "LEFÈVRE (née DURAND) Marie": used name in capitals, birth name when
    /// different, used first name.
    pub display_name: String,
    /// dd/mm/yyyy
    pub birth_date: String,
    pub sex: Sex,
}

/// What the identity form sends. Dates may be typed the French way.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientDraft {
    pub birth_name: String,
    /// Prénoms de naissance, in civil order, separated by spaces.
    pub birth_first_names: String,
    pub used_name: Option<String>,
    pub used_first_name: Option<String>,
    pub birth_date: String,
    /// 'F', 'M' or 'I'
    pub sex: String,
    pub birth_place_cog: Option<String>,
    pub birth_rank: Option<i64>,
    pub nir: Option<String>,
    /// 'provisoire' or 'validee'; 'recuperee' / 'qualifiee' only as
    /// recorded from elsewhere, with `identity_status_source` saying where.
    pub identity_status: String,
    pub identity_proof: Option<String>,
    /// Who set a 'recuperee' / 'qualifiee' status (INSi via a hospital…):
    /// Carnet, offline, never claims one itself.
    pub identity_status_source: Option<String>,
    pub phones: Vec<PhoneDraft>,
    pub email: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    /// COG of the commune chosen from the postcode completion.
    pub city_cog: Option<String>,
    /// Personne à prévenir.
    pub contact_person: Option<String>,
    /// For a minor.
    pub legal_representative: Option<String>,
    pub amo_regime: Option<String>,
    pub amo_caisse: Option<String>,
    pub amc_name: Option<String>,
    pub amc_member_number: Option<String>,
    /// Tiers payant with the mutuelle.
    pub amc_third_party: bool,
    pub ald: bool,
    pub ald_end_date: Option<String>,
    /// 'css' or 'ame'
    pub aid_scheme: Option<String>,
    /// Médecin traitant (a correspondant's id).
    pub gp_id: Option<String>,
    /// Adresseur (a correspondant's id).
    pub referrer_id: Option<String>,
    pub notes: Option<String>,
    /// Visible alerts: "malentendant", "vient accompagné".
    pub alerts: Vec<String>,
    pub death_date: Option<String>,
    pub last_visit_on: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PhoneDraft {
    pub kind: PhoneKind,
    pub number: String,
}

/// A draft that passed every check, normalised for storage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidIdentity {
    pub birth_name: String,
    pub birth_first_names: String,
    pub used_name: Option<String>,
    pub used_first_name: Option<String>,
    pub birth_date: NaiveDate,
    pub sex: char,
    pub birth_place_cog: Option<String>,
    pub birth_rank: i64,
    pub nir: Option<String>,
    pub identity_status: String,
    pub identity_proof: Option<String>,
    pub identity_status_source: Option<String>,
    pub phones: Vec<(PhoneKind, String)>,
    pub email: Option<String>,
    pub address_line1: Option<String>,
    pub address_line2: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub city_cog: Option<String>,
    pub contact_person: Option<String>,
    pub legal_representative: Option<String>,
    pub amo_regime: Option<String>,
    pub amo_caisse: Option<String>,
    pub amc_name: Option<String>,
    pub amc_member_number: Option<String>,
    pub amc_third_party: bool,
    pub ald: bool,
    pub ald_end_date: Option<NaiveDate>,
    pub aid_scheme: Option<String>,
    pub gp_id: Option<String>,
    pub referrer_id: Option<String>,
    pub notes: Option<String>,
    pub alerts: Vec<String>,
    pub death_date: Option<NaiveDate>,
    pub last_visit_on: Option<NaiveDate>,
    /// NIR / identity disagreements: shown, never blocking.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CreatedPatient {
    pub id: String,
    pub warnings: Vec<String>,
}

fn field_error(field: &'static str, message: impl Into<String>) -> CoreError {
    CoreError::InvalidInput {
        field,
        message: message.into(),
    }
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn optional(text: &Option<String>) -> Option<String> {
    text.as_deref().map(clean).filter(|t| !t.is_empty())
}

/// A name as the INS writes it: letters (accents allowed), spaces, hyphens,
/// apostrophes; nothing else.
fn check_name(field: &'static str, label: &str, text: &str) -> Result<String> {
    let cleaned = clean(text);
    if cleaned.is_empty() {
        return Err(field_error(field, format!("Tapez le {label}.")));
    }
    if !cleaned
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’'))
    {
        return Err(field_error(
            field,
            format!(
                "Le {label} ne contient que des lettres, espaces, traits d'union et apostrophes."
            ),
        ));
    }
    Ok(cleaned.replace('’', "'"))
}

/// Checks a draft field by field; the first problem comes back as a French
/// message naming its field.
pub fn validate(draft: &PatientDraft, today: NaiveDate) -> Result<ValidIdentity> {
    let birth_name = check_name("birthName", "nom de naissance", &draft.birth_name)?;
    let birth_first_names = check_name(
        "birthFirstNames",
        "prénom de naissance",
        &draft.birth_first_names,
    )?;
    let used_name = optional(&draft.used_name)
        .map(|n| check_name("usedName", "nom utilisé", &n))
        .transpose()?;
    let used_first_name = optional(&draft.used_first_name)
        .map(|n| check_name("usedFirstName", "prénom utilisé", &n))
        .transpose()?;
    let birth_date = dates::parse_birth_date(&draft.birth_date, today, "birthDate")?;
    let sex = match draft.sex.trim() {
        "F" | "f" => 'F',
        "M" | "m" => 'M',
        "I" | "i" => 'I',
        _ => {
            return Err(field_error(
                "sex",
                "Choisissez le sexe : féminin, masculin ou indéterminé.",
            ))
        }
    };
    let birth_place_cog = optional(&draft.birth_place_cog).map(|c| c.to_ascii_uppercase());
    if let Some(cog) = &birth_place_cog {
        let shaped = cog.len() == 5
            && cog.is_ascii()
            && (cog.bytes().all(|b| b.is_ascii_digit())
                || cog.starts_with("2A")
                || cog.starts_with("2B"));
        if !shaped {
            return Err(field_error(
                "birthPlaceCog",
                "Le lieu de naissance est un code INSEE de 5 caractères (commune, ou 99xxx pour un pays étranger) : choisissez-le dans la liste.",
            ));
        }
    }
    let birth_rank = draft.birth_rank.unwrap_or(1);
    if !(1..=9).contains(&birth_rank) {
        return Err(field_error(
            "birthRank",
            "Le rang de naissance va de 1 à 9 (1 sauf pour les jumeaux).",
        ));
    }
    let identity_status = draft.identity_status.trim().to_string();
    let identity_proof = optional(&draft.identity_proof);
    match identity_status.as_str() {
        "provisoire" => {}
        "validee" => {
            let high_trust = matches!(
                identity_proof.as_deref(),
                Some("carte_identite" | "passeport" | "titre_sejour")
            );
            if !high_trust {
                return Err(field_error(
                    "identityProof",
                    "Une identité validée demande une pièce à haut niveau de confiance : carte d'identité, passeport ou titre de séjour. Sinon, laissez-la provisoire.",
                ));
            }
        }
        "recuperee" | "qualifiee" => {
            if optional(&draft.identity_status_source).is_none() {
                return Err(field_error(
                    "identityStatusSource",
                    "Les statuts « récupérée » et « qualifiée » viennent du téléservice INSi, que Carnet ne peut pas appeler hors ligne : indiquez qui l'a établi (p. ex. « INSi, hôpital de Lens, 12/03/2025 »), ou laissez l'identité provisoire ou validée.",
                ));
            }
        }
        _ => {
            return Err(field_error(
                "identityStatus",
                "Choisissez le statut de l'identité : provisoire ou validée.",
            ))
        }
    }
    let mut warnings = Vec::new();
    let nir = match optional(&draft.nir) {
        Some(text) => {
            let parsed = nir::parse(&text)?;
            warnings.extend(nir::coherence_warnings(
                &parsed,
                &IdentityFacts {
                    sex,
                    birth_date,
                    birth_place_cog: birth_place_cog.as_deref(),
                },
            ));
            Some(parsed.text)
        }
        None => None,
    };
    let mut phones = Vec::new();
    for draft_phone in draft.phones.iter().filter(|p| !p.number.trim().is_empty()) {
        phones.push((draft_phone.kind, phone::normalise(&draft_phone.number)?));
    }
    let email = optional(&draft.email);
    if let Some(address) = &email {
        let plausible = address.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !address.contains(' ')
        });
        if !plausible {
            return Err(field_error(
                "email",
                "Adresse e-mail incomplète : elle ressemble à prenom.nom@exemple.fr.",
            ));
        }
    }
    let postcode = optional(&draft.postcode);
    if let Some(code) = &postcode {
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(field_error(
                "postcode",
                "Le code postal compte 5 chiffres, par exemple 75011.",
            ));
        }
    }
    let aid_scheme = optional(&draft.aid_scheme);
    if !matches!(aid_scheme.as_deref(), None | Some("css" | "ame")) {
        return Err(field_error(
            "aidScheme",
            "Aide : complémentaire santé solidaire (CSS), AME, ou aucune.",
        ));
    }
    let optional_date =
        |text: &Option<String>, field: &'static str, past: bool| -> Result<Option<NaiveDate>> {
            optional(text)
                .map(|t| {
                    if past {
                        dates::parse_past_date(&t, today, field)
                    } else {
                        dates::parse_date(&t, field)
                    }
                })
                .transpose()
        };
    let death_date = optional_date(&draft.death_date, "deathDate", true)?;
    if death_date.is_some_and(|d| d < birth_date) {
        return Err(field_error(
            "deathDate",
            "La date de décès est avant la date de naissance.",
        ));
    }
    Ok(ValidIdentity {
        birth_name,
        birth_first_names,
        used_name,
        used_first_name,
        birth_date,
        sex,
        birth_place_cog,
        birth_rank,
        nir,
        identity_status,
        identity_proof,
        identity_status_source: optional(&draft.identity_status_source),
        phones,
        email,
        address_line1: optional(&draft.address_line1),
        address_line2: optional(&draft.address_line2),
        postcode,
        city: optional(&draft.city),
        city_cog: optional(&draft.city_cog),
        contact_person: optional(&draft.contact_person),
        legal_representative: optional(&draft.legal_representative),
        amo_regime: optional(&draft.amo_regime),
        amo_caisse: optional(&draft.amo_caisse),
        amc_name: optional(&draft.amc_name),
        amc_member_number: optional(&draft.amc_member_number),
        amc_third_party: draft.amc_third_party,
        ald: draft.ald,
        ald_end_date: optional_date(&draft.ald_end_date, "aldEndDate", false)?,
        aid_scheme,
        gp_id: optional(&draft.gp_id),
        referrer_id: optional(&draft.referrer_id),
        notes: optional(&draft.notes),
        alerts: draft
            .alerts
            .iter()
            .map(|a| clean(a))
            .filter(|a| !a.is_empty())
            .collect(),
        death_date,
        last_visit_on: optional_date(&draft.last_visit_on, "lastVisitOn", true)?,
        warnings,
    })
}

/// Creates a patient. A likely duplicate (see `duplicates`) is refused
/// unless `confirmed_not_duplicate` says she looked and it is someone else.
pub fn create(
    cabinet: &mut Cabinet,
    draft: &PatientDraft,
    confirmed_not_duplicate: bool,
) -> Result<CreatedPatient> {
    let identity = validate(draft, cabinet.today())?;
    if !confirmed_not_duplicate {
        let candidates = duplicates::candidates(cabinet, &identity)?;
        if candidates.iter().any(|c| c.likely) {
            return Err(CoreError::LikelyDuplicate {
                count: candidates.len(),
            });
        }
    }
    let id = new_id();
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    insert(&tx, &id, &identity, &now)?;
    record_history(&tx, &id, &now, "creation", None, None, None)?;
    tx.commit()?;
    Ok(CreatedPatient {
        id,
        warnings: identity.warnings,
    })
}

/// The médecin traitant and adresseur must be in the directory.
fn check_links(cabinet: &Cabinet, identity: &ValidIdentity) -> Result<()> {
    for (id, field, label) in [
        (&identity.gp_id, "gpId", "médecin traitant"),
        (&identity.referrer_id, "referrerId", "adresseur"),
    ] {
        if let Some(id) = id {
            if crate::correspondants::get(cabinet, id)?.is_none() {
                return Err(field_error(
                    field,
                    format!("Ce {label} n'est plus dans l'annuaire des correspondants : choisissez-le à nouveau."),
                ));
            }
        }
    }
    Ok(())
}

/// Inserts a validated identity with its phones and search entry, inside
/// the caller's transaction. Shared by `create` and the demo generator so
/// there is one way a patient enters the file.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    id: &str,
    identity: &ValidIdentity,
    now: &str,
) -> Result<()> {
    let columns = stored_columns(identity);
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let marks: Vec<String> = (0..columns.len()).map(|i| format!("?{}", i + 4)).collect();
    let sql = format!(
        "INSERT INTO patients (id, created_at, updated_at, {}) VALUES (?1, ?2, ?3, {})",
        names.join(", "),
        marks.join(", ")
    );
    let mut values: Vec<Value> = vec![
        Value::Text(id.into()),
        Value::Text(now.into()),
        Value::Text(now.into()),
    ];
    values.extend(columns.into_iter().map(|(_, value)| value));
    tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    write_phones_and_alerts(tx, id, identity, now)?;
    search::index(tx, id)?;
    Ok(())
}

fn write_phones_and_alerts(
    tx: &Transaction<'_>,
    id: &str,
    identity: &ValidIdentity,
    now: &str,
) -> Result<()> {
    let mut insert_phone = tx.prepare_cached(
        "INSERT INTO patient_phones (id, patient_id, kind, number, position) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, (kind, number)) in identity.phones.iter().enumerate() {
        insert_phone.execute(params![new_id(), id, kind, number, position as i64])?;
    }
    let mut insert_alert = tx.prepare_cached(
        "INSERT INTO patient_alerts (id, patient_id, text, created_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for alert in &identity.alerts {
        insert_alert.execute(params![new_id(), id, alert, now])?;
    }
    Ok(())
}

pub(crate) fn record_history(
    tx: &Transaction<'_>,
    patient_id: &str,
    at: &str,
    action: &str,
    field: Option<&str>,
    old_value: Option<&str>,
    new_value: Option<&str>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO patient_history (id, patient_id, at, author, action, field, old_value, new_value)
         VALUES (?1, ?2, ?3, carnet_actor_name(), ?4, ?5, ?6, ?7)",
    )?
    .execute(params![new_id(), patient_id, at, action, field, old_value, new_value])?;
    Ok(())
}

fn text(value: &Option<String>) -> Value {
    value.clone().map_or(Value::Null, Value::Text)
}

fn date_value(value: Option<NaiveDate>) -> Value {
    value.map_or(Value::Null, |d| {
        Value::Text(d.format("%Y-%m-%d").to_string())
    })
}

/// Every column the file form writes, with its value: one list serves the
/// insert, the update and the history, so they cannot drift apart.
fn stored_columns(identity: &ValidIdentity) -> Vec<(&'static str, Value)> {
    vec![
        ("birth_name", Value::Text(identity.birth_name.clone())),
        (
            "birth_first_names",
            Value::Text(identity.birth_first_names.clone()),
        ),
        ("used_name", text(&identity.used_name)),
        ("used_first_name", text(&identity.used_first_name)),
        ("birth_date", date_value(Some(identity.birth_date))),
        ("sex", Value::Text(identity.sex.to_string())),
        ("birth_place_cog", text(&identity.birth_place_cog)),
        ("birth_rank", Value::Integer(identity.birth_rank)),
        ("nir", text(&identity.nir)),
        (
            "identity_status",
            Value::Text(identity.identity_status.clone()),
        ),
        ("identity_proof", text(&identity.identity_proof)),
        (
            "identity_status_source",
            text(&identity.identity_status_source),
        ),
        ("email", text(&identity.email)),
        ("address_line1", text(&identity.address_line1)),
        ("address_line2", text(&identity.address_line2)),
        ("postcode", text(&identity.postcode)),
        ("city", text(&identity.city)),
        ("city_cog", text(&identity.city_cog)),
        ("contact_person", text(&identity.contact_person)),
        ("legal_representative", text(&identity.legal_representative)),
        ("amo_regime", text(&identity.amo_regime)),
        ("amo_caisse", text(&identity.amo_caisse)),
        ("amc_name", text(&identity.amc_name)),
        ("amc_member_number", text(&identity.amc_member_number)),
        (
            "amc_third_party",
            Value::Integer(identity.amc_third_party.into()),
        ),
        ("ald", Value::Integer(identity.ald.into())),
        ("ald_end_date", date_value(identity.ald_end_date)),
        ("aid_scheme", text(&identity.aid_scheme)),
        ("gp_id", text(&identity.gp_id)),
        ("referrer_id", text(&identity.referrer_id)),
        ("notes", text(&identity.notes)),
        ("death_date", date_value(identity.death_date)),
        ("last_visit_on", date_value(identity.last_visit_on)),
    ]
}

/// Identity and file columns a merge can take from the removed file.
pub(crate) const MERGEABLE_COLUMNS: &[&str] = &[
    "birth_name",
    "birth_first_names",
    "used_name",
    "used_first_name",
    "birth_date",
    "sex",
    "birth_place_cog",
    "birth_rank",
    "nir",
    "identity_status",
    "identity_proof",
    "email",
    "address_line1",
    "address_line2",
    "postcode",
    "city",
    "city_cog",
    "contact_person",
    "legal_representative",
    "amo_regime",
    "amo_caisse",
    "amc_name",
    "amc_member_number",
    "amc_third_party",
    "ald",
    "ald_end_date",
    "aid_scheme",
    "gp_id",
    "referrer_id",
    "notes",
    "death_date",
    "last_visit_on",
];

/// The French label of a stored field, for the history and the merge view.
pub fn field_label(column: &str) -> &'static str {
    match column {
        "birth_name" => "Nom de naissance",
        "birth_first_names" => "Prénoms de naissance",
        "used_name" => "Nom utilisé",
        "used_first_name" => "Prénom utilisé",
        "birth_date" => "Date de naissance",
        "sex" => "Sexe",
        "birth_place_cog" => "Lieu de naissance (code INSEE)",
        "birth_rank" => "Rang de naissance",
        "nir" => "NIR",
        "identity_status" => "Statut de l'identité",
        "identity_proof" => "Pièce d'identité",
        "identity_status_source" => "Statut INS établi par",
        "email" => "E-mail",
        "address_line1" => "Adresse",
        "address_line2" => "Complément d'adresse",
        "postcode" => "Code postal",
        "city" => "Commune",
        "city_cog" => "Commune (code INSEE)",
        "contact_person" => "Personne à prévenir",
        "legal_representative" => "Représentant légal",
        "amo_regime" => "Régime obligatoire",
        "amo_caisse" => "Caisse",
        "amc_name" => "Mutuelle",
        "amc_member_number" => "N° d'adhérent mutuelle",
        "amc_third_party" => "Tiers payant mutuelle",
        "ald" => "ALD",
        "ald_end_date" => "Fin de l'ALD",
        "aid_scheme" => "CSS / AME",
        "gp_id" => "Médecin traitant",
        "referrer_id" => "Adresseur",
        "notes" => "Notes",
        "death_date" => "Date de décès",
        "last_visit_on" => "Dernière consultation",
        "phones" => "Téléphones",
        "alerts" => "Alertes",
        _ => "Champ",
    }
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(t) => Some(t.clone()),
        Value::Blob(_) => None,
    }
}

/// Saves a changed file; every changed field gets a history line with its
/// old and new value. Returns the NIR coherence warnings.
pub fn update(cabinet: &mut Cabinet, id: &str, draft: &PatientDraft) -> Result<Vec<String>> {
    let identity = validate(draft, cabinet.today())?;
    check_links(cabinet, &identity)?;
    let now = cabinet.now_utc();
    let columns = stored_columns(&identity);
    let tx = cabinet.conn_mut().transaction()?;
    let select = columns
        .iter()
        .map(|(c, _)| format!("CAST({c} AS TEXT)"))
        .collect::<Vec<_>>()
        .join(", ");
    let before: Option<Vec<Option<String>>> = tx
        .query_row(
            &format!("SELECT {select} FROM patients WHERE id = ?1 AND merged_into IS NULL"),
            [id],
            |row| {
                (0..columns.len())
                    .map(|i| row.get::<_, Option<String>>(i))
                    .collect()
            },
        )
        .optional()?;
    let before = before.ok_or_else(|| {
        field_error("id", "Ce dossier patient n'existe plus (fusionné ou supprimé). Recherchez le patient à nouveau.")
    })?;
    let mut changed = false;
    for ((column, value), old) in columns.iter().zip(&before) {
        let new = as_text(value);
        if *old != new {
            changed = true;
            record_history(
                &tx,
                id,
                &now,
                "modification",
                Some(column),
                old.as_deref(),
                new.as_deref(),
            )?;
        }
    }
    let assignments: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ?{}", i + 3))
        .collect();
    let mut values: Vec<Value> = vec![Value::Text(id.into()), Value::Text(now.clone())];
    values.extend(columns.into_iter().map(|(_, value)| value));
    let listed = |sql: &str| -> Result<Vec<String>> {
        Ok(tx
            .prepare(sql)?
            .query_map([id], |row| row.get(0))?
            .collect::<std::result::Result<_, _>>()?)
    };
    let old_phones = listed(
        "SELECT kind || ' ' || number FROM patient_phones WHERE patient_id = ?1 ORDER BY position",
    )?;
    let old_alerts =
        listed("SELECT text FROM patient_alerts WHERE patient_id = ?1 ORDER BY created_at, rowid")?;
    let new_phones: Vec<String> = identity
        .phones
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if old_phones != new_phones {
        changed = true;
        record_history(
            &tx,
            id,
            &now,
            "modification",
            Some("phones"),
            Some(&old_phones.join(", ")),
            Some(&new_phones.join(", ")),
        )?;
    }
    if old_alerts != identity.alerts {
        changed = true;
        record_history(
            &tx,
            id,
            &now,
            "modification",
            Some("alerts"),
            Some(&old_alerts.join(", ")),
            Some(&identity.alerts.join(", ")),
        )?;
    }
    if !changed {
        return Ok(identity.warnings);
    }
    tx.execute(
        &format!(
            "UPDATE patients SET updated_at = ?2, {} WHERE id = ?1",
            assignments.join(", ")
        ),
        params_from_iter(values),
    )?;
    tx.execute("DELETE FROM patient_phones WHERE patient_id = ?1", [id])?;
    tx.execute("DELETE FROM patient_alerts WHERE patient_id = ?1", [id])?;
    write_phones_and_alerts(&tx, id, &identity, &now)?;
    search::index(&tx, id)?;
    tx.commit()?;
    Ok(identity.warnings)
}

/// One line of a patient's history.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub at: String,
    pub author: Option<String>,
    pub action: String,
    pub field: Option<String>,
    /// French label of the field.
    pub field_label: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

pub fn history(cabinet: &Cabinet, id: &str) -> Result<Vec<HistoryEntry>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT at, author, action, field, old_value, new_value FROM patient_history
         WHERE patient_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = statement.query_map([id], |row| {
        let field: Option<String> = row.get(3)?;
        Ok(HistoryEntry {
            at: row.get(0)?,
            author: row.get(1)?,
            action: row.get(2)?,
            field_label: field.as_deref().map(|f| field_label(f).to_string()),
            field,
            old_value: row.get(4)?,
            new_value: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Archives or brings back a file. Archived patients leave the default
/// search, and nothing is deleted.
pub fn set_archived(cabinet: &mut Cabinet, id: &str, archived: bool) -> Result<()> {
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let changed = tx.execute(
        "UPDATE patients SET archived_at = CASE WHEN ?2 THEN ?3 ELSE NULL END, updated_at = ?3
         WHERE id = ?1 AND (archived_at IS NULL) = ?2",
        params![id, archived, now],
    )?;
    if changed == 1 {
        let action = if archived {
            "archivage"
        } else {
            "desarchivage"
        };
        record_history(&tx, id, &now, action, None, None, None)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn count(cabinet: &Cabinet) -> Result<i64> {
    Ok(cabinet.conn().query_row(
        "SELECT count(*) FROM patients WHERE archived_at IS NULL",
        [],
        |row| row.get(0),
    )?)
}

/// Patients whose birth name, used name or one of the first names starts
/// with `query` (case-insensitive for ASCII), in alphabetical order. The
/// launcher-era list; `search::search` is the secretary's search.
pub fn list(cabinet: &Cabinet, query: &str, limit: u32) -> Result<Vec<PatientRow>> {
    let pattern = format!("{}%", escape_like(query.trim()));
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, birth_name, birth_first_names, used_name, used_first_name, birth_date, sex
         FROM patients
         WHERE archived_at IS NULL
           AND (birth_name LIKE ?1 ESCAPE '\\' OR used_name LIKE ?1 ESCAPE '\\'
                OR birth_first_names LIKE ?1 ESCAPE '\\' OR birth_first_names LIKE '% ' || ?1 ESCAPE '\\'
                OR used_first_name LIKE ?1 ESCAPE '\\')
         ORDER BY coalesce(used_name, birth_name) COLLATE NOCASE, birth_first_names, birth_date
         LIMIT ?2",
    )?;
    let rows = statement.query_map(params![pattern, limit], |row| {
        let birth_name: String = row.get(1)?;
        let birth_first_names: String = row.get(2)?;
        let used_name: Option<String> = row.get(3)?;
        let used_first_name: Option<String> = row.get(4)?;
        let birth_date: String = row.get(5)?;
        let sex: Sex = row.get(6)?;
        Ok(PatientRow {
            id: row.get(0)?,
            display_name: display_name(
                &birth_name,
                &birth_first_names,
                used_name.as_deref(),
                used_first_name.as_deref(),
                sex.as_str(),
            ),
            birth_date: french_date(&birth_date),
            sex,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub fn display_name(
    birth_name: &str,
    birth_first_names: &str,
    used_name: Option<&str>,
    used_first_name: Option<&str>,
    sex: &str,
) -> String {
    let shown_name = used_name.filter(|n| !n.is_empty()).unwrap_or(birth_name);
    let first_name = used_first_name
        .filter(|n| !n.is_empty())
        .or_else(|| birth_first_names.split(' ').next())
        .unwrap_or("");
    let mut text = shown_name.to_uppercase();
    if phonetic::fold(shown_name) != phonetic::fold(birth_name) {
        let born = if sex == "F" { "née" } else { "né" };
        text.push_str(&format!(" ({born} {})", birth_name.to_uppercase()));
    }
    if !first_name.is_empty() {
        text.push(' ');
        text.push_str(first_name);
    }
    text
}

/// Age in whole years on `today`, from a stored 'YYYY-MM-DD' date (0 if unreadable).
pub fn age_on(birth_iso: &str, today: NaiveDate) -> i32 {
    NaiveDate::parse_from_str(birth_iso, "%Y-%m-%d")
        .ok()
        .and_then(|born| today.years_since(born))
        .map_or(0, |years| years as i32)
}

/// 'YYYY-MM-DD' → 'dd/mm/yyyy'; anything else is shown as stored.
pub fn french_date(iso: &str) -> String {
    match NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(date) => dates::french(date),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn draft() -> PatientDraft {
        PatientDraft {
            birth_name: "Durand".into(),
            birth_first_names: "Marie Hélène".into(),
            used_name: Some("Lefèvre".into()),
            birth_date: "03/03/1962".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            phones: vec![PhoneDraft {
                kind: PhoneKind::Mobile,
                number: "06 12 34 56 78".into(),
            }],
            ..PatientDraft::default()
        }
    }

    #[test]
    fn display_name_shows_birth_name_when_different() {
        assert_eq!(
            display_name("Durand", "Marie Hélène", Some("Lefèvre"), None, "F"),
            "LEFÈVRE (née DURAND) Marie"
        );
        assert_eq!(
            display_name("Le Goff", "Jean-Pierre Yves", None, None, "M"),
            "LE GOFF Jean-Pierre"
        );
    }

    #[test]
    fn dates_are_shown_the_french_way() {
        assert_eq!(french_date("1962-03-03"), "03/03/1962");
    }

    #[test]
    fn a_good_draft_is_normalised() {
        let identity = validate(&draft(), today()).unwrap();
        assert_eq!(
            identity.birth_date,
            NaiveDate::from_ymd_opt(1962, 3, 3).unwrap()
        );
        assert_eq!(
            identity.phones,
            vec![(PhoneKind::Mobile, "0612345678".to_string())]
        );
        assert!(identity.warnings.is_empty());
    }

    #[test]
    fn each_bad_field_is_named_with_a_french_message() {
        let cases: Vec<(PatientDraft, &str)> = vec![
            (
                PatientDraft {
                    birth_name: " ".into(),
                    ..draft()
                },
                "birthName",
            ),
            (
                PatientDraft {
                    birth_name: "Dur4nd".into(),
                    ..draft()
                },
                "birthName",
            ),
            (
                PatientDraft {
                    birth_date: "31/02/1962".into(),
                    ..draft()
                },
                "birthDate",
            ),
            (
                PatientDraft {
                    sex: "X".into(),
                    ..draft()
                },
                "sex",
            ),
            (
                PatientDraft {
                    nir: Some("2 62 03 75 111 005 00".into()),
                    ..draft()
                },
                "nir",
            ),
            (
                PatientDraft {
                    identity_status: "validee".into(),
                    ..draft()
                },
                "identityProof",
            ),
            (
                PatientDraft {
                    identity_status: "qualifiee".into(),
                    ..draft()
                },
                "identityStatusSource",
            ),
            (
                PatientDraft {
                    birth_place_cog: Some("Paris".into()),
                    ..draft()
                },
                "birthPlaceCog",
            ),
            (
                PatientDraft {
                    email: Some("marie@".into()),
                    ..draft()
                },
                "email",
            ),
        ];
        for (bad, expected_field) in cases {
            match validate(&bad, today()) {
                Err(CoreError::InvalidInput { field, message }) => {
                    assert_eq!(field, expected_field, "{message}");
                    assert!(!message.is_empty());
                }
                other => panic!("{expected_field}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_ins_status_set_elsewhere_is_recorded_with_its_source() {
        let recorded = PatientDraft {
            identity_status: "qualifiee".into(),
            identity_status_source: Some("INSi, CH de Lens, 12/03/2025".into()),
            ..draft()
        };
        let identity = validate(&recorded, today()).unwrap();
        assert_eq!(identity.identity_status, "qualifiee");
        assert_eq!(
            identity.identity_status_source.as_deref(),
            Some("INSi, CH de Lens, 12/03/2025")
        );
    }

    #[test]
    fn validated_identity_needs_a_high_trust_document() {
        let ok = PatientDraft {
            identity_status: "validee".into(),
            identity_proof: Some("passeport".into()),
            ..draft()
        };
        assert!(validate(&ok, today()).is_ok());
        let weak = PatientDraft {
            identity_status: "validee".into(),
            identity_proof: Some("livret_famille".into()),
            ..draft()
        };
        assert!(validate(&weak, today()).is_err());
    }

    #[test]
    fn a_nir_that_disagrees_is_a_warning_not_a_refusal() {
        let with_nir = PatientDraft {
            nir: Some(crate::nir::with_key("1620375111005").unwrap()),
            ..draft()
        };
        let identity = validate(&with_nir, today()).unwrap();
        assert_eq!(identity.warnings.len(), 1, "{:?}", identity.warnings);
        assert!(identity.warnings[0].contains("sexe"));
    }
}
