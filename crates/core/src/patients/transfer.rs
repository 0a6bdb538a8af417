//! CSV import and export of patients — the first thing a new cabinet does.
//!
//! Import accepts `;` or `,`, UTF-8 (with or without BOM) or Windows-1252,
//! maps columns from their French headers (she can change the mapping),
//! and runs as a dry run, all-or-nothing, or skipping bad lines. Every bad
//! line comes back with its number and a French reason; likely duplicates
//! (of an existing file or of an earlier line) are listed and not imported.
//! Export writes what Excel opens correctly: `;`, UTF-8 with BOM, CRLF.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::chosen_file::{self, SizeLimit};
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

/// The largest CSV she can import at once: a cabinet of 100 000 patients
/// exports to about 20 MB.
pub const MAX_FILE: SizeLimit = SizeLimit {
    bytes: 50_000_000,
    advice: "Découpez-le en plusieurs fichiers (par exemple par ordre alphabétique des noms) et importez-les l'un après l'autre.",
};

/// The most lines one import reads: far above any cabinet's list (a large
/// group practice has tens of thousands of patients), and what bounds the
/// memory an import takes whatever the lines hold.
pub const MAX_ROWS: usize = 200_000;

fn within_max_rows(rows: usize) -> Result<()> {
    if rows > MAX_ROWS {
        return Err(CoreError::InvalidInput {
            field: "csv",
            message: format!(
                "Ce fichier compte {rows} lignes : Carnet en importe au plus {MAX_ROWS} à la fois (la ligne {} est la première de trop). Découpez-le en plusieurs fichiers et importez-les l'un après l'autre.",
                MAX_ROWS + 2
            ),
        });
    }
    Ok(())
}

/// Reads the CSV file she chose, refusing one over [`MAX_FILE`] before
/// reading it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    chosen_file::read(path, &MAX_FILE)
}

struct Decoded<'a> {
    /// Borrowed from the file's bytes when they are UTF-8: no copy.
    text: Cow<'a, str>,
    encoding: &'static str,
    separator: u8,
}

fn decode(bytes: &[u8]) -> Decoded<'_> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(without_bom) {
        Ok(text) => (Cow::Borrowed(text), "UTF-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(without_bom);
            (text, "Windows-1252")
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

fn reader<'a>(decoded: &'a Decoded<'_>) -> csv::Reader<&'a [u8]> {
    csv::ReaderBuilder::new()
        .delimiter(decoded.separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes())
}

/// Line numbers as an editor shows them, whatever ends the lines: LF,
/// CRLF (Excel) or a bare CR (old Mac files). The CSV reader counts only
/// LFs, and a CRLF record starts on the LF of the line before.
struct LineCounter<'a> {
    text: &'a [u8],
    counted_to: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line of the record at byte `offset`; offsets come in increasing
    /// order. A record's offset may be on the line ends before it (blank
    /// lines, the LF of a CRLF): its line is the first one with content.
    fn line_at(&mut self, offset: u64) -> usize {
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        for at in self.counted_to..offset {
            let ends_a_line = match self.text[at] {
                b'\r' => true,
                b'\n' => at == 0 || self.text[at - 1] != b'\r',
                _ => false,
            };
            if ends_a_line {
                self.line += 1;
            }
        }
        self.counted_to = self.counted_to.max(offset);
        self.line
    }
}

/// The records one at a time, each with its line number: never the whole
/// file as a list of strings.
fn records<'a>(
    decoded: &'a Decoded<'_>,
) -> impl Iterator<Item = (usize, std::result::Result<Vec<String>, String>)> + 'a {
    let mut lines = LineCounter {
        text: decoded.text.as_bytes(),
        counted_to: 0,
        line: 1,
    };
    reader(decoded)
        .into_records()
        .map(move |record| match record {
            Ok(record) => (
                record.position().map_or(0, |p| lines.line_at(p.byte())),
                Ok(record.iter().map(|f| read_cell(f.trim())).collect()),
            ),
            Err(error) => (
                error.position().map_or(0, |p| lines.line_at(p.byte())),
                Err(format!("ligne illisible ({error})")),
            ),
        })
}

/// How many records the file holds (the header included), counted without
/// keeping any: the progress needs the total before the lines are checked.
fn count_records(decoded: &Decoded<'_>) -> usize {
    let mut reader = reader(decoded);
    let mut record = csv::ByteRecord::new();
    let mut count = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => count += 1,
            Ok(false) => break,
            // An unreadable record is still a line to report.
            Err(_) => count += 1,
        }
    }
    count
}

fn no_rows() -> CoreError {
    CoreError::InvalidInput {
        field: "csv",
        message: "Ce fichier ne contient aucune ligne : vérifiez que c'est bien l'export des patients (CSV).".into(),
    }
}

pub fn preview(bytes: &[u8]) -> Result<ImportPreview> {
    let decoded = decode(bytes);
    let mut all = records(&decoded);
    let Some((_, Ok(headers))) = all.next() else {
        return Err(no_rows());
    };
    let mapping = headers
        .iter()
        .map(|h| ImportField::from_header(h))
        .collect();
    let mut sample = Vec::new();
    let mut rows = 0;
    for (_, record) in all {
        if rows < 10 {
            if let Ok(fields) = record {
                sample.push(fields);
            }
        }
        rows += 1;
    }
    within_max_rows(rows)?;
    Ok(ImportPreview {
        encoding: decoded.encoding.to_string(),
        separator: (decoded.separator as char).to_string(),
        headers,
        mapping,
        sample,
        rows,
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

fn require_identity_columns(mapping: &[ImportField]) -> Result<()> {
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
    Ok(())
}

/// Who a line is, for telling two lines of the file apart: the sound of the
/// birth name, of the first first name, and the birth date.
type IdentityKey = (String, String, chrono::NaiveDate);

fn identity_key(identity: &ValidIdentity) -> IdentityKey {
    (
        phonetic::phonetic_key(&identity.birth_name),
        phonetic::phonetic_key(identity.birth_first_names.split(' ').next().unwrap_or("")),
        identity.birth_date,
    )
}

/// A CSV file read and checked line by line, before the cabinet is touched:
/// reading needs no cabinet, so it runs without holding the session (she
/// can lock meanwhile, and the idle lock can fire).
pub struct CheckedFile {
    total: usize,
    /// Lines that passed every check, in file order, with their key.
    valid: Vec<(usize, IdentityKey, ValidIdentity)>,
    bad_lines: Vec<BadLine>,
}

impl CheckedFile {
    /// The lines that cannot be imported, with their number and why.
    pub fn bad_lines(&self) -> &[BadLine] {
        &self.bad_lines
    }

    /// How many lines passed every check (duplicates not yet set aside).
    pub fn valid_lines(&self) -> usize {
        self.valid.len()
    }
}

/// Reads and validates every line of a CSV (`today` bounds birth dates).
pub fn check(
    bytes: &[u8],
    mapping: &[ImportField],
    today: chrono::NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<CheckedFile> {
    require_identity_columns(mapping)?;
    let decoded = decode(bytes);
    let records_in_file = count_records(&decoded);
    if records_in_file < 2 {
        return Err(no_rows());
    }
    let total = records_in_file - 1;
    within_max_rows(total)?;
    let mut valid = Vec::new();
    let mut bad_lines = Vec::new();
    for (index, (line, record)) in records(&decoded).skip(1).enumerate() {
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
        match validate(&draft_of(&fields, mapping), today) {
            Ok(identity) => valid.push((line, identity_key(&identity), identity)),
            Err(error) => bad_lines.push(BadLine {
                line,
                reason: error.to_string(),
            }),
        }
    }
    Ok(CheckedFile {
        total,
        valid,
        bad_lines,
    })
}

/// Sets aside, in place, the lines that repeat an earlier kept line of the
/// file (same key) or look like an existing file (`existing` says which, or
/// `None`): one hash lookup per line, however long the file, and no second
/// list of the lines.
fn screen_duplicates<K: std::hash::Hash + Eq, T>(
    lines: &mut Vec<(usize, K, T)>,
    mut existing: impl FnMut(&T) -> Result<Option<String>>,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<BadLine>> {
    let mut likely_duplicates = Vec::new();
    let mut keep = Vec::with_capacity(lines.len());
    let mut first_line_of: HashMap<&K, usize> = HashMap::with_capacity(lines.len());
    for (index, (line, key, item)) in lines.iter().enumerate() {
        progress(index);
        if let Some(earlier) = first_line_of.get(key) {
            likely_duplicates.push(BadLine {
                line: *line,
                reason: format!("même personne que la ligne {earlier} ?"),
            });
            keep.push(false);
            continue;
        }
        if let Some(reason) = existing(item)? {
            likely_duplicates.push(BadLine {
                line: *line,
                reason,
            });
            keep.push(false);
            continue;
        }
        first_line_of.insert(key, *line);
        keep.push(true);
    }
    drop(first_line_of);
    let mut kept = keep.into_iter();
    lines.retain(|_| kept.next().unwrap_or(false));
    Ok(likely_duplicates)
}

/// Writes a checked file into the cabinet: one transaction, after setting
/// aside the lines that look like an existing file or an earlier line.
/// Holds the cabinet only for this part.
pub fn write_checked(
    cabinet: &mut Cabinet,
    checked: CheckedFile,
    mode: ImportMode,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let CheckedFile {
        total,
        valid: mut good,
        bad_lines,
    } = checked;
    let lines = good.len();
    let likely_duplicates = screen_duplicates(
        &mut good,
        |identity| {
            Ok(duplicates::candidates(cabinet, identity)?
                .into_iter()
                .find(|c| c.likely)
                .map(|existing| {
                    format!(
                        "ressemble au dossier existant {} né(e) le {}",
                        existing.patient.display_name, existing.patient.birth_date
                    )
                }))
        },
        &mut |index| {
            if index % 500 == 0 {
                progress(index, lines);
            }
        },
    )?;
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
        for (done, (_, _, identity)) in good.iter().enumerate() {
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

/// Imports patients from CSV bytes with the given column mapping (both
/// phases on a cabinet already held: `carnet-admin`, tests).
pub fn import(
    cabinet: &mut Cabinet,
    bytes: &[u8],
    mapping: &[ImportField],
    mode: ImportMode,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let checked = check(bytes, mapping, cabinet.today(), progress)?;
    write_checked(cabinet, checked, mode, progress)
}

/// A cell as imported: the quote our export puts before a formula
/// character (see [`csv_field`]) is taken off again, so `'+32 2 555 12 34`
/// comes back as the phone it was. Any other leading quote stays.
fn read_cell(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest.to_string(),
        _ => cell.to_string(),
    }
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

    /// The lines kept (number, content) and those set aside.
    type Screened<T> = (Vec<(usize, T)>, Vec<BadLine>);

    /// The duplicate detection as it was before it was keyed: every line
    /// compared with every earlier kept line. Kept here as the reference
    /// the keyed version must agree with.
    fn screen_duplicates_quadratic<K: PartialEq, T>(
        lines: Vec<(usize, K, T)>,
        mut existing: impl FnMut(&T) -> Result<Option<String>>,
    ) -> Result<Screened<T>> {
        let mut kept = Vec::new();
        let mut likely_duplicates = Vec::new();
        let mut seen: Vec<(K, usize)> = Vec::new();
        for (line, key, item) in lines {
            if let Some((_, earlier)) = seen.iter().find(|(k, _)| *k == key) {
                likely_duplicates.push(BadLine {
                    line,
                    reason: format!("même personne que la ligne {earlier} ?"),
                });
                continue;
            }
            if let Some(reason) = existing(&item)? {
                likely_duplicates.push(BadLine { line, reason });
                continue;
            }
            seen.push((key, line));
            kept.push((line, item));
        }
        Ok((kept, likely_duplicates))
    }

    fn lines_and_reasons(found: &[BadLine]) -> Vec<(usize, String)> {
        found.iter().map(|b| (b.line, b.reason.clone())).collect()
    }

    proptest::proptest! {
        /// Keyed and quadratic detection set aside the same lines for the
        /// same reasons, on real identity keys (names that sound alike,
        /// dates) and a random "looks like an existing file" answer.
        #[test]
        fn keyed_duplicate_detection_agrees_with_the_quadratic_one(
            lines in proptest::collection::vec(
                (0usize..6, 0usize..4, 0u32..3, proptest::bool::weighted(0.2)),
                0..120,
            )
        ) {
            let names = ["Lefèvre", "LEFEBVRE", "Le Fèvre", "Martin", "Martinez", "Dupont"];
            let first = ["Hélène", "HELENE", "Jean-Pierre", "Jean"];
            let input = || -> Vec<(usize, IdentityKey, bool)> {
                lines
                    .iter()
                    .enumerate()
                    .map(|(index, (name, first_name, day, existing))| {
                        let identity = ValidIdentity {
                            birth_name: names[*name].to_string(),
                            birth_first_names: first[*first_name].to_string(),
                            birth_date: chrono::NaiveDate::from_ymd_opt(1962, 3, 1 + day).unwrap(),
                            ..ValidIdentity::default()
                        };
                        (index + 2, identity_key(&identity), *existing)
                    })
                    .collect()
            };
            let existing = |flag: &bool| Ok(flag.then(|| "ressemble au dossier existant".to_string()));
            let mut kept = input();
            let duplicates = screen_duplicates(&mut kept, existing, &mut |_| {}).unwrap();
            let kept: Vec<(usize, bool)> = kept.into_iter().map(|(line, _, item)| (line, item)).collect();
            let (kept_before, duplicates_before) = screen_duplicates_quadratic(input(), existing).unwrap();
            proptest::prop_assert_eq!(kept, kept_before);
            proptest::prop_assert_eq!(lines_and_reasons(&duplicates), lines_and_reasons(&duplicates_before));
        }
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

    /// What the export protected comes back whole on import; a quote that
    /// protects nothing is kept.
    #[test]
    fn a_protected_cell_reads_back_as_it_was() {
        for text in [
            "+32 2 555 12 34",
            "-x",
            "=SOMME(A1)",
            "@x",
            "'plain",
            "l'arbre",
            "",
        ] {
            let cell = csv_field(text);
            let unquoted = cell
                .strip_prefix('"')
                .and_then(|c| c.strip_suffix('"'))
                .map_or(cell.clone(), |inner| inner.replace("\"\"", "\""));
            assert_eq!(read_cell(&unquoted), text, "{cell}");
        }
    }

    #[test]
    fn export_fields_with_separators_are_quoted() {
        assert_eq!(csv_field("Dupont; fils"), "\"Dupont; fils\"");
        assert_eq!(csv_field("dit \"Jo\""), "\"dit \"\"Jo\"\"\"");
        assert_eq!(csv_field("simple"), "simple");
    }
}
