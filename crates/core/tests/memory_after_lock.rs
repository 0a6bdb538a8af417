//! A locked session holds nothing that opens the file without a PIN search,
//! and no patient's name (see `memory/scan.rs`). Alone in its process.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

#[path = "memory/scan.rs"]
mod scan;

/// As the app and carnet-admin do: every block freed is wiped.
#[global_allocator]
static ALLOCATOR: carnet_core::hardening::WipingAllocator =
    carnet_core::hardening::WIPING_ALLOCATOR;

#[test]
fn needle_reader() {
    scan::needle_reader();
}

#[test]
fn a_locked_session_keeps_no_key_secret_or_name_in_memory() {
    if std::env::var_os("CARNET_MEMORY_SCAN_READ").is_some() {
        return;
    }
    // As the app starts: no core dump, not readable by other processes
    // (this process still reads itself).
    assert!(carnet_core::hardening::harden_process().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let (state, needles) = scan::run_session(dir.path());
    // The scan sees them while the cabinet is open: it would see them after.
    let open = scan::scan_own_memory(&needles);
    assert!(open.key_raw > 0 && open.names_found == 100, "{open:?}");
    state.lock().unwrap();
    let found = scan::scan_own_memory(&needles);
    eprintln!("locked: {found:?}");
    assert_eq!(found.total(), 0, "{found:?}");
    drop(state);
}
