//! `report` numbers against independent SQL over the same store, across period edges (week,
//! month, year) and the UTC day boundary; the HTML page parsed as XML with every chart drawn.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::common::TestEnv;

/// The cost in force for an order line, as `report sales` defines it: the latest cost dated on
/// or before the order day (the earliest cost when all are later), in the order's currency.
const LINES: &str = "
WITH lines AS (
  SELECT o.id AS oid, o.ordered_at AS at, s.channel AS channel, l.sku AS sku, l.quantity AS q,
         l.unit_price_minor AS p, l.discount_minor AS d, l.shipping_minor AS sh, l.fees_minor AS fe,
         COALESCE(o.ship_country, '(unknown)') AS country,
         (SELECT CASE WHEN pc.currency = o.currency THEN pc.unit_cost_minor END
            FROM product_costs pc WHERE pc.sku = l.sku
           ORDER BY pc.effective_from <= substr(o.ordered_at, 1, 10) DESC,
                    CASE WHEN pc.effective_from <= substr(o.ordered_at, 1, 10) THEN pc.effective_from END DESC,
                    pc.effective_from
           LIMIT 1) AS cost
    FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN shops s ON s.id = o.shop_id
   WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')
     AND (?3 IS NULL OR s.channel = ?3) AND (?4 IS NULL OR l.sku = ?4))";

/// One P&L row computed in SQL, keyed by `key_expr` over the `lines` CTE.
fn sql_pnl(
    conn: &Connection,
    key_expr: &str,
    since: &str,
    until_excl: &str,
    channel: Option<&str>,
    sku: Option<&str>,
) -> BTreeMap<String, Value> {
    let sql = format!(
        "{LINES}
         SELECT k, orders, units, revenue, discounts, shipping, fees, cogs, missing,
                revenue - discounts + shipping AS net_sales,
                revenue - discounts + shipping - fees - cogs AS net_profit,
                CASE WHEN revenue - discounts + shipping = 0 THEN NULL
                     ELSE CAST(ROUND(10000.0 * (revenue - discounts + shipping - fees - cogs)
                                     / (revenue - discounts + shipping)) AS INTEGER) END AS margin
           FROM (SELECT {key_expr} AS k, COUNT(DISTINCT oid) AS orders, SUM(q) AS units,
                        SUM(q * p) AS revenue, SUM(d) AS discounts, SUM(sh) AS shipping,
                        SUM(fe) AS fees, COALESCE(SUM(q * cost), 0) AS cogs,
                        SUM(cost IS NULL) AS missing
                   FROM lines GROUP BY 1)"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map(params![since, until_excl, channel, sku], |r| {
            let m = |i: usize| -> rusqlite::Result<Value> {
                Ok(serde_json::json!({"amount_minor": r.get::<_, i64>(i)?, "currency": "USD"}))
            };
            Ok((
                r.get::<_, String>(0)?,
                serde_json::json!({
                    "orders": r.get::<_, i64>(1)?,
                    "units": r.get::<_, i64>(2)?,
                    "revenue": m(3)?,
                    "discounts": m(4)?,
                    "shipping": m(5)?,
                    "fees": m(6)?,
                    "cogs": m(7)?,
                    "lines_without_cost": r.get::<_, i64>(8)?,
                    "net_sales": m(9)?,
                    "net_profit": m(10)?,
                    "margin_bp": r.get::<_, Option<i64>>(11)?,
                }),
            ))
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// The fields of a JSON P&L row that SQL computes.
fn pnl_fields(row: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "orders",
        "units",
        "revenue",
        "discounts",
        "shipping",
        "fees",
        "cogs",
        "lines_without_cost",
        "net_sales",
        "net_profit",
        "margin_bp",
    ] {
        out.insert(k.into(), row[k].clone());
    }
    Value::Object(out)
}

fn change_bp(conn: &Connection, now: i64, before: i64) -> Option<i64> {
    conn.query_row(
        "SELECT CASE WHEN ?2 = 0 THEN NULL ELSE CAST(ROUND(10000.0 * (?1 - ?2) / ABS(?2)) AS INTEGER) END",
        params![now, before],
        |r| r.get(0),
    )
    .unwrap()
}

fn next_day(conn: &Connection, day: &str) -> String {
    conn.query_row("SELECT date(?1, '+1 day')", params![day], |r| r.get(0))
        .unwrap()
}

fn ts(day: &str) -> String {
    format!("{day}T00:00:00Z")
}

/// Checks every number of `report sales --json` with these flags against SQL.
fn check_sales(
    env: &TestEnv,
    conn: &Connection,
    period: &str,
    since: &str,
    until: &str,
    channel: Option<&str>,
) {
    let mut args = vec![
        "report", "sales", "--json", "--period", period, "--since", since, "--until", until,
    ];
    if let Some(c) = channel {
        args.extend(["--channel", c]);
    }
    let r = env.run(&args).json();
    let end = ts(&next_day(conn, until));
    let key = match period {
        "day" => "substr(at, 1, 10)",
        "week" => "date(substr(at, 1, 10), '-6 days', 'weekday 1')",
        _ => "substr(at, 1, 7)",
    };
    let ctx = format!("{period} {since}..{until} {channel:?}");
    // Totals.
    let totals = sql_pnl(conn, "'total'", &ts(since), &end, channel, None);
    assert_eq!(r["totals"].as_array().unwrap().len(), totals.len(), "{ctx}");
    for t in r["totals"].as_array().unwrap() {
        assert_eq!(pnl_fields(t), totals["total"], "totals {ctx}");
    }
    // Periods: every period with sales matches; periods without sales are all zero.
    let periods = sql_pnl(conn, key, &ts(since), &end, channel, None);
    let json_periods: HashMap<String, &Value> = r["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["key"].as_str().unwrap().to_string(), p))
        .collect();
    for (k, want) in &periods {
        assert_eq!(pnl_fields(json_periods[k]), *want, "period {k} {ctx}");
    }
    for (k, p) in &json_periods {
        if !periods.contains_key(k) {
            assert_eq!(p["units"], 0, "period {k} {ctx}");
            assert_eq!(p["revenue"]["amount_minor"], 0, "period {k} {ctx}");
        }
    }
    // Channels and SKUs.
    for (section, expr) in [("by_channel", "channel"), ("by_sku", "sku")] {
        let want = sql_pnl(conn, expr, &ts(since), &end, channel, None);
        let got = r[section].as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{section} {ctx}");
        for row in got {
            let k = row["key"].as_str().unwrap();
            assert_eq!(pnl_fields(row), want[k], "{section} {k} {ctx}");
        }
    }
    // The previous window of equal length, and the change against it.
    let days: i64 = conn
        .query_row(
            "SELECT CAST(julianday(?2) - julianday(?1) AS INTEGER) + 1",
            params![since, until],
            |r| r.get(0),
        )
        .unwrap();
    let prev_since: String = conn
        .query_row(
            "SELECT date(?1, ?2)",
            params![since, format!("-{days} days")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(r["previous"]["since"], prev_since.as_str(), "{ctx}");
    let prev = sql_pnl(conn, "'total'", &ts(&prev_since), &ts(since), channel, None);
    let prev_rows = r["previous"]["totals"].as_array().unwrap();
    assert_eq!(prev_rows.len(), prev.len(), "{ctx}");
    for p in prev_rows {
        assert_eq!(pnl_fields(p), prev["total"], "previous {ctx}");
    }
    if let (Some(now), Some(before)) = (totals.get("total"), prev.get("total")) {
        let c = &r["change"][0];
        for (field, json_field) in [
            ("revenue", "revenue_change_bp"),
            ("fees", "fees_change_bp"),
            ("cogs", "cogs_change_bp"),
            ("net_profit", "net_profit_change_bp"),
            ("net_sales", "net_sales_change_bp"),
        ] {
            let want = change_bp(
                conn,
                now[field]["amount_minor"].as_i64().unwrap(),
                before[field]["amount_minor"].as_i64().unwrap(),
            );
            assert_eq!(c[json_field].as_i64(), want, "{json_field} {ctx}");
        }
        let want = change_bp(
            conn,
            now["units"].as_i64().unwrap(),
            before["units"].as_i64().unwrap(),
        );
        assert_eq!(c["units_change_bp"].as_i64(), want, "units change {ctx}");
        let margin = match (now["margin_bp"].as_i64(), before["margin_bp"].as_i64()) {
            (Some(a), Some(b)) => Some(a - b),
            _ => None,
        };
        assert_eq!(
            c["margin_change_bp"].as_i64(),
            margin,
            "margin change {ctx}"
        );
    }
    // Movers: net sales per SKU in both windows.
    let ns_now = sql_pnl(conn, "sku", &ts(since), &end, channel, None);
    let ns_before = sql_pnl(conn, "sku", &ts(&prev_since), &ts(since), channel, None);
    let mut deltas: Vec<(i64, String)> = ns_now
        .keys()
        .chain(ns_before.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|k| {
            let v = |m: &BTreeMap<String, Value>| {
                m.get(k)
                    .map_or(0, |r| r["net_sales"]["amount_minor"].as_i64().unwrap())
            };
            (v(&ns_now) - v(&ns_before), k.clone())
        })
        .collect();
    deltas.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let up: Vec<(i64, String)> = deltas.iter().filter(|d| d.0 > 0).take(5).cloned().collect();
    let got_up: Vec<(i64, String)> = r["movers_up"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["net_sales_change"]["amount_minor"].as_i64().unwrap(),
                m["sku"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got_up, up, "movers up {ctx}");
    deltas.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let down: Vec<(i64, String)> = deltas.iter().filter(|d| d.0 < 0).take(5).cloned().collect();
    let got_down: Vec<(i64, String)> = r["movers_down"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["net_sales_change"]["amount_minor"].as_i64().unwrap(),
                m["sku"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got_down, down, "movers down {ctx}");
    for m in r["movers_up"]
        .as_array()
        .unwrap()
        .iter()
        .chain(r["movers_down"].as_array().unwrap())
    {
        let k = m["sku"].as_str().unwrap();
        let units =
            |map: &BTreeMap<String, Value>| map.get(k).map_or(0, |r| r["units"].as_i64().unwrap());
        assert_eq!(
            m["units"].as_i64().unwrap(),
            units(&ns_now),
            "mover {k} {ctx}"
        );
        assert_eq!(
            m["units_previous"].as_i64().unwrap(),
            units(&ns_before),
            "mover {k} {ctx}"
        );
    }
    // Places.
    let places = sql_pnl(conn, "country", &ts(since), &end, channel, None);
    let got = r["by_country"].as_array().unwrap();
    assert_eq!(got.len(), places.len(), "{ctx}");
    for p in got {
        let want = &places[p["place"].as_str().unwrap()];
        assert_eq!(p["orders"], want["orders"], "{ctx}");
        assert_eq!(p["units"], want["units"], "{ctx}");
        assert_eq!(p["net_sales"], want["net_sales"], "{ctx}");
    }
}

/// Adds a product and orders on the edges of days, weeks, months and the year (UTC).
fn add_edge_orders(conn: &Connection) {
    conn.execute_batch(
        "INSERT INTO products (sku, title, origin, created_at, updated_at)
              VALUES ('EDGE-1', 'Edge <b>case</b> & \"mug\"', 'test', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
         INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency) VALUES
              ('EDGE-1', '2024-01-01', 500, 'USD'), ('EDGE-1', '2025-04-01', 700, 'USD');",
    )
    .unwrap();
    let orders = [
        ("e1", "2024-12-31T23:59:59Z", "paid", 1),
        ("e2", "2025-01-01T00:00:00Z", "paid", 2),
        ("e3", "2025-03-31T23:59:59Z", "shipped", 1),
        ("e4", "2025-04-01T00:00:00Z", "paid", 1),
        ("e5", "2025-06-01T23:59:59Z", "paid", 1), // a Sunday
        ("e6", "2025-06-02T00:00:00Z", "paid", 1), // the Monday after
        ("e7", "2025-06-29T23:30:00Z", "paid", 3), // 2025-06-30 in Europe, 06-29 in UTC
        ("e8", "2025-06-15T12:00:00Z", "cancelled", 5),
        ("e9", "2025-06-16T12:00:00Z", "refunded", 5),
    ];
    for (ext, at, status, qty) in orders {
        conn.execute(
            "INSERT INTO orders (shop_id, external_id, ordered_at, status, currency, ship_country, updated_at)
             VALUES (1, ?1, ?2, ?3, 'USD', 'NZ', ?2)",
            params![ext, at, status],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor, discount_minor, shipping_minor, fees_minor)
             VALUES (last_insert_rowid(), 1, 'EDGE-1', ?1, 1000, 50, 200, 130)",
            params![qty],
        )
        .unwrap();
    }
}

fn units_by_key(r: &Value, section: &str) -> BTreeMap<String, i64> {
    r[section]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["units"].as_i64().unwrap() > 0)
        .map(|p| {
            (
                p["key"].as_str().unwrap().to_string(),
                p["units"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn sales_numbers_equal_sql_across_period_edges() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    // The estimate basis: no ledger (tests/it/cli/report_ledger.rs checks the ledger's).
    conn.execute_batch("DELETE FROM ledger_entries; DELETE FROM payouts;")
        .unwrap();
    add_edge_orders(&conn);

    // The edge orders by hand: UTC days, Monday weeks, calendar months and the year edge.
    let sku = |args: &[&str]| {
        let mut a = vec!["report", "sales", "--json", "--sku", "EDGE-1"];
        a.extend(args);
        env.run(&a).json()
    };
    let months = sku(&[
        "--period",
        "month",
        "--since",
        "2024-12-01",
        "--until",
        "2025-06-30",
    ]);
    assert_eq!(
        units_by_key(&months, "by_period"),
        BTreeMap::from([
            ("2024-12".into(), 1),
            ("2025-01".into(), 2),
            ("2025-03".into(), 1),
            ("2025-04".into(), 1),
            ("2025-06".into(), 5),
        ])
    );
    // The cost changes on 2025-04-01: March's unit at 5.00, April's at 7.00.
    let cogs = |r: &Value, k: &str| {
        r["by_period"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == k)
            .unwrap()["cogs"]["amount_minor"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(
        (cogs(&months, "2025-03"), cogs(&months, "2025-04")),
        (500, 700)
    );
    let weeks = sku(&[
        "--period",
        "week",
        "--since",
        "2024-12-23",
        "--until",
        "2025-01-12",
    ]);
    assert_eq!(
        units_by_key(&weeks, "by_period"),
        BTreeMap::from([("2024-12-30".into(), 3)]),
        "2024-12-31 and 2025-01-01 share the ISO week starting Monday 2024-12-30"
    );
    let weeks = sku(&[
        "--period",
        "week",
        "--since",
        "2025-05-26",
        "--until",
        "2025-06-30",
    ]);
    assert_eq!(
        units_by_key(&weeks, "by_period"),
        BTreeMap::from([
            ("2025-05-26".into(), 1),
            ("2025-06-02".into(), 1),
            ("2025-06-23".into(), 3),
        ])
    );
    let day = sku(&[
        "--period",
        "day",
        "--since",
        "2025-06-29",
        "--until",
        "2025-06-29",
    ]);
    assert_eq!(
        day["totals"][0]["units"], 3,
        "23:30Z on the 29th is the 29th (UTC)"
    );
    let day = sku(&[
        "--period",
        "day",
        "--since",
        "2025-06-30",
        "--until",
        "2025-06-30",
    ]);
    assert_eq!(day["totals"].as_array().unwrap().len(), 0);
    let year = sku(&["--since", "2025-01-01", "--until", "2025-12-31"]);
    assert_eq!(
        year["totals"][0]["units"], 9,
        "cancelled and refunded orders are left out"
    );
    assert_eq!(year["totals"][0]["orders"], 6);

    // Every number against SQL, over windows that cross the edges.
    check_sales(&env, &conn, "month", "2024-07-01", "2025-06-30", None);
    check_sales(&env, &conn, "week", "2024-12-23", "2025-01-12", None);
    check_sales(&env, &conn, "day", "2025-03-30", "2025-04-02", None);
    check_sales(
        &env,
        &conn,
        "week",
        "2025-05-26",
        "2025-06-29",
        Some("etsy"),
    );
    check_sales(
        &env,
        &conn,
        "month",
        "2025-01-01",
        "2025-03-31",
        Some("shopify"),
    );
}

/// sku, on hand, inbound, units over 28 days, units over 90 days, last sale, days in stock, cost.
type SkuStock = (String, i64, i64, i64, i64, Option<String>, i64, Option<i64>);

#[test]
fn inventory_numbers_equal_sql_on_the_average_basis() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    // Dead stock: a product on hand that never sold.
    conn.execute_batch(
        "INSERT INTO products (sku, title, origin, created_at, updated_at)
              VALUES ('DEAD-1', 'Never sold', 'test', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
         INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency) VALUES ('DEAD-1', '2024-01-01', 250, 'USD');
         INSERT INTO inventory (sku, location, on_hand, reserved, inbound, as_of, origin)
              VALUES ('DEAD-1', 'main', 40, 0, 0, '2025-06-30', 'test');",
    )
    .unwrap();
    let r = env.run(&["report", "inventory", "--json"]).json();
    assert_eq!(r["basis"], "recent_average");
    assert_eq!(r["forecast_run_id"], Value::Null);
    let today = "2025-06-30";
    let mut stmt = conn
        .prepare(
            "WITH skus AS (SELECT sku FROM products UNION SELECT sku FROM inventory),
                  sold AS (SELECT l.sku,
                                  SUM(CASE WHEN o.ordered_at >= date(?1, '-28 days') THEN l.quantity ELSE 0 END) AS recent,
                                  SUM(CASE WHEN o.ordered_at >= date(?1, '-90 days') THEN l.quantity ELSE 0 END) AS dead,
                                  MAX(CASE WHEN o.ordered_at >= date(?1, '-90 days') THEN substr(o.ordered_at, 1, 10) END) AS last
                             FROM orders o JOIN order_lines l ON l.order_id = o.id
                            WHERE o.ordered_at >= date(?1, '-90 days') AND o.ordered_at < ?1
                              AND o.status NOT IN ('cancelled', 'refunded')
                            GROUP BY l.sku)
             SELECT s.sku,
                    MAX(COALESCE((SELECT SUM(on_hand - reserved) FROM inventory i WHERE i.sku = s.sku), 0), 0),
                    COALESCE((SELECT SUM(inbound) FROM inventory i WHERE i.sku = s.sku), 0),
                    COALESCE(sold.recent, 0), COALESCE(sold.dead, 0), sold.last,
                    28 - (SELECT COUNT(*) FROM stockouts so WHERE so.sku = s.sku AND so.day >= date(?1, '-28 days') AND so.day < ?1),
                    (SELECT unit_cost_minor FROM product_costs pc WHERE pc.sku = s.sku AND pc.effective_from <= ?1
                      ORDER BY pc.effective_from DESC LIMIT 1)
               FROM skus s LEFT JOIN sold ON sold.sku = s.sku",
        )
        .unwrap();
    let want: Vec<SkuStock> = stmt
        .query_map(params![today], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let rows = r["rows"].as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    let mut total_value = 0;
    for (sku, on_hand, inbound, recent, dead, last, in_stock, cost) in want {
        let row = rows.iter().find(|x| x["sku"] == sku.as_str()).unwrap();
        assert_eq!(row["on_hand"], on_hand, "{sku}");
        assert_eq!(row["inbound"], inbound, "{sku}");
        assert_eq!(row["units_recent"], recent, "{sku}");
        assert_eq!(row["units_dead_window"], dead, "{sku}");
        assert_eq!(row["last_sold"].as_str(), last.as_deref(), "{sku}");
        assert_eq!(row["days_in_stock_recent"], in_stock, "{sku}");
        assert_eq!(row["basis"], "recent_average");
        let rate = recent as f64 / in_stock.max(1) as f64;
        assert!(
            (row["demand_per_day"].as_f64().unwrap() - rate).abs() < 0.0005,
            "{sku}"
        );
        if rate > 0.0 {
            let cover = on_hand as f64 / rate;
            assert!(
                (row["days_of_cover"].as_f64().unwrap() - cover).abs() < 0.05,
                "{sku}"
            );
            // Median stockout: stock ÷ the daily rate, whole days after today.
            if cover < 280.0 {
                let want_day: String = conn
                    .query_row(
                        "SELECT date(?1, ?2)",
                        params![
                            today,
                            format!("+{} days", on_hand * in_stock.max(1) / recent)
                        ],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(
                    row["stockout_date"].as_str(),
                    Some(want_day.as_str()),
                    "{sku}"
                );
            }
        } else {
            assert_eq!(row["days_of_cover"], Value::Null, "{sku}");
        }
        let value = cost.map(|c| c * on_hand);
        assert_eq!(row["stock_value"]["amount_minor"].as_i64(), value, "{sku}");
        total_value += value.unwrap_or(0);
    }
    assert_eq!(r["stock_value"][0]["amount_minor"], total_value);
    let dead = rows.iter().find(|x| x["sku"] == "DEAD-1").unwrap();
    assert_eq!(dead["status"], "dead");
    assert_eq!(r["dead_stock_value"][0]["amount_minor"], 40 * 250);
    let counts = &r["counts"];
    let sum: i64 = [
        "out_of_stock",
        "stockout_risk",
        "reorder",
        "dead",
        "aging",
        "ok",
        "idle",
    ]
    .iter()
    .map(|k| counts[k].as_i64().unwrap())
    .sum();
    assert_eq!(sum as usize, rows.len());
}

#[test]
fn forecast_accuracy_equals_sql() {
    let env = TestEnv::new();
    env.small_demo();
    // A daily run four weeks ago and a weekly run nine weeks ago: their periods have ended.
    env.command();
    let run_at = |now: &str, extra: &[&str]| {
        let mut cmd = env.command();
        cmd.env("SELLKIT_NOW", now)
            .args(["forecast", "-q"])
            .args(extra);
        env.run_cmd(&mut cmd).ok().to_string()
    };
    run_at(
        "2025-04-28T08:00:00Z",
        &["--freq", "week", "--horizon", "8"],
    );
    run_at("2025-06-02T08:00:00Z", &[]);
    let r = env.run(&["report", "forecast", "--json"]).json();
    let conn = Connection::open(env.db()).unwrap();
    let sql = "
      WITH f AS (
        SELECT f.run_id, f.sku, f.point, f.lo_80, f.hi_80, f.lo_95, f.hi_95, f.period_start,
               CASE r.freq WHEN 'day' THEN date(f.period_start, '+1 day')
                           WHEN 'week' THEN date(f.period_start, '+7 days')
                           ELSE date(f.period_start, '+1 month') END AS period_end
          FROM forecasts f JOIN forecast_runs r ON r.id = f.run_id),
      due AS (SELECT * FROM f WHERE period_end <= '2025-06-30'),
      ev AS (
        SELECT due.*,
               (SELECT COALESCE(SUM(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
                 WHERE l.sku = due.sku AND o.status NOT IN ('cancelled', 'refunded')
                   AND o.ordered_at >= due.period_start || 'T00:00:00Z'
                   AND o.ordered_at < due.period_end || 'T00:00:00Z') AS actual,
               EXISTS (SELECT 1 FROM stockouts s WHERE s.sku = due.sku
                         AND s.day >= due.period_start AND s.day < due.period_end) AS censored
          FROM due)
      SELECT {group}, COUNT(*), SUM(censored), SUM(1 - censored),
             COALESCE(ROUND(SUM(CASE WHEN censored = 0 THEN point END), 2), 0),
             COALESCE(SUM(CASE WHEN censored = 0 THEN actual END), 0),
             CAST(ROUND(10000.0 * SUM(CASE WHEN censored = 0 THEN ABS(point - actual) END)
                        / NULLIF(SUM(CASE WHEN censored = 0 THEN actual END), 0)) AS INTEGER),
             CAST(ROUND(10000.0 * SUM(CASE WHEN censored = 0 THEN point - actual END)
                        / NULLIF(SUM(CASE WHEN censored = 0 THEN actual END), 0)) AS INTEGER),
             CAST(ROUND(10000.0 * SUM(CASE WHEN censored = 0 AND actual BETWEEN lo_80 AND hi_80 THEN 1 ELSE 0 END)
                        / NULLIF(SUM(1 - censored), 0)) AS INTEGER),
             CAST(ROUND(10000.0 * SUM(CASE WHEN censored = 0 AND actual BETWEEN lo_95 AND hi_95 THEN 1 ELSE 0 END)
                        / NULLIF(SUM(1 - censored), 0)) AS INTEGER),
             ROUND(SUM(CASE WHEN censored = 0 THEN ABS(point - actual) END) / NULLIF(SUM(1 - censored), 0), 3)
        FROM ev {filter} GROUP BY 1";
    type Scores = (
        i64,
        i64,
        i64,
        f64,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<f64>,
    );
    let query = |group: &str, filter: &str| -> BTreeMap<String, Scores> {
        let sql = sql.replace("{group}", group).replace("{filter}", filter);
        let mut stmt = conn.prepare(&sql).unwrap();
        stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ),
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    };
    let check = |got: &Value, want: &Scores, what: &str| {
        assert_eq!(got["periods_due"], want.0, "{what}");
        assert_eq!(got["periods_censored"], want.1, "{what}");
        assert_eq!(got["periods_evaluated"], want.2, "{what}");
        assert!(
            (got["forecast_units"].as_f64().unwrap() - want.3).abs() < 0.011,
            "{what}"
        );
        assert_eq!(got["actual_units"], want.4, "{what}");
        assert_eq!(got["wape_bp"].as_i64(), want.5, "{what}");
        assert_eq!(got["bias_bp"].as_i64(), want.6, "{what}");
        assert_eq!(got["coverage_80_bp"].as_i64(), want.7, "{what}");
        assert_eq!(got["coverage_95_bp"].as_i64(), want.8, "{what}");
        match (got["mae"].as_f64(), want.9) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.0011, "{what}: mae {a} {b}"),
            (a, b) => assert_eq!(a, b, "{what}: mae"),
        }
    };
    let runs = query("CAST(run_id AS TEXT)", "");
    let json_runs = r["runs"].as_array().unwrap();
    assert_eq!(json_runs.len(), 2);
    for run in json_runs {
        let id = run["run_id"].as_i64().unwrap().to_string();
        assert!(
            run["periods_evaluated"].as_i64().unwrap() > 0,
            "run {id} has actuals"
        );
        check(run, &runs[&id], &format!("run {id}"));
    }
    let overall = query("'all'", "");
    check(&r["overall"], &overall["all"], "overall");
    let sku_run = r["by_sku_run_id"].as_i64().unwrap();
    assert_eq!(sku_run, 2, "the latest run has ended periods");
    let skus = query("sku", &format!("WHERE run_id = {sku_run}"));
    let by_sku = r["by_sku"].as_array().unwrap();
    assert_eq!(by_sku.len(), skus.len());
    for s in by_sku {
        let k = s["sku"].as_str().unwrap();
        check(s, &skus[k], k);
    }
    // Fans: the latest run's forecasts, with the actual units of ended periods.
    let fans = r["fans"].as_array().unwrap();
    assert!(!fans.is_empty());
    for fan in fans {
        let sku = fan["sku"].as_str().unwrap();
        for p in fan["forecast"].as_array().unwrap() {
            let start = p["period_start"].as_str().unwrap();
            let actual: i64 = conn
                .query_row(
                    "SELECT COALESCE(SUM(l.quantity), 0) FROM orders o JOIN order_lines l ON l.order_id = o.id
                      WHERE l.sku = ?1 AND o.status NOT IN ('cancelled', 'refunded')
                        AND o.ordered_at >= ?2 || 'T00:00:00Z' AND o.ordered_at < date(?2, '+1 day') || 'T00:00:00Z'",
                    params![sku, start],
                    |r| r.get(0),
                )
                .unwrap();
            let ended = start < "2025-06-30";
            assert_eq!(
                p["actual"].as_i64(),
                ended.then_some(actual),
                "{sku} {start}"
            );
        }
    }
}

fn svg_has_marks(svg: roxmltree::Node) -> bool {
    svg.descendants().any(|n| {
        matches!(
            n.tag_name().name(),
            "rect" | "polyline" | "polygon" | "circle" | "path"
        )
    })
}

#[test]
fn html_page_is_well_formed_escaped_and_every_chart_has_data() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    // Untrusted text in a product title and a draft's rationale.
    let sku: String = conn
        .query_row(
            "SELECT l.sku FROM order_lines l GROUP BY l.sku ORDER BY SUM(l.quantity) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE products SET title = '<script>alert(1)</script> & \"Mug\" </svg>' WHERE sku = ?1",
        params![sku],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO drafts (kind, marketplace, sku, payload, payload_hash, agent, rationale, created_at, updated_at)
         VALUES ('price_change', 'etsy', ?1, '{}', 'x', 'pricing', '<img src=x onerror=alert(2)>', '2025-06-29T00:00:00Z', '2025-06-29T00:00:00Z')",
        params![sku],
    )
    .unwrap();
    drop(conn);
    let mut cmd = env.command();
    cmd.env("SELLKIT_NOW", "2025-06-02T08:00:00Z")
        .args(["forecast", "-q"]);
    env.run_cmd(&mut cmd).ok();
    env.run(&["forecast", "-q"]).ok();
    let run = env.run(&["report", "--format", "html", "-o", "out/report.html"]);
    assert_eq!(run.ok_with("wrote out/report.html"), "");
    let html = std::fs::read_to_string(env.path("out/report.html")).unwrap();
    // Same bytes on stdout when stdout is not a terminal.
    assert_eq!(env.run(&["report", "--format", "html"]).ok(), html);
    assert!(
        !html.contains("<script"),
        "no script element, and the title is escaped"
    );
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for banned in ["src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(banned), "external asset: {banned}");
    }
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, opts)
        .unwrap_or_else(|e| panic!("not well-formed XHTML: {e}"));
    let svgs: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "svg")
        .collect();
    // Revenue/profit, channels, top SKUs, countries, stockout timeline and 4 fans.
    assert!(svgs.len() >= 9, "{} charts", svgs.len());
    for svg in &svgs {
        assert!(
            svg.attribute("viewBox").is_some(),
            "charts scale by viewBox"
        );
        assert!(
            svg_has_marks(*svg),
            "empty chart: {:?}",
            svg.attribute("aria-label")
        );
    }
    let labels: Vec<&str> = svgs
        .iter()
        .filter_map(|s| s.attribute("aria-label"))
        .collect();
    for want in [
        "Revenue and net profit by period",
        "Net profit by channel",
        "Top SKUs by net profit",
        "Net sales by ship-to country",
        "Stockout timeline",
    ] {
        assert!(labels.contains(&want), "missing chart {want}: {labels:?}");
    }
    assert_eq!(
        labels
            .iter()
            .filter(|l| l.starts_with("Forecast for"))
            .count(),
        4
    );
    assert!(html.contains("@media print") && html.contains("@media (max-width"));
    assert!(html.contains("name=\"viewport\""));
}

#[test]
fn markdown_tables_and_an_empty_store_with_nothing_to_chart() {
    let env = TestEnv::new();
    env.small_demo();
    let md = env.run(&["report", "sales", "--format", "markdown", "--top", "3"]);
    let text = md.ok();
    assert!(
        text.starts_with("### Sales by month, 2024-07-01 to 2025-06-30\n\n| month |"),
        "{text}"
    );
    assert!(text.contains("| ---: |"));
    let empty = TestEnv::new();
    empty.run(&["db", "migrate", "-q"]).ok();
    let r = empty.run(&["report", "--json"]).json();
    assert_eq!(r["report"], "all");
    assert_eq!(r["sales"]["totals"].as_array().unwrap().len(), 0);
    assert_eq!(r["inventory"]["rows"].as_array().unwrap().len(), 0);
    assert_eq!(r["forecast"]["runs"].as_array().unwrap().len(), 0);
    let html = empty.run(&["report", "--format", "html"]);
    let page = html.ok();
    let doc = roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "svg")
            .count(),
        0,
        "no data, no chart: the page says why instead"
    );
    assert!(page.contains("No forecast run yet"));
}
