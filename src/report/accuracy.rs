//! Forecast accuracy: the last forecast runs against the units actually sold since.
//!
//! A forecast period counts once it has ended (its last day is before today) and the SKU had
//! no stockout day in it (demand on such days is unknown, not zero: those periods are
//! "censored" and left out). Actual units are order lines of orders that are not cancelled or
//! refunded, by UTC day. Per run, per SKU (latest evaluated run) and pooled over the runs:
//! MAE = Σ|point − actual| ÷ periods; WAPE = Σ|point − actual| ÷ Σ actual; bias =
//! (Σ point − Σ actual) ÷ Σ actual; coverage = share of periods whose actual fell inside the
//! 80% / 95% interval. Ratios in basis points, rounded half away from zero.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::forecast::history::Freq;
use crate::money::basis_points;
use crate::store::Store;
use crate::time::start_of_day;

#[derive(Debug, Clone)]
pub struct AccuracyQuery {
    pub today: Date,
    pub sku: Option<String>,
    /// Runs created on or after this day (else the last `runs` runs).
    pub since: Option<Date>,
    /// Runs created on or before this day.
    pub until: Option<Date>,
    pub runs: usize,
    /// SKUs to draw a forecast fan for.
    pub fan_skus: usize,
}

/// Accuracy over a set of forecast periods.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Scores {
    /// Forecast periods that have ended.
    pub periods_due: i64,
    /// Of those, periods with a stockout day (left out).
    pub periods_censored: i64,
    pub periods_evaluated: i64,
    /// Σ point forecast (2 decimals) and Σ actual units over the evaluated periods.
    pub forecast_units: f64,
    pub actual_units: i64,
    /// Mean absolute error in units per period (3 decimals).
    pub mae: Option<f64>,
    pub wape_bp: Option<i64>,
    pub bias_bp: Option<i64>,
    pub coverage_80_bp: Option<i64>,
    pub coverage_95_bp: Option<i64>,
}

#[derive(Debug, Clone, Default)]
struct Acc {
    due: i64,
    censored: i64,
    n: i64,
    point: f64,
    actual: i64,
    abs_err: f64,
    in80: i64,
    in95: i64,
}

impl Acc {
    fn add(&mut self, f: &Row, actual: i64) {
        self.n += 1;
        self.point += f.point;
        self.actual += actual;
        self.abs_err += (f.point - actual as f64).abs();
        let a = actual as f64;
        if f.lo_80 <= a && a <= f.hi_80 {
            self.in80 += 1;
        }
        if f.lo_95 <= a && a <= f.hi_95 {
            self.in95 += 1;
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.due += o.due;
        self.censored += o.censored;
        self.n += o.n;
        self.point += o.point;
        self.actual += o.actual;
        self.abs_err += o.abs_err;
        self.in80 += o.in80;
        self.in95 += o.in95;
    }

    fn scores(&self) -> Scores {
        let ratio = |num: f64| {
            (self.actual > 0).then(|| (10_000.0 * num / self.actual as f64).round() as i64)
        };
        Scores {
            periods_due: self.due,
            periods_censored: self.censored,
            periods_evaluated: self.n,
            forecast_units: (self.point * 100.0).round() / 100.0,
            actual_units: self.actual,
            mae: (self.n > 0).then(|| (self.abs_err / self.n as f64 * 1000.0).round() / 1000.0),
            wape_bp: ratio(self.abs_err),
            bias_bp: ratio(self.point - self.actual as f64),
            coverage_80_bp: basis_points(self.in80, self.n),
            coverage_95_bp: basis_points(self.in95, self.n),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunAccuracy {
    pub run_id: i64,
    pub created_at: String,
    pub freq: &'static str,
    pub horizon: i64,
    pub first_period: String,
    pub skus: i64,
    #[serde(flatten)]
    pub scores: Scores,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SkuAccuracy {
    pub run_id: i64,
    pub sku: String,
    pub title: Option<String>,
    #[serde(flatten)]
    pub scores: Scores,
}

/// One forecast period of a fan chart, with the actual units once the period has ended.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FanPoint {
    pub period_start: String,
    pub point: f64,
    pub lo_80: f64,
    pub hi_80: f64,
    pub lo_95: f64,
    pub hi_95: f64,
    pub actual: Option<i64>,
}

/// A forecast fan of the latest run for one SKU, with the history before it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fan {
    pub run_id: i64,
    pub sku: String,
    pub title: Option<String>,
    pub freq: &'static str,
    /// (period start, units sold) for up to two horizons before the forecast.
    pub history: Vec<(String, i64)>,
    pub forecast: Vec<FanPoint>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AccuracyReport {
    pub as_of: String,
    pub runs: Vec<RunAccuracy>,
    /// Pooled over the runs listed.
    pub overall: Scores,
    /// Per SKU for the latest run with evaluated periods, worst WAPE first.
    pub by_sku_run_id: Option<i64>,
    pub by_sku: Vec<SkuAccuracy>,
    pub fans: Vec<Fan>,
}

struct Row {
    sku: String,
    start: Date,
    point: f64,
    lo_80: f64,
    hi_80: f64,
    lo_95: f64,
    hi_95: f64,
}

struct RunInfo {
    id: i64,
    created_at: String,
    freq: Freq,
    horizon: i64,
    first_period: String,
    skus: i64,
}

/// Units sold per SKU and UTC day.
type DailyUnits = HashMap<String, BTreeMap<Date, i64>>;
/// Stockout days per SKU, ascending.
type StockoutDays = HashMap<String, Vec<Date>>;

/// Daily units and stockout days per SKU over `[from, to)`, optionally for some SKUs only.
fn daily(
    store: &Store,
    from: Date,
    to: Date,
    skus: Option<&[String]>,
) -> Result<(DailyUnits, StockoutDays)> {
    let conn = store.conn();
    let filter = skus.map(|s| serde_json::to_string(s).unwrap_or_else(|_| "[]".into()));
    let mut units: DailyUnits = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT l.sku, substr(o.ordered_at, 1, 10) AS day, SUM(l.quantity)
           FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')
            AND (?3 IS NULL OR l.sku IN (SELECT value FROM json_each(?3)))
          GROUP BY l.sku, day",
    )?;
    let mut rows = stmt.query(params![start_of_day(from), start_of_day(to), filter])?;
    while let Some(r) = rows.next()? {
        let day: String = r.get(1)?;
        if let Ok(d) = day.parse::<Date>() {
            units.entry(r.get(0)?).or_default().insert(d, r.get(2)?);
        }
    }
    let mut outs: StockoutDays = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT sku, day FROM stockouts WHERE day >= ?1 AND day < ?2
            AND (?3 IS NULL OR sku IN (SELECT value FROM json_each(?3))) ORDER BY sku, day",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string(), filter])?;
    while let Some(r) = rows.next()? {
        let day: String = r.get(1)?;
        if let Ok(d) = day.parse::<Date>() {
            outs.entry(r.get(0)?).or_default().push(d);
        }
    }
    Ok((units, outs))
}

fn sum_range(map: Option<&BTreeMap<Date, i64>>, from: Date, to: Date) -> i64 {
    map.map_or(0, |m| m.range(from..to).map(|(_, v)| v).sum())
}

fn any_in(days: Option<&Vec<Date>>, from: Date, to: Date) -> bool {
    days.is_some_and(|d| {
        let i = d.partition_point(|x| *x < from);
        i < d.len() && d[i] < to
    })
}

/// The forecast rows of a run (of one SKU), those starting before `before` only when given.
fn load_rows(store: &Store, run: i64, sku: Option<&str>, before: Option<Date>) -> Result<Vec<Row>> {
    let mut stmt = store.conn().prepare(
        "SELECT sku, period_start, point, lo_80, hi_80, lo_95, hi_95 FROM forecasts
          WHERE run_id = ?1 AND (?2 IS NULL OR sku = ?2) AND (?3 IS NULL OR period_start < ?3)
          ORDER BY sku, period_start",
    )?;
    let mut rows = stmt.query(params![run, sku, before.map(|d| d.to_string())])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let start: String = r.get(1)?;
        let Ok(start) = start.parse::<Date>() else {
            continue;
        };
        out.push(Row {
            sku: r.get(0)?,
            start,
            point: r.get(2)?,
            lo_80: r.get(3)?,
            hi_80: r.get(4)?,
            lo_95: r.get(5)?,
            hi_95: r.get(6)?,
        });
    }
    Ok(out)
}

/// Builds the accuracy report.
pub fn accuracy(store: &Store, q: &AccuracyQuery) -> Result<AccuracyReport> {
    super::tune_for_reading(store)?;
    let conn = store.conn();
    let mut runs: Vec<RunInfo> = Vec::new();
    {
        let since = q.since.map(start_of_day);
        let until = q.until.and_then(|u| u.tomorrow().ok()).map(start_of_day);
        let limit = if q.since.is_some() || q.until.is_some() {
            i64::MAX
        } else {
            q.runs as i64
        };
        let mut stmt = conn.prepare(
            "SELECT id, created_at, freq, horizon, first_period, skus FROM forecast_runs
              WHERE (?1 IS NULL OR created_at >= ?1) AND (?2 IS NULL OR created_at < ?2)
              ORDER BY id DESC LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![since, until, limit])?;
        while let Some(r) = rows.next()? {
            runs.push(RunInfo {
                id: r.get(0)?,
                created_at: r.get(1)?,
                freq: Freq::parse(&r.get::<_, String>(2)?).unwrap_or(Freq::Day),
                horizon: r.get(3)?,
                first_period: r.get(4)?,
                skus: r.get(5)?,
            });
        }
    }
    let titles: HashMap<String, String> = {
        let mut stmt = conn.prepare("SELECT sku, title FROM products")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };

    let mut out_runs = Vec::new();
    let mut overall = Acc::default();
    let mut by_sku_run: Option<(i64, Vec<SkuAccuracy>)> = None;
    for run in &runs {
        // A period is due once it has ended, so it started before today: the rest of a run
        // (all of it, for a run made today) is not read.
        let rows = load_rows(store, run.id, q.sku.as_deref(), Some(q.today))?;
        let due: Vec<&Row> = rows
            .iter()
            .filter(|r| run.freq.add(r.start, 1) <= q.today)
            .collect();
        let mut acc = Acc::default();
        let mut per_sku: BTreeMap<&str, Acc> = BTreeMap::new();
        if let (Some(from), Some(to)) = (
            due.iter().map(|r| r.start).min(),
            due.iter().map(|r| run.freq.add(r.start, 1)).max(),
        ) {
            let (units, outs) = daily(store, from, to, None)?;
            for r in due {
                let end = run.freq.add(r.start, 1);
                let sku_acc = per_sku.entry(r.sku.as_str()).or_default();
                acc.due += 1;
                sku_acc.due += 1;
                if any_in(outs.get(&r.sku), r.start, end) {
                    acc.censored += 1;
                    sku_acc.censored += 1;
                    continue;
                }
                let actual = sum_range(units.get(&r.sku), r.start, end);
                acc.add(r, actual);
                sku_acc.add(r, actual);
            }
        }
        if by_sku_run.is_none() && acc.n > 0 {
            let mut list: Vec<SkuAccuracy> = per_sku
                .iter()
                .filter(|(_, a)| a.due > 0)
                .map(|(sku, a)| SkuAccuracy {
                    run_id: run.id,
                    sku: sku.to_string(),
                    title: titles.get(*sku).cloned(),
                    scores: a.scores(),
                })
                .collect();
            list.sort_by(|a, b| {
                b.scores
                    .wape_bp
                    .unwrap_or(i64::MIN)
                    .cmp(&a.scores.wape_bp.unwrap_or(i64::MIN))
                    .then_with(|| a.sku.cmp(&b.sku))
            });
            by_sku_run = Some((run.id, list));
        }
        overall.merge(&acc);
        out_runs.push(RunAccuracy {
            run_id: run.id,
            created_at: run.created_at.clone(),
            freq: run.freq.as_str(),
            horizon: run.horizon,
            first_period: run.first_period.clone(),
            skus: run.skus,
            scores: acc.scores(),
        });
    }
    let fans = match runs.first() {
        Some(latest) => fans(store, latest, q, &titles)?,
        None => Vec::new(),
    };
    let (by_sku_run_id, by_sku) = match by_sku_run {
        Some((id, list)) => (Some(id), list),
        None => (None, Vec::new()),
    };
    Ok(AccuracyReport {
        as_of: q.today.to_string(),
        runs: out_runs,
        overall: overall.scores(),
        by_sku_run_id,
        by_sku,
        fans,
    })
}

/// Fan charts of the latest run for the SKUs with the most forecast units.
fn fans(
    store: &Store,
    run: &RunInfo,
    q: &AccuracyQuery,
    titles: &HashMap<String, String>,
) -> Result<Vec<Fan>> {
    if q.fan_skus == 0 {
        return Ok(Vec::new());
    }
    let mut stmt = store.conn().prepare(
        "SELECT sku FROM forecasts WHERE run_id = ?1 AND (?2 IS NULL OR sku = ?2)
          GROUP BY sku ORDER BY SUM(point) DESC, sku LIMIT ?3",
    )?;
    let skus: Vec<String> = stmt
        .query_map(params![run.id, q.sku, q.fan_skus as i64], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    if skus.is_empty() {
        return Ok(Vec::new());
    }
    let Ok(first) = run.first_period.parse::<Date>() else {
        return Ok(Vec::new());
    };
    let back = (2 * run.horizon).clamp(4, 104) as i32;
    let hist_from = run.freq.add(first, -back);
    let end = run.freq.add(first, run.horizon as i32);
    let (units, _) = daily(store, hist_from, end.min(q.today), Some(&skus))?;
    let mut out = Vec::new();
    for sku in skus {
        let u = units.get(&sku);
        let history = (0..back)
            .map(|k| {
                let s = run.freq.add(hist_from, k);
                (s.to_string(), sum_range(u, s, run.freq.add(s, 1)))
            })
            .collect();
        let forecast = load_rows(store, run.id, Some(&sku), None)?
            .into_iter()
            .map(|r| {
                let end = run.freq.add(r.start, 1);
                FanPoint {
                    period_start: r.start.to_string(),
                    point: r.point,
                    lo_80: r.lo_80,
                    hi_80: r.hi_80,
                    lo_95: r.lo_95,
                    hi_95: r.hi_95,
                    actual: (end <= q.today).then(|| sum_range(u, r.start, end)),
                }
            })
            .collect();
        out.push(Fan {
            run_id: run.id,
            title: titles.get(&sku).cloned(),
            sku,
            freq: run.freq.as_str(),
            history,
            forecast,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_by_hand() {
        let mut a = Acc::default();
        let row = |point: f64| Row {
            sku: "A".into(),
            start: Date::constant(2025, 1, 1),
            point,
            lo_80: point - 1.0,
            hi_80: point + 1.0,
            lo_95: point - 2.0,
            hi_95: point + 2.0,
        };
        a.add(&row(10.0), 12); // error 2: outside 80, inside 95
        a.add(&row(5.0), 5); // error 0
        let s = a.scores();
        assert_eq!((s.periods_evaluated, s.actual_units), (2, 17));
        assert_eq!(s.forecast_units, 15.0);
        assert_eq!(s.mae, Some(1.0));
        assert_eq!(s.wape_bp, Some(1176)); // 2 / 17
        assert_eq!(s.bias_bp, Some(-1176));
        assert_eq!(
            (s.coverage_80_bp, s.coverage_95_bp),
            (Some(5000), Some(10_000))
        );
    }

    #[test]
    fn stockout_inside_a_period() {
        let days = vec![Date::constant(2025, 1, 5)];
        assert!(any_in(
            Some(&days),
            Date::constant(2025, 1, 5),
            Date::constant(2025, 1, 6)
        ));
        assert!(!any_in(
            Some(&days),
            Date::constant(2025, 1, 6),
            Date::constant(2025, 1, 13)
        ));
        assert!(!any_in(
            None,
            Date::constant(2025, 1, 1),
            Date::constant(2025, 2, 1)
        ));
    }
}
