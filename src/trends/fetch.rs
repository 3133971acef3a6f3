//! `trends fetch`: pulls the configured sources (the store's own sales, Reddit mentions, eBay,
//! Etsy and Amazon searches) and stores each source's signals in one transaction.
//!
//! A source that lacks credentials, subreddits or keywords is skipped with the reason, unless it
//! was asked for by name: then that reason is the error (exit 3) and nothing after it runs.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use super::market::{self, EbayApp, SearchConfig};
use super::reddit::{self, RedditConfig};
use super::{Candidate, Filter, Params, ScoreContext, store_source};
use crate::auth::Credentials;
use crate::env::ApiKey;
use crate::error::{Error, Result};
use crate::marketplaces::api::amazon::{AmazonConnector, AmazonEndpoint};
use crate::money::Currency;
use crate::settings::config::list;
use crate::settings::{AmazonConfig, SyncConfig, TrendsConfig};
use crate::store::Store;

/// How the stored signals are scored (the catalogue is loaded from the store).
#[derive(Debug, Clone)]
pub struct Scoring {
    pub params: Params,
    pub today: Date,
    /// Minimum margin for a price band to count as feasible (`pricing.min_margin_bp`).
    pub min_margin_bp: i64,
    /// The time recorded with saved candidates (RFC 3339).
    pub now: String,
}

/// Scores the stored signals; an unfiltered scoring replaces the saved candidates.
pub fn score_and_save(store: &mut Store, filter: &Filter, s: &Scoring) -> Result<Vec<Candidate>> {
    let catalogue = super::Catalogue::load(store, s.today)?;
    let sctx = ScoreContext {
        catalogue: &catalogue,
        params: s.params,
        today: s.today,
        min_margin_bp: s.min_margin_bp,
    };
    let candidates = super::score(store, filter, &sctx)?;
    if filter.sources.is_empty() && filter.since.is_none() {
        store.write(|tx| super::save_candidates(tx, &candidates, &s.now))?;
    }
    Ok(candidates)
}

/// Refreshes the store's own signals (unless filtered out) and scores everything.
pub fn score_all(store: &mut Store, filter: &Filter, s: &Scoring) -> Result<Vec<Candidate>> {
    if filter.sources.is_empty() || filter.sources.iter().any(|x| x == store_source::SOURCE) {
        store_source::refresh(store, s.today, &s.now)?;
    }
    score_and_save(store, filter, s)
}

/// Where the credentials of the outside sources come from (the command reads the environment
/// and the credential store; tests give them directly).
pub trait Keys {
    /// A credential field: its `SELLKIT_<SERVICE>_<FIELD>` variable, else the credential store.
    fn field(&self, service: &str, field: &str) -> Result<Option<ApiKey>>;
    /// An eBay application token given as such (`SELLKIT_EBAY_APP_TOKEN`).
    fn ebay_app_token(&self) -> Option<ApiKey>;
    /// The SP-API app's credentials, complete, as `sync amazon` uses them.
    fn amazon(&self) -> Result<Credentials>;
}

/// What to fetch.
pub struct FetchRequest<'a> {
    /// The sources named with `--source` (none: every configured one).
    pub sources: &'a [String],
    /// Keywords named with `--keyword`, asked about before `trends.keywords` and the best
    /// candidates.
    pub keywords: &'a [String],
    pub trends: &'a TrendsConfig,
    pub amazon: &'a AmazonConfig,
    pub sync: &'a SyncConfig,
    pub scoring: Scoring,
    /// The clock the fetch records (SELLKIT_NOW pins it, so runs stay reproducible).
    pub now: jiff::Timestamp,
    /// One line per source started (the command shows it on stderr).
    pub status: &'a dyn Fn(&str),
}

/// One source's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub source: String,
    /// `ok` or `skipped`.
    pub status: &'static str,
    pub signals: usize,
    pub detail: String,
}

/// What a fetch did.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub rows: Vec<SourceRow>,
    /// The keywords asked about, in order.
    pub keywords: Vec<String>,
    pub searches: Vec<market::SearchResult>,
    pub reddit: Option<reddit::RedditReport>,
}

/// Writes one source's signals and its fetch record in one transaction.
pub fn store_signals(
    store: &mut Store,
    source: &str,
    started: &str,
    finished: &str,
    signals: &[super::Signal],
) -> Result<usize> {
    store.write(|tx| {
        let n = super::insert_signals(tx, signals)?;
        super::record_fetch(
            tx,
            source,
            started,
            finished,
            &serde_json::json!({"trend_signals": n}),
            "ok",
        )?;
        Ok(n)
    })
}

/// `trends.currency` as a currency.
pub fn currency(c: &TrendsConfig) -> Result<Currency> {
    c.currency.parse::<Currency>().map_err(|_| {
        Error::config(format!(
            "trends.currency = {:?} is not a currency code; e.g. `sellkit config set trends.currency USD`",
            c.currency.value
        ))
    })
}

fn url(key: &str, value: &str) -> Result<String> {
    super::http::base_url(key, value)
}

fn skipped(source: &str, detail: String) -> SourceRow {
    SourceRow {
        source: source.into(),
        status: "skipped",
        signals: 0,
        detail,
    }
}

const NO_KEYWORDS: &str = "no keywords: set trends.keywords or pass --keyword";

/// Pulls the asked sources into `store`.
pub fn fetch(store: &mut Store, req: &FetchRequest<'_>, keys: &dyn Keys) -> Result<Fetched> {
    let asked = |s: &str| req.sources.is_empty() || req.sources.iter().any(|a| a == s);
    let explicit = |s: &str| req.sources.iter().any(|a| a == s);
    let now = || req.scoring.now.clone();
    let mut rows = Vec::new();
    // The store first: its scoring picks the top candidates asked about elsewhere.
    if asked("store") {
        let refreshed = store_source::refresh(store, req.scoring.today, &now())?;
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
    }
    let candidates = score_and_save(store, &Filter::default(), &req.scoring)?;
    let keywords = keywords(req, &candidates);

    let mut reddit_report = None;
    if asked("reddit") {
        match reddit_config(req, keys, &keywords, explicit("reddit"))? {
            Ok(cfg) => {
                let started = now();
                (req.status)(&format!(
                    "reddit: {} keyword(s) in {} subreddit(s)",
                    cfg.keywords.len(),
                    cfg.subreddits.len()
                ));
                let (signals, report) = reddit::fetch(&cfg)?;
                let n = store_signals(store, reddit::SOURCE, &started, &now(), &signals)?;
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
            Err(why) => rows.push(skipped("reddit", why)),
        }
    }

    let currency = currency(req.trends)?;
    let mut searches = Vec::new();
    for source in ["ebay", "etsy"] {
        if !asked(source) {
            continue;
        }
        let (credential, app) = match search_credential(source, keys, &keywords) {
            Ok(found) => found,
            Err(why) if explicit(source) => {
                return Err(Error::config(format!("{source}: {why}")));
            }
            Err(why) => {
                rows.push(skipped(source, why));
                continue;
            }
        };
        let cfg = SearchConfig {
            source,
            base_url: if source == "ebay" {
                url("trends.ebay.base_url", &req.trends.ebay_base_url)?
            } else {
                url("trends.etsy.base_url", &req.trends.etsy_base_url)?
            },
            credential,
            marketplace_id: req.trends.ebay_marketplace_id.get(),
            currency,
        };
        let started = now();
        (req.status)(&format!(
            "{source}: searching {} keyword(s)",
            keywords.len()
        ));
        let (signals, results) = market::search(cfg, app.as_ref(), &keywords, req.scoring.today)?;
        let n = store_signals(store, source, &started, &now(), &signals)?;
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
            Err(Error::config(NO_KEYWORDS))
        } else {
            keys.amazon()
        };
        match creds {
            Err(e) if explicit("amazon") => return Err(e),
            Err(e) => rows.push(skipped("amazon", e.to_string())),
            Ok(creds) => {
                let cfg = AmazonEndpoint::from_config(req.amazon)?;
                let client = crate::marketplaces::api::client_config(req.sync);
                let conn = AmazonConnector::new(cfg, creds, req.now, client)?;
                let started = now();
                (req.status)(&format!(
                    "amazon: searching the catalogue for {} keyword(s)",
                    keywords.len()
                ));
                let (signals, results) =
                    market::search_amazon(conn, &keywords, currency, req.scoring.today)?;
                let n = store_signals(store, "amazon", &started, &now(), &signals)?;
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
    Ok(Fetched {
        rows,
        keywords,
        searches,
        reddit: reddit_report,
    })
}

/// `--keyword`, then `trends.keywords`, then the `trends.market_top` best keyword candidates;
/// each normalised term once.
fn keywords(req: &FetchRequest<'_>, candidates: &[Candidate]) -> Vec<String> {
    let top = (*req.trends.market_top).max(0) as usize;
    let from_top = candidates
        .iter()
        .filter(|c| c.kind == "keyword" && c.score > 0.0)
        .take(top)
        .map(|c| c.term.clone());
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for k in req
        .keywords
        .iter()
        .cloned()
        .chain(list(&req.trends.keywords))
        .chain(from_top)
    {
        let n = super::normalize_term(&k);
        if !n.is_empty() && seen.insert(n) {
            out.push(k.trim().to_string());
        }
    }
    out
}

/// Reddit's settings, or why it is skipped. The outer error ends the fetch (a credential that
/// cannot be read while Reddit was asked for, or a reason when it was asked for by name).
fn reddit_config(
    req: &FetchRequest<'_>,
    keys: &dyn Keys,
    keywords: &[String],
    explicit: bool,
) -> Result<std::result::Result<RedditConfig, String>> {
    let subs: Vec<String> = list(&req.trends.reddit_subreddits)
        .into_iter()
        .map(|s| s.trim_start_matches("r/").to_string())
        .filter(|s| !s.is_empty())
        .collect();
    // An installed app has no secret: the installed-client grant is used then.
    let id = match keys.field("reddit", "client_id") {
        Ok(id) => id,
        Err(e) if explicit => return Err(e),
        Err(_) => None,
    };
    let why = match (&id, subs.is_empty()) {
        (Some(_), false) if !keywords.is_empty() => None,
        (None, _) => Some(
            "set SELLKIT_REDDIT_CLIENT_ID (and SELLKIT_REDDIT_CLIENT_SECRET) or run `sellkit auth login reddit`",
        ),
        (_, true) => Some("set trends.reddit.subreddits"),
        _ => Some(NO_KEYWORDS),
    };
    if let Some(why) = why {
        if explicit {
            return Err(Error::config(format!("reddit: {why}")));
        }
        return Ok(Err(why.into()));
    }
    let Some(id) = id else {
        return Ok(Err(NO_KEYWORDS.into()));
    };
    let t = req.trends;
    Ok(Ok(RedditConfig {
        auth_url: url("trends.reddit.auth_url", &t.reddit_auth_url)?,
        api_url: url("trends.reddit.api_url", &t.reddit_api_url)?,
        user_agent: t.reddit_user_agent.get().unwrap_or_else(|| {
            format!(
                "cli:sellkit:{} (seller trend research)",
                env!("CARGO_PKG_VERSION")
            )
        }),
        client_secret: keys.field("reddit", "client_secret")?,
        client_id: id.expose().to_string(),
        subreddits: subs,
        keywords: keywords.to_vec(),
        mode: t.reddit_mode.get(),
        max_pages: (*t.reddit_max_pages).max(1) as usize,
    }))
}

/// eBay: an application token, or the app's client id and secret to mint one. Etsy: the app's
/// keystring. Or why the source is skipped.
fn search_credential(
    source: &str,
    keys: &dyn Keys,
    keywords: &[String],
) -> std::result::Result<(ApiKey, Option<EbayApp>), String> {
    let found: Result<(Option<ApiKey>, Option<EbayApp>)> = if source == "ebay" {
        match keys.ebay_app_token() {
            Some(t) => Ok((Some(t), None)),
            None => match (
                keys.field("ebay", "client_id"),
                keys.field("ebay", "client_secret"),
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
        keys.field("etsy", "api_key").map(|k| (k, None))
    };
    match (found, keywords.is_empty()) {
        (Err(e), _) => Err(e.to_string()),
        (Ok((None, _)), _) => Err(if source == "ebay" {
            format!(
                "set {} (or SELLKIT_EBAY_CLIENT_ID and SELLKIT_EBAY_CLIENT_SECRET, or `sellkit auth login ebay`)",
                crate::env::SELLKIT_EBAY_APP_TOKEN
            )
        } else {
            "set SELLKIT_ETSY_API_KEY or run `sellkit auth login etsy`".to_string()
        }),
        (_, true) => Err(NO_KEYWORDS.into()),
        (Ok((Some(credential), app)), false) => Ok((credential, app)),
    }
}
