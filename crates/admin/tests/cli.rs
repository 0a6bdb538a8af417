//! carnet-admin as a script or an IT person uses it: exit codes, French
//! one-line errors, passphrase from the environment.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

use assert_cmd::Command;
use carnet_core::{Cabinet, Passphrase};

const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";

fn admin() -> Command {
    let mut command = Command::cargo_bin("carnet-admin").unwrap();
    command.env("CARNET_PASSPHRASE", PASSPHRASE);
    command
}

/// The tool with its own home: this computer's notes (failed openings, the
/// trails' heads) stay in the test's folder.
fn admin_at_home(home: &std::path::Path) -> Command {
    let mut command = admin();
    command
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME");
    command
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A demo cabinet of `patients` with a year of agenda, made by the tool.
fn demo_cabinet(dir: &tempfile::TempDir, name: &str, patients: &str) -> std::path::PathBuf {
    let file = dir.path().join(name);
    admin()
        .args([
            "demo",
            file.to_str().unwrap(),
            "--patients",
            patients,
            "--years",
            "1",
        ])
        .assert()
        .success();
    file
}

/// The single backup carnet-admin wrote into `folder` (beside it, only
/// its trail head `….ancre.json`).
fn only_file_in(folder: &std::path::Path) -> std::path::PathBuf {
    let mut entries: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|path| !path.to_string_lossy().ends_with(".ancre.json"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.remove(0)
}

#[test]
fn new_then_check_then_info() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("martin.carnet");
    admin()
        .args([
            "new",
            file.to_str().unwrap(),
            "--name",
            "Cabinet du Dr Martin",
        ])
        .args(["--practitioner", "Dr Paul Martin:Médecine générale"])
        .assert()
        .success();
    let check = admin()
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr_of(&check));
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("integrity_check) : OK"), "{text}");
    assert!(text.contains("cipher_integrity_check) : OK"), "{text}");
    assert!(text.contains("Journal d'audit intact"), "{text}");
    assert!(
        text.contains("Cohérence (index de recherche, références, journal) : OK"),
        "{text}"
    );
    let info = admin()
        .args(["info", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(json["name"], "Cabinet du Dr Martin");
    assert_eq!(json["practitioners"][0]["specialty"], "Médecine générale");
}

#[test]
fn the_audit_purge_is_explicit_and_keeps_30_days_at_least() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("purge.carnet");
    let home = dir.path().join("home");
    let tool = || admin_at_home(&home);
    tool()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    let short = tool()
        .args(["audit", "prune", file.to_str().unwrap(), "--days", "7"])
        .output()
        .unwrap();
    assert_eq!(short.status.code(), Some(1));
    assert!(
        stderr_of(&short).contains("au moins 30 jours"),
        "{}",
        stderr_of(&short)
    );
    let done = tool()
        .args(["audit", "prune", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", stderr_of(&done));
    assert!(
        String::from_utf8_lossy(&done.stdout).contains("0 entrée(s) retirée(s)"),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
}

#[test]
fn user_errors_exit_1_with_one_french_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("martin.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();

    let wrong = admin()
        .env("CARNET_PASSPHRASE", "pas-la-bonne")
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    let message = stderr_of(&wrong);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(message.contains("Phrase de passe incorrecte"), "{message}");

    let weak = admin()
        .env("CARNET_PASSPHRASE", "soleil")
        .args([
            "new",
            dir.path().join("faible.carnet").to_str().unwrap(),
            "--name",
            "X",
        ])
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(1));
    assert!(stderr_of(&weak).contains("trop faible"));
    assert!(!dir.path().join("faible.carnet").exists());

    let not_a_cabinet = dir.path().join("lettre.carnet");
    std::fs::write(&not_a_cabinet, "Cher confrère,\n".repeat(400)).unwrap();
    let output = admin()
        .args(["check", not_a_cabinet.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_of(&output).contains("n'est pas un cabinet"));
}

/// The four passphrases `new` used to accept (issue 15): refused, with the
/// French reason on one line, and no file made.
#[test]
fn new_refuses_names_dates_and_disguised_common_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cabinet.carnet");
    for (weak, why) in [
        ("P@ssw0rd2024!", "mot de passe très courant"),
        ("Julie2019!Julie2019!", "répété"),
        ("Sophie13/03/1962", "date"),
        ("Jean-Pierre1962!", "prénom"),
    ] {
        let output = admin()
            .env("CARNET_PASSPHRASE", weak)
            .args(["new", file.to_str().unwrap(), "--name", "Cabinet Lefèvre"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{weak}");
        let message = stderr_of(&output);
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(message.contains("trop faible"), "{weak}: {message}");
        assert!(message.contains(why), "{weak}: {message}");
        assert!(!file.exists(), "{weak}");
    }
}

#[test]
fn a_cabinet_open_in_the_app_is_not_opened_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ouvert.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    let held = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    let output = admin()
        .args(["check", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_of(&output).contains("déjà ouvert"));
    held.close();
    admin()
        .args(["check", file.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn bad_usage_exits_2() {
    let output = admin().args(["new"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = admin().args(["frobnicate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let names = |file: &std::path::Path| {
        let cabinet = Cabinet::open(file, &Passphrase::new(PASSPHRASE)).unwrap();
        let rows = carnet_core::patients::list(&cabinet, "", 500).unwrap();
        cabinet.close();
        rows.into_iter()
            .map(|r| format!("{} {}", r.display_name, r.birth_date))
            .collect::<Vec<_>>()
    };
    let a = dir.path().join("a.carnet");
    let b = dir.path().join("b.carnet");
    let c = dir.path().join("c.carnet");
    for (file, seed) in [(&a, "4"), (&b, "4"), (&c, "5")] {
        admin()
            .args([
                "demo",
                file.to_str().unwrap(),
                "--patients",
                "150",
                "--seed",
                seed,
                "--years",
                "1",
            ])
            .assert()
            .success();
    }
    assert_eq!(names(&a).len(), 150);
    assert_eq!(names(&a), names(&b));
    assert_ne!(names(&a), names(&c));
    let info = admin()
        .args(["info", a.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("DÉMONSTRATION"));
}

#[test]
fn patients_search_import_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("import.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    let csv = dir.path().join("patients.csv");
    std::fs::write(
        &csv,
        "Nom;Prénom;Date de naissance;Sexe;Portable\nLefèvre;Hélène;03/03/1962;F;06 12 34 56 78\nDurand;Paul;31/02/1970;M;\n",
    )
    .unwrap();

    // All-or-nothing: a bad line means nothing is imported, exit 1.
    let refused = admin()
        .args([
            "patients",
            "import",
            file.to_str().unwrap(),
            csv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let out = String::from_utf8_lossy(&refused.stdout);
    assert!(
        out.contains("ligne 3 : La date 31/02/1970 n'existe pas"),
        "{out}"
    );
    let none = admin()
        .args([
            "patients",
            "search",
            file.to_str().unwrap(),
            "lefevre",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&none.stdout).unwrap(),
        serde_json::json!({"hits": [], "total": 0, "totalIsExact": true})
    );

    admin()
        .args([
            "patients",
            "import",
            file.to_str().unwrap(),
            csv.to_str().unwrap(),
            "--skip-bad-lines",
        ])
        .assert()
        .success();
    let found = admin()
        .args([
            "patients",
            "search",
            file.to_str().unwrap(),
            "lefebvre",
            "--json",
        ])
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["total"], found["hits"].as_array().unwrap().len());
    let hits = &found["hits"];
    assert_eq!(hits[0]["displayName"], "LEFÈVRE Hélène");
    assert_eq!(hits[0]["birthDate"], "03/03/1962");
    assert_eq!(hits[0]["matched"], "phonetic", "why it matched");

    let exported = dir.path().join("export.csv");
    admin()
        .args([
            "patients",
            "export",
            file.to_str().unwrap(),
            exported.to_str().unwrap(),
        ])
        .assert()
        .success();
    let bytes = std::fs::read(&exported).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&bytes).contains("Lefèvre;Hélène;;;03/03/1962;F"));
}

#[test]
fn agenda_next_slots_and_ics_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "demo.carnet", "80");
    let file_arg = file.to_str().unwrap();
    let slots = admin()
        .args(["agenda", "next-slots", file_arg, "--motif", "consultation"])
        .args(["--calendar", "benali", "--count", "4", "--json"])
        .output()
        .unwrap();
    assert!(slots.status.success(), "{}", stderr_of(&slots));
    let json: serde_json::Value = serde_json::from_slice(&slots.stdout).unwrap();
    let slots = json.as_array().unwrap();
    assert_eq!(slots.len(), 4);
    assert!(slots.iter().all(|s| s["calendarName"] == "Dr Karim Benali"));
    assert!(slots
        .windows(2)
        .all(|w| w[0]["startsAt"].as_str() < w[1]["startsAt"].as_str()));

    // The default export holds no patient name; --with-names does.
    let private = dir.path().join("private.ics");
    admin()
        .args(["agenda", "export-ics", file_arg, private.to_str().unwrap()])
        .assert()
        .success();
    let named = dir.path().join("named.ics");
    admin()
        .args([
            "agenda",
            "export-ics",
            file_arg,
            named.to_str().unwrap(),
            "--with-names",
        ])
        .assert()
        .success();
    let cabinet = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    let surnames: Vec<String> = carnet_core::patients::list(&cabinet, "", 80)
        .unwrap()
        .into_iter()
        .map(|r| r.display_name.split(' ').next().unwrap_or("").to_string())
        .filter(|n| n.len() > 3)
        .collect();
    cabinet.close();
    let private_text = std::fs::read_to_string(&private).unwrap();
    let named_text = std::fs::read_to_string(&named).unwrap();
    assert!(private_text.matches("BEGIN:VEVENT").count() > 50);
    assert!(surnames.iter().all(|n| !private_text.contains(n.as_str())));
    assert!(surnames.iter().any(|n| named_text.contains(n.as_str())));

    // Import into a new cabinet: a dry run changes nothing, then all of it.
    let other = dir.path().join("other.carnet");
    admin()
        .args(["new", other.to_str().unwrap(), "--name", "Autre cabinet"])
        .args(["--practitioner", "Dr Anne Roux:Médecine générale"])
        .assert()
        .success();
    let dry = admin()
        .args([
            "agenda",
            "import-ics",
            other.to_str().unwrap(),
            named.to_str().unwrap(),
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Rien n'a été modifié"));
    let imported = admin()
        .args([
            "agenda",
            "import-ics",
            other.to_str().unwrap(),
            named.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(imported.status.success(), "{}", stderr_of(&imported));
    let count = named_text.matches("BEGIN:VEVENT").count();
    assert!(String::from_utf8_lossy(&imported.stdout)
        .starts_with(&format!("{count} rendez-vous importés")));

    // Not a calendar: exit 1, one French line.
    let junk = dir.path().join("junk.ics");
    std::fs::write(&junk, "bonjour").unwrap();
    let refused = admin()
        .args([
            "agenda",
            "import-ics",
            other.to_str().unwrap(),
            junk.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr_of(&refused).contains("pas un calendrier ICS"));
    let unknown = admin()
        .args(["agenda", "next-slots", file_arg, "--motif", "piscine"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr_of(&unknown).contains("Aucun motif « piscine »"));
}

/// The tool opens files through the same session as the app: its openings
/// and its wrong passphrases are in the cabinet's audit trail, signed as the
/// tool, like the app's.
#[test]
fn the_tools_openings_and_wrong_passphrases_are_in_the_audit_trail() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let file = dir.path().join("martin.carnet");
    let tool = || admin_at_home(&home);
    tool()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    let wrong = tool()
        .env("CARNET_PASSPHRASE", "pas-la-bonne")
        .args(["info", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    tool()
        .args(["info", file.to_str().unwrap()])
        .assert()
        .success();

    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    let entries: Vec<(String, Option<String>, Option<String>)> = conn
        .prepare("SELECT action, user_id, detail FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let failed: Vec<_> = entries.iter().filter(|e| e.0 == "unlock_failed").collect();
    assert_eq!(failed.len(), 1, "{entries:?}");
    assert!(
        failed[0]
            .2
            .as_deref()
            .unwrap_or("")
            .contains("phrase de passe"),
        "{entries:?}"
    );
    let openings: Vec<_> = entries.iter().filter(|e| e.0 == "open_cabinet").collect();
    assert_eq!(openings.len(), 1, "{entries:?}");
    assert_eq!(openings[0].1.as_deref(), Some("carnet-admin"));
    // Recorded once: a second opening does not write the failure again.
    drop(conn);
    tool()
        .args(["info", file.to_str().unwrap()])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    let failures: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'unlock_failed'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(failures, 1);
}

/// `carnet-admin … | head` closes the pipe early: the tool stops quietly,
/// never with a panic.
#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tuyau.carnet");
    let created = admin()
        .args([
            "demo",
            file.to_str().unwrap(),
            "--patients",
            "20",
            "--years",
            "1",
        ])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr_of(&created));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_carnet-admin"))
        .env("CARNET_PASSPHRASE", PASSPHRASE)
        .args(["patients", "search", file.to_str().unwrap(), "a", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line is written.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = stderr_of(&output);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn pin_digits_are_six_unless_lowered_to_four() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pin.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    let shown = admin()
        .args(["pin-digits", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", stderr_of(&shown));
    assert!(String::from_utf8_lossy(&shown.stdout).contains("au moins 6 chiffres"));

    let lowered = admin()
        .args(["pin-digits", file.to_str().unwrap(), "4"])
        .output()
        .unwrap();
    assert!(lowered.status.success(), "{}", stderr_of(&lowered));
    assert!(String::from_utf8_lossy(&lowered.stdout).contains("au moins 4 chiffres"));
    let cabinet = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    assert_eq!(carnet_core::users::pin_min_digits(&cabinet).unwrap(), 4);
    cabinet.close();

    let five = admin()
        .args(["pin-digits", file.to_str().unwrap(), "5"])
        .output()
        .unwrap();
    assert_eq!(five.status.code(), Some(1));
    let message = stderr_of(&five);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(message.contains("6 chiffres, ou 4"), "{message}");
}

/// A file over the import limit is refused before it is read (sparse here:
/// announced as gigabytes, nothing written), with one French line.
#[test]
fn imports_refuse_files_over_the_limit_with_one_french_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cabinet.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    for (command, name, expected) in [
        (
            ["patients", "import"],
            "patients.csv",
            "Fichier trop volumineux (3000 Mo) : la limite est de 50 Mo.",
        ),
        (
            ["agenda", "import-ics"],
            "agenda.ics",
            "Fichier trop volumineux (3000 Mo) : la limite est de 20 Mo.",
        ),
    ] {
        let input = dir.path().join(name);
        std::fs::File::create(&input)
            .unwrap()
            .set_len(3_000_000_000)
            .unwrap();
        let refused = admin()
            .args(command)
            .args([file.to_str().unwrap(), input.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(1), "{}", stderr_of(&refused));
        let said = stderr_of(&refused);
        assert!(
            said.starts_with(&format!("carnet-admin : {expected}")),
            "{said}"
        );
        assert_eq!(said.trim_end().lines().count(), 1, "{said}");
    }
}

#[test]
fn an_export_onto_the_cabinet_is_refused_and_the_cabinet_survives() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "cabinet.carnet", "30");
    let file_arg = file.to_str().unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    let backups = dir.path().join("sauvegardes");
    std::fs::create_dir(&backups).unwrap();
    admin()
        .args(["backup", file_arg, backups.to_str().unwrap()])
        .assert()
        .success();
    let backup = only_file_in(&backups);
    let wal = format!("{file_arg}-wal");
    let lock = format!("{file_arg}-lock");
    let refused = |args: &[&str], expected: &str| {
        let output = admin().args(args).output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    };
    let itself = "est le cabinet ouvert lui-même";
    refused(&["patients", "export", file_arg, file_arg], itself);
    refused(
        &["patients", "export", file_arg, file_arg, "--force"],
        itself,
    );
    refused(
        &["patients", "export", file_arg, &wal, "--force"],
        "fichier de travail",
    );
    refused(
        &["patients", "export", file_arg, &lock, "--force"],
        "fichier de travail",
    );
    refused(
        &[
            "patients",
            "export",
            file_arg,
            backup.to_str().unwrap(),
            "--force",
        ],
        "cabinet ou une sauvegarde",
    );
    refused(
        &["agenda", "export-ics", file_arg, file_arg, "--force"],
        itself,
    );

    // An existing file: refused without --force, replaced with it.
    let csv = dir.path().join("patients.csv");
    std::fs::write(&csv, "à garder").unwrap();
    refused(
        &["patients", "export", file_arg, csv.to_str().unwrap()],
        "--force",
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "à garder");
    let replaced = admin()
        .args([
            "patients",
            "export",
            file_arg,
            csv.to_str().unwrap(),
            "--force",
        ])
        .output()
        .unwrap();
    assert!(replaced.status.success(), "{}", stderr_of(&replaced));
    assert!(stderr_of(&replaced).contains("n'est pas chiffré"));
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .contains("Nom de naissance"));

    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    let info = admin().args(["info", file_arg]).output().unwrap();
    assert!(info.status.success(), "{}", stderr_of(&info));
    assert!(String::from_utf8_lossy(&info.stdout).contains("Patients : 30"));
}

/// After a passphrase change, she is told the old backups keep the old
/// passphrase, and --backup-to makes one with the new passphrase at once.
#[test]
fn a_passphrase_change_says_old_backups_keep_the_old_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cabinet.carnet");
    let file_arg = file.to_str().unwrap();
    admin()
        .args(["new", file_arg, "--name", "Cabinet"])
        .assert()
        .success();
    let folder = dir.path().join("cle-usb");
    std::fs::create_dir(&folder).unwrap();
    let new = "marmotte-citronnelle-horizon-tambour-falaise-grenier-ocre";
    let output = admin()
        .env("CARNET_NEW_PASSPHRASE", new)
        .args([
            "passphrase",
            file_arg,
            "--backup-to",
            folder.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("ANCIENNE phrase de passe"), "{stdout}");
    let backup = only_file_in(&folder);
    Cabinet::open(&backup, &Passphrase::new(new))
        .unwrap()
        .close();
}

/// The right of access writes two files that are not encrypted, and says so.
#[test]
fn the_right_of_access_copy_says_it_is_not_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "cabinet.carnet", "5");
    let file_arg = file.to_str().unwrap();
    let hits = admin()
        .args(["patients", "search", file_arg, "a", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    let id = json["hits"][0]["id"].as_str().unwrap().to_string();
    let folder = dir.path().join("copie");
    std::fs::create_dir(&folder).unwrap();
    let output = admin()
        .args([
            "patients",
            "rights",
            file_arg,
            &id,
            folder.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("n'est pas chiffré"));
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
    // Again: the files exist, nothing is replaced.
    let again = admin()
        .args([
            "patients",
            "rights",
            file_arg,
            &id,
            folder.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

/// carnet-admin's own reports (`--json FILE`) go through the same guarded
/// writer: replaced at each run, but never written onto a cabinet.
#[test]
fn a_report_is_never_written_onto_a_cabinet() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "cabinet.carnet", "5");
    let size = std::fs::metadata(&file).unwrap().len();
    let work = dir.path().join("essai");
    let output = admin()
        .args(["crash-test", work.to_str().unwrap(), "--cycles", "1"])
        .args(["--json", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("cabinet ou une sauvegarde"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    let info = admin()
        .args(["info", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("Patients : 5"));
}

/// A cabinet with one practitioner, the secretary and the doctor's own
/// profile (PIN 482193), and one patient; answers (file, patient id).
fn documents_cabinet(dir: &tempfile::TempDir) -> (std::path::PathBuf, String) {
    use carnet_core::patients::{self, PatientDraft};
    use carnet_core::users::{self, Pin, Role, UserDraft};
    let file = dir.path().join("comptes-rendus.carnet");
    admin()
        .args([
            "new",
            file.to_str().unwrap(),
            "--name",
            "Cabinet du Dr Martin",
        ])
        .args(["--practitioner", "Dr Paul Martin:Médecine générale"])
        .assert()
        .success();
    let mut cabinet = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    users::adopt_single_user(&mut cabinet).unwrap();
    let me = users::current(&cabinet).unwrap().unwrap();
    users::set_pin(&mut cabinet, &me.id, &Pin::new("258046")).unwrap();
    users::create(
        &mut cabinet,
        &UserDraft {
            name: "Dr Paul Martin".into(),
            role: Role::Utilisateur,
        },
        &Pin::new("482193"),
    )
    .unwrap();
    let patient = patients::create(
        &mut cabinet,
        &PatientDraft {
            birth_name: "Lefèvre".into(),
            birth_first_names: "Hélène".into(),
            birth_date: "12/03/1956".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        },
        true,
    )
    .unwrap()
    .id;
    cabinet.close();
    (file, patient)
}

/// Dr Paul Martin's profile is the practitioner's, and his letterhead is set.
fn doctor_signs(run: &dyn Fn(&[&str]) -> String, file: &str) {
    run(&[
        "practitioners",
        "link-user",
        file,
        "Dr Paul Martin",
        "Martin",
    ]);
    run(&[
        "practitioners",
        "set-letterhead",
        file,
        "Martin",
        "--rpps",
        "10101234567",
        "--address",
        "3 place du Marché",
        "--address",
        "69001 Lyon",
    ]);
}

#[test]
fn a_dictation_from_import_to_validation_and_search_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, patient) = documents_cabinet(&dir);
    let file = file.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = admin_at_home(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    doctor_signs(&run, file);
    let recording = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/audio/dictee.ogg"
    );
    let copy = dir.path().join("DICT0001.OGG");
    std::fs::copy(recording, &copy).unwrap();
    let said = run(&[
        "documents",
        "import-dictation",
        file,
        copy.to_str().unwrap(),
        "--patient",
        &patient,
        "--author",
        "Martin",
        "--priority",
        "urgent",
        "--delete-original",
    ]);
    assert!(
        said.contains("Dictée importée (ogg-vorbis, 0:07)"),
        "{said}"
    );
    assert!(!copy.exists(), "the original is deleted once verified");
    let id = said
        .trim()
        .lines()
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    let list: serde_json::Value =
        serde_json::from_str(&run(&["documents", "worklist", file, "--json"])).unwrap();
    assert_eq!(list["toType"][0]["id"], id.as_str());
    assert_eq!(list["toType"][0]["priority"], "urgent");
    let typed = dir.path().join("texte.txt");
    std::fs::write(
        &typed,
        "Douleurs thoraciques atypiques.\nÉlectrocardiogramme normal.",
    )
    .unwrap();
    run(&["documents", "save", file, &id, typed.to_str().unwrap()]);
    run(&["documents", "status", file, &id, "a_relire"]);
    // A wrong PIN: exit 1, one French line, nothing validated.
    let refused = admin_at_home(dir.path())
        .env("CARNET_PIN", "000111")
        .args([
            "documents",
            "validate",
            file,
            &id,
            "--user",
            "Dr Paul Martin",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr_of(&refused).contains("Code PIN incorrect"),
        "{}",
        stderr_of(&refused)
    );
    let validated = admin_at_home(dir.path())
        .env("CARNET_PIN", "482193")
        .args([
            "documents",
            "validate",
            file,
            &id,
            "--user",
            "Dr Paul Martin",
        ])
        .output()
        .unwrap();
    assert!(validated.status.success(), "{}", stderr_of(&validated));
    assert!(String::from_utf8_lossy(&validated.stdout).starts_with("Validé par Dr Paul Martin"));
    let found: serde_json::Value = serde_json::from_str(&run(&[
        "documents",
        "search",
        file,
        "douleur thoracique",
        "--json",
    ]))
    .unwrap();
    assert_eq!(found["hits"][0]["reportId"], id.as_str());
    let shown = run(&["documents", "show", file, &id]);
    assert!(
        shown.contains("Version 1 : validée par Dr Paul Martin"),
        "{shown}"
    );
    assert!(shown.contains("Électrocardiogramme normal."), "{shown}");
    let listed: serde_json::Value = serde_json::from_str(&run(&[
        "documents",
        "list",
        file,
        "--status",
        "valide",
        "--json",
    ]))
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // An existing report brought in, then found.
    let old = dir.path().join("LEFEVRE Helene 12-03-1956.txt");
    std::fs::write(&old, "Échographie abdominale : stéatose hépatique modérée.").unwrap();
    run(&[
        "documents",
        "import",
        file,
        old.to_str().unwrap(),
        "--patient",
        &patient,
        "--type",
        "examen",
        "--date",
        "2019-05-14",
    ]);
    let found: serde_json::Value =
        serde_json::from_str(&run(&["documents", "search", file, "steatose", "--json"])).unwrap();
    assert_eq!(found["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_documents_exit_1_with_one_french_line_and_bad_usage_2() {
    let dir = tempfile::tempdir().unwrap();
    let (file, patient) = documents_cabinet(&dir);
    let file = file.to_str().unwrap();
    let not_audio = dir.path().join("note.mp3");
    std::fs::write(&not_audio, "ceci n'est pas une dictée").unwrap();
    let output = admin_at_home(dir.path())
        .args([
            "documents",
            "import-dictation",
            file,
            not_audio.to_str().unwrap(),
        ])
        .args(["--patient", &patient, "--author", "Martin"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = stderr_of(&output);
    assert_eq!(error.lines().count(), 1, "{error}");
    assert!(
        error.contains("n'est pas un fichier audio reconnu"),
        "{error}"
    );
    let output = admin_at_home(dir.path())
        .args(["documents", "list", file, "--status", "fini"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr_of(&output).contains("a_taper, en_cours"),
        "{}",
        stderr_of(&output)
    );
    admin()
        .args(["documents", "import-dictation", file])
        .assert()
        .code(2);
}

/// The id in the first object of a `--json` list printed on stdout.
fn first_id(output: &std::process::Output, pointer: &str) -> String {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    value
        .pointer(pointer)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_template_is_filled_flagged_and_rendered_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "modeles.carnet", "20");
    let file_arg = file.to_str().unwrap();
    let listed = admin()
        .args([
            "templates",
            "list",
            file_arg,
            "--kind",
            "consultation",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr_of(&listed));
    let template = first_id(&listed, "/0/id");
    let found = admin()
        .args(["patients", "search", file_arg, "a", "--json"])
        .output()
        .unwrap();
    let patient = first_id(&found, "/hits/0/id");

    // Filled: the demo files have no adresseur, so it is flagged on stderr.
    let filled = admin()
        .args([
            "templates",
            "fill",
            file_arg,
            &template,
            "--patient",
            &patient,
        ])
        .args(["--practitioner", "martin", "--date", "07/12/2026"])
        .output()
        .unwrap();
    assert!(filled.status.success(), "{}", stderr_of(&filled));
    let text = String::from_utf8(filled.stdout.clone()).unwrap();
    assert!(
        text.contains("Objet : consultation du 7 décembre 2026"),
        "{text}"
    );
    assert!(text.contains("{referrer.name}"), "{text}");
    assert!(stderr_of(&filled).contains("Médecin adresseur"));

    // Rendering refuses while a field is missing, writes nothing, exit 1.
    let pdf = dir.path().join("cr.pdf");
    let refused = admin()
        .args([
            "templates",
            "render",
            file_arg,
            &template,
            pdf.to_str().unwrap(),
        ])
        .args(["--patient", &patient, "--practitioner", "martin"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr_of(&refused).contains("--allow-missing"));
    assert!(!pdf.exists());

    // Accepted, it is a PDF whose text names the field to complete.
    admin()
        .args([
            "templates",
            "render",
            file_arg,
            &template,
            pdf.to_str().unwrap(),
        ])
        .args([
            "--patient",
            &patient,
            "--practitioner",
            "martin",
            "--allow-missing",
        ])
        .assert()
        .success();
    let text = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) : lancez scripts/install-test-deps.sh");
    // Lines joined: the marker may wrap.
    let text = String::from_utf8(text.stdout).unwrap().replace('\n', " ");
    assert!(text.contains("[à compléter : Médecin adresseur]"), "{text}");
    assert!(text.contains("Dr Claire Martin"), "{text}");

    // Never onto the cabinet, even with --force.
    let onto_cabinet = admin()
        .args(["templates", "render", file_arg, &template, file_arg])
        .args(["--patient", &patient, "--allow-missing", "--force"])
        .output()
        .unwrap();
    assert_eq!(onto_cabinet.status.code(), Some(1));
    admin().args(["check", file_arg]).assert().success();
}

#[test]
fn templates_snippets_and_words_are_added_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "ajouts.carnet", "5");
    let file_arg = file.to_str().unwrap();
    let text_file = dir.path().join("modele.txt");
    std::fs::write(
        &text_file,
        "## Conclusion\n{accord.LePatient} {patient.displayName} va bien.",
    )
    .unwrap();
    admin()
        .args([
            "templates",
            "add",
            file_arg,
            "--name",
            "Conclusion courte",
            "--kind",
            "examen",
        ])
        .args(["--text-file", text_file.to_str().unwrap()])
        .assert()
        .success();
    std::fs::write(&text_file, "{patient.pointure}").unwrap();
    let unknown = admin()
        .args(["templates", "add", file_arg, "--name", "Mauvais"])
        .args(["--text-file", text_file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr_of(&unknown).contains("champ inconnu « patient.pointure »"));
    let listed = admin()
        .args(["templates", "list", file_arg, "--kind", "examen"])
        .output()
        .unwrap();
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.contains("Conclusion courte") && !listed.contains("Mauvais"),
        "{listed}"
    );

    admin()
        .args([
            "snippets",
            "add",
            file_arg,
            "--code",
            "RAS",
            "--title",
            "Examen normal",
        ])
        .args(["--text", "Examen clinique sans particularité."])
        .assert()
        .success();
    let snippets = admin()
        .args(["snippets", "list", file_arg])
        .output()
        .unwrap();
    assert!(String::from_utf8(snippets.stdout)
        .unwrap()
        .contains("ras  Examen normal — Examen clinique sans particularité."));

    admin()
        .args(["words", "add", file_arg, "Kardégic", "échocardiographie"])
        .assert()
        .success();
    let words = admin()
        .args(["words", "list", file_arg, "--json"])
        .output()
        .unwrap();
    let words: Vec<String> = serde_json::from_slice(&words.stdout).unwrap();
    assert_eq!(words, ["échocardiographie", "Kardégic"]);
    let bad = admin()
        .args(["words", "add", file_arg, "deux mots"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn a_report_is_exported_to_pdf_and_docx_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_cabinet(&dir, "export.carnet", "5");
    let file_arg = file.to_str().unwrap();
    let found = admin()
        .args(["patients", "search", file_arg, "a", "--json"])
        .output()
        .unwrap();
    let patient = first_id(&found, "/hits/0/id");
    let text = dir.path().join("cr.txt");
    std::fs::write(
        &text,
        "Échographie cardiaque : fraction d'éjection à 60 %.\n",
    )
    .unwrap();
    admin()
        .args(["documents", "import", file_arg, text.to_str().unwrap()])
        .args([
            "--patient",
            &patient,
            "--type",
            "examen",
            "--date",
            "2026-12-01",
        ])
        .args(["--author", "martin"])
        .assert()
        .success();
    let listed = admin()
        .args(["documents", "list", file_arg, "--json"])
        .output()
        .unwrap();
    let report = first_id(&listed, "/0/id");
    let pdf = dir.path().join("cr.pdf");
    admin()
        .args([
            "documents",
            "export-pdf",
            file_arg,
            &report,
            pdf.to_str().unwrap(),
        ])
        .assert()
        .success();
    let text = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) : lancez scripts/install-test-deps.sh");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Compte rendu d'examen"), "{text}");
    assert!(text.contains("fraction d'éjection à 60 %"), "{text}");
    // Never over an existing file without --force.
    let again = admin()
        .args([
            "documents",
            "export-pdf",
            file_arg,
            &report,
            pdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr_of(&again).contains("--force"),
        "{}",
        stderr_of(&again)
    );
    let docx = dir.path().join("cr.docx");
    admin()
        .args([
            "documents",
            "export-docx",
            file_arg,
            &report,
            docx.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(std::fs::read(&docx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_letter_is_written_validated_sent_and_registered_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, patient) = documents_cabinet(&dir);
    let file = file.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = admin_at_home(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let refused = |args: &[&str]| {
        let output = admin_at_home(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = stderr_of(&output);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    };
    doctor_signs(&run, file);
    run(&[
        "correspondants",
        "add",
        file,
        "Dr Claire Vidal",
        "--specialty",
        "Cardiologie",
        "--address",
        "Clinique du Parc, 12 rue Haute, 69002 Lyon",
        "--salutation",
        "Chère consœur",
    ]);
    let listed: serde_json::Value =
        serde_json::from_str(&run(&["correspondants", "list", file, "cardio", "--json"])).unwrap();
    assert_eq!(listed[0]["salutation"], "Chère consœur");

    // Written from a template, filed in her Documents, rendered.
    let pdf = dir.path().join("adressage.pdf");
    let said = run(&[
        "letters",
        "render",
        file,
        "Lettre d'adressage",
        "--patient",
        &patient,
        "--to",
        "Vidal",
        pdf.to_str().unwrap(),
    ]);
    let id = said.split_whitespace().nth(1).unwrap().to_string();
    let text = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Chère consœur,",
        "Clinique du Parc",
        "69002 Lyon",
        "LEFÈVRE",
        "Lyon, le",
    ] {
        assert!(text.contains(expected), "« {expected} » absent :\n{text}");
    }
    let listed: serde_json::Value =
        serde_json::from_str(&run(&["documents", "list", file, "--json"])).unwrap();
    assert!(listed
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == id.as_str()));

    // Not validated: it does not leave; an unknown channel is refused.
    assert!(refused(&["letters", "send", file, &id]).contains("pas encore validé"));
    assert!(refused(&["letters", "send", file, &id, "--channel", "pigeon"]).contains("pigeon"));
    let validated = admin_at_home(dir.path())
        .env("CARNET_PIN", "482193")
        .args([
            "documents",
            "validate",
            file,
            &id,
            "--user",
            "Dr Paul Martin",
        ])
        .output()
        .unwrap();
    assert!(validated.status.success(), "{}", stderr_of(&validated));
    assert!(run(&[
        "letters",
        "send",
        file,
        &id,
        "--channel",
        "messagerie_securisee"
    ])
    .contains("1 ligne(s)"));
    run(&[
        "letters",
        "record",
        file,
        "--to",
        "Laboratoire Bio-Ouest",
        "--subject",
        "ordonnance",
        "--channel",
        "fax",
    ]);
    let register: serde_json::Value =
        serde_json::from_str(&run(&["letters", "register", file, "--json"])).unwrap();
    let lines = register.as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["recipient"], "Dr Claire Vidal");
    assert_eq!(lines[1]["channel"], "messagerie_securisee");
    assert_eq!(lines[1]["patientId"], patient.as_str());
    assert_eq!(lines[0]["recipient"], "Laboratoire Bio-Ouest");

    // Envelopes and labels; never onto the cabinet.
    let labels = dir.path().join("etiquettes.pdf");
    run(&[
        "letters",
        "envelopes",
        file,
        &id,
        "--format",
        "etiquettes",
        "--out",
        labels.to_str().unwrap(),
    ]);
    assert!(std::fs::read(&labels).unwrap().starts_with(b"%PDF"));
    let onto = refused(&["letters", "envelopes", file, &id, "--out", file, "--force"]);
    assert!(onto.contains("cabinet"), "{onto}");
    assert!(refused(&[
        "letters",
        "envelopes",
        file,
        &patient,
        "--out",
        labels.to_str().unwrap(),
        "--force"
    ])
    .contains("pas un courrier"));
    assert!(refused(&[
        "letters",
        "render",
        file,
        "Inconnu",
        "--patient",
        &patient,
        "--to",
        "Vidal",
        pdf.to_str().unwrap(),
        "--force"
    ])
    .contains("Aucun modèle"));
}

#[test]
fn incoming_mail_is_registered_listed_filed_and_decided_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (file, patient) = documents_cabinet(&dir);
    let file = file.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = admin_at_home(dir.path()).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    let refused = |args: &[&str]| {
        let output = admin_at_home(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = stderr_of(&output);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    };
    let scan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/documents/echographie.pdf"
    );
    let routine = run(&[
        "mail",
        "add",
        file,
        scan,
        "--from",
        "Cabinet de radiologie",
        "--kind",
        "imagerie",
        "--urgency",
        "classement",
        "--patient",
        &patient,
    ]);
    let urgent = run(&[
        "mail",
        "add",
        file,
        scan,
        "--from",
        "CHU de Rennes",
        "--kind",
        "cr_hospitalisation",
        "--urgency",
        "urgent",
        "--patient",
        &patient,
    ]);
    let unknown = run(&[
        "mail",
        "add",
        file,
        scan,
        "--from",
        "Laboratoire Bio-Ouest",
        "--kind",
        "resultat_labo",
    ]);
    let listed: serde_json::Value =
        serde_json::from_str(&run(&["mail", "list", file, "--state", "a_voir", "--json"])).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [urgent.as_str(), routine.as_str()]);
    assert_eq!(listed[0]["files"][0]["format"], "pdf");

    // A text file named .pdf, a decision on mail nobody filed, an unknown state.
    let fake = dir.path().join("resultat.pdf");
    std::fs::write(&fake, "pas un PDF").unwrap();
    assert!(
        refused(&["mail", "add", file, fake.to_str().unwrap(), "--from", "X"])
            .contains("son nom dit « .pdf »")
    );
    assert!(refused(&["mail", "decide", file, &unknown, "vu"]).contains("Classez d'abord"));
    assert!(refused(&["mail", "decide", file, &urgent, "peut-etre"]).contains("inconnu"));
    run(&["mail", "file", file, &unknown, "--patient", &patient]);
    run(&[
        "mail",
        "decide",
        file,
        &urgent,
        "a_convoquer",
        "--note",
        "Revoir sous 8 jours",
    ]);
    let listed: serde_json::Value = serde_json::from_str(&run(&[
        "mail",
        "list",
        file,
        "--state",
        "a_convoquer",
        "--json",
    ]))
    .unwrap();
    assert_eq!(listed[0]["id"], urgent.as_str());
    assert_eq!(listed[0]["note"], "Revoir sous 8 jours");
    let all: serde_json::Value =
        serde_json::from_str(&run(&["mail", "list", file, "--json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 3);
}
