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
    /// The fewest digits a new PIN may have: 6, or 4 where an administrator
    /// lowers it (ARCHITECTURE.md, « Ce que protège un code PIN »).
    pub pin_min_digits: u32,
}

/// The PIN lengths an administrator may choose between.
pub const PIN_DIGITS_CHOICES: [u32; 2] = [crate::users::PIN_MIN_DIGITS_DEFAULT, 4];

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
        pin_min_digits: crate::users::pin_min_digits(cabinet)?,
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
    check_pin_digits(settings.pin_min_digits)?;
    let tx = cabinet.conn_mut().transaction()?;
    for (key, value) in [
        ("idle_lock_minutes", settings.idle_lock_minutes),
        ("audit_retention_days", settings.audit_retention_days),
        ("pin_min_digits", settings.pin_min_digits),
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

fn check_pin_digits(digits: u32) -> Result<()> {
    if !PIN_DIGITS_CHOICES.contains(&digits) {
        return Err(CoreError::invalid(
            "pinMinDigits",
            "Le code PIN compte 6 chiffres, ou 4 si un administrateur le décide.",
        ));
    }
    Ok(())
}

/// Sets the PIN length from carnet-admin, which opened the file with its
/// passphrase: whoever holds the passphrase owns the file, no profile is
/// asked. PINs already set keep working; the length applies to new ones.
pub fn set_pin_min_digits_as_tool(cabinet: &mut Cabinet, digits: u32) -> Result<()> {
    check_pin_digits(digits)?;
    cabinet.conn().execute(
        "INSERT INTO settings (key, value) VALUES ('pin_min_digits', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
        [digits.to_string()],
    )?;
    Ok(())
}
