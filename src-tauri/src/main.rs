// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    carnet_shell::rendering::prefer_cpu_painting_without_gpu();
    carnet_shell::run();
}
