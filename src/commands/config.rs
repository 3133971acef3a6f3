//! `sellkit config get|set|path`

use crate::cli::Context;
use crate::error::Result;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};
use crate::settings::{KEYS, Value};

/// Read and change settings.
///
/// Settings come from flags, then environment variables, then the config file, then defaults;
/// `config get` shows which one supplied each value.
///
/// Examples:
///   sellkit config get
///   sellkit config get report.period
///   sellkit config set report.period week
///   sellkit config path
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Show one setting, or all, with where each value comes from
    Get {
        /// A key such as report.period (all keys when omitted)
        key: Option<String>,
    },
    /// Change a setting in the config file
    Set {
        /// A key such as report.period
        key: String,
        /// The new value
        value: String,
    },
    /// Print the config file's path
    Path,
}

struct Values(Vec<Value>);

impl Render for Values {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::GetDoc {
            schema_version: SCHEMA_VERSION,
            settings: &self.0,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.0.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .0
            .iter()
            .map(|v| {
                vec![
                    v.key.clone(),
                    v.value.clone().unwrap_or_default(),
                    v.origin.to_string(),
                ]
            })
            .collect();
        let t = table::build(
            opts,
            &[
                ("key", Align::Left),
                ("value", Align::Left),
                ("origin", Align::Left),
            ],
            rows,
        );
        vec![Titled {
            title: None,
            table: t,
            note: None,
        }]
    }
}

struct PathOut(String);

impl Render for PathOut {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::PathDoc {
            schema_version: SCHEMA_VERSION,
            path: wire::PathRecord { path: &self.0 },
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        vec![to_json(&wire::PathRecord { path: &self.0 })]
    }
    fn tables(&self, _opts: &TableOpts) -> Vec<Titled> {
        Vec::new()
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.action {
        Action::Get { key } => {
            let values = match key {
                Some(k) => vec![ctx.config.value(&ctx.settings, &k)?],
                None => KEYS
                    .iter()
                    .map(|k| ctx.config.value(&ctx.settings, k.key))
                    .collect::<Result<_>>()?,
            };
            ctx.out.print(&Values(values))
        }
        Action::Set { key, value } => {
            let mut file = ctx.settings.file.clone();
            let text = file.set(&key, &value)?;
            let path = &ctx.settings.config_path.0;
            crate::fsutil::write_atomic(path, text.as_bytes(), true)?;
            ctx.out
                .status(&format!("{key} = {value} (in {})", path.display()));
            Ok(())
        }
        Action::Path => {
            let p = ctx.settings.config_path.0.display().to_string();
            if ctx.out.format() == crate::output::Format::Table {
                crate::output::print_line(&p)
            } else {
                ctx.out.print(&PathOut(p))
            }
        }
    }
}

/// What `sellkit config` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;

    use crate::settings::Value;

    /// The document `sellkit config get --json` prints. NDJSON and CSV have one record per
    /// setting, each a [`Value`] as it is in `settings`.
    #[derive(Serialize)]
    pub struct GetDoc<'a> {
        pub schema_version: u32,
        /// The keys asked for (all when none was), each with its value and where it comes from.
        pub settings: &'a [Value],
    }

    /// The document `sellkit config path --json` prints.
    #[derive(Serialize)]
    pub struct PathDoc<'a> {
        pub schema_version: u32,
        #[serde(flatten)]
        pub path: PathRecord<'a>,
    }

    /// The one record `sellkit config path` prints in NDJSON and CSV.
    #[derive(Serialize)]
    pub struct PathRecord<'a> {
        /// The config file (it need not exist yet).
        pub path: &'a str,
    }
}
