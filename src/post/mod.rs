//! `sellkit post`: sends approved drafts to their marketplace (DESIGN §9).
//!
//! Only a draft that passes [`crate::drafts::posting::sendable`] is sent: a sealed approval of
//! exactly its current payload, an intact audit chain, a row that agrees with the destination
//! bound into the payload, a price inside its bounds. What is sent (marketplace, shop, SKU,
//! listing, kind, fields) comes from the approved payload alone. A draft of the demo shop never
//! leaves the machine, and a draft is sent only to its own shop's account. Anything else is
//! refused, audited, put back in the queue and sent nowhere. Each draft gets one posting with
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

use rusqlite::params;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::drafts::payload::{Destination, ShopRef};
use crate::drafts::posting::{self, Attempt, Poster, Refusal};
use crate::drafts::{self, DraftKind, DraftRow, DraftStatus, sha256_hex};
use crate::error::{Error, ErrorKind, Result};
use crate::money::Money;
use crate::review::{self, money_of};
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
    /// What the approved payload asks for: everything from the payload and its bound
    /// destination, nothing from the row's columns.
    pub fn from_payload(d: &DraftRow, dest: &Destination) -> Result<Target> {
        let p = &d.payload;
        let strings = |k: &str| {
            p.get(k).and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect::<Vec<_>>()
            })
        };
        let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        let t = Target {
            draft_id: d.id,
            kind: dest.kind.as_str().to_string(),
            marketplace: dest.marketplace.clone(),
            sku: dest.sku.clone(),
            external_id: dest.listing_external_id.clone(),
            title: text("title"),
            description: text("description"),
            tags: strings("tags"),
            bullets: strings("bullets"),
            price: p.get(dest.kind.price_key()).and_then(money_of),
            quantity: p.get("quantity").and_then(Value::as_i64),
            attributes: p
                .get("attributes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        };
        if dest.kind == DraftKind::PriceChange && t.price.is_none() {
            return Err(Error::input(format!(
                "draft {}: a price change without new_price",
                d.id
            )));
        }
        if dest.kind == DraftKind::NewListing {
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
        kind: d.kind.as_str().to_string(),
        sku: d.sku.clone(),
        idempotency_key: None,
        remote_id: None,
        reconciled: false,
        reason: None,
        error_kind: None,
    }
}

/// The account a session's credentials belong to, where they say (Etsy shop id, Shopify shop
/// domain, Amazon seller id), compared with the shop a draft is bound to.
fn account_problem(session: &Session, shop: &ShopRef) -> Option<String> {
    if shop.origin != "api" {
        // An imported shop's marketplace id is the file's, not the account's: the configured
        // account of its marketplace is the one it was exported from.
        return None;
    }
    let field = match session.marketplace {
        "etsy" => "shop_id",
        "shopify" => "shop",
        "amazon" => "seller_id",
        _ => return None,
    };
    let account = session.fields.get(field).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })?;
    let marketplace_id = session.fields.get("marketplace_id").and_then(Value::as_str);
    let account = account_key(session.marketplace, &account, marketplace_id);
    (!account.contains(&shop.external_id)).then(|| {
        format!(
            "the draft belongs to {} shop {:?}, but the {} credentials are for {:?}: nothing sent",
            session.marketplace,
            shop.external_id,
            session.marketplace,
            account.last().map(String::as_str).unwrap_or_default()
        )
    })
}

/// The shop ids an account's drafts may carry. `sync amazon` keys its shop by seller and
/// marketplace (`SELLER:MARKETPLACE`, one shop per marketplace synced); a shop known by the
/// seller id alone is the same account.
fn account_key(marketplace: &str, account: &str, marketplace_id: Option<&str>) -> Vec<String> {
    match (marketplace, marketplace_id) {
        ("amazon", Some(m)) => vec![account.to_string(), format!("{account}:{m}")],
        _ => vec![account.to_string()],
    }
}

fn refused(it: &mut Item, reason: String) -> Item {
    it.reason = Some(reason);
    it.error_kind = Some(ErrorKind::Safety);
    it.clone()
}

/// Posts every approved draft (and retries failed ones) in id order.
pub async fn post(
    store: &mut Store,
    sessions: &mut dyn Sessions,
    opts: &Options,
    actor: &str,
    clock: &dyn Fn() -> String,
) -> Result<Summary> {
    let mut summary = Summary {
        dry_run: opts.dry_run,
        ..Summary::default()
    };
    for id in &opts.drafts {
        if drafts::load_draft(store.conn(), *id)?.is_none() {
            return Err(Error::usage(format!(
                "no draft {id}: see `sellkit review list`"
            )));
        }
    }
    let mut candidates = Vec::new();
    for d in drafts::load_drafts(
        store.conn(),
        &drafts::Filter {
            marketplace: opts.marketplace.clone(),
            ..drafts::Filter::default()
        },
    )? {
        let asked = opts.drafts.contains(&d.id);
        if !opts.drafts.is_empty() && !asked {
            continue;
        }
        match d.status {
            DraftStatus::Approved | DraftStatus::Failed => candidates.push(d),
            _ if asked => {
                let mut it = item(&d);
                it.reason = Some(format!("draft is {}, not approved", d.status));
                summary.skipped.push(it);
            }
            _ => {}
        }
    }
    if candidates.is_empty() {
        return Ok(summary);
    }
    let seal = store.seal()?;
    let chain = drafts::audit::verify(store.conn(), &seal)?;
    let mut sessions_made: std::collections::BTreeMap<
        String,
        std::result::Result<Session, String>,
    > = std::collections::BTreeMap::new();
    for d in candidates {
        let mut it = item(&d);
        // 1. A sealed approval of exactly this payload, bound to where it goes.
        let checked = match posting::sendable(store.conn(), &seal, &chain, &d)? {
            Ok(dest) => {
                let problems = review::edit::problems_of(&d);
                if problems.is_empty() {
                    Ok(dest)
                } else {
                    Err(Refusal {
                        code: "invalid",
                        reason: format!(
                            "{}: nothing sent; edit it in `sellkit review`",
                            problems.join("; ")
                        ),
                    })
                }
            }
            Err(r) => Err(r),
        };
        let dest = match checked {
            Ok(dest) => dest,
            Err(r) => {
                if !opts.dry_run {
                    let now = clock();
                    store.write(|tx| {
                        let by = Poster {
                            seal: &seal,
                            actor,
                            now: &now,
                        };
                        posting::refuse(tx, &by, &d, &r)
                    })?;
                }
                summary.refused.push(refused(&mut it, r.reason));
                continue;
            }
        };
        // 2. Its shop: the demo shop's drafts stay here; others go to their own account.
        let Some(shop) = dest.shop.clone() else {
            let r = Refusal {
                code: "no_shop",
                reason: "the draft belongs to no shop: nothing sent".into(),
            };
            if !opts.dry_run {
                let now = clock();
                store.write(|tx| {
                    let by = Poster {
                        seal: &seal,
                        actor,
                        now: &now,
                    };
                    posting::refuse(tx, &by, &d, &r)
                })?;
            }
            summary.refused.push(refused(&mut it, r.reason));
            continue;
        };
        if shop.is_demo() {
            it.reason = Some(
                "a draft of the demo shop: it never leaves this machine (connect a real shop to post)"
                    .into(),
            );
            summary.skipped.push(it);
            continue;
        }
        let key = idempotency_key(d.id, &d.payload_hash);
        it.idempotency_key = Some(key.clone());
        let target = match Target::from_payload(&d, &dest) {
            Ok(t) => t,
            Err(e) => {
                it.reason = Some(e.to_string());
                it.error_kind = Some(e.kind());
                summary.failed.push(it);
                continue;
            }
        };
        // 3. A session for the marketplace (credentials), made once.
        let session = sessions_made
            .entry(dest.marketplace.clone())
            .or_insert_with(|| {
                sessions
                    .session(&dest.marketplace, opts.dry_run)
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
        if session.marketplace == "etsy"
            && let Err(e) = etsy::ensure_shop_id(session).await
        {
            it.reason = Some(e.to_string());
            it.error_kind = Some(e.kind());
            summary.failed.push(it);
            continue;
        }
        if let Some(why) = account_problem(session, &shop) {
            let r = Refusal {
                code: "wrong_account",
                reason: why,
            };
            if !opts.dry_run {
                let now = clock();
                store.write(|tx| {
                    let by = Poster {
                        seal: &seal,
                        actor,
                        now: &now,
                    };
                    posting::refuse(tx, &by, &d, &r)
                })?;
            }
            summary.refused.push(refused(&mut it, r.reason));
            continue;
        }
        session.draft_id = d.id;
        // 4. The posting row, committed before anything is sent.
        let resume = if opts.dry_run {
            if let Some((s, _)) = posting::state(store.conn(), &key)?
                && s == "posted"
            {
                it.reason = Some("already posted".into());
                summary.skipped.push(it);
                continue;
            }
            Resume::default()
        } else {
            let now = clock();
            let begun = store.write(|tx| posting::begin(tx, &seal, d.id, &key, actor, &now))?;
            match begun {
                None => {
                    it.reason = Some("already posted".into());
                    summary.skipped.push(it);
                    continue;
                }
                Some(b) => {
                    session.posting_id = Some(b.posting_id);
                    Resume {
                        resumed: b.resumed,
                        remote_id: b.remote_id,
                    }
                }
            }
        };
        // 5. Send.
        let posting_id = session.posting_id;
        let result = {
            let mut mark = |remote: &str| -> Result<()> {
                if let Some(pid) = posting_id {
                    let now = clock();
                    store.write(|tx| posting::save_remote(tx, pid, remote, &now))?;
                }
                Ok(())
            };
            match target.marketplace.as_str() {
                "etsy" => etsy::publish(session, &target, &resume, &mut mark).await,
                "ebay" => ebay::publish(session, &target, &resume, &mut mark).await,
                "shopify" => shopify::publish(session, &target, &resume, &mut mark).await,
                "amazon" => amazon::publish(session, &target, &resume, &mut mark).await,
                other => Err(Error::input(format!(
                    "draft {}: unknown marketplace {:?}",
                    d.id,
                    crate::output::sanitize::one_line(other)
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
        let now = clock();
        match result {
            Ok(p) => {
                store.write(|tx| {
                    let by = Poster {
                        seal: &seal,
                        actor,
                        now: &now,
                    };
                    let attempt = Attempt {
                        posting_id: pid,
                        key: &key,
                    };
                    posting::posted(tx, &by, &d, attempt, &p.remote_id, p.reconciled)?;
                    reflect_locally(tx, &dest, &target, &p.remote_id, &now)
                })?;
                it.remote_id = Some(p.remote_id);
                it.reconciled = p.reconciled;
                summary.posted.push(it);
            }
            Err(e) => {
                let msg = e.to_string();
                store.write(|tx| {
                    let by = Poster {
                        seal: &seal,
                        actor,
                        now: &now,
                    };
                    let attempt = Attempt {
                        posting_id: pid,
                        key: &key,
                    };
                    posting::failed(tx, &by, &d, attempt, &msg)
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
    dest: &Destination,
    t: &Target,
    remote: &str,
    now: &str,
) -> Result<()> {
    if let Some(lid) = dest.listing_id {
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
    } else if dest.kind == DraftKind::NewListing
        && let (Some(shop), Some(price)) = (dest.shop.as_ref().map(|s| s.id), t.price)
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

#[cfg(test)]
mod account_tests {
    use super::account_key;

    #[test]
    fn an_amazon_shop_synced_per_marketplace_is_the_sellers_own_and_no_other() {
        let keys = account_key("amazon", "A1SELLER", Some("ATVPDKIKX0DER"));
        assert!(keys.contains(&"A1SELLER:ATVPDKIKX0DER".to_string()));
        assert!(keys.contains(&"A1SELLER".to_string()));
        assert!(!keys.contains(&"A1SELLER:A1F83G8C2ARO7P".to_string()));
        assert!(!keys.contains(&"A2OTHER:ATVPDKIKX0DER".to_string()));
        assert_eq!(account_key("etsy", "555", Some("x")), ["555"]);
    }
}
