//! What a Carnet cabinet is, beyond a keyed file: the agenda's defaults a
//! new cabinet starts with, the patient directory it keeps in memory while
//! unlocked, and what it says of itself. The life cycle (`crate::cabinet`)
//! names no domain; this module puts the two together, and holds the entry
//! points everyone uses — `Cabinet::create`, `open`, `unlock`, `summary`.

use std::path::Path;

use crate::cabinet::{Assembly, Cabinet, CabinetClaim, CabinetSummary, NewCabinet, UnlockFailure};
use crate::error::Result;
use crate::storage::keys::Passphrase;

/// Every cabinet Carnet opens is assembled so.
pub(crate) static CARNET: Assembly = Assembly {
    seed_new,
    attach: crate::patients::directory::attach,
};

/// What a new cabinet starts with: the agenda's defaults, the default
/// document templates.
fn seed_new(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    crate::agenda::setup::seed_defaults(tx)?;
    crate::templates::seed_defaults(tx)
}

impl Cabinet {
    /// Creates a new cabinet file (see [`Cabinet::create_with`]): built
    /// under a temporary name, renamed into place only once complete.
    pub fn create(
        path: &Path,
        new: &NewCabinet,
        passphrase: &Passphrase,
        confirmation: &Passphrase,
    ) -> Result<Self> {
        Cabinet::create_with(path, new, passphrase, confirmation, &CARNET)
    }

    /// Opens an existing cabinet file with its passphrase.
    pub fn open(path: &Path, passphrase: &Passphrase) -> Result<Self> {
        Cabinet::open_with(path, passphrase, &CARNET)
    }

    /// Derives the key and opens the connection for a reserved file.
    pub fn unlock(
        claim: CabinetClaim,
        passphrase: &Passphrase,
    ) -> std::result::Result<Self, UnlockFailure> {
        Cabinet::unlock_with(claim, passphrase, &CARNET)
    }

    /// Opens an unencrypted copy made by `export_unencrypted_baseline`.
    #[cfg(feature = "bench-baselines")]
    pub fn open_unencrypted_baseline(path: &Path) -> Result<Self> {
        Cabinet::open_unencrypted_baseline_with(path, &CARNET)
    }

    /// What the shell shows of an open cabinet.
    pub fn summary(&self) -> Result<CabinetSummary> {
        let info = self.info();
        Ok(CabinetSummary {
            name: info.name.clone(),
            colour: info.colour.clone(),
            practitioners: info.practitioners.clone(),
            time_zone: info.time_zone.clone(),
            is_demo: info.is_demo,
            path: self.path().display().to_string(),
            patient_count: crate::patients::count(self)?,
            created_at: info.created_at.clone(),
        })
    }
}
