//! The review queue's core (DESIGN §9): reading drafts, what is live for each, the money a
//! price means, the editable fields of a draft (as TOML), and the decisions (approve, reject,
//! edit) with their approvals and audit lines. The interactive screen is in
//! `commands::review`; nothing here prints.

pub mod edit;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use crate::drafts::DraftKind;
pub use crate::drafts::DraftRow;
use crate::error::Result;
use crate::fees::{FeeOptions, Marketplace, Package, Schedules};
use crate::money::{Currency, Money};
use crate::pricing::quote::{QuoteInput, quote};

/// The live listing a draft changes, from the `listings` table.
#[derive(Debug, Clone, Serialize)]
pub struct Live {
    pub listing_id: i64,
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub price: Money,
    pub quantity: Option<i64>,
    pub state: String,
}

/// The listing of the draft: by its listing id, else the active listing of its SKU on its
/// marketplace.
pub fn live_listing(conn: &Connection, d: &DraftRow) -> Result<Option<Live>> {
    let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(Live, String)> {
        let tags: String = r.get(4)?;
        let cur: String = r.get(6)?;
        Ok((
            Live {
                listing_id: r.get(0)?,
                external_id: r.get(1)?,
                title: r.get(2)?,
                description: r.get(3)?,
                tags: serde_json::from_str(&tags).unwrap_or_default(),
                price: Money::new(r.get(5)?, Currency::USD),
                quantity: r.get(7)?,
                state: r.get(8)?,
            },
            cur,
        ))
    };
    let cols = "l.id, l.external_id, l.title, l.description, l.tags, l.price_minor, l.currency, l.quantity, l.state";
    let found = match d.listing_id {
        Some(id) => conn
            .query_row(
                &format!("SELECT {cols} FROM listings l WHERE l.id = ?1"),
                [id],
                row,
            )
            .optional()?,
        None if d.kind != DraftKind::NewListing => match &d.sku {
            Some(sku) => conn
                .query_row(
                    &format!(
                        "SELECT {cols} FROM listings l JOIN shops s ON s.id = l.shop_id
                         WHERE l.sku = ?1 AND s.channel = ?2 AND l.state != 'removed'
                         ORDER BY l.state = 'active' DESC, l.id LIMIT 1"
                    ),
                    params![sku, d.marketplace],
                    row,
                )
                .optional()?,
            None => None,
        },
        None => None,
    };
    Ok(found.map(|(mut live, cur)| {
        if let Ok(c) = Currency::new(&cur) {
            live.price.currency = c;
        }
        live
    }))
}

/// The listing fields a draft proposes (absent = unchanged).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Proposed {
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub bullets: Option<Vec<String>>,
    pub price: Option<Money>,
    pub quantity: Option<i64>,
    pub floor: Option<Money>,
    pub ceiling: Option<Money>,
}

/// Reads a money value: `{"amount_minor": 1299, "currency": "USD"}`.
pub fn money_of(v: &Value) -> Option<Money> {
    serde_json::from_value(v.clone()).ok()
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array().map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    })
}

/// The key a draft's price lives under: price drafts carry `new_price`, listing drafts `price`.
pub fn price_key(kind: DraftKind) -> &'static str {
    kind.price_key()
}

/// What the payload proposes.
pub fn proposed(d: &DraftRow) -> Proposed {
    let p = &d.payload;
    Proposed {
        title: p.get("title").and_then(Value::as_str).map(str::to_string),
        description: p
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        tags: p.get("tags").and_then(strings),
        bullets: p.get("bullets").and_then(strings),
        price: p.get(price_key(d.kind)).and_then(money_of),
        quantity: p.get("quantity").and_then(Value::as_i64),
        floor: p.get("floor").and_then(money_of),
        ceiling: p.get("ceiling").and_then(money_of),
    }
}

/// Fees, profit and margin at one price.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AtPrice {
    pub price: Money,
    pub fees: Money,
    pub net_proceeds: Money,
    /// Null without a unit cost.
    pub profit: Option<Money>,
    pub margin_bp: Option<i64>,
}

/// What a price change means in money.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Impact {
    pub new: AtPrice,
    pub old: Option<AtPrice>,
    pub unit_cost: Option<Money>,
    /// Why something could not be worked out.
    pub notes: Vec<String>,
}

/// Fees and margin at the draft's price (and at the live one), with the fee schedule in force
/// `today`. None when the draft carries no price.
pub fn impact(
    conn: &Connection,
    d: &DraftRow,
    live: Option<&Live>,
    today: jiff::civil::Date,
) -> Result<Option<Impact>> {
    let Some(new_price) = proposed(d).price else {
        return Ok(None);
    };
    let Some(m) = Marketplace::parse(&d.marketplace) else {
        return Ok(None);
    };
    let mut notes = Vec::new();
    let (mut category, mut package) = (None, None);
    let mut unit_cost = None;
    if let Some(sku) = &d.sku {
        type ProductRow = (
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );
        let prod: Option<ProductRow> = conn.query_row(
                "SELECT category, weight_g, length_mm, width_mm, height_mm FROM products WHERE sku = ?1",
                [sku],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        if let Some((c, w, a, b, h)) = prod {
            category = c;
            if let (Some(w), Some(a), Some(b), Some(h)) = (w, a, b, h) {
                package = Some(Package::from_metric(w, [a, b, h]));
            }
        }
        let cost: Option<(i64, String)> = conn
            .query_row(
                "SELECT unit_cost_minor, currency FROM product_costs WHERE sku = ?1 AND effective_from <= ?2
                 ORDER BY effective_from DESC LIMIT 1",
                params![sku, today.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((minor, cur)) = cost {
            if cur == new_price.currency.code() {
                unit_cost = Some(Money::new(minor, new_price.currency));
            } else {
                notes.push(format!(
                    "unit cost is in {cur}, the price in {}: margin not shown",
                    new_price.currency
                ));
            }
        } else {
            notes.push(format!("no unit cost for {sku}: margin not shown"));
        }
    }
    let schedules = Schedules::embedded();
    let at = |price: Money| -> std::result::Result<AtPrice, String> {
        let input = QuoteInput {
            marketplace: m,
            date: today,
            currency: price.currency,
            sell_minor: price.amount_minor,
            shipping_minor: 0,
            cost_minor: unit_cost.map_or(0, |c| c.amount_minor),
            ship_cost_minor: 0,
            category: category.clone(),
            package,
            options: FeeOptions {
                amazon_fba: m == Marketplace::Amazon && package.is_some(),
                ..FeeOptions::default()
            },
        };
        let q = quote(schedules, &input).map_err(|e| e.to_string())?;
        Ok(AtPrice {
            price,
            fees: Money::new(q.fees.total_minor, price.currency),
            net_proceeds: Money::new(q.net_proceeds_minor, price.currency),
            profit: unit_cost.map(|_| Money::new(q.profit_minor, price.currency)),
            margin_bp: unit_cost.and(q.margin_bp),
        })
    };
    let new = match at(new_price) {
        Ok(a) => a,
        Err(e) => {
            notes.push(format!("fees not known: {e}"));
            return Ok(Some(Impact {
                new: AtPrice {
                    price: new_price,
                    fees: Money::zero(new_price.currency),
                    net_proceeds: new_price,
                    profit: None,
                    margin_bp: None,
                },
                old: None,
                unit_cost,
                notes,
            }));
        }
    };
    let old_price = match d.payload.get("old_price").and_then(money_of) {
        Some(p) => Some(p),
        None => live.map(|l| l.price),
    };
    let old = old_price
        .filter(|p| p.currency == new_price.currency && *p != new_price)
        .and_then(|p| at(p).ok());
    Ok(Some(Impact {
        new,
        old,
        unit_cost,
        notes,
    }))
}

/// Who is approving: the OS account running the process (not an environment variable).
pub fn os_user() -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata("/proc/self") {
            let uid = meta.uid();
            if let Ok(passwd) = std::fs::read_to_string("/etc/passwd") {
                for line in passwd.lines() {
                    let mut f = line.split(':');
                    let (Some(name), Some(_), Some(id)) = (f.next(), f.next(), f.next()) else {
                        continue;
                    };
                    if id.parse::<u32>() == Ok(uid) {
                        return name.to_string();
                    }
                }
            }
            return format!("uid:{uid}");
        }
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
