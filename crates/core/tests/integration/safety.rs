//! Data safety against real encrypted files: the audit chain and its
//! tampering, profiles and PIN quick unlock, the passphrase change, backups
//! and restore, bytes flipped on disk.

use std::path::Path;

use carnet_core::audit::{self, AuditFilter};
use carnet_core::backup::{self, BackupTrigger, Rotation};
use carnet_core::patients::search::{search, SearchOptions};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::users::{self, Pin, Role, UserDraft};
use carnet_core::{demo, Cabinet, CoreError, ErrorKind, Passphrase};
use chrono::NaiveDateTime;
use rand::{Rng, SeedableRng};

use crate::util::{passphrase, Workspace, PASSPHRASE};

const NEW_PASSPHRASE: &str = "marmotte-citronnelle-horizon-tambour-falaise-grenier-ocre";

fn draft(birth_name: &str, first_names: &str, birth_date: &str) -> PatientDraft {
    PatientDraft {
        birth_name: birth_name.into(),
        birth_first_names: first_names.into(),
        birth_date: birth_date.into(),
        sex: "F".into(),
        identity_status: "provisoire".into(),
        ..PatientDraft::default()
    }
}

/// A raw SQLCipher connection, as someone with the passphrase and an
/// outside tool would have: the audit triggers cannot stop it, the chain
/// must show what it did.
fn outside_tool(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    conn
}

fn cabinet_with_trail(workspace: &Workspace) -> (std::path::PathBuf, Cabinet, Vec<String>) {
    let (path, mut cabinet) = workspace.create("audit.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let mut ids = Vec::new();
    for (name, born) in [
        ("DURAND", "1980-02-03"),
        ("MARTIN", "1975-06-07"),
        ("PETIT", "1990-11-12"),
    ] {
        let id = patients::create(&mut cabinet, &draft(name, "Claire", born), true)
            .unwrap()
            .id;
        patients::get(&cabinet, &id).unwrap();
        ids.push(id);
    }
    (path, cabinet, ids)
}

#[test]
fn every_opening_and_change_is_in_the_chain_with_who_did_it() {
    let workspace = Workspace::new();
    let (_, mut cabinet, ids) = cabinet_with_trail(&workspace);
    let mut changed = draft("DURAND", "Claire Anne", "1980-02-03");
    changed.email = Some("claire@example.fr".into());
    patients::update(&mut cabinet, &ids[0], &changed).unwrap();

    let of_durand = audit::entries(
        &cabinet,
        &AuditFilter {
            patient_id: Some(ids[0].clone()),
            ..AuditFilter::default()
        },
    )
    .unwrap();
    let actions: Vec<&str> = of_durand.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["update", "open", "create"], "newest first");
    assert!(of_durand
        .iter()
        .all(|e| e.user_name.as_deref() == Some("Secrétariat")));
    assert_eq!(of_durand[1].description, "Ouverture du dossier patient");
    assert_eq!(
        of_durand[0].patient_label.as_deref(),
        Some("DURAND Claire Anne")
    );
    // The history row names the author too.
    let history = patients::history(&cabinet, &ids[0]).unwrap();
    assert!(history
        .iter()
        .all(|h| h.author.as_deref() == Some("Secrétariat")));
    assert_eq!(audit::openings_of(&cabinet, &ids[0]).unwrap().len(), 1);

    let report = audit::verify(&cabinet).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert!(report.entries >= 7);
}

#[test]
fn the_trail_holds_ids_not_patient_data() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    let dump: String = conn
        .query_row(
            "SELECT group_concat(coalesce(object_id,'') || coalesce(detail,'') || coalesce(user_name,''), '|') FROM audit_log",
            [],
            |row| row.get(0),
        )
        .unwrap();
    for name in ["DURAND", "MARTIN", "PETIT", "Claire", "1980"] {
        assert!(!dump.contains(name), "« {name} » in the audit trail");
    }
}

#[test]
fn an_altered_entry_is_found_where_it_was_altered() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET user_name = 'Dr Intrus' WHERE seq = 3;",
    )
    .unwrap();
    drop(conn);
    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let report = audit::verify(&cabinet).unwrap();
    let broken = report.broken_at.expect("altered entry detected");
    assert_eq!(broken.seq, 3);
    assert!(broken.problem.contains("modifié"), "{}", broken.problem);
}

#[test]
fn a_removed_entry_in_the_middle_or_at_the_end_is_found() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    let last = audit::verify(&cabinet).unwrap().last_seq;
    cabinet.close();

    let copy = workspace.path("copy.carnet");
    std::fs::copy(&path, &copy).unwrap();
    let conn = outside_tool(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4;")
        .unwrap();
    drop(conn);
    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let broken = audit::verify(&cabinet).unwrap().broken_at.unwrap();
    assert_eq!(broken.seq, 4);
    assert!(broken.problem.contains("supprimée"), "{}", broken.problem);
    cabinet.close();

    let conn = outside_tool(&copy);
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    conn.execute("DELETE FROM audit_log WHERE seq = ?1", [last])
        .unwrap();
    drop(conn);
    let cabinet = Cabinet::open(&copy, &passphrase()).unwrap();
    let broken = audit::verify(&cabinet).unwrap().broken_at.unwrap();
    assert!(broken.problem.contains("fin"), "{}", broken.problem);
}

#[test]
fn the_app_cannot_change_or_delete_an_entry() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    // Even with the key, the trail refuses (and an outside tool lacks the
    // functions the triggers call, so its edits to patients fail too).
    assert!(conn
        .execute("UPDATE audit_log SET detail = 'x' WHERE seq = 1", [])
        .is_err());
    assert!(conn
        .execute("UPDATE patients SET email = 'x@y.fr'", [])
        .is_err());
}

#[test]
fn pruned_old_entries_leave_a_marker_the_chain_resumes_from() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    let before = audit::verify(&cabinet).unwrap();
    cabinet.close();
    // Backdate the first 5 entries by rebuilding them with old timestamps
    // and their hashes recomputed by the app's own function: the chain is
    // then exactly what Carnet would have written two years ago.
    let conn = outside_tool(&path);
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq <= 5;",
    )
    .unwrap();
    drop(conn);
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    // The backdating itself broke the chain at entry 1 …
    assert_eq!(audit::verify(&cabinet).unwrap().broken_at.unwrap().seq, 1);
    users::adopt_single_user(&mut cabinet).unwrap();
    // … the automatic pruning at opening (default retention: one year)
    // removes entries 1–5; the anchor moves past them, and the remaining
    // chain (6 onwards, untouched) plus the marker verify.
    let removed = audit::prune_expired(&mut cabinet).unwrap();
    assert_eq!(removed, 5);
    let report = audit::verify(&cabinet).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.first_seq, 6);
    assert_eq!(report.entries, before.entries - 5 + 1);
    let marker = &audit::entries(&cabinet, &AuditFilter::default()).unwrap()[0];
    assert_eq!(marker.action, "prune");
    assert!(marker.detail.as_deref().unwrap().contains("5 entrée(s)"));
}

#[test]
fn one_profile_is_known_at_once_several_identify_with_their_pin() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("profils.carnet");
    assert!(users::adopt_single_user(&mut cabinet).unwrap());
    let me = users::current(&cabinet).unwrap().unwrap();
    assert_eq!(me.role, Role::Administrateur);

    let doctor = UserDraft {
        name: "Dr Lefèvre".into(),
        role: Role::Utilisateur,
    };
    // A second profile needs the first to have a PIN.
    let refused = users::create(&mut cabinet, &doctor, &Pin::new("4821")).unwrap_err();
    assert!(refused.to_string().contains("Secrétariat"), "{refused}");
    assert!(
        users::set_pin(&mut cabinet, &me.id, &Pin::new("1234")).is_err(),
        "guessable"
    );
    users::set_pin(&mut cabinet, &me.id, &Pin::new("2580")).unwrap();
    let doctor = users::create(&mut cabinet, &doctor, &Pin::new("4821")).unwrap();
    // The last administrator stays one.
    assert!(users::update(
        &mut cabinet,
        &me.id,
        &UserDraft {
            name: "Secrétariat".into(),
            role: Role::Utilisateur
        },
        true
    )
    .is_err());
    cabinet.close();

    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    assert!(!users::adopt_single_user(&mut cabinet).unwrap());
    assert!(matches!(
        users::identify(&mut cabinet, &doctor.id, &Pin::new("2580")),
        Err(CoreError::WrongPin)
    ));
    users::identify(&mut cabinet, &doctor.id, &Pin::new("4821")).unwrap();
    assert_eq!(cabinet.actor().unwrap().name, "Dr Lefèvre");
    // A user cannot manage profiles.
    assert!(users::create(
        &mut cabinet,
        &UserDraft {
            name: "Remplaçant".into(),
            role: Role::Utilisateur
        },
        &Pin::new("7391")
    )
    .is_err());
}

#[test]
fn pin_quick_unlock_and_five_wrong_pins_need_the_passphrase() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("pin.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let me = users::current(&cabinet).unwrap().unwrap();
    users::set_pin(&mut cabinet, &me.id, &Pin::new("2580")).unwrap();
    let id = patients::create(&mut cabinet, &draft("DURAND", "Claire", "1980-02-03"), true)
        .unwrap()
        .id;

    let (claim, quick) = cabinet.lock_for_quick_unlock();
    let mut quick = quick.expect("a profile has a PIN");
    assert_eq!(quick.users().len(), 1);
    let failure =
        Cabinet::unlock_with_pin(claim, &mut quick, &me.id, &Pin::new("1111")).unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::WrongPin);
    let cabinet =
        Cabinet::unlock_with_pin(failure.claim, &mut quick, &me.id, &Pin::new("2580")).unwrap();
    assert_eq!(cabinet.actor().unwrap().user_id, me.id);
    assert!(patients::get(&cabinet, &id).is_ok());

    let (mut claim, quick) = cabinet.lock_for_quick_unlock();
    let mut quick = quick.unwrap();
    for attempt in 1..=5 {
        let failure =
            Cabinet::unlock_with_pin(claim, &mut quick, &me.id, &Pin::new("9999")).unwrap_err();
        let expected = if attempt < 5 {
            ErrorKind::WrongPin
        } else {
            ErrorKind::TooManyPinAttempts
        };
        assert_eq!(failure.error.kind(), expected, "attempt {attempt}");
        claim = failure.claim;
    }
    // Even the right PIN no longer opens: the sealed key is gone.
    let failure =
        Cabinet::unlock_with_pin(claim, &mut quick, &me.id, &Pin::new("2580")).unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::TooManyPinAttempts);
    assert!(failure.error.to_string().contains("phrase de passe"));
    let cabinet = Cabinet::unlock(failure.claim, &passphrase()).unwrap();
    cabinet.close();
    assert!(path.exists());
}

#[test]
fn passphrase_change_old_stops_new_opens_everything_kept() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("phrase.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    demo::add_patients(&mut cabinet, 150, 3, &mut |_, _| {}).unwrap();
    let before = search(&cabinet, "mar", SearchOptions::default()).unwrap();
    let count_before = patients::count(&cabinet).unwrap();

    let failure = cabinet
        .change_passphrase(
            &Passphrase::new("pas la bonne"),
            &Passphrase::new(NEW_PASSPHRASE),
            &Passphrase::new(NEW_PASSPHRASE),
        )
        .unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::WrongPassphrase);
    let cabinet = failure.cabinet.expect("nothing changed, still open");
    let failure = cabinet
        .change_passphrase(
            &passphrase(),
            &Passphrase::new("soleil"),
            &Passphrase::new("soleil"),
        )
        .unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::WeakPassphrase);

    let cabinet = failure
        .cabinet
        .unwrap()
        .change_passphrase(
            &passphrase(),
            &Passphrase::new(NEW_PASSPHRASE),
            &Passphrase::new(NEW_PASSPHRASE),
        )
        .unwrap();
    // Still working in the same session: search index, audit, counts, clock.
    assert_eq!(patients::count(&cabinet).unwrap(), count_before);
    assert_eq!(cabinet.now_utc(), crate::util::clock().stamp());
    assert_eq!(
        search(&cabinet, "mar", SearchOptions::default())
            .unwrap()
            .len(),
        before.len()
    );
    assert!(audit::verify(&cabinet).unwrap().is_intact());
    assert!(cabinet.check().unwrap().is_ok());
    cabinet.close();
    assert_eq!(
        Cabinet::open(&path, &passphrase()).unwrap_err().kind(),
        ErrorKind::WrongPassphrase
    );
    let reopened = Cabinet::open(&path, &Passphrase::new(NEW_PASSPHRASE)).unwrap();
    assert_eq!(patients::count(&reopened).unwrap(), count_before);
    let leftovers: Vec<_> = std::fs::read_dir(workspace.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("nouvelle-phrase"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn backup_opens_with_the_passphrase_and_restores_identical() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("cabinet.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    demo::add_patients(&mut cabinet, 120, 5, &mut |_, _| {}).unwrap();
    let folder = workspace.path("usb");
    std::fs::create_dir(&folder).unwrap();

    let done = backup::backup_now(&cabinet, &folder, BackupTrigger::Manuelle).unwrap();
    assert_eq!(done.counts.patients, 120);
    assert!(done.path.ends_with(".sauvegarde.carnet"));
    let listed = backup::list(&cabinet, std::slice::from_ref(&folder)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].counts.unwrap().patients, 120);
    let export_before = patients::transfer::export(&cabinet).unwrap();

    // A backup is a cabinet: the same passphrase opens it; without it, nothing.
    let opened = Cabinet::open(Path::new(&done.path), &passphrase()).unwrap();
    assert!(opened.check().unwrap().is_ok());
    opened.close();
    let raw = std::fs::read(&done.path).unwrap();
    assert!(!raw.windows(6).any(|w| w == b"SQLite"), "never plaintext");

    let restored = workspace.path("restauré.carnet");
    let counts = backup::restore_to_new(Path::new(&done.path), &passphrase(), &restored).unwrap();
    assert_eq!(counts.patients, 120);
    let restored_cabinet = Cabinet::open(&restored, &passphrase()).unwrap();
    assert_eq!(
        patients::transfer::export(&restored_cabinet).unwrap(),
        export_before,
        "round trip identical"
    );
    // Never over a cabinet (this one is open), nor over an existing file.
    assert_eq!(
        backup::restore_to_new(Path::new(&done.path), &passphrase(), &restored)
            .unwrap_err()
            .kind(),
        ErrorKind::ProtectedFile
    );
    let existing = workspace.path("notes.txt");
    std::fs::write(&existing, "à garder").unwrap();
    assert_eq!(
        backup::restore_to_new(Path::new(&done.path), &passphrase(), &existing)
            .unwrap_err()
            .kind(),
        ErrorKind::AlreadyExists
    );
}

#[test]
fn restore_over_the_current_file_keeps_a_copy_of_it() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("cabinet.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    patients::create(&mut cabinet, &draft("AVANT", "Anne", "1970-01-01"), true).unwrap();
    let folder = workspace.path("sauvegardes");
    std::fs::create_dir(&folder).unwrap();
    let done = backup::backup_now(&cabinet, &folder, BackupTrigger::Manuelle).unwrap();
    patients::create(&mut cabinet, &draft("APRES", "Paul", "1971-01-01"), true).unwrap();
    assert_eq!(patients::count(&cabinet).unwrap(), 2);

    let (cabinet, kept) = backup::restore_over(cabinet, Path::new(&done.path), None).unwrap();
    assert_eq!(patients::count(&cabinet).unwrap(), 1);
    assert_eq!(cabinet.path(), path.as_path());
    assert_eq!(cabinet.now_utc(), crate::util::clock().stamp());
    let entries = audit::entries(&cabinet, &AuditFilter::default()).unwrap();
    assert_eq!(entries[0].action, "restore");
    cabinet.close();
    let copy = Cabinet::open(&kept, &passphrase()).unwrap();
    assert_eq!(
        patients::count(&copy).unwrap(),
        2,
        "the replaced file is kept whole"
    );
}

#[test]
fn a_missing_folder_is_a_clear_error_and_the_status_warns() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("cabinet.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let status = backup::status(&cabinet).unwrap();
    assert!(status.warnings[0].contains("Aucun dossier"));
    let stick = workspace.path("CLE_USB");
    let mut settings = backup::settings(&cabinet).unwrap();
    settings.folders = vec![stick.display().to_string()];
    backup::save_settings(&mut cabinet, &settings).unwrap();
    let error = backup::backup_now(&cabinet, &stick, BackupTrigger::Quotidienne).unwrap_err();
    assert!(error.to_string().contains("Branchez la clé USB"), "{error}");
    let status = backup::status(&cabinet).unwrap();
    assert!(status.daily_due);
    assert!(status.warnings.iter().any(|w| w.contains("introuvable")));
    assert!(status.warnings.iter().any(|w| w.contains("a échoué")));
    std::fs::create_dir(&stick).unwrap();
    backup::backup_now(&cabinet, &stick, BackupTrigger::Quotidienne).unwrap();
    let status = backup::status(&cabinet).unwrap();
    assert!(!status.daily_due);
    assert!(status.warnings.is_empty(), "{:?}", status.warnings);
}

#[test]
fn rotation_keeps_7_daily_4_weekly_12_monthly() {
    // One backup every 6 hours for 500 days.
    let start = NaiveDateTime::parse_from_str("2025-01-01 08:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let times: Vec<NaiveDateTime> = (0..2000)
        .map(|n| start + chrono::Duration::hours(6 * n))
        .collect();
    let kept = backup::to_keep(
        &times,
        Rotation {
            daily: 7,
            weekly: 4,
            monthly: 12,
        },
    );
    let newest = *times.last().unwrap();
    assert!(kept.contains(&newest));
    // Everything of the last 24 hours stays.
    for hours in [6, 12, 18] {
        assert!(kept.contains(&(newest - chrono::Duration::hours(hours))));
    }
    // Then 7 days + at most 4 more weeks + at most 12 months, with overlaps.
    assert!(kept.len() <= 26 && kept.len() >= 12, "{}", kept.len());
    let oldest_kept = kept.iter().min().unwrap();
    assert!(newest - *oldest_kept >= chrono::Duration::days(300));
    assert!(newest - *oldest_kept <= chrono::Duration::days(366));
}

#[test]
fn flipped_bytes_anywhere_are_detected_never_silently_read() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("intact.carnet");
    demo::add_patients(&mut cabinet, 200, 9, &mut |_, _| {}).unwrap();
    cabinet.close();
    let original = std::fs::read(&path).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let tampered = workspace.path("abîmé.carnet");
    let trials = 60;
    let mut detected = 0;
    for _ in 0..trials {
        let mut bytes = original.clone();
        let offset = rng.gen_range(0..bytes.len());
        bytes[offset] ^= 1 << rng.gen_range(0..8);
        std::fs::write(&tampered, &bytes).unwrap();
        match Cabinet::open(&tampered, &passphrase()) {
            Err(error) => {
                let message = error.to_string();
                assert!(
                    message.contains("endommagé") && message.contains("sauvegarde"),
                    "offset {offset}: {message}"
                );
                detected += 1;
            }
            Ok(cabinet) => {
                let report = cabinet.check().unwrap();
                assert!(!report.is_ok(), "byte {offset} flipped and not detected");
                detected += 1;
                cabinet.close();
            }
        }
    }
    assert_eq!(detected, trials);
}
