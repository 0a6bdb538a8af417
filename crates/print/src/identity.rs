//! The patient's identity as printed on every page set (INS: birth name,
//! first names, birth date, sex, used name; the NIR when known), and the
//! footer that names the patient on every page, composed once for the PDF
//! and the DOCX.

use carnet_core::printable::{Printable, PrintedPatient};

fn born(sex: &str) -> &'static str {
    match sex {
        "F" => "Née",
        "M" => "Né",
        _ => "Né(e)",
    }
}

fn sex_word(sex: &str) -> &'static str {
    match sex {
        "F" => "féminin",
        "M" => "masculin",
        _ => "indéterminé",
    }
}

/// The lines of the identity box.
pub fn patient_lines(patient: &PrintedPatient) -> Vec<String> {
    let mut first = format!(
        "Patient : {} {}",
        patient.birth_name.to_uppercase(),
        patient.first_names
    );
    if let Some(used) = patient
        .used_name
        .as_deref()
        .filter(|u| !u.trim().is_empty())
    {
        first.push_str(&format!(" — nom utilisé : {}", used.to_uppercase()));
    }
    let mut second = format!(
        "{} le {} — sexe {}",
        born(&patient.sex),
        patient.birth_date,
        sex_word(&patient.sex)
    );
    if let Some(nir) = patient.nir.as_deref().filter(|n| !n.trim().is_empty()) {
        second.push_str(&format!(" — NIR {}", carnet_core::nir::spaced(nir)));
    }
    vec![first, second]
}

/// The footer's left part: who the page is about, so a loose page is never
/// misfiled, and the practitioner.
pub fn footer_left(printable: &Printable) -> String {
    let mut parts = Vec::new();
    if let Some(patient) = &printable.patient {
        let first = patient.first_names.split_whitespace().next().unwrap_or("");
        parts.push(format!(
            "{} {} — {} le {}",
            patient.birth_name.to_uppercase(),
            first,
            born(&patient.sex).to_lowercase(),
            patient.birth_date
        ));
    }
    if !printable.letterhead.name.is_empty() {
        parts.push(printable.letterhead.name.clone());
    }
    parts.join(" · ")
}
