//! Money on real encrypted files: a visit's split by the patient's
//! coverage, payments append-only with reversals that cancel exactly,
//! partial payments and a rejected caisse part, what is still owed with its
//! age, the day's close (and a closed day taking nothing more), the cheque
//! slip, receipts numbered without gaps, the anonymised receipts book
//! holding no name, and the audit trail holding every payment.

use carnet_core::audit::{self, AuditFilter};
use carnet_core::money::cash::{self, CashCount};
use carnet_core::money::ledger::{self, PaymentDraft, PaymentMode, VisitDraft};
use carnet_core::money::split::{Payer, TiersPayant};
use carnet_core::money::{journal, owed, receipts, tariffs};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::storage::guarded_write::Replace;
use carnet_core::Cabinet;

use crate::util::Workspace;

fn patient(cabinet: &mut Cabinet, name: &str, change: impl FnOnce(&mut PatientDraft)) -> String {
    let mut draft = PatientDraft {
        birth_name: name.into(),
        birth_first_names: "Jeanne".into(),
        birth_date: "12/03/1956".into(),
        sex: "F".into(),
        identity_status: "provisoire".into(),
        ..PatientDraft::default()
    };
    change(&mut draft);
    patients::create(cabinet, &draft, true).unwrap().id
}

fn visit(patient_id: &str, acts: &[&str]) -> VisitDraft {
    VisitDraft {
        patient_id: patient_id.into(),
        acts: acts.iter().map(|a| a.to_string()).collect(),
        ..VisitDraft::default()
    }
}

fn paid(payer: Payer, amount: &str, mode: PaymentMode) -> PaymentDraft {
    PaymentDraft {
        payer,
        amount: amount.into(),
        mode,
        cheque_bank: None,
        cheque_number: (mode == PaymentMode::Cheque).then(|| "0012345".to_string()),
        cheque_drawer: None,
        paid_on: None,
    }
}

#[test]
fn a_day_at_the_desk_from_the_payment_to_the_close() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("caisse.carnet");
    carnet_core::users::adopt_single_user(&mut cabinet).unwrap();
    let plain = patient(&mut cabinet, "ALLAIN", |_| {});
    let ald = patient(&mut cabinet, "BERNARD", |d| d.ald = true);
    let css = patient(&mut cabinet, "CHEVALIER", |d| {
        d.aid_scheme = Some("css".into())
    });

    // The seed is there, labelled as something to check.
    let table = tariffs::list(&cabinet).unwrap();
    let g = table.iter().find(|t| t.code == "G").unwrap();
    assert_eq!(g.amount_cents, 3000);
    assert!(g.source.contains("À vérifier"), "{}", g.source);

    // No tiers payant: she pays all at the desk, by card.
    let first = ledger::record_visit(
        &mut cabinet,
        &visit(&plain, &["G"]),
        &[paid(Payer::Patient, "30", PaymentMode::Carte)],
    )
    .unwrap();
    assert_eq!(first.tiers_payant, TiersPayant::Aucun);
    assert_eq!(first.owed_patient_cents, 0);

    // ALD: the caisse owes all of it, the patient nothing.
    let second = ledger::record_visit(&mut cabinet, &visit(&ald, &["G", "MD"]), &[]).unwrap();
    assert_eq!(
        (second.split.patient_cents, second.split.amo_cents),
        (0, 4000)
    );
    assert_eq!(second.owed_amo_cents, 4000);

    // CSS: caisse and complémentaire; a dépassement is refused whole.
    let refused = ledger::record_visit(
        &mut cabinet,
        &VisitDraft {
            excess: Some("10".into()),
            ..visit(&css, &["G"])
        },
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("CSS"), "{refused}");
    let third = ledger::record_visit(&mut cabinet, &visit(&css, &["G"]), &[]).unwrap();
    assert_eq!((third.split.amo_cents, third.split.amc_cents), (2100, 900));

    // A part payment by cheque, the rest owed; paying more than owed, a
    // cheque without number, 30,005 €: refused, nothing recorded.
    let fourth = ledger::record_visit(
        &mut cabinet,
        &VisitDraft {
            excess: Some("15,50".into()),
            ..visit(&plain, &["G"])
        },
        &[paid(Payer::Patient, "20", PaymentMode::Cheque)],
    )
    .unwrap();
    assert_eq!(fourth.owed_patient_cents, 2550);
    let before = cash::day(&cabinet, &cabinet.today().format("%d/%m/%Y").to_string()).unwrap();
    for (draft, expected) in [
        (paid(Payer::Patient, "30", PaymentMode::Especes), "dépasse"),
        (
            paid(Payer::Patient, "30,005", PaymentMode::Especes),
            "deux chiffres",
        ),
        (
            PaymentDraft {
                cheque_number: None,
                ..paid(Payer::Patient, "5", PaymentMode::Cheque)
            },
            "numéro du chèque",
        ),
        (paid(Payer::Amo, "1", PaymentMode::Virement), "dépasse"),
    ] {
        let error = ledger::pay(&mut cabinet, &fourth.id, &draft)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{error}");
    }
    let same = cash::day(&cabinet, &before.day).unwrap();
    assert_eq!(same.payments.len(), before.payments.len());

    // A mistake is a reversing line: the cash is back, the amount owed too.
    let wrong = ledger::pay(
        &mut cabinet,
        &fourth.id,
        &paid(Payer::Patient, "25,50", PaymentMode::Especes),
    )
    .unwrap();
    assert_eq!(wrong.owed_patient_cents, 0);
    let wrong_id = wrong.payments.last().unwrap().id.clone();
    let fixed = ledger::reverse(&mut cabinet, &wrong_id, "erreur de saisie").unwrap();
    assert_eq!(fixed.owed_patient_cents, 2550);
    assert!(ledger::reverse(&mut cabinet, &wrong_id, "encore").is_err());

    // The caisse rejects the ALD visit: the patient owes it now.
    let moved = ledger::transfer(
        &mut cabinet,
        &second.id,
        Payer::Amo,
        Payer::Patient,
        "40",
        "droits fermés",
    )
    .unwrap();
    assert_eq!((moved.owed_amo_cents, moved.owed_patient_cents), (0, 4000));

    // Still owed: by payer, every line today.
    let groups = owed::owed(&cabinet).unwrap();
    let total: i64 = groups.iter().map(|g| g.total_cents).sum();
    assert_eq!(total, 2550 + 4000 + 2100 + 900);
    assert!(groups.iter().all(|g| g.by_age_cents[0] == g.total_cents));
    assert_eq!(owed::patient_owes(&cabinet, &ald).unwrap(), 4000);

    // The CPAM pays the CSS visit: the amount owed drops.
    ledger::pay(
        &mut cabinet,
        &third.id,
        &paid(Payer::Amo, "21", PaymentMode::Virement),
    )
    .unwrap();
    let groups = owed::owed(&cabinet).unwrap();
    assert_eq!(
        groups.iter().map(|g| g.total_cents).sum::<i64>(),
        2550 + 4000 + 900
    );

    // The day: card 30, cheque 20, cash 25,50 − 25,50, transfer 21.
    let today = cabinet.today().format("%d/%m/%Y").to_string();
    let day = cash::day(&cabinet, &today).unwrap();
    assert_eq!(day.expected_cents[&PaymentMode::Carte], 3000);
    assert_eq!(day.expected_cents[&PaymentMode::Cheque], 2000);
    assert_eq!(day.expected_cents[&PaymentMode::Especes], 0);
    assert_eq!(day.expected_cents[&PaymentMode::Virement], 2100);
    assert_eq!(
        day.total_cents,
        day.payments.iter().map(|p| p.amount_cents).sum::<i64>()
    );

    // A cash count off by 5 € needs a word; then the day is closed and
    // takes nothing more.
    let mut count = CashCount::default();
    count.pieces.insert(500, 1);
    let error = cash::close_day(&mut cabinet, &today, &count)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expliquez"), "{error}");
    count.explanation = "monnaie rendue en trop hier".into();
    let closed = cash::close_day(&mut cabinet, &today, &count).unwrap();
    assert_eq!(closed.closing.as_ref().unwrap().difference_cents, 500);
    let error = ledger::pay(
        &mut cabinet,
        &fourth.id,
        &PaymentDraft {
            paid_on: Some(today.clone()),
            ..paid(Payer::Patient, "1", PaymentMode::Especes)
        },
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("close"), "{error}");
    let closed_total = cash::day(&cabinet, &today).unwrap().total_cents;
    assert!(cash::close_day(&mut cabinet, &today, &count).is_err());
    // After the close, a payment counts in the next day's cash.
    let tomorrow = (cabinet.today() + chrono::Days::new(1))
        .format("%d/%m/%Y")
        .to_string();
    ledger::pay(
        &mut cabinet,
        &fourth.id,
        &paid(Payer::Patient, "25,50", PaymentMode::Especes),
    )
    .unwrap();
    assert_eq!(
        cash::day(&cabinet, &today).unwrap().total_cents,
        closed_total
    );
    assert_eq!(cash::day(&cabinet, &tomorrow).unwrap().total_cents, 2550);

    // The cheque slip takes the day's cheque once.
    let pending = cash::pending_cheques(&cabinet).unwrap();
    assert_eq!(pending.len(), 1);
    let slip = cash::make_slip(&mut cabinet, &[pending[0].payment_id.clone()]).unwrap();
    assert_eq!((slip.number, slip.total_cents), (1, 2000));
    assert!(cash::pending_cheques(&cabinet).unwrap().is_empty());
    assert!(cash::make_slip(&mut cabinet, &[pending[0].payment_id.clone()]).is_err());

    // Receipts: numbered in order, the same number when printed again.
    assert_eq!(receipts::issue(&mut cabinet, &first.id).unwrap(), 1);
    assert_eq!(receipts::issue(&mut cabinet, &fourth.id).unwrap(), 2);
    assert_eq!(receipts::issue(&mut cabinet, &first.id).unwrap(), 1);
    let lines = receipts::receipt_lines(&ledger::fee(&cabinet, &fourth.id).unwrap(), 2);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Dépassement") && l.contains("15,50")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Total des honoraires : 45,50")),
        "{lines:?}"
    );

    // The receipts book for the accountant: every payment, the total of
    // the lines; the anonymised one names nobody.
    let from = cabinet.today().format("%d/%m/%Y").to_string();
    let target = workspace.path("journal.csv");
    let count = journal::export_csv(&cabinet, &from, &from, true, &target, Replace::Never).unwrap();
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(count, day.payments.len());
    for name in ["ALLAIN", "BERNARD", "CHEVALIER", "Jeanne"] {
        assert!(
            !text.contains(name),
            "{name} in the anonymised book:\n{text}"
        );
    }
    assert!(text.contains(";Total;71,00;"), "{text}");
    let named = journal::lines(&cabinet, &from, &from, false).unwrap();
    assert!(named.iter().any(|l| l.who.contains("ALLAIN")));
    // Never over the cabinet itself.
    let error = journal::export_csv(
        &cabinet,
        &from,
        &from,
        true,
        cabinet.path(),
        Replace::Confirmed,
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("cabinet"), "{error}");

    // Every payment and its reversal are in the audit trail; payments can
    // be neither edited nor deleted, even from SQL.
    let trail = audit::entries(
        &cabinet,
        &AuditFilter {
            limit: Some(500),
            ..AuditFilter::default()
        },
    )
    .unwrap();
    let payments = trail.iter().filter(|e| e.object_kind == "payment").count();
    assert_eq!(payments, 6, "{trail:?}");
    assert!(trail.iter().any(|e| e.object_kind == "payment"
        && e.action == "reverse"
        && e.description.starts_with("Annulation")));
    let chain = audit::verify(&cabinet).unwrap();
    assert!(chain.broken_at.is_none(), "{chain:?}");
}
