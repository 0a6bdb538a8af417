//! Templates a report or a letter is typed from, per practitioner and per
//! kind of document, with merge fields she picks from a list (`fields`),
//! filled for one patient by `fill`; the practitioners' text snippets
//! (`snippets`) and the cabinet's word list for the spell-checker
//! (`words`). Bodies are the editor's ProseMirror JSON document; a merge
//! field is an inline node `{"type":"mergeField","attrs":{"field":"patient.birthName"}}`.
//!
//! The letters of the next issue reuse all of it.

mod defaults;
mod export;
pub mod fields;
mod fill;
pub mod snippets;
mod store;
pub mod words;

pub use defaults::{body_from_text, seed_defaults};
pub use export::write_rendered;
pub use fields::{catalogue, letterhead, FillContext, MergeField};
pub use fill::{fill, fill_body, printable, Filled, MissingField};
pub use store::{archive, create, get, list, update, DocumentKind, Template, TemplateDraft};

#[cfg(test)]
mod tests;
