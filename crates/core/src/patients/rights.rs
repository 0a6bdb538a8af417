//! A patient's right of access and portability (RGPD art. 15 and 20): her
//! whole file — identity, contacts, insurance, appointments, reports,
//! history — as a
//! readable HTML page (printable to PDF) and as JSON. The export is
//! recorded in the audit trail.

use serde::Serialize;

use crate::agenda::views::{self, PatientAppointments};
use crate::audit::{self, Event};
use crate::cabinet::Cabinet;
use crate::documents::reports::{self, PortableReport};
use crate::error::Result;

use super::file::{self, PatientFile};
use super::HistoryEntry;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PortableFile<'a> {
    format: &'static str,
    exported_at: String,
    cabinet: &'a str,
    patient: &'a PatientFile,
    appointments: &'a PatientAppointments,
    history: &'a [HistoryEntry],
    /// Her reports, with their text (a report is part of her file).
    reports: &'a [PortableReport],
}

/// The two documents, ready to be written where she chooses.
#[derive(Debug, Clone)]
pub struct RightsExport {
    /// A file name without extension, e.g. `dossier-DURAND-Claire-2026-11-23`.
    pub file_stem: String,
    pub html: String,
    pub json: String,
}

/// Writes a patient's whole file into `folder` (HTML to read or print, JSON
/// for portability) through the guarded writer; refuses to replace a file
/// already there (both names are checked before either is written), and
/// never writes onto a cabinet. Answers the two paths. What it writes is
/// NOT encrypted: the screen and carnet-admin say so.
pub fn export_to_folder(
    cabinet: &Cabinet,
    patient_id: &str,
    folder: &std::path::Path,
) -> Result<[std::path::PathBuf; 2]> {
    use crate::storage::guarded_write::{self, Replace};
    let export = export(cabinet, patient_id)?;
    let html = folder.join(format!("{}.html", export.file_stem));
    let json = folder.join(format!("{}.json", export.file_stem));
    for path in [&html, &json] {
        guarded_write::check_target(path, Replace::Never)?;
    }
    for (path, text) in [(&html, &export.html), (&json, &export.json)] {
        guarded_write::write_file(path, text.as_bytes(), Replace::Never)?;
    }
    Ok([html, json])
}

pub fn export(cabinet: &Cabinet, patient_id: &str) -> Result<RightsExport> {
    let patient = file::read(cabinet, patient_id)?;
    let appointments = views::of_patient(cabinet, patient_id)?;
    let history = super::history(cabinet, patient_id)?;
    let reports = reports::portable_for_patient(cabinet, patient_id)?;
    let exported_at = cabinet.now_utc();
    let portable = PortableFile {
        format: "carnet-dossier-patient/1",
        exported_at: exported_at.clone(),
        cabinet: &cabinet.info().name,
        patient: &patient,
        appointments: &appointments,
        history: &history,
        reports: &reports,
    };
    let json = serde_json::to_string_pretty(&portable)
        .map_err(|error| crate::CoreError::Internal(error.to_string()))?;
    let html = render_html(
        cabinet,
        &patient,
        &appointments,
        &history,
        &reports,
        &exported_at,
    );
    audit::record(
        cabinet,
        &Event {
            action: "export",
            object_kind: "patient",
            object_id: Some(patient_id),
            patient_id: Some(patient_id),
            detail: Some("droit d'accès : dossier complet (HTML et JSON)"),
        },
    )?;
    let safe_name: String = patient
        .display_name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    Ok(RightsExport {
        file_stem: format!(
            "dossier-{}-{}",
            safe_name.trim_matches('-'),
            &exported_at[..10]
        ),
        html,
        json,
    })
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn row(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        out.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>\n",
            escape(label),
            escape(value)
        ));
    }
}

fn render_html(
    cabinet: &Cabinet,
    patient: &PatientFile,
    appointments: &PatientAppointments,
    history: &[HistoryEntry],
    reports: &[PortableReport],
    exported_at: &str,
) -> String {
    let d = &patient.draft;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">");
    out.push_str(&format!(
        "<title>Dossier de {}</title>",
        escape(&patient.display_name)
    ));
    out.push_str("<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto;line-height:1.4}th{text-align:left;padding-right:1rem;vertical-align:top;font-weight:600}table{border-collapse:collapse;margin-bottom:1rem}td,th{padding:.15rem .4rem}h2{border-bottom:1px solid #999;margin-top:2rem}.small{color:#555;font-size:.9rem}</style></head><body>\n");
    out.push_str(&format!(
        "<h1>Dossier de {}</h1>\n<p class=\"small\">Copie remise au titre du droit d'accès (RGPD, art. 15) par {} le {}.</p>\n",
        escape(&patient.display_name),
        escape(&cabinet.info().name),
        escape(&super::french_date(&exported_at[..10]))
    ));
    out.push_str("<h2>Identité</h2>\n<table>\n");
    row(&mut out, "Nom de naissance", Some(&d.birth_name));
    row(&mut out, "Prénoms de naissance", Some(&d.birth_first_names));
    row(&mut out, "Nom utilisé", d.used_name.as_deref());
    row(&mut out, "Prénom utilisé", d.used_first_name.as_deref());
    row(&mut out, "Date de naissance", Some(&d.birth_date));
    row(&mut out, "Sexe", Some(&d.sex));
    row(
        &mut out,
        "Lieu de naissance",
        patient.birth_place_label.as_deref(),
    );
    row(&mut out, "NIR", patient.nir_display.as_deref());
    row(&mut out, "Statut de l'identité", Some(&d.identity_status));
    out.push_str("</table>\n<h2>Coordonnées</h2>\n<table>\n");
    for phone in &patient.phones {
        row(
            &mut out,
            "Téléphone",
            Some(&format!("{} ({})", phone.number, phone.kind)),
        );
    }
    row(&mut out, "Courriel", d.email.as_deref());
    let address = [
        d.address_line1.as_deref(),
        d.address_line2.as_deref(),
        d.postcode.as_deref(),
        d.city.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    row(&mut out, "Adresse", Some(&address));
    row(&mut out, "Personne à prévenir", d.contact_person.as_deref());
    row(
        &mut out,
        "Représentant légal",
        d.legal_representative.as_deref(),
    );
    out.push_str("</table>\n<h2>Couverture sociale</h2>\n<table>\n");
    row(&mut out, "Régime", d.amo_regime.as_deref());
    row(&mut out, "Caisse", d.amo_caisse.as_deref());
    row(&mut out, "Complémentaire", d.amc_name.as_deref());
    row(&mut out, "N° d'adhérent", d.amc_member_number.as_deref());
    row(&mut out, "Notes administratives", d.notes.as_deref());
    out.push_str("</table>\n<h2>Rendez-vous</h2>\n");
    let all: Vec<_> = appointments
        .future
        .iter()
        .chain(appointments.past.iter())
        .collect();
    if all.is_empty() {
        out.push_str("<p>Aucun rendez-vous.</p>\n");
    } else {
        out.push_str("<table>\n<tr><th>Date</th><th>Motif</th><th>Statut</th></tr>\n");
        for a in all {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&french_moment(&a.starts_at)),
                escape(a.motif_name.as_deref().unwrap_or("")),
                escape(&a.status.as_str().replace('_', " "))
            ));
        }
        out.push_str("</table>\n");
    }
    out.push_str("<h2>Comptes rendus</h2>\n");
    if reports.is_empty() {
        out.push_str("<p>Aucun compte rendu.</p>\n");
    }
    for report in reports {
        out.push_str(&format!(
            "<h3>{} — {} — {}</h3>\n<p class=\"small\">{}{}</p>\n",
            escape(&report.title),
            escape(&super::french_date(&report.date)),
            escape(&report.author),
            escape(&report.status),
            report
                .validated_by
                .as_deref()
                .map(|v| format!(", validé par {}", escape(v)))
                .unwrap_or_default()
        ));
        for line in report.text.lines().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("<p>{}</p>\n", escape(line)));
        }
    }
    out.push_str("<h2>Historique des modifications</h2>\n<table>\n");
    for h in history {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&h.at[..10.min(h.at.len())]),
            escape(&h.action),
            escape(h.field.as_deref().unwrap_or(""))
        ));
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// `2026-11-24T09:00` → `24/11/2026 09:00`.
fn french_moment(iso: &str) -> String {
    match iso.split_once('T') {
        Some((day, time)) => format!("{} {}", super::french_date(day), time),
        None => super::french_date(iso),
    }
}
