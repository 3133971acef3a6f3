//! The records a sync quarantined (`sync_rejects`): listed for the seller to look at, and
//! cleared once dealt with. The raw JSON was stored with its secret-looking fields redacted.

use rusqlite::params;
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// One quarantined record.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StoredReject {
    pub id: i64,
    pub marketplace: String,
    pub shop_external_id: Option<String>,
    pub resource: String,
    pub operation: String,
    pub external_id: Option<String>,
    pub reason: String,
    /// When it was last rejected (RFC 3339 UTC).
    pub rejected_at: String,
    /// The record as the marketplace sent it, secrets redacted (`null` if it cannot be read).
    pub raw: serde_json::Value,
}

/// The rejects of `marketplace` (all when `None`), newest first.
pub fn list(store: &Store, marketplace: Option<&str>) -> Result<Vec<StoredReject>> {
    let mut st = store.conn().prepare(
        "SELECT id, marketplace, shop_external_id, resource, operation, external_id, reason, rejected_at, raw
         FROM sync_rejects WHERE ?1 IS NULL OR marketplace = ?1
         ORDER BY rejected_at DESC, id DESC",
    )?;
    let rows = st.query_map(params![marketplace], |r| {
        let raw: String = r.get(8)?;
        Ok(StoredReject {
            id: r.get(0)?,
            marketplace: r.get(1)?,
            shop_external_id: r.get(2)?,
            resource: r.get(3)?,
            operation: r.get(4)?,
            external_id: r.get(5)?,
            reason: r.get(6)?,
            rejected_at: r.get(7)?,
            raw: serde_json::from_str(&raw).unwrap_or(serde_json::Value::Null),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Deletes the rejects of `marketplace` (all when `None`); returns how many there were.
pub fn clear(store: &mut Store, marketplace: Option<&str>) -> Result<u64> {
    store.write(|tx| {
        Ok(tx.execute(
            "DELETE FROM sync_rejects WHERE ?1 IS NULL OR marketplace = ?1",
            params![marketplace],
        )? as u64)
    })
}
