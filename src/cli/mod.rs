//! The command line: clap types, dispatch, the exit-code mapping and the run context.

mod agent_failures;
pub mod docs;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::commands;
use crate::env::EnvVars;
use crate::error::{Error, ErrorKind, Result};
use crate::output::{Format, OutputOpts, Printer};
use crate::settings::{Config, Dirs, FlagValues, Settings};

const AFTER_HELP: &str = "\
Examples:
  sellkit sync demo                  fill the embedded demo shop (no account, no network)
  sellkit forecast                   demand forecast, stockout dates and order quantities per SKU
  sellkit report sales --period week this quarter's P&L by week, channel and SKU
  sellkit report sales --json | jq '.totals'
  sellkit price quote --marketplace etsy --sell 24.95 --cost 8
  sellkit price suggest --dry-run    repricing suggestions (drafts for review)
  sellkit agents write --all         listing drafts for review (offline rules unless llm.base_url is set)
  sellkit report brief               risk findings, the strategist's priorities, drafts waiting
  sellkit review                     approve, edit or reject the drafts (a terminal is required)
  sellkit post --dry-run             the exact requests approved drafts would send
  sellkit trends                     rising products and keywords, each score explained
  sellkit trends draft --top 3       new-listing drafts for the best trends (for review)
  sellkit fx fetch --history         the ECB's euro reference rates since 1999, for conversions
  sellkit db backup ~/sellkit-backup.db

Exit codes:
  0  success
  1  unexpected error
  2  usage error (bad flag, value or date)
  3  missing or invalid configuration, credentials, database or path
  4  a marketplace or LLM API failed
  5  bad input data (a file, row or field; a damaged database)
  6  refused for safety (e.g. approval asked for without a terminal)
  130 interrupted (Ctrl-C)

Environment:
  SELLKIT_DB      database file (--db wins)
  SELLKIT_CONFIG  config file (--config wins)
  SELLKIT_NOW     fixed current time (RFC 3339 or YYYY-MM-DD) for reproducible runs
  SELLKIT_LOG     log filter for stderr, e.g. sellkit=debug
  SELLKIT_LLM_API_KEY  API key of the LLM endpoint in llm.base_url (else `auth login llm`)
  SELLKIT_<MARKETPLACE>_<FIELD>  credentials, e.g. SELLKIT_ETSY_API_KEY (see `sellkit auth`)
  SELLKIT_KEYSTORE  where `auth login` writes secrets: os, kernel or file
  SELLKIT_EBAY_APP_TOKEN  eBay application token for `trends fetch` (else minted from SELLKIT_EBAY_CLIENT_ID/SECRET)
  NO_COLOR        any value turns colour off; TERM=dumb too

Files:
  config   $XDG_CONFIG_HOME/sellkit/config.toml (sellkit config path)
  data     $XDG_DATA_HOME/sellkit/sellkit.db    (sellkit db path)";

/// sellkit: your shop's data, forecasts, prices and reports in one terminal tool.
///
/// sellkit pulls your marketplace data (Etsy, eBay, Shopify, Amazon) into one local SQLite file,
/// analyses it, and reports profit and loss. Results go to stdout; messages and progress to stderr.
#[derive(Debug, Parser)]
#[command(name = "sellkit", version, propagate_version = true, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Database file [env: SELLKIT_DB]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file [env: SELLKIT_CONFIG]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Shorthand for --format json
    #[arg(long, global = true, conflicts_with = "format")]
    pub json: bool,
    /// Print results and errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More detail on stderr (-vv for debug logs)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// No colour [env: NO_COLOR]
    #[arg(long, global = true)]
    pub no_color: bool,
    /// With --format csv: text cells exactly as stored. By default a cell starting with =, +,
    /// -, @, tab or CR gets a leading ' so that a spreadsheet does not run it as a formula
    #[arg(long, global = true)]
    pub raw_csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Sync(commands::sync::Args),
    Forecast(commands::forecast::Args),
    Report(commands::report::Args),
    Price(commands::price::Args),
    Agents(commands::agents::Args),
    Review(commands::review::Args),
    Post(commands::post::Args),
    Trends(commands::trends::Args),
    Fx(commands::fx::Args),
    Auth(commands::auth::Args),
    Config(commands::config::Args),
    Db(commands::db::Args),
    Completions(commands::completions::Args),
}

/// What every command gets: settings, the printer and the current time.
pub struct Context {
    /// Where the config file and the store are, and the file as read (`config` edits it).
    pub settings: Settings,
    /// Every config area, typed and resolved once.
    pub config: Config,
    pub out: Printer,
    pub now: jiff::Timestamp,
    pub env: EnvVars,
    /// When the process started, for [`Context::clock`].
    pub started: std::time::Instant,
}

impl Context {
    pub fn new(global: &GlobalArgs, env: EnvVars) -> Result<Context> {
        Context::with_config(global, env, false)
    }

    /// `tolerate_bad_config`: a config file that cannot be read is a warning, not an error
    /// (for `config path`, which must work to find the file to fix).
    pub fn with_config(
        global: &GlobalArgs,
        env: EnvVars,
        tolerate_bad_config: bool,
    ) -> Result<Context> {
        let dirs = Dirs::platform()?;
        let flags = FlagValues {
            db: global.db.clone(),
            config: global.config.clone(),
        };
        let (settings, config_error) = if tolerate_bad_config {
            Settings::resolve_tolerant(&flags, &env, &dirs)
        } else {
            (Settings::resolve(&flags, &env, &dirs)?, None)
        };
        let config = Config::resolve(&settings, env.keystore.as_deref())?;
        let format = if global.json {
            Format::Json
        } else if let Some(f) = global.format {
            f
        } else {
            Format::parse(&config.output.format).unwrap_or(Format::Table)
        };
        let color = if global.no_color || env.term_dumb {
            "never".to_string()
        } else {
            config.output.color.get()
        };
        let mut opts =
            OutputOpts::detect(format, global.quiet, global.verbose, &color, env.no_color);
        opts.raw_csv = global.raw_csv;
        let now = parse_now(env.now.as_deref())?;
        let out = Printer::new(opts);
        if let Some(e) = config_error {
            out.warn(&crate::output::sanitize::one_line(&e.to_string()));
        }
        for w in &settings.file.warnings {
            out.warn(&crate::output::sanitize::one_line(w));
        }
        Ok(Context {
            settings,
            config,
            out,
            now,
            env,
            started: std::time::Instant::now(),
        })
    }

    /// Opens the database, creating it if needed (commands that write).
    pub fn open_store_create(&self) -> Result<crate::store::Store> {
        Ok(
            crate::store::Store::open_or_create(&self.settings.db_path.0)?
                .with_seal_loader(self.seal_loader()),
        )
    }

    /// Opens an existing database (commands that read).
    pub fn open_store(&self) -> Result<crate::store::Store> {
        Ok(
            crate::store::Store::open_existing(&self.settings.db_path.0)?
                .with_seal_loader(self.seal_loader()),
        )
    }

    /// The install secret comes from the credential store `auth` uses; where that is the OS
    /// keyring and the machine has none, from the file store.
    fn seal_loader(&self) -> crate::store::SealLoader {
        let chosen = self.keystore();
        let fallback = crate::auth::KeyStore::File(self.settings.data_dir.join("credentials.toml"));
        Box::new(move || {
            let store = chosen.as_ref().map_err(|e| {
                Error::config(format!("the credential store for the install secret: {e}"))
            })?;
            crate::drafts::Seal::load_or_create(store, Some(&fallback))
        })
    }

    /// The time of a decision or posting: the clock as it is now (the start-up time moved on by
    /// the time elapsed, so a pinned SELLKIT_NOW still gives each decision its own time).
    pub fn clock(&self) -> jiff::Timestamp {
        let elapsed = self.started.elapsed();
        self.now
            .checked_add(jiff::SignedDuration::try_from(elapsed).unwrap_or_default())
            .unwrap_or(self.now)
    }

    /// The environment with the LLM API key filled from the credential store (`sellkit auth
    /// login llm`) when SELLKIT_LLM_API_KEY is not set and an endpoint is configured.
    pub fn env_with_llm_key(&self) -> Result<EnvVars> {
        let mut env = self.env.clone();
        if env.llm_api_key.is_none() && self.config.llm.base_url.is_some() {
            let store = self.keystore()?;
            match crate::auth::Credentials::load(
                crate::auth::service("llm")?,
                &self.env.credentials.0,
                &store,
            ) {
                Ok(creds) => {
                    env.llm_api_key = creds
                        .get("api_key")
                        .map(|k| crate::env::ApiKey(k.expose().to_string()));
                }
                // A local model server needs no key, and a headless machine has no OS keyring:
                // go on without one. A store chosen explicitly must work.
                Err(e) if matches!(store, crate::auth::KeyStore::Os) => {
                    tracing::debug!("no LLM key from the OS keyring: {e}");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(env)
    }

    /// The credential store chosen by `SELLKIT_KEYSTORE`, else `auth.store`, else the OS
    /// keyring. The file store lives at `auth.credentials_file`, else `credentials.toml` in the
    /// data folder. The one way a command reaches the store.
    pub fn keystore(&self) -> Result<crate::auth::KeyStore> {
        let file = match self.config.auth.credentials_file.get() {
            Some(p) => p,
            None => self.settings.data_dir.join("credentials.toml"),
        };
        crate::auth::KeyStore::named(&self.config.auth.store, file)
    }

    /// One credential field of `service`: its `SELLKIT_<SERVICE>_<FIELD>` variable, else the
    /// credential store; `None` when neither has it (an incomplete set is no error here).
    pub fn credential_field(
        &self,
        service: &str,
        field: &str,
    ) -> Result<Option<crate::env::ApiKey>> {
        let vars = &self.env.credentials.0;
        if let Some(v) = vars.get(&crate::auth::env_var(service, field)) {
            return Ok(Some(crate::env::ApiKey(v.clone())));
        }
        Ok(self
            .stored_credentials(service)?
            .get(field)
            .map(|s| crate::env::ApiKey(s.expose().to_string())))
    }

    /// The credentials of `service` as far as they go: environment variables over the
    /// credential store, not checked for completeness (a dry run shows placeholders for what is
    /// missing).
    pub fn stored_credentials(&self, service: &str) -> Result<crate::auth::Credentials> {
        let spec = crate::auth::service(service)?;
        crate::auth::Credentials::load(spec, &self.env.credentials.0, &self.keystore()?)
    }

    /// The credentials of `marketplace`: environment variables over the credential store. When the
    /// store cannot be read (no OS keyring on this machine), the environment alone is used if it is
    /// complete and no token rotates; otherwise the error names the variables and
    /// `sellkit auth login`, or asks for a store that can be written.
    pub fn credentials(&self, marketplace: &str) -> Result<crate::auth::Credentials> {
        let spec = crate::auth::service(marketplace)?;
        let vars = &self.env.credentials.0;
        let loaded = self
            .keystore()
            .and_then(|store| crate::auth::Credentials::load(spec, vars, &store));
        let creds = match loaded {
            Ok(c) => c,
            Err(e) => {
                let c =
                    crate::auth::Credentials::load(spec, vars, &crate::auth::KeyStore::memory())?;
                c.require().map_err(|missing| {
                    Error::config(format!("{missing} (the credential store: {e})"))
                })?;
                // A rotated refresh token kept only in memory would be lost, and the variable's
                // token is dead after the first refresh.
                if spec.rotating.is_some() {
                    return Err(Error::config(format!(
                        "{marketplace} rotates its refresh token on every refresh, so sellkit needs a credential store it can write the new one to: {e}"
                    )));
                }
                self.out.warn(&format!(
                    "{marketplace}: using the environment's credentials only; {e}"
                ));
                c
            }
        };
        creds.require()?;
        Ok(creds)
    }

    /// Today's date in UTC.
    pub fn today(&self) -> jiff::civil::Date {
        self.now.to_zoned(jiff::tz::TimeZone::UTC).date()
    }
}

/// `SELLKIT_NOW` (RFC 3339 instant, or a date meaning its midnight UTC), else the clock.
pub fn parse_now(text: Option<&str>) -> Result<jiff::Timestamp> {
    let Some(text) = text else {
        return Ok(jiff::Timestamp::now());
    };
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    if let Ok(date) = text.parse::<jiff::civil::Date>()
        && let Ok(z) = date.to_zoned(jiff::tz::TimeZone::UTC)
    {
        return Ok(z.timestamp());
    }
    Err(Error::config(format!(
        "SELLKIT_NOW={text:?} is neither an RFC 3339 instant (2025-01-31T12:00:00Z) nor a date (2025-01-31)"
    )))
}

/// A clap value parser for `YYYY-MM-DD` dates, with a clear message.
pub fn parse_date(text: &str) -> std::result::Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| format!("{text:?} is not a date; use YYYY-MM-DD, e.g. 2025-01-31"))
}

/// The clap command tree (shared by the binary, the docs generator and tests).
pub fn command() -> clap::Command {
    Cli::command()
}

fn dispatch(ctx: &Context, command: Command) -> Result<()> {
    match command {
        Command::Sync(args) => commands::sync::run(ctx, args),
        Command::Forecast(args) => commands::forecast::run(ctx, args),
        Command::Report(args) => commands::report::run(ctx, args),
        Command::Price(args) => commands::price::run(ctx, args),
        Command::Agents(args) => commands::agents::run(ctx, args.command),
        Command::Review(args) => commands::review::run(ctx, args),
        Command::Post(args) => commands::post::run(ctx, args),
        Command::Trends(args) => commands::trends::run(ctx, args),
        Command::Fx(args) => commands::fx::run(ctx, args),
        Command::Auth(args) => commands::auth::run(ctx, args),
        Command::Config(args) => commands::config::run(ctx, args),
        Command::Db(args) => commands::db::run(ctx, args),
        Command::Completions(args) => commands::completions::run(ctx, args),
    }
}

/// A config file named with `--config` must exist (exit 3, naming it): a mistyped path would
/// otherwise run on the defaults, production hosts included. `config set` and `config path`
/// are the exceptions: the first creates the file, the second only names it.
fn named_config_exists(cli: &Cli) -> Result<()> {
    let Some(path) = &cli.global.config else {
        return Ok(());
    };
    let creates = matches!(
        &cli.command,
        Command::Config(commands::config::Args {
            action: commands::config::Action::Set { .. } | commands::config::Action::Path,
        })
    );
    if creates || path.is_file() {
        return Ok(());
    }
    let why = if path.exists() {
        "is not a regular file"
    } else {
        "does not exist"
    };
    Err(crate::error::Error::config(format!(
        "--config {}: the file {why}; create it with `sellkit --config {} config set KEY VALUE`, or leave --config out to use the default",
        path.display(),
        path.display()
    )))
}

/// The binary's entry point.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let env = EnvVars::from_process(crate::auth::is_credential_var);
    init_logging(
        cli.global.verbose,
        cli.global.quiet,
        env.log.as_deref(),
        cli.global.no_color || env.no_color || env.term_dumb,
    );
    let verbose = cli.global.verbose;
    let config_path = matches!(
        &cli.command,
        Command::Config(commands::config::Args {
            action: commands::config::Action::Path
        })
    );
    let result = named_config_exists(&cli)
        .and_then(|()| Context::with_config(&cli.global, env, config_path))
        .and_then(|ctx| dispatch(&ctx, cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit_with(&e, verbose),
    }
}

/// A closed stdout (`sellkit ... | head`) ends the run quietly, wherever the write failed.
fn is_broken_pipe(e: &Error) -> bool {
    let pipe = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    if let Error::Io { source, .. } = e
        && pipe(source)
    {
        return true;
    }
    if let Error::Other(any) = e {
        return any.chain().any(|c| {
            c.downcast_ref::<std::io::Error>().is_some_and(pipe)
                || c.downcast_ref::<Error>().is_some_and(is_broken_pipe)
                || c.downcast_ref::<serde_json::Error>()
                    .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
        });
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>().is_some_and(pipe) {
            return true;
        }
        source = s.source();
    }
    false
}

#[allow(clippy::print_stderr)] // the one place errors are printed
fn exit_with(e: &Error, verbose: u8) -> ExitCode {
    if is_broken_pipe(e) {
        return ExitCode::SUCCESS;
    }
    let kind = e.kind();
    let mut line = format!("sellkit: error: {e}");
    if verbose > 0 || kind == ErrorKind::Unexpected {
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            line.push_str(&format!("\n  caused by: {s}"));
            source = s.source();
        }
    }
    // Errors quote file contents and API answers: never raw on the terminal.
    eprintln!("{}", crate::output::sanitize::for_terminal(&line));
    ExitCode::from(kind.exit_code())
}

fn init_logging(verbose: u8, quiet: bool, filter: Option<&str>, no_color: bool) {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    // Colour codes only on a terminal, and never when colour is turned off.
    let ansi = !no_color && std::io::stderr().is_terminal();
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "sellkit=info",
        (false, 2) => "sellkit=debug",
        _ => "sellkit=trace",
    };
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(ansi)
        .without_time()
        .try_init();
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_tree_is_valid() {
        super::command().debug_assert();
    }

    #[test]
    fn now_parsing() {
        assert_eq!(
            super::parse_now(Some("2025-03-01")).unwrap().to_string(),
            "2025-03-01T00:00:00Z"
        );
        assert!(super::parse_now(Some("yesterday")).is_err());
    }
}
