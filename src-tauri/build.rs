// Every command of ours is listed here: Tauri then generates an
// `allow-<command>` permission for each, and a window may call only the ones
// its capability grants (capabilities/main.json). A command missing from
// this list is not callable at all.
fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_overview",
            "session_state",
            "rate_passphrase",
            "suggest_passphrase",
            "create_cabinet",
            "open_cabinet",
            "open_demo_cabinet",
            "lock_cabinet",
            "unlock_cabinet",
            "close_cabinet",
            "forget_recent",
            "pick_cabinet_file",
            "pick_new_cabinet_location",
            "search_patients",
            "get_patient",
            "patient_history",
            "duplicate_candidates",
            "create_patient",
            "update_patient",
            "set_patient_archived",
            "compare_patients",
            "merge_patients",
            "expired_files",
            "delete_expired_file",
            "preview_import",
            "import_patients",
            "export_patients",
            "communes_for_postcode",
            "birth_places",
            "pick_csv_file",
            "pick_export_location",
            "list_correspondants",
            "save_correspondant",
            "set_correspondant_archived",
        ]),
    ))
    .expect("tauri-build could not generate the app's permissions");
}
