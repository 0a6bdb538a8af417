//! Merging two files of the same person: never automatic. She compares them
//! side by side, chooses field by field, and everything attached to the
//! removed file moves to the kept one. The removed file stays, marked
//! `merged_into`, so the merge is traceable both ways.

use rusqlite::params;
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};

use super::{field_label, record_history, search, MERGEABLE_COLUMNS};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct FieldComparison {
    /// Column name, to send back in `take_from_removed`.
    pub field: String,
    /// French label.
    pub label: String,
    pub kept: Option<String>,
    pub removed: Option<String>,
}

/// The fields on which the two files differ.
pub fn compare(cabinet: &Cabinet, keep_id: &str, remove_id: &str) -> Result<Vec<FieldComparison>> {
    check_pair(cabinet, keep_id, remove_id)?;
    let mut differences = Vec::new();
    for column in MERGEABLE_COLUMNS {
        let value = |id: &str| -> Result<Option<String>> {
            Ok(cabinet.conn().query_row(
                &format!("SELECT CAST({column} AS TEXT) FROM patients WHERE id = ?1"),
                [id],
                |row| row.get(0),
            )?)
        };
        let (kept, removed) = (value(keep_id)?, value(remove_id)?);
        if kept != removed {
            differences.push(FieldComparison {
                field: column.to_string(),
                label: field_label(column).to_string(),
                kept,
                removed,
            });
        }
    }
    Ok(differences)
}

fn check_pair(cabinet: &Cabinet, keep_id: &str, remove_id: &str) -> Result<()> {
    if keep_id == remove_id {
        return Err(CoreError::InvalidInput {
            field: "merge",
            message: "Choisissez deux dossiers différents à fusionner.".into(),
        });
    }
    let live: i64 = cabinet.conn().query_row(
        "SELECT count(*) FROM patients WHERE id IN (?1, ?2) AND merged_into IS NULL",
        params![keep_id, remove_id],
        |row| row.get(0),
    )?;
    if live != 2 {
        return Err(CoreError::InvalidInput {
            field: "merge",
            message: "L'un des deux dossiers n'existe plus ou a déjà été fusionné. Recherchez-les à nouveau.".into(),
        });
    }
    Ok(())
}

/// Merges `remove_id` into `keep_id`, taking the listed fields from the
/// removed file. One transaction: all of it, or nothing.
pub fn merge(
    cabinet: &mut Cabinet,
    keep_id: &str,
    remove_id: &str,
    take_from_removed: &[String],
) -> Result<()> {
    check_pair(cabinet, keep_id, remove_id)?;
    for field in take_from_removed {
        if !MERGEABLE_COLUMNS.contains(&field.as_str()) {
            return Err(CoreError::Internal(format!(
                "champ de fusion inconnu : {field}"
            )));
        }
    }
    let differences = compare(cabinet, keep_id, remove_id)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    for difference in differences
        .iter()
        .filter(|d| take_from_removed.contains(&d.field))
    {
        // The column name comes from MERGEABLE_COLUMNS, checked above.
        tx.execute(
            &format!(
                "UPDATE patients SET {0} = (SELECT {0} FROM patients WHERE id = ?2) WHERE id = ?1",
                difference.field
            ),
            params![keep_id, remove_id],
        )?;
        record_history(
            &tx,
            keep_id,
            &now,
            "modification",
            Some(&difference.field),
            difference.kept.as_deref(),
            difference.removed.as_deref(),
        )?;
    }
    // Phones the kept file does not have yet move over; the rest go.
    tx.execute(
        "UPDATE patient_phones SET patient_id = ?1, position = position + 100
         WHERE patient_id = ?2 AND number NOT IN (SELECT number FROM patient_phones WHERE patient_id = ?1)",
        params![keep_id, remove_id],
    )?;
    tx.execute(
        "DELETE FROM patient_phones WHERE patient_id = ?1",
        [remove_id],
    )?;
    tx.execute(
        "UPDATE patient_alerts SET patient_id = ?1 WHERE patient_id = ?2",
        params![keep_id, remove_id],
    )?;
    // Phone messages and tasks about the removed file follow it.
    tx.execute(
        "UPDATE phone_messages SET patient_id = ?1 WHERE patient_id = ?2",
        params![keep_id, remove_id],
    )?;
    tx.execute(
        "UPDATE tasks SET patient_id = ?1 WHERE patient_id = ?2",
        params![keep_id, remove_id],
    )?;
    // Later tables that point at a patient (appointments, documents,
    // payments) move here too, in this same transaction.
    tx.execute(
        "UPDATE reports SET patient_id = ?1 WHERE patient_id = ?2",
        params![keep_id, remove_id],
    )?;
    tx.execute(
        "UPDATE patients SET merged_into = ?1, archived_at = coalesce(archived_at, ?3), updated_at = ?3 WHERE id = ?2",
        params![keep_id, remove_id, now],
    )?;
    tx.execute(
        "UPDATE patients SET updated_at = ?2 WHERE id = ?1",
        params![keep_id, now],
    )?;
    search::unindex(&tx, remove_id)?;
    record_history(&tx, keep_id, &now, "fusion", None, Some(remove_id), None)?;
    record_history(&tx, remove_id, &now, "fusion", None, None, Some(keep_id))?;
    search::index(&tx, keep_id)?;
    crate::audit::record_on(
        &tx,
        &crate::audit::Event {
            action: "merge",
            object_kind: "patient",
            object_id: Some(remove_id),
            patient_id: Some(keep_id),
            detail: Some(&format!("dossier {remove_id} fusionné dans celui-ci")),
        },
    )?;
    tx.commit()?;
    Ok(())
}
