//! `sellkit report`: profit and loss, by period, channel and SKU.

use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::json;

use crate::agents::brief::{MorningBrief, morning_brief};
use crate::agents::risk::{DemandHook, Thresholds};
use crate::agents::{LlmSettings, Runner};
use crate::cli::{Context, parse_date};
use crate::error::{Error, Result};
use crate::forecast::latest::LatestForecast;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table};
use crate::report::sales::{self, Period, SalesQuery, SalesReport, SalesRow};

/// Profit and loss from your orders, and the agents' morning brief.
///
/// `report sales` shows orders, units, revenue, discounts, shipping charged, marketplace fees,
/// cost of goods, net profit and margin by period, by channel and by SKU. Cancelled and refunded
/// orders are left out; days are UTC.
///
/// `report brief` runs the risk sentinel (stockout inside the lead time, margin under target,
/// price under break-even, competitor undercut, a significant sales drop, inactive listings)
/// and the strategist, and lists the drafts waiting for review. The stockout check uses the
/// latest `sellkit forecast` run's demand over the lead time when there is one, else the
/// average daily sales of the last 28 days in stock. Thresholds: agents.* config keys; the
/// strategist uses llm.base_url when set, else the offline rules.
///
/// Examples:
///   sellkit report
///   sellkit report brief
///   sellkit report brief --json | jq '.findings[] | select(.severity == "high")'
///   sellkit report sales --period week --since 2025-01-01
///   sellkit report sales --channel etsy --top 10
///   sellkit report sales --json | jq '.totals[0].net_profit'
///   sellkit report sales --format csv -o sales.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to report
    #[arg(value_enum, default_value = "sales")]
    pub section: Section,
    /// Group periods by day, week (from Monday) or month [config: report.period]
    #[arg(long, value_enum)]
    pub period: Option<Period>,
    /// First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<Date>,
    /// Last day to include (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only this channel (etsy, shopify, amazon, ebay)
    #[arg(long)]
    pub channel: Option<String>,
    /// Only this SKU
    #[arg(long)]
    pub sku: Option<String>,
    /// Show only the N most profitable SKUs, or N findings in the brief [default: 20 in tables, all otherwise]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write to FILE instead of stdout (written whole, then moved into place)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Section {
    /// P&L by period, channel and SKU
    Sales,
    /// Risk findings, the strategist's priorities and the drafts waiting
    Brief,
}

struct Sales {
    report: SalesReport,
    sku_count: usize,
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

impl Render for Sales {
    fn document(&self) -> serde_json::Value {
        let mut doc = json!({"schema_version": SCHEMA_VERSION, "report": "sales"});
        if let (Some(d), Ok(serde_json::Value::Object(m))) =
            (doc.as_object_mut(), serde_json::to_value(&self.report))
        {
            d.extend(m);
        }
        doc
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let r = &self.report;
        r.totals
            .iter()
            .chain(&r.by_period)
            .chain(&r.by_channel)
            .chain(&r.by_sku)
            .map(|row| serde_json::to_value(row).unwrap_or_default())
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = &self.report;
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
        out.push(Titled {
            title: Some(format!("Sales by {period_name}, {scope}")),
            table: table::build(opts, &with_first((period_name, Align::Left)), period_rows),
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
        let shown = r.by_sku.len();
        out.push(Titled {
            title: Some("By SKU, most profitable first".into()),
            table: table::build(
                opts,
                &with_first(("sku", Align::Left)),
                rows_of(&r.by_sku, &|row| with_cur(row, row.key.clone())),
            ),
            note: (shown < self.sku_count).then(|| {
                format!(
                    "{shown} of {} SKUs shown; --top N for more, --json for all.",
                    self.sku_count
                )
            }),
        });
        out
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.section {
        Section::Sales => run_sales(ctx, &args),
        Section::Brief => run_brief(ctx, &args),
    }
}

struct BriefView {
    b: MorningBrief,
    shown: usize,
}

impl Render for BriefView {
    fn document(&self) -> serde_json::Value {
        let b = &self.b;
        json!({
            "schema_version": SCHEMA_VERSION,
            "report": "brief",
            "headline": b.brief.headline,
            "priorities": b.brief.priorities,
            "confidence_bp": b.brief.confidence_bp,
            "provider": b.brief_provider,
            "model": b.brief_model,
            "findings": b.findings,
            "drafts_waiting": b.drafts_waiting.iter().map(|(k, n)| json!({"kind": k, "count": n})).collect::<Vec<_>>(),
            "drafts_waiting_total": b.drafts_waiting_total,
            "sales": b.sales,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let b = &self.b;
        let mut out: Vec<serde_json::Value> = b
            .brief
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| {
                json!({"record": "priority", "rank": i + 1, "agent": "strategist", "action": p.action,
                       "why": p.why, "skus": p.skus, "confidence_bp": b.brief.confidence_bp})
            })
            .collect();
        out.extend(b.findings.iter().map(|f| {
            let mut v = json!({"record": "finding"});
            if let (Some(o), Ok(serde_json::Value::Object(m))) =
                (v.as_object_mut(), serde_json::to_value(f))
            {
                o.extend(m);
            }
            v
        }));
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let b = &self.b;
        let clean = |s: &str| crate::output::sanitize::one_line(s);
        let priorities = b
            .brief
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| vec![(i + 1).to_string(), clean(&p.action), clean(&p.why)])
            .collect();
        let findings = b
            .findings
            .iter()
            .take(self.shown)
            .map(|f| {
                vec![
                    f.severity.as_str().to_string(),
                    f.kind.to_string(),
                    f.sku.clone(),
                    f.marketplace.clone().unwrap_or_else(|| "-".into()),
                    clean(&f.summary),
                ]
            })
            .collect();
        let waiting = b
            .drafts_waiting
            .iter()
            .map(|(k, n)| vec![k.clone(), table::count(*n)])
            .collect();
        let change = b
            .sales
            .units_change_bp
            .map(|c| format!(" ({:+.1}%)", c as f64 / 100.0))
            .unwrap_or_default();
        vec![
            Titled {
                title: Some(format!(
                    "Brief: {} [{} {}]",
                    clean(&b.brief.headline),
                    b.brief_provider,
                    b.brief_model
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
                    b.sales.since, b.sales.until, b.sales.units, b.sales.units_previous
                )),
            },
            Titled {
                title: Some(format!("Risk findings ({})", b.findings.len())),
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
                note: (self.shown < b.findings.len()).then(|| {
                    format!(
                        "{} of {} findings shown; --top N for more, --json for all.",
                        self.shown,
                        b.findings.len()
                    )
                }),
            },
            Titled {
                title: Some("Drafts waiting".into()),
                table: table::build(
                    opts,
                    &[("kind", Align::Left), ("drafts", Align::Right)],
                    waiting,
                ),
                note: Some(crate::drafts::waiting_line(b.drafts_waiting_total)),
            },
        ]
    }
}

fn run_brief(ctx: &Context, args: &Args) -> Result<()> {
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
    let settings = LlmSettings::from_settings(&ctx.settings)?;
    let runner = Runner::new(settings, &ctx.env_with_llm_key()?)?;
    let thresholds = Thresholds {
        lead_time_days: ctx.settings.get_i64("agents.lead_time_days")?,
        target_margin_bp: ctx.settings.get_i64("agents.target_margin_bp")?,
        undercut_bp: ctx.settings.get_i64("agents.undercut_bp")?,
    };
    let mut store = ctx.open_store()?;
    let now = crate::time::rfc3339(ctx.now);
    let bar = ctx.out.progress();
    // Stockouts inside the lead time use the latest forecast run when there is one.
    let forecast = LatestForecast::load(store.conn(), ctx.today(), thresholds.lead_time_days)?;
    let b = morning_brief(
        &mut store,
        &runner,
        ctx.today(),
        &now,
        &thresholds,
        forecast.as_ref().map(|f| f as &dyn DemandHook),
        &bar,
    )?;
    let is_table = ctx.out.format() == crate::output::Format::Table;
    let shown = args
        .top
        .or(if is_table { Some(20) } else { None })
        .unwrap_or(b.findings.len())
        .min(b.findings.len());
    let view = BriefView { b, shown };
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            ctx.out.write(&view, &mut buf)?;
            crate::fsutil::write_atomic(path, &buf, false)?;
            ctx.out.status(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => ctx.out.print(&view),
    }
}

fn run_sales(ctx: &Context, args: &Args) -> Result<()> {
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
    let until = args.until.unwrap_or_else(|| ctx.today());
    let since = args.since.unwrap_or_else(|| period.default_since(until));
    if since > until {
        return Err(Error::usage(format!(
            "--since {since} is after --until {until}"
        )));
    }
    let store = ctx.open_store()?;
    let q = SalesQuery {
        since,
        until,
        period,
        channel: args.channel.clone(),
        sku: args.sku.clone(),
    };
    let mut report = sales::sales(&store, &q)?;
    let sku_count = report.by_sku.len();
    let is_table = ctx.out.format() == crate::output::Format::Table;
    let top = args.top.or(if is_table { Some(20) } else { None });
    if let Some(n) = top {
        report.by_sku.truncate(n);
    }
    let result = Sales { report, sku_count };
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            ctx.out.write(&result, &mut buf)?;
            crate::fsutil::write_atomic(path, &buf, false)?;
            ctx.out.status(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => ctx.out.print(&result),
    }
}
