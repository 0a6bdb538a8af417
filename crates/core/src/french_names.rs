//! The commonest French surnames and first names with their weights
//! (assets/demo/README.md says where they come from), commonest first. The
//! demo draws its fictitious patients from them; the passphrase meter counts
//! them among the first things an attacker tries.

pub(crate) const SURNAMES: &str = include_str!("../../../assets/demo/surnames.tsv");
pub(crate) const FIRST_NAMES_F: &str = include_str!("../../../assets/demo/first_names_f.tsv");
pub(crate) const FIRST_NAMES_M: &str = include_str!("../../../assets/demo/first_names_m.tsv");

/// The `(name, weight)` rows of one list, in file order; a row without a
/// weight weighs 1, comments and blank lines are skipped.
pub(crate) fn rows(tsv: &'static str) -> impl Iterator<Item = (&'static str, f64)> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let (value, weight) = line.split_once('\t').unwrap_or((line, "1"));
            (value.trim(), weight.trim().parse().unwrap_or(1.0))
        })
}
