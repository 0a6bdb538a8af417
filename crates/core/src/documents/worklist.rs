//! The secretary's work list (what is to type: urgent first, then by due
//! date), what waits for the doctor (oldest first, with how long), what is
//! late, and the counts for the navigation's badge and the home screen.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Priority, ReportKind, ReportStatus};
use crate::cabinet::Cabinet;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WorkItem {
    pub id: String,
    pub patient_id: Option<String>,
    /// « DUPONT Jeanne (12/03/1956) » or « Patient à identifier ».
    pub patient_label: String,
    pub author_id: String,
    pub author_name: String,
    pub kind: ReportKind,
    pub priority: Priority,
    pub status: ReportStatus,
    pub due_on: Option<String>,
    pub note: String,
    /// Length of the recording, if there is one.
    pub duration_ms: Option<i64>,
    pub created_at: String,
    /// Days since the dictation was imported.
    pub age_days: i64,
    /// Days in its current status (how long the doctor has kept it).
    pub waiting_days: i64,
    /// Its due date is past.
    pub late: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WorkList {
    /// « À taper » and « en cours »: urgent first, then by due date (none
    /// last), then oldest.
    pub to_type: Vec<WorkItem>,
    /// « À relire par le médecin »: oldest first.
    pub to_validate: Vec<WorkItem>,
    /// Either of the above whose due date is past.
    pub late: Vec<WorkItem>,
}

/// The badge and the home screen's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WorkCounts {
    pub to_type: i64,
    pub urgent: i64,
    pub to_validate: i64,
    pub late: i64,
}

fn days_between(from_rfc3339: &str, today: NaiveDate) -> i64 {
    from_rfc3339
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or(0, |d| (today - d).num_days().max(0))
}

fn items(
    cabinet: &Cabinet,
    statuses: &str,
    order: &str,
    author: Option<&str>,
) -> Result<Vec<WorkItem>> {
    let today = cabinet.today();
    let today_iso = today.format("%Y-%m-%d").to_string();
    let sql = format!(
        "SELECT r.id, r.patient_id, r.author_id, p.name, r.kind, r.priority, r.status, r.due_on,
                r.note, a.duration_ms, r.created_at, r.status_since
         FROM reports r JOIN practitioners p ON p.id = r.author_id
         LEFT JOIN report_audio a ON a.report_id = r.id
         WHERE r.status IN ({statuses}) AND (?1 IS NULL OR r.author_id = ?1)
         ORDER BY {order}"
    );
    let mut statement = cabinet.conn().prepare_cached(&sql)?;
    let rows = statement
        .query_map([author], |r| {
            let due_on: Option<String> = r.get(7)?;
            let created_at: String = r.get(10)?;
            let status_since: String = r.get(11)?;
            Ok(WorkItem {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                patient_label: String::new(),
                author_id: r.get(2)?,
                author_name: r.get(3)?,
                kind: r.get(4)?,
                priority: r.get(5)?,
                status: r.get(6)?,
                late: due_on.as_deref().is_some_and(|d| d < today_iso.as_str()),
                due_on,
                note: r.get(8)?,
                duration_ms: r.get(9)?,
                age_days: days_between(&created_at, today),
                waiting_days: days_between(&status_since, today),
                created_at,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(|mut item| {
            item.patient_label = super::patient_label(cabinet, item.patient_id.as_deref())?;
            Ok(item)
        })
        .collect()
}

/// The lists, for everyone (`author_id` = `None`) or one doctor's queue.
pub fn work_list(cabinet: &Cabinet, author_id: Option<&str>) -> Result<WorkList> {
    let to_type = items(
        cabinet,
        "'a_taper', 'en_cours'",
        "r.priority = 'normal', r.due_on IS NULL, r.due_on, r.created_at, r.seq",
        author_id,
    )?;
    let to_validate = items(cabinet, "'a_relire'", "r.status_since, r.seq", author_id)?;
    let late = to_type
        .iter()
        .chain(&to_validate)
        .filter(|item| item.late)
        .cloned()
        .collect();
    Ok(WorkList {
        to_type,
        to_validate,
        late,
    })
}

/// The counts of the badge, from the status index alone.
pub fn counts(cabinet: &Cabinet) -> Result<WorkCounts> {
    let today = cabinet.today().format("%Y-%m-%d").to_string();
    Ok(cabinet
        .conn()
        .prepare_cached(
            "SELECT
             count(*) FILTER (WHERE status IN ('a_taper', 'en_cours')),
             count(*) FILTER (WHERE status IN ('a_taper', 'en_cours') AND priority = 'urgent'),
             count(*) FILTER (WHERE status = 'a_relire'),
             count(*) FILTER (WHERE due_on < ?1)
         FROM reports WHERE status IN ('a_taper', 'en_cours', 'a_relire')",
        )?
        .query_row([today], |r| {
            Ok(WorkCounts {
                to_type: r.get(0)?,
                urgent: r.get(1)?,
                to_validate: r.get(2)?,
                late: r.get(3)?,
            })
        })?)
}
