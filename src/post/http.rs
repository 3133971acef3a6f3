//! One marketplace's session for `post`: the rate-limited retrying [`ApiClient`], the
//! credentials and token refresh, and the dry-run recorder that prints each request (method,
//! URL, body) with every secret header redacted instead of sending it.

use reqwest::Method;
use serde_json::{Map, Value, json};

use crate::auth::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::marketplaces::api::client::{ApiClient, CallError};
use crate::marketplaces::api::oauth::TokenManager;

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    Empty,
    Json(Value),
    /// `application/x-www-form-urlencoded` pairs (Etsy's listing endpoints).
    Form(Vec<(String, String)>),
}

/// One request, as built by a marketplace module.
#[derive(Debug, Clone)]
pub struct Request {
    /// The operation's name in the marketplace's contract (e.g. `createDraftListing`).
    pub op: &'static str,
    pub method: Method,
    /// The full URL, query included.
    pub url: String,
    pub body: Body,
    /// Headers other than credentials.
    pub headers: Vec<(&'static str, String)>,
}

impl Request {
    pub fn new(op: &'static str, method: Method, url: String) -> Request {
        Request {
            op,
            method,
            url,
            body: Body::Empty,
            headers: Vec::new(),
        }
    }
    pub fn json(mut self, v: Value) -> Request {
        self.body = Body::Json(v);
        self
    }
    pub fn form(mut self, pairs: Vec<(String, String)>) -> Request {
        self.body = Body::Form(pairs);
        self
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }
}

/// How credentials go on a request.
#[derive(Debug)]
pub enum Auth {
    /// Nothing (dry runs).
    None,
    /// `Authorization: Bearer` from a token manager, plus optional `x-api-key` (Etsy).
    Bearer {
        tokens: Box<TokenManager>,
        api_key: Option<Secret>,
    },
    /// A fixed token in a named header (Shopify `X-Shopify-Access-Token`).
    Header { name: &'static str, token: Secret },
    /// `x-amz-access-token` from the LWA token manager (Amazon).
    Amazon { tokens: Box<TokenManager> },
}

/// What a lookup found.
#[derive(Debug, Clone)]
pub enum Lookup {
    /// A dry run sends nothing.
    DryRun,
    Missing,
    Found(Value),
}

/// A marketplace session.
#[derive(Debug)]
pub struct Session {
    pub marketplace: &'static str,
    pub client: ApiClient,
    pub auth: Auth,
    /// Non-secret credential fields and settings (shop_id, seller_id, base URLs).
    pub fields: Map<String, Value>,
    pub creds: Option<Credentials>,
    pub dry_run: bool,
    pub recorded: Vec<Value>,
    pub draft_id: i64,
    pub posting_id: Option<i64>,
}

/// The header names that carry secrets (redacted in dry runs).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-api-key",
    "x-shopify-access-token",
    "x-amz-access-token",
];

impl Session {
    pub fn new(
        marketplace: &'static str,
        client: ApiClient,
        auth: Auth,
        fields: Map<String, Value>,
        dry_run: bool,
    ) -> Session {
        Session {
            marketplace,
            client,
            auth,
            fields,
            creds: None,
            dry_run,
            recorded: Vec::new(),
            draft_id: 0,
            posting_id: None,
        }
    }

    /// A setting or non-secret field; in a dry run a missing one prints as `{name}`.
    pub fn field(&self, name: &str) -> Result<String> {
        match self.fields.get(name) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ if self.dry_run => Ok(format!("{{{name}}}")),
            _ => Err(Error::config(format!(
                "{}: {name} is not set: run `sellkit auth login {}` or set {}",
                self.marketplace,
                self.marketplace,
                crate::auth::env_var(self.marketplace, name)
            ))),
        }
    }

    fn auth_header_names(&self) -> Vec<&'static str> {
        match &self.auth {
            Auth::None => match self.marketplace {
                "etsy" => vec!["Authorization", "x-api-key"],
                "shopify" => vec!["X-Shopify-Access-Token"],
                "amazon" => vec!["x-amz-access-token"],
                _ => vec!["Authorization"],
            },
            Auth::Bearer { api_key, .. } => {
                let mut v = vec!["Authorization"];
                if api_key.is_some() {
                    v.push("x-api-key");
                }
                v
            }
            Auth::Header { name, .. } => vec![name],
            Auth::Amazon { .. } => vec!["x-amz-access-token"],
        }
    }

    fn record(&mut self, req: &Request) {
        let mut headers = Map::new();
        for name in self.auth_header_names() {
            headers.insert(name.to_string(), json!("<redacted>"));
        }
        for (k, v) in &req.headers {
            let shown = if SECRET_HEADERS.contains(&k.to_ascii_lowercase().as_str()) {
                "<redacted>".to_string()
            } else {
                v.clone()
            };
            headers.insert((*k).to_string(), json!(shown));
        }
        let (content_type, body) = match &req.body {
            Body::Empty => (None, Value::Null),
            Body::Json(v) => (Some("application/json"), v.clone()),
            Body::Form(pairs) => (
                Some("application/x-www-form-urlencoded"),
                Value::Object(pairs.iter().map(|(k, v)| (k.clone(), json!(v))).collect()),
            ),
        };
        if let Some(ct) = content_type {
            headers.insert("Content-Type".into(), json!(ct));
        }
        self.recorded.push(json!({
            "draft_id": self.draft_id,
            "marketplace": self.marketplace,
            "operation": req.op,
            "method": req.method.as_str(),
            "url": req.url,
            "headers": headers,
            "body": body,
        }));
    }

    async fn credentials(&mut self, force: bool) -> Result<Vec<(&'static str, String)>> {
        Ok(match &mut self.auth {
            Auth::None => Vec::new(),
            Auth::Bearer { tokens, api_key } => {
                let t = tokens.bearer(&self.client, force).await?;
                let mut v = vec![("Authorization", format!("Bearer {}", t.expose()))];
                if let Some(k) = api_key {
                    v.push(("x-api-key", k.expose().to_string()));
                }
                v
            }
            Auth::Header { name, token } => vec![(*name, token.expose().to_string())],
            Auth::Amazon { tokens } => {
                let t = tokens.bearer(&self.client, force).await?;
                vec![("x-amz-access-token", t.expose().to_string())]
            }
        })
    }

    async fn send(&mut self, req: &Request) -> std::result::Result<Value, CallError> {
        let mut force = false;
        loop {
            let creds = self.credentials(force).await?;
            let answer = self
                .client
                .send(req.op, |h| {
                    let mut b = h.request(req.method.clone(), &req.url);
                    for (k, v) in creds.iter().chain(req.headers.iter()) {
                        b = b.header(*k, v);
                    }
                    match &req.body {
                        Body::Empty => b,
                        Body::Json(v) => b.json(v),
                        Body::Form(pairs) => b.form(pairs),
                    }
                })
                .await;
            match answer {
                Ok(resp) => {
                    let bytes = resp.bytes().await.map_err(|e| {
                        Error::api(format!(
                            "{} {}: reading the answer: {e}",
                            self.marketplace, req.op
                        ))
                    })?;
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        return Ok(Value::Null);
                    }
                    return serde_json::from_slice(&bytes).map_err(|e| {
                        CallError::Failed(Error::api(format!(
                            "{} {}: the answer is not what the API documents ({e})",
                            self.marketplace, req.op
                        )))
                    });
                }
                // A refused token is refreshed once (not for fixed tokens).
                Err(CallError::Unauthorized { .. })
                    if !force && matches!(self.auth, Auth::Bearer { .. } | Auth::Amazon { .. }) =>
                {
                    force = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Sends a request (records it in a dry run, returning `None`).
    pub async fn call(&mut self, req: Request) -> Result<Option<Value>> {
        if self.dry_run {
            self.record(&req);
            return Ok(None);
        }
        match self.send(&req).await {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(self.client.fail(req.op, e)),
        }
    }

    /// A read whose 404 means "not there".
    pub async fn lookup(&mut self, req: Request) -> Result<Lookup> {
        if self.dry_run {
            self.record(&req);
            return Ok(Lookup::DryRun);
        }
        match self.send(&req).await {
            Ok(v) => Ok(Lookup::Found(v)),
            Err(e) => {
                let e = self.client.fail(req.op, e);
                if e.to_string().contains("HTTP 404") {
                    Ok(Lookup::Missing)
                } else {
                    Err(e)
                }
            }
        }
    }
}

/// A JSON number for a money amount on the wire (exact decimal text, e.g. 24.95).
pub fn decimal_number(m: crate::money::Money) -> Value {
    serde_json::from_str(&m.decimal_string()).unwrap_or(Value::Null)
}

/// Text from an answer by JSON pointer; in a dry run (no answer) a `{placeholder}`.
pub fn pick(answer: &Option<Value>, pointer: &str, placeholder: &str) -> Result<String> {
    match answer {
        None => Ok(format!("{{{placeholder}}}")),
        Some(v) => match v.pointer(pointer) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => Err(Error::api(format!(
                "the answer has no {} ({pointer}): {}",
                placeholder,
                crate::output::sanitize::one_line(
                    &v.to_string().chars().take(200).collect::<String>()
                )
            ))),
        },
    }
}
