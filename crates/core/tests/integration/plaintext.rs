//! Nothing of a patient is readable outside the encryption: not in the
//! file, not in the WAL or shared memory, not in any file written beside it.

use carnet_core::demo::{self, DemoGenerator};

use crate::util::Workspace;

/// Every file in the folder, as bytes.
fn everything_written(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// memchr's SIMD search: the files are megabytes, the needles hundreds.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[test]
fn no_patient_name_is_readable_in_any_file_written() {
    let workspace = Workspace::new();
    let (_, mut cabinet) = workspace.create("secret.carnet");
    demo::add_patients(&mut cabinet, 400, 11, &mut |_, _| {}).unwrap();

    // The same seed draws the same people: these are the names inside.
    let mut generator = DemoGenerator::new(11).unwrap();
    let people: Vec<_> = (0..400).map(|_| generator.next_patient()).collect();
    let mut needles: Vec<String> = people
        .iter()
        .flat_map(|p| {
            [
                Some(p.birth_name.clone()),
                Some(p.birth_first_names.clone()),
                p.nir.clone(),
                p.email.clone(),
                p.address.as_ref().map(|(street, _)| street.clone()),
            ]
        })
        .flatten()
        .filter(|n| n.len() >= 6)
        .collect();
    needles.push("Cabinet du Dr Lefèvre".into());
    needles.push("Hélène".into());
    needles.sort();
    needles.dedup();
    assert!(needles.len() > 300);

    // While open (WAL and -shm present), then after closing.
    let while_open = everything_written(workspace.dir.path());
    assert!(
        while_open.iter().any(|(name, _)| name.ends_with("-wal")),
        "WAL present while open"
    );
    // Positive control: the same scan finds the names in the same data
    // written without encryption (the benchmark's plain copy).
    #[cfg(feature = "bench-baselines")]
    {
        let plain_dir = tempfile::tempdir().unwrap();
        cabinet
            .export_unencrypted_baseline(&plain_dir.path().join("plain.sqlite"))
            .unwrap();
        let plain = everything_written(plain_dir.path());
        let found = needles
            .iter()
            .filter(|needle| {
                plain
                    .iter()
                    .any(|(_, bytes)| contains(bytes, needle.as_bytes()))
            })
            .count();
        assert!(
            found * 10 >= needles.len() * 9,
            "the scan found only {found} of {} names in plaintext",
            needles.len()
        );
    }
    cabinet.close();
    let after_close = everything_written(workspace.dir.path());
    for (moment, files) in [("ouvert", while_open), ("fermé", after_close)] {
        assert!(files.iter().any(|(name, _)| name == "secret.carnet"));
        for (name, bytes) in &files {
            for needle in &needles {
                assert!(
                    !contains(bytes, needle.as_bytes()),
                    "« {needle} » readable in {name} (cabinet {moment})"
                );
            }
        }
    }
}

/// Every file under the folder, at any depth.
fn everything_under(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(everything_under(&path));
        } else if path.is_file() {
            found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

#[test]
fn no_sample_of_a_dictation_nor_a_word_of_its_report_is_readable_on_disk() {
    use carnet_core::documents::{audio, reports, Priority};

    let workspace = Workspace::new();
    let mut desk = crate::documents::desk(&workspace);
    // The recording comes from the recorder's folder, which is outside;
    // what is scanned is the cabinet's folder (the temp home of the test).
    let recorder = tempfile::tempdir().unwrap();
    let recording = crate::documents::wav(5, 77);
    let original = recorder.path().join("DICT0042.WAV");
    std::fs::write(&original, &recording).unwrap();
    let checked = audio::read_file(&original).unwrap();
    let details = crate::documents::details(&desk, Priority::Urgent, None);
    let id = reports::import_dictation(&mut desk.cabinet, &checked, &details).unwrap();
    let words = "Gonarthrose tricompartimentale évoluée, infiltration proposée.";
    let body = serde_json::json!({"type": "doc", "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": words}]}]});
    reports::save_body(&mut desk.cabinet, &id, &body).unwrap();
    // Deleted from the recorder once the copy inside is verified.
    audio::delete_original(&desk.cabinet, &id, &original).unwrap();
    assert!(!original.exists());

    // Forty windows of 24 bytes spread over the samples (noise: each
    // window is found nowhere else by chance), and the report's words.
    let samples = &recording[44..];
    let mut needles: Vec<Vec<u8>> = (0..40)
        .map(|i| {
            let at = i * (samples.len() - 24) / 40;
            samples[at..at + 24].to_vec()
        })
        .collect();
    needles.extend(
        ["Gonarthrose", "tricompartimentale", "infiltration"]
            .iter()
            .map(|w| w.as_bytes().to_vec()),
    );
    // Positive control: the needles are what the cabinet holds.
    let (_, stored) = audio::bytes(&desk.cabinet, &id).unwrap();
    assert!(needles[..40].iter().all(|n| contains(&stored, n)));

    let while_open = everything_under(workspace.dir.path());
    assert!(
        while_open
            .iter()
            .any(|(name, bytes)| name.ends_with("-wal") && bytes.len() > recording.len()),
        "the WAL holds the recording's pages while open"
    );
    // And the scan sees them in the same data written without encryption.
    #[cfg(feature = "bench-baselines")]
    {
        let plain_dir = tempfile::tempdir().unwrap();
        desk.cabinet
            .export_unencrypted_baseline(&plain_dir.path().join("plain.sqlite"))
            .unwrap();
        let plain = everything_under(plain_dir.path());
        for (index, needle) in needles.iter().enumerate() {
            assert!(
                plain.iter().any(|(_, bytes)| contains(bytes, needle)),
                "needle {index} not found even in plaintext"
            );
        }
    }
    desk.cabinet.close();
    let after_close = everything_under(workspace.dir.path());
    for (moment, files) in [("ouvert", while_open), ("fermé", after_close)] {
        for (name, bytes) in &files {
            for (index, needle) in needles.iter().enumerate() {
                assert!(
                    !contains(bytes, needle),
                    "needle {index} readable in {name} (cabinet {moment})"
                );
            }
        }
    }
}
