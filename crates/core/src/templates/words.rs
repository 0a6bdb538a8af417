//! The cabinet's own word list for the spell-checker: drug names, anatomy,
//! the doctors' and patients' names she types. No free French medical
//! dictionary exists; this list is how medical words stop being underlined.
//! It lives in the encrypted file (a word may be a name), and the audit
//! trail records additions by row id, never the word.

use rusqlite::params;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

fn normalised(word: &str) -> Result<String> {
    let word = word.trim();
    let acceptable = (2..=60).contains(&word.chars().count())
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.'));
    if !acceptable {
        return Err(CoreError::invalid(
            "word",
            "Ajoutez un seul mot (de 2 à 60 lettres, chiffres, traits d'union ou apostrophes), sans espace.",
        ));
    }
    Ok(word.to_string())
}

/// Adds a word; adding a word already there changes nothing. Returns
/// whether it was new.
pub fn add(cabinet: &mut Cabinet, word: &str) -> Result<bool> {
    let word = normalised(word)?;
    let now = cabinet.now_utc();
    let added = cabinet.conn().execute(
        "INSERT INTO medical_words (id, word, added_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (word) DO NOTHING",
        params![new_id(), word, now],
    )?;
    Ok(added == 1)
}

/// Removes a word; returns whether it was there.
pub fn remove(cabinet: &mut Cabinet, word: &str) -> Result<bool> {
    let removed = cabinet
        .conn()
        .execute("DELETE FROM medical_words WHERE word = ?1", [word.trim()])?;
    Ok(removed == 1)
}

/// Every word, in French alphabetical order (accents folded).
pub fn list(cabinet: &Cabinet) -> Result<Vec<String>> {
    let mut statement = cabinet
        .conn()
        .prepare_cached("SELECT word FROM medical_words")?;
    let mut words = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    words.sort_by_cached_key(|w| (crate::phonetic::fold(w), w.clone()));
    Ok(words)
}
