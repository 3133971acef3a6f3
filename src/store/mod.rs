//! The SQLite store: one file, WAL mode, foreign keys on, a busy timeout so that a cron job and
//! an interactive session can work at once, and numbered migrations applied at open.

pub mod migrations;
pub mod seal;

pub use seal::Seal;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

/// SQLite's multi-thread mode for our connections (rusqlite's own default for
/// `Connection::open`): a `Connection` is never shared between threads (it is not `Sync`), so
/// the per-call mutex of the serialized mode only costs time — a lock and unlock on every
/// column read, about a tenth of a million-row scan.
const NO_MUTEX: OpenFlags = OpenFlags::SQLITE_OPEN_NO_MUTEX;

use crate::error::{Error, Result};

/// How long a writer waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Loads the install secret that seals approvals and audit entries (set by the command layer,
/// which knows the credential store).
pub type SealLoader = Box<dyn Fn() -> Result<Seal> + Send + Sync>;

/// An open sellkit database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    seal: std::sync::OnceLock<std::sync::Arc<Seal>>,
    seal_loader: Option<SealLoader>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating it (and its folder, private to the user) if needed.
    pub fn open_or_create(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            create_private_dir(dir)?;
        }
        let existed = path.exists();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        let store = Store::init(conn, path)?;
        if !existed {
            restrict_file(path)?;
        }
        Ok(store)
    }

    /// Opens an existing database; a missing file is a configuration error naming the fix.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::config(format!(
                "no database at {}: run `sellkit sync demo` or `sellkit sync import FILE` first, or pass --db",
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | NO_MUTEX)
            .map_err(|e| open_error(path, e))?;
        Store::init(conn, path)
    }

    /// An in-memory store with the full schema, for tests and examples.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::init(conn, Path::new(":memory:"))
    }

    fn init(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The first statement reads the header: a file that is not SQLite fails here, unchanged.
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(|e| open_error(path, e))?;
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| open_error(path, e))?;
        migrations::apply(&mut conn).map_err(|e| match e {
            Error::Sqlite(s) => open_error(path, s),
            other => other,
        })?;
        let seal = std::sync::OnceLock::new();
        if path == Path::new(":memory:") {
            // Nothing outlives an in-memory store, so neither need its secret.
            let _ = seal.set(std::sync::Arc::new(Seal::ephemeral()));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            seal,
            seal_loader: None,
        })
    }

    /// Where the install secret comes from, loaded on first use.
    pub fn with_seal_loader(mut self, loader: SealLoader) -> Store {
        self.seal_loader = Some(loader);
        self
    }

    /// Uses this install secret.
    pub fn with_seal(self, seal: Seal) -> Store {
        let _ = self.seal.set(std::sync::Arc::new(seal));
        self
    }

    /// The install secret (loaded, and made on first use, through the loader).
    pub fn seal(&self) -> Result<std::sync::Arc<Seal>> {
        if let Some(s) = self.seal.get() {
            return Ok(s.clone());
        }
        let loader = self.seal_loader.as_ref().ok_or_else(|| {
            Error::safety("the install secret that seals approvals is not available here")
        })?;
        let seal = std::sync::Arc::new(loader()?);
        let _ = self.seal.set(seal.clone());
        Ok(seal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE): all of it lands, or none of it.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Like [`Store::write`], for loads of many rows into `tables`: one transaction (all of it
    /// lands, or none of it) in which the tables' secondary indexes are dropped before `f` and
    /// built again after it from their own `CREATE INDEX` text, with a larger page cache for
    /// the duration. Building an index once from sorted rows costs far less than keeping it
    /// up to date row by row, and a cache too small for the load's working set makes SQLite
    /// spill and reread the same pages many times. Indexes behind UNIQUE and PRIMARY KEY
    /// constraints stay, so constraints are checked as usual. On error the transaction rolls
    /// back, indexes included; the cache size is put back either way.
    pub fn bulk_write<T>(
        &mut self,
        tables: &[&str],
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {BULK_CACHE_SIZE}"))?;
        let out = self.write(|tx| {
            let indexes = secondary_indexes(tx, tables)?;
            for (name, _) in &indexes {
                tx.execute_batch(&format!("DROP INDEX {}", quote_ident(name)))?;
            }
            let out = f(tx)?;
            for (_, sql) in &indexes {
                tx.execute_batch(sql)?;
            }
            Ok(out)
        });
        let restored = self
            .conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"));
        let out = out?;
        restored?;
        Ok(out)
    }

    /// Copies the live database to `dest` through SQLite's online backup API.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::config(format!(
                "{} already exists: choose a new file name",
                dest.display()
            )));
        }
        let tmp = dest.with_extension("partial");
        let journal = PathBuf::from(format!("{}-journal", tmp.display()));
        // The partial copy is private from its first byte (the database is 0600), and goes away
        // with its journal when the copy fails (a full disk, say).
        create_private(&tmp)?;
        let copied = (|| -> Result<()> {
            let mut target = Connection::open(&tmp).map_err(|e| open_error(&tmp, e))?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
                backup.run_to_completion(1024, Duration::from_millis(0), None)?;
            }
            target.close().map_err(|(_, e)| Error::from(e))?;
            std::fs::rename(&tmp, dest).map_err(|e| Error::io(dest, e))
        })();
        if copied.is_err() {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&journal);
        }
        copied
    }

    /// SQLite's integrity and foreign key checks; returns the problems found (empty when sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {} points at a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    pub fn schema_version(&self) -> Result<u32> {
        migrations::current(&self.conn)
    }
}

/// The page cache during [`Store::bulk_write`]: 64 MiB (negative = KiB), used only as needed.
const BULK_CACHE_SIZE: i64 = -65_536;

/// (name, CREATE INDEX text) of the indexes on `tables` that can be dropped and built again:
/// those created by CREATE INDEX (an index behind a constraint has no SQL text), in the order
/// they were created.
fn secondary_indexes(conn: &Connection, tables: &[&str]) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = ?1 ORDER BY rowid",
    )?;
    let mut out = Vec::new();
    for table in tables {
        let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn open_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::Input {
            message: format!(
                "{} is not a sellkit database (damaged or another kind of file): restore a backup or pass another --db",
                path.display()
            ),
            source: Some(Box::new(e)),
        },
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => {
            Error::Config {
                message: format!(
                    "cannot open the database at {}: check the path and its permissions (--db, SELLKIT_DB)",
                    path.display()
                ),
                source: Some(Box::new(e)),
            }
        }
        _ => Error::Sqlite(e),
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))
}

/// Creates `path` empty, readable and writable by the user only (it must not exist).
fn create_private(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::config(format!(
                "{} already exists (left by an earlier backup?): remove it, or choose another name",
                path.display()
            ))
        } else {
            Error::io(path, e)
        }
    })?;
    Ok(())
}

fn restrict_file(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
