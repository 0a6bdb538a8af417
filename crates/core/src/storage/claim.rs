//! The reservation of a cabinet file by this process.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::files::sidecar_path;
use crate::error::{CoreError, Result};

/// A reservation of a cabinet file by this process: held from opening to
/// closing, across locks, so no second window or program opens the same file.
///
/// It is an exclusive OS lock on an empty sidecar file `<cabinet>-lock`, which
/// the OS releases if the process dies. The sidecar is left in place on close:
/// deleting it would let two processes lock two different inodes at once.
///
/// Every claim alive is also listed in this process's [`held_cabinets`], so
/// the guarded writer (`storage::guarded_write`) never writes a file over a
/// cabinet this process holds, nor over one of its sidecars.
#[derive(Debug)]
pub struct CabinetClaim {
    path: PathBuf,
    registration: u64,
    _lock: File,
}

/// The cabinets this process holds, by registration number (one per claim).
static HELD: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());
static NEXT_REGISTRATION: AtomicU64 = AtomicU64::new(1);

/// The paths of the cabinets this process holds (open or locked), each as
/// it was claimed. A poisoned list is still read: it only ever holds paths.
pub(crate) fn held_cabinets() -> Vec<PathBuf> {
    let held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    held.iter().map(|(_, path)| path.clone()).collect()
}

impl Drop for CabinetClaim {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        held.retain(|(registration, _)| *registration != self.registration);
    }
}

impl CabinetClaim {
    pub fn acquire(path: &Path) -> Result<Self> {
        let lock_path = sidecar_path(path, "-lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {
                let registration = NEXT_REGISTRATION.fetch_add(1, Ordering::Relaxed);
                HELD.lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((registration, path.to_path_buf()));
                Ok(CabinetClaim {
                    path: path.to_path_buf(),
                    registration,
                    _lock: lock,
                })
            }
            Err(TryLockError::WouldBlock) => Err(CoreError::FileInUse),
            Err(TryLockError::Error(error)) => Err(CoreError::Io(error)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
