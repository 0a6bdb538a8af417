//! The NIR (numéro de sécurité sociale): `S AA MM DD CCC OOO KK`.
//! Key = 97 − (the 13-digit number mod 97), Corsica's 2A / 2B read as 19 / 18.
//! Integer arithmetic only. (The patients module builds validation and
//! coherence warnings on top of this.)

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_of_the_reference_example() {
        // shared/DOMAIN.md: 2 06 12 75 111 005 has key 64.
        assert_eq!(key("2061275111005"), Some(64));
    }

    #[test]
    fn corsica_is_read_as_19_and_18() {
        assert_eq!(key("185022A004123"), key("1850219004123"));
        assert_eq!(key("185022B004123"), key("1850218004123"));
        assert_ne!(key("185022A004123"), key("185022B004123"));
    }

    #[test]
    fn malformed_input_has_no_key() {
        assert_eq!(key("206127511100"), None);
        assert_eq!(key("20612751110X5"), None);
        assert_eq!(key("2061275111é05"), None);
    }
}
