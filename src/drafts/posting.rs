//! What `post` may send, and the posting state machine: queued → sending → posted | failed.
//!
//! [`sendable`] is the one gate: a draft is sent only when its latest decision is a sealed
//! approval of exactly its current payload (see [`super::decide::approval_problem`]), the audit
//! chain is intact, the row's columns agree with the destination bound into the payload, and
//! its price is inside its bounds. Everything `post` sends comes from the returned
//! [`Destination`] and the payload, never from the row's columns.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use super::audit::{self, ChainReport, Entry};
use super::decide::{approval_problem, bounds_problem};
use super::payload::{Destination, column_mismatches, destination};
use super::{DraftRow, DraftStatus, sha256_hex};
use crate::error::Result;
use crate::store::Seal;

/// Why a draft is refused, with a machine-readable code for the audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub reason: String,
}

/// The approved destination of a draft that may be sent.
pub fn sendable(
    conn: &Connection,
    seal: &Seal,
    chain: &ChainReport,
    d: &DraftRow,
) -> Result<std::result::Result<Destination, Refusal>> {
    let refuse = |code, reason: String| Ok(Err(Refusal { code, reason }));
    if let Some(p) = approval_problem(conn, seal, d)? {
        let code = if p.starts_with("payload changed") {
            "hash_mismatch"
        } else {
            "approval_invalid"
        };
        return refuse(code, format!("{p}: nothing sent; review it again"));
    }
    if !chain.intact() {
        return refuse(
            "audit_chain_broken",
            format!(
                "{}: nothing is sent until `sellkit db check` passes",
                chain.problems().join("; ")
            ),
        );
    }
    let dest = match destination(&d.payload) {
        Ok(dest) => dest,
        Err(why) => return refuse("unbound", format!("{why}: nothing sent")),
    };
    let mismatches = column_mismatches(d, &dest);
    if !mismatches.is_empty() {
        return refuse(
            "columns_disagree",
            format!(
                "the draft's row disagrees with its approved payload ({}): nothing sent; review it again",
                mismatches.join("; ")
            ),
        );
    }
    if let Some(p) = bounds_problem(dest.kind, &d.payload) {
        return refuse("out_of_bounds", format!("{p}: nothing sent"));
    }
    Ok(Ok(dest))
}

/// Who posts and when; what they record is audited under the install's secret.
#[derive(Debug, Clone, Copy)]
pub struct Poster<'a> {
    pub seal: &'a Seal,
    /// The person running `post`.
    pub actor: &'a str,
    /// The time of the record (RFC 3339).
    pub now: &'a str,
}

/// One posting attempt of a draft: its `postings` row and idempotency key.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub posting_id: i64,
    pub key: &'a str,
}

/// Puts a refused draft back in the queue and audits why.
pub fn refuse(conn: &Connection, by: &Poster<'_>, d: &DraftRow, refusal: &Refusal) -> Result<()> {
    let Poster { seal, actor, now } = *by;
    let approved_hash = super::latest_decision(conn, d.id)?
        .filter(|x| x.decision == "approved")
        .map(|x| x.payload_hash);
    conn.execute(
        "UPDATE drafts SET status = 'pending', updated_at = ?2 WHERE id = ?1",
        params![d.id, now],
    )?;
    audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor,
            action: "post_refused",
            subject: &format!("draft:{}", d.id),
            detail: &json!({"reason": refusal.code, "message": refusal.reason,
                "approved_hash": approved_hash, "stored_hash": d.payload_hash,
                "payload_sha256": sha256_hex(d.payload_text.as_bytes())}),
        },
    )?;
    Ok(())
}

/// A posting's state, by idempotency key.
pub fn state(conn: &Connection, key: &str) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT state, remote_id FROM postings WHERE idempotency_key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// A posting under way.
#[derive(Debug, Clone)]
pub struct Begun {
    pub posting_id: i64,
    /// Found in `sending` or `failed`: an earlier attempt may have got part of the way.
    pub resumed: bool,
    pub remote_id: Option<String>,
}

/// Makes (or resumes) the posting row and marks it `sending`, committed by the caller before
/// any request leaves. None when it was posted already (the draft is marked posted).
pub fn begin(
    conn: &Connection,
    seal: &Seal,
    draft_id: i64,
    key: &str,
    actor: &str,
    now: &str,
) -> Result<Option<Begun>> {
    conn.execute(
        "INSERT OR IGNORE INTO postings (draft_id, idempotency_key, state, created_at, updated_at) VALUES (?1, ?2, 'queued', ?3, ?3)",
        params![draft_id, key, now],
    )?;
    let (pid, state, remote, attempts): (i64, String, Option<String>, i64) = conn.query_row(
        "SELECT id, state, remote_id, attempts FROM postings WHERE idempotency_key = ?1",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    if state == "posted" {
        set_status(conn, draft_id, DraftStatus::Posted, now)?;
        return Ok(None);
    }
    conn.execute(
        "UPDATE postings SET state = 'sending', attempts = attempts + 1, updated_at = ?2 WHERE id = ?1",
        params![pid, now],
    )?;
    audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor,
            action: "posting_sending",
            subject: &format!("draft:{draft_id}"),
            detail: &json!({"idempotency_key": key, "attempt": attempts + 1, "resumed_from": state}),
        },
    )?;
    Ok(Some(Begun {
        posting_id: pid,
        resumed: state != "queued",
        remote_id: remote,
    }))
}

/// Saves a remote id as soon as the marketplace returns it.
pub fn save_remote(conn: &Connection, posting_id: i64, remote: &str, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE postings SET remote_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![posting_id, remote, now],
    )?;
    Ok(())
}

fn set_status(conn: &Connection, id: i64, status: DraftStatus, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE drafts SET status = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, now, status.as_str()],
    )?;
    Ok(())
}

/// Records a completed posting.
pub fn posted(
    conn: &Connection,
    by: &Poster<'_>,
    d: &DraftRow,
    attempt: Attempt<'_>,
    remote: &str,
    reconciled: bool,
) -> Result<()> {
    let Poster { seal, actor, now } = *by;
    let Attempt { posting_id, key } = attempt;
    conn.execute(
        "UPDATE postings SET state = 'posted', remote_id = ?2, last_error = NULL, updated_at = ?3 WHERE id = ?1",
        params![posting_id, remote, now],
    )?;
    set_status(conn, d.id, DraftStatus::Posted, now)?;
    audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor,
            action: "draft_posted",
            subject: &format!("draft:{}", d.id),
            detail: &json!({"idempotency_key": key, "marketplace": d.marketplace, "remote_id": remote,
                "reconciled": reconciled, "payload_hash": d.payload_hash}),
        },
    )?;
    Ok(())
}

/// Records a failed posting (retried by the next `post`).
pub fn failed(
    conn: &Connection,
    by: &Poster<'_>,
    d: &DraftRow,
    attempt: Attempt<'_>,
    error: &str,
) -> Result<()> {
    let Poster { seal, actor, now } = *by;
    let Attempt { posting_id, key } = attempt;
    conn.execute(
        "UPDATE postings SET state = 'failed', last_error = ?2, updated_at = ?3 WHERE id = ?1",
        params![posting_id, error, now],
    )?;
    set_status(conn, d.id, DraftStatus::Failed, now)?;
    audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor,
            action: "posting_failed",
            subject: &format!("draft:{}", d.id),
            detail: &json!({"idempotency_key": key, "marketplace": d.marketplace, "error": error}),
        },
    )?;
    Ok(())
}

/// An entry not about one draft (e.g. `price suggest`'s run summary).
pub fn note(
    conn: &Connection,
    seal: &Seal,
    at: &str,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &Value,
) -> Result<()> {
    audit::append(
        conn,
        seal,
        Entry {
            at,
            actor,
            action,
            subject,
            detail,
        },
    )?;
    Ok(())
}
