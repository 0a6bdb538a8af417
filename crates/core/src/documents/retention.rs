//! How long a validated report's recording is kept: 30 days by default
//! (setting `dictation_audio_days`), then its deletion is *proposed* with
//! the list, and done only on confirmation — never behind her back. The
//! report itself, its versions and text stay.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

pub const AUDIO_DAYS_DEFAULT: i64 = 30;
const SETTING: &str = "dictation_audio_days";

/// Days a validated report's recording is kept.
pub fn audio_days(cabinet: &Cabinet) -> Result<i64> {
    let text: Option<String> = cabinet
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [SETTING],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| t.parse().ok())
        .unwrap_or(AUDIO_DAYS_DEFAULT))
}

/// Changes it (an administrator): from 1 day to 10 years.
pub fn set_audio_days(cabinet: &mut Cabinet, days: i64) -> Result<()> {
    crate::users::require_admin(cabinet)?;
    set_audio_days_by_tool(cabinet, days)
}

/// The same from carnet-admin (the passphrase is the administrator's
/// credential).
pub fn set_audio_days_by_tool(cabinet: &mut Cabinet, days: i64) -> Result<()> {
    if !(1..=3650).contains(&days) {
        return Err(CoreError::invalid(
            "audioDays",
            "L'enregistrement d'une dictée validée se garde de 1 jour à 10 ans.",
        ));
    }
    cabinet.conn().execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
        params![SETTING, days.to_string()],
    )?;
    Ok(())
}

/// A recording whose time is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ExpiredAudio {
    pub report_id: String,
    pub patient_label: String,
    pub author_name: String,
    pub validated_at: String,
    pub duration_ms: i64,
    pub byte_count: i64,
}

const EXPIRED: &str = "SELECT r.id, r.patient_id, p.name, v.validated_at, a.duration_ms, a.byte_count
     FROM report_audio a
     JOIN reports r ON r.id = a.report_id
     JOIN practitioners p ON p.id = r.author_id
     JOIN report_versions v ON v.report_id = r.id AND v.number =
         (SELECT max(number) FROM report_versions w WHERE w.report_id = r.id AND w.validated_at IS NOT NULL)
     WHERE r.status IN ('valide', 'imprime', 'envoye') AND v.validated_at < ?1
     ORDER BY v.validated_at";

/// The recordings of reports validated more than the kept days ago (by
/// the last validation), oldest first: what to propose for deletion.
pub fn expired_audio(cabinet: &Cabinet) -> Result<Vec<ExpiredAudio>> {
    let cutoff = cutoff(cabinet)?;
    let rows = cabinet
        .conn()
        .prepare_cached(EXPIRED)?
        .query_map([cutoff], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                ExpiredAudio {
                    report_id: String::new(),
                    patient_label: String::new(),
                    author_name: r.get(2)?,
                    validated_at: r.get(3)?,
                    duration_ms: r.get(4)?,
                    byte_count: r.get(5)?,
                },
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|(id, patient, mut item)| {
            item.report_id = id;
            item.patient_label = super::patient_label(cabinet, patient.as_deref())?;
            Ok(item)
        })
        .collect()
}

fn cutoff(cabinet: &Cabinet) -> Result<String> {
    let days = audio_days(cabinet)?;
    // The same format as the stored stamps, so text order is time order.
    Ok((cabinet.clock().now() - chrono::Duration::days(days))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Deletes the recordings she confirmed, among those still expired (a
/// report corrected since is skipped), in one transaction. Returns how
/// many were deleted.
pub fn delete_expired_audio(cabinet: &mut Cabinet, report_ids: &[String]) -> Result<usize> {
    let still: Vec<String> = expired_audio(cabinet)?
        .into_iter()
        .map(|e| e.report_id)
        .filter(|id| report_ids.contains(id))
        .collect();
    let tx = cabinet.conn_mut().transaction()?;
    for id in &still {
        tx.execute("DELETE FROM report_audio WHERE report_id = ?1", [id])?;
    }
    tx.commit()?;
    Ok(still.len())
}
