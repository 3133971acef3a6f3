//! The latest stored forecast run, read as expected units per day over a window that starts
//! today: the risk sentinel's stockout check (window = the restock lead time) and the stock
//! position of `price suggest` use it when the store has a forecast, and fall back to recent
//! sales when it has none (or none covering the window).
//!
//! A forecast period that only partly overlaps the window counts in proportion to the days it
//! shares with it (a week forecast of 14 units, 3 days of which fall in the window, adds 6).

use std::collections::HashMap;

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};

use super::demand::Demand;
use super::history::Freq;
use crate::error::Result;

/// Daily demand per SKU from the newest forecast run.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestForecast {
    pub run_id: i64,
    pub freq: Freq,
    /// The window the rates cover: `from` (today) and its length in days.
    pub from: Date,
    pub window_days: i64,
    daily: HashMap<String, f64>,
}

impl LatestForecast {
    /// Reads the newest run (highest id). None when the store has no forecast run; a SKU whose
    /// forecast periods do not reach into the window has no rate.
    pub fn load(
        conn: &Connection,
        today: Date,
        window_days: i64,
    ) -> Result<Option<LatestForecast>> {
        let window_days = window_days.max(1);
        let run: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, freq FROM forecast_runs ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((run_id, freq)) = run else {
            return Ok(None);
        };
        let Some(freq) = Freq::parse(&freq) else {
            return Ok(None);
        };
        let end = today
            .checked_add(jiff::Span::new().days(window_days))
            .unwrap_or(today);
        let mut sums: HashMap<String, (f64, i64)> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT sku, period_start, point FROM forecasts WHERE run_id = ?1 ORDER BY sku, period_start",
        )?;
        let mut rows = stmt.query(params![run_id])?;
        while let Some(r) = rows.next()? {
            let Ok(start) = r.get_ref(1)?.as_str()?.parse::<Date>() else {
                continue;
            };
            let period_end = freq.add(start, 1);
            let length = (period_end - start).get_days() as i64;
            let from = start.max(today);
            let to = period_end.min(end);
            let shared = (to - from).get_days() as i64;
            if length <= 0 || shared <= 0 {
                continue;
            }
            let point: f64 = r.get(2)?;
            let e = sums.entry(r.get(0)?).or_default();
            e.0 += point.max(0.0) * shared as f64 / length as f64;
            e.1 += shared;
        }
        let daily = sums
            .into_iter()
            .map(|(sku, (units, days))| (sku, units / days as f64))
            .collect();
        Ok(Some(LatestForecast {
            run_id,
            freq,
            from: today,
            window_days,
            daily,
        }))
    }

    /// Expected units per day for a SKU over the window, when the run covers it.
    pub fn daily_units(&self, sku: &str) -> Option<f64> {
        self.daily.get(sku).copied()
    }

    /// Number of SKUs with a rate.
    pub fn len(&self) -> usize {
        self.daily.len()
    }

    pub fn is_empty(&self) -> bool {
        self.daily.is_empty()
    }
}

impl Demand for LatestForecast {
    fn daily_units(&self, sku: &str) -> Option<f64> {
        LatestForecast::daily_units(self, sku)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn store(sql: &str) -> crate::store::Store {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        store.conn_mut().execute_batch(sql).unwrap();
        store
    }

    fn run(id: i64, freq: &str) -> String {
        format!(
            "INSERT INTO forecast_runs (id, created_at, freq, horizon, season_length, history_from, history_to, first_period, skus, duration_ms)
             VALUES ({id}, '2025-06-10T00:00:00Z', '{freq}', 4, 1, '2025-01-06', '2025-06-02', '2025-06-09', 1, 1);"
        )
    }

    fn period(run: i64, sku: &str, start: &str, point: f64) -> String {
        format!(
            "INSERT INTO forecasts (run_id, sku, period_start, point, lo_80, hi_80, lo_95, hi_95)
             VALUES ({run}, '{sku}', '{start}', {point}, 0, 0, 0, 0);"
        )
    }

    #[test]
    fn no_run_means_no_forecast() {
        let s = store("");
        assert_eq!(
            LatestForecast::load(s.conn(), date(2025, 6, 12), 21).unwrap(),
            None
        );
    }

    #[test]
    fn weeks_count_by_the_days_they_share_with_the_window() {
        // Today is Thursday 2025-06-12; the window is 10 days, 06-12 to 06-21 inclusive.
        // Week of 06-09 (14 units): 4 of its days in the window (06-12..06-15) → 8 units.
        // Week of 06-16 (7 units): 6 of its days (06-16..06-21) → 6 units.
        // Week of 06-23: outside. Rate = (8 + 6) / (4 + 6) = 1.4 a day.
        let mut sql = run(1, "week");
        sql += &period(1, "A", "2025-06-09", 14.0);
        sql += &period(1, "A", "2025-06-16", 7.0);
        sql += &period(1, "A", "2025-06-23", 700.0);
        // B's forecast ended before today: no rate.
        sql += &period(1, "B", "2025-06-02", 70.0);
        // An older run is ignored.
        sql += &run(0, "day");
        sql += &period(0, "A", "2025-06-12", 1000.0);
        let s = store(&sql);
        let f = LatestForecast::load(s.conn(), date(2025, 6, 12), 10)
            .unwrap()
            .unwrap();
        assert_eq!((f.run_id, f.freq, f.len()), (1, Freq::Week, 1));
        assert!((f.daily_units("A").unwrap() - 1.4).abs() < 1e-12);
        assert_eq!(f.daily_units("B"), None);
        assert_eq!(
            Demand::daily_units(&f, "A").map(|x| (x * 10.0).round()),
            Some(14.0)
        );
    }

    #[test]
    fn months_use_their_real_length_and_negative_points_count_as_zero() {
        // June has 30 days: 60 units → 2 a day; July 31 days: 31 → 1 a day.
        // Window from 06-29, 4 days: 06-29, 06-30 (2 a day) and 07-01, 07-02 (1 a day) → 1.5.
        let mut sql = run(3, "month");
        sql += &period(3, "A", "2025-06-01", 60.0);
        sql += &period(3, "A", "2025-07-01", 31.0);
        sql += &period(3, "Z", "2025-06-01", -5.0);
        let s = store(&sql);
        let f = LatestForecast::load(s.conn(), date(2025, 6, 29), 4)
            .unwrap()
            .unwrap();
        assert!((f.daily_units("A").unwrap() - 1.5).abs() < 1e-12);
        assert_eq!(f.daily_units("Z"), Some(0.0));
    }
}
