//! `carnet-admin templates | snippets | words …`: document templates with
//! merge fields, filled and rendered for a patient; text snippets; the
//! cabinet's word list for the spell-checker.

use std::path::{Path, PathBuf};

use carnet_core::storage::guarded_write::Replace;
use carnet_core::templates::{
    self, snippets, words, DocumentKind, FillContext, MissingField, TemplateDraft,
};
use carnet_core::{Cabinet, CoreError};
use clap::Subcommand;
use serde_json::Value;

use crate::{open, to_json, with_force_hint, UNENCRYPTED_WARNING};

#[derive(Subcommand)]
pub enum TemplatesCommand {
    /// Les modèles de documents (tous, ou d'un type et d'un praticien).
    List {
        file: PathBuf,
        /// consultation, operatoire, examen, courrier ou autre.
        #[arg(long)]
        kind: Option<String>,
        /// Nom (ou partie du nom) du praticien : ses modèles et ceux du cabinet.
        #[arg(long)]
        practitioner: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Les champs de fusion qu'un modèle peut contenir.
    Fields {
        #[arg(long)]
        json: bool,
    },
    /// Ajoute un modèle écrit en texte : une ligne = un paragraphe, « ## » un
    /// titre, « - » une puce, {patient.birthName} un champ (voir `templates fields`).
    Add {
        file: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "consultation")]
        kind: String,
        /// Réservé à ce praticien ; par défaut, modèle du cabinet.
        #[arg(long)]
        practitioner: Option<String>,
        /// Fichier texte du modèle (UTF-8).
        #[arg(long)]
        text_file: PathBuf,
    },
    /// Affiche un modèle (son texte, ses champs entre accolades).
    Show {
        file: PathBuf,
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Remplit un modèle pour un patient et affiche le texte ; les champs sans
    /// valeur dans le dossier sont signalés.
    Fill {
        file: PathBuf,
        id: String,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        practitioner: Option<String>,
        /// Date de la consultation (JJ/MM/AAAA) ; par défaut aujourd'hui.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remplit un modèle pour un patient et l'écrit en PDF/A (ou DOCX si OUT finit par .docx).
    Render {
        file: PathBuf,
        id: String,
        out: PathBuf,
        #[arg(long)]
        patient: Option<String>,
        #[arg(long)]
        practitioner: Option<String>,
        #[arg(long)]
        date: Option<String>,
        /// Imprime même si des champs n'ont pas de valeur (ils apparaissent « [à compléter : …] »).
        #[arg(long)]
        allow_missing: bool,
        /// Remplace OUT s'il existe déjà (jamais un cabinet ni une sauvegarde).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum SnippetsCommand {
    /// Les phrases types (d'un praticien et du cabinet).
    List {
        file: PathBuf,
        #[arg(long)]
        practitioner: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Ajoute une phrase type : un code court et son texte (une ligne = un paragraphe).
    Add {
        file: PathBuf,
        #[arg(long)]
        code: String,
        #[arg(long, default_value = "")]
        title: String,
        #[arg(long)]
        text: String,
        #[arg(long)]
        practitioner: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum WordsCommand {
    /// Les mots du dictionnaire du cabinet.
    List {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Ajoute des mots au dictionnaire du cabinet.
    Add {
        file: PathBuf,
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Retire un mot du dictionnaire du cabinet.
    Remove { file: PathBuf, word: String },
}

fn kind(text: &str) -> Result<DocumentKind, CoreError> {
    DocumentKind::parse(text).ok_or_else(|| CoreError::InvalidInput {
        field: "kind",
        message: format!(
            "Type de document inconnu « {text} » : consultation, operatoire, examen, courrier ou autre."
        ),
    })
}

fn practitioner(cabinet: &Cabinet, name: Option<&str>) -> Result<Option<String>, CoreError> {
    name.map(|name| carnet_core::practitioners::find(cabinet, name).map(|card| card.id))
        .transpose()
}

/// The text of an editor document, a line per block, fields in braces.
fn plain_text(node: &Value, out: &mut String) {
    match node.get("type").and_then(Value::as_str) {
        Some("text") => out.push_str(node.get("text").and_then(Value::as_str).unwrap_or("")),
        Some("mergeField") => {
            let field = node
                .pointer("/attrs/field")
                .and_then(Value::as_str)
                .unwrap_or("");
            out.push_str(&format!("{{{field}}}"));
        }
        Some("hardBreak") => out.push('\n'),
        Some("heading") => out.push_str("## "),
        Some("listItem") => out.push_str("- "),
        _ => {}
    }
    for child in node
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        plain_text(child, out);
    }
    if matches!(
        node.get("type").and_then(Value::as_str),
        Some("paragraph" | "heading")
    ) {
        out.push('\n');
    }
}

fn text_of(body: &Value) -> String {
    let mut out = String::new();
    match body {
        Value::Array(nodes) => nodes.iter().for_each(|node| plain_text(node, &mut out)),
        node => plain_text(node, &mut out),
    }
    out
}

fn warn_missing(missing: &[MissingField]) {
    if !missing.is_empty() {
        let labels: Vec<&str> = missing.iter().map(|m| m.label.as_str()).collect();
        eprintln!(
            "Champs sans valeur dans ce dossier : {}. Complétez le dossier ou le texte avant d'imprimer.",
            labels.join(", ")
        );
    }
}

fn context(
    cabinet: &Cabinet,
    patient: Option<String>,
    practitioner_name: Option<&str>,
    date: Option<String>,
) -> Result<FillContext, CoreError> {
    Ok(FillContext {
        patient_id: patient,
        practitioner_id: practitioner(cabinet, practitioner_name)?,
        consultation_date: date,
        letter_id: None,
    })
}

pub fn run_templates(command: TemplatesCommand) -> Result<(), CoreError> {
    match command {
        TemplatesCommand::List {
            file,
            kind: kind_text,
            practitioner: name,
            json,
        } => {
            let cabinet = open(&file)?;
            let wanted = kind_text.as_deref().map(kind).transpose()?;
            let practitioner_id = practitioner(&cabinet, name.as_deref())?;
            let found = templates::list(&cabinet, wanted, practitioner_id.as_deref())?;
            cabinet.close();
            if json {
                println!("{}", to_json(&found)?);
            } else if found.is_empty() {
                println!("Aucun modèle.");
            } else {
                for template in &found {
                    println!(
                        "{}  {}  [{}]{}",
                        template.id,
                        template.name,
                        template.kind,
                        if template.practitioner_id.is_some() {
                            " (modèle personnel)"
                        } else {
                            ""
                        }
                    );
                }
            }
        }
        TemplatesCommand::Fields { json } => {
            let catalogue = templates::catalogue();
            if json {
                println!("{}", to_json(&catalogue)?);
            } else {
                for field in &catalogue {
                    println!(
                        "{{{}}}  {} — {} (p. ex. « {} »)",
                        field.key, field.group, field.label, field.example
                    );
                }
            }
        }
        TemplatesCommand::Add {
            file,
            name,
            kind: kind_text,
            practitioner: practitioner_name,
            text_file,
        } => {
            let text = read_text(&text_file)?;
            let mut cabinet = open(&file)?;
            let practitioner_id = practitioner(&cabinet, practitioner_name.as_deref())?;
            let created = templates::create(
                &mut cabinet,
                &TemplateDraft {
                    name,
                    kind: kind(&kind_text)?,
                    practitioner_id,
                    body: templates::body_from_text(&text),
                },
            );
            cabinet.close();
            println!("Modèle ajouté : {}", created?);
        }
        TemplatesCommand::Show { file, id, json } => {
            let cabinet = open(&file)?;
            let template = templates::get(&cabinet, &id);
            cabinet.close();
            let template = template?;
            if json {
                println!("{}", to_json(&template)?);
            } else {
                println!("{} [{}]\n", template.name, template.kind);
                print!("{}", text_of(&template.body));
            }
        }
        TemplatesCommand::Fill {
            file,
            id,
            patient,
            practitioner: practitioner_name,
            date,
            json,
        } => {
            let cabinet = open(&file)?;
            let filled = context(&cabinet, patient, practitioner_name.as_deref(), date)
                .and_then(|context| templates::fill(&cabinet, &id, &context));
            cabinet.close();
            let filled = filled?;
            if json {
                println!("{}", to_json(&filled)?);
            } else {
                print!("{}", text_of(&filled.body));
            }
            warn_missing(&filled.missing);
        }
        TemplatesCommand::Render {
            file,
            id,
            out,
            patient,
            practitioner: practitioner_name,
            date,
            allow_missing,
            force,
        } => {
            let cabinet = open(&file)?;
            let written = render(
                &cabinet,
                &id,
                &out,
                context(&cabinet, patient, practitioner_name.as_deref(), date),
                allow_missing,
                force,
            );
            cabinet.close();
            written?;
            println!("Document écrit : {}", out.display());
            eprintln!("{UNENCRYPTED_WARNING}");
        }
    }
    Ok(())
}

/// `documents export-pdf | export-docx`: a report's page, rendered and
/// written where she said, recorded as an export.
pub fn export_report(
    file: &Path,
    report_id: &str,
    version: Option<i64>,
    out: &Path,
    force: bool,
    docx: bool,
) -> Result<(), CoreError> {
    let cabinet = open(file)?;
    let written = (|| {
        let printable = carnet_core::documents::printable(&cabinet, report_id, version)?;
        let report = carnet_core::documents::reports::get(&cabinet, report_id)?;
        write_page(
            &cabinet,
            &printable,
            out,
            force,
            docx,
            report.patient_id.as_deref(),
            if docx {
                "compte rendu (DOCX)"
            } else {
                "compte rendu (PDF)"
            },
        )
    })();
    cabinet.close();
    written?;
    println!("Compte rendu écrit : {}", out.display());
    eprintln!("{UNENCRYPTED_WARNING}");
    Ok(())
}

/// Renders the page (DOCX or PDF/A) and writes it while the cabinet is
/// held, so the guard knows it.
pub(crate) fn write_page(
    cabinet: &Cabinet,
    printable: &carnet_core::printable::Printable,
    out: &Path,
    force: bool,
    docx: bool,
    patient_id: Option<&str>,
    what: &str,
) -> Result<(), CoreError> {
    let bytes = if docx {
        carnet_print::render_docx(printable)
    } else {
        carnet_print::render_pdf(printable)
    }
    .map_err(|error| CoreError::Internal(error.to_string()))?;
    templates::write_rendered(
        cabinet,
        &bytes,
        out,
        Replace::confirmed_if(force),
        patient_id,
        what,
    )
    .map_err(with_force_hint)
}

fn render(
    cabinet: &Cabinet,
    id: &str,
    out: &Path,
    context: Result<FillContext, CoreError>,
    allow_missing: bool,
    force: bool,
) -> Result<(), CoreError> {
    let context = context?;
    let (printable, missing) = templates::printable(cabinet, id, &context)?;
    if !missing.is_empty() && !allow_missing {
        let labels: Vec<&str> = missing.iter().map(|m| m.label.as_str()).collect();
        return Err(CoreError::InvalidInput {
            field: "missing",
            message: format!(
                "Champs sans valeur dans ce dossier : {}. Complétez le dossier, ou relancez avec --allow-missing (ils seront imprimés « [à compléter : …] »). Rien n'a été écrit.",
                labels.join(", ")
            ),
        });
    }
    let docx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    write_page(
        cabinet,
        &printable,
        out,
        force,
        docx,
        context.patient_id.as_deref(),
        if docx {
            "modèle rempli (DOCX)"
        } else {
            "modèle rempli (PDF)"
        },
    )
}

fn read_text(path: &Path) -> Result<String, CoreError> {
    let bytes = std::fs::read(path).map_err(|error| CoreError::InvalidInput {
        field: "textFile",
        message: format!("Impossible de lire « {} » : {error}.", path.display()),
    })?;
    String::from_utf8(bytes).map_err(|_| CoreError::InvalidInput {
        field: "textFile",
        message: format!(
            "« {} » n'est pas un texte UTF-8 : enregistrez-le en UTF-8.",
            path.display()
        ),
    })
}

pub fn run_snippets(command: SnippetsCommand) -> Result<(), CoreError> {
    match command {
        SnippetsCommand::List {
            file,
            practitioner: name,
            json,
        } => {
            let cabinet = open(&file)?;
            let found = practitioner(&cabinet, name.as_deref())
                .and_then(|id| snippets::list(&cabinet, id.as_deref()));
            cabinet.close();
            let found = found?;
            if json {
                println!("{}", to_json(&found)?);
            } else if found.is_empty() {
                println!("Aucune phrase type.");
            } else {
                for snippet in &found {
                    println!(
                        "{}  {} — {}",
                        snippet.code,
                        snippet.title,
                        text_of(&Value::Array(
                            snippet.body.as_array().cloned().unwrap_or_default()
                        ))
                        .trim_end()
                        .replace('\n', " / ")
                    );
                }
            }
        }
        SnippetsCommand::Add {
            file,
            code,
            title,
            text,
            practitioner: name,
        } => {
            let mut cabinet = open(&file)?;
            let created = practitioner(&cabinet, name.as_deref()).and_then(|practitioner_id| {
                snippets::create(
                    &mut cabinet,
                    &snippets::SnippetDraft {
                        practitioner_id,
                        code: code.clone(),
                        title,
                        body: Value::String(text),
                    },
                )
            });
            cabinet.close();
            created?;
            println!("Phrase type « {} » ajoutée.", code.trim().to_lowercase());
        }
    }
    Ok(())
}

pub fn run_words(command: WordsCommand) -> Result<(), CoreError> {
    match command {
        WordsCommand::List { file, json } => {
            let cabinet = open(&file)?;
            let found = words::list(&cabinet);
            cabinet.close();
            let found = found?;
            if json {
                println!("{}", to_json(&found)?);
            } else {
                for word in &found {
                    println!("{word}");
                }
                println!("{} mot(s).", found.len());
            }
        }
        WordsCommand::Add { file, words: list } => {
            let mut cabinet = open(&file)?;
            let mut added = 0;
            let mut outcome = Ok(());
            for word in &list {
                match words::add(&mut cabinet, word) {
                    Ok(new) => added += usize::from(new),
                    Err(error) => {
                        outcome = Err(error);
                        break;
                    }
                }
            }
            cabinet.close();
            outcome?;
            println!("{added} mot(s) ajouté(s) au dictionnaire du cabinet.");
        }
        WordsCommand::Remove { file, word } => {
            let mut cabinet = open(&file)?;
            let removed = words::remove(&mut cabinet, &word);
            cabinet.close();
            if removed? {
                println!("Mot retiré.");
            } else {
                return Err(CoreError::InvalidInput {
                    field: "word",
                    message: format!("« {word} » n'est pas dans le dictionnaire du cabinet."),
                });
            }
        }
    }
    Ok(())
}
