//! Types only the shell sends to the UI (the core's own types, the
//! session's included, travel as is).

use carnet_core::recent::RecentCabinet;
use carnet_core::time_zones::TimeZoneOption;
use serde::Serialize;
use ts_rs::TS;

/// What the launcher needs.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct AppOverview {
    pub version: String,
    pub recent: Vec<RecentCabinet>,
    pub default_cabinet_dir: String,
    pub demo_path: String,
    pub time_zones: Vec<TimeZoneOption>,
}

/// A file an export wrote: where, and how much (bytes for the patient
/// list, appointments for the agenda).
#[derive(Debug, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct WrittenFile {
    pub path: String,
    pub count: usize,
}

impl WrittenFile {
    pub fn new(path: &std::path::Path, count: usize) -> Self {
        WrittenFile {
            path: path.display().to_string(),
            count,
        }
    }
}
