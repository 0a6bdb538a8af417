//! SQLite's and SQLCipher's integrity checks: on the open connection, on a
//! second one in the background, on a copy before it counts.

use rusqlite::Connection;
use serde::Serialize;

use crate::error::{CoreError, Result};

/// Stops a running check from another thread.
pub use rusqlite::InterruptHandle;

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

    /// Runs both checks over the whole file. Damage is reported, not
    /// returned as an error: the point is to say what is wrong.
    pub(crate) fn of(conn: &Connection) -> Result<CheckReport> {
        let sqlite_problems = sqlite_problems(conn);
        // One row per page whose HMAC does not match: pages altered on disk.
        let cipher_problems = problems_of(conn, "PRAGMA cipher_integrity_check");
        let foreign_key_problems: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })
            .unwrap_or(-1);
        let page_count: i64 = conn.query_row("PRAGMA page_count", [], |row| row.get(0))?;
        let schema_version: i64 =
            conn.query_row("SELECT max(version) FROM schema_migrations", [], |row| {
                row.get(0)
            })?;
        let cipher_version = problems_of(conn, "PRAGMA cipher_version")
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

/// Whether a freshly written copy passes both checks (before it replaces
/// or backs up anything).
pub(crate) fn copy_is_intact(conn: &Connection) -> bool {
    problems_of(conn, "PRAGMA integrity_check") == ["ok"]
        && problems_of(conn, "PRAGMA cipher_integrity_check").is_empty()
}

fn sqlite_problems(conn: &Connection) -> Vec<String> {
    problems_of(conn, "PRAGMA integrity_check")
        .into_iter()
        .filter(|line| line != "ok")
        .collect()
}

/// The rows of a checking pragma; a check that cannot even run (the damage
/// stops it) is itself a problem to report.
pub(crate) fn problems_of(conn: &Connection, sql: &str) -> Vec<String> {
    let rows = conn.prepare(sql).and_then(|mut statement| {
        statement
            .query_map([], |row| row.get::<_, String>(0))?
            .collect::<std::result::Result<Vec<_>, _>>()
    });
    rows.unwrap_or_else(|error| vec![format!("contrôle interrompu : {error}")])
}

/// A full check running apart from the secretary's connection.
pub struct IntegrityJob {
    conn: Connection,
}

impl IntegrityJob {
    pub(crate) fn new(conn: Connection) -> Self {
        IntegrityJob { conn }
    }

    /// Stops a running check from another thread (closing the cabinet).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// `None` when the file is intact (or the check was interrupted);
    /// otherwise the French message to show.
    pub fn run(self) -> Option<String> {
        let sqlite = sqlite_problems(&self.conn);
        let cipher = problems_of(&self.conn, "PRAGMA cipher_integrity_check");
        // The check read the whole file through this connection's page
        // cache: closed, its pages go back to the system.
        drop(self.conn);
        super::heap::give_back_freed_memory();
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
