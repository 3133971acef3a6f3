//! Writes imported records into the store: idempotent upserts keyed by external ids.
//!
//! Orders: keyed by (shop, external id). An order already stored is updated only when the
//! incoming data is at least as new (`updated_at`), and its lines are then replaced, so importing
//! a file twice, or two overlapping exports, leaves one copy. Order-level shipping, tax,
//! discount and fees are allocated to lines in proportion to line value (the schema stores each
//! line's share). Rows of one order that are not next to each other in a file are merged.
//! Etsy's one-row-per-order file gives summary lines (`external_id` `summary:N`); an order
//! items file for the same order replaces them, and a later orders file only sets the fees.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::parse::allocate;
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

/// What a mapper produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
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
    pub signals: u64,
    pub offers: u64,
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
    /// Shops that had no orders when the current file began.
    empty_shops: HashMap<i64, bool>,
    /// Orders written from the current file: key hash → order id (negative: left as it was
    /// because the store had newer data). Kept small: 1M orders take about 17 MB.
    seen: HashMap<u64, i64>,
    skus: HashSet<String>,
}

fn order_key(shop_id: i64, ext: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    shop_id.hash(&mut h);
    ext.hash(&mut h);
    h.finish()
}

fn levels(l: &OrderLevel, fallback: [i64; 4]) -> [i64; 4] {
    [
        l.discount.unwrap_or(fallback[0]),
        l.shipping.unwrap_or(fallback[1]),
        l.tax.unwrap_or(fallback[2]),
        l.fees.unwrap_or(fallback[3]),
    ]
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
            seen: HashMap::new(),
            skus: HashSet::new(),
        })
    }

    /// A new file: rows of one order are merged only within a file.
    pub fn start_file(&mut self) {
        self.empty_shops.clear();
        self.seen.clear();
        self.seen.shrink_to_fit();
    }

    pub fn write(&mut self, r: Record, c: &mut Counts) -> Result<()> {
        match r {
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
        if !o.summary
            && let Some(seen) = self.seen.get(&key).copied()
        {
            let same: Option<String> = self
                .tx
                .prepare_cached("SELECT external_id FROM orders WHERE id = ?1")?
                .query_row([seen.abs()], |r| r.get(0))
                .optional()?;
            if same.as_deref() == Some(o.external_id.as_str()) {
                if seen < 0 {
                    return Ok(());
                }
                return self.continue_order(seen, o, c);
            }
        }
        // A shop with no orders when this file began cannot hold this one (orders written from
        // this file are in `seen`): skip the look-up.
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
        let existing: Option<(i64, String)> = if empty && !self.seen.contains_key(&key) {
            None
        } else {
            self.tx
                .prepare_cached(
                    "SELECT id, updated_at FROM orders WHERE shop_id = ?1 AND external_id = ?2",
                )?
                .query_row(params![shop_id, o.external_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?
        };
        let order_id = match &existing {
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO orders (shop_id, external_id, ordered_at, status, currency, ship_city, ship_region,
                           ship_postal_code, ship_country, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
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
                        o.updated_at
                    ])?;
                self.tx.last_insert_rowid()
            }
            Some((id, stored)) if o.updated_at < *stored => {
                c.orders_kept_newer += 1;
                self.seen.insert(key, -*id);
                return Ok(());
            }
            Some((id, _)) => {
                self.tx
                    .prepare_cached(
                        "UPDATE orders SET ordered_at = ?2, status = ?3, currency = ?4,
                           ship_city = COALESCE(?5, ship_city), ship_region = COALESCE(?6, ship_region),
                           ship_postal_code = COALESCE(?7, ship_postal_code), ship_country = COALESCE(?8, ship_country),
                           updated_at = ?9
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
                        o.updated_at
                    ])?;
                *id
            }
        };
        c.orders += 1;
        let mut level = levels(&o.level, [0; 4]);
        if existing.is_some() {
            let (detail, stored_fees): (i64, i64) = self
                .tx
                .prepare_cached(
                    "SELECT COUNT(*) FILTER (WHERE external_id IS NULL OR external_id NOT LIKE 'summary:%'),
                            COALESCE(SUM(fees_minor), 0)
                     FROM order_lines WHERE order_id = ?1",
                )?
                .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
            if o.summary && detail > 0 {
                // Per-item lines are already here (order items file): only the fees are news.
                if let Some(fees) = o.level.fees {
                    self.set_fees(order_id, fees)?;
                }
                return Ok(());
            }
            if o.level.fees.is_none() && o.lines.iter().all(|l| l.fees == 0) {
                level[3] = stored_fees;
            }
            self.tx
                .prepare_cached("DELETE FROM order_lines WHERE order_id = ?1")?
                .execute([order_id])?;
        }
        self.insert_lines(order_id, 1, &o.lines, o.summary, level, c)?;
        if !o.summary {
            self.seen.insert(key, order_id);
        }
        Ok(())
    }

    fn insert_lines(
        &mut self,
        order_id: i64,
        first_no: i64,
        lines: &[LineRec],
        summary: bool,
        level: [i64; 4],
        c: &mut Counts,
    ) -> Result<()> {
        let weights: Vec<i64> = lines.iter().map(|l| l.quantity * l.unit_price).collect();
        let shares: Vec<Vec<i64>> = level.iter().map(|t| allocate(*t, &weights)).collect();
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO order_lines (order_id, line_no, external_id, sku, title, quantity, unit_price_minor,
               discount_minor, shipping_minor, tax_minor, fees_minor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, l) in lines.iter().enumerate() {
            let no = first_no + i as i64;
            let ext = if summary {
                Some(format!("summary:{no}"))
            } else {
                l.external_id.clone()
            };
            stmt.execute(params![
                order_id,
                no,
                ext,
                l.sku,
                l.title,
                l.quantity,
                l.unit_price,
                l.discount + shares[0][i],
                l.shipping + shares[1][i],
                l.tax + shares[2][i],
                l.fees + shares[3][i],
            ])?;
            c.order_lines += 1;
            c.units += l.quantity;
        }
        Ok(())
    }

    /// Replaces the fees of an order's lines with `fees` shared by line value.
    fn set_fees(&mut self, order_id: i64, fees: i64) -> Result<()> {
        let lines = self.load_lines(order_id)?;
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

    /// (line id, value weight, [discount, shipping, tax, fees]) in line order.
    fn load_lines(&self, order_id: i64) -> Result<Vec<(i64, i64, [i64; 4])>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, quantity * unit_price_minor, discount_minor, shipping_minor, tax_minor, fees_minor
             FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let rows = stmt.query_map([order_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            out.push(r?);
        }
        Ok(out)
    }

    /// More rows of an order already written from this file, further down: append its lines and
    /// share the order-level amounts again over all of them. The amounts shared before were the
    /// same order-level figures (files repeat them on every row of an order, or state none) and,
    /// for fees no file row states, the fees carried over from the store.
    fn continue_order(&mut self, order_id: i64, o: OrderRec, c: &mut Counts) -> Result<()> {
        let old = self.load_lines(order_id)?;
        let old_weights: Vec<i64> = old.iter().map(|l| l.1).collect();
        let old_fees: i64 = old.iter().map(|l| l.2[3]).sum();
        let level = levels(&o.level, [0, 0, 0, old_fees]);
        let next: i64 = self
            .tx
            .prepare_cached(
                "SELECT COALESCE(MAX(line_no), 0) + 1 FROM order_lines WHERE order_id = ?1",
            )?
            .query_row([order_id], |r| r.get(0))?;
        self.insert_lines(order_id, next, &o.lines, false, [0; 4], c)?;
        let all = self.load_lines(order_id)?;
        let all_weights: Vec<i64> = all.iter().map(|l| l.1).collect();
        let mut stmt = self.tx.prepare_cached(
            "UPDATE order_lines SET discount_minor = ?2, shipping_minor = ?3, tax_minor = ?4, fees_minor = ?5 WHERE id = ?1",
        )?;
        let old_shares: Vec<Vec<i64>> = level.iter().map(|t| allocate(*t, &old_weights)).collect();
        let new_shares: Vec<Vec<i64>> = level.iter().map(|t| allocate(*t, &all_weights)).collect();
        for (i, (id, _, amounts)) in all.iter().enumerate() {
            let mut v = *amounts;
            for k in 0..4 {
                if i < old.len() {
                    v[k] -= old_shares[k][i];
                }
                v[k] += new_shares[k][i];
            }
            stmt.execute(params![id, v[0], v[1], v[2], v[3]])?;
        }
        self.tx
            .prepare_cached(
                "UPDATE orders SET status = ?2, updated_at = max(updated_at, ?3) WHERE id = ?1",
            )?
            .execute(params![order_id, o.status, o.updated_at])?;
        Ok(())
    }

    /// Records the import in `sync_runs`.
    pub fn record_run(&mut self, summary: &super::ImportSummary) -> Result<()> {
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
