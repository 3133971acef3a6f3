//! `sellkit db path|backup|check|migrate`

use std::path::PathBuf;

use serde_json::json;

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::output::{Render, SCHEMA_VERSION, TableOpts, Titled, table};

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

struct Facts(serde_json::Value);

impl Render for Facts {
    fn document(&self) -> serde_json::Value {
        let mut doc = json!({"schema_version": SCHEMA_VERSION});
        if let (Some(d), Some(m)) = (doc.as_object_mut(), self.0.as_object()) {
            d.extend(m.clone());
        }
        doc
    }
    fn records(&self) -> Vec<serde_json::Value> {
        vec![self.0.clone()]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .0
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
                ctx.out.print(&Facts(json!({"path": p})))
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
            ctx.out.print(&Facts(json!({"source": store.path().display().to_string(), "backup": dest.display().to_string(), "bytes": bytes})))
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
            ctx.out.print(&Facts(json!({
                "path": store.path().display().to_string(),
                "db_schema_version": store.schema_version()?,
                "ok": ok,
                "problems": problems,
                "audit": chain,
            })))?;
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
            ctx.out.print(&Facts(json!({
                "path": store.path().display().to_string(),
                "db_schema_version": store.schema_version()?,
                "latest": crate::store::migrations::latest(),
            })))
        }
    }
}
