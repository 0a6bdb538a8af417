//! `carnet-media://`: the page's way to get a dictation's audio (and show a
//! rendered PDF) without a byte of it on disk. Each answer is cut from the
//! bytes the core read from the encrypted file, in memory, and marked
//! `no-store` so WebKit's cache keeps no copy either; ranges are served for
//! players that ask for them.
//!
//! WebKitGTK's media player (GStreamer, 2.50) refuses a custom scheme as a
//! `<audio>` source at once (« FormatError », WebKit bug 146351), so the
//! page fetches the recording here and plays it from an in-memory `blob:`
//! URL (CSP: `connect-src` for this scheme, `media-src blob:`). The PDF is
//! shown in a frame straight from this scheme.
//!
//! Addresses: `carnet-media://localhost/audio/<report id>` and
//! `carnet-media://localhost/pdf/<report id>/<version>` (Linux and macOS;
//! Windows' WebView2 spells it `http://carnet-media.localhost/…`).

use std::borrow::Cow;

use tauri::http::{header, Request, Response, StatusCode};

/// The scheme registered by `lib.rs` and allowed by the CSP's `media-src`
/// and `frame-src`.
pub const SCHEME: &str = "carnet-media";

/// What a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaRequest {
    Audio {
        report_id: String,
    },
    Pdf {
        report_id: String,
        version: i64,
    },
    /// A letter's addressee and copies on DL envelopes (`envelopes`) or a
    /// sheet of labels (`labels`).
    Addresses {
        report_id: String,
        labels: bool,
    },
    /// A file of an incoming item (scan, PDF, image, e-mail).
    Incoming {
        file_id: String,
    },
    /// A visit's receipt (once its number is issued).
    Receipt {
        fee_id: String,
    },
}

/// Bytes to serve and their type, read from the cabinet for one request.
pub struct Media {
    pub bytes: Vec<u8>,
    pub mime: String,
}

/// Reads the path of a `carnet-media` address; `None` for anything else.
pub fn parse_path(path: &str) -> Option<MediaRequest> {
    let mut parts = path.trim_start_matches('/').split('/');
    let request = match (parts.next(), parts.next(), parts.next()) {
        (Some("audio"), Some(id), None) if is_id(id) => MediaRequest::Audio {
            report_id: id.to_string(),
        },
        (Some("pdf"), Some(id), Some(version)) if is_id(id) => MediaRequest::Pdf {
            report_id: id.to_string(),
            version: version.parse().ok()?,
        },
        (Some("incoming"), Some(id), None) if is_id(id) => MediaRequest::Incoming {
            file_id: id.to_string(),
        },
        (Some("receipt"), Some(id), None) if is_id(id) => MediaRequest::Receipt {
            fee_id: id.to_string(),
        },
        (Some(format @ ("envelopes" | "labels")), Some(id), None) if is_id(id) => {
            MediaRequest::Addresses {
                report_id: id.to_string(),
                labels: format == "labels",
            }
        }
        _ => return None,
    };
    parts.next().is_none().then_some(request)
}

/// Ids are UUIDs: hex digits and dashes, nothing a path could play with.
fn is_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= 64 && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

/// The whole answer to a `carnet-media` request: the address read, the
/// bytes fetched by `read` (from the open cabinet), the range cut. Nothing
/// found is 404; no cabinet open (locked, closed) is 403.
pub fn handle(
    request: &Request<Vec<u8>>,
    read: impl FnOnce(&MediaRequest) -> Result<Option<Media>, carnet_core::CoreError>,
) -> Response<Cow<'static, [u8]>> {
    let Some(wanted) = parse_path(request.uri().path()) else {
        return failure(StatusCode::NOT_FOUND);
    };
    match read(&wanted) {
        Ok(Some(media)) => respond(request, media),
        Ok(None) => failure(StatusCode::NOT_FOUND),
        Err(error) if error.kind() == carnet_core::ErrorKind::NoCabinetOpen => {
            failure(StatusCode::FORBIDDEN)
        }
        Err(_) => failure(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// The answer to one request for `media`: the whole body (200) without a
/// `Range` header, the one range asked (206 with `Content-Range`), or 416
/// for a range outside the bytes. Several ranges in one request (a
/// multipart answer) are not something a media player asks for: the first
/// is served.
pub fn respond(request: &Request<Vec<u8>>, media: Media) -> Response<Cow<'static, [u8]>> {
    let total = media.bytes.len() as u64;
    // The page's origin (`tauri://localhost`, `http://tauri.localhost`) is
    // not this scheme's: its fetch needs the answer to name it. Nothing but
    // Carnet's own page can reach this scheme.
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .filter(|value| is_tauri_origin(value.as_bytes()))
        .cloned();
    let base = || {
        let builder = Response::builder()
            .header(header::CONTENT_TYPE, media.mime.as_str())
            .header(header::ACCEPT_RANGES, "bytes")
            .header(header::CACHE_CONTROL, "no-store");
        match &origin {
            Some(origin) => builder.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone()),
            None => builder,
        }
    };
    let Some(range) = request
        .headers()
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok())
    else {
        return base()
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, total)
            .body(Cow::Owned(media.bytes))
            .unwrap_or_else(|_| failure(StatusCode::INTERNAL_SERVER_ERROR));
    };
    let wanted = http_range_header::parse_range_header(range)
        .and_then(|parsed| parsed.validate(total))
        .ok()
        .and_then(|ranges| ranges.into_iter().next());
    match wanted {
        Some(range) => {
            let (start, end) = (*range.start(), *range.end());
            // validate() keeps start ≤ end < total, so the slice is in bounds.
            let slice = media
                .bytes
                .get(start as usize..=end as usize)
                .map(<[u8]>::to_vec)
                .unwrap_or_default();
            base()
                .status(StatusCode::PARTIAL_CONTENT)
                .header(
                    header::CONTENT_RANGE,
                    format!("bytes {start}-{end}/{total}"),
                )
                .header(header::CONTENT_LENGTH, slice.len())
                .body(Cow::Owned(slice))
                .unwrap_or_else(|_| failure(StatusCode::INTERNAL_SERVER_ERROR))
        }
        None => Response::builder()
            .status(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(header::CONTENT_RANGE, format!("bytes */{total}"))
            .header(header::CACHE_CONTROL, "no-store")
            .body(Cow::Borrowed(&[][..]))
            .unwrap_or_else(|_| failure(StatusCode::INTERNAL_SERVER_ERROR)),
    }
}

/// Carnet's own page, as WebKitGTK, WKWebView and WebView2 name it.
fn is_tauri_origin(origin: &[u8]) -> bool {
    matches!(
        origin,
        b"tauri://localhost" | b"http://tauri.localhost" | b"https://tauri.localhost"
    )
}

/// An empty answer with a status: nothing found, no cabinet open, an error
/// (the page's player shows its own French message on a failed load).
pub fn failure(status: StatusCode) -> Response<Cow<'static, [u8]>> {
    let mut response = Response::new(Cow::Borrowed(&[][..]));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media() -> Media {
        Media {
            bytes: (0u8..100).collect(),
            mime: "audio/wav".into(),
        }
    }

    fn get(range: Option<&str>) -> Response<Cow<'static, [u8]>> {
        let mut builder = Request::builder().uri("carnet-media://localhost/audio/0190-ab");
        if let Some(range) = range {
            builder = builder.header(header::RANGE, range);
        }
        respond(&builder.body(Vec::new()).unwrap(), media())
    }

    #[test]
    fn the_whole_audio_without_a_range_and_never_cached() {
        let response = get(None);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.body().len(), 100);
        assert_eq!(response.headers()[header::ACCEPT_RANGES], "bytes");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "audio/wav");
    }

    #[test]
    fn a_range_is_cut_from_memory_with_its_content_range() {
        let response = get(Some("bytes=10-19"));
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(
            response.body().as_ref(),
            &(10u8..20).collect::<Vec<_>>()[..]
        );
        assert_eq!(response.headers()[header::CONTENT_RANGE], "bytes 10-19/100");
        assert_eq!(response.headers()[header::CONTENT_LENGTH], "10");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    }

    #[test]
    fn open_and_suffix_ranges_as_a_player_asks_them() {
        let open = get(Some("bytes=90-"));
        assert_eq!(open.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(open.headers()[header::CONTENT_RANGE], "bytes 90-99/100");
        let suffix = get(Some("bytes=-5"));
        assert_eq!(suffix.body().as_ref(), &[95, 96, 97, 98, 99]);
        // Past the end is clamped to the last byte.
        let long = get(Some("bytes=95-1000"));
        assert_eq!(long.headers()[header::CONTENT_RANGE], "bytes 95-99/100");
    }

    #[test]
    fn only_carnets_own_page_is_named_as_allowed_origin() {
        let ask = |origin: &str| {
            let request = Request::builder()
                .uri("carnet-media://localhost/audio/0190-ab")
                .header(header::ORIGIN, origin)
                .body(Vec::new())
                .unwrap();
            respond(&request, media())
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .cloned()
        };
        assert_eq!(ask("tauri://localhost").unwrap(), "tauri://localhost");
        assert_eq!(
            ask("http://tauri.localhost").unwrap(),
            "http://tauri.localhost"
        );
        assert_eq!(ask("https://ailleurs.example"), None);
    }

    #[test]
    fn a_range_outside_the_audio_is_refused_with_its_length() {
        let response = get(Some("bytes=100-120"));
        assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(response.headers()[header::CONTENT_RANGE], "bytes */100");
        assert!(response.body().is_empty());
        assert_eq!(
            get(Some("lignes=1-2")).status(),
            StatusCode::RANGE_NOT_SATISFIABLE
        );
    }

    #[test]
    fn only_audio_pdf_and_address_sheets_with_plain_ids_are_read() {
        assert_eq!(
            parse_path("/audio/0190ab-cd"),
            Some(MediaRequest::Audio {
                report_id: "0190ab-cd".into()
            })
        );
        assert_eq!(
            parse_path("/pdf/0190ab/2"),
            Some(MediaRequest::Pdf {
                report_id: "0190ab".into(),
                version: 2
            })
        );
        assert_eq!(
            parse_path("/labels/0190ab"),
            Some(MediaRequest::Addresses {
                report_id: "0190ab".into(),
                labels: true
            })
        );
        assert_eq!(
            parse_path("/envelopes/0190ab"),
            Some(MediaRequest::Addresses {
                report_id: "0190ab".into(),
                labels: false
            })
        );
        assert_eq!(
            parse_path("/incoming/0190ab"),
            Some(MediaRequest::Incoming {
                file_id: "0190ab".into()
            })
        );
        assert_eq!(
            parse_path("/receipt/0190ab"),
            Some(MediaRequest::Receipt {
                fee_id: "0190ab".into()
            })
        );
        for bad in [
            "/receipt/../x",
            "/receipt/ab/1",
            "/incoming/../x",
            "/envelopes/ab/2",
            "/labels/../x",
            "/audio/../etc",
            "/audio/",
            "/audio/ab/cd",
            "/pdf/ab",
            "/pdf/ab/x",
            "/video/ab",
            "/audio/ab%2F",
        ] {
            assert_eq!(parse_path(bad), None, "{bad}");
        }
    }
}
