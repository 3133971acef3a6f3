//! `sellkit sync ebay|amazon` against loopback mock servers: exit 3 without credentials, the
//! summary in JSON, the Amazon report backfill, exit 4 after bounded retries, and no secret in
//! the database, the config file, stderr at -vv or the JSON output.

use std::io::Write;

use serde_json::{Value, json};
use wiremock::matchers::{
    body_partial_json, body_string_contains, header, method, path, query_param,
};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::TestEnv;

const EBAY_ID: &str = "SellerApp-PRD-cli0123-leak";
const EBAY_SECRET: &str = "PRD-cert-cli-secret-leak";
const EBAY_REFRESH: &str = "v^1.1#i^1#cli-refresh-leak";
const EBAY_ACCESS: &str = "v^1.1#i^1#cli-access-leak";
const AMZ_ID: &str = "amzn1.application-oa2-client.clileak";
const AMZ_SECRET: &str = "amzn1.oa2-cs.v1.cli-secret-leak";
const AMZ_REFRESH: &str = "Atzr|cli-refresh-leak";
const AMZ_ACCESS: &str = "Atza|cli-access-leak";

const SECRETS: [&str; 8] = [
    EBAY_ID,
    EBAY_SECRET,
    EBAY_REFRESH,
    EBAY_ACCESS,
    AMZ_ID,
    AMZ_SECRET,
    AMZ_REFRESH,
    AMZ_ACCESS,
];

/// A temp home whose config points both connectors at `server`, with a file credential store.
pub(super) fn env_for(server: &MockServer) -> TestEnv {
    let env = TestEnv::new();
    let creds = env.path("creds/credentials.toml");
    for (k, v) in [
        ("auth.store", "file"),
        ("auth.credentials_file", creds.to_str().unwrap()),
        ("ebay.base_url", &server.uri()),
        (
            "ebay.token_url",
            &format!("{}/identity/v1/oauth2/token", server.uri()),
        ),
        ("amazon.endpoint", &server.uri()),
        (
            "amazon.token_url",
            &format!("{}/auth/o2/token", server.uri()),
        ),
        ("sync.retry_delay_ms", "5"),
        ("sync.timeout", "2"),
        ("sync.max_retries", "1"),
    ] {
        env.run(&["config", "set", k, v])
            .ok_with(&format!("{k} = {v} (in"));
    }
    env
}

pub(super) fn cmd(env: &TestEnv, args: &[&str]) -> std::process::Command {
    let mut c = env.command();
    c.args(args)
        .env("SELLKIT_EBAY_CLIENT_ID", EBAY_ID)
        .env("SELLKIT_EBAY_CLIENT_SECRET", EBAY_SECRET)
        .env("SELLKIT_EBAY_REFRESH_TOKEN", EBAY_REFRESH)
        .env("SELLKIT_AMAZON_CLIENT_ID", AMZ_ID)
        .env("SELLKIT_AMAZON_CLIENT_SECRET", AMZ_SECRET)
        .env("SELLKIT_AMAZON_REFRESH_TOKEN", AMZ_REFRESH)
        .env("SELLKIT_AMAZON_SELLER_ID", "A2SELLERCLI");
    c
}

fn assert_no_secret(place: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{place} contains a secret ({s})");
    }
}

async fn mount_lwa(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/auth/o2/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": AMZ_ACCESS, "token_type": "bearer", "expires_in": 3600
        })))
        .mount(server)
        .await;
}

fn amz_order(id: &str, updated: &str) -> Value {
    json!({
        "AmazonOrderId": id, "PurchaseDate": "2025-06-10T03:58:30Z", "LastUpdateDate": updated,
        "OrderStatus": "Unshipped", "FulfillmentChannel": "MFN", "SalesChannel": "Amazon.com",
        "OrderTotal": {"CurrencyCode": "USD", "Amount": "21.01"}, "MarketplaceId": "ATVPDKIKX0DER",
        "OrderType": "StandardOrder", "IsBusinessOrder": false, "IsPrime": false,
        "ShippingAddress": {"City": "PORTLAND", "StateOrRegion": "OR", "PostalCode": "97201", "CountryCode": "US"}
    })
}

async fn mount_amazon_orders(server: &MockServer) {
    for id in ["113-1", "113-2", "113-3"] {
        Mock::given(method("GET"))
            .and(path(format!("/orders/v0/orders/{id}/orderItems")))
            .and(header("x-amz-access-token", AMZ_ACCESS))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
                "AmazonOrderId": id,
                "OrderItems": [{"ASIN": "B0CLI00001", "OrderItemId": format!("{id}-a"), "SellerSKU": "MUG-BLUE",
                    "Title": "Blue mug", "QuantityOrdered": 2,
                    "ItemPrice": {"CurrencyCode": "USD", "Amount": "20.00"},
                    "ItemTax": {"CurrencyCode": "USD", "Amount": "1.01"}}]
            }})))
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .and(query_param("NextToken", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order("113-3", "2025-06-12T00:00:00Z")]
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .and(query_param("MarketplaceIds", "ATVPDKIKX0DER"))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-amzn-RateLimit-Limit", "0.0167")
                .set_body_json(json!({"payload": {
                    "Orders": [amz_order("113-1", "2025-06-10T00:00:00Z"), amz_order("113-2", "2025-06-11T00:00:00Z")],
                    "NextToken": "t2"
                }})),
        )
        .mount(server)
        .await;
}

#[test]
fn without_credentials_ebay_and_amazon_exit_3_naming_the_variables() {
    let env = TestEnv::new();
    let err = env.run(&["sync", "ebay"]).fails(3).to_string();
    assert!(
        err.contains("SELLKIT_EBAY_CLIENT_ID")
            && err.contains("SELLKIT_EBAY_REFRESH_TOKEN")
            && err.contains("sellkit auth login ebay"),
        "{err}"
    );
    let err = env.run(&["sync", "amazon"]).fails(3).to_string();
    assert!(
        err.contains("SELLKIT_AMAZON_CLIENT_SECRET") && err.contains("sellkit auth login amazon"),
        "{err}"
    );
}

#[test]
fn amazon_orders_through_the_cli_leak_no_secret() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        mount_lwa(&server).await;
        mount_amazon_orders(&server).await;
    });
    let env = env_for(&server);
    let run = env.run_cmd(&mut cmd(
        &env,
        &["sync", "amazon", "--only", "orders", "--json", "-vv"],
    ));
    let doc = run.json_with("DEBUG call marketplace=\"amazon\" op=\"token refresh\" status=");
    let mp = &doc["marketplaces"][0];
    assert_eq!(mp["marketplace"], "amazon");
    assert_eq!(mp["complete"], true);
    assert_eq!(mp["resources"][0]["pages"], 2);
    assert_eq!(mp["resources"][0]["counts"]["orders"], 3);
    assert_eq!(
        mp["calls"]["quota"],
        "amazon: 0.0167 requests/s allowed for the last operation"
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 3);
    assert_eq!(
        env.count(
            "SELECT COUNT(*) FROM orders WHERE ship_city = 'PORTLAND' AND ship_country = 'US'"
        ),
        3
    );
    assert_eq!(
        env.count("SELECT SUM(quantity * unit_price_minor + tax_minor) FROM order_lines"),
        6303
    );
    assert!(run.stderr.contains("getOrders"), "{}", run.stderr);
    assert_no_secret("stderr at -vv", &run.stderr);
    assert_no_secret("JSON output", &run.stdout);
    assert_no_secret("the database", &env.db_text());
    let config =
        std::fs::read_to_string(env.path("config/sellkit/config.toml")).expect("config file");
    assert_no_secret("the config file", &config);
}

/// Sign-in and an orders report R77 since 2025-01-01 (the synthetic all-orders export, gzipped).
pub(super) async fn mount_orders_report(server: &MockServer) {
    let flat = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/exports/synthetic_amazon_all_orders.txt"
    ))
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&flat).unwrap();
    let gz = gz.finish().unwrap();
    mount_lwa(server).await;
    Mock::given(method("POST"))
        .and(path("/reports/2021-06-30/reports"))
        .and(body_partial_json(json!({
            "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "dataStartTime": "2025-01-01T00:00:00Z"
        })))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"reportId": "R77"})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/2021-06-30/reports/R77"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "reportId": "R77", "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "createdTime": "2025-06-30T11:00:00Z", "processingStatus": "DONE", "reportDocumentId": "D77"
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/2021-06-30/documents/D77"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "reportDocumentId": "D77", "url": format!("{}/dl/D77", server.uri()),
            "compressionAlgorithm": "GZIP"
        })))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/dl/D77"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(gz))
        .mount(server)
        .await;
}

#[test]
fn amazon_report_backfill_through_the_cli() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(mount_orders_report(&server));
    let env = env_for(&server);
    let run = env.run_cmd(&mut cmd(
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
    let doc = run.json_with("amazon: report R");
    assert_eq!(doc["report"]["report_id"], "R77");
    assert_eq!(doc["report"]["compression"], "GZIP");
    assert_eq!(doc["report"]["counts"]["orders"], 5);
    assert_eq!(env.count("SELECT COUNT(*) FROM orders"), 5);
    assert_no_secret("JSON output", &run.stdout);
}

#[test]
fn ebay_server_errors_exit_4_after_bounded_retries() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        Mock::given(method("POST"))
            .and(path("/identity/v1/oauth2/token"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": EBAY_ACCESS, "expires_in": 7200
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/sell/fulfillment/v1/order"))
            .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
            .expect(2)
            .mount(&server)
            .await;
    });
    let env = env_for(&server);
    let run = env.run_cmd(&mut cmd(&env, &["sync", "ebay", "--only", "orders", "-vv"]));
    let err = run.fails(4);
    assert!(
        err.contains("ebay getOrders") && err.contains("503") && err.contains("2 attempts"),
        "{err}"
    );
    assert_no_secret("stderr at -vv", &run.stderr);
    rt.block_on(server.verify());
}

#[test]
fn the_ledger_alone_exits_3_when_the_marketplace_refuses_it_for_a_reason_the_seller_fixes() {
    let rt = crate::common::runtime();
    let server = rt.block_on(MockServer::start());
    rt.block_on(async {
        Mock::given(method("POST"))
            .and(path("/identity/v1/oauth2/token"))
            .and(body_string_contains("sell.finances"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": EBAY_ACCESS, "expires_in": 7200
            })))
            .mount(&server)
            .await;
        // An EU/UK seller's Finances call without Digital Signatures.
        Mock::given(method("GET"))
            .and(path("/sell/finances/v1/transaction"))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({"errors": [{
                "errorId": 215120, "domain": "ACCESS", "category": "REQUEST",
                "message": "Signature validation failed to fulfill the request."
            }]})))
            .mount(&server)
            .await;
        mount_lwa(&server).await;
        Mock::given(method("GET"))
            .and(path("/finances/v0/financialEventGroups"))
            .respond_with(ResponseTemplate::new(403).set_body_json(json!({"errors": [{
                "code": "Unauthorized", "message": "Access to requested resource is denied."
            }]})))
            .mount(&server)
            .await;
    });
    let env = env_for(&server);
    let err = env
        .run_cmd(&mut cmd(&env, &["sync", "ebay", "--only", "ledger"]))
        .fails(3)
        .to_string();
    assert!(
        err.contains(
            "ebay ledger: eBay requires Digital Signatures on Finances calls for EU/UK sellers"
        ),
        "{err}"
    );
    let err = env
        .run_cmd(&mut cmd(&env, &["sync", "amazon", "--only", "ledger"]))
        .fails(3)
        .to_string();
    assert!(
        err.contains("amazon ledger: listFinancialEventGroups was refused (HTTP 403)")
            && err.contains("Finance and Accounting role"),
        "{err}"
    );
    assert_no_secret("stderr", &err);
}
