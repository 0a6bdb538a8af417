//! The one door through which Carnet writes a file at a place she chose:
//! the patients CSV, the ICS agenda, the right-of-access copy, backups,
//! restores, a new cabinet, carnet-admin's JSON reports. Every such write
//! goes through here (ARCHITECTURE.md: "every file write goes through the
//! guarded writer").
//!
//! The rules, checked just before the file is put in place:
//! - never onto a cabinet this process holds (same path once links and
//!   `..` are resolved, or the same file by device and inode), nor onto one
//!   of its sidecars (`-wal`, `-shm`, `-lock`, `-journal`): one typo or one
//!   « Remplacer ? » clicked must not turn a cabinet into a plaintext CSV;
//! - never onto anything that looks like a cabinet or a backup, open or not
//!   (a `.carnet` file, a SQLite database, an encrypted file of whole 4 KiB
//!   pages that is not text) — confirmation or not;
//! - never over an existing file unless she confirmed replacing it
//!   ([`Replace::Confirmed`]: `--force` in carnet-admin, the save dialog's
//!   own « Remplacer ? » in the app);
//! - written under a temporary name in the same folder, synced, renamed,
//!   the folder synced: the target holds its old content or the whole new
//!   one, never half.
//!
//! The only way to write over a held cabinet is [`replace_held_cabinet`],
//! which takes that cabinet's claim: the passphrase change and the restore
//! over the current file, which replace the cabinet on purpose.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::claim::{held_cabinets, CabinetClaim};
use super::connection::{PLAIN_SQLITE_MAGIC, SQLCIPHER_PAGE_SIZE};
use super::files::{sidecar_path, sync_parent_dir};
use crate::error::{CoreError, Result};

/// The sidecars SQLite and Carnet keep beside a cabinet.
const SIDECARS: [&str; 4] = ["-wal", "-shm", "-lock", "-journal"];

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// An existing file is refused (`ReplaceNotConfirmed`).
    Never,
    /// She confirmed replacing an existing file (still never a cabinet).
    Confirmed,
}

impl Replace {
    /// `--force` / a confirmation given → [`Replace::Confirmed`].
    pub fn confirmed_if(confirmed: bool) -> Self {
        if confirmed {
            Replace::Confirmed
        } else {
            Replace::Never
        }
    }
}

/// Checks that `target` may be written (see the module's rules), without
/// writing anything: for work that makes its file itself (SQLite's `VACUUM
/// INTO`), called before it starts; [`put_in_place`] checks again.
pub fn check_target(target: &Path, replace: Replace) -> Result<()> {
    let resolved = resolve(target);
    for held in held_cabinets() {
        let held_resolved = resolve(&held);
        if resolved == held_resolved || same_file(target, &held) {
            return Err(CoreError::TargetIsOpenCabinet {
                path: target.to_path_buf(),
            });
        }
        for suffix in SIDECARS {
            let sidecar = sidecar_path(&held, suffix);
            if resolved == sidecar_path(&held_resolved, suffix) || same_file(target, &sidecar) {
                return Err(CoreError::TargetIsCabinetSidecar {
                    path: target.to_path_buf(),
                });
            }
        }
    }
    let metadata = match std::fs::metadata(target) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error.into()),
    };
    if metadata.is_dir() {
        return Err(CoreError::invalid(
            "path",
            format!(
                "« {} » est un dossier : donnez un nom de fichier.",
                target.display()
            ),
        ));
    }
    if looks_like_a_cabinet(target)? {
        return Err(CoreError::TargetIsCabinetFile {
            path: target.to_path_buf(),
        });
    }
    if replace == Replace::Never {
        return Err(CoreError::ReplaceNotConfirmed {
            path: target.to_path_buf(),
        });
    }
    Ok(())
}

/// Writes `bytes` to `target`: checked, then a temporary name in the same
/// folder, synced, renamed, the folder synced.
pub fn write_file(target: &Path, bytes: &[u8], replace: Replace) -> Result<()> {
    check_target(target, replace)?;
    let temporary = temporary_name(target);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(error) = written {
        // The write's own error is the one to report.
        let _ = std::fs::remove_file(&temporary);
        return Err(error.into());
    }
    put_in_place(&temporary, target, replace)
}

/// Renames a finished, synced `temporary` file to `target` after checking
/// the target again; on a refusal the temporary file is removed.
pub fn put_in_place(temporary: &Path, target: &Path, replace: Replace) -> Result<()> {
    if let Err(error) = check_target(target, replace) {
        // The refusal is the answer; the temporary file holds nothing kept.
        let _ = std::fs::remove_file(temporary);
        return Err(error);
    }
    if let Err(error) = std::fs::rename(temporary, target) {
        let _ = std::fs::remove_file(temporary);
        return Err(error.into());
    }
    sync_parent_dir(target);
    Ok(())
}

/// Puts a finished, synced, verified file in the place of the cabinet the
/// claim holds (passphrase change, restore over the current file): the one
/// way to write over a held cabinet, for the one who holds it.
pub fn replace_held_cabinet(claim: &CabinetClaim, temporary: &Path) -> Result<()> {
    let target = claim.path();
    std::fs::rename(temporary, target)?;
    sync_parent_dir(target);
    Ok(())
}

/// `rapport.csv` → `rapport.csv.carnet-tmp`, beside it (a rename across
/// folders would not be atomic).
fn temporary_name(target: &Path) -> PathBuf {
    sidecar_path(target, ".carnet-tmp")
}

/// The path with its folder's links and `..` resolved (the file itself
/// too when it exists), so two spellings of one place compare equal.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(resolved) = std::fs::canonicalize(path) {
        return resolved;
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|parent| parent.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// Both exist and are the same file (a hard link, a link to it).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// A `.carnet` file, a SQLite database, or an encrypted SQLCipher file:
/// whole 4 KiB pages whose first page is not text (a CSV, an ICS, HTML or
/// JSON are text; SQLCipher's pages are indistinguishable from random).
fn looks_like_a_cabinet(path: &Path) -> Result<bool> {
    let carnet_extension = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(crate::storage::files::CABINET_EXTENSION));
    if carnet_extension {
        return Ok(true);
    }
    let length = std::fs::metadata(path)?.len();
    let mut first_page = Vec::with_capacity(SQLCIPHER_PAGE_SIZE as usize);
    File::open(path)?
        .take(SQLCIPHER_PAGE_SIZE)
        .read_to_end(&mut first_page)?;
    if first_page.starts_with(PLAIN_SQLITE_MAGIC) {
        return Ok(true);
    }
    let whole_pages = length >= SQLCIPHER_PAGE_SIZE && length % SQLCIPHER_PAGE_SIZE == 0;
    // A character cut by the end of the page is still text.
    let text = match std::str::from_utf8(&first_page) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none(),
    };
    Ok(whole_pages && !text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn text_is_never_mistaken_for_a_cabinet_even_in_whole_pages() {
        let dir = tempfile::tempdir().unwrap();
        // 4096 bytes whose last character is cut by the page's end.
        let mut text = "é".repeat(2047).into_bytes();
        text.extend_from_slice(b"a\xc3");
        text.extend_from_slice("é".repeat(2048).as_bytes());
        text.push(b'\n');
        text.truncate(8192);
        assert_eq!(text.len() % 4096, 0);
        let csv = written(dir.path(), "patients.csv", &text);
        assert!(!looks_like_a_cabinet(&csv).unwrap());
        assert!(check_target(&csv, Replace::Confirmed).is_ok());
    }

    #[test]
    fn encrypted_pages_sqlite_databases_and_carnet_files_look_like_cabinets() {
        let dir = tempfile::tempdir().unwrap();
        let random: Vec<u8> = (0..8192u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut sqlite = PLAIN_SQLITE_MAGIC.to_vec();
        sqlite.resize(100, 0);
        for path in [
            written(dir.path(), "export.csv", &random),
            written(dir.path(), "base.db", &sqlite),
            written(dir.path(), "vide.carnet", b""),
        ] {
            let error = check_target(&path, Replace::Confirmed).unwrap_err();
            assert!(
                matches!(error, CoreError::TargetIsCabinetFile { .. }),
                "{error}"
            );
        }
        // Not whole pages: an ordinary file, replaced when confirmed.
        let odd = written(dir.path(), "odd.bin", &random[..5000]);
        assert!(check_target(&odd, Replace::Confirmed).is_ok());
        assert!(matches!(
            check_target(&odd, Replace::Never),
            Err(CoreError::ReplaceNotConfirmed { .. })
        ));
    }

    #[test]
    fn a_write_leaves_the_whole_new_content_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = written(dir.path(), "liste.csv", b"ancien");
        write_file(&target, b"nouveau", Replace::Confirmed).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"nouveau");
        assert!(!temporary_name(&target).exists());
        let folder = dir.path().join("dossier");
        std::fs::create_dir(&folder).unwrap();
        assert!(write_file(&folder, b"x", Replace::Confirmed).is_err());
        assert!(folder.is_dir());
    }
}
