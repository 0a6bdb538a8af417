//! The app's own invariants, beyond SQLite's and SQLCipher's integrity
//! checks — what the crash harness checks after every kill.

use crate::cabinet::Cabinet;
use crate::error::Result;

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
