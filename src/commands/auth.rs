//! `sellkit auth login|status|logout MARKETPLACE`: credentials in the OS keyring (or the store
//! chosen for a headless machine), never printed.

use std::io::IsTerminal;

use crate::auth::{self, Credentials, KeyStore, Secret, Source};
use crate::cli::Context;
use crate::error::{Error, Result};
use crate::marketplaces::api::oauth::{self, Pkce};
use crate::marketplaces::api::{ApiClient, ClientConfig};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};
use wire::{FieldStatus, ServiceStatus};

/// Sign in to a marketplace, see where credentials come from, sign out.
///
/// Secrets live in the OS keyring (Keychain, Credential Manager, Secret Service). Environment
/// variables SELLKIT_<MARKETPLACE>_<FIELD> override the keyring, for cron and headless machines.
/// A machine without a keyring chooses a store it can write, explicitly: `kernel` (the Linux
/// kernel keyring, lost at reboot) or `file` (a credentials file readable by you only), with
/// `sellkit config set auth.store file` or SELLKIT_KEYSTORE=file. Values are never printed.
///
/// Marketplaces: etsy, ebay, shopify, amazon; also reddit (trend source) and llm (the API key of
/// llm.base_url).
///
/// Examples:
///   sellkit auth login etsy              keystring, then sign in at Etsy in the browser
///   sellkit auth status                  every marketplace: which source supplies each field
///   sellkit auth status etsy --json
///   SELLKIT_KEYSTORE=file sellkit auth login shopify
///   sellkit auth logout ebay
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Enter credentials and, for Etsy and eBay, sign in with OAuth; saved in the credential store
    ///
    /// Etsy: the app's keystring, then an authorization-code sign-in with PKCE. The browser opens
    /// where there is one and the redirect is caught on the loopback address of etsy.redirect_uri
    /// (register it in your Etsy app); on a headless machine the URL is printed and you paste
    /// the address the browser was sent to. eBay: App ID, Cert ID and RuName, then the consent
    /// page; paste the address eBay sent you to. Shopify: shop domain and the Admin API token of
    /// a custom app. Amazon: the LWA client id and secret and the refresh token from authorising
    /// your app in Seller Central. Press Enter to keep a value already stored.
    Login {
        #[arg(value_parser = auth::service_names())]
        marketplace: String,
        /// Print the sign-in URL instead of opening a browser, and read the pasted redirect
        #[arg(long)]
        no_browser: bool,
    },
    /// Which source supplies each credential field, the store in use, token expiry
    Status {
        #[arg(value_parser = auth::service_names())]
        marketplace: Option<String>,
    },
    /// Delete a marketplace's credentials from the credential store
    Logout {
        #[arg(value_parser = auth::service_names())]
        marketplace: String,
    },
}

struct StatusOut {
    store: String,
    store_name: &'static str,
    /// Why the OS keyring could not be read; only environment variables are shown then.
    store_error: Option<String>,
    services: Vec<ServiceStatus>,
}

impl Render for StatusOut {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::StatusDoc {
            schema_version: SCHEMA_VERSION,
            store: self.store_name,
            store_description: &self.store,
            store_error: self.store_error.as_deref(),
            marketplaces: &self.services,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.services
            .iter()
            .flat_map(|s| {
                s.fields.iter().map(move |f| {
                    to_json(&wire::StatusRecord {
                        marketplace: s.marketplace,
                        field: f.field,
                        source: f.source,
                        from: &f.from,
                        expires_at: f.expires_at.as_deref(),
                        ready: s.ready,
                    })
                })
            })
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .services
            .iter()
            .flat_map(|s| {
                s.fields.iter().map(move |f| {
                    let note = match (&f.expires_at, f.expired) {
                        (Some(at), Some(true)) => format!("expired {at}"),
                        (Some(at), _) => format!("expires {at}"),
                        _ => String::new(),
                    };
                    vec![
                        s.marketplace.to_string(),
                        f.field.to_string(),
                        f.from.clone(),
                        note,
                    ]
                })
            })
            .collect();
        let t = table::build(
            opts,
            &[
                ("marketplace", Align::Left),
                ("field", Align::Left),
                ("from", Align::Left),
                ("", Align::Left),
            ],
            rows,
        );
        let ready: Vec<String> = self
            .services
            .iter()
            .map(|s| {
                if s.ready {
                    format!("{}: ready", s.marketplace)
                } else {
                    format!("{}: missing {}", s.marketplace, s.missing.join(", "))
                }
            })
            .collect();
        let mut note = ready.join("; ");
        if let Some(e) = &self.store_error {
            note.push_str(&format!("\nonly environment variables are shown: {e}"));
        }
        vec![Titled {
            title: Some(format!("credential store: {}", self.store)),
            table: t,
            note: Some(note),
        }]
    }
}

fn status_of(c: &Credentials, store: &KeyStore, now: jiff::Timestamp) -> ServiceStatus {
    let mut fields = Vec::new();
    for f in c.service.fields {
        if f.name == "access_token_expires_at" {
            continue;
        }
        let source = c.source(f.name);
        let from = match source {
            Source::Env => auth::env_var(c.service.name, f.name),
            Source::Store => store.describe(),
            Source::StoreRotated => format!(
                "{} (rotated; replaces {})",
                store.describe(),
                auth::env_var(c.service.name, f.name)
            ),
            Source::Missing => "-".into(),
        };
        let (expires_at, expired) = if f.name == "access_token" && source != Source::Missing {
            match c
                .get("access_token_expires_at")
                .and_then(|e| e.expose().parse::<jiff::Timestamp>().ok())
            {
                Some(at) => (Some(crate::time::rfc3339(at)), Some(at <= now)),
                None => (None, None),
            }
        } else {
            (None, None)
        };
        fields.push(FieldStatus {
            field: f.name,
            source,
            from,
            expires_at,
            expired,
        });
    }
    let missing: Vec<&'static str> = c
        .service
        .required
        .iter()
        .copied()
        .filter(|f| c.get(f).is_none())
        .collect();
    ServiceStatus {
        marketplace: c.service.name,
        ready: missing.is_empty(),
        missing,
        fields,
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let store = ctx.keystore()?;
    let env = &ctx.env.credentials.0;
    match args.action {
        Action::Status { marketplace } => {
            let services: Vec<&'static auth::ServiceSpec> = match marketplace {
                Some(m) => vec![auth::service(&m)?],
                None => auth::SERVICES.iter().collect(),
            };
            let mut out = Vec::new();
            let mut store_error = None;
            for s in services {
                let c = match Credentials::load(s, env, &store) {
                    Ok(c) => c,
                    // A headless machine has no OS keyring: status still tells what the
                    // environment supplies, and why the keyring could not be read.
                    Err(e) if matches!(store, KeyStore::Os) => {
                        store_error = Some(e.to_string());
                        Credentials::load(s, env, &KeyStore::memory())?
                    }
                    Err(e) => return Err(e),
                };
                out.push(status_of(&c, &store, ctx.now));
            }
            ctx.out.print(&StatusOut {
                store: store.describe(),
                store_name: store.name(),
                store_error,
                services: out,
            })
        }
        Action::Logout { marketplace } => {
            let mut c = Credentials::load(auth::service(&marketplace)?, env, &store)?;
            let n = c.delete_all()?;
            ctx.out.status(&format!(
                "{marketplace}: {n} stored field{} deleted from the {}",
                if n == 1 { "" } else { "s" },
                store.describe()
            ));
            let still: Vec<String> = c
                .service
                .fields
                .iter()
                .filter(|f| c.source(f.name) == Source::Env)
                .map(|f| auth::env_var(c.service.name, f.name))
                .collect();
            if !still.is_empty() {
                ctx.out.warn(&format!(
                    "still set in the environment: {}",
                    still.join(", ")
                ));
            }
            Ok(())
        }
        Action::Login {
            marketplace,
            no_browser,
        } => login(ctx, &store, &marketplace, no_browser),
    }
}

fn login(ctx: &Context, store: &KeyStore, marketplace: &str, no_browser: bool) -> Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(Error::usage(format!(
            "`auth login` asks questions and needs a terminal; on a machine without one set the \
             SELLKIT_{}_* variables instead (see `sellkit auth status {marketplace}`)",
            marketplace.to_uppercase()
        )));
    }
    if let KeyStore::File(p) = store {
        ctx.out.warn(&format!(
            "credentials will be written to {} (readable by you only), not to a keyring",
            p.display()
        ));
    }
    let spec = auth::service(marketplace)?;
    let mut c = Credentials::load(spec, &ctx.env.credentials.0, store)?;
    let theme = dialoguer::theme::ColorfulTheme::default();
    for f in spec.fields.iter().filter(|f| f.entered) {
        let have = c.source(f.name) != Source::Missing;
        let prompt = if have {
            format!(
                "{} {} ({}; Enter keeps the current value)",
                spec.name, f.name, f.help
            )
        } else {
            format!("{} {} ({})", spec.name, f.name, f.help)
        };
        let value = if f.secret {
            dialoguer::Password::with_theme(&theme)
                .with_prompt(prompt)
                .allow_empty_password(true)
                .interact()
        } else {
            dialoguer::Input::<String>::with_theme(&theme)
                .with_prompt(prompt)
                .allow_empty(true)
                .interact_text()
        }
        .map_err(|e| Error::usage(format!("auth login: {e}")))?;
        let value = value.trim().to_string();
        if !value.is_empty() {
            c.persist(f.name, Secret::new(value))?;
        }
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("async runtime: {e}")))?;
    match marketplace {
        "etsy" => rt.block_on(etsy_sign_in(ctx, &mut c, no_browser))?,
        "ebay" => rt.block_on(ebay_sign_in(ctx, &mut c))?,
        _ => {}
    }
    c.require()?;
    ctx.out.status(&format!(
        "{marketplace}: credentials saved in the {}",
        store.describe()
    ));
    Ok(())
}

/// Etsy: authorization code with PKCE; the redirect on the loopback address of
/// `etsy.redirect_uri`, or pasted.
async fn etsy_sign_in(ctx: &Context, c: &mut Credentials, no_browser: bool) -> Result<()> {
    let key = c.field("api_key")?.clone();
    let redirect = ctx.config.etsy.redirect_uri.get();
    let pkce = Pkce::new();
    let state = oauth::random_state();
    let mut url = url::Url::parse(&ctx.config.etsy.auth_url)
        .map_err(|e| Error::config(format!("etsy.auth_url: {e}")))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", "listings_r listings_w transactions_r shops_r")
        .append_pair("client_id", key.expose())
        .append_pair("state", &state)
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256");
    let code = obtain_code(ctx, url.as_str(), &redirect, &state, no_browser).await?;
    let client = ApiClient::new("etsy", ClientConfig::default())?;
    let token_url = ctx.config.etsy.token_url.get();
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", key.expose()),
        ("redirect_uri", redirect.as_str()),
        ("code", code.as_str()),
        ("code_verifier", pkce.verifier.as_str()),
    ];
    let t: oauth::TokenResponse = client
        .json("token exchange", |h| h.post(&token_url).form(&form))
        .await
        .map_err(|e| client.fail("token exchange", e))?;
    save_tokens(c, t, ctx.now)
}

/// eBay: the consent page, then the pasted accept URL (eBay redirects to the RuName's page).
async fn ebay_sign_in(ctx: &Context, c: &mut Credentials) -> Result<()> {
    let id = c.field("client_id")?.clone();
    let secret = c.field("client_secret")?.clone();
    let ru_name = c.field("ru_name")?.expose().to_string();
    let state = oauth::random_state();
    // Both follow `ebay.sandbox` unless set, as `sync ebay` does.
    let page = crate::marketplaces::api::ebay::EbayEndpoint::consent_page(&ctx.config.ebay);
    let mut url =
        url::Url::parse(&page).map_err(|e| Error::config(format!("ebay.auth_url: {e}")))?;
    url.query_pairs_mut()
        .append_pair("client_id", id.expose())
        .append_pair("redirect_uri", &ru_name)
        .append_pair("response_type", "code")
        .append_pair("scope", crate::auth::EBAY_USER_SCOPES)
        .append_pair("state", &state);
    let code = obtain_code(ctx, url.as_str(), "", &state, true).await?;
    let client = ApiClient::new("ebay", ClientConfig::default())?;
    let token_url =
        crate::marketplaces::api::ebay::EbayEndpoint::from_config(&ctx.config.ebay).token_url;
    use base64::Engine;
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            id.expose(),
            secret.expose()
        ))
    );
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", ru_name.as_str()),
    ];
    let t: oauth::TokenResponse = client
        .json("token exchange", |h| {
            h.post(&token_url)
                .header(reqwest::header::AUTHORIZATION, &basic)
                .form(&form)
        })
        .await
        .map_err(|e| client.fail("token exchange", e))?;
    save_tokens(c, t, ctx.now)
}

fn save_tokens(c: &mut Credentials, t: oauth::TokenResponse, now: jiff::Timestamp) -> Result<()> {
    let refresh = t.refresh_token.ok_or_else(|| {
        Error::api(format!(
            "{}: the token answer has no refresh token",
            c.service.name
        ))
    })?;
    c.persist("refresh_token", Secret::new(refresh))?;
    c.persist("access_token", Secret::new(t.access_token))?;
    let at = now + jiff::SignedDuration::from_secs(t.expires_in.unwrap_or(3600));
    c.persist(
        "access_token_expires_at",
        Secret::new(crate::time::rfc3339(at)),
    )
}

/// Opens the browser and waits on the loopback redirect, or prints the URL and reads the
/// pasted redirect address.
async fn obtain_code(
    ctx: &Context,
    url: &str,
    redirect: &str,
    state: &str,
    no_browser: bool,
) -> Result<String> {
    let loopback = url::Url::parse(redirect).ok().filter(|u| {
        matches!(u.host_str(), Some("localhost" | "127.0.0.1")) && u.scheme() == "http"
    });
    let has_display = cfg!(any(target_os = "macos", target_os = "windows"))
        || std::env::var_os("DISPLAY").is_some()
        || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if let Some(lb) = loopback.filter(|_| has_display && !no_browser) {
        let port = lb.port_or_known_default().unwrap_or(80);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| {
                Error::config(format!(
                    "cannot listen on 127.0.0.1:{port} for the sign-in redirect ({e}); use --no-browser"
                ))
            })?;
        ctx.out
            .status("opening the browser to sign in; waiting for the redirect…");
        ctx.out
            .status(&format!("if it does not open, visit: {url}"));
        open_browser(url);
        let target = tokio::time::timeout(
            std::time::Duration::from_secs(300),
            oauth::capture_redirect(listener),
        )
        .await
        .map_err(|_| {
            Error::config("no sign-in redirect within 5 minutes; run `sellkit auth login` again")
        })??;
        return oauth::code_from_redirect(&target, state);
    }
    ctx.out.status(&format!(
        "open this address in a browser, sign in and allow access:\n\n  {url}\n"
    ));
    let pasted: String = dialoguer::Input::new()
        .with_prompt("paste the full address the browser was sent to")
        .interact_text()
        .map_err(|e| Error::usage(format!("auth login: {e}")))?;
    oauth::code_from_redirect(&pasted, state)
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        tracing::info!("could not start {cmd}: {e}");
    }
}

/// What `sellkit auth status` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;

    use crate::auth::Source;

    /// The document `sellkit auth status --json` prints.
    #[derive(Serialize)]
    pub struct StatusDoc<'a> {
        pub schema_version: u32,
        /// The credential store in use: `os`, `kernel` or `file`.
        pub store: &'static str,
        /// The store for people (`file PATH` names the file).
        pub store_description: &'a str,
        /// Why the OS keyring could not be read (`null` when it could); only environment
        /// variables are shown then.
        pub store_error: Option<&'a str>,
        pub marketplaces: &'a [ServiceStatus],
    }

    /// One marketplace in [`StatusDoc`].
    #[derive(Debug, Serialize)]
    pub struct ServiceStatus {
        pub marketplace: &'static str,
        /// Every required field has a value.
        pub ready: bool,
        /// The required fields without one.
        pub missing: Vec<&'static str>,
        pub fields: Vec<FieldStatus>,
    }

    /// One credential field of a marketplace: where its value comes from, never the value.
    #[derive(Debug, Serialize)]
    pub struct FieldStatus {
        pub field: &'static str,
        pub source: Source,
        /// Where it comes from, for people: the variable name, or the store.
        pub from: String,
        /// When the stored access token expires (RFC 3339); only on `access_token`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expires_at: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expired: Option<bool>,
    }

    /// One NDJSON/CSV record of `sellkit auth status`: a field of a marketplace. Unlike
    /// [`FieldStatus`], `expires_at` is always there (`null` when not known).
    #[derive(Serialize)]
    pub struct StatusRecord<'a> {
        pub marketplace: &'static str,
        pub field: &'static str,
        pub source: Source,
        pub from: &'a str,
        pub expires_at: Option<&'a str>,
        /// The marketplace's `ready`.
        pub ready: bool,
    }
}
