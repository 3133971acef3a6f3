//! The review queue's core (DESIGN §9): reading drafts, what is live for each, the money a
//! price means, the editable fields of a draft (as TOML), and the decisions (approve, reject,
//! edit) with their approvals and audit lines. The interactive screen is in
//! `commands::review`; nothing here prints.

pub mod edit;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};

use crate::drafts::{canonical_and_hash, sha256_hex};
use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::pricing::fees::{FeeOptions, Marketplace, Package, Schedules};
use crate::pricing::quote::{QuoteInput, quote};

/// The statuses a draft can have (the CHECK in the schema).
pub const STATUSES: &[&str] = &[
    "pending",
    "approved",
    "rejected",
    "posted",
    "failed",
    "superseded",
];

/// A draft as stored.
#[derive(Debug, Clone, Serialize)]
pub struct DraftRow {
    pub id: i64,
    pub kind: String,
    pub marketplace: String,
    pub shop_id: Option<i64>,
    pub sku: Option<String>,
    pub listing_id: Option<i64>,
    /// The stored canonical payload text.
    #[serde(skip)]
    pub payload_text: String,
    pub payload: Value,
    pub payload_hash: String,
    pub agent: String,
    pub rationale: String,
    pub confidence_bp: Option<i64>,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

impl DraftRow {
    /// Whether the stored payload text still hashes to the stored hash.
    pub fn payload_intact(&self) -> bool {
        sha256_hex(self.payload_text.as_bytes()) == self.payload_hash
    }
}

/// Which drafts to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub marketplace: Option<String>,
    pub kind: Option<String>,
    pub sku: Option<String>,
    pub status: Option<String>,
}

const DRAFT_COLUMNS: &str = "id, kind, marketplace, shop_id, sku, listing_id, payload, payload_hash, agent, rationale, confidence_bp, status, created_at, updated_at";

fn draft_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    let text: String = r.get(6)?;
    let payload = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(DraftRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        marketplace: r.get(2)?,
        shop_id: r.get(3)?,
        sku: r.get(4)?,
        listing_id: r.get(5)?,
        payload_text: text,
        payload,
        payload_hash: r.get(7)?,
        agent: r.get(8)?,
        rationale: r.get(9)?,
        confidence_bp: r.get(10)?,
        status: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

/// Drafts matching `filter`, oldest first.
pub fn load_drafts(conn: &Connection, filter: &Filter) -> Result<Vec<DraftRow>> {
    let sql = format!(
        "SELECT {DRAFT_COLUMNS} FROM drafts
         WHERE (?1 IS NULL OR marketplace = ?1) AND (?2 IS NULL OR kind = ?2)
           AND (?3 IS NULL OR sku = ?3) AND (?4 IS NULL OR status = ?4)
         ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![filter.marketplace, filter.kind, filter.sku, filter.status],
        draft_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One draft by id.
pub fn load_draft(conn: &Connection, id: i64) -> Result<Option<DraftRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?1"),
            [id],
            draft_from_row,
        )
        .optional()?)
}

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
        None if d.kind != "new_listing" => match &d.sku {
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
pub fn price_key(kind: &str) -> &'static str {
    if kind == "price_change" {
        "new_price"
    } else {
        "price"
    }
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
        price: p.get(price_key(&d.kind)).and_then(money_of),
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

/// Appends a line to the audit log (inside the caller's transaction).
pub fn audit(
    conn: &Connection,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            at,
            actor,
            action,
            subject,
            crate::drafts::canonical_json(detail)
        ],
    )?;
    Ok(())
}

fn changed_under_us(id: i64) -> Error {
    Error::safety(format!(
        "draft {id} changed while it was on screen (another review or edit?); nothing recorded: run `sellkit review` again"
    ))
}

/// Records an approval of exactly the payload with `hash` that the person saw. Refuses when the
/// draft is no longer pending with that hash, or its text no longer hashes to it.
pub fn approve(
    conn: &Connection,
    id: i64,
    hash: &str,
    who: &str,
    how: &str,
    now: &str,
) -> Result<()> {
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.status != "pending" || d.payload_hash != hash || !d.payload_intact() {
        return Err(changed_under_us(id));
    }
    conn.execute(
        "INSERT INTO approvals (draft_id, payload_hash, decision, reason, who, how, at) VALUES (?1, ?2, 'approved', NULL, ?3, ?4, ?5)",
        params![id, hash, who, how, now],
    )?;
    conn.execute(
        "UPDATE drafts SET status = 'approved', updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    audit(
        conn,
        now,
        who,
        "draft_approved",
        &format!("draft:{id}"),
        &json!({"payload_hash": hash, "how": how, "marketplace": d.marketplace, "kind": d.kind, "sku": d.sku}),
    )
}

/// Records a rejection with its reason.
pub fn reject(
    conn: &Connection,
    id: i64,
    hash: &str,
    reason: &str,
    who: &str,
    how: &str,
    now: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::usage("a rejection needs a reason"));
    }
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.status != "pending" || d.payload_hash != hash {
        return Err(changed_under_us(id));
    }
    conn.execute(
        "INSERT INTO approvals (draft_id, payload_hash, decision, reason, who, how, at) VALUES (?1, ?2, 'rejected', ?3, ?4, ?5, ?6)",
        params![id, hash, reason, who, how, now],
    )?;
    conn.execute(
        "UPDATE drafts SET status = 'rejected', updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    audit(
        conn,
        now,
        who,
        "draft_rejected",
        &format!("draft:{id}"),
        &json!({"payload_hash": hash, "how": how, "reason": reason}),
    )
}

/// Replaces a draft's payload (after an edit): new canonical text and hash, status back to
/// pending, so any approval of the old hash no longer counts. Returns the new hash.
pub fn replace_payload(
    conn: &Connection,
    id: i64,
    old_hash: &str,
    payload: &Value,
    who: &str,
    now: &str,
) -> Result<String> {
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.payload_hash != old_hash || !matches!(d.status.as_str(), "pending" | "approved") {
        return Err(changed_under_us(id));
    }
    let (text, hash) = canonical_and_hash(payload);
    if hash == old_hash {
        return Ok(hash);
    }
    conn.execute(
        "UPDATE drafts SET payload = ?2, payload_hash = ?3, status = 'pending', updated_at = ?4 WHERE id = ?1",
        params![id, text, hash, now],
    )?;
    audit(
        conn,
        now,
        who,
        "draft_edited",
        &format!("draft:{id}"),
        &json!({"old_hash": old_hash, "new_hash": hash, "approval_voided": d.status == "approved"}),
    )?;
    Ok(hash)
}

/// The latest decision on a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub decision: String,
    pub payload_hash: String,
    pub reason: Option<String>,
    pub who: String,
    pub how: String,
    pub at: String,
}

pub fn latest_decision(conn: &Connection, id: i64) -> Result<Option<Decision>> {
    Ok(conn
        .query_row(
            "SELECT decision, payload_hash, reason, who, how, at FROM approvals WHERE draft_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| {
                Ok(Decision {
                    decision: r.get(0)?,
                    payload_hash: r.get(1)?,
                    reason: r.get(2)?,
                    who: r.get(3)?,
                    how: r.get(4)?,
                    at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::{DraftKind, NewDraft, insert_pending};

    fn draft(conn: &Connection) -> i64 {
        insert_pending(
            conn,
            &NewDraft {
                kind: DraftKind::PriceChange,
                marketplace: "etsy".into(),
                shop_id: None,
                sku: Some("A".into()),
                listing_id: None,
                payload: json!({"kind": "price_change", "sku": "A",
                    "new_price": {"amount_minor": 2500, "currency": "USD"},
                    "old_price": {"amount_minor": 2000, "currency": "USD"}}),
                agent: "pricing".into(),
                rationale: "r".into(),
                confidence_bp: Some(7000),
            },
            "2025-01-01T00:00:00Z",
        )
        .unwrap()
        .id()
    }

    #[test]
    fn approve_records_the_hash_and_an_edit_voids_it() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let id = draft(conn);
        let d = load_draft(conn, id).unwrap().unwrap();
        assert!(d.payload_intact());
        assert_eq!(proposed(&d).price, Some(Money::new(2500, Currency::USD)));
        // A stale hash is refused.
        assert!(approve(conn, id, "00", "me", "tty", "t").is_err());
        approve(conn, id, &d.payload_hash, "me", "tty", "t").unwrap();
        let dec = latest_decision(conn, id).unwrap().unwrap();
        assert_eq!(
            (dec.decision.as_str(), dec.payload_hash.as_str()),
            ("approved", d.payload_hash.as_str())
        );
        let mut p = d.payload.clone();
        p["new_price"]["amount_minor"] = json!(2400);
        let h2 = replace_payload(conn, id, &d.payload_hash, &p, "me", "t").unwrap();
        let d2 = load_draft(conn, id).unwrap().unwrap();
        assert_eq!(
            (d2.status.as_str(), d2.payload_hash.as_str()),
            ("pending", h2.as_str())
        );
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE subject = ?1",
                [format!("draft:{id}")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2);
        assert!(reject(conn, id, &h2, "  ", "me", "tty", "t").is_err());
        reject(conn, id, &h2, "too high", "me", "tty", "t").unwrap();
        assert_eq!(load_draft(conn, id).unwrap().unwrap().status, "rejected");
    }
}
