//! A rendered page (PDF, DOCX) written where she chose: through the
//! guarded writer (never onto a cabinet, never over a file unless
//! confirmed) while the cabinet is held, and recorded in the trail — the
//! file is outside the encryption.

use std::path::Path;

use crate::audit::{self, Event};
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::storage::guarded_write::{self, Replace};

/// Writes `bytes` to `target` and records the export (`what`: « compte
/// rendu PDF », never a name).
pub fn write_rendered(
    cabinet: &Cabinet,
    bytes: &[u8],
    target: &Path,
    replace: Replace,
    patient_id: Option<&str>,
    what: &str,
) -> Result<()> {
    guarded_write::write_file(target, bytes, replace)?;
    audit::record(
        cabinet,
        &Event {
            action: "export",
            object_kind: if patient_id.is_some() {
                "patient"
            } else {
                "template"
            },
            object_id: patient_id,
            patient_id,
            detail: Some(what),
        },
    )
}
