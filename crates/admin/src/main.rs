//! carnet-admin: the headless side of Carnet, for IT people, scripts and
//! tests. Same core, same rules as the desktop app.
//!
//! Exit codes: 0 success; 1 a user error, with one French line on stderr
//! (wrong passphrase, not a cabinet, damaged file, file in use…); 2 bad usage.
//! The passphrase comes from `CARNET_PASSPHRASE` when set, otherwise from a
//! prompt that does not echo.

/// Standard output closed by its reader (`carnet-admin … | head`): std's
/// `println!` panics there. This one, which every module of the crate uses
/// (it is defined before them), stops quietly instead: the reader has what
/// it wanted, and a panic is never an answer.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod agenda;
mod bench;
mod bench_backup;
mod bench_documents;
mod bench_money;
mod desk;
mod documents;
mod letters;
mod mail;
mod money;
mod safety;
mod templates;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carnet_core::demo::{self, DEMO_PASSPHRASE};
use carnet_core::patients::search::{self, MatchKind, SearchOptions};
use carnet_core::patients::transfer::{self, ImportMode};
use carnet_core::storage::guarded_write::{self, Replace};
use carnet_core::time_zones::DEFAULT_TIME_ZONE;
use carnet_core::{Cabinet, CoreError, NewCabinet, Passphrase, Practitioner};
use clap::{Parser, Subcommand};

const PASSPHRASE_VARIABLE: &str = "CARNET_PASSPHRASE";

#[derive(Parser)]
#[command(
    name = "carnet-admin",
    version,
    about = "Outil d'administration des cabinets Carnet (sans interface graphique)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crée un cabinet chiffré.
    New {
        file: PathBuf,
        /// Nom du cabinet, p. ex. « Cabinet du Dr Martin ».
        #[arg(long)]
        name: String,
        /// Praticien « Nom:Spécialité » (répétable).
        #[arg(long = "practitioner")]
        practitioners: Vec<String>,
        /// Couleur du cabinet (#rrggbb).
        #[arg(long, default_value = "#1f6feb")]
        colour: String,
        /// Fuseau horaire du cabinet.
        #[arg(long, default_value = DEFAULT_TIME_ZONE)]
        time_zone: String,
    },
    /// Ouvre un cabinet et vérifie son intégrité (SQLite et SQLCipher).
    Check { file: PathBuf },
    /// Affiche le nom du cabinet, ses praticiens et son nombre de patients.
    Info {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Patients : recherche, import et export CSV.
    Patients {
        #[command(subcommand)]
        command: PatientsCommand,
    },
    /// Agenda : prochains créneaux libres, export et import ICS.
    Agenda {
        #[command(subcommand)]
        command: agenda::AgendaCommand,
    },
    /// Modèles de documents : liste, ajout, remplissage pour un patient, rendu PDF/DOCX.
    Templates {
        #[command(subcommand)]
        command: templates::TemplatesCommand,
    },
    /// Phrases types : liste et ajout.
    Snippets {
        #[command(subcommand)]
        command: templates::SnippetsCommand,
    },
    /// Dictionnaire du cabinet (mots acceptés par le correcteur) : liste, ajout, retrait.
    Words {
        #[command(subcommand)]
        command: templates::WordsCommand,
    },
    /// Comptes rendus : dictées, liste de travail, validation, recherche, import de comptes rendus existants.
    Documents {
        #[command(subcommand)]
        command: documents::DocumentsCommand,
    },
    /// Praticiens : en-tête des comptes rendus (RPPS, adresse…) et profil de chacun.
    Practitioners {
        #[command(subcommand)]
        command: documents::PractitionersCommand,
    },
    /// Courriers aux correspondants : écrire d'après un modèle, envoyer, registre du courrier départ, enveloppes et étiquettes.
    Letters {
        #[command(subcommand)]
        command: letters::LettersCommand,
    },
    /// Courrier arrivé : enregistrer (scans, PDF, images, e-mails .eml), lister (urgents d'abord), classer, décision du médecin.
    Mail {
        #[command(subcommand)]
        command: mail::MailCommand,
    },
    /// Honoraires et caisse : tarifs, encaissements, impayés, clôture du jour, reçus, livre-journal.
    Money {
        #[command(subcommand)]
        command: money::MoneyCommand,
    },
    /// Annuaire des correspondants (médecins, laboratoires…) : lister, ajouter.
    Correspondants {
        #[command(subcommand)]
        command: letters::CorrespondantsCommand,
    },
    /// Messages téléphoniques : noter, lister, répondre, rappeler.
    Messages {
        #[command(subcommand)]
        command: desk::MessagesCommand,
    },
    /// Tâches à faire : ajouter, lister (jour et retard), marquer faite.
    Tasks {
        #[command(subcommand)]
        command: desk::TasksCommand,
    },
    /// Mesure les temps de réponse du cœur sur un jeu de données de démonstration.
    Bench {
        #[arg(long, value_enum, default_value = "s")]
        tier: bench::Tier,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Nombre de séries : chaque chiffre est la médiane des séries.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Prépare seulement le jeu de données (chiffré) et affiche son chemin.
        #[arg(long)]
        prepare: bool,
        /// Écrit aussi les mesures en JSON dans ce fichier.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Dossier du jeu de données (créé une fois, réutilisé).
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Mesure plutôt la sauvegarde quotidienne d'un cabinet qui garde
        /// autant de Go de documents scannés (cabinet jetable, dans le cache).
        #[arg(long)]
        documents_gb: Option<u32>,
        /// Mesure plutôt l'argent : vingt ans d'honoraires sur une copie du jeu de données.
        #[arg(long)]
        money: bool,
    },
    /// Journal d'audit : vérification de la chaîne d'empreintes.
    Audit {
        #[command(subcommand)]
        command: safety::AuditCommand,
    },
    /// Longueur des codes PIN : affiche le réglage, ou le change (6 chiffres, ou 4).
    PinDigits {
        file: PathBuf,
        /// 6 (par défaut) ou 4 ; les codes déjà choisis restent valables.
        digits: Option<u32>,
    },
    /// Sauvegarde chiffrée vérifiée du cabinet dans un dossier (avec rotation).
    Backup { file: PathBuf, dest_dir: PathBuf },
    /// Restaure une sauvegarde dans un nouveau fichier (n'écrase jamais).
    Restore { backup: PathBuf, new_file: PathBuf },
    /// Change la phrase de passe (nouvelle phrase : CARNET_NEW_PASSPHRASE ou saisie).
    Passphrase {
        file: PathBuf,
        /// Fait aussitôt une sauvegarde avec la nouvelle phrase dans ce dossier.
        #[arg(long)]
        backup_to: Option<PathBuf>,
    },
    /// Preuve : tue un processus d'écriture (SIGKILL) N fois et vérifie que rien d'acquitté n'est perdu.
    CrashTest {
        /// Dossier de travail (créé ; le cabinet d'essai y est écrit).
        dir: PathBuf,
        #[arg(long, default_value_t = 100)]
        cycles: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Processus d'écriture du crash-test (usage interne).
    #[command(hide = true)]
    CrashWriter {
        file: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Preuve : modifie un octet au hasard N fois et vérifie que c'est détecté.
    TamperTest {
        dir: PathBuf,
        #[arg(long, default_value_t = 200)]
        trials: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Preuve : cherche en clair les noms, NIR et téléphones des patients de démonstration.
    LeakScan {
        /// Dossiers et fichiers à fouiller.
        roots: Vec<PathBuf>,
        /// Nombre de patients de démonstration dont chercher les données.
        #[arg(long, default_value_t = 500)]
        patients: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Crée un cabinet de démonstration rempli de patients fictifs.
    /// Sans CARNET_PASSPHRASE, la phrase de passe de démonstration est utilisée.
    Demo {
        file: PathBuf,
        #[arg(long, default_value_t = demo::DEFAULT_DEMO_PATIENTS)]
        patients: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Années d'historique de rendez-vous.
        #[arg(long, default_value_t = demo::DEMO_AGENDA_YEARS)]
        years: u32,
    },
}

#[derive(Subcommand)]
enum PatientsCommand {
    /// Recherche comme la secrétaire au téléphone (nom, date, téléphone, NIR).
    Search {
        file: PathBuf,
        query: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        archived: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Importe des patients d'un fichier CSV (séparateur ; ou , — UTF-8 ou Windows-1252).
    Import {
        file: PathBuf,
        csv: PathBuf,
        /// Vérifie tout et ne change rien.
        #[arg(long)]
        dry_run: bool,
        /// Importe les bonnes lignes et liste les mauvaises (sinon : tout ou rien).
        #[arg(long)]
        skip_bad_lines: bool,
    },
    /// Droit d'accès : copie du dossier complet d'un patient (HTML et JSON, NON chiffrés) dans un dossier.
    Rights {
        file: PathBuf,
        /// Identifiant du patient (voir « patients search --json »).
        patient_id: String,
        folder: PathBuf,
    },
    /// Exporte la liste des patients en CSV pour Excel (; et UTF-8 avec BOM), NON chiffré.
    Export {
        file: PathBuf,
        csv: PathBuf,
        /// Remplace le fichier CSV s'il existe déjà (jamais un cabinet ni une sauvegarde).
        #[arg(long)]
        force: bool,
    },
}

/// Every block freed is wiped first, as in the app (carnet-core's `hardening`).
#[global_allocator]
static ALLOCATOR: carnet_core::hardening::WipingAllocator =
    carnet_core::hardening::WIPING_ALLOCATOR;

fn main() -> ExitCode {
    // No core dump of a process holding a cabinet key.
    for failed in carnet_core::hardening::harden_process() {
        eprintln!("carnet-admin : protection non appliquée — {failed}");
    }
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("carnet-admin : {error}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<(), CoreError> {
    match command {
        Command::New {
            file,
            name,
            practitioners,
            colour,
            time_zone,
        } => {
            let practitioners = practitioners
                .iter()
                .map(|p| parse_practitioner(p))
                .collect();
            let new = NewCabinet {
                name,
                practitioners,
                colour,
                time_zone,
                is_demo: false,
            };
            let (passphrase, confirmation) = new_passphrase()?;
            let cabinet = Cabinet::create(&file, &new, &passphrase, &confirmation)?;
            println!(
                "Cabinet « {} » créé : {}",
                cabinet.info().name,
                file.display()
            );
            println!("Notez la phrase de passe sur la fiche de secours : elle ne peut pas être récupérée.");
            cabinet.close();
        }
        Command::PinDigits { file, digits } => {
            let mut cabinet = open(&file)?;
            if let Some(digits) = digits {
                carnet_core::security::set_pin_min_digits_as_tool(&mut cabinet, digits)?;
            }
            let digits = carnet_core::users::pin_min_digits(&cabinet)?;
            cabinet.close();
            println!("Les nouveaux codes PIN comptent au moins {digits} chiffres.");
        }
        Command::Check { file } => safety::check(&file)?,
        Command::Info { file, json } => {
            let cabinet = open(&file)?;
            let summary = cabinet.summary()?;
            cabinet.close();
            if json {
                println!("{}", to_json(&summary)?);
            } else {
                println!("Cabinet : {}", summary.name);
                for practitioner in &summary.practitioners {
                    println!(
                        "Praticien : {} ({})",
                        practitioner.name, practitioner.specialty
                    );
                }
                println!("Fuseau horaire : {}", summary.time_zone);
                println!("Patients : {}", summary.patient_count);
                if summary.is_demo {
                    println!("DÉMONSTRATION : patients fictifs");
                }
            }
        }
        Command::Patients { command } => run_patients(command)?,
        Command::Audit { command } => safety::run_audit(command)?,
        Command::Backup { file, dest_dir } => safety::backup_to(&file, &dest_dir)?,
        Command::Restore { backup, new_file } => safety::restore(&backup, &new_file)?,
        Command::Passphrase { file, backup_to } => {
            safety::change_passphrase(&file, backup_to.as_deref())?
        }
        Command::CrashTest {
            dir,
            cycles,
            seed,
            json,
        } => safety::crash_test(&dir, cycles, seed, json.as_deref())?,
        Command::CrashWriter { file, seed } => safety::crash_writer(&file, seed)?,
        Command::TamperTest { dir, trials, seed } => safety::tamper_test(&dir, trials, seed)?,
        Command::LeakScan {
            roots,
            patients,
            seed,
        } => safety::leak_scan(&roots, patients, seed)?,
        Command::Agenda { command } => agenda::run(command)?,
        Command::Templates { command } => templates::run_templates(command)?,
        Command::Snippets { command } => templates::run_snippets(command)?,
        Command::Words { command } => templates::run_words(command)?,
        Command::Documents { command } => documents::run(command)?,
        Command::Practitioners { command } => documents::run_practitioners(command)?,
        Command::Messages { command } => desk::run_messages(command)?,
        Command::Letters { command } => letters::run_letters(command)?,
        Command::Mail { command } => mail::run(command)?,
        Command::Money { command } => money::run(command)?,
        Command::Correspondants { command } => letters::run_correspondants(command)?,
        Command::Tasks { command } => desk::run_tasks(command)?,
        Command::Bench {
            tier,
            seed,
            runs,
            prepare,
            json,
            cache,
            documents_gb,
            money,
        } => {
            let cache = cache.unwrap_or_else(|| {
                std::env::var_os("HOME")
                    .map(PathBuf::from)
                    .unwrap_or_else(std::env::temp_dir)
                    .join(".cache/carnet-bench")
            });
            if let Some(gigabytes) = documents_gb {
                return bench_backup::run(&cache, gigabytes);
            }
            if money {
                return bench_money::run(&cache, tier, seed);
            }
            if prepare {
                println!("{}", bench::prepare(&cache, tier, seed)?.display());
                return Ok(());
            }
            let report = bench::run(&cache, tier, seed, runs)?;
            bench::print(&report);
            if let Some(path) = json {
                write_report(&path, &to_json(&report)?)?;
            }
        }
        Command::Demo {
            file,
            patients,
            seed,
            years,
        } => {
            let passphrase = match std::env::var(PASSPHRASE_VARIABLE) {
                Ok(value) if !value.is_empty() => Passphrase::new(value),
                _ => {
                    eprintln!("Phrase de passe de démonstration : {DEMO_PASSPHRASE}");
                    Passphrase::new(DEMO_PASSPHRASE)
                }
            };
            let started = std::time::Instant::now();
            let cabinet = demo::create_demo_cabinet(
                &file,
                &passphrase,
                demo::DemoSize {
                    patients,
                    doctors: 2,
                    years_of_agenda: years,
                },
                seed,
                &mut |done, total| {
                    eprint!("\r{}", demo_progress(patients, done, total));
                },
            )?;
            eprintln!();
            println!(
                "Cabinet de démonstration créé : {} ({} patients, {} rendez-vous, graine {seed}, {:.1} s)",
                file.display(),
                patients,
                carnet_core::agenda::views::count(&cabinet)?,
                started.elapsed().as_secs_f64()
            );
            cabinet.close();
        }
    }
    Ok(())
}

fn run_patients(command: PatientsCommand) -> Result<(), CoreError> {
    match command {
        PatientsCommand::Search {
            file,
            query,
            json,
            archived,
            limit,
        } => {
            let cabinet = open(&file)?;
            let options = SearchOptions {
                limit,
                include_archived: archived,
            };
            let found = search::search(&cabinet, &query, options)?;
            cabinet.close();
            if json {
                println!("{}", to_json(&found)?);
            } else if found.hits.is_empty() {
                println!("Aucun patient trouvé pour « {query} ».");
            } else {
                for hit in &found.hits {
                    println!(
                        "{}  né(e) le {} ({} ans)  {}  [{}]{}",
                        hit.display_name,
                        hit.birth_date,
                        hit.age,
                        hit.phone.as_deref().unwrap_or("-"),
                        match hit.matched {
                            MatchKind::Exact => "exact",
                            MatchKind::Prefix => "début",
                            MatchKind::Phonetic => "son proche",
                            MatchKind::Other => "date/téléphone/NIR",
                        },
                        if hit.archived { "  (archivé)" } else { "" }
                    );
                }
                if found.hits.len() < found.total {
                    println!(
                        "{} sur {}{} — affinez la recherche ou demandez-en plus (--limit).",
                        found.hits.len(),
                        if found.total_is_exact {
                            ""
                        } else {
                            "au moins "
                        },
                        found.total
                    );
                }
            }
        }
        PatientsCommand::Import {
            file,
            csv,
            dry_run,
            skip_bad_lines,
        } => {
            let bytes = transfer::read_file(&csv)?;
            let mut cabinet = open(&file)?;
            let preview = transfer::preview(&bytes)?;
            let mode = if dry_run {
                ImportMode::DryRun
            } else if skip_bad_lines {
                ImportMode::SkipBadLines
            } else {
                ImportMode::AllOrNothing
            };
            eprintln!(
                "Fichier {} ({}, séparateur « {} ») : {} ligne(s)",
                csv.display(),
                preview.encoding,
                preview.separator,
                preview.rows
            );
            for (header, field) in preview.headers.iter().zip(&preview.mapping) {
                eprintln!("  colonne « {header} » → {field:?}");
            }
            let report = transfer::import(
                &mut cabinet,
                &bytes,
                &preview.mapping,
                mode,
                &mut |done, total| {
                    eprint!("\rLignes vérifiées : {done} / {total}");
                },
            )?;
            eprintln!();
            cabinet.close();
            for bad in &report.bad_lines {
                println!("ligne {} : {}", bad.line, bad.reason);
            }
            for duplicate in &report.likely_duplicates {
                println!(
                    "ligne {} : doublon probable, non importée ({})",
                    duplicate.line, duplicate.reason
                );
            }
            println!(
                "{} ligne(s), {} valide(s), {} importée(s), {} en erreur, {} doublon(s) probable(s).",
                report.total,
                report.valid,
                report.imported,
                report.bad_lines.len(),
                report.likely_duplicates.len()
            );
            if mode == ImportMode::AllOrNothing && !report.bad_lines.is_empty() {
                return Err(CoreError::InvalidInput {
                    field: "csv",
                    message: "Rien n'a été importé : corrigez les lignes en erreur, ou relancez avec --skip-bad-lines pour importer les autres.".into(),
                });
            }
        }
        PatientsCommand::Rights {
            file,
            patient_id,
            folder,
        } => {
            let cabinet = open(&file)?;
            let written =
                carnet_core::patients::rights::export_to_folder(&cabinet, &patient_id, &folder);
            cabinet.close();
            for path in written? {
                println!("Copie du dossier écrite : {}", path.display());
            }
            eprintln!("{UNENCRYPTED_WARNING}");
        }
        PatientsCommand::Export { file, csv, force } => {
            let cabinet = open(&file)?;
            // Written while the cabinet is held, so the guard knows it.
            let written = transfer::write_export(&cabinet, &csv, Replace::confirmed_if(force));
            cabinet.close();
            let bytes = written.map_err(with_force_hint)?;
            println!(
                "Liste des patients exportée dans {} ({} octets).",
                csv.display(),
                bytes
            );
            eprintln!("{UNENCRYPTED_WARNING}");
        }
    }
    Ok(())
}

/// Said after every export: what it wrote is outside the encrypted cabinet.
pub(crate) const UNENCRYPTED_WARNING: &str =
    "Attention : ce fichier n'est pas chiffré. Gardez-le en lieu sûr et supprimez-le après usage.";

/// An export refused because its file exists says how to replace it here.
pub(crate) fn with_force_hint(error: CoreError) -> CoreError {
    match error {
        CoreError::ReplaceNotConfirmed { path } => CoreError::InvalidInput {
            field: "path",
            message: format!(
                "Un fichier existe déjà à l'emplacement « {} ». Rien n'a été écrit : choisissez un autre nom, ou ajoutez --force pour le remplacer.",
                path.display()
            ),
        },
        other => other,
    }
}

/// Writes a report carnet-admin makes (`--json FILE`) through the guarded
/// writer: a report named on the command line is the tool's own output,
/// replaced at each run (`make bench`, the proofs), but never a cabinet,
/// one of its sidecars or a backup, and never half written.
pub(crate) fn write_report(path: &Path, text: &str) -> Result<(), CoreError> {
    guarded_write::write_file(path, text.as_bytes(), Replace::Confirmed)
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CoreError> {
    serde_json::to_string_pretty(value).map_err(|e| CoreError::Internal(e.to_string()))
}

pub(crate) fn verdict(problems: &[String]) -> String {
    if problems.is_empty() {
        "OK".to_string()
    } else {
        format!("{} problème(s) : {}", problems.len(), problems.join(" ; "))
    }
}

fn parse_practitioner(text: &str) -> Practitioner {
    let (name, specialty) = text.split_once(':').unwrap_or((text, ""));
    Practitioner {
        name: name.trim().to_string(),
        specialty: specialty.trim().to_string(),
    }
}

/// Opens a cabinet through the core's session policy, as the app does: the
/// opening is in the trail, signed as the tool, and a wrong passphrase is
/// kept for the trail of that cabinet.
pub(crate) fn open(file: &Path) -> Result<Cabinet, CoreError> {
    let passphrase = existing_passphrase()?;
    open_with(file, &passphrase)
}

pub(crate) fn open_with(file: &Path, passphrase: &Passphrase) -> Result<Cabinet, CoreError> {
    carnet_core::session::open_as_tool(&tool_paths(), file, passphrase, safety::tool_actor())
}

/// The same files as the app's on this computer (the pending failed
/// openings are shared with it).
pub(crate) fn tool_paths() -> carnet_core::session::AppPaths {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    carnet_core::session::AppPaths::under_home(&home)
}

pub(crate) fn existing_passphrase() -> Result<Passphrase, CoreError> {
    if let Ok(value) = std::env::var(PASSPHRASE_VARIABLE) {
        return Ok(Passphrase::new(value));
    }
    prompt("Phrase de passe du cabinet : ")
}

fn new_passphrase() -> Result<(Passphrase, Passphrase), CoreError> {
    if let Ok(value) = std::env::var(PASSPHRASE_VARIABLE) {
        return Ok((Passphrase::new(value.clone()), Passphrase::new(value)));
    }
    let first = prompt("Nouvelle phrase de passe : ")?;
    let second = prompt("Retapez-la : ")?;
    Ok((first, second))
}

pub(crate) fn prompt(label: &str) -> Result<Passphrase, CoreError> {
    rpassword::prompt_password(label)
        .map(Passphrase::new)
        .map_err(|_| CoreError::InvalidInput {
            field: "passphrase",
            message: format!("Impossible de lire la phrase de passe au clavier. Donnez-la dans la variable {PASSPHRASE_VARIABLE}."),
        })
}

/// The demo builder counts patients, then days of agenda, in one sequence:
/// the line says which phase it is in, in units she can read.
pub(crate) fn demo_progress(patients: usize, done: usize, total: usize) -> String {
    if done <= patients {
        format!("Patients fictifs : {done} / {patients}          ")
    } else {
        format!(
            "Agenda fictif : jour {} / {}          ",
            done - patients,
            total.saturating_sub(patients)
        )
    }
}
