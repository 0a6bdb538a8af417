//! `carnet-admin money …`: the tariffs, a visit's fees and payments, what is
//! still owed, the day's cash and its closing, cheque slips, receipts, and
//! the receipts book for the accountant.

use std::collections::BTreeMap;
use std::path::PathBuf;

use carnet_core::money::amount::format_cents;
use carnet_core::money::ledger::{self, PaymentDraft, PaymentMode, VisitDraft};
use carnet_core::money::split::{Payer, TiersPayant};
use carnet_core::money::{cash, journal, owed, receipts, tariffs};
use carnet_core::storage::guarded_write::Replace;
use carnet_core::CoreError;
use clap::{Args, Subcommand};

use crate::mail::code;
use crate::{open, to_json};

#[derive(Subcommand)]
pub enum MoneyCommand {
    /// La table des actes et de leurs montants (valables aujourd'hui, sauf --all).
    Tariffs {
        file: PathBuf,
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Encaisse une visite : les actes, et ce que paie le payeur choisi (par défaut toute sa part).
    Record {
        file: PathBuf,
        #[arg(long)]
        patient: String,
        /// Code de l'acte (répétable) : G, MD, APC…
        #[arg(long = "act", required = true)]
        acts: Vec<String>,
        /// Dépassement d'honoraires (p. ex. 10 ou 10,00).
        #[arg(long)]
        excess: Option<String>,
        /// aucun, amo ou amo_amc (par défaut : selon le dossier du patient).
        #[arg(long)]
        tiers: Option<String>,
        /// Date de la visite (par défaut : aujourd'hui).
        #[arg(long)]
        date: Option<String>,
        /// Qui paie maintenant : patient, amo ou amc (sans --paid-by : rien n'est encaissé).
        #[arg(long)]
        paid_by: Option<String>,
        /// carte, cheque, especes ou virement.
        #[arg(long, default_value = "carte")]
        mode: String,
        /// Montant payé (par défaut : toute la part de ce payeur).
        #[arg(long)]
        amount: Option<String>,
        #[command(flatten)]
        cheque: ChequeArgs,
        #[arg(long)]
        json: bool,
    },
    /// Enregistre un paiement reçu plus tard pour une visite (le virement de la CPAM…).
    Pay {
        file: PathBuf,
        fee: String,
        #[arg(long)]
        paid_by: String,
        #[arg(long)]
        amount: String,
        #[arg(long, default_value = "virement")]
        mode: String,
        #[command(flatten)]
        cheque: ChequeArgs,
        #[arg(long)]
        date: Option<String>,
    },
    /// Annule un paiement par une ligne d'annulation (jamais une modification).
    Reverse {
        file: PathBuf,
        payment: String,
        #[arg(long)]
        reason: String,
    },
    /// Reporte une part sur un autre payeur (rejet de la caisse : le patient la doit).
    Transfer {
        file: PathBuf,
        fee: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        reason: String,
    },
    /// Ce qui reste dû, par payeur, avec son ancienneté.
    Owed {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// La caisse d'un jour : totaux par mode, paiements, clôture.
    Day {
        file: PathBuf,
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Clôt la caisse d'un jour : ce qui a été compté (VALEUR_EN_CENTIMESxNOMBRE, p. ex. 2000x3,200x4).
    Close {
        file: PathBuf,
        date: String,
        #[arg(long, default_value = "")]
        counted: String,
        #[arg(long, default_value = "")]
        explanation: String,
    },
    /// Bordereau de remise de chèques : sans --make, les chèques à remettre ; avec, le bordereau.
    Slip {
        file: PathBuf,
        /// Paiements par chèque à mettre sur le bordereau (identifiants), ou « all ».
        #[arg(long = "make")]
        make: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Le reçu d'honoraires d'une visite, en PDF/A (numéroté).
    Receipt {
        file: PathBuf,
        fee: String,
        out: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Le livre-journal des recettes en CSV pour le comptable (« ; », UTF-8 avec BOM).
    Journal {
        file: PathBuf,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        out: PathBuf,
        /// Sans nom de patient (numéro de visite seulement), secret médical.
        #[arg(long)]
        anonymised: bool,
        #[arg(long)]
        force: bool,
    },
}

/// A cheque's number (required for a cheque), bank and drawer.
#[derive(Args, Clone, Default)]
pub struct ChequeArgs {
    #[arg(long)]
    cheque_number: Option<String>,
    #[arg(long)]
    bank: Option<String>,
    #[arg(long)]
    drawer: Option<String>,
}

impl ChequeArgs {
    fn payment(
        self,
        payer: Payer,
        amount: String,
        mode: PaymentMode,
        paid_on: Option<String>,
    ) -> PaymentDraft {
        PaymentDraft {
            payer,
            amount,
            mode,
            cheque_bank: self.bank,
            cheque_number: self.cheque_number,
            cheque_drawer: self.drawer,
            paid_on,
        }
    }
}

fn payer(text: &str) -> Result<Payer, CoreError> {
    code(text, Payer::parse, "paidBy", "patient, amo ou amc")
}

fn mode(text: &str) -> Result<PaymentMode, CoreError> {
    code(
        text,
        PaymentMode::parse,
        "mode",
        "carte, cheque, especes ou virement",
    )
}

fn parse_count(text: &str) -> Result<BTreeMap<i64, i64>, CoreError> {
    let mut pieces = BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = part.split_once('x').and_then(|(value, count)| {
            Some((
                value.trim().parse::<i64>().ok()?,
                count.trim().parse::<i64>().ok()?,
            ))
        });
        let Some((value, count)) = parsed else {
            return Err(CoreError::InvalidInput {
                field: "counted",
                message: format!(
                    "« {part} » illisible : VALEUR_EN_CENTIMESxNOMBRE, p. ex. 2000x3."
                ),
            });
        };
        *pieces.entry(value).or_insert(0) += count;
    }
    Ok(pieces)
}

fn print_fee(view: &ledger::FeeView) {
    println!(
        "Visite n° {} ({}) du {} — {} : total {} (patient {}, caisse {}, mutuelle {})",
        view.number,
        view.id,
        view.on_day,
        view.patient_label,
        format_cents(view.split.total_cents),
        format_cents(view.split.patient_cents),
        format_cents(view.split.amo_cents),
        format_cents(view.split.amc_cents)
    );
    for payment in &view.payments {
        println!(
            "  {}  {}  {} par {} ({}){}",
            payment.id,
            payment.paid_on,
            format_cents(payment.amount_cents),
            payment.mode.label(),
            payment.payer.label(),
            if payment.reversed { " — annulé" } else { "" }
        );
    }
    println!(
        "Reste dû : patient {}, caisse {}, mutuelle {}",
        format_cents(view.owed_patient_cents),
        format_cents(view.owed_amo_cents),
        format_cents(view.owed_amc_cents)
    );
}

pub fn run(command: MoneyCommand) -> Result<(), CoreError> {
    match command {
        MoneyCommand::Tariffs { file, all, json } => {
            let cabinet = open(&file)?;
            let today = cabinet.today().format("%Y-%m-%d").to_string();
            let result = if all {
                tariffs::list(&cabinet)
            } else {
                tariffs::valid_on(&cabinet, &today)
            };
            cabinet.close();
            let list = result?;
            if json {
                println!("{}", to_json(&list)?);
            } else {
                for tariff in &list {
                    println!(
                        "{:6} {:>10}  {}{}  (du {}{}) — vérifié le {} : {}",
                        tariff.code,
                        format_cents(tariff.amount_cents),
                        tariff.label,
                        if tariff.reimbursable {
                            ""
                        } else {
                            " [non remboursable]"
                        },
                        tariff.valid_from,
                        tariff
                            .valid_to
                            .as_deref()
                            .map(|t| format!(" au {t}"))
                            .unwrap_or_default(),
                        tariff.checked_on,
                        tariff.source
                    );
                }
            }
        }
        MoneyCommand::Record {
            file,
            patient,
            acts,
            excess,
            tiers,
            date,
            paid_by,
            mode: mode_text,
            amount,
            cheque,
            json,
        } => {
            let tiers_payant = tiers
                .as_deref()
                .map(|t| code(t, TiersPayant::parse, "tiers", "aucun, amo ou amo_amc"))
                .transpose()?;
            let draft = VisitDraft {
                patient_id: patient,
                on_day: date,
                acts,
                excess,
                tiers_payant,
                ..VisitDraft::default()
            };
            let paid_by = paid_by.as_deref().map(payer).transpose()?;
            let payment_mode = mode(&mode_text)?;
            let mut cabinet = open(&file)?;
            let result = (|| {
                let payments = match paid_by {
                    None => Vec::new(),
                    Some(who) => {
                        let amount = match &amount {
                            Some(amount) => amount.clone(),
                            None => {
                                let split = ledger::preview(&cabinet, &draft)?;
                                let part = match who {
                                    Payer::Patient => split.patient_cents,
                                    Payer::Amo => split.amo_cents,
                                    Payer::Amc => split.amc_cents,
                                };
                                if part == 0 {
                                    return Err(CoreError::InvalidInput {
                                        field: "paidBy",
                                        message: format!(
                                            "Le {} ne doit rien pour cette visite (tiers payant) : choisissez un autre payeur.",
                                            who.label()
                                        ),
                                    });
                                }
                                carnet_core::money::amount::plain_cents(part)
                            }
                        };
                        vec![cheque.clone().payment(who, amount, payment_mode, None)]
                    }
                };
                ledger::record_visit(&mut cabinet, &draft, &payments)
            })();
            cabinet.close();
            let view = result?;
            if json {
                println!("{}", to_json(&view)?);
            } else {
                print_fee(&view);
            }
        }
        MoneyCommand::Pay {
            file,
            fee,
            paid_by,
            amount,
            mode: mode_text,
            cheque,
            date,
        } => {
            let draft = cheque.payment(payer(&paid_by)?, amount, mode(&mode_text)?, date);
            let mut cabinet = open(&file)?;
            let result = ledger::pay(&mut cabinet, &fee, &draft);
            cabinet.close();
            print_fee(&result?);
        }
        MoneyCommand::Reverse {
            file,
            payment,
            reason,
        } => {
            let mut cabinet = open(&file)?;
            let result = ledger::reverse(&mut cabinet, &payment, &reason);
            cabinet.close();
            print_fee(&result?);
        }
        MoneyCommand::Transfer {
            file,
            fee,
            from,
            to,
            amount,
            reason,
        } => {
            let (from, to) = (payer(&from)?, payer(&to)?);
            let mut cabinet = open(&file)?;
            let result = ledger::transfer(&mut cabinet, &fee, from, to, &amount, &reason);
            cabinet.close();
            print_fee(&result?);
        }
        MoneyCommand::Owed { file, json } => {
            let cabinet = open(&file)?;
            let result = owed::owed(&cabinet);
            cabinet.close();
            let groups = result?;
            if json {
                println!("{}", to_json(&groups)?);
            } else if groups.is_empty() {
                println!("Rien n'est dû.");
            } else {
                for group in &groups {
                    println!(
                        "{} ({}) : {} — moins de 30 jours {}, 30 à 60 jours {}, plus de 60 jours {}",
                        group.payer_name,
                        group.payer.label(),
                        format_cents(group.total_cents),
                        format_cents(group.by_age_cents[0]),
                        format_cents(group.by_age_cents[1]),
                        format_cents(group.by_age_cents[2])
                    );
                    if group.line_count > group.lines.len() as i64 {
                        println!(
                            "  ({} visites au total ; les {} plus anciennes ci-dessous)",
                            group.line_count,
                            group.lines.len()
                        );
                    }
                    for line in &group.lines {
                        println!(
                            "  visite n° {} ({})  {}  {}  {}  {} jours",
                            line.fee_number,
                            line.fee_id,
                            line.on_day,
                            line.patient_label,
                            format_cents(line.owed_cents),
                            line.age_days
                        );
                    }
                }
            }
        }
        MoneyCommand::Day { file, date, json } => {
            let cabinet = open(&file)?;
            let result = cash::day(&cabinet, &date);
            cabinet.close();
            let day = result?;
            if json {
                println!("{}", to_json(&day)?);
            } else {
                println!(
                    "Caisse du {} : {} visite(s), {} reçus",
                    day.day,
                    day.visits,
                    format_cents(day.total_cents)
                );
                for (mode, cents) in &day.expected_cents {
                    println!("  {:10} {}", mode.label(), format_cents(*cents));
                }
                match &day.closing {
                    Some(closing) => println!(
                        "Close : espèces comptées {}, écart {}{}",
                        format_cents(closing.counted_cash_cents),
                        format_cents(closing.difference_cents),
                        if closing.explanation.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", closing.explanation)
                        }
                    ),
                    None => println!("Pas encore close."),
                }
            }
        }
        MoneyCommand::Close {
            file,
            date,
            counted,
            explanation,
        } => {
            let count = cash::CashCount {
                pieces: parse_count(&counted)?,
                explanation,
            };
            let mut cabinet = open(&file)?;
            let result = cash::close_day(&mut cabinet, &date, &count);
            cabinet.close();
            let day = result?;
            let closing = day.closing.as_ref();
            println!(
                "Journée du {} close : {} reçus, espèces comptées {}, écart {}.",
                day.day,
                format_cents(day.total_cents),
                format_cents(closing.map_or(0, |c| c.counted_cash_cents)),
                format_cents(closing.map_or(0, |c| c.difference_cents))
            );
        }
        MoneyCommand::Slip { file, make, json } => {
            let mut cabinet = open(&file)?;
            let result = (|| {
                if make.is_empty() {
                    return Ok((cash::pending_cheques(&cabinet)?, None));
                }
                let ids = if make.iter().any(|m| m == "all") {
                    cash::pending_cheques(&cabinet)?
                        .into_iter()
                        .map(|c| c.payment_id)
                        .collect()
                } else {
                    make.clone()
                };
                let slip = cash::make_slip(&mut cabinet, &ids)?;
                Ok::<_, CoreError>((slip.cheques.clone(), Some(slip)))
            })();
            cabinet.close();
            let (cheques, slip) = result?;
            if json {
                match &slip {
                    Some(slip) => println!("{}", to_json(slip)?),
                    None => println!("{}", to_json(&cheques)?),
                }
            } else {
                if let Some(slip) = &slip {
                    println!(
                        "Bordereau n° {} du {} : {} chèque(s), {}",
                        slip.number,
                        slip.made_on,
                        slip.cheques.len(),
                        format_cents(slip.total_cents)
                    );
                } else if cheques.is_empty() {
                    println!("Aucun chèque à remettre.");
                }
                for cheque in &cheques {
                    println!(
                        "  {}  {}  n° {}  {}  {}  {}",
                        cheque.payment_id,
                        cheque.paid_on,
                        cheque.number,
                        cheque.bank,
                        cheque.drawer,
                        format_cents(cheque.amount_cents)
                    );
                }
            }
        }
        MoneyCommand::Receipt {
            file,
            fee,
            out,
            force,
        } => {
            let mut cabinet = open(&file)?;
            let result = (|| {
                receipts::issue(&mut cabinet, &fee)?;
                let printable = receipts::printable(&cabinet, &fee)?
                    .ok_or_else(|| CoreError::Internal("reçu introuvable".into()))?;
                let printable_patient = ledger::fee(&cabinet, &fee)?.patient_id;
                let bytes = carnet_print::render_pdf(&printable)
                    .map_err(|error| CoreError::Internal(error.to_string()))?;
                carnet_core::templates::write_rendered(
                    &cabinet,
                    &bytes,
                    &out,
                    Replace::confirmed_if(force),
                    printable_patient.as_deref(),
                    "reçu d'honoraires",
                )
                .map_err(crate::with_force_hint)?;
                Ok::<_, CoreError>(printable.document_title)
            })();
            cabinet.close();
            println!("{} écrit : {}", result?, out.display());
        }
        MoneyCommand::Journal {
            file,
            from,
            to,
            out,
            anonymised,
            force,
        } => {
            let cabinet = open(&file)?;
            let result = journal::export_csv(
                &cabinet,
                &from,
                &to,
                anonymised,
                &out,
                Replace::confirmed_if(force),
            );
            cabinet.close();
            let count = result.map_err(crate::with_force_hint)?;
            println!("{count} ligne(s) écrite(s) : {}", out.display());
        }
    }
    Ok(())
}
