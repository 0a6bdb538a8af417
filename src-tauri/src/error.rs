//! The one error shape the UI receives: `{kind, message, field}`, the
//! message in French and saying what to do next.

use carnet_core::{CoreError, ErrorKind};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
    /// The form field the message belongs next to, if any.
    pub field: Option<String>,
}

impl From<CoreError> for CommandError {
    fn from(error: CoreError) -> Self {
        CommandError {
            kind: error.kind(),
            field: error.field().map(str::to_string),
            message: error.to_string(),
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
