//! Demo cabinets: synthetic French patients and their agenda, deterministic for a seed, for
//! trying Carnet, for tests and for benchmarks. Every demo cabinet is marked
//! `is_demo` and the UI says so on every screen.
//!
//! Names come from `assets/demo/` (see its README for sources and licences),
//! drawn by weight so the long tail looks like France: MARTIN is common,
//! most names are rare, accents, hyphens and particles are everyday data.

use std::path::Path;

use rand::distributions::{Distribution, WeightedIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::cabinet::{Cabinet, NewCabinet, Practitioner};
use crate::correspondants::CorrespondantKind;
use crate::error::{CoreError, Result};
use crate::french_names;
use crate::ids::new_id;
use crate::nir;
use crate::passphrase::Passphrase;
use crate::patients::{self, PhoneKind, ValidIdentity};
use crate::reference::CommuneOption;
use crate::time_zones::DEFAULT_TIME_ZONE;

/// The demo cabinet's passphrase. Not a secret: the demo holds only
/// synthetic people, and the launcher opens it without asking.
pub const DEMO_PASSPHRASE: &str = "demonstration-carnet-patients-fictifs-aucune-personne-reelle";

pub const DEMO_CABINET_NAME: &str = "Cabinet de démonstration";

/// Patients in the demo cabinet the launcher creates.
pub const DEFAULT_DEMO_PATIENTS: usize = 500;

/// Years of past appointments `carnet-admin demo` makes (the issue's "20
/// years"); the launcher's demo keeps two, so it opens in a few seconds.
pub const DEMO_AGENDA_YEARS: u32 = 20;
pub const LAUNCHER_DEMO_AGENDA_YEARS: u32 = 2;

/// Birth places: (COG code, weight). Big cities, Corsica, overseas, and
/// abroad (99xxx country codes) so NIRs exercise every department form.
const BIRTH_PLACES: &[(&str, u32)] = &[
    ("75056", 14),
    ("13055", 6),
    ("69123", 5),
    ("31555", 4),
    ("06088", 3),
    ("44109", 3),
    ("67482", 3),
    ("34172", 3),
    ("33063", 3),
    ("59350", 3),
    ("35238", 2),
    ("51454", 2),
    ("76351", 2),
    ("42218", 2),
    ("83137", 2),
    ("38185", 2),
    ("21231", 2),
    ("49007", 2),
    ("37261", 2),
    ("63113", 2),
    ("2A004", 1),
    ("2B033", 1),
    ("97411", 1),
    ("97209", 1),
    ("97105", 1),
    ("97302", 1),
    ("99350", 2),
    ("99352", 2),
    ("99139", 2),
    ("99351", 1),
    ("99127", 1),
    ("99109", 1),
    ("99134", 1),
    ("99341", 1),
];

struct Weighted {
    values: Vec<&'static str>,
    index: WeightedIndex<f64>,
}

impl Weighted {
    /// `flatten` < 1 evens the weights out: the surname file lists only the
    /// commonest ~1 600 names (28 % of people), so drawn as is MARTIN would
    /// be 1.1 % of patients; with 0.6 it is about 0.37 % (France: ≈ 0.3 %).
    fn parse(tsv: &'static str, flatten: f64) -> Result<Self> {
        let mut values = Vec::new();
        let mut weights = Vec::new();
        for (value, weight) in french_names::rows(tsv) {
            values.push(value);
            weights.push(weight.max(0.0001).powf(flatten));
        }
        let index = WeightedIndex::new(&weights)
            .map_err(|e| CoreError::Internal(format!("données de démonstration : {e}")))?;
        Ok(Weighted { values, index })
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> &'static str {
        self.values[self.index.sample(rng)]
    }
}

/// One synthetic person, before insertion.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoPatient {
    pub birth_name: String,
    pub birth_first_names: String,
    pub used_name: Option<String>,
    pub birth_date: chrono::NaiveDate,
    pub sex: char,
    pub birth_place_cog: String,
    pub birth_rank: i64,
    /// `None` for the deliberate near-duplicates (typed again without it).
    pub nir: Option<String>,
    pub phones: Vec<(PhoneKind, String)>,
    pub email: Option<String>,
    pub address: Option<(String, CommuneOption)>,
    pub insurance: Insurance,
    pub alerts: Vec<String>,
    pub last_visit_on: Option<chrono::NaiveDate>,
}

/// Synthetic insurance: régime, caisse, mutuelle, ALD, aid schemes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Insurance {
    pub amo_regime: String,
    pub amo_caisse: String,
    pub amc_name: Option<String>,
    pub amc_member_number: Option<String>,
    pub amc_third_party: bool,
    pub ald: bool,
    pub ald_end_date: Option<chrono::NaiveDate>,
    pub aid_scheme: Option<String>,
}

const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "place de l'Église",
    "rue Pasteur",
    "boulevard Gambetta",
    "chemin des Vignes",
    "rue du Moulin",
    "allée des Tilleuls",
    "rue de la Gare",
    "impasse des Lilas",
    "avenue de la Libération",
    "rue Jules-Ferry",
    "route de Lyon",
    "rue du Général-de-Gaulle",
    "quai des Bateliers",
    "rue des Écoles",
];

const MUTUELLES: &[&str] = &[
    "MGEN",
    "Harmonie Mutuelle",
    "Malakoff Humanis",
    "AG2R La Mondiale",
    "MAAF Santé",
    "Mutuelle Générale",
    "Groupama",
    "Swiss Life",
    "Alan",
    "Apicil",
    "MACSF",
    "Ociane",
];

const ALERTS: &[&str] = &[
    "malentendant",
    "vient accompagné",
    "allergie à la pénicilline",
    "fauteuil roulant",
    "ne parle pas français — venir avec un interprète",
    "anxieux, prévoir du temps",
];

impl DemoPatient {
    fn into_identity(self) -> ValidIdentity {
        ValidIdentity {
            birth_name: self.birth_name,
            birth_first_names: self.birth_first_names,
            used_name: self.used_name,
            used_first_name: None,
            birth_date: self.birth_date,
            sex: self.sex,
            birth_place_cog: Some(self.birth_place_cog),
            birth_rank: self.birth_rank,
            nir: self.nir,
            identity_status: "provisoire".to_string(),
            identity_proof: None,
            phones: self.phones,
            email: self.email,
            address_line1: self.address.as_ref().map(|(street, _)| street.clone()),
            postcode: self.address.as_ref().map(|(_, c)| c.postcode.clone()),
            city: self.address.as_ref().map(|(_, c)| c.name.clone()),
            city_cog: self.address.as_ref().map(|(_, c)| c.cog.clone()),
            amo_regime: Some(self.insurance.amo_regime),
            amo_caisse: Some(self.insurance.amo_caisse),
            amc_name: self.insurance.amc_name,
            amc_member_number: self.insurance.amc_member_number,
            amc_third_party: self.insurance.amc_third_party,
            ald: self.insurance.ald,
            ald_end_date: self.insurance.ald_end_date,
            aid_scheme: self.insurance.aid_scheme,
            alerts: self.alerts,
            last_visit_on: self.last_visit_on,
            ..ValidIdentity::default()
        }
    }
}

/// Draws synthetic patients; the same seed gives the same people.
pub struct DemoGenerator {
    rng: ChaCha8Rng,
    surnames: Weighted,
    female: Weighted,
    male: Weighted,
    places: WeightedIndex<u32>,
    communes: Vec<CommuneOption>,
    pending_twin: Option<DemoPatient>,
    /// Recent people, to type one of them again as a near-duplicate.
    recent: Vec<DemoPatient>,
}

impl DemoGenerator {
    pub fn new(seed: u64) -> Result<Self> {
        let places = WeightedIndex::new(BIRTH_PLACES.iter().map(|(_, w)| *w))
            .map_err(|e| CoreError::Internal(e.to_string()))?;
        Ok(DemoGenerator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            surnames: Weighted::parse(french_names::SURNAMES, 0.6)?,
            female: Weighted::parse(french_names::FIRST_NAMES_F, 1.0)?,
            male: Weighted::parse(french_names::FIRST_NAMES_M, 1.0)?,
            places,
            communes: crate::reference::addressable_communes(),
            pending_twin: None,
            recent: Vec::new(),
        })
    }

    pub fn next_patient(&mut self) -> DemoPatient {
        if let Some(twin) = self.pending_twin.take() {
            return twin;
        }
        // About 0.5 %: someone already in the files, typed again as heard
        // on the phone, without the NIR — the doublon the cabinet must catch.
        if self.recent.len() > 20 && self.rng.gen_bool(0.005) {
            let index = self.rng.gen_range(0..self.recent.len());
            let mut again = self.recent[index].clone();
            again.birth_name = misspell(&again.birth_name, &mut self.rng);
            again.nir = None;
            again.phones = vec![(PhoneKind::Mobile, self.mobile_number())];
            again.alerts.clear();
            return again;
        }
        let sex = if self.rng.gen_bool(0.52) { 'F' } else { 'M' };
        let first_names = self.first_names(sex);
        let birth_name = self.surnames.pick(&mut self.rng).to_string();
        // Ages 0–99, fewer of the very old.
        let age_days = {
            let years: f64 = self.rng.gen_range(0.0f64..1.0).powf(1.15) * 99.0;
            (years * 365.25) as i64
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let birth_date = today - chrono::Duration::days(age_days);
        let age_years = age_days / 365;
        // Many married women use their spouse's name.
        let used_name = (sex == 'F' && age_years >= 22 && self.rng.gen_bool(0.45))
            .then(|| self.surnames.pick(&mut self.rng).to_string())
            .filter(|name| *name != birth_name);
        let birth_place_cog = BIRTH_PLACES[self.places.sample(&mut self.rng)]
            .0
            .to_string();
        let nir = Some(self.nir_for(sex, birth_date, &birth_place_cog));
        let mut phones = vec![(PhoneKind::Mobile, self.mobile_number())];
        if self.rng.gen_bool(0.3) {
            phones.push((PhoneKind::Domicile, self.landline_number()));
        }
        let email = self.rng.gen_bool(0.4).then(|| {
            let first = crate::phonetic::fold(&first_names)
                .split(' ')
                .next()
                .unwrap_or("contact")
                .to_string();
            let last = crate::phonetic::fold(&birth_name).replace(' ', "");
            format!("{first}.{last}@exemple.fr")
        });
        let address = (!self.communes.is_empty()).then(|| {
            let commune = self.communes[self.rng.gen_range(0..self.communes.len())].clone();
            let street = STREETS[self.rng.gen_range(0..STREETS.len())];
            (format!("{} {street}", self.rng.gen_range(1..=120)), commune)
        });
        let insurance = self.insurance(age_years, &address);
        let alerts = if self.rng.gen_bool(0.03) {
            vec![ALERTS[self.rng.gen_range(0..ALERTS.len())].to_string()]
        } else {
            Vec::new()
        };
        let last_visit_on = Some(
            today - chrono::Duration::days(self.rng.gen_range(0..(age_days.min(365 * 25) + 1))),
        );
        let patient = DemoPatient {
            birth_name,
            birth_first_names: first_names,
            used_name,
            birth_date,
            sex,
            birth_place_cog,
            birth_rank: 1,
            nir,
            phones,
            email,
            address,
            insurance,
            alerts,
            last_visit_on,
        };
        if self.recent.len() >= 200 {
            self.recent.remove(0);
        }
        self.recent.push(patient.clone());
        // About 1.5 % of births are twins: same name, date and place, rank 2.
        if self.rng.gen_bool(0.015) {
            let twin_sex = if self.rng.gen_bool(0.5) { 'F' } else { 'M' };
            let mut twin = patient.clone();
            twin.sex = twin_sex;
            twin.birth_first_names = self.first_names(twin_sex);
            twin.used_name = None;
            twin.birth_rank = 2;
            twin.nir = Some(self.nir_for(twin_sex, twin.birth_date, &twin.birth_place_cog));
            twin.alerts.clear();
            twin.phones = vec![(PhoneKind::Mobile, self.mobile_number())];
            self.pending_twin = Some(twin);
        }
        patient
    }

    fn insurance(
        &mut self,
        age_years: i64,
        address: &Option<(String, CommuneOption)>,
    ) -> Insurance {
        let department = address
            .as_ref()
            .map_or("75".to_string(), |(_, c)| c.cog[..2].to_string());
        let (amo_regime, amo_caisse) = match self.rng.gen_range(0..100) {
            0..=84 => ("Régime général".to_string(), format!("CPAM ({department})")),
            85..=92 => ("MSA".to_string(), format!("MSA ({department})")),
            93..=96 => (
                "Régime des indépendants".to_string(),
                format!("CPAM ({department})"),
            ),
            _ => (
                "Régime spécial (SNCF, RATP, militaires…)".to_string(),
                "Caisse du régime spécial".to_string(),
            ),
        };
        let aid_scheme = match self.rng.gen_range(0..100) {
            0..=7 => Some("css".to_string()),
            8 => Some("ame".to_string()),
            _ => None,
        };
        let has_mutuelle = aid_scheme.is_none() && self.rng.gen_bool(0.9);
        let ald = self
            .rng
            .gen_bool((age_years as f64 / 100.0 * 0.35).clamp(0.01, 0.4));
        Insurance {
            amo_regime,
            amo_caisse,
            amc_name: has_mutuelle
                .then(|| MUTUELLES[self.rng.gen_range(0..MUTUELLES.len())].to_string()),
            amc_member_number: has_mutuelle
                .then(|| format!("{:09}", self.rng.gen_range(0..1_000_000_000u32))),
            amc_third_party: has_mutuelle && self.rng.gen_bool(0.7),
            ald,
            ald_end_date: ald.then(|| {
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
                    + chrono::Duration::days(self.rng.gen_range(30..3650))
            }),
            aid_scheme,
        }
    }

    fn first_names(&mut self, sex: char) -> String {
        let pool = if sex == 'F' { &self.female } else { &self.male };
        let count = match self.rng.gen_range(0..100) {
            0..=54 => 1,
            55..=89 => 2,
            _ => 3,
        };
        let mut names: Vec<&str> = Vec::with_capacity(count);
        while names.len() < count {
            let name = pool.pick(&mut self.rng);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(" ")
    }

    fn nir_for(&mut self, sex: char, birth_date: chrono::NaiveDate, cog: &str) -> String {
        use chrono::Datelike;
        let sex_digit = if sex == 'F' { '2' } else { '1' };
        let year = birth_date.year() % 100;
        let month = birth_date.month();
        // Overseas departments use 3 digits for the department, 2 for the
        // commune; abroad is 99 + the country's 3 digits.
        let place = if cog.starts_with("97") {
            format!("{}{}", &cog[..3], &cog[3..5])
        } else {
            cog.to_string()
        };
        let order = self.rng.gen_range(1..=999);
        let first = format!("{sex_digit}{year:02}{month:02}{place}{order:03}");
        nir::with_key(&first).unwrap_or(first)
    }

    fn mobile_number(&mut self) -> String {
        let prefix = if self.rng.gen_bool(0.7) { "06" } else { "07" };
        format!("{prefix}{:08}", self.rng.gen_range(0..100_000_000u32))
    }

    fn landline_number(&mut self) -> String {
        format!(
            "0{}{:08}",
            self.rng.gen_range(1..=5),
            self.rng.gen_range(0..100_000_000u32)
        )
    }
}

/// A name as misheard on the phone: an accent lost, a letter doubled or
/// dropped, a sound spelled another way.
fn misspell(name: &str, rng: &mut ChaCha8Rng) -> String {
    let folded_accents: String = name
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ç' => 'c',
            other => other,
        })
        .collect();
    if folded_accents != name && rng.gen_bool(0.5) {
        return folded_accents;
    }
    for (from, to) in [
        ("ph", "f"),
        ("ault", "aut"),
        ("eau", "o"),
        ("ll", "l"),
        ("t", "tt"),
        ("s", "ss"),
        ("y", "i"),
    ] {
        if name.contains(from) {
            return name.replacen(from, to, 1);
        }
    }
    format!("{name}e")
}

/// A fictional directory for the demo cabinet.
/// Kind, name, specialty, phone, postal address (fictitious).
const DEMO_CORRESPONDANTS: &[(CorrespondantKind, &str, &str, &str, &str)] = &[
    (
        CorrespondantKind::Medecin,
        "Dr Sophie Lambert",
        "Cardiologie",
        "01 45 67 89 10",
        "Centre médical Voltaire, 14 rue Voltaire, 75011 Paris",
    ),
    (
        CorrespondantKind::Medecin,
        "Dr Thomas Nguyen",
        "Dermatologie",
        "01 42 11 22 33",
        "8 boulevard Richard-Lenoir, 75011 Paris",
    ),
    (
        CorrespondantKind::Medecin,
        "Dr Élodie Bénard",
        "Ophtalmologie",
        "01 43 55 66 77",
        "Clinique de la Vision, 22 avenue Parmentier, 75011 Paris",
    ),
    (
        CorrespondantKind::Laboratoire,
        "Laboratoire Bio-Fictif",
        "Biologie médicale",
        "01 40 00 00 01",
        "5 rue Oberkampf, 75011 Paris",
    ),
    (
        CorrespondantKind::Etablissement,
        "Centre hospitalier de Démonstration",
        "Urgences",
        "01 40 00 00 15",
        "Service des urgences, 1 place de l'Hôpital, 75012 Paris",
    ),
    (
        CorrespondantKind::Medecin,
        "Dr Marc Fontaine",
        "Médecine générale",
        "01 46 12 34 56",
        "3 rue de la Roquette, 75011 Paris",
    ),
];

/// Adds `count` synthetic patients to a cabinet, in transactions of 1 000
/// (each one complete or absent), calling `progress(done, total)` between.
pub fn add_patients(
    cabinet: &mut Cabinet,
    count: usize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    const BATCH: usize = 1000;
    let mut generator = DemoGenerator::new(seed)?;
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        let now = cabinet.now_utc();
        let tx = cabinet.conn_mut().transaction()?;
        for _ in 0..batch {
            let patient = generator.next_patient();
            patients::insert(&tx, &new_id(), &patient.into_identity(), &now)?;
        }
        tx.commit()?;
        done += batch;
        progress(done, count);
    }
    Ok(())
}

/// How big a demo cabinet is.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub patients: usize,
    /// Practitioners, each with a calendar seeing ≈ 22 patients a day.
    pub doctors: usize,
    pub years_of_agenda: u32,
}

impl DemoSize {
    /// The launcher's demo: two GPs, 500 patients, two years of agenda.
    pub const LAUNCHER: DemoSize = DemoSize {
        patients: DEFAULT_DEMO_PATIENTS,
        doctors: 2,
        years_of_agenda: LAUNCHER_DEMO_AGENDA_YEARS,
    };
}

const DEMO_DOCTORS: [&str; 6] = [
    "Dr Claire Martin",
    "Dr Karim Benali",
    "Dr Sophie Lambert",
    "Dr Hugo Marchand",
    "Dr Inès Roussel",
    "Dr Théo Garnier",
];

/// Reports in a demo cabinet for each patient.
pub const DEMO_REPORTS_PER_PATIENT: usize = 4;

/// Creates a demo cabinet file: synthetic patients, then their agenda and
/// their reports.
pub fn create_demo_cabinet(
    path: &Path,
    passphrase: &Passphrase,
    size: DemoSize,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Cabinet> {
    let DemoSize {
        patients,
        doctors,
        years_of_agenda,
    } = size;
    let new = NewCabinet {
        name: DEMO_CABINET_NAME.to_string(),
        practitioners: (0..doctors.max(1))
            .map(|n| Practitioner {
                name: match DEMO_DOCTORS.get(n) {
                    Some(name) => name.to_string(),
                    None => format!("Dr Remplaçant {}", n + 1 - DEMO_DOCTORS.len()),
                },
                specialty: "Médecine générale".into(),
            })
            .collect(),
        colour: "#b35900".into(),
        time_zone: DEFAULT_TIME_ZONE.into(),
        is_demo: true,
    };
    let mut cabinet = Cabinet::create(path, &new, passphrase, passphrase)?;
    // Synthetic people and appointments are nobody's action: no audit entries.
    cabinet.without_audit(|cabinet| {
        let mut gp = None;
        for (kind, name, specialty, phone, address) in DEMO_CORRESPONDANTS {
            let id = crate::correspondants::create(
                cabinet,
                &crate::correspondants::CorrespondantDraft {
                    kind: *kind,
                    name: name.to_string(),
                    specialty: Some(specialty.to_string()),
                    phone: Some(phone.to_string()),
                    address: Some(address.to_string()),
                    ..Default::default()
                },
            )?;
            if *specialty == "Médecine générale" {
                gp = Some(id);
            }
        }
        add_patients(cabinet, patients, seed, progress)?;
        // One patient in three has the directory's general practitioner as
        // médecin traitant (the others, the cabinet's own doctors).
        if let Some(gp) = gp {
            cabinet
                .conn()
                .execute("UPDATE patients SET gp_id = ?1 WHERE rowid % 3 = 0", [gp])?;
        }
        let plan = crate::agenda::demo::DemoAgenda {
            seed,
            years_of_history: years_of_agenda,
            ..Default::default()
        };
        crate::agenda::demo::fill(cabinet, plan, &mut |done, total| {
            progress(patients + done, patients + total)
        })?;
        // Their reports over the same years (the benchmark's M: 200 000).
        crate::documents::demo::add_reports(
            cabinet,
            patients * DEMO_REPORTS_PER_PATIENT,
            years_of_agenda,
            seed,
            &mut |_, _| {},
        )?;
        Ok(())
    })?;
    Ok(cabinet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_people_other_seed_other_people() {
        let draw = |seed| {
            let mut generator = DemoGenerator::new(seed).unwrap();
            (0..50)
                .map(|_| generator.next_patient())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn demo_people_look_french_and_have_valid_nirs() {
        let mut generator = DemoGenerator::new(1).unwrap();
        let people: Vec<_> = (0..5000).map(|_| generator.next_patient()).collect();
        let with_accent = people
            .iter()
            .filter(|p| !(p.birth_name.is_ascii() && p.birth_first_names.is_ascii()))
            .count();
        let with_hyphen = people
            .iter()
            .filter(|p| p.birth_first_names.contains('-') || p.birth_name.contains('-'))
            .count();
        let twins = people.iter().filter(|p| p.birth_rank == 2).count();
        assert!(with_accent > 50, "accents: {with_accent}");
        assert!(with_hyphen > 50, "hyphens: {with_hyphen}");
        assert!(twins > 10, "twins: {twins}");
        // MARTIN, France's commonest surname, is about 0.3 % of people.
        let martins = people.iter().filter(|p| p.birth_name == "Martin").count();
        assert!((5..=40).contains(&martins), "Martin: {martins} / 5000");
        let near_duplicates = people.iter().filter(|p| p.nir.is_none()).count();
        assert!(
            (5..=60).contains(&near_duplicates),
            "near-duplicates: {near_duplicates}"
        );
        let corsica = people
            .iter()
            .filter(|p| p.birth_place_cog.starts_with('2'))
            .count();
        let overseas = people
            .iter()
            .filter(|p| p.birth_place_cog.starts_with("97"))
            .count();
        let abroad = people
            .iter()
            .filter(|p| p.birth_place_cog.starts_with("99"))
            .count();
        assert!(
            corsica > 10 && overseas > 10 && abroad > 100,
            "{corsica} {overseas} {abroad}"
        );
        assert!(people.iter().filter(|p| p.insurance.ald).count() > 100);
        assert!(people.iter().all(|p| p.address.is_some()));
        for person in &people {
            let Some(nir) = &person.nir else { continue };
            assert_eq!(nir.len(), 15, "{nir}");
            assert_eq!(nir::with_key(&nir[..13]).as_deref(), Some(nir.as_str()));
            assert!(person
                .phones
                .iter()
                .all(|(_, n)| n.len() == 10 && n.starts_with('0')));
        }
    }
}
