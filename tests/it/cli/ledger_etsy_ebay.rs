//! `sellkit sync import` of the money files: Etsy monthly statements (US and UK layouts), Etsy
//! deposits and eBay transaction reports, into ledger entries and payouts. Synthetic fixtures in
//! tests/fixtures/ledger (made-up rows under the documented headers); the real files of
//! ../shared/fixtures/ledger against their known figures (skipped when absent).

use std::path::Path;

use crate::common::TestEnv;

/// A synthetic ledger fixture in the repository.
fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ledger")
        .join(name)
        .display()
        .to_string()
}

fn import(env: &TestEnv, files: &[&str]) -> serde_json::Value {
    let mut args = vec!["sync", "import"];
    args.extend_from_slice(files);
    args.push("--json");
    env.run(&args).json_with("Imported")
}

/// Σ amount_minor of the ledger entries matching `filter` (0 when none).
fn sum(env: &TestEnv, filter: &str) -> i64 {
    env.count(&format!(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger_entries WHERE {filter}"
    ))
}

fn entries(env: &TestEnv, filter: &str) -> i64 {
    env.count(&format!(
        "SELECT COUNT(*) FROM ledger_entries WHERE {filter}"
    ))
}

fn text(env: &TestEnv, sql: &str) -> String {
    let conn = rusqlite::Connection::open(env.db()).expect("open db");
    conn.query_row(sql, [], |r| r.get::<_, String>(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every table's row count, to show that a failed import wrote nothing.
fn all_counts(env: &TestEnv) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(env.db()).expect("open db");
    let mut st = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    let names: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    names
        .into_iter()
        .map(|t| {
            let n = crate::common::count(&conn, &format!("SELECT COUNT(*) FROM \"{t}\""));
            (t, n)
        })
        .collect()
}

/// Kind → (entries, Σ minor) for one currency, sorted by kind.
fn by_kind(env: &TestEnv, currency: &str) -> Vec<(String, i64, i64)> {
    let conn = rusqlite::Connection::open(env.db()).expect("open db");
    let mut st = conn
        .prepare(
            "SELECT kind, COUNT(*), SUM(amount_minor) FROM ledger_entries WHERE currency = ?1
             GROUP BY kind ORDER BY kind",
        )
        .unwrap();
    st.query_map([currency], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

fn kinds(rows: &[(&str, i64, i64)]) -> Vec<(String, i64, i64)> {
    rows.iter()
        .map(|(k, n, s)| (k.to_string(), *n, *s))
        .collect()
}

#[test]
fn etsy_us_statement_maps_kinds_types_orders_and_deposits() {
    let env = TestEnv::new();
    let f = fixture("etsy_statement_us.csv");
    let doc = import(&env, &[&f]);
    let file = &doc["files"][0];
    assert_eq!(file["format"], "etsy-statement");
    assert_eq!(file["encoding"], "utf-8-bom");
    assert_eq!(file["rows_imported"], 25);
    assert_eq!(file["ledger_entries"], 25);
    assert_eq!(file["payouts"], 2);

    // Hand-computed from the fixture's Net column (Deposit rows: the Title's amount, negated).
    assert_eq!(
        by_kind(&env, "USD"),
        kinds(&[
            ("ad", 2, -250 - 375),
            ("adjustment", 1, 500),
            ("fee", 9, -50 - 130 - 95 - 20 - 20 + 33 - 240 - 180 + 50),
            ("payout", 2, -128_726 - 6_887),
            ("refund", 1, -500),
            ("sale", 2, 2_600 + 154_000),
            ("shipping_label", 4, -831 - 610 + 100 - 45),
            ("tax", 4, -160 + 30 - 28 - 300),
        ])
    );
    // Σ Net of the file (every row but the deposits).
    assert_eq!(sum(&env, "kind <> 'payout'"), 153_479);

    // Finer types.
    let ty = |t: &str| entries(&env, &format!("type = '{t}'"));
    assert_eq!(
        ty("listing_fee"),
        2,
        "two identical $0.20 rows stay two entries"
    );
    assert_eq!(
        ty("transaction_fee"),
        4,
        "incl. the credit for a transaction fee"
    );
    assert_eq!(ty("processing_fee"), 2);
    assert_eq!(ty("share_and_save"), 1);
    assert_eq!(ty("etsy_ads"), 1);
    assert_eq!(ty("offsite_ads"), 1);
    assert_eq!(ty("shipping_label"), 2, "a label and its credit");
    assert_eq!(ty("return_label"), 1);
    assert_eq!(ty("label_adjustment"), 1);
    assert_eq!(ty("sales_tax"), 3);
    assert_eq!(ty("retail_delivery_fee"), 1);
    assert_eq!(ty("refund_charge"), 1);
    assert_eq!(sum(&env, "type = 'refund_charge'"), 500);
    assert_eq!(sum(&env, "kind = 'fee' AND amount_minor > 0"), 33 + 50);

    // Order refs, from the Title ("Payment for Order #N") or the Info ("Order #N").
    assert_eq!(entries(&env, "order_ref = '1000000002'"), 5);
    assert_eq!(entries(&env, "order_ref = '1000000001'"), 11);
    assert_eq!(
        entries(&env, "order_ref IS NULL"),
        2 + 1 + 4 + 2,
        "listing fees, Etsy Ads, labels, deposits"
    );
    assert_eq!(
        sum(&env, "order_ref = '1000000001' AND kind = 'sale'"),
        154_000
    );

    // Dates and the source of each entry.
    assert_eq!(entries(&env, "posted_at = '2025-11-30'"), 7);
    let f_esc = f.replace('\'', "''");
    assert_eq!(
        text(
            &env,
            "SELECT source FROM ledger_entries WHERE type = 'refund_charge'"
        ),
        format!("{f}:19")
    );
    assert_eq!(
        entries(&env, &format!("source LIKE '{f_esc}:%'")),
        25,
        "every entry names its file and line"
    );

    // Deposits: a negative payout entry and a positive payout with the same id.
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 2);
    assert_eq!(
        env.count(
            "SELECT SUM(amount_minor) FROM payouts WHERE status = 'paid' AND currency = 'USD'"
        ),
        128_726 + 6_887
    );
    assert_eq!(
        text(
            &env,
            "SELECT external_id || ' ' || paid_at || ' ' || source FROM payouts WHERE amount_minor = 128726"
        ),
        format!("etsy-deposit:2025-11-28:USD:1287.26#1 2025-11-28 {f}:15")
    );
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM ledger_entries l JOIN payouts p
               ON p.shop_id = l.shop_id AND p.external_id = l.payout_ref AND p.amount_minor = -l.amount_minor
             WHERE l.kind = 'payout' AND l.type = 'deposit'"
        ),
        2
    );
    // Ids: digests of the cells with the occurrence number.
    assert_eq!(entries(&env, "external_id LIKE 'etsy-statement:%#1'"), 24);
    assert_eq!(
        entries(
            &env,
            "external_id LIKE 'etsy-statement:%#2' AND type = 'listing_fee'"
        ),
        1
    );
}

#[test]
fn etsy_uk_statement_fills_the_blank_date_and_currency_from_its_neighbours() {
    let env = TestEnv::new();
    let f = fixture("etsy_statement_gbp.csv");
    let doc = import(&env, &[&f]);
    assert_eq!(doc["files"][0]["format"], "etsy-statement");
    assert_eq!(doc["files"][0]["encoding"], "utf-8");
    assert_eq!(doc["files"][0]["rows_imported"], 11);
    assert_eq!(
        by_kind(&env, "GBP"),
        kinds(&[
            ("ad", 1, -150),
            ("fee", 4, -15 - 65 - 60 - 35),
            ("payout", 1, -1_240),
            ("sale", 1, 1_000),
            ("tax", 4, -3 - 12 - 30 - 10),
        ])
    );
    assert_eq!(entries(&env, "currency <> 'GBP'"), 0);
    assert_eq!(sum(&env, "kind <> 'payout'"), 620);
    assert_eq!(entries(&env, "type = 'vat_on_fees'"), 4);

    // Line 6: no date, no currency, Fees & Taxes empty, Net -£0.04 → the row above's day, GBP.
    assert_eq!(
        text(
            &env,
            "SELECT posted_at || ' ' || currency || ' ' || amount_minor || ' ' || order_ref || ' ' || source
             FROM ledger_entries WHERE description LIKE 'VAT: Offsite Ads fee%'"
        ),
        format!("2025-05-30 GBP -30 1200000001 {f}:6")
    );
    // "Listing fee ($0.20 USD)": the GBP Net; the USD figure only in the description.
    assert_eq!(
        text(
            &env,
            "SELECT amount_minor || ' ' || currency || ' ' || type || ' ' || description
             FROM ledger_entries WHERE description LIKE 'Listing fee%'"
        ),
        "-15 GBP listing_fee Listing fee ($0.20 USD) (Listing #1100000001)"
    );
    assert_eq!(
        text(
            &env,
            "SELECT external_id || ' ' || amount_minor || ' ' || currency || ' ' || status FROM payouts"
        ),
        "etsy-deposit:2025-05-31:GBP:12.40#1 1240 GBP paid"
    );
}

#[test]
fn etsy_deposits_and_statements_give_one_payout_per_deposit() {
    let env = TestEnv::new();
    let deposits = fixture("etsy_deposits.csv");
    let doc = import(&env, &[&deposits]);
    assert_eq!(doc["files"][0]["format"], "etsy-deposits");
    assert_eq!(doc["files"][0]["payouts"], 4);
    assert_eq!(doc["files"][0]["ledger_entries"], 0);
    assert_eq!(
        env.count("SELECT SUM(amount_minor) FROM payouts"),
        128_726 + 6_887 + 4_510 + 3_000
    );
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE status = 'pending'"),
        1
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM ledger_entries"), 0);

    // The statement's two Deposit rows are two of these deposits: still 4 payouts.
    import(&env, &[&fixture("etsy_statement_us.csv")]);
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 4);
    assert_eq!(
        env.count("SELECT SUM(amount_minor) FROM payouts"),
        128_726 + 6_887 + 4_510 + 3_000
    );
    // Every payout entry of the statement points at one of them.
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM ledger_entries l JOIN payouts p ON p.external_id = l.payout_ref
             WHERE l.kind = 'payout'"
        ),
        2
    );
    // And in the other order, in one import.
    let env2 = TestEnv::new();
    import(&env2, &[&fixture("etsy_statement_us.csv"), &deposits]);
    assert_eq!(env2.count("SELECT COUNT(*) FROM payouts"), 4);
    assert_eq!(env2.count("SELECT COUNT(*) FROM shops"), 1);
}

#[test]
fn reimports_and_overlapping_statements_add_nothing() {
    let env = TestEnv::new();
    let f = fixture("etsy_statement_us.csv");
    let e = fixture("ebay_transactions.csv");
    import(&env, &[&f, &e]);
    let before = all_counts(&env);
    let sums = by_kind(&env, "USD");
    let n = entries(&env, "1");
    assert_eq!(n, 25 + 15);

    // The same files again: the same rows, the same sums.
    import(&env, &[&f, &e]);
    assert_eq!(entries(&env, "1"), n);
    assert_eq!(by_kind(&env, "USD"), sums);
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 2 + 2);

    // A statement that overlaps it: its first 11 rows (with both $0.20 listing fees), a new one.
    let body = std::fs::read_to_string(&f).unwrap();
    let mut lines: Vec<&str> = body.lines().take(12).collect();
    lines.insert(
        1,
        "\"December 1, 2025\",Fee,\"Listing fee\",\"Listing #2000000009\",USD,--,-$0.20,-$0.20,--",
    );
    let overlap = env.path("etsy_statement_overlap.csv");
    std::fs::write(&overlap, lines.join("\n") + "\n").unwrap();
    let doc = import(&env, &[overlap.to_str().unwrap()]);
    assert_eq!(doc["files"][0]["ledger_entries"], 12);
    assert_eq!(entries(&env, "1"), n + 1);
    assert_eq!(
        sum(&env, "kind = 'fee' AND external_id LIKE 'etsy-%'"),
        -652 - 20
    );
    assert_eq!(entries(&env, "type = 'listing_fee'"), 3);
    // The rows it shares now name the newer file as their source.
    assert_eq!(
        entries(&env, "source LIKE '%etsy_statement_overlap.csv:%'"),
        12
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 2 + 2);
    assert_eq!(all_counts(&env).len(), before.len());
}

#[test]
fn ebay_transaction_report_splits_orders_into_gross_and_fees() {
    let env = TestEnv::new();
    let f = fixture("ebay_transactions.csv");
    let doc = import(&env, &[&f]);
    let file = &doc["files"][0];
    assert_eq!(file["format"], "ebay-transactions");
    assert_eq!(file["rows_imported"], 8);
    assert_eq!(file["ledger_entries"], 15);
    assert_eq!(file["payouts"], 2);
    assert_eq!(
        by_kind(&env, "USD"),
        kinds(&[
            ("ad", 1, -360),
            ("fee", 7, -40 - 591 - 40 - 265 - 33 + 246 - 495),
            ("payout", 2, -3_509 - 877),
            ("refund", 1, -2_000),
            ("sale", 2, 4_815 + 2_000),
            ("shipping_label", 1, -785),
            ("tax", 1, -315),
        ])
    );
    // Σ Net amount of the non-payout rows: 38.69 + 16.62 − 17.54 − 7.85 − 3.60 − 4.95.
    assert_eq!(sum(&env, "kind <> 'payout'"), 2_137);
    // Each row's entries add up to its Net amount.
    let per_row = |id: &str| {
        sum(
            &env,
            &format!("external_id LIKE 'ebay-transactions:{id}:%'"),
        )
    };
    assert_eq!(per_row("order:200000000001"), 3_869);
    assert_eq!(per_row("order:200000000002"), 1_662);
    assert_eq!(per_row("refund:200000000001"), -1_754);

    // Fees per type, with ids from the Transaction ID and the column.
    let ty = |t: &str| sum(&env, &format!("type = '{t}'"));
    assert_eq!(ty("final_value_fee_fixed"), -80);
    assert_eq!(ty("final_value_fee_variable"), -591 - 265 + 246);
    assert_eq!(ty("international_fee"), -33);
    assert_eq!(ty("ebay_collected_tax"), -315);
    assert_eq!(ty("promoted_listings"), -360);
    assert_eq!(ty("subscription_fee"), -495);
    assert_eq!(
        text(
            &env,
            "SELECT external_id || ' ' || order_ref || ' ' || sku || ' ' || payout_ref || ' ' || posted_at
             FROM ledger_entries WHERE type = 'international_fee'"
        ),
        "ebay-transactions:order:200000000002:fee:international_fee 01-00001-00002 LTT-02 5000000002 2025-11-04"
    );
    // The label row has no Transaction ID: a digest id.
    assert_eq!(
        entries(
            &env,
            "kind = 'shipping_label' AND external_id LIKE 'ebay-transactions:%#1'"
        ),
        1
    );

    // Payouts: a negative entry and a positive payout with eBay's Payout ID.
    assert_eq!(
        text(
            &env,
            "SELECT group_concat(external_id || ' ' || paid_at || ' ' || amount_minor || ' ' || status, '; ')
             FROM (SELECT * FROM payouts ORDER BY external_id)"
        ),
        "5000000001 2025-11-05 3509 paid; 5000000002 2025-11-12 877 paid"
    );
    assert_eq!(
        entries(
            &env,
            "kind = 'payout' AND external_id = 'ebay-transactions:payout:' || payout_ref"
        ),
        2
    );
    // Entries name their file and line (the header is line 5, below the preamble).
    assert_eq!(
        text(
            &env,
            "SELECT group_concat(DISTINCT source) FROM ledger_entries WHERE order_ref = '01-00001-00002' AND kind = 'sale'"
        ),
        format!("{f}:7")
    );
    assert_eq!(
        text(
            &env,
            "SELECT source FROM payouts WHERE external_id = '5000000002'"
        ),
        format!("{f}:13")
    );
    // No buyer data is kept.
    let all = env.db_text();
    assert!(!all.contains("Alex Example"), "buyer names stay out");
    assert!(!all.contains("Springfield"), "addresses stay out");
}

#[test]
fn ledger_entries_land_in_the_shop_of_the_imported_orders() {
    let env = TestEnv::new();
    let orders = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/exports")
            .join(name)
            .display()
            .to_string()
    };
    import(
        &env,
        &[
            &orders("synthetic_etsy_sold_orders.csv"),
            &orders("synthetic_ebay_orders.csv"),
            &fixture("etsy_statement_us.csv"),
            &fixture("etsy_deposits.csv"),
            &fixture("ebay_transactions.csv"),
        ],
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM shops"), 2);
    for channel in ["etsy", "ebay"] {
        assert_eq!(
            env.count(&format!(
                "SELECT COUNT(DISTINCT shop_id) FROM (
                   SELECT shop_id FROM orders UNION ALL SELECT shop_id FROM ledger_entries
                   UNION ALL SELECT shop_id FROM payouts
                 ) JOIN shops s ON s.id = shop_id WHERE s.marketplace = '{channel}'"
            )),
            1,
            "{channel}"
        );
    }

    // With --shop, another store: its own shops.
    let mut args = vec!["sync", "import", "--shop", "second", "--json"];
    let f = fixture("etsy_statement_gbp.csv");
    args.push(&f);
    env.run(&args).json_with("Imported");
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM ledger_entries l JOIN shops s ON s.id = l.shop_id
             WHERE s.external_id = 'second' AND s.marketplace = 'etsy'"
        ),
        11
    );
}

#[test]
fn broken_files_exit_5_with_file_line_and_column_and_write_nothing() {
    let env = TestEnv::new();
    // Something already in the store, which a failed import must leave as it was.
    import(&env, &[&fixture("etsy_deposits.csv")]);
    let before = all_counts(&env);
    let cases = [
        (
            "etsy_statement_broken.csv",
            ":4:8: field \"Net\": \"-$1.6O\" is not an amount",
        ),
        (
            "etsy_deposits_broken.csv",
            ":4:1: field \"Date\": \"Novembr 20, 2025\" is not a date",
        ),
        (
            "ebay_transactions_broken.csv",
            ":8:11: field \"Net amount\": \"-17.5.4\" is not an amount",
        ),
    ];
    for (name, want) in cases {
        let f = fixture(name);
        let err = env.run(&["sync", "import", &f]).fails(5).to_string();
        assert!(err.contains(&format!("{f}{want}")), "{name}: {err}");
        assert!(err.contains("nothing was imported"), "{name}: {err}");
        assert_eq!(all_counts(&env), before, "{name} wrote nothing");
    }
    // A good file with a broken one: nothing of either.
    let err = env
        .run(&[
            "sync",
            "import",
            &fixture("ebay_transactions.csv"),
            &fixture("etsy_statement_broken.csv"),
        ])
        .fails(5)
        .to_string();
    assert!(err.contains("etsy_statement_broken.csv:4:8"), "{err}");
    assert_eq!(all_counts(&env), before);

    // Lenient: the good rows go in, the bad one to the rejects file.
    let broken = env.path("statement.csv");
    std::fs::copy(fixture("etsy_statement_broken.csv"), &broken).unwrap();
    let doc = env
        .run(&[
            "sync",
            "import",
            broken.to_str().unwrap(),
            "--lenient",
            "--json",
        ])
        .json_with("statement.csv:4:8");
    assert_eq!(doc["files"][0]["rows_rejected"], 1);
    assert_eq!(doc["files"][0]["ledger_entries"], 24);
    let rejects = std::fs::read_to_string(env.path("statement.csv.rejects.csv")).unwrap();
    assert!(rejects.contains("-$1.6O"), "{rejects}");
    assert_eq!(sum(&env, "kind = 'tax'"), -458 + 160);
}

#[test]
fn a_blank_date_on_the_first_row_is_a_bad_row() {
    let env = TestEnv::new();
    let f = env.path("statement.csv");
    std::fs::write(
        &f,
        "Date,Type,Title,Info,Currency,Amount,Fees & Taxes,Net,Tax Details\n\
         ,VAT,VAT: transaction,transaction: 1,GBP,--,-£0.02,-£0.02,--\n\
         30-Apr-25,Fee,Processing fee,Order #1,GBP,--,-£0.25,-£0.25,--\n",
    )
    .unwrap();
    let err = env
        .run(&["sync", "import", f.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(
        err.contains("statement.csv:2:1: field \"Date\": is empty, and there is no row above"),
        "{err}"
    );
    // Net that is not Amount + Fees & Taxes, and a deposit without its amount.
    std::fs::write(
        &f,
        "Date,Type,Title,Info,Currency,Amount,Fees & Taxes,Net,Tax Details\n\
         30-Apr-25,Sale,Payment for Order #1,,GBP,£1.37,--,£1.73,--\n\
         30-Apr-25,Deposit,Money sent to your bank account,,GBP,--,--,--,--\n",
    )
    .unwrap();
    let err = env
        .run(&["sync", "import", f.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(
        err.contains("statement.csv:2:8: field \"Net\": 1.73 is not Amount + Fees & Taxes (1.37)"),
        "{err}"
    );
    assert!(err.contains("statement.csv:3:3: field \"Title\""), "{err}");
}

#[test]
fn real_etsy_files_match_their_known_figures() {
    let Some(dir) = crate::common::shared("fixtures/ledger/etsy") else {
        return;
    };
    let p = |name: &str| dir.join(name).display().to_string();
    let us = p("KeyComponentMFG_etsy_statement_2025_10.csv");
    let gbp = p("jpdevpersonal_etsy_statement_gbp.csv");
    let deposits = p("pqueuex_EtsyDeposits2025.csv");

    let env = TestEnv::new();
    let doc = import(&env, &[&us]);
    assert_eq!(doc["files"][0]["format"], "etsy-statement");
    assert_eq!(doc["files"][0]["rows_imported"], 105);
    assert_eq!(entries(&env, "1"), 105);
    assert_eq!(entries(&env, "currency <> 'USD'"), 0);
    assert_eq!(
        by_kind(&env, "USD"),
        kinds(&[
            ("ad", 13, -3_090),
            ("fee", 64, -5_382),
            ("payout", 2, -20_472),
            ("sale", 10, 47_974),
            ("shipping_label", 6, -5_140),
            ("tax", 10, -2_853),
        ])
    );
    assert_eq!(sum(&env, "kind <> 'payout'"), 31_509);
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 2);
    assert_eq!(
        env.count("SELECT SUM(amount_minor) FROM payouts WHERE status = 'paid'"),
        20_472
    );
    assert_eq!(entries(&env, "type = 'etsy_ads'"), 13);
    assert_eq!(entries(&env, "type = 'listing_fee'"), 34);

    let env = TestEnv::new();
    import(&env, &[&gbp]);
    assert_eq!(entries(&env, "1"), 14);
    assert_eq!(entries(&env, "currency <> 'GBP'"), 0);
    assert_eq!(
        by_kind(&env, "GBP"),
        kinds(&[
            ("ad", 1, -21),
            ("fee", 5, -73),
            ("sale", 1, 137),
            ("tax", 7, -24)
        ])
    );
    assert_eq!(sum(&env, "1"), 19);
    assert_eq!(entries(&env, "posted_at = '2025-04-30'"), 14);

    let env = TestEnv::new();
    let doc = import(&env, &[&deposits]);
    assert_eq!(doc["files"][0]["format"], "etsy-deposits");
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 26);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM payouts WHERE currency = 'USD' AND status = 'paid'"),
        26
    );
    assert_eq!(env.count("SELECT SUM(amount_minor) FROM payouts"), 163_421);

    // All three in one import, twice: the same rows.
    let env = TestEnv::new();
    import(&env, &[&us, &gbp, &deposits]);
    import(&env, &[&us, &gbp, &deposits]);
    assert_eq!(entries(&env, "1"), 105 + 14);
    assert_eq!(env.count("SELECT COUNT(*) FROM payouts"), 26 + 2);
}
