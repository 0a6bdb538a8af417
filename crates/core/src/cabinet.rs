//! The cabinet file: one SQLCipher 4 database per cabinet, with SQLCipher's
//! default settings so any SQLCipher 4 tool opens it with the passphrase.
//!
//! Life cycle, enforced by the types:
//! `Cabinet::create` / `Cabinet::open` → [`Cabinet`] (unlocked, one connection)
//! → [`Cabinet::lock`] → [`CabinetClaim`] (key forgotten, file still reserved)
//! → [`Cabinet::unlock`] → [`Cabinet`] … → [`Cabinet::close`].
//!
//! The key derivation (PBKDF2-HMAC-SHA512, 256 000 iterations, ~150 ms) runs
//! once per unlock: the connection lives as long as the cabinet is unlocked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::{self, Actor, AuditContext};
use crate::checkpoint::Checkpointer;
use crate::clock::Clock;
use crate::error::{CoreError, Result};
use crate::ids::{new_id, now_utc};
use crate::keys::CabinetKey;
use crate::migrations;
use crate::passphrase::{self, Passphrase};
use crate::patients::directory::DirectoryCache;
use crate::time_zones;
use crate::users::{Pin, QuickUnlock};

/// File name extension of a cabinet file.
pub const FILE_EXTENSION: &str = "carnet";

/// Written in the SQLite header (`PRAGMA application_id`): tells a Carnet
/// cabinet from any other SQLCipher database once decrypted. "CARN".
const APPLICATION_ID: i32 = 0x4341_524E;

const SQLCIPHER_PAGE_SIZE: u64 = 4096;
const PLAIN_SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// 64 MiB page cache (negative = KiB). With SQLCipher's 2 MB default, reads
/// were 3.5–6× slower than plain SQLite on these machines; at 64 MB, at parity.
const CACHE_SIZE_KIB: i64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Practitioner {
    pub name: String,
    pub specialty: String,
}

/// What the user fills in to create a cabinet (the passphrase travels apart).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewCabinet {
    pub name: String,
    pub practitioners: Vec<Practitioner>,
    pub colour: String,
    pub time_zone: String,
    pub is_demo: bool,
}

/// What the shell shows of an open cabinet.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CabinetSummary {
    pub name: String,
    pub colour: String,
    pub practitioners: Vec<Practitioner>,
    pub time_zone: String,
    pub is_demo: bool,
    pub path: String,
    pub patient_count: i64,
    /// RFC 3339, UTC: shown on the emergency sheet.
    pub created_at: String,
}

/// Who the cabinet is, as stored inside the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CabinetInfo {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub time_zone: String,
    pub is_demo: bool,
    pub practitioners: Vec<Practitioner>,
    pub created_at: String,
}

/// A reservation of a cabinet file by this process: held from opening to
/// closing, across locks, so no second window or program opens the same file.
///
/// It is an exclusive OS lock on an empty sidecar file `<cabinet>-lock`, which
/// the OS releases if the process dies. The sidecar is left in place on close:
/// deleting it would let two processes lock two different inodes at once.
#[derive(Debug)]
pub struct CabinetClaim {
    path: PathBuf,
    _lock: File,
}

impl CabinetClaim {
    pub fn acquire(path: &Path) -> Result<Self> {
        let lock_path = sidecar_path(path, "-lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => Ok(CabinetClaim {
                path: path.to_path_buf(),
                _lock: lock,
            }),
            Err(TryLockError::WouldBlock) => Err(CoreError::FileInUse),
            Err(TryLockError::Error(error)) => Err(CoreError::Io(error)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// An unlocked cabinet: the one connection to its file, keyed.
#[derive(Debug)]
pub struct Cabinet {
    /// Declared first so it is dropped first: its connection must close
    /// before the main one (see `checkpoint`).
    checkpointer: Option<Checkpointer>,
    /// Before `conn` too: it may still be loading on its own connection.
    directory: DirectoryCache,
    conn: Connection,
    claim: CabinetClaim,
    info: CabinetInfo,
    /// Kept while unlocked so a second connection (backups) or a PIN
    /// unlock costs no derivation; wiped on lock and close.
    key: CabinetKey,
    audit: AuditContext,
    /// Where "now" comes from: the system clock, unless a test sets one.
    clock: Clock,
}

/// The benchmark's "physical limit": the same schema and data in a plain,
/// unencrypted SQLite file, opened through the same code, so Carnet's
/// figures divided by these show what encryption costs. Only `carnet-admin
/// bench` enables this (feature `bench-baselines`), on synthetic data.
#[cfg(feature = "bench-baselines")]
impl Cabinet {
    /// Writes an unencrypted copy of this cabinet to `target`.
    pub fn export_unencrypted_baseline(&self, target: &Path) -> Result<()> {
        remove_database_files(target)?;
        let conn = self.second_connection()?;
        conn.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [target.to_string_lossy()],
        )?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .and_then(|_| {
                conn.execute_batch(&format!("PRAGMA plain.application_id = {APPLICATION_ID};"))
            });
        let _ = conn.execute_batch("DETACH DATABASE plain;");
        exported?;
        Ok(())
    }

    /// Opens an unencrypted copy made by [`Cabinet::export_unencrypted_baseline`].
    pub fn open_unencrypted_baseline(path: &Path) -> Result<Self> {
        let claim = CabinetClaim::acquire(path)?;
        Cabinet::unlock_with_key(claim, CabinetKey::unencrypted_baseline())
            .map_err(|failure| failure.error)
    }
}

/// A refused passphrase change or restore hands the cabinet back, still
/// open, when it can; `None` when it failed after closing and could not
/// reopen (the file at its path is then whole: the old one or the new one).
#[derive(Debug)]
pub struct ReplaceFailure {
    pub cabinet: Option<Box<Cabinet>>,
    pub error: CoreError,
}

/// A failed unlock hands the claim back, so the cabinet stays reserved and
/// the user can try again.
#[derive(Debug)]
pub struct UnlockFailure {
    pub claim: CabinetClaim,
    pub error: CoreError,
}

impl Cabinet {
    /// Creates a new cabinet file. The file is built under a temporary name
    /// and renamed into place only once complete, so a failure (or a crash)
    /// never leaves a half-made cabinet at `path`.
    pub fn create(
        path: &Path,
        new: &NewCabinet,
        passphrase: &Passphrase,
        confirmation: &Passphrase,
    ) -> Result<Self> {
        validate_new_cabinet(new)?;
        if passphrase.expose() != confirmation.expose() {
            return Err(CoreError::PassphraseMismatch);
        }
        let mut context: Vec<&str> = vec![new.name.as_str()];
        context.extend(new.practitioners.iter().map(|p| p.name.as_str()));
        passphrase::require_acceptable(passphrase, &context)?;
        if path.exists() {
            return Err(CoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let claim = CabinetClaim::acquire(path)?;
        let building = sidecar_path(path, ".creating");
        // A leftover from an interrupted creation is ours and holds no data.
        remove_database_files(&building)?;
        let built = build_new_file(&building, new, passphrase);
        if let Err(error) = built {
            let _ = remove_database_files(&building);
            return Err(error);
        }
        if path.exists() {
            let _ = remove_database_files(&building);
            return Err(CoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        std::fs::rename(&building, path)?;
        sync_parent_dir(path);
        Cabinet::unlock(claim, passphrase).map_err(|failure| failure.error)
    }

    /// Opens an existing cabinet file with its passphrase.
    pub fn open(path: &Path, passphrase: &Passphrase) -> Result<Self> {
        if !path.exists() {
            return Err(CoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        if !path.is_file() {
            return Err(CoreError::NotACabinet {
                reason: "c'est un dossier".into(),
            });
        }
        let claim = CabinetClaim::acquire(path)?;
        Cabinet::unlock(claim, passphrase).map_err(|failure| failure.error)
    }

    /// Derives the key and opens the connection for a reserved file.
    pub fn unlock(
        claim: CabinetClaim,
        passphrase: &Passphrase,
    ) -> std::result::Result<Self, UnlockFailure> {
        match CabinetKey::derive(passphrase, claim.path()) {
            Ok(key) => Cabinet::unlock_with_key(claim, key),
            Err(error) => Err(UnlockFailure { claim, error }),
        }
    }

    pub(crate) fn unlock_with_key(
        claim: CabinetClaim,
        key: CabinetKey,
    ) -> std::result::Result<Self, UnlockFailure> {
        let audit = AuditContext::default();
        match open_keyed(claim.path(), &key, &audit) {
            Ok((conn, info)) => {
                let mut cabinet = Cabinet {
                    checkpointer: None,
                    conn,
                    claim,
                    info,
                    key,
                    audit,
                    directory: DirectoryCache::default(),
                    clock: Clock::System,
                };
                if let Err(error) = cabinet.directory.watch(&mut cabinet.conn) {
                    return Err(UnlockFailure {
                        claim: cabinet.lock(),
                        error,
                    });
                }
                // Without a second connection the first search loads it.
                if let Ok(background) = cabinet.second_connection() {
                    cabinet.directory.start_loading(background);
                }
                // Without it SQLite's own auto-checkpoint stays: slower
                // saves now and then, nothing worse.
                cabinet.checkpointer = cabinet
                    .second_connection()
                    .and_then(|background| Checkpointer::start(&mut cabinet.conn, background))
                    .ok();
                Ok(cabinet)
            }
            Err(error) => Err(UnlockFailure { claim, error }),
        }
    }

    /// Reopens a locked cabinet with a PIN (see [`users`]). The user is
    /// known at once; the unlock is recorded.
    pub fn unlock_with_pin(
        claim: CabinetClaim,
        quick: &mut QuickUnlock,
        user_id: &str,
        pin: &Pin,
    ) -> std::result::Result<Self, UnlockFailure> {
        match quick.open(user_id, pin) {
            Ok((key, actor)) => {
                let cabinet = Cabinet::unlock_with_key(claim, key)?;
                cabinet.set_actor(Some(actor));
                Ok(cabinet)
            }
            Err(error) => Err(UnlockFailure { claim, error }),
        }
    }

    /// Forgets the key (the connection, and SQLCipher's key material with it)
    /// but keeps the file reserved.
    pub fn lock(self) -> CabinetClaim {
        let Cabinet {
            checkpointer,
            directory,
            conn,
            claim,
            ..
        } = self;
        // Their connections close first, so the main one closes last and
        // folds and removes the WAL.
        drop(checkpointer);
        drop(directory);
        close_connection(conn);
        claim
    }

    /// Closes the connection so the file can be replaced (passphrase change,
    /// restore), keeping the file reserved. Refuses if the WAL could not be
    /// folded into the file: a stale WAL beside a new file would damage it.
    pub(crate) fn close_for_replacement(mut self) -> Result<CabinetClaim> {
        if let Some(checkpointer) = self.checkpointer.as_mut() {
            checkpointer.stop();
        }
        self.directory.stop();
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        if busy != 0 {
            return Err(CoreError::FileInUse);
        }
        let path = self.path().to_path_buf();
        let claim = self.lock();
        let wal = sidecar_path(&path, "-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(CoreError::Internal(
                "le journal WAL n'a pas pu être vidé".into(),
            ));
        }
        Ok(claim)
    }

    /// Changes the passphrase. The file is rewritten under a temporary name
    /// with the new passphrase, verified, then renamed over the old one: at
    /// any instant — a crash, a power cut — the file at `path` opens with
    /// the old passphrase or with the new one, never neither.
    pub fn change_passphrase(
        self,
        current: &Passphrase,
        new: &Passphrase,
        confirmation: &Passphrase,
    ) -> std::result::Result<Cabinet, ReplaceFailure> {
        let failed = |cabinet: Option<Cabinet>, error: CoreError| ReplaceFailure {
            cabinet: cabinet.map(Box::new),
            error,
        };
        let checked = (|| {
            let derived = CabinetKey::derive_with_salt(current, &salt_array(self.key.salt()))?;
            if derived.as_bytes() != self.key.as_bytes() {
                return Err(CoreError::WrongPassphrase);
            }
            if new.expose() != confirmation.expose() {
                return Err(CoreError::PassphraseMismatch);
            }
            if new.expose() == current.expose() {
                return Err(CoreError::invalid(
                    "newPassphrase",
                    "La nouvelle phrase de passe est identique à l'actuelle.",
                ));
            }
            let mut context: Vec<&str> = vec![self.info.name.as_str()];
            context.extend(self.info.practitioners.iter().map(|p| p.name.as_str()));
            passphrase::require_acceptable(new, &context)
        })();
        if let Err(error) = checked {
            return Err(failed(Some(self), error));
        }
        let path = self.path().to_path_buf();
        let rewritten = sidecar_path(&path, ".nouvelle-phrase");
        let written = write_rekeyed_copy(&self, &rewritten, new);
        if let Err(error) = written {
            let _ = remove_database_files(&rewritten);
            return Err(failed(Some(self), error));
        }
        let actor = self.actor();
        let clock = self.clock.clone();
        let claim = match self.close_for_replacement() {
            Ok(claim) => claim,
            Err(error) => {
                let _ = remove_database_files(&rewritten);
                return Err(failed(None, error));
            }
        };
        if let Err(error) = std::fs::rename(&rewritten, &path) {
            let _ = remove_database_files(&rewritten);
            return Err(failed(None, error.into()));
        }
        sync_parent_dir(&path);
        let cabinet = Cabinet::unlock(claim, new)
            .map_err(|failure| failed(None, failure.error))?
            .with_clock(clock);
        cabinet.set_actor(actor);
        audit::record(
            &cabinet,
            &audit::Event {
                action: "passphrase",
                object_kind: "cabinet",
                ..audit::Event::default()
            },
        )
        .map_err(|error| failed(None, error))?;
        Ok(cabinet)
    }

    /// Locks, keeping what a PIN needs to reopen (nothing if nobody has one).
    pub fn lock_for_quick_unlock(self) -> (CabinetClaim, Option<QuickUnlock>) {
        // Failing to prepare only means the passphrase will be asked.
        let quick = QuickUnlock::prepare(&self, &self.key).ok().flatten();
        (self.lock(), quick)
    }

    /// A second connection to the same file, keyed without derivation: for
    /// work that must not hold up the secretary's (a backup).
    pub(crate) fn second_connection(&self) -> Result<Connection> {
        // CREATE: the copies it writes (ATTACH, VACUUM INTO) are new files.
        let conn = open_connection(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.execute_batch(&self.key.pragma(None))?;
        audit::register_functions(&conn, &self.audit)?;
        configure(&conn)?;
        Ok(conn)
    }

    /// The full integrity checks on a second connection, to run in the
    /// background after opening: opening reads only the first pages, so a
    /// damaged page further in is found here, not when she reaches it.
    pub fn integrity_job(&self) -> Result<IntegrityJob> {
        Ok(IntegrityJob {
            conn: self.second_connection()?,
        })
    }

    #[cfg(test)]
    pub(crate) fn checkpointer(&self) -> Option<&Checkpointer> {
        self.checkpointer.as_ref()
    }

    /// Waits until the patient directory loading in the background since
    /// the unlock is ready (searches meanwhile read the file): for
    /// measurements of the steady state.
    pub fn wait_for_search_directory(&self) {
        self.directory.wait();
    }

    pub(crate) fn patient_directory(&self) -> &DirectoryCache {
        &self.directory
    }

    pub(crate) fn key(&self) -> &CabinetKey {
        &self.key
    }

    /// The person working now (the audit trail and history rows name her).
    pub fn actor(&self) -> Option<Actor> {
        self.audit.actor()
    }

    pub fn set_actor(&self, actor: Option<Actor>) {
        self.audit.set_actor(actor);
    }

    pub(crate) fn audit_context(&self) -> &AuditContext {
        &self.audit
    }

    /// Runs `work` without audit entries: only for synthetic demo data, whose
    /// hundreds of thousands of rows are not anyone's action.
    pub fn without_audit<T>(&mut self, work: impl FnOnce(&mut Cabinet) -> Result<T>) -> Result<T> {
        self.audit.set_suspended(true);
        let result = work(self);
        self.audit.set_suspended(false);
        result
    }

    /// Forgets the key and releases the file.
    pub fn close(self) {
        drop(self.lock());
    }

    pub fn summary(&self) -> Result<CabinetSummary> {
        Ok(CabinetSummary {
            name: self.info.name.clone(),
            colour: self.info.colour.clone(),
            practitioners: self.info.practitioners.clone(),
            time_zone: self.info.time_zone.clone(),
            is_demo: self.info.is_demo,
            path: self.path().display().to_string(),
            patient_count: crate::patients::count(self)?,
            created_at: self.info.created_at.clone(),
        })
    }

    /// Today in the cabinet's time zone — never the laptop's.
    pub fn today(&self) -> chrono::NaiveDate {
        let zone: chrono_tz::Tz = self
            .info
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Paris);
        self.clock.today(zone)
    }

    /// Now, for `created_at` / `updated_at` columns (UTC, RFC 3339), from
    /// the cabinet's clock.
    pub fn now_utc(&self) -> String {
        self.clock.stamp()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Tests set a fixed or stepping clock; the app never does. Kept across
    /// a passphrase change or a restore; a cabinet locked and unlocked, or
    /// opened again, is on the system clock until its holder sets one.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn info(&self) -> &CabinetInfo {
        &self.info
    }

    pub fn path(&self) -> &Path {
        self.claim.path()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn storage_settings(&self) -> Result<StorageSettings> {
        let text = |sql: &str| -> Result<String> {
            Ok(self
                .conn
                .query_row(sql, [], |row| row.get::<_, String>(0))?)
        };
        let number = |sql: &str| -> Result<i64> {
            Ok(self.conn.query_row(sql, [], |row| row.get::<_, i64>(0))?)
        };
        Ok(StorageSettings {
            journal_mode: text("PRAGMA journal_mode")?,
            synchronous: number("PRAGMA synchronous")?,
            foreign_keys: number("PRAGMA foreign_keys")? == 1,
            temp_store: number("PRAGMA temp_store")?,
            cache_size: number("PRAGMA cache_size")?,
            cipher_page_size: text("PRAGMA cipher_page_size")?.parse().unwrap_or(0),
            kdf_iter: text("PRAGMA kdf_iter")?.parse().unwrap_or(0),
            application_id: self
                .conn
                .query_row("PRAGMA application_id", [], |row| row.get(0))?,
        })
    }

    /// Runs SQLite's and SQLCipher's integrity checks over the whole file.
    /// Damage is reported, not returned as an error: the point is to say
    /// what is wrong.
    pub fn check(&self) -> Result<CheckReport> {
        let sqlite_problems = problems_of(&self.conn, "PRAGMA integrity_check")
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        // One row per page whose HMAC does not match: pages altered on disk.
        let cipher_problems = problems_of(&self.conn, "PRAGMA cipher_integrity_check");
        let foreign_key_problems: i64 = self
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })
            .unwrap_or(-1);
        let page_count: i64 = self
            .conn
            .query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let schema_version: i64 =
            self.conn
                .query_row("SELECT max(version) FROM schema_migrations", [], |row| {
                    row.get(0)
                })?;
        let cipher_version = problems_of(&self.conn, "PRAGMA cipher_version")
            .into_iter()
            .next()
            .unwrap_or_default();
        Ok(CheckReport {
            sqlite_problems,
            cipher_problems,
            foreign_key_problems,
            page_count,
            schema_version,
            cipher_version,
        })
    }
}

/// Stops a running check from another thread.
pub use rusqlite::InterruptHandle;

/// A full check running apart from the secretary's connection.
pub struct IntegrityJob {
    conn: Connection,
}

impl IntegrityJob {
    /// Stops a running check from another thread (closing the cabinet).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// `None` when the file is intact (or the check was interrupted);
    /// otherwise the French message to show. otherwise the French message to show.
    pub fn run(self) -> Option<String> {
        let sqlite: Vec<String> = problems_of(&self.conn, "PRAGMA integrity_check")
            .into_iter()
            .filter(|line| line != "ok")
            .collect();
        let cipher = problems_of(&self.conn, "PRAGMA cipher_integrity_check");
        let interrupted = |lines: &[String]| lines.iter().any(|l| l.contains("interrupt"));
        if (sqlite.is_empty() && cipher.is_empty()) || interrupted(&sqlite) || interrupted(&cipher)
        {
            return None;
        }
        Some(
            CoreError::Damaged {
                detail: format!(
                    "{} page(s) altérée(s) sur le disque, {} problème(s) de structure",
                    cipher.len(),
                    sqlite.len()
                ),
            }
            .to_string(),
        )
    }
}

/// The connection settings in force, as SQLite reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageSettings {
    pub journal_mode: String,
    /// 2 = FULL
    pub synchronous: i64,
    pub foreign_keys: bool,
    /// 2 = MEMORY
    pub temp_store: i64,
    /// Negative: KiB
    pub cache_size: i64,
    pub cipher_page_size: i64,
    pub kdf_iter: i64,
    pub application_id: i32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckReport {
    pub sqlite_problems: Vec<String>,
    pub cipher_problems: Vec<String>,
    pub foreign_key_problems: i64,
    pub page_count: i64,
    pub schema_version: i64,
    pub cipher_version: String,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.sqlite_problems.is_empty()
            && self.cipher_problems.is_empty()
            && self.foreign_key_problems == 0
    }
}

/// The rows of a checking pragma; a check that cannot even run (the damage
/// stops it) is itself a problem to report.
fn problems_of(conn: &Connection, sql: &str) -> Vec<String> {
    let rows = conn.prepare(sql).and_then(|mut statement| {
        statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()
    });
    rows.unwrap_or_else(|error| vec![format!("contrôle interrompu : {error}")])
}

fn validate_new_cabinet(new: &NewCabinet) -> Result<()> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid(
            "name",
            "Donnez un nom au cabinet, par exemple « Cabinet du Dr Martin ».",
        ));
    }
    if name.chars().count() > 120 {
        return Err(CoreError::invalid(
            "name",
            "Le nom du cabinet est trop long (120 caractères au plus).",
        ));
    }
    if !is_hex_colour(&new.colour) {
        return Err(CoreError::invalid(
            "colour",
            "Choisissez une couleur pour reconnaître ce cabinet d'un coup d'œil.",
        ));
    }
    if !time_zones::is_known(&new.time_zone) {
        return Err(CoreError::invalid(
            "timeZone",
            "Fuseau horaire inconnu. Choisissez-le dans la liste (Europe/Paris pour la métropole).",
        ));
    }
    if new.practitioners.iter().any(|p| p.name.trim().is_empty()) {
        return Err(CoreError::invalid(
            "practitioners",
            "Chaque praticien doit avoir un nom (ou retirez la ligne vide).",
        ));
    }
    Ok(())
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// `cabinet.carnet` + `-lock` → `cabinet.carnet-lock` (beside SQLite's own
/// `-wal` and `-shm`).
pub(crate) fn sidecar_path(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_database_files(path: &Path) -> Result<()> {
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
            let _ = dir.sync_all();
        }
    }
}

fn build_new_file(path: &Path, new: &NewCabinet, passphrase: &Passphrase) -> Result<()> {
    let mut conn = open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, passphrase)?;
    // Building the file is not anyone's action: no audit entries until it opens.
    let audit = AuditContext::default();
    audit.set_suspended(true);
    audit::register_functions(&conn, &audit)?;
    configure(&conn)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    migrations::apply_pending(&mut conn)?;
    // No cabinet yet, so no cabinet clock: its birth is the system's time.
    let now = now_utc();
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO cabinet (id, name, colour, time_zone, is_demo, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            new_id(),
            new.name.trim(),
            new.colour.to_ascii_lowercase(),
            new.time_zone,
            new.is_demo,
            now
        ],
    )?;
    for (position, practitioner) in new.practitioners.iter().enumerate() {
        tx.execute(
            "INSERT INTO practitioners (id, name, specialty, position, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                new_id(),
                practitioner.name.trim(),
                practitioner.specialty.trim(),
                position as i64,
                now
            ],
        )?;
    }
    crate::agenda::setup::seed_defaults(&tx)?;
    tx.commit()?;
    close_connection(conn);
    Ok(())
}

fn salt_array(salt: &[u8]) -> [u8; crate::keys::SALT_LEN] {
    let mut array = [0u8; crate::keys::SALT_LEN];
    array.copy_from_slice(&salt[..crate::keys::SALT_LEN]);
    array
}

/// Writes a full copy of the cabinet keyed with `new` (a new salt too), then
/// opens it with `new` and checks it before anything replaces the original.
fn write_rekeyed_copy(cabinet: &Cabinet, target: &Path, new: &Passphrase) -> Result<()> {
    remove_database_files(target)?;
    let expected = crate::backup::counts(&cabinet.conn)?;
    let conn = cabinet.second_connection()?;
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        params![target.to_string_lossy(), new.expose()],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
        .and_then(|_| {
            conn.execute_batch(&format!(
                "PRAGMA rekeyed.application_id = {APPLICATION_ID};"
            ))
        });
    let _ = conn.execute_batch("DETACH DATABASE rekeyed;");
    exported?;
    drop(conn);
    let key = CabinetKey::derive(new, target)?;
    let audit = AuditContext::default();
    let (copy, _) = open_keyed(target, &key, &audit)?;
    let report = problems_of(&copy, "PRAGMA integrity_check");
    let cipher = problems_of(&copy, "PRAGMA cipher_integrity_check");
    if report != ["ok"] || !cipher.is_empty() || crate::backup::counts(&copy)? != expected {
        return Err(CoreError::Internal(
            "la copie avec la nouvelle phrase de passe ne se vérifie pas ; rien n'a changé".into(),
        ));
    }
    copy.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    close_connection(copy);
    File::open(target)?.sync_all()?;
    Ok(())
}

/// Opens the file, derives the key, checks it is a Carnet cabinet, applies
/// pending migrations and reads who the cabinet is.
fn open_keyed(
    path: &Path,
    key: &CabinetKey,
    audit: &AuditContext,
) -> Result<(Connection, CabinetInfo)> {
    if !key.is_unencrypted() {
        inspect_header(path)?;
    }
    let mut conn = open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.execute_batch(&key.pragma(None))?;
    audit::register_functions(&conn, audit)?;
    // The first read decrypts page 1: with a wrong key its HMAC fails and
    // SQLCipher answers "file is not a database".
    let verified = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
        row.get::<_, i64>(0)
    });
    match verified {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(failure, _))
            if failure.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(CoreError::WrongPassphrase)
        }
        Err(error) => return Err(error.into()),
    }
    let application_id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        return Err(CoreError::NotACabinet {
            reason: "base chiffrée d'un autre programme".into(),
        });
    }
    configure(&conn)?;
    migrations::apply_pending(&mut conn)?;
    let info = read_info(&conn)?;
    Ok((conn, info))
}

/// Tells apart, before any key is tried, files that cannot be a cabinet: an
/// encrypted file is whole 4 KiB pages of noise; a plain SQLite file starts
/// with its magic string.
fn inspect_header(path: &Path) -> Result<()> {
    let length = std::fs::metadata(path)?.len();
    if length == 0 {
        return Err(CoreError::NotACabinet {
            reason: "le fichier est vide".into(),
        });
    }
    let mut head = [0u8; 16];
    let mut file = File::open(path)?;
    let read = file.read(&mut head)?;
    if read == 16 && &head == PLAIN_SQLITE_MAGIC {
        return Err(CoreError::NotACabinet {
            reason: "base SQLite non chiffrée".into(),
        });
    }
    if length < SQLCIPHER_PAGE_SIZE || length % SQLCIPHER_PAGE_SIZE != 0 {
        return Err(CoreError::NotACabinet {
            reason: "taille incohérente : autre type de fichier, ou fichier tronqué".into(),
        });
    }
    Ok(())
}

/// Gives SQLCipher the passphrase. The statement text holding it is wiped
/// from memory afterwards; SQLCipher wipes its own copy of the key on close.
fn apply_key(conn: &Connection, passphrase: &Passphrase) -> Result<()> {
    // SQLCipher logs a failed HMAC check (a wrong key) to stderr; its log is
    // silenced before the first key is tried (older builds lack this pragma).
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    let mut statement = Zeroizing::new(String::with_capacity(passphrase.expose().len() + 32));
    statement.push_str("PRAGMA key = '");
    for c in passphrase.expose().chars() {
        if c == '\'' {
            statement.push('\'');
        }
        statement.push(c);
    }
    statement.push_str("';");
    conn.execute_batch(&statement)?;
    Ok(())
}

/// Opens a connection to a cabinet file (or a copy of one), SQLCipher's
/// page cryptography set up first (see `page_crypto`).
pub(crate) fn open_connection(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    crate::page_crypto::install();
    Connection::open_with_flags(path, flags)
}

/// Per-connection settings (see DESIGN.md "PRAGMAs that matter").
fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(CoreError::Internal(format!(
            "mode de journal « {mode} » au lieu de WAL"
        )));
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -{CACHE_SIZE_KIB};
         PRAGMA busy_timeout = 2000;"
    ))?;
    Ok(())
}

fn read_info(conn: &Connection) -> Result<CabinetInfo> {
    let (id, name, colour, time_zone, is_demo, created_at) = conn.query_row(
        "SELECT id, name, colour, time_zone, is_demo, created_at FROM cabinet",
        [],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, bool>(4)?,
                row.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut statement =
        conn.prepare("SELECT name, specialty FROM practitioners ORDER BY position")?;
    let practitioners = statement
        .query_map([], |row| {
            Ok(Practitioner {
                name: row.get(0)?,
                specialty: row.get(1)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(CabinetInfo {
        id,
        name,
        colour,
        time_zone,
        is_demo,
        practitioners,
        created_at,
    })
}

/// Closes a connection, checkpointing the WAL into the main file. A failed
/// close still frees the handle; nothing acknowledged is lost (the WAL stays
/// and is replayed on the next open).
fn close_connection(conn: Connection) {
    if let Err((conn, _)) = conn.close() {
        drop(conn);
    }
}
