//! One IPC surface: the commands the shell registers (`lib.rs`), declares in
//! its app manifest (`build.rs`), grants to the main window
//! (`capabilities/main.json`) and the page invokes (`ui/src/lib/api.ts`,
//! `agenda.ts`, `safety.ts`, `messages.ts`) are the same list. `lib.rs` and `build.rs` both
//! expand `src/command_list.rs`; this test reads the other two (and checks
//! the first two still use the list) and names any command one of them has
//! and another has not.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

include!("../src/command_list.rs");

macro_rules! command_names {
    ($($($segment:ident)::+),* $(,)?) => {
        [$(stringify!($($segment)::+)),*]
    };
}

/// The only files of the page that call `invoke`.
const WRAPPERS: [&str; 7] = [
    "api.ts",
    "agenda.ts",
    "safety.ts",
    "reports.ts",
    "messages.ts",
    "letters.ts",
    "money.ts",
];

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The list, by name (`search_patients`), in its order.
fn listed() -> Vec<String> {
    carnet_commands!(command_names)
        .iter()
        .map(|path| path.rsplit("::").next().unwrap_or(path).trim().to_string())
        .collect()
}

/// `allow-search-patients` → `search_patients`; other permissions (the
/// core's event permission) are not commands of ours.
fn granted(capability: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(capability).expect("main.json is JSON");
    json["permissions"]
        .as_array()
        .expect("main.json has a permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("permissions are granted by name, without scopes")
        })
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect()
}

/// The command names of every `invoke('name'` / `invoke<T>("name"` in a
/// TypeScript file (type arguments may nest: `invoke<Array<X> | null>(…)`).
fn invoked(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(found) = source[from..].find("invoke") {
        let start = from + found;
        from = start + "invoke".len();
        let word_before = start > 0 && {
            let c = bytes[start - 1];
            c.is_ascii_alphanumeric() || c == b'_' || c == b'.'
        };
        if word_before {
            continue;
        }
        let mut i = from;
        if bytes.get(i) == Some(&b'<') {
            let mut depth = 0;
            while let Some(&c) = bytes.get(i) {
                match c {
                    b'<' => depth += 1,
                    b'>' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        if bytes.get(i) != Some(&b'(') {
            continue; // the import, a comment…
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let quote = bytes.get(i).copied();
        assert!(
            matches!(quote, Some(b'\'' | b'"')),
            "an invoke whose command is not a string literal: {}",
            &source[start..(i + 20).min(source.len())]
        );
        let name_start = i + 1;
        let name_end = source[name_start..]
            .find(quote.map(char::from).unwrap_or('\''))
            .map(|n| name_start + n)
            .expect("a command name's closing quote");
        names.push(source[name_start..name_end].to_string());
    }
    names
}

/// Every name in `one` that `other` lacks, and the other way round, with
/// the sides named; duplicates within one side too.
fn differences(
    (one_name, one): (&str, &[String]),
    (other_name, other): (&str, &[String]),
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, list) in [(one_name, one), (other_name, other)] {
        let mut seen = BTreeSet::new();
        for command in list {
            if !seen.insert(command) {
                problems.push(format!("`{command}` appears twice in {name}"));
            }
        }
    }
    let one_set: BTreeSet<_> = one.iter().collect();
    let other_set: BTreeSet<_> = other.iter().collect();
    for command in one_set.difference(&other_set) {
        problems.push(format!(
            "`{command}` is in {one_name} but not in {other_name}"
        ));
    }
    for command in other_set.difference(&one_set) {
        problems.push(format!(
            "`{command}` is in {other_name} but not in {one_name}"
        ));
    }
    problems
}

const LIST: &str = "src-tauri/src/command_list.rs";

#[test]
fn lib_rs_and_build_rs_register_and_declare_the_one_list() {
    let lib = read(&crate_dir().join("src/lib.rs"));
    assert!(
        lib.contains(".invoke_handler(carnet_commands!(handler))"),
        "lib.rs must register the commands of {LIST} (`carnet_commands!(handler)`)"
    );
    assert_eq!(
        lib.matches("generate_handler![").count(),
        1,
        "lib.rs must call tauri::generate_handler! once, in `handler!`, over {LIST}"
    );
    let build = read(&crate_dir().join("build.rs"));
    assert!(
        build.contains("include!(\"src/command_list.rs\")")
            && build.contains("carnet_commands!(command_names)")
            && !build.contains(".commands(&["),
        "build.rs must declare the commands of {LIST}, not a list of its own"
    );
    let names = listed();
    let unique: BTreeSet<_> = names.iter().collect();
    assert!(names.len() > 100, "{LIST} lists every command");
    assert_eq!(
        unique.len(),
        names.len(),
        "a command appears twice in {LIST}"
    );
}

#[test]
fn the_main_window_is_granted_exactly_the_listed_commands() {
    let capability = read(&crate_dir().join("capabilities/main.json"));
    let problems = differences(
        (LIST, &listed()),
        ("capabilities/main.json", &granted(&capability)),
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_page_invokes_exactly_the_listed_commands() {
    let lib = crate_dir().join("../ui/src/lib");
    let mut invokes = Vec::new();
    for file in WRAPPERS {
        invokes.extend(invoked(&read(&lib.join(file))));
    }
    let problems = differences(
        (LIST, &listed()),
        (
            "ui/src/lib/{api,agenda,safety,reports,messages,letters}.ts",
            &invokes,
        ),
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn only_the_wrappers_call_invoke() {
    // Any other file of the page importing `invoke` would be a fifth list.
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if path.is_dir() {
                if name != "bindings" && name != "node_modules" {
                    walk(&path, found);
                }
            } else if (name.ends_with(".ts") || name.ends_with(".svelte"))
                && !name.contains(".test.")
            {
                found.push(path);
            }
        }
    }
    let src = crate_dir().join("../ui/src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    assert!(files.len() > 10, "the page's sources are under ui/src");
    let wrappers: Vec<PathBuf> = WRAPPERS.iter().map(|f| src.join("lib").join(f)).collect();
    let strays: Vec<String> = files
        .iter()
        .filter(|file| !wrappers.contains(file))
        .filter(|file| !invoked(&read(file)).is_empty() || read(file).contains("api/core'"))
        .map(|file| {
            file.strip_prefix(&src)
                .unwrap_or(file)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        strays.is_empty(),
        "only {WRAPPERS:?} may call invoke; also in: {strays:?}"
    );
}

#[test]
fn the_invoke_parser_reads_every_shape() {
    let source = r#"
        import { invoke } from '@tauri-apps/api/core';
        a: () => invoke<string>('agenda_now'),
        b: () => invoke('close_cabinet'),
        c: (x) => invoke<string[] | null>("export_patient_rights", { x }),
        d: () => invoke<Array<Map<string, number>>>(
            'list_backups',
            {},
        ),
        // reinvoke('not_one'), x.invoke('nor_this')
    "#;
    assert_eq!(
        invoked(source),
        [
            "agenda_now",
            "close_cabinet",
            "export_patient_rights",
            "list_backups"
        ]
    );
}
