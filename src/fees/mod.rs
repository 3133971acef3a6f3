//! The fee engine: each marketplace's published fee schedule as data (`schedules.toml`, embedded),
//! chosen by date, applied to an order in integer minor units.
//!
//! Rates are basis points and every percentage fee is rounded to the currency's minor unit, half
//! away from zero ([`crate::money::apply_bp`]), once per fee component. Weights and dimensions are
//! physical measures, converted once to whole milligrams and micrometres.

use std::sync::OnceLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, apply_bp};

/// The schedules file, embedded at build time.
pub const SCHEDULES_TOML: &str = include_str!("schedules.toml");

/// The marketplaces sellkit has fee schedules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Marketplace {
    Etsy,
    Ebay,
    Amazon,
    Shopify,
}

impl Marketplace {
    pub const ALL: [Marketplace; 4] = [
        Marketplace::Etsy,
        Marketplace::Ebay,
        Marketplace::Amazon,
        Marketplace::Shopify,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Marketplace::Etsy => "etsy",
            Marketplace::Ebay => "ebay",
            Marketplace::Amazon => "amazon",
            Marketplace::Shopify => "shopify",
        }
    }

    /// Parses a channel name as stored in `shops.channel` (case-insensitive).
    pub fn parse(text: &str) -> Option<Marketplace> {
        Marketplace::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl std::fmt::Display for Marketplace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// ------------------------------------------------------------------------------ schedule data

/// Fields every schedule entry has.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Meta {
    #[serde(with = "date_text")]
    pub effective_from: Date,
    pub currency: Currency,
    /// "published" (read on the marketplace's own pages or a verbatim quote) or "unverified".
    pub status: String,
    pub source: String,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EtsySchedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub listing_fee_minor: i64,
    pub transaction_bp: i64,
    pub processing_bp: i64,
    pub processing_fixed_minor: i64,
    pub offsite_ads_bp: i64,
    pub offsite_ads_large_shop_bp: i64,
    pub offsite_ads_cap_minor: i64,
}

/// A rate that applies up to an amount (the last tier has no limit).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Tier {
    pub up_to_minor: Option<i64>,
    pub rate_bp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TierRule {
    /// Each tier's rate applies to the part of the amount inside the tier.
    Marginal,
    /// The first tier that covers the whole amount sets the rate for all of it.
    Whole,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Category {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default = "marginal")]
    pub rule: TierRule,
    #[serde(default)]
    pub min_fee_minor: i64,
    pub tiers: Vec<Tier>,
}

fn marginal() -> TierRule {
    TierRule::Marginal
}

impl Category {
    fn matches(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    /// The percentage part of the fee on `amount`, rounded once.
    pub fn percentage_fee(&self, amount: i64) -> i64 {
        if amount < 0 {
            // Refunds and corrections: the fee of the positive amount, negated.
            return -self.percentage_fee(-amount);
        }
        match self.rule {
            TierRule::Whole => {
                let tier = self
                    .tiers
                    .iter()
                    .find(|t| t.up_to_minor.is_none_or(|u| amount <= u))
                    .or(self.tiers.last());
                tier.map_or(0, |t| apply_bp(amount, t.rate_bp))
            }
            TierRule::Marginal => {
                // Sum exact rate × amount per slice (in bp-cents), round once at the end.
                let mut lower = 0i64;
                let mut acc: i128 = 0;
                for t in &self.tiers {
                    let upper = t.up_to_minor.unwrap_or(i64::MAX);
                    if amount > lower {
                        let slice = amount.min(upper) - lower;
                        acc += i128::from(slice) * i128::from(t.rate_bp);
                    }
                    if amount <= upper {
                        break;
                    }
                    lower = upper;
                }
                round_bp_product(acc)
            }
        }
    }
}

/// Rounds a sum of `amount × rate_bp` products to minor units, half away from zero.
fn round_bp_product(acc: i128) -> i64 {
    let q = acc / 10_000;
    let r = acc % 10_000;
    let adj = if r.abs() * 2 >= 10_000 {
        acc.signum()
    } else {
        0
    };
    (q + adj) as i64
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PerOrderFee {
    pub up_to_minor: Option<i64>,
    pub fee_minor: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EbaySchedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub per_order: Vec<PerOrderFee>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct WeightBand {
    pub up_to_oz: f64,
    pub fee_minor: i64,
}

/// Above the last band: a base fee plus a step fee per started `step_oz` above `above_oz`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OverBand {
    pub base_fee_minor: i64,
    pub above_oz: f64,
    pub step_oz: f64,
    pub step_fee_minor: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SizeTier {
    pub name: String,
    /// Longest, median and shortest side, inches.
    pub max_in: [f64; 3],
    pub max_weight_oz: f64,
    /// Whether the dimensional weight counts for this tier's shipping weight.
    pub dimensional: bool,
    pub bands: Vec<WeightBand>,
    pub over: Option<OverBand>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AmazonSchedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub dim_divisor_in3_per_lb: i64,
    pub low_price_below_minor: i64,
    pub low_price_fba_discount_minor: i64,
    pub categories: Vec<Category>,
    pub size_tiers: Vec<SizeTier>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShopifyPlan {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub rate_bp: i64,
    pub fixed_minor: i64,
    pub third_party_bp: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShopifySchedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub default_plan: String,
    pub plans: Vec<ShopifyPlan>,
}

/// Every schedule sellkit knows, each marketplace's entries sorted by date.
#[derive(Debug, Clone, Deserialize)]
pub struct Schedules {
    pub etsy: Vec<EtsySchedule>,
    pub ebay: Vec<EbaySchedule>,
    pub amazon: Vec<AmazonSchedule>,
    pub shopify: Vec<ShopifySchedule>,
}

mod date_text {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&d.to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// One marketplace's schedule in force, whichever marketplace it is.
#[derive(Debug, Clone, Copy)]
pub enum ScheduleRef<'a> {
    Etsy(&'a EtsySchedule),
    Ebay(&'a EbaySchedule),
    Amazon(&'a AmazonSchedule),
    Shopify(&'a ShopifySchedule),
}

impl ScheduleRef<'_> {
    pub fn meta(&self) -> &Meta {
        match self {
            ScheduleRef::Etsy(s) => &s.meta,
            ScheduleRef::Ebay(s) => &s.meta,
            ScheduleRef::Amazon(s) => &s.meta,
            ScheduleRef::Shopify(s) => &s.meta,
        }
    }

    pub fn marketplace(&self) -> Marketplace {
        match self {
            ScheduleRef::Etsy(_) => Marketplace::Etsy,
            ScheduleRef::Ebay(_) => Marketplace::Ebay,
            ScheduleRef::Amazon(_) => Marketplace::Amazon,
            ScheduleRef::Shopify(_) => Marketplace::Shopify,
        }
    }

    /// The entry's rules as JSON (for `price fees`).
    pub fn rules_json(&self) -> serde_json::Value {
        let mut v = match self {
            ScheduleRef::Etsy(s) => serde_json::to_value(s),
            ScheduleRef::Ebay(s) => serde_json::to_value(s),
            ScheduleRef::Amazon(s) => serde_json::to_value(s),
            ScheduleRef::Shopify(s) => serde_json::to_value(s),
        }
        .unwrap_or_default();
        if let Some(m) = v.as_object_mut() {
            for k in ["effective_from", "currency", "status", "source", "note"] {
                m.remove(k);
            }
        }
        v
    }
}

fn pick<T>(
    entries: &[T],
    meta: impl Fn(&T) -> &Meta,
    date: Date,
    currency: Currency,
) -> Option<&T> {
    entries
        .iter()
        .filter(|e| meta(e).currency == currency && meta(e).effective_from <= date)
        .max_by_key(|e| meta(e).effective_from)
}

fn earliest<T>(entries: &[T], meta: impl Fn(&T) -> &Meta, currency: Currency) -> Option<&T> {
    entries
        .iter()
        .filter(|e| meta(e).currency == currency)
        .min_by_key(|e| meta(e).effective_from)
}

impl Schedules {
    /// The embedded schedules, parsed once.
    pub fn embedded() -> &'static Schedules {
        static CELL: OnceLock<Schedules> = OnceLock::new();
        CELL.get_or_init(|| {
            // The file is part of the binary and checked by a unit test: failing here is a build bug.
            Schedules::parse(SCHEDULES_TOML)
                .unwrap_or_else(|e| panic!("embedded fee schedules: {e}"))
        })
    }

    /// Parses and checks a schedules file.
    pub fn parse(text: &str) -> Result<Schedules> {
        let s: Schedules = toml::from_str(text).map_err(|e: toml::de::Error| {
            Error::input(format!(
                "fee schedules: {}",
                e.to_string().trim().replace('\n', " ")
            ))
        })?;
        s.check()?;
        Ok(s)
    }

    fn check(&self) -> Result<()> {
        let bad = |m: Marketplace, d: Date, what: &str| {
            Error::input(format!("fee schedules: {m} {d}: {what}"))
        };
        for e in &self.ebay {
            if e.categories.is_empty() || e.per_order.is_empty() {
                return Err(bad(
                    Marketplace::Ebay,
                    e.meta.effective_from,
                    "needs categories and per_order",
                ));
            }
        }
        for e in &self.amazon {
            if e.categories.is_empty() || e.size_tiers.is_empty() || e.dim_divisor_in3_per_lb <= 0 {
                return Err(bad(
                    Marketplace::Amazon,
                    e.meta.effective_from,
                    "needs categories, size_tiers and a divisor",
                ));
            }
            for t in &e.size_tiers {
                if t.bands.is_empty() && t.over.is_none() {
                    return Err(bad(
                        Marketplace::Amazon,
                        e.meta.effective_from,
                        "a size tier needs bands or over",
                    ));
                }
            }
        }
        for e in &self.shopify {
            if !e.plans.iter().any(|p| p.name == e.default_plan) {
                return Err(bad(
                    Marketplace::Shopify,
                    e.meta.effective_from,
                    "default_plan is not a plan",
                ));
            }
        }
        for m in Marketplace::ALL {
            let metas = self.metas(m);
            for (i, a) in metas.iter().enumerate() {
                if a.bad_status() {
                    return Err(bad(
                        m,
                        a.effective_from,
                        "status must be published or unverified",
                    ));
                }
                for b in &metas[i + 1..] {
                    if a.currency == b.currency && a.effective_from == b.effective_from {
                        return Err(bad(
                            m,
                            a.effective_from,
                            "two entries with the same date and currency",
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Every entry's common fields for a marketplace, oldest first.
    pub fn metas(&self, m: Marketplace) -> Vec<&Meta> {
        let mut v: Vec<&Meta> = match m {
            Marketplace::Etsy => self.etsy.iter().map(|e| &e.meta).collect(),
            Marketplace::Ebay => self.ebay.iter().map(|e| &e.meta).collect(),
            Marketplace::Amazon => self.amazon.iter().map(|e| &e.meta).collect(),
            Marketplace::Shopify => self.shopify.iter().map(|e| &e.meta).collect(),
        };
        v.sort_by_key(|m| (m.currency, m.effective_from));
        v
    }

    /// The schedule in force on `date` for a marketplace and currency.
    pub fn on(&self, m: Marketplace, date: Date, currency: Currency) -> Result<ScheduleRef<'_>> {
        let found = match m {
            Marketplace::Etsy => {
                pick(&self.etsy, |e| &e.meta, date, currency).map(ScheduleRef::Etsy)
            }
            Marketplace::Ebay => {
                pick(&self.ebay, |e| &e.meta, date, currency).map(ScheduleRef::Ebay)
            }
            Marketplace::Amazon => {
                pick(&self.amazon, |e| &e.meta, date, currency).map(ScheduleRef::Amazon)
            }
            Marketplace::Shopify => {
                pick(&self.shopify, |e| &e.meta, date, currency).map(ScheduleRef::Shopify)
            }
        };
        found.ok_or_else(|| {
            let metas = self.metas(m);
            let same: Vec<&&Meta> = metas.iter().filter(|x| x.currency == currency).collect();
            match same.first() {
                Some(first) => Error::input(format!(
                    "no {m} fee schedule in force on {date}: the earliest sellkit has starts {}",
                    first.effective_from
                )),
                None => {
                    let mut codes: Vec<String> =
                        metas.iter().map(|x| x.currency.to_string()).collect();
                    codes.dedup();
                    Error::input(format!(
                        "no {m} fee schedule in {currency}: sellkit has {} (use --currency)",
                        codes.join(", ")
                    ))
                }
            }
        })
    }

    /// Like [`Schedules::on`], but a date before the first entry gets the earliest entry (used by
    /// the synthetic demo shop, whose history may start before sellkit's oldest schedule).
    pub fn on_or_earliest(
        &self,
        m: Marketplace,
        date: Date,
        currency: Currency,
    ) -> Result<ScheduleRef<'_>> {
        if let Ok(s) = self.on(m, date, currency) {
            return Ok(s);
        }
        let found = match m {
            Marketplace::Etsy => earliest(&self.etsy, |e| &e.meta, currency).map(ScheduleRef::Etsy),
            Marketplace::Ebay => earliest(&self.ebay, |e| &e.meta, currency).map(ScheduleRef::Ebay),
            Marketplace::Amazon => {
                earliest(&self.amazon, |e| &e.meta, currency).map(ScheduleRef::Amazon)
            }
            Marketplace::Shopify => {
                earliest(&self.shopify, |e| &e.meta, currency).map(ScheduleRef::Shopify)
            }
        };
        match found {
            Some(s) => Ok(s),
            None => self.on(m, date, currency),
        }
    }
}

impl Meta {
    fn bad_status(&self) -> bool {
        self.status != "published" && self.status != "unverified"
    }
}

// ------------------------------------------------------------------------------------- orders

/// A package's measures: weight in milligrams, sides in micrometres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    pub weight_mg: i64,
    pub sides_um: [i64; 3],
}

const UM_PER_INCH: i64 = 25_400;

/// Ounces (a data-file figure) to whole milligrams (1 oz = 28.349523125 g).
pub fn oz_to_mg(oz: f64) -> i64 {
    (oz * 28_349.523_125).round() as i64
}

/// Inches (a data-file figure) to whole micrometres.
pub fn in_to_um(inches: f64) -> i64 {
    (inches * UM_PER_INCH as f64).round() as i64
}

impl Package {
    /// From the store's grams and millimetres.
    pub fn from_metric(weight_g: i64, sides_mm: [i64; 3]) -> Package {
        Package {
            weight_mg: weight_g * 1000,
            sides_um: sides_mm.map(|s| s * 1000),
        }
    }

    /// Sides sorted longest first.
    fn sorted_sides(&self) -> [i64; 3] {
        let mut s = self.sides_um;
        s.sort_unstable_by(|a, b| b.cmp(a));
        s
    }

    /// Dimensional weight in milligrams: L×W×H (in³) ÷ divisor (in³ per lb).
    pub fn dimensional_weight_mg(&self, divisor_in3_per_lb: i64) -> i64 {
        let [a, b, c] = self.sides_um.map(i128::from);
        let volume_um3 = a * b * c;
        let inch3 = i128::from(UM_PER_INCH).pow(3);
        // lb = volume / inch³ / divisor; mg = lb × 453 592.37 = lb × 45 359 237 / 100.
        let num = volume_um3 * 45_359_237;
        let den = inch3 * i128::from(divisor_in3_per_lb) * 100;
        ((num + den / 2) / den) as i64
    }
}

/// One line of an order: what the buyer paid for one SKU.
#[derive(Debug, Clone, Copy)]
pub struct OrderLine<'a> {
    pub unit_price_minor: i64,
    pub quantity: i64,
    pub discount_minor: i64,
    pub category: Option<&'a str>,
    pub package: Option<Package>,
}

impl OrderLine<'_> {
    pub fn net_items(&self) -> i64 {
        self.unit_price_minor * self.quantity - self.discount_minor
    }
}

/// An order as the fee rules see it. Shipping and tax are order totals charged to the buyer.
#[derive(Debug, Clone, Copy)]
pub struct Order<'a> {
    pub date: Date,
    pub currency: Currency,
    pub lines: &'a [OrderLine<'a>],
    pub shipping_minor: i64,
    pub tax_minor: i64,
}

/// Choices that change which fees apply.
#[derive(Debug, Clone, Default)]
pub struct FeeOptions {
    /// Etsy: the order came through an Offsite Ad.
    pub etsy_offsite_ads: bool,
    /// Etsy: the shop made more than $10,000 in the last year (12% offsite ads rate).
    pub etsy_large_shop: bool,
    /// Amazon: charge the FBA fulfilment fee (needs a package on each line).
    pub amazon_fba: bool,
    /// Shopify: plan name (default: the schedule's default plan).
    pub shopify_plan: Option<String>,
    /// Shopify: a third-party payment provider instead of Shopify Payments.
    pub shopify_third_party: bool,
}

/// One fee in a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeLine {
    /// Stable snake_case code: listing, transaction, processing, offsite_ads, final_value,
    /// per_order, referral, fba_fulfilment, payment_processing, third_party_gateway.
    pub code: &'static str,
    /// How it was computed, for people.
    pub basis: String,
    pub amount_minor: i64,
}

/// The fees on one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeBreakdown {
    pub marketplace: Marketplace,
    pub schedule_effective_from: String,
    pub schedule_status: String,
    pub currency: Currency,
    pub lines: Vec<FeeLine>,
    pub total_minor: i64,
    /// Caveats: unknown categories, missing package data, price bands not modelled.
    pub notes: Vec<String>,
}

fn pct(bp: i64) -> String {
    let whole = bp / 100;
    let frac = (bp % 100).abs();
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole}.{}%", frac / 10)
    } else {
        format!("{whole}.{frac:02}%")
    }
}

fn cents(currency: Currency, minor: i64) -> String {
    crate::money::Money::new(minor, currency).display()
}

/// Splits `total` over `weights` exactly (remainder to the first part).
pub fn allocate(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    if sum == 0 {
        let mut out = vec![0; weights.len()];
        if let Some(f) = out.first_mut() {
            *f = total;
        }
        return out;
    }
    let mut out: Vec<i64> = weights
        .iter()
        .map(|w| (i128::from(total) * i128::from(*w) / i128::from(sum)) as i64)
        .collect();
    let rest = total - out.iter().sum::<i64>();
    if let Some(f) = out.first_mut() {
        *f += rest;
    }
    out
}

/// Computes the fees on an order with the schedule given (see [`Schedules::on`]).
pub fn order_fees(
    schedule: ScheduleRef<'_>,
    order: &Order<'_>,
    opts: &FeeOptions,
) -> Result<FeeBreakdown> {
    compute(schedule, order, opts, true)
}

/// The total fees on an order, without the explanations (the fast path for searches and the
/// demo shop).
pub fn order_fee_total(
    schedule: ScheduleRef<'_>,
    order: &Order<'_>,
    opts: &FeeOptions,
) -> Result<i64> {
    compute(schedule, order, opts, false).map(|b| b.total_minor)
}

fn compute(
    schedule: ScheduleRef<'_>,
    order: &Order<'_>,
    opts: &FeeOptions,
    detail: bool,
) -> Result<FeeBreakdown> {
    // Explanations are built only when asked for.
    macro_rules! basis {
        ($($arg:tt)*) => {
            if detail { format!($($arg)*) } else { String::new() }
        };
    }
    let meta = schedule.meta();
    if meta.currency != order.currency {
        return Err(Error::input(format!(
            "the {} schedule is in {}, the order in {}",
            schedule.marketplace(),
            meta.currency,
            order.currency
        )));
    }
    let cur = order.currency;
    let items: i64 = order.lines.iter().map(OrderLine::net_items).sum();
    let units: i64 = order.lines.iter().map(|l| l.quantity).sum();
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    match schedule {
        ScheduleRef::Etsy(s) => {
            lines.push(FeeLine {
                code: "listing",
                basis: basis!("{} × {units} item(s) sold", cents(cur, s.listing_fee_minor)),
                amount_minor: s.listing_fee_minor * units,
            });
            let base = items + order.shipping_minor;
            lines.push(FeeLine {
                code: "transaction",
                basis: basis!(
                    "{} of item + shipping {}",
                    pct(s.transaction_bp),
                    cents(cur, base)
                ),
                amount_minor: apply_bp(base, s.transaction_bp),
            });
            let total = base + order.tax_minor;
            lines.push(FeeLine {
                code: "processing",
                basis: basis!(
                    "{} of order total {} + {}",
                    pct(s.processing_bp),
                    cents(cur, total),
                    cents(cur, s.processing_fixed_minor)
                ),
                amount_minor: apply_bp(total, s.processing_bp) + s.processing_fixed_minor,
            });
            if opts.etsy_offsite_ads {
                let rate = if opts.etsy_large_shop {
                    s.offsite_ads_large_shop_bp
                } else {
                    s.offsite_ads_bp
                };
                let fee = apply_bp(base, rate).min(s.offsite_ads_cap_minor);
                lines.push(FeeLine {
                    code: "offsite_ads",
                    basis: basis!(
                        "{} of item + shipping {}, at most {}",
                        pct(rate),
                        cents(cur, base),
                        cents(cur, s.offsite_ads_cap_minor)
                    ),
                    amount_minor: fee,
                });
            }
        }
        ScheduleRef::Ebay(s) => {
            // Per item: the line's value plus its share of shipping and tax.
            let weights: Vec<i64> = order.lines.iter().map(OrderLine::net_items).collect();
            let ship = allocate(order.shipping_minor, &weights);
            let tax = allocate(order.tax_minor, &weights);
            let mut fvf = 0;
            let mut rates = Vec::new();
            for (i, l) in order.lines.iter().enumerate() {
                let cat = find_category(&s.categories, l.category, &mut notes, Marketplace::Ebay);
                let amount = l.net_items() + ship[i] + tax[i];
                fvf += cat.percentage_fee(amount);
                if detail {
                    rates.push(describe_tiers(cur, cat));
                }
            }
            rates.dedup();
            let total = items + order.shipping_minor + order.tax_minor;
            lines.push(FeeLine {
                code: "final_value",
                basis: basis!("{} of total amount {}", rates.join("; "), cents(cur, total)),
                amount_minor: fvf,
            });
            let per_order = s
                .per_order
                .iter()
                .find(|p| p.up_to_minor.is_none_or(|u| total <= u))
                .or(s.per_order.last())
                .map_or(0, |p| p.fee_minor);
            lines.push(FeeLine {
                code: "per_order",
                basis: basis!("per order of {}", cents(cur, total)),
                amount_minor: per_order,
            });
        }
        ScheduleRef::Amazon(s) => {
            let weights: Vec<i64> = order.lines.iter().map(OrderLine::net_items).collect();
            let ship = allocate(order.shipping_minor, &weights);
            let mut referral = 0;
            let mut rates = Vec::new();
            let mut fba = 0;
            let mut tiers_used = Vec::new();
            for (i, l) in order.lines.iter().enumerate() {
                let cat = find_category(&s.categories, l.category, &mut notes, Marketplace::Amazon);
                if detail {
                    rates.push(describe_tiers(cur, cat));
                }
                let q = l.quantity.max(1);
                let per_unit = allocate(l.net_items() + ship[i], &vec![1; q as usize]);
                for unit_amount in &per_unit {
                    referral += cat.percentage_fee(*unit_amount).max(cat.min_fee_minor);
                }
                if opts.amazon_fba {
                    let Some(pkg) = l.package else {
                        return Err(Error::input(
                            "an FBA fee needs the item's weight and dimensions (--weight and --dims)",
                        ));
                    };
                    let (tier, fee) = fba_fee(s, &pkg)?;
                    let unit_price = if l.quantity > 0 {
                        l.net_items() / l.quantity
                    } else {
                        l.unit_price_minor
                    };
                    let discount = if unit_price < s.low_price_below_minor {
                        s.low_price_fba_discount_minor
                    } else {
                        0
                    };
                    if unit_price > 5000 {
                        note_once(
                            &mut notes,
                            "FBA rates are for the $10-$50 price band; items over $50 pay more (check the Product Fees API)"
                                .into(),
                        );
                    }
                    fba += (fee - discount) * l.quantity;
                    if detail {
                        tiers_used.push(tier);
                    }
                }
            }
            rates.dedup();
            lines.push(FeeLine {
                code: "referral",
                basis: basis!("{} of item + shipping (excl. tax)", rates.join("; ")),
                amount_minor: referral,
            });
            if opts.amazon_fba {
                tiers_used.dedup();
                lines.push(FeeLine {
                    code: "fba_fulfilment",
                    basis: basis!("{} × {units} unit(s)", tiers_used.join(", ")),
                    amount_minor: fba,
                });
            }
        }
        ScheduleRef::Shopify(s) => {
            let wanted = opts.shopify_plan.as_deref().unwrap_or(&s.default_plan);
            let plan = s
                .plans
                .iter()
                .find(|p| {
                    p.name.eq_ignore_ascii_case(wanted)
                        || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(wanted))
                })
                .ok_or_else(|| {
                    let names: Vec<&str> = s.plans.iter().map(|p| p.name.as_str()).collect();
                    Error::usage(format!(
                        "unknown Shopify plan {wanted:?}: use one of {}",
                        names.join(", ")
                    ))
                })?;
            let total = items + order.shipping_minor + order.tax_minor;
            if opts.shopify_third_party {
                lines.push(FeeLine {
                    code: "third_party_gateway",
                    basis: basis!(
                        "{} of order total {} ({} plan)",
                        pct(plan.third_party_bp),
                        cents(cur, total),
                        plan.name
                    ),
                    amount_minor: apply_bp(total, plan.third_party_bp),
                });
                notes.push("the payment provider's own processing fee is not included".into());
            } else {
                lines.push(FeeLine {
                    code: "payment_processing",
                    basis: basis!(
                        "{} of order total {} + {} ({} plan)",
                        pct(plan.rate_bp),
                        cents(cur, total),
                        cents(cur, plan.fixed_minor),
                        plan.name
                    ),
                    amount_minor: apply_bp(total, plan.rate_bp) + plan.fixed_minor,
                });
            }
        }
    }
    let total_minor = lines.iter().map(|l| l.amount_minor).sum();
    Ok(FeeBreakdown {
        marketplace: schedule.marketplace(),
        schedule_effective_from: if detail {
            meta.effective_from.to_string()
        } else {
            String::new()
        },
        schedule_status: if detail {
            meta.status.clone()
        } else {
            String::new()
        },
        currency: cur,
        lines,
        total_minor,
        notes,
    })
}

fn note_once(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}

fn find_category<'a>(
    cats: &'a [Category],
    name: Option<&str>,
    notes: &mut Vec<String>,
    m: Marketplace,
) -> &'a Category {
    if let Some(name) = name {
        if let Some(c) = cats.iter().find(|c| c.matches(name)) {
            return c;
        }
        note_once(
            notes,
            format!(
                "{m} category {name:?} is not in the schedule: the {} rate is used",
                cats[0].name
            ),
        );
    }
    &cats[0]
}

fn describe_tiers(cur: Currency, c: &Category) -> String {
    let parts: Vec<String> = c
        .tiers
        .iter()
        .map(|t| match t.up_to_minor {
            Some(u) => format!("{} to {}", pct(t.rate_bp), cents(cur, u)),
            None => pct(t.rate_bp),
        })
        .collect();
    let mut text = format!("{}: {}", c.name, parts.join(", "));
    if c.rule == TierRule::Whole && c.tiers.len() > 1 {
        text.push_str(" (rate by total price)");
    }
    if c.min_fee_minor > 0 {
        text.push_str(&format!(", min {}", cents(cur, c.min_fee_minor)));
    }
    text
}

/// The FBA size tier and fulfilment fee per unit (before the low-price discount).
pub fn fba_fee(s: &AmazonSchedule, pkg: &Package) -> Result<(String, i64)> {
    let sides = pkg.sorted_sides();
    let dim = pkg.dimensional_weight_mg(s.dim_divisor_in3_per_lb);
    for t in &s.size_tiers {
        let max = t.max_in.map(in_to_um);
        let fits = sides.iter().zip(max.iter()).all(|(a, b)| a <= b);
        if !fits || pkg.weight_mg > oz_to_mg(t.max_weight_oz) {
            continue;
        }
        let shipping = if t.dimensional {
            pkg.weight_mg.max(dim)
        } else {
            pkg.weight_mg
        };
        if let Some(b) = t.bands.iter().find(|b| shipping <= oz_to_mg(b.up_to_oz)) {
            return Ok((t.name.clone(), b.fee_minor));
        }
        if let Some(o) = &t.over {
            let above = shipping - oz_to_mg(o.above_oz);
            let step = oz_to_mg(o.step_oz).max(1);
            let steps = if above > 0 {
                (above + step - 1) / step
            } else {
                0
            };
            return Ok((t.name.clone(), o.base_fee_minor + steps * o.step_fee_minor));
        }
    }
    Err(Error::input(format!(
        "the package ({} g, {}×{}×{} mm) is larger than the FBA size tiers in sellkit's schedule (extra-large): use the Product Fees API",
        pkg.weight_mg / 1000,
        pkg.sides_um[0] / 1000,
        pkg.sides_um[1] / 1000,
        pkg.sides_um[2] / 1000
    )))
}

#[cfg(test)]
mod tests;

/// Parses a weight with its unit: `420g`, `0.5kg`, `14oz`, `1.2lb`; into milligrams.
pub fn parse_weight(text: &str) -> std::result::Result<i64, String> {
    let t = text.trim().to_ascii_lowercase();
    let units: [(&str, f64); 4] = [
        ("kg", 1e6),
        ("g", 1e3),
        ("oz", 28_349.523_125),
        ("lb", 453_592.37),
    ];
    for (unit, mg) in units {
        if let Some(num) = t.strip_suffix(unit) {
            let v: f64 = num
                .trim()
                .parse()
                .map_err(|_| format!("{text:?} is not a weight"))?;
            if !(v.is_finite() && v > 0.0 && v < 1e6) {
                return Err(format!("{text:?} is not a positive weight"));
            }
            return Ok((v * mg).round() as i64);
        }
    }
    Err(format!(
        "{text:?} needs a unit: g, kg, oz or lb (e.g. 420g, 1.2lb)"
    ))
}

/// Parses `LxWxH` with a unit: `12x10x6in`, `30x20x5cm`, `120x90x100mm`; into micrometres.
pub fn parse_dims(text: &str) -> std::result::Result<[i64; 3], String> {
    let t = text.trim().to_ascii_lowercase();
    let units: [(&str, f64); 3] = [("mm", 1e3), ("cm", 1e4), ("in", 25_400.0)];
    for (unit, um) in units {
        if let Some(body) = t.strip_suffix(unit) {
            let parts: Vec<&str> = body.split(['x', '×']).map(str::trim).collect();
            if parts.len() != 3 {
                return Err(format!("{text:?} is not LxWxH (e.g. 12x10x6in)"));
            }
            let mut out = [0i64; 3];
            for (o, p) in out.iter_mut().zip(&parts) {
                let v: f64 = p
                    .parse()
                    .map_err(|_| format!("{text:?}: {p:?} is not a length"))?;
                if !(v.is_finite() && v > 0.0 && v < 1e5) {
                    return Err(format!("{text:?}: {p:?} is not a positive length"));
                }
                *o = (v * um).round() as i64;
            }
            return Ok(out);
        }
    }
    Err(format!(
        "{text:?} needs a unit: mm, cm or in (e.g. 12x10x6in)"
    ))
}
