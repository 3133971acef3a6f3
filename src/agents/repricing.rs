//! The repricing run: load every listing's facts, decide each price by the engine's rules, ask
//! the pricing analyst to choose among each raise or lower's candidates, and write the drafts.
//! The rules and the store work are in [`crate::pricing::suggest`]; this is the part that
//! needs an agent.

use rayon::prelude::*;
use serde::Serialize;

use super::pricing::{self as analyst, PriceCandidates, PriceChoice};
use super::{Agent, Failure, Runner};
use crate::error::{Error, Result};
use crate::fees::Schedules;
use crate::forecast::demand::Demand;
use crate::money::basis_points;
use crate::pricing::policy::{Policy, PolicySet};
use crate::pricing::suggest::{
    AnalystView, ListingFacts, Offer, Request, Suggestion, Summary, decide, load, write_drafts,
};
use crate::progress::Progress;
use crate::store::Store;

/// The result of `price suggest`.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestResult {
    pub as_of: String,
    pub dry_run: bool,
    pub summary: Summary,
    pub suggestions: Vec<Suggestion>,
    /// Listings whose analyst answer failed (subject, why): skipped, no draft.
    #[serde(skip)]
    pub analyst_failures: Vec<(String, Failure)>,
}

/// The longest competitor title the analyst sees (untrusted text is capped again in the prompt).
const TITLE_CHARS: usize = 200;
/// At most this many competitor titles per listing go into a prompt.
const TITLES: usize = 5;

/// What the analyst is asked about one suggestion, or None when it has nothing to choose.
pub fn analyst_input(s: &Suggestion, f: &ListingFacts, policy: &Policy) -> Option<PriceCandidates> {
    if s.candidates.is_empty() {
        return None;
    }
    let mut fresh: Vec<&Offer> = f
        .offers
        .iter()
        .filter(|o| o.age_days <= policy.offer_max_age_days)
        .collect();
    fresh.sort_by_key(|o| o.landed_minor);
    Some(PriceCandidates {
        sku: s.sku.clone(),
        marketplace: s.marketplace.as_str().to_string(),
        floor: s.floor?,
        ceiling: s.ceiling?,
        current: s.current_price,
        candidates: s.candidates.clone(),
        competitor_titles: fresh
            .iter()
            .filter_map(|o| o.title.as_deref())
            .filter(|t| !t.trim().is_empty())
            .take(TITLES)
            .map(|t| t.chars().take(TITLE_CHARS).collect())
            .collect(),
        engine_confidence_bp: Some(s.confidence_bp),
    })
}

/// Asks the pricing analyst to choose among each raise or lower's candidates (one batch through
/// the runner, every call accounted in `agent_runs`) and applies its choice: the suggested price
/// becomes the chosen candidate, which is inside the floor and ceiling by construction and by
/// validation. A failed answer turns the suggestion into a skip and is returned.
pub fn consult_analyst(
    store: &mut Store,
    runner: &Runner,
    now: &str,
    facts: &[ListingFacts],
    policies: &PolicySet,
    suggestions: &mut [Suggestion],
    progress: &dyn Progress,
) -> Result<Vec<(String, Failure)>> {
    let mut asked: Vec<(usize, PriceCandidates)> = Vec::new();
    for (i, (s, f)) in suggestions.iter().zip(facts).enumerate() {
        if s.action != "raise" && s.action != "lower" {
            continue;
        }
        let policy = policies.for_listing(f.marketplace, &f.sku);
        if let Some(input) = analyst_input(s, f, &policy) {
            asked.push((i, input));
        }
    }
    let mut tasks = Vec::with_capacity(asked.len());
    for (i, input) in &mut asked {
        // Every candidate is inside the bounds by construction; `admissible` makes sure, and
        // what it keeps is what the analyst sees, is indexed by, and is reported.
        input.candidates = analyst::admissible(input)?;
        suggestions[*i].candidates = input.candidates.clone();
        tasks.push(analyst::task(input, &input.candidates));
    }
    let outcomes = runner.run(store, now, &tasks, progress)?;
    let mut failures = Vec::new();
    for (((i, input), task), outcome) in asked.iter().zip(&tasks).zip(outcomes) {
        let s = &mut suggestions[*i];
        let answer = match outcome {
            Ok(a) => a,
            Err(failure) => {
                s.reasons.push(format!(
                    "{} gave no valid answer: skipped, no draft",
                    Agent::PricingAnalyst.name()
                ));
                s.action = "skip";
                failures.push((task.subject.clone(), failure));
                continue;
            }
        };
        let choice: PriceChoice = serde_json::from_value(answer.value)
            .map_err(|e| Error::Other(anyhow::anyhow!("validated price choice: {e}")))?;
        let chosen = &input.candidates[choice.chosen_index];
        let current = s.current_price.amount_minor;
        let price = chosen.price.amount_minor;
        s.suggested_price = Some(chosen.price);
        s.change_bp = basis_points(price - current, current);
        s.action = match price.cmp(&current) {
            std::cmp::Ordering::Greater => "raise",
            std::cmp::Ordering::Less => "lower",
            std::cmp::Ordering::Equal => "keep",
        };
        s.analyst = Some(AnalystView {
            agent: Agent::PricingAnalyst.name(),
            provider: answer.provider,
            model: answer.model,
            chosen_index: choice.chosen_index,
            ranking: choice.ranking,
            explanation: choice.explanation,
            confidence_bp: choice.confidence_bp,
        });
    }
    Ok(failures)
}

/// What suggestions are made with: the fee schedules, the policies, the demand forecast and
/// the agent runner (the pricing analyst).
#[derive(Clone, Copy)]
pub struct Engine<'a> {
    pub schedules: &'a Schedules,
    pub policies: &'a PolicySet,
    pub demand: &'a dyn Demand,
    pub runner: &'a Runner,
}

/// Loads, decides, asks the pricing analyst and (unless `dry_run`) writes the drafts.
pub fn suggest(
    store: &mut Store,
    engine: &Engine<'_>,
    req: &Request,
    now: &str,
    dry_run: bool,
    progress: &dyn Progress,
) -> Result<SuggestResult> {
    let Engine {
        schedules,
        policies,
        demand: forecast,
        runner,
    } = *engine;
    let started = std::time::Instant::now();
    let loaded = load(store, req, policies, forecast, progress)?;
    tracing::debug!(
        "price suggest: loaded {} listings in {:?}",
        loaded.facts.len(),
        started.elapsed()
    );
    let started = std::time::Instant::now();
    let mut suggestions: Vec<Suggestion> = loaded
        .facts
        .par_iter()
        .map(|f| {
            decide(
                f,
                &policies.for_listing(f.marketplace, &f.sku),
                schedules,
                req.today,
            )
        })
        .collect::<Result<Vec<_>>>()?;
    tracing::debug!("price suggest: decided in {:?}", started.elapsed());
    let analyst_failures = consult_analyst(
        store,
        runner,
        now,
        &loaded.facts,
        policies,
        &mut suggestions,
        progress,
    )?;
    let mut summary = Summary {
        listings: suggestions.len(),
        analyst_valid: suggestions.iter().filter(|s| s.analyst.is_some()).count(),
        analyst_rejected: analyst_failures.len(),
        ..Summary::default()
    };
    for s in &suggestions {
        match s.action {
            "raise" => summary.raise += 1,
            "lower" => summary.lower += 1,
            "keep" => summary.keep += 1,
            _ => summary.skip += 1,
        }
    }
    write_drafts(store, &mut suggestions, now, dry_run, &mut summary)?;
    Ok(SuggestResult {
        as_of: req.today.to_string(),
        dry_run,
        summary,
        suggestions,
        analyst_failures,
    })
}
