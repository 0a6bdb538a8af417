//! A file she chose to import (patients CSV, calendar ICS), read within a
//! size limit. The limit is checked on the file's size before anything is
//! read, then enforced again while reading (a file that grows meanwhile, or
//! one whose size the system does not know), so a hostile or mistaken choice
//! — a backup, a video, `/dev/zero` — costs neither memory nor minutes.

use std::io::Read;
use std::path::Path;

use crate::error::{CoreError, Result};

/// How big an imported file may be, and what to tell her when it is bigger.
#[derive(Debug, Clone, Copy)]
pub struct SizeLimit {
    pub bytes: u64,
    /// The French sentence that follows « la limite est de N Mo. ».
    pub advice: &'static str,
}

/// Megabytes as file managers show them (10⁶ bytes), rounded up so a file
/// just over the limit never reads as equal to it.
fn megabytes(bytes: u64) -> u64 {
    bytes.div_ceil(1_000_000)
}

fn too_big(size: u64, limit: &SizeLimit) -> CoreError {
    CoreError::InvalidInput {
        field: "file",
        message: format!(
            "Fichier trop volumineux ({} Mo) : la limite est de {} Mo. {}",
            megabytes(size),
            megabytes(limit.bytes),
            limit.advice
        ),
    }
}

/// The whole file, in one buffer, if it is a regular file within `limit`.
pub fn read(path: &Path, limit: &SizeLimit) -> Result<Vec<u8>> {
    let opened = std::fs::File::open(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => CoreError::NotFound {
            path: path.to_path_buf(),
        },
        _ => CoreError::Io(error),
    })?;
    let metadata = opened.metadata()?;
    if !metadata.is_file() {
        return Err(CoreError::InvalidInput {
            field: "file",
            message: format!(
                "« {} » n'est pas un fichier : choisissez le fichier exporté par l'autre logiciel.",
                path.display()
            ),
        });
    }
    if metadata.len() > limit.bytes {
        return Err(too_big(metadata.len(), limit));
    }
    // Sized from the metadata (one allocation), bounded again while reading.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    opened.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_big(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: SizeLimit = SizeLimit {
        bytes: 50_000_000,
        advice: "Découpez-le.",
    };

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("enorme.csv");
        // Sparse: 10 GB announced, nothing written. Reading it would take
        // minutes and the memory of the machine; refusing takes no time.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(10_000_000_000)
            .unwrap();
        let error = read(&path, &LIMIT).unwrap_err().to_string();
        assert_eq!(
            error,
            "Fichier trop volumineux (10000 Mo) : la limite est de 50 Mo. Découpez-le."
        );
        std::fs::File::create(&path)
            .unwrap()
            .set_len(50_000_001)
            .unwrap();
        assert!(read(&path, &LIMIT)
            .unwrap_err()
            .to_string()
            .starts_with("Fichier trop volumineux (51 Mo) : la limite est de 50 Mo."));
    }

    #[test]
    fn a_file_within_the_limit_is_read_whole_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("patients.csv");
        std::fs::write(&path, b"Nom;Prenom\n").unwrap();
        assert_eq!(read(&path, &LIMIT).unwrap(), b"Nom;Prenom\n");
        let small = SizeLimit {
            bytes: 4,
            advice: "",
        };
        assert!(read(&path, &small).is_err());
        // Endless, and its size unknown: never read.
        let error = read(Path::new("/dev/zero"), &LIMIT).unwrap_err();
        assert!(
            error.to_string().contains("n'est pas un fichier"),
            "{error}"
        );
        assert!(matches!(
            read(&dir.path().join("absent.csv"), &LIMIT),
            Err(CoreError::NotFound { .. })
        ));
    }
}
