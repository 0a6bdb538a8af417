#![allow(unsafe_code)] // The one C call of Carnet: every unsafe block says why it holds (SAFETY).
//! Giving SQLCipher a key without SQL text.
//!
//! Why: `PRAGMA key = '…'` (or `ATTACH … KEY '…'`) puts the key in a
//! statement's text, which SQLite copies while it parses and frees without
//! wiping. `sqlite3_key_v2` hands SQLCipher the bytes directly: SQLCipher
//! copies them into memory it wipes when it frees it, and Carnet wipes its
//! own buffer (`Zeroizing`) as soon as the call returns.

use std::ffi::{c_int, CStr};

use rusqlite::{ffi, Connection};

/// Keys the database `schema` ("main", or the name an attached one was
/// given) with `key`: a passphrase, which SQLCipher derives, or its raw
/// form `x'<hex>'`. Must come before the database's first read or write:
/// SQLCipher ignores a key given to a database it has already used.
pub(crate) fn key(conn: &Connection, schema: &CStr, key: &[u8]) -> rusqlite::Result<()> {
    let length = c_int::try_from(key.len())
        .map_err(|_| rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_TOOBIG), None))?;
    // SAFETY: `conn.handle()` is the live connection's handle, used on this
    // thread only while `conn` is borrowed; `schema` is a NUL-terminated
    // string and `key` points to `length` readable bytes, both valid for
    // the call. SQLCipher copies the key and keeps no pointer to it.
    let code =
        unsafe { ffi::sqlite3_key_v2(conn.handle(), schema.as_ptr(), key.as_ptr().cast(), length) };
    if code == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None))
    }
}
