use serde::Deserialize;

use crate::common::TestEnv;

/// The JSON shape scripts rely on, owned by the test: a renamed field fails here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    schema_version: u32,
    report: String,
    period: String,
    since: String,
    until: String,
    channel: Option<String>,
    sku: Option<String>,
    totals: Vec<Row>,
    by_period: Vec<Row>,
    by_channel: Vec<Row>,
    by_sku: Vec<Row>,
    previous: Previous,
    change: Vec<serde_json::Value>,
    movers_up: Vec<serde_json::Value>,
    movers_down: Vec<serde_json::Value>,
    by_country: Vec<serde_json::Value>,
    by_region: Vec<serde_json::Value>,
    home: Home,
    money: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Home {
    currency: String,
    chosen_by: String,
    basis: String,
    total: Row,
    by_period: Vec<Row>,
    sources: Vec<serde_json::Value>,
    unconverted: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Previous {
    since: String,
    until: String,
    totals: Vec<Row>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    section: String,
    key: String,
    title: Option<String>,
    currency: String,
    orders: i64,
    units: i64,
    revenue: Money,
    discounts: Money,
    shipping: Money,
    fees: Money,
    fee_basis: String,
    fee_estimate_error: Option<Money>,
    cogs: Money,
    refunds: Money,
    ads: Money,
    shipping_labels: Money,
    account_fees: Money,
    other: Money,
    net_sales: Money,
    net_profit: Money,
    margin_bp: Option<i64>,
    lines_without_cost: i64,
    lines_cost_converted: i64,
    lines_cost_fifo: i64,
}

impl Row {
    /// The ledger's money beyond the orders' own.
    fn beyond(&self) -> i64 {
        self.refunds.amount_minor
            + self.ads.amount_minor
            + self.shipping_labels.amount_minor
            + self.account_fees.amount_minor
            + self.other.amount_minor
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Money {
    amount_minor: i64,
    currency: String,
}

fn sum(rows: &[Row], f: impl Fn(&Row) -> i64) -> i64 {
    rows.iter().map(f).sum()
}

#[test]
fn json_shape_is_stable_and_sections_add_up() {
    let env = TestEnv::new();
    env.small_demo();
    let run = env.run(&["report", "sales", "--json"]);
    let r: Report = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        (r.schema_version, r.report.as_str(), r.period.as_str()),
        (1, "sales", "month")
    );
    assert_eq!(
        (r.since.as_str(), r.until.as_str()),
        ("2024-07-01", "2025-06-30")
    );
    assert_eq!((r.channel, r.sku), (None, None));
    assert_eq!(r.by_period.len(), 12);
    // The money section (its shape is the snapshot's): a row per period.
    assert_eq!(r.money["by_period"].as_array().map(Vec::len), Some(12));
    assert_eq!(
        (r.previous.since.as_str(), r.previous.until.as_str()),
        ("2023-07-02", "2024-06-30")
    );
    assert_eq!((r.previous.totals.len(), r.change.len()), (1, 1));
    assert!(r.movers_up.len() <= 5 && r.movers_down.len() <= 5);
    assert!(!r.by_country.is_empty() && !r.by_region.is_empty());
    assert_eq!(r.totals.len(), 1);
    let t = &r.totals[0];
    assert_eq!(
        (t.section.as_str(), t.key.as_str(), t.currency.as_str()),
        ("total", "total", "USD")
    );
    assert!(t.title.is_none());
    // One currency: the home totals are the totals themselves.
    let h = &r.home;
    assert_eq!(
        (h.currency.as_str(), h.chosen_by.as_str(), h.basis.as_str()),
        ("USD", "most_sales", "same_currency")
    );
    assert!(h.unconverted.is_empty() && h.sources.len() == 1);
    assert_eq!(
        (
            h.total.net_profit.amount_minor,
            h.total.orders,
            h.total.section.as_str()
        ),
        (t.net_profit.amount_minor, t.orders, "home_total")
    );
    assert_eq!(h.by_period.len(), r.by_period.len());
    assert_eq!(
        r.money["by_period"].as_array().map(Vec::len),
        Some(r.by_period.len())
    );
    for section in [&r.by_period, &r.by_channel, &r.by_sku] {
        assert_eq!(sum(section, |x| x.units), t.units);
        assert_eq!(
            sum(section, |x| x.revenue.amount_minor),
            t.revenue.amount_minor
        );
        assert_eq!(sum(section, |x| x.fees.amount_minor), t.fees.amount_minor);
        assert_eq!(sum(section, |x| x.cogs.amount_minor), t.cogs.amount_minor);
        // SKU rows carry the ledger money of their orders; money naming no order (Etsy Ads per
        // day, storage fees, a reserve) is in the totals, periods and channels only.
        assert_eq!(
            sum(section, |x| x.net_profit.amount_minor) - sum(section, Row::beyond),
            t.net_profit.amount_minor - t.beyond()
        );
        if !std::ptr::eq(section, &r.by_sku) {
            assert_eq!(
                sum(section, |x| x.net_profit.amount_minor),
                t.net_profit.amount_minor
            );
        }
        assert!(section.iter().all(|x| x.revenue.currency == "USD"));
    }
    // The demo shop's ledger covers its orders: fees as charged, against the estimate.
    assert_eq!(t.fee_basis, "ledger");
    assert!(t.fee_estimate_error.is_some());
    assert!(t.refunds.amount_minor < 0 && t.ads.amount_minor < 0);
    assert_eq!(sum(&r.by_period, |x| x.orders), t.orders);
    assert_eq!(sum(&r.by_channel, |x| x.orders), t.orders);
    assert_eq!(
        t.net_sales.amount_minor,
        t.revenue.amount_minor - t.discounts.amount_minor + t.shipping.amount_minor
    );
    assert_eq!(
        t.net_profit.amount_minor,
        t.net_sales.amount_minor - t.fees.amount_minor - t.cogs.amount_minor + t.beyond()
    );
    assert_eq!(t.lines_without_cost, 0);
    assert_eq!(t.lines_cost_converted, 0);
    assert_eq!(t.lines_cost_fifo, 0);
    assert!(t.margin_bp.unwrap() > 0);
    assert!(r.by_sku.iter().all(|x| x.title.is_some()));
    assert!(
        r.by_sku
            .windows(2)
            .all(|w| w[0].net_profit.amount_minor >= w[1].net_profit.amount_minor)
    );
}

#[test]
fn json_snapshot() {
    let env = TestEnv::new();
    env.small_demo();
    let run = env.run(&[
        "report",
        "sales",
        "--json",
        "--since",
        "2025-04-01",
        "--top",
        "3",
    ]);
    insta::assert_json_snapshot!("report_sales_json", run.json());
}

#[test]
fn table_snapshot() {
    let env = TestEnv::new();
    env.small_demo();
    let run = env.run(&[
        "report",
        "sales",
        "--period",
        "week",
        "--since",
        "2025-06-01",
        "--top",
        "4",
        "--channel",
        "etsy",
    ]);
    insta::assert_snapshot!("report_sales_table", run.ok());
}

#[test]
fn ndjson_and_csv_carry_the_same_rows() {
    let env = TestEnv::new();
    env.small_demo();
    let nd = env.run(&["report", "sales", "--format", "ndjson"]);
    let rows: Vec<serde_json::Value> = nd
        .ok()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let csv = env.run(&["report", "sales", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.ok().as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "section");
    assert!(headers.iter().any(|h| h == "net_profit_amount_minor"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows.len());
    let idx = headers
        .iter()
        .position(|h| h == "revenue_amount_minor")
        .unwrap();
    for (rec, row) in records.iter().zip(&rows) {
        assert_eq!(rec[0], *row["section"].as_str().unwrap());
        if let Some(revenue) = row["revenue"]["amount_minor"].as_i64() {
            assert_eq!(rec[idx].parse::<i64>().unwrap(), revenue);
        }
    }
}

#[test]
fn filters_and_output_file() {
    let env = TestEnv::new();
    env.small_demo();
    let all: serde_json::Value = env.run(&["report", "sales", "--json"]).json();
    let etsy = env
        .run(&["report", "sales", "--json", "--channel", "etsy"])
        .json();
    let etsy_row = all["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "etsy")
        .unwrap();
    assert_eq!(etsy["totals"][0]["revenue"], etsy_row["revenue"]);
    let sku = all["by_sku"][0]["key"].as_str().unwrap().to_string();
    let one = env
        .run(&["report", "sales", "--json", "--sku", &sku])
        .json();
    assert_eq!(
        one["totals"][0]["net_profit"],
        all["by_sku"][0]["net_profit"]
    );

    let run = env.run(&["report", "sales", "--json", "-o", "out/report.json"]);
    assert_eq!(run.ok_with("wrote out/report.json"), "");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path("out/report.json")).unwrap()).unwrap();
    assert_eq!(written, all);
}

#[test]
fn an_empty_store_reports_zero_not_an_error() {
    let env = TestEnv::new();
    env.run(&["db", "migrate", "-q"]).ok();
    let r = env.run(&["report", "sales", "--json"]).json();
    assert_eq!(r["totals"].as_array().unwrap().len(), 0);
    assert_eq!(r["by_sku"].as_array().unwrap().len(), 0);
}
