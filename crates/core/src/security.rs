//! The cabinet's safety settings: how soon it locks when nobody touches it,
//! and how long the audit trail keeps its entries.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct SecuritySettings {
    /// 1 to 60 minutes; 5 by default.
    pub idle_lock_minutes: u32,
    /// Audit entries older than this are pruned (30 days at least; 365 by default).
    pub audit_retention_days: u32,
}

pub fn settings(cabinet: &Cabinet) -> Result<SecuritySettings> {
    let value = |key: &str, default: u32| -> Result<u32> {
        let text: Option<String> =
            rusqlite::OptionalExtension::optional(cabinet.conn().query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [key],
                |row| row.get(0),
            ))?;
        Ok(text.and_then(|t| t.parse().ok()).unwrap_or(default))
    };
    Ok(SecuritySettings {
        idle_lock_minutes: value("idle_lock_minutes", 5)?,
        audit_retention_days: value("audit_retention_days", 365)?,
    })
}

pub fn save(cabinet: &mut Cabinet, settings: &SecuritySettings) -> Result<()> {
    crate::users::require_admin(cabinet)?;
    if !(1..=60).contains(&settings.idle_lock_minutes) {
        return Err(CoreError::invalid(
            "idleLockMinutes",
            "Le verrouillage automatique se règle entre 1 et 60 minutes.",
        ));
    }
    if !(30..=3650).contains(&settings.audit_retention_days) {
        return Err(CoreError::invalid(
            "auditRetentionDays",
            "Le journal d'audit se garde entre 30 jours et 10 ans.",
        ));
    }
    let tx = cabinet.conn_mut().transaction()?;
    for (key, value) in [
        ("idle_lock_minutes", settings.idle_lock_minutes),
        ("audit_retention_days", settings.audit_retention_days),
    ] {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
            params![key, value.to_string()],
        )?;
    }
    tx.commit()?;
    Ok(())
}
