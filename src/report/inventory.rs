//! Inventory health: days of cover, stockout risk and date, reorder suggestions, dead and
//! aging stock.
//!
//! Demand comes from the latest forecast run when it still covers today (the periods of that
//! run from the current one on); otherwise from the recent average: units sold over the last
//! `demand_days` whole days divided by the days the SKU was in stock (days listed in
//! `stockouts` are left out), with Poisson spread. Each row says which basis it used. The
//! arithmetic is `forecast::inventory::plan`, the same as `sellkit forecast`.
//!
//! Stock on hand is on hand minus reserved, summed over locations, never below zero. Dead stock:
//! on hand and no sale in the last `dead_days` days. Aging stock: on hand for more than
//! `aging_cover_days` days of cover. Stock value: units on hand × the unit cost in force today.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::forecast::history::Freq;
use crate::forecast::inventory::{Policy, Stock, plan};
use crate::money::{Currency, Money};
use crate::store::Store;
use crate::time::start_of_day;

/// Replenishment settings of one SKU (config `forecast.*`, `[forecast.sku."SKU"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replenish {
    pub lead_time_days: i64,
    pub review_days: i64,
    pub service_level_bp: i64,
    pub moq: i64,
    pub case_pack: i64,
}

#[derive(Debug, Clone)]
pub struct InventoryQuery {
    pub today: Date,
    pub sku: Option<String>,
    /// Only SKUs listed on this channel (demand still counts every channel: stock is shared).
    pub channel: Option<String>,
    pub demand_days: i64,
    pub dead_days: i64,
    pub aging_cover_days: i64,
    pub default: Replenish,
    pub overrides: HashMap<String, Replenish>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InventoryRow {
    pub sku: String,
    pub title: Option<String>,
    pub status: &'static str,
    pub on_hand: i64,
    pub inbound: i64,
    /// `forecast` or `recent_average`.
    pub basis: &'static str,
    /// Mean demand per day on that basis (3 decimals).
    pub demand_per_day: f64,
    /// Units sold over the last `demand_days` days, and the days of those in stock.
    pub units_recent: i64,
    pub days_in_stock_recent: i64,
    /// Units sold over the last `dead_days` days, and the day of the last of those sales.
    pub units_dead_window: i64,
    pub last_sold: Option<String>,
    /// On hand ÷ demand per day (1 decimal); null with no demand.
    pub days_of_cover: Option<f64>,
    /// Median and pessimistic (90th percentile of demand) stockout dates; null beyond the plan.
    pub stockout_date: Option<String>,
    pub stockout_date_pessimistic: Option<String>,
    pub lead_time_days: i64,
    /// Reorder when on hand + inbound falls to this (1 decimal).
    pub reorder_point: f64,
    /// Units to order now; 0 when stock covers lead time + review period.
    pub order_quantity: u64,
    /// On hand × unit cost in force today; null without a cost.
    pub stock_value: Option<Money>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Default)]
pub struct StatusCounts {
    pub out_of_stock: i64,
    pub stockout_risk: i64,
    pub reorder: i64,
    pub dead: i64,
    pub aging: i64,
    pub ok: i64,
    pub idle: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InventoryReport {
    pub as_of: String,
    /// `forecast`, `recent_average` or `mixed` (some SKUs each way).
    pub basis: &'static str,
    pub forecast_run_id: Option<i64>,
    pub forecast_run_created_at: Option<String>,
    pub forecast_freq: Option<&'static str>,
    pub skus_on_forecast: i64,
    pub skus_on_recent_average: i64,
    pub demand_days: i64,
    pub dead_days: i64,
    pub aging_cover_days: i64,
    pub counts: StatusCounts,
    /// Per currency: value of all stock, of dead stock and of aging stock at cost.
    pub stock_value: Vec<Money>,
    pub dead_stock_value: Vec<Money>,
    pub aging_stock_value: Vec<Money>,
    /// Soonest pessimistic stockout first, then SKU.
    pub rows: Vec<InventoryRow>,
}

const Z95: f64 = 1.959_963_984_540_054;

fn round_to(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

struct LatestRun {
    id: i64,
    created_at: String,
    freq: Freq,
    /// Per SKU: (start of the first period used, points, standard deviations).
    series: HashMap<String, (Date, Vec<f64>, Vec<f64>)>,
}

fn latest_run(store: &Store, today: Date, sku: Option<&str>) -> Result<Option<LatestRun>> {
    let conn = store.conn();
    let run = conn
        .query_row(
            "SELECT id, created_at, freq FROM forecast_runs ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .ok();
    let Some((id, created_at, freq)) = run else {
        return Ok(None);
    };
    let freq = Freq::parse(&freq).unwrap_or(Freq::Day);
    let from = freq.start_of(today).to_string();
    let mut stmt = conn.prepare(
        "SELECT sku, period_start, point, hi_95 FROM forecasts
          WHERE run_id = ?1 AND period_start >= ?2 AND (?3 IS NULL OR sku = ?3)
          ORDER BY sku, period_start",
    )?;
    let mut rows = stmt.query(params![id, from, sku])?;
    // Per SKU: the first period, then the point forecasts and the 95% upper bounds.
    type Series = (Date, Vec<f64>, Vec<f64>);
    let mut series: HashMap<String, Series> = HashMap::new();
    // Rows come by SKU: a SKU's series is built up here and stored when the next SKU begins,
    // so the SKU and the first period are read as text once per SKU, not once per row.
    let mut current: Option<(String, Series)> = None;
    while let Some(r) = rows.next()? {
        let sku = r.get_ref(0)?.as_str()?;
        if current.as_ref().is_none_or(|(s, _)| s != sku) {
            if let Some((s, entry)) = current.take() {
                series.insert(s, entry);
            }
            let start = r.get_ref(1)?.as_str()?.parse().unwrap_or(today);
            current = Some((
                sku.to_string(),
                series
                    .remove(sku)
                    .unwrap_or((start, Vec::new(), Vec::new())),
            ));
        }
        let point: f64 = r.get(2)?;
        let hi: f64 = r.get(3)?;
        if let Some((_, entry)) = &mut current {
            entry.1.push(point.max(0.0));
            entry.2.push(((hi - point) / Z95).max(0.0));
        }
    }
    if let Some((s, entry)) = current {
        series.insert(s, entry);
    }
    Ok(Some(LatestRun {
        id,
        created_at,
        freq,
        series,
    }))
}

/// Unit cost in force on `day` per SKU.
pub fn costs_on(store: &Store, day: Date) -> Result<HashMap<String, (i64, Currency)>> {
    let mut stmt = store.conn().prepare(
        "SELECT pc.sku, pc.unit_cost_minor, pc.currency FROM product_costs pc
          WHERE pc.effective_from = (SELECT MAX(effective_from) FROM product_costs
                                      WHERE sku = pc.sku AND effective_from <= ?1)",
    )?;
    let mut rows = stmt.query(params![day.to_string()])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        if let Ok(cur) = Currency::new(&r.get::<_, String>(2)?) {
            out.insert(r.get(0)?, (r.get(1)?, cur));
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Sold {
    units_recent: i64,
    units_dead: i64,
    last: Option<String>,
    stockout_days: i64,
}

/// Builds the inventory report.
pub fn inventory(store: &Store, q: &InventoryQuery) -> Result<InventoryReport> {
    super::tune_for_reading(store)?;
    let conn = store.conn();
    let today = q.today;
    let recent_from = today.checked_sub(q.demand_days.days()).unwrap_or(Date::MIN);
    let dead_from = today.checked_sub(q.dead_days.days()).unwrap_or(Date::MIN);
    let window_from = recent_from.min(dead_from);

    // Which SKUs: products and anything in stock, narrowed by --sku / --channel.
    let mut skus: Vec<(String, Option<String>)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT s.sku, p.title FROM (SELECT sku FROM products UNION SELECT sku FROM inventory) s
               LEFT JOIN products p ON p.sku = s.sku
              WHERE (?1 IS NULL OR s.sku = ?1)
                AND (?2 IS NULL OR s.sku IN (SELECT l.sku FROM listings l JOIN shops sh ON sh.id = l.shop_id
                                              WHERE sh.channel = ?2 AND l.sku IS NOT NULL))
              ORDER BY s.sku",
        )?;
        let mut rows = stmt.query(params![q.sku, q.channel])?;
        while let Some(r) = rows.next()? {
            skus.push((r.get(0)?, r.get(1)?));
        }
    }
    let mut stock: HashMap<String, (i64, i64)> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT sku, SUM(on_hand - reserved), SUM(inbound) FROM inventory GROUP BY sku",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            stock.insert(r.get(0)?, (r.get::<_, i64>(1)?.max(0), r.get(2)?));
        }
    }
    let mut sold: HashMap<String, Sold> = HashMap::new();
    {
        // Summed here rather than with GROUP BY: SQLite would sort every line of the window by
        // SKU first. Instants compare as text, as MAX(ordered_at) does.
        let mut stmt = conn.prepare(
            "SELECT l.sku, o.ordered_at, l.quantity
               FROM orders o JOIN order_lines l ON l.order_id = o.id
              WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2
                AND o.status NOT IN ('cancelled', 'refunded')",
        )?;
        let recent_text = start_of_day(recent_from);
        let dead_text = start_of_day(dead_from);
        let mut rows = stmt.query(params![start_of_day(window_from), start_of_day(today)])?;
        // Per SKU: (units recent, units in the dead window, last sale in the dead window).
        let mut index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        let mut acc: Vec<(String, i64, i64, Option<String>)> = Vec::new();
        while let Some(r) = rows.next()? {
            let sku = r.get_ref(0)?.as_str()?;
            let at = r.get_ref(1)?.as_str()?;
            let quantity: i64 = r.get(2)?;
            let i = match index.get(sku) {
                Some(i) => *i,
                None => {
                    index.insert(sku.to_string(), acc.len());
                    acc.push((sku.to_string(), 0, 0, None));
                    acc.len() - 1
                }
            };
            let e = &mut acc[i];
            if at >= recent_text.as_str() {
                e.1 += quantity;
            }
            if at >= dead_text.as_str() {
                e.2 += quantity;
                match &mut e.3 {
                    Some(last) if at > last.as_str() => {
                        last.clear();
                        last.push_str(at);
                    }
                    Some(_) => {}
                    None => e.3 = Some(at.to_string()),
                }
            }
        }
        for (sku, units_recent, units_dead, last) in acc {
            sold.insert(
                sku,
                Sold {
                    units_recent,
                    units_dead,
                    last: last.map(|t| t.chars().take(10).collect()),
                    stockout_days: 0,
                },
            );
        }
        let mut stmt = conn.prepare(
            "SELECT sku, COUNT(*) FROM stockouts WHERE day >= ?1 AND day < ?2 GROUP BY sku",
        )?;
        let mut rows = stmt.query(params![recent_from.to_string(), today.to_string()])?;
        while let Some(r) = rows.next()? {
            sold.entry(r.get(0)?).or_default().stockout_days = r.get(1)?;
        }
    }
    let costs = costs_on(store, today)?;
    let run = latest_run(store, today, q.sku.as_deref())?;

    let mut rows = Vec::with_capacity(skus.len());
    let (mut on_forecast, mut on_average) = (0i64, 0i64);
    for (sku, title) in skus {
        let (on_hand, inbound) = stock.get(&sku).copied().unwrap_or((0, 0));
        let s = sold.get(&sku);
        let units_recent = s.map_or(0, |s| s.units_recent);
        let days_in_stock = (q.demand_days - s.map_or(0, |s| s.stockout_days)).max(0);
        let pol = q.overrides.get(&sku).copied().unwrap_or(q.default);
        let from_run = run
            .as_ref()
            .and_then(|r| r.series.get(&sku).map(|s| (r.freq, s)))
            .filter(|(_, s)| !s.1.is_empty());
        let (basis, period_days, base, point, sd) = match from_run {
            Some((freq, (start, point, sd))) => {
                ("forecast", freq.days(), *start, point.clone(), sd.clone())
            }
            None => {
                let rate = units_recent as f64 / days_in_stock.max(1) as f64;
                (
                    "recent_average",
                    1.0,
                    today,
                    vec![rate; 28],
                    vec![rate.sqrt(); 28],
                )
            }
        };
        if basis == "forecast" {
            on_forecast += 1;
        } else {
            on_average += 1;
        }
        let policy = Policy {
            lead_time: pol.lead_time_days as f64 / period_days,
            review_period: pol.review_days as f64 / period_days,
            service_level: pol.service_level_bp as f64 / 10_000.0,
            moq: pol.moq as u64,
            case_pack: pol.case_pack as u64,
            pessimistic_quantile: 0.9,
        };
        let p = plan(
            &point,
            &sd,
            Stock {
                on_hand: on_hand as f64,
                inbound: inbound as f64,
            },
            &policy,
        );
        let demand_per_day = point.iter().sum::<f64>() / point.len().max(1) as f64 / period_days;
        // Whole days after the base; the epsilon keeps an exact quotient (stock ÷ rate = 111)
        // from landing a day early through rounding in the cumulative sum.
        let to_date = |periods: Option<f64>| -> Option<Date> {
            periods.map(|x| {
                let d = base
                    .checked_add((((x * period_days) + 1e-6).floor() as i64).days())
                    .unwrap_or(Date::MAX);
                d.max(today)
            })
        };
        let stockout = to_date(p.stockout_median);
        let pessimistic = to_date(p.stockout_pessimistic);
        let days_of_cover = p.days_of_cover.map(|d| round_to(d * period_days, 1));
        let last_sold = s.and_then(|s| s.last.clone());
        let lead_end = today
            .checked_add(pol.lead_time_days.days())
            .unwrap_or(Date::MAX);
        let status = if demand_per_day > 0.0 && on_hand == 0 {
            "out_of_stock"
        } else if pessimistic.is_some_and(|d| d <= lead_end) {
            "stockout_risk"
        } else if p.order_quantity > 0 {
            "reorder"
        } else if on_hand > 0 && last_sold.is_none() {
            "dead"
        } else if on_hand > 0 && days_of_cover.is_some_and(|d| d > q.aging_cover_days as f64) {
            "aging"
        } else if on_hand == 0 && demand_per_day == 0.0 {
            "idle"
        } else {
            "ok"
        };
        rows.push(InventoryRow {
            stock_value: costs
                .get(&sku)
                .map(|(c, cur)| Money::new(c * on_hand, *cur)),
            sku,
            title,
            status,
            on_hand,
            inbound,
            basis,
            demand_per_day: round_to(demand_per_day, 3),
            units_recent,
            days_in_stock_recent: days_in_stock,
            units_dead_window: s.map_or(0, |s| s.units_dead),
            last_sold,
            days_of_cover,
            stockout_date: stockout.map(|d| d.to_string()),
            stockout_date_pessimistic: pessimistic.map(|d| d.to_string()),
            lead_time_days: pol.lead_time_days,
            reorder_point: round_to(p.reorder_point, 1),
            order_quantity: p.order_quantity,
        });
    }
    rows.sort_by(|a, b| {
        let k = |r: &InventoryRow| {
            r.stockout_date_pessimistic
                .clone()
                .unwrap_or_else(|| "9999".into())
        };
        k(a).cmp(&k(b)).then_with(|| a.sku.cmp(&b.sku))
    });
    let mut counts = StatusCounts::default();
    let mut value: Vec<Money> = Vec::new();
    let mut dead_value: Vec<Money> = Vec::new();
    let mut aging_value: Vec<Money> = Vec::new();
    let add = |list: &mut Vec<Money>, m: Money| match list
        .iter_mut()
        .find(|x| x.currency == m.currency)
    {
        Some(x) => x.amount_minor += m.amount_minor,
        None => list.push(m),
    };
    for r in &rows {
        match r.status {
            "out_of_stock" => counts.out_of_stock += 1,
            "stockout_risk" => counts.stockout_risk += 1,
            "reorder" => counts.reorder += 1,
            "dead" => counts.dead += 1,
            "aging" => counts.aging += 1,
            "idle" => counts.idle += 1,
            _ => counts.ok += 1,
        }
        if let Some(v) = r.stock_value {
            add(&mut value, v);
            if r.status == "dead" {
                add(&mut dead_value, v);
            }
            if r.status == "aging" {
                add(&mut aging_value, v);
            }
        }
    }
    for list in [&mut value, &mut dead_value, &mut aging_value] {
        list.sort_by_key(|m| m.currency);
    }
    let basis = match (on_forecast, on_average) {
        (0, _) => "recent_average",
        (_, 0) => "forecast",
        _ => "mixed",
    };
    Ok(InventoryReport {
        as_of: today.to_string(),
        basis,
        forecast_run_id: run.as_ref().map(|r| r.id),
        forecast_run_created_at: run.as_ref().map(|r| r.created_at.clone()),
        forecast_freq: run.as_ref().map(|r| r.freq.as_str()),
        skus_on_forecast: on_forecast,
        skus_on_recent_average: on_average,
        demand_days: q.demand_days,
        dead_days: q.dead_days,
        aging_cover_days: q.aging_cover_days,
        counts,
        stock_value: value,
        dead_stock_value: dead_value,
        aging_stock_value: aging_value,
        rows,
    })
}
