//! OAuth 2.0 pieces the marketplaces share: refreshing access tokens (Etsy, eBay, Login with
//! Amazon), persisting rotated refresh tokens at once, PKCE, and capturing the authorization
//! redirect on a loopback port or from a pasted URL.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::client::{ApiClient, CallError};
use crate::auth::{Credentials, Secret};
use crate::error::{Error, Result};

/// How a marketplace wants its client authenticated at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_id` in the form, no secret (Etsy: the keystring, PKCE app).
    FormIdOnly { id_field: &'static str },
    /// `Authorization: Basic base64(id:secret)` (eBay).
    Basic {
        id_field: &'static str,
        secret_field: &'static str,
    },
    /// `client_id` and `client_secret` in the form (Login with Amazon).
    FormIdSecret {
        id_field: &'static str,
        secret_field: &'static str,
    },
}

/// A token endpoint and how to call it.
#[derive(Debug, Clone)]
pub struct TokenEndpoint {
    pub url: String,
    pub auth: ClientAuth,
    /// `scope` sent with a refresh (eBay wants the scopes again).
    pub scope: Option<String>,
}

/// A token endpoint's answer (RFC 6749 §5.1).
#[derive(Debug, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(default)]
    pub refresh_token: Option<String>,
}

impl std::fmt::Display for TokenEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

/// What a refresh refused with `invalid_scope` says (and how [`TokenManager::refresh`] knows it).
const SCOPE_NOT_GRANTED: &str =
    "the refresh token was granted without a scope sellkit now asks for";

/// Hands out a valid bearer token, refreshing it when it is missing, about to expire or was
/// refused, and writing what the endpoint returns to the credential store at once.
#[derive(Debug)]
pub struct TokenManager {
    pub creds: Credentials,
    pub endpoint: TokenEndpoint,
    pub now: jiff::Timestamp,
    pub refreshes: u32,
    /// Scopes to ask for instead when the refresh token was granted before sellkit asked for
    /// all of `endpoint.scope` (eBay's sell.finances, added for the ledger).
    fallback_scope: Option<String>,
    /// The refresh fell back to `fallback_scope`: what needs the newer scope is unavailable
    /// until the seller signs in again.
    pub narrowed: bool,
}

impl TokenManager {
    pub fn new(creds: Credentials, endpoint: TokenEndpoint, now: jiff::Timestamp) -> TokenManager {
        TokenManager {
            creds,
            endpoint,
            now,
            refreshes: 0,
            fallback_scope: None,
            narrowed: false,
        }
    }

    /// Falls back to `scope` when the refresh token does not cover the endpoint's scopes, so
    /// that a sign-in made before sellkit asked for a new scope keeps working for the rest.
    pub fn with_fallback_scope(mut self, scope: &str) -> TokenManager {
        self.fallback_scope = Some(scope.to_string());
        self
    }

    /// The access token; `force` refreshes even a token that looks valid (after a 401).
    pub async fn bearer(&mut self, client: &ApiClient, force: bool) -> Result<Secret> {
        if !force && let Some(t) = self.creds.get("access_token") {
            let expires = self
                .creds
                .get("access_token_expires_at")
                .and_then(|e| e.expose().parse::<jiff::Timestamp>().ok());
            // A token with no known expiry (set by hand) is tried; a 401 refreshes it.
            let fresh = expires.is_none_or(|e| e > self.now + jiff::SignedDuration::from_secs(120));
            if fresh {
                return Ok(t.clone());
            }
        }
        self.refresh(client).await
    }

    async fn refresh(&mut self, client: &ApiClient) -> Result<Secret> {
        match self.refresh_once(client).await {
            Err(e) if e.to_string().contains(SCOPE_NOT_GRANTED) => {
                let Some(narrower) = self.fallback_scope.take() else {
                    return Err(e);
                };
                tracing::warn!(
                    marketplace = client.marketplace(),
                    "the refresh token does not cover every scope sellkit asks for; using the ones it was granted"
                );
                self.endpoint.scope = Some(narrower);
                self.narrowed = true;
                self.refresh_once(client).await
            }
            r => r,
        }
    }

    async fn refresh_once(&mut self, client: &ApiClient) -> Result<Secret> {
        let refresh_token = self.creds.field("refresh_token")?.clone();
        let mut form: Vec<(&str, String)> = vec![
            ("grant_type", "refresh_token".into()),
            ("refresh_token", refresh_token.expose().to_string()),
        ];
        if let Some(scope) = &self.endpoint.scope {
            form.push(("scope", scope.clone()));
        }
        let mut basic = None;
        match self.endpoint.auth {
            ClientAuth::FormIdOnly { id_field } => {
                form.push((
                    "client_id",
                    self.creds.field(id_field)?.expose().to_string(),
                ));
            }
            ClientAuth::Basic {
                id_field,
                secret_field,
            } => {
                let pair = format!(
                    "{}:{}",
                    self.creds.field(id_field)?.expose(),
                    self.creds.field(secret_field)?.expose()
                );
                basic = Some(format!("Basic {}", STANDARD.encode(pair)));
            }
            ClientAuth::FormIdSecret {
                id_field,
                secret_field,
            } => {
                form.push((
                    "client_id",
                    self.creds.field(id_field)?.expose().to_string(),
                ));
                form.push((
                    "client_secret",
                    self.creds.field(secret_field)?.expose().to_string(),
                ));
            }
        }
        let url = self.endpoint.url.clone();
        let answer: std::result::Result<TokenResponse, CallError> = client
            .json("token refresh", |h| {
                let r = h.post(&url).form(&form);
                match &basic {
                    Some(b) => r.header(reqwest::header::AUTHORIZATION, b),
                    None => r,
                }
            })
            .await;
        let t = match answer {
            Ok(t) => t,
            Err(CallError::Unauthorized { status, .. }) => {
                return Err(Error::config(format!(
                    "{}: the refresh token was refused (HTTP {status}); sign in again with `sellkit auth login {}`",
                    client.marketplace(),
                    client.marketplace()
                )));
            }
            Err(e) => {
                let e = client.fail("token refresh", e);
                // A 400 invalid_grant is a dead refresh token, not an outage.
                if e.to_string().contains("invalid_grant") {
                    return Err(Error::config(format!(
                        "{}: the refresh token is no longer valid; sign in again with `sellkit auth login {}`",
                        client.marketplace(),
                        client.marketplace()
                    )));
                }
                // A 400 invalid_scope: the refresh token was granted before sellkit asked for
                // a scope it now needs (eBay's sell.finances, for the ledger).
                if e.to_string().contains("invalid_scope") {
                    return Err(Error::config(format!(
                        "{}: {SCOPE_NOT_GRANTED}; sign in again with `sellkit auth login {}`",
                        client.marketplace(),
                        client.marketplace()
                    )));
                }
                return Err(e);
            }
        };
        self.refreshes += 1;
        // The rotated refresh token first: the old one is already dead at the marketplace.
        if let Some(r) = t.refresh_token.filter(|r| r != refresh_token.expose()) {
            self.creds
                .persist("refresh_token", Secret::new(r))
                .map_err(|e| {
                    Error::config(format!(
                        "{}: the marketplace issued a new refresh token but it could not be saved ({e}); \
                         choose a writable store (`sellkit config set auth.store file`) and sign in again",
                        client.marketplace()
                    ))
                })?;
        }
        let access = Secret::new(t.access_token);
        let expires = self.now + jiff::SignedDuration::from_secs(t.expires_in.unwrap_or(3600));
        // Access tokens are a cache: a store that cannot keep them costs a refresh next run.
        if let Err(e) = self
            .creds
            .persist("access_token", access.clone())
            .and_then(|()| {
                self.creds.persist(
                    "access_token_expires_at",
                    Secret::new(crate::time::rfc3339(expires)),
                )
            })
        {
            tracing::warn!("{}: access token not cached: {e}", client.marketplace());
        }
        Ok(access)
    }
}

/// A PKCE verifier and its S256 challenge (RFC 7636).
#[derive(Debug, Clone)]
pub struct Pkce {
    pub verifier: String,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Pkce {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Pkce::from_verifier(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn from_verifier(verifier: String) -> Pkce {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Pkce {
            verifier,
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Pkce::new()
    }
}

/// A random `state` value for the authorization request.
pub fn random_state() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Takes `code` from a redirect URL (or a bare query string), checking `state`.
pub fn code_from_redirect(redirect: &str, state: &str) -> Result<String> {
    let query = redirect
        .trim()
        .split_once('?')
        .map_or(redirect.trim(), |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    let mut code = None;
    let mut got_state = None;
    let mut error = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "state" => got_state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(e) = error {
        return Err(Error::config(format!(
            "the marketplace refused the sign-in: {e}"
        )));
    }
    if got_state.as_deref() != Some(state) {
        return Err(Error::config(
            "the redirect's state does not match this sign-in; start `sellkit auth login` again",
        ));
    }
    code.ok_or_else(|| Error::config("the redirect URL has no code parameter"))
}

/// Waits for one browser redirect on a loopback listener and answers it with a short page.
/// Returns the request's path and query.
pub async fn capture_redirect(listener: tokio::net::TcpListener) -> Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    loop {
        let (mut sock, _) = listener
            .accept()
            .await
            .map_err(|e| Error::Other(anyhow::anyhow!("loopback listener: {e}")))?;
        let mut buf = vec![0u8; 8192];
        let mut len = 0;
        while len < buf.len() {
            let n = sock
                .read(&mut buf[len..])
                .await
                .map_err(|e| Error::Other(anyhow::anyhow!("loopback listener: {e}")))?;
            if n == 0 {
                break;
            }
            len += n;
            if buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let head = String::from_utf8_lossy(&buf[..len]);
        let Some(target) = head
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("GET "))
            .and_then(|l| l.split(' ').next())
        else {
            continue;
        };
        if !target.contains("code=") && !target.contains("error=") {
            // A favicon or a probe: not the redirect.
            let _ = sock
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            continue;
        }
        let page = "<!doctype html><title>sellkit</title><p>Signed in. You can close this tab and return to the terminal.</p>";
        let resp = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = sock.write_all(resp.as_bytes()).await;
        return Ok(target.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{KeyStore, service};
    use crate::marketplaces::api::client::ClientConfig;
    use std::collections::BTreeMap;
    use wiremock::matchers::{body_string_contains, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[test]
    fn pkce_matches_rfc7636_appendix_b() {
        let p = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(p.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_ne!(Pkce::new().verifier, Pkce::new().verifier);
    }

    #[test]
    fn code_is_taken_from_the_redirect_and_state_checked() {
        let url = "http://localhost:3003/callback?code=abc%2B1&state=s1";
        assert_eq!(code_from_redirect(url, "s1").unwrap(), "abc+1");
        assert!(code_from_redirect(url, "other").is_err());
        assert!(
            code_from_redirect("?error=access_denied&state=s1", "s1")
                .unwrap_err()
                .to_string()
                .contains("access_denied")
        );
    }

    #[tokio::test]
    async fn etsy_refresh_rotates_and_persists_the_new_refresh_token() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v3/public/oauth/token"))
            .and(body_string_contains("grant_type=refresh_token"))
            .and(body_string_contains("refresh_token=r1"))
            .and(body_string_contains("client_id=key1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "12345678.at2", "token_type": "Bearer",
                "expires_in": 3600, "refresh_token": "12345678.r2"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let store = KeyStore::memory();
        store.set("etsy.api_key", "key1").unwrap();
        store.set("etsy.refresh_token", "r1").unwrap();
        let creds = Credentials::load(service("etsy").unwrap(), &BTreeMap::new(), &store).unwrap();
        let now: jiff::Timestamp = "2025-06-30T12:00:00Z".parse().unwrap();
        let mut tm = TokenManager::new(
            creds,
            TokenEndpoint {
                url: format!("{}/v3/public/oauth/token", server.uri()),
                auth: ClientAuth::FormIdOnly {
                    id_field: "api_key",
                },
                scope: None,
            },
            now,
        );
        let client = ApiClient::new("etsy", ClientConfig::default()).unwrap();
        let t = tm.bearer(&client, false).await.unwrap();
        assert_eq!(t.expose(), "12345678.at2");
        assert_eq!(
            store.get("etsy.refresh_token").unwrap().as_deref(),
            Some("12345678.r2")
        );
        assert_eq!(
            store
                .get("etsy.access_token_expires_at")
                .unwrap()
                .as_deref(),
            Some("2025-06-30T13:00:00Z")
        );
        // Cached now: no second call (the mock expects exactly one).
        assert_eq!(
            tm.bearer(&client, false).await.unwrap().expose(),
            "12345678.at2"
        );
    }

    #[tokio::test]
    async fn ebay_refresh_uses_basic_auth_and_scope() {
        let server = MockServer::start().await;
        // base64("id:secret")
        Mock::given(method("POST"))
            .and(header("authorization", "Basic aWQ6c2VjcmV0"))
            .and(body_string_contains(
                "scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.inventory",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "v^1.1#at", "expires_in": 7200, "token_type": "User Access Token"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let store = KeyStore::memory();
        for (k, v) in [
            ("client_id", "id"),
            ("client_secret", "secret"),
            ("refresh_token", "v^1.1#r"),
        ] {
            store.set(&format!("ebay.{k}"), v).unwrap();
        }
        let creds = Credentials::load(service("ebay").unwrap(), &BTreeMap::new(), &store).unwrap();
        let mut tm = TokenManager::new(
            creds,
            TokenEndpoint {
                url: server.uri(),
                auth: ClientAuth::Basic {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: Some("https://api.ebay.com/oauth/api_scope/sell.inventory".into()),
            },
            jiff::Timestamp::UNIX_EPOCH,
        );
        let client = ApiClient::new("ebay", ClientConfig::default()).unwrap();
        assert_eq!(tm.bearer(&client, true).await.unwrap().expose(), "v^1.1#at");
        assert_eq!(
            store.get("ebay.refresh_token").unwrap().as_deref(),
            Some("v^1.1#r")
        );
    }

    #[tokio::test]
    async fn a_dead_refresh_token_says_to_sign_in_again() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_grant", "error_description": "refresh token expired"
            })))
            .mount(&server)
            .await;
        let store = KeyStore::memory();
        for (k, v) in [
            ("client_id", "id"),
            ("client_secret", "s"),
            ("refresh_token", "Atzr|x"),
        ] {
            store.set(&format!("amazon.{k}"), v).unwrap();
        }
        let creds =
            Credentials::load(service("amazon").unwrap(), &BTreeMap::new(), &store).unwrap();
        let mut tm = TokenManager::new(
            creds,
            TokenEndpoint {
                url: server.uri(),
                auth: ClientAuth::FormIdSecret {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: None,
            },
            jiff::Timestamp::UNIX_EPOCH,
        );
        let client = ApiClient::new("amazon", ClientConfig::default()).unwrap();
        let e = tm.bearer(&client, false).await.unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
        assert!(e.to_string().contains("sellkit auth login amazon"), "{e}");
    }

    #[tokio::test]
    async fn a_refresh_token_without_a_newly_asked_scope_says_to_sign_in_again() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_scope",
                "error_description": "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client"
            })))
            .mount(&server)
            .await;
        let store = KeyStore::memory();
        for (k, v) in [
            ("client_id", "id"),
            ("client_secret", "s"),
            ("refresh_token", "v^1.1#x"),
        ] {
            store.set(&format!("ebay.{k}"), v).unwrap();
        }
        let creds = Credentials::load(service("ebay").unwrap(), &BTreeMap::new(), &store).unwrap();
        let mut tm = TokenManager::new(
            creds,
            TokenEndpoint {
                url: server.uri(),
                auth: ClientAuth::Basic {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: Some(crate::marketplaces::api::ebay::SELL_SCOPES.into()),
            },
            jiff::Timestamp::UNIX_EPOCH,
        );
        let client = ApiClient::new("ebay", ClientConfig::default()).unwrap();
        let e = tm.bearer(&client, false).await.unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
        assert_eq!(
            e.to_string(),
            "ebay: the refresh token was granted without a scope sellkit now asks for; sign in again with `sellkit auth login ebay`"
        );
    }

    #[tokio::test]
    async fn a_sign_in_from_before_a_new_scope_falls_back_to_the_scopes_it_was_granted() {
        let server = MockServer::start().await;
        // Asking for sell.finances is refused; the older scopes are granted.
        Mock::given(method("POST"))
            .and(body_string_contains("sell.finances"))
            .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_scope",
                "error_description": "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client"
            })))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(body_string_contains("sell.fulfillment"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "access_token": "v^1.1#new",
                "expires_in": 7200,
                "token_type": "User Access Token"
            })))
            .expect(1)
            .mount(&server)
            .await;
        let store = KeyStore::memory();
        for (k, v) in [
            ("client_id", "id"),
            ("client_secret", "s"),
            ("refresh_token", "v^1.1#x"),
        ] {
            store.set(&format!("ebay.{k}"), v).unwrap();
        }
        let creds = Credentials::load(service("ebay").unwrap(), &BTreeMap::new(), &store).unwrap();
        let mut tm = TokenManager::new(
            creds,
            TokenEndpoint {
                url: server.uri(),
                auth: ClientAuth::Basic {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: Some(crate::marketplaces::api::ebay::SELL_SCOPES.into()),
            },
            jiff::Timestamp::UNIX_EPOCH,
        )
        .with_fallback_scope(crate::marketplaces::api::ebay::SELL_SCOPES_BEFORE_FINANCES);
        let client = ApiClient::new("ebay", ClientConfig::default()).unwrap();
        let t = tm.bearer(&client, false).await.unwrap();
        assert_eq!(t.expose(), "v^1.1#new");
        assert!(tm.narrowed);
        assert!(!crate::marketplaces::api::ebay::SELL_SCOPES_BEFORE_FINANCES.contains("finances"));
    }

    #[tokio::test]
    async fn the_loopback_listener_returns_the_redirect() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(capture_redirect(listener));
        let client = reqwest::Client::new();
        let body = client
            .get(format!("http://{addr}/callback?code=c1&state=s1"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(body.contains("Signed in"));
        let target = task.await.unwrap().unwrap();
        assert_eq!(code_from_redirect(&target, "s1").unwrap(), "c1");
    }
}
