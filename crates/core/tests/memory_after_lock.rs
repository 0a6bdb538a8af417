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
    scan::prove_nothing_left("locked", |state| {
        state.lock().unwrap();
    });
}
