//! Shopify connector against a loopback GraphQL mock whose answers follow the Admin API
//! 2026-01 schema (QueryRoot.productVariants, inventoryItems, orders, order; MoneyBag; PageInfo)
//! and carry `extensions.cost` as Shopify documents it.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
use crate::auth::{KeyStore, service};
use crate::marketplaces::api::{SyncOptions, sync, test_client_config};
use crate::progress::NoProgress;
use crate::store::Store;

pub(super) const GQL: &str = "/admin/api/2026-01/graphql.json";
pub(super) const NOW: &str = "2025-06-30T12:00:00Z";

pub(super) fn connector(server: &MockServer) -> ShopifyConnector {
    let ks = KeyStore::memory();
    ks.set("shopify.shop", "blue-mugs.myshopify.com").unwrap();
    ks.set("shopify.access_token", "shpat_test_0001").unwrap();
    let creds = Credentials::load(service("shopify").unwrap(), &BTreeMap::new(), &ks).unwrap();
    ShopifyConnector::new(
        ShopifyEndpoint {
            endpoint: format!("{}{GQL}", server.uri()),
            bucket: Bucket {
                rate: 1000.0,
                burst: 100,
            },
            client: test_client_config(),
        },
        &creds,
    )
    .unwrap()
}

/// `extensions.cost` with a full bucket of 2,000 points restoring 100 per second.
pub(super) fn cost(requested: f64, available: f64, restore: f64) -> Value {
    json!({"cost": {
        "requestedQueryCost": requested, "actualQueryCost": requested,
        "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": available, "restoreRate": restore}
    }})
}

pub(super) fn answer(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"data": data, "extensions": cost(10.0, 1990.0, 100.0)}))
}

fn money(amount: &str) -> Value {
    json!({"shopMoney": {"amount": amount, "currencyCode": "USD"}})
}

pub(super) async fn mount_shop(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(GQL))
        .and(header("x-shopify-access-token", "shpat_test_0001"))
        .and(body_string_contains("query Shop"))
        .respond_with(answer(json!({"shop": {
            "id": "gid://shopify/Shop/1", "name": "Blue Mugs", "currencyCode": "USD",
            "myshopifyDomain": "blue-mugs.myshopify.com"
        }})))
        .mount(server)
        .await;
}

fn line(id: u64, sku: Option<&str>, qty: i64, price: &str) -> Value {
    json!({
        "id": format!("gid://shopify/LineItem/{id}"), "sku": sku, "title": format!("Item {id}"),
        "quantity": qty, "originalUnitPriceSet": money(price),
        "variant": {"legacyResourceId": format!("{}", 40_000 + id)}
    })
}

fn order(n: u64, lines: Vec<Value>, more_lines: bool) -> Value {
    let mut o = json!({
        "id": format!("gid://shopify/Order/{}", 5_000 + n), "legacyResourceId": format!("{}", 5_000 + n),
        "name": format!("#{}", 1000 + n),
        "createdAt": "2025-06-01T10:00:00Z", "updatedAt": format!("2025-06-0{}T10:00:00-04:00", 1 + n % 5),
        "cancelledAt": null, "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "FULFILLED",
        "currencyCode": "USD",
        "shippingAddress": {"city": "Leeds", "provinceCode": "ENG", "zip": "LS1 4AP", "countryCodeV2": "GB"}
    });
    o["totalShippingPriceSet"] = money("4.99");
    o["totalTaxSet"] = money("3.00");
    o["totalDiscountsSet"] = money("1.5");
    o["lineItems"] = json!({
        "pageInfo": {"hasNextPage": more_lines, "endCursor": if more_lines { Some("lc1") } else { None }},
        "nodes": lines
    });
    o
}

pub(super) fn conn(nodes: Vec<Value>, next: Option<&str>) -> Value {
    json!({"pageInfo": {"hasNextPage": next.is_some(), "endCursor": next}, "nodes": nodes})
}

pub(super) fn opts(only: &[Resource]) -> SyncOptions {
    SyncOptions {
        only: only.to_vec(),
        now: NOW.into(),
        ..SyncOptions::default()
    }
}

pub(super) fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn shop_domains_are_normalised_or_refused() {
    assert_eq!(shop_domain("blue-mugs").unwrap(), "blue-mugs.myshopify.com");
    assert_eq!(
        shop_domain("https://Blue-Mugs.myshopify.com/").unwrap(),
        "blue-mugs.myshopify.com"
    );
    let e = shop_domain("blue mugs/../x").unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Config);
}

#[test]
fn the_throttle_waits_for_the_cost_to_be_restored() {
    let t = Throttle {
        available: 100.0,
        maximum: 1000.0,
        restore: 50.0,
        at: Instant::now(),
    };
    assert_eq!(t.wait_for(50.0), Duration::ZERO);
    let w = t.wait_for(300.0).as_secs_f64();
    assert!((3.9..=4.01).contains(&w), "{w}");
    // Dearer than the bucket: wait for a full bucket, not forever.
    let w = t.wait_for(5000.0).as_secs_f64();
    assert!((17.9..=18.01).contains(&w), "{w}");
}

#[tokio::test]
async fn everything_is_paged_to_the_end_and_requests_carry_token_and_cursors() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    // Variants: two pages.
    let v = |n: u64, sku: &str, opt: &str| {
        json!({
            "legacyResourceId": format!("{}", 40_000 + n), "sku": sku, "title": opt, "price": "19.5",
            "inventoryQuantity": 7, "updatedAt": "2025-06-01T00:00:00Z",
            "selectedOptions": [{"name": "Color", "value": opt}],
            "product": {"legacyResourceId": "900", "handle": "mug", "title": "Mug", "description": "A mug",
                        "status": "ACTIVE", "tags": ["mug"], "productType": "Kitchen", "onlineStoreUrl": null}
        })
    };
    Mock::given(body_string_contains("query Variants"))
        .and(body_partial_json(
            json!({"variables": {"first": 100, "after": null}}),
        ))
        .respond_with(answer(
            json!({"productVariants": conn(vec![v(1, "MUG-B", "Blue")], Some("v1"))}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Variants"))
        .and(body_partial_json(json!({"variables": {"after": "v1"}})))
        .respond_with(answer(
            json!({"productVariants": conn(vec![v(2, "MUG-R", "Red")], None)}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Inventory"))
        .and(body_partial_json(
            json!({"variables": {"first": 25, "levels": 10}}),
        ))
        .respond_with(answer(json!({"inventoryItems": conn(vec![
            json!({"sku": "MUG-B", "tracked": true, "inventoryLevels": conn(vec![
                json!({"quantities": [{"name": "on_hand", "quantity": 4}]}),
                json!({"quantities": [{"name": "on_hand", "quantity": 6}]}),
            ], None)}),
            json!({"sku": "GIFT", "tracked": false, "inventoryLevels": conn(vec![], None)}),
        ], None)})))
        .expect(1)
        .mount(&server)
        .await;
    // Orders: two pages; order 1 has more line items than the first query returns.
    Mock::given(body_string_contains("query Orders"))
        .and(body_partial_json(
            json!({"variables": {"after": null, "query": null, "first": 10, "lines": 10}}),
        ))
        .respond_with(answer(json!({"orders": conn(vec![
            order(1, vec![line(11, Some("MUG-B"), 2, "19.50")], true),
            order(2, vec![line(21, None, 1, "10.00")], false),
        ], Some("o1"))})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Orders"))
        .and(body_partial_json(json!({"variables": {"after": "o1"}})))
        .respond_with(answer(json!({"orders": conn(vec![
            order(3, vec![line(31, Some("MUG-R"), 3, "19.50")], false),
        ], None)})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query OrderLines"))
        .and(body_partial_json(
            json!({"variables": {"id": "gid://shopify/Order/5001", "after": "lc1"}}),
        ))
        .respond_with(answer(
            json!({"order": {"lineItems": conn(vec![line(12, Some("MUG-R"), 1, "19.50")], None)}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut c = connector(&server);
    let mut store = Store::open_in_memory().unwrap();
    // The ledger has its own tests (shopify/ledger/tests.rs).
    let catalogue = [Resource::Listings, Resource::Inventory, Resource::Orders];
    let s = sync(&mut c, &mut store, &opts(&catalogue), &NoProgress)
        .await
        .unwrap();
    assert!(s.complete);
    let pages: Vec<(Resource, u64)> = s.resources.iter().map(|r| (r.resource, r.pages)).collect();
    assert_eq!(
        pages,
        vec![
            (Resource::Listings, 2),
            (Resource::Inventory, 1),
            (Resource::Orders, 2)
        ]
    );
    assert_eq!(s.calls.calls, 7);
    assert_eq!(
        s.calls.quota.as_deref(),
        Some("1990 of 2000 query cost points available (100 restored per second)")
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM listings"), 2);
    assert_eq!(
        count(
            &store,
            "SELECT price_minor FROM listings WHERE external_id = 'mug/Red'"
        ),
        1950
    );
    assert_eq!(
        count(&store, "SELECT on_hand FROM inventory WHERE sku = 'MUG-B'"),
        10
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM inventory WHERE sku = 'GIFT'"),
        0
    );
    assert_eq!(count(&store, "SELECT COUNT(*) FROM orders"), 3);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM order_lines"), 4);
    assert_eq!(
        count(
            &store,
            "SELECT COUNT(*) FROM order_lines WHERE sku = 'shopify:40021'"
        ),
        1
    );
    // Order 5001: lines 2 x 19.50 and 1 x 19.50; shipping 4.99, tax 3.00, discount 1.50 shared.
    let (ship, tax, disc): (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT SUM(shipping_minor), SUM(tax_minor), SUM(discount_minor) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '5001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((ship, tax, disc), (499, 300, 150));
    let (status, country, region, updated): (String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT status, ship_country, ship_region, updated_at FROM orders WHERE external_id = '5001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            status.as_str(),
            country.as_str(),
            region.as_str(),
            updated.as_str()
        ),
        ("shipped", "GB", "ENG", "2025-06-02T14:00:00Z")
    );

    // The next run filters orders by the newest updatedAt seen (order 3: 2025-06-04 14:00 UTC).
    let inc = MockServer::start().await;
    mount_shop(&inc).await;
    Mock::given(body_string_contains("query Orders"))
        .and(body_partial_json(
            json!({"variables": {"query": "updated_at:>='2025-06-04T14:00:00Z'"}}),
        ))
        .respond_with(answer(json!({"orders": conn(vec![], None)})))
        .expect(1)
        .mount(&inc)
        .await;
    let s = sync(
        &mut connector(&inc),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.resources[0].pages, 1);
}

#[tokio::test]
async fn the_throttle_status_of_each_answer_paces_the_next_query() {
    let server = MockServer::start().await;
    // The shop query leaves 5 points, restoring 400/s; the orders query costs 205 points, so it
    // must wait about half a second.
    Mock::given(body_string_contains("query Shop"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"shop": {"name": "Blue Mugs", "currencyCode": "USD", "myshopifyDomain": "blue-mugs.myshopify.com"}},
            "extensions": cost(1.0, 5.0, 400.0)
        })))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"orders": conn(vec![], None)},
            "extensions": cost(205.0, 1795.0, 400.0)
        })))
        .expect(2)
        .mount(&server)
        .await;
    let mut c = connector(&server);
    let shop = c.shop().await.unwrap();
    c.costs.insert("orders", 205.0);
    let t = Instant::now();
    c.pull(&shop, Resource::Orders, None, None).await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(450),
        "{:?}",
        t.elapsed()
    );
    assert!(c.waited >= Duration::from_millis(450), "{:?}", c.waited);
    // Now the bucket is nearly full: no wait.
    let t = Instant::now();
    c.pull(&shop, Resource::Orders, None, None).await.unwrap();
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn a_throttled_error_with_http_200_is_waited_out_and_retried() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(body_string_contains("query Orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
            "extensions": {"cost": {"requestedQueryCost": 300, "actualQueryCost": null,
                "throttleStatus": {"maximumAvailable": 2000.0, "currentlyAvailable": 120.0, "restoreRate": 1000.0}}}
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Orders"))
        .respond_with(answer(json!({"orders": conn(vec![order(1, vec![line(11, Some("MUG-B"), 1, "5")], false)], None)})))
        .expect(1)
        .mount(&server)
        .await;
    let mut c = connector(&server);
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(&mut c, &mut store, &opts(&[Resource::Orders]), &NoProgress)
        .await
        .unwrap();
    assert_eq!((s.calls.throttled, s.calls.retries), (1, 1));
    // (300 - 120) / 1000 s.
    assert!(c.waited >= Duration::from_millis(170), "{:?}", c.waited);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM orders"), 1);
}

#[tokio::test]
async fn endless_throttling_and_graphql_errors_are_api_errors() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(body_string_contains("query Orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
            "extensions": cost(10.0, 1990.0, 1000.0)
        })))
        .expect(4)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Variants"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errors": [{"message": "Access denied for productVariants field. Required access: `read_products` access scope.",
                        "extensions": {"code": "ACCESS_DENIED"}}],
            "data": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let e = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Api);
    assert!(e.to_string().contains("shopify orders: THROTTLED"), "{e}");
    let e = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Listings]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("ACCESS_DENIED") && e.to_string().contains("read_products"),
        "{e}"
    );
}

#[tokio::test]
async fn a_429_is_retried_and_malformed_json_fails() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(body_string_contains("query Inventory"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0.2"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Inventory"))
        .and(body_partial_json(
            json!({"variables": {"first": 25, "levels": 10}}),
        ))
        .respond_with(answer(json!({"inventoryItems": conn(vec![], None)})))
        .mount(&server)
        .await;
    Mock::given(body_string_contains("query Orders"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"))
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Inventory]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.calls.throttled, 1);
    let e = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Orders]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("shopify orders")
            && e.to_string().contains("not what the API documents"),
        "{e}"
    );
}
