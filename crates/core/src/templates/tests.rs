//! Templates filled for real people in a real encrypted cabinet: a man, a
//! woman, a minor, a missing field, a field nobody knows, snippets, words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use super::*;
use crate::agenda::testing;
use crate::cabinet::Cabinet;
use crate::correspondants::{self, CorrespondantDraft};
use crate::patients::{self, PatientDraft};

fn patient(cabinet: &mut Cabinet, draft: PatientDraft) -> String {
    patients::create(cabinet, &draft, true).unwrap().id
}

fn person(birth_name: &str, first_names: &str, birth_date: &str, sex: &str) -> PatientDraft {
    PatientDraft {
        birth_name: birth_name.into(),
        birth_first_names: first_names.into(),
        birth_date: birth_date.into(),
        sex: sex.into(),
        identity_status: "provisoire".into(),
        ..PatientDraft::default()
    }
}

fn practitioner_ids(cabinet: &Cabinet) -> Vec<String> {
    let mut statement = cabinet
        .conn()
        .prepare("SELECT id FROM practitioners ORDER BY position")
        .unwrap();
    let ids = statement.query_map([], |row| row.get(0)).unwrap();
    ids.collect::<rusqlite::Result<_>>().unwrap()
}

fn practitioner_id(cabinet: &Cabinet) -> String {
    practitioner_ids(cabinet)[0].clone()
}

/// All the text of a filled body, in order.
fn text_of(node: &Value) -> String {
    let mut out = String::new();
    if let Some(text) = node.get("text").and_then(Value::as_str) {
        out.push_str(text);
    }
    if node.get("type").and_then(Value::as_str) == Some("mergeField") {
        out.push_str(&format!("[{}]", node["attrs"]["field"].as_str().unwrap()));
    }
    for child in node
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push_str(&text_of(child));
        if child.get("type").and_then(Value::as_str) == Some("paragraph") {
            out.push('\n');
        }
    }
    out
}

fn template_with(cabinet: &mut Cabinet, text: &str) -> String {
    create(
        cabinet,
        &TemplateDraft {
            name: "Essai".into(),
            kind: DocumentKind::Consultation,
            practitioner_id: None,
            body: body_from_text(text),
        },
    )
    .unwrap()
}

fn context(cabinet: &Cabinet, patient_id: &str, date: &str) -> FillContext {
    FillContext {
        patient_id: Some(patient_id.into()),
        practitioner_id: Some(practitioner_id(cabinet)),
        consultation_date: Some(date.into()),
        letter_id: None,
    }
}

const INTRODUCTION: &str =
    "{accord.cherConfrere} {patient.displayName}, {accord.ne} le {patient.birthDate}, {accord.age} de {patient.age}. {accord.Il} va bien ; {accord.lePatient} revient le {consultation.date}.";

#[test]
fn a_man_reads_right() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let id = patient(
        &mut cabinet,
        person("Lefebvre", "Paul Henri", "12/07/1980", "M"),
    );
    let template = template_with(&mut cabinet, INTRODUCTION);
    let filled = fill(&cabinet, &template, &context(&cabinet, &id, "01/03/2026")).unwrap();
    assert_eq!(
        text_of(&filled.body).trim(),
        "Monsieur Paul LEFEBVRE, né le 12/07/1980, âgé de 45 ans. Il va bien ; le patient revient le 1er mars 2026."
    );
    assert!(filled.missing.is_empty(), "{:?}", filled.missing);
}

#[test]
fn a_woman_reads_right_with_her_used_name() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let id = patient(
        &mut cabinet,
        PatientDraft {
            used_name: Some("Allain".into()),
            used_first_name: Some("Jeannette".into()),
            ..person("Dupont-Lefèvre", "Jeanne Marie", "03/03/1962", "F")
        },
    );
    let template = template_with(
        &mut cabinet,
        &format!("{INTRODUCTION}\nNom de naissance : {{patient.birthName}} ; prénoms : {{patient.firstNames}} ; {{patient.civility}}"),
    );
    let filled = fill(&cabinet, &template, &context(&cabinet, &id, "2026-12-07")).unwrap();
    assert_eq!(
        text_of(&filled.body).trim(),
        "Madame Jeannette ALLAIN, née le 03/03/1962, âgée de 64 ans. Elle va bien ; la patiente revient le 7 décembre 2026.\n\
         Nom de naissance : DUPONT-LEFÈVRE ; prénoms : Jeanne Marie ; Mme"
    );
}

#[test]
fn a_minor_gets_an_age_in_months_and_the_legal_representative() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let id = patient(
        &mut cabinet,
        PatientDraft {
            legal_representative: Some("Mme Anne Martin (mère)".into()),
            ..person("Martin", "Léo", "15/06/2025", "M")
        },
    );
    let template = template_with(
        &mut cabinet,
        "{patient.displayName}, {patient.age}, accompagné de {patient.legalRepresentative}",
    );
    let filled = fill(&cabinet, &template, &context(&cabinet, &id, "14/12/2026")).unwrap();
    assert_eq!(
        text_of(&filled.body).trim(),
        "Léo MARTIN, 17 mois, accompagné de Mme Anne Martin (mère)"
    );
}

#[test]
fn a_field_this_file_lacks_is_flagged_never_printed_blank() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let id = patient(&mut cabinet, person("Roux", "Anne", "01/02/1990", "F"));
    let template = template_with(
        &mut cabinet,
        "Adressée par {referrer.name}, suivie par {gp.name}. NIR : {patient.nir}. Adressée par {referrer.name}.",
    );
    let filled = fill(&cabinet, &template, &context(&cabinet, &id, "01/03/2026")).unwrap();
    let labels: Vec<&str> = filled.missing.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Médecin adresseur",
            "Médecin traitant",
            "NIR (n° de sécurité sociale)"
        ]
    );
    // Each stays a merge field in the body, labelled and marked missing.
    assert_eq!(
        text_of(&filled.body).trim(),
        "Adressée par [referrer.name], suivie par [gp.name]. NIR : [patient.nir]. Adressée par [referrer.name]."
    );
    let first = &filled.body["content"][0]["content"][1];
    assert_eq!(first["attrs"]["missing"], json!(true));
    assert_eq!(first["attrs"]["label"], json!("Médecin adresseur"));

    // Once the file has them, nothing is missing.
    let doctor = correspondants::create(
        &mut cabinet,
        &CorrespondantDraft {
            name: "Dr Paul Girard".into(),
            ..CorrespondantDraft::default()
        },
    )
    .unwrap();
    let mut update = person("Roux", "Anne", "01/02/1990", "F");
    update.gp_id = Some(doctor.clone());
    update.referrer_id = Some(doctor);
    update.nir = crate::nir::with_key("2900275111001");
    patients::update(&mut cabinet, &id, &update).unwrap();
    let filled = fill(&cabinet, &template, &context(&cabinet, &id, "01/03/2026")).unwrap();
    assert!(filled.missing.is_empty(), "{:?}", filled.missing);
    assert!(text_of(&filled.body).contains(&format!(
        "NIR : 2 90 02 75 111 001 {}.",
        &update.nir.unwrap()[13..]
    )));
}

#[test]
fn without_a_patient_every_patient_field_is_missing() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let template = template_with(&mut cabinet, "{accord.ne} {patient.birthName} — {today}");
    let filled = fill(
        &cabinet,
        &template,
        &FillContext {
            patient_id: None,
            practitioner_id: None,
            consultation_date: None,
            letter_id: None,
        },
    )
    .unwrap();
    assert_eq!(filled.missing.len(), 2);
    // The cabinet's clock: 8 December 2026.
    assert!(text_of(&filled.body).ends_with("— 8 décembre 2026\n"));
}

#[test]
fn an_unknown_field_is_refused_on_save_and_reported_in_a_stored_template() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let error = create(
        &mut cabinet,
        &TemplateDraft {
            name: "Mauvais".into(),
            kind: DocumentKind::Courrier,
            practitioner_id: None,
            body: body_from_text("Bonjour {patient.shoeSize}"),
        },
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("champ inconnu « patient.shoeSize »"),
        "{error}"
    );
    // A template stored by an older or foreign version with a field this
    // one does not know: a clear error, nothing evaluated.
    let template = template_with(&mut cabinet, "Bonjour {patient.birthName}");
    cabinet
        .conn()
        .execute(
            "UPDATE document_templates SET body = replace(body, 'patient.birthName', 'range(999999999)') WHERE id = ?1",
            [&template],
        )
        .unwrap();
    let id = patient(&mut cabinet, person("Roux", "Anne", "01/02/1990", "F"));
    let error = fill(&cabinet, &template, &context(&cabinet, &id, "01/03/2026")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Le modèle « Essai » contient un champ inconnu « range(999999999) » : ouvrez-le dans l'éditeur de modèles et remplacez ce champ par un champ de la liste."
    );
}

#[test]
fn a_merged_patient_cannot_be_filled_in() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let keep = patient(&mut cabinet, person("Roux", "Anne", "01/02/1990", "F"));
    let gone = patient(&mut cabinet, person("Roux", "Anne", "01/02/1990", "F"));
    patients::merge::merge(&mut cabinet, &keep, &gone, &[]).unwrap();
    let template = template_with(&mut cabinet, "{patient.birthName}");
    let error = fill(&cabinet, &template, &context(&cabinet, &gone, "01/03/2026")).unwrap_err();
    assert!(error.to_string().contains("n'existe plus"), "{error}");
}

#[test]
fn a_new_cabinet_has_default_templates_that_fill_cleanly() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let templates = list(&cabinet, None, None).unwrap();
    let names: Vec<&str> = templates.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Certificat médical",
            "Compte rendu d'examen",
            "Compte rendu de consultation",
            "Compte rendu opératoire",
            "Convocation",
            "Courrier au confrère",
            "Courrier au patient",
            "Lettre d'adressage",
            "Réponse à un confrère"
        ]
    );
    let id = patient(&mut cabinet, person("Roux", "Anne", "01/02/1990", "F"));
    for template in &templates {
        let filled = fill(
            &cabinet,
            &template.id,
            &context(&cabinet, &id, "01/03/2026"),
        )
        .unwrap();
        // Only the correspondants and the cabinet's phone this file has not
        // set may be missing, and the addressee of a letter (filled for a
        // letter only).
        assert!(
            filled.missing.iter().all(|m| m.field.starts_with("gp.")
                || m.field.starts_with("referrer.")
                || m.field.starts_with("recipient.")
                || m.field == "practitioner.phone"),
            "{}: {:?}",
            template.name,
            filled.missing
        );
    }
    let operatoire = list(&cabinet, Some(DocumentKind::Operatoire), None).unwrap();
    assert_eq!(operatoire.len(), 1);
}

#[test]
fn a_practitioner_sees_his_own_templates_first_and_not_another_s() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let ids = practitioner_ids(&cabinet);
    let mine = create(
        &mut cabinet,
        &TemplateDraft {
            name: "Zèbre (le mien)".into(),
            kind: DocumentKind::Consultation,
            practitioner_id: Some(ids[0].clone()),
            body: body_from_text("x"),
        },
    )
    .unwrap();
    create(
        &mut cabinet,
        &TemplateDraft {
            name: "Le sien".into(),
            kind: DocumentKind::Consultation,
            practitioner_id: Some(ids[1].clone()),
            body: body_from_text("y"),
        },
    )
    .unwrap();
    let offered = list(&cabinet, Some(DocumentKind::Consultation), Some(&ids[0])).unwrap();
    let names: Vec<&str> = offered.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Zèbre (le mien)", "Compte rendu de consultation"]);
    archive(&mut cabinet, &mine).unwrap();
    assert!(get(&cabinet, &mine).is_err());
}

#[test]
fn snippets_expand_the_practitioner_s_own_before_the_cabinet_s() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    let doctor = practitioner_id(&cabinet);
    snippets::create(
        &mut cabinet,
        &snippets::SnippetDraft {
            practitioner_id: None,
            code: "RAS".into(),
            title: "Rien à signaler".into(),
            body: json!("Examen clinique sans particularité."),
        },
    )
    .unwrap();
    snippets::create(
        &mut cabinet,
        &snippets::SnippetDraft {
            practitioner_id: Some(doctor.clone()),
            code: "ras".into(),
            title: "RAS cardio".into(),
            body: json!("Auscultation cardiaque normale.\nPas de souffle."),
        },
    )
    .unwrap();
    let own = snippets::expand(&cabinet, Some(&doctor), " Ras ")
        .unwrap()
        .unwrap();
    assert_eq!(own.title, "RAS cardio");
    assert_eq!(own.body.as_array().unwrap().len(), 2);
    let cabinet_s = snippets::expand(&cabinet, None, "ras").unwrap().unwrap();
    assert_eq!(cabinet_s.title, "Rien à signaler");
    assert!(snippets::expand(&cabinet, None, "inconnu")
        .unwrap()
        .is_none());
    let taken = snippets::create(
        &mut cabinet,
        &snippets::SnippetDraft {
            practitioner_id: None,
            code: "ras".into(),
            title: "Doublon".into(),
            body: json!("x"),
        },
    )
    .unwrap_err();
    assert!(taken.to_string().contains("déjà pris"), "{taken}");
    assert_eq!(snippets::list(&cabinet, Some(&doctor)).unwrap().len(), 2);
}

#[test]
fn the_word_list_keeps_each_word_once_and_the_trail_never_names_it() {
    let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
    assert!(words::add(&mut cabinet, "échocardiographie").unwrap());
    assert!(words::add(&mut cabinet, "Kardégic").unwrap());
    assert!(!words::add(&mut cabinet, "Kardégic").unwrap());
    assert!(words::add(&mut cabinet, "deux mots").is_err());
    assert_eq!(
        words::list(&cabinet).unwrap(),
        ["échocardiographie", "Kardégic"]
    );
    let trail_names_it: bool = cabinet
        .conn()
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE coalesce(detail, '') || coalesce(object_id, '') LIKE '%Kard%')",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(!trail_names_it);
    assert!(words::remove(&mut cabinet, "Kardégic").unwrap());
    assert_eq!(words::list(&cabinet).unwrap(), ["échocardiographie"]);
}
