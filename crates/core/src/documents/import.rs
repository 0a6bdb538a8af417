//! Bringing the past: reports written in Word or printed by another
//! program (DOCX, PDF, TXT), filed in patients' Documents as validated
//! reports with the date and kind she confirms. The text is read here
//! (DOCX: the zip's `word/document.xml`; PDF: `pdf-extract`; TXT: UTF-8 or
//! Windows-1252), indexed like any report, and the original file is kept
//! inside the encrypted file. A batch is one transaction: all or nothing.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::reports::{self, ReportDetails};
use super::search;
use super::text::{self, French};
use super::{Origin, Priority, ReportKind, ReportStatus};
use crate::cabinet::Cabinet;
use crate::chosen_file::{self, SizeLimit};
use crate::error::{CoreError, Result};

/// A report is a few pages; a 50 Mo file is a scan or something else.
pub const DOCUMENT_LIMIT: SizeLimit = SizeLimit {
    bytes: 50_000_000,
    advice: "Un compte rendu pèse quelques centaines de Ko : vérifiez que c'est le bon fichier.",
};

crate::codes::text_codes! {
    /// The formats of existing reports Carnet reads.
    pub enum DocumentFormat {
        Txt = "txt",
        Docx = "docx",
        Pdf = "pdf",
    }
}

/// A file read and its text extracted, not yet in the cabinet.
#[derive(Clone)]
pub struct CheckedDocument {
    pub format: DocumentFormat,
    pub file_name: String,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for CheckedDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedDocument")
            .field("format", &self.format)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

fn refused(name: &str, why: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "document",
        message: format!("« {name} » : {why} Rien n'a été importé."),
    }
}

/// Reads an existing report she chose, within [`DOCUMENT_LIMIT`].
pub fn read_file(path: &Path) -> Result<CheckedDocument> {
    let bytes = chosen_file::read(path, &DOCUMENT_LIMIT)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    check(bytes, &name)
}

/// Recognises the format by its first bytes and extracts the text.
pub fn check(bytes: Vec<u8>, name: &str) -> Result<CheckedDocument> {
    let (format, text) = if bytes.starts_with(b"%PDF") {
        (DocumentFormat::Pdf, pdf_text(&bytes, name)?)
    } else if bytes.starts_with(b"PK\x03\x04") {
        (DocumentFormat::Docx, docx_text(&bytes, name)?)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refused(
            name,
            "c'est un document Word ancien format (.doc). Ouvrez-le dans Word ou LibreOffice et enregistrez-le en .docx, puis importez ce fichier.",
        ));
    } else {
        (DocumentFormat::Txt, plain_text(&bytes, name)?)
    };
    if text.trim().is_empty() {
        return Err(refused(
            name,
            match format {
                DocumentFormat::Pdf => "ce PDF ne contient pas de texte (c'est sans doute un document scanné, une image).",
                _ => "ce document est vide.",
            },
        ));
    }
    Ok(CheckedDocument {
        format,
        file_name: name.to_string(),
        text,
        bytes,
    })
}

fn plain_text(bytes: &[u8], name: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    // A binary file (an image, an archive) is not a text report.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls > text.len() / 100 + 2 {
        return Err(refused(
            name,
            "ce n'est ni un texte, ni un document Word (.docx), ni un PDF.",
        ));
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn docx_text(bytes: &[u8], name: &str) -> Result<String> {
    let not_word = || {
        refused(
            name,
            "ce fichier compressé n'est pas un document Word (.docx) lisible.",
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_word())?;
    let mut xml = String::new();
    {
        let entry = archive
            .by_name("word/document.xml")
            .map_err(|_| not_word())?;
        // A zip bomb stops at 100 Mo of text.
        entry
            .take(100_000_000)
            .read_to_string(&mut xml)
            .map_err(|_| not_word())?;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().map_err(|_| not_word())? {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == "w:tab" => out.push('\t'),
            Event::Empty(e) if e.name().as_ref() == "w:br" => out.push('\n'),
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                // &amp; &lt; … and numeric references inside a run.
                let resolved = match r.resolve_char_ref().map_err(|_| not_word())? {
                    Some(c) => Some(c),
                    None => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    out.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn pdf_text(bytes: &[u8], name: &str) -> Result<String> {
    pdf_extract::extract_text_from_mem(bytes).map_err(|_| {
        refused(
            name,
            "ce PDF est abîmé, protégé par un mot de passe, ou d'un type que Carnet ne lit pas.",
        )
    })
}

/// What she confirms for an existing report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ImportDetails {
    pub patient_id: String,
    pub author_id: String,
    pub kind: ReportKind,
    /// The report's date (`YYYY-MM-DD` or `jj/mm/aaaa`).
    pub date: String,
}

/// Files existing reports, all in one transaction: every one is in its
/// patient's Documents, validated and indexed, or none is.
pub fn import_reports(
    cabinet: &mut Cabinet,
    documents: &[(CheckedDocument, ImportDetails)],
) -> Result<Vec<String>> {
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    let mut checked = Vec::with_capacity(documents.len());
    for (document, details) in documents {
        if details.patient_id.trim().is_empty() {
            return Err(refused(
                &document.file_name,
                "choisissez le patient par la recherche.",
            ));
        }
        let date = crate::dates::parse_date(&details.date, "date")?;
        if date > cabinet.today() {
            return Err(refused(
                &document.file_name,
                "la date du compte rendu est dans le futur.",
            ));
        }
        let report = ReportDetails {
            patient_id: Some(details.patient_id.clone()),
            author_id: details.author_id.clone(),
            kind: details.kind,
            priority: Priority::Normal,
            due_on: None,
            note: format!("Importé de « {} »", document.file_name),
            consultation_on: Some(date.format("%Y-%m-%d").to_string()),
        };
        checked.push((document, reports::checked_details(cabinet.conn(), &report)?));
    }
    let french = French::default();
    let tx = cabinet.conn_mut().transaction()?;
    let mut ids = Vec::with_capacity(checked.len());
    for (document, details) in checked {
        let (id, seq) = reports::insert(
            &tx,
            &details,
            ReportStatus::Valide,
            Origin::Importe,
            &user,
            &now,
        )?;
        let body = text::paragraphs_doc(&document.text);
        let stored =
            serde_json::to_string(&body).map_err(|e| CoreError::Internal(e.to_string()))?;
        tx.execute(
            "INSERT INTO report_versions (report_id, number, body, saved_at, saved_by,
                 validated_at, validator_id, validator_name, sha256)
             VALUES (?1, 1, ?2, ?3, ?4, ?3, ?5, ?6, ?7)",
            params![
                id,
                stored,
                now,
                user.1,
                user.0,
                format!("document importé par {}", user.1),
                reports::fingerprint(&stored)
            ],
        )?;
        tx.execute(
            "INSERT INTO report_originals (report_id, format, file_name, bytes) VALUES (?1, ?2, ?3, ?4)",
            params![id, document.format, document.file_name, document.bytes],
        )?;
        search::reindex_text(&tx, seq, &text::plain_text(&body), &french)?;
        ids.push(id);
    }
    tx.commit()?;
    Ok(ids)
}

/// One existing report (see [`import_reports`]).
pub fn import_report(
    cabinet: &mut Cabinet,
    document: &CheckedDocument,
    details: &ImportDetails,
) -> Result<String> {
    let mut ids = import_reports(cabinet, &[(document.clone(), details.clone())])?;
    ids.pop()
        .ok_or_else(|| CoreError::Internal("aucun compte rendu importé".into()))
}

/// The original file of an imported report, to open or save.
pub fn original(cabinet: &Cabinet, report_id: &str) -> Result<(DocumentFormat, String, Vec<u8>)> {
    rusqlite::OptionalExtension::optional(cabinet.conn().query_row(
        "SELECT format, file_name, bytes FROM report_originals WHERE report_id = ?1",
        [report_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    ))?
    .ok_or_else(|| CoreError::invalid("report", "Ce compte rendu n'a pas de fichier d'origine."))
}

/// An existing report's file as she sees it before filing it: read,
/// its text extracted, nothing written yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportFilePreview {
    pub path: String,
    pub file_name: String,
    pub format: DocumentFormat,
    /// The start of its text (about 300 characters), to recognise it.
    pub excerpt: String,
    /// What its name suggests to search the patient by (may be empty).
    pub patient_query: String,
    /// A date found in its name (`YYYY-MM-DD`), proposed as the report's.
    pub date_from_name: Option<String>,
}

/// Reads one chosen file for the import screen (see [`ReportFilePreview`]).
pub fn preview(path: &Path) -> Result<ReportFilePreview> {
    let document = read_file(path)?;
    let excerpt: String = document
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(300)
        .collect();
    Ok(ReportFilePreview {
        path: path.display().to_string(),
        patient_query: patient_query_from_file_name(&document.file_name),
        date_from_name: date_from_file_name(&document.file_name),
        file_name: document.file_name,
        format: document.format,
        excerpt,
    })
}

/// The report's date when a file's name holds two dates (« DUPONT Jeanne
/// 12-03-1956 CR 14-05-2019.docx »: the first is taken as the birth date
/// for the patient's search, the last is the report's), as `YYYY-MM-DD`.
/// With one date only, nothing is proposed: it may be the birth date.
pub fn date_from_file_name(file_name: &str) -> Option<String> {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let numbers: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .collect();
    let as_date = |w: &[&str]| {
        let (day, month, year) = if w[0].len() == 4 {
            (w[2], w[1], w[0])
        } else {
            (w[0], w[1], w[2])
        };
        if year.len() != 4 || day.len() > 2 || month.len() > 2 {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    };
    let mut dates = Vec::new();
    let mut index = 0;
    while index + 3 <= numbers.len() {
        if let Some(date) = as_date(&numbers[index..index + 3]) {
            dates.push(date);
            index += 3;
        } else {
            index += 1;
        }
    }
    (dates.len() >= 2)
        .then(|| dates.last().map(|d| d.format("%Y-%m-%d").to_string()))
        .flatten()
}

/// What the file's name suggests: « DUPONT Jeanne 12-03-1956 CR.docx » →
/// « DUPONT Jeanne 12/03/1956 », a query for the patient search.
pub fn patient_query_from_file_name(file_name: &str) -> String {
    const NOT_A_NAME: &[&str] = &[
        "cr",
        "compte",
        "rendu",
        "consultation",
        "consult",
        "operatoire",
        "op",
        "examen",
        "courrier",
        "lettre",
        "doc",
        "docx",
        "pdf",
        "txt",
        "rapport",
        "de",
        "du",
        "le",
        "la",
        "scan",
        "copie",
    ];
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let mut parts: Vec<String> = Vec::new();
    // The first date is the birth date; a later one is the report's.
    let mut dated = false;
    for token in stem.split(|c: char| c.is_whitespace() || c == '_' || c == ',') {
        let digits: Vec<&str> = token
            .split(['-', '.', '/'])
            .filter(|p| !p.is_empty())
            .collect();
        let is_date = (digits.len() == 3
            && digits.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())))
            || (token.len() == 8 && token.chars().all(|c| c.is_ascii_digit()));
        if is_date && dated {
            continue;
        }
        dated |= is_date;
        if digits.len() == 3 && digits.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
            let (d, m, y) = if digits[0].len() == 4 {
                (digits[2], digits[1], digits[0])
            } else {
                (digits[0], digits[1], digits[2])
            };
            parts.push(format!("{d:0>2}/{m:0>2}/{y}"));
        } else if token.len() == 8 && token.chars().all(|c| c.is_ascii_digit()) {
            // 19560312 (year first, as files sort) or 12031956.
            let year_first = matches!(&token[..2], "19" | "20") && &token[4..6] <= "12";
            parts.push(if year_first {
                format!("{}/{}/{}", &token[6..], &token[4..6], &token[..4])
            } else {
                format!("{}/{}/{}", &token[..2], &token[2..4], &token[4..])
            });
        } else {
            for word in token.split('-') {
                let folded = crate::phonetic::fold(word);
                if folded.chars().count() >= 2
                    && folded.chars().all(|c| c.is_alphabetic() || c == ' ')
                    && !NOT_A_NAME.contains(&folded.as_str())
                {
                    parts.push(word.to_string());
                }
            }
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_suggests_the_patient() {
        assert_eq!(
            patient_query_from_file_name("DUPONT Jeanne 12-03-1956 CR consultation.docx"),
            "DUPONT Jeanne 12/03/1956"
        );
        assert_eq!(
            patient_query_from_file_name("CR_operatoire_Lefevre-Martin_19560312.pdf"),
            "Lefevre Martin 12/03/1956"
        );
        assert_eq!(
            patient_query_from_file_name("martin paul 1956-03-12.txt"),
            "martin paul 12/03/1956"
        );
        assert_eq!(
            patient_query_from_file_name("DUPONT Jeanne 12-03-1956 CR 14-05-2019.docx"),
            "DUPONT Jeanne 12/03/1956"
        );
    }

    #[test]
    fn a_file_name_with_two_dates_proposes_the_last_as_the_reports() {
        assert_eq!(
            date_from_file_name("DUPONT Jeanne 12-03-1956 CR 14-05-2019.docx").as_deref(),
            Some("2019-05-14")
        );
        assert_eq!(
            date_from_file_name("MARTIN 1956-03-12 echo 2019_05_14 v2.pdf").as_deref(),
            Some("2019-05-14")
        );
        // One date may be the birth date: nothing proposed.
        assert_eq!(
            date_from_file_name("DUPONT Jeanne 12-03-1956 CR.docx"),
            None
        );
        // Not a day.
        assert_eq!(
            date_from_file_name("lot 31-02-2019 et 45-13-2020.txt"),
            None
        );
        assert_eq!(date_from_file_name("compte rendu.txt"), None);
    }
}
