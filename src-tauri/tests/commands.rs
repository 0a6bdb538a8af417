//! The command layer through real IPC (tauri::test's mock runtime), with the
//! app's own config and capabilities: what the page can call, what it gets
//! back, and the `{kind, message, field}` errors it shows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Test code: a failure is a panic.

use carnet_core::clock::Clock;
use carnet_shell::session::{AppPaths, AppState};
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

const PASSPHRASE: &str = "tortue-lanterne-cerise-boussole-galet-prairie-violon";

struct Harness {
    dir: tempfile::TempDir,
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// Closes the cabinet as the app does when its window goes: the mock app
/// is never dropped, and a directory still loading on its own thread while
/// the process exits crashed the test binary now and then.
impl Drop for Harness {
    fn drop(&mut self) {
        self.app.state::<AppState>().close();
    }
}

impl Harness {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths {
            recent_list: dir.path().join("config/recent.json"),
            default_cabinet_dir: dir.path().join("Documents/Carnet"),
            demo_cabinet: dir.path().join("data/demo.carnet"),
            pending_failures: dir.path().join("data/ouvertures-refusees.json"),
            trail_heads: dir.path().join("data/empreintes-des-journaux.json"),
        };
        // Three minutes past midnight in Paris on 8 December 2026: "today"
        // has barely begun, and 2031 is the future whenever the test runs.
        let clock = Clock::Fixed("2026-12-07T23:03:00Z".parse().unwrap());
        let app = carnet_shell::builder(mock_builder())
            .manage(AppState::new(paths).with_clock(clock))
            .build(tauri::generate_context!())
            .unwrap();
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness { dir, app, window }
    }

    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: command.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    /// The title the shell puts on the window (the mock runtime keeps none;
    /// the end-to-end tests read the real one).
    fn title(&self) -> String {
        self.app.state::<AppState>().title()
    }

    fn cabinet_path(&self) -> String {
        self.dir.path().join("lefevre.carnet").display().to_string()
    }

    fn create(&self, passphrase: &str) -> Result<Value, Value> {
        self.invoke(
            "create_cabinet",
            json!({"request": {
                "name": "Cabinet du Dr Lefèvre",
                "practitioners": [{"name": "Dr Hélène Lefèvre", "specialty": "Médecine générale"}],
                "colour": "#2e7d32",
                "timeZone": "Europe/Paris",
                "path": self.cabinet_path(),
                "passphrase": passphrase,
                "passphraseConfirmation": passphrase,
            }}),
        )
    }
}

#[test]
fn a_weak_passphrase_comes_back_as_a_french_error_next_to_the_field() {
    let harness = Harness::new();
    let error = harness.create("soleil").unwrap_err();
    assert_eq!(error["kind"], "weakPassphrase");
    assert_eq!(error["field"], "passphrase");
    assert!(error["message"].as_str().unwrap().contains("CNIL"));
    assert!(!std::path::Path::new(&harness.cabinet_path()).exists());
}

#[test]
fn create_lock_unlock_close_through_ipc() {
    let harness = Harness::new();
    let summary = harness.create(PASSPHRASE).unwrap();
    assert_eq!(summary["name"], "Cabinet du Dr Lefèvre");
    assert_eq!(summary["patientCount"], 0);
    assert_eq!(harness.title(), "Carnet — Cabinet du Dr Lefèvre");
    assert_eq!(
        harness.invoke("session_state", json!({})).unwrap()["state"],
        "open"
    );

    let locked = harness.invoke("lock_cabinet", json!({})).unwrap();
    assert_eq!(locked["name"], "Cabinet du Dr Lefèvre");
    assert_eq!(harness.title(), "Carnet — verrouillé");
    let state = harness.invoke("session_state", json!({})).unwrap();
    assert_eq!(state["state"], "locked");
    assert!(
        state["cabinet"].get("patientCount").is_none(),
        "a locked cabinet shows no content"
    );
    let refused = harness
        .invoke(
            "search_patients",
            json!({"query": "mar", "includeArchived": false, "limit": 10}),
        )
        .unwrap_err();
    assert_eq!(refused["kind"], "noCabinetOpen");

    let wrong = harness
        .invoke("unlock_cabinet", json!({"passphrase": "pas la bonne"}))
        .unwrap_err();
    assert_eq!(wrong["kind"], "wrongPassphrase");
    assert_eq!(
        harness.invoke("session_state", json!({})).unwrap()["state"],
        "locked"
    );
    harness
        .invoke("unlock_cabinet", json!({"passphrase": PASSPHRASE}))
        .unwrap();
    assert_eq!(
        harness.invoke("session_state", json!({})).unwrap()["state"],
        "open"
    );

    harness.invoke("close_cabinet", json!({})).unwrap();
    assert_eq!(
        harness.invoke("session_state", json!({})).unwrap()["state"],
        "none"
    );
    assert_eq!(harness.title(), "Carnet");
}

#[test]
fn the_recent_list_keeps_name_colour_and_path_only() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    harness.invoke("close_cabinet", json!({})).unwrap();
    let overview = harness.invoke("app_overview", json!({})).unwrap();
    let recent = overview["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 1);
    let mut keys: Vec<_> = recent[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["colour", "name", "path"]);
    let on_disk = std::fs::read_to_string(harness.dir.path().join("config/recent.json")).unwrap();
    assert!(!on_disk.contains("Hélène"), "no practitioner in the config");

    let reopened = harness
        .invoke(
            "open_cabinet",
            json!({"path": harness.cabinet_path(), "passphrase": PASSPHRASE}),
        )
        .unwrap();
    assert_eq!(reopened["name"], "Cabinet du Dr Lefèvre");
}

#[test]
fn the_demo_cabinet_is_created_once_and_marked() {
    let harness = Harness::new();
    let demo = harness.invoke("open_demo_cabinet", json!({})).unwrap();
    assert_eq!(demo["isDemo"], true);
    assert_eq!(demo["patientCount"], 500);
    let patients = harness
        .invoke(
            "search_patients",
            json!({"query": "m", "includeArchived": false, "limit": 20}),
        )
        .unwrap();
    assert_eq!(patients["hits"].as_array().unwrap().len(), 20);
    assert!(
        patients["total"].as_u64().unwrap() > 20,
        "{}",
        patients["total"]
    );
    harness.invoke("close_cabinet", json!({})).unwrap();
    let again = harness.invoke("open_demo_cabinet", json!({})).unwrap();
    assert_eq!(again["patientCount"], 500, "reopened, not regenerated");
}

#[test]
fn the_page_cannot_call_plugin_commands_it_was_not_granted() {
    let harness = Harness::new();
    let refused = harness.invoke("plugin:dialog|open", json!({"options": {}}));
    // Refused by the capability (no dialog permission is granted to the
    // page), not merely failing inside the plugin.
    let error = refused.expect_err("the dialog plugin is for Rust only");
    let text = error.to_string();
    assert!(
        text.contains("not allowed") && text.contains("dialog"),
        "refused for another reason: {text}"
    );
}

#[test]
fn passphrase_rating_and_suggestion() {
    let harness = Harness::new();
    let weak = harness
        .invoke(
            "rate_passphrase",
            json!({"passphrase": "azerty123", "context": []}),
        )
        .unwrap();
    assert_eq!(weak["acceptable"], false);
    assert_eq!(weak["level"], "tresFaible");
    let context = json!(["Cabinet du Dr Martin", "Dr Sophie Martin"]);
    let suggestion = harness
        .invoke("suggest_passphrase", json!({ "context": context }))
        .unwrap();
    let suggestion = suggestion.as_str().unwrap();
    let strong = harness
        .invoke(
            "rate_passphrase",
            json!({"passphrase": suggestion, "context": context}),
        )
        .unwrap();
    assert_eq!(strong["acceptable"], true);
}

#[test]
fn patients_through_ipc_create_search_duplicate_history() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let draft = json!({
        "birthName": "Lefèvre", "birthFirstNames": "Hélène Marie", "birthDate": "03/03/1962",
        "sex": "F", "identityStatus": "provisoire",
        "phones": [{"kind": "mobile", "number": "06 12 34 56 78"}],
        "amcThirdParty": false, "ald": false, "alerts": ["malentendante"],
    });
    let created = harness
        .invoke(
            "create_patient",
            json!({"draft": draft, "confirmedNotDuplicate": false}),
        )
        .unwrap();
    let id = created["id"].as_str().unwrap().to_string();

    let found = harness
        .invoke(
            "search_patients",
            json!({"query": "lefebvre", "includeArchived": false, "limit": 10}),
        )
        .unwrap();
    let hits = &found["hits"];
    assert_eq!(hits[0]["id"], id.as_str());
    assert_eq!(hits[0]["matched"], "phonetic");
    assert_eq!(hits[0]["phone"], "06 12 34 56 78");

    let candidates = harness
        .invoke("duplicate_candidates", json!({"draft": draft}))
        .unwrap();
    assert_eq!(candidates[0]["likely"], true);
    let refused = harness
        .invoke(
            "create_patient",
            json!({"draft": draft, "confirmedNotDuplicate": false}),
        )
        .unwrap_err();
    assert_eq!(refused["kind"], "likelyDuplicate");

    let bad = json!({
        "birthName": "Durand", "birthFirstNames": "Paul", "birthDate": "31/02/1962",
        "sex": "M", "identityStatus": "provisoire", "phones": [], "amcThirdParty": false,
        "ald": false, "alerts": [],
    });
    let error = harness
        .invoke(
            "create_patient",
            json!({"draft": bad, "confirmedNotDuplicate": false}),
        )
        .unwrap_err();
    assert_eq!(error["field"], "birthDate");
    assert!(error["message"].as_str().unwrap().contains("n'existe pas"));

    let file = harness.invoke("get_patient", json!({"id": id})).unwrap();
    assert_eq!(file["alerts"][0], "malentendante");
    let history = harness
        .invoke("patient_history", json!({"id": id}))
        .unwrap();
    assert_eq!(history[0]["action"], "creation");
    let communes = harness
        .invoke("communes_for_postcode", json!({"postcode": "42000"}))
        .unwrap();
    assert!(communes
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "Saint-Étienne"));
}

#[test]
fn agenda_through_ipc_slots_booking_confirmation_cancel_and_waiting_list() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let calendars = harness.invoke("list_calendars", json!({})).unwrap();
    let calendar = calendars[0]["id"].as_str().unwrap().to_string();
    let motifs = harness.invoke("list_motifs", json!({})).unwrap();
    let consultation = motifs
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Consultation")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A Monday far ahead: the default template opens at 08:30.
    let slots = harness
        .invoke(
            "next_free_slots",
            json!({"request": {"motifId": consultation, "calendarIds": [calendar],
                "from": "2031-01-06", "weekdays": [], "partOfDay": "matin", "count": 3}}),
        )
        .unwrap();
    assert_eq!(slots[0]["startsAt"], "2031-01-06T08:30");
    assert_eq!(slots[2]["startsAt"], "2031-01-06T09:10");
    let draft = json!({"calendarId": calendar, "motifId": consultation, "callerName": "M. Blanc",
        "callerPhone": "06 11 22 33 44", "startsAt": "2031-01-06T08:30", "urgent": false, "note": ""});
    let id = harness
        .invoke(
            "create_appointment",
            json!({"draft": draft, "acceptWarnings": false}),
        )
        .unwrap();
    // The same time again: a warning to confirm, not a refusal.
    let warnings = harness
        .invoke("check_appointment", json!({"draft": draft, "moving": null}))
        .unwrap();
    assert_eq!(warnings[0]["kind"], "overlap");
    let refused = harness
        .invoke(
            "create_appointment",
            json!({"draft": draft, "acceptWarnings": false}),
        )
        .unwrap_err();
    assert_eq!(refused["kind"], "needsConfirmation");
    assert!(refused["message"].as_str().unwrap().contains("Chevauche"));
    // Waiting list, then cancel: the entry is proposed.
    harness
        .invoke(
            "add_waiting",
            json!({"draft": {"callerName": "Mme Petit", "callerPhone": "0698765432",
                "weekdays": [], "note": ""}}),
        )
        .unwrap();
    let proposals = harness
        .invoke(
            "set_appointment_status",
            json!({"id": id, "status": "annule", "cancelledBy": "patient", "acceptWarnings": false}),
        )
        .unwrap();
    assert_eq!(proposals[0]["who"], "Mme Petit");
    let week = harness
        .invoke(
            "agenda_range",
            json!({"calendarIds": [calendar], "from": "2031-01-06", "days": 7}),
        )
        .unwrap();
    assert_eq!(week["appointments"][0]["status"], "annule");
    assert_eq!(week["appointments"][0]["cancelledBy"], "patient");
    assert!(week["plages"].as_array().unwrap().len() >= 15);
    let bad = harness
        .invoke(
            "agenda_range",
            json!({"calendarIds": [calendar], "from": "31/02/2031", "days": 7}),
        )
        .unwrap_err();
    assert_eq!(bad["field"], "from");
}

#[test]
fn profiles_pin_quick_unlock_audit_and_backup_through_ipc() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let state = harness.invoke("session_state", json!({})).unwrap();
    assert_eq!(
        state["user"]["name"], "Secrétariat",
        "one profile: known at once"
    );
    assert_eq!(state["idleLockMinutes"], 5);
    let me = state["user"]["id"].as_str().unwrap().to_string();
    harness
        .invoke("set_user_pin", json!({"id": me, "pin": "258046"}))
        .unwrap();
    let doctor = harness
        .invoke(
            "create_user",
            json!({"draft": {"name": "Dr Lefèvre", "role": "utilisateur"}, "pin": "482193"}),
        )
        .unwrap();
    let doctor_id = doctor["id"].as_str().unwrap().to_string();

    // Locked: only who can unlock with a PIN, and how many tries are left.
    harness.invoke("lock_cabinet", json!({})).unwrap();
    let locked = harness.invoke("session_state", json!({})).unwrap();
    assert_eq!(locked["cabinet"]["pinUsers"].as_array().unwrap().len(), 2);
    assert_eq!(locked["cabinet"]["attemptsLeft"], 5);
    let wrong = harness
        .invoke(
            "unlock_with_pin",
            json!({"userId": doctor_id, "pin": "1111"}),
        )
        .unwrap_err();
    assert_eq!(wrong["kind"], "wrongPin");
    harness
        .invoke(
            "unlock_with_pin",
            json!({"userId": doctor_id, "pin": "482193"}),
        )
        .unwrap();
    let open = harness.invoke("session_state", json!({})).unwrap();
    assert_eq!(open["user"]["name"], "Dr Lefèvre");

    // The trail is for administrators.
    let refused = harness
        .invoke("audit_entries", json!({"filter": {}}))
        .unwrap_err();
    assert_eq!(refused["field"], "role");

    // A user cannot choose backup folders; the administrator can.
    let refused = harness
        .invoke(
            "save_backup_settings",
            json!({"settings": {"folders": [], "keepDaily": 7, "keepWeekly": 4, "keepMonthly": 12, "maxAgeHours": 48}}),
        )
        .unwrap_err();
    assert_eq!(refused["field"], "role");

    // Closing and reopening with the passphrase: several profiles, so she
    // must say who she is before anything else.
    harness.invoke("close_cabinet", json!({})).unwrap();
    harness
        .invoke(
            "open_cabinet",
            json!({"path": harness.cabinet_path(), "passphrase": PASSPHRASE}),
        )
        .unwrap();
    let state = harness.invoke("session_state", json!({})).unwrap();
    assert!(state["user"].is_null());
    assert_eq!(state["users"].as_array().unwrap().len(), 2);
    let refused = harness.invoke("list_users", json!({})).unwrap_err();
    assert_eq!(refused["kind"], "notIdentified");
    harness
        .invoke("identify_user", json!({"userId": me, "pin": "258046"}))
        .unwrap();
    // The failed PIN, the doctor's unlock and this identification are in
    // the trail, signed, and the chain holds.
    let entries = harness
        .invoke("audit_entries", json!({"filter": {}}))
        .unwrap();
    let signed: Vec<(String, String)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["userName"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        signed[0],
        ("identify".to_string(), "Secrétariat".to_string())
    );
    assert!(signed.contains(&("unlock".to_string(), "Dr Lefèvre".to_string())));
    assert!(signed.iter().any(|(action, _)| action == "unlock_failed"));
    assert!(harness.invoke("verify_audit", json!({})).unwrap()["brokenAt"].is_null());
    let folder = harness.dir.path().join("cle-usb");
    std::fs::create_dir(&folder).unwrap();
    harness
        .invoke(
            "save_backup_settings",
            json!({"settings": {"folders": [folder.display().to_string()], "keepDaily": 7, "keepWeekly": 4, "keepMonthly": 12, "maxAgeHours": 48}}),
        )
        .unwrap();
    let done = harness.invoke("run_backup", json!({})).unwrap();
    assert_eq!(done.as_array().unwrap().len(), 1);
    let status = harness.invoke("backup_status", json!({})).unwrap();
    assert!(
        status["warnings"].as_array().unwrap().is_empty(),
        "{status}"
    );
    assert_eq!(
        harness
            .invoke("list_backups", json!({"extraFolder": null}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn five_wrong_pins_close_the_cabinet_fully() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let me = harness.invoke("session_state", json!({})).unwrap()["user"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    harness
        .invoke("set_user_pin", json!({"id": me, "pin": "258046"}))
        .unwrap();
    harness.invoke("lock_cabinet", json!({})).unwrap();
    for attempt in 1..=5 {
        let error = harness
            .invoke("unlock_with_pin", json!({"userId": me, "pin": "0912"}))
            .unwrap_err();
        let expected = if attempt < 5 {
            "wrongPin"
        } else {
            "tooManyPinAttempts"
        };
        assert_eq!(error["kind"], expected);
    }
    assert_eq!(
        harness.invoke("session_state", json!({})).unwrap()["state"],
        "none",
        "closed: the passphrase is needed again"
    );
    // The file is free again: it opens with the passphrase, and the trail
    // holds the failed attempts once she is back in.
    harness
        .invoke(
            "open_cabinet",
            json!({"path": harness.cabinet_path(), "passphrase": PASSPHRASE}),
        )
        .unwrap();
}

#[test]
fn the_background_check_says_intact_then_damaged_in_french() {
    let harness = Harness::new();
    harness.invoke("open_demo_cabinet", json!({})).unwrap();
    assert!(harness
        .invoke("check_integrity", json!({}))
        .unwrap()
        .is_null());
    harness.invoke("close_cabinet", json!({})).unwrap();
    // A byte flipped in the middle of the file: found at opening if that
    // page is read then, else by the background check right after.
    let path = harness.dir.path().join("data/demo.carnet");
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2 + 100;
    bytes[middle] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
    let message = match harness.invoke(
        "open_cabinet",
        json!({"path": path.display().to_string(), "passphrase": carnet_core::demo::DEMO_PASSPHRASE}),
    ) {
        Err(error) => error["message"].as_str().unwrap().to_string(),
        Ok(_) => harness
            .invoke("check_integrity", json!({}))
            .unwrap()
            .as_str()
            .expect("damage reported by the background check")
            .to_string(),
    };
    assert!(
        message.contains("endommagé") && message.contains("sauvegarde"),
        "{message}"
    );
}

/// A WAV file as a recorder writes it: 8 kHz, mono, 16-bit PCM, a tone.
fn wav(seconds: u32) -> Vec<u8> {
    let rate = 8_000u32;
    let samples: Vec<i16> = (0..rate * seconds)
        .map(|i| ((i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 8_000.0) as i16)
        .collect();
    let data_len = (samples.len() * 2) as u32;
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes()); // PCM
    bytes.extend_from_slice(&1u16.to_le_bytes()); // mono
    bytes.extend_from_slice(&rate.to_le_bytes());
    bytes.extend_from_slice(&(rate * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        bytes.extend_from_slice(&sample.to_le_bytes());
    }
    bytes
}

/// What the page's player asks the `carnet-media` protocol for.
fn media_request(
    harness: &Harness,
    path: &str,
    range: Option<&str>,
) -> tauri::http::Response<std::borrow::Cow<'static, [u8]>> {
    let mut request =
        tauri::http::Request::builder().uri(format!("carnet-media://localhost{path}"));
    if let Some(range) = range {
        request = request.header("Range", range);
    }
    let request = request.body(Vec::new()).unwrap();
    let state = harness.app.state::<AppState>();
    carnet_shell::media_protocol::handle(&request, |wanted| {
        carnet_shell::commands::documents::read_media(&state, wanted)
    })
}

#[test]
fn a_dictation_is_imported_then_played_from_memory_and_the_recorders_file_removed() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let practitioners = harness.invoke("list_practitioners", json!({})).unwrap();
    let author = practitioners[0]["id"].as_str().unwrap().to_string();
    let details = json!({
        "patientId": null, "authorId": author, "kind": "consultation", "priority": "urgent",
        "dueOn": null, "note": "", "consultationOn": null,
    });
    let recorder = harness.dir.path().join("DICTAPHONE");
    std::fs::create_dir_all(&recorder).unwrap();

    // Not audio: a French error about the audio, and her file stays.
    let notes = recorder.join("notes.wav");
    std::fs::write(&notes, "pas un enregistrement").unwrap();
    let refused = harness
        .invoke(
            "import_dictation",
            json!({"path": notes, "details": details, "deleteOriginal": true}),
        )
        .unwrap_err();
    assert_eq!(refused["field"], "audio", "{refused}");
    assert!(notes.exists(), "a refused file is never deleted");

    // A recording: imported, then removed from the recorder.
    let clip = recorder.join("D0001.WAV");
    let original = wav(3);
    std::fs::write(&clip, &original).unwrap();
    let id = harness
        .invoke(
            "import_dictation",
            json!({"path": clip, "details": details, "deleteOriginal": true}),
        )
        .unwrap();
    let id = id.as_str().unwrap();
    assert!(
        !clip.exists(),
        "the recorder's copy is removed once the cabinet holds it"
    );
    let work = harness
        .invoke("report_work_list", json!({"authorId": null}))
        .unwrap();
    assert_eq!(work["toType"][0]["id"], id);
    assert_eq!(work["toType"][0]["durationMs"], 3000);

    // The player's requests: the whole recording, then a range, from memory.
    let whole = media_request(&harness, &format!("/audio/{id}"), None);
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.body().as_ref(), &original[..]);
    assert_eq!(whole.headers()["content-type"], "audio/wav");
    let part = media_request(&harness, &format!("/audio/{id}"), Some("bytes=1000-1999"));
    assert_eq!(part.status(), 206);
    assert_eq!(part.body().as_ref(), &original[1000..2000]);
    assert_eq!(
        media_request(&harness, "/audio/0190-inconnu", None).status(),
        404
    );

    // Locked: nothing is served.
    harness.invoke("lock_cabinet", json!({})).unwrap();
    assert_eq!(
        media_request(&harness, &format!("/audio/{id}"), None).status(),
        403
    );
}

#[test]
fn existing_reports_are_previewed_without_writing_then_filed_all_or_none() {
    let harness = Harness::new();
    harness.create(PASSPHRASE).unwrap();
    let author = harness.invoke("list_practitioners", json!({})).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let draft = json!({
        "birthName": "Dupont", "birthFirstNames": "Jeanne", "birthDate": "12/03/1956",
        "sex": "F", "identityStatus": "provisoire", "phones": [],
        "amcThirdParty": false, "ald": false, "alerts": [],
    });
    let patient = harness
        .invoke(
            "create_patient",
            json!({"draft": draft, "confirmedNotDuplicate": false}),
        )
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let folder = harness.dir.path().join("anciens CR");
    std::fs::create_dir_all(&folder).unwrap();
    let good = folder.join("DUPONT Jeanne 12-03-1956 CR 14-05-2019.txt");
    std::fs::write(
        &good,
        "Échographie abdominale : foie homogène.\r\nConclusion : normale.",
    )
    .unwrap();
    let word97 = folder.join("ancien.doc");
    std::fs::write(&word97, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old Word").unwrap();

    let checks = harness
        .invoke("preview_existing_reports", json!({"paths": [good, word97]}))
        .unwrap();
    let preview = &checks[0]["preview"];
    assert_eq!(preview["patientQuery"], "DUPONT Jeanne 12/03/1956");
    assert_eq!(preview["dateFromName"], "2019-05-14");
    assert!(preview["excerpt"]
        .as_str()
        .unwrap()
        .starts_with("Échographie abdominale"));
    assert!(checks[1]["preview"].is_null());
    assert!(
        checks[1]["error"].as_str().unwrap().contains("ancien.doc"),
        "{}",
        checks[1]
    );
    let none = json!({"patientId": patient, "status": null, "authorId": null, "limit": null});
    assert_eq!(
        harness
            .invoke("list_reports", json!({"filter": none}))
            .unwrap(),
        json!([]),
        "a preview writes nothing"
    );

    // A batch with one bad file: refused whole, nothing filed.
    let details =
        json!({"patientId": patient, "authorId": author, "kind": "examen", "date": "14/05/2019"});
    let refused = harness
        .invoke(
            "import_existing_reports",
            json!({"reports": [
                {"path": good, "details": details},
                {"path": word97, "details": details},
            ]}),
        )
        .unwrap_err();
    assert_eq!(refused["field"], "document", "{refused}");
    assert_eq!(
        harness
            .invoke("list_reports", json!({"filter": none}))
            .unwrap(),
        json!([])
    );

    // The good one alone: in her Documents, validated, dated as confirmed.
    let ids = harness
        .invoke(
            "import_existing_reports",
            json!({"reports": [{"path": good, "details": details}]}),
        )
        .unwrap();
    let listed = harness
        .invoke("list_reports", json!({"filter": none}))
        .unwrap();
    assert_eq!(listed[0]["id"], ids[0]);
    assert_eq!(listed[0]["status"], "valide");
    assert_eq!(listed[0]["consultationOn"], "2019-05-14");
    assert!(good.exists(), "her original stays where it was");
}
