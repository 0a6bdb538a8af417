//! Errors a user can meet, each with a French message that says what happened
//! and what to do next. The shell and the CLI show `to_string()` as is and use
//! [`CoreError::kind`] to decide where to show it.

use std::path::PathBuf;

/// Stable, language-neutral code of an error, for the UI (which field to
/// highlight, which help to offer) and for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    WrongPassphrase,
    NotACabinet,
    Damaged,
    FileInUse,
    NotFound,
    AlreadyExists,
    /// The cabinet, one of its sidecars or a Carnet file as an export's target.
    ProtectedFile,
    WeakPassphrase,
    PassphraseMismatch,
    InvalidInput,
    LikelyDuplicate,
    NeedsConfirmation,
    DiskFull,
    TooNew,
    NoCabinetOpen,
    WrongPin,
    TooManyPinAttempts,
    NotIdentified,
    Io,
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("Phrase de passe incorrecte pour ce cabinet. Vérifiez les majuscules, les accents et la touche Verr. Maj, puis réessayez. Si vous êtes certaine de la phrase de passe, le fichier est peut-être endommagé : restaurez votre dernière sauvegarde.")]
    WrongPassphrase,

    #[error("Ce fichier n'est pas un cabinet Carnet lisible ({reason}). Vérifiez que vous avez choisi le bon fichier (extension .carnet) ; si c'est bien votre cabinet, il est endommagé : restaurez votre dernière sauvegarde.")]
    NotACabinet { reason: String },

    #[error("Le fichier du cabinet est endommagé ({detail}). Ne le modifiez pas : faites-en une copie, puis restaurez votre dernière sauvegarde.")]
    Damaged { detail: String },

    #[error("Ce cabinet est déjà ouvert dans une autre fenêtre ou un autre programme Carnet. Fermez-le là-bas d'abord, puis réessayez.")]
    FileInUse,

    #[error("Aucun fichier à l'emplacement « {}». Vérifiez le chemin ou choisissez le fichier avec « Parcourir… ».", path.display())]
    NotFound { path: PathBuf },

    #[error("Un fichier existe déjà à l'emplacement « {} ». Choisissez un autre nom : Carnet n'écrase jamais un fichier.", path.display())]
    AlreadyExists { path: PathBuf },

    /// An export, a backup or a copy aimed at the very cabinet it comes from.
    #[error("« {} » est le cabinet ouvert lui-même : choisissez un autre nom. Carnet n'écrit jamais par-dessus un cabinet.", path.display())]
    TargetIsOpenCabinet { path: PathBuf },

    #[error("« {} » est un fichier de travail du cabinet ouvert (fichiers -wal, -shm, -lock, -journal) : choisissez un autre nom. Carnet n'écrit jamais dessus.", path.display())]
    TargetIsCabinetSidecar { path: PathBuf },

    /// The generic rule: whatever looks like a cabinet or a backup (an
    /// encrypted file of whole 4 KiB pages, a SQLite database, a `.carnet`)
    /// is never replaced, confirmation or not.
    #[error("« {} » est un cabinet ou une sauvegarde Carnet (fichier chiffré) : Carnet ne le remplace jamais. Choisissez un autre nom.", path.display())]
    TargetIsCabinetFile { path: PathBuf },

    #[error("Un fichier existe déjà à l'emplacement « {} ». Rien n'a été écrit : choisissez un autre nom, ou confirmez que vous voulez le remplacer.", path.display())]
    ReplaceNotConfirmed { path: PathBuf },

    #[error("Phrase de passe trop faible : {reason}")]
    WeakPassphrase { reason: String },

    #[error("Les deux phrases de passe ne correspondent pas. Retapez-les à l'identique.")]
    PassphraseMismatch,

    /// A field the user filled is not acceptable; `field` names it for the UI.
    #[error("{message}")]
    InvalidInput {
        field: &'static str,
        message: String,
    },

    #[error("Ce patient existe peut-être déjà ({count} dossier(s) proche(s) : même date de naissance et nom semblable). Vérifiez les dossiers proposés ; si c'est bien une autre personne, confirmez la création.")]
    LikelyDuplicate { count: usize },

    /// Booking over a conflict (overlap, outside hours, absence…) is allowed
    /// but must be confirmed: the UI shows the warnings and asks.
    #[error("À confirmer : {summary}")]
    NeedsConfirmation { summary: String },

    #[error("Le disque est plein : rien n'a été enregistré. Libérez de la place, puis réessayez.")]
    DiskFull,

    #[error("Ce cabinet a été enregistré par une version plus récente de Carnet (schéma {found}, cette version connaît le {known}). Mettez Carnet à jour pour l'ouvrir.")]
    TooNew { found: i64, known: i64 },

    #[error("Aucun cabinet n'est ouvert. Ouvrez ou déverrouillez un cabinet d'abord.")]
    NoCabinetOpen,

    #[error("Code PIN incorrect. Réessayez, ou déverrouillez avec la phrase de passe.")]
    WrongPin,

    #[error("Cinq codes PIN erronés : le cabinet a été fermé par sécurité. Rouvrez-le avec la phrase de passe.")]
    TooManyPinAttempts,

    #[error("Choisissez d'abord votre profil et saisissez votre code PIN.")]
    NotIdentified,

    #[error("Impossible d'accéder au fichier ({0}). Vérifiez le dossier et vos droits d'accès, puis réessayez.")]
    Io(std::io::Error),

    /// A bug or an unexpected state; the message never carries patient data.
    #[error("Erreur interne de Carnet ({0}). Rien n'a été modifié ; réessayez, et signalez-la si elle revient.")]
    Internal(String),
}

impl CoreError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::WrongPassphrase => ErrorKind::WrongPassphrase,
            CoreError::NotACabinet { .. } => ErrorKind::NotACabinet,
            CoreError::Damaged { .. } => ErrorKind::Damaged,
            CoreError::FileInUse => ErrorKind::FileInUse,
            CoreError::NotFound { .. } => ErrorKind::NotFound,
            CoreError::AlreadyExists { .. } | CoreError::ReplaceNotConfirmed { .. } => {
                ErrorKind::AlreadyExists
            }
            CoreError::TargetIsOpenCabinet { .. }
            | CoreError::TargetIsCabinetSidecar { .. }
            | CoreError::TargetIsCabinetFile { .. } => ErrorKind::ProtectedFile,
            CoreError::WeakPassphrase { .. } => ErrorKind::WeakPassphrase,
            CoreError::PassphraseMismatch => ErrorKind::PassphraseMismatch,
            CoreError::InvalidInput { .. } => ErrorKind::InvalidInput,
            CoreError::LikelyDuplicate { .. } => ErrorKind::LikelyDuplicate,
            CoreError::NeedsConfirmation { .. } => ErrorKind::NeedsConfirmation,
            CoreError::DiskFull => ErrorKind::DiskFull,
            CoreError::TooNew { .. } => ErrorKind::TooNew,
            CoreError::NoCabinetOpen => ErrorKind::NoCabinetOpen,
            CoreError::WrongPin => ErrorKind::WrongPin,
            CoreError::TooManyPinAttempts => ErrorKind::TooManyPinAttempts,
            CoreError::NotIdentified => ErrorKind::NotIdentified,
            CoreError::Io(_) => ErrorKind::Io,
            CoreError::Internal(_) => ErrorKind::Internal,
        }
    }

    /// The form field the message belongs next to, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            CoreError::WrongPassphrase
            | CoreError::WeakPassphrase { .. }
            | CoreError::PassphraseMismatch => Some("passphrase"),
            CoreError::WrongPin => Some("pin"),
            CoreError::NotACabinet { .. }
            | CoreError::Damaged { .. }
            | CoreError::FileInUse
            | CoreError::NotFound { .. }
            | CoreError::AlreadyExists { .. }
            | CoreError::ReplaceNotConfirmed { .. }
            | CoreError::TargetIsOpenCabinet { .. }
            | CoreError::TargetIsCabinetSidecar { .. }
            | CoreError::TargetIsCabinetFile { .. } => Some("path"),
            CoreError::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        CoreError::InvalidInput {
            field,
            message: message.into(),
        }
    }
}

/// A full disk is said as such, whichever layer met it.
impl From<std::io::Error> for CoreError {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::StorageFull || error.raw_os_error() == Some(28) {
            return CoreError::DiskFull;
        }
        CoreError::Io(error)
    }
}

/// SQLite errors are translated once, here. The raw SQLite message may quote
/// SQL but never bound values (we always bind), so it is safe in `Internal`.
impl From<rusqlite::Error> for CoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(failure, _) = &error {
            match failure.code {
                ErrorCode::DiskFull => return CoreError::DiskFull,
                // Once a cabinet is open, a page that fails SQLCipher's HMAC
                // check reports NotADatabase: the file was altered on disk.
                // (At opening, the cabinet module tells a wrong passphrase apart.)
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    return CoreError::Damaged {
                        detail: "des pages sont illisibles".into(),
                    }
                }
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => return CoreError::FileInUse,
                _ => {}
            }
        }
        CoreError::Internal(error.to_string())
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
