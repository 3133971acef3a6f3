//! eBay: Sell Fulfillment (orders), Sell Inventory (inventory items and their offers) and Buy
//! Browse (competitors' items for the seller's titles or configured keywords).
//!
//! Auth: the user token from the refresh token (Basic client auth, the sell scopes) for the Sell
//! APIs; an application token (`client_credentials`, the public `api_scope`) for Browse, kept in
//! memory only. `ebay.sandbox = on` switches every host to `api.sandbox.ebay.com`.
//!
//! Call limits (developer.ebay.com api_call_limits): Browse 5,000 calls a day, the token
//! endpoint 1,000 application tokens and 50,000 refreshes a day; each is a token bucket refilled
//! over the day. eBay states no per-second figure for the Sell APIs; a 429 from them is retried
//! with backoff like any other.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::client::{ApiClient, Bucket, CallError, ClientConfig};
use super::wire::{At, item, json_authed, newest};
use super::{Connector, Page, PageInfo, Reject, Resource};
use crate::auth::{Credentials, Secret};
use crate::error::{Error, Result};
use crate::marketplaces::api::oauth::{ClientAuth, TokenEndpoint, TokenManager, TokenResponse};
use crate::marketplaces::exports::parse::split_total;
use crate::marketplaces::sink::{
    LineRec, ListingRec, OfferRec, OrderLevel, OrderRec, Record, ShopKey,
};
use crate::money::Currency;
use crate::settings::{EbayConfig, Origin};

mod finances;
pub use finances::DIGITAL_SIGNATURES;

pub const PRODUCTION: &str = "https://api.ebay.com";
pub const SANDBOX: &str = "https://api.sandbox.ebay.com";
/// Sell Finances lives on its own hosts.
pub const FINANCES_PRODUCTION: &str = "https://apiz.ebay.com";
pub const FINANCES_SANDBOX: &str = "https://apiz.sandbox.ebay.com";
/// The sandbox's consent page (production's is the `ebay.auth_url` default).
pub const SANDBOX_CONSENT: &str = "https://auth.sandbox.ebay.com/oauth2/authorize";
const TOKEN_PATH: &str = "/identity/v1/oauth2/token";
/// The scopes the user token is refreshed with: listings and offers, orders, and the ledger
/// (Sell Finances).
/// The scopes sellkit asked for before the ledger: a sign-in made then still syncs everything
/// but the ledger.
pub const SELL_SCOPES_BEFORE_FINANCES: &str = "https://api.ebay.com/oauth/api_scope/sell.inventory https://api.ebay.com/oauth/api_scope/sell.fulfillment";
pub const SELL_SCOPES: &str = "https://api.ebay.com/oauth/api_scope/sell.inventory https://api.ebay.com/oauth/api_scope/sell.fulfillment https://api.ebay.com/oauth/api_scope/sell.finances";
pub const APP_SCOPE: &str = "https://api.ebay.com/oauth/api_scope";

/// A day of a daily call limit as a bucket: the whole allowance at once, refilled over 24 h.
fn daily(calls: u32) -> Bucket {
    Bucket {
        rate: f64::from(calls) / 86_400.0,
        burst: calls,
    }
}

/// The documented call limits, per operation name the client uses.
pub fn limits() -> Vec<(&'static str, Bucket)> {
    vec![
        ("search", daily(5_000)),
        ("application token", daily(1_000)),
        ("token refresh", daily(50_000)),
    ]
}

/// Where and what to sync.
#[derive(Debug, Clone)]
pub struct EbayEndpoint {
    /// API host (`ebay.base_url`; default production or sandbox).
    pub base_url: String,
    /// OAuth token endpoint (`ebay.token_url`; default `<base_url>/identity/v1/oauth2/token`).
    pub token_url: String,
    /// Sell Finances host: `apiz.ebay.com` (or the sandbox's), `ebay.base_url` when that is set.
    pub finances_url: String,
    /// `EBAY_US`, `EBAY_GB`, ... (`ebay.marketplace_id`).
    pub marketplace_id: String,
    /// Browse queries instead of the seller's titles (`ebay.browse_keywords`, comma-separated).
    pub browse_keywords: Vec<String>,
    /// Orders per getOrders page (≤ 200), items per getInventoryItems page (≤ 200), Browse results
    /// per query (≤ 200).
    pub page_size: u32,
    /// Apply [`limits`] (tests turn them off).
    pub rate_limits: bool,
    /// The getTransactions offset eBay serves up to (5,000); past it the window starts again
    /// at the newest transaction read (tests lower it).
    pub finances_offset_limit: u64,
}

impl EbayEndpoint {
    pub fn new(base_url: &str) -> EbayEndpoint {
        let base = base_url.trim_end_matches('/').to_string();
        EbayEndpoint {
            token_url: format!("{base}{TOKEN_PATH}"),
            finances_url: base.clone(),
            base_url: base,
            marketplace_id: "EBAY_US".into(),
            browse_keywords: Vec::new(),
            page_size: 200,
            rate_limits: true,
            finances_offset_limit: 5_000,
        }
    }

    /// From the `[ebay]` config: production's or the sandbox's host unless `ebay.base_url` is
    /// set.
    pub fn from_config(e: &EbayConfig) -> EbayEndpoint {
        let (base, finances) = match e.base_url.get() {
            Some(b) => (b.clone(), b),
            None if *e.sandbox => (SANDBOX.into(), FINANCES_SANDBOX.into()),
            None => (PRODUCTION.into(), FINANCES_PRODUCTION.into()),
        };
        let mut c = EbayEndpoint::new(&base);
        c.finances_url = finances.trim_end_matches('/').to_string();
        // The token endpoint follows the host unless it was set (its default is production's).
        if e.token_url.origin != Origin::Default {
            c.token_url = e.token_url.get();
        }
        c.marketplace_id = e.marketplace_id.get();
        c.browse_keywords = crate::settings::config::list(&e.browse_keywords);
        c
    }

    /// The consent page `sellkit auth login ebay` opens: `ebay.auth_url` when set, else the
    /// sandbox's with `ebay.sandbox = on`, else production's.
    pub fn consent_page(e: &EbayConfig) -> String {
        if e.auth_url.origin != Origin::Default || !*e.sandbox {
            e.auth_url.get()
        } else {
            SANDBOX_CONSENT.into()
        }
    }
}

/// The currency of an eBay marketplace (the shop's currency; amounts carry their own).
fn marketplace_currency(id: &str) -> Currency {
    let code = match id {
        "EBAY_GB" => "GBP",
        "EBAY_AU" => "AUD",
        "EBAY_CA" => "CAD",
        "EBAY_CH" => "CHF",
        "EBAY_PL" => "PLN",
        "EBAY_HK" => "HKD",
        "EBAY_SG" => "SGD",
        "EBAY_MY" => "MYR",
        "EBAY_PH" => "PHP",
        "EBAY_IN" => "INR",
        "EBAY_DE" | "EBAY_FR" | "EBAY_IT" | "EBAY_ES" | "EBAY_AT" | "EBAY_BE" | "EBAY_NL"
        | "EBAY_IE" => "EUR",
        _ => "USD",
    };
    Currency::new(code).unwrap_or(Currency::USD)
}

pub struct EbayConnector {
    cfg: EbayEndpoint,
    client: ApiClient,
    tokens: TokenManager,
    now: jiff::Timestamp,
    app_token: Option<Secret>,
    /// The seller's own listing ids seen this run: Browse finds them too, they are no competitor.
    own: std::collections::HashSet<String>,
}

impl std::fmt::Debug for EbayConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EbayConnector")
            .field("base_url", &self.cfg.base_url)
            .finish_non_exhaustive()
    }
}

// ---- wire types (only the fields sellkit reads) ----

#[derive(Debug, Deserialize)]
struct Amount {
    currency: String,
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrderPage {
    #[serde(default)]
    next: Option<String>,
    /// Read leniently: a total that is no count is no total (the guards then do without it).
    #[serde(default, deserialize_with = "super::wire::lenient_count")]
    total: Option<u64>,
    /// Each order is decoded on its own, so that one bad order is rejected alone.
    #[serde(default)]
    orders: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    creation_date: String,
    #[serde(default)]
    last_modified_date: Option<String>,
    #[serde(default)]
    order_fulfillment_status: Option<String>,
    #[serde(default)]
    order_payment_status: Option<String>,
    #[serde(default)]
    cancel_status: Option<CancelStatus>,
    #[serde(default)]
    pricing_summary: Option<PricingSummary>,
    #[serde(default)]
    total_marketplace_fee: Option<Amount>,
    #[serde(default)]
    fulfillment_start_instructions: Vec<FulfillmentStart>,
    #[serde(default)]
    line_items: Vec<LineItem>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CancelStatus {
    #[serde(default)]
    cancel_state: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PricingSummary {
    #[serde(default)]
    delivery_cost: Option<Amount>,
    #[serde(default)]
    delivery_discount: Option<Amount>,
    #[serde(default)]
    price_discount: Option<Amount>,
    #[serde(default)]
    tax: Option<Amount>,
    #[serde(default)]
    total: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FulfillmentStart {
    #[serde(default)]
    shipping_step: Option<ShippingStep>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShippingStep {
    #[serde(default)]
    ship_to: Option<ShipTo>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShipTo {
    #[serde(default)]
    contact_address: Option<Address>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    state_or_province: Option<String>,
    #[serde(default)]
    postal_code: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LineItem {
    line_item_id: String,
    #[serde(default)]
    legacy_item_id: Option<String>,
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    title: Option<String>,
    quantity: i64,
    line_item_cost: Amount,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryPage {
    #[serde(default)]
    next: Option<String>,
    /// Read leniently: a total that is no count is no total (the guards then do without it).
    #[serde(default, deserialize_with = "super::wire::lenient_count")]
    total: Option<u64>,
    #[serde(default)]
    inventory_items: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct InventoryItem {
    sku: String,
    #[serde(default)]
    availability: Option<Availability>,
    #[serde(default)]
    product: Option<Product>,
    #[serde(default)]
    package_weight_and_size: Option<PackageWeightAndSize>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Availability {
    #[serde(default)]
    ship_to_location_availability: Option<ShipToAvailability>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShipToAvailability {
    #[serde(default)]
    quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Product {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PackageWeightAndSize {
    #[serde(default)]
    weight: Option<Weight>,
}

#[derive(Debug, Deserialize)]
struct Weight {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    value: Option<serde_json::Number>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OffersPage {
    #[serde(default)]
    offers: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    offer_id: String,
    #[serde(default)]
    available_quantity: Option<i64>,
    #[serde(default)]
    listing: Option<ListingDetails>,
    #[serde(default)]
    listing_description: Option<String>,
    #[serde(default)]
    marketplace_id: Option<String>,
    #[serde(default)]
    pricing_summary: Option<OfferPricing>,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListingDetails {
    #[serde(default)]
    listing_id: Option<String>,
    #[serde(default)]
    listing_status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfferPricing {
    #[serde(default)]
    price: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchPage {
    #[serde(default)]
    item_summaries: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemSummary {
    item_id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    price: Option<Amount>,
    #[serde(default)]
    seller: Option<Seller>,
    #[serde(default)]
    shipping_options: Vec<ShippingOption>,
    #[serde(default)]
    epid: Option<String>,
    #[serde(default)]
    legacy_item_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Seller {
    #[serde(default)]
    username: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShippingOption {
    #[serde(default)]
    shipping_cost: Option<Amount>,
}

// ---- mapping ----

fn order_status(o: &Order) -> &'static str {
    let cancel = o
        .cancel_status
        .as_ref()
        .and_then(|c| c.cancel_state.as_deref());
    let pay = o.order_payment_status.as_deref().unwrap_or("");
    let ful = o.order_fulfillment_status.as_deref().unwrap_or("");
    if cancel == Some("CANCELED") {
        "cancelled"
    } else if pay == "FULLY_REFUNDED" {
        "refunded"
    } else if pay == "PENDING" || pay == "FAILED" {
        "pending"
    } else if ful == "FULFILLED" {
        "shipped"
    } else {
        "paid"
    }
}

fn amount(at: &At<'_>, field: &str, a: Option<&Amount>, currency: Currency) -> Result<i64> {
    match a {
        None => Ok(0),
        Some(a) => {
            let c = at.currency(&format!("{field}.currency"), &a.currency)?;
            if c != currency {
                return Err(at.error(field, format!("is in {c}, the order in {currency}")));
            }
            at.minor(&format!("{field}.value"), &a.value, currency)
        }
    }
}

fn map_order(shop: &ShopKey, o: Order) -> Result<OrderRec> {
    let record = format!("order {}", o.order_id);
    let at = At {
        marketplace: "ebay",
        op: "getOrders",
        record: &record,
    };
    let ordered_at = at.instant("creationDate", &o.creation_date)?;
    let updated_at = match &o.last_modified_date {
        Some(d) => at.instant("lastModifiedDate", d)?,
        None => ordered_at.clone(),
    };
    let ps = o.pricing_summary.as_ref();
    let currency_code = ps
        .and_then(|p| p.total.as_ref())
        .map(|t| t.currency.as_str())
        .or_else(|| {
            o.line_items
                .first()
                .map(|l| l.line_item_cost.currency.as_str())
        })
        .unwrap_or(shop.currency.code());
    let currency = at.currency("pricingSummary.total.currency", currency_code)?;
    let mut lines = Vec::new();
    for li in &o.line_items {
        let total = amount(
            &at,
            "lineItems.lineItemCost",
            Some(&li.line_item_cost),
            currency,
        )?;
        let sku = match (&li.sku, &li.legacy_item_id) {
            (Some(s), _) if !s.trim().is_empty() => s.trim().to_string(),
            (_, Some(id)) => format!("ebay:{id}"),
            _ => format!("ebay-line:{}", li.line_item_id),
        };
        if li.quantity < 0 {
            return Err(at.error("lineItems.quantity", "is negative"));
        }
        for (q, unit) in split_total(total, li.quantity) {
            lines.push(LineRec {
                external_id: Some(li.line_item_id.clone()),
                sku: sku.clone(),
                title: li.title.clone(),
                quantity: q,
                unit_price: unit,
                discount: 0,
                shipping: 0,
                tax: 0,
                fees: 0,
            });
        }
    }
    let discount = amount(
        &at,
        "pricingSummary.priceDiscount",
        ps.and_then(|p| p.price_discount.as_ref()),
        currency,
    )?
    .abs()
        + amount(
            &at,
            "pricingSummary.deliveryDiscount",
            ps.and_then(|p| p.delivery_discount.as_ref()),
            currency,
        )?
        .abs();
    let shipping = amount(
        &at,
        "pricingSummary.deliveryCost",
        ps.and_then(|p| p.delivery_cost.as_ref()),
        currency,
    )?;
    let tax = amount(
        &at,
        "pricingSummary.tax",
        ps.and_then(|p| p.tax.as_ref()),
        currency,
    )?;
    // Fees the seller pays: totalMarketplaceFee when eBay states it (seller's currency, which is
    // the order's for domestic sales), else none known.
    let fees = match &o.total_marketplace_fee {
        Some(f) => Some(amount(&at, "totalMarketplaceFee", Some(f), currency)?),
        None => None,
    };
    let addr = o
        .fulfillment_start_instructions
        .iter()
        .filter_map(|f| f.shipping_step.as_ref())
        .filter_map(|s| s.ship_to.as_ref())
        .find_map(|t| t.contact_address.as_ref());
    let clean = |s: Option<&String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(OrderRec {
        shop: shop.clone(),
        external_id: o.order_id.clone(),
        ordered_at,
        updated_at,
        status: order_status(&o),
        currency,
        ship_city: clean(addr.and_then(|a| a.city.as_ref())),
        ship_region: clean(addr.and_then(|a| a.state_or_province.as_ref())),
        ship_postal_code: clean(addr.and_then(|a| a.postal_code.as_ref())),
        ship_country: at.country(
            "fulfillmentStartInstructions.shippingStep.shipTo.contactAddress.countryCode",
            addr.and_then(|a| a.country_code.as_ref()),
        )?,
        lines,
        level: OrderLevel {
            discount: Some(discount),
            shipping: Some(shipping),
            tax: Some(tax),
            fees,
        },
        summary: false,
    })
}

fn weight_grams(w: Option<&Weight>) -> Option<i64> {
    let w = w?;
    let v: f64 = w.value.as_ref()?.as_f64()?;
    let g = match w.unit.as_deref()? {
        "GRAM" => v,
        "KILOGRAM" => v * 1000.0,
        "OUNCE" => v * 28.349_523_125,
        "POUND" => v * 453.592_37,
        _ => return None,
    };
    Some(g.round() as i64)
}

fn listing_state(o: &Offer) -> &'static str {
    let ls = o.listing.as_ref().and_then(|l| l.listing_status.as_deref());
    match (o.status.as_deref(), ls) {
        (_, Some("ENDED" | "EBAY_ENDED")) => "inactive",
        (_, Some("OUT_OF_STOCK")) => "sold_out",
        (Some("PUBLISHED"), _) => "active",
        _ => "draft",
    }
}

impl EbayConnector {
    pub fn new(
        cfg: EbayEndpoint,
        creds: Credentials,
        now: jiff::Timestamp,
        client_config: ClientConfig,
    ) -> Result<EbayConnector> {
        creds.require()?;
        let mut client = ApiClient::new("ebay", client_config)?;
        if cfg.rate_limits {
            for (op, b) in limits() {
                client = client.with_limit(op, b);
            }
        }
        let tokens = TokenManager::new(
            creds,
            TokenEndpoint {
                url: cfg.token_url.clone(),
                auth: ClientAuth::Basic {
                    id_field: "client_id",
                    secret_field: "client_secret",
                },
                scope: Some(SELL_SCOPES.into()),
            },
            now,
        )
        .with_fallback_scope(SELL_SCOPES_BEFORE_FINANCES);
        Ok(EbayConnector {
            cfg,
            client,
            tokens,
            now,
            app_token: None,
            own: std::collections::HashSet::new(),
        })
    }

    /// Token refreshes made so far (tests check the 401 path).
    pub fn refreshes(&self) -> u32 {
        self.tokens.refreshes
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.cfg.base_url)
    }

    async fn orders(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        // getOrders pages by record offset (orders to skip).
        let offset: u64 = page.and_then(|p| p.parse().ok()).unwrap_or(0);
        // getOrders returns orders of the last two years at most; without a window, ask for all of them.
        let from = match since {
            Some(s) => s.to_string(),
            None => crate::time::rfc3339(self.now - jiff::SignedDuration::from_hours(24 * 729)),
        };
        let filter = format!("lastmodifieddate:[{from}..]");
        let limit = self.cfg.page_size.clamp(1, 200);
        let url = self.url("/sell/fulfillment/v1/order");
        let body: OrderPage = json_authed(&self.client, &mut self.tokens, "getOrders", |h, t| {
            h.get(&url).bearer_auth(t).query(&[
                ("filter", filter.as_str()),
                ("limit", &limit.to_string()),
                ("offset", &offset.to_string()),
            ])
        })
        .await?;
        let n = body.orders.len() as u64;
        let mut out = Page {
            info: PageInfo {
                op: "getOrders",
                items: n,
                limit: Some(u64::from(limit)),
                start: Some(offset),
                total: body.total,
                restarted: false,
            },
            ..Page::default()
        };
        for raw in &body.orders {
            let ids = ["orderId"];
            let rec = item::<Order>("getOrders", "ebay", raw, &ids).and_then(|o| {
                map_order(shop, o).map_err(|e| Reject::new("getOrders", raw, &ids, e))
            });
            match rec {
                Ok(rec) => {
                    out.newest = newest(out.newest.take(), &rec.updated_at);
                    out.records.push(Record::Order(rec));
                }
                Err(r) => out.rejects.push(r),
            }
        }
        out.next = body.next.is_some().then(|| (offset + n).to_string());
        Ok(out)
    }

    /// Page `number` of getInventoryItems: its `offset` is a page number ("the first page 0,
    /// the second 1"), not a record offset.
    async fn inventory_page(&mut self, number: u64) -> Result<InventoryPage> {
        let limit = self.inventory_limit();
        let url = self.url("/sell/inventory/v1/inventory_item");
        json_authed(
            &self.client,
            &mut self.tokens,
            "getInventoryItems",
            |h, t| {
                h.get(&url)
                    .bearer_auth(t)
                    .query(&[("limit", limit.to_string()), ("offset", number.to_string())])
            },
        )
        .await
    }

    fn inventory_limit(&self) -> u64 {
        u64::from(self.cfg.page_size.clamp(1, 200))
    }

    /// The page number a listings or offers cursor holds (`page:N`; anything else is the start).
    fn page_number(page: Option<&str>) -> u64 {
        page.and_then(|p| p.strip_prefix("page:"))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// What an inventory page says about its position, and the cursor of the page after it.
    fn inventory_info(&self, body: &InventoryPage, number: u64) -> (PageInfo, Option<String>) {
        let limit = self.inventory_limit();
        let info = PageInfo {
            op: "getInventoryItems",
            items: body.inventory_items.len() as u64,
            limit: Some(limit),
            start: Some(number.saturating_mul(limit)),
            total: body.total,
            restarted: false,
        };
        let next = body.next.as_ref().map(|_| format!("page:{}", number + 1));
        (info, next)
    }

    async fn offers_of(&mut self, sku: &str) -> Result<Vec<serde_json::Value>> {
        let url = self.url("/sell/inventory/v1/offer");
        let market = self.cfg.marketplace_id.clone();
        let resp =
            json_authed::<OffersPage>(&self.client, &mut self.tokens, "getOffers", |h, t| {
                h.get(&url).bearer_auth(t).query(&[
                    ("sku", sku),
                    ("marketplace_id", market.as_str()),
                    ("limit", "100"),
                ])
            })
            .await;
        match resp {
            Ok(p) => Ok(p.offers),
            // An inventory item with no offer yet: eBay answers 404 (errorId 25713).
            Err(e) if e.to_string().contains("HTTP 404") => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// The records of one inventory item and its offers; a value that fails validation is the
    /// error (the caller rejects the whole item).
    fn map_item(
        &mut self,
        shop: &ShopKey,
        item: &InventoryItem,
        offers: &[serde_json::Value],
    ) -> Result<Vec<Record>> {
        let record = format!("SKU {}", item.sku);
        let at = At {
            marketplace: "ebay",
            op: "getOffers",
            record: &record,
        };
        let mut out = Vec::new();
        let title = item
            .product
            .as_ref()
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| item.sku.clone());
        let qty = item
            .availability
            .as_ref()
            .and_then(|a| a.ship_to_location_availability.as_ref())
            .and_then(|s| s.quantity);
        if let Some(q) = qty
            && q < 0
        {
            return Err(at.error(
                "availability.shipToLocationAvailability.quantity",
                "is negative",
            ));
        }
        out.push(Record::Product {
            sku: item.sku.clone(),
            title: title.clone(),
            category: None,
            weight_g: weight_grams(
                item.package_weight_and_size
                    .as_ref()
                    .and_then(|p| p.weight.as_ref()),
            ),
        });
        if let Some(q) = qty {
            out.push(Record::Inventory {
                sku: item.sku.clone(),
                location: "ebay",
                on_hand: q,
            });
        }
        let mut own = Vec::new();
        for raw in offers {
            let offer: Offer = serde_json::from_value(raw.clone()).map_err(|e| {
                at.error(
                    "offers",
                    format!("an offer is not what the API documents ({e})"),
                )
            })?;
            if offer
                .marketplace_id
                .as_deref()
                .is_some_and(|m| m != self.cfg.marketplace_id)
            {
                continue;
            }
            let Some(price) = offer
                .pricing_summary
                .as_ref()
                .and_then(|p| p.price.as_ref())
            else {
                continue;
            };
            if offer.available_quantity.is_some_and(|q| q < 0) {
                return Err(at.error("availableQuantity", "is negative"));
            }
            let currency = at.currency("pricingSummary.price.currency", &price.currency)?;
            let listing_id = offer.listing.as_ref().and_then(|l| l.listing_id.clone());
            if let Some(id) = &listing_id {
                own.push(id.clone());
            }
            out.push(Record::Listing(ListingRec {
                shop: shop.clone(),
                external_id: listing_id
                    .clone()
                    .unwrap_or_else(|| format!("offer:{}", offer.offer_id)),
                sku: Some(item.sku.clone()),
                title: title.clone(),
                description: offer
                    .listing_description
                    .clone()
                    .or_else(|| item.product.as_ref().and_then(|p| p.description.clone()))
                    .unwrap_or_default(),
                tags: Vec::new(),
                price: at.minor("pricingSummary.price.value", &price.value, currency)?,
                currency,
                quantity: offer.available_quantity.or(qty),
                state: listing_state(&offer),
                url: listing_id.map(|id| format!("https://www.ebay.com/itm/{id}")),
            }));
        }
        self.own.extend(own);
        Ok(out)
    }

    async fn listings(&mut self, shop: &ShopKey, page: Option<&str>) -> Result<Page> {
        let number = Self::page_number(page);
        let body = self.inventory_page(number).await?;
        let (info, next) = self.inventory_info(&body, number);
        let mut out = Page {
            info,
            next,
            ..Page::default()
        };
        for raw in &body.inventory_items {
            let ids = ["sku"];
            let item = match item::<InventoryItem>("getInventoryItems", "ebay", raw, &ids) {
                Ok(i) => i,
                Err(r) => {
                    out.rejects.push(r);
                    continue;
                }
            };
            let offers = self.offers_of(&item.sku).await?;
            match self.map_item(shop, &item, &offers) {
                Ok(records) => out.records.extend(records),
                Err(e) => out.rejects.push(Reject::new("getOffers", raw, &ids, e)),
            }
        }
        Ok(out)
    }

    /// An application token for Browse (client credentials), kept in memory only.
    async fn app_token(&mut self, force: bool) -> Result<Secret> {
        if !force && let Some(t) = &self.app_token {
            return Ok(t.clone());
        }
        let creds = &self.tokens.creds;
        let basic = format!(
            "Basic {}",
            STANDARD.encode(format!(
                "{}:{}",
                creds.field("client_id")?.expose(),
                creds.field("client_secret")?.expose()
            ))
        );
        let url = self.cfg.token_url.clone();
        let answer: std::result::Result<TokenResponse, CallError> = self
            .client
            .json("application token", |h| {
                h.post(&url)
                    .header(reqwest::header::AUTHORIZATION, &basic)
                    .form(&[("grant_type", "client_credentials"), ("scope", APP_SCOPE)])
            })
            .await;
        let t = match answer {
            Ok(t) => t,
            Err(CallError::Unauthorized { status, .. }) => {
                return Err(Error::config(format!(
                    "ebay: the client id and secret were refused for an application token (HTTP {status}); check them with `sellkit auth status ebay`"
                )));
            }
            Err(e) => return Err(self.client.fail("application token", e)),
        };
        let s = Secret::new(t.access_token);
        self.app_token = Some(s.clone());
        Ok(s)
    }

    /// One Browse search for `q`: competitors' items, the seller's own left out.
    async fn search(&mut self, sku: Option<String>, q: &str, out: &mut Page) -> Result<()> {
        let url = self.url("/buy/browse/v1/item_summary/search");
        let limit = self.cfg.page_size.clamp(1, 200).to_string();
        let market = self.cfg.marketplace_id.clone();
        let mut token = self.app_token(false).await?;
        let build = |h: &reqwest::Client, t: &str| {
            h.get(&url)
                .bearer_auth(t)
                .header("X-EBAY-C-MARKETPLACE-ID", &market)
                .query(&[("q", q), ("limit", limit.as_str())])
        };
        let resp = match self
            .client
            .send("search", |h| build(h, token.expose()))
            .await
        {
            Ok(r) => r,
            Err(CallError::Unauthorized { .. }) => {
                token = self.app_token(true).await?;
                self.client
                    .send("search", |h| build(h, token.expose()))
                    .await
                    .map_err(|e| self.client.fail("search", e))?
            }
            Err(e) => return Err(self.client.fail("search", e)),
        };
        let body: SearchPage = self.client.parse("search", resp).await?;
        for raw in &body.item_summaries {
            let ids = ["itemId"];
            let it = match item::<ItemSummary>("search", "ebay", raw, &ids) {
                Ok(i) => i,
                Err(r) => {
                    out.rejects.push(r);
                    continue;
                }
            };
            match self.map_summary(sku.clone(), it) {
                Ok(Some(rec)) => out.records.push(rec),
                Ok(None) => {}
                Err(e) => out.rejects.push(Reject::new("search", raw, &ids, e)),
            }
        }
        out.validated += body.item_summaries.len() as u64;
        Ok(())
    }

    fn map_summary(&self, sku: Option<String>, it: ItemSummary) -> Result<Option<Record>> {
        let record = format!("item {}", it.item_id);
        let at = At {
            marketplace: "ebay",
            op: "search",
            record: &record,
        };
        let Some(price) = &it.price else {
            return Ok(None);
        };
        // RESTful item ids are `v1|<legacy id>|<variation>`.
        let legacy = it
            .legacy_item_id
            .clone()
            .or_else(|| it.item_id.split('|').nth(1).map(String::from));
        if legacy.is_some_and(|l| self.own.contains(&l)) {
            return Ok(None);
        }
        let currency = at.currency("price.currency", &price.currency)?;
        let shipping = match it
            .shipping_options
            .iter()
            .find_map(|s| s.shipping_cost.as_ref())
        {
            Some(a) if a.currency == price.currency => {
                at.minor("shippingOptions.shippingCost.value", &a.value, currency)?
            }
            _ => 0,
        };
        Ok(Some(Record::Offer(OfferRec {
            marketplace: "ebay",
            sku,
            product_ref: Some(it.epid.clone().unwrap_or(it.item_id.clone())),
            seller: it
                .seller
                .and_then(|s| s.username)
                .unwrap_or_else(|| "unknown".into()),
            title: it.title,
            price: at.minor("price.value", &price.value, currency)?,
            shipping,
            currency,
            is_featured: false,
            source: "ebay-browse",
        })))
    }

    /// Competitors' offers: with `ebay.browse_keywords`, one page per keyword; else one page
    /// per page of the seller's inventory, a search for each title on it (so the inventory is
    /// walked page by page under the same guards and `--max-pages`, never whole in one page).
    async fn offers(&mut self, page: Option<&str>) -> Result<Page> {
        let mut out = Page::default();
        if !self.cfg.browse_keywords.is_empty() {
            let index: usize = page.and_then(|p| p.parse().ok()).unwrap_or(0);
            let Some(q) = self.cfg.browse_keywords.get(index).cloned() else {
                return Ok(out);
            };
            self.search(None, &q, &mut out).await?;
            // Each keyword is one search: its page has one item, the query.
            out.info = PageInfo {
                op: "search",
                items: 1,
                ..PageInfo::default()
            };
            if index + 1 < self.cfg.browse_keywords.len() {
                out.next = Some((index + 1).to_string());
            }
            return Ok(out);
        }
        let number = Self::page_number(page);
        let body = self.inventory_page(number).await?;
        let (info, next) = self.inventory_info(&body, number);
        out.next = next;
        let mut queries = Vec::new();
        for raw in &body.inventory_items {
            // Items that do not decode are rejected by the listings pull; here they are skipped.
            if let Ok(i) = serde_json::from_value::<InventoryItem>(raw.clone())
                && let Some(t) = i.product.and_then(|p| p.title)
                && !t.trim().is_empty()
            {
                queries.push((i.sku, t));
            }
        }
        for (sku, q) in queries {
            self.search(Some(sku), &q, &mut out).await?;
        }
        out.info = info;
        Ok(out)
    }
}

impl Connector for EbayConnector {
    fn name(&self) -> &'static str {
        "ebay"
    }

    fn client(&self) -> &ApiClient {
        &self.client
    }

    fn resources(&self) -> Vec<Resource> {
        vec![
            Resource::Listings,
            Resource::Orders,
            Resource::Offers,
            Resource::Ledger,
        ]
    }

    async fn shop(&mut self) -> Result<ShopKey> {
        let id = self.cfg.marketplace_id.clone();
        Ok(ShopKey {
            channel: "ebay",
            name: format!("eBay ({id})"),
            currency: marketplace_currency(&id),
            external_id: id,
        })
    }

    async fn pull(
        &mut self,
        shop: &ShopKey,
        resource: Resource,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        match resource {
            Resource::Orders => self.orders(shop, since, page).await,
            // Inventory items carry the quantities: listings and inventory come together.
            Resource::Listings | Resource::Inventory => self.listings(shop, page).await,
            Resource::Offers => self.offers(page).await,
            Resource::Ledger => self.ledger(shop, since, page).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn settings(toml: &str) -> EbayConfig {
        EbayConfig::resolve(&Settings::from_toml(toml).unwrap()).unwrap()
    }

    #[test]
    fn the_sandbox_switch_moves_the_api_and_the_token_endpoint() {
        let c = EbayEndpoint::from_config(&settings(""));
        assert_eq!(c.base_url, "https://api.ebay.com");
        assert_eq!(c.token_url, "https://api.ebay.com/identity/v1/oauth2/token");
        assert_eq!(c.finances_url, "https://apiz.ebay.com");
        assert_eq!(c.marketplace_id, "EBAY_US");
        let c = EbayEndpoint::from_config(&settings(
            "[ebay]\nsandbox = \"on\"\nbrowse_keywords = \"blue mug, linen tote ,\"\n",
        ));
        assert_eq!(c.base_url, "https://api.sandbox.ebay.com");
        assert_eq!(
            c.token_url,
            "https://api.sandbox.ebay.com/identity/v1/oauth2/token"
        );
        assert_eq!(c.browse_keywords, vec!["blue mug", "linen tote"]);
        assert_eq!(c.finances_url, "https://apiz.sandbox.ebay.com");
        let c = EbayEndpoint::from_config(&settings(
            "[ebay]\nbase_url = \"http://127.0.0.1:9/\"\ntoken_url = \"http://127.0.0.1:9/t\"\n",
        ));
        assert_eq!(c.base_url, "http://127.0.0.1:9");
        assert_eq!(c.token_url, "http://127.0.0.1:9/t");
        assert_eq!(c.finances_url, "http://127.0.0.1:9");
    }

    #[test]
    fn the_consent_page_follows_the_sandbox_switch_unless_set() {
        let page = |toml: &str| EbayEndpoint::consent_page(&settings(toml));
        assert_eq!(page(""), "https://auth.ebay.com/oauth2/authorize");
        assert_eq!(page("[ebay]\nsandbox = \"on\"\n"), SANDBOX_CONSENT);
        assert_eq!(
            page("[ebay]\nsandbox = \"on\"\nauth_url = \"http://127.0.0.1:9/a\"\n"),
            "http://127.0.0.1:9/a"
        );
    }

    #[test]
    fn daily_limits_become_buckets() {
        let l = limits();
        let search = l.iter().find(|(op, _)| *op == "search").unwrap().1;
        assert_eq!(search.burst, 5_000);
        assert!((search.rate * 86_400.0 - 5_000.0).abs() < 1e-6);
        assert_eq!(marketplace_currency("EBAY_DE").code(), "EUR");
        assert_eq!(marketplace_currency("EBAY_GB").code(), "GBP");
    }
}
