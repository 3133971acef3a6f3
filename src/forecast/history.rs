//! Demand history from the store and forecast runs back into it.
//!
//! Units sold per SKU and period come from order lines (cancelled and refunded orders left
//! out). A period in which the SKU was out of stock on at least half of its days is missing
//! (`NaN`), not zero; a period with fewer stockout days is scaled up to the days in stock.
//! Periods before a SKU's first sale are missing too (the product did not exist yet).

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use crate::error::Result;

/// Forecast period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Freq {
    Day,
    Week,
    Month,
}

impl Freq {
    pub fn parse(text: &str) -> Option<Freq> {
        match text {
            "day" => Some(Freq::Day),
            "week" => Some(Freq::Week),
            "month" => Some(Freq::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Freq::Day => "day",
            Freq::Week => "week",
            Freq::Month => "month",
        }
    }

    /// Season length used by the models: a weekly pattern in days, a yearly one in months;
    /// none in weeks (52 is too long for exponential smoothing's seasonal states).
    pub fn season_length(self) -> usize {
        match self {
            Freq::Day => 7,
            Freq::Week => 1,
            Freq::Month => 12,
        }
    }

    /// Average length in days.
    pub fn days(self) -> f64 {
        match self {
            Freq::Day => 1.0,
            Freq::Week => 7.0,
            Freq::Month => 30.436_875,
        }
    }

    pub fn default_horizon(self) -> usize {
        match self {
            Freq::Day => 28,
            Freq::Week => 12,
            Freq::Month => 6,
        }
    }

    /// Periods of history the models see by default: a year of days, three years of weeks,
    /// five years of months.
    pub fn default_history(self) -> usize {
        match self {
            Freq::Day => 365,
            Freq::Week => 156,
            Freq::Month => 60,
        }
    }

    /// Start of the period holding `d` (weeks start on Monday).
    pub fn start_of(self, d: Date) -> Date {
        match self {
            Freq::Day => d,
            Freq::Week => d
                .checked_sub((d.weekday().to_monday_zero_offset() as i32).days())
                .unwrap_or(d),
            Freq::Month => d.first_of_month(),
        }
    }

    /// Start of the period `k` periods after the one starting at `start`.
    pub fn add(self, start: Date, k: i32) -> Date {
        let span = match self {
            Freq::Day => k.days(),
            Freq::Week => (7 * k).days(),
            Freq::Month => k.months(),
        };
        start.checked_add(span).unwrap_or(start)
    }

    /// Number of whole periods from `from` to `to` (both period starts).
    pub fn between(self, from: Date, to: Date) -> i64 {
        match self {
            Freq::Day => (to - from).get_days() as i64,
            Freq::Week => (to - from).get_days() as i64 / 7,
            Freq::Month => {
                (to.year() as i64 - from.year() as i64) * 12
                    + (to.month() as i64 - from.month() as i64)
            }
        }
    }
}

/// One SKU's history and stock.
#[derive(Debug, Clone, PartialEq)]
pub struct SkuHistory {
    pub sku: String,
    /// Units per period, oldest first; `NaN` where demand is unknown.
    pub values: Vec<f64>,
    /// On hand minus reserved, over all locations.
    pub on_hand: i64,
    pub inbound: i64,
}

/// The history of every SKU over the same periods.
#[derive(Debug, Clone)]
pub struct History {
    pub freq: Freq,
    /// Start of the first period.
    pub from: Date,
    /// Start of the last (complete) period.
    pub to: Date,
    /// Start of the first forecast period (the current, incomplete one).
    pub first_forecast: Date,
    pub skus: Vec<SkuHistory>,
}

/// Read `periods` complete periods of history ending before the period that holds `today`.
pub fn load(
    conn: &Connection,
    freq: Freq,
    today: Date,
    periods: usize,
    sku: Option<&str>,
) -> Result<History> {
    let first_forecast = freq.start_of(today);
    let to = freq.add(first_forecast, -1);
    let from = freq.add(first_forecast, -(periods.max(1) as i32));
    let n = freq.between(from, first_forecast).max(0) as usize;
    let (from_s, end_s) = (from.to_string(), first_forecast.to_string());

    let mut index: HashMap<String, usize> = HashMap::new();
    let mut skus: Vec<SkuHistory> = Vec::new();
    let mut slot = |name: &str, skus: &mut Vec<SkuHistory>| -> usize {
        if let Some(i) = index.get(name) {
            return *i;
        }
        skus.push(SkuHistory {
            sku: name.to_string(),
            values: vec![0.0; n],
            on_hand: 0,
            inbound: 0,
        });
        index.insert(name.to_string(), skus.len() - 1);
        skus.len() - 1
    };
    {
        let mut stmt =
            conn.prepare("SELECT sku FROM products WHERE ?1 IS NULL OR sku = ?1 ORDER BY sku")?;
        let mut rows = stmt.query(params![sku])?;
        while let Some(r) = rows.next()? {
            slot(r.get_ref(0)?.as_str()?, &mut skus);
        }
    }
    // Units per SKU and day.
    let mut first_sale: Vec<Option<usize>> = Vec::new();
    let mut daily: Vec<(usize, Date, f64)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT l.sku, substr(o.ordered_at, 1, 10) AS day, SUM(l.quantity)
               FROM orders o JOIN order_lines l ON l.order_id = o.id
              WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2
                AND o.status NOT IN ('cancelled', 'refunded')
                AND (?3 IS NULL OR l.sku = ?3)
              GROUP BY l.sku, day",
        )?;
        let mut rows = stmt.query(params![from_s, end_s, sku])?;
        while let Some(r) = rows.next()? {
            let i = slot(r.get_ref(0)?.as_str()?, &mut skus);
            let Ok(day) = r.get_ref(1)?.as_str()?.parse::<Date>() else {
                continue;
            };
            daily.push((i, day, r.get::<_, i64>(2)? as f64));
        }
    }
    // Stockout days per SKU and period.
    let mut out_days: HashMap<(usize, usize), u32> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT sku, day FROM stockouts WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR sku = ?3)",
        )?;
        let mut rows = stmt.query(params![from_s, end_s, sku])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            let Ok(day) = r.get_ref(1)?.as_str()?.parse::<Date>() else {
                continue;
            };
            let p = freq.between(from, freq.start_of(day));
            if (0..n as i64).contains(&p) {
                *out_days.entry((i, p as usize)).or_insert(0) += 1;
            }
        }
    }
    {
        let mut stmt = conn.prepare(
            "SELECT sku, SUM(on_hand - reserved), SUM(inbound) FROM inventory
              WHERE ?1 IS NULL OR sku = ?1 GROUP BY sku",
        )?;
        let mut rows = stmt.query(params![sku])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(r.get_ref(0)?.as_str()?) else {
                continue;
            };
            skus[i].on_hand = r.get::<_, i64>(1)?.max(0);
            skus[i].inbound = r.get::<_, i64>(2)?.max(0);
        }
    }
    first_sale.resize(skus.len(), None);
    for (i, day, units) in daily {
        let p = freq.between(from, freq.start_of(day));
        if (0..n as i64).contains(&p) {
            let p = p as usize;
            skus[i].values[p] += units;
            if units > 0.0 && first_sale[i].is_none_or(|f| p < f) {
                first_sale[i] = Some(p);
            }
        }
    }
    for (i, s) in skus.iter_mut().enumerate() {
        for p in 0..n {
            let start = freq.add(from, p as i32);
            let days = (freq.add(start, 1) - start).get_days().max(1) as f64;
            let out = out_days.get(&(i, p)).copied().unwrap_or(0) as f64;
            if out * 2.0 >= days {
                s.values[p] = f64::NAN;
            } else if out > 0.0 {
                s.values[p] *= days / (days - out);
            }
        }
        let launch = first_sale[i].unwrap_or(n);
        for v in &mut s.values[..launch] {
            *v = f64::NAN;
        }
    }
    Ok(History {
        freq,
        from,
        to,
        first_forecast,
        skus,
    })
}

/// One SKU's result as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StoredSku {
    pub sku: String,
    pub demand_class: &'static str,
    pub adi: f64,
    pub cv2: f64,
    pub model: String,
    pub backtest_mase: Option<f64>,
    pub observations: usize,
    pub on_hand: i64,
    pub inbound: i64,
    pub lead_time_days: i64,
    pub review_days: i64,
    pub service_level_bp: i64,
    pub moq: i64,
    pub case_pack: i64,
    pub days_of_cover: Option<f64>,
    pub stockout_median: Option<Date>,
    pub stockout_pessimistic: Option<Date>,
    pub lead_time_demand: f64,
    pub safety_stock: f64,
    pub reorder_point: f64,
    pub order_quantity: u64,
    /// (period start, point, lo 80, hi 80, lo 95, hi 95)
    pub periods: Vec<(Date, f64, f64, f64, f64, f64)>,
}

/// The run as stored.
#[derive(Debug, Clone)]
pub struct StoredRun {
    pub created_at: jiff::Timestamp,
    pub freq: Freq,
    pub horizon: usize,
    pub season_length: usize,
    pub history_from: Date,
    pub history_to: Date,
    pub first_period: Date,
    pub duration_ms: u64,
}

/// Write a run and its SKUs in one transaction; returns the run id.
pub fn save(tx: &Transaction<'_>, run: &StoredRun, skus: &[StoredSku]) -> Result<i64> {
    tx.execute(
        "INSERT INTO forecast_runs (created_at, freq, horizon, season_length, history_from, history_to,
                                    first_period, skus, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            run.created_at.to_string(),
            run.freq.as_str(),
            run.horizon as i64,
            run.season_length as i64,
            run.history_from.to_string(),
            run.history_to.to_string(),
            run.first_period.to_string(),
            skus.len() as i64,
            run.duration_ms as i64
        ],
    )?;
    let run_id = tx.last_insert_rowid();
    let mut sku_stmt = tx.prepare(
        "INSERT INTO forecast_skus (run_id, sku, demand_class, adi, cv2, model, backtest_mase, observations,
             on_hand, inbound, lead_time_days, review_days, service_level_bp, moq, case_pack, days_of_cover,
             stockout_median, stockout_pessimistic, lead_time_demand, safety_stock, reorder_point, order_quantity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?;
    let mut fc_stmt = tx.prepare(
        "INSERT INTO forecasts (run_id, sku, period_start, point, lo_80, hi_80, lo_95, hi_95)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for s in skus {
        sku_stmt.execute(params![
            run_id,
            s.sku,
            s.demand_class,
            s.adi,
            s.cv2,
            s.model,
            s.backtest_mase,
            s.observations as i64,
            s.on_hand,
            s.inbound,
            s.lead_time_days,
            s.review_days,
            s.service_level_bp,
            s.moq,
            s.case_pack,
            s.days_of_cover,
            s.stockout_median.map(|d| d.to_string()),
            s.stockout_pessimistic.map(|d| d.to_string()),
            s.lead_time_demand,
            s.safety_stock,
            s.reorder_point,
            s.order_quantity as i64
        ])?;
        for (start, p, l80, h80, l95, h95) in &s.periods {
            fc_stmt.execute(params![
                run_id,
                s.sku,
                start.to_string(),
                p,
                l80,
                h80,
                l95,
                h95
            ])?;
        }
    }
    Ok(run_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn periods_start_on_mondays_and_first_days() {
        assert_eq!(Freq::Week.start_of(date(2025, 7, 3)), date(2025, 6, 30));
        assert_eq!(Freq::Month.start_of(date(2025, 7, 31)), date(2025, 7, 1));
        assert_eq!(Freq::Month.add(date(2025, 1, 1), 13), date(2026, 2, 1));
        assert_eq!(Freq::Week.between(date(2025, 6, 2), date(2025, 6, 30)), 4);
        assert_eq!(Freq::Month.between(date(2024, 11, 1), date(2025, 2, 1)), 3);
    }

    fn store_with(sql: &str) -> crate::store::Store {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        store.conn_mut().execute_batch(sql).unwrap();
        store
    }

    const SHOP: &str = "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
        VALUES (1, 'demo', 'etsy', 's', 'Shop', 'EUR', 'demo', '2025-01-01T00:00:00Z');
        INSERT INTO products (sku, title, origin, created_at, updated_at)
        VALUES ('A', 'A', 'demo', '2025-01-01', '2025-01-01'), ('B', 'B', 'demo', '2025-01-01', '2025-01-01');";

    fn order(id: i64, day: &str, sku: &str, qty: i64, status: &str) -> String {
        format!(
            "INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, updated_at)
             VALUES ({id}, 1, 'o{id}', '{day}T10:00:00Z', '{status}', 'EUR', '{day}T10:00:00Z');
             INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES ({id}, 1, '{sku}', {qty}, 1000);"
        )
    }

    #[test]
    fn daily_units_stockouts_and_launch() {
        let mut sql = SHOP.to_string();
        // Today is 2025-06-10: history is the 5 days 06-05..06-09.
        sql += &order(1, "2025-06-05", "A", 2, "paid");
        sql += &order(2, "2025-06-05", "A", 1, "shipped");
        sql += &order(3, "2025-06-06", "A", 5, "cancelled");
        sql += &order(4, "2025-06-08", "A", 4, "paid");
        sql += &order(5, "2025-06-07", "B", 1, "paid");
        sql += &order(6, "2025-06-10", "A", 9, "paid"); // today: not history
        sql += "INSERT INTO stockouts (sku, day, origin) VALUES ('A', '2025-06-07', 'demo');
                INSERT INTO inventory (sku, location, on_hand, reserved, inbound, as_of, origin)
                VALUES ('A', 'main', 10, 3, 5, '2025-06-10', 'demo'), ('A', 'shelf', 2, 0, 0, '2025-06-10', 'demo');";
        let store = store_with(&sql);
        let h = load(store.conn(), Freq::Day, date(2025, 6, 10), 5, None).unwrap();
        assert_eq!(
            (h.from, h.to, h.first_forecast),
            (date(2025, 6, 5), date(2025, 6, 9), date(2025, 6, 10))
        );
        let a = &h.skus[0];
        assert_eq!(a.sku, "A");
        let shown: Vec<String> = a
            .values
            .iter()
            .map(|v| {
                if v.is_nan() {
                    "-".into()
                } else {
                    v.to_string()
                }
            })
            .collect();
        // 06-05: 3 units; 06-06: cancelled → 0; 06-07: out of stock → missing; 06-08: 4; 06-09: 0.
        assert_eq!(shown, vec!["3", "0", "-", "4", "0"]);
        assert_eq!((a.on_hand, a.inbound), (9, 5));
        // B first sold on 06-07: the days before are missing, not zero.
        let b = &h.skus[1];
        assert!(b.values[0].is_nan() && b.values[1].is_nan());
        assert_eq!(&b.values[2..], &[1.0, 0.0, 0.0]);
    }

    #[test]
    fn weekly_totals_scale_up_partial_stockouts() {
        let mut sql = SHOP.to_string();
        // Week of 2025-06-02: 6 units, out of stock on 1 of 7 days → 6 × 7/6 = 7.
        sql += &order(1, "2025-06-03", "A", 6, "paid");
        sql += "INSERT INTO stockouts (sku, day, origin) VALUES ('A', '2025-06-04', 'demo');";
        let store = store_with(&sql);
        // Today is Thursday 2025-06-12: the current week (from 06-09) is incomplete, so the two
        // weeks of history start on 05-26 and 06-02; 05-26 precedes the first sale.
        let h = load(store.conn(), Freq::Week, date(2025, 6, 12), 2, Some("A")).unwrap();
        assert_eq!(h.skus.len(), 1);
        assert_eq!(
            (h.from, h.first_forecast),
            (date(2025, 5, 26), date(2025, 6, 9))
        );
        assert!(h.skus[0].values[0].is_nan());
        assert!((h.skus[0].values[1] - 7.0).abs() < 1e-12);
    }
}
