//! The templates a new cabinet starts with, and the plain-text form they
//! (and carnet-admin's `templates add --text`) are written in: a line is a
//! paragraph, `## ` starts a heading, `- ` a bullet, `{patient.birthName}`
//! is a merge field of the catalogue.

use rusqlite::{params, Transaction};
use serde_json::{json, Value};

use super::store::DocumentKind;
use crate::error::Result;
use crate::ids::new_id;

const CONSULTATION: &str = "\
Objet : consultation du {consultation.date}
{accord.cherConfrere} {patient.displayName}, {accord.ne} le {patient.birthDate}, {accord.age} de {patient.age}, {accord.adresse} par {referrer.name}.
## Motif de consultation
## Antécédents
## Examen clinique
## Conclusion
## Conduite à tenir
Copie : {gp.name}, médecin traitant.";

const OPERATOIRE: &str = "\
Patient(e) : {patient.civility} {patient.displayName}, {accord.ne} le {patient.birthDate}
Date de l'intervention : {consultation.date}
Opérateur : {practitioner.name}
## Indication
## Anesthésie
## Installation
## Description de l'intervention
## Suites opératoires prévues
Copie : {gp.name}, médecin traitant.";

const EXAMEN: &str = "\
Examen du {consultation.date} — {patient.civility} {patient.displayName}, {accord.ne} le {patient.birthDate} ({patient.age})
## Indication
## Technique
## Résultats
## Conclusion";

const COURRIER: &str = "\
Cher confrère,
Je vous remercie de m'avoir adressé {accord.lePatient} {patient.displayName}, {accord.ne} le {patient.birthDate}, que j'ai {accord.vu} en consultation le {consultation.date}.
{accord.Il} présente
Je reste à votre disposition.
Bien confraternellement,
{practitioner.name}";

/// Name, kind and text of each default template.
const DEFAULTS: &[(&str, DocumentKind, &str)] = &[
    (
        "Compte rendu de consultation",
        DocumentKind::Consultation,
        CONSULTATION,
    ),
    (
        "Compte rendu opératoire",
        DocumentKind::Operatoire,
        OPERATOIRE,
    ),
    ("Compte rendu d'examen", DocumentKind::Examen, EXAMEN),
    ("Courrier au confrère", DocumentKind::Courrier, COURRIER),
];

/// Inline nodes of one line: text, and `{key}` as a merge field node.
fn inline(line: &str) -> Vec<Value> {
    let mut nodes = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            nodes.push(json!({ "type": "text", "text": &rest[..open] }));
        }
        nodes.push(json!({ "type": "mergeField", "attrs": { "field": &rest[open + 1..close] } }));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        nodes.push(json!({ "type": "text", "text": rest }));
    }
    nodes
}

fn block(kind: &str, content: Vec<Value>) -> Value {
    if content.is_empty() {
        json!({ "type": kind })
    } else {
        json!({ "type": kind, "content": content })
    }
}

/// The nodes of a text in the plain form (see the module's comment).
fn nodes(text: &str) -> Vec<Value> {
    let mut nodes: Vec<Value> = Vec::new();
    let mut bullets: Vec<Value> = Vec::new();
    for line in text.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            bullets
                .push(json!({ "type": "listItem", "content": [block("paragraph", inline(item))] }));
            continue;
        }
        if !bullets.is_empty() {
            nodes.push(json!({ "type": "bulletList", "content": std::mem::take(&mut bullets) }));
        }
        if let Some(title) = line.strip_prefix("## ") {
            nodes.push(
                json!({ "type": "heading", "attrs": { "level": 2 }, "content": inline(title) }),
            );
            nodes.push(block("paragraph", Vec::new()));
        } else {
            nodes.push(block("paragraph", inline(line)));
        }
    }
    if !bullets.is_empty() {
        nodes.push(json!({ "type": "bulletList", "content": bullets }));
    }
    nodes
}

/// A document from the plain form; its fields are checked when it is saved.
pub fn body_from_text(text: &str) -> Value {
    json!({ "type": "doc", "content": nodes(text) })
}

/// A fragment from plain text (a snippet typed in carnet-admin).
pub(super) fn paragraphs(text: &str) -> Value {
    Value::Array(nodes(text))
}

/// The default templates of a new cabinet (the cabinet's, for every
/// practitioner). Runs while the file is built: the system clock stamps them.
pub fn seed_defaults(tx: &Transaction<'_>) -> Result<()> {
    let now = crate::ids::now_utc();
    for (name, kind, text) in DEFAULTS {
        tx.execute(
            "INSERT INTO document_templates (id, name, kind, practitioner_id, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?5)",
            params![new_id(), name, kind, body_from_text(text).to_string(), now],
        )?;
    }
    Ok(())
}
