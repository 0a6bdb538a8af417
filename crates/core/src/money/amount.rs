//! Amounts of money: integer cents everywhere, never floating point; read
//! as a secretary types them, shown as `30,00 €`.

use crate::error::CoreError;

/// The largest amount Carnet takes for one line: 10 000,00 €. Anything
/// above is a typing mistake at a doctor's desk.
pub const MAX_CENTS: i64 = 1_000_000;

/// `30`, `30,5`, `30,50`, `30.50`, `30,50 €`, `1 234,00` → cents. Refused
/// in French: more than two decimals (`30,005`), a negative or zero
/// amount, letters, an amount above [`MAX_CENTS`].
pub fn parse_cents(input: &str, field: &'static str) -> Result<i64, CoreError> {
    let invalid = |message: &str| CoreError::invalid(field, message);
    let text: String = input
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    if text.is_empty() {
        return Err(invalid("Tapez le montant (par exemple 30 ou 30,50)."));
    }
    if text.starts_with('-') {
        return Err(invalid(
            "Le montant est négatif : pour corriger un paiement, utilisez « Annuler ce paiement ».",
        ));
    }
    let (units, decimals) = match text.split_once([',', '.']) {
        Some((units, decimals)) => (units, decimals),
        None => (text.as_str(), ""),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(units) || (!decimals.is_empty() && !digits(decimals)) {
        return Err(invalid(
            "Montant illisible : des chiffres, avec une virgule pour les centimes (30,50).",
        ));
    }
    if decimals.len() > 2 {
        return Err(invalid(
            "Pas plus de deux chiffres après la virgule : un montant se compte en centimes.",
        ));
    }
    if units.len() > 7 {
        return Err(invalid("Montant trop élevé (10 000,00 € au plus)."));
    }
    let units: i64 = units.parse().map_err(|_| invalid("Montant illisible."))?;
    let cents: i64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<i64>().unwrap_or(0) * 10,
        _ => decimals.parse::<i64>().unwrap_or(0),
    };
    let total = units * 100 + cents;
    if total == 0 {
        return Err(invalid("Le montant est nul."));
    }
    if total > MAX_CENTS {
        return Err(invalid("Montant trop élevé (10 000,00 € au plus)."));
    }
    Ok(total)
}

/// `3000` → `30,00 €`; `-1906` → `−19,06 €`; thousands separated by a
/// narrow no-break space as French typography wants.
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "−" } else { "" };
    let magnitude = cents.unsigned_abs();
    let units = (magnitude / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in units.chars().enumerate() {
        if index > 0 && (units.len() - index).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02}\u{a0}€", magnitude % 100)
}

/// `3000` → `30,00` (for CSV files an accountant opens in a spreadsheet).
pub fn plain_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let magnitude = cents.unsigned_abs();
    format!("{sign}{},{:02}", magnitude / 100, magnitude % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_typed_every_way() {
        for (typed, cents) in [
            ("30", 3000),
            ("30,5", 3050),
            ("30,50", 3050),
            ("30.50", 3050),
            ("30,50 €", 3050),
            (" 1 234,00 ", 123_400),
            ("0,01", 1),
            ("19,06€", 1906),
            ("30,", 3000),
        ] {
            assert_eq!(parse_cents(typed, "montant").unwrap(), cents, "{typed}");
        }
        for (typed, expected) in [
            ("30,005", "deux chiffres"),
            ("-30", "négatif"),
            ("0", "nul"),
            ("0,00", "nul"),
            ("trente", "illisible"),
            (",50", "illisible"),
            ("30,5,0", "illisible"),
            ("", "Tapez"),
            ("10000,01", "trop élevé"),
            ("99999999999999999999", "trop élevé"),
        ] {
            let error = parse_cents(typed, "montant").unwrap_err().to_string();
            assert!(error.contains(expected), "{typed}: {error}");
        }
    }

    #[test]
    fn amounts_are_shown_the_french_way() {
        assert_eq!(format_cents(3000), "30,00\u{a0}€");
        assert_eq!(format_cents(5), "0,05\u{a0}€");
        assert_eq!(format_cents(123_456), "1\u{202f}234,56\u{a0}€");
        assert_eq!(format_cents(-1906), "−19,06\u{a0}€");
        assert_eq!(plain_cents(-1906), "-19,06");
    }

    proptest! {
        /// What is shown reads back as the same number of cents.
        #[test]
        fn shown_amounts_read_back_exactly(cents in 1i64..=MAX_CENTS) {
            prop_assert_eq!(parse_cents(&format_cents(cents), "montant").unwrap(), cents);
            prop_assert_eq!(parse_cents(&plain_cents(cents), "montant").unwrap(), cents);
        }
    }
}
