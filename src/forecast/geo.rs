//! Where buyers are: units, revenue, share and growth by ship-to city, region or country,
//! for a period against the period of the same length before it; with the place's population
//! when the embedded table knows it ([`super::population`]), units per 100,000 people, to show
//! under-served places.

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
    /// People living there, from the embedded table; `None` when unknown.
    pub population: Option<i64>,
    /// Units in the period per 100,000 people (two decimals); `None` without a population.
    pub units_per_100k: Option<f64>,
}

/// (place, currency, units, previous units, revenue, population) as read.
type RawPlace = (String, String, i64, i64, i64, Option<i64>);

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
    // The parts of the place, for its population: a city group whose orders name different
    // regions (two Portlands) has none.
    let sql = format!(
        "SELECT {expr} AS place, o.currency,
                SUM(CASE WHEN o.ordered_at >= ?2 THEN l.quantity ELSE 0 END),
                SUM(CASE WHEN o.ordered_at < ?2 THEN l.quantity ELSE 0 END),
                SUM(CASE WHEN o.ordered_at >= ?2 THEN l.quantity * l.unit_price_minor ELSE 0 END),
                MIN(o.ship_city), MIN(o.ship_region), COUNT(DISTINCT o.ship_region), MIN(o.ship_country)
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
    let table = super::population::table();
    let mut raw: Vec<RawPlace> = Vec::new();
    while let Some(r) = rows.next()? {
        let city: Option<String> = r.get(5)?;
        let region: Option<String> = r.get(6)?;
        let regions: i64 = r.get(7)?;
        let country: Option<String> = r.get(8)?;
        let population = country.as_deref().and_then(|country| match level {
            Level::Country => table.country(country),
            Level::Region => region.as_deref().and_then(|g| table.region(country, g)),
            Level::City if regions <= 1 => city
                .as_deref()
                .and_then(|c| table.city(country, region.as_deref(), c)),
            Level::City => None,
        });
        raw.push((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            population,
        ));
    }
    let mut currencies: Vec<String> = raw.iter().map(|r| r.1.clone()).collect();
    currencies.sort();
    currencies.dedup();
    let mut out = Vec::new();
    for cur in currencies {
        let currency = Currency::new(&cur)
            .map_err(|e| crate::error::Error::input(format!("orders.currency: {e}")))?;
        let mut group: Vec<&RawPlace> = raw.iter().filter(|r| r.1 == cur).collect();
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
                population: r.5,
                units_per_100k: r.5.and_then(|p| super::population::per_100k(r.2, p)),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// One shop and one single-line order per row: (day, city, region or "", country, qty, price).
    fn orders(currency: &str, rows: &[(&str, &str, &str, &str, i64, i64)]) -> crate::store::Store {
        let mut store = crate::store::Store::open_in_memory().unwrap();
        let mut sql = format!(
            "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
             VALUES (1, 'demo', 'etsy', 's', 'Shop', '{currency}', 'demo', '2025-01-01T00:00:00Z');"
        );
        for (i, (day, city, region, country, qty, price)) in rows.iter().enumerate() {
            let region = if region.is_empty() {
                "NULL".to_string()
            } else {
                format!("'{region}'")
            };
            sql += &format!(
                "INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, ship_city, ship_region, ship_country, updated_at)
                 VALUES ({i}, 1, 'o{i}', '{day}T10:00:00Z', 'paid', '{currency}', '{city}', {region}, '{country}', '{day}');
                 INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES ({i}, 1, 'A', {qty}, {price});"
            );
        }
        store.conn_mut().execute_batch(&sql).unwrap();
        store
    }

    #[test]
    fn ranks_share_and_growth() {
        let store = orders(
            "EUR",
            &[
                ("2025-06-05", "Lyon", "", "FR", 3, 1000),
                ("2025-06-06", "Paris", "", "FR", 1, 2000),
                ("2025-05-30", "Lyon", "", "FR", 2, 1000), // previous period
                ("2025-05-30", "Paris", "", "FR", 4, 2000), // previous period
                ("2025-06-07", "Lyon", "", "FR", 4, 500),
            ],
        );
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
        // Populations from the embedded table (GeoNames): Lyon 520,774; France 66,987,244.
        assert_eq!(lyon.population, Some(520_774));
        assert_eq!(lyon.units_per_100k, Some(1.34)); // 7 × 100,000 / 520,774 = 1.344
        assert_eq!(countries[0].population, Some(66_987_244));
        assert_eq!(countries[0].units_per_100k, Some(0.01));
    }

    #[test]
    fn regions_and_ambiguous_or_unknown_places_have_no_made_up_population() {
        let day = "2025-06-05";
        let store = orders(
            "USD",
            &[
                (day, "Portland", "OR", "US", 5, 1000),
                (day, "Portland", "ME", "US", 1, 1000),
                (day, "Burlington", "VT", "US", 2, 1000),
                (day, "Austin", "Texas", "US", 3, 1000),
                (day, "Smalltown", "Kent", "GB", 1, 1000),
            ],
        );
        let (since, until) = (date(2025, 6, 3), date(2025, 6, 9));
        let pop = |level: Level, place: &str| -> (Option<i64>, Option<f64>) {
            let places = by_place(store.conn(), level, since, until).unwrap();
            let p = places.iter().find(|p| p.place == place).unwrap();
            (p.population, p.units_per_100k)
        };
        // Two Portlands in one group: which one is unknown, so no population.
        assert_eq!(pop(Level::City, "Portland, US"), (None, None));
        assert_eq!(pop(Level::City, "Burlington, US"), (None, None));
        assert!(pop(Level::City, "Austin, US").0.unwrap() > 900_000);
        assert_eq!(pop(Level::City, "Smalltown, GB"), (None, None));
        // U.S. states by code or name (Census 2019): Oregon 4,217,737; Texas 28,995,881.
        assert_eq!(pop(Level::Region, "OR, US"), (Some(4_217_737), Some(0.12)));
        assert_eq!(pop(Level::Region, "Texas, US").0, Some(28_995_881));
        assert_eq!(pop(Level::Region, "Kent, GB"), (None, None));
        assert_eq!(pop(Level::Country, "US").0, Some(327_167_434));
    }
}
