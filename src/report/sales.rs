//! P&L: orders, units, revenue, discounts, shipping, fees, cost of goods, net profit and margin,
//! by period, by channel and by SKU.
//!
//! Definitions (also in the README):
//! - revenue: quantity × unit price of the lines (gross item sales, before discounts, without tax);
//! - net sales = revenue − discounts + shipping charged to buyers;
//! - net profit = net sales − marketplace and payment fees − cost of goods;
//! - margin = net profit / net sales, in basis points;
//! - cost of goods: the unit cost in force on the order's date (the latest `product_costs` row on
//!   or before it; the earliest one for older orders), in the order's currency; lines without a
//!   cost are counted in `lines_without_cost`;
//! - cancelled and refunded orders are left out; periods are UTC calendar days, ISO weeks
//!   (starting Monday, keyed by that Monday's date) and months.

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

/// What to report on.
#[derive(Debug, Clone)]
pub struct SalesQuery {
    pub since: Date,
    /// Inclusive.
    pub until: Date,
    pub period: Period,
    pub channel: Option<String>,
    pub sku: Option<String>,
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
    pub cogs: Money,
    pub net_sales: Money,
    pub net_profit: Money,
    pub margin_bp: Option<i64>,
    pub lines_without_cost: i64,
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
    last_order: i64,
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
        self.fees += line.fees;
        match line.cost {
            Some(c) => self.cogs += c,
            None => self.missing_cost += 1,
        }
    }

    fn row(
        &self,
        section: &'static str,
        key: String,
        title: Option<String>,
        currency: Currency,
    ) -> SalesRow {
        let net_sales = self.revenue - self.discounts + self.shipping;
        let net_profit = net_sales - self.fees - self.cogs;
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
            cogs: m(self.cogs),
            net_sales: m(net_sales),
            net_profit: m(net_profit),
            margin_bp: basis_points(net_profit, net_sales),
            lines_without_cost: self.missing_cost,
        }
    }
}

struct Line {
    order_id: i64,
    quantity: i64,
    unit_price: i64,
    discount: i64,
    shipping: i64,
    fees: i64,
    cost: Option<i64>,
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

fn cost_on(history: &History, date: Date, currency: Currency) -> Option<i64> {
    let idx = history.partition_point(|(d, _, _)| *d <= date);
    let (_, cost, cur) = history[idx.saturating_sub(1)];
    (cur == currency).then_some(cost)
}

/// Computes the P&L.
pub fn sales(store: &Store, q: &SalesQuery) -> Result<SalesReport> {
    let costs = load_costs(store)?;
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
    let mut sql = String::from(
        "SELECT o.id, o.ordered_at, o.shop_id, o.currency, l.sku, l.quantity, l.unit_price_minor,
                l.discount_minor, l.shipping_minor, l.fees_minor
         FROM orders o JOIN order_lines l ON l.order_id = o.id
         WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')",
    );
    if q.channel.is_some() {
        sql.push_str(" AND o.shop_id IN (SELECT id FROM shops WHERE channel = ?3)");
    }
    if q.sku.is_some() {
        sql.push_str(if q.channel.is_some() {
            " AND l.sku = ?4"
        } else {
            " AND l.sku = ?3"
        });
    }
    // Lines of one order arrive together (the join walks orders, then each order's lines), so
    // ordering by time alone is enough for the order counts; no sort on the id is needed.
    sql.push_str(" ORDER BY o.ordered_at");
    let since = start_of_day(q.since);
    let until = start_of_day(q.until.tomorrow().unwrap_or(Date::MAX));
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&since, &until];
    if let Some(c) = &q.channel {
        params.push(c);
    }
    if let Some(s) = &q.sku {
        params.push(s);
    }

    let mut period_keys: Vec<String> = Vec::new();
    let mut period_index: HashMap<String, usize> = HashMap::new();
    // Per-line work is the report's hot loop (a year is ~600,000 lines on a large shop): SKUs
    // are hashed once per line with a fast hasher, and accumulators are found by index.
    let mut sku_index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut sku_names: Vec<String> = Vec::new();
    let mut sku_costs: Vec<Option<&History>> = Vec::new();
    let mut totals = Slots::default();
    let mut by_period = Slots::default();
    let mut by_channel = Slots::default();
    let mut by_sku = Slots::default();

    let mut last_day = String::new();
    let mut last_period = 0usize;
    let mut last_date = q.since;
    let mut last_currency_text = String::new();
    let mut currency = Currency::USD;

    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        let ordered_at = r.get_ref(1)?.as_str()?;
        if ordered_at.len() < 10 || ordered_at[..10] != last_day[..] {
            last_day.clear();
            last_day.push_str(&ordered_at[..ordered_at.len().min(10)]);
            last_date = date_prefix(ordered_at).unwrap_or(q.since);
            let key = q.period.key(last_date);
            last_period = match period_index.get(&key) {
                Some(i) => *i,
                None => {
                    period_keys.push(key.clone());
                    period_index.insert(key, period_keys.len() - 1);
                    period_keys.len() - 1
                }
            };
        }
        let cur_text = r.get_ref(3)?.as_str()?;
        if cur_text != last_currency_text {
            currency = Currency::new(cur_text).unwrap_or(Currency::USD);
            last_currency_text = cur_text.to_string();
        }
        let sku = r.get_ref(4)?.as_str()?;
        let sku_idx = match sku_index.get(sku) {
            Some(i) => *i,
            None => {
                sku_names.push(sku.to_string());
                sku_costs.push(costs.get(sku).map(Vec::as_slice));
                sku_index.insert(sku.to_string(), sku_names.len() - 1);
                sku_names.len() - 1
            }
        };
        let quantity: i64 = r.get(5)?;
        let cost = sku_costs[sku_idx]
            .and_then(|h| cost_on(h, last_date, currency))
            .map(|c| c * quantity);
        let line = Line {
            order_id: r.get(0)?,
            quantity,
            unit_price: r.get(6)?,
            discount: r.get(7)?,
            shipping: r.get(8)?,
            fees: r.get(9)?,
            cost,
        };
        let channel = shop_channel.get(&r.get::<_, i64>(2)?).copied().unwrap_or(0);
        totals.get(0, currency).add(&line);
        by_period.get(last_period, currency).add(&line);
        by_channel.get(channel, currency).add(&line);
        by_sku.get(sku_idx, currency).add(&line);
    }

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

    let titles = product_titles(store)?;
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

    Ok(SalesReport {
        period: q.period,
        since: q.since.to_string(),
        until: q.until.to_string(),
        channel: q.channel.clone(),
        sku: q.sku.clone(),
        totals,
        by_period,
        by_channel,
        by_sku,
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
    fn cost_in_force_on_a_date() {
        let h = vec![
            (Date::constant(2025, 1, 1), 100, Currency::USD),
            (Date::constant(2025, 6, 1), 120, Currency::USD),
        ];
        assert_eq!(
            cost_on(&h, Date::constant(2024, 12, 31), Currency::USD),
            Some(100)
        );
        assert_eq!(
            cost_on(&h, Date::constant(2025, 6, 1), Currency::USD),
            Some(120)
        );
        assert_eq!(
            cost_on(&h, Date::constant(2025, 5, 31), Currency::USD),
            Some(100)
        );
        assert_eq!(cost_on(&h, Date::constant(2025, 7, 1), Currency::EUR), None);
    }
}
