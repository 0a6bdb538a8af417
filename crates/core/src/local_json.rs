//! The few small JSON files Carnet keeps on this computer outside the
//! cabinets (the recent list, the failed openings not yet recorded): names,
//! colours, paths and times only, never anything about a patient.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{CoreError, Result};

/// Reads a file; a missing or unreadable one reads as empty: losing it
/// costs a click or a line of the trail, refusing to start would cost more.
pub(crate) fn read_or_default<T: DeserializeOwned + Default>(path: &Path) -> T {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Written to a temporary file then renamed: a crash leaves the old file or
/// the new one, never half of one.
pub(crate) fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let text = serde_json::to_vec_pretty(value).map_err(|e| CoreError::Internal(e.to_string()))?;
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)?;
    Ok(())
}
