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
