//! Reports and dictations: the commands of the « Comptes rendus » section,
//! and what the `carnet-media` protocol reads from the open cabinet.

use carnet_core::session::AppState;
use carnet_core::CoreError;

use crate::media_protocol::{Media, MediaRequest};

/// The bytes a `carnet-media` address names, read from the open cabinet.
pub fn read_media(state: &AppState, wanted: &MediaRequest) -> Result<Option<Media>, CoreError> {
    state.with_cabinet(|_cabinet| match wanted {
        MediaRequest::Audio { .. } | MediaRequest::Pdf { .. } => Ok(None),
    })
}
