//! `sellkit post`: publish approved drafts.

use serde_json::{Map, Value, json};

use crate::auth;
use crate::cli::Context;
use crate::error::{Error, Result};
use crate::marketplaces::api::client::{ApiClient, Bucket, ClientConfig};
use crate::marketplaces::api::oauth::{ClientAuth, TokenEndpoint, TokenManager};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};
use crate::post::http::Auth;
use crate::post::{self, Options, Session, Sessions, Summary};

/// Publish approved drafts to their marketplaces.
///
/// Sends only drafts whose payload still has the SHA-256 recorded when you approved it in
/// `sellkit review`; a draft changed since is refused (nothing sent) and goes back to the
/// queue. Each draft is posted once: its posting has an idempotency key and a state (queued,
/// sending, posted, failed) saved before any request leaves. A posting interrupted while
/// "sending" is reconciled on the next run by looking the SKU up on the marketplace first, so
/// a listing is never created twice. Failed drafts are retried by the next `post`.
///
/// Etsy: createDraftListing, updateListingInventory, updateListing. eBay:
/// createOrReplaceInventoryItem, createOffer, publishOffer, updateOffer,
/// bulkUpdatePriceQuantity. Shopify: productSet, productUpdate, productVariantsBulkUpdate,
/// inventorySetQuantities. Amazon: putListingsItem / patchListingsItem, each first with
/// mode=VALIDATION_PREVIEW.
///
/// Prints a summary (posted, failed with reasons, refused, skipped); exits 4 when anything
/// failed, 6 when a draft was refused. Every posting is in the audit log.
///
/// Examples:
///   sellkit post --dry-run
///   sellkit post --dry-run --json | jq '.requests[] | {method, url}'
///   sellkit post --marketplace etsy
///   sellkit post --draft 12 --draft 14
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the exact requests (method, URL, body; secrets redacted) and send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Only drafts for this marketplace
    #[arg(long, value_name = "MARKETPLACE", value_parser = ["etsy", "shopify", "amazon", "ebay"])]
    pub marketplace: Option<String>,
    /// Only this draft (repeatable)
    #[arg(long = "draft", value_name = "ID")]
    pub drafts: Vec<i64>,
}

fn static_name(m: &str) -> Result<&'static str> {
    Ok(match m {
        "etsy" => "etsy",
        "ebay" => "ebay",
        "shopify" => "shopify",
        "amazon" => "amazon",
        other => return Err(Error::input(format!("unknown marketplace {other:?}"))),
    })
}

struct FromConfig<'a> {
    ctx: &'a Context,
}

impl Sessions for FromConfig<'_> {
    fn session(&mut self, marketplace: &str, dry_run: bool) -> Result<Session> {
        let name = static_name(marketplace)?;
        let spec = auth::service(name)?;
        let creds = self.ctx.stored_credentials(spec.name);
        let creds = match creds {
            Ok(c) => Some(c),
            // A dry run prints placeholders where the credentials would go.
            Err(_) if dry_run => None,
            Err(e) => return Err(e),
        };
        if !dry_run && let Some(c) = &creds {
            c.require()?;
        }
        // Where each marketplace is called, from its config. eBay and Amazon hosts follow
        // their sandbox and region switches, as in `sync`.
        let config = &self.ctx.config;
        let mut fields = Map::new();
        let mut put = |field: &str, value: String| {
            fields.insert(field.into(), Value::String(value));
        };
        match name {
            "etsy" => {
                put("base_url", config.etsy.base_url.get());
                put("token_url", config.etsy.token_url.get());
            }
            "ebay" => {
                let c = crate::marketplaces::api::ebay::EbayEndpoint::from_config(&config.ebay);
                put("base_url", c.base_url);
                put("token_url", c.token_url);
                put("marketplace_id", c.marketplace_id);
            }
            "shopify" => {
                if let Some(b) = config.shopify.base_url.get() {
                    put("base_url", b);
                }
                put("api_version", config.shopify.api_version.get());
            }
            _ => {
                let c =
                    crate::marketplaces::api::amazon::AmazonEndpoint::from_config(&config.amazon)?;
                put("endpoint", c.endpoint);
                put("token_url", c.token_url);
                put("marketplace_id", c.marketplace_id);
            }
        }
        // Non-secret credential fields that go into URLs.
        for f in ["shop_id", "shop", "seller_id"] {
            if let Some(v) = creds.as_ref().and_then(|c| c.get(f)) {
                fields.insert(f.into(), json!(v.expose()));
            }
        }
        let bucket = match name {
            "etsy" => Bucket {
                rate: 10.0,
                burst: 10,
            },
            "shopify" => Bucket {
                rate: 2.0,
                burst: 4,
            },
            "amazon" => Bucket {
                rate: 5.0,
                burst: 5,
            },
            _ => Bucket {
                rate: 5.0,
                burst: 5,
            },
        };
        let client = ApiClient::new(name, ClientConfig::default())?.with_default_limit(bucket);
        let token_url = fields
            .get("token_url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let now = self.ctx.now;
        let auth = match (creds, dry_run) {
            (None, _) | (_, true) => Auth::None,
            (Some(c), false) => match name {
                "etsy" => {
                    // Etsy wants x-api-key as keystring:shared_secret, as `sync etsy` sends it.
                    let keystring = c.field("api_key")?.expose().to_string();
                    let secret = c.get("shared_secret").ok_or_else(|| {
                        Error::config(format!(
                            "etsy: no shared secret stored; Etsy wants x-api-key as keystring:shared_secret (set {} or run `sellkit auth login etsy`)",
                            auth::env_var("etsy", "shared_secret")
                        ))
                    })?;
                    let api_key = Some(crate::auth::Secret::new(format!(
                        "{keystring}:{}",
                        secret.expose()
                    )));
                    let endpoint = TokenEndpoint {
                        url: token_url,
                        auth: ClientAuth::FormIdOnly {
                            id_field: "api_key",
                        },
                        scope: None,
                    };
                    Auth::Bearer {
                        tokens: Box::new(TokenManager::new(c, endpoint, now)),
                        api_key,
                    }
                }
                "ebay" => {
                    let endpoint = TokenEndpoint {
                        url: token_url,
                        auth: ClientAuth::Basic {
                            id_field: "client_id",
                            secret_field: "client_secret",
                        },
                        scope: Some("https://api.ebay.com/oauth/api_scope/sell.inventory".into()),
                    };
                    Auth::Bearer {
                        tokens: Box::new(TokenManager::new(c, endpoint, now)),
                        api_key: None,
                    }
                }
                "shopify" => Auth::Header {
                    name: "X-Shopify-Access-Token",
                    token: c.field("access_token")?.clone(),
                },
                _ => {
                    let endpoint = TokenEndpoint {
                        url: token_url,
                        auth: ClientAuth::FormIdSecret {
                            id_field: "client_id",
                            secret_field: "client_secret",
                        },
                        scope: None,
                    };
                    Auth::Amazon {
                        tokens: Box::new(TokenManager::new(c, endpoint, now)),
                    }
                }
            },
        };
        Ok(Session::new(name, client, auth, fields, dry_run))
    }
}

struct Shown(Summary);

impl Render for Shown {
    fn document(&self) -> Value {
        let s = &self.0;
        to_json(&wire::PostDoc {
            schema_version: SCHEMA_VERSION,
            dry_run: s.dry_run,
            posted: &s.posted,
            failed: &s.failed,
            refused: &s.refused,
            skipped: &s.skipped,
            requests: s.dry_run.then_some(s.requests.as_slice()),
        })
    }
    fn records(&self) -> Vec<Value> {
        let s = &self.0;
        let mut out = Vec::new();
        for (outcome, items) in [
            ("posted", &s.posted),
            ("failed", &s.failed),
            ("refused", &s.refused),
            ("skipped", &s.skipped),
        ] {
            for item in items {
                out.push(to_json(&wire::PostRecord { item, outcome }));
            }
        }
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let s = &self.0;
        let mut rows = Vec::new();
        for (outcome, items) in [
            ("posted", &s.posted),
            ("failed", &s.failed),
            ("refused", &s.refused),
            ("skipped", &s.skipped),
        ] {
            for i in items {
                rows.push(vec![
                    i.draft_id.to_string(),
                    outcome.to_string(),
                    i.marketplace.clone(),
                    i.kind.clone(),
                    sanitize::one_line(i.sku.as_deref().unwrap_or("-")),
                    i.remote_id.clone().unwrap_or_else(|| "-".into()),
                    sanitize::one_line(i.reason.as_deref().unwrap_or("")),
                ]);
            }
        }
        let mut out = vec![Titled {
            title: Some(if s.dry_run {
                "Post (dry run: nothing sent)".into()
            } else {
                "Post".into()
            }),
            table: table::build(
                opts,
                &[
                    ("draft", Align::Right),
                    ("outcome", Align::Left),
                    ("marketplace", Align::Left),
                    ("kind", Align::Left),
                    ("sku", Align::Left),
                    ("remote id", Align::Left),
                    ("reason", Align::Left),
                ],
                rows,
            ),
            note: None,
        }];
        for r in &s.requests {
            let get = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            let headers = r
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| {
                    h.iter()
                        .map(|(k, v)| format!("{k}: {}", v.as_str().unwrap_or("")))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            let body = match r.get("body") {
                Some(Value::Null) | None => String::new(),
                Some(b) => serde_json::to_string_pretty(b).unwrap_or_default(),
            };
            out.push(Titled {
                title: Some(format!(
                    "draft {} {}: {} {}",
                    r.get("draft_id").cloned().unwrap_or_default(),
                    get("operation"),
                    get("method"),
                    get("url")
                )),
                table: table::key_values(
                    opts,
                    vec![("headers".into(), headers), ("body".into(), body)],
                ),
                note: None,
            });
        }
        out
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    let opts = Options {
        dry_run: args.dry_run,
        marketplace: args.marketplace.clone(),
        drafts: args.drafts.clone(),
    };
    let actor = crate::review::os_user();
    let clock = || crate::time::rfc3339(ctx.clock());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("async runtime: {e}")))?;
    let mut sessions = FromConfig { ctx };
    let summary = rt.block_on(post::post(&mut store, &mut sessions, &opts, &actor, &clock))?;
    if summary.posted.is_empty()
        && summary.failed.is_empty()
        && summary.refused.is_empty()
        && summary.skipped.is_empty()
    {
        ctx.out
            .status("No approved drafts to post: approve some with `sellkit review`.");
    }
    let error = post::outcome_error(&summary);
    ctx.out.print(&Shown(summary))?;
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// What `sellkit post` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;
    use serde_json::Value;

    use crate::post::Item;

    /// The document `sellkit post --json` prints: every draft it looked at, by outcome.
    #[derive(Serialize)]
    pub struct PostDoc<'a> {
        pub schema_version: u32,
        pub dry_run: bool,
        pub posted: &'a [Item],
        /// Not posted this time, each with its reason (the next `post` retries them).
        pub failed: &'a [Item],
        /// Not sent: the payload changed after its approval.
        pub refused: &'a [Item],
        pub skipped: &'a [Item],
        /// The requests a dry run would send (method, URL, headers, body; secrets redacted).
        /// Only in a dry run: the key is left out otherwise.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub requests: Option<&'a [Value]>,
    }

    /// One NDJSON/CSV record of `sellkit post`: a draft, then what happened to it.
    #[derive(Serialize)]
    pub struct PostRecord<'a> {
        #[serde(flatten)]
        pub item: &'a Item,
        /// `posted`, `failed`, `refused` or `skipped`.
        pub outcome: &'static str,
    }
}
