//! The audit trail: who opened, changed, exported, printed, merged or deleted
//! what, and every unlock (good or failed). Append-only and hash-chained:
//! each entry carries the SHA-256 of the previous one, so an entry altered,
//! removed or cut from the end is found by [`verify`].
//!
//! Changes are recorded by triggers (migration 0004) in the transaction that
//! makes them, whichever code path wrote; reads and events (a file opened, an
//! export, an unlock) are recorded here with [`record`]. Entries hold ids and
//! codes only — never a name, a NIR or a note.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::storage::audit_functions::chain_hash;
pub use crate::storage::audit_functions::Actor;

/// An event to write into the trail (reads, exports, unlocks…).
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    pub action: &'a str,
    pub object_kind: &'a str,
    pub object_id: Option<&'a str>,
    pub patient_id: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// Appends an entry, as its own durable transaction or inside the caller's.
pub(crate) fn record_on(conn: &Connection, event: &Event<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_append (action, object_kind, object_id, patient_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            event.action,
            event.object_kind,
            event.object_id,
            event.patient_id,
            event.detail
        ],
    )?;
    Ok(())
}

/// Records an event done in the open cabinet by the current user.
pub fn record(cabinet: &Cabinet, event: &Event<'_>) -> Result<()> {
    record_on(cabinet.conn(), event)
}

/// The page printed something (a day sheet, the call list, a patient's
/// file): recorded, with what it was (80 characters at most).
pub fn record_print(cabinet: &Cabinet, what: &str, patient_id: Option<&str>) -> Result<()> {
    let what: String = what.chars().take(80).collect();
    record(
        cabinet,
        &Event {
            action: "print",
            object_kind: if patient_id.is_some() {
                "patient"
            } else {
                "agenda"
            },
            object_id: patient_id,
            patient_id,
            detail: Some(&what),
        },
    )
}

/// One entry as the viewer shows it; `patient_label` is joined from the
/// patient file at reading time (the trail itself holds only the id).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub user_name: Option<String>,
    pub action: String,
    pub object_kind: String,
    pub object_id: Option<String>,
    pub patient_id: Option<String>,
    pub patient_label: Option<String>,
    pub detail: Option<String>,
    /// "Ouverture du dossier", "Modification d'un rendez-vous"…
    pub description: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AuditFilter {
    pub patient_id: Option<String>,
    pub user_id: Option<String>,
    /// `YYYY-MM-DD`, inclusive, in UTC days.
    pub from: Option<String>,
    pub to: Option<String>,
    pub action: Option<String>,
    /// At most this many entries, newest first (default 500).
    pub limit: Option<i64>,
}

/// The entries matching `filter`, newest first.
/// Reading the whole trail is for administrators (it says who looked at
/// what); "who opened this file" is open to everyone working on the file.
pub fn entries(cabinet: &Cabinet, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    crate::users::require_admin(cabinet)?;
    query(cabinet, filter)
}

fn query(cabinet: &Cabinet, filter: &AuditFilter) -> Result<Vec<AuditEntry>> {
    let to_exclusive = filter
        .to
        .as_deref()
        .map(|day| format!("{day}T99"))
        .unwrap_or_else(|| "9999".into());
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT a.seq, a.at, a.user_name, a.action, a.object_kind, a.object_id, a.patient_id,
                CASE WHEN p.id IS NULL THEN NULL
                     ELSE upper(coalesce(p.used_name, p.birth_name)) || ' ' || coalesce(p.used_first_name, p.birth_first_names) END,
                a.detail
         FROM audit_log a LEFT JOIN patients p ON p.id = a.patient_id
         WHERE (?1 IS NULL OR a.patient_id = ?1)
           AND (?2 IS NULL OR a.user_id = ?2)
           AND (?3 IS NULL OR a.at >= ?3)
           AND a.at < ?4
           AND (?5 IS NULL OR a.action = ?5)
         ORDER BY a.seq DESC LIMIT ?6",
    )?;
    let rows = statement.query_map(
        params![
            filter.patient_id,
            filter.user_id,
            filter.from,
            to_exclusive,
            filter.action,
            filter.limit.unwrap_or(500).clamp(1, 5000)
        ],
        |row| {
            let action: String = row.get(3)?;
            let object_kind: String = row.get(4)?;
            let detail: Option<String> = row.get(8)?;
            Ok(AuditEntry {
                seq: row.get(0)?,
                at: row.get(1)?,
                user_name: row.get(2)?,
                description: describe(&action, &object_kind, detail.as_deref()),
                action,
                object_kind,
                object_id: row.get(5)?,
                patient_id: row.get(6)?,
                patient_label: row.get(7)?,
                detail,
            })
        },
    )?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// Who opened this patient's file, newest first ("qui a consulté ce dossier").
pub fn openings_of(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<AuditEntry>> {
    query(
        cabinet,
        &AuditFilter {
            patient_id: Some(patient_id.to_string()),
            action: Some("open".into()),
            limit: Some(200),
            ..AuditFilter::default()
        },
    )
}

/// The French noun of an action, as an entry's sentence starts
/// ("Ouverture" du dossier patient); an unknown code is shown as it is.
fn verb(action: &str) -> &str {
    match action {
        "open" => "Ouverture",
        "create" => "Création",
        "update" => "Modification",
        "delete" => "Suppression",
        "merge" => "Fusion",
        "export" => "Export",
        "print" => "Impression",
        "import" => "Import",
        "unlock" => "Déverrouillage",
        "unlock_failed" => "Échec de déverrouillage",
        "lock" => "Verrouillage",
        "open_cabinet" => "Ouverture",
        "close_cabinet" => "Fermeture",
        "backup" => "Sauvegarde",
        "restore" => "Restauration",
        "passphrase" => "Changement de la phrase de passe",
        "prune" => "Purge",
        "repair" => "Réparation",
        "alert" => "Alerte",
        "identify" => "Connexion",
        "validate" => "Validation",
        "failed_validation" => "Échec de validation (code PIN)",
        "move_out" => "Sortie vers un autre dossier",
        "move_in" => "Arrivée depuis un autre dossier",
        "reverse" => "Annulation",
        other => other,
    }
}

/// The actions the viewer can filter on, in the order it lists them.
const FILTER_ACTIONS: [&str; 19] = [
    "open",
    "create",
    "update",
    "delete",
    "merge",
    "export",
    "print",
    "unlock",
    "unlock_failed",
    "lock",
    "backup",
    "restore",
    "passphrase",
    "open_cabinet",
    "close_cabinet",
    "identify",
    "prune",
    "repair",
    "alert",
];

/// An action as the viewer's filter offers it: the code [`AuditFilter`]
/// takes, and its French name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AuditActionOption {
    pub code: String,
    /// "Ouverture", "Ouverture du cabinet"…
    pub label: String,
}

/// The filter's actions with their names. The audit trail's French is all
/// here (the entries' sentences come from [`describe`]): the page shows
/// what it is sent.
pub fn filter_actions() -> Vec<AuditActionOption> {
    FILTER_ACTIONS
        .iter()
        .map(|&code| AuditActionOption {
            code: code.to_string(),
            // A verb alone would name two actions alike (open / open_cabinet).
            label: match code {
                "open_cabinet" => "Ouverture du cabinet",
                "close_cabinet" => "Fermeture du cabinet",
                "identify" => "Connexion d’un profil",
                "prune" => "Purge du journal",
                "repair" => "Réparation de l’index",
                "alert" => "Alerte sur le journal",
                other => verb(other),
            }
            .to_string(),
        })
        .collect()
}

/// The French sentence for an entry, for the viewer and `carnet-admin`.
pub fn describe(action: &str, object_kind: &str, detail: Option<&str>) -> String {
    let object = match object_kind {
        "patient" => "du dossier patient",
        "appointment" => "d'un rendez-vous",
        "waiting_list" => "d'une demande de liste d'attente",
        "correspondant" => "d'un correspondant",
        "phone_message" => "d'un message téléphonique",
        "task" => "d'une tâche",
        "agenda" => "du paramétrage de l'agenda",
        "user" => "d'un profil utilisateur",
        "settings" => "d'un réglage",
        "cabinet" => "du cabinet",
        "audit" => "du journal d'audit",
        "patients" => "de la liste des patients",
        "template" => "d'un modèle de document",
        "snippet" => "d'une phrase type",
        "word" => "d'un mot du dictionnaire du cabinet",
        "report" => "d'un compte rendu",
        "practitioner" => "de l'en-tête d'un praticien",
        "fee" => "d'une visite encaissée",
        "fee_act" => "d'un acte d'une visite encaissée",
        "incoming_file" => "d'un document de courrier arrivé",
        "payment" => "d'un paiement",
        "fee_transfer" => "d'un report de part",
        "cash_closing" => "de la clôture de caisse",
        "receipt" => "d'un reçu d'honoraires",
        "cheque_slip" => "d'un bordereau de remise de chèques",
        _ => "",
    };
    let verb = verb(action);
    let setting_label;
    let detail = if object_kind == "settings" {
        setting_label = match detail.unwrap_or_default() {
            "idle_lock_minutes" => "délai de verrouillage automatique",
            "audit_retention_days" => "durée de conservation du journal d'audit",
            "backup_folders" => "dossiers de sauvegarde",
            "backup_keep_daily" | "backup_keep_weekly" | "backup_keep_monthly" => {
                "nombre de sauvegardes gardées"
            }
            "backup_max_age_hours" => "délai d'alerte des sauvegardes",
            other => other,
        };
        Some(setting_label)
    } else {
        detail
    };
    let mut sentence = if object.is_empty() || action == "passphrase" {
        verb.to_string()
    } else {
        format!("{verb} {object}")
    };
    if let Some(detail) = detail.filter(|d| !d.is_empty()) {
        sentence.push_str(" — ");
        sentence.push_str(detail);
    }
    sentence
}

/// The result of checking the chain, entry by entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ChainReport {
    pub entries: i64,
    pub first_seq: i64,
    pub last_seq: i64,
    /// The hash of the last entry (the chain's head), as the anchors kept
    /// outside the file remember it.
    pub last_hash: String,
    /// The first place the chain breaks, if it does.
    pub broken_at: Option<ChainBreak>,
    /// The first entry stamped earlier than the one before it: the
    /// computer's clock went back (or entries were reordered). Not a break
    /// by itself — clocks get corrected — but pruning will not cut across
    /// it, and the viewer says so.
    pub clock_went_back_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ChainBreak {
    pub seq: i64,
    pub at: Option<String>,
    pub problem: String,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.broken_at.is_none()
    }
}

/// The hash that chains an entry to the previous one (the previous hash
/// first, then the entry's fields in the table's order). No secret: anyone
/// with Carnet's source computes it — which is why the chain's head is also
/// kept outside the file, under a key only the cabinet's key gives.
pub fn entry_hash(fields: &[Option<String>]) -> String {
    chain_hash(fields)
}

pub fn verify(cabinet: &Cabinet) -> Result<ChainReport> {
    verify_on(cabinet.conn())
}

/// Walks the chain from its anchor: every entry's hash is recomputed, each
/// must name the previous one's hash, numbers must follow without a gap, and
/// the last must be the one the anchor remembers. Then the changes made
/// without an entry (migration 0007's counter) and a start moved without
/// the purge that moves it.
pub(crate) fn verify_on(conn: &Connection) -> Result<ChainReport> {
    let (first_seq, first_prev, last_seq, last_hash): (i64, String, i64, String) = conn
        .query_row(
            "SELECT first_seq, first_prev, last_seq, last_hash FROM audit_anchor WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?
        .ok_or_else(|| CoreError::Damaged {
            detail: "l'ancre du journal d'audit a disparu".into(),
        })?;
    let mut statement = conn.prepare(
        "SELECT seq, at, user_id, user_name, action, object_kind, object_id, patient_id, detail,
                prev_hash, hash
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = statement.query([])?;
    let mut expected_seq = first_seq;
    let mut expected_prev = first_prev.clone();
    let mut count = 0i64;
    let mut seen_last = 0i64;
    let mut previous_at = String::new();
    let mut clock_went_back_at = None;
    let mut purge_marker_seen = false;
    let mut report = ChainReport {
        entries: 0,
        first_seq,
        last_seq,
        last_hash: last_hash.clone(),
        broken_at: None,
        clock_went_back_at: None,
    };
    let broken = |seq: i64, at: Option<String>, problem: &str| {
        Some(ChainBreak {
            seq,
            at,
            problem: problem.to_string(),
        })
    };
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let at: String = row.get(1)?;
        let action: String = row.get(4)?;
        let detail: Option<String> = row.get(8)?;
        let fields: Vec<Option<String>> = vec![
            None, // replaced by prev_hash below
            Some(at.clone()),
            row.get(2)?,
            row.get(3)?,
            Some(action.clone()),
            Some(row.get(5)?),
            row.get(6)?,
            row.get(7)?,
            detail.clone(),
        ];
        let prev_hash: String = row.get(9)?;
        let hash: String = row.get(10)?;
        report.entries = count;
        report.clock_went_back_at = clock_went_back_at;
        if seq < expected_seq {
            report.broken_at = broken(
                seq,
                Some(at),
                "entrée antérieure au début connu de la chaîne",
            );
            return Ok(report);
        }
        if seq > expected_seq {
            report.broken_at = broken(
                expected_seq,
                None,
                &format!(
                    "{} entrée(s) supprimée(s) avant l'entrée n° {seq}",
                    seq - expected_seq
                ),
            );
            return Ok(report);
        }
        if prev_hash != expected_prev {
            report.broken_at = broken(
                seq,
                Some(at),
                "l'entrée ne suit pas la précédente (entrée précédente modifiée ou supprimée)",
            );
            return Ok(report);
        }
        let mut with_prev = fields;
        with_prev[0] = Some(prev_hash);
        if chain_hash(&with_prev) != hash {
            report.broken_at = broken(seq, Some(at), "le contenu de l'entrée a été modifié");
            return Ok(report);
        }
        // Times must rise with the sequence (RFC 3339 UTC with
        // milliseconds, all the same width: text order is time order).
        if at < previous_at && clock_went_back_at.is_none() {
            clock_went_back_at = Some(seq);
        }
        if action == "prune"
            && first_prev.len() >= 16
            && detail
                .as_deref()
                .unwrap_or_default()
                .contains(&first_prev[..16])
        {
            purge_marker_seen = true;
        }
        previous_at = at;
        count += 1;
        seen_last = seq;
        expected_seq = seq + 1;
        expected_prev = hash;
    }
    report.entries = count;
    report.clock_went_back_at = clock_went_back_at;
    if seen_last != last_seq || expected_prev != last_hash {
        report.broken_at = broken(
            seen_last + 1,
            None,
            "des entrées ont été retirées à la fin du journal",
        );
        return Ok(report);
    }
    // The start moves only by a purge, which says so in a chained entry
    // naming the hash the chain resumes from: entries cut from the start
    // with the anchor moved by hand have no such entry.
    if first_seq > 1 && !purge_marker_seen {
        report.broken_at = broken(
            first_seq,
            None,
            "le début du journal a été retiré sans la purge qui l'aurait noté",
        );
        return Ok(report);
    }
    let untraced = untraced_changes(conn)?;
    if untraced != 0 {
        report.broken_at = broken(
            last_seq + 1,
            None,
            &format!(
                "{untraced} modification(s) faite(s) sans entrée au journal : le traçage a été \
                 contourné (outil extérieur avec la phrase de passe ?)"
            ),
        );
    }
    Ok(report)
}

/// Changes counted by the triggers (migration 0007) without their entry.
fn untraced_changes(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT changes - traced FROM audit_counter WHERE id = 1",
            [],
            |row| row.get(0),
        )
        .optional()?
        // The counter row removed is itself a change behind Carnet's back.
        .unwrap_or(-1))
}

/// Removes the entries older than the retention period, leaving a chained
/// marker: the anchor moves to the first entry kept, and a "purge" entry
/// (itself chained) says how many went and the hash the chain resumes from.
/// Returns how many entries were removed. An administrator's explicit act
/// (the audit screen): nothing prunes on its own, so neither a clock moved
/// forward nor a profile identifying can erase the trail.
pub fn prune(cabinet: &mut Cabinet, retention_days: i64) -> Result<i64> {
    crate::users::require_admin(cabinet)?;
    prune_older_than(cabinet, retention_days)
}

/// The same explicit purge from `carnet-admin audit prune`: whoever runs
/// the tool holds the passphrase, the administrator's own credential.
pub fn prune_by_tool(cabinet: &mut Cabinet, retention_days: i64) -> Result<i64> {
    prune_older_than(cabinet, retention_days)
}

/// Why pruning refuses (the trail is then kept whole for an inquiry).
fn refuse_to_prune(why: String) -> CoreError {
    CoreError::invalid(
        "audit",
        format!("Purge refusée : {why}. Le journal est gardé entier ; faites-le examiner."),
    )
}

fn prune_older_than(cabinet: &mut Cabinet, retention_days: i64) -> Result<i64> {
    if retention_days < 30 {
        return Err(CoreError::invalid(
            "auditRetentionDays",
            "Gardez le journal d'audit au moins 30 jours.",
        ));
    }
    // A broken chain is evidence: pruning would move the anchor past the
    // damage and leave an "intact" remainder.
    let report = verify(cabinet)?;
    if let Some(broken) = &report.broken_at {
        return Err(refuse_to_prune(format!(
            "le journal est rompu à l'entrée n° {} ({})",
            broken.seq, broken.problem
        )));
    }
    // The trail's moments are stamped by SQLite in the trigger (migration
    // 0004), on the system clock. The cut-off never passes the newest
    // entry's time minus the retention: a clock moved forward today makes
    // nothing older than it already was.
    let newest: Option<String> =
        cabinet
            .conn()
            .query_row("SELECT max(at) FROM audit_log", [], |row| row.get(0))?;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let reference = newest.map_or(now.clone(), |newest| newest.min(now));
    let reference = chrono::DateTime::parse_from_rfc3339(&reference)
        .map_err(|error| CoreError::Internal(format!("date du journal illisible : {error}")))?;
    let cutoff = (reference - chrono::Duration::days(retention_days))
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let context = cabinet.audit_context().clone();
    let tx = cabinet.conn_mut().transaction()?;
    // The prefix of entries all older than the cut-off: it stops at the
    // first entry that is not, so an entry stamped by a clock that went
    // back never drags newer entries out with it.
    let first_kept: Option<i64> = tx.query_row(
        "SELECT min(seq) FROM audit_log WHERE at >= ?1",
        [&cutoff],
        |row| row.get(0),
    )?;
    let last_pruned: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit_log WHERE seq < ?1 ORDER BY seq DESC LIMIT 1",
            [first_kept.unwrap_or(i64::MAX)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((last_seq, last_hash)) = last_pruned else {
        return Ok(0);
    };
    if report
        .clock_went_back_at
        .is_some_and(|seq| seq <= last_seq + 1)
    {
        return Err(refuse_to_prune(format!(
            "l'entrée n° {} est datée d'avant la précédente (horloge de l'ordinateur reculée ?)",
            report.clock_went_back_at.unwrap_or_default()
        )));
    }
    context.set_pruning(true);
    let removed = tx.execute("DELETE FROM audit_log WHERE seq <= ?1", [last_seq]);
    context.set_pruning(false);
    let removed = removed? as i64;
    tx.execute(
        "UPDATE audit_anchor SET first_seq = ?1, first_prev = ?2 WHERE id = 1",
        params![last_seq + 1, last_hash],
    )?;
    let detail = format!(
        "{removed} entrée(s) antérieure(s) au {} retirée(s) ; la chaîne reprend après l'empreinte {}",
        &cutoff[..10],
        &last_hash[..16]
    );
    record_on(
        &tx,
        &Event {
            action: "prune",
            object_kind: "audit",
            detail: Some(&detail),
            ..Event::default()
        },
    )?;
    tx.commit()?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_action_has_its_own_french_name() {
        let options = filter_actions();
        let labels: std::collections::HashSet<_> = options.iter().map(|o| &o.label).collect();
        assert_eq!(labels.len(), options.len(), "{options:?}");
        assert!(options.iter().all(|o| o.label != o.code), "{options:?}");
        assert_eq!(
            (options[0].code.as_str(), options[0].label.as_str()),
            ("open", "Ouverture")
        );
        assert!(options
            .iter()
            .any(|o| o.code == "open_cabinet" && o.label == "Ouverture du cabinet"));
    }
}
