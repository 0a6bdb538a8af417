//! Why a passphrase is weak, in French: the crate's warnings and
//! suggestions translated, and our own reasons for the French parts it
//! cannot name (names, French words, cities, AZERTY walks). The reasons never
//! quote the passphrase: the meter sits in plain view next to a masked field.

use zxcvbn::feedback::{Suggestion, Warning};
use zxcvbn::matching::patterns::MatchPattern;

use super::guesses::{Estimate, Part, Source};

fn warning_fr(warning: Warning) -> &'static str {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => {
            "Une rangée de touches du clavier se devine très vite."
        }
        Warning::ShortKeyboardPatternsAreEasyToGuess => {
            "Un petit dessin sur le clavier se devine très vite."
        }
        Warning::RepeatsLikeAaaAreEasyToGuess => {
            "Un caractère répété (aaaa) se devine très vite."
        }
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "Un bloc répété (abcabc) ne vaut guère plus que le bloc écrit une fois."
        }
        Warning::ThisIsATop10Password => "C'est l'un des 10 mots de passe les plus utilisés.",
        Warning::ThisIsATop100Password => "C'est l'un des 100 mots de passe les plus utilisés.",
        Warning::ThisIsACommonPassword => "C'est un mot de passe très courant.",
        Warning::ThisIsSimilarToACommonlyUsedPassword => {
            "Elle contient un mot de passe très courant, à peine déguisé."
        }
        Warning::SequencesLikeAbcAreEasyToGuess => {
            "Une suite comme abcd ou 6543 se devine très vite."
        }
        Warning::RecentYearsAreEasyToGuess => "Une année se devine très vite.",
        Warning::AWordByItselfIsEasyToGuess => "Un mot seul se devine très vite.",
        Warning::DatesAreOftenEasyToGuess => {
            "Une date (naissance, mariage…) se devine vite, avec ou sans séparateurs (jj/mm/aaaa, jjmmaaaa)."
        }
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => {
            "Un prénom ou un nom seul se devine très vite."
        }
        Warning::CommonNamesAndSurnamesAreEasyToGuess => {
            "Elle contient un prénom ou un nom courant."
        }
    }
}

fn suggestion_fr(suggestion: Suggestion) -> &'static str {
    match suggestion {
        Suggestion::UseAFewWordsAvoidCommonPhrases => {
            "Prenez plusieurs mots sans lien entre eux, pas une phrase connue."
        }
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => {
            "Pas besoin de symboles, de chiffres ni de majuscules : la longueur compte davantage."
        }
        Suggestion::AddAnotherWordOrTwo => "Ajoutez un ou deux mots, de préférence peu courants.",
        Suggestion::CapitalizationDoesntHelpVeryMuch => {
            "Une majuscule au début d'un mot n'aide guère."
        }
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            "Tout en majuscules se devine presque aussi vite que tout en minuscules."
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => {
            "Un mot écrit à l'envers n'est guère plus difficile à deviner."
        }
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => {
            "Remplacer des lettres par des chiffres ou des symboles (@ pour a, 0 pour o) n'aide guère."
        }
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => {
            "Évitez les dessins sur le clavier : des mots pris au hasard valent bien mieux."
        }
        Suggestion::AvoidRepeatedWordsAndCharacters => {
            "Évitez de répéter des mots ou des caractères."
        }
        Suggestion::AvoidSequences => "Évitez les suites (abcd, 1234).",
        Suggestion::AvoidRecentYears => "Évitez les années récentes.",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => {
            "Évitez les années qui vous concernent, vous ou vos proches."
        }
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            "Évitez les dates et les années qui vous concernent, vous ou vos proches."
        }
    }
}

fn source_fr(source: Source) -> Option<&'static str> {
    Some(match source {
        Source::Context => {
            "Elle contient le nom du cabinet ou d'un praticien : c'est ce qu'on essaie en premier."
        }
        Source::Azerty => {
            "Elle contient une suite de touches du clavier AZERTY (azerty, qsdfgh, wxcvbn…)."
        }
        Source::City => "Elle contient le nom d'une grande ville.",
        Source::FirstName => "Elle contient un prénom courant.",
        Source::Surname => "Elle contient un nom de famille courant.",
        Source::FrenchWord => "Elle contient un mot français courant.",
        // A word drawn at random from Carnet's list is what we recommend;
        // too few of them is said by the general advice.
        Source::CarnetWord => return None,
    })
}

/// What one part says: a reason (if it is a guessable part) and the
/// crate's suggestions for that kind of part.
fn part_feedback(part: &Part, sole: bool) -> (Option<&'static str>, Vec<Suggestion>) {
    let token = &part.found.token;
    if token.chars().count() <= 2 {
        // Priced as random characters (see `guesses`): nothing to say.
        return (None, Vec::new());
    }
    match &part.found.pattern {
        MatchPattern::Dictionary(word) => {
            let mut suggestions = Vec::new();
            if token.chars().count() > 1 && token.chars().all(|c| !c.is_lowercase()) {
                suggestions.push(Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase);
            } else if token.chars().next().is_some_and(char::is_uppercase) {
                suggestions.push(Suggestion::CapitalizationDoesntHelpVeryMuch);
            }
            if word.reversed && token.chars().count() >= 4 {
                suggestions.push(Suggestion::ReversedWordsArentMuchHarderToGuess);
            }
            if word.l33t {
                suggestions.push(Suggestion::PredictableSubstitutionsDontHelpVeryMuch);
            }
            // The crate's dictionary type is not nameable outside it; its
            // Debug name is stable ("Passwords", "English", "FemaleNames"…).
            let dictionary = format!("{:?}", word.dictionary_name);
            let reason = match (part.source, dictionary.as_str()) {
                (Some(source), _) => source_fr(source),
                (None, "Passwords") if sole && !word.l33t && !word.reversed => {
                    Some(warning_fr(match word.rank {
                        0..=10 => Warning::ThisIsATop10Password,
                        11..=100 => Warning::ThisIsATop100Password,
                        _ => Warning::ThisIsACommonPassword,
                    }))
                }
                (None, "Passwords") => {
                    Some(warning_fr(Warning::ThisIsSimilarToACommonlyUsedPassword))
                }
                (None, "FemaleNames" | "MaleNames" | "Surnames") => Some(warning_fr(if sole {
                    Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
                } else {
                    Warning::CommonNamesAndSurnamesAreEasyToGuess
                })),
                (None, _) if sole => Some(warning_fr(Warning::AWordByItselfIsEasyToGuess)),
                (None, _) => Some("Elle contient un mot anglais courant."),
            };
            (reason, suggestions)
        }
        MatchPattern::Spatial(walk) => (
            Some(warning_fr(if walk.turns == 1 {
                Warning::StraightRowsOfKeysAreEasyToGuess
            } else {
                Warning::ShortKeyboardPatternsAreEasyToGuess
            })),
            vec![Suggestion::UseALongerKeyboardPatternWithMoreTurns],
        ),
        MatchPattern::Repeat(repeat) => (
            Some(warning_fr(if repeat.base_token.chars().count() == 1 {
                Warning::RepeatsLikeAaaAreEasyToGuess
            } else {
                Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess
            })),
            vec![Suggestion::AvoidRepeatedWordsAndCharacters],
        ),
        MatchPattern::Sequence(_) => (
            Some(warning_fr(Warning::SequencesLikeAbcAreEasyToGuess)),
            vec![Suggestion::AvoidSequences],
        ),
        MatchPattern::Regex(_) => (
            Some(warning_fr(Warning::RecentYearsAreEasyToGuess)),
            vec![Suggestion::AvoidYearsThatAreAssociatedWithYou],
        ),
        MatchPattern::Date(_) => (
            Some(warning_fr(Warning::DatesAreOftenEasyToGuess)),
            vec![Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou],
        ),
        MatchPattern::BruteForce => (None, Vec::new()),
    }
}

fn push_once(lines: &mut Vec<String>, line: &str) {
    if !lines.iter().any(|l| l == line) {
        lines.push(line.to_string());
    }
}

/// The reasons (what makes it guessable) and the suggestions (what to do),
/// each once, in the passphrase's order.
pub(super) fn explain(estimate: &Estimate) -> (Vec<String>, Vec<String>) {
    let mut reasons = Vec::new();
    let mut suggestions = Vec::new();
    let sole = estimate.parts.len() == 1;
    for part in &estimate.parts {
        let (reason, advice) = part_feedback(part, sole);
        if let Some(reason) = reason {
            push_once(&mut reasons, reason);
        }
        for suggestion in advice {
            push_once(&mut suggestions, suggestion_fr(suggestion));
        }
    }
    if let Some(feedback) = &estimate.feedback {
        if let Some(warning) = feedback.warning() {
            push_once(&mut reasons, warning_fr(warning));
        }
        for suggestion in feedback.suggestions() {
            push_once(&mut suggestions, suggestion_fr(*suggestion));
        }
    }
    (reasons, suggestions)
}
