//! `carnet-admin agenda …`: the next free slots, ICS export and import.

use std::path::PathBuf;

use carnet_core::agenda::ics::{self, IcsExportRequest};
use carnet_core::agenda::setup;
use carnet_core::agenda::slots::{self, SlotRequest};
use carnet_core::agenda::today;
use carnet_core::agenda::{french_moment, parse_time_of};
use carnet_core::storage::guarded_write::Replace;
use carnet_core::CoreError;
use clap::Subcommand;

use crate::{open, to_json, with_force_hint, UNENCRYPTED_WARNING};

#[derive(Subcommand)]
pub enum AgendaCommand {
    /// La journée de chaque médecin : vus, à venir, en retard, salle d'attente, prochain créneau libre.
    Today {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Les prochains créneaux libres pour un motif (plages, absences et rendez-vous respectés).
    NextSlots {
        file: PathBuf,
        /// Nom du motif, p. ex. « Consultation ».
        #[arg(long)]
        motif: String,
        /// Nom (ou partie du nom) de l'agenda ; par défaut tous les praticiens.
        #[arg(long)]
        calendar: Option<String>,
        /// À partir de ce jour (AAAA-MM-JJ) ; par défaut maintenant.
        #[arg(long)]
        from: Option<String>,
        #[arg(long, default_value_t = 10)]
        count: u32,
        #[arg(long)]
        json: bool,
    },
    /// Exporte l'agenda en ICS (sans noms ni motifs, sauf --with-names).
    ExportIcs {
        file: PathBuf,
        out: PathBuf,
        /// Premier jour (AAAA-MM-JJ) ; par défaut aujourd'hui.
        #[arg(long)]
        from: Option<String>,
        /// Dernier jour (AAAA-MM-JJ) ; par défaut trois mois plus tard.
        #[arg(long)]
        to: Option<String>,
        /// Inclut les noms des patients et les motifs (données de santé !).
        #[arg(long)]
        with_names: bool,
        #[arg(long)]
        calendar: Option<String>,
        /// Remplace le fichier ICS s'il existe déjà (jamais un cabinet ni une sauvegarde).
        #[arg(long)]
        force: bool,
    },
    /// Importe les rendez-vous d'un fichier ICS (tout ou rien).
    ImportIcs {
        file: PathBuf,
        input: PathBuf,
        /// Agenda de destination ; par défaut le premier praticien.
        #[arg(long)]
        calendar: Option<String>,
        /// Montre ce qui serait importé et ne change rien.
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(command: AgendaCommand) -> Result<(), CoreError> {
    match command {
        AgendaCommand::Today { file, json } => {
            let cabinet = open(&file)?;
            let day = today::today(&cabinet)?;
            cabinet.close();
            if json {
                println!("{}", to_json(&day)?);
            } else {
                print_today(&day)?;
            }
        }
        AgendaCommand::NextSlots {
            file,
            motif,
            calendar,
            from,
            count,
            json,
        } => {
            let cabinet = open(&file)?;
            let motif = setup::motif_named(&cabinet, &motif)?;
            let calendar_ids = match calendar {
                Some(name) => vec![setup::calendar_named(&cabinet, &name)?.id],
                None => Vec::new(),
            };
            let found = slots::next_free_slots(
                &cabinet,
                &SlotRequest {
                    motif_id: motif.id.clone(),
                    calendar_ids,
                    from,
                    count: Some(count),
                    ..SlotRequest::default()
                },
            )?;
            cabinet.close();
            if json {
                println!("{}", to_json(&found)?);
            } else if found.is_empty() {
                println!(
                    "Aucun créneau libre pour « {} » dans les trois prochains mois.",
                    motif.name
                );
            } else {
                for slot in &found {
                    let starts = parse_time_of(&slot.starts_at, "startsAt")?;
                    println!(
                        "{}  {}  ({})",
                        french_moment(starts),
                        slot.calendar_name,
                        motif.name
                    );
                }
            }
        }
        AgendaCommand::ExportIcs {
            file,
            out,
            from,
            to,
            with_names,
            calendar,
            force,
        } => {
            let cabinet = open(&file)?;
            let today = cabinet.today();
            let calendar_ids = match calendar {
                Some(name) => vec![setup::calendar_named(&cabinet, &name)?.id],
                None => Vec::new(),
            };
            // Written while the cabinet is held, so the guard knows it.
            let written = ics::write_export(
                &cabinet,
                &IcsExportRequest {
                    calendar_ids,
                    from: from.unwrap_or_else(|| today.to_string()),
                    to: to.unwrap_or_else(|| (today + chrono::Days::new(92)).to_string()),
                    with_names,
                },
                &out,
                Replace::confirmed_if(force),
            );
            cabinet.close();
            let events = written.map_err(with_force_hint)?;
            println!(
                "{} rendez-vous exportés dans {}{}",
                events,
                out.display(),
                if with_names {
                    " (avec noms et motifs)"
                } else {
                    " (sans noms ni motifs)"
                }
            );
            eprintln!("{UNENCRYPTED_WARNING}");
        }
        AgendaCommand::ImportIcs {
            file,
            input,
            calendar,
            dry_run,
        } => {
            let text = ics::read_file(&input)?;
            let mut cabinet = open(&file)?;
            let calendar = match calendar {
                Some(name) => setup::calendar_named(&cabinet, &name)?,
                None => setup::calendars(&cabinet)?
                    .into_iter()
                    .find(|c| c.kind == "praticien")
                    .ok_or_else(|| CoreError::InvalidInput {
                        field: "calendar",
                        message: "Ce cabinet n'a pas d'agenda.".into(),
                    })?,
            };
            let preview = ics::preview_import(&cabinet, &text, &calendar.id)?;
            for event in &preview.events {
                let warnings: Vec<&str> =
                    event.warnings.iter().map(|w| w.message.as_str()).collect();
                eprintln!(
                    "  {}  {}{}",
                    event.starts_at.replace('T', " "),
                    event.title,
                    if warnings.is_empty() {
                        String::new()
                    } else {
                        format!("  ⚠ {}", warnings.join(" "))
                    }
                );
            }
            for skipped in &preview.skipped {
                eprintln!(
                    "  ignoré (ligne {}) « {} » : {}",
                    skipped.line, skipped.title, skipped.reason
                );
            }
            for error in &preview.errors {
                eprintln!(
                    "  ERREUR ligne {} « {} » : {}",
                    error.line, error.title, error.reason
                );
            }
            if dry_run {
                println!(
                    "Essai : {} rendez-vous à importer dans « {} », {} ignoré(s), {} erreur(s). Rien n'a été modifié.",
                    preview.events.len(),
                    calendar.name,
                    preview.skipped.len(),
                    preview.errors.len()
                );
            } else {
                // The CLI runs unattended: conflicts are listed above and accepted.
                let count = ics::import(&mut cabinet, &text, &calendar.id, true)?;
                println!("{count} rendez-vous importés dans « {} ».", calendar.name);
            }
            cabinet.close();
        }
    }
    Ok(())
}

fn print_today(day: &today::Today) -> Result<(), CoreError> {
    println!(
        "Aujourd'hui, {} ({})",
        day.day_label,
        day.now.get(11..).unwrap_or("")
    );
    for doctor in &day.doctors {
        println!(
            "\n{} : {} rendez-vous, {} vu(s), {} à venir, {} en retard",
            doctor.name, doctor.booked, doctor.seen, doctor.to_come, doctor.late
        );
        if let Some(who) = &doctor.in_consultation {
            println!("  En consultation : {who}");
        }
        for waiting in &doctor.waiting {
            println!(
                "  En salle d'attente depuis {} min : {}{}",
                waiting.minutes,
                waiting.who,
                if waiting.urgent { " (urgent)" } else { "" }
            );
        }
        if let Some(next) = &doctor.next {
            println!(
                "  Prochain rendez-vous : {} {}",
                next.starts_at.get(11..).unwrap_or(""),
                next.who
            );
        }
        match (&doctor.next_free_slot, &day.slot_motif) {
            (Some(slot), Some(motif)) => println!(
                "  Prochain créneau libre ({motif}) : {}",
                french_moment(parse_time_of(&slot.starts_at, "startsAt")?)
            ),
            _ => println!("  Aucun créneau libre dans les trois prochains mois."),
        }
    }
    Ok(())
}
