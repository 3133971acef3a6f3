//! `sellkit fx import|fetch|rate`: the ECB's euro reference rates, for converting to one home
//! currency.

use std::path::PathBuf;

use serde_json::Value;

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::fx::{self, Quote, Rates};
use crate::money::{Currency, Money};
use crate::output::{Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};

/// Exchange rates: the European Central Bank's euro reference rates.
///
/// The ECB publishes one rate per currency (units per 1 EUR) on each TARGET business day; a
/// weekend or holiday takes the latest earlier day's rate, at most 10 days back. A cross rate
/// is the quotient of both currencies' rates of the same day (USD to GBP = GBP / USD).
/// Conversions are exact decimal arithmetic on minor units, rounded once, half away from
/// zero. Reference rates are an estimate of what money was worth; where a marketplace gives
/// its own rate, that is the one that moved the money, and figures say which basis they used.
///
/// Examples:
///   sellkit fx fetch --history          every rate since 1999 (fx.history_url)
///   sellkit fx fetch                    the latest day's rates (fx.daily_url), e.g. from cron
///   sellkit fx import eurofxref-hist.csv
///   sellkit fx import eurofxref-hist.zip
///   sellkit fx rate USD GBP --on 2026-04-11
///   sellkit fx rate JPY EUR --amount 1200 --json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Import the ECB's rates from a file: eurofxref-hist.csv, its zip, or the eurofxref XML
    ///
    /// The format is told by the content. The whole file is checked before anything is
    /// written: a bad cell is an error naming FILE:LINE:COLUMN (exit 5); N/A and empty cells are
    /// no rate. Rates are stored as the decimal text published, replacing the stored rate of
    /// the same currency and day. Use - for stdin.
    ///
    /// Examples:
    ///   sellkit fx import ~/Downloads/eurofxref-hist.zip
    ///   sellkit fx import eurofxref-hist.csv --json
    ///   curl -s https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml | sellkit fx import -
    #[command(verbatim_doc_comment)]
    Import {
        /// The file (- for stdin)
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Download and import the ECB's rates: the latest day's, or with --history every day's
    ///
    /// From fx.daily_url (the eurofxref daily XML) or, with --history, fx.history_url (the
    /// eurofxref-hist.zip; a CSV or XML address works too). Network and server errors exit 4.
    ///
    /// Examples:
    ///   sellkit fx fetch
    ///   sellkit fx fetch --history --json
    ///   sellkit config set fx.daily_url https://mirror.example.com/eurofxref-daily.xml
    #[command(verbatim_doc_comment)]
    Fetch {
        /// Every day since 1999 (fx.history_url) instead of the latest (fx.daily_url)
        #[arg(long)]
        history: bool,
    },
    /// Show the rate from one currency to another on a day: its value, its day and its basis
    ///
    /// The rate is units of TO per 1 FROM, from the latest published day on or before --on
    /// (default today, UTC) on which both have a rate, at most 10 days back. Exact when it is
    /// a published rate (EUR to a currency), else rounded to 10 decimals for display (the
    /// conversion of --amount uses the exact quotient). No rate exits 3 with the fix.
    ///
    /// Examples:
    ///   sellkit fx rate USD GBP --on 2026-04-11
    ///   sellkit fx rate EUR JPY --amount 25.00
    ///   sellkit fx rate GBP USD --json | jq -r .rate
    #[command(verbatim_doc_comment)]
    Rate {
        /// The currency converted from (ISO 4217, e.g. USD)
        #[arg(value_name = "FROM", value_parser = parse_currency)]
        from: Currency,
        /// The currency converted to
        #[arg(value_name = "TO", value_parser = parse_currency)]
        to: Currency,
        /// The day (YYYY-MM-DD; default today, UTC)
        #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_date)]
        on: Option<jiff::civil::Date>,
        /// Also convert this amount of FROM (a plain decimal such as 12.50)
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        amount: Option<String>,
    },
}

fn parse_currency(text: &str) -> std::result::Result<Currency, String> {
    Currency::new(text).map_err(|e| e.to_string())
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.action {
        Action::Import { file } => run_import(ctx, file),
        Action::Fetch { history } => run_fetch(ctx, history),
        Action::Rate {
            from,
            to,
            on,
            amount,
        } => run_rate(ctx, from, to, on, amount),
    }
}

// ---------------------------------------------------------------------------------------------
// import and fetch

struct Imported {
    file: Option<String>,
    url: Option<String>,
    format: fx::FileFormat,
    days_in_file: usize,
    imported: fx::Imported,
}

impl Imported {
    fn record(&self) -> wire::Import<'_> {
        let i = &self.imported;
        wire::Import {
            file: self.file.as_deref(),
            url: self.url.as_deref(),
            format: self.format.as_str(),
            source: fx::ECB,
            days_in_file: self.days_in_file,
            days: i.days,
            currencies: i.currencies.len(),
            rates: i.rows,
            new_rates: i.new,
            changed_rates: i.changed,
            first_day: i.first_day.map(|d| d.to_string()),
            last_day: i.last_day.map(|d| d.to_string()),
        }
    }
}

impl Render for Imported {
    fn document(&self) -> Value {
        to_json(&wire::ImportDoc {
            schema_version: SCHEMA_VERSION,
            record: self.record(),
            currency_codes: &self.imported.currencies,
        })
    }
    fn records(&self) -> Vec<Value> {
        vec![to_json(&self.record())]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = self.record();
        let mut rows = Vec::new();
        if let Some(f) = r.file {
            rows.push(("file".to_string(), sanitize::one_line(f)));
        }
        if let Some(u) = r.url {
            rows.push(("url".to_string(), sanitize::one_line(u)));
        }
        let codes: Vec<&str> = self.imported.currencies.iter().map(|c| c.code()).collect();
        rows.extend([
            ("format".to_string(), r.format.to_string()),
            ("source".to_string(), r.source.to_string()),
            (
                "days".to_string(),
                format!(
                    "{} ({} to {})",
                    table::count(r.days as i64),
                    r.first_day.as_deref().unwrap_or("—"),
                    r.last_day.as_deref().unwrap_or("—")
                ),
            ),
            (
                "currencies".to_string(),
                format!("{} ({})", r.currencies, codes.join(", ")),
            ),
            (
                "rates".to_string(),
                format!(
                    "{} ({} new, {} changed)",
                    table::count(r.rates as i64),
                    table::count(r.new_rates as i64),
                    table::count(r.changed_rates as i64)
                ),
            ),
        ]);
        vec![Titled {
            title: Some("ECB reference rates imported".into()),
            table: table::key_values(opts, rows),
            note: None,
        }]
    }
}

fn run_import(ctx: &Context, file: PathBuf) -> Result<()> {
    let name = file.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), fx::MAX_BYTES + 1),
            &mut buf,
        )
        .map_err(|e| Error::io("stdin", e))?;
        buf
    } else {
        std::fs::read(&file).map_err(|e| Error::io(&file, e))?
    };
    if bytes.len() as u64 > fx::MAX_BYTES {
        return Err(Error::input(format!(
            "{name}: larger than {} bytes; the ECB's full history is about 2 MB",
            fx::MAX_BYTES
        )));
    }
    // Checked whole before the store is opened: a bad file writes nothing.
    let sheet = fx::parse(&name, &bytes)?;
    let mut store = ctx.open_store_create()?;
    let imported = fx::import(&mut store, &sheet.rows)?;
    ctx.out.print(&Imported {
        file: Some(name),
        url: None,
        format: sheet.format,
        days_in_file: sheet.days,
        imported,
    })
}

fn run_fetch(ctx: &Context, history: bool) -> Result<()> {
    let (key, value) = if history {
        ("fx.history_url", ctx.config.fx.history_url.get())
    } else {
        ("fx.daily_url", ctx.config.fx.daily_url.get())
    };
    let url = fx::url(key, &value)?;
    ctx.out.status(&format!("ecb: downloading {url}"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("async runtime: {e}")))?;
    let bytes = rt.block_on(fx::download(&url, fx::TIMEOUT))?;
    // What the server sent is the server's fault, not the user's: exit 4.
    let sheet = fx::parse(&url, &bytes).map_err(|e| Error::api(e.to_string()))?;
    let mut store = ctx.open_store_create()?;
    let imported = fx::import(&mut store, &sheet.rows)?;
    ctx.out.print(&Imported {
        file: None,
        url: Some(url),
        format: sheet.format,
        days_in_file: sheet.days,
        imported,
    })
}

// ---------------------------------------------------------------------------------------------
// rate

struct RateShown {
    quote: Quote,
    amount: Option<(Money, Money)>,
}

impl RateShown {
    fn record(&self) -> wire::Rate {
        let q = &self.quote;
        wire::Rate {
            from: q.from,
            to: q.to,
            on: q.on.to_string(),
            rate: q.rate_text(),
            rate_exact: q.rate_is_exact(),
            day: q.day.to_string(),
            carried_days: q.carried_days(),
            basis: q.basis,
            from_per_eur: q.from_per_eur.map(|d| d.to_string()),
            to_per_eur: q.to_per_eur.map(|d| d.to_string()),
            amount: self.amount.map(|a| a.0),
            converted: self.amount.map(|a| a.1),
        }
    }
}

impl Render for RateShown {
    fn document(&self) -> Value {
        to_json(&wire::RateDoc {
            schema_version: SCHEMA_VERSION,
            record: self.record(),
        })
    }
    fn records(&self) -> Vec<Value> {
        vec![to_json(&self.record())]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = self.record();
        let q = &self.quote;
        let per_eur = |c: Currency, d: &Option<String>| match d {
            Some(t) => format!("{t} {c} per EUR"),
            None => "1 (the base)".to_string(),
        };
        let mut rows = vec![
            (
                "rate".to_string(),
                format!(
                    "{} {} per {}{}",
                    r.rate,
                    q.to,
                    q.from,
                    if r.rate_exact { "" } else { " (rounded)" }
                ),
            ),
            (
                "day".to_string(),
                if r.carried_days == 0 {
                    r.day.clone()
                } else {
                    format!(
                        "{} (for {}, {} day{} later)",
                        r.day,
                        r.on,
                        r.carried_days,
                        if r.carried_days == 1 { "" } else { "s" }
                    )
                },
            ),
            ("basis".to_string(), r.basis.to_string()),
        ];
        if q.basis == fx::Basis::Ecb {
            rows.push((q.from.code().to_string(), per_eur(q.from, &r.from_per_eur)));
            rows.push((q.to.code().to_string(), per_eur(q.to, &r.to_per_eur)));
        }
        if let Some((a, c)) = self.amount {
            rows.push(("amount".to_string(), a.display()));
            rows.push(("converted".to_string(), c.display()));
        }
        vec![Titled {
            title: Some(format!("{} to {} on {}", q.from, q.to, q.on)),
            table: table::key_values(opts, rows),
            note: None,
        }]
    }
}

fn run_rate(
    ctx: &Context,
    from: Currency,
    to: Currency,
    on: Option<jiff::civil::Date>,
    amount: Option<String>,
) -> Result<()> {
    let on = on.unwrap_or_else(|| ctx.today());
    let amount = amount
        .map(|text| {
            Money::parse_decimal(&text, from)
                .map_err(|e| Error::usage(format!("--amount {text:?}: {e}")))
        })
        .transpose()?;
    let quote = if from == to {
        Rates::default().quote(from, to, on)?
    } else {
        let store = ctx.open_store()?;
        let rates = Rates::load_between(store.conn(), on, on)?;
        rates.quote(from, to, on)?
    };
    let amount = match amount {
        Some(a) => Some((a, quote.apply(a.amount_minor)?.amount)),
        None => None,
    };
    ctx.out.print(&RateShown { quote, amount })
}

/// What `sellkit fx` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;

    use crate::fx::Basis;
    use crate::money::{Currency, Money};

    /// `sellkit fx import|fetch --json`: the record, and the currencies by code.
    #[derive(Serialize)]
    pub struct ImportDoc<'a> {
        pub schema_version: u32,
        #[serde(flatten)]
        pub record: Import<'a>,
        /// The currencies imported, sorted.
        pub currency_codes: &'a [Currency],
    }

    /// One import: its one NDJSON/CSV record.
    #[derive(Serialize)]
    pub struct Import<'a> {
        /// The file imported (`-` for stdin); null for `fetch`.
        pub file: Option<&'a str>,
        /// The address downloaded; null for `import`.
        pub url: Option<&'a str>,
        /// csv, xml or zip (of the CSV).
        pub format: &'a str,
        /// `ecb`.
        pub source: &'a str,
        /// Dated rows (CSV) or `<Cube time>` elements (XML) in the file, with a rate or not.
        pub days_in_file: usize,
        /// Days with at least one rate.
        pub days: usize,
        /// Currencies with at least one rate.
        pub currencies: usize,
        /// Rates in the file (N/A and empty cells are none).
        pub rates: usize,
        /// Rates not stored before.
        pub new_rates: usize,
        /// Stored rates whose text the file changed.
        pub changed_rates: usize,
        pub first_day: Option<String>,
        pub last_day: Option<String>,
    }

    /// `sellkit fx rate --json`.
    #[derive(Serialize)]
    pub struct RateDoc {
        pub schema_version: u32,
        #[serde(flatten)]
        pub record: Rate,
    }

    /// One rate: its one NDJSON/CSV record.
    #[derive(Serialize)]
    pub struct Rate {
        pub from: Currency,
        pub to: Currency,
        /// The day asked about.
        pub on: String,
        /// Units of `to` per 1 `from`, as decimal text.
        pub rate: String,
        /// Whether `rate` is exact (published) rather than a quotient rounded to 10 decimals.
        pub rate_exact: bool,
        /// The published day of the rate.
        pub day: String,
        /// Days from `day` to `on` (a weekend or holiday carried forward).
        pub carried_days: i64,
        /// ecb, or same_currency.
        pub basis: Basis,
        /// The published rates of both currencies (null for EUR, the base).
        pub from_per_eur: Option<String>,
        pub to_per_eur: Option<String>,
        /// `--amount` in `from`, and converted; null without `--amount`.
        pub amount: Option<Money>,
        pub converted: Option<Money>,
    }
}
