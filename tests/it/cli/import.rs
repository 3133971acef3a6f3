//! `sellkit sync import`: every real sample in ../shared/fixtures/exports (skipped with a message
//! when absent), the synthetic fixtures in tests/fixtures/exports for the formats without a
//! public sample, idempotence, and broken files.

use std::path::{Path, PathBuf};

use crate::common::TestEnv;

#[track_caller]
fn shared_exports() -> Option<PathBuf> {
    crate::common::shared("fixtures/exports")
}

/// Synthetic fixture (made-up rows under the real header rows), in the repository.
fn synthetic(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
        .display()
        .to_string()
}

fn db(env: &TestEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(env.db()).expect("open db")
}

fn q(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or(0)
}

fn qs(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// Channel, currency, orders, units, revenue, discounts, shipping, fees.
type ChannelRow = (String, String, i64, i64, i64, i64, i64, i64);

/// Per channel and currency from `report sales`.
fn report_by_channel(env: &TestEnv) -> Vec<ChannelRow> {
    let doc = env
        .run(&[
            "report",
            "sales",
            "--since",
            "2024-01-01",
            "--until",
            "2026-12-31",
            "--json",
        ])
        .json();
    let mut out: Vec<_> = doc["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["currency"].as_str().unwrap().to_string(),
                r["orders"].as_i64().unwrap(),
                r["units"].as_i64().unwrap(),
                r["revenue"]["amount_minor"].as_i64().unwrap(),
                r["discounts"]["amount_minor"].as_i64().unwrap(),
                r["shipping"]["amount_minor"].as_i64().unwrap(),
                r["fees"]["amount_minor"].as_i64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn real_samples_import_with_hand_checked_totals() {
    let Some(dir) = shared_exports() else { return };
    let env = TestEnv::new();
    let files = [
        "shopify/ramkumar03ace_orders_export_1.csv",
        "shopify/faridrony55_products_export_1.csv",
        "shopify/shopifypartners_apparel.csv",
        "shopify/shopifypartners_home-and-garden.csv",
        "shopify/shopifypartners_jewelery.csv",
        "etsy/Volkan-eles_EtsyListingsDownload.csv",
        "etsy/theeric1_EtsyListingsDownload.csv",
    ];
    let paths: Vec<String> = files
        .iter()
        .map(|f| dir.join(f).display().to_string())
        .collect();
    let mut args = vec!["sync", "import", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let doc = env.run(&args).json_with("Imported");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["committed"], true);
    let formats: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "shopify-orders",
            "shopify-products",
            "shopify-products",
            "shopify-products",
            "shopify-products",
            "etsy-listings",
            "etsy-listings"
        ]
    );
    // Rows are records, not physical lines: 5,346 lines of the Volkan-eles file are 133 listings.
    let rows: Vec<u64> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rows_read"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, [121, 565, 22, 21, 41, 133, 14]);

    let c = db(&env);
    // Shopify orders, checked by hand against the file: 51 orders #1001..#1051, 121 line rows,
    // 258 units, 585,942.00 INR of items (Subtotal), 4,741.29 INR tax, Total 590,683.29 INR,
    // no shipping, discounts or fees; SKUs CB-ETH-500, LW-MIN-BRN, SC-LAV-VAN, WH-BT-001,
    // YM-ECO-001; ship-to country IN on two orders, empty on the others.
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 51);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM order_lines"), 121);
    assert_eq!(q(&c, "SELECT SUM(quantity) FROM order_lines"), 258);
    assert_eq!(
        q(
            &c,
            "SELECT SUM(quantity * unit_price_minor) FROM order_lines"
        ),
        58_594_200
    );
    assert_eq!(q(&c, "SELECT SUM(tax_minor) FROM order_lines"), 474_129);
    assert_eq!(
        q(
            &c,
            "SELECT SUM(quantity * unit_price_minor - discount_minor + shipping_minor + tax_minor) FROM order_lines"
        ),
        59_068_329
    );
    assert_eq!(q(&c, "SELECT SUM(fees_minor) FROM order_lines"), 0);
    assert_eq!(q(&c, "SELECT COUNT(DISTINCT sku) FROM order_lines"), 5);
    assert_eq!(
        qs(
            &c,
            "SELECT DISTINCT ship_country FROM orders WHERE ship_country IS NOT NULL"
        ),
        ["IN"]
    );
    assert_eq!(
        q(&c, "SELECT COUNT(*) FROM orders WHERE ship_country = 'IN'"),
        2
    );
    assert_eq!(qs(&c, "SELECT DISTINCT currency FROM orders"), ["INR"]);
    // Created at "2025-12-06 10:37:33 -0500" is 15:37:33 UTC.
    assert_eq!(
        qs(&c, "SELECT MAX(ordered_at) FROM orders"),
        ["2025-12-06T15:37:33Z"]
    );

    // report sales over the imported orders gives the same totals.
    let report = report_by_channel(&env);
    assert_eq!(
        report,
        [("shopify".into(), "INR".into(), 51, 258, 58_594_200, 0, 0, 0)]
    );

    // Products exports: 445 variant rows with a price in the 2025 export (84 handles, 6 SKUs);
    // 22 + 21 + 23 variants in the partner samples (no SKUs).
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(*) FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.channel = 'shopify'"
        ),
        445 + 22 + 21 + 23
    );
    // Etsy listings: 133 + 14 listings, quantities 7,645 + 471, prices 2,387.79 + 437.79 USD;
    // theeric1 lists 23 distinct variation SKUs, one listing has a single SKU.
    assert_eq!(
        q(
            &c,
            "SELECT COUNT(*) FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.channel = 'etsy'"
        ),
        147
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(quantity) FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.channel = 'etsy'"
        ),
        8_116
    );
    assert_eq!(
        q(
            &c,
            "SELECT SUM(price_minor) FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.channel = 'etsy'"
        ),
        282_558
    );
    assert_eq!(
        q(&c, "SELECT COUNT(*) FROM inventory WHERE location = 'etsy'"),
        1
    );
    // Products: 5 SKUs from orders + 6 from the products export + 23 Etsy variation SKUs.
    assert_eq!(q(&c, "SELECT COUNT(*) FROM products"), 34);
    assert_eq!(
        q(&c, "SELECT COUNT(*) FROM shops WHERE origin = 'import'"),
        2
    );

    // Importing the same files again changes nothing.
    let again = env.run(&args).json_with("Imported");
    assert_eq!(again["committed"], true);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 51);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM order_lines"), 121);
    assert_eq!(
        q(&c, "SELECT COUNT(*) FROM listings"),
        445 + 22 + 21 + 23 + 147
    );
    assert_eq!(report_by_channel(&env), report);
}

fn import_synthetic(env: &TestEnv, names: &[&str]) -> serde_json::Value {
    let paths: Vec<String> = names.iter().map(|n| synthetic(n)).collect();
    let mut args = vec!["sync", "import", "--json"];
    args.extend(paths.iter().map(String::as_str));
    env.run(&args).json_with("Imported")
}

const ALL_SYNTHETIC: [&str; 7] = [
    "synthetic_etsy_sold_orders.csv",
    "synthetic_etsy_sold_order_items.csv",
    "synthetic_shopify_orders.csv",
    "synthetic_amazon_all_orders.txt",
    "synthetic_amazon_all_listings.txt",
    "synthetic_amazon_business_report.csv",
    "synthetic_ebay_orders.csv",
];

#[test]
fn synthetic_fixtures_cover_every_format_with_hand_checked_totals() {
    let env = TestEnv::new();
    let doc = import_synthetic(&env, &ALL_SYNTHETIC);
    let formats: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(
        formats,
        [
            "etsy-orders",
            "etsy-order-items",
            "shopify-orders",
            "amazon-orders",
            "amazon-listings",
            "amazon-business-report",
            "ebay-orders"
        ]
    );
    assert_eq!(doc["files"][5]["encoding"], "utf-8-bom");
    // Hand totals (see each fixture):
    // etsy: 4 orders (3 in the orders file, 1 more in the items file), 7 units,
    //   75.00 + 42.00 + 25.01 + 18.00 = 160.01; discount 7.50 once (not once per item row);
    //   shipping 6.00 + 12.00 + 4.50 + 3.50 = 26.00; card fees 2.61 + 1.87 + 1.13 = 5.61.
    // shopify: #2002 is cancelled; #2001 = 30.00 + 2 × 10.00, discount 5.00, shipping 8.00.
    // amazon USD: cancelled order left out; 39.98 + 3 × 3.33⅓ + 20.00 + pending 0 = 69.98,
    //   promotions 2.00 + 5.00; shipping 5.00; amazon EUR: 15.00 on Amazon.de.
    // ebay: 2 × 19.99 + 9.99 + 24.00 = 73.97; shipping 5.00 + 4.00.
    assert_eq!(
        report_by_channel(&env),
        [
            ("amazon".into(), "EUR".into(), 1, 1, 1_500, 0, 0, 0),
            ("amazon".into(), "USD".into(), 3, 7, 6_998, 700, 500, 0),
            ("ebay".into(), "USD".into(), 2, 4, 7_397, 0, 900, 0),
            ("etsy".into(), "USD".into(), 4, 7, 16_001, 750, 2_600, 561),
            ("shopify".into(), "USD".into(), 1, 3, 5_000, 500, 800, 0),
        ]
    );
    let c = db(&env);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 4 + 2 + 5 + 2);
    // Tax: etsy 5.20, shopify 3.60 (+0 cancelled), amazon 3.20+0.40+1.60+0.80 and 2.39 EUR, ebay 3.52+0.80+1.92.
    assert_eq!(
        q(
            &c,
            "SELECT SUM(tax_minor) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.currency = 'USD'"
        ),
        520 + 360 + 600 + 624
    );
    // Ship-to countries from names (Etsy, eBay) and codes (Shopify, Amazon).
    assert_eq!(
        qs(&c, "SELECT DISTINCT ship_country FROM orders ORDER BY 1"),
        ["AT", "CA", "DE", "FR", "GB", "US"]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT ship_postal_code FROM orders WHERE external_id = '3012345674'"
        ),
        ["SN3 3FU"]
    );
    // Distinct SKUs sold: MUG-BLUE, MUG-RED, PRINT-A3, TOTE-LINEN, ebay:234567890125,
    // etsy:order:3012345673 (an Etsy order without a SKU in the orders file).
    assert_eq!(
        qs(&c, "SELECT DISTINCT sku FROM order_lines ORDER BY 1"),
        [
            "MUG-BLUE",
            "MUG-RED",
            "PRINT-A3",
            "TOTE-LINEN",
            "ebay:234567890125",
            "etsy:order:3012345673"
        ]
    );
    // Shopify "2025-12-06 22:37:33 -0500" is the 7th in UTC; Etsy MM/DD/YY is a calendar day.
    assert_eq!(
        qs(
            &c,
            "SELECT ordered_at FROM orders WHERE external_id = '7000000000001'"
        ),
        ["2025-12-07T03:37:33Z"]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT ordered_at FROM orders WHERE external_id = '3012345671'"
        ),
        ["2025-09-05T00:00:00Z"]
    );
    assert_eq!(
        qs(
            &c,
            "SELECT status FROM orders WHERE external_id IN ('111-0000003-0000003', '111-0000004-0000004', '7000000000002') ORDER BY external_id"
        ),
        ["cancelled", "pending", "cancelled"]
    );
    // Amazon listings: 3 listings, FBA row has no own stock; business report: 176 units, 3,479.52.
    assert_eq!(q(&c, "SELECT COUNT(*) FROM listings"), 3);
    assert_eq!(
        q(
            &c,
            "SELECT SUM(on_hand) FROM inventory WHERE location = 'amazon'"
        ),
        12
    );
    assert_eq!(q(&c, "SELECT COUNT(*) FROM inventory"), 2);
    assert_eq!(
        q(
            &c,
            "SELECT CAST(SUM(value) AS INTEGER) FROM trend_signals WHERE metric = 'units_ordered'"
        ),
        176
    );
    assert_eq!(
        q(
            &c,
            "SELECT CAST(SUM(value) AS INTEGER) FROM trend_signals WHERE metric = 'ordered_product_sales_minor'"
        ),
        347_952
    );
    assert_eq!(
        q(
            &c,
            "SELECT CAST(SUM(value) AS INTEGER) FROM trend_signals WHERE metric = 'sessions'"
        ),
        4_098
    );
    // One shop per marketplace and store: amazon.com and amazon.de, etsy, shopify, ebay.
    assert_eq!(
        qs(
            &c,
            "SELECT channel || '/' || external_id FROM shops ORDER BY 1"
        ),
        [
            "amazon/amazon.com",
            "amazon/amazon.de",
            "amazon/default",
            "ebay/default",
            "etsy/default",
            "shopify/default"
        ]
    );
}

#[test]
fn overlapping_exports_in_either_order_leave_one_copy() {
    let a = TestEnv::new();
    import_synthetic(
        &a,
        &[
            "synthetic_etsy_sold_orders.csv",
            "synthetic_etsy_sold_order_items.csv",
        ],
    );
    let b = TestEnv::new();
    import_synthetic(&b, &["synthetic_etsy_sold_order_items.csv"]);
    import_synthetic(&b, &["synthetic_etsy_sold_orders.csv"]);
    import_synthetic(&b, &["synthetic_etsy_sold_order_items.csv"]);
    let want = [(
        "etsy".to_string(),
        "USD".to_string(),
        4,
        7,
        16_001,
        750,
        2_600,
        561,
    )];
    assert_eq!(report_by_channel(&a), want);
    assert_eq!(report_by_channel(&b), want);
    for env in [&a, &b] {
        let c = db(env);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 4);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM order_lines"), 2 + 1 + 2 + 1);
    }
    // Importing the Amazon file twice: same rows.
    let env = TestEnv::new();
    import_synthetic(&env, &["synthetic_amazon_all_orders.txt"]);
    let first = report_by_channel(&env);
    import_synthetic(&env, &["synthetic_amazon_all_orders.txt"]);
    assert_eq!(report_by_channel(&env), first);
    assert_eq!(q(&db(&env), "SELECT COUNT(*) FROM order_lines"), 7);
}

#[test]
fn newer_data_updates_older_and_older_data_is_kept_out() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(synthetic("synthetic_amazon_all_orders.txt")).unwrap();
    // A later export: order 4 has shipped, with its price now known.
    let newer = text.replace(
        "111-0000004-0000004\t\t2025-10-02T08:00:00+00:00\t2025-10-02T08:05:00+00:00\tPending",
        "111-0000004-0000004\t\t2025-10-02T08:00:00+00:00\t2025-10-05T08:05:00+00:00\tShipped",
    );
    assert_ne!(newer, text);
    let newer = newer.replace("Unshipped\t1\t\t\t\t\t", "Shipped\t1\tUSD\t24.00\t\t\t");
    let path = env.path("newer.txt");
    std::fs::write(&path, &newer).unwrap();
    import_synthetic(&env, &["synthetic_amazon_all_orders.txt"]);
    env.run(&["sync", "import", path.to_str().unwrap(), "-q"])
        .ok();
    let c = db(&env);
    let sql = "SELECT o.status || ' ' || l.unit_price_minor FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.external_id = '111-0000004-0000004'";
    assert_eq!(qs(&c, sql), ["shipped 2400"]);
    // The older export again: order 4 stays as the newer file left it.
    let run = env.run(&[
        "sync",
        "import",
        &synthetic("synthetic_amazon_all_orders.txt"),
        "--json",
    ]);
    assert_eq!(
        run.json_with("Imported")["files"][0]["orders_kept_newer"],
        1
    );
    assert_eq!(qs(&c, sql), ["shipped 2400"]);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 5);
}

fn no_orders_written(env: &TestEnv) {
    if env.db().exists() {
        let c = db(env);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 0);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM order_lines"), 0);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM shops"), 0);
        assert_eq!(q(&c, "SELECT COUNT(*) FROM listings"), 0);
    }
}

/// Writes a broken copy of a synthetic fixture into the test's folder.
fn broken(env: &TestEnv, from: &str, name: &str, edit: impl Fn(String) -> String) -> String {
    let text = std::fs::read_to_string(synthetic(from)).unwrap();
    let out = edit(text.clone());
    assert_ne!(out, text, "the edit changed nothing");
    let path = env.path(name);
    std::fs::write(&path, out).unwrap();
    path.display().to_string()
}

#[test]
fn truncated_last_line_is_rejected_with_its_line_and_nothing_is_written() {
    let env = TestEnv::new();
    let f = broken(&env, "synthetic_ebay_orders.csv", "cut.csv", |t| {
        let end = t.find("1003,12-34567-89013").unwrap();
        t[..end + 60].to_string()
    });
    let err = env.run(&["sync", "import", &f]).fails(5).to_string();
    assert!(err.contains("cut.csv:6:"), "{err}");
    assert!(err.contains("truncated"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    no_orders_written(&env);
}

#[test]
fn wrong_column_count_bad_date_and_bad_amount_name_file_line_column() {
    let env = TestEnv::new();
    let f = broken(&env, "synthetic_amazon_all_orders.txt", "bad.txt", |t| {
        t.replace("Art Print A3", "Art\tPrint A3")
            .replace("2025-10-01T12:00:00+00:00", "2025-13-01T12:00:00+00:00")
            .replace("\t39.98\t", "\t39,9x\t")
    });
    let run = env.run(&["sync", "import", &f]);
    let err = run.fails(5).to_string();
    // Row 3 (line 3): a tab inside a value adds a field.
    assert!(
        err.contains("bad.txt:3:33: the row has 33 fields but the header has 32"),
        "{err}"
    );
    // Line 5: purchase-date is column 3.
    assert!(
        err.contains(
            "bad.txt:5:3: field \"purchase-date\": \"2025-13-01T12:00:00+00:00\" is not a date"
        ),
        "{err}"
    );
    // Line 2: item-price is column 16.
    assert!(
        err.contains("bad.txt:2:16: field \"item-price\": \"39,9x\" is not an amount"),
        "{err}"
    );
    assert!(err.contains("3 bad rows"), "{err}");
    no_orders_written(&env);
}

#[test]
fn lenient_imports_good_rows_and_writes_the_bad_ones_to_a_rejects_file() {
    let env = TestEnv::new();
    let f = broken(&env, "synthetic_amazon_all_orders.txt", "bad.txt", |t| {
        t.replace("2025-10-01T12:00:00+00:00", "yesterday")
            .replace("\t20.00\t", "\tabc\t")
    });
    let run = env.run(&["sync", "import", &f, "--lenient", "--json"]);
    let doc = run.json_with("sellkit: warning");
    assert_eq!(doc["committed"], true);
    assert_eq!(doc["rows_rejected"], 2);
    let rejects = format!("{f}.rejects.csv");
    assert_eq!(doc["files"][0]["rejects_file"], rejects.as_str());
    assert!(
        run.stderr.contains("2 rejected rows written to"),
        "{}",
        run.stderr
    );
    // The original header and rows (as CSV), with the reason in a trailing column.
    let mut r = csv::Reader::from_path(&rejects).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header.len(), 33);
    assert_eq!(header[0], "amazon-order-id");
    assert_eq!(header[32], "sellkit_reject_reason");
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "111-0000002-0000002");
    assert_eq!(rows[0][15], "abc");
    assert!(
        rows[0][32].ends_with("bad.txt:3:16: field \"item-price\": \"abc\" is not an amount"),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[1][32].contains("bad.txt:5:3: field \"purchase-date\""),
        "{:?}",
        rows[1]
    );
    let c = db(&env);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 3);
    // --rejects puts them elsewhere.
    let env2 = TestEnv::new();
    let f2 = broken(&env2, "synthetic_amazon_all_orders.txt", "bad.txt", |t| {
        t.replace("\t20.00\t", "\tabc\t")
    });
    let out = env2.path("rej/bad-rows.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    env2.run(&[
        "sync",
        "import",
        &f2,
        "--lenient",
        "--rejects",
        out.to_str().unwrap(),
        "-q",
    ])
    .ok_with("sellkit: warning");
    assert!(out.exists());
    assert!(!Path::new(&format!("{f2}.rejects.csv")).exists());
}

#[test]
fn empty_header_only_and_binary_files() {
    let env = TestEnv::new();
    let empty = env.path("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = env
        .run(&["sync", "import", empty.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(err.contains("empty.csv: the file is empty"), "{err}");

    let bin = env.path("garbage.csv");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    std::fs::write(&bin, bytes).unwrap();
    let err = env
        .run(&["sync", "import", bin.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(err.contains("garbage.csv: binary data"), "{err}");
    no_orders_written(&env);

    // Header only: a valid export of a period without sales; nothing to import, said so.
    let header = broken(&env, "synthetic_shopify_orders.csv", "header.csv", |t| {
        t.lines().next().unwrap().to_string() + "\n"
    });
    let run = env.run(&["sync", "import", &header, "--json"]);
    assert_eq!(
        run.json_with("sellkit: warning")["files"][0]["rows_read"],
        0
    );
    assert!(
        run.stderr
            .contains("header.csv: header only, no rows to import"),
        "{}",
        run.stderr
    );
    no_orders_written(&env);
}

#[test]
fn windows_1252_and_crlf_are_read() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(synthetic("synthetic_etsy_sold_order_items.csv")).unwrap();
    let text = text
        .replace("Swindon", "Köln-Mülheim")
        .replace('\n', "\r\n");
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!bad);
    let path = env.path("cp1252.csv");
    std::fs::write(&path, &bytes).unwrap();
    let doc = env
        .run(&["sync", "import", path.to_str().unwrap(), "--json"])
        .json_with("Imported");
    assert_eq!(doc["files"][0]["encoding"], "windows-1252");
    assert_eq!(
        qs(
            &db(&env),
            "SELECT ship_city FROM orders WHERE external_id = '3012345674'"
        ),
        ["Köln-Mülheim"]
    );
}

#[test]
fn unknown_header_names_known_formats_and_missing_columns() {
    let env = TestEnv::new();
    let path = env.path("mystery.csv");
    std::fs::write(&path, "Name,Email,Currency,Total,Created at,Lineitem name\n#1,a@b,USD,1.00,2025-01-01 00:00:00 +0000,x\n").unwrap();
    let err = env
        .run(&["sync", "import", path.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(
        err.contains("mystery.csv:1: unknown export format"),
        "{err}"
    );
    assert!(
        err.contains("etsy-orders, etsy-order-items, etsy-listings, shopify-orders"),
        "{err}"
    );
    assert!(err.contains("the nearest is shopify-orders"), "{err}");
    assert!(
        err.contains("\"Lineitem quantity\", \"Lineitem price\", \"Lineitem sku\""),
        "{err}"
    );
    // Forcing a format that does not fit says what is missing.
    let err = env
        .run(&[
            "sync",
            "import",
            path.to_str().unwrap(),
            "--as",
            "amazon-orders",
        ])
        .fails(5)
        .to_string();
    assert!(
        err.contains("mystery.csv:1: not in the amazon-orders format"),
        "{err}"
    );
    assert!(err.contains("\"amazon-order-id\""), "{err}");
}

#[test]
fn stdin_needs_as_and_imports() {
    let env = TestEnv::new();
    let err = env.run(&["sync", "import", "-"]).fails(2).to_string();
    assert!(err.contains("--as FORMAT"), "{err}");
    let data = std::fs::read(synthetic("synthetic_ebay_orders.csv")).unwrap();
    let mut cmd = env.command();
    cmd.args(["sync", "import", "-", "--as", "ebay-orders", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&data).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["files"][0]["file"], "-");
    assert_eq!(doc["files"][0]["orders"], 2);
    assert_eq!(doc["files"][0]["rows_skipped"], 3);
}

#[test]
fn shopify_continuation_rows_of_a_rejected_first_row_are_rejected_too() {
    let env = TestEnv::new();
    let f = broken(&env, "synthetic_shopify_orders.csv", "orders.csv", |t| {
        t.replacen("2025-12-06 22:37:33 -0500", "06/12/2025 22:37", 1)
    });
    let run = env.run(&["sync", "import", &f, "--lenient", "--json"]);
    let doc = run.json_with("sellkit: warning");
    assert_eq!(doc["rows_rejected"], 2);
    let bad = doc["bad_rows"].as_array().unwrap();
    assert_eq!(bad[0]["field"], "Created at");
    assert_eq!(bad[0]["line"], 2);
    // The second line item of #2001 (its row starts on line 4: the note spans two lines).
    assert_eq!(bad[1]["line"], 4);
    assert!(
        bad[1]["error"]
            .as_str()
            .unwrap()
            .contains("first row of order #2001"),
        "{bad:?}"
    );
    let c = db(&env);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM orders"), 1);
    assert_eq!(q(&c, "SELECT COUNT(*) FROM order_lines"), 1);
}

#[test]
fn control_characters_in_a_sku_are_refused_with_or_without_a_bom() {
    for (bom, file) in [(false, "plain.csv"), (true, "bom.csv")] {
        for evil in [
            "MUG\u{1b}]52;c;ZXZpbA==\u{7}",
            "MUG\u{0}BLUE",
            "MUG\u{9b}2J",
        ] {
            let env = TestEnv::new();
            let f = broken(&env, "synthetic_etsy_sold_order_items.csv", file, |t| {
                let t = t.replacen(",MUG-BLUE", &format!(",{evil}"), 1);
                if bom { format!("\u{feff}{t}") } else { t }
            });
            let run = env.run(&["sync", "import", &f]);
            let err = run.fails(5).to_string();
            if !bom && evil.contains('\u{0}') {
                // Without a BOM a NUL byte already marks the file as binary.
                assert!(err.contains("binary data"), "{err}");
            } else {
                // Line 2, the SKU column (33rd).
                assert!(
                    err.contains(&format!("{file}:2:33")),
                    "{bom} {evil:?}: {err}"
                );
                assert!(err.contains("control characters"), "{err}");
            }
            assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
            no_orders_written(&env);
        }
    }
}
