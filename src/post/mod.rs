//! `sellkit post`: sends approved drafts to their marketplace (DESIGN §9).
//!
//! Only a draft whose stored payload still hashes to the hash its latest approval recorded is
//! sent; anything else is refused, reported and sent nowhere. Each draft gets one posting with
//! an idempotency key (SHA-256 of the draft id and payload hash) and a state, committed before
//! any request leaves: queued → sending → posted | failed. A posting found in "sending" (the
//! process died mid-call) or "failed" is reconciled first: the SKU is looked up on the
//! marketplace, and a listing that already exists is taken as created, never created again.
//! Remote ids are saved as soon as the marketplace returns them, so a multi-step publish
//! resumes after its last completed step.

pub mod amazon;
pub mod ebay;
pub mod etsy;
pub mod http;
pub mod shopify;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::drafts::sha256_hex;
use crate::error::{Error, ErrorKind, Result};
use crate::money::Money;
use crate::review::{self, DraftRow, audit, money_of, price_key};
use crate::store::Store;
pub use http::{Body, Lookup, Request, Session};

/// What a draft asks a marketplace to do, read from its payload.
#[derive(Debug, Clone)]
pub struct Target {
    pub draft_id: i64,
    pub kind: String,
    pub marketplace: String,
    pub sku: String,
    /// The marketplace's id of the live listing (updates and price changes).
    pub external_id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub bullets: Option<Vec<String>>,
    pub price: Option<Money>,
    pub quantity: Option<i64>,
    /// Marketplace fields of a new listing (`[attributes]` in the review editor).
    pub attributes: Map<String, Value>,
}

impl Target {
    pub fn from_draft(d: &DraftRow, external_id: Option<String>) -> Result<Target> {
        let p = &d.payload;
        let sku = d
            .sku
            .clone()
            .or_else(|| p.get("sku").and_then(Value::as_str).map(str::to_string))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::input(format!("draft {}: no SKU", d.id)))?;
        let ext = p
            .get("listing_external_id")
            .or_else(|| p.get("external_id"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or(external_id);
        let prop = review::proposed(d);
        let t = Target {
            draft_id: d.id,
            kind: d.kind.clone(),
            marketplace: d.marketplace.clone(),
            sku,
            external_id: ext,
            title: prop.title,
            description: prop.description,
            tags: prop.tags,
            bullets: prop.bullets,
            price: p.get(price_key(&d.kind)).and_then(money_of),
            quantity: prop.quantity,
            attributes: p
                .get("attributes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        };
        if t.kind == "price_change" && t.price.is_none() {
            return Err(Error::input(format!(
                "draft {}: a price change without new_price",
                d.id
            )));
        }
        if t.kind == "new_listing" {
            if t.title.is_none() || t.price.is_none() || t.quantity.is_none() {
                return Err(Error::input(format!(
                    "draft {}: a new listing needs title, price and quantity (edit it in `sellkit review`)",
                    d.id
                )));
            }
            for a in review::edit::required_attributes(&t.marketplace) {
                if t.attributes.get(*a).is_none_or(Value::is_null) {
                    return Err(Error::input(format!(
                        "draft {}: field `attributes.{a}`: a new {} listing needs it (edit it in `sellkit review`)",
                        d.id, t.marketplace
                    )));
                }
            }
        }
        Ok(t)
    }

    /// An attribute as text.
    pub fn attr(&self, key: &str) -> Option<String> {
        match self.attributes.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// The external id of the live listing, required for updates.
    pub fn listing_id(&self) -> Result<&str> {
        self.external_id.as_deref().ok_or_else(|| {
            Error::input(format!(
                "draft {}: no {} listing id for SKU {} (sync the listings, then run `sellkit post` again)",
                self.draft_id, self.marketplace, self.sku
            ))
        })
    }
}

/// How the posting started: fresh, or resumed after a crash or a failure.
#[derive(Debug, Clone, Default)]
pub struct Resume {
    pub resumed: bool,
    /// What the last attempt saved (e.g. `listing:123`, `offer:9`).
    pub remote_id: Option<String>,
}

/// A marketplace's answer to a posting.
#[derive(Debug, Clone, Default)]
pub struct Posted {
    pub remote_id: String,
    /// The SKU was found on the marketplace after a crash and taken as created.
    pub reconciled: bool,
}

/// Saves progress (a remote id) while a posting is under way.
pub type Mark<'a> = dyn FnMut(&str) -> Result<()> + 'a;

/// One draft in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub draft_id: i64,
    pub marketplace: String,
    pub kind: String,
    pub sku: Option<String>,
    pub idempotency_key: Option<String>,
    pub remote_id: Option<String>,
    pub reconciled: bool,
    pub reason: Option<String>,
    #[serde(skip)]
    pub error_kind: Option<ErrorKind>,
}

/// What `post` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub dry_run: bool,
    pub posted: Vec<Item>,
    pub failed: Vec<Item>,
    /// Refused for safety: the payload changed after its approval.
    pub refused: Vec<Item>,
    pub skipped: Vec<Item>,
    /// The requests a dry run would send (secrets redacted).
    pub requests: Vec<Value>,
}

/// Which drafts to post.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub dry_run: bool,
    pub marketplace: Option<String>,
    pub drafts: Vec<i64>,
}

/// Makes the session of a marketplace (credentials, base URLs); errors are per marketplace.
pub trait Sessions {
    fn session(&mut self, marketplace: &str, dry_run: bool) -> Result<Session>;
}

pub fn idempotency_key(draft_id: i64, hash: &str) -> String {
    sha256_hex(format!("{draft_id}:{hash}").as_bytes())
}

fn item(d: &DraftRow) -> Item {
    Item {
        draft_id: d.id,
        marketplace: d.marketplace.clone(),
        kind: d.kind.clone(),
        sku: d.sku.clone(),
        idempotency_key: None,
        remote_id: None,
        reconciled: false,
        reason: None,
        error_kind: None,
    }
}

/// Posts every approved draft (and retries failed ones) in id order.
pub async fn post(
    store: &mut Store,
    sessions: &mut dyn Sessions,
    opts: &Options,
    actor: &str,
    now: &str,
) -> Result<Summary> {
    let mut summary = Summary {
        dry_run: opts.dry_run,
        ..Summary::default()
    };
    let mut candidates = Vec::new();
    for status in [
        "approved",
        "failed",
        "pending",
        "rejected",
        "posted",
        "superseded",
    ] {
        let f = review::Filter {
            marketplace: opts.marketplace.clone(),
            status: Some(status.into()),
            ..review::Filter::default()
        };
        for d in review::load_drafts(store.conn(), &f)? {
            let asked = opts.drafts.contains(&d.id);
            if !opts.drafts.is_empty() && !asked {
                continue;
            }
            match status {
                "approved" | "failed" => candidates.push(d),
                _ if asked => {
                    let mut it = item(&d);
                    it.reason = Some(format!("draft is {}, not approved", d.status));
                    summary.skipped.push(it);
                }
                _ => {}
            }
        }
    }
    for id in &opts.drafts {
        if review::load_draft(store.conn(), *id)?.is_none() {
            return Err(Error::usage(format!(
                "no draft {id}: see `sellkit review list`"
            )));
        }
    }
    candidates.sort_by_key(|d| d.id);
    let mut sessions_made: std::collections::BTreeMap<
        String,
        std::result::Result<Session, String>,
    > = std::collections::BTreeMap::new();
    for d in candidates {
        let mut it = item(&d);
        // 1. The approval must cover exactly this payload.
        let decision = review::latest_decision(store.conn(), d.id)?;
        let approved_hash = decision
            .as_ref()
            .filter(|x| x.decision == "approved")
            .map(|x| x.payload_hash.clone());
        let intact = d.payload_intact();
        if approved_hash.as_deref() != Some(d.payload_hash.as_str()) || !intact {
            let now_hash = sha256_hex(d.payload_text.as_bytes());
            let reason = format!(
                "payload changed after approval (approved sha256 {}, payload now {}): nothing sent; review it again",
                approved_hash
                    .as_deref()
                    .map_or("none", |h| &h[..12.min(h.len())]),
                &now_hash[..12]
            );
            if !opts.dry_run {
                let id = d.id;
                let detail = json!({"reason": "hash_mismatch", "approved_hash": approved_hash, "stored_hash": d.payload_hash, "payload_sha256": now_hash});
                store.write(|tx| {
                    tx.execute(
                        "UPDATE drafts SET status = 'pending', updated_at = ?2 WHERE id = ?1",
                        params![id, now],
                    )?;
                    audit(
                        tx,
                        now,
                        actor,
                        "post_refused",
                        &format!("draft:{id}"),
                        &detail,
                    )
                })?;
            }
            it.reason = Some(reason);
            it.error_kind = Some(ErrorKind::Safety);
            summary.refused.push(it);
            continue;
        }
        let key = idempotency_key(d.id, &d.payload_hash);
        it.idempotency_key = Some(key.clone());
        let external: Option<String> = match d.listing_id {
            Some(l) => store
                .conn()
                .query_row("SELECT external_id FROM listings WHERE id = ?1", [l], |r| {
                    r.get(0)
                })
                .optional()?,
            None => None,
        };
        let target = match Target::from_draft(&d, external) {
            Ok(t) => t,
            Err(e) => {
                it.reason = Some(e.to_string());
                it.error_kind = Some(e.kind());
                summary.failed.push(it);
                continue;
            }
        };
        // 2. A session for the marketplace (credentials), made once.
        let session = sessions_made
            .entry(d.marketplace.clone())
            .or_insert_with(|| {
                sessions
                    .session(&d.marketplace, opts.dry_run)
                    .map_err(|e| e.to_string())
            });
        let session = match session {
            Ok(s) => s,
            Err(e) => {
                it.reason = Some(e.clone());
                it.error_kind = Some(ErrorKind::Config);
                summary.failed.push(it);
                continue;
            }
        };
        session.draft_id = d.id;
        // 3. The posting row, committed before anything is sent.
        let resume = if opts.dry_run {
            let state: Option<(String, Option<String>)> = store
                .conn()
                .query_row(
                    "SELECT state, remote_id FROM postings WHERE idempotency_key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((s, _)) = &state
                && s == "posted"
            {
                it.reason = Some("already posted".into());
                summary.skipped.push(it);
                continue;
            }
            Resume::default()
        } else {
            let id = d.id;
            let begun = store.write(|tx| {
                tx.execute(
                    "INSERT OR IGNORE INTO postings (draft_id, idempotency_key, state, created_at, updated_at) VALUES (?1, ?2, 'queued', ?3, ?3)",
                    params![id, key, now],
                )?;
                let (pid, state, remote, attempts): (i64, String, Option<String>, i64) = tx.query_row(
                    "SELECT id, state, remote_id, attempts FROM postings WHERE idempotency_key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                if state == "posted" {
                    tx.execute("UPDATE drafts SET status = 'posted', updated_at = ?2 WHERE id = ?1", params![id, now])?;
                    return Ok(None);
                }
                tx.execute(
                    "UPDATE postings SET state = 'sending', attempts = attempts + 1, updated_at = ?2 WHERE id = ?1",
                    params![pid, now],
                )?;
                audit(
                    tx,
                    now,
                    actor,
                    "posting_sending",
                    &format!("draft:{id}"),
                    &json!({"idempotency_key": key, "attempt": attempts + 1, "resumed_from": state}),
                )?;
                Ok(Some((pid, state != "queued", remote)))
            })?;
            match begun {
                None => {
                    it.reason = Some("already posted".into());
                    summary.skipped.push(it);
                    continue;
                }
                Some((pid, resumed, remote)) => {
                    session.posting_id = Some(pid);
                    Resume {
                        resumed,
                        remote_id: remote,
                    }
                }
            }
        };
        // 4. Send.
        let posting_id = session.posting_id;
        let result = {
            let mut mark = |remote: &str| -> Result<()> {
                if let Some(pid) = posting_id {
                    store.write(|tx| {
                        tx.execute(
                            "UPDATE postings SET remote_id = ?2, updated_at = ?3 WHERE id = ?1",
                            params![pid, remote, now],
                        )?;
                        Ok(())
                    })?;
                }
                Ok(())
            };
            match target.marketplace.as_str() {
                "etsy" => etsy::publish(session, &target, &resume, &mut mark).await,
                "ebay" => ebay::publish(session, &target, &resume, &mut mark).await,
                "shopify" => shopify::publish(session, &target, &resume, &mut mark).await,
                "amazon" => amazon::publish(session, &target, &resume, &mut mark).await,
                other => Err(Error::input(format!(
                    "draft {}: unknown marketplace {other:?}",
                    d.id
                ))),
            }
        };
        summary.requests.append(&mut session.recorded);
        if opts.dry_run {
            match result {
                Ok(_) => {
                    it.reason = Some("dry run: nothing sent".into());
                    summary.skipped.push(it);
                }
                Err(e) => {
                    it.reason = Some(e.to_string());
                    it.error_kind = Some(e.kind());
                    summary.failed.push(it);
                }
            }
            continue;
        }
        let pid = posting_id.expect("a posting outside a dry run");
        let id = d.id;
        match result {
            Ok(p) => {
                store.write(|tx| {
                    tx.execute(
                        "UPDATE postings SET state = 'posted', remote_id = ?2, last_error = NULL, updated_at = ?3 WHERE id = ?1",
                        params![pid, p.remote_id, now],
                    )?;
                    tx.execute("UPDATE drafts SET status = 'posted', updated_at = ?2 WHERE id = ?1", params![id, now])?;
                    reflect_locally(tx, &d, &target, &p.remote_id, now)?;
                    audit(
                        tx,
                        now,
                        actor,
                        "draft_posted",
                        &format!("draft:{id}"),
                        &json!({"idempotency_key": key, "marketplace": d.marketplace, "remote_id": p.remote_id, "reconciled": p.reconciled, "payload_hash": d.payload_hash}),
                    )
                })?;
                it.remote_id = Some(p.remote_id);
                it.reconciled = p.reconciled;
                summary.posted.push(it);
            }
            Err(e) => {
                let msg = e.to_string();
                store.write(|tx| {
                    tx.execute(
                        "UPDATE postings SET state = 'failed', last_error = ?2, updated_at = ?3 WHERE id = ?1",
                        params![pid, msg, now],
                    )?;
                    tx.execute("UPDATE drafts SET status = 'failed', updated_at = ?2 WHERE id = ?1", params![id, now])?;
                    audit(
                        tx,
                        now,
                        actor,
                        "posting_failed",
                        &format!("draft:{id}"),
                        &json!({"idempotency_key": key, "marketplace": d.marketplace, "error": msg}),
                    )
                })?;
                it.reason = Some(msg);
                it.error_kind = Some(e.kind());
                summary.failed.push(it);
            }
        }
    }
    Ok(summary)
}

/// After a posting, the local copy of the listing says what is now live.
fn reflect_locally(
    tx: &rusqlite::Transaction<'_>,
    d: &DraftRow,
    t: &Target,
    remote: &str,
    now: &str,
) -> Result<()> {
    if let Some(lid) = d.listing_id {
        if let Some(x) = &t.title {
            tx.execute(
                "UPDATE listings SET title = ?2 WHERE id = ?1",
                params![lid, x],
            )?;
        }
        if let Some(x) = &t.description {
            tx.execute(
                "UPDATE listings SET description = ?2 WHERE id = ?1",
                params![lid, x],
            )?;
        }
        if let Some(x) = &t.tags {
            tx.execute(
                "UPDATE listings SET tags = ?2 WHERE id = ?1",
                params![lid, json!(x).to_string()],
            )?;
        }
        if let Some(q) = t.quantity {
            tx.execute(
                "UPDATE listings SET quantity = ?2 WHERE id = ?1",
                params![lid, q],
            )?;
        }
        if let Some(p) = t.price {
            tx.execute(
                "UPDATE listings SET price_minor = ?2 WHERE id = ?1",
                params![lid, p.amount_minor],
            )?;
            tx.execute(
                "INSERT OR REPLACE INTO listing_prices (listing_id, effective_from, price_minor) VALUES (?1, ?2, ?3)",
                params![lid, &now[..10], p.amount_minor],
            )?;
        }
        tx.execute(
            "UPDATE listings SET updated_at = ?2 WHERE id = ?1",
            params![lid, now],
        )?;
    } else if t.kind == "new_listing"
        && let (Some(shop), Some(price)) = (d.shop_id, t.price)
    {
        tx.execute(
            "INSERT OR IGNORE INTO listings (shop_id, external_id, sku, title, description, tags, price_minor, currency, quantity, state, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'draft', ?10)",
            params![
                shop,
                remote,
                t.sku,
                t.title.clone().unwrap_or_default(),
                t.description.clone().unwrap_or_default(),
                json!(t.tags.clone().unwrap_or_default()).to_string(),
                price.amount_minor,
                price.currency.code(),
                t.quantity,
                now
            ],
        )?;
    }
    Ok(())
}

/// The one error a run ends with when something failed: API failures first (exit 4), then
/// refusals (exit 6), then configuration (exit 3) and input (exit 5).
pub fn outcome_error(s: &Summary) -> Option<Error> {
    let kinds: Vec<ErrorKind> = s
        .failed
        .iter()
        .chain(&s.refused)
        .filter_map(|i| i.error_kind)
        .collect();
    let n_failed = s.failed.len();
    let n_refused = s.refused.len();
    if kinds.is_empty() {
        return None;
    }
    let msg = format!(
        "{n_failed} draft(s) failed and {n_refused} were refused; see the summary on stdout (posted {})",
        s.posted.len()
    );
    Some(
        if kinds.contains(&ErrorKind::Api) || kinds.contains(&ErrorKind::Unexpected) {
            Error::api(msg)
        } else if kinds.contains(&ErrorKind::Safety) {
            Error::safety(msg)
        } else if kinds.contains(&ErrorKind::Config) {
            Error::config(msg)
        } else {
            Error::input(msg)
        },
    )
}
