//! Who pays what of a visit: the patient, the caisse (AMO), the mutuelle
//! (AMC), from the acts and the patient's situation. Pure arithmetic in
//! cents: the parts always add up to the total, by construction.

use serde::{Deserialize, Serialize};

crate::codes::text_codes! {
    /// Who is asked for the money instead of the patient.
    pub enum TiersPayant {
        /// The patient pays everything and is reimbursed.
        Aucun = "aucun",
        /// The caisse pays its part to the doctor.
        Amo = "amo",
        /// The caisse and the mutuelle pay theirs: the patient pays only
        /// what neither reimburses (dépassement, non-reimbursed acts).
        AmoAmc = "amo_amc",
    }
}

crate::codes::text_codes! {
    pub enum Payer {
        Patient = "patient",
        Amo = "amo",
        Amc = "amc",
    }
}

impl Payer {
    pub fn label(self) -> &'static str {
        match self {
            Payer::Patient => "patient",
            Payer::Amo => "caisse (AMO)",
            Payer::Amc => "mutuelle (AMC)",
        }
    }
}

/// What the patient's file says about how he is covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Affection de longue durée, and this visit is about it.
    pub ald: bool,
    /// Complémentaire santé solidaire: tiers payant intégral, no dépassement.
    pub css: bool,
    /// Aide médicale de l'État: the State pays everything, no dépassement.
    pub ame: bool,
    /// His mutuelle accepts the tiers payant.
    pub amc_third_party: bool,
}

impl Coverage {
    /// The tiers payant his situation gives by default (she may change it).
    pub fn default_tiers_payant(&self) -> TiersPayant {
        if self.css || self.ame || self.amc_third_party {
            TiersPayant::AmoAmc
        } else if self.ald {
            TiersPayant::Amo
        } else {
            TiersPayant::Aucun
        }
    }

    /// The caisse's rate on the reimbursable base, in percent: 100 for ALD
    /// and AME, 70 otherwise (the « ticket modérateur » is the rest).
    pub fn amo_rate(&self) -> i64 {
        if self.ald || self.ame {
            100
        } else {
            70
        }
    }
}

/// One act of the visit, as billed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct BilledAct {
    pub code: String,
    pub label: String,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amount_cents: i64,
    pub reimbursable: bool,
}

/// The parts of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Split {
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub total_cents: i64,
    /// The reimbursable base (acts at the tariff).
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub base_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub excess_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub patient_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amo_cents: i64,
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub amc_cents: i64,
    pub amo_rate: i64,
}

/// Splits a visit: `acts` at their amounts plus a dépassement `excess`.
/// The caisse's part is its rate of the reimbursable base, rounded to the
/// nearest cent; the mutuelle's (with tiers payant intégral) the rest of
/// the base; the patient's whatever is left — so the three always add up.
pub fn split(
    acts: &[BilledAct],
    excess_cents: i64,
    coverage: &Coverage,
    tiers: TiersPayant,
) -> Split {
    let base: i64 = acts
        .iter()
        .filter(|act| act.reimbursable)
        .map(|act| act.amount_cents)
        .sum();
    let total: i64 = acts.iter().map(|act| act.amount_cents).sum::<i64>() + excess_cents;
    let rate = coverage.amo_rate();
    let caisse_share = (base * rate + 50) / 100;
    let (amo, amc) = match tiers {
        TiersPayant::Aucun => (0, 0),
        TiersPayant::Amo => (caisse_share, 0),
        TiersPayant::AmoAmc => (caisse_share, base - caisse_share),
    };
    Split {
        total_cents: total,
        base_cents: base,
        excess_cents,
        patient_cents: total - amo - amc,
        amo_cents: amo,
        amc_cents: amc,
        amo_rate: rate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn act(code: &str, cents: i64, reimbursable: bool) -> BilledAct {
        BilledAct {
            code: code.into(),
            label: code.into(),
            amount_cents: cents,
            reimbursable,
        }
    }

    #[test]
    fn the_usual_cases() {
        let g = [act("G", 3000, true)];
        let plain = Coverage::default();
        let s = split(&g, 0, &plain, plain.default_tiers_payant());
        assert_eq!((s.patient_cents, s.amo_cents, s.amc_cents), (3000, 0, 0));

        let ald = Coverage {
            ald: true,
            ..Coverage::default()
        };
        assert_eq!(ald.default_tiers_payant(), TiersPayant::Amo);
        let s = split(&g, 0, &ald, ald.default_tiers_payant());
        assert_eq!((s.patient_cents, s.amo_cents, s.amc_cents), (0, 3000, 0));

        let css = Coverage {
            css: true,
            ..Coverage::default()
        };
        let s = split(&g, 0, &css, css.default_tiers_payant());
        assert_eq!((s.patient_cents, s.amo_cents, s.amc_cents), (0, 2100, 900));

        let ame = Coverage {
            ame: true,
            ..Coverage::default()
        };
        let s = split(&g, 0, &ame, ame.default_tiers_payant());
        assert_eq!((s.patient_cents, s.amo_cents, s.amc_cents), (0, 3000, 0));

        // Mutuelle with tiers payant, a sports certificate and a dépassement:
        // the patient pays what nobody reimburses.
        let amc = Coverage {
            amc_third_party: true,
            ..Coverage::default()
        };
        let acts = [act("G", 3000, true), act("CERT", 2500, false)];
        let s = split(&acts, 1000, &amc, amc.default_tiers_payant());
        assert_eq!(
            (s.patient_cents, s.amo_cents, s.amc_cents),
            (3500, 2100, 900)
        );
        assert_eq!(s.total_cents, 6500);
    }

    #[test]
    fn odd_cents_are_rounded_once_and_never_lost() {
        // 70 % of 19,06 € = 13,342 €: the caisse pays 13,34 €, the rest
        // is the mutuelle's.
        let f = [act("F", 1906, true)];
        let amc = Coverage {
            amc_third_party: true,
            ..Coverage::default()
        };
        let s = split(&f, 0, &amc, TiersPayant::AmoAmc);
        assert_eq!((s.amo_cents, s.amc_cents, s.patient_cents), (1334, 572, 0));
    }

    proptest! {
        /// No split ever differs from its total, no part is negative.
        #[test]
        fn parts_always_add_up(
            amounts in proptest::collection::vec((1i64..200_000, any::<bool>()), 1..6),
            excess in 0i64..50_000,
            ald in any::<bool>(), css in any::<bool>(), ame in any::<bool>(), amc in any::<bool>(),
            tiers in 0usize..3,
        ) {
            let acts: Vec<BilledAct> = amounts.iter().map(|(c, r)| act("X", *c, *r)).collect();
            let coverage = Coverage { ald, css, ame, amc_third_party: amc };
            let s = split(&acts, excess, &coverage, TiersPayant::ALL[tiers]);
            prop_assert_eq!(s.patient_cents + s.amo_cents + s.amc_cents, s.total_cents);
            prop_assert_eq!(s.total_cents, amounts.iter().map(|(c, _)| c).sum::<i64>() + excess);
            prop_assert!(s.patient_cents >= 0 && s.amo_cents >= 0 && s.amc_cents >= 0);
            prop_assert!(s.amo_cents + s.amc_cents <= s.base_cents);
        }
    }
}
