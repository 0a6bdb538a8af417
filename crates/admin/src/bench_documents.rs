//! The reports' part of `carnet-admin bench`: full-text search (a word, a
//! phrase, a prefix, with filters), opening a report, importing a 5-minute
//! dictation — on the encrypted file and its plain copy in turn — and how
//! much the file grows per 10 000 reports.

use std::path::Path;
use std::time::Instant;

use carnet_core::documents::audio;
use carnet_core::documents::reports::{self, ReportDetails};
use carnet_core::documents::search::{self, ReportQuery};
use carnet_core::documents::{Priority, ReportKind};
use carnet_core::{Cabinet, CoreError, Passphrase};

use crate::bench::{timed, Measure, Series, Targets};

const WORDS: &[&str] = &[
    "douleur",
    "échographie",
    "hypertension",
    "genou",
    "cholécystectomie",
    "kinésithérapie",
    "palpitations",
    "stéatose",
    "ménisque",
    "thyroïdienne",
];

const PHRASES: &[&str] = &[
    "\"douleurs thoraciques\"",
    "\"fraction d'éjection\"",
    "\"bilan biologique\"",
    "\"hernie inguinale\"",
    "\"traitement habituel\"",
];

const PREFIXES: &[&str] = &["échog*", "cardio*", "hyper*", "thyr*", "cœlio*", "kiné*"];

fn query(text: &str) -> ReportQuery {
    ReportQuery {
        text: text.to_string(),
        ..ReportQuery::default()
    }
}

fn series_of(
    targets: &Targets<'_>,
    queries: &[ReportQuery],
    repetitions: usize,
) -> Result<Series, CoreError> {
    let mut series = Series::default();
    for round in 0..repetitions {
        targets.start_round(round);
        for query in queries {
            let [on_carnet, on_plain] = targets.each(|cabinet| search::search(cabinet, query));
            series.carnet.push(on_carnet?);
            series.plain.push(on_plain?);
        }
    }
    Ok(series)
}

/// The reads: searches and openings, on both files in turn.
pub(crate) fn read_measures(
    targets: &Targets<'_>,
    carnet: &Cabinet,
    measures: &mut Vec<Measure>,
) -> Result<(), CoreError> {
    let words: Vec<ReportQuery> = WORDS.iter().map(|w| query(w)).collect();
    measures.push(series_of(targets, &words, 10)?.into_measure(
        "comptes rendus : un mot",
        Some(20.0),
        true,
    ));
    let phrases: Vec<ReportQuery> = PHRASES.iter().map(|w| query(w)).collect();
    measures.push(series_of(targets, &phrases, 20)?.into_measure(
        "comptes rendus : expression",
        Some(20.0),
        true,
    ));
    let prefixes: Vec<ReportQuery> = PREFIXES.iter().map(|w| query(w)).collect();
    measures.push(series_of(targets, &prefixes, 17)?.into_measure(
        "comptes rendus : début de mot",
        Some(20.0),
        true,
    ));

    // Reports and patients spread over the file: the matches of a common word.
    let spread = search::search(
        carnet,
        &ReportQuery {
            limit: Some(1000),
            ..query("conclusion")
        },
    )?;
    let picked: Vec<_> = spread.hits.iter().step_by(10).take(100).collect();
    let mut filtered = Vec::new();
    for (index, hit) in picked.iter().enumerate() {
        let word = WORDS[index % WORDS.len()];
        filtered.push(match index % 3 {
            // Her reports only.
            0 => ReportQuery {
                patient_id: hit.patient_id.clone(),
                ..query(word)
            },
            // One kind over one year.
            1 => {
                let year = hit.consultation_on.as_deref().unwrap_or("2020")[..4].to_string();
                ReportQuery {
                    kind: Some(ReportKind::Examen),
                    from: Some(format!("{year}-01-01")),
                    to: Some(format!("{year}-12-31")),
                    ..query(word)
                }
            }
            // One author over one year.
            _ => {
                let year = hit.consultation_on.as_deref().unwrap_or("2020")[..4].to_string();
                ReportQuery {
                    author_id: Some(reports::get(carnet, &hit.report_id)?.author_id),
                    from: Some(format!("{year}-01-01")),
                    to: Some(format!("{year}-12-31")),
                    ..query(word)
                }
            }
        });
    }
    measures.push(series_of(targets, &filtered, 1)?.into_measure(
        "comptes rendus : mot + filtres",
        Some(20.0),
        true,
    ));

    let mut opens = Series::default();
    for round in 0..2 {
        targets.start_round(round);
        for hit in &picked {
            let [on_carnet, on_plain] =
                targets.each(|cabinet| reports::get(cabinet, &hit.report_id));
            opens.carnet.push(on_carnet?);
            opens.plain.push(on_plain?);
        }
    }
    measures.push(opens.into_measure("ouvrir un compte rendu", Some(10.0), true));

    Ok(())
}

/// Importing a 5-minute dictation (checking the recording is part of it),
/// on both files in turn.
pub(crate) fn import_measures(
    carnet: &mut Cabinet,
    plain: &mut Cabinet,
    measures: &mut Vec<Measure>,
) -> Result<(), CoreError> {
    let recording = carnet_core::documents::demo::dictation_wav(300, 1);
    let author_id = carnet_core::practitioners::list(carnet)?
        .first()
        .map(|p| p.id.clone())
        .ok_or_else(|| CoreError::Internal("aucun praticien".into()))?;
    let patient_id = search::search(carnet, &query("conclusion"))?
        .hits
        .first()
        .and_then(|h| h.patient_id.clone());
    let details = ReportDetails {
        patient_id,
        author_id,
        kind: ReportKind::Consultation,
        priority: Priority::Normal,
        due_on: None,
        note: String::new(),
        consultation_on: None,
    };
    let mut imports = Series::default();
    for _ in 0..5 {
        for (cabinet, samples) in [
            (&mut *carnet, &mut imports.carnet),
            (&mut *plain, &mut imports.plain),
        ] {
            samples.push(timed(|| {
                let checked = audio::check(recording.clone(), "DICT0001.WAV")?;
                reports::import_dictation(cabinet, &checked, &details)
            })?);
        }
    }
    measures.push(imports.into_measure(
        "importer une dictée de 5 min (WAV 9,6 Mo)",
        Some(1000.0),
        false,
    ));
    Ok(())
}

/// How much the file grows for 10 000 reports (demo text, most validated):
/// a small demo cabinet, measured closed, before and after.
pub(crate) fn growth_per_10_000(cache: &Path) -> Result<u64, CoreError> {
    let path = cache.join("bench-croissance.carnet");
    let clean = |path: &Path| {
        for suffix in ["", "-wal", "-shm", "-lock"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            // Scratch file of the measure; absent is fine.
            let _ = std::fs::remove_file(std::path::PathBuf::from(name));
        }
    };
    clean(&path);
    let passphrase = Passphrase::new(crate::bench::BENCH_PASSPHRASE);
    let size = carnet_core::demo::DemoSize {
        patients: 2000,
        doctors: 2,
        years_of_agenda: 1,
    };
    let cabinet =
        carnet_core::demo::create_demo_cabinet(&path, &passphrase, size, 3, &mut |_, _| {})?;
    cabinet.close();
    let before = std::fs::metadata(&path)?.len();
    let started = Instant::now();
    let mut cabinet = Cabinet::open(&path, &passphrase)?;
    cabinet.without_audit(|cabinet| {
        carnet_core::documents::demo::add_reports(cabinet, 10_000, 20, 4, &mut |_, _| {})
    })?;
    cabinet.close();
    let after = std::fs::metadata(&path)?.len();
    eprintln!(
        "10 000 comptes rendus fictifs écrits en {:.1} s",
        started.elapsed().as_secs_f64()
    );
    clean(&path);
    Ok(after.saturating_sub(before))
}

/// Incoming mail on both work copies: `items` (a small real PDF each, ten
/// years) added first, then the doctor's inbox, « à classer », a word
/// searched in the mail, and registering one scan (durable write).
pub(crate) fn mail_measures(
    carnet: &mut Cabinet,
    plain: &mut Cabinet,
    items: usize,
    measures: &mut Vec<Measure>,
) -> Result<(), CoreError> {
    use carnet_core::documents::incoming::{
        self, IncomingDetails, IncomingQuery, IncomingState, Urgency,
    };
    let started = Instant::now();
    for cabinet in [&mut *carnet, &mut *plain] {
        cabinet.without_audit(|c| carnet_core::documents::demo::add_incoming(c, items, 10, 1))?;
    }
    eprintln!(
        "{items} courriers arrivés fictifs écrits (×2) en {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let state = |s: IncomingState| IncomingQuery {
        states: vec![s],
        ..IncomingQuery::default()
    };
    let mut inbox = Series::default();
    let mut to_file = Series::default();
    let mut searches = Series::default();
    let words = [
        "douleurs",
        "palpitations",
        "dyspnée",
        "hypertension",
        "asthénie",
    ];
    for round in 0..20 {
        for (cabinet, inbox_samples, file_samples, search_samples) in [
            (
                &*carnet,
                &mut inbox.carnet,
                &mut to_file.carnet,
                &mut searches.carnet,
            ),
            (
                &*plain,
                &mut inbox.plain,
                &mut to_file.plain,
                &mut searches.plain,
            ),
        ] {
            inbox_samples.push(timed(|| {
                incoming::list(cabinet, &state(IncomingState::AVoir))
            })?);
            file_samples.push(timed(|| {
                incoming::list(cabinet, &state(IncomingState::AClasser))
            })?);
            search_samples.push(timed(|| {
                incoming::search(cabinet, words[round % words.len()], 50)
            })?);
        }
    }
    measures.push(inbox.into_measure("courrier arrivé : à voir (médecin)", Some(20.0), true));
    measures.push(to_file.into_measure("courrier arrivé : à classer", Some(20.0), true));
    measures.push(searches.into_measure("courrier arrivé : un mot", Some(30.0), true));

    let patient_id = incoming::list(carnet, &state(IncomingState::AVoir))?
        .first()
        .and_then(|i| i.patient_id.clone());
    let details = IncomingDetails {
        sender: "CHU de Rennes".into(),
        urgency: Urgency::Urgent,
        patient_id,
        ..IncomingDetails::default()
    };
    let scan = carnet_core::documents::demo::tiny_pdf(
        "Compte rendu d'hospitalisation : douleurs thoraciques.",
    );
    let mut filings = Series::default();
    for _ in 0..20 {
        for (cabinet, samples) in [
            (&mut *carnet, &mut filings.carnet),
            (&mut *plain, &mut filings.plain),
        ] {
            samples.push(timed(|| {
                let files = incoming::check_file(scan.clone(), "scan.pdf")?;
                incoming::register(cabinet, &details, &files)
            })?);
        }
    }
    measures.push(filings.into_measure(
        "enregistrer un courrier arrivé (PDF, écriture durable)",
        Some(100.0),
        false,
    ));
    Ok(())
}
