//! Envelopes and address labels for a batch of letters: DL envelopes (one
//! per page, 110 × 220 mm) or an A4 sheet of 24 labels (3 × 8, 70 × 37 mm),
//! laid out by typst like the pages (`envelopes.typ`).

use std::sync::OnceLock;

use typst::foundations::{Array, Dict, IntoValue, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};
use typst_layout::PagedDocument;

use crate::{pdf, PrintError};

const LAYOUT: &str = include_str!("envelopes.typ");

/// What to print the addresses on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressFormat {
    /// DL envelopes (110 × 220 mm), the sender top left.
    Envelope,
    /// A4 sheet of 3 × 8 labels (70 × 37 mm, no margin).
    Labels,
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(LAYOUT)
            .fonts(pdf::FONTS)
            .build()
    })
}

fn strings(lines: &[String]) -> Value {
    Value::Array(
        lines
            .iter()
            .map(|l| l.as_str().into_value())
            .collect::<Array>(),
    )
}

pub(crate) fn layout(
    format: AddressFormat,
    sender: &[String],
    addresses: &[Vec<String>],
) -> Result<PagedDocument, PrintError> {
    let mut inputs = Dict::new();
    let name = match format {
        AddressFormat::Envelope => "dl",
        AddressFormat::Labels => "labels",
    };
    inputs.insert("format".into(), name.into_value());
    inputs.insert("senderLines".into(), strings(sender));
    inputs.insert(
        "addresses".into(),
        Value::Array(addresses.iter().map(|a| strings(a)).collect::<Array>()),
    );
    // Never a patient's name in the file's metadata.
    let title = match format {
        AddressFormat::Envelope => "Enveloppes",
        AddressFormat::Labels => "Étiquettes d'adresses",
    };
    inputs.insert("documentTitle".into(), title.into_value());
    engine()
        .compile_with_input(inputs)
        .output
        .map_err(|error| PrintError::Layout(error.to_string()))
}

/// The addresses as a PDF: `sender` is the cabinet's return address (for
/// envelopes), each address its lines, name first.
pub fn render_addresses(
    format: AddressFormat,
    sender: &[String],
    addresses: &[Vec<String>],
) -> Result<Vec<u8>, PrintError> {
    if addresses.is_empty() {
        return Err(PrintError::NoAddress);
    }
    pdf::write(&layout(format, sender, addresses)?)
}
