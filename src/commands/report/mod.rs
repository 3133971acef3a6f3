//! `sellkit report`: the morning report — profit and loss, inventory health, forecast accuracy
//! and the agents' brief — as tables, JSON, NDJSON, CSV, Markdown or one HTML page.

mod brief;
mod forecast;
mod inventory;
mod payouts;
mod sales;
mod wire;

use std::fmt::Write as _;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

use crate::agents::risk::Thresholds;
use crate::agents::{LlmSettings, Runner};
use crate::cli::{Context, parse_date};
use crate::error::{Error, Result};
use crate::output::html::{escape, page};
use crate::output::{Format, Render, SCHEMA_VERSION, TableOpts, Titled, to_json};
use crate::report::accuracy::AccuracyQuery;
use crate::report::inventory::{InventoryQuery, Replenish};
use crate::report::sales::{CostMethod, Period, SalesQuery};
use crate::report::{Morning, MorningBrief, MorningQuery};
use brief::BriefView;
use forecast::ForecastView;
use inventory::InventoryView;
use sales::SalesView;

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
#[command(verbatim_doc_comment, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub section: Option<SectionCommand>,
    /// `report` alone: every section, with these flags.
    #[command(flatten)]
    pub all: SalesArgs,
}

#[derive(Debug, clap::Subcommand)]
pub enum SectionCommand {
    /// Every section below (the default)
    All(SalesArgs),
    /// P&L by period, channel and SKU, change against the previous window, movers, places
    ///
    /// Revenue, discounts, shipping charged, marketplace fees, cost of goods, net profit and
    /// margin by period, channel and SKU, against the previous window of equal length; top
    /// movers up and down; net sales by ship-to country and region.
    Sales(SalesArgs),
    /// Days of cover, stockout risk, reorder suggestions, dead and aging stock
    ///
    /// A snapshot as of today. Demand comes from the latest forecast run when it covers today,
    /// else from the average of the last report.demand_days days; each row says which.
    Inventory(InventoryArgs),
    /// Forecast runs against actual sales
    ///
    /// The last forecast runs against the units sold since: WAPE, bias and interval coverage
    /// per run, overall and per SKU; fan charts in HTML. Forecasts are per SKU over all
    /// channels, in the run's own periods.
    Forecast(ForecastArgs),
    /// Risk findings, the strategist's priorities and the drafts waiting
    ///
    /// The risk sentinel's findings, the strategist's priorities (llm.base_url when set, else
    /// offline rules) and the drafts waiting for review, over the last 28 days. Its stockout
    /// check uses the latest forecast run's demand over the lead time when there is one.
    Brief(BriefArgs),
    /// Each payout against the ledger entries it settles, money totals by kind, exceptions
    ///
    /// Per payout: date, amount received, the sum of the ledger entries it settles and the
    /// difference (0 when complete), and the orders, refunds, fees and ads in it. Then the
    /// totals by kind (sales, refunds, fees, ads, shipping labels, taxes, other, payouts,
    /// money charged to the card on file, pending money) per currency, and the exceptions:
    /// orders older than report.ledger_grace_days with no ledger entry, ledger entries whose
    /// order is not in the store, payouts whose entries do not add up, and payouts whose source
    /// does not link entries to them (Etsy deposits). Import statements, settlements and payout
    /// files with `sellkit sync import`.
    ///
    /// Examples:
    ///   sellkit sync import etsy_statement_2025_10.csv
    ///   sellkit report payouts
    ///   sellkit report payouts --marketplace amazon --since 2025-08-01
    ///   sellkit report payouts --json | jq '.payouts[] | select(.difference.amount_minor != 0)'
    ///   sellkit report payouts --journal csv -o journal.csv
    ///   sellkit report payouts --journal beancount >> books.beancount
    #[command(verbatim_doc_comment)]
    Payouts(PayoutsArgs),
}

/// Flags of `report payouts`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PayoutsArgs {
    /// First day of payouts and entries (YYYY-MM-DD) [default: the first]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<Date>,
    /// Last day (YYYY-MM-DD) [default: the last]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only this marketplace (etsy, shopify, amazon, ebay)
    #[arg(long)]
    pub marketplace: Option<String>,
    /// Write one balanced journal entry per paid payout instead: csv (the QuickBooks Online and
    /// Xero journal import) or beancount
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub journal: Option<JournalFormat>,
    #[command(flatten)]
    pub out: OutArgs,
}

/// How `report payouts --journal` writes the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum JournalFormat {
    Csv,
    Beancount,
}

/// Flags of `report`, `report all` and `report sales`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SalesArgs {
    /// Group periods by day, week (from Monday) or month [config: report.period]
    #[arg(long, value_enum)]
    pub period: Option<Period>,
    /// First day to include (YYYY-MM-DD) [default: 12 months, 12 weeks or 30 days back]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<Date>,
    /// Last day to include (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<Date>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct InventoryArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ForecastArgs {
    /// Only runs created on or after this day (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<Date>,
    /// Only runs created on or before this day (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<Date>,
    /// Only this SKU
    #[arg(long)]
    pub sku: Option<String>,
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct BriefArgs {
    #[command(flatten)]
    pub out: OutArgs,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only this channel (etsy, shopify, amazon, ebay); inventory: SKUs listed there
    #[arg(long)]
    pub channel: Option<String>,
    /// Only this SKU
    #[arg(long)]
    pub sku: Option<String>,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutArgs {
    /// Show N rows per list (SKUs, movers, findings) [default: 20 in tables and pages, all in JSON/NDJSON/CSV; movers 5]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write to FILE instead of stdout (written whole, then moved into place)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    All,
    Sales,
    Inventory,
    Forecast,
    Brief,
}

/// The flags of whichever section was asked for, in one shape (a flag a section does not take
/// is `None`: clap refused it).
struct Opts {
    section: Section,
    period: Option<Period>,
    since: Option<Date>,
    until: Option<Date>,
    channel: Option<String>,
    sku: Option<String>,
    top: Option<usize>,
    output: Option<PathBuf>,
}

impl Args {
    /// The morning report's flags, or `report payouts`'s (which runs on its own).
    fn opts(self) -> std::result::Result<Opts, PayoutsArgs> {
        let sales = |section, a: SalesArgs| Opts {
            section,
            period: a.period,
            since: a.since,
            until: a.until,
            channel: a.filter.channel,
            sku: a.filter.sku,
            top: a.out.top,
            output: a.out.output,
        };
        let bare = |section, out: OutArgs| Opts {
            section,
            period: None,
            since: None,
            until: None,
            channel: None,
            sku: None,
            top: out.top,
            output: out.output,
        };
        Ok(match self.section {
            None => sales(Section::All, self.all),
            Some(SectionCommand::All(a)) => sales(Section::All, a),
            Some(SectionCommand::Sales(a)) => sales(Section::Sales, a),
            Some(SectionCommand::Inventory(a)) => Opts {
                channel: a.filter.channel,
                sku: a.filter.sku,
                ..bare(Section::Inventory, a.out)
            },
            Some(SectionCommand::Forecast(a)) => Opts {
                since: a.since,
                until: a.until,
                sku: a.sku,
                ..bare(Section::Forecast, a.out)
            },
            Some(SectionCommand::Brief(a)) => bare(Section::Brief, a.out),
            Some(SectionCommand::Payouts(a)) => return Err(a),
        })
    }
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

/// One section of the report. Its view rows are computed once, when the view is made; every
/// format renders from them. Each view's `document` is its part of the JSON document (see
/// [`wire`]).
trait View {
    /// One record per row, for NDJSON and CSV.
    fn records(&self) -> Vec<Value>;
    /// Terminal and Markdown tables.
    fn tables(&self, opts: &TableOpts) -> Vec<Titled>;
    /// The section of the HTML page.
    fn html(&self) -> String;
}

/// Everything the report computed; sections not asked for are `None`.
struct ReportView {
    section: Section,
    as_of: String,
    generated_at: String,
    sales: Option<SalesView>,
    inventory: Option<InventoryView>,
    forecast: Option<ForecastView>,
    brief: Option<BriefView>,
}

impl ReportView {
    /// The sections computed, by name, in the report's order.
    fn sections(&self) -> Vec<(&'static str, &dyn View)> {
        let mut out: Vec<(&'static str, &dyn View)> = Vec::new();
        if let Some(s) = &self.sales {
            out.push(("sales", s));
        }
        if let Some(s) = &self.inventory {
            out.push(("inventory", s));
        }
        if let Some(s) = &self.forecast {
            out.push(("forecast", s));
        }
        if let Some(s) = &self.brief {
            out.push(("brief", s));
        }
        out
    }
}

/// A section's record for NDJSON and CSV: `section`, then the row.
fn tagged<T: Serialize>(section: &'static str, row: &T) -> Value {
    to_json(&wire::SectionRecord { section, row })
}

/// A section's document after the report's own fields (a section not computed has none).
fn section_doc<T: Serialize>(name: &'static str, section: Option<T>) -> Value {
    to_json(&wire::SectionDoc {
        schema_version: SCHEMA_VERSION,
        report: name,
        section,
    })
}

fn title_of(sku: &str, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("{sku} · {t}"),
        None => sku.to_string(),
    }
}

impl Render for ReportView {
    fn document(&self) -> Value {
        let name = self.section.name();
        match self.section {
            Section::All => to_json(&wire::AllDoc {
                schema_version: SCHEMA_VERSION,
                report: name,
                as_of: &self.as_of,
                sales: self.sales.as_ref().map(SalesView::document),
                inventory: self.inventory.as_ref().map(InventoryView::document),
                forecast: self.forecast.as_ref().map(ForecastView::document),
                brief: self.brief.as_ref().map(BriefView::document),
            }),
            Section::Sales => section_doc(name, self.sales.as_ref().map(SalesView::document)),
            Section::Inventory => {
                section_doc(name, self.inventory.as_ref().map(InventoryView::document))
            }
            Section::Forecast => {
                section_doc(name, self.forecast.as_ref().map(ForecastView::document))
            }
            Section::Brief => section_doc(name, self.brief.as_ref().map(BriefView::document)),
        }
    }

    fn records(&self) -> Vec<Value> {
        let all = self.section == Section::All;
        let mut out = Vec::new();
        for (name, view) in self.sections() {
            let list = view.records();
            if all {
                out.extend(list.into_iter().map(|record| {
                    to_json(&wire::InReport {
                        report: name,
                        record,
                    })
                }));
            } else {
                out.extend(list);
            }
        }
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        self.sections()
            .into_iter()
            .flat_map(|(_, view)| view.tables(opts))
            .collect()
    }

    /// The whole page.
    fn html(&self) -> String {
        let mut body = String::new();
        let _ = writeln!(
            body,
            "<h1>sellkit report</h1><p class=\"meta\">{}</p>",
            escape(&format!(
                "As of {} · generated {} · days and periods are UTC calendar days",
                self.as_of, self.generated_at
            ))
        );
        for (_, view) in self.sections() {
            body.push_str(&view.html());
        }
        page(&format!("sellkit report {}", self.as_of), &body)
    }
}

fn emit(ctx: &Context, args: &Opts, view: &ReportView) -> Result<()> {
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

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let args = match args.opts() {
        Ok(o) => o,
        Err(payouts) => return payouts::run(ctx, payouts),
    };
    let section = args.section;
    let want = |s: Section| section == Section::All || section == s;
    let period = match args.period {
        Some(p) => p,
        None => Period::parse(&ctx.config.report.period).unwrap_or(Period::Month),
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
        let forecast = &ctx.config.forecast;
        let base = forecast.sku_policy();
        let to_replenish = |p: crate::settings::SkuPolicy| Replenish {
            lead_time_days: p.lead_time_days,
            review_days: p.review_days,
            service_level_bp: p.service_level_bp,
            moq: p.moq,
            case_pack: p.case_pack,
        };
        let overrides = forecast
            .sku_policies(&ctx.config.overrides)?
            .into_iter()
            .map(|(k, v)| (k, to_replenish(v)))
            .collect();
        Some(InventoryQuery {
            today,
            sku: args.sku.clone(),
            channel: args.channel.clone(),
            demand_days: *ctx.config.report.demand_days,
            dead_days: *ctx.config.report.dead_days,
            aging_cover_days: *ctx.config.report.aging_cover_days,
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
        refund_restocked: ctx.config.report.refund_cogs.as_str() == "restocked",
        cost_method: if ctx.config.report.cost_method.as_str() == "fifo" {
            CostMethod::Fifo
        } else {
            CostMethod::Dated
        },
        home: *ctx.config.report.currency,
    });
    let brief_runner = if want(Section::Brief) {
        let settings = LlmSettings::from_config(&ctx.config.llm)?;
        let agents = &ctx.config.agents;
        let thresholds = Thresholds {
            lead_time_days: *agents.lead_time_days,
            target_margin_bp: *agents.target_margin_bp,
            undercut_bp: *agents.undercut_bp,
        };
        Some((Runner::new(settings, &ctx.env_with_llm_key()?)?, thresholds))
    } else {
        None
    };
    let movers = args.top.unwrap_or(5).min(shown);
    let sparkline_skus =
        matches!(ctx.out.format(), Format::Table | Format::Markdown).then_some(shown);
    let now = crate::time::rfc3339(ctx.now);
    let bar = ctx.out.progress();
    let brief = brief_runner
        .as_ref()
        .map(|(runner, thresholds)| MorningBrief {
            runner,
            thresholds,
            now: &now,
            drafts_limit: if is_list_format { 10_000 } else { shown },
        });
    let Morning {
        sales,
        inventory,
        inventory_series,
        accuracy,
        brief,
    } = crate::report::morning(
        &mut store,
        &open,
        &MorningQuery {
            today,
            sales: sales_query,
            movers,
            inventory: inventory_query,
            sparkline_skus,
            accuracy: accuracy_query,
            brief,
        },
        &bar,
    )?;
    let sales = sales.map(|o| {
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
    let shown = if is_list_format {
        args.top.unwrap_or(usize::MAX)
    } else {
        shown
    };
    let view = ReportView {
        section,
        as_of: today.to_string(),
        generated_at: crate::time::rfc3339(ctx.now),
        sales,
        inventory: inventory.map(|report| InventoryView {
            report,
            series: inventory_series,
            shown,
        }),
        forecast: accuracy.map(|report| ForecastView { report, shown }),
        brief: brief.map(|section| BriefView { section, shown }),
    };
    emit(ctx, &args, &view)
}
