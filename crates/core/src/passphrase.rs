//! Passphrases: how strong a candidate is, measured against the CNIL's bar
//! for a password used alone (about 80 bits, délibération 2022-100), and
//! suggestions of random French words.
//!
//! The estimate follows the CNIL's own method — length × log2(size of the
//! alphabet used) — but counts what an offline attacker would try first at
//! its real price: a dictionary word (our word list, common passwords, the
//! cabinet's and practitioners' names) costs the log2 of its dictionary, not
//! its letters; a repeated or consecutive character costs almost nothing.
//! The bar is 78 bits so that the CNIL's reference example (12 characters of
//! the 4 classes, 12 × log2 95 ≈ 78.8 bits) passes.

use rand::seq::SliceRandom;
use serde::Serialize;

use crate::error::{CoreError, Result};
pub use crate::storage::keys::Passphrase;

/// The bar, in bits (see the module comment).
pub const ACCEPTABLE_BITS: f64 = 78.0;

/// Words in a suggestion: 7 × log2(4096) = 84 bits of real entropy.
pub const SUGGESTED_WORDS: usize = 7;

const WORD_LIST_TEXT: &str = include_str!("../../../assets/wordlists/fr-passphrase.txt");

/// Passwords and words that attackers try first, beyond our word list.
const COMMON_PASSWORDS: &[&str] = &[
    "motdepasse",
    "password",
    "azerty",
    "azertyuiop",
    "qwerty",
    "123456",
    "1234567890",
    "soleil",
    "bonjour",
    "doudou",
    "loulou",
    "chouchou",
    "jetaime",
    "amour",
    "coucou",
    "marseille",
    "paris",
    "france",
    "admin",
    "secret",
    "carnet",
    "cabinet",
    "docteur",
    "medecin",
    "secretaire",
    "secretariat",
    "patient",
    "patients",
    "sante",
    "hopital",
    "toto",
    "test",
    "bienvenue",
    "nicolas",
    "julien",
    "camille",
    "marie",
    "martin",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum StrengthLevel {
    TresFaible,
    Faible,
    Moyenne,
    Forte,
}

/// What the strength meter shows while she types.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PassphraseRating {
    /// Estimated entropy, in bits.
    pub bits: f64,
    pub acceptable: bool,
    pub level: StrengthLevel,
    /// One French sentence: the verdict.
    pub verdict: String,
    /// French hints to make it stronger (empty when acceptable).
    pub advice: Vec<String>,
}

fn word_list() -> Vec<&'static str> {
    WORD_LIST_TEXT
        .lines()
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Lower case without accents, so "Médecin" costs what "medecin" costs.
fn fold(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'Î' | 'Ï' => 'i',
        'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' => 'y',
        other => other.to_lowercase().next().unwrap_or(other),
    }
}

/// Characters that follow each other on a keyboard row or in counting order:
/// "1234", "abcd", "azer" cost almost nothing to guess.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
];

fn is_consecutive(previous: char, current: char) -> bool {
    SEQUENCES.iter().any(|sequence| {
        let chars: Vec<char> = sequence.chars().collect();
        chars.windows(2).any(|pair| {
            (pair[0] == previous && pair[1] == current)
                || (pair[1] == previous && pair[0] == current)
        })
    })
}

/// Size of the alphabet an attacker must cover, from the classes used.
fn alphabet_size(text: &str) -> f64 {
    let mut size = 0.0;
    if text.chars().any(|c| c.is_ascii_lowercase()) {
        size += 26.0;
    }
    if text.chars().any(|c| c.is_ascii_uppercase()) {
        size += 26.0;
    }
    if text.chars().any(|c| c.is_ascii_digit()) {
        size += 10.0;
    }
    if text
        .chars()
        .any(|c| c.is_ascii() && !c.is_ascii_alphanumeric())
    {
        size += 33.0;
    }
    if !text.is_ascii() {
        size += 30.0;
    }
    f64::max(size, 1.0)
}

/// Estimated entropy of `text`, in bits. `context` holds words an attacker
/// would know (cabinet name, practitioners' names).
pub fn estimate_bits(text: &str, context: &[&str]) -> f64 {
    let words = word_list();
    let original: Vec<char> = text.chars().collect();
    let folded: Vec<char> = original.iter().copied().map(fold).collect();
    let context_words: Vec<Vec<char>> = context
        .iter()
        .flat_map(|c| c.split(|ch: char| !ch.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.chars().map(fold).collect())
        .collect();
    let word_list_bits = (words.len().max(2) as f64).log2();
    let common_bits = (COMMON_PASSWORDS.len() as f64).log2();
    let per_char_bits = alphabet_size(text).log2();

    let mut bits = 0.0;
    let mut seen_symbols: Vec<char> = Vec::new();
    let mut index = 0;
    while index < folded.len() {
        // Longest dictionary word starting here, cheapest dictionary first.
        let rest = &folded[index..];
        let mut matched: Option<(usize, f64)> = None;
        for candidate in &context_words {
            if candidate.len() >= 3 && rest.starts_with(candidate) {
                matched = best(matched, candidate.len(), 2.0);
            }
        }
        for common in COMMON_PASSWORDS {
            let common: Vec<char> = common.chars().collect();
            if rest.starts_with(&common) {
                matched = best(matched, common.len(), common_bits);
            }
        }
        for word in &words {
            let length = word.len();
            if length <= rest.len() && rest[..length].iter().copied().eq(word.chars()) {
                matched = best(matched, length, word_list_bits);
            }
        }
        if let Some((length, cost)) = matched {
            // Capitalising a dictionary word adds one guess per word, not 26.
            let capitalised = original[index].is_uppercase();
            bits += cost + if capitalised { 1.0 } else { 0.0 };
            index += length;
            continue;
        }
        let current = folded[index];
        let original = original[index];
        let previous = index.checked_sub(1).map(|i| folded[i]);
        bits += match previous {
            Some(p) if p == current => 0.5,
            Some(p) if is_consecutive(p, current) => 1.5,
            _ if !original.is_alphanumeric() && seen_symbols.contains(&original) => 0.5,
            _ => per_char_bits,
        };
        if !original.is_alphanumeric() {
            seen_symbols.push(original);
        }
        index += 1;
    }
    bits
}

fn best(current: Option<(usize, f64)>, length: usize, cost: f64) -> Option<(usize, f64)> {
    match current {
        Some((best_length, _)) if best_length >= length => current,
        _ => Some((length, cost)),
    }
}

pub fn rate(text: &str, context: &[&str]) -> PassphraseRating {
    let bits = estimate_bits(text, context);
    let acceptable = bits >= ACCEPTABLE_BITS;
    let level = if acceptable {
        StrengthLevel::Forte
    } else if bits >= 60.0 {
        StrengthLevel::Moyenne
    } else if bits >= 40.0 {
        StrengthLevel::Faible
    } else {
        StrengthLevel::TresFaible
    };
    let rounded = bits.round() as i64;
    let verdict = if text.is_empty() {
        "Tapez une phrase de passe, ou demandez-en une à Carnet.".to_string()
    } else if acceptable {
        format!(
            "Solide : environ {rounded} bits, au niveau recommandé par la CNIL (80 bits environ)."
        )
    } else {
        format!("Trop faible : environ {rounded} bits, la CNIL recommande environ 80 bits pour un mot de passe utilisé seul.")
    };
    let mut advice = Vec::new();
    if !acceptable {
        advice.push("Le plus simple : « Proposer une phrase de passe », 7 mots français tirés au hasard (84 bits).".to_string());
        advice.push("Ou ajoutez des mots sans lien entre eux : chaque mot pris au hasard ajoute environ 12 bits.".to_string());
        if text.chars().count() < 12 {
            advice.push("Un mot de passe court doit faire au moins 12 caractères mêlant majuscules, minuscules, chiffres et symboles.".to_string());
        }
        advice.push("Évitez le nom du cabinet ou des praticiens, les mots de passe courants, les répétitions (aaaa) et les suites (1234, azerty).".to_string());
    }
    PassphraseRating {
        bits: (bits * 10.0).round() / 10.0,
        acceptable,
        level,
        verdict,
        advice,
    }
}

/// Refuses a passphrase under the bar, with a French explanation.
pub fn require_acceptable(passphrase: &Passphrase, context: &[&str]) -> Result<()> {
    let rating = rate(passphrase.expose(), context);
    if rating.acceptable {
        return Ok(());
    }
    Err(CoreError::WeakPassphrase {
        reason: format!(
            "elle vaut environ {} bits d'imprévisibilité, alors que la CNIL en recommande environ 80 pour un mot de passe utilisé seul : un voleur de l'ordinateur pourrait la deviner. Ajoutez des mots au hasard, ou utilisez « Proposer une phrase de passe ».",
            rating.bits.round() as i64
        ),
    })
}

/// A fresh passphrase of [`SUGGESTED_WORDS`] words drawn by the OS's secure
/// random generator from the 4096-word list.
pub fn suggest() -> String {
    let words = word_list();
    let mut rng = rand::rngs::OsRng;
    (0..SUGGESTED_WORDS)
        .filter_map(|_| words.choose(&mut rng).copied())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn word_list_has_4096_distinct_words() {
        let mut words = word_list();
        assert_eq!(words.len(), 4096);
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), 4096);
    }

    #[test]
    fn cnil_reference_example_passes() {
        // 12 characters of the 4 classes, nothing guessable.
        assert!(rate("k7#Tq9!vZ2@m", &[]).acceptable);
    }

    #[test]
    fn common_choices_are_refused() {
        for weak in [
            "motdepasse",
            "Motdepasse123!",
            "azertyuiop123456",
            "aaaaaaaaaaaaaaaaaaaaaaaa",
            "CabinetDuDrMartin2024!",
            "12345678901234567890",
        ] {
            let rating = rate(weak, &["Cabinet du Dr Martin", "Dr Martin"]);
            assert!(
                !rating.acceptable,
                "{weak} should be refused ({} bits)",
                rating.bits
            );
            assert!(!rating.advice.is_empty());
        }
    }

    #[test]
    fn the_cabinet_name_does_not_count_as_strength() {
        let with_context = estimate_bits(
            "beaulieu-sur-dordogne",
            &["Cabinet de Beaulieu-sur-Dordogne"],
        );
        let without = estimate_bits("beaulieu-sur-dordogne", &[]);
        assert!(with_context < without / 2.0);
    }

    #[test]
    fn weak_passphrase_error_explains_in_french() {
        let error = require_acceptable(&Passphrase::new("soleil"), &[]).unwrap_err();
        assert!(error.to_string().contains("CNIL"));
    }

    proptest! {
        /// Every suggestion clears the bar, and is 7 words of the list.
        #[test]
        fn suggestions_are_always_acceptable(_round in 0..200u32) {
            let suggestion = suggest();
            prop_assert_eq!(suggestion.split('-').count(), SUGGESTED_WORDS);
            prop_assert!(rate(&suggestion, &[]).acceptable);
        }

        /// Fewer than 12 characters never reach the bar, whatever they are.
        #[test]
        fn short_passwords_never_pass(text in "\\PC{0,11}") {
            prop_assert!(!rate(&text, &[]).acceptable);
        }

        /// The estimate never panics and is never negative.
        #[test]
        fn estimate_is_total(text in "\\PC{0,64}") {
            prop_assert!(estimate_bits(&text, &["Dr Dupont"]) >= 0.0);
        }
    }
}
