//! What the eBay and Amazon connectors share: calls with a bearer token that is refreshed once
//! after a 401, exact decimal amounts (strings or JSON numbers, never through f64), instants
//! normalised to stored RFC 3339 text.

use reqwest::{RequestBuilder, Response};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

use super::Reject;
use super::client::{ApiClient, CallError};
use crate::error::{Error, Result};
use crate::marketplaces::api::oauth::TokenManager;
use crate::money::{Currency, Money};

/// A request the marketplace refused (a 4xx other than 401 and 429): its status and the start
/// of its body, for callers that tell a missing scope or role from a bad request.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub status: reqwest::StatusCode,
    /// The start of the answer on one line (`": …"`, or empty).
    pub body: String,
}

impl Refusal {
    /// The error the call is when the caller has nothing better to say about it.
    pub fn error(self, client: &ApiClient, op: &str) -> Error {
        client.fail(
            op,
            CallError::Refused {
                status: self.status,
                body: self.body,
            },
        )
    }
}

/// Sends the request `build` makes with the current access token; a 401 refreshes the token
/// once and sends the request again. A second 401 is an error naming the operation; a refused
/// request (403, 400, …) comes back as `Ok(Err(refusal))`.
pub async fn send_authed_refusable(
    client: &ApiClient,
    tokens: &mut TokenManager,
    op: &'static str,
    build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
) -> Result<std::result::Result<Response, Refusal>> {
    let token = tokens.bearer(client, false).await?;
    let first = match client.send(op, |h| build(h, token.expose())).await {
        Err(CallError::Unauthorized { .. }) => {
            tracing::info!(
                marketplace = client.marketplace(),
                op,
                "access token refused; refreshing it once"
            );
            let token = tokens.bearer(client, true).await?;
            match client.send(op, |h| build(h, token.expose())).await {
                Err(e @ CallError::Unauthorized { .. }) => return Err(client.fail(op, e)),
                other => other,
            }
        }
        other => other,
    };
    match first {
        Ok(r) => Ok(Ok(r)),
        Err(CallError::Refused { status, body }) => Ok(Err(Refusal { status, body })),
        Err(e) => Err(client.fail(op, e)),
    }
}

/// Sends the request `build` makes with the current access token; a 401 refreshes the token
/// once and sends the request again. A second 401 is an error naming the operation.
pub async fn send_authed(
    client: &ApiClient,
    tokens: &mut TokenManager,
    op: &'static str,
    build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
) -> Result<Response> {
    send_authed_refusable(client, tokens, op, build)
        .await?
        .map_err(|r| r.error(client, op))
}

/// [`send_authed`], then the body as JSON.
pub async fn json_authed<T: DeserializeOwned>(
    client: &ApiClient,
    tokens: &mut TokenManager,
    op: &'static str,
    build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
) -> Result<T> {
    let resp = send_authed(client, tokens, op, build).await?;
    client.parse(op, resp).await
}

/// [`send_authed_refusable`], then the body as JSON.
pub async fn json_authed_refusable<T: DeserializeOwned>(
    client: &ApiClient,
    tokens: &mut TokenManager,
    op: &'static str,
    build: impl Fn(&reqwest::Client, &str) -> RequestBuilder,
) -> Result<std::result::Result<T, Refusal>> {
    match send_authed_refusable(client, tokens, op, build).await? {
        Ok(resp) => client.parse(op, resp).await.map(Ok),
        Err(r) => Ok(Err(r)),
    }
}

/// A decimal amount exactly as the API wrote it: a JSON string (`"10.00"`) or a JSON number
/// (`10.0`), kept as text so that it is never rounded through a float.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decimal(pub String);

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw: Box<serde_json::value::RawValue> = Deserialize::deserialize(d)?;
        let t = raw.get().trim();
        if t.starts_with('"') {
            let s: String = serde_json::from_str(t).map_err(D::Error::custom)?;
            Ok(Decimal(s))
        } else if t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
        {
            Ok(Decimal(t.to_string()))
        } else {
            Err(D::Error::custom(format!(
                "expected a decimal amount, found {t}"
            )))
        }
    }
}

/// Where a value came from, for error messages: marketplace, operation and the record.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub marketplace: &'static str,
    pub op: &'static str,
    pub record: &'a str,
}

impl At<'_> {
    pub fn error(&self, field: &str, why: impl std::fmt::Display) -> Error {
        Error::api(format!(
            "{} {}: {} field {field}: {why}; the answer is not what the API documents",
            self.marketplace, self.op, self.record
        ))
    }

    pub fn currency(&self, field: &str, code: &str) -> Result<Currency> {
        Currency::new(code).map_err(|e| self.error(field, e))
    }

    /// An amount in minor units of `currency`.
    pub fn minor(&self, field: &str, value: &str, currency: Currency) -> Result<i64> {
        Money::parse_decimal(value, currency)
            .map(|m| m.amount_minor)
            .map_err(|e| self.error(field, e))
    }

    /// A ship-to country: an ISO 3166-1 alpha-2 code, upper case; blank is none.
    pub fn country(&self, field: &str, code: Option<&String>) -> Result<Option<String>> {
        country_code(code)
            .map_err(|c| self.error(field, format!("{c:?} is not an ISO 3166 country code")))
    }

    /// An instant (any RFC 3339 offset, fractions allowed) as stored text, whole seconds UTC.
    pub fn instant(&self, field: &str, text: &str) -> Result<String> {
        text.trim()
            .parse::<jiff::Timestamp>()
            .map(crate::time::rfc3339)
            .map_err(|e| self.error(field, format!("{text:?} is not an RFC 3339 instant ({e})")))
    }
}

/// An ISO 3166-1 alpha-2 code as stored (upper case), `None` when blank, or the text when it
/// is no such code.
pub fn country_code(code: Option<&String>) -> std::result::Result<Option<String>, String> {
    let Some(c) = code.map(|c| c.trim()).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let up = c.to_ascii_uppercase();
    if up.len() == 2 && celes::Country::from_alpha2(&up).is_ok() {
        Ok(Some(up))
    } else {
        Err(c.chars().take(40).collect())
    }
}

/// Decodes one item of an answer into its wire type; a failure is the item's reject, with
/// its id read from the first of `id_keys` present.
pub fn item<T: DeserializeOwned>(
    op: &'static str,
    marketplace: &'static str,
    raw: &serde_json::Value,
    id_keys: &[&str],
) -> std::result::Result<T, Reject> {
    serde_json::from_value(raw.clone()).map_err(|e| {
        Reject::new(
            op,
            raw,
            id_keys,
            format!("{marketplace} {op}: the item is not what the API documents ({e})"),
        )
    })
}

/// A count in a page envelope (`total`, `count`): a non-negative integer, else none. A page is
/// not thrown away for its envelope; its items are still read and checked one by one.
pub fn lenient_count<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u64>, D::Error> {
    let v: Option<serde_json::Value> = Deserialize::deserialize(d)?;
    Ok(v.as_ref().and_then(serde_json::Value::as_u64))
}

/// The newest of two optional instants (stored text compares in time order).
pub fn newest(a: Option<String>, b: &str) -> Option<String> {
    match a {
        Some(a) if a.as_str() >= b => Some(a),
        _ => Some(b.to_string()),
    }
}

/// The value of `name` in the query of a URL (`next` links carry the offset).
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct M {
        a: Decimal,
    }

    #[test]
    fn decimals_stay_exact_from_strings_and_numbers() {
        let m: M = serde_json::from_str(r#"{"a": "19.99"}"#).unwrap();
        assert_eq!(m.a.0, "19.99");
        let m: M = serde_json::from_str(r#"{"a": 0.30000000000000004}"#).unwrap();
        assert_eq!(m.a.0, "0.30000000000000004");
        let m: M = serde_json::from_str(r#"{"a": 10.0}"#).unwrap();
        assert_eq!(m.a.0, "10.0");
        assert!(serde_json::from_str::<M>(r#"{"a": true}"#).is_err());
        let at = At {
            marketplace: "amazon",
            op: "getItemOffers",
            record: "ASIN B0",
        };
        assert_eq!(at.minor("x", &m.a.0, Currency::USD).unwrap(), 1000);
        let e = at
            .minor("ListingPrice", "0.305", Currency::USD)
            .unwrap_err();
        assert!(e.to_string().contains("ListingPrice"), "{e}");
    }

    #[test]
    fn instants_are_normalised() {
        let at = At {
            marketplace: "ebay",
            op: "getOrders",
            record: "order 1",
        };
        assert_eq!(
            at.instant("d", "2025-06-01T10:00:00.123Z").unwrap(),
            "2025-06-01T10:00:00Z"
        );
        assert_eq!(
            at.instant("d", "2025-06-01T03:00:00-07:00").unwrap(),
            "2025-06-01T10:00:00Z"
        );
        assert!(at.instant("d", "yesterday").is_err());
        assert_eq!(
            query_param("https://x/y?limit=2&offset=4", "offset").as_deref(),
            Some("4")
        );
    }
}
