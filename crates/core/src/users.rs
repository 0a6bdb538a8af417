//! The people who work in the cabinet (the secretary, the doctor, a
//! remplaçant), their role, and their PIN for quick unlock.
//!
//! How a PIN unlocks without the passphrase: the file holds a random
//! quick-unlock secret `Q`. Each user's `pin_blob` is `Q` sealed
//! (ChaCha20-Poly1305) with a key stretched from her PIN by Argon2id. When
//! the cabinet locks, the cabinet key is sealed with `Q` and kept in memory
//! with the users' blobs; `Q` and the key themselves are wiped. The right PIN
//! unseals `Q`, then the key. Five wrong PINs wipe the sealed key: the
//! passphrase is needed again. A changed passphrase needs nothing redone.
//!
//! Limit, stated: someone who copies the memory of a *locked* session could
//! try every PIN offline (Argon2id makes each try cost ~28 ms a core here:
//! 6 digits take hours on a laptop, minutes on a server; ARCHITECTURE.md,
//! « What a PIN protects »). A cabinet fully closed keeps nothing in memory.

use argon2::{Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::cabinet::{Assembly, Cabinet, CabinetClaim, UnlockFailure};
use crate::error::{CoreError, Result};
use crate::hardening;
use crate::ids::new_id;
use crate::storage::audit_functions::Actor;
use crate::storage::keys::CabinetKey;

/// Argon2id's cost for each PIN tried: 19 MiB, 2 passes (OWASP's minimum).
pub const ARGON2_MEMORY_KIB: u32 = 19 * 1024;
pub const ARGON2_PASSES: u32 = 2;

/// A new PIN has six digits unless an administrator lowered it to four.
pub const PIN_MIN_DIGITS_DEFAULT: u32 = 6;

/// Wrong PINs allowed before the cabinet closes fully.
pub const MAX_PIN_ATTEMPTS: u8 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Manages users, settings, backups and the audit trail.
    Administrateur,
    Utilisateur,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur",
            Role::Utilisateur => "utilisateur",
        }
    }

    fn parse(text: &str) -> Role {
        if text == "administrateur" {
            Role::Administrateur
        } else {
            Role::Utilisateur
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub has_pin: bool,
    pub active: bool,
}

/// A PIN as typed, wiped from memory when dropped.
pub struct Pin(Zeroizing<String>);

impl Pin {
    pub fn new(text: impl Into<String>) -> Self {
        Pin(Zeroizing::new(text.into()))
    }

    fn validated(&self) -> Result<&str> {
        let text = self.0.as_str();
        if !(4..=8).contains(&text.chars().count()) || !text.chars().all(|c| c.is_ascii_digit()) {
            return Err(CoreError::invalid(
                "pin",
                "Le code PIN compte de 4 à 8 chiffres.",
            ));
        }
        if text.chars().all(|c| text.starts_with(c))
            || "0123456789".contains(text)
            || "9876543210".contains(text)
        {
            return Err(CoreError::invalid(
                "pin",
                "Ce code PIN se devine trop vite (chiffres répétés ou qui se suivent). Choisissez-en un autre.",
            ));
        }
        Ok(text)
    }
}

pub fn list(cabinet: &Cabinet) -> Result<Vec<User>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, name, role, pin_blob IS NOT NULL, active FROM users
         ORDER BY active DESC, name COLLATE NOCASE",
    )?;
    let users = statement
        .query_map([], |row| {
            Ok(User {
                id: row.get(0)?,
                name: row.get(1)?,
                role: Role::parse(&row.get::<_, String>(2)?),
                has_pin: row.get(3)?,
                active: row.get(4)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(users)
}

pub fn active(cabinet: &Cabinet) -> Result<Vec<User>> {
    Ok(list(cabinet)?.into_iter().filter(|u| u.active).collect())
}

fn get(cabinet: &Cabinet, id: &str) -> Result<User> {
    list(cabinet)?
        .into_iter()
        .find(|u| u.id == id)
        .ok_or_else(|| CoreError::invalid("user", "Ce profil n'existe plus."))
}

/// The user working now, if the cabinet knows (always, once identified).
pub fn current(cabinet: &Cabinet) -> Result<Option<User>> {
    match cabinet.actor() {
        Some(actor) => Ok(Some(get(cabinet, &actor.user_id)?)),
        None => Ok(None),
    }
}

pub(crate) fn require_admin(cabinet: &Cabinet) -> Result<()> {
    match current(cabinet)? {
        Some(user) if user.role == Role::Administrateur => Ok(()),
        _ => Err(CoreError::invalid(
            "role",
            "Seul un profil administrateur peut gérer les profils et les réglages de sécurité.",
        )),
    }
}

fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err(CoreError::invalid(
            "name",
            "Donnez un nom au profil (60 caractères au plus), par exemple « Dr Martin ».",
        ));
    }
    Ok(name.to_string())
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct UserDraft {
    pub name: String,
    pub role: Role,
}

/// Adds a profile. With two people or more, each identifies with her PIN
/// after the passphrase, so every active profile must have one.
pub fn create(cabinet: &mut Cabinet, draft: &UserDraft, pin: &Pin) -> Result<User> {
    require_admin(cabinet)?;
    let name = validate_name(&draft.name)?;
    let without_pin: Vec<String> = active(cabinet)?
        .into_iter()
        .filter(|u| !u.has_pin)
        .map(|u| u.name)
        .collect();
    if !without_pin.is_empty() {
        return Err(CoreError::invalid(
            "pin",
            format!(
                "Avec plusieurs profils, chacun se reconnaît par son code PIN : définissez d'abord le code PIN de {}.",
                without_pin.join(", ")
            ),
        ));
    }
    let id = new_id();
    let sealed = seal_secret_for(cabinet, pin, &id)?;
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "INSERT INTO users (id, name, role, pin_salt, pin_blob, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, name, draft.role.as_str(), sealed.salt, sealed.blob, now],
    )?;
    get(cabinet, &id)
}

/// Renames, changes the role or deactivates a profile. The last active
/// administrator stays one.
pub fn update(cabinet: &mut Cabinet, id: &str, draft: &UserDraft, active: bool) -> Result<User> {
    require_admin(cabinet)?;
    let name = validate_name(&draft.name)?;
    let others_admin = active_admins(cabinet)?.into_iter().any(|u| u.id != id);
    if (!active || draft.role != Role::Administrateur) && !others_admin {
        return Err(CoreError::invalid(
            "role",
            "Il faut garder au moins un profil administrateur actif.",
        ));
    }
    if cabinet.actor().is_some_and(|a| a.user_id == id) && !active {
        return Err(CoreError::invalid(
            "active",
            "Vous ne pouvez pas désactiver votre propre profil.",
        ));
    }
    cabinet.conn().execute(
        "UPDATE users SET name = ?2, role = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, name, draft.role.as_str(), active, cabinet.now_utc()],
    )?;
    if cabinet.actor().is_some_and(|a| a.user_id == id) {
        cabinet.set_actor(Some(Actor {
            user_id: id.to_string(),
            name,
        }));
    }
    get(cabinet, id)
}

fn active_admins(cabinet: &Cabinet) -> Result<Vec<User>> {
    Ok(active(cabinet)?
        .into_iter()
        .filter(|u| u.role == Role::Administrateur)
        .collect())
}

/// Sets (or changes) a PIN: her own, or anyone's for an administrator.
pub fn set_pin(cabinet: &mut Cabinet, id: &str, pin: &Pin) -> Result<()> {
    if cabinet.actor().is_none_or(|a| a.user_id != id) {
        require_admin(cabinet)?;
    }
    get(cabinet, id)?;
    let sealed = seal_secret_for(cabinet, pin, id)?;
    cabinet.conn().execute(
        "UPDATE users SET pin_salt = ?2, pin_blob = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, sealed.salt, sealed.blob, cabinet.now_utc()],
    )?;
    Ok(())
}

/// Removes a PIN (one-person cabinets only: with several, it identifies her).
pub fn clear_pin(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    if cabinet.actor().is_none_or(|a| a.user_id != id) {
        require_admin(cabinet)?;
    }
    if active(cabinet)?.len() > 1 {
        return Err(CoreError::invalid(
            "pin",
            "Avec plusieurs profils, chacun garde un code PIN pour se reconnaître.",
        ));
    }
    cabinet.conn().execute(
        "UPDATE users SET pin_salt = NULL, pin_blob = NULL, updated_at = ?2 WHERE id = ?1",
        params![id, cabinet.now_utc()],
    )?;
    Ok(())
}

/// Who is working, after the passphrase: with one active profile, she is
/// known at once; with several, `identify` asks for the PIN.
pub fn adopt_single_user(cabinet: &mut Cabinet) -> Result<bool> {
    let users = active(cabinet)?;
    if let [only] = users.as_slice() {
        cabinet.set_actor(Some(Actor {
            user_id: only.id.clone(),
            name: only.name.clone(),
        }));
        return Ok(true);
    }
    Ok(false)
}

/// Checks a PIN against a profile and makes her the current user. A wrong
/// PIN is `WrongPin`; the caller counts the attempts.
pub fn identify(cabinet: &mut Cabinet, id: &str, pin: &Pin) -> Result<User> {
    let user = check_pin(cabinet, id, pin)?;
    cabinet.set_actor(Some(Actor {
        user_id: user.id.clone(),
        name: user.name.clone(),
    }));
    Ok(user)
}

/// Checks a PIN against an active profile without changing who is working
/// (the doctor signing a report at the secretary's desk). A wrong PIN is
/// `WrongPin`; the caller counts the attempts.
pub fn check_pin(cabinet: &Cabinet, id: &str, pin: &Pin) -> Result<User> {
    let user = get(cabinet, id)?;
    if !user.active {
        return Err(CoreError::invalid("user", "Ce profil est désactivé."));
    }
    let (salt, blob): (Option<Vec<u8>>, Option<Vec<u8>>) = cabinet.conn().query_row(
        "SELECT pin_salt, pin_blob FROM users WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    match (salt, blob) {
        (Some(salt), Some(blob)) => {
            unseal(&stretch(pin, &salt)?[..], &blob, id.as_bytes()).ok_or(CoreError::WrongPin)?;
        }
        _ => {
            return Err(CoreError::invalid(
                "pin",
                "Ce profil n'a pas de code PIN : un administrateur doit lui en donner un.",
            ))
        }
    }
    Ok(user)
}

struct SealedSecret {
    salt: Vec<u8>,
    blob: Vec<u8>,
}

/// The fewest digits a new PIN may have in this cabinet (PINs set before
/// keep working).
pub fn pin_min_digits(cabinet: &Cabinet) -> Result<u32> {
    let text: Option<String> = cabinet
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = 'pin_min_digits'",
            [],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| t.parse().ok())
        .unwrap_or(PIN_MIN_DIGITS_DEFAULT))
}

fn seal_secret_for(cabinet: &Cabinet, pin: &Pin, user_id: &str) -> Result<SealedSecret> {
    let digits = pin.validated()?.len();
    let least = pin_min_digits(cabinet)?;
    if digits < least as usize {
        return Err(CoreError::invalid(
            "pin",
            format!("Le code PIN compte au moins {least} chiffres dans ce cabinet."),
        ));
    }
    let secret = quick_unlock_secret(cabinet)?;
    let mut salt = vec![0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let kek = stretch(pin, &salt)?;
    // The user id is bound to the blob: a blob copied onto another profile
    // does not open.
    let blob = seal(&kek[..], &secret, user_id.as_bytes())?;
    Ok(SealedSecret { salt, blob })
}

fn quick_unlock_secret(cabinet: &Cabinet) -> Result<Zeroizing<Vec<u8>>> {
    let hex: Zeroizing<String> = Zeroizing::new(
        cabinet
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = 'quick_unlock_secret'",
                [],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::Internal("secret de déverrouillage absent".into()))?,
    );
    decode_hex(&hex).ok_or_else(|| CoreError::Internal("secret de déverrouillage illisible".into()))
}

fn decode_hex(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() / 2));
    for pair in text.as_bytes().chunks(2) {
        let high = (pair[0] as char).to_digit(16)?;
        let low = (pair[1] as char).to_digit(16)?;
        bytes.push((high * 16 + low) as u8);
    }
    Some(bytes)
}

/// Argon2id, 19 MiB, 2 passes: OWASP's minimum for passwords. Its work
/// area (whose last block gives the result) is wiped when dropped, and so
/// is the stack the hashing used.
fn stretch(pin: &Pin, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
    hardening::scrubbing_stack(|| {
        let text = pin.0.as_str();
        let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_PASSES, 1, Some(32))
            .map_err(|error| CoreError::Internal(format!("paramètres Argon2 : {error}")))?;
        let mut out = Zeroizing::new([0u8; 32]);
        let mut work_area = Zeroizing::new(vec![Block::default(); params.block_count()]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into_with_memory(text.as_bytes(), salt, &mut out[..], &mut work_area[..])
            .map_err(|error| CoreError::Internal(format!("Argon2 : {error}")))?;
        Ok(out)
    })
}

fn seal(key: &[u8], plain: &[u8], bound_to: &[u8]) -> Result<Vec<u8>> {
    hardening::scrubbing_stack(|| seal_here(key, plain, bound_to))
}

fn seal_here(key: &[u8], plain: &[u8], bound_to: &[u8]) -> Result<Vec<u8>> {
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: bound_to,
            },
        )
        .map_err(|_| CoreError::Internal("chiffrement du secret".into()))?;
    let mut blob = nonce.to_vec();
    blob.extend_from_slice(&sealed);
    Ok(blob)
}

fn unseal(key: &[u8], blob: &[u8], bound_to: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    hardening::scrubbing_stack(|| unseal_here(key, blob, bound_to))
}

fn unseal_here(key: &[u8], blob: &[u8], bound_to: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if blob.len() < 12 + 16 {
        return None;
    }
    let cipher = ChaCha20Poly1305::new(Key::from_slice(key));
    cipher
        .decrypt(
            Nonce::from_slice(&blob[..12]),
            Payload {
                msg: &blob[12..],
                aad: bound_to,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// What a locked cabinet keeps in memory for a PIN to reopen it: the users'
/// sealed secrets and the cabinet key sealed with that secret.
pub struct QuickUnlock {
    users: Vec<QuickUser>,
    sealed_key: Vec<u8>,
    cabinet_id: String,
    failures: u8,
    /// How the cabinet it reopens is assembled (the one it was locked from).
    assembly: &'static Assembly,
}

struct QuickUser {
    user: User,
    salt: Vec<u8>,
    blob: Vec<u8>,
}

impl std::fmt::Debug for QuickUnlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QuickUnlock({} profils)", self.users.len())
    }
}

impl Cabinet {
    /// Reopens a locked cabinet with a PIN. The user is known at once.
    pub fn unlock_with_pin(
        claim: CabinetClaim,
        quick: &mut QuickUnlock,
        user_id: &str,
        pin: &Pin,
    ) -> std::result::Result<Self, UnlockFailure> {
        match quick.open(user_id, pin) {
            Ok((key, actor)) => {
                let cabinet = Cabinet::unlock_with_key(claim, key, quick.assembly)?;
                cabinet.set_actor(Some(actor));
                Ok(cabinet)
            }
            Err(error) => Err(UnlockFailure { claim, error }),
        }
    }

    /// Locks, keeping what a PIN needs to reopen (nothing if nobody has one).
    pub fn lock_for_quick_unlock(self) -> (CabinetClaim, Option<QuickUnlock>) {
        // Failing to prepare only means the passphrase will be asked.
        let quick = QuickUnlock::prepare(&self, self.key()).ok().flatten();
        (self.lock(), quick)
    }
}

impl QuickUnlock {
    /// Prepared just before the key is forgotten; `None` when nobody has a PIN.
    pub(crate) fn prepare(cabinet: &Cabinet, key: &CabinetKey) -> Result<Option<Self>> {
        let mut statement = cabinet.conn().prepare(
            "SELECT id, name, role, pin_salt, pin_blob FROM users
             WHERE active = 1 AND pin_blob IS NOT NULL ORDER BY name COLLATE NOCASE",
        )?;
        let users = statement
            .query_map([], |row| {
                Ok(QuickUser {
                    user: User {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        role: Role::parse(&row.get::<_, String>(2)?),
                        has_pin: true,
                        active: true,
                    },
                    salt: row.get(3)?,
                    blob: row.get(4)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        if users.is_empty() {
            return Ok(None);
        }
        let secret = quick_unlock_secret(cabinet)?;
        let cabinet_id = cabinet.info().id.clone();
        let sealed_key = seal(&secret, key.as_bytes(), cabinet_id.as_bytes())?;
        Ok(Some(QuickUnlock {
            users,
            sealed_key,
            cabinet_id,
            failures: 0,
            assembly: cabinet.assembly(),
        }))
    }

    /// The profiles that can unlock with a PIN (for the lock screen).
    pub fn users(&self) -> Vec<User> {
        self.users.iter().map(|u| u.user.clone()).collect()
    }

    pub fn attempts_left(&self) -> u8 {
        MAX_PIN_ATTEMPTS.saturating_sub(self.failures)
    }

    /// The cabinet key, if `pin` is this user's. Counts failures; after the
    /// fifth, the sealed key is wiped and only the passphrase opens.
    pub(crate) fn open(&mut self, user_id: &str, pin: &Pin) -> Result<(CabinetKey, Actor)> {
        if self.failures >= MAX_PIN_ATTEMPTS {
            return Err(CoreError::TooManyPinAttempts);
        }
        let attempt = self.try_open(user_id, pin);
        match attempt {
            Some(opened) => {
                self.failures = 0;
                Ok(opened)
            }
            None => {
                self.failures += 1;
                if self.failures >= MAX_PIN_ATTEMPTS {
                    self.sealed_key.iter_mut().for_each(|b| *b = 0);
                    self.sealed_key.clear();
                    return Err(CoreError::TooManyPinAttempts);
                }
                Err(CoreError::WrongPin)
            }
        }
    }

    fn try_open(&self, user_id: &str, pin: &Pin) -> Option<(CabinetKey, Actor)> {
        let user = self.users.iter().find(|u| u.user.id == user_id)?;
        pin.validated().ok()?;
        let kek = stretch(pin, &user.salt).ok()?;
        let secret = unseal(&kek[..], &user.blob, user_id.as_bytes())?;
        let key_bytes = unseal(&secret, &self.sealed_key, self.cabinet_id.as_bytes())?;
        let key = CabinetKey::from_bytes(&key_bytes)?;
        Some((
            key,
            Actor {
                user_id: user.user.id.clone(),
                name: user.user.name.clone(),
            },
        ))
    }
}
