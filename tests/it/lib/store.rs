//! Library tests through the public API: the demo shop's determinism, and the P&L against an
//! independent SQL computation over the same rows.

use jiff::civil::{Date, date};
use rusqlite::Connection;
use sellkit::marketplaces::demo::{self, DemoSpec};
use sellkit::progress::NoProgress;
use sellkit::report::sales::{self, CostMethod, Period, SalesQuery};
use sellkit::store::Store;

fn now() -> jiff::Timestamp {
    "2025-06-30T12:00:00Z".parse().unwrap()
}

fn spec(seed: u64) -> DemoSpec {
    DemoSpec {
        seed,
        skus: 24,
        days: 800,
        end: date(2025, 6, 29),
    }
}

/// Every row of the data tables, without surrogate ids, as text.
fn dump(conn: &Connection) -> Vec<String> {
    let queries = [
        "SELECT marketplace, channel, external_id, name, currency FROM shops ORDER BY external_id",
        "SELECT sku, title, category, weight_g, attributes FROM products ORDER BY sku",
        "SELECT sku, effective_from, unit_cost_minor FROM product_costs ORDER BY 1, 2",
        "SELECT s.external_id, l.external_id, l.sku, l.title, l.tags, l.price_minor, l.quantity, l.state FROM listings l JOIN shops s ON s.id = l.shop_id ORDER BY 1, 2",
        "SELECT s.external_id, o.external_id, o.ordered_at, o.status, o.ship_city, o.ship_country, l.line_no, l.sku, l.quantity, l.unit_price_minor, l.discount_minor, l.shipping_minor, l.tax_minor, l.fees_minor FROM orders o JOIN shops s ON s.id = o.shop_id JOIN order_lines l ON l.order_id = o.id ORDER BY 1, 2, 7",
        "SELECT sku, on_hand, reserved, inbound FROM inventory ORDER BY sku",
        "SELECT sku, day FROM stockouts ORDER BY 1, 2",
        "SELECT marketplace, sku, seller, price_minor, shipping_minor, is_featured, seen_at FROM offers ORDER BY 1, 2, 3, 7",
        "SELECT term, value, observed_at FROM trend_signals ORDER BY 1, 3",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    cells.push(format!("{:?}", r.get_ref(i)?));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for r in rows {
            out.push(r.unwrap());
        }
    }
    out
}

#[test]
fn the_demo_shop_is_deterministic_and_reruns_leave_no_duplicates() {
    let mut a = Store::open_in_memory().unwrap();
    let mut b = Store::open_in_memory().unwrap();
    let sa = demo::fill(&mut a, &spec(7), now(), &NoProgress).unwrap();
    let sb = demo::fill(&mut b, &spec(7), now(), &NoProgress).unwrap();
    assert_eq!(sa.rows, sb.rows);
    let first = dump(a.conn());
    assert_eq!(first, dump(b.conn()));
    // Again into the same store: the same rows, not twice as many.
    demo::fill(&mut a, &spec(7), now(), &NoProgress).unwrap();
    assert_eq!(first, dump(a.conn()));
    // Another seed gives another shop.
    let mut c = Store::open_in_memory().unwrap();
    demo::fill(&mut c, &spec(8), now(), &NoProgress).unwrap();
    assert_ne!(first, dump(c.conn()));
    assert!(demo::orphan_skus(&a).unwrap().is_empty());
}

#[test]
fn the_demo_shop_has_what_every_command_needs() {
    let mut s = Store::open_in_memory().unwrap();
    let summary = demo::fill(&mut s, &spec(42), now(), &NoProgress).unwrap();
    let conn = s.conn();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(summary.days >= 730);
    assert_eq!(q("SELECT COUNT(DISTINCT channel) FROM shops"), 4);
    assert!(q("SELECT COUNT(DISTINCT ship_country) FROM orders") >= 5);
    assert!(q("SELECT COUNT(*) FROM offers") > 0);
    assert!(q("SELECT COUNT(*) FROM trend_signals") > 0);
    assert!(q("SELECT COUNT(*) FROM stockouts") > 0);
    // Some SKUs are close to running out (under 14 days of cover at their last-28-day rate).
    let near = q("SELECT COUNT(*) FROM inventory i WHERE i.on_hand * 28 < 14 * (
                    SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
                    WHERE l.sku = i.sku AND o.ordered_at >= '2025-06-02')");
    assert!(near >= 1, "no SKU near stockout");
    // Weekly seasonality: Mondays sell more than Fridays over the whole history.
    let by_dow = |d: &str| {
        q(&format!(
            "SELECT SUM(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE strftime('%w', o.ordered_at) = '{d}'"
        ))
    };
    assert!(by_dow("1") > by_dow("5"));
    // Yearly seasonality: December outsells January.
    let by_month = |m: &str| {
        q(&format!(
            "SELECT SUM(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE substr(o.ordered_at, 1, 7) = '{m}'"
        ))
    };
    assert!(by_month("2024-12") > by_month("2025-01"));
    // Planted rising products sell more in the last quarter than the quarter before.
    for sku in demo::planted_rising(&spec(42)) {
        let recent = q(&format!(
            "SELECT COALESCE(SUM(l.quantity),0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '{sku}' AND o.ordered_at >= '2025-04-01'"
        ));
        let before = q(&format!(
            "SELECT COALESCE(SUM(l.quantity),0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '{sku}' AND o.ordered_at >= '2025-01-01' AND o.ordered_at < '2025-04-01'"
        ));
        assert!(recent > before, "{sku}: {recent} vs {before}");
    }
}

/// (orders, units, revenue, discounts, shipping, fees, cogs) by an independent SQL query.
fn sql_totals(conn: &Connection, since: Date, until: Date, group: &str) -> Vec<(String, [i64; 7])> {
    let sql = format!(
        "WITH lines AS (
           SELECT o.id AS order_id, s.channel, l.sku, substr(o.ordered_at, 1, 7) AS month,
                  l.quantity, l.unit_price_minor * l.quantity AS revenue, l.discount_minor, l.shipping_minor, l.fees_minor,
                  l.quantity * COALESCE(
                    (SELECT c.unit_cost_minor FROM product_costs c WHERE c.sku = l.sku AND c.effective_from <= substr(o.ordered_at, 1, 10) ORDER BY c.effective_from DESC LIMIT 1),
                    (SELECT c.unit_cost_minor FROM product_costs c WHERE c.sku = l.sku ORDER BY c.effective_from LIMIT 1), 0) AS cogs
           FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN shops s ON s.id = o.shop_id
           WHERE o.status NOT IN ('cancelled', 'refunded') AND date(o.ordered_at) BETWEEN ?1 AND ?2)
         SELECT {group}, COUNT(DISTINCT order_id), SUM(quantity), SUM(revenue), SUM(discount_minor), SUM(shipping_minor), SUM(fees_minor), SUM(cogs)
         FROM lines GROUP BY {group} ORDER BY {group}"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map([since.to_string(), until.to_string()], |r| {
            let mut v = [0i64; 7];
            for (i, slot) in v.iter_mut().enumerate() {
                *slot = r.get(i + 1)?;
            }
            Ok((r.get::<_, String>(0)?, v))
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn report_values(row: &sales::SalesRow) -> [i64; 7] {
    [
        row.orders,
        row.units,
        row.revenue.amount_minor,
        row.discounts.amount_minor,
        row.shipping.amount_minor,
        row.fees.amount_minor,
        row.cogs.amount_minor,
    ]
}

#[test]
fn report_sales_equals_independent_sql() {
    let mut s = Store::open_in_memory().unwrap();
    demo::fill(&mut s, &spec(3), now(), &NoProgress).unwrap();
    // The estimate basis: no ledger (tests/it/cli/report_ledger.rs checks the ledger's).
    s.conn()
        .execute_batch("DELETE FROM ledger_entries")
        .unwrap();
    // A window that starts and ends inside months, across a year boundary.
    let (since, until) = (date(2024, 3, 17), date(2025, 2, 11));
    let q = SalesQuery {
        since,
        until,
        period: Period::Month,
        channel: None,
        sku: None,
        refund_restocked: false,
        cost_method: CostMethod::Dated,
        home: None,
    };
    let r = sales::sales(&s, &q).unwrap();

    let total = sql_totals(s.conn(), since, until, "'total'");
    assert_eq!(report_values(&r.totals[0]), total[0].1);

    let by_channel = sql_totals(s.conn(), since, until, "channel");
    let mut ours: Vec<(String, [i64; 7])> = r
        .by_channel
        .iter()
        .map(|x| (x.key.clone(), report_values(x)))
        .collect();
    ours.sort();
    assert_eq!(ours, by_channel);

    let by_month = sql_totals(s.conn(), since, until, "month");
    let ours: Vec<(String, [i64; 7])> = r
        .by_period
        .iter()
        .map(|x| (x.key.clone(), report_values(x)))
        .collect();
    assert_eq!(ours, by_month);
    assert_eq!(ours.first().unwrap().0, "2024-03");
    assert_eq!(ours.last().unwrap().0, "2025-02");

    let by_sku = sql_totals(s.conn(), since, until, "sku");
    let mut ours: Vec<(String, [i64; 7])> = r
        .by_sku
        .iter()
        .map(|x| (x.key.clone(), report_values(x)))
        .collect();
    ours.sort();
    assert_eq!(ours, by_sku);

    // Weeks: keys are Mondays, and the sums agree with the months.
    let q = SalesQuery {
        period: Period::Week,
        ..q
    };
    let w = sales::sales(&s, &q).unwrap();
    assert_eq!(report_values(&w.totals[0]), total[0].1);
    assert!(
        w.by_period
            .iter()
            .all(|p| p.key.parse::<Date>().unwrap().weekday() == jiff::civil::Weekday::Monday)
    );
}

/// The indexes of a table as (name, sql), in schema order.
fn indexes(store: &Store, table: &str) -> Vec<(String, Option<String>)> {
    let mut st = store
        .conn()
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 ORDER BY name")
        .unwrap();
    st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn cache_size(store: &Store) -> i64 {
    store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_bulk_write_drops_secondary_indexes_for_the_load_and_rebuilds_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_or_create(&dir.path().join("s.db")).unwrap();
    let before = indexes(&store, "order_lines");
    assert!(before.iter().any(|(_, sql)| sql.is_some()), "{before:?}");
    let cache = cache_size(&store);
    let seen = store
        .bulk_write(&["order_lines"], |tx| {
            // Inside the load only constraint indexes (no SQL text) are left.
            let n: i64 = tx.query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'order_lines' AND sql IS NOT NULL",
                [],
                |r| r.get(0),
            )?;
            Ok(n)
        })
        .unwrap();
    assert_eq!(seen, 0);
    assert_eq!(indexes(&store, "order_lines"), before);
    assert_eq!(cache_size(&store), cache);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_failed_bulk_write_leaves_rows_and_indexes_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_or_create(&dir.path().join("s.db")).unwrap();
    demo::fill(&mut store, &spec(3), now(), &NoProgress).unwrap();
    let before_rows = dump(store.conn());
    let before_idx = indexes(&store, "orders");
    let cache = cache_size(&store);
    let err = store.bulk_write(&["orders", "order_lines"], |tx| {
        tx.execute("DELETE FROM order_lines", [])?;
        tx.execute("DELETE FROM orders", [])?;
        Err::<(), _>(sellkit::error::Error::input("stop half-way"))
    });
    assert!(err.is_err());
    assert_eq!(dump(store.conn()), before_rows);
    assert_eq!(indexes(&store, "orders"), before_idx);
    assert_eq!(cache_size(&store), cache);
}
