//! Etsy connector against a loopback mock whose answers follow the Open API v3 schemas
//! (ShopReceipts, ShopReceipt, ShopReceiptTransaction, ShopListingsWithAssociations, Money).
#![allow(clippy::type_complexity)]

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::auth::{KeyStore, service};
use crate::marketplaces::api::{SyncOptions, sync, test_client_config};
use crate::progress::NoProgress;
use crate::store::Store;

pub(super) const SHOP: &str = "/v3/application/shops/5551234";
pub(super) const NOW: &str = "2025-06-30T12:00:00Z";

fn now() -> jiff::Timestamp {
    NOW.parse().unwrap()
}

/// A store holding a valid access token (expires after NOW) and a shop id.
pub(super) fn store_with(access: &str) -> KeyStore {
    let s = KeyStore::memory();
    for (k, v) in [
        ("api_key", "kstr1"),
        ("shared_secret", "ssec1"),
        ("refresh_token", "5551234.rt-one"),
        ("access_token", access),
        ("access_token_expires_at", "2025-06-30T13:00:00Z"),
        ("shop_id", "5551234"),
    ] {
        s.set(&format!("etsy.{k}"), v).unwrap();
    }
    s
}

pub(super) fn connector(server: &MockServer, store: &KeyStore) -> EtsyConnector {
    let creds = Credentials::load(service("etsy").unwrap(), &BTreeMap::new(), store).unwrap();
    EtsyConnector::new(
        EtsyEndpoint {
            base_url: server.uri(),
            token_url: format!("{}/v3/public/oauth/token", server.uri()),
            bucket: Bucket {
                rate: 1000.0,
                burst: 100,
            },
            client: test_client_config(),
        },
        creds,
        now(),
    )
    .unwrap()
}

fn money(amount: i64, divisor: i64) -> Value {
    json!({"amount": amount, "divisor": divisor, "currency_code": "USD"})
}

/// Receipt `n`: two transactions (one with a SKU and variations, one without a SKU), ship-to,
/// shipping, tax, VAT and a discount.
fn receipt(n: u64) -> Value {
    let id = 9_000_000 + n;
    let updated = 1_748_000_000 + n as i64 * 60;
    let mut r = json!({
        "receipt_id": id, "receipt_type": 0, "seller_user_id": 77, "buyer_user_id": 1000 + n,
        "name": "A Buyer", "first_line": "1 Main St", "city": "Portland", "state": "OR",
        "zip": "97201", "country_iso": "US", "status": "Paid", "is_paid": true, "is_shipped": n.is_multiple_of(2),
        "create_timestamp": updated - 3600, "created_timestamp": updated - 3600,
        "update_timestamp": updated, "updated_timestamp": updated,
        "shipments": [], "refunds": []
    });
    for (k, v) in [
        ("grandtotal", money(4150, 100)),
        ("subtotal", money(3600, 100)),
        ("total_price", money(3600, 100)),
        ("total_shipping_cost", money(500, 100)),
        ("total_tax_cost", money(250, 100)),
        ("total_vat_cost", money(0, 100)),
        ("discount_amt", money(200, 100)),
        ("gift_wrap_price", money(0, 100)),
    ] {
        r[k] = v;
    }
    let mug = json!({
        "transaction_id": id * 10 + 1, "title": "Mug", "quantity": 2, "listing_id": 111,
        "receipt_id": id, "sku": "MUG-1", "price": money(1200, 100), "shipping_cost": money(0, 100),
        "variations": [{"property_id": 200, "value_id": 1, "formatted_name": "Color", "formatted_value": "Blue"}],
        "product_data": []
    });
    let card = json!({
        "transaction_id": id * 10 + 2, "title": "Card", "quantity": 1, "listing_id": 222,
        "receipt_id": id, "sku": "", "price": money(12000, 1000), "shipping_cost": money(0, 100),
        "variations": [], "product_data": []
    });
    r["transactions"] = json!([mug, card]);
    r
}

fn receipts(from: u64, n: u64, count: u64) -> Value {
    json!({"count": count, "results": (from..from + n).map(receipt).collect::<Vec<_>>()})
}

fn listing(n: u64, state: &str) -> Value {
    json!({
        "listing_id": 100 + n, "user_id": 77, "shop_id": 5551234, "title": format!("Listing {n}"),
        "description": "Hand made", "state": state, "quantity": 5, "url": format!("https://www.etsy.com/listing/{}", 100 + n),
        "tags": ["mug", "blue"], "skus": [format!("L-{n}-A"), format!("L-{n}-B")], "has_variations": true,
        "price": money(1800, 100),
        "inventory": {"products": [
            {"product_id": 1, "sku": format!("L-{n}-A"), "is_deleted": false,
             "offerings": [{"offering_id": 1, "quantity": 3, "is_enabled": true, "is_deleted": false, "price": money(1800, 100)}],
             "property_values": [{"property_id": 200, "property_name": "Color", "values": ["Blue"], "value_ids": [1]}]},
            {"product_id": 2, "sku": format!("L-{n}-B"), "is_deleted": false,
             "offerings": [{"offering_id": 2, "quantity": 2, "is_enabled": true, "is_deleted": false, "price": money(1900, 100)}],
             "property_values": [{"property_id": 200, "property_name": "Color", "values": ["Red"], "value_ids": [2]}]}
        ]}
    })
}

pub(super) async fn mount_shop(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(SHOP))
        .and(header("x-api-key", "kstr1:ssec1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "shop_id": 5551234, "user_id": 77, "shop_name": "BlueMugs", "currency_code": "USD",
            "title": "Blue mugs", "url": "https://www.etsy.com/shop/BlueMugs"
        })))
        .mount(server)
        .await;
}

/// Receipts at offsets 0, 100, 200 of 250.
async fn mount_receipts(server: &MockServer, bearer: &str) {
    for (offset, n) in [(0u64, 100u64), (100, 100), (200, 50)] {
        Mock::given(method("GET"))
            .and(path(format!("{SHOP}/receipts")))
            .and(query_param("offset", offset.to_string()))
            .and(query_param("limit", "100"))
            .and(query_param("sort_on", "updated"))
            .and(query_param("sort_order", "desc"))
            .and(header("x-api-key", "kstr1:ssec1"))
            .and(header("authorization", format!("Bearer {bearer}").as_str()))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-remaining-today", "9990")
                    .insert_header("x-limit-per-day", "10000")
                    .set_body_json(receipts(offset, n, 250)),
            )
            .mount(server)
            .await;
    }
}

fn opts(only: &[Resource]) -> SyncOptions {
    SyncOptions {
        only: only.to_vec(),
        now: NOW.into(),
        ..SyncOptions::default()
    }
}

pub(super) fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn money_objects_convert_exactly_or_fail() {
    let m = |a, d, c: &str| EtsyMoney {
        amount: a,
        divisor: d,
        currency_code: c.into(),
    };
    assert_eq!(money_minor(&m(1299, 100, "USD"), "x").unwrap().0, 1299);
    assert_eq!(money_minor(&m(12990, 1000, "USD"), "x").unwrap().0, 1299);
    assert_eq!(money_minor(&m(1500, 1, "JPY"), "x").unwrap().0, 1500);
    assert_eq!(money_minor(&m(-250, 100, "EUR"), "x").unwrap().0, -250);
    let e = money_minor(&m(1, 1000, "USD"), "listing 1 price").unwrap_err();
    assert!(e.to_string().contains("not an exact amount"), "{e}");
    assert!(money_minor(&m(1, 0, "USD"), "x").is_err());
    assert!(money_minor(&m(1, 1, "US"), "x").is_err());
}

#[tokio::test]
async fn orders_are_paged_to_the_end_with_ship_to_and_amounts() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_receipts(&server, "at-one").await;
    let ks = store_with("at-one");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap();
    assert!(s.complete);
    assert_eq!(s.resources[0].pages, 3);
    assert_eq!(s.calls.calls, 4);
    assert_eq!(
        s.calls.quota.as_deref(),
        Some("9990 of 10000 calls left today")
    );
    assert_eq!(count(&store, "orders"), 250);
    assert_eq!(count(&store, "order_lines"), 500);
    let (city, region, zip, country, status, ordered): (String, String, String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT ship_city, ship_region, ship_postal_code, ship_country, status, ordered_at FROM orders WHERE external_id = '9000000'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (
            city.as_str(),
            region.as_str(),
            zip.as_str(),
            country.as_str()
        ),
        ("Portland", "OR", "97201", "US")
    );
    assert_eq!(status, "shipped");
    assert_eq!(ordered, "2025-05-23T10:33:20Z");
    // Lines: 2 x 12.00 (MUG-1) and 1 x 12.000/1000 = 12.00 (no SKU: etsy:222). Shipping 5.00,
    // tax 2.50 and discount 2.00 shared 2:1 by line value.
    let lines: Vec<(String, i64, i64, i64, i64, i64, String)> = store
        .conn()
        .prepare("SELECT sku, quantity, unit_price_minor, shipping_minor, tax_minor, discount_minor, title FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '9000000' ORDER BY line_no")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(lines[0].0, "MUG-1");
    assert_eq!(lines[0].6, "Mug (Color: Blue)");
    assert_eq!(lines[1].0, "etsy:222");
    assert_eq!((lines[0].1, lines[0].2), (2, 1200));
    assert_eq!((lines[1].1, lines[1].2), (1, 1200));
    assert_eq!(lines[0].3 + lines[1].3, 500);
    assert_eq!(lines[0].4 + lines[1].4, 250);
    assert_eq!(lines[0].5 + lines[1].5, 200);
    assert_eq!((lines[0].3, lines[1].3), (333, 167));
    // The next run asks only for what changed since the newest receipt seen.
    let cursor: String = store
        .conn()
        .query_row(
            "SELECT cursor FROM sync_cursors WHERE resource = 'orders'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let newest = jiff::Timestamp::from_second(1_748_000_000 + 249 * 60).unwrap();
    assert!(cursor.contains(&crate::time::rfc3339(newest)), "{cursor}");
    let inc = MockServer::start().await;
    mount_shop(&inc).await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .and(query_param(
            "min_last_modified",
            newest.as_second().to_string(),
        ))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(receipts(249, 1, 1)))
        .expect(1)
        .mount(&inc)
        .await;
    let mut c = connector(&inc, &ks);
    let s = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap();
    assert_eq!(s.resources[0].counts.orders, 1);
    assert_eq!(count(&store, "orders"), 250);
}

#[tokio::test]
async fn listings_walk_every_state_with_inventory_and_variations() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    let lp = format!("{SHOP}/listings");
    let page = |from: u64, n: u64, state: &str| json!({"count": 130, "results": (from..from + n).map(|i| listing(i, state)).collect::<Vec<_>>()});
    Mock::given(path(&lp))
        .and(query_param("state", "active"))
        .and(query_param("offset", "0"))
        .and(query_param("includes", "Inventory"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0, 100, "active")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(&lp))
        .and(query_param("state", "active"))
        .and(query_param("offset", "100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(100, 30, "active")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(&lp))
        .and(query_param("state", "sold_out"))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"count": 1, "results": [listing(500, "sold_out")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    for st in ["inactive", "draft", "expired"] {
        Mock::given(path(&lp))
            .and(query_param("state", st))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"count": 0, "results": []})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let ks = store_with("at-one");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut c,
        &mut store,
        &opts(&[Resource::Listings]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.resources[0].pages, 6);
    assert_eq!(count(&store, "listings"), 131);
    assert_eq!(count(&store, "inventory"), 262);
    let (sku, price, state): (String, i64, String) = store
        .conn()
        .query_row(
            "SELECT sku, price_minor, state FROM listings WHERE external_id = '600'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (sku.as_str(), price, state.as_str()),
        ("L-500-A", 1800, "sold_out")
    );
    let (title, on_hand): (String, i64) = store
        .conn()
        .query_row(
            "SELECT p.title, i.on_hand FROM products p JOIN inventory i ON i.sku = p.sku WHERE p.sku = 'L-7-B'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((title.as_str(), on_hand), ("Listing 7 (Red)", 2));
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_retries_once_and_keeps_the_rotated_refresh_token() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    // The stored access token is refused; the fresh one works.
    Mock::given(path(format!("{SHOP}/receipts")))
        .and(header("authorization", "Bearer at-stale"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": "invalid_token", "error_description": "access token is expired"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v3/public/oauth/token"))
        .and(method("POST"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("client_id=kstr1"))
        .and(body_string_contains("refresh_token=5551234.rt-one"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "5551234.at-two", "token_type": "Bearer", "expires_in": 3600,
            "refresh_token": "5551234.rt-two"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .and(header("authorization", "Bearer 5551234.at-two"))
        .respond_with(ResponseTemplate::new(200).set_body_json(receipts(0, 3, 3)))
        .expect(1)
        .mount(&server)
        .await;
    let ks = store_with("at-stale");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    // getShop does not check the bearer here; receipts do.
    let s = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap();
    assert_eq!(c.refreshes(), 1);
    assert_eq!(s.resources[0].counts.orders, 3);
    assert_eq!(
        ks.get("etsy.refresh_token").unwrap().as_deref(),
        Some("5551234.rt-two")
    );
    assert_eq!(
        ks.get("etsy.access_token").unwrap().as_deref(),
        Some("5551234.at-two")
    );
}

#[tokio::test]
async fn a_second_401_after_the_refresh_is_an_error_naming_auth_status() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(path("/v3/public/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "5551234.at-two", "expires_in": 3600, "refresh_token": "5551234.rt-two"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let ks = store_with("at-stale");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    let e = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Api);
    let m = e.to_string();
    assert!(
        m.contains("etsy getShopReceipts")
            && m.contains("401")
            && m.contains("sellkit auth status etsy"),
        "{m}"
    );
}

#[tokio::test]
async fn a_429_with_retry_after_and_a_500_are_retried() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(ResponseTemplate::new(500).set_body_string("{\"error\":\"oops\"}"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(ResponseTemplate::new(200).set_body_json(receipts(0, 2, 2)))
        .expect(1)
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    let t = std::time::Instant::now();
    let s = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap();
    assert!(t.elapsed() >= std::time::Duration::from_millis(950));
    assert_eq!((s.calls.retries, s.calls.throttled), (2, 1));
    assert_eq!(count(&store, "orders"), 2);
}

#[tokio::test]
async fn malformed_json_and_a_timeout_are_clear_api_errors() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"count\": 2, \"results\": [{\"receipt_id\": ",
            "application/json",
        ))
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let e = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Api);
    assert!(
        e.to_string().contains("etsy getShopReceipts")
            && e.to_string().contains("not what the API documents"),
        "{e}"
    );
    assert_eq!(count(&store, "orders"), 0);

    let slow = MockServer::start().await;
    mount_shop(&slow).await;
    Mock::given(path(format!("{SHOP}/receipts")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(receipts(0, 1, 1))
                .set_delay(std::time::Duration::from_secs(3)),
        )
        .expect(4)
        .mount(&slow)
        .await;
    let e = sync(
        &mut connector(&slow, &ks),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Api);
    assert!(
        e.to_string().contains("etsy getShopReceipts") && e.to_string().contains("timed out"),
        "{e}"
    );
}

#[tokio::test]
async fn an_interrupted_sync_resumes_at_the_failed_page_without_duplicates() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    let rp = format!("{SHOP}/receipts");
    for (offset, n) in [(0u64, 100u64), (100, 100)] {
        Mock::given(path(&rp))
            .and(query_param("offset", offset.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(receipts(offset, n, 250)))
            .expect(1)
            .mount(&server)
            .await;
    }
    // Page 3 fails every attempt of the first run.
    Mock::given(path(&rp))
        .and(query_param("offset", "200"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(4)
        .expect(4)
        .mount(&server)
        .await;
    Mock::given(path(&rp))
        .and(query_param("offset", "200"))
        .respond_with(ResponseTemplate::new(200).set_body_json(receipts(200, 50, 250)))
        .expect(1)
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let e = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("503"), "{e}");
    assert_eq!(count(&store, "orders"), 200);
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert!(s.resources[0].resumed);
    assert_eq!(s.resources[0].pages, 1);
    assert_eq!(count(&store, "orders"), 250);
    assert_eq!(count(&store, "order_lines"), 500);
    let distinct: i64 = store
        .conn()
        .query_row("SELECT COUNT(DISTINCT external_id) FROM orders", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(distinct, 250);
}

#[tokio::test]
async fn max_pages_stops_and_the_next_run_resumes() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_receipts(&server, "at-one").await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts(&[Resource::Orders]);
    o.max_pages = Some(2);
    let s = sync(&mut connector(&server, &ks), &mut store, &o, &NoProgress)
        .await
        .unwrap();
    assert!(!s.complete);
    assert_eq!(count(&store, "orders"), 200);
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert!(s.complete && s.resources[0].resumed);
    assert_eq!(count(&store, "orders"), 250);
    assert_eq!(count(&store, "order_lines"), 500);
}

#[tokio::test]
async fn the_shop_is_found_through_get_me_without_a_shop_id() {
    let server = MockServer::start().await;
    Mock::given(path("/v3/application/users/me"))
        .and(header("x-api-key", "kstr1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_id": 77, "shop_id": 5551234})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(SHOP))
        .and(header("x-api-key", "kstr1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "shop_id": 5551234, "shop_name": "BlueMugs", "currency_code": "EUR"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let ks = KeyStore::memory();
    for (k, v) in [
        ("api_key", "kstr1"),
        ("refresh_token", "r"),
        ("access_token", "a"),
    ] {
        ks.set(&format!("etsy.{k}"), v).unwrap();
    }
    let mut c = connector(&server, &ks);
    let shop = c.shop().await.unwrap();
    assert_eq!(shop.external_id, "5551234");
    assert_eq!(shop.currency.code(), "EUR");
}

#[tokio::test]
async fn a_403_asking_for_the_shared_secret_says_how_to_set_it() {
    let server = MockServer::start().await;
    Mock::given(path(SHOP))
        .and(header("x-api-key", "kstr1"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error": "Shared secret is required in x-api-key header."})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    ks.delete("etsy.shared_secret").unwrap();
    let e = connector(&server, &ks).shop().await.unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Config);
    let m = e.to_string();
    assert!(
        m.contains("etsy getShop") && m.contains("403") && m.contains("SELLKIT_ETSY_SHARED_SECRET"),
        "{m}"
    );
}
