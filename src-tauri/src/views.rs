//! Types only the shell sends to the UI (the core's own types travel as is).

use carnet_core::recent::RecentCabinet;
use carnet_core::time_zones::TimeZoneOption;
use carnet_core::{CabinetSummary, Practitioner};
use serde::{Deserialize, Serialize};
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

/// A locked cabinet shows only who it is, never what is inside.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct LockedCabinet {
    pub name: String,
    pub colour: String,
    pub path: String,
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum SessionState {
    None,
    Open { cabinet: CabinetSummary },
    Locked { cabinet: LockedCabinet },
}

#[derive(Debug, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct NewCabinetRequest {
    pub name: String,
    pub practitioners: Vec<Practitioner>,
    pub colour: String,
    pub time_zone: String,
    pub path: String,
    pub passphrase: String,
    pub passphrase_confirmation: String,
}
