//! Dates as a French secretary types them, checked for what cannot be.

use chrono::{Datelike, NaiveDate};

use crate::error::CoreError;

/// An optional day as stored (`YYYY-MM-DD`), from what she typed
/// (`jj/mm/aaaa` or ISO); blank is `None`.
pub fn optional_iso_day(
    text: Option<&str>,
    field: &'static str,
) -> Result<Option<String>, CoreError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => Ok(Some(
            parse_date(text, field)?.format("%Y-%m-%d").to_string(),
        )),
    }
}

/// `03/03/1962`, `3/3/1962`, `03.03.1962`, `1962-03-03` → the date; an
/// impossible date ("31/02/1962") is refused with a French message naming
/// the field.
pub fn parse_date(input: &str, field: &'static str) -> Result<NaiveDate, CoreError> {
    let text = input.trim();
    let invalid = |message: String| CoreError::InvalidInput { field, message };
    if text.is_empty() {
        return Err(invalid("Tapez la date (jj/mm/aaaa).".into()));
    }
    let parts: Vec<&str> = if text.len() == 10 && text.as_bytes()[4] == b'-' {
        let mut iso: Vec<&str> = text.split('-').collect();
        iso.reverse();
        iso
    } else {
        text.split(['/', '.', '-', ' '])
            .filter(|p| !p.is_empty())
            .collect()
    };
    let numbers: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    let Some([day, month, year]) = numbers
        .as_deref()
        .and_then(|n| <[i32; 3]>::try_from(n).ok())
    else {
        return Err(invalid(format!("« {text} » n'est pas une date : tapez-la sous la forme jj/mm/aaaa, par exemple 03/03/1962.")));
    };
    if parts[2].len() != 4 {
        return Err(invalid(format!(
            "Tapez l'année sur 4 chiffres (« {text} »), par exemple 03/03/1962."
        )));
    }
    u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .ok_or_else(|| {
            invalid(format!(
                "La date {text} n'existe pas : vérifiez le jour et le mois."
            ))
        })
}

/// A past date (birth, death, last visit): also refused in the future or
/// before 1890.
pub fn parse_past_date(
    input: &str,
    today: NaiveDate,
    field: &'static str,
) -> Result<NaiveDate, CoreError> {
    let date = parse_date(input, field)?;
    let text = input.trim();
    if date > today {
        return Err(CoreError::InvalidInput {
            field,
            message: format!("La date {text} est dans le futur."),
        });
    }
    if date.year() < 1890 {
        return Err(CoreError::InvalidInput {
            field,
            message: format!("La date {text} est trop ancienne : vérifiez l'année."),
        });
    }
    Ok(date)
}

/// A date of birth.
pub fn parse_birth_date(
    input: &str,
    today: NaiveDate,
    field: &'static str,
) -> Result<NaiveDate, CoreError> {
    if input.trim().is_empty() {
        return Err(CoreError::InvalidInput {
            field,
            message: "Tapez la date de naissance (jj/mm/aaaa).".into(),
        });
    }
    parse_past_date(input, today, field)
}

pub fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_ways_she_types_a_date() {
        let expected = NaiveDate::from_ymd_opt(1962, 3, 3).unwrap();
        for typed in [
            "03/03/1962",
            "3/3/1962",
            "03.03.1962",
            "1962-03-03",
            " 03/03/1962 ",
        ] {
            assert_eq!(
                parse_birth_date(typed, today(), "birthDate").unwrap(),
                expected,
                "{typed}"
            );
        }
    }

    #[test]
    fn impossible_dates_are_refused_in_french() {
        for (typed, expected) in [
            ("31/02/1962", "n'existe pas"),
            ("29/02/2023", "n'existe pas"),
            ("12/13/1962", "n'existe pas"),
            ("03/03/62", "4 chiffres"),
            ("01/01/2030", "dans le futur"),
            ("01/01/1850", "trop ancienne"),
            ("hier", "n'est pas une date"),
            ("", "Tapez"),
        ] {
            let error = parse_birth_date(typed, today(), "birthDate").unwrap_err();
            assert!(error.to_string().contains(expected), "{typed}: {error}");
        }
        assert!(parse_birth_date("29/02/2024", today(), "birthDate").is_ok());
    }

    proptest! {
        /// Every real date in range, typed the French way, reads back as itself.
        #[test]
        fn french_dates_round_trip(days in 0i64..49_000) {
            let date = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(date <= today());
            prop_assert_eq!(parse_birth_date(&french(date), today(), "birthDate").unwrap(), date);
        }

        /// Parsing never panics.
        #[test]
        fn parsing_is_total(text in "\\PC{0,20}") {
            let _ = parse_birth_date(&text, today(), "birthDate");
        }
    }
}
