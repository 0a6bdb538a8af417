//! Shared fixtures: a temp folder, a strong passphrase, a cabinet.

use std::path::PathBuf;

use carnet_core::clock::Clock;
use carnet_core::{Cabinet, NewCabinet, Passphrase, Practitioner};

pub const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";

pub fn passphrase() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

pub fn new_cabinet() -> NewCabinet {
    NewCabinet {
        name: "Cabinet du Dr Lefèvre".into(),
        practitioners: vec![Practitioner {
            name: "Dr Hélène Lefèvre".into(),
            specialty: "Médecine générale".into(),
        }],
        colour: "#2E7D32".into(),
        time_zone: "Europe/Paris".into(),
        is_demo: false,
    }
}

/// When the tests' cabinets live (a cabinet opened again runs on the system
/// clock): three minutes past midnight in Paris on a 29 February.
pub fn clock() -> Clock {
    Clock::fixed_local(chrono_tz::Europe::Paris, "2028-02-29 00:03").unwrap()
}

pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn create(&self, name: &str) -> (PathBuf, Cabinet) {
        let path = self.path(name);
        let cabinet = Cabinet::create(&path, &new_cabinet(), &passphrase(), &passphrase())
            .expect("create cabinet")
            .with_clock(clock());
        (path, cabinet)
    }
}
