//! `sellkit price quote`: fees, net proceeds, profit, margin, ROI and break-even of a sale.

use std::io::Read;
use std::path::PathBuf;

use jiff::civil::Date;
use serde_json::Value;

use crate::cli::{Context, parse_date};
use crate::error::{Error, Result};
use crate::fees::{FeeOptions, Marketplace, Package, Schedules, parse_dims, parse_weight};
use crate::money::{Currency, Money};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};
use crate::pricing::quote::{Quote, QuoteInput, quote};

use super::wire::{QuoteDoc, RankedDoc, RankedQuote, SaleQuote};

/// Fees, net proceeds, profit, margin, ROI and break-even price of a sale.
///
/// Uses the marketplace's fee schedule in force on the date (today by default; see `price fees`).
/// Amounts are per unit, in the currency's usual decimals; shipping is what the buyer pays (part of
/// most fee bases), ship cost what you pay. Sales tax is left out. Amazon's FBA fee is included
/// when --weight and --dims are given.
///
/// With --input, quotes every row of a CSV file (or - for stdin) and ranks them: the arbitrage
/// case, buy here and sell there. Columns (header row, any order; marketplace and sell
/// required): item, marketplace, sell, cost, shipping, ship_cost, category, weight, dims,
/// currency, plan.
///
/// Examples:
///   sellkit price quote --marketplace etsy --sell 24.95 --cost 8 --shipping 4.95
///   sellkit price quote --marketplace amazon --sell 19.99 --cost 6 --category Beauty --weight 12oz --dims 6x4x2in
///   sellkit price quote --marketplace shopify --sell 40 --plan grow --json | jq .quote.profit
///   sellkit price quote --input deals.csv --rank profit --format csv
#[derive(Debug, clap::Args)]
pub struct QuoteArgs {
    /// Marketplace to sell on
    #[arg(
        long,
        value_enum,
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub marketplace: Option<Marketplace>,
    /// Item price the buyer pays, e.g. 24.95
    #[arg(
        long,
        value_name = "PRICE",
        required_unless_present = "input",
        conflicts_with = "input"
    )]
    pub sell: Option<String>,
    /// Your cost per item (the buy price) [default: 0]
    #[arg(long, value_name = "AMOUNT", conflicts_with = "input")]
    pub cost: Option<String>,
    /// Shipping the buyer pays [default: 0]
    #[arg(long, value_name = "AMOUNT", conflicts_with = "input")]
    pub shipping: Option<String>,
    /// What shipping costs you [default: 0]
    #[arg(long, value_name = "AMOUNT", conflicts_with = "input")]
    pub ship_cost: Option<String>,
    /// Fee category (eBay, Amazon), e.g. Jewelry; unknown ones use "Most categories"
    #[arg(long, conflicts_with = "input")]
    pub category: Option<String>,
    /// Item weight with unit, for the FBA fee: 420g, 1.2lb, 14oz
    #[arg(
        long,
        value_name = "WEIGHT",
        requires = "dims",
        conflicts_with = "input"
    )]
    pub weight: Option<String>,
    /// Package LxWxH with unit, for the FBA fee: 12x10x6in, 30x20x5cm
    #[arg(
        long,
        value_name = "LxWxH",
        requires = "weight",
        conflicts_with = "input"
    )]
    pub dims: Option<String>,
    /// Currency of the amounts
    #[arg(long, default_value = "USD")]
    pub currency: String,
    /// Date whose fee schedule applies (YYYY-MM-DD) [default: today]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub on: Option<Date>,
    /// Shopify plan: basic, grow, advanced, plus [default: basic]
    #[arg(long)]
    pub plan: Option<String>,
    /// Shopify: a third-party payment provider instead of Shopify Payments
    #[arg(long)]
    pub third_party_gateway: bool,
    /// Etsy: the order came through an Offsite Ad
    #[arg(long)]
    pub offsite_ads: bool,
    /// Etsy: the shop made over $10,000 last year (12% offsite ads)
    #[arg(long, requires = "offsite_ads")]
    pub large_shop: bool,
    /// CSV file of sales to quote (- for stdin)
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Order of --input results
    #[arg(long, value_enum, default_value = "roi", requires = "input")]
    pub rank: Rank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Rank {
    /// Return on investment (profit over cost)
    Roi,
    /// Profit per item
    Profit,
}

impl Rank {
    fn as_str(self) -> &'static str {
        match self {
            Rank::Roi => "roi",
            Rank::Profit => "profit",
        }
    }
}

fn show(q: &Quote, minor: i64) -> String {
    Money::new(minor, q.currency).display()
}

struct One(Quote);

impl Render for One {
    fn document(&self) -> Value {
        to_json(&QuoteDoc {
            schema_version: SCHEMA_VERSION,
            quote: SaleQuote::of(&self.0),
        })
    }
    fn records(&self) -> Vec<Value> {
        vec![to_json(&SaleQuote::of(&self.0))]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let q = &self.0;
        let mut rows = vec![
            ("sell".to_string(), show(q, q.sell_minor)),
            ("shipping charged".into(), show(q, q.shipping_minor)),
            ("revenue".into(), show(q, q.revenue_minor)),
        ];
        for l in &q.fees.lines {
            rows.push((
                format!("fee: {} ({})", l.code, l.basis),
                format!("-{}", show(q, l.amount_minor)),
            ));
        }
        rows.extend([
            (
                "fees total".into(),
                format!("-{}", show(q, q.fees.total_minor)),
            ),
            ("net proceeds".into(), show(q, q.net_proceeds_minor)),
            ("cost".into(), format!("-{}", show(q, q.cost_minor))),
            (
                "ship cost".into(),
                format!("-{}", show(q, q.ship_cost_minor)),
            ),
            ("profit".into(), show(q, q.profit_minor)),
            ("margin".into(), table::percent(q.margin_bp)),
            ("ROI".into(), table::percent(q.roi_bp)),
            (
                "break-even price".into(),
                q.break_even_minor.map_or("—".into(), |b| show(q, b)),
            ),
        ]);
        let mut note = Vec::new();
        if q.fees.schedule_status == "unverified" {
            note.push(
                "Some figures in this schedule are unverified: see `sellkit price fees`."
                    .to_string(),
            );
        }
        note.extend(q.fees.notes.iter().map(|n| format!("Note: {n}.")));
        vec![Titled {
            title: Some(format!(
                "{} sale on {} (fee schedule of {})",
                q.marketplace, q.date, q.fees.schedule_effective_from
            )),
            table: table::key_values(opts, rows),
            note: (!note.is_empty()).then(|| note.join("\n")),
        }]
    }
}

struct Ranked {
    rank_by: Rank,
    rows: Vec<(usize, Option<String>, Quote)>,
}

impl Ranked {
    fn quotes(&self) -> Vec<RankedQuote<'_>> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, (line, item, q))| RankedQuote {
                rank: i + 1,
                line: *line,
                item: item.as_deref(),
                quote: SaleQuote::of(q),
            })
            .collect()
    }
}

impl Render for Ranked {
    fn document(&self) -> Value {
        to_json(&RankedDoc {
            schema_version: SCHEMA_VERSION,
            rank_by: self.rank_by.as_str(),
            quotes: self.quotes(),
        })
    }
    fn records(&self) -> Vec<Value> {
        self.quotes().iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (line, item, q))| {
                vec![
                    (i + 1).to_string(),
                    crate::output::sanitize::one_line(
                        item.as_deref().unwrap_or(&format!("line {line}")),
                    ),
                    q.marketplace.to_string(),
                    show(q, q.sell_minor),
                    show(q, q.cost_minor),
                    show(q, q.fees.total_minor),
                    show(q, q.profit_minor),
                    table::percent(q.margin_bp),
                    table::percent(q.roi_bp),
                    q.break_even_minor.map_or("—".into(), |b| show(q, b)),
                ]
            })
            .collect();
        vec![Titled {
            title: Some(format!("Quotes ranked by {}", self.rank_by.as_str())),
            table: table::build(
                opts,
                &[
                    ("#", Align::Right),
                    ("item", Align::Left),
                    ("marketplace", Align::Left),
                    ("sell", Align::Right),
                    ("cost", Align::Right),
                    ("fees", Align::Right),
                    ("profit", Align::Right),
                    ("margin", Align::Right),
                    ("ROI", Align::Right),
                    ("break-even", Align::Right),
                ],
                rows,
            ),
            note: None,
        }]
    }
}

fn amount(flag: &str, text: Option<&str>, currency: Currency) -> Result<i64> {
    match text {
        None => Ok(0),
        Some(t) => {
            let m = Money::parse_decimal(t, currency)
                .map_err(|e| Error::usage(format!("--{flag}: {e}")))?;
            if m.amount_minor < 0 {
                return Err(Error::usage(format!("--{flag}: {t:?} is negative")));
            }
            Ok(m.amount_minor)
        }
    }
}

fn options(args: &QuoteArgs, plan: Option<String>, fba: bool) -> FeeOptions {
    FeeOptions {
        etsy_offsite_ads: args.offsite_ads,
        etsy_large_shop: args.large_shop,
        amazon_fba: fba,
        shopify_plan: plan,
        shopify_third_party: args.third_party_gateway,
    }
}

pub fn run(ctx: &Context, args: QuoteArgs) -> Result<()> {
    let date = args.on.unwrap_or_else(|| ctx.today());
    let currency =
        Currency::new(&args.currency).map_err(|e| Error::usage(format!("--currency: {e}")))?;
    let schedules = Schedules::embedded();
    if let Some(path) = &args.input {
        return run_list(ctx, &args, path, date, currency, schedules);
    }
    let (Some(marketplace), Some(sell)) = (args.marketplace, args.sell.as_deref()) else {
        return Err(Error::usage(
            "give --marketplace and --sell, or --input FILE",
        ));
    };
    let package = match (&args.weight, &args.dims) {
        (Some(w), Some(d)) => Some(Package {
            weight_mg: parse_weight(w).map_err(|e| Error::usage(format!("--weight: {e}")))?,
            sides_um: parse_dims(d).map_err(|e| Error::usage(format!("--dims: {e}")))?,
        }),
        _ => None,
    };
    let input = QuoteInput {
        marketplace,
        date,
        currency,
        sell_minor: amount("sell", Some(sell), currency)?,
        shipping_minor: amount("shipping", args.shipping.as_deref(), currency)?,
        cost_minor: amount("cost", args.cost.as_deref(), currency)?,
        ship_cost_minor: amount("ship-cost", args.ship_cost.as_deref(), currency)?,
        category: args.category.clone(),
        package,
        options: options(
            &args,
            args.plan.clone(),
            marketplace == Marketplace::Amazon && package.is_some(),
        ),
    };
    let q = quote(schedules, &input).map_err(|e| match e {
        // A missing schedule for the flags given is a usage problem, not bad data.
        Error::Input { message, .. } => Error::usage(message),
        other => other,
    })?;
    ctx.out.print(&One(q))
}

const COLUMNS: [&str; 11] = [
    "item",
    "marketplace",
    "sell",
    "cost",
    "shipping",
    "ship_cost",
    "category",
    "weight",
    "dims",
    "currency",
    "plan",
];

fn run_list(
    ctx: &Context,
    args: &QuoteArgs,
    path: &PathBuf,
    date: Date,
    default_currency: Currency,
    schedules: &Schedules,
) -> Result<()> {
    let name = path.display().to_string();
    let text = if name == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Error::io("stdin", e))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::input(format!("{name}: not UTF-8 text")),
            _ => Error::io(path, e),
        })?
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let mut col = std::collections::HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(Error::input(format!(
                "{name}:1: column {} {h:?} is unknown; known columns: {}",
                i + 1,
                COLUMNS.join(", ")
            )));
        }
        col.insert(h.clone(), i);
    }
    for required in ["marketplace", "sell"] {
        if !col.contains_key(required) {
            return Err(Error::input(format!(
                "{name}:1: the header has no {required:?} column"
            )));
        }
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = record.map_err(|e| {
            let at = e.position().map_or(line as u64, |p| p.line());
            Error::input(format!("{name}:{at}: {e}"))
        })?;
        let field = |c: &str| {
            col.get(c)
                .and_then(|i| record.get(*i))
                .filter(|v| !v.is_empty())
        };
        let bad = |c: &str, msg: String| Error::input(format!("{name}:{line}: field {c:?}: {msg}"));
        let currency = match field("currency") {
            Some(c) => Currency::new(c).map_err(|e| bad("currency", e.to_string()))?,
            None => default_currency,
        };
        let money = |c: &str, required: bool| -> Result<i64> {
            match field(c) {
                None if required => Err(bad(c, "is empty".into())),
                None => Ok(0),
                Some(t) => {
                    let m = Money::parse_decimal(t, currency).map_err(|e| bad(c, e.to_string()))?;
                    if m.amount_minor < 0 {
                        return Err(bad(c, format!("{t:?} is negative")));
                    }
                    Ok(m.amount_minor)
                }
            }
        };
        let marketplace = field("marketplace")
            .ok_or_else(|| bad("marketplace", "is empty".into()))
            .and_then(|t| {
                Marketplace::parse(t).ok_or_else(|| {
                    bad(
                        "marketplace",
                        format!("{t:?} is not etsy, ebay, amazon or shopify"),
                    )
                })
            })?;
        let package = match (field("weight"), field("dims")) {
            (Some(w), Some(d)) => Some(Package {
                weight_mg: parse_weight(w).map_err(|e| bad("weight", e))?,
                sides_um: parse_dims(d).map_err(|e| bad("dims", e))?,
            }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(bad(
                    "dims",
                    "is empty but weight is given: give both".into(),
                ));
            }
            (None, Some(_)) => {
                return Err(bad(
                    "weight",
                    "is empty but dims are given: give both".into(),
                ));
            }
        };
        let input = QuoteInput {
            marketplace,
            date,
            currency,
            sell_minor: money("sell", true)?,
            shipping_minor: money("shipping", false)?,
            cost_minor: money("cost", false)?,
            ship_cost_minor: money("ship_cost", false)?,
            category: field("category").map(String::from),
            package,
            options: options(
                args,
                field("plan")
                    .map(String::from)
                    .or_else(|| args.plan.clone()),
                marketplace == Marketplace::Amazon && package.is_some(),
            ),
        };
        let q =
            quote(schedules, &input).map_err(|e| Error::input(format!("{name}:{line}: {e}")))?;
        rows.push((line, field("item").map(String::from), q));
    }
    let key = |q: &Quote| match args.rank {
        Rank::Roi => q.roi_bp,
        Rank::Profit => Some(q.profit_minor),
    };
    // Best first; rows without a ROI (zero cost) last; ties keep file order.
    rows.sort_by(|a, b| match (key(&a.2), key(&b.2)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    ctx.out.print(&Ranked {
        rank_by: args.rank,
        rows,
    })
}
