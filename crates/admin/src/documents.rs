//! `carnet-admin documents …` and `practitioners …`: dictations, reports,
//! their validation and search, existing reports brought in, the
//! letterhead — the same core functions as the app.

use std::path::{Path, PathBuf};

use carnet_core::documents::audio;
use carnet_core::documents::import::{self, ImportDetails};
use carnet_core::documents::reports::{self, ReportDetails, ReportFilter};
use carnet_core::documents::search::{self, ReportQuery};
use carnet_core::documents::{retention, text, worklist, Priority, ReportKind, ReportStatus};
use carnet_core::practitioners::{self, LetterheadDraft};
use carnet_core::users::{self, Pin};
use carnet_core::{Cabinet, CoreError};
use clap::Subcommand;

use crate::{open, to_json};

const PIN_VARIABLE: &str = "CARNET_PIN";

#[derive(Subcommand)]
pub enum DocumentsCommand {
    /// Importe un compte rendu existant (DOCX, PDF, TXT) dans le dossier d'un patient, comme validé.
    Import {
        file: PathBuf,
        doc: PathBuf,
        /// Identifiant du patient (voir « patients search --json »).
        #[arg(long)]
        patient: String,
        /// Praticien auteur : identifiant ou nom (par défaut le seul praticien du cabinet).
        #[arg(long)]
        author: Option<String>,
        /// consultation, operatoire, examen, courrier ou autre.
        #[arg(long = "type", default_value = "consultation")]
        kind: String,
        /// Date du compte rendu (AAAA-MM-JJ ou JJ/MM/AAAA ; par défaut aujourd'hui).
        #[arg(long)]
        date: Option<String>,
    },
    /// Importe l'enregistrement d'une dictée (WAV, MP3, M4A/AAC, Ogg) : il est gardé chiffré dans le cabinet.
    ImportDictation {
        file: PathBuf,
        audio: PathBuf,
        /// Identifiant du patient, ou « a-identifier ».
        #[arg(long)]
        patient: String,
        /// Praticien qui a dicté : identifiant ou nom.
        #[arg(long)]
        author: String,
        #[arg(long = "type", default_value = "consultation")]
        kind: String,
        /// urgent ou normal.
        #[arg(long, default_value = "normal")]
        priority: String,
        /// À taper pour le (AAAA-MM-JJ ou JJ/MM/AAAA).
        #[arg(long)]
        due: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// Supprime le fichier d'origine une fois l'import vérifié.
        #[arg(long)]
        delete_original: bool,
    },
    /// Liste les comptes rendus (les plus récents d'abord).
    List {
        file: PathBuf,
        /// a_taper, en_cours, a_relire, valide, imprime ou envoye.
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Liste de travail : à taper (urgents d'abord), à valider par le médecin, en retard.
    Worklist {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Recherche dans le texte des comptes rendus (mots, « expression », début*).
    Search {
        file: PathBuf,
        query: String,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        author: Option<String>,
        #[arg(long = "type")]
        kind: Option<String>,
        /// Du (AAAA-MM-JJ ou JJ/MM/AAAA).
        #[arg(long)]
        from: Option<String>,
        /// Au.
        #[arg(long)]
        to: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Affiche un compte rendu (sa version actuelle, ou --version N) et son historique.
    Show {
        file: PathBuf,
        doc_id: String,
        #[arg(long)]
        version: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Enregistre le texte d'un compte rendu depuis un fichier texte (un paragraphe par ligne).
    Save {
        file: PathBuf,
        doc_id: String,
        text: PathBuf,
    },
    /// Change le statut (a_relire, en_cours, imprime, envoye…) ; la validation est « validate ».
    Status {
        file: PathBuf,
        doc_id: String,
        status: String,
    },
    /// Validation par le médecin auteur (code PIN : CARNET_PIN ou saisie).
    Validate {
        file: PathBuf,
        doc_id: String,
        /// Profil du médecin : identifiant ou nom.
        #[arg(long)]
        user: String,
    },
    /// Classe un compte rendu dans le dossier d'un autre patient (trace dans les deux dossiers).
    Move {
        file: PathBuf,
        doc_id: String,
        #[arg(long)]
        patient: String,
        #[arg(long)]
        reason: String,
    },
    /// Écrit un compte rendu en PDF/A-2b (sa version actuelle, ou --version N).
    ExportPdf {
        file: PathBuf,
        doc_id: String,
        out: PathBuf,
        #[arg(long)]
        version: Option<i64>,
        /// Remplace OUT s'il existe déjà (jamais un cabinet ni une sauvegarde).
        #[arg(long)]
        force: bool,
    },
    /// Écrit un compte rendu en DOCX, pour le finir dans Word.
    ExportDocx {
        file: PathBuf,
        doc_id: String,
        out: PathBuf,
        #[arg(long)]
        version: Option<i64>,
        #[arg(long)]
        force: bool,
    },
    /// Enregistrements des dictées validées dont la durée de conservation est passée.
    AudioRetention {
        file: PathBuf,
        /// Change la durée de conservation (jours après validation).
        #[arg(long)]
        days: Option<i64>,
        /// Supprime les enregistrements listés (les comptes rendus restent).
        #[arg(long)]
        delete: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PractitionersCommand {
    /// Liste les praticiens, leur en-tête et le profil de chacun.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Renseigne l'en-tête (R.4127-79 : RPPS, adresse, téléphone, e-mail, conventionnement).
    SetLetterhead {
        file: PathBuf,
        /// Praticien : identifiant ou nom.
        practitioner: String,
        #[arg(long, default_value = "")]
        rpps: String,
        /// Une ligne d'adresse (répétable).
        #[arg(long = "address")]
        address: Vec<String>,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        conventionnement: String,
    },
    /// Fait d'un profil celui du praticien (il validera ses comptes rendus), ou « aucun ».
    LinkUser {
        file: PathBuf,
        /// Profil : identifiant ou nom.
        user: String,
        /// Praticien : identifiant ou nom, ou « aucun ».
        practitioner: String,
    },
}

fn parse_code<T: Copy>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    field: &'static str,
    choices: &str,
) -> Result<T, CoreError> {
    parse(text.trim()).ok_or_else(|| CoreError::InvalidInput {
        field,
        message: format!("« {text} » n'est pas reconnu : choisissez parmi {choices}."),
    })
}

fn kind(text: &str) -> Result<ReportKind, CoreError> {
    parse_code(
        text,
        ReportKind::parse,
        "type",
        "consultation, operatoire, examen, courrier, autre",
    )
}

fn status(text: &str) -> Result<ReportStatus, CoreError> {
    parse_code(
        text,
        ReportStatus::parse,
        "status",
        "a_taper, en_cours, a_relire, valide, imprime, envoye",
    )
}

pub(crate) fn author(cabinet: &Cabinet, given: Option<&str>) -> Result<String, CoreError> {
    match given {
        Some(name) => Ok(practitioners::find(cabinet, name)?.id),
        None => match practitioners::list(cabinet)?.as_slice() {
            [only] => Ok(only.id.clone()),
            _ => Err(CoreError::InvalidInput {
                field: "author",
                message: "Plusieurs praticiens dans ce cabinet : précisez l'auteur avec --author."
                    .into(),
            }),
        },
    }
}

fn user_id(cabinet: &Cabinet, given: &str) -> Result<String, CoreError> {
    let all = users::list(cabinet)?;
    all.iter()
        .find(|u| u.id == given)
        .or_else(|| all.iter().find(|u| u.name == given))
        .map(|u| u.id.clone())
        .ok_or_else(|| CoreError::InvalidInput {
            field: "user",
            message: format!("Aucun profil « {given} » dans ce cabinet."),
        })
}

fn pin() -> Result<Pin, CoreError> {
    if let Ok(value) = std::env::var(PIN_VARIABLE) {
        return Ok(Pin::new(value));
    }
    rpassword::prompt_password("Code PIN du médecin : ")
        .map(Pin::new)
        .map_err(|_| CoreError::InvalidInput {
            field: "pin",
            message: format!("Impossible de lire le code PIN au clavier. Donnez-le dans la variable {PIN_VARIABLE}."),
        })
}

fn minutes(ms: Option<i64>) -> String {
    ms.map_or("-".into(), |ms| {
        let seconds = ms / 1000;
        format!("{}:{:02}", seconds / 60, seconds % 60)
    })
}

/// Runs the action on the cabinet and closes it whatever happened.
fn on_cabinet<T>(
    file: &Path,
    action: impl FnOnce(&mut Cabinet) -> Result<T, CoreError>,
) -> Result<T, CoreError> {
    let mut cabinet = open(file)?;
    let result = action(&mut cabinet);
    cabinet.close();
    result
}

pub fn run(command: DocumentsCommand) -> Result<(), CoreError> {
    match command {
        DocumentsCommand::Import {
            file,
            doc,
            patient,
            author: given,
            kind: kind_text,
            date,
        } => {
            let document = import::read_file(&doc)?;
            let kind = kind(&kind_text)?;
            let id = on_cabinet(&file, |cabinet| {
                let details = ImportDetails {
                    patient_id: patient,
                    author_id: author(cabinet, given.as_deref())?,
                    kind,
                    date: date.unwrap_or_else(|| cabinet.today().format("%Y-%m-%d").to_string()),
                };
                import::import_report(cabinet, &document, &details)
            })?;
            println!(
                "Compte rendu importé ({}, {} caractères de texte) : {id}",
                document.format,
                document.text.chars().count()
            );
        }
        DocumentsCommand::ImportDictation {
            file,
            audio: audio_path,
            patient,
            author: given,
            kind: kind_text,
            priority,
            due,
            note,
            delete_original,
        } => {
            let checked = audio::read_file(&audio_path)?;
            let kind = kind(&kind_text)?;
            let priority = parse_code(&priority, Priority::parse, "priority", "urgent, normal")?;
            let id = on_cabinet(&file, |cabinet| {
                let details = ReportDetails {
                    patient_id: (patient != "a-identifier").then_some(patient),
                    author_id: author(cabinet, Some(&given))?,
                    kind,
                    priority,
                    due_on: due,
                    note,
                    consultation_on: None,
                };
                let id = reports::import_dictation(cabinet, &checked, &details)?;
                if delete_original {
                    audio::delete_original(cabinet, &id, &audio_path)?;
                }
                Ok(id)
            })?;
            println!(
                "Dictée importée ({}, {}) : {id}",
                checked.format,
                minutes(Some(checked.duration_ms))
            );
            if delete_original {
                println!("Fichier d'origine supprimé : {}", audio_path.display());
            }
        }
        DocumentsCommand::List {
            file,
            status: wanted,
            patient,
            json,
        } => {
            let filter = ReportFilter {
                patient_id: patient,
                status: wanted.as_deref().map(status).transpose()?,
                ..ReportFilter::default()
            };
            let lines = on_cabinet(&file, |cabinet| reports::list(cabinet, &filter))?;
            if json {
                println!("{}", to_json(&lines)?);
            } else if lines.is_empty() {
                println!("Aucun compte rendu.");
            } else {
                for line in &lines {
                    println!(
                        "{}  {}  {}  {}  {}  {}{}",
                        line.id,
                        line.consultation_on
                            .as_deref()
                            .unwrap_or(&line.created_at[..10]),
                        line.kind.label(),
                        line.status.label(),
                        line.patient_label,
                        line.author_name,
                        line.validated_by
                            .as_deref()
                            .map(|v| format!("  (validé par {v})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        DocumentsCommand::Worklist { file, json } => {
            let list = on_cabinet(&file, |cabinet| worklist::work_list(cabinet, None))?;
            if json {
                println!("{}", to_json(&list)?);
            } else {
                for (title, items) in [
                    ("À taper", &list.to_type),
                    ("À valider par le médecin", &list.to_validate),
                    ("En retard", &list.late),
                ] {
                    println!("{title} : {}", items.len());
                    for item in items {
                        println!(
                            "  {}  {}  {}  {}  {}  {}  il y a {} j{}",
                            item.id,
                            if item.priority == Priority::Urgent {
                                "URGENT"
                            } else {
                                "normal"
                            },
                            item.kind.label(),
                            item.patient_label,
                            item.author_name,
                            minutes(item.duration_ms),
                            item.age_days,
                            item.due_on
                                .as_deref()
                                .map(|d| format!(", pour le {d}"))
                                .unwrap_or_default()
                        );
                    }
                }
            }
        }
        DocumentsCommand::Search {
            file,
            query,
            patient,
            author: given,
            kind: kind_text,
            from,
            to,
            limit,
            json,
        } => {
            let kind = kind_text.as_deref().map(kind).transpose()?;
            let results = on_cabinet(&file, |cabinet| {
                let author_id = given
                    .as_deref()
                    .map(|a| practitioners::find(cabinet, a).map(|p| p.id))
                    .transpose()?;
                search::search(
                    cabinet,
                    &ReportQuery {
                        text: query.clone(),
                        patient_id: patient,
                        author_id,
                        kind,
                        from,
                        to,
                        limit: Some(limit),
                    },
                )
            })?;
            if json {
                println!("{}", to_json(&results)?);
            } else if results.hits.is_empty() {
                println!("Aucun compte rendu ne contient « {query} ».");
            } else {
                for hit in &results.hits {
                    let passage: String = hit
                        .passage
                        .iter()
                        .map(|p| {
                            if p.hit {
                                format!("[{}]", p.text)
                            } else {
                                p.text.clone()
                            }
                        })
                        .collect();
                    println!(
                        "{}  {}  {}  {}  {}\n    {passage}",
                        hit.report_id,
                        hit.consultation_on
                            .as_deref()
                            .unwrap_or(&hit.created_at[..10]),
                        hit.kind.label(),
                        hit.patient_label,
                        hit.author_name
                    );
                }
                if results.more {
                    println!("D'autres comptes rendus correspondent : affinez la recherche ou augmentez --limit.");
                }
            }
        }
        DocumentsCommand::Show {
            file,
            doc_id,
            version,
            json,
        } => {
            let (report, shown) = on_cabinet(&file, |cabinet| {
                let report = reports::get(cabinet, &doc_id)?;
                reports::record_opening(cabinet, &doc_id)?;
                let shown = match version {
                    Some(number) => Some(reports::version(cabinet, &doc_id, number)?),
                    None => None,
                };
                Ok((report, shown))
            })?;
            if json {
                match &shown {
                    Some(version) => println!("{}", to_json(version)?),
                    None => println!("{}", to_json(&report)?),
                }
                return Ok(());
            }
            println!(
                "{} — {} — {}",
                report.kind.title(),
                report.patient_label,
                report.author_name
            );
            println!("Statut : {}", report.status_label);
            for change in &report.history {
                println!(
                    "  {} par {} le {}",
                    change.status.label(),
                    change.user_name,
                    change.at
                );
            }
            for summary in &report.versions {
                match &summary.validation {
                    Some(v) => println!(
                        "Version {} : validée par {} le {} (empreinte {})",
                        summary.number, v.validator_name, v.validated_at, v.sha256
                    ),
                    None => println!(
                        "Version {} : brouillon, enregistré par {} le {}",
                        summary.number, summary.saved_by, summary.saved_at
                    ),
                }
            }
            if let Some(audio) = &report.audio {
                println!(
                    "Dictée : {} ({})",
                    audio.original_name,
                    minutes(Some(audio.duration_ms))
                );
            }
            let body = shown.map_or(report.body, |v| v.body);
            println!();
            println!("{}", text::plain_text(&body));
        }
        DocumentsCommand::Save {
            file,
            doc_id,
            text: path,
        } => {
            let bytes = import::read_file(&path)?;
            let body = text::paragraphs_doc(&bytes.text);
            let saved = on_cabinet(&file, |cabinet| reports::save_body(cabinet, &doc_id, &body))?;
            println!(
                "Version {} enregistrée ({}){}",
                saved.version,
                saved.status.label(),
                if saved.new_version {
                    " : nouvelle version après validation"
                } else {
                    ""
                }
            );
        }
        DocumentsCommand::Status {
            file,
            doc_id,
            status: wanted,
        } => {
            let wanted = status(&wanted)?;
            on_cabinet(&file, |cabinet| {
                reports::set_status(cabinet, &doc_id, wanted)
            })?;
            println!("Statut : {}", wanted.label());
        }
        DocumentsCommand::Validate { file, doc_id, user } => {
            let pin = pin()?;
            let validation = on_cabinet(&file, |cabinet| {
                let user = user_id(cabinet, &user)?;
                reports::validate(cabinet, &doc_id, &user, &pin)
            })?;
            println!(
                "Validé par {} le {} (empreinte {}).",
                validation.validator_name, validation.validated_at, validation.sha256
            );
        }
        DocumentsCommand::Move {
            file,
            doc_id,
            patient,
            reason,
        } => {
            on_cabinet(&file, |cabinet| {
                reports::move_to_patient(cabinet, &doc_id, &patient, &reason)
            })?;
            println!(
                "Compte rendu classé dans le dossier {patient} (trace dans les deux dossiers)."
            );
        }
        DocumentsCommand::ExportPdf {
            file,
            doc_id,
            out,
            version,
            force,
        } => crate::templates::export_report(&file, &doc_id, version, &out, force, false)?,
        DocumentsCommand::ExportDocx {
            file,
            doc_id,
            out,
            version,
            force,
        } => crate::templates::export_report(&file, &doc_id, version, &out, force, true)?,
        DocumentsCommand::AudioRetention {
            file,
            days,
            delete,
            json,
        } => {
            let (kept_days, expired, deleted) = on_cabinet(&file, |cabinet| {
                if let Some(days) = days {
                    retention::set_audio_days_by_tool(cabinet, days)?;
                }
                let expired = retention::expired_audio(cabinet)?;
                let deleted = if delete {
                    let ids: Vec<String> = expired.iter().map(|e| e.report_id.clone()).collect();
                    retention::delete_expired_audio(cabinet, &ids)?
                } else {
                    0
                };
                Ok((retention::audio_days(cabinet)?, expired, deleted))
            })?;
            if json {
                println!("{}", to_json(&expired)?);
                return Ok(());
            }
            println!(
                "Les enregistrements des dictées validées sont gardés {kept_days} jour(s) après validation."
            );
            for item in &expired {
                println!(
                    "  {}  {}  {}  validé le {}  {}",
                    item.report_id,
                    item.patient_label,
                    item.author_name,
                    item.validated_at,
                    minutes(Some(item.duration_ms))
                );
            }
            if delete {
                println!("{deleted} enregistrement(s) supprimé(s) ; les comptes rendus restent.");
            } else if !expired.is_empty() {
                println!(
                    "{} enregistrement(s) à supprimer : relancez avec --delete pour les supprimer.",
                    expired.len()
                );
            }
        }
    }
    Ok(())
}

pub fn run_practitioners(command: PractitionersCommand) -> Result<(), CoreError> {
    match command {
        PractitionersCommand::List { file, json } => {
            let cards = on_cabinet(&file, |cabinet| practitioners::list(cabinet))?;
            if json {
                println!("{}", to_json(&cards)?);
            } else {
                for card in &cards {
                    println!("{}  {} ({})", card.id, card.name, card.specialty);
                    println!(
                        "    RPPS {}  {}  {}  {}  {}",
                        if card.rpps.is_empty() {
                            "-"
                        } else {
                            &card.rpps
                        },
                        card.address_lines.join(", "),
                        card.phone,
                        card.email,
                        card.conventionnement
                    );
                    if !card.user_ids.is_empty() {
                        println!("    profil(s) : {}", card.user_ids.join(", "));
                    }
                }
            }
        }
        PractitionersCommand::SetLetterhead {
            file,
            practitioner,
            rpps,
            address,
            phone,
            email,
            conventionnement,
        } => {
            let card = on_cabinet(&file, |cabinet| {
                let id = practitioners::find(cabinet, &practitioner)?.id;
                practitioners::set_letterhead_by_tool(
                    cabinet,
                    &id,
                    &LetterheadDraft {
                        rpps,
                        address_lines: address,
                        phone,
                        email,
                        conventionnement,
                    },
                )
            })?;
            println!("En-tête de {} enregistré.", card.name);
        }
        PractitionersCommand::LinkUser {
            file,
            user,
            practitioner,
        } => {
            let name = on_cabinet(&file, |cabinet| {
                let user = user_id(cabinet, &user)?;
                let practitioner = if practitioner == "aucun" {
                    None
                } else {
                    Some(practitioners::find(cabinet, &practitioner)?)
                };
                practitioners::link_user_by_tool(
                    cabinet,
                    &user,
                    practitioner.as_ref().map(|p| p.id.as_str()),
                )?;
                Ok(practitioner.map(|p| p.name))
            })?;
            match name {
                Some(name) => println!("Ce profil est désormais celui de {name}."),
                None => println!("Ce profil n'est plus celui d'un praticien."),
            }
        }
    }
    Ok(())
}
