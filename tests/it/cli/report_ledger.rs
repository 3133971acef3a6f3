//! `report sales` with the marketplaces' ledgers: fees as charged where the ledger covers an
//! order, the estimate where it does not, refunds, ads, labels and account fees, each against
//! SQL written here (ledger, mixed and estimate bases; refunded goods lost or restocked).

use std::collections::BTreeMap;

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::common::TestEnv;

/// The P&L by `key` ('total', month or channel) from orders and ledger entries, as the report
/// defines it (src/report/sales.rs).
fn sql_pnl(
    conn: &Connection,
    key: &str,
    since: &str,
    until_excl: &str,
    restocked: bool,
) -> BTreeMap<String, Value> {
    let sql = format!(
        "WITH ol AS (
           SELECT shop_id, order_ref,
                  -SUM(CASE WHEN kind = 'fee' THEN amount_minor ELSE 0 END) AS fees,
                  SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END) AS refunds,
                  SUM(CASE WHEN kind = 'ad' THEN amount_minor ELSE 0 END) AS ads,
                  SUM(CASE WHEN kind = 'shipping_label' THEN amount_minor ELSE 0 END) AS labels,
                  SUM(CASE WHEN kind IN ('adjustment', 'reserve', 'other') THEN amount_minor ELSE 0 END) AS other
             FROM ledger_entries WHERE order_ref IS NOT NULL AND kind <> 'payout'
            GROUP BY shop_id, order_ref),
         ords AS (
           SELECT o.id, substr(o.ordered_at, 1, 7) AS month, substr(o.ordered_at, 1, 10) AS day, s.channel AS channel,
                  ol.shop_id IS NOT NULL AS covered, o.status AS status,
                  SUM(l.quantity) AS units, SUM(l.quantity * l.unit_price_minor) AS revenue,
                  SUM(l.discount_minor) AS discounts, SUM(l.shipping_minor) AS shipping,
                  SUM(l.fees_minor) AS estimate,
                  SUM(l.quantity * (SELECT pc.unit_cost_minor FROM product_costs pc WHERE pc.sku = l.sku
                        ORDER BY pc.effective_from <= substr(o.ordered_at, 1, 10) DESC,
                                 CASE WHEN pc.effective_from <= substr(o.ordered_at, 1, 10) THEN pc.effective_from END DESC,
                                 pc.effective_from LIMIT 1)) AS cogs,
                  MAX(ol.fees) AS lf, MAX(ol.refunds) AS rf, MAX(ol.ads) AS ad, MAX(ol.labels) AS lb, MAX(ol.other) AS ot
             FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN shops s ON s.id = o.shop_id
             LEFT JOIN ol ON ol.shop_id = o.shop_id AND ol.order_ref = o.external_id
            WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status <> 'cancelled'
              AND (o.status <> 'refunded' OR ol.shop_id IS NOT NULL)
            GROUP BY o.id),
         acct AS (
           SELECT substr(e.posted_at, 1, 7) AS month, substr(e.posted_at, 1, 10) AS day, s.channel AS channel,
                  SUM(CASE WHEN e.kind = 'refund' THEN e.amount_minor ELSE 0 END) AS rf,
                  SUM(CASE WHEN e.kind = 'ad' THEN e.amount_minor ELSE 0 END) AS ad,
                  SUM(CASE WHEN e.kind = 'shipping_label' THEN e.amount_minor ELSE 0 END) AS lb,
                  SUM(CASE WHEN e.kind = 'fee' THEN e.amount_minor ELSE 0 END) AS af,
                  SUM(CASE WHEN e.kind IN ('adjustment', 'reserve', 'other') THEN e.amount_minor ELSE 0 END) AS ot
             FROM ledger_entries e JOIN shops s ON s.id = e.shop_id
            WHERE e.order_ref IS NULL AND e.kind NOT IN ('sale', 'tax', 'payout')
              AND e.posted_at >= substr(?1, 1, 10) AND e.posted_at < substr(?2, 1, 10)
            GROUP BY 1, 2, 3),
         o2 AS (SELECT {key} AS k, COUNT(*) AS orders, SUM(units) AS units, SUM(revenue) AS revenue,
                       SUM(discounts) AS discounts, SUM(shipping) AS shipping,
                       SUM(CASE WHEN covered THEN lf ELSE estimate END) AS fees,
                       SUM(CASE WHEN covered THEN estimate - lf END) AS err,
                       SUM(CASE WHEN covered THEN 1 ELSE 0 END) AS covered, SUM(CASE WHEN covered THEN 0 ELSE 1 END) AS uncovered,
                       SUM(CASE WHEN ?3 AND status = 'refunded' THEN 0 ELSE cogs END) AS cogs,
                       COALESCE(SUM(rf), 0) AS rf, COALESCE(SUM(ad), 0) AS ad, COALESCE(SUM(lb), 0) AS lb, COALESCE(SUM(ot), 0) AS ot
                  FROM ords GROUP BY 1),
         a2 AS (SELECT {key} AS k, SUM(rf) AS rf, SUM(ad) AS ad, SUM(lb) AS lb, SUM(af) AS af, SUM(ot) AS ot FROM acct GROUP BY 1)
         SELECT COALESCE(o2.k, a2.k), COALESCE(orders, 0), COALESCE(units, 0), COALESCE(revenue, 0),
                COALESCE(discounts, 0), COALESCE(shipping, 0), COALESCE(fees, 0), err,
                COALESCE(covered, 0), COALESCE(uncovered, 0), COALESCE(cogs, 0),
                COALESCE(o2.rf, 0) + COALESCE(a2.rf, 0), COALESCE(o2.ad, 0) + COALESCE(a2.ad, 0),
                COALESCE(o2.lb, 0) + COALESCE(a2.lb, 0), COALESCE(a2.af, 0), COALESCE(o2.ot, 0) + COALESCE(a2.ot, 0)
           FROM o2 FULL OUTER JOIN a2 ON a2.k = o2.k"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt
        .query_map(params![since, until_excl, restocked], |r| {
            let m = |v: i64| serde_json::json!({"amount_minor": v, "currency": "USD"});
            let g = |i: usize| r.get::<_, i64>(i);
            let (revenue, discounts, shipping, fees, cogs) = (g(3)?, g(4)?, g(5)?, g(6)?, g(10)?);
            let (rf, ad, lb, af, ot) = (g(11)?, g(12)?, g(13)?, g(14)?, g(15)?);
            let net_sales = revenue - discounts + shipping;
            let net_profit = net_sales - fees - cogs + rf + ad + lb + af + ot;
            let basis = match (g(8)? > 0, g(9)? > 0) {
                (true, false) => "ledger",
                (true, true) => "mixed",
                _ => "estimate",
            };
            Ok((
                r.get::<_, String>(0)?,
                serde_json::json!({
                    "orders": g(1)?, "units": g(2)?, "revenue": m(revenue), "discounts": m(discounts),
                    "shipping": m(shipping), "fees": m(fees), "fee_basis": basis,
                    "fee_estimate_error": r.get::<_, Option<i64>>(7)?.filter(|_| basis != "estimate").map(m),
                    "cogs": m(cogs), "refunds": m(rf), "ads": m(ad), "shipping_labels": m(lb),
                    "account_fees": m(af), "other": m(ot), "net_sales": m(net_sales), "net_profit": m(net_profit),
                }),
            ))
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect()
}

fn fields(row: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in [
        "orders",
        "units",
        "revenue",
        "discounts",
        "shipping",
        "fees",
        "fee_basis",
        "fee_estimate_error",
        "cogs",
        "refunds",
        "ads",
        "shipping_labels",
        "account_fees",
        "other",
        "net_sales",
        "net_profit",
    ] {
        out.insert(k.into(), row[k].clone());
    }
    Value::Object(out)
}

/// `report sales` for the year to 2025-06-30 by month against SQL: totals, months, channels.
fn check(env: &TestEnv, conn: &Connection, restocked: bool) -> Value {
    let (since, until) = ("2024-07-01", "2025-06-30");
    let r = env
        .run(&[
            "report", "sales", "--json", "--period", "month", "--since", since, "--until", until,
        ])
        .json();
    let (from, to) = ("2024-07-01T00:00:00Z", "2025-07-01T00:00:00Z");
    let totals = sql_pnl(conn, "'total'", from, to, restocked);
    assert_eq!(fields(&r["totals"][0]), totals["total"], "totals");
    let months = sql_pnl(conn, "month", from, to, restocked);
    for p in r["by_period"].as_array().unwrap() {
        let k = p["key"].as_str().unwrap();
        assert_eq!(fields(p), months[k], "month {k}");
    }
    let channels = sql_pnl(conn, "channel", from, to, restocked);
    for c in r["by_channel"].as_array().unwrap() {
        let k = c["key"].as_str().unwrap();
        assert_eq!(fields(c), channels[k], "channel {k}");
    }
    // SKU rows carry their orders' ledger money, shared by revenue: they add up to the totals'
    // order-linked part exactly.
    let sum = |f: &str| -> i64 {
        r["by_sku"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[f]["amount_minor"].as_i64().unwrap())
            .sum()
    };
    let t = &r["totals"][0];
    assert_eq!(sum("fees"), t["fees"]["amount_minor"].as_i64().unwrap());
    assert_eq!(
        sum("refunds"),
        t["refunds"]["amount_minor"].as_i64().unwrap()
    );
    assert_eq!(sum("account_fees"), 0);
    r
}

#[test]
fn ledger_mixed_and_estimate_bases_equal_sql() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();

    // The demo's ledger covers every order: fees as charged, refunds counted.
    let r = check(&env, &conn, false);
    let t = &r["totals"][0];
    assert_eq!(t["fee_basis"], "ledger");
    assert!(t["refunds"]["amount_minor"].as_i64().unwrap() < 0, "{t}");
    assert!(t["ads"]["amount_minor"].as_i64().unwrap() < 0, "{t}");
    assert!(
        t["shipping_labels"]["amount_minor"].as_i64().unwrap() < 0,
        "{t}"
    );
    assert!(
        t["account_fees"]["amount_minor"].as_i64().unwrap() < 0,
        "{t}"
    );
    let refunded = |r: &Value| r["totals"][0]["orders"].as_i64().unwrap();
    let with_ledger = refunded(&r);

    // Refunded goods restocked: their cost of goods no longer counts.
    env.run(&["config", "set", "report.refund_cogs", "restocked"])
        .ok_with("report.refund_cogs = restocked");
    let restocked = check(&env, &conn, true);
    assert!(
        restocked["totals"][0]["cogs"]["amount_minor"]
            .as_i64()
            .unwrap()
            < t["cogs"]["amount_minor"].as_i64().unwrap()
    );
    env.run(&["config", "set", "report.refund_cogs", "lost"])
        .ok_with("report.refund_cogs = lost");

    // Etsy's orders without their ledger: Etsy falls back to the estimate, the totals are mixed,
    // and Etsy's refunded orders drop out as before.
    conn.execute_batch(
        "DELETE FROM ledger_entries WHERE order_ref IS NOT NULL
           AND shop_id IN (SELECT id FROM shops WHERE channel = 'etsy');",
    )
    .unwrap();
    let r = check(&env, &conn, false);
    assert_eq!(r["totals"][0]["fee_basis"], "mixed");
    let etsy = r["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "etsy")
        .unwrap();
    assert_eq!(etsy["fee_basis"], "estimate");
    assert_eq!(etsy["fee_estimate_error"], Value::Null);
    assert!(refunded(&r) < with_ledger);

    // No ledger at all: the estimate, as before the ledger existed.
    conn.execute_batch("DELETE FROM ledger_entries;").unwrap();
    let r = check(&env, &conn, false);
    assert_eq!(r["totals"][0]["fee_basis"], "estimate");

    // The table says where the fees came from.
    conn.execute_batch("DELETE FROM payouts;").unwrap();
    env.run(&["sync", "demo", "--skus", "12", "--days", "400", "-q"])
        .ok();
    let run = env.run(&["report", "sales"]);
    let table = run.ok();
    assert!(
        table.contains("Fees: all from the marketplaces' ledgers"),
        "{table}"
    );
    assert!(table.contains("| refunds"), "{table}");
}

/// `amount` EUR minor units at `rate_bp` USD per EUR (in 1/10,000), half away from zero.
fn eur_to_usd(amount: i64, rate_bp: i64) -> i64 {
    let n = i128::from(amount) * i128::from(rate_bp);
    let (q, r) = (n / 10_000, n % 10_000);
    (if r.abs() * 2 >= 10_000 {
        q + n.signum()
    } else {
        q
    }) as i64
}

#[test]
fn two_currencies_total_in_the_home_currency_at_the_rate_of_each_day() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    // The Amazon shop sells in EUR. Unit costs are left out here: a USD cost on a EUR order
    // converts on its own (tested with `lines_cost_converted`), which SQL cannot follow simply.
    conn.execute_batch(
        "DELETE FROM product_costs;
         UPDATE orders SET currency = 'EUR' WHERE shop_id IN (SELECT id FROM shops WHERE channel = 'amazon');
         UPDATE ledger_entries SET currency = 'EUR' WHERE shop_id IN (SELECT id FROM shops WHERE channel = 'amazon');",
    )
    .unwrap();
    // ECB rates from 2025-01-01 on, TARGET days only (1.0800 USD per EUR); none before, so
    // the EUR figures of 2024 stay unconverted.
    let mut csv = String::from("Date,USD,\n");
    let mut d: jiff::civil::Date = "2025-06-30".parse().unwrap();
    let first: jiff::civil::Date = "2025-01-01".parse().unwrap();
    while d >= first {
        if !matches!(
            d.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) {
            csv.push_str(&format!("{d},1.0800,\n"));
        }
        d = d.yesterday().unwrap();
    }
    let file = env.path("rates.csv");
    std::fs::write(&file, csv).unwrap();
    env.run(&["fx", "import", file.to_str().unwrap()]).ok();
    // On one day the marketplace itself converted EUR to USD at 1.1000 (a payout entry, so the
    // P&L's own figures do not change): that day uses its rate.
    let market_day: String = conn
        .query_row(
            "SELECT MIN(substr(o.ordered_at, 1, 10)) FROM orders o JOIN shops s ON s.id = o.shop_id
              WHERE s.channel = 'amazon' AND o.ordered_at >= '2025-03-10'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let market_day = market_day.as_str();
    conn.execute(
        "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
           fx_rate, fx_currency, source, origin, imported_at)
         SELECT id, 'fx-test', ?1 || 'T10:00:00Z', 'payout', 'transfer', 'transfer', -100, 'USD', '1.1000', 'EUR', 'test', 'import', ?1
           FROM shops WHERE channel = 'amazon'",
        params![market_day],
    )
    .unwrap();
    // A code that is not one is refused when set, so it never reaches the config file.
    let run = env.run(&["config", "set", "report.currency", "dollars"]);
    assert!(
        run.fails(2).contains("is not a currency code"),
        "{}",
        run.stderr
    );
    env.run(&["config", "set", "report.currency", "USD"])
        .ok_with("report.currency = USD");

    let (since, until) = ("2024-07-01", "2025-06-30");
    let r = env
        .run(&[
            "report", "sales", "--json", "--since", since, "--until", until,
        ])
        .json();
    let home = &r["home"];
    assert_eq!(home["currency"], "USD", "{home}");
    assert_eq!(home["chosen_by"], "config");
    assert_eq!(home["basis"], "mixed_partial");

    // Expected: per day and channel from SQL; Amazon's days converted at that day's rate.
    let groups = sql_pnl(
        &conn,
        "day || '|' || channel",
        "2024-07-01T00:00:00Z",
        "2025-07-01T00:00:00Z",
        false,
    );
    let money = [
        "revenue",
        "discounts",
        "shipping",
        "fees",
        "cogs",
        "refunds",
        "ads",
        "shipping_labels",
        "account_fees",
        "other",
    ];
    let mut want: BTreeMap<&str, i64> = BTreeMap::new();
    let (mut gap_days, mut gap_sales) = (0, 0);
    for (k, v) in &groups {
        let (day, channel) = k.split_once('|').unwrap();
        let get = |f: &str| v[f]["amount_minor"].as_i64().unwrap();
        if channel == "amazon" && day < "2025-01-01" {
            gap_days += 1;
            gap_sales += get("net_sales");
            continue;
        }
        let rate = match (channel, day) {
            ("amazon", d) if d == market_day => Some(11_000),
            ("amazon", _) => Some(10_800),
            _ => None,
        };
        for f in money {
            let x = get(f);
            *want.entry(f).or_default() += rate.map_or(x, |bp| eur_to_usd(x, bp));
        }
    }
    let total = &home["total"];
    for f in money {
        assert_eq!(total[f]["amount_minor"].as_i64().unwrap(), want[f], "{f}");
        assert_eq!(total[f]["currency"], "USD");
    }
    let net_sales = want["revenue"] - want["discounts"] + want["shipping"];
    assert_eq!(
        total["net_sales"]["amount_minor"].as_i64().unwrap(),
        net_sales
    );
    // What stayed out is named, with its amount in EUR.
    let gaps = home["unconverted"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{home}");
    assert_eq!(gaps[0]["currency"], "EUR");
    assert_eq!(gaps[0]["days"].as_i64().unwrap(), gap_days);
    assert_eq!(
        gaps[0]["net_sales"]["amount_minor"].as_i64().unwrap(),
        gap_sales
    );
    assert!(
        gaps[0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("no ECB rate for USD on 2024-07-01"),
        "{}",
        gaps[0]
    );
    let eur = home["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["currency"] == "EUR")
        .unwrap();
    assert_eq!(eur["basis"], "mixed");
    assert_eq!(eur["days_marketplace_rate"], 1);
    assert_eq!(eur["rate_min"], "1.0800");
    assert_eq!(eur["rate_max"], "1.1000");
    // The periods add up to the total.
    let sum: i64 = home["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["net_sales"]["amount_minor"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, net_sales);

    // The table shows the home totals and says how they were converted.
    let run = env.run(&["report", "sales", "--since", since, "--until", until]);
    let table = run.ok();
    assert!(table.contains("Sales by month in USD"), "{table}");
    assert!(table.contains("EUR → USD"), "{table}");
    assert!(
        table.contains("Not in these totals: EUR net sales"),
        "{table}"
    );
}

#[test]
fn the_money_section_sets_payouts_against_profit_and_ad_spend_per_period() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    let r = env
        .run(&[
            "report",
            "sales",
            "--json",
            "--since",
            "2024-07-01",
            "--until",
            "2025-06-30",
        ])
        .json();
    let m = &r["money"];
    let periods = m["by_period"].as_array().unwrap();
    assert_eq!(periods.len(), 12);
    for p in periods {
        let key = p["key"].as_str().unwrap();
        let paid: i64 = conn
            .query_row(
                "SELECT COALESCE(SUM(amount_minor), 0) FROM payouts WHERE status = 'paid' AND substr(paid_at, 1, 7) = ?1",
                [key],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            p["payouts"]["amount_minor"].as_i64().unwrap(),
            paid,
            "{key}"
        );
        let row = r["by_period"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == key)
            .unwrap();
        let ads = -row["ads"]["amount_minor"].as_i64().unwrap();
        let sales = row["net_sales"]["amount_minor"].as_i64().unwrap();
        assert_eq!(p["ad_spend"]["amount_minor"].as_i64().unwrap(), ads);
        assert!(ads > 0, "the demo advertises every month");
        let tacos = p["tacos_bp"].as_i64().unwrap();
        assert!((tacos - ads * 10_000 / sales).abs() <= 1, "{p}");
        assert_eq!(
            p["payouts_less_profit"]["amount_minor"].as_i64().unwrap(),
            paid - row["net_profit"]["amount_minor"].as_i64().unwrap()
        );
    }
    // Amazon's deferred sales of the last week: pending, with their release dates.
    let (pending, n): (i64, i64) = conn
        .query_row(
            "SELECT SUM(amount_minor), COUNT(*) FROM ledger_entries WHERE status = 'pending'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(n > 0);
    let d = &m["deferred"][0];
    assert_eq!(
        (
            d["amount"]["amount_minor"].as_i64().unwrap(),
            d["entries"].as_i64().unwrap()
        ),
        (pending, n)
    );
    assert!(d["next_release"].as_str().unwrap() > "2025-06-29", "{d}");
    let f = &m["fees"][0];
    assert_eq!(f["fee_basis"], "ledger");
    assert_eq!(
        f["fee_estimate_error"],
        r["totals"][0]["fee_estimate_error"]
    );
    // A SKU's report has no money section.
    let sku: String = conn
        .query_row("SELECT sku FROM products ORDER BY sku LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let r = env
        .run(&["report", "sales", "--json", "--sku", &sku])
        .json();
    assert_eq!(r["money"], Value::Null);
    // The page has the section.
    let run = env.run(&["report", "--format", "html"]);
    let page = run.ok();
    assert!(page.contains("<section id=\"money\">"), "no money section");
    assert!(page.contains("TACoS"));
}
