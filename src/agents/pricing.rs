//! The pricing analyst: ranks and explains the candidate prices the pricing engine computed.
//! It answers with an index into the candidates, never with a price: a price outside the
//! engine's floor and ceiling cannot come out of it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::untrusted::Untrusted;
use super::validate;
use super::{Agent, Check, Failure, Runner, Task};
use crate::drafts::{DraftKind, NewDraft};
use crate::error::{Error, Result};
use crate::money::Money;
pub use crate::pricing::suggest::{Candidate, PriceCandidates};
use crate::progress::NoProgress;
use crate::store::Store;

/// The analyst's answer as the model gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceChoice {
    pub chosen_index: usize,
    pub ranking: Vec<usize>,
    pub explanation: String,
    pub confidence_bp: i64,
}

/// The validated advice: the chosen candidate (inside the bounds), the ranking, the why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceAdvice {
    pub sku: String,
    pub marketplace: String,
    pub chosen_index: usize,
    pub chosen: Candidate,
    pub ranking: Vec<usize>,
    pub explanation: String,
    pub confidence_bp: i64,
    pub provider: &'static str,
    pub model: String,
}

pub fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "chosen_index": {"type": "integer"},
            "ranking": {"type": "array", "items": {"type": "integer"}},
            "explanation": {"type": "string"},
            "confidence_bp": {"type": "integer"}
        },
        "required": ["chosen_index", "ranking", "explanation", "confidence_bp"],
        "additionalProperties": false
    })
}

pub const INSTRUCTIONS: &str = "You are the pricing analyst of a small online shop. The pricing engine computed candidate prices for one product, all between the floor (break-even plus minimum margin) and the ceiling; engine_pick marks the one its rules (competitors, stock, price elasticity) arrived at. Rank ALL candidates from best to worst for the seller's profit and sales, choose the best one by its index (chosen_index must equal ranking[0]), and explain the choice in at most 600 characters using the facts given. You cannot propose any other price. confidence_bp is your confidence from 0 to 10000.";

/// Drops candidates outside the bounds or in another currency; the engine should never send
/// them, and the analyst must never see them.
pub fn admissible(input: &PriceCandidates) -> Result<Vec<Candidate>> {
    let cur = input.floor.currency;
    if input.ceiling.currency != cur || input.current.currency != cur {
        return Err(Error::input(format!(
            "price candidates for {} on {}: floor, ceiling and current price are in different currencies",
            input.sku, input.marketplace
        )));
    }
    if input.floor.amount_minor > input.ceiling.amount_minor {
        return Err(Error::input(format!(
            "price candidates for {} on {}: floor {} is above ceiling {}",
            input.sku,
            input.marketplace,
            input.floor.display(),
            input.ceiling.display()
        )));
    }
    let ok: Vec<Candidate> = input
        .candidates
        .iter()
        .filter(|c| {
            c.price.currency == cur
                && c.price.amount_minor >= input.floor.amount_minor
                && c.price.amount_minor <= input.ceiling.amount_minor
        })
        .cloned()
        .collect();
    if ok.is_empty() {
        return Err(Error::input(format!(
            "price candidates for {} on {}: none is between the floor {} and the ceiling {}",
            input.sku,
            input.marketplace,
            input.floor.display(),
            input.ceiling.display()
        )));
    }
    Ok(ok)
}

fn facts(input: &PriceCandidates, candidates: &[Candidate]) -> Value {
    json!({
        "sku": input.sku,
        "marketplace": input.marketplace,
        "floor": input.floor,
        "ceiling": input.ceiling,
        "current": input.current,
        "engine_confidence_bp": input.engine_confidence_bp,
        "candidates": candidates.iter().enumerate().map(|(i, c)| json!({
            "index": i,
            "price": c.price,
            "price_text": c.price.display(),
            "margin_bp": c.margin_bp,
            "engine_pick": c.engine_pick,
            "reasons": c.reasons,
        })).collect::<Vec<_>>(),
    })
}

/// Checks an answer against the candidates: index in range, ranking a permutation starting
/// with the choice, the chosen price inside the bounds, a short explanation.
pub fn check_for(input: &PriceCandidates, candidates: &[Candidate]) -> Check {
    let n = candidates.len();
    let prices: Vec<Money> = candidates.iter().map(|c| c.price).collect();
    let (floor, ceiling) = (input.floor, input.ceiling);
    std::sync::Arc::new(move |text: &str| {
        let c: PriceChoice = super::parse_typed(text)?;
        let mut p = Vec::new();
        if c.chosen_index >= n {
            p.push(format!(
                "chosen_index {} is not a candidate (0 to {})",
                c.chosen_index,
                n - 1
            ));
        } else {
            let price = prices[c.chosen_index];
            if price.currency != floor.currency
                || price.amount_minor < floor.amount_minor
                || price.amount_minor > ceiling.amount_minor
            {
                p.push(format!(
                    "the chosen price {} is outside {}..{}",
                    price.display(),
                    floor.display(),
                    ceiling.display()
                ));
            }
        }
        let mut sorted = c.ranking.clone();
        sorted.sort_unstable();
        if sorted != (0..n).collect::<Vec<_>>() {
            p.push(format!(
                "ranking must list every candidate index 0 to {} exactly once",
                n - 1
            ));
        } else if c.ranking.first() != Some(&c.chosen_index) {
            p.push("ranking must start with chosen_index".into());
        }
        p.extend(validate::text_problems("explanation", &c.explanation, 600));
        p.extend(validate::confidence_problems(c.confidence_bp));
        if p.is_empty() {
            serde_json::to_value(&c).map_err(|e| vec![e.to_string()])
        } else {
            Err(p)
        }
    })
}

/// The task for one set of candidates (already filtered by [`admissible`]).
pub fn task(input: &PriceCandidates, candidates: &[Candidate]) -> Task {
    Task {
        agent: Agent::PricingAnalyst,
        subject: format!("{} {}", input.sku, input.marketplace),
        instructions: INSTRUCTIONS,
        facts: facts(input, candidates),
        untrusted: input
            .competitor_titles
            .iter()
            .map(|t| Untrusted {
                label: "competitor_title",
                text: t.clone(),
            })
            .collect(),
        schema_name: "price_choice",
        schema: schema(),
        check: check_for(input, candidates),
    }
}

/// Asks the analyst about one SKU's candidates. A rejected or failed answer is an error
/// (exit 4); the advice is always one of the admissible candidates.
pub fn analyse(
    store: &mut Store,
    runner: &Runner,
    now: &str,
    input: &PriceCandidates,
) -> Result<PriceAdvice> {
    let candidates = admissible(input)?;
    let t = task(input, &candidates);
    let outcome = runner
        .run(store, now, std::slice::from_ref(&t), &NoProgress)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Other(anyhow::anyhow!("no outcome for the pricing task")))?;
    let answer = outcome.map_err(|f: Failure| f.to_error(Agent::PricingAnalyst, &t.subject))?;
    let choice: PriceChoice = serde_json::from_value(answer.value)
        .map_err(|e| Error::Other(anyhow::anyhow!("validated price choice: {e}")))?;
    Ok(PriceAdvice {
        sku: input.sku.clone(),
        marketplace: input.marketplace.clone(),
        chosen: candidates[choice.chosen_index].clone(),
        chosen_index: choice.chosen_index,
        ranking: choice.ranking,
        explanation: choice.explanation,
        confidence_bp: choice.confidence_bp,
        provider: answer.provider,
        model: answer.model,
    })
}

/// The `price_change` draft for an advice (the price branch queues it with
/// [`crate::drafts::insert_pending`]).
pub fn draft(
    input: &PriceCandidates,
    advice: &PriceAdvice,
    shop_id: Option<i64>,
    listing_id: Option<i64>,
) -> NewDraft {
    NewDraft {
        kind: DraftKind::PriceChange,
        marketplace: input.marketplace.clone(),
        shop_id,
        sku: Some(input.sku.clone()),
        listing_id,
        payload: json!({
            "kind": "price_change",
            "marketplace": input.marketplace,
            "sku": input.sku,
            "new_price": advice.chosen.price,
            "old_price": input.current,
            "floor": input.floor,
            "ceiling": input.ceiling,
        }),
        agent: Agent::PricingAnalyst.name().into(),
        rationale: advice.explanation.clone(),
        confidence_bp: Some(advice.confidence_bp),
    }
}

/// The offline rule: the engine's own pick first (its rules already weigh competitors, stock
/// and elasticity), then the best known margin, then the smallest move from the current price
/// (large jumps confuse buyers and the marketplace's search), then the lower price.
pub fn offline_answer(facts: &Value) -> PriceChoice {
    struct Cand {
        index: usize,
        price: i64,
        margin: Option<i64>,
        engine: bool,
        text: String,
        reason: Option<String>,
    }
    let current = facts["current"]["amount_minor"].as_i64().unwrap_or(0);
    let cands: Vec<Cand> = facts["candidates"]
        .as_array()
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(index, c)| Cand {
                    index,
                    price: c["price"]["amount_minor"].as_i64().unwrap_or(0),
                    margin: c["margin_bp"].as_i64(),
                    engine: c["engine_pick"].as_bool().unwrap_or(false),
                    text: c["price_text"].as_str().unwrap_or("").to_string(),
                    reason: c["reasons"]
                        .as_array()
                        .and_then(|r| r.iter().find_map(Value::as_str))
                        .map(String::from),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut order: Vec<&Cand> = cands.iter().collect();
    order.sort_by(|a, b| {
        // Margins within one percentage point count as equal.
        let ma = a.margin.map(|m| m / 100);
        let mb = b.margin.map(|m| m / 100);
        b.engine
            .cmp(&a.engine)
            .then_with(|| mb.cmp(&ma))
            .then_with(|| (a.price - current).abs().cmp(&(b.price - current).abs()))
            .then_with(|| a.price.cmp(&b.price))
    });
    let ranking: Vec<usize> = order.iter().map(|c| c.index).collect();
    let Some(best) = order.first() else {
        return PriceChoice {
            chosen_index: 0,
            ranking,
            explanation: "no candidate price".into(),
            confidence_bp: 0,
        };
    };
    let percent = |m: i64| format!("{}.{:02}%", m / 100, (m % 100).abs());
    let mut explanation = match (best.engine, best.margin) {
        (true, Some(m)) => format!(
            "{} is the engine's pick, at a {} net margin",
            best.text,
            percent(m)
        ),
        (true, None) => format!("{} is the engine's pick", best.text),
        (false, Some(m)) => format!("{} keeps the best net margin ({})", best.text, percent(m)),
        (false, None) => format!("{} is the smallest move from the current price", best.text),
    };
    if best.price == current {
        explanation.push_str(" and leaves the price unchanged");
    } else {
        explanation.push_str(&format!(
            ", a change of {}{}.{:02} from now",
            if best.price > current { "+" } else { "-" },
            (best.price - current).abs() / 100,
            (best.price - current).abs() % 100
        ));
    }
    if let Some(r) = &best.reason {
        explanation.push_str(&format!(
            "; engine: {}",
            crate::output::sanitize::one_line(r)
        ));
    }
    if let Some(next) = order.get(1) {
        explanation.push_str(&format!("; next best {}", next.text));
        if let Some(m) = next.margin {
            explanation.push_str(&format!(" ({} margin)", percent(m)));
        }
    }
    let explanation: String = explanation.chars().take(600).collect();
    let confidence_bp = facts["engine_confidence_bp"]
        .as_i64()
        .filter(|_| best.engine)
        .map(|c| c.clamp(0, 10_000))
        .unwrap_or(if best.margin.is_some() { 6500 } else { 5000 });
    PriceChoice {
        chosen_index: best.index,
        ranking,
        explanation,
        confidence_bp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn usd(n: i64) -> Money {
        Money::new(n, Currency::USD)
    }

    pub fn sample() -> PriceCandidates {
        PriceCandidates {
            sku: "MUG-00001".into(),
            marketplace: "etsy".into(),
            floor: usd(1800),
            ceiling: usd(3200),
            current: usd(2495),
            candidates: vec![
                Candidate {
                    price: usd(2395),
                    reasons: vec!["beat the lowest competitor by 1%".into()],
                    margin_bp: Some(2800),
                    engine_pick: false,
                },
                Candidate {
                    price: usd(2495),
                    reasons: vec!["keep".into()],
                    margin_bp: Some(3100),
                    engine_pick: false,
                },
                Candidate {
                    price: usd(999),
                    reasons: vec!["below floor".into()],
                    margin_bp: Some(-500),
                    engine_pick: false,
                },
            ],
            competitor_titles: vec![],
            engine_confidence_bp: None,
        }
    }

    #[test]
    fn out_of_bounds_candidates_never_reach_the_analyst() {
        let input = sample();
        let ok = admissible(&input).unwrap();
        assert_eq!(ok.len(), 2);
        assert!(ok.iter().all(|c| c.price.amount_minor >= 1800));
    }

    #[test]
    fn offline_choice_passes_its_own_check() {
        let input = sample();
        let ok = admissible(&input).unwrap();
        let t = task(&input, &ok);
        let answer = offline_answer(&t.facts);
        assert_eq!(answer.chosen_index, 1, "{answer:?}");
        let text = serde_json::to_string(&answer).unwrap();
        assert!((t.check)(&text).is_ok());
    }

    #[test]
    fn offline_follows_the_engine_pick_with_its_confidence() {
        let mut input = sample();
        input.candidates[0].engine_pick = true;
        input.engine_confidence_bp = Some(7500);
        let ok = admissible(&input).unwrap();
        let t = task(&input, &ok);
        let answer = offline_answer(&t.facts);
        assert_eq!(answer.chosen_index, 0, "{answer:?}");
        assert_eq!(answer.ranking, vec![0, 1]);
        assert_eq!(answer.confidence_bp, 7500);
        assert!(
            answer.explanation.starts_with(
                "$23.95 is the engine's pick, at a 28.00% net margin, a change of -1.00 from now; engine: beat the lowest competitor by 1%; next best $24.95 (31.00% margin)"
            ),
            "{}",
            answer.explanation
        );
        assert!((t.check)(&serde_json::to_string(&answer).unwrap()).is_ok());
    }

    #[test]
    fn check_rejects_bad_choices() {
        let input = sample();
        let ok = admissible(&input).unwrap();
        let check = check_for(&input, &ok);
        assert!(
            check(
                r#"{"chosen_index": 5, "ranking": [0,1], "explanation": "x", "confidence_bp": 1}"#
            )
            .is_err()
        );
        assert!(
            check(
                r#"{"chosen_index": 0, "ranking": [1,0], "explanation": "x", "confidence_bp": 1}"#
            )
            .is_err()
        );
        assert!(check(r#"{"chosen_index": 0, "ranking": [0,1], "explanation": "x", "confidence_bp": 1, "price": 1}"#).is_err());
        assert!(
            check(
                r#"{"chosen_index": 0, "ranking": [0,1], "explanation": "x", "confidence_bp": 1}"#
            )
            .is_ok()
        );
    }
}
