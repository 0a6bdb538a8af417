//! The cabinet's life cycle: create, open, unlock, lock, close. One
//! SQLCipher 4 database per cabinet, with SQLCipher's default settings so
//! any SQLCipher 4 tool opens it with the passphrase.
//!
//! Life cycle, enforced by the types:
//! `Cabinet::create` / `Cabinet::open` → [`Cabinet`] (unlocked, one connection)
//! → [`Cabinet::lock`] → [`CabinetClaim`] (key forgotten, file still reserved)
//! → [`Cabinet::unlock`] → [`Cabinet`] … → [`Cabinet::close`].
//!
//! The key derivation (PBKDF2-HMAC-SHA512, 256 000 iterations, ~150 ms) runs
//! once per unlock: the connection lives as long as the cabinet is unlocked.
//!
//! Architecture invariant: this module sits on the storage layer and names
//! no domain module (patients, agenda, profiles…). What a Carnet cabinet is
//! beyond a keyed file — the data a new one starts with, what it keeps in
//! memory while unlocked — comes from above as an [`Assembly`]
//! (`crate::assembly`), which also holds the entry points `Cabinet::create`,
//! `open` and `unlock`. Passphrase change is `crate::rekey`, PIN unlock
//! `crate::users`.

use std::any::Any;
use std::path::Path;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::{CoreError, Result};
use crate::ids::{new_id, now_utc};
use crate::migrations;
use crate::passphrase;
pub use crate::storage::audit_functions::Actor;
use crate::storage::audit_functions::{self, AuditContext};
use crate::storage::checkpoint::Checkpointer;
pub use crate::storage::claim::CabinetClaim;
pub use crate::storage::connection::StorageSettings;
use crate::storage::connection::{self, close_connection};
use crate::storage::files::{remove_database_files, sidecar_path};
use crate::storage::guarded_write::Replace;
pub use crate::storage::integrity::{CheckReport, IntegrityJob, InterruptHandle};
use crate::storage::keys::{CabinetKey, Passphrase};
use crate::time_zones;

/// File name extension of a cabinet file.
pub const FILE_EXTENSION: &str = crate::storage::files::CABINET_EXTENSION;

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

/// What a Carnet cabinet is beyond a keyed file, given by the layer above
/// (`crate::assembly`) so that this module names no domain.
#[derive(Debug)]
pub(crate) struct Assembly {
    /// The data a new cabinet starts with, written in its creating
    /// transaction once the cabinet and its practitioners are in.
    pub seed_new: fn(&rusqlite::Transaction<'_>) -> Result<()>,
    /// Sets up what the domain keeps in memory while the cabinet is
    /// unlocked ([`InMemory`]); called at every unlock.
    pub attach: fn(&mut Cabinet) -> Result<()>,
}

/// Something the domain keeps in memory beside the connection while the
/// cabinet is unlocked (the patient directory): dropped — and wiped — before
/// the connection closes.
pub(crate) trait InMemory: std::fmt::Debug + Send {
    /// Waits until it is ready (it may load in the background).
    fn wait(&self);
    /// Stops its background work (before the file is replaced).
    fn stop(&self);
    fn as_any(&self) -> &dyn Any;
}

/// An unlocked cabinet: the one connection to its file, keyed.
#[derive(Debug)]
pub struct Cabinet {
    /// Declared first so it is dropped first: its connection must close
    /// before the main one (see `checkpoint`).
    checkpointer: Option<Checkpointer>,
    /// Before `conn` too: it may still be loading on its own connection.
    memory: Vec<Box<dyn InMemory>>,
    conn: Connection,
    claim: CabinetClaim,
    info: CabinetInfo,
    /// Kept while unlocked so a second connection (backups) or a PIN
    /// unlock costs no derivation; wiped on lock and close.
    key: CabinetKey,
    audit: AuditContext,
    assembly: &'static Assembly,
    /// Where "now" comes from: the system clock, unless a test sets one.
    clock: Clock,
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
    pub(crate) fn create_with(
        path: &Path,
        new: &NewCabinet,
        passphrase: &Passphrase,
        confirmation: &Passphrase,
        assembly: &'static Assembly,
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
        // Not a sidecar of a cabinet this process holds: a new database
        // named `<open cabinet>-journal` would be replayed into it.
        crate::storage::guarded_write::check_target(path, Replace::Never)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let claim = CabinetClaim::acquire(path)?;
        let building = sidecar_path(path, ".creating");
        // A leftover from an interrupted creation is ours and holds no data.
        remove_database_files(&building)?;
        let built = build_new_file(&building, new, passphrase, assembly);
        if let Err(error) = built {
            // The error that stopped the build is the one to report.
            let _ = remove_database_files(&building);
            return Err(error);
        }
        if path.exists() {
            // Holds no data; the already-exists answer is the one to give.
            let _ = remove_database_files(&building);
            return Err(CoreError::AlreadyExists {
                path: path.to_path_buf(),
            });
        }
        // The new file is in place only through the guarded writer; the
        // claim just taken is for this path, so it is passed as held.
        crate::storage::guarded_write::replace_held_cabinet(&claim, &building)?;
        Cabinet::unlock_with(claim, passphrase, assembly).map_err(|failure| failure.error)
    }

    /// Opens an existing cabinet file with its passphrase.
    pub(crate) fn open_with(
        path: &Path,
        passphrase: &Passphrase,
        assembly: &'static Assembly,
    ) -> Result<Self> {
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
        Cabinet::unlock_with(claim, passphrase, assembly).map_err(|failure| failure.error)
    }

    /// Derives the key and opens the connection for a reserved file.
    pub(crate) fn unlock_with(
        claim: CabinetClaim,
        passphrase: &Passphrase,
        assembly: &'static Assembly,
    ) -> std::result::Result<Self, UnlockFailure> {
        match CabinetKey::derive(passphrase, claim.path()) {
            Ok(key) => Cabinet::unlock_with_key(claim, key, assembly),
            Err(error) => Err(UnlockFailure { claim, error }),
        }
    }

    /// Opens the connection with a key already derived (a PIN unlock, a
    /// reopening after a restore).
    pub(crate) fn unlock_with_key(
        claim: CabinetClaim,
        key: CabinetKey,
        assembly: &'static Assembly,
    ) -> std::result::Result<Self, UnlockFailure> {
        let audit = AuditContext::default();
        match open_keyed(claim.path(), &key, &audit) {
            Ok((conn, info)) => {
                let mut cabinet = Cabinet {
                    checkpointer: None,
                    memory: Vec::new(),
                    conn,
                    claim,
                    info,
                    key,
                    audit,
                    assembly,
                    clock: Clock::System,
                };
                if let Err(error) = (assembly.attach)(&mut cabinet) {
                    return Err(UnlockFailure {
                        claim: cabinet.lock(),
                        error,
                    });
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

    /// Forgets the key (the connection, and SQLCipher's key material with it)
    /// but keeps the file reserved.
    pub fn lock(self) -> CabinetClaim {
        let Cabinet {
            checkpointer,
            memory,
            conn,
            claim,
            ..
        } = self;
        // Their connections close first, so the main one closes last and
        // folds and removes the WAL.
        drop(checkpointer);
        drop(memory);
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
        for kept in &self.memory {
            kept.stop();
        }
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

    /// A second connection to the same file, keyed without derivation: for
    /// work that must not hold up the secretary's (a backup).
    pub(crate) fn second_connection(&self) -> Result<Connection> {
        connection::open_second(self.path(), &self.key, &self.audit)
    }

    /// The full integrity checks on a second connection, to run in the
    /// background after opening: opening reads only the first pages, so a
    /// damaged page further in is found here, not when she reaches it.
    pub fn integrity_job(&self) -> Result<IntegrityJob> {
        Ok(IntegrityJob::new(self.second_connection()?))
    }

    #[cfg(test)]
    pub(crate) fn checkpointer(&self) -> Option<&Checkpointer> {
        self.checkpointer.as_ref()
    }

    /// Waits until what loads in memory in the background since the unlock
    /// (the patient directory) is ready — searches meanwhile read the file:
    /// for measurements of the steady state.
    pub fn wait_for_search_directory(&self) {
        for kept in &self.memory {
            kept.wait();
        }
    }

    /// Keeps `value` in memory until the cabinet locks or closes.
    pub(crate) fn keep_in_memory(&mut self, value: Box<dyn InMemory>) {
        self.memory.push(value);
    }

    /// What the domain keeps in memory, by type.
    pub(crate) fn in_memory<T: 'static>(&self) -> Option<&T> {
        self.memory
            .iter()
            .find_map(|kept| kept.as_any().downcast_ref::<T>())
    }

    pub(crate) fn key(&self) -> &CabinetKey {
        &self.key
    }

    pub(crate) fn assembly(&self) -> &'static Assembly {
        self.assembly
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
        // The rows were written without entries: one entry says so, or the
        // verification would rightly call them changes made behind
        // Carnet's back (migration 0007).
        audit_functions::account_for_untraced(&self.conn, Some("données de démonstration"))?;
        result
    }

    /// Forgets the key and releases the file.
    pub fn close(self) {
        drop(self.lock());
    }

    /// Today in the cabinet's time zone — never the laptop's.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today(self.zone())
    }

    /// The cabinet's time zone (Europe/Paris if the stored name is unknown,
    /// which creation never lets happen).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.info
            .time_zone
            .parse()
            .unwrap_or(chrono_tz::Europe::Paris)
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
        StorageSettings::read(&self.conn)
    }

    /// Runs SQLite's and SQLCipher's integrity checks over the whole file.
    /// Damage is reported, not returned as an error: the point is to say
    /// what is wrong.
    pub fn check(&self) -> Result<CheckReport> {
        CheckReport::of(&self.conn)
    }
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
                conn.execute_batch(&format!(
                    "PRAGMA plain.application_id = {};",
                    connection::APPLICATION_ID
                ))
            });
        // The export's own error, if any, is the one to report.
        let _ = conn.execute_batch("DETACH DATABASE plain;");
        exported?;
        Ok(())
    }

    /// Opens an unencrypted copy made by [`Cabinet::export_unencrypted_baseline`].
    pub(crate) fn open_unencrypted_baseline_with(
        path: &Path,
        assembly: &'static Assembly,
    ) -> Result<Self> {
        let claim = CabinetClaim::acquire(path)?;
        Cabinet::unlock_with_key(claim, CabinetKey::unencrypted_baseline(), assembly)
            .map_err(|failure| failure.error)
    }
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

fn build_new_file(
    path: &Path,
    new: &NewCabinet,
    passphrase: &Passphrase,
    assembly: &Assembly,
) -> Result<()> {
    // Building the file is not anyone's action: no audit entries until it opens.
    let audit = AuditContext::default();
    audit.set_suspended(true);
    let mut conn = connection::create_keyed(path, passphrase, &audit)?;
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
    (assembly.seed_new)(&tx)?;
    // Building is no one's action: the counter of changes (migration 0007)
    // starts level, so the first opening finds nothing unaccounted.
    audit_functions::account_for_untraced(&tx, None)?;
    tx.commit()?;
    close_connection(conn);
    Ok(())
}

/// Opens the file with its key, checks it is a Carnet cabinet, applies
/// pending migrations and reads who the cabinet is.
pub(crate) fn open_keyed(
    path: &Path,
    key: &CabinetKey,
    audit: &AuditContext,
) -> Result<(Connection, CabinetInfo)> {
    let mut conn = connection::open_verified(path, key, audit)?;
    migrations::apply_pending(&mut conn)?;
    let info = read_info(&conn)?;
    Ok((conn, info))
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
