//! P&L: orders, units, revenue, discounts, shipping, fees, cost of goods, net profit and margin,
//! by period, by channel and by SKU.
//!
//! Definitions (also in the README):
//! - revenue: quantity × unit price of the lines (gross item sales, before discounts, without tax);
//! - net sales = revenue − discounts + shipping charged to buyers;
//! - fees: for an order the marketplace's ledger covers (it has ledger entries naming it), the fees
//!   the ledger shows it was charged (what it kept after any refund), shared over the order's lines
//!   by revenue (each line's revenue plus one cent, so free lines take a share too; the shares add
//!   up to the order's amounts exactly); otherwise the fee engine's estimate stored on the line. Each row says its
//!   `fee_basis` (`ledger`, `estimate` or `mixed`) and, over its ledger-covered lines, the
//!   estimate's error (estimate − charged);
//! - refunds, ads, shipping labels and other charges/credits: ledger entries naming an order are
//!   shared over its lines (so SKU rows carry them); entries naming no order (Etsy Ads per day,
//!   listing and storage fees, reserves, subscriptions) count in the totals, periods and channels
//!   by their posting day (`account_fees` for fees, `other` for the rest), never in SKU rows, and
//!   not at all when a SKU is asked for;
//! - net profit = net sales − fees − cost of goods + refunds + ads + shipping labels + account
//!   fees + other (those five are signed: negative is a cost);
//! - margin = net profit / net sales, in basis points;
//! - cost of goods: the unit cost in force on the order's date (the latest `product_costs` row on
//!   or before it; the earliest one for older orders), in the order's currency; lines without a
//!   cost are counted in `lines_without_cost`. With `report.cost_method = fifo`, a SKU that has
//!   purchase lots is costed first in, first out instead ([`fifo_costs`]): each unit takes its
//!   lot's unit cost plus its share of the lot's landed cost; units no lot covers take the dated
//!   cost. Lines costed from lots are counted in `lines_cost_fifo`;
//! - cancelled orders are left out; a refunded order is left out unless the ledger covers it (then
//!   its sale counts and its refund is a line of its own; its cost of goods counts unless
//!   `report.refund_cogs = restocked`); periods are UTC calendar days, ISO weeks (starting
//!   Monday, keyed by that Monday's date) and months.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::error::Result;
use crate::money::{Currency, Money, basis_points};
use crate::store::Store;
use crate::time::{date_prefix, start_of_day};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        match text {
            "day" => Some(Period::Day),
            "week" => Some(Period::Week),
            "month" => Some(Period::Month),
            _ => None,
        }
    }

    /// The first day of the period containing `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Period::Day => date,
            Period::Week => {
                let back = date.weekday().to_monday_zero_offset();
                date.checked_sub(jiff::Span::new().days(i64::from(back)))
                    .unwrap_or(date)
            }
            Period::Month => date.first_of_month(),
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: Date) -> Date {
        let span = match self {
            Period::Day => jiff::Span::new().days(1),
            Period::Week => jiff::Span::new().weeks(1),
            Period::Month => jiff::Span::new().months(1),
        };
        start.checked_add(span).unwrap_or(Date::MAX)
    }

    /// The key of the period containing `date`: `2025-01-31`, the week's Monday, or `2025-01`.
    pub fn key(self, date: Date) -> String {
        match self {
            Period::Day | Period::Week => self.start(date).to_string(),
            Period::Month => format!("{:04}-{:02}", date.year(), date.month()),
        }
    }

    /// The default window ending on `today`: 30 days, 12 weeks or 12 months.
    pub fn default_since(self, today: Date) -> Date {
        let start = self.start(today);
        let back = match self {
            Period::Day => jiff::Span::new().days(29),
            Period::Week => jiff::Span::new().weeks(11),
            Period::Month => jiff::Span::new().months(11),
        };
        start.checked_sub(back).unwrap_or(Date::MIN)
    }
}

/// How the cost of goods of an order line is found (`report.cost_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CostMethod {
    /// The SKU's unit cost in force on the order day (`product_costs`).
    #[default]
    Dated,
    /// First in, first out from the SKU's purchase lots (`purchase_lots`), landed cost
    /// included; SKUs without lots, and units sold beyond every lot, take the dated cost.
    Fifo,
}

/// What to report on.
#[derive(Debug, Clone)]
pub struct SalesQuery {
    pub since: Date,
    /// Inclusive.
    pub until: Date,
    pub period: Period,
    pub channel: Option<String>,
    pub sku: Option<String>,
    /// A refunded order's goods came back to stock: its cost of goods does not count.
    pub refund_restocked: bool,
    /// How a line's cost of goods is found (`report.cost_method`).
    pub cost_method: CostMethod,
    /// The home currency totals are converted to (`report.currency`); `None`: the currency of
    /// most net sales in the window.
    pub home: Option<Currency>,
}

/// One line of the P&L: a period, a channel, a SKU, or the total, in one currency.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SalesRow {
    pub section: &'static str,
    pub key: String,
    pub title: Option<String>,
    pub currency: Currency,
    pub orders: i64,
    pub units: i64,
    pub revenue: Money,
    pub discounts: Money,
    pub shipping: Money,
    pub fees: Money,
    /// `ledger` (every line's fees are what the ledger charged), `estimate` (none is), `mixed`.
    pub fee_basis: &'static str,
    /// The fee engine's estimate over the lines the ledger covers, less what was charged
    /// (positive: the estimate was too high); `None` when no line is covered.
    pub fee_estimate_error: Option<Money>,
    pub cogs: Money,
    /// Money given back to buyers (negative), from the ledger.
    pub refunds: Money,
    /// Advertising (negative): Offsite Ads and Promoted Listings per order, Etsy Ads per day.
    pub ads: Money,
    /// Postage bought through the marketplace (negative), return labels included.
    pub shipping_labels: Money,
    /// Fees naming no order: listing, storage, subscription (negative).
    pub account_fees: Money,
    /// Adjustments, reserves and other charges or credits.
    pub other: Money,
    pub net_sales: Money,
    pub net_profit: Money,
    pub margin_bp: Option<i64>,
    pub lines_without_cost: i64,
    /// Lines whose unit cost is in another currency than the order, converted at the ECB
    /// reference rate of the order day (`sellkit fx import|fetch`); without a rate the line has
    /// no cost and counts in `lines_without_cost`.
    pub lines_cost_converted: i64,
    /// Lines whose units were costed, all or in part, from purchase lots (first in, first out;
    /// `report.cost_method = fifo`).
    pub lines_cost_fifo: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SalesReport {
    pub period: Period,
    pub since: String,
    pub until: String,
    pub channel: Option<String>,
    pub sku: Option<String>,
    pub totals: Vec<SalesRow>,
    pub by_period: Vec<SalesRow>,
    pub by_channel: Vec<SalesRow>,
    pub by_sku: Vec<SalesRow>,
    /// The totals and periods in one home currency; `None` when nothing was sold.
    pub home: Option<HomeTotals>,
}

/// The P&L in one currency: every figure of another currency converted on its own day (an
/// order's day, a ledger entry's posting day), at the marketplace's own rate where its ledger
/// gives one for that day and pair, else the ECB reference rate (carried forward over
/// weekends and holidays). Figures with no rate stay out, listed in `unconverted`: the totals
/// never mix currencies.
#[derive(Debug, Clone, Serialize)]
pub struct HomeTotals {
    pub currency: Currency,
    /// `config` (`report.currency`) or `most_sales` (the currency of most net sales).
    pub chosen_by: &'static str,
    /// `same_currency` (nothing converted), `ecb`, `marketplace_rate`, `mixed` (both rates),
    /// with `_partial` appended when some figures stayed unconverted.
    pub basis: String,
    pub total: SalesRow,
    pub by_period: Vec<SalesRow>,
    /// Per currency of the figures: how they were converted.
    pub sources: Vec<HomeSource>,
    /// Figures left out for want of a rate, per currency.
    pub unconverted: Vec<UnconvertedFigures>,
}

/// How the figures of one currency reached the home currency.
#[derive(Debug, Clone, Serialize)]
pub struct HomeSource {
    pub currency: Currency,
    /// `same_currency`, `ecb`, `marketplace_rate` or `mixed`.
    pub basis: &'static str,
    /// Days of figures converted, and by which rate.
    pub days: i64,
    pub days_ecb: i64,
    pub days_marketplace_rate: i64,
    /// The lowest and highest rate used (home per 1 unit), as decimal text; `None` for the
    /// home currency itself.
    pub rate_min: Option<String>,
    pub rate_max: Option<String>,
    /// Net sales in this currency, and what they came to in the home currency.
    pub net_sales: Money,
    pub net_sales_home: Money,
}

/// Figures of one currency that could not be converted.
#[derive(Debug, Clone, Serialize)]
pub struct UnconvertedFigures {
    pub currency: Currency,
    pub days: i64,
    pub first_day: String,
    pub last_day: String,
    pub net_sales: Money,
    pub net_profit: Money,
    pub reason: String,
}

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    orders: i64,
    units: i64,
    revenue: i64,
    discounts: i64,
    shipping: i64,
    fees: i64,
    cogs: i64,
    missing_cost: i64,
    converted_cost: i64,
    fifo_cost: i64,
    last_order: i64,
    ledger_lines: i64,
    estimate_lines: i64,
    /// The estimate and the charge over the ledger-covered lines.
    covered_estimate: i64,
    covered_charged: i64,
    refunds: i64,
    ads: i64,
    labels: i64,
    account_fees: i64,
    other: i64,
}

impl Acc {
    fn add(&mut self, line: &Line) {
        if self.last_order != line.order_id {
            self.orders += 1;
            self.last_order = line.order_id;
        }
        self.units += line.quantity;
        self.revenue += line.quantity * line.unit_price;
        self.discounts += line.discount;
        self.shipping += line.shipping;
        match &line.ledger {
            Some(l) => {
                self.fees += l.fees;
                self.ledger_lines += 1;
                self.covered_estimate += line.fees;
                self.covered_charged += l.fees;
                self.refunds += l.refunds;
                self.ads += l.ads;
                self.labels += l.labels;
                self.other += l.other;
            }
            None => {
                self.fees += line.fees;
                self.estimate_lines += 1;
            }
        }
        match line.cost {
            Some(c) => {
                self.cogs += c.amount;
                self.converted_cost += i64::from(c.converted);
                self.fifo_cost += i64::from(c.fifo);
            }
            None => self.missing_cost += 1,
        }
    }

    /// Every amount through `f` (a conversion), the counts as they are.
    fn map_amounts(&self, f: &mut impl FnMut(i64) -> Option<i64>) -> Option<Acc> {
        Some(Acc {
            revenue: f(self.revenue)?,
            discounts: f(self.discounts)?,
            shipping: f(self.shipping)?,
            fees: f(self.fees)?,
            cogs: f(self.cogs)?,
            covered_estimate: f(self.covered_estimate)?,
            covered_charged: f(self.covered_charged)?,
            refunds: f(self.refunds)?,
            ads: f(self.ads)?,
            labels: f(self.labels)?,
            account_fees: f(self.account_fees)?,
            other: f(self.other)?,
            ..*self
        })
    }

    /// Adds another accumulator (orders counted in each, so an order is never in two).
    fn merge(&mut self, o: &Acc) {
        self.orders += o.orders;
        self.units += o.units;
        self.revenue += o.revenue;
        self.discounts += o.discounts;
        self.shipping += o.shipping;
        self.fees += o.fees;
        self.cogs += o.cogs;
        self.missing_cost += o.missing_cost;
        self.converted_cost += o.converted_cost;
        self.fifo_cost += o.fifo_cost;
        self.ledger_lines += o.ledger_lines;
        self.estimate_lines += o.estimate_lines;
        self.covered_estimate += o.covered_estimate;
        self.covered_charged += o.covered_charged;
        self.refunds += o.refunds;
        self.ads += o.ads;
        self.labels += o.labels;
        self.account_fees += o.account_fees;
        self.other += o.other;
    }

    fn net_sales(&self) -> i64 {
        self.revenue - self.discounts + self.shipping
    }

    fn net_profit(&self) -> i64 {
        self.net_sales() - self.fees - self.cogs
            + self.refunds
            + self.ads
            + self.labels
            + self.account_fees
            + self.other
    }

    /// A ledger entry naming no order.
    fn add_entry(&mut self, kind: &str, amount: i64) {
        match kind {
            "ad" => self.ads += amount,
            "shipping_label" => self.labels += amount,
            "fee" => self.account_fees += amount,
            "refund" => self.refunds += amount,
            _ => self.other += amount,
        }
    }

    fn row(
        &self,
        section: &'static str,
        key: String,
        title: Option<String>,
        currency: Currency,
    ) -> SalesRow {
        let net_sales = self.net_sales();
        let net_profit = self.net_profit();
        let m = |v| Money::new(v, currency);
        SalesRow {
            section,
            key,
            title,
            currency,
            orders: self.orders,
            units: self.units,
            revenue: m(self.revenue),
            discounts: m(self.discounts),
            shipping: m(self.shipping),
            fees: m(self.fees),
            fee_basis: match (self.ledger_lines > 0, self.estimate_lines > 0) {
                (true, false) => "ledger",
                (true, true) => "mixed",
                _ => "estimate",
            },
            fee_estimate_error: (self.ledger_lines > 0)
                .then(|| m(self.covered_estimate - self.covered_charged)),
            cogs: m(self.cogs),
            refunds: m(self.refunds),
            ads: m(self.ads),
            shipping_labels: m(self.labels),
            account_fees: m(self.account_fees),
            other: m(self.other),
            net_sales: m(net_sales),
            net_profit: m(net_profit),
            margin_bp: basis_points(net_profit, net_sales),
            lines_without_cost: self.missing_cost,
            lines_cost_converted: self.converted_cost,
            lines_cost_fifo: self.fifo_cost,
        }
    }
}

struct Line {
    order_id: i64,
    quantity: i64,
    unit_price: i64,
    discount: i64,
    shipping: i64,
    /// The fee engine's estimate.
    fees: i64,
    cost: Option<LineCost>,
    /// The line's share of its order's ledger money, when the ledger covers the order.
    ledger: Option<LineLedger>,
}

/// An order's money as its marketplace's ledger states it (costs positive for fees; the rest
/// signed as in the ledger), or one line's share of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineLedger {
    fees: i64,
    refunds: i64,
    ads: i64,
    labels: i64,
    other: i64,
}

impl LineLedger {
    /// The share of lines `before..before + weight` out of `total` weight: shares of all the
    /// lines of an order add up to the order's amounts exactly.
    fn share(&self, before: i64, weight: i64, total: i64) -> LineLedger {
        let part = |x: i64| {
            if total <= 0 {
                return 0;
            }
            let at = |w: i64| (i128::from(x) * i128::from(w)).div_euclid(i128::from(total));
            (at(before + weight) - at(before)) as i64
        };
        LineLedger {
            fees: part(self.fees),
            refunds: part(self.refunds),
            ads: part(self.ads),
            labels: part(self.labels),
            other: part(self.other),
        }
    }
}

/// A line read, waiting for the rest of its order (shares need the order's total).
struct Pending {
    line_no: i64,
    /// The order's weight and the weight of its lines before this one, when only some of its
    /// lines are read (a SKU asked for).
    weights: Option<(i64, i64)>,
    sku_idx: usize,
    quantity: i64,
    unit_price: i64,
    discount: i64,
    shipping: i64,
    fees: i64,
    cost: Option<LineCost>,
}

/// A line's cost of goods in the order's currency, and how it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LineCost {
    amount: i64,
    /// Some of it was converted from another currency.
    converted: bool,
    /// Some of its units were costed from purchase lots.
    fifo: bool,
}

/// A SKU's unit costs: (effective from, cost, currency), oldest first.
type History = [(Date, i64, Currency)];
type Costs = HashMap<String, Vec<(Date, i64, Currency)>>;

/// Accumulators by index (period, channel or SKU) and currency; one currency is the usual case,
/// so the inner list is searched linearly.
#[derive(Default)]
struct Slots(Vec<Vec<(Currency, Acc)>>);

impl Slots {
    fn get(&mut self, idx: usize, cur: Currency) -> &mut Acc {
        if self.0.len() <= idx {
            self.0.resize_with(idx + 1, Vec::new);
        }
        let list = &mut self.0[idx];
        let pos = match list.iter().position(|(c, _)| *c == cur) {
            Some(p) => p,
            None => {
                list.push((cur, Acc::default()));
                list.len() - 1
            }
        };
        &mut list[pos].1
    }

    fn into_map(self) -> HashMap<(usize, Currency), Acc> {
        self.0
            .into_iter()
            .enumerate()
            .flat_map(|(i, list)| list.into_iter().map(move |(c, a)| ((i, c), a)))
            .collect()
    }
}

fn load_costs(store: &Store) -> Result<Costs> {
    let mut costs: Costs = HashMap::new();
    let mut stmt = store
        .conn()
        .prepare("SELECT sku, effective_from, unit_cost_minor, currency FROM product_costs ORDER BY sku, effective_from")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sku: String = r.get(0)?;
        let date: String = r.get(1)?;
        let (Some(date), Ok(cur)) = (date_prefix(&date), Currency::new(&r.get::<_, String>(3)?))
        else {
            continue;
        };
        costs.entry(sku).or_default().push((date, r.get(2)?, cur));
    }
    Ok(costs)
}

/// The unit cost in force on `date` and its currency.
fn cost_on(history: &History, date: Date) -> (i64, Currency) {
    let idx = history.partition_point(|(d, _, _)| *d <= date);
    let (_, cost, cur) = history[idx.saturating_sub(1)];
    (cost, cur)
}

/// A line's cost of goods in the order's currency: `quantity` units at the cost in force on
/// `date`, converted at the ECB reference rate of that day (carried over weekends and
/// holidays) when the cost is in another currency. `None`: no cost, or no rate to convert it
/// (the line counts in `lines_without_cost`). The flag says it was converted.
fn line_cost(
    history: &History,
    date: Date,
    quantity: i64,
    currency: Currency,
    rates: &crate::fx::Rates,
) -> Option<(i64, bool)> {
    let (unit, cur) = cost_on(history, date);
    if cur == currency {
        return Some((unit * quantity, false));
    }
    rates
        .convert(unit * quantity, cur, currency, date)
        .ok()
        .map(|c| (c.amount.amount_minor, true))
}

/// What a line's units cost from purchase lots, before conversion to the order's currency: the
/// lots' amounts per currency (one, nearly always), and the units no lot covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FifoCost {
    pieces: Vec<(Currency, i64)>,
    /// Units sold when no lot received by the order day had units left: dated cost.
    uncovered: i64,
}

/// The FIFO costs of a scan's lines.
#[derive(Default)]
struct FifoCosts {
    /// By (order id, line number), for the lines of SKUs with lots ordered on or after their
    /// first lot.
    lines: rustc_hash::FxHashMap<(i64, i64), FifoCost>,
    /// The SKUs that have lots.
    skus: std::collections::HashSet<String>,
}

/// A purchase lot as the FIFO walk uses it.
struct Lot {
    received_on: Date,
    quantity: i64,
    unit_cost: i64,
    landed_cost: i64,
    currency: Currency,
    /// Units already taken.
    taken: i64,
}

impl Lot {
    /// The cost of the next `n` units: `n` unit costs plus their part of the landed cost. Unit
    /// `k` (0-based) takes `floor(L·(k+1)/Q) − floor(L·k/Q)` of landed cost `L` over `Q` units,
    /// so the units of a lot add up to its landed cost exactly, wherever a line starts.
    fn take(&mut self, n: i64) -> i64 {
        let at = |k: i64| {
            (i128::from(self.landed_cost) * i128::from(k)).div_euclid(i128::from(self.quantity))
                as i64
        };
        let landed = at(self.taken + n) - at(self.taken);
        self.taken += n;
        n * self.unit_cost + landed
    }
}

/// FIFO costs of the order lines (by order id and line number) ordered in `[from, to)` (stored
/// instants), for every SKU that has purchase lots, from one pass over those SKUs' lines.
///
/// Each SKU's lines are walked in time order over all history (earlier sales consumed the
/// earlier lots, whatever window is reported): each unit sold takes the oldest lot received on
/// or before the order day with units left. Lines ordered before a SKU's first lot consume
/// nothing (that stock predates the lots). Cancelled orders consume nothing, nor do refunded
/// orders when `refund_restocked` (their goods came back; the simple rule: as if never sold).
/// Units no lot covers are `uncovered` (the report gives them the dated cost).
fn fifo_costs(
    conn: &rusqlite::Connection,
    from: &str,
    to: &str,
    refund_restocked: bool,
) -> Result<FifoCosts> {
    let mut out = FifoCosts::default();
    let mut lots: HashMap<String, Vec<Lot>> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT sku, received_on, quantity, unit_cost_minor, landed_cost_minor, currency
             FROM purchase_lots ORDER BY sku, received_on, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (Some(day), Ok(cur)) = (
                date_prefix(r.get_ref(1)?.as_str()?),
                Currency::new(r.get_ref(5)?.as_str()?),
            ) else {
                continue;
            };
            let quantity: i64 = r.get(2)?;
            if quantity <= 0 {
                continue;
            }
            lots.entry(r.get(0)?).or_default().push(Lot {
                received_on: day,
                quantity,
                unit_cost: r.get(3)?,
                landed_cost: r.get(4)?,
                currency: cur,
                taken: 0,
            });
        }
    }
    if lots.is_empty() {
        return Ok(out);
    }
    out.skus = lots.keys().cloned().collect();
    let mut stmt = conn.prepare(
        "SELECT l.sku, o.ordered_at, o.id, l.line_no, l.quantity
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE l.sku IN (SELECT sku FROM purchase_lots)
           AND o.status <> 'cancelled' AND (NOT ?1 OR o.status <> 'refunded')
         ORDER BY l.sku, o.ordered_at, o.id, l.line_no",
    )?;
    let mut rows = stmt.query([refund_restocked])?;
    let mut sku = String::new();
    // The current SKU's lots, and the first with units left.
    let mut current: &mut [Lot] = &mut [];
    let mut next = 0usize;
    while let Some(r) = rows.next()? {
        let line_sku = r.get_ref(0)?.as_str()?;
        if line_sku != sku {
            sku.clear();
            sku.push_str(line_sku);
            current = lots.get_mut(line_sku).map_or(&mut [], Vec::as_mut_slice);
            next = 0;
        }
        let ordered_at = r.get_ref(1)?.as_str()?;
        let Some(day) = date_prefix(ordered_at) else {
            continue;
        };
        if current.first().is_none_or(|l| day < l.received_on) {
            continue;
        }
        let mut units: i64 = r.get(4)?;
        let mut cost = FifoCost::default();
        while units > 0 {
            while next < current.len() && current[next].taken >= current[next].quantity {
                next += 1;
            }
            let Some(lot) = current.get_mut(next).filter(|l| l.received_on <= day) else {
                break;
            };
            let n = units.min(lot.quantity - lot.taken);
            let amount = lot.take(n);
            match cost.pieces.iter_mut().find(|(c, _)| *c == lot.currency) {
                Some(p) => p.1 += amount,
                None => cost.pieces.push((lot.currency, amount)),
            }
            units -= n;
        }
        cost.uncovered = units;
        if ordered_at >= from && ordered_at < to {
            out.lines.insert((r.get(2)?, r.get(3)?), cost);
        }
    }
    Ok(out)
}

/// A line's cost from its FIFO pieces, each converted to the order's `currency` at the ECB
/// rate of `date` when in another one, and its uncovered units at the dated cost. `None` when
/// a part has no cost or no rate.
fn fifo_line_cost(
    fifo: &FifoCost,
    history: Option<&History>,
    date: Date,
    currency: Currency,
    rates: &crate::fx::Rates,
) -> Option<LineCost> {
    let mut cost = LineCost {
        amount: 0,
        converted: false,
        fifo: !fifo.pieces.is_empty(),
    };
    for &(cur, amount) in &fifo.pieces {
        if cur == currency {
            cost.amount += amount;
        } else {
            cost.amount += rates
                .convert(amount, cur, currency, date)
                .ok()?
                .amount
                .amount_minor;
            cost.converted = true;
        }
    }
    if fifo.uncovered > 0 {
        let (c, converted) = line_cost(history?, date, fifo.uncovered, currency, rates)?;
        cost.amount += c;
        cost.converted |= converted;
    }
    Some(cost)
}

/// Ledger money per order: shop, then the order id as the ledger names it.
pub(crate) type OrderLedger = HashMap<i64, rustc_hash::FxHashMap<Box<str>, LineLedger>>;

/// Every ledger-covered order's money (fees as costs, the rest signed), from one pass over the
/// ledger's order index (it covers the kind and the amount).
pub(crate) fn order_ledger(conn: &rusqlite::Connection) -> Result<OrderLedger> {
    let mut out: OrderLedger = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT shop_id, order_ref,
                -SUM(CASE WHEN kind = 'fee' THEN amount_minor ELSE 0 END),
                SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END),
                SUM(CASE WHEN kind = 'ad' THEN amount_minor ELSE 0 END),
                SUM(CASE WHEN kind = 'shipping_label' THEN amount_minor ELSE 0 END),
                SUM(CASE WHEN kind IN ('adjustment', 'reserve', 'other') THEN amount_minor ELSE 0 END)
         FROM ledger_entries WHERE order_ref IS NOT NULL AND kind <> 'payout'
         GROUP BY shop_id, order_ref",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.entry(r.get(0)?).or_default().insert(
            r.get_ref(1)?.as_str()?.into(),
            LineLedger {
                fees: r.get(2)?,
                refunds: r.get(3)?,
                ads: r.get(4)?,
                labels: r.get(5)?,
                other: r.get(6)?,
            },
        );
    }
    Ok(out)
}

/// What the lines of the order being read share.
struct OrderCtx {
    id: i64,
    channel: usize,
    currency: Currency,
    ledger: Option<LineLedger>,
    /// Refunded, and `report.refund_cogs = restocked`: its goods cost nothing.
    refunded_restocked: bool,
    country: Option<String>,
    region: Option<String>,
    currency_text: String,
}

impl OrderCtx {
    fn none() -> OrderCtx {
        OrderCtx {
            id: 0,
            channel: 0,
            currency: Currency::USD,
            ledger: None,
            refunded_restocked: false,
            country: None,
            region: None,
            currency_text: String::new(),
        }
    }

    /// Adds the order's lines to window `w`, each with its share of the ledger's money.
    fn flush(&self, w: &mut Window<'_>, lines: &mut [Pending]) {
        // Shares follow the line numbers, whatever order the lines were read in.
        lines.sort_by_key(|l| l.line_no);
        // A line's weight is its revenue plus one, so a free line still takes a share and an
        // order's weight is never zero.
        let read: i64 = lines.iter().map(|l| l.quantity * l.unit_price + 1).sum();
        let mut running = 0;
        for p in lines.iter() {
            let weight = p.quantity * p.unit_price + 1;
            let (total, before) = p.weights.unwrap_or((read, running));
            running += weight;
            let line = Line {
                order_id: self.id,
                quantity: p.quantity,
                unit_price: p.unit_price,
                discount: p.discount,
                shipping: p.shipping,
                fees: p.fees,
                cost: p.cost,
                ledger: self.ledger.map(|l| l.share(before, weight, total)),
            };
            let cur = self.currency;
            w.totals.get(0, cur).add(&line);
            w.by_period.get(w.period, cur).add(&line);
            w.by_channel.get(self.channel, cur).add(&line);
            w.by_sku.get(p.sku_idx, cur).add(&line);
            w.daily.get(w.day, cur).add(&line);
            if let Some(places) = &mut w.places {
                places.add(
                    self.id,
                    self.country.as_deref(),
                    self.region.as_deref(),
                    &self.currency_text,
                    line.quantity,
                    line.quantity * line.unit_price - line.discount + line.shipping,
                );
            }
        }
    }
}

/// One window of a scan: its bounds, its accumulators and, for one of them, the places.
struct Window<'q> {
    q: &'q SalesQuery,
    /// `[from, to)` as stored instants.
    from: String,
    to: String,
    period_keys: Vec<String>,
    period_index: HashMap<String, usize>,
    /// The day (scan-wide counter) `period` was computed for.
    period_day: u64,
    period: usize,
    totals: Slots,
    by_period: Slots,
    by_channel: Slots,
    by_sku: Slots,
    /// Totals by day (for the home currency: each day converts at its own rate).
    daily: Slots,
    /// The days of `daily`, with their period.
    days: Vec<(Date, usize)>,
    day_index: HashMap<Date, usize>,
    day: usize,
    places: Option<Places>,
}

impl<'q> Window<'q> {
    fn new(q: &'q SalesQuery, places: bool) -> Window<'q> {
        Window {
            q,
            from: start_of_day(q.since),
            to: start_of_day(q.until.tomorrow().unwrap_or(Date::MAX)),
            period_keys: Vec::new(),
            period_index: HashMap::new(),
            period_day: u64::MAX,
            period: 0,
            totals: Slots::default(),
            by_period: Slots::default(),
            by_channel: Slots::default(),
            by_sku: Slots::default(),
            daily: Slots::default(),
            days: Vec::new(),
            day_index: HashMap::new(),
            day: 0,
            places: places.then(Places::default),
        }
    }

    fn day_of(&mut self, date: Date) -> usize {
        match self.day_index.get(&date) {
            Some(i) => *i,
            None => {
                let period = self.period_of(date);
                self.days.push((date, period));
                self.day_index.insert(date, self.days.len() - 1);
                self.days.len() - 1
            }
        }
    }

    fn period_of(&mut self, date: Date) -> usize {
        let key = self.q.period.key(date);
        match self.period_index.get(&key) {
            Some(i) => *i,
            None => {
                self.period_keys.push(key.clone());
                self.period_index.insert(key, self.period_keys.len() - 1);
                self.period_keys.len() - 1
            }
        }
    }
}

/// Net sales by ship-to place, grouped by (country, region, currency) as the scan goes.
#[derive(Default)]
pub(crate) struct Places {
    /// (country, region, currency) -> [orders, units, net sales]
    pub(crate) groups: Vec<((String, String, String), [i64; 3])>,
    index: rustc_hash::FxHashMap<String, usize>,
    /// Reused lookup key and region text: no allocation per order once a place is known.
    key: String,
    region: String,
    last_order: Option<i64>,
    current: usize,
}

impl Places {
    /// Adds a line; `country` and `region` are the order's raw ship-to fields.
    fn add(
        &mut self,
        order: i64,
        country: Option<&str>,
        region: Option<&str>,
        currency: &str,
        units: i64,
        net_sales: i64,
    ) {
        use std::fmt::Write as _;
        if self.last_order != Some(order) {
            self.last_order = Some(order);
            // As SQL's COALESCE(country, '(unknown)') and
            // COALESCE(region || ', ' || COALESCE(country, '?'), '(unknown)').
            let country_text = country.unwrap_or("(unknown)");
            self.region.clear();
            match region {
                Some(r) => {
                    self.region.push_str(r);
                    self.region.push_str(", ");
                    self.region.push_str(country.unwrap_or("?"));
                }
                None => self.region.push_str("(unknown)"),
            }
            self.key.clear();
            let _ = write!(
                self.key,
                "{}:{country_text}{}:{}{currency}",
                country_text.len(),
                self.region.len(),
                self.region
            );
            self.current = match self.index.get(self.key.as_str()) {
                Some(i) => *i,
                None => {
                    self.groups.push((
                        (
                            country_text.to_string(),
                            self.region.clone(),
                            currency.to_string(),
                        ),
                        [0; 3],
                    ));
                    self.index.insert(self.key.clone(), self.groups.len() - 1);
                    self.groups.len() - 1
                }
            };
            self.groups[self.current].1[0] += 1;
        }
        let g = &mut self.groups[self.current].1;
        g[1] += units;
        g[2] += net_sales;
    }
}

/// Computes the P&L.
pub fn sales(store: &Store, q: &SalesQuery) -> Result<SalesReport> {
    let ledger = order_ledger(store.conn())?;
    let (mut reports, _) = scan(store, &[q], None, &ledger)?;
    Ok(reports.remove(0))
}

/// The P&L of several windows of equal filters, side by side and in time order, from one pass
/// over their order lines (in time order through the covering indexes, no sort), and the
/// places of window `places_of` from the same pass.
pub(crate) fn scan(
    store: &Store,
    queries: &[&SalesQuery],
    places_of: Option<usize>,
    ledger: &OrderLedger,
) -> Result<(Vec<SalesReport>, Option<Places>)> {
    let Some(first) = queries.first() else {
        return Ok((Vec::new(), None));
    };
    let mut windows: Vec<Window> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| Window::new(q, places_of == Some(i)))
        .collect();
    // Every window shares the filters; a window whose start is not after the previous one's
    // end would double-count, so they must come in order.
    debug_assert!(windows.windows(2).all(|w| w[0].to <= w[1].from));
    let costs = load_costs(store)?;
    let fifo = match first.cost_method {
        CostMethod::Fifo => fifo_costs(
            store.conn(),
            &windows[0].from,
            &windows[windows.len() - 1].to,
            first.refund_restocked,
        )?,
        CostMethod::Dated => FifoCosts::default(),
    };
    let rates = crate::fx::Rates::load_between(
        store.conn(),
        first.since,
        queries.last().map_or(first.until, |q| q.until),
    )?;
    let conn = store.conn();
    let mut channels: Vec<String> = Vec::new();
    let mut shop_channel: HashMap<i64, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, channel FROM shops ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let ch: String = r.get(1)?;
            let idx = channels.iter().position(|c| *c == ch).unwrap_or_else(|| {
                channels.push(ch);
                channels.len() - 1
            });
            shop_channel.insert(r.get(0)?, idx);
        }
    }
    // Each order's money as its ledger states it (an order with any entry is covered): `ledger`.
    let sql = String::from(
        "SELECT o.id, o.ordered_at, o.shop_id, o.currency, o.ship_country, o.ship_region, l.sku,
                l.quantity, l.unit_price_minor, l.discount_minor, l.shipping_minor, l.fees_minor,
                o.external_id, o.status, l.line_no,
                -- With a SKU asked for, the order's other lines are not read: its weight and
                -- the weight of the lines before this one come from SQL.
                CASE WHEN SKU_ASKED THEN
                  (SELECT SUM(x.quantity * x.unit_price_minor + 1) FROM order_lines x WHERE x.order_id = o.id) END,
                CASE WHEN SKU_ASKED THEN
                  (SELECT COALESCE(SUM(x.quantity * x.unit_price_minor + 1), 0) FROM order_lines x
                    WHERE x.order_id = o.id AND x.line_no < l.line_no) END
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status <> 'cancelled'",
    );
    let mut sql = sql.replace("SKU_ASKED", if first.sku.is_some() { "1" } else { "0" });
    if first.channel.is_some() {
        sql.push_str(" AND o.shop_id IN (SELECT id FROM shops WHERE channel = ?3)");
    }
    if first.sku.is_some() {
        sql.push_str(if first.channel.is_some() {
            " AND l.sku = ?4"
        } else {
            " AND l.sku = ?3"
        });
    }
    // Lines of one order arrive together (the join walks orders, then each order's lines), so
    // ordering by time alone is enough for the order counts; no sort on the id is needed.
    sql.push_str(" ORDER BY o.ordered_at");
    let since = windows[0].from.clone();
    let until = windows[windows.len() - 1].to.clone();
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&since, &until];
    if let Some(c) = &first.channel {
        params.push(c);
    }
    if let Some(s) = &first.sku {
        params.push(s);
    }

    // Per-line work is the report's hot loop (a year is ~300,000 lines on a large shop): SKUs
    // are hashed once per line with a fast hasher, and accumulators are found by index.
    let mut sku_index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut sku_names: Vec<String> = Vec::new();
    let mut sku_costs: Vec<Option<&History>> = Vec::new();
    // Whether the SKU has purchase lots (and the report costs them first in, first out).
    let mut sku_fifo: Vec<bool> = Vec::new();

    let mut last_day = String::new();
    let mut day_count = 0u64;
    let mut day_date: Option<Date> = None;
    let mut last_currency_text = String::new();
    let mut currency = Currency::USD;
    // What every line of an order shares is worked out once per order: lines of one order
    // arrive together, and are added when the order is complete (the ledger's money is shared
    // over them by revenue).
    let mut last_order: Option<i64> = None;
    let mut window: Option<usize> = None;
    let mut date = first.since;
    let mut order = OrderCtx::none();
    let mut pending: Vec<Pending> = Vec::new();
    let mut shop_ids: Vec<i64> = shop_channel.keys().copied().collect();
    shop_ids.sort_unstable();
    let channel_of: Vec<usize> = shop_ids.iter().map(|id| shop_channel[id]).collect();

    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        let order_id: i64 = r.get(0)?;
        if last_order != Some(order_id) {
            if let Some(wi) = window {
                order.flush(&mut windows[wi], &mut pending);
            }
            pending.clear();
            last_order = Some(order_id);
            let ordered_at = r.get_ref(1)?.as_str()?;
            // The window holding this instant: the last one starting at or before it.
            window = windows
                .iter()
                .rposition(|w| ordered_at >= w.from.as_str())
                .filter(|&wi| ordered_at < windows[wi].to.as_str());
            let Some(wi) = window else {
                continue;
            };
            if ordered_at.len() < 10 || ordered_at[..10] != last_day[..] {
                last_day.clear();
                last_day.push_str(&ordered_at[..ordered_at.len().min(10)]);
                day_date = date_prefix(ordered_at);
                day_count += 1;
            }
            let w = &mut windows[wi];
            date = day_date.unwrap_or(w.q.since);
            if w.period_day != day_count {
                w.period = w.period_of(date);
                w.day = w.day_of(date);
                w.period_day = day_count;
            }
            let cur_text = r.get_ref(3)?.as_str()?;
            if cur_text != last_currency_text {
                currency = Currency::new(cur_text).unwrap_or(Currency::USD);
                last_currency_text.clear();
                last_currency_text.push_str(cur_text);
            }
            let shop: i64 = r.get(2)?;
            let external_id = r.get_ref(12)?.as_str()?;
            let covered = ledger
                .get(&shop)
                .and_then(|orders| orders.get(external_id))
                .copied();
            let refunded = r.get_ref(13)?.as_str()? == "refunded";
            // A refunded order counts only with its refund, which only the ledger has.
            if refunded && covered.is_none() {
                window = None;
                continue;
            }
            order = OrderCtx {
                id: order_id,
                channel: shop_ids.binary_search(&shop).map_or(0, |i| channel_of[i]),
                currency,
                ledger: covered,
                refunded_restocked: w.q.refund_restocked && refunded,
                country: r.get_ref(4)?.as_str_or_null()?.map(str::to_string),
                region: r.get_ref(5)?.as_str_or_null()?.map(str::to_string),
                currency_text: last_currency_text.clone(),
            };
        }
        if window.is_none() {
            continue;
        }
        let sku = r.get_ref(6)?.as_str()?;
        let sku_idx = match sku_index.get(sku) {
            Some(i) => *i,
            None => {
                sku_names.push(sku.to_string());
                sku_costs.push(costs.get(sku).map(Vec::as_slice));
                sku_fifo.push(fifo.skus.contains(sku));
                sku_index.insert(sku.to_string(), sku_names.len() - 1);
                sku_names.len() - 1
            }
        };
        let quantity: i64 = r.get(7)?;
        let line_no: i64 = r.get(14)?;
        let history = sku_costs[sku_idx];
        let dated = || {
            history
                .and_then(|h| line_cost(h, date, quantity, currency, &rates))
                .map(|(amount, converted)| LineCost {
                    amount,
                    converted,
                    fifo: false,
                })
        };
        let cost = if sku_fifo[sku_idx] {
            match fifo.lines.get(&(order_id, line_no)) {
                Some(f) => fifo_line_cost(f, history, date, currency, &rates),
                None => dated(),
            }
        } else {
            dated()
        }
        .map(|c| LineCost {
            amount: if order.refunded_restocked {
                0
            } else {
                c.amount
            },
            ..c
        });
        pending.push(Pending {
            line_no,
            weights: match (r.get::<_, Option<i64>>(15)?, r.get::<_, Option<i64>>(16)?) {
                (Some(total), Some(before)) => Some((total, before)),
                _ => None,
            },
            sku_idx,
            quantity,
            unit_price: r.get(8)?,
            discount: r.get(9)?,
            shipping: r.get(10)?,
            fees: r.get(11)?,
            cost,
        });
    }
    if let Some(wi) = window {
        order.flush(&mut windows[wi], &mut pending);
    }
    drop(rows);
    drop(stmt);

    // Ledger money naming no order: by posting day, into totals, periods and channels (a SKU
    // asked for leaves it out: it belongs to no SKU).
    if first.sku.is_none() {
        let mut stmt = conn.prepare(
            "SELECT substr(e.posted_at, 1, 10), e.shop_id, e.currency, e.kind, SUM(e.amount_minor)
             FROM ledger_entries e
             WHERE e.order_ref IS NULL AND e.kind NOT IN ('sale', 'tax', 'payout')
               AND e.posted_at >= ?1 AND e.posted_at < ?2
               AND (?3 IS NULL OR e.shop_id IN (SELECT id FROM shops WHERE channel = ?3))
             GROUP BY 1, 2, 3, 4",
        )?;
        let mut rows = stmt.query(rusqlite::params![
            since.get(..10).unwrap_or(&since),
            until.get(..10).unwrap_or(&until),
            first.channel
        ])?;
        while let Some(r) = rows.next()? {
            let day = r.get_ref(0)?.as_str()?;
            let Some(d) = date_prefix(day) else {
                continue;
            };
            let at = start_of_day(d);
            let Some(wi) = windows
                .iter()
                .rposition(|w| at >= w.from)
                .filter(|&wi| at < windows[wi].to)
            else {
                continue;
            };
            let shop: i64 = r.get(1)?;
            let channel = shop_ids.binary_search(&shop).map_or(0, |i| channel_of[i]);
            let cur = Currency::new(r.get_ref(2)?.as_str()?).unwrap_or(Currency::USD);
            let kind = r.get_ref(3)?.as_str()?;
            let amount: i64 = r.get(4)?;
            let w = &mut windows[wi];
            let period = w.period_of(d);
            w.totals.get(0, cur).add_entry(kind, amount);
            w.by_period.get(period, cur).add_entry(kind, amount);
            w.by_channel.get(channel, cur).add_entry(kind, amount);
            let day = w.day_of(d);
            w.daily.get(day, cur).add_entry(kind, amount);
        }
    }

    let titles = product_titles(store)?;
    let market_rates = marketplace_rates(conn)?;
    let fx = HomeFx {
        rates: &rates,
        market: &market_rates,
    };
    let mut places = None;
    let mut reports = Vec::with_capacity(windows.len());
    for mut w in windows {
        if w.places.is_some() {
            places = w.places.take();
        }
        reports.push(finish(w, &channels, &sku_names, &titles, &fx));
    }
    Ok((reports, places))
}

/// Turns a window's accumulators into its report.
fn finish(
    w: Window,
    channels: &[String],
    sku_names: &[String],
    titles: &HashMap<String, String>,
    fx: &HomeFx,
) -> SalesReport {
    let Window {
        q,
        mut period_keys,
        mut period_index,
        totals,
        by_period,
        by_channel,
        by_sku,
        daily,
        days,
        ..
    } = w;
    // Every period of the window appears, with zeros where nothing sold (one currency only).
    let totals = totals.into_map();
    let mut by_period = by_period.into_map();
    let by_channel = by_channel.into_map();
    let by_sku = by_sku.into_map();
    if totals.len() == 1 {
        let cur = *totals.keys().next().unwrap_or(&(0, Currency::USD));
        let cur = cur.1;
        let mut start = q.period.start(q.since);
        while start <= q.until {
            let key = q.period.key(start);
            let idx = match period_index.get(&key) {
                Some(i) => *i,
                None => {
                    period_keys.push(key.clone());
                    period_index.insert(key, period_keys.len() - 1);
                    period_keys.len() - 1
                }
            };
            by_period.entry((idx, cur)).or_default();
            start = q.period.next(start);
        }
    }

    let mut totals: Vec<SalesRow> = totals
        .into_iter()
        .map(|((_, c), a)| a.row("total", "total".into(), None, c))
        .collect();
    totals.sort_by_key(|a| a.currency);
    let mut by_period: Vec<SalesRow> = by_period
        .into_iter()
        .map(|((i, c), a)| a.row("period", period_keys[i].clone(), None, c))
        .collect();
    by_period.sort_by(|a, b| (&a.key, a.currency).cmp(&(&b.key, b.currency)));
    let mut by_channel: Vec<SalesRow> = by_channel
        .into_iter()
        .map(|((i, c), a)| a.row("channel", channels[i].clone(), None, c))
        .collect();
    by_channel.sort_by(|a, b| {
        (b.net_sales.amount_minor, &a.key).cmp(&(a.net_sales.amount_minor, &b.key))
    });
    let mut by_sku: Vec<SalesRow> = by_sku
        .into_iter()
        .map(|((i, c), a)| {
            a.row(
                "sku",
                sku_names[i].clone(),
                titles.get(&sku_names[i]).cloned(),
                c,
            )
        })
        .collect();
    by_sku.sort_by(|a, b| {
        (b.net_profit.amount_minor, &a.key).cmp(&(a.net_profit.amount_minor, &b.key))
    });

    let home = home_totals(q, &totals, daily, &days, &period_keys, fx);
    SalesReport {
        period: q.period,
        since: q.since.to_string(),
        until: q.until.to_string(),
        channel: q.channel.clone(),
        sku: q.sku.clone(),
        totals,
        by_period,
        by_channel,
        by_sku,
        home,
    }
}

/// The rates a home-currency conversion can use.
struct HomeFx<'a> {
    rates: &'a crate::fx::Rates,
    /// The marketplaces' own rates by (day, from, to): the rate most entries of that day and
    /// pair carry.
    market: &'a HashMap<(Date, Currency, Currency), String>,
}

/// The marketplaces' own rates stated in the ledger (`fx_rate`: entry currency per 1
/// `fx_currency`), the most used one per day and pair.
fn marketplace_rates(
    conn: &rusqlite::Connection,
) -> Result<HashMap<(Date, Currency, Currency), String>> {
    let mut stmt = conn.prepare(
        "SELECT substr(posted_at, 1, 10), fx_currency, currency, fx_rate, COUNT(*) FROM ledger_entries
         WHERE fx_rate IS NOT NULL AND fx_currency IS NOT NULL AND fx_currency <> currency
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 5 DESC, 4",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let (Some(day), Ok(from), Ok(to)) = (
            date_prefix(r.get_ref(0)?.as_str()?),
            Currency::new(r.get_ref(1)?.as_str()?),
            Currency::new(r.get_ref(2)?.as_str()?),
        ) else {
            continue;
        };
        out.entry((day, from, to))
            .or_insert_with(|| r.get::<_, String>(3).unwrap_or_default());
    }
    Ok(out)
}

/// Converts the window's daily totals to the home currency ([`HomeTotals`]).
fn home_totals(
    q: &SalesQuery,
    totals: &[SalesRow],
    daily: Slots,
    days: &[(Date, usize)],
    period_keys: &[String],
    fx: &HomeFx,
) -> Option<HomeTotals> {
    let (home, chosen_by) = match q.home {
        Some(c) => (c, "config"),
        None => (
            totals
                .iter()
                .max_by(|a, b| {
                    (a.net_sales.amount_minor, b.currency)
                        .cmp(&(b.net_sales.amount_minor, a.currency))
                })?
                .currency,
            "most_sales",
        ),
    };
    #[derive(Default)]
    struct Src {
        days: i64,
        ecb: i64,
        market: i64,
        rate_min: Option<(i128, i128, String)>,
        rate_max: Option<(i128, i128, String)>,
        net_sales: i64,
        net_sales_home: i64,
    }
    #[derive(Default)]
    struct Gap {
        days: i64,
        first: Option<Date>,
        last: Option<Date>,
        net_sales: i64,
        net_profit: i64,
        reason: String,
    }
    let mut total = Acc::default();
    let mut periods: HashMap<usize, Acc> = HashMap::new();
    let mut srcs: std::collections::BTreeMap<Currency, Src> = Default::default();
    let mut gaps: std::collections::BTreeMap<Currency, Gap> = Default::default();
    // In day order, so that the reason kept for a gap is its first day's.
    let mut daily: Vec<((usize, Currency), Acc)> = daily.into_map().into_iter().collect();
    daily.sort_by_key(|((day, cur), _)| (days.get(*day).map(|d| d.0), *cur));
    for ((day, cur), acc) in daily {
        let Some(&(date, period)) = days.get(day) else {
            continue;
        };
        let quote = if cur == home {
            Ok(None)
        } else if let Some(rate) = fx.market.get(&(date, cur, home)) {
            crate::fx::quote_at_rate(cur, home, rate, date).map(Some)
        } else {
            fx.rates.quote(cur, home, date).map(Some)
        };
        let converted = match &quote {
            Ok(None) => Ok(acc),
            Ok(Some(qt)) => {
                let mut err = None;
                let c = acc.map_amounts(&mut |v| match qt.apply(v) {
                    Ok(c) => Some(c.amount.amount_minor),
                    Err(e) => {
                        err = Some(e);
                        None
                    }
                });
                c.ok_or_else(|| err.map(|e| e.to_string()).unwrap_or_default())
            }
            Err(e) => Err(e.to_string()),
        };
        match converted {
            Ok(c) => {
                total.merge(&c);
                periods.entry(period).or_default().merge(&c);
                let s = srcs.entry(cur).or_default();
                s.days += 1;
                s.net_sales += acc.net_sales();
                s.net_sales_home += c.net_sales();
                if let Ok(Some(qt)) = &quote {
                    match qt.basis {
                        crate::fx::Basis::MarketplaceRate => s.market += 1,
                        _ => s.ecb += 1,
                    }
                    let (n, d) = qt.rate.ratio_parts();
                    let text = qt.rate.to_string();
                    // Compare n/d fractions exactly: n1 * d2 against n2 * d1.
                    if s.rate_min
                        .as_ref()
                        .is_none_or(|(mn, md, _)| n * md < mn * d)
                    {
                        s.rate_min = Some((n, d, text.clone()));
                    }
                    if s.rate_max
                        .as_ref()
                        .is_none_or(|(mn, md, _)| n * md > mn * d)
                    {
                        s.rate_max = Some((n, d, text));
                    }
                }
            }
            Err(reason) => {
                let g = gaps.entry(cur).or_default();
                g.days += 1;
                g.first = Some(g.first.map_or(date, |f| f.min(date)));
                g.last = Some(g.last.map_or(date, |l| l.max(date)));
                g.net_sales += acc.net_sales();
                g.net_profit += acc.net_profit();
                if g.reason.is_empty() {
                    g.reason = reason;
                }
            }
        }
    }
    let ecb = srcs.iter().any(|(c, s)| *c != home && s.ecb > 0);
    let market = srcs.iter().any(|(c, s)| *c != home && s.market > 0);
    let mut basis = match (ecb, market) {
        (false, false) => "same_currency",
        (true, false) => "ecb",
        (false, true) => "marketplace_rate",
        (true, true) => "mixed",
    }
    .to_string();
    if !gaps.is_empty() {
        basis.push_str("_partial");
    }
    let mut by_period: Vec<SalesRow> = periods
        .into_iter()
        .map(|(i, a)| a.row("home_period", period_keys[i].clone(), None, home))
        .collect();
    by_period.sort_by(|a, b| a.key.cmp(&b.key));
    let m = |v: i64, c: Currency| Money::new(v, c);
    Some(HomeTotals {
        currency: home,
        chosen_by,
        basis,
        total: total.row("home_total", "total".into(), None, home),
        by_period,
        sources: srcs
            .into_iter()
            .map(|(c, s)| HomeSource {
                currency: c,
                basis: match (s.ecb > 0, s.market > 0) {
                    (false, false) => "same_currency",
                    (true, false) => "ecb",
                    (false, true) => "marketplace_rate",
                    (true, true) => "mixed",
                },
                days: s.days,
                days_ecb: s.ecb,
                days_marketplace_rate: s.market,
                rate_min: s.rate_min.map(|r| r.2),
                rate_max: s.rate_max.map(|r| r.2),
                net_sales: m(s.net_sales, c),
                net_sales_home: m(s.net_sales_home, home),
            })
            .collect(),
        unconverted: gaps
            .into_iter()
            .map(|(c, g)| UnconvertedFigures {
                currency: c,
                days: g.days,
                first_day: g.first.map(|d| d.to_string()).unwrap_or_default(),
                last_day: g.last.map(|d| d.to_string()).unwrap_or_default(),
                net_sales: m(g.net_sales, c),
                net_profit: m(g.net_profit, c),
                reason: g.reason,
            })
            .collect(),
    })
}

fn product_titles(store: &Store) -> Result<HashMap<String, String>> {
    let mut stmt = store.conn().prepare("SELECT sku, title FROM products")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut out = HashMap::new();
    for r in rows {
        let (k, v) = r?;
        out.insert(k, v);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_keys_and_windows() {
        let d = Date::constant(2025, 1, 1); // a Wednesday
        assert_eq!(Period::Week.key(d), "2024-12-30");
        assert_eq!(Period::Month.key(d), "2025-01");
        assert_eq!(Period::Day.key(d), "2025-01-01");
        assert_eq!(
            Period::Month.default_since(Date::constant(2025, 11, 25)),
            Date::constant(2024, 12, 1)
        );
        assert_eq!(
            Period::Week.default_since(Date::constant(2025, 11, 25)),
            Date::constant(2025, 9, 8)
        );
        assert_eq!(
            Period::Day.default_since(Date::constant(2025, 11, 25)),
            Date::constant(2025, 10, 27)
        );
        assert_eq!(
            Period::Week.next(Date::constant(2024, 12, 30)),
            Date::constant(2025, 1, 6)
        );
    }

    #[test]
    fn a_lots_units_share_its_landed_cost_exactly() {
        let mut lot = Lot {
            received_on: Date::constant(2025, 1, 1),
            quantity: 7,
            unit_cost: 100,
            landed_cost: 1000,
            currency: Currency::USD,
            taken: 0,
        };
        // 1000 over 7 units, taken 2, 1 and 4 at a time: 142+143, 143, 143+143+143+143.
        let parts = [lot.take(2), lot.take(1), lot.take(4)];
        assert_eq!(parts, [200 + 285, 100 + 143, 400 + 572]);
        assert_eq!(parts.iter().sum::<i64>(), 7 * 100 + 1000);
    }

    #[test]
    fn fifo_pieces_convert_and_uncovered_units_take_the_dated_cost() {
        let usd = Currency::USD;
        let eur = Currency::new("EUR").unwrap();
        let rates = crate::fx::Rates::from_rows(&[crate::fx::RateRow {
            day: Date::constant(2025, 6, 27),
            currency: usd,
            per_eur: "1.1700".into(),
        }]);
        let h = vec![(Date::constant(2025, 1, 1), 120, usd)];
        let day = Date::constant(2025, 6, 29);
        // €2.00 from a EUR lot is $2.34 on a USD order; 1 unit past every lot at $1.20.
        let f = FifoCost {
            pieces: vec![(eur, 200), (usd, 50)],
            uncovered: 1,
        };
        assert_eq!(
            fifo_line_cost(&f, Some(&h), day, usd, &rates),
            Some(LineCost {
                amount: 234 + 50 + 120,
                converted: true,
                fifo: true
            })
        );
        // No dated cost for the uncovered unit, or no rate: no cost.
        assert_eq!(fifo_line_cost(&f, None, day, usd, &rates), None);
        let none = crate::fx::Rates::from_rows(&[]);
        assert_eq!(fifo_line_cost(&f, Some(&h), day, usd, &none), None);
    }

    #[test]
    fn cost_in_force_on_a_date() {
        let h = vec![
            (Date::constant(2025, 1, 1), 100, Currency::USD),
            (Date::constant(2025, 6, 1), 120, Currency::USD),
        ];
        let usd = Currency::USD;
        assert_eq!(cost_on(&h, Date::constant(2024, 12, 31)), (100, usd));
        assert_eq!(cost_on(&h, Date::constant(2025, 6, 1)), (120, usd));
        assert_eq!(cost_on(&h, Date::constant(2025, 5, 31)), (100, usd));
        // A USD cost on a EUR order: converted at the day's ECB rate, or no cost without one.
        let eur = Currency::new("EUR").unwrap();
        let rates = crate::fx::Rates::from_rows(&[crate::fx::RateRow {
            day: Date::constant(2025, 6, 27),
            currency: usd,
            per_eur: "1.1700".into(),
        }]);
        // Sunday 29 June carries Friday's rate: 3 × $1.20 = $3.60 = €3.08 (3.60 / 1.17).
        assert_eq!(
            line_cost(&h, Date::constant(2025, 6, 29), 3, eur, &rates),
            Some((308, true))
        );
        assert_eq!(
            line_cost(&h, Date::constant(2025, 6, 29), 3, usd, &rates),
            Some((360, false))
        );
        let none = crate::fx::Rates::from_rows(&[]);
        assert_eq!(
            line_cost(&h, Date::constant(2025, 6, 29), 3, eur, &none),
            None
        );
    }
}
