//! The data step of migration 0003, frozen as it shipped: cabinets from
//! before the agenda get the default motifs, a calendar per practitioner
//! and the default weekly template.
//!
//! Frozen code: it names nothing of today's domain (`agenda::setup` may
//! change what a *new* cabinet starts with; this must keep doing to an old
//! cabinet exactly what it did). Its SHA-256 is held by the test
//! `applied_migrations_are_never_edited`: never edit this file.

use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::Result;

const MOTIFS: &[(&str, u32, &str, bool)] = &[
    ("Consultation", 20, "#3a7d44", false),
    ("Première consultation", 30, "#1f6f8b", false),
    ("Renouvellement d'ordonnance", 15, "#7a6c5d", false),
    ("Suivi de grossesse", 30, "#b5527e", false),
    ("Vaccination", 10, "#5a8f29", false),
    ("Urgence", 20, "#c0392b", true),
    ("Visite à domicile", 40, "#8e5ea2", true),
    ("Téléconsultation", 15, "#2e86c1", true),
];
const PALETTE: [&str; 4] = ["#2a6f97", "#b35900", "#5b8c5a", "#7b4b94"];
const TEMPLATE_VALID_FROM: &str = "2000-01-01";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(super) fn run(tx: &Transaction<'_>) -> Result<()> {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let motif_count: i64 = tx.query_row("SELECT count(*) FROM motifs", [], |r| r.get(0))?;
    if motif_count == 0 {
        for (position, (name, minutes, colour, reserved)) in MOTIFS.iter().enumerate() {
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
    let practitioners: Vec<(String, String)> = {
        let mut statement = tx.prepare("SELECT id, name FROM practitioners ORDER BY position")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let urgent: Option<String> = tx
        .query_row("SELECT id FROM motifs WHERE name = 'Urgence'", [], |r| {
            r.get(0)
        })
        .optional()?;
    for (position, (practitioner_id, name)) in practitioners.iter().enumerate() {
        let calendar_id = new_id();
        tx.execute(
            "INSERT INTO calendars (id, name, kind, practitioner_id, colour, position, created_at, updated_at)
             VALUES (?1, ?2, 'praticien', ?3, ?4, ?5, ?6, ?6)",
            params![calendar_id, name, practitioner_id, PALETTE[position % PALETTE.len()], position as i64, now],
        )?;
        let template_id = new_id();
        tx.execute(
            "INSERT INTO agenda_templates (id, calendar_id, valid_from, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![template_id, calendar_id, TEMPLATE_VALID_FROM, now],
        )?;
        let urgent_only = match &urgent {
            Some(id) => format!("[\"{id}\"]"),
            None => "[]".to_string(),
        };
        for weekday in 1..=5u32 {
            let mut plages: Vec<(&str, &str, String)> = Vec::new();
            match &urgent {
                Some(_) => {
                    plages.push(("08:30", "11:30", "[]".into()));
                    plages.push(("11:30", "12:00", urgent_only.clone()));
                }
                None => plages.push(("08:30", "12:00", "[]".into())),
            }
            plages.push(("14:00", "18:30", "[]".into()));
            for (starts, ends, motif_ids) in plages {
                tx.execute(
                    "INSERT INTO template_plages (id, template_id, weekday, starts, ends, motif_ids)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![new_id(), template_id, weekday, starts, ends, motif_ids],
                )?;
            }
        }
    }
    Ok(())
}
