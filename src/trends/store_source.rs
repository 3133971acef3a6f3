//! The store as a trend source: weekly units sold per SKU (metric `sku_units`, the term is the
//! SKU code) and per keyword of its listing titles, tags and product keywords (metric `units`).
//! Only complete weeks (Monday to Sunday, before today) are counted; cancelled orders are not.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};

use super::{SKU_METRIC, Signal, normalize_term, week_start};
use crate::error::Result;
use crate::store::Store;

pub const SOURCE: &str = "store";

/// Keywords of each SKU: normalised tags, product keywords and title phrases.
fn keywords_by_sku(store: &Store) -> Result<HashMap<String, BTreeSet<String>>> {
    let conn = store.conn();
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut add = |sku: &str, text: &str| {
        let n = normalize_term(text);
        // One-word keywords of one or two letters say nothing.
        if n.len() > 2 {
            out.entry(sku.to_string()).or_default().insert(n);
        }
    };
    let mut stmt = conn.prepare("SELECT sku, attributes FROM products")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (sku, attrs) = row?;
        let v: serde_json::Value = serde_json::from_str(&attrs).unwrap_or_default();
        if let Some(kw) = v.get("keywords").and_then(|k| k.as_array()) {
            for k in kw.iter().filter_map(|k| k.as_str()) {
                add(&sku, k);
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT sku, title, tags FROM listings WHERE sku IS NOT NULL AND state <> 'removed'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (sku, title, tags) = row?;
        // Titles carry keyword phrases between separators ("Boho Lamp | mushroom lamp, decor").
        let parts: Vec<&str> = title.split(['|', ',']).collect();
        if parts.len() > 1 {
            for p in parts {
                add(&sku, p);
            }
        }
        let tags: Vec<String> = serde_json::from_str(&tags).unwrap_or_default();
        for t in tags {
            add(&sku, &t);
        }
    }
    Ok(out)
}

/// Weekly units per SKU and per keyword, in complete weeks before `today`.
pub fn signals(store: &Store, today: Date) -> Result<Vec<Signal>> {
    let this_week = week_start(today);
    let mut stmt = store.conn().prepare(
        "SELECT l.sku, substr(o.ordered_at, 1, 10), SUM(l.quantity)
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.status <> 'cancelled' AND o.ordered_at < ?1
         GROUP BY l.sku, substr(o.ordered_at, 1, 10)",
    )?;
    let rows = stmt.query_map(params![this_week.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut by_sku: BTreeMap<String, BTreeMap<Date, i64>> = BTreeMap::new();
    for row in rows {
        let (sku, day, units) = row?;
        let Ok(day) = day.parse::<Date>() else {
            continue;
        };
        *by_sku
            .entry(sku)
            .or_default()
            .entry(week_start(day))
            .or_default() += units;
    }
    let keywords = keywords_by_sku(store)?;
    // A keyword on more than half of the SKUs ("handmade") describes the shop, not a product.
    let mut users: HashMap<&str, usize> = HashMap::new();
    for kws in keywords.values() {
        for k in kws {
            *users.entry(k.as_str()).or_default() += 1;
        }
    }
    let products = keywords.len();
    let mut by_keyword: BTreeMap<String, BTreeMap<Date, i64>> = BTreeMap::new();
    let mut out = Vec::new();
    for (sku, weeks) in &by_sku {
        for (week, units) in weeks {
            out.push(Signal {
                term: sku.clone(),
                source: SOURCE.into(),
                metric: SKU_METRIC.into(),
                value: *units as f64,
                observed_at: *week,
            });
        }
        for k in keywords.get(sku).into_iter().flatten() {
            // A keyword of one SKU only is that SKU's series again: the SKU speaks for it.
            let n = users[k.as_str()];
            if n < 2 || (products >= 4 && n * 2 > products) {
                continue;
            }
            let slot = by_keyword.entry(k.clone()).or_default();
            for (week, units) in weeks {
                *slot.entry(*week).or_default() += units;
            }
        }
    }
    for (k, weeks) in by_keyword {
        for (week, units) in weeks {
            out.push(Signal {
                term: k.clone(),
                source: SOURCE.into(),
                metric: "units".into(),
                value: units as f64,
                observed_at: week,
            });
        }
    }
    Ok(out)
}

/// What the store's signals were computed from: orders, lines, units, listings, products and
/// the current week. The same fingerprint means the same signals.
fn fingerprint(store: &Store, today: Date) -> Result<String> {
    let conn = store.conn();
    let (orders, last_order): (i64, Option<String>) =
        conn.query_row("SELECT COUNT(*), MAX(updated_at) FROM orders", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (lines, units): (i64, Option<i64>) =
        conn.query_row("SELECT COUNT(*), SUM(quantity) FROM order_lines", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (listings, last_listing): (i64, Option<String>) =
        conn.query_row("SELECT COUNT(*), MAX(updated_at) FROM listings", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (products, last_product): (i64, Option<String>) =
        conn.query_row("SELECT COUNT(*), MAX(updated_at) FROM products", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(format!(
        "week {} orders {orders} {} lines {lines} units {} listings {listings} {} products {products} {}",
        week_start(today),
        last_order.unwrap_or_default(),
        units.unwrap_or(0),
        last_listing.unwrap_or_default(),
        last_product.unwrap_or_default()
    ))
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// Signals recomputed: this many rows.
    Written(usize),
    /// Nothing changed since the last refresh: the stored signals stand.
    Unchanged,
}

/// Replaces the store's signals with a fresh computation, unless the orders, listings and
/// products (and the week) are what the last refresh saw. Each refresh is logged in `sync_runs`
/// as `trends:store` with its fingerprint.
pub fn refresh(store: &mut Store, today: Date, now: &str) -> Result<Refreshed> {
    let print = fingerprint(store, today)?;
    let last: Option<String> = store
        .conn()
        .query_row(
            "SELECT counts FROM sync_runs WHERE marketplace = 'trends:store' AND outcome = 'ok'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let seen = last
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| {
            v.get("fingerprint")
                .and_then(|f| f.as_str())
                .map(String::from)
        });
    if seen.as_deref() == Some(print.as_str()) {
        return Ok(Refreshed::Unchanged);
    }
    let signals = signals(store, today)?;
    store.write(|tx| {
        tx.execute(
            "DELETE FROM trend_signals WHERE source = ?1",
            params![SOURCE],
        )?;
        let n = super::insert_signals(tx, &signals)?;
        super::record_fetch(
            tx,
            SOURCE,
            now,
            now,
            &serde_json::json!({"trend_signals": n, "fingerprint": print}),
            "ok",
        )?;
        Ok(Refreshed::Written(n))
    })
}
