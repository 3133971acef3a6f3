//! Marketplace search as a trend source: competition (active listing counts) and the price
//! band (25th, 50th and 75th percentile prices) for a keyword.
//!
//! - eBay Browse API `GET {base}/buy/browse/v1/item_summary/search?q=KW&limit=200` with an
//!   application token (`Authorization: Bearer`, client-credentials grant) and
//!   `X-EBAY-C-MARKETPLACE-ID`; `total` is the number of matching items and
//!   `itemSummaries[].price` ({value, currency}) the prices of the first page.
//! - Etsy Open API v3 `findAllListingsActive`: `GET {base}/v3/application/listings/active?keywords=KW&limit=100`
//!   with the `x-api-key` header; `count` and `results[].price` ({amount, divisor, currency_code}).
//!
//! - Amazon SP-API, where credentials exist: Catalog Items `searchCatalogItems` by keyword
//!   (`numberOfResults` is the competition, the first 20 ASINs and their sales ranks), then
//!   Product Pricing `getCompetitivePricing` for those ASINs: each one's New Buy Box listing
//!   price makes the band, and their New offer listings are summed.
//!
//! Only prices in the seller's currency count towards the band.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Signal;
use crate::env::ApiKey;
use crate::error::{Error, Result};
use crate::marketplaces::api::amazon::AmazonConnector;
use crate::marketplaces::api::client::{ApiClient, Bucket, ClientConfig};
use crate::money::{Currency, Money};
use crate::trends::http;

/// One marketplace search's configuration.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// `ebay` or `etsy`.
    pub source: &'static str,
    pub base_url: String,
    pub credential: ApiKey,
    /// eBay marketplace id (EBAY_US, EBAY_GB, ...); unused for Etsy.
    pub marketplace_id: String,
    pub currency: Currency,
}

/// Where to mint an eBay application token (client-credentials grant) when none is given.
#[derive(Debug, Clone)]
pub struct EbayApp {
    pub client_id: String,
    pub client_secret: ApiKey,
}

/// The shared marketplace API client (rate limits, retries, Retry-After) for one search source.
/// Browse allows 5,000 calls a day and Etsy 10 a second: a few calls a second stays inside both.
pub fn api_client(source: &'static str) -> Result<ApiClient> {
    Ok(
        ApiClient::new(source, ClientConfig::default())?.with_default_limit(Bucket {
            rate: 4.0,
            burst: 4,
        }),
    )
}

#[derive(Deserialize)]
struct AppToken {
    access_token: String,
}

/// Mints an eBay application access token: `POST {base}/identity/v1/oauth2/token` with HTTP
/// Basic client id and secret, `grant_type=client_credentials` and the public API scope.
pub async fn ebay_app_token(api: &ApiClient, base_url: &str, app: &EbayApp) -> Result<ApiKey> {
    let url = format!("{base_url}/identity/v1/oauth2/token");
    let op = "oauth2/token";
    let t: AppToken = api
        .json(op, |h| {
            h.post(&url)
                .basic_auth(&app.client_id, Some(app.client_secret.expose()))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", "https://api.ebay.com/oauth/api_scope"),
                ])
        })
        .await
        .map_err(|e| api.fail(op, e))?;
    Ok(ApiKey(t.access_token))
}

/// The result for one keyword.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResult {
    pub source: &'static str,
    pub keyword: String,
    pub listings: i64,
    pub prices_seen: usize,
    pub prices_in_currency: usize,
    pub price_p25_minor: Option<i64>,
    pub price_median_minor: Option<i64>,
    pub price_p75_minor: Option<i64>,
    /// Amazon: New offer listings summed over the priced ASINs (None elsewhere).
    pub offer_listings: Option<i64>,
    /// Amazon: the best sales rank among the first page of results (None elsewhere).
    pub best_sales_rank: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EbayPage {
    #[serde(default)]
    total: i64,
    #[serde(default)]
    item_summaries: Vec<EbayItem>,
}

#[derive(Deserialize)]
struct EbayItem {
    #[serde(default)]
    price: Option<EbayAmount>,
}

#[derive(Deserialize)]
struct EbayAmount {
    value: String,
    currency: String,
}

#[derive(Deserialize)]
struct EtsyPage {
    #[serde(default)]
    count: i64,
    #[serde(default)]
    results: Vec<EtsyListing>,
}

#[derive(Deserialize)]
struct EtsyListing {
    #[serde(default)]
    price: Option<EtsyMoney>,
}

#[derive(Deserialize)]
struct EtsyMoney {
    amount: i64,
    divisor: i64,
    currency_code: String,
}

/// Nearest-rank percentile of sorted values (q in 0..=100).
pub fn percentile(sorted: &[i64], q: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let rank = (u64::from(q) * n as u64).div_ceil(100).max(1) as usize;
    Some(sorted[rank.min(n) - 1])
}

fn band(
    source: &'static str,
    keyword: &str,
    listings: i64,
    seen: usize,
    mut prices: Vec<i64>,
) -> SearchResult {
    prices.sort_unstable();
    SearchResult {
        source,
        keyword: keyword.to_string(),
        listings,
        prices_seen: seen,
        prices_in_currency: prices.len(),
        price_p25_minor: percentile(&prices, 25),
        price_median_minor: percentile(&prices, 50),
        price_p75_minor: percentile(&prices, 75),
        offer_listings: None,
        best_sales_rank: None,
    }
}

async fn ebay(api: &ApiClient, cfg: &SearchConfig, keyword: &str) -> Result<SearchResult> {
    let url = format!("{}/buy/browse/v1/item_summary/search", cfg.base_url);
    let op = "item_summary/search";
    let page: EbayPage = api
        .json(op, |h| {
            h.get(&url)
                .bearer_auth(cfg.credential.expose())
                .header("X-EBAY-C-MARKETPLACE-ID", &cfg.marketplace_id)
                .query(&[("q", keyword), ("limit", "200")])
        })
        .await
        .map_err(|e| api.fail(op, e))?;
    let seen = page.item_summaries.len();
    let prices = page
        .item_summaries
        .iter()
        .filter_map(|i| i.price.as_ref())
        .filter(|p| p.currency == cfg.currency.code())
        .filter_map(|p| Money::parse_decimal(&p.value, cfg.currency).ok())
        .map(|m| m.amount_minor)
        .filter(|m| *m > 0)
        .collect();
    Ok(band("ebay", keyword, page.total, seen, prices))
}

async fn etsy(api: &ApiClient, cfg: &SearchConfig, keyword: &str) -> Result<SearchResult> {
    let url = format!("{}/v3/application/listings/active", cfg.base_url);
    let op = "findAllListingsActive";
    let page: EtsyPage = api
        .json(op, |h| {
            h.get(&url)
                .header("x-api-key", cfg.credential.expose())
                .query(&[("keywords", keyword), ("limit", "100")])
        })
        .await
        .map_err(|e| api.fail(op, e))?;
    let seen = page.results.len();
    let exp = cfg.currency.minor_digits();
    let prices = page
        .results
        .iter()
        .filter_map(|l| l.price.as_ref())
        .filter(|p| p.currency_code == cfg.currency.code() && p.divisor > 0)
        .map(|p| {
            // amount / divisor in major units → minor units of the currency, rounded half up.
            let scale = 10i128.pow(exp);
            let num = i128::from(p.amount) * scale;
            let d = i128::from(p.divisor);
            ((num + d / 2) / d) as i64
        })
        .filter(|m| *m > 0)
        .collect();
    Ok(band("etsy", keyword, page.count, seen, prices))
}

/// Searches each keyword; returns the results and the signals to store (dated `today`).
/// For eBay without a token, `app` mints one first.
pub fn search(
    mut cfg: SearchConfig,
    app: Option<&EbayApp>,
    keywords: &[String],
    today: Date,
) -> Result<(Vec<Signal>, Vec<SearchResult>)> {
    let rt = http::runtime()?;
    let api = api_client(cfg.source)?;
    rt.block_on(async {
        if cfg.credential.expose().is_empty() {
            let app = app.ok_or_else(|| {
                Error::config(format!("{}: no credentials for the search", cfg.source))
            })?;
            cfg.credential = ebay_app_token(&api, &cfg.base_url, app).await?;
        }
        let mut results = Vec::new();
        for k in keywords {
            let r = match cfg.source {
                "ebay" => ebay(&api, &cfg, k).await?,
                _ => etsy(&api, &cfg, k).await?,
            };
            results.push(r);
        }
        Ok((signals(cfg.source, &results, today), results))
    })
}

/// The signals to store for some search results, dated `today`.
fn signals(source: &str, results: &[SearchResult], today: Date) -> Vec<Signal> {
    let mut out = Vec::new();
    for r in results {
        let mut push = |metric: &str, v: Option<i64>| {
            if let Some(v) = v {
                out.push(Signal {
                    term: r.keyword.clone(),
                    source: source.into(),
                    metric: metric.into(),
                    value: v as f64,
                    observed_at: today,
                });
            }
        };
        push("listings", Some(r.listings));
        push("price_p25_minor", r.price_p25_minor);
        push("price_median_minor", r.price_median_minor);
        push("price_p75_minor", r.price_p75_minor);
        push("offer_listings", r.offer_listings);
        push("best_sales_rank", r.best_sales_rank);
    }
    out
}

/// Asks Amazon's catalogue about each keyword (see the module notes); the connector brings
/// the Login with Amazon token, the per-operation rate limits and the retries.
pub fn search_amazon(
    mut conn: AmazonConnector,
    keywords: &[String],
    currency: Currency,
    today: Date,
) -> Result<(Vec<Signal>, Vec<SearchResult>)> {
    let rt = http::runtime()?;
    rt.block_on(async {
        let mut results = Vec::new();
        for k in keywords {
            let m = conn.keyword_market(k).await?;
            let prices = m
                .prices
                .iter()
                .filter(|p| p.currency == currency && p.amount_minor > 0)
                .map(|p| p.amount_minor)
                .collect();
            let mut r = band("amazon", k, m.results, m.asins, prices);
            r.offer_listings = Some(m.offer_listings);
            r.best_sales_rank = m.best_sales_rank;
            results.push(r);
        }
        Ok((signals("amazon", &results, today), results))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn nearest_rank_percentiles() {
        let v = [100, 200, 300, 400];
        assert_eq!(super::percentile(&v, 25), Some(100));
        assert_eq!(super::percentile(&v, 50), Some(200));
        assert_eq!(super::percentile(&v, 75), Some(300));
        assert_eq!(super::percentile(&[5], 75), Some(5));
        assert_eq!(super::percentile(&[], 50), None);
    }
}
