//! `carnet-admin messages …` and `carnet-admin tasks …`: the phone messages
//! and tasks of the secretary's desk, with the core's rules.

use std::path::PathBuf;

use carnet_core::agenda::setup;
use carnet_core::messages::phone_messages::{self, MessageDraft, MessageState, PhoneMessage};
use carnet_core::messages::tasks::{self, TaskDraft, TaskOwner};
use carnet_core::{users, Cabinet, CoreError};
use clap::Subcommand;

use crate::{open, to_json};

#[derive(Subcommand)]
pub enum MessagesCommand {
    /// Note un message téléphonique pour un praticien.
    Add {
        file: PathBuf,
        /// Agenda du praticien (nom ou partie du nom), p. ex. « Martin ».
        #[arg(long = "for")]
        for_calendar: String,
        /// Objet de l'appel.
        #[arg(long)]
        about: String,
        /// Identifiant du patient qui a appelé (voir « patients search --json »).
        #[arg(long, conflicts_with = "caller")]
        patient: Option<String>,
        /// Nom de la personne qui a appelé, si ce n'est pas un patient.
        #[arg(long, required_unless_present = "patient")]
        caller: Option<String>,
        /// Son numéro.
        #[arg(long, requires = "caller")]
        phone: Option<String>,
        #[arg(long)]
        urgent: bool,
        /// La personne souhaite être rappelée.
        #[arg(long)]
        call_back: bool,
    },
    /// Les messages : ceux sans réponse d'abord (urgents d'abord, puis les plus anciens), puis ceux répondus depuis 7 jours.
    List {
        file: PathBuf,
        /// Agenda du praticien (nom ou partie du nom) ; par défaut tous.
        #[arg(long = "for")]
        for_calendar: Option<String>,
        /// Seulement les messages répondus à rappeler.
        #[arg(long)]
        to_call_back: bool,
        #[arg(long)]
        json: bool,
    },
    /// Réponse du praticien : le message passe « traité ».
    Answer {
        file: PathBuf,
        id: String,
        text: String,
    },
    /// La personne a été rappelée : le message passe « rappelé ».
    CalledBack { file: PathBuf, id: String },
}

#[derive(Subcommand)]
pub enum TasksCommand {
    /// Ajoute une tâche pour un profil ou un praticien.
    Add {
        file: PathBuf,
        title: String,
        /// Pour qui : nom d'un profil, ou d'un agenda de praticien.
        #[arg(long = "for")]
        owner: String,
        /// Échéance (jj/mm/aaaa).
        #[arg(long)]
        due: String,
        #[arg(long)]
        patient: Option<String>,
    },
    /// Les tâches du jour et en retard (--all : toutes celles à faire).
    List {
        file: PathBuf,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Marque une tâche faite.
    Done { file: PathBuf, id: String },
}

pub fn run_messages(command: MessagesCommand) -> Result<(), CoreError> {
    match command {
        MessagesCommand::Add {
            file,
            for_calendar,
            about,
            patient,
            caller,
            phone,
            urgent,
            call_back,
        } => {
            let mut cabinet = open(&file)?;
            let calendar = setup::calendar_named(&cabinet, &for_calendar)?;
            let id = phone_messages::take(
                &mut cabinet,
                &MessageDraft {
                    patient_id: patient,
                    caller_name: caller,
                    caller_phone: phone,
                    for_calendar_id: calendar.id,
                    about,
                    urgent,
                    call_back,
                },
            )?;
            cabinet.close();
            println!("{id}");
        }
        MessagesCommand::List {
            file,
            for_calendar,
            to_call_back,
            json,
        } => {
            let cabinet = open(&file)?;
            let list = if to_call_back {
                phone_messages::to_call_back(&cabinet)?
            } else {
                let calendar = match for_calendar {
                    Some(name) => Some(setup::calendar_named(&cabinet, &name)?.id),
                    None => None,
                };
                phone_messages::for_practitioner(&cabinet, calendar.as_deref(), 7)?
            };
            cabinet.close();
            if json {
                println!("{}", to_json(&list)?);
            } else if list.is_empty() {
                println!("Aucun message.");
            } else {
                for message in &list {
                    println!("{}", message_line(message));
                }
            }
        }
        MessagesCommand::Answer { file, id, text } => {
            let mut cabinet = open(&file)?;
            phone_messages::answer(&mut cabinet, &id, &text)?;
            cabinet.close();
            println!("Réponse enregistrée : message traité.");
        }
        MessagesCommand::CalledBack { file, id } => {
            let mut cabinet = open(&file)?;
            phone_messages::mark_called_back(&mut cabinet, &id)?;
            cabinet.close();
            println!("Message marqué « rappelé ».");
        }
    }
    Ok(())
}

fn message_line(message: &PhoneMessage) -> String {
    let state = match message.state {
        MessageState::Nouveau => "nouveau",
        MessageState::Lu => "lu",
        MessageState::Traite => "traité",
        MessageState::Rappele => "rappelé",
    };
    let mut line = format!(
        "{}  {}  pour {}  {}{}  [{state}]{}{}  — {}",
        message.id,
        message.taken_at,
        message.for_name,
        message.caller,
        message
            .phone
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default(),
        if message.urgent { "  URGENT" } else { "" },
        if message.call_back {
            "  à rappeler"
        } else {
            ""
        },
        message.about
    );
    if let Some(answer) = &message.answer {
        line.push_str(&format!("  → réponse : {answer}"));
    }
    line
}

/// `--for`: a profile's name first (her), else a practitioner's calendar.
fn owner_named(cabinet: &Cabinet, name: &str) -> Result<TaskOwner, CoreError> {
    let wanted = name.trim().to_lowercase();
    if let Some(user) = users::active(cabinet)?
        .into_iter()
        .find(|u| u.name.to_lowercase() == wanted)
    {
        return Ok(TaskOwner::User(user.id));
    }
    Ok(TaskOwner::Practitioner(
        setup::calendar_named(cabinet, name)?.id,
    ))
}

pub fn run_tasks(command: TasksCommand) -> Result<(), CoreError> {
    match command {
        TasksCommand::Add {
            file,
            title,
            owner,
            due,
            patient,
        } => {
            let mut cabinet = open(&file)?;
            let owner = owner_named(&cabinet, &owner)?;
            let id = tasks::add(
                &mut cabinet,
                &TaskDraft {
                    title,
                    owner,
                    patient_id: patient,
                    due_on: due,
                },
            )?;
            cabinet.close();
            println!("{id}");
        }
        TasksCommand::List { file, all, json } => {
            let cabinet = open(&file)?;
            let list = if all {
                tasks::open(&cabinet)?
            } else {
                tasks::due(&cabinet)?
            };
            cabinet.close();
            if json {
                println!("{}", to_json(&list)?);
            } else if list.is_empty() {
                println!("Aucune tâche à faire.");
            } else {
                for task in &list {
                    println!(
                        "{}  {}{}  pour {}  {}{}",
                        task.id,
                        task.due_on,
                        if task.overdue { " (en retard)" } else { "" },
                        task.owner_name,
                        task.title,
                        task.patient_name
                            .as_deref()
                            .map(|p| format!("  — {p}"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        TasksCommand::Done { file, id } => {
            let mut cabinet = open(&file)?;
            tasks::mark_done(&mut cabinet, &id)?;
            cabinet.close();
            println!("Tâche faite.");
        }
    }
    Ok(())
}
