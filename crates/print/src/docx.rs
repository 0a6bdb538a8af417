//! DOCX for those who finish in Word (docx-rs): the same letterhead,
//! identity, title and body as the PDF, in Arial (Liberation Sans has its
//! metrics), A4, page numbers « 1/2 » in the footer.

use carnet_core::printable::Printable;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, NumPages, PageMargin, PageNum, Paragraph, Run,
    RunFonts, Table, TableCell, TableRow,
};
use serde_json::Value;

use crate::{identity, PrintError};

/// Half-points, as Word counts font sizes.
const BODY_SIZE: usize = 21;

fn children(node: &Value) -> &[Value] {
    node.get("content")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn kind(node: &Value) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or_default()
}

fn runs(node: &Value, paragraph: Paragraph) -> Paragraph {
    children(node)
        .iter()
        .fold(paragraph, |paragraph, child| match kind(child) {
            "text" => {
                let mut run = Run::new().add_text(
                    child
                        .get("text")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                );
                for mark in child
                    .get("marks")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    run = match kind(mark) {
                        "bold" => run.bold(),
                        "italic" => run.italic(),
                        "underline" => run.underline("single"),
                        _ => run,
                    };
                }
                paragraph.add_run(run)
            }
            "hardBreak" => paragraph.add_run(Run::new().add_break(BreakType::TextWrapping)),
            "mergeField" => {
                let label = child
                    .pointer("/attrs/label")
                    .or_else(|| child.pointer("/attrs/field"))
                    .and_then(Value::as_str)
                    .unwrap_or("champ");
                paragraph.add_run(
                    Run::new()
                        .add_text(format!("[à compléter : {label}]"))
                        .highlight("yellow"),
                )
            }
            _ => runs(child, paragraph),
        })
}

fn aligned(node: &Value, paragraph: Paragraph) -> Paragraph {
    match node.pointer("/attrs/textAlign").and_then(Value::as_str) {
        Some("center") => paragraph.align(AlignmentType::Center),
        Some("right") => paragraph.align(AlignmentType::Right),
        Some("justify") => paragraph.align(AlignmentType::Both),
        _ => paragraph,
    }
}

enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

fn blocks(nodes: &[Value], prefix: &str, out: &mut Vec<Block>) {
    for node in nodes {
        match kind(node) {
            "heading" => {
                let level = node
                    .pointer("/attrs/level")
                    .and_then(Value::as_u64)
                    .unwrap_or(2);
                let size = match level {
                    1 => 30,
                    2 => 25,
                    _ => 23,
                };
                let heading = Paragraph::new().add_run(Run::new().size(size).bold());
                let heading = runs(node, heading);
                // Bold throughout: the runs carry their own marks, the
                // paragraph mark makes the heading bold in Word's eyes.
                out.push(Block::Paragraph(Box::new(aligned(
                    node,
                    heading.bold().size(size),
                ))));
            }
            "bulletList" | "orderedList" => {
                for (index, item) in children(node).iter().enumerate() {
                    let marker = if kind(node) == "bulletList" {
                        "• ".to_string()
                    } else {
                        format!("{}. ", index + 1)
                    };
                    let mut inner = Vec::new();
                    blocks(children(item), &format!("{prefix}{marker}"), &mut inner);
                    out.extend(inner);
                }
            }
            "table" => {
                let rows = children(node)
                    .iter()
                    .map(|row| {
                        TableRow::new(
                            children(row)
                                .iter()
                                .map(|cell| {
                                    let mut inner = Vec::new();
                                    blocks(children(cell), "", &mut inner);
                                    inner.into_iter().fold(TableCell::new(), |cell, block| {
                                        match block {
                                            Block::Paragraph(p) => cell.add_paragraph(*p),
                                            Block::Table(t) => cell.add_table(*t),
                                        }
                                    })
                                })
                                .collect(),
                        )
                    })
                    .collect();
                out.push(Block::Table(Box::new(Table::new(rows))));
            }
            "pageBreak" => out.push(Block::Paragraph(Box::new(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            ))),
            "blockquote" => blocks(children(node), prefix, out),
            _ => {
                let mut paragraph = Paragraph::new();
                if !prefix.is_empty() {
                    paragraph = paragraph.add_run(Run::new().add_text(prefix));
                }
                out.push(Block::Paragraph(Box::new(aligned(
                    node,
                    runs(node, paragraph),
                ))));
            }
        }
    }
}

fn line(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// The page as a Word document.
pub fn render_docx(printable: &Printable) -> Result<Vec<u8>, PrintError> {
    let arial = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
    let mut docx = Docx::new()
        .default_fonts(arial)
        .default_size(BODY_SIZE)
        // A4 in twentieths of a point, 2 cm margins.
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1021)
                .bottom(1247)
                .left(1134)
                .right(1134),
        );
    let head = &printable.letterhead;
    docx = docx
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&head.name).bold().size(26)));
    let mut head_lines = vec![head.specialty.clone()];
    if !head.rpps.is_empty() {
        head_lines.push(format!("RPPS {}", head.rpps));
    }
    head_lines.extend(head.address_lines.iter().cloned());
    if !head.phone.is_empty() {
        head_lines.push(format!("Tél. {}", head.phone));
    }
    head_lines.push(head.email.clone());
    head_lines.push(head.conventionnement.clone());
    for text in head_lines.iter().filter(|l| !l.is_empty()) {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).size(18)));
    }
    docx = docx.add_paragraph(line(&printable.place_and_date).align(AlignmentType::Right));
    for text in &printable.recipient_lines {
        docx = docx.add_paragraph(line(text).align(AlignmentType::Right));
    }
    if let Some(patient) = &printable.patient {
        for text in identity::patient_lines(patient) {
            docx = docx.add_paragraph(line(&text));
        }
    }
    if !printable.title.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&printable.title).bold().size(28))
                .align(AlignmentType::Center),
        );
    }
    if printable.validation_line.trim().is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(
                    Run::new()
                        .add_text("Document non validé")
                        .bold()
                        .color("B00020"),
                )
                .align(AlignmentType::Center),
        );
    }
    let mut body = Vec::new();
    match &printable.body {
        Value::Array(nodes) => blocks(nodes, "", &mut body),
        document => blocks(children(document), "", &mut body),
    }
    for block in body {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    if !printable.copies.is_empty() {
        docx = docx.add_paragraph(line(&format!("Copie : {}", printable.copies.join(" ; "))));
    }
    if !printable.validation_line.trim().is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(&printable.validation_line).size(17)),
        );
    }
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(
                Run::new()
                    .add_text(format!("{}    ", identity::footer_left(printable)))
                    .size(16),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text("/").size(16))
            .add_num_pages(NumPages::new())
            .align(AlignmentType::Right),
    );
    docx = docx.footer(footer);
    let mut bytes = Vec::new();
    docx.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(|error| PrintError::Docx(error.to_string()))?;
    Ok(bytes)
}
