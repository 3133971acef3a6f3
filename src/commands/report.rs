//! `sellkit report`: the morning report — profit and loss, inventory health, forecast accuracy
//! and the agents' brief — as tables, JSON, NDJSON, CSV, Markdown or one HTML page.

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::{Value, json};

use crate::agents::brief::morning_brief;
use crate::agents::risk::{DemandHook, Thresholds};
use crate::agents::{LlmSettings, Runner};
use crate::cli::{Context, parse_date};
use crate::error::{Error, Result};
use crate::forecast::latest::LatestForecast;
use crate::output::{Align, Format, Render, SCHEMA_VERSION, TableOpts, Titled, table};
use crate::report::accuracy::{self, AccuracyQuery, AccuracyReport};
use crate::report::inventory::{self, InventoryQuery, InventoryReport, Replenish};
use crate::report::sales::{Period, SalesQuery, SalesRow};
use crate::report::{BriefSection, SalesOverview};

/// The morning report: profit and loss, inventory, forecast accuracy and the agents' brief.
///
/// `report` alone is `report all`: every section below, made for a morning look (or
/// `--format html -o report.html` for one page with charts).
///
/// sales      revenue, discounts, shipping charged, marketplace fees, cost of goods, net profit
///            and margin by period, channel and SKU, against the previous window of equal
///            length; top movers up and down; net sales by ship-to country and region.
/// inventory  days of cover, stockout risk and date, reorder suggestions, dead and aging stock.
///            Demand comes from the latest forecast run when it covers today, else from the
///            average of the last report.demand_days days; each row says which.
/// forecast   the last forecast runs against the units sold since: WAPE, bias and interval
///            coverage per run, overall and per SKU; fan charts in HTML.
/// brief      the risk sentinel's findings, the strategist's priorities (llm.base_url when set,
///            else offline rules) and the drafts waiting for review. Covers the last 28 days:
///            --since/--until/--channel/--sku do not apply to it. Its stockout check uses the
///            latest forecast run's demand over the lead time when there is one.
///
/// Days and periods are UTC calendar days (order times are stored in UTC); weeks start on
/// Monday. Cancelled and refunded orders are left out. Money is exact (integer minor units).
///
/// Formats: --format table|json|ndjson|csv|markdown|html. HTML is one self-contained page
/// (inline CSS and SVG charts, no scripts, reads on a phone, prints cleanly); it is written to
/// -o FILE, or to stdout when stdout is not a terminal.
///
/// Examples:
///   sellkit report
///   sellkit report --format html -o report.html
///   sellkit report sales --period week --since 2025-01-01
///   sellkit report sales --channel etsy --top 10
///   sellkit report sales --json | jq '.totals[0].net_profit'
///   sellkit report inventory --json | jq '.rows[] | select(.status == "stockout_risk")'
///   sellkit report forecast
///   sellkit report brief --json | jq '.findings[] | select(.severity == "high")'
///   sellkit report all --format markdown > report.md
///   sellkit report sales --format csv -o sales.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to report
    #[arg(value_enum, default_value = "all")]
    pub section: Section,
    /// Group periods by day, week (from Monday) or month [config: report.period]
    #[arg(long, value_enum)]
    pub period: Option<Period>,
    /// First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]; for
    /// `forecast`, runs created on or after this day
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<Date>,
    /// Last day to include (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there
    #[arg(long)]
    pub channel: Option<String>,
    /// Only this SKU
    #[arg(long)]
    pub sku: Option<String>,
    /// Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write to FILE instead of stdout (written whole, then moved into place)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Section {
    /// Every section below
    All,
    /// P&L by period, channel and SKU, change against the previous window, movers, places
    Sales,
    /// Days of cover, stockout risk, reorder suggestions, dead and aging stock
    Inventory,
    /// Forecast runs against actual sales
    Forecast,
    /// Risk findings, the strategist's priorities and the drafts waiting
    Brief,
}

impl Section {
    fn name(self) -> &'static str {
        match self {
            Section::All => "all",
            Section::Sales => "sales",
            Section::Inventory => "inventory",
            Section::Forecast => "forecast",
            Section::Brief => "brief",
        }
    }
}

/// Everything the report computed; sections not asked for are `None`.
struct ReportView {
    section: Section,
    as_of: String,
    generated_at: String,
    sales: Option<SalesView>,
    inventory: Option<InventoryReport>,
    accuracy: Option<AccuracyReport>,
    brief: Option<BriefSection>,
    /// Weekly units over the last 12 weeks for the inventory rows that need action.
    inventory_series: HashMap<String, Vec<i64>>,
    /// Rows per list in tables and HTML.
    shown: usize,
}

struct SalesView {
    o: SalesOverview,
    sku_count: usize,
    /// Per-SKU rows shown in tables (and in every format when --top is given).
    shown: usize,
}

fn money_cells(r: &SalesRow) -> Vec<String> {
    vec![
        table::count(r.orders),
        table::count(r.units),
        r.revenue.display(),
        r.discounts.display(),
        r.shipping.display(),
        r.fees.display(),
        r.cogs.display(),
        r.net_profit.display(),
        table::percent(r.margin_bp),
    ]
}

const MONEY_HEADERS: [(&str, Align); 9] = [
    ("orders", Align::Right),
    ("units", Align::Right),
    ("revenue", Align::Right),
    ("discounts", Align::Right),
    ("shipping", Align::Right),
    ("fees", Align::Right),
    ("cogs", Align::Right),
    ("net profit", Align::Right),
    ("margin", Align::Right),
];

fn merge(into: &mut Value, from: Value) {
    if let (Some(d), Value::Object(m)) = (into.as_object_mut(), from) {
        d.extend(m);
    }
}

fn tagged(section: &str, v: Value) -> Value {
    let mut out = json!({"section": section});
    merge(&mut out, v);
    out
}

impl SalesView {
    fn document(&self) -> Value {
        let o = &self.o;
        let mut doc = json!({});
        let mut report = o.report.clone();
        report.by_sku.truncate(self.shown);
        merge(&mut doc, serde_json::to_value(&report).unwrap_or_default());
        merge(
            &mut doc,
            json!({
                "previous": {
                    "since": o.previous.since,
                    "until": o.previous.until,
                    "totals": o.previous.totals,
                },
                "change": o.change,
                "movers_up": o.movers_up,
                "movers_down": o.movers_down,
                "by_country": o.by_country,
                "by_region": o.by_region,
            }),
        );
        doc
    }

    fn records(&self) -> Vec<Value> {
        let r = &self.o.report;
        let mut out: Vec<Value> = r
            .totals
            .iter()
            .chain(&r.by_period)
            .chain(&r.by_channel)
            .chain(r.by_sku.iter().take(self.shown))
            .map(|row| serde_json::to_value(row).unwrap_or_default())
            .collect();
        out.extend(self.o.previous.totals.iter().map(|row| {
            let mut v = serde_json::to_value(row).unwrap_or_default();
            v["section"] = json!("previous_total");
            v
        }));
        out.extend(
            self.o
                .change
                .iter()
                .map(|c| tagged("change", serde_json::to_value(c).unwrap_or_default())),
        );
        for (name, list) in [
            ("mover_up", &self.o.movers_up),
            ("mover_down", &self.o.movers_down),
        ] {
            out.extend(
                list.iter()
                    .map(|m| tagged(name, serde_json::to_value(m).unwrap_or_default())),
            );
        }
        out.extend(
            self.o
                .by_country
                .iter()
                .chain(&self.o.by_region)
                .map(|p| tagged("place", serde_json::to_value(p).unwrap_or_default())),
        );
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = &self.o.report;
        let with_first = |first: (&'static str, Align)| {
            let mut h = vec![first];
            h.extend(MONEY_HEADERS);
            h
        };
        let rows_of =
            |rows: &[SalesRow], label: &dyn Fn(&SalesRow) -> String| -> Vec<Vec<String>> {
                rows.iter()
                    .map(|row| {
                        let mut cells = vec![label(row)];
                        cells.extend(money_cells(row));
                        cells
                    })
                    .collect()
            };
        let multi = r.totals.len() > 1;
        let with_cur = |row: &SalesRow, text: String| {
            if multi {
                format!("{text} ({})", row.currency)
            } else {
                text
            }
        };
        let mut out = Vec::new();
        let period_name = match r.period {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        };
        let mut scope = format!("{} to {}", r.since, r.until);
        if let Some(c) = &r.channel {
            scope.push_str(&format!(", channel {c}"));
        }
        if let Some(s) = &r.sku {
            scope.push_str(&format!(", SKU {s}"));
        }
        let mut period_rows = rows_of(&r.by_period, &|row| with_cur(row, row.key.clone()));
        for t in &r.totals {
            let mut cells = vec![with_cur(t, "total".into())];
            cells.extend(money_cells(t));
            period_rows.push(cells);
        }
        let spark = r
            .totals
            .iter()
            .map(|t| {
                let series = |f: fn(&SalesRow) -> i64| -> Vec<i64> {
                    r.by_period
                        .iter()
                        .filter(|p| p.currency == t.currency)
                        .map(f)
                        .collect()
                };
                format!(
                    "Revenue {} · net profit {}{}",
                    table::sparkline(&series(|p| p.revenue.amount_minor)),
                    table::sparkline(&series(|p| p.net_profit.amount_minor)),
                    if multi {
                        format!(" ({})", t.currency)
                    } else {
                        String::new()
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.push(Titled {
            title: Some(format!("Sales by {period_name}, {scope}")),
            table: table::build(opts, &with_first((period_name, Align::Left)), period_rows),
            note: (!spark.is_empty()).then_some(spark),
        });
        // Against the previous window.
        let change_rows: Vec<Vec<String>> = r
            .totals
            .iter()
            .flat_map(|t| {
                let p = self
                    .o
                    .previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency);
                let c = self.o.change.iter().find(|c| c.currency == t.currency);
                let pct = |v: Option<i64>| match v {
                    Some(bp) => format!(
                        "{}{}",
                        if bp >= 0 { "+" } else { "" },
                        table::percent(Some(bp))
                    ),
                    None => "—".into(),
                };
                let money_row = |name: &str,
                                 now: crate::money::Money,
                                 before: Option<crate::money::Money>,
                                 ch: Option<i64>| {
                    vec![
                        with_cur(t, name.to_string()),
                        now.display(),
                        before.map(|b| b.display()).unwrap_or_else(|| "—".into()),
                        pct(ch),
                    ]
                };
                vec![
                    money_row(
                        "revenue",
                        t.revenue,
                        p.map(|p| p.revenue),
                        c.and_then(|c| c.revenue_change_bp),
                    ),
                    money_row(
                        "discounts",
                        t.discounts,
                        p.map(|p| p.discounts),
                        c.and_then(|c| c.discounts_change_bp),
                    ),
                    money_row(
                        "shipping",
                        t.shipping,
                        p.map(|p| p.shipping),
                        c.and_then(|c| c.shipping_change_bp),
                    ),
                    money_row(
                        "fees",
                        t.fees,
                        p.map(|p| p.fees),
                        c.and_then(|c| c.fees_change_bp),
                    ),
                    money_row(
                        "cogs",
                        t.cogs,
                        p.map(|p| p.cogs),
                        c.and_then(|c| c.cogs_change_bp),
                    ),
                    money_row(
                        "net profit",
                        t.net_profit,
                        p.map(|p| p.net_profit),
                        c.and_then(|c| c.net_profit_change_bp),
                    ),
                    vec![
                        with_cur(t, "margin".into()),
                        table::percent(t.margin_bp),
                        table::percent(p.and_then(|p| p.margin_bp)),
                        c.and_then(|c| c.margin_change_bp)
                            .map(|d| format!("{:+.1} pts", d as f64 / 100.0))
                            .unwrap_or_else(|| "—".into()),
                    ],
                ]
            })
            .collect();
        out.push(Titled {
            title: Some(format!(
                "Against {} to {} (previous window of equal length)",
                self.o.previous.since, self.o.previous.until
            )),
            table: table::build(
                opts,
                &[
                    ("", Align::Left),
                    ("this window", Align::Right),
                    ("previous", Align::Right),
                    ("change", Align::Right),
                ],
                change_rows,
            ),
            note: None,
        });
        out.push(Titled {
            title: Some("By channel".into()),
            table: table::build(
                opts,
                &with_first(("channel", Align::Left)),
                rows_of(&r.by_channel, &|row| with_cur(row, row.key.clone())),
            ),
            note: None,
        });
        let shown = self.shown.min(r.by_sku.len());
        out.push(Titled {
            title: Some("By SKU, most profitable first".into()),
            table: table::build(
                opts,
                &with_first(("sku", Align::Left)),
                rows_of(&r.by_sku[..shown], &|row| with_cur(row, row.key.clone())),
            ),
            note: (shown < self.sku_count).then(|| {
                format!(
                    "{shown} of {} SKUs shown; --top N for more, --json for all.",
                    self.sku_count
                )
            }),
        });
        for (title, list) in [
            (
                "Top movers up (net sales against the previous window)",
                &self.o.movers_up,
            ),
            ("Top movers down", &self.o.movers_down),
        ] {
            let rows = list
                .iter()
                .map(|m| {
                    vec![
                        m.sku.clone(),
                        crate::output::sanitize::one_line(m.title.as_deref().unwrap_or("")),
                        m.net_sales_previous.display(),
                        m.net_sales.display(),
                        m.net_sales_change.display(),
                        format!("{} → {}", m.units_previous, m.units),
                        table::sparkline(
                            self.o
                                .mover_series
                                .get(&m.sku)
                                .map(Vec::as_slice)
                                .unwrap_or(&[]),
                        ),
                    ]
                })
                .collect();
            out.push(Titled {
                title: Some(title.into()),
                table: table::build(
                    opts,
                    &[
                        ("sku", Align::Left),
                        ("title", Align::Left),
                        ("before", Align::Right),
                        ("now", Align::Right),
                        ("change", Align::Right),
                        ("units", Align::Right),
                        ("units by period", Align::Left),
                    ],
                    rows,
                ),
                note: None,
            });
        }
        let countries = self
            .o
            .by_country
            .iter()
            .take(self.shown)
            .map(|p| {
                vec![
                    crate::output::sanitize::one_line(&p.place),
                    table::count(p.orders),
                    table::count(p.units),
                    p.net_sales.display(),
                ]
            })
            .collect();
        out.push(Titled {
            title: Some("Net sales by ship-to country".into()),
            table: table::build(
                opts,
                &[
                    ("country", Align::Left),
                    ("orders", Align::Right),
                    ("units", Align::Right),
                    ("net sales", Align::Right),
                ],
                countries,
            ),
            note: (self.o.by_country.len() > self.shown).then(|| {
                format!(
                    "{} of {} countries shown; by region in --json.",
                    self.shown,
                    self.o.by_country.len()
                )
            }),
        });
        out
    }
}

fn inventory_document(inv: &InventoryReport) -> Value {
    serde_json::to_value(inv).unwrap_or_default()
}

fn inventory_records(inv: &InventoryReport) -> Vec<Value> {
    inv.rows
        .iter()
        .map(|r| tagged("inventory", serde_json::to_value(r).unwrap_or_default()))
        .collect()
}

fn inventory_tables(
    inv: &InventoryReport,
    opts: &TableOpts,
    shown: usize,
    series: &HashMap<String, Vec<i64>>,
) -> Vec<Titled> {
    let basis = match (inv.basis, inv.forecast_run_id) {
        ("forecast", Some(id)) => format!("demand from forecast run {id}"),
        ("mixed", Some(id)) => format!(
            "demand from forecast run {id} ({} SKUs) and the last {} days' average ({} SKUs)",
            inv.skus_on_forecast, inv.demand_days, inv.skus_on_recent_average
        ),
        _ => format!(
            "demand from the last {} days' average (no forecast run covers today)",
            inv.demand_days
        ),
    };
    let c = &inv.counts;
    let money_list = |l: &[crate::money::Money]| {
        if l.is_empty() {
            "—".to_string()
        } else {
            l.iter()
                .map(|m| m.display())
                .collect::<Vec<_>>()
                .join(" + ")
        }
    };
    let summary = table::key_values(
        opts,
        vec![
            ("out of stock".into(), table::count(c.out_of_stock)),
            (
                "stockout risk (within lead time)".into(),
                table::count(c.stockout_risk),
            ),
            ("to reorder".into(), table::count(c.reorder)),
            (
                format!("dead (no sale in {} days)", inv.dead_days),
                table::count(c.dead),
            ),
            (
                format!("aging (over {} days of cover)", inv.aging_cover_days),
                table::count(c.aging),
            ),
            ("ok".into(), table::count(c.ok)),
            ("stock at cost".into(), money_list(&inv.stock_value)),
            (
                "dead stock at cost".into(),
                money_list(&inv.dead_stock_value),
            ),
            (
                "aging stock at cost".into(),
                money_list(&inv.aging_stock_value),
            ),
        ],
    );
    let action: Vec<&inventory::InventoryRow> = inv
        .rows
        .iter()
        .filter(|r| matches!(r.status, "out_of_stock" | "stockout_risk" | "reorder"))
        .collect();
    let rows = action
        .iter()
        .take(shown)
        .map(|r| {
            vec![
                r.sku.clone(),
                r.status.replace('_', " "),
                table::count(r.on_hand),
                table::count(r.inbound),
                format!("{:.2}", r.demand_per_day),
                r.days_of_cover
                    .map(|d| format!("{d:.1}"))
                    .unwrap_or_else(|| "—".into()),
                r.stockout_date.clone().unwrap_or_else(|| "—".into()),
                r.stockout_date_pessimistic
                    .clone()
                    .unwrap_or_else(|| "—".into()),
                table::count(r.order_quantity as i64),
                r.basis.replace('_', " "),
                table::sparkline(series.get(&r.sku).map(Vec::as_slice).unwrap_or(&[])),
            ]
        })
        .collect();
    let idle: Vec<&inventory::InventoryRow> = inv
        .rows
        .iter()
        .filter(|r| matches!(r.status, "dead" | "aging"))
        .collect();
    let idle_rows = idle
        .iter()
        .take(shown)
        .map(|r| {
            vec![
                r.sku.clone(),
                r.status.to_string(),
                table::count(r.on_hand),
                r.last_sold
                    .clone()
                    .unwrap_or_else(|| format!(">{} days", inv.dead_days)),
                r.days_of_cover
                    .map(|d| format!("{d:.0}"))
                    .unwrap_or_else(|| "—".into()),
                r.stock_value
                    .map(|m| m.display())
                    .unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    let more = |n: usize| {
        (n > shown).then(|| format!("{shown} of {n} shown; --top N for more, --json for all."))
    };
    vec![
        Titled {
            title: Some(format!("Inventory as of {}: {basis}", inv.as_of)),
            table: summary,
            note: None,
        },
        Titled {
            title: Some("Stockout risk and reorder suggestions, soonest stockout first".into()),
            table: table::build(
                opts,
                &[
                    ("sku", Align::Left),
                    ("status", Align::Left),
                    ("on hand", Align::Right),
                    ("inbound", Align::Right),
                    ("units/day", Align::Right),
                    ("cover (days)", Align::Right),
                    ("stockout", Align::Left),
                    ("pessimistic", Align::Left),
                    ("order", Align::Right),
                    ("basis", Align::Left),
                    ("last 12 weeks", Align::Left),
                ],
                rows,
            ),
            note: more(action.len()),
        },
        Titled {
            title: Some("Dead and aging stock".into()),
            table: table::build(
                opts,
                &[
                    ("sku", Align::Left),
                    ("status", Align::Left),
                    ("on hand", Align::Right),
                    ("last sold", Align::Left),
                    ("cover (days)", Align::Right),
                    ("value at cost", Align::Right),
                ],
                idle_rows,
            ),
            note: more(idle.len()),
        },
    ]
}

fn accuracy_document(a: &AccuracyReport) -> Value {
    serde_json::to_value(a).unwrap_or_default()
}

fn accuracy_records(a: &AccuracyReport) -> Vec<Value> {
    let mut out: Vec<Value> = a
        .runs
        .iter()
        .map(|r| tagged("forecast_run", serde_json::to_value(r).unwrap_or_default()))
        .collect();
    out.push(tagged(
        "forecast_overall",
        serde_json::to_value(&a.overall).unwrap_or_default(),
    ));
    out.extend(
        a.by_sku
            .iter()
            .map(|s| tagged("forecast_sku", serde_json::to_value(s).unwrap_or_default())),
    );
    out
}

fn accuracy_tables(a: &AccuracyReport, opts: &TableOpts, shown: usize) -> Vec<Titled> {
    let p = |v: Option<i64>| table::percent(v);
    let runs = a
        .runs
        .iter()
        .map(|r| {
            vec![
                r.run_id.to_string(),
                r.created_at.clone(),
                r.freq.to_string(),
                table::count(r.skus),
                table::count(r.scores.periods_evaluated),
                table::count(r.scores.periods_censored),
                format!("{:.0}", r.scores.forecast_units),
                table::count(r.scores.actual_units),
                p(r.scores.wape_bp),
                p(r.scores.bias_bp),
                p(r.scores.coverage_80_bp),
                p(r.scores.coverage_95_bp),
            ]
        })
        .collect();
    let o = &a.overall;
    let note = if a.runs.is_empty() {
        "No forecast run yet: run `sellkit forecast`.".to_string()
    } else {
        format!(
            "Overall: {} of {} ended periods evaluated ({} with a stockout left out); WAPE {}, bias {}, 80% interval held {}, 95% held {}.",
            o.periods_evaluated,
            o.periods_due,
            o.periods_censored,
            p(o.wape_bp),
            p(o.bias_bp),
            p(o.coverage_80_bp),
            p(o.coverage_95_bp)
        )
    };
    let skus = a
        .by_sku
        .iter()
        .take(shown)
        .map(|s| {
            vec![
                s.sku.clone(),
                table::count(s.scores.periods_evaluated),
                format!("{:.1}", s.scores.forecast_units),
                table::count(s.scores.actual_units),
                s.scores
                    .mae
                    .map(|m| format!("{m:.2}"))
                    .unwrap_or_else(|| "—".into()),
                p(s.scores.wape_bp),
                p(s.scores.bias_bp),
                p(s.scores.coverage_80_bp),
            ]
        })
        .collect();
    vec![
        Titled {
            title: Some("Forecast runs against actual sales".into()),
            table: table::build(
                opts,
                &[
                    ("run", Align::Right),
                    ("created", Align::Left),
                    ("freq", Align::Left),
                    ("skus", Align::Right),
                    ("periods", Align::Right),
                    ("stockout", Align::Right),
                    ("forecast", Align::Right),
                    ("actual", Align::Right),
                    ("WAPE", Align::Right),
                    ("bias", Align::Right),
                    ("80% held", Align::Right),
                    ("95% held", Align::Right),
                ],
                runs,
            ),
            note: Some(note),
        },
        Titled {
            title: Some(match a.by_sku_run_id {
                Some(id) => format!("Least accurate SKUs, run {id}"),
                None => "Least accurate SKUs (no forecast period has ended yet)".into(),
            }),
            table: table::build(
                opts,
                &[
                    ("sku", Align::Left),
                    ("periods", Align::Right),
                    ("forecast", Align::Right),
                    ("actual", Align::Right),
                    ("MAE", Align::Right),
                    ("WAPE", Align::Right),
                    ("bias", Align::Right),
                    ("80% held", Align::Right),
                ],
                skus,
            ),
            note: (a.by_sku.len() > shown).then(|| {
                format!(
                    "{shown} of {} SKUs shown; --top N for more, --json for all.",
                    a.by_sku.len()
                )
            }),
        },
    ]
}

fn brief_document(b: &BriefSection) -> Value {
    let mb = &b.brief;
    json!({
        "headline": mb.brief.headline,
        "priorities": mb.brief.priorities,
        "confidence_bp": mb.brief.confidence_bp,
        "provider": mb.brief_provider,
        "model": mb.brief_model,
        "findings": mb.findings,
        "drafts_waiting": mb.drafts_waiting.iter().map(|(k, n)| json!({"kind": k, "count": n})).collect::<Vec<_>>(),
        "drafts_waiting_total": mb.drafts_waiting_total,
        "drafts": b.drafts,
        "sales": mb.sales,
    })
}

fn brief_records(b: &BriefSection) -> Vec<Value> {
    let mb = &b.brief;
    let mut out: Vec<Value> = mb
        .brief
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({"record": "priority", "rank": i + 1, "agent": "strategist", "action": p.action,
                   "why": p.why, "skus": p.skus, "confidence_bp": mb.brief.confidence_bp})
        })
        .collect();
    out.extend(mb.findings.iter().map(|f| {
        let mut v = json!({"record": "finding"});
        merge(&mut v, serde_json::to_value(f).unwrap_or_default());
        v
    }));
    out.extend(b.drafts.iter().map(|d| {
        let mut v = json!({"record": "draft"});
        merge(&mut v, serde_json::to_value(d).unwrap_or_default());
        v
    }));
    out
}

fn brief_tables(b: &BriefSection, opts: &TableOpts, shown: usize) -> Vec<Titled> {
    let mb = &b.brief;
    let clean = |s: &str| crate::output::sanitize::one_line(s);
    let priorities = mb
        .brief
        .priorities
        .iter()
        .enumerate()
        .map(|(i, p)| vec![(i + 1).to_string(), clean(&p.action), clean(&p.why)])
        .collect();
    let findings = mb
        .findings
        .iter()
        .take(shown)
        .map(|f| {
            vec![
                f.severity.as_str().to_string(),
                f.kind.to_string(),
                clean(&f.sku),
                f.marketplace.clone().unwrap_or_else(|| "-".into()),
                clean(&f.summary),
            ]
        })
        .collect();
    let drafts = b
        .drafts
        .iter()
        .take(shown)
        .map(|d| {
            vec![
                d.id.to_string(),
                d.kind.clone(),
                d.marketplace.clone(),
                clean(d.sku.as_deref().unwrap_or("-")),
                d.agent.clone(),
                clean(&d.rationale),
            ]
        })
        .collect();
    let change = mb
        .sales
        .units_change_bp
        .map(|c| format!(" ({:+.1}%)", c as f64 / 100.0))
        .unwrap_or_default();
    vec![
        Titled {
            title: Some(format!(
                "Brief: {} [{} {}]",
                clean(&mb.brief.headline),
                mb.brief_provider,
                mb.brief_model
            )),
            table: table::build(
                opts,
                &[
                    ("#", Align::Right),
                    ("action", Align::Left),
                    ("why", Align::Left),
                ],
                priorities,
            ),
            note: Some(format!(
                "Units sold {} to {}: {} against {} the 28 days before{change}.",
                mb.sales.since, mb.sales.until, mb.sales.units, mb.sales.units_previous
            )),
        },
        Titled {
            title: Some(format!("Risk findings ({})", mb.findings.len())),
            table: table::build(
                opts,
                &[
                    ("severity", Align::Left),
                    ("kind", Align::Left),
                    ("sku", Align::Left),
                    ("marketplace", Align::Left),
                    ("summary", Align::Left),
                ],
                findings,
            ),
            note: (shown < mb.findings.len()).then(|| {
                format!(
                    "{} of {} findings shown; --top N for more, --json for all.",
                    shown,
                    mb.findings.len()
                )
            }),
        },
        Titled {
            title: Some(format!(
                "Drafts waiting for review ({})",
                mb.drafts_waiting_total
            )),
            table: table::build(
                opts,
                &[
                    ("id", Align::Right),
                    ("kind", Align::Left),
                    ("marketplace", Align::Left),
                    ("sku", Align::Left),
                    ("agent", Align::Left),
                    ("rationale", Align::Left),
                ],
                drafts,
            ),
            note: Some(crate::drafts::waiting_line(mb.drafts_waiting_total)),
        },
    ]
}

impl Render for ReportView {
    fn document(&self) -> Value {
        let mut doc = json!({"schema_version": SCHEMA_VERSION, "report": self.section.name()});
        let sections: Vec<(&str, Value)> = [
            self.sales.as_ref().map(|s| ("sales", s.document())),
            self.inventory
                .as_ref()
                .map(|i| ("inventory", inventory_document(i))),
            self.accuracy
                .as_ref()
                .map(|a| ("forecast", accuracy_document(a))),
            self.brief.as_ref().map(|b| ("brief", brief_document(b))),
        ]
        .into_iter()
        .flatten()
        .collect();
        if self.section == Section::All {
            doc["as_of"] = json!(self.as_of);
            for (name, v) in sections {
                doc[name] = v;
            }
        } else {
            for (_, v) in sections {
                merge(&mut doc, v);
            }
        }
        doc
    }

    fn records(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let all = self.section == Section::All;
        let mut push = |name: &str, list: Vec<Value>| {
            if all {
                out.extend(list.into_iter().map(|mut v| {
                    let mut head = json!({"report": name});
                    merge(&mut head, std::mem::take(&mut v));
                    head
                }));
            } else {
                out.extend(list);
            }
        };
        if let Some(s) = &self.sales {
            push("sales", s.records());
        }
        if let Some(i) = &self.inventory {
            push("inventory", inventory_records(i));
        }
        if let Some(a) = &self.accuracy {
            push("forecast", accuracy_records(a));
        }
        if let Some(b) = &self.brief {
            push("brief", brief_records(b));
        }
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let mut out = Vec::new();
        if let Some(s) = &self.sales {
            out.extend(s.tables(opts));
        }
        if let Some(i) = &self.inventory {
            out.extend(inventory_tables(
                i,
                opts,
                self.shown,
                &self.inventory_series,
            ));
        }
        if let Some(a) = &self.accuracy {
            out.extend(accuracy_tables(a, opts, self.shown));
        }
        if let Some(b) = &self.brief {
            out.extend(brief_tables(b, opts, self.shown));
        }
        out
    }

    fn html(&self) -> String {
        crate::report::html::render(&crate::report::html::Page {
            as_of: self.as_of.clone(),
            generated_at: self.generated_at.clone(),
            sales: self.sales.as_ref().map(|s| &s.o),
            inventory: self.inventory.as_ref(),
            accuracy: self.accuracy.as_ref(),
            brief: self.brief.as_ref(),
        })
    }
}

fn emit(ctx: &Context, args: &Args, view: &ReportView) -> Result<()> {
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            ctx.out.write(view, &mut buf)?;
            crate::fsutil::write_atomic(path, &buf, false)?;
            ctx.out.status(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => ctx.out.print(view),
    }
}

fn setting_days(ctx: &Context, key: &str) -> Result<i64> {
    ctx.settings.get_i64(key)
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let section = args.section;
    let want = |s: Section| section == Section::All || section == s;
    if section == Section::Brief {
        for (given, flag) in [
            (args.period.is_some(), "--period"),
            (args.since.is_some(), "--since"),
            (args.until.is_some(), "--until"),
            (args.channel.is_some(), "--channel"),
            (args.sku.is_some(), "--sku"),
        ] {
            if given {
                return Err(Error::usage(format!(
                    "{flag} applies to `report sales` only; `report brief` covers the last 28 days"
                )));
            }
        }
    }
    if section == Section::Inventory {
        for (given, flag) in [
            (args.period.is_some(), "--period"),
            (args.since.is_some(), "--since"),
            (args.until.is_some(), "--until"),
        ] {
            if given {
                return Err(Error::usage(format!(
                    "{flag} does not apply to `report inventory`: it is a snapshot as of today"
                )));
            }
        }
    }
    if section == Section::Forecast {
        for (given, flag) in [
            (args.period.is_some(), "--period"),
            (args.channel.is_some(), "--channel"),
        ] {
            if given {
                return Err(Error::usage(format!(
                    "{flag} does not apply to `report forecast`: forecasts are per SKU over all channels, in the run's own periods"
                )));
            }
        }
    }
    let period = match args.period {
        Some(p) => p,
        None => {
            let text = ctx
                .settings
                .get_text("report.period")?
                .unwrap_or_else(|| "month".into());
            Period::parse(&text).unwrap_or(Period::Month)
        }
    };
    let today = ctx.today();
    let until = args.until.unwrap_or(today);
    let since = args.since.unwrap_or_else(|| period.default_since(until));
    if since > until {
        return Err(Error::usage(format!(
            "--since {since} is after --until {until}"
        )));
    }
    let is_list_format = matches!(
        ctx.out.format(),
        Format::Json | Format::Ndjson | Format::Csv
    );
    let shown = args.top.unwrap_or(20);
    let mut store = ctx.open_store()?;
    let path = ctx.settings.db_path.0.clone();
    let open = move || crate::store::Store::open_existing(&path);

    // Settings first (they can fail with a clear message), then the sections side by side:
    // sales and inventory/forecast on their own connections, the brief (which records its
    // agent runs) on this one.
    let inventory_query = if want(Section::Inventory) {
        let base = super::forecast::default_policy(ctx)?;
        let to_replenish = |p: super::forecast::SkuPolicy| Replenish {
            lead_time_days: p.lead_time_days,
            review_days: p.review_days,
            service_level_bp: p.service_level_bp,
            moq: p.moq,
            case_pack: p.case_pack,
        };
        let overrides = super::forecast::sku_policies(ctx, base)?
            .into_iter()
            .map(|(k, v)| (k, to_replenish(v)))
            .collect();
        Some(InventoryQuery {
            today,
            sku: args.sku.clone(),
            channel: args.channel.clone(),
            demand_days: setting_days(ctx, "report.demand_days")?,
            dead_days: setting_days(ctx, "report.dead_days")?,
            aging_cover_days: setting_days(ctx, "report.aging_cover_days")?,
            default: to_replenish(base),
            overrides,
        })
    } else {
        None
    };
    let accuracy_query = want(Section::Forecast).then(|| AccuracyQuery {
        today,
        sku: args.sku.clone(),
        since: if section == Section::Forecast {
            args.since
        } else {
            None
        },
        until: if section == Section::Forecast {
            args.until
        } else {
            None
        },
        runs: 5,
        fan_skus: 4,
    });
    let sales_query = want(Section::Sales).then(|| SalesQuery {
        since,
        until,
        period,
        channel: args.channel.clone(),
        sku: args.sku.clone(),
    });
    let brief_runner = if want(Section::Brief) {
        let settings = LlmSettings::from_settings(&ctx.settings)?;
        let thresholds = Thresholds {
            lead_time_days: ctx.settings.get_i64("agents.lead_time_days")?,
            target_margin_bp: ctx.settings.get_i64("agents.target_margin_bp")?,
            undercut_bp: ctx.settings.get_i64("agents.undercut_bp")?,
        };
        Some((Runner::new(settings, &ctx.env_with_llm_key()?)?, thresholds))
    } else {
        None
    };
    let format = ctx.out.format();
    let movers = args.top.unwrap_or(5).min(shown);
    let (sales, stock, brief) = std::thread::scope(|s| {
        let sales = s.spawn(|| {
            sales_query
                .as_ref()
                .map(|q| crate::report::sales_overview(&open, q, movers))
                .transpose()
        });
        let stock = s.spawn(|| -> Result<_> {
            let store = open()?;
            let inventory = inventory_query
                .as_ref()
                .map(|q| inventory::inventory(&store, q))
                .transpose()?;
            let series = match (&inventory, format) {
                (Some(inv), Format::Table | Format::Markdown) => {
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
                    crate::report::units_series(
                        &store,
                        &skus,
                        Period::Week,
                        Period::Week.next(Period::Week.start(from)),
                        today.yesterday().unwrap_or(today),
                        None,
                    )?
                }
                _ => HashMap::new(),
            };
            let accuracy = accuracy_query
                .as_ref()
                .map(|q| accuracy::accuracy(&store, q))
                .transpose()?;
            Ok((inventory, series, accuracy))
        });
        let brief = match &brief_runner {
            Some((runner, thresholds)) => {
                let now = crate::time::rfc3339(ctx.now);
                let bar = ctx.out.progress();
                // Stockouts inside the lead time use the latest forecast run when there is one.
                LatestForecast::load(store.conn(), today, thresholds.lead_time_days)
                    .and_then(|forecast| {
                        morning_brief(
                            &mut store,
                            runner,
                            today,
                            &now,
                            thresholds,
                            forecast.as_ref().map(|f| f as &dyn DemandHook),
                            &bar,
                        )
                    })
                    .and_then(|b| {
                        let limit = if is_list_format { 10_000 } else { shown };
                        let drafts = crate::report::pending_drafts(&store, limit)?;
                        Ok(Some(BriefSection { brief: b, drafts }))
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
    let brief = brief?;
    let sales = sales?.map(|o| {
        let sku_count = o.report.by_sku.len();
        let rows = match args.top {
            Some(n) => n,
            None if is_list_format => usize::MAX,
            None => 20,
        };
        SalesView {
            o,
            sku_count,
            shown: rows,
        }
    });

    let view = ReportView {
        section,
        as_of: today.to_string(),
        generated_at: crate::time::rfc3339(ctx.now),
        sales,
        inventory,
        accuracy,
        brief,
        inventory_series,
        shown: if is_list_format {
            args.top.unwrap_or(usize::MAX)
        } else {
            shown
        },
    };
    emit(ctx, &args, &view)
}
