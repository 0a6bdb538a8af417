//! `carnet-admin messages …` and `tasks …`: a message taken, answered and
//! called back, a task added, listed overdue and done; bad input exits 1
//! with one French line and writes nothing, bad usage exits 2.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

use assert_cmd::Command;

const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";

fn admin(home: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("carnet-admin").unwrap();
    command
        .env("CARNET_PASSPHRASE", PASSPHRASE)
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME");
    command
}

fn cabinet(dir: &tempfile::TempDir) -> String {
    let file = dir.path().join("martin.carnet");
    admin(dir.path())
        .args([
            "new",
            file.to_str().unwrap(),
            "--name",
            "Cabinet du Dr Martin",
        ])
        .args(["--practitioner", "Dr Paul Martin:Médecine générale"])
        .assert()
        .success();
    file.to_str().unwrap().to_string()
}

fn stdout(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(command: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout(command)).unwrap()
}

/// Exit 1 and one French line on stderr.
fn refused(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_message_is_taken_answered_and_called_back_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = cabinet(&dir);
    let home = dir.path();
    let id = stdout(
        admin(home)
            .args(["messages", "add", &file, "--for", "Martin"])
            .args([
                "--about",
                "Demande ses résultats",
                "--caller",
                "Mme Lambert",
                "--phone",
                "06.12.34.56.78",
                "--urgent",
                "--call-back",
            ]),
    )
    .trim()
    .to_string();

    let list = json(admin(home).args(["messages", "list", &file, "--for", "Martin", "--json"]));
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["state"], "nouveau");
    assert_eq!(list[0]["phone"], "06 12 34 56 78");
    assert_eq!(list[0]["urgent"], true);

    // She cannot call back before he answered.
    let early = refused(admin(home).args(["messages", "called-back", &file, &id]));
    assert!(early.contains("pas encore répondu"), "{early}");

    stdout(admin(home).args(["messages", "answer", &file, &id, "Résultats normaux"]));
    let to_call = json(admin(home).args(["messages", "list", &file, "--to-call-back", "--json"]));
    assert_eq!(to_call[0]["answer"], "Résultats normaux");
    assert_eq!(to_call[0]["state"], "traite");

    stdout(admin(home).args(["messages", "called-back", &file, &id]));
    let to_call = json(admin(home).args(["messages", "list", &file, "--to-call-back", "--json"]));
    assert_eq!(to_call.as_array().unwrap().len(), 0);
    let again = refused(admin(home).args(["messages", "called-back", &file, &id]));
    assert!(again.contains("déjà"), "{again}");
}

#[test]
fn bad_messages_exit_1_or_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = cabinet(&dir);
    let home = dir.path();
    let phone = refused(
        admin(home)
            .args(["messages", "add", &file, "--for", "Martin"])
            .args([
                "--about", "rappeler", "--caller", "M. Petit", "--phone", "12 34",
            ]),
    );
    assert!(phone.contains("numéro de téléphone"), "{phone}");
    let empty = refused(
        admin(home)
            .args(["messages", "add", &file, "--for", "Martin"])
            .args(["--about", "  ", "--caller", "M. Petit"]),
    );
    assert!(empty.contains("objet de l'appel"), "{empty}");
    refused(
        admin(home)
            .args(["messages", "add", &file, "--for", "Personne"])
            .args(["--about", "rappeler", "--caller", "M. Petit"]),
    );
    let list = json(admin(home).args(["messages", "list", &file, "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing written");

    // Nobody who called: usage error.
    admin(home)
        .args(["messages", "add", &file, "--for", "Martin", "--about", "x"])
        .assert()
        .code(2);
}

#[test]
fn a_task_is_listed_overdue_then_done() {
    let dir = tempfile::tempdir().unwrap();
    let file = cabinet(&dir);
    let home = dir.path();
    // A day long past: overdue whatever today is.
    let id = stdout(admin(home).args([
        "tasks",
        "add",
        &file,
        "Envoyer le CR au Dr Roux",
        "--for",
        "Martin",
        "--due",
        "02/01/2020",
    ]))
    .trim()
    .to_string();
    let list = json(admin(home).args(["tasks", "list", &file, "--json"]));
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["overdue"], true);
    assert_eq!(list[0]["ownerName"], "Dr Paul Martin");

    let bad_date = refused(admin(home).args([
        "tasks",
        "add",
        &file,
        "x",
        "--for",
        "Martin",
        "--due",
        "31/02/2020",
    ]));
    assert!(bad_date.contains("n'existe pas"), "{bad_date}");

    stdout(admin(home).args(["tasks", "done", &file, &id]));
    let text = stdout(admin(home).args(["tasks", "list", &file]));
    assert!(text.contains("Aucune tâche"), "{text}");
    refused(admin(home).args(["tasks", "done", &file, &id]));
}
