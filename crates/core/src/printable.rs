//! What a printed page carries, as plain data: the contract between the
//! domain (reports, letters) that fills it and `carnet-print`, which renders
//! it to PDF/A or DOCX. The core never renders; the print crate never reads
//! the cabinet file.
//!
//! The body is the editor's document as stored: a ProseMirror/TipTap JSON
//! document (`{"type":"doc","content":[…]}`) whose merge fields are already
//! resolved into text. Node types the renderer understands: `paragraph`,
//! `heading` (attrs.level 1–3), `bulletList`, `orderedList`, `listItem`,
//! `table`, `tableRow`, `tableHeader`, `tableCell`, `hardBreak`, `pageBreak`,
//! `text` with marks `bold`, `italic`, `underline`; `attrs.textAlign` on
//! paragraphs and headings (`left`, `center`, `right`, `justify`).

use serde::{Deserialize, Serialize};

/// The practitioner's letterhead: what article R.4127-79 of the Code de la
/// santé publique lets (and expects) a doctor to print on his documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Letterhead {
    /// « Dr Jeanne Martin ».
    pub name: String,
    pub specialty: String,
    /// 11 digits; empty when not yet entered (the renderer flags nothing:
    /// the domain refuses to validate without it).
    pub rpps: String,
    /// One line per element: street, « 75011 Paris ».
    pub address_lines: Vec<String>,
    pub phone: String,
    pub email: String,
    /// « Conventionné secteur 1 », « Secteur 2 », « Non conventionné ».
    pub conventionnement: String,
}

/// The patient's identity traits as the INS rules want them printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintedPatient {
    /// « Mme ALLAIN Jeanne Marie, née DUPONT » style line is composed by the
    /// renderer from these parts.
    pub birth_name: String,
    pub used_name: Option<String>,
    pub first_names: String,
    /// « 12/03/1956 ».
    pub birth_date: String,
    /// « F », « M » or « I ».
    pub sex: String,
    /// 15 characters with key when qualified; `None` otherwise.
    pub nir: Option<String>,
}

/// One page set to print: a report, a letter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Printable {
    pub letterhead: Letterhead,
    pub patient: Option<PrintedPatient>,
    /// « Compte rendu opératoire ».
    pub title: String,
    /// « Paris, le 7 décembre 2026 ».
    pub place_and_date: String,
    /// The editor's ProseMirror JSON document, merge fields resolved.
    pub body: serde_json::Value,
    /// « Validé par Dr Jeanne Martin le 07/12/2026 à 18:02 — empreinte 3fa2… »;
    /// empty for a draft (the renderer then prints « Document non validé »).
    pub validation_line: String,
    /// Recipient block for a window envelope (letters); empty for reports.
    pub recipient_lines: Vec<String>,
    /// « Dr Anne Roux (médecin traitant) »: who gets a copy (letters),
    /// printed under the text.
    #[serde(default)]
    pub copies: Vec<String>,
    /// PDF document title metadata. Never a patient name: file managers and
    /// recent-document lists show it.
    pub document_title: String,
}
