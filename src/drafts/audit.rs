//! The one audit writer: an append-only, hash-chained log.
//!
//! Each entry holds the MAC of the entry before it (`prev_mac`) and its own MAC (`mac`), an
//! HMAC-SHA-256 keyed by the install secret ([`Seal`]) over its id, time, actor, action,
//! subject, detail and `prev_mac`. Triggers refuse UPDATE and DELETE; someone who drops them
//! and edits the log breaks the chain, and [`verify`] names the first broken entry. Entries
//! written before the chain existed (no MAC) may only precede the first sealed entry.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use super::payload::canonical_json;
use crate::error::Result;
use crate::store::Seal;

/// One entry to append.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub detail: &'a Value,
}

fn parts<'a>(
    id: &'a str,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    subject: &'a str,
    detail: &'a str,
    prev: &'a str,
) -> [&'a str; 7] {
    [id, at, actor, action, subject, detail, prev]
}

/// Appends an entry inside the caller's transaction; returns its id.
pub fn append(conn: &Connection, seal: &Seal, e: Entry<'_>) -> Result<i64> {
    let last: Option<(i64, Option<String>)> = conn
        .query_row(
            "SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let id = last.as_ref().map_or(1, |(id, _)| id + 1);
    let prev = last.and_then(|(_, m)| m).unwrap_or_default();
    let detail = canonical_json(e.detail);
    let id_text = id.to_string();
    let mac = seal.mac(&parts(
        &id_text, e.at, e.actor, e.action, e.subject, &detail, &prev,
    ));
    conn.execute(
        "INSERT INTO audit_log (id, at, actor, action, subject, detail, prev_mac, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, e.at, e.actor, e.action, e.subject, detail, prev, mac],
    )?;
    Ok(id)
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ChainReport {
    pub entries: u64,
    /// Entries written before the chain began (no MAC), all before the first sealed one.
    pub unsealed_before_chain: u64,
    /// The first entry that does not fit the chain, and why.
    pub first_broken: Option<Broken>,
    /// Whether the append-only triggers are in place.
    pub triggers_present: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Broken {
    pub id: i64,
    pub reason: String,
}

impl ChainReport {
    pub fn intact(&self) -> bool {
        self.first_broken.is_none() && self.triggers_present
    }

    /// The problems, as lines for `db check` and refusals.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.triggers_present {
            out.push(
                "audit log: the append-only triggers are missing (someone dropped them)".into(),
            );
        }
        if let Some(b) = &self.first_broken {
            out.push(format!(
                "audit log: entry {} breaks the chain: {}",
                b.id, b.reason
            ));
        }
        out
    }
}

const TRIGGERS: [&str; 2] = [
    "audit_log_append_only_update",
    "audit_log_append_only_delete",
];

/// Walks the whole log in id order and checks every link and MAC.
pub fn verify(conn: &Connection, seal: &Seal) -> Result<ChainReport> {
    let mut report = ChainReport::default();
    let present: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN (?1, ?2)",
        params![TRIGGERS[0], TRIGGERS[1]],
        |r| r.get(0),
    )?;
    report.triggers_present = present == 2;
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, subject, detail, prev_mac, mac FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    // The MAC of the previous entry ("" before the first, or after unsealed entries).
    let mut prev_mac = String::new();
    let mut chain_begun = false;
    while let Some(r) = rows.next()? {
        report.entries += 1;
        let id: i64 = r.get(0)?;
        let mac: Option<String> = r.get(7)?;
        let Some(mac) = mac else {
            if chain_begun {
                report.first_broken.get_or_insert(Broken {
                    id,
                    reason: "an entry without a seal after the chain began".into(),
                });
            } else {
                report.unsealed_before_chain += 1;
            }
            continue;
        };
        chain_begun = true;
        let prev: Option<String> = r.get(6)?;
        let prev = prev.unwrap_or_default();
        if report.first_broken.is_some() {
            prev_mac = mac;
            continue;
        }
        if prev != prev_mac {
            report.first_broken = Some(Broken {
                id,
                reason: "it does not follow the entry before it (an entry was removed, inserted or reordered)".into(),
            });
            prev_mac = mac;
            continue;
        }
        let (at, actor, action, subject, detail): (String, String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let id_text = id.to_string();
        if !seal.verify(
            &parts(&id_text, &at, &actor, &action, &subject, &detail, &prev),
            &mac,
        ) {
            report.first_broken = Some(Broken {
                id,
                reason: "its seal does not match its content (edited, or sealed with another install's secret)".into(),
            });
        }
        prev_mac = mac;
    }
    Ok(report)
}

/// A stored entry.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub action: String,
    pub subject: String,
    pub detail: Value,
    pub sealed: bool,
}

pub fn load(conn: &Connection, id: i64) -> Result<Option<Stored>> {
    Ok(conn
        .query_row(
            "SELECT id, action, subject, detail, mac IS NOT NULL FROM audit_log WHERE id = ?1",
            [id],
            |r| {
                let detail: String = r.get(3)?;
                Ok(Stored {
                    id: r.get(0)?,
                    action: r.get(1)?,
                    subject: r.get(2)?,
                    detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
                    sealed: r.get(4)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry<'a>(action: &'a str, detail: &'a Value) -> Entry<'a> {
        Entry {
            at: "2025-01-01T00:00:00Z",
            actor: "me",
            action,
            subject: "draft:1",
            detail,
        }
    }

    #[test]
    fn a_removed_or_edited_entry_is_named() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let seal = Seal::ephemeral();
        let d = json!({"n": 1});
        for a in ["one", "two", "three", "four"] {
            append(conn, &seal, entry(a, &d)).unwrap();
        }
        let ok = verify(conn, &seal).unwrap();
        assert!(ok.intact(), "{ok:?}");
        assert_eq!(ok.entries, 4);
        // Another install's secret does not verify.
        assert_eq!(
            verify(conn, &Seal::ephemeral())
                .unwrap()
                .first_broken
                .unwrap()
                .id,
            1
        );
        conn.execute_batch(
            "DROP TRIGGER audit_log_append_only_delete; DROP TRIGGER audit_log_append_only_update;",
        )
        .unwrap();
        let r = verify(conn, &seal).unwrap();
        assert!(!r.triggers_present && !r.intact());
        conn.execute("UPDATE audit_log SET actor = 'you' WHERE id = 3", [])
            .unwrap();
        assert_eq!(verify(conn, &seal).unwrap().first_broken.unwrap().id, 3);
        conn.execute("DELETE FROM audit_log WHERE id = 2", [])
            .unwrap();
        assert_eq!(verify(conn, &seal).unwrap().first_broken.unwrap().id, 3);
    }

    #[test]
    fn unsealed_entries_may_only_precede_the_chain() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let seal = Seal::ephemeral();
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject) VALUES ('t', 'a', 'old', 's')",
            [],
        )
        .unwrap();
        let d = json!({});
        append(conn, &seal, entry("new", &d)).unwrap();
        let r = verify(conn, &seal).unwrap();
        assert!(r.intact());
        assert_eq!(r.unsealed_before_chain, 1);
        conn.execute(
            "INSERT INTO audit_log (at, actor, action, subject) VALUES ('t', 'a', 'forged', 's')",
            [],
        )
        .unwrap();
        assert_eq!(verify(conn, &seal).unwrap().first_broken.unwrap().id, 3);
    }
}
