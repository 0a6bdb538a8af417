//! The session policy: no cabinet, an open cabinet, or a locked one; how
//! unlocking, PIN identification and failed attempts work, what each of them
//! leaves in the audit trail, and the backups made when a cabinet closes.
//! The desktop shell and `carnet-admin` both open files through here, so an
//! opening or a failed passphrase is recorded whichever tool made it.
//!
//! Plain Rust, testable without a window: the shell adds only what needs
//! Tauri (commands, windows, dialogs, timers).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

use serde::{Deserialize, Serialize};

use crate::audit::{self, Actor};
use crate::backup::{self, BackupDone, BackupTrigger};
use crate::cabinet::UnlockFailure;
use crate::cabinet::{Cabinet, CabinetClaim, CabinetSummary, NewCabinet, Practitioner};
use crate::clock::Clock;
use crate::consistency;
use crate::demo::{self, DEMO_PASSPHRASE};
use crate::error::{CoreError, ErrorKind};
use crate::recent::{self, RecentCabinet};
use crate::security;
use crate::storage::keys::Passphrase;
use crate::trail_anchor;
use crate::users::{self, Pin, QuickUnlock, User};

/// Where the tools keep their few files outside cabinet files: names,
/// colours, paths and times only — never anything about a patient.
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub recent_list: PathBuf,
    pub default_cabinet_dir: PathBuf,
    pub demo_cabinet: PathBuf,
    /// Failed openings (cabinet path, time) not yet written to their
    /// cabinet's trail: a wrong passphrase cannot write into the file it
    /// could not open, so the next opening — by the app or by
    /// `carnet-admin` — records them.
    pub pending_failures: PathBuf,
    /// The head of each cabinet's audit trail as this computer last saw it
    /// (cabinet id, sequence, hash, time, sealed with a key derived from
    /// the cabinet key): a file swapped for an older copy, or whose history
    /// was rewritten, is then noticed (`crate::trail_anchor`).
    pub trail_heads: PathBuf,
}

impl AppPaths {
    /// The usual places under a home folder (XDG layout), for tools without
    /// a desktop framework to ask (`carnet-admin`).
    pub fn under_home(home: &Path) -> AppPaths {
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".config"))
            .join("carnet");
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".local/share"))
            .join("carnet");
        AppPaths::in_folders(&config, &data, &home.join("Documents"))
    }

    /// The files in the folders the platform gives.
    pub fn in_folders(config: &Path, data: &Path, documents: &Path) -> AppPaths {
        AppPaths {
            recent_list: config.join("recent.json"),
            default_cabinet_dir: documents.join("Carnet"),
            demo_cabinet: data.join("demo").join("cabinet-de-demonstration.carnet"),
            pending_failures: data.join("ouvertures-refusees.json"),
            trail_heads: data.join("empreintes-des-journaux.json"),
        }
    }
}

/// How a locked cabinet is reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnlockMethod {
    Passphrase,
    Pin,
}

impl UnlockMethod {
    /// As the audit trail's detail says it.
    pub fn label(self) -> &'static str {
        match self {
            UnlockMethod::Passphrase => "phrase de passe",
            UnlockMethod::Pin => "code PIN",
        }
    }
}

/// A locked cabinet shows only who it is, never what is inside.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
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

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
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

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
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

// One session per window: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
enum Session {
    Closed,
    Open(Box<OpenCabinet>),
    Locked {
        claim: CabinetClaim,
        view: LockedCabinet,
        /// What a PIN needs to reopen; `None` if nobody has a PIN (or after
        /// five wrong ones).
        quick: Option<QuickUnlock>,
        /// Failed attempts while locked, written to the audit trail at the
        /// next unlock (the file cannot be written while locked).
        failed: Vec<String>,
    },
}

struct OpenCabinet {
    cabinet: Cabinet,
    /// Wrong PINs when choosing her profile after the passphrase.
    identify_failures: u8,
}

/// Work running on its own connection outside the session lock (the
/// background integrity check, a backup), each connection keyed with the
/// cabinet key. Locking or closing interrupts it and waits for its end, so
/// that no connection holds the key of a locked or closed cabinet.
#[derive(Default)]
struct BackgroundWork {
    /// Held (shared) by each job from before its connection opens until it
    /// is closed; taken (exclusive) to wait for them all.
    running: RwLock<()>,
    interrupts: Mutex<Vec<crate::cabinet::InterruptHandle>>,
}

impl BackgroundWork {
    fn running(&self) -> RwLockReadGuard<'_, ()> {
        self.running.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Called under the session lock, as the job's connection is opened: a
    /// lock that follows always finds it.
    fn register(&self, handle: crate::cabinet::InterruptHandle) {
        self.interrupts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(handle);
    }

    /// Interrupts every job and waits until the last has closed its
    /// connection. Called once the session no longer holds an open cabinet,
    /// so no new job can start meanwhile.
    fn stop_and_wait(&self) {
        for handle in self
            .interrupts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain(..)
        {
            // A job already finished: interrupting its closed connection does nothing.
            handle.interrupt();
        }
        drop(self.running.write().unwrap_or_else(|p| p.into_inner()));
    }
}

/// Shared by every command; cheap to clone into a blocking task.
#[derive(Clone)]
pub struct AppState {
    session: Arc<Mutex<Session>>,
    /// One backup at a time (the daily timer and a click may meet).
    backup_running: Arc<Mutex<()>>,
    /// The background integrity check and the backups, each on its own
    /// connection holding the key: stopped and waited for at lock and close.
    background: Arc<BackgroundWork>,
    /// Where "now" comes from for every cabinet this session opens, and
    /// for the failed unlocks kept while none is: the system clock, unless
    /// a test sets one.
    clock: Clock,
    pub paths: AppPaths,
}

impl AppState {
    pub fn new(paths: AppPaths) -> Self {
        AppState {
            session: Arc::new(Mutex::new(Session::Closed)),
            backup_running: Arc::new(Mutex::new(())),
            background: Arc::new(BackgroundWork::default()),
            clock: Clock::System,
            paths,
        }
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
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
            Session::Open(open) => {
                let cabinet = &open.cabinet;
                let user = users::current(cabinet)?;
                SessionState::Open {
                    cabinet: cabinet.summary()?,
                    users: if user.is_none() {
                        users::active(cabinet)?
                    } else {
                        Vec::new()
                    },
                    user,
                    idle_lock_minutes: security::settings(cabinet)?.idle_lock_minutes,
                }
            }
            Session::Locked { view, quick, .. } => SessionState::Locked {
                cabinet: LockedCabinet {
                    pin_users: quick.as_ref().map(QuickUnlock::users).unwrap_or_default(),
                    attempts_left: quick.as_ref().map_or(0, QuickUnlock::attempts_left),
                    ..view.clone()
                },
            },
        })
    }

    /// The cabinet's name for the window title; `None` when locked or closed.
    pub fn title(&self) -> String {
        match &*self.session() {
            Session::Closed => "Carnet".to_string(),
            Session::Open(open) => format!("Carnet — {}", open.cabinet.info().name),
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
        let cabinet = open_recorded(&self.paths, &path, &passphrase, &self.clock)?;
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

    fn enter(&self, mut cabinet: Cabinet, remember: bool) -> Result<CabinetSummary, CoreError> {
        cabinet.set_clock(self.clock.clone());
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
        record_pending_failures(&self.paths, &cabinet)?;
        if users::adopt_single_user(&mut cabinet)? {
            record(&cabinet, "open_cabinet", None)?;
        }

        *self.session() = Session::Open(Box::new(OpenCabinet {
            cabinet,
            identify_failures: 0,
        }));
        Ok(summary)
    }

    /// After the passphrase, with several profiles: who is working. Five
    /// wrong PINs close the cabinet.
    pub fn identify(&self, user_id: &str, pin: String) -> Result<CabinetSummary, CoreError> {
        let pin = Pin::new(pin);
        let mut session = self.session();
        let Session::Open(open) = &mut *session else {
            return Err(CoreError::NoCabinetOpen);
        };
        match users::identify(&mut open.cabinet, user_id, &pin) {
            Ok(_) => {
                open.identify_failures = 0;
                record(&open.cabinet, "identify", None)?;
                open.cabinet.summary()
            }
            Err(CoreError::WrongPin) => {
                open.identify_failures += 1;
                let when = open.cabinet.now_utc();
                record_failed_unlocks(&open.cabinet, &[when], "code PIN au choix du profil")?;
                if open.identify_failures >= users::MAX_PIN_ATTEMPTS {
                    if let Session::Open(open) = std::mem::replace(&mut *session, Session::Closed) {
                        open.cabinet.close();
                    }
                    return Err(CoreError::TooManyPinAttempts);
                }
                Err(CoreError::WrongPin)
            }
            Err(error) => Err(error),
        }
    }

    /// Forgets the key; the file stays reserved for this window. A PIN can
    /// reopen it if the profiles have one.
    pub fn lock(&self) -> Result<LockedCabinet, CoreError> {
        let locked = self.lock_session();
        // No connection may keep the key once locked: the background check
        // and a running backup are interrupted and waited for.
        self.background.stop_and_wait();
        locked
    }

    fn lock_session(&self) -> Result<LockedCabinet, CoreError> {
        let mut session = self.session();
        match std::mem::replace(&mut *session, Session::Closed) {
            Session::Open(open) => {
                let cabinet = open.cabinet;
                if cabinet.actor().is_some() {
                    // Locking must never fail because the trail could not be written.
                    let _ = record(&cabinet, "lock", None);
                    let _ = trail_anchor::remember_here(&self.paths.trail_heads, &cabinet);
                }
                let view = LockedCabinet {
                    name: cabinet.info().name.clone(),
                    colour: cabinet.info().colour.clone(),
                    path: cabinet.path().display().to_string(),
                    pin_users: Vec::new(),
                    attempts_left: 0,
                };
                let (claim, quick) = cabinet.lock_for_quick_unlock();
                *session = Session::Locked {
                    claim,
                    view: view.clone(),
                    quick,
                    failed: Vec::new(),
                };
                Ok(view)
            }
            Session::Locked {
                claim,
                view,
                quick,
                failed,
            } => {
                *session = Session::Locked {
                    claim,
                    view: view.clone(),
                    quick,
                    failed,
                };
                Ok(view)
            }
            Session::Closed => Err(CoreError::NoCabinetOpen),
        }
    }

    pub fn unlock(&self, passphrase: String) -> Result<CabinetSummary, CoreError> {
        let passphrase = Passphrase::new(passphrase);
        self.reopen(
            |claim, _| Cabinet::unlock(claim, &passphrase),
            UnlockMethod::Passphrase,
        )
    }

    pub fn unlock_with_pin(&self, user_id: &str, pin: String) -> Result<CabinetSummary, CoreError> {
        let pin = Pin::new(pin);
        self.reopen(
            |claim, quick| match quick {
                Some(quick) => Cabinet::unlock_with_pin(claim, quick, user_id, &pin),
                None => Err(UnlockFailure {
                    claim,
                    error: CoreError::TooManyPinAttempts,
                }),
            },
            UnlockMethod::Pin,
        )
    }

    /// The common part of both unlocks: failures are kept for the trail;
    /// five wrong PINs close the cabinet fully.
    fn reopen(
        &self,
        attempt: impl FnOnce(CabinetClaim, Option<&mut QuickUnlock>) -> Result<Cabinet, UnlockFailure>,
        how: UnlockMethod,
    ) -> Result<CabinetSummary, CoreError> {
        let mut session = self.session();
        match std::mem::replace(&mut *session, Session::Closed) {
            Session::Locked {
                claim,
                view,
                mut quick,
                mut failed,
            } => match attempt(claim, quick.as_mut()) {
                Ok(mut cabinet) => {
                    cabinet.set_clock(self.clock.clone());
                    record_failed_unlocks(&cabinet, &failed, how.label())?;
                    if cabinet.actor().is_none() {
                        users::adopt_single_user(&mut cabinet)?;
                    }
                    if cabinet.actor().is_some() {
                        record(&cabinet, "unlock", Some(how.label()))?;
                    }
                    let summary = cabinet.summary();
                    *session = Session::Open(Box::new(OpenCabinet {
                        cabinet,
                        identify_failures: 0,
                    }));
                    summary
                }
                Err(failure) => {
                    failed.push(self.clock.stamp());
                    if failure.error.kind() == ErrorKind::TooManyPinAttempts
                        && how == UnlockMethod::Pin
                    {
                        // The file cannot be written without its key: the
                        // failures, this last one included, wait on this
                        // computer for the next opening, as a wrong
                        // passphrase's do. Keeping them must not hide why
                        // the cabinet closed.
                        for at in &failed {
                            let _ = pending::add(
                                &self.paths.pending_failures,
                                failure.claim.path(),
                                at,
                                Some(how.label()),
                            );
                        }
                        // The sealed key is gone; closing releases the file too.
                        drop(failure.claim);
                        return Err(failure.error);
                    }
                    *session = Session::Locked {
                        claim: failure.claim,
                        view,
                        quick,
                        failed,
                    };
                    Err(failure.error)
                }
            },
            Session::Open(open) => {
                let summary = open.cabinet.summary();
                *session = Session::Open(open);
                summary
            }
            Session::Closed => Err(CoreError::NoCabinetOpen),
        }
    }

    /// Opening reads only the first pages: the page asks for the whole file
    /// to be checked in the background right after, and shows damage at
    /// once. Runs on its own connection; closing the cabinet interrupts it.
    /// Then the audit chain, the app's own invariants (what is derived is
    /// rebuilt, and said) and the trail's heads kept outside the file: every
    /// finding is one French sentence of the answer.
    pub fn check_integrity(&self) -> Result<Option<String>, CoreError> {
        // Lock and close wait for this whole check (and interrupt its page
        // walk) before the key goes.
        let _running = self.background.running();
        let job = self.with_cabinet(|cabinet| {
            let job = cabinet.integrity_job()?;
            self.background.register(job.interrupt_handle());
            Ok(job)
        })?;
        let found = job.run();
        if found.is_some() {
            // Damaged pages: that is what she must hear, and the walks
            // below would only stumble on them.
            return Ok(found);
        }
        let said = match self.check_trail_and_invariants() {
            Ok(said) => said,
            // Locked or closed meanwhile: the next opening checks again.
            Err(error)
                if matches!(
                    error.kind(),
                    ErrorKind::NoCabinetOpen | ErrorKind::NotIdentified
                ) =>
            {
                return Err(error)
            }
            Err(error) => vec![format!("Contrôle du journal d'audit interrompu : {error}")],
        };
        Ok((!said.is_empty()).then(|| said.join(" ")))
    }

    /// The audit chain, the app's own invariants (what is derived is
    /// rebuilt, and said) and the trail's heads kept outside the file: one
    /// French sentence per finding.
    fn check_trail_and_invariants(&self) -> Result<Vec<String>, CoreError> {
        let mut said = Vec::new();
        // The walks over the whole trail and every patient run on a second
        // connection, without holding up her work.
        let second = self.with_cabinet(|cabinet| cabinet.second_connection())?;
        let chain = audit::verify_on(&second)?;
        if let Some(broken) = &chain.broken_at {
            said.push(if broken.seq > chain.last_seq {
                // Changes without entries: after the last entry, not at one.
                format!("Journal d'audit altéré : {}.", broken.problem)
            } else {
                format!(
                    "Journal d'audit rompu à l'entrée n° {} : {}.",
                    broken.seq, broken.problem
                )
            });
        }
        let index_stale = !crate::patients::search::stale_entries(&second)?.is_empty();
        drop(second);
        if index_stale {
            said.extend(self.with_cabinet(consistency::repair_derived)?);
        }
        said.extend(self.with_cabinet(|cabinet| {
            consistency::trail_warnings(cabinet, &self.paths.trail_heads)
        })?);
        Ok(said)
    }

    pub fn close(&self) {
        let previous = std::mem::replace(&mut *self.session(), Session::Closed);
        self.background.stop_and_wait();
        if let Session::Open(open) = previous {
            let cabinet = open.cabinet;
            if cabinet.actor().is_some() {
                // Closing must never fail: each backup records its own failure in the trail, and the status warns.
                let _ = backup_all(&cabinet, BackupTrigger::Fermeture);
                // Closing must never fail because the trail could not be written.
                let _ = record(&cabinet, "close_cabinet", None);
                // Nor because this computer could not note the trail's head.
                let _ = trail_anchor::remember_here(&self.paths.trail_heads, &cabinet);
            }
            cabinet.close();
        }
    }

    /// Runs `work` on the open cabinet, once she is identified; a locked or
    /// closed one refuses.
    pub fn with_cabinet<T>(
        &self,
        work: impl FnOnce(&mut Cabinet) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        match &mut *self.session() {
            Session::Open(open) if open.cabinet.actor().is_some() => work(&mut open.cabinet),
            Session::Open(_) => Err(CoreError::NotIdentified),
            _ => Err(CoreError::NoCabinetOpen),
        }
    }

    /// A long job on the open cabinet (an import) in three steps: `context`
    /// takes what reading needs from the cabinet (today's date, its zone),
    /// `read` does the heavy part without holding the session — she can
    /// lock meanwhile, and the idle lock fires as usual — and `write` runs
    /// on the cabinet again, if the same one is still open and identified.
    /// A cabinet locked during the reading answers `NoCabinetOpen`: nothing
    /// was written.
    pub fn read_then_write<C, P, T>(
        &self,
        context: impl FnOnce(&Cabinet) -> Result<C, CoreError>,
        read: impl FnOnce(C) -> Result<P, CoreError>,
        write: impl FnOnce(&mut Cabinet, P) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        let (path, context) =
            self.with_cabinet(|cabinet| Ok((cabinet.path().to_path_buf(), context(cabinet)?)))?;
        let read = read(context)?;
        self.with_cabinet(|cabinet| {
            if cabinet.path() != path {
                return Err(CoreError::invalid(
                    "file",
                    "Un autre cabinet a été ouvert pendant la lecture du fichier : rien n'a été importé. Recommencez l'import.",
                ));
            }
            write(cabinet, read)
        })
    }

    /// Changes the passphrase of the open cabinet (see the core for why a
    /// crash at any instant leaves a file that opens with one of the two).
    pub fn change_passphrase(
        &self,
        current: String,
        new: String,
        confirmation: String,
    ) -> Result<(), CoreError> {
        let (current, new, confirmation) = (
            Passphrase::new(current),
            Passphrase::new(new),
            Passphrase::new(confirmation),
        );
        let mut session = self.session();
        let Session::Open(open) = std::mem::replace(&mut *session, Session::Closed) else {
            return Err(CoreError::NoCabinetOpen);
        };
        if open.cabinet.actor().is_none() {
            *session = Session::Open(open);
            return Err(CoreError::NotIdentified);
        }
        match open
            .cabinet
            .change_passphrase(&current, &new, &confirmation)
        {
            Ok(cabinet) => {
                // The head this computer keeps is sealed with the old key:
                // sealed again, or the next opening would doubt it.
                let _ = trail_anchor::remember_here(&self.paths.trail_heads, &cabinet);
                *session = Session::Open(Box::new(OpenCabinet {
                    cabinet,
                    identify_failures: 0,
                }));
                Ok(())
            }
            Err(failure) => {
                if let Some(cabinet) = failure.cabinet {
                    *session = Session::Open(Box::new(OpenCabinet {
                        cabinet: *cabinet,
                        identify_failures: 0,
                    }));
                }
                Err(failure.error)
            }
        }
    }

    /// A backup to every chosen folder. The copy runs on its own connection
    /// without holding the session, so she keeps working meanwhile.
    pub fn backup(&self, trigger: BackupTrigger) -> Result<Vec<BackupDone>, CoreError> {
        let _one_at_a_time = self
            .backup_running
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let _running = self.background.running();
        let jobs = self.with_cabinet(|cabinet| {
            let folders = backup::settings(cabinet)?.folders;
            if folders.is_empty() {
                return Err(CoreError::InvalidInput {
                    field: "folders",
                    message:
                        "Choisissez d'abord un dossier de sauvegarde (clé USB, disque externe)."
                            .into(),
                });
            }
            Ok(folders
                .into_iter()
                .map(|folder| {
                    let folder = PathBuf::from(folder);
                    let job = backup::prepare(cabinet, &folder, trigger);
                    if let Ok(job) = &job {
                        self.background.register(job.interrupt_handle());
                    }
                    (folder, job)
                })
                .collect::<Vec<_>>())
        })?;
        let mut done = Vec::new();
        let mut first_error = None;
        for (folder, job) in jobs {
            let outcome = job.and_then(backup::BackupJob::run);
            // Recording needs the cabinet again; if it locked meanwhile, the
            // backup file itself still stands.
            let _ =
                self.with_cabinet(|cabinet| backup::record(cabinet, &folder, trigger, &outcome));
            match outcome {
                Ok(ok) => done.push(ok),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        match first_error {
            Some(error) if done.is_empty() => Err(error),
            _ => Ok(done),
        }
    }

    /// Called by the shell's timer: a daily backup when none was made today.
    pub fn backup_if_due(&self) {
        let due = self
            .with_cabinet(|cabinet| Ok(backup::status(cabinet)?.daily_due))
            .unwrap_or(false);
        if due {
            // The timer has no one to tell: a failed backup is recorded and the status warns.
            let _ = self.backup(BackupTrigger::Quotidienne);
        }
    }

    /// Replaces the open cabinet by a backup, keeping a copy of the current file.
    pub fn restore_over(
        &self,
        backup_path: &Path,
        passphrase: Option<String>,
    ) -> Result<String, CoreError> {
        let passphrase = passphrase.map(Passphrase::new);
        let mut session = self.session();
        let Session::Open(open) = std::mem::replace(&mut *session, Session::Closed) else {
            return Err(CoreError::NoCabinetOpen);
        };
        if open.cabinet.actor().is_none() {
            *session = Session::Open(open);
            return Err(CoreError::NotIdentified);
        }
        match backup::restore_over(open.cabinet, backup_path, passphrase.as_ref()) {
            Ok((cabinet, kept)) => {
                // An older trail, put back on purpose: it is the one to
                // compare with from now on.
                let _ = trail_anchor::remember_here(&self.paths.trail_heads, &cabinet);
                *session = Session::Open(Box::new(OpenCabinet {
                    cabinet,
                    identify_failures: 0,
                }));
                Ok(kept.display().to_string())
            }
            Err(failure) => {
                // Handed back whenever it could be: she stays in her cabinet.
                if let Some(cabinet) = failure.cabinet {
                    *session = Session::Open(Box::new(OpenCabinet {
                        cabinet: *cabinet,
                        identify_failures: 0,
                    }));
                }
                Err(failure.error)
            }
        }
    }
}

/// Opens a cabinet for a tool working on its own (`carnet-admin`), under the
/// same policy as the app: a wrong passphrase is kept for the trail, the
/// failures kept since are written, the opening is recorded under `actor`.
pub fn open_as_tool(
    paths: &AppPaths,
    path: &Path,
    passphrase: &Passphrase,
    actor: Actor,
) -> Result<Cabinet, CoreError> {
    let cabinet = open_recorded(paths, path, passphrase, &Clock::System)?;
    cabinet.set_actor(Some(actor));
    record_pending_failures(paths, &cabinet)?;
    record(&cabinet, "open_cabinet", None)?;
    Ok(cabinet)
}

/// Opens with the passphrase; a wrong one is kept on this computer (path
/// and time only) for the trail of that cabinet.
fn open_recorded(
    paths: &AppPaths,
    path: &Path,
    passphrase: &Passphrase,
    clock: &Clock,
) -> Result<Cabinet, CoreError> {
    Cabinet::open(path, passphrase).inspect_err(|error| {
        if error.kind() == ErrorKind::WrongPassphrase {
            // Failing to keep the note must not hide the real answer: the
            // wrong passphrase is what she needs to hear.
            let _ = pending::add(&paths.pending_failures, path, &clock.stamp(), None);
        }
    })
}

/// Writes the failed openings kept for this cabinet into its trail, then
/// forgets them.
fn record_pending_failures(paths: &AppPaths, cabinet: &Cabinet) -> Result<(), CoreError> {
    for (at, how) in pending::take(&paths.pending_failures, cabinet.path()) {
        let how = how.as_deref().unwrap_or(pending::WRONG_PASSPHRASE);
        record_failed_unlocks(cabinet, &[at], how)?;
    }
    Ok(())
}

/// The failed openings kept outside the cabinets until their next opening:
/// a small JSON list of (path, time), written by rename.
mod pending {
    use std::path::Path;

    use serde::{Deserialize, Serialize};

    use crate::error::CoreError;
    use crate::local_json;

    /// How a failure kept without saying how was made (lists written
    /// before PIN failures were kept too).
    pub(super) const WRONG_PASSPHRASE: &str = "phrase de passe à l'ouverture";

    #[derive(Debug, Default, Serialize, Deserialize)]
    struct Failure {
        path: String,
        at: String,
        /// "code PIN" for the lock screen's failures kept when the fifth
        /// closed the cabinet; absent for a wrong passphrase.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        how: Option<String>,
    }

    fn key(path: &Path) -> String {
        std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string()
    }

    pub(super) fn add(
        list: &Path,
        cabinet: &Path,
        at: &str,
        how: Option<&str>,
    ) -> Result<(), CoreError> {
        let mut failures: Vec<Failure> = local_json::read_or_default(list);
        failures.push(Failure {
            path: key(cabinet),
            at: at.to_string(),
            how: how.map(str::to_string),
        });
        local_json::write(list, &failures)
    }

    /// The times (and how) kept for `cabinet`, removed from the list.
    pub(super) fn take(list: &Path, cabinet: &Path) -> Vec<(String, Option<String>)> {
        let failures: Vec<Failure> = local_json::read_or_default(list);
        let wanted = key(cabinet);
        let (mine, others): (Vec<Failure>, Vec<Failure>) =
            failures.into_iter().partition(|f| f.path == wanted);
        if !mine.is_empty() {
            // If the list cannot be rewritten, the same failures are
            // recorded again next time: a duplicate line, never a lost one.
            let _ = local_json::write(list, &others);
        }
        mine.into_iter().map(|f| (f.at, f.how)).collect()
    }
}

fn record(cabinet: &Cabinet, action: &str, detail: Option<&str>) -> Result<(), CoreError> {
    audit::record(
        cabinet,
        &audit::Event {
            action,
            object_kind: "cabinet",
            detail,
            ..audit::Event::default()
        },
    )
}

fn record_failed_unlocks(cabinet: &Cabinet, times: &[String], how: &str) -> Result<(), CoreError> {
    for at in times {
        audit::record(
            cabinet,
            &audit::Event {
                action: "unlock_failed",
                object_kind: "cabinet",
                detail: Some(&format!("{how}, tentative du {at}")),
                ..audit::Event::default()
            },
        )?;
    }
    Ok(())
}

fn backup_all(cabinet: &Cabinet, trigger: BackupTrigger) -> Result<(), CoreError> {
    for folder in backup::settings(cabinet)?.folders {
        // Each folder's outcome is recorded by backup_now; one folder failing must not stop the next.
        let _ = backup::backup_now(cabinet, Path::new(&folder), trigger);
    }
    Ok(())
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
