//! A report's life: created from a dictation (or typed, or brought from
//! another program), typed in versions, sent to the doctor, validated by
//! her alone with her PIN — which freezes the version (SHA-256 of the body,
//! who, when) — then printed or sent. A correction after validation opens a
//! new version; every version stays readable. Each status change says who
//! and when (`report_status_history`); every change is in the audit trail
//! (migration 0008's triggers).

use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::audio::{self, AudioInfo, CheckedAudio};
use super::search;
use super::{patient_label, Origin, Priority, ReportKind, ReportStatus};
use crate::audit;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::users::{self, Pin};

/// What she fills in for a dictation or a report (the body travels apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportDetails {
    /// `None`: « patient à identifier » (then it cannot be validated).
    pub patient_id: Option<String>,
    /// The practitioner who dictated (and alone validates).
    pub author_id: String,
    pub kind: ReportKind,
    pub priority: Priority,
    /// `YYYY-MM-DD` (or as she types it: `jj/mm/aaaa`).
    pub due_on: Option<String>,
    pub note: String,
    /// The day of the consultation, operation or exam (`YYYY-MM-DD`).
    pub consultation_on: Option<String>,
}

/// A report as the station and the Documents part of a file show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub id: String,
    pub patient_id: Option<String>,
    /// « DUPONT Jeanne » or « Patient à identifier ».
    pub patient_label: String,
    pub author_id: String,
    pub author_name: String,
    pub kind: ReportKind,
    pub priority: Priority,
    pub due_on: Option<String>,
    pub note: String,
    pub consultation_on: Option<String>,
    pub status: ReportStatus,
    pub status_label: String,
    /// The statuses she may set by hand now (validation is not one).
    pub may_become: Vec<ReportStatus>,
    pub origin: Origin,
    pub status_since: String,
    pub created_at: String,
    /// The current version's body: the draft, or the last validated one.
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
    /// 0 while nothing has been typed.
    pub version: i64,
    pub versions: Vec<VersionSummary>,
    pub history: Vec<StatusChange>,
    pub audio: Option<AudioInfo>,
    /// Imported from another program: the original file's name and format.
    pub original: Option<OriginalFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct OriginalFile {
    pub file_name: String,
    pub format: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub number: i64,
    pub saved_at: String,
    pub saved_by: String,
    pub validation: Option<Validation>,
}

/// The frozen mark of a validated version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    pub validated_at: String,
    pub validator_id: String,
    pub validator_name: String,
    /// SHA-256 of the body as stored, hex.
    pub sha256: String,
}

/// One version, whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub report_id: String,
    pub number: i64,
    #[cfg_attr(feature = "typescript", ts(type = "unknown"))]
    pub body: Value,
    pub saved_at: String,
    pub saved_by: String,
    pub validation: Option<Validation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub status: ReportStatus,
    pub user_name: String,
    pub at: String,
}

/// A line of a list (the Documents part of a file, carnet-admin's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportLine {
    pub id: String,
    pub patient_id: Option<String>,
    pub patient_label: String,
    pub author_name: String,
    pub kind: ReportKind,
    pub status: ReportStatus,
    pub origin: Origin,
    pub priority: Priority,
    pub consultation_on: Option<String>,
    pub due_on: Option<String>,
    pub created_at: String,
    pub version: i64,
    /// Who validated the last validated version, and when.
    pub validated_by: Option<String>,
    pub validated_at: Option<String>,
    pub has_audio: bool,
}

/// The empty document the editor starts from.
pub fn empty_body() -> Value {
    serde_json::json!({"type": "doc", "content": [{"type": "paragraph"}]})
}

use crate::dates::optional_iso_day as iso_date;

/// A patient a report may be filed under: present, not merged into another.
pub(crate) fn require_filable_patient(conn: &rusqlite::Connection, patient_id: &str) -> Result<()> {
    let merged_into: Option<Option<String>> = conn
        .query_row(
            "SELECT merged_into FROM patients WHERE id = ?1",
            [patient_id],
            |row| row.get(0),
        )
        .optional()?;
    match merged_into {
        None => Err(CoreError::invalid(
            "patient",
            "Ce dossier patient n'existe plus (supprimé) : choisissez le patient par la recherche.",
        )),
        Some(Some(_)) => Err(CoreError::invalid(
            "patient",
            "Ce dossier a été fusionné dans un autre : choisissez le dossier gardé par la recherche.",
        )),
        Some(None) => Ok(()),
    }
}

fn require_practitioner(conn: &rusqlite::Connection, author_id: &str) -> Result<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT 1 FROM practitioners WHERE id = ?1",
            [author_id],
            |row| row.get(0),
        )
        .optional()?;
    found.map(|_| ()).ok_or_else(|| {
        CoreError::invalid(
            "author",
            "Ce praticien n'existe pas : choisissez l'auteur dans la liste.",
        )
    })
}

/// The details, checked and in stored form.
pub(crate) fn checked_details(
    conn: &rusqlite::Connection,
    details: &ReportDetails,
) -> Result<ReportDetails> {
    require_practitioner(conn, &details.author_id)?;
    if let Some(patient_id) = &details.patient_id {
        require_filable_patient(conn, patient_id)?;
    }
    let note = details.note.trim().to_string();
    if note.chars().count() > 2000 {
        return Err(CoreError::invalid(
            "note",
            "La note dépasse 2 000 caractères : raccourcissez-la.",
        ));
    }
    Ok(ReportDetails {
        patient_id: details.patient_id.clone(),
        author_id: details.author_id.clone(),
        kind: details.kind,
        priority: details.priority,
        due_on: iso_date(details.due_on.as_deref(), "dueOn")?,
        note,
        consultation_on: iso_date(details.consultation_on.as_deref(), "consultationOn")?,
    })
}

/// Who is working, as the history records her (id, name).
pub(crate) fn who(cabinet: &Cabinet) -> (Option<String>, String) {
    match cabinet.actor() {
        Some(actor) => (Some(actor.user_id), actor.name),
        None => (None, "inconnu".to_string()),
    }
}

fn record_status(
    tx: &Transaction<'_>,
    report_id: &str,
    status: ReportStatus,
    user: &(Option<String>, String),
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO report_status_history (report_id, status, user_id, user_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![report_id, status, user.0, user.1, now],
    )?;
    Ok(())
}

/// Inserts the report row and its first status, in the caller's
/// transaction; returns (id, seq).
pub(crate) fn insert(
    tx: &Transaction<'_>,
    details: &ReportDetails,
    status: ReportStatus,
    origin: Origin,
    user: &(Option<String>, String),
    now: &str,
) -> Result<(String, i64)> {
    let id = new_id();
    let seq: i64 = tx.query_row("SELECT coalesce(max(seq), 0) + 1 FROM reports", [], |row| {
        row.get(0)
    })?;
    tx.execute(
        "INSERT INTO reports (id, seq, patient_id, author_id, kind, priority, due_on, note, status,
             origin, consultation_on, status_since, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12)",
        params![
            id,
            seq,
            details.patient_id,
            details.author_id,
            details.kind,
            details.priority,
            details.due_on,
            details.note,
            status,
            origin,
            details.consultation_on,
            now
        ],
    )?;
    record_status(tx, &id, status, user, now)?;
    Ok((id, seq))
}

/// Imports the doctor's recording as a report « à taper », in one
/// transaction: the audio is inside the file, or nothing is.
pub fn import_dictation(
    cabinet: &mut Cabinet,
    audio: &CheckedAudio,
    details: &ReportDetails,
) -> Result<String> {
    let details = checked_details(cabinet.conn(), details)?;
    let now = cabinet.now_utc();
    let user = who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    let (id, _) = insert(
        &tx,
        &details,
        ReportStatus::ATaper,
        Origin::Dictee,
        &user,
        &now,
    )?;
    audio::store(&tx, &id, audio, &now)?;
    tx.commit()?;
    Ok(id)
}

/// A report typed without a recording (« Nouveau compte rendu »).
pub fn create(cabinet: &mut Cabinet, details: &ReportDetails) -> Result<String> {
    let details = checked_details(cabinet.conn(), details)?;
    let now = cabinet.now_utc();
    let user = who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    let (id, _) = insert(
        &tx,
        &details,
        ReportStatus::ATaper,
        Origin::Saisie,
        &user,
        &now,
    )?;
    tx.commit()?;
    Ok(id)
}

struct Row {
    seq: i64,
    patient_id: Option<String>,
    author_id: String,
    status: ReportStatus,
}

fn row(conn: &rusqlite::Connection, id: &str) -> Result<Row> {
    conn.prepare_cached("SELECT seq, patient_id, author_id, status FROM reports WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Row {
                seq: r.get(0)?,
                patient_id: r.get(1)?,
                author_id: r.get(2)?,
                status: r.get(3)?,
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::invalid("report", "Ce compte rendu n'existe plus."))
}

/// Changes the details (author, kind, priority, due date, note, date of
/// consultation; the patient while « à identifier » or not yet validated).
/// A validated report's patient changes only by [`move_to_patient`].
pub fn update_details(cabinet: &mut Cabinet, id: &str, details: &ReportDetails) -> Result<()> {
    let current = row(cabinet.conn(), id)?;
    let details = checked_details(cabinet.conn(), details)?;
    if current.status.is_validated() {
        if details.patient_id != current.patient_id {
            return Err(CoreError::invalid(
                "patient",
                "Ce compte rendu est validé : pour le classer dans un autre dossier, utilisez « Déplacer vers un autre patient ».",
            ));
        }
        if details.author_id != current.author_id {
            return Err(CoreError::invalid(
                "author",
                "Ce compte rendu est validé : son auteur ne change plus.",
            ));
        }
    }
    cabinet.conn().execute(
        "UPDATE reports SET patient_id = ?2, author_id = ?3, kind = ?4, priority = ?5, due_on = ?6,
             note = ?7, consultation_on = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            id,
            details.patient_id,
            details.author_id,
            details.kind,
            details.priority,
            details.due_on,
            details.note,
            details.consultation_on,
            cabinet.now_utc()
        ],
    )?;
    Ok(())
}

fn body_text(body: &Value) -> Result<String> {
    if body.get("type").and_then(Value::as_str) != Some("doc") {
        return Err(CoreError::invalid(
            "body",
            "Le texte du compte rendu n'est pas un document de l'éditeur.",
        ));
    }
    serde_json::to_string(body).map_err(|e| CoreError::Internal(e.to_string()))
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub version: i64,
    pub status: ReportStatus,
    /// A validated report was corrected: a new version was opened.
    pub new_version: bool,
}

/// Saves the body: the current draft is updated; after validation, the
/// first save opens a new version (« en cours »), the validated one stays
/// as it was. « À taper » becomes « en cours ». One transaction, the search
/// index with it.
pub fn save_body(cabinet: &mut Cabinet, id: &str, body: &Value) -> Result<Saved> {
    let stored = body_text(body)?;
    let current = row(cabinet.conn(), id)?;
    let now = cabinet.now_utc();
    let user = who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    let latest: Option<(i64, bool)> = tx
        .query_row(
            "SELECT number, validated_at IS NOT NULL FROM report_versions
             WHERE report_id = ?1 ORDER BY number DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (number, new_version) = match latest {
        Some((number, false)) => {
            tx.execute(
                "UPDATE report_versions SET body = ?3, saved_at = ?4, saved_by = ?5
                 WHERE report_id = ?1 AND number = ?2",
                params![id, number, stored, now, user.1],
            )?;
            (number, false)
        }
        Some((number, true)) => (number + 1, true),
        None => (1, true),
    };
    if new_version {
        tx.execute(
            "INSERT INTO report_versions (report_id, number, body, saved_at, saved_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, number, stored, now, user.1],
        )?;
    }
    let status = match current.status {
        ReportStatus::ATaper => ReportStatus::EnCours,
        s if s.is_validated() => ReportStatus::EnCours,
        s => s,
    };
    if status != current.status {
        tx.execute(
            "UPDATE reports SET status = ?2, status_since = ?3, updated_at = ?3 WHERE id = ?1",
            params![id, status, now],
        )?;
        record_status(&tx, id, status, &user, &now)?;
    } else {
        tx.execute(
            "UPDATE reports SET updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
    }
    search::reindex(&tx, current.seq, body)?;
    tx.commit()?;
    Ok(Saved {
        version: number,
        status,
        new_version: new_version && number > 1,
    })
}

/// Sets a status by hand (« à relire par le médecin », « imprimé »…), as
/// the transition table allows. Validation is [`validate`].
pub fn set_status(cabinet: &mut Cabinet, id: &str, status: ReportStatus) -> Result<()> {
    let current = row(cabinet.conn(), id)?;
    if current.status == status {
        return Ok(());
    }
    if status == ReportStatus::Valide {
        return Err(CoreError::invalid(
            "status",
            "Seul le médecin auteur valide un compte rendu, avec son code PIN.",
        ));
    }
    if !current.status.may_become().contains(&status) {
        return Err(CoreError::invalid(
            "status",
            format!(
                "Un compte rendu « {} » ne peut pas passer à « {} ».",
                current.status.label(),
                status.label()
            ),
        ));
    }
    if status == ReportStatus::ARelire && current_version(cabinet.conn(), id)?.is_none() {
        return Err(CoreError::invalid(
            "status",
            "Ce compte rendu est vide : tapez-le avant de l'envoyer au médecin.",
        ));
    }
    let now = cabinet.now_utc();
    let user = who(cabinet);
    let tx = cabinet.conn_mut().transaction()?;
    change_status(&tx, id, status, &user, &now)?;
    tx.commit()?;
    Ok(())
}

/// Writes a new status and its line of history, in the caller's
/// transaction (the checks are the caller's).
pub(crate) fn change_status(
    tx: &Transaction<'_>,
    id: &str,
    status: ReportStatus,
    user: &(Option<String>, String),
    now: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE reports SET status = ?2, status_since = ?3, updated_at = ?3 WHERE id = ?1",
        params![id, status, now],
    )?;
    record_status(tx, id, status, user, now)
}

/// The SHA-256 of a stored body, hex.
pub fn fingerprint(stored_body: &str) -> String {
    Sha256::digest(stored_body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn current_version(conn: &rusqlite::Connection, id: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT number, body FROM report_versions WHERE report_id = ?1
             ORDER BY number DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The doctor validates: only a profile that is the author practitioner,
/// with her PIN (checked without changing who is working at this desk).
/// Freezes the current version (SHA-256 of the body, who, when). Refused
/// for a report with no patient, a patient merged or deleted, or nothing
/// typed. A wrong PIN is `WrongPin` and is written in the trail.
pub fn validate(cabinet: &mut Cabinet, id: &str, user_id: &str, pin: &Pin) -> Result<Validation> {
    let current = row(cabinet.conn(), id)?;
    let author = crate::practitioners::of_user(cabinet, user_id)?;
    if author.as_deref() != Some(current.author_id.as_str()) {
        return Err(CoreError::invalid(
            "user",
            "Seul le médecin auteur de ce compte rendu peut le valider, depuis son propre profil.",
        ));
    }
    let user = match users::check_pin(cabinet, user_id, pin) {
        Ok(user) => user,
        Err(CoreError::WrongPin) => {
            audit::record(
                cabinet,
                &audit::Event {
                    action: "failed_validation",
                    object_kind: "report",
                    object_id: Some(id),
                    patient_id: current.patient_id.as_deref(),
                    detail: Some(user_id),
                },
            )?;
            return Err(CoreError::WrongPin);
        }
        Err(other) => return Err(other),
    };
    if current.status.is_validated() {
        return Err(CoreError::invalid(
            "status",
            "Ce compte rendu est déjà validé.",
        ));
    }
    let Some(patient_id) = current.patient_id.as_deref() else {
        return Err(CoreError::invalid(
            "patient",
            "Patient à identifier : rattachez ce compte rendu à un dossier avant de le valider.",
        ));
    };
    require_filable_patient(cabinet.conn(), patient_id)?;
    let Some((number, stored)) = current_version(cabinet.conn(), id)? else {
        return Err(CoreError::invalid(
            "body",
            "Ce compte rendu est vide : il n'y a rien à valider.",
        ));
    };
    let parsed: Value =
        serde_json::from_str(&stored).map_err(|e| CoreError::Internal(e.to_string()))?;
    if super::text::plain_text(&parsed).is_empty() {
        return Err(CoreError::invalid(
            "body",
            "Ce compte rendu est vide : il n'y a rien à valider.",
        ));
    }
    // A validated version is frozen: a « [à compléter : …] » left in it
    // would be printed and sent as it is.
    let unresolved = super::text::unresolved_fields(&parsed);
    if !unresolved.is_empty() {
        return Err(CoreError::invalid(
            "body",
            format!(
                "Champs à compléter avant de valider : {}. Tapez la valeur à leur place ou supprimez-les.",
                unresolved.join(", ")
            ),
        ));
    }
    let now = cabinet.now_utc();
    let validation = Validation {
        validated_at: now.clone(),
        validator_id: user.id.clone(),
        validator_name: user.name.clone(),
        sha256: fingerprint(&stored),
    };
    let tx = cabinet.conn_mut().transaction()?;
    tx.execute(
        "UPDATE report_versions SET validated_at = ?3, validator_id = ?4, validator_name = ?5, sha256 = ?6
         WHERE report_id = ?1 AND number = ?2",
        params![
            id,
            number,
            validation.validated_at,
            validation.validator_id,
            validation.validator_name,
            validation.sha256
        ],
    )?;
    tx.execute(
        "UPDATE reports SET status = 'valide', status_since = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    record_status(
        &tx,
        id,
        ReportStatus::Valide,
        &(Some(user.id.clone()), user.name.clone()),
        &now,
    )?;
    audit::record_on(
        &tx,
        &audit::Event {
            action: "validate",
            object_kind: "report",
            object_id: Some(id),
            patient_id: Some(patient_id),
            detail: Some(&format!("version {number}, par le profil {}", user.id)),
        },
    )?;
    tx.commit()?;
    Ok(validation)
}

/// Files a report under another patient (filed under the wrong one): a
/// line in the trail of both files says from where to where, and why.
pub fn move_to_patient(
    cabinet: &mut Cabinet,
    id: &str,
    new_patient_id: &str,
    reason: &str,
) -> Result<()> {
    let current = row(cabinet.conn(), id)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid(
            "reason",
            "Dites pourquoi ce compte rendu change de dossier (par exemple « classé par erreur chez un homonyme ») : la raison reste dans les deux dossiers.",
        ));
    }
    let reason: String = reason.chars().take(200).collect();
    if current.patient_id.as_deref() == Some(new_patient_id) {
        return Err(CoreError::invalid(
            "patient",
            "Ce compte rendu est déjà dans ce dossier.",
        ));
    }
    require_filable_patient(cabinet.conn(), new_patient_id)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    tx.execute(
        "UPDATE reports SET patient_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, new_patient_id, now],
    )?;
    let from = current.patient_id.as_deref().unwrap_or("à identifier");
    if let Some(old) = current.patient_id.as_deref() {
        audit::record_on(
            &tx,
            &audit::Event {
                action: "move_out",
                object_kind: "report",
                object_id: Some(id),
                patient_id: Some(old),
                detail: Some(&format!("vers le dossier {new_patient_id} : {reason}")),
            },
        )?;
    }
    audit::record_on(
        &tx,
        &audit::Event {
            action: "move_in",
            object_kind: "report",
            object_id: Some(id),
            patient_id: Some(new_patient_id),
            detail: Some(&format!("depuis le dossier {from} : {reason}")),
        },
    )?;
    tx.commit()?;
    Ok(())
}

fn validation_of(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<Validation>> {
    let at: Option<String> = r.get(first)?;
    Ok(match at {
        Some(validated_at) => Some(Validation {
            validated_at,
            validator_id: r.get::<_, Option<String>>(first + 1)?.unwrap_or_default(),
            validator_name: r.get::<_, Option<String>>(first + 2)?.unwrap_or_default(),
            sha256: r.get::<_, Option<String>>(first + 3)?.unwrap_or_default(),
        }),
        None => None,
    })
}

/// One version of a report, whole (every version stays readable).
pub fn version(cabinet: &Cabinet, id: &str, number: i64) -> Result<Version> {
    cabinet
        .conn()
        .prepare_cached(
            "SELECT body, saved_at, saved_by, validated_at, validator_id, validator_name, sha256
             FROM report_versions WHERE report_id = ?1 AND number = ?2",
        )?
        .query_row(params![id, number], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                validation_of(r, 3)?,
            ))
        })
        .optional()?
        .map(|(body, saved_at, saved_by, validation)| {
            Ok(Version {
                report_id: id.to_string(),
                number,
                body: serde_json::from_str(&body)
                    .map_err(|e| CoreError::Internal(e.to_string()))?,
                saved_at,
                saved_by,
                validation,
            })
        })
        .unwrap_or_else(|| {
            Err(CoreError::invalid(
                "version",
                "Cette version du compte rendu n'existe pas.",
            ))
        })
}

/// Records that a report was opened (it is part of the patient's file).
pub fn record_opening(cabinet: &Cabinet, id: &str) -> Result<()> {
    let current = row(cabinet.conn(), id)?;
    audit::record(
        cabinet,
        &audit::Event {
            action: "open",
            object_kind: "report",
            object_id: Some(id),
            patient_id: current.patient_id.as_deref(),
            detail: None,
        },
    )
}

/// A report with its current body, versions, history and recording.
pub fn get(cabinet: &Cabinet, id: &str) -> Result<Report> {
    let conn = cabinet.conn();
    let mut report = conn
        .prepare_cached(
            "SELECT r.id, r.patient_id, r.author_id, p.name, r.kind, r.priority, r.due_on, r.note,
                    r.consultation_on, r.status, r.origin, r.status_since, r.created_at
             FROM reports r JOIN practitioners p ON p.id = r.author_id WHERE r.id = ?1",
        )?
        .query_row([id], |r| {
            let status: ReportStatus = r.get(9)?;
            Ok(Report {
                id: r.get(0)?,
                patient_id: r.get(1)?,
                patient_label: String::new(),
                author_id: r.get(2)?,
                author_name: r.get(3)?,
                kind: r.get(4)?,
                priority: r.get(5)?,
                due_on: r.get(6)?,
                note: r.get(7)?,
                consultation_on: r.get(8)?,
                status,
                status_label: status.label().to_string(),
                may_become: status.may_become().to_vec(),
                origin: r.get(10)?,
                status_since: r.get(11)?,
                created_at: r.get(12)?,
                body: empty_body(),
                version: 0,
                versions: Vec::new(),
                history: Vec::new(),
                audio: None,
                original: None,
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::invalid("report", "Ce compte rendu n'existe plus."))?;
    report.patient_label = patient_label(cabinet, report.patient_id.as_deref())?;
    report.versions = conn
        .prepare_cached(
            "SELECT number, saved_at, saved_by, validated_at, validator_id, validator_name, sha256
             FROM report_versions WHERE report_id = ?1 ORDER BY number",
        )?
        .query_map([id], |r| {
            Ok(VersionSummary {
                number: r.get(0)?,
                saved_at: r.get(1)?,
                saved_by: r.get(2)?,
                validation: validation_of(r, 3)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if let Some((number, body)) = current_version(conn, id)? {
        report.version = number;
        report.body =
            serde_json::from_str(&body).map_err(|e| CoreError::Internal(e.to_string()))?;
    }
    report.history = conn
        .prepare_cached(
            "SELECT status, user_name, at FROM report_status_history WHERE report_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(StatusChange {
                status: r.get(0)?,
                user_name: r.get(1)?,
                at: r.get(2)?,
            })
        })?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    report.audio = audio::info(cabinet, id)?;
    report.original = conn
        .query_row(
            "SELECT file_name, format FROM report_originals WHERE report_id = ?1",
            [id],
            |r| {
                Ok(OriginalFile {
                    file_name: r.get(0)?,
                    format: r.get(1)?,
                })
            },
        )
        .optional()?;
    Ok(report)
}

/// Which reports a list shows.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ReportFilter {
    pub patient_id: Option<String>,
    pub status: Option<ReportStatus>,
    pub author_id: Option<String>,
    /// At most this many, newest first (default 500).
    pub limit: Option<i64>,
}

/// Reports, newest first (by date of consultation, then of creation).
pub fn list(cabinet: &Cabinet, filter: &ReportFilter) -> Result<Vec<ReportLine>> {
    let conn = cabinet.conn();
    let mut statement = conn.prepare_cached(
        "SELECT r.id, r.patient_id, p.name, r.kind, r.status, r.origin, r.priority,
                r.consultation_on, r.due_on, r.created_at,
                (SELECT max(number) FROM report_versions v WHERE v.report_id = r.id),
                v.validator_name, v.validated_at,
                EXISTS (SELECT 1 FROM report_audio a WHERE a.report_id = r.id)
         FROM reports r
         JOIN practitioners p ON p.id = r.author_id
         LEFT JOIN report_versions v ON v.report_id = r.id AND v.number =
             (SELECT max(number) FROM report_versions w WHERE w.report_id = r.id AND w.validated_at IS NOT NULL)
         WHERE (?1 IS NULL OR r.patient_id = ?1) AND (?2 IS NULL OR r.status = ?2)
           AND (?3 IS NULL OR r.author_id = ?3)
         ORDER BY coalesce(r.consultation_on, substr(r.created_at, 1, 10)) DESC, r.seq DESC
         LIMIT ?4",
    )?;
    let lines = statement
        .query_map(
            params![
                filter.patient_id,
                filter.status,
                filter.author_id,
                filter.limit.unwrap_or(500)
            ],
            |r| {
                Ok(ReportLine {
                    id: r.get(0)?,
                    patient_id: r.get(1)?,
                    patient_label: String::new(),
                    author_name: r.get(2)?,
                    kind: r.get(3)?,
                    status: r.get(4)?,
                    origin: r.get(5)?,
                    priority: r.get(6)?,
                    consultation_on: r.get(7)?,
                    due_on: r.get(8)?,
                    created_at: r.get(9)?,
                    version: r.get::<_, Option<i64>>(10)?.unwrap_or(0),
                    validated_by: r.get(11)?,
                    validated_at: r.get(12)?,
                    has_audio: r.get(13)?,
                })
            },
        )?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    lines
        .into_iter()
        .map(|mut line| {
            line.patient_label = patient_label(cabinet, line.patient_id.as_deref())?;
            Ok(line)
        })
        .collect()
}

/// The Documents part of a patient's file: all her reports, newest first.
pub fn for_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<ReportLine>> {
    list(
        cabinet,
        &ReportFilter {
            patient_id: Some(patient_id.to_string()),
            ..ReportFilter::default()
        },
    )
}

/// A report as a patient's copy of her file gives it (right of access):
/// what it is, who wrote and validated it, and its current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortableReport {
    /// « Compte rendu opératoire ».
    pub title: String,
    /// `YYYY-MM-DD`: the consultation's, or the day it was recorded.
    pub date: String,
    pub author: String,
    pub status: String,
    pub validated_by: Option<String>,
    pub validated_at: Option<String>,
    pub text: String,
}

/// Every report of a patient, newest first, with its text.
pub fn portable_for_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<PortableReport>> {
    for_patient(cabinet, patient_id)?
        .into_iter()
        .map(|line| {
            let report = get(cabinet, &line.id)?;
            Ok(PortableReport {
                title: line.kind.title().to_string(),
                date: line
                    .consultation_on
                    .clone()
                    .unwrap_or_else(|| line.created_at.chars().take(10).collect()),
                author: line.author_name.clone(),
                status: line.status.label().to_string(),
                validated_by: line.validated_by.clone(),
                validated_at: line.validated_at.clone(),
                text: super::text::plain_text(&report.body),
            })
        })
        .collect()
}
