//! The data-safety proofs, run for real through carnet-admin: SIGKILL
//! during writes and during a passphrase change, flipped bytes, backup and
//! restore round trip, audit verification, a full disk.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use carnet_core::patients::{self, PatientDraft};
use carnet_core::{demo, Cabinet, ErrorKind, Passphrase};
use rand::{Rng, SeedableRng};

const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";
const OTHER: &str = "marmotte-citronnelle-horizon-tambour-falaise-grenier-ocre";

fn admin() -> Command {
    let mut command = Command::cargo_bin("carnet-admin").unwrap();
    command.env("CARNET_PASSPHRASE", PASSPHRASE);
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn demo_cabinet(path: &Path, patients: usize) {
    demo::create_demo_cabinet(
        path,
        &Passphrase::new(PASSPHRASE),
        demo::DemoSize {
            patients,
            doctors: 1,
            years_of_agenda: 1,
        },
        4,
        &mut |_, _| {},
    )
    .unwrap()
    .close();
}

/// The short CI version of `carnet-admin crash-test` (the script
/// `scripts/crash-test.sh` runs thousands of cycles).
#[test]
fn killed_writers_lose_no_acknowledged_commit() {
    let dir = tempfile::tempdir().unwrap();
    let output = admin()
        .args([
            "crash-test",
            dir.path().join("w").to_str().unwrap(),
            "--cycles",
            "12",
        ])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("12 cycles"), "{stdout}");
    assert!(
        stdout.contains(" 0 perdus, 0 contrôles en échec"),
        "{stdout}"
    );
    // It really wrote something each time (the writer is killed after 1 to
    // 39 acknowledged commits, whatever the machine's speed).
    let acknowledged: u64 = stdout
        .split("cycles, ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(acknowledged >= 12, "{stdout}");
}

#[test]
fn flipped_bytes_are_all_detected() {
    let dir = tempfile::tempdir().unwrap();
    let output = admin()
        .args([
            "tamper-test",
            dir.path().to_str().unwrap(),
            "--trials",
            "40",
        ])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains("40 octets modifiés"), "{stdout}");
    assert!(stdout.contains(", 0 non détectés"), "{stdout}");
}

/// A passphrase change killed at random instants: the file always opens
/// with the old passphrase or the new one, and holds every patient.
#[test]
fn passphrase_change_killed_at_any_instant_opens_with_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("phrase.carnet");
    demo_cabinet(&file, 1500);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let (mut current, mut next) = (PASSPHRASE, OTHER);
    let (mut interrupted, mut completed) = (0, 0);
    for _ in 0..14 {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("carnet-admin"))
            .args(["passphrase", file.to_str().unwrap()])
            .env("CARNET_PASSPHRASE", current)
            .env("CARNET_NEW_PASSPHRASE", next)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.gen_range(0..2500)));
        let _ = child.kill();
        let finished_alone = child.wait().unwrap().success();
        let with_current = Cabinet::open(&file, &Passphrase::new(current));
        let opened = match with_current {
            Ok(cabinet) => cabinet,
            Err(error) => {
                assert_eq!(error.kind(), ErrorKind::WrongPassphrase, "{error}");
                std::mem::swap(&mut current, &mut next);
                Cabinet::open(&file, &Passphrase::new(current))
                    .expect("opens with the new passphrase when not with the old")
            }
        };
        assert_eq!(patients::count(&opened).unwrap(), 1500);
        assert!(opened.check().unwrap().is_ok());
        opened.close();
        if finished_alone {
            completed += 1;
        } else {
            interrupted += 1;
        }
    }
    assert!(
        interrupted >= 3,
        "the kills landed during the change: {interrupted}"
    );
    assert!(completed + interrupted == 14);
}

#[test]
fn backup_then_restore_round_trip_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cabinet.carnet");
    demo_cabinet(&file, 300);
    let folder = dir.path().join("cle-usb");
    std::fs::create_dir(&folder).unwrap();
    let output = admin()
        .args(["backup", file.to_str().unwrap(), folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("Sauvegarde vérifiée"));
    let backup = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".sauvegarde.carnet"))
        .unwrap();
    let restored = dir.path().join("restauré.carnet");
    admin()
        .args([
            "restore",
            backup.to_str().unwrap(),
            restored.to_str().unwrap(),
        ])
        .assert()
        .success();
    let export = |path: &Path| {
        let csv = dir.path().join(format!(
            "{}.csv",
            path.file_stem().unwrap().to_string_lossy()
        ));
        admin()
            .args([
                "patients",
                "export",
                path.to_str().unwrap(),
                csv.to_str().unwrap(),
            ])
            .assert()
            .success();
        std::fs::read(csv).unwrap()
    };
    assert_eq!(export(&file), export(&restored));
    let again = admin()
        .args([
            "restore",
            backup.to_str().unwrap(),
            restored.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("ne le remplace jamais"));
}

#[test]
fn audit_verify_says_where_the_chain_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.carnet");
    admin()
        .args(["new", file.to_str().unwrap(), "--name", "Cabinet"])
        .assert()
        .success();
    {
        let mut cabinet = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
        carnet_core::users::adopt_single_user(&mut cabinet).unwrap();
        for name in ["DURAND", "MARTIN", "PETIT"] {
            patients::create(
                &mut cabinet,
                &PatientDraft {
                    birth_name: name.into(),
                    birth_first_names: "Anne".into(),
                    birth_date: "01/02/1980".into(),
                    sex: "F".into(),
                    identity_status: "provisoire".into(),
                    ..PatientDraft::default()
                },
                true,
            )
            .unwrap();
        }
        cabinet.close();
    }
    let intact = admin()
        .args(["audit", "verify", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(intact.status.success(), "{}", text(&intact.stderr));
    // Three patients created, and the tool's own opening to verify (every
    // opening is in the trail, the tool's too).
    assert!(text(&intact.stdout).contains("Journal d'audit intact : 4 entrée(s)"));

    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = '{PASSPHRASE}'; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;"
    ))
    .unwrap();
    drop(conn);
    let broken = admin()
        .args(["audit", "verify", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1));
    let message = text(&broken.stderr);
    assert!(message.contains("rompu à l'entrée n° 2"), "{message}");
    assert!(message.contains("supprimée"), "{message}");
}

/// A write that fails for lack of space: a clear French message, nothing
/// acknowledged lost, and work goes on once space is freed. Needs a small
/// tmpfs (root, as in CI and on the install machines).
#[test]
fn a_full_disk_loses_nothing_and_work_resumes_after_freeing_space() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("petit-disque");
    std::fs::create_dir(&mount).unwrap();
    let mounted = std::process::Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=24m",
            "tmpfs",
            mount.to_str().unwrap(),
        ])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !mounted {
        let is_root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .map(|o| text(&o.stdout).trim() == "0")
            .unwrap_or(false);
        assert!(!is_root, "root but tmpfs could not be mounted");
        eprintln!("SKIPPED: mounting a tmpfs needs root");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mount);
    let file = mount.join("cabinet.carnet");
    demo_cabinet(&file, 50);
    let mut cabinet = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    carnet_core::users::adopt_single_user(&mut cabinet).unwrap();
    // Fill the disk, leaving a little room.
    let filler = mount.join("remplissage");
    {
        use std::io::Write;
        let mut out = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 * 1024];
        while out.write_all(&block).is_ok() {}
        let _ = out.sync_all();
    }
    let free_some = std::fs::metadata(&filler).unwrap().len() - 256 * 1024;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(free_some)
        .unwrap();

    let draft = |n: usize| PatientDraft {
        birth_name: format!(
            "PLEIN {}",
            n.to_string()
                .chars()
                .map(|d| char::from(b'A' + d.to_digit(10).unwrap_or(0) as u8))
                .collect::<String>()
        ),
        birth_first_names: "Disque".into(),
        birth_date: "01/02/1980".into(),
        sex: "F".into(),
        identity_status: "provisoire".into(),
        notes: Some("x".repeat(2000)),
        ..PatientDraft::default()
    };
    let mut saved = Vec::new();
    let mut refusal = None;
    for n in 0..2000 {
        match patients::create(&mut cabinet, &draft(n), true) {
            Ok(created) => saved.push(created.id),
            Err(error) => {
                refusal = Some(error);
                break;
            }
        }
    }
    let refusal = refusal.expect("the disk filled up");
    assert_eq!(refusal.kind(), ErrorKind::DiskFull, "{refusal}");
    assert!(refusal
        .to_string()
        .contains("Le disque est plein : rien n'a été enregistré"));
    assert!(!saved.is_empty());
    // Everything acknowledged is there, in the same session…
    assert_eq!(
        patients::count(&cabinet).unwrap() as usize,
        50 + saved.len()
    );
    // …and once space is freed, work goes on.
    std::fs::remove_file(&filler).unwrap();
    let after = patients::create(&mut cabinet, &draft(9999), true).unwrap();
    cabinet.close();
    let reopened = Cabinet::open(&file, &Passphrase::new(PASSPHRASE)).unwrap();
    assert!(reopened.check().unwrap().is_ok());
    assert_eq!(
        patients::count(&reopened).unwrap() as usize,
        50 + saved.len() + 1
    );
    assert!(patients::get(&reopened, &after.id).is_ok());
    reopened.close();
}

/// The scanner finds what is there: a plaintext export is caught, the
/// encrypted cabinet and its backup are not.
#[test]
fn leak_scan_finds_plaintext_and_nothing_in_encrypted_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.carnet");
    demo::create_demo_cabinet(
        &file,
        &Passphrase::new(PASSPHRASE),
        demo::DemoSize {
            patients: 200,
            doctors: 1,
            years_of_agenda: 1,
        },
        1,
        &mut |_, _| {},
    )
    .unwrap()
    .close();
    let folder = dir.path().join("sauvegardes");
    std::fs::create_dir(&folder).unwrap();
    admin()
        .args(["backup", file.to_str().unwrap(), folder.to_str().unwrap()])
        .assert()
        .success();
    let clean = admin()
        .args([
            "leak-scan",
            dir.path().to_str().unwrap(),
            "--patients",
            "200",
        ])
        .output()
        .unwrap();
    assert!(clean.status.success(), "{}", text(&clean.stdout));
    assert!(text(&clean.stdout).contains("trouvées : 0."));

    let csv = dir.path().join("export.csv");
    admin()
        .args([
            "patients",
            "export",
            file.to_str().unwrap(),
            csv.to_str().unwrap(),
        ])
        .assert()
        .success();
    let caught = admin()
        .args([
            "leak-scan",
            dir.path().to_str().unwrap(),
            "--patients",
            "200",
        ])
        .output()
        .unwrap();
    assert_eq!(caught.status.code(), Some(1));
    assert!(
        text(&caught.stdout).contains("export.csv"),
        "{}",
        text(&caught.stdout)
    );
}
