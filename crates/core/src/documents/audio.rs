//! The doctor's recordings: recognised by their first bytes (never by the
//! file's name), measured, and stored whole inside the encrypted file.
//!
//! WAV, MP3, M4A/AAC and Ogg (Vorbis, Opus) are read by `symphonia`, which
//! walks the file's packets without decoding them: a file that is not audio,
//! or is cut short, is refused before anything is written. Olympus DSS/DS2
//! are recognised and refused by name: WebKit's GStreamer cannot play them.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

use crate::cabinet::Cabinet;
use crate::chosen_file::{self, SizeLimit};
use crate::error::{CoreError, Result};

/// A dictation of several hours in WAV stays under it; a film or a disk
/// image does not, and is refused before it is read.
pub const AUDIO_LIMIT: SizeLimit = SizeLimit {
    bytes: 400_000_000,
    advice: "Une dictée se découpe en plusieurs fichiers, ou s'enregistre en MP3 depuis le logiciel du dictaphone.",
};

crate::codes::text_codes! {
    /// The audio formats Carnet stores and WebKit plays.
    pub enum AudioFormat {
        Wav = "wav",
        Mp3 = "mp3",
        M4a = "m4a",
        Aac = "aac",
        OggVorbis = "ogg-vorbis",
        OggOpus = "ogg-opus",
    }
}

impl AudioFormat {
    /// The media type the player is served with.
    pub fn mime(self) -> &'static str {
        match self {
            AudioFormat::Wav => "audio/wav",
            AudioFormat::Mp3 => "audio/mpeg",
            AudioFormat::M4a => "audio/mp4",
            AudioFormat::Aac => "audio/aac",
            AudioFormat::OggVorbis | AudioFormat::OggOpus => "audio/ogg",
        }
    }

    fn label(self) -> &'static str {
        match self {
            AudioFormat::Wav => "WAV",
            AudioFormat::Mp3 => "MP3",
            AudioFormat::M4a => "M4A",
            AudioFormat::Aac => "AAC",
            AudioFormat::OggVorbis => "Ogg Vorbis",
            AudioFormat::OggOpus => "Ogg Opus",
        }
    }
}

/// A recording read and checked, not yet in the cabinet.
pub struct CheckedAudio {
    pub format: AudioFormat,
    pub duration_ms: i64,
    pub original_name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for CheckedAudio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckedAudio")
            .field("format", &self.format)
            .field("duration_ms", &self.duration_ms)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What the player needs of a report's recording (the bytes travel apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct AudioInfo {
    pub format: AudioFormat,
    pub mime: String,
    pub duration_ms: i64,
    pub byte_count: i64,
    pub original_name: String,
    pub imported_at: String,
}

fn refused(name: &str, why: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "audio",
        message: format!("« {name} » : {why} Rien n'a été importé."),
    }
}

/// Reads a recording she chose, within [`AUDIO_LIMIT`], and checks it.
pub fn read_file(path: &Path) -> Result<CheckedAudio> {
    let bytes = chosen_file::read(path, &AUDIO_LIMIT)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    check(bytes, &name)
}

/// Recognises the format from the first bytes and measures the length by
/// walking every packet: not audio, an unknown codec or a file cut short
/// is refused with the reason, in French.
pub fn check(bytes: Vec<u8>, name: &str) -> Result<CheckedAudio> {
    let format = sniff(&bytes, name)?;
    let duration_ms = measure(&bytes, format, name)?;
    if duration_ms < 200 {
        return Err(refused(
            name,
            "l'enregistrement est vide (moins d'un cinquième de seconde).",
        ));
    }
    Ok(CheckedAudio {
        format,
        duration_ms,
        original_name: name.to_string(),
        bytes,
    })
}

fn sniff(bytes: &[u8], name: &str) -> Result<AudioFormat> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if bytes.len() < 12 {
        return Err(refused(name, "ce fichier est vide ou tronqué."));
    }
    if starts(b"RIFF") && &bytes[8..12] == b"WAVE" {
        return Ok(AudioFormat::Wav);
    }
    if &bytes[4..8] == b"ftyp" {
        return Ok(AudioFormat::M4a);
    }
    if starts(b"OggS") {
        let head = &bytes[..bytes.len().min(512)];
        if memfind(head, b"OpusHead") {
            return Ok(AudioFormat::OggOpus);
        }
        if memfind(head, b"\x01vorbis") {
            return Ok(AudioFormat::OggVorbis);
        }
        return Err(refused(
            name,
            "ce fichier Ogg ne contient ni Vorbis ni Opus (seuls formats Ogg lus par Carnet).",
        ));
    }
    // Olympus / Grundig DSS (version byte 2 or 3, then « dss »), DS2 (« ds2 »).
    if &bytes[1..4] == b"dss" || &bytes[1..4] == b"ds2" {
        let which = if &bytes[1..4] == b"dss" { "DSS" } else { "DS2" };
        return Err(refused(
            name,
            &format!("c'est une dictée au format {which} (Olympus), que Carnet ne sait pas lire sur cet ordinateur. Convertissez-la en MP3 ou en WAV avec le logiciel du dictaphone (ODMS, DSS Player), puis importez le fichier converti."),
        ));
    }
    if starts(b"ID3") {
        return Ok(AudioFormat::Mp3);
    }
    // A frame header: 11 sync bits; layer bits 00 is ADTS (AAC), else MPEG audio.
    if bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0 {
        return Ok(if bytes[1] & 0x06 == 0 {
            AudioFormat::Aac
        } else {
            AudioFormat::Mp3
        });
    }
    Err(refused(
        name,
        "ce n'est pas un fichier audio reconnu. Carnet lit les dictées WAV, MP3, M4A/AAC et Ogg (Vorbis, Opus).",
    ))
}

fn memfind(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The length in milliseconds, from the packets' durations (no decoding).
fn measure(bytes: &[u8], format: AudioFormat, name: &str) -> Result<i64> {
    let cut = || {
        refused(
            name,
            &format!(
                "ce fichier {} est tronqué ou abîmé (copie interrompue ?). Recopiez-le depuis le dictaphone.",
                format.label()
            ),
        )
    };
    let source = std::io::Cursor::new(bytes.to_vec());
    let stream = MediaSourceStream::new(Box::new(source), MediaSourceStreamOptions::default());
    let mut hint = Hint::new();
    hint.with_extension(match format {
        AudioFormat::Wav => "wav",
        AudioFormat::Mp3 => "mp3",
        AudioFormat::M4a => "m4a",
        AudioFormat::Aac => "aac",
        AudioFormat::OggVorbis | AudioFormat::OggOpus => "ogg",
    });
    let mut reader = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|_| cut())?;
    let track = reader
        .default_track(TrackType::Audio)
        .ok_or_else(|| refused(name, "ce fichier ne contient aucune piste audio."))?;
    let track_id = track.id;
    let time_base = track.time_base.ok_or_else(cut)?;
    // What the header promises: the container's duration, or the frame
    // count (an MP3's Xing/Info tag).
    let declared = track
        .duration
        .or(track.num_frames.map(symphonia::core::units::Duration::new));
    // Every packet walked: a file whose header promises more than it holds
    // (a copy cut short) ends early, and is told apart from a whole one.
    let mut walked: u64 = 0;
    let mut packets = 0u64;
    loop {
        match reader.next_packet() {
            Ok(Some(packet)) => {
                if packet.track_id == track_id {
                    walked = walked.saturating_add(packet.dur.get());
                    packets += 1;
                }
            }
            Ok(None) => break,
            // Ending inside a packet (UnexpectedEof) is a file cut short,
            // as much as any other error: a whole file ends between packets.
            Err(_) => return Err(cut()),
        }
    }
    if packets == 0 {
        return Err(cut());
    }
    if let Some(declared) = declared {
        // More than 2 % (and half a second) missing from what the header says.
        let missing = declared.get().saturating_sub(walked);
        let tolerance = (declared.get() / 50).max(ticks_for_ms(&time_base, 500));
        if missing > tolerance {
            return Err(cut());
        }
    }
    let length = time_base
        .calc_duration(symphonia::core::units::Duration::new(walked))
        .ok_or_else(cut)?;
    i64::try_from(length.as_millis()).map_err(|_| cut())
}

fn ticks_for_ms(time_base: &symphonia::core::units::TimeBase, ms: u64) -> u64 {
    // ticks = seconds × denom / numer
    ms * u64::from(time_base.denom.get()) / (1000 * u64::from(time_base.numer.get()))
}

/// Stores a checked recording for a report, in the caller's transaction.
pub(crate) fn store(
    tx: &rusqlite::Transaction<'_>,
    report_id: &str,
    audio: &CheckedAudio,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO report_audio (report_id, format, duration_ms, byte_count, original_name, imported_at, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            report_id,
            audio.format,
            audio.duration_ms,
            audio.bytes.len() as i64,
            audio.original_name,
            now,
            audio.bytes
        ],
    )?;
    Ok(())
}

/// What the player needs to know of a report's recording, if it has one.
pub fn info(cabinet: &Cabinet, report_id: &str) -> Result<Option<AudioInfo>> {
    Ok(cabinet
        .conn()
        .query_row(
            "SELECT format, duration_ms, byte_count, original_name, imported_at
             FROM report_audio WHERE report_id = ?1",
            [report_id],
            |row| {
                let format: AudioFormat = row.get(0)?;
                Ok(AudioInfo {
                    format,
                    mime: format.mime().to_string(),
                    duration_ms: row.get(1)?,
                    byte_count: row.get(2)?,
                    original_name: row.get(3)?,
                    imported_at: row.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The recording's bytes, for the player (served from memory, never
/// written to disk), with its media type.
pub fn bytes(cabinet: &Cabinet, report_id: &str) -> Result<(AudioFormat, Vec<u8>)> {
    cabinet
        .conn()
        .query_row(
            "SELECT format, bytes FROM report_audio WHERE report_id = ?1",
            [report_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| {
            CoreError::invalid(
                "audio",
                "Cette dictée n'a plus d'enregistrement (supprimé après validation).",
            )
        })
}

/// A byte range of the recording (HTTP Range requests of the player):
/// SQLite reads only the pages of that range.
pub fn byte_range(cabinet: &Cabinet, report_id: &str, start: u64, len: u64) -> Result<Vec<u8>> {
    let start = i64::try_from(start).map_err(|_| CoreError::invalid("range", "Plage invalide."))?;
    let len = i64::try_from(len).map_err(|_| CoreError::invalid("range", "Plage invalide."))?;
    cabinet
        .conn()
        .query_row(
            "SELECT substr(bytes, ?2 + 1, ?3) FROM report_audio WHERE report_id = ?1",
            params![report_id, start, len],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| CoreError::invalid("audio", "Cette dictée n'a pas d'enregistrement."))
}

/// After a verified import, removes the original from the recorder's
/// folder (she ticked « supprimer du dictaphone »): only when the recording
/// inside the file is byte for byte the file still on disk.
pub fn delete_original(cabinet: &Cabinet, report_id: &str, original: &Path) -> Result<()> {
    use sha2::{Digest, Sha256};
    let (_, stored) = bytes(cabinet, report_id)?;
    let on_disk = chosen_file::read(original, &AUDIO_LIMIT)?;
    if Sha256::digest(&stored) != Sha256::digest(&on_disk) {
        return Err(CoreError::invalid(
            "audio",
            "Le fichier du dictaphone n'est pas identique à la dictée importée : il n'a pas été supprimé.",
        ));
    }
    std::fs::remove_file(original)?;
    Ok(())
}
