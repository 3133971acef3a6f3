//! `sellkit sync`: bring data into the store.

use std::path::PathBuf;

use serde_json::json;

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::marketplaces::demo::{self, DemoSpec, DemoSummary};
use crate::marketplaces::exports::{
    self, ForcedEncoding, Format, ImportOptions, ImportSummary, Input,
};
use crate::money::Currency;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table};

/// Bring marketplace data into the local store.
///
/// Examples:
///   sellkit sync demo                           fill the embedded demo shop
///   sellkit sync demo --seed 7 --skus 500 --days 1095
///   sellkit sync import EtsySoldOrderItems2025.csv orders_export_1.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
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
    /// Import export files downloaded from Etsy, Shopify, Amazon or eBay
    ///
    /// The format of each file is detected from its header row: Etsy sold orders, sold order
    /// items and listings; Shopify orders and products; Amazon All Orders, All/Active Listings
    /// and Business Report; eBay orders report. Encodings (UTF-8 with or without BOM,
    /// Windows-1252), CRLF, tab-separated files and quoted multi-line cells are handled; files are
    /// read row by row.
    ///
    /// Orders, order lines (with ship-to city, region, postal code and country), listings,
    /// products (keyed by SKU), inventory, costs and fees go into the store. Importing a file
    /// again, or overlapping exports, leaves no duplicates; newer data replaces older.
    ///
    /// All files are imported in one transaction: by default any bad row rejects the whole
    /// import (exit 5, nothing written) and each bad row is listed as FILE:LINE:COLUMN. With
    /// --lenient the good rows are imported and the bad ones written to a rejects CSV.
    ///
    /// Examples:
    ///   sellkit sync import EtsySoldOrderItems2025.csv EtsySoldOrders2025.csv
    ///   sellkit sync import orders_export_1.csv --lenient --rejects bad-rows.csv
    ///   sellkit sync import "All+Listings+Report.txt" --currency GBP --shop uk
    ///   gunzip -c orders.txt.gz | sellkit sync import - --as amazon-orders
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Export files; `-` reads standard input (with --as)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it from the header
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub as_format: Option<Format>,
    /// Import the good rows and write the bad ones to a rejects CSV
    #[arg(long)]
    pub lenient: bool,
    /// Rejects file for all inputs (with --lenient) [default: FILE.rejects.csv beside each input]
    #[arg(long, value_name = "PATH", requires = "lenient")]
    pub rejects: Option<PathBuf>,
    /// Currency of files that do not state one [config: import.currency, default USD]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Store name for files that do not say which store they are from [config: import.shop]
    #[arg(long, value_name = "NAME")]
    pub shop: Option<String>,
    /// Read the files in this encoding instead of detecting it
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<ForcedEncoding>,
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

struct Imported(ImportSummary);

fn file_doc(f: &exports::FileSummary) -> serde_json::Value {
    serde_json::to_value(f).unwrap_or_default()
}

impl Render for Imported {
    fn document(&self) -> serde_json::Value {
        let s = &self.0;
        json!({
            "schema_version": SCHEMA_VERSION,
            "source": "import",
            "committed": s.committed,
            "lenient": s.lenient,
            "rows_rejected": s.rows_rejected,
            "files": s.files.iter().map(file_doc).collect::<Vec<_>>(),
            "bad_rows": s.bad_rows,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.0.files.iter().map(file_doc).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let s = &self.0;
        let body = s
            .files
            .iter()
            .map(|f| {
                let n = |v: u64| table::count(v as i64);
                vec![
                    sanitize::one_line(&f.file),
                    f.format.clone(),
                    f.encoding.clone(),
                    n(f.rows_read),
                    n(f.rows_rejected),
                    n(f.counts.orders),
                    n(f.counts.order_lines),
                    table::count(f.counts.units),
                    n(f.counts.listings),
                    n(f.counts.products),
                    n(f.counts.inventory),
                ]
            })
            .collect();
        let rejects: Vec<String> = s
            .files
            .iter()
            .filter_map(|f| {
                f.rejects_file.as_ref().map(|p| {
                    format!(
                        "{} rejected rows of {} are in {}",
                        f.rows_rejected, f.file, p
                    )
                })
            })
            .collect();
        vec![Titled {
            title: Some("Imported".to_string()),
            table: table::build(
                opts,
                &[
                    ("file", Align::Left),
                    ("format", Align::Left),
                    ("encoding", Align::Left),
                    ("rows", Align::Right),
                    ("rejected", Align::Right),
                    ("orders", Align::Right),
                    ("lines", Align::Right),
                    ("units", Align::Right),
                    ("listings", Align::Right),
                    ("products", Align::Right),
                    ("inventory", Align::Right),
                ],
                body,
            ),
            note: (!rejects.is_empty()).then(|| rejects.join("\n")),
        }]
    }
}

fn run_import(ctx: &Context, a: ImportArgs) -> Result<()> {
    let stdin_count = a.files.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 0 && a.as_format.is_none() {
        return Err(Error::usage(
            "reading standard input (-) needs --as FORMAT, e.g. --as amazon-orders",
        ));
    }
    if stdin_count > 1 {
        return Err(Error::usage("standard input (-) can be given only once"));
    }
    let currency_text = match a.currency {
        Some(c) => c,
        None => ctx
            .settings
            .get_text("import.currency")?
            .unwrap_or_else(|| "USD".into()),
    };
    let currency =
        Currency::new(&currency_text).map_err(|e| Error::usage(format!("--currency: {e}")))?;
    let shop = match a.shop {
        Some(s) => s,
        None => ctx
            .settings
            .get_text("import.shop")?
            .unwrap_or_else(|| "default".into()),
    };
    let mut inputs = Vec::new();
    for p in &a.files {
        if p.as_os_str() == "-" {
            inputs.push(Input {
                name: "-".into(),
                source: exports::InputSource::Reader(Box::new(std::io::stdin().lock())),
                len: None,
            });
        } else {
            if !p.is_file() {
                return Err(Error::config(format!(
                    "{}: no such file (or not a regular file)",
                    p.display()
                )));
            }
            inputs.push(Input::path(p));
        }
    }
    let opts = ImportOptions {
        format: a.as_format,
        lenient: a.lenient,
        rejects: a.rejects,
        currency,
        shop,
        encoding: a.encoding,
        now: ctx.now,
    };
    let mut store = ctx.open_store_create()?;
    let bar = ctx.out.progress();
    let started = std::time::Instant::now();
    let summary = exports::import(&mut store, inputs, &opts, &bar)?;
    drop(bar);
    for b in &summary.bad_rows {
        ctx.out.warn(&sanitize::one_line(&b.message()));
    }
    if summary.bad_rows.len() as u64 > 0 && summary.rows_rejected > summary.bad_rows.len() as u64 {
        ctx.out.warn(&format!(
            "... and {} more bad rows",
            summary.rows_rejected - summary.bad_rows.len() as u64
        ));
    }
    if !summary.committed {
        let per_file: Vec<String> = summary
            .files
            .iter()
            .filter(|f| f.rows_rejected > 0)
            .map(|f| format!("{} of {} rows in {}", f.rows_rejected, f.rows_read, f.file))
            .collect();
        return Err(Error::input(format!(
            "{} bad rows ({}); nothing was imported: fix them, or pass --lenient to import the good rows and write the bad ones to a rejects file",
            summary.rows_rejected,
            per_file.join(", ")
        )));
    }
    for f in &summary.files {
        if f.rows_read == 0 {
            ctx.out
                .warn(&format!("{}: header only, no rows to import", f.file));
        }
        if let Some(p) = &f.rejects_file {
            ctx.out.status(&format!(
                "{}: imported {} rows; {} rejected rows written to {}",
                f.file,
                table::count(f.rows_imported as i64),
                table::count(f.rows_rejected as i64),
                p
            ));
        }
    }
    let rows: u64 = summary.files.iter().map(|f| f.rows_read).sum();
    let secs = started.elapsed().as_secs_f64();
    ctx.out.status(&format!(
        "Imported {} rows from {} file(s) into {} in {:.1} s.",
        table::count(rows as i64),
        summary.files.len(),
        store.path().display(),
        secs
    ));
    ctx.out.print(&Imported(summary))
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.source {
        Source::Import(a) => run_import(ctx, a),
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
