//! `carnet-admin bench --documents-gb N`: the daily backup of a cabinet that
//! holds N GB of scanned documents. A fresh cabinet is filled with scans of
//! 1 Mo (synthetic, made here), backed up once (everything is copied), then
//! a day's post (20 scans) is filed and the daily backup is timed: that one
//! is the figure the budget is about (under a minute).

use std::path::Path;
use std::time::Instant;

use carnet_core::backup::{self, BackupTrigger};
use carnet_core::documents::incoming::{
    self, CheckedFile, FileFormat, IncomingDetails, IncomingKind, Urgency,
};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::{Cabinet, CoreError, NewCabinet, Passphrase};
use rand::{RngCore, SeedableRng};

use crate::bench::BENCH_PASSPHRASE;

const SCAN_BYTES: usize = 1 << 20;
const DAY_OF_POST: usize = 20;

/// A "scan": a JPEG header, then bytes that do not compress (as a real
/// scan's do not).
fn scan(rng: &mut rand_chacha::ChaCha8Rng) -> CheckedFile {
    let mut bytes = vec![0u8; SCAN_BYTES];
    rng.fill_bytes(&mut bytes);
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    CheckedFile {
        file_name: "scan.jpg".into(),
        format: FileFormat::Jpeg,
        pages: 1,
        bytes,
        text: String::new(),
    }
}

fn file_scans(
    cabinet: &mut Cabinet,
    patient_id: &str,
    count: usize,
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Result<(), CoreError> {
    let details = IncomingDetails {
        received_on: None,
        correspondant_id: None,
        sender: "Laboratoire Bio-Ouest".into(),
        kind: IncomingKind::ResultatLabo,
        urgency: Urgency::Classement,
        patient_id: Some(patient_id.to_string()),
        practitioner_id: None,
        note: String::new(),
    };
    for _ in 0..count {
        incoming::register(cabinet, &details, &[scan(rng)])?;
    }
    Ok(())
}

fn folder_bytes(folder: &Path) -> u64 {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| {
                    let path = entry.path();
                    if path.is_dir() {
                        folder_bytes(&path)
                    } else {
                        entry.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

pub fn run(cache: &Path, gigabytes: u32) -> Result<(), CoreError> {
    let scratch = cache.join("sauvegarde-documents");
    let _ = std::fs::remove_dir_all(&scratch);
    let here = scratch.join("cabinet");
    let usb = scratch.join("cle-usb");
    std::fs::create_dir_all(&here)?;
    std::fs::create_dir_all(&usb)?;
    let passphrase = Passphrase::new(BENCH_PASSPHRASE);
    let mut cabinet = Cabinet::create(
        &here.join("scans.carnet"),
        &NewCabinet {
            name: "Cabinet des scans".into(),
            colour: "#2f6f8f".into(),
            time_zone: "Europe/Paris".into(),
            is_demo: false,
            practitioners: vec![carnet_core::Practitioner {
                name: "Dr Banc d'Essai".into(),
                specialty: "Médecine générale".into(),
            }],
        },
        &passphrase,
        &passphrase,
    )?;
    let patient_id = patients::create(
        &mut cabinet,
        &PatientDraft {
            birth_name: "Essai".into(),
            birth_first_names: "Jeanne".into(),
            birth_date: "01/02/1950".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        },
        true,
    )?
    .id;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let count = gigabytes as usize * 1024;
    let started = Instant::now();
    cabinet.without_audit(|c| file_scans(c, &patient_id, count, &mut rng))?;
    let filing = started.elapsed();
    println!(
        "{count} scans de 1 Mo rangés en {:.1} s ({:.1} ms chacun) ; fichier du cabinet : {:.1} Mo, documents à côté : {:.2} Go",
        filing.as_secs_f64(),
        filing.as_secs_f64() * 1000.0 / count as f64,
        std::fs::metadata(cabinet.path())?.len() as f64 / 1e6,
        folder_bytes(&here) as f64 / 1e9,
    );
    let started = Instant::now();
    let first = backup::backup_now(&cabinet, &usb, BackupTrigger::Manuelle)?;
    println!(
        "première sauvegarde (tout est copié) : {:.1} s, {} documents copiés",
        started.elapsed().as_secs_f64(),
        first.documents_copied
    );
    file_scans(&mut cabinet, &patient_id, DAY_OF_POST, &mut rng)?;
    // A second later: two backups in the same second are refused.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let started = Instant::now();
    let daily = backup::backup_now(&cabinet, &usb, BackupTrigger::Quotidienne)?;
    println!(
        "sauvegarde du jour ({DAY_OF_POST} scans nouveaux) : {:.1} s, {} documents copiés, copie du fichier {:.1} Mo",
        started.elapsed().as_secs_f64(),
        daily.documents_copied,
        daily.size_bytes as f64 / 1e6
    );
    let started = Instant::now();
    let problems = carnet_core::documents::stored::check(&cabinet)?;
    println!(
        "contrôle de tous les documents (chacun ouvert et vérifié) : {:.1} s, {} problème(s)",
        started.elapsed().as_secs_f64(),
        problems.len()
    );
    cabinet.close();
    std::fs::remove_dir_all(&scratch)?;
    Ok(())
}
