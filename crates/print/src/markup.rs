//! The editor's ProseMirror JSON → typst markup.
//!
//! Every piece of text she typed becomes a typst *string literal*
//! (`#"…"`), shown as is: inside a string only `\` and `"` (and line
//! breaks) mean anything, so a patient named `#sys`, or text holding `$`,
//! `*`, `_`, `<`, `@`, `//` or `=` prints literally, and no text can run
//! code. Structure (paragraphs, headings, lists, tables, marks) is written
//! by this module only.

use serde_json::Value;

/// A typst string literal holding `text` exactly.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other control characters: by code point, never raw.
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text shown in markup: `#"…"`.
fn text(text: &str) -> String {
    format!("#{}", string_literal(text))
}

fn children(node: &Value) -> &[Value] {
    node.get("content")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn kind(node: &Value) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or_default()
}

fn inline_content(node: &Value) -> String {
    children(node).iter().map(inline).collect()
}

fn inline(node: &Value) -> String {
    match kind(node) {
        "text" => {
            let mut out = text(node.get("text").and_then(Value::as_str).unwrap_or_default());
            for mark in node
                .get("marks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let function = match kind(mark) {
                    "bold" => "strong",
                    "italic" => "emph",
                    "underline" => "underline",
                    _ => continue,
                };
                out = format!("#{function}[{out}]");
            }
            out
        }
        "hardBreak" => "#linebreak()".into(),
        // A field the file had no value for (the UI flagged it before
        // printing): visible on paper too, never blank.
        "mergeField" => {
            let label = node
                .pointer("/attrs/label")
                .or_else(|| node.pointer("/attrs/field"))
                .and_then(Value::as_str)
                .unwrap_or("champ");
            format!("#highlight[{}]", text(&format!("[à compléter : {label}]")))
        }
        _ => inline_content(node),
    }
}

fn alignment(node: &Value) -> Option<&'static str> {
    match node.pointer("/attrs/textAlign").and_then(Value::as_str) {
        Some("center") => Some("center"),
        Some("right") => Some("right"),
        Some("justify") => Some("justify"),
        _ => None,
    }
}

fn aligned(node: &Value, content: String) -> String {
    match alignment(node) {
        Some("justify") => format!("#par(justify: true)[{content}]"),
        Some(side) => format!("#align({side})[{content}]"),
        None => content,
    }
}

fn list_items(node: &Value) -> String {
    children(node)
        .iter()
        .map(|item| format!("[{}]", blocks(children(item), "\n\n")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table(node: &Value) -> String {
    let rows = children(node);
    let columns = rows
        .iter()
        .map(|row| children(row).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let mut cells = Vec::new();
    for row in rows {
        for cell in children(row) {
            let content = blocks(children(cell), "\n\n");
            if kind(cell) == "tableHeader" {
                cells.push(format!("table.cell(fill: luma(235))[#strong[{content}]]"));
            } else {
                cells.push(format!("[{content}]"));
            }
        }
        // Short rows filled so cells never slide into the next row.
        for _ in children(row).len()..columns {
            cells.push("[]".into());
        }
    }
    format!(
        "#table(columns: {columns}, inset: 5pt, stroke: 0.5pt + luma(140), {})",
        cells.join(", ")
    )
}

fn block(node: &Value) -> String {
    match kind(node) {
        "paragraph" => {
            let content = inline_content(node);
            if content.is_empty() {
                "#v(0.4em)".into()
            } else {
                aligned(node, content)
            }
        }
        "heading" => {
            let level = node
                .pointer("/attrs/level")
                .and_then(Value::as_u64)
                .unwrap_or(2)
                .clamp(1, 3);
            aligned(
                node,
                format!("#heading(level: {level})[{}]", inline_content(node)),
            )
        }
        "bulletList" => format!("#list({})", list_items(node)),
        "orderedList" => format!("#enum({})", list_items(node)),
        "table" => table(node),
        "pageBreak" => "#pagebreak(weak: true)".into(),
        "horizontalRule" => "#line(length: 100%, stroke: 0.5pt)".into(),
        "blockquote" => format!("#quote(block: true)[{}]", blocks(children(node), "\n\n")),
        // Inline content where a block was expected, or a node this
        // renderer does not know: its text, never dropped.
        _ => inline(node),
    }
}

fn blocks(nodes: &[Value], separator: &str) -> String {
    nodes.iter().map(block).collect::<Vec<_>>().join(separator)
}

/// The body of a page: a ProseMirror document (or a bare array of nodes).
pub fn body(document: &Value) -> String {
    match document {
        Value::Array(nodes) => blocks(nodes, "\n\n"),
        Value::String(plain) => text(plain),
        _ => blocks(children(document), "\n\n"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;
    use typst::syntax::{ast, parse_code};

    /// Parses `literal` as typst code and returns the string it denotes.
    fn typst_reads(literal: &str) -> Option<String> {
        let root = parse_code(literal);
        if !root.errors_and_warnings().0.is_empty() {
            return None;
        }
        let code: ast::Code = root.cast()?;
        let mut exprs = code.exprs();
        let first = exprs.next()?;
        if exprs.next().is_some() {
            return None;
        }
        match first {
            ast::Expr::Str(s) => Some(s.get().to_string()),
            _ => None,
        }
    }

    proptest! {
        /// Whatever she typed, typst reads back exactly that string, as one
        /// literal: nothing escapes into markup or code.
        #[test]
        fn any_text_is_one_typst_string_holding_exactly_it(
            typed in "[#$*_<>@=`~'\\-+/\\\\\"\\[\\]{}()a-zéÉœ« »\\n\\t.,;:!?0-9]{0,40}|\\PC{0,20}"
        ) {
            prop_assert_eq!(typst_reads(&string_literal(&typed)), Some(typed.clone()));
        }
    }

    #[test]
    fn the_characters_typst_treats_specially_are_literal() {
        for typed in [
            "#sys.inputs",
            "$x^2$",
            "*gras*",
            "_x_",
            "<label>",
            "@ref",
            "a\\",
            "\"",
            "// pas un commentaire",
            "= titre",
            "#{panic()}",
        ] {
            assert_eq!(typst_reads(&string_literal(typed)).as_deref(), Some(typed));
        }
    }

    #[test]
    fn structure_is_written_around_the_text() {
        let doc = json!({"type": "doc", "content": [
            {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Examen"}]},
            {"type": "paragraph", "attrs": {"textAlign": "center"}, "content": [
                {"type": "text", "text": "TA ", "marks": [{"type": "bold"}]},
                {"type": "text", "text": "12/8"},
                {"type": "hardBreak"},
                {"type": "mergeField", "attrs": {"field": "referrer.name", "label": "Médecin adresseur", "missing": true}}
            ]},
            {"type": "bulletList", "content": [
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "un"}]}]}
            ]}
        ]});
        assert_eq!(
            body(&doc),
            "#heading(level: 2)[#\"Examen\"]\n\n\
             #align(center)[#strong[#\"TA \"]#\"12/8\"#linebreak()#highlight[#\"[à compléter : Médecin adresseur]\"]]\n\n\
             #list([#\"un\"])"
        );
    }
}
