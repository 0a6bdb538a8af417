//! carnet-admin as a script or an IT person uses it: exit codes, French
//! one-line errors, passphrase from the environment.

use assert_cmd::Command;
use carnet_core::{Cabinet, Passphrase};

const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";

fn admin() -> Command {
    let mut command = Command::cargo_bin("carnet-admin").unwrap();
    command.env("CARNET_PASSPHRASE", PASSPHRASE);
    command
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
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
    let info = admin()
        .args(["info", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(json["name"], "Cabinet du Dr Martin");
    assert_eq!(json["practitioners"][0]["specialty"], "Médecine générale");
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
        serde_json::json!([])
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
    let hits: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
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
