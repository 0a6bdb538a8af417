//! Incoming mail (« courrier arrivé », migration 0013): every item that
//! comes in — a lab result, a hospital report, a scan, an e-mail — is
//! registered with when it came, from whom, what it is, how urgent and the
//! patient it concerns (« à identifier » allowed: it then waits « à
//! classer »). Its files are checked by what they are (never by their
//! name), kept inside the encrypted file, and their text (PDFs, e-mails)
//! is indexed. The doctor's inbox shows what he must see, urgent first;
//! he marks each « vu » or « à convoquer », and she marks it « traité ».

use mailparse::{DispositionType, MailHeaderMap, ParsedMail};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::reports;
use super::stored;
use super::text::French;
use crate::cabinet::Cabinet;
use crate::error::{CoreError, Result};
use crate::ids::new_id;

/// A file larger than this is refused before it is read further.
pub const MAX_FILE_BYTES: usize = 100 * 1024 * 1024;

crate::codes::text_codes! {
    /// What an item is.
    #[derive(Default)]
    pub enum IncomingKind {
        ResultatLabo = "resultat_labo",
        CrHospitalisation = "cr_hospitalisation",
        Imagerie = "imagerie",
        #[default]
        Courrier = "courrier",
        Administratif = "administratif",
        Facture = "facture",
        Autre = "autre",
    }
}

impl IncomingKind {
    pub fn label(self) -> &'static str {
        match self {
            IncomingKind::ResultatLabo => "résultat de laboratoire",
            IncomingKind::CrHospitalisation => "compte rendu d'hospitalisation",
            IncomingKind::Imagerie => "imagerie",
            IncomingKind::Courrier => "courrier",
            IncomingKind::Administratif => "administratif",
            IncomingKind::Facture => "facture",
            IncomingKind::Autre => "autre",
        }
    }
}

crate::codes::text_codes! {
    /// How soon the doctor must see it.
    #[derive(Default)]
    pub enum Urgency {
        Urgent = "urgent",
        #[default]
        AVoir = "a_voir",
        Classement = "classement",
    }
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::AVoir => "à voir",
            Urgency::Classement => "pour classement",
        }
    }
}

crate::codes::text_codes! {
    /// Where an item is: to file (no patient yet), for the doctor, seen by
    /// him (or to call the patient in), dealt with.
    pub enum IncomingState {
        AClasser = "a_classer",
        AVoir = "a_voir",
        Vu = "vu",
        AConvoquer = "a_convoquer",
        Traite = "traite",
    }
}

impl IncomingState {
    pub fn label(self) -> &'static str {
        match self {
            IncomingState::AClasser => "à classer",
            IncomingState::AVoir => "à voir par le médecin",
            IncomingState::Vu => "vu",
            IncomingState::AConvoquer => "à convoquer",
            IncomingState::Traite => "traité",
        }
    }
}

crate::codes::text_codes! {
    /// What a stored file is, found from its bytes.
    pub enum FileFormat {
        Pdf = "pdf",
        Jpeg = "jpeg",
        Png = "png",
        Eml = "eml",
        Texte = "texte",
    }
}

impl FileFormat {
    pub fn mime(self) -> &'static str {
        match self {
            FileFormat::Pdf => "application/pdf",
            FileFormat::Jpeg => "image/jpeg",
            FileFormat::Png => "image/png",
            FileFormat::Eml => "message/rfc822",
            FileFormat::Texte => "text/plain; charset=utf-8",
        }
    }
}

/// A file read and understood, ready to be filed (nothing written yet).
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub file_name: String,
    pub format: FileFormat,
    pub pages: i64,
    pub bytes: Vec<u8>,
    /// What the search will find in it (a PDF's text, an e-mail's body).
    pub text: String,
}

fn refused(name: &str, why: &str) -> CoreError {
    CoreError::invalid("file", format!("« {name} » n'a pas été pris : {why}"))
}

/// Reads a file she chose or dropped: a PDF, a JPEG or PNG image, a TIFF
/// scan (each page becomes a PNG), or an e-mail saved as `.eml` (its body,
/// and its PDF and image attachments as files of their own). What it is
/// comes from its bytes, whatever its name.
pub fn check_file(bytes: Vec<u8>, file_name: &str) -> Result<Vec<CheckedFile>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refused(file_name, &too_big(bytes.len())));
    }
    if bytes.is_empty() {
        return Err(refused(file_name, "le fichier est vide."));
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(vec![pdf(bytes, file_name)?]);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(vec![image(bytes, file_name, FileFormat::Jpeg)]);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(vec![image(bytes, file_name, FileFormat::Png)]);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return tiff_pages(&bytes, file_name);
    }
    if looks_like_email(&bytes) {
        return email(&bytes, file_name);
    }
    let named = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_lowercase())
        .unwrap_or_default();
    let lie = match named.as_str() {
        "pdf" | "jpg" | "jpeg" | "png" | "eml" | "tif" | "tiff" => format!(
            "son nom dit « .{named} » mais son contenu n'en est pas un (fichier abîmé ou renommé)."
        ),
        _ => "ce n'est ni un PDF, ni une image JPEG ou PNG, ni un e-mail enregistré (.eml)."
            .to_string(),
    };
    Err(refused(file_name, &lie))
}

/// Reads a file from disk and checks it ([`check_file`]); one over the
/// limit is refused from its size, before a byte is read.
pub fn read_file(path: &std::path::Path) -> Result<Vec<CheckedFile>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let size = std::fs::metadata(path)
        .map_err(|_| {
            refused(
                &name,
                "il est introuvable (clé USB retirée, dossier déplacé ?).",
            )
        })?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        return Err(refused(&name, &too_big(size as usize)));
    }
    let bytes = std::fs::read(path).map_err(|_| refused(&name, "il ne peut pas être lu."))?;
    check_file(bytes, &name)
}

fn too_big(size: usize) -> String {
    format!(
        "il pèse {} Mo, au-delà de {} Mo. Numérisez-le en plusieurs parties ou en résolution plus basse.",
        size / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

fn image(bytes: Vec<u8>, file_name: &str, format: FileFormat) -> CheckedFile {
    CheckedFile {
        file_name: file_name.to_string(),
        format,
        pages: 1,
        bytes,
        text: String::new(),
    }
}

fn pdf(bytes: Vec<u8>, file_name: &str) -> Result<CheckedFile> {
    let document = lopdf::Document::load_mem(&bytes).map_err(|_| {
        refused(
            file_name,
            "ce PDF est abîmé ou protégé par un mot de passe. Demandez-en une copie lisible à l'expéditeur.",
        )
    })?;
    if document.is_encrypted() {
        return Err(refused(
            file_name,
            "ce PDF est protégé par un mot de passe. Demandez-en une copie sans mot de passe à l'expéditeur.",
        ));
    }
    let pages = document.get_pages().len() as i64;
    if pages == 0 {
        return Err(refused(file_name, "ce PDF n'a aucune page."));
    }
    // A scan has no text: it is filed all the same, found by its sender,
    // kind and patient rather than by its words.
    // pdf-extract may panic on a hostile PDF that lopdf loaded: the text
    // is then empty, the file is still filed.
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes))
        .ok()
        .and_then(|r| r.ok())
        .unwrap_or_default();
    Ok(CheckedFile {
        file_name: file_name.to_string(),
        format: FileFormat::Pdf,
        pages,
        bytes,
        text,
    })
}

/// The most pages one TIFF may hold.
const MOST_TIFF_PAGES: usize = 500;

/// A TIFF scan (often several pages, often black and white in CCITT G4):
/// each page becomes a PNG the viewer can show (WebKit shows no TIFF).
fn tiff_pages(bytes: &[u8], file_name: &str) -> Result<Vec<CheckedFile>> {
    use tiff::decoder::{Decoder, DecodingResult};
    use tiff::ColorType;
    let unreadable = || {
        refused(
            file_name,
            "cette image TIFF est abîmée ou d'un codage que Carnet ne lit pas. Réglez le scanner pour enregistrer en PDF.",
        )
    };
    let mut decoder = Decoder::new(std::io::Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut pages = Vec::new();
    loop {
        if pages.len() == MOST_TIFF_PAGES {
            return Err(refused(
                file_name,
                &format!("ce TIFF a plus de {MOST_TIFF_PAGES} pages : numérisez-le en plusieurs parties."),
            ));
        }
        let (width, height) = decoder.dimensions().map_err(|_| unreadable())?;
        let colour = decoder.colortype().map_err(|_| unreadable())?;
        let image = decoder.read_image().map_err(|_| unreadable())?;
        let eight = |words: Vec<u16>| {
            words
                .into_iter()
                .map(|w| (w >> 8) as u8)
                .collect::<Vec<u8>>()
        };
        let (png_colour, depth, data) = match (colour, image) {
            // Black and white (fax, G4): rows of packed bits, as PNG's.
            (ColorType::Gray(1), DecodingResult::U8(d)) => (png::ColorType::Grayscale, png::BitDepth::One, d),
            (ColorType::Gray(8), DecodingResult::U8(d)) => (png::ColorType::Grayscale, png::BitDepth::Eight, d),
            (ColorType::RGB(8), DecodingResult::U8(d)) => (png::ColorType::Rgb, png::BitDepth::Eight, d),
            (ColorType::RGBA(8), DecodingResult::U8(d)) => (png::ColorType::Rgba, png::BitDepth::Eight, d),
            (ColorType::Gray(16), DecodingResult::U16(d)) => (png::ColorType::Grayscale, png::BitDepth::Eight, eight(d)),
            (ColorType::RGB(16), DecodingResult::U16(d)) => (png::ColorType::Rgb, png::BitDepth::Eight, eight(d)),
            _ => {
                return Err(refused(
                    file_name,
                    "ce TIFF est dans un codage de couleurs que Carnet ne lit pas. Réglez le scanner pour enregistrer en PDF.",
                ))
            }
        };
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, width, height);
            encoder.set_color(png_colour);
            encoder.set_depth(depth);
            encoder
                .write_header()
                .and_then(|mut writer| writer.write_image_data(&data))
                .map_err(|_| unreadable())?;
        }
        pages.push(out);
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(|_| unreadable())?;
    }
    let count = pages.len();
    Ok(pages
        .into_iter()
        .enumerate()
        .map(|(index, bytes)| CheckedFile {
            file_name: if count == 1 {
                format!("{file_name}.png")
            } else {
                format!("{file_name} — page {}/{count}.png", index + 1)
            },
            format: FileFormat::Png,
            pages: 1,
            bytes,
            text: String::new(),
        })
        .collect())
}

/// An e-mail saved from a mail program starts with header lines.
fn looks_like_email(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    let headers = [
        "from:",
        "to:",
        "subject:",
        "date:",
        "mime-version:",
        "received:",
        "message-id:",
    ];
    let found = head
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| headers.iter().any(|h| line.starts_with(h)))
        .count();
    found >= 2
}

fn email(bytes: &[u8], file_name: &str) -> Result<Vec<CheckedFile>> {
    let broken = || {
        refused(
            file_name,
            "cet e-mail est abîmé (structure MIME illisible). Enregistrez-le à nouveau depuis la messagerie.",
        )
    };
    let mail = mailparse::parse_mail(bytes).map_err(|_| broken())?;
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    let mut body = String::new();
    let mut attachments = Vec::new();
    let mut skipped = Vec::new();
    walk(&mail, &mut body, &mut attachments, &mut skipped).map_err(|_| broken())?;
    let mut text = format!(
        "De : {}\nÀ : {}\nDate : {}\nObjet : {}\n\n{}",
        header("From"),
        header("To"),
        header("Date"),
        header("Subject"),
        body.trim()
    );
    let mut files = Vec::new();
    for (name, content) in attachments {
        match check_file(content, &name) {
            Ok(found) => {
                for file in found {
                    if !file.text.is_empty() {
                        text.push_str("\n\n");
                        text.push_str(&file.text);
                    }
                    files.push(file);
                }
            }
            Err(_) => skipped.push(name),
        }
    }
    if !skipped.is_empty() {
        text.push_str(&format!(
            "\n\nPièces jointes non reprises (ni PDF, ni image) : {}",
            skipped.join(", ")
        ));
    }
    let mut all = vec![CheckedFile {
        file_name: file_name.to_string(),
        format: FileFormat::Eml,
        pages: 1,
        bytes: bytes.to_vec(),
        text,
    }];
    all.extend(files);
    Ok(all)
}

type Attachment = (String, Vec<u8>);

fn walk(
    part: &ParsedMail<'_>,
    body: &mut String,
    attachments: &mut Vec<Attachment>,
    skipped: &mut Vec<String>,
) -> std::result::Result<(), mailparse::MailParseError> {
    let disposition = part.get_content_disposition();
    let name = disposition
        .params
        .get("filename")
        .cloned()
        .or_else(|| part.ctype.params.get("name").cloned());
    let mime = part.ctype.mimetype.to_lowercase();
    if !part.subparts.is_empty() {
        for sub in &part.subparts {
            walk(sub, body, attachments, skipped)?;
        }
        return Ok(());
    }
    match (disposition.disposition, name) {
        (DispositionType::Attachment, Some(name)) | (DispositionType::Inline, Some(name))
            if mime != "text/plain" =>
        {
            attachments.push((name, part.get_body_raw()?));
        }
        (DispositionType::Attachment, name) => {
            skipped.push(name.unwrap_or_else(|| mime.clone()));
        }
        _ if mime == "text/plain" => {
            body.push_str(&part.get_body()?);
            body.push('\n');
        }
        _ if mime == "text/html" && body.trim().is_empty() => {
            body.push_str(&strip_html(&part.get_body()?));
            body.push('\n');
        }
        _ => {}
    }
    Ok(())
}

/// The words of an HTML body (tags dropped), for an e-mail with no plain
/// text part.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What she fills in for an item.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IncomingDetails {
    /// `jj/mm/aaaa` or ISO; `None`: today.
    pub received_on: Option<String>,
    /// A correspondant of the directory…
    pub correspondant_id: Option<String>,
    /// …or who sent it, as written on it.
    pub sender: String,
    pub kind: IncomingKind,
    pub urgency: Urgency,
    /// `None`: « patient à identifier ».
    pub patient_id: Option<String>,
    /// Whose inbox; `None`: every doctor's.
    pub practitioner_id: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A line of the register and of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IncomingItem {
    pub id: String,
    pub number: i64,
    pub received_on: String,
    pub sender: String,
    pub kind: IncomingKind,
    pub kind_label: String,
    pub urgency: Urgency,
    pub urgency_label: String,
    pub patient_id: Option<String>,
    pub patient_label: String,
    pub practitioner_id: Option<String>,
    pub state: IncomingState,
    pub state_label: String,
    pub note: String,
    pub files: Vec<IncomingFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IncomingFile {
    pub id: String,
    pub file_name: String,
    pub format: FileFormat,
    pub pages: i64,
    pub size: i64,
}

fn checked_details(cabinet: &Cabinet, details: &IncomingDetails) -> Result<(String, String)> {
    let day = match details.received_on.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => crate::dates::parse_date(text, "receivedOn")?,
        _ => cabinet.today(),
    };
    if day > cabinet.today() {
        return Err(CoreError::invalid(
            "receivedOn",
            "La date de réception est dans le futur.",
        ));
    }
    let sender = match details.correspondant_id.as_deref() {
        Some(id) => {
            crate::correspondants::get(cabinet, id)?
                .ok_or_else(|| {
                    CoreError::invalid(
                        "correspondantId",
                        "Ce correspondant n'existe plus dans l'annuaire : choisissez-le à nouveau.",
                    )
                })?
                .name
        }
        None => details
            .sender
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    };
    if sender.is_empty() {
        return Err(CoreError::invalid(
            "sender",
            "Qui l'envoie ? Choisissez un correspondant ou tapez l'expéditeur (p. ex. « CHU de Rennes »).",
        ));
    }
    if let Some(patient_id) = details.patient_id.as_deref() {
        reports::require_filable_patient(cabinet.conn(), patient_id)?;
    }
    Ok((day.format("%Y-%m-%d").to_string(), sender))
}

/// Registers an item with its files, in one transaction: filed and
/// indexed whole, or not at all.
pub fn register(
    cabinet: &mut Cabinet,
    details: &IncomingDetails,
    files: &[CheckedFile],
) -> Result<String> {
    if files.is_empty() {
        return Err(CoreError::invalid(
            "files",
            "Ajoutez le document lui-même (scan, PDF, image ou e-mail).",
        ));
    }
    let (day, sender) = checked_details(cabinet, details)?;
    let state = if details.patient_id.is_some() {
        IncomingState::AVoir
    } else {
        IncomingState::AClasser
    };
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    let french = French::default();
    // The documents are on disk (fsynced) before the rows that name them
    // are committed: a crash in between leaves an unnamed file, never a
    // row without its document.
    let store = stored::store(cabinet)?;
    let names = files
        .iter()
        .map(|file| store.put(&file.bytes))
        .collect::<Result<Vec<_>>>()?;
    let tx = cabinet.conn_mut().transaction()?;
    let id = new_id();
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM incoming_mail",
        [],
        |row| row.get(0),
    )?;
    tx.execute(
        "INSERT INTO incoming_mail (id, seq, received_on, correspondant_id, sender, kind, urgency,
             patient_id, practitioner_id, state, note, created_at, recorded_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?12)",
        params![
            id,
            seq,
            day,
            details.correspondant_id,
            sender,
            details.kind,
            details.urgency,
            details.patient_id,
            details.practitioner_id,
            state,
            details.note.trim(),
            now,
            user.0
        ],
    )?;
    let mut text = String::new();
    for (position, (file, name)) in files.iter().zip(&names).enumerate() {
        tx.execute(
            "INSERT INTO incoming_files (id, mail_id, position, file_name, format, pages, size, sha256, bytes, blob)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, x'', ?9)",
            params![
                new_id(),
                id,
                position as i64,
                file.file_name,
                file.format,
                file.pages,
                file.bytes.len() as i64,
                hex(&Sha256::digest(&file.bytes)),
                name
            ],
        )?;
        text.push_str(&file.text);
        text.push('\n');
    }
    let indexed = format!("{sender}\n{}\n{text}", details.note);
    tx.execute(
        "INSERT INTO incoming_search (rowid, body, stems) VALUES (?1, ?2, ?3)",
        params![seq, indexed, french.stems(&indexed)],
    )?;
    tx.commit()?;
    Ok(id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Files an item « à classer » under its patient (or another one), for
/// the doctor to see.
pub fn file_under(cabinet: &mut Cabinet, id: &str, patient_id: &str) -> Result<()> {
    reports::require_filable_patient(cabinet.conn(), patient_id)?;
    let current = state_of(cabinet, id)?;
    let state = match current {
        IncomingState::AClasser => IncomingState::AVoir,
        other => other,
    };
    let now = cabinet.now_utc();
    cabinet.conn().execute(
        "UPDATE incoming_mail SET patient_id = ?2, state = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, patient_id, state, now],
    )?;
    Ok(())
}

fn state_of(cabinet: &Cabinet, id: &str) -> Result<IncomingState> {
    cabinet
        .conn()
        .query_row(
            "SELECT state FROM incoming_mail WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("id", "Ce courrier n'existe plus dans le registre."))
}

/// The doctor's decision (« vu », « à convoquer ») or hers (« traité »).
pub fn set_state(
    cabinet: &mut Cabinet,
    id: &str,
    state: IncomingState,
    note: Option<&str>,
) -> Result<()> {
    let current = state_of(cabinet, id)?;
    if current == IncomingState::AClasser && state != IncomingState::AClasser {
        return Err(CoreError::invalid(
            "state",
            "Classez d'abord ce courrier dans le dossier d'un patient (il est « à identifier »).",
        ));
    }
    if state == IncomingState::AClasser {
        return Err(CoreError::invalid(
            "state",
            "Un courrier classé ne redevient pas « à classer » : changez plutôt son patient.",
        ));
    }
    let now = cabinet.now_utc();
    let user = reports::who(cabinet);
    cabinet.conn().execute(
        "UPDATE incoming_mail SET state = ?2, decided_by = ?3, decided_at = ?4, updated_at = ?4,
             note = CASE WHEN ?5 IS NULL THEN note ELSE ?5 END
         WHERE id = ?1",
        params![id, state, user.1, now, note.map(str::trim)],
    )?;
    Ok(())
}

/// Which items she looks at.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct IncomingQuery {
    /// Only these states (empty: all).
    #[serde(default)]
    pub states: Vec<IncomingState>,
    pub patient_id: Option<String>,
    /// A doctor's inbox: his and everyone's.
    pub practitioner_id: Option<String>,
    pub limit: Option<usize>,
}

/// Items, urgent first, then the oldest received (what waits longest).
pub fn list(cabinet: &Cabinet, query: &IncomingQuery) -> Result<Vec<IncomingItem>> {
    let states: Vec<&str> = query.states.iter().map(|s| s.as_str()).collect();
    let states_json = serde_json::to_string(&states).unwrap_or_else(|_| "[]".into());
    let limit = query.limit.unwrap_or(200).clamp(1, 5000) as i64;
    // With states, the state index finds the few items of the inbox among
    // years of mail dealt with (an `OR` around the list would scan them all).
    let by_state = if states.is_empty() {
        "?1 = '[]'"
    } else {
        "state IN (SELECT value FROM json_each(?1))"
    };
    let mut items = cabinet
        .conn()
        .prepare_cached(&format!(
            "SELECT id, seq, received_on, sender, kind, urgency, patient_id, practitioner_id, state, note
             FROM incoming_mail
             WHERE {by_state}
               AND (?2 IS NULL OR patient_id = ?2)
               AND (?3 IS NULL OR practitioner_id IS NULL OR practitioner_id = ?3)
             ORDER BY CASE urgency WHEN 'urgent' THEN 0 WHEN 'a_voir' THEN 1 ELSE 2 END,
                      received_on, seq
             LIMIT ?4"
        ))?
        .query_map(
            params![states_json, query.patient_id, query.practitioner_id, limit],
            |row| {
                let kind: IncomingKind = row.get(4)?;
                let urgency: Urgency = row.get(5)?;
                let state: IncomingState = row.get(8)?;
                Ok(IncomingItem {
                    id: row.get(0)?,
                    number: row.get(1)?,
                    received_on: row.get(2)?,
                    sender: row.get(3)?,
                    kind,
                    kind_label: kind.label().to_string(),
                    urgency,
                    urgency_label: urgency.label().to_string(),
                    patient_id: row.get(6)?,
                    patient_label: String::new(),
                    practitioner_id: row.get(7)?,
                    state,
                    state_label: state.label().to_string(),
                    note: row.get(9)?,
                    files: Vec::new(),
                })
            },
        )?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut files = cabinet.conn().prepare_cached(
        "SELECT id, file_name, format, pages, size FROM incoming_files WHERE mail_id = ?1 ORDER BY position",
    )?;
    for item in &mut items {
        item.patient_label = super::patient_label(cabinet, item.patient_id.as_deref())?;
        item.files = files
            .query_map([&item.id], |row| {
                Ok(IncomingFile {
                    id: row.get(0)?,
                    file_name: row.get(1)?,
                    format: row.get(2)?,
                    pages: row.get(3)?,
                    size: row.get(4)?,
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
    }
    Ok(items)
}

/// A stored file's bytes and format (for the viewer), `None` if gone.
pub fn file_bytes(cabinet: &Cabinet, file_id: &str) -> Result<Option<(FileFormat, Vec<u8>)>> {
    let row: Option<(FileFormat, Vec<u8>, Option<String>)> = cabinet
        .conn()
        .query_row(
            "SELECT format, bytes, blob FROM incoming_files WHERE id = ?1",
            [file_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((format, bytes, None)) => Ok(Some((format, bytes))),
        Some((format, _, Some(name))) => Ok(Some((format, stored::store(cabinet)?.get(&name)?))),
    }
}

/// Items whose text holds every word typed (stems, as the reports'
/// search), newest first.
pub fn search(cabinet: &Cabinet, text: &str, limit: usize) -> Result<Vec<String>> {
    let french = French::default();
    let stems: Vec<String> = super::text::words(text)
        .map(|w| french.stem(&w))
        .filter(|s| !s.is_empty())
        .map(|s| format!("stems : \"{}\"", s.replace('"', "")))
        .collect();
    if stems.is_empty() {
        return Ok(Vec::new());
    }
    let ids = cabinet
        .conn()
        .prepare_cached(
            "SELECT m.id FROM incoming_search f JOIN incoming_mail m ON m.seq = f.rowid
             WHERE incoming_search MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2",
        )?
        .query_map(params![stems.join(" AND "), limit as i64], |row| row.get(0))?
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(ids)
}
