//! Numbered schema migrations, embedded in the binary and applied in order,
//! each in its own transaction. The SHA-256 of every applied migration is
//! stored in the file, so an edited migration is detected instead of
//! silently diverging between cabinets.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};

// The data steps, frozen with their migration: they name no domain module
// (see `applied_migrations_are_never_edited`).
mod data_0003_agenda;
mod data_0004_data_safety;

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
    /// Data the SQL cannot make (UUID v7 ids), written in the same
    /// transaction: frozen code beside this file, never today's domain code.
    pub then: Option<fn(&rusqlite::Transaction<'_>) -> Result<()>>,
    /// The source of `then`, held by the never-edited test like the SQL.
    #[cfg_attr(not(test), allow(dead_code))] // only that test reads it
    pub then_source: Option<&'static str>,
}

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../../migrations/0001_initial.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 2,
        name: "0002_patient_file",
        sql: include_str!("../../migrations/0002_patient_file.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 3,
        name: "0003_agenda",
        sql: include_str!("../../migrations/0003_agenda.sql"),
        // Cabinets from before the agenda get a calendar per practitioner,
        // the default motifs and template.
        then: Some(data_0003_agenda::run),
        then_source: Some(include_str!("data_0003_agenda.rs")),
    },
    Migration {
        version: 4,
        name: "0004_data_safety",
        sql: include_str!("../../migrations/0004_data_safety.sql"),
        // Every cabinet starts with one administrator profile.
        then: Some(data_0004_data_safety::run),
        then_source: Some(include_str!("data_0004_data_safety.rs")),
    },
    Migration {
        version: 5,
        name: "0005_first_phone_index",
        sql: include_str!("../../migrations/0005_first_phone_index.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 6,
        name: "0006_missed_appointments_index",
        sql: include_str!("../../migrations/0006_missed_appointments_index.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 7,
        name: "0007_audit_change_counter",
        sql: include_str!("../../migrations/0007_audit_change_counter.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 8,
        name: "0008_documents",
        sql: include_str!("../../migrations/0008_documents.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 9,
        name: "0009_templates",
        sql: include_str!("../../migrations/0009_templates.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 10,
        name: "0010_phone_messages_and_tasks",
        sql: include_str!("../../migrations/0010_phone_messages_and_tasks.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 11,
        name: "0011_report_search_speed",
        sql: include_str!("../../migrations/0011_report_search_speed.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 12,
        name: "0012_letters",
        sql: include_str!("../../migrations/0012_letters.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 13,
        name: "0013_incoming_mail",
        sql: include_str!("../../migrations/0013_incoming_mail.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 14,
        name: "0014_documents_beside",
        sql: include_str!("../../migrations/0014_documents_beside.sql"),
        then: None,
        then_source: None,
    },
    Migration {
        version: 15,
        name: "0015_money",
        sql: include_str!("../../migrations/0015_money.sql"),
        then: None,
        then_source: None,
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub(crate) fn checksum(sql: &str) -> String {
    let digest = Sha256::digest(sql.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Brings the schema up to date. Refuses a file written by a newer Carnet,
/// and reports an applied migration whose text changed since (a bug).
pub(crate) fn apply_pending(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             sha256     TEXT NOT NULL,
             applied_at TEXT NOT NULL
         ) STRICT;",
    )?;
    let newest_applied: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    if newest_applied > latest_version() {
        return Err(CoreError::TooNew {
            found: newest_applied,
            known: latest_version(),
        });
    }
    for migration in MIGRATIONS {
        let applied: Option<String> = conn
            .query_row(
                "SELECT sha256 FROM schema_migrations WHERE version = ?1",
                [migration.version],
                |row| row.get(0),
            )
            .optional()?;
        match applied {
            Some(sha) if sha == checksum(migration.sql) => continue,
            Some(_) => {
                return Err(CoreError::Internal(format!(
                    "la migration {} a été modifiée après son application",
                    migration.name
                )))
            }
            None => {
                let tx = conn.transaction()?;
                tx.execute_batch(migration.sql)?;
                if let Some(then) = migration.then {
                    then(&tx)?;
                }
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, sha256, applied_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![
                        migration.version,
                        migration.name,
                        checksum(migration.sql),
                        // Before any cabinet (and its clock): the system's.
                        Utc::now().to_rfc3339()
                    ],
                )?;
                tx.commit()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checksums of migrations that have shipped. Append a line for each new
    /// migration; never change an existing one — cabinets in the field
    /// already ran that exact text.
    const SHIPPED: &[(i64, &str)] = &[
        (
            1,
            "393fe4a6f62db09f55af3bb5e64b56fdee3b99e3799226750f68dc8b5fb24b29",
        ),
        (
            2,
            "469971464a912cf35d2b3059bad11b8624c1a92512f66be858a37ea6f9cc0776",
        ),
        (
            3,
            "f6150c13bf6d52484dc5c45429fcde7342b2fec52d331d9cccb6fa1e60b9cf23",
        ),
        (
            4,
            "c7bb64ec63ad2eca4a4950828b68ef086cfd50c5e331129be31f4839d2c3a4b1",
        ),
        (
            5,
            "c4907c4a1eedf9dde907ad105c7cdd9594c9862ee01bcbc5d3c1b9fc81441005",
        ),
        (
            6,
            "4a6f48d086761930d859c53398a1d99bfb0c298a742f1de914471d18d852770b",
        ),
        (
            7,
            "cbc0058c3fc01e104641299730c7cecfde557563857e290842b069299d4047b8",
        ),
        (
            8,
            "f05217803094f206c4ef8005b18fb4d0ef083b4b7e127d525d3be272bf4213b6",
        ),
        (
            9,
            "9fb45525d57f5aef69ddeb37619ef1ba769aae241fb28536d4594a7509fd02ea",
        ),
        (
            10,
            "d93b5c6bf72b506e3f08316f316b5a4172ce867d91e607060fdace2e12660a27",
        ),
        (
            11,
            "1858491f36db89e1363f9298ba29c260da0b268c30b6e38de7ea4d9c0fd7b424",
        ),
        (
            12,
            "94f4b11afb81ce794db4c445b4c3552d5e1118e3196aefba9ab716347e66348b",
        ),
        (
            13,
            "424cc085743109d836407cafc9131fc77b526196f0836937ece2dddf5f80cbb9",
        ),
        (
            14,
            "9e8b5afd1861991da1db7bed7df1a40d9c472ef9daeba2cab1e8bf850494c93b",
        ),
        (
            15,
            "b96178193ee1ed17afabb2a44f478e03525f5940d1b518da05666014c83300b7",
        ),
    ];

    /// Checksums of the frozen data steps (`data_NNNN_*.rs`) of shipped
    /// migrations: the same rule as their SQL.
    const SHIPPED_DATA_STEPS: &[(i64, &str)] = &[
        (
            3,
            "012e393c861ef64eb9b9907bfd61f73dfcf142a38efd8a1c5f59033924b232da",
        ),
        (
            4,
            "14b4cb3711af00300dc5e52b42ba0b822646eb8dcfbc575b6d0764efd9a487d9",
        ),
    ];

    #[test]
    fn applied_migrations_are_never_edited() {
        for (version, sha) in SHIPPED {
            let migration = MIGRATIONS
                .iter()
                .find(|m| m.version == *version)
                .expect("a shipped migration was removed");
            assert_eq!(
                checksum(migration.sql),
                *sha,
                "migration {} was edited after it shipped: add a new migration instead",
                migration.name
            );
        }
        assert_eq!(
            SHIPPED.len(),
            MIGRATIONS.len(),
            "record the checksum of every new migration in SHIPPED"
        );
        for (version, sha) in SHIPPED_DATA_STEPS {
            let migration = MIGRATIONS
                .iter()
                .find(|m| m.version == *version)
                .expect("a shipped migration was removed");
            let source = migration
                .then_source
                .expect("a shipped data step was removed");
            assert_eq!(
                checksum(source),
                *sha,
                "the data step of migration {} was edited after it shipped: add a new migration instead",
                migration.name
            );
        }
        for migration in MIGRATIONS {
            assert_eq!(
                migration.then.is_some(),
                migration.then_source.is_some(),
                "migration {}: a data step needs its source for the checksum",
                migration.name
            );
            if migration.then_source.is_some() {
                assert!(
                    SHIPPED_DATA_STEPS
                        .iter()
                        .any(|(v, _)| *v == migration.version),
                    "record the checksum of the data step of {} in SHIPPED_DATA_STEPS",
                    migration.name
                );
            }
        }
    }

    /// A data step is frozen code: it may use storage-level crates, never a
    /// domain module whose later edits would change what an old migration
    /// does to an old cabinet.
    #[test]
    fn data_steps_name_no_domain_module() {
        for migration in MIGRATIONS {
            if let Some(source) = migration.then_source {
                for line in source.lines().filter(|l| l.contains("crate::")) {
                    assert!(
                        line.trim() == "use crate::error::Result;",
                        "migration {}: frozen data step uses `{}`",
                        migration.name,
                        line.trim()
                    );
                }
            }
        }
    }

    #[test]
    fn migrations_are_numbered_without_gaps() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1);
            assert!(migration
                .name
                .starts_with(&format!("{:04}_", migration.version)));
        }
    }
}
