//! Setting up the agenda: calendars, motifs, weekly templates (plages
//! d'ouverture) and exceptions (absences, congés, fermetures, exceptional
//! openings). Defaults are created with every new cabinet.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::{clock, from_stored, iso, parse_clock, parse_day, parse_time_of};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

crate::codes::text_codes! {
    /// Whose time a calendar holds (the `kind` column of `calendars`).
    #[derive(Default)]
    pub enum CalendarKind {
        /// A doctor's: offered by the slot finder.
        #[default]
        Praticien = "praticien",
        /// A room or a device.
        Ressource = "ressource",
    }
}

crate::codes::text_codes! {
    /// What an agenda exception is (the `kind` column of `agenda_exceptions`).
    #[derive(Default)]
    pub enum ExceptionKind {
        #[default]
        Absence = "absence",
        Conges = "conges",
        Fermeture = "fermeture",
        /// An exceptional opening: the only kind that adds time.
        Ouverture = "ouverture",
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Calendar {
    pub id: String,
    pub name: String,
    pub kind: CalendarKind,
    pub colour: String,
    pub archived: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct CalendarDraft {
    pub name: String,
    pub kind: CalendarKind,
    pub colour: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Motif {
    pub id: String,
    pub name: String,
    pub duration_minutes: u32,
    pub colour: String,
    /// May take plages reserved to some motifs (urgences, visites…).
    pub may_use_reserved: bool,
    pub archived: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct MotifDraft {
    pub name: String,
    pub duration_minutes: u32,
    pub colour: String,
    pub may_use_reserved: bool,
}

/// One plage of a weekly template, as the form edits it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct PlageDraft {
    /// 1 = lundi … 7 = dimanche
    pub weekday: u32,
    /// 'HH:MM'
    pub starts: String,
    pub ends: String,
    /// Empty: any motif. Otherwise only these (and motifs that may use
    /// reserved plages).
    pub motif_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct WeeklyTemplate {
    pub id: String,
    pub calendar_id: String,
    /// 'YYYY-MM-DD': in force from this day until the next template.
    pub valid_from: String,
    pub plages: Vec<PlageDraft>,
}

/// An absence, congés, fermeture or exceptional opening.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ExceptionDraft {
    /// None: the whole cabinet.
    pub calendar_id: Option<String>,
    pub kind: ExceptionKind,
    /// `2026-12-24T00:00`
    pub starts_at: String,
    pub ends_at: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AgendaException {
    pub id: String,
    pub calendar_id: Option<String>,
    pub kind: ExceptionKind,
    pub starts_at: String,
    pub ends_at: String,
    pub label: String,
}

impl ExceptionKind {
    /// How the grid names it.
    pub fn label(self) -> &'static str {
        match self {
            ExceptionKind::Absence => "Absence",
            ExceptionKind::Conges => "Congés",
            ExceptionKind::Fermeture => "Fermeture",
            ExceptionKind::Ouverture => "Ouverture exceptionnelle",
        }
    }
}

fn check_colour(colour: &str) -> Result<String> {
    let colour = colour.trim().to_ascii_lowercase();
    let ok = colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(colour)
    } else {
        Err(CoreError::invalid(
            "colour",
            "Choisissez une couleur dans la palette.",
        ))
    }
}

fn required_name(name: &str, what: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(CoreError::invalid("name", format!("Tapez le nom {what}.")));
    }
    Ok(name)
}

pub fn calendars(cabinet: &Cabinet) -> Result<Vec<Calendar>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, name, kind, colour, archived_at IS NOT NULL FROM calendars ORDER BY position, name",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(Calendar {
            id: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            colour: row.get(3)?,
            archived: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn save_calendar(
    cabinet: &mut Cabinet,
    id: Option<&str>,
    draft: &CalendarDraft,
) -> Result<String> {
    let name = required_name(
        &draft.name,
        "de l'agenda (p. ex. « Dr Roux » ou « Salle de soins »)",
    )?;
    let colour = check_colour(&draft.colour)?;
    let now = cabinet.now_utc();
    match id {
        Some(id) => {
            let changed = cabinet.conn().execute(
                "UPDATE calendars SET name = ?2, kind = ?3, colour = ?4, updated_at = ?5 WHERE id = ?1",
                params![id, name, draft.kind, colour, now],
            )?;
            if changed == 0 {
                return Err(CoreError::invalid("calendar", "Cet agenda n'existe plus."));
            }
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            cabinet.conn().execute(
                "INSERT INTO calendars (id, name, kind, colour, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), -1) + 1 FROM calendars), ?5, ?5)",
                params![id, name, draft.kind, colour, now],
            )?;
            Ok(id)
        }
    }
}

pub fn set_calendar_archived(cabinet: &mut Cabinet, id: &str, archived: bool) -> Result<()> {
    cabinet.conn().execute(
        "UPDATE calendars SET archived_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3 WHERE id = ?1",
        params![id, archived, cabinet.now_utc()],
    )?;
    Ok(())
}

pub fn motifs(cabinet: &Cabinet) -> Result<Vec<Motif>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, name, duration_minutes, colour, may_use_reserved, archived_at IS NOT NULL
         FROM motifs ORDER BY position, name",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(Motif {
            id: row.get(0)?,
            name: row.get(1)?,
            duration_minutes: row.get(2)?,
            colour: row.get(3)?,
            may_use_reserved: row.get(4)?,
            archived: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn motif(cabinet: &Cabinet, id: &str) -> Result<Motif> {
    motifs(cabinet)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| {
            CoreError::invalid("motif", "Ce motif n'existe plus : choisissez-en un autre.")
        })
}

/// A motif by its name, accents and case ignored (for the CLI).
pub fn motif_named(cabinet: &Cabinet, name: &str) -> Result<Motif> {
    let wanted = crate::phonetic::fold(name);
    let all = motifs(cabinet)?;
    all.iter()
        .find(|m| crate::phonetic::fold(&m.name) == wanted)
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|m| m.name.as_str()).collect();
            CoreError::invalid(
                "motif",
                format!(
                    "Aucun motif « {name} ». Motifs du cabinet : {}.",
                    names.join(", ")
                ),
            )
        })
}

pub fn calendar_named(cabinet: &Cabinet, name: &str) -> Result<Calendar> {
    let wanted = crate::phonetic::fold(name);
    let all = calendars(cabinet)?;
    all.iter()
        .find(|c| crate::phonetic::fold(&c.name).contains(&wanted))
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
            CoreError::invalid(
                "calendar",
                format!(
                    "Aucun agenda « {name} ». Agendas du cabinet : {}.",
                    names.join(", ")
                ),
            )
        })
}

pub fn save_motif(cabinet: &mut Cabinet, id: Option<&str>, draft: &MotifDraft) -> Result<String> {
    let name = required_name(&draft.name, "du motif (p. ex. « Consultation »)")?;
    let colour = check_colour(&draft.colour)?;
    if !(5..=480).contains(&draft.duration_minutes) {
        return Err(CoreError::invalid(
            "durationMinutes",
            "La durée d'un motif va de 5 minutes à 8 heures.",
        ));
    }
    let now = cabinet.now_utc();
    match id {
        Some(id) => {
            cabinet.conn().execute(
                "UPDATE motifs SET name = ?2, duration_minutes = ?3, colour = ?4, may_use_reserved = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id, name, draft.duration_minutes, colour, draft.may_use_reserved, now],
            )?;
            Ok(id.to_string())
        }
        None => {
            let id = new_id();
            cabinet.conn().execute(
                "INSERT INTO motifs (id, name, duration_minutes, colour, may_use_reserved, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(position), -1) + 1 FROM motifs), ?6, ?6)",
                params![id, name, draft.duration_minutes, colour, draft.may_use_reserved, now],
            )?;
            Ok(id)
        }
    }
}

pub fn set_motif_archived(cabinet: &mut Cabinet, id: &str, archived: bool) -> Result<()> {
    cabinet.conn().execute(
        "UPDATE motifs SET archived_at = CASE WHEN ?2 THEN ?3 END, updated_at = ?3 WHERE id = ?1",
        params![id, archived, cabinet.now_utc()],
    )?;
    Ok(())
}

/// Every weekly template of a calendar, oldest first.
pub fn templates(cabinet: &Cabinet, calendar_id: &str) -> Result<Vec<WeeklyTemplate>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT t.id, t.valid_from, p.weekday, p.starts, p.ends, p.motif_ids
         FROM agenda_templates t LEFT JOIN template_plages p ON p.template_id = t.id
         WHERE t.calendar_id = ?1 ORDER BY t.valid_from, p.weekday, p.starts",
    )?;
    let mut rows = statement.query([calendar_id])?;
    let mut result: Vec<WeeklyTemplate> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if result.last().is_none_or(|t| t.id != id) {
            result.push(WeeklyTemplate {
                id: id.clone(),
                calendar_id: calendar_id.to_string(),
                valid_from: row.get(1)?,
                plages: Vec::new(),
            });
        }
        let weekday: Option<u32> = row.get(2)?;
        if let (Some(weekday), Some(template)) = (weekday, result.last_mut()) {
            let motif_ids: String = row.get(5)?;
            template.plages.push(PlageDraft {
                weekday,
                starts: row.get(3)?,
                ends: row.get(4)?,
                motif_ids: serde_json::from_str(&motif_ids).unwrap_or_default(),
            });
        }
    }
    Ok(result)
}

/// Checks a template's plages: real times, start before end, no two plages
/// of one day overlapping. Returns them normalised and sorted.
pub fn validate_plages(plages: &[PlageDraft]) -> Result<Vec<PlageDraft>> {
    let mut normalised = Vec::with_capacity(plages.len());
    for plage in plages {
        if !(1..=7).contains(&plage.weekday) {
            return Err(CoreError::invalid(
                "weekday",
                "Choisissez un jour de lundi à dimanche.",
            ));
        }
        let starts = parse_clock(&plage.starts, "starts")?;
        let ends = parse_clock(&plage.ends, "ends")?;
        if ends <= starts {
            return Err(CoreError::invalid(
                "ends",
                format!(
                    "La plage du {} finit ({}) avant de commencer ({}).",
                    super::WEEKDAYS[plage.weekday as usize - 1],
                    clock(ends),
                    clock(starts)
                ),
            ));
        }
        normalised.push(PlageDraft {
            weekday: plage.weekday,
            starts: clock(starts),
            ends: clock(ends),
            motif_ids: plage.motif_ids.clone(),
        });
    }
    normalised.sort_by(|a, b| (a.weekday, &a.starts).cmp(&(b.weekday, &b.starts)));
    for pair in normalised.windows(2) {
        if pair[0].weekday == pair[1].weekday && pair[1].starts < pair[0].ends {
            return Err(CoreError::invalid(
                "starts",
                format!(
                    "Deux plages du {} se chevauchent ({}–{} et {}–{}) : découpez-les sans recouvrement.",
                    super::WEEKDAYS[pair[0].weekday as usize - 1],
                    pair[0].starts,
                    pair[0].ends,
                    pair[1].starts,
                    pair[1].ends
                ),
            ));
        }
    }
    Ok(normalised)
}

/// Saves the weekly template of a calendar in force from `valid_from`
/// (replacing the one that starts that very day, if any). Earlier templates
/// keep governing earlier days.
pub fn save_template(
    cabinet: &mut Cabinet,
    calendar_id: &str,
    valid_from: &str,
    plages: &[PlageDraft],
) -> Result<String> {
    let valid_from = parse_day(valid_from, "validFrom")?;
    let plages = validate_plages(plages)?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    let id = write_template(&tx, &now, calendar_id, valid_from, &plages)?;
    tx.commit()?;
    Ok(id)
}

pub(crate) fn write_template(
    tx: &Transaction<'_>,
    now: &str,
    calendar_id: &str,
    valid_from: NaiveDate,
    plages: &[PlageDraft],
) -> Result<String> {
    let exists: bool = tx.query_row(
        "SELECT count(*) FROM calendars WHERE id = ?1",
        [calendar_id],
        |row| row.get(0),
    )?;
    if !exists {
        return Err(CoreError::invalid("calendar", "Cet agenda n'existe plus."));
    }
    tx.execute(
        "DELETE FROM agenda_templates WHERE calendar_id = ?1 AND valid_from = ?2",
        params![calendar_id, valid_from.to_string()],
    )?;
    let id = new_id();
    tx.execute(
        "INSERT INTO agenda_templates (id, calendar_id, valid_from, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, calendar_id, valid_from.to_string(), now],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO template_plages (id, template_id, weekday, starts, ends, motif_ids)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for plage in plages {
        insert.execute(params![
            new_id(),
            id,
            plage.weekday,
            plage.starts,
            plage.ends,
            serde_json::to_string(&plage.motif_ids).unwrap_or_else(|_| "[]".into())
        ])?;
    }
    Ok(id)
}

pub(super) fn validate_exception(
    draft: &ExceptionDraft,
) -> Result<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    let starts = parse_time_of(&draft.starts_at, "startsAt")?;
    let ends = parse_time_of(&draft.ends_at, "endsAt")?;
    if ends <= starts {
        return Err(CoreError::invalid(
            "endsAt",
            "La fin doit venir après le début.",
        ));
    }
    if draft.kind == ExceptionKind::Ouverture && draft.calendar_id.is_none() {
        return Err(CoreError::invalid(
            "calendarId",
            "Une ouverture exceptionnelle concerne un agenda : choisissez lequel.",
        ));
    }
    Ok((starts, ends))
}

pub fn remove_exception(cabinet: &mut Cabinet, id: &str) -> Result<()> {
    cabinet
        .conn()
        .execute("DELETE FROM agenda_exceptions WHERE id = ?1", [id])?;
    Ok(())
}

pub fn exceptions(
    cabinet: &Cabinet,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<AgendaException>> {
    let mut statement = cabinet.conn().prepare_cached(
        "SELECT id, calendar_id, kind, starts_at, ends_at, label FROM agenda_exceptions
         WHERE starts_at < ?2 AND ends_at > ?1 ORDER BY starts_at",
    )?;
    let rows = statement.query_map(
        params![from.to_string(), (to + chrono::Days::new(1)).to_string()],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, ExceptionKind>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        },
    )?;
    let mut result = Vec::new();
    for row in rows {
        let (id, calendar_id, kind, starts, ends, label) = row?;
        result.push(AgendaException {
            id,
            calendar_id,
            kind,
            starts_at: iso(from_stored(&starts)?),
            ends_at: iso(from_stored(&ends)?),
            label,
        });
    }
    Ok(result)
}

/// The motifs every new cabinet starts with: (name, minutes, colour,
/// may use reserved plages).
const DEFAULT_MOTIFS: &[(&str, u32, &str, bool)] = &[
    ("Consultation", 20, "#3a7d44", false),
    ("Première consultation", 30, "#1f6f8b", false),
    ("Renouvellement d'ordonnance", 15, "#7a6c5d", false),
    ("Suivi de grossesse", 30, "#b5527e", false),
    ("Vaccination", 10, "#5a8f29", false),
    ("Urgence", 20, "#c0392b", true),
    ("Visite à domicile", 40, "#8e5ea2", true),
    ("Téléconsultation", 15, "#2e86c1", true),
];

/// The name of the reserved motif the default template keeps plages for.
pub const URGENT_MOTIF: &str = "Urgence";

/// Creates what a new cabinet's agenda needs, part by part and only where
/// missing: one calendar per practitioner, the default motifs, and a
/// default weekly template (Monday to Friday 08:30–12:00 and 14:00–18:30,
/// with 11:30–12:00 kept for urgences). Called when a cabinet is created and
/// by migration 0003 for cabinets created before the agenda existed.
pub(crate) fn seed_defaults(tx: &Transaction<'_>) -> Result<()> {
    // Run while a file is built or migrated, before any cabinet (and its
    // clock) exists: the system clock stamps these rows.
    let now = crate::ids::now_utc();
    let motif_count: i64 = tx.query_row("SELECT count(*) FROM motifs", [], |r| r.get(0))?;
    if motif_count == 0 {
        for (position, (name, minutes, colour, reserved)) in DEFAULT_MOTIFS.iter().enumerate() {
            tx.execute(
                "INSERT INTO motifs (id, name, duration_minutes, colour, may_use_reserved, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![new_id(), name, minutes, colour, reserved, position as i64, now],
            )?;
        }
    }
    let calendar_count: i64 = tx.query_row("SELECT count(*) FROM calendars", [], |r| r.get(0))?;
    if calendar_count > 0 {
        return Ok(());
    }
    const PALETTE: [&str; 4] = ["#2a6f97", "#b35900", "#5b8c5a", "#7b4b94"];
    let practitioners: Vec<(String, String)> = {
        let mut statement = tx.prepare("SELECT id, name FROM practitioners ORDER BY position")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let urgent: Option<String> = tx
        .query_row(
            "SELECT id FROM motifs WHERE name = ?1",
            [URGENT_MOTIF],
            |r| r.get(0),
        )
        .optional()?;
    // The template reaches back so that past appointments (imported, demo)
    // fall inside opening hours too.
    let valid_from = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    for (position, (practitioner_id, name)) in practitioners.iter().enumerate() {
        let id = new_id();
        tx.execute(
            "INSERT INTO calendars (id, name, kind, practitioner_id, colour, position, created_at, updated_at)
             VALUES (?1, ?2, 'praticien', ?3, ?4, ?5, ?6, ?6)",
            params![id, name, practitioner_id, PALETTE[position % PALETTE.len()], position as i64, now],
        )?;
        write_template(
            tx,
            &now,
            &id,
            valid_from,
            &default_plages(urgent.as_deref()),
        )?;
    }
    Ok(())
}

fn default_plages(urgent_motif: Option<&str>) -> Vec<PlageDraft> {
    let mut plages = Vec::new();
    for weekday in 1..=5 {
        let plage = |starts: &str, ends: &str, motifs: Vec<String>| PlageDraft {
            weekday,
            starts: starts.into(),
            ends: ends.into(),
            motif_ids: motifs,
        };
        match urgent_motif {
            Some(urgent) => {
                plages.push(plage("08:30", "11:30", vec![]));
                plages.push(plage("11:30", "12:00", vec![urgent.to_string()]));
            }
            None => plages.push(plage("08:30", "12:00", vec![])),
        }
        plages.push(plage("14:00", "18:30", vec![]));
    }
    plages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::testing;

    #[test]
    fn a_new_cabinet_has_a_calendar_per_doctor_motifs_and_a_template() {
        let (_dir, cabinet) = testing::cabinet("Europe/Paris");
        let calendars = calendars(&cabinet).unwrap();
        let names: Vec<&str> = calendars.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Dr Anne Roux", "Dr Paul Mercier"]);
        let motifs = motifs(&cabinet).unwrap();
        assert!(motifs
            .iter()
            .any(|m| m.name == "Urgence" && m.may_use_reserved));
        assert!(motifs
            .iter()
            .any(|m| m.name == "Consultation" && !m.may_use_reserved));
        let templates = templates(&cabinet, &calendars[0].id).unwrap();
        assert_eq!(templates.len(), 1);
        let monday: Vec<_> = templates[0]
            .plages
            .iter()
            .filter(|p| p.weekday == 1)
            .collect();
        assert_eq!(monday.len(), 3);
        assert_eq!(monday[1].starts, "11:30");
        assert_eq!(
            monday[1].motif_ids.len(),
            1,
            "11:30–12:00 kept for urgences"
        );
        assert!(templates[0].plages.iter().all(|p| p.weekday <= 5));
    }

    #[test]
    fn overlapping_or_backwards_plages_are_refused_in_french() {
        let plage = |weekday, starts: &str, ends: &str| PlageDraft {
            weekday,
            starts: starts.into(),
            ends: ends.into(),
            motif_ids: vec![],
        };
        let error =
            validate_plages(&[plage(2, "09:00", "12:00"), plage(2, "11:00", "13:00")]).unwrap_err();
        assert!(error.to_string().contains("se chevauchent"), "{error}");
        let error = validate_plages(&[plage(3, "14:00", "08:00")]).unwrap_err();
        assert!(error.to_string().contains("avant de commencer"), "{error}");
        let error = validate_plages(&[plage(3, "25:00", "26:00")]).unwrap_err();
        assert!(error.to_string().contains("n'est pas une heure"), "{error}");
        // Adjacent plages are fine, and 9h30 is understood.
        let ok = validate_plages(&[plage(2, "9h", "11h30"), plage(2, "11:30", "12:00")]).unwrap();
        assert_eq!(ok[0].starts, "09:00");
        assert_eq!(ok[0].ends, "11:30");
    }

    #[test]
    fn a_template_that_changes_from_a_date_keeps_the_old_one_before() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let calendar = calendars(&cabinet).unwrap()[0].id.clone();
        let wednesday_only = [PlageDraft {
            weekday: 3,
            starts: "09:00".into(),
            ends: "12:00".into(),
            motif_ids: vec![],
        }];
        save_template(&mut cabinet, &calendar, "05/01/2027", &wednesday_only).unwrap();
        let all = templates(&cabinet, &calendar).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].valid_from, "2027-01-05");
        assert_eq!(all[1].plages, wednesday_only);
    }
}
