//! The HTTP client every marketplace connector uses: the marketplace's rate limits as token
//! buckets (per operation where the marketplace meters per operation), retries with exponential
//! backoff and jitter on 429, 5xx, timeouts and dropped connections, `Retry-After` honoured,
//! a bounded number of attempts, then one clear error naming marketplace, operation and status.
//!
//! Every call is counted; the quota the marketplace reports in its headers is kept for `sync`'s
//! summary. Request URLs and bodies are never logged, only the operation and status, so no
//! secret reaches a log line.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A token bucket: `rate` requests per second on average, `burst` at once.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    pub rate: f64,
    pub burst: u32,
}

/// Timeouts and retry bounds.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Attempts after the first.
    pub max_retries: usize,
    /// First backoff delay; doubles each retry, with jitter.
    pub min_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured before giving up.
    pub max_retry_after: Duration,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_secs(30),
            max_retries: 4,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// What `sync` reports about the calls of one marketplace.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CallStats {
    pub calls: u64,
    pub retries: u64,
    /// 429 answers received.
    pub throttled: u64,
    /// The quota left, as the marketplace last stated it (e.g. "etsy: 9,812 of 10,000 today").
    pub quota: Option<String>,
}

/// How a call failed, for callers that react (a 401 triggers a token refresh; a 403 on a
/// finance API means a scope or role the seller must add).
#[derive(Debug)]
pub enum CallError {
    Unauthorized {
        status: StatusCode,
        body: String,
    },
    /// Any other 4xx but 429: the request itself was refused (wrong or unallowed), not worth a
    /// retry. `body` is the start of the answer (`": …"`, or empty).
    Refused {
        status: StatusCode,
        body: String,
    },
    Failed(Error),
}

impl From<Error> for CallError {
    fn from(e: Error) -> Self {
        CallError::Failed(e)
    }
}

/// Reads quota headers of a marketplace into one line.
pub type QuotaReader = fn(&reqwest::header::HeaderMap) -> Option<String>;

pub struct ApiClient {
    http: reqwest::Client,
    marketplace: &'static str,
    config: ClientConfig,
    buckets: HashMap<&'static str, Arc<DefaultDirectRateLimiter>>,
    default_bucket: Option<Arc<DefaultDirectRateLimiter>>,
    quota_reader: Option<QuotaReader>,
    stats: Mutex<CallStats>,
    budget: Mutex<super::paging::Budget>,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("marketplace", &self.marketplace)
            .finish_non_exhaustive()
    }
}

fn limiter(b: Bucket) -> Arc<DefaultDirectRateLimiter> {
    let period = Duration::from_secs_f64(1.0 / b.rate.max(1e-6));
    let burst = NonZeroU32::new(b.burst.max(1)).expect("burst >= 1");
    let quota = Quota::with_period(period)
        .expect("a positive period")
        .allow_burst(burst);
    Arc::new(RateLimiter::direct(quota))
}

impl ApiClient {
    pub fn new(marketplace: &'static str, config: ClientConfig) -> Result<ApiClient> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(10).min(config.timeout))
            .user_agent(concat!("sellkit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Other(anyhow::anyhow!("HTTP client: {e}")))?;
        Ok(ApiClient {
            http,
            marketplace,
            config,
            buckets: HashMap::new(),
            default_bucket: None,
            quota_reader: None,
            stats: Mutex::default(),
            budget: Mutex::default(),
        })
    }

    /// The bucket of every operation without its own.
    pub fn with_default_limit(mut self, b: Bucket) -> Self {
        self.default_bucket = Some(limiter(b));
        self
    }

    /// A bucket of its own for `op` (SP-API meters each operation).
    pub fn with_limit(mut self, op: &'static str, b: Bucket) -> Self {
        self.buckets.insert(op, limiter(b));
        self
    }

    pub fn with_quota_reader(mut self, r: QuotaReader) -> Self {
        self.quota_reader = Some(r);
        self
    }

    pub fn marketplace(&self) -> &'static str {
        self.marketplace
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn stats(&self) -> CallStats {
        self.stats.lock().expect("stats").clone()
    }

    /// Updates the call statistics from outside `send`: a GraphQL API reports throttling and
    /// quota in the body of a 200 answer, which only the connector reads.
    pub fn record(&self, f: impl FnOnce(&mut CallStats)) {
        f(&mut self.stats.lock().expect("stats"));
    }

    /// Sets the page budget of a sync run (`--max-pages`) and the cap per walk.
    pub fn set_budget(&self, left: Option<u64>, cap: u64) {
        *self.budget.lock().expect("budget") = super::paging::Budget {
            cap,
            left,
            overdrawn: false,
        };
    }

    /// Takes one page of the budget; false when `--max-pages` is spent (the page under way is
    /// then incomplete, see [`Self::take_overdrawn`]).
    pub fn take_page(&self) -> bool {
        self.budget.lock().expect("budget").take()
    }

    /// Whether a nested walk found the budget spent since the last call (and resets it).
    pub fn take_overdrawn(&self) -> bool {
        std::mem::take(&mut self.budget.lock().expect("budget").overdrawn)
    }

    /// Whether a nested walk found the budget spent (without resetting it).
    pub fn overdrawn(&self) -> bool {
        self.budget.lock().expect("budget").overdrawn
    }

    /// Pages one walk may take (`sync.max_pages_per_resource`).
    pub fn page_cap(&self) -> u64 {
        self.budget.lock().expect("budget").cap
    }

    /// A walk over the continuation pages of a nested listing (`op`) inside a page.
    pub fn nested_walk(&self, op: &'static str) -> super::paging::Walk {
        super::paging::Walk::new(self.marketplace, op, self.page_cap(), None)
    }

    /// The configured timeouts and retry bounds.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    fn error(&self, op: &str, what: impl std::fmt::Display) -> Error {
        Error::api(format!("{} {op}: {what}", self.marketplace))
    }

    /// Sends the request `build` makes (once per attempt) and returns a 2xx response.
    /// 401 comes back as [`CallError::Unauthorized`] at once, other 4xx (403 included) as
    /// [`CallError::Refused`];
    /// 429, 5xx, timeouts and connection errors are retried with backoff up to the bound.
    pub async fn send(
        &self,
        op: &'static str,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> std::result::Result<Response, CallError> {
        self.send_passing(op, &[], build).await
    }

    /// [`Self::send`], except that an answer with one of the `pass` statuses is returned as it
    /// is, not as an error: for a caller that reads what the status means (a 403 on a finance
    /// resource is a missing scope the seller grants, not a failed run).
    pub async fn send_passing(
        &self,
        op: &'static str,
        pass: &[StatusCode],
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> std::result::Result<Response, CallError> {
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(self.config.min_delay)
            .with_max_delay(self.config.max_delay)
            .with_max_times(self.config.max_retries)
            .with_jitter()
            .build();
        let mut attempt = 0usize;
        loop {
            attempt += 1;
            if let Some(b) = self.buckets.get(op).or(self.default_bucket.as_ref()) {
                b.until_ready().await;
            }
            self.stats.lock().expect("stats").calls += 1;
            let outcome = build(&self.http).send().await;
            let (retry_after, why) = match outcome {
                Ok(resp) => {
                    let status = resp.status();
                    if let Some(read) = self.quota_reader
                        && let Some(q) = read(resp.headers())
                    {
                        self.stats.lock().expect("stats").quota = Some(q);
                    }
                    tracing::debug!(
                        marketplace = self.marketplace,
                        op,
                        status = status.as_u16(),
                        attempt,
                        "call"
                    );
                    if status.is_success() || pass.contains(&status) {
                        return Ok(resp);
                    }
                    if status == StatusCode::UNAUTHORIZED {
                        let body = body_excerpt(resp).await;
                        return Err(CallError::Unauthorized { status, body });
                    }
                    if status == StatusCode::TOO_MANY_REQUESTS {
                        self.stats.lock().expect("stats").throttled += 1;
                        let ra = retry_after(resp.headers());
                        (ra, format!("HTTP {status}"))
                    } else if status.is_server_error() {
                        let ra = retry_after(resp.headers());
                        let body = body_excerpt(resp).await;
                        (ra, format!("HTTP {status}{body}"))
                    } else {
                        let body = body_excerpt(resp).await;
                        return Err(CallError::Refused { status, body });
                    }
                }
                Err(e) if e.is_timeout() => {
                    (None, format!("timed out after {:?}", self.config.timeout))
                }
                Err(e) if e.is_connect() || e.is_request() => {
                    (None, format!("connection failed: {}", without_url(&e)))
                }
                Err(e) => return Err(self.error(op, without_url(&e)).into()),
            };
            let Some(mut delay) = backoff.next() else {
                return Err(self
                    .error(
                        op,
                        format!("{why} after {attempt} attempts; try again later"),
                    )
                    .into());
            };
            if let Some(ra) = retry_after {
                if ra > self.config.max_retry_after {
                    return Err(self
                        .error(
                            op,
                            format!(
                                "{why}; the marketplace asks to wait {}s; try again later",
                                ra.as_secs()
                            ),
                        )
                        .into());
                }
                delay = delay.max(ra);
            }
            self.stats.lock().expect("stats").retries += 1;
            tracing::info!(
                marketplace = self.marketplace,
                op,
                "{why}; retrying in {} ms",
                delay.as_millis()
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// [`Self::send`], then the body parsed as JSON; malformed JSON is an API error naming the
    /// operation.
    pub async fn json<T: DeserializeOwned>(
        &self,
        op: &'static str,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> std::result::Result<T, CallError> {
        let resp = self.send(op, build).await?;
        self.parse(op, resp).await.map_err(CallError::Failed)
    }

    /// Parses a response body as JSON.
    pub async fn parse<T: DeserializeOwned>(&self, op: &'static str, resp: Response) -> Result<T> {
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| self.error(op, format!("reading the answer: {}", without_url(&e))))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            self.error(
                op,
                format!("the answer is not what the API documents ({e})"),
            )
        })
    }

    /// Turns a [`CallError`] into the crate error (401 included).
    pub fn fail(&self, op: &str, e: CallError) -> Error {
        match e {
            CallError::Failed(e) => e,
            CallError::Refused { status, body } => self.error(op, format!("HTTP {status}{body}")),
            CallError::Unauthorized { status, body } => self.error(
                op,
                format!(
                    "HTTP {status}{body}; credentials were refused: check them with `sellkit auth status {}`",
                    self.marketplace
                ),
            ),
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(h: &reqwest::header::HeaderMap) -> Option<Duration> {
    let v = h.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs >= 0.0 && secs.is_finite()).then(|| Duration::from_secs_f64(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let now = jiff::Timestamp::now();
    let d = when.duration_since(now);
    Some(Duration::try_from(d).unwrap_or_default())
}

/// The start of an error body, on one line, for messages (bodies of error answers carry no
/// secrets we sent).
async fn body_excerpt(resp: Response) -> String {
    let text = resp.text().await.unwrap_or_default();
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.is_empty() {
        return String::new();
    }
    let cut: String = one.chars().take(200).collect();
    format!(": {cut}")
}

/// reqwest errors print the URL, which may carry a query secret; keep only the reason.
fn without_url(e: &reqwest::Error) -> String {
    let mut e2 = format!("{e}");
    if let Some(url) = e.url() {
        e2 = e2.replace(url.as_str(), "<url>");
    }
    e2
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn fast() -> ClientConfig {
        ClientConfig {
            timeout: Duration::from_millis(500),
            max_retries: 3,
            min_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            max_retry_after: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn retries_5xx_then_succeeds() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/x"))
            .respond_with(ResponseTemplate::new(500))
            .up_to_n_times(2)
            .expect(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/x"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
            .expect(1)
            .mount(&server)
            .await;
        let c = ApiClient::new("etsy", fast()).unwrap();
        let url = format!("{}/x", server.uri());
        let v: serde_json::Value = c.json("op", |h| h.get(&url)).await.unwrap();
        assert_eq!(v["ok"], true);
        let s = c.stats();
        assert_eq!((s.calls, s.retries), (3, 2));
    }

    #[tokio::test]
    async fn honours_retry_after_on_429() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let c = ApiClient::new("ebay", fast()).unwrap();
        let url = server.uri();
        let t = std::time::Instant::now();
        let _: serde_json::Value = c.json("op", |h| h.get(&url)).await.unwrap();
        assert!(
            t.elapsed() >= Duration::from_millis(950),
            "{:?}",
            t.elapsed()
        );
        assert_eq!(c.stats().throttled, 1);
    }

    #[tokio::test]
    async fn gives_up_after_the_bound_with_a_clear_error() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_string("down"))
            .expect(4)
            .mount(&server)
            .await;
        let c = ApiClient::new("amazon", fast()).unwrap();
        let url = server.uri();
        let e = c.send("getOrders", |h| h.get(&url)).await.unwrap_err();
        let e = c.fail("getOrders", e);
        assert_eq!(e.kind(), crate::error::ErrorKind::Api);
        let m = e.to_string();
        assert!(
            m.contains("amazon getOrders") && m.contains("503") && m.contains("4 attempts"),
            "{m}"
        );
    }

    #[tokio::test]
    async fn a_timeout_is_retried_then_reported() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
            .mount(&server)
            .await;
        let mut cfg = fast();
        cfg.timeout = Duration::from_millis(100);
        cfg.max_retries = 1;
        let c = ApiClient::new("shopify", cfg).unwrap();
        let url = server.uri();
        let e = c.fail(
            "products",
            c.send("products", |h| h.get(&url)).await.unwrap_err(),
        );
        assert!(e.to_string().contains("timed out"), "{e}");
        assert_eq!(c.stats().calls, 2);
    }

    #[tokio::test]
    async fn malformed_json_and_4xx_fail_without_retry() {
        let server = MockServer::start().await;
        Mock::given(path("/bad"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{not json"))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(path("/gone"))
            .respond_with(
                ResponseTemplate::new(404).set_body_string("{\"error\": \"no such shop\"}"),
            )
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(path("/auth"))
            .respond_with(ResponseTemplate::new(401))
            .expect(1)
            .mount(&server)
            .await;
        let c = ApiClient::new("etsy", fast()).unwrap();
        let bad = format!("{}/bad", server.uri());
        let e = c.fail(
            "getShop",
            c.json::<serde_json::Value>("getShop", |h| h.get(&bad))
                .await
                .unwrap_err(),
        );
        assert!(e.to_string().contains("not what the API documents"), "{e}");
        let gone = format!("{}/gone", server.uri());
        let e = c.fail(
            "getShop",
            c.send("getShop", |h| h.get(&gone)).await.unwrap_err(),
        );
        assert!(
            e.to_string().contains("404") && e.to_string().contains("no such shop"),
            "{e}"
        );
        let auth = format!("{}/auth", server.uri());
        assert!(matches!(
            c.send("getShop", |h| h.get(&auth)).await,
            Err(CallError::Unauthorized { .. })
        ));
    }

    #[tokio::test]
    async fn the_bucket_spaces_calls() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let c = ApiClient::new("amazon", fast()).unwrap().with_limit(
            "getOrders",
            Bucket {
                rate: 20.0,
                burst: 1,
            },
        );
        let url = server.uri();
        let t = std::time::Instant::now();
        for _ in 0..4 {
            c.send("getOrders", |h| h.get(&url)).await.unwrap();
        }
        // One at once, then three at 50 ms intervals.
        assert!(
            t.elapsed() >= Duration::from_millis(140),
            "{:?}",
            t.elapsed()
        );
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
