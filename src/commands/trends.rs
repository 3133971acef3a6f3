//! `sellkit trends`: rising products and keywords, scored with their evidence, and listing
//! drafts for the best of them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::agents::{Agent, LlmSettings, Runner};
use crate::cli::Context;
use crate::drafts;
use crate::env::ApiKey;
use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};
use crate::trends::fetch::{self, FetchRequest, Fetched, Keys, Scoring};
use crate::trends::import::{self, FileFormat};
use crate::trends::{self, Candidate, Filter, Params};

/// Rising products and keywords, scored with their evidence.
///
/// Without a subcommand, lists the candidates best first. Each score (0-100) adds up: growth of
/// the recent weeks against the same weeks last year (seasonally adjusted), a significant
/// Mann-Kendall trend, momentum, novelty against your catalogue; minus competition (active
/// listings on eBay/Etsy) and a penalty when no margin is feasible at the market's median price
/// with your typical unit cost. `--json` shows every statistic behind every score.
///
/// Sources: your own sales (refreshed on every run), imported Google Trends and feed files
/// (`trends import`), and Reddit mentions and eBay/Etsy searches (`trends fetch`).
///
/// Examples:
///   sellkit trends
///   sellkit trends --min-score 40 --json | jq '.candidates[] | {term, score, explanation}'
///   sellkit trends --source google_trends --since 2025-01-01
///   sellkit trends import multiTimeline.csv
///   sellkit trends fetch --source reddit --keyword "mushroom lamp"
///   sellkit trends draft --top 3
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<TrendsCommand>,
    #[command(flatten)]
    pub list: ListArgs,
}

#[derive(Debug, clap::Subcommand)]
pub enum TrendsCommand {
    /// List the scored candidates (the default)
    List(ListArgs),
    /// Pull the configured sources: your sales, Reddit mentions, eBay and Etsy searches
    ///
    /// Your sales are always refreshed. Reddit needs its app's client id (and secret for a
    /// script/web app) and trends.reddit.subreddits; eBay an application token
    /// (SELLKIT_EBAY_APP_TOKEN) or the app's client id and secret to mint one; Etsy the app's
    /// keystring; Amazon the SP-API app's client id, secret and refresh token (catalogue search
    /// and competitive pricing in amazon.marketplace_id). Credentials come from `sellkit auth login` or SELLKIT_<MARKETPLACE>_<FIELD>
    /// variables (SELLKIT_REDDIT_CLIENT_ID, SELLKIT_ETSY_API_KEY, ...). The keywords asked about are
    /// --keyword, trends.keywords and the trends.market_top best candidates. A source without
    /// credentials is skipped, unless asked for with --source (then exit 3).
    ///
    /// Examples:
    ///   sellkit trends fetch
    ///   sellkit trends fetch --source ebay --source etsy --keyword "frog planter"
    ///   sellkit trends fetch --source amazon --keyword "mushroom lamp"
    ///   SELLKIT_REDDIT_CLIENT_ID=... SELLKIT_REDDIT_CLIENT_SECRET=... sellkit trends fetch --source reddit
    #[command(verbatim_doc_comment)]
    Fetch(FetchArgs),
    /// Import a Google Trends CSV export or a (term, date, value) feed as CSV or JSON
    ///
    /// The format is detected: a trends.google.com "Interest over time" download
    /// (multiTimeline.csv: "Category: ..." line, blank line, "Week,term: (Region),..."; "<1"
    /// reads as 0.5), a CSV whose header names term, date and value (optional metric), or JSON
    /// ([{"term": ..., "date": "YYYY-MM-DD", "value": N}, ...]). The whole file is checked
    /// before anything is written. Use - for stdin.
    ///
    /// Examples:
    ///   sellkit trends import ~/Downloads/multiTimeline.csv
    ///   sellkit trends import keywords.csv --source keyword-tool
    ///   curl -s https://example.com/feed.json | sellkit trends import - --file-format json
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
    /// Turn the best candidates into new-listing drafts (one per marketplace) for review
    ///
    /// The listing writer (offline rules unless llm.base_url is set) writes the copy; the
    /// draft's rationale is the trend evidence, its confidence the writer's scaled by the
    /// score. Candidates your catalogue already covers are skipped.
    ///
    /// Examples:
    ///   sellkit trends draft --top 3
    ///   sellkit trends draft --top 1 --marketplace etsy --dry-run --json
    #[command(verbatim_doc_comment)]
    Draft(DraftArgs),
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ListArgs {
    /// Only signals from this source (repeatable): store, demo, google_trends, feed, reddit, ebay, etsy, amazon, ...
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
    /// Only time-series signals observed on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_date)]
    pub since: Option<jiff::civil::Date>,
    /// Only candidates scoring at least this (0-100)
    #[arg(long, value_name = "SCORE", default_value_t = 0.0)]
    pub min_score: f64,
    /// At most this many candidates
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// Only this source (repeatable)
    #[arg(long, value_name = "SOURCE", value_parser = ["store", "reddit", "ebay", "etsy", "amazon"])]
    pub source: Vec<String>,
    /// Also ask about this keyword (repeatable)
    #[arg(long, value_name = "KEYWORD")]
    pub keyword: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The file (- for stdin)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The file's format
    #[arg(
        long = "file-format",
        value_enum,
        value_name = "FORMAT",
        default_value = "auto"
    )]
    pub file_format: FileFormat,
    /// Source name for a generic feed (Google Trends files are always google_trends)
    #[arg(long, value_name = "NAME", default_value = import::FEED)]
    pub source: String,
}

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// Draft the best N candidates
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub top: usize,
    /// Only this marketplace (repeatable; default: every marketplace you have a shop on)
    #[arg(long, value_name = "MARKETPLACE", value_parser = ["etsy", "shopify", "amazon", "ebay"])]
    pub marketplace: Vec<String>,
    /// Only candidates scoring at least this (0-100)
    #[arg(long, value_name = "SCORE", default_value_t = 40.0)]
    pub min_score: f64,
    /// Show the drafts without queuing them
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.command {
        None => run_list(ctx, args.list),
        Some(TrendsCommand::List(a)) => run_list(ctx, a),
        Some(TrendsCommand::Fetch(a)) => run_fetch(ctx, a),
        Some(TrendsCommand::Import(a)) => run_import(ctx, a),
        Some(TrendsCommand::Draft(a)) => run_draft(ctx, a),
    }
}

fn params(ctx: &Context) -> Params {
    Params {
        recent_weeks: *ctx.config.trends.recent_weeks as usize,
        trend_weeks: *ctx.config.trends.trend_weeks as usize,
        ..Params::default()
    }
}

/// How this run scores the stored signals.
fn scoring(ctx: &Context) -> Scoring {
    Scoring {
        params: params(ctx),
        today: ctx.today(),
        min_margin_bp: *ctx.config.pricing.min_margin_bp,
        now: crate::time::rfc3339(ctx.now),
    }
}

struct Listed {
    scored_at: String,
    params: Params,
    candidates: Vec<Candidate>,
    currency: Currency,
}

fn money_cell(minor: Option<i64>, currency: Currency) -> String {
    minor.map_or("—".into(), |m| Money::new(m, currency).display())
}

impl Render for Listed {
    fn document(&self) -> Value {
        to_json(&wire::List {
            schema_version: SCHEMA_VERSION,
            scored_at: &self.scored_at,
            params: &self.params,
            candidates: &self.candidates,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.candidates
            .iter()
            .map(|c| to_json(&wire::CandidateRecord::of(c)))
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .candidates
            .iter()
            .map(|c| {
                let mk = &c.best.mann_kendall;
                let m = c.market.iter().find(|m| m.price_median_minor.is_some());
                vec![
                    c.rank.to_string(),
                    sanitize::one_line(&if c.kind == "sku" {
                        format!("{} ({})", c.term, c.label)
                    } else {
                        c.term.clone()
                    }),
                    c.kind.to_string(),
                    format!("{:.1}", c.score),
                    c.best.source.clone(),
                    table::percent(Some(c.best.growth_bp)),
                    format!("{:.2}", mk.z),
                    if mk.p_value < 0.0001 {
                        "<0.0001".into()
                    } else {
                        format!("{:.4}", mk.p_value)
                    },
                    table::percent(Some(c.best.momentum_bp)),
                    c.competition_listings.map_or("—".into(), table::count),
                    money_cell(m.and_then(|m| m.price_median_minor), self.currency),
                    m.and_then(|m| m.margin_bp)
                        .map_or("—".into(), |b| table::percent(Some(b))),
                    if c.novelty.in_catalogue {
                        "no".into()
                    } else {
                        table::percent(Some(c.novelty.novel_words_bp))
                    },
                ]
            })
            .collect();
        vec![Titled {
            title: Some(format!("Trend candidates (scored {})", self.scored_at)),
            table: table::build(
                opts,
                &[
                    ("#", Align::Right),
                    ("term", Align::Left),
                    ("kind", Align::Left),
                    ("score", Align::Right),
                    ("source", Align::Left),
                    ("growth", Align::Right),
                    ("mk_z", Align::Right),
                    ("p", Align::Right),
                    ("momentum", Align::Right),
                    ("listings", Align::Right),
                    ("median price", Align::Right),
                    ("margin", Align::Right),
                    ("new", Align::Right),
                ],
                rows,
            ),
            note: self.candidates.is_empty().then(|| {
                "No candidates: run `sellkit sync demo`, import a Google Trends file (`sellkit trends import FILE`) or `sellkit trends fetch`.".to_string()
            }),
        }]
    }
}

fn run_list(ctx: &Context, args: ListArgs) -> Result<()> {
    if !(0.0..=100.0).contains(&args.min_score) {
        return Err(Error::usage(format!(
            "--min-score {}: use a score from 0 to 100",
            args.min_score
        )));
    }
    let mut store = ctx.open_store()?;
    let filter = Filter {
        sources: args.source.clone(),
        since: args.since,
    };
    let mut candidates = fetch::score_all(&mut store, &filter, &scoring(ctx))?;
    candidates.retain(|c| c.score >= args.min_score);
    if let Some(n) = args.limit {
        candidates.truncate(n);
    }
    ctx.out.print(&Listed {
        scored_at: crate::time::rfc3339(ctx.now),
        params: params(ctx),
        candidates,
        currency: fetch::currency(&ctx.config.trends)?,
    })
}

// ---------------------------------------------------------------------------------------------
// fetch

impl Render for Fetched {
    fn document(&self) -> Value {
        to_json(&wire::Fetch {
            schema_version: SCHEMA_VERSION,
            sources: &self.rows,
            keywords: &self.keywords,
            market: &self.searches,
            reddit: self.reddit.as_ref(),
        })
    }
    fn records(&self) -> Vec<Value> {
        self.rows.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.source.clone(),
                    r.status.to_string(),
                    r.signals.to_string(),
                    sanitize::one_line(&r.detail),
                ]
            })
            .collect();
        vec![Titled {
            title: Some("Trend sources".into()),
            table: table::build(
                opts,
                &[
                    ("source", Align::Left),
                    ("status", Align::Left),
                    ("signals", Align::Right),
                    ("detail", Align::Left),
                ],
                rows,
            ),
            note: None,
        }]
    }
}

/// The outside sources' credentials: the environment, then the credential store.
struct ContextKeys<'a>(&'a Context);

impl Keys for ContextKeys<'_> {
    fn field(&self, service: &str, field: &str) -> Result<Option<ApiKey>> {
        self.0.credential_field(service, field)
    }
    fn ebay_app_token(&self) -> Option<ApiKey> {
        self.0.env.ebay_app_token.clone()
    }
    fn amazon(&self) -> Result<crate::auth::Credentials> {
        self.0.credentials("amazon")
    }
}

fn run_fetch(ctx: &Context, args: FetchArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let status = |line: &str| ctx.out.status(line);
    let req = FetchRequest {
        sources: &args.source,
        keywords: &args.keyword,
        trends: &ctx.config.trends,
        amazon: &ctx.config.amazon,
        sync: &ctx.config.sync,
        scoring: scoring(ctx),
        now: ctx.now,
        status: &status,
    };
    let fetched = fetch::fetch(&mut store, &req, &ContextKeys(ctx))?;
    ctx.out.print(&fetched)?;
    ctx.out
        .status("run `sellkit trends` to see the scored candidates");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// import

struct Imported {
    file: String,
    format: FileFormat,
    source: String,
    signals: usize,
    terms: Vec<String>,
    first: Option<String>,
    last: Option<String>,
}

impl Render for Imported {
    fn document(&self) -> Value {
        to_json(&wire::Import {
            schema_version: SCHEMA_VERSION,
            file: &self.file,
            format: self.format,
            source: &self.source,
            signals: self.signals,
            terms: &self.terms,
            first_date: self.first.as_deref(),
            last_date: self.last.as_deref(),
        })
    }
    fn records(&self) -> Vec<Value> {
        vec![to_json(&wire::ImportRecord {
            file: &self.file,
            format: self.format,
            source: &self.source,
            signals: self.signals,
            terms: self.terms.join(";"),
            first_date: self.first.as_deref(),
            last_date: self.last.as_deref(),
        })]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = vec![
            ("file".to_string(), sanitize::one_line(&self.file)),
            (
                "format".to_string(),
                serde_json::to_value(self.format)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            ),
            ("source".to_string(), self.source.clone()),
            ("signals".to_string(), self.signals.to_string()),
            (
                "terms".to_string(),
                sanitize::one_line(&self.terms.join(", ")),
            ),
            (
                "dates".to_string(),
                format!(
                    "{} to {}",
                    self.first.as_deref().unwrap_or("—"),
                    self.last.as_deref().unwrap_or("—")
                ),
            ),
        ];
        vec![Titled {
            title: Some("Trend signals imported".into()),
            table: table::key_values(opts, rows),
            note: None,
        }]
    }
}

fn valid_source_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn run_import(ctx: &Context, args: ImportArgs) -> Result<()> {
    if !valid_source_name(&args.source) {
        return Err(Error::usage(format!(
            "--source {:?}: use lower-case letters, digits, - and _",
            args.source
        )));
    }
    if [
        "store",
        "demo",
        "reddit",
        "ebay",
        "etsy",
        "amazon",
        import::GOOGLE_TRENDS,
    ]
    .contains(&args.source.as_str())
    {
        return Err(Error::usage(format!(
            "--source {}: that name belongs to a built-in source; pick another (e.g. feed)",
            args.source
        )));
    }
    let name = args.file.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| Error::io("stdin", e))?;
        buf
    } else {
        std::fs::read(&args.file).map_err(|e| Error::io(&args.file, e))?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "{name}: not UTF-8 text (byte {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let parsed = import::parse(&name, &text, args.file_format, &args.source)?;
    if parsed.signals.is_empty() {
        return Err(Error::input(format!("{name}: no data rows")));
    }
    let mut store = ctx.open_store_create()?;
    let source = parsed.signals[0].source.clone();
    let started = crate::time::rfc3339(ctx.now);
    let n = fetch::store_signals(&mut store, &source, &started, &started, &parsed.signals)?;
    let terms: BTreeSet<String> = parsed.signals.iter().map(|s| s.term.clone()).collect();
    let first = parsed.signals.iter().map(|s| s.observed_at).min();
    let last = parsed.signals.iter().map(|s| s.observed_at).max();
    ctx.out.print(&Imported {
        file: name,
        format: parsed.format,
        source,
        signals: n,
        terms: terms.into_iter().collect(),
        first: first.map(|d| d.to_string()),
        last: last.map(|d| d.to_string()),
    })
}

// ---------------------------------------------------------------------------------------------
// draft

struct Drafted {
    report: trends::draft::DraftReport,
    provider: &'static str,
    model: String,
    dry_run: bool,
    pending: i64,
}

impl Render for Drafted {
    fn document(&self) -> Value {
        to_json(&wire::Draft {
            schema_version: SCHEMA_VERSION,
            agent: Agent::ListingWriter.name(),
            provider: self.provider,
            model: &self.model,
            dry_run: self.dry_run,
            drafts: &self.report.drafts,
            skipped: &self.report.skipped,
            drafts_waiting: self.pending,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.report.drafts.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .report
            .drafts
            .iter()
            .map(|d| {
                vec![
                    d.draft_id.map_or("-".into(), |i| i.to_string()),
                    d.status.to_string(),
                    sanitize::one_line(&d.term),
                    format!("{:.1}", d.score),
                    d.marketplace.clone(),
                    d.sku.clone(),
                    sanitize::one_line(&d.title),
                    table::percent(Some(d.confidence_bp)),
                ]
            })
            .collect();
        let mut skipped = self
            .report
            .skipped
            .iter()
            .take(8)
            .map(|s| format!("{} ({})", s.term, s.reason))
            .collect::<Vec<_>>();
        if self.report.skipped.len() > 8 {
            skipped.push(format!(
                "and {} more (see --json)",
                self.report.skipped.len() - 8
            ));
        }
        vec![Titled {
            title: Some(format!(
                "New-listing drafts from trends by {} ({} {})",
                Agent::ListingWriter.name(),
                self.provider,
                self.model
            )),
            table: table::build(
                opts,
                &[
                    ("draft", Align::Right),
                    ("status", Align::Left),
                    ("term", Align::Left),
                    ("score", Align::Right),
                    ("marketplace", Align::Left),
                    ("sku", Align::Left),
                    ("title", Align::Left),
                    ("confidence", Align::Right),
                ],
                rows,
            ),
            note: (!skipped.is_empty())
                .then(|| sanitize::one_line(&format!("Skipped: {}.", skipped.join(", ")))),
        }]
    }
}

fn run_draft(ctx: &Context, args: DraftArgs) -> Result<()> {
    if args.top == 0 {
        return Err(Error::usage("--top 0: ask for at least one candidate"));
    }
    let settings = LlmSettings::from_config(&ctx.config.llm)?;
    let runner = Runner::new(settings, &ctx.env)?;
    let mut store = ctx.open_store()?;
    let mut candidates = fetch::score_all(&mut store, &Filter::default(), &scoring(ctx))?;
    candidates.retain(|c| c.score >= args.min_score);
    let now = crate::time::rfc3339(ctx.now);
    let bar = ctx.out.progress();
    let req = trends::draft::DraftRequest {
        top: args.top,
        marketplaces: &args.marketplace,
        today: ctx.today(),
        now: &now,
        dry_run: args.dry_run,
    };
    let report = trends::draft::draft(&mut store, &runner, &candidates, &req, &bar)?;
    if let Some((subject, failure)) = report.failures.first() {
        return Err(failure.to_error(Agent::ListingWriter, subject));
    }
    let pending = drafts::pending_total(store.conn())?;
    let result = Drafted {
        report,
        provider: runner.provider_name(),
        model: runner.model().to_string(),
        dry_run: args.dry_run,
        pending,
    };
    ctx.out.print(&result)?;
    if result.report.drafts.is_empty() {
        ctx.out.status(
            "no drafts: no candidate outside your catalogue (see `sellkit trends`), or no shop to list on",
        );
    }
    ctx.out.status(&drafts::waiting_line(pending));
    Ok(())
}

/// The JSON documents and records of `sellkit trends`, declared once: the snapshots in
/// tests/it/cli/wire.rs show any change.
mod wire {
    use serde::Serialize;

    use crate::trends::draft::{Skipped, TrendDraft};
    use crate::trends::fetch::SourceRow;
    use crate::trends::import::FileFormat;
    use crate::trends::market::SearchResult;
    use crate::trends::reddit::RedditReport;
    use crate::trends::stats::Baseline;
    use crate::trends::{Candidate, Params};

    /// `sellkit trends --json`.
    #[derive(Serialize)]
    pub struct List<'a> {
        pub schema_version: u32,
        pub scored_at: &'a str,
        pub params: &'a Params,
        pub candidates: &'a [Candidate],
    }

    /// One candidate as an NDJSON/CSV record: flat, its best series' statistics inline.
    #[derive(Serialize)]
    pub struct CandidateRecord<'a> {
        pub rank: usize,
        pub term: &'a str,
        pub kind: &'a str,
        pub label: &'a str,
        pub score: f64,
        pub source: &'a str,
        pub metric: &'a str,
        pub growth_bp: i64,
        pub baseline: &'a Baseline,
        pub mk_s: i64,
        pub mk_var_s: f64,
        pub mk_z: f64,
        pub mk_p_value: f64,
        pub significant: bool,
        pub momentum_bp: i64,
        pub competition_listings: Option<i64>,
        /// From the first market snapshot that has a median price.
        pub price_median_minor: Option<i64>,
        pub margin_bp: Option<i64>,
        pub margin_feasible: Option<bool>,
        pub novel_words_bp: i64,
        pub in_catalogue: bool,
        pub explanation: &'a str,
    }

    impl<'a> CandidateRecord<'a> {
        pub fn of(c: &'a Candidate) -> CandidateRecord<'a> {
            let m = c.market.iter().find(|m| m.price_median_minor.is_some());
            let b = &c.best;
            CandidateRecord {
                rank: c.rank,
                term: &c.term,
                kind: c.kind,
                label: &c.label,
                score: c.score,
                source: &b.source,
                metric: &b.metric,
                growth_bp: b.growth_bp,
                baseline: &b.growth.baseline,
                mk_s: b.mann_kendall.s,
                mk_var_s: b.mann_kendall.var_s,
                mk_z: b.mann_kendall.z,
                mk_p_value: b.mann_kendall.p_value,
                significant: b.significant,
                momentum_bp: b.momentum_bp,
                competition_listings: c.competition_listings,
                price_median_minor: m.and_then(|m| m.price_median_minor),
                margin_bp: m.and_then(|m| m.margin_bp),
                margin_feasible: m.and_then(|m| m.margin_feasible),
                novel_words_bp: c.novelty.novel_words_bp,
                in_catalogue: c.novelty.in_catalogue,
                explanation: &c.explanation,
            }
        }
    }

    /// `sellkit trends fetch --json`.
    #[derive(Serialize)]
    pub struct Fetch<'a> {
        pub schema_version: u32,
        pub sources: &'a [SourceRow],
        pub keywords: &'a [String],
        pub market: &'a [SearchResult],
        pub reddit: Option<&'a RedditReport>,
    }

    /// `sellkit trends import --json`.
    #[derive(Serialize)]
    pub struct Import<'a> {
        pub schema_version: u32,
        pub file: &'a str,
        pub format: FileFormat,
        pub source: &'a str,
        pub signals: usize,
        pub terms: &'a [String],
        pub first_date: Option<&'a str>,
        pub last_date: Option<&'a str>,
    }

    /// The import as one NDJSON/CSV record (terms joined with `;`).
    #[derive(Serialize)]
    pub struct ImportRecord<'a> {
        pub file: &'a str,
        pub format: FileFormat,
        pub source: &'a str,
        pub signals: usize,
        pub terms: String,
        pub first_date: Option<&'a str>,
        pub last_date: Option<&'a str>,
    }

    /// `sellkit trends draft --json`.
    #[derive(Serialize)]
    pub struct Draft<'a> {
        pub schema_version: u32,
        pub agent: &'a str,
        pub provider: &'a str,
        pub model: &'a str,
        pub dry_run: bool,
        pub drafts: &'a [TrendDraft],
        pub skipped: &'a [Skipped],
        pub drafts_waiting: i64,
    }
}
