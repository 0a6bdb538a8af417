//! Documents kept beside the cabinet file, encrypted, named by their content.
//!
//! Why not inside the file: scans make a cabinet grow by gigabytes over the
//! years, and the verified backup (`VACUUM INTO`, then both integrity
//! checks) reads and rewrites the whole file every day. A document never
//! changes once filed, so it is written once into a folder of encrypted
//! files, and a backup copies only the ones its folder does not hold yet.
//!
//! - One folder per cabinet and per place: `carnet-documents-<cabinet id>`
//!   beside the cabinet file, and beside its backups on the USB disk. Two
//!   cabinets in the same folder never share one; a cabinet and its backups
//!   in the same folder do (nothing is ever rewritten in it).
//! - The key is 32 random bytes kept *inside* the encrypted file: whoever
//!   cannot open the cabinet cannot read a document, and a passphrase change
//!   (which rewrites the file under a new key) does not have to rewrite
//!   gigabytes of scans.
//! - A document's name is a keyed SHA-256 of its bytes: the same scan filed
//!   twice is stored once, and the name tells nothing of the content to
//!   someone without the key (a plain hash would let him test a guess).
//! - Each file is `CARNETD1`, a random 24-byte nonce, then the bytes sealed
//!   with XChaCha20-Poly1305, the name as associated data: a file altered,
//!   truncated or swapped for another is refused, never shown.
//! - Writing is all or nothing: a temporary file in the same folder,
//!   fsynced, renamed, the folder fsynced. The database row that names a
//!   document is committed only after the document is on disk, so an
//!   acknowledged document is never missing; a crash in between leaves an
//!   unnamed file, never a name without its file.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};
use crate::storage::files::sync_parent_dir;

const MAGIC: &[u8; 8] = b"CARNETD1";
const NONCE_LEN: usize = 24;
/// Poly1305's tag.
const TAG_LEN: usize = 16;

/// The key of a cabinet's documents (kept in the cabinet file).
pub struct DocumentKey(Zeroizing<[u8; 32]>);

impl DocumentKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| CoreError::Damaged {
            detail: "la clé des documents du cabinet est illisible".into(),
        })?;
        Ok(Self(Zeroizing::new(array)))
    }

    /// 32 bytes from the operating system's random generator.
    pub fn random() -> Zeroizing<[u8; 32]> {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        bytes
    }

    /// One key for naming, another for sealing, each derived from the
    /// stored key with its own label.
    fn derived(&self, label: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut hasher = Sha256::new();
        hasher.update(label);
        hasher.update(self.0.as_ref());
        Zeroizing::new(hasher.finalize().into())
    }
}

/// The folder name of a cabinet's documents, beside any of its files.
pub fn folder_name(cabinet_id: &str) -> String {
    format!("carnet-documents-{cabinet_id}")
}

/// A cabinet's documents in one place.
pub struct BlobStore {
    dir: PathBuf,
    name_key: Zeroizing<[u8; 32]>,
    seal_key: Zeroizing<[u8; 32]>,
}

impl BlobStore {
    /// The store of cabinet `cabinet_id` in `folder` (created on first write).
    pub fn in_folder(folder: &Path, cabinet_id: &str, key: &DocumentKey) -> Self {
        Self {
            dir: folder.join(folder_name(cabinet_id)),
            name_key: key.derived(b"carnet/documents/nom"),
            seal_key: key.derived(b"carnet/documents/scelle"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The name a document's bytes are stored under.
    pub fn name_of(&self, bytes: &[u8]) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.name_key.as_ref());
        hasher.update(bytes);
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn path_of(&self, name: &str) -> Result<PathBuf> {
        // Names come from the cabinet file; a name that is not ours is
        // never turned into a path.
        if name.len() != 64 || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(CoreError::Damaged {
                detail: "un document porte un nom invalide".into(),
            });
        }
        Ok(self.dir.join(&name[..2]).join(name))
    }

    /// Stores `bytes` (once: the same bytes again cost nothing) and returns
    /// their name. On return the document is on disk, fsynced.
    pub fn put(&self, bytes: &[u8]) -> Result<String> {
        let name = self.name_of(bytes);
        let path = self.path_of(&name)?;
        if path.exists() {
            return Ok(name);
        }
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = XChaCha20Poly1305::new(self.seal_key.as_ref().into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: bytes,
                    aad: name.as_bytes(),
                },
            )
            .map_err(|_| CoreError::Internal("chiffrement d'un document impossible".into()))?;
        let mut content = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
        content.extend_from_slice(MAGIC);
        content.extend_from_slice(&nonce);
        content.extend_from_slice(&sealed);
        write_whole(&path, &content)?;
        Ok(name)
    }

    /// A document's bytes, checked: missing, altered or swapped is an error.
    pub fn get(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.path_of(name)?;
        let content = fs::read(&path).map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => self.missing(),
            _ => error.into(),
        })?;
        self.open(name, &content)
    }

    fn missing(&self) -> CoreError {
        CoreError::Damaged {
            detail: format!(
                "un document manque dans le dossier « {} » (copiez ce dossier avec le fichier du cabinet)",
                self.dir.display()
            ),
        }
    }

    fn open(&self, name: &str, content: &[u8]) -> Result<Vec<u8>> {
        let altered = || CoreError::Damaged {
            detail: format!(
                "un document du dossier « {} » a été modifié ou abîmé",
                self.dir.display()
            ),
        };
        if content.len() < MAGIC.len() + NONCE_LEN + TAG_LEN || &content[..MAGIC.len()] != MAGIC {
            return Err(altered());
        }
        let (nonce, sealed) = content[MAGIC.len()..].split_at(NONCE_LEN);
        let bytes = XChaCha20Poly1305::new(self.seal_key.as_ref().into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: name.as_bytes(),
                },
            )
            .map_err(|_| altered())?;
        if self.name_of(&bytes) != name {
            return Err(altered());
        }
        Ok(bytes)
    }

    /// Whether `name` is here with the size a sealed copy of it must have
    /// (a cheap test for the documents a backup already holds).
    fn holds(&self, name: &str, size: u64) -> bool {
        self.path_of(name)
            .ok()
            .and_then(|path| fs::metadata(path).ok())
            .is_some_and(|meta| meta.len() == size)
    }

    /// Copies into `other` the documents of `names` it does not hold yet,
    /// each checked once copied (it opens with the key). Returns how many
    /// were copied. Nothing is copied twice: that is what makes a daily
    /// backup of years of scans take seconds.
    pub fn copy_missing_into(&self, other: &BlobStore, names: &[String]) -> Result<usize> {
        let mut copied = 0;
        for name in names {
            let from = self.path_of(name)?;
            let size = fs::metadata(&from).map_err(|_| self.missing())?.len();
            if other.holds(name, size) {
                continue;
            }
            let content = fs::read(&from)?;
            other.open(name, &content)?;
            write_whole(&other.path_of(name)?, &content)?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Opens every document of `names`: the ones missing or altered, in
    /// French, for `carnet-admin check` and the backups' verification.
    pub fn problems(&self, names: &[String]) -> Vec<String> {
        let mut missing = 0;
        let mut altered = 0;
        for name in names {
            match self.path_of(name).map(fs::read) {
                Ok(Ok(content)) => {
                    if self.open(name, &content).is_err() {
                        altered += 1;
                    }
                }
                Ok(Err(_)) => missing += 1,
                Err(_) => altered += 1,
            }
        }
        let mut problems = Vec::new();
        if missing > 0 {
            problems.push(format!(
                "{missing} document(s) manquant(s) dans « {} »",
                self.dir.display()
            ));
        }
        if altered > 0 {
            problems.push(format!(
                "{altered} document(s) modifié(s) ou abîmé(s) dans « {} »",
                self.dir.display()
            ));
        }
        problems
    }

    /// Removes documents no longer named by any row (end of retention).
    pub fn remove(&self, names: &[String]) -> Result<()> {
        for name in names {
            match fs::remove_file(self.path_of(name)?) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    /// Every document name present in this folder.
    pub fn names(&self) -> Vec<String> {
        let Ok(shards) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        shards
            .filter_map(|shard| shard.ok())
            .filter_map(|shard| fs::read_dir(shard.path()).ok())
            .flatten()
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()))
            .collect()
    }
}

/// Writes `content` at `path` all or nothing: temporary file, fsync,
/// rename, folder fsync.
fn write_whole(path: &Path, content: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let temporary = dir.join(format!(
        ".{}.partiel",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    let written = (|| -> std::io::Result<()> {
        let mut file = File::create(&temporary)?;
        file.write_all(content)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(error.into());
    }
    sync_parent_dir(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(folder: &Path) -> BlobStore {
        let key = DocumentKey::from_bytes(&[7u8; 32]).unwrap();
        BlobStore::in_folder(folder, "cabinet-a", &key)
    }

    #[test]
    fn a_document_comes_back_whole_and_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let scan = b"%PDF-1.4 compte-rendu Mme Allain".repeat(100);
        let name = store.put(&scan).unwrap();
        assert_eq!(store.put(&scan).unwrap(), name);
        assert_eq!(store.names(), vec![name.clone()]);
        assert_eq!(store.get(&name).unwrap(), scan);
    }

    #[test]
    fn nothing_readable_on_disk_and_the_name_is_keyed() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let scan = b"Patient ALLAIN Jeanne, NIR 2 52 07 75 123 456".to_vec();
        let name = store.put(&scan).unwrap();
        let on_disk = fs::read(store.path_of(&name).unwrap()).unwrap();
        assert!(!on_disk.windows(6).any(|w| w == b"ALLAIN"));
        let plain_hash: String = Sha256::digest(&scan)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_ne!(name, plain_hash);
        let other_key = DocumentKey::from_bytes(&[8u8; 32]).unwrap();
        let other = BlobStore::in_folder(dir.path(), "cabinet-a", &other_key);
        assert_ne!(other.name_of(&scan), name);
        assert!(other.get(&name).is_err(), "another key opens nothing");
    }

    #[test]
    fn an_altered_truncated_or_swapped_document_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let first = store.put(b"premier courrier").unwrap();
        let second = store.put(b"second courrier").unwrap();
        let path = store.path_of(&first).unwrap();
        let good = fs::read(&path).unwrap();

        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        fs::write(&path, &flipped).unwrap();
        assert!(matches!(store.get(&first), Err(CoreError::Damaged { .. })));

        fs::write(&path, &good[..good.len() - 3]).unwrap();
        assert!(matches!(store.get(&first), Err(CoreError::Damaged { .. })));

        fs::copy(store.path_of(&second).unwrap(), &path).unwrap();
        assert!(matches!(store.get(&first), Err(CoreError::Damaged { .. })));
        assert_eq!(store.problems(&[first.clone(), second.clone()]).len(), 1);

        fs::remove_file(&path).unwrap();
        let error = store.get(&first).unwrap_err().to_string();
        assert!(error.contains("manque"), "{error}");
        assert!(store.get("../../etc/passwd").is_err());
    }

    #[test]
    fn a_copy_takes_only_what_the_other_folder_lacks() {
        let here = tempfile::tempdir().unwrap();
        let usb = tempfile::tempdir().unwrap();
        let source = store(here.path());
        let backup = store(usb.path());
        let names: Vec<String> = (0..5)
            .map(|i| source.put(format!("scan {i}").as_bytes()).unwrap())
            .collect();
        assert_eq!(source.copy_missing_into(&backup, &names).unwrap(), 5);
        assert_eq!(source.copy_missing_into(&backup, &names).unwrap(), 0);
        let more = source.put(b"scan du jour").unwrap();
        let all = [names.clone(), vec![more.clone()]].concat();
        assert_eq!(source.copy_missing_into(&backup, &all).unwrap(), 1);
        assert_eq!(backup.get(&more).unwrap(), b"scan du jour");
        assert!(backup.problems(&all).is_empty());
        // A damaged source document is never copied as if it were good.
        let broken = source.path_of(&names[0]).unwrap();
        fs::write(&broken, b"CARNETD1 abime abime abime abime abime").unwrap();
        fs::remove_file(backup.path_of(&names[0]).unwrap()).unwrap();
        assert!(source.copy_missing_into(&backup, &names).is_err());
    }
}
