//! Money at the front desk: the commands of the payment dialog (from the
//! waiting room's « Terminé » column or a patient file) and of the
//! « Caisse » section (the day, still owed, cheques, the receipts book).
//! Each is one call into `carnet_core::money`.

use carnet_core::money::cash::{self, CashCount, CashDay, ChequeSlip, PendingCheque};
use carnet_core::money::journal::{self, MonthTotals};
use carnet_core::money::ledger::{self, FeeView, PatientMoney, PaymentDraft, VisitDraft};
use carnet_core::money::owed::{self, OwedByPayer};
use carnet_core::money::receipts;
use carnet_core::money::split::{Payer, Split};
use carnet_core::money::tariffs::{self, Tariff};
use carnet_core::session::AppState;
use carnet_core::storage::guarded_write::Replace;
use tauri::{AppHandle, Runtime, State, WebviewWindow};

use super::{on_cabinet, save_dialog};
use crate::error::CommandResult;
use crate::views::WrittenFile;

/// The acts valid today, for the dialog's buttons.
#[tauri::command]
pub async fn money_tariffs<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<Tariff>> {
    on_cabinet(&state, &window, move |c| {
        let today = c.today().format("%Y-%m-%d").to_string();
        tariffs::valid_on(c, &today)
    })
    .await
}

/// Who pays what, before she confirms.
#[tauri::command]
pub async fn money_preview<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: VisitDraft,
) -> CommandResult<Split> {
    on_cabinet(&state, &window, move |c| ledger::preview(c, &draft)).await
}

/// A visit's fees and what was paid at the desk, all or nothing.
#[tauri::command]
pub async fn record_visit<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    draft: VisitDraft,
    payments: Vec<PaymentDraft>,
) -> CommandResult<FeeView> {
    on_cabinet(&state, &window, move |c| {
        ledger::record_visit(c, &draft, &payments)
    })
    .await
}

#[tauri::command]
pub async fn money_fee<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    fee_id: String,
) -> CommandResult<FeeView> {
    on_cabinet(&state, &window, move |c| ledger::fee(c, &fee_id)).await
}

/// The visit billed for an appointment, if it was.
#[tauri::command]
pub async fn money_fee_of_appointment<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    appointment_id: String,
) -> CommandResult<Option<FeeView>> {
    on_cabinet(&state, &window, move |c| {
        ledger::fee_of_appointment(c, &appointment_id)?
            .map(|id| ledger::fee(c, &id))
            .transpose()
    })
    .await
}

#[tauri::command]
pub async fn money_pay<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    fee_id: String,
    payment: PaymentDraft,
) -> CommandResult<FeeView> {
    on_cabinet(&state, &window, move |c| ledger::pay(c, &fee_id, &payment)).await
}

#[tauri::command]
pub async fn money_reverse<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    payment_id: String,
    reason: String,
) -> CommandResult<FeeView> {
    on_cabinet(&state, &window, move |c| {
        ledger::reverse(c, &payment_id, &reason)
    })
    .await
}

#[tauri::command]
pub async fn money_transfer<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    fee_id: String,
    from: Payer,
    to: Payer,
    amount: String,
    reason: String,
) -> CommandResult<FeeView> {
    on_cabinet(&state, &window, move |c| {
        ledger::transfer(c, &fee_id, from, to, &amount, &reason)
    })
    .await
}

#[tauri::command]
pub async fn money_owed<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<OwedByPayer>> {
    on_cabinet(&state, &window, move |c| owed::owed(c)).await
}

#[tauri::command]
pub async fn money_day<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    day: String,
) -> CommandResult<CashDay> {
    on_cabinet(&state, &window, move |c| cash::day(c, &day)).await
}

#[tauri::command]
pub async fn money_close_day<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    day: String,
    count: CashCount,
) -> CommandResult<CashDay> {
    on_cabinet(&state, &window, move |c| cash::close_day(c, &day, &count)).await
}

#[tauri::command]
pub async fn money_pending_cheques<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
) -> CommandResult<Vec<PendingCheque>> {
    on_cabinet(&state, &window, move |c| cash::pending_cheques(c)).await
}

#[tauri::command]
pub async fn money_make_slip<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    payment_ids: Vec<String>,
) -> CommandResult<ChequeSlip> {
    on_cabinet(&state, &window, move |c| cash::make_slip(c, &payment_ids)).await
}

/// Issues the receipt's number (once); the page then shows
/// `carnet-media://…/receipt/<fee id>`.
#[tauri::command]
pub async fn issue_receipt<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    fee_id: String,
) -> CommandResult<i64> {
    on_cabinet(&state, &window, move |c| receipts::issue(c, &fee_id)).await
}

#[tauri::command]
pub async fn money_year<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    year: i32,
) -> CommandResult<Vec<MonthTotals>> {
    on_cabinet(&state, &window, move |c| journal::year_summary(c, year)).await
}

/// The receipts book as CSV for the accountant, where she chooses.
#[tauri::command]
pub async fn save_journal_as<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    from: String,
    to: String,
    anonymised: bool,
) -> CommandResult<Option<WrittenFile>> {
    let Some(path) = save_dialog(
        &app,
        "Enregistrer le livre-journal (non chiffré)",
        ("Fichier CSV", "csv"),
        "livre-journal.csv",
    ) else {
        return Ok(None);
    };
    on_cabinet(&state, &window, move |c| {
        let lines = journal::export_csv(c, &from, &to, anonymised, &path, Replace::Confirmed)?;
        Ok(Some(WrittenFile::new(&path, lines)))
    })
    .await
}

/// The « Honoraires » card of a patient's file.
#[tauri::command]
pub async fn patient_money<R: Runtime>(
    state: State<'_, AppState>,
    window: WebviewWindow<R>,
    patient_id: String,
) -> CommandResult<PatientMoney> {
    on_cabinet(&state, &window, move |c| {
        ledger::patient_money(c, &patient_id)
    })
    .await
}
