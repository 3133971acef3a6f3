//! Reports over the store. They compute typed results; every rendering (terminal, Markdown,
//! JSON, NDJSON, CSV, the HTML page) is in `commands::report`, one file per section.
//!
//! Periods and days are UTC calendar days (order timestamps are stored in UTC); weeks start on
//! Monday.

pub mod accuracy;
pub mod compare;
pub mod inventory;
pub mod money;
pub mod payouts;
pub mod sales;

use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::money::{Currency, Money};
use crate::store::Store;
use crate::time::start_of_day;

/// Sales by ship-to place.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PlaceRow {
    /// `country` or `region`.
    pub level: &'static str,
    /// ISO country code, or `Region, CC`; `(unknown)` when the order has none.
    pub place: String,
    pub currency: Currency,
    pub orders: i64,
    pub units: i64,
    /// Item sales less discounts plus shipping charged (as `net_sales` in the P&L).
    pub net_sales: Money,
}

/// Net sales by ship-to country and by region, largest first, from the groups a sales scan
/// filled.
fn place_rows(places: sales::Places) -> (Vec<PlaceRow>, Vec<PlaceRow>) {
    let groups = places.groups;
    let mut countries: Vec<PlaceRow> = Vec::new();
    let mut regions: Vec<PlaceRow> = Vec::new();
    let add = |list: &mut Vec<PlaceRow>,
               level: &'static str,
               place: String,
               cur: Currency,
               o: i64,
               u: i64,
               ns: i64| {
        match list
            .iter_mut()
            .find(|p| p.place == place && p.currency == cur)
        {
            Some(p) => {
                // An order has one ship-to place, so order counts add up across groups.
                p.orders += o;
                p.units += u;
                p.net_sales.amount_minor += ns;
            }
            None => list.push(PlaceRow {
                level,
                place,
                currency: cur,
                orders: o,
                units: u,
                net_sales: Money::new(ns, cur),
            }),
        }
    };
    for ((country, region, cur), [o, u, ns]) in groups {
        let Ok(currency) = Currency::new(&cur) else {
            continue;
        };
        add(&mut countries, "country", country, currency, o, u, ns);
        add(&mut regions, "region", region, currency, o, u, ns);
    }
    for list in [&mut countries, &mut regions] {
        list.sort_by(|a, b| {
            (a.currency, b.net_sales.amount_minor, &a.place).cmp(&(
                b.currency,
                a.net_sales.amount_minor,
                &b.place,
            ))
        });
    }
    (countries, regions)
}

/// A draft waiting for review.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PendingDraft {
    pub id: i64,
    pub kind: String,
    pub marketplace: String,
    pub sku: Option<String>,
    pub agent: String,
    pub confidence_bp: Option<i64>,
    /// Untrusted (agent output): escape before display.
    pub rationale: String,
    pub created_at: String,
}

/// The oldest `limit` drafts with status `pending`.
pub fn pending_drafts(store: &Store, limit: usize) -> Result<Vec<PendingDraft>> {
    let mut stmt = store.conn().prepare(
        "SELECT id, kind, marketplace, sku, agent, confidence_bp, rationale, created_at
           FROM drafts WHERE status = 'pending' ORDER BY created_at, id LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit as i64], |r| {
        Ok(PendingDraft {
            id: r.get(0)?,
            kind: r.get(1)?,
            marketplace: r.get(2)?,
            sku: r.get(3)?,
            agent: r.get(4)?,
            confidence_bp: r.get(5)?,
            rationale: r.get(6)?,
            created_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Units sold per period for some SKUs over `[since, until]`, one value per period of the
/// window (zeros included), for sparklines.
pub fn units_series(
    store: &Store,
    skus: &[String],
    period: sales::Period,
    since: Date,
    until: Date,
    channel: Option<&str>,
) -> Result<std::collections::HashMap<String, Vec<i64>>> {
    let mut starts = Vec::new();
    let mut s = period.start(since);
    while s <= until {
        starts.push(s);
        s = period.next(s);
    }
    let mut out: std::collections::HashMap<String, Vec<i64>> = skus
        .iter()
        .map(|k| (k.clone(), vec![0; starts.len()]))
        .collect();
    if skus.is_empty() || starts.is_empty() {
        return Ok(out);
    }
    let list = serde_json::to_string(skus).unwrap_or_else(|_| "[]".into());
    // `+o.ordered_at` keeps SQLite on the SKU index: a few SKUs, not every order of the window.
    let mut stmt = store.conn().prepare(
        "SELECT l.sku, substr(o.ordered_at, 1, 10) AS day, SUM(l.quantity)
           FROM orders o JOIN order_lines l ON l.order_id = o.id
          WHERE +o.ordered_at >= ?1 AND +o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')
            AND l.sku IN (SELECT value FROM json_each(?3))
            AND (?4 IS NULL OR o.shop_id IN (SELECT id FROM shops WHERE channel = ?4))
          GROUP BY l.sku, day",
    )?;
    let end = until.tomorrow().unwrap_or(Date::MAX);
    let mut rows = stmt.query(params![
        start_of_day(since),
        start_of_day(end),
        list,
        channel
    ])?;
    while let Some(r) = rows.next()? {
        let sku: String = r.get(0)?;
        let Ok(day) = r.get::<_, String>(1)?.parse::<Date>() else {
            continue;
        };
        let i = starts.partition_point(|s| *s <= day).saturating_sub(1);
        if let Some(v) = out.get_mut(&sku) {
            v[i] += r.get::<_, i64>(2)?;
        }
    }
    Ok(out)
}

/// `report sales`: the P&L, the previous window of equal length, movers and places.
#[derive(Debug, Clone)]
pub struct SalesOverview {
    /// The P&L; `by_sku` holds every SKU (the command trims it for display).
    pub report: sales::SalesReport,
    pub previous: sales::SalesReport,
    pub change: Vec<compare::TotalsChange>,
    pub movers_up: Vec<compare::Mover>,
    pub movers_down: Vec<compare::Mover>,
    pub by_country: Vec<PlaceRow>,
    pub by_region: Vec<PlaceRow>,
    /// Units per period for the movers, for sparklines.
    pub mover_series: std::collections::HashMap<String, Vec<i64>>,
    /// Payouts against profit, ad spend, the fee estimate's error; `None` for a SKU.
    pub money: Option<money::MoneyOverview>,
}

/// Tunes a connection for the large reads of a report: the file memory-mapped (no read call
/// and copy per page), a larger page cache and temporary b-trees in memory. These pragmas
/// last as long as the connection and change nothing in the database.
pub(crate) fn tune_for_reading(store: &Store) -> Result<()> {
    store.conn().execute_batch(
        "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768; PRAGMA temp_store = MEMORY;",
    )?;
    Ok(())
}

/// Opens a connection to the store; passes that run side by side each get their own.
pub type Opener<'a> = &'a (dyn Fn() -> Result<Store> + Sync);

/// Builds the sales overview: the P&L of this window and of the one before, and the places of
/// this one, with each order line read once.
pub fn sales_overview(open: Opener, q: &sales::SalesQuery, movers: usize) -> Result<SalesOverview> {
    let (prev_since, prev_until) = compare::previous_window(q.since, q.until);
    let prev_q = sales::SalesQuery {
        since: prev_since,
        until: prev_until,
        ..q.clone()
    };
    // The ledger's money per order, read once for both windows.
    let ledger = {
        let store = open()?;
        tune_for_reading(&store)?;
        sales::order_ledger(store.conn())?
    };
    let ledger = &ledger;
    // The two windows side by side, each on its own connection (SQLite in WAL mode has
    // concurrent readers): the previous one on a thread, this one and its places here.
    let (previous, current) = std::thread::scope(|s| {
        let previous = s.spawn(|| -> Result<sales::SalesReport> {
            let store = open()?;
            tune_for_reading(&store)?;
            let (mut reports, _) = sales::scan(&store, &[&prev_q], None, ledger)?;
            Ok(reports.remove(0))
        });
        let current = open().and_then(|store| {
            tune_for_reading(&store)?;
            let (mut reports, places) = sales::scan(&store, &[q], Some(0), ledger)?;
            Ok((store, reports.remove(0), places))
        });
        (
            previous
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            current,
        )
    });
    let (store, report, places) = current?;
    let previous = previous?;
    let (by_country, by_region) = place_rows(places.unwrap_or_default());
    let change = compare::totals_change(&report.totals, &previous.totals);
    let (movers_up, movers_down) = compare::movers(&report, &previous, movers);
    let mover_skus: Vec<String> = movers_up
        .iter()
        .chain(&movers_down)
        .map(|m| m.sku.clone())
        .collect();
    let mover_series = units_series(
        &store,
        &mover_skus,
        q.period,
        prev_since,
        q.until,
        q.channel.as_deref(),
    )?;
    let money = money::money(store.conn(), &report)?;
    Ok(SalesOverview {
        report,
        previous,
        change,
        movers_up,
        movers_down,
        by_country,
        by_region,
        mover_series,
        money,
    })
}

/// `report brief`: the agents' morning brief and the drafts waiting.
#[derive(Debug, Clone)]
pub struct BriefSection {
    pub brief: crate::agents::brief::MorningBrief,
    pub drafts: Vec<PendingDraft>,
}

/// What the morning report asks for; a section left `None` is not computed.
pub struct MorningQuery<'a> {
    pub today: Date,
    pub sales: Option<sales::SalesQuery>,
    /// Movers up and down to list.
    pub movers: usize,
    pub inventory: Option<inventory::InventoryQuery>,
    /// Weekly units of the last 12 weeks for this many of the inventory rows that need action
    /// (sparklines in terminal tables); `None` for none.
    pub sparkline_skus: Option<usize>,
    pub accuracy: Option<accuracy::AccuracyQuery>,
    pub brief: Option<MorningBrief<'a>>,
}

/// How the brief is made: the strategist's runner, the risk thresholds, the time it is recorded
/// at, and how many pending drafts it lists.
pub struct MorningBrief<'a> {
    pub runner: &'a crate::agents::Runner,
    pub thresholds: &'a crate::agents::risk::Thresholds,
    pub now: &'a str,
    pub drafts_limit: usize,
}

/// The morning report's sections, each computed once.
pub struct Morning {
    pub sales: Option<SalesOverview>,
    pub inventory: Option<inventory::InventoryReport>,
    pub inventory_series: std::collections::HashMap<String, Vec<i64>>,
    pub accuracy: Option<accuracy::AccuracyReport>,
    pub brief: Option<BriefSection>,
}

/// Computes the asked-for sections side by side: sales, and inventory with the forecast
/// accuracy, each on their own connection from `open` (SQLite in WAL mode has concurrent
/// readers); the brief, which records its agent runs, on `store`.
pub fn morning(
    store: &mut Store,
    open: Opener,
    q: &MorningQuery,
    progress: &dyn crate::progress::Progress,
) -> Result<Morning> {
    use crate::forecast::demand::Demand;
    let today = q.today;
    let (sales, stock, brief) = std::thread::scope(|s| {
        let sales = s.spawn(|| {
            q.sales
                .as_ref()
                .map(|sq| sales_overview(open, sq, q.movers))
                .transpose()
        });
        let stock = s.spawn(|| -> Result<_> {
            let store = open()?;
            let inventory = q
                .inventory
                .as_ref()
                .map(|iq| inventory::inventory(&store, iq))
                .transpose()?;
            let series = match (&inventory, q.sparkline_skus) {
                (Some(inv), Some(shown)) => {
                    let skus: Vec<String> = inv
                        .rows
                        .iter()
                        .filter(|r| {
                            matches!(r.status, "out_of_stock" | "stockout_risk" | "reorder")
                        })
                        .take(shown)
                        .map(|r| r.sku.clone())
                        .collect();
                    let from = today
                        .checked_sub(jiff::Span::new().weeks(12))
                        .unwrap_or(today);
                    units_series(
                        &store,
                        &skus,
                        sales::Period::Week,
                        sales::Period::Week.next(sales::Period::Week.start(from)),
                        today.yesterday().unwrap_or(today),
                        None,
                    )?
                }
                _ => std::collections::HashMap::new(),
            };
            let accuracy = q
                .accuracy
                .as_ref()
                .map(|aq| accuracy::accuracy(&store, aq))
                .transpose()?;
            Ok((inventory, series, accuracy))
        });
        let brief = match &q.brief {
            Some(b) => {
                // Stockouts inside the lead time use the latest forecast run when there is one.
                crate::forecast::latest::LatestForecast::load(
                    store.conn(),
                    today,
                    b.thresholds.lead_time_days,
                )
                .and_then(|forecast| {
                    crate::agents::brief::morning_brief(
                        store,
                        b.runner,
                        today,
                        b.now,
                        b.thresholds,
                        forecast.as_ref().map(|f| f as &dyn Demand),
                        progress,
                    )
                })
                .and_then(|mb| {
                    let drafts = pending_drafts(store, b.drafts_limit)?;
                    Ok(Some(BriefSection { brief: mb, drafts }))
                })
            }
            None => Ok(None),
        };
        (
            sales
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            stock
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            brief,
        )
    });
    let (inventory, inventory_series, accuracy) = stock?;
    Ok(Morning {
        sales: sales?,
        inventory,
        inventory_series,
        accuracy,
        brief: brief?,
    })
}
