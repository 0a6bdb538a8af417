//! The rendered files read by independent tools: poppler's `pdftotext`
//! and `pdffonts`, Python's `pypdf` (PDF/A identification in the XMP
//! metadata) and `python-docx`. Installed by scripts/install-test-deps.sh.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use carnet_print::{render_docx, render_pdf, specimen as report};
use serde_json::{json, Value};

fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} introuvable ({e}) : lancez scripts/install-test-deps.sh")
        });
    assert!(
        output.status.success(),
        "{program} {args:?} a échoué : {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn python(script: &str, file: &Path) -> String {
    tool("python3", &["-c", script, file.to_str().unwrap()])
}

fn paragraph(text: &str) -> Value {
    json!({ "type": "paragraph", "content": [{ "type": "text", "text": text }] })
}

fn written(bytes: &[u8], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn the_pdf_text_holds_the_accented_name_the_rpps_and_page_numbers() {
    let pdf = render_pdf(&report(25, true)).unwrap();
    let (_dir, path) = written(&pdf, "cr.pdf");
    let text = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    for expected in [
        "DUPONT-LEFÈVRE Jeanne Éloïse",
        "nom utilisé : ALLAIN",
        "Née le 03/03/1962",
        "RPPS 10101234567",
        "Dr Hélène Lefèvre",
        "Conventionnée secteur 1",
        "Compte rendu de consultation",
        "Rythme sinusal régulier",
        "sans œdème",
        "Validé par Dr Hélène Lefèvre",
        "1/2",
        "2/2",
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » absent de :\n{text}"
        );
    }
    assert!(!text.contains("Document non validé"));
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(info.contains("A4"), "{info}");
}

#[test]
fn the_pdf_declares_pdf_a_2b_embeds_every_font_and_never_titles_a_patient() {
    let pdf = render_pdf(&report(3, true)).unwrap();
    let (_dir, path) = written(&pdf, "cr.pdf");
    let xmp = python(
        "import sys, pypdf\n\
         r = pypdf.PdfReader(sys.argv[1])\n\
         x = r.xmp_metadata\n\
         print(x.pdfaid_part if hasattr(x, 'pdfaid_part') else '', x.pdfaid_conformance if hasattr(x, 'pdfaid_conformance') else '')\n\
         print('intent', '/OutputIntents' in r.trailer['/Root'])\n\
         print('title', r.metadata.title)",
        &path,
    );
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("pdfaid:part>2<")
            || raw.contains("pdfaid:part=\"2\"")
            || xmp.starts_with("2 B"),
        "pas de pdfaid:part 2 : {xmp}"
    );
    assert!(
        raw.contains("pdfaid:conformance>B<")
            || raw.contains("pdfaid:conformance=\"B\"")
            || xmp.starts_with("2 B"),
        "pas de conformance B : {xmp}"
    );
    assert!(xmp.contains("intent True"), "{xmp}");
    assert!(xmp.contains("title Compte rendu de consultation"), "{xmp}");
    assert!(!xmp.contains("Dupont") && !xmp.contains("DUPONT"));
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(row.contains("LiberationSans"), "police inattendue : {row}");
        // Columns: name type encoding emb sub uni object ID.
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            columns[columns.len() - 5],
            "yes",
            "police non embarquée : {row}"
        );
    }
}

#[test]
fn a_draft_says_so_on_the_page() {
    let pdf = render_pdf(&report(1, false)).unwrap();
    let (_dir, path) = written(&pdf, "brouillon.pdf");
    let text = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    assert!(text.contains("Document non validé"), "{text}");
}

#[test]
fn text_typst_treats_specially_prints_literally() {
    let mut printable = report(0, true);
    let hostile = "#sys.inputs $x$ *gras* _souligné_ <étiquette> @ref \\ \" // = titre #{panic()}";
    printable.patient.as_mut().unwrap().birth_name = "#sys".into();
    printable.body = json!({ "type": "doc", "content": [paragraph(hostile)] });
    let pdf = render_pdf(&printable).unwrap();
    let (_dir, path) = written(&pdf, "x.pdf");
    let text = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    assert!(text.contains(hostile), "{text}");
    assert!(text.contains("#SYS Jeanne Éloïse"), "{text}");
}

#[test]
fn the_docx_opens_in_python_docx_with_the_same_content() {
    let docx = render_docx(&report(3, false)).unwrap();
    let (_dir, path) = written(&docx, "cr.docx");
    let text = python(
        "import sys, docx\n\
         d = docx.Document(sys.argv[1])\n\
         print('\\n'.join(p.text for p in d.paragraphs))\n\
         print('\\n'.join(c.text for t in d.tables for r in t.rows for c in r.cells))\n\
         s = d.sections[0]\n\
         print('page', round(s.page_width.mm), round(s.page_height.mm))\n\
         print('title', repr(d.core_properties.title))",
        &path,
    );
    for expected in [
        "Dr Hélène Lefèvre",
        "RPPS 10101234567",
        "Patient : DUPONT-LEFÈVRE Jeanne Éloïse — nom utilisé : ALLAIN",
        "Compte rendu de consultation",
        "Document non validé",
        "Douleur thoracique à l'effort",
        "Rythme sinusal régulier",
        "page 210 297",
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » absent de :\n{text}"
        );
    }
    assert!(!text.contains("title 'Dupont"));
}

/// Words of a PDF with their boxes, in millimetres from the page's top
/// left (poppler's `pdftotext -bbox`): (page, word, x_min, y_min, x_max, y_max).
fn word_boxes(path: &Path) -> Vec<(usize, String, f64, f64, f64, f64)> {
    let html = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let mm = |v: &str| v.parse::<f64>().unwrap() * 25.4 / 72.0;
    let attribute = |line: &str, name: &str| -> String {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[start..].split('"').next().unwrap().to_string()
    };
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<word ") {
            let text =
                line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            words.push((
                page,
                text,
                mm(&attribute(line, "xMin")),
                mm(&attribute(line, "yMin")),
                mm(&attribute(line, "xMax")),
                mm(&attribute(line, "yMax")),
            ));
        }
    }
    words
}

fn letter() -> carnet_core::printable::Printable {
    let mut letter = report(1, true);
    letter.title = String::new();
    letter.recipient_lines = vec![
        "Dr Anne Roux-Lefèvre".into(),
        "Centre médical des Lices".into(),
        "12 rue Haute".into(),
        "35000 Rennes".into(),
    ];
    letter.copies = vec!["Dr Paul Girard (médecin traitant)".into()];
    letter
}

#[test]
fn a_letters_addressee_shows_through_the_window_of_a_dl_envelope() {
    let pdf = render_pdf(&letter()).unwrap();
    let (_dir, path) = written(&pdf, "courrier.pdf");
    let words = word_boxes(&path);
    // The window of a DL envelope (110 × 220 mm, window 45 × 100 mm at 20 mm
    // from the right and 15 mm from the bottom) shows, on the A4 sheet folded
    // in three, about x 100–200 mm and y 45–90 mm; every word of the address
    // must lie inside, with the sheet's play in the envelope (5 mm).
    for wanted in ["Roux-Lefèvre", "Lices", "Haute", "Rennes", "35000"] {
        let (_, _, x0, y0, x1, y1) = words
            .iter()
            .find(|w| w.0 == 1 && w.1 == wanted)
            .unwrap_or_else(|| panic!("« {wanted} » absent de la page"));
        assert!(
            *x0 >= 105.0 && *x1 <= 195.0 && *y0 >= 50.0 && *y1 <= 85.0,
            "« {wanted} » hors de la fenêtre : x {x0:.0}–{x1:.0} mm, y {y0:.0}–{y1:.0} mm"
        );
    }
    // The letterhead stays out of the window; the text starts below it.
    let (_, _, _, y_text, _, _) = words.iter().find(|w| w.1 == "Rythme").unwrap().clone();
    assert!(
        y_text > 90.0,
        "le texte commence à {y_text:.0} mm, sous la fenêtre"
    );
    let text = tool("pdftotext", &["-enc", "UTF-8", path.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Copie : Dr Paul Girard (médecin traitant)"),
        "{text}"
    );
    assert!(!text.contains("Compte rendu de consultation"), "{text}");
}

#[test]
fn envelopes_are_dl_pages_and_labels_fill_an_a4_sheet_three_by_eight() {
    use carnet_print::{render_addresses, AddressFormat};
    let sender = vec!["Dr Hélène Lefèvre".to_string(), "75011 Paris".to_string()];
    let addresses: Vec<Vec<String>> = (1..=26)
        .map(|n| {
            vec![
                format!("Destinataire{n}"),
                format!("{n} rue Haute"),
                "35000 Rennes".into(),
            ]
        })
        .collect();
    let pdf = render_addresses(AddressFormat::Envelope, &sender, &addresses[..2]).unwrap();
    let (_dir, path) = written(&pdf, "enveloppes.pdf");
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(
        info.contains("623.622 x 311.811 pts"),
        "DL 220 × 110 mm : {info}"
    );
    let words = word_boxes(&path);
    let second = words.iter().find(|w| w.1 == "Destinataire2").unwrap();
    assert_eq!(second.0, 2);
    assert!(second.2 >= 100.0 && second.3 >= 50.0, "{second:?}");

    let pdf = render_addresses(AddressFormat::Labels, &sender, &addresses).unwrap();
    let (_dir, path) = written(&pdf, "etiquettes.pdf");
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           2"), "24 par page : {info}");
    let words = word_boxes(&path);
    // Label n (from 0) is at column n % 3, row n / 3; each address inside its label.
    for n in 0..24 {
        let name = format!("Destinataire{}", n + 1);
        let w = words.iter().find(|w| w.1 == name).unwrap();
        let (column, row) = ((n % 3) as f64, (n / 3) as f64);
        assert!(
            w.2 >= column * 70.0
                && w.4 <= (column + 1.0) * 70.0
                && w.3 >= row * 37.125
                && w.5 <= (row + 1.0) * 37.125,
            "{name} hors de son étiquette : {w:?}"
        );
    }
    assert_eq!(words.iter().find(|w| w.1 == "Destinataire25").unwrap().0, 2);
    assert!(matches!(
        render_addresses(AddressFormat::Labels, &sender, &[]),
        Err(carnet_print::PrintError::NoAddress)
    ));
}
