//! Hostile files given to the importers (CSV of patients, ICS calendars):
//! huge numbers, bare CRs, deep nesting, endless lines, arbitrary bytes,
//! files over the size limit. Never a panic, never an overflow, memory
//! bounded by the limit; a French error that says which line.
//!
//! `scripts/fuzz.sh` runs the property tests here for minutes
//! (`PROPTEST_CASES`), and the `#[ignore]`d ones that build files close to
//! the limits.

use std::sync::mpsc;
use std::time::Duration;

use carnet_core::agenda::{ics, setup};
use carnet_core::patients::transfer::{self, ImportField, ImportMode};
use carnet_core::session::{AppPaths, AppState};
use carnet_core::CoreError;
use chrono::NaiveDate;
use proptest::prelude::*;

use crate::util::{clock, Workspace, PASSPHRASE};

fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n")
}

fn event(lines: &[&str]) -> String {
    let mut text = String::from("BEGIN:VEVENT\r\n");
    for line in lines {
        text.push_str(line);
        text.push_str("\r\n");
    }
    text.push_str("END:VEVENT\r\n");
    text
}

#[test]
fn numbers_in_an_ics_file_are_checked_and_errors_name_their_line() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("cabinet.carnet");
    let calendar_id = setup::calendars(&cabinet).unwrap()[0].id.clone();
    for duration in [
        "P9999999999999999D",
        "PT99999999999999999999M",
        "P999999999999999W",
        "P6000000000000DT9000000000000000000H",
    ] {
        let text = calendar(&event(&[
            "UID:a",
            "DTSTART:20270112T080000Z",
            &format!("DURATION:{duration}"),
            "SUMMARY:Mme Leroy",
        ]));
        let preview = ics::preview_import(&cabinet, &text, &calendar_id).unwrap();
        assert_eq!(preview.errors.len(), 1, "{duration}: {preview:?}");
        // Line 6: the DURATION line itself.
        assert_eq!(preview.errors[0].line, 6, "{duration}");
        assert!(
            preview.errors[0].reason.contains("durée démesurée"),
            "{duration}: {}",
            preview.errors[0].reason
        );
        let error = ics::import(&mut cabinet, &text, &calendar_id, true)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("rien n'a été importé. Ligne 6"),
            "{duration}: {error}"
        );
    }
    // Numbers a calendar may hold that do not fit: read as errors, said so.
    for (rule, reason) in [
        ("FREQ=WEEKLY;COUNT=99999999999999999999", "illisible"),
        (
            "FREQ=WEEKLY;INTERVAL=99999999999999999999;COUNT=3",
            "illisible",
        ),
        ("FREQ=WEEKLY;INTERVAL=4294967295;COUNT=3", "semaines"),
        ("FREQ=MONTHLY;COUNT=4294967295", "au plus"),
        ("FREQ=WEEKLY;UNTIL=99991231T235959Z", "au plus"),
    ] {
        let text = calendar(&event(&[
            "UID:r",
            "DTSTART:20270112T080000Z",
            "DTEND:20270112T082000Z",
            &format!("RRULE:{rule}"),
        ]));
        let preview = ics::preview_import(&cabinet, &text, &calendar_id).unwrap();
        assert!(preview.events.is_empty(), "{rule}");
        let said: Vec<&str> = preview
            .skipped
            .iter()
            .chain(&preview.errors)
            .map(|s| s.reason.as_str())
            .collect();
        assert!(
            said.len() == 1 && said[0].contains(reason),
            "{rule}: {said:?}"
        );
    }
}

#[test]
fn an_ics_file_with_bare_carriage_returns_reads_like_one_with_crlf() {
    let workspace = Workspace::new();
    let (_, cabinet) = workspace.create("cabinet.carnet");
    let calendar_id = setup::calendars(&cabinet).unwrap()[0].id.clone();
    let crlf = calendar(
        &[
            event(&[
                "UID:m1",
                "DTSTART:20270112T080000Z",
                "DURATION:PT20M",
                "SUMMARY:Mme Leroy",
            ]),
            event(&["UID:m2", "DTSTART:2027-01-22 09:00", "SUMMARY:Cassé"]),
        ]
        .concat(),
    );
    let bare_cr = crlf.replace("\r\n", "\r");
    let read = ics::preview_import(&cabinet, &crlf, &calendar_id).unwrap();
    let read_bare = ics::preview_import(&cabinet, &bare_cr, &calendar_id).unwrap();
    assert_eq!(read.events.len(), 1);
    assert_eq!(read_bare, read);
    assert_eq!(read_bare.errors[0].line, 11, "{read_bare:?}");
}

#[test]
fn ten_thousand_nested_components_and_a_megabyte_line_are_read() {
    let workspace = Workspace::new();
    let (_, cabinet) = workspace.create("cabinet.carnet");
    let calendar_id = setup::calendars(&cabinet).unwrap()[0].id.clone();
    let deep = 10_000;
    let mut lines = vec![
        "UID:deep".to_string(),
        "DTSTART:20270112T080000Z".to_string(),
        "DTEND:20270112T082000Z".to_string(),
        format!("SUMMARY:{}", "M. Très-Long ".repeat(80_000)),
    ];
    lines.extend((0..deep).map(|_| "BEGIN:VALARM".to_string()));
    lines.extend((0..deep).map(|_| "END:VALARM".to_string()));
    // A stray END with nothing open does not swallow the rest of the file.
    lines.push("END:VTODO".into());
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let text = calendar(&event(&lines));
    assert!(text.len() > 1_000_000);
    let preview = ics::preview_import(&cabinet, &text, &calendar_id).unwrap();
    assert_eq!(preview.events.len(), 1, "{:?}", preview.errors);
    assert!(preview.events[0].title.starts_with("M. Très-Long"));
}

#[test]
fn files_over_the_limits_are_refused_before_they_are_read() {
    let workspace = Workspace::new();
    // 50 MB + 1 byte of real lines, written in the temporary folder.
    let path = workspace.path("patients.csv");
    let line = "DUPONT;Jean;01/01/1960;M\n";
    let mut text = String::from("Nom;Prénom;Date de naissance;Sexe\n");
    while text.len() < transfer::MAX_FILE.bytes as usize {
        text.push_str(line);
    }
    text.truncate(transfer::MAX_FILE.bytes as usize + 1);
    std::fs::write(&path, &text).unwrap();
    let error = transfer::read_file(&path).unwrap_err().to_string();
    assert!(
        error.starts_with("Fichier trop volumineux (51 Mo) : la limite est de 50 Mo. Découpez-le"),
        "{error}"
    );
    // Just at the limit: read.
    text.truncate(transfer::MAX_FILE.bytes as usize);
    std::fs::write(&path, &text).unwrap();
    assert_eq!(transfer::read_file(&path).unwrap().len(), text.len());
    drop(text);

    let path = workspace.path("agenda.ics");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(ics::MAX_FILE.bytes + 1)
        .unwrap();
    let error = ics::read_file(&path).unwrap_err().to_string();
    assert!(
        error.starts_with("Fichier trop volumineux (21 Mo) : la limite est de 20 Mo."),
        "{error}"
    );
    std::fs::write(&path, b"BEGIN:VCALENDAR\r\nSUMMARY:\xE9t\xE9\r\n").unwrap();
    let error = ics::read_file(&path).unwrap_err().to_string();
    assert!(error.contains("la ligne 2 n'est pas en UTF-8"), "{error}");
}

/// Memory follows the number of lines, not the bytes: 50 Mo of short lines
/// would be 1.6 million patients. Past 200 000, the file is refused after
/// a count that keeps nothing, before any line is checked.
#[test]
fn a_csv_of_more_lines_than_any_cabinet_is_refused_before_it_is_checked() {
    let mut text = String::from("Nom;Prénom;Date de naissance;Sexe\n");
    for _ in 0..transfer::MAX_ROWS {
        text.push_str("A;B;01/01/1960;F\n");
    }
    assert_eq!(
        transfer::preview(text.as_bytes()).unwrap().rows,
        transfer::MAX_ROWS
    );
    text.push_str("A;B;01/01/1960;F\n");
    let expected = "Ce fichier compte 200001 lignes : Carnet en importe au plus 200000 à la fois (la ligne 200002 est la première de trop).";
    let error = transfer::preview(text.as_bytes()).unwrap_err().to_string();
    assert!(error.starts_with(expected), "{error}");
    let mut checked = 0;
    let error = transfer::check(text.as_bytes(), &IDENTITY, today(), &mut |done, _| {
        checked = done
    })
    .err()
    .unwrap()
    .to_string();
    assert!(error.starts_with(expected), "{error}");
    assert_eq!(checked, 0, "no line checked");
}

/// The file is read and checked without holding the session: a lock asked
/// for meanwhile (her click, the idle timer) happens at once, and the
/// import then writes nothing.
#[test]
fn a_lock_during_the_reading_of_an_import_is_honoured_at_once() {
    let workspace = Workspace::new();
    let (path, cabinet) = workspace.create("cabinet.carnet");
    cabinet.close();
    let paths = AppPaths::in_folders(
        &workspace.path("config"),
        &workspace.path("data"),
        &workspace.path("documents"),
    );
    let state = AppState::new(paths).with_clock(clock());
    state
        .open(&path.display().to_string(), PASSPHRASE.to_string())
        .unwrap();
    let mut csv = String::from("Nom;Prénom;Date de naissance;Sexe\n");
    for n in 0..1200 {
        csv.push_str(&patient_line(n));
        csv.push('\n');
    }
    let mapping = transfer::preview(csv.as_bytes()).unwrap().mapping;
    let (reading_tx, reading) = mpsc::channel();
    let (release_tx, release) = mpsc::channel::<()>();
    let importer = {
        let (state, csv, mapping) = (state.clone(), csv.clone(), mapping.clone());
        std::thread::spawn(move || {
            state.read_then_write(
                |cabinet| Ok(cabinet.today()),
                |today| {
                    transfer::check(csv.as_bytes(), &mapping, today, &mut |done, _| {
                        if done == 500 {
                            // Halfway through the reading: let the test lock.
                            let _ = reading_tx.send(());
                            let _ = release.recv_timeout(Duration::from_secs(20));
                        }
                    })
                },
                |cabinet, checked| {
                    transfer::write_checked(
                        cabinet,
                        checked,
                        ImportMode::SkipBadLines,
                        &mut |_, _| {},
                    )
                },
            )
        })
    };
    reading.recv_timeout(Duration::from_secs(20)).unwrap();
    let (locked_tx, locked) = mpsc::channel();
    let locker = {
        let state = state.clone();
        std::thread::spawn(move || {
            let _ = locked_tx.send(state.lock().map(|_| ()));
        })
    };
    let lock = locked.recv_timeout(Duration::from_secs(5));
    release_tx.send(()).unwrap();
    locker.join().unwrap();
    assert!(
        matches!(lock, Ok(Ok(()))),
        "the lock waited for the import: {lock:?}"
    );
    let outcome = importer.join().unwrap();
    assert!(
        matches!(outcome, Err(CoreError::NoCabinetOpen)),
        "{outcome:?}"
    );
    state.unlock(PASSPHRASE.to_string()).unwrap();
    let patients = state
        .with_cabinet(|cabinet| carnet_core::patients::count(cabinet))
        .unwrap();
    assert_eq!(patients, 0, "nothing imported after the lock");
    // The same file, nobody locking: every line goes in.
    let report = state
        .read_then_write(
            |cabinet| Ok(cabinet.today()),
            |today| transfer::check(csv.as_bytes(), &mapping, today, &mut |_, _| {}),
            |cabinet, checked| {
                transfer::write_checked(cabinet, checked, ImportMode::SkipBadLines, &mut |_, _| {})
            },
        )
        .unwrap();
    assert_eq!(report.imported, 1200, "{:?}", report.bad_lines.first());
    state.close();
}

/// A valid line, different for every `n` (letters-only name, own date).
fn patient_line(n: u64) -> String {
    let mut name = String::from("NOM");
    let mut rest = n;
    loop {
        name.push(char::from(b'A' + (rest % 26) as u8));
        rest /= 26;
        if rest == 0 {
            break;
        }
    }
    format!(
        "{name};Prénom;{:02}/{:02}/{};F",
        1 + n % 28,
        1 + (n / 28) % 12,
        1930 + (n / 336) % 60
    )
}

const IDENTITY: [ImportField; 4] = [
    ImportField::BirthName,
    ImportField::FirstNames,
    ImportField::BirthDate,
    ImportField::Sex,
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2028, 2, 29).unwrap()
}

/// How many lines an editor shows: LF, CRLF and a bare CR each end one.
fn physical_lines(text: &str) -> usize {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count()
}

/// A line of an ICS file as hostile as it gets while staying a calendar:
/// the properties Carnet reads, with numbers of any size.
fn hostile_ics_line() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9]{1,40}",
        Just("99999999999999999999999999".to_string()),
        (0u32..10_000).prop_map(|n| n.to_string()),
    ];
    let stamp = (number.clone(), number.clone()).prop_map(|(d, t)| format!("{d}T{t}"));
    prop_oneof![
        Just("BEGIN:VEVENT".to_string()),
        Just("END:VEVENT".to_string()),
        Just("BEGIN:VALARM".to_string()),
        Just("END:VALARM".to_string()),
        Just("DTSTART:20270112T080000Z".to_string()),
        stamp.clone().prop_map(|s| format!("DTSTART:{s}")),
        stamp.clone().prop_map(|s| format!("DTSTART:{s}Z")),
        stamp
            .clone()
            .prop_map(|s| format!("DTEND;TZID=Europe/Paris:{s}")),
        number
            .clone()
            .prop_map(|n| format!("DTSTART;VALUE=DATE:{n}")),
        number.clone().prop_map(|n| format!("DURATION:P{n}D")),
        (number.clone(), number.clone()).prop_map(|(h, m)| format!("DURATION:PT{h}H{m}M")),
        (number.clone(), number.clone()).prop_map(|(w, d)| format!("DURATION:P{w}WT{d}S")),
        number
            .clone()
            .prop_map(|n| format!("RRULE:FREQ=WEEKLY;COUNT={n}")),
        (number.clone(), number.clone())
            .prop_map(|(i, c)| format!("RRULE:FREQ=MONTHLY;INTERVAL={i};COUNT={c}")),
        stamp
            .clone()
            .prop_map(|s| format!("RRULE:FREQ=WEEKLY;UNTIL={s}")),
        stamp.prop_map(|s| format!("EXDATE:{s},{s}")),
        "UID:[a-z0-9#@]{0,12}",
        "SUMMARY:[a-zA-Zéè\\\\;, ]{0,20}",
        Just(" continued".to_string()),
        "[A-Z;=:\"]{0,12}",
    ]
}

fn line_ending() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\r\n"), Just("\n"), Just("\r")]
}

proptest! {
    #![proptest_config(ProptestConfig {
        // `scripts/fuzz.sh` raises the count through PROPTEST_CASES.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any bytes behind the signature of each kind of incoming file (PDF,
    /// TIFF, PNG, JPEG, e-mail): the reader answers, never panics.
    #[test]
    fn incoming_files_survive_arbitrary_bytes(
        kind in 0usize..6,
        bytes in proptest::collection::vec(any::<u8>(), 0..3000)
    ) {
        let signatures: [&[u8]; 6] = [
            b"%PDF-1.4\n",
            b"II*\0",
            b"MM\0*",
            b"\x89PNG\r\n\x1a\n",
            b"\xFF\xD8\xFF",
            b"From: a@b.c\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n",
        ];
        let mut file = signatures[kind].to_vec();
        file.extend(bytes);
        let _ = carnet_core::documents::incoming::check_file(file, "hostile");
    }

    /// Any bytes at all: the ICS reader answers, never panics, and every
    /// event it reports points to a line of the file.
    #[test]
    fn the_ics_reader_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        let text = format!("BEGIN:VCALENDAR\n{}", String::from_utf8_lossy(&bytes));
        if let Ok(parsed) = ics::parse(&text, chrono_tz::Europe::Paris) {
            let lines = physical_lines(&text) as u32;
            let preview = parsed.preview();
            for reported in preview.errors.iter().chain(&preview.skipped) {
                prop_assert!(reported.line >= 1 && reported.line <= lines);
            }
        }
    }

    /// Calendars built from hostile properties, with any line endings:
    /// errors are French, on a line of the file, and never an overflow.
    #[test]
    fn the_ics_reader_checks_every_number(
        lines in proptest::collection::vec((hostile_ics_line(), line_ending()), 0..60)
    ) {
        let mut text = String::from("BEGIN:VCALENDAR\r\n");
        for (line, end) in &lines {
            text.push_str(line);
            text.push_str(end);
        }
        let parsed = ics::parse(&text, chrono_tz::Europe::Paris).unwrap();
        let count = physical_lines(&text) as u32;
        let preview = parsed.preview();
        for reported in preview.errors.iter().chain(&preview.skipped) {
            prop_assert!(reported.line >= 1 && reported.line <= count, "{reported:?}");
            prop_assert!(!reported.reason.is_empty());
        }
        for event in &preview.events {
            prop_assert!(event.starts_at < event.ends_at);
        }
        // The same calendar with CRLF everywhere reads the same events.
        let crlf = text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n");
        let again = ics::parse(&crlf, chrono_tz::Europe::Paris).unwrap();
        prop_assert_eq!(again.preview(), preview);
    }

    /// Any bytes as a patients CSV: preview and check answer, never panic;
    /// bad lines point to a line of the file.
    #[test]
    fn the_csv_reader_survives_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4000)) {
        let _ = transfer::preview(&bytes);
        if let Ok(checked) = transfer::check(&bytes, &IDENTITY, today(), &mut |_, _| {}) {
            let lines = physical_lines(&String::from_utf8_lossy(&bytes));
            for bad in checked.bad_lines() {
                prop_assert!(bad.line >= 1 && bad.line <= lines, "{bad:?}");
                prop_assert!(!bad.reason.is_empty());
            }
        }
    }

    /// Patients CSV with hostile fields — huge numbers as dates, NIR,
    /// postcodes, quotes, separators, bare CRs: a French reason per bad
    /// line, never a panic.
    #[test]
    fn the_csv_reader_checks_every_field(
        rows in proptest::collection::vec(
            (
                "[A-Za-zéÉ' -]{0,12}",
                "[A-Za-zé ,-]{0,12}",
                prop_oneof![
                    "[0-9]{1,2}/[0-9]{1,2}/[0-9]{1,25}",
                    any::<i64>().prop_map(|n| n.to_string()),
                    "[0-9/.-]{0,14}",
                ],
                "[MFHmf12IX]{0,2}",
                prop_oneof!["[0-9 ]{0,25}", any::<u64>().prop_map(|n| n.to_string())],
                line_ending(),
            ),
            1..40,
        )
    ) {
        let mut text = String::from("Nom;Prénom;Date de naissance;Sexe;NIR\n");
        for (name, first, born, sex, nir, end) in &rows {
            text.push_str(&format!("{name};\"{first}\";{born};{sex};{nir}{end}"));
        }
        let mapping = [
            ImportField::BirthName,
            ImportField::FirstNames,
            ImportField::BirthDate,
            ImportField::Sex,
            ImportField::Nir,
        ];
        let checked = transfer::check(text.as_bytes(), &mapping, today(), &mut |_, _| {});
        if let Ok(checked) = checked {
            prop_assert!(checked.bad_lines().len() + checked.valid_lines() <= rows.len());
            for bad in checked.bad_lines() {
                prop_assert!(!bad.reason.is_empty());
            }
            // With LF everywhere: the same lines, the same numbers.
            let lf = text.replace("\r\n", "\n").replace('\r', "\n");
            let again = transfer::check(lf.as_bytes(), &mapping, today(), &mut |_, _| {}).unwrap();
            let numbered = |c: &transfer::CheckedFile| -> Vec<(usize, String)> {
                c.bad_lines().iter().map(|b| (b.line, b.reason.clone())).collect()
            };
            prop_assert_eq!(numbered(&again), numbered(&checked));
        }
    }
}

/// Close to the limits: an ICS file of 19 MB and a CSV of 49 MB (under
/// 200 000 lines) are read whole within their limits. Slow in a debug build: `scripts/fuzz.sh`
/// runs it (`cargo test -- --ignored`).
#[test]
#[ignore]
fn files_just_under_the_limits_are_read() {
    let workspace = Workspace::new();
    let path = workspace.path("agenda.ics");
    let mut events = String::new();
    let mut n = 0u64;
    while events.len() < ics::MAX_FILE.bytes as usize - 1_000_000 {
        let day = 1 + n % 28;
        events.push_str(&event(&[
            &format!("UID:e{n}"),
            &format!("DTSTART:202701{day:02}T080000Z"),
            &format!("DURATION:P{n}D"),
            "SUMMARY:Rendez-vous",
        ]));
        n += 1;
    }
    std::fs::write(&path, calendar(&events)).unwrap();
    drop(events);
    let text = ics::read_file(&path).unwrap();
    let parsed = ics::parse(&text, chrono_tz::Europe::Paris).unwrap();
    assert!(parsed.preview().errors.len() as u64 > n / 2);

    let path = workspace.path("patients.csv");
    let mut csv = String::from("Nom;Prénom;Date de naissance;Sexe\n");
    let mut n = 0u64;
    while csv.len() < transfer::MAX_FILE.bytes as usize - 1_000_000 {
        // Long lines, as a full export has (address, notes…): the row
        // limit is not what stops this file.
        csv.push_str(&patient_line(n));
        csv.push(';');
        csv.push_str(&"note ".repeat(50));
        csv.push_str("\r\n");
        n += 1;
    }
    std::fs::write(&path, &csv).unwrap();
    drop(csv);
    let bytes = transfer::read_file(&path).unwrap();
    assert_eq!(transfer::preview(&bytes).unwrap().rows as u64, n);
    let checked = transfer::check(&bytes, &IDENTITY, today(), &mut |_, _| {}).unwrap();
    assert_eq!(checked.valid_lines() as u64, n);
}

/// Bad lines are numbered as an editor shows them, whatever ends the lines
/// (Excel writes CRLF; it used to shift every number by one; bare CRs
/// numbered every line 1), a quoted field over two lines included.
#[test]
fn csv_bad_lines_carry_the_line_an_editor_shows() {
    for end in ["\n", "\r\n", "\r"] {
        let text = [
            "Nom;Prénom;Date de naissance;Sexe",
            "DUPONT;Jean;01/01/1960;M",
            "MARTIN;Paul;99/99/1960;M",
            "\"A",
            "B\";Jean;01/01/1960;X",
            "",
            "DURAND;Luc;01/01/1960;Z",
            "",
        ]
        .join(end);
        let checked = transfer::check(text.as_bytes(), &IDENTITY, today(), &mut |_, _| {}).unwrap();
        let lines: Vec<usize> = checked.bad_lines().iter().map(|b| b.line).collect();
        assert_eq!(lines, [3, 4, 7], "line ends {end:?}");
    }
}
