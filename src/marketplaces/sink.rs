//! Writes imported records into the store: idempotent upserts keyed by external ids.
//!
//! Orders: keyed by (shop, external id); lines by their row identity (`external_id`: Etsy's
//! Transaction ID, Amazon's order item id or SKU, Shopify's line position, eBay's transaction).
//! Rows of one order merge wherever they come from: later in the same file, another file of the
//! import, or another run. Data at least as new as the stored order (`updated_at`) replaces the
//! rows it names and the order's fields; older data only adds rows the store lacks; so
//! importing a file twice, overlapping exports, or an order's rows split over files in any
//! order, leaves one copy of each row. Order-level shipping, tax, discount and fees are kept on
//! the order and shared over its lines in proportion to line value, in a fixed line order (the
//! schema stores each line's own amounts and its total with the share). Etsy's one-row-per-order
//! file gives summary lines (`external_id` `summary:N`); an order items file for the same order
//! replaces them, and a later orders file only sets the fees. API syncs (origin `api`) replace
//! an order's lines whole: the API gives the whole order.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::exports::parse::allocate;
use crate::error::Result;
use crate::money::Currency;

/// The store a record belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ShopKey {
    /// etsy | shopify | amazon | ebay.
    pub channel: &'static str,
    pub external_id: String,
    pub name: String,
    pub currency: Currency,
}

/// One order line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRec {
    pub external_id: Option<String>,
    pub sku: String,
    pub title: Option<String>,
    pub quantity: i64,
    pub unit_price: i64,
    /// The line's own amounts (order-level ones are allocated on top).
    pub discount: i64,
    pub shipping: i64,
    pub tax: i64,
    pub fees: i64,
}

/// Amounts stated for the whole order, to be shared over its lines. `None` = not in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderLevel {
    pub discount: Option<i64>,
    pub shipping: Option<i64>,
    pub tax: Option<i64>,
    pub fees: Option<i64>,
}

/// One order as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRec {
    pub shop: ShopKey,
    pub external_id: String,
    pub ordered_at: String,
    pub updated_at: String,
    pub status: &'static str,
    pub currency: Currency,
    pub ship_city: Option<String>,
    pub ship_region: Option<String>,
    pub ship_postal_code: Option<String>,
    pub ship_country: Option<String>,
    pub lines: Vec<LineRec>,
    pub level: OrderLevel,
    /// Lines summarise the order (no per-item detail in the file).
    pub summary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingRec {
    pub shop: ShopKey,
    pub external_id: String,
    pub sku: Option<String>,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub price: i64,
    pub currency: Currency,
    pub quantity: Option<i64>,
    pub state: &'static str,
    pub url: Option<String>,
}

/// A competitor offer as seen on a marketplace. `title` is untrusted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferRec {
    pub marketplace: &'static str,
    /// Our SKU, when the offer is for one of our products.
    pub sku: Option<String>,
    /// The marketplace's product id (ASIN, ePID, listing id).
    pub product_ref: Option<String>,
    pub seller: String,
    pub title: Option<String>,
    pub price: i64,
    pub shipping: i64,
    pub currency: Currency,
    pub is_featured: bool,
    /// Which call saw it, e.g. `ebay-browse`, `amazon-pricing`.
    pub source: &'static str,
}

/// What a money movement is, for the P&L and the reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    /// Money from a buyer for an order (gross, or net of nothing).
    Sale,
    /// Money given back to a buyer.
    Refund,
    /// A marketplace's charge: transaction, listing, processing, referral, fulfilment, storage.
    Fee,
    /// Advertising: Etsy Ads, Offsite Ads, Promoted Listings, Sponsored Products.
    Ad,
    /// A postage label bought through the marketplace.
    ShippingLabel,
    /// Tax collected or remitted for the buyer (pass-through), or VAT on the marketplace's fees.
    Tax,
    /// A correction, reimbursement or credit not tied to one kind above.
    Adjustment,
    /// Money held back (or released) by the marketplace.
    Reserve,
    /// Money sent to the seller's bank (negative: it leaves the marketplace balance).
    Payout,
    Other,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 10] = [
        LedgerKind::Sale,
        LedgerKind::Refund,
        LedgerKind::Fee,
        LedgerKind::Ad,
        LedgerKind::ShippingLabel,
        LedgerKind::Tax,
        LedgerKind::Adjustment,
        LedgerKind::Reserve,
        LedgerKind::Payout,
        LedgerKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LedgerKind::Sale => "sale",
            LedgerKind::Refund => "refund",
            LedgerKind::Fee => "fee",
            LedgerKind::Ad => "ad",
            LedgerKind::ShippingLabel => "shipping_label",
            LedgerKind::Tax => "tax",
            LedgerKind::Adjustment => "adjustment",
            LedgerKind::Reserve => "reserve",
            LedgerKind::Payout => "payout",
            LedgerKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<LedgerKind> {
        LedgerKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One money movement as a statement, settlement, transaction report or finance API states it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRec {
    pub shop: ShopKey,
    /// The entry's identity at its source (a ledger entry id, or a digest of the row's cells
    /// with its occurrence number in the file): a re-import replaces the row.
    pub external_id: String,
    /// RFC 3339 (UTC), or YYYY-MM-DD when the source gives no time of day.
    pub posted_at: String,
    pub kind: LedgerKind,
    /// The finer type, snake_case: `transaction_fee`, `listing_fee`, `processing_fee`,
    /// `referral_fee`, `fba_fulfilment`, `offsite_ads`, `etsy_ads`, `storage`, `vat_on_fees`, ...
    pub entry_type: String,
    /// The source's own words for the entry (its title or description).
    pub description: String,
    /// Signed minor units: positive is money to the seller.
    pub amount: i64,
    pub currency: Currency,
    /// The marketplace's order id as the entry names it.
    pub order_ref: Option<String>,
    pub sku: Option<String>,
    /// The payout (settlement, deposit) the entry is part of, where the source says.
    pub payout_ref: Option<String>,
    /// Deferred money: the expected release date (the entry counts as pending until then);
    /// `Some("")` when the source says the money is deferred but gives no release date.
    pub pending_until: Option<String>,
    /// The marketplace's own exchange rate (decimal text) and the currency it converts from.
    pub fx: Option<(String, Currency)>,
    /// Where it was read: filled with `file:line` by the importer when left empty.
    pub source: String,
}

/// A payout (deposit, transfer, disbursement) as the marketplace reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct PayoutRec {
    pub shop: ShopKey,
    pub external_id: String,
    /// YYYY-MM-DD or RFC 3339.
    pub paid_at: String,
    /// What reached the bank, in minor units of `currency` (negative: a debit).
    pub amount: i64,
    pub currency: Currency,
    /// `paid`, `pending`, `in_transit`, `failed` or `reversed`.
    pub status: &'static str,
    /// The total in the marketplace's currency before conversion, where it differs.
    pub original: Option<(i64, Currency)>,
    /// Where it was read: filled with `file:line` by the importer when left empty.
    pub source: String,
}

/// A purchase lot: `quantity` units of `sku` received on one day at `unit_cost` each, and the
/// lot's landed cost (freight, duty, fees) for all of them, in minor units of `currency`.
#[derive(Debug, Clone, PartialEq)]
pub struct LotRec {
    pub sku: String,
    /// YYYY-MM-DD.
    pub received_on: String,
    pub quantity: i64,
    pub unit_cost: i64,
    pub landed_cost: i64,
    pub currency: Currency,
    /// The seller's PO or lot id, or a digest of the row when the file gives none.
    pub lot_ref: String,
    /// Where it was read: filled with `file:line` by the importer when left empty.
    pub source: String,
}

/// What a mapper produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// A money movement (`ledger_entries`).
    Ledger(LedgerRec),
    /// A payout (`payouts`).
    Payout(PayoutRec),
    Order(OrderRec),
    Listing(ListingRec),
    Product {
        sku: String,
        title: String,
        category: Option<String>,
        weight_g: Option<i64>,
    },
    Inventory {
        sku: String,
        location: &'static str,
        on_hand: i64,
    },
    Cost {
        sku: String,
        unit_cost: i64,
        currency: Currency,
    },
    /// Stock with its reserved and inbound parts (FBA inventory summaries).
    Stock {
        sku: String,
        location: &'static str,
        on_hand: i64,
        reserved: i64,
        inbound: i64,
    },
    /// A competitor's offer seen on a marketplace (price observation).
    Offer(OfferRec),
    /// A purchase lot (`purchase_lots`): units of a SKU bought at one unit cost, with what the
    /// whole lot cost to land; upserted on (sku, lot_ref), so a re-import replaces it.
    Lot(LotRec),
    /// A traffic or sales figure for a product over the report's period (Amazon Business Report).
    Signal {
        term: String,
        source: &'static str,
        metric: &'static str,
        value: f64,
    },
}

/// Rows written per table for one file.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub orders: u64,
    /// Orders already stored with newer data, left as they were.
    pub orders_kept_newer: u64,
    pub order_lines: u64,
    pub units: i64,
    pub listings: u64,
    pub products: u64,
    pub inventory: u64,
    pub costs: u64,
    /// Purchase lots (`purchase_lots`).
    pub lots: u64,
    pub signals: u64,
    pub offers: u64,
    pub ledger_entries: u64,
    pub payouts: u64,
    pub shops: u64,
}

pub struct Sink<'t> {
    tx: &'t Transaction<'t>,
    /// `import` for export files, `api` for marketplace syncs (stored in `origin` columns).
    origin: &'static str,
    now: String,
    today: String,
    shops: HashMap<(&'static str, String), i64>,
    new_shops: HashSet<i64>,
    last_shop: Option<(&'static str, String, i64)>,
    /// Shops that had no orders when this import began.
    empty_shops: HashMap<i64, bool>,
    /// Orders written or looked at by this import (key hashes; 1M orders take about 8 MB).
    seen: HashSet<u64>,
    /// Orders of the current file (for its `orders` count).
    file_orders: HashSet<u64>,
    skus: HashSet<String>,
    /// Per shop and table: whether it holds rows of the other origin ([`Sink::has_twins`]).
    twin_shops: HashMap<(i64, &'static str), bool>,
}

/// What the store knows of an identity a source brings ([`Sink::known_as`]).
enum Known {
    /// A row has it as its own: the normal upsert refreshes that row.
    Row,
    /// A row the other kind of source wrote has it as its twin: that row stands.
    Twin,
    /// Nothing has it yet.
    New,
}

fn order_key(shop_id: i64, ext: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    shop_id.hash(&mut h);
    ext.hash(&mut h);
    h.finish()
}

fn level_array(l: &OrderLevel) -> [Option<i64>; 4] {
    [l.discount, l.shipping, l.tax, l.fees]
}

/// The row key of an Etsy orders file's summary lines (stored as `summary:N`).
const SUMMARY: &str = "summary";

/// One stored or incoming line: a row's part (a row whose total does not divide evenly over its
/// units is stored as two lines with one identity).
#[derive(Debug, Clone)]
struct Part {
    sku: String,
    title: Option<String>,
    quantity: i64,
    unit_price: i64,
    /// The line's own discount, shipping, tax and fees (order-level shares excluded).
    own: [i64; 4],
    /// As stored (own + shares), for lines written before own amounts were kept.
    stored: [i64; 4],
}

/// A row identity and its parts.
type RowParts = (String, Vec<Part>);

struct StoredOrder {
    id: i64,
    updated_at: String,
    level: [Option<i64>; 4],
}

fn same_parts(a: &[Part], b: &[Part]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.sku == y.sku
                && x.title == y.title
                && x.quantity == y.quantity
                && x.unit_price == y.unit_price
                && x.own == y.own
        })
}

/// Row keys in a fixed order: shorter first, so that numeric ids sort as numbers.
fn canonical(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// An incoming order's lines grouped into rows: consecutive lines with one identity are one row;
/// lines without one are numbered by position; summary lines are one row.
fn incoming_rows(o: &OrderRec) -> Vec<RowParts> {
    let mut rows: Vec<RowParts> = Vec::new();
    for (i, l) in o.lines.iter().enumerate() {
        let key = if o.summary {
            SUMMARY.to_string()
        } else {
            l.external_id
                .clone()
                .unwrap_or_else(|| format!("line:{}", i + 1))
        };
        let part = Part {
            sku: l.sku.clone(),
            title: l.title.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price,
            own: [l.discount, l.shipping, l.tax, l.fees],
            stored: [0; 4],
        };
        match rows.last_mut() {
            Some(last) if last.0 == key => last.1.push(part),
            _ => rows.push((key, vec![part])),
        }
    }
    rows
}

fn count_lines(o: &OrderRec, c: &mut Counts) {
    c.order_lines += o.lines.len() as u64;
    c.units += o.lines.iter().map(|l| l.quantity).sum::<i64>();
}

impl<'t> Sink<'t> {
    pub fn new(tx: &'t Transaction<'t>, now: &str) -> Result<Sink<'t>> {
        Sink::with_origin(tx, now, "import")
    }

    /// A sink whose rows are marked with `origin` (`api` for marketplace syncs).
    pub fn with_origin(
        tx: &'t Transaction<'t>,
        now: &str,
        origin: &'static str,
    ) -> Result<Sink<'t>> {
        Ok(Sink {
            tx,
            origin,
            now: now.to_string(),
            today: now[..10].to_string(),
            shops: HashMap::new(),
            new_shops: HashSet::new(),
            last_shop: None,
            empty_shops: HashMap::new(),
            seen: HashSet::new(),
            file_orders: HashSet::new(),
            skus: HashSet::new(),
            twin_shops: HashMap::new(),
        })
    }

    /// A new file (its counts start again; rows of one order merge across files and runs).
    pub fn start_file(&mut self) {
        self.file_orders.clear();
    }

    pub fn write(&mut self, r: Record, c: &mut Counts) -> Result<()> {
        match r {
            Record::Ledger(e) => self.ledger(e, c),
            Record::Payout(p) => self.payout(p, c),
            Record::Order(o) => self.order(o, c),
            Record::Offer(o) => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO offers (marketplace, sku, product_ref, seller, title, price_minor, shipping_minor, currency, is_featured, seen_at, source)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    )?
                    .execute(params![
                        o.marketplace,
                        o.sku,
                        o.product_ref,
                        o.seller,
                        o.title,
                        o.price,
                        o.shipping,
                        o.currency.code(),
                        o.is_featured,
                        self.now,
                        o.source
                    ])?;
                c.offers += 1;
                Ok(())
            }
            Record::Listing(l) => self.listing(l, c),
            Record::Product {
                sku,
                title,
                category,
                weight_g,
            } => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO products (sku, title, category, weight_g, origin, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?6, ?5, ?5)
                         ON CONFLICT (sku) DO UPDATE SET title = excluded.title,
                           category = COALESCE(excluded.category, products.category),
                           weight_g = COALESCE(excluded.weight_g, products.weight_g),
                           updated_at = excluded.updated_at",
                    )?
                    .execute(params![sku, title, category, weight_g, self.now, self.origin])?;
                self.skus.insert(sku);
                c.products += 1;
                Ok(())
            }
            Record::Inventory {
                sku,
                location,
                on_hand,
            } => {
                self.product_stub(&sku, None)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO inventory (sku, location, on_hand, as_of, origin) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (sku, location) DO UPDATE SET on_hand = excluded.on_hand, as_of = excluded.as_of, origin = excluded.origin",
                    )?
                    .execute(params![sku, location, on_hand, self.now, self.origin])?;
                c.inventory += 1;
                Ok(())
            }
            Record::Stock {
                sku,
                location,
                on_hand,
                reserved,
                inbound,
            } => {
                self.product_stub(&sku, None)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO inventory (sku, location, on_hand, reserved, inbound, as_of, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                         ON CONFLICT (sku, location) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved,
                           inbound = excluded.inbound, as_of = excluded.as_of, origin = excluded.origin",
                    )?
                    .execute(params![sku, location, on_hand, reserved, inbound, self.now, self.origin])?;
                c.inventory += 1;
                Ok(())
            }
            Record::Cost {
                sku,
                unit_cost,
                currency,
            } => {
                self.product_stub(&sku, None)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (sku, effective_from) DO UPDATE SET unit_cost_minor = excluded.unit_cost_minor, currency = excluded.currency",
                    )?
                    .execute(params![sku, self.today, unit_cost, currency.code()])?;
                c.costs += 1;
                Ok(())
            }
            Record::Lot(l) => {
                self.product_stub(&l.sku, None)?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO purchase_lots (sku, received_on, quantity, unit_cost_minor, landed_cost_minor, currency, lot_ref, source, imported_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                         ON CONFLICT (sku, lot_ref) DO UPDATE SET received_on = excluded.received_on,
                           quantity = excluded.quantity, unit_cost_minor = excluded.unit_cost_minor,
                           landed_cost_minor = excluded.landed_cost_minor, currency = excluded.currency,
                           source = excluded.source, imported_at = excluded.imported_at",
                    )?
                    .execute(params![
                        l.sku,
                        l.received_on,
                        l.quantity,
                        l.unit_cost,
                        l.landed_cost,
                        l.currency.code(),
                        l.lot_ref,
                        l.source,
                        self.now
                    ])?;
                c.lots += 1;
                Ok(())
            }
            Record::Signal {
                term,
                source,
                metric,
                value,
            } => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO trend_signals (term, source, metric, value, observed_at) VALUES (?1, ?2, ?3, ?4, ?5)
                         ON CONFLICT (term, source, metric, observed_at) DO UPDATE SET value = excluded.value",
                    )?
                    .execute(params![term, source, metric, value, self.today])?;
                c.signals += 1;
                Ok(())
            }
        }
    }

    /// Upserts a ledger entry by (shop, external id): the same entry read again replaces its row.
    /// An entry new to the store that the other kind of source (a file for an API entry, the
    /// API for a file's row) already stored is the same movement: it joins that row as its
    /// twin instead of adding one ([`Sink::ledger_twin`]).
    fn ledger(&mut self, e: LedgerRec, c: &mut Counts) -> Result<()> {
        let shop_id = self.shop(&e.shop, c)?;
        c.ledger_entries += 1;
        let mut e = e;
        if let Some(r) = &e.payout_ref
            && self.has_twins(shop_id, "payouts")?
            && let Some(stored) = self
                .tx
                .prepare_cached(
                    "SELECT external_id FROM payouts WHERE shop_id = ?1 AND twin_id = ?2",
                )?
                .query_row(params![shop_id, r], |r| r.get::<_, String>(0))
                .optional()?
        {
            // The other source's id of a payout stored under this one's.
            e.payout_ref = Some(stored);
        }
        if self.ledger_twin(shop_id, &e)? {
            return Ok(());
        }
        let (fx_rate, fx_currency) = match &e.fx {
            Some((rate, from)) => (Some(rate.as_str()), Some(from.code())),
            None => (None, None),
        };
        let status = if e.pending_until.is_some() {
            "pending"
        } else {
            "posted"
        };
        self.tx
            .prepare_cached(
                "INSERT INTO ledger_entries (shop_id, external_id, posted_at, kind, type, description, amount_minor, currency,
                   order_ref, sku, payout_ref, status, release_at, fx_rate, fx_currency, source, origin, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
                 ON CONFLICT (shop_id, external_id) DO UPDATE SET posted_at = excluded.posted_at, kind = excluded.kind,
                   type = excluded.type, description = excluded.description, amount_minor = excluded.amount_minor,
                   currency = excluded.currency, order_ref = excluded.order_ref, sku = excluded.sku,
                   payout_ref = COALESCE(excluded.payout_ref, ledger_entries.payout_ref), status = excluded.status,
                   release_at = excluded.release_at, fx_rate = excluded.fx_rate, fx_currency = excluded.fx_currency,
                   source = excluded.source, origin = excluded.origin, imported_at = excluded.imported_at",
            )?
            .execute(params![
                shop_id,
                e.external_id,
                e.posted_at,
                e.kind.as_str(),
                e.entry_type,
                e.description,
                e.amount,
                e.currency.code(),
                e.order_ref,
                e.sku,
                e.payout_ref,
                status,
                e.pending_until.as_deref().filter(|d| !d.is_empty()),
                fx_rate,
                fx_currency,
                e.source,
                self.origin,
                self.now
            ])?;
        Ok(())
    }

    /// The other origin a twin can come from: files and the API meet; the demo shop has neither.
    fn twin_origin(&self) -> Option<&'static str> {
        match self.origin {
            "import" => Some("api"),
            "api" => Some("import"),
            _ => None,
        }
    }

    /// Whether the shop has entries (or payouts, `table`) of the other origin at all: asked once
    /// per shop and write, so a shop fed by one kind of source pays nothing for the matching.
    fn has_twins(&mut self, shop_id: i64, table: &'static str) -> Result<bool> {
        let Some(other) = self.twin_origin() else {
            return Ok(false);
        };
        if let Some(&b) = self.twin_shops.get(&(shop_id, table)) {
            return Ok(b);
        }
        let b: bool = self.tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE shop_id = ?1 AND origin = ?2)"),
            params![shop_id, other],
            |r| r.get(0),
        )?;
        self.twin_shops.insert((shop_id, table), b);
        Ok(b)
    }

    /// Whether `table` (ledger_entries or payouts) already holds `id` for the shop, as a row's
    /// own identity or as its twin's.
    fn known_as(&mut self, table: &'static str, shop_id: i64, id: &str) -> Result<Known> {
        let own: Option<bool> = self
            .tx
            .prepare_cached(&format!(
                "SELECT external_id = ?2 FROM {table}
                 WHERE shop_id = ?1 AND (external_id = ?2 OR twin_id = ?2) LIMIT 1"
            ))?
            .query_row(params![shop_id, id], |r| r.get(0))
            .optional()?;
        Ok(match own {
            Some(true) => Known::Row,
            Some(false) => Known::Twin,
            None => Known::New,
        })
    }

    /// Joins `e` to the row the other kind of source stored for the same movement, when there
    /// is one: the same shop, kind, amount, currency and order (or none), posted within a day
    /// (a statement's dates are the shop's local days, the API's times are UTC), not yet
    /// twinned. The API's version of the row wins (its ids and times are exact); the file's
    /// identity is kept in `twin_id`, so re-importing the file finds the row. Returns whether
    /// `e` was absorbed (nothing more to write).
    fn ledger_twin(&mut self, shop_id: i64, e: &LedgerRec) -> Result<bool> {
        if !self.has_twins(shop_id, "ledger_entries")? {
            return Ok(false);
        }
        match self.known_as("ledger_entries", shop_id, &e.external_id)? {
            Known::Row => return Ok(false),
            Known::Twin => return Ok(true),
            Known::New => {}
        }
        let day = &e.posted_at[..e.posted_at.len().min(10)];
        let found: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, external_id FROM ledger_entries
                 WHERE shop_id = ?1 AND order_ref IS ?2 AND kind = ?3 AND amount_minor = ?4 AND currency = ?5
                   AND origin = ?6 AND twin_id IS NULL
                   AND substr(posted_at, 1, 10) BETWEEN date(?7, '-1 day') AND date(?7, '+1 day')
                 ORDER BY abs(julianday(substr(posted_at, 1, 10)) - julianday(?7)), id LIMIT 1",
            )?
            .query_row(
                params![
                    shop_id,
                    e.order_ref,
                    e.kind.as_str(),
                    e.amount,
                    e.currency.code(),
                    self.twin_origin(),
                    day
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, their_id)) = found else {
            return Ok(false);
        };
        if self.origin == "api" {
            let (fx_rate, fx_currency) = match &e.fx {
                Some((rate, from)) => (Some(rate.as_str()), Some(from.code())),
                None => (None, None),
            };
            self.tx
                .prepare_cached(
                    "UPDATE ledger_entries SET twin_id = ?2, external_id = ?3, posted_at = ?4, type = ?5,
                       description = ?6, sku = COALESCE(?7, sku), payout_ref = COALESCE(?8, payout_ref),
                       status = ?9, release_at = ?10, fx_rate = COALESCE(?11, fx_rate),
                       fx_currency = COALESCE(?12, fx_currency), source = ?13, origin = ?14, imported_at = ?15
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    their_id,
                    e.external_id,
                    e.posted_at,
                    e.entry_type,
                    e.description,
                    e.sku,
                    e.payout_ref,
                    if e.pending_until.is_some() { "pending" } else { "posted" },
                    e.pending_until.as_deref().filter(|d| !d.is_empty()),
                    fx_rate,
                    fx_currency,
                    e.source,
                    self.origin,
                    self.now
                ])?;
        } else {
            self.tx
                .prepare_cached(
                    "UPDATE ledger_entries SET twin_id = ?2, payout_ref = COALESCE(payout_ref, ?3) WHERE id = ?1",
                )?
                .execute(params![id, e.external_id, e.payout_ref])?;
        }
        Ok(true)
    }

    /// The payout counterpart of [`Sink::ledger_twin`]: the same shop, amount and currency,
    /// paid within a day.
    fn payout_twin(&mut self, shop_id: i64, p: &PayoutRec) -> Result<bool> {
        if !self.has_twins(shop_id, "payouts")? {
            return Ok(false);
        }
        match self.known_as("payouts", shop_id, &p.external_id)? {
            Known::Row => return Ok(false),
            Known::Twin => return Ok(true),
            Known::New => {}
        }
        let day = &p.paid_at[..p.paid_at.len().min(10)];
        let found: Option<(i64, String)> = self
            .tx
            .prepare_cached(
                "SELECT id, external_id FROM payouts
                 WHERE shop_id = ?1 AND amount_minor = ?2 AND currency = ?3 AND origin = ?4 AND twin_id IS NULL
                   AND substr(paid_at, 1, 10) BETWEEN date(?5, '-1 day') AND date(?5, '+1 day')
                 ORDER BY abs(julianday(substr(paid_at, 1, 10)) - julianday(?5)), id LIMIT 1",
            )?
            .query_row(
                params![shop_id, p.amount, p.currency.code(), self.twin_origin(), day],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, their_id)) = found else {
            return Ok(false);
        };
        if self.origin == "api" {
            // Entries that name the file's payout id keep pointing at this payout.
            self.tx
                .prepare_cached(
                    "UPDATE ledger_entries SET payout_ref = ?3 WHERE shop_id = ?1 AND payout_ref = ?2",
                )?
                .execute(params![shop_id, their_id, p.external_id])?;
            self.tx
                .prepare_cached(
                    "UPDATE payouts SET twin_id = ?2, external_id = ?3, paid_at = ?4, status = ?5,
                       source = ?6, origin = ?7, imported_at = ?8 WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    their_id,
                    p.external_id,
                    p.paid_at,
                    p.status,
                    p.source,
                    self.origin,
                    self.now
                ])?;
        } else {
            self.tx
                .prepare_cached("UPDATE payouts SET twin_id = ?2 WHERE id = ?1")?
                .execute(params![id, p.external_id])?;
            // The file's entries name its own payout id: point them at the stored payout.
            self.tx
                .prepare_cached(
                    "UPDATE ledger_entries SET payout_ref = ?3 WHERE shop_id = ?1 AND payout_ref = ?2",
                )?
                .execute(params![shop_id, p.external_id, their_id])?;
        }
        Ok(true)
    }

    /// Upserts a payout by (shop, external id).
    fn payout(&mut self, p: PayoutRec, c: &mut Counts) -> Result<()> {
        let shop_id = self.shop(&p.shop, c)?;
        c.payouts += 1;
        if self.payout_twin(shop_id, &p)? {
            return Ok(());
        }
        let original = p.original.map(|(amount, _)| amount);
        let original_currency = p.original.as_ref().map(|(_, c)| c.code().to_string());
        self.tx
            .prepare_cached(
                "INSERT INTO payouts (shop_id, external_id, paid_at, amount_minor, currency, status, original_minor,
                   original_currency, source, origin, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (shop_id, external_id) DO UPDATE SET paid_at = excluded.paid_at,
                   amount_minor = excluded.amount_minor, currency = excluded.currency, status = excluded.status,
                   original_minor = excluded.original_minor, original_currency = excluded.original_currency,
                   source = excluded.source, origin = excluded.origin, imported_at = excluded.imported_at",
            )?
            .execute(params![
                shop_id,
                p.external_id,
                p.paid_at,
                p.amount,
                p.currency.code(),
                p.status,
                original,
                original_currency,
                p.source,
                self.origin,
                self.now
            ])?;
        Ok(())
    }

    fn shop(&mut self, s: &ShopKey, c: &mut Counts) -> Result<i64> {
        if let Some((ch, ext, id)) = &self.last_shop
            && *ch == s.channel
            && *ext == s.external_id
        {
            return Ok(*id);
        }
        if let Some(id) = self.shops.get(&(s.channel, s.external_id.clone())).copied() {
            self.last_shop = Some((s.channel, s.external_id.clone(), id));
            return Ok(id);
        }
        let existing: Option<i64> = self
            .tx
            .query_row(
                "SELECT id FROM shops WHERE marketplace = ?1 AND external_id = ?2",
                params![s.channel, s.external_id],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                self.tx.execute(
                    "INSERT INTO shops (marketplace, channel, external_id, name, currency, origin, created_at)
                     VALUES (?1, ?1, ?2, ?3, ?4, ?6, ?5)",
                    params![s.channel, s.external_id, s.name, s.currency.code(), self.now, self.origin],
                )?;
                let id = self.tx.last_insert_rowid();
                self.new_shops.insert(id);
                c.shops += 1;
                id
            }
        };
        self.shops.insert((s.channel, s.external_id.clone()), id);
        self.last_shop = Some((s.channel, s.external_id.clone(), id));
        Ok(id)
    }

    /// A products row for a SKU seen only in orders or inventory, so that every SKU has one.
    fn product_stub(&mut self, sku: &str, title: Option<&str>) -> Result<()> {
        if self.skus.contains(sku) {
            return Ok(());
        }
        self.tx
            .prepare_cached(
                "INSERT INTO products (sku, title, origin, created_at, updated_at) VALUES (?1, ?2, ?4, ?3, ?3)
                 ON CONFLICT (sku) DO NOTHING",
            )?
            .execute(params![sku, title.unwrap_or(sku), self.now, self.origin])?;
        self.skus.insert(sku.to_string());
        Ok(())
    }

    fn listing(&mut self, l: ListingRec, c: &mut Counts) -> Result<()> {
        let shop_id = self.shop(&l.shop, c)?;
        if let Some(sku) = &l.sku {
            self.product_stub(sku, Some(&l.title))?;
        }
        let tags = serde_json::to_string(&l.tags).unwrap_or_else(|_| "[]".into());
        let id: i64 = self
            .tx
            .prepare_cached(
                "INSERT INTO listings (shop_id, external_id, sku, title, description, tags, price_minor, currency, quantity, state, url, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (shop_id, external_id) DO UPDATE SET sku = excluded.sku, title = excluded.title,
                   description = excluded.description, tags = excluded.tags, price_minor = excluded.price_minor,
                   currency = excluded.currency, quantity = excluded.quantity, state = excluded.state,
                   url = COALESCE(excluded.url, listings.url), updated_at = excluded.updated_at
                 RETURNING id",
            )?
            .query_row(
                params![
                    shop_id,
                    l.external_id,
                    l.sku,
                    l.title,
                    l.description,
                    tags,
                    l.price,
                    l.currency.code(),
                    l.quantity,
                    l.state,
                    l.url,
                    self.now
                ],
                |r| r.get(0),
            )?;
        self.tx
            .prepare_cached(
                "INSERT INTO listing_prices (listing_id, effective_from, price_minor) VALUES (?1, ?2, ?3)
                 ON CONFLICT (listing_id, effective_from) DO UPDATE SET price_minor = excluded.price_minor",
            )?
            .execute(params![id, self.today, l.price])?;
        c.listings += 1;
        Ok(())
    }

    fn order(&mut self, o: OrderRec, c: &mut Counts) -> Result<()> {
        let shop_id = self.shop(&o.shop, c)?;
        for l in &o.lines {
            self.product_stub(&l.sku, l.title.as_deref())?;
        }
        let key = order_key(shop_id, &o.external_id);
        // A shop with no orders when this import began cannot hold this one unless this import
        // wrote it (orders written are in `seen`): skip the look-up.
        let empty = match self.empty_shops.get(&shop_id) {
            Some(e) => *e,
            None => {
                let e = !self.tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM orders WHERE shop_id = ?1)",
                    [shop_id],
                    |r| r.get::<_, bool>(0),
                )?;
                self.empty_shops.insert(shop_id, e);
                e
            }
        };
        let existing: Option<StoredOrder> = if empty && !self.seen.contains(&key) {
            None
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id, updated_at, level_discount_minor, level_shipping_minor, level_tax_minor, level_fees_minor
                     FROM orders WHERE shop_id = ?1 AND external_id = ?2",
                )?
                .query_row(params![shop_id, o.external_id], |r| {
                    Ok(StoredOrder {
                        id: r.get(0)?,
                        updated_at: r.get(1)?,
                        level: [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                    })
                })
                .optional()?
        };
        let incoming = incoming_rows(&o);
        let in_level = level_array(&o.level);
        let Some(stored) = existing else {
            self.tx
                .prepare_cached(
                    "INSERT INTO orders (shop_id, external_id, ordered_at, status, currency, ship_city, ship_region,
                       ship_postal_code, ship_country, updated_at,
                       level_discount_minor, level_shipping_minor, level_tax_minor, level_fees_minor)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )?
                .execute(params![
                    shop_id,
                    o.external_id,
                    o.ordered_at,
                    o.status,
                    o.currency.code(),
                    o.ship_city,
                    o.ship_region,
                    o.ship_postal_code,
                    o.ship_country,
                    o.updated_at,
                    in_level[0],
                    in_level[1],
                    in_level[2],
                    in_level[3],
                ])?;
            let order_id = self.tx.last_insert_rowid();
            self.seen.insert(key);
            self.count_order(key, c);
            self.write_lines(order_id, &incoming, in_level, false)?;
            count_lines(&o, c);
            return Ok(());
        };
        self.seen.insert(key);
        let newer = o.updated_at >= stored.updated_at;
        let (rows, legacy) = self.load_rows(stored.id)?;
        let detail_stored = rows.iter().any(|r| r.0 != SUMMARY);
        let (new_rows, new_level, changed): (Vec<RowParts>, [Option<i64>; 4], bool) = if o.summary
            && detail_stored
        {
            // Per-item lines are already here (order items file or API): only the fees are news.
            if legacy {
                self.count_order(key, c);
                if newer {
                    self.update_header(stored.id, &o, stored.level)?;
                }
                if let Some(fees) = o.level.fees {
                    self.set_fees_legacy(stored.id, fees)?;
                }
                return Ok(());
            }
            let mut level = stored.level;
            if o.level.fees.is_some() {
                level[3] = o.level.fees;
            }
            (rows, level, level != stored.level)
        } else if legacy || self.origin != "import" || o.summary {
            // Replaced whole: API orders are full snapshots, summary lines have no per-row
            // identity, and lines stored before identities were kept cannot be merged.
            if !newer {
                c.orders_kept_newer += 1;
                return Ok(());
            }
            let mut level = in_level;
            if level[3].is_none() && o.lines.iter().all(|l| l.fees == 0) {
                level[3] = stored.level[3].or_else(|| {
                    let sum: i64 = rows.iter().flat_map(|r| &r.1).map(|p| p.stored[3]).sum();
                    (legacy && sum != 0).then_some(sum)
                });
            }
            (incoming.clone(), level, true)
        } else {
            // Rows of this order from another file or run: merge by row identity. Newer data
            // replaces the rows it names; older data only adds rows the store lacks.
            let mut changed = rows.iter().any(|r| r.0 == SUMMARY);
            let mut merged: Vec<RowParts> = rows.into_iter().filter(|r| r.0 != SUMMARY).collect();
            for (k, parts) in &incoming {
                match merged.iter_mut().find(|r| r.0 == *k) {
                    Some(r) if newer => {
                        if !same_parts(&r.1, parts) {
                            r.1 = parts.clone();
                            changed = true;
                        }
                    }
                    Some(_) => {}
                    None => {
                        merged.push((k.clone(), parts.clone()));
                        changed = true;
                    }
                }
            }
            let level: [Option<i64>; 4] = std::array::from_fn(|i| {
                if newer {
                    in_level[i].or(stored.level[i])
                } else {
                    stored.level[i].or(in_level[i])
                }
            });
            let changed = changed || level != stored.level;
            (merged, level, changed)
        };
        if !newer && !changed {
            c.orders_kept_newer += 1;
            return Ok(());
        }
        self.count_order(key, c);
        if newer {
            self.update_header(stored.id, &o, new_level)?;
        } else if new_level != stored.level {
            self.set_level(stored.id, new_level)?;
        }
        if changed {
            self.write_lines(stored.id, &new_rows, new_level, true)?;
        }
        if !(o.summary && detail_stored) {
            count_lines(&o, c);
        }
        Ok(())
    }

    /// Counts an order written from the current file once.
    fn count_order(&mut self, key: u64, c: &mut Counts) {
        if self.file_orders.insert(key) {
            c.orders += 1;
        }
    }

    fn update_header(&mut self, id: i64, o: &OrderRec, level: [Option<i64>; 4]) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE orders SET ordered_at = ?2, status = ?3, currency = ?4,
                   ship_city = COALESCE(?5, ship_city), ship_region = COALESCE(?6, ship_region),
                   ship_postal_code = COALESCE(?7, ship_postal_code), ship_country = COALESCE(?8, ship_country),
                   updated_at = max(updated_at, ?9),
                   level_discount_minor = ?10, level_shipping_minor = ?11, level_tax_minor = ?12, level_fees_minor = ?13
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                o.ordered_at,
                o.status,
                o.currency.code(),
                o.ship_city,
                o.ship_region,
                o.ship_postal_code,
                o.ship_country,
                o.updated_at,
                level[0],
                level[1],
                level[2],
                level[3],
            ])?;
        Ok(())
    }

    fn set_level(&mut self, id: i64, level: [Option<i64>; 4]) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE orders SET level_discount_minor = ?2, level_shipping_minor = ?3, level_tax_minor = ?4, level_fees_minor = ?5
                 WHERE id = ?1",
            )?
            .execute(params![id, level[0], level[1], level[2], level[3]])?;
        Ok(())
    }

    /// The stored lines of an order grouped into rows (consecutive lines with one identity), and
    /// whether any of them predates own amounts (then the order cannot be merged, only replaced).
    fn load_rows(&self, order_id: i64) -> Result<(Vec<RowParts>, bool)> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT external_id, sku, title, quantity, unit_price_minor,
                    own_discount_minor, own_shipping_minor, own_tax_minor, own_fees_minor,
                    discount_minor, shipping_minor, tax_minor, fees_minor
             FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let mut rows: Vec<RowParts> = Vec::new();
        let mut legacy = false;
        let mut q = stmt.query([order_id])?;
        let mut n = 0usize;
        while let Some(r) = q.next()? {
            n += 1;
            let ext: Option<String> = r.get(0)?;
            let own: [Option<i64>; 4] = [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
            let stored: [i64; 4] = [r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?];
            legacy |= own.iter().any(Option::is_none);
            let key = match ext {
                Some(e) if e.starts_with("summary:") => SUMMARY.to_string(),
                Some(e) => e,
                None => format!("line:{n}"),
            };
            let part = Part {
                sku: r.get(1)?,
                title: r.get(2)?,
                quantity: r.get(3)?,
                unit_price: r.get(4)?,
                own: own.map(|v| v.unwrap_or(0)),
                stored,
            };
            match rows.last_mut() {
                Some(last) if last.0 == key => last.1.push(part),
                _ => rows.push((key, vec![part])),
            }
        }
        Ok((rows, legacy))
    }

    /// Writes an order's lines: rows in canonical order (so that any import order of the same
    /// rows gives the same store), order-level amounts shared by line value on top of each
    /// line's own amounts.
    fn write_lines(
        &mut self,
        order_id: i64,
        rows: &[RowParts],
        level: [Option<i64>; 4],
        replace: bool,
    ) -> Result<()> {
        if replace {
            self.tx
                .prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?
                .execute([order_id])?;
        }
        let mut order: Vec<&RowParts> = rows.iter().collect();
        order.sort_by(|a, b| canonical(&a.0, &b.0));
        let parts: Vec<(&str, &Part)> = order
            .iter()
            .flat_map(|(k, ps)| ps.iter().map(move |p| (k.as_str(), p)))
            .collect();
        let weights: Vec<i64> = parts
            .iter()
            .map(|(_, p)| p.quantity.saturating_mul(p.unit_price))
            .collect();
        let shares: Vec<Vec<i64>> = level
            .iter()
            .map(|t| allocate(t.unwrap_or(0), &weights))
            .collect();
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO order_lines (order_id, line_no, external_id, sku, title, quantity, unit_price_minor,
               discount_minor, shipping_minor, tax_minor, fees_minor,
               own_discount_minor, own_shipping_minor, own_tax_minor, own_fees_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        for (i, (k, p)) in parts.iter().enumerate() {
            let no = i as i64 + 1;
            let ext = if *k == SUMMARY {
                format!("summary:{no}")
            } else {
                k.to_string()
            };
            stmt.execute(params![
                order_id,
                no,
                ext,
                p.sku,
                p.title,
                p.quantity,
                p.unit_price,
                p.own[0] + shares[0][i],
                p.own[1] + shares[1][i],
                p.own[2] + shares[2][i],
                p.own[3] + shares[3][i],
                p.own[0],
                p.own[1],
                p.own[2],
                p.own[3],
            ])?;
        }
        Ok(())
    }

    /// Replaces the fees of an order's lines with `fees` shared by line value (lines stored
    /// before own amounts were kept).
    fn set_fees_legacy(&mut self, order_id: i64, fees: i64) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, quantity * unit_price_minor FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let lines: Vec<(i64, i64)> = stmt
            .query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let weights: Vec<i64> = lines.iter().map(|l| l.1).collect();
        let shares = allocate(fees, &weights);
        let mut stmt = self
            .tx
            .prepare_cached("UPDATE order_lines SET fees_minor = ?2 WHERE id = ?1")?;
        for (l, s) in lines.iter().zip(shares) {
            stmt.execute(params![l.0, s])?;
        }
        Ok(())
    }

    /// Records the import in `sync_runs`.
    pub fn record_run(&mut self, summary: &super::exports::ImportSummary) -> Result<()> {
        let counts = serde_json::json!({
            "files": summary.files.len(),
            "rows_imported": summary.files.iter().map(|f| f.rows_imported).sum::<u64>(),
            "rows_rejected": summary.rows_rejected,
            "orders": summary.files.iter().map(|f| f.counts.orders).sum::<u64>(),
            "order_lines": summary.files.iter().map(|f| f.counts.order_lines).sum::<u64>(),
            "listings": summary.files.iter().map(|f| f.counts.listings).sum::<u64>(),
        });
        self.tx.execute(
            "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES ('import', ?1, ?1, ?2, 'ok')",
            params![self.now, counts.to_string()],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn shop() -> ShopKey {
        ShopKey {
            channel: "etsy",
            external_id: "5551234".into(),
            name: "Shop".into(),
            currency: Currency::USD,
        }
    }

    fn entry(id: &str, at: &str, kind: LedgerKind, amount: i64, order: Option<&str>) -> Record {
        Record::Ledger(LedgerRec {
            shop: shop(),
            external_id: id.into(),
            posted_at: at.into(),
            kind,
            entry_type: kind.as_str().into(),
            description: id.into(),
            amount,
            currency: Currency::USD,
            order_ref: order.map(String::from),
            sku: None,
            payout_ref: Some(
                if id.starts_with("entry") {
                    "payout:9"
                } else {
                    "dep-1"
                }
                .into(),
            ),
            pending_until: None,
            fx: None,
            source: if id.starts_with("entry") {
                "api:test"
            } else {
                "statement.csv:2"
            }
            .into(),
        })
    }

    fn payout(id: &str, at: &str, amount: i64) -> Record {
        Record::Payout(PayoutRec {
            shop: shop(),
            external_id: id.into(),
            paid_at: at.into(),
            amount,
            currency: Currency::USD,
            status: "paid",
            original: None,
            source: "test".into(),
        })
    }

    /// A statement: two equal fees of one order on one day, a sale, a deposit.
    fn file() -> Vec<Record> {
        vec![
            entry("row:a", "2025-10-03", LedgerKind::Sale, 2500, Some("R1")),
            entry("row:b", "2025-10-03", LedgerKind::Fee, -163, Some("R1")),
            entry("row:c", "2025-10-03", LedgerKind::Fee, -163, Some("R1")),
            entry("row:d", "2025-10-05", LedgerKind::Ad, -90, None),
            payout("dep-1", "2025-10-06", 2084),
        ]
    }

    /// The API's view of the same movements (times in UTC, one of them past midnight), and one
    /// the statement does not have.
    fn api() -> Vec<Record> {
        vec![
            entry(
                "entry:1",
                "2025-10-04T01:10:00Z",
                LedgerKind::Sale,
                2500,
                Some("R1"),
            ),
            entry(
                "entry:2",
                "2025-10-04T01:10:30Z",
                LedgerKind::Fee,
                -163,
                Some("R1"),
            ),
            entry(
                "entry:3",
                "2025-10-04T01:10:31Z",
                LedgerKind::Fee,
                -163,
                Some("R1"),
            ),
            entry("entry:4", "2025-10-05T12:00:00Z", LedgerKind::Ad, -90, None),
            entry(
                "entry:5",
                "2025-10-20T12:00:00Z",
                LedgerKind::Fee,
                -20,
                None,
            ),
            payout("payout:9", "2025-10-06T09:00:00Z", 2084),
        ]
    }

    fn write(store: &mut Store, origin: &'static str, recs: Vec<Record>) {
        store
            .write(|tx| {
                let mut sink = Sink::with_origin(tx, "2025-11-01T00:00:00Z", origin)?;
                let mut c = Counts::default();
                for r in recs {
                    sink.write(r, &mut c)?;
                }
                Ok(())
            })
            .unwrap();
    }

    fn ledger(store: &Store) -> Vec<String> {
        let mut st = store
            .conn()
            .prepare(
                "SELECT external_id, IFNULL(twin_id, '-'), kind, amount_minor, IFNULL(payout_ref, '-') FROM ledger_entries
                 UNION ALL SELECT external_id, IFNULL(twin_id, '-'), 'payout row', amount_minor, '-' FROM payouts
                 ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| {
            Ok(format!(
                "{} {} {} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?
            ))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
    }

    const EXPECTED: [&str; 6] = [
        "entry:1 row:a sale 2500 payout:9",
        "entry:2 row:b fee -163 payout:9",
        "entry:3 row:c fee -163 payout:9",
        "entry:4 row:d ad -90 payout:9",
        "entry:5 - fee -20 payout:9",
        "payout:9 dep-1 payout row 2084 -",
    ];

    fn expected() -> Vec<String> {
        EXPECTED.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_statement_and_an_api_sync_of_the_same_movements_leave_one_row_each_in_either_order() {
        let mut a = Store::open_in_memory().unwrap();
        write(&mut a, "import", file());
        write(&mut a, "api", api());
        assert_eq!(ledger(&a), expected());
        // Reading either source again changes nothing.
        write(&mut a, "import", file());
        write(&mut a, "api", api());
        assert_eq!(ledger(&a), expected());

        let mut b = Store::open_in_memory().unwrap();
        write(&mut b, "api", api());
        write(&mut b, "import", file());
        write(&mut b, "import", file());
        write(&mut b, "api", api());
        assert_eq!(ledger(&b), expected());
    }

    #[test]
    fn movements_that_differ_in_amount_order_or_day_are_not_twins() {
        let mut s = Store::open_in_memory().unwrap();
        write(&mut s, "import", file());
        write(
            &mut s,
            "api",
            vec![
                entry(
                    "entry:1",
                    "2025-10-03T10:00:00Z",
                    LedgerKind::Sale,
                    2501,
                    Some("R1"),
                ),
                entry(
                    "entry:2",
                    "2025-10-03T10:00:00Z",
                    LedgerKind::Fee,
                    -163,
                    Some("R2"),
                ),
                entry("entry:3", "2025-10-07T10:00:00Z", LedgerKind::Ad, -90, None),
            ],
        );
        let n: i64 = s
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM ledger_entries WHERE twin_id IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
        assert_eq!(ledger(&s).len(), 4 + 3 + 1);
    }
}
