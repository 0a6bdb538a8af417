//! The files around a database: SQLite's sidecars, removal of a whole
//! database, durable renames.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::Result;

/// A cabinet file's extension (`cabinet.carnet`).
pub const CABINET_EXTENSION: &str = "carnet";

/// `cabinet.carnet` + `-lock` → `cabinet.carnet-lock` (beside SQLite's own
/// `-wal` and `-shm`).
pub(crate) fn sidecar_path(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes a database and its sidecars; absent files are fine.
pub(crate) fn remove_database_files(path: &Path) -> Result<()> {
    for candidate in [
        path.to_path_buf(),
        sidecar_path(path, "-wal"),
        sidecar_path(path, "-shm"),
        sidecar_path(path, "-journal"),
    ] {
        match std::fs::remove_file(&candidate) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Makes a rename durable through a power cut (POSIX needs the directory
/// itself synced). Best effort: not all platforms allow opening a directory.
pub(crate) fn sync_parent_dir(path: &Path) {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(parent) {
            // Best effort by design (see above): the rename itself succeeded.
            let _ = dir.sync_all();
        }
    }
}
