//! The risk sentinel (loss prevention): findings computed from the store with exact arithmetic,
//! each with a severity, the numbers behind it, a rationale and a confidence.
//!
//! - `stockout`: stock on hand (less reserved) lasts less than the restock lead time at the
//!   forecast's daily rate over the lead time when a [`Demand`] has one for the SKU
//!   (`report brief` passes the latest forecast run, [`crate::forecast::latest`]), else at the
//!   recent daily rate (units in the last 28 days over the days the SKU was in stock);
//! - `margin_below_target`: net margin of the last 28 days (sales report definitions) under
//!   `agents.target_margin_bp`, per SKU and channel, with at least 3 units sold;
//! - `price_below_floor`: a live price under break-even = unit cost / (1 − fee rate), the fee
//!   rate observed on that channel in the last 90 days;
//! - `competitor_undercut`: the lowest competitor offer (price + shipping) in the latest
//!   observation is cheaper than ours by more than `agents.undercut_bp`;
//! - `sales_drop`: order lines of the last 28 days against the 56 days before, as a one-sided
//!   exact test of two Poisson rates (conditional binomial test), exposure = days in stock;
//! - `inactive_listing`: a listing inactive or marked sold out while stock is on hand.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::Result;
use crate::forecast::demand::Demand;
use crate::money::basis_points;
use crate::store::Store;
use crate::time::{date_prefix, start_of_day};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub agent: &'static str,
    pub kind: &'static str,
    pub severity: Severity,
    pub sku: String,
    pub marketplace: Option<String>,
    pub summary: String,
    pub numbers: BTreeMap<&'static str, Value>,
    pub rationale: String,
    pub confidence_bp: i64,
}

/// Thresholds (config `agents.*`).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub lead_time_days: i64,
    pub target_margin_bp: i64,
    pub undercut_bp: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            lead_time_days: 21,
            target_margin_bp: 2000,
            undercut_bp: 1000,
        }
    }
}

const RECENT_DAYS: i64 = 28;
const BEFORE_DAYS: i64 = 56;

#[derive(Default, Clone)]
struct Window {
    lines: i64,
    units: i64,
}

#[derive(Default, Clone)]
struct Money28 {
    units: i64,
    revenue: i64,
    discounts: i64,
    shipping: i64,
    fees: i64,
    cogs: i64,
    currency: String,
}

fn days_before(d: Date, n: i64) -> Date {
    d.checked_sub(jiff::Span::new().days(n)).unwrap_or(d)
}

/// ln of P(X ≤ x) for X ~ Binomial(n, p), summed in log space (no underflow for large n).
pub fn binomial_cdf(x: i64, n: i64, p: f64) -> f64 {
    if x >= n {
        return 1.0;
    }
    if x < 0 {
        return 0.0;
    }
    if p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let mut log_pmf = n as f64 * lq;
    let mut acc = log_pmf;
    for k in 0..x {
        log_pmf += ((n - k) as f64).ln() - ((k + 1) as f64).ln() + lp - lq;
        let (hi, lo) = if acc > log_pmf {
            (acc, log_pmf)
        } else {
            (log_pmf, acc)
        };
        acc = hi + (lo - hi).exp().ln_1p();
    }
    acc.exp().min(1.0)
}

/// A listing of ours, as the listing and undercut checks see it.
struct L {
    sku: String,
    channel: String,
    price: i64,
    currency: String,
    state: String,
}

/// The cheapest landed offer of the latest observation per (SKU, marketplace): seller, landed
/// price, currency, when seen.
type BestOffers = BTreeMap<(String, String), (String, i64, String, String)>;

/// Everything the detectors read, loaded once.
struct Facts {
    today: Date,
    costs: HashMap<String, Vec<(Date, i64)>>,
    /// Order lines of the last 28 days, and of the 56 days before, per SKU.
    recent: HashMap<String, Window>,
    before: HashMap<String, Window>,
    /// The last 28 days' money per (SKU, channel).
    money: HashMap<(String, String), Money28>,
    /// Fees and net sales over 90 days, per (SKU, channel) and per channel.
    fee_base: HashMap<(String, String), (i64, i64)>,
    channel_fee: HashMap<String, (i64, i64)>,
    units_90: HashMap<(String, String), i64>,
    /// Days out of stock in each window: demand on those days is unknown, not zero.
    out_recent: HashMap<String, i64>,
    out_before: HashMap<String, i64>,
    /// (available, inbound) per SKU.
    stock: BTreeMap<String, (i64, i64)>,
    listings: Vec<L>,
    best: BestOffers,
}

/// The unit cost in effect on `d`.
fn cost_on(costs: &HashMap<String, Vec<(Date, i64)>>, sku: &str, d: Date) -> Option<i64> {
    let h = costs.get(sku)?;
    let idx = h.partition_point(|(e, _)| *e <= d);
    Some(h[idx.saturating_sub(1)].1)
}

impl Facts {
    fn load(conn: &rusqlite::Connection, today: Date) -> Result<Facts> {
        let recent_from = days_before(today, RECENT_DAYS);
        let before_from = days_before(today, RECENT_DAYS + BEFORE_DAYS);
        let fee_from = days_before(today, 90);

        // Unit cost history.
        let mut costs: HashMap<String, Vec<(Date, i64)>> = HashMap::new();
        {
            let mut stmt = conn.prepare("SELECT sku, effective_from, unit_cost_minor FROM product_costs ORDER BY sku, effective_from")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let sku: String = r.get(0)?;
                if let Some(d) = date_prefix(&r.get::<_, String>(1)?) {
                    costs.entry(sku).or_default().push((d, r.get(2)?));
                }
            }
        }
        // Order lines of the last 84 days (windows) and 90 days (fee rates).
        let mut recent: HashMap<String, Window> = HashMap::new();
        let mut before: HashMap<String, Window> = HashMap::new();
        let mut money: HashMap<(String, String), Money28> = HashMap::new();
        let mut fee_base: HashMap<(String, String), (i64, i64)> = HashMap::new();
        let mut channel_fee: HashMap<String, (i64, i64)> = HashMap::new();
        let mut units_90: HashMap<(String, String), i64> = HashMap::new();
        {
            let first = before_from.min(fee_from);
            let mut stmt = conn.prepare(
                "SELECT ol.sku, s.channel, o.ordered_at, ol.quantity, ol.unit_price_minor, ol.discount_minor, ol.shipping_minor, ol.fees_minor, o.currency
                 FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN shops s ON s.id = o.shop_id
                 WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')",
            )?;
            let mut rows = stmt.query(params![start_of_day(first), start_of_day(today)])?;
            while let Some(r) = rows.next()? {
                let sku: String = r.get(0)?;
                let channel: String = r.get(1)?;
                let Some(day) = date_prefix(&r.get::<_, String>(2)?) else {
                    continue;
                };
                let qty: i64 = r.get(3)?;
                let unit: i64 = r.get(4)?;
                let discount: i64 = r.get(5)?;
                let shipping: i64 = r.get(6)?;
                let fees: i64 = r.get(7)?;
                let revenue = unit * qty;
                if day >= fee_from {
                    let net = revenue - discount + shipping;
                    let e = fee_base.entry((sku.clone(), channel.clone())).or_default();
                    e.0 += fees;
                    e.1 += net;
                    let c = channel_fee.entry(channel.clone()).or_default();
                    c.0 += fees;
                    c.1 += net;
                    *units_90.entry((sku.clone(), channel.clone())).or_default() += qty;
                }
                if day >= recent_from {
                    let w = recent.entry(sku.clone()).or_default();
                    w.lines += 1;
                    w.units += qty;
                    let m = money.entry((sku.clone(), channel)).or_default();
                    m.units += qty;
                    m.revenue += revenue;
                    m.discounts += discount;
                    m.shipping += shipping;
                    m.fees += fees;
                    m.cogs += cost_on(&costs, &sku, day).unwrap_or(0) * qty;
                    m.currency = r.get(8)?;
                } else if day >= before_from {
                    let w = before.entry(sku).or_default();
                    w.lines += 1;
                    w.units += qty;
                }
            }
        }

        // Days out of stock in each window: demand on those days is unknown, not zero.
        let mut out_recent: HashMap<String, i64> = HashMap::new();
        let mut out_before: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt =
                conn.prepare("SELECT sku, day FROM stockouts WHERE day >= ?1 AND day < ?2")?;
            let mut rows = stmt.query(params![before_from.to_string(), today.to_string()])?;
            while let Some(r) = rows.next()? {
                let sku: String = r.get(0)?;
                let Some(d) = date_prefix(&r.get::<_, String>(1)?) else {
                    continue;
                };
                if d >= recent_from {
                    *out_recent.entry(sku).or_default() += 1;
                } else {
                    *out_before.entry(sku).or_default() += 1;
                }
            }
        }

        // Stock.
        let mut stock: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT sku, SUM(on_hand - reserved), SUM(inbound) FROM inventory GROUP BY sku",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (sku, avail, inbound) = row?;
                stock.insert(sku, (avail, inbound));
            }
        }

        let mut listings: Vec<L> = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT l.sku, s.channel, l.price_minor, l.currency, l.state FROM listings l JOIN shops s ON s.id = l.shop_id
                 WHERE l.sku IS NOT NULL ORDER BY l.sku, s.channel",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(L {
                    sku: r.get(0)?,
                    channel: r.get(1)?,
                    price: r.get(2)?,
                    currency: r.get(3)?,
                    state: r.get(4)?,
                })
            })?;
            for row in rows {
                listings.push(row?);
            }
        }

        let mut best: BestOffers = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT o.sku, o.marketplace, o.seller, o.price_minor + o.shipping_minor, o.currency, o.seen_at FROM offers o
                 JOIN (SELECT sku, marketplace, MAX(seen_at) AS seen FROM offers WHERE sku IS NOT NULL GROUP BY sku, marketplace) m
                   ON m.sku = o.sku AND m.marketplace = o.marketplace AND m.seen = o.seen_at
                 ORDER BY o.sku, o.marketplace, o.price_minor + o.shipping_minor, o.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?;
            for row in rows {
                let (sku, mp, seller, landed, cur, seen) = row?;
                best.entry((sku, mp)).or_insert((seller, landed, cur, seen));
            }
        }
        Ok(Facts {
            today,
            costs,
            recent,
            before,
            money,
            fee_base,
            channel_fee,
            units_90,
            out_recent,
            out_before,
            stock,
            listings,
            best,
        })
    }
}

/// Runs every detector. `today` is the first day not counted (the windows end yesterday).
pub fn scan(
    store: &Store,
    today: Date,
    t: &Thresholds,
    hook: Option<&dyn Demand>,
) -> Result<Vec<Finding>> {
    let f = Facts::load(store.conn(), today)?;
    let mut findings = Vec::new();
    stockouts(&f, t, hook, &mut findings);
    margins(&f, t, &mut findings);
    listing_checks(&f, &mut findings);
    undercuts(&f, t, &mut findings);
    sales_drops(&f, &mut findings);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.kind.cmp(b.kind))
            .then_with(|| a.sku.cmp(&b.sku))
            .then_with(|| a.marketplace.cmp(&b.marketplace))
    });
    Ok(findings)
}

/// Stockout inside the lead time: stock on hand lasts less than the lead time at the forecast's
/// rate (or the last 28 days' rate over the days in stock).
fn stockouts(f: &Facts, t: &Thresholds, hook: Option<&dyn Demand>, findings: &mut Vec<Finding>) {
    let Facts {
        recent,
        out_recent,
        stock,
        ..
    } = f;
    for (sku, (available, inbound)) in stock {
        let units = recent.get(sku).map_or(0, |w| w.units);
        let exposure = (RECENT_DAYS - out_recent.get(sku).copied().unwrap_or(0)).max(1);
        let (rate, source) = match hook.and_then(|h| h.daily_units(sku)) {
            Some(r) => (r, "forecast"),
            None => (units as f64 / exposure as f64, "last_28_days"),
        };
        if rate <= 0.0 {
            continue;
        }
        let available = (*available).max(0);
        let cover = available as f64 / rate;
        let lead = t.lead_time_days as f64;
        if cover >= lead {
            continue;
        }
        let with_inbound = (available + inbound) as f64 / rate;
        let severity = if with_inbound >= lead {
            Severity::Low
        } else if available == 0 || cover < lead / 2.0 {
            Severity::High
        } else {
            Severity::Medium
        };
        let summary = if available == 0 {
            format!("out of stock; sells {rate:.1} a day")
        } else {
            format!(
                "{available} in stock lasts {cover:.1} days at {rate:.1} a day; lead time {} days",
                t.lead_time_days
            )
        };
        findings.push(Finding {
            agent: "risk_sentinel",
            kind: "stockout",
            severity,
            sku: sku.clone(),
            marketplace: None,
            rationale: format!(
                "{summary}{}",
                if *inbound > 0 {
                    format!("; {inbound} inbound would cover {with_inbound:.1} days")
                } else {
                    String::new()
                }
            ),
            summary,
            numbers: BTreeMap::from([
                ("available", json!(available)),
                ("inbound", json!(inbound)),
                ("daily_units", json!((rate * 100.0).round() / 100.0)),
                ("rate_source", json!(source)),
                ("days_of_cover", json!((cover * 10.0).round() / 10.0)),
                ("lead_time_days", json!(t.lead_time_days)),
            ]),
            confidence_bp: if source == "forecast" {
                8000
            } else {
                (5000 + units * 100).min(9000)
            },
        });
    }
}

/// Net margin below target per SKU and channel over the last 28 days.
fn margins(f: &Facts, t: &Thresholds, findings: &mut Vec<Finding>) {
    let money = &f.money;
    let mut keys: Vec<&(String, String)> = money.keys().collect();
    keys.sort();
    for key in keys {
        let m = &money[key];
        if m.units < 3 {
            continue;
        }
        let net_sales = m.revenue - m.discounts + m.shipping;
        let profit = net_sales - m.fees - m.cogs;
        let Some(margin) = basis_points(profit, net_sales) else {
            continue;
        };
        if margin >= t.target_margin_bp {
            continue;
        }
        let severity = if margin < 0 {
            Severity::High
        } else {
            Severity::Medium
        };
        let summary = format!(
            "net margin {:.1}% on {} over 28 days, target {:.1}%",
            margin as f64 / 100.0,
            key.1,
            t.target_margin_bp as f64 / 100.0
        );
        findings.push(Finding {
            agent: "risk_sentinel",
            kind: "margin_below_target",
            severity,
            sku: key.0.clone(),
            marketplace: Some(key.1.clone()),
            rationale: format!(
                "{summary}: net sales {} minus fees {} and cost of goods {} leaves {} ({})",
                m.revenue - m.discounts + m.shipping,
                m.fees,
                m.cogs,
                profit,
                m.currency
            ),
            summary,
            numbers: BTreeMap::from([
                ("units", json!(m.units)),
                ("net_sales_minor", json!(net_sales)),
                ("fees_minor", json!(m.fees)),
                ("cogs_minor", json!(m.cogs)),
                ("net_profit_minor", json!(profit)),
                ("margin_bp", json!(margin)),
                ("target_margin_bp", json!(t.target_margin_bp)),
                ("currency", json!(m.currency)),
            ]),
            confidence_bp: 9000,
        });
    }
}

/// Listings priced under break-even, and listings inactive while the SKU is in stock.
fn listing_checks(f: &Facts, findings: &mut Vec<Finding>) {
    let Facts {
        today,
        costs,
        fee_base,
        channel_fee,
        units_90,
        stock,
        listings,
        ..
    } = f;
    let today = *today;
    for l in listings {
        if l.state == "active" {
            let Some(cost) = cost_on(costs, &l.sku, days_before(today, 1)) else {
                continue;
            };
            let (fees, base) = fee_base
                .get(&(l.sku.clone(), l.channel.clone()))
                .copied()
                .filter(|(_, b)| *b > 0)
                .or_else(|| channel_fee.get(&l.channel).copied())
                .unwrap_or((0, 0));
            let fee_bp = basis_points(fees, base).unwrap_or(0).clamp(0, 9000);
            // Break-even: price × (1 − fee rate) = cost.
            let (num, den) = (i128::from(cost) * 10_000, i128::from(10_000 - fee_bp));
            let floor = ((num + den - 1) / den) as i64;
            if l.price < floor {
                let summary = format!(
                    "price {} {} is under break-even {} (cost {} + fees {:.1}%)",
                    money_text(l.price),
                    l.currency,
                    money_text(floor),
                    money_text(cost),
                    fee_bp as f64 / 100.0
                );
                findings.push(Finding {
                    agent: "risk_sentinel",
                    kind: "price_below_floor",
                    severity: Severity::High,
                    sku: l.sku.clone(),
                    marketplace: Some(l.channel.clone()),
                    rationale: format!("{summary}: every sale loses money"),
                    summary,
                    numbers: BTreeMap::from([
                        ("price_minor", json!(l.price)),
                        ("unit_cost_minor", json!(cost)),
                        ("fee_rate_bp", json!(fee_bp)),
                        ("floor_minor", json!(floor)),
                        ("currency", json!(l.currency)),
                    ]),
                    confidence_bp: if base > 0 { 8500 } else { 6000 },
                });
            }
        }
        let available = stock.get(&l.sku).map_or(0, |s| s.0);
        if (l.state == "inactive" || l.state == "sold_out") && available > 0 {
            let elsewhere: i64 = units_90
                .iter()
                .filter(|((s, c), _)| *s == l.sku && *c != l.channel)
                .map(|(_, n)| *n)
                .sum();
            let severity = if elsewhere >= 90 {
                Severity::High
            } else {
                Severity::Medium
            };
            let summary = format!(
                "listing on {} is {} while {available} are in stock",
                l.channel, l.state
            );
            findings.push(Finding {
                agent: "risk_sentinel",
                kind: "inactive_listing",
                severity,
                sku: l.sku.clone(),
                marketplace: Some(l.channel.clone()),
                rationale: format!(
                    "{summary}; {elsewhere} units sold on other channels in 90 days"
                ),
                summary,
                numbers: BTreeMap::from([
                    ("available", json!(available)),
                    ("state", json!(l.state)),
                    ("units_90d_other_channels", json!(elsewhere)),
                ]),
                confidence_bp: 9500,
            });
        }
    }
}

/// A competitor's latest landed price under ours by more than the threshold.
fn undercuts(f: &Facts, t: &Thresholds, findings: &mut Vec<Finding>) {
    let (listings, best) = (&f.listings, &f.best);
    let ours: HashMap<(&str, &str), (&L,)> = listings
        .iter()
        .filter(|l| l.state == "active")
        .map(|l| ((l.sku.as_str(), l.channel.as_str()), (l,)))
        .collect();
    for ((sku, mp), (seller, landed, cur, seen)) in best {
        let Some((l,)) = ours.get(&(sku.as_str(), mp.as_str())) else {
            continue;
        };
        if *cur != l.currency || l.price <= 0 {
            continue;
        }
        let gap = l.price - landed;
        let Some(gap_bp) = basis_points(gap, l.price) else {
            continue;
        };
        if gap_bp <= t.undercut_bp {
            continue;
        }
        let severity = if gap_bp > 2 * t.undercut_bp {
            Severity::High
        } else {
            Severity::Medium
        };
        let seller = crate::output::sanitize::one_line(seller);
        let seller: String = seller.chars().take(60).collect();
        let summary = format!(
            "{seller} sells at {} {cur} with shipping, {:.1}% under our {}",
            money_text(*landed),
            gap_bp as f64 / 100.0,
            money_text(l.price)
        );
        findings.push(Finding {
            agent: "risk_sentinel",
            kind: "competitor_undercut",
            severity,
            sku: sku.clone(),
            marketplace: Some(mp.clone()),
            rationale: format!("{summary} (seen {seen})"),
            summary,
            numbers: BTreeMap::from([
                ("our_price_minor", json!(l.price)),
                ("competitor_landed_minor", json!(landed)),
                ("gap_bp", json!(gap_bp)),
                ("threshold_bp", json!(t.undercut_bp)),
                ("currency", json!(cur)),
            ]),
            confidence_bp: 8000,
        });
    }
}

/// Sales drop: exact conditional test of two Poisson rates (the last 28 days against the 56
/// before, each over its days in stock).
fn sales_drops(f: &Facts, findings: &mut Vec<Finding>) {
    let Facts {
        recent,
        before,
        out_recent,
        out_before,
        ..
    } = f;
    let mut skus: Vec<&String> = recent.keys().chain(before.keys()).collect();
    skus.sort();
    skus.dedup();
    for sku in skus {
        let x1 = recent.get(sku).map_or(0, |w| w.lines);
        let x2 = before.get(sku).map_or(0, |w| w.lines);
        let t1 = (RECENT_DAYS - out_recent.get(sku).copied().unwrap_or(0)).max(0);
        let t2 = (BEFORE_DAYS - out_before.get(sku).copied().unwrap_or(0)).max(0);
        let n = x1 + x2;
        if n < 10 || t1 < 7 || t2 < 14 {
            continue;
        }
        let r1 = x1 as f64 / t1 as f64;
        let r2 = x2 as f64 / t2 as f64;
        let ratio = r1 / r2;
        if ratio >= 0.7 {
            continue;
        }
        let p0 = t1 as f64 / (t1 + t2) as f64;
        let p_value = binomial_cdf(x1, n, p0);
        if p_value >= 0.01 {
            continue;
        }
        let severity = if p_value < 0.001 && ratio < 0.5 {
            Severity::High
        } else {
            Severity::Medium
        };
        let change_bp = ((ratio - 1.0) * 10_000.0).round() as i64;
        let summary = format!(
            "{:.2} orders a day in the last 28 days against {:.2} before ({:+.0}%, p = {:.1e})",
            r1,
            r2,
            (ratio - 1.0) * 100.0,
            p_value
        );
        findings.push(Finding {
            agent: "risk_sentinel",
            kind: "sales_drop",
            severity,
            sku: sku.clone(),
            marketplace: None,
            rationale: format!(
                "{summary}: {x1} order lines in {t1} days in stock against {x2} in {t2}; one-sided exact Poisson rate test"
            ),
            summary,
            numbers: BTreeMap::from([
                ("lines_recent", json!(x1)),
                ("days_recent", json!(t1)),
                ("lines_before", json!(x2)),
                ("days_before", json!(t2)),
                ("change_bp", json!(change_bp)),
                ("p_value", json!(p_value)),
            ]),
            confidence_bp: ((1.0 - p_value) * 10_000.0).round().clamp(0.0, 10_000.0) as i64,
        });
    }
}

fn money_text(minor: i64) -> String {
    format!(
        "{}{}.{:02}",
        if minor < 0 { "-" } else { "" },
        minor.abs() / 100,
        minor.abs() % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_cdf_matches_known_values() {
        // P(X <= 2 | n = 10, p = 0.5) = 56/1024.
        assert!((binomial_cdf(2, 10, 0.5) - 56.0 / 1024.0).abs() < 1e-12);
        assert_eq!(binomial_cdf(10, 10, 0.3), 1.0);
        // Large n does not underflow: P(X <= 800 | n = 3000, p = 1/3), 7.7 sd below the mean, is tiny but positive.
        let p = binomial_cdf(800, 3000, 1.0 / 3.0);
        assert!(binomial_cdf(900, 3000, 1.0 / 3.0) > 1e-5);
        assert!(p > 0.0 && p < 1e-6, "{p}");
        // The middle of the distribution is about one half.
        assert!((binomial_cdf(1000, 3000, 1.0 / 3.0) - 0.5).abs() < 0.02);
    }

    #[test]
    fn a_planted_drop_is_found_and_steady_sales_are_not() {
        let mut store = Store::open_in_memory().unwrap();
        let today = Date::constant(2025, 6, 30);
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
                     VALUES (1, 'import', 'etsy', 's', 'S', 'USD', 'import', '2025-01-01T00:00:00Z');
                     INSERT INTO products (sku, title, origin, created_at, updated_at) VALUES
                       ('DROP', 'd', 'import', 'x', 'x'), ('FLAT', 'f', 'import', 'x', 'x');",
                )?;
                let mut n = 0;
                for back in 1..=84i64 {
                    let day = today.checked_sub(jiff::Span::new().days(back)).unwrap();
                    // DROP: 3 a day before, 1 every other day in the last 28; FLAT: 2 a day.
                    let drop = if back <= 28 { i64::from(back % 2 == 0) } else { 3 };
                    for (sku, count) in [("DROP", drop), ("FLAT", 2)] {
                        for _ in 0..count {
                            n += 1;
                            tx.execute(
                                "INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, updated_at) VALUES (?1, 1, ?1, ?2, 'paid', 'USD', 'x')",
                                params![n, format!("{day}T10:00:00Z")],
                            )?;
                            tx.execute(
                                "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES (?1, 1, ?2, 1, 1000)",
                                params![n, sku],
                            )?;
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
        let f = scan(&store, today, &Thresholds::default(), None).unwrap();
        let drops: Vec<&Finding> = f.iter().filter(|f| f.kind == "sales_drop").collect();
        assert_eq!(drops.len(), 1, "{f:#?}");
        assert_eq!(drops[0].sku, "DROP");
        assert_eq!(drops[0].severity, Severity::High);
        assert_eq!(drops[0].numbers["lines_recent"], json!(14));
        assert_eq!(drops[0].numbers["lines_before"], json!(168));
    }

    #[test]
    fn stockout_uses_the_latest_forecast_run_and_falls_back_to_recent_sales() {
        use crate::forecast::latest::LatestForecast;
        let mut store = Store::open_in_memory().unwrap();
        let today = Date::constant(2025, 6, 30); // a Monday
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
                     VALUES (1, 'import', 'etsy', 's', 'S', 'USD', 'import', '2025-01-01T00:00:00Z');
                     INSERT INTO products (sku, title, origin, created_at, updated_at) VALUES
                       ('A', 'a', 'import', 'x', 'x'), ('B', 'b', 'import', 'x', 'x');
                     INSERT INTO inventory (sku, location, on_hand, reserved, inbound, as_of, origin)
                       VALUES ('A', 'main', 30, 0, 0, '2025-06-30', 'import'), ('B', 'main', 10, 0, 0, '2025-06-30', 'import');",
                )?;
                // The last 28 days: A sells 1 a day, B 2 a day.
                let mut n = 0;
                for back in 1..=28i64 {
                    let day = today.checked_sub(jiff::Span::new().days(back)).unwrap();
                    for (sku, qty) in [("A", 1), ("B", 2)] {
                        n += 1;
                        tx.execute(
                            "INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, updated_at) VALUES (?1, 1, ?1, ?2, 'paid', 'USD', 'x')",
                            params![n, format!("{day}T10:00:00Z")],
                        )?;
                        tx.execute(
                            "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES (?1, 1, ?2, ?3, 1000)",
                            params![n, sku, qty],
                        )?;
                    }
                }
                Ok(())
            })
            .unwrap();
        let stockouts = |f: &[Finding]| -> Vec<(String, Value, Value)> {
            f.iter()
                .filter(|f| f.kind == "stockout")
                .map(|f| {
                    (
                        f.sku.clone(),
                        f.numbers["rate_source"].clone(),
                        f.numbers["days_of_cover"].clone(),
                    )
                })
                .collect()
        };
        // No forecast run: recent average demand. A's 30 units last 30 days (≥ the 21-day lead
        // time); B's 10 last 5 days.
        assert_eq!(LatestForecast::load(store.conn(), today, 21).unwrap(), None);
        let f = scan(&store, today, &Thresholds::default(), None).unwrap();
        assert_eq!(
            stockouts(&f),
            vec![("B".into(), json!("last_28_days"), json!(5.0))]
        );
        // A weekly forecast run expects A to sell 21 a week (3 a day): 30 units last 10 days.
        // B has no forecast in the run and keeps its recent rate.
        store
            .write(|tx| {
                tx.execute_batch(
                    "INSERT INTO forecast_runs (id, created_at, freq, horizon, season_length, history_from, history_to, first_period, skus, duration_ms)
                     VALUES (1, '2025-06-30T06:00:00Z', 'week', 4, 1, '2024-07-01', '2025-06-23', '2025-06-30', 1, 5);
                     INSERT INTO forecasts (run_id, sku, period_start, point, lo_80, hi_80, lo_95, hi_95) VALUES
                       (1, 'A', '2025-06-30', 21, 15, 27, 12, 30), (1, 'A', '2025-07-07', 21, 15, 27, 12, 30),
                       (1, 'A', '2025-07-14', 21, 15, 27, 12, 30), (1, 'A', '2025-07-21', 21, 15, 27, 12, 30);",
                )?;
                Ok(())
            })
            .unwrap();
        let forecast = LatestForecast::load(store.conn(), today, 21)
            .unwrap()
            .unwrap();
        let f = scan(&store, today, &Thresholds::default(), Some(&forecast)).unwrap();
        assert_eq!(
            stockouts(&f),
            vec![
                ("A".into(), json!("forecast"), json!(10.0)),
                ("B".into(), json!("last_28_days"), json!(5.0))
            ]
        );
        let a = f.iter().find(|f| f.sku == "A").unwrap();
        assert_eq!(a.numbers["daily_units"], json!(3.0));
        assert_eq!(
            a.severity,
            Severity::High,
            "10 days is under half the lead time"
        );
    }
}
