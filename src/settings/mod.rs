//! Settings: flags > environment > config file > defaults, each value keeping its origin.
//!
//! Resolution is pure: it takes the parsed flags, the environment struct and the file's text.
//! Reading settings creates nothing on disk.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::env::EnvVars;
use crate::error::{Error, Result};

pub mod config;
pub use config::{
    AgentsConfig, AmazonConfig, AuthConfig, Config, DemoConfig, EbayConfig, EtsyConfig,
    ForecastConfig, FxConfig, ImportConfig, LlmConfig, OutputConfig, OverrideTables, PricingConfig,
    ReportConfig, Setting, ShopifyConfig, SkuPolicy, SyncConfig, TrendsConfig,
};

/// Tables of overrides keyed by SKU or marketplace (`[forecast.sku."MUG-1"]`,
/// `[pricing.marketplace.etsy]`): not keys themselves, so the unknown-key check skips them.
pub const OVERRIDE_TABLES: [&str; 3] = ["forecast.sku", "pricing.sku", "pricing.marketplace"];

/// The credential stores `auth.store` (and SELLKIT_KEYSTORE) can name.
pub const STORE_NAMES: [&str; 3] = ["os", "kernel", "file"];

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Flag,
    Env,
    File,
    Default,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "flag",
            Origin::Env => "env",
            Origin::File => "file",
            Origin::Default => "default",
        })
    }
}

/// The type of a config key's value, used to validate `config set` and the file.
#[derive(Debug, Clone, Copy)]
pub enum KeyType {
    Text,
    Path,
    Integer {
        min: i64,
        max: i64,
    },
    Decimal {
        min: f64,
        max: f64,
    },
    OneOf(&'static [&'static str]),
    /// An ISO 4217 code: three letters.
    Currency,
}

/// A key the config file may hold.
#[derive(Debug)]
pub struct KeySpec {
    pub key: &'static str,
    pub kind: KeyType,
    pub default: Option<&'static str>,
    pub env: Option<&'static str>,
    pub help: &'static str,
}

/// Every key sellkit knows. `config get` lists them; `config set` refuses others.
pub const KEYS: &[KeySpec] = &[
    KeySpec {
        key: "db",
        kind: KeyType::Path,
        default: None,
        env: Some(crate::env::SELLKIT_DB),
        help: "database file (default: the platform data directory)",
    },
    KeySpec {
        key: "auth.store",
        kind: KeyType::OneOf(&STORE_NAMES),
        default: Some("os"),
        env: Some(crate::env::SELLKIT_KEYSTORE),
        help: "where `auth login` writes credentials: os keyring, kernel keyring (Linux, lost at reboot) or a 0600 file",
    },
    KeySpec {
        key: "auth.credentials_file",
        kind: KeyType::Path,
        default: None,
        env: None,
        help: "credentials file of auth.store = file (default: credentials.toml in the data directory)",
    },
    KeySpec {
        key: "sync.timeout",
        kind: KeyType::Integer { min: 1, max: 600 },
        default: Some("30"),
        env: None,
        help: "seconds one marketplace API call may take before it is retried",
    },
    KeySpec {
        key: "sync.max_retries",
        kind: KeyType::Integer { min: 0, max: 20 },
        default: Some("4"),
        env: None,
        help: "retries of a marketplace API call after a 429, 5xx, timeout or dropped connection",
    },
    KeySpec {
        key: "sync.retry_delay_ms",
        kind: KeyType::Integer {
            min: 1,
            max: 60_000,
        },
        default: Some("500"),
        env: None,
        help: "first backoff delay before a retry (doubles each retry, with jitter)",
    },
    KeySpec {
        key: "sync.max_pages_per_resource",
        kind: KeyType::Integer {
            min: 1,
            max: 1_000_000,
        },
        default: Some("10000"),
        env: None,
        help: "pages one resource (or one nested listing, e.g. an order's items) may take before the sync stops with exit 4",
    },
    KeySpec {
        key: "sync.max_reject_percent",
        kind: KeyType::Integer { min: 0, max: 100 },
        default: Some("50"),
        env: None,
        help: "share of a page's records that may be rejected (kept in sync_rejects) before the sync exits 5 at its end",
    },
    KeySpec {
        key: "etsy.base_url",
        kind: KeyType::Text,
        default: Some("https://openapi.etsy.com"),
        env: None,
        help: "Etsy Open API v3 base URL",
    },
    KeySpec {
        key: "etsy.auth_url",
        kind: KeyType::Text,
        default: Some("https://www.etsy.com/oauth/connect"),
        env: None,
        help: "Etsy OAuth consent page",
    },
    KeySpec {
        key: "etsy.token_url",
        kind: KeyType::Text,
        default: Some("https://openapi.etsy.com/v3/public/oauth/token"),
        env: None,
        help: "Etsy OAuth token endpoint",
    },
    KeySpec {
        key: "etsy.redirect_uri",
        kind: KeyType::Text,
        default: Some("http://localhost:3003/sellkit/callback"),
        env: None,
        help: "redirect URI registered in your Etsy app; a localhost address is caught on loopback by `auth login`",
    },
    KeySpec {
        key: "ebay.auth_url",
        kind: KeyType::Text,
        default: Some("https://auth.ebay.com/oauth2/authorize"),
        env: None,
        help: "eBay consent page (sandbox: https://auth.sandbox.ebay.com/oauth2/authorize)",
    },
    KeySpec {
        key: "ebay.sandbox",
        kind: KeyType::OneOf(&["on", "off"]),
        default: Some("off"),
        env: None,
        help: "on: `sync ebay` and `auth login ebay` use api.sandbox.ebay.com, its token endpoint and consent page (sandbox keys); ebay.base_url, ebay.token_url and ebay.auth_url, when set, win",
    },
    KeySpec {
        key: "ebay.base_url",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "eBay API host (default https://api.ebay.com, or the sandbox host)",
    },
    KeySpec {
        key: "ebay.token_url",
        kind: KeyType::Text,
        default: Some("https://api.ebay.com/identity/v1/oauth2/token"),
        env: None,
        help: "eBay OAuth token endpoint (sandbox: https://api.sandbox.ebay.com/identity/v1/oauth2/token)",
    },
    KeySpec {
        key: "ebay.marketplace_id",
        kind: KeyType::Text,
        default: Some("EBAY_US"),
        env: None,
        help: "eBay marketplace of offers and Browse searches (EBAY_US, EBAY_GB, EBAY_DE, ...)",
    },
    KeySpec {
        key: "ebay.browse_keywords",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "comma-separated Browse searches for competitor offers (default: your inventory titles)",
    },
    KeySpec {
        key: "amazon.region",
        kind: KeyType::OneOf(&["na", "eu", "fe"]),
        default: Some("na"),
        env: None,
        help: "SP-API region: na (US, CA, MX, BR), eu (UK, DE, FR, IT, ES, ...), fe (JP, AU, SG)",
    },
    KeySpec {
        key: "amazon.marketplace_id",
        kind: KeyType::Text,
        default: Some("ATVPDKIKX0DER"),
        env: None,
        help: "SP-API marketplace id (ATVPDKIKX0DER = amazon.com, A1F83G8C2ARO7P = amazon.co.uk, ...)",
    },
    KeySpec {
        key: "amazon.sandbox",
        kind: KeyType::OneOf(&["on", "off"]),
        default: Some("off"),
        env: None,
        help: "on: `sync amazon` talks to the region's sandbox.sellingpartnerapi host",
    },
    KeySpec {
        key: "amazon.endpoint",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "SP-API host, overriding amazon.region and amazon.sandbox",
    },
    KeySpec {
        key: "amazon.token_url",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "Login with Amazon token endpoint (default https://api.amazon.com/auth/o2/token)",
    },
    KeySpec {
        key: "etsy.rate_per_second",
        kind: KeyType::Decimal {
            min: 0.01,
            max: 10_000.0,
        },
        default: Some("5"),
        env: None,
        help: "Etsy calls per second on average (Etsy's limit is per app: 10/s for new apps, more on request)",
    },
    KeySpec {
        key: "etsy.burst",
        kind: KeyType::Integer {
            min: 1,
            max: 10_000,
        },
        default: Some("10"),
        env: None,
        help: "Etsy calls allowed at once before etsy.rate_per_second applies",
    },
    KeySpec {
        key: "shopify.base_url",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "Shopify Admin API base URL (default: https:// + the shop domain of the credentials)",
    },
    KeySpec {
        key: "shopify.api_version",
        kind: KeyType::Text,
        default: Some("2026-01"),
        env: None,
        help: "Shopify Admin API version (YYYY-MM)",
    },
    KeySpec {
        key: "shopify.rate_per_second",
        kind: KeyType::Decimal {
            min: 0.01,
            max: 10_000.0,
        },
        default: Some("4"),
        env: None,
        help: "Shopify GraphQL requests per second at most (query cost is paced separately from the throttle status of every answer)",
    },
    KeySpec {
        key: "format",
        kind: KeyType::OneOf(&["table", "json", "ndjson", "csv", "markdown", "html"]),
        default: Some("table"),
        env: None,
        help: "default output format",
    },
    KeySpec {
        key: "color",
        kind: KeyType::OneOf(&["auto", "always", "never"]),
        default: Some("auto"),
        env: None,
        help: "colour in tables and messages",
    },
    KeySpec {
        key: "report.period",
        kind: KeyType::OneOf(&["day", "week", "month"]),
        default: Some("month"),
        env: None,
        help: "default period of `report sales` and `report all`",
    },
    KeySpec {
        key: "report.demand_days",
        kind: KeyType::Integer { min: 1, max: 365 },
        default: Some("28"),
        env: None,
        help: "days of sales averaged for `report inventory` when no forecast run covers today",
    },
    KeySpec {
        key: "report.dead_days",
        kind: KeyType::Integer { min: 1, max: 3650 },
        default: Some("90"),
        env: None,
        help: "stock with no sale for this many days is dead stock in `report inventory`",
    },
    KeySpec {
        key: "report.aging_cover_days",
        kind: KeyType::Integer { min: 1, max: 3650 },
        default: Some("180"),
        env: None,
        help: "stock with more days of cover than this is aging stock in `report inventory`",
    },
    KeySpec {
        key: "report.ledger_grace_days",
        kind: KeyType::Integer { min: 0, max: 365 },
        default: Some("14"),
        env: None,
        help: "an order older than this with no ledger entry is an exception in `report payouts`",
    },
    KeySpec {
        key: "report.refund_cogs",
        kind: KeyType::OneOf(&["lost", "restocked"]),
        default: Some("lost"),
        env: None,
        help: "a refunded order's goods: lost (their cost counts) or restocked (it does not)",
    },
    KeySpec {
        key: "report.cost_method",
        kind: KeyType::OneOf(&["dated", "fifo"]),
        default: Some("dated"),
        env: None,
        help: "cost of goods: dated (the unit cost in force on the order day) or fifo (from purchase lots, oldest first, landed cost included)",
    },
    KeySpec {
        key: "report.currency",
        kind: KeyType::Currency,
        default: None,
        env: None,
        help: "home currency the report totals are converted to (ISO code, e.g. USD; unset: the currency of most sales)",
    },
    KeySpec {
        key: "demo.seed",
        kind: KeyType::Integer {
            min: 0,
            max: i64::MAX,
        },
        default: Some("42"),
        env: None,
        help: "seed of the demo shop",
    },
    KeySpec {
        key: "demo.skus",
        kind: KeyType::Integer {
            min: 1,
            max: 1_000_000,
        },
        default: Some("48"),
        env: None,
        help: "number of SKUs in the demo shop",
    },
    KeySpec {
        key: "demo.days",
        kind: KeyType::Integer { min: 28, max: 3660 },
        default: Some("730"),
        env: None,
        help: "days of order history in the demo shop",
    },
    KeySpec {
        key: "llm.base_url",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (unset: the offline provider)",
    },
    KeySpec {
        key: "llm.model",
        kind: KeyType::Text,
        default: Some("gpt-4o-mini"),
        env: None,
        help: "model name sent to the LLM endpoint",
    },
    KeySpec {
        key: "llm.timeout",
        kind: KeyType::Integer { min: 1, max: 600 },
        default: Some("60"),
        env: None,
        help: "seconds to wait for one LLM answer",
    },
    KeySpec {
        key: "llm.max_concurrency",
        kind: KeyType::Integer { min: 1, max: 64 },
        default: Some("4"),
        env: None,
        help: "LLM requests in flight at once",
    },
    KeySpec {
        key: "llm.temperature",
        kind: KeyType::Decimal { min: 0.0, max: 2.0 },
        default: Some("0.2"),
        env: None,
        help: "sampling temperature (0 to 2)",
    },
    KeySpec {
        key: "llm.max_tokens",
        kind: KeyType::Integer {
            min: 64,
            max: 32_768,
        },
        default: Some("1200"),
        env: None,
        help: "most tokens one LLM answer may use",
    },
    KeySpec {
        key: "llm.response_format",
        kind: KeyType::OneOf(&["json_schema", "json_object", "instruction"]),
        default: Some("json_schema"),
        env: None,
        help: "how answers are constrained: json_schema (OpenAI, Ollama, vLLM), json_object, or the schema in the instructions only",
    },
    KeySpec {
        key: "llm.fallback",
        kind: KeyType::OneOf(&["none", "offline"]),
        default: Some("none"),
        env: None,
        help: "when the endpoint fails: none (exit 4) or offline (use the built-in offline provider)",
    },
    KeySpec {
        key: "llm.cost_input_per_mtok",
        kind: KeyType::Decimal {
            min: 0.0,
            max: 10_000.0,
        },
        default: Some("0"),
        env: None,
        help: "price of 1M input tokens of llm.model in USD, for the cost estimate in agent runs",
    },
    KeySpec {
        key: "llm.cost_output_per_mtok",
        kind: KeyType::Decimal {
            min: 0.0,
            max: 10_000.0,
        },
        default: Some("0"),
        env: None,
        help: "price of 1M output tokens of llm.model in USD, for the cost estimate in agent runs",
    },
    KeySpec {
        key: "agents.lead_time_days",
        kind: KeyType::Integer { min: 1, max: 365 },
        default: Some("21"),
        env: None,
        help: "restock lead time: the risk sentinel warns when stock runs out sooner",
    },
    KeySpec {
        key: "agents.target_margin_bp",
        kind: KeyType::Integer {
            min: -10_000,
            max: 10_000,
        },
        default: Some("2000"),
        env: None,
        help: "target net margin in basis points (2000 = 20%) for the risk sentinel",
    },
    KeySpec {
        key: "agents.undercut_bp",
        kind: KeyType::Integer {
            min: 0,
            max: 10_000,
        },
        default: Some("1000"),
        env: None,
        help: "a competitor cheaper by more than this (basis points of our price) is a finding",
    },
    KeySpec {
        key: "pricing.strategy",
        kind: KeyType::OneOf(&["match_lowest", "beat_lowest", "median_band", "featured"]),
        default: Some("beat_lowest"),
        env: None,
        help: "competitor strategy of `price suggest`: match the lowest offer, beat it by pricing.step_minor, stay within pricing.band_bp of the median, or target the featured offer",
    },
    KeySpec {
        key: "pricing.min_margin_bp",
        kind: KeyType::Integer { min: 0, max: 9000 },
        default: Some("1500"),
        env: None,
        help: "floor of `price suggest`: the lowest price with this margin after fees and cost (basis points, 1500 = 15%)",
    },
    KeySpec {
        key: "pricing.step_minor",
        kind: KeyType::Integer {
            min: 0,
            max: 1_000_000,
        },
        default: Some("25"),
        env: None,
        help: "how far under the lowest competitor beat_lowest goes (minor units, 25 = $0.25)",
    },
    KeySpec {
        key: "pricing.band_bp",
        kind: KeyType::Integer { min: 0, max: 5000 },
        default: Some("500"),
        env: None,
        help: "median_band: the band around the competitors' median price (basis points either side)",
    },
    KeySpec {
        key: "pricing.max_change_bp",
        kind: KeyType::Integer {
            min: 1,
            max: 10_000,
        },
        default: Some("1000"),
        env: None,
        help: "largest move from the current price in one suggestion, and the ceiling above it (basis points); the floor always wins",
    },
    KeySpec {
        key: "pricing.min_change_bp",
        kind: KeyType::Integer { min: 0, max: 5000 },
        default: Some("100"),
        env: None,
        help: "smaller moves than this are not worth a draft (basis points)",
    },
    KeySpec {
        key: "pricing.below_floor",
        kind: KeyType::OneOf(&["hold", "floor"]),
        default: Some("hold"),
        env: None,
        help: "when the competitor target is below the floor: hold the current price, or go to the floor",
    },
    KeySpec {
        key: "pricing.stockout_days",
        kind: KeyType::Integer { min: 0, max: 365 },
        default: Some("14"),
        env: None,
        help: "raise the price when stock covers fewer days than this",
    },
    KeySpec {
        key: "pricing.stock_raise_bp",
        kind: KeyType::Integer { min: 0, max: 5000 },
        default: Some("500"),
        env: None,
        help: "how much to raise when a stockout is near (basis points)",
    },
    KeySpec {
        key: "pricing.aging_days",
        kind: KeyType::Integer { min: 1, max: 3660 },
        default: Some("180"),
        env: None,
        help: "lower the price when stock covers more days than this (aging stock)",
    },
    KeySpec {
        key: "pricing.stock_lower_bp",
        kind: KeyType::Integer { min: 0, max: 5000 },
        default: Some("500"),
        env: None,
        help: "how much to lower when stock is aging (basis points)",
    },
    KeySpec {
        key: "pricing.offer_max_age_days",
        kind: KeyType::Integer { min: 1, max: 365 },
        default: Some("14"),
        env: None,
        help: "competitor offers older than this are ignored",
    },
    KeySpec {
        key: "pricing.elasticity",
        kind: KeyType::OneOf(&["on", "off"]),
        default: Some("on"),
        env: None,
        help: "use the own-price elasticity estimated from each listing's history when the data supports it",
    },
    KeySpec {
        key: "pricing.history_days",
        kind: KeyType::Integer { min: 28, max: 3660 },
        default: Some("730"),
        env: None,
        help: "days of price and sales history the elasticity estimate reads",
    },
    KeySpec {
        key: "forecast.freq",
        kind: KeyType::OneOf(&["day", "week", "month"]),
        default: Some("day"),
        env: None,
        help: "default period of `forecast`",
    },
    KeySpec {
        key: "forecast.lead_time_days",
        kind: KeyType::Integer { min: 0, max: 730 },
        default: Some("14"),
        env: None,
        help: "days from ordering stock to having it (per SKU: [forecast.sku.\"SKU\"])",
    },
    KeySpec {
        key: "forecast.review_days",
        kind: KeyType::Integer { min: 0, max: 365 },
        default: Some("7"),
        env: None,
        help: "days between reorders; the order quantity covers lead time + review period",
    },
    KeySpec {
        key: "forecast.service_level_bp",
        kind: KeyType::Integer {
            min: 5000,
            max: 9999,
        },
        default: Some("9500"),
        env: None,
        help: "chance of not running out during a lead time, in basis points (9500 = 95%)",
    },
    KeySpec {
        key: "forecast.moq",
        kind: KeyType::Integer {
            min: 0,
            max: 10_000_000,
        },
        default: Some("0"),
        env: None,
        help: "minimum order quantity in units",
    },
    KeySpec {
        key: "forecast.case_pack",
        kind: KeyType::Integer {
            min: 1,
            max: 1_000_000,
        },
        default: Some("1"),
        env: None,
        help: "units per case; orders are whole cases",
    },
    KeySpec {
        key: "import.currency",
        kind: KeyType::Text,
        default: Some("USD"),
        env: None,
        help: "currency of imported files that do not state one (Shopify products, Amazon listings)",
    },
    KeySpec {
        key: "import.shop",
        kind: KeyType::Text,
        default: Some("default"),
        env: None,
        help: "store name for imported files that do not say which store they come from",
    },
    KeySpec {
        key: "trends.keywords",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "comma-separated keywords that `trends fetch` asks Reddit, eBay, Etsy and Amazon about (with the top candidates)",
    },
    KeySpec {
        key: "trends.market_top",
        kind: KeyType::Integer { min: 0, max: 100 },
        default: Some("5"),
        env: None,
        help: "top-scored candidates also searched on Reddit, eBay, Etsy and Amazon by `trends fetch`",
    },
    KeySpec {
        key: "trends.recent_weeks",
        kind: KeyType::Integer { min: 2, max: 26 },
        default: Some("8"),
        env: None,
        help: "weeks in the recent window compared with the seasonal baseline",
    },
    KeySpec {
        key: "trends.trend_weeks",
        kind: KeyType::Integer { min: 8, max: 260 },
        default: Some("52"),
        env: None,
        help: "most recent weeks the Mann-Kendall trend test looks at",
    },
    KeySpec {
        key: "trends.currency",
        kind: KeyType::Text,
        default: Some("USD"),
        env: None,
        help: "currency of the marketplace price bands (other currencies are left out)",
    },
    KeySpec {
        key: "trends.reddit.subreddits",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "comma-separated subreddits (without r/) searched for keyword mentions",
    },
    KeySpec {
        key: "trends.reddit.mode",
        kind: KeyType::OneOf(&["search", "new"]),
        default: Some("search"),
        env: None,
        help: "Reddit: one search per subreddit and keyword, or the newest posts matched locally",
    },
    KeySpec {
        key: "trends.reddit.max_pages",
        kind: KeyType::Integer { min: 1, max: 10 },
        default: Some("2"),
        env: None,
        help: "Reddit: pages of 100 posts per request chain",
    },
    KeySpec {
        key: "trends.reddit.user_agent",
        kind: KeyType::Text,
        default: None,
        env: None,
        help: "Reddit User-Agent, e.g. `cli:sellkit:0.1 (by /u/NAME)` (default: sellkit's own)",
    },
    KeySpec {
        key: "trends.reddit.auth_url",
        kind: KeyType::Text,
        default: Some("https://www.reddit.com"),
        env: None,
        help: "Reddit OAuth base URL (token endpoint /api/v1/access_token)",
    },
    KeySpec {
        key: "trends.reddit.api_url",
        kind: KeyType::Text,
        default: Some("https://oauth.reddit.com"),
        env: None,
        help: "Reddit API base URL",
    },
    KeySpec {
        key: "trends.ebay.base_url",
        kind: KeyType::Text,
        default: Some("https://api.ebay.com"),
        env: None,
        help: "eBay API base URL (Browse search at /buy/browse/v1/item_summary/search)",
    },
    KeySpec {
        key: "trends.ebay.marketplace_id",
        kind: KeyType::Text,
        default: Some("EBAY_US"),
        env: None,
        help: "eBay marketplace searched (X-EBAY-C-MARKETPLACE-ID)",
    },
    KeySpec {
        key: "trends.etsy.base_url",
        kind: KeyType::Text,
        default: Some("https://openapi.etsy.com"),
        env: None,
        help: "Etsy Open API base URL (findAllListingsActive at /v3/application/listings/active)",
    },
    KeySpec {
        key: "fx.daily_url",
        kind: KeyType::Text,
        default: Some("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"),
        env: None,
        help: "where `fx fetch` downloads the ECB's reference rates of the latest day (eurofxref XML)",
    },
    KeySpec {
        key: "fx.history_url",
        kind: KeyType::Text,
        default: Some("https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"),
        env: None,
        help: "where `fx fetch --history` downloads every ECB reference rate since 1999 (the zip of eurofxref-hist.csv; the CSV or the eurofxref XML work too)",
    },
];

pub fn key_spec(key: &str) -> Option<&'static KeySpec> {
    KEYS.iter().find(|k| k.key == key)
}

/// A resolved value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Value {
    pub key: String,
    pub value: Option<String>,
    pub origin: Origin,
}

/// The config file, parsed.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub table: toml::Table,
    pub exists: bool,
    /// Keys sellkit does not know, each with the nearest known key (shown as warnings).
    pub warnings: Vec<String>,
}

impl ConfigFile {
    /// Reads the file if it exists; a missing file is an empty config. Validates known keys.
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let bytes = match std::fs::read(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile {
                    path: path.to_path_buf(),
                    table: toml::Table::new(),
                    exists: false,
                    warnings: Vec::new(),
                });
            }
            Err(e) => {
                return Err(Error::Config {
                    message: format!(
                        "{}: cannot read the config file ({e}): fix its permissions, or pass --config PATH",
                        path.display()
                    ),
                    source: Some(Box::new(e)),
                });
            }
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Error::config(format!(
                "{}: not UTF-8 text (invalid byte 0x{:02X} at byte offset {at}): save the config file as UTF-8",
                path.display(),
                e.as_bytes()[at]
            ))
        })?;
        ConfigFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<ConfigFile> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Error::config(format!(
                "{}: {}",
                path.display(),
                e.to_string().trim().replace('\n', " ")
            ))
        })?;
        let mut file = ConfigFile {
            path: path.to_path_buf(),
            table,
            exists: true,
            warnings: Vec::new(),
        };
        let mut keys = Vec::new();
        dotted_keys(&file.table, "", &mut keys);
        for k in keys {
            if key_spec(&k).is_none() {
                let nearest = nearest_key(&k);
                file.warnings.push(format!(
                    "{}: unknown config key {k:?}, ignored (did you mean {nearest:?}?)",
                    path.display()
                ));
            }
        }
        for spec in KEYS {
            if let Some(v) = file.raw(spec.key) {
                validate(spec, &v).map_err(|m| {
                    Error::config(format!("{}: key {}: {m}", path.display(), spec.key))
                })?;
            }
        }
        Ok(file)
    }

    /// The value at a dotted key, as text.
    pub fn raw(&self, key: &str) -> Option<String> {
        let mut parts = key.split('.').peekable();
        let mut table = &self.table;
        while let Some(part) = parts.next() {
            let item = table.get(part)?;
            if parts.peek().is_none() {
                return Some(match item {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
            }
            table = item.as_table()?;
        }
        None
    }

    /// Sets a dotted key (validated) and returns the new file text.
    pub fn set(&mut self, key: &str, value: &str) -> Result<String> {
        let spec = key_spec(key).ok_or_else(|| unknown_key(key))?;
        validate(spec, value).map_err(|m| Error::usage(format!("{key}: {m}")))?;
        let toml_value = match spec.kind {
            KeyType::Integer { .. } => {
                toml::Value::Integer(value.trim().parse().unwrap_or_default())
            }
            KeyType::Decimal { .. } => toml::Value::Float(value.trim().parse().unwrap_or_default()),
            _ => toml::Value::String(value.to_string()),
        };
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().unwrap_or(key);
        let mut table = &mut self.table;
        for part in parts {
            let entry = table
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = match entry {
                toml::Value::Table(t) => t,
                _ => {
                    return Err(Error::config(format!(
                        "{}: {part} is not a table",
                        self.path.display()
                    )));
                }
            };
        }
        table.insert(last.to_string(), toml_value);
        Ok(toml::to_string(&self.table).map_err(anyhow::Error::from)?)
    }
}

/// Every leaf key of `table` as `a.b.c`.
fn dotted_keys(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
    for (k, v) in table {
        let full = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            // Per-SKU and per-marketplace override tables are read (and checked) by their
            // owners: `forecast.sku` by `ForecastConfig::sku_policies`, `pricing.*` by the pricing
            // policy.
            toml::Value::Table(_) if OVERRIDE_TABLES.contains(&full.as_str()) => {}
            // A table that is a known key's prefix holds keys; anything else is a leaf.
            toml::Value::Table(t)
                if KEYS.iter().any(|s| s.key.starts_with(&format!("{full}."))) =>
            {
                dotted_keys(t, &full, out)
            }
            _ => out.push(full),
        }
    }
}

/// The known key nearest to `key` (edit distance).
pub fn nearest_key(key: &str) -> &'static str {
    KEYS.iter()
        .map(|s| (edit_distance(key, s.key), s.key))
        .min()
        .map_or("db", |(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub fn unknown_key(key: &str) -> Error {
    let known: Vec<&str> = KEYS.iter().map(|k| k.key).collect();
    Error::usage(format!(
        "unknown config key {key:?}; known keys: {}",
        known.join(", ")
    ))
}

pub fn validate(spec: &KeySpec, value: &str) -> std::result::Result<(), String> {
    match spec.kind {
        KeyType::Text | KeyType::Path => {
            if value.is_empty() {
                return Err("must not be empty".into());
            }
        }
        KeyType::Integer { min, max } => {
            let n: i64 = value
                .trim()
                .parse()
                .map_err(|_| format!("{value:?} is not a whole number"))?;
            if n < min || n > max {
                return Err(format!("{n} is outside {min}..={max}"));
            }
        }
        KeyType::Decimal { min, max } => {
            let n: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| format!("{value:?} is not a number"))?;
            if n < min || n > max {
                return Err(format!("{n} is outside {min}..={max}"));
            }
        }
        KeyType::OneOf(choices) => {
            if !choices.contains(&value) {
                return Err(format!("{value:?} is not one of {}", choices.join(", ")));
            }
        }
        KeyType::Currency => {
            if crate::money::Currency::new(value).is_err() {
                return Err(format!(
                    "{value:?} is not a currency code (three letters, e.g. USD or EUR)"
                ));
            }
        }
    }
    Ok(())
}

/// Platform paths, overridable for tests.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Dirs {
    /// The platform's standard directories (XDG on Linux). Reading them creates nothing.
    pub fn platform() -> Result<Dirs> {
        let dirs = directories::ProjectDirs::from("", "", "sellkit").ok_or_else(|| {
            Error::config("cannot find a home directory: pass --db and --config, or set HOME")
        })?;
        Ok(Dirs {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }
}

/// Flags that take part in settings resolution.
#[derive(Debug, Clone, Default)]
pub struct FlagValues {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: (PathBuf, Origin),
    pub db_path: (PathBuf, Origin),
    pub file: ConfigFile,
    /// The platform data folder (default home of the database and the credentials file).
    pub data_dir: PathBuf,
}

impl Settings {
    /// flags > env > file > defaults. Loads the config file (a missing one is empty).
    pub fn resolve(flags: &FlagValues, env: &EnvVars, dirs: &Dirs) -> Result<Settings> {
        let config_path = match (&flags.config, &env.config) {
            (Some(p), _) => (p.clone(), Origin::Flag),
            (None, Some(p)) => (p.clone(), Origin::Env),
            (None, None) => (dirs.config_dir.join("config.toml"), Origin::Default),
        };
        let file = ConfigFile::load(&config_path.0)?;
        Ok(Settings::from_parts(flags, env, dirs, config_path, file))
    }

    /// Like [`Settings::resolve`], but a config file that cannot be read or parsed is taken as
    /// empty and its error returned beside the settings (`config path` works with a broken file).
    pub fn resolve_tolerant(
        flags: &FlagValues,
        env: &EnvVars,
        dirs: &Dirs,
    ) -> (Settings, Option<Error>) {
        let config_path = match (&flags.config, &env.config) {
            (Some(p), _) => (p.clone(), Origin::Flag),
            (None, Some(p)) => (p.clone(), Origin::Env),
            (None, None) => (dirs.config_dir.join("config.toml"), Origin::Default),
        };
        let (file, err) = match ConfigFile::load(&config_path.0) {
            Ok(f) => (f, None),
            Err(e) => (
                ConfigFile {
                    path: config_path.0.clone(),
                    ..ConfigFile::default()
                },
                Some(e),
            ),
        };
        (
            Settings::from_parts(flags, env, dirs, config_path, file),
            err,
        )
    }

    /// Settings from the text of a config file alone, as if it were `c.toml` with no flags and
    /// no environment (unit tests of code that reads settings).
    #[cfg(test)]
    pub fn from_toml(text: &str) -> Result<Settings> {
        let file = ConfigFile::parse(std::path::Path::new("c.toml"), text)?;
        Ok(Settings::from_parts(
            &FlagValues::default(),
            &EnvVars::default(),
            &Dirs {
                config_dir: "/cfg".into(),
                data_dir: "/data".into(),
            },
            ("/cfg/c.toml".into(), Origin::Default),
            file,
        ))
    }

    /// Settings with no config file, no flags and no environment: the declared defaults.
    pub fn empty() -> Settings {
        Settings::from_parts(
            &FlagValues::default(),
            &EnvVars::default(),
            &Dirs {
                config_dir: PathBuf::new(),
                data_dir: PathBuf::new(),
            },
            ("config.toml".into(), Origin::Default),
            ConfigFile::default(),
        )
    }

    /// The pure part of [`Settings::resolve`], given the parsed file.
    pub fn from_parts(
        flags: &FlagValues,
        env: &EnvVars,
        dirs: &Dirs,
        config_path: (PathBuf, Origin),
        file: ConfigFile,
    ) -> Settings {
        let db_path = match (&flags.db, &env.db, file.raw("db")) {
            (Some(p), _, _) => (p.clone(), Origin::Flag),
            (None, Some(p), _) => (p.clone(), Origin::Env),
            (None, None, Some(p)) => (PathBuf::from(p), Origin::File),
            (None, None, None) => (dirs.data_dir.join("sellkit.db"), Origin::Default),
        };
        Settings {
            config_path,
            db_path,
            file,
            data_dir: dirs.data_dir.clone(),
        }
    }

    /// A key's value and origin (flags and env apply to `db` only).
    pub fn get(&self, key: &str) -> Result<Value> {
        let spec = key_spec(key).ok_or_else(|| unknown_key(key))?;
        if key == "db" {
            return Ok(Value {
                key: key.into(),
                value: Some(self.db_path.0.display().to_string()),
                origin: self.db_path.1,
            });
        }
        Ok(match self.file.raw(key) {
            Some(v) => Value {
                key: key.into(),
                value: Some(v),
                origin: Origin::File,
            },
            None => Value {
                key: key.into(),
                value: spec.default.map(String::from),
                origin: Origin::Default,
            },
        })
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_key_is_declared_once() {
        let mut seen = std::collections::HashSet::new();
        for k in KEYS {
            assert!(seen.insert(k.key), "{} is declared twice", k.key);
        }
    }
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            config_dir: "/cfg".into(),
            data_dir: "/data".into(),
        }
    }

    #[test]
    fn precedence_flag_env_file_default() {
        let file = ConfigFile::parse(
            Path::new("c.toml"),
            "db = \"/file.db\"\n[report]\nperiod = \"week\"\n",
        )
        .unwrap();
        let env = EnvVars {
            db: Some("/env.db".into()),
            ..Default::default()
        };
        let flags = FlagValues {
            db: Some("/flag.db".into()),
            config: None,
        };
        let resolve = |flags: &FlagValues, env: &EnvVars| {
            Settings::from_parts(
                flags,
                env,
                &dirs(),
                ("c.toml".into(), Origin::Flag),
                file.clone(),
            )
        };
        assert_eq!(
            resolve(&flags, &env).get("db").unwrap().value.as_deref(),
            Some("/flag.db")
        );
        assert_eq!(
            resolve(&flags, &env).get("db").unwrap().origin,
            Origin::Flag
        );
        assert_eq!(
            resolve(&FlagValues::default(), &env)
                .get("db")
                .unwrap()
                .origin,
            Origin::Env
        );
        let s = resolve(&FlagValues::default(), &EnvVars::default());
        assert_eq!(s.get("db").unwrap().value.as_deref(), Some("/file.db"));
        assert_eq!(s.get("db").unwrap().origin, Origin::File);
        assert_eq!(s.get("report.period").unwrap().origin, Origin::File);
        assert_eq!(
            s.get("format").unwrap(),
            Value {
                key: "format".into(),
                value: Some("table".into()),
                origin: Origin::Default
            }
        );
        let none = Settings::from_parts(
            &FlagValues::default(),
            &EnvVars::default(),
            &dirs(),
            ("c.toml".into(), Origin::Default),
            ConfigFile::default(),
        );
        assert_eq!(none.get("db").unwrap().origin, Origin::Default);
    }

    #[test]
    fn missing_file_is_empty_and_defaults_apply() {
        let s = Settings::resolve(&FlagValues::default(), &EnvVars::default(), &dirs()).unwrap();
        assert_eq!(
            s.db_path,
            (PathBuf::from("/data/sellkit.db"), Origin::Default)
        );
        assert_eq!(
            s.config_path,
            (PathBuf::from("/cfg/config.toml"), Origin::Default)
        );
        assert_eq!(s.get("demo.seed").unwrap().value.as_deref(), Some("42"));
    }

    #[test]
    fn unknown_keys_warn_with_the_nearest_known_key() {
        let f = ConfigFile::parse(
            Path::new("c.toml"),
            "formt = \"json\"\n[report]\nperiod = \"week\"\n",
        )
        .unwrap();
        assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
        assert!(f.warnings[0].contains("\"formt\""), "{:?}", f.warnings);
        assert!(
            f.warnings[0].contains("did you mean \"format\""),
            "{:?}",
            f.warnings
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(ConfigFile::parse(Path::new("c.toml"), "format = \"xml\"").is_err());
        assert!(ConfigFile::parse(Path::new("c.toml"), "[demo]\nskus = 0").is_err());
        assert!(ConfigFile::parse(Path::new("c.toml"), "not toml ===").is_err());
        let mut f = ConfigFile::default();
        assert!(f.set("nope", "1").is_err());
        assert!(f.set("demo.skus", "many").is_err());
        let text = f.set("demo.skus", "100").unwrap();
        assert!(
            text.contains("[demo]") && text.contains("skus = 100"),
            "{text}"
        );
    }
}
