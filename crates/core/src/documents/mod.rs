//! Reports from dictation: the doctor's recording imported into the file
//! (`audio`), the report typed from it, its statuses, versions and the
//! doctor's validation (`reports`), the secretary's and the doctor's lists
//! (`worklist`), the full-text search of reports (`search`, with the text of
//! a ProseMirror body in `text`), reports brought from Word or another
//! program (`import`), what a report prints (`printing`) and how long a
//! validated report's audio is kept (`retention`); letters to
//! correspondants (`letters`: a report of kind « courrier » with an
//! addressee and copies) and the outgoing register (`outgoing`); incoming
//! mail with its scans, PDFs and e-mails, and the doctor's inbox
//! (`incoming`), fed from the scanner's folder (`scanner_folder`).
//!
//! A report's body is the editor's ProseMirror/TipTap JSON document
//! (`crate::printable` lists its node types). Everything — audio, versions,
//! original files, the search index — lives inside the encrypted file.

pub mod audio;
pub mod demo;
pub mod import;
pub mod incoming;
pub mod letters;
pub mod outgoing;
pub mod printing;
pub mod reports;
pub mod retention;
pub mod scanner_folder;
pub mod search;
pub mod stored;
pub mod text;
pub mod worklist;

pub use printing::printable;

use rusqlite::OptionalExtension;

const UNKNOWN_PATIENT: &str = "Patient à identifier";

/// The label of a patient for lists: « DUPONT Jeanne (12/03/1956) ».
pub(crate) fn patient_label(
    cabinet: &crate::cabinet::Cabinet,
    patient_id: Option<&str>,
) -> crate::error::Result<String> {
    let Some(id) = patient_id else {
        return Ok(UNKNOWN_PATIENT.to_string());
    };
    let found = cabinet
        .conn()
        .prepare_cached(
            "SELECT birth_name, birth_first_names, used_name, used_first_name, sex, birth_date
             FROM patients WHERE id = ?1",
        )?
        .query_row([id], |row| {
            Ok(format!(
                "{} ({})",
                crate::patients::display_name(
                    &row.get::<_, String>(0)?,
                    &row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?.as_deref(),
                    row.get::<_, Option<String>>(3)?.as_deref(),
                    &row.get::<_, String>(4)?,
                ),
                crate::patients::french_date(&row.get::<_, String>(5)?)
            ))
        })
        .optional()?;
    Ok(found.unwrap_or_else(|| "Dossier supprimé".to_string()))
}

crate::codes::text_codes! {
    /// What a report is (the `kind` column of `reports`).
    pub enum ReportKind {
        Consultation = "consultation",
        Operatoire = "operatoire",
        Examen = "examen",
        Courrier = "courrier",
        Autre = "autre",
    }
}

impl ReportKind {
    /// « Compte rendu de consultation »: the title printed on the page.
    pub fn title(self) -> &'static str {
        match self {
            ReportKind::Consultation => "Compte rendu de consultation",
            ReportKind::Operatoire => "Compte rendu opératoire",
            ReportKind::Examen => "Compte rendu d'examen",
            ReportKind::Courrier => "Courrier",
            ReportKind::Autre => "Document",
        }
    }

    /// « consultation », « opératoire »: as a list shows it.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::Consultation => "consultation",
            ReportKind::Operatoire => "opératoire",
            ReportKind::Examen => "examen",
            ReportKind::Courrier => "courrier",
            ReportKind::Autre => "autre",
        }
    }
}

crate::codes::text_codes! {
    /// How soon a dictation is to be typed.
    #[derive(Default)]
    pub enum Priority {
        Urgent = "urgent",
        #[default]
        Normal = "normal",
    }
}

crate::codes::text_codes! {
    /// Where a report is in its life: typed, read again by the doctor,
    /// validated (frozen), then printed or sent.
    pub enum ReportStatus {
        ATaper = "a_taper",
        EnCours = "en_cours",
        ARelire = "a_relire",
        Valide = "valide",
        Imprime = "imprime",
        Envoye = "envoye",
    }
}

impl ReportStatus {
    /// « à taper », « à relire par le médecin »…
    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::ATaper => "à taper",
            ReportStatus::EnCours => "en cours",
            ReportStatus::ARelire => "à relire par le médecin",
            ReportStatus::Valide => "validé",
            ReportStatus::Imprime => "imprimé",
            ReportStatus::Envoye => "envoyé",
        }
    }

    /// Validated, and so frozen until a correction opens a new version.
    pub fn is_validated(self) -> bool {
        matches!(
            self,
            ReportStatus::Valide | ReportStatus::Imprime | ReportStatus::Envoye
        )
    }

    /// The statuses she may set by hand from this one. Validation is not
    /// among them: only `reports::validate` (the author, with her PIN)
    /// makes a report « validé »; a correction after validation is a save,
    /// which opens a new version « en cours ».
    pub fn may_become(self) -> &'static [ReportStatus] {
        match self {
            ReportStatus::ATaper => &[ReportStatus::EnCours, ReportStatus::ARelire],
            ReportStatus::EnCours => &[ReportStatus::ATaper, ReportStatus::ARelire],
            ReportStatus::ARelire => &[ReportStatus::EnCours],
            ReportStatus::Valide => &[ReportStatus::Imprime, ReportStatus::Envoye],
            ReportStatus::Imprime => &[ReportStatus::Envoye],
            ReportStatus::Envoye => &[ReportStatus::Imprime],
        }
    }
}

crate::codes::text_codes! {
    /// Where a report came from.
    pub enum Origin {
        /// From the doctor's recording.
        Dictee = "dictee",
        /// Typed without a recording.
        Saisie = "saisie",
        /// An existing report brought from Word or another program.
        Importe = "importe",
    }
}
