//! Repricing suggestions: for each active listing, a price between a floor (break-even plus the
//! minimum margin) and a ceiling, from the competitors' offers, the stock position and the
//! listing's own price elasticity, with the reasons; written as `price_change` drafts.
//!
//! [`decide`] is the pure rule for one listing (property-tested); [`load`] reads everything the
//! rules need from the store in a few bulk queries; [`write_drafts`] stores the outcome in one
//! transaction.

use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::drafts;
use crate::error::{Error, Result};
use crate::fees::{FeeOptions, Marketplace, Package, Schedules};
use crate::forecast::demand::Demand;
use crate::money::{Currency, Money, apply_bp, basis_points};
use crate::pricing::elasticity::{self, Estimate, Observation, Refusal, Requirements};
use crate::pricing::policy::{BelowFloor, Policy, PolicySet, Strategy};
use crate::pricing::quote::{QuoteInput, break_even, price_for_margin, profit_at};
use crate::pricing::stock::{StockPosition, VELOCITY_DAYS};
use crate::progress::Progress;
use crate::store::Store;
use crate::time::date_prefix;

/// The author of the audit entry; each draft names the pricing analyst that chose its price.
pub const AGENT: &str = "pricing_engine";

/// One price the engine proposes, with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub price: Money,
    pub reasons: Vec<String>,
    /// Net margin at this price, when the engine knows it.
    #[serde(default)]
    pub margin_bp: Option<i64>,
    /// True for the price the engine's own rules arrived at.
    #[serde(default)]
    pub engine_pick: bool,
}

/// What the pricing engine hands the analyst for one SKU on one marketplace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCandidates {
    pub sku: String,
    pub marketplace: String,
    pub floor: Money,
    pub ceiling: Money,
    pub current: Money,
    pub candidates: Vec<Candidate>,
    /// Competitor listing titles (untrusted text: delimited in prompts, never obeyed).
    #[serde(default)]
    pub competitor_titles: Vec<String>,
    /// The engine's confidence in its own pick, 0 to 10000.
    #[serde(default)]
    pub engine_confidence_bp: Option<i64>,
}

/// A competitor's offer as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub seller: String,
    /// Price + shipping the buyer pays.
    pub landed_minor: i64,
    pub featured: bool,
    /// Age in days at the time of the run.
    pub age_days: i64,
    pub currency: Currency,
    /// The competitor's listing title: third-party text, only ever shown to the analyst as data.
    pub title: Option<String>,
}

/// What the rules know about one listing.
#[derive(Debug, Clone)]
pub struct ListingFacts {
    pub listing_id: i64,
    pub shop_id: i64,
    pub marketplace: Marketplace,
    pub external_id: String,
    pub sku: String,
    pub currency: Currency,
    pub current_minor: i64,
    pub cost_minor: Option<i64>,
    pub category: Option<String>,
    pub package: Option<Package>,
    pub offers: Vec<Offer>,
    pub stock: Option<StockPosition>,
    /// None when elasticity is switched off.
    pub elasticity: Option<std::result::Result<Estimate, Refusal>>,
}

/// The competitor picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Competition {
    pub offers: usize,
    pub lowest: Money,
    pub median: Money,
    pub featured: Option<Money>,
}

/// The elasticity as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElasticityView {
    /// "estimated", "refused" or "off".
    pub status: &'static str,
    pub estimate: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub observations: Option<usize>,
    pub reason: Option<String>,
}

/// The outcome for one listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub listing_id: i64,
    #[serde(skip)]
    pub shop_id: i64,
    pub sku: String,
    pub marketplace: Marketplace,
    pub external_id: String,
    /// raise, lower, keep, or skip (no suggestion: see reasons).
    pub action: &'static str,
    pub current_price: Money,
    pub suggested_price: Option<Money>,
    pub change_bp: Option<i64>,
    pub floor: Option<Money>,
    pub break_even: Option<Money>,
    pub ceiling: Option<Money>,
    pub unit_cost: Option<Money>,
    pub strategy: Strategy,
    pub competition: Option<Competition>,
    pub stock: Option<StockPosition>,
    pub elasticity: ElasticityView,
    pub reasons: Vec<String>,
    pub confidence_bp: i64,
    /// The prices the pricing analyst chose among (raise and lower only), all inside the floor
    /// and ceiling, in ascending order.
    pub candidates: Vec<Candidate>,
    /// The analyst's choice, ranking and explanation; null when it was not asked.
    pub analyst: Option<AnalystView>,
    pub draft: Option<DraftOutcome>,
}

/// What the pricing analyst said about a suggestion's candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalystView {
    pub agent: &'static str,
    /// `offline` or `openai` (any OpenAI-compatible endpoint).
    pub provider: &'static str,
    pub model: String,
    /// Index into `candidates`.
    pub chosen_index: usize,
    /// Candidate indexes from best to worst.
    pub ranking: Vec<usize>,
    pub explanation: String,
    pub confidence_bp: i64,
}

/// What happened to the draft of a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftOutcome {
    /// The draft's id; null in a dry run.
    pub id: Option<i64>,
    /// created, unchanged (an identical pending draft exists) or dry_run.
    pub status: &'static str,
    pub payload_hash: String,
}

/// What to suggest for.
#[derive(Debug, Clone)]
pub struct Request {
    /// Only these SKUs (all when empty).
    pub skus: Vec<String>,
    pub marketplace: Option<Marketplace>,
    pub today: Date,
    pub history_days: i64,
}

/// Counts of what a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub listings: usize,
    pub raise: usize,
    pub lower: usize,
    pub keep: usize,
    pub skip: usize,
    pub drafts_created: usize,
    pub drafts_unchanged: usize,
    pub drafts_superseded: usize,
    /// Pricing analyst answers that passed validation (their choice applied).
    pub analyst_valid: usize,
    /// Pricing analyst answers rejected (those listings skipped, no draft).
    pub analyst_rejected: usize,
}

mod load;
mod rules;
mod write;

pub use load::{Loaded, load, observations};
pub use rules::decide;
pub use write::{new_draft, write_drafts};

#[cfg(test)]
mod tests;
