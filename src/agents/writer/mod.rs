//! The listing writer: title, description, tags and bullets for one SKU on one marketplace,
//! within that marketplace's limits, as a `new_listing` or `listing_update` draft.
//!
//! Its facts are the product's attributes (`products.attributes`: style, product, keywords),
//! the keywords that sell in the store (tags of listings in the same category, weighted by units
//! sold in the last 90 days), and the live listing when there is one. Competitor titles are
//! passed to remote models as untrusted, delimited data.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::untrusted::Untrusted;
use super::validate::{self, Limits};
use super::{Agent, Answer, Check, Failure, Runner, Task};
use crate::drafts::{self, DraftKind, NewDraft};
use crate::error::Result;
use crate::progress::Progress;
use crate::store::Store;

mod copywriter;

pub use copywriter::offline_answer;

/// The writer's answer. Unknown, missing or mistyped fields are rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingCopy {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub bullets: Vec<String>,
    pub seo_reasons: Vec<String>,
    pub confidence_bp: i64,
}

/// The JSON schema sent to remote models (strict-mode compatible).
pub fn schema() -> Value {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    json!({
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "description": {"type": "string"},
            "tags": strings,
            "bullets": strings,
            "seo_reasons": strings,
            "confidence_bp": {"type": "integer"}
        },
        "required": ["title", "description", "tags", "bullets", "seo_reasons", "confidence_bp"],
        "additionalProperties": false
    })
}

pub const INSTRUCTIONS: &str = "You are the listing writer of a small online shop. Write the listing copy for one product on one marketplace: a title, a description, search tags and (for Amazon) up to five bullet points, using the product's attributes and the keywords that sell in this shop. Stay inside the limits given in the facts (title length, number and length of tags, banned characters). Do not stuff keywords, do not repeat tags, do not claim anything the facts do not say, never mention prices. In seo_reasons, say in one short sentence each what your copy improves and why (1 to 6 reasons). confidence_bp is your confidence from 0 to 10000.";

/// Checks a copy against a marketplace's limits: every problem, named.
pub fn copy_problems(limits: &Limits, copy: &ListingCopy) -> Vec<String> {
    let mut p = validate::title_problems(limits, &copy.title);
    p.extend(validate::tag_problems(limits, &copy.tags));
    p.extend(validate::body_problems(
        limits,
        &copy.description,
        &copy.bullets,
    ));
    if copy.seo_reasons.is_empty() || copy.seo_reasons.len() > 6 {
        p.push(format!(
            "seo_reasons has {} items; give 1 to 6",
            copy.seo_reasons.len()
        ));
    }
    for r in &copy.seo_reasons {
        p.extend(validate::text_problems("a seo reason", r, 240));
    }
    p.extend(validate::confidence_problems(copy.confidence_bp));
    p
}

/// The check for one marketplace: parse, then validate.
pub fn check_for(limits: Limits) -> Check {
    std::sync::Arc::new(move |text: &str| {
        let copy: ListingCopy = super::parse_typed(text)?;
        let problems = copy_problems(&limits, &copy);
        if problems.is_empty() {
            Ok(serde_json::to_value(&copy).map_err(|e| vec![e.to_string()])?)
        } else {
            Err(problems)
        }
    })
}

/// A live listing of a SKU.
#[derive(Debug, Clone)]
pub struct LiveListing {
    pub id: i64,
    pub shop_id: i64,
    pub channel: String,
    pub external_id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub state: String,
}

/// A product with what the writer needs to know about it.
#[derive(Debug, Clone)]
pub struct Item {
    pub sku: String,
    pub title: String,
    pub category: Option<String>,
    pub style: Option<String>,
    pub product: Option<String>,
    pub keywords: Vec<String>,
    pub weight_g: Option<i64>,
    pub dims_mm: Option<(i64, i64, i64)>,
    pub listings: Vec<LiveListing>,
    /// Units sold in the last 90 days, by channel.
    pub units_90d: BTreeMap<String, i64>,
}

/// Which SKUs and marketplaces to write for.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// None: every product.
    pub skus: Option<Vec<String>>,
    /// Empty: the marketplaces each SKU is listed on (plus, with `new_listings`, every
    /// marketplace the seller has a shop on).
    pub marketplaces: Vec<String>,
    pub new_listings: bool,
}

/// The catalogue as the writer sees it.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub items: Vec<Item>,
    /// First shop id per channel.
    pub shops: BTreeMap<String, i64>,
    /// Keywords that sell, by category: (keyword, units in the last 90 days), best first.
    pub keywords: HashMap<String, Vec<(String, i64)>>,
    /// Latest competitor titles by SKU (untrusted), loaded only for remote providers.
    pub competitor_titles: HashMap<String, Vec<String>>,
}

fn parse_attributes(text: &str) -> (Option<String>, Option<String>, Vec<String>) {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let keywords = v
        .get("keywords")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    (s("style"), s("product"), keywords)
}

/// Loads products, listings, recent sales and the store's selling keywords.
pub fn load(
    store: &Store,
    today: jiff::civil::Date,
    scope: &Scope,
    with_competitors: bool,
) -> Result<Catalogue> {
    let conn = store.conn();
    let wanted: Option<HashSet<&str>> = scope
        .skus
        .as_ref()
        .map(|v| v.iter().map(String::as_str).collect());
    let mut items: Vec<Item> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT sku, title, category, weight_g, length_mm, width_mm, height_mm, attributes FROM products ORDER BY sku",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let sku: String = r.get(0)?;
            if wanted.as_ref().is_some_and(|w| !w.contains(sku.as_str())) {
                continue;
            }
            let (style, product, keywords) = parse_attributes(&r.get::<_, String>(7)?);
            let dims = match (
                r.get::<_, Option<i64>>(4)?,
                r.get::<_, Option<i64>>(5)?,
                r.get::<_, Option<i64>>(6)?,
            ) {
                (Some(a), Some(b), Some(c)) => Some((a, b, c)),
                _ => None,
            };
            index.insert(sku.clone(), items.len());
            items.push(Item {
                sku,
                title: r.get(1)?,
                category: r.get(2)?,
                style,
                product,
                keywords,
                weight_g: r.get(3)?,
                dims_mm: dims,
                listings: Vec::new(),
                units_90d: BTreeMap::new(),
            });
        }
    }
    let mut shops = BTreeMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, channel FROM shops ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, channel) = row?;
            shops.entry(channel).or_insert(id);
        }
    }
    // Tags of every listing (not only the wanted SKUs) feed the store's keyword ranking.
    let mut listing_tags: Vec<(String, String, Vec<String>)> = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT l.id, l.shop_id, s.channel, l.external_id, l.sku, l.title, l.description, l.tags, l.state
             FROM listings l JOIN shops s ON s.id = l.shop_id WHERE l.sku IS NOT NULL ORDER BY l.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let sku: String = r.get(4)?;
            let channel: String = r.get(2)?;
            let tags: Vec<String> =
                serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default();
            listing_tags.push((sku.clone(), channel.clone(), tags.clone()));
            if let Some(&i) = index.get(&sku) {
                items[i].listings.push(LiveListing {
                    id: r.get(0)?,
                    shop_id: r.get(1)?,
                    channel,
                    external_id: r.get(3)?,
                    title: r.get(5)?,
                    description: r.get(6)?,
                    tags,
                    state: r.get(8)?,
                });
            }
        }
    }
    let since = today
        .checked_sub(jiff::Span::new().days(90))
        .unwrap_or(today);
    let mut units: HashMap<(String, String), i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT ol.sku, s.channel, SUM(ol.quantity) FROM order_lines ol
             JOIN orders o ON o.id = ol.order_id JOIN shops s ON s.id = o.shop_id
             WHERE o.ordered_at >= ?1 AND o.status NOT IN ('cancelled', 'refunded')
             GROUP BY ol.sku, s.channel",
        )?;
        let rows = stmt.query_map(params![crate::time::start_of_day(since)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (sku, channel, n) = row?;
            if let Some(&i) = index.get(&sku) {
                items[i].units_90d.insert(channel.clone(), n);
            }
            units.insert((sku, channel), n);
        }
    }
    // Category of every product, for the keyword ranking.
    let mut category_of: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT sku, COALESCE(category, '') FROM products")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (sku, cat) = row?;
            category_of.insert(sku, cat);
        }
    }
    let mut kw: HashMap<String, HashMap<String, i64>> = HashMap::new();
    for (sku, channel, tags) in &listing_tags {
        let n = units
            .get(&(sku.clone(), channel.clone()))
            .copied()
            .unwrap_or(0);
        if n == 0 {
            continue;
        }
        let cat = category_of.get(sku).cloned().unwrap_or_default();
        let entry = kw.entry(cat).or_default();
        for t in tags {
            let t = t.trim().to_lowercase();
            if !t.is_empty() {
                *entry.entry(t).or_default() += n;
            }
        }
    }
    let keywords = kw
        .into_iter()
        .map(|(cat, m)| {
            let mut v: Vec<(String, i64)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(20);
            (cat, v)
        })
        .collect();
    let mut competitor_titles: HashMap<String, Vec<String>> = HashMap::new();
    if with_competitors {
        let mut stmt = conn.prepare(
            "SELECT sku, title FROM offers WHERE sku IS NOT NULL AND title IS NOT NULL ORDER BY seen_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (sku, title) = row?;
            if !index.contains_key(&sku) {
                continue;
            }
            let list = competitor_titles.entry(sku).or_default();
            if list.len() < 3 && !list.contains(&title) {
                list.push(title);
            }
        }
    }
    Ok(Catalogue {
        items,
        shops,
        keywords,
        competitor_titles,
    })
}

/// One (SKU, marketplace) job.
#[derive(Debug, Clone)]
pub struct Job {
    pub item: usize,
    pub marketplace: String,
    pub live: Option<usize>,
    pub shop_id: Option<i64>,
}

/// The jobs a scope asks for.
pub fn jobs(cat: &Catalogue, scope: &Scope) -> Vec<Job> {
    let mut out = Vec::new();
    for (i, item) in cat.items.iter().enumerate() {
        let mut targets: Vec<String> = if scope.marketplaces.is_empty() {
            let mut t: Vec<String> = item
                .listings
                .iter()
                .filter(|l| l.state != "removed")
                .map(|l| l.channel.clone())
                .collect();
            if scope.new_listings {
                t.extend(cat.shops.keys().cloned());
            }
            t
        } else {
            scope.marketplaces.clone()
        };
        let mut seen = HashSet::new();
        targets.retain(|m| seen.insert(m.clone()));
        for m in targets {
            let live = item
                .listings
                .iter()
                .position(|l| l.channel == m && l.state != "removed");
            let shop_id = live
                .map(|l| item.listings[l].shop_id)
                .or_else(|| cat.shops.get(&m).copied());
            if live.is_none() && shop_id.is_none() {
                continue; // no shop there: nothing to draft against
            }
            out.push(Job {
                item: i,
                marketplace: m,
                live,
                shop_id,
            });
        }
    }
    out
}

/// The trusted facts of one job.
pub fn facts(cat: &Catalogue, job: &Job) -> Value {
    let item = &cat.items[job.item];
    let limits = validate::limits(&job.marketplace);
    let store_keywords: Vec<Value> = cat
        .keywords
        .get(item.category.as_deref().unwrap_or(""))
        .map(|v| {
            v.iter()
                .take(12)
                .map(|(k, n)| json!({"keyword": k, "units_90d": n}))
                .collect()
        })
        .unwrap_or_default();
    let live = job.live.map(|l| {
        let l = &item.listings[l];
        json!({"title": l.title, "description": l.description, "tags": l.tags, "state": l.state})
    });
    json!({
        "task": if job.live.is_some() { "update" } else { "new" },
        "sku": item.sku,
        "marketplace": job.marketplace,
        "limits": limits,
        "product": {
            "title": item.title,
            "category": item.category,
            "style": item.style,
            "product": item.product,
            "keywords": item.keywords,
            "weight_g": item.weight_g,
            "size_mm": item.dims_mm.map(|(a, b, c)| vec![a, b, c]),
        },
        "store_keywords": store_keywords,
        "live": live,
        "units_sold_90d": item.units_90d,
    })
}

/// The task of one job.
pub fn task(cat: &Catalogue, job: &Job) -> Task {
    let item = &cat.items[job.item];
    let untrusted = cat
        .competitor_titles
        .get(&item.sku)
        .map(|v| {
            v.iter()
                .map(|t| Untrusted {
                    label: "competitor_title",
                    text: t.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Task {
        agent: Agent::ListingWriter,
        subject: format!("{} {}", item.sku, job.marketplace),
        instructions: INSTRUCTIONS,
        facts: facts(cat, job),
        untrusted,
        schema_name: "listing_copy",
        schema: schema(),
        check: check_for(validate::limits(&job.marketplace)),
    }
}

/// One draft the writer queued (or found already queued).
#[derive(Debug, Clone, Serialize)]
pub struct WrittenDraft {
    pub draft_id: Option<i64>,
    pub status: &'static str,
    pub kind: DraftKind,
    pub marketplace: String,
    pub sku: String,
    pub title: String,
    pub tags: Vec<String>,
    pub rationale: String,
    pub confidence_bp: i64,
    pub provider: &'static str,
    pub model: String,
    pub cache_hit: bool,
}

/// What a writer run did.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    pub drafts: Vec<WrittenDraft>,
    /// Jobs whose copy matched the live listing: nothing to change.
    pub unchanged: usize,
    pub failures: Vec<(String, Failure)>,
}

/// Runs the writer over a scope and queues drafts (unless `dry_run`).
pub fn write(
    store: &mut Store,
    runner: &Runner,
    today: jiff::civil::Date,
    now: &str,
    scope: &Scope,
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<WriteReport> {
    let cat = load(store, today, scope, runner.provider_name() != "offline")?;
    if let Some(wanted) = &scope.skus {
        let known: HashSet<&str> = cat.items.iter().map(|i| i.sku.as_str()).collect();
        if let Some(missing) = wanted.iter().find(|s| !known.contains(s.as_str())) {
            return Err(crate::Error::input(format!(
                "--sku {missing}: no such product in the store (see `sellkit report sales --json | jq '.by_sku[].key'`)"
            )));
        }
    }
    let jobs = jobs(&cat, scope);
    let tasks: Vec<Task> = jobs.iter().map(|j| task(&cat, j)).collect();
    let outcomes = runner.run(store, now, &tasks, progress)?;
    let mut report = WriteReport::default();
    let mut queue: Vec<(NewDraft, WrittenDraft)> = Vec::new();
    for ((job, task), outcome) in jobs.iter().zip(&tasks).zip(outcomes) {
        let answer: Answer = match outcome {
            Ok(a) => a,
            Err(f) => {
                report.failures.push((task.subject.clone(), f));
                continue;
            }
        };
        // Validated already; a second parse cannot fail.
        let Ok(copy) = serde_json::from_value::<ListingCopy>(answer.value.clone()) else {
            continue;
        };
        let item = &cat.items[job.item];
        let live = job.live.map(|l| &item.listings[l]);
        if let Some(l) = live
            && l.title == copy.title
            && l.tags == copy.tags
            && l.description == copy.description
        {
            report.unchanged += 1;
            continue;
        }
        let kind = if live.is_some() {
            DraftKind::ListingUpdate
        } else {
            DraftKind::NewListing
        };
        let payload = json!({
            "kind": kind.as_str(),
            "marketplace": job.marketplace,
            "sku": item.sku,
            "listing_external_id": live.map(|l| l.external_id.clone()),
            "title": copy.title,
            "description": copy.description,
            "tags": copy.tags,
            "bullets": copy.bullets,
        });
        let rationale = copy.seo_reasons.join("; ");
        let draft = NewDraft {
            kind,
            marketplace: job.marketplace.clone(),
            shop_id: job.shop_id,
            sku: Some(item.sku.clone()),
            listing_id: live.map(|l| l.id),
            payload,
            agent: Agent::ListingWriter.name().into(),
            rationale: rationale.clone(),
            confidence_bp: Some(copy.confidence_bp),
        };
        let shown = WrittenDraft {
            draft_id: None,
            status: "dry_run",
            kind,
            marketplace: job.marketplace.clone(),
            sku: item.sku.clone(),
            title: copy.title.clone(),
            tags: copy.tags.clone(),
            rationale,
            confidence_bp: copy.confidence_bp,
            provider: answer.provider,
            model: answer.model.clone(),
            cache_hit: answer.cache_hit,
        };
        queue.push((draft, shown));
    }
    if dry_run {
        report.drafts = queue.into_iter().map(|(_, w)| w).collect();
        return Ok(report);
    }
    report.drafts = drafts::queue_all(store, queue, now, |shown, id, status| {
        shown.draft_id = Some(id);
        shown.status = status;
    })?;
    Ok(report)
}
