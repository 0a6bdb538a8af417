//! Phone messages and tasks in a real encrypted cabinet: states with who and
//! when, the doctor's order, the call-back list, the patient's file, the
//! day's tasks, and bad input that writes nothing.

use carnet_core::agenda::setup;
use carnet_core::audit::{self, AuditFilter};
use carnet_core::clock::Clock;
use carnet_core::messages::phone_messages::{self, MessageDraft, MessageState};
use carnet_core::messages::tasks::{self, TaskDraft, TaskOwner};
use carnet_core::messages::{self, DeskCounts};
use carnet_core::patients::{self, PatientDraft, PhoneDraft, PhoneKind};
use carnet_core::{users, Cabinet, CoreError};

use crate::util::Workspace;

/// A cabinet whose clock moves one minute at each reading, so « oldest
/// first » is decided by the order the messages were taken.
fn desk(workspace: &Workspace) -> (Cabinet, String, String) {
    let (_, cabinet) = workspace.create("desk.carnet");
    let start = chrono::DateTime::parse_from_rfc3339("2028-02-29T08:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut cabinet = cabinet.with_clock(Clock::stepping(start, chrono::Duration::minutes(1)));
    assert!(
        users::adopt_single_user(&mut cabinet).unwrap(),
        "she is the one profile"
    );
    let calendar = setup::calendars(&cabinet)
        .unwrap()
        .into_iter()
        .find(|c| c.kind == "praticien")
        .unwrap()
        .id;
    let patient = patients::create(
        &mut cabinet,
        &PatientDraft {
            birth_name: "Durand".into(),
            birth_first_names: "Marie".into(),
            birth_date: "03/03/1962".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            phones: vec![PhoneDraft {
                kind: PhoneKind::Mobile,
                number: "06 12 34 56 78".into(),
            }],
            ..PatientDraft::default()
        },
        false,
    )
    .unwrap()
    .id;
    (cabinet, calendar, patient)
}

fn message(calendar: &str, about: &str) -> MessageDraft {
    MessageDraft {
        caller_name: Some("Mme Lambert".into()),
        caller_phone: Some("07.98.76.54.32".into()),
        for_calendar_id: calendar.into(),
        about: about.into(),
        ..MessageDraft::default()
    }
}

fn abouts(list: &[phone_messages::PhoneMessage]) -> Vec<&str> {
    list.iter().map(|m| m.about.as_str()).collect()
}

fn row_count(cabinet: &Cabinet, table: &str) -> usize {
    // Through the public lists: every message is in some practitioner's
    // list for a year, every open task in `open`.
    match table {
        "phone_messages" => phone_messages::for_practitioner(cabinet, None, 366)
            .unwrap()
            .len(),
        _ => tasks::open(cabinet).unwrap().len(),
    }
}

#[test]
fn a_message_goes_from_taken_to_answered_to_called_back_with_who_and_when() {
    let workspace = Workspace::new();
    let (mut cabinet, calendar, patient) = desk(&workspace);
    let me = users::current(&cabinet).unwrap().unwrap();

    let id = phone_messages::take(
        &mut cabinet,
        &MessageDraft {
            patient_id: Some(patient.clone()),
            for_calendar_id: calendar.clone(),
            about: "  Demande le renouvellement de son ordonnance  ".into(),
            urgent: true,
            call_back: true,
            ..MessageDraft::default()
        },
    )
    .unwrap();
    let taken = phone_messages::get(&cabinet, &id).unwrap();
    assert_eq!(taken.state, MessageState::Nouveau);
    assert_eq!(
        taken.caller, "DURAND Marie",
        "the patient named from the file"
    );
    assert_eq!(
        taken.phone.as_deref(),
        Some("06 12 34 56 78"),
        "his number to call back"
    );
    assert_eq!(taken.about, "Demande le renouvellement de son ordonnance");
    assert_eq!(taken.taken_by.as_deref(), Some(me.name.as_str()));
    assert_eq!(
        messages::counts(&cabinet).unwrap(),
        DeskCounts {
            unanswered: 1,
            unanswered_urgent: 1,
            ..DeskCounts::default()
        }
    );

    // She cannot call back before he answered.
    assert!(matches!(
        phone_messages::mark_called_back(&mut cabinet, &id),
        Err(CoreError::InvalidInput { field: "state", .. })
    ));

    phone_messages::mark_read(&mut cabinet, &id).unwrap();
    assert_eq!(
        phone_messages::get(&cabinet, &id).unwrap().state,
        MessageState::Lu
    );
    phone_messages::answer(&mut cabinet, &id, "Ordonnance prête à l'accueil demain").unwrap();
    let answered = phone_messages::get(&cabinet, &id).unwrap();
    assert_eq!(answered.state, MessageState::Traite);
    assert_eq!(
        answered.answer.as_deref(),
        Some("Ordonnance prête à l'accueil demain")
    );
    assert_eq!(answered.answered_by.as_deref(), Some(me.name.as_str()));
    assert!(answered.answered_at.as_deref().unwrap() > taken.taken_at.as_str());
    assert!(
        phone_messages::answer(&mut cabinet, &id, "autre chose").is_err(),
        "one answer"
    );
    assert_eq!(
        abouts(&phone_messages::to_call_back(&cabinet).unwrap()),
        [answered.about.as_str()]
    );
    let counts = messages::counts(&cabinet).unwrap();
    assert_eq!((counts.unanswered, counts.to_call_back), (0, 1));

    phone_messages::mark_called_back(&mut cabinet, &id).unwrap();
    let closed = phone_messages::get(&cabinet, &id).unwrap();
    assert_eq!(closed.state, MessageState::Rappele);
    assert!(closed.called_back_at.as_deref().unwrap() > answered.answered_at.as_deref().unwrap());
    assert_eq!(closed.called_back_by.as_deref(), Some(me.name.as_str()));
    assert!(phone_messages::to_call_back(&cabinet).unwrap().is_empty());
    assert_eq!(messages::counts(&cabinet).unwrap(), DeskCounts::default());

    // Each step is in the trail, under the patient.
    let trail = audit::entries(
        &cabinet,
        &AuditFilter {
            patient_id: Some(patient.clone()),
            ..AuditFilter::default()
        },
    )
    .unwrap();
    let steps: Vec<_> = trail
        .iter()
        .filter(|e| e.object_kind == "phone_message")
        .map(|e| (e.action.as_str(), e.detail.as_deref()))
        .collect();
    assert_eq!(
        steps,
        [
            ("update", Some("rappele")),
            ("update", Some("traite")),
            ("update", Some("lu")),
            ("create", None)
        ]
    );
    assert!(audit::verify(&cabinet).unwrap().broken_at.is_none());

    // The patient's file lists it.
    assert_eq!(
        phone_messages::about_patient(&cabinet, &patient)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_doctor_sees_unanswered_first_urgent_first_then_the_oldest() {
    let workspace = Workspace::new();
    let (mut cabinet, calendar, _) = desk(&workspace);
    let old = phone_messages::take(&mut cabinet, &message(&calendar, "ancien")).unwrap();
    phone_messages::take(&mut cabinet, &message(&calendar, "récent")).unwrap();
    phone_messages::take(
        &mut cabinet,
        &MessageDraft {
            urgent: true,
            ..message(&calendar, "urgent récent")
        },
    )
    .unwrap();
    let answered = phone_messages::take(&mut cabinet, &message(&calendar, "déjà répondu")).unwrap();
    phone_messages::answer(&mut cabinet, &answered, "fait").unwrap();
    phone_messages::mark_read(&mut cabinet, &old).unwrap();

    let list = phone_messages::for_practitioner(&cabinet, Some(&calendar), 7).unwrap();
    assert_eq!(
        abouts(&list),
        ["urgent récent", "ancien", "récent", "déjà répondu"]
    );
    assert_eq!(
        list[1].phone.as_deref(),
        Some("07 98 76 54 32"),
        "normalised, shown"
    );
    assert!(
        phone_messages::for_practitioner(&cabinet, Some("autre-agenda"), 7)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_messages_get_a_french_error_and_write_nothing() {
    let workspace = Workspace::new();
    let (mut cabinet, calendar, _) = desk(&workspace);
    let field = |result: carnet_core::Result<String>| match result {
        Err(CoreError::InvalidInput { field, message }) => {
            assert!(!message.is_empty());
            field
        }
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert_eq!(
        field(phone_messages::take(
            &mut cabinet,
            &message(&calendar, "   ")
        )),
        "about"
    );
    assert_eq!(
        field(phone_messages::take(
            &mut cabinet,
            &message("pas-un-agenda", "rappeler")
        )),
        "forCalendarId"
    );
    assert_eq!(
        field(phone_messages::take(
            &mut cabinet,
            &MessageDraft {
                caller_phone: Some("12 34".into()),
                ..message(&calendar, "rappeler")
            }
        )),
        "callerPhone"
    );
    assert_eq!(
        field(phone_messages::take(
            &mut cabinet,
            &MessageDraft {
                caller_name: None,
                ..message(&calendar, "rappeler")
            }
        )),
        "callerName"
    );
    assert_eq!(
        field(phone_messages::take(
            &mut cabinet,
            &MessageDraft {
                patient_id: Some("inconnu".into()),
                ..message(&calendar, "rappeler")
            }
        )),
        "patientId"
    );
    assert_eq!(row_count(&cabinet, "phone_messages"), 0, "nothing written");
    let id = phone_messages::take(&mut cabinet, &message(&calendar, "ok")).unwrap();
    assert!(matches!(
        phone_messages::answer(&mut cabinet, &id, " "),
        Err(CoreError::InvalidInput {
            field: "answer",
            ..
        })
    ));
    assert_eq!(
        phone_messages::get(&cabinet, &id).unwrap().state,
        MessageState::Nouveau
    );
}

#[test]
fn the_days_tasks_show_what_is_due_and_what_is_overdue() {
    let workspace = Workspace::new();
    let (mut cabinet, calendar, patient) = desk(&workspace);
    let me = users::current(&cabinet).unwrap().unwrap();
    let today = cabinet.today();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%d/%m/%Y")
            .to_string()
    };
    let task = |title: &str, owner: TaskOwner, due: String| TaskDraft {
        title: title.into(),
        owner,
        patient_id: None,
        due_on: due,
    };
    tasks::add(
        &mut cabinet,
        &task(
            "Envoyer le CR au Dr Roux",
            TaskOwner::User(me.id.clone()),
            day(-2),
        ),
    )
    .unwrap();
    let today_task = tasks::add(
        &mut cabinet,
        &TaskDraft {
            patient_id: Some(patient.clone()),
            ..task(
                "Rappeler pour résultats",
                TaskOwner::Practitioner(calendar.clone()),
                day(0),
            )
        },
    )
    .unwrap();
    tasks::add(
        &mut cabinet,
        &task(
            "Commander du papier",
            TaskOwner::User(me.id.clone()),
            day(3),
        ),
    )
    .unwrap();

    let due = tasks::due(&cabinet).unwrap();
    let seen: Vec<_> = due.iter().map(|t| (t.title.as_str(), t.overdue)).collect();
    assert_eq!(
        seen,
        [
            ("Envoyer le CR au Dr Roux", true),
            ("Rappeler pour résultats", false)
        ]
    );
    assert_eq!(due[1].patient_name.as_deref(), Some("DURAND Marie"));
    let counts = messages::counts(&cabinet).unwrap();
    assert_eq!((counts.tasks_today, counts.tasks_overdue), (1, 1));

    tasks::mark_done(&mut cabinet, &today_task).unwrap();
    let done = tasks::about_patient(&cabinet, &patient).unwrap();
    assert_eq!(done[0].done_by.as_deref(), Some(me.name.as_str()));
    assert!(done[0].done_at.is_some() && !done[0].overdue);
    assert!(
        tasks::mark_done(&mut cabinet, &today_task).is_err(),
        "done once"
    );
    assert_eq!(tasks::due(&cabinet).unwrap().len(), 1);

    // Bad input: nothing written.
    let before = tasks::open(&cabinet).unwrap().len();
    for bad in [
        task(" ", TaskOwner::User(me.id.clone()), day(0)),
        task("x", TaskOwner::User("personne".into()), day(0)),
        task("x", TaskOwner::Practitioner("personne".into()), day(0)),
        task("x", TaskOwner::User(me.id.clone()), "31/02/2028".into()),
    ] {
        assert!(matches!(
            tasks::add(&mut cabinet, &bad),
            Err(CoreError::InvalidInput { .. })
        ));
    }
    assert_eq!(tasks::open(&cabinet).unwrap().len(), before);
}

#[test]
fn messages_and_tasks_follow_a_merged_patient() {
    let workspace = Workspace::new();
    let (mut cabinet, calendar, patient) = desk(&workspace);
    let twin = patients::create(
        &mut cabinet,
        &PatientDraft {
            birth_name: "Durant".into(),
            birth_first_names: "Marie".into(),
            birth_date: "03/03/1962".into(),
            sex: "F".into(),
            identity_status: "provisoire".into(),
            ..PatientDraft::default()
        },
        true,
    )
    .unwrap()
    .id;
    phone_messages::take(
        &mut cabinet,
        &MessageDraft {
            patient_id: Some(twin.clone()),
            caller_name: None,
            ..message(&calendar, "résultats")
        },
    )
    .unwrap();
    patients::merge::merge(&mut cabinet, &patient, &twin, &[]).unwrap();
    assert_eq!(
        phone_messages::about_patient(&cabinet, &patient)
            .unwrap()
            .len(),
        1
    );
    assert!(phone_messages::about_patient(&cabinet, &twin)
        .unwrap()
        .is_empty());
}
