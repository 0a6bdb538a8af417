//! Opening a connection to a cabinet file: SQLCipher's memory security
//! first, the key (never as SQL text), the audit functions, the settings
//! that make it durable.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::audit_functions::{self, AuditContext};
use super::keys::{CabinetKey, Passphrase};
use super::sqlcipher_key;
use crate::error::{CoreError, Result};

/// Written in the SQLite header (`PRAGMA application_id`): tells a Carnet
/// cabinet from any other SQLCipher database once decrypted. "CARN".
pub(crate) const APPLICATION_ID: i32 = 0x4341_524E;

pub(crate) const SQLCIPHER_PAGE_SIZE: u64 = 4096;
pub(crate) const PLAIN_SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// 64 MiB page cache (negative = KiB). With SQLCipher's 2 MB default, reads
/// were 3.5–6× slower than plain SQLite on these machines; at 64 MB, at parity.
const CACHE_SIZE_KIB: i64 = 64 * 1024;

/// Flags for a connection that may write new files (the copies it makes
/// with ATTACH or VACUUM INTO, a cabinet being built).
fn may_create() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Opens a connection to a cabinet file (or a copy of one), SQLCipher's
/// memory security on before anything is read.
pub(crate) fn open_connection(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    memory_security_on(&conn)?;
    Ok(conn)
}

/// SQLCipher's memory security, for the whole process: every block SQLite
/// frees is wiped first (the decrypted pages of its cache when a connection
/// closes, the statements, the values read), and its allocations are kept
/// out of swap (`mlock`) where the system allows. Without it a locked or
/// closed cabinet left its patients' pages and names in freed memory
/// (`tests/memory_after_lock.rs`). It can only be turned on, never off;
/// turning it on again costs nothing. Fails closed: a SQLCipher that does
/// not confirm it opens nothing.
fn memory_security_on(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    let on: String = conn.query_row("PRAGMA cipher_memory_security", [], |row| row.get(0))?;
    if on != "1" {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
            Some("la protection de la mémoire de SQLCipher est indisponible".into()),
        ));
    }
    Ok(())
}

/// Keys a connection with a cabinet key (its raw form: no derivation), as
/// bytes, never as SQL text. The benchmark's plain copy gets no key.
pub(crate) fn apply_cabinet_key(conn: &Connection, key: &CabinetKey) -> rusqlite::Result<()> {
    if key.is_unencrypted() {
        return Ok(());
    }
    sqlcipher_key::key(conn, c"main", &key.raw_form())
}

/// Keys the database attached as `schema` (a copy being written) with a
/// passphrase, before anything is written to it.
pub(crate) fn key_attached(
    conn: &Connection,
    schema: &std::ffi::CStr,
    passphrase: &Passphrase,
) -> rusqlite::Result<()> {
    sqlcipher_key::key(conn, schema, passphrase.expose().as_bytes())
}

/// Opens the file with its key, checks it is a Carnet cabinet and applies
/// the connection settings. A wrong key is `WrongPassphrase`.
pub(crate) fn open_verified(
    path: &Path,
    key: &CabinetKey,
    audit: &AuditContext,
) -> Result<Connection> {
    if !key.is_unencrypted() {
        inspect_header(path)?;
    }
    let conn = open_connection(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    silence_cipher_log(&conn);
    apply_cabinet_key(&conn, key)?;
    audit_functions::register_functions(&conn, audit)?;
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
    Ok(conn)
}

/// A second connection to an open file, keyed without derivation: for work
/// that must not hold up the secretary's (a backup, a check, a loader).
pub(crate) fn open_second(
    path: &Path,
    key: &CabinetKey,
    audit: &AuditContext,
) -> Result<Connection> {
    let conn = open_connection(path, may_create())?;
    apply_cabinet_key(&conn, key)?;
    audit_functions::register_functions(&conn, audit)?;
    configure(&conn)?;
    Ok(conn)
}

/// A new, empty database keyed with a passphrase (SQLCipher derives the
/// key and writes a fresh salt), the audit functions registered.
pub(crate) fn create_keyed(
    path: &Path,
    passphrase: &Passphrase,
    audit: &AuditContext,
) -> Result<Connection> {
    let conn = open_connection(path, may_create())?;
    apply_key(&conn, passphrase)?;
    audit_functions::register_functions(&conn, audit)?;
    configure(&conn)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(conn)
}

/// SQLCipher logs a failed HMAC check (a wrong key) to stderr; its log is
/// silenced before the first key is tried.
fn silence_cipher_log(conn: &Connection) {
    // Older builds lack this pragma: the log then stays, nothing else changes.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
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

/// Gives SQLCipher the passphrase (it derives the key and writes a fresh
/// salt); SQLCipher wipes its own copy of the key on close.
fn apply_key(conn: &Connection, passphrase: &Passphrase) -> Result<()> {
    silence_cipher_log(conn);
    sqlcipher_key::key(conn, c"main", passphrase.expose().as_bytes())?;
    Ok(())
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

/// Closes a connection, checkpointing the WAL into the main file. A failed
/// close still frees the handle; nothing acknowledged is lost (the WAL stays
/// and is replayed on the next open).
pub(crate) fn close_connection(conn: Connection) {
    if let Err((conn, _)) = conn.close() {
        drop(conn);
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

impl StorageSettings {
    pub(crate) fn read(conn: &Connection) -> Result<StorageSettings> {
        let text = |sql: &str| -> Result<String> {
            Ok(conn.query_row(sql, [], |row| row.get::<_, String>(0))?)
        };
        let number =
            |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |row| row.get::<_, i64>(0))?) };
        Ok(StorageSettings {
            journal_mode: text("PRAGMA journal_mode")?,
            synchronous: number("PRAGMA synchronous")?,
            foreign_keys: number("PRAGMA foreign_keys")? == 1,
            temp_store: number("PRAGMA temp_store")?,
            cache_size: number("PRAGMA cache_size")?,
            cipher_page_size: text("PRAGMA cipher_page_size")?.parse().unwrap_or(0),
            kdf_iter: text("PRAGMA kdf_iter")?.parse().unwrap_or(0),
            application_id: conn.query_row("PRAGMA application_id", [], |row| row.get(0))?,
        })
    }
}
