//! Folding the WAL back into the cabinet file, off the secretary's path.
//!
//! Why: SQLite's automatic checkpoint runs inside the commit that takes the
//! WAL past 1 000 pages, so that one save copies ~4 MB into the file and
//! fsyncs it: 130 ms measured on dataset M, against ~1 ms for an ordinary
//! save. Here the main connection's WAL hook only wakes a background thread,
//! which checkpoints on its own connection in PASSIVE mode (it never blocks
//! her reads or writes). Should that thread be gone, the hook itself
//! checkpoints once the WAL passes a much larger size, so the WAL stays
//! bounded whatever happens. Durability does not depend on any of this:
//! a committed transaction is in the fsynced WAL before the save returns.

use std::os::raw::c_int;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use rusqlite::hooks::Wal;
use rusqlite::Connection;

use crate::error::{CoreError, Result};

/// WAL size (pages) that wakes the background checkpoint: SQLite's own
/// auto-checkpoint threshold.
pub(crate) const WAKE_AT_PAGES: c_int = 1_000;

/// WAL size (pages, ~40 MB) past which the committing call checkpoints
/// itself: only reached if the background thread cannot keep up or is gone.
const BACKSTOP_PAGES: c_int = 10_000;

#[derive(Debug)]
pub(crate) struct Checkpointer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
    /// Counted for the tests: checkpoints must happen here, not in saves.
    #[cfg_attr(not(test), allow(dead_code))]
    done: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on `background` (a second connection to the same
    /// file) and hooks the main connection's commits to it.
    pub(crate) fn start(main: &mut Connection, background: Connection) -> Result<Self> {
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let thread = {
            let stop = Arc::clone(&stop);
            let done = Arc::clone(&done);
            std::thread::Builder::new()
                .name("carnet-checkpoint".into())
                .spawn(move || {
                    while woken.recv().is_ok() && !stop.load(Ordering::Acquire) {
                        // A failed or partial checkpoint is simply retried at
                        // the next wake: the pages are still in the WAL.
                        let folded = background
                            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                                row.get::<_, i64>(0)
                            })
                            .is_ok();
                        if folded {
                            done.fetch_add(1, Ordering::Release);
                        }
                    }
                    drop(background);
                })
                .map_err(|error| {
                    CoreError::Internal(format!("tâche de fond du journal : {error}"))
                })?
        };
        let hook_wake = wake.clone();
        main.wal_hook(Some(move |wal: &mut Wal, pages: c_int| {
            if pages >= BACKSTOP_PAGES {
                // The commit is already durable here: a checkpoint that
                // cannot run now (the background one holds it: SQLITE_BUSY)
                // must not turn it into a reported failure. The pages stay
                // in the WAL and are folded at the next commit or wake.
                let _ = wal.checkpoint();
            } else if pages >= WAKE_AT_PAGES {
                // Full means a wake is already pending: nothing to add.
                let _ = hook_wake.try_send(());
            }
            Ok(())
        }))?;
        Ok(Checkpointer {
            wake,
            stop,
            done,
            thread: Some(thread),
        })
    }

    /// Background checkpoints completed so far.
    #[cfg(test)]
    pub(crate) fn completed(&self) -> usize {
        self.done.load(Ordering::Acquire)
    }

    /// Ends the thread and closes its connection (before the main one
    /// closes, so that the last connection folds and removes the WAL).
    pub(crate) fn stop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        self.stop.store(true, Ordering::Release);
        // A full channel already holds a wake-up; a gone thread needs none.
        let _ = self.wake.try_send(());
        // A panicked checkpoint thread leaves the WAL for the main connection to fold.
        let _ = thread.join();
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::cabinet::{Cabinet, NewCabinet, Practitioner};
    use crate::passphrase::Passphrase;
    use crate::patients::{self, PatientDraft};
    use crate::storage::files::sidecar_path;

    /// `mxFrame` (frames in the WAL) and `nBackfill` (frames already folded
    /// into the file), read from the WAL index (`-shm`, SQLite's documented
    /// layout: header at 0, checkpoint info at 96, native byte order).
    fn wal_index(path: &Path) -> (u32, u32) {
        let shm = std::fs::read(sidecar_path(path, "-shm")).expect("shm");
        let at = |offset: usize| u32::from_ne_bytes(shm[offset..offset + 4].try_into().unwrap());
        (at(16), at(96))
    }

    fn letters(mut n: i64) -> String {
        let mut text = String::new();
        loop {
            text.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                return text;
            }
        }
    }

    #[test]
    fn saves_past_the_threshold_are_folded_by_the_background_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cabinet.carnet");
        let passphrase = Passphrase::new("tortue-lanterne-cerise-boussole-galet-prairie-violon");
        let new = NewCabinet {
            name: "Cabinet du Dr Lefèvre".into(),
            practitioners: vec![Practitioner {
                name: "Dr Hélène Lefèvre".into(),
                specialty: "Médecine générale".into(),
            }],
            colour: "#2E7D32".into(),
            time_zone: "Europe/Paris".into(),
            is_demo: false,
        };
        let mut cabinet = Cabinet::create(&path, &new, &passphrase, &passphrase).unwrap();
        let mut saved: i64 = 0;
        while wal_index(&path).0 < WAKE_AT_PAGES as u32 + 100 {
            let draft = PatientDraft {
                birth_name: format!("Durand {}", letters(saved)),
                birth_first_names: "Marie".into(),
                birth_date: "03/03/1962".into(),
                sex: "F".into(),
                identity_status: "provisoire".into(),
                ..PatientDraft::default()
            };
            patients::create(&mut cabinet, &draft, true).unwrap();
            saved += 1;
            assert!(saved < 5_000, "the WAL never reached the threshold");
        }
        // The committing calls did not fold it (SQLite's own auto-checkpoint
        // is replaced by the hook): the background thread does, soon after.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (frames, folded) = wal_index(&path);
            if frames > 0 && folded == frames {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "WAL not folded in the background: {folded} of {frames} frames"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(cabinet.checkpointer().unwrap().completed() >= 1);
        cabinet.close();
        let cabinet = Cabinet::open(&path, &passphrase).unwrap();
        assert_eq!(patients::count(&cabinet).unwrap(), saved);
        // Closed by the last connection: the WAL is folded and removed.
        cabinet.close();
        assert!(std::fs::metadata(sidecar_path(&path, "-wal")).map_or(true, |m| m.len() == 0));
    }
}
