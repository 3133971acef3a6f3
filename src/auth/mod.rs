//! Marketplace credentials: which fields each marketplace needs, where each value comes from,
//! and writing rotated tokens back.
//!
//! Resolution per field: the environment variable `SELLKIT_<MARKETPLACE>_<FIELD>` first (cron
//! and headless machines), then the credential store ([`store::KeyStore`]). A rotating refresh
//! token that came from the environment is written to the store after a refresh, together with
//! a fingerprint of the value it replaced, so the next run prefers the new token while the
//! variable still holds the old one.
//!
//! Values are [`Secret`]s: their `Debug` is redacted and they are never serialised.

pub mod store;

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
pub use store::KeyStore;

/// One credential field of a marketplace.
#[derive(Debug)]
pub struct FieldSpec {
    pub name: &'static str,
    /// Secrets are asked for without echo and never printed; others (a shop domain, a client id
    /// shown in consoles) are still kept out of logs.
    pub secret: bool,
    /// Entered by the person at `auth login`; the others come from an OAuth flow.
    pub entered: bool,
    pub help: &'static str,
}

/// A marketplace (or other service) sellkit holds credentials for.
#[derive(Debug)]
pub struct ServiceSpec {
    pub name: &'static str,
    pub fields: &'static [FieldSpec],
    /// Fields `sync` needs; without them it exits 3.
    pub required: &'static [&'static str],
    /// A token that rotates on every refresh (Etsy).
    pub rotating: Option<&'static str>,
}

const fn f(name: &'static str, secret: bool, entered: bool, help: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        secret,
        entered,
        help,
    }
}

pub const SERVICES: &[ServiceSpec] = &[
    ServiceSpec {
        name: "etsy",
        fields: &[
            f("api_key", true, true, "the app's keystring (x-api-key)"),
            f("shared_secret", true, true, "the app's shared secret"),
            f(
                "refresh_token",
                true,
                false,
                "OAuth refresh token; rotates on every refresh",
            ),
            f("access_token", true, false, "OAuth access token (1 hour)"),
            f(
                "access_token_expires_at",
                false,
                false,
                "when the access token expires",
            ),
            f(
                "shop_id",
                false,
                true,
                "numeric shop id (found by `auth login` when empty)",
            ),
        ],
        required: &["api_key", "refresh_token"],
        rotating: Some("refresh_token"),
    },
    ServiceSpec {
        name: "ebay",
        fields: &[
            f("client_id", true, true, "App ID (client id)"),
            f("client_secret", true, true, "Cert ID (client secret)"),
            f(
                "ru_name",
                false,
                true,
                "RuName (eBay redirect URL name) for the consent flow",
            ),
            f(
                "refresh_token",
                true,
                false,
                "user refresh token (18 months)",
            ),
            f("access_token", true, false, "user access token (2 hours)"),
            f(
                "access_token_expires_at",
                false,
                false,
                "when the access token expires",
            ),
        ],
        required: &["client_id", "client_secret", "refresh_token"],
        rotating: None,
    },
    ServiceSpec {
        name: "shopify",
        fields: &[
            f(
                "shop",
                false,
                true,
                "shop domain, e.g. my-shop.myshopify.com",
            ),
            f(
                "access_token",
                true,
                true,
                "Admin API access token of a custom app (shpat_...)",
            ),
        ],
        required: &["shop", "access_token"],
        rotating: None,
    },
    ServiceSpec {
        name: "amazon",
        fields: &[
            f(
                "client_id",
                true,
                true,
                "Login with Amazon client id of the SP-API app",
            ),
            f(
                "client_secret",
                true,
                true,
                "Login with Amazon client secret",
            ),
            f(
                "refresh_token",
                true,
                true,
                "refresh token from authorising the app (Atzr|...)",
            ),
            f("access_token", true, false, "LWA access token (1 hour)"),
            f(
                "access_token_expires_at",
                false,
                false,
                "when the access token expires",
            ),
            f(
                "seller_id",
                false,
                true,
                "selling partner id (merchant token)",
            ),
        ],
        required: &["client_id", "client_secret", "refresh_token"],
        rotating: None,
    },
    ServiceSpec {
        name: "reddit",
        fields: &[
            f(
                "client_id",
                true,
                true,
                "client id of a Reddit script or web app",
            ),
            f("client_secret", true, true, "client secret of the app"),
        ],
        required: &["client_id", "client_secret"],
        rotating: None,
    },
    ServiceSpec {
        name: "llm",
        fields: &[f(
            "api_key",
            true,
            true,
            "API key of the endpoint in llm.base_url",
        )],
        required: &["api_key"],
        rotating: None,
    },
];

/// The eBay scopes sellkit asks a seller to grant (sync and post).
pub const EBAY_USER_SCOPES: &str = "https://api.ebay.com/oauth/api_scope \
https://api.ebay.com/oauth/api_scope/sell.inventory \
https://api.ebay.com/oauth/api_scope/sell.fulfillment \
https://api.ebay.com/oauth/api_scope/sell.account \
https://api.ebay.com/oauth/api_scope/sell.finances";

/// The names `auth` accepts.
pub fn service_names() -> Vec<&'static str> {
    SERVICES.iter().map(|s| s.name).collect()
}

pub fn service(name: &str) -> Result<&'static ServiceSpec> {
    SERVICES.iter().find(|s| s.name == name).ok_or_else(|| {
        Error::usage(format!(
            "unknown marketplace {name:?}: expected one of {}",
            service_names().join(", ")
        ))
    })
}

/// Whether `name` is a `SELLKIT_<SERVICE>_<FIELD>` credential variable of a known service.
pub fn is_credential_var(name: &str) -> bool {
    SERVICES
        .iter()
        .any(|s| s.fields.iter().any(|f| name == env_var(s.name, f.name)))
}

/// `SELLKIT_ETSY_REFRESH_TOKEN` for ("etsy", "refresh_token").
pub fn env_var(service: &str, field: &str) -> String {
    format!(
        "SELLKIT_{}_{}",
        service.to_uppercase(),
        field.to_uppercase()
    )
}

/// The store account name of a field.
fn account(service: &str, field: &str) -> String {
    format!("{service}.{field}")
}

/// A credential value: redacted in `Debug`, never serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The value, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// A fingerprint that identifies a value without revealing it.
    pub fn fingerprint(&self) -> String {
        let d = Sha256::digest(self.0.as_bytes());
        d.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Env,
    Store,
    /// The store holds a newer rotated value than the environment variable.
    StoreRotated,
    Missing,
}

/// The credentials of one service, resolved.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub service: &'static ServiceSpec,
    values: BTreeMap<&'static str, (Secret, Source)>,
    store: KeyStore,
}

impl Credentials {
    /// Reads every field: environment first, then the store. `env` holds the process's
    /// `SELLKIT_*` variables.
    pub fn load(
        service: &'static ServiceSpec,
        env: &BTreeMap<String, String>,
        store: &KeyStore,
    ) -> Result<Credentials> {
        let mut values = BTreeMap::new();
        for field in service.fields {
            let from_env = env
                .get(&env_var(service.name, field.name))
                .filter(|v| !v.is_empty())
                .map(|v| Secret::new(v.clone()));
            let got = match from_env {
                Some(v) => {
                    // A rotated token replaces the variable's value only if it was rotated from it.
                    let rotated = if service.rotating == Some(field.name) {
                        let replaces = store.get(&account(service.name, &replaces_key(field)))?;
                        if replaces.as_deref() == Some(&v.fingerprint()) {
                            store.get(&account(service.name, field.name))?
                        } else {
                            None
                        }
                    } else {
                        None
                    };
                    match rotated {
                        Some(r) => Some((Secret::new(r), Source::StoreRotated)),
                        None => Some((v, Source::Env)),
                    }
                }
                None => store
                    .get(&account(service.name, field.name))?
                    .map(|v| (Secret::new(v), Source::Store)),
            };
            if let Some(got) = got {
                values.insert(field.name, got);
            }
        }
        Ok(Credentials {
            service,
            values,
            store: store.clone(),
        })
    }

    pub fn get(&self, field: &str) -> Option<&Secret> {
        self.values.get(field).map(|(v, _)| v)
    }

    pub fn source(&self, field: &str) -> Source {
        self.values.get(field).map_or(Source::Missing, |(_, s)| *s)
    }

    pub fn store(&self) -> &KeyStore {
        &self.store
    }

    /// Fails with exit 3 when a required field is missing, naming the variables and the command.
    pub fn require(&self) -> Result<()> {
        let missing: Vec<&str> = self
            .service
            .required
            .iter()
            .copied()
            .filter(|f| self.get(f).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let vars: Vec<String> = missing
            .iter()
            .map(|f| env_var(self.service.name, f))
            .collect();
        Err(Error::config(format!(
            "no {} credentials: missing {}; run `sellkit auth login {}` or set {}",
            self.service.name,
            missing.join(", "),
            self.service.name,
            vars.join(", ")
        )))
    }

    /// A required value.
    pub fn field(&self, field: &str) -> Result<&Secret> {
        self.get(field).ok_or_else(|| {
            Error::config(format!(
                "{} credentials lack {field}: run `sellkit auth login {}` or set {}",
                self.service.name,
                self.service.name,
                env_var(self.service.name, field)
            ))
        })
    }

    /// Writes a value to the store and uses it from now on. A rotating token that came from the
    /// environment also records which value it replaces.
    pub fn persist(&mut self, field: &'static str, value: Secret) -> Result<()> {
        let spec = self
            .service
            .fields
            .iter()
            .find(|f| f.name == field)
            .ok_or_else(|| Error::Other(anyhow::anyhow!("no credential field {field}")))?;
        if self.service.rotating == Some(field)
            && let Some((old, Source::Env)) = self.values.get(field)
        {
            self.store.set(
                &account(self.service.name, &replaces_key(spec)),
                &old.fingerprint(),
            )?;
        }
        self.store
            .set(&account(self.service.name, field), value.expose())?;
        let source = match self.values.get(field) {
            Some((_, Source::Env | Source::StoreRotated))
                if self.service.rotating == Some(field) =>
            {
                Source::StoreRotated
            }
            Some((_, Source::Env)) => Source::Env,
            _ => Source::Store,
        };
        self.values.insert(field, (value, source));
        Ok(())
    }

    /// Deletes every field of the service from the store; returns how many there were.
    pub fn delete_all(&mut self) -> Result<usize> {
        let mut n = 0;
        for field in self.service.fields {
            if self.store.delete(&account(self.service.name, field.name))? {
                n += 1;
            }
            self.store
                .delete(&account(self.service.name, &replaces_key(field)))?;
        }
        self.values.retain(|_, (_, s)| *s == Source::Env);
        Ok(n)
    }
}

fn replaces_key(field: &FieldSpec) -> String {
    format!("{}_replaces", field.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn env_overrides_store_and_sources_are_told() {
        let store = KeyStore::memory();
        store.set("shopify.access_token", "stored").unwrap();
        store.set("shopify.shop", "a.myshopify.com").unwrap();
        let c = Credentials::load(
            service("shopify").unwrap(),
            &env(&[("SELLKIT_SHOPIFY_ACCESS_TOKEN", "from-env")]),
            &store,
        )
        .unwrap();
        assert_eq!(c.get("access_token").unwrap().expose(), "from-env");
        assert_eq!(c.source("access_token"), Source::Env);
        assert_eq!(c.source("shop"), Source::Store);
        c.require().unwrap();
    }

    #[test]
    fn missing_credentials_name_the_variables_and_the_command() {
        let c =
            Credentials::load(service("etsy").unwrap(), &env(&[]), &KeyStore::memory()).unwrap();
        let err = c.require().unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.kind(), crate::error::ErrorKind::Config);
        assert!(msg.contains("SELLKIT_ETSY_API_KEY"), "{msg}");
        assert!(msg.contains("SELLKIT_ETSY_REFRESH_TOKEN"), "{msg}");
        assert!(msg.contains("sellkit auth login etsy"), "{msg}");
    }

    #[test]
    fn a_rotated_token_beats_the_variable_it_replaced_but_not_a_new_one() {
        let store = KeyStore::memory();
        let spec = service("etsy").unwrap();
        let e1 = env(&[("SELLKIT_ETSY_REFRESH_TOKEN", "r1")]);
        let mut c = Credentials::load(spec, &e1, &store).unwrap();
        assert_eq!(c.source("refresh_token"), Source::Env);
        c.persist("refresh_token", Secret::new("r2")).unwrap();
        assert_eq!(c.get("refresh_token").unwrap().expose(), "r2");

        // Next run, the variable still says r1: the rotated r2 is used.
        let c = Credentials::load(spec, &e1, &store).unwrap();
        assert_eq!(c.get("refresh_token").unwrap().expose(), "r2");
        assert_eq!(c.source("refresh_token"), Source::StoreRotated);

        // The person sets a fresh token in the variable: it wins.
        let e3 = env(&[("SELLKIT_ETSY_REFRESH_TOKEN", "r3")]);
        let c = Credentials::load(spec, &e3, &store).unwrap();
        assert_eq!(c.get("refresh_token").unwrap().expose(), "r3");
        assert_eq!(c.source("refresh_token"), Source::Env);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let store = KeyStore::memory();
        let c = Credentials::load(
            service("llm").unwrap(),
            &env(&[("SELLKIT_LLM_API_KEY", "sk-very-secret")]),
            &store,
        )
        .unwrap();
        assert!(!format!("{c:?}").contains("sk-very-secret"));
    }

    #[test]
    fn logout_deletes_stored_fields_only() {
        let store = KeyStore::memory();
        store.set("reddit.client_id", "id").unwrap();
        let mut c = Credentials::load(
            service("reddit").unwrap(),
            &env(&[("SELLKIT_REDDIT_CLIENT_SECRET", "s")]),
            &store,
        )
        .unwrap();
        assert_eq!(c.delete_all().unwrap(), 1);
        assert_eq!(store.get("reddit.client_id").unwrap(), None);
        assert_eq!(c.source("client_secret"), Source::Env);
    }
}
