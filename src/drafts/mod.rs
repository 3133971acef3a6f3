//! Drafts: the one owner of proposed changes (DESIGN §9). Agents, pricing and trends queue
//! drafts here; review decides on them here; post reads, verifies and records postings here. No
//! other module writes the drafts, approvals, postings or audit_log tables.
//!
//! - [`payload`]: the canonical payload, its SHA-256 identity and the destination bound into it.
//! - [`Seal`] (in the store, which carries it): the per-install secret that seals approvals and
//!   audit entries.
//! - [`audit`]: the one audit writer, hash-chained.
//! - [`decide`]: approvals, rejections and edits, each sealed and audited with its own time.
//! - [`posting`]: what `post` may send, and the posting state machine.

pub mod audit;
pub mod decide;
pub mod payload;
pub mod posting;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
pub use crate::store::Seal;
pub use decide::{Decider, Decision, approve, latest_decision, reject, replace_payload};
pub use payload::{canonical_and_hash, canonical_json, sha256_hex};

/// Kinds of draft, as stored in `drafts.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    NewListing,
    ListingUpdate,
    PriceChange,
}

impl DraftKind {
    pub const ALL: [DraftKind; 3] = [
        DraftKind::NewListing,
        DraftKind::ListingUpdate,
        DraftKind::PriceChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftKind::NewListing => "new_listing",
            DraftKind::ListingUpdate => "listing_update",
            DraftKind::PriceChange => "price_change",
        }
    }

    pub fn parse(text: &str) -> Option<DraftKind> {
        DraftKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The key a draft's price lives under: price drafts carry `new_price`, listing drafts `price`.
    pub fn price_key(self) -> &'static str {
        match self {
            DraftKind::PriceChange => "new_price",
            _ => "price",
        }
    }
}

impl std::fmt::Display for DraftKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The statuses a draft can have (the CHECK in the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftStatus {
    Pending,
    Approved,
    Rejected,
    Posted,
    Failed,
    Superseded,
}

impl DraftStatus {
    pub const ALL: [DraftStatus; 6] = [
        DraftStatus::Pending,
        DraftStatus::Approved,
        DraftStatus::Rejected,
        DraftStatus::Posted,
        DraftStatus::Failed,
        DraftStatus::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DraftStatus::Pending => "pending",
            DraftStatus::Approved => "approved",
            DraftStatus::Rejected => "rejected",
            DraftStatus::Posted => "posted",
            DraftStatus::Failed => "failed",
            DraftStatus::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<DraftStatus> {
        DraftStatus::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for DraftStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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

/// A draft as stored.
#[derive(Debug, Clone, Serialize)]
pub struct DraftRow {
    pub id: i64,
    pub kind: DraftKind,
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
    pub status: DraftStatus,
    pub created_at: String,
    pub updated_at: String,
}

impl DraftRow {
    /// Whether the stored payload text still hashes to the stored hash.
    pub fn payload_intact(&self) -> bool {
        sha256_hex(self.payload_text.as_bytes()) == self.payload_hash
    }
}

/// Which drafts to read.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub marketplace: Option<String>,
    pub kind: Option<DraftKind>,
    pub sku: Option<String>,
    pub status: Option<DraftStatus>,
    pub agent: Option<String>,
    pub min_confidence_bp: Option<i64>,
}

const DRAFT_COLUMNS: &str = "id, kind, marketplace, shop_id, sku, listing_id, payload, payload_hash, agent, rationale, confidence_bp, status, created_at, updated_at";

fn bad_column(i: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("unknown draft {what} {text:?}").into(),
    )
}

fn draft_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DraftRow> {
    let text: String = r.get(6)?;
    let payload = serde_json::from_str(&text).unwrap_or(Value::Null);
    let kind: String = r.get(1)?;
    let status: String = r.get(11)?;
    Ok(DraftRow {
        id: r.get(0)?,
        kind: DraftKind::parse(&kind).ok_or_else(|| bad_column(1, "kind", &kind))?,
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
        status: DraftStatus::parse(&status).ok_or_else(|| bad_column(11, "status", &status))?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

const FILTER_WHERE: &str = "(?1 IS NULL OR marketplace = ?1) AND (?2 IS NULL OR kind = ?2)
           AND (?3 IS NULL OR sku = ?3) AND (?4 IS NULL OR status = ?4)
           AND (?5 IS NULL OR agent = ?5) AND (?6 IS NULL OR confidence_bp >= ?6)";

fn filter_params(f: &Filter) -> [rusqlite::types::Value; 6] {
    use rusqlite::types::Value as V;
    let text = |s: Option<&str>| s.map_or(V::Null, |s| V::Text(s.to_string()));
    [
        text(f.marketplace.as_deref()),
        text(f.kind.map(DraftKind::as_str)),
        text(f.sku.as_deref()),
        text(f.status.map(DraftStatus::as_str)),
        text(f.agent.as_deref()),
        f.min_confidence_bp.map_or(V::Null, V::Integer),
    ]
}

/// Drafts matching `filter`, oldest first.
pub fn load_drafts(conn: &Connection, filter: &Filter) -> Result<Vec<DraftRow>> {
    let sql = format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE {FILTER_WHERE} ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        rusqlite::params_from_iter(filter_params(filter)),
        draft_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The ids of the drafts matching `filter`, oldest first (cheap: for paging a large queue).
pub fn draft_ids(conn: &Connection, filter: &Filter) -> Result<Vec<i64>> {
    let sql = format!("SELECT id FROM drafts WHERE {FILTER_WHERE} ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(filter_params(filter)), |r| {
        r.get(0)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Counts of the drafts matching `filter` by kind, marketplace and agent.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub total: i64,
    pub by_kind: Vec<(String, i64)>,
    pub by_marketplace: Vec<(String, i64)>,
    pub by_agent: Vec<(String, i64)>,
}

pub fn counts(conn: &Connection, filter: &Filter) -> Result<Counts> {
    let group = |col: &str| -> Result<Vec<(String, i64)>> {
        let sql = format!(
            "SELECT {col}, COUNT(*) FROM drafts WHERE {FILTER_WHERE} GROUP BY {col} ORDER BY COUNT(*) DESC, {col}"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(filter_params(filter)), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let by_kind = group("kind")?;
    Ok(Counts {
        total: by_kind.iter().map(|(_, n)| n).sum(),
        by_kind,
        by_marketplace: group("marketplace")?,
        by_agent: group("agent")?,
    })
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

    /// The status word shown for it: `queued`, or `already_queued` for an identical one.
    pub fn status(self) -> &'static str {
        match self {
            Inserted::New(_) => "queued",
            Inserted::Unchanged(_) => "already_queued",
        }
    }
}

/// A draft's bound canonical payload and its hash, before it is written.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    pub hash: String,
}

/// Binds the destination into the draft's payload and hashes it (reads only).
pub fn prepare(conn: &Connection, draft: &NewDraft) -> Result<Prepared> {
    let bound = payload::bind(
        conn,
        draft.kind,
        &draft.marketplace,
        draft.shop_id,
        draft.sku.as_deref(),
        draft.listing_id,
        &draft.payload,
    )?;
    let (text, hash) = canonical_and_hash(&bound);
    Ok(Prepared { text, hash })
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
    let prepared = prepare(conn, draft)?;
    let same: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM drafts WHERE status = 'pending' AND payload_hash = ?1 AND marketplace = ?2 AND kind = ?3",
        )?
        .query_row(
            params![prepared.hash, draft.marketplace, draft.kind.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same {
        return Ok(Inserted::Unchanged(id));
    }
    conn.prepare_cached(
        "UPDATE drafts SET status = 'superseded', updated_at = ?1
         WHERE status = 'pending' AND agent = ?2 AND kind = ?3 AND marketplace = ?4 AND sku IS ?5",
    )?
    .execute(params![
        now,
        draft.agent,
        draft.kind.as_str(),
        draft.marketplace,
        draft.sku
    ])?;
    Ok(Inserted::New(insert_prepared(conn, draft, &prepared, now)?))
}

/// Writes a prepared draft as pending; returns its id. Callers that keep their own view of the
/// pending queue (`price suggest`) use this with [`supersede`].
pub fn insert_prepared(
    conn: &Connection,
    draft: &NewDraft,
    prepared: &Prepared,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO drafts (kind, marketplace, shop_id, sku, listing_id, payload, payload_hash, agent, rationale, confidence_bp, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'pending', ?11, ?11)",
    )?
    .execute(params![
        draft.kind.as_str(),
        draft.marketplace,
        draft.shop_id,
        draft.sku,
        draft.listing_id,
        prepared.text,
        prepared.hash,
        draft.agent,
        draft.rationale,
        draft.confidence_bp,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Marks a pending draft superseded; returns whether it was pending.
pub fn supersede(conn: &Connection, id: i64, now: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "UPDATE drafts SET status = 'superseded', updated_at = ?2 WHERE id = ?1 AND status = 'pending'",
        )?
        .execute(params![id, now])?
        > 0)
}

/// Pending price drafts by local listing id: (listing id, draft id, payload hash).
pub fn pending_price_drafts(conn: &Connection) -> Result<Vec<(i64, i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT listing_id, id, payload_hash FROM drafts WHERE kind = 'price_change' AND status = 'pending' AND listing_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
