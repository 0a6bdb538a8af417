//! Types only the shell sends to the UI (the core's own types travel as is).

use carnet_core::recent::RecentCabinet;
use carnet_core::time_zones::TimeZoneOption;
use carnet_core::users::User;
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
    /// The profiles that can unlock with their PIN (empty: passphrase only).
    pub pin_users: Vec<User>,
    /// Wrong PINs left before the cabinet closes.
    pub attempts_left: u8,
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SessionState {
    None,
    Open {
        cabinet: CabinetSummary,
        /// Who is working; `None` until she picks her profile (several profiles).
        user: Option<User>,
        /// The profiles to choose from while `user` is `None`.
        users: Vec<User>,
        idle_lock_minutes: u32,
    },
    Locked {
        cabinet: LockedCabinet,
    },
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
