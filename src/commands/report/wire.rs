//! What `sellkit report` prints in JSON, NDJSON and CSV. `report SECTION --json` is
//! [`SectionDoc`]: `schema_version` and `report`, then the section's own fields; `report --json`
//! (`report all`) is [`AllDoc`], each section under its name. NDJSON and CSV have one record
//! per row, each naming what it is in its first field (`section`, or `record` in the brief);
//! `report all` puts the section's name before it ([`InReport`]). Money is [`Money`]
//! (`{"amount_minor": 1299, "currency": "USD"}`); shares and changes are basis points.
//!
//! [`Money`]: crate::money::Money

use serde::Serialize;
use serde_json::Value;

use crate::agents::brief::SalesPulse;
use crate::agents::risk::Finding;
use crate::agents::strategist::Priority;
use crate::report::accuracy::AccuracyReport;
use crate::report::compare::{Mover, TotalsChange};
use crate::report::inventory::InventoryReport;
use crate::report::sales::{SalesReport, SalesRow};
use crate::report::{PendingDraft, PlaceRow};

/// The document of one section, `sellkit report sales|inventory|forecast|brief --json`.
#[derive(Serialize)]
pub struct SectionDoc<T> {
    pub schema_version: u32,
    /// The section's name.
    pub report: &'static str,
    /// The section's document: [`SalesDoc`], [`InventoryReport`], [`AccuracyReport`] or
    /// [`BriefDoc`].
    #[serde(flatten)]
    pub section: T,
}

/// The document `sellkit report --json` (`report all`) prints.
#[derive(Serialize)]
pub struct AllDoc<'a> {
    pub schema_version: u32,
    /// `all`.
    pub report: &'static str,
    /// The day the report is as of (YYYY-MM-DD).
    pub as_of: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales: Option<SalesDoc<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory: Option<&'a InventoryReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<&'a AccuracyReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brief: Option<BriefDoc<'a>>,
}

/// An NDJSON/CSV record of `sellkit report` (`report all`): the section's name, then the
/// section's record.
#[derive(Serialize)]
pub struct InReport {
    pub report: &'static str,
    #[serde(flatten)]
    pub record: Value,
}

/// An NDJSON/CSV record of a section: what the row is, then the row. P&L rows ([`SalesRow`])
/// carry their own `section` and are records as they are.
#[derive(Serialize)]
pub struct SectionRecord<'a, T> {
    /// `previous_total`, `change`, `mover_up`, `mover_down`, `place`, `inventory`,
    /// `forecast_run`, `forecast_overall` or `forecast_sku`.
    pub section: &'static str,
    #[serde(flatten)]
    pub row: &'a T,
}

// ----------------------------------------------------------------------------------- sales

/// The sales section: the P&L ([`SalesReport`]'s fields, `by_sku` cut to the rows shown), then
/// the previous window, the change, the movers and the places.
#[derive(Serialize)]
pub struct SalesDoc<'a> {
    #[serde(flatten)]
    pub report: SalesReport,
    pub previous: PreviousWindow<'a>,
    /// Per currency: the totals' change against the previous window.
    pub change: &'a [TotalsChange],
    pub movers_up: &'a [Mover],
    pub movers_down: &'a [Mover],
    /// Net sales by ship-to country, then by region, largest first.
    pub by_country: &'a [PlaceRow],
    pub by_region: &'a [PlaceRow],
    /// Payouts against net profit per period, ad spend and TACoS, the fee estimate's error;
    /// `null` for a SKU's report.
    pub money: Option<&'a crate::report::money::MoneyOverview>,
}

/// The window of equal length before the report's.
#[derive(Serialize)]
pub struct PreviousWindow<'a> {
    pub since: &'a str,
    pub until: &'a str,
    /// Its P&L totals, per currency (records of section `previous_total`).
    pub totals: &'a [SalesRow],
}

// ----------------------------------------------------------------------------------- brief

/// The brief section: the strategist's brief, the risk sentinel's findings and the drafts
/// waiting for review.
#[derive(Serialize)]
pub struct BriefDoc<'a> {
    pub headline: &'a str,
    pub priorities: &'a [Priority],
    pub confidence_bp: i64,
    /// Who wrote the brief: `offline` or `openai`, and the model.
    pub provider: &'static str,
    pub model: &'a str,
    pub findings: &'a [Finding],
    /// Drafts waiting, by kind.
    pub drafts_waiting: Vec<KindCount<'a>>,
    pub drafts_waiting_total: i64,
    /// The oldest drafts waiting.
    pub drafts: &'a [PendingDraft],
    /// Units and orders in the last two 28-day windows.
    pub sales: &'a SalesPulse,
}

/// How many drafts of a kind wait.
#[derive(Serialize)]
pub struct KindCount<'a> {
    pub kind: &'a str,
    pub count: i64,
}

/// An NDJSON/CSV record of the brief: one of the strategist's priorities.
#[derive(Serialize)]
pub struct PriorityRecord<'a> {
    /// `priority`.
    pub record: &'static str,
    /// 1 for the first.
    pub rank: usize,
    /// `strategist`.
    pub agent: &'static str,
    pub action: &'a str,
    pub why: &'a str,
    pub skus: &'a [String],
    /// The brief's confidence.
    pub confidence_bp: i64,
}

/// An NDJSON/CSV record of the brief: a finding or a waiting draft, after what it is.
#[derive(Serialize)]
pub struct BriefRecord<'a, T> {
    /// `finding` or `draft`.
    pub record: &'static str,
    #[serde(flatten)]
    pub row: &'a T,
}
