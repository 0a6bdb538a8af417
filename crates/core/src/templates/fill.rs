//! Filling a template for one patient: each `mergeField` node becomes the
//! text of its value, computed by minijinja under strict undefined, so a
//! field with no value in this file is reported — listed with its French
//! label and left in the body as a `mergeField` node the editor shows as a
//! flagged chip and the printer as « [à compléter : …] » — never printed
//! blank.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use serde_json::{json, Value};

use super::fields::{self, FillContext};
use super::store;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::printable::{Letterhead, Printable};

/// A field this patient's file gave no value.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MissingField {
    pub field: String,
    /// « Médecin adresseur ».
    pub label: String,
}

/// A filled body and what it still lacks.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Filled {
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
    /// Each missing field once, in the order of the body.
    pub missing: Vec<MissingField>,
}

/// Fills a stored template for a patient, a practitioner and a date.
pub fn fill(cabinet: &Cabinet, template_id: &str, context: &FillContext) -> Result<Filled> {
    let template = store::get(cabinet, template_id)?;
    fill_body(cabinet, &template.name, &template.body, context)
}

/// Fills any body holding merge fields (a template, or a fragment the
/// editor inserts). `name` names it in errors.
pub fn fill_body(
    cabinet: &Cabinet,
    name: &str,
    body: &Value,
    context: &FillContext,
) -> Result<Filled> {
    // Every field known before anything is evaluated: only catalogue
    // expressions ever run.
    store::merge_fields_of(body, name)?;
    let values = fields::values(cabinet, context)?;
    let mut environment = Environment::new();
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    let values = minijinja::Value::from(minijinja::value::Serde(&values));
    let mut filler = Filler {
        environment,
        values,
        missing: Vec::new(),
    };
    let body = filler.node(body)?;
    Ok(Filled {
        body,
        missing: filler.missing,
    })
}

struct Filler {
    environment: Environment<'static>,
    values: minijinja::Value,
    missing: Vec<MissingField>,
}

impl Filler {
    fn node(&mut self, node: &Value) -> Result<Value> {
        if node.get("type").and_then(Value::as_str) == Some("mergeField") {
            return self.merge_field(node);
        }
        let mut copy = node.clone();
        if let Some(children) = node.get("content").and_then(Value::as_array) {
            let filled = children
                .iter()
                .map(|child| self.node(child))
                .collect::<Result<Vec<_>>>()?;
            copy["content"] = Value::Array(filled);
        }
        Ok(copy)
    }

    fn merge_field(&mut self, node: &Value) -> Result<Value> {
        let key = node
            .pointer("/attrs/field")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let field = fields::find(key)
            .ok_or_else(|| CoreError::Internal(format!("champ non vérifié : {key}")))?;
        let expression = self
            .environment
            .compile_expression(field.expression)
            .map_err(|error| CoreError::Internal(format!("champ {key} : {error}")))?;
        // Strict undefined: a value absent from the file is an error here,
        // or an undefined value, never an empty string.
        let text = match expression.eval(&self.values) {
            Ok(value) if !value.is_undefined() && !value.is_none() => Some(value.to_string()),
            _ => None,
        }
        .filter(|text| !text.trim().is_empty());
        match text {
            Some(text) => {
                let mut text_node = json!({ "type": "text", "text": text });
                if let Some(marks) = node.get("marks") {
                    text_node["marks"] = marks.clone();
                }
                Ok(text_node)
            }
            None => {
                if !self.missing.iter().any(|m| m.field == field.key) {
                    self.missing.push(MissingField {
                        field: field.key.to_string(),
                        label: field.label.to_string(),
                    });
                }
                let mut flagged = node.clone();
                flagged["attrs"]["label"] = json!(field.label);
                flagged["attrs"]["missing"] = json!(true);
                Ok(flagged)
            }
        }
    }
}

/// A template filled for one patient, as a page to print (the admin's
/// `templates render`, the app's preview), with the fields that had no
/// value: the caller shows them before printing.
pub fn printable(
    cabinet: &Cabinet,
    template_id: &str,
    context: &FillContext,
) -> Result<(Printable, Vec<MissingField>)> {
    let template = store::get(cabinet, template_id)?;
    let filled = fill_body(cabinet, &template.name, &template.body, context)?;
    let letterhead = match context.practitioner_id.as_deref() {
        Some(id) => fields::letterhead(cabinet, id)?,
        None => Letterhead::default(),
    };
    let patient = context
        .patient_id
        .as_deref()
        .map(|id| crate::documents::printing::printed_patient(cabinet, id))
        .transpose()?
        .flatten();
    let date = fields::consultation_day(cabinet, context)?;
    Ok((
        Printable {
            letterhead,
            patient,
            title: template.kind.title().to_string(),
            place_and_date: format!("Le {}", crate::documents::printing::long_french_date(date)),
            body: filled.body,
            validation_line: String::new(),
            recipient_lines: Vec::new(),
            copies: Vec::new(),
            document_title: template.kind.title().to_string(),
        },
        filled.missing,
    ))
}
