//! A loopback Etsy Open API v3 mock for the sync benchmark (`bench/sync_api.sh`): it serves a
//! shop of N receipts (two transactions each, shapes as in the OpenAPI ShopReceipts schema),
//! generated page by page from `offset`, plus the shop, empty listings and the token endpoint.
//!
//!   cargo run --example etsy_mock -- 100000       prints its base URL, serves until killed
//!
//! It binds 127.0.0.1 only and stops by itself after 30 minutes.

use std::fmt::Write as _;
use std::time::Duration;

use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct Receipts {
    total: u64,
}

fn money(out: &mut String, amount: i64) {
    let _ = write!(
        out,
        "{{\"amount\":{amount},\"divisor\":100,\"currency_code\":\"USD\"}}"
    );
}

fn receipt(out: &mut String, n: u64) {
    let id = 1_000_000_000 + n;
    let ts = 1_700_000_000 + n as i64 * 30;
    let _ = write!(
        out,
        "{{\"receipt_id\":{id},\"receipt_type\":0,\"seller_user_id\":77,\"buyer_user_id\":{},\
         \"name\":\"Buyer {n}\",\"first_line\":\"{n} Main St\",\"city\":\"City {}\",\"state\":\"S{}\",\
         \"zip\":\"{:05}\",\"country_iso\":\"US\",\"status\":\"Paid\",\"is_paid\":true,\"is_shipped\":{},\
         \"create_timestamp\":{},\"created_timestamp\":{},\"update_timestamp\":{ts},\"updated_timestamp\":{ts},",
        5000 + n % 9000,
        n % 500,
        n % 50,
        n % 99_999,
        n.is_multiple_of(3),
        ts - 600,
        ts - 600
    );
    for (k, v) in [
        ("grandtotal", 4150),
        ("subtotal", 3600),
        ("total_price", 3600),
        ("total_shipping_cost", 500),
        ("total_tax_cost", 250),
        ("total_vat_cost", 0),
        ("discount_amt", 200),
    ] {
        let _ = write!(out, "\"{k}\":");
        money(out, v);
        out.push(',');
    }
    out.push_str("\"shipments\":[],\"refunds\":[],\"transactions\":[");
    for (i, (sku, qty, price)) in [(n % 5000, 2, 1200), ((n + 7) % 5000, 1, 1200)]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"transaction_id\":{},\"title\":\"Item {sku}\",\"quantity\":{qty},\"listing_id\":{},\
             \"receipt_id\":{id},\"sku\":\"SKU-{sku}\",\"price\":",
            id * 10 + i as u64,
            100_000 + sku
        );
        money(out, *price);
        out.push_str(",\"shipping_cost\":");
        money(out, 0);
        out.push_str(",\"variations\":[],\"product_data\":[]}");
    }
    out.push_str("]}");
}

impl Respond for Receipts {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut offset = 0u64;
        let mut limit = 25u64;
        for (k, v) in req.url.query_pairs() {
            match k.as_ref() {
                "offset" => offset = v.parse().unwrap_or(0),
                "limit" => limit = v.parse().unwrap_or(25),
                _ => {}
            }
        }
        let end = (offset + limit).min(self.total);
        let mut body = String::with_capacity(1_500 * limit as usize);
        let _ = write!(body, "{{\"count\":{},\"results\":[", self.total);
        for n in offset..end {
            if n > offset {
                body.push(',');
            }
            receipt(&mut body, n);
        }
        body.push_str("]}");
        ResponseTemplate::new(200)
            .insert_header("x-remaining-today", "99000")
            .insert_header("x-limit-per-day", "100000")
            .set_body_raw(body, "application/json")
    }
}

#[tokio::main]
async fn main() {
    let total: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/public/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"access_token\":\"1.bench-access\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"1.bench-refresh-2\"}",
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/v3/application/shops/1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"shop_id\":1,\"shop_name\":\"BenchShop\",\"currency_code\":\"USD\"}",
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/v3/application/shops/1/receipts"))
        .respond_with(Receipts { total })
        .mount(&server)
        .await;
    Mock::given(path_regex("^/v3/application/shops/1/listings$"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{\"count\":0,\"results\":[]}", "application/json"),
        )
        .mount(&server)
        .await;
    // The one line the benchmark script reads.
    #[allow(clippy::print_stdout)]
    {
        println!("{}", server.uri());
    }
    tokio::time::sleep(Duration::from_secs(30 * 60)).await;
}
