//! PDF/A-2b through typst: one engine (fonts parsed once) for the process,
//! the page layout `page.typ`, the data as `sys.inputs`.

use std::sync::OnceLock;

use chrono::{Datelike, Timelike};

use carnet_core::printable::Printable;
use typst::foundations::Datetime;
use typst::foundations::{Array, Dict, IntoValue, Smart, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::{identity, markup, PrintError};

const PAGE: &str = include_str!("page.typ");
pub(crate) const FONTS: [&[u8]; 4] = [
    include_bytes!("../../../assets/fonts/liberation-sans/LiberationSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/liberation-sans/LiberationSans-Bold.ttf"),
    include_bytes!("../../../assets/fonts/liberation-sans/LiberationSans-Italic.ttf"),
    include_bytes!("../../../assets/fonts/liberation-sans/LiberationSans-BoldItalic.ttf"),
];

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| TypstEngine::builder().main_file(PAGE).fonts(FONTS).build())
}

fn strings(lines: &[String]) -> Value {
    Value::Array(
        lines
            .iter()
            .map(|l| l.as_str().into_value())
            .collect::<Array>(),
    )
}

fn inputs(printable: &Printable) -> Dict {
    let letterhead = &printable.letterhead;
    let mut head = Dict::new();
    head.insert("name".into(), letterhead.name.as_str().into_value());
    head.insert(
        "specialty".into(),
        letterhead.specialty.as_str().into_value(),
    );
    head.insert("rpps".into(), letterhead.rpps.as_str().into_value());
    head.insert("addressLines".into(), strings(&letterhead.address_lines));
    head.insert("phone".into(), letterhead.phone.as_str().into_value());
    head.insert("email".into(), letterhead.email.as_str().into_value());
    head.insert(
        "conventionnement".into(),
        letterhead.conventionnement.as_str().into_value(),
    );
    let patient_lines = printable
        .patient
        .as_ref()
        .map(identity::patient_lines)
        .unwrap_or_default();
    // The PDF's title is what file managers and recent lists show: the
    // kind of document, never whose it is.
    let document_title = if printable.document_title.trim().is_empty() {
        printable.title.as_str()
    } else {
        printable.document_title.as_str()
    };
    let mut dict = Dict::new();
    dict.insert("letterhead".into(), Value::Dict(head));
    dict.insert("patientLines".into(), strings(&patient_lines));
    dict.insert("title".into(), printable.title.as_str().into_value());
    dict.insert("documentTitle".into(), document_title.into_value());
    dict.insert(
        "placeAndDate".into(),
        printable.place_and_date.as_str().into_value(),
    );
    dict.insert("recipientLines".into(), strings(&printable.recipient_lines));
    dict.insert("copies".into(), strings(&printable.copies));
    dict.insert(
        "validationLine".into(),
        printable.validation_line.as_str().into_value(),
    );
    dict.insert(
        "draft".into(),
        printable.validation_line.trim().is_empty().into_value(),
    );
    dict.insert(
        "footerLeft".into(),
        identity::footer_left(printable).into_value(),
    );
    dict.insert("body".into(), markup::body(&printable.body).into_value());
    dict
}

/// Lays the page out (for tests that look at the layout, not the bytes).
pub(crate) fn layout(printable: &Printable) -> Result<PagedDocument, PrintError> {
    engine()
        .compile_with_input(inputs(printable))
        .output
        .map_err(|error| PrintError::Layout(error.to_string()))
}

/// The page as a PDF/A-2b file: A4, fonts embedded, page numbers « 1/2 »,
/// « Document non validé » across a draft.
pub fn render_pdf(printable: &Printable) -> Result<Vec<u8>, PrintError> {
    write(&layout(printable)?)
}

/// A laid-out document as PDF/A-2b bytes.
pub(crate) fn write(document: &PagedDocument) -> Result<Vec<u8>, PrintError> {
    let standards = PdfStandards::new(&[PdfStandard::A_2b])
        .map_err(|error| PrintError::Pdf(format!("{error:?}")))?;
    // PDF/A wants the file's creation date: the moment it is rendered.
    let now = chrono::Utc::now();
    let timestamp = Datetime::from_ymd_hms(
        now.year(),
        now.month() as u8,
        now.day() as u8,
        now.hour() as u8,
        now.minute() as u8,
        now.second() as u8,
    )
    .map(Timestamp::new_utc);
    let options = PdfOptions {
        timestamp,
        // Stable identifier: the same page rendered twice is the same file.
        ident: Smart::Auto,
        creator: Smart::Custom(Some("Carnet".into())),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        PrintError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join(" ; "),
        )
    })
}
