//! carnet-print: a printable page (`carnet_core::printable::Printable`) to
//! PDF/A-2b through the typst library, and to DOCX for those who finish in
//! Word. No database, no file system: bytes in, bytes out. The fonts are
//! embedded (Liberation Sans, `assets/fonts`), never read from the machine.

mod docx;
mod envelopes;
mod identity;
mod markup;
mod pdf;
mod specimen;

pub use docx::render_docx;
pub use envelopes::{render_addresses, AddressFormat};
pub use pdf::render_pdf;
pub use specimen::specimen;

/// Why a page could not be rendered (French, for her).
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// typst refused the page: a bug of this crate, since every text she
    /// typed is passed as a string.
    #[error(
        "Le document n'a pas pu être mis en page ({0}). Signalez-le : le texte n'est pas en cause."
    )]
    Layout(String),
    #[error("Aucune adresse à imprimer : choisissez au moins un courrier.")]
    NoAddress,
    #[error("Le PDF n'a pas pu être écrit ({0}).")]
    Pdf(String),
    #[error("Le fichier Word n'a pas pu être écrit ({0}).")]
    Docx(String),
}
