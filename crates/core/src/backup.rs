//! Encrypted backups and restore.
//!
//! A backup is a SQLCipher copy of the cabinet with the same key (so the
//! same passphrase opens it), made by `VACUUM INTO` from a second connection
//! so the secretary keeps working meanwhile. It is written under a temporary
//! name, then opened and checked (SQLite's and SQLCipher's integrity checks,
//! the row counts of the source at the same instant) and only then renamed
//! into place. Old backups are rotated (daily / weekly / monthly).
//!
//! Restore never overwrites without a copy: into a new file, or over the
//! current one after keeping it under another name; at every instant the
//! cabinet's path holds either the old file or the complete restored one.

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Event};
use crate::cabinet::{Cabinet, ReplaceFailure};
use crate::documents::stored;
use crate::error::{CoreError, Result};
use crate::ids::{new_id, now_utc};
use crate::passphrase::Passphrase;
use crate::storage::claim::CabinetClaim;
use crate::storage::files::sidecar_path;
use crate::storage::guarded_write::{self, Replace};
use crate::storage::keys::CabinetKey;
use crate::{local_json, trail_anchor};

/// Suffix of every backup file: still a `.carnet`, so it opens as a cabinet.
pub const BACKUP_SUFFIX: &str = ".sauvegarde.carnet";
const STAMP_FORMAT: &str = "%Y-%m-%d_%H-%M-%S";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    pub folders: Vec<String>,
    pub keep_daily: u32,
    pub keep_weekly: u32,
    pub keep_monthly: u32,
    /// A warning shows when the last good backup is older than this.
    pub max_age_hours: u32,
}

fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()?)
}

pub fn settings(cabinet: &Cabinet) -> Result<BackupSettings> {
    let conn = cabinet.conn();
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(setting(conn, key)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(default))
    };
    Ok(BackupSettings {
        folders: setting(conn, "backup_folders")?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
        keep_daily: number("backup_keep_daily", 7)?,
        keep_weekly: number("backup_keep_weekly", 4)?,
        keep_monthly: number("backup_keep_monthly", 12)?,
        max_age_hours: number("backup_max_age_hours", 48)?,
    })
}

pub fn save_settings(cabinet: &mut Cabinet, settings: &BackupSettings) -> Result<()> {
    crate::users::require_admin(cabinet)?;
    if settings.keep_daily == 0 {
        return Err(CoreError::invalid(
            "keepDaily",
            "Gardez au moins une sauvegarde quotidienne.",
        ));
    }
    if settings.max_age_hours < 1 {
        return Err(CoreError::invalid(
            "maxAgeHours",
            "Le délai d'alerte doit être d'au moins une heure.",
        ));
    }
    let mut folders: Vec<String> = Vec::new();
    for folder in &settings.folders {
        let folder = folder.trim();
        if folder.is_empty() || folders.iter().any(|f| f == folder) {
            continue;
        }
        if !Path::new(folder).is_absolute() {
            return Err(CoreError::invalid(
                "folders",
                format!("« {folder} » n'est pas un chemin complet. Choisissez le dossier avec « Parcourir… »."),
            ));
        }
        folders.push(folder.to_string());
    }
    let tx = cabinet.conn_mut().transaction()?;
    let values = [
        (
            "backup_folders",
            serde_json::to_string(&folders).unwrap_or_else(|_| "[]".into()),
        ),
        ("backup_keep_daily", settings.keep_daily.to_string()),
        ("backup_keep_weekly", settings.keep_weekly.to_string()),
        ("backup_keep_monthly", settings.keep_monthly.to_string()),
        ("backup_max_age_hours", settings.max_age_hours.to_string()),
    ];
    for (key, value) in values {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
            params![key, value],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// What a cabinet holds, compared between a file and its backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub patients: i64,
    pub appointments: i64,
    pub correspondants: i64,
    pub waiting_list: i64,
    pub users: i64,
    pub audit_entries: i64,
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    let count = |table: &str| -> Result<i64> {
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })?,
        )
    };
    Ok(Counts {
        patients: count("patients")?,
        appointments: count("appointments")?,
        correspondants: count("correspondants")?,
        waiting_list: count("waiting_list")?,
        users: count("users")?,
        audit_entries: count("audit_log")?,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum BackupTrigger {
    Manuelle,
    Quotidienne,
    Fermeture,
    Outil,
}

impl BackupTrigger {
    fn as_str(self) -> &'static str {
        match self {
            BackupTrigger::Manuelle => "manuelle",
            BackupTrigger::Quotidienne => "quotidienne",
            BackupTrigger::Fermeture => "fermeture",
            BackupTrigger::Outil => "outil",
        }
    }
}

/// A backup prepared under the cabinet (fast), run without it (slow), then
/// recorded under it again: the shell keeps the secretary's work going
/// while the copy is made.
pub struct BackupJob {
    source: Connection,
    key: CabinetKey,
    /// Where the cabinet's documents are (the cabinet file's folder).
    documents_from: PathBuf,
    folder: PathBuf,
    final_path: PathBuf,
    trigger: BackupTrigger,
    keep: Rotation,
    name_prefix: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BackupDone {
    pub path: String,
    pub folder: String,
    pub size_bytes: i64,
    pub counts: Counts,
    /// Old backups removed by the rotation.
    pub rotated_out: Vec<String>,
    /// Documents copied into the backup folder's store this time (the ones
    /// it did not hold yet).
    pub documents_copied: u32,
}

/// The file name prefix of this cabinet's backups: its file name and the end
/// of its id, so two cabinets saved on the same USB stick never mix.
fn name_prefix(cabinet: &Cabinet) -> String {
    let stem = cabinet
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cabinet".into());
    let id = &cabinet.info().id;
    let tail = &id[id.len().saturating_sub(8)..];
    format!("{stem}.{tail}.")
}

pub fn prepare(cabinet: &Cabinet, folder: &Path, trigger: BackupTrigger) -> Result<BackupJob> {
    if !folder.is_dir() {
        return Err(CoreError::invalid(
            "folder",
            format!(
                "Dossier de sauvegarde introuvable : « {} ». Branchez la clé USB ou le disque, ou choisissez un autre dossier.",
                folder.display()
            ),
        ));
    }
    let settings = settings(cabinet)?;
    let prefix = name_prefix(cabinet);
    let stamp = cabinet.clock().now().format(STAMP_FORMAT).to_string();
    let final_path = folder.join(format!("{prefix}{stamp}{BACKUP_SUFFIX}"));
    if final_path.exists() {
        return Err(CoreError::invalid(
            "folder",
            "Une sauvegarde vient d'être faite à l'instant dans ce dossier. Réessayez dans une seconde.",
        ));
    }
    guarded_write::check_target(&final_path, Replace::Never)?;
    Ok(BackupJob {
        source: cabinet.second_connection()?,
        key: cabinet.key().duplicate(),
        documents_from: documents_folder(cabinet),
        folder: folder.to_path_buf(),
        final_path,
        trigger,
        keep: Rotation {
            daily: settings.keep_daily,
            weekly: settings.keep_weekly,
            monthly: settings.keep_monthly,
        },
        name_prefix: prefix,
    })
}

impl BackupJob {
    /// Stops the copy (the cabinet is locking): the partial file is removed.
    pub fn interrupt_handle(&self) -> crate::storage::integrity::InterruptHandle {
        self.source.get_interrupt_handle()
    }

    pub fn trigger(&self) -> BackupTrigger {
        self.trigger
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Copies, verifies, renames, rotates. On any failure the temporary
    /// file is removed and no earlier backup is touched.
    pub fn run(self) -> Result<BackupDone> {
        let partial = sidecar_path(&self.final_path, ".partiel");
        remove_file_and_sidecars(&partial);
        let result = self.copy_and_verify(&partial);
        let counts = match result {
            Ok(counts) => counts,
            Err(error) => {
                remove_file_and_sidecars(&partial);
                return Err(error);
            }
        };
        // The documents the copy names go first into the backup folder's
        // document store (only those it lacks, each checked once copied);
        // then the copy's trail head, sealed, goes beside it: a later
        // opening compares the cabinet's trail with it (crate::trail_anchor).
        let head = open_copy(&partial, &self.key).and_then(|copy| {
            let copied = stored::copy_documents(&copy, &self.documents_from, &self.folder)?;
            Ok((trail_anchor::head_on(&copy, &self.key, &now_utc())?, copied))
        });
        let (head, documents_copied) = match head {
            Ok(head) => head,
            Err(error) => {
                remove_file_and_sidecars(&partial);
                return Err(error);
            }
        };
        guarded_write::put_in_place(&partial, &self.final_path, Replace::Never)?;
        local_json::write(&trail_anchor::beside(&self.final_path), &head)?;
        let size_bytes = std::fs::metadata(&self.final_path)
            .map(|m| m.len() as i64)
            .unwrap_or(0);
        let rotated_out = rotate(&self.folder, &self.name_prefix, self.keep)?;
        // A failed clean-up never fails a good backup: it is tried again
        // next time.
        let _ = self.prune_documents();
        Ok(BackupDone {
            path: self.final_path.display().to_string(),
            folder: self.folder.display().to_string(),
            size_bytes,
            counts,
            rotated_out,
            documents_copied: u32::try_from(documents_copied).unwrap_or(u32::MAX),
        })
    }

    /// After the rotation, the backup folder's documents that no backup of
    /// this cabinet names any more are removed (a patient's scans leave the
    /// backups with the last backup that held her file). Only when every
    /// backup of this cabinet in the folder opens with the current key: one
    /// made before a passphrase change might name any of them, and then
    /// nothing is removed. Never in the cabinet's own folder, whose store is
    /// the cabinet's.
    fn prune_documents(&self) -> Result<usize> {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => true,
        };
        if same(&self.folder, &self.documents_from) {
            return Ok(0);
        }
        let Some(store) = stored::store_of(&self.source, &self.folder)? else {
            return Ok(0);
        };
        let id: String = self
            .source
            .query_row("SELECT id FROM cabinet", [], |row| row.get(0))?;
        let tail = format!(".{}.", &id[id.len().saturating_sub(8)..]);
        let mut named = HashSet::new();
        for entry in std::fs::read_dir(&self.folder)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(BACKUP_SUFFIX) {
                continue;
            }
            let copy = match open_copy(&entry.path(), &self.key) {
                Ok(copy) => copy,
                Err(_) if name.contains(&tail) => return Ok(0),
                Err(_) => continue, // another cabinet's
            };
            let its_id: String = copy.query_row("SELECT id FROM cabinet", [], |row| row.get(0))?;
            if its_id == id {
                named.extend(stored::referenced(&copy)?);
            }
        }
        let unnamed: Vec<String> = store
            .names()
            .into_iter()
            .filter(|name| !named.contains(name))
            .collect();
        store.remove(&unnamed)?;
        Ok(unnamed.len())
    }

    fn copy_and_verify(&self, partial: &Path) -> Result<Counts> {
        // `data_version` changes when another connection commits: if it is
        // the same before and after the copy, the counts read now are the
        // copy's. Otherwise the secretary saved something meanwhile: again.
        for _ in 0..5 {
            let before: i64 = self
                .source
                .query_row("PRAGMA data_version", [], |row| row.get(0))?;
            self.source
                .execute("VACUUM INTO ?1", [partial.to_string_lossy().as_ref()])?;
            let expected = counts(&self.source)?;
            let after: i64 = self
                .source
                .query_row("PRAGMA data_version", [], |row| row.get(0))?;
            if before != after {
                remove_file_and_sidecars(partial);
                continue;
            }
            let found = verify_file(partial, &self.key)?;
            if found != expected {
                return Err(CoreError::Damaged {
                    detail: format!(
                        "la copie ne contient pas le même nombre de lignes ({} patients au lieu de {})",
                        found.patients, expected.patients
                    ),
                });
            }
            File::open(partial)?.sync_all()?;
            return Ok(expected);
        }
        Err(CoreError::Internal(
            "le cabinet change sans cesse pendant la sauvegarde ; réessayez".into(),
        ))
    }
}

/// Records a finished (or failed) backup in the cabinet, for the status.
pub fn record(
    cabinet: &Cabinet,
    folder: &Path,
    trigger: BackupTrigger,
    outcome: &Result<BackupDone>,
) -> Result<()> {
    let (file_name, size, ok, message) = match outcome {
        Ok(done) => (
            Path::new(&done.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned()),
            Some(done.size_bytes),
            true,
            None,
        ),
        Err(error) => (None, None, false, Some(error.to_string())),
    };
    cabinet.conn().execute(
        "INSERT INTO backups (id, at, folder, file_name, size_bytes, ok, message, trigger)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            new_id(),
            cabinet.now_utc(),
            folder.display().to_string(),
            file_name,
            size,
            ok,
            message,
            trigger.as_str()
        ],
    )?;
    if ok {
        audit::record(
            cabinet,
            &Event {
                action: "backup",
                object_kind: "cabinet",
                detail: Some(&format!(
                    "sauvegarde {} dans {}",
                    trigger.as_str(),
                    folder.display()
                )),
                ..Event::default()
            },
        )?;
    }
    Ok(())
}

/// Backs up into one folder, all steps in a row (the CLI, tests).
pub fn backup_now(cabinet: &Cabinet, folder: &Path, trigger: BackupTrigger) -> Result<BackupDone> {
    let outcome = prepare(cabinet, folder, trigger).and_then(BackupJob::run);
    record(cabinet, folder, trigger, &outcome)?;
    outcome
}

/// Opens a copy with the key and runs both integrity checks.
fn verify_file(path: &Path, key: &CabinetKey) -> Result<Counts> {
    let conn = open_copy(path, key)?;
    let problems = |sql: &str| -> Result<Vec<String>> {
        let mut statement = conn.prepare(sql)?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(rows)
    };
    let sqlite = problems("PRAGMA integrity_check")?;
    let cipher = problems("PRAGMA cipher_integrity_check")?;
    if sqlite != ["ok"] || !cipher.is_empty() {
        return Err(CoreError::Damaged {
            detail: "la copie ne passe pas les contrôles d'intégrité".into(),
        });
    }
    counts(&conn)
}

fn open_copy(path: &Path, key: &CabinetKey) -> Result<Connection> {
    let conn = crate::storage::connection::open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Older SQLCipher builds lack this pragma: the log then stays, nothing else changes.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    crate::storage::connection::apply_cabinet_key(&conn, key)?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(CoreError::WrongPassphrase)
        }
        Err(error) => Err(error.into()),
    }
}

fn remove_file_and_sidecars(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        // Removing a partial copy; the error that stopped the backup is the one reported.
        let _ = std::fs::remove_file(sidecar_path(path, suffix));
    }
}

/// How many backups to keep per period.
#[derive(Debug, Clone, Copy)]
pub struct Rotation {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

/// Which of these backup times to keep: the newest of each of the last
/// `daily` days that have one, of the last `weekly` ISO weeks, of the last
/// `monthly` months — and every backup of the last 24 hours (a backup made
/// by hand before a risky change survives the one made at closing).
pub fn to_keep(times: &[NaiveDateTime], keep: Rotation) -> HashSet<NaiveDateTime> {
    let mut sorted: Vec<NaiveDateTime> = times.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let mut kept = HashSet::new();
    if let Some(newest) = sorted.first() {
        let recent = *newest - chrono::Duration::hours(24);
        kept.extend(sorted.iter().filter(|t| **t > recent));
    }
    let mut pick = |limit: u32, period: &dyn Fn(&NaiveDateTime) -> (i32, u32)| {
        let mut seen = Vec::new();
        for time in &sorted {
            let key = period(time);
            if seen.contains(&key) {
                continue;
            }
            if seen.len() as u32 >= limit {
                break;
            }
            seen.push(key);
            kept.insert(*time);
        }
    };
    pick(keep.daily, &|t| (t.year(), t.ordinal()));
    pick(keep.weekly, &|t| (t.iso_week().year(), t.iso_week().week()));
    pick(keep.monthly, &|t| (t.year(), t.month()));
    kept
}

fn rotate(folder: &Path, prefix: &str, keep: Rotation) -> Result<Vec<String>> {
    let found = backups_in(folder, prefix);
    let times: Vec<NaiveDateTime> = found.iter().map(|(time, _)| *time).collect();
    let kept = to_keep(&times, keep);
    let mut removed = Vec::new();
    for (time, path) in found {
        if !kept.contains(&time) {
            std::fs::remove_file(&path)?;
            // Its head goes with it (an older backup's head may be missing).
            let _ = std::fs::remove_file(trail_anchor::beside(&path));
            removed.push(path.display().to_string());
        }
    }
    Ok(removed)
}

/// This cabinet's backups in a folder, with the time in their name.
fn backups_in(folder: &Path, prefix: &str) -> Vec<(NaiveDateTime, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(BACKUP_SUFFIX))
        else {
            continue;
        };
        if let Ok(time) = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT) {
            found.push((time, entry.path()));
        }
    }
    found.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    found
}

/// The trail heads written beside the newest backup of each backup folder
/// of this cabinet, with where they were seen (for the warning).
pub fn newest_heads(cabinet: &Cabinet) -> Result<Vec<(String, trail_anchor::SealedHead)>> {
    let prefix = name_prefix(cabinet);
    let mut heads = Vec::new();
    for folder in settings(cabinet)?.folders {
        let found = backups_in(Path::new(&folder), &prefix)
            .into_iter()
            .find_map(|(time, path)| trail_anchor::read_beside(&path).map(|head| (time, head)));
        if let Some((time, head)) = found {
            heads.push((
                format!(
                    "dans la sauvegarde du {} ({folder})",
                    time.format("%d/%m/%Y à %H:%M")
                ),
                head,
            ));
        }
    }
    Ok(heads)
}

/// One backup found for the restore list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: String,
    pub folder: String,
    /// RFC 3339 UTC, from the file name.
    pub made_at: String,
    pub size_bytes: i64,
    /// `None` when it could not be opened with the current key (made before
    /// a passphrase change, or damaged): `problem` says which.
    pub counts: Option<Counts>,
    pub problem: Option<String>,
}

/// The backups of this cabinet in its folders (and `extra` folders), newest
/// first, each opened to show what it holds.
pub fn list(cabinet: &Cabinet, extra: &[PathBuf]) -> Result<Vec<BackupFile>> {
    let mut folders: Vec<PathBuf> = settings(cabinet)?
        .folders
        .iter()
        .map(PathBuf::from)
        .collect();
    folders.extend(extra.iter().cloned());
    let prefix = name_prefix(cabinet);
    let mut files = Vec::new();
    for folder in folders {
        for (time, path) in backups_in(&folder, &prefix) {
            let (counts, problem) = match open_copy(&path, cabinet.key()).and_then(|c| counts(&c)) {
                Ok(counts) => (Some(counts), None),
                Err(CoreError::WrongPassphrase) => (
                    None,
                    Some("faite avec une autre phrase de passe (ou endommagée)".to_string()),
                ),
                Err(error) => (None, Some(error.to_string())),
            };
            files.push(BackupFile {
                path: path.display().to_string(),
                folder: folder.display().to_string(),
                made_at: Utc
                    .from_utc_datetime(&time)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                size_bytes: std::fs::metadata(&path)
                    .map(|m| m.len() as i64)
                    .unwrap_or(0),
                counts,
                problem,
            });
        }
    }
    files.sort_by(|a, b| b.made_at.cmp(&a.made_at));
    Ok(files)
}

/// What the status bar and the settings show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    pub last_good_at: Option<String>,
    pub last_good_folder: Option<String>,
    pub last_failure: Option<String>,
    pub folders: Vec<FolderStatus>,
    /// French sentences for the warning banner; empty when all is well.
    pub warnings: Vec<String>,
    /// A daily backup is due (none today): the shell makes one.
    pub daily_due: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FolderStatus {
    pub folder: String,
    pub present: bool,
    pub last_good_at: Option<String>,
}

pub fn status(cabinet: &Cabinet) -> Result<BackupStatus> {
    status_at(cabinet, cabinet.clock().now())
}

pub fn status_at(cabinet: &Cabinet, now: DateTime<Utc>) -> Result<BackupStatus> {
    let settings = settings(cabinet)?;
    let conn = cabinet.conn();
    let last_good: Option<(String, String)> = conn
        .query_row(
            "SELECT at, folder FROM backups WHERE ok = 1 ORDER BY at DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let last_failure: Option<String> = conn
        .query_row(
            "SELECT message FROM backups WHERE ok = 0 AND at > coalesce((SELECT max(at) FROM backups WHERE ok = 1), '')
             ORDER BY at DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .optional()?;
    let mut folders = Vec::new();
    let mut warnings = Vec::new();
    for folder in &settings.folders {
        let present = Path::new(folder).is_dir();
        let last: Option<String> = conn
            .query_row(
                "SELECT max(at) FROM backups WHERE ok = 1 AND folder = ?1",
                [folder],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        if !present {
            warnings.push(format!(
                "Le dossier de sauvegarde « {folder} » est introuvable : branchez la clé USB ou le disque."
            ));
        }
        folders.push(FolderStatus {
            folder: folder.clone(),
            present,
            last_good_at: last,
        });
    }
    if settings.folders.is_empty() {
        warnings.push(
            "Aucun dossier de sauvegarde n'est choisi : en cas de vol ou de panne, tout serait perdu. Choisissez-en un (clé USB, disque externe)."
                .into(),
        );
    }
    let age_limit = chrono::Duration::hours(i64::from(settings.max_age_hours));
    match &last_good {
        Some((at, _)) => {
            if let Ok(at) = DateTime::parse_from_rfc3339(at) {
                let age = now - at.with_timezone(&Utc);
                if age > age_limit {
                    warnings.push(format!(
                        "La dernière sauvegarde réussie date de {} jours : faites-en une maintenant.",
                        age.num_days().max(1)
                    ));
                }
            }
        }
        None if !settings.folders.is_empty() => warnings
            .push("Aucune sauvegarde n'a encore été faite : faites-en une maintenant.".into()),
        None => {}
    }
    if let Some(message) = &last_failure {
        warnings.push(format!("La dernière sauvegarde a échoué : {message}"));
    }
    let today = now.date_naive().to_string();
    let daily_due = !settings.folders.is_empty()
        && last_good
            .as_ref()
            .is_none_or(|(at, _)| at.get(..10).is_none_or(|day| day < today.as_str()));
    Ok(BackupStatus {
        last_good_at: last_good.as_ref().map(|(at, _)| at.clone()),
        last_good_folder: last_good.map(|(_, folder)| folder),
        last_failure,
        folders,
        warnings,
        daily_due,
    })
}

/// Said after a passphrase change (the app and carnet-admin): the backups
/// made before it are copies of the file as it was, keyed as it was.
pub const OLD_BACKUPS_AFTER_REKEY: &str = "Les sauvegardes faites avant ce changement s'ouvrent toujours avec l'ANCIENNE phrase de passe : gardez-la sur la fiche de secours tant que vous les conservez, et faites dès maintenant une sauvegarde avec la nouvelle.";

/// Checks a backup before a restore: opens it (with the current key, or a
/// passphrase for a backup made before a passphrase change), both integrity
/// checks, and returns what it holds.
pub fn inspect(
    path: &Path,
    key: Option<&CabinetKey>,
    passphrase: Option<&Passphrase>,
) -> Result<Counts> {
    let derived;
    let key = match (key, passphrase) {
        (_, Some(passphrase)) => {
            derived = CabinetKey::derive(passphrase, path)?;
            &derived
        }
        (Some(key), None) => key,
        (None, None) => return Err(CoreError::WrongPassphrase),
    };
    let counts = verify_file(path, key)?;
    let missing = stored::problems(&open_copy(path, key)?, &folder_of(path))?;
    if !missing.is_empty() {
        return Err(CoreError::Damaged {
            detail: format!("la sauvegarde est incomplète : {}", missing.join(" ; ")),
        });
    }
    Ok(counts)
}

/// Restores a backup into a new file (never over an existing one).
pub fn restore_to_new(backup: &Path, passphrase: &Passphrase, new_path: &Path) -> Result<Counts> {
    guarded_write::check_target(new_path, Replace::Never)?;
    let counts = inspect(backup, None, Some(passphrase))?;
    copy_documents_of(backup, &CabinetKey::derive(passphrase, backup)?, new_path)?;
    let temporary = copy_beside(backup, new_path)?;
    guarded_write::put_in_place(&temporary, new_path, Replace::Never)?;
    Ok(counts)
}

/// The folder of a cabinet's documents: its file's folder.
fn documents_folder(cabinet: &Cabinet) -> PathBuf {
    folder_of(cabinet.path())
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Copies the documents a backup names from its folder to the folder of
/// `target` (the file it is restored to), before that file appears: a
/// restored cabinet never names a document it does not have.
fn copy_documents_of(backup: &Path, key: &CabinetKey, target: &Path) -> Result<usize> {
    let copy = open_copy(backup, key)?;
    stored::copy_documents(&copy, &folder_of(backup), &folder_of(target))
}

/// Copies `from` to a temporary file beside `to`, fsynced, ready to be
/// renamed: `to` will hold the old content or the whole new one, never half.
fn copy_beside(from: &Path, to: &Path) -> Result<PathBuf> {
    let temporary = sidecar_path(to, ".restauration");
    remove_file_and_sidecars(&temporary);
    let copied = std::fs::copy(from, &temporary).and_then(|_| File::open(&temporary)?.sync_all());
    if let Err(error) = copied {
        remove_file_and_sidecars(&temporary);
        return Err(error.into());
    }
    Ok(temporary)
}

/// Copies a backup over the cabinet the claim holds (restore over the
/// current file): the guarded writer's one door for that.
fn copy_over_held(from: &Path, claim: &CabinetClaim) -> Result<()> {
    let temporary = copy_beside(from, claim.path())?;
    let placed = guarded_write::replace_held_cabinet(claim, &temporary);
    if placed.is_err() {
        remove_file_and_sidecars(&temporary);
    }
    placed
}

/// Replaces the open cabinet by a backup, after keeping a copy of the
/// current file beside it (`… avant restauration <date>.carnet`). Returns
/// the reopened cabinet and the path of the kept copy.
pub fn restore_over(
    cabinet: Cabinet,
    backup: &Path,
    passphrase: Option<&Passphrase>,
) -> std::result::Result<(Cabinet, PathBuf), ReplaceFailure> {
    let failed = |cabinet: Option<Cabinet>, error: CoreError| ReplaceFailure {
        cabinet: cabinet.map(Box::new),
        error,
    };
    if let Err(error) = crate::users::require_admin(&cabinet) {
        return Err(failed(Some(cabinet), error));
    }
    let prepared = keep_current_copy(&cabinet, backup, passphrase);
    let (counts, kept) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => return Err(failed(Some(cabinet), error)),
    };
    let path = cabinet.path().to_path_buf();
    let actor = cabinet.actor();
    let assembly = cabinet.assembly();
    let clock = cabinet.clock().clone();
    let current_key = cabinet.key().duplicate();
    let backup_key = match passphrase {
        Some(passphrase) => CabinetKey::derive(passphrase, backup),
        None => Ok(current_key.duplicate()),
    };
    if let Err(error) = backup_key.and_then(|key| copy_documents_of(backup, &key, &path)) {
        return Err(failed(Some(cabinet), error));
    }
    let claim = cabinet
        .close_for_replacement()
        .map_err(|error| failed(None, error))?;
    if let Err(error) = copy_over_held(backup, &claim) {
        // The old file is still at its path, whole: reopen it.
        let reopened = Cabinet::unlock_with_key(claim, current_key, assembly)
            .ok()
            .map(|cabinet| cabinet.with_clock(clock.clone()));
        if let Some(cabinet) = &reopened {
            cabinet.set_actor(actor);
        }
        return Err(failed(reopened, error));
    }
    // A backup from before a passphrase change keeps its own passphrase.
    let key = match passphrase {
        Some(passphrase) => CabinetKey::derive(passphrase, &path).map_err(|e| failed(None, e))?,
        None => current_key,
    };
    let reopened = Cabinet::unlock_with_key(claim, key, assembly)
        .map_err(|failure| failed(None, failure.error))?
        .with_clock(clock);
    reopened.set_actor(actor);
    audit::record(
        &reopened,
        &Event {
            action: "restore",
            object_kind: "cabinet",
            detail: Some(&format!(
                "restauration d'une sauvegarde ({} patients, {} rendez-vous) ; ancien fichier gardé : {}",
                counts.patients,
                counts.appointments,
                kept.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )),
            ..Event::default()
        },
    )
    .map_err(|error| failed(None, error))?;
    Ok((reopened, kept))
}

/// Checks the backup, then keeps a verified copy of the current file beside
/// it (`… avant restauration <date>.carnet`).
fn keep_current_copy(
    cabinet: &Cabinet,
    backup: &Path,
    passphrase: Option<&Passphrase>,
) -> Result<(Counts, PathBuf)> {
    let counts = inspect(backup, Some(cabinet.key()), passphrase)?;
    let path = cabinet.path();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cabinet".into());
    let kept = path.with_file_name(format!(
        "{stem} avant restauration {}.carnet",
        cabinet.clock().now().format(STAMP_FORMAT)
    ));
    let keep_job = BackupJob {
        source: cabinet.second_connection()?,
        key: cabinet.key().duplicate(),
        documents_from: documents_folder(cabinet),
        folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        final_path: kept.clone(),
        trigger: BackupTrigger::Manuelle,
        keep: Rotation {
            daily: u32::MAX,
            weekly: 0,
            monthly: 0,
        },
        name_prefix: format!("{stem} avant restauration "),
    };
    guarded_write::check_target(&kept, Replace::Never)?;
    let partial = sidecar_path(&kept, ".partiel");
    if let Err(error) = keep_job.copy_and_verify(&partial) {
        remove_file_and_sidecars(&partial);
        return Err(error);
    }
    guarded_write::put_in_place(&partial, &kept, Replace::Never)?;
    Ok((counts, kept))
}
