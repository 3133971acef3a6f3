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
    #[error("{}: {source}{hint}", .path.display(), hint = io_hint(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database: {0}{hint}", hint = sqlite_hint(.0))]
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
                std::io::ErrorKind::StorageFull
                | std::io::ErrorKind::QuotaExceeded
                | std::io::ErrorKind::FileTooLarge
                | std::io::ErrorKind::PermissionDenied
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

/// SQLite could not write a file (a full disk as a file size limit shows it, or a failing one).
fn is_write_error(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_IOERR_WRITE)
}

fn sqlite_kind(e: &rusqlite::Error) -> ErrorKind {
    use rusqlite::ffi::ErrorCode;
    if is_write_error(e) {
        return ErrorKind::Config;
    }
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => ErrorKind::Input,
        // The disk (or the file size limit) is full: the place of the database is the fix.
        Some(
            ErrorCode::CannotOpen
            | ErrorCode::ReadOnly
            | ErrorCode::PermissionDenied
            | ErrorCode::DiskFull,
        ) => ErrorKind::Config,
        _ => ErrorKind::Unexpected,
    }
}

/// The fix for a full disk.
fn io_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            ": free space on that disk, or write elsewhere (--db PATH for the database)"
        }
        _ => "",
    }
}

/// The fix for SQLite errors that have one, appended to the message.
fn sqlite_hint(e: &rusqlite::Error) -> &'static str {
    match e.sqlite_error_code() {
        Some(rusqlite::ffi::ErrorCode::DiskFull) => {
            " (nothing was changed): free space on the disk that holds the database, or use one elsewhere with --db PATH (or SELLKIT_DB)"
        }
        _ if is_write_error(e) => {
            " (nothing was changed): the disk that holds the database could not be written; free space on it (or raise the file size limit), or use one elsewhere with --db PATH (or SELLKIT_DB)"
        }
        _ => "",
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_full_is_a_config_error_with_the_fix() {
        let e = Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        ));
        assert_eq!(e.kind().exit_code(), 3);
        let text = e.to_string();
        assert!(text.contains("database or disk is full"), "{text}");
        assert!(
            text.contains("free space") && text.contains("--db"),
            "{text}"
        );
        let w = Error::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_WRITE),
            None,
        ));
        assert_eq!(w.kind().exit_code(), 3);
        assert!(w.to_string().contains("free space"), "{w}");
        let io = Error::io("x", std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert_eq!(io.kind().exit_code(), 3);
    }
}
