//! `sellkit sync etsy|shopify|all` against loopback mock servers: credentials from the
//! environment and a 0600 credentials file, the rotated Etsy refresh token written back, exit
//! codes, the summary, resuming, and no secret anywhere it must not be.

use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::TestEnv;

const SHOP: &str = "/v3/application/shops/5551234";
const API_KEY: &str = "kstr-9f8e7d6c5b4a";
const SHARED: &str = "ssec-1a2b3c4d5e6f";
const REFRESH_OLD: &str = "5551234.rt-old-0a1b2c3d";
const REFRESH_NEW: &str = "5551234.rt-new-4e5f6a7b";
const ACCESS: &str = "5551234.at-new-8c9d0e1f";
const SHOPIFY_TOKEN: &str = "shpat_0123456789abcdef";

fn money(amount: i64) -> Value {
    json!({"amount": amount, "divisor": 100, "currency_code": "USD"})
}

fn receipt(n: u64) -> Value {
    let id = 7_000_000 + n;
    let mut r = json!({
        "receipt_id": id, "status": "Paid", "is_paid": true, "is_shipped": false,
        "city": "Austin", "state": "TX", "zip": "78701", "country_iso": "US",
        "created_timestamp": 1_750_000_000 + n as i64, "updated_timestamp": 1_750_000_100 + n as i64,
    });
    r["grandtotal"] = money(2500);
    r["total_shipping_cost"] = money(300);
    r["total_tax_cost"] = money(200);
    r["discount_amt"] = money(0);
    r["transactions"] = json!([{
        "transaction_id": id * 10, "title": "Mug", "quantity": 1, "listing_id": 111,
        "sku": "MUG-1", "price": money(2000)
    }]);
    r
}

/// A temp home whose config points the connectors at `server`, with a file credential store.
pub(super) fn env_for(server: &MockServer) -> TestEnv {
    let env = TestEnv::new();
    let creds = env.path("creds/credentials.toml");
    for (k, v) in [
        ("auth.store", "file"),
        ("auth.credentials_file", creds.to_str().unwrap()),
        ("etsy.base_url", &server.uri()),
        (
            "etsy.token_url",
            &format!("{}/v3/public/oauth/token", server.uri()),
        ),
        ("shopify.base_url", &server.uri()),
        ("sync.retry_delay_ms", "5"),
        ("sync.timeout", "2"),
        ("sync.max_retries", "2"),
    ] {
        env.run(&["config", "set", k, v])
            .ok_with(&format!("{k} = {v} (in"));
    }
    env
}

pub(super) fn etsy_cmd(env: &TestEnv, args: &[&str]) -> std::process::Command {
    let mut c = env.command();
    c.args(args)
        .env("SELLKIT_ETSY_API_KEY", API_KEY)
        .env("SELLKIT_ETSY_SHARED_SECRET", SHARED)
        .env("SELLKIT_ETSY_REFRESH_TOKEN", REFRESH_OLD)
        .env("SELLKIT_ETSY_SHOP_ID", "5551234");
    c
}

pub(super) async fn mount_etsy(server: &MockServer, pages: u64) {
    let key = format!("{API_KEY}:{SHARED}");
    Mock::given(method("POST"))
        .and(path("/v3/public/oauth/token"))
        .and(body_string_contains(format!("refresh_token={REFRESH_OLD}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS, "token_type": "Bearer", "expires_in": 3600, "refresh_token": REFRESH_NEW
        })))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(path(SHOP))
        .and(header("x-api-key", key.as_str()))
        .and(header("authorization", format!("Bearer {ACCESS}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"shop_id": 5551234, "shop_name": "TexMugs", "currency_code": "USD"}),
        ))
        .mount(server)
        .await;
    for p in 0..pages {
        let n = if p + 1 == pages { 40 } else { 100 };
        Mock::given(path(format!("{SHOP}/receipts")))
            .and(query_param("offset", (p * 100).to_string()))
            .and(header("x-api-key", key.as_str()))
            .and(header("authorization", format!("Bearer {ACCESS}").as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-remaining-today", "9000")
                    .insert_header("x-limit-per-day", "10000")
                    .set_body_json(json!({
                        "count": (pages - 1) * 100 + 40,
                        "results": (p * 100..p * 100 + n).map(receipt).collect::<Vec<_>>()
                    })),
            )
            .mount(server)
            .await;
    }
    Mock::given(path(format!("{SHOP}/listings")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 0, "results": []})))
        .mount(server)
        .await;
    mount_etsy_ledger(server).await;
}

/// The payment account ledger: the payment of receipt 7000000 (25.00), and the deposit that
/// pays it out.
async fn mount_etsy_ledger(server: &MockServer) {
    let entry = |seq: i64, ty: &str, amount: i64, balance: i64, rtype: &str, rid: Value| {
        json!({
            "entry_id": 60_000 + seq, "ledger_id": 1, "sequence_number": seq, "amount": amount,
            "currency": "USD", "description": ty, "balance": balance,
            "create_date": 1_750_000_500 + seq, "created_timestamp": 1_750_000_500 + seq,
            "ledger_type": ty, "reference_type": rtype, "reference_id": rid
        })
    };
    Mock::given(path(format!("{SHOP}/payment-account/ledger-entries")))
        .and(query_param("limit", "100"))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 2, "results": [
                entry(1, "PAYMENT_GROSS", 2500, 2500, "shop_payment", json!(600)),
                entry(2, "DISBURSE2", -2500, 0, "disbursement", Value::Null),
            ]})),
        )
        .mount(server)
        .await;
    Mock::given(path(format!(
        "{SHOP}/payment-account/ledger-entries/payments"
    )))
    .and(query_param("ledger_entry_ids", "60001"))
    .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": 1, "results": [
        {"payment_id": 600, "shop_id": 5551234, "receipt_id": 7_000_000, "currency": "USD", "status": "settled"}
    ]})))
    .mount(server)
    .await;
}

fn assert_no_secret(place: &str, text: &str) {
    for s in [
        API_KEY,
        SHARED,
        REFRESH_OLD,
        REFRESH_NEW,
        ACCESS,
        SHOPIFY_TOKEN,
    ] {
        assert!(!text.contains(s), "{place} contains a secret ({s})");
    }
}

#[test]
fn without_credentials_sync_exits_3_naming_the_variables_and_auth_login() {
    let env = TestEnv::new();
    let run = env.run(&["sync", "etsy"]);
    let err = run.fails(3);
    assert!(
        err.contains("SELLKIT_ETSY_API_KEY")
            && err.contains("SELLKIT_ETSY_REFRESH_TOKEN")
            && err.contains("sellkit auth login etsy"),
        "{err}"
    );
    let err = env.run(&["sync", "shopify"]).fails(3).to_string();
    assert!(
        err.contains("SELLKIT_SHOPIFY_SHOP") && err.contains("SELLKIT_SHOPIFY_ACCESS_TOKEN"),
        "{err}"
    );
    let run = env.run(&["sync", "all"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("sellkit auth login"), "{}", run.stderr);
}

#[test]
fn etsy_sync_rotates_the_refresh_token_into_the_store_and_leaks_no_secret() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(mount_etsy(&server, 3));
    let env = env_for(&server);
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--json", "-vv"]));
    let doc = run.json_with("DEBUG call marketplace=\"etsy\" op=\"token refresh\" status=");
    assert_eq!(doc["source"], "api");
    let mp = &doc["marketplaces"][0];
    assert_eq!(mp["marketplace"], "etsy");
    assert_eq!(mp["shop"], "TexMugs");
    assert_eq!(mp["complete"], true);
    // shop, 5 listing states, 3 receipt pages, the ledger and its payments (the token
    // refresh is counted too).
    assert_eq!(mp["calls"]["calls"], 12);
    assert_eq!(mp["calls"]["quota"], "9000 of 10000 calls left today");
    let orders = mp["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["resource"] == "orders")
        .unwrap();
    assert_eq!(orders["pages"], 3);
    assert_eq!(orders["counts"]["orders"], 240);
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 240);
    // The ledger comes last, with its deposit, which report payouts reconciles.
    let ledger = &mp["resources"][2];
    assert_eq!(ledger["resource"], "ledger");
    assert_eq!(ledger["counts"]["ledger_entries"], 2);
    assert_eq!(ledger["counts"]["payouts"], 1);
    assert_eq!(ledger["skipped"], Value::Null);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM ledger_entries WHERE order_ref = '7000000' AND payout_ref = 'payout:60002'"),
        1
    );
    let rep = env.run(&["report", "payouts", "--json"]).json();
    let p = &rep["payouts"][0];
    assert_eq!(p["payout_id"], "payout:60002");
    assert_eq!(p["amount"]["amount_minor"], 2500);
    assert_eq!(p["difference"]["amount_minor"], 0, "{p}");
    assert_eq!(rep["exceptions"]["entries_without_order"]["count"], 0);
    // The rotated refresh token is in the credentials file (0600), the old one is not.
    let creds_path = env.path("creds/credentials.toml");
    let creds = std::fs::read_to_string(&creds_path).unwrap();
    assert!(creds.contains(REFRESH_NEW), "{creds}");
    assert!(!creds.contains(REFRESH_OLD));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&creds_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
    // -vv logged the calls, and no secret anywhere else.
    assert!(run.stderr.contains("getShopReceipts"), "{}", run.stderr);
    assert_no_secret("stderr at -vv", &run.stderr);
    assert_no_secret("JSON output", &run.stdout);
    let db_text = env.db_text();
    assert!(db_text.contains("TexMugs") && db_text.contains("Austin"));
    assert_no_secret("the database", &db_text);
    let config =
        std::fs::read_to_string(env.path("config/sellkit/config.toml")).expect("config file");
    assert_no_secret("the config file", &config);

    // A second run with the same (now stale) variable uses the rotated token and the cached
    // access token: no refresh (the token mock expects exactly one), no duplicate orders.
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--full", "-q"]));
    run.ok();
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 240);
    assert_eq!(env.count("SELECT COUNT(*) FROM order_lines"), 240);
    rt.block_on(server.verify());
}

#[test]
fn an_interrupted_etsy_sync_resumes_without_duplicates() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(mount_etsy(&server, 3));
    let env = env_for(&server);
    let run = env.run_cmd(&mut etsy_cmd(
        &env,
        &["sync", "etsy", "--only", "orders", "--max-pages", "2"],
    ));
    let table = run.ok_with("the next run resumes");
    assert!(table.contains("orders"), "{table}");
    assert!(
        run.stderr.contains("the next run resumes"),
        "{}",
        run.stderr
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 200);
    let run = env.run_cmd(&mut etsy_cmd(
        &env,
        &["sync", "etsy", "--only", "orders", "--format", "ndjson"],
    ));
    let line: Value =
        serde_json::from_str(run.ok_with("rows from").lines().next().unwrap()).unwrap();
    assert_eq!(line["resumed"], true);
    assert_eq!(line["pages"], 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 240);
    assert_eq!(
        env.count("SELECT COUNT(DISTINCT external_id) FROM orders"),
        240
    );
}

#[test]
fn malformed_json_exits_4_naming_marketplace_and_operation() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        Mock::given(path("/v3/public/oauth/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": ACCESS, "expires_in": 3600, "refresh_token": REFRESH_NEW
            })))
            .mount(&server)
            .await;
        Mock::given(path(SHOP))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw("{\"shop_id\": 55", "application/json"),
            )
            .mount(&server)
            .await;
    });
    let env = env_for(&server);
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--json"]));
    let err = run.fails(4);
    assert!(
        err.contains("etsy getShop") && err.contains("not what the API documents"),
        "{err}"
    );
    assert_no_secret("stderr", &run.stderr);
}

#[test]
fn shopify_sync_through_the_cli_and_sync_all_skips_marketplaces_without_credentials() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    let cost = json!({"cost": {"requestedQueryCost": 10, "actualQueryCost": 5,
        "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 1995.0, "restoreRate": 100.0}}});
    rt.block_on(async {
        let ok = |data: Value| {
            ResponseTemplate::new(200).set_body_json(json!({"data": data, "extensions": cost}))
        };
        let empty = json!({"pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": []});
        Mock::given(path("/admin/api/2026-01/graphql.json"))
            .and(header("x-shopify-access-token", SHOPIFY_TOKEN))
            .and(body_string_contains("query Shop"))
            .respond_with(ok(json!({"shop": {"name": "Blue Mugs", "currencyCode": "USD", "myshopifyDomain": "blue-mugs.myshopify.com"}})))
            .mount(&server)
            .await;
        Mock::given(body_string_contains("query Variants"))
            .respond_with(ok(json!({"productVariants": empty})))
            .mount(&server)
            .await;
        Mock::given(body_string_contains("query Inventory"))
            .respond_with(ok(json!({"inventoryItems": empty})))
            .mount(&server)
            .await;
        let mut order = json!({
            "id": "gid://shopify/Order/1", "legacyResourceId": "1", "name": "#1001",
            "createdAt": "2025-06-01T10:00:00Z", "updatedAt": "2025-06-02T10:00:00Z",
            "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "UNFULFILLED", "currencyCode": "USD",
            "shippingAddress": {"city": "Denver", "provinceCode": "CO", "zip": "80202", "countryCodeV2": "US"}
        });
        let m = |a: &str| json!({"shopMoney": {"amount": a, "currencyCode": "USD"}});
        order["totalShippingPriceSet"] = m("5.00");
        order["totalTaxSet"] = m("1.00");
        order["totalDiscountsSet"] = m("0.00");
        order["lineItems"] = json!({"pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": [
            {"id": "gid://shopify/LineItem/9", "sku": "MUG-1", "title": "Mug", "quantity": 2,
             "originalUnitPriceSet": m("12.00"), "variant": null}
        ]});
        Mock::given(body_string_contains("query Orders"))
            .respond_with(ok(json!({"orders": {"pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": [order]}})))
            .mount(&server)
            .await;
        // Shopify Payments: the charge of order 1, its fee, and the payout of both.
        let usd = |a: &str| json!({"amount": a, "currencyCode": "USD"});
        let payout = "gid://shopify/ShopifyPaymentsPayout/77";
        let tx = |n: u64, ty: &str, amount: &str, fee: &str, net: &str| {
            json!({"id": format!("gid://shopify/ShopifyPaymentsBalanceTransaction/{n}"),
                   "transactionDate": "2025-06-01T10:00:05Z", "type": ty, "test": false,
                   "amount": usd(amount), "fee": usd(fee), "net": usd(net),
                   "associatedOrder": if ty == "CHARGE" { json!({"id": "gid://shopify/Order/1", "name": "#1001"}) } else { Value::Null },
                   "associatedPayout": {"id": payout, "status": "PAID"}})
        };
        Mock::given(body_string_contains("query BalanceTransactions"))
            .respond_with(ok(json!({"shopifyPaymentsAccount": {"balanceTransactions": {
                "pageInfo": {"hasNextPage": false, "endCursor": null},
                "nodes": [tx(1, "CHARGE", "29.00", "1.14", "27.86"), tx(2, "TRANSFER", "-27.86", "0.00", "-27.86")]
            }}})))
            .mount(&server)
            .await;
        Mock::given(body_string_contains("query Payouts"))
            .respond_with(ok(json!({"shopifyPaymentsAccount": {"payouts": {
                "pageInfo": {"hasNextPage": false, "endCursor": null},
                "nodes": [{"id": payout, "legacyResourceId": "77", "issuedAt": "2025-06-03T09:00:00Z",
                           "status": "PAID", "transactionType": "DEPOSIT", "net": usd("27.86")}]
            }}})))
            .mount(&server)
            .await;
    });
    let env = env_for(&server);
    let mut cmd = env.command();
    cmd.args(["sync", "all", "--json", "-vv"])
        .env("SELLKIT_SHOPIFY_SHOP", "blue-mugs")
        .env("SELLKIT_SHOPIFY_ACCESS_TOKEN", SHOPIFY_TOKEN);
    let run = env.run_cmd(&mut cmd);
    let doc = run.json_with("etsy: skipped (no etsy credentials: missing api_key, refresh_token; run `sellkit auth login etsy` or set SELLKIT_ETSY_API_KEY, SELLKIT_ETSY_REFRESH_TOKEN)");
    assert!(run.stderr.contains("etsy: skipped"), "{}", run.stderr);
    let mps = doc["marketplaces"].as_array().unwrap();
    assert_eq!(mps.len(), 1);
    assert_eq!(mps[0]["marketplace"], "shopify");
    assert_eq!(
        mps[0]["calls"]["quota"],
        "1995 of 2000 query cost points available (100 restored per second)"
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 1);
    assert_eq!(
        env.count("SELECT SUM(shipping_minor) FROM order_lines"),
        500
    );
    // The ledger: charge, fee and transfer, and the payout they add up to.
    let ledger = &mps[0]["resources"][3];
    assert_eq!(ledger["resource"], "ledger");
    assert_eq!(ledger["counts"]["ledger_entries"], 3);
    assert_eq!(ledger["counts"]["payouts"], 1);
    let rep = env.run(&["report", "payouts", "--json"]).json();
    let p = &rep["payouts"][0];
    assert_eq!(p["payout_id"], "gid://shopify/ShopifyPaymentsPayout/77");
    assert_eq!(p["amount"]["amount_minor"], 2786);
    assert_eq!(p["difference"]["amount_minor"], 0, "{p}");
    assert_eq!(rep["exceptions"]["entries_without_order"]["count"], 0);
    assert_no_secret("stderr at -vv", &run.stderr);
    assert_no_secret("JSON output", &run.stdout);
    assert_no_secret("the database", &env.db_text());
}

#[test]
fn since_sets_the_etsy_window_and_sync_all_goes_on_after_a_failure() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        mount_etsy(&server, 1).await;
        // 2025-01-01T00:00:00Z.
        Mock::given(path(format!("{SHOP}/receipts")))
            .and(query_param("min_last_modified", "1735689600"))
            .and(query_param("sort_order", "desc"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"count": 2, "results": [receipt(900), receipt(901)]}),
            ))
            .with_priority(1)
            .expect(1)
            .mount(&server)
            .await;
        // Shopify answers its shop query with a GraphQL error.
        Mock::given(path("/admin/api/2026-01/graphql.json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "errors": [{"message": "Invalid API key or access token (unrecognized login or wrong password)"}]
            })))
            .mount(&server)
            .await;
    });
    let env = env_for(&server);
    let mut cmd = etsy_cmd(
        &env,
        &[
            "sync",
            "all",
            "--since",
            "2025-01-01",
            "--only",
            "orders",
            "--json",
        ],
    );
    cmd.env("SELLKIT_SHOPIFY_SHOP", "blue-mugs.myshopify.com")
        .env("SELLKIT_SHOPIFY_ACCESS_TOKEN", SHOPIFY_TOKEN);
    let run = env.run_cmd(&mut cmd);
    let err = run.fails(4);
    assert!(
        err.contains("shopify shop: GraphQL error") && err.contains("Invalid API key"),
        "{err}"
    );
    // Etsy ran first and its two receipts are kept.
    assert!(run.stderr.contains("etsy: 4 rows"), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("GraphQL error").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 2);
    assert_no_secret("stderr", &run.stderr);
    rt.block_on(server.verify());
}

#[test]
fn etsy_refuses_to_run_without_a_writable_store_for_its_rotating_token() {
    let env = TestEnv::new();
    // A credentials "file" that is a directory: the store cannot be read.
    let dir = env.path("creds-dir");
    std::fs::create_dir_all(&dir).unwrap();
    env.run(&["config", "set", "auth.store", "file"])
        .ok_with("auth.store = file (in");
    env.run(&[
        "config",
        "set",
        "auth.credentials_file",
        dir.to_str().unwrap(),
    ])
    .ok_with("auth.credentials_file =");
    env.run(&["config", "set", "etsy.base_url", "http://127.0.0.1:9"])
        .ok_with("etsy.base_url = http://");
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy"]));
    let err = run.fails(3);
    assert!(
        err.contains("rotates its refresh token") && err.contains("creds-dir"),
        "{err}"
    );
    assert_no_secret("stderr", &run.stderr);
}

fn etsy_listing(id: u64, sku: &str) -> Value {
    json!({
        "listing_id": id, "user_id": 77, "shop_id": 5551234, "title": format!("Mug {sku}"),
        "description": "Hand made", "state": "active", "quantity": 4,
        "url": format!("https://www.etsy.com/listing/{id}"), "tags": ["mug"], "skus": [sku],
        "has_variations": false, "price": money(2200),
        "inventory": {"products": [
            {"product_id": id, "sku": sku, "is_deleted": false,
             "offerings": [{"offering_id": id, "quantity": 4, "is_enabled": true, "is_deleted": false, "price": money(2200)}],
             "property_values": []}
        ]}
    })
}

#[test]
fn a_listing_gone_from_the_marketplace_is_marked_removed_by_the_next_full_listings_pull() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(mount_etsy(&server, 1));
    // Later runs are a day apart: the access token has expired and the rotated one refreshes.
    rt.block_on(
        Mock::given(method("POST"))
            .and(path("/v3/public/oauth/token"))
            .and(body_string_contains(format!("refresh_token={REFRESH_NEW}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": ACCESS, "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": REFRESH_NEW
            })))
            .mount(&server),
    );
    // Active listings: two on the first run, only MUG-1 on the second (MUG-2 was deleted).
    rt.block_on(
        Mock::given(path(format!("{SHOP}/listings")))
            .and(query_param("state", "active"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "count": 2, "results": [etsy_listing(901, "MUG-1"), etsy_listing(902, "MUG-2")]
            })))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(path(format!("{SHOP}/listings")))
            .and(query_param("state", "active"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "count": 1, "results": [etsy_listing(901, "MUG-1")]
            })))
            .with_priority(2)
            .mount(&server),
    );
    let env = env_for(&server);
    let states = |env: &TestEnv| -> Vec<(String, String)> {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        let mut st = c
            .prepare("SELECT sku, state FROM listings ORDER BY sku")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let removed = |doc: &Value| {
        doc["marketplaces"][0]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == "listings")
            .unwrap()["listings_removed"]
            .clone()
    };
    let first = env
        .run_cmd(
            etsy_cmd(&env, &["sync", "etsy", "--json"]).env("SELLKIT_NOW", "2025-06-30T12:00:00Z"),
        )
        .json_with("rows from");
    assert_eq!(removed(&first), 0);
    assert_eq!(
        states(&env),
        [
            ("MUG-1".into(), "active".into()),
            ("MUG-2".into(), "active".into())
        ]
    );
    // An orders-only run does not look at listings, so it cannot tell what was deleted.
    env.run_cmd(
        etsy_cmd(&env, &["sync", "etsy", "--only", "orders", "-q"])
            .env("SELLKIT_NOW", "2025-07-01T12:00:00Z"),
    )
    .ok();
    assert_eq!(states(&env)[1].1, "active");
    let second = env
        .run_cmd(
            etsy_cmd(&env, &["sync", "etsy", "--json"]).env("SELLKIT_NOW", "2025-07-02T12:00:00Z"),
        )
        .json_with("rows from");
    assert_eq!(removed(&second), 1);
    assert_eq!(
        states(&env),
        [
            ("MUG-1".into(), "active".into()),
            ("MUG-2".into(), "removed".into())
        ]
    );
    // Marked once: the next run finds nothing more to remove.
    let third = env
        .run_cmd(
            etsy_cmd(&env, &["sync", "etsy", "--json"]).env("SELLKIT_NOW", "2025-07-03T12:00:00Z"),
        )
        .json_with("rows from");
    assert_eq!(removed(&third), 0);
}

/// Etsy answering one page of `receipts` (as JSON values) and no listings.
async fn mount_etsy_receipts(server: &MockServer, receipts: Vec<Value>) {
    Mock::given(method("POST"))
        .and(path("/v3/public/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": ACCESS, "token_type": "Bearer", "expires_in": 3600, "refresh_token": REFRESH_NEW
        })))
        .mount(server)
        .await;
    Mock::given(path(SHOP))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"shop_id": 5551234, "shop_name": "TexMugs", "currency_code": "USD"}),
        ))
        .mount(server)
        .await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"count": receipts.len(), "results": receipts})),
        )
        .mount(server)
        .await;
}

#[test]
fn a_bad_receipt_is_quarantined_with_a_warning_and_exit_0() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    let mut no_created = receipt(2);
    no_created
        .as_object_mut()
        .unwrap()
        .remove("created_timestamp");
    let mut zero_divisor = receipt(3);
    zero_divisor["transactions"][0]["price"]["divisor"] = json!(0);
    let receipts = vec![receipt(1), no_created, zero_divisor, receipt(4), receipt(5)];
    rt.block_on(mount_etsy_receipts(&server, receipts));
    let env = env_for(&server);
    let run = env.run_cmd(&mut etsy_cmd(
        &env,
        &["sync", "etsy", "--only", "orders", "--format", "ndjson"],
    ));
    let line: Value =
        serde_json::from_str(run.ok_with("rows from").lines().next().unwrap()).unwrap();
    assert_eq!(line["records_rejected"], 2);
    assert_eq!(line["orders"], 3);
    assert!(
        run.stderr.contains("etsy: 2 record(s) failed validation")
            && run.stderr.contains("sync_rejects")
            && run.stderr.contains("7000002")
            && run.stderr.contains("created_timestamp"),
        "{}",
        run.stderr
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 3);
    assert_eq!(env.count("SELECT COUNT(*) FROM sync_rejects"), 2);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM sync_rejects WHERE external_id = '7000003' AND reason LIKE '%price 2000/0%'"
        ),
        1
    );
    assert_no_secret("database", &env.db_text());
}

#[test]
fn a_page_mostly_rejected_exits_5_after_storing_the_good_ones() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    let bad = |n| {
        let mut r = receipt(n);
        r["country_iso"] = json!("STRING");
        r
    };
    rt.block_on(mount_etsy_receipts(
        &server,
        vec![receipt(1), bad(2), bad(3)],
    ));
    let env = env_for(&server);
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--only", "orders"]));
    let err = run.fails(5);
    assert!(
        err.contains("more than 50% of a page's records were rejected")
            && err.contains("etsy getShopReceipts")
            && err.contains("2 of 3"),
        "{err}"
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM sync_rejects"), 2);
    // The share is a setting.
    env.run(&["config", "set", "sync.max_reject_percent", "80"])
        .ok_with("sync.max_reject_percent =");
    let run = env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--only", "orders"]));
    run.ok_with("rows from");
}

#[test]
fn a_named_config_file_that_does_not_exist_is_exit_3() {
    let env = TestEnv::new();
    let missing = env.path("no-such-dir/sellkit.toml");
    let run = env.run(&["--config", missing.to_str().unwrap(), "sync", "etsy"]);
    let err = run.fails(3);
    assert!(
        err.contains(missing.to_str().unwrap()) && err.contains("does not exist"),
        "{err}"
    );
    // `config set` creates it, and then it is used.
    let made = env.path("made.toml");
    env.run(&[
        "--config",
        made.to_str().unwrap(),
        "config",
        "set",
        "sync.timeout",
        "7",
    ])
    .ok_with("sync.timeout =");
    let out = env
        .run(&[
            "--config",
            made.to_str().unwrap(),
            "config",
            "get",
            "sync.timeout",
        ])
        .ok()
        .to_string();
    assert!(out.contains('7'), "{out}");
}

#[test]
fn sync_rejects_lists_shows_raw_json_only_on_request_sanitised_and_clears() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    let mut zero_divisor = receipt(3);
    zero_divisor["transactions"][0]["price"]["divisor"] = json!(0);
    // Untrusted text with a terminal escape, and a field that looks like a secret.
    zero_divisor["message_from_buyer"] = json!("hi\u{1b}[2Jthere\u{9b}31m");
    zero_divisor["access_token"] = json!("leaky-value-123");
    let mut no_created = receipt(2);
    no_created
        .as_object_mut()
        .unwrap()
        .remove("created_timestamp");
    rt.block_on(mount_etsy_receipts(
        &server,
        vec![receipt(1), no_created, zero_divisor, receipt(4)],
    ));
    let env = env_for(&server);
    env.run_cmd(&mut etsy_cmd(&env, &["sync", "etsy", "--only", "orders"]))
        .ok_with("2 record(s) failed validation");
    // One more, of another marketplace, for the filters.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO sync_rejects (marketplace, shop_external_id, resource, operation, external_id, reason, raw, rejected_at)
         VALUES ('ebay', 'EBAY_US', 'orders', 'getOrders', '12-345', 'lastModifiedDate: \"string\" is not RFC 3339', '{\"orderId\":\"12-345\"}', '2025-06-29T08:00:00Z')",
        [],
    )
    .unwrap();

    // The list: marketplace, operation, external id, reason, time; no raw JSON.
    let run = env.run(&["sync", "rejects"]);
    let out = run.ok();
    assert!(
        out.contains("Rejected records (3)")
            && out.contains("| etsy ")
            && out.contains("getShopReceipts")
            && out.contains("7000003")
            && out.contains("price 2000/0")
            && out.contains("created_timestamp")
            && out.contains(crate::common::NOW)
            && out.contains("12-345")
            && out.contains("2025-06-29T08:00:00Z"),
        "{out}"
    );
    assert!(
        !out.contains("message_from_buyer") && !out.contains('\u{1b}'),
        "{out}"
    );
    // Newest first: the etsy rows (synced at NOW) before the older ebay one.
    assert!(out.find("7000003").unwrap() < out.find("12-345").unwrap());

    // --details: each record as it came, sanitised for the terminal, secrets redacted.
    let out = env.run(&["sync", "rejects", "--details"]).ok().to_string();
    assert!(
        out.contains("message_from_buyer") && out.contains(r"hi\u001b[2Jthere\u009b31m"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{9b}'),
        "{out:?}"
    );
    assert!(
        out.contains("[redacted]") && !out.contains("leaky-value-123"),
        "{out}"
    );

    // --json: the raw JSON too, escaped; --marketplace filters.
    let doc = env.run(&["sync", "rejects", "--json"]).json();
    assert_eq!(doc["schema_version"], 1);
    let rows = doc["rejects"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let r = rows.iter().find(|r| r["external_id"] == "7000003").unwrap();
    assert_eq!(
        (
            r["marketplace"].as_str(),
            r["operation"].as_str(),
            r["resource"].as_str()
        ),
        (Some("etsy"), Some("getShopReceipts"), Some("orders"))
    );
    assert_eq!(r["raw"]["message_from_buyer"], "hi\u{1b}[2Jthere\u{9b}31m");
    assert_eq!(r["raw"]["access_token"], "[redacted]");
    let text = env.run(&["sync", "rejects", "--json"]).stdout;
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{9b}') && text.contains(r"\u009b"),
        "{text}"
    );
    let doc = env
        .run(&["sync", "rejects", "--json", "--marketplace", "ebay"])
        .json();
    assert_eq!(doc["rejects"].as_array().unwrap().len(), 1);
    // NDJSON rows leave the raw JSON out unless asked for.
    let nd = env.run(&["sync", "rejects", "--format", "ndjson"]);
    let first: Value = serde_json::from_str(nd.ok().lines().next().unwrap()).unwrap();
    assert!(first.get("raw").is_none(), "{first}");

    // --clear: one marketplace, then the rest.
    let run = env.run(&[
        "sync",
        "rejects",
        "--clear",
        "--marketplace",
        "etsy",
        "--json",
    ]);
    assert_eq!(run.json_with("Cleared 2")["cleared"], 2);
    assert!(
        run.stderr.contains("Cleared 2 rejected record(s) of etsy"),
        "{}",
        run.stderr
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM sync_rejects"), 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 2);
    assert_eq!(
        env.run(&["sync", "rejects", "--clear", "--json"])
            .json_with("Cleared 1 rejected record(s).")["cleared"],
        1
    );
    let run = env.run(&["sync", "rejects"]);
    assert!(
        run.ok_with("No rejected records.")
            .contains("Rejected records (0)"),
        "{}",
        run.stdout
    );
    // Listing with --details and clearing do not go together.
    env.run(&["sync", "rejects", "--clear", "--details"])
        .fails(2);
}
