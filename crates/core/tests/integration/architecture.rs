//! The architecture invariants of ARCHITECTURE.md, kept true by a test:
//! dependencies inside carnet-core point one way.
//!
//! The graph is read from the sources: a node per file (a Rust module), an
//! edge per `crate::…` / `super::…` path it names outside comments and
//! `#[cfg(test)]` items, resolved to the deepest module file that exists.
//! Test code may reach anything; product code may not loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module path (`patients::search`) → file.
fn module_files(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let relative = path.strip_prefix(root).expect("under src");
            let mut parts: Vec<String> = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
                parts.pop();
            }
            found.insert(parts.join("::"), path);
        }
    }
    found
}

/// The text without comments and without `#[cfg(test)]` items (a module or
/// a function and its braces).
fn product_code(text: &str) -> String {
    let without_comments: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = without_comments.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let Some(open) = after.find('{') else {
            rest = "";
            break;
        };
        // A `use` under cfg(test) ends at its semicolon, before any brace.
        if let Some(semicolon) = after.find(';').filter(|s| *s < open) {
            rest = &after[semicolon + 1..];
            continue;
        }
        let mut depth = 0usize;
        let mut end = after.len();
        for (index, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + index + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The deepest existing module named by `path` (`agenda::setup::motifs` →
/// `agenda::setup`).
fn resolve(modules: &BTreeMap<String, PathBuf>, path: &[&str]) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
}

/// Every module path named after `crate::` or `super::` (with `{a, b::c}`
/// groups expanded one level).
fn named_paths(module: &str, code: &str) -> Vec<Vec<String>> {
    let parent: Vec<String> = {
        let mut parts: Vec<String> = module.split("::").map(str::to_string).collect();
        parts.pop();
        parts
    };
    let mut paths = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent)] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let preceded_by_ident = rest[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            rest = &rest[at + prefix.len()..];
            if preceded_by_ident {
                continue;
            }
            let taken: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut head: Vec<String> = base.clone();
            head.extend(
                taken
                    .split("::")
                    .filter(|s| !s.is_empty() && *s != "super")
                    .map(str::to_string),
            );
            let after = &rest[taken.len()..];
            if taken.ends_with("::") && after.starts_with('{') {
                let group: String = after[1..].chars().take_while(|c| *c != '}').collect();
                for item in group.split(',') {
                    let item = item.split_whitespace().next().unwrap_or("");
                    let mut path = head.clone();
                    if item != "self" && !item.is_empty() {
                        path.extend(item.split("::").map(str::to_string));
                    }
                    paths.push(path);
                }
            }
            paths.push(head);
        }
    }
    paths
}

fn dependency_graph() -> Graph {
    let root = source_root();
    let modules = module_files(&root);
    let mut graph = Graph::new();
    for (module, file) in &modules {
        let code = product_code(&std::fs::read_to_string(file).expect("source"));
        let targets = graph.entry(module.clone()).or_default();
        for path in named_paths(module, &code) {
            let parts: Vec<&str> = path.iter().map(String::as_str).collect();
            if let Some(target) = resolve(&modules, &parts) {
                if target != *module && !target.is_empty() {
                    targets.insert(target);
                }
            }
        }
    }
    graph
}

/// The cycles of the graph (Tarjan's strongly connected components of more
/// than one module).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, node: &'a str) {
        let next = walk.index.len();
        walk.index.insert(node, next);
        walk.low.insert(node, next);
        walk.stack.push(node);
        let graph = walk.graph;
        for target in graph.get(node).into_iter().flatten() {
            let target = target.as_str();
            if !walk.index.contains_key(target) {
                visit(walk, target);
                let low = walk.low[node].min(walk.low[target]);
                walk.low.insert(node, low);
            } else if walk.stack.contains(&target) {
                let low = walk.low[node].min(walk.index[target]);
                walk.low.insert(node, low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut component = Vec::new();
            while let Some(member) = walk.stack.pop() {
                component.push(member.to_string());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                walk.found.push(component);
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn the_core_has_no_module_cycle() {
    let graph = dependency_graph();
    assert!(graph.len() > 40, "the source walk found too few modules");
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "modules of carnet-core that import each other in a loop: {found:?}"
    );
}

/// Which top-level modules each layer may import. Everything not listed in
/// a lower layer is domain, above both.
#[test]
fn layers_point_one_way() {
    let graph = dependency_graph();
    let foundations = ["error", "ids", "clock"];
    for (module, targets) in &graph {
        let allowed: Option<Vec<&str>> = match top(module) {
            // The storage layer knows SQLite and SQLCipher, nothing of the domain.
            "storage" => Some([&foundations[..], &["storage"]].concat()),
            // The life cycle sits on storage; migrations are frozen code.
            "cabinet" | "migrations" => Some(
                [
                    &foundations[..],
                    &["storage", "migrations", "passphrase", "time_zones"],
                ]
                .concat(),
            ),
            _ => None,
        };
        let Some(allowed) = allowed else { continue };
        for target in targets {
            assert!(
                allowed.contains(&top(target)),
                "{module} imports {target}: the {} layer may import only {allowed:?}",
                top(module)
            );
        }
    }
    // And nothing below imports what is above it.
    for (module, targets) in &graph {
        if top(module) == "storage" {
            continue;
        }
        for target in targets {
            let target_is_top = ["session", "assembly"].contains(&top(target));
            let module_is_top = ["session", "assembly", ""].contains(&top(module));
            assert!(
                module_is_top || !target_is_top,
                "{module} imports {target}: the assembly and the session are the top of the core"
            );
        }
    }
}

/// The check itself must see a loop when there is one.
#[test]
fn the_cycle_finder_sees_a_planted_loop() {
    let mut graph = dependency_graph();
    graph
        .entry("storage::keys".into())
        .or_default()
        .insert("patients".into());
    graph
        .entry("patients".into())
        .or_default()
        .insert("storage::keys".into());
    assert!(!cycles(&graph).is_empty());
    // And the parser sees a real import.
    let named = named_paths(
        "agenda::views",
        "use super::setup::{exceptions, AgendaException};\nuse crate::patients::directory;",
    );
    assert!(named
        .iter()
        .any(|p| p.join("::") == "agenda::setup::exceptions"));
    assert!(named.iter().any(|p| p.join("::") == "patients::directory"));
    assert!(
        product_code("#[cfg(test)]\nmod tests { use crate::x; }\nuse crate::y;")
            .contains("crate::y")
    );
    assert!(!product_code("#[cfg(test)]\nmod tests { use crate::x; }").contains("crate::x"));
}
