//! carnet-admin: the headless side of Carnet, for IT people, scripts and
//! tests. Same core, same rules as the desktop app.
//!
//! Exit codes: 0 success; 1 a user error, with one French line on stderr
//! (wrong passphrase, not a cabinet, damaged file, file in use…); 2 bad usage.
//! The passphrase comes from `CARNET_PASSPHRASE` when set, otherwise from a
//! prompt that does not echo.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carnet_core::demo::{self, DEMO_PASSPHRASE};
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
    /// Crée un cabinet de démonstration rempli de patients fictifs.
    /// Sans CARNET_PASSPHRASE, la phrase de passe de démonstration est utilisée.
    Demo {
        file: PathBuf,
        #[arg(long, default_value_t = demo::DEFAULT_DEMO_PATIENTS)]
        patients: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> ExitCode {
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
        Command::Check { file } => {
            let cabinet = open(&file)?;
            let report = cabinet.check()?;
            println!("Cabinet : {}", cabinet.info().name);
            println!(
                "SQLCipher {} ; schéma version {} ; {} pages",
                report.cipher_version, report.schema_version, report.page_count
            );
            println!(
                "Contrôle SQLite (integrity_check) : {}",
                verdict(&report.sqlite_problems)
            );
            println!(
                "Contrôle SQLCipher (cipher_integrity_check) : {}",
                verdict(&report.cipher_problems)
            );
            println!(
                "Clés étrangères : {}",
                if report.foreign_key_problems == 0 {
                    "OK".to_string()
                } else {
                    format!("{} incohérence(s)", report.foreign_key_problems)
                }
            );
            let ok = report.is_ok();
            cabinet.close();
            if !ok {
                return Err(CoreError::Damaged {
                    detail:
                        "les contrôles d'intégrité ont trouvé des problèmes, détaillés ci-dessus"
                            .into(),
                });
            }
            println!("Le fichier est intact.");
        }
        Command::Info { file, json } => {
            let cabinet = open(&file)?;
            let summary = cabinet.summary()?;
            cabinet.close();
            if json {
                let text = serde_json::to_string_pretty(&summary)
                    .map_err(|e| CoreError::Internal(e.to_string()))?;
                println!("{text}");
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
        Command::Demo {
            file,
            patients,
            seed,
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
                patients,
                seed,
                &mut |done, total| {
                    eprint!("\rPatients fictifs : {done} / {total}");
                },
            )?;
            eprintln!();
            println!(
                "Cabinet de démonstration créé : {} ({} patients, graine {seed}, {:.1} s)",
                file.display(),
                patients,
                started.elapsed().as_secs_f64()
            );
            cabinet.close();
        }
    }
    Ok(())
}

fn verdict(problems: &[String]) -> String {
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

fn open(file: &Path) -> Result<Cabinet, CoreError> {
    let passphrase = existing_passphrase()?;
    Cabinet::open(file, &passphrase)
}

fn existing_passphrase() -> Result<Passphrase, CoreError> {
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

fn prompt(label: &str) -> Result<Passphrase, CoreError> {
    rpassword::prompt_password(label)
        .map(Passphrase::new)
        .map_err(|_| CoreError::InvalidInput {
            field: "passphrase",
            message: format!("Impossible de lire la phrase de passe au clavier. Donnez-la dans la variable {PASSPHRASE_VARIABLE}."),
        })
}
