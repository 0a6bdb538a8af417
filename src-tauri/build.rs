// Every command of ours is declared in the app manifest: Tauri then generates
// an `allow-<command>` permission for each, and a window may call only the
// ones its capability grants (capabilities/main.json). A command missing from
// the manifest is not callable at all. The list is `src/command_list.rs`, the
// same one `lib.rs` registers.
include!("src/command_list.rs");

/// The commands' names: the last segment of each path.
macro_rules! command_names {
    ($($($segment:ident)::+),* $(,)?) => {
        [$(stringify!($($segment)::+)),*]
    };
}

// A build script reports failure by panicking: there is no caller to return to.
#[allow(clippy::expect_used)]
fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    let names: Vec<&'static str> = carnet_commands!(command_names)
        .iter()
        .map(|path| path.rsplit("::").next().unwrap_or(path).trim())
        .collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names.leak())),
    )
    .expect("tauri-build could not generate the app's permissions");
}
