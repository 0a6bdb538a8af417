//! Phone numbers: stored normalised (digits, `+` for international), shown
//! the French way, `06 12 34 56 78`.

use crate::error::CoreError;

/// `06 12 34 56 78`, `06.12.34.56.78`, `+33 6 12 34 56 78`, `0033612345678`
/// → `0612345678`. Other countries keep their `+` and digits.
pub fn normalise(input: &str) -> Result<String, CoreError> {
    let trimmed = input.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let allowed = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')' | '/'));
    let invalid = || {
        CoreError::InvalidInput {
        field: "phones",
        message: format!(
            "« {trimmed} » n'est pas un numéro de téléphone : tapez 10 chiffres (06 12 34 56 78) ou +indicatif pour l'étranger."
        ),
    }
    };
    if !allowed || digits.is_empty() {
        return Err(invalid());
    }
    if international {
        let digits = digits.strip_prefix("00").unwrap_or(&digits).to_string();
        if let Some(national) = digits.strip_prefix("33") {
            let national = national.strip_prefix('0').unwrap_or(national);
            if national.len() == 9 {
                return Ok(format!("0{national}"));
            }
            return Err(invalid());
        }
        if (6..=15).contains(&digits.len()) {
            return Ok(format!("+{digits}"));
        }
        return Err(invalid());
    }
    if digits.len() == 10 && digits.starts_with('0') {
        return Ok(digits);
    }
    Err(invalid())
}

/// `0612345678` → `06 12 34 56 78`; anything else as stored.
pub fn display(stored: &str) -> String {
    if stored.len() == 10 && stored.bytes().all(|b| b.is_ascii_digit()) {
        let pairs: Vec<&str> = (0..5).map(|i| &stored[i * 2..i * 2 + 2]).collect();
        return pairs.join(" ");
    }
    stored.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn french_ways_of_writing_a_number() {
        for typed in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "0612345678",
            "+33 6 12 34 56 78",
            "0033 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
        ] {
            assert_eq!(normalise(typed).unwrap(), "0612345678", "{typed}");
        }
        assert_eq!(normalise("+32 2 555 12 34").unwrap(), "+3225551234");
        assert_eq!(display("0612345678"), "06 12 34 56 78");
    }

    #[test]
    fn not_a_number_says_what_to_type() {
        for typed in ["06 12 34", "06 12 34 56 78 90", "appeler le fils", ""] {
            let error = normalise(typed).unwrap_err();
            assert!(error.to_string().contains("10 chiffres"), "{typed}");
        }
    }

    proptest! {
        /// Any 10-digit French number survives display then normalise.
        #[test]
        fn display_and_normalise_round_trip(rest in "[1-9][0-9]{8}") {
            let stored = format!("0{rest}");
            prop_assert_eq!(normalise(&display(&stored)).unwrap(), stored);
        }

        /// Normalising never panics.
        #[test]
        fn normalise_is_total(text in "\\PC{0,30}") {
            let _ = normalise(&text);
        }
    }
}
