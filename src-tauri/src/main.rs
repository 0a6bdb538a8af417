// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Every block freed is wiped first: a locked or closed cabinet leaves no
/// key and no patient's name in freed memory (carnet-core's `hardening`).
#[global_allocator]
static ALLOCATOR: carnet_core::hardening::WipingAllocator =
    carnet_core::hardening::WIPING_ALLOCATOR;

fn main() {
    // No core dump, no other process reading this one's memory.
    for failed in carnet_core::hardening::harden_process() {
        eprintln!("Carnet : protection non appliquée — {failed}");
    }
    carnet_shell::rendering::prefer_cpu_painting_without_gpu();
    carnet_shell::run();
}
