//! Decisions on drafts: approve, reject, edit. Each is one sealed approvals row (for approve and
//! reject) and one audit entry, with the time the person decided.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::{Value, json};

use super::audit::{self, Entry};
use super::{DraftKind, DraftRow, DraftStatus, canonical_and_hash, load_draft};
use crate::error::{Error, Result};
use crate::money::Money;
use crate::store::Seal;

fn changed_under_us(id: i64) -> Error {
    Error::safety(format!(
        "draft {id} changed while it was on screen (another review or edit?); nothing recorded: run `sellkit review` again"
    ))
}

fn money_at(payload: &Value, key: &str) -> Option<Money> {
    serde_json::from_value(payload.get(key)?.clone()).ok()
}

/// Why the price in a payload is outside its draft's floor and ceiling (None when inside, or
/// when the draft carries no price or no bounds).
pub fn bounds_problem(kind: DraftKind, payload: &Value) -> Option<String> {
    let price = money_at(payload, kind.price_key())?;
    let floor = money_at(payload, "floor");
    let ceiling = money_at(payload, "ceiling");
    if let Some(f) = floor {
        if f.currency != price.currency {
            return Some(format!(
                "the price is in {}, its floor in {}",
                price.currency, f.currency
            ));
        }
        if price.amount_minor < f.amount_minor {
            return Some(format!(
                "price {} is below the floor {} (allowed {} to {})",
                price.display(),
                f.display(),
                f.display(),
                ceiling.map_or_else(|| "no ceiling".into(), |c| c.display())
            ));
        }
    }
    if let Some(c) = ceiling {
        if c.currency != price.currency {
            return Some(format!(
                "the price is in {}, its ceiling in {}",
                price.currency, c.currency
            ));
        }
        if price.amount_minor > c.amount_minor {
            return Some(format!(
                "price {} is above the ceiling {} (allowed {} to {})",
                price.display(),
                c.display(),
                floor.map_or_else(|| "no floor".into(), |f| f.display()),
                c.display()
            ));
        }
    }
    None
}

fn approval_parts<'a>(
    id: &'a str,
    hash: &'a str,
    decision: &'a str,
    who: &'a str,
    how: &'a str,
    at: &'a str,
) -> [&'a str; 6] {
    [id, hash, decision, who, how, at]
}

/// Who decides, how, and when; their decisions are sealed with the install's secret.
#[derive(Debug, Clone, Copy)]
pub struct Decider<'a> {
    pub seal: &'a Seal,
    /// The person (the OS user name).
    pub who: &'a str,
    /// `tty` (one by one) or `tty-bulk` (Approve all / Reject all).
    pub how: &'a str,
    /// The time of the decision (RFC 3339).
    pub now: &'a str,
}

fn decide(
    conn: &Connection,
    by: &Decider<'_>,
    d: &DraftRow,
    decision: &str,
    reason: Option<&str>,
) -> Result<()> {
    let Decider {
        seal,
        who,
        how,
        now,
    } = *by;
    let id_text = d.id.to_string();
    let mac = seal.mac(&approval_parts(
        &id_text,
        &d.payload_hash,
        decision,
        who,
        how,
        now,
    ));
    let (action, status) = match decision {
        "approved" => ("draft_approved", DraftStatus::Approved),
        _ => ("draft_rejected", DraftStatus::Rejected),
    };
    let detail = json!({"payload_hash": d.payload_hash, "how": how, "reason": reason,
        "marketplace": d.marketplace, "kind": d.kind, "sku": d.sku, "approval_mac": mac});
    let subject = format!("draft:{}", d.id);
    let audit_id = audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor: who,
            action,
            subject: &subject,
            detail: &detail,
        },
    )?;
    conn.execute(
        "INSERT INTO approvals (draft_id, payload_hash, decision, reason, who, how, at, mac, audit_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![d.id, d.payload_hash, decision, reason, who, how, now, mac, audit_id],
    )?;
    conn.execute(
        "UPDATE drafts SET status = ?3, updated_at = ?2 WHERE id = ?1",
        params![d.id, now, status.as_str()],
    )?;
    Ok(())
}

/// Records an approval of exactly the payload with `hash` that the person saw. Refuses when the
/// draft is no longer pending with that hash, its text no longer hashes to it, or its price is
/// outside its bounds.
pub fn approve(conn: &Connection, by: &Decider<'_>, id: i64, hash: &str) -> Result<()> {
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.status != DraftStatus::Pending || d.payload_hash != hash || !d.payload_intact() {
        return Err(changed_under_us(id));
    }
    if let Some(p) = bounds_problem(d.kind, &d.payload) {
        return Err(Error::safety(format!("draft {id} cannot be approved: {p}")));
    }
    decide(conn, by, &d, "approved", None)
}

/// Records a rejection with its reason.
pub fn reject(
    conn: &Connection,
    by: &Decider<'_>,
    id: i64,
    hash: &str,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::usage("a rejection needs a reason"));
    }
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.status != DraftStatus::Pending || d.payload_hash != hash {
        return Err(changed_under_us(id));
    }
    decide(conn, by, &d, "rejected", Some(reason))
}

/// Replaces a draft's payload (after an edit): new canonical text and hash, status back to
/// pending, so any approval of the old hash no longer counts. Returns the new hash. The
/// destination bound into the payload cannot be edited, and the price must stay inside the
/// draft's bounds.
pub fn replace_payload(
    conn: &Connection,
    seal: &Seal,
    id: i64,
    old_hash: &str,
    payload: &Value,
    who: &str,
    now: &str,
) -> Result<String> {
    let d = load_draft(conn, id)?.ok_or_else(|| changed_under_us(id))?;
    if d.payload_hash != old_hash
        || !matches!(d.status, DraftStatus::Pending | DraftStatus::Approved)
    {
        return Err(changed_under_us(id));
    }
    for key in super::payload::BOUND_KEYS {
        if d.payload.get(key) != payload.get(key) {
            return Err(Error::safety(format!(
                "draft {id}: `{key}` says where the change goes and cannot be edited"
            )));
        }
    }
    for key in ["floor", "ceiling"] {
        if d.payload.get(key) != payload.get(key) {
            return Err(Error::safety(format!(
                "draft {id}: the {key} is set by the pricing policy and cannot be edited"
            )));
        }
    }
    if let Some(p) = bounds_problem(d.kind, payload) {
        return Err(Error::input(format!("draft {id}: {p}")));
    }
    let (text, hash) = canonical_and_hash(payload);
    if hash == old_hash {
        return Ok(hash);
    }
    conn.execute(
        "UPDATE drafts SET payload = ?2, payload_hash = ?3, status = 'pending', updated_at = ?4 WHERE id = ?1",
        params![id, text, hash, now],
    )?;
    audit::append(
        conn,
        seal,
        Entry {
            at: now,
            actor: who,
            action: "draft_edited",
            subject: &format!("draft:{id}"),
            detail: &json!({"old_hash": old_hash, "new_hash": hash, "approval_voided": d.status == DraftStatus::Approved}),
        },
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
    #[serde(skip)]
    pub mac: Option<String>,
    #[serde(skip)]
    pub audit_id: Option<i64>,
}

pub fn latest_decision(conn: &Connection, id: i64) -> Result<Option<Decision>> {
    Ok(conn
        .prepare_cached(
            "SELECT decision, payload_hash, reason, who, how, at, mac, audit_id FROM approvals WHERE draft_id = ?1 ORDER BY id DESC LIMIT 1",
        )?
        .query_row([id], |r| {
            Ok(Decision {
                decision: r.get(0)?,
                payload_hash: r.get(1)?,
                reason: r.get(2)?,
                who: r.get(3)?,
                how: r.get(4)?,
                at: r.get(5)?,
                mac: r.get(6)?,
                audit_id: r.get(7)?,
            })
        })
        .optional()?)
}

/// Why a draft's latest decision is not a genuine approval of its current payload (None when
/// it is): the approvals row must be sealed by this install's secret over exactly this draft,
/// payload hash, decision, person, way and time, and its audit entry must be the sealed
/// `draft_approved` entry of this draft carrying the same seal.
pub fn approval_problem(conn: &Connection, seal: &Seal, d: &DraftRow) -> Result<Option<String>> {
    let Some(dec) = latest_decision(conn, d.id)? else {
        return Ok(Some("no approval recorded".into()));
    };
    if dec.decision != "approved" {
        return Ok(Some(format!("the latest decision is {}", dec.decision)));
    }
    if dec.payload_hash != d.payload_hash || !d.payload_intact() {
        return Ok(Some(format!(
            "payload changed after approval (approved sha256 {}, payload now {})",
            &dec.payload_hash[..12.min(dec.payload_hash.len())],
            &super::sha256_hex(d.payload_text.as_bytes())[..12]
        )));
    }
    let Some(mac) = dec.mac.as_deref() else {
        return Ok(Some(
            "the approval carries no seal (made outside `sellkit review`, or by an older sellkit: approve it again)".into(),
        ));
    };
    let id_text = d.id.to_string();
    if !seal.verify(
        &approval_parts(
            &id_text,
            &dec.payload_hash,
            &dec.decision,
            &dec.who,
            &dec.how,
            &dec.at,
        ),
        mac,
    ) {
        return Ok(Some(
            "the approval's seal does not match it (forged or edited in the database)".into(),
        ));
    }
    let entry = match dec.audit_id {
        Some(a) => audit::load(conn, a)?,
        None => None,
    };
    let Some(entry) = entry else {
        return Ok(Some(
            "the approval's audit entry is missing from the audit log".into(),
        ));
    };
    if !entry.sealed
        || entry.action != "draft_approved"
        || entry.subject != format!("draft:{}", d.id)
        || entry.detail.get("approval_mac").and_then(Value::as_str) != Some(mac)
    {
        return Ok(Some(
            "the approval's audit entry does not record this approval".into(),
        ));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::{NewDraft, insert_pending};

    fn draft(conn: &Connection) -> i64 {
        insert_pending(
            conn,
            &NewDraft {
                kind: DraftKind::PriceChange,
                marketplace: "etsy".into(),
                shop_id: None,
                sku: Some("A".into()),
                listing_id: None,
                payload: json!({"new_price": {"amount_minor": 2500, "currency": "USD"},
                    "old_price": {"amount_minor": 2000, "currency": "USD"},
                    "floor": {"amount_minor": 1500, "currency": "USD"},
                    "ceiling": {"amount_minor": 4000, "currency": "USD"}}),
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
    fn approve_records_a_sealed_decision_and_an_edit_voids_it() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let conn = store.conn();
        let seal = Seal::ephemeral();
        let id = draft(conn);
        let d = load_draft(conn, id).unwrap().unwrap();
        assert!(d.payload_intact());
        assert!(approval_problem(conn, &seal, &d).unwrap().is_some());
        // A stale hash is refused.
        let by = |now| Decider {
            seal: &seal,
            who: "me",
            how: "tty",
            now,
        };
        assert!(approve(conn, &by("t1"), id, "00").is_err());
        approve(conn, &by("t1"), id, &d.payload_hash).unwrap();
        let d = load_draft(conn, id).unwrap().unwrap();
        assert_eq!(approval_problem(conn, &seal, &d).unwrap(), None);
        // Another install's secret does not accept it.
        assert!(
            approval_problem(conn, &Seal::ephemeral(), &d)
                .unwrap()
                .is_some()
        );
        let mut p = d.payload.clone();
        p["new_price"]["amount_minor"] = json!(2400);
        let h2 = replace_payload(conn, &seal, id, &d.payload_hash, &p, "me", "t2").unwrap();
        let d2 = load_draft(conn, id).unwrap().unwrap();
        assert_eq!(
            (d2.status, d2.payload_hash.as_str()),
            (DraftStatus::Pending, h2.as_str())
        );
        // Outside the bounds, or moving the destination: refused, nothing changed.
        let mut low = d2.payload.clone();
        low["new_price"]["amount_minor"] = json!(1000);
        let e = replace_payload(conn, &seal, id, &h2, &low, "me", "t3").unwrap_err();
        assert!(e.to_string().contains("below the floor $15.00"), "{e}");
        let mut moved = d2.payload.clone();
        moved["sku"] = json!("B");
        assert!(replace_payload(conn, &seal, id, &h2, &moved, "me", "t3").is_err());
        assert_eq!(load_draft(conn, id).unwrap().unwrap().payload_hash, h2);
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE subject = ?1",
                [format!("draft:{id}")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2);
        assert!(reject(conn, &by("t4"), id, &h2, "  ").is_err());
        reject(conn, &by("t4"), id, &h2, "too high").unwrap();
        assert_eq!(
            load_draft(conn, id).unwrap().unwrap().status,
            DraftStatus::Rejected
        );
        assert!(audit::verify(conn, &seal).unwrap().intact());
    }

    #[test]
    fn bounds_name_the_allowed_range() {
        let p = json!({"new_price": {"amount_minor": 1000, "currency": "USD"},
            "floor": {"amount_minor": 5051, "currency": "USD"}, "ceiling": {"amount_minor": 12000, "currency": "USD"}});
        assert_eq!(
            bounds_problem(DraftKind::PriceChange, &p).unwrap(),
            "price $10.00 is below the floor $50.51 (allowed $50.51 to $120.00)"
        );
        let ok = json!({"price": {"amount_minor": 6000, "currency": "USD"},
            "floor": {"amount_minor": 5051, "currency": "USD"}});
        assert_eq!(bounds_problem(DraftKind::ListingUpdate, &ok), None);
    }
}
