//! The embedded demo shop: a deterministic, seeded synthetic shop that exercises every command.
//!
//! A few dozen SKUs by default (`--skus`, `--days` scale it to 10,000 SKUs × 3 years) sold over
//! four channels, each order charged by the fee engine ([`crate::fees`]) with the
//! channel's schedule in force on the order date (the earliest schedule for older dates): a long tail of demand (a few best sellers, many slow
//! and intermittent SKUs), weekly and yearly seasonality (gift seasons), planted rising and dying
//! products, price changes that move demand through each SKU's own elasticity, stockout spells,
//! ship-to cities weighted by population, inventory with some SKUs close to running out,
//! competitor offers and search-trend signals.
//!
//! The same seed, SKU count, day count and end date always give the same rows. Filling replaces
//! the previous demo data in one transaction; real (imported or synced) data is never touched.

pub mod catalog;
pub mod ledger;

use jiff::civil::Date;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Poisson};
use rand_pcg::Pcg64;
use rayon::prelude::*;
use rusqlite::{Transaction, params};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::fees::{FeeOptions, Marketplace, Order, OrderLine, Package, Schedules, order_fee_total};
use crate::marketplaces::CHANNELS;
use crate::money::{Currency, apply_bp};
use crate::progress::Progress;
use crate::store::Store;
use catalog::{CITIES, COMPETITORS, FAMILIES, Family, RISING, STYLES, TERMS};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    pub seed: u64,
    pub skus: usize,
    pub days: u32,
    /// The last day with orders (inclusive), usually yesterday.
    pub end: Date,
}

/// Rows written, by table.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DemoCounts {
    pub shops: u64,
    pub products: u64,
    pub product_costs: u64,
    pub listings: u64,
    pub listing_prices: u64,
    pub orders: u64,
    pub order_lines: u64,
    pub inventory: u64,
    pub stockout_days: u64,
    pub offers: u64,
    pub trend_signals: u64,
    pub ledger_entries: u64,
    pub payouts: u64,
}

/// The result of filling the demo shop.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    pub seed: u64,
    pub skus: usize,
    pub days: u32,
    pub first_day: String,
    pub last_day: String,
    pub rows: DemoCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifecycle {
    Steady,
    Rising { launch: u32 },
    Dying,
}

struct Sku {
    code: String,
    title: String,
    style: &'static str,
    family: &'static Family,
    lifecycle: Lifecycle,
    base_rate: f64,
    elasticity: f64,
    weekly_strength: f64,
    /// Channel shares (0 when not listed there), summing to 1.
    shares: [f64; 4],
    /// (first day, price in cents) — the base price path; channels add their markup.
    prices: Vec<(u32, i64)>,
    cost: i64,
    cost_rise: Option<(u32, i64)>,
    stockout: Option<(u32, u32)>,
    days_of_cover: f64,
    inbound_share: f64,
}

impl Sku {
    fn price_on(&self, day: u32) -> i64 {
        let idx = self.prices.partition_point(|(d, _)| *d <= day);
        self.prices[idx.saturating_sub(1)].1
    }
}

/// A channel's price for a base price: Amazon a little higher (fees), eBay a little lower.
fn channel_price(channel: usize, base: i64) -> i64 {
    let p = match channel {
        2 => base + apply_bp(base, 800),
        3 => base - apply_bp(base, 300),
        _ => base,
    };
    // Retail endings: round to the nearest 50 cents, minus 5 (…45 or …95).
    ((p + 25) / 50 * 50 - 5).max(95)
}

/// One sale line before it is grouped into an order.
#[derive(Clone, Copy)]
struct Event {
    sku: u32,
    qty: u8,
}

fn mix(seed: u64, a: u64, b: u64) -> u64 {
    // SplitMix64 finaliser over the combined inputs: independent streams per (seed, a, b).
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn rng(seed: u64, a: u64, b: u64) -> Pcg64 {
    Pcg64::seed_from_u64(mix(seed, a, b))
}

fn build_catalogue(spec: &DemoSpec) -> Vec<Sku> {
    let n = spec.skus;
    // Popularity ranks: a seeded permutation, so best sellers are spread over the catalogue.
    let mut ranks: Vec<usize> = (0..n).collect();
    let mut r = rng(spec.seed, 0xCA7, 0);
    for i in (1..n).rev() {
        let j = r.random_range(0..=i);
        ranks.swap(i, j);
    }
    let rising_every = 12; // about one SKU in twelve is a planted riser
    let days = spec.days;
    (0..n)
        .map(|i| {
            let mut r = rng(spec.seed, 1, i as u64);
            let lifecycle = if i % rising_every == 5 {
                Lifecycle::Rising {
                    launch: days - (days / 3).max(28) + r.random_range(0..(days / 8).max(1)),
                }
            } else if i % 12 == 9 {
                Lifecycle::Dying
            } else {
                Lifecycle::Steady
            };
            let family = match lifecycle {
                Lifecycle::Rising { .. } => &RISING[(i / rising_every) % RISING.len()],
                _ => &FAMILIES[r.random_range(0..FAMILIES.len())],
            };
            let style = STYLES[r.random_range(0..STYLES.len())];
            let code = format!("{}-{:05}", family.prefix, i + 1);
            let title = format!("{style} {}", family.noun);
            let price0 = {
                let (lo, hi) = family.price;
                (r.random_range(lo..=hi) + 25) / 50 * 50 - 5
            };
            let cost_bp = r.random_range(family.cost_bp.0..=family.cost_bp.1);
            let cost = apply_bp(price0, cost_bp);
            let cost_rise = (r.random_bool(0.3)).then(|| {
                (
                    r.random_range(days / 3..days * 2 / 3),
                    cost + apply_bp(cost, 800),
                )
            });
            // Long tail: rate ~ 4 / sqrt(rank), so a few SKUs sell daily and most rarely.
            let mut base_rate = 4.0 / ((ranks[i] + 1) as f64).sqrt();
            if let Lifecycle::Rising { .. } = lifecycle {
                base_rate = base_rate.max(2.0) * 1.5;
            }
            let elasticity = -r.random_range(0.8..2.6);
            let listed = [
                r.random_bool(0.9),
                r.random_bool(0.6),
                r.random_bool(0.5),
                r.random_bool(0.35),
            ];
            let base_share = [0.45, 0.2, 0.25, 0.1];
            let mut shares = [0.0; 4];
            let mut count = 0;
            for c in 0..4 {
                if listed[c] || (c == 0 && !listed.iter().skip(1).any(|x| *x)) {
                    shares[c] = base_share[c];
                    count += 1;
                }
            }
            if count < 2 {
                shares[1] = base_share[1];
            }
            let total: f64 = shares.iter().sum();
            shares.iter_mut().for_each(|s| *s /= total);
            // Price changes every 60-150 days, within ±15% of the first price.
            let mut prices = vec![(0u32, price0)];
            let mut d = r.random_range(30..150);
            while d < days {
                let pct = r.random_range(-1500i64..=1500);
                prices.push((d, ((price0 + apply_bp(price0, pct)) + 25) / 50 * 50 - 5));
                d += r.random_range(60..150);
            }
            let stockout = (r.random_bool(0.12) && days > 120).then(|| {
                let start = r.random_range(30..days - 60);
                (start, start + r.random_range(5..25))
            });
            let days_of_cover: f64 = match r.random_range(0..100) {
                0..=9 => r.random_range(2.0..12.0),
                10..=12 => 0.0,
                13..=29 => r.random_range(120.0..400.0),
                _ => r.random_range(25.0..100.0),
            };
            let days_of_cover = if lifecycle == Lifecycle::Dying {
                days_of_cover.max(150.0)
            } else {
                days_of_cover
            };
            let inbound_share = if r.random_bool(0.2) {
                r.random_range(0.5..2.0)
            } else {
                0.0
            };
            Sku {
                code,
                title,
                style,
                family,
                lifecycle,
                base_rate,
                elasticity,
                weekly_strength: r.random_range(0.5..1.0),
                shares,
                prices,
                cost,
                cost_rise,
                stockout,
                days_of_cover,
                inbound_share,
            }
        })
        .collect()
}

/// Weekly shape, Monday first: weekend browsing turns into Sunday-evening and Monday orders.
const WEEKLY: [f64; 7] = [1.15, 1.05, 1.0, 0.95, 0.88, 0.9, 1.07];

fn yearly(family: &Family, month: i8, day: i8) -> f64 {
    let gift = family.giftable;
    match (month, day) {
        (11, d) if d >= 20 => {
            if gift {
                1.0 + 1.2 * f64::from(d - 19) / 11.0
            } else {
                1.2
            }
        }
        (12, d) if d <= 20 => {
            if gift {
                2.2
            } else {
                1.35
            }
        }
        (12, _) => 0.8,
        (1, _) => 0.8,
        (2, d) if d <= 13 && family.category == "Jewelry" => 1.6,
        (5, d) if d <= 10 && gift => 1.3,
        (7 | 8, _) => 0.9,
        _ => 1.0,
    }
}

fn rate(s: &Sku, day: u32, days: u32, date: Date) -> f64 {
    let life = match s.lifecycle {
        Lifecycle::Steady => 1.0,
        Lifecycle::Rising { launch } => {
            if day < launch {
                return 0.0;
            }
            // From 1/15 of the final rate at launch to the full rate at the end.
            let span = f64::from((days - 1).saturating_sub(launch).max(1));
            (-(15f64.ln()) * f64::from(days - 1 - day) / span).exp()
        }
        Lifecycle::Dying => (-4.0 * f64::from(day) / f64::from(days)).exp() * 3.0,
    };
    let weekday = date.weekday().to_monday_zero_offset() as usize;
    let weekly = WEEKLY[weekday].powf(s.weekly_strength);
    let season = yearly(s.family, date.month(), date.day());
    let price_effect = (s.price_on(day) as f64 / s.prices[0].1 as f64).powf(s.elasticity);
    s.base_rate * life * weekly * season * price_effect
}

/// Generates every SKU's sale lines, by day. Parallel over SKUs; deterministic.
fn generate_events(
    spec: &DemoSpec,
    skus: &[Sku],
    dates: &[Date],
    progress: &dyn Progress,
) -> Vec<Vec<Vec<Event>>> {
    let days = spec.days;
    progress.start(skus.len() as u64, "demand");
    let per_sku: Vec<Vec<(u32, u8, u8)>> = skus
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let mut r = rng(spec.seed, 2, i as u64);
            let mut out = Vec::new();
            for day in 0..days {
                if s.stockout.is_some_and(|(a, b)| day >= a && day < b) {
                    continue;
                }
                let lambda = rate(s, day, days, dates[day as usize]) / 1.2;
                if lambda <= 0.0 {
                    continue;
                }
                let lines = if lambda < 30.0 {
                    // Knuth's method: exact and fast for the small rates that dominate.
                    let limit = (-lambda).exp();
                    let mut k = 0u32;
                    let mut p = r.random::<f64>();
                    while p > limit {
                        k += 1;
                        p *= r.random::<f64>();
                    }
                    k
                } else {
                    Poisson::new(lambda)
                        .map(|d| d.sample(&mut r) as u32)
                        .unwrap_or(0)
                };
                for _ in 0..lines {
                    let qty = match r.random_range(0..100) {
                        0..=84 => 1,
                        85..=96 => 2,
                        _ => 3,
                    };
                    let u: f64 = r.random();
                    let mut acc = 0.0;
                    let mut ch = 0u8;
                    for (c, share) in s.shares.iter().enumerate() {
                        acc += share;
                        if u < acc {
                            ch = c as u8;
                            break;
                        }
                        ch = c as u8;
                    }
                    if s.shares[ch as usize] == 0.0 {
                        ch = s.shares.iter().position(|x| *x > 0.0).unwrap_or(0) as u8;
                    }
                    out.push((day, ch, qty));
                }
            }
            progress.inc(1);
            out
        })
        .collect();
    // Bucket by day and channel, SKUs in catalogue order inside a bucket.
    let mut buckets: Vec<Vec<Vec<Event>>> = (0..days).map(|_| vec![Vec::new(); 4]).collect();
    for (i, events) in per_sku.into_iter().enumerate() {
        for (day, ch, qty) in events {
            buckets[day as usize][ch as usize].push(Event { sku: i as u32, qty });
        }
    }
    buckets
}

/// Fills the demo shop, replacing earlier demo data, in one transaction.
pub fn fill(
    store: &mut Store,
    spec: &DemoSpec,
    now: jiff::Timestamp,
    progress: &dyn Progress,
) -> Result<DemoSummary> {
    if spec.skus == 0 || spec.days < 28 {
        return Err(Error::usage(
            "the demo shop needs at least 1 SKU and 28 days",
        ));
    }
    let first = spec
        .end
        .checked_sub(jiff::Span::new().days(i64::from(spec.days) - 1))
        .map_err(|e| Error::usage(format!("--days {}: {e}", spec.days)))?;
    let dates: Vec<Date> = (0..spec.days)
        .map(|d| first.checked_add(jiff::Span::new().days(i64::from(d))))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::usage(format!("--days {}: {e}", spec.days)))?;
    let day_text: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
    let skus = build_catalogue(spec);
    let buckets = generate_events(spec, &skus, &dates, progress);
    let now_text = crate::time::rfc3339(now);

    // The tables with many rows: their secondary indexes are built once, after the load.
    let bulk = ["listings", "orders", "order_lines", "offers"];
    let counts = store.bulk_write(&bulk, |tx| {
        let mut counts = DemoCounts::default();
        clear(tx)?;
        let shop_ids = write_shops(tx, &now_text, &mut counts)?;
        let shop = Shop {
            spec,
            skus: &skus,
            shop_ids: &shop_ids,
            now: &now_text,
        };
        write_catalogue(tx, shop, &day_text, &mut counts)?;
        write_orders(tx, shop, &buckets, &dates, progress, &mut counts)?;
        write_inventory(tx, spec, &skus, &day_text, &now_text, &mut counts)?;
        write_offers(tx, spec, &skus, &dates, &mut counts)?;
        write_trends(tx, spec, &dates, &mut counts)?;
        let money = ledger::write_ledger(tx, &shop_ids, &day_text[day_text.len() - 1], &now_text)?;
        counts.ledger_entries = money.entries;
        counts.payouts = money.payouts;
        tx.execute(
            "INSERT INTO sync_runs (marketplace, started_at, finished_at, counts, outcome) VALUES ('demo', ?1, ?1, ?2, 'ok')",
            params![now_text, serde_json::to_string(&counts).map_err(anyhow::Error::from)?],
        )?;
        Ok(counts)
    })?;
    progress.finish();
    Ok(DemoSummary {
        seed: spec.seed,
        skus: spec.skus,
        days: spec.days,
        first_day: day_text[0].clone(),
        last_day: day_text[day_text.len() - 1].clone(),
        rows: counts,
    })
}

fn clear(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM order_lines WHERE order_id IN (SELECT o.id FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.origin = 'demo');
         DELETE FROM orders WHERE shop_id IN (SELECT id FROM shops WHERE origin = 'demo');
         DELETE FROM listing_prices WHERE listing_id IN (SELECT l.id FROM listings l JOIN shops s ON s.id = l.shop_id WHERE s.origin = 'demo');
         DELETE FROM product_costs WHERE sku IN (SELECT sku FROM products WHERE origin = 'demo');
         DELETE FROM inventory WHERE origin = 'demo';
         DELETE FROM stockouts WHERE origin = 'demo';
         DELETE FROM offers WHERE source = 'demo';
         DELETE FROM trend_signals WHERE source = 'demo';",
    )?;
    Ok(())
}

fn write_shops(tx: &Transaction<'_>, now: &str, counts: &mut DemoCounts) -> Result<[i64; 4]> {
    let mut ids = [0i64; 4];
    let names = [
        "Juniper & Clay (demo)",
        "junipershop.demo (demo)",
        "Juniper Goods on Amazon (demo)",
        "juniper_goods (demo)",
    ];
    for (c, ch) in CHANNELS.iter().enumerate() {
        tx.execute(
            "INSERT INTO shops (marketplace, channel, external_id, name, currency, origin, created_at)
             VALUES ('demo', ?1, ?2, ?3, 'USD', 'demo', ?4)
             ON CONFLICT (marketplace, external_id) DO UPDATE SET name = excluded.name, channel = excluded.channel",
            params![ch, format!("demo-{ch}"), names[c], now],
        )?;
        ids[c] = tx.query_row(
            "SELECT id FROM shops WHERE marketplace = 'demo' AND external_id = ?1",
            params![format!("demo-{ch}")],
            |r| r.get(0),
        )?;
        counts.shops += 1;
    }
    Ok(ids)
}

fn listing_title(channel: usize, s: &Sku) -> String {
    let tags = s.family.tags;
    let full = match channel {
        0 => format!(
            "{} | {} | Handmade {} Gift",
            s.title,
            tags.iter().take(2).copied().collect::<Vec<_>>().join(", "),
            s.family.category
        ),
        2 => format!(
            "{} – {} for Home and Gifting, {}",
            s.title, tags[0], s.family.category
        ),
        3 => format!("{} {} Handmade New", s.title, tags[0]),
        _ => s.title.clone(),
    };
    let limit = match channel {
        0 => 140,
        2 => 200,
        3 => 80,
        _ => 255,
    };
    truncate_words(&full, limit)
}

fn truncate_words(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > limit {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// What every writer of the shop's rows shares: the spec, the generated catalogue, the four
/// shops' row ids and the time written.
#[derive(Clone, Copy)]
struct Shop<'a> {
    spec: &'a DemoSpec,
    skus: &'a [Sku],
    shop_ids: &'a [i64; 4],
    now: &'a str,
}

fn write_catalogue(
    tx: &Transaction<'_>,
    shop: Shop<'_>,
    day_text: &[String],
    counts: &mut DemoCounts,
) -> Result<()> {
    let Shop {
        spec,
        skus,
        shop_ids,
        now,
    } = shop;
    let mut product = tx.prepare(
        "INSERT INTO products (sku, title, category, weight_g, length_mm, width_mm, height_mm, attributes, origin, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'demo', ?9, ?9)
         ON CONFLICT (sku) DO UPDATE SET title = excluded.title, category = excluded.category, weight_g = excluded.weight_g,
           length_mm = excluded.length_mm, width_mm = excluded.width_mm, height_mm = excluded.height_mm,
           attributes = excluded.attributes, origin = 'demo', updated_at = excluded.updated_at",
    )?;
    let mut cost = tx.prepare("INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency) VALUES (?1, ?2, ?3, 'USD')")?;
    let mut listing = tx.prepare(
        "INSERT INTO listings (shop_id, external_id, sku, title, description, tags, price_minor, currency, quantity, state, url, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'USD', ?8, ?9, ?10, ?11)
         ON CONFLICT (shop_id, external_id) DO UPDATE SET sku = excluded.sku, title = excluded.title, description = excluded.description,
           tags = excluded.tags, price_minor = excluded.price_minor, quantity = excluded.quantity, state = excluded.state,
           url = excluded.url, updated_at = excluded.updated_at
         RETURNING id",
    )?;
    let mut price = tx.prepare(
        // Price changes before a rising SKU's launch all land on the launch day: the last one wins.
        "INSERT INTO listing_prices (listing_id, effective_from, price_minor) VALUES (?1, ?2, ?3)
         ON CONFLICT (listing_id, effective_from) DO UPDATE SET price_minor = excluded.price_minor",
    )?;
    let mut clear_prices = tx.prepare("DELETE FROM listing_prices WHERE listing_id = ?1")?;
    let last = spec.days - 1;
    for (i, s) in skus.iter().enumerate() {
        let f = s.family;
        let launch = match s.lifecycle {
            Lifecycle::Rising { launch } => launch,
            _ => 0,
        };
        let attributes =
            serde_json::json!({"style": s.style, "product": f.noun, "keywords": f.tags});
        product.execute(params![
            s.code,
            s.title,
            f.category,
            f.weight_g,
            f.dims_mm.0,
            f.dims_mm.1,
            f.dims_mm.2,
            attributes.to_string(),
            now
        ])?;
        counts.products += 1;
        cost.execute(params![s.code, day_text[launch as usize], s.cost])?;
        counts.product_costs += 1;
        if let Some((day, c)) = s.cost_rise.filter(|(d, _)| *d > launch) {
            cost.execute(params![s.code, day_text[day as usize], c])?;
            counts.product_costs += 1;
        }
        let on_hand = on_hand(s);
        for c in 0..4 {
            if s.shares[c] == 0.0 {
                continue;
            }
            let mut tags: Vec<String> = f.tags.iter().map(|t| t.to_string()).collect();
            tags.push(s.style.to_lowercase());
            tags.push("handmade".into());
            tags.truncate(13);
            let state = if i % 50 == 17 {
                "inactive"
            } else if on_hand == 0 {
                "sold_out"
            } else {
                "active"
            };
            let description = format!(
                "{}. {} from our small studio, made to order and packed with care. Category: {}.",
                s.title, f.noun, f.category
            );
            let id: i64 = listing.query_row(
                params![
                    shop_ids[c],
                    format!("{}-{}", s.code, CHANNELS[c]),
                    s.code,
                    listing_title(c, s),
                    description,
                    serde_json::to_string(&tags).map_err(anyhow::Error::from)?,
                    channel_price(c, s.price_on(last)),
                    on_hand,
                    state,
                    format!("https://demo.sellkit.invalid/{}/{}", CHANNELS[c], s.code),
                    now
                ],
                |r| r.get(0),
            )?;
            counts.listings += 1;
            clear_prices.execute(params![id])?;
            for (day, p) in s.prices.iter().filter(|(d, _)| *d >= launch || *d == 0) {
                let day = (*day).max(launch);
                price.execute(params![id, day_text[day as usize], channel_price(c, *p)])?;
                counts.listing_prices += 1;
            }
        }
    }
    // Demo listings that a smaller demo no longer has.
    tx.execute(
        "DELETE FROM listings WHERE shop_id IN (SELECT id FROM shops WHERE origin = 'demo') AND updated_at <> ?1",
        params![now],
    )?;
    tx.execute(
        "DELETE FROM products WHERE origin = 'demo' AND updated_at <> ?1",
        params![now],
    )?;
    Ok(())
}

/// Units on hand today: the SKU's days of cover at its recent rate.
fn on_hand(s: &Sku) -> i64 {
    let recent = match s.lifecycle {
        Lifecycle::Dying => s.base_rate * 3.0 * (-4.0f64).exp(),
        _ => s.base_rate,
    };
    (recent * s.days_of_cover).round() as i64
}

/// One generated order, ready to be written: its lines are `lines[first_line..][..line_count]`
/// of its day's batch.
struct OrderRow {
    channel: u8,
    /// The order's number within its day and channel (the external id's suffix).
    n: u32,
    /// Seconds after midnight UTC.
    secs: u32,
    status: &'static str,
    city: &'static (&'static str, &'static str, &'static str, u32),
    first_line: u32,
    line_count: u8,
}

/// One generated order line, its money already allocated.
struct LineRow {
    sku: u32,
    qty: u8,
    unit: i64,
    discount: i64,
    shipping: i64,
    tax: i64,
    fee: i64,
}

/// A day's orders over all channels, in the order they are written.
#[derive(Default)]
struct DayOrders {
    orders: Vec<OrderRow>,
    lines: Vec<LineRow>,
}

/// What every day's order generation reads: built once, shared by the generating threads.
struct OrderGen<'a> {
    spec: &'a DemoSpec,
    skus: &'a [Sku],
    dates: &'a [Date],
    city_cdf: Vec<Vec<u64>>,
    schedules: &'static Schedules,
    markets: [Marketplace; 4],
    packages: Vec<Package>,
    fee_options: [FeeOptions; 4],
}

impl<'a> OrderGen<'a> {
    fn new(spec: &'a DemoSpec, skus: &'a [Sku], dates: &'a [Date]) -> OrderGen<'a> {
        // Cumulative city weights per channel.
        let city_cdf: Vec<Vec<u64>> = (0..4)
            .map(|c| {
                let mut acc = 0u64;
                CITIES
                    .iter()
                    .map(|(_, _, country, pop)| {
                        acc += u64::from(*pop) * u64::from(catalog::country_weight(c, country));
                        acc
                    })
                    .collect()
            })
            .collect();
        let markets = CHANNELS.map(|ch| Marketplace::parse(ch).unwrap_or(Marketplace::Etsy));
        let packages: Vec<Package> = skus
            .iter()
            .map(|s| {
                let (l, w, h) = s.family.dims_mm;
                Package::from_metric(s.family.weight_g, [l, w, h])
            })
            .collect();
        let fee_options: [FeeOptions; 4] = std::array::from_fn(|c| FeeOptions {
            amazon_fba: markets[c] == Marketplace::Amazon,
            ..FeeOptions::default()
        });
        OrderGen {
            spec,
            skus,
            dates,
            city_cdf,
            // Fees come from the fee engine: each channel's schedule in force on the order's date.
            schedules: Schedules::embedded(),
            markets,
            packages,
            fee_options,
        }
    }

    /// Groups one day's sale lines into orders and prices them. Each (day, channel) has its
    /// own random stream, so days can be generated in any order, on any thread.
    fn day(&self, day: usize, per_channel: &[Vec<Event>]) -> Result<DayOrders> {
        let skus = self.skus;
        let date = self.dates[day];
        let last_day = self.spec.days - 1;
        let mut out = DayOrders::default();
        let mut fee_lines: Vec<OrderLine<'static>> = Vec::with_capacity(4);
        let mut order_events: Vec<Event> = Vec::new();
        for (c, events) in per_channel.iter().enumerate() {
            if events.is_empty() {
                continue;
            }
            let schedule = self
                .schedules
                .on_or_earliest(self.markets[c], date, Currency::USD)?;
            let mut r = rng(self.spec.seed, 3, (day as u64) << 2 | c as u64);
            // Shuffle so that orders combine different SKUs.
            order_events.clear();
            order_events.extend_from_slice(events);
            for i in (1..order_events.len()).rev() {
                let j = r.random_range(0..=i);
                order_events.swap(i, j);
            }
            let cdf = &self.city_cdf[c];
            let mut k = 0;
            let mut n = 0;
            while k < order_events.len() {
                let size = match r.random_range(0..100) {
                    0..=79 => 1,
                    80..=94 => 2,
                    _ => 3,
                }
                .min(order_events.len() - k);
                n += 1;
                let secs: u32 = r.random_range(0..86_400);
                let w: u64 = r.random_range(0..*cdf.last().unwrap_or(&1));
                let city = &CITIES[cdf.partition_point(|x| *x <= w).min(CITIES.len() - 1)];
                let status = match r.random_range(0..1000) {
                    0..=9 => "cancelled",
                    10..=14 => "refunded",
                    _ if day as u32 + 3 > last_day => "paid",
                    _ => "shipped",
                };
                let first_line = out.lines.len();
                let mut items = 0;
                for e in &order_events[k..k + size] {
                    let unit = channel_price(c, skus[e.sku as usize].price_on(day as u32));
                    items += unit * i64::from(e.qty);
                    out.lines.push(LineRow {
                        sku: e.sku,
                        qty: e.qty,
                        unit,
                        discount: 0,
                        shipping: 0,
                        tax: 0,
                        fee: 0,
                    });
                }
                let lines = &mut out.lines[first_line..];
                let coupon_bp = if c <= 1 && r.random_bool(0.12) {
                    [1000, 1500, 2000][r.random_range(0..3)]
                } else {
                    0
                };
                let shipping = match c {
                    0 if items < 3500 => 495,
                    1 if items < 5000 => 595,
                    3 => 450,
                    _ => 0,
                };
                let us = city.2 == "US";
                let mut tax_total = 0;
                for l in lines.iter_mut() {
                    let value = l.unit * i64::from(l.qty);
                    l.discount = apply_bp(value, coupon_bp);
                    l.tax = if us {
                        apply_bp(value - l.discount, 700)
                    } else {
                        0
                    };
                    tax_total += l.tax;
                }
                lines[0].shipping = shipping;
                fee_lines.clear();
                for l in lines.iter() {
                    fee_lines.push(OrderLine {
                        unit_price_minor: l.unit,
                        quantity: i64::from(l.qty),
                        discount_minor: l.discount,
                        category: Some(skus[l.sku as usize].family.category),
                        package: Some(self.packages[l.sku as usize]),
                    });
                }
                let fee_total = order_fee_total(
                    schedule,
                    &Order {
                        date,
                        currency: Currency::USD,
                        lines: &fee_lines,
                        shipping_minor: shipping,
                        tax_minor: tax_total,
                    },
                    &self.fee_options[c],
                )?;
                allocate_into(fee_total, lines);
                out.orders.push(OrderRow {
                    channel: c as u8,
                    n,
                    secs,
                    status,
                    city,
                    first_line: first_line as u32,
                    line_count: size as u8,
                });
                k += size;
            }
        }
        Ok(out)
    }
}

/// Days generated together by the worker threads while the writer stores the previous batch.
const DAYS_PER_BATCH: usize = 16;

fn write_orders(
    tx: &Transaction<'_>,
    shop: Shop<'_>,
    buckets: &[Vec<Vec<Event>>],
    dates: &[Date],
    progress: &dyn Progress,
    counts: &mut DemoCounts,
) -> Result<()> {
    let Shop {
        spec,
        skus,
        shop_ids,
        now,
    } = shop;
    let mut order = tx.prepare(
        "INSERT INTO orders (shop_id, external_id, ordered_at, status, currency, ship_city, ship_region, ship_country, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'USD', ?5, ?6, ?7, ?8)",
    )?;
    let mut line = tx.prepare(
        "INSERT INTO order_lines (order_id, line_no, sku, title, quantity, unit_price_minor, discount_minor, shipping_minor, tax_minor, fees_minor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let prefixes = ["ETSY", "SHOP", "AMZN", "EBAY"];
    let generator = OrderGen::new(spec, skus, dates);
    progress.start(u64::from(spec.days), "orders");
    // Generation (shuffling, cities, fees) runs on the worker threads, a batch of days at a
    // time, while this thread writes the batch before: SQLite has one writer, so the two
    // overlap instead of adding up. Rows are written in exactly the order a single thread
    // would write them, so ids and contents do not depend on the thread count.
    let (send, receive) = std::sync::mpsc::sync_channel::<Result<Vec<DayOrders>>>(2);
    std::thread::scope(|scope| -> Result<()> {
        // Owned here, so that a write error drops it and stops the generating thread.
        let receive = receive;
        let generator = &generator;
        scope.spawn(move || {
            for (b, chunk) in buckets.chunks(DAYS_PER_BATCH).enumerate() {
                let batch: Result<Vec<DayOrders>> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, per_channel)| generator.day(b * DAYS_PER_BATCH + i, per_channel))
                    .collect();
                let failed = batch.is_err();
                if send.send(batch).is_err() || failed {
                    // The writer stopped (an error): nothing more to generate.
                    break;
                }
            }
        });
        let mut external_id = String::with_capacity(24);
        let mut ordered_at = String::with_capacity(20);
        let mut day = 0usize;
        for batch in receive.iter() {
            for orders in batch? {
                let day_text = &dates[day];
                let compact = format!(
                    "{:04}{:02}{:02}",
                    day_text.year(),
                    day_text.month(),
                    day_text.day()
                );
                let iso = day_text.to_string();
                for o in &orders.orders {
                    use std::fmt::Write as _;
                    let c = usize::from(o.channel);
                    external_id.clear();
                    let _ = write!(external_id, "{}-{}-{:05}", prefixes[c], compact, o.n);
                    ordered_at.clear();
                    let _ = write!(
                        ordered_at,
                        "{iso}T{:02}:{:02}:{:02}Z",
                        o.secs / 3600,
                        o.secs / 60 % 60,
                        o.secs % 60
                    );
                    order.execute(params![
                        shop_ids[c],
                        external_id,
                        ordered_at,
                        o.status,
                        o.city.0,
                        o.city.1,
                        o.city.2,
                        now
                    ])?;
                    let order_id = tx.last_insert_rowid();
                    counts.orders += 1;
                    let first = o.first_line as usize;
                    for (no, l) in orders.lines[first..first + usize::from(o.line_count)]
                        .iter()
                        .enumerate()
                    {
                        let s = &skus[l.sku as usize];
                        line.execute(params![
                            order_id,
                            no as i64 + 1,
                            s.code,
                            s.title,
                            l.qty,
                            l.unit,
                            l.discount,
                            l.shipping,
                            l.tax,
                            l.fee
                        ])?;
                        counts.order_lines += 1;
                    }
                }
                day += 1;
                progress.inc(1);
            }
        }
        Ok(())
    })
}

/// [`allocate`] of an order's fee total over its lines, by line value, into `fee`.
fn allocate_into(total: i64, lines: &mut [LineRow]) {
    let sum: i64 = lines.iter().map(|l| l.unit * i64::from(l.qty)).sum();
    if sum == 0 {
        for (i, l) in lines.iter_mut().enumerate() {
            l.fee = if i == 0 { total } else { 0 };
        }
        return;
    }
    let mut given = 0;
    for l in lines.iter_mut() {
        let w = l.unit * i64::from(l.qty);
        l.fee = (i128::from(total) * i128::from(w) / i128::from(sum)) as i64;
        given += l.fee;
    }
    lines[0].fee += total - given;
}

fn write_inventory(
    tx: &Transaction<'_>,
    spec: &DemoSpec,
    skus: &[Sku],
    day_text: &[String],
    now: &str,
    counts: &mut DemoCounts,
) -> Result<()> {
    let mut inv = tx.prepare(
        "INSERT INTO inventory (sku, location, on_hand, reserved, inbound, as_of, origin) VALUES (?1, 'main', ?2, ?3, ?4, ?5, 'demo')
         ON CONFLICT (sku, location) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved,
           inbound = excluded.inbound, as_of = excluded.as_of, origin = 'demo'",
    )?;
    let mut out =
        tx.prepare("INSERT OR IGNORE INTO stockouts (sku, day, origin) VALUES (?1, ?2, 'demo')")?;
    for s in skus {
        let on_hand = on_hand(s);
        let reserved = (s.base_rate * 0.5).round().min(on_hand as f64) as i64;
        let inbound = (s.base_rate * 30.0 * s.inbound_share).round() as i64;
        inv.execute(params![s.code, on_hand, reserved, inbound, now])?;
        counts.inventory += 1;
        if let Some((a, b)) = s.stockout {
            for day in a..b.min(spec.days) {
                out.execute(params![s.code, day_text[day as usize]])?;
                counts.stockout_days += 1;
            }
        }
    }
    Ok(())
}

fn write_offers(
    tx: &Transaction<'_>,
    spec: &DemoSpec,
    skus: &[Sku],
    dates: &[Date],
    counts: &mut DemoCounts,
) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO offers (marketplace, sku, product_ref, seller, title, price_minor, shipping_minor, currency, is_featured, seen_at, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'USD', ?8, ?9, 'demo')",
    )?;
    let last = spec.days as usize - 1;
    let weeks = 8.min(spec.days as usize / 7);
    for (i, s) in skus.iter().enumerate() {
        let mut r = rng(spec.seed, 4, i as u64);
        if !r.random_bool(0.7) {
            continue;
        }
        let ours = s.price_on(last as u32);
        for c in [0usize, 2, 3] {
            if s.shares[c] == 0.0 {
                continue;
            }
            let sellers = r.random_range(1..=4usize);
            let mut offers: Vec<(usize, i64, i64)> = (0..sellers)
                .map(|_| {
                    let who = r.random_range(0..COMPETITORS.len());
                    let price =
                        channel_price(c, ours + apply_bp(ours, r.random_range(-1800..=1800)));
                    let ship = if r.random_bool(0.5) { 0 } else { 399 };
                    (who, price, ship)
                })
                .collect();
            offers.sort_by_key(|o| o.0);
            offers.dedup_by_key(|o| o.0);
            for w in 0..weeks {
                let day = last - (weeks - 1 - w) * 7;
                let seen = format!("{}T12:00:00Z", dates[day]);
                let featured = offers.iter().map(|o| o.1 + o.2).min().unwrap_or(0);
                for o in offers.iter_mut() {
                    o.1 = (o.1 + apply_bp(o.1, r.random_range(-200..=200))).max(95);
                    let title = format!(
                        "{} {} by {}",
                        STYLES[(o.0 + i) % STYLES.len()],
                        s.family.noun,
                        COMPETITORS[o.0]
                    );
                    stmt.execute(params![
                        CHANNELS[c],
                        s.code,
                        format!("{}-{}", COMPETITORS[o.0], s.code),
                        COMPETITORS[o.0],
                        title,
                        o.1,
                        o.2,
                        c == 2 && o.1 + o.2 == featured,
                        seen
                    ])?;
                    counts.offers += 1;
                }
            }
        }
    }
    Ok(())
}

fn write_trends(
    tx: &Transaction<'_>,
    spec: &DemoSpec,
    dates: &[Date],
    counts: &mut DemoCounts,
) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO trend_signals (term, source, metric, value, observed_at) VALUES (?1, 'demo', 'search_interest', ?2, ?3)",
    )?;
    // Mondays in the window.
    let mondays: Vec<&Date> = dates
        .iter()
        .filter(|d| d.weekday() == jiff::civil::Weekday::Monday)
        .collect();
    let n = mondays.len().max(1) as f64;
    for (t, (term, kind)) in TERMS.iter().enumerate() {
        let mut r = rng(spec.seed, 5, t as u64);
        let base: f64 = r.random_range(20.0..60.0);
        for (w, d) in mondays.iter().enumerate() {
            let x = w as f64 / n;
            let shape = match kind {
                'r' => 0.15 + 0.85 * (4.0 * (x - 1.0)).exp() * (1.0 + x),
                's' => {
                    if d.month() == 12 || (d.month() == 11 && d.day() > 15) {
                        2.5
                    } else {
                        0.6
                    }
                }
                'v' => {
                    if d.month() == 2 && d.day() <= 14 {
                        2.8
                    } else {
                        0.5
                    }
                }
                'd' => 1.4 - 1.0 * x,
                _ => 1.0,
            };
            let noise: f64 = r.random_range(0.9..1.1);
            let value = (base * shape * noise).clamp(0.0, 100.0).round();
            stmt.execute(params![term, value, d.to_string()])?;
            counts.trend_signals += 1;
        }
    }
    Ok(())
}

/// Demand by SKU for tests: the planted lifecycle of each demo SKU code.
pub fn planted_rising(spec: &DemoSpec) -> Vec<String> {
    build_catalogue(spec)
        .into_iter()
        .filter(|s| matches!(s.lifecycle, Lifecycle::Rising { .. }))
        .map(|s| s.code)
        .collect()
}

/// The SKU codes of a demo shop, in catalogue order.
pub fn sku_codes(spec: &DemoSpec) -> Vec<String> {
    build_catalogue(spec).into_iter().map(|s| s.code).collect()
}

/// Checks run after a fill: every SKU the orders name is a product (used by tests).
pub fn orphan_skus(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare(
        "SELECT DISTINCT l.sku FROM order_lines l LEFT JOIN products p ON p.sku = l.sku WHERE p.sku IS NULL",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for r in rows {
        out.push(r?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_exact() {
        let allocate = |total: i64, weights: &[i64]| -> Vec<i64> {
            let mut lines: Vec<LineRow> = weights
                .iter()
                .map(|w| LineRow {
                    sku: 0,
                    qty: 1,
                    unit: *w,
                    discount: 0,
                    shipping: 0,
                    tax: 0,
                    fee: 0,
                })
                .collect();
            allocate_into(total, &mut lines);
            lines.iter().map(|l| l.fee).collect()
        };
        assert_eq!(allocate(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(allocate(7, &[0, 0]), vec![7, 0]);
        assert_eq!(allocate(-5, &[3, 1]).iter().sum::<i64>(), -5);
        assert_eq!(allocate(1000, &[2990, 1490]), vec![668, 332]);
    }

    #[test]
    fn channel_prices_end_in_45_or_95() {
        for base in [1000, 1234, 4999, 100] {
            for c in 0..4 {
                let p = channel_price(c, base);
                assert!(p % 50 == 45, "{p}");
            }
        }
    }

    #[test]
    fn titles_fit_marketplace_limits() {
        let spec = DemoSpec {
            seed: 7,
            skus: 60,
            days: 400,
            end: Date::constant(2025, 6, 30),
        };
        for s in build_catalogue(&spec) {
            assert!(listing_title(0, &s).chars().count() <= 140);
            assert!(listing_title(3, &s).chars().count() <= 80);
            assert!(listing_title(2, &s).chars().count() <= 200);
        }
    }
}
