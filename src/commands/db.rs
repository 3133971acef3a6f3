//! `sellkit db path|backup|check|migrate`

use std::path::PathBuf;

use serde::Serialize;

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::output::{Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};

/// Look after the database file.
///
/// Examples:
///   sellkit db path
///   sellkit db backup ~/backups/sellkit-$(date +%F).db
///   sellkit db check
///   sellkit db migrate
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Print the database file's path
    Path,
    /// Copy the database while it is in use (SQLite online backup) to a new file
    Backup {
        /// Where to write the copy (must not exist)
        dest: PathBuf,
    },
    /// Run SQLite's integrity and foreign key checks (exit 5 when damaged)
    Check,
    /// Apply pending schema migrations and show the schema version
    Migrate,
}

/// One action's record (a [`wire`] struct), rendered as the document, the one NDJSON/CSV record
/// and a key-value table.
struct Facts<T>(T);

impl<T: Serialize> Render for Facts<T> {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::Doc {
            schema_version: SCHEMA_VERSION,
            facts: &self.0,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        vec![to_json(&self.0)]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = to_json(&self.0)
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        let text = match v {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Array(a) if a.is_empty() => "none".into(),
                            other => other.to_string(),
                        };
                        (k.clone(), text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        vec![Titled {
            title: None,
            table: table::key_values(opts, rows),
            note: None,
        }]
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.action {
        Action::Path => {
            let p = ctx.settings.db_path.0.display().to_string();
            if ctx.out.format() == crate::output::Format::Table {
                crate::output::print_line(&p)
            } else {
                ctx.out.print(&Facts(wire::DbPath { path: p }))
            }
        }
        Action::Backup { dest } => {
            let store = ctx.open_store()?;
            store.backup_to(&dest)?;
            let bytes = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
            ctx.out.status(&format!(
                "backed up {} to {}",
                store.path().display(),
                dest.display()
            ));
            ctx.out.print(&Facts(wire::Backup {
                source: store.path().display().to_string(),
                backup: dest.display().to_string(),
                bytes,
            }))
        }
        Action::Check => {
            let store = ctx.open_store()?;
            let mut problems = store.check()?;
            let damaged = !problems.is_empty();
            // The audit chain: every entry linked to the one before and sealed by this
            // install's secret, and the append-only triggers in place.
            let chain = crate::drafts::audit::verify(store.conn(), &*store.seal()?)?;
            problems.extend(chain.problems());
            let ok = problems.is_empty();
            ctx.out.print(&Facts(wire::Check {
                path: store.path().display().to_string(),
                db_schema_version: store.schema_version()?,
                ok,
                problems,
                audit: &chain,
            }))?;
            if ok {
                Ok(())
            } else if damaged {
                Err(Error::input(format!(
                    "{} failed its integrity check: restore a backup (sellkit db backup)",
                    store.path().display()
                )))
            } else {
                Err(Error::safety(format!(
                    "{}: the audit log was changed outside sellkit ({}); nothing is posted until it is restored from a backup",
                    store.path().display(),
                    chain.problems().join("; ")
                )))
            }
        }
        Action::Migrate => {
            // Opening applies pending migrations in one transaction.
            let store = ctx.open_store_create()?;
            ctx.out.print(&Facts(wire::Migrate {
                path: store.path().display().to_string(),
                db_schema_version: store.schema_version()?,
                latest: crate::store::migrations::latest(),
            }))
        }
    }
}

/// What `sellkit db` prints in JSON, NDJSON and CSV: each action's record, which is also its one
/// NDJSON/CSV record and (field by field) its table.
mod wire {
    use serde::Serialize;

    use crate::drafts::audit::ChainReport;

    /// The document every `sellkit db ACTION --json` prints: `schema_version`, then the
    /// action's record.
    #[derive(Serialize)]
    pub struct Doc<'a, T> {
        pub schema_version: u32,
        #[serde(flatten)]
        pub facts: &'a T,
    }

    /// `sellkit db path`.
    #[derive(Serialize)]
    pub struct DbPath {
        /// The database file (it need not exist yet).
        pub path: String,
    }

    /// `sellkit db backup DEST`.
    #[derive(Serialize)]
    pub struct Backup {
        /// The database copied.
        pub source: String,
        /// The copy written.
        pub backup: String,
        /// Size of the copy.
        pub bytes: u64,
    }

    /// `sellkit db check`.
    #[derive(Serialize)]
    pub struct Check<'a> {
        pub path: String,
        /// The schema version the file is at (`PRAGMA user_version`).
        pub db_schema_version: u32,
        /// No integrity, foreign key or audit chain problem.
        pub ok: bool,
        /// SQLite's integrity and foreign key problems, then the audit chain's.
        pub problems: Vec<String>,
        pub audit: &'a ChainReport,
    }

    /// `sellkit db migrate`.
    #[derive(Serialize)]
    pub struct Migrate {
        pub path: String,
        /// The schema version the file is at after migrating.
        pub db_schema_version: u32,
        /// The newest schema version this sellkit knows.
        pub latest: u32,
    }
}
