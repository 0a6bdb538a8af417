//! Locking waits for the work that runs on its own connection — the
//! background integrity check, a backup — and leaves no connection open on
//! the file: a connection holds the cabinet key.

use std::path::Path;
use std::thread;
use std::time::Duration;

use carnet_core::session::{AppPaths, AppState};

/// How many descriptors of this process are open on `file` (not its
/// sidecars): one per SQLite connection.
fn connections_to(file: &Path) -> usize {
    let file = file.canonicalize().unwrap();
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter(|target| target == &file)
        .count()
}

#[test]
fn locking_stops_the_background_check_and_closes_its_connection() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::new(AppPaths::in_folders(
        &dir.path().join("config"),
        &dir.path().join("data"),
        &dir.path().join("docs"),
    ));
    state.open_demo().unwrap();
    let file = state.paths.demo_cabinet.clone();
    for _ in 0..3 {
        let checking = state.clone();
        let check = thread::spawn(move || checking.check_integrity());
        // Not a timing assertion: only so that the check is, most likely,
        // under way when she locks (the demo file takes longer to check).
        thread::sleep(Duration::from_millis(20));
        state.lock().unwrap();
        assert_eq!(
            connections_to(&file),
            0,
            "a connection stayed open on the file"
        );
        // Interrupted (no damage reported), or refused if it came too late.
        match check.join().unwrap() {
            Ok(found) => assert_eq!(found, None),
            Err(error) => assert_eq!(error.kind(), carnet_core::ErrorKind::NoCabinetOpen),
        }
        state
            .unlock(carnet_core::demo::DEMO_PASSPHRASE.into())
            .unwrap();
    }
}
