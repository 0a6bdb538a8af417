//! The words of a report: the plain text of its ProseMirror body (for the
//! search index and its passages), and the French stems that let
//! « douleurs » find « douleur ».

use rust_stemmers::{Algorithm, Stemmer};
use serde_json::Value;

/// The plain text of a ProseMirror document: a line per block (paragraph,
/// heading, list item, table cell), text nodes joined within a block.
pub fn plain_text(body: &Value) -> String {
    let mut out = String::new();
    walk(body, &mut out);
    out.trim().to_string()
}

/// The (`field`, `label`) attributes of every merge-field node of a body,
/// in order, repeats included: a template's fields, or what a report
/// still has to complete (a filled template labels the fields it could
/// not fill).
pub(crate) fn merge_field_nodes(body: &Value) -> Vec<(String, String)> {
    fn collect(node: &Value, found: &mut Vec<(String, String)>) {
        if node.get("type").and_then(Value::as_str) == Some("mergeField") {
            let attr = |name: &str| {
                node.pointer(&format!("/attrs/{name}"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            found.push((attr("field"), attr("label")));
        }
        if let Some(children) = node.get("content").and_then(Value::as_array) {
            for child in children {
                collect(child, found);
            }
        }
    }
    let mut found = Vec::new();
    collect(body, &mut found);
    found
}

/// The labels of the template fields left in a body (« Médecin
/// adresseur »), once each, in order: what must be typed or removed before
/// the doctor may validate.
pub(crate) fn unresolved_fields(body: &Value) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for (field, label) in merge_field_nodes(body) {
        let label = if label.is_empty() { field } else { label };
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels
}

fn walk(node: &Value, out: &mut String) {
    match node.get("type").and_then(Value::as_str) {
        Some("text") => {
            if let Some(text) = node.get("text").and_then(Value::as_str) {
                out.push_str(text);
            }
        }
        Some("hardBreak") => out.push('\n'),
        Some("mergeField") => {
            // A template's unresolved field: its name is not the report's text.
        }
        kind => {
            let is_block = !matches!(kind, Some("doc") | None);
            if let Some(children) = node.get("content").and_then(Value::as_array) {
                for child in children {
                    walk(child, out);
                }
            }
            if is_block && !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
}

/// A ProseMirror document of plain paragraphs, one per line of `text`
/// (reports brought from TXT, DOCX or PDF).
pub fn paragraphs_doc(text: &str) -> Value {
    let content: Vec<Value> = text
        .lines()
        .map(str::trim_end)
        .map(|line| {
            if line.trim().is_empty() {
                serde_json::json!({"type": "paragraph"})
            } else {
                serde_json::json!({"type": "paragraph", "content": [{"type": "text", "text": line}]})
            }
        })
        .collect();
    serde_json::json!({"type": "doc", "content": content})
}

/// The words of a text as the index cuts them: runs of letters and digits
/// (an apostrophe, a hyphen or a space ends a word), lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The French stemmer, made once per call site (it holds no state).
pub struct French(Stemmer);

impl Default for French {
    fn default() -> Self {
        French(Stemmer::create(Algorithm::French))
    }
}

impl French {
    /// The stem of one lower-cased word. Accents are folded *before*
    /// stemming: she types « operee » for « opérée » as often as not, and
    /// both sides of the search must reduce alike.
    /// Snowball leaves the final « e » of a folded feminine (« operee » →
    /// « opere », « opere » → « oper »): it is dropped, so both meet.
    pub fn stem(&self, word: &str) -> String {
        let mut folded = crate::phonetic::fold(word);
        // « genoux », « cailloux »: the -oux plurals Snowball keeps whole.
        if folded.ends_with("oux") && folded.len() > 4 {
            folded.pop();
        }
        let stem = self.0.stem(&folded);
        match stem.strip_suffix('e') {
            Some(shorter) if shorter.chars().count() >= 3 => shorter.to_string(),
            _ => stem.into_owned(),
        }
    }

    /// The stems of a text, in order, separated by spaces: what the index's
    /// `stems` column holds, so a phrase of stems matches in place.
    pub fn stems(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for word in words(text) {
            let stem = self.stem(&word);
            if stem.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&stem);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_fields_are_not_text() {
        let body = serde_json::json!({"type":"doc","content":[
            {"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Conclusion"}]},
            {"type":"paragraph","content":[
                {"type":"text","text":"Douleur "},
                {"type":"text","marks":[{"type":"bold"}],"text":"thoracique"},
                {"type":"hardBreak"},
                {"type":"text","text":"atypique"},
                {"type":"mergeField","attrs":{"field":"patient.birthName"}}]},
            {"type":"bulletList","content":[{"type":"listItem","content":[
                {"type":"paragraph","content":[{"type":"text","text":"ECG normal"}]}]}]}
        ]});
        assert_eq!(
            plain_text(&body),
            "Conclusion\nDouleur thoracique\natypique\nECG normal"
        );
    }

    #[test]
    fn plural_and_accents_share_a_stem() {
        let french = French::default();
        assert_eq!(french.stem("douleurs"), french.stem("douleur"));
        for group in [
            ["opérée", "opéré", "opérées", "operes"],
            ["thoracique", "thoraciques", "Thoraciques", "thoracique"],
            ["échographie", "échographies", "echographie", "ECHOGRAPHIES"],
            ["genou", "genoux", "genou", "genou"],
            ["hôpital", "hopital", "hôpitaux", "hopitaux"],
        ] {
            let stems: Vec<String> = group
                .iter()
                .map(|w| french.stem(&w.to_lowercase()))
                .collect();
            assert!(
                stems.iter().all(|s| s == &stems[0]),
                "{group:?} → {stems:?}"
            );
        }
        assert_eq!(
            french.stems("Douleurs thoraciques, l'hôpital"),
            french.stems("douleur thoracique l hopital")
        );
    }
}
