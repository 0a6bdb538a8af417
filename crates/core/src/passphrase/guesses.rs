//! How many guesses an offline attacker needs for a passphrase, in bits
//! (log2 of the guesses).
//!
//! The `zxcvbn` crate (Dropbox's model) finds the cheapest way to write the
//! passphrase as parts an attacker tries first — dictionary words (also
//! reversed, capitalised, with @ for a, 0 for o…), keyboard walks, repeats,
//! sequences, years and dates — and prices each part. What we add, and why:
//!
//! - **French.** The crate's dictionaries are English, and it takes no
//!   custom dictionary: only a list of "user inputs" that it treats as one
//!   more ranked dictionary (rank = position in the list). We give it, in
//!   this order: the cabinet's and practitioners' names (per call), the
//!   AZERTY walks below, then French first names and surnames (the demo's
//!   lists, `french_names`), the 10 000 commonest French words and Carnet's
//!   own 4 096-word list, interleaved, so each list's n-th entry ranks about
//!   4n: two bits more per word than four separate dictionaries would cost.
//! - **AZERTY.** The crate's keyboard graphs (QWERTY, Dvorak, keypads) are
//!   compiled in and private; it cannot take another. AZERTY walks go in as
//!   dictionary words instead: every run of 3 keys or more along a row
//!   ("azerty", "qsdfgh", "wxcvbn"…) or down the columns ("aqwzsx"…), and
//!   "zqsd". Written backwards or capitalised, the crate still finds them;
//!   walks that turn on an AZERTY keyboard are not recognised (on QWERTY
//!   they are).
//! - **Dates.** The crate's date matcher already reads day, month and year
//!   in any order, with or without separators (13/03/1962, 13031962, 130362)
//!   and years alone.
//! - **Counting up to 2^80.** The crate counts guesses in a `u64` (it stops
//!   at 2^64) and prices characters that match nothing at 10 guesses each —
//!   fair for what people make up, far too low for a truly random password
//!   (14 random printable characters: 10^14 ≈ 2^47 for the crate, when an
//!   attacker needs 94^14 ≈ 2^92). So we take the crate's decomposition and
//!   add its parts in bits ourselves: a matched part costs the crate's
//!   guesses for it; a stretch that matches nothing costs its characters
//!   drawn from the classes it uses (the CNIL's method) plus the choice of
//!   those classes, at most log2 95 a character; a stretch equal to an
//!   earlier one (the same separator again) costs one bit. We leave out the
//!   crate's l! factor (the order of l parts): it would credit
//!   "mot-mot-mot-mot-mot" with some 30 bits for a structure every attacker
//!   tries first. There we are stricter than the crate.
//! - **Separators.** The crate adds 10^4 guesses for each part beyond the
//!   first, so for "mot-mot-mot-mot-mot" it prefers one long unmatched
//!   stretch — which, priced as random characters, would be worth 180 bits.
//!   We also read the passphrase piece by piece (runs of letters and digits,
//!   runs of other characters) and keep the cheaper reading.
//!
//! A limit: the decomposition is the crate's cheapest at its own prices. A
//! short stretch it left unmatched because, at 10 guesses a character, a
//! rare 3- or 4-letter word was dearer than the letters, we price as random
//! characters: a few bits more than the word, for words ranked past a
//! thousand. In the other direction, a random password can hold a piece the
//! crate reads as a word ("th4t"), a date or a sequence: about 8 % of random
//! 14-character passwords rate under 2^80 (none of 15 characters or more in
//! our samples); the meter then says so and she types a longer one.

use std::collections::HashMap;
#[cfg(test)]
use std::collections::HashSet;
use std::sync::OnceLock;

use zxcvbn::feedback::Feedback;
use zxcvbn::matching::patterns::{DictionaryPattern, MatchPattern};
use zxcvbn::Match;

use super::word_list;
use crate::french_names;

const FRENCH_WORDS_TEXT: &str = include_str!("../../../../assets/wordlists/fr-common.txt");

/// Where a word the crate found in our list comes from (for the reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The cabinet's or a practitioner's name.
    Context,
    Azerty,
    City,
    FirstName,
    Surname,
    FrenchWord,
    /// A word of the list Carnet's suggestions are drawn from.
    CarnetWord,
}

/// One part of the passphrase as the attacker would guess it.
pub(super) struct Part {
    pub found: Match,
    /// For a word of our lists, which one.
    pub source: Option<Source>,
    pub bits: f64,
}

pub(super) struct Estimate {
    pub bits: f64,
    pub parts: Vec<Part>,
    /// The crate's own advice; it gives some only to what it rates weak.
    pub feedback: Option<Feedback>,
}

/// The AZERTY keyboard's letter rows and its unshifted digit row.
const AZERTY_ROWS: [&str; 4] = ["azertyuiop", "qsdfghjklm", "wxcvbn", "&é\"'(-è_çà"];
/// Its columns, top to bottom, left to right: "aqw", "zsx"…
const AZERTY_COLUMNS: [&str; 10] = [
    "aqw", "zsx", "edc", "rfv", "tgb", "yhn", "uj,", "ik;", "ol:", "pm!",
];
/// France's biggest cities, biggest first: "Marseille13013!" is a city and
/// its postcode.
const CITIES: [&str; 42] = [
    "paris",
    "marseille",
    "lyon",
    "toulouse",
    "nice",
    "nantes",
    "montpellier",
    "strasbourg",
    "bordeaux",
    "lille",
    "rennes",
    "reims",
    "toulon",
    "saint-etienne",
    "le havre",
    "grenoble",
    "dijon",
    "angers",
    "nimes",
    "villeurbanne",
    "clermont-ferrand",
    "le mans",
    "aix-en-provence",
    "brest",
    "tours",
    "amiens",
    "limoges",
    "annecy",
    "perpignan",
    "boulogne-billancourt",
    "metz",
    "besancon",
    "orleans",
    "saint-denis",
    "argenteuil",
    "rouen",
    "mulhouse",
    "montreuil",
    "caen",
    "nancy",
    "ajaccio",
    "bastia",
];
/// The walks typed most, first.
const AZERTY_FIRST: [&str; 8] = [
    "azerty",
    "azertyuiop",
    "qsdfgh",
    "qsdfghjklm",
    "wxcvbn",
    "aqwzsx",
    "zqsd",
    "azer",
];

fn azerty_walks() -> Vec<String> {
    let mut walks: Vec<String> = AZERTY_FIRST.iter().map(|w| w.to_string()).collect();
    let columns: String = AZERTY_COLUMNS.concat();
    let column_runs = (1..=AZERTY_COLUMNS.len()).flat_map(|count| {
        (0..=AZERTY_COLUMNS.len() - count).map(move |first| (first * 3, count * 3))
    });
    for (start, length) in column_runs {
        walks.push(columns.chars().skip(start).take(length).collect());
    }
    for row in AZERTY_ROWS {
        let keys: Vec<char> = row.chars().collect();
        for length in (3..=keys.len()).rev() {
            for start in 0..=keys.len() - length {
                walks.push(keys[start..start + length].iter().collect());
            }
        }
    }
    walks
}

/// Lower case without accents, so "Hélène" typed "helene" is still found.
pub(super) fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

/// The spellings of one word or name she might type: as written, without
/// accents, without its hyphens or spaces ("jean-pierre", "jeanpierre").
fn spellings(word: &str) -> Vec<String> {
    let lower = word.trim().to_lowercase();
    let folded = fold(&lower);
    let joined: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out = Vec::new();
    for spelling in [lower, folded, joined] {
        if spelling.chars().count() >= 3 && !out.contains(&spelling) {
            out.push(spelling);
        }
    }
    out
}

struct FrenchDictionary {
    /// Every entry once, lower case, cheapest first.
    ranked: Vec<String>,
    /// The same, as characters (for `may_occur`, once per keystroke).
    ranked_chars: Vec<Vec<char>>,
    source: HashMap<String, Source>,
}

fn french_dictionary() -> &'static FrenchDictionary {
    static DICTIONARY: OnceLock<FrenchDictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut first_names: Vec<(&str, f64)> = french_names::rows(french_names::FIRST_NAMES_F)
            .chain(french_names::rows(french_names::FIRST_NAMES_M))
            .collect();
        first_names.sort_by(|a, b| b.1.total_cmp(&a.1));
        let lists: [(Source, Vec<&str>); 4] = [
            (
                Source::FirstName,
                first_names.iter().map(|(name, _)| *name).collect(),
            ),
            (
                Source::Surname,
                french_names::rows(french_names::SURNAMES)
                    .map(|(name, _)| name)
                    .collect(),
            ),
            (Source::FrenchWord, FRENCH_WORDS_TEXT.lines().collect()),
            (Source::CarnetWord, word_list()),
        ];
        let mut dictionary = FrenchDictionary {
            ranked: Vec::new(),
            ranked_chars: Vec::new(),
            source: HashMap::new(),
        };
        let mut add = |word: &str, source: Source| {
            for spelling in spellings(word) {
                if !dictionary.source.contains_key(&spelling) {
                    dictionary.source.insert(spelling.clone(), source);
                    dictionary.ranked_chars.push(spelling.chars().collect());
                    dictionary.ranked.push(spelling);
                }
            }
        };
        for walk in azerty_walks() {
            add(&walk, Source::Azerty);
        }
        for city in CITIES {
            add(city, Source::City);
        }
        let longest = lists.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
        for index in 0..longest {
            for (source, list) in &lists {
                if let Some(word) = list.get(index) {
                    add(word, *source);
                }
            }
        }
        dictionary
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
    f64::max(size, 2.0)
}

/// Choosing which character classes an unmatched stretch uses (15 ways).
const CLASS_CHOICE_BITS: f64 = 3.906_890_595_608_519;

/// An unmatched stretch: random characters of the classes it uses, plus
/// which classes those are — but never more than trying every printable
/// character (the CNIL's reckoning: 12 random printable characters make
/// 12 × log2 95 ≈ 78.8 bits, under the bar).
fn stretch_bits(stretch: &str) -> f64 {
    let length = stretch.chars().count() as f64;
    let everything = if stretch.is_ascii() { 95.0 } else { 125.0 };
    f64::min(
        length * alphabet_size(stretch).log2() + CLASS_CHOICE_BITS,
        length * f64::log2(everything),
    )
}

/// The user inputs for one call: the context first, then our lists. The
/// crate ranks user inputs by position, and a word listed twice would take
/// its later (dearer) rank: each word goes in once.
struct Inputs {
    context: Vec<String>,
}

impl Inputs {
    fn new(context: &[&str]) -> Self {
        let mut words: Vec<String> = Vec::new();
        for entry in context {
            let whole = std::iter::once(*entry);
            let parts = entry.split(|c: char| !c.is_alphanumeric());
            for spelling in whole.chain(parts).flat_map(spellings) {
                if !words.contains(&spelling) {
                    words.push(spelling);
                }
            }
        }
        Inputs { context: words }
    }

    fn is_context(&self, word: &str) -> bool {
        self.context.iter().any(|w| w == word)
    }

    /// The ranked list for `text`. Every entry keeps its position (its
    /// rank), but those that cannot occur in `text` are blanked: the crate
    /// rebuilds a map of its user inputs several times a call, and 18 000
    /// words would cost tens of milliseconds a keystroke.
    fn ranked_for<'a>(&'a self, text: &str) -> Vec<&'a str> {
        let lower: Vec<char> = text.to_lowercase().chars().collect();
        let reversed: Vec<char> = lower.iter().rev().copied().collect();
        let fits = |word: &[char]| may_occur(word, &lower) || may_occur(word, &reversed);
        let dictionary = french_dictionary();
        let context = self.context.iter().map(|word| {
            let chars: Vec<char> = word.chars().collect();
            if fits(&chars) {
                word.as_str()
            } else {
                ""
            }
        });
        let ours = dictionary
            .ranked
            .iter()
            .zip(&dictionary.ranked_chars)
            .filter(|(word, _)| !self.is_context(word))
            .map(|(word, chars)| if fits(chars) { word.as_str() } else { "" });
        context.chain(ours).collect()
    }

    fn source(&self, word: &str) -> Option<Source> {
        if self.is_context(word) {
            Some(Source::Context)
        } else {
            french_dictionary().source.get(word).copied()
        }
    }
}

/// Whether `word` may occur in `text` (lower case), as it is or with
/// letters written as digits or symbols (the crate's "l33t" reading: any
/// character that is not a letter may stand for any letter).
fn may_occur(word: &[char], text: &[char]) -> bool {
    let Some(first) = word.first() else {
        return false;
    };
    let fits = |t: &char, w: &char| t == w || (!t.is_alphabetic() && w.is_alphabetic());
    (0..(text.len() + 1).saturating_sub(word.len())).any(|start| {
        fits(&text[start], first)
            && text[start..start + word.len()]
                .iter()
                .zip(word)
                .all(|(t, w)| fits(t, w))
    })
}

/// The guesses for one found word, by the crate's own formula (rank ×
/// capitalisations × substitutions, × 2 when reversed), reading a count of
/// 0 as 1: the crate counts 0 capitalisations for some words mixing capitals
/// and symbols ("M3L" for "mel"), and would then price them at its floor.
fn word_guesses(word: &DictionaryPattern) -> f64 {
    let reversed = if word.reversed { 2.0 } else { 1.0 };
    word.rank.max(1) as f64
        * word.uppercase_variations.max(1) as f64
        * word.l33t_variations.max(1) as f64
        * reversed
}

/// The crate's decomposition of `text`, its parts priced in bits (see the
/// module comment). `seen` holds the unmatched stretches met so far.
fn priced(text: &str, inputs: &Inputs, seen: &mut Vec<String>) -> (Vec<Part>, Option<Feedback>) {
    let entropy = zxcvbn::zxcvbn(text, &inputs.ranked_for(text));
    let mut parts = Vec::new();
    for found in entropy.sequence() {
        let (bits, source) = match &found.pattern {
            // A pattern of one or two characters ("an", "::", "$%") is
            // priced as random characters: saying where such a short pattern
            // sits costs an attacker about what it saves (the crate's l!
            // paid for that; without it random passwords would lose some
            // ten bits to such accidents).
            _ if found.token.chars().count() <= 2 => (stretch_bits(&found.token), None),
            MatchPattern::BruteForce => {
                let bits = if seen.contains(&found.token) {
                    1.0
                } else {
                    seen.push(found.token.clone());
                    stretch_bits(&found.token)
                };
                (bits, None)
            }
            pattern => {
                let guesses = match pattern {
                    MatchPattern::Dictionary(word) => word_guesses(word),
                    _ => found.guesses.unwrap_or(1).max(1) as f64,
                };
                let source = match pattern {
                    // The crate's dictionary type cannot be named outside
                    // it; its Debug name is stable.
                    MatchPattern::Dictionary(word)
                        if format!("{:?}", word.dictionary_name) == "UserInputs" =>
                    {
                        inputs.source(&word.matched_word)
                    }
                    _ => None,
                };
                (guesses.log2(), source)
            }
        };
        parts.push(Part {
            found: found.clone(),
            source,
            bits,
        });
    }
    (parts, entropy.feedback().cloned())
}

/// Runs of letters and digits, and runs of everything else, in order.
fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_kind = None;
    for c in text.chars() {
        let kind = c.is_alphanumeric();
        match out.last_mut() {
            Some(piece) if last_kind == Some(kind) => piece.push(c),
            _ => out.push(c.to_string()),
        }
        last_kind = Some(kind);
    }
    out
}

/// The guessability of `text`. `context` holds what an attacker knows of
/// this cabinet (its name, its practitioners' names).
///
/// Two readings, the cheaper wins: the crate's on the whole text, and the
/// crate's on each run of letters and digits and each run of separators
/// apart. The crate adds 10^4 guesses for each part beyond the first, so
/// for "mot-mot-mot-mot-mot" it prefers one long unmatched stretch, which we
/// price as random characters; read piece by piece, the words are found.
pub(super) fn estimate(text: &str, context: &[&str]) -> Estimate {
    if text.is_empty() {
        return Estimate {
            bits: 0.0,
            parts: Vec::new(),
            feedback: None,
        };
    }
    let inputs = Inputs::new(context);
    let (whole, feedback) = priced(text, &inputs, &mut Vec::new());
    let whole_bits: f64 = whole.iter().map(|p| p.bits).sum();
    let split = pieces(text);
    if split.len() > 1 {
        let mut seen = Vec::new();
        let mut parts = Vec::new();
        for piece in &split {
            if seen.contains(piece) {
                // The same separator (or word) again: one bit, "as before".
                parts.push(Part {
                    found: Match {
                        token: piece.clone(),
                        ..Match::default()
                    },
                    source: None,
                    bits: 1.0,
                });
                continue;
            }
            let (piece_parts, _) = priced(piece, &inputs, &mut seen);
            seen.push(piece.clone());
            parts.extend(piece_parts);
        }
        let split_bits: f64 = parts.iter().map(|p| p.bits).sum();
        if split_bits < whole_bits {
            return Estimate {
                bits: split_bits,
                parts,
                feedback,
            };
        }
    }
    Estimate {
        bits: whole_bits,
        parts: whole,
        feedback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn azerty_walks_include_rows_columns_and_zqsd() {
        let walks = azerty_walks();
        for walk in [
            "azerty", "qsdfgh", "wxcvbn", "aqwzsx", "zqsd", "uiop", "&é\"'(",
        ] {
            assert!(walks.iter().any(|w| w == walk), "{walk}");
        }
    }

    #[test]
    fn the_dictionary_holds_each_list_once() {
        let dictionary = french_dictionary();
        let unique: HashSet<&String> = dictionary.ranked.iter().collect();
        assert_eq!(unique.len(), dictionary.ranked.len());
        assert_eq!(dictionary.source.get("azerty"), Some(&Source::Azerty));
        assert_eq!(dictionary.source.get("helene"), Some(&Source::FirstName));
        assert_eq!(
            dictionary.source.get("jeanpierre"),
            Some(&Source::FirstName)
        );
        assert_eq!(dictionary.source.get("dupont"), Some(&Source::Surname));
    }
}
