//! Patients in a real encrypted cabinet: creation, duplicates, the search a
//! secretary does on the phone, history, merge, archive, retention, CSV.

use carnet_core::patients::search::{search, MatchKind, SearchOptions};
use carnet_core::patients::transfer::{self, ImportMode};
use carnet_core::patients::{
    self, duplicates, merge, retention, PatientDraft, PhoneDraft, PhoneKind,
};
use carnet_core::{demo, Cabinet, CoreError, ErrorKind};

use crate::util::Workspace;

fn draft(birth_name: &str, first_names: &str, birth_date: &str, sex: &str) -> PatientDraft {
    PatientDraft {
        birth_name: birth_name.into(),
        birth_first_names: first_names.into(),
        birth_date: birth_date.into(),
        sex: sex.into(),
        identity_status: "provisoire".into(),
        ..PatientDraft::default()
    }
}

fn with_phone(mut draft: PatientDraft, number: &str) -> PatientDraft {
    draft.phones.push(PhoneDraft {
        kind: PhoneKind::Mobile,
        number: number.into(),
    });
    draft
}

fn names(hits: &[carnet_core::patients::search::PatientHit]) -> Vec<String> {
    hits.iter().map(|h| h.display_name.clone()).collect()
}

/// A small cabinet with the people of the examples.
fn cabinet_with_people(workspace: &Workspace) -> Cabinet {
    let (_, mut cabinet) = workspace.create("patients.carnet");
    let people = [
        with_phone(
            PatientDraft {
                used_name: Some("Lefèvre".into()),
                ..draft("Durand", "Marie Hélène", "03/03/1962", "F")
            },
            "06 12 34 56 78",
        ),
        with_phone(
            draft("Lefebvre", "Paul", "12/07/1980", "M"),
            "07 98 76 54 32",
        ),
        draft("Lefort", "Marie", "01/02/1990", "F"),
        draft("Dupont", "Jean-Pierre", "15/05/1955", "M"),
        draft("Dupond", "Philippe", "20/10/1971", "M"),
        draft("Gautier", "Mathieu", "05/05/2005", "M"),
        draft("Martin", "Lefèvre", "30/01/1944", "F"),
    ];
    for person in people {
        patients::create(&mut cabinet, &person, false).unwrap();
    }
    cabinet
}

#[test]
fn the_phone_call_search_finds_the_right_file() {
    let workspace = Workspace::new();
    let cabinet = cabinet_with_people(&workspace);
    let find = |query: &str| {
        search(&cabinet, query, SearchOptions::default())
            .unwrap()
            .hits
    };

    // Prefix on every word, accents and case ignored.
    assert_eq!(
        names(&find("lef mar")),
        [
            "LEFÈVRE (née DURAND) Marie",
            "LEFORT Marie",
            "MARTIN Lefèvre"
        ]
    );
    // Date of birth, typed every way.
    for typed in ["03/03/1962", "3/3/62", "03/1962", "1962"] {
        assert_eq!(
            names(&find(typed)),
            ["LEFÈVRE (née DURAND) Marie"],
            "{typed}"
        );
    }
    assert_eq!(names(&find("lefebvre 1980")), ["LEFEBVRE Paul"]);
    // Phone digits, any run of them.
    assert_eq!(names(&find("0612")), ["LEFÈVRE (née DURAND) Marie"]);
    assert_eq!(names(&find("12 34 56")), ["LEFÈVRE (née DURAND) Marie"]);
    assert_eq!(find("98 76")[0].phone.as_deref(), Some("07 98 76 54 32"));
    // Nothing for an impossible date, and no crash on FTS syntax.
    assert!(find("31/02/1962").is_empty());
    assert!(find("\"lef* OR").len() <= 3);
}

#[test]
fn what_she_hears_finds_what_was_written_exact_first() {
    let workspace = Workspace::new();
    let cabinet = cabinet_with_people(&workspace);
    let hits = search(&cabinet, "lefevre", SearchOptions::default())
        .unwrap()
        .hits;
    // Exact (Lefèvre, used name; and Lefèvre as a first name) before the
    // phonetic match (Lefebvre).
    let kinds: Vec<_> = hits
        .iter()
        .map(|h| (h.display_name.as_str(), h.matched))
        .collect();
    assert_eq!(kinds[0].1, MatchKind::Exact);
    assert!(
        kinds.contains(&("LEFEBVRE Paul", MatchKind::Phonetic)),
        "{kinds:?}"
    );
    let position_of = |name: &str| kinds.iter().position(|(n, _)| *n == name).unwrap();
    assert!(position_of("LEFÈVRE (née DURAND) Marie") < position_of("LEFEBVRE Paul"));

    let dupon = search(&cabinet, "dupon", SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(dupon.len(), 2, "{:?}", names(&dupon));
    let filipe = search(&cabinet, "filipe dupond", SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(names(&filipe), ["DUPOND Philippe"]);
    let gotier = search(&cabinet, "gotier matieu", SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(names(&gotier), ["GAUTIER Mathieu"]);
}

#[test]
fn a_near_duplicate_is_caught_before_saving() {
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    // Same birthday, name spelled as heard, same first name.
    let typed = draft("Lefèbvre", "Paul", "12/07/1980", "M");
    let error = patients::create(&mut cabinet, &typed, false).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::LikelyDuplicate);
    let identity = patients::validate(&typed, cabinet.today()).unwrap();
    let candidates = duplicates::candidates(&cabinet, &identity).unwrap();
    assert_eq!(candidates.len(), 1);
    assert!(candidates[0].likely);
    assert!(candidates[0]
        .reasons
        .iter()
        .any(|r| r.contains("même date")));
    // Day and month swapped is a classic slip.
    let swapped = patients::validate(
        &draft("Lefebvre", "Paul", "07/12/1980", "M"),
        cabinet.today(),
    )
    .unwrap();
    assert!(duplicates::candidates(&cabinet, &swapped).unwrap()[0].reasons[0].contains("inversés"));
    // A twin (same name and date, another first name) is shown, not blocking.
    let twin = draft("Lefebvre", "Pierre", "12/07/1980", "M");
    let created = patients::create(&mut cabinet, &twin, false).unwrap();
    assert!(!created.id.is_empty());
    // Confirmed as someone else: saved.
    patients::create(&mut cabinet, &typed, true).unwrap();
}

#[test]
fn every_change_is_in_the_history_and_archived_files_leave_the_search() {
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    let id = search(&cabinet, "gautier", SearchOptions::default())
        .unwrap()
        .hits[0]
        .id
        .clone();
    let mut file = patients::get(&cabinet, &id).unwrap();
    assert_eq!(file.draft.birth_date, "05/05/2005");
    file.draft.used_first_name = Some("Matt".into());
    file.draft.phones.push(PhoneDraft {
        kind: PhoneKind::Domicile,
        number: "01 23 45 67 89".into(),
    });
    file.draft.alerts.push("malentendant".into());
    patients::update(&mut cabinet, &id, &file.draft).unwrap();

    let history = patients::history(&cabinet, &id).unwrap();
    assert_eq!(history[0].action, "creation");
    let changed: Vec<_> = history.iter().filter_map(|h| h.field.clone()).collect();
    assert_eq!(changed, ["used_first_name", "phones", "alerts"]);
    let first_name = history
        .iter()
        .find(|h| h.field.as_deref() == Some("used_first_name"))
        .unwrap();
    assert_eq!(first_name.old_value, None);
    assert_eq!(first_name.new_value.as_deref(), Some("Matt"));
    assert_eq!(first_name.field_label.as_deref(), Some("Prénom utilisé"));
    let reread = patients::get(&cabinet, &id).unwrap();
    assert_eq!(reread.alerts, ["malentendant"]);
    assert_eq!(reread.phones[0].number, "01 23 45 67 89");
    // The search index follows the change.
    assert_eq!(
        search(&cabinet, "matt", SearchOptions::default())
            .unwrap()
            .hits
            .len(),
        1
    );

    patients::set_archived(&mut cabinet, &id, true).unwrap();
    assert!(search(&cabinet, "gautier", SearchOptions::default())
        .unwrap()
        .hits
        .is_empty());
    let with_archived = SearchOptions {
        include_archived: true,
        ..SearchOptions::default()
    };
    assert!(search(&cabinet, "gautier", with_archived).unwrap().hits[0].archived);
    patients::set_archived(&mut cabinet, &id, false).unwrap();
    assert_eq!(
        search(&cabinet, "gautier", SearchOptions::default())
            .unwrap()
            .hits
            .len(),
        1
    );
}

#[test]
fn a_merge_loses_nothing_and_stays_traceable() {
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    let kept = search(&cabinet, "lefebvre paul", SearchOptions::default())
        .unwrap()
        .hits[0]
        .id
        .clone();
    let mut second = with_phone(
        draft("Lefebre", "Paul", "12/07/1980", "M"),
        "06 00 00 00 01",
    );
    second.email = Some("paul@example.fr".into());
    second.alerts = vec!["vient accompagné".into()];
    let removed = patients::create(&mut cabinet, &second, true).unwrap().id;

    let differences = merge::compare(&cabinet, &kept, &removed).unwrap();
    let fields: Vec<_> = differences.iter().map(|d| d.field.as_str()).collect();
    assert!(
        fields.contains(&"birth_name") && fields.contains(&"email"),
        "{fields:?}"
    );
    merge::merge(&mut cabinet, &kept, &removed, &["email".to_string()]).unwrap();

    let file = patients::get(&cabinet, &kept).unwrap();
    assert_eq!(file.draft.birth_name, "Lefebvre", "kept where not chosen");
    assert_eq!(
        file.draft.email.as_deref(),
        Some("paul@example.fr"),
        "taken where chosen"
    );
    let numbers: Vec<_> = file.phones.iter().map(|p| p.number.clone()).collect();
    assert_eq!(numbers, ["07 98 76 54 32", "06 00 00 00 01"]);
    assert_eq!(file.alerts, ["vient accompagné"]);
    let gone = patients::get(&cabinet, &removed).unwrap();
    assert_eq!(gone.merged_into.as_deref(), Some(kept.as_str()));
    assert!(patients::history(&cabinet, &kept)
        .unwrap()
        .iter()
        .any(|h| h.action == "fusion"));
    assert!(patients::history(&cabinet, &removed)
        .unwrap()
        .iter()
        .any(|h| h.action == "fusion"));
    let found = search(&cabinet, "lefebvre paul", SearchOptions::default())
        .unwrap()
        .hits;
    assert_eq!(found.len(), 1, "the removed file is out of the search");
    assert!(matches!(
        merge::merge(&mut cabinet, &kept, &removed, &[]),
        Err(CoreError::InvalidInput { field: "merge", .. })
    ));
}

#[test]
fn files_past_retention_are_proposed_and_deleted_only_on_confirmation() {
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    let old = PatientDraft {
        last_visit_on: Some("10/01/1999".into()),
        ..draft("Ancien", "Louis", "01/01/1930", "M")
    };
    let id = patients::create(&mut cabinet, &old, false).unwrap().id;
    let expired = retention::expired_files(&cabinet).unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].retention.until, "10/01/2019");
    assert!(retention::delete_expired(&mut cabinet, &id, false).is_err());
    let recent = search(&cabinet, "gautier", SearchOptions::default())
        .unwrap()
        .hits[0]
        .id
        .clone();
    assert!(
        retention::delete_expired(&mut cabinet, &recent, true).is_err(),
        "not past retention"
    );
    retention::delete_expired(&mut cabinet, &id, true).unwrap();
    assert!(patients::get(&cabinet, &id).is_err());
    assert!(search(&cabinet, "ancien", SearchOptions::default())
        .unwrap()
        .hits
        .is_empty());
}

const GOOD_CSV: &str = "Nom;Prénom;Date de naissance;Sexe;Téléphone;N° Sécurité sociale\n\
Bénard;Chloé;14/02/1988;F;06 11 22 33 44;\n\
Le Goff;Jean-Pierre;02/11/1950;M;;\n";

#[test]
fn import_is_all_or_nothing_and_lists_every_bad_line() {
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    let before = patients::count(&cabinet).unwrap();
    let csv = format!(
        "{GOOD_CSV}\
Sans;Date;;F;;\n\
Impossible;Date;31/02/1970;M;;\n\
Mauvais;Nir;01/01/1970;M;;1 70 01 75 111 005 00\n\
;Anonyme;01/01/1970;M;;\n\
Trop;Court;01/01/1970;M;06 12;\n\
Durand;Marie;03/03/1962;F;;\n\
Bénard;Chloé;14/02/1988;F;;\n"
    );
    let preview = transfer::preview(csv.as_bytes()).unwrap();
    let report = transfer::import(
        &mut cabinet,
        csv.as_bytes(),
        &preview.mapping,
        ImportMode::DryRun,
        &mut |_, _| {},
    )
    .unwrap();
    let reasons: Vec<(usize, String)> = report
        .bad_lines
        .iter()
        .map(|b| (b.line, b.reason.clone()))
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert!(reasons[0].1.contains("date de naissance"), "{reasons:?}");
    assert!(reasons[1].1.contains("n'existe pas"));
    assert!(reasons[2].1.contains("clé"));
    assert!(reasons[3].1.contains("nom de naissance"));
    assert!(reasons[4].1.contains("téléphone"));
    assert_eq!(reasons[0].0, 4, "line numbers count the header as line 1");
    let duplicate_lines: Vec<usize> = report.likely_duplicates.iter().map(|d| d.line).collect();
    assert_eq!(duplicate_lines, [9, 10], "{:?}", report.likely_duplicates);

    let refused = transfer::import(
        &mut cabinet,
        csv.as_bytes(),
        &preview.mapping,
        ImportMode::AllOrNothing,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(refused.imported, 0);
    assert_eq!(
        patients::count(&cabinet).unwrap(),
        before,
        "nothing changed"
    );

    let skipped = transfer::import(
        &mut cabinet,
        csv.as_bytes(),
        &preview.mapping,
        ImportMode::SkipBadLines,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(skipped.imported, 2);
    assert_eq!(patients::count(&cabinet).unwrap(), before + 2);
    assert_eq!(
        search(&cabinet, "benard", SearchOptions::default())
            .unwrap()
            .hits[0]
            .phone
            .as_deref(),
        Some("06 11 22 33 44")
    );
}

#[test]
fn export_then_import_gives_the_same_people() {
    let workspace = Workspace::new();
    let (_, mut source) = workspace.create("source.carnet");
    demo::add_patients(&mut source, 300, 9, &mut |_, _| {}).unwrap();
    let exported = transfer::export(&source).unwrap();
    assert!(exported.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    assert!(String::from_utf8_lossy(&exported)
        .lines()
        .next()
        .unwrap()
        .contains(';'));

    let (_, mut target) = workspace.create("cible.carnet");
    let preview = transfer::preview(&exported).unwrap();
    let report = transfer::import(
        &mut target,
        &exported,
        &preview.mapping,
        ImportMode::AllOrNothing,
        &mut |_, _| {},
    )
    .unwrap();
    assert!(report.bad_lines.is_empty(), "{:?}", report.bad_lines);
    // Demo twins with the same first name would be flagged; none were lost silently.
    assert_eq!(report.imported + report.likely_duplicates.len(), 300);
    let list = |cabinet: &Cabinet| {
        let mut rows: Vec<String> = patients::list(cabinet, "", 1000)
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {} {}", r.display_name, r.birth_date, r.sex))
            .collect();
        rows.sort();
        rows
    };
    if report.likely_duplicates.is_empty() {
        assert_eq!(list(&source), list(&target));
    }
    let reexported = transfer::export(&target).unwrap();
    if report.likely_duplicates.is_empty() {
        assert_eq!(exported, reexported);
    }
}

#[test]
fn a_gp_from_the_directory_is_linked_and_shown() {
    use carnet_core::correspondants::{self, CorrespondantDraft, CorrespondantKind};
    let workspace = Workspace::new();
    let mut cabinet = cabinet_with_people(&workspace);
    let gp = correspondants::create(
        &mut cabinet,
        &CorrespondantDraft {
            kind: CorrespondantKind::Medecin,
            name: "Dr Anne Roux".into(),
            specialty: Some("Médecine générale".into()),
            phone: Some("01 23 45 67 89".into()),
            ..CorrespondantDraft::default()
        },
    )
    .unwrap();
    assert_eq!(correspondants::list(&cabinet, "roux").unwrap().len(), 1);
    assert_eq!(correspondants::list(&cabinet, "generale").unwrap().len(), 1);
    let bad = correspondants::create(
        &mut cabinet,
        &CorrespondantDraft {
            kind: CorrespondantKind::Medecin,
            name: "Dr X".into(),
            rpps: Some("123".into()),
            ..CorrespondantDraft::default()
        },
    );
    assert!(matches!(
        bad,
        Err(CoreError::InvalidInput { field: "rpps", .. })
    ));

    let id = search(&cabinet, "gautier", SearchOptions::default())
        .unwrap()
        .hits[0]
        .id
        .clone();
    let mut file = patients::get(&cabinet, &id).unwrap();
    file.draft.gp_id = Some(gp.clone());
    patients::update(&mut cabinet, &id, &file.draft).unwrap();
    let file = patients::get(&cabinet, &id).unwrap();
    assert_eq!(file.gp.unwrap().name, "Dr Anne Roux");
    let mut unknown = file.draft.clone();
    unknown.referrer_id = Some("inconnu".into());
    assert!(matches!(
        patients::update(&mut cabinet, &id, &unknown),
        Err(CoreError::InvalidInput {
            field: "referrerId",
            ..
        })
    ));
}

/// The search ranks names from a directory kept in memory and updated as
/// patients are written: after any mix of creations, renames, archiving and
/// merges, it answers exactly as a freshly opened cabinet does.
#[test]
fn the_in_memory_directory_follows_every_write() {
    let workspace = Workspace::new();
    let (path, mut cabinet) = workspace.create("annuaire.carnet");
    let surnames = [
        "Martin", "Marchand", "Lefèvre", "Lefebvre", "Dubois", "Ma", "Le Goff",
    ];
    let given = ["Marie", "Jean", "Léa", "Mathis", "Anne"];
    let queries = [
        "m", "ma", "le", "d", "martin", "lefevre", "mar jea", "le goff", "marie", "dubua",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut ids: Vec<String> = Vec::new();
    let mut results_before_reopen = Vec::new();
    for round in 0..4 {
        // Loaded by the first search of the round, then kept up to date.
        search(&cabinet, "m", SearchOptions::default()).unwrap();
        for _ in 0..25 {
            match next(5) {
                0 | 1 => {
                    let mut person = draft(
                        surnames[next(surnames.len())],
                        given[next(given.len())],
                        &format!("{:02}/0{}/19{}", 1 + next(27), 1 + next(9), 40 + next(60)),
                        "F",
                    );
                    if next(3) == 0 {
                        person.used_name = Some(surnames[next(surnames.len())].into());
                    }
                    ids.push(patients::create(&mut cabinet, &person, true).unwrap().id);
                }
                2 if !ids.is_empty() => {
                    let id = &ids[next(ids.len())];
                    let mut file = patients::get(&cabinet, id).unwrap();
                    file.draft.birth_name = surnames[next(surnames.len())].into();
                    file.draft.birth_first_names = given[next(given.len())].into();
                    file.draft.phones = vec![PhoneDraft {
                        kind: PhoneKind::Mobile,
                        number: format!("06 12 34 56 {:02}", next(100)),
                    }];
                    let _ = patients::update(&mut cabinet, id, &file.draft);
                }
                3 if !ids.is_empty() => {
                    let id = &ids[next(ids.len())];
                    let _ = patients::set_archived(&mut cabinet, id, next(2) == 0);
                }
                4 if ids.len() >= 2 => {
                    let keep = ids[next(ids.len())].clone();
                    let remove = ids[next(ids.len())].clone();
                    if keep != remove && merge::merge(&mut cabinet, &keep, &remove, &[]).is_ok() {
                        ids.retain(|id| *id != remove);
                    }
                }
                _ => {}
            }
        }
        let every_line = |cabinet: &Cabinet| -> Vec<String> {
            queries
                .iter()
                .map(|q| {
                    format!(
                        "{:?}",
                        search(cabinet, q, SearchOptions::default()).unwrap().hits
                    )
                })
                .collect()
        };
        let live = every_line(&cabinet);
        cabinet.close();
        // Opened again on the same clock: ages are the same day's.
        cabinet = Cabinet::open(&path, &crate::util::passphrase())
            .unwrap()
            .with_clock(crate::util::clock());
        let fresh = every_line(&cabinet);
        assert_eq!(
            live, fresh,
            "round {round}: the live search differs from a fresh one"
        );
        results_before_reopen.push(live);
    }
    // The rounds did change what the search finds (the test exercised it).
    assert!(results_before_reopen.windows(2).any(|w| w[0] != w[1]));
    assert!(results_before_reopen.last().unwrap()[0].contains("06 12 34 56"));
}

/// The ranking she expects, case by case: what she hears on the phone is a
/// surname or the start of a mobile number, and that file must be on top
/// even when many others match the same letters or digits.
#[test]
fn the_search_ranks_as_the_secretary_thinks() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("rang.carnet");
    let mut create = |draft: PatientDraft| {
        patients::create(&mut cabinet, &draft, true).unwrap();
    };
    // Thirty men called Alain and twenty-five women whose NIR holds the
    // digits 0612, all listed before the right file in name order.
    let surname = |i: usize| {
        format!(
            "Ab{}{}",
            char::from(b'a' + (i / 26) as u8),
            char::from(b'a' + (i % 26) as u8)
        )
    };
    for i in 0..30 {
        create(draft(&surname(i), "Alain", "01/01/1950", "M"));
    }
    for i in 0..25 {
        let nir = carnet_core::nir::with_key(&format!("2600375061{:03}", 200 + i)).unwrap();
        create(PatientDraft {
            nir: Some(nir),
            ..draft(&surname(100 + i), "Zoé", "01/03/1960", "F")
        });
    }
    let nir = carnet_core::nir::with_key("1600375123101").unwrap();
    create(PatientDraft {
        nir: Some(nir),
        ..draft("Aaron", "Paul", "01/03/1960", "M")
    });
    create(draft("Allain", "Jeanne", "12/04/1948", "F"));
    create(draft("Alain", "Louis", "03/09/1971", "M"));
    create(with_phone(
        draft("Vasseur", "Odile", "08/08/1958", "F"),
        "06 12 34 56 78",
    ));
    create(with_phone(
        draft("Weber", "Yves", "09/09/1969", "M"),
        "01 40 61 23 10",
    ));
    create(draft("Martin", "Paul", "04/04/1944", "M"));
    create(draft("Martineau", "Rose", "05/05/1955", "F"));
    create(draft("Abel", "Martine", "06/06/1966", "F"));
    create(draft("Lefèvre", "Marie", "07/07/1977", "F"));
    create(draft("Lefort", "Marc", "08/08/1988", "M"));
    create(draft("Lefebvre", "Paul", "09/09/1999", "M"));
    cabinet.wait_for_search_directory();

    let twenty = SearchOptions {
        limit: 20,
        ..SearchOptions::default()
    };
    let top = |query: &str, count: usize| -> Vec<String> {
        let found = search(&cabinet, query, twenty).unwrap();
        names(&found.hits[..count.min(found.hits.len())])
    };
    // « alain »: the surnames first (the exact one, then Mrs Allain who
    // sounds the same), then the thirty first names.
    assert_eq!(
        top("alain", 3),
        ["ALAIN Louis", "ALLAIN Jeanne", "ABAA Alain"]
    );
    let alain = search(&cabinet, "alain", twenty).unwrap();
    assert_eq!(
        (alain.hits.len(), alain.total, alain.total_is_exact),
        (20, 32, true)
    );
    // « mart »: the surnames starting so, then the first name.
    let mart = search(&cabinet, "mart", SearchOptions::default()).unwrap();
    assert_eq!(
        names(&mart.hits),
        ["MARTIN Paul", "MARTINEAU Rose", "ABEL Martine"]
    );
    // Digits: the mobile starting with them, the phone holding them, then
    // the NIRs — never twenty NIRs hiding the caller's own number.
    assert_eq!(top("0612", 3), ["VASSEUR Odile", "WEBER Yves", "ABDW Zoé"]);
    assert_eq!(search(&cabinet, "0612", twenty).unwrap().total, 27);
    assert_eq!(top("1231", 2), ["WEBER Yves", "AARON Paul"]);
    // Two words: both must match, a surname and a first name.
    assert_eq!(top("lef mar", 5), ["LEFÈVRE Marie", "LEFORT Marc"]);
}
