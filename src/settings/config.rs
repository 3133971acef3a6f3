//! Typed config: one struct per area of the config file (`[sync]`, `[etsy]`, `[pricing]`, …),
//! resolved once from the settings (flags > environment > file > defaults) when a command
//! starts. Each value keeps its origin, as `config get` shows it.
//!
//! The [`KEYS`](super::KEYS) table stays the single declaration of a key (type, default, help);
//! an area only names the keys it reads, and a test checks that every declared key is read by
//! exactly one area. Code below the commands takes the area it needs (`&SyncConfig`), never the
//! settings bag.

use std::ops::Deref;
use std::path::PathBuf;

use super::{Origin, Settings};
use crate::error::{Error, Result};

/// A resolved value and where it came from. Derefs to the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Deref for Setting<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Clone> Setting<T> {
    /// The value, copied out.
    pub fn get(&self) -> T {
        self.value.clone()
    }
}

impl<T> Setting<T> {
    /// A value set in code (tests, and areas built without a config file).
    pub fn fixed(value: T) -> Setting<T> {
        Setting {
            value,
            origin: Origin::Default,
        }
    }
}

/// How a key's text becomes a typed value. The text was validated against the key's
/// [`KeyType`](super::KeyType) when the file was read, so a failure here is a declaration bug
/// (a key typed as text read as a number) and says which key.
pub trait FromSetting: Sized {
    fn from_setting(key: &str, text: Option<String>) -> Result<Self>;
}

fn required(key: &str, text: Option<String>) -> Result<String> {
    text.ok_or_else(|| Error::config(format!("{key} is not set")))
}

impl FromSetting for String {
    fn from_setting(key: &str, text: Option<String>) -> Result<String> {
        required(key, text)
    }
}

impl FromSetting for Option<String> {
    fn from_setting(_: &str, text: Option<String>) -> Result<Option<String>> {
        Ok(text.filter(|t| !t.trim().is_empty()))
    }
}

/// An ISO 4217 code; unset or empty is `None`.
impl FromSetting for Option<crate::money::Currency> {
    fn from_setting(key: &str, text: Option<String>) -> Result<Option<crate::money::Currency>> {
        match text.filter(|t| !t.trim().is_empty()) {
            None => Ok(None),
            Some(t) => crate::money::Currency::new(&t).map(Some).map_err(|_| {
                Error::config(format!(
                    "{key}: {t:?} is not a currency code (three letters, e.g. USD or EUR)"
                ))
            }),
        }
    }
}

impl FromSetting for Option<PathBuf> {
    fn from_setting(_: &str, text: Option<String>) -> Result<Option<PathBuf>> {
        Ok(text.filter(|t| !t.trim().is_empty()).map(PathBuf::from))
    }
}

impl FromSetting for i64 {
    fn from_setting(key: &str, text: Option<String>) -> Result<i64> {
        let text = required(key, text)?;
        text.trim()
            .parse()
            .map_err(|_| Error::config(format!("{key}: {text:?} is not a whole number")))
    }
}

impl FromSetting for f64 {
    fn from_setting(key: &str, text: Option<String>) -> Result<f64> {
        let text = required(key, text)?;
        text.trim()
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite())
            .ok_or_else(|| Error::config(format!("{key}: {text:?} is not a number")))
    }
}

/// `on` / `off` keys.
impl FromSetting for bool {
    fn from_setting(key: &str, text: Option<String>) -> Result<bool> {
        match required(key, text)?.as_str() {
            "on" => Ok(true),
            "off" => Ok(false),
            other => Err(Error::config(format!("{key}: {other:?} is not on or off"))),
        }
    }
}

impl<T: FromSetting> Setting<T> {
    /// The key's value from `settings`, typed.
    pub fn read(settings: &Settings, key: &str) -> Result<Setting<T>> {
        let v = settings.get(key)?;
        Ok(Setting {
            value: T::from_setting(key, v.value)?,
            origin: v.origin,
        })
    }
}

/// Declares the areas: each a struct of [`Setting`]s, a `resolve` reading its keys, and the list
/// of the keys it reads.
macro_rules! areas {
    ($(
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $key:literal, )*
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Setting<$ty>, )*
        }

        impl $name {
            /// The keys this area reads.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The area's values from `settings`.
            pub fn resolve(settings: &Settings) -> Result<$name> {
                Ok($name { $( $field: Setting::read(settings, $key)?, )* })
            }

            /// The area as the defaults alone give it (no config file).
            pub fn defaults() -> $name {
                // The defaults are declared valid; the unit test of every area proves it.
                Self::resolve(&Settings::empty()).expect("declared defaults resolve")
            }
        }
    )*};
}

areas! {
    /// `[auth]`: where credentials are kept. `SELLKIT_KEYSTORE` overrides `auth.store`.
    AuthConfig {
        store: String = "auth.store",
        credentials_file: Option<PathBuf> = "auth.credentials_file",
    }

    /// `[sync]`: timeouts, retries and the guards on every API walk.
    SyncConfig {
        timeout_secs: i64 = "sync.timeout",
        max_retries: i64 = "sync.max_retries",
        retry_delay_ms: i64 = "sync.retry_delay_ms",
        max_pages_per_resource: i64 = "sync.max_pages_per_resource",
        max_reject_percent: i64 = "sync.max_reject_percent",
    }

    /// `[etsy]`: the Open API v3 endpoints and the app's rate limit.
    EtsyConfig {
        base_url: String = "etsy.base_url",
        auth_url: String = "etsy.auth_url",
        token_url: String = "etsy.token_url",
        redirect_uri: String = "etsy.redirect_uri",
        rate_per_second: f64 = "etsy.rate_per_second",
        burst: i64 = "etsy.burst",
    }

    /// `[ebay]`: production or sandbox, the endpoints and the marketplace.
    EbayConfig {
        auth_url: String = "ebay.auth_url",
        sandbox: bool = "ebay.sandbox",
        base_url: Option<String> = "ebay.base_url",
        token_url: String = "ebay.token_url",
        marketplace_id: String = "ebay.marketplace_id",
        browse_keywords: Option<String> = "ebay.browse_keywords",
    }

    /// `[amazon]`: the SP-API region, marketplace and endpoints.
    AmazonConfig {
        region: String = "amazon.region",
        marketplace_id: String = "amazon.marketplace_id",
        sandbox: bool = "amazon.sandbox",
        endpoint: Option<String> = "amazon.endpoint",
        token_url: Option<String> = "amazon.token_url",
    }

    /// `[shopify]`: the Admin GraphQL API.
    ShopifyConfig {
        base_url: Option<String> = "shopify.base_url",
        api_version: String = "shopify.api_version",
        rate_per_second: f64 = "shopify.rate_per_second",
    }

    /// Output defaults (top-level `format` and `color`); flags override them.
    OutputConfig {
        format: String = "format",
        color: String = "color",
    }

    /// `[report]`: periods and the inventory-health thresholds.
    ReportConfig {
        period: String = "report.period",
        demand_days: i64 = "report.demand_days",
        dead_days: i64 = "report.dead_days",
        aging_cover_days: i64 = "report.aging_cover_days",
        ledger_grace_days: i64 = "report.ledger_grace_days",
        refund_cogs: String = "report.refund_cogs",
        cost_method: String = "report.cost_method",
        currency: Option<crate::money::Currency> = "report.currency",
    }

    /// `[demo]`: the embedded demo shop.
    DemoConfig {
        seed: i64 = "demo.seed",
        skus: i64 = "demo.skus",
        days: i64 = "demo.days",
    }

    /// `[llm]`: the OpenAI-compatible endpoint the agents call.
    LlmConfig {
        base_url: Option<String> = "llm.base_url",
        model: String = "llm.model",
        timeout_secs: i64 = "llm.timeout",
        max_concurrency: i64 = "llm.max_concurrency",
        temperature: f64 = "llm.temperature",
        max_tokens: i64 = "llm.max_tokens",
        response_format: String = "llm.response_format",
        fallback: String = "llm.fallback",
        cost_input_per_mtok: f64 = "llm.cost_input_per_mtok",
        cost_output_per_mtok: f64 = "llm.cost_output_per_mtok",
    }

    /// `[agents]`: what the morning brief's agents assume.
    AgentsConfig {
        lead_time_days: i64 = "agents.lead_time_days",
        target_margin_bp: i64 = "agents.target_margin_bp",
        undercut_bp: i64 = "agents.undercut_bp",
    }

    /// `[pricing]`: the repricing policy every SKU starts from (overrides per marketplace and
    /// SKU are in [`OverrideTables`]).
    PricingConfig {
        strategy: String = "pricing.strategy",
        min_margin_bp: i64 = "pricing.min_margin_bp",
        step_minor: i64 = "pricing.step_minor",
        band_bp: i64 = "pricing.band_bp",
        max_change_bp: i64 = "pricing.max_change_bp",
        min_change_bp: i64 = "pricing.min_change_bp",
        below_floor: String = "pricing.below_floor",
        stockout_days: i64 = "pricing.stockout_days",
        stock_raise_bp: i64 = "pricing.stock_raise_bp",
        aging_days: i64 = "pricing.aging_days",
        stock_lower_bp: i64 = "pricing.stock_lower_bp",
        offer_max_age_days: i64 = "pricing.offer_max_age_days",
        elasticity: bool = "pricing.elasticity",
        history_days: i64 = "pricing.history_days",
    }

    /// `[forecast]`: the forecast frequency and the replenishment policy every SKU starts from
    /// (overrides per SKU are in [`OverrideTables`]).
    ForecastConfig {
        freq: String = "forecast.freq",
        lead_time_days: i64 = "forecast.lead_time_days",
        review_days: i64 = "forecast.review_days",
        service_level_bp: i64 = "forecast.service_level_bp",
        moq: i64 = "forecast.moq",
        case_pack: i64 = "forecast.case_pack",
    }

    /// `[import]`: what an export file does not say itself.
    ImportConfig {
        currency: String = "import.currency",
        shop: String = "import.shop",
    }

    /// `[trends]`: scoring windows and the outside sources.
    TrendsConfig {
        keywords: Option<String> = "trends.keywords",
        market_top: i64 = "trends.market_top",
        recent_weeks: i64 = "trends.recent_weeks",
        trend_weeks: i64 = "trends.trend_weeks",
        currency: String = "trends.currency",
        reddit_subreddits: Option<String> = "trends.reddit.subreddits",
        reddit_mode: String = "trends.reddit.mode",
        reddit_max_pages: i64 = "trends.reddit.max_pages",
        reddit_user_agent: Option<String> = "trends.reddit.user_agent",
        reddit_auth_url: String = "trends.reddit.auth_url",
        reddit_api_url: String = "trends.reddit.api_url",
        ebay_base_url: String = "trends.ebay.base_url",
        ebay_marketplace_id: String = "trends.ebay.marketplace_id",
        etsy_base_url: String = "trends.etsy.base_url",
    }

    /// `[fx]`: where `sellkit fx fetch` downloads the ECB's reference rates.
    FxConfig {
        daily_url: String = "fx.daily_url",
        history_url: String = "fx.history_url",
    }
}

/// A comma-separated list key (`trends.keywords`, `ebay.browse_keywords`), trimmed, empties
/// dropped.
pub fn list(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The override tables of the config file, as written (`[pricing.marketplace.etsy]`,
/// `[pricing.sku."MUG-1"]`, `[forecast.sku."MUG-1"]`). Their owners check them: the pricing
/// policy and [`ForecastConfig::sku_policies`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverrideTables {
    /// The config file's path, for error messages.
    pub path: String,
    pub pricing_marketplace: Option<toml::Value>,
    pub pricing_sku: Option<toml::Value>,
    pub forecast_sku: Option<toml::Value>,
}

impl OverrideTables {
    fn resolve(settings: &Settings) -> OverrideTables {
        let table = |area: &str, name: &str| {
            settings
                .file
                .table
                .get(area)
                .and_then(|a| a.as_table())
                .and_then(|a| a.get(name))
                .cloned()
        };
        OverrideTables {
            path: settings.config_path.0.display().to_string(),
            pricing_marketplace: table("pricing", "marketplace"),
            pricing_sku: table("pricing", "sku"),
            forecast_sku: table("forecast", "sku"),
        }
    }
}

/// Every area, resolved once when a command starts (`ctx.config`).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub auth: AuthConfig,
    pub sync: SyncConfig,
    pub etsy: EtsyConfig,
    pub ebay: EbayConfig,
    pub amazon: AmazonConfig,
    pub shopify: ShopifyConfig,
    pub output: OutputConfig,
    pub report: ReportConfig,
    pub demo: DemoConfig,
    pub llm: LlmConfig,
    pub agents: AgentsConfig,
    pub pricing: PricingConfig,
    pub forecast: ForecastConfig,
    pub import: ImportConfig,
    pub trends: TrendsConfig,
    pub fx: FxConfig,
    pub overrides: OverrideTables,
}

impl Config {
    /// Every area from `settings`, and the environment's say where it has one
    /// (`SELLKIT_KEYSTORE` for `auth.store`).
    pub fn resolve(settings: &Settings, keystore_env: Option<&str>) -> Result<Config> {
        let mut auth = AuthConfig::resolve(settings)?;
        if let Some(name) = keystore_env {
            auth.store = Setting {
                value: name.to_string(),
                origin: Origin::Env,
            };
        }
        Ok(Config {
            auth,
            sync: SyncConfig::resolve(settings)?,
            etsy: EtsyConfig::resolve(settings)?,
            ebay: EbayConfig::resolve(settings)?,
            amazon: AmazonConfig::resolve(settings)?,
            shopify: ShopifyConfig::resolve(settings)?,
            output: OutputConfig::resolve(settings)?,
            report: ReportConfig::resolve(settings)?,
            demo: DemoConfig::resolve(settings)?,
            llm: LlmConfig::resolve(settings)?,
            agents: AgentsConfig::resolve(settings)?,
            pricing: PricingConfig::resolve(settings)?,
            forecast: ForecastConfig::resolve(settings)?,
            import: ImportConfig::resolve(settings)?,
            trends: TrendsConfig::resolve(settings)?,
            fx: FxConfig::resolve(settings)?,
            overrides: OverrideTables::resolve(settings),
        })
    }

    /// A key's value and origin as the commands see it: the settings' resolution, with the
    /// environment's say where it has one (`SELLKIT_KEYSTORE` for `auth.store`).
    pub fn value(&self, settings: &Settings, key: &str) -> Result<super::Value> {
        let mut v = settings.get(key)?;
        if key == "auth.store" {
            v.value = Some(self.auth.store.get());
            v.origin = self.auth.store.origin;
        }
        Ok(v)
    }

    /// The keys every area reads, area by area.
    pub fn area_keys() -> [&'static [&'static str]; 16] {
        [
            AuthConfig::KEYS,
            SyncConfig::KEYS,
            EtsyConfig::KEYS,
            EbayConfig::KEYS,
            AmazonConfig::KEYS,
            ShopifyConfig::KEYS,
            OutputConfig::KEYS,
            ReportConfig::KEYS,
            DemoConfig::KEYS,
            LlmConfig::KEYS,
            AgentsConfig::KEYS,
            PricingConfig::KEYS,
            ForecastConfig::KEYS,
            ImportConfig::KEYS,
            TrendsConfig::KEYS,
            FxConfig::KEYS,
        ]
    }
}

/// Per-SKU replenishment settings: config defaults, overridden by `[forecast.sku."SKU"]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkuPolicy {
    pub lead_time_days: i64,
    pub review_days: i64,
    pub service_level_bp: i64,
    pub moq: i64,
    pub case_pack: i64,
}

const POLICY_KEYS: [(&str, i64, i64); 5] = [
    ("lead_time_days", 0, 730),
    ("review_days", 0, 365),
    ("service_level_bp", 5000, 9999),
    ("moq", 0, 10_000_000),
    ("case_pack", 1, 1_000_000),
];

impl ForecastConfig {
    /// The replenishment settings every SKU starts from.
    pub fn sku_policy(&self) -> SkuPolicy {
        SkuPolicy {
            lead_time_days: *self.lead_time_days,
            review_days: *self.review_days,
            service_level_bp: *self.service_level_bp,
            moq: *self.moq,
            case_pack: *self.case_pack,
        }
    }

    /// Per-SKU overrides from the config file's `[forecast.sku."SKU"]` tables over
    /// [`ForecastConfig::sku_policy`], validated.
    pub fn sku_policies(
        &self,
        overrides: &OverrideTables,
    ) -> Result<std::collections::HashMap<String, SkuPolicy>> {
        let base = self.sku_policy();
        let mut out = std::collections::HashMap::new();
        let path = &overrides.path;
        let Some(table) = &overrides.forecast_sku else {
            return Ok(out);
        };
        let table = table.as_table().ok_or_else(|| {
            Error::config(format!("{path}: forecast.sku must be a table of SKUs"))
        })?;
        for (sku, entry) in table {
            let entry = entry.as_table().ok_or_else(|| {
                Error::config(format!("{path}: forecast.sku.{sku:?} must be a table"))
            })?;
            let mut p = base;
            for (key, value) in entry {
                let Some((_, min, max)) = POLICY_KEYS.iter().find(|(k, _, _)| k == key) else {
                    let known: Vec<&str> = POLICY_KEYS.iter().map(|k| k.0).collect();
                    return Err(Error::config(format!(
                        "{path}: forecast.sku.{sku:?}: unknown key {key:?}; known keys: {}",
                        known.join(", ")
                    )));
                };
                let n = value.as_integer().filter(|n| (*min..=*max).contains(n)).ok_or_else(|| {
                    Error::config(format!(
                        "{path}: forecast.sku.{sku:?}.{key}: {value} is not a whole number in {min}..={max}"
                    ))
                })?;
                match key.as_str() {
                    "lead_time_days" => p.lead_time_days = n,
                    "review_days" => p.review_days = n,
                    "service_level_bp" => p.service_level_bp = n,
                    "moq" => p.moq = n,
                    _ => p.case_pack = n,
                }
            }
            out.insert(sku.clone(), p);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_key_is_read_by_exactly_one_area() {
        let mut read: Vec<&str> = Config::area_keys().concat();
        read.push("db"); // the store path: `Settings::db_path`
        let mut sorted = read.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), read.len(), "a key is read by two areas");
        for spec in super::super::KEYS {
            assert!(read.contains(&spec.key), "{} is read by no area", spec.key);
        }
        for key in &read {
            assert!(
                super::super::key_spec(key).is_some(),
                "{key} is not declared"
            );
        }
    }

    #[test]
    fn values_are_typed_and_keep_their_origin() {
        let s = Settings::from_toml("[sync]\ntimeout = 9\n[ebay]\nsandbox = \"on\"\n").unwrap();
        let c = Config::resolve(&s, Some("file")).unwrap();
        assert_eq!(*c.sync.timeout_secs, 9);
        assert_eq!(c.sync.timeout_secs.origin, Origin::File);
        assert_eq!(*c.sync.max_retries, 4);
        assert_eq!(c.sync.max_retries.origin, Origin::Default);
        assert!(*c.ebay.sandbox);
        assert_eq!(c.auth.store.get(), "file");
        assert_eq!(c.auth.store.origin, Origin::Env);
        let v = c.value(&s, "auth.store").unwrap();
        assert_eq!((v.value.as_deref(), v.origin), (Some("file"), Origin::Env));
        assert_eq!(c.ebay.base_url.get(), None);
        // Every area's defaults resolve.
        let d = Config::resolve(&Settings::empty(), None).unwrap();
        assert_eq!(d.trends, TrendsConfig::defaults());
        assert_eq!(d.pricing.strategy.get(), "beat_lowest");
    }

    #[test]
    fn sku_overrides_apply_over_the_base() {
        let s =
            Settings::from_toml("[forecast]\nmoq = 3\n[forecast.sku.\"MUG-1\"]\ncase_pack = 6\n")
                .unwrap();
        let c = Config::resolve(&s, None).unwrap();
        let map = c.forecast.sku_policies(&c.overrides).unwrap();
        assert_eq!(map["MUG-1"].case_pack, 6);
        assert_eq!(map["MUG-1"].moq, 3);
        let bad = Settings::from_toml("[forecast.sku.\"MUG-1\"]\ncase_pak = 6\n").unwrap();
        let c = Config::resolve(&bad, None).unwrap();
        let e = c.forecast.sku_policies(&c.overrides).unwrap_err();
        assert!(e.to_string().contains("case_pak"), "{e}");
    }

    #[test]
    fn lists_split_on_commas() {
        assert_eq!(
            list(&Some(" a, b ,,c".into())),
            vec!["a".to_string(), "b".into(), "c".into()]
        );
        assert!(list(&None).is_empty());
    }
}
