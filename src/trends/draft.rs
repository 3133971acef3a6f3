//! `trends draft`: the listing writer turns the best candidates into `new_listing` drafts, one
//! per marketplace the seller has a shop on, each with the trend evidence as its rationale.
//!
//! Candidates the catalogue already covers (a SKU, or a term that is already a tag, keyword or
//! part of a title) are skipped: a new listing would duplicate what is for sale.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use super::Candidate;
use crate::agents::writer::{self, ListingCopy, Scope};
use crate::agents::{Agent, Answer, Failure, Runner};
use crate::drafts::{self, DraftKind, NewDraft};
use crate::error::Result;
use crate::progress::Progress;
use crate::store::Store;

/// One draft written for a trend.
#[derive(Debug, Clone, Serialize)]
pub struct TrendDraft {
    pub draft_id: Option<i64>,
    pub status: &'static str,
    pub term: String,
    pub score: f64,
    pub marketplace: String,
    pub sku: String,
    pub title: String,
    pub tags: Vec<String>,
    pub rationale: String,
    pub confidence_bp: i64,
    pub provider: &'static str,
    pub model: String,
}

/// A candidate passed over, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub term: String,
    pub score: f64,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct DraftReport {
    pub drafts: Vec<TrendDraft>,
    pub skipped: Vec<Skipped>,
    pub failures: Vec<(String, Failure)>,
}

/// The SKU proposed for a new product from a trend: `TRD-` and the term's words.
pub fn proposed_sku(term: &str) -> String {
    let slug: String = term
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    format!("TRD-{}", slug.trim_end_matches('-'))
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The category of the product sharing the most words with the term, if any does.
fn nearest_category(store: &Store, term: &str) -> Result<Option<String>> {
    let words: Vec<&str> = term.split(' ').collect();
    let mut stmt = store
        .conn()
        .prepare("SELECT title, category FROM products WHERE category IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let (title, category) = row?;
        let t = super::normalize_term(&title);
        let overlap = t.split(' ').filter(|w| words.contains(w)).count();
        if overlap > 0 {
            *votes.entry(category).or_default() += overlap;
        }
    }
    Ok(votes.into_iter().max_by_key(|(_, v)| *v).map(|(c, _)| c))
}

/// Confidence of a trend draft: the writer's confidence scaled by the trend score (0-100).
pub fn confidence(copy_bp: i64, score: f64) -> i64 {
    let trend_bp = (score.clamp(0.0, 100.0) * 100.0).round() as i64;
    copy_bp.clamp(0, 10_000) * trend_bp / 10_000
}

/// Which candidates to draft listings for, and how.
#[derive(Clone, Copy)]
pub struct DraftRequest<'a> {
    /// How many candidates to draft (best first, skipping those the catalogue covers).
    pub top: usize,
    /// The marketplaces to write for (none: the writer's default).
    pub marketplaces: &'a [String],
    pub today: jiff::civil::Date,
    /// The time recorded with the drafts (RFC 3339).
    pub now: &'a str,
    /// Show the drafts without queueing them.
    pub dry_run: bool,
}

/// Drafts new listings for the best `top` candidates that the catalogue does not cover yet.
pub fn draft(
    store: &mut Store,
    runner: &Runner,
    candidates: &[Candidate],
    req: &DraftRequest<'_>,
    progress: &dyn Progress,
) -> Result<DraftReport> {
    let DraftRequest {
        top,
        marketplaces,
        today,
        now,
        dry_run,
    } = *req;
    let mut report = DraftReport::default();
    let mut chosen: Vec<&Candidate> = Vec::new();
    for c in candidates {
        if chosen.len() >= top {
            break;
        }
        let reason = if c.kind == "sku" {
            Some("a SKU you already sell")
        } else if c.novelty.in_catalogue {
            Some("already in your catalogue")
        } else if !(c.best.significant && c.best.mann_kendall.s > 0) {
            Some("no significant rising trend")
        } else {
            None
        };
        match reason {
            Some(r) => report.skipped.push(Skipped {
                term: c.term.clone(),
                score: c.score,
                reason: r.into(),
            }),
            None => chosen.push(c),
        }
    }
    let empty = Scope {
        skus: Some(Vec::new()),
        marketplaces: Vec::new(),
        new_listings: true,
    };
    let mut cat = writer::load(store, today, &empty, false)?;
    for c in &chosen {
        let mut keywords = vec![c.term.clone()];
        for v in &c.variants {
            let n = super::normalize_term(v);
            if !keywords.contains(&n) {
                keywords.push(n);
            }
        }
        cat.items.push(writer::Item {
            sku: proposed_sku(&c.term),
            title: title_case(&c.term),
            category: nearest_category(store, &c.term)?,
            style: None,
            product: Some(title_case(&c.term)),
            keywords,
            weight_g: None,
            dims_mm: None,
            listings: Vec::new(),
            units_90d: BTreeMap::new(),
        });
    }
    let scope = Scope {
        skus: None,
        marketplaces: marketplaces.to_vec(),
        new_listings: true,
    };
    let jobs = writer::jobs(&cat, &scope);
    let tasks: Vec<_> = jobs.iter().map(|j| writer::task(&cat, j)).collect();
    let outcomes = runner.run(store, now, &tasks, progress)?;
    let mut queue: Vec<(NewDraft, TrendDraft)> = Vec::new();
    for ((job, task), outcome) in jobs.iter().zip(&tasks).zip(outcomes) {
        let answer: Answer = match outcome {
            Ok(a) => a,
            Err(f) => {
                report.failures.push((task.subject.clone(), f));
                continue;
            }
        };
        let Ok(copy) = serde_json::from_value::<ListingCopy>(answer.value.clone()) else {
            continue;
        };
        let c = chosen[job.item];
        let item = &cat.items[job.item];
        let market = c
            .market
            .iter()
            .find(|m| m.source == job.marketplace)
            .or_else(|| c.market.first());
        let payload = json!({
            "kind": DraftKind::NewListing.as_str(),
            "marketplace": job.marketplace,
            "sku": item.sku,
            "listing_external_id": null,
            "title": copy.title,
            "description": copy.description,
            "tags": copy.tags,
            "bullets": copy.bullets,
            "trend": {
                "term": c.term,
                "score": c.score,
                "sources": c.sources,
                "growth_bp": c.best.growth_bp,
                "mann_kendall_z": c.best.mann_kendall.z,
                "mann_kendall_p_value": c.best.mann_kendall.p_value,
                "price_band": market.map(|m| json!({
                    "source": m.source,
                    "p25_minor": m.price_p25_minor,
                    "median_minor": m.price_median_minor,
                    "p75_minor": m.price_p75_minor,
                    "margin_bp": m.margin_bp,
                })),
            },
        });
        let rationale = format!(
            "Rising trend \"{}\" (score {:.1}): {}. Copy: {}",
            c.term,
            c.score,
            c.explanation,
            copy.seo_reasons.join("; ")
        );
        let confidence_bp = confidence(copy.confidence_bp, c.score);
        let draft = NewDraft {
            kind: DraftKind::NewListing,
            marketplace: job.marketplace.clone(),
            shop_id: job.shop_id,
            sku: Some(item.sku.clone()),
            listing_id: None,
            payload,
            agent: Agent::ListingWriter.name().into(),
            rationale: rationale.clone(),
            confidence_bp: Some(confidence_bp),
        };
        let shown = TrendDraft {
            draft_id: None,
            status: "dry_run",
            term: c.term.clone(),
            score: c.score,
            marketplace: job.marketplace.clone(),
            sku: item.sku.clone(),
            title: copy.title.clone(),
            tags: copy.tags.clone(),
            rationale,
            confidence_bp,
            provider: answer.provider,
            model: answer.model.clone(),
        };
        queue.push((draft, shown));
    }
    if dry_run {
        report.drafts = queue.into_iter().map(|(_, d)| d).collect();
        return Ok(report);
    }
    report.drafts = drafts::queue_all(store, queue, now, |shown, id, status| {
        shown.draft_id = Some(id);
        shown.status = status;
    })?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn proposed_skus_and_confidence() {
        assert_eq!(super::proposed_sku("coquette decor"), "TRD-COQUETTE-DECOR");
        assert_eq!(super::confidence(8000, 75.0), 6000);
        assert_eq!(super::confidence(12_000, 150.0), 10_000);
    }
}
