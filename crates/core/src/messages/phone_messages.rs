//! Phone messages: she takes one in seconds while on the phone (who called,
//! for which practitioner, about what, urgent, call back or not); he reads
//! it, answers and marks it « traité »; she sees the answer and, if the
//! caller wanted it, calls back and marks it « rappelé ».
//!
//! States move one way: nouveau → lu → traité → rappelé. Each step keeps
//! who (the profile working) and when (UTC).

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{actor_id, existing_patient, patient_name, practitioner, typed, PATIENT_COLUMNS};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;
use crate::phone;

/// The longest « à propos » kept: a message, not a letter.
pub const ABOUT_MAX_CHARS: usize = 2_000;

crate::codes::text_codes! {
    /// Where a message stands (the `state` column of `phone_messages`).
    pub enum MessageState {
        Nouveau = "nouveau",
        Lu = "lu",
        Traite = "traite",
        Rappele = "rappele",
    }
}

impl MessageState {
    /// Not answered by the practitioner yet.
    pub fn is_unanswered(self) -> bool {
        matches!(self, MessageState::Nouveau | MessageState::Lu)
    }
}

/// What she types while on the phone.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MessageDraft {
    /// The patient who called (found with the search), or…
    pub patient_id: Option<String>,
    /// …a caller's name and number when he is not (yet) a patient.
    pub caller_name: Option<String>,
    pub caller_phone: Option<String>,
    /// The practitioner's calendar the message is for.
    pub for_calendar_id: String,
    pub about: String,
    pub urgent: bool,
    pub call_back: bool,
}

/// One message as the lists show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PhoneMessage {
    pub id: String,
    /// RFC 3339 UTC
    pub taken_at: String,
    pub taken_by: Option<String>,
    pub patient_id: Option<String>,
    /// « DUPONT Marie » for a patient, else the caller's name.
    pub caller: String,
    /// `06 12 34 56 78`: the caller's, or the patient's first number.
    pub phone: Option<String>,
    pub for_calendar_id: String,
    pub for_name: String,
    pub about: String,
    pub urgent: bool,
    pub call_back: bool,
    pub state: MessageState,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub called_back_at: Option<String>,
    pub called_back_by: Option<String>,
}

/// Takes a message; returns its id. Nothing is written if anything is wrong.
pub fn take(cabinet: &mut Cabinet, draft: &MessageDraft) -> Result<String> {
    let for_calendar_id = practitioner(cabinet, &draft.for_calendar_id)?;
    let about = typed(&draft.about).ok_or_else(|| {
        CoreError::invalid(
            "about",
            "Notez l'objet de l'appel (p. ex. « demande un renouvellement d'ordonnance »).",
        )
    })?;
    if about.chars().count() > ABOUT_MAX_CHARS {
        return Err(CoreError::invalid(
            "about",
            format!("Le message est trop long ({ABOUT_MAX_CHARS} caractères au plus)."),
        ));
    }
    let patient_id = match draft.patient_id.as_deref().and_then(typed) {
        Some(id) => Some(existing_patient(cabinet, &id)?),
        None => None,
    };
    let caller_name = draft.caller_name.as_deref().and_then(typed);
    let caller_phone = draft
        .caller_phone
        .as_deref()
        .and_then(typed)
        .map(|p| phone::normalise(&p))
        .transpose()
        .map_err(|e| CoreError::invalid("callerPhone", e.to_string()))?;
    if patient_id.is_none() && caller_name.is_none() {
        return Err(CoreError::invalid(
            "callerName",
            "Qui a appelé ? Cherchez le patient, ou tapez le nom de la personne.",
        ));
    }
    let id = new_id();
    cabinet.conn().execute(
        "INSERT INTO phone_messages (id, taken_at, taken_by, patient_id, caller_name, caller_phone,
             for_calendar_id, about, urgent, call_back, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'nouveau')",
        params![
            id,
            cabinet.now_utc(),
            actor_id(cabinet),
            patient_id,
            caller_name,
            caller_phone,
            for_calendar_id,
            about,
            draft.urgent,
            draft.call_back
        ],
    )?;
    Ok(id)
}

/// He opened it: nouveau → lu (a message already read or answered stays).
pub fn mark_read(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    let state = state_of(cabinet, id)?;
    if state != MessageState::Nouveau {
        return Ok(());
    }
    cabinet.conn().execute(
        "UPDATE phone_messages SET state = 'lu', read_at = ?2, read_by = ?3
         WHERE id = ?1 AND state = 'nouveau'",
        params![id, cabinet.now_utc(), actor_id(cabinet)],
    )?;
    Ok(())
}

/// His answer: the message is « traité ». Refused once answered.
pub fn answer(cabinet: &mut Cabinet, id: &str, answer: &str) -> Result<()> {
    let answer = typed(answer).ok_or_else(|| {
        CoreError::invalid(
            "answer",
            "Tapez la réponse (p. ex. « ordonnance prête à l'accueil », « le convoquer cette semaine »).",
        )
    })?;
    if answer.chars().count() > ABOUT_MAX_CHARS {
        return Err(CoreError::invalid(
            "answer",
            format!("La réponse est trop longue ({ABOUT_MAX_CHARS} caractères au plus)."),
        ));
    }
    if !state_of(cabinet, id)?.is_unanswered() {
        return Err(CoreError::invalid(
            "answer",
            "Ce message a déjà reçu une réponse.",
        ));
    }
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "UPDATE phone_messages SET state = 'traite', answer = ?2, answered_at = ?3, answered_by = ?4,
             read_at = coalesce(read_at, ?3), read_by = coalesce(read_by, ?4)
         WHERE id = ?1",
        params![id, answer, now, actor_id(cabinet)],
    )?;
    Ok(())
}

/// She called the caller back with the answer: « rappelé ».
pub fn mark_called_back(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    match state_of(cabinet, id)? {
        MessageState::Traite => {}
        MessageState::Rappele => {
            return Err(CoreError::invalid(
                "state",
                "Ce message est déjà marqué « rappelé ».",
            ))
        }
        MessageState::Nouveau | MessageState::Lu => {
            return Err(CoreError::invalid(
                "state",
                "Le praticien n'a pas encore répondu à ce message : attendez sa réponse avant de rappeler.",
            ))
        }
    }
    cabinet.conn().execute(
        "UPDATE phone_messages SET state = 'rappele', called_back_at = ?2, called_back_by = ?3
         WHERE id = ?1",
        params![id, cabinet.now_utc(), actor_id(cabinet)],
    )?;
    Ok(())
}

fn state_of(cabinet: &Cabinet, id: &str) -> Result<MessageState> {
    cabinet
        .conn()
        .query_row(
            "SELECT state FROM phone_messages WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("id", "Ce message n'existe pas (ou plus)."))
}

/// Unanswered first, urgent first, then the oldest; answered ones after,
/// newest first.
const DOCTOR_ORDER: &str = "CASE WHEN m.state IN ('nouveau', 'lu') THEN 0 ELSE 1 END,
     CASE WHEN m.state IN ('nouveau', 'lu') THEN -m.urgent ELSE 0 END,
     CASE WHEN m.state IN ('nouveau', 'lu') THEN m.taken_at END,
     m.taken_at DESC";

fn select(filter: &str, order: &str) -> String {
    format!(
        "SELECT m.id, m.taken_at, coalesce(tu.name, m.taken_by), m.patient_id, {PATIENT_COLUMNS},
            m.caller_name, m.caller_phone,
            (SELECT number FROM patient_phones ph WHERE ph.patient_id = m.patient_id ORDER BY position LIMIT 1),
            m.for_calendar_id, c.name, m.about, m.urgent, m.call_back, m.state,
            m.answer, m.answered_at, coalesce(au.name, m.answered_by),
            m.called_back_at, coalesce(cu.name, m.called_back_by)
         FROM phone_messages m
         JOIN calendars c ON c.id = m.for_calendar_id
         LEFT JOIN patients p ON p.id = m.patient_id
         LEFT JOIN users tu ON tu.id = m.taken_by
         LEFT JOIN users au ON au.id = m.answered_by
         LEFT JOIN users cu ON cu.id = m.called_back_by
         WHERE {filter}
         ORDER BY {order}"
    )
}

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<PhoneMessage> {
    let caller_name: Option<String> = row.get(9)?;
    let caller = patient_name(row, 4)?.or(caller_name).unwrap_or_default();
    let phone_digits: Option<String> = row.get::<_, Option<String>>(10)?.or(row.get(11)?);
    Ok(PhoneMessage {
        id: row.get(0)?,
        taken_at: row.get(1)?,
        taken_by: row.get(2)?,
        patient_id: row.get(3)?,
        caller,
        phone: phone_digits.map(|digits| phone::display(&digits)),
        for_calendar_id: row.get(12)?,
        for_name: row.get(13)?,
        about: row.get(14)?,
        urgent: row.get(15)?,
        call_back: row.get(16)?,
        state: row.get(17)?,
        answer: row.get(18)?,
        answered_at: row.get(19)?,
        answered_by: row.get(20)?,
        called_back_at: row.get(21)?,
        called_back_by: row.get(22)?,
    })
}

fn query(cabinet: &Cabinet, sql: &str, params: impl rusqlite::Params) -> Result<Vec<PhoneMessage>> {
    let mut statement = cabinet.conn().prepare_cached(sql)?;
    let rows = statement.query_map(params, read)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The practitioner's messages (every practitioner's with `None`): the
/// unanswered ones, then those answered in the last `answered_days` days.
pub fn for_practitioner(
    cabinet: &Cabinet,
    calendar_id: Option<&str>,
    answered_days: u32,
) -> Result<Vec<PhoneMessage>> {
    let since = (cabinet.clock().now() - chrono::Duration::days(i64::from(answered_days)))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    query(
        cabinet,
        &select(
            "(?1 IS NULL OR m.for_calendar_id = ?1)
             AND (m.state IN ('nouveau', 'lu') OR m.answered_at >= ?2)",
            DOCTOR_ORDER,
        ),
        params![calendar_id, since],
    )
}

/// Her list: answered messages whose caller wants a call back, urgent
/// first, then the oldest answer.
pub fn to_call_back(cabinet: &Cabinet) -> Result<Vec<PhoneMessage>> {
    query(
        cabinet,
        &select(
            "m.state = 'traite' AND m.call_back = 1",
            "m.urgent DESC, m.answered_at",
        ),
        [],
    )
}

/// Every message about a patient, newest first (the patient's file).
pub fn about_patient(cabinet: &Cabinet, patient_id: &str) -> Result<Vec<PhoneMessage>> {
    query(
        cabinet,
        &select("m.patient_id = ?1", "m.taken_at DESC"),
        [patient_id],
    )
}

/// One message.
pub fn get(cabinet: &Cabinet, id: &str) -> Result<PhoneMessage> {
    query(cabinet, &select("m.id = ?1", "m.taken_at"), [id])?
        .into_iter()
        .next()
        .ok_or_else(|| CoreError::invalid("id", "Ce message n'existe pas (ou plus)."))
}
