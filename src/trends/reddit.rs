//! Reddit's official API as a trend source: weekly mentions of keywords in chosen subreddits.
//!
//! Application-only OAuth: `POST {auth}/api/v1/access_token` with HTTP Basic client id and
//! secret and `grant_type=client_credentials` (or, with no secret, the installed-client grant
//! `https://oauth.reddit.com/grants/installed_client`), then `GET {api}/r/SUB/search`
//! (`q`, `restrict_sr=1`, `sort=new`, `t=year`, `limit=100`, `after`) or `GET {api}/r/SUB/new`
//! with `Authorization: bearer TOKEN` and a descriptive User-Agent. The `X-Ratelimit-Remaining`
//! and `X-Ratelimit-Reset` headers are honoured: when the window is spent, sellkit waits for
//! the reset (up to a minute) before the next call. Post text is only matched, never stored.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::civil::Date;
use serde::Deserialize;

use super::{Signal, normalize_term, week_start};
use crate::env::ApiKey;
use crate::error::{Error, Result};
use crate::trends::http;

pub const SOURCE: &str = "reddit";

/// Where and what to ask.
#[derive(Debug, Clone)]
pub struct RedditConfig {
    pub auth_url: String,
    pub api_url: String,
    pub user_agent: String,
    pub client_id: String,
    pub client_secret: Option<ApiKey>,
    pub subreddits: Vec<String>,
    pub keywords: Vec<String>,
    /// `search` (one search per subreddit and keyword) or `new` (the newest posts, matched here).
    pub mode: String,
    pub max_pages: usize,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Deserialize)]
struct Listing {
    data: ListingData,
}

#[derive(Deserialize)]
struct ListingData {
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    children: Vec<Child>,
}

#[derive(Deserialize)]
struct Child {
    data: Post,
}

#[derive(Deserialize)]
struct Post {
    #[serde(default)]
    title: String,
    #[serde(default)]
    selftext: String,
    created_utc: f64,
}

/// What a fetch did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RedditReport {
    pub requests: usize,
    pub posts_seen: usize,
    pub mentions: usize,
    pub rate_limit_waits: usize,
}

fn valid_sub(s: &str) -> bool {
    !s.is_empty() && s.len() <= 21 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The rate-limit state from the last answer.
struct Limits {
    remaining: Option<f64>,
    reset: Option<f64>,
}

fn limits(resp: &reqwest::Response) -> Limits {
    let num = |k: &str| {
        resp.headers()
            .get(k)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    Limits {
        remaining: num("x-ratelimit-remaining"),
        reset: num("x-ratelimit-reset"),
    }
}

async fn token(client: &reqwest::Client, cfg: &RedditConfig) -> Result<String> {
    let url = format!("{}/api/v1/access_token", cfg.auth_url);
    let resp = http::send(SOURCE, || {
        let form: Vec<(&str, &str)> = match &cfg.client_secret {
            Some(_) => vec![("grant_type", "client_credentials")],
            None => vec![
                (
                    "grant_type",
                    "https://oauth.reddit.com/grants/installed_client",
                ),
                ("device_id", "DO_NOT_TRACK_THIS_DEVICE"),
            ],
        };
        client
            .post(&url)
            .basic_auth(
                &cfg.client_id,
                cfg.client_secret.as_ref().map(ApiKey::expose),
            )
            .form(&form)
    })
    .await?;
    let t: Token = http::json(SOURCE, resp).await?;
    Ok(t.access_token)
}

/// Pulls mentions and returns weekly counts per keyword (weeks with at least one mention).
pub fn fetch(cfg: &RedditConfig) -> Result<(Vec<Signal>, RedditReport)> {
    if cfg.subreddits.is_empty() || cfg.keywords.is_empty() {
        return Err(Error::config(
            "reddit: no subreddits or keywords; set trends.reddit.subreddits and trends.keywords (comma-separated)",
        ));
    }
    if let Some(bad) = cfg.subreddits.iter().find(|s| !valid_sub(s)) {
        return Err(Error::config(format!(
            "trends.reddit.subreddits: {bad:?} is not a subreddit name (letters, digits, _; no r/)"
        )));
    }
    let rt = http::runtime()?;
    rt.block_on(fetch_async(cfg))
}

async fn fetch_async(cfg: &RedditConfig) -> Result<(Vec<Signal>, RedditReport)> {
    let client = http::client(&cfg.user_agent)?;
    let token = token(&client, cfg).await?;
    let mut report = RedditReport {
        requests: 1,
        ..Default::default()
    };
    let keywords: Vec<(String, String)> = cfg
        .keywords
        .iter()
        .map(|k| (k.trim().to_string(), normalize_term(k)))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let mut weekly: BTreeMap<(String, Date), usize> = BTreeMap::new();
    let mut wait_until: Option<tokio::time::Instant> = None;
    // (subreddit, query): one search per keyword, or one listing of new posts per subreddit.
    let mut jobs: Vec<(String, Option<String>)> = Vec::new();
    for sub in &cfg.subreddits {
        if cfg.mode == "new" {
            jobs.push((sub.clone(), None));
        } else {
            for (k, _) in &keywords {
                jobs.push((sub.clone(), Some(k.clone())));
            }
        }
    }
    for (sub, query) in jobs {
        let mut after: Option<String> = None;
        for _ in 0..cfg.max_pages.max(1) {
            if let Some(t) = wait_until.take() {
                let now = tokio::time::Instant::now();
                if t > now {
                    report.rate_limit_waits += 1;
                    tokio::time::sleep_until(t).await;
                }
            }
            let url = match &query {
                Some(_) => format!("{}/r/{sub}/search", cfg.api_url),
                None => format!("{}/r/{sub}/new", cfg.api_url),
            };
            let resp = http::send(SOURCE, || {
                let mut q: Vec<(&str, String)> =
                    vec![("limit", "100".into()), ("raw_json", "1".into())];
                if let Some(k) = &query {
                    q.push(("q", k.clone()));
                    q.push(("restrict_sr", "1".into()));
                    q.push(("sort", "new".into()));
                    q.push(("t", "year".into()));
                }
                if let Some(a) = &after {
                    q.push(("after", a.clone()));
                }
                client.get(&url).bearer_auth(&token).query(&q)
            })
            .await?;
            report.requests += 1;
            let lim = limits(&resp);
            if lim.remaining.is_some_and(|r| r < 1.0) {
                let secs = lim.reset.unwrap_or(1.0).clamp(0.0, 600.0);
                let wait = Duration::from_secs_f64(secs);
                if wait > http::MAX_WAIT {
                    return Err(Error::api(format!(
                        "reddit: rate limit spent for {secs:.0} s (X-Ratelimit-Reset); run `sellkit trends fetch --source reddit` again later"
                    )));
                }
                wait_until = Some(tokio::time::Instant::now() + wait);
            }
            let listing: Listing = http::json(SOURCE, resp).await?;
            for child in &listing.data.children {
                report.posts_seen += 1;
                let p = &child.data;
                let text = format!(
                    " {} ",
                    normalize_term(&format!("{} {}", p.title, p.selftext))
                );
                let Ok(ts) = jiff::Timestamp::from_second(p.created_utc as i64) else {
                    continue;
                };
                let day = ts.to_zoned(jiff::tz::TimeZone::UTC).date();
                for (k, n) in &keywords {
                    // In search mode a post counts for the keyword searched only.
                    if query.as_ref().is_some_and(|q| q != k) {
                        continue;
                    }
                    if text.contains(&format!(" {n} ")) {
                        *weekly.entry((k.clone(), week_start(day))).or_default() += 1;
                        report.mentions += 1;
                    }
                }
            }
            after = listing.data.after.filter(|a| !a.is_empty());
            if after.is_none() {
                break;
            }
        }
    }
    let signals = weekly
        .into_iter()
        .map(|((term, week), n)| Signal {
            term,
            source: SOURCE.into(),
            metric: "mentions".into(),
            value: n as f64,
            observed_at: week,
        })
        .collect();
    Ok((signals, report))
}
