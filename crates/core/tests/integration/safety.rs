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

/// What Python's sqlcipher3 does in one line per function: the five
/// functions the triggers call, registered by the outside tool as no-ops.
fn silence_the_triggers(conn: &rusqlite::Connection, enabled: i64) {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8;
    for name in ["carnet_actor_id", "carnet_actor_name"] {
        conn.create_scalar_function(name, 0, flags, |_| Ok(None::<String>))
            .unwrap();
    }
    conn.create_scalar_function("carnet_audit_enabled", 0, flags, move |_| Ok(enabled))
        .unwrap();
    conn.create_scalar_function("carnet_audit_pruning", 0, flags, |_| Ok(0))
        .unwrap();
    conn.create_scalar_function("carnet_audit_hash", 9, flags, |_| Ok("0".repeat(64)))
        .unwrap();
}

#[test]
fn a_patient_renamed_by_a_tool_that_silenced_the_triggers_is_found() {
    let workspace = Workspace::new();
    let (path, cabinet, ids) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    silence_the_triggers(&conn, 0);
    let renamed = conn
        .execute(
            "UPDATE patients SET birth_name = 'RENARD' WHERE id = ?1",
            [&ids[0]],
        )
        .unwrap();
    assert_eq!(renamed, 1, "the outside tool's edit went through");
    drop(conn);

    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let report = audit::verify(&cabinet).unwrap();
    let broken = report
        .broken_at
        .expect("an edit without its entry is reported");
    assert!(
        broken
            .problem
            .contains("1 modification(s) faite(s) sans entrée"),
        "{}",
        broken.problem
    );
}

fn app_state(workspace: &Workspace) -> carnet_core::session::AppState {
    carnet_core::session::AppState::new(carnet_core::session::AppPaths::in_folders(
        &workspace.path("config"),
        &workspace.path("data"),
        &workspace.path("documents"),
    ))
}

#[test]
fn the_check_at_opening_says_so_and_rebuilds_the_index_the_tool_left_stale() {
    let workspace = Workspace::new();
    let (path, cabinet, ids) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    silence_the_triggers(&conn, 0);
    conn.execute(
        "UPDATE patients SET birth_name = 'RENARD' WHERE id = ?1",
        [&ids[0]],
    )
    .unwrap();
    drop(conn);

    let state = app_state(&workspace);
    state
        .open(&path.display().to_string(), PASSPHRASE.into())
        .unwrap();
    let found = |state: &carnet_core::session::AppState, name: &str| {
        state
            .with_cabinet(|cabinet| search(cabinet, name, SearchOptions::default()))
            .unwrap()
            .hits
            .len()
    };
    // Before the check: the index still has her old name only.
    assert_eq!(found(&state, "renard"), 0);
    assert_eq!(found(&state, "durand"), 1);
    let said = state.check_integrity().unwrap().expect("findings");
    assert!(said.contains("sans entrée au journal"), "{said}");
    assert!(
        said.contains("Index de recherche reconstruit : 1 dossier(s)"),
        "{said}"
    );
    assert_eq!(found(&state, "renard"), 1);
    assert_eq!(found(&state, "durand"), 0);
    let repaired = state
        .with_cabinet(|cabinet| {
            audit::entries(
                cabinet,
                &AuditFilter {
                    action: Some("repair".into()),
                    ..AuditFilter::default()
                },
            )
        })
        .unwrap();
    assert_eq!(repaired.len(), 1);
    state
        .with_cabinet(|cabinet| {
            assert_eq!(
                carnet_core::consistency::problems(cabinet)?,
                Vec::<String>::new()
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn an_older_copy_put_back_is_noticed_from_the_newest_backup() {
    let workspace = Workspace::new();
    let (path, mut cabinet, ids) = cabinet_with_trail(&workspace);
    let stick = workspace.path("CLE_USB");
    std::fs::create_dir(&stick).unwrap();
    let mut settings = backup::settings(&cabinet).unwrap();
    settings.folders = vec![stick.display().to_string()];
    backup::save_settings(&mut cabinet, &settings).unwrap();
    cabinet.close();
    let older = workspace.path("ancienne.carnet");
    std::fs::copy(&path, &older).unwrap();
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    users::adopt_single_user(&mut cabinet).unwrap();
    patients::get(&cabinet, &ids[1]).unwrap();
    backup::backup_now(&cabinet, &stick, BackupTrigger::Manuelle).unwrap();
    cabinet.close();
    std::fs::copy(&older, &path).unwrap();

    // Another computer (no head of its own): the backup's head speaks.
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let warnings =
        carnet_core::consistency::trail_warnings(&cabinet, &workspace.path("ailleurs.json"))
            .unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("plus ancien"), "{warnings:?}");
    assert!(
        warnings[0].contains("dans la sauvegarde du"),
        "{warnings:?}"
    );
    // The warning is in the trail itself.
    users::adopt_single_user(&mut cabinet).unwrap();
    let alerts = audit::entries(
        &cabinet,
        &AuditFilter {
            action: Some("alert".into()),
            ..AuditFilter::default()
        },
    )
    .unwrap();
    assert_eq!(alerts[0].detail.as_deref(), Some(warnings[0].as_str()));
}

#[test]
fn a_head_sealed_with_another_key_or_edited_is_not_trusted() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    let heads = workspace.path("empreintes.json");
    assert!(carnet_core::consistency::trail_warnings(&cabinet, &heads)
        .unwrap()
        .is_empty());
    cabinet.close();
    // Someone edits this computer's note to match a rewritten file.
    let text = std::fs::read_to_string(&heads).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let head = json.as_object_mut().unwrap().values_mut().next().unwrap();
    head["hash"] = serde_json::Value::String("0".repeat(64));
    std::fs::write(&heads, json.to_string()).unwrap();
    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let warnings = carnet_core::consistency::trail_warnings(&cabinet, &heads).unwrap();
    assert!(
        warnings[0].contains("ne correspond pas à la clé de ce fichier"),
        "{warnings:?}"
    );
}

#[test]
fn a_tool_that_lets_entries_through_with_a_forged_hash_breaks_the_chain() {
    let workspace = Workspace::new();
    let (path, cabinet, ids) = cabinet_with_trail(&workspace);
    let before = audit::verify(&cabinet).unwrap();
    cabinet.close();
    let conn = outside_tool(&path);
    silence_the_triggers(&conn, 1);
    conn.execute(
        "UPDATE patients SET birth_name = 'RENARD' WHERE id = ?1",
        [&ids[0]],
    )
    .unwrap();
    drop(conn);
    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let broken = audit::verify(&cabinet).unwrap().broken_at.unwrap();
    assert_eq!(broken.seq, before.last_seq + 1);
    assert!(broken.problem.contains("modifié"), "{}", broken.problem);
}

#[test]
fn entries_cut_from_the_start_with_the_anchor_moved_are_found() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    let conn = outside_tool(&path);
    silence_the_triggers(&conn, 1);
    conn.create_scalar_function(
        "carnet_audit_pruning",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        |_| Ok(1),
    )
    .unwrap();
    // The deletion a purge would do, without the purge's chained entry.
    conn.execute_batch(
        "DELETE FROM audit_log WHERE seq <= 3;
         UPDATE audit_anchor SET first_seq = 4,
             first_prev = (SELECT prev_hash FROM audit_log WHERE seq = 4);",
    )
    .unwrap();
    drop(conn);
    let cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    let broken = audit::verify(&cabinet).unwrap().broken_at.unwrap();
    assert!(
        broken.problem.contains("sans la purge"),
        "{}",
        broken.problem
    );
}

#[test]
fn demo_data_written_without_entries_is_accounted_for_in_one_entry() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("demo.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    cabinet
        .without_audit(|cabinet| {
            patients::create(cabinet, &draft("FICTIF", "Anne", "1970-01-01"), true)
        })
        .unwrap();
    let report = audit::verify(&cabinet).unwrap();
    assert!(report.is_intact(), "{report:?}");
    let newest = &audit::entries(&cabinet, &AuditFilter::default()).unwrap()[0];
    assert!(
        newest
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("données de démonstration"),
        "{newest:?}"
    );
}

#[test]
fn a_tampered_prefix_is_never_pruned_into_an_intact_chain() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    let before = audit::verify(&cabinet).unwrap();
    cabinet.close();
    // Backdate the first 5 entries, as someone hiding them would: once they
    // were older than the retention, a purge used to move the anchor past
    // the damage and call the rest intact.
    let conn = outside_tool(&path);
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq <= 5;",
    )
    .unwrap();
    drop(conn);
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    assert_eq!(audit::verify(&cabinet).unwrap().broken_at.unwrap().seq, 1);
    users::adopt_single_user(&mut cabinet).unwrap();
    let refused = audit::prune(&mut cabinet, 365).unwrap_err();
    assert!(refused.to_string().contains("Purge refusée"), "{refused}");
    assert!(refused.to_string().contains("rompu"), "{refused}");
    let after = audit::verify(&cabinet).unwrap();
    assert_eq!(after.first_seq, before.first_seq);
    assert_eq!(after.broken_at.unwrap().seq, 1, "the evidence stays");
}

#[test]
fn opening_and_identifying_never_prune() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    // Entries a year and a half old, with a clock that says so: they are
    // past the retention, yet opening leaves them (only an administrator's
    // explicit purge removes entries).
    let conn = outside_tool(&path);
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq <= 2;",
    )
    .unwrap();
    drop(conn);
    let state = app_state(&workspace);
    state
        .open(&path.display().to_string(), PASSPHRASE.into())
        .unwrap();
    state
        .with_cabinet(|cabinet| {
            assert_eq!(audit::verify(cabinet)?.first_seq, 1);
            Ok(())
        })
        .unwrap();
}

#[test]
fn pruning_stops_at_an_entry_whose_clock_went_back() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    cabinet.close();
    // Entries 1–5 old and rising, entry 3 stamped before entry 2 (a clock
    // set back). Rewritten with Carnet's own hash so the chain holds: only
    // the order of the times is wrong.
    let conn = outside_tool(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    rehash_with_times(
        &conn,
        &[
            (1, "2020-01-01T00:00:00.000Z"),
            (2, "2020-01-03T00:00:00.000Z"),
            (3, "2020-01-02T00:00:00.000Z"),
            (4, "2020-01-04T00:00:00.000Z"),
            (5, "2020-01-05T00:00:00.000Z"),
        ],
    );
    drop(conn);
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    users::adopt_single_user(&mut cabinet).unwrap();
    let report = audit::verify(&cabinet).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.clock_went_back_at, Some(3));
    let refused = audit::prune(&mut cabinet, 365).unwrap_err();
    assert!(refused.to_string().contains("horloge"), "{refused}");
    assert_eq!(audit::verify(&cabinet).unwrap().first_seq, 1);
}

#[test]
fn pruned_old_entries_leave_a_marker_the_chain_resumes_from() {
    let workspace = Workspace::new();
    let (path, cabinet, _) = cabinet_with_trail(&workspace);
    let before = audit::verify(&cabinet).unwrap();
    cabinet.close();
    let conn = outside_tool(&path);
    conn.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    rehash_with_times(
        &conn,
        &(1..=5)
            .map(|seq| (seq, "2020-01-01T00:00:00.000Z"))
            .collect::<Vec<_>>(),
    );
    drop(conn);
    let mut cabinet = Cabinet::open(&path, &passphrase()).unwrap();
    assert!(audit::verify(&cabinet).unwrap().is_intact());
    users::adopt_single_user(&mut cabinet).unwrap();
    let removed = audit::prune(&mut cabinet, 365).unwrap();
    assert_eq!(removed, 5);
    let report = audit::verify(&cabinet).unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.first_seq, 6);
    assert_eq!(report.entries, before.entries - 5 + 1, "+ the marker");
    let marker = &audit::entries(&cabinet, &AuditFilter::default()).unwrap()[0];
    assert_eq!(marker.action, "prune");
    assert!(marker.detail.as_deref().unwrap().contains("5 entrée(s)"));
}

/// Gives entries new times and recomputes the whole chain with Carnet's
/// own hash, as an insider who read the source could: the chain is then
/// what Carnet would have written.
fn rehash_with_times(conn: &rusqlite::Connection, times: &[(i64, &str)]) {
    for (seq, at) in times {
        conn.execute(
            "UPDATE audit_log SET at = ?2 WHERE seq = ?1",
            rusqlite::params![seq, at],
        )
        .unwrap();
    }
    let rows: Vec<(i64, Vec<Option<String>>)> = conn
        .prepare(
            "SELECT seq, at, user_id, user_name, action, object_kind, object_id, patient_id, detail
             FROM audit_log ORDER BY seq",
        )
        .unwrap()
        .query_map([], |row| {
            let mut fields = vec![None];
            for index in 1..9 {
                fields.push(row.get::<_, Option<String>>(index)?);
            }
            Ok((row.get(0)?, fields))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut previous = String::new();
    for (seq, mut fields) in rows {
        fields[0] = Some(previous.clone());
        let hash = audit::entry_hash(&fields);
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE seq = ?1",
            rusqlite::params![seq, previous, hash],
        )
        .unwrap();
        previous = hash;
    }
    conn.execute("UPDATE audit_anchor SET last_hash = ?1", [previous])
        .unwrap();
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
    let refused = users::create(&mut cabinet, &doctor, &Pin::new("482193")).unwrap_err();
    assert!(refused.to_string().contains("Secrétariat"), "{refused}");
    assert!(
        users::set_pin(&mut cabinet, &me.id, &Pin::new("1234")).is_err(),
        "guessable"
    );
    users::set_pin(&mut cabinet, &me.id, &Pin::new("258046")).unwrap();
    let doctor = users::create(&mut cabinet, &doctor, &Pin::new("482193")).unwrap();
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
        users::identify(&mut cabinet, &doctor.id, &Pin::new("258046")),
        Err(CoreError::WrongPin)
    ));
    users::identify(&mut cabinet, &doctor.id, &Pin::new("482193")).unwrap();
    assert_eq!(cabinet.actor().unwrap().name, "Dr Lefèvre");
    // A user cannot manage profiles.
    assert!(users::create(
        &mut cabinet,
        &UserDraft {
            name: "Remplaçant".into(),
            role: Role::Utilisateur
        },
        &Pin::new("739154")
    )
    .is_err());
}

#[test]
fn pin_quick_unlock_and_five_wrong_pins_need_the_passphrase() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("pin.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let me = users::current(&cabinet).unwrap().unwrap();
    users::set_pin(&mut cabinet, &me.id, &Pin::new("258046")).unwrap();
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
        Cabinet::unlock_with_pin(failure.claim, &mut quick, &me.id, &Pin::new("258046")).unwrap();
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
        Cabinet::unlock_with_pin(claim, &mut quick, &me.id, &Pin::new("258046")).unwrap_err();
    assert_eq!(failure.error.kind(), ErrorKind::TooManyPinAttempts);
    assert!(failure.error.to_string().contains("phrase de passe"));
    let cabinet = Cabinet::unlock(failure.claim, &passphrase()).unwrap();
    cabinet.close();
    assert!(path.exists());
}

#[test]
fn every_wrong_pin_at_the_lock_screen_reaches_the_trail_the_fifth_included() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("cinq.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let me = users::current(&cabinet).unwrap().unwrap();
    users::set_pin(&mut cabinet, &me.id, &Pin::new("258046")).unwrap();
    cabinet.close();
    let state = app_state(&workspace);
    let path_text = path.display().to_string();
    state.open(&path_text, PASSPHRASE.into()).unwrap();
    state.identify(&me.id, "258046".into()).unwrap();
    state.lock().unwrap();
    for attempt in 1..=5 {
        let error = state.unlock_with_pin(&me.id, "999999".into()).unwrap_err();
        assert_eq!(
            error.kind(),
            if attempt < 5 {
                ErrorKind::WrongPin
            } else {
                ErrorKind::TooManyPinAttempts
            }
        );
    }
    // Closed: the next opening writes what could not be written then.
    state.open(&path_text, PASSPHRASE.into()).unwrap();
    state.identify(&me.id, "258046".into()).unwrap();
    let failed = state
        .with_cabinet(|cabinet| {
            audit::entries(
                cabinet,
                &AuditFilter {
                    action: Some("unlock_failed".into()),
                    ..AuditFilter::default()
                },
            )
        })
        .unwrap();
    assert_eq!(failed.len(), 5, "{failed:?}");
    assert!(failed
        .iter()
        .all(|f| f.detail.as_deref().unwrap_or_default().contains("code PIN")));
}

#[test]
fn passphrase_change_old_stops_new_opens_everything_kept() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("phrase.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    demo::add_patients(&mut cabinet, 150, 3, &mut |_, _| {}).unwrap();
    let before = search(&cabinet, "mar", SearchOptions::default())
        .unwrap()
        .hits;
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
            .hits
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

#[test]
fn a_new_pin_has_six_digits_unless_an_administrator_allows_four() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("pin-longueur.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let me = users::current(&cabinet).unwrap().unwrap();
    let settings = carnet_core::security::settings(&cabinet).unwrap();
    assert_eq!(settings.pin_min_digits, 6);
    let refused = users::set_pin(&mut cabinet, &me.id, &Pin::new("2580")).unwrap_err();
    assert!(
        refused.to_string().contains("au moins 6 chiffres"),
        "{refused}"
    );
    users::set_pin(&mut cabinet, &me.id, &Pin::new("258046")).unwrap();

    // Only 4 or 6.
    let five = carnet_core::security::SecuritySettings {
        pin_min_digits: 5,
        ..settings
    };
    assert!(carnet_core::security::save(&mut cabinet, &five).is_err());
    let four = carnet_core::security::SecuritySettings {
        pin_min_digits: 4,
        ..settings
    };
    carnet_core::security::save(&mut cabinet, &four).unwrap();
    users::set_pin(&mut cabinet, &me.id, &Pin::new("2580")).unwrap();
    // A PIN set under four digits keeps opening once six are asked again.
    carnet_core::security::set_pin_min_digits_as_tool(&mut cabinet, 6).unwrap();
    let (claim, quick) = cabinet.lock_for_quick_unlock();
    let mut quick = quick.unwrap();
    Cabinet::unlock_with_pin(claim, &mut quick, &me.id, &Pin::new("2580")).unwrap();
}
