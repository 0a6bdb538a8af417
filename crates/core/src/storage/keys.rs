//! The cabinet key, derived in Rust exactly as SQLCipher 4 would derive it
//! (PBKDF2-HMAC-SHA512, 256 000 iterations, the 16-byte salt that starts the
//! file) and handed to SQLCipher raw.
//!
//! Why: the derivation (~150 ms) then runs once per unlock, yet a second
//! connection (a backup running beside the secretary's work) or a quick
//! unlock by PIN costs nothing; and the file still opens with the passphrase
//! in any SQLCipher 4 tool, since the key is the one SQLCipher derives.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use openssl::hash::MessageDigest;
use zeroize::Zeroizing;

use crate::error::{CoreError, Result};

/// A passphrase in memory, wiped when dropped. `Debug` never prints it.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(Zeroizing::new(text.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// SQLCipher 4 defaults: keep them, so any SQLCipher 4 tool opens the file.
pub const KDF_ITERATIONS: usize = 256_000;
pub const SALT_LEN: usize = 16;
pub const KEY_LEN: usize = 32;

/// The 32-byte key and the file's salt (48 bytes), wiped from memory when
/// dropped. On the heap: moving the key (into a cabinet, out of a PIN unlock) then
/// moves a pointer, and leaves no copy of the bytes on the stack.
pub struct CabinetKey {
    bytes: Zeroizing<Vec<u8>>,
    /// Only the benchmark's plain-SQLite baseline: no key at all.
    unencrypted: bool,
}

impl std::fmt::Debug for CabinetKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CabinetKey(…)")
    }
}

impl CabinetKey {
    /// Derives the key of the file at `path` from its passphrase.
    pub fn derive(passphrase: &Passphrase, path: &Path) -> Result<Self> {
        let salt = read_salt(path)?;
        Self::derive_with_salt(passphrase, &salt)
    }

    pub fn derive_with_salt(passphrase: &Passphrase, salt: &[u8; SALT_LEN]) -> Result<Self> {
        let mut bytes = Zeroizing::new(vec![0u8; KEY_LEN + SALT_LEN]);
        openssl::pkcs5::pbkdf2_hmac(
            passphrase.expose().as_bytes(),
            salt,
            KDF_ITERATIONS,
            MessageDigest::sha512(),
            &mut bytes[..KEY_LEN],
        )
        .map_err(|error| CoreError::Internal(format!("dérivation de la clé : {error}")))?;
        bytes[KEY_LEN..].copy_from_slice(salt);
        Ok(CabinetKey {
            bytes,
            unencrypted: false,
        })
    }

    /// Rebuilds a key from the bytes a quick unlock kept wrapped.
    pub(crate) fn from_bytes(raw: &[u8]) -> Option<Self> {
        if raw.len() != KEY_LEN + SALT_LEN {
            return None;
        }
        let mut bytes = Zeroizing::new(vec![0u8; KEY_LEN + SALT_LEN]);
        bytes.copy_from_slice(raw);
        Some(CabinetKey {
            bytes,
            unencrypted: false,
        })
    }

    /// The "key" of the benchmark's unencrypted copy: it keys nothing, so
    /// the same code paths run on a plain SQLite file. Never used by the app.
    #[cfg(feature = "bench-baselines")]
    pub(crate) fn unencrypted_baseline() -> Self {
        CabinetKey {
            bytes: Zeroizing::new(vec![0u8; KEY_LEN + SALT_LEN]),
            unencrypted: true,
        }
    }

    /// A second copy of this key (a backup job keeps its own).
    pub(crate) fn duplicate(&self) -> Self {
        CabinetKey {
            bytes: self.bytes.clone(),
            unencrypted: self.unencrypted,
        }
    }

    pub(crate) fn is_unencrypted(&self) -> bool {
        self.unencrypted
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes[..]
    }

    pub fn salt(&self) -> &[u8] {
        &self.bytes[KEY_LEN..]
    }

    /// SQLCipher's raw key form, `x'<key><salt>'`, for `sqlite3_key_v2`:
    /// no derivation. The salt is given too, so copies made from this
    /// connection (VACUUM INTO) keep the file's salt and open with the
    /// passphrase. Wiped when dropped.
    pub(crate) fn raw_form(&self) -> Zeroizing<Vec<u8>> {
        let mut text = Zeroizing::new(Vec::with_capacity(3 + 2 * self.bytes.len()));
        text.extend_from_slice(b"x'");
        for byte in self.bytes.iter() {
            text.push(hex_digit(byte >> 4));
            text.push(hex_digit(byte & 0x0f));
        }
        text.push(b'\'');
        text
    }
}

fn hex_digit(nibble: u8) -> u8 {
    b"0123456789abcdef"[usize::from(nibble & 0x0f)]
}

/// The salt SQLCipher wrote at the start of the file.
pub fn read_salt(path: &Path) -> Result<[u8; SALT_LEN]> {
    let mut salt = [0u8; SALT_LEN];
    let mut file = File::open(path)?;
    file.read_exact(&mut salt)
        .map_err(|_| CoreError::NotACabinet {
            reason: "le fichier est trop court".into(),
        })?;
    Ok(salt)
}
