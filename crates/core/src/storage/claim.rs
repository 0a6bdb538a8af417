//! The reservation of a cabinet file by this process.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::files::sidecar_path;
use crate::error::{CoreError, Result};

/// A reservation of a cabinet file by this process: held from opening to
/// closing, across locks, so no second window or program opens the same file.
///
/// It is an exclusive OS lock on an empty sidecar file `<cabinet>-lock`, which
/// the OS releases if the process dies. The sidecar is left in place on close:
/// deleting it would let two processes lock two different inodes at once.
#[derive(Debug)]
pub struct CabinetClaim {
    path: PathBuf,
    _lock: File,
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
            Ok(()) => Ok(CabinetClaim {
                path: path.to_path_buf(),
                _lock: lock,
            }),
            Err(TryLockError::WouldBlock) => Err(CoreError::FileInUse),
            Err(TryLockError::Error(error)) => Err(CoreError::Io(error)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
