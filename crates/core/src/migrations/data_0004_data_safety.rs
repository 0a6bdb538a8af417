//! The data step of migration 0004, frozen as it shipped: every cabinet
//! starts with one administrator profile.
//!
//! Frozen code: it names nothing of today's domain (`users` may change);
//! its SHA-256 is held by the test `applied_migrations_are_never_edited`:
//! never edit this file.

use rusqlite::{params, Transaction};

use crate::error::Result;

pub(super) fn run(tx: &Transaction<'_>) -> Result<()> {
    let existing: i64 = tx.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
    if existing == 0 {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        tx.execute(
            "INSERT INTO users (id, name, role, created_at, updated_at)
             VALUES (?1, 'Secrétariat', 'administrateur', ?2, ?2)",
            params![uuid::Uuid::now_v7().to_string(), now],
        )?;
    }
    Ok(())
}
