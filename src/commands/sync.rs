//! `sellkit sync`: bring data into the store.

use std::path::PathBuf;

use crate::auth::Credentials;
use crate::cli::Context;
use crate::error::{Error, Result};
use crate::marketplaces::api::amazon::{self, AmazonConnector, AmazonEndpoint, ReportKind};
use crate::marketplaces::api::ebay::{EbayConnector, EbayEndpoint};
use crate::marketplaces::api::etsy::{EtsyConnector, EtsyEndpoint};
use crate::marketplaces::api::shopify::{ShopifyConnector, ShopifyEndpoint};
use crate::marketplaces::api::{self, Connector, Resource, SyncOptions, SyncSummary, rejects};
use crate::marketplaces::demo::{self, DemoSpec, DemoSummary};
use crate::marketplaces::exports::{
    self, ForcedEncoding, Format, ImportOptions, ImportSummary, Input,
};
use crate::money::Currency;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};

/// Bring marketplace data into the local store.
///
/// Examples:
///   sellkit sync demo                           fill the embedded demo shop
///   sellkit sync demo --seed 7 --skus 500 --days 1095
///   sellkit sync import EtsySoldOrderItems2025.csv orders_export_1.csv
///   sellkit sync etsy                           pull what changed since the last sync
///   sellkit sync all --json                     every marketplace with credentials
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
    #[command(verbatim_doc_comment)]
    Demo(DemoArgs),
    /// Import export files downloaded from Etsy, Shopify, Amazon or eBay
    ///
    /// The format of each file is detected from its header row: Etsy sold orders, sold order
    /// items and listings; Shopify orders and products; Amazon All Orders, All/Active Listings
    /// and Business Report; eBay orders report. Encodings (UTF-8 with or without BOM,
    /// Windows-1252), CRLF, tab-separated files and quoted multi-line cells are handled; files are
    /// read row by row.
    ///
    /// Money files go into ledger entries (sales, fees, ads, labels, taxes, refunds, payouts)
    /// and payouts: Etsy monthly statements and deposits, eBay transaction reports.
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
    #[command(verbatim_doc_comment)]
    Import(ImportArgs),
    /// Pull listings (with inventory and variations), orders and the payment account ledger from the Etsy Open API v3
    ///
    /// Credentials: SELLKIT_ETSY_API_KEY (keystring), SELLKIT_ETSY_SHARED_SECRET and
    /// SELLKIT_ETSY_REFRESH_TOKEN, or the credential store filled by `sellkit auth login etsy`.
    /// Etsy rotates the refresh token on every refresh; the new one is written to the credential
    /// store at once (set auth.store to file or kernel on a machine without an OS keyring).
    ///
    /// Orders (receipts with their transactions, ship-to and amounts) are pulled incrementally:
    /// each run asks for what changed since the newest change the last run saw. Listings are
    /// read whole every run. The ledger (fees, ads, labels, taxes, refunds and deposits, scope
    /// transactions_r) is pulled from the newest entry the last run saw; a token without that
    /// scope skips it with a warning (exit 3 with --only ledger). Each page is committed with
    /// its cursor, so an interrupted sync resumes where it stopped, without duplicates.
    ///
    /// Examples:
    ///   sellkit sync etsy
    ///   sellkit sync etsy --since 2025-01-01 --only orders
    ///   sellkit sync etsy --full --json
    #[command(verbatim_doc_comment)]
    Etsy(ApiArgs),
    /// Pull products and variants, inventory levels, orders and Shopify Payments money from the Shopify Admin GraphQL API
    ///
    /// Credentials: SELLKIT_SHOPIFY_SHOP (my-shop.myshopify.com) and SELLKIT_SHOPIFY_ACCESS_TOKEN
    /// (Admin API access token of a custom app with read_products, read_inventory,
    /// read_orders and, for the ledger, read_shopify_payments_payouts), or `sellkit auth login
    /// shopify`.
    ///
    /// Query cost is paced from the throttle status of every answer; THROTTLED answers are
    /// waited out and retried. Orders are pulled incrementally (updated_at), products and
    /// inventory whole, the ledger (balance transactions and payouts) by processed_at. A token
    /// without the payouts scope, or a shop without Shopify Payments, skips the ledger with a
    /// warning (exit 3 with --only ledger). Each page is committed with its cursor; an
    /// interrupted sync resumes.
    ///
    /// Examples:
    ///   sellkit sync shopify
    ///   sellkit sync shopify --only orders --since 2025-06-01
    #[command(verbatim_doc_comment)]
    Shopify(ApiArgs),
    /// Pull orders, inventory items with their offers, and competitors' offers from eBay's APIs
    ///
    /// Credentials: SELLKIT_EBAY_CLIENT_ID, SELLKIT_EBAY_CLIENT_SECRET and
    /// SELLKIT_EBAY_REFRESH_TOKEN, or `sellkit auth login ebay`. The user token (scopes
    /// sell.inventory and sell.fulfillment) is refreshed from the refresh token; Browse searches
    /// use an application token kept in memory only.
    ///
    /// Orders (Sell Fulfillment) with ship-to and amounts are pulled incrementally (last
    /// modified); inventory items and their offers (Sell Inventory) whole; offers (Buy Browse)
    /// search each inventory title, or the ebay.browse_keywords, leaving your own listings out.
    /// ebay.sandbox = on uses api.sandbox.ebay.com. Each page is committed with its cursor.
    ///
    /// Examples:
    ///   sellkit sync ebay
    ///   sellkit sync ebay --only orders --since 2025-06-01
    ///   sellkit config set ebay.browse_keywords "stoneware mug, linen tote"
    #[command(verbatim_doc_comment)]
    Ebay(ApiArgs),
    /// Pull orders, listings, FBA inventory, offers and fee estimates from Amazon SP-API
    ///
    /// Credentials: SELLKIT_AMAZON_CLIENT_ID, SELLKIT_AMAZON_CLIENT_SECRET and
    /// SELLKIT_AMAZON_REFRESH_TOKEN (Login with Amazon), plus SELLKIT_AMAZON_SELLER_ID for
    /// listings and offers, or `sellkit auth login amazon`. Region and marketplace:
    /// amazon.region (na, eu, fe) and amazon.marketplace_id; amazon.sandbox = on uses the
    /// sandbox host. Every operation is paced by its own token bucket (the models' usage plans).
    ///
    /// Orders v0 with their items (ship-to city, region, postal code, country), Listings Items,
    /// FBA inventory summaries (fulfillable, reserved, inbound), Product Pricing offers per ASIN
    /// and a Product Fees estimate per SKU. With --report, a bulk report is requested instead,
    /// downloaded (gunzipped when it is gzip) and read like `sync import` reads the file.
    ///
    /// Examples:
    ///   sellkit sync amazon
    ///   sellkit sync amazon --only orders,inventory --since 2025-06-01
    ///   sellkit sync amazon --report orders --since 2025-01-01
    #[command(verbatim_doc_comment)]
    Amazon(AmazonArgs),
    /// Sync every marketplace whose credentials are complete, one after the other
    ///
    /// Marketplaces without credentials are skipped with a note; with none at all, exits 3.
    /// A marketplace that fails does not stop the others (what they pulled is kept); the exit
    /// code is that of the first failure, and the summary is then left out.
    ///
    /// Examples:
    ///   sellkit sync all
    ///   sellkit sync all --only orders --json
    #[command(verbatim_doc_comment)]
    All(ApiArgs),
    /// List the records a marketplace sync rejected, or clear them
    ///
    /// A record that fails validation during `sync etsy|shopify|ebay|amazon` (an amount that is
    /// not exact, a negative quantity, a missing or malformed field, a country that is not ISO
    /// 3166) is stored nowhere but here: marketplace, operation, the record's id at the
    /// marketplace, the reason and when, newest first. The record as the marketplace sent it
    /// (secret-looking fields redacted) is shown with --details, and is in --json. A record
    /// rejected again replaces its earlier row; one that later passes stays here until cleared.
    ///
    /// Examples:
    ///   sellkit sync rejects
    ///   sellkit sync rejects --marketplace ebay --details
    ///   sellkit sync rejects --json | jq '.rejects[] | {operation, external_id, reason}'
    ///   sellkit sync rejects --clear --marketplace amazon
    #[command(verbatim_doc_comment)]
    Rejects(RejectsArgs),
}

/// Options of `sync rejects`.
#[derive(Debug, clap::Args)]
pub struct RejectsArgs {
    /// Only the rejects of this marketplace
    #[arg(long, value_name = "MARKETPLACE", value_parser = ["etsy", "shopify", "amazon", "ebay"])]
    pub marketplace: Option<String>,
    /// Also show each record as the marketplace sent it (secrets redacted)
    #[arg(long, conflicts_with = "clear")]
    pub details: bool,
    /// Delete the rejects (of --marketplace, or all) instead of listing them
    #[arg(long)]
    pub clear: bool,
}

/// Options of the marketplace API syncs.
#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// Ignore the stored cursors and pull everything again
    #[arg(long, conflicts_with = "since")]
    pub full: bool,
    /// Pull changes since this date (YYYY-MM-DD, UTC) instead of since the last sync
    #[arg(long, value_name = "DATE", value_parser = crate::cli::parse_date)]
    pub since: Option<jiff::civil::Date>,
    /// Only these resources (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "RESOURCE")]
    pub only: Vec<Resource>,
    /// Stop after this many pages in all; the next run resumes where this one stopped
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_pages: Option<u64>,
}

/// Options of `sync amazon`.
#[derive(Debug, clap::Args)]
pub struct AmazonArgs {
    #[command(flatten)]
    pub api: ApiArgs,
    /// Backfill from a bulk report (All Orders by last update, or All Listings) instead of the
    /// API pages; the window starts at --since (default: 30 days back; --full: two years back)
    #[arg(long, value_enum, value_name = "REPORT", conflicts_with_all = ["only", "max_pages"])]
    pub report: Option<ReportKind>,
}

impl ApiArgs {
    fn options(&self, ctx: &Context) -> Result<SyncOptions> {
        Ok(SyncOptions {
            full: self.full,
            since: self.since.map(crate::time::start_of_day),
            only: self.only.clone(),
            max_pages: self.max_pages,
            now: crate::time::rfc3339(ctx.now),
            ..SyncOptions::default()
        }
        .with_config(&ctx.config.sync))
    }
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
        to_json(&wire::DemoDoc {
            schema_version: SCHEMA_VERSION,
            source: "demo",
            summary: &self.0,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let s = &self.0;
        let rows = to_json(&s.rows);
        rows.as_object()
            .map(|m| {
                m.iter()
                    .map(|(table, n)| {
                        to_json(&wire::DemoRecord {
                            source: "demo",
                            seed: s.seed,
                            table,
                            rows: n.as_u64().unwrap_or_default(),
                        })
                    })
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

impl Render for Imported {
    fn document(&self) -> serde_json::Value {
        let s = &self.0;
        to_json(&wire::ImportDoc {
            schema_version: SCHEMA_VERSION,
            source: "import",
            committed: s.committed,
            lenient: s.lenient,
            rows_rejected: s.rows_rejected,
            files: &s.files,
            bad_rows: &s.bad_rows,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.0.files.iter().map(to_json).collect()
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
        None => ctx.config.import.currency.get(),
    };
    let currency =
        Currency::new(&currency_text).map_err(|e| Error::usage(format!("--currency: {e}")))?;
    let shop = match a.shop {
        Some(s) => s,
        None => ctx.config.import.shop.get(),
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
            ctx.out.warn(&format!(
                "{}: header only, no rows to import",
                sanitize::one_line(&f.file)
            ));
        }
        if f.rows_duplicate > 0 {
            ctx.out.status(&format!(
                "{}: {} duplicate rows (an order line already read, with the same values) counted once",
                sanitize::one_line(&f.file),
                table::count(f.rows_duplicate as i64)
            ));
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

/// Runs one connector to the end on a runtime of its own, with a progress bar per resource on
/// a terminal. Each marketplace's arm in [`run`] builds its connector and calls this.
pub fn run_connector<C: Connector>(
    ctx: &Context,
    mut conn: C,
    opts: &SyncOptions,
) -> Result<SyncSummary> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("async runtime: {e}")))?;
    let mut store = ctx.open_store_create()?;
    let bar = ctx.out.progress();
    let started = std::time::Instant::now();
    let summary = rt.block_on(api::sync(&mut conn, &mut store, opts, &bar))?;
    drop(bar);
    let rows: u64 = summary
        .resources
        .iter()
        .map(|r| rows_written(&r.counts))
        .sum();
    ctx.out.status(&format!(
        "{}: {} rows from {} calls in {:.1} s{}",
        summary.marketplace,
        table::count(rows as i64),
        table::count(summary.calls.calls as i64),
        started.elapsed().as_secs_f64(),
        if summary.complete {
            String::new()
        } else {
            "; stopped early (--max-pages): the next run resumes".to_string()
        }
    ));
    for r in &summary.resources {
        if let Some(why) = &r.skipped {
            ctx.out.warn(&format!(
                "{} {}: skipped: {}",
                summary.marketplace,
                sanitize::one_line(r.resource.name()),
                sanitize::one_line(why)
            ));
        }
        if let Some(why) = &r.pagination_stopped {
            ctx.out.warn(&format!(
                "{}: {}; what it sent is stored, and the next run asks for the same window again",
                sanitize::one_line(r.resource.name()),
                sanitize::one_line(why)
            ));
        }
    }
    if summary.records_rejected > 0 {
        ctx.out.warn(&format!(
            "{}: {} record(s) failed validation and were not stored; `sellkit sync rejects` lists them (table sync_rejects)",
            summary.marketplace,
            table::count(summary.records_rejected as i64)
        ));
        for e in &summary.rejected_examples {
            ctx.out.warn(&format!("  {}", sanitize::one_line(e)));
        }
    }
    if let Some(first) = summary.pages_over_reject_share.first() {
        let pct = *ctx.config.sync.max_reject_percent;
        return Err(Error::input(format!(
            "{}: more than {pct}% of a page's records were rejected ({}{}); what passed is stored, `sellkit sync rejects` lists the rejects (sync.max_reject_percent sets the share)",
            summary.marketplace,
            sanitize::one_line(first),
            match summary.pages_over_reject_share.len() {
                1 => String::new(),
                n => format!(", and {} more page(s)", n - 1),
            }
        )));
    }
    Ok(summary)
}

fn rows_written(c: &crate::marketplaces::sink::Counts) -> u64 {
    c.orders
        + c.order_lines
        + c.listings
        + c.products
        + c.inventory
        + c.offers
        + c.costs
        + c.lots
        + c.signals
}

/// The marketplaces `sync all` visits, in order.
const API_MARKETPLACES: &[&str] = &["etsy", "shopify", "ebay", "amazon"];

/// Syncs one marketplace by name.
fn sync_one(
    ctx: &Context,
    marketplace: &str,
    creds: Credentials,
    opts: &SyncOptions,
) -> Result<SyncSummary> {
    match marketplace {
        "etsy" => {
            let cfg = EtsyEndpoint::from_config(&ctx.config.etsy, &ctx.config.sync);
            run_connector(ctx, EtsyConnector::new(cfg, creds, ctx.now)?, opts)
        }
        "shopify" => {
            let cfg = ShopifyEndpoint::from_config(&ctx.config.shopify, &ctx.config.sync, &creds)?;
            run_connector(ctx, ShopifyConnector::new(cfg, &creds)?, opts)
        }
        "ebay" => {
            let cfg = EbayEndpoint::from_config(&ctx.config.ebay);
            let client = api::client_config(&ctx.config.sync);
            run_connector(ctx, EbayConnector::new(cfg, creds, ctx.now, client)?, opts)
        }
        "amazon" => {
            let cfg = AmazonEndpoint::from_config(&ctx.config.amazon)?;
            let client = api::client_config(&ctx.config.sync);
            run_connector(
                ctx,
                AmazonConnector::new(cfg, creds, ctx.now, client)?,
                opts,
            )
        }
        other => Err(Error::usage(format!("no API sync for {other}"))),
    }
}

fn run_all(ctx: &Context, opts: &SyncOptions) -> Result<()> {
    let mut done = Vec::new();
    let mut first_error = None;
    for mp in API_MARKETPLACES {
        // Skip marketplaces without credentials; report others' failures and go on.
        let creds = match ctx.credentials(mp) {
            Err(e) if e.kind() == crate::error::ErrorKind::Config => {
                ctx.out.status(&format!("{mp}: skipped ({e})"));
                continue;
            }
            Err(e) => return Err(e),
            Ok(c) => c,
        };
        match sync_one(ctx, mp, creds, opts) {
            Ok(s) => done.push(s),
            // The first failure is the final error; later ones are told as they happen.
            Err(e) if first_error.is_some() => ctx.out.warn(&e.to_string()),
            Err(e) => first_error = Some(e),
        }
    }
    if done.is_empty() && first_error.is_none() {
        return Err(Error::config(format!(
            "no marketplace has credentials: run `sellkit auth login MARKETPLACE` or set the SELLKIT_<MARKETPLACE>_<FIELD> variables (see `sellkit sync {} --help`)",
            API_MARKETPLACES.join("|")
        )));
    }
    // On a failure stdout stays empty, as for every error; what the others wrote is committed
    // and each one's status line on stderr says so.
    match first_error {
        Some(e) => Err(e),
        None => ctx.out.print(&Synced(done)),
    }
}

/// `sync amazon --report`: one bulk report into the store.
fn run_report(
    ctx: &Context,
    creds: Credentials,
    kind: ReportKind,
    opts: &SyncOptions,
) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(anyhow::anyhow!("async runtime: {e}")))?;
    let cfg = AmazonEndpoint::from_config(&ctx.config.amazon)?;
    let client = api::client_config(&ctx.config.sync);
    let mut conn = AmazonConnector::new(cfg, creds, ctx.now, client)?;
    let mut store = ctx.open_store_create()?;
    let bar = ctx.out.progress();
    let started = std::time::Instant::now();
    let summary = rt.block_on(amazon::backfill_report(
        &mut conn, &mut store, kind, opts, &bar,
    ))?;
    drop(bar);
    ctx.out.status(&format!(
        "amazon: report {} ({}): {} rows, {} orders, {} listings in {:.1} s",
        summary.report_id,
        summary.processing_status,
        table::count(summary.rows as i64),
        table::count(summary.counts.orders as i64),
        table::count(summary.counts.listings as i64),
        started.elapsed().as_secs_f64()
    ));
    ctx.out.print(&Reported(summary))
}

/// The summary of an Amazon report backfill.
struct Reported(amazon::ReportSummary);

impl Render for Reported {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::ReportDoc {
            schema_version: SCHEMA_VERSION,
            source: "amazon-report",
            report: &self.0,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let s = &self.0;
        vec![to_json(&wire::ReportRecord {
            marketplace: s.marketplace,
            shop: &s.shop,
            report_type: s.report_type,
            report_id: &s.report_id,
            processing_status: &s.processing_status,
            compression: s.compression.as_deref(),
            bytes: s.bytes,
            encoding: &s.encoding,
            rows: s.rows,
            orders: s.counts.orders,
            order_lines: s.counts.order_lines,
            listings: s.counts.listings,
            products: s.counts.products,
            inventory: s.counts.inventory,
            calls: s.calls.calls,
            retries: s.calls.retries,
            throttled: s.calls.throttled,
        })]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let s = &self.0;
        let n = |v: u64| table::count(v as i64);
        let body = vec![
            vec!["report".to_string(), sanitize::one_line(&s.report_id)],
            vec!["type".to_string(), s.report_type.to_string()],
            vec![
                "status".to_string(),
                sanitize::one_line(&s.processing_status),
            ],
            vec![
                "document".to_string(),
                format!(
                    "{} bytes{}{}",
                    n(s.bytes),
                    s.compression
                        .as_deref()
                        .map(|c| format!(", {}", sanitize::one_line(c)))
                        .unwrap_or_default(),
                    if s.encoding.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", s.encoding)
                    }
                ),
            ],
            vec!["rows".to_string(), n(s.rows)],
            vec!["orders".to_string(), n(s.counts.orders)],
            vec!["order lines".to_string(), n(s.counts.order_lines)],
            vec!["listings".to_string(), n(s.counts.listings)],
            vec!["inventory".to_string(), n(s.counts.inventory)],
        ];
        vec![Titled {
            title: Some(format!("amazon ({})", sanitize::one_line(&s.shop))),
            table: table::build(opts, &[("", Align::Left), ("", Align::Right)], body),
            note: Some(format!(
                "{} calls, {} retries, {} throttled",
                n(s.calls.calls),
                n(s.calls.retries),
                n(s.calls.throttled)
            )),
        }]
    }
}

/// `sync rejects`: the quarantined records, or how many were cleared.
fn run_rejects(ctx: &Context, a: RejectsArgs) -> Result<()> {
    let which = a.marketplace.as_deref();
    if a.clear {
        let mut store = ctx.open_store()?;
        let n = rejects::clear(&mut store, which)?;
        ctx.out.status(&format!(
            "Cleared {} rejected record(s){}.",
            table::count(n as i64),
            which.map(|m| format!(" of {m}")).unwrap_or_default()
        ));
        return ctx.out.print(&Cleared {
            marketplace: a.marketplace,
            cleared: n,
        });
    }
    let store = ctx.open_store()?;
    let rows = rejects::list(&store, which)?;
    if rows.is_empty() {
        ctx.out.status("No rejected records.");
    }
    ctx.out.print(&Rejects {
        rows,
        details: a.details,
    })
}

/// The rows of `sync rejects`.
struct Rejects {
    rows: Vec<rejects::StoredReject>,
    details: bool,
}

impl Rejects {
    fn record(r: &rejects::StoredReject, raw: bool) -> wire::RejectRecord<'_> {
        wire::RejectRecord {
            id: r.id,
            marketplace: &r.marketplace,
            shop: r.shop_external_id.as_deref(),
            resource: &r.resource,
            operation: &r.operation,
            external_id: r.external_id.as_deref(),
            reason: &r.reason,
            rejected_at: &r.rejected_at,
            raw: raw.then_some(&r.raw),
        }
    }
}

impl Render for Rejects {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::RejectsDoc {
            schema_version: SCHEMA_VERSION,
            rejects: self.rows.iter().map(|r| Rejects::record(r, true)).collect(),
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.rows
            .iter()
            .map(|r| to_json(&Rejects::record(r, self.details)))
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let id = |r: &rejects::StoredReject| {
            sanitize::one_line(r.external_id.as_deref().unwrap_or("(no id)"))
        };
        if self.details {
            // One block per record: what and why, then the record as it came (the printer
            // passes notes through the terminal sanitizer).
            return self
                .rows
                .iter()
                .map(|r| Titled {
                    title: Some(format!(
                        "{} {} {}",
                        r.marketplace,
                        sanitize::one_line(&r.operation),
                        id(r)
                    )),
                    table: table::key_values(
                        opts,
                        vec![
                            ("resource".into(), r.resource.clone()),
                            ("reason".into(), sanitize::one_line(&r.reason)),
                            ("rejected at".into(), r.rejected_at.clone()),
                        ],
                    ),
                    note: Some(raw_text(&r.raw)),
                })
                .collect();
        }
        let body = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.marketplace.clone(),
                    sanitize::one_line(&r.operation),
                    id(r),
                    sanitize::one_line(&r.reason),
                    r.rejected_at.clone(),
                ]
            })
            .collect();
        vec![Titled {
            title: Some(format!(
                "Rejected records ({})",
                table::count(self.rows.len() as i64)
            )),
            table: table::build(
                opts,
                &[
                    ("marketplace", Align::Left),
                    ("operation", Align::Left),
                    ("external id", Align::Left),
                    ("reason", Align::Left),
                    ("rejected at", Align::Left),
                ],
                body,
            ),
            note: (!self.rows.is_empty()).then(|| {
                "--details shows each record as it came; `sellkit sync rejects --clear` deletes them"
                    .to_string()
            }),
        }]
    }
}

/// A reject's raw JSON for the terminal: pretty, with control characters (C0 by serde, C1 and
/// bidirectional overrides by [`crate::output::json_safe`]) written as `\uXXXX` escapes.
fn raw_text(raw: &serde_json::Value) -> String {
    let mut out = Vec::new();
    match crate::output::json_safe::write(&mut out, raw, true) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(_) => "null".into(),
    }
}

/// What `sync rejects --clear` deleted.
struct Cleared {
    marketplace: Option<String>,
    cleared: u64,
}

impl Cleared {
    fn record(&self) -> wire::ClearedRecord<'_> {
        wire::ClearedRecord {
            marketplace: self.marketplace.as_deref(),
            cleared: self.cleared,
        }
    }
}

impl Render for Cleared {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::ClearedDoc {
            schema_version: SCHEMA_VERSION,
            cleared: self.record(),
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        vec![to_json(&self.record())]
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        vec![Titled {
            title: None,
            table: table::key_values(
                opts,
                vec![("cleared".into(), table::count(self.cleared as i64))],
            ),
            note: None,
        }]
    }
}

/// The summary of one or more marketplace syncs.
pub struct Synced(pub Vec<SyncSummary>);

impl Render for Synced {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::SyncedDoc {
            schema_version: SCHEMA_VERSION,
            source: "api",
            marketplaces: &self.0,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for s in &self.0 {
            for r in &s.resources {
                out.push(to_json(&wire::SyncRecord {
                    marketplace: s.marketplace,
                    shop: &s.shop,
                    resource: r.resource,
                    pages: r.pages,
                    resumed: r.resumed,
                    since: r.since.as_deref(),
                    rows: rows_written(&r.counts),
                    orders: r.counts.orders,
                    order_lines: r.counts.order_lines,
                    listings: r.counts.listings,
                    listings_removed: r.listings_removed,
                    products: r.counts.products,
                    inventory: r.counts.inventory,
                    records_rejected: r.records_rejected,
                    pagination_stopped: r.pagination_stopped.as_deref(),
                    ledger_entries: r.counts.ledger_entries,
                    payouts: r.counts.payouts,
                    skipped: r.skipped.as_deref(),
                    calls: s.calls.calls,
                    retries: s.calls.retries,
                    throttled: s.calls.throttled,
                    quota: s.calls.quota.as_deref(),
                    complete: s.complete,
                }));
            }
        }
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let n = |v: u64| table::count(v as i64);
        self.0
            .iter()
            .map(|s| {
                let body = s
                    .resources
                    .iter()
                    .map(|r| {
                        vec![
                            r.resource.name().to_string(),
                            n(r.pages),
                            n(rows_written(&r.counts)),
                            n(r.counts.orders),
                            n(r.counts.order_lines),
                            n(r.counts.listings),
                            n(r.counts.inventory),
                            r.since.clone().unwrap_or_else(|| "all".into()),
                        ]
                    })
                    .collect();
                let mut note = format!(
                    "{} calls, {} retries, {} throttled",
                    n(s.calls.calls),
                    n(s.calls.retries),
                    n(s.calls.throttled)
                );
                if let Some(q) = &s.calls.quota {
                    note.push_str(&format!("; quota: {}", sanitize::one_line(q)));
                }
                let removed: u64 = s.resources.iter().map(|r| r.listings_removed).sum();
                if removed > 0 {
                    note.push_str(&format!(
                        "; {} listing(s) no longer at the marketplace marked removed",
                        n(removed)
                    ));
                }
                if s.records_rejected > 0 {
                    note.push_str(&format!(
                        "; {} record(s) rejected (`sellkit sync rejects` lists them)",
                        n(s.records_rejected)
                    ));
                }
                let cut = s
                    .resources
                    .iter()
                    .filter(|r| r.pagination_stopped.is_some())
                    .count();
                if cut > 0 {
                    note.push_str(&format!(
                        "; {cut} resource(s) ended at a page whose counts contradict its next link (see the warnings)"
                    ));
                }
                if !s.complete {
                    note.push_str("; stopped early: the next run resumes");
                }
                Titled {
                    title: Some(format!(
                        "{} ({})",
                        s.marketplace,
                        sanitize::one_line(&s.shop)
                    )),
                    table: table::build(
                        opts,
                        &[
                            ("resource", Align::Left),
                            ("pages", Align::Right),
                            ("rows", Align::Right),
                            ("orders", Align::Right),
                            ("lines", Align::Right),
                            ("listings", Align::Right),
                            ("inventory", Align::Right),
                            ("since", Align::Left),
                        ],
                        body,
                    ),
                    note: Some(note),
                }
            })
            .collect()
    }
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.source {
        Source::Import(a) => run_import(ctx, a),
        Source::Etsy(a) => {
            let s = sync_one(ctx, "etsy", ctx.credentials("etsy")?, &a.options(ctx)?)?;
            ctx.out.print(&Synced(vec![s]))
        }
        Source::Shopify(a) => {
            let s = sync_one(
                ctx,
                "shopify",
                ctx.credentials("shopify")?,
                &a.options(ctx)?,
            )?;
            ctx.out.print(&Synced(vec![s]))
        }
        Source::Ebay(a) => {
            let s = sync_one(ctx, "ebay", ctx.credentials("ebay")?, &a.options(ctx)?)?;
            ctx.out.print(&Synced(vec![s]))
        }
        Source::Amazon(a) => {
            let creds = ctx.credentials("amazon")?;
            match a.report {
                Some(kind) => run_report(ctx, creds, kind, &a.api.options(ctx)?),
                None => {
                    let s = sync_one(ctx, "amazon", creds, &a.api.options(ctx)?)?;
                    ctx.out.print(&Synced(vec![s]))
                }
            }
        }
        Source::All(a) => run_all(ctx, &a.options(ctx)?),
        Source::Rejects(a) => run_rejects(ctx, a),
        Source::Demo(a) => {
            let seed = match a.seed {
                Some(s) => s,
                None => *ctx.config.demo.seed as u64,
            };
            let skus = match a.skus {
                Some(n) => n as usize,
                None => *ctx.config.demo.skus as usize,
            };
            let days = match a.days {
                Some(n) => n,
                None => *ctx.config.demo.days as u32,
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

/// What `sellkit sync` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;
    use serde_json::Value;

    use crate::marketplaces::api::amazon::ReportSummary;
    use crate::marketplaces::api::{Resource, SyncSummary};
    use crate::marketplaces::demo::DemoSummary;
    use crate::marketplaces::exports::{BadRow, FileSummary};

    /// The document `sellkit sync demo --json` prints.
    #[derive(Serialize)]
    pub struct DemoDoc<'a> {
        pub schema_version: u32,
        /// `demo`.
        pub source: &'static str,
        pub summary: &'a DemoSummary,
    }

    /// One NDJSON/CSV record of `sellkit sync demo`: the rows written to one table.
    #[derive(Serialize)]
    pub struct DemoRecord<'a> {
        /// `demo`.
        pub source: &'static str,
        pub seed: u64,
        pub table: &'a str,
        pub rows: u64,
    }

    /// The document `sellkit sync import --json` prints. NDJSON and CSV have one record per
    /// file, each a [`FileSummary`] as it is in `files`.
    #[derive(Serialize)]
    pub struct ImportDoc<'a> {
        pub schema_version: u32,
        /// `import`.
        pub source: &'static str,
        /// True when the data was written; false when bad rows rejected the whole import.
        pub committed: bool,
        pub lenient: bool,
        pub rows_rejected: u64,
        pub files: &'a [FileSummary],
        /// The first bad rows, in file order.
        pub bad_rows: &'a [BadRow],
    }

    /// The document `sellkit sync amazon --report KIND --json` prints.
    #[derive(Serialize)]
    pub struct ReportDoc<'a> {
        pub schema_version: u32,
        /// `amazon-report`.
        pub source: &'static str,
        pub report: &'a ReportSummary,
    }

    /// The one NDJSON/CSV record of `sellkit sync amazon --report KIND`: the report, its rows
    /// written and the calls made, flat.
    #[derive(Serialize)]
    pub struct ReportRecord<'a> {
        pub marketplace: &'static str,
        pub shop: &'a str,
        pub report_type: &'static str,
        pub report_id: &'a str,
        pub processing_status: &'a str,
        pub compression: Option<&'a str>,
        /// Size of the report document as downloaded.
        pub bytes: u64,
        pub encoding: &'a str,
        /// Report rows read.
        pub rows: u64,
        pub orders: u64,
        pub order_lines: u64,
        pub listings: u64,
        pub products: u64,
        pub inventory: u64,
        pub calls: u64,
        pub retries: u64,
        /// 429 answers received.
        pub throttled: u64,
    }

    /// The document `sellkit sync rejects --json` prints (each reject with its `raw` record).
    #[derive(Serialize)]
    pub struct RejectsDoc<'a> {
        pub schema_version: u32,
        pub rejects: Vec<RejectRecord<'a>>,
    }

    /// One quarantined record of `sellkit sync rejects`; also its NDJSON/CSV record.
    #[derive(Serialize)]
    pub struct RejectRecord<'a> {
        pub id: i64,
        pub marketplace: &'a str,
        /// The shop's id at the marketplace.
        pub shop: Option<&'a str>,
        pub resource: &'a str,
        pub operation: &'a str,
        pub external_id: Option<&'a str>,
        pub reason: &'a str,
        /// When it was last rejected (RFC 3339 UTC).
        pub rejected_at: &'a str,
        /// The record as the marketplace sent it, secrets redacted (`null` if it cannot be
        /// read). Always in the JSON document; in NDJSON and CSV only with --details.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub raw: Option<&'a Value>,
    }

    /// The document `sellkit sync rejects --clear --json` prints.
    #[derive(Serialize)]
    pub struct ClearedDoc<'a> {
        pub schema_version: u32,
        #[serde(flatten)]
        pub cleared: ClearedRecord<'a>,
    }

    /// The one NDJSON/CSV record of `sellkit sync rejects --clear`.
    #[derive(Serialize)]
    pub struct ClearedRecord<'a> {
        /// The marketplace cleared; `null` for all of them.
        pub marketplace: Option<&'a str>,
        /// Records deleted.
        pub cleared: u64,
    }

    /// The document `sellkit sync etsy|shopify|ebay|amazon|all --json` prints.
    #[derive(Serialize)]
    pub struct SyncedDoc<'a> {
        pub schema_version: u32,
        /// `api`.
        pub source: &'static str,
        pub marketplaces: &'a [SyncSummary],
    }

    /// One NDJSON/CSV record of a marketplace sync: one resource of one marketplace, with the
    /// marketplace's calls and completeness repeated on each.
    #[derive(Serialize)]
    pub struct SyncRecord<'a> {
        pub marketplace: &'static str,
        pub shop: &'a str,
        pub resource: Resource,
        pub pages: u64,
        pub resumed: bool,
        /// The window the run covered (`null` = everything).
        pub since: Option<&'a str>,
        /// Rows written, all tables together.
        pub rows: u64,
        pub orders: u64,
        pub order_lines: u64,
        pub listings: u64,
        /// Listings no longer at the marketplace, now marked `removed`.
        pub listings_removed: u64,
        pub products: u64,
        pub inventory: u64,
        pub records_rejected: u64,
        /// Why the walk ended early at a page that named a next one; `null` otherwise.
        pub pagination_stopped: Option<&'a str>,
        /// Money movements and payouts written (the `ledger` resource).
        pub ledger_entries: u64,
        pub payouts: u64,
        /// Why the resource was not pulled (the token lacks a scope, ...); `null` when it was.
        pub skipped: Option<&'a str>,
        pub calls: u64,
        pub retries: u64,
        pub throttled: u64,
        /// The quota left, as the marketplace last stated it.
        pub quota: Option<&'a str>,
        /// False when the sync stopped early; the next run resumes.
        pub complete: bool,
    }
}
