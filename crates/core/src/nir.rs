//! The NIR (numéro de sécurité sociale) and the NIA (its temporary form):
//! `S AA MM DD CCC OOO KK`, 13 characters then a 2-digit key.
//!
//! Key = 97 − (the 13-digit number mod 97), Corsica's 2A / 2B read as 19 / 18.
//! Integer arithmetic only. A wrong key is refused (a typing error, always
//! caught: 97 is prime, so any single changed digit changes the remainder);
//! a NIR that disagrees with the identity (sex, year, month, place) is only a
//! warning, because real files contain such exceptions.

use chrono::Datelike;
use serde::Serialize;

use crate::error::CoreError;

/// A NIR whose shape and key are right. `text` is the normalised 15
/// characters (no spaces, upper case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nir {
    pub text: String,
}

impl Nir {
    pub fn sex_digit(&self) -> u8 {
        self.text.as_bytes()[0] - b'0'
    }

    /// Temporary numbers (NIA) start with 7 or 8.
    pub fn is_temporary(&self) -> bool {
        matches!(self.sex_digit(), 7 | 8)
    }

    pub fn year(&self) -> u32 {
        two_digits(&self.text[1..3])
    }

    pub fn month(&self) -> u32 {
        two_digits(&self.text[3..5])
    }

    /// The five characters after the month: department then commune, i.e.
    /// the COG code of the birth place (or 99 + the country's code).
    pub fn place(&self) -> &str {
        &self.text[5..10]
    }

    /// Shown to humans: `2 06 12 75 111 005 64` (overseas: `2 06 12 974 11 005 64`).
    pub fn formatted(&self) -> String {
        let t = &self.text;
        if t[5..7] == *"97" || t[5..7] == *"98" {
            format!(
                "{} {} {} {} {} {} {}",
                &t[0..1],
                &t[1..3],
                &t[3..5],
                &t[5..8],
                &t[8..10],
                &t[10..13],
                &t[13..15]
            )
        } else {
            format!(
                "{} {} {} {} {} {} {}",
                &t[0..1],
                &t[1..3],
                &t[3..5],
                &t[5..7],
                &t[7..10],
                &t[10..13],
                &t[13..15]
            )
        }
    }
}

fn two_digits(text: &str) -> u32 {
    text.parse().unwrap_or(0)
}

/// The two-digit key of the first 13 characters of a NIR, or `None` when
/// they are not 13 digits (with 2A / 2B allowed in the department).
pub fn key(first_thirteen: &str) -> Option<u8> {
    if first_thirteen.len() != 13 || !first_thirteen.is_ascii() {
        return None;
    }
    let department = &first_thirteen[5..7];
    let digits = match department {
        "2A" | "2a" => format!("{}19{}", &first_thirteen[..5], &first_thirteen[7..]),
        "2B" | "2b" => format!("{}18{}", &first_thirteen[..5], &first_thirteen[7..]),
        _ => first_thirteen.to_string(),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u64 = digits.parse().ok()?;
    Some((97 - number % 97) as u8)
}

/// The full 15-character NIR for its first 13 characters.
pub fn with_key(first_thirteen: &str) -> Option<String> {
    key(first_thirteen).map(|k| format!("{first_thirteen}{k:02}"))
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidInput {
        field: "nir",
        message: message.into(),
    }
}

/// « 2 56 03 75 111 222 33 », as on the carte Vitale; any other text as is.
pub fn spaced(nir: &str) -> String {
    if nir.chars().count() != 15 {
        return nir.to_string();
    }
    let chars: Vec<char> = nir.chars().collect();
    let mut groups = Vec::new();
    let mut start = 0;
    for width in [1, 2, 2, 2, 3, 3, 2] {
        groups.push(chars[start..start + width].iter().collect::<String>());
        start += width;
    }
    groups.join(" ")
}

/// Reads a NIR as typed (spaces, dots and dashes allowed) and checks its
/// shape and key. Errors are French and say what to check.
pub fn parse(input: &str) -> Result<Nir, CoreError> {
    let text: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect::<String>()
        .to_ascii_uppercase();
    if text.is_empty() {
        return Err(invalid(
            "Tapez le numéro de sécurité sociale (15 caractères, clé comprise).",
        ));
    }
    if !text.is_ascii() || !text.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(invalid(
            "Le numéro de sécurité sociale ne contient que des chiffres (et 2A ou 2B pour la Corse).",
        ));
    }
    match text.len() {
        13 => {
            return Err(invalid(
                "Il manque la clé : les 2 derniers chiffres du numéro de sécurité sociale (15 caractères en tout).",
            ))
        }
        15 => {}
        n => {
            return Err(invalid(format!(
                "Le numéro de sécurité sociale compte 15 caractères, clé comprise ; vous en avez tapé {n}."
            )))
        }
    }
    let department = &text[5..7];
    let body_is_digits = text[..5].bytes().all(|b| b.is_ascii_digit())
        && (department == "2A"
            || department == "2B"
            || department.bytes().all(|b| b.is_ascii_digit()))
        && text[7..].bytes().all(|b| b.is_ascii_digit());
    if !body_is_digits {
        return Err(invalid(
            "Le numéro de sécurité sociale ne contient que des chiffres (et 2A ou 2B pour la Corse).",
        ));
    }
    if !matches!(text.as_bytes()[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8') {
        return Err(invalid(
            "Le premier chiffre du numéro de sécurité sociale est 1 (homme) ou 2 (femme), 7 ou 8 pour un numéro provisoire.",
        ));
    }
    let typed_key = two_digits(&text[13..15]) as u8;
    let expected =
        key(&text[..13]).ok_or_else(|| invalid("Numéro de sécurité sociale illisible."))?;
    if typed_key != expected {
        return Err(invalid(
            "La clé du numéro de sécurité sociale ne correspond pas : un chiffre est probablement mal recopié. Relisez-le sur la carte Vitale ou l'attestation.",
        ));
    }
    Ok(Nir { text })
}

/// What the identity typed beside the NIR says.
pub struct IdentityFacts<'a> {
    /// 'F', 'M' or 'I'
    pub sex: char,
    pub birth_date: chrono::NaiveDate,
    /// COG code of the birth place (commune, or 99xxx abroad), when known.
    pub birth_place_cog: Option<&'a str>,
}

/// Disagreements between a valid NIR and the identity: warnings to show,
/// never a refusal.
pub fn coherence_warnings(nir: &Nir, identity: &IdentityFacts<'_>) -> Vec<String> {
    let mut warnings = Vec::new();
    let nir_sex = match nir.sex_digit() {
        1 | 3 | 7 => Some('M'),
        2 | 4 | 8 => Some('F'),
        _ => None,
    };
    if let Some(nir_sex) = nir_sex {
        if identity.sex != 'I' && identity.sex != nir_sex {
            warnings.push(format!(
                "Le numéro de sécurité sociale indique le sexe {} mais l'identité indique {} : vérifiez l'un ou l'autre.",
                sex_word(nir_sex),
                sex_word(identity.sex)
            ));
        }
    }
    let year = identity.birth_date.year().rem_euclid(100) as u32;
    if nir.year() != year {
        warnings.push(format!(
            "Le numéro de sécurité sociale indique une naissance en {:02} mais la date de naissance est en {}.",
            nir.year(),
            identity.birth_date.year()
        ));
    }
    let month = nir.month();
    if (1..=12).contains(&month) && month != identity.birth_date.month() {
        warnings.push(format!(
            "Le numéro de sécurité sociale indique le mois {:02} mais la date de naissance est en mois {:02}.",
            month,
            identity.birth_date.month()
        ));
    }
    if let Some(cog) = identity.birth_place_cog.filter(|c| c.len() == 5) {
        if !same_place(nir.place(), cog) {
            warnings.push(format!(
                "Le lieu de naissance du numéro de sécurité sociale ({}) ne correspond pas au code du lieu de naissance saisi ({cog}).",
                nir.place()
            ));
        }
    }
    warnings
}

fn sex_word(sex: char) -> &'static str {
    match sex {
        'F' => "féminin",
        'M' => "masculin",
        _ => "indéterminé",
    }
}

/// The NIR's place against the COG code, with the known exceptions: Corsica
/// was department 20 before 1976; Paris, Lyon and Marseille births carry the
/// arrondissement (75101–75120, 69381–69389, 13201–13216) where the COG
/// may name the whole city.
fn same_place(nir_place: &str, cog: &str) -> bool {
    if nir_place.eq_ignore_ascii_case(cog) {
        return true;
    }
    let corsica_before_1976 = nir_place.starts_with("20")
        && (cog.starts_with("2A") || cog.starts_with("2B"))
        && nir_place[2..] == cog[2..];
    let arrondissement_of = |city: &str, first: u32, last: u32| {
        cog == city
            && nir_place
                .parse::<u32>()
                .is_ok_and(|n| (first..=last).contains(&n))
    };
    corsica_before_1976
        || arrondissement_of("75056", 75101, 75120)
        || arrondissement_of("69123", 69381, 69389)
        || arrondissement_of("13055", 13201, 13216)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn key_of_the_reference_example() {
        // shared/DOMAIN.md: 2 06 12 75 111 005 has key 64.
        assert_eq!(key("2061275111005"), Some(64));
        assert_eq!(
            parse("2 06 12 75 111 005 64").unwrap().text,
            "206127511100564"
        );
    }

    #[test]
    fn corsica_is_read_as_19_and_18() {
        assert_eq!(key("185022A004123"), key("1850219004123"));
        assert_eq!(key("185022B004123"), key("1850218004123"));
        assert_ne!(key("185022A004123"), key("185022B004123"));
        let corsican = with_key("185022A004123").unwrap();
        assert!(
            parse(&corsican.to_lowercase()).is_ok(),
            "2a typed in lower case"
        );
    }

    #[test]
    fn malformed_input_has_no_key() {
        assert_eq!(key("206127511100"), None);
        assert_eq!(key("20612751110X5"), None);
        assert_eq!(key("2061275111é05"), None);
    }

    #[test]
    fn typing_errors_get_a_french_message_at_the_field() {
        for (typed, expected) in [
            ("2 06 12 75 111 005 65", "clé"),
            ("2 06 12 75 111 005", "Il manque la clé"),
            ("2 06 12 75 111 05 64", "15 caractères"),
            ("2 06 12 75 1I1 005 64", "que des chiffres"),
            ("5 06 12 75 111 005 64", "Le premier chiffre"),
            ("", "Tapez"),
        ] {
            let error = parse(typed).unwrap_err();
            assert!(matches!(
                error,
                CoreError::InvalidInput { field: "nir", .. }
            ));
            assert!(error.to_string().contains(expected), "{typed}: {error}");
        }
    }

    #[test]
    fn coherence_is_warned_not_refused() {
        let nir = parse("206127511100564").unwrap();
        let matching = IdentityFacts {
            sex: 'F',
            birth_date: date(2006, 12, 3),
            birth_place_cog: Some("75111"),
        };
        assert!(coherence_warnings(&nir, &matching).is_empty());
        let different = IdentityFacts {
            sex: 'M',
            birth_date: date(1962, 3, 3),
            birth_place_cog: Some("69123"),
        };
        let warnings = coherence_warnings(&nir, &different);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
    }

    #[test]
    fn known_place_exceptions_are_not_warnings() {
        // Born in Paris 11e: the COG may say Paris (75056).
        let paris = parse(&with_key("2061275111005").unwrap()).unwrap();
        let facts = IdentityFacts {
            sex: 'F',
            birth_date: date(2006, 12, 1),
            birth_place_cog: Some("75056"),
        };
        assert!(coherence_warnings(&paris, &facts).is_empty());
        // Born in Ajaccio in 1950: the NIR says department 20.
        let ajaccio = parse(&with_key("1500320004123").unwrap()).unwrap();
        let facts = IdentityFacts {
            sex: 'M',
            birth_date: date(1950, 3, 1),
            birth_place_cog: Some("2A004"),
        };
        assert!(coherence_warnings(&ajaccio, &facts).is_empty());
    }

    #[test]
    fn overseas_numbers_are_shown_with_a_three_digit_department() {
        let reunion = parse(&with_key("2850397411023").unwrap()).unwrap();
        assert_eq!(
            reunion.formatted(),
            format!("2 85 03 974 11 023 {}", &reunion.text[13..])
        );
        assert_eq!(reunion.place(), "97411");
    }

    fn thirteen() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!['1', '2', '7', '8']),
            0..100u32,
            1..=12u32,
            prop::sample::select(vec!["01", "13", "2A", "2B", "75", "95", "97", "99"]),
            0..1000u32,
            1..1000u32,
        )
            .prop_map(|(s, y, m, d, c, o)| format!("{s}{y:02}{m:02}{d}{c:03}{o:03}"))
    }

    proptest! {
        /// A NIR completed with its computed key is always accepted.
        #[test]
        fn computed_keys_are_accepted(body in thirteen()) {
            let full = with_key(&body).unwrap();
            prop_assert_eq!(parse(&full).unwrap().text, full);
        }

        /// Any single mistyped digit is caught by the key.
        #[test]
        fn a_single_wrong_digit_is_always_caught(body in thirteen(), position in 0..15usize, delta in 1..10u8) {
            let full = with_key(&body).unwrap();
            let mut bytes = full.clone().into_bytes();
            let original = bytes[position];
            prop_assume!(original.is_ascii_digit());
            prop_assume!(position != 0); // the first digit has its own rule
            bytes[position] = b'0' + (original - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(parse(&typo).is_err(), "{} accepted", typo);
        }

        /// Parsing never panics, whatever is typed.
        #[test]
        fn parsing_is_total(text in "\\PC{0,20}") {
            let _ = parse(&text);
        }
    }
}
