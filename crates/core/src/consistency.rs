//! The app's own invariants, beyond SQLite's and SQLCipher's integrity
//! checks — what the crash harness checks after every kill, what
//! `carnet-admin check` and the background check at opening check too.
//! What is derived (the search index, the directory read from it) is
//! rebuilt by [`repair_derived`]; what is not is only reported.

use crate::audit::{self, Event};
use crate::backup;
use crate::cabinet::Cabinet;
use crate::error::Result;
use crate::patients::{directory, search};
use crate::trail_anchor::{self, Witness};

/// Problems found, in French; empty when the cabinet is consistent.
pub fn problems(cabinet: &Cabinet) -> Result<Vec<String>> {
    let conn = cabinet.conn();
    let number = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |row| row.get(0))?) };
    let mut found = Vec::new();
    let patients = number("SELECT count(*) FROM patients")?;
    let indexed = number("SELECT count(*) FROM patient_search")?;
    if patients != indexed {
        found.push(format!(
            "index de recherche décalé : {patients} patients, {indexed} entrées d'index"
        ));
    }
    let orphans = number(
        "SELECT count(*) FROM patient_search WHERE rowid NOT IN (SELECT rowid FROM patients)",
    )?;
    if orphans > 0 {
        found.push(format!("{orphans} entrée(s) d'index sans patient"));
    }
    let stale = search::stale_entries(conn)?.len();
    if stale > 0 {
        found.push(format!(
            "index de recherche périmé pour {stale} dossier(s) : la recherche les trouverait \
             sous un nom ou un numéro qui n'est plus le leur"
        ));
    }
    let foreign = number("SELECT count(*) FROM pragma_foreign_key_check")?;
    if foreign > 0 {
        found.push(format!("{foreign} référence(s) cassée(s)"));
    }
    let (last_seq, max_seq) = conn.query_row(
        "SELECT (SELECT last_seq FROM audit_anchor), (SELECT coalesce(max(seq), 0) FROM audit_log)",
        [],
        |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
    )?;
    if last_seq != max_seq {
        found.push(format!(
            "ancre du journal d'audit ({last_seq}) différente de la dernière entrée ({max_seq})"
        ));
    }
    let inverted = number("SELECT count(*) FROM appointments WHERE ends_at <= starts_at")?;
    if inverted > 0 {
        found.push(format!(
            "{inverted} rendez-vous qui finissent avant de commencer"
        ));
    }
    Ok(found)
}

/// Rebuilds what is derived from the patient rows — the search index
/// entries that do not match their row, those whose patient is gone, and
/// the directory read from them — in one transaction with an entry in the
/// trail. Returns what was put right, in French (empty when nothing was
/// wrong). Nothing is lost: the index holds nothing the rows do not.
pub fn repair_derived(cabinet: &mut Cabinet) -> Result<Vec<String>> {
    let stale = search::stale_entries(cabinet.conn())?;
    let tx = cabinet.conn_mut().transaction()?;
    let orphans = search::remove_orphans(&tx)?;
    if stale.is_empty() && orphans == 0 {
        return Ok(Vec::new());
    }
    for id in &stale {
        search::index(&tx, id)?;
    }
    let mut said = format!(
        "Index de recherche reconstruit : {} dossier(s) remis à jour",
        stale.len()
    );
    if orphans > 0 {
        said.push_str(&format!(", {orphans} entrée(s) sans patient retirée(s)"));
    }
    said.push('.');
    audit::record_on(
        &tx,
        &Event {
            action: "repair",
            object_kind: "patients",
            detail: Some(&said),
            ..Event::default()
        },
    )?;
    tx.commit()?;
    directory::forget(cabinet);
    Ok(vec![said])
}

/// Compares the open cabinet's trail with the heads seen outside it — the
/// one this computer remembered (`local_heads`, see `AppPaths`) and the one
/// beside the newest backup in each backup folder — then remembers today's
/// head here. Each warning is also written in the trail (so it outlives the
/// head that moves on) and returned, in French.
pub fn trail_warnings(cabinet: &Cabinet, local_heads: &std::path::Path) -> Result<Vec<String>> {
    let mut witnesses: Vec<(String, trail_anchor::SealedHead)> = Vec::new();
    if let Some(head) = trail_anchor::last_seen_here(local_heads, cabinet) {
        witnesses.push(("sur cet ordinateur".into(), head));
    }
    // A folder that cannot be read (a USB stick not plugged in) witnesses nothing.
    witnesses.extend(backup::newest_heads(cabinet).unwrap_or_default());
    let mut warnings = Vec::new();
    for (place, head) in &witnesses {
        if let Some(warning) = trail_anchor::compare(
            cabinet,
            &Witness {
                head,
                place: place.as_str(),
            },
        )? {
            audit::record(
                cabinet,
                &Event {
                    action: "alert",
                    object_kind: "audit",
                    detail: Some(&warning),
                    ..Event::default()
                },
            )?;
            warnings.push(warning);
        }
    }
    trail_anchor::remember_here(local_heads, cabinet)?;
    Ok(warnings)
}

/// Which rows a check may ask about.
#[derive(Debug, Clone, Copy)]
pub enum Rows {
    Patients,
    Appointments,
}

/// How many of `ids` exist in the table.
pub fn count_present(cabinet: &Cabinet, rows: Rows, ids: &[String]) -> Result<usize> {
    let sql = match rows {
        Rows::Patients => "SELECT count(*) FROM patients WHERE id = ?1",
        Rows::Appointments => "SELECT count(*) FROM appointments WHERE id = ?1",
    };
    let mut statement = cabinet.conn().prepare_cached(sql)?;
    let mut present = 0;
    for id in ids {
        let found: i64 = statement.query_row([id], |row| row.get(0))?;
        present += found as usize;
    }
    Ok(present)
}

/// The stored email of each patient (the crash harness writes versions
/// there), read without recording an opening in the audit trail.
pub fn emails(cabinet: &Cabinet, ids: &[String]) -> Result<Vec<Option<String>>> {
    let mut statement = cabinet
        .conn()
        .prepare_cached("SELECT email FROM patients WHERE id = ?1")?;
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let email: Option<String> = rusqlite::OptionalExtension::optional(
            statement.query_row([id], |row| row.get::<_, Option<String>>(0)),
        )?
        .flatten();
        found.push(email);
    }
    Ok(found)
}
