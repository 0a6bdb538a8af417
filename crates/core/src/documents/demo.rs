//! Synthetic reports for the demo cabinet and the benchmark: realistic
//! French medical text built from phrase banks (a few paragraphs, the
//! sections a consultation, an operation or an exam report has), filed
//! under the file's patients over the years, most validated, some still to
//! type; and incoming mail with small real PDFs (`add_incoming`, the
//! benchmark). Deterministic for a seed.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::params;
use serde_json::{json, Value};

use super::search;
use super::text::{self, French};
use super::{Origin, Priority, ReportKind, ReportStatus};
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

const SYMPTOMS: &[&str] = &[
    "douleurs thoraciques atypiques",
    "dyspnée d'effort",
    "lombalgies chroniques",
    "céphalées récurrentes",
    "douleurs abdominales épigastriques",
    "palpitations",
    "vertiges positionnels",
    "toux persistante",
    "gonalgie droite",
    "douleur de l'épaule gauche",
    "asthénie",
    "troubles du sommeil",
    "œdèmes des membres inférieurs",
    "brûlures mictionnelles",
    "éruption cutanée prurigineuse",
    "hypertension artérielle mal équilibrée",
];

const HISTORY: &[&str] = &[
    "Antécédents d'hypertension artérielle traitée depuis dix ans.",
    "Diabète de type 2 sous metformine, dernière HbA1c à 7,1 %.",
    "Appendicectomie dans l'enfance, pas d'autre antécédent chirurgical.",
    "Tabagisme sevré depuis cinq ans, vingt paquets-années.",
    "Dyslipidémie sous statine, bien tolérée.",
    "Pas d'allergie médicamenteuse connue.",
    "Hypothyroïdie substituée par lévothyroxine.",
    "Fibrillation atriale paroxystique sous anticoagulant oral.",
    "Asthme intermittent, traitement de secours rarement utilisé.",
    "Cholécystectomie par cœlioscopie il y a trois ans.",
];

const EXAM: &[&str] = &[
    "L'examen clinique retrouve un patient en bon état général, apyrétique.",
    "Tension artérielle à 135/82 mmHg, fréquence cardiaque à 72 battements par minute, régulière.",
    "L'auscultation cardio-pulmonaire est normale, sans souffle ni crépitant.",
    "L'abdomen est souple, dépressible et indolore, sans masse palpable.",
    "Pas de signe de thrombose veineuse profonde.",
    "Examen neurologique sans déficit sensitivo-moteur, réflexes présents et symétriques.",
    "La mobilisation du genou est douloureuse en flexion, sans épanchement.",
    "Palpation de l'épaule douloureuse au niveau du tendon supra-épineux.",
    "Les pouls périphériques sont perçus et symétriques.",
    "La peau présente des lésions érythémateuses du tronc.",
];

const CONCLUSIONS: &[&str] = &[
    "Au total, tableau compatible avec une origine musculo-squelettique.",
    "Nous proposons une échographie de contrôle dans trois mois.",
    "Un bilan biologique complet est prescrit, avec ionogramme et fonction rénale.",
    "Le traitement habituel est poursuivi sans modification.",
    "Une consultation de cardiologie est demandée pour avis.",
    "Kinésithérapie prescrite, quinze séances.",
    "Réévaluation clinique à un mois ou plus tôt en cas d'aggravation.",
    "Arrêt de travail de sept jours.",
    "Électrocardiogramme normal, pas d'argument pour une origine coronarienne.",
    "Introduction d'un traitement antalgique de palier un.",
];

const OPERATIONS: &[&str] = &[
    "cholécystectomie par cœlioscopie",
    "cure de hernie inguinale droite selon Lichtenstein",
    "arthroscopie du genou gauche avec méniscectomie partielle",
    "appendicectomie par voie cœlioscopique",
    "exérèse d'un kyste sébacé du dos",
    "canal carpien droit, libération à ciel ouvert",
];

const OPERATIVE_STEPS: &[&str] = &[
    "Patient installé en décubitus dorsal sous anesthésie générale.",
    "Antibioprophylaxie par céfazoline deux grammes à l'induction.",
    "Création du pneumopéritoneum par open cœlioscopie ombilicale.",
    "Dissection prudente du triangle de Calot, identification des éléments.",
    "Hémostase soigneuse, pas de saignement en fin d'intervention.",
    "Fermeture plan par plan, surjet intradermique.",
    "Pansement sec, pas de drainage.",
    "Les suites immédiates sont simples, sortie prévue le lendemain.",
];

const EXAMS: &[&str] = &[
    "échographie abdominale",
    "radiographie du thorax",
    "échographie cardiaque transthoracique",
    "IRM du genou droit",
    "scanner thoracique sans injection",
    "échographie thyroïdienne",
];

const FINDINGS: &[&str] = &[
    "Foie de taille normale, d'échostructure homogène, sans lésion focale.",
    "Vésicule biliaire alithiasique, voies biliaires non dilatées.",
    "Pas d'épanchement pleural ni de foyer de condensation.",
    "Ventricule gauche non dilaté, fraction d'éjection conservée à 60 %.",
    "Fissure horizontale de la corne postérieure du ménisque interne.",
    "Nodule isoéchogène du lobe droit de douze millimètres, classé EU-TIRADS 3.",
    "Stéatose hépatique modérée.",
    "Reins de taille normale, sans dilatation des cavités pyélocalicielles.",
];

fn paragraph(text: &str) -> Value {
    json!({"type": "paragraph", "content": [{"type": "text", "text": text}]})
}

fn heading(text: &str) -> Value {
    json!({"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": text}]})
}

fn some<'a>(rng: &mut ChaCha8Rng, bank: &[&'a str], count: usize) -> Vec<&'a str> {
    bank.choose_multiple(rng, count).copied().collect()
}

/// A report's body for a kind: its sections, each a few sentences.
pub fn body(kind: ReportKind, rng: &mut ChaCha8Rng) -> Value {
    let mut content = Vec::new();
    match kind {
        ReportKind::Operatoire => {
            let operation = OPERATIONS[rng.gen_range(0..OPERATIONS.len())];
            content.push(heading("Indication"));
            content.push(paragraph(&format!(
                "Patient adressé pour {}, indication posée en consultation après {}.",
                operation,
                SYMPTOMS[rng.gen_range(0..SYMPTOMS.len())]
            )));
            content.push(heading("Compte rendu"));
            let n = rng.gen_range(3..6);
            content.push(paragraph(&some(rng, OPERATIVE_STEPS, n).join(" ")));
            content.push(heading("Suites"));
            content.push(paragraph(&some(rng, CONCLUSIONS, 2).join(" ")));
        }
        ReportKind::Examen => {
            let exam = EXAMS[rng.gen_range(0..EXAMS.len())];
            content.push(heading("Indication"));
            content.push(paragraph(&format!(
                "{} demandée pour {}.",
                capitalized(exam),
                SYMPTOMS[rng.gen_range(0..SYMPTOMS.len())]
            )));
            content.push(heading("Résultats"));
            let n = rng.gen_range(2..4);
            content.push(paragraph(&some(rng, FINDINGS, n).join(" ")));
            content.push(heading("Conclusion"));
            content.push(paragraph(&some(rng, CONCLUSIONS, 1).join(" ")));
        }
        _ => {
            content.push(heading("Motif"));
            content.push(paragraph(&format!(
                "Consultation pour {} évoluant depuis {} semaines.",
                SYMPTOMS[rng.gen_range(0..SYMPTOMS.len())],
                rng.gen_range(2..12)
            )));
            content.push(heading("Antécédents"));
            let n = rng.gen_range(1..3);
            content.push(paragraph(&some(rng, HISTORY, n).join(" ")));
            content.push(heading("Examen clinique"));
            let n = rng.gen_range(2..4);
            content.push(paragraph(&some(rng, EXAM, n).join(" ")));
            content.push(heading("Conclusion"));
            let n = rng.gen_range(1..3);
            content.push(paragraph(&some(rng, CONCLUSIONS, n).join(" ")));
        }
    }
    json!({"type": "doc", "content": content})
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The ids of the files not merged into another, in a stable order.
fn live_patients(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    Ok(conn
        .prepare("SELECT id FROM patients WHERE merged_into IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?)
}

/// Adds `count` synthetic reports over the last `years` years, under the
/// file's patients, in transactions of 1 000 (`progress(done, total)`
/// between). Most are validated by their author; the last few dozen are
/// still to type or to read again. The caller decides about the trail
/// (`Cabinet::without_audit` for the demo's bulk).
pub fn add_reports(
    cabinet: &mut Cabinet,
    count: usize,
    years: u32,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    const BATCH: usize = 1000;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_d0c5);
    let conn = cabinet.conn();
    let patients = live_patients(conn)?;
    let authors: Vec<(String, String)> = conn
        .prepare("SELECT id, name FROM practitioners ORDER BY position")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    if patients.is_empty() || authors.is_empty() {
        return Err(CoreError::invalid(
            "demo",
            "Il faut des patients et des praticiens pour des comptes rendus de démonstration.",
        ));
    }
    let today = cabinet.today();
    let span_days = i64::from(years.max(1)) * 365;
    let french = French::default();
    let mut seq: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM reports", [], |r| {
        r.get(0)
    })?;
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        let tx = cabinet.conn_mut().transaction()?;
        for index in done..done + batch {
            // Older first, so the newest reports are the last rows.
            let age = span_days - (index as i64 * span_days) / count.max(1) as i64;
            let day = today - chrono::Duration::days(age);
            let kind = match rng.gen_range(0..10) {
                0..=5 => ReportKind::Consultation,
                6 | 7 => ReportKind::Examen,
                8 => ReportKind::Operatoire,
                _ => ReportKind::Courrier,
            };
            let (author_id, author_name) = &authors[rng.gen_range(0..authors.len())];
            let patient = &patients[rng.gen_range(0..patients.len())];
            let pending = count - index <= 40;
            let status = if pending {
                [
                    ReportStatus::ATaper,
                    ReportStatus::EnCours,
                    ReportStatus::ARelire,
                ][index % 3]
            } else {
                ReportStatus::Valide
            };
            let stamp = format!("{}T10:00:00.000Z", day.format("%Y-%m-%d"));
            let id = new_id();
            seq += 1;
            tx.prepare_cached(
                "INSERT INTO reports (id, seq, patient_id, author_id, kind, priority, due_on, note,
                     status, origin, consultation_on, status_since, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, '', ?7, ?8, ?9, ?10, ?10, ?10)",
            )?
            .execute(params![
                id,
                seq,
                patient,
                author_id,
                kind,
                if rng.gen_range(0..8) == 0 {
                    Priority::Urgent
                } else {
                    Priority::Normal
                },
                status,
                Origin::Dictee,
                day.format("%Y-%m-%d").to_string(),
                stamp
            ])?;
            tx.prepare_cached(
                "INSERT INTO report_status_history (report_id, status, user_id, user_name, at)
                 VALUES (?1, ?2, NULL, ?3, ?4)",
            )?
            .execute(params![id, status, author_name, stamp])?;
            if status == ReportStatus::ATaper {
                continue;
            }
            let body = body(kind, &mut rng);
            let stored =
                serde_json::to_string(&body).map_err(|e| CoreError::Internal(e.to_string()))?;
            let validated = status == ReportStatus::Valide;
            tx.prepare_cached(
                "INSERT INTO report_versions (report_id, number, body, saved_at, saved_by,
                     validated_at, validator_id, validator_name, sha256)
                 VALUES (?1, 1, ?2, ?3, 'Secrétariat', ?4, NULL, ?5, ?6)",
            )?
            .execute(params![
                id,
                stored,
                stamp,
                validated.then_some(&stamp),
                validated.then_some(author_name),
                validated.then(|| super::reports::fingerprint(&stored))
            ])?;
            search::reindex_text(&tx, seq, &text::plain_text(&body), &french)?;
        }
        tx.commit()?;
        done += batch;
        progress(done, count);
    }
    Ok(())
}

/// A synthetic recording: a mono 16-bit PCM WAV of `seconds` at 16 kHz
/// (what a dictaphone records; 5 minutes = 9.6 Mo), a tone under noise
/// drawn from `seed`, so each seed's samples are found nowhere else.
pub fn dictation_wav(seconds: u32, seed: u64) -> Vec<u8> {
    let rate: u32 = 16_000;
    let samples = rate * seconds;
    let mut out = Vec::with_capacity(44 + 2 * samples as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + 2 * samples).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(2 * samples).to_le_bytes());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for index in 0..samples {
        let phase = f64::from(index) * 440.0 * std::f64::consts::TAU / f64::from(rate);
        let tone = (phase.sin() * 6000.0) as i16;
        let noise: i16 = rng.gen_range(-2000..2000);
        out.extend_from_slice(&tone.saturating_add(noise).to_le_bytes());
    }
    out
}

/// Senders of the synthetic incoming mail.
const SENDERS: &[&str] = &[
    "Laboratoire Bio-Fictif",
    "Centre hospitalier de Démonstration",
    "Cabinet de radiologie du Parc",
    "Dr Sophie Lambert",
    "CPAM",
    "Clinique des Lices",
];

/// A small real PDF (one page, its text) for synthetic incoming mail.
pub fn tiny_pdf(text: &str) -> Vec<u8> {
    let stream = format!(
        "BT /F1 11 Tf 60 760 Td ({}) Tj ET",
        text.replace(['(', ')', '\\'], " ")
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Synthetic incoming mail over the years (the benchmark): each item with a
/// small real PDF, its text indexed; nearly all dealt with, the last ones
/// still for the doctor, a few still to file. Deterministic for a seed.
pub fn add_incoming(cabinet: &mut Cabinet, count: usize, years: u32, seed: u64) -> Result<()> {
    use sha2::{Digest, Sha256};
    const BATCH: usize = 1000;
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0c0_1e77e);
    let patients = live_patients(cabinet.conn())?;
    if patients.is_empty() {
        return Err(CoreError::invalid(
            "demo",
            "Il faut des patients pour du courrier de démonstration.",
        ));
    }
    let today = cabinet.today();
    let span_days = i64::from(years.max(1)) * 365;
    let french = French::default();
    let now = cabinet.now_utc();
    let mut seq: i64 =
        cabinet
            .conn()
            .query_row("SELECT coalesce(max(seq), 0) FROM incoming_mail", [], |r| {
                r.get(0)
            })?;
    let kinds = [
        "resultat_labo",
        "cr_hospitalisation",
        "imagerie",
        "courrier",
        "administratif",
        "facture",
    ];
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        let tx = cabinet.conn_mut().transaction()?;
        for index in done..done + batch {
            let age = span_days - (index as i64 * span_days) / count.max(1) as i64;
            let day = today - chrono::Duration::days(age);
            let recent = count - index;
            let (patient, state) = match recent {
                0..=20 => (None, "a_classer"),
                21..=120 => (Some(patients.choose(&mut rng).cloned()), "a_voir"),
                _ => (
                    Some(patients.choose(&mut rng).cloned()),
                    if rng.gen_bool(0.03) { "vu" } else { "traite" },
                ),
            };
            let urgency = match rng.gen_range(0..10) {
                0 => "urgent",
                1..=6 => "a_voir",
                _ => "classement",
            };
            let sender = *SENDERS.choose(&mut rng).unwrap_or(&"CPAM");
            let symptom = SYMPTOMS.choose(&mut rng).copied().unwrap_or_default();
            let text = format!(
                "{sender} : {} — {symptom}.",
                EXAM.choose(&mut rng).copied().unwrap_or_default()
            );
            let pdf = tiny_pdf(&text);
            seq += 1;
            let id = new_id();
            tx.execute(
                "INSERT INTO incoming_mail (id, seq, received_on, sender, kind, urgency, patient_id, state,
                     note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '', ?9, ?9)",
                params![
                    id,
                    seq,
                    day.format("%Y-%m-%d").to_string(),
                    sender,
                    kinds[index % kinds.len()],
                    urgency,
                    patient.flatten(),
                    state,
                    now
                ],
            )?;
            let sha: String = Sha256::digest(&pdf)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            tx.execute(
                "INSERT INTO incoming_files (id, mail_id, position, file_name, format, pages, size, sha256, bytes)
                 VALUES (?1, ?2, 0, ?3, 'pdf', 1, ?4, ?5, ?6)",
                params![new_id(), id, format!("scan-{seq:06}.pdf"), pdf.len() as i64, sha, pdf],
            )?;
            tx.execute(
                "INSERT INTO incoming_search (rowid, body, stems) VALUES (?1, ?2, ?3)",
                params![seq, text, french.stems(&text)],
            )?;
        }
        tx.commit()?;
        done += batch;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_a_few_paragraphs_of_french() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for kind in ReportKind::ALL {
            let plain = text::plain_text(&body(*kind, &mut rng));
            let words = text::words(&plain).count();
            assert!((25..400).contains(&words), "{kind}: {words} words\n{plain}");
        }
    }
}
