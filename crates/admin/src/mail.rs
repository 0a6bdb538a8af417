//! `carnet-admin mail …`: the incoming mail register — add an item with its
//! files, list it (the doctor's inbox: urgent first), file an item « à
//! classer » under its patient, record the doctor's decision.

use std::path::PathBuf;

use carnet_core::documents::incoming::{
    self, IncomingDetails, IncomingKind, IncomingQuery, IncomingState, Urgency,
};
use carnet_core::documents::scanner_folder;
use carnet_core::CoreError;
use clap::Subcommand;

use crate::{open, to_json};

#[derive(Subcommand)]
pub enum MailCommand {
    /// Enregistre un courrier arrivé avec son document (PDF, JPEG, PNG, e-mail .eml), gardé chiffré dans le cabinet.
    Add {
        file: PathBuf,
        /// Le document (plusieurs : répétez l'argument).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Expéditeur, p. ex. « CHU de Rennes ».
        #[arg(long = "from")]
        sender: String,
        /// resultat_labo, cr_hospitalisation, imagerie, courrier, administratif, facture ou autre.
        #[arg(long, default_value = "courrier")]
        kind: String,
        /// urgent, a_voir ou classement.
        #[arg(long, default_value = "a_voir")]
        urgency: String,
        /// Patient concerné (sans --patient : « à identifier », il attend d'être classé).
        #[arg(long)]
        patient: Option<String>,
        /// Date de réception (par défaut : aujourd'hui).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Le registre : urgents d'abord, puis les plus anciens.
    List {
        file: PathBuf,
        /// a_classer, a_voir, vu, a_convoquer ou traite (répétable).
        #[arg(long = "state")]
        states: Vec<String>,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Classe un courrier « à identifier » dans le dossier d'un patient.
    File {
        file: PathBuf,
        mail: String,
        #[arg(long)]
        patient: String,
    },
    /// Le dossier du scanner : l'affiche, ou le règle (PATH), et si l'original y est supprimé une fois enregistré.
    Folder {
        file: PathBuf,
        path: Option<PathBuf>,
        #[arg(long)]
        delete_after_filing: bool,
    },
    /// Les fichiers en attente dans le dossier du scanner (ceux en cours d'arrivée signalés).
    Waiting {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Décision du médecin (vu, a_convoquer) ou de la secrétaire (traite).
    Decide {
        file: PathBuf,
        mail: String,
        state: String,
        #[arg(long)]
        note: Option<String>,
    },
}

pub(crate) fn code<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    field: &'static str,
    choices: &str,
) -> Result<T, CoreError> {
    parse(text).ok_or_else(|| CoreError::InvalidInput {
        field,
        message: format!("« {text} » inconnu : {choices}."),
    })
}

pub fn run(command: MailCommand) -> Result<(), CoreError> {
    match command {
        MailCommand::Add {
            file,
            docs,
            sender,
            kind,
            urgency,
            patient,
            date,
            note,
        } => {
            let details = IncomingDetails {
                received_on: date,
                correspondant_id: None,
                sender,
                kind: code(
                    &kind,
                    IncomingKind::parse,
                    "kind",
                    "resultat_labo, cr_hospitalisation, imagerie, courrier, administratif, facture ou autre",
                )?,
                urgency: code(&urgency, Urgency::parse, "urgency", "urgent, a_voir ou classement")?,
                patient_id: patient,
                practitioner_id: None,
                note,
            };
            let mut checked = Vec::new();
            for doc in &docs {
                checked.extend(incoming::read_file(doc)?);
            }
            let mut cabinet = open(&file)?;
            let result = incoming::register(&mut cabinet, &details, &checked);
            cabinet.close();
            println!("{}", result?);
        }
        MailCommand::List {
            file,
            states,
            patient,
            json,
        } => {
            let states = states
                .iter()
                .map(|s| {
                    code(
                        s,
                        IncomingState::parse,
                        "state",
                        "a_classer, a_voir, vu, a_convoquer ou traite",
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let cabinet = open(&file)?;
            let result = incoming::list(
                &cabinet,
                &IncomingQuery {
                    states,
                    patient_id: patient,
                    practitioner_id: None,
                    limit: Some(5000),
                },
            );
            cabinet.close();
            let items = result?;
            if json {
                println!("{}", to_json(&items)?);
            } else if items.is_empty() {
                println!("Aucun courrier arrivé.");
            } else {
                for item in &items {
                    println!(
                        "{}  n° {}  {}  [{}]  {} — {} — {} — {} fichier(s) — {}",
                        item.id,
                        item.number,
                        carnet_core::patients::french_date(&item.received_on),
                        item.urgency_label,
                        item.sender,
                        item.kind_label,
                        item.patient_label,
                        item.files.len(),
                        item.state_label
                    );
                }
            }
        }
        MailCommand::File {
            file,
            mail,
            patient,
        } => {
            let mut cabinet = open(&file)?;
            let result = incoming::file_under(&mut cabinet, &mail, &patient);
            cabinet.close();
            result?;
            println!("Courrier classé dans le dossier.");
        }
        MailCommand::Folder {
            file,
            path,
            delete_after_filing,
        } => {
            let mut cabinet = open(&file)?;
            let result = (|| {
                if let Some(path) = &path {
                    scanner_folder::set(&mut cabinet, path.to_str(), delete_after_filing)?;
                }
                scanner_folder::get(&cabinet)
            })();
            cabinet.close();
            let folder = result?;
            match folder.path {
                Some(path) => println!(
                    "Dossier du scanner : {path}{}{}",
                    if folder.reachable {
                        ""
                    } else {
                        " (introuvable sur cet ordinateur)"
                    },
                    if folder.delete_after_filing {
                        " — l'original est supprimé une fois enregistré"
                    } else {
                        ""
                    }
                ),
                None => println!("Aucun dossier du scanner."),
            }
        }
        MailCommand::Waiting { file, json } => {
            let cabinet = open(&file)?;
            let result = scanner_folder::waiting(&cabinet, std::time::SystemTime::now());
            cabinet.close();
            let files = result?;
            if json {
                println!("{}", to_json(&files)?);
            } else if files.is_empty() {
                println!("Rien en attente dans le dossier du scanner.");
            } else {
                for f in &files {
                    println!(
                        "{}  {} octets{}",
                        f.name,
                        f.size,
                        if f.arriving {
                            "  (en cours d'arrivée)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        MailCommand::Decide {
            file,
            mail,
            state,
            note,
        } => {
            let state = code(
                &state,
                IncomingState::parse,
                "state",
                "vu, a_convoquer ou traite",
            )?;
            let mut cabinet = open(&file)?;
            let result = incoming::set_state(&mut cabinet, &mail, state, note.as_deref());
            cabinet.close();
            result?;
            println!("Courrier : {}.", state.label());
        }
    }
    Ok(())
}
