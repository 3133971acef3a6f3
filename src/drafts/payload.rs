//! The canonical payload of a draft, its SHA-256 identity, and the binding of a change to where
//! it goes.
//!
//! A payload is canonical when object keys are sorted (by their UTF-8 bytes), there is no
//! whitespace, and numbers and strings are written as serde_json writes them. Its hex SHA-256 is
//! the draft's identity: an approval records it, and any edit changes it (DESIGN §9).
//!
//! Every queued payload carries its own destination ([`bind`]): kind, marketplace, shop (id,
//! marketplace, external id, origin), SKU, local listing id and the marketplace's listing id.
//! `post` reads all of them from the approved payload alone; the row's columns are only an
//! index for queries, and a row whose columns disagree with its payload is refused.

use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{DraftKind, DraftRow};
use crate::error::Result;

/// The canonical text of a JSON value: sorted keys, no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// The canonical payload text and its hash.
pub fn canonical_and_hash(value: &Value) -> (String, String) {
    let text = canonical_json(value);
    let hash = sha256_hex(text.as_bytes());
    (text, hash)
}

/// The payload keys that say where a change goes: set by [`bind`], never by an edit.
pub const BOUND_KEYS: [&str; 6] = [
    "kind",
    "marketplace",
    "sku",
    "shop",
    "listing_id",
    "listing_external_id",
];

/// Where a change goes, as bound into its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub kind: DraftKind,
    pub marketplace: String,
    pub sku: String,
    pub shop: Option<ShopRef>,
    /// The local listing id (updates and price changes).
    pub listing_id: Option<i64>,
    /// The marketplace's id of the live listing.
    pub listing_external_id: Option<String>,
}

/// The shop a draft belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRef {
    pub id: i64,
    /// `demo`, or the marketplace the shop lives on.
    pub marketplace: String,
    pub external_id: String,
    /// `demo`, `import` or `api`.
    pub origin: String,
}

impl ShopRef {
    /// The demo shop's drafts never leave the machine.
    pub fn is_demo(&self) -> bool {
        self.marketplace == "demo" || self.origin == "demo"
    }
}

/// Writes the destination into `payload` from the draft's own fields and the store: the shop row
/// and the live listing's marketplace id are read once here, at queueing, and hashed with the
/// change.
pub fn bind(
    conn: &Connection,
    kind: DraftKind,
    marketplace: &str,
    shop_id: Option<i64>,
    sku: Option<&str>,
    listing_id: Option<i64>,
    payload: &Value,
) -> Result<Value> {
    let mut p = match payload {
        Value::Object(m) => m.clone(),
        other => {
            let mut m = serde_json::Map::new();
            m.insert("value".into(), other.clone());
            m
        }
    };
    p.insert("kind".into(), json!(kind.as_str()));
    p.insert("marketplace".into(), json!(marketplace));
    p.insert("sku".into(), json!(sku));
    let shop = match shop_id {
        Some(id) => conn
            .query_row(
                "SELECT marketplace, external_id, origin FROM shops WHERE id = ?1",
                [id],
                |r| {
                    Ok(json!({"id": id, "marketplace": r.get::<_, String>(0)?,
                              "external_id": r.get::<_, String>(1)?, "origin": r.get::<_, String>(2)?}))
                },
            )
            .optional()?
            .unwrap_or(Value::Null),
        None => Value::Null,
    };
    p.insert("shop".into(), shop);
    p.insert("listing_id".into(), json!(listing_id));
    let given = p
        .get("listing_external_id")
        .or_else(|| p.get("external_id"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let external = match (given, listing_id) {
        (Some(e), _) => Some(e),
        (None, Some(l)) => conn
            .query_row("SELECT external_id FROM listings WHERE id = ?1", [l], |r| {
                r.get::<_, String>(0)
            })
            .optional()?,
        (None, None) => None,
    };
    p.remove("external_id");
    p.insert("listing_external_id".into(), json!(external));
    Ok(Value::Object(p))
}

/// The destination the payload names, or why it names none.
pub fn destination(payload: &Value) -> std::result::Result<Destination, String> {
    let text = |k: &str| payload.get(k).and_then(Value::as_str).map(str::to_string);
    let kind = text("kind")
        .and_then(|k| DraftKind::parse(&k))
        .ok_or("the payload names no kind")?;
    let marketplace = text("marketplace").ok_or("the payload names no marketplace")?;
    let sku = text("sku")
        .filter(|s| !s.is_empty())
        .ok_or("the payload names no SKU")?;
    let shop = match payload.get("shop") {
        Some(Value::Object(s)) => Some(ShopRef {
            id: s
                .get("id")
                .and_then(Value::as_i64)
                .ok_or("the payload's shop has no id")?,
            marketplace: s
                .get("marketplace")
                .and_then(Value::as_str)
                .ok_or("the payload's shop has no marketplace")?
                .to_string(),
            external_id: s
                .get("external_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            origin: s
                .get("origin")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }),
        Some(Value::Null) => None,
        _ => return Err(
            "the payload is not bound to a shop (queued by an older sellkit: run the agent again)"
                .into(),
        ),
    };
    if !payload
        .as_object()
        .is_some_and(|m| m.contains_key("listing_id"))
    {
        return Err("the payload is not bound to a listing (queued by an older sellkit: run the agent again)".into());
    }
    Ok(Destination {
        kind,
        marketplace,
        sku,
        shop,
        listing_id: payload.get("listing_id").and_then(Value::as_i64),
        listing_external_id: text("listing_external_id"),
    })
}

/// Where the row's columns disagree with the destination in its payload (empty when they agree).
pub fn column_mismatches(d: &DraftRow, dest: &Destination) -> Vec<String> {
    let mut out = Vec::new();
    if d.kind != dest.kind {
        out.push(format!(
            "kind is {} in the row, {} in the payload",
            d.kind.as_str(),
            dest.kind.as_str()
        ));
    }
    if d.marketplace != dest.marketplace {
        out.push(format!(
            "marketplace is {:?} in the row, {:?} in the payload",
            d.marketplace, dest.marketplace
        ));
    }
    if d.sku.as_deref() != Some(dest.sku.as_str()) {
        out.push(format!(
            "sku is {:?} in the row, {:?} in the payload",
            d.sku, dest.sku
        ));
    }
    if d.shop_id != dest.shop.as_ref().map(|s| s.id) {
        out.push(format!(
            "shop is {:?} in the row, {:?} in the payload",
            d.shop_id,
            dest.shop.as_ref().map(|s| s.id)
        ));
    }
    if d.listing_id != dest.listing_id {
        out.push(format!(
            "listing is {:?} in the row, {:?} in the payload",
            d.listing_id, dest.listing_id
        ));
    }
    out
}
