//! `carnet-admin letters …` (letters to correspondants, the outgoing
//! register, envelopes and labels) and `carnet-admin correspondants …`
//! (the directory they are addressed from), with the core's rules.

use std::path::{Path, PathBuf};

use carnet_core::correspondants::{self, CorrespondantDraft, CorrespondantKind};
use carnet_core::documents::letters::{self, LetterDraft};
use carnet_core::documents::outgoing::{self, Channel, ManualEntry, RegisterQuery, Sending};
use carnet_core::documents::{reports, ReportKind};
use carnet_core::templates::{self, FillContext};
use carnet_core::{Cabinet, CoreError};
use clap::Subcommand;

use crate::{open, to_json};

#[derive(Subcommand)]
pub enum LettersCommand {
    /// Écrit un courrier d'après un modèle, le classe dans le dossier du patient et l'écrit en PDF ou DOCX (non validé).
    Render {
        file: PathBuf,
        /// Nom (ou début du nom) du modèle, p. ex. « Lettre d'adressage ».
        template: String,
        #[arg(long)]
        patient: String,
        /// Correspondant destinataire (nom ou partie du nom), ou « patient ».
        #[arg(long)]
        to: String,
        /// Copie à (nom d'un correspondant) ; répétable. Sans --copy : le médecin traitant.
        #[arg(long = "copy")]
        copies: Vec<String>,
        /// Aucune copie (pas même au médecin traitant).
        #[arg(long, conflicts_with = "copies")]
        no_copy: bool,
        /// Praticien signataire (nom ou partie du nom), s'il y en a plusieurs.
        #[arg(long)]
        author: Option<String>,
        /// Fichier à écrire : .pdf (PDF/A) ou .docx.
        out: PathBuf,
        /// Remplace OUT s'il existe déjà (jamais un cabinet ni une sauvegarde).
        #[arg(long)]
        force: bool,
    },
    /// Envoie un courrier validé : une ligne par destinataire au registre du courrier départ.
    Send {
        file: PathBuf,
        letter: String,
        /// poste, main_propre, messagerie_securisee ou fax.
        #[arg(long, default_value = "poste")]
        channel: String,
        /// Date d'envoi (par défaut : aujourd'hui).
        #[arg(long)]
        date: Option<String>,
    },
    /// Note au registre un envoi fait hors de Carnet (résultats transmis, formulaire…).
    Record {
        file: PathBuf,
        #[arg(long)]
        to: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long, default_value = "poste")]
        channel: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Le registre du courrier départ (les plus récents d'abord).
    Register {
        file: PathBuf,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Enveloppes DL ou planche d'étiquettes (3 × 8) pour des courriers (destinataire et copies).
    Envelopes {
        file: PathBuf,
        /// Identifiants des courriers.
        #[arg(required = true)]
        letters: Vec<String>,
        /// dl (enveloppes 110 × 220) ou etiquettes (A4, 3 × 8).
        #[arg(long, default_value = "dl")]
        format: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum CorrespondantsCommand {
    /// Les correspondants dont le nom ou la spécialité contient les mots donnés.
    List {
        file: PathBuf,
        #[arg(default_value = "")]
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Ajoute un correspondant à l'annuaire.
    Add {
        file: PathBuf,
        name: String,
        /// medecin, laboratoire, etablissement ou autre.
        #[arg(long, default_value = "medecin")]
        kind: String,
        #[arg(long)]
        specialty: Option<String>,
        /// « 12 rue Haute, 35000 Rennes » (une virgule par ligne d'adresse).
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Formule d'appel : « Chère consœur », « Cher ami »… (par défaut : « Cher confrère » pour un médecin).
        #[arg(long)]
        salutation: Option<String>,
    },
}

fn channel(text: &str) -> Result<Channel, CoreError> {
    Channel::parse(text).ok_or_else(|| CoreError::InvalidInput {
        field: "channel",
        message: format!(
            "Mode d'envoi « {text} » inconnu : poste, main_propre, messagerie_securisee ou fax."
        ),
    })
}

/// The one correspondant whose name holds `query`.
fn correspondant(cabinet: &Cabinet, query: &str) -> Result<String, CoreError> {
    let found = correspondants::list(cabinet, query)?;
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(CoreError::InvalidInput {
            field: "to",
            message: format!("Aucun correspondant « {query} » dans l'annuaire."),
        }),
        many => Err(CoreError::InvalidInput {
            field: "to",
            message: format!(
                "« {query} » désigne {} correspondants ({}) : précisez.",
                many.len(),
                many.iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

fn template(cabinet: &Cabinet, name: &str) -> Result<String, CoreError> {
    let all = templates::list(cabinet, Some(ReportKind::Courrier), None)?;
    let folded = carnet_core::phonetic::fold(name);
    all.iter()
        .find(|t| t.id == name || carnet_core::phonetic::fold(&t.name) == folded)
        .or_else(|| {
            all.iter()
                .find(|t| carnet_core::phonetic::fold(&t.name).starts_with(&folded))
        })
        .map(|t| t.id.clone())
        .ok_or_else(|| CoreError::InvalidInput {
            field: "template",
            message: format!(
                "Aucun modèle de courrier « {name} ». Modèles : {}.",
                all.iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
}

#[allow(clippy::too_many_arguments)]
fn render(
    cabinet: &mut Cabinet,
    template_name: &str,
    patient: &str,
    to: &str,
    copies: &[String],
    no_copy: bool,
    author: Option<&str>,
    out: &Path,
    force: bool,
) -> Result<String, CoreError> {
    let author_id = crate::documents::author(cabinet, author)?;
    let template_id = template(cabinet, template_name)?;
    let to = if carnet_core::phonetic::fold(to) == "patient" {
        None
    } else {
        Some(correspondant(cabinet, to)?)
    };
    let copies = if no_copy {
        Some(Vec::new())
    } else if copies.is_empty() {
        None
    } else {
        Some(
            copies
                .iter()
                .map(|c| correspondant(cabinet, c))
                .collect::<Result<Vec<_>, _>>()?,
        )
    };
    let id = letters::create(
        cabinet,
        &LetterDraft {
            patient_id: patient.to_string(),
            author_id: author_id.clone(),
            to,
            copies,
            copy_to_patient: false,
        },
    )?;
    let filled = templates::fill(
        cabinet,
        &template_id,
        &FillContext {
            patient_id: Some(patient.to_string()),
            practitioner_id: Some(author_id),
            consultation_date: None,
            letter_id: Some(id.clone()),
        },
    )?;
    reports::save_body(cabinet, &id, &filled.body)?;
    if !filled.missing.is_empty() {
        let labels: Vec<&str> = filled.missing.iter().map(|m| m.label.as_str()).collect();
        eprintln!(
            "Attention : champs sans valeur dans ce dossier ({}) — à compléter avant validation.",
            labels.join(", ")
        );
    }
    let page = carnet_core::documents::printable(cabinet, &id, None)?;
    let docx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    crate::templates::write_page(cabinet, &page, out, force, docx, Some(patient), "courrier")?;
    Ok(id)
}

pub fn run_letters(command: LettersCommand) -> Result<(), CoreError> {
    match command {
        LettersCommand::Render {
            file,
            template: name,
            patient,
            to,
            copies,
            no_copy,
            author,
            out,
            force,
        } => {
            let mut cabinet = open(&file)?;
            let result = render(
                &mut cabinet,
                &name,
                &patient,
                &to,
                &copies,
                no_copy,
                author.as_deref(),
                &out,
                force,
            );
            cabinet.close();
            let id = result?;
            println!(
                "Courrier {id} classé dans le dossier, écrit : {}",
                out.display()
            );
            eprintln!("{}", crate::UNENCRYPTED_WARNING);
        }
        LettersCommand::Send {
            file,
            letter,
            channel: how,
            date,
        } => {
            let sending = Sending {
                channel: channel(&how)?,
                sent_on: date,
            };
            let mut cabinet = open(&file)?;
            let result = outgoing::send_letter(&mut cabinet, &letter, &sending);
            cabinet.close();
            let lines = result?;
            println!(
                "Courrier envoyé ({}) : {} ligne(s) au registre du courrier départ.",
                sending.channel.label(),
                lines.len()
            );
        }
        LettersCommand::Record {
            file,
            to,
            subject,
            patient,
            channel: how,
            date,
        } => {
            let entry = ManualEntry {
                sending: Sending {
                    channel: channel(&how)?,
                    sent_on: date,
                },
                recipient: to,
                address: String::new(),
                correspondant_id: None,
                patient_id: patient,
                subject,
            };
            let mut cabinet = open(&file)?;
            let result = outgoing::record(&mut cabinet, &entry);
            cabinet.close();
            println!("Envoi noté au registre ({}).", result?);
        }
        LettersCommand::Register {
            file,
            from,
            to,
            patient,
            json,
        } => {
            let cabinet = open(&file)?;
            let result = outgoing::register(
                &cabinet,
                &RegisterQuery {
                    from,
                    to,
                    patient_id: patient,
                    limit: Some(10_000),
                },
            );
            cabinet.close();
            let lines = result?;
            if json {
                println!("{}", to_json(&lines)?);
            } else if lines.is_empty() {
                println!("Registre du courrier départ vide pour cette période.");
            } else {
                for line in &lines {
                    println!(
                        "n° {}  {}  {}{}  — {}  — {}  — {}",
                        line.number,
                        carnet_core::patients::french_date(&line.sent_on),
                        line.recipient,
                        if line.copy { " (copie)" } else { "" },
                        line.channel_label,
                        line.subject,
                        if line.patient_label.is_empty() {
                            "—"
                        } else {
                            &line.patient_label
                        }
                    );
                }
            }
        }
        LettersCommand::Envelopes {
            file,
            letters: ids,
            format,
            out,
            force,
        } => {
            let format = match carnet_core::phonetic::fold(&format).as_str() {
                "dl" | "enveloppe" | "enveloppes" => carnet_print::AddressFormat::Envelope,
                "etiquettes" | "etiquette" | "labels" => carnet_print::AddressFormat::Labels,
                _ => {
                    return Err(CoreError::InvalidInput {
                        field: "format",
                        message: format!("Format « {format} » inconnu : dl ou etiquettes."),
                    })
                }
            };
            let cabinet = open(&file)?;
            let result = (|| {
                let (sender, addresses) = letters::envelopes(&cabinet, &ids)?;
                let bytes = carnet_print::render_addresses(format, &sender, &addresses)
                    .map_err(|error| CoreError::Internal(error.to_string()))?;
                templates::write_rendered(
                    &cabinet,
                    &bytes,
                    &out,
                    carnet_core::storage::guarded_write::Replace::confirmed_if(force),
                    None,
                    "enveloppes",
                )
                .map_err(crate::with_force_hint)?;
                Ok::<usize, CoreError>(addresses.len())
            })();
            cabinet.close();
            println!("{} adresse(s) écrite(s) : {}", result?, out.display());
        }
    }
    Ok(())
}

pub fn run_correspondants(command: CorrespondantsCommand) -> Result<(), CoreError> {
    match command {
        CorrespondantsCommand::List { file, query, json } => {
            let cabinet = open(&file)?;
            let result = correspondants::list(&cabinet, &query);
            cabinet.close();
            let found = result?;
            if json {
                println!("{}", to_json(&found)?);
            } else if found.is_empty() {
                println!("Aucun correspondant.");
            } else {
                for c in &found {
                    println!(
                        "{}  {}{}  — {}",
                        c.id,
                        c.name,
                        c.specialty
                            .as_deref()
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default(),
                        c.greeting()
                    );
                }
            }
        }
        CorrespondantsCommand::Add {
            file,
            name,
            kind,
            specialty,
            address,
            phone,
            email,
            salutation,
        } => {
            let kind = CorrespondantKind::parse(&kind).ok_or_else(|| CoreError::InvalidInput {
                field: "kind",
                message: format!(
                    "Type « {kind} » inconnu : medecin, laboratoire, etablissement ou autre."
                ),
            })?;
            let mut cabinet = open(&file)?;
            let result = correspondants::create(
                &mut cabinet,
                &CorrespondantDraft {
                    kind,
                    name,
                    specialty,
                    address,
                    phone,
                    email,
                    rpps: None,
                    salutation,
                },
            );
            cabinet.close();
            println!("{}", result?);
        }
    }
    Ok(())
}
