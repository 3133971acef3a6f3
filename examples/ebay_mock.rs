//! A loopback eBay Sell Fulfillment mock for the sync benchmark (`bench/sync_ebay.sh`): it
//! serves N orders (two line items each, shapes as in the Order schema of sell_fulfillment_v1,
//! with ship-to and pricing summary), page by page from `offset`/`limit` with `next` links, plus
//! the token endpoint.
//!
//!   cargo run --example ebay_mock -- 100000       prints its base URL, serves until killed
//!
//! It binds 127.0.0.1 only and stops by itself after 30 minutes.

use std::fmt::Write as _;
use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct Orders {
    total: u64,
}

fn amount(out: &mut String, minor: i64) {
    let _ = write!(
        out,
        "{{\"value\":\"{}.{:02}\",\"currency\":\"USD\"}}",
        minor / 100,
        minor % 100
    );
}

fn order(out: &mut String, n: u64) {
    let day = n % 600;
    let (y, d) = if day < 300 {
        (2024, day)
    } else {
        (2025, day - 300)
    };
    let date = format!(
        "{y}-{:02}-{:02}T{:02}:{:02}:00.000Z",
        d / 28 + 1,
        d % 28 + 1,
        n % 24,
        n % 60
    );
    let _ = write!(
        out,
        "{{\"orderId\":\"12-{n:05}-{:05}\",\"creationDate\":\"{date}\",\"lastModifiedDate\":\"{date}\",\
         \"orderFulfillmentStatus\":\"FULFILLED\",\"orderPaymentStatus\":\"PAID\",\"sellerId\":\"bench_seller\",\
         \"cancelStatus\":{{\"cancelState\":\"NONE_REQUESTED\",\"cancelRequests\":[]}},\"pricingSummary\":{{\"priceSubtotal\":",
        n % 99_999
    );
    amount(out, 3600);
    out.push_str(",\"deliveryCost\":");
    amount(out, 500);
    out.push_str(",\"tax\":");
    amount(out, 250);
    out.push_str(",\"total\":");
    amount(out, 4350);
    out.push_str("},\"totalMarketplaceFee\":");
    amount(out, 577);
    let _ = write!(
        out,
        ",\"fulfillmentStartInstructions\":[{{\"fulfillmentInstructionsType\":\"SHIP_TO\",\"shippingStep\":{{\
         \"shipTo\":{{\"fullName\":\"Buyer {n}\",\"contactAddress\":{{\"addressLine1\":\"{n} Main St\",\
         \"city\":\"City {}\",\"stateOrProvince\":\"S{}\",\"postalCode\":\"{:05}\",\"countryCode\":\"US\"}}}}}}}}],\"lineItems\":[",
        n % 500,
        n % 50,
        n % 99_999
    );
    for (i, (sku, qty, cost)) in [(n % 5000, 2, 2400), ((n + 7) % 5000, 1, 1200)]
        .iter()
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"lineItemId\":\"{}\",\"legacyItemId\":\"{}\",\"sku\":\"SKU-{sku}\",\"title\":\"Item {sku}\",\
             \"quantity\":{qty},\"lineItemCost\":",
            n * 10 + i as u64,
            110_000_000 + sku
        );
        amount(out, *cost);
        out.push_str(",\"taxes\":[]}");
    }
    out.push_str("]}");
}

impl Respond for Orders {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let mut offset = 0u64;
        let mut limit = 50u64;
        for (k, v) in req.url.query_pairs() {
            match k.as_ref() {
                "offset" => offset = v.parse().unwrap_or(0),
                "limit" => limit = v.parse().unwrap_or(50),
                _ => {}
            }
        }
        let end = (offset + limit).min(self.total);
        let mut body = String::with_capacity(1_500 * limit as usize);
        let _ = write!(
            body,
            "{{\"total\":{},\"limit\":{limit},\"offset\":{offset},",
            self.total
        );
        if end < self.total {
            let _ = write!(
                body,
                "\"next\":\"https://api.ebay.com/sell/fulfillment/v1/order?limit={limit}&offset={end}\","
            );
        }
        body.push_str("\"orders\":[");
        for n in offset..end {
            if n > offset {
                body.push(',');
            }
            order(&mut body, n);
        }
        body.push_str("]}");
        ResponseTemplate::new(200).set_body_raw(body, "application/json")
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
        .and(path("/identity/v1/oauth2/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"access_token\":\"v^1.1#bench-access\",\"expires_in\":7200,\"token_type\":\"User Access Token\"}",
            "application/json",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/sell/fulfillment/v1/order"))
        .respond_with(Orders { total })
        .mount(&server)
        .await;
    // The one line the benchmark script reads.
    #[allow(clippy::print_stdout)]
    {
        println!("{}", server.uri());
    }
    tokio::time::sleep(Duration::from_secs(30 * 60)).await;
}
