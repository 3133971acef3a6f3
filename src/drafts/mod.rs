//! Drafts: the canonical JSON payload of a proposed change, its SHA-256 identity, and the
//! pending queue that `review` reads.
//!
//! A payload is canonical when object keys are sorted (by their UTF-8 bytes), there is no
//! whitespace, and numbers and strings are written as serde_json writes them. Its hex SHA-256 is
//! the draft's identity: an approval records it, and any edit changes it (DESIGN §9).

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use sha2::{Digest, Sha256};

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

/// Kinds of draft, as stored in `drafts.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    NewListing,
    ListingUpdate,
    PriceChange,
}

impl DraftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::NewListing => "new_listing",
            DraftKind::ListingUpdate => "listing_update",
            DraftKind::PriceChange => "price_change",
        }
    }
}

/// A draft about to be queued.
#[derive(Debug, Clone)]
pub struct NewDraft {
    pub kind: DraftKind,
    pub marketplace: String,
    pub shop_id: Option<i64>,
    pub sku: Option<String>,
    pub listing_id: Option<i64>,
    pub payload: Value,
    pub agent: String,
    pub rationale: String,
    pub confidence_bp: Option<i64>,
}

/// What [`insert_pending`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// A new pending draft with this id.
    New(i64),
    /// An identical pending draft (same payload hash) was already waiting: nothing written.
    Unchanged(i64),
}

impl Inserted {
    pub fn id(self) -> i64 {
        match self {
            Inserted::New(id) | Inserted::Unchanged(id) => id,
        }
    }
}

impl Inserted {
    /// The status word shown for it: `queued`, or `already_queued` for an identical one.
    pub fn status(self) -> &'static str {
        match self {
            Inserted::New(_) => "queued",
            Inserted::Unchanged(_) => "already_queued",
        }
    }
}

/// Queues every draft in one transaction, and tells each one's companion (what the command
/// shows for it) its draft id and status through `mark`.
pub fn queue_all<T>(
    store: &mut crate::store::Store,
    queue: Vec<(NewDraft, T)>,
    now: &str,
    mark: impl Fn(&mut T, i64, &'static str),
) -> Result<Vec<T>> {
    store.write(|tx| {
        let mut out = Vec::with_capacity(queue.len());
        for (draft, mut shown) in queue {
            let inserted = insert_pending(tx, &draft, now)?;
            mark(&mut shown, inserted.id(), inserted.status());
            out.push(shown);
        }
        Ok(out)
    })
}

/// Queues a draft as `pending`. Running an agent twice does not queue the same change twice: an
/// identical pending draft is kept, and an older pending draft from the same agent for the same
/// kind, marketplace and SKU is marked `superseded`.
pub fn insert_pending(conn: &Connection, draft: &NewDraft, now: &str) -> Result<Inserted> {
    let (payload, hash) = canonical_and_hash(&draft.payload);
    let same: Option<i64> = conn
        .query_row(
            "SELECT id FROM drafts WHERE status = 'pending' AND payload_hash = ?1 AND marketplace = ?2 AND kind = ?3",
            params![hash, draft.marketplace, draft.kind.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same {
        return Ok(Inserted::Unchanged(id));
    }
    conn.execute(
        "UPDATE drafts SET status = 'superseded', updated_at = ?1
         WHERE status = 'pending' AND agent = ?2 AND kind = ?3 AND marketplace = ?4 AND sku IS ?5",
        params![
            now,
            draft.agent,
            draft.kind.as_str(),
            draft.marketplace,
            draft.sku
        ],
    )?;
    conn.execute(
        "INSERT INTO drafts (kind, marketplace, shop_id, sku, listing_id, payload, payload_hash, agent, rationale, confidence_bp, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', ?11, ?11)",
        params![
            draft.kind.as_str(),
            draft.marketplace,
            draft.shop_id,
            draft.sku,
            draft.listing_id,
            payload,
            hash,
            draft.agent,
            draft.rationale,
            draft.confidence_bp,
            now
        ],
    )?;
    Ok(Inserted::New(conn.last_insert_rowid()))
}

/// Pending drafts by kind, for status lines and the brief.
pub fn pending_counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT kind, COUNT(*) FROM drafts WHERE status = 'pending' GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The number of pending drafts.
pub fn pending_total(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM drafts WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// The status line every draft-writing command ends with.
pub fn waiting_line(pending: i64) -> String {
    match pending {
        1 => "1 draft is waiting: run `sellkit review`".to_string(),
        n => format!("{n} drafts are waiting: run `sellkit review`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_sorts_keys_and_drops_whitespace() {
        let v = json!({"b": 1, "a": {"z": [1, 2, {"y": "é\"", "x": null}], "c": true}});
        assert_eq!(
            canonical_json(&v),
            r#"{"a":{"c":true,"z":[1,2,{"x":null,"y":"é\""}]},"b":1}"#
        );
        // Key order in the source does not change the hash.
        let w = json!({"a": {"c": true, "z": [1, 2, {"x": null, "y": "é\""}]}, "b": 1});
        assert_eq!(canonical_and_hash(&v).1, canonical_and_hash(&w).1);
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn pending_drafts_are_not_duplicated_and_old_ones_are_superseded() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let mut d = NewDraft {
            kind: DraftKind::ListingUpdate,
            marketplace: "etsy".into(),
            shop_id: None,
            sku: Some("A".into()),
            listing_id: None,
            payload: json!({"title": "one"}),
            agent: "listing_writer".into(),
            rationale: "r".into(),
            confidence_bp: Some(5000),
        };
        let now = "2025-01-01T00:00:00Z";
        let first = insert_pending(conn, &d, now).unwrap();
        assert!(matches!(first, Inserted::New(_)));
        assert_eq!(
            insert_pending(conn, &d, now).unwrap(),
            Inserted::Unchanged(first.id())
        );
        d.payload = json!({"title": "two"});
        let second = insert_pending(conn, &d, now).unwrap();
        assert_ne!(second.id(), first.id());
        let status: String = conn
            .query_row(
                "SELECT status FROM drafts WHERE id = ?1",
                [first.id()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(status, "superseded");
        assert_eq!(pending_total(conn).unwrap(), 1);
        assert_eq!(
            waiting_line(2),
            "2 drafts are waiting: run `sellkit review`"
        );
    }
}
