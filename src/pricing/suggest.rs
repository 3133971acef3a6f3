//! Repricing suggestions: for each active listing, a price between a floor (break-even plus the
//! minimum margin) and a ceiling, from the competitors' offers, the stock position and the
//! listing's own price elasticity, with the reasons; written as `price_change` drafts.
//!
//! [`decide`] is the pure rule for one listing (property-tested); [`load`] reads everything the
//! rules need from the store in a few bulk queries; [`write_drafts`] stores the outcome in one
//! transaction.

use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::drafts;
use crate::error::{Error, Result};
use crate::fees::{FeeOptions, Marketplace, Package, Schedules};
use crate::forecast::demand::Demand;
use crate::money::{Currency, Money, apply_bp, basis_points};
use crate::pricing::elasticity::{self, Estimate, Observation, Refusal, Requirements};
use crate::pricing::policy::{BelowFloor, Policy, PolicySet, Strategy};
use crate::pricing::quote::{QuoteInput, break_even, price_for_margin, profit_at};
use crate::pricing::stock::{StockPosition, VELOCITY_DAYS};
use crate::progress::Progress;
use crate::store::Store;
use crate::time::date_prefix;

/// The author of the audit entry; each draft names the pricing analyst that chose its price.
pub const AGENT: &str = "pricing_engine";

/// One price the engine proposes, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub price: Money,
    pub reasons: Vec<String>,
    /// Net margin at this price, when the engine knows it.
    #[serde(default)]
    pub margin_bp: Option<i64>,
    /// True for the price the engine's own rules arrived at.
    #[serde(default)]
    pub engine_pick: bool,
}

/// What the pricing engine hands the analyst for one SKU on one marketplace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCandidates {
    pub sku: String,
    pub marketplace: String,
    pub floor: Money,
    pub ceiling: Money,
    pub current: Money,
    pub candidates: Vec<Candidate>,
    /// Competitor listing titles (untrusted text: delimited in prompts, never obeyed).
    #[serde(default)]
    pub competitor_titles: Vec<String>,
    /// The engine's confidence in its own pick, 0 to 10000.
    #[serde(default)]
    pub engine_confidence_bp: Option<i64>,
}

/// A competitor's offer as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub seller: String,
    /// Price + shipping the buyer pays.
    pub landed_minor: i64,
    pub featured: bool,
    /// Age in days at the time of the run.
    pub age_days: i64,
    pub currency: Currency,
    /// The competitor's listing title: third-party text, only ever shown to the analyst as data.
    pub title: Option<String>,
}

/// What the rules know about one listing.
#[derive(Debug, Clone)]
pub struct ListingFacts {
    pub listing_id: i64,
    pub shop_id: i64,
    pub marketplace: Marketplace,
    pub external_id: String,
    pub sku: String,
    pub currency: Currency,
    pub current_minor: i64,
    pub cost_minor: Option<i64>,
    pub category: Option<String>,
    pub package: Option<Package>,
    pub offers: Vec<Offer>,
    pub stock: Option<StockPosition>,
    /// None when elasticity is switched off.
    pub elasticity: Option<std::result::Result<Estimate, Refusal>>,
}

/// The competitor picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Competition {
    pub offers: usize,
    pub lowest: Money,
    pub median: Money,
    pub featured: Option<Money>,
}

/// The elasticity as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElasticityView {
    /// "estimated", "refused" or "off".
    pub status: &'static str,
    pub estimate: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub observations: Option<usize>,
    pub reason: Option<String>,
}

/// The outcome for one listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub listing_id: i64,
    #[serde(skip)]
    pub shop_id: i64,
    pub sku: String,
    pub marketplace: Marketplace,
    pub external_id: String,
    /// raise, lower, keep, or skip (no suggestion: see reasons).
    pub action: &'static str,
    pub current_price: Money,
    pub suggested_price: Option<Money>,
    pub change_bp: Option<i64>,
    pub floor: Option<Money>,
    pub break_even: Option<Money>,
    pub ceiling: Option<Money>,
    pub unit_cost: Option<Money>,
    pub strategy: Strategy,
    pub competition: Option<Competition>,
    pub stock: Option<StockPosition>,
    pub elasticity: ElasticityView,
    pub reasons: Vec<String>,
    pub confidence_bp: i64,
    /// The prices the pricing analyst chose among (raise and lower only), all inside the floor
    /// and ceiling, in ascending order.
    pub candidates: Vec<Candidate>,
    /// The analyst's choice, ranking and explanation; null when it was not asked.
    pub analyst: Option<AnalystView>,
    pub draft: Option<DraftOutcome>,
}

/// What the pricing analyst said about a suggestion's candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalystView {
    pub agent: &'static str,
    /// `offline` or `openai` (any OpenAI-compatible endpoint).
    pub provider: &'static str,
    pub model: String,
    /// Index into `candidates`.
    pub chosen_index: usize,
    /// Candidate indexes from best to worst.
    pub ranking: Vec<usize>,
    pub explanation: String,
    pub confidence_bp: i64,
}

/// What happened to the draft of a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftOutcome {
    /// The draft's id; null in a dry run.
    pub id: Option<i64>,
    /// created, unchanged (an identical pending draft exists) or dry_run.
    pub status: &'static str,
    pub payload_hash: String,
}

fn money(c: Currency, minor: i64) -> Money {
    Money::new(minor, c)
}

fn show(c: Currency, minor: i64) -> String {
    money(c, minor).display()
}

fn median(sorted: &[i64]) -> i64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        // Mean of the middle two, rounded half away from zero (prices are positive).
        (sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2
    }
}

fn fee_options(f: &ListingFacts) -> FeeOptions {
    FeeOptions {
        // An Amazon listing with known measures is priced as FBA (the demo shop's channel).
        amazon_fba: f.marketplace == Marketplace::Amazon && f.package.is_some(),
        ..FeeOptions::default()
    }
}

/// The rules for one listing. Never returns a price below the floor or above the ceiling.
pub fn decide(
    f: &ListingFacts,
    policy: &Policy,
    schedules: &Schedules,
    today: Date,
) -> Result<Suggestion> {
    let c = f.currency;
    let elasticity_view = match &f.elasticity {
        None => ElasticityView {
            status: "off",
            estimate: None,
            lower: None,
            upper: None,
            observations: None,
            reason: None,
        },
        Some(Ok(e)) => ElasticityView {
            status: "estimated",
            estimate: Some(round2(e.elasticity)),
            lower: Some(round2(e.lower)),
            upper: Some(round2(e.upper)),
            observations: Some(e.observations),
            reason: None,
        },
        Some(Err(r)) => ElasticityView {
            status: "refused",
            estimate: None,
            lower: None,
            upper: None,
            observations: None,
            reason: Some(r.describe()),
        },
    };
    let mut out = Suggestion {
        listing_id: f.listing_id,
        shop_id: f.shop_id,
        sku: f.sku.clone(),
        marketplace: f.marketplace,
        external_id: f.external_id.clone(),
        action: "skip",
        current_price: money(c, f.current_minor),
        suggested_price: None,
        change_bp: None,
        floor: None,
        break_even: None,
        ceiling: None,
        unit_cost: f.cost_minor.map(|m| money(c, m)),
        strategy: policy.strategy,
        competition: None,
        stock: f.stock,
        elasticity: elasticity_view,
        reasons: Vec::new(),
        confidence_bp: 0,
        candidates: Vec::new(),
        analyst: None,
        draft: None,
    };
    let Some(cost) = f.cost_minor else {
        out.reasons
            .push("no unit cost for this SKU in the store: no floor, no suggestion".into());
        return Ok(out);
    };
    let schedule = match schedules.on(f.marketplace, today, c) {
        Ok(s) => s,
        Err(e) => {
            out.reasons.push(format!("no fee schedule: {e}"));
            return Ok(out);
        }
    };
    let input = QuoteInput {
        marketplace: f.marketplace,
        date: today,
        currency: c,
        sell_minor: f.current_minor,
        shipping_minor: 0,
        cost_minor: cost,
        ship_cost_minor: 0,
        category: f.category.clone(),
        package: f.package,
        options: fee_options(f),
    };
    let profit = |p: i64| profit_at(schedule, &input, p);
    let fba_missing = input.options.amazon_fba && f.package.is_none();
    if fba_missing {
        out.reasons
            .push("no package measures for the FBA fee".into());
        return Ok(out);
    }
    let be = break_even(schedule, &input)?;
    let Some(floor) = price_for_margin(schedule, &input, policy.min_margin_bp)? else {
        out.reasons.push(format!(
            "no price reaches a {} margin after fees",
            crate::output::table::percent(Some(policy.min_margin_bp))
        ));
        return Ok(out);
    };
    let current = f.current_minor;
    let max_move = apply_bp(current, policy.max_change_bp).max(1);
    let ceiling = floor.max(current + max_move);
    let lower = floor.max(current - max_move);
    out.floor = Some(money(c, floor));
    out.break_even = be.map(|b| money(c, b));
    out.ceiling = Some(money(c, ceiling));
    let mut reasons = Vec::new();
    let mut confidence: i64 = 4000;
    // Prices single rules arrive at, offered to the analyst beside the engine's blend.
    let mut alternatives: Vec<(i64, String)> = Vec::new();

    // 1. Competitors.
    let fresh: Vec<&Offer> = f
        .offers
        .iter()
        .filter(|o| o.age_days <= policy.offer_max_age_days)
        .collect();
    let mut target = current;
    if fresh.is_empty() {
        reasons.push(format!(
            "no competing offers seen in the last {} days: competitor rule not applied",
            policy.offer_max_age_days
        ));
    } else {
        let first_reason = reasons.len();
        let mut landed: Vec<i64> = fresh.iter().map(|o| o.landed_minor).collect();
        landed.sort_unstable();
        let lowest = landed[0];
        let med = median(&landed);
        let featured = fresh
            .iter()
            .filter(|o| o.featured)
            .map(|o| o.landed_minor)
            .min();
        out.competition = Some(Competition {
            offers: fresh.len(),
            lowest: money(c, lowest),
            median: money(c, med),
            featured: featured.map(|m| money(c, m)),
        });
        confidence += if fresh.len() >= 3 { 2500 } else { 1500 };
        let (t, why) = match policy.strategy {
            Strategy::MatchLowest => (
                lowest,
                format!(
                    "match the lowest of {} offers, {}",
                    fresh.len(),
                    show(c, lowest)
                ),
            ),
            Strategy::BeatLowest => (
                lowest - policy.step_minor,
                format!(
                    "beat the lowest of {} offers ({}) by {}",
                    fresh.len(),
                    show(c, lowest),
                    show(c, policy.step_minor)
                ),
            ),
            Strategy::MedianBand => {
                let band = apply_bp(med, policy.band_bp);
                let t = current.clamp(med - band, med + band);
                (
                    t,
                    format!(
                        "stay within {} of the median offer {} ({} to {})",
                        crate::output::table::percent(Some(policy.band_bp)),
                        show(c, med),
                        show(c, med - band),
                        show(c, med + band)
                    ),
                )
            }
            Strategy::Featured => match featured {
                Some(ft) => (ft, format!("target the featured offer, {}", show(c, ft))),
                None => (
                    lowest,
                    format!("no featured offer: match the lowest, {}", show(c, lowest)),
                ),
            },
        };
        reasons.push(format!("{why} (prices incl. shipping)"));
        if t < floor {
            match policy.below_floor {
                BelowFloor::Hold => {
                    reasons.push(format!(
                        "that is below your floor {}: not following, holding the current price",
                        show(c, floor)
                    ));
                    target = current;
                }
                BelowFloor::Floor => {
                    reasons.push(format!(
                        "that is below your floor {}: going to the floor",
                        show(c, floor)
                    ));
                    target = floor;
                }
            }
        } else {
            target = t;
        }
        alternatives.push((
            target,
            format!("competitors alone: {}", reasons[first_reason..].join("; ")),
        ));
    }

    // 2. Own-price elasticity.
    if let Some(Ok(e)) = &f.elasticity {
        let best = best_price_for_elasticity(&profit, current, lower, ceiling, e.elasticity)?;
        confidence += 1500;
        if let Some(best) = best {
            alternatives.push((
                best,
                format!(
                    "own-price elasticity {:.2} alone: the most profitable price in range",
                    e.elasticity
                ),
            ));
            if fresh.is_empty() {
                reasons.push(format!(
                    "own-price elasticity {:.2} (95% interval {:.2} to {:.2}): the most profitable price in range is {}",
                    e.elasticity,
                    e.lower,
                    e.upper,
                    show(c, best)
                ));
                target = best;
            } else {
                let blended = (target + best) / 2;
                reasons.push(format!(
                    "own-price elasticity {:.2} (95% interval {:.2} to {:.2}) favours {}: meeting halfway at {}",
                    e.elasticity,
                    e.lower,
                    e.upper,
                    show(c, best),
                    show(c, blended)
                ));
                target = blended;
            }
        }
    } else if let Some(Err(r)) = &f.elasticity {
        reasons.push(format!("elasticity not used: {}", r.describe()));
    }

    // 3. Stock position.
    if let Some(s) = &f.stock {
        confidence += 500;
        match s.days_of_cover {
            Some(days) if days < policy.stockout_days as f64 => {
                target += apply_bp(target, policy.stock_raise_bp);
                reasons.push(format!(
                    "stock covers {days:.0} days at {:.2}/day ({}), under {}: raise {}",
                    s.daily_demand,
                    s.demand_source,
                    policy.stockout_days,
                    crate::output::table::percent(Some(policy.stock_raise_bp))
                ));
            }
            Some(days) if days > policy.aging_days as f64 => {
                target -= apply_bp(target, policy.stock_lower_bp);
                reasons.push(format!(
                    "stock covers {days:.0} days ({}), over {}: aging, lower {}",
                    s.demand_source,
                    policy.aging_days,
                    crate::output::table::percent(Some(policy.stock_lower_bp))
                ));
            }
            None if s.available > 0 => {
                target -= apply_bp(target, policy.stock_lower_bp);
                reasons.push(format!(
                    "{} in stock and no sales in the last {VELOCITY_DAYS} days: aging, lower {}",
                    s.available,
                    crate::output::table::percent(Some(policy.stock_lower_bp))
                ));
            }
            _ => {}
        }
    }

    // 4. Bounds.
    let mut suggested = target.clamp(lower, ceiling);
    if suggested != target {
        if suggested == floor && target < floor {
            reasons.push(format!(
                "raised to the floor {} (break-even {} + {} margin)",
                show(c, floor),
                be.map_or("—".into(), |b| show(c, b)),
                crate::output::table::percent(Some(policy.min_margin_bp))
            ));
        } else {
            reasons.push(format!(
                "limited to a {} move from {}",
                crate::output::table::percent(Some(policy.max_change_bp)),
                show(c, current)
            ));
        }
    }
    if current < floor {
        reasons.push(format!(
            "the current price is below the floor {}",
            show(c, floor)
        ));
        confidence = confidence.max(9000);
    }
    let threshold = apply_bp(current, policy.min_change_bp);
    if current >= floor && (suggested - current).abs() < threshold.max(1) {
        if suggested != current {
            reasons.push(format!(
                "a move of {} is under the {} minimum: keep",
                show(c, suggested - current),
                crate::output::table::percent(Some(policy.min_change_bp))
            ));
        }
        suggested = current;
    }
    out.action = match suggested.cmp(&current) {
        std::cmp::Ordering::Greater => "raise",
        std::cmp::Ordering::Less => "lower",
        std::cmp::Ordering::Equal => "keep",
    };
    out.suggested_price = Some(money(c, suggested));
    out.change_bp = basis_points(suggested - current, current);
    out.reasons = reasons;
    out.confidence_bp = confidence.min(9500);
    // The floor guarantees a margin; report the profit at the suggested price in the reasons.
    let p = profit(suggested)?;
    out.reasons.push(format!(
        "profit at {}: {} per unit ({} margin)",
        show(c, suggested),
        show(c, p),
        crate::output::table::percent(basis_points(p, suggested))
    ));
    if out.action == "raise" || out.action == "lower" {
        let mut options: Vec<(i64, Vec<String>, bool)> =
            vec![(suggested, out.reasons.clone(), true)];
        if current >= floor {
            options.push((current, vec!["keep the current price".into()], false));
        }
        for (price, why) in alternatives {
            let price = price.clamp(lower, ceiling);
            if price != current && (price - current).abs() < threshold.max(1) {
                continue;
            }
            match options.iter_mut().find(|o| o.0 == price) {
                Some(o) if !o.2 => o.1.push(why),
                Some(_) => {}
                None => options.push((price, vec![why], false)),
            }
        }
        options.sort_by_key(|o| o.0);
        for (price, reasons, engine_pick) in options {
            out.candidates.push(Candidate {
                price: money(c, price),
                reasons,
                margin_bp: basis_points(profit(price)?, price),
                engine_pick,
            });
        }
    }
    Ok(out)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The price in `lower..=upper` that maximises expected profit = profit per unit × (p / current)^e,
/// over 41 evenly spaced candidates (money exact; only the demand ratio is a float).
fn best_price_for_elasticity(
    profit: &dyn Fn(i64) -> Result<i64>,
    current: i64,
    lower: i64,
    upper: i64,
    e: f64,
) -> Result<Option<i64>> {
    if upper < lower || current <= 0 {
        return Ok(None);
    }
    let mut best: Option<(f64, i64)> = None;
    let steps = 40i64;
    for k in 0..=steps {
        let p = lower + (upper - lower) * k / steps;
        if p <= 0 {
            continue;
        }
        let unit = profit(p)? as f64;
        let demand = (p as f64 / current as f64).powf(e);
        let value = unit * demand;
        if best.is_none_or(|(v, _)| value > v) {
            best = Some((value, p));
        }
    }
    Ok(best.map(|(_, p)| p))
}

// ------------------------------------------------------------------------------------ loading

/// What to suggest for.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only these SKUs (all when empty).
    pub skus: Vec<String>,
    pub marketplace: Option<Marketplace>,
    pub today: Date,
    pub history_days: i64,
}

/// Days since 1970-01-01 (proleptic Gregorian), for fast day arithmetic on stored dates.
fn day_number(d: Date) -> i64 {
    let (y, m, day) = (
        i64::from(d.year()),
        i64::from(d.month()),
        i64::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub struct Loaded {
    pub facts: Vec<ListingFacts>,
}

/// Reads the listings and everything the rules need, in a few bulk queries.
pub fn load(
    store: &Store,
    req: &Request,
    policies: &PolicySet,
    forecast: &dyn Demand,
    progress: &dyn Progress,
) -> Result<Loaded> {
    let conn = store.conn();
    let today = day_number(req.today);
    let start = today - req.history_days;
    let start_date = req
        .today
        .checked_sub(jiff::Span::new().days(req.history_days))
        .map_err(|e| Error::usage(format!("history window: {e}")))?;
    let parse_day = |text: &str| date_prefix(text).map(day_number);

    // Listings.
    struct Row {
        id: i64,
        shop_id: i64,
        marketplace: Marketplace,
        external_id: String,
        sku: String,
        price: i64,
        currency: Currency,
    }
    let mut rows = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT l.id, l.shop_id, s.channel, l.external_id, l.sku, l.price_minor, l.currency
             FROM listings l JOIN shops s ON s.id = l.shop_id
             WHERE l.state = 'active' AND l.sku IS NOT NULL ORDER BY l.sku, s.channel, l.id",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let channel: String = r.get(2)?;
            let Some(m) = Marketplace::parse(&channel) else {
                continue;
            };
            if req.marketplace.is_some_and(|x| x != m) {
                continue;
            }
            let sku: String = r.get(4)?;
            if !req.skus.is_empty() && !req.skus.contains(&sku) {
                continue;
            }
            let cur: String = r.get(6)?;
            let Ok(currency) = Currency::new(&cur) else {
                continue;
            };
            rows.push(Row {
                id: r.get(0)?,
                shop_id: r.get(1)?,
                marketplace: m,
                external_id: r.get(3)?,
                sku,
                price: r.get(5)?,
                currency,
            });
        }
    }
    for sku in &req.skus {
        if !rows.iter().any(|r| &r.sku == sku) {
            let scope = req
                .marketplace
                .map(|m| format!(" on {m}"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "SKU {sku:?} has no active listing{scope} in the store: check the SKU (`sellkit report sales --sku {sku}`)"
            )));
        }
    }
    let mut sku_index: HashMap<String, usize> = HashMap::new();
    for r in &rows {
        let n = sku_index.len();
        sku_index.entry(r.sku.clone()).or_insert(n);
    }
    let nsku = sku_index.len();

    // Products, costs, inventory.
    let mut category: Vec<Option<String>> = vec![None; nsku];
    let mut package: Vec<Option<Package>> = vec![None; nsku];
    {
        let mut stmt = conn.prepare(
            "SELECT sku, category, weight_g, length_mm, width_mm, height_mm FROM products",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            category[i] = r.get(1)?;
            let w: Option<i64> = r.get(2)?;
            let dims: (Option<i64>, Option<i64>, Option<i64>) = (r.get(3)?, r.get(4)?, r.get(5)?);
            if let (Some(w), (Some(a), Some(b), Some(c))) = (w, dims) {
                package[i] = Some(Package::from_metric(w, [a, b, c]));
            }
        }
    }
    let mut cost: Vec<Option<(i64, String)>> = vec![None; nsku];
    {
        let mut stmt = conn.prepare(
            "SELECT sku, unit_cost_minor, currency FROM product_costs WHERE effective_from <= ?1 ORDER BY sku, effective_from",
        )?;
        let mut q = stmt.query(params![req.today.to_string()])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            cost[i] = Some((r.get(1)?, r.get(2)?));
        }
    }
    let mut available: Vec<Option<i64>> = vec![None; nsku];
    {
        let mut stmt = conn
            .prepare("SELECT sku, SUM(on_hand - reserved + inbound) FROM inventory GROUP BY sku")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            available[i] = r.get(1)?;
        }
    }

    tracing::debug!("price suggest: listings, products, costs, inventory read");
    let t = std::time::Instant::now();
    // Sales by SKU and shop, by day; velocity by SKU.
    let mut sales: HashMap<(usize, i64), Vec<(i64, i64)>> = HashMap::new();
    let mut recent_units: Vec<i64> = vec![0; nsku];
    {
        let mut stmt = conn.prepare(
            // CROSS JOIN keeps this order: one pass over the lines, each order found by its rowid
            // (about twice as fast as walking the orders' date index).
            "SELECT ol.sku, o.shop_id, o.ordered_at, ol.quantity FROM order_lines ol CROSS JOIN orders o ON o.id = ol.order_id
             WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')",
        )?;
        let mut q = stmt.query(params![
            crate::time::start_of_day(start_date),
            crate::time::start_of_day(req.today)
        ])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            let Some(day) = parse_day(r.get_ref(2)?.as_str()?) else {
                continue;
            };
            let qty: i64 = r.get(3)?;
            sales
                .entry((i, r.get(1)?))
                .or_default()
                .push((day - start, qty));
            if day >= today - VELOCITY_DAYS {
                recent_units[i] += qty;
            }
        }
    }
    tracing::debug!("price suggest: sales read in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut stockouts: Vec<Vec<i64>> = vec![Vec::new(); nsku];
    {
        let mut stmt =
            conn.prepare("SELECT sku, day FROM stockouts WHERE day >= ?1 ORDER BY sku, day")?;
        let mut q = stmt.query(params![start_date.to_string()])?;
        while let Some(r) = q.next()? {
            let Some(&i) = sku_index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            if let Some(day) = parse_day(r.get_ref(1)?.as_str()?) {
                stockouts[i].push(day - start);
            }
        }
    }
    let mut price_history: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT listing_id, effective_from, price_minor FROM listing_prices ORDER BY listing_id, effective_from",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let Some(day) = parse_day(r.get_ref(1)?.as_str()?) else {
                continue;
            };
            price_history
                .entry(r.get(0)?)
                .or_default()
                .push((day - start, r.get(2)?));
        }
    }

    // Offers: the latest observation per (marketplace, SKU, seller).
    let max_age = policies.max_offer_age_days();
    let mut offers: HashMap<(Marketplace, usize), HashMap<String, (i64, Offer)>> = HashMap::new();
    {
        let since = req
            .today
            .checked_sub(jiff::Span::new().days(max_age))
            .map_err(|e| Error::usage(format!("offer window: {e}")))?;
        let mut stmt = conn.prepare(
            "SELECT marketplace, sku, seller, price_minor, shipping_minor, currency, is_featured, seen_at, title
             FROM offers WHERE sku IS NOT NULL AND seen_at >= ?1",
        )?;
        let mut q = stmt.query(params![crate::time::start_of_day(since)])?;
        while let Some(r) = q.next()? {
            let Some(m) = Marketplace::parse(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            let Some(&i) = sku_index.get(r.get_ref(1)?.as_str()?) else {
                continue;
            };
            let Some(seen) = parse_day(r.get_ref(7)?.as_str()?) else {
                continue;
            };
            let Ok(currency) = Currency::new(r.get_ref(5)?.as_str()?) else {
                continue;
            };
            let seller: String = r.get(2)?;
            let offer = Offer {
                currency,
                seller: seller.clone(),
                landed_minor: r.get::<_, i64>(3)? + r.get::<_, i64>(4)?,
                featured: r.get(6)?,
                age_days: (today - seen).max(0),
                title: r.get(8)?,
            };
            let slot = offers.entry((m, i)).or_default();
            let keep = slot.get(&seller).is_none_or(|(d, _)| seen >= *d);
            if keep {
                slot.insert(seller, (seen, offer));
            }
        }
    }

    tracing::debug!(
        "price suggest: stockouts, prices, offers read in {:?}",
        t.elapsed()
    );
    let t = std::time::Instant::now();
    progress.start(rows.len() as u64, "listings");
    let req_e = Requirements::default();
    let window = (today - start).max(0);
    let facts: Vec<ListingFacts> = rows
        .into_par_iter()
        .map(|r| {
            let i = sku_index[&r.sku];
            let policy = policies.for_listing(r.marketplace, &r.sku);
            let cost_minor = match &cost[i] {
                Some((m, cur)) if cur.eq_ignore_ascii_case(r.currency.code()) => Some(*m),
                _ => None,
            };
            let mut listing_offers: Vec<Offer> = offers
                .get(&(r.marketplace, i))
                .map(|m| {
                    m.values()
                        .filter(|(_, o)| o.currency == r.currency)
                        .map(|(_, o)| o.clone())
                        .collect()
                })
                .unwrap_or_default();
            listing_offers.sort_by(|a, b| a.seller.cmp(&b.seller));
            let stock = available[i]
                .map(|a| StockPosition::new(a, recent_units[i], forecast.daily_units(&r.sku)));
            let elasticity = policy.elasticity.then(|| {
                let listing_sales = sales.get(&(i, r.shop_id)).map(Vec::as_slice).unwrap_or(&[]);
                // Most of a long tail sells too little: say so without building the spells.
                let units: i64 = listing_sales.iter().map(|(_, q)| q).sum();
                if (units as f64) < req_e.min_units {
                    return Err(Refusal::TooFewSales {
                        units: units as f64,
                        needed: req_e.min_units,
                    });
                }
                let obs = observations(
                    price_history.get(&r.id).map(Vec::as_slice).unwrap_or(&[]),
                    listing_sales,
                    &stockouts[i],
                    window,
                );
                elasticity::estimate(&obs, &req_e)
            });
            progress.inc(1);
            ListingFacts {
                listing_id: r.id,
                shop_id: r.shop_id,
                marketplace: r.marketplace,
                external_id: r.external_id,
                sku: r.sku,
                currency: r.currency,
                current_minor: r.price,
                cost_minor,
                category: category[i].clone(),
                package: package[i],
                offers: listing_offers,
                stock,
                elasticity,
            }
        })
        .collect();
    progress.finish();
    tracing::debug!("price suggest: facts and elasticities in {:?}", t.elapsed());
    Ok(Loaded { facts })
}

/// Spells of one price within one week over days `0..window`, with in-stock days and units.
/// `prices` are (day, price) changes sorted by day; days before the first price are skipped.
pub fn observations(
    prices: &[(i64, i64)],
    sales: &[(i64, i64)],
    stockouts: &[i64],
    window: i64,
) -> Vec<Observation> {
    if prices.is_empty() || window <= 0 {
        return Vec::new();
    }
    let n = window as usize;
    let mut units = vec![0i64; n];
    for (d, q) in sales {
        if (0..window).contains(d) {
            units[*d as usize] += q;
        }
    }
    let mut out_of_stock = vec![false; n];
    for d in stockouts {
        if (0..window).contains(d) {
            out_of_stock[*d as usize] = true;
        }
    }
    let mut out = Vec::new();
    let mut k = 0usize; // index of the price in force
    let mut current: Option<(i64, i64, f64, f64)> = None; // (week, price, days, units)
    let mid = |week: i64| (week * 7 + 3) as f64;
    for day in 0..window {
        while k + 1 < prices.len() && prices[k + 1].0 <= day {
            k += 1;
        }
        if prices[k].0 > day {
            continue;
        }
        let price = prices[k].1;
        let week = day / 7;
        if let Some((w, p, d, u)) = current
            && (w != week || p != price)
        {
            if d > 0.0 {
                out.push(Observation {
                    price: p as f64,
                    day: mid(w),
                    days: d,
                    units: u,
                });
            }
            current = None;
        }
        let slot = current.get_or_insert((week, price, 0.0, 0.0));
        if !out_of_stock[day as usize] {
            slot.2 += 1.0;
            slot.3 += units[day as usize] as f64;
        }
    }
    if let Some((w, p, d, u)) = current
        && d > 0.0
    {
        out.push(Observation {
            price: p as f64,
            day: mid(w),
            days: d,
            units: u,
        });
    }
    out
}

/// Counts of what a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub listings: usize,
    pub raise: usize,
    pub lower: usize,
    pub keep: usize,
    pub skip: usize,
    pub drafts_created: usize,
    pub drafts_unchanged: usize,
    pub drafts_superseded: usize,
    /// Pricing analyst answers that passed validation (their choice applied).
    pub analyst_valid: usize,
    /// Pricing analyst answers rejected (those listings skipped, no draft).
    pub analyst_rejected: usize,
}

/// The `price_change` draft for a raise or lower: the new price with the floor and ceiling it
/// must stay inside (an edit in `review` is held to them), the listing it changes and why.
pub fn new_draft(s: &Suggestion) -> Option<crate::drafts::NewDraft> {
    let new = s.suggested_price?;
    // The draft records who chose its price, why, and how sure: the analyst when it was asked
    // (always, for a raise or lower from `suggest`), else the engine's rules.
    let (agent, rationale, confidence) = match &s.analyst {
        Some(a) => (
            a.agent,
            format!("{} | engine: {}", a.explanation, s.reasons.join("; ")),
            a.confidence_bp,
        ),
        None => (AGENT, s.reasons.join("; "), s.confidence_bp),
    };
    Some(crate::drafts::NewDraft {
        kind: crate::drafts::DraftKind::PriceChange,
        marketplace: s.marketplace.as_str().to_string(),
        shop_id: Some(s.shop_id),
        sku: Some(s.sku.clone()),
        listing_id: Some(s.listing_id),
        payload: json!({
            "listing_external_id": s.external_id,
            "old_price": s.current_price,
            "new_price": new,
            "floor": s.floor,
            "ceiling": s.ceiling,
        }),
        agent: agent.to_string(),
        rationale,
        confidence_bp: Some(confidence),
    })
}

/// Writes a pending draft per raise/lower (one transaction), superseding older pending price
/// drafts of the same listing; an identical pending draft is left as it is. A "keep" withdraws
/// older pending price drafts of the listing (superseded), since they are no longer advised.
pub fn write_drafts(
    store: &mut Store,
    suggestions: &mut [Suggestion],
    now: &str,
    dry_run: bool,
    summary: &mut Summary,
) -> Result<()> {
    if dry_run {
        for s in suggestions
            .iter_mut()
            .filter(|s| s.action == "raise" || s.action == "lower")
        {
            if let Some(d) = new_draft(s) {
                let prepared = drafts::prepare(store.conn(), &d)?;
                s.draft = Some(DraftOutcome {
                    id: None,
                    status: "dry_run",
                    payload_hash: prepared.hash,
                });
            }
        }
        return Ok(());
    }
    let seal = store.seal()?;
    store.write(|tx| {
        // Every pending price draft, read once.
        let mut pending: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
        for (listing, id, hash) in drafts::pending_price_drafts(tx)? {
            pending.entry(listing).or_default().push((id, hash));
        }
        for s in suggestions.iter_mut() {
            if s.action == "skip" {
                continue;
            }
            let existing: Vec<(i64, String)> = pending.remove(&s.listing_id).unwrap_or_default();
            if s.action == "keep" {
                for (id, _) in &existing {
                    summary.drafts_superseded += usize::from(drafts::supersede(tx, *id, now)?);
                }
                continue;
            }
            let Some(d) = new_draft(s) else { continue };
            let prepared = drafts::prepare(tx, &d)?;
            if let Some((id, _)) = existing.iter().find(|(_, h)| *h == prepared.hash) {
                for (other, _) in existing.iter().filter(|(i, _)| i != id) {
                    summary.drafts_superseded += usize::from(drafts::supersede(tx, *other, now)?);
                }
                summary.drafts_unchanged += 1;
                s.draft = Some(DraftOutcome {
                    id: Some(*id),
                    status: "unchanged",
                    payload_hash: prepared.hash,
                });
                continue;
            }
            for (id, _) in &existing {
                summary.drafts_superseded += usize::from(drafts::supersede(tx, *id, now)?);
            }
            let id = drafts::insert_prepared(tx, &d, &prepared, now)?;
            summary.drafts_created += 1;
            s.draft = Some(DraftOutcome {
                id: Some(id),
                status: "created",
                payload_hash: prepared.hash,
            });
        }
        drafts::posting::note(
            tx,
            &seal,
            now,
            AGENT,
            "price_suggest",
            "drafts",
            &json!({"created": summary.drafts_created, "unchanged": summary.drafts_unchanged, "superseded": summary.drafts_superseded}),
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;
