//! A two-page specimen report for a made-up patient: what the benchmark
//! renders (« render a two-page PDF ≤ 100 ms ») and what the tests read
//! back, so both speak of the same page.

use carnet_core::printable::{Letterhead, Printable, PrintedPatient};
use serde_json::{json, Value};

fn paragraph(text: &str) -> Value {
    json!({ "type": "paragraph", "content": [{ "type": "text", "text": text }] })
}

/// `paragraphs` paragraphs of examination text after a heading, a bold
/// phrase and a table; 25 fill two A4 pages. `validated`: with a
/// validation line, else a draft.
pub fn specimen(paragraphs: usize, validated: bool) -> Printable {
    let mut content = vec![
        json!({ "type": "heading", "attrs": { "level": 2 }, "content": [{ "type": "text", "text": "Motif" }] }),
        json!({ "type": "paragraph", "content": [
            { "type": "text", "text": "Douleur thoracique ", "marks": [{ "type": "bold" }] },
            { "type": "text", "text": "à l'effort depuis trois semaines." }
        ] }),
        json!({ "type": "table", "content": [
            { "type": "tableRow", "content": [
                { "type": "tableHeader", "content": [paragraph("Examen")] },
                { "type": "tableHeader", "content": [paragraph("Résultat")] }
            ] },
            { "type": "tableRow", "content": [
                { "type": "tableCell", "content": [paragraph("ECG")] },
                { "type": "tableCell", "content": [paragraph("Rythme sinusal régulier")] }
            ] }
        ] }),
    ];
    for i in 0..paragraphs {
        content.push(paragraph(&format!(
            "Paragraphe {i} : l'examen clinique retrouve une auscultation cardiaque normale, \
             sans souffle ni bruit surajouté ; les pouls périphériques sont perçus, la pression \
             artérielle est mesurée à 128/76 mmHg aux deux bras, sans œdème des membres inférieurs."
        )));
    }
    Printable {
        letterhead: Letterhead {
            name: "Dr Hélène Lefèvre".into(),
            specialty: "Cardiologie".into(),
            rpps: "10101234567".into(),
            address_lines: vec!["5 avenue Foch".into(), "75016 Paris".into()],
            phone: "01 23 45 67 89".into(),
            email: "secretariat@cabinet-lefevre.fr".into(),
            conventionnement: "Conventionnée secteur 1".into(),
        },
        patient: Some(PrintedPatient {
            birth_name: "Dupont-Lefèvre".into(),
            used_name: Some("Allain".into()),
            first_names: "Jeanne Éloïse".into(),
            birth_date: "03/03/1962".into(),
            sex: "F".into(),
            nir: Some("2 62 03 75 111 222 33".into()),
        }),
        title: "Compte rendu de consultation".into(),
        place_and_date: "Paris, le 7 décembre 2026".into(),
        body: json!({ "type": "doc", "content": content }),
        validation_line: if validated {
            "Validé par Dr Hélène Lefèvre le 07/12/2026 à 18:02 — empreinte 3fa2c1".into()
        } else {
            String::new()
        },
        recipient_lines: Vec::new(),
        copies: Vec::new(),
        document_title: "Compte rendu de consultation".into(),
    }
}
