//! Letters to correspondants and the outgoing register, on real encrypted
//! files: addressee and copies (the médecin traitant by default), the
//! « Destinataire » fields of the letter templates, the window envelope's
//! block and the copies on the printed page, sending only once validated,
//! one register line per recipient, and the mistakes she may make.

use carnet_core::correspondants::{self, CorrespondantDraft, CorrespondantKind};
use carnet_core::documents::letters::{self, LetterDraft};
use carnet_core::documents::outgoing::{self, Channel, ManualEntry, RegisterQuery, Sending};
use carnet_core::documents::{printable, reports, Priority, ReportKind, ReportStatus};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::templates::{self, FillContext};
use carnet_core::users::Pin;

use crate::documents::{desk, Desk, DOCTOR_PIN};
use crate::util::Workspace;

struct Letters {
    desk: Desk,
    gp: String,
    cardiologist: String,
    patient: String,
}

fn correspondant(desk: &mut Desk, name: &str, address: &str, salutation: Option<&str>) -> String {
    correspondants::create(
        &mut desk.cabinet,
        &CorrespondantDraft {
            kind: CorrespondantKind::Medecin,
            name: name.into(),
            address: Some(address.into()),
            salutation: salutation.map(String::from),
            ..CorrespondantDraft::default()
        },
    )
    .unwrap()
}

fn letters_desk(workspace: &Workspace) -> Letters {
    let mut desk = desk(workspace);
    let gp = correspondant(
        &mut desk,
        "Dr Anne Roux",
        "12 place de la Mairie, 35000 Rennes",
        None,
    );
    let cardiologist = correspondant(
        &mut desk,
        "Dr Paul Girard",
        "Clinique des Lices, 8 rue Haute, 35000 Rennes",
        Some("Cher ami,"),
    );
    let patient = patients::create(
        &mut desk.cabinet,
        &PatientDraft {
            birth_name: "Dupont".into(),
            used_name: Some("Allain".into()),
            birth_first_names: "Jeanne Marie".into(),
            birth_date: "12/03/1956".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            address_line1: Some("3 rue des Lilas".into()),
            postcode: Some("75011".into()),
            city: Some("Paris".into()),
            gp_id: Some(gp.clone()),
            ..PatientDraft::default()
        },
        true,
    )
    .unwrap()
    .id;
    Letters {
        desk,
        gp,
        cardiologist,
        patient,
    }
}

fn draft(l: &Letters, to: Option<&str>) -> LetterDraft {
    LetterDraft {
        patient_id: l.patient.clone(),
        author_id: l.desk.author_id.clone(),
        to: to.map(String::from),
        copies: None,
        copy_to_patient: false,
    }
}

fn template(l: &Letters, name: &str) -> String {
    templates::list(&l.desk.cabinet, Some(ReportKind::Courrier), None)
        .unwrap()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("modèle « {name} » absent"))
        .id
}

fn plain(body: &serde_json::Value) -> String {
    carnet_core::documents::text::plain_text(body)
}

#[test]
fn a_letter_to_a_confrere_is_filled_validated_sent_and_registered_once_per_recipient() {
    let workspace = Workspace::new();
    let mut l = letters_desk(&workspace);
    let id = {
        let d = draft(&l, Some(&l.cardiologist));
        letters::create(&mut l.desk.cabinet, &d)
    }
    .unwrap();

    // Addressed to the cardiologist with his own salutation; the médecin
    // traitant gets a copy without being asked.
    let letter = letters::get(&l.desk.cabinet, &id).unwrap().unwrap();
    assert_eq!(letter.to.name, "Dr Paul Girard");
    assert_eq!(letter.to.salutation, "Cher ami");
    assert_eq!(
        letter.to.address_lines,
        [
            "Dr Paul Girard",
            "Clinique des Lices",
            "8 rue Haute",
            "35000 Rennes"
        ]
    );
    assert_eq!(
        letters::copy_lines(&letter),
        ["Dr Anne Roux (médecin traitant)"]
    );
    let report = reports::get(&l.desk.cabinet, &id).unwrap();
    assert_eq!(report.kind, ReportKind::Courrier);
    assert_eq!(report.status, ReportStatus::ATaper);

    // The letter template greets him as he wants, about her.
    let filled = templates::fill(
        &l.desk.cabinet,
        &template(&l, "Lettre d'adressage"),
        &FillContext {
            patient_id: Some(l.patient.clone()),
            practitioner_id: Some(l.desk.author_id.clone()),
            consultation_date: Some("01/12/2026".into()),
            letter_id: Some(id.clone()),
        },
    )
    .unwrap();
    let text = plain(&filled.body);
    assert!(text.contains("Cher ami,"), "{text}");
    assert!(text.contains("vous prie de croire, Cher ami,"), "{text}");
    assert!(
        text.contains("Mme Jeanne ALLAIN, née le 12/03/1956"),
        "{text}"
    );
    assert!(
        filled
            .missing
            .iter()
            .all(|m| !m.field.starts_with("recipient.")),
        "{:?}",
        filled.missing
    );
    reports::save_body(&mut l.desk.cabinet, &id, &filled.body).unwrap();

    // The page: his address in the window, the copy under the text.
    let page = printable(&l.desk.cabinet, &id, None).unwrap();
    assert_eq!(page.recipient_lines, letter.to.address_lines);
    assert_eq!(page.copies, ["Dr Anne Roux (médecin traitant)"]);
    assert!(page.title.is_empty());

    // Not validated: it cannot leave.
    let error = outgoing::send_letter(&mut l.desk.cabinet, &id, &Sending::default()).unwrap_err();
    assert!(error.to_string().contains("pas encore validé"), "{error}");
    assert!(
        outgoing::register(&l.desk.cabinet, &RegisterQuery::default())
            .unwrap()
            .is_empty()
    );

    let doctor = l.desk.doctor_user.clone();
    reports::validate(&mut l.desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
    // A sending date in the future is refused, and nothing is written.
    let error = outgoing::send_letter(
        &mut l.desk.cabinet,
        &id,
        &Sending {
            channel: Channel::Poste,
            sent_on: Some("31/12/2099".into()),
        },
    )
    .unwrap_err();
    assert!(error.to_string().contains("futur"), "{error}");
    assert!(
        outgoing::register(&l.desk.cabinet, &RegisterQuery::default())
            .unwrap()
            .is_empty()
    );

    outgoing::send_letter(&mut l.desk.cabinet, &id, &Sending::default()).unwrap();
    assert_eq!(
        reports::get(&l.desk.cabinet, &id).unwrap().status,
        ReportStatus::Envoye
    );
    let lines = outgoing::register(
        &l.desk.cabinet,
        &RegisterQuery {
            patient_id: Some(l.patient.clone()),
            ..RegisterQuery::default()
        },
    )
    .unwrap();
    assert_eq!(lines.len(), 2);
    // Newest first: the copy was written after the addressee.
    assert_eq!(lines[0].recipient, "Dr Anne Roux");
    assert!(lines[0].copy);
    assert_eq!(lines[1].recipient, "Dr Paul Girard");
    assert!(!lines[1].copy);
    assert_eq!(
        lines[1].address,
        "Dr Paul Girard\nClinique des Lices\n8 rue Haute\n35000 Rennes"
    );
    assert_eq!(lines[1].channel_label, "courrier postal");
    assert!(
        lines[1].patient_label.contains("ALLAIN"),
        "{}",
        lines[1].patient_label
    );
    assert_eq!(lines[1].report_id.as_deref(), Some(id.as_str()));

    // Sent again (lost in the post): two more lines, the letter unchanged.
    outgoing::send_letter(
        &mut l.desk.cabinet,
        &id,
        &Sending {
            channel: Channel::MessagerieSecurisee,
            sent_on: None,
        },
    )
    .unwrap();
    let all = outgoing::register(&l.desk.cabinet, &RegisterQuery::default()).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].channel, Channel::MessagerieSecurisee);
    assert!(all.windows(2).all(|w| w[0].number > w[1].number));
    // Validated: its copies are those it names.
    let error = letters::set_copies(&mut l.desk.cabinet, &id, &[], false).unwrap_err();
    assert!(error.to_string().contains("validé"), "{error}");
}

#[test]
fn a_letter_to_the_patient_is_addressed_to_her_home_and_copies_follow_her_choice() {
    let workspace = Workspace::new();
    let mut l = letters_desk(&workspace);
    let id = {
        let d = draft(&l, None);
        letters::create(&mut l.desk.cabinet, &d)
    }
    .unwrap();
    let letter = letters::get(&l.desk.cabinet, &id).unwrap().unwrap();
    assert_eq!(letter.to.name, "Madame Jeanne ALLAIN");
    assert_eq!(letter.to.salutation, "Madame");
    assert_eq!(
        letter.to.address_lines,
        ["Madame Jeanne ALLAIN", "3 rue des Lilas", "75011 Paris"]
    );
    assert_eq!(letter.copies.len(), 1, "le médecin traitant en copie");

    // Copies she chooses: the GP twice and the addressee are kept once / out.
    let chosen = LetterDraft {
        copies: Some(vec![l.gp.clone(), l.gp.clone(), l.cardiologist.clone()]),
        copy_to_patient: true,
        ..draft(&l, Some(&l.cardiologist))
    };
    let other = letters::create(&mut l.desk.cabinet, &chosen).unwrap();
    let letter = letters::get(&l.desk.cabinet, &other).unwrap().unwrap();
    let names: Vec<_> = letter.copies.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Dr Anne Roux", "Madame Jeanne ALLAIN"]);
    letters::set_copies(&mut l.desk.cabinet, &other, &[], false).unwrap();
    assert!(letters::get(&l.desk.cabinet, &other)
        .unwrap()
        .unwrap()
        .copies
        .is_empty());
    // A report is not a letter.
    let report = crate::documents::dictation(&mut l.desk, Priority::Normal, None, 1);
    assert!(letters::get(&l.desk.cabinet, &report).unwrap().is_none());
}

#[test]
fn bad_letters_and_register_entries_get_a_french_message_and_write_nothing() {
    let workspace = Workspace::new();
    let mut l = letters_desk(&workspace);
    correspondants::set_archived(&mut l.desk.cabinet, &l.cardiologist, true).unwrap();
    let error = {
        let d = draft(&l, Some(&l.cardiologist));
        letters::create(&mut l.desk.cabinet, &d)
    }
    .unwrap_err();
    assert!(error.to_string().contains("archivé"), "{error}");
    let error = {
        let d = draft(&l, Some("nobody"));
        letters::create(&mut l.desk.cabinet, &d)
    }
    .unwrap_err();
    assert!(error.to_string().contains("n'existe plus"), "{error}");
    let unknown_copy = LetterDraft {
        copies: Some(vec!["nobody".into()]),
        ..draft(&l, None)
    };
    let error = letters::create(&mut l.desk.cabinet, &unknown_copy).unwrap_err();
    assert!(error.to_string().contains("n'existe plus"), "{error}");
    assert!(reports::for_patient(&l.desk.cabinet, &l.patient)
        .unwrap()
        .is_empty());

    // By hand: something sent that Carnet did not write.
    let entry = ManualEntry {
        sending: Sending {
            channel: Channel::MainPropre,
            sent_on: Some("01/12/2026".into()),
        },
        recipient: "  Laboratoire   Bio-Ouest ".into(),
        address: String::new(),
        correspondant_id: None,
        patient_id: Some(l.patient.clone()),
        subject: "résultats de biologie".into(),
    };
    for (broken, word) in [
        (
            ManualEntry {
                recipient: " ".into(),
                ..entry.clone()
            },
            "destinataire",
        ),
        (
            ManualEntry {
                subject: "".into(),
                ..entry.clone()
            },
            "objet",
        ),
        (
            ManualEntry {
                sending: Sending {
                    channel: Channel::Poste,
                    sent_on: Some("32/13/2026".into()),
                },
                ..entry.clone()
            },
            "date",
        ),
    ] {
        let error = outgoing::record(&mut l.desk.cabinet, &broken).unwrap_err();
        assert!(
            error.to_string().to_lowercase().contains(word),
            "{word}: {error}"
        );
    }
    assert!(
        outgoing::register(&l.desk.cabinet, &RegisterQuery::default())
            .unwrap()
            .is_empty()
    );
    outgoing::record(&mut l.desk.cabinet, &entry).unwrap();
    let lines = outgoing::register(
        &l.desk.cabinet,
        &RegisterQuery {
            from: Some("01/12/2026".into()),
            to: Some("2026-12-01".into()),
            ..RegisterQuery::default()
        },
    )
    .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].recipient, "Laboratoire Bio-Ouest");
    assert_eq!(lines[0].channel_label, "remis en main propre");
}
