//! `sellkit sync`: bring data into the store.

use serde_json::json;

use crate::cli::Context;
use crate::error::Result;
use crate::marketplaces::demo::{self, DemoSpec, DemoSummary};
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, table};

/// Bring marketplace data into the local store.
///
/// Examples:
///   sellkit sync demo                           fill the embedded demo shop
///   sellkit sync demo --seed 7 --skus 500 --days 1095
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// Fill the embedded demo shop: no account, no network
    ///
    /// A deterministic synthetic shop on Etsy, Shopify, Amazon and eBay: orders with ship-to
    /// places, listings, costs, inventory, competitor offers and search trends. The same seed
    /// always gives the same shop; running it again replaces the demo data (never your own).
    ///
    /// Examples:
    ///   sellkit sync demo
    ///   sellkit sync demo --skus 10000 --days 1095
    Demo(DemoArgs),
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Seed of the generator [config: demo.seed, default 42]
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of SKUs [config: demo.skus, default 48]
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub skus: Option<u32>,
    /// Days of order history, ending yesterday [config: demo.days, default 730]
    #[arg(long, value_parser = clap::value_parser!(u32).range(28..=3660))]
    pub days: Option<u32>,
}

struct Filled(DemoSummary);

impl Render for Filled {
    fn document(&self) -> serde_json::Value {
        json!({"schema_version": SCHEMA_VERSION, "source": "demo", "summary": self.0})
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let s = &self.0;
        let rows = serde_json::to_value(&s.rows).unwrap_or_default();
        rows.as_object()
            .map(|m| {
                m.iter()
                    .map(|(table, n)| json!({"source": "demo", "seed": s.seed, "table": table, "rows": n}))
                    .collect()
            })
            .unwrap_or_default()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let s = &self.0;
        let rows = serde_json::to_value(&s.rows).unwrap_or_default();
        let body = rows
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| vec![k.clone(), table::count(v.as_i64().unwrap_or(0))])
                    .collect()
            })
            .unwrap_or_default();
        vec![Titled {
            title: Some(format!(
                "Demo shop (seed {}): {} SKUs, {} to {}",
                s.seed, s.skus, s.first_day, s.last_day
            )),
            table: table::build(
                opts,
                &[("table", Align::Left), ("rows", Align::Right)],
                body,
            ),
            note: None,
        }]
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.source {
        Source::Demo(a) => {
            let seed = match a.seed {
                Some(s) => s,
                None => ctx.settings.get_i64("demo.seed")? as u64,
            };
            let skus = match a.skus {
                Some(n) => n as usize,
                None => ctx.settings.get_i64("demo.skus")? as usize,
            };
            let days = match a.days {
                Some(n) => n,
                None => ctx.settings.get_i64("demo.days")? as u32,
            };
            let end = ctx.today().yesterday().unwrap_or(ctx.today());
            let spec = DemoSpec {
                seed,
                skus,
                days,
                end,
            };
            let mut store = ctx.open_store_create()?;
            let bar = ctx.out.progress();
            let started = std::time::Instant::now();
            let summary = demo::fill(&mut store, &spec, ctx.now, &bar)?;
            drop(bar);
            let secs = started.elapsed().as_secs_f64();
            ctx.out.status(&format!(
                "Filled the demo shop in {}: {} order lines in {:.1} s ({} lines/s).",
                store.path().display(),
                table::count(summary.rows.order_lines as i64),
                secs,
                table::count((summary.rows.order_lines as f64 / secs.max(1e-9)) as i64)
            ));
            ctx.out.print(&Filled(summary))
        }
    }
}
