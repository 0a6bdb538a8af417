//! Data-safety commands: audit verification, backup and restore, passphrase
//! change, and the proofs — the SIGKILL crash harness, the byte-flip tamper
//! run and the plaintext leak scan — each printing its figures.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use carnet_core::audit;
use carnet_core::backup::{self, BackupTrigger};
use carnet_core::consistency::{self, Rows};
use carnet_core::demo::{self, DemoGenerator};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::{Cabinet, CoreError, NewCabinet, Passphrase, Practitioner};
use clap::Subcommand;
use rand::{Rng, SeedableRng};

use crate::{existing_passphrase, open, prompt, to_json, tool_paths};

const NEW_PASSPHRASE_VARIABLE: &str = "CARNET_NEW_PASSPHRASE";

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Vérifie la chaîne d'empreintes du journal d'audit et dit où elle est
    /// rompue ; la compare aussi aux empreintes gardées sur cet ordinateur et
    /// à côté des sauvegardes.
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Purge les entrées plus anciennes que la durée de conservation (en
    /// jours, 30 au moins ; par défaut le réglage du cabinet), après avoir
    /// vérifié la chaîne : refusée si elle est rompue.
    Prune {
        file: PathBuf,
        #[arg(long)]
        days: Option<i64>,
    },
}

/// The chain's verdict in one French line (`Err` when broken).
fn chain_verdict(report: &audit::ChainReport) -> Result<String, CoreError> {
    match &report.broken_at {
        None => Ok(format!(
            "Journal d'audit intact : {} entrée(s), n° {} à {}.",
            report.entries, report.first_seq, report.last_seq
        )),
        // Changes without entries: after the last entry, not at one.
        Some(broken) if broken.seq > report.last_seq => Err(CoreError::Damaged {
            detail: format!(
                "journal d'audit altéré : {} ; {} entrée(s) vérifiée(s), intactes",
                broken.problem, report.entries
            ),
        }),
        Some(broken) => Err(CoreError::Damaged {
            detail: format!(
                "journal d'audit rompu à l'entrée n° {}{} : {} ; {} entrée(s) vérifiée(s) avant",
                broken.seq,
                broken
                    .at
                    .as_deref()
                    .map(|at| format!(" ({at})"))
                    .unwrap_or_default(),
                broken.problem,
                report.entries
            ),
        }),
    }
}

/// The line said when entries are stamped earlier than their predecessor.
fn clock_note(report: &audit::ChainReport) -> Option<String> {
    report.clock_went_back_at.map(|seq| {
        format!(
            "Attention : l'entrée n° {seq} du journal est datée d'avant la précédente \
             (horloge de l'ordinateur reculée ?). La purge ne passera pas cette entrée."
        )
    })
}

pub fn run_audit(command: AuditCommand) -> Result<(), CoreError> {
    match command {
        AuditCommand::Verify { file, json } => {
            let cabinet = open(&file)?;
            let report = audit::verify(&cabinet);
            let warnings = consistency::trail_warnings(&cabinet, &tool_paths().trail_heads);
            cabinet.close();
            let (report, warnings) = (report?, warnings?);
            if json {
                println!("{}", to_json(&report)?);
            }
            let line = chain_verdict(&report)?;
            if !json {
                println!("{line}");
                if let Some(note) = clock_note(&report) {
                    println!("{note}");
                }
            }
            if let Some(first) = warnings.first() {
                for warning in &warnings[1..] {
                    eprintln!("{warning}");
                }
                return Err(CoreError::Damaged {
                    detail: first.clone(),
                });
            }
            Ok(())
        }
        AuditCommand::Prune { file, days } => {
            let mut cabinet = open(&file)?;
            let days = match days {
                Some(days) => Ok(days),
                None => carnet_core::security::settings(&cabinet)
                    .map(|settings| i64::from(settings.audit_retention_days)),
            };
            let removed = days.and_then(|days| audit::prune_by_tool(&mut cabinet, days));
            cabinet.close();
            println!(
                "Purge du journal d'audit : {} entrée(s) retirée(s) ; la purge est notée dans le journal.",
                removed?
            );
            Ok(())
        }
    }
}

/// `carnet-admin check`: SQLite's and SQLCipher's checks, the audit chain,
/// the app's own invariants (what is derived is rebuilt, and said), and the
/// trail's heads kept outside the file.
pub fn check(file: &Path) -> Result<(), CoreError> {
    let mut cabinet = open(file)?;
    let result = check_open(&mut cabinet);
    cabinet.close();
    let problems = result?;
    if problems > 0 {
        return Err(CoreError::Damaged {
            detail: "les contrôles ont trouvé des problèmes, détaillés ci-dessus".into(),
        });
    }
    println!("Le fichier est intact.");
    Ok(())
}

/// Prints each check's line; returns how many found a problem.
fn check_open(cabinet: &mut Cabinet) -> Result<usize, CoreError> {
    let report = cabinet.check()?;
    println!("Cabinet : {}", cabinet.info().name);
    println!(
        "SQLCipher {} ; schéma version {} ; {} pages",
        report.cipher_version, report.schema_version, report.page_count
    );
    println!(
        "Contrôle SQLite (integrity_check) : {}",
        crate::verdict(&report.sqlite_problems)
    );
    println!(
        "Contrôle SQLCipher (cipher_integrity_check) : {}",
        crate::verdict(&report.cipher_problems)
    );
    println!(
        "Clés étrangères : {}",
        if report.foreign_key_problems == 0 {
            "OK".to_string()
        } else {
            format!("{} incohérence(s)", report.foreign_key_problems)
        }
    );
    let mut problems = usize::from(!report.is_ok());
    let documents = carnet_core::documents::stored::check(cabinet)?;
    println!(
        "Documents rangés à côté du fichier : {}",
        crate::verdict(&documents)
    );
    problems += usize::from(!documents.is_empty());
    let chain = audit::verify(cabinet)?;
    match chain_verdict(&chain) {
        Ok(line) => println!("{line}"),
        Err(error) => {
            println!("{error}");
            problems += 1;
        }
    }
    if let Some(note) = clock_note(&chain) {
        println!("{note}");
    }
    // What is derived is rebuilt first, then everything is checked again.
    for repaired in consistency::repair_derived(cabinet)? {
        println!("{repaired}");
    }
    let invariants = consistency::problems(cabinet)?;
    println!(
        "Cohérence (index de recherche, références, journal) : {}",
        crate::verdict(&invariants)
    );
    problems += usize::from(!invariants.is_empty());
    for warning in consistency::trail_warnings(cabinet, &tool_paths().trail_heads)? {
        println!("{warning}");
        problems += 1;
    }
    Ok(problems)
}

pub fn backup_to(file: &Path, folder: &Path) -> Result<(), CoreError> {
    let cabinet = open(file)?;
    let started = Instant::now();
    let done = backup::backup_now(&cabinet, folder, BackupTrigger::Outil);
    let cabinet_id = cabinet.info().id.clone();
    cabinet.close();
    let done = done?;
    println!("Sauvegarde vérifiée : {}", done.path);
    println!(
        "{} patients, {} rendez-vous, {} entrées d'audit ; {:.1} Mo en {:.2} s",
        done.counts.patients,
        done.counts.appointments,
        done.counts.audit_entries,
        done.size_bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64()
    );
    if done.documents_copied > 0 {
        println!(
            "{} document(s) nouveau(x) copié(s) dans « {} »",
            done.documents_copied,
            folder
                .join(carnet_core::storage::blob_store::folder_name(&cabinet_id))
                .display()
        );
    }
    for old in &done.rotated_out {
        println!("Ancienne sauvegarde retirée (rotation) : {old}");
    }
    Ok(())
}

pub fn restore(backup_file: &Path, new_file: &Path) -> Result<(), CoreError> {
    let passphrase = existing_passphrase()?;
    let counts = backup::restore_to_new(backup_file, &passphrase, new_file)?;
    println!(
        "Sauvegarde restaurée dans {} : {} patients, {} rendez-vous, {} entrées d'audit.",
        new_file.display(),
        counts.patients,
        counts.appointments,
        counts.audit_entries
    );
    Ok(())
}

pub fn change_passphrase(file: &Path, backup_to: Option<&Path>) -> Result<(), CoreError> {
    let current = existing_passphrase()?;
    let (new, confirmation) = match std::env::var(NEW_PASSPHRASE_VARIABLE) {
        Ok(value) if !value.is_empty() => (Passphrase::new(value.clone()), Passphrase::new(value)),
        _ => (
            prompt("Nouvelle phrase de passe : ")?,
            prompt("Retapez-la : ")?,
        ),
    };
    let cabinet = crate::open_with(file, &current)?;
    let cabinet = cabinet
        .change_passphrase(&current, &new, &confirmation)
        .map_err(|failure| failure.error)?;
    println!("Phrase de passe changée. Notez-la sur la fiche de secours.");
    println!("{}", carnet_core::backup::OLD_BACKUPS_AFTER_REKEY);
    let Some(folder) = backup_to else {
        cabinet.close();
        println!("Faites une sauvegarde maintenant : carnet-admin backup {} <dossier> (ou relancez avec --backup-to <dossier>).", file.display());
        return Ok(());
    };
    let done = backup::backup_now(&cabinet, folder, BackupTrigger::Outil);
    cabinet.close();
    println!(
        "Sauvegarde avec la nouvelle phrase de passe : {}",
        done?.path
    );
    Ok(())
}

/// What the tool does is signed as the tool in the audit trail.
pub(crate) fn tool_actor() -> audit::Actor {
    audit::Actor {
        user_id: "carnet-admin".into(),
        name: "carnet-admin (outil)".into(),
    }
}

// ---------------------------------------------------------------------------
// Crash harness

const CRASH_PASSPHRASE: &str = "crash-banquise-tilleul-fanfare-grenade-loutre-mistral";

/// One transaction the writer made and acknowledged (after commit returned).
#[derive(Debug, Clone)]
enum Ack {
    /// A patient created with this birth name.
    Created { id: String },
    /// The patient's email now carries this version number.
    Edited { id: String, version: u64 },
    /// An appointment booked.
    Booked { id: String },
}

fn parse_ack(line: &str) -> Option<Ack> {
    let mut parts = line.split_whitespace();
    match (parts.next()?, parts.next()?, parts.next()?) {
        ("ACK", "create", id) => Some(Ack::Created { id: id.into() }),
        ("ACK", "book", id) => Some(Ack::Booked { id: id.into() }),
        ("ACK", "edit", id) => Some(Ack::Edited {
            id: id.into(),
            version: parts.next()?.parse().ok()?,
        }),
        _ => None,
    }
}

/// The writer: random realistic transactions, one line on stdout after each
/// commit returned, until it is killed.
pub fn crash_writer(file: &Path, seed: u64) -> Result<(), CoreError> {
    let mut cabinet = Cabinet::open(file, &Passphrase::new(CRASH_PASSPHRASE))?;
    cabinet.set_actor(Some(tool_actor()));
    let calendar = carnet_core::agenda::setup::calendars(&cabinet)?
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::Internal("aucun agenda".into()))?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut generator = DemoGenerator::new(seed)?;
    let mut known: Vec<String> = patients::list(&cabinet, "", 200)?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Versions only grow, across runs too: the nanosecond clock (the
    // cabinet's, the system one in the CLI).
    let mut version = cabinet.clock().now().timestamp_nanos_opt().unwrap_or(0) as u64;
    loop {
        let choice = rng.gen_range(0..10);
        if choice < 4 || known.is_empty() {
            let person = generator.next_patient();
            let draft = PatientDraft {
                birth_name: person.birth_name,
                birth_first_names: person.birth_first_names,
                birth_date: person.birth_date.format("%d/%m/%Y").to_string(),
                sex: person.sex.to_string(),
                identity_status: "provisoire".into(),
                ..PatientDraft::default()
            };
            let id = patients::create(&mut cabinet, &draft, true)?.id;
            writeln!(out, "ACK create {id}")?;
            known.push(id);
        } else if choice < 7 {
            let id = known[rng.gen_range(0..known.len())].clone();
            let mut draft = patients::get(&cabinet, &id)?.draft;
            version += 1;
            draft.email = Some(format!("v{version}@essai.fr"));
            patients::update(&mut cabinet, &id, &draft)?;
            writeln!(out, "ACK edit {id} {version}")?;
        } else {
            let patient = known[rng.gen_range(0..known.len())].clone();
            let day = chrono::NaiveDate::from_ymd_opt(2031, 1, 6).unwrap_or_default()
                + chrono::Duration::days(rng.gen_range(0..3000));
            let minute = rng.gen_range(0..40) * 15;
            let draft = carnet_core::agenda::appointments::AppointmentDraft {
                calendar_id: calendar.id.clone(),
                motif_id: None,
                patient_id: Some(patient),
                caller_name: None,
                caller_phone: None,
                starts_at: format!("{day}T{:02}:{:02}", 8 + minute / 60, minute % 60),
                duration_minutes: Some(15),
                urgent: false,
                note: String::new(),
            };
            let id = carnet_core::agenda::appointments::create(&mut cabinet, &draft, true)?;
            writeln!(out, "ACK book {id}")?;
        }
        out.flush()?;
    }
}

#[derive(Debug, serde::Serialize)]
pub struct CrashFigures {
    pub cycles: u64,
    pub acknowledged_commits: u64,
    pub lost_commits: u64,
    pub failed_checks: u64,
    pub patients_at_end: i64,
    pub seconds: f64,
}

/// Runs `cycles` rounds of: start the writer, let it acknowledge a random
/// number of commits (1 to 39), SIGKILL it in the middle of the next one,
/// reopen and check every acknowledged commit, both
/// integrity checks, the audit chain and the search index.
pub fn crash_test(
    dir: &Path,
    cycles: u64,
    seed: u64,
    json: Option<&Path>,
) -> Result<(), CoreError> {
    std::fs::create_dir_all(dir)?;
    let file = dir.join("crash.carnet");
    if file.exists() {
        return Err(CoreError::AlreadyExists { path: file });
    }
    let passphrase = Passphrase::new(CRASH_PASSPHRASE);
    Cabinet::create(
        &file,
        &NewCabinet {
            name: "Cabinet d'essai de coupure".into(),
            practitioners: vec![Practitioner {
                name: "Dr Essai".into(),
                specialty: "Médecine générale".into(),
            }],
            colour: "#884400".into(),
            time_zone: "Europe/Paris".into(),
            is_demo: true,
        },
        &passphrase,
        &passphrase,
    )?
    .close();
    let exe = std::env::current_exe()?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let started = Instant::now();
    let mut figures = CrashFigures {
        cycles: 0,
        acknowledged_commits: 0,
        lost_commits: 0,
        failed_checks: 0,
        patients_at_end: 0,
        seconds: 0.0,
    };
    let mut latest_edit: HashMap<String, u64> = HashMap::new();
    let mut created: Vec<String> = Vec::new();
    let mut booked: Vec<String> = Vec::new();
    for cycle in 0..cycles {
        let mut child = Process::new(&exe)
            .args(["crash-writer", &file.display().to_string(), "--seed"])
            .arg((seed * 1_000_003 + cycle).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| CoreError::Internal("sortie du processus".into()))?;
        // Every line the writer prints, as it prints it.
        let (sender, received) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        // Killed after a random number of acknowledged commits, in the
        // middle of the next one: the moment follows the writer's progress,
        // not the wall clock, so a busy machine tests as much as a quiet
        // one. A writer that stalls is killed after a long wait anyway.
        let kill_after = rng.gen_range(1..40);
        let mut lines = Vec::new();
        let mut acks = 0;
        let stalled_after = Instant::now() + Duration::from_secs(60);
        while acks < kill_after {
            let left = stalled_after.saturating_duration_since(Instant::now());
            match received.recv_timeout(left) {
                Ok(line) => {
                    acks += usize::from(parse_ack(&line).is_some());
                    lines.push(line);
                }
                Err(_) => break,
            }
        }
        child.kill()?; // SIGKILL
        let status = child.wait()?;
        // What it printed before dying (the reader ends with the pipe).
        lines.extend(received.iter());
        if status.success() {
            let mut stderr = String::new();
            if let Some(mut err) = child.stderr.take() {
                // Only to show the writer's last words; a child that wrote nothing is fine.
                let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
            }
            return Err(CoreError::Internal(format!(
                "le processus d'écriture s'est arrêté seul : {stderr}"
            )));
        }
        for ack in lines.iter().filter_map(|l| parse_ack(l)) {
            figures.acknowledged_commits += 1;
            match ack {
                Ack::Created { id } => created.push(id),
                Ack::Edited { id, version } => {
                    let entry = latest_edit.entry(id).or_insert(0);
                    *entry = (*entry).max(version);
                }
                Ack::Booked { id } => booked.push(id),
            }
        }
        let (lost, failed) =
            check_after_crash(&file, &passphrase, &created, &latest_edit, &booked)?;
        figures.lost_commits += lost;
        figures.failed_checks += failed;
        figures.cycles += 1;
        if lost > 0 || failed > 0 {
            eprintln!("cycle {cycle} : {lost} commit(s) perdu(s), {failed} contrôle(s) en échec");
        } else if cycle % 50 == 49 {
            eprintln!(
                "{} cycles, {} commits acquittés, 0 perdu",
                cycle + 1,
                figures.acknowledged_commits
            );
        }
    }
    let cabinet = Cabinet::open(&file, &passphrase)?;
    figures.patients_at_end = patients::count(&cabinet)?;
    cabinet.close();
    figures.seconds = started.elapsed().as_secs_f64();
    println!(
        "Essai de coupure (SIGKILL) : {} cycles, {} commits acquittés, {} perdus, {} contrôles en échec, {} patients à la fin, {:.0} s.",
        figures.cycles,
        figures.acknowledged_commits,
        figures.lost_commits,
        figures.failed_checks,
        figures.patients_at_end,
        figures.seconds
    );
    if let Some(path) = json {
        crate::write_report(path, &to_json(&figures)?)?;
    }
    if figures.lost_commits > 0 || figures.failed_checks > 0 {
        return Err(CoreError::Damaged {
            detail: "des commits acquittés manquent ou des contrôles échouent".into(),
        });
    }
    Ok(())
}

/// Reopens after a kill: (acknowledged commits missing, checks failed).
fn check_after_crash(
    file: &Path,
    passphrase: &Passphrase,
    created: &[String],
    latest_edit: &HashMap<String, u64>,
    booked: &[String],
) -> Result<(u64, u64), CoreError> {
    let cabinet = Cabinet::open(file, passphrase)?;
    let invariants = consistency::problems(&cabinet)?;
    let mut failed = 0;
    if !cabinet.check()?.is_ok() {
        failed += 1;
    }
    if !audit::verify(&cabinet)?.is_intact() {
        failed += 1;
    }
    failed += invariants.len() as u64;
    for problem in &invariants {
        eprintln!("invariant : {problem}");
    }
    let mut lost = 0;
    let present = consistency::count_present(&cabinet, Rows::Patients, created)?;
    lost += (created.len() - present) as u64;
    let present = consistency::count_present(&cabinet, Rows::Appointments, booked)?;
    lost += (booked.len() - present) as u64;
    let ids: Vec<String> = latest_edit.keys().cloned().collect();
    for (id, email) in ids.iter().zip(consistency::emails(&cabinet, &ids)?) {
        let stored: u64 = email
            .unwrap_or_default()
            .trim_start_matches('v')
            .split('@')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        // A later edit may have committed without its line being read.
        if stored < latest_edit[id] {
            lost += 1;
        }
    }
    cabinet.close();
    Ok((lost, failed))
}

// ---------------------------------------------------------------------------
// Tamper run

/// Flips one random bit per trial in a copy of a demo cabinet and opens it:
/// every trial must end in a French "endommagé" message (at opening or from
/// the integrity checks), never in silently wrong data or a crash.
pub fn tamper_test(dir: &Path, trials: u64, seed: u64) -> Result<(), CoreError> {
    std::fs::create_dir_all(dir)?;
    let original = dir.join("intact.carnet");
    let passphrase = Passphrase::new(CRASH_PASSPHRASE);
    if !original.exists() {
        demo::create_demo_cabinet(
            &original,
            &passphrase,
            demo::DemoSize {
                patients: 300,
                doctors: 1,
                years_of_agenda: 1,
            },
            seed,
            &mut |_, _| {},
        )?
        .close();
    }
    let bytes = std::fs::read(&original)?;
    let tampered = dir.join("abime.carnet");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let (mut at_opening, mut by_checks, mut missed) = (0u64, 0u64, 0u64);
    for _ in 0..trials {
        let mut copy = bytes.clone();
        let offset = rng.gen_range(0..copy.len());
        copy[offset] ^= 1 << rng.gen_range(0..8);
        std::fs::write(&tampered, &copy)?;
        match Cabinet::open(&tampered, &passphrase) {
            Err(error) => {
                let message = error.to_string();
                if message.contains("endommagé") && message.contains("sauvegarde") {
                    at_opening += 1;
                } else {
                    eprintln!("octet {offset} : message inattendu : {message}");
                    missed += 1;
                }
            }
            Ok(cabinet) => {
                if cabinet.check()?.is_ok() {
                    eprintln!("octet {offset} : modification NON détectée");
                    missed += 1;
                } else {
                    by_checks += 1;
                }
                cabinet.close();
            }
        }
    }
    println!(
        "Essai d'altération : {trials} octets modifiés dans un fichier de {} octets ; {} détectés à l'ouverture, {} par les contrôles d'intégrité, {} non détectés.",
        bytes.len(),
        at_opening,
        by_checks,
        missed
    );
    if missed > 0 {
        return Err(CoreError::Damaged {
            detail: format!("{missed} altération(s) non détectée(s)"),
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Leak scan

/// Searches every file under `roots` for the names, NIRs and phone numbers
/// of the first `patients` demo people drawn with `seed` (the demo cabinet
/// the app creates is seed 1, 500 people). Prints what was searched and
/// found; any find is an error.
pub fn leak_scan(roots: &[PathBuf], patients: usize, seed: u64) -> Result<(), CoreError> {
    let mut generator = DemoGenerator::new(seed)?;
    let mut needles: Vec<String> = Vec::new();
    for _ in 0..patients {
        let p = generator.next_patient();
        needles.push(p.birth_name.clone());
        needles.push(format!("{} {}", p.birth_name, p.birth_first_names));
        if let Some(nir) = p.nir {
            needles.push(nir);
        }
        for (_, phone) in p.phones {
            needles.push(phone.chars().filter(char::is_ascii_digit).collect());
        }
    }
    // Short common words ("MARTIN") could appear by chance in binaries; the
    // names scanned are those of at least 7 characters, all NIRs and phones.
    needles.retain(|n| n.chars().count() >= 7);
    needles.sort();
    needles.dedup();
    let mut files = Vec::new();
    for root in roots {
        collect_files(root, &mut files);
    }
    let matcher = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(&needles)
        .map_err(|error| CoreError::Internal(error.to_string()))?;
    let mut found = Vec::new();
    let mut bytes_scanned = 0u64;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        bytes_scanned += bytes.len() as u64;
        for hit in matcher.find_iter(&bytes) {
            found.push(format!(
                "« {} » dans {}",
                needles[hit.pattern().as_usize()],
                path.display()
            ));
        }
    }
    println!(
        "Recherche en clair : {} valeurs (noms, NIR, téléphones de {} patients) dans {} fichiers ({:.1} Mo) ; trouvées : {}.",
        needles.len(),
        patients,
        files.len(),
        bytes_scanned as f64 / 1_048_576.0,
        found.len()
    );
    for line in found.iter().take(20) {
        println!("  {line}");
    }
    if !found.is_empty() {
        return Err(CoreError::Internal(format!(
            "{} donnée(s) de patient lisible(s) en clair",
            found.len()
        )));
    }
    Ok(())
}

fn collect_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(meta) = std::fs::symlink_metadata(root) else {
        return;
    };
    if meta.is_file() {
        out.push(root.to_path_buf());
    } else if meta.is_dir() {
        if let Ok(entries) = std::fs::read_dir(root) {
            for entry in entries.flatten() {
                collect_files(&entry.path(), out);
            }
        }
    }
}
