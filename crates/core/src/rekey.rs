//! Changing a cabinet's passphrase: the file is rewritten under a new key,
//! verified, then renamed over the old one.

use std::fs::File;
use std::path::Path;

use rusqlite::params;

use crate::audit;
use crate::cabinet::{open_keyed, Cabinet, ReplaceFailure};
use crate::error::{CoreError, Result};
use crate::passphrase;
use crate::storage::audit_functions::AuditContext;
use crate::storage::connection::{close_connection, key_attached, APPLICATION_ID};
use crate::storage::files::{remove_database_files, sidecar_path};
use crate::storage::guarded_write;
use crate::storage::integrity::copy_is_intact;
use crate::storage::keys::{CabinetKey, Passphrase, SALT_LEN};

impl Cabinet {
    /// Changes the passphrase. The file is rewritten under a temporary name
    /// with the new passphrase, verified, then renamed over the old one: at
    /// any instant — a crash, a power cut — the file at `path` opens with
    /// the old passphrase or with the new one, never neither.
    pub fn change_passphrase(
        self,
        current: &Passphrase,
        new: &Passphrase,
        confirmation: &Passphrase,
    ) -> std::result::Result<Cabinet, ReplaceFailure> {
        let failed = |cabinet: Option<Cabinet>, error: CoreError| ReplaceFailure {
            cabinet: cabinet.map(Box::new),
            error,
        };
        let checked = (|| {
            let derived = CabinetKey::derive_with_salt(current, &salt_array(self.key().salt()))?;
            if derived.as_bytes() != self.key().as_bytes() {
                return Err(CoreError::WrongPassphrase);
            }
            if new.expose() != confirmation.expose() {
                return Err(CoreError::PassphraseMismatch);
            }
            if new.expose() == current.expose() {
                return Err(CoreError::invalid(
                    "newPassphrase",
                    "La nouvelle phrase de passe est identique à l'actuelle.",
                ));
            }
            let mut context: Vec<&str> = vec![self.info().name.as_str()];
            context.extend(self.info().practitioners.iter().map(|p| p.name.as_str()));
            passphrase::require_acceptable(new, &context)
        })();
        if let Err(error) = checked {
            return Err(failed(Some(self), error));
        }
        let path = self.path().to_path_buf();
        let rewritten = sidecar_path(&path, ".nouvelle-phrase");
        let written = write_rekeyed_copy(&self, &rewritten, new);
        if let Err(error) = written {
            // The temporary copy holds the same data; the error to report is `error`.
            let _ = remove_database_files(&rewritten);
            return Err(failed(Some(self), error));
        }
        let actor = self.actor();
        let assembly = self.assembly();
        let clock = self.clock().clone();
        let claim = match self.close_for_replacement() {
            Ok(claim) => claim,
            Err(error) => {
                // The failure to report is the one that stopped the change.
                let _ = remove_database_files(&rewritten);
                return Err(failed(None, error));
            }
        };
        if let Err(error) = guarded_write::replace_held_cabinet(&claim, &rewritten) {
            // As above: the rename's failure is the one to report.
            let _ = remove_database_files(&rewritten);
            return Err(failed(None, error));
        }
        let cabinet = Cabinet::unlock_with(claim, new, assembly)
            .map_err(|failure| failed(None, failure.error))?
            .with_clock(clock);
        cabinet.set_actor(actor);
        audit::record(
            &cabinet,
            &audit::Event {
                action: "passphrase",
                object_kind: "cabinet",
                ..audit::Event::default()
            },
        )
        .map_err(|error| failed(None, error))?;
        Ok(cabinet)
    }
}

fn salt_array(salt: &[u8]) -> [u8; SALT_LEN] {
    let mut array = [0u8; SALT_LEN];
    array.copy_from_slice(&salt[..SALT_LEN]);
    array
}
/// Writes a full copy of the cabinet keyed with `new` (a new salt too), then
/// opens it with `new` and checks it before anything replaces the original.
fn write_rekeyed_copy(cabinet: &Cabinet, target: &Path, new: &Passphrase) -> Result<()> {
    remove_database_files(target)?;
    let expected = crate::backup::counts(cabinet.conn())?;
    let conn = cabinet.second_connection()?;
    // Attached with the current key, then keyed with the new passphrase
    // before anything is written: the passphrase is never SQL text.
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed",
        params![target.to_string_lossy()],
    )?;
    let exported = key_attached(&conn, c"rekeyed", new)
        .and_then(|_| conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(())))
        .and_then(|_| {
            conn.execute_batch(&format!(
                "PRAGMA rekeyed.application_id = {APPLICATION_ID};"
            ))
        });
    // The export's own error, if any, is the one to report.
    let _ = conn.execute_batch("DETACH DATABASE rekeyed;");
    exported?;
    drop(conn);
    let key = CabinetKey::derive(new, target)?;
    let audit = AuditContext::default();
    let (copy, _) = open_keyed(target, &key, &audit)?;
    if !copy_is_intact(&copy) || crate::backup::counts(&copy)? != expected {
        return Err(CoreError::Internal(
            "la copie avec la nouvelle phrase de passe ne se vérifie pas ; rien n'a changé".into(),
        ));
    }
    copy.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    close_connection(copy);
    File::open(target)?.sync_all()?;
    Ok(())
}
