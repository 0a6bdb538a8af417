//! carnet-core: Carnet's domain and storage. Everything a user can do is a
//! function here; the desktop shell and `carnet-admin` are thin layers over
//! it. This crate knows nothing of Tauri, windows or IPC.
//!
//! Invariants (see ARCHITECTURE.md):
//! - patient data lives only inside the encrypted cabinet file;
//! - every user action that writes is one transaction;
//! - moments that happened are stored in UTC; appointment times are
//!   wall-clock times in the cabinet's zone;
//! - ids are UUID v7;
//! - every file written at a place she chose goes through
//!   `storage::guarded_write`: never onto a cabinet or its sidecars.

pub mod agenda;
mod assembly;
pub mod audit;
pub mod backup;
pub mod cabinet;
pub mod chosen_file;
pub mod clock;
mod codes;
pub mod consistency;
pub mod correspondants;
pub mod dates;
pub mod demo;
pub mod documents;
pub mod error;
mod french_names;
pub mod hardening;
pub mod ids;
mod local_json;
pub mod messages;
mod migrations;
pub mod money;
pub mod nir;
pub mod passphrase;
pub mod patients;
pub mod phone;
pub mod phonetic;
pub mod practitioners;
pub mod printable;
pub mod recent;
pub mod reference;
mod rekey;
pub mod security;
pub mod session;
pub mod storage;
pub mod templates;
pub mod time_zones;
pub mod trail_anchor;
pub mod users;

pub use cabinet::{
    Cabinet, CabinetClaim, CabinetInfo, CabinetSummary, CheckReport, NewCabinet, Practitioner,
    StorageSettings,
};
pub use error::{CoreError, ErrorKind, Result};
pub use migrations::latest_version as latest_schema_version;
pub use passphrase::Passphrase;
/// The key and its derivation, kept at their old path for callers.
pub use storage::keys;
