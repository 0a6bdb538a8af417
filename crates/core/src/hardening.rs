//! What the process does so that the cabinet's secrets do not outlive their
//! use in memory. The shell and carnet-admin call [`harden_process`] first
//! thing and declare [`WipingAllocator`] as their global allocator; the
//! memory-scan tests (`tests/memory_after_lock.rs`, `…_close.rs`) do the same
//! and find neither the key, nor the quick-unlock secret, nor a patient's
//! name in a locked or closed session.
//!
//! The other half is in the storage layer: SQLCipher's memory security
//! (every block SQLite frees is wiped: the decrypted page cache, statements,
//! values) and keys given as bytes, never as SQL text.

/// The system allocator, wiping every block the Rust code frees (a patient
/// name read for a search, a key's hex form, the 19 MiB of Argon2's work
/// area): 1Password's `zeroizing-alloc`. Declare it in each binary:
///
/// ```ignore
/// #[global_allocator]
/// static ALLOCATOR: carnet_core::hardening::WipingAllocator = carnet_core::hardening::WIPING_ALLOCATOR;
/// ```
pub type WipingAllocator = zeroizing_alloc::ZeroAlloc<std::alloc::System>;
pub const WIPING_ALLOCATOR: WipingAllocator = zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// Forbids core dumps of this process (`RLIMIT_CORE` = 0, hard limit too)
/// and, on Linux, marks it not dumpable (`PR_SET_DUMPABLE` = 0): no crash
/// writes the open cabinet's pages and key to disk, and another process of
/// the same user can no longer attach to it or read its memory through
/// `/proc/<pid>/mem` (the process itself still can). Failing is not fatal
/// (a sandbox may refuse the call): what failed is returned, in French, for
/// the caller to log.
pub fn harden_process() -> Vec<String> {
    let mut failed = Vec::new();
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(error) = setrlimit(Resource::Core, none) {
            failed.push(format!(
                "limite des vidages mémoire (RLIMIT_CORE) : {error}"
            ));
        }
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{set_dumpable_behavior, DumpableBehavior};
        if let Err(error) = set_dumpable_behavior(DumpableBehavior::NotDumpable) {
            failed.push(format!(
                "processus non copiable (PR_SET_DUMPABLE) : {error}"
            ));
        }
    }
    failed
}

/// Runs `work` (key stretching, sealing, unsealing), then overwrites the
/// stack it used: ciphers and key schedules live on the stack and are
/// copied as they are moved, and those copies are left behind when the call
/// returns, beyond the reach of any `Zeroize`. 64 KiB covers the deepest of
/// them (RustCrypto's ChaCha20-Poly1305 and Argon2 use a few KiB).
pub(crate) fn scrubbing_stack<T>(work: impl FnOnce() -> T) -> T {
    let result = work();
    scrub_stack();
    result
}

#[inline(never)]
fn scrub_stack() {
    use zeroize::Zeroize;
    let mut area = [0u8; 64 * 1024];
    area.zeroize();
    std::hint::black_box(&area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_hardening_no_core_dump_can_be_written() {
        assert!(harden_process().is_empty());
        #[cfg(unix)]
        {
            let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
            assert_eq!(limit.current, Some(0));
            assert_eq!(limit.maximum, Some(0));
        }
        #[cfg(target_os = "linux")]
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
        // The process still reads its own memory (the memory-scan tests rely on it).
        assert!(std::fs::File::open("/proc/self/mem").is_ok());
    }
}
