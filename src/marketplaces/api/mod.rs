//! Marketplace APIs behind one trait (DESIGN §5): a connector pulls pages of listings, orders,
//! inventory and competitor offers since a cursor; [`sync`] writes each page and its cursor in
//! one transaction, so an interrupted sync resumes where it stopped, and upserts keyed by
//! external ids leave no duplicates when pages are seen twice.

pub mod amazon;
pub mod client;
pub mod ebay;
pub mod etsy;
pub mod oauth;
pub mod paging;
pub mod rejects;
pub mod shopify;
pub mod wire;

use std::future::Future;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::marketplaces::sink::{Counts, Record, ShopKey, Sink};
use crate::progress::Progress;
use crate::settings::SyncConfig;
use crate::store::Store;
pub use client::{ApiClient, Bucket, CallError, CallStats, ClientConfig};
pub use paging::{PageInfo, Walk};

/// Timeouts and retry bounds from the `[sync]` config.
pub fn client_config(s: &SyncConfig) -> ClientConfig {
    let d = ClientConfig::default();
    let min_delay = std::time::Duration::from_millis(*s.retry_delay_ms as u64);
    ClientConfig {
        timeout: std::time::Duration::from_secs(*s.timeout_secs as u64),
        max_retries: *s.max_retries as usize,
        min_delay,
        max_delay: d.max_delay.max(min_delay),
        max_retry_after: d.max_retry_after,
    }
}

/// Short timeouts and delays for tests against loopback mocks.
#[cfg(test)]
pub(crate) fn test_client_config() -> ClientConfig {
    ClientConfig {
        timeout: std::time::Duration::from_millis(800),
        max_retries: 3,
        min_delay: std::time::Duration::from_millis(5),
        max_delay: std::time::Duration::from_millis(20),
        max_retry_after: std::time::Duration::from_secs(5),
    }
}

/// What a connector pulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    Listings,
    Orders,
    Inventory,
    Offers,
    /// Money movements and payouts (the marketplace's finance API), for the P&L and
    /// `report payouts`.
    Ledger,
}

impl Resource {
    pub fn name(self) -> &'static str {
        match self {
            Resource::Listings => "listings",
            Resource::Orders => "orders",
            Resource::Inventory => "inventory",
            Resource::Offers => "offers",
            Resource::Ledger => "ledger",
        }
    }
}

/// One page of a resource.
#[derive(Debug, Default)]
pub struct Page {
    pub records: Vec<Record>,
    /// Where the next page starts (offset, cursor or next token); `None` on the last page.
    pub next: Option<String>,
    /// The newest change time (RFC 3339) among the page's records, for the next run's window.
    pub newest: Option<String>,
    /// What the answer said about its position, for the pagination guards.
    pub info: PageInfo,
    /// Items of the answer that failed validation: stored nowhere but in `sync_rejects`.
    pub rejects: Vec<Reject>,
    /// Items validated, when they are not the page's own items (eBay's Browse results of an
    /// inventory page); 0 = `info.items`. The share of rejects is taken of it.
    pub validated: u64,
    /// The marketplace refused this resource for a reason the seller fixes outside this run
    /// (the token lacks the finance scope, the account has no payments account): why, and what
    /// to do. Nothing of the page is written; a default run skips the resource with a warning,
    /// `--only` fails with it (exit 3).
    pub unavailable: Option<String>,
}

/// An item of an answer that failed validation, kept for the seller to look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    pub op: &'static str,
    /// The item's id at the marketplace, when it has one we can read.
    pub external_id: Option<String>,
    pub reason: String,
    /// The item as the marketplace sent it, secrets stripped (boxed: a reject travels in the
    /// error side of results).
    pub raw: Box<serde_json::Value>,
}

impl Reject {
    /// A rejected item: its id read from the first of `id_keys` present in `raw` (a string or a
    /// number), its raw JSON with every secret-looking field replaced.
    pub fn new(
        op: &'static str,
        raw: &serde_json::Value,
        id_keys: &[&str],
        reason: impl std::fmt::Display,
    ) -> Reject {
        let external_id = id_keys.iter().find_map(|k| match raw.get(*k) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
        let mut raw = raw.clone();
        strip_secrets(&mut raw);
        Reject {
            op,
            external_id,
            reason: reason.to_string(),
            raw: Box::new(raw),
        }
    }
}

/// Whether a JSON field name looks like it holds a credential.
fn secret_key(k: &str) -> bool {
    let k = k.to_ascii_lowercase().replace(['-', '_'], "");
    [
        "token",
        "secret",
        "password",
        "authorization",
        "apikey",
        "accesskey",
        "credential",
        "signature",
        "cookie",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// Replaces the values of secret-looking fields (at any depth) with `"[redacted]"`.
pub fn strip_secrets(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, val) in m.iter_mut() {
                if secret_key(k) {
                    *val = serde_json::Value::String("[redacted]".into());
                } else {
                    strip_secrets(val);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_secrets),
        _ => {}
    }
}

/// A marketplace connector.
pub trait Connector {
    /// `etsy`, `ebay`, `shopify` or `amazon`.
    fn name(&self) -> &'static str;
    /// The HTTP client, for its call statistics.
    fn client(&self) -> &ApiClient;
    /// The resources this connector pulls, in order.
    fn resources(&self) -> Vec<Resource>;
    /// The shop the credentials belong to.
    fn shop(&mut self) -> impl Future<Output = Result<ShopKey>>;
    /// One page of `resource` changed at or after `since` (all when `None`), starting at `page`
    /// (the first page when `None`).
    fn pull(
        &mut self,
        shop: &ShopKey,
        resource: Resource,
        since: Option<&str>,
        page: Option<&str>,
    ) -> impl Future<Output = Result<Page>>;
}

/// The cursor of one shop and resource, stored as JSON in `sync_cursors`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Start of the window of the next run: the newest change seen by the last complete run.
    #[serde(default)]
    pub since: Option<String>,
    /// Set while a run is under way: its window and the page to resume at.
    #[serde(default)]
    pub window: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
    /// Newest change seen so far by the run under way.
    #[serde(default)]
    pub high: Option<String>,
    #[serde(default)]
    pub in_progress: bool,
    /// When the run under way began (its first page); listings it did not see by its end are
    /// gone from the marketplace.
    #[serde(default)]
    pub started: Option<String>,
}

/// How a sync runs.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Ignore cursors and pull everything (or everything since `since`).
    pub full: bool,
    /// Start of the window (RFC 3339), overriding the cursor.
    pub since: Option<String>,
    /// Only these resources (all when empty).
    pub only: Vec<Resource>,
    /// Stop after this many pages in all, nested ones included (tests simulate an
    /// interruption with it).
    pub max_pages: Option<u64>,
    /// Pages one resource or nested listing may take (`sync.max_pages_per_resource`).
    pub page_cap: Option<u64>,
    /// Share of a page's items (percent) that may be rejected (`sync.max_reject_percent`).
    pub max_reject_percent: Option<u8>,
    pub now: String,
}

impl SyncOptions {
    /// The options' page cap and reject share from the `[sync]` config.
    pub fn with_config(mut self, s: &SyncConfig) -> SyncOptions {
        self.page_cap = Some(s.max_pages_per_resource.max(1) as u64);
        self.max_reject_percent = Some(s.max_reject_percent.clamp(0, 100) as u8);
        self
    }
}

/// What one marketplace's sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncSummary {
    pub marketplace: &'static str,
    pub shop: String,
    pub resources: Vec<ResourceSummary>,
    pub calls: CallStats,
    /// False when the sync stopped early (`max_pages`); the next run resumes.
    pub complete: bool,
    /// Items rejected (stored in `sync_rejects`, nowhere else), all resources together.
    pub records_rejected: u64,
    /// The first few rejects, as `operation external-id: reason`.
    pub rejected_examples: Vec<String>,
    /// Pages on which more than `sync.max_reject_percent` of the items were rejected
    /// (`sync` then exits 5 at its end).
    pub pages_over_reject_share: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceSummary {
    pub resource: Resource,
    pub pages: u64,
    pub resumed: bool,
    pub counts: Counts,
    /// The window the run covered (`null` = everything).
    pub since: Option<String>,
    /// Listings stored for this shop that a full listings pull no longer found at the
    /// marketplace, now marked `removed`.
    pub listings_removed: u64,
    /// Items of this resource rejected (see `sync_rejects`).
    pub records_rejected: u64,
    /// Why the walk ended at a page that still named a next one, its own counts saying it was
    /// the last ([`paging::Walk::take_cut`]); `null` when the pages ended as they said. The
    /// next run pulls the same window again.
    pub pagination_stopped: Option<String>,
    /// Why the resource was skipped ([`Page::unavailable`]); `null` when it was pulled.
    pub skipped: Option<String>,
}

fn max_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b > a { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The shop row of `shop`, if a sync already committed data for it.
fn find_shop(store: &Store, shop: &ShopKey) -> Result<Option<i64>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT id FROM shops WHERE marketplace = ?1 AND external_id = ?2",
            params![shop.channel, shop.external_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Ensures the shop row (origin `api`) inside the transaction that commits a page for it, so
/// that a sync that fails before its first page leaves no empty shop behind.
fn ensure_shop(
    tx: &rusqlite::Transaction<'_>,
    shop: &ShopKey,
    marketplace: &str,
    now: &str,
) -> Result<i64> {
    let id: Option<i64> = tx
        .query_row(
            "SELECT id FROM shops WHERE marketplace = ?1 AND external_id = ?2",
            params![shop.channel, shop.external_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = id {
        tx.execute(
            "UPDATE shops SET name = ?2, currency = ?3, credential_key = ?4 WHERE id = ?1",
            params![id, shop.name, shop.currency.code(), marketplace],
        )?;
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO shops (marketplace, channel, external_id, name, currency, credential_key, origin, created_at)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, 'api', ?6)",
        params![shop.channel, shop.external_id, shop.name, shop.currency.code(), marketplace, now],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Writes the rejects of a page; an item rejected again replaces its earlier row.
fn write_rejects(
    tx: &rusqlite::Transaction<'_>,
    marketplace: &str,
    shop: &ShopKey,
    resource: Resource,
    rejects: &[Reject],
    now: &str,
) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO sync_rejects (marketplace, shop_external_id, resource, operation, external_id, reason, raw, rejected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (marketplace, operation, external_id) DO UPDATE SET
           shop_external_id = excluded.shop_external_id, resource = excluded.resource,
           reason = excluded.reason, raw = excluded.raw, rejected_at = excluded.rejected_at",
    )?;
    for r in rejects {
        let raw = serde_json::to_string(&r.raw).unwrap_or_else(|_| "null".into());
        st.execute(params![
            marketplace,
            shop.external_id,
            resource.name(),
            r.op,
            r.external_id,
            r.reason,
            raw,
            now
        ])?;
    }
    Ok(())
}

fn load_cursor(store: &Store, shop_id: Option<i64>, resource: Resource) -> Result<Cursor> {
    let Some(shop_id) = shop_id else {
        return Ok(Cursor::default());
    };
    let text: Option<String> = store
        .conn()
        .query_row(
            "SELECT cursor FROM sync_cursors WHERE shop_id = ?1 AND resource = ?2",
            params![shop_id, resource.name()],
            |r| r.get(0),
        )
        .optional()?;
    // A cursor we cannot read (older format) means a full pull: safe, since writes are upserts.
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// How many rejects a summary keeps as examples.
const REJECT_EXAMPLES: usize = 5;

/// Pulls every resource of one connector into the store, a transaction per page.
///
/// Every walk over a resource's pages is guarded ([`paging::Walk`]): an empty or short page
/// that still has a next one, or a next page past the stated total, ends that resource there
/// (`pagination_stopped`); a cursor seen before or more pages than the cap stop the sync with
/// an API error naming the operation and the cursor. Items that fail validation are written
/// to `sync_rejects` instead, and counted.
pub async fn sync<C: Connector>(
    conn: &mut C,
    store: &mut Store,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<SyncSummary> {
    let shop = conn.shop().await?;
    let marketplace = conn.name();
    let mut sid = find_shop(store, &shop)?;
    let cap = opts.page_cap.unwrap_or(paging::DEFAULT_PAGE_CAP);
    let reject_pct = u64::from(opts.max_reject_percent.unwrap_or(50).min(100));
    conn.client().set_budget(opts.max_pages, cap);
    let mut summary = SyncSummary {
        marketplace,
        shop: shop.name.clone(),
        resources: Vec::new(),
        calls: CallStats::default(),
        complete: true,
        records_rejected: 0,
        rejected_examples: Vec::new(),
        pages_over_reject_share: Vec::new(),
    };
    'resources: for resource in conn.resources() {
        if !opts.only.is_empty() && !opts.only.contains(&resource) {
            continue;
        }
        let stored = load_cursor(store, sid, resource)?;
        let resumed = stored.in_progress && !opts.full && opts.since.is_none();
        let mut cur = if resumed {
            stored
        } else {
            let window = match (&opts.since, opts.full) {
                (Some(s), _) => Some(s.clone()),
                (None, true) => None,
                (None, false) => stored.since.clone(),
            };
            Cursor {
                since: stored.since,
                window,
                page: None,
                high: None,
                in_progress: true,
                started: Some(opts.now.clone()),
            }
        };
        // A listings pull over everything (no window) sees every listing the shop still has.
        let enumerates = resource == Resource::Listings && cur.window.is_none();
        let started = cur.started.clone();
        let mut rs = ResourceSummary {
            resource,
            pages: 0,
            resumed,
            counts: Counts::default(),
            since: cur.window.clone(),
            listings_removed: 0,
            records_rejected: 0,
            pagination_stopped: None,
            skipped: None,
        };
        let mut walk = Walk::new(marketplace, resource.name(), cap, cur.page.as_deref());
        progress.start(0, &format!("{} {}", marketplace, resource.name()));
        loop {
            if !conn.client().take_page() {
                conn.client().take_overdrawn();
                summary.complete = false;
                summary.resources.push(rs);
                break 'resources;
            }
            let at = cur.page.clone();
            let page = conn
                .pull(&shop, resource, cur.window.as_deref(), at.as_deref())
                .await?;
            if conn.client().take_overdrawn() {
                // A nested listing ran out of --max-pages: the page is incomplete, so it is not
                // written; the next run starts at it again.
                summary.complete = false;
                summary.resources.push(rs);
                break 'resources;
            }
            if let Some(why) = page.unavailable {
                if opts.only.contains(&resource) {
                    return Err(crate::error::Error::config(format!(
                        "{marketplace} {}: {why}",
                        resource.name()
                    )));
                }
                // The run goes on with the other resources; the cursor stays as it was.
                rs.skipped = Some(why);
                break;
            }
            if page.info.restarted {
                walk = Walk::new(marketplace, resource.name(), cap, None);
            }
            // A page whose next cursor cannot be followed is still written (its records are as
            // good as any), with the cursor left at it; then the sync stops with the guard's error.
            let (next, stop) = match walk.advance(at.as_deref(), &page.info, page.next.clone()) {
                Ok(n) => (n, None),
                Err(e) => (at.clone(), Some(e)),
            };
            // An answer whose counts say it is the last page, though it names a next one,
            // ends this resource here: what it sent is kept, and the next run asks for the
            // same window again (its newest change is not trusted to be the newest there is).
            let cut = walk.take_cut();
            cur.high = max_opt(cur.high.take(), page.newest.clone());
            cur.page = next;
            let done = cur.page.is_none() && stop.is_none();
            if done {
                cur = Cursor {
                    since: if cut.is_some() {
                        cur.since.take()
                    } else {
                        // The next run starts from the newest change this run saw.
                        max_opt(cur.since.take(), cur.high.take())
                    },
                    ..Cursor::default()
                };
            }
            let rejected = page.rejects.len() as u64;
            if rejected > 0 {
                let items = if page.validated > 0 {
                    page.validated
                } else {
                    page.info.items
                }
                .max(rejected);
                if rejected * 100 > reject_pct * items {
                    let op = if page.info.op.is_empty() {
                        resource.name()
                    } else {
                        page.info.op
                    };
                    summary.pages_over_reject_share.push(format!(
                        "{marketplace} {op} at {}: {rejected} of {items} items rejected",
                        paging::show_cursor(at.as_deref())
                    ));
                }
                for r in page.rejects.iter() {
                    if summary.rejected_examples.len() < REJECT_EXAMPLES {
                        summary.rejected_examples.push(format!(
                            "{} {}: {}",
                            r.op,
                            r.external_id.as_deref().unwrap_or("(no id)"),
                            r.reason
                        ));
                    }
                }
            }
            let text = serde_json::to_string(&cur).expect("cursor serialises");
            let n = page.records.len() as u64;
            let id = store.write(|tx| {
                let id = ensure_shop(tx, &shop, marketplace, &opts.now)?;
                let mut sink = Sink::with_origin(tx, &opts.now, "api")?;
                for r in page.records {
                    sink.write(r, &mut rs.counts)?;
                }
                drop(sink);
                write_rejects(tx, marketplace, &shop, resource, &page.rejects, &opts.now)?;
                // Only a walk that read every page saw every listing.
                if done && enumerates && cut.is_none() && let Some(started) = &started {
                    // Every listing this run wrote has updated_at >= its start.
                    rs.listings_removed = tx.execute(
                        "UPDATE listings SET state = 'removed', updated_at = ?3
                         WHERE shop_id = ?1 AND state <> 'removed' AND updated_at < ?2",
                        params![id, started, opts.now],
                    )? as u64;
                }
                tx.execute(
                    "INSERT INTO sync_cursors (shop_id, resource, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (shop_id, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                    params![id, resource.name(), text, opts.now],
                )?;
                Ok(id)
            })?;
            sid = Some(id);
            rs.pages += 1;
            rs.records_rejected += rejected;
            summary.records_rejected += rejected;
            progress.inc(n);
            if let Some(e) = stop {
                return Err(e);
            }
            if cut.is_some() {
                rs.pagination_stopped = cut;
            }
            if done {
                break;
            }
        }
        progress.finish();
        summary.resources.push(rs);
    }
    summary.calls = conn.client().stats();
    let counts = serde_json::to_string(&summary.resources).expect("summary serialises");
    let cut = summary
        .resources
        .iter()
        .any(|r| r.pagination_stopped.is_some());
    let outcome = if summary.complete && !cut {
        "ok"
    } else {
        "partial"
    };
    store.write(|tx| {
        tx.execute(
            "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES (?1, ?2, ?2, ?3, ?4)",
            params![summary.marketplace, opts.now, counts, outcome],
        )?;
        Ok(())
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marketplaces::sink::{LineRec, OrderLevel, OrderRec};
    use crate::money::Currency;
    use crate::progress::NoProgress;

    /// A marketplace in memory: `orders` (external id, updated_at), served `per_page` at a time
    /// in updated_at order, filtered by `since`.
    struct Fake {
        client: ApiClient,
        orders: Vec<(String, String)>,
        per_page: usize,
        pulls: Vec<(Option<String>, Option<String>)>,
    }

    fn shop() -> ShopKey {
        ShopKey {
            channel: "etsy",
            external_id: "shop-1".into(),
            name: "Fake shop".into(),
            currency: Currency::USD,
        }
    }

    fn order(id: &str, updated: &str) -> Record {
        Record::Order(OrderRec {
            shop: shop(),
            external_id: id.into(),
            ordered_at: updated.into(),
            updated_at: updated.into(),
            status: "paid",
            currency: Currency::USD,
            ship_city: Some("Leeds".into()),
            ship_region: None,
            ship_postal_code: None,
            ship_country: Some("GB".into()),
            lines: vec![LineRec {
                external_id: Some(format!("{id}-1")),
                sku: "MUG-1".into(),
                title: Some("Mug".into()),
                quantity: 1,
                unit_price: 1500,
                discount: 0,
                shipping: 0,
                tax: 0,
                fees: 0,
            }],
            level: OrderLevel::default(),
            summary: false,
        })
    }

    impl Connector for Fake {
        fn name(&self) -> &'static str {
            "etsy"
        }
        fn client(&self) -> &ApiClient {
            &self.client
        }
        fn resources(&self) -> Vec<Resource> {
            vec![Resource::Orders, Resource::Ledger]
        }
        async fn shop(&mut self) -> Result<ShopKey> {
            Ok(shop())
        }
        async fn pull(
            &mut self,
            _shop: &ShopKey,
            resource: Resource,
            since: Option<&str>,
            page: Option<&str>,
        ) -> Result<Page> {
            if resource == Resource::Ledger {
                // The fake's token has no finance scope.
                return Ok(Page {
                    records: vec![order("ledger-should-not-land", "2025-06-01T00:00:00Z")],
                    unavailable: Some("the token lacks the finance scope".into()),
                    ..Page::default()
                });
            }
            self.pulls
                .push((since.map(String::from), page.map(String::from)));
            let mut rows: Vec<&(String, String)> = self
                .orders
                .iter()
                .filter(|(_, u)| since.is_none_or(|s| u.as_str() >= s))
                .collect();
            rows.sort_by(|a, b| a.1.cmp(&b.1));
            let offset: usize = page.map_or(0, |p| p.parse().unwrap());
            let chunk: Vec<_> = rows.iter().skip(offset).take(self.per_page).collect();
            let next =
                (offset + chunk.len() < rows.len()).then(|| (offset + chunk.len()).to_string());
            Ok(Page {
                newest: chunk.iter().map(|r| r.1.clone()).max(),
                records: chunk.iter().map(|r| order(&r.0, &r.1)).collect(),
                next,
                info: PageInfo {
                    op: "getFakeOrders",
                    items: chunk.len() as u64,
                    ..PageInfo::default()
                },
                ..Page::default()
            })
        }
    }

    fn count(store: &Store, table: &str) -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    #[tokio::test]
    async fn an_unavailable_resource_is_skipped_by_default_and_fails_when_asked_for_alone() {
        let mut store = Store::open_in_memory().unwrap();
        let mut fake = Fake {
            client: ApiClient::new("etsy", ClientConfig::default()).unwrap(),
            orders: vec![("o1".into(), "2025-06-01T00:00:00Z".into())],
            per_page: 3,
            pulls: Vec::new(),
        };
        let opts = SyncOptions {
            now: "2025-06-30T00:00:00Z".into(),
            ..SyncOptions::default()
        };
        let s = sync(&mut fake, &mut store, &opts, &NoProgress)
            .await
            .unwrap();
        assert_eq!(s.resources.len(), 2);
        assert_eq!(s.resources[0].skipped, None);
        assert_eq!(
            s.resources[1].skipped.as_deref(),
            Some("the token lacks the finance scope")
        );
        assert_eq!(s.resources[1].pages, 0);
        // Nothing of the refused page is written, and no cursor for it.
        assert_eq!(count(&store, "orders"), 1);
        let cursors: i64 = store
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM sync_cursors WHERE resource = 'ledger'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(cursors, 0);
        let only = SyncOptions {
            only: vec![Resource::Ledger],
            ..opts
        };
        let e = sync(&mut fake, &mut store, &only, &NoProgress)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Config);
        assert_eq!(
            e.to_string(),
            "etsy ledger: the token lacks the finance scope"
        );
    }

    #[tokio::test]
    async fn an_interrupted_sync_resumes_without_duplicates_then_goes_incremental() {
        let mut store = Store::open_in_memory().unwrap();
        let orders: Vec<(String, String)> = (0..10)
            .map(|i| (format!("o{i}"), format!("2025-06-{:02}T00:00:00Z", i + 1)))
            .collect();
        let mut fake = Fake {
            client: ApiClient::new("etsy", ClientConfig::default()).unwrap(),
            orders,
            per_page: 3,
            pulls: Vec::new(),
        };
        let mut opts = SyncOptions {
            now: "2025-06-30T12:00:00Z".into(),
            max_pages: Some(2),
            ..SyncOptions::default()
        };
        let s = sync(&mut fake, &mut store, &opts, &NoProgress)
            .await
            .unwrap();
        assert!(!s.complete);
        assert_eq!(count(&store, "orders"), 6);

        // Resume: starts at the stored page, not at the beginning.
        opts.max_pages = None;
        let s = sync(&mut fake, &mut store, &opts, &NoProgress)
            .await
            .unwrap();
        assert!(s.complete && s.resources[0].resumed);
        assert_eq!(fake.pulls[2], (None, Some("6".into())));
        assert_eq!(count(&store, "orders"), 10);
        assert_eq!(count(&store, "order_lines"), 10);

        // Next run: only changes since the newest one seen.
        fake.orders
            .push(("o10".into(), "2025-06-20T00:00:00Z".into()));
        fake.orders[0].1 = "2025-06-21T00:00:00Z".into();
        let s = sync(&mut fake, &mut store, &opts, &NoProgress)
            .await
            .unwrap();
        assert_eq!(
            fake.pulls.last().unwrap().0.as_deref(),
            Some("2025-06-10T00:00:00Z")
        );
        assert_eq!(s.resources[0].counts.orders, 3, "o9 again, o10, o0 changed");
        assert_eq!(count(&store, "orders"), 11);
        assert_eq!(count(&store, "order_lines"), 11);

        // --full pulls everything, still with no duplicates.
        opts.full = true;
        sync(&mut fake, &mut store, &opts, &NoProgress)
            .await
            .unwrap();
        assert_eq!(fake.pulls.last().unwrap().0, None);
        assert_eq!(count(&store, "orders"), 11);
        let origin: String = store
            .conn()
            .query_row("SELECT origin FROM shops", [], |r| r.get(0))
            .unwrap();
        assert_eq!(origin, "api");
        assert_eq!(count(&store, "sync_runs"), 4);
    }
}
