//! The patient file as the file view shows it: everything in one read, plus
//! the draft to edit it.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::correspondants::{self, Correspondant};
use crate::error::{CoreError, Result};
use crate::nir;
use crate::phone;

use super::retention::{self, Retention};
use super::{display_name, PatientDraft, PhoneDraft, PhoneKind};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PhoneView {
    pub kind: PhoneKind,
    /// `06 12 34 56 78`
    pub number: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PatientFile {
    pub id: String,
    pub display_name: String,
    pub age: i32,
    /// `2 62 03 75 111 005 64`
    pub nir_display: Option<String>,
    /// "Saint-Étienne (42)" for the stored COG code.
    pub birth_place_label: Option<String>,
    /// The linked correspondants, for display.
    pub gp: Option<Correspondant>,
    pub referrer: Option<Correspondant>,
    pub phones: Vec<PhoneView>,
    pub alerts: Vec<String>,
    pub archived: bool,
    /// Merged into another file (kept for the trace): its id.
    pub merged_into: Option<String>,
    pub retention: Option<Retention>,
    /// RFC 3339
    pub created_at: String,
    pub updated_at: String,
    /// The file as the form edits it (dates as dd/mm/yyyy).
    pub draft: PatientDraft,
}

fn french(iso: Option<String>) -> Option<String> {
    iso.map(|text| super::french_date(&text))
}

/// The file view of one patient. Reading it is opening the file: the
/// opening is recorded in the audit trail ("who opened this file").
pub fn get(cabinet: &Cabinet, id: &str) -> Result<PatientFile> {
    let file = read(cabinet, id)?;
    crate::audit::record(
        cabinet,
        &crate::audit::Event {
            action: "open",
            object_kind: "patient",
            object_id: Some(id),
            patient_id: Some(id),
            ..Default::default()
        },
    )?;
    Ok(file)
}

pub(super) fn read(cabinet: &Cabinet, id: &str) -> Result<PatientFile> {
    let conn = cabinet.conn();
    let row = conn
        .query_row(
            "SELECT birth_name, birth_first_names, used_name, used_first_name, birth_date, sex,
                    birth_place_cog, birth_rank, nir, identity_status, identity_proof, email,
                    address_line1, address_line2, postcode, city, city_cog, contact_person,
                    legal_representative, amo_regime, amo_caisse, amc_name, amc_member_number,
                    amc_third_party, ald, ald_end_date, aid_scheme, gp_id, referrer_id, notes,
                    death_date, last_visit_on, archived_at IS NOT NULL, merged_into, created_at, updated_at,
                    identity_status_source
             FROM patients WHERE id = ?1",
            [id],
            |row| {
                let draft = PatientDraft {
                    birth_name: row.get(0)?,
                    birth_first_names: row.get(1)?,
                    used_name: row.get(2)?,
                    used_first_name: row.get(3)?,
                    birth_date: super::french_date(&row.get::<_, String>(4)?),
                    sex: row.get(5)?,
                    birth_place_cog: row.get(6)?,
                    birth_rank: Some(row.get(7)?),
                    nir: row.get(8)?,
                    identity_status: row.get(9)?,
                    identity_proof: row.get(10)?,
                    identity_status_source: row.get(36)?,
                    phones: Vec::new(),
                    email: row.get(11)?,
                    address_line1: row.get(12)?,
                    address_line2: row.get(13)?,
                    postcode: row.get(14)?,
                    city: row.get(15)?,
                    city_cog: row.get(16)?,
                    contact_person: row.get(17)?,
                    legal_representative: row.get(18)?,
                    amo_regime: row.get(19)?,
                    amo_caisse: row.get(20)?,
                    amc_name: row.get(21)?,
                    amc_member_number: row.get(22)?,
                    amc_third_party: row.get(23)?,
                    ald: row.get(24)?,
                    ald_end_date: french(row.get(25)?),
                    aid_scheme: row.get(26)?,
                    gp_id: row.get(27)?,
                    referrer_id: row.get(28)?,
                    notes: row.get(29)?,
                    alerts: Vec::new(),
                    death_date: french(row.get(30)?),
                    last_visit_on: french(row.get(31)?),
                };
                Ok((
                    draft,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(31)?,
                    row.get::<_, Option<String>>(30)?,
                    row.get::<_, bool>(32)?,
                    row.get::<_, Option<String>>(33)?,
                    row.get::<_, String>(34)?,
                    row.get::<_, String>(35)?,
                ))
            },
        )
        .optional()?;
    let (
        mut draft,
        birth_iso,
        last_visit_on,
        death_iso,
        archived,
        merged_into,
        created_at,
        updated_at,
    ) = row.ok_or_else(|| CoreError::InvalidInput {
        field: "id",
        message: "Ce dossier patient n'existe plus. Recherchez le patient à nouveau.".into(),
    })?;
    let mut phones = Vec::new();
    let mut statement = conn.prepare_cached(
        "SELECT kind, number FROM patient_phones WHERE patient_id = ?1 ORDER BY position",
    )?;
    for row in statement.query_map([id], |row| {
        Ok((row.get::<_, PhoneKind>(0)?, row.get::<_, String>(1)?))
    })? {
        let (kind, number) = row?;
        phones.push(PhoneView {
            kind,
            number: phone::display(&number),
        });
        draft.phones.push(PhoneDraft {
            kind,
            number: phone::display(&number),
        });
    }
    let mut statement = conn.prepare_cached(
        "SELECT text FROM patient_alerts WHERE patient_id = ?1 ORDER BY created_at, rowid",
    )?;
    draft.alerts = statement
        .query_map([id], |row| row.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let today = cabinet.today();
    let parse =
        |text: &str| NaiveDate::parse_from_str(text.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
    let birth = parse(&birth_iso);
    let age = super::age_on(&birth_iso, today);
    let retention = birth
        .zip(retention::last_visit(last_visit_on.as_deref(), &created_at))
        .map(|(born, visit)| {
            retention::retention(born, visit, death_iso.as_deref().and_then(parse), today)
        });
    Ok(PatientFile {
        id: id.to_string(),
        display_name: display_name(
            &draft.birth_name,
            &draft.birth_first_names,
            draft.used_name.as_deref(),
            draft.used_first_name.as_deref(),
            &draft.sex,
        ),
        age,
        nir_display: draft
            .nir
            .as_deref()
            .and_then(|text| nir::parse(text).ok())
            .map(|parsed| parsed.formatted()),
        gp: draft
            .gp_id
            .as_deref()
            .map(|gp| correspondants::get(cabinet, gp))
            .transpose()?
            .flatten(),
        referrer: draft
            .referrer_id
            .as_deref()
            .map(|referrer| correspondants::get(cabinet, referrer))
            .transpose()?
            .flatten(),
        birth_place_label: draft
            .birth_place_cog
            .as_deref()
            .and_then(crate::reference::place_label),
        alerts: draft.alerts.clone(),
        phones,
        archived,
        merged_into,
        retention,
        created_at,
        updated_at,
        draft,
    })
}
