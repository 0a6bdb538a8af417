//! Every file Carnet writes where she chose goes through the guarded
//! writer. Each path below is aimed at the cabinet itself, its sidecars,
//! a backup and an existing file without confirmation: each is refused,
//! and the cabinet still opens with all its patients.

use std::path::{Path, PathBuf};

use carnet_core::agenda::ics::{self, IcsExportRequest};
use carnet_core::backup::{self, BackupTrigger};
use carnet_core::patients::{self, rights, transfer};
use carnet_core::storage::guarded_write::Replace;
use carnet_core::{demo, Cabinet, CoreError, ErrorKind};

use crate::util::{passphrase, Workspace};

const PATIENTS: usize = 40;

/// A cabinet with patients and an agenda, open.
fn cabinet_with_patients(workspace: &Workspace) -> (PathBuf, Cabinet) {
    let (path, mut cabinet) = workspace.create("cabinet.carnet");
    demo::add_patients(&mut cabinet, PATIENTS, 7, &mut |_, _| {}).unwrap();
    (path, cabinet)
}

/// What must never be written over, open cabinet or not: the cabinet, each
/// sidecar (existing or not), a link to the cabinet.
fn protected_targets(path: &Path) -> Vec<PathBuf> {
    let dir = path.parent().unwrap();
    let link = dir.join("lien-vers-le-cabinet.csv");
    if !link.exists() {
        std::os::unix::fs::symlink(path, &link).unwrap();
    }
    let spelled_otherwise = dir.join(".").join(path.file_name().unwrap());
    let mut targets = vec![path.to_path_buf(), spelled_otherwise, link];
    for suffix in ["-wal", "-shm", "-lock", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        targets.push(PathBuf::from(name));
    }
    targets
}

/// The cabinet at `path` opens with its passphrase and holds its patients;
/// its integrity checks pass.
fn still_whole(path: &Path) {
    let cabinet = Cabinet::open(path, &passphrase()).expect("the cabinet still opens");
    assert_eq!(patients::count(&cabinet).unwrap(), PATIENTS as i64);
    assert!(cabinet.check().unwrap().is_ok());
    cabinet.close();
}

fn assert_protected(result: Result<impl std::fmt::Debug, CoreError>, target: &Path) {
    let error = result.expect_err(&format!("{} must be refused", target.display()));
    assert_eq!(
        error.kind(),
        ErrorKind::ProtectedFile,
        "{target:?}: {error}"
    );
    assert!(
        error
            .to_string()
            .to_lowercase()
            .contains("choisissez un autre nom"),
        "{error}"
    );
}

fn a_backup_of(cabinet: &Cabinet, workspace: &Workspace) -> PathBuf {
    let folder = workspace.path("sauvegardes");
    std::fs::create_dir_all(&folder).unwrap();
    PathBuf::from(
        backup::backup_now(cabinet, &folder, BackupTrigger::Manuelle)
            .unwrap()
            .path,
    )
}

/// An existing file is replaced only when she confirmed, and otherwise
/// left exactly as it was.
fn existing_file_needs_confirmation(
    workspace: &Workspace,
    name: &str,
    mut write: impl FnMut(&Path, Replace) -> Result<(), CoreError>,
) {
    let existing = workspace.path(name);
    std::fs::write(&existing, "à garder\n").unwrap();
    let error = write(&existing, Replace::Never).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists, "{error}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "à garder\n");
    write(&existing, Replace::Confirmed).unwrap();
    assert_ne!(std::fs::read_to_string(&existing).unwrap(), "à garder\n");
    let leftovers: Vec<_> = std::fs::read_dir(workspace.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".carnet-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn the_patients_csv_is_never_written_onto_the_cabinet_its_sidecars_or_a_backup() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    let backup = a_backup_of(&cabinet, &workspace);
    for target in protected_targets(&path).iter().chain([&backup]) {
        assert_protected(
            transfer::write_export(&cabinet, target, Replace::Confirmed),
            target,
        );
    }
    existing_file_needs_confirmation(&workspace, "patients.csv", |target, replace| {
        transfer::write_export(&cabinet, target, replace).map(|_| ())
    });
    cabinet.close();
    still_whole(&path);
    // Closed, the cabinet is still never replaced by an export: it looks
    // like a cabinet (and so does the backup).
    let other = workspace.create("autre.carnet").1;
    for target in [&path, &backup] {
        let error = transfer::write_export(&other, target, Replace::Confirmed).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ProtectedFile, "{error}");
    }
    other.close();
    still_whole(&path);
}

#[test]
fn the_ics_export_is_never_written_onto_the_cabinet_its_sidecars_or_a_backup() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    let backup = a_backup_of(&cabinet, &workspace);
    let request = IcsExportRequest {
        calendar_ids: Vec::new(),
        from: "2028-02-01".into(),
        to: "2028-03-31".into(),
        with_names: false,
    };
    for target in protected_targets(&path).iter().chain([&backup]) {
        assert_protected(
            ics::write_export(&cabinet, &request, target, Replace::Confirmed),
            target,
        );
    }
    existing_file_needs_confirmation(&workspace, "agenda.ics", |target, replace| {
        ics::write_export(&cabinet, &request, target, replace).map(|_| ())
    });
    cabinet.close();
    still_whole(&path);
}

#[test]
fn the_right_of_access_copy_is_never_written_onto_a_cabinet_nor_over_a_file() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    let patient = patients::list(&cabinet, "", 1).unwrap().remove(0).id;
    let stem = rights::export(&cabinet, &patient).unwrap().file_stem;
    let folder = workspace.path("copies");
    std::fs::create_dir_all(&folder).unwrap();

    // Another cabinet, held by this process, sits where the HTML would go.
    let html = folder.join(format!("{stem}.html"));
    let squatter = Cabinet::create(
        &html,
        &crate::util::new_cabinet(),
        &passphrase(),
        &passphrase(),
    )
    .unwrap();
    assert_protected(rights::export_to_folder(&cabinet, &patient, &folder), &html);
    squatter.close();
    // Closed, it still looks like a cabinet.
    assert_protected(rights::export_to_folder(&cabinet, &patient, &folder), &html);
    assert!(!folder.join(format!("{stem}.json")).exists());
    Cabinet::open(&html, &passphrase()).unwrap().close();
    std::fs::remove_file(&html).unwrap();

    // An existing JSON: nothing is written, not even the HTML.
    let json = folder.join(format!("{stem}.json"));
    std::fs::write(&json, "{}").unwrap();
    let error = rights::export_to_folder(&cabinet, &patient, &folder).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists, "{error}");
    assert!(!html.exists());
    assert_eq!(std::fs::read_to_string(&json).unwrap(), "{}");
    std::fs::remove_file(&json).unwrap();
    let written = rights::export_to_folder(&cabinet, &patient, &folder).unwrap();
    assert!(written.iter().all(|p| p.exists()));
    cabinet.close();
    still_whole(&path);
}

#[test]
fn a_restore_into_a_new_file_is_never_written_onto_the_cabinet_or_its_sidecars() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    let backup = a_backup_of(&cabinet, &workspace);
    // `-journal` does not exist while the cabinet is open: a restored copy
    // there would be a "hot journal" SQLite replays into the cabinet.
    for target in protected_targets(&path) {
        assert_protected(
            backup::restore_to_new(&backup, &passphrase(), &target),
            &target,
        );
    }
    let mut journal = path.as_os_str().to_os_string();
    journal.push("-journal");
    assert!(!Path::new(&journal).exists());
    // Nor over another backup, nor over any existing file.
    let second = workspace.path("sauvegardes/copie.carnet");
    std::fs::copy(&backup, &second).unwrap();
    assert_protected(
        backup::restore_to_new(&backup, &passphrase(), &second),
        &second,
    );
    let existing = workspace.path("notes.txt");
    std::fs::write(&existing, "à garder").unwrap();
    let error = backup::restore_to_new(&backup, &passphrase(), &existing).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists, "{error}");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "à garder");
    cabinet.close();
    still_whole(&path);
}

#[test]
fn a_backup_is_never_made_into_the_cabinet_or_one_of_its_sidecars() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    for target in protected_targets(&path) {
        let result = backup::backup_now(&cabinet, &target, BackupTrigger::Manuelle);
        assert!(result.is_err(), "{target:?} accepted as a backup folder");
    }
    cabinet.close();
    still_whole(&path);
}

#[test]
fn after_a_passphrase_change_and_a_restore_the_cabinet_is_still_guarded() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = cabinet_with_patients(&workspace);
    carnet_core::users::adopt_single_user(&mut cabinet).unwrap();
    let backup = a_backup_of(&cabinet, &workspace);
    let new =
        carnet_core::Passphrase::new("marmotte-citronnelle-horizon-tambour-falaise-grenier-ocre");
    let cabinet = cabinet
        .change_passphrase(&passphrase(), &new, &new)
        .map_err(|failure| failure.error)
        .unwrap();
    assert_protected(
        transfer::write_export(&cabinet, &path, Replace::Confirmed),
        &path,
    );
    let (cabinet, _kept) = backup::restore_over(cabinet, &backup, Some(&passphrase()))
        .map_err(|failure| failure.error)
        .unwrap();
    assert_protected(
        transfer::write_export(&cabinet, &path, Replace::Confirmed),
        &path,
    );
    cabinet.close();
    still_whole(&path);
}

#[test]
fn a_new_cabinet_is_never_created_as_a_sidecar_of_the_open_one() {
    let workspace = Workspace::new();
    let (path, cabinet) = cabinet_with_patients(&workspace);
    for suffix in ["-journal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let target = PathBuf::from(name);
        let result = Cabinet::create(
            &target,
            &crate::util::new_cabinet(),
            &passphrase(),
            &passphrase(),
        )
        .map(Cabinet::close);
        let error = result.expect_err("a sidecar is not a new cabinet");
        assert!(
            matches!(
                error.kind(),
                ErrorKind::ProtectedFile | ErrorKind::AlreadyExists
            ),
            "{error}"
        );
    }
    let mut journal = path.as_os_str().to_os_string();
    journal.push("-journal");
    assert!(!Path::new(&journal).exists());
    cabinet.close();
    still_whole(&path);
}
