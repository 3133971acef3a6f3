//! Errors and the exit codes they map to.
//!
//! Every error knows its [`ErrorKind`]; [`ErrorKind::exit_code`] is the one place that turns a kind
//! into the process exit code documented in the README and the man page.

use std::path::PathBuf;

/// What went wrong, at the level a script cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A bug or an environment failure nobody planned for (exit 1).
    Unexpected,
    /// The command line was wrong (exit 2).
    Usage,
    /// Missing or invalid configuration, credentials, database or path (exit 3).
    Config,
    /// A marketplace or LLM API failed (exit 4).
    Api,
    /// Input data was bad: a file, a row, a field (exit 5).
    Input,
    /// Refused for safety, e.g. approval asked for without a terminal (exit 6).
    Safety,
}

impl ErrorKind {
    /// The documented process exit code for this kind.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Unexpected => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Config => 3,
            ErrorKind::Api => 4,
            ErrorKind::Input => 5,
            ErrorKind::Safety => 6,
        }
    }
}

/// The crate's error type. Messages are one line: what, where, and the fix when there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Config {
        message: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    #[error("{message}")]
    Usage { message: String },
    #[error("{message}")]
    Input {
        message: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    #[error("{message}")]
    Api {
        message: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    #[error("{message}")]
    Safety { message: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database value: {0}")]
    SqlValue(#[from] rusqlite::types::FromSqlError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl Error {
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
            source: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input {
            message: message.into(),
            source: None,
        }
    }
    pub fn api(message: impl Into<String>) -> Self {
        Error::Api {
            message: message.into(),
            source: None,
        }
    }
    pub fn safety(message: impl Into<String>) -> Self {
        Error::Safety {
            message: message.into(),
        }
    }
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The kind, which decides the exit code.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Config { .. } => ErrorKind::Config,
            Error::Usage { .. } => ErrorKind::Usage,
            Error::Input { .. } => ErrorKind::Input,
            Error::Api { .. } => ErrorKind::Api,
            Error::Safety { .. } => ErrorKind::Safety,
            // A path we cannot read or write came from the user's flags or config.
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::PermissionDenied
                | std::io::ErrorKind::NotFound
                | std::io::ErrorKind::ReadOnlyFilesystem
                | std::io::ErrorKind::IsADirectory
                | std::io::ErrorKind::NotADirectory => ErrorKind::Config,
                _ => ErrorKind::Unexpected,
            },
            Error::Sqlite(e) => sqlite_kind(e),
            Error::SqlValue(_) => ErrorKind::Unexpected,
            Error::Other(e) => match e.downcast_ref::<Error>() {
                Some(inner) => inner.kind(),
                None => ErrorKind::Unexpected,
            },
        }
    }
}

fn sqlite_kind(e: &rusqlite::Error) -> ErrorKind {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => ErrorKind::Input,
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            ErrorKind::Config
        }
        _ => ErrorKind::Unexpected,
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
