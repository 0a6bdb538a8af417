#![allow(unsafe_code)] // One FFI call (glibc's malloc_trim), its SAFETY said below.
//! Giving back to the system the memory a big transient job freed.
//!
//! glibc's allocator keeps what a thread freed in that thread's arena for
//! later use; it returns it to the system only from the top of the heap.
//! A job that reads a whole cabinet (the integrity check, the patient
//! directory's load) fills its connection's page cache (up to 64 MB) with
//! thousands of 4 KiB pages, among which a few allocations that outlive
//! it: after the job the freed pages stay counted in the process, for
//! nothing, all session long. `malloc_trim` hands every whole free page of
//! every arena back to the system. Measured on dataset M (see
//! BENCHMARKS.md, « Memory »).

/// Returns the pages freed by a finished job to the system (glibc only;
/// elsewhere the allocator does its own).
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists, under
    // its locks; 0 keeps no padding at the top of the heap.
    unsafe {
        libc::malloc_trim(0);
    }
}
