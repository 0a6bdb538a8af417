//! What a report prints: the shared `Printable` (crate::printable) filled
//! from the file — the author's letterhead, the patient's identity traits,
//! the title of its kind, « Paris, le 7 décembre 2026 », the version's body
//! and, once validated, who validated it, when, and its fingerprint.

use chrono::{Datelike, NaiveDate};
use rusqlite::OptionalExtension;

use super::reports;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::printable::{Printable, PrintedPatient};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// « 7 décembre 2026 » (« 1er » for the first of the month).
pub fn long_french_date(date: NaiveDate) -> String {
    let day = if date.day() == 1 {
        "1er".to_string()
    } else {
        date.day().to_string()
    };
    format!("{day} {} {}", MONTHS[date.month0() as usize], date.year())
}

/// The town of the letterhead's address: its last line without the postcode.
pub(crate) fn town(address_lines: &[String]) -> Option<String> {
    let last = address_lines.last()?.trim();
    let town = last
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .trim();
    (!town.is_empty()).then(|| town.to_string())
}

/// The patient's identity traits as printed (`None`: no such file).
pub fn printed_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Option<PrintedPatient>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT birth_name, used_name, birth_first_names, birth_date, sex, nir, identity_status
             FROM patients WHERE id = ?1",
            [patient_id],
            |r| {
                let status: String = r.get(6)?;
                Ok(PrintedPatient {
                    birth_name: r.get(0)?,
                    used_name: r.get::<_, Option<String>>(1)?.filter(|n| !n.is_empty()),
                    first_names: r.get(2)?,
                    birth_date: crate::patients::french_date(&r.get::<_, String>(3)?),
                    sex: r.get(4)?,
                    // The NIR is printed as the INS only once qualified.
                    nir: r
                        .get::<_, Option<String>>(5)?
                        .filter(|_| status == "qualifiee"),
                })
            },
        )
        .optional()?)
}

/// The page of a report, for `version` (`None`: the current one).
pub fn printable(cabinet: &Cabinet, report_id: &str, version: Option<i64>) -> Result<Printable> {
    let report = reports::get(cabinet, report_id)?;
    let number = version.unwrap_or(report.version);
    if number == 0 {
        return Err(CoreError::invalid(
            "body",
            "Ce compte rendu est vide : il n'y a rien à imprimer.",
        ));
    }
    let version = reports::version(cabinet, report_id, number)?;
    let author = crate::practitioners::get(cabinet, &report.author_id)?;
    let patient = match &report.patient_id {
        Some(id) => printed_patient(cabinet, id)?,
        None => None,
    };
    let zone = cabinet.zone();
    let local = |rfc3339: &str| {
        chrono::DateTime::parse_from_rfc3339(rfc3339)
            .map(|t| t.with_timezone(&zone).naive_local())
            .ok()
    };
    let (date, validation_line) = match &version.validation {
        Some(v) => {
            let at = local(&v.validated_at);
            let line = match at {
                Some(at) => format!(
                    "Validé par {} le {} à {} — empreinte {}",
                    v.validator_name,
                    at.format("%d/%m/%Y"),
                    at.format("%H:%M"),
                    &v.sha256[..v.sha256.len().min(12)]
                ),
                None => format!("Validé par {}", v.validator_name),
            };
            (at.map_or_else(|| cabinet.today(), |t| t.date()), line)
        }
        None => (cabinet.today(), String::new()),
    };
    let place_and_date = match town(&author.address_lines) {
        Some(town) => format!("{town}, le {}", long_french_date(date)),
        None => format!("Le {}", long_french_date(date)),
    };
    // A letter: its addressee in the envelope's window, its copies under
    // the text, and no title (its object is in its text).
    let letter = super::letters::get(cabinet, report_id)?;
    let (title, recipient_lines, copies) = match &letter {
        Some(letter) => (
            String::new(),
            letter.to.address_lines.clone(),
            super::letters::copy_lines(letter),
        ),
        None => (report.kind.title().to_string(), Vec::new(), Vec::new()),
    };
    Ok(Printable {
        letterhead: author.letterhead(),
        patient,
        title,
        place_and_date,
        body: version.body,
        validation_line,
        recipient_lines,
        copies,
        // Never a patient's name: file managers and recent lists show it.
        document_title: report.kind.title().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_long_dates_and_the_town() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(long_french_date(d(2026, 12, 7)), "7 décembre 2026");
        assert_eq!(long_french_date(d(2027, 8, 1)), "1er août 2027");
        assert_eq!(
            town(&["12 rue de la Paix".into(), "75011 Paris".into()]),
            Some("Paris".into())
        );
        assert_eq!(town(&[]), None);
    }
}
