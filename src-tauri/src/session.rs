//! The window's session: no cabinet, an open cabinet, or a locked one. The
//! transitions are plain Rust over carnet-core, testable without a window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use carnet_core::demo::{self, DEMO_PASSPHRASE};
use carnet_core::recent::{self, RecentCabinet};
use carnet_core::{Cabinet, CabinetClaim, CabinetSummary, CoreError, NewCabinet, Passphrase};

use crate::views::{LockedCabinet, NewCabinetRequest, SessionState};

/// Where the shell keeps its few files. Only `recent_list` is written
/// outside cabinet files, and it holds names, colours and paths only.
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub recent_list: PathBuf,
    pub default_cabinet_dir: PathBuf,
    pub demo_cabinet: PathBuf,
}

enum Session {
    Closed,
    Open(Cabinet),
    Locked {
        claim: CabinetClaim,
        view: LockedCabinet,
    },
}

/// Shared by every command; cheap to clone into a blocking task.
#[derive(Clone)]
pub struct AppState {
    session: Arc<Mutex<Session>>,
    pub paths: AppPaths,
}

impl AppState {
    pub fn new(paths: AppPaths) -> Self {
        AppState {
            session: Arc::new(Mutex::new(Session::Closed)),
            paths,
        }
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        // A panic while holding the lock cannot leave a half-changed
        // session: every transition replaces the whole value.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn state(&self) -> Result<SessionState, CoreError> {
        Ok(match &*self.session() {
            Session::Closed => SessionState::None,
            Session::Open(cabinet) => SessionState::Open {
                cabinet: cabinet.summary()?,
            },
            Session::Locked { view, .. } => SessionState::Locked {
                cabinet: view.clone(),
            },
        })
    }

    /// The cabinet's name for the window title; `None` when locked or closed.
    pub fn title(&self) -> String {
        match &*self.session() {
            Session::Closed => "Carnet".to_string(),
            Session::Open(cabinet) => format!("Carnet — {}", cabinet.info().name),
            Session::Locked { .. } => "Carnet — verrouillé".to_string(),
        }
    }

    pub fn recent(&self) -> Vec<RecentCabinet> {
        recent::load(&self.paths.recent_list)
    }

    pub fn forget_recent(&self, path: &str) -> Result<(), CoreError> {
        recent::forget(&self.paths.recent_list, path)
    }

    pub fn create(&self, request: NewCabinetRequest) -> Result<CabinetSummary, CoreError> {
        let new = NewCabinet {
            name: request.name,
            practitioners: request.practitioners,
            colour: request.colour,
            time_zone: request.time_zone,
            is_demo: false,
        };
        let path = cabinet_path(&request.path)?;
        let passphrase = Passphrase::new(request.passphrase);
        let confirmation = Passphrase::new(request.passphrase_confirmation);
        self.close();
        let cabinet = Cabinet::create(&path, &new, &passphrase, &confirmation)?;
        self.enter(cabinet, true)
    }

    pub fn open(&self, path: &str, passphrase: String) -> Result<CabinetSummary, CoreError> {
        let path = cabinet_path(path)?;
        let passphrase = Passphrase::new(passphrase);
        self.close();
        let cabinet = Cabinet::open(&path, &passphrase)?;
        self.enter(cabinet, true)
    }

    /// Opens the demo cabinet, creating it on first use.
    pub fn open_demo(&self) -> Result<CabinetSummary, CoreError> {
        let passphrase = Passphrase::new(DEMO_PASSPHRASE);
        self.close();
        let path = &self.paths.demo_cabinet;
        let cabinet = if path.exists() {
            Cabinet::open(path, &passphrase)?
        } else {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            demo::create_demo_cabinet(
                path,
                &passphrase,
                demo::DemoSize::LAUNCHER,
                1,
                &mut |_, _| {},
            )?
        };
        self.enter(cabinet, false)
    }

    fn enter(&self, cabinet: Cabinet, remember: bool) -> Result<CabinetSummary, CoreError> {
        let summary = cabinet.summary()?;
        if remember {
            // Losing the recent list is harmless; failing to open is not.
            let _ = recent::remember(
                &self.paths.recent_list,
                RecentCabinet {
                    name: summary.name.clone(),
                    colour: summary.colour.clone(),
                    path: summary.path.clone(),
                },
            );
        }
        *self.session() = Session::Open(cabinet);
        Ok(summary)
    }

    /// Forgets the key; the file stays reserved for this window.
    pub fn lock(&self) -> Result<LockedCabinet, CoreError> {
        let mut session = self.session();
        match std::mem::replace(&mut *session, Session::Closed) {
            Session::Open(cabinet) => {
                let view = LockedCabinet {
                    name: cabinet.info().name.clone(),
                    colour: cabinet.info().colour.clone(),
                    path: cabinet.path().display().to_string(),
                };
                let claim = cabinet.lock();
                *session = Session::Locked {
                    claim,
                    view: view.clone(),
                };
                Ok(view)
            }
            Session::Locked { claim, view } => {
                *session = Session::Locked {
                    claim,
                    view: view.clone(),
                };
                Ok(view)
            }
            Session::Closed => Err(CoreError::NoCabinetOpen),
        }
    }

    pub fn unlock(&self, passphrase: String) -> Result<CabinetSummary, CoreError> {
        let passphrase = Passphrase::new(passphrase);
        let mut session = self.session();
        match std::mem::replace(&mut *session, Session::Closed) {
            Session::Locked { claim, view } => match Cabinet::unlock(claim, &passphrase) {
                Ok(cabinet) => {
                    let summary = cabinet.summary();
                    *session = Session::Open(cabinet);
                    summary
                }
                Err(failure) => {
                    *session = Session::Locked {
                        claim: failure.claim,
                        view,
                    };
                    Err(failure.error)
                }
            },
            Session::Open(cabinet) => {
                let summary = cabinet.summary();
                *session = Session::Open(cabinet);
                summary
            }
            Session::Closed => Err(CoreError::NoCabinetOpen),
        }
    }

    /// Forgets the key and releases the file.
    pub fn close(&self) {
        let previous = std::mem::replace(&mut *self.session(), Session::Closed);
        if let Session::Open(cabinet) = previous {
            cabinet.close();
        }
    }

    /// Runs `work` on the open cabinet; a locked or closed one refuses.
    pub fn with_cabinet<T>(
        &self,
        work: impl FnOnce(&mut Cabinet) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        match &mut *self.session() {
            Session::Open(cabinet) => work(cabinet),
            _ => Err(CoreError::NoCabinetOpen),
        }
    }
}

fn cabinet_path(text: &str) -> Result<PathBuf, CoreError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "path",
            message: "Indiquez l'emplacement du fichier du cabinet.".into(),
        });
    }
    Ok(Path::new(trimmed).to_path_buf())
}
