//! Where the bytes of incoming documents live: beside the cabinet file, in
//! its encrypted document store (`storage::blob_store`), named by rows of
//! `incoming_files`. Files filed before migration 0014 keep their bytes in
//! the row; both are read the same way.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::storage::blob_store::{BlobStore, DocumentKey};

/// The store of the open cabinet, its key made on first use.
pub(crate) fn store(cabinet: &Cabinet) -> Result<BlobStore> {
    let conn = cabinet.conn();
    let folder = cabinet.path().parent().unwrap_or(Path::new("."));
    if let Some(store) = store_of(conn, folder)? {
        return Ok(store);
    }
    let made = DocumentKey::random();
    conn.execute(
        "INSERT OR IGNORE INTO document_key (id, key) VALUES (1, ?1)",
        [made.as_slice()],
    )?;
    store_of(conn, folder)?
        .ok_or_else(|| CoreError::Internal("clé des documents introuvable".into()))
}

/// The store of any copy of a cabinet (a backup, a restored file) whose
/// documents are in `folder`; `None` if it never stored one beside itself.
pub(crate) fn store_of(conn: &Connection, folder: &Path) -> Result<Option<BlobStore>> {
    let key: Option<Vec<u8>> = conn
        .query_row("SELECT key FROM document_key WHERE id = 1", [], |row| {
            row.get(0)
        })
        .optional()?;
    let Some(key) = key else { return Ok(None) };
    let key = DocumentKey::from_bytes(&zeroize::Zeroizing::new(key))?;
    let cabinet_id: String = conn.query_row("SELECT id FROM cabinet", [], |row| row.get(0))?;
    Ok(Some(BlobStore::in_folder(folder, &cabinet_id, &key)))
}

/// Every document a copy of the cabinet names.
pub(crate) fn referenced(conn: &Connection) -> Result<Vec<String>> {
    let mut statement =
        conn.prepare("SELECT DISTINCT blob FROM incoming_files WHERE blob IS NOT NULL")?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Copies the documents `conn` names from the store beside `from` into the
/// store beside `to` (a backup, a restore). Returns how many were copied;
/// an error if one is missing or altered — then the copy is not complete
/// and must not be presented as such.
pub(crate) fn copy_documents(conn: &Connection, from: &Path, to: &Path) -> Result<usize> {
    let (Some(source), Some(target)) = (store_of(conn, from)?, store_of(conn, to)?) else {
        return Ok(0);
    };
    source.copy_missing_into(&target, &referenced(conn)?)
}

/// Every document the open cabinet names, opened and checked: what is
/// missing or altered, in French (empty: all there and intact).
pub fn check(cabinet: &Cabinet) -> Result<Vec<String>> {
    problems(
        cabinet.conn(),
        cabinet.path().parent().unwrap_or(Path::new(".")),
    )
}

/// What is missing or altered among the documents `conn` names, in French.
pub(crate) fn problems(conn: &Connection, folder: &Path) -> Result<Vec<String>> {
    match store_of(conn, folder)? {
        Some(store) => Ok(store.problems(&referenced(conn)?)),
        None => Ok(Vec::new()),
    }
}

/// The documents of a patient's incoming mail (before her file is deleted).
pub(crate) fn named_for_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<String>> {
    let mut statement = cabinet.conn().prepare(
        "SELECT DISTINCT f.blob FROM incoming_files f JOIN incoming_mail m ON m.id = f.mail_id
         WHERE m.patient_id = ?1 AND f.blob IS NOT NULL",
    )?;
    let names = statement
        .query_map([patient_id], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Removes from the cabinet's store those of `names` no row names any more
/// (after the rows were deleted and committed). Copies in backup folders
/// go when the last backup naming them is rotated out (`backup`).
pub(crate) fn forget(cabinet: &Cabinet, names: &[String]) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let still: std::collections::HashSet<String> =
        referenced(cabinet.conn())?.into_iter().collect();
    let gone: Vec<String> = names
        .iter()
        .filter(|n| !still.contains(*n))
        .cloned()
        .collect();
    store(cabinet)?.remove(&gone)
}
