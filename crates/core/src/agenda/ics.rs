//! Calendars outside Carnet (RFC 5545).
//!
//! Export: a period of some calendars, times in the cabinet's zone with its
//! VTIMEZONE. By default private: every event is "Rendez-vous", with no
//! patient name, motif or note, so the doctor can carry his schedule on a
//! phone without exporting health data. Notes never leave, even with names.
//!
//! Import: events from another calendar (Google, Outlook, another program)
//! become appointments for "callers" (the event's title), previewed with
//! their conflicts, then saved all together or not at all. Re-importing the
//! same file adds nothing twice (UIDs are kept).

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use rusqlite::params;
use serde::Serialize;

use super::appointments::{
    insert, require_confirmation, validate, warnings, AppointmentDraft, BookingWarning, Placement,
};
use super::schedule::Schedule;
use super::series::{expand, RepeatUnit, SeriesRule};
use super::{iso, stored};
use crate::cabinet::Cabinet;
use crate::chosen_file::{self, SizeLimit};
use crate::error::{CoreError, Result};
use crate::storage::guarded_write::{self, Replace};

// ---------------------------------------------------------------- export

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a
/// UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for ch in line.chars() {
        let size = ch.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += size;
    }
    out.push_str("\r\n");
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
}

fn offset_at(zone: Tz, utc: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&utc.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The zone's offset changes between two instants, to the minute.
fn transitions(zone: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<(DateTime<Utc>, i32, i32)> {
    let mut found = Vec::new();
    let mut day = from;
    while day < to {
        let next = day + chrono::Duration::days(1);
        let (before, after) = (offset_at(zone, day), offset_at(zone, next));
        if before != after {
            // In whole minutes from midnight UTC: zones change on the minute.
            let (mut low, mut high) = (0i64, 1440i64);
            while high - low > 1 {
                let middle = (low + high) / 2;
                if offset_at(zone, day + chrono::Duration::minutes(middle)) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            found.push((day + chrono::Duration::minutes(high), before, after));
        }
        day = next;
    }
    found
}

fn zone_abbreviation(zone: Tz, utc: DateTime<Utc>) -> String {
    utc.with_timezone(&zone).format("%Z").to_string()
}

/// A VTIMEZONE with every transition of the period written out (no RRULE
/// guesswork: right for Paris, Nouméa or Saint-Pierre alike).
fn vtimezone(zone: Tz, from: NaiveDate, to: NaiveDate, out: &mut String) {
    let start = Utc.from_utc_datetime(
        &(from - Days::new(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    );
    let end = Utc.from_utc_datetime(&(to + Days::new(2)).and_hms_opt(0, 0, 0).unwrap_or_default());
    fold("BEGIN:VTIMEZONE", out);
    fold(&format!("TZID:{}", zone.name()), out);
    let initial = offset_at(zone, start);
    fold("BEGIN:STANDARD", out);
    fold("DTSTART:19700101T000000", out);
    fold(&format!("TZOFFSETFROM:{}", offset_text(initial)), out);
    fold(&format!("TZOFFSETTO:{}", offset_text(initial)), out);
    fold(&format!("TZNAME:{}", zone_abbreviation(zone, start)), out);
    fold("END:STANDARD", out);
    for (at, before, after) in transitions(zone, start, end) {
        let kind = if after > before {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        let local_before = at.naive_utc() + chrono::Duration::seconds(i64::from(before));
        fold(&format!("BEGIN:{kind}"), out);
        fold(
            &format!("DTSTART:{}", local_before.format("%Y%m%dT%H%M%S")),
            out,
        );
        fold(&format!("TZOFFSETFROM:{}", offset_text(before)), out);
        fold(&format!("TZOFFSETTO:{}", offset_text(after)), out);
        fold(&format!("TZNAME:{}", zone_abbreviation(zone, at)), out);
        fold(&format!("END:{kind}"), out);
    }
    fold("END:VTIMEZONE", out);
}

#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IcsExportRequest {
    /// Empty: every calendar.
    pub calendar_ids: Vec<String>,
    /// dd/mm/yyyy or YYYY-MM-DD, inclusive.
    pub from: String,
    pub to: String,
    /// Off by default: "Rendez-vous" only.
    pub with_names: bool,
}

/// The ICS text for a period (cancelled appointments left out).
pub fn export(cabinet: &Cabinet, request: &IcsExportRequest) -> Result<String> {
    Ok(export_counted(cabinet, request)?.text)
}

/// An ICS export and the number of appointments (VEVENT) it holds.
#[derive(Debug, Clone)]
pub struct IcsFile {
    pub text: String,
    pub events: usize,
}

/// Writes the export to `path` through the guarded writer (never onto the
/// cabinet, its sidecars or a backup; never over an existing file unless
/// `replace` says she confirmed); answers how many appointments it holds.
pub fn write_export(
    cabinet: &Cabinet,
    request: &IcsExportRequest,
    path: &Path,
    replace: Replace,
) -> Result<usize> {
    // Checked first too, so a refused target records no export.
    guarded_write::check_target(path, replace)?;
    let file = export_counted(cabinet, request)?;
    guarded_write::write_file(path, file.text.as_bytes(), replace)?;
    Ok(file.events)
}

/// [`export`], counting the appointments as they are written.
pub fn export_counted(cabinet: &Cabinet, request: &IcsExportRequest) -> Result<IcsFile> {
    let from = super::parse_day(&request.from, "from")?;
    let to = super::parse_day(&request.to, "to")?;
    crate::audit::record(
        cabinet,
        &crate::audit::Event {
            action: "export",
            object_kind: "agenda",
            detail: Some(&format!(
                "agenda du {} au {} (ICS)",
                request.from, request.to
            )),
            ..Default::default()
        },
    )?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "La fin de la période précède son début.",
        ));
    }
    if (to - from).num_days() > 366 * 3 {
        return Err(CoreError::invalid(
            "to",
            "Exportez au plus trois ans à la fois.",
        ));
    }
    let all = super::setup::calendars(cabinet)?;
    let ids: Vec<String> = if request.calendar_ids.is_empty() {
        all.iter().map(|c| c.id.clone()).collect()
    } else {
        request.calendar_ids.clone()
    };
    let zone = super::zone(cabinet);
    let appointments = super::views::appointments_where(
        cabinet,
        "a.starts_at >= ?1 AND a.starts_at < ?2 AND a.status <> 'annule'",
        params![
            stored(from.and_hms_opt(0, 0, 0).unwrap_or_default()),
            stored((to + Days::new(1)).and_hms_opt(0, 0, 0).unwrap_or_default())
        ],
    )?;
    let stamp = cabinet.clock().now().format("%Y%m%dT%H%M%SZ").to_string();
    let names: Vec<&str> = all
        .iter()
        .filter(|c| ids.contains(&c.id))
        .map(|c| c.name.as_str())
        .collect();
    let mut out = String::new();
    let mut events = 0;
    fold("BEGIN:VCALENDAR", &mut out);
    fold("VERSION:2.0", &mut out);
    fold("PRODID:-//Carnet//Agenda du cabinet//FR", &mut out);
    fold("CALSCALE:GREGORIAN", &mut out);
    fold(
        &format!("X-WR-CALNAME:{}", escape(&names.join(", "))),
        &mut out,
    );
    fold(&format!("X-WR-TIMEZONE:{}", zone.name()), &mut out);
    vtimezone(zone, from, to, &mut out);
    for appointment in appointments.iter().filter(|a| ids.contains(&a.calendar_id)) {
        let starts = super::parse_time_of(&appointment.starts_at, "startsAt")?;
        let ends = super::parse_time_of(&appointment.ends_at, "endsAt")?;
        fold("BEGIN:VEVENT", &mut out);
        events += 1;
        fold(&format!("UID:{}@carnet", appointment.id), &mut out);
        fold(&format!("DTSTAMP:{stamp}"), &mut out);
        fold(
            &format!(
                "DTSTART;TZID={}:{}",
                zone.name(),
                starts.format("%Y%m%dT%H%M%S")
            ),
            &mut out,
        );
        fold(
            &format!(
                "DTEND;TZID={}:{}",
                zone.name(),
                ends.format("%Y%m%dT%H%M%S")
            ),
            &mut out,
        );
        let summary = if request.with_names {
            match &appointment.motif_name {
                Some(motif) => format!("{} — {motif}", appointment.who),
                None => appointment.who.clone(),
            }
        } else {
            "Rendez-vous".to_string()
        };
        fold(&format!("SUMMARY:{}", escape(&summary)), &mut out);
        fold("CLASS:PRIVATE", &mut out);
        fold("TRANSP:OPAQUE", &mut out);
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    Ok(IcsFile { text: out, events })
}

// ---------------------------------------------------------------- import

struct Property {
    line: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

/// The file's physical lines: CRLF as RFC 5545 wants, but also a bare LF
/// or a bare CR (old Mac files), so line numbers match what an editor shows.
fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\r', '\n']) {
            Some(at) => {
                let after = if current[at..].starts_with("\r\n") {
                    at + 2
                } else {
                    at + 1
                };
                rest = Some(&current[after..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// One unfolded content line split into name, parameters and value; the
/// value keeps the line's own buffer (no second copy of it).
fn property(line: usize, mut text: String) -> Option<Property> {
    // The name and parameters end at the first ':' outside quotes.
    let mut quoted = false;
    let colon = text
        .char_indices()
        .find(|(_, c)| {
            if *c == '"' {
                quoted = !quoted;
            }
            *c == ':' && !quoted
        })?
        .0;
    let head = text[..colon].to_string();
    text.drain(..=colon);
    let mut parts = head.split(';');
    let name = parts.next()?.trim().to_ascii_uppercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            (
                k.trim().to_ascii_uppercase(),
                v.trim_matches('"').to_string(),
            )
        })
        .collect();
    Some(Property {
        line,
        name,
        params,
        value: text,
    })
}

/// Unfolds and splits the content lines, keeping each one's first line
/// number. One pass; each line copied once.
fn content_lines(text: &str) -> Vec<Property> {
    let mut properties = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, raw) in physical_lines(text).enumerate() {
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some((_, last)) = current.as_mut() {
                last.push_str(rest);
                continue;
            }
        }
        if !raw.trim().is_empty() {
            if let Some((line, text)) = current.replace((index + 1, raw.to_string())) {
                properties.extend(property(line, text));
            }
        }
    }
    if let Some((line, text)) = current {
        properties.extend(property(line, text));
    }
    properties
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Outlook writes Windows zone names; the ones a French cabinet meets.
fn zone_named(name: &str) -> Option<Tz> {
    let windows = match name {
        "Romance Standard Time" => "Europe/Paris",
        "W. Europe Standard Time" => "Europe/Berlin",
        "GMT Standard Time" => "Europe/London",
        "UTC" | "Coordinated Universal Time" => "UTC",
        "SA Western Standard Time" => "America/Martinique",
        "Arabian Standard Time" => "Asia/Dubai",
        "Mauritius Standard Time" => "Indian/Reunion",
        _ => name,
    };
    windows.trim_start_matches('/').parse().ok()
}

enum When {
    Moment(NaiveDateTime),
    AllDay,
}

/// A DTSTART/DTEND value as a wall-clock time in the cabinet's zone.
fn read_time(property: &Property, cabinet_zone: Tz) -> std::result::Result<When, String> {
    let value = property.value.trim();
    let is_date = property
        .params
        .iter()
        .any(|(k, v)| k == "VALUE" && v == "DATE")
        || value.len() == 8;
    if is_date {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .map(|_| When::AllDay)
            .map_err(|_| format!("date illisible « {value} »"));
    }
    let (text, utc) = match value.strip_suffix('Z') {
        Some(t) => (t, true),
        None => (value, false),
    };
    let naive = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .map_err(|_| format!("heure illisible « {value} »"))?;
    let tzid = property
        .params
        .iter()
        .find(|(k, _)| k == "TZID")
        .map(|(_, v)| v.as_str());
    let instant: DateTime<Utc> = if utc {
        Utc.from_utc_datetime(&naive)
    } else if let Some(tzid) = tzid {
        let zone = zone_named(tzid).ok_or_else(|| format!("fuseau horaire inconnu « {tzid} »"))?;
        zone.from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| {
                format!(
                    "l'heure {} n'existe pas dans le fuseau {tzid}",
                    naive.format("%d/%m/%Y %H:%M")
                )
            })?
            .with_timezone(&Utc)
    } else {
        // A floating time: the cabinet's.
        return Ok(When::Moment(naive));
    };
    Ok(When::Moment(
        instant.with_timezone(&cabinet_zone).naive_local(),
    ))
}

/// `PT20M`, `PT1H30M`, `P1D` → minutes. Every number comes from the file:
/// multiplied and added with checks, so `P9999999999999999D` is an error,
/// never an overflow.
fn read_duration(value: &str) -> std::result::Result<i64, String> {
    let value = value.trim();
    let illegible = || format!("durée illisible « {value} »");
    let too_long = || format!("durée démesurée « {value} »");
    let rest = value.strip_prefix('P').ok_or_else(illegible)?;
    let (days, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut minutes = 0i64;
    for (part, units) in [
        (days, &[('D', 1440), ('W', 10080)][..]),
        (time, &[('H', 60), ('M', 1), ('S', 0)][..]),
    ] {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let factor = units
                .iter()
                .find(|(unit, _)| *unit == c)
                .map(|(_, factor)| *factor)
                .ok_or_else(illegible)?;
            let count: i64 = number.parse().map_err(|_| {
                if number.is_empty() {
                    illegible()
                } else {
                    too_long()
                }
            })?;
            minutes = count
                .checked_mul(factor)
                .and_then(|m| minutes.checked_add(m))
                .ok_or_else(too_long)?;
            number.clear();
        }
    }
    Ok(minutes)
}

/// FREQ=WEEKLY/MONTHLY with INTERVAL and COUNT or UNTIL: the forms a
/// cabinet's recurring appointments take. Anything else is left out, said so.
fn read_rule(value: &str, zone: Tz) -> std::result::Result<SeriesRule, String> {
    let mut unit = None;
    let mut every = 1;
    let mut until = None;
    let mut count = None;
    for part in value.split(';') {
        let Some((key, val)) = part.split_once('=') else {
            continue;
        };
        match key.to_ascii_uppercase().as_str() {
            "FREQ" => {
                unit = match val {
                    "WEEKLY" => Some(RepeatUnit::Weeks),
                    "MONTHLY" => Some(RepeatUnit::Months),
                    other => return Err(format!("répétition « {other} » non prise en charge")),
                }
            }
            "INTERVAL" => {
                every = val
                    .parse()
                    .map_err(|_| "intervalle illisible".to_string())?
            }
            "COUNT" => {
                count = Some(
                    val.parse()
                        .map_err(|_| "nombre de répétitions illisible".to_string())?,
                )
            }
            "UNTIL" => {
                let property = Property {
                    line: 0,
                    name: "UNTIL".into(),
                    params: vec![],
                    value: val.into(),
                };
                let day = match read_time(&property, zone)? {
                    When::Moment(t) => t.date(),
                    When::AllDay => NaiveDate::parse_from_str(val, "%Y%m%d")
                        .map_err(|_| format!("date de fin illisible « {val} »"))?,
                };
                // 31/12/9999 UTC is already year 10000 east of Greenwich:
                // "no end" either way, which the series limit then says.
                until = Some(
                    NaiveDate::from_ymd_opt(9999, 12, 31)
                        .map_or(day, |last| day.min(last))
                        .to_string(),
                );
            }
            "BYDAY" if val.contains(',') => {
                return Err("répétition sur plusieurs jours non prise en charge".into())
            }
            "WKST" | "BYDAY" | "BYMONTHDAY" => {}
            other => {
                return Err(format!(
                    "règle de répétition « {other} » non prise en charge"
                ))
            }
        }
    }
    let unit = unit.ok_or("répétition sans fréquence")?;
    if until.is_none() && count.is_none() {
        return Err("répétition sans fin (ni date ni nombre)".into());
    }
    Ok(SeriesRule {
        every,
        unit,
        until,
        count,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct ImportedEvent {
    /// Line of its BEGIN:VEVENT in the file.
    pub line: u32,
    pub starts_at: String,
    pub ends_at: String,
    /// The event's title: becomes the caller's name.
    pub title: String,
    pub warnings: Vec<BookingWarning>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct SkippedEvent {
    pub line: u32,
    pub title: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IcsImportPreview {
    /// What will be imported, with each one's conflicts.
    pub events: Vec<ImportedEvent>,
    /// Left out on purpose (all-day, cancelled, already imported, a
    /// repetition Carnet cannot read), with why.
    pub skipped: Vec<SkippedEvent>,
    /// Unreadable events: nothing is imported while there is one.
    pub errors: Vec<SkippedEvent>,
}

struct Planned {
    event: ImportedEvent,
    starts: NaiveDateTime,
    uid: String,
    description: String,
}

/// The largest ICS file she can import at once: years of a busy agenda
/// take a few megabytes.
pub const MAX_FILE: SizeLimit = SizeLimit {
    bytes: 20_000_000,
    advice: "Exportez une période plus courte depuis l'autre agenda, puis importez les fichiers l'un après l'autre.",
};

/// Reads the ICS file she chose: refused over [`MAX_FILE`] before it is
/// read, and when it is not UTF-8 (said with the first line that is not).
pub fn read_file(path: &Path) -> Result<String> {
    let bytes = chosen_file::read(path, &MAX_FILE)?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = physical_lines(&String::from_utf8_lossy(valid)).count();
        CoreError::invalid(
            "file",
            format!("Ce fichier n'est pas un calendrier ICS lisible : la ligne {line} n'est pas en UTF-8. Exportez-le à nouveau au format .ics depuis l'autre agenda."),
        )
    })
}

/// An ICS file read without the cabinet (only its time zone): what it
/// holds, before what is already in the agenda is set aside. Reading runs
/// without holding the session, so she can lock meanwhile.
pub struct ParsedCalendar {
    preview: IcsImportPreview,
    planned: Vec<Planned>,
}

impl ParsedCalendar {
    /// What the file holds, before the agenda is consulted (no conflicts,
    /// nothing set aside as already imported).
    pub fn preview(&self) -> IcsImportPreview {
        IcsImportPreview {
            events: self.planned.iter().map(|p| p.event.clone()).collect(),
            ..self.preview.clone()
        }
    }
}

/// Reads an ICS text into events in the wall-clock time of `zone`.
pub fn parse(text: &str, zone: Tz) -> Result<ParsedCalendar> {
    if !text.contains("BEGIN:VCALENDAR") {
        return Err(CoreError::invalid(
            "file",
            "Ce fichier n'est pas un calendrier ICS (il ne commence pas par BEGIN:VCALENDAR). Exportez-le à nouveau depuis l'autre agenda au format .ics.",
        ));
    }
    let mut preview = IcsImportPreview {
        events: vec![],
        skipped: vec![],
        errors: vec![],
    };
    let mut planned = Vec::new();
    let properties = content_lines(text);
    let mut index = 0;
    while index < properties.len() {
        let property = &properties[index];
        index += 1;
        if !(property.name == "BEGIN" && property.value.eq_ignore_ascii_case("VEVENT")) {
            continue;
        }
        let begin_line = line_number(property);
        // Components nested inside the event (VALARM…), however deep; an
        // END with nothing open is ignored.
        let mut depth = 0usize;
        let mut event: Vec<&Property> = Vec::new();
        while index < properties.len() {
            let p = &properties[index];
            index += 1;
            match (p.name.as_str(), depth) {
                ("END", 0) if p.value.eq_ignore_ascii_case("VEVENT") => break,
                ("BEGIN", _) => depth += 1, // VALARM inside the event
                ("END", _) => depth = depth.saturating_sub(1),
                (_, 0) => event.push(p),
                _ => {}
            }
        }
        let get = |name: &str| event.iter().find(|p| p.name == name).copied();
        let title = get("SUMMARY")
            .map(|p| unescape(&p.value))
            .unwrap_or_default();
        let title = if title.trim().is_empty() {
            "Rendez-vous importé".to_string()
        } else {
            title.trim().to_string()
        };
        let fail = |reason: String| SkippedEvent {
            line: begin_line,
            title: title.clone(),
            reason,
        };
        if get("STATUS").is_some_and(|p| p.value.eq_ignore_ascii_case("CANCELLED")) {
            preview
                .skipped
                .push(fail("annulé dans l'autre agenda".into()));
            continue;
        }
        let Some(start_property) = get("DTSTART") else {
            preview
                .errors
                .push(fail("pas d'heure de début (DTSTART)".into()));
            continue;
        };
        let starts = match read_time(start_property, zone) {
            Ok(When::Moment(t)) => t,
            Ok(When::AllDay) => {
                preview.skipped.push(fail(
                    "événement sur la journée entière (pas un rendez-vous)".into(),
                ));
                continue;
            }
            Err(reason) => {
                preview.errors.push(SkippedEvent {
                    line: line_number(start_property),
                    ..fail(reason)
                });
                continue;
            }
        };
        let minutes = match (get("DTEND"), get("DURATION")) {
            (Some(end), _) => match read_time(end, zone) {
                Ok(When::Moment(ends)) => (ends - starts).num_minutes(),
                Ok(When::AllDay) => 0,
                Err(reason) => {
                    preview.errors.push(SkippedEvent {
                        line: line_number(end),
                        ..fail(reason)
                    });
                    continue;
                }
            },
            (None, Some(duration)) => match read_duration(&duration.value) {
                Ok(minutes) => minutes,
                Err(reason) => {
                    preview.errors.push(SkippedEvent {
                        line: line_number(duration),
                        ..fail(reason)
                    });
                    continue;
                }
            },
            (None, None) => 15,
        };
        if !(5..=480).contains(&minutes) {
            preview.errors.push(fail(format!(
                "durée de {minutes} minutes : un rendez-vous dure de 5 minutes à 8 heures"
            )));
            continue;
        }
        let starts_list = match get("RRULE") {
            None => vec![starts],
            Some(rule) => match read_rule(&rule.value, zone)
                .and_then(|r| expand(starts, &r).map_err(|e| e.to_string()))
            {
                Ok(list) => {
                    let excluded: HashSet<NaiveDateTime> = event
                        .iter()
                        .filter(|p| p.name == "EXDATE")
                        .flat_map(|p| {
                            p.value
                                .split(',')
                                .filter_map(|v| {
                                    let one = Property {
                                        line: p.line,
                                        name: p.name.clone(),
                                        params: p.params.clone(),
                                        value: v.to_string(),
                                    };
                                    match read_time(&one, zone) {
                                        Ok(When::Moment(t)) => Some(t),
                                        _ => None,
                                    }
                                })
                                .collect::<Vec<_>>()
                        })
                        .collect();
                    list.into_iter().filter(|s| !excluded.contains(s)).collect()
                }
                Err(reason) => {
                    preview.skipped.push(fail(reason));
                    continue;
                }
            },
        };
        let uid = get("UID")
            .map(|p| p.value.trim().to_string())
            .unwrap_or_else(|| format!("sans-uid-{}-{}", starts.format("%Y%m%dT%H%M"), title));
        let description = get("DESCRIPTION")
            .map(|p| unescape(&p.value))
            .unwrap_or_default();
        for (n, occurrence) in starts_list.iter().enumerate() {
            let occurrence_uid = if starts_list.len() > 1 {
                format!("{uid}#{n}")
            } else {
                uid.clone()
            };
            planned.push(Planned {
                starts: *occurrence,
                event: ImportedEvent {
                    line: begin_line,
                    starts_at: iso(*occurrence),
                    ends_at: iso(*occurrence + chrono::Duration::minutes(minutes)),
                    title: title.clone(),
                    warnings: Vec::new(),
                },
                uid: occurrence_uid,
                description: description.clone(),
            });
        }
    }
    Ok(ParsedCalendar { preview, planned })
}

fn line_number(property: &Property) -> u32 {
    u32::try_from(property.line).unwrap_or(u32::MAX)
}

/// Sets aside the events this agenda already holds (by UID, so importing a
/// file again adds nothing twice), keeping the skipped ones in file order.
fn set_aside_known(
    cabinet: &Cabinet,
    parsed: ParsedCalendar,
) -> Result<(IcsImportPreview, Vec<Planned>)> {
    let ParsedCalendar {
        mut preview,
        planned,
    } = parsed;
    let mut statement = cabinet
        .conn()
        .prepare_cached("SELECT count(*) FROM appointments WHERE external_uid = ?1")?;
    let mut kept = Vec::with_capacity(planned.len());
    for item in planned {
        let known: i64 = statement.query_row([&item.uid], |r| r.get(0))?;
        if known > 0 {
            preview.skipped.push(SkippedEvent {
                line: item.event.line,
                title: item.event.title.clone(),
                reason: format!("déjà importé ({})", item.starts.format("%d/%m/%Y %H:%M")),
            });
        } else {
            kept.push(item);
        }
    }
    preview.skipped.sort_by_key(|s| s.line);
    Ok((preview, kept))
}

fn draft_for(planned: &Planned, calendar_id: &str) -> AppointmentDraft {
    let minutes = super::parse_time_of(&planned.event.ends_at, "endsAt")
        .ok()
        .zip(super::parse_time_of(&planned.event.starts_at, "startsAt").ok())
        .map(|(e, s)| (e - s).num_minutes() as u32);
    AppointmentDraft {
        calendar_id: calendar_id.to_string(),
        motif_id: None,
        patient_id: None,
        caller_name: Some(planned.event.title.clone()),
        caller_phone: None,
        starts_at: planned.event.starts_at.clone(),
        duration_minutes: minutes,
        urgent: false,
        note: planned.description.clone(),
    }
}

/// Reads an ICS file and says what importing it into `calendar_id` would do.
pub fn preview_import(
    cabinet: &Cabinet,
    text: &str,
    calendar_id: &str,
) -> Result<IcsImportPreview> {
    preview_parsed(cabinet, parse(text, super::zone(cabinet))?, calendar_id)
}

/// [`preview_import`] of a file already read (the part that needs the cabinet).
pub fn preview_parsed(
    cabinet: &Cabinet,
    parsed: ParsedCalendar,
    calendar_id: &str,
) -> Result<IcsImportPreview> {
    let (mut preview, mut planned) = set_aside_known(cabinet, parsed)?;
    add_warnings(cabinet, &mut planned, calendar_id)?;
    preview.events = planned.into_iter().map(|p| p.event).collect();
    Ok(preview)
}

/// Each planned event's conflicts in `calendar_id`.
fn add_warnings(cabinet: &Cabinet, planned: &mut [Planned], calendar_id: &str) -> Result<()> {
    if let (Some(first), Some(last)) = (
        planned.iter().map(|p| p.event.starts_at.clone()).min(),
        planned.iter().map(|p| p.event.ends_at.clone()).max(),
    ) {
        let from = super::parse_time_of(&first, "startsAt")?.date();
        let to = super::parse_time_of(&last, "endsAt")?.date();
        let schedule = Schedule::load(cabinet, &[calendar_id.to_string()], from, to)?;
        for item in planned.iter_mut() {
            let valid = validate(cabinet, &draft_for(item, calendar_id))?;
            let mut found = warnings(cabinet, &schedule, &valid, &[])?;
            // Importing history is normal; the past is not a warning here.
            found.retain(|w| w.kind != super::appointments::WarningKind::InThePast);
            item.event.warnings = found;
        }
    }
    Ok(())
}

/// Imports every readable event in one transaction: all or nothing. Refused
/// while the file has unreadable events; conflicts need `accept_warnings`.
pub fn import(
    cabinet: &mut Cabinet,
    text: &str,
    calendar_id: &str,
    accept_warnings: bool,
) -> Result<usize> {
    let parsed = parse(text, super::zone(cabinet))?;
    import_parsed(cabinet, parsed, calendar_id, accept_warnings)
}

/// [`import`] of a file already read (the part that needs the cabinet).
pub fn import_parsed(
    cabinet: &mut Cabinet,
    parsed: ParsedCalendar,
    calendar_id: &str,
    accept_warnings: bool,
) -> Result<usize> {
    let (preview, mut planned) = set_aside_known(cabinet, parsed)?;
    if let Some(first) = preview.errors.first() {
        return Err(CoreError::invalid(
            "file",
            format!(
                "{} événement(s) illisible(s), rien n'a été importé. Ligne {} (« {} ») : {}. Corrigez ou retirez cet événement dans l'autre agenda, puis réessayez.",
                preview.errors.len(),
                first.line,
                first.title,
                first.reason
            ),
        ));
    }
    add_warnings(cabinet, &mut planned, calendar_id)?;
    let all_warnings: Vec<BookingWarning> = planned
        .iter()
        .flat_map(|p| p.event.warnings.clone())
        .collect();
    require_confirmation(&all_warnings, accept_warnings)?;
    let valid: Vec<_> = planned
        .iter()
        .map(|p| validate(cabinet, &draft_for(p, calendar_id)).map(|v| (v, p.uid.clone())))
        .collect::<Result<_>>()?;
    let now = cabinet.now_utc();
    let tx = cabinet.conn_mut().transaction()?;
    for (appointment, uid) in &valid {
        insert(
            &tx,
            &now,
            appointment,
            &Placement {
                external_uid: Some(uid),
                ..Placement::default()
            },
        )?;
    }
    tx.commit()?;
    Ok(valid.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::appointments::{create, AppointmentDraft};
    use crate::agenda::{setup, testing, views};

    fn book(cabinet: &mut Cabinet, calendar: &str, patient: Option<&str>, at: &str) -> String {
        let motif = setup::motifs(cabinet).unwrap()[0].id.clone();
        create(
            cabinet,
            &AppointmentDraft {
                calendar_id: calendar.into(),
                motif_id: Some(motif),
                patient_id: patient.map(str::to_string),
                caller_name: patient.is_none().then(|| "M. Blanc".to_string()),
                starts_at: at.into(),
                note: "diabète, voir résultats".into(),
                ..Default::default()
            },
            true,
        )
        .unwrap()
    }

    #[test]
    fn the_export_is_private_by_default_and_carries_the_cabinet_zone() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let calendar = setup::calendars(&cabinet).unwrap()[0].id.clone();
        let patient = testing::patient(&mut cabinet);
        book(&mut cabinet, &calendar, Some(&patient), "2026-03-27T09:00");
        book(&mut cabinet, &calendar, Some(&patient), "2026-03-31T09:00");
        let request = IcsExportRequest {
            calendar_ids: vec![],
            from: "2026-03-23".into(),
            to: "2026-04-05".into(),
            with_names: false,
        };
        let text = export(&cabinet, &request).unwrap();
        for secret in [
            "Durand",
            "DURAND",
            "Marie",
            "Consultation",
            "diabète",
            "0612345678",
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
        assert!(text.contains("SUMMARY:Rendez-vous"));
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20260327T090000"));
        assert!(
            text.contains("DTSTART;TZID=Europe/Paris:20260331T090000"),
            "same wall-clock time after the change"
        );
        // The VTIMEZONE has the spring change: 02:00 local, +0100 → +0200.
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"), "{text}");
        assert!(text.lines().all(|l| l.len() <= 75));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let named = export(
            &cabinet,
            &IcsExportRequest {
                with_names: true,
                ..request
            },
        )
        .unwrap();
        assert!(named.contains("SUMMARY:DURAND Marie — Consultation"));
        assert!(!named.contains("diabète"), "notes never leave");
    }

    #[test]
    fn export_then_import_gives_the_same_times_and_nothing_twice() {
        let (_dir, mut source) = testing::cabinet("Europe/Paris");
        let calendar = setup::calendars(&source).unwrap()[0].id.clone();
        for at in [
            "2026-03-27T09:00",
            "2026-03-30T08:30",
            "2026-10-23T17:40",
            "2026-10-26T11:00",
        ] {
            book(&mut source, &calendar, None, at);
        }
        let text = export(
            &source,
            &IcsExportRequest {
                calendar_ids: vec![],
                from: "2026-01-01".into(),
                to: "2026-12-31".into(),
                with_names: true,
            },
        )
        .unwrap();
        let (_dir2, mut target) = testing::cabinet("Europe/Paris");
        let into = setup::calendars(&target).unwrap()[1].id.clone();
        let preview = preview_import(&target, &text, &into).unwrap();
        assert!(
            preview.errors.is_empty() && preview.skipped.is_empty(),
            "{preview:?}"
        );
        assert_eq!(import(&mut target, &text, &into, false).unwrap(), 4);
        let original: Vec<(String, String)> = views::range(
            &source,
            &[calendar],
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
            42,
        )
        .unwrap()
        .appointments
        .into_iter()
        .chain(
            views::range(
                &source,
                &[setup::calendars(&source).unwrap()[0].id.clone()],
                NaiveDate::from_ymd_opt(2026, 10, 19).unwrap(),
                14,
            )
            .unwrap()
            .appointments,
        )
        .map(|a| (a.starts_at, a.ends_at))
        .collect();
        let copied: Vec<(String, String)> = views::range(
            &target,
            std::slice::from_ref(&into),
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(),
            42,
        )
        .unwrap()
        .appointments
        .into_iter()
        .chain(
            views::range(
                &target,
                std::slice::from_ref(&into),
                NaiveDate::from_ymd_opt(2026, 10, 19).unwrap(),
                14,
            )
            .unwrap()
            .appointments,
        )
        .map(|a| (a.starts_at, a.ends_at))
        .collect();
        assert_eq!(original, copied);
        // Again: everything is "déjà importé", nothing added.
        let again = preview_import(&target, &text, &into).unwrap();
        assert!(again.events.is_empty());
        assert_eq!(again.skipped.len(), 4);
    }

    #[test]
    fn foreign_files_utc_outlook_zones_recurrences_and_broken_events() {
        let (_dir, mut cabinet) = testing::cabinet("Europe/Paris");
        let calendar = setup::calendars(&cabinet).unwrap()[0].id.clone();
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:g1\r\nDTSTART:20270112T080000Z\r\nDTEND:20270112T082000Z\r\nSUMMARY:Mme Leroy\\, contrôle\r\n\
BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:o1\r\nDTSTART;TZID=Romance Standard Time:20270113T140000\r\nDURATION:PT30M\r\nSUMMARY:M. Faure\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:r1\r\nDTSTART;TZID=Europe/Paris:20270301T090000\r\nDTEND;TZID=Europe/Paris:20270301T092000\r\nRRULE:FREQ=WEEKLY;COUNT=6\r\n\
EXDATE;TZID=Europe/Paris:20270315T090000\r\nSUMMARY:Kiné\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:d1\r\nDTSTART;VALUE=DATE:20270120\r\nSUMMARY:Congrès\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c1\r\nSTATUS:CANCELLED\r\nDTSTART:20270121T090000Z\r\nSUMMARY:Annulé\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:x1\r\nDTSTART:2027-01-22 09:00\r\nSUMMARY:Cassé\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
        let preview = preview_import(&cabinet, text, &calendar).unwrap();
        let times: Vec<&str> = preview
            .events
            .iter()
            .map(|e| e.starts_at.as_str())
            .collect();
        assert_eq!(
            times,
            [
                "2027-01-12T09:00",
                "2027-01-13T14:00",
                // Weekly across the spring change, 15 March excluded, still 09:00.
                "2027-03-01T09:00",
                "2027-03-08T09:00",
                "2027-03-22T09:00",
                "2027-03-29T09:00",
                "2027-04-05T09:00",
            ]
        );
        assert_eq!(preview.events[0].title, "Mme Leroy, contrôle");
        assert_eq!(preview.events[1].ends_at, "2027-01-13T14:30");
        assert_eq!(preview.skipped.len(), 2, "all-day and cancelled");
        assert_eq!(preview.errors.len(), 1);
        assert!(preview.errors[0].reason.contains("illisible"));
        // A broken event blocks the whole import: nothing written.
        let error = import(&mut cabinet, text, &calendar, true).unwrap_err();
        assert!(
            error.to_string().contains("rien n'a été importé"),
            "{error}"
        );
        assert!(views::range(
            &cabinet,
            std::slice::from_ref(&calendar),
            NaiveDate::from_ymd_opt(2027, 1, 11).unwrap(),
            7
        )
        .unwrap()
        .appointments
        .is_empty());
        let fixed = text.replace("DTSTART:2027-01-22 09:00", "DTSTART:20270122T080000Z");
        assert_eq!(import(&mut cabinet, &fixed, &calendar, true).unwrap(), 8);
        assert!(preview_import(&cabinet, "not a calendar", &calendar)
            .unwrap_err()
            .to_string()
            .contains("pas un calendrier ICS"));
    }
}
