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
