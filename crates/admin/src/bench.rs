//! `carnet-admin bench`: the speed budget, measured in the core on a
//! deterministic demo dataset (built once, cached). Benchmarks are not
//! tests: nothing here asserts a duration; CI runs a tiny tier only to keep
//! it working.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use carnet_core::agenda::appointments::{self, AppointmentDraft};
use carnet_core::agenda::slots::{self, PartOfDay, SlotRequest};
use carnet_core::agenda::{setup, views};
use carnet_core::demo::{self, DemoGenerator};
use carnet_core::patients::search::{self, SearchOptions};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::{Cabinet, CoreError, Passphrase};
use chrono::Datelike;
use serde::Serialize;

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

#[derive(Debug, Serialize)]
pub struct Measure {
    pub name: String,
    pub samples: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub budget_ms: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub tier: String,
    pub patients: usize,
    pub appointments: i64,
    pub file_bytes: u64,
    pub machine: String,
    pub measures: Vec<Measure>,
}

fn percentile(sorted: &[Duration], fraction: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn measure(
    name: &str,
    budget_ms: Option<f64>,
    runs: impl IntoIterator<Item = Duration>,
) -> Measure {
    let mut samples: Vec<Duration> = runs.into_iter().collect();
    samples.sort();
    Measure {
        name: name.to_string(),
        samples: samples.len(),
        p50_ms: percentile(&samples, 0.5),
        p99_ms: percentile(&samples, 0.99),
        budget_ms,
    }
}

fn timed<T>(work: impl FnOnce() -> Result<T, CoreError>) -> Result<Duration, CoreError> {
    let started = Instant::now();
    work()?;
    Ok(started.elapsed())
}

/// The cached dataset for a tier, built on first use.
fn dataset(cache: &Path, tier: Tier, seed: u64) -> Result<PathBuf, CoreError> {
    std::fs::create_dir_all(cache)?;
    let path = cache.join(format!(
        "bench-{}-seed{seed}-v{}.carnet",
        tier.name(),
        carnet_core::latest_schema_version()
    ));
    if !path.exists() {
        let building = cache.join("bench-building.carnet");
        let _ = std::fs::remove_file(&building);
        let started = Instant::now();
        let cabinet = demo::create_demo_cabinet(
            &building,
            &Passphrase::new(BENCH_PASSPHRASE),
            tier.size(),
            seed,
            &mut |done, total| {
                eprint!(
                    "\rJeu de données {} : {done} / {total} patients",
                    tier.name()
                )
            },
        )?;
        cabinet.close();
        std::fs::rename(&building, &path)?;
        eprintln!(" ({:.1} s)", started.elapsed().as_secs_f64());
    }
    Ok(path)
}

pub fn run(cache: &Path, tier: Tier, seed: u64) -> Result<Report, CoreError> {
    let source = dataset(cache, tier, seed)?;
    // Measured on a copy: creating patients must not grow the cached set.
    let work = cache.join("bench-run.carnet");
    std::fs::copy(&source, &work)?;
    let passphrase = Passphrase::new(BENCH_PASSPHRASE);
    let mut measures = Vec::new();

    let mut unlocks = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let cabinet = Cabinet::open(&work, &passphrase)?;
        search::search(&cabinet, "martin", SearchOptions::default())?;
        unlocks.push(started.elapsed());
        cabinet.close();
    }
    measures.push(measure(
        "déverrouillage + 1re recherche",
        Some(300.0),
        unlocks,
    ));

    let mut cabinet = Cabinet::open(&work, &passphrase)?;
    // Queries drawn from the people in the file (same seed, same people).
    let mut generator = DemoGenerator::new(seed)?;
    let people: Vec<_> = (0..tier.patients().min(2000))
        .map(|_| generator.next_patient())
        .collect();
    let step = (people.len() / 100).max(1);
    let sample: Vec<_> = people.iter().step_by(step).take(100).collect();
    let first = |names: &str| names.split(' ').next().unwrap_or("").to_string();
    let kinds: Vec<(&str, Vec<String>)> = vec![
        (
            "recherche : 1 lettre",
            ["m", "d", "l", "b", "r", "g"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        (
            "recherche : 2 lettres",
            ["ma", "du", "le", "be", "ro", "ga"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
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
    for (name, queries) in &kinds {
        let mut runs = Vec::new();
        // At least ~100 samples per kind, so p99 is not just the maximum.
        let repetitions = (100 / queries.len().max(1)).max(5);
        for _ in 0..repetitions {
            for query in queries {
                runs.push(timed(|| {
                    search::search(&cabinet, query, SearchOptions::default())
                })?);
            }
        }
        measures.push(measure(name, Some(10.0), runs));
    }

    let ids: Vec<String> = sample
        .iter()
        .filter_map(|p| {
            search::search(
                &cabinet,
                &p.birth_date.format("%d/%m/%Y").to_string(),
                SearchOptions::default(),
            )
            .ok()
            .and_then(|hits| hits.first().map(|h| h.id.clone()))
        })
        .collect();
    let mut opens = Vec::new();
    for _ in 0..5 {
        for id in &ids {
            opens.push(timed(|| patients::get(&cabinet, id))?);
        }
    }
    measures.push(measure("ouvrir un dossier patient", Some(10.0), opens));

    // The agenda: weeks spread over the whole history and the weeks ahead.
    let calendars: Vec<String> = setup::calendars(&cabinet)?
        .into_iter()
        .map(|c| c.id)
        .take(2)
        .collect();
    let today = cabinet.today();
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    let mut weeks = Vec::new();
    for index in 0..200u64 {
        // 150 past weeks across 20 years, 50 from now on.
        let week = if index < 150 {
            monday - chrono::Days::new(7 * ((index * 7919) % 1040))
        } else {
            monday + chrono::Days::new(7 * (index % 8))
        };
        weeks.push(timed(|| views::range(&cabinet, &calendars, week, 7))?);
    }
    measures.push(measure("semaine de deux agendas", Some(5.0), weeks));

    let motifs = setup::motifs(&cabinet)?;
    let mut searches = Vec::new();
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
        searches.push(timed(|| slots::next_free_slots(&cabinet, &request))?);
    }
    measures.push(measure(
        "prochains créneaux libres (3 mois)",
        Some(20.0),
        searches,
    ));

    let mut bookings = Vec::new();
    for index in 0..50u64 {
        let day = monday + chrono::Days::new(7 * 60 + index);
        let draft = AppointmentDraft {
            calendar_id: calendars[0].clone(),
            motif_id: Some(motifs[0].id.clone()),
            caller_name: Some(format!("Mesure {index}")),
            starts_at: format!("{day}T09:00"),
            ..AppointmentDraft::default()
        };
        bookings.push(timed(|| appointments::create(&mut cabinet, &draft, true))?);
    }
    measures.push(measure(
        "enregistrer un rendez-vous (écriture durable)",
        Some(20.0),
        bookings,
    ));

    let mut creations = Vec::new();
    for index in 0..50 {
        let draft = PatientDraft {
            birth_name: format!("Mesure{}", index_letters(index)),
            birth_first_names: "Banc".into(),
            birth_date: "01/01/1980".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        };
        creations.push(timed(|| patients::create(&mut cabinet, &draft, true))?);
    }
    measures.push(measure(
        "créer un patient (écriture durable)",
        Some(20.0),
        creations,
    ));
    let appointment_count = views::count(&cabinet)?;
    cabinet.close();
    let file_bytes = std::fs::metadata(&source).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&work);
    Ok(Report {
        tier: tier.name().to_string(),
        patients: tier.patients(),
        appointments: appointment_count,
        file_bytes,
        machine: machine(),
        measures,
    })
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
    format!("{cpu}, {cores} cœurs")
}

pub fn print(report: &Report) {
    println!(
        "Carnet — banc d'essai {} ({} patients, {} rendez-vous, fichier {:.1} Mo) — {}",
        report.tier,
        report.patients,
        report.appointments,
        report.file_bytes as f64 / 1e6,
        report.machine
    );
    println!(
        "{:<46} {:>8} {:>10} {:>10} {:>10}",
        "mesure", "n", "p50 (ms)", "p99 (ms)", "budget"
    );
    for m in &report.measures {
        let budget = m.budget_ms.map_or("-".to_string(), |b| format!("≤ {b}"));
        println!(
            "{:<46} {:>8} {:>10.2} {:>10.2} {:>10}",
            m.name, m.samples, m.p50_ms, m.p99_ms, budget
        );
    }
}
