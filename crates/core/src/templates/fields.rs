//! The catalogue of merge fields a template may hold, with their French
//! labels, and the values one patient's file gives them.
//!
//! She picks fields from this list; she never types their syntax. Each
//! field's key is also the minijinja expression that computes it (the
//! agreement helpers are small expressions over the patient's sex), and
//! only keys of this catalogue are ever evaluated: a stored template cannot
//! smuggle an expression in.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::printable::Letterhead;

/// One field she can insert.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MergeField {
    /// « patient.birthName »: what a `mergeField` node's `attrs.field` holds.
    pub key: &'static str,
    /// « Nom de naissance ».
    pub label: &'static str,
    /// The picker's heading: « Patient », « Praticien », « Accords »…
    pub group: &'static str,
    /// What it looks like for a made-up patient, for the picker.
    pub example: &'static str,
    /// The minijinja expression computing it (the key itself for a plain value).
    #[serde(skip)]
    pub expression: &'static str,
}

const fn plain(
    key: &'static str,
    label: &'static str,
    group: &'static str,
    example: &'static str,
) -> MergeField {
    MergeField {
        key,
        label,
        group,
        example,
        expression: key,
    }
}

const PATIENT: &str = "Patient";
const CORRESPONDANTS: &str = "Correspondants";
const PRACTITIONER: &str = "Praticien";
const DATES: &str = "Dates";
const AGREEMENT: &str = "Accords (selon le sexe du patient)";
const RECIPIENT: &str = "Destinataire (courriers)";

/// Every field, in the picker's order.
pub const CATALOGUE: &[MergeField] = &[
    plain("patient.civility", "Civilité (M. / Mme)", PATIENT, "Mme"),
    plain("patient.displayName", "Prénom et nom", PATIENT, "Jeanne ALLAIN"),
    plain("patient.birthName", "Nom de naissance", PATIENT, "DUPONT"),
    plain("patient.usedName", "Nom utilisé", PATIENT, "ALLAIN"),
    plain("patient.firstNames", "Prénoms de naissance", PATIENT, "Jeanne Marie"),
    plain("patient.birthDate", "Date de naissance", PATIENT, "12/03/1956"),
    plain("patient.age", "Âge", PATIENT, "70 ans"),
    plain("patient.sex", "Sexe", PATIENT, "féminin"),
    plain("patient.nir", "NIR (n° de sécurité sociale)", PATIENT, "2 56 03 75 111 222 33"),
    plain("patient.address", "Adresse du patient", PATIENT, "3 rue des Lilas, 75011 Paris"),
    plain("patient.legalRepresentative", "Représentant légal (mineur)", PATIENT, "Mme Anne DUPONT (mère)"),
    plain("gp.name", "Médecin traitant", CORRESPONDANTS, "Dr Anne Roux"),
    plain("gp.address", "Adresse du médecin traitant", CORRESPONDANTS, "12 place de la Mairie, 35000 Rennes"),
    plain("referrer.name", "Médecin adresseur", CORRESPONDANTS, "Dr Paul Girard"),
    plain("referrer.address", "Adresse du médecin adresseur", CORRESPONDANTS, "8 rue Haute, 35000 Rennes"),
    plain("recipient.salutation", "Formule d'appel (« Cher confrère »)", RECIPIENT, "Cher confrère"),
    plain("recipient.name", "Nom du destinataire", RECIPIENT, "Dr Paul Girard"),
    plain("recipient.address", "Adresse du destinataire", RECIPIENT, "8 rue Haute, 35000 Rennes"),
    plain("practitioner.name", "Nom du praticien", PRACTITIONER, "Dr Sophie Lambert"),
    plain("practitioner.specialty", "Spécialité", PRACTITIONER, "Cardiologie"),
    plain("practitioner.rpps", "N° RPPS", PRACTITIONER, "10001234567"),
    plain("practitioner.address", "Adresse du cabinet", PRACTITIONER, "5 avenue Foch, 75016 Paris"),
    plain("practitioner.phone", "Téléphone du cabinet", PRACTITIONER, "01 23 45 67 89"),
    plain("consultation.date", "Date de la consultation", DATES, "7 décembre 2026"),
    plain("today", "Date du jour", DATES, "7 décembre 2026"),
    MergeField {
        key: "accord.ne",
        label: "né / née",
        group: AGREEMENT,
        example: "née",
        expression: "'née' if patient.sexCode == 'F' else 'né' if patient.sexCode == 'M' else 'né(e)'",
    },
    MergeField {
        key: "accord.age",
        label: "âgé / âgée",
        group: AGREEMENT,
        example: "âgée",
        expression: "'âgée' if patient.sexCode == 'F' else 'âgé' if patient.sexCode == 'M' else 'âgé(e)'",
    },
    MergeField {
        key: "accord.adresse",
        label: "adressé / adressée",
        group: AGREEMENT,
        example: "adressée",
        expression: "'adressée' if patient.sexCode == 'F' else 'adressé' if patient.sexCode == 'M' else 'adressé(e)'",
    },
    MergeField {
        key: "accord.vu",
        label: "vu / vue",
        group: AGREEMENT,
        example: "vue",
        expression: "'vue' if patient.sexCode == 'F' else 'vu' if patient.sexCode == 'M' else 'vu(e)'",
    },
    MergeField {
        key: "accord.il",
        label: "il / elle",
        group: AGREEMENT,
        example: "elle",
        expression: "'elle' if patient.sexCode == 'F' else 'il' if patient.sexCode == 'M' else 'il ou elle'",
    },
    MergeField {
        key: "accord.Il",
        label: "Il / Elle (début de phrase)",
        group: AGREEMENT,
        example: "Elle",
        expression: "'Elle' if patient.sexCode == 'F' else 'Il' if patient.sexCode == 'M' else 'Il ou elle'",
    },
    MergeField {
        key: "accord.lePatient",
        label: "le patient / la patiente",
        group: AGREEMENT,
        example: "la patiente",
        expression: "'la patiente' if patient.sexCode == 'F' else 'le patient' if patient.sexCode == 'M' else 'le patient ou la patiente'",
    },
    MergeField {
        key: "accord.LePatient",
        label: "Le patient / La patiente (début de phrase)",
        group: AGREEMENT,
        example: "La patiente",
        expression: "'La patiente' if patient.sexCode == 'F' else 'Le patient' if patient.sexCode == 'M' else 'Le patient ou la patiente'",
    },
    MergeField {
        key: "accord.cherConfrere",
        label: "Monsieur / Madame (du patient, en toutes lettres)",
        group: AGREEMENT,
        example: "Madame",
        expression: "'Madame' if patient.sexCode == 'F' else 'Monsieur' if patient.sexCode == 'M' else 'Madame, Monsieur'",
    },
];

/// The catalogue entry of a key, if there is one.
pub fn find(key: &str) -> Option<&'static MergeField> {
    CATALOGUE.iter().find(|field| field.key == key)
}

/// The catalogue, for the UI's picker.
pub fn catalogue() -> Vec<MergeField> {
    CATALOGUE.to_vec()
}

/// « 70 ans », « 1 an », and in months under two years (« 18 mois »), as
/// a paediatric report says it. `None` for a birth date after `on`.
pub fn french_age(birth: NaiveDate, on: NaiveDate) -> Option<String> {
    let months = on.years_since(birth).map(|years| years * 12)?;
    let extra_months = {
        let mut count = 0;
        let mut anniversary = birth
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(birth);
        while let Some(next) = anniversary.checked_add_months(chrono::Months::new(1)) {
            if next > on {
                break;
            }
            count += 1;
            anniversary = next;
        }
        count
    };
    let total_months = months + extra_months;
    Some(match total_months {
        0..=23 => format!("{total_months} mois"),
        _ if total_months / 12 == 1 => "1 an".to_string(),
        _ => format!("{} ans", total_months / 12),
    })
}

/// Who and when a template is filled for.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FillContext {
    /// `None`: « patient à identifier » — every patient field is missing.
    pub patient_id: Option<String>,
    pub practitioner_id: Option<String>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`; `None`: today.
    pub consultation_date: Option<String>,
    /// The letter being written: its addressee fills the « Destinataire »
    /// fields.
    #[serde(default)]
    pub letter_id: Option<String>,
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        map.insert(key.to_string(), Value::String(value));
    }
}

fn joined(parts: &[Option<String>], separator: &str) -> Option<String> {
    let present: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    (!present.is_empty()).then(|| present.join(separator))
}

/// The consultation's day: the one given, or today.
pub(super) fn consultation_day(cabinet: &Cabinet, context: &FillContext) -> Result<NaiveDate> {
    match context.consultation_date.as_deref() {
        Some(text) if !text.trim().is_empty() => crate::dates::parse_date(text, "consultationDate"),
        _ => Ok(cabinet.today()),
    }
}

/// The values this file gives, as the minijinja context: a field without a
/// value is absent, so the strict engine reports it instead of printing
/// nothing.
pub(super) fn values(cabinet: &Cabinet, context: &FillContext) -> Result<Value> {
    let consultation = consultation_day(cabinet, context)?;
    let mut root = Map::new();
    root.insert(
        "consultation".into(),
        json!({ "date": crate::documents::printing::long_french_date(consultation) }),
    );
    root.insert(
        "today".into(),
        json!(crate::documents::printing::long_french_date(
            cabinet.today()
        )),
    );
    if let Some(patient_id) = context.patient_id.as_deref() {
        let (patient, gp, referrer) = patient_values(cabinet, patient_id, consultation)?;
        root.insert("patient".into(), Value::Object(patient));
        root.insert("gp".into(), Value::Object(gp));
        root.insert("referrer".into(), Value::Object(referrer));
    }
    if let Some(letter) = context
        .letter_id
        .as_deref()
        .map(|id| crate::documents::letters::get(cabinet, id))
        .transpose()?
        .flatten()
    {
        let mut recipient = Map::new();
        put(&mut recipient, "salutation", Some(letter.to.salutation));
        put(&mut recipient, "name", Some(letter.to.name));
        put(
            &mut recipient,
            "address",
            Some(letter.to.address_lines[1..].join(", ")),
        );
        root.insert("recipient".into(), Value::Object(recipient));
    }
    if let Some(practitioner_id) = context.practitioner_id.as_deref() {
        let letterhead = letterhead(cabinet, practitioner_id)?;
        let mut practitioner = Map::new();
        put(&mut practitioner, "name", Some(letterhead.name));
        put(&mut practitioner, "specialty", Some(letterhead.specialty));
        put(&mut practitioner, "rpps", Some(letterhead.rpps));
        put(
            &mut practitioner,
            "address",
            Some(letterhead.address_lines.join(", ")),
        );
        put(&mut practitioner, "phone", Some(letterhead.phone));
        root.insert("practitioner".into(), Value::Object(practitioner));
    }
    Ok(Value::Object(root))
}

/// One patient's row as the fields need it.
struct PatientRow {
    birth_name: String,
    first_names: String,
    used_name: Option<String>,
    used_first_name: Option<String>,
    birth_date: String,
    sex: String,
    nir: Option<String>,
    address: [Option<String>; 3],
    legal_representative: Option<String>,
    gp: [Option<String>; 2],
    referrer: [Option<String>; 2],
}

fn read_patient(cabinet: &Cabinet, patient_id: &str) -> Result<PatientRow> {
    let row = cabinet
        .conn()
        .query_row(
            "SELECT p.birth_name, p.birth_first_names, p.used_name, p.used_first_name,
                    p.birth_date, p.sex, p.nir, p.address_line1, p.address_line2,
                    trim(coalesce(p.postcode, '') || ' ' || coalesce(p.city, '')),
                    p.legal_representative, gp.name, gp.address, ref.name, ref.address,
                    p.merged_into
             FROM patients p
             LEFT JOIN correspondants gp ON gp.id = p.gp_id
             LEFT JOIN correspondants ref ON ref.id = p.referrer_id
             WHERE p.id = ?1",
            [patient_id],
            |row| {
                let merged: Option<String> = row.get(15)?;
                Ok((
                    PatientRow {
                        birth_name: row.get(0)?,
                        first_names: row.get(1)?,
                        used_name: row.get(2)?,
                        used_first_name: row.get(3)?,
                        birth_date: row.get(4)?,
                        sex: row.get(5)?,
                        nir: row.get(6)?,
                        address: [row.get(7)?, row.get(8)?, row.get(9)?],
                        legal_representative: row.get(10)?,
                        gp: [row.get(11)?, row.get(12)?],
                        referrer: [row.get(13)?, row.get(14)?],
                    },
                    merged,
                ))
            },
        )
        .optional()?;
    match row {
        Some((patient, None)) => Ok(patient),
        _ => Err(CoreError::invalid(
            "patientId",
            "Ce dossier patient n'existe plus (fusionné ou supprimé). Recherchez le patient à nouveau.",
        )),
    }
}

type PatientMaps = (Map<String, Value>, Map<String, Value>, Map<String, Value>);

fn patient_values(cabinet: &Cabinet, patient_id: &str, on: NaiveDate) -> Result<PatientMaps> {
    let row = read_patient(cabinet, patient_id)?;
    let birth = NaiveDate::parse_from_str(&row.birth_date, "%Y-%m-%d").ok();
    // Surnames in capitals, as the INS rules print them.
    let birth_name = row.birth_name.to_uppercase();
    let used_name = row.used_name.as_deref().map(str::to_uppercase);
    let shown_name = used_name.clone().unwrap_or(birth_name.clone());
    let first_name = row.used_first_name.clone().or_else(|| {
        row.first_names
            .split_whitespace()
            .next()
            .map(str::to_string)
    });
    let mut patient = Map::new();
    put(&mut patient, "sexCode", Some(row.sex.clone()));
    put(
        &mut patient,
        "civility",
        match row.sex.as_str() {
            "F" => Some("Mme".into()),
            "M" => Some("M.".into()),
            _ => None,
        },
    );
    put(
        &mut patient,
        "displayName",
        joined(&[first_name, Some(shown_name)], " "),
    );
    put(&mut patient, "birthName", Some(birth_name));
    put(&mut patient, "usedName", used_name);
    put(&mut patient, "firstNames", Some(row.first_names));
    put(&mut patient, "birthDate", birth.map(crate::dates::french));
    put(
        &mut patient,
        "age",
        birth.and_then(|birth| french_age(birth, on)),
    );
    put(
        &mut patient,
        "sex",
        Some(
            match row.sex.as_str() {
                "F" => "féminin",
                "M" => "masculin",
                _ => "indéterminé",
            }
            .into(),
        ),
    );
    put(
        &mut patient,
        "nir",
        row.nir.map(|nir| crate::nir::spaced(&nir)),
    );
    put(&mut patient, "address", joined(&row.address, ", "));
    put(
        &mut patient,
        "legalRepresentative",
        row.legal_representative,
    );
    let mut gp = Map::new();
    let [gp_name, gp_address] = row.gp;
    put(&mut gp, "name", gp_name);
    put(&mut gp, "address", gp_address);
    let mut referrer = Map::new();
    let [referrer_name, referrer_address] = row.referrer;
    put(&mut referrer, "name", referrer_name);
    put(&mut referrer, "address", referrer_address);
    Ok((patient, gp, referrer))
}

/// The practitioner's letterhead (article R.4127-79 of the Code de la
/// santé publique), as `practitioners` keeps it.
pub fn letterhead(cabinet: &Cabinet, practitioner_id: &str) -> Result<Letterhead> {
    crate::practitioners::get(cabinet, practitioner_id).map(|card| card.letterhead())
}
