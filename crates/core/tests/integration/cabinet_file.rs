//! Creating, opening, locking and closing a cabinet file; what goes wrong.

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};

use carnet_core::demo;
use carnet_core::{Cabinet, CoreError, ErrorKind, Passphrase};

use crate::util::{new_cabinet, passphrase, Workspace, PASSPHRASE};

#[test]
fn a_created_cabinet_reopens_with_its_passphrase() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("lefevre.carnet");
    demo::add_patients(&mut cabinet, 120, 3, &mut |_, _| {}).unwrap();
    let before = cabinet.summary().unwrap();
    cabinet.close();

    let reopened = Cabinet::open(&path, &passphrase()).unwrap();
    let after = reopened.summary().unwrap();
    assert_eq!(after.name, "Cabinet du Dr Lefèvre");
    assert_eq!(after.colour, "#2e7d32");
    assert_eq!(after.practitioners[0].name, "Dr Hélène Lefèvre");
    assert_eq!(after.time_zone, "Europe/Paris");
    assert_eq!(after.patient_count, 120);
    assert_eq!(before.patient_count, after.patient_count);
    assert!(!after.is_demo);
}

#[test]
fn storage_uses_sqlcipher_defaults_and_durable_settings() {
    let workspace = Workspace::new();
    let (_, cabinet) = workspace.create("reglages.carnet");
    let settings = cabinet.storage_settings().unwrap();
    assert_eq!(settings.journal_mode, "wal");
    assert_eq!(settings.synchronous, 2, "synchronous=FULL");
    assert!(settings.foreign_keys);
    assert_eq!(settings.temp_store, 2, "temp_store=MEMORY");
    assert!(settings.cache_size <= -64 * 1024, "cache ≥ 64 MiB");
    assert_eq!(settings.cipher_page_size, 4096);
    assert_eq!(settings.kdf_iter, 256_000);
}

#[test]
fn a_wrong_passphrase_is_refused_and_she_can_try_again() {
    let workspace = Workspace::new();
    let (path, cabinet) = workspace.create("lefevre.carnet");
    cabinet.close();

    let error = Cabinet::open(&path, &Passphrase::new("tortue-lanterne")).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WrongPassphrase);
    assert!(error.to_string().contains("Phrase de passe incorrecte"));
    // The failed attempt released the file: the right passphrase opens it.
    Cabinet::open(&path, &passphrase()).unwrap().close();
}

#[test]
fn lock_forgets_the_key_but_keeps_the_file_reserved() {
    let workspace = Workspace::new();
    let (path, cabinet) = workspace.create("lefevre.carnet");
    let claim = cabinet.lock();
    assert_eq!(
        Cabinet::open(&path, &passphrase()).unwrap_err().kind(),
        ErrorKind::FileInUse
    );
    let failure = Cabinet::unlock(claim, &Passphrase::new("pas la bonne")).unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::WrongPassphrase);
    let cabinet = Cabinet::unlock(failure.claim, &passphrase()).unwrap();
    assert_eq!(cabinet.info().name, "Cabinet du Dr Lefèvre");
    cabinet.close();
    Cabinet::open(&path, &passphrase()).unwrap().close();
}

#[test]
fn a_cabinet_open_elsewhere_is_not_opened_twice() {
    let workspace = Workspace::new();
    let (path, first) = workspace.create("lefevre.carnet");
    let error = Cabinet::open(&path, &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::FileInUse);
    assert!(error.to_string().contains("déjà ouvert"));
    first.close();
    Cabinet::open(&path, &passphrase()).unwrap().close();
}

#[test]
fn files_that_are_not_cabinets_say_so() {
    let workspace = Workspace::new();
    let empty = workspace.path("vide.carnet");
    std::fs::write(&empty, b"").unwrap();
    let text = workspace.path("notes.carnet");
    std::fs::write(&text, "Compte rendu de consultation\n".repeat(500)).unwrap();
    let plain = workspace.path("plain.sqlite");
    {
        let conn = rusqlite::Connection::open(&plain).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    for path in [&empty, &text, &plain] {
        let error = Cabinet::open(path, &passphrase()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::NotACabinet, "{}", path.display());
        assert!(
            error.to_string().contains("sauvegarde"),
            "suggests the backups"
        );
    }
    let folder = Cabinet::open(workspace.dir.path(), &passphrase()).unwrap_err();
    assert_eq!(folder.kind(), ErrorKind::NotACabinet);
    let missing = Cabinet::open(&workspace.path("absent.carnet"), &passphrase()).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn another_programs_encrypted_database_is_not_a_cabinet() {
    let workspace = Workspace::new();
    let path = workspace.path("autre.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}'; CREATE TABLE t (x);"))
            .unwrap();
    }
    let error = Cabinet::open(&path, &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotACabinet);
}

#[test]
fn a_truncated_cabinet_is_reported_not_opened() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("tronque.carnet");
    demo::add_patients(&mut cabinet, 300, 1, &mut |_, _| {}).unwrap();
    cabinet.close();
    let length = std::fs::metadata(&path).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(length - 1000)
        .unwrap();
    let error = Cabinet::open(&path, &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotACabinet);
    assert!(error.to_string().contains("tronqué"));
}

#[test]
fn a_damaged_page_is_found_by_the_integrity_check() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("abime.carnet");
    demo::add_patients(&mut cabinet, 2000, 1, &mut |_, _| {}).unwrap();
    assert!(
        cabinet.check().unwrap().is_ok(),
        "a fresh cabinet is intact"
    );
    cabinet.close();
    let length = std::fs::metadata(&path).unwrap().len();
    assert!(length > 20 * 4096);
    // Scribble over the middle of a page far from the schema.
    let mut file = OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(length - 6 * 4096 + 1000))
        .unwrap();
    file.write_all(&[0xA5; 64]).unwrap();
    drop(file);

    match Cabinet::open(&path, &passphrase()) {
        Err(error) => assert_eq!(error.kind(), ErrorKind::Damaged, "{error}"),
        Ok(cabinet) => {
            let report = cabinet.check().unwrap();
            assert!(!report.is_ok(), "the damage must be reported: {report:?}");
            assert!(!report.cipher_problems.is_empty());
        }
    }
}

#[test]
fn creating_over_an_existing_file_changes_nothing() {
    let workspace = Workspace::new();
    let path = workspace.path("existant.carnet");
    std::fs::write(&path, b"ne pas toucher").unwrap();
    let error = Cabinet::create(&path, &new_cabinet(), &passphrase(), &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&path).unwrap(), b"ne pas toucher");
}

#[test]
fn refused_creations_leave_no_file() {
    let workspace = Workspace::new();
    let path = workspace.path("refuse.carnet");
    let weak = Cabinet::create(
        &path,
        &new_cabinet(),
        &Passphrase::new("soleil2024"),
        &Passphrase::new("soleil2024"),
    )
    .unwrap_err();
    assert_eq!(weak.kind(), ErrorKind::WeakPassphrase);
    assert!(weak.to_string().contains("CNIL"));
    let mismatch = Cabinet::create(
        &path,
        &new_cabinet(),
        &passphrase(),
        &Passphrase::new("autre chose"),
    )
    .unwrap_err();
    assert_eq!(mismatch.kind(), ErrorKind::PassphraseMismatch);
    let mut bad_zone = new_cabinet();
    bad_zone.time_zone = "Europe/Lutece".into();
    let zone = Cabinet::create(&path, &bad_zone, &passphrase(), &passphrase()).unwrap_err();
    assert!(matches!(
        zone,
        CoreError::InvalidInput {
            field: "timeZone",
            ..
        }
    ));
    let mut unnamed = new_cabinet();
    unnamed.name = "   ".into();
    let name = Cabinet::create(&path, &unnamed, &passphrase(), &passphrase()).unwrap_err();
    assert!(matches!(
        name,
        CoreError::InvalidInput { field: "name", .. }
    ));
    let leftovers: Vec<_> = std::fs::read_dir(workspace.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-lock"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn a_cabinet_from_a_newer_carnet_is_refused_clearly() {
    let workspace = Workspace::new();
    let (path, cabinet) = workspace.create("futur.carnet");
    cabinet.close();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = '{PASSPHRASE}';
             INSERT INTO schema_migrations VALUES (999, '0999_futur', 'x', '2030-01-01');"
        ))
        .unwrap();
    }
    let error = Cabinet::open(&path, &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooNew);
    assert!(error.to_string().contains("Mettez Carnet à jour"));
}

#[test]
fn a_migration_edited_after_it_was_applied_is_detected() {
    let workspace = Workspace::new();
    let (path, cabinet) = workspace.create("edite.carnet");
    cabinet.close();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA key = '{PASSPHRASE}'; UPDATE schema_migrations SET sha256 = 'autre' WHERE version = 1;"
        ))
        .unwrap();
    }
    let error = Cabinet::open(&path, &passphrase()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Internal);
    assert!(error.to_string().contains("0001_initial"));
}

#[test]
fn ids_are_uuid_v7() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("ids.carnet");
    demo::add_patients(&mut cabinet, 3, 1, &mut |_, _| {}).unwrap();
    cabinet.close();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM patients UNION ALL SELECT id FROM cabinet")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    for id in ids {
        let uuid = uuid_version(&id);
        assert_eq!(uuid, Some(7), "{id}");
    }
}

fn uuid_version(text: &str) -> Option<u32> {
    // 8-4-4-4-12; the version is the first digit of the third group.
    let third = text.split('-').nth(2)?;
    third.chars().next()?.to_digit(16)
}

#[test]
fn the_patient_list_filters_by_name_or_first_name_prefix() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("liste.carnet");
    demo::add_patients(&mut cabinet, 400, 2, &mut |_, _| {}).unwrap();
    let everyone = carnet_core::patients::list(&cabinet, "", 1000).unwrap();
    assert_eq!(everyone.len(), 400);
    let sample = &everyone[123];
    let first_name = sample.display_name.rsplit(' ').next().unwrap().to_string();
    let prefix: String = first_name.chars().take(3).collect();
    let found = carnet_core::patients::list(&cabinet, &prefix, 1000).unwrap();
    assert!(
        found.iter().any(|row| row.id == sample.id),
        "{prefix} finds {}",
        sample.display_name
    );
    assert!(found.len() < everyone.len());
    // LIKE wildcards typed by the user are literal characters.
    assert!(carnet_core::patients::list(&cabinet, "%", 10)
        .unwrap()
        .is_empty());
    assert!(carnet_core::patients::list(&cabinet, "_", 10)
        .unwrap()
        .is_empty());
}
