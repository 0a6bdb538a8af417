//! Reports from dictation, on real encrypted files: the recording stored
//! inside, the work list, statuses and who may validate, frozen versions,
//! moving a misfiled report, the full-text search, existing reports brought
//! in, the retention of recordings.

use std::path::Path;

use carnet_core::clock::Clock;
use carnet_core::documents::audio::{self, AudioFormat};
use carnet_core::documents::import::{self, ImportDetails};
use carnet_core::documents::reports::{self, ReportDetails};
use carnet_core::documents::search::{self, ReportQuery};
use carnet_core::documents::{retention, worklist, Priority, ReportKind, ReportStatus};
use carnet_core::patients::{self, PatientDraft};
use carnet_core::users::{self, Pin, Role, UserDraft};
use carnet_core::{practitioners, Cabinet, CoreError};

use crate::util::{Workspace, PASSPHRASE};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/audio");

/// A recording of `seconds` whose samples are drawn from `seed`.
pub fn wav(seconds: u32, seed: u64) -> Vec<u8> {
    carnet_core::documents::demo::dictation_wav(seconds, seed)
}

pub struct Desk {
    pub cabinet: Cabinet,
    pub path: std::path::PathBuf,
    pub author_id: String,
    pub doctor_user: String,
    pub patient_id: String,
}

pub const DOCTOR_PIN: &str = "482193";

fn patient(cabinet: &mut Cabinet, birth_name: &str, first: &str, birth: &str, sex: &str) -> String {
    patients::create(
        cabinet,
        &PatientDraft {
            birth_name: birth_name.into(),
            birth_first_names: first.into(),
            birth_date: birth.into(),
            sex: sex.into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        },
        true,
    )
    .unwrap()
    .id
}

/// A cabinet with the secretary (administrator, no practitioner), the
/// doctor's own profile linked to the practitioner, and one patient.
pub fn desk(workspace: &Workspace) -> Desk {
    let (path, mut cabinet) = workspace.create("documents.carnet");
    users::adopt_single_user(&mut cabinet).unwrap();
    let secretary = users::current(&cabinet).unwrap().unwrap();
    users::set_pin(&mut cabinet, &secretary.id, &Pin::new("258046")).unwrap();
    let doctor = users::create(
        &mut cabinet,
        &UserDraft {
            name: "Dr Hélène Lefèvre".into(),
            role: Role::Utilisateur,
        },
        &Pin::new(DOCTOR_PIN),
    )
    .unwrap();
    let author_id = practitioners::list(&cabinet).unwrap()[0].id.clone();
    practitioners::link_user(&mut cabinet, &doctor.id, Some(&author_id)).unwrap();
    let patient_id = patient(&mut cabinet, "Bérénice", "Éloïse", "12/03/1956", "F");
    Desk {
        cabinet,
        path,
        author_id,
        doctor_user: doctor.id,
        patient_id,
    }
}

pub fn details(desk: &Desk, priority: Priority, due: Option<&str>) -> ReportDetails {
    ReportDetails {
        patient_id: Some(desk.patient_id.clone()),
        author_id: desk.author_id.clone(),
        kind: ReportKind::Consultation,
        priority,
        due_on: due.map(String::from),
        note: String::new(),
        consultation_on: Some("2028-02-28".into()),
    }
}

fn doc(text: &str) -> serde_json::Value {
    serde_json::json!({"type": "doc", "content": text.split('\n').map(|p|
        serde_json::json!({"type": "paragraph", "content": [{"type": "text", "text": p}]})
    ).collect::<Vec<_>>()})
}

pub fn dictation(desk: &mut Desk, priority: Priority, due: Option<&str>, seed: u64) -> String {
    let checked = audio::check(wav(3, seed), "DICT0001.WAV").unwrap();
    let details = details(desk, priority, due);
    reports::import_dictation(&mut desk.cabinet, &checked, &details).unwrap()
}

#[test]
fn each_recording_format_is_recognised_and_measured() {
    for (file, format, seconds) in [
        ("dictee.mp3", AudioFormat::Mp3, 7.6),
        ("dictee.ogg", AudioFormat::OggVorbis, 7.6),
        ("dictee.opus", AudioFormat::OggOpus, 7.6),
    ] {
        let checked = audio::read_file(&Path::new(FIXTURES).join(file)).unwrap();
        assert_eq!(checked.format, format, "{file}");
        let measured = checked.duration_ms as f64 / 1000.0;
        assert!(
            (measured - seconds).abs() < 0.2,
            "{file}: {measured} s, expected {seconds}"
        );
    }
    let checked = audio::check(wav(3, 1), "a.wav").unwrap();
    assert_eq!(
        (checked.format, checked.duration_ms),
        (AudioFormat::Wav, 3000)
    );
}

#[test]
fn bad_recordings_are_refused_in_french_and_nothing_is_written() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let refused = |bytes: Vec<u8>, name: &str| audio::check(bytes, name).unwrap_err().to_string();
    // Not audio at all.
    let text = refused(
        b"Bonjour, ceci est un courrier, pas une dictee.".to_vec(),
        "note.mp3",
    );
    assert!(
        text.contains("n'est pas un fichier audio reconnu"),
        "{text}"
    );
    // A copy cut in the middle: WAV and MP3 (a VBR MP3, whose Xing tag says
    // how long it is; a constant-rate MP3 without that tag cut between two
    // frames is a valid, shorter MP3, and plays as such).
    let mut cut = wav(4, 2);
    cut.truncate(cut.len() / 3);
    let text = refused(cut, "cut.wav");
    assert!(text.contains("tronqué"), "{text}");
    let mp3 = std::fs::read(Path::new(FIXTURES).join("dictee.mp3")).unwrap();
    let text = refused(mp3[..mp3.len() / 2].to_vec(), "cut.mp3");
    assert!(text.contains("tronqué"), "{text}");
    // Olympus DSS: named, with what to do.
    let mut dss = vec![0x02, b'd', b's', b's'];
    dss.extend(std::iter::repeat_n(0u8, 600));
    let text = refused(dss, "DS400001.DSS");
    assert!(text.contains("format DSS"), "{text}");
    assert!(text.contains("Rien n'a été importé"), "{text}");
    // 2 GB: refused before reading (a sparse file: nothing to read anyway).
    let huge = workspace.path("huge.wav");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(2_000_000_000)
        .unwrap();
    let text = audio::read_file(&huge).unwrap_err().to_string();
    assert!(
        text.starts_with("Fichier trop volumineux (2000 Mo)"),
        "{text}"
    );
    assert_eq!(worklist::counts(&desk.cabinet).unwrap().to_type, 0);
    // A report for a patient that does not exist is refused too.
    let checked = audio::check(wav(2, 3), "a.wav").unwrap();
    let mut bad = details(&desk, Priority::Normal, None);
    bad.patient_id = Some("0190aaaa-0000-7000-8000-000000000000".into());
    let error = reports::import_dictation(&mut desk.cabinet, &checked, &bad).unwrap_err();
    assert!(error.to_string().contains("n'existe plus"), "{error}");
    assert_eq!(worklist::counts(&desk.cabinet).unwrap().to_type, 0);
}

#[test]
fn the_work_list_puts_urgent_first_then_due_dates_and_shows_what_is_late() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let later = dictation(&mut desk, Priority::Normal, Some("2028-03-10"), 1);
    let none = dictation(&mut desk, Priority::Normal, None, 2);
    let soon = dictation(&mut desk, Priority::Normal, Some("2028-03-01"), 3);
    let urgent = dictation(&mut desk, Priority::Urgent, None, 4);
    let late = dictation(&mut desk, Priority::Normal, Some("2028-02-20"), 5);
    let list = worklist::work_list(&desk.cabinet, None).unwrap();
    let order: Vec<&str> = list.to_type.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(order, [&urgent, &late, &soon, &later, &none]);
    assert_eq!(list.late.len(), 1);
    assert_eq!(list.late[0].id, late);
    assert_eq!(list.to_type[0].duration_ms, Some(3000));
    assert_eq!(
        list.to_type[0].patient_label,
        "BÉRÉNICE Éloïse (12/03/1956)"
    );
    let counts = worklist::counts(&desk.cabinet).unwrap();
    assert_eq!(
        (
            counts.to_type,
            counts.urgent,
            counts.to_validate,
            counts.late
        ),
        (5, 1, 0, 1)
    );
}

#[test]
fn only_the_author_validates_with_her_pin_and_the_version_is_frozen() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    // Nothing typed: not sent to the doctor.
    assert!(reports::set_status(&mut desk.cabinet, &id, ReportStatus::ARelire).is_err());
    let saved = reports::save_body(&mut desk.cabinet, &id, &doc("Douleurs thoraciques.")).unwrap();
    assert_eq!((saved.version, saved.status), (1, ReportStatus::EnCours));
    reports::save_body(
        &mut desk.cabinet,
        &id,
        &doc("Douleurs thoraciques atypiques."),
    )
    .unwrap();
    reports::set_status(&mut desk.cabinet, &id, ReportStatus::ARelire).unwrap();
    let waiting = worklist::work_list(&desk.cabinet, Some(&desk.author_id)).unwrap();
    assert_eq!(waiting.to_validate.len(), 1);
    // Validation cannot be set by hand.
    let error = reports::set_status(&mut desk.cabinet, &id, ReportStatus::Valide).unwrap_err();
    assert!(
        error.to_string().contains("Seul le médecin auteur"),
        "{error}"
    );
    // The secretary is not the author, even with her right PIN.
    let secretary = users::current(&desk.cabinet).unwrap().unwrap();
    let error =
        reports::validate(&mut desk.cabinet, &id, &secretary.id, &Pin::new("258046")).unwrap_err();
    assert!(
        error.to_string().contains("Seul le médecin auteur"),
        "{error}"
    );
    // The doctor with a wrong PIN: refused, written in the trail.
    let doctor = desk.doctor_user.clone();
    assert!(matches!(
        reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new("000111")),
        Err(CoreError::WrongPin)
    ));
    assert_eq!(
        reports::get(&desk.cabinet, &id).unwrap().status,
        ReportStatus::ARelire
    );
    // The doctor with her PIN: validated, and the secretary still at the desk.
    let validation =
        reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
    assert_eq!(validation.validator_name, "Dr Hélène Lefèvre");
    assert_eq!(
        users::current(&desk.cabinet).unwrap().unwrap().id,
        secretary.id
    );
    let report = reports::get(&desk.cabinet, &id).unwrap();
    assert_eq!(report.status, ReportStatus::Valide);
    let statuses: Vec<_> = report.history.iter().map(|h| h.status).collect();
    assert_eq!(
        statuses,
        [
            ReportStatus::ATaper,
            ReportStatus::EnCours,
            ReportStatus::ARelire,
            ReportStatus::Valide
        ]
    );
    assert_eq!(report.history[3].user_name, "Dr Hélène Lefèvre");
    let v1 = reports::version(&desk.cabinet, &id, 1).unwrap();
    assert_eq!(
        reports::fingerprint(&serde_json::to_string(&v1.body).unwrap()),
        v1.validation.as_ref().unwrap().sha256
    );
    // Validated twice: no.
    assert!(reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).is_err());
    // A correction opens version 2; version 1 stays as validated.
    let saved = reports::save_body(
        &mut desk.cabinet,
        &id,
        &doc("Douleurs thoraciques typiques."),
    )
    .unwrap();
    assert_eq!(
        (saved.version, saved.status, saved.new_version),
        (2, ReportStatus::EnCours, true)
    );
    assert_eq!(reports::version(&desk.cabinet, &id, 1).unwrap(), v1);
    let report = reports::get(&desk.cabinet, &id).unwrap();
    assert_eq!(report.versions.len(), 2);
    assert!(report.versions[0].validation.is_some());
    assert!(report.versions[1].validation.is_none());
    // Frozen whatever the code path: the file refuses to rewrite it.
    let outside = rusqlite::Connection::open(&desk.path).unwrap();
    outside
        .execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))
        .unwrap();
    let error = outside
        .execute(
            "UPDATE report_versions SET body = '{}' WHERE report_id = ?1 AND number = 1",
            [&id],
        )
        .unwrap_err();
    assert!(error.to_string().contains("version validée"), "{error}");
}

#[test]
fn a_report_with_a_template_field_left_to_complete_is_not_validated() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let id = dictation(&mut desk, Priority::Normal, None, 3);
    // A template filled for a patient without a referring doctor leaves
    // the field as a flagged node (printed « [à compléter : …] »).
    let label = carnet_core::templates::fields::find("referrer.name")
        .unwrap()
        .label;
    let with_gap = serde_json::json!({"type": "doc", "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "Patiente adressée par "},
        {"type": "mergeField", "attrs": {"field": "referrer.name", "label": label, "missing": true}},
        {"type": "text", "text": " pour douleurs thoraciques."},
    ]}]});
    reports::save_body(&mut desk.cabinet, &id, &with_gap).unwrap();
    reports::set_status(&mut desk.cabinet, &id, ReportStatus::ARelire).unwrap();
    let doctor = desk.doctor_user.clone();
    let error =
        reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap_err();
    assert!(
        error.to_string().contains("Champs à compléter") && error.to_string().contains(label),
        "{error}"
    );
    assert_eq!(
        reports::get(&desk.cabinet, &id).unwrap().status,
        ReportStatus::ARelire,
        "nothing validated"
    );
    // She types the name in its place: the doctor validates.
    reports::save_body(
        &mut desk.cabinet,
        &id,
        &doc("Patiente adressée par le Dr Roux pour douleurs thoraciques."),
    )
    .unwrap();
    reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
}

#[test]
fn a_report_for_a_patient_to_identify_or_merged_is_not_validated() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let checked = audio::check(wav(2, 9), "a.wav").unwrap();
    let mut unknown = details(&desk, Priority::Normal, None);
    unknown.patient_id = None;
    let id = reports::import_dictation(&mut desk.cabinet, &checked, &unknown).unwrap();
    assert_eq!(
        worklist::work_list(&desk.cabinet, None).unwrap().to_type[0].patient_label,
        "Patient à identifier"
    );
    reports::save_body(&mut desk.cabinet, &id, &doc("Texte.")).unwrap();
    reports::set_status(&mut desk.cabinet, &id, ReportStatus::ARelire).unwrap();
    let doctor = desk.doctor_user.clone();
    let error =
        reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap_err();
    assert!(
        error.to_string().contains("Patient à identifier"),
        "{error}"
    );
    // Filed under a patient who is then merged into another: the report
    // follows the kept file (the merge moves it).
    let twin = patient(&mut desk.cabinet, "Berenice", "Eloise", "12/03/1956", "F");
    let mut filed = reports::get(&desk.cabinet, &id).unwrap();
    let mut details = details(&desk, Priority::Normal, None);
    details.patient_id = Some(twin.clone());
    reports::update_details(&mut desk.cabinet, &id, &details).unwrap();
    patients::merge::merge(&mut desk.cabinet, &desk.patient_id, &twin, &[]).unwrap();
    filed = reports::get(&desk.cabinet, &id).unwrap_or(filed);
    assert_eq!(filed.patient_id.as_deref(), Some(desk.patient_id.as_str()));
    reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
}

#[test]
fn a_misfiled_report_moves_with_a_trace_on_both_files() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let other = patient(&mut desk.cabinet, "Martin", "Paul", "01/02/1970", "M");
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    assert!(reports::move_to_patient(&mut desk.cabinet, &id, &other, "  ").is_err());
    reports::move_to_patient(&mut desk.cabinet, &id, &other, "homonyme").unwrap();
    assert_eq!(
        reports::get(&desk.cabinet, &id)
            .unwrap()
            .patient_id
            .as_deref(),
        Some(other.as_str())
    );
    assert!(reports::for_patient(&desk.cabinet, &desk.patient_id)
        .unwrap()
        .is_empty());
    assert_eq!(
        reports::for_patient(&desk.cabinet, &other).unwrap().len(),
        1
    );
    let trail = |patient: &str| {
        carnet_core::audit::entries(
            &desk.cabinet,
            &carnet_core::audit::AuditFilter {
                patient_id: Some(patient.into()),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let out = trail(&desk.patient_id);
    assert!(
        out.iter()
            .any(|e| e.action == "move_out"
                && e.detail.as_deref().unwrap_or("").contains("homonyme")),
        "{out:?}"
    );
    assert!(trail(&other).iter().any(|e| e.action == "move_in"));
}

fn find(cabinet: &Cabinet, text: &str) -> Vec<String> {
    search::search(
        cabinet,
        &ReportQuery {
            text: text.into(),
            ..ReportQuery::default()
        },
    )
    .unwrap()
    .hits
    .into_iter()
    .map(|h| h.report_id)
    .collect()
}

/// Ids as `find` returns them, for comparing.
fn ids(of: &[&String]) -> Vec<String> {
    of.iter().map(|s| s.to_string()).collect()
}

#[test]
fn reports_are_found_by_stem_accent_phrase_and_prefix_with_filters() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let chest = dictation(&mut desk, Priority::Normal, None, 1);
    reports::save_body(
        &mut desk.cabinet,
        &chest,
        &doc("Patiente opérée en 2019.\nDouleur thoracique atypique, électrocardiogramme normal."),
    )
    .unwrap();
    let knee = dictation(&mut desk, Priority::Normal, None, 2);
    reports::save_body(
        &mut desk.cabinet,
        &knee,
        &doc("Gonalgie droite. Douleurs mécaniques du genou, pas de thoracique."),
    )
    .unwrap();
    // Stems: « douleurs » finds « douleur » and the other way round.
    assert_eq!(find(&desk.cabinet, "douleurs"), ids(&[&knee, &chest]));
    // Accents and case.
    assert_eq!(find(&desk.cabinet, "ELECTROCARDIOGRAMME"), ids(&[&chest]));
    assert_eq!(find(&desk.cabinet, "operee"), ids(&[&chest]));
    // Phrase: words in that order only.
    assert_eq!(
        find(&desk.cabinet, "\"douleurs thoraciques\""),
        ids(&[&chest])
    );
    // Prefix.
    assert_eq!(find(&desk.cabinet, "gonalg*"), ids(&[&knee]));
    assert_eq!(find(&desk.cabinet, "électro*"), ids(&[&chest]));
    // « œ » typed or spelled out, in the report or in the query.
    let belly = dictation(&mut desk, Priority::Normal, None, 3);
    reports::save_body(&mut desk.cabinet, &belly, &doc("Cœlioscopie diagnostique.")).unwrap();
    let spelled_out = dictation(&mut desk, Priority::Normal, None, 4);
    reports::save_body(
        &mut desk.cabinet,
        &spelled_out,
        &doc("Coelioscopie blanche."),
    )
    .unwrap();
    for typed in ["cœlio*", "coelio*", "COELIOSC*"] {
        assert_eq!(
            find(&desk.cabinet, typed),
            ids(&[&spelled_out, &belly]),
            "{typed}"
        );
    }
    assert_eq!(
        find(&desk.cabinet, "cœlioscopie"),
        ids(&[&spelled_out, &belly])
    );
    // A prefix that starts no word, beside one that does: nothing.
    assert!(find(&desk.cabinet, "coelio* zygom*").is_empty());
    // One letter is not a prefix: she is told, in French.
    let error = search::search(
        &desk.cabinet,
        &ReportQuery {
            text: "c*".into(),
            ..ReportQuery::default()
        },
    )
    .unwrap_err();
    assert!(error.to_string().contains("deux lettres"), "{error}");
    // Every word required.
    assert!(find(&desk.cabinet, "genou electrocardiogramme").is_empty());
    // The passage shows where.
    let results = search::search(
        &desk.cabinet,
        &ReportQuery {
            text: "genoux".into(),
            ..ReportQuery::default()
        },
    )
    .unwrap();
    let marked: Vec<_> = results.hits[0]
        .passage
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(marked, ["genou"]);
    // Filters: patient, kind, period.
    let other = patient(&mut desk.cabinet, "Martin", "Paul", "01/02/1970", "M");
    reports::move_to_patient(&mut desk.cabinet, &knee, &other, "erreur").unwrap();
    let by = |query: ReportQuery| -> Vec<String> {
        search::search(&desk.cabinet, &query)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.report_id)
            .collect()
    };
    let base = ReportQuery {
        text: "douleur".into(),
        ..ReportQuery::default()
    };
    assert_eq!(
        by(ReportQuery {
            patient_id: Some(other.clone()),
            ..base.clone()
        }),
        ids(&[&knee])
    );
    assert!(by(ReportQuery {
        kind: Some(ReportKind::Operatoire),
        ..base.clone()
    })
    .is_empty());
    assert_eq!(
        by(ReportQuery {
            from: Some("27/02/2028".into()),
            to: Some("2028-02-28".into()),
            ..base.clone()
        })
        .len(),
        2
    );
    assert!(by(ReportQuery {
        from: Some("2028-02-29".into()),
        ..base
    })
    .is_empty());
    // A correction re-indexes: the old words are gone.
    reports::save_body(&mut desk.cabinet, &knee, &doc("Entorse de cheville.")).unwrap();
    assert_eq!(find(&desk.cabinet, "douleur"), ids(&[&chest]));
    assert_eq!(find(&desk.cabinet, "chevilles"), ids(&[&knee]));
}

#[test]
fn a_prefix_starting_too_many_words_asks_for_another_letter() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    let many: Vec<String> = (0..=300).map(|n| format!("zx{n:03}")).collect();
    reports::save_body(&mut desk.cabinet, &id, &doc(&many.join(" "))).unwrap();
    let error = search::search(
        &desk.cabinet,
        &ReportQuery {
            text: "zx*".into(),
            ..ReportQuery::default()
        },
    )
    .unwrap_err();
    assert!(error.to_string().contains("ajoutez une lettre"), "{error}");
    // One letter more: ten words, found.
    assert_eq!(find(&desk.cabinet, "zx29*"), ids(&[&id]));
}

#[test]
fn a_validated_recording_is_proposed_for_deletion_after_the_kept_days() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    let kept = dictation(&mut desk, Priority::Normal, None, 2);
    reports::save_body(&mut desk.cabinet, &id, &doc("Texte.")).unwrap();
    let doctor = desk.doctor_user.clone();
    reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
    assert_eq!(retention::audio_days(&desk.cabinet).unwrap(), 30);
    assert!(retention::expired_audio(&desk.cabinet).unwrap().is_empty());
    // 29 days later: not yet. 31: proposed (the one not validated never).
    desk.cabinet
        .set_clock(Clock::fixed_local(chrono_tz::Europe::Paris, "2028-03-29 00:03").unwrap());
    assert!(retention::expired_audio(&desk.cabinet).unwrap().is_empty());
    desk.cabinet
        .set_clock(Clock::fixed_local(chrono_tz::Europe::Paris, "2028-03-31 00:03").unwrap());
    let expired = retention::expired_audio(&desk.cabinet).unwrap();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].report_id, id);
    // Deleted only what she confirmed and is still expired.
    let deleted =
        retention::delete_expired_audio(&mut desk.cabinet, &[id.clone(), kept.clone()]).unwrap();
    assert_eq!(deleted, 1);
    assert!(audio::info(&desk.cabinet, &id).unwrap().is_none());
    assert!(audio::info(&desk.cabinet, &kept).unwrap().is_some());
    // The report itself stays.
    assert_eq!(reports::get(&desk.cabinet, &id).unwrap().version, 1);
    // A shorter setting is an administrator's.
    retention::set_audio_days(&mut desk.cabinet, 7).unwrap();
    assert!(retention::set_audio_days(&mut desk.cabinet, 0).is_err());
}

#[test]
fn existing_reports_come_in_validated_indexed_and_all_or_nothing() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let txt = import::check(
        "Compte rendu d'échographie abdominale.\r\nFoie stéatosique."
            .as_bytes()
            .to_vec(),
        "BERENICE Eloise 12-03-1956 echo.txt",
    )
    .unwrap();
    let latin1 = import::check(
        b"Cholecystectomie sans particularit\xe9.".to_vec(),
        "op.txt",
    )
    .unwrap();
    assert!(latin1.text.contains("particularité"));
    let confirmed = ImportDetails {
        patient_id: desk.patient_id.clone(),
        author_id: desk.author_id.clone(),
        kind: ReportKind::Examen,
        date: "14/05/2019".into(),
    };
    // One bad item (a date in the future) and nothing is imported.
    let mut future = confirmed.clone();
    future.date = "01/01/2030".into();
    let error = import::import_reports(
        &mut desk.cabinet,
        &[(txt.clone(), confirmed.clone()), (latin1.clone(), future)],
    )
    .unwrap_err();
    assert!(error.to_string().contains("futur"), "{error}");
    assert!(reports::for_patient(&desk.cabinet, &desk.patient_id)
        .unwrap()
        .is_empty());
    let imported = import::import_reports(
        &mut desk.cabinet,
        &[(txt, confirmed.clone()), (latin1, confirmed)],
    )
    .unwrap();
    let report = reports::get(&desk.cabinet, &imported[0]).unwrap();
    assert_eq!(report.status, ReportStatus::Valide);
    assert_eq!(report.consultation_on.as_deref(), Some("2019-05-14"));
    assert_eq!(report.original.as_ref().unwrap().format, "txt");
    assert_eq!(find(&desk.cabinet, "steatose*").len(), 0);
    assert_eq!(find(&desk.cabinet, "stéatosique"), ids(&[&imported[0]]));
    // Imported after newer reports, found by the period of its consultation
    // (the period is not the order of writing).
    let in_period = |from: &str, to: &str| -> Vec<String> {
        search::search(
            &desk.cabinet,
            &ReportQuery {
                text: "stéatosique".into(),
                from: Some(from.into()),
                to: Some(to.into()),
                ..ReportQuery::default()
            },
        )
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.report_id)
        .collect()
    };
    assert_eq!(in_period("2019-05-01", "2019-05-31"), ids(&[&imported[0]]));
    assert!(in_period("2019-05-15", "2028-12-31").is_empty());
    assert!(in_period("1990-01-01", "1990-12-31").is_empty());
    assert_eq!(
        find(&desk.cabinet, "cholecystectomie"),
        ids(&[&imported[1]])
    );
    // Not a report: refused by what it is.
    let error = import::check(vec![0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], "vieux.doc").unwrap_err();
    assert!(error.to_string().contains(".docx"), "{error}");
    let error = import::check(b"PK\x03\x04garbage".to_vec(), "x.docx").unwrap_err();
    assert!(
        error.to_string().contains("pas un document Word"),
        "{error}"
    );
    let error = import::check(b"%PDF-1.4 garbage".to_vec(), "x.pdf").unwrap_err();
    assert!(error.to_string().contains("PDF"), "{error}");
}

#[test]
fn the_printable_page_carries_the_letterhead_the_patient_and_the_validation() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    practitioners::set_letterhead(
        &mut desk.cabinet,
        &desk.author_id.clone(),
        &practitioners::LetterheadDraft {
            rpps: "10101234567".into(),
            address_lines: vec!["12 rue de la Paix".into(), "75002 Paris".into()],
            phone: "01 42 00 00 00".into(),
            email: "cabinet@example.fr".into(),
            conventionnement: "Conventionné secteur 1".into(),
        },
    )
    .unwrap();
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    assert!(carnet_core::documents::printable(&desk.cabinet, &id, None).is_err());
    reports::save_body(&mut desk.cabinet, &id, &doc("Examen normal.")).unwrap();
    let draft = carnet_core::documents::printable(&desk.cabinet, &id, None).unwrap();
    assert_eq!(draft.validation_line, "");
    assert_eq!(draft.letterhead.rpps, "10101234567");
    assert_eq!(draft.title, "Compte rendu de consultation");
    assert_eq!(draft.place_and_date, "Paris, le 29 février 2028");
    let patient = draft.patient.unwrap();
    assert_eq!(
        (patient.birth_name.as_str(), patient.birth_date.as_str()),
        ("Bérénice", "12/03/1956")
    );
    assert!(!draft.document_title.contains("RENICE"));
    let doctor = desk.doctor_user.clone();
    reports::validate(&mut desk.cabinet, &id, &doctor, &Pin::new(DOCTOR_PIN)).unwrap();
    let page = carnet_core::documents::printable(&desk.cabinet, &id, Some(1)).unwrap();
    assert!(
        page.validation_line
            .starts_with("Validé par Dr Hélène Lefèvre le 29/02/2028 à 00:03 — empreinte "),
        "{}",
        page.validation_line
    );
}

/// A Word document as Word writes it: a zip with `word/document.xml`
/// (runs split mid-word, an escaped character, a tab and a line break).
fn docx(paragraphs: &[&[&str]]) -> Vec<u8> {
    use std::io::Write;
    let mut body = String::new();
    for runs in paragraphs {
        body.push_str("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
        for run in *runs {
            let escaped = run.replace('&', "&amp;").replace('<', "&lt;");
            body.push_str(&format!(
                "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{escaped}</w:t></w:r>"
            ));
        }
        body.push_str("</w:p>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    bytes.into_inner()
}

#[test]
fn word_and_pdf_reports_give_their_text() {
    let word = import::check(
        docx(&[
            &["Compte rendu op", "ératoire"],
            &["Cure de hernie inguinale droite & drainage < 24 h."],
        ]),
        "CR op.docx",
    )
    .unwrap();
    assert_eq!(word.format, import::DocumentFormat::Docx);
    assert_eq!(
        word.text,
        "Compte rendu opératoire\nCure de hernie inguinale droite & drainage < 24 h.\n"
    );
    let pdf = import::read_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/echographie.pdf"),
    )
    .unwrap();
    assert_eq!(pdf.format, import::DocumentFormat::Pdf);
    assert!(
        pdf.text.contains("échographie abdominale"),
        "{:?}",
        pdf.text
    );
    assert!(pdf.text.contains("Foie stéatosique"), "{:?}", pdf.text);
    // Filed, then found by a stem of its text; the original kept inside.
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let details = ImportDetails {
        patient_id: desk.patient_id.clone(),
        author_id: desk.author_id.clone(),
        kind: ReportKind::Operatoire,
        date: "2020-01-15".into(),
    };
    let id = import::import_report(&mut desk.cabinet, &word, &details).unwrap();
    assert_eq!(find(&desk.cabinet, "hernies"), ids(&[&id]));
    let (format, name, bytes) = import::original(&desk.cabinet, &id).unwrap();
    assert_eq!(
        (format, name.as_str()),
        (import::DocumentFormat::Docx, "CR op.docx")
    );
    assert_eq!(bytes, word.bytes);
}

#[test]
fn the_patients_copy_of_her_file_includes_her_reports() {
    let workspace = Workspace::new();
    let mut desk = desk(&workspace);
    let id = dictation(&mut desk, Priority::Normal, None, 1);
    reports::save_body(&mut desk.cabinet, &id, &doc("Gonalgie droite <mécanique>.")).unwrap();
    let copy = patients::rights::export(&desk.cabinet, &desk.patient_id).unwrap();
    assert!(
        copy.json.contains("Gonalgie droite <mécanique>."),
        "{}",
        copy.json
    );
    assert!(copy.html.contains("<h2>Comptes rendus</h2>"));
    assert!(copy
        .html
        .contains("<p>Gonalgie droite &lt;mécanique&gt;.</p>"));
}
