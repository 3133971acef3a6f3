//! Trend discovery: signals from the store and outside sources, scored per normalised term with
//! an explanation of every part of the score.
//!
//! Signals live in `trend_signals` (term, source, metric, value, observed_at). Time series are
//! aggregated to weeks starting on Monday; a term's trend evidence is its strongest series.
//! Market snapshots (listing counts and price quantiles from eBay and Etsy searches) add
//! competition and the price band; the price engine says whether a margin is feasible there.

pub mod draft;
pub mod fetch;
pub mod http;
pub mod import;
pub mod market;
pub mod reddit;
pub mod stats;
pub mod store_source;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::civil::{Date, Weekday};
use rayon::prelude::*;
use rusqlite::{Transaction, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fees::{FeeOptions, Marketplace, Schedules};
use crate::money::Currency;
use crate::pricing::quote::{QuoteInput, quote};
use crate::store::Store;
use stats::{Growth, MannKendall};

/// Metrics whose weekly value is a sum (counts); every other metric is averaged per week.
pub const COUNT_METRICS: &[&str] = &["units", "sku_units", "mentions"];
/// The metric of a SKU's own weekly units (the term is the SKU code, kept as written).
pub const SKU_METRIC: &str = "sku_units";
/// Market snapshot metrics (not time series).
pub const MARKET_METRICS: &[&str] = &[
    "listings",
    "price_p25_minor",
    "price_median_minor",
    "price_p75_minor",
    "offer_listings",
    "best_sales_rank",
];

/// Normalises a search term: lower case, punctuation to spaces, words singular, single spaces.
/// "Mushroom-Lamps!" and "mushroom lamp" are the same term.
pub fn normalize_term(text: &str) -> String {
    let lower = text
        .to_lowercase()
        .replace('&', " and ")
        .replace(['\'', '\u{2019}'], "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that end like plurals but are not (or have no singular in shop search).
const INVARIANT: &[&str] = &[
    "christmas",
    "xmas",
    "canvas",
    "atlas",
    "texas",
    "jeans",
    "leggings",
    "pants",
    "shorts",
    "scissors",
    "sunglasses",
    "news",
    "series",
    "species",
    "physics",
];

/// English plural to singular for search words, conservative: short words, "-ss", "-us" and
/// "-is" stay as they are.
fn singular(word: &str) -> String {
    let w = word;
    let n = w.chars().count();
    if n <= 3 || !w.is_ascii() || INVARIANT.contains(&w) {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies")
        && n > 4
    {
        return format!("{stem}y");
    }
    for suffix in ["ches", "shes", "sses", "xes", "zzes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    match w.strip_suffix('s') {
        Some(stem) => stem.to_string(),
        None => w.to_string(),
    }
}

/// One observation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    pub term: String,
    pub source: String,
    pub metric: String,
    pub value: f64,
    pub observed_at: Date,
}

/// Writes signals (a later value for the same term, source, metric and date replaces the
/// earlier one). Returns the number written.
pub fn insert_signals(tx: &Transaction<'_>, signals: &[Signal]) -> Result<usize> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO trend_signals (term, source, metric, value, observed_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (term, source, metric, observed_at) DO UPDATE SET value = excluded.value",
    )?;
    for s in signals {
        stmt.execute(params![
            s.term,
            s.source,
            s.metric,
            s.value,
            s.observed_at.to_string()
        ])?;
    }
    Ok(signals.len())
}

/// Records one fetch in `sync_runs` (marketplace `trends:SOURCE`), so the time of every pull is
/// kept next to the signals it wrote.
pub fn record_fetch(
    tx: &Transaction<'_>,
    source: &str,
    started: &str,
    finished: &str,
    counts: &serde_json::Value,
    outcome: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![format!("trends:{source}"), started, finished, counts.to_string(), outcome],
    )?;
    Ok(())
}

/// The Monday of a date's week.
pub fn week_start(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
}

/// Scoring parameters.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Params {
    /// Weeks in the recent window compared with the baseline.
    pub recent_weeks: usize,
    /// Weeks the plain Mann-Kendall test looks at (the most recent ones); a series of two
    /// years or more gets the seasonal Kendall test over its whole years (up to five).
    pub trend_weeks: usize,
    /// Weeks in each half of the momentum comparison.
    pub momentum_weeks: usize,
    /// Significance level of the Mann-Kendall test.
    pub alpha: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            recent_weeks: 8,
            trend_weeks: 52,
            momentum_weeks: 4,
            alpha: 0.05,
        }
    }
}

/// Maximum points of each part of the score (they add up to 100).
pub const GROWTH_POINTS: f64 = 40.0;
pub const TREND_POINTS: f64 = 35.0;
pub const MOMENTUM_POINTS: f64 = 15.0;
pub const NOVELTY_POINTS: f64 = 5.0;
pub const MARGIN_POINTS: f64 = 5.0;
/// Penalties.
pub const COMPETITION_PENALTY: f64 = 10.0;
pub const NO_MARGIN_PENALTY: f64 = 15.0;

/// The statistics and points of one weekly series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesScore {
    pub source: String,
    pub metric: String,
    pub weeks: usize,
    pub first_week: String,
    pub last_week: String,
    pub growth: Growth,
    /// (ratio − 1) in basis points.
    pub growth_bp: i64,
    pub mann_kendall: MannKendall,
    pub significant: bool,
    pub momentum_ratio: f64,
    pub momentum_bp: i64,
    pub growth_points: f64,
    pub trend_points: f64,
    pub momentum_points: f64,
    pub trend_score: f64,
}

fn ratio_bp(r: f64) -> i64 {
    ((r - 1.0) * 10_000.0).round() as i64
}

/// Points of one series: growth, significant trend and momentum (−90 to 90).
/// The statistics only; `score_series` adds the labels.
#[derive(Debug, Clone, Copy)]
pub struct Points {
    pub growth: Growth,
    pub mk: MannKendall,
    pub momentum: f64,
    pub growth_points: f64,
    pub trend_points: f64,
    pub momentum_points: f64,
}

impl Points {
    pub fn total(&self) -> f64 {
        self.growth_points + self.trend_points + self.momentum_points
    }
}

/// Scores one weekly series (oldest first).
pub fn series_points(x: &[f64], p: &Params) -> Points {
    let growth = stats::growth(x, p.recent_weeks);
    let mk = if x.len() >= 2 * stats::SEASON {
        stats::seasonal_kendall(x, stats::SEASON, 5)
    } else {
        stats::mann_kendall(&x[x.len().saturating_sub(p.trend_weeks)..])
    };
    let momentum = stats::momentum(x, p.momentum_weeks);
    let growth_points = GROWTH_POINTS * (growth.ratio.log2() / 2.0).clamp(-1.0, 1.0);
    let trend_points = if mk.p_value < p.alpha {
        TREND_POINTS * mk.tau
    } else {
        0.0
    };
    let momentum_points = MOMENTUM_POINTS * momentum.log2().clamp(-1.0, 1.0);
    Points {
        growth,
        mk,
        momentum,
        growth_points,
        trend_points,
        momentum_points,
    }
}

/// A weekly series of one term from one source and metric.
#[derive(Debug, Clone)]
pub struct Series {
    pub source: String,
    pub metric: String,
    pub first_week: Date,
    /// One value per week from `first_week`.
    pub values: Vec<f64>,
}

pub fn score_series(s: &Series, p: &Params) -> SeriesScore {
    let pts = series_points(&s.values, p);
    let last = s
        .first_week
        .checked_add(jiff::Span::new().weeks(s.values.len().saturating_sub(1) as i64))
        .unwrap_or(s.first_week);
    SeriesScore {
        source: s.source.clone(),
        metric: s.metric.clone(),
        weeks: s.values.len(),
        first_week: s.first_week.to_string(),
        last_week: last.to_string(),
        growth: pts.growth,
        growth_bp: ratio_bp(pts.growth.ratio),
        significant: pts.mk.p_value < p.alpha,
        mann_kendall: pts.mk,
        momentum_ratio: pts.momentum,
        momentum_bp: ratio_bp(pts.momentum),
        growth_points: pts.growth_points,
        trend_points: pts.trend_points,
        momentum_points: pts.momentum_points,
        trend_score: pts.total(),
    }
}

/// A market search snapshot for a term on one marketplace.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MarketSnapshot {
    pub source: String,
    pub observed_at: String,
    pub listings: Option<i64>,
    pub price_p25_minor: Option<i64>,
    pub price_median_minor: Option<i64>,
    pub price_p75_minor: Option<i64>,
    /// Amazon: New offer listings on the first page's ASINs.
    pub offer_listings: Option<i64>,
    /// Amazon: the best sales rank on the first page of results.
    pub best_sales_rank: Option<i64>,
    /// Margin at the median price with the seller's typical unit cost (price engine).
    pub margin_bp: Option<i64>,
    pub margin_feasible: Option<bool>,
}

/// What the seller already sells, for novelty.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Normalised words of product titles, listing titles and tags.
    pub words: HashSet<String>,
    /// Normalised phrases: tags, product keywords and product titles.
    pub phrases: Vec<String>,
    /// Product titles by SKU.
    pub skus: HashMap<String, String>,
    /// Median current unit cost over products, with its currency.
    pub typical_cost: Option<(i64, Currency)>,
}

/// Novelty of a term against the catalogue.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Novelty {
    /// Share of the term's words the catalogue never uses, in basis points.
    pub novel_words_bp: i64,
    /// The catalogue already has the phrase (a tag, keyword or inside a title), or the term is a SKU.
    pub in_catalogue: bool,
}

impl Catalogue {
    pub fn load(store: &Store, today: Date) -> Result<Catalogue> {
        let conn = store.conn();
        let mut cat = Catalogue::default();
        let add_phrase = |cat: &mut Catalogue, text: &str| {
            let n = normalize_term(text);
            if n.is_empty() {
                return;
            }
            for w in n.split(' ') {
                cat.words.insert(w.to_string());
            }
            cat.phrases.push(n);
        };
        let mut stmt = conn.prepare("SELECT sku, title, attributes FROM products")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (sku, title, attrs) = row?;
            add_phrase(&mut cat, &title);
            cat.skus.insert(sku, title);
            let v: serde_json::Value = serde_json::from_str(&attrs).unwrap_or_default();
            if let Some(kw) = v.get("keywords").and_then(|k| k.as_array()) {
                for k in kw.iter().filter_map(|k| k.as_str()) {
                    add_phrase(&mut cat, k);
                }
            }
        }
        let mut stmt = conn.prepare("SELECT title, tags FROM listings WHERE state <> 'removed'")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (title, tags) = row?;
            for part in title.split(['|', ',', '–', ';']) {
                add_phrase(&mut cat, part);
            }
            let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
            for t in tags {
                add_phrase(&mut cat, &t);
            }
        }
        cat.phrases.sort();
        cat.phrases.dedup();
        // The median of each product's unit cost in force today.
        let mut stmt = conn.prepare(
            "SELECT c.unit_cost_minor, c.currency FROM product_costs c
             WHERE c.effective_from = (SELECT MAX(effective_from) FROM product_costs d
                                       WHERE d.sku = c.sku AND d.effective_from <= ?1)",
        )?;
        let rows = stmt.query_map(params![today.to_string()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut by_currency: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for row in rows {
            let (c, cur) = row?;
            by_currency.entry(cur).or_default().push(c);
        }
        if let Some((cur, mut costs)) = by_currency.into_iter().max_by_key(|(_, v)| v.len())
            && let Ok(currency) = cur.parse::<Currency>()
        {
            costs.sort_unstable();
            cat.typical_cost = Some((costs[costs.len() / 2], currency));
        }
        Ok(cat)
    }

    pub fn novelty(&self, term: &str, is_sku: bool) -> Novelty {
        if is_sku {
            return Novelty {
                novel_words_bp: 0,
                in_catalogue: true,
            };
        }
        let words: Vec<&str> = term.split(' ').filter(|w| !w.is_empty()).collect();
        let novel = words.iter().filter(|w| !self.words.contains(**w)).count();
        let padded = format!(" {term} ");
        let in_catalogue = self
            .phrases
            .iter()
            .any(|p| p == term || format!(" {p} ").contains(&padded));
        Novelty {
            novel_words_bp: if words.is_empty() {
                0
            } else {
                (novel as i64 * 10_000) / words.len() as i64
            },
            in_catalogue,
        }
    }
}

/// One scored candidate, with everything that went into its score.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub rank: usize,
    pub term: String,
    /// `keyword` or `sku`.
    pub kind: &'static str,
    /// The product title of a SKU; the term itself for a keyword.
    pub label: String,
    pub score: f64,
    /// The original spellings merged into this term.
    pub variants: Vec<String>,
    pub sources: Vec<String>,
    /// The series whose trend carried the score.
    pub best: SeriesScore,
    /// Every series of the term.
    pub series: Vec<SeriesScore>,
    pub market: Vec<MarketSnapshot>,
    /// Largest listing count over the marketplaces searched.
    pub competition_listings: Option<i64>,
    pub competition_points: f64,
    pub margin_points: f64,
    pub novelty: Novelty,
    pub novelty_points: f64,
    pub explanation: String,
}

/// Which signals to score.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Empty: every source.
    pub sources: Vec<String>,
    pub since: Option<Date>,
}

/// Raw rows of one (term, source, metric).
struct Raw {
    kind: &'static str,
    variants: BTreeSet<String>,
    /// (source, metric) → date → values.
    series: BTreeMap<(String, String), BTreeMap<Date, Vec<f64>>>,
    /// source → metric → (date, value) latest.
    market: BTreeMap<String, BTreeMap<String, (Date, f64)>>,
}

/// Loads the signals and groups them by normalised term.
fn load_raw(store: &Store, filter: &Filter) -> Result<BTreeMap<String, Raw>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT term, source, metric, value, observed_at FROM trend_signals")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, f64>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out: BTreeMap<String, Raw> = BTreeMap::new();
    for row in rows {
        let (term, source, metric, value, observed) = row?;
        if !filter.sources.is_empty() && !filter.sources.contains(&source) {
            continue;
        }
        let date: Date = crate::time::date_prefix(&observed).ok_or_else(|| {
            Error::input(format!(
                "trend_signals: observed_at {observed:?} of term {term:?} is not a date: run `sellkit db check`"
            ))
        })?;
        let is_market = MARKET_METRICS.contains(&metric.as_str());
        if !is_market && filter.since.is_some_and(|s| date < s) {
            continue;
        }
        let is_sku = metric == SKU_METRIC;
        let key = if is_sku {
            format!("sku:{term}")
        } else {
            normalize_term(&term)
        };
        if key.is_empty() {
            continue;
        }
        let raw = out.entry(key).or_insert_with(|| Raw {
            kind: if is_sku { "sku" } else { "keyword" },
            variants: BTreeSet::new(),
            series: BTreeMap::new(),
            market: BTreeMap::new(),
        });
        raw.variants.insert(term);
        if is_market {
            let slot = raw.market.entry(source).or_default();
            match slot.get(&metric) {
                Some((d, _)) if *d > date => {}
                _ => {
                    slot.insert(metric, (date, value));
                }
            }
        } else {
            raw.series
                .entry((source, metric))
                .or_default()
                .entry(week_start(date))
                .or_default()
                .push(value);
        }
    }
    Ok(out)
}

/// Weekly values from the first week to `last_week` (counts: sums, missing weeks 0; other
/// metrics: means, missing weeks carry the last value forward).
fn weekly(metric: &str, by_week: &BTreeMap<Date, Vec<f64>>, last_week: Date) -> Series {
    let count = COUNT_METRICS.contains(&metric);
    let first = *by_week.keys().next().unwrap_or(&last_week);
    let mut values = Vec::new();
    let mut week = first;
    let mut carry = 0.0;
    while week <= last_week {
        let v = match by_week.get(&week) {
            Some(vs) if count => vs.iter().sum(),
            Some(vs) => vs.iter().sum::<f64>() / vs.len() as f64,
            None if count => 0.0,
            None => carry,
        };
        carry = v;
        values.push(v);
        week = match week.checked_add(jiff::Span::new().weeks(1)) {
            Ok(w) => w,
            Err(_) => break,
        };
    }
    Series {
        source: String::new(),
        metric: metric.to_string(),
        first_week: first,
        values,
    }
}

/// Everything scoring needs besides the signals.
pub struct ScoreContext<'a> {
    pub catalogue: &'a Catalogue,
    pub params: Params,
    pub today: Date,
    /// Minimum margin for a price band to count as feasible (basis points).
    pub min_margin_bp: i64,
}

fn market_snapshot(
    source: &str,
    metrics: &BTreeMap<String, (Date, f64)>,
    ctx: &ScoreContext<'_>,
) -> MarketSnapshot {
    let get = |m: &str| metrics.get(m).map(|(_, v)| v.round() as i64);
    let observed = metrics
        .values()
        .map(|(d, _)| *d)
        .max()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let median = get("price_median_minor");
    let marketplace = Marketplace::parse(source);
    let margin_bp = match (median, ctx.catalogue.typical_cost, marketplace) {
        (Some(price), Some((cost, currency)), Some(m)) if price > 0 => {
            let input = QuoteInput {
                marketplace: m,
                date: ctx.today,
                currency,
                sell_minor: price,
                shipping_minor: 0,
                cost_minor: cost,
                ship_cost_minor: 0,
                category: None,
                package: None,
                options: FeeOptions::default(),
            };
            quote(Schedules::embedded(), &input)
                .ok()
                .and_then(|q| q.margin_bp)
        }
        _ => None,
    };
    MarketSnapshot {
        source: source.to_string(),
        observed_at: observed,
        listings: get("listings"),
        price_p25_minor: get("price_p25_minor"),
        price_median_minor: median,
        price_p75_minor: get("price_p75_minor"),
        offer_listings: get("offer_listings"),
        best_sales_rank: get("best_sales_rank"),
        margin_feasible: margin_bp.map(|m| m >= ctx.min_margin_bp),
        margin_bp,
    }
}

/// Scores every term in the store's signals, best first.
pub fn score(store: &Store, filter: &Filter, ctx: &ScoreContext<'_>) -> Result<Vec<Candidate>> {
    let raw = load_raw(store, filter)?;
    // Every series ends at the same week: the latest week any series of the source reached,
    // so that a term that stopped being reported decays instead of freezing.
    let mut last_by_source: HashMap<String, Date> = HashMap::new();
    for r in raw.values() {
        for ((source, _), weeks) in &r.series {
            if let Some(last) = weeks.keys().next_back() {
                let e = last_by_source.entry(source.clone()).or_insert(*last);
                if last > e {
                    *e = *last;
                }
            }
        }
    }
    let entries: Vec<(String, Raw)> = raw.into_iter().collect();
    let mut out: Vec<Candidate> = entries
        .into_par_iter()
        .filter_map(|(term, r)| {
            let mut series: Vec<SeriesScore> = r
                .series
                .iter()
                .map(|((source, metric), weeks)| {
                    let mut s = weekly(metric, weeks, last_by_source[source]);
                    s.source = source.clone();
                    score_series(&s, &ctx.params)
                })
                .collect();
            if series.is_empty() {
                return None; // market data alone is no trend
            }
            series.sort_by(|a, b| b.trend_score.total_cmp(&a.trend_score));
            let best = series[0].clone();
            let market: Vec<MarketSnapshot> = r
                .market
                .iter()
                .map(|(source, m)| market_snapshot(source, m, ctx))
                .collect();
            let competition = market.iter().filter_map(|m| m.listings).max();
            let competition_points = competition.map_or(0.0, |c| {
                -COMPETITION_PENALTY * (((c as f64 + 1.0).log10() - 2.0) / 4.0).clamp(0.0, 1.0)
            });
            let feasible: Vec<bool> = market.iter().filter_map(|m| m.margin_feasible).collect();
            let margin_points = if feasible.is_empty() {
                0.0
            } else if feasible.iter().any(|f| *f) {
                MARGIN_POINTS
            } else {
                -NO_MARGIN_PENALTY
            };
            let is_sku = r.kind == "sku";
            let display = if is_sku {
                term.trim_start_matches("sku:").to_string()
            } else {
                term.clone()
            };
            let novelty = ctx.catalogue.novelty(&display, is_sku);
            let novelty_points = NOVELTY_POINTS * novelty.novel_words_bp as f64 / 10_000.0;
            let raw_score = best.trend_score + competition_points + margin_points + novelty_points;
            let score = (raw_score.clamp(0.0, 100.0) * 10.0).round() / 10.0;
            let mut sources: Vec<String> = series.iter().map(|s| s.source.clone()).collect();
            sources.extend(market.iter().map(|m| m.source.clone()));
            sources.sort();
            sources.dedup();
            let explanation = explain(&best, competition, margin_points, &novelty, &market);
            let label = if is_sku {
                ctx.catalogue
                    .skus
                    .get(&display)
                    .cloned()
                    .unwrap_or_else(|| display.clone())
            } else {
                display.clone()
            };
            Some(Candidate {
                rank: 0,
                label,
                term: display,
                kind: r.kind,
                score,
                variants: r.variants.into_iter().collect(),
                sources,
                best,
                series,
                market,
                competition_listings: competition,
                competition_points,
                margin_points,
                novelty,
                novelty_points,
                explanation,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.best.trend_score.total_cmp(&a.best.trend_score))
            .then(a.term.cmp(&b.term))
    });
    for (i, c) in out.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    Ok(out)
}

fn explain(
    best: &SeriesScore,
    competition: Option<i64>,
    margin_points: f64,
    novelty: &Novelty,
    market: &[MarketSnapshot],
) -> String {
    let g = &best.growth;
    let baseline = match g.baseline {
        stats::Baseline::SameWeeksLastYear => "the same weeks last year",
        stats::Baseline::PreviousWeeks => "the weeks before",
        stats::Baseline::None => "no baseline (too short)",
    };
    let mk = &best.mann_kendall;
    let test = match mk.test {
        stats::MkTest::Plain => "Mann-Kendall",
        stats::MkTest::Seasonal => "seasonal Mann-Kendall",
    };
    let p = if mk.p_value < 0.0001 {
        format!("{:.1e}", mk.p_value)
    } else {
        format!("{:.4}", mk.p_value)
    };
    let trend = if best.significant {
        format!(
            "{test} {} trend over {} weeks (Z {:.2}, p {p})",
            if mk.s > 0 { "rising" } else { "falling" },
            mk.n,
            mk.z,
        )
    } else {
        format!(
            "no significant trend over {} weeks ({test} Z {:.2}, p {p})",
            mk.n, mk.z
        )
    };
    let mut parts = vec![
        format!(
            "{} {}: recent {:.1}/week vs {:.1} in {baseline} ({:+.0}%)",
            best.source,
            best.metric,
            g.recent_mean,
            g.baseline_mean,
            (g.ratio - 1.0) * 100.0
        ),
        trend,
        format!("momentum {:+.0}%", (best.momentum_ratio - 1.0) * 100.0),
    ];
    if let Some(c) = competition {
        parts.push(format!("{c} competing listings"));
    }
    if margin_points > 0.0 {
        parts.push("margin feasible at the median market price".into());
    } else if margin_points < 0.0 {
        let best_margin = market.iter().filter_map(|m| m.margin_bp).max();
        parts.push(format!(
            "no margin at the median market price ({})",
            best_margin.map_or("-".into(), |m| format!("{:.1}%", m as f64 / 100.0))
        ));
    }
    parts.push(if novelty.in_catalogue {
        "already in your catalogue".to_string()
    } else {
        format!(
            "{}% of its words new to your catalogue",
            novelty.novel_words_bp / 100
        )
    });
    parts.join("; ")
}

/// Replaces the stored candidates with a new scoring.
pub fn save_candidates(tx: &Transaction<'_>, candidates: &[Candidate], now: &str) -> Result<()> {
    tx.execute("DELETE FROM trend_candidates", [])?;
    let mut stmt = tx.prepare(
        "INSERT INTO trend_candidates (term, score, explanation, scored_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for c in candidates {
        let json = serde_json::to_string(c).map_err(anyhow::Error::from)?;
        stmt.execute(params![c.term, c.score, json, now])?;
    }
    Ok(())
}

/// Whether a date is a Monday (weekly signals are stored on the week's Monday).
pub fn is_monday(d: Date) -> bool {
    d.weekday() == Weekday::Monday
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_normalise_case_plurals_and_punctuation() {
        assert_eq!(normalize_term("Mushroom Lamps!"), "mushroom lamp");
        assert_eq!(normalize_term("  mushroom-lamp "), "mushroom lamp");
        assert_eq!(normalize_term("Frog Planters"), "frog planter");
        assert_eq!(
            normalize_term("Fairy Lights & Candles"),
            "fairy light and candle"
        );
        assert_eq!(normalize_term("BOXES of glasses"), "box of glass");
        assert_eq!(normalize_term("Berries"), "berry");
        assert_eq!(normalize_term("Cactus"), "cactus");
        assert_eq!(normalize_term("Christmas Ornaments"), "christmas ornament");
        assert_eq!(normalize_term("dress"), "dress");
        assert_eq!(normalize_term("bus"), "bus");
        assert_eq!(normalize_term("Galentine\u{2019}s gifts"), "galentine gift");
        assert_eq!(normalize_term("¡!"), "");
    }

    /// Two years of weekly values with ±10% deterministic noise.
    fn series(shape: impl Fn(usize) -> f64) -> Vec<f64> {
        (0..104)
            .map(|w| shape(w) * (1.0 + 0.1 * ((w * 7919 % 13) as f64 / 6.0 - 1.0)))
            .collect()
    }

    #[test]
    fn rising_scores_high_and_flat_or_seasonal_do_not() {
        let p = Params::default();
        let rising = series_points(&series(|w| 10.0 + 0.5 * w as f64), &p);
        let flat = series_points(&series(|_| 30.0), &p);
        // A December peak, the series ending inside it (the last 8 weeks are the peak).
        let seasonal = series_points(&series(|w| if w % 52 >= 44 { 80.0 } else { 10.0 }), &p);
        assert!(rising.total() > 45.0, "rising {}", rising.total());
        assert!(rising.mk.p_value < 0.001 && rising.mk.s > 0);
        assert!(flat.total().abs() < 10.0, "flat {}", flat.total());
        assert!(
            seasonal.total().abs() < 10.0,
            "seasonal {}",
            seasonal.total()
        );
        assert!(seasonal.mk.p_value > 0.05, "{:?}", seasonal.mk);
        assert!((seasonal.growth.ratio - 1.0).abs() < 0.2);
    }

    #[test]
    fn weeks_start_on_monday() {
        let d = jiff::civil::date(2025, 6, 29); // a Sunday
        assert_eq!(week_start(d), jiff::civil::date(2025, 6, 23));
        assert!(is_monday(week_start(d)));
        assert_eq!(
            week_start(jiff::civil::date(2025, 6, 23)),
            jiff::civil::date(2025, 6, 23)
        );
    }

    #[test]
    fn weekly_sums_counts_and_carries_levels() {
        let mut by: BTreeMap<Date, Vec<f64>> = BTreeMap::new();
        by.insert(jiff::civil::date(2025, 6, 2), vec![1.0, 2.0]);
        by.insert(jiff::civil::date(2025, 6, 16), vec![4.0]);
        let last = jiff::civil::date(2025, 6, 23);
        assert_eq!(weekly("units", &by, last).values, vec![3.0, 0.0, 4.0, 0.0]);
        assert_eq!(
            weekly("search_interest", &by, last).values,
            vec![1.5, 1.5, 4.0, 4.0]
        );
    }
}
