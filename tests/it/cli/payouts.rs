//! `report payouts`: the reconciliation against SQL written here, on the demo shop's ledger and
//! on the same ledger with entries removed and added behind its back.

use serde_json::Value;

use crate::common::TestEnv;

fn demo() -> TestEnv {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "--skus", "12", "--days", "120"])
        .ok_with("Filled the demo shop");
    env
}

fn minor(v: &Value) -> i64 {
    v["amount_minor"].as_i64().unwrap_or_else(|| panic!("{v}"))
}

fn payouts(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["report", "payouts", "--json"];
    all.extend_from_slice(args);
    env.run(&all).json()
}

#[test]
fn demo_payouts_add_up_and_totals_equal_sql() {
    let env = demo();
    let doc = payouts(&env, &[]);
    assert_eq!(doc["report"], "payouts");
    let list = doc["payouts"].as_array().unwrap();
    assert_eq!(list.len() as i64, env.count("SELECT COUNT(*) FROM payouts"));
    assert!(list.len() > 20, "{}", list.len());
    // Every demo payout is the sum of its entries.
    for p in list {
        assert_eq!(minor(&p["difference"]), 0, "{p}");
        assert_eq!(minor(&p["amount"]), minor(&p["entries_total"]), "{p}");
        assert_eq!(p["linked"], true);
    }
    let totals = &doc["totals"][0];
    assert_eq!(totals["currency"], "USD");
    let sum = |kind: &str| {
        env.count(&format!(
            "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger_entries WHERE kind = '{kind}'"
        ))
    };
    assert_eq!(minor(&totals["sales"]), sum("sale"));
    assert_eq!(minor(&totals["refunds"]), sum("refund"));
    assert_eq!(minor(&totals["fees"]), sum("fee"));
    assert_eq!(minor(&totals["ads"]), sum("ad"));
    assert_eq!(minor(&totals["shipping_labels"]), sum("shipping_label"));
    assert_eq!(minor(&totals["taxes"]), sum("tax"));
    assert_eq!(
        minor(&totals["other"]),
        sum("adjustment") + sum("reserve") + sum("other")
    );
    assert_eq!(
        minor(&totals["payouts"]),
        env.count("SELECT SUM(amount_minor) FROM payouts WHERE status = 'paid'")
    );
    assert_eq!(
        minor(&totals["net"]),
        env.count("SELECT SUM(amount_minor) FROM ledger_entries WHERE kind <> 'payout'")
    );
    // The demo differs from the estimates as real ledgers do: ads, refunds with return
    // labels, a reserve, storage fees.
    assert!(sum("ad") < 0 && sum("refund") < 0 && sum("shipping_label") < 0);
    assert!(sum("reserve") < 0);
    assert!(env.count("SELECT COUNT(*) FROM ledger_entries WHERE type = 'storage'") > 0);
    assert!(env.count("SELECT COUNT(*) FROM ledger_entries WHERE type = 'offsite_ads'") > 0);
    assert!(env.count("SELECT COUNT(*) FROM ledger_entries WHERE type = 'etsy_ads'") > 0);
    let estimate = env.count(
        "SELECT SUM(l.fees_minor) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.status <> 'cancelled'",
    );
    let charged = -env.count(
        "SELECT SUM(amount_minor) FROM ledger_entries WHERE kind = 'fee' AND type NOT IN ('storage', 'fee_credit')",
    );
    assert_ne!(
        estimate, charged,
        "the charged fees differ from the estimate"
    );
    let e = &doc["exceptions"];
    for k in [
        "orders_without_ledger",
        "entries_without_order",
        "payouts_not_adding_up",
        "payouts_unlinked",
    ] {
        assert_eq!(e[k]["count"], 0, "{k}: {e}");
    }

    // A second demo fill replaces the ledger rather than adding to it.
    let before = env.count("SELECT COUNT(*) FROM ledger_entries");
    env.run(&["sync", "demo", "--skus", "12", "--days", "120"])
        .ok_with("Filled the demo shop");
    assert_eq!(env.count("SELECT COUNT(*) FROM ledger_entries"), before);
}

#[test]
fn filters_windows_and_what_does_not_reconcile() {
    let env = demo();
    let amazon = payouts(&env, &["--marketplace", "amazon"]);
    let list = amazon["payouts"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|p| p["marketplace"] == "amazon"));
    assert_eq!(
        list.len() as i64,
        env.count(
            "SELECT COUNT(*) FROM payouts p JOIN shops s ON s.id = p.shop_id WHERE s.channel = 'amazon'"
        )
    );
    let bad = env.run(&["report", "payouts", "--marketplace", "etsyy"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("etsy, shopify, amazon, ebay"),
        "{}",
        bad.stderr
    );
    let bad = env.run(&[
        "report",
        "payouts",
        "--since",
        "2025-06-01",
        "--until",
        "2025-05-01",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);

    // A window keeps the payouts paid in it.
    let june = payouts(&env, &["--since", "2025-06-01", "--until", "2025-06-15"]);
    for p in june["payouts"].as_array().unwrap() {
        let d = p["date"].as_str().unwrap();
        assert!(("2025-06-01"..="2025-06-15").contains(&d), "{d}");
    }

    // Behind the report's back: one fee entry removed, one entry for an order the store does not
    // have, one order's entries removed.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (payout, fee): (String, i64) = conn
        .query_row(
            "SELECT payout_ref, amount_minor FROM ledger_entries WHERE kind = 'fee' AND payout_ref IS NOT NULL ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    conn.execute_batch(&format!(
        "DELETE FROM ledger_entries WHERE id = (SELECT id FROM ledger_entries WHERE kind = 'fee' AND payout_ref = '{payout}' ORDER BY id LIMIT 1);
         INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency, order_ref, source, origin, imported_at)
           SELECT shop_id, 'stray', posted_at, 'sale', 'order_payment', 'stray', 100, currency, 'NO-SUCH-ORDER', 'test', 'import', posted_at
           FROM ledger_entries ORDER BY id LIMIT 1;
         DELETE FROM ledger_entries WHERE order_ref = (SELECT external_id FROM orders WHERE status = 'shipped' ORDER BY ordered_at LIMIT 1);"
    ))
    .unwrap();
    drop(conn);
    let doc = payouts(&env, &[]);
    let off: Vec<&Value> = doc["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| minor(&p["difference"]) != 0)
        .collect();
    assert!(
        off.iter()
            .any(|p| p["payout_id"] == payout.as_str() && minor(&p["difference"]) == fee),
        "{off:?}"
    );
    let e = &doc["exceptions"];
    assert!(
        e["payouts_not_adding_up"]["count"].as_i64().unwrap() >= 1,
        "{e}"
    );
    assert_eq!(e["entries_without_order"]["count"], 1, "{e}");
    assert!(
        e["entries_without_order"]["examples"][0]
            .as_str()
            .unwrap()
            .contains("NO-SUCH-ORDER"),
        "{e}"
    );
    assert_eq!(e["orders_without_ledger"]["count"], 1, "{e}");

    // The table names the same things.
    let run = env.run(&["report", "payouts"]);
    let table = run.ok();
    assert!(table.contains("Money by kind, USD"), "{table}");
    assert!(table.contains("payouts that do not add up"), "{table}");
}

#[test]
fn an_empty_store_says_where_payouts_come_from() {
    let env = TestEnv::new();
    env.run(&["db", "migrate"]).ok_with_stderr();
    let run = env.run(&["report", "payouts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("sellkit sync import"), "{}", run.stdout);
    let doc = payouts(&env, &[]);
    assert_eq!(doc["payouts"].as_array().unwrap().len(), 0);
    assert_eq!(doc["ledger_entries"], 0);
}

/// The known figures of the real Etsy statement (../shared/fixtures/ledger/README.md), as
/// `report payouts --json` gives them after importing the file.
#[test]
fn the_real_etsy_statement_reconciles_to_its_known_figures() {
    let Some(file) =
        crate::common::shared("fixtures/ledger/etsy/KeyComponentMFG_etsy_statement_2025_10.csv")
    else {
        return;
    };
    let env = TestEnv::new();
    env.run(&["sync", "import", file.to_str().unwrap()])
        .ok_with("Imported");
    let doc = payouts(&env, &[]);
    let t = &doc["totals"][0];
    assert_eq!(t["currency"], "USD");
    assert_eq!(minor(&t["sales"]), 47974);
    assert_eq!(minor(&t["fees"]), -5382);
    assert_eq!(minor(&t["ads"]), -3090);
    assert_eq!(minor(&t["shipping_labels"]), -5140);
    assert_eq!(minor(&t["taxes"]), -2853);
    assert_eq!(minor(&t["payouts"]), 20472);
    assert_eq!(minor(&t["net"]), 31509);
    let list = doc["payouts"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    // An Etsy statement does not link its entries to a deposit: listed, never a difference.
    assert!(
        list.iter()
            .all(|p| p["linked"] == false && p["difference"].is_null())
    );
    assert_eq!(doc["exceptions"]["payouts_unlinked"]["count"], 2);
    // Importing it again changes nothing.
    env.run(&["sync", "import", file.to_str().unwrap()])
        .ok_with("Imported");
    assert_eq!(payouts(&env, &[])["totals"], doc["totals"]);
}

/// `--journal csv` and `--journal beancount`: one balanced entry per paid payout.
#[test]
fn journal_entries_balance() {
    let env = demo();
    let cents = |t: &str| -> i64 {
        if t.is_empty() {
            return 0;
        }
        let neg = t.starts_with('-');
        let (a, b) = t.trim_start_matches('-').split_once('.').unwrap();
        let v = a.parse::<i64>().unwrap() * 100 + b.parse::<i64>().unwrap();
        if neg { -v } else { v }
    };
    let run = env.run(&["report", "payouts", "--journal", "csv"]);
    let csv = run.ok();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Journal No,Journal Date,Account,Debits,Credits,Description,Currency")
    );
    let mut balance: std::collections::BTreeMap<i64, i64> = Default::default();
    for l in lines {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(f.len(), 7, "{l}");
        *balance.entry(f[0].parse().unwrap()).or_default() += cents(f[3]) - cents(f[4]);
    }
    assert_eq!(
        balance.len() as i64,
        env.count("SELECT COUNT(*) FROM payouts WHERE status = 'paid'")
    );
    assert!(balance.values().all(|b| *b == 0), "{balance:?}");

    let run = env.run(&["report", "payouts", "--journal", "beancount"]);
    let text = run.ok();
    let mut sum = 0;
    let mut entries = 0;
    for l in text.lines() {
        if l.contains(" * \"") {
            assert_eq!(sum, 0, "unbalanced before {l}");
            entries += 1;
        } else if let Some(amount) = l.split_whitespace().nth(1) {
            sum += cents(amount);
        }
    }
    assert_eq!(sum, 0);
    assert_eq!(entries as usize, balance.len());
    assert!(
        text.contains("Assets:Bank") && text.contains("Income:Sales:Etsy"),
        "{text}"
    );

    // A payout whose entries do not add up still balances, through a line that says so.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DELETE FROM ledger_entries WHERE id = (SELECT MIN(id) FROM ledger_entries WHERE kind = 'fee' AND payout_ref IN (SELECT external_id FROM payouts WHERE status = 'paid'));",
    )
    .unwrap();
    let run = env.run(&["report", "payouts", "--journal", "csv", "-o", "j.csv"]);
    run.ok_with("journal entries to j.csv");
    let csv = std::fs::read_to_string(env.path("j.csv")).unwrap();
    assert_eq!(csv.matches("Reconciliation difference").count(), 1, "{csv}");
}

/// The Amazon.ca settlement and the Shopify Payments export of ../shared reconcile through
/// `report payouts` to their known figures (../shared/fixtures/ledger/README.md).
#[test]
fn the_real_settlement_and_shopify_export_reconcile() {
    let (Some(settlement), Some(shopify)) = (
        crate::common::shared("fixtures/ledger/amazon/adwweaver_settlement_50018020314.txt"),
        crate::common::shared(
            "fixtures/ledger/shopify/DaveSprague_payment_transactions_export_1.csv",
        ),
    ) else {
        return;
    };
    let env = TestEnv::new();
    env.run(&["sync", "import", settlement.to_str().unwrap()])
        .ok_with("Imported");
    let doc = payouts(&env, &["--marketplace", "amazon"]);
    let list = doc["payouts"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(p["payout_id"], "23874397121");
    assert_eq!(&p["date"].as_str().unwrap()[..10], "2025-08-16");
    assert_eq!(minor(&p["amount"]), -6231);
    assert_eq!(p["amount"]["currency"], "CAD");
    assert_eq!(minor(&p["entries_total"]), -6231);
    assert_eq!(minor(&p["difference"]), 0);

    env.run(&["sync", "import", shopify.to_str().unwrap()])
        .ok_with("Imported");
    let doc = payouts(&env, &["--marketplace", "shopify"]);
    let list = doc["payouts"].as_array().unwrap();
    assert_eq!(list.len(), 29);
    let total: i64 = list.iter().map(|p| minor(&p["amount"])).sum();
    assert_eq!(total, 14_580_886);
    assert!(list.iter().all(|p| minor(&p["difference"]) == 0));
    let june3 = list
        .iter()
        .find(|p| p["date"].as_str().unwrap().starts_with("2025-06-03"))
        .unwrap();
    assert_eq!(minor(&june3["amount"]), 62_281);
    let t = &doc["totals"][0];
    assert_eq!(t["currency"], "USD");
    assert_eq!(minor(&t["payouts"]), 14_580_886);
    assert_eq!(minor(&t["fees"]), -401_647);
    assert_eq!(minor(&t["sales"]) + minor(&t["refunds"]), 14_982_533);
}

#[test]
fn a_converted_payout_shows_the_rate_received_and_its_gain_or_loss_against_the_ecb() {
    let env = demo();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    // Two USD payouts the marketplace converted from EUR 100.00.
    let pick = |offset: i64| -> (String, String, i64) {
        conn.query_row(
            "SELECT external_id, substr(paid_at, 1, 10), amount_minor FROM payouts
              WHERE currency = 'USD' AND status = 'paid' AND amount_minor > 0
              ORDER BY paid_at, external_id LIMIT 1 OFFSET ?1",
            [offset],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    let (first, day, amount) = pick(0);
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM payouts", [], |r| r.get(0))
        .unwrap();
    let (last, last_day, _) = pick(n / 2);
    assert!(last_day.as_str() > "2025-04-01", "{last_day}");
    conn.execute(
        "UPDATE payouts SET original_minor = 10000, original_currency = 'EUR' WHERE external_id IN (?1, ?2)",
        [&first, &last],
    )
    .unwrap();
    // An ECB rate for the first payout's day only.
    let file = env.path("rates.csv");
    std::fs::write(&file, format!("Date,USD,\n{day},1.0444,\n")).unwrap();
    env.run(&["fx", "import", file.to_str().unwrap()]).ok();

    let doc = payouts(&env, &[]);
    let find = |id: &str| {
        doc["payouts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["payout_id"] == id)
            .unwrap()
            .clone()
    };
    let p = find(&first);
    let fx = &p["fx"];
    // 100.00 EUR at 1.0444 is 104.44 USD; the payout received `amount`.
    assert_eq!(minor(&fx["at_ecb"]), 10444, "{fx}");
    assert_eq!(fx["ecb_rate"], "1.0444");
    assert_eq!(fx["ecb_day"], day.as_str());
    assert_eq!(minor(&fx["gain_loss"]), amount - 10444);
    // amount / 100.00 EUR, exact in 6 decimals.
    assert_eq!(
        fx["rate_received"],
        format!("{}.{:06}", amount / 10_000, (amount % 10_000) * 100)
    );
    // The other has no rate within the carry-forward window: said, not guessed.
    let q = &find(&last)["fx"];
    assert_eq!(q["gain_loss"], Value::Null);
    assert!(
        q["unconverted"]
            .as_str()
            .unwrap()
            .contains("no ECB rate for USD"),
        "{q}"
    );
    // Payouts paid in their own currency have no fx.
    assert!(
        doc["payouts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["payout_id"] != first.as_str() && p["payout_id"] != last.as_str())
            .all(|p| p["fx"].is_null())
    );
    let usd = doc["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["currency"] == "USD")
        .unwrap();
    assert_eq!(minor(&usd["fx_gain_loss"]), amount - 10444);
    let run = env.run(&["report", "payouts"]);
    let table = run.ok();
    assert!(table.contains("FX gain (loss) against the ECB"), "{table}");
    assert!(table.contains("1 without a stored ECB rate"), "{table}");
}
