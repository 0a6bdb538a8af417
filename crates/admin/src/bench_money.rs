//! `carnet-admin bench --tier m --money`: money on a work copy of the
//! tier's dataset. Every finished appointment becomes a billed visit (M:
//! twenty years of a cabinet's fees and payments, a few left unpaid), then
//! the budgets are measured: the still-owed list, a day's cash, a
//! year's receipts book exported, a visit recorded with its payment (fsync).

use std::path::Path;
use std::time::Instant;

use carnet_core::money::ledger::{self, PaymentDraft, PaymentMode, VisitDraft};
use carnet_core::money::split::Payer;
use carnet_core::money::{cash, journal, owed};
use carnet_core::storage::guarded_write::Replace;
use carnet_core::{Cabinet, CoreError, Passphrase};

use crate::bench::{self, timed, Series, Tier, BENCH_PASSPHRASE};

fn report(name: &str, series: Series, budget_ms: f64) {
    let measure = series.into_measure(name, Some(budget_ms), true);
    println!(
        "{name} : p50 {:.2} ms, p99 {:.2} ms ({} mesures, budget {budget_ms} ms)",
        measure.carnet.p50_ms, measure.carnet.p99_ms, measure.samples
    );
}

pub fn run(cache: &Path, tier: Tier, seed: u64) -> Result<(), CoreError> {
    let source = bench::prepare(cache, tier, seed)?;
    let work = cache.join("argent-travail.carnet");
    for suffix in ["", "-wal", "-shm", "-lock"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
    }
    std::fs::copy(&source, &work)?;
    let mut cabinet = Cabinet::open(&work, &Passphrase::new(BENCH_PASSPHRASE))?;
    let started = Instant::now();
    let visits = cabinet.without_audit(|c| carnet_core::money::demo::add_history(c, seed))?;
    let (fees, payments, owing): (i64, i64, i64) = cabinet_counts(&cabinet)?;
    println!(
        "{visits} visites facturées en {:.1} s : {fees} visites, {payments} paiements, {owing} montants dus ; fichier {:.0} Mo",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&work)?.len() as f64 / 1e6
    );
    let busiest = busiest_day(&cabinet)?;
    let year = busiest[..4].parse::<i32>().unwrap_or(2025);
    let mut still_owed = Series::default();
    let mut day = Series::default();
    for _ in 0..50 {
        still_owed.carnet.push(timed(|| owed::owed(&cabinet))?);
        day.carnet.push(timed(|| cash::day(&cabinet, &busiest))?);
    }
    report("impayés (liste par payeur)", still_owed, 20.0);
    report(&format!("caisse d'un jour chargé ({busiest})"), day, 10.0);
    let mut book = Series::default();
    let target = cache.join("argent-livre.csv");
    let mut lines = 0;
    for _ in 0..3 {
        book.carnet.push(timed(|| {
            lines = journal::export_csv(
                &cabinet,
                &format!("01/01/{year}"),
                &format!("31/12/{year}"),
                false,
                &target,
                Replace::Confirmed,
            )?;
            Ok(())
        })?);
    }
    let _ = std::fs::remove_file(&target);
    report(
        &format!("livre-journal de {year} en CSV ({lines} lignes)"),
        book,
        2000.0,
    );
    let patients = some_patients(&cabinet)?;
    let mut record = Series::default();
    for patient in patients.iter().take(50) {
        let draft = VisitDraft {
            patient_id: patient.clone(),
            acts: vec!["G".into()],
            tiers_payant: Some(carnet_core::money::split::TiersPayant::Aucun),
            ..VisitDraft::default()
        };
        let payment = PaymentDraft {
            payer: Payer::Patient,
            amount: "30".into(),
            mode: PaymentMode::Carte,
            cheque_bank: None,
            cheque_number: None,
            cheque_drawer: None,
            paid_on: None,
        };
        record.carnet.push(timed(|| {
            ledger::record_visit(&mut cabinet, &draft, &[payment]).map(|_| ())
        })?);
    }
    report("encaisser une visite (écriture durable)", record, 20.0);
    cabinet.close();
    for suffix in ["", "-wal", "-shm", "-lock"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
    }
    Ok(())
}

fn cabinet_counts(cabinet: &Cabinet) -> Result<(i64, i64, i64), CoreError> {
    carnet_core::money::journal::counts(cabinet)
}

fn busiest_day(cabinet: &Cabinet) -> Result<String, CoreError> {
    carnet_core::money::journal::busiest_day(cabinet)
}

fn some_patients(cabinet: &Cabinet) -> Result<Vec<String>, CoreError> {
    let hits = carnet_core::patients::search::search(
        cabinet,
        "ma",
        carnet_core::patients::search::SearchOptions::default(),
    )?;
    Ok(hits.hits.into_iter().map(|h| h.id).collect())
}
