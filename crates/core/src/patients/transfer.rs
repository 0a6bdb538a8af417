//! CSV import and export of patients — the first thing a new cabinet does.
//!
//! Import accepts `;` or `,`, UTF-8 (with or without BOM) or Windows-1252,
//! maps columns from their French headers (she can change the mapping),
//! and runs as a dry run, all-or-nothing, or skipping bad lines. Every bad
//! line comes back with its number and a French reason; likely duplicates
//! (of an existing file or of an earlier line) are listed and not imported.
//! Export writes what Excel opens correctly: `;`, UTF-8 with BOM, CRLF.

use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::phonetic;

use super::{
    duplicates, insert, record_history, validate, PatientDraft, PhoneDraft, ValidIdentity,
};

/// What a CSV column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum ImportField {
    BirthName,
    FirstNames,
    UsedName,
    UsedFirstName,
    BirthDate,
    Sex,
    Nir,
    Phone,
    Phone2,
    Email,
    Address,
    Postcode,
    City,
    BirthPlaceCog,
    Notes,
    LastVisit,
    Ignore,
}

impl ImportField {
    /// Recognises a French (or English) header.
    fn from_header(header: &str) -> ImportField {
        let folded = phonetic::fold(header);
        let has = |words: &[&str]| words.iter().any(|w| folded == *w);
        let contains = |part: &str| folded.contains(part);
        if has(&[
            "nom d usage",
            "nom usage",
            "nom utilise",
            "nom marital",
            "nom d epouse",
            "used name",
        ]) {
            ImportField::UsedName
        } else if has(&["prenom usuel", "prenom utilise", "prenom d usage"]) {
            ImportField::UsedFirstName
        } else if has(&[
            "nom",
            "nom de naissance",
            "nom naissance",
            "nom patronymique",
            "name",
            "last name",
            "surname",
        ]) {
            ImportField::BirthName
        } else if has(&[
            "prenom",
            "prenoms",
            "prenoms de naissance",
            "first name",
            "first names",
        ]) {
            ImportField::FirstNames
        } else if contains("naissance") && (contains("date") || folded == "naissance")
            || has(&[
                "ddn",
                "ne le",
                "nee le",
                "ne e le",
                "birth date",
                "date of birth",
            ])
        {
            if contains("lieu") || contains("commune") || contains("code") {
                ImportField::BirthPlaceCog
            } else {
                ImportField::BirthDate
            }
        } else if has(&["sexe", "genre", "sex"]) {
            ImportField::Sex
        } else if has(&[
            "nir",
            "numero de securite sociale",
            "n securite sociale",
            "securite sociale",
            "n ss",
            "nss",
            "insee",
            "matricule",
        ]) {
            ImportField::Nir
        } else if has(&["telephone 2", "tel 2", "telephone fixe", "fixe", "domicile"]) {
            ImportField::Phone2
        } else if has(&[
            "telephone",
            "tel",
            "portable",
            "mobile",
            "telephone portable",
            "phone",
        ]) {
            ImportField::Phone
        } else if has(&[
            "email",
            "e mail",
            "mail",
            "courriel",
            "adresse mail",
            "adresse email",
        ]) {
            ImportField::Email
        } else if has(&["adresse", "address", "rue"]) {
            ImportField::Address
        } else if has(&["code postal", "cp", "postcode", "zip"]) {
            ImportField::Postcode
        } else if has(&["ville", "commune", "city", "localite"]) {
            ImportField::City
        } else if has(&[
            "lieu de naissance",
            "code lieu de naissance",
            "cog naissance",
        ]) {
            ImportField::BirthPlaceCog
        } else if has(&["notes", "note", "remarques", "commentaire", "commentaires"]) {
            ImportField::Notes
        } else if has(&[
            "derniere visite",
            "derniere consultation",
            "dernier rdv",
            "last visit",
        ]) {
            ImportField::LastVisit
        } else {
            ImportField::Ignore
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// "UTF-8" or "Windows-1252"
    pub encoding: String,
    pub separator: String,
    pub headers: Vec<String>,
    /// The proposed mapping, one per column.
    pub mapping: Vec<ImportField>,
    /// The first lines, as read.
    pub sample: Vec<Vec<String>>,
    pub rows: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum ImportMode {
    /// Check everything, change nothing.
    DryRun,
    /// Import only if every line is good.
    AllOrNothing,
    /// Import the good lines, list the bad ones.
    SkipBadLines,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BadLine {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub total: usize,
    pub valid: usize,
    pub imported: usize,
    pub bad_lines: Vec<BadLine>,
    /// Lines that look like an existing file or an earlier line: not imported.
    pub likely_duplicates: Vec<BadLine>,
    pub mode: ImportMode,
}

struct Decoded {
    text: String,
    encoding: &'static str,
    separator: u8,
}

fn decode(bytes: &[u8]) -> Decoded {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(without_bom) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(without_bom);
            (text.into_owned(), "Windows-1252")
        }
    };
    let header = text.lines().next().unwrap_or("");
    let separator = if header.matches(';').count() >= header.matches(',').count() {
        b';'
    } else {
        b','
    };
    Decoded {
        text,
        encoding,
        separator,
    }
}

fn records(decoded: &Decoded) -> Vec<(usize, std::result::Result<Vec<String>, String>)> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(decoded.separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    reader
        .records()
        .map(|record| match record {
            Ok(record) => (
                record.position().map_or(0, |p| p.line() as usize),
                Ok(record.iter().map(|f| f.trim().to_string()).collect()),
            ),
            Err(error) => (
                error.position().map_or(0, |p| p.line() as usize),
                Err(format!("ligne illisible ({error})")),
            ),
        })
        .collect()
}

fn no_rows() -> CoreError {
    CoreError::InvalidInput {
        field: "csv",
        message: "Ce fichier ne contient aucune ligne : vérifiez que c'est bien l'export des patients (CSV).".into(),
    }
}

pub fn preview(bytes: &[u8]) -> Result<ImportPreview> {
    let decoded = decode(bytes);
    let all = records(&decoded);
    let Some((_, Ok(headers))) = all.first().cloned() else {
        return Err(no_rows());
    };
    let mapping = headers
        .iter()
        .map(|h| ImportField::from_header(h))
        .collect();
    let sample = all
        .iter()
        .skip(1)
        .take(10)
        .filter_map(|(_, r)| r.as_ref().ok().cloned())
        .collect();
    Ok(ImportPreview {
        encoding: decoded.encoding.to_string(),
        separator: (decoded.separator as char).to_string(),
        headers,
        mapping,
        sample,
        rows: all.len().saturating_sub(1),
    })
}

fn sex_of(text: &str) -> String {
    match phonetic::fold(text).as_str() {
        "f" | "femme" | "feminin" | "2" | "mme" | "madame" | "mlle" => "F".into(),
        "m" | "h" | "homme" | "masculin" | "1" | "m." | "monsieur" => "M".into(),
        "i" | "indetermine" => "I".into(),
        _ => text.to_string(),
    }
}

fn draft_of(fields: &[String], mapping: &[ImportField]) -> PatientDraft {
    let mut draft = PatientDraft {
        identity_status: "provisoire".into(),
        ..PatientDraft::default()
    };
    for (value, field) in fields.iter().zip(mapping) {
        if value.is_empty() {
            continue;
        }
        let some = Some(value.clone());
        match field {
            ImportField::BirthName => draft.birth_name = value.clone(),
            ImportField::FirstNames => draft.birth_first_names = value.replace(',', " "),
            ImportField::UsedName => draft.used_name = some,
            ImportField::UsedFirstName => draft.used_first_name = some,
            ImportField::BirthDate => draft.birth_date = value.clone(),
            ImportField::Sex => draft.sex = sex_of(value),
            ImportField::Nir => draft.nir = some,
            ImportField::Phone => draft.phones.insert(
                0,
                PhoneDraft {
                    kind: super::PhoneKind::Mobile,
                    number: value.clone(),
                },
            ),
            ImportField::Phone2 => draft.phones.push(PhoneDraft {
                kind: super::PhoneKind::Domicile,
                number: value.clone(),
            }),
            ImportField::Email => draft.email = some,
            ImportField::Address => draft.address_line1 = some,
            ImportField::Postcode => draft.postcode = some,
            ImportField::City => draft.city = some,
            ImportField::BirthPlaceCog => draft.birth_place_cog = some,
            ImportField::Notes => draft.notes = some,
            ImportField::LastVisit => draft.last_visit_on = some,
            ImportField::Ignore => {}
        }
    }
    draft
}

/// Imports patients from CSV bytes with the given column mapping.
pub fn import(
    cabinet: &mut Cabinet,
    bytes: &[u8],
    mapping: &[ImportField],
    mode: ImportMode,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    for required in [
        ImportField::BirthName,
        ImportField::FirstNames,
        ImportField::BirthDate,
        ImportField::Sex,
    ] {
        if !mapping.contains(&required) {
            return Err(CoreError::InvalidInput {
                field: "mapping",
                message: format!(
                    "Indiquez quelle colonne contient : {}. Le nom de naissance, le prénom, la date de naissance et le sexe sont indispensables.",
                    match required {
                        ImportField::BirthName => "le nom de naissance",
                        ImportField::FirstNames => "le prénom",
                        ImportField::BirthDate => "la date de naissance",
                        _ => "le sexe",
                    }
                ),
            });
        }
    }
    let decoded = decode(bytes);
    let all = records(&decoded);
    if all.len() < 2 {
        return Err(no_rows());
    }
    let today = cabinet.today();
    let total = all.len() - 1;
    let mut good: Vec<(usize, ValidIdentity)> = Vec::new();
    let mut bad_lines = Vec::new();
    let mut likely_duplicates = Vec::new();
    let mut seen: Vec<(String, String, chrono::NaiveDate, usize)> = Vec::new();
    for (index, (line, record)) in all.into_iter().skip(1).enumerate() {
        if index % 500 == 0 {
            progress(index, total);
        }
        let fields = match record {
            Ok(fields) if fields.iter().all(String::is_empty) => continue,
            Ok(fields) => fields,
            Err(reason) => {
                bad_lines.push(BadLine { line, reason });
                continue;
            }
        };
        let identity = match validate(&draft_of(&fields, mapping), today) {
            Ok(identity) => identity,
            Err(error) => {
                bad_lines.push(BadLine {
                    line,
                    reason: error.to_string(),
                });
                continue;
            }
        };
        let key = (
            phonetic::phonetic_key(&identity.birth_name),
            phonetic::phonetic_key(identity.birth_first_names.split(' ').next().unwrap_or("")),
            identity.birth_date,
        );
        if let Some((_, _, _, earlier)) = seen
            .iter()
            .find(|(n, f, d, _)| (n, f, d) == (&key.0, &key.1, &key.2))
        {
            likely_duplicates.push(BadLine {
                line,
                reason: format!("même personne que la ligne {earlier} ?"),
            });
            continue;
        }
        if let Some(existing) = duplicates::candidates(cabinet, &identity)?
            .into_iter()
            .find(|c| c.likely)
        {
            likely_duplicates.push(BadLine {
                line,
                reason: format!(
                    "ressemble au dossier existant {} né(e) le {}",
                    existing.patient.display_name, existing.patient.birth_date
                ),
            });
            continue;
        }
        seen.push((key.0, key.1, key.2, line));
        good.push((line, identity));
    }
    let valid = good.len();
    let proceed = match mode {
        ImportMode::DryRun => false,
        ImportMode::AllOrNothing => bad_lines.is_empty(),
        ImportMode::SkipBadLines => true,
    };
    let mut imported = 0;
    if proceed && !good.is_empty() {
        let now = cabinet.now_utc();
        let tx = cabinet.conn_mut().transaction()?;
        for (done, (_, identity)) in good.iter().enumerate() {
            let id = new_id();
            insert(&tx, &id, identity, &now)?;
            record_history(&tx, &id, &now, "creation", Some("import"), None, None)?;
            if done % 500 == 0 {
                progress(done, valid);
            }
        }
        tx.commit()?;
        imported = valid;
    }
    progress(total, total);
    Ok(ImportReport {
        total,
        valid,
        imported,
        bad_lines,
        likely_duplicates,
        mode,
    })
}

/// The characters that make a spreadsheet read a cell as a formula
/// (OWASP, "CSV injection"): `=`, `+`, `-`, `@`, and tab or carriage
/// return, which some spreadsheets skip before one of these.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One exported cell. A cell starting with a formula character gets a
/// single quote in front (`'=1+1`, `'+32 2 555 12 34`): OWASP's standard
/// answer, which makes Excel and LibreOffice show the cell as text instead
/// of running it — a name typed `=HYPERLINK(…)` in a patient file stays a
/// name. A foreign phone number keeps every digit and its `+`, readable
/// after the quote. Then the usual CSV quoting for `;`, `"` and line breaks.
fn csv_field(text: &str) -> String {
    let neutralised;
    let text = if text.starts_with(FORMULA_STARTS) {
        neutralised = format!("'{text}");
        &neutralised
    } else {
        text
    };
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes the patient list (see [`export`]) to `path` through the guarded
/// writer: never onto the cabinet, its sidecars or a backup, never over an
/// existing file unless `replace` says she confirmed. Answers the size.
pub fn write_export(
    cabinet: &Cabinet,
    path: &std::path::Path,
    replace: crate::storage::guarded_write::Replace,
) -> Result<usize> {
    use crate::storage::guarded_write;
    // Checked first too, so a refused target records no export.
    guarded_write::check_target(path, replace)?;
    let bytes = export(cabinet)?;
    guarded_write::write_file(path, &bytes, replace)?;
    Ok(bytes.len())
}

/// The patient list (not archived, not merged) as Excel reads it.
pub fn export(cabinet: &Cabinet) -> Result<Vec<u8>> {
    crate::audit::record(
        cabinet,
        &crate::audit::Event {
            action: "export",
            object_kind: "patients",
            detail: Some("liste des patients (CSV)"),
            ..Default::default()
        },
    )?;
    let mut out = String::from("\u{feff}");
    let headers = [
        "Nom de naissance",
        "Prénoms",
        "Nom utilisé",
        "Prénom utilisé",
        "Date de naissance",
        "Sexe",
        "Lieu de naissance",
        "NIR",
        "Téléphone",
        "Téléphone 2",
        "E-mail",
        "Adresse",
        "Code postal",
        "Ville",
    ];
    out.push_str(&headers.join(";"));
    out.push_str("\r\n");
    let mut statement = cabinet.conn().prepare(
        "SELECT p.birth_name, p.birth_first_names, coalesce(p.used_name, ''), coalesce(p.used_first_name, ''),
                p.birth_date, p.sex, coalesce(p.birth_place_cog, ''), coalesce(p.nir, ''),
                coalesce((SELECT number FROM patient_phones f WHERE f.patient_id = p.id ORDER BY position LIMIT 1), ''),
                coalesce((SELECT number FROM patient_phones f WHERE f.patient_id = p.id ORDER BY position LIMIT 1 OFFSET 1), ''),
                coalesce(p.email, ''), coalesce(p.address_line1, ''), coalesce(p.postcode, ''), coalesce(p.city, '')
         FROM patients p WHERE p.archived_at IS NULL AND p.merged_into IS NULL
         ORDER BY p.birth_name, p.birth_first_names, p.birth_date",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let mut fields = Vec::with_capacity(headers.len());
        for index in 0..headers.len() {
            let value: String = row.get(index)?;
            let shown = match index {
                4 => super::french_date(&value),
                8 | 9 => crate::phone::display(&value),
                _ => value,
            };
            fields.push(csv_field(&shown));
        }
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_headers_are_recognised() {
        let cases = [
            ("NOM", ImportField::BirthName),
            ("Nom de naissance", ImportField::BirthName),
            ("Prénom", ImportField::FirstNames),
            ("Nom d'usage", ImportField::UsedName),
            ("Date de naissance", ImportField::BirthDate),
            ("Né(e) le", ImportField::BirthDate),
            ("Sexe", ImportField::Sex),
            ("N° Sécurité sociale", ImportField::Nir),
            ("Portable", ImportField::Phone),
            ("Courriel", ImportField::Email),
            ("CP", ImportField::Postcode),
            ("Ville", ImportField::City),
            ("Couleur préférée", ImportField::Ignore),
        ];
        for (header, expected) in cases {
            assert_eq!(ImportField::from_header(header), expected, "{header}");
        }
    }

    #[test]
    fn windows_1252_and_commas_are_read() {
        let bytes = encoding_rs::WINDOWS_1252
            .encode("Nom,Prénom,Date de naissance,Sexe\nLefèvre,Hélène,03/03/1962,F\n")
            .0;
        let preview = preview(&bytes).unwrap();
        assert_eq!(preview.encoding, "Windows-1252");
        assert_eq!(preview.separator, ",");
        assert_eq!(preview.sample[0][0], "Lefèvre");
        assert_eq!(preview.mapping[1], ImportField::FirstNames);
    }

    #[test]
    fn export_cells_never_start_a_formula() {
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\";\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""
        );
        // A foreign phone stays readable: every digit, its +, after the quote.
        assert_eq!(csv_field("+32 2 555 12 34"), "'+32 2 555 12 34");
        assert_eq!(csv_field("06 12 34 56 78"), "06 12 34 56 78");
        assert_eq!(csv_field("Jean-Pierre"), "Jean-Pierre");
    }

    proptest::proptest! {
        /// Whatever a field holds, the exported cell — once a spreadsheet
        /// has removed the CSV quoting — never begins with a formula
        /// character, and it still shows every character of the field.
        #[test]
        fn no_exported_cell_begins_with_a_formula_character(text in "[=+@\t\r\n;\"a-zA-Zé0-9 -]{0,12}") {
            let cell = csv_field(&text);
            let unquoted = match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                Some(inner) => inner.replace("\"\"", "\""),
                None => cell.clone(),
            };
            proptest::prop_assert!(!unquoted.starts_with(FORMULA_STARTS), "{:?} → {:?}", text, cell);
            let shown = unquoted.strip_prefix('\'').filter(|_| text.starts_with(FORMULA_STARTS)).unwrap_or(&unquoted);
            proptest::prop_assert_eq!(shown, text.as_str());
        }
    }

    #[test]
    fn export_fields_with_separators_are_quoted() {
        assert_eq!(csv_field("Dupont; fils"), "\"Dupont; fils\"");
        assert_eq!(csv_field("dit \"Jo\""), "\"dit \"\"Jo\"\"\"");
        assert_eq!(csv_field("simple"), "simple");
    }
}
