//! The audit trail's head kept outside the file: on this computer (one per
//! cabinet, keyed by the cabinet's id) and beside every backup.
//!
//! Why: the chain's SHA-256 is no secret. Someone holding the passphrase
//! and Carnet's source can rewrite entries, recompute every hash and the
//! in-file anchor, or put back an older copy of the file: the file alone
//! then verifies. A head (sequence, hash) remembered elsewhere shows it —
//! the file's trail must still contain that entry with that hash, and must
//! not end before it. The head is sealed with an HMAC-SHA256 whose key is
//! derived from the cabinet key (no secret kept on disk), so a forger
//! without the key cannot write a head that matches a rewritten file, and
//! a head copied from another cabinet does not verify.
//!
//! What it holds: the cabinet's id, a sequence number, a hash and a time.
//! Nothing about a patient.

use std::collections::BTreeMap;
use std::path::Path;

use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::local_json;
use crate::storage::keys::CabinetKey;

/// Separates this use of the cabinet key from every other.
const DOMAIN: &[u8] = b"carnet/ancre-du-journal-d-audit/v1";

/// The head of a cabinet's trail as seen at one moment, sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SealedHead {
    pub cabinet_id: String,
    pub seq: i64,
    pub hash: String,
    /// When it was seen (RFC 3339 UTC), for the warning's sentence.
    pub seen_at: String,
    /// HMAC-SHA256, hex, over the fields above.
    pub mac: String,
}

fn mac_of(
    key: &CabinetKey,
    cabinet_id: &str,
    seq: i64,
    hash: &str,
    seen_at: &str,
) -> Result<String> {
    let crypto = |e: openssl::error::ErrorStack| CoreError::Internal(e.to_string());
    // The sealing key: HMAC(cabinet key, domain label) — derived, never stored.
    let derived = {
        let pkey = PKey::hmac(key.as_bytes()).map_err(crypto)?;
        let mut signer = Signer::new(MessageDigest::sha256(), &pkey).map_err(crypto)?;
        signer.update(DOMAIN).map_err(crypto)?;
        zeroize::Zeroizing::new(signer.sign_to_vec().map_err(crypto)?)
    };
    let pkey = PKey::hmac(&derived).map_err(crypto)?;
    let mut signer = Signer::new(MessageDigest::sha256(), &pkey).map_err(crypto)?;
    for field in [
        cabinet_id.as_bytes(),
        &seq.to_be_bytes(),
        hash.as_bytes(),
        seen_at.as_bytes(),
    ] {
        signer
            .update(&(field.len() as u64).to_be_bytes())
            .map_err(crypto)?;
        signer.update(field).map_err(crypto)?;
    }
    Ok(signer
        .sign_to_vec()
        .map_err(crypto)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

impl SealedHead {
    /// Seals a head with the key of the cabinet it belongs to.
    pub(crate) fn seal(
        key: &CabinetKey,
        cabinet_id: &str,
        seq: i64,
        hash: &str,
        seen_at: &str,
    ) -> Result<SealedHead> {
        Ok(SealedHead {
            cabinet_id: cabinet_id.to_string(),
            seq,
            hash: hash.to_string(),
            seen_at: seen_at.to_string(),
            mac: mac_of(key, cabinet_id, seq, hash, seen_at)?,
        })
    }

    /// Whether this head was sealed with `key` (compared in constant time).
    fn is_authentic(&self, key: &CabinetKey) -> bool {
        mac_of(key, &self.cabinet_id, self.seq, &self.hash, &self.seen_at).is_ok_and(|mac| {
            mac.len() == self.mac.len() && openssl::memcmp::eq(mac.as_bytes(), self.mac.as_bytes())
        })
    }
}

/// The open cabinet's head now, sealed.
pub fn head_of(cabinet: &Cabinet) -> Result<SealedHead> {
    head_on(cabinet.conn(), cabinet.key(), &cabinet.now_utc())
}

/// The head of the trail in `conn` (a cabinet or a fresh backup copy).
pub(crate) fn head_on(
    conn: &rusqlite::Connection,
    key: &CabinetKey,
    now: &str,
) -> Result<SealedHead> {
    let (cabinet_id, seq, hash): (String, i64, String) = conn.query_row(
        "SELECT (SELECT id FROM cabinet), last_seq, last_hash FROM audit_anchor WHERE id = 1",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    SealedHead::seal(key, &cabinet_id, seq, &hash, now)
}

/// Where a head was seen, for the warning: "sur cet ordinateur", "dans la
/// sauvegarde du …".
pub struct Witness<'a> {
    pub head: &'a SealedHead,
    pub place: &'a str,
}

/// Compares the open cabinet's trail with a head seen earlier. `None` when
/// they agree (the file's trail contains that head and goes on from it, or
/// the entry was since purged); otherwise the French warning.
pub fn compare(cabinet: &Cabinet, witness: &Witness<'_>) -> Result<Option<String>> {
    let head = witness.head;
    if head.cabinet_id != cabinet.info().id {
        return Ok(None);
    }
    let seen = french_moment(cabinet, &head.seen_at);
    if !head.is_authentic(cabinet.key()) {
        return Ok(Some(format!(
            "L'empreinte du journal gardée {} le {seen} ne correspond pas à la clé de ce fichier : \
             phrase de passe changée ailleurs depuis, ou empreinte modifiée.",
            witness.place
        )));
    }
    let conn = cabinet.conn();
    let (first_seq, last_seq): (i64, i64) = conn.query_row(
        "SELECT first_seq, last_seq FROM audit_anchor WHERE id = 1",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if last_seq < head.seq {
        return Ok(Some(format!(
            "Le journal de ce fichier est plus ancien que celui vu {} le {seen} \
             (il s'arrête à l'entrée n° {last_seq}, l'entrée n° {} avait été vue) : \
             fichier remplacé par une copie ancienne ?",
            witness.place, head.seq
        )));
    }
    if head.seq < first_seq || head.seq == 0 {
        // Purged since (the purge is itself in the chain), or nothing yet.
        return Ok(None);
    }
    let hash: Option<String> = conn
        .query_row(
            "SELECT hash FROM audit_log WHERE seq = ?1",
            [head.seq],
            |row| row.get(0),
        )
        .optional()?;
    if hash.as_deref() != Some(head.hash.as_str()) {
        return Ok(Some(format!(
            "Le journal de ce fichier diverge de celui vu {} le {seen} : l'entrée n° {} \
             n'est plus la même. Son historique a été réécrit, ou ce fichier est une autre copie.",
            witness.place, head.seq
        )));
    }
    Ok(None)
}

/// `2026-12-07T03:10:00.000Z` as « 07/12/2026 à 04:10 » in the cabinet's zone.
fn french_moment(cabinet: &Cabinet, at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|moment| {
            moment
                .with_timezone(&cabinet.zone())
                .format("%d/%m/%Y à %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_string())
}

/// The heads this computer saw, by cabinet id.
type LocalHeads = BTreeMap<String, SealedHead>;

/// The head this computer last saw of this cabinet.
pub fn last_seen_here(list: &Path, cabinet: &Cabinet) -> Option<SealedHead> {
    let heads: LocalHeads = local_json::read_or_default(list);
    heads.get(&cabinet.info().id).cloned()
}

/// Remembers the open cabinet's head on this computer.
pub fn remember_here(list: &Path, cabinet: &Cabinet) -> Result<()> {
    let mut heads: LocalHeads = local_json::read_or_default(list);
    heads.insert(cabinet.info().id.clone(), head_of(cabinet)?);
    local_json::write(list, &heads)
}

/// The sealed head written beside a backup file (`….sauvegarde.carnet` →
/// `….sauvegarde.carnet.ancre.json`).
pub fn beside(backup: &Path) -> std::path::PathBuf {
    let mut name = backup.as_os_str().to_os_string();
    name.push(".ancre.json");
    std::path::PathBuf::from(name)
}

/// The head written beside a backup, if any and readable.
pub fn read_beside(backup: &Path) -> Option<SealedHead> {
    std::fs::read(beside(backup))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
}
