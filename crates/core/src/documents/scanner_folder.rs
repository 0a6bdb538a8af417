//! The scanner's folder: where the cabinet's scanner (or a mail program)
//! drops files, watched by « Courrier arrivé ». Its files wait there « à
//! classer » until she registers them; a file written in the last few
//! seconds may still be arriving (a scanner writes a PDF page by page, a
//! copy from a USB key takes time) and is not offered until it has
//! settled. Once an item is registered, its originals are deleted from the
//! folder if the cabinet is set so — and only when the bytes stored inside
//! the cabinet are exactly the file's.
//!
//! The folder is a setting of the cabinet (`scanner_folder`): a path, never
//! anything about a patient.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

const FOLDER: &str = "scanner_folder";
const DELETE: &str = "scanner_delete_after_filing";

/// A file changed less than this long ago may still be being written.
pub const SETTLE: Duration = Duration::from_secs(5);

/// The folder as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ScannerFolder {
    pub path: Option<String>,
    /// The folder exists on this computer (a network share or a USB disk
    /// may be absent).
    pub reachable: bool,
    pub delete_after_filing: bool,
}

/// A file in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WaitingFile {
    pub path: String,
    pub name: String,
    pub size: u64,
    /// Still being written: not offered yet.
    pub arriving: bool,
}

fn setting(cabinet: &Cabinet, key: &str) -> Result<Option<String>> {
    Ok(cabinet
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

pub fn get(cabinet: &Cabinet) -> Result<ScannerFolder> {
    let path = setting(cabinet, FOLDER)?.filter(|p| !p.is_empty());
    Ok(ScannerFolder {
        reachable: path.as_deref().is_some_and(|p| Path::new(p).is_dir()),
        path,
        delete_after_filing: setting(cabinet, DELETE)?.as_deref() == Some("1"),
    })
}

/// Sets (or, with `None`, forgets) the folder. It must be an existing
/// folder, and not the one the cabinet itself lives in (her cabinets and
/// backups are not mail).
pub fn set(cabinet: &mut Cabinet, path: Option<&str>, delete_after_filing: bool) -> Result<()> {
    let path = path.map(str::trim).filter(|p| !p.is_empty());
    if let Some(path) = path {
        let folder = Path::new(path);
        if !folder.is_dir() {
            return Err(CoreError::invalid(
                "scannerFolder",
                format!("Le dossier « {path} » est introuvable : choisissez le dossier où le scanner enregistre."),
            ));
        }
        let cabinet_folder = cabinet.path().parent().map(Path::to_path_buf);
        if cabinet_folder
            .as_deref()
            .map(std::fs::canonicalize)
            .and_then(|r| r.ok())
            == std::fs::canonicalize(folder).ok()
        {
            return Err(CoreError::invalid(
                "scannerFolder",
                "Ce dossier contient le cabinet lui-même : choisissez un dossier réservé au scanner.",
            ));
        }
    }
    let conn = cabinet.conn();
    for (key, value) in [
        (FOLDER, path.unwrap_or_default().to_string()),
        (
            DELETE,
            if delete_after_filing { "1" } else { "0" }.to_string(),
        ),
    ] {
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
            params![key, value],
        )?;
    }
    Ok(())
}

/// The files of `folder` (not its sub-folders, not hidden or temporary
/// files), oldest first; those changed within [`SETTLE`] of `now`, or
/// still empty, are « arriving ».
pub fn waiting_in(folder: &Path, now: SystemTime) -> Result<Vec<WaitingFile>> {
    let entries = std::fs::read_dir(folder).map_err(|_| {
        CoreError::invalid(
            "scannerFolder",
            format!(
                "Le dossier du scanner « {} » est introuvable (disque réseau ou clé absent ?).",
                folder.display()
            ),
        )
    })?;
    let mut files: Vec<(SystemTime, WaitingFile)> = Vec::new();
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Dot files, and the partial files of browsers and copy tools.
        let lower = name.to_lowercase();
        if name.starts_with('.')
            || name.starts_with('~')
            || [".part", ".tmp", ".crdownload"]
                .iter()
                .any(|s| lower.ends_with(s))
        {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(now);
        let recent = now
            .duration_since(modified)
            .map_or(true, |age| age < SETTLE);
        files.push((
            modified,
            WaitingFile {
                path: path.display().to_string(),
                name,
                size: meta.len(),
                arriving: recent || meta.len() == 0,
            },
        ));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(files.into_iter().map(|(_, f)| f).collect())
}

/// The files waiting in the cabinet's folder (none when no folder is set).
pub fn waiting(cabinet: &Cabinet, now: SystemTime) -> Result<Vec<WaitingFile>> {
    match get(cabinet)?.path {
        Some(path) => waiting_in(Path::new(&path), now),
        None => Ok(Vec::new()),
    }
}

/// After item `mail_id` was registered from `paths`: deletes each
/// original whose bytes are stored in the item, if the cabinet is set to;
/// answers how many were deleted. A file that changed since, or is not
/// inside the scanner folder, is left where it is.
pub fn remove_filed(cabinet: &Cabinet, mail_id: &str, paths: &[String]) -> Result<usize> {
    let folder = get(cabinet)?;
    let Some(root) = folder.path.filter(|_| folder.delete_after_filing) else {
        return Ok(0);
    };
    let root = std::fs::canonicalize(root).ok();
    let stored: Vec<String> = cabinet
        .conn()
        .prepare_cached("SELECT sha256 FROM incoming_files WHERE mail_id = ?1")?
        .query_map([mail_id], |row| row.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let mut deleted = 0;
    for path in paths {
        let path = Path::new(path);
        let inside = match (&root, std::fs::canonicalize(path).ok()) {
            (Some(root), Some(file)) => file.parent() == Some(root.as_path()),
            _ => false,
        };
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if inside && stored.contains(&sha) {
            std::fs::remove_file(path).map_err(|e| {
                CoreError::invalid(
                    "scannerFolder",
                    format!(
                        "Le courrier est enregistré, mais l'original n'a pas pu être supprimé du dossier du scanner : {e}."
                    ),
                )
            })?;
            deleted += 1;
        }
    }
    Ok(deleted)
}
