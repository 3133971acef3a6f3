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
