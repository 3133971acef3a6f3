//! Where buyers are: units, revenue, share and growth by ship-to city, region or country,
//! for a period against the period of the same length before it.

use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::error::Result;
use crate::money::{Currency, Money, basis_points};

/// The level of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    City,
    Region,
    Country,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::City => "city",
            Level::Region => "region",
            Level::Country => "country",
        }
    }
}

/// One place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub rank: usize,
    /// City and region come with their country (`Lyon, FR`); unknown places are `(unknown)`.
    pub place: String,
    pub units: i64,
    pub previous_units: i64,
    /// Gross item sales (quantity × unit price) in the period.
    pub revenue: Money,
    /// Share of all units in the period, in basis points.
    pub share_bp: Option<i64>,
    /// Change in units against the previous period, in basis points; `None` when the place
    /// sold nothing before.
    pub growth_bp: Option<i64>,
}

/// Places ranked by units over `[since, until]` (inclusive days), compared with the same number
/// of days just before. One list per currency, in currency order.
pub fn by_place(conn: &Connection, level: Level, since: Date, until: Date) -> Result<Vec<Place>> {
    let days = (until - since).get_days() as i64 + 1;
    let prev_since = since.checked_sub((days as i32).days()).unwrap_or(since);
    let end = until.checked_add(1.days()).unwrap_or(until);
    let expr = match level {
        Level::City => {
            "COALESCE(o.ship_city || ', ' || COALESCE(o.ship_country, '?'), '(unknown)')"
        }
        Level::Region => {
            "COALESCE(o.ship_region || ', ' || COALESCE(o.ship_country, '?'), '(unknown)')"
        }
        Level::Country => "COALESCE(o.ship_country, '(unknown)')",
    };
    let sql = format!(
        "SELECT {expr} AS place, o.currency,
                SUM(CASE WHEN o.ordered_at >= ?2 THEN l.quantity ELSE 0 END),
                SUM(CASE WHEN o.ordered_at < ?2 THEN l.quantity ELSE 0 END),
                SUM(CASE WHEN o.ordered_at >= ?2 THEN l.quantity * l.unit_price_minor ELSE 0 END)
           FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE o.ordered_at >= ?1 AND o.ordered_at < ?3 AND o.status NOT IN ('cancelled', 'refunded')
          GROUP BY place, o.currency"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params![
        prev_since.to_string(),
        since.to_string(),
        end.to_string()
    ])?;
    let mut raw: Vec<(String, String, i64, i64, i64)> = Vec::new();
    while let Some(r) = rows.next()? {
        raw.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    let mut currencies: Vec<String> = raw.iter().map(|r| r.1.clone()).collect();
    currencies.sort();
    currencies.dedup();
    let mut out = Vec::new();
    for cur in currencies {
        let currency = Currency::new(&cur)
            .map_err(|e| crate::error::Error::input(format!("orders.currency: {e}")))?;
        let mut group: Vec<&(String, String, i64, i64, i64)> =
            raw.iter().filter(|r| r.1 == cur).collect();
        let total: i64 = group.iter().map(|r| r.2).sum();
        group.sort_by(|a, b| b.2.cmp(&a.2).then(b.4.cmp(&a.4)).then(a.0.cmp(&b.0)));
        for (i, r) in group.iter().filter(|r| r.2 > 0 || r.3 > 0).enumerate() {
            out.push(Place {
                rank: i + 1,
                place: r.0.clone(),
                units: r.2,
                previous_units: r.3,
                revenue: Money::new(r.4, currency),
                share_bp: basis_points(r.2, total),
                growth_bp: if r.3 > 0 {
                    basis_points(r.2 - r.3, r.3)
                } else {
                    None
                },
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ranks_share_and_growth() {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let mut sql = String::from(
            "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
             VALUES (1, 'demo', 'etsy', 's', 'Shop', 'EUR', 'demo', '2025-01-01T00:00:00Z');",
        );
        // (day, city, country, qty, price)
        let rows = [
            ("2025-06-05", "Lyon", "FR", 3, 1000),
            ("2025-06-06", "Paris", "FR", 1, 2000),
            ("2025-05-30", "Lyon", "FR", 2, 1000), // previous period
            ("2025-05-30", "Paris", "FR", 4, 2000), // previous period
            ("2025-06-07", "Lyon", "FR", 4, 500),
        ];
        for (i, (day, city, country, qty, price)) in rows.iter().enumerate() {
            sql += &format!(
                "INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, ship_city, ship_country, updated_at)
                 VALUES ({i}, 1, 'o{i}', '{day}T10:00:00Z', 'paid', 'EUR', '{city}', '{country}', '{day}');
                 INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES ({i}, 1, 'A', {qty}, {price});"
            );
        }
        store.conn_mut().execute_batch(&sql).unwrap();
        // 7 days 06-03..06-09 against 05-27..06-02.
        let places = by_place(
            store.conn(),
            Level::City,
            date(2025, 6, 3),
            date(2025, 6, 9),
        )
        .unwrap();
        assert_eq!(places.len(), 2);
        let lyon = &places[0];
        assert_eq!(
            (
                lyon.rank,
                lyon.place.as_str(),
                lyon.units,
                lyon.previous_units
            ),
            (1, "Lyon, FR", 7, 2)
        );
        assert_eq!(lyon.revenue.amount_minor, 3 * 1000 + 4 * 500);
        assert_eq!(lyon.share_bp, Some(8750)); // 7 of 8 units
        assert_eq!(lyon.growth_bp, Some(25000)); // 2 → 7: +250%
        let paris = &places[1];
        assert_eq!((paris.units, paris.growth_bp), (1, Some(-7500))); // 4 → 1: −75%
        let countries = by_place(
            store.conn(),
            Level::Country,
            date(2025, 6, 3),
            date(2025, 6, 9),
        )
        .unwrap();
        assert_eq!((countries[0].place.as_str(), countries[0].units), ("FR", 8));
    }
}
