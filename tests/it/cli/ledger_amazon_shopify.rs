//! `sellkit sync import` of the marketplaces' money files into the ledger: Amazon settlement
//! flat files (older layout and V2), Amazon's date-range transaction report (pt-BR and US
//! English), and the Shopify Payments transactions and payouts exports. Synthetic fixtures in
//! tests/fixtures/ledger (figures computed by hand in the comments), the real files of
//! ../shared/fixtures/ledger where present (figures from an independent reader or the fixtures'
//! README), idempotence, and broken files.

use std::path::Path;

use crate::common::{TestEnv, shared};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ledger")
        .join(name)
        .display()
        .to_string()
}

fn db(env: &TestEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(env.db()).expect("open db")
}

/// The first column of the first row, NULL as 0.
#[track_caller]
fn q(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or(0)
}

#[track_caller]
fn qs(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// Σ amount per kind, as (kind, minor units), sorted by kind.
#[track_caller]
fn by_kind(conn: &rusqlite::Connection, filter: &str) -> Vec<(String, i64)> {
    let sql = format!(
        "SELECT kind, SUM(amount_minor) FROM ledger_entries WHERE {filter} GROUP BY kind ORDER BY kind"
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn kinds(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[track_caller]
fn import(env: &TestEnv, files: &[&str]) -> serde_json::Value {
    let mut args = vec!["sync", "import", "--json"];
    args.extend_from_slice(files);
    let doc = env.run(&args).json_with("Imported");
    assert_eq!(doc["committed"], true);
    doc
}

/// A copy of a fixture, changed by `f`, in the test's home.
fn broken(env: &TestEnv, name: &str, new_name: &str, f: impl Fn(&str) -> String) -> String {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let out = f(&text);
    assert_ne!(out, text, "the change to {name} changed nothing");
    let path = env.path(new_name);
    std::fs::write(&path, out).unwrap();
    path.display().to_string()
}

/// Row counts and sums of both tables, to compare two states of the store.
fn state(conn: &rusqlite::Connection) -> (i64, i64, i64, i64, Vec<String>) {
    (
        q(conn, "SELECT COUNT(*) FROM ledger_entries"),
        q(conn, "SELECT SUM(amount_minor) FROM ledger_entries"),
        q(conn, "SELECT COUNT(*) FROM payouts"),
        q(conn, "SELECT SUM(amount_minor) FROM payouts"),
        qs(
            conn,
            "SELECT external_id || ' ' || amount_minor FROM ledger_entries ORDER BY external_id",
        ),
    )
}

#[test]
fn amazon_settlement_older_layout_splits_every_amount_column() {
    let env = TestEnv::new();
    let f = fixture("synthetic_amazon_settlement.txt");
    let doc = import(&env, &[&f]);
    let file = &doc["files"][0];
    assert_eq!(file["format"], "amazon-settlement");
    // The summary row, 18 detail rows (one with a quantity and no amount).
    assert_eq!(file["rows_read"], 19);
    assert_eq!(file["ledger_entries"], 20);
    assert_eq!(file["payouts"], 1);
    let c = db(&env);
    // By hand: sale 240.00 + 5.00 - 5.00 (shipping promotion); fees -6.75 - 7.40 - 8.25
    // (multi-channel) + 3.38 - 0.68 - 39.99 (subscription) - 15.20 (inbound transport);
    // refund -20.00; ads 2 × -12.50; their tax 2 × -1.00; adjustments +11.00 (warehouse damage)
    // - 5.50 (reversal) - 100.00 (payable to Amazon) + 100.00 (charged to the card); the
    // payout -123.61 = -total-amount.
    assert_eq!(
        by_kind(&c, "1"),
        kinds(&[
            ("ad", -2_500),
            ("adjustment", 550),
            ("fee", -7_489),
            ("payout", -12_361),
            ("refund", -2_000),
            ("sale", 24_000),
            ("tax", -200),
        ])
    );
    // The detail amounts add up to total-amount exactly.
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE payout_ref = '11111111111' AND kind != 'payout'"
        ),
        12_361
    );
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || paid_at || ' ' || amount_minor || ' ' || currency || ' ' || status FROM payouts"
        ),
        ["11111111111 2025-05-17T00:00:00Z 12361 USD paid"]
    );
    // One shop, the marketplace the orders import names (not the multi-channel "Non-Amazon US").
    assert_eq!(
        qs(
            &c,
            "SELECT marketplace || ' ' || external_id || ' ' || currency FROM shops"
        ),
        ["amazon amazon.com USD"]
    );
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref IS NOT '11111111111'"
        ),
        0
    );
    // Types by transaction type and fee type.
    let types = qs(
        &c,
        "SELECT kind || '/' || type || ' ' || amount_minor FROM ledger_entries ORDER BY id",
    );
    for want in [
        "fee/fba_fulfilment -825",
        "sale/principal 24000",
        "sale/shipping 500",
        "fee/referral_fee -675",
        "fee/fba_fulfilment -740",
        "sale/promotion -500",
        "refund/principal -2000",
        "fee/referral_fee 338",
        "fee/refund_commission -68",
        "ad/advertising -1250",
        "tax/tax_on_fees -100",
        "fee/subscription -3999",
        "fee/inbound_transport -1520",
        "adjustment/warehouse_damage 1100",
        "adjustment/reversal_reimbursement -550",
        "adjustment/payable_to_amazon -10000",
        "adjustment/charged_to_card 10000",
        "payout/settlement -12361",
    ] {
        assert!(types.iter().any(|t| t == want), "{want} not in {types:#?}");
    }
    // The principal: ids from the source, line 5 of the file, order and SKU.
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || posted_at || ' ' || order_ref || ' ' || sku || ' ' || source FROM ledger_entries WHERE type = 'principal' AND kind = 'sale'"
        ),
        [format!(
            "11111111111:Order:SHIPA1/50000000000001:price-amount:Principal 2025-05-03T10:00:00Z 111-0000001-0000001 SKU-A {f}:5"
        )]
    );
    // Two identical advertising rows (no id of their own) stay two entries.
    let ads = qs(
        &c,
        "SELECT external_id || '|' || source FROM ledger_entries WHERE kind = 'ad' ORDER BY id",
    );
    assert_eq!(ads.len(), 2);
    let first = ads[0].split('|').next().unwrap().to_string();
    assert!(
        first.ends_with(":item-related-fee-amount:Cost of Advertising"),
        "{first}"
    );
    assert_eq!(ads[0], format!("{first}|{f}:13"));
    assert_eq!(ads[1], format!("{first}#2|{f}:14"));
    // Every entry and the payout say where they were read.
    assert_eq!(
        q(
            &c,
            &format!("SELECT COUNT(*) FROM ledger_entries WHERE source NOT GLOB '{f}:[0-9]*'")
        ),
        0
    );
    assert_eq!(qs(&c, "SELECT source FROM payouts"), [format!("{f}:2")]);

    // Idempotent: the same file again replaces its rows.
    let before = state(&c);
    import(&env, &[&f]);
    assert_eq!(state(&c), before);
}

#[test]
fn amazon_settlement_v2_one_entry_per_row_with_day_first_dates() {
    let env = TestEnv::new();
    let f = fixture("synthetic_amazon_settlement_v2.txt");
    let doc = import(&env, &[&f]);
    assert_eq!(doc["files"][0]["format"], "amazon-settlement-v2");
    assert_eq!(doc["files"][0]["rows_read"], 16);
    let c = db(&env);
    // By hand: sale 130.00 + 3.99 - 3.99; VAT withheld -5.00; fees -4.50 - 2.80 + 4.50 - 0.90
    // - 25.00 (subscription) - 1.23 (storage); refund -30.00; ads -8.00; warehouse damage
    // +6.00; reserves +10.00 - 12.00; total-amount 61.07.
    assert_eq!(
        by_kind(&c, "1"),
        kinds(&[
            ("ad", -800),
            ("adjustment", 600),
            ("fee", -2_993),
            ("payout", -6_107),
            ("refund", -3_000),
            ("reserve", -200),
            ("sale", 13_000),
            ("tax", -500),
        ])
    );
    assert_eq!(
        qs(
            &c,
            "SELECT s.external_id || ' ' || p.external_id || ' ' || p.paid_at || ' ' || p.amount_minor || ' ' || p.currency FROM payouts p JOIN shops s ON s.id = p.shop_id"
        ),
        ["amazon.co.uk 22222222222 2025-05-17T00:00:00Z 6107 GBP"]
    );
    // posted-date-time when given (14.08.2025 10:00:00 UTC style), else the day of posted-date.
    assert_eq!(
        qs(
            &c,
            "SELECT posted_at FROM ledger_entries WHERE type IN ('principal', 'subscription') ORDER BY posted_at"
        ),
        ["2025-05-03T10:00:00Z", "2025-05-06", "2025-05-09T12:30:00Z"]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT kind || '/' || type FROM ledger_entries WHERE external_id LIKE '%Reserve%' OR external_id LIKE '%WAREHOUSE%' OR external_id LIKE '%Storage%' ORDER BY kind, type"
        ),
        [
            "adjustment/warehouse_damage",
            "fee/storage",
            "reserve/current_reserve_amount",
            "reserve/previous_reserve_amount_balance"
        ]
    );
    let before = state(&c);
    import(&env, &[&f]);
    assert_eq!(state(&c), before);
}

#[test]
fn amazon_transactions_pt_br_below_its_preamble() {
    let env = TestEnv::new();
    let f = fixture("synthetic_amazon_transactions_br.csv");
    let doc = import(&env, &[&f]);
    let file = &doc["files"][0];
    assert_eq!(file["format"], "amazon-transactions");
    assert_eq!(file["encoding"], "utf-8-bom");
    assert_eq!(file["rows_read"], 12);
    assert_eq!(file["payouts"], 2);
    let c = db(&env);
    // By hand (decimal commas): sales 1.250,00 + 79,90 + 59,99 + 33,97 + shipping 10,00 -
    // rebates 10,00 and 3,40; refund -79,90; referral fees -150,00 - 9,59 + 7,99 - 7,20 -
    // 4,28, FBA fees -12,50 - 5,00 × 3, storage 2 × -3,45 (two identical rows), removal
    // -2,11; adjustment 25,00; ad -45,00; transfers -1.000,00 and -20,00.
    assert_eq!(
        by_kind(&c, "1"),
        kinds(&[
            ("ad", -4_500),
            ("adjustment", 2_500),
            ("fee", -19_959),
            ("payout", -102_000),
            ("refund", -7_990),
            ("sale", 142_046),
        ])
    );
    // Σ entries = Σ of the rows' total column.
    assert_eq!(
        q(&c, "SELECT SUM(amount_minor) FROM ledger_entries"),
        10_097
    );
    assert_eq!(
        qs(
            &c,
            "SELECT amount_minor || ' ' || paid_at || ' ' || status || ' ' || currency FROM payouts ORDER BY amount_minor"
        ),
        [
            "2000 2026-03-12T22:44:05Z paid BRL",
            "100000 2026-03-12T22:43:51Z paid BRL"
        ]
    );
    assert_eq!(
        qs(&c, "SELECT external_id || ' ' || currency FROM shops"),
        ["amazon.com.br BRL"]
    );
    // Portuguese dates with GMT offsets in UTC; HTML entities decoded; the first data row is
    // line 11 (nine preamble lines and the header).
    assert_eq!(
        qs(
            &c,
            "SELECT posted_at || ' ' || description || ' ' || source FROM ledger_entries WHERE type = 'product_sales' AND order_ref = '701-0000001-0000001'"
        ),
        [format!(
            "2026-03-01T18:00:00Z Pedido: Caneca de cerâmica 350 ml {f}:11"
        )]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT type || ' ' || amount_minor FROM ledger_entries WHERE kind = 'fee' AND order_ref IS NULL ORDER BY id"
        ),
        ["storage -345", "storage -345"]
    );
    assert_eq!(
        q(
            &c,
            "SELECT amount_minor FROM ledger_entries WHERE type = 'removal' AND order_ref = '2603101ABC'"
        ),
        -211
    );
    // Deferred money is pending until its release date (none given on the last row).
    assert_eq!(
        qs(
            &c,
            "SELECT status || ' ' || IFNULL(release_at, '-') || ' ' || COUNT(*) FROM ledger_entries GROUP BY status, release_at ORDER BY status, release_at"
        ),
        [
            "pending - 4",
            "pending 2026-03-22T17:00:00Z 3",
            "posted - 17"
        ]
    );
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref NOT IN ('30000000001', '30000000002', '30000000003')"
        ),
        0
    );

    // A report of an overlapping range (its last four rows) and the same file again add nothing.
    let before = state(&c);
    let tail = broken(
        &env,
        "synthetic_amazon_transactions_br.csv",
        "tail.csv",
        |t| {
            let lines: Vec<&str> = t.lines().collect();
            let mut out: Vec<&str> = lines[..10].to_vec();
            out.extend(&lines[lines.len() - 4..]);
            out.join("\n") + "\n"
        },
    );
    import(&env, &[&tail, &f]);
    assert_eq!(state(&c), before);
}

#[test]
fn amazon_transactions_us_english_both_layouts() {
    let env = TestEnv::new();
    let new = fixture("synthetic_amazon_transactions_us.csv");
    let old = fixture("synthetic_amazon_transactions_us_2017.csv");
    let doc = import(&env, &[&new, &old]);
    assert_eq!(doc["files"][0]["format"], "amazon-transactions");
    assert_eq!(doc["files"][1]["format"], "amazon-transactions");
    let c = db(&env);
    // 2025 layout, by hand: sales 25.00 + 3.99 - 3.99 + 1,050.00; refund -25.00; taxes 2.06 +
    // 0.33 - 0.33 - 2.06 (withheld) - 2.06 + 2.06 - 0.02; fees -3.75 - 4.25 + 3.00 - 157.50 -
    // 9.00 - 0.21 - 7.12 (storage) = -178.83; ads -120.50; adjustment 14.50; transfer
    // -1,234.56; label -8.40. Rows' totals: -477.81.
    assert_eq!(
        by_kind(&c, &format!("source LIKE '{new}:%'")),
        kinds(&[
            ("ad", -12_050),
            ("adjustment", 1_450),
            ("fee", -17_883),
            ("payout", -123_456),
            ("refund", -2_500),
            ("sale", 107_500),
            ("shipping_label", -840),
            ("tax", -2),
        ])
    );
    assert_eq!(
        q(
            &c,
            &format!("SELECT SUM(amount_minor) FROM ledger_entries WHERE source LIKE '{new}:%'")
        ),
        -47_781
    );
    // 2017 layout (23 columns): 19.99 + 1.99 - 1.99 - 3.00 - 2.41; ads -5.25; transfer -9.33.
    assert_eq!(
        by_kind(&c, &format!("source LIKE '{old}:%'")),
        kinds(&[
            ("ad", -525),
            ("fee", -541),
            ("payout", -933),
            ("sale", 1_999),
            ("tax", 0),
        ])
    );
    assert_eq!(
        qs(
            &c,
            "SELECT amount_minor || ' ' || paid_at FROM payouts ORDER BY paid_at"
        ),
        ["933 2017-12-15T18:00:00Z", "123456 2025-03-15T01:10:00Z"]
    );
    // 12-hour clocks with PST/PDT, deferred until the release date, entities decoded.
    assert_eq!(
        qs(
            &c,
            "SELECT DISTINCT posted_at || ' ' || status || ' ' || IFNULL(release_at, '-') FROM ledger_entries WHERE order_ref IN ('112-0000002-0000002', '111-1111111-1111111') ORDER BY 1"
        ),
        [
            "2017-12-01T08:38:23Z posted -",
            "2025-03-31T06:59:59Z pending 2025-04-07T06:59:59Z"
        ]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT DISTINCT description FROM ledger_entries WHERE sku = 'SKU-U1' ORDER BY 1"
        ),
        ["Order: Widget & stand", "Refund: Widget & stand"]
    );
    assert_eq!(qs(&c, "SELECT external_id FROM shops"), ["amazon.com"]);
}

#[test]
fn amazon_transactions_of_another_marketplace_need_its_currency() {
    let env = TestEnv::new();
    let f = broken(
        &env,
        "synthetic_amazon_transactions_us_2017.csv",
        "uk.csv",
        |t| t.replace("\"amazon.com\"", "\"amazon.co.uk\""),
    );
    let err = env.run(&["sync", "import", &f]).fails(5).to_string();
    assert!(
        err.contains("uk.csv:5:8: field \"marketplace\": is amazon.co.uk, whose money is GBP, but the file is read as USD: pass --currency GBP"),
        "{err}"
    );
    import(&env, &[&f, "--currency", "GBP"]);
    assert_eq!(
        qs(&db(&env), "SELECT DISTINCT currency FROM ledger_entries"),
        ["GBP"]
    );
}

#[test]
fn shopify_payments_and_payouts_exports_meet_in_one_payout_each() {
    let env = TestEnv::new();
    let tx = fixture("synthetic_shopify_payment_transactions.csv");
    let po = fixture("synthetic_shopify_payouts.csv");
    let doc = import(&env, &[&tx]);
    assert_eq!(doc["files"][0]["format"], "shopify-payments");
    assert_eq!(doc["files"][0]["rows_read"], 12);
    let c = db(&env);
    // By hand: charges 30.00 + 120.00 + 64.00 + 47.00 + 18.50; refund -25.00 and chargeback
    // -40.00; fees -(1.17 + 7.38 + 1.84 + 1.43 + 0.54) and the chargeback fee -15.00; Shop
    // Campaigns -27.00; marketplace sales tax -1.20; adjustments 2 × -2.50 + 5.00 (Shop Cash).
    assert_eq!(
        by_kind(&c, "1"),
        kinds(&[
            ("ad", -2_700),
            ("adjustment", 0),
            ("fee", -2_736),
            ("refund", -6_500),
            ("sale", 27_950),
            ("tax", -120),
        ])
    );
    // Σ Net of each payout date; the pending row (payout of 2025-06-05) makes no payout yet.
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || paid_at || ' ' || amount_minor || ' ' || status || ' ' || source FROM payouts ORDER BY external_id"
        ),
        [
            format!("2025-06-02 2025-06-02 853 paid {tx}:8"),
            format!("2025-06-03 2025-06-03 12158 paid {tx}:3"),
        ]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || kind || ' ' || type || ' ' || amount_minor || ' ' || order_ref || ' ' || payout_ref || ' ' || posted_at || ' ' || source FROM ledger_entries WHERE order_ref = '#1009' ORDER BY external_id"
        )
        .into_iter()
        .map(|s| s.split_once(':').unwrap().1.to_string())
        .collect::<Vec<_>>(),
        [
            format!("amount sale charge 12000 #1009 2025-06-03 2025-06-03T01:10:00Z {tx}:3"),
            format!("fee fee processing_fee -738 #1009 2025-06-03 2025-06-03T01:10:00Z {tx}:3"),
        ]
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE payout_ref = '2025-06-03'"
        ),
        12_158
    );
    // Two identical adjustment rows stay two.
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(*) FROM ledger_entries WHERE type = 'adjustment'"
        ),
        2
    );
    assert_eq!(
        qs(&c, "SELECT marketplace || ' ' || external_id FROM shops"),
        ["shopify default"]
    );

    // The payouts export names the same payouts by their date: one row each.
    let doc = import(&env, &[&po]);
    assert_eq!(doc["files"][0]["format"], "shopify-payouts");
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || amount_minor || ' ' || status FROM payouts ORDER BY external_id"
        ),
        [
            "2025-05-30 9680 paid",
            "2025-06-02 853 paid",
            "2025-06-03 12158 paid",
            "2025-06-05 2883 pending"
        ]
    );
    // Both again, in either order: the same rows and sums.
    let before = state(&c);
    import(&env, &[&po, &tx]);
    import(&env, &[&tx, &po]);
    assert_eq!(state(&c), before);
}

#[test]
fn shopify_payments_with_payout_id_and_vat() {
    let env = TestEnv::new();
    let f = fixture("synthetic_shopify_payment_transactions_vat.csv");
    import(&env, &[&f]);
    let c = db(&env);
    // Net = Amount - Fee - VAT on the first row (a VAT entry), VAT inside the fee on the second.
    assert_eq!(
        by_kind(&c, "1"),
        kinds(&[
            ("fee", -185),
            ("refund", -1_000),
            ("sale", 7_000),
            ("tax", -25)
        ])
    );
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || paid_at || ' ' || amount_minor || ' ' || currency || ' ' || status FROM payouts ORDER BY external_id"
        ),
        [
            "81234567 2025-06-12 6790 EUR paid",
            "81234999 2025-06-13 -1000 EUR in_transit"
        ]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT DISTINCT payout_ref FROM ledger_entries ORDER BY 1"
        ),
        ["81234567", "81234999"]
    );
}

#[test]
fn shopify_payouts_export_with_more_columns() {
    let env = TestEnv::new();
    let f = fixture("synthetic_shopify_payouts_more_columns.csv");
    let doc = import(&env, &[&f]);
    assert_eq!(doc["files"][0]["format"], "shopify-payouts");
    let c = db(&env);
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || amount_minor || ' ' || status || ' ' || source FROM payouts ORDER BY external_id"
        ),
        [
            format!("2025-06-19 4825 failed {f}:3"),
            format!("2025-06-20 16240 in_transit {f}:2")
        ]
    );
    assert_eq!(q(&c, "SELECT COUNT(*) FROM ledger_entries"), 0);
}

#[test]
fn every_ledger_format_imports_twice_to_the_same_rows() {
    let env = TestEnv::new();
    let all: Vec<String> = [
        "synthetic_amazon_settlement.txt",
        "synthetic_amazon_settlement_v2.txt",
        "synthetic_amazon_transactions_br.csv",
        "synthetic_amazon_transactions_us.csv",
        "synthetic_amazon_transactions_us_2017.csv",
        "synthetic_shopify_payment_transactions.csv",
        "synthetic_shopify_payouts.csv",
        "synthetic_shopify_payouts_more_columns.csv",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let doc = import(&env, &refs);
    let formats: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "amazon-settlement",
            "amazon-settlement-v2",
            "amazon-transactions",
            "amazon-transactions",
            "amazon-transactions",
            "shopify-payments",
            "shopify-payouts",
            "shopify-payouts"
        ]
    );
    let c = db(&env);
    let before = state(&c);
    assert_eq!(before.0, 20 + 16 + 24 + 23 + 7 + 18);
    assert_eq!(before.2, 1 + 1 + 2 + 1 + 1 + 4 + 2);
    import(&env, &refs);
    assert_eq!(state(&c), before);
    // No entry uses the duplicate-row mechanism of order files.
    assert_eq!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rows_duplicate"].as_u64().unwrap())
            .sum::<u64>(),
        0
    );
}

/// A fixture, the name of its broken copy, the change, and what stderr must say.
type BrokenCase = (
    &'static str,
    &'static str,
    Box<dyn Fn(&str) -> String>,
    Vec<&'static str>,
);

#[test]
fn broken_ledger_files_name_file_line_and_column_and_write_nothing() {
    let env = TestEnv::new();
    let cases: Vec<BrokenCase> = vec![
        (
            "synthetic_amazon_settlement.txt",
            "settlement.txt",
            Box::new(|t: &str| t.replace("\t240.00\t", "\t24O.00\t")),
            vec!["settlement.txt:5:25: field \"price-amount\": \"24O.00\" is not an amount"],
        ),
        (
            "synthetic_amazon_settlement_v2.txt",
            "settlement_v2.txt",
            Box::new(|t: &str| t.replace("09.05.2025 12:30:00 UTC", "31.02.2025 12:30:00 UTC")),
            vec![
                "settlement_v2.txt:9:18: field \"posted-date-time\": \"31.02.2025 12:30:00 UTC\" is not a date",
                "settlement_v2.txt:11:18:",
            ],
        ),
        (
            "synthetic_amazon_transactions_br.csv",
            "br.csv",
            Box::new(|t: &str| t.replacen("\"65,31\"", "\"65,30\"", 1)),
            vec!["br.csv:12:23: field \"total\": is 65,30 but the row's amounts add up to 65,31"],
        ),
        (
            "synthetic_amazon_transactions_us.csv",
            "us.csv",
            Box::new(|t: &str| {
                t.replace("Mar 3, 2025 1:15:00 PM PST", "Mar 33, 2025 1:15:00 PM PST")
            }),
            vec!["us.csv:10:1: field \"date/time\": \"Mar 33, 2025 1:15:00 PM PST\" is not a date"],
        ),
        (
            "synthetic_shopify_payment_transactions.csv",
            "payments.csv",
            Box::new(|t: &str| t.replacen(",28.83,", ",28.38,", 1)),
            vec!["payments.csv:2:11: field \"Net\": is 28.38 but Amount - Fee is 28.83"],
        ),
        (
            "synthetic_shopify_payouts.csv",
            "payouts.csv",
            Box::new(|t: &str| t.replace(",121.58,", ",12I.58,")),
            vec!["payouts.csv:3:9: field \"Total\": \"12I.58\" is not an amount"],
        ),
    ];
    for (name, copy, change, wants) in cases {
        let f = broken(&env, name, copy, change);
        let err = env.run(&["sync", "import", &f]).fails(5).to_string();
        for want in wants {
            assert!(err.contains(want), "{name}: {want:?} not in\n{err}");
        }
        assert!(err.contains("nothing was imported"), "{err}");
        let c = db(&env);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM ledger_entries"), 0, "{name}");
        assert_eq!(q(&c, "SELECT COUNT(*) FROM payouts"), 0, "{name}");
    }
    // --lenient imports the good rows of the broken report and writes the bad one aside.
    let f = env.path("br.csv").display().to_string();
    let run = env.run(&["sync", "import", &f, "--lenient", "--json"]);
    run.ok_with_stderr();
    let c = db(&env);
    assert_eq!(
        q(
            &c,
            &format!("SELECT COUNT(*) FROM ledger_entries WHERE source = '{f}:12'")
        ),
        0
    );
    assert_eq!(
        q(&c, "SELECT SUM(amount_minor) FROM ledger_entries"),
        10_097 - 6_531
    );
    let rejects = std::fs::read_to_string(format!("{f}.rejects.csv")).unwrap();
    assert!(rejects.contains("65,30"), "{rejects}");
}

// ---- The real files of ../shared/fixtures/ledger ----

#[test]
fn real_amazon_settlement_adds_up_to_its_total() {
    let Some(path) = shared("fixtures/ledger/amazon/adwweaver_settlement_50018020314.txt") else {
        return;
    };
    let f = path.display().to_string();
    // An independent reader: the amount columns of every detail row, summed from the text.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let amount_cols: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with("-amount") && **h != "total-amount")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(amount_cols.len(), 9);
    let cents = |s: &str| -> i64 {
        let s = s.trim();
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (i, d) = s.split_once('.').unwrap_or((s, "0"));
        let v = i.parse::<i64>().unwrap() * 100 + format!("{d:0<2}").parse::<i64>().unwrap();
        if neg { -v } else { v }
    };
    let mut details = 0;
    let mut sum = 0i64;
    for line in lines.skip(1).filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        details += 1;
        sum += amount_cols
            .iter()
            .filter_map(|i| cells.get(*i).filter(|c| !c.trim().is_empty()))
            .map(|c| cents(c))
            .sum::<i64>();
    }
    assert_eq!((details, sum), (15, -6_231));

    let env = TestEnv::new();
    let doc = import(&env, &[&f]);
    assert_eq!(doc["files"][0]["format"], "amazon-settlement");
    let c = db(&env);
    assert_eq!(
        qs(
            &c,
            "SELECT external_id || ' ' || substr(paid_at, 1, 10) || ' ' || amount_minor || ' ' || currency || ' ' || status FROM payouts"
        ),
        ["23874397121 2025-08-16 -6231 CAD paid"]
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE payout_ref = '23874397121' AND kind != 'payout'"
        ),
        sum
    );
    assert_eq!(
        q(
            &c,
            "SELECT amount_minor FROM ledger_entries WHERE kind = 'payout'"
        ),
        6_231
    );
    assert_eq!(
        qs(&c, "SELECT external_id || ' ' || currency FROM shops"),
        ["amazon.ca CAD"]
    );
    // "Cost of Advertising" with its tax, and the charge to the seller's card.
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE kind = 'ad'"
        ),
        -116
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE type = 'charged_to_card'"
        ),
        32_169
    );
}

#[test]
fn real_shopify_payment_transactions_known_figures() {
    let Some(path) =
        shared("fixtures/ledger/shopify/DaveSprague_payment_transactions_export_1.csv")
    else {
        return;
    };
    let f = path.display().to_string();
    let env = TestEnv::new();
    let doc = import(&env, &[&f]);
    assert_eq!(doc["files"][0]["format"], "shopify-payments");
    assert_eq!(doc["files"][0]["rows_read"], 1_593);
    let c = db(&env);
    assert_eq!(
        qs(
            &c,
            "SELECT type || ' ' || COUNT(*) || ' ' || SUM(amount_minor) FROM ledger_entries WHERE external_id LIKE '%:amount' GROUP BY type ORDER BY type"
        ),
        ["charge 1576 15093521", "refund 17 -110988"]
    );
    // Σ Amount 149,825.33, Σ Fee 4,016.47, Σ Net 145,808.86.
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE external_id LIKE '%:amount'"
        ),
        14_982_533
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(amount_minor) FROM ledger_entries WHERE kind = 'fee'"
        ),
        -401_647
    );
    assert_eq!(
        q(&c, "SELECT SUM(amount_minor) FROM ledger_entries"),
        14_580_886
    );
    // 29 payouts summing to Σ Net; the payout of 2025-06-03: 7 rows, 643.48 - 20.67 = 622.81.
    assert_eq!(
        (
            q(&c, "SELECT COUNT(*) FROM payouts"),
            q(&c, "SELECT SUM(amount_minor) FROM payouts"),
            q(&c, "SELECT COUNT(DISTINCT payout_ref) FROM ledger_entries"),
        ),
        (29, 14_580_886, 29)
    );
    assert_eq!(
        (
            q(
                &c,
                "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref = '2025-06-03' AND external_id LIKE '%:amount'"
            ),
            q(
                &c,
                "SELECT SUM(amount_minor) FROM ledger_entries WHERE payout_ref = '2025-06-03' AND external_id LIKE '%:amount'"
            ),
            q(
                &c,
                "SELECT SUM(amount_minor) FROM ledger_entries WHERE payout_ref = '2025-06-03' AND kind = 'fee'"
            ),
            q(
                &c,
                "SELECT amount_minor FROM payouts WHERE external_id = '2025-06-03'"
            ),
        ),
        (7, 64_348, -2_067, 62_281)
    );
    let before = state(&c);
    import(&env, &[&f]);
    assert_eq!(state(&c), before);
}

#[test]
fn real_amazon_pt_br_report_matches_an_independent_reading() {
    let Some(path) =
        shared("fixtures/ledger/amazon/Heitorsf21_2026MarMonthlyUnifiedTransaction_br.csv")
    else {
        return;
    };
    let f = path.display().to_string();
    // An independent reading: the csv crate from the header row on, `total` with its decimal
    // comma (dots between thousands) turned into centavos by hand.
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<csv::StringRecord> = None;
    let (mut rows, mut sum, mut transfers, mut transferred) = (0i64, 0i64, 0i64, 0i64);
    let centavos = |s: &str| -> i64 {
        let plain = s.replace('.', "");
        let (neg, plain) = plain
            .strip_prefix('-')
            .map_or((false, plain.as_str()), |r| (true, r));
        let (i, d) = plain.split_once(',').unwrap_or((plain, "0"));
        let v = i.parse::<i64>().unwrap() * 100 + format!("{d:0<2}").parse::<i64>().unwrap();
        if neg { -v } else { v }
    };
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let Some(h) = &header else {
            if rec.get(0) == Some("data/hora") {
                header = Some(rec);
            }
            continue;
        };
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        let total = centavos(&rec[col("total")]);
        rows += 1;
        sum += total;
        if &rec[col("tipo")] == "Transferir" {
            transfers += 1;
            transferred += total;
        }
    }
    assert!(rows > 300, "{rows}");

    let env = TestEnv::new();
    let doc = import(&env, &[&f]);
    let file = &doc["files"][0];
    assert_eq!(file["format"], "amazon-transactions");
    assert_eq!(file["rows_read"].as_i64(), Some(rows));
    let c = db(&env);
    assert_eq!(q(&c, "SELECT SUM(amount_minor) FROM ledger_entries"), sum);
    assert_eq!(
        (
            q(&c, "SELECT COUNT(*) FROM payouts"),
            q(&c, "SELECT SUM(amount_minor) FROM payouts"),
            q(
                &c,
                "SELECT SUM(amount_minor) FROM ledger_entries WHERE kind = 'payout'"
            ),
        ),
        (transfers, -transferred, transferred)
    );
    assert_eq!(
        qs(&c, "SELECT external_id || ' ' || currency FROM shops"),
        ["amazon.com.br BRL"]
    );
    // The row with "S&atilde;o Jos&eacute; dos Campos" as its city imports; the deferred rows
    // of the end of March are pending (the report gives them no release date).
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(DISTINCT source) FROM ledger_entries WHERE status = 'pending' AND release_at IS NULL"
        ),
        2
    );
    let before = state(&c);
    import(&env, &[&f]);
    assert_eq!(state(&c), before);
}
