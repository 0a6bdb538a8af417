//! `carnet-admin bench`: the speed budget, measured in the core on a
//! deterministic demo dataset (built once, cached), against two baselines in
//! the same run:
//! - **the limit**: the same schema and data in a plain, unencrypted SQLite
//!   file, queried through the same code (`chiffré / clair` shows what
//!   encryption and our layers cost);
//! - **the naive way**: `LIKE` scans of the name columns, as most existing
//!   programs search (`naïf / Carnet` shows what our indexes buy).
//!
//! Each sample runs Carnet and the plain copy (alternating which goes
//! first), then the naive search, one after the other, so a noisy neighbour
//! slows all three alike. `--runs N`
//! repeats the whole suite and reports the median of each figure.
//!
//! Benchmarks are not tests: nothing here asserts a duration; CI runs the
//! tiny tier only to keep it working.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use carnet_core::agenda::appointments::{self, AppointmentDraft};
use carnet_core::agenda::slots::{self, PartOfDay, SlotRequest};
use carnet_core::agenda::{setup, views};
use carnet_core::backup::{self, BackupTrigger};
use carnet_core::correspondants;
use carnet_core::demo::{self, DemoGenerator};
use carnet_core::passphrase;
use carnet_core::patients::search::{self, SearchOptions};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::{Cabinet, CoreError, Passphrase};
use chrono::Datelike;
use serde::Serialize;

/// 40 characters: five words, a date, symbols (what the meter rates).
const RATED_PASSPHRASE: &str = "Velours-Cerise-Lampe-Boussole-13/03/1962";

pub const BENCH_PASSPHRASE: &str = "banc-essai-carnet-patients-fictifs-mesure-vitesse";

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Tier {
    /// 200 patients: keeps the suite compiling and running in CI.
    Tiny,
    /// One GP: 8 000 patients.
    S,
    /// Reference: 50 000 patients.
    M,
    /// Stress: 150 000 patients.
    L,
}

impl Tier {
    fn patients(self) -> usize {
        match self {
            Tier::Tiny => 200,
            Tier::S => 8_000,
            Tier::M => 50_000,
            Tier::L => 150_000,
        }
    }

    /// Patients, doctors (≈ 22 appointments a day each) and years of agenda:
    /// S ≈ 100 000 appointments, M ≈ 500 000, L ≈ 1 500 000.
    fn size(self) -> demo::DemoSize {
        let (doctors, years) = match self {
            Tier::Tiny => (2, 1),
            Tier::S => (1, 20),
            Tier::M => (5, 20),
            Tier::L => (15, 20),
        };
        demo::DemoSize {
            patients: self.patients(),
            doctors,
            years_of_agenda: years,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Tier::Tiny => "tiny",
            Tier::S => "S",
            Tier::M => "M",
            Tier::L => "L",
        }
    }
}

/// p50 and p99 of one series of samples, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Figures {
    pub p50_ms: f64,
    pub p99_ms: f64,
}

impl Figures {
    fn of(samples: &[Duration]) -> Option<Figures> {
        if samples.is_empty() {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort();
        let at = |fraction: f64| {
            let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
            sorted[index].as_secs_f64() * 1000.0
        };
        Some(Figures {
            p50_ms: at(0.5),
            p99_ms: at(0.99),
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub name: String,
    /// Samples per run.
    pub samples: usize,
    /// Carnet, on the encrypted file.
    pub carnet: Figures,
    /// The same work on the unencrypted copy.
    pub plain: Option<Figures>,
    /// The naive `LIKE` search on the encrypted file (searches only).
    pub naive: Option<Figures>,
    pub budget_ms: Option<f64>,
    /// Reads are held to `chiffré / clair ≤ 1.2`.
    pub is_read: bool,
}

impl Measure {
    /// Encrypted ÷ plain, at p99.
    pub fn encryption_ratio(&self) -> Option<f64> {
        self.plain.map(|plain| self.carnet.p99_ms / plain.p99_ms)
    }

    /// Encrypted ÷ plain, at p50.
    pub fn encryption_ratio_p50(&self) -> Option<f64> {
        self.plain.map(|plain| self.carnet.p50_ms / plain.p50_ms)
    }

    /// Naive ÷ Carnet, at p99.
    pub fn naive_ratio(&self) -> Option<f64> {
        self.naive.map(|naive| naive.p99_ms / self.carnet.p99_ms)
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub tier: String,
    pub patients: i64,
    pub appointments: i64,
    pub file_bytes: u64,
    pub plain_file_bytes: u64,
    pub reports: i64,
    /// How much the file grows for 10 000 reports (demo text).
    pub growth_per_10_000_reports_bytes: u64,
    pub machine: String,
    pub runs: usize,
    /// Each figure is the median of the runs' figures.
    pub measures: Vec<Measure>,
    /// Every run's own figures, for the record.
    pub each_run: Vec<Vec<Measure>>,
}

/// Samples of one measure on the three targets, taken in turn.
#[derive(Default)]
pub(crate) struct Series {
    pub(crate) carnet: Vec<Duration>,
    pub(crate) plain: Vec<Duration>,
    pub(crate) naive: Vec<Duration>,
}

impl Series {
    pub(crate) fn into_measure(self, name: &str, budget_ms: Option<f64>, is_read: bool) -> Measure {
        Measure {
            name: name.to_string(),
            samples: self.carnet.len(),
            carnet: Figures::of(&self.carnet).unwrap_or(Figures {
                p50_ms: 0.0,
                p99_ms: 0.0,
            }),
            plain: Figures::of(&self.plain),
            naive: Figures::of(&self.naive),
            budget_ms,
            is_read,
        }
    }
}

/// The encrypted cabinet and its unencrypted copy, measured in turn.
pub(crate) struct Targets<'a> {
    carnet: &'a Cabinet,
    plain: &'a Cabinet,
    turn: std::cell::Cell<usize>,
}

impl Targets<'_> {
    /// Starts repetition `round` of a list of samples: each sample then
    /// runs in the other order than in the previous round. Without it a
    /// list of even length (100 queries) would always time the same query
    /// on the same target first, and that one alone would pay for the
    /// processor's cold caches, round after round.
    pub(crate) fn start_round(&self, round: usize) {
        self.turn.set(round);
    }

    /// Times `work` on both, Carnet first one time and the plain copy first
    /// the next: whichever runs second finds the processor's caches and
    /// branch predictors warmed by the same query.
    pub(crate) fn each<T>(
        &self,
        work: impl Fn(&Cabinet) -> Result<T, CoreError>,
    ) -> [Result<Duration, CoreError>; 2] {
        let turn = self.turn.get();
        self.turn.set(turn + 1);
        if turn.is_multiple_of(2) {
            let carnet = timed(|| work(self.carnet));
            [carnet, timed(|| work(self.plain))]
        } else {
            let plain = timed(|| work(self.plain));
            [timed(|| work(self.carnet)), plain]
        }
    }
}

pub(crate) fn timed<T>(work: impl FnOnce() -> Result<T, CoreError>) -> Result<Duration, CoreError> {
    let started = Instant::now();
    work()?;
    Ok(started.elapsed())
}

fn file_name(tier: Tier, seed: u64, extension: &str) -> String {
    format!(
        "bench-{}-seed{seed}-v{}.{extension}",
        tier.name(),
        carnet_core::latest_schema_version()
    )
}

/// The cached dataset for a tier, and its unencrypted copy, built on first
/// use.
fn dataset(cache: &Path, tier: Tier, seed: u64) -> Result<(PathBuf, PathBuf), CoreError> {
    std::fs::create_dir_all(cache)?;
    let path = cache.join(file_name(tier, seed, "carnet"));
    if !path.exists() {
        let building = cache.join("bench-building.carnet");
        // A leftover from an interrupted build, if any; absent is fine.
        let _ = std::fs::remove_file(&building);
        let started = Instant::now();
        let cabinet = demo::create_demo_cabinet(
            &building,
            &Passphrase::new(BENCH_PASSPHRASE),
            tier.size(),
            seed,
            &mut |done, total| {
                eprint!(
                    "\rJeu de données {} — {}",
                    tier.name(),
                    crate::demo_progress(tier.patients(), done, total)
                )
            },
        )?;
        cabinet.close();
        std::fs::rename(&building, &path)?;
        eprintln!(" ({:.1} s)", started.elapsed().as_secs_f64());
    }
    let plain = cache.join(file_name(tier, seed, "clair.sqlite"));
    if !plain.exists() {
        eprintln!("Copie non chiffrée du jeu {} (référence)…", tier.name());
        let building = cache.join("bench-building.clair.sqlite");
        let cabinet = Cabinet::open(&path, &Passphrase::new(BENCH_PASSPHRASE))?;
        cabinet.export_unencrypted_baseline(&building)?;
        cabinet.close();
        std::fs::rename(&building, &plain)?;
    }
    Ok((path, plain))
}

/// Builds (once) the tier's dataset and answers the encrypted file's path:
/// the in-app measures open it (`make bench-app`).
pub fn prepare(cache: &Path, tier: Tier, seed: u64) -> Result<PathBuf, CoreError> {
    Ok(dataset(cache, tier, seed)?.0)
}

/// What the queries are drawn from: people of the file (same seed, same
/// people), the calendars and the motifs.
struct Material {
    search_kinds: Vec<(&'static str, Vec<String>)>,
    birth_dates: Vec<String>,
    /// Incoming mail added to the work copies: one item per patient (M:
    /// 50 000, the issue's figure).
    mail_items: usize,
}

fn material(tier: Tier, seed: u64) -> Result<Material, CoreError> {
    let mut generator = DemoGenerator::new(seed)?;
    let people: Vec<_> = (0..tier.patients().min(2000))
        .map(|_| generator.next_patient())
        .collect();
    let step = (people.len() / 100).max(1);
    let sample: Vec<_> = people.iter().step_by(step).take(100).collect();
    let first = |names: &str| names.split(' ').next().unwrap_or("").to_string();
    let letters = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let search_kinds = vec![
        (
            "recherche : 1 lettre",
            letters(&["m", "d", "l", "b", "r", "g"]),
        ),
        (
            "recherche : 2 lettres",
            letters(&["ma", "du", "le", "be", "ro", "ga"]),
        ),
        (
            "recherche : nom complet",
            sample.iter().map(|p| p.birth_name.clone()).collect(),
        ),
        (
            "recherche : deux mots",
            sample
                .iter()
                .map(|p| {
                    let name: String = p.birth_name.chars().take(3).collect();
                    let given: String = first(&p.birth_first_names).chars().take(3).collect();
                    format!("{name} {given}")
                })
                .collect(),
        ),
        (
            "recherche : phonétique",
            sample
                .iter()
                .map(|p| {
                    p.birth_name
                        .replace("é", "e")
                        .replace("ph", "f")
                        .replace("au", "o")
                        .replace("ll", "l")
                        + "e"
                })
                .collect(),
        ),
        (
            "recherche : date de naissance",
            sample
                .iter()
                .map(|p| p.birth_date.format("%d/%m/%Y").to_string())
                .collect(),
        ),
        (
            "recherche : chiffres du téléphone",
            sample
                .iter()
                .map(|p| p.phones[0].1[2..8].to_string())
                .collect(),
        ),
    ];
    Ok(Material {
        birth_dates: sample
            .iter()
            .map(|p| p.birth_date.format("%d/%m/%Y").to_string())
            .collect(),
        search_kinds,
        mail_items: tier.patients(),
    })
}

pub fn run(cache: &Path, tier: Tier, seed: u64, runs: usize) -> Result<Report, CoreError> {
    let (source, plain_source) = dataset(cache, tier, seed)?;
    // Measured on copies: creating patients must not grow the cached set.
    let work = cache.join("bench-run.carnet");
    let plain_work = cache.join("bench-run.clair.sqlite");
    std::fs::copy(&source, &work)?;
    std::fs::copy(&plain_source, &plain_work)?;
    let material = material(tier, seed)?;
    let mut each_run = Vec::new();
    for run in 0..runs.max(1) {
        if runs > 1 {
            eprintln!("Série {} / {runs}…", run + 1);
        }
        each_run.push(run_once(&work, &plain_work, cache, &material, run)?);
    }
    let carnet = Cabinet::open(&source, &Passphrase::new(BENCH_PASSPHRASE))?;
    let appointments = views::count(&carnet)?;
    let patient_count = patients::count(&carnet)?;
    let report_count = carnet_core::documents::worklist::total(&carnet)?;
    carnet.close();
    let growth = crate::bench_documents::growth_per_10_000(cache)?;
    // The copies go: the next invocation starts from the cached set again.
    for path in [&work, &plain_work] {
        for suffix in ["", "-wal", "-shm", "-lock"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            // Cleaning a scratch copy; absent is fine.
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Report {
        tier: tier.name().to_string(),
        patients: patient_count,
        appointments,
        file_bytes: size(&source),
        plain_file_bytes: size(&plain_source),
        reports: report_count,
        growth_per_10_000_reports_bytes: growth,
        machine: machine(),
        runs: each_run.len(),
        measures: medians(&each_run),
        each_run,
    })
}

/// Each figure's median over the runs (the runs list the same measures in
/// the same order).
fn medians(each_run: &[Vec<Measure>]) -> Vec<Measure> {
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let figures = |pick: &dyn Fn(&Measure) -> Option<Figures>, index: usize| {
        let found: Vec<Figures> = each_run.iter().filter_map(|r| pick(&r[index])).collect();
        (!found.is_empty()).then(|| Figures {
            p50_ms: median(found.iter().map(|f| f.p50_ms).collect()),
            p99_ms: median(found.iter().map(|f| f.p99_ms).collect()),
        })
    };
    each_run[0]
        .iter()
        .enumerate()
        .map(|(index, first)| Measure {
            carnet: figures(&|m| Some(m.carnet), index).unwrap_or(first.carnet),
            plain: figures(&|m| m.plain, index),
            naive: figures(&|m| m.naive, index),
            ..first.clone()
        })
        .collect()
}

fn run_once(
    work: &Path,
    plain_work: &Path,
    cache: &Path,
    material: &Material,
    run: usize,
) -> Result<Vec<Measure>, CoreError> {
    let passphrase = Passphrase::new(BENCH_PASSPHRASE);
    let mut measures = Vec::new();

    let mut unlocks = Series::default();
    for _ in 0..5 {
        for (open, samples) in [
            (
                &(|| Cabinet::open(work, &passphrase)) as &dyn Fn() -> Result<Cabinet, CoreError>,
                &mut unlocks.carnet,
            ),
            (
                &|| Cabinet::open_unencrypted_baseline(plain_work),
                &mut unlocks.plain,
            ),
        ] {
            let started = Instant::now();
            let cabinet = open()?;
            search::search(&cabinet, "martin", SearchOptions::default())?;
            samples.push(started.elapsed());
            cabinet.close();
        }
    }
    // Not a read: the key derivation is the point of it.
    measures.push(unlocks.into_measure("déverrouillage + 1re recherche", Some(300.0), false));

    let mut carnet = Cabinet::open(work, &passphrase)?;
    let mut plain = Cabinet::open_unencrypted_baseline(plain_work)?;
    // The steady state: the patient directory (loaded in the background
    // after unlocking, ~0.3 s on M) is ready, as it is long before the
    // secretary's first keystroke.
    carnet.wait_for_search_directory();
    plain.wait_for_search_directory();
    let targets = Targets {
        carnet: &carnet,
        plain: &plain,
        turn: std::cell::Cell::new(0),
    };

    for (name, queries) in &material.search_kinds {
        let mut series = Series::default();
        // At least ~100 samples per kind, so p99 is not just the maximum.
        let repetitions = (100 / queries.len().max(1)).max(5);
        for round in 0..repetitions {
            targets.start_round(round);
            for query in queries {
                let [on_carnet, on_plain] = targets
                    .each(|cabinet| search::search(cabinet, query, SearchOptions::default()));
                series.carnet.push(on_carnet?);
                series.plain.push(on_plain?);
                series.naive.push(timed(|| {
                    search::naive_like_search(&carnet, query, SearchOptions::default().limit)
                })?);
            }
        }
        measures.push(series.into_measure(name, Some(10.0), true));
    }

    // The same patients in both files (the copy keeps the ids).
    let ids: Vec<String> = material
        .birth_dates
        .iter()
        .filter_map(|date| {
            search::search(&carnet, date, SearchOptions::default())
                .ok()
                .and_then(|found| found.hits.first().map(|h| h.id.clone()))
        })
        .collect();
    let mut opens = Series::default();
    for round in 0..5 {
        targets.start_round(round);
        for id in &ids {
            let [on_carnet, on_plain] = targets.each(|cabinet| open_patient_file(cabinet, id));
            opens.carnet.push(on_carnet?);
            opens.plain.push(on_plain?);
        }
    }
    // Opening a file records who looked (an audit write): measured as is.
    measures.push(opens.into_measure("ouvrir un dossier patient", Some(10.0), true));

    crate::bench_documents::read_measures(&targets, &carnet, &mut measures)?;

    // The agenda: weeks spread over the whole history and the weeks ahead.
    let calendars: Vec<String> = setup::calendars(&carnet)?
        .into_iter()
        .map(|c| c.id)
        .take(2)
        .collect();
    let today = carnet.today();
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    let mut weeks = Series::default();
    for index in 0..200u64 {
        // 150 past weeks across 20 years (different ones each run), 50 from
        // now on.
        let week = if index < 150 {
            monday - chrono::Days::new(7 * ((index * 7919 + run as u64 * 131) % 1040))
        } else {
            monday + chrono::Days::new(7 * (index % 8))
        };
        let [on_carnet, on_plain] =
            targets.each(|cabinet| views::range(cabinet, &calendars, week, 7));
        weeks.carnet.push(on_carnet?);
        weeks.plain.push(on_plain?);
    }
    measures.push(weeks.into_measure("semaine de deux agendas", Some(5.0), true));

    let motifs = setup::motifs(&carnet)?;
    let mut free_slots = Series::default();
    for index in 0..100usize {
        let request = SlotRequest {
            motif_id: motifs[index % motifs.len()].id.clone(),
            calendar_ids: vec![calendars[index % calendars.len()].clone()],
            weekdays: if index % 3 == 0 {
                vec![(index % 5) as u32 + 1]
            } else {
                vec![]
            },
            part_of_day: match index % 4 {
                0 => Some(PartOfDay::Matin),
                1 => Some(PartOfDay::ApresMidi),
                _ => None,
            },
            count: Some(10),
            horizon_days: Some(92),
            ..SlotRequest::default()
        };
        let [on_carnet, on_plain] =
            targets.each(|cabinet| slots::next_free_slots(cabinet, &request));
        free_slots.carnet.push(on_carnet?);
        free_slots.plain.push(on_plain?);
    }
    measures.push(free_slots.into_measure("prochains créneaux libres (3 mois)", Some(20.0), true));

    let mut bookings = Series::default();
    for index in 0..50u64 {
        // A different day for each booking of each run, months ahead.
        let day = monday + chrono::Days::new(7 * 60 + run as u64 * 50 + index);
        let draft = AppointmentDraft {
            calendar_id: calendars[0].clone(),
            motif_id: Some(motifs[0].id.clone()),
            caller_name: Some(format!("Mesure {index}")),
            starts_at: format!("{day}T09:00"),
            ..AppointmentDraft::default()
        };
        bookings
            .carnet
            .push(timed(|| appointments::create(&mut carnet, &draft, true))?);
        bookings
            .plain
            .push(timed(|| appointments::create(&mut plain, &draft, true))?);
    }
    crate::bench_documents::import_measures(&mut carnet, &mut plain, &mut measures)?;
    crate::bench_documents::mail_measures(
        &mut carnet,
        &mut plain,
        material.mail_items,
        &mut measures,
    )?;
    measures.push(bookings.into_measure(
        "enregistrer un rendez-vous (écriture durable)",
        Some(20.0),
        false,
    ));

    let mut creations = Series::default();
    for index in 0..50 {
        let draft = PatientDraft {
            birth_name: format!("Mesure{}", index_letters(run * 50 + index)),
            birth_first_names: "Banc".into(),
            birth_date: "01/01/1980".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        };
        creations
            .carnet
            .push(timed(|| patients::create(&mut carnet, &draft, true))?);
        creations
            .plain
            .push(timed(|| patients::create(&mut plain, &draft, true))?);
    }
    measures.push(creations.into_measure("créer un patient (écriture durable)", Some(20.0), false));

    // The strength meter rates what she types 80 ms after each keystroke:
    // a 40-character passphrase against the cabinet's names.
    let mut ratings = Series::default();
    for _ in 0..20 {
        ratings.carnet.push(timed(|| {
            Ok::<_, CoreError>(passphrase::rate(
                RATED_PASSPHRASE,
                &[demo::DEMO_CABINET_NAME, "Dr Hélène Lefèvre"],
            ))
        })?);
    }
    measures.push(ratings.into_measure(
        "noter une phrase de passe de 40 caractères",
        Some(80.0),
        false,
    ));

    measures.extend(pdf_rendering()?);

    // The whole file, copied, reopened, checked (both integrity checks) and
    // counted, as the app does on close and every day.
    let folder = cache.join("bench-sauvegardes");
    let mut backups = Series::default();
    for (cabinet, samples) in [(&carnet, &mut backups.carnet), (&plain, &mut backups.plain)] {
        // Scratch folder of the run; a leftover costs only disk space.
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder)?;
        samples.push(timed(|| {
            backup::backup_now(cabinet, &folder, BackupTrigger::Manuelle)
        })?);
    }
    // Scratch folder of the run; a leftover costs only disk space.
    let _ = std::fs::remove_dir_all(&folder);
    measures.push(backups.into_measure("sauvegarde vérifiée du fichier entier", None, false));

    carnet.close();
    plain.close();
    Ok(measures)
}

/// A two-page report rendered to PDF/A-2b (carnet-print's specimen): the
/// first render of the process apart (it parses the embedded fonts), then
/// 30 more. No cabinet involved: the page is plain data.
fn pdf_rendering() -> Result<Vec<Measure>, CoreError> {
    let page = carnet_print::specimen(25, true);
    let render =
        || carnet_print::render_pdf(&page).map_err(|error| CoreError::Internal(error.to_string()));
    let mut first = Series::default();
    first.carnet.push(timed(render)?);
    let mut next = Series::default();
    for _ in 0..30 {
        next.carnet.push(timed(render)?);
    }
    Ok(vec![
        first.into_measure("premier PDF/A du processus (polices chargées)", None, false),
        next.into_measure(
            "rendre un compte rendu de deux pages en PDF/A",
            Some(100.0),
            false,
        ),
    ])
}

/// Everything the file view asks for when she opens a file: the file
/// (recorded as an opening), its history, the patient's appointments (to
/// come, the last ten past ones and the counts, as the view asks), the
/// calendars that name the doctors, and the correspondants directory that
/// names the médecin traitant and the adresseur.
fn open_patient_file(cabinet: &Cabinet, id: &str) -> Result<(), CoreError> {
    patients::get(cabinet, id)?;
    patients::history(cabinet, id)?;
    views::latest_of_patient(cabinet, id, 10)?;
    setup::calendars(cabinet)?;
    correspondants::list(cabinet, "")?;
    Ok(())
}

fn index_letters(mut index: usize) -> String {
    let mut text = String::new();
    loop {
        text.push((b'a' + (index % 26) as u8) as char);
        index /= 26;
        if index == 0 {
            return text;
        }
    }
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "processeur inconnu".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map(|kib| format!(", {:.0} Go", kib / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpu}, {cores} cœurs{memory}")
}

fn ms(value: f64) -> String {
    if value >= 1000.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

pub fn print(report: &Report) {
    println!(
        "Carnet — banc d'essai {} ({} patients, {} rendez-vous ; fichier chiffré {:.1} Mo, copie en clair {:.1} Mo) — {} — médianes de {} série(s)",
        report.tier,
        report.patients,
        report.appointments,
        report.file_bytes as f64 / 1e6,
        report.plain_file_bytes as f64 / 1e6,
        report.machine,
        report.runs,
    );
    println!(
        "Comptes rendus : {} ; le fichier grandit de {:.1} Mo pour 10 000 comptes rendus.",
        report.reports,
        report.growth_per_10_000_reports_bytes as f64 / 1e6
    );
    println!(
        "{:<46} {:>5} {:>9} {:>9} {:>7} {:>10} {:>11} {:>10} {:>9}",
        "mesure (ms)",
        "n",
        "p50",
        "p99",
        "budget",
        "clair p99",
        "chiff/clair",
        "naïf p99",
        "naïf/Carn"
    );
    for m in &report.measures {
        let budget = m.budget_ms.map_or("-".to_string(), |b| format!("≤ {b}"));
        let plain = m.plain.map_or("-".into(), |f| ms(f.p99_ms));
        let ratio = match (m.encryption_ratio_p50(), m.encryption_ratio()) {
            (Some(p50), Some(p99)) => format!("{p50:.2}/{p99:.2}"),
            _ => "-".into(),
        };
        let naive = m.naive.map_or("-".into(), |f| ms(f.p99_ms));
        let speedup = m.naive_ratio().map_or("-".into(), |r| format!("{r:.0}×"));
        println!(
            "{:<46} {:>5} {:>9} {:>9} {:>7} {:>10} {:>11} {:>10} {:>9}",
            m.name,
            m.samples,
            ms(m.carnet.p50_ms),
            ms(m.carnet.p99_ms),
            budget,
            plain,
            ratio,
            naive,
            speedup
        );
    }
    let misses: Vec<String> = report
        .measures
        .iter()
        .flat_map(|m| {
            let mut out = Vec::new();
            if m.budget_ms.is_some_and(|b| m.carnet.p99_ms > b) {
                out.push(format!("{} : p99 au-delà du budget", m.name));
            }
            if m.is_read && m.encryption_ratio().is_some_and(|r| r > 1.2) {
                out.push(format!("{} : chiffré / clair > 1,2", m.name));
            }
            if m.naive_ratio().is_some_and(|r| r < 20.0) {
                out.push(format!(
                    "{} : moins de 20× plus rapide que la recherche naïve",
                    m.name
                ));
            }
            out
        })
        .collect();
    println!("(chiff/clair : rapport chiffré ÷ clair au p50 / au p99 ; naïf/Carn : au p99.)");
    if misses.is_empty() {
        println!("Budget tenu sur toutes les mesures.");
    } else {
        println!("Hors budget :");
        for miss in misses {
            println!("  - {miss}");
        }
    }
}
