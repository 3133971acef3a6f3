//! eBay and Amazon SP-API connectors against loopback mock servers (wiremock) whose answers
//! follow the published contracts (eBay OpenAPI 3 schemas; the SP-API models' sandbox
//! examples), checking the requests too: paths, query, headers and bodies.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{
    body_partial_json, body_string_contains, header, method, path, path_regex, query_param,
};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use sellkit::auth::{Credentials, KeyStore, service};
use sellkit::error::ErrorKind;
use sellkit::marketplaces::api::amazon::{
    self, AmazonConnector, AmazonEndpoint, ReportKind, backfill_report,
};
use sellkit::marketplaces::api::ebay::{EbayConnector, EbayEndpoint};
use sellkit::marketplaces::api::{ClientConfig, Resource, SyncOptions, sync};
use sellkit::progress::NoProgress;
use sellkit::store::Store;

const NOW: &str = "2025-06-30T12:00:00Z";

fn now() -> jiff::Timestamp {
    NOW.parse().unwrap()
}

fn fast() -> ClientConfig {
    ClientConfig {
        timeout: Duration::from_secs(5),
        max_retries: 3,
        min_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
    }
}

fn opts() -> SyncOptions {
    SyncOptions {
        now: NOW.into(),
        ..SyncOptions::default()
    }
}

// Secrets distinctive enough to find anywhere they leak.
const EBAY_ID: &str = "SellerApp-PRD-0123456789-leakcheck";
const EBAY_SECRET: &str = "PRD-cert-secret-leakcheck";
const EBAY_REFRESH: &str = "v^1.1#i^1#refresh-leakcheck";
const EBAY_ACCESS: &str = "v^1.1#i^1#access-leakcheck";
const EBAY_APP: &str = "v^1.1#i^1#app-token-leakcheck";
const AMZ_ID: &str = "amzn1.application-oa2-client.leakcheck";
const AMZ_SECRET: &str = "amzn1.oa2-cs.v1.secret-leakcheck";
const AMZ_REFRESH: &str = "Atzr|refresh-leakcheck";
const AMZ_ACCESS: &str = "Atza|access-leakcheck";

fn secrets() -> [&'static str; 9] {
    [
        EBAY_ID,
        EBAY_SECRET,
        EBAY_REFRESH,
        EBAY_ACCESS,
        EBAY_APP,
        AMZ_ID,
        AMZ_SECRET,
        AMZ_REFRESH,
        AMZ_ACCESS,
    ]
}

fn creds(name: &str, pairs: &[(&str, &str)]) -> Credentials {
    let store = KeyStore::memory();
    for (k, v) in pairs {
        store.set(&format!("{name}.{k}"), v).unwrap();
    }
    Credentials::load(service(name).unwrap(), &BTreeMap::new(), &store).unwrap()
}

fn ebay_creds() -> Credentials {
    creds(
        "ebay",
        &[
            ("client_id", EBAY_ID),
            ("client_secret", EBAY_SECRET),
            ("refresh_token", EBAY_REFRESH),
        ],
    )
}

fn amazon_creds() -> Credentials {
    creds(
        "amazon",
        &[
            ("client_id", AMZ_ID),
            ("client_secret", AMZ_SECRET),
            ("refresh_token", AMZ_REFRESH),
            ("seller_id", "A2SELLER0TEST"),
        ],
    )
}

fn ebay(server: &MockServer) -> EbayConnector {
    let mut cfg = EbayEndpoint::new(&server.uri());
    cfg.page_size = 2;
    cfg.rate_limits = false;
    EbayConnector::new(cfg, ebay_creds(), now(), fast()).unwrap()
}

fn amazon_cfg(server: &MockServer) -> AmazonEndpoint {
    let mut cfg = AmazonEndpoint::new(&server.uri(), "ATVPDKIKX0DER");
    cfg.token_url = format!("{}/auth/o2/token", server.uri());
    cfg.page_size = 2;
    cfg.rate_limits = false;
    cfg.report_poll = Duration::from_millis(10);
    cfg
}

fn amazon(server: &MockServer) -> AmazonConnector {
    AmazonConnector::new(amazon_cfg(server), amazon_creds(), now(), fast()).unwrap()
}

// ---------------------------------------------------------------- eBay

/// The user-token refresh eBay documents: Basic client auth, refresh token and the sell scopes.
async fn mount_ebay_token(server: &MockServer, expect: u64) {
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(header(
            "authorization",
            format!(
                "Basic {}",
                base64_encode(&format!("{EBAY_ID}:{EBAY_SECRET}"))
            )
            .as_str(),
        ))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("sell.fulfillment"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": EBAY_ACCESS, "expires_in": 7200, "token_type": "User Access Token"
        })))
        .expect(expect)
        .mount(server)
        .await;
}

fn base64_encode(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// An order as getOrders returns it (Order schema of sell_fulfillment_v1).
fn ebay_order(id: &str, modified: &str, city: &str, lines: &[(&str, &str, i64, &str)]) -> Value {
    let items: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, (sku, title, qty, cost))| {
            json!({
                "lineItemId": format!("{id}-{i}"),
                "legacyItemId": "110551234567",
                "sku": sku,
                "title": title,
                "quantity": qty,
                "lineItemCost": {"value": cost, "currency": "USD"},
                "total": {"value": cost, "currency": "USD"},
                "deliveryCost": {"shippingCost": {"value": "0.0", "currency": "USD"}},
                "lineItemFulfillmentStatus": "FULFILLED",
                "soldFormat": "FIXED_PRICE",
                "listingMarketplaceId": "EBAY_US",
                "purchaseMarketplaceId": "EBAY_US",
                "taxes": []
            })
        })
        .collect();
    json!({
        "orderId": id,
        "legacyOrderId": format!("{id}-legacy"),
        "creationDate": "2025-06-01T09:30:12.000Z",
        "lastModifiedDate": modified,
        "orderFulfillmentStatus": "FULFILLED",
        "orderPaymentStatus": "PAID",
        "sellerId": "seller_one",
        "buyer": {"username": "buyer_1"},
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "pricingSummary": {
            "priceSubtotal": {"value": "30.00", "currency": "USD"},
            "deliveryCost": {"value": "4.99", "currency": "USD"},
            "priceDiscount": {"value": "-1.00", "currency": "USD"},
            "tax": {"value": "2.40", "currency": "USD"},
            "total": {"value": "36.39", "currency": "USD"}
        },
        "totalMarketplaceFee": {"value": "4.27", "currency": "USD"},
        "fulfillmentStartInstructions": [{
            "fulfillmentInstructionsType": "SHIP_TO",
            "ebaySupportedFulfillment": false,
            "shippingStep": {
                "shippingCarrierCode": "USPS",
                "shipTo": {
                    "fullName": "Pat Buyer",
                    "contactAddress": {
                        "addressLine1": "1 Main St", "city": city,
                        "stateOrProvince": "TX", "postalCode": "78701", "countryCode": "US"
                    },
                    "primaryPhone": {"phoneNumber": "5125550100"}
                }
            }
        }],
        "lineItems": items
    })
}

#[tokio::test]
async fn ebay_orders_paginate_to_the_end_with_ship_to_and_allocated_amounts() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    let filter = "lastmodifieddate:[2025-06-01T00:00:00Z..]";
    let next =
        format!("https://api.ebay.com/sell/fulfillment/v1/order?filter={filter}&limit=2&offset=2");
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .and(query_param("filter", filter))
        .and(query_param("limit", "2"))
        .and(query_param("offset", "0"))
        .and(header(
            "authorization",
            format!("Bearer {EBAY_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "href": "https://api.ebay.com/sell/fulfillment/v1/order?limit=2&offset=0",
            "limit": 2, "offset": 0, "total": 3, "next": next,
            "orders": [
                ebay_order("01-00001-00001", "2025-06-02T10:00:00.000Z", "Austin",
                    &[("MUG-BLUE", "Blue mug", 2, "20.00"), ("MUG-RED", "Red mug", 1, "10.00")]),
                ebay_order("01-00002-00002", "2025-06-05T08:00:00.000Z", "Dallas",
                    &[("MUG-BLUE", "Blue mug", 3, "30.00")]),
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .and(query_param("offset", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 2, "offset": 2, "total": 3,
            "orders": [ebay_order("01-00003-00003", "2025-06-03T10:00:00.000Z", "Houston",
                &[("TOTE", "Tote bag", 1, "30.00")])]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.since = Some("2025-06-01T00:00:00Z".into());
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(s.resources[0].pages, 2);
    assert_eq!(s.resources[0].counts.orders, 3);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        3
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM order_lines"),
        4
    );
    let (city, region, postal, country, status): (String, String, String, String, String) = store
        .conn()
        .query_row(
            "SELECT ship_city, ship_region, ship_postal_code, ship_country, status FROM orders WHERE external_id = '01-00001-00001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (
            city.as_str(),
            region.as_str(),
            postal.as_str(),
            country.as_str(),
            status.as_str()
        ),
        ("Austin", "TX", "78701", "US", "shipped")
    );
    // Order-level amounts shared over lines by value (20.00 : 10.00), summing exactly.
    let sums: (i64, i64, i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT SUM(quantity * unit_price_minor), SUM(shipping_minor), SUM(tax_minor), SUM(discount_minor), SUM(fees_minor)
             FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.external_id = '01-00001-00001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(sums, (3000, 499, 240, 100, 427));
    let blue_fee: i64 = crate::common::count(
        store.conn(),
        "SELECT fees_minor FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.external_id = '01-00001-00001' AND l.sku = 'MUG-BLUE'",
    );
    assert_eq!(blue_fee, 285);
    // The next run starts at the newest change seen.
    let cursor: String = store
        .conn()
        .query_row(
            "SELECT cursor FROM sync_cursors WHERE resource = 'orders'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let cursor: Value = serde_json::from_str(&cursor).unwrap();
    assert_eq!(cursor["since"], "2025-06-05T08:00:00Z");
    assert_eq!(cursor["in_progress"], false);
}

#[tokio::test]
async fn ebay_listings_inventory_and_browse_offers() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    let items = json!({
        "href": "https://api.ebay.com/sell/inventory/v1/inventory_item?limit=2&offset=0",
        "limit": 2, "size": 2, "total": 2,
        "inventoryItems": [
            {"sku": "MUG-BLUE", "locale": "en_US", "condition": "NEW",
             "availability": {"shipToLocationAvailability": {"quantity": 14}},
             "product": {"title": "Blue stoneware mug 12 oz", "description": "Hand-glazed.",
                         "aspects": {"Color": ["Blue"]}, "imageUrls": []},
             "packageWeightAndSize": {"weight": {"unit": "POUND", "value": 1.0}}},
            {"sku": "TOTE", "locale": "en_US", "condition": "NEW",
             "availability": {"shipToLocationAvailability": {"quantity": 0}},
             "product": {"title": "Linen tote"}}
        ]
    });
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/inventory_item"))
        .and(query_param("offset", "0"))
        .and(header(
            "authorization",
            format!("Bearer {EBAY_ACCESS}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(items))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/offer"))
        .and(query_param("sku", "MUG-BLUE"))
        .and(query_param("marketplace_id", "EBAY_US"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 100, "size": 1, "total": 1,
            "offers": [{
                "offerId": "5005317010", "sku": "MUG-BLUE", "marketplaceId": "EBAY_US",
                "format": "FIXED_PRICE", "availableQuantity": 14, "categoryId": "20625",
                "listingDescription": "Hand-glazed stoneware.",
                "listing": {"listingId": "110551234567", "listingStatus": "ACTIVE", "soldQuantity": 3},
                "pricingSummary": {"price": {"value": "18.50", "currency": "USD"}},
                "status": "PUBLISHED"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    // An item without an offer: eBay answers 404 (errorId 25713).
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/offer"))
        .and(query_param("sku", "TOTE"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "errors": [{"errorId": 25713, "domain": "API_INVENTORY", "category": "REQUEST",
                        "message": "This Offer is not available."}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    // Browse: application token by client credentials, the marketplace header, one search
    // per title.
    Mock::given(method("POST"))
        .and(path("/identity/v1/oauth2/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains(
            "scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": EBAY_APP, "expires_in": 7200, "token_type": "Application Access Token"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/buy/browse/v1/item_summary/search"))
        .and(query_param("q", "Blue stoneware mug 12 oz"))
        .and(header("authorization", format!("Bearer {EBAY_APP}").as_str()))
        .and(header("x-ebay-c-marketplace-id", "EBAY_US"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "href": "https://api.ebay.com/buy/browse/v1/item_summary/search?q=mug&limit=2&offset=0",
            "total": 2, "limit": 2, "offset": 0,
            "itemSummaries": [
                {"itemId": "v1|2200|0", "title": "Blue mug <b>SALE</b>",
                 "price": {"value": "16.99", "currency": "USD"},
                 "seller": {"username": "potter_42", "feedbackPercentage": "99.5", "feedbackScore": 1200},
                 "shippingOptions": [{"shippingCostType": "FIXED", "shippingCost": {"value": "3.50", "currency": "USD"}}],
                 "buyingOptions": ["FIXED_PRICE"], "itemWebUrl": "https://www.ebay.com/itm/2200"},
                {"itemId": "v1|110551234567|0", "legacyItemId": "110551234567",
                 "title": "Blue stoneware mug 12 oz (our own listing)",
                 "price": {"value": "18.50", "currency": "USD"}, "seller": {"username": "seller_one"}},
                {"itemId": "v1|2201|0", "title": "Mug",
                 "price": {"value": "21.00", "currency": "USD"},
                 "seller": {"username": "clayworks"}, "shippingOptions": []}
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/buy/browse/v1/item_summary/search"))
        .and(query_param("q", "Linen tote"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total": 0, "itemSummaries": []})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Listings, Resource::Offers];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    let (ext, price, qty, state, url): (String, i64, i64, String, String) = store
        .conn()
        .query_row(
            "SELECT external_id, price_minor, quantity, state, url FROM listings WHERE sku = 'MUG-BLUE'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (ext.as_str(), price, qty, state.as_str()),
        ("110551234567", 1850, 14, "active")
    );
    assert!(url.ends_with("/itm/110551234567"));
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM listings"),
        1
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT on_hand FROM inventory WHERE sku = 'TOTE' AND location = 'ebay'"
        ),
        0
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT weight_g FROM products WHERE sku = 'MUG-BLUE'"
        ),
        454
    );
    let offers: Vec<(String, String, i64, i64)> = store
        .conn()
        .prepare("SELECT sku, seller, price_minor, shipping_minor FROM offers ORDER BY price_minor")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        offers,
        vec![
            ("MUG-BLUE".into(), "potter_42".into(), 1699, 350),
            ("MUG-BLUE".into(), "clayworks".into(), 2100, 0)
        ]
    );
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let server = MockServer::start().await;
    // A stored access token that looks valid but was revoked.
    let c = creds(
        "ebay",
        &[
            ("client_id", EBAY_ID),
            ("client_secret", EBAY_SECRET),
            ("refresh_token", EBAY_REFRESH),
            ("access_token", "revoked-token"),
            ("access_token_expires_at", "2025-06-30T13:00:00Z"),
        ],
    );
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .and(header("authorization", "Bearer revoked-token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "errors": [{"errorId": 1001, "domain": "OAuth", "category": "REQUEST",
                        "message": "Invalid access token"}]
        })))
        .expect(1)
        .mount(&server)
        .await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .and(header("authorization", format!("Bearer {EBAY_ACCESS}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1, "limit": 2, "offset": 0,
            "orders": [ebay_order("09-1", "2025-06-02T10:00:00.000Z", "Austin", &[("MUG-BLUE", "Blue mug", 1, "10.00")])]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut cfg = EbayEndpoint::new(&server.uri());
    cfg.rate_limits = false;
    cfg.page_size = 2;
    let mut conn = EbayConnector::new(cfg, c, now(), fast()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(conn.refreshes(), 1);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        1
    );
}

#[tokio::test]
async fn a_second_401_is_an_api_error_naming_the_operation() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 2).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert!(
        e.to_string().contains("ebay getOrders") && e.to_string().contains("401"),
        "{e}"
    );
}

#[tokio::test]
async fn a_500_then_success_is_retried() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({
            "errors": [{"errorId": 30500, "category": "APPLICATION", "message": "System error"}]
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1, "orders": [ebay_order("02-1", "2025-06-02T10:00:00.000Z", "Austin", &[("MUG-BLUE", "Blue mug", 1, "10.00")])]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(s.calls.retries, 1);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        1
    );
}

#[tokio::test]
async fn malformed_json_is_an_api_error_and_a_bad_amount_is_quarantined() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"orders\": [{\"orderId\": "))
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    let m = e.to_string();
    assert!(
        m.contains("ebay getOrders") && m.contains("not what the API documents"),
        "{m}"
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        0
    );
    // A well-formed answer with a bad amount names the order and the field.
    let server2 = MockServer::start().await;
    mount_ebay_token(&server2, 1).await;
    let mut bad = ebay_order(
        "03-1",
        "2025-06-02T10:00:00.000Z",
        "Austin",
        &[("MUG-BLUE", "Blue mug", 1, "10.00")],
    );
    bad["pricingSummary"]["tax"]["value"] = json!("2.4x");
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"orders": [bad]})))
        .mount(&server2)
        .await;
    // It is quarantined (the sync goes on), its reason naming the order and the field.
    let mut conn = ebay(&server2);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(s.records_rejected, 1);
    assert_eq!(s.pages_over_reject_share.len(), 1);
    let reason: String = store
        .conn()
        .query_row("SELECT reason FROM sync_rejects", [], |r| r.get(0))
        .unwrap();
    assert!(
        reason.contains("order 03-1") && reason.contains("pricingSummary.tax"),
        "{reason}"
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        0
    );
}

// ---------------------------------------------------------------- Amazon

async fn mount_lwa(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/auth/o2/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains(
            "client_id=amzn1.application-oa2-client.leakcheck",
        ))
        .and(body_string_contains("client_secret="))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": AMZ_ACCESS, "token_type": "bearer", "expires_in": 3600,
            "refresh_token": AMZ_REFRESH
        })))
        .mount(server)
        .await;
}

/// An order as getOrders returns it (Order of ordersV0; shape of the sandbox example).
fn amz_order(id: &str, updated: &str) -> Value {
    json!({
        "AmazonOrderId": id,
        "PurchaseDate": "2025-06-10T03:58:30Z",
        "LastUpdateDate": updated,
        "OrderStatus": "Shipped",
        "FulfillmentChannel": "MFN",
        "SalesChannel": "Amazon.com",
        "ShipServiceLevel": "Std US D2D Dom",
        "OrderTotal": {"CurrencyCode": "USD", "Amount": "11.01"},
        "NumberOfItemsShipped": 1,
        "NumberOfItemsUnshipped": 0,
        "PaymentMethod": "Other",
        "MarketplaceId": "ATVPDKIKX0DER",
        "ShipmentServiceLevelCategory": "Standard",
        "OrderType": "StandardOrder",
        "IsBusinessOrder": false,
        "IsPrime": false,
        "IsPremiumOrder": false,
        "ShippingAddress": {"City": "SEATTLE", "StateOrRegion": "WA", "PostalCode": "98121-2778", "CountryCode": "US"}
    })
}

async fn mount_items(server: &MockServer, id: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/orders/v0/orders/{id}/orderItems")))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "AmazonOrderId": id,
            "OrderItems": [{
                "ASIN": "B00551Q3CS", "OrderItemId": format!("{id}-1"), "SellerSKU": "CARD-BOOK",
                "Title": "Card Book", "QuantityOrdered": 1, "QuantityShipped": 1,
                "ProductInfo": {"NumberOfItems": "1"},
                "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"},
                "ItemTax": {"CurrencyCode": "USD", "Amount": "1.01"},
                "PromotionDiscount": {"CurrencyCode": "USD", "Amount": "0.00"},
                "IsGift": "false", "ConditionId": "New"
            }]
        }})))
        .mount(server)
        .await;
}

/// Three pages of orders: two, two and one.
async fn mount_amazon_orders(server: &MockServer) {
    let ids = [
        "902-0000001",
        "902-0000002",
        "902-0000003",
        "902-0000004",
        "902-0000005",
    ];
    for id in ids {
        mount_items(server, id).await;
    }
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .and(query_param("MarketplaceIds", "ATVPDKIKX0DER"))
        .and(query_param("LastUpdatedAfter", "2023-07-02T12:00:00Z"))
        .and(query_param("MaxResultsPerPage", "2"))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order(ids[0], "2025-06-10T04:00:00Z"), amz_order(ids[1], "2025-06-11T04:00:00Z")],
            "NextToken": "page-2-token", "CreatedBefore": "2025-06-30T11:58:00Z"
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .and(query_param("NextToken", "page-2-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order(ids[2], "2025-06-12T04:00:00Z"), amz_order(ids[3], "2025-06-13T04:00:00Z")],
            "NextToken": "page-3-token"
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .and(query_param("NextToken", "page-3-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order(ids[4], "2025-06-14T04:00:00Z")]
        }})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn amazon_interrupted_sync_resumes_without_duplicates() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    mount_amazon_orders(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    o.max_pages = Some(2);
    let mut conn = amazon(&server);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(!s.complete);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        4
    );
    let requests_before = server.received_requests().await.unwrap().len();

    // A new process resumes at page 3, not at page 1.
    o.max_pages = None;
    let mut conn = amazon(&server);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete && s.resources[0].resumed);
    assert_eq!(s.resources[0].pages, 1);
    let after: Vec<Request> = server.received_requests().await.unwrap()[requests_before..].to_vec();
    let order_calls: Vec<&Request> = after
        .iter()
        .filter(|r| r.url.path() == "/orders/v0/orders")
        .collect();
    assert_eq!(order_calls.len(), 1);
    assert!(
        order_calls[0]
            .url
            .query()
            .unwrap()
            .contains("NextToken=page-3-token")
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        5
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM order_lines"),
        5
    );

    // Pulling everything again leaves one copy of each.
    o.full = true;
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        5
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM order_lines"),
        5
    );
    let (city, tax, total): (String, i64, i64) = store
        .conn()
        .query_row(
            "SELECT o.ship_city, l.tax_minor, l.quantity * l.unit_price_minor FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.external_id = '902-0000005'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((city.as_str(), tax, total), ("SEATTLE", 101, 1000));
}

#[tokio::test]
async fn amazon_429_with_retry_after_is_waited_out() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .insert_header("x-amzn-RateLimit-Limit", "0.0167")
                .set_body_json(json!({"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}]})),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-amzn-RateLimit-Limit", "0.0167")
                .set_body_json(json!({"payload": {"Orders": []}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let t = std::time::Instant::now();
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(s.calls.throttled, 1);
    assert_eq!(
        s.calls.quota.as_deref(),
        Some("amazon: 0.0167 requests/s allowed for the last operation")
    );
}

#[tokio::test]
async fn amazon_timeout_is_retried_then_reported() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({"payload": {"Orders": []}})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let mut cfg = fast();
    cfg.timeout = Duration::from_millis(200);
    cfg.max_retries = 1;
    let mut conn = AmazonConnector::new(amazon_cfg(&server), amazon_creds(), now(), cfg).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert!(
        e.to_string().contains("amazon getOrders") && e.to_string().contains("timed out"),
        "{e}"
    );
}

#[tokio::test]
async fn amazon_listings_fba_inventory_offers_and_fee_estimates() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    let listing = |sku: &str, asin: &str, price: &str, qty: i64| {
        json!({
            "sku": sku,
            "summaries": [{"marketplaceId": "ATVPDKIKX0DER", "asin": asin, "productType": "LUGGAGE",
                "conditionType": "new_new", "status": ["BUYABLE"],
                "itemName": format!("{sku} suitcase"),
                "createdDate": "2021-02-01T00:00:00Z", "lastUpdatedDate": "2025-06-20T00:00:00Z"}],
            "offers": [{"marketplaceId": "ATVPDKIKX0DER", "offerType": "B2C",
                "price": {"currencyCode": "USD", "amount": price}}],
            "fulfillmentAvailability": [{"fulfillmentChannelCode": "DEFAULT", "quantity": qty}]
        })
    };
    let page = json!({"numberOfResults": 2, "items": [
        listing("GM-ZDPI-9B4E", "B071VG5N9D", "100.00", 100),
        listing("HW-ZDPI-9B4E", "B071VG5N9E", "59.99", 4),
    ]});
    Mock::given(method("GET"))
        .and(path("/listings/2021-08-01/items/A2SELLER0TEST"))
        .and(query_param("marketplaceIds", "ATVPDKIKX0DER"))
        .and(query_param(
            "includedData",
            "summaries,offers,fulfillmentAvailability",
        ))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .and(query_param("granularityType", "Marketplace"))
        .and(query_param("granularityId", "ATVPDKIKX0DER"))
        .and(query_param("details", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"nextToken": "inv-2"},
            "payload": {"granularity": {"granularityType": "Marketplace", "granularityId": "ATVPDKIKX0DER"},
                "inventorySummaries": [{"asin": "B071VG5N9D", "fnSku": "X0001", "sellerSku": "GM-ZDPI-9B4E",
                    "condition": "NewItem", "lastUpdatedTime": "2025-06-21T00:00:00Z", "productName": "Suitcase",
                    "totalQuantity": 57,
                    "inventoryDetails": {"fulfillableQuantity": 40, "inboundWorkingQuantity": 5,
                        "inboundShippedQuantity": 6, "inboundReceivingQuantity": 1,
                        "reservedQuantity": {"totalReservedQuantity": 5, "pendingCustomerOrderQuantity": 3,
                            "pendingTransshipmentQuantity": 1, "fcProcessingQuantity": 1}}}]}
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .and(query_param("nextToken", "inv-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "payload": {"inventorySummaries": [{"sellerSku": "HW-ZDPI-9B4E", "totalQuantity": 0,
                "inventoryDetails": {"fulfillableQuantity": 0}}]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/products/pricing/v0/items/B071VG5N9[DE]/offers$"))
        .and(query_param("MarketplaceId", "ATVPDKIKX0DER"))
        .and(query_param("ItemCondition", "New"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "ASIN": "B071VG5N9D", "status": "Success", "ItemCondition": "New",
            "Identifier": {"MarketplaceId": "ATVPDKIKX0DER", "ItemCondition": "New", "ASIN": "B071VG5N9D"},
            "Summary": {"TotalOfferCount": 2},
            "Offers": [
                {"Shipping": {"CurrencyCode": "USD", "Amount": 0.0},
                 "ListingPrice": {"CurrencyCode": "USD", "Amount": 97.49},
                 "SubCondition": "new", "IsFeaturedMerchant": true, "SellerId": "AXXXXXXXXXXXXX",
                 "IsBuyBoxWinner": true, "IsFulfilledByAmazon": true},
                {"Shipping": {"CurrencyCode": "USD", "Amount": 5.99},
                 "ListingPrice": {"CurrencyCode": "USD", "Amount": 89.0},
                 "SubCondition": "new", "SellerId": "AYYYYYYYYYYYYY", "IsFulfilledByAmazon": false}
            ]
        }})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/products/fees/v0/feesEstimate"))
        .and(body_partial_json(json!([
            {"IdType": "SellerSKU", "IdValue": "GM-ZDPI-9B4E",
             "FeesEstimateRequest": {"MarketplaceId": "ATVPDKIKX0DER",
                "PriceToEstimateFees": {"ListingPrice": {"CurrencyCode": "USD", "Amount": 100.0}}}},
            {"IdType": "SellerSKU", "IdValue": "HW-ZDPI-9B4E"}
        ])))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"Status": "Success",
             "FeesEstimateIdentifier": {"MarketplaceId": "ATVPDKIKX0DER", "IdType": "SellerSKU", "IdValue": "GM-ZDPI-9B4E", "SellerInputIdentifier": "sellkit-0"},
             "FeesEstimate": {"TimeOfFeesEstimation": "Mon Oct 28 18:49:32 UTC 2019",
                "TotalFeesEstimate": {"CurrencyCode": "USD", "Amount": 15.3}, "FeeDetailList": []}},
            {"Status": "ClientError",
             "FeesEstimateIdentifier": {"IdType": "SellerSKU", "IdValue": "HW-ZDPI-9B4E"},
             "Error": {"Type": "Sender", "Code": "InvalidParameterValue", "Message": "x", "Detail": []}}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Listings, Resource::Inventory, Resource::Offers];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM listings"),
        2
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT price_minor FROM listings WHERE sku = 'HW-ZDPI-9B4E'"
        ),
        5999
    );
    let fba: (i64, i64, i64) = store
        .conn()
        .query_row(
            "SELECT on_hand, reserved, inbound FROM inventory WHERE sku = 'GM-ZDPI-9B4E' AND location = 'amazon-fba'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(fba, (40, 5, 12));
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT on_hand FROM inventory WHERE sku = 'HW-ZDPI-9B4E' AND location = 'amazon'"
        ),
        4
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM offers"),
        4
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT price_minor + shipping_minor FROM offers WHERE is_featured = 1 AND sku = 'GM-ZDPI-9B4E'"
        ),
        9749
    );
    let fee: f64 = store
        .conn()
        .query_row(
            "SELECT value FROM trend_signals WHERE term = 'GM-ZDPI-9B4E' AND source = 'amazon-fees'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fee, 1530.0);
}

#[tokio::test]
async fn an_expired_inventory_token_on_resume_starts_the_summaries_again() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    let summary = |sku: &str| json!({"sellerSku": sku, "totalQuantity": 3, "inventoryDetails": {"fulfillableQuantity": 3}});
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .and(query_param("nextToken", "inv-2"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errors": [{"code": "InvalidInput", "message": "Invalid nextToken"}]
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .and(query_param("nextToken", "inv-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "payload": {"inventorySummaries": [summary("B")]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "pagination": {"nextToken": "inv-2"},
            "payload": {"inventorySummaries": [summary("A")]}
        })))
        .expect(2)
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Inventory];
    o.max_pages = Some(1);
    let mut conn = amazon(&server);
    assert!(
        !sync(&mut conn, &mut store, &o, &NoProgress)
            .await
            .unwrap()
            .complete
    );
    o.max_pages = None;
    let mut conn = amazon(&server);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT COUNT(*) FROM inventory WHERE location = 'amazon-fba'"
        ),
        2
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

async fn mount_report(server: &MockServer, document: Vec<u8>, compression: Option<&str>) {
    mount_report_from(server, document, compression, "2025-01-01T00:00:00Z").await;
}

async fn mount_report_from(
    server: &MockServer,
    document: Vec<u8>,
    compression: Option<&str>,
    start: &str,
) {
    Mock::given(method("POST"))
        .and(path("/reports/2021-06-30/reports"))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .and(body_partial_json(json!({
            "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "marketplaceIds": ["ATVPDKIKX0DER"],
            "dataStartTime": start
        })))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"reportId": "ID323"})))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/2021-06-30/reports/ID323"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "reportId": "ID323", "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "createdTime": "2025-06-30T11:59:00Z", "processingStatus": "IN_QUEUE"
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/reports/2021-06-30/reports/ID323"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "reportId": "ID323", "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "createdTime": "2025-06-30T11:59:00Z", "processingStatus": "DONE",
            "processingStartTime": "2025-06-30T11:59:10Z", "processingEndTime": "2025-06-30T11:59:40Z",
            "reportDocumentId": "0356cf79-b8b0-4226-b4b9-0ee058ea5760"
        })))
        .expect(1)
        .mount(server)
        .await;
    let mut doc = json!({
        "reportDocumentId": "0356cf79-b8b0-4226-b4b9-0ee058ea5760",
        "url": format!("{}/download/Report_47700.txt", server.uri())
    });
    if let Some(c) = compression {
        doc["compressionAlgorithm"] = json!(c);
    }
    Mock::given(method("GET"))
        .and(path(
            "/reports/2021-06-30/documents/0356cf79-b8b0-4226-b4b9-0ee058ea5760",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(doc))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/download/Report_47700.txt"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/plain; charset=utf8")
                .set_body_bytes(document),
        )
        .expect(1)
        .mount(server)
        .await;
}

fn all_orders_file() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/exports/synthetic_amazon_all_orders.txt"
    ))
    .unwrap()
}

#[tokio::test]
async fn amazon_gzip_report_backfill_goes_through_the_export_mappers() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    mount_report(&server, gzip(&all_orders_file()), Some("GZIP")).await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.since = Some("2025-01-01T00:00:00Z".into());
    let s = backfill_report(&mut conn, &mut store, ReportKind::Orders, &o, &NoProgress)
        .await
        .unwrap();
    assert_eq!(s.processing_status, "DONE");
    assert_eq!(s.compression.as_deref(), Some("GZIP"));
    assert_eq!(s.rows, 6);
    assert_eq!(s.counts.orders, 5);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        5
    );
    // Every order belongs to the API shop, none to a shop named after the sales channel.
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM shops"),
        1
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT COUNT(*) FROM shops WHERE external_id = 'A2SELLER0TEST:ATVPDKIKX0DER' AND origin = 'api'"
        ),
        1
    );
    // The pre-signed download carries no access token.
    let reqs = server.received_requests().await.unwrap();
    let dl = reqs
        .iter()
        .find(|r| r.url.path() == "/download/Report_47700.txt")
        .unwrap();
    assert!(!dl.headers.contains_key("x-amz-access-token"));
    assert!(!dl.headers.contains_key("authorization"));
}

#[tokio::test]
async fn amazon_report_flagged_gzip_but_plain_is_read_as_plain() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    mount_report(&server, all_orders_file(), Some("GZIP")).await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.since = Some("2025-01-01T00:00:00Z".into());
    let s = backfill_report(&mut conn, &mut store, ReportKind::Orders, &o, &NoProgress)
        .await
        .unwrap();
    assert_eq!(s.counts.orders, 5);
}

#[tokio::test]
async fn a_full_report_backfill_asks_for_two_years() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    // Amazon's dataStartTime defaults to now: --full sends two years back, explicitly.
    mount_report_from(&server, all_orders_file(), None, "2023-07-02T12:00:00Z").await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.full = true;
    let s = backfill_report(&mut conn, &mut store, ReportKind::Orders, &o, &NoProgress)
        .await
        .unwrap();
    assert_eq!((s.compression, s.counts.orders), (None, 5));
}

#[tokio::test]
async fn a_bad_report_row_writes_nothing_and_names_the_line() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    let text = String::from_utf8(all_orders_file()).unwrap();
    let broken = text.replacen("39.98", "39.9x", 1);
    mount_report(&server, gzip(broken.as_bytes()), Some("GZIP")).await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.since = Some("2025-01-01T00:00:00Z".into());
    let e = backfill_report(&mut conn, &mut store, ReportKind::Orders, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Input);
    assert!(e.to_string().contains("amazon report ID323:2:16"), "{e}");
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        0
    );
}

// ---------------------------------------------------------------- secrets

/// Every text value in every table of the store.
fn all_text(store: &Store) -> Vec<String> {
    let tables: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = store
            .conn()
            .prepare(&format!("SELECT * FROM \"{t}\""))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(b)) = row.get_ref(i) {
                    out.push(String::from_utf8_lossy(b).into_owned());
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn no_secret_reaches_the_database_or_the_json_summary() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1, "orders": [ebay_order("04-1", "2025-06-02T10:00:00.000Z", "Austin", &[("MUG-BLUE", "Blue mug", 1, "10.00")])]
        })))
        .mount(&server)
        .await;
    mount_amazon_orders(&server).await;
    mount_report(&server, gzip(&all_orders_file()), Some("GZIP")).await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let mut e = ebay(&server);
    let s1 = sync(&mut e, &mut store, &o, &NoProgress).await.unwrap();
    let mut a = amazon(&server);
    let s2 = sync(&mut a, &mut store, &o, &NoProgress).await.unwrap();
    o.since = Some("2025-01-01T00:00:00Z".into());
    let s3 = backfill_report(&mut a, &mut store, ReportKind::Orders, &o, &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        11
    );
    let json = serde_json::to_string(&json!([s1, s2, s3])).unwrap();
    let db = all_text(&store);
    assert!(!db.is_empty());
    for secret in secrets() {
        assert!(!json.contains(secret), "{secret} in the JSON summary");
        for v in &db {
            assert!(!v.contains(secret), "{secret} in the database: {v}");
        }
    }
    // Debug output of the connectors names no secret either.
    let dbg = format!("{e:?} {a:?}");
    for secret in secrets() {
        assert!(!dbg.contains(secret));
    }
}

// ---------------------------------------------------------------- the models' own examples

#[track_caller]
fn spec(path: &str) -> Option<Value> {
    let p = crate::common::shared(&format!("specs/{path}"))?;
    Some(serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap())
}

fn sandbox_response(model: &Value, path: &str, op: &str) -> Value {
    model["paths"][path][op]["responses"]["200"]["x-amzn-api-sandbox"]["static"][0]["response"]
        .clone()
}

/// The Orders v0 model's own sandbox answers for getOrders and getOrderItems, replayed.
#[tokio::test]
async fn amazon_orders_sandbox_examples_parse() {
    let Some(model) = spec("amazon/ordersV0.json") else {
        return;
    };
    let orders = sandbox_response(&model, "/orders/v0/orders", "get");
    let items = sandbox_response(&model, "/orders/v0/orders/{orderId}/orderItems", "get");
    let n = orders["payload"]["Orders"].as_array().unwrap().len() as i64;
    assert!(n > 0);
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(orders))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/orders/v0/orders/[^/]+/orderItems$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items))
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        n
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT MIN(unit_price_minor) FROM order_lines"
        ),
        1000
    );
}

/// The Listings Items, Product Pricing and Product Fees models' sandbox answers, replayed
/// through the offers resource.
#[tokio::test]
async fn amazon_listings_pricing_and_fees_sandbox_examples_parse() {
    let (Some(listings), Some(pricing), Some(fees)) = (
        spec("amazon/listingsItems_2021-08-01.json"),
        spec("amazon/productPricingV0.json"),
        spec("amazon/productFeesV0.json"),
    ) else {
        return;
    };
    let page = sandbox_response(&listings, "/listings/2021-08-01/items/{sellerId}", "get");
    let offers = sandbox_response(&pricing, "/products/pricing/v0/items/{Asin}/offers", "get");
    let estimates = sandbox_response(&fees, "/products/fees/v0/feesEstimate", "post");
    let n_offers = offers["payload"]["Offers"].as_array().unwrap().len() as i64;
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    let mut last = page.clone();
    last["pagination"] = json!({});
    Mock::given(method("GET"))
        .and(path("/listings/2021-08-01/items/A2SELLER0TEST"))
        .and(query_param(
            "pageToken",
            page["pagination"]["nextToken"].as_str().unwrap(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(last))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/listings/2021-08-01/items/A2SELLER0TEST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/products/pricing/v0/items/[^/]+/offers$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(offers))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/products/fees/v0/feesEstimate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(estimates))
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Offers];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(s.resources[0].pages, 2);
    assert!(crate::common::count(store.conn(), "SELECT COUNT(*) FROM offers") >= n_offers);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT MIN(price_minor) FROM offers"),
        1000
    );
    assert!(
        crate::common::count(
            store.conn(),
            "SELECT COUNT(*) FROM trend_signals WHERE source = 'amazon-fees'"
        ) >= 1
    );
}

#[test]
fn amazon_operation_limits_match_the_models() {
    let l = amazon::limits();
    let get = |op: &str| l.iter().find(|(o, _)| *o == op).unwrap().1;
    assert_eq!(
        (get("getOrders").rate, get("getOrders").burst),
        (0.0167, 20)
    );
    assert_eq!(
        (get("getOrderItems").rate, get("getOrderItems").burst),
        (0.5, 30)
    );
    assert_eq!(get("getInventorySummaries").burst, 2);
    assert_eq!(
        (
            get("getMyFeesEstimates").rate,
            get("getMyFeesEstimates").burst
        ),
        (0.5, 1)
    );
    assert_eq!(get("createReport").burst, 15);
    assert_eq!(
        amazon::endpoint("eu", true).unwrap(),
        "https://sandbox.sellingpartnerapi-eu.amazon.com"
    );
    assert_eq!(
        amazon::endpoint("fe", false).unwrap(),
        "https://sellingpartnerapi-fe.amazon.com"
    );
    assert!(amazon::endpoint("us", false).is_err());
}

// ---------------------------------------------------------------- pagination guards

/// An inventory page of `n` items whose SKUs start at `first`, saying there is a next page.
fn inventory_page(first: usize, n: usize, total: Option<u64>) -> Value {
    let items: Vec<Value> = (first..first + n)
        .map(|i| json!({"sku": format!("SKU-{i}"), "product": {"title": format!("Item {i}")}}))
        .collect();
    let mut page = json!({
        "limit": 2, "size": n,
        "next": "https://api.ebay.com/sell/inventory/v1/inventory_item?limit=2",
        "inventoryItems": items
    });
    if let Some(t) = total {
        page["total"] = json!(t);
    }
    page
}

async fn mount_no_offers(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/offer"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"errors": [{"errorId": 25713, "message": "This Offer is not available."}]}),
        ))
        .mount(server)
        .await;
}

#[tokio::test]
async fn guard_endless_next_stops_at_the_page_cap_and_pages_by_page_number() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    mount_no_offers(&server).await;
    // Every page is full and says `next` (with no offset in it), and no total: only the cap ends it.
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/inventory_item"))
        .respond_with(|req: &Request| {
            let page: usize = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            ResponseTemplate::new(200).set_body_json(inventory_page(page * 2, 2, None))
        })
        .expect(5)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Listings];
    o.page_cap = Some(5);
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    let m = e.to_string();
    assert!(
        m.contains("ebay getInventoryItems")
            && m.contains("cursor \"page:4\"")
            && m.contains("5 pages read")
            && m.contains("sync.max_pages_per_resource = 5"),
        "{m}"
    );
    // The offset is the page number (0, 1, 2, ...), as getInventoryItems documents.
    let offsets: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/sell/inventory/v1/inventory_item")
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "offset")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(offsets, ["0", "1", "2", "3", "4"]);
    // The five pages read are committed; the fifth's cursor stays for the next run.
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM products"),
        10
    );
}

/// The stored cursor of `resource`, as JSON.
fn stored_cursor(store: &Store, resource: &str) -> Value {
    serde_json::from_str(
        &store
            .conn()
            .query_row(
                "SELECT cursor FROM sync_cursors WHERE resource = ?1",
                [resource],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap()
}

// An answer whose own counts say it is the last page, though it names a next one, ends that
// resource's walk there (the page kept, a warning, the sync goes on); it used to stop the whole
// sync with exit 4. Prism's random schema-valid answers are like this on most pages.

#[tokio::test]
async fn guard_offset_past_the_total_ends_the_walk_there_and_names_the_cursor() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 2, "offset": 0, "total": 2,
            "next": "https://api.ebay.com/sell/fulfillment/v1/order?limit=2&offset=2",
            "orders": [
                ebay_order("04-1", "2025-06-02T10:00:00.000Z", "Austin", &[("MUG", "Mug", 1, "10.00")]),
                ebay_order("04-2", "2025-06-03T10:00:00.000Z", "Austin", &[("MUG", "Mug", 1, "10.00")]),
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    let m = s.resources[0].pagination_stopped.clone().expect("told");
    assert!(
        m.contains("ebay getOrders: pagination stopped at the first page")
            && m.contains("cursor \"2\"")
            && m.contains("past the stated total of 2")
            && m.contains("taken as the last page"),
        "{m}"
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        2
    );
    // The next run asks for the same window again: the newest change seen is not trusted.
    let c = stored_cursor(&store, "orders");
    assert_eq!(
        (
            c["in_progress"].clone(),
            c["page"].clone(),
            c["since"].clone()
        ),
        (json!(false), Value::Null, Value::Null)
    );
    let outcome: String = store
        .conn()
        .query_row("SELECT outcome FROM sync_runs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(outcome, "partial");
}

#[tokio::test]
async fn guard_short_page_with_next_ends_the_walk_after_writing_the_page() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 2, "offset": 0,
            "next": "https://api.ebay.com/sell/fulfillment/v1/order?limit=2&offset=2",
            "orders": [ebay_order("05-1", "2025-06-02T10:00:00.000Z", "Austin", &[("MUG", "Mug", 1, "10.00")])]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    let m = s.resources[0].pagination_stopped.clone().expect("told");
    assert!(
        m.contains("ebay getOrders") && m.contains("short page (1 of 2 items)"),
        "{m}"
    );
    assert!(s.complete, "not a --max-pages stop");
    // The page itself is written (with the shop it belongs to).
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM shops"),
        1
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        1
    );
    let c = stored_cursor(&store, "orders");
    assert_eq!(
        (c["in_progress"].clone(), c["since"].clone()),
        (json!(false), Value::Null)
    );
}

#[tokio::test]
async fn guard_empty_page_with_next_ends_the_walk() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "payload": {"granularity": {"granularityType": "Marketplace", "granularityId": "ATVPDKIKX0DER"},
                        "inventorySummaries": []},
            "pagination": {"nextToken": "more-please"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Inventory];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    let m = s.resources[0].pagination_stopped.clone().expect("told");
    assert!(
        m.contains("amazon getInventorySummaries")
            && m.contains("an empty page still says there is a next one")
            && m.contains("\"more-please\""),
        "{m}"
    );
}

#[tokio::test]
async fn an_order_whose_items_page_contradicts_its_next_token_is_quarantined() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order("902-0000011", "2025-06-10T04:00:00Z"),
                       amz_order("902-0000012", "2025-06-11T04:00:00Z")]
        }})))
        .expect(1)
        .mount(&server)
        .await;
    // The first order's items: an empty page that names a next one.
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders/902-0000011/orderItems"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "AmazonOrderId": "902-0000011", "OrderItems": [], "NextToken": "more"
        }})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders/902-0000012/orderItems"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "AmazonOrderId": "902-0000012",
            "OrderItems": [{"ASIN": "B0", "OrderItemId": "1", "QuantityOrdered": 1,
                            "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"}}]
        }})))
        .expect(1)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(s.records_rejected, 1);
    assert_eq!(s.resources[0].pagination_stopped, None);
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT COUNT(*) FROM orders WHERE external_id = '902-0000012'"
        ),
        1
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        1
    );
    let (op, why): (String, String) = store
        .conn()
        .query_row(
            "SELECT operation, reason FROM sync_rejects WHERE external_id = '902-0000011'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(op, "getOrderItems");
    assert!(
        why.contains("cannot be known complete") && why.contains("empty page"),
        "{why}"
    );
}

#[tokio::test]
async fn guard_repeated_token_stops_order_items_and_names_the_order() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order("902-0000009", "2025-06-10T04:00:00Z")]
        }})))
        .mount(&server)
        .await;
    // getOrderItems says "NextToken: same" on every page.
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders/902-0000009/orderItems"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "AmazonOrderId": "902-0000009",
            "OrderItems": [{"ASIN": "B0", "OrderItemId": "1", "QuantityOrdered": 1,
                            "ItemPrice": {"CurrencyCode": "USD", "Amount": "10.00"}}],
            "NextToken": "same"
        }})))
        .expect(2)
        .mount(&server)
        .await;
    // The repeated token of getOrders itself is caught the same way.
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    let m = e.to_string();
    assert!(
        m.contains("amazon getOrderItems")
            && m.contains("repeats a cursor already followed (cursor \"same\")")
            && m.contains("order 902-0000009"),
        "{m}"
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM shops"),
        0
    );
}

#[tokio::test]
async fn guard_repeated_token_of_a_top_level_listing_walk() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/listings/2021-08-01/items/A2SELLER0TEST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "numberOfResults": 100,
            "pagination": {"nextToken": "again"},
            "items": [{"sku": "S-1", "summaries": [{"marketplaceId": "ATVPDKIKX0DER", "asin": "B1",
                "productType": "MUG", "itemName": "Mug", "status": ["BUYABLE"],
                "createdDate": "2025-01-01T00:00:00Z", "lastUpdatedDate": "2025-06-01T00:00:00Z"}]}]
        })))
        .expect(2)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Listings];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("amazon searchListingsItems: pagination stopped at cursor \"again\"")
            && m.contains("repeats a cursor"),
        "{m}"
    );
    // The first page was good and is kept; the shop row came with it.
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM products"),
        1
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM shops"),
        1
    );
}

#[tokio::test]
async fn max_pages_bounds_the_nested_order_items_walk() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "Orders": [amz_order("902-0000010", "2025-06-10T04:00:00Z")]
        }})))
        .expect(1)
        .mount(&server)
        .await;
    // A new token on every page, forever.
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders/902-0000010/orderItems"))
        .respond_with(|req: &Request| {
            let n: u64 = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "NextToken")
                .and_then(|(_, v)| v.strip_prefix("t").and_then(|n| n.parse().ok()))
                .unwrap_or(0);
            ResponseTemplate::new(200).set_body_json(json!({"payload": {
                "OrderItems": [{"ASIN": "B0", "OrderItemId": format!("i{n}"), "QuantityOrdered": 1,
                                "ItemPrice": {"CurrencyCode": "USD", "Amount": "1.00"}}],
                "NextToken": format!("t{}", n + 1)
            }}))
        })
        .expect(3)
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    o.max_pages = Some(3);
    // One page of orders, then the first items page (part of it) and two more: the budget of
    // three is spent inside the order, so the page is not written and the next run resumes.
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(!s.complete);
    assert_eq!(s.resources[0].pages, 0);
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM orders"),
        0
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM shops"),
        0
    );
}

// ---------------------------------------------------------------- quarantine

#[tokio::test]
async fn one_bad_record_among_good_ones_is_quarantined_and_the_sync_goes_on() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 2).await;
    let good = |id: &str| {
        ebay_order(
            id,
            "2025-06-02T10:00:00.000Z",
            "Austin",
            &[("MUG", "Mug", 1, "10.00")],
        )
    };
    let mut bad_amount = good("06-2");
    bad_amount["pricingSummary"]["tax"]["value"] = json!("2.4x");
    // A field that looks like a secret is redacted in the stored raw JSON.
    bad_amount["buyer"]["accessToken"] = json!("leaked-token-value");
    let mut bad_country = good("06-4");
    bad_country["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]["contactAddress"]["countryCode"] =
        json!("STRING");
    let mut bad_date = good("06-5");
    bad_date["lastModifiedDate"] = json!("string");
    let mut no_id = good("x");
    no_id.as_object_mut().unwrap().remove("orderId");
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "limit": 2, "offset": 0, "total": 9,
            "orders": [good("06-1"), bad_amount, good("06-3"), bad_country, bad_date,
                       no_id, good("06-6"), good("06-7"), good("06-8")]
        })))
        .expect(2)
        .mount(&server)
        .await;
    let mut conn = ebay(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Orders];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(s.records_rejected, 4);
    assert_eq!(s.resources[0].records_rejected, 4);
    // 4 of 9 is under the default share of half a page.
    assert!(s.pages_over_reject_share.is_empty());
    assert_eq!(s.resources[0].counts.orders, 5);
    let stored: Vec<String> = store
        .conn()
        .prepare("SELECT external_id FROM orders ORDER BY external_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(stored, ["06-1", "06-3", "06-6", "06-7", "06-8"]);
    let rejects: Vec<(Option<String>, String, String, String, String)> = store
        .conn()
        .prepare(
            "SELECT external_id, marketplace, operation, reason, raw FROM sync_rejects ORDER BY id",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(rejects.len(), 4);
    let by = |id: Option<&str>| {
        rejects
            .iter()
            .find(|r| r.0.as_deref() == id)
            .unwrap_or_else(|| panic!("no reject {id:?}: {rejects:?}"))
    };
    let amount = by(Some("06-2"));
    assert_eq!(
        (amount.1.as_str(), amount.2.as_str()),
        ("ebay", "getOrders")
    );
    assert!(amount.3.contains("pricingSummary.tax"), "{}", amount.3);
    let raw: Value = serde_json::from_str(&amount.4).unwrap();
    assert_eq!(raw["orderId"], "06-2");
    assert_eq!(raw["buyer"]["accessToken"], "[redacted]");
    assert!(!amount.4.contains("leaked-token-value"));
    assert!(
        by(Some("06-4"))
            .3
            .contains("\"STRING\" is not an ISO 3166 country code")
    );
    assert!(by(Some("06-5")).3.contains("lastModifiedDate"));
    assert!(by(None).3.contains("orderId"), "{:?}", by(None));
    // The next run sees the same bad order again: its row is replaced, not doubled.
    let mut conn = ebay(&server);
    sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM sync_rejects"),
        5
    );
    assert_eq!(
        crate::common::count(
            store.conn(),
            "SELECT COUNT(*) FROM sync_rejects WHERE external_id = '06-2'"
        ),
        1
    );
}

#[tokio::test]
async fn a_page_mostly_rejected_is_reported_over_the_share() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "payload": {"inventorySummaries": [
                {"sellerSku": "A", "totalQuantity": 3, "lastUpdatedTime": "2025-06-01T00:00:00Z"},
                {"sellerSku": "B", "totalQuantity": "many"},
                {"sellerSku": "C", "totalQuantity": 1, "lastUpdatedTime": "string"}
            ]}
        })))
        .mount(&server)
        .await;
    let mut conn = amazon(&server);
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Inventory];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert_eq!(s.records_rejected, 2);
    assert_eq!(s.pages_over_reject_share.len(), 1, "{s:?}");
    assert!(
        s.pages_over_reject_share[0]
            .contains("amazon getInventorySummaries at the first page: 2 of 3"),
        "{:?}",
        s.pages_over_reject_share
    );
    assert_eq!(
        crate::common::count(store.conn(), "SELECT COUNT(*) FROM inventory"),
        1
    );
    // A higher share lets the same page pass.
    o.max_reject_percent = Some(70);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.pages_over_reject_share.is_empty());
}

// ---------------------------------------------------------------- ledger (finances APIs)

/// Rows of the ledger as (external id, kind, type, amount, payout_ref), by external id.
fn ledger_rows(store: &Store) -> Vec<(String, String, String, i64, Option<String>)> {
    let mut st = store
        .conn()
        .prepare(
            "SELECT external_id, kind, type, amount_minor, payout_ref FROM ledger_entries ORDER BY external_id",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

fn payout_rows(store: &Store) -> Vec<(String, i64, String, String)> {
    let mut st = store
        .conn()
        .prepare(
            "SELECT external_id, amount_minor, currency, status FROM payouts ORDER BY external_id",
        )
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// `report payouts` over the whole store.
fn reconcile(store: &Store) -> sellkit::report::payouts::PayoutsReport {
    sellkit::report::payouts::payouts(
        store,
        &sellkit::report::payouts::PayoutsQuery {
            since: None,
            until: None,
            marketplace: None,
            today: "2025-06-30".parse().unwrap(),
            grace_days: 7,
            examples: 5,
        },
    )
    .unwrap()
}

/// The `filter` query of the requests to `p`, in order.
async fn filters(server: &MockServer, p: &str, key: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

fn usd(v: &str) -> Value {
    json!({"value": v, "currency": "USD"})
}

/// Transactions (three pages of two: a sale with fees, a label; a refund, an unknown type; a
/// transaction with no amount, which is rejected) and one payout that the good ones add up to.
async fn mount_ebay_finances(server: &MockServer) {
    let page = |offset: &str, txns: Value, next: bool| {
        let mut body = json!({"total": 5, "limit": 2, "offset": offset.parse::<u64>().unwrap(), "transactions": txns});
        if next {
            body["next"] = json!("https://apiz.ebay.com/sell/finances/v1/transaction?offset=x");
        }
        Mock::given(method("GET"))
            .and(path("/sell/finances/v1/transaction"))
            .and(query_param("offset", offset))
            .and(query_param("limit", "2"))
            .and(header(
                "authorization",
                format!("Bearer {EBAY_ACCESS}").as_str(),
            ))
            .and(header("x-ebay-c-marketplace-id", "EBAY_US"))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
    };
    page(
        "0",
        json!([
            {"transactionId": "T1", "transactionType": "SALE", "bookingEntry": "CREDIT",
             "transactionDate": "2025-06-02T10:00:00.000Z", "orderId": "12-34", "payoutId": "P1",
             "transactionStatus": "PAYOUT", "amount": usd("85.40"),
             "totalFeeAmount": usd("14.60"),
             "orderLineItems": [{"lineItemId": "L1", "marketplaceFees": [
                 {"feeType": "FINAL_VALUE_FEE", "amount": usd("13.30")},
                 {"feeType": "FINAL_VALUE_FEE_FIXED_PER_ORDER", "amount": usd("0.30")},
                 {"feeType": "AD_FEE", "amount": usd("1.00")}]}]},
            {"transactionId": "T2", "transactionType": "SHIPPING_LABEL", "bookingEntry": "DEBIT",
             "transactionDate": "2025-06-03T09:00:00.000Z", "payoutId": "P1", "amount": usd("7.25"),
             "orderLineItems": null, "transactionMemo": null}
        ]),
        true,
    )
    .mount(server)
    .await;
    page(
        "2",
        json!([
            {"transactionId": "T3", "transactionType": "REFUND", "bookingEntry": "DEBIT",
             "transactionDate": "2025-06-04T08:00:00.000Z", "orderId": "12-34", "payoutId": "P1",
             "amount": usd("20.00"),
             "orderLineItems": [{"lineItemId": "L1", "marketplaceFees": [
                 {"feeType": "FINAL_VALUE_FEE", "amount": usd("2.66")}]}]},
            {"transactionId": "T4", "transactionType": "BRAND_NEW_TYPE", "bookingEntry": "CREDIT",
             "transactionDate": "2025-06-05T08:00:00.000Z", "payoutId": "P1", "amount": usd("1.11")}
        ]),
        true,
    )
    .mount(server)
    .await;
    page(
        "4",
        json!([
            {"transactionId": "T5", "transactionType": "SALE", "bookingEntry": "CREDIT",
             "transactionDate": "2025-06-06T08:00:00.000Z", "amount": null}
        ]),
        false,
    )
    .mount(server)
    .await;
    // 85.40 − 7.25 − 20.00 + 1.11 = 59.26
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/payout"))
        .and(query_param("offset", "0"))
        .and(header("authorization", format!("Bearer {EBAY_ACCESS}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "total": 1, "limit": 2, "offset": 0,
            "payouts": [{"payoutId": "P1", "payoutStatus": "SUCCEEDED",
                         "payoutDate": "2025-06-07T02:00:00.000Z", "amount": usd("59.26"),
                         "totalFee": null, "transactionCount": 4,
                         "payoutInstrument": {"instrumentType": "BANK", "accountLastFourDigits": "1234"}}]
        })))
        .mount(server)
        .await;
}

#[tokio::test]
async fn ebay_ledger_walks_transactions_then_payouts_and_reconciles() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    mount_ebay_finances(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let mut conn = ebay(&server);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    let r = &s.resources[0];
    assert_eq!((r.pages, r.skipped.clone()), (3, None));
    assert_eq!((r.counts.ledger_entries, r.counts.payouts), (9, 1));
    assert_eq!(r.records_rejected, 1);
    assert!(
        s.rejected_examples[0].starts_with("getTransactions T5: "),
        "{:?}",
        s.rejected_examples
    );
    let p1 = Some("P1".to_string());
    let row = |id: &str, kind: &str, ty: &str, amount: i64| {
        (
            id.to_string(),
            kind.to_string(),
            ty.to_string(),
            amount,
            p1.clone(),
        )
    };
    assert_eq!(
        ledger_rows(&store),
        vec![
            row("payout:P1", "payout", "payout", -5926),
            row("txn:brand_new_type:T4", "other", "brand_new_type", 111),
            row("txn:refund:T3", "refund", "refund", -2266),
            row(
                "txn:refund:T3:fee:1",
                "fee",
                "final_value_fee_variable",
                266
            ),
            row("txn:sale:T1", "sale", "sale", 10000),
            row(
                "txn:sale:T1:fee:1",
                "fee",
                "final_value_fee_variable",
                -1330
            ),
            row("txn:sale:T1:fee:2", "fee", "final_value_fee_fixed", -30),
            row("txn:sale:T1:fee:3", "ad", "promoted_listings", -100),
            row(
                "txn:shipping_label:T2",
                "shipping_label",
                "shipping_label",
                -725
            ),
        ]
    );
    assert_eq!(
        payout_rows(&store),
        vec![(
            "P1".to_string(),
            5926,
            "USD".to_string(),
            "paid".to_string()
        )]
    );
    let sources = crate::common::count(
        store.conn(),
        "SELECT COUNT(*) FROM ledger_entries WHERE source IN ('api:getTransactions', 'api:getPayouts') AND origin = 'api'",
    );
    assert_eq!(sources, 9);
    // A full pull of everything: the window is the 36 months eBay allows.
    let first = filters(&server, "/sell/finances/v1/transaction", "filter").await;
    assert_eq!(first[0], "transactionDate:[2022-07-02T12:00:00.000Z..]");
    // The payout adds up to its entries.
    let rep = reconcile(&store);
    assert_eq!(rep.payouts.len(), 1);
    assert_eq!(rep.payouts[0].difference.map(|d| d.amount_minor), Some(0));
    assert_eq!(rep.payouts[0].entries, 8);

    // Again: the same rows, nothing doubled. The window starts at the newest change seen
    // (2025-06-07T02:00:00Z, the payout), asked for from 30 days before it, so that a sale read
    // before its payout gets its payout id, and a payout in flight its final status.
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(
        s.resources[0].since.as_deref(),
        Some("2025-06-07T02:00:00Z")
    );
    assert_eq!(ledger_rows(&store).len(), 9);
    assert_eq!(payout_rows(&store).len(), 1);
    let txn = filters(&server, "/sell/finances/v1/transaction", "filter").await;
    assert_eq!(
        txn.last().unwrap(),
        "transactionDate:[2025-05-08T02:00:00.000Z..]"
    );
    let pay = filters(&server, "/sell/finances/v1/payout", "filter").await;
    assert_eq!(
        pay.last().unwrap(),
        "payoutDate:[2025-05-08T02:00:00.000Z..]"
    );
    assert_eq!(
        reconcile(&store).payouts[0]
            .difference
            .map(|d| d.amount_minor),
        Some(0)
    );
}

/// Empty listings and orders, so that a default eBay run gets to the ledger.
async fn mount_ebay_empty(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/sell/inventory/v1/inventory_item"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"total": 0, "inventoryItems": []})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/fulfillment/v1/order"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "orders": []})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn ebay_ledger_refusals_are_skipped_by_default_and_fail_alone() {
    for (status, body, expect) in [
        (
            403,
            json!({"errors": [{"errorId": 1100, "domain": "ACCESS", "category": "REQUEST",
                               "message": "Access denied", "longMessage": "Insufficient permissions to fulfill the request."}]}),
            "the token lacks the sell.finances scope",
        ),
        (
            400,
            json!({"errors": [{"errorId": 215120, "domain": "ACCESS", "category": "REQUEST",
                               "message": "Signature validation failed"}]}),
            sellkit::marketplaces::api::ebay::DIGITAL_SIGNATURES,
        ),
    ] {
        let server = MockServer::start().await;
        mount_ebay_token(&server, 1).await;
        mount_ebay_empty(&server).await;
        Mock::given(method("GET"))
            .and(path("/sell/finances/v1/transaction"))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .mount(&server)
            .await;
        let mut store = Store::open_in_memory().unwrap();
        let mut conn = ebay(&server);
        let s = sync(&mut conn, &mut store, &opts(), &NoProgress)
            .await
            .unwrap();
        let names: Vec<Resource> = s.resources.iter().map(|r| r.resource).collect();
        assert_eq!(
            names,
            vec![
                Resource::Listings,
                Resource::Orders,
                Resource::Offers,
                Resource::Ledger
            ]
        );
        let skipped = s.resources[3].skipped.clone().expect("skipped");
        assert!(skipped.contains(expect), "{skipped}");
        assert_eq!(s.resources[3].pages, 0);
        let mut o = opts();
        o.only = vec![Resource::Ledger];
        let e = sync(&mut conn, &mut store, &o, &NoProgress)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(
            e.to_string().starts_with("ebay ledger: ") && e.to_string().contains(expect),
            "{e}"
        );
    }
    // Any other refusal is an API error naming the operation.
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/transaction"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"errors": [{"errorId": 135008}]})),
        )
        .mount(&server)
        .await;
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let e = sync(
        &mut ebay(&server),
        &mut Store::open_in_memory().unwrap(),
        &o,
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert!(
        e.to_string().contains("ebay getTransactions: HTTP 400"),
        "{e}"
    );
}

fn amz(v: &str) -> Value {
    json!({"CurrencyCode": "USD", "CurrencyAmount": serde_json::from_str::<Value>(v).unwrap()})
}

/// Event groups in two pages: G1 (closed, its events in two pages), G2 (closed, no events),
/// then G3 (open, no totals yet).
async fn mount_amazon_finances(server: &MockServer) {
    let groups = "/finances/v0/financialEventGroups";
    Mock::given(method("GET"))
        .and(path(groups))
        .and(query_param("NextToken", "groups-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
        "FinancialEventGroupList": [
            {"FinancialEventGroupId": "G3", "ProcessingStatus": "Open",
             "FinancialEventGroupStart": "2025-06-15T00:00:00Z"}
        ]}})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(groups))
        .and(query_param("MaxResultsPerPage", "2"))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "NextToken": "groups-2",
            "FinancialEventGroupList": [
                // 20.00 + 1.60 − 3.00 − 4.10 − 1.60 − 5.00 − 12.50 + 9.99 − 0.60 = 4.79
                {"FinancialEventGroupId": "G1", "ProcessingStatus": "Closed", "FundTransferStatus": "Succeeded",
                 "OriginalTotal": amz("4.79"), "ConvertedTotal": amz("4.79"),
                 "FundTransferDate": "2025-06-03T00:00:00Z", "TraceId": "T", "AccountTail": "123",
                 "FinancialEventGroupStart": "2025-05-20T00:00:00Z", "FinancialEventGroupEnd": "2025-06-01T00:00:00Z"},
                {"FinancialEventGroupId": "G2", "ProcessingStatus": "Closed", "FundTransferStatus": "Succeeded",
                 "OriginalTotal": amz("0.00"), "FundTransferDate": "2025-06-16T00:00:00Z",
                 "FinancialEventGroupStart": "2025-06-01T00:00:00Z", "FinancialEventGroupEnd": "2025-06-15T00:00:00Z"}
            ]}})))
        .mount(server)
        .await;
    let events = |g: &str| format!("/finances/v0/financialEventGroups/{g}/financialEvents");
    Mock::given(method("GET"))
        .and(path(events("G1")))
        .and(query_param("NextToken", "events-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {"FinancialEvents": {
            "ServiceFeeEventList": [{"FeeReason": "", "FeeList": [
                {"FeeType": "FBAStorageFee", "FeeAmount": amz("-5.00")}]}],
            "ProductAdsPaymentEventList": [{"postedDate": "2025-05-25T00:00:00Z", "transactionType": "Charge",
                "invoiceId": "INV-1", "baseValue": amz("-12.50"), "taxValue": amz("0"), "transactionValue": amz("-12.50")}],
            "AdjustmentEventList": [
                {"AdjustmentType": "FBAInventoryReimbursement", "PostedDate": "2025-05-26T00:00:00Z",
                 "AdjustmentAmount": amz("9.99"), "AdjustmentItemList": null},
                {"AdjustmentType": "Odd", "PostedDate": "2025-05-26T00:00:00Z",
                 "AdjustmentAmount": {"CurrencyCode": "US$", "CurrencyAmount": 1.0}}],
            "CouponPaymentEventList": [{"PostedDate": "2025-05-27T00:00:00Z", "CouponId": "C1",
                "TotalAmount": amz("-0.60")}],
            "RetrochargeEventList": null
        }}})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(events("G1")))
        .and(header("x-amz-access-token", AMZ_ACCESS))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {
            "NextToken": "events-2",
            "FinancialEvents": {
                "ShipmentEventList": [{"AmazonOrderId": "113-1", "PostedDate": "2025-05-21T10:00:00Z",
                    "MarketplaceName": "Amazon.com",
                    "ShipmentItemList": [{"SellerSKU": "MUG-BLUE", "OrderItemId": "I1", "QuantityShipped": 1,
                        "ItemChargeList": [{"ChargeType": "Principal", "ChargeAmount": amz("20.00")},
                                           {"ChargeType": "Tax", "ChargeAmount": amz("1.60")}],
                        "ItemFeeList": [{"FeeType": "Commission", "FeeAmount": amz("-3.00")},
                                        {"FeeType": "FBAPerUnitFulfillmentFee", "FeeAmount": amz("-4.10")}],
                        "ItemTaxWithheldList": [{"TaxCollectionModel": "MarketplaceFacilitator",
                            "TaxesWithheld": [{"ChargeType": "MarketplaceFacilitatorTax-Principal", "ChargeAmount": amz("-1.60")}]}],
                        "PromotionList": null}]}],
                "RefundEventList": null
            }}})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(events("G2")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"payload": {"FinancialEvents": {}}})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(events("G3")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {}})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn amazon_ledger_walks_groups_and_their_events_and_reconciles() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    mount_amazon_finances(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let mut conn = amazon(&server);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    let r = &s.resources[0];
    assert_eq!((r.pages, r.skipped.clone()), (2, None));
    assert_eq!((r.counts.ledger_entries, r.counts.payouts), (12, 3));
    assert_eq!(r.records_rejected, 1);
    let mut got: Vec<(String, String, i64, Option<String>)> = ledger_rows(&store)
        .into_iter()
        .map(|(_, k, t, a, p)| (k, t, a, p))
        .collect();
    got.sort();
    let g =
        |k: &str, t: &str, a: i64, p: &str| (k.to_string(), t.to_string(), a, Some(p.to_string()));
    assert_eq!(
        got,
        vec![
            g("ad", "advertising", -1250, "G1"),
            g("adjustment", "fba_inventory_reimbursement", 999, "G1"),
            g("fee", "fba_fulfilment", -410, "G1"),
            g("fee", "referral_fee", -300, "G1"),
            g("fee", "storage", -500, "G1"),
            g("other", "coupon_payment", -60, "G1"),
            g("payout", "settlement", -479, "G1"),
            g("payout", "settlement", 0, "G2"),
            g("payout", "settlement", 0, "G3"),
            g("sale", "principal", 2000, "G1"),
            g("tax", "marketplace_facilitator_tax_principal", -160, "G1"),
            g("tax", "tax", 160, "G1"),
        ]
    );
    assert_eq!(
        payout_rows(&store),
        vec![
            ("G1".to_string(), 479, "USD".to_string(), "paid".to_string()),
            ("G2".to_string(), 0, "USD".to_string(), "paid".to_string()),
            (
                "G3".to_string(),
                0,
                "USD".to_string(),
                "pending".to_string()
            ),
        ]
    );
    let order_refs = crate::common::count(
        store.conn(),
        "SELECT COUNT(*) FROM ledger_entries WHERE order_ref = '113-1' AND sku = 'MUG-BLUE'",
    );
    assert_eq!(order_refs, 5);
    let rep = reconcile(&store);
    let g1 = rep.payouts.iter().find(|p| p.payout_id == "G1").unwrap();
    assert_eq!(g1.difference.map(|d| d.amount_minor), Some(0));
    assert_eq!(g1.entries, 9);
    let first = filters(
        &server,
        "/finances/v0/financialEventGroups",
        "FinancialEventGroupStartedAfter",
    )
    .await;
    assert_eq!(first[0], "2023-07-02T12:00:00Z");

    // Again: the same rows (ids are stable), and the window starts at the newest closed group
    // (the open one is read again until it closes).
    let before = ledger_rows(&store);
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(ledger_rows(&store), before);
    assert_eq!(payout_rows(&store).len(), 3);
    let after = filters(
        &server,
        "/finances/v0/financialEventGroups",
        "FinancialEventGroupStartedAfter",
    )
    .await;
    assert_eq!(after.last().unwrap(), "2025-06-01T00:00:00Z");
}

#[tokio::test]
async fn amazon_ledger_without_the_finance_role_is_skipped_or_fails_alone() {
    let server = MockServer::start().await;
    mount_lwa(&server).await;
    Mock::given(method("GET"))
        .and(path("/orders/v0/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"payload": {"Orders": []}})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/fba/inventory/v1/summaries"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"payload": {"inventorySummaries": []}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/finances/v0/financialEventGroups"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"errors": [
            {"code": "Unauthorized", "message": "Access to requested resource is denied.", "details": ""}]})))
        .mount(&server)
        .await;
    // No seller id: orders, inventory and the ledger.
    let creds = creds(
        "amazon",
        &[
            ("client_id", AMZ_ID),
            ("client_secret", AMZ_SECRET),
            ("refresh_token", AMZ_REFRESH),
        ],
    );
    let mut conn = AmazonConnector::new(amazon_cfg(&server), creds, now(), fast()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(&mut conn, &mut store, &opts(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(s.resources.len(), 3);
    assert_eq!(s.resources[2].resource, Resource::Ledger);
    let why = s.resources[2].skipped.clone().expect("skipped");
    assert!(
        why.contains("HTTP 403") && why.contains("Finance and Accounting role"),
        "{why}"
    );
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let e = sync(&mut conn, &mut store, &o, &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(
        e.to_string()
            .starts_with("amazon ledger: listFinancialEventGroups was refused"),
        "{e}"
    );
}

#[tokio::test]
async fn an_ebay_sale_read_on_hold_gets_its_payout_on_the_next_run() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    let sale = |payout: Option<&str>, status: &str| {
        let mut t = json!({"transactionId": "T9", "transactionType": "SALE", "bookingEntry": "CREDIT",
            "transactionDate": "2025-06-20T10:00:00.000Z", "orderId": "99-1", "transactionStatus": status,
            "amount": usd("9.00"), "totalFeeAmount": usd("1.00")});
        if let Some(p) = payout {
            t["payoutId"] = json!(p);
        }
        json!({"total": 1, "transactions": [t]})
    };
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/transaction"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sale(None, "FUNDS_ON_HOLD")))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/payout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let mut conn = ebay(&server);
    sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    let state = |store: &Store| -> Vec<(String, Option<String>, String)> {
        let mut st = store
            .conn()
            .prepare(
                "SELECT external_id, payout_ref, status FROM ledger_entries ORDER BY external_id",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(
        state(&store),
        vec![
            ("txn:sale:T9".into(), None, "pending".into()),
            ("txn:sale:T9:fee:1".into(), None, "pending".into()),
        ]
    );
    // Paid out since: the next run's window (from 30 days before the sale) reads it again.
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/transaction"))
        .and(query_param(
            "filter",
            "transactionDate:[2025-05-21T10:00:00.000Z..]",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(sale(Some("P9"), "PAYOUT")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/payout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 1, "payouts": [
            {"payoutId": "P9", "payoutStatus": "SUCCEEDED", "payoutDate": "2025-06-25T00:00:00.000Z",
             "amount": usd("9.00")}]})))
        .mount(&server)
        .await;
    sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    let p9 = Some("P9".to_string());
    assert_eq!(
        state(&store),
        vec![
            ("payout:P9".into(), p9.clone(), "posted".into()),
            ("txn:sale:T9".into(), p9.clone(), "posted".into()),
            ("txn:sale:T9:fee:1".into(), p9.clone(), "posted".into()),
        ]
    );
    let rep = reconcile(&store);
    assert_eq!(rep.payouts[0].difference.map(|d| d.amount_minor), Some(0));
}

#[tokio::test]
async fn ebay_transactions_past_the_offset_limit_start_the_window_again() {
    let server = MockServer::start().await;
    mount_ebay_token(&server, 1).await;
    let t = |id: &str, day: u32| {
        json!({"transactionId": id, "transactionType": "CREDIT", "bookingEntry": "CREDIT",
               "transactionDate": format!("2025-06-{day:02}T08:00:00.000Z"), "amount": usd("1.00")})
    };
    let page = |filter: &str, offset: &str, txns: Value, next: bool| {
        let mut body = json!({"total": 9, "transactions": txns});
        if next {
            body["next"] = json!("more");
        }
        Mock::given(method("GET"))
            .and(path("/sell/finances/v1/transaction"))
            .and(query_param("filter", filter))
            .and(query_param("sort", "transactionDate"))
            .and(query_param("offset", offset))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
    };
    let full = "transactionDate:[2022-07-02T12:00:00.000Z..]";
    page(full, "0", json!([t("A", 1), t("B", 2)]), true)
        .mount(&server)
        .await;
    page(full, "2", json!([t("C", 3), t("D", 4)]), true)
        .mount(&server)
        .await;
    // Offset 4 is the (lowered) limit: the window starts again at D's instant.
    let again = "transactionDate:[2025-06-04T08:00:00.000Z..]";
    page(again, "0", json!([t("D", 4), t("E", 5)]), true)
        .mount(&server)
        .await;
    page(again, "2", json!([t("F", 6)]), false)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/sell/finances/v1/payout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "payouts": []})))
        .mount(&server)
        .await;
    let mut cfg = EbayEndpoint::new(&server.uri());
    cfg.page_size = 2;
    cfg.rate_limits = false;
    cfg.finances_offset_limit = 4;
    let mut conn = EbayConnector::new(cfg, ebay_creds(), now(), fast()).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut o = opts();
    o.only = vec![Resource::Ledger];
    let s = sync(&mut conn, &mut store, &o, &NoProgress).await.unwrap();
    assert!(s.complete);
    assert_eq!(s.resources[0].pages, 4);
    assert_eq!(s.resources[0].pagination_stopped, None);
    let ids: Vec<String> = ledger_rows(&store).into_iter().map(|r| r.0).collect();
    assert_eq!(
        ids,
        ["A", "B", "C", "D", "E", "F"]
            .iter()
            .map(|i| format!("txn:credit:{i}"))
            .collect::<Vec<_>>()
    );
}
