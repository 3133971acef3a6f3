//! Every command's JSON document on the demo shop, as an insta snapshot: a field renamed, added,
//! dropped or retyped is a visible diff in review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test it wire` and read the diff). Lists are cut with
//! `--top` where a command has it; machine-dependent values (the test home, timings) are
//! replaced by placeholders.

use serde_json::Value;

use crate::common::TestEnv;

/// The document with the test home replaced by `[HOME]`, the checkout by `[REPO]` and timings
/// by `[elapsed]`.
fn scrub(env: &TestEnv, mut v: Value) -> Value {
    let home = env.dir.path().display().to_string();
    fn walk(v: &mut Value, home: &str) {
        match v {
            Value::String(s) => {
                *s = s
                    .replace(home, "[HOME]")
                    .replace(env!("CARGO_MANIFEST_DIR"), "[REPO]")
            }
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, home)),
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    let timing = k.ends_with("_ms")
                        || k.ends_with("_secs")
                        || k == "seconds"
                        || k == "lines_per_second";
                    if timing && x.is_number() {
                        *x = Value::String("[elapsed]".into());
                    } else {
                        walk(x, home);
                    }
                }
            }
            _ => {}
        }
    }
    walk(&mut v, &home);
    v
}

/// A small demo shop with a stored forecast run, and its pending price drafts.
fn shop() -> TestEnv {
    let env = TestEnv::new();
    env.small_demo();
    env.run(&["forecast", "-q"]).ok();
    env.run(&["price", "suggest", "-q"]).ok();
    env
}

macro_rules! snapshot {
    ($env:expr, $name:literal, $args:expr) => {{
        let doc = $env.run($args).json();
        insta::assert_json_snapshot!($name, scrub(&$env, doc));
    }};
}

#[test]
fn sync_demo_and_import() {
    let env = TestEnv::new();
    let run = env.run(&["sync", "demo", "--skus", "12", "--days", "400", "--json"]);
    insta::assert_json_snapshot!(
        "sync_demo",
        scrub(&env, run.json_with("Filled the demo shop"))
    );
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports/synthetic_shopify_orders.csv");
    let run = env.run(&["sync", "import", "--json", file.to_str().unwrap()]);
    insta::assert_json_snapshot!("sync_import", scrub(&env, run.json_with("Imported")));
}

#[test]
fn report_sections() {
    let env = shop();
    snapshot!(env, "report_all", &["report", "--json", "--top", "2"]);
    snapshot!(
        env,
        "report_inventory",
        &["report", "inventory", "--json", "--top", "3"]
    );
    snapshot!(
        env,
        "report_forecast",
        &["report", "forecast", "--json", "--top", "3"]
    );
    snapshot!(
        env,
        "report_brief",
        &["report", "brief", "--json", "--top", "3"]
    );
    snapshot!(
        env,
        "report_payouts",
        &[
            "report",
            "payouts",
            "--json",
            "--marketplace",
            "amazon",
            "--since",
            "2025-06-01"
        ]
    );
}

#[test]
fn forecast_price_and_agents() {
    let env = shop();
    let sku = env
        .run(&["report", "inventory", "--json", "--top", "1"])
        .json()["rows"][0]["sku"]
        .as_str()
        .unwrap()
        .to_string();
    snapshot!(
        env,
        "forecast",
        &[
            "forecast",
            "--json",
            "--no-save",
            "--horizon",
            "3",
            "--sku",
            &sku
        ]
    );
    snapshot!(
        env,
        "price_suggest",
        &[
            "price",
            "suggest",
            "--dry-run",
            "--json",
            "--marketplace",
            "etsy"
        ]
    );
    snapshot!(
        env,
        "price_quote",
        &[
            "price",
            "quote",
            "--json",
            "--marketplace",
            "etsy",
            "--sell",
            "24.00",
            "--cost",
            "8.50",
            "--shipping",
            "4.00"
        ]
    );
    let run = env.run(&["agents", "write", "--dry-run", "--json", "--sku", &sku]);
    insta::assert_json_snapshot!(
        "agents_write",
        scrub(&env, run.json_with("dry run: 3 draft(s) not queued"))
    );
}

#[test]
fn trends_review_post_and_housekeeping() {
    let env = shop();
    snapshot!(env, "trends", &["trends", "--json", "--limit", "3"]);
    let run = env.run(&["trends", "fetch", "--source", "store", "--json"]);
    insta::assert_json_snapshot!(
        "trends_fetch",
        scrub(&env, run.json_with("run `sellkit trends`"))
    );
    snapshot!(
        env,
        "review_list",
        &["review", "list", "--json", "--marketplace", "etsy"]
    );
    let run = env.run(&["post", "--dry-run", "--json"]);
    insta::assert_json_snapshot!(
        "post_dry_run",
        scrub(&env, run.json_with("No approved drafts to post"))
    );
    snapshot!(env, "config_get", &["config", "get", "--json"]);
    snapshot!(env, "db_check", &["db", "check", "--json"]);
    snapshot!(env, "auth_status", &["auth", "status", "--json"]);
}

/// `price fees` (every marketplace, then a date only Etsy's schedule covers) and `price quote
/// --input` (the ranked list).
#[test]
fn price_fees_and_ranked_quotes() {
    let env = TestEnv::new();
    snapshot!(env, "price_fees", &["price", "fees", "--json"]);
    snapshot!(
        env,
        "price_fees_missing",
        &["price", "fees", "--json", "--on", "2019-01-01"]
    );
    std::fs::write(
        env.path("deals.csv"),
        "item,marketplace,sell,cost,shipping,category\n\
         mug lot,etsy,24.95,8.00,4.95,\n\
         ring,amazon,30.00,5.00,,Jewelry\n\
         ,ebay,9.00,8.50,,\n",
    )
    .unwrap();
    snapshot!(
        env,
        "price_quote_ranked",
        &["price", "quote", "--input", "deals.csv", "--json"]
    );
}

/// `forecast --by` on the demo shop, and `forecast --input` on a long CSV file.
#[test]
fn forecast_places_and_input() {
    let env = TestEnv::new();
    env.small_demo();
    snapshot!(
        env,
        "forecast_by_country",
        &["forecast", "--by", "country", "--json"]
    );
    let mut text = String::from("unique_id,ds,y\n");
    for t in 1..=24 {
        text += &format!("flat,{t},10\nup,{t},{}\n", 100 + 5 * t);
    }
    std::fs::write(env.path("train.csv"), text).unwrap();
    snapshot!(
        env,
        "forecast_input",
        &[
            "forecast",
            "--input",
            "train.csv",
            "--horizon",
            "3",
            "--json"
        ]
    );
}

/// `config path`, `db path`, `db migrate` and `db backup` on a new store.
#[test]
fn config_and_db_paths() {
    let env = TestEnv::new();
    snapshot!(env, "config_path", &["config", "path", "--json"]);
    snapshot!(env, "db_migrate", &["db", "migrate", "--json"]);
    snapshot!(env, "db_path", &["db", "path", "--json"]);
    let run = env.run(&["db", "backup", "--json", "backup.db"]);
    insta::assert_json_snapshot!("db_backup", scrub(&env, run.json_with("backed up")));
}

/// `fx import` of the fixture, and `fx rate` of a cross rate carried over Christmas with an
/// amount converted.
#[test]
fn fx_import_and_rate() {
    let env = TestEnv::new();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fx/eurofxref-hist-sample.csv");
    snapshot!(
        env,
        "fx_import",
        &["fx", "import", "--json", file.to_str().unwrap()]
    );
    snapshot!(
        env,
        "fx_rate",
        &[
            "fx",
            "rate",
            "USD",
            "GBP",
            "--on",
            "2024-12-26",
            "--amount",
            "100",
            "--json"
        ]
    );
}

/// `sync rejects` with quarantined records of two marketplaces, then `--clear` of one.
#[test]
fn sync_rejects_and_clear() {
    let env = TestEnv::new();
    env.small_demo();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO sync_rejects (marketplace, shop_external_id, resource, operation, external_id, reason, raw, rejected_at) VALUES
         ('etsy', '5551234', 'orders', 'getShopReceipts', '7000003', 'price 2000/0: divisor is 0', '{\"receipt_id\":7000003,\"transactions\":[{\"price\":{\"amount\":2000,\"divisor\":0}}]}', '2025-06-30T12:00:00Z'),
         ('ebay', NULL, 'listings', 'getInventoryItems', NULL, 'no sku', 'null', '2025-06-29T08:00:00Z')",
    )
    .unwrap();
    snapshot!(env, "sync_rejects", &["sync", "rejects", "--json"]);
    let run = env.run(&[
        "sync",
        "rejects",
        "--clear",
        "--marketplace",
        "etsy",
        "--json",
    ]);
    insta::assert_json_snapshot!(
        "sync_rejects_clear",
        scrub(&env, run.json_with("Cleared 1 rejected record(s) of etsy"))
    );
}

/// `post --dry-run` with approved drafts: a demo shop's is skipped; a real shop's shows the
/// requests it would send (no credentials: placeholders).
#[test]
fn post_dry_run_with_approved_drafts() {
    let env = shop();
    let list = env
        .run(&["review", "list", "--json", "--marketplace", "etsy"])
        .json();
    let id = list["drafts"][0]["id"].as_i64().unwrap();
    crate::common::approve(&env, id);
    snapshot!(
        env,
        "post_dry_run_skipped",
        &["post", "--dry-run", "--json", "--marketplace", "etsy"]
    );

    let env = TestEnv::new();
    let conn = super::review::seed_shop(&env);
    for (marketplace, new) in [("etsy", 2495), ("shopify", 1999)] {
        let id = super::review::price_draft(&conn, marketplace, "MUG-1", 2200, new);
        crate::common::approve(&env, id);
    }
    snapshot!(
        env,
        "post_dry_run_requests",
        &["post", "--dry-run", "--json"]
    );
}

/// `sync etsy` and `sync amazon --report orders` against loopback mock servers.
#[test]
fn sync_marketplaces() {
    let rt = crate::common::runtime();
    let server = rt.block_on(wiremock::MockServer::start());
    rt.block_on(super::sync_api::mount_etsy(&server, 2));
    let env = super::sync_api::env_for(&server);
    let run = env.run_cmd(&mut super::sync_api::etsy_cmd(
        &env,
        &["sync", "etsy", "--json"],
    ));
    insta::assert_json_snapshot!("sync_etsy", scrub(&env, run.json_with("etsy")));

    let server = rt.block_on(wiremock::MockServer::start());
    rt.block_on(super::sync_ebay_amazon::mount_orders_report(&server));
    let env = super::sync_ebay_amazon::env_for(&server);
    let run = env.run_cmd(&mut super::sync_ebay_amazon::cmd(
        &env,
        &[
            "sync",
            "amazon",
            "--report",
            "orders",
            "--since",
            "2025-01-01",
            "--json",
        ],
    ));
    insta::assert_json_snapshot!(
        "sync_amazon_report",
        scrub(&env, run.json_with("amazon: report R77"))
    );
}

/// NDJSON records, where their shape is not the document's: one line each, as printed (the
/// test home as `[HOME]`).
#[test]
fn ndjson_records() {
    let env = shop();
    let home = env.dir.path().display().to_string();
    let lines = |args: &[&str]| {
        let mut all = vec!["--format", "ndjson"];
        all.extend(args);
        env.run(&all).ok().replace(&home, "[HOME]")
    };
    insta::assert_snapshot!(
        "ndjson_forecast",
        lines(&["forecast", "--no-save", "--horizon", "2", "--top", "2"])
    );
    insta::assert_snapshot!(
        "ndjson_report",
        lines(&[
            "report",
            "--top",
            "1",
            "--period",
            "week",
            "--since",
            "2025-06-16"
        ])
    );
    insta::assert_snapshot!("ndjson_auth_status", lines(&["auth", "status", "etsy"]));
    insta::assert_snapshot!("ndjson_db_check", lines(&["db", "check"]));
}
