//! `sellkit trends`: rising products and keywords, scored with their evidence, and listing
//! drafts for the best of them.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::agents::{Agent, LlmSettings, Runner};
use crate::cli::Context;
use crate::drafts;
use crate::env::ApiKey;
use crate::error::{Error, Result};
use crate::marketplaces::api::amazon::{AmazonConfig, AmazonConnector};
use crate::money::{Currency, Money};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table};
use crate::store::Store;
use crate::trends::import::{self, FileFormat};
use crate::trends::market::{self, EbayApp, SearchConfig};
use crate::trends::reddit::{self, RedditConfig};
use crate::trends::{self, Candidate, Catalogue, Filter, Params, ScoreContext, store_source};

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

fn params(ctx: &Context) -> Result<Params> {
    Ok(Params {
        recent_weeks: ctx.settings.get_i64("trends.recent_weeks")? as usize,
        trend_weeks: ctx.settings.get_i64("trends.trend_weeks")? as usize,
        ..Params::default()
    })
}

/// Refreshes the store's own signals (unless filtered out) and scores everything.
fn score_all(ctx: &Context, store: &mut Store, filter: &Filter) -> Result<Vec<Candidate>> {
    if filter.sources.is_empty() || filter.sources.iter().any(|s| s == store_source::SOURCE) {
        store_source::refresh(store, ctx.today(), &crate::time::rfc3339(ctx.now))?;
    }
    score_and_save(ctx, store, filter)
}

/// Scores the stored signals; an unfiltered scoring replaces the saved candidates.
fn score_and_save(ctx: &Context, store: &mut Store, filter: &Filter) -> Result<Vec<Candidate>> {
    let catalogue = Catalogue::load(store, ctx.today())?;
    let sctx = ScoreContext {
        catalogue: &catalogue,
        params: params(ctx)?,
        today: ctx.today(),
        min_margin_bp: ctx.settings.get_i64("pricing.min_margin_bp")?,
    };
    let candidates = trends::score(store, filter, &sctx)?;
    if filter.sources.is_empty() && filter.since.is_none() {
        let now = crate::time::rfc3339(ctx.now);
        store.write(|tx| trends::save_candidates(tx, &candidates, &now))?;
    }
    Ok(candidates)
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

fn record(c: &Candidate) -> Value {
    let m = c.market.iter().find(|m| m.price_median_minor.is_some());
    json!({
        "rank": c.rank,
        "term": c.term,
        "kind": c.kind,
        "label": c.label,
        "score": c.score,
        "source": c.best.source,
        "metric": c.best.metric,
        "growth_bp": c.best.growth_bp,
        "baseline": c.best.growth.baseline,
        "mk_s": c.best.mann_kendall.s,
        "mk_var_s": c.best.mann_kendall.var_s,
        "mk_z": c.best.mann_kendall.z,
        "mk_p_value": c.best.mann_kendall.p_value,
        "significant": c.best.significant,
        "momentum_bp": c.best.momentum_bp,
        "competition_listings": c.competition_listings,
        "price_median_minor": m.and_then(|m| m.price_median_minor),
        "margin_bp": m.and_then(|m| m.margin_bp),
        "margin_feasible": m.and_then(|m| m.margin_feasible),
        "novel_words_bp": c.novelty.novel_words_bp,
        "in_catalogue": c.novelty.in_catalogue,
        "explanation": c.explanation,
    })
}

impl Render for Listed {
    fn document(&self) -> Value {
        json!({
            "schema_version": SCHEMA_VERSION,
            "scored_at": self.scored_at,
            "params": self.params,
            "candidates": self.candidates,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.candidates.iter().map(record).collect()
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

fn trends_currency(ctx: &Context) -> Result<Currency> {
    let text = ctx
        .settings
        .get_text("trends.currency")?
        .unwrap_or_else(|| "USD".into());
    text.parse::<Currency>().map_err(|_| {
        Error::config(format!(
            "trends.currency = {text:?} is not a currency code; e.g. `sellkit config set trends.currency USD`"
        ))
    })
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
    let mut candidates = score_all(ctx, &mut store, &filter)?;
    candidates.retain(|c| c.score >= args.min_score);
    if let Some(n) = args.limit {
        candidates.truncate(n);
    }
    ctx.out.print(&Listed {
        scored_at: crate::time::rfc3339(ctx.now),
        params: params(ctx)?,
        candidates,
        currency: trends_currency(ctx)?,
    })
}

// ---------------------------------------------------------------------------------------------
// fetch

#[derive(serde::Serialize)]
struct SourceRow {
    source: String,
    status: &'static str,
    signals: usize,
    detail: String,
}

struct Fetched {
    rows: Vec<SourceRow>,
    keywords: Vec<String>,
    searches: Vec<market::SearchResult>,
    reddit: Option<reddit::RedditReport>,
}

impl Render for Fetched {
    fn document(&self) -> Value {
        json!({
            "schema_version": SCHEMA_VERSION,
            "sources": self.rows,
            "keywords": self.keywords,
            "market": self.searches,
            "reddit": self.reddit,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|r| serde_json::to_value(r).unwrap_or_default())
            .collect()
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

fn list_setting(ctx: &Context, key: &str) -> Result<Vec<String>> {
    Ok(ctx
        .settings
        .get_text(key)?
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().trim_start_matches("r/").to_string())
        .filter(|s| !s.is_empty())
        .collect())
}

fn user_agent(ctx: &Context) -> Result<String> {
    Ok(ctx
        .settings
        .get_text("trends.reddit.user_agent")?
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            format!(
                "cli:sellkit:{} (seller trend research)",
                env!("CARGO_PKG_VERSION")
            )
        }))
}

/// A credential field: its `SELLKIT_<SERVICE>_<FIELD>` variable, else the credential store
/// (`sellkit auth login`).
fn credential(ctx: &Context, service: &str, field: &str) -> Result<Option<ApiKey>> {
    if let Some(v) = ctx
        .env
        .credentials
        .0
        .get(&crate::auth::env_var(service, field))
    {
        return Ok(Some(ApiKey(v.clone())));
    }
    let spec = crate::auth::service(service)?;
    let store = ctx.keystore()?;
    let creds = crate::auth::Credentials::load(spec, &ctx.env.credentials.0, &store)?;
    Ok(creds.get(field).map(|s| ApiKey(s.expose().to_string())))
}

fn url_setting(ctx: &Context, key: &str) -> Result<String> {
    let text = ctx.settings.get_text(key)?.unwrap_or_default();
    trends::http::base_url(key, &text)
}

/// Writes one source's signals and its fetch record in one transaction.
fn store_signals(
    store: &mut Store,
    source: &str,
    started: &str,
    finished: &str,
    signals: &[trends::Signal],
) -> Result<usize> {
    store.write(|tx| {
        let n = trends::insert_signals(tx, signals)?;
        trends::record_fetch(
            tx,
            source,
            started,
            finished,
            &json!({"trend_signals": n}),
            "ok",
        )?;
        Ok(n)
    })
}

fn run_fetch(ctx: &Context, args: FetchArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let asked = |s: &str| args.source.is_empty() || args.source.iter().any(|a| a == s);
    let explicit = |s: &str| args.source.iter().any(|a| a == s);
    let mut rows = Vec::new();
    // SELLKIT_NOW pins these too, so runs stay reproducible.
    let now = || crate::time::rfc3339(ctx.now);
    // The store first: its scoring picks the top candidates asked about elsewhere.
    let candidates = if asked("store") {
        let refreshed = store_source::refresh(&mut store, ctx.today(), &now())?;
        rows.push(SourceRow {
            source: "store".into(),
            status: "ok",
            signals: match refreshed {
                store_source::Refreshed::Written(n) => n,
                store_source::Refreshed::Unchanged => 0,
            },
            detail: match refreshed {
                store_source::Refreshed::Written(_) => "weekly units per SKU and keyword".into(),
                store_source::Refreshed::Unchanged => {
                    "unchanged since the last refresh (no new orders or listings)".into()
                }
            },
        });
        score_and_save(ctx, &mut store, &Filter::default())?
    } else {
        score_and_save(ctx, &mut store, &Filter::default())?
    };
    let mut keywords: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let top = ctx.settings.get_i64("trends.market_top")? as usize;
    let from_top = candidates
        .iter()
        .filter(|c| c.kind == "keyword" && c.score > 0.0)
        .take(top)
        .map(|c| c.term.clone());
    for k in args
        .keyword
        .iter()
        .cloned()
        .chain(list_setting(ctx, "trends.keywords")?)
        .chain(from_top)
    {
        let n = trends::normalize_term(&k);
        if !n.is_empty() && seen.insert(n) {
            keywords.push(k.trim().to_string());
        }
    }
    let mut reddit_report = None;
    if asked("reddit") {
        let subs = list_setting(ctx, "trends.reddit.subreddits")?;
        // An installed app has no secret: the installed-client grant is used then.
        let id = match credential(ctx, "reddit", "client_id") {
            Ok(id) => id,
            Err(e) if explicit("reddit") => return Err(e),
            Err(_) => None,
        };
        let secret = if id.is_some() {
            credential(ctx, "reddit", "client_secret")?
        } else {
            None
        };
        match (&id, subs.is_empty()) {
            (Some(id), false) if !keywords.is_empty() => {
                let cfg = RedditConfig {
                    auth_url: url_setting(ctx, "trends.reddit.auth_url")?,
                    api_url: url_setting(ctx, "trends.reddit.api_url")?,
                    user_agent: user_agent(ctx)?,
                    client_id: id.expose().to_string(),
                    client_secret: secret,
                    subreddits: subs,
                    keywords: keywords.clone(),
                    mode: ctx
                        .settings
                        .get_text("trends.reddit.mode")?
                        .unwrap_or_else(|| "search".into()),
                    max_pages: ctx.settings.get_i64("trends.reddit.max_pages")? as usize,
                };
                let started = now();
                ctx.out.status(&format!(
                    "reddit: {} keyword(s) in {} subreddit(s)",
                    cfg.keywords.len(),
                    cfg.subreddits.len()
                ));
                let (signals, report) = reddit::fetch(&cfg)?;
                let n = store_signals(&mut store, reddit::SOURCE, &started, &now(), &signals)?;
                rows.push(SourceRow {
                    source: "reddit".into(),
                    status: "ok",
                    signals: n,
                    detail: format!(
                        "{} mention(s) in {} post(s), {} request(s)",
                        report.mentions, report.posts_seen, report.requests
                    ),
                });
                reddit_report = Some(report);
            }
            (id, no_subs) => {
                let why = if id.is_none() {
                    "set SELLKIT_REDDIT_CLIENT_ID (and SELLKIT_REDDIT_CLIENT_SECRET) or run `sellkit auth login reddit`"
                } else if no_subs {
                    "set trends.reddit.subreddits"
                } else {
                    "no keywords: set trends.keywords or pass --keyword"
                };
                if explicit("reddit") {
                    return Err(Error::config(format!("reddit: {why}")));
                }
                rows.push(SourceRow {
                    source: "reddit".into(),
                    status: "skipped",
                    signals: 0,
                    detail: why.into(),
                });
            }
        }
    }
    let currency = trends_currency(ctx)?;
    let mut searches = Vec::new();
    for (source, key) in [
        ("ebay", "trends.ebay.base_url"),
        ("etsy", "trends.etsy.base_url"),
    ] {
        if !asked(source) {
            continue;
        }
        // eBay: an application token, or the app's client id and secret to mint one.
        // Etsy: the app's keystring. Environment first, then the credential store.
        let found: Result<(Option<ApiKey>, Option<EbayApp>)> = if source == "ebay" {
            match &ctx.env.ebay_app_token {
                Some(t) => Ok((Some(t.clone()), None)),
                None => match (
                    credential(ctx, "ebay", "client_id"),
                    credential(ctx, "ebay", "client_secret"),
                ) {
                    (Ok(Some(id)), Ok(Some(secret))) => Ok((
                        Some(ApiKey(String::new())),
                        Some(EbayApp {
                            client_id: id.expose().to_string(),
                            client_secret: secret,
                        }),
                    )),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                    _ => Ok((None, None)),
                },
            }
        } else {
            credential(ctx, "etsy", "api_key").map(|k| (k, None))
        };
        let why = match (&found, keywords.is_empty()) {
            (Err(e), _) => Some(e.to_string()),
            (Ok((None, _)), _) => Some(if source == "ebay" {
                format!(
                    "set {} (or SELLKIT_EBAY_CLIENT_ID and SELLKIT_EBAY_CLIENT_SECRET, or `sellkit auth login ebay`)",
                    crate::env::SELLKIT_EBAY_APP_TOKEN
                )
            } else {
                "set SELLKIT_ETSY_API_KEY or run `sellkit auth login etsy`".to_string()
            }),
            (_, true) => Some("no keywords: set trends.keywords or pass --keyword".into()),
            _ => None,
        };
        if let Some(why) = why {
            if explicit(source) {
                return Err(Error::config(format!("{source}: {why}")));
            }
            rows.push(SourceRow {
                source: source.into(),
                status: "skipped",
                signals: 0,
                detail: why,
            });
            continue;
        }
        let Ok((Some(credential), app)) = found else {
            continue;
        };
        let cfg = SearchConfig {
            source,
            base_url: url_setting(ctx, key)?,
            credential,
            marketplace_id: ctx
                .settings
                .get_text("trends.ebay.marketplace_id")?
                .unwrap_or_else(|| "EBAY_US".into()),
            currency,
        };
        let started = now();
        ctx.out.status(&format!(
            "{source}: searching {} keyword(s)",
            keywords.len()
        ));
        let (signals, results) = market::search(cfg, app.as_ref(), &keywords, ctx.today())?;
        let n = store_signals(&mut store, source, &started, &now(), &signals)?;
        rows.push(SourceRow {
            source: source.into(),
            status: "ok",
            signals: n,
            detail: format!("{} keyword search(es)", results.len()),
        });
        searches.extend(results);
    }
    if asked("amazon") {
        // The SP-API app's LWA credentials, as for `sellkit sync amazon`.
        let creds = if keywords.is_empty() {
            Err(Error::config(
                "no keywords: set trends.keywords or pass --keyword",
            ))
        } else {
            ctx.credentials("amazon")
        };
        match creds {
            Err(e) if explicit("amazon") => return Err(e),
            Err(e) => rows.push(SourceRow {
                source: "amazon".into(),
                status: "skipped",
                signals: 0,
                detail: e.to_string(),
            }),
            Ok(creds) => {
                let cfg = AmazonConfig::from_settings(&ctx.settings)?;
                let client = crate::marketplaces::api::client_config(&ctx.settings)?;
                let conn = AmazonConnector::new(cfg, creds, ctx.now, client)?;
                let started = now();
                ctx.out.status(&format!(
                    "amazon: searching the catalogue for {} keyword(s)",
                    keywords.len()
                ));
                let (signals, results) =
                    market::search_amazon(conn, &keywords, currency, ctx.today())?;
                let n = store_signals(&mut store, "amazon", &started, &now(), &signals)?;
                rows.push(SourceRow {
                    source: "amazon".into(),
                    status: "ok",
                    signals: n,
                    detail: format!("{} catalogue search(es)", results.len()),
                });
                searches.extend(results);
            }
        }
    }
    ctx.out.print(&Fetched {
        rows,
        keywords,
        searches,
        reddit: reddit_report,
    })?;
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
        json!({
            "schema_version": SCHEMA_VERSION,
            "file": self.file,
            "format": self.format,
            "source": self.source,
            "signals": self.signals,
            "terms": self.terms,
            "first_date": self.first,
            "last_date": self.last,
        })
    }
    fn records(&self) -> Vec<Value> {
        let mut d = self.document();
        if let Some(o) = d.as_object_mut() {
            o.remove("schema_version");
            o.insert("terms".into(), json!(self.terms.join(";")));
        }
        vec![d]
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
    let n = store_signals(&mut store, &source, &started, &started, &parsed.signals)?;
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
        json!({
            "schema_version": SCHEMA_VERSION,
            "agent": Agent::ListingWriter.name(),
            "provider": self.provider,
            "model": self.model,
            "dry_run": self.dry_run,
            "drafts": self.report.drafts,
            "skipped": self.report.skipped,
            "drafts_waiting": self.pending,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.report
            .drafts
            .iter()
            .map(|d| serde_json::to_value(d).unwrap_or_default())
            .collect()
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
    let settings = LlmSettings::from_settings(&ctx.settings)?;
    let runner = Runner::new(settings, &ctx.env)?;
    let mut store = ctx.open_store()?;
    let mut candidates = score_all(ctx, &mut store, &Filter::default())?;
    candidates.retain(|c| c.score >= args.min_score);
    let now = crate::time::rfc3339(ctx.now);
    let bar = ctx.out.progress();
    let report = trends::draft::draft(
        &mut store,
        &runner,
        &candidates,
        args.top,
        &args.marketplace,
        ctx.today(),
        &now,
        args.dry_run,
        &bar,
    )?;
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
