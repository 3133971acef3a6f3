//! Every environment variable sellkit reads, declared once and read once into [`EnvVars`].
//! Tests build an `EnvVars` by hand instead of touching the process environment.

use std::ffi::OsString;
use std::path::PathBuf;

/// `SELLKIT_DB`: the database file (overridden by `--db`).
pub const SELLKIT_DB: &str = "SELLKIT_DB";
/// `SELLKIT_CONFIG`: the config file (overridden by `--config`).
pub const SELLKIT_CONFIG: &str = "SELLKIT_CONFIG";
/// `SELLKIT_NOW`: a fixed "now" (RFC 3339 instant or YYYY-MM-DD) for reproducible runs.
pub const SELLKIT_NOW: &str = "SELLKIT_NOW";
/// `SELLKIT_LOG`: a tracing filter for stderr logs, e.g. `sellkit=debug`.
pub const SELLKIT_LOG: &str = "SELLKIT_LOG";
/// `SELLKIT_LLM_API_KEY`: the API key of the OpenAI-compatible endpoint in `llm.base_url`.
/// Never stored in the config file or the database, never logged.
pub const SELLKIT_LLM_API_KEY: &str = "SELLKIT_LLM_API_KEY";
/// `SELLKIT_EBAY_APP_TOKEN`: an eBay application access token for the Browse API (`trends
/// fetch`); without it one is minted from the eBay client id and secret.
pub const SELLKIT_EBAY_APP_TOKEN: &str = "SELLKIT_EBAY_APP_TOKEN";
/// `SELLKIT_KEYSTORE`: where credentials are written: os, kernel or file (overrides `auth.store`).
pub const SELLKIT_KEYSTORE: &str = "SELLKIT_KEYSTORE";
/// `NO_COLOR`: any non-empty value turns colour off.
pub const NO_COLOR: &str = "NO_COLOR";
/// `TERM`: `dumb` turns colour off.
pub const TERM: &str = "TERM";

/// The variables, as read at start-up.
#[derive(Debug, Clone, Default)]
pub struct EnvVars {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub now: Option<String>,
    pub log: Option<String>,
    pub llm_api_key: Option<ApiKey>,
    pub ebay_app_token: Option<ApiKey>,
    pub keystore: Option<String>,
    /// `SELLKIT_<SERVICE>_<FIELD>` credential variables (the services are declared in `auth`).
    pub credentials: CredentialVars,
    pub no_color: bool,
    pub term_dumb: bool,
}

impl EnvVars {
    /// Reads the process environment. Called once, in `cli::main`; `is_credential` tells the
    /// credential variables (`crate::auth::is_credential_var`).
    pub fn from_process(is_credential: fn(&str) -> bool) -> EnvVars {
        let get = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
        let text = |v: OsString| v.to_string_lossy().into_owned();
        EnvVars {
            db: get(SELLKIT_DB).map(PathBuf::from),
            config: get(SELLKIT_CONFIG).map(PathBuf::from),
            now: get(SELLKIT_NOW).map(text),
            log: get(SELLKIT_LOG).map(text),
            llm_api_key: get(SELLKIT_LLM_API_KEY).map(|v| ApiKey(text(v))),
            ebay_app_token: get(SELLKIT_EBAY_APP_TOKEN).map(|v| ApiKey(text(v))),
            keystore: get(SELLKIT_KEYSTORE).map(text),
            credentials: CredentialVars(
                std::env::vars()
                    .filter(|(k, v)| !v.is_empty() && is_credential(k))
                    .collect(),
            ),
            no_color: get(NO_COLOR).is_some(),
            term_dumb: get(TERM).is_some_and(|t| t == "dumb"),
        }
    }
}

/// Credential variables by name. `Debug` shows the names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CredentialVars(pub std::collections::BTreeMap<String, String>);

impl std::fmt::Debug for CredentialVars {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// A secret API key: its `Debug` output is redacted, so it never reaches a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(pub String);

impl ApiKey {
    /// The secret itself, for the one place that sends it (an HTTP header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_key_debug_is_redacted() {
        let k = super::ApiKey("sk-secret".into());
        assert!(!format!("{k:?}").contains("secret"));
    }
}
