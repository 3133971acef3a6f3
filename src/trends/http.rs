//! A small HTTP helper for the trend sources: one client with a timeout and user agent,
//! retries of 429 and 5xx answers that honour `Retry-After`, and errors that name the service
//! and never the credentials.

use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};

use crate::error::{Error, Result};

/// Attempts per request (the first try and two retries).
const ATTEMPTS: u32 = 3;
/// The longest wait sellkit accepts from a server before giving up.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

pub fn client(user_agent: &str) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("cannot build the HTTP client: {e}")))
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("cannot start the async runtime: {e}")))
}

fn retry_after(resp: &Response) -> Option<Duration> {
    let h = resp.headers();
    let secs = h
        .get(reqwest::header::RETRY_AFTER)
        .or_else(|| h.get("x-ratelimit-reset"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())?;
    Some(Duration::from_secs_f64(secs.clamp(0.0, 3600.0)))
}

/// Sends a request built by `make`, retrying 429 and 5xx answers. `service` names the API in
/// errors ("reddit", "ebay", "etsy").
pub async fn send(service: &str, make: impl Fn() -> RequestBuilder) -> Result<Response> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let resp = match make().send().await {
            Ok(r) => r,
            Err(e) if attempt < ATTEMPTS && (e.is_timeout() || e.is_connect()) => {
                tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
                continue;
            }
            Err(e) => {
                return Err(Error::api(format!(
                    "{service}: request failed: {}",
                    e.without_url()
                )));
            }
        };
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let retryable = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
        if retryable && attempt < ATTEMPTS {
            let wait = retry_after(&resp).unwrap_or(Duration::from_millis(500 << attempt));
            if wait <= MAX_WAIT {
                tracing::info!("{service}: HTTP {status}, retrying in {wait:?}");
                tokio::time::sleep(wait).await;
                continue;
            }
        }
        let path = resp.url().path().to_string();
        let body = resp.text().await.unwrap_or_default();
        let detail: String = crate::output::sanitize::one_line(&body)
            .chars()
            .take(200)
            .collect();
        return Err(
            if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
                Error::config(format!(
                    "{service}: credentials rejected (HTTP {}) at {path}: {detail}; check the credentials in the environment",
                    status.as_u16()
                ))
            } else {
                Error::api(format!(
                    "{service}: HTTP {} at {path}: {detail}",
                    status.as_u16()
                ))
            },
        );
    }
}

/// Reads a JSON body, naming the service on a shape error.
pub async fn json<T: serde::de::DeserializeOwned>(service: &str, resp: Response) -> Result<T> {
    let path = resp.url().path().to_string();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| Error::api(format!("{service}: reading {path}: {}", e.without_url())))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::api(format!(
            "{service}: unexpected answer from {path} (line {} column {}): {e}",
            e.line(),
            e.column()
        ))
    })
}

/// A base URL from the config, without a trailing slash; only http and https.
pub fn base_url(key: &str, text: &str) -> Result<String> {
    let t = text.trim().trim_end_matches('/');
    if !(t.starts_with("https://") || t.starts_with("http://")) {
        return Err(Error::config(format!(
            "{key} = {t:?} is not an http(s) URL; e.g. `sellkit config set {key} https://...`"
        )));
    }
    Ok(t.to_string())
}
