//! What `sellkit price` prints in JSON, NDJSON and CSV: each subcommand's document and its
//! records. Money is [`Money`] (`{"amount_minor": 1299, "currency": "USD"}`); rates are basis
//! points.

use serde::Serialize;
use serde_json::Value;

use crate::agents::repricing::SuggestResult;
use crate::fees::{Marketplace, Meta};
use crate::money::{Currency, Money};
use crate::pricing::quote::Quote;

// ------------------------------------------------------------------------------ price fees

/// The document `sellkit price fees --json` prints.
#[derive(Serialize)]
pub struct FeesDoc<'a> {
    pub schema_version: u32,
    /// The date the schedules are in force on (YYYY-MM-DD).
    pub on: String,
    pub currency: Currency,
    /// One per marketplace with a schedule in force; also the NDJSON/CSV records.
    pub schedules: Vec<FeeSchedule<'a>>,
    /// Why each other marketplace has no schedule on that date in that currency.
    pub missing: &'a [String],
}

/// One marketplace's fee schedule in force: a record of `sellkit price fees`.
#[derive(Serialize)]
pub struct FeeSchedule<'a> {
    pub marketplace: Marketplace,
    /// `effective_from`, `currency`, `status` ("published" or "unverified"), `source`, `note`.
    #[serde(flatten)]
    pub meta: &'a Meta,
    /// The schedule's rules as sellkit applies them, without the fields above.
    pub rules: Value,
}

// ----------------------------------------------------------------------------- price quote

/// The document `sellkit price quote --json` prints for one sale (NDJSON and CSV: the quote as
/// the one record).
#[derive(Serialize)]
pub struct QuoteDoc<'a> {
    pub schema_version: u32,
    pub quote: SaleQuote<'a>,
}

/// The document `sellkit price quote --input FILE --json` prints.
#[derive(Serialize)]
pub struct RankedDoc<'a> {
    pub schema_version: u32,
    /// `roi` or `profit`.
    pub rank_by: &'static str,
    /// Best first; also the NDJSON/CSV records.
    pub quotes: Vec<RankedQuote<'a>>,
}

/// One row of the --input file, quoted and ranked.
#[derive(Serialize)]
pub struct RankedQuote<'a> {
    /// 1 for the best.
    pub rank: usize,
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    /// The row's `item` column, if it has one.
    pub item: Option<&'a str>,
    #[serde(flatten)]
    pub quote: SaleQuote<'a>,
}

/// The stable shape of one quote: per unit, in the quote's currency.
#[derive(Serialize)]
pub struct SaleQuote<'a> {
    pub marketplace: Marketplace,
    /// The sale's date (YYYY-MM-DD).
    pub date: &'a str,
    /// When the fee schedule applied took effect.
    pub schedule_effective_from: &'a str,
    /// "published" or "unverified".
    pub schedule_status: &'a str,
    pub currency: Currency,
    pub sell: Money,
    /// Shipping the buyer pays.
    pub shipping: Money,
    /// Item plus shipping paid by the buyer.
    pub revenue: Money,
    pub fees: Vec<FeeAmount<'a>>,
    pub fees_total: Money,
    /// Revenue minus fees.
    pub net_proceeds: Money,
    pub cost: Money,
    /// What shipping costs the seller.
    pub ship_cost: Money,
    pub profit: Money,
    /// Profit over revenue; `null` when revenue is zero.
    pub margin_bp: Option<i64>,
    /// Profit over cost and ship cost; `null` when both are zero.
    pub roi_bp: Option<i64>,
    /// The lowest item price with a profit of zero or more; `null` if no price reaches it.
    pub break_even: Option<Money>,
    /// Caveats: unknown categories, missing package data, price bands not modelled.
    pub notes: &'a [String],
}

/// One fee of a quote.
#[derive(Serialize)]
pub struct FeeAmount<'a> {
    /// Stable snake_case code (`transaction`, `final_value`, `referral`, ...).
    pub code: &'static str,
    /// How it was computed, for people.
    pub basis: &'a str,
    pub amount: Money,
}

impl<'a> SaleQuote<'a> {
    pub fn of(q: &'a Quote) -> SaleQuote<'a> {
        let m = |minor: i64| Money::new(minor, q.currency);
        SaleQuote {
            marketplace: q.marketplace,
            date: &q.date,
            schedule_effective_from: &q.fees.schedule_effective_from,
            schedule_status: &q.fees.schedule_status,
            currency: q.currency,
            sell: m(q.sell_minor),
            shipping: m(q.shipping_minor),
            revenue: m(q.revenue_minor),
            fees: q
                .fees
                .lines
                .iter()
                .map(|l| FeeAmount {
                    code: l.code,
                    basis: &l.basis,
                    amount: m(l.amount_minor),
                })
                .collect(),
            fees_total: m(q.fees.total_minor),
            net_proceeds: m(q.net_proceeds_minor),
            cost: m(q.cost_minor),
            ship_cost: m(q.ship_cost_minor),
            profit: m(q.profit_minor),
            margin_bp: q.margin_bp,
            roi_bp: q.roi_bp,
            break_even: q.break_even_minor.map(m),
            notes: &q.fees.notes,
        }
    }
}

// --------------------------------------------------------------------------- price suggest

/// The document `sellkit price suggest --json` prints: `schema_version`, then the result's
/// fields (`as_of`, `dry_run`, `summary`, `suggestions`). NDJSON and CSV have one record per
/// suggestion, as in `suggestions`.
#[derive(Serialize)]
pub struct SuggestDoc<'a> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub result: &'a SuggestResult,
}
