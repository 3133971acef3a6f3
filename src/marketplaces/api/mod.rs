//! Marketplace APIs behind one trait (DESIGN §5): a connector pulls pages of listings, orders,
//! inventory and competitor offers since a cursor; [`sync`] writes each page and its cursor in
//! one transaction, so an interrupted sync resumes where it stopped, and upserts keyed by
//! external ids leave no duplicates when pages are seen twice.

pub mod amazon;
pub mod client;
pub mod ebay;
pub mod etsy;
pub mod shopify;
pub mod wire;

use std::future::Future;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::marketplaces::exports::sink::{Counts, Record, ShopKey, Sink};
use crate::progress::Progress;
use crate::store::Store;
pub use client::{ApiClient, Bucket, CallError, CallStats, ClientConfig};

/// Timeouts and retry bounds from the `sync.*` settings.
pub fn client_config(s: &crate::settings::Settings) -> Result<ClientConfig> {
    let d = ClientConfig::default();
    let min_delay = std::time::Duration::from_millis(s.get_i64("sync.retry_delay_ms")? as u64);
    Ok(ClientConfig {
        timeout: std::time::Duration::from_secs(s.get_i64("sync.timeout")? as u64),
        max_retries: s.get_i64("sync.max_retries")? as usize,
        min_delay,
        max_delay: d.max_delay.max(min_delay),
        max_retry_after: d.max_retry_after,
    })
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
}

impl Resource {
    pub fn name(self) -> &'static str {
        match self {
            Resource::Listings => "listings",
            Resource::Orders => "orders",
            Resource::Inventory => "inventory",
            Resource::Offers => "offers",
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
    /// Stop after this many pages in all (tests simulate an interruption with it).
    pub max_pages: Option<u64>,
    pub now: String,
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
}

fn max_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b > a { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Ensures the shop row (origin `api`) and returns its id.
fn shop_id(store: &mut Store, shop: &ShopKey, marketplace: &str, now: &str) -> Result<i64> {
    store.write(|tx| {
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
    })
}

fn load_cursor(store: &Store, shop_id: i64, resource: Resource) -> Result<Cursor> {
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

/// Pulls every resource of one connector into the store, a transaction per page.
pub async fn sync<C: Connector>(
    conn: &mut C,
    store: &mut Store,
    opts: &SyncOptions,
    progress: &dyn Progress,
) -> Result<SyncSummary> {
    let shop = conn.shop().await?;
    let sid = shop_id(store, &shop, conn.name(), &opts.now)?;
    let mut summary = SyncSummary {
        marketplace: conn.name(),
        shop: shop.name.clone(),
        resources: Vec::new(),
        calls: CallStats::default(),
        complete: true,
    };
    let mut pages_left = opts.max_pages;
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
        };
        progress.start(0, &format!("{} {}", conn.name(), resource.name()));
        loop {
            if let Some(left) = pages_left.as_mut() {
                if *left == 0 {
                    summary.complete = false;
                    summary.resources.push(rs);
                    break 'resources;
                }
                *left -= 1;
            }
            let page = conn
                .pull(&shop, resource, cur.window.as_deref(), cur.page.as_deref())
                .await?;
            cur.high = max_opt(cur.high.take(), page.newest.clone());
            cur.page = page.next.clone();
            let done = cur.page.is_none();
            if done {
                // The next run starts from the newest change this run saw.
                cur = Cursor {
                    since: max_opt(cur.since.take(), cur.high.take()),
                    ..Cursor::default()
                };
            }
            let text = serde_json::to_string(&cur).expect("cursor serialises");
            let n = page.records.len() as u64;
            store.write(|tx| {
                let mut sink = Sink::with_origin(tx, &opts.now, "api")?;
                for r in page.records {
                    sink.write(r, &mut rs.counts)?;
                }
                drop(sink);
                if done && enumerates && let Some(started) = &started {
                    // Every listing this run wrote has updated_at >= its start.
                    rs.listings_removed = tx.execute(
                        "UPDATE listings SET state = 'removed', updated_at = ?3
                         WHERE shop_id = ?1 AND state <> 'removed' AND updated_at < ?2",
                        params![sid, started, opts.now],
                    )? as u64;
                }
                tx.execute(
                    "INSERT INTO sync_cursors (shop_id, resource, cursor, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (shop_id, resource) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                    params![sid, resource.name(), text, opts.now],
                )?;
                Ok(())
            })?;
            rs.pages += 1;
            progress.inc(n);
            if done {
                break;
            }
        }
        progress.finish();
        summary.resources.push(rs);
    }
    summary.calls = conn.client().stats();
    let counts = serde_json::to_string(&summary.resources).expect("summary serialises");
    let outcome = if summary.complete { "ok" } else { "partial" };
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
    use crate::marketplaces::exports::sink::{LineRec, OrderLevel, OrderRec};
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
            vec![Resource::Orders]
        }
        async fn shop(&mut self) -> Result<ShopKey> {
            Ok(shop())
        }
        async fn pull(
            &mut self,
            _shop: &ShopKey,
            _resource: Resource,
            since: Option<&str>,
            page: Option<&str>,
        ) -> Result<Page> {
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
