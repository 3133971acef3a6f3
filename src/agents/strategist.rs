//! The strategist: one short, prioritised brief over the risk findings, the drafts waiting and
//! the recent sales. It may only name SKUs that appear in its facts.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::risk::Finding;
use super::validate;
use super::{Agent, Check, Task};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub action: String,
    pub why: String,
    pub skus: Vec<String>,
}

/// The strategist's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    pub headline: String,
    pub priorities: Vec<Priority>,
    pub confidence_bp: i64,
}

pub fn schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "headline": {"type": "string"},
            "priorities": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "action": {"type": "string"},
                    "why": {"type": "string"},
                    "skus": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["action", "why", "skus"],
                "additionalProperties": false
            }},
            "confidence_bp": {"type": "integer"}
        },
        "required": ["headline", "priorities", "confidence_bp"],
        "additionalProperties": false
    })
}

pub const INSTRUCTIONS: &str = "You are the strategist of a small online shop. From the risk findings, the drafts waiting for review and the recent sales, write the seller's morning brief: a headline of at most 160 characters and 1 to 5 priorities, most important first. Each priority is one concrete action (at most 200 characters), why it matters with the numbers given (at most 300 characters), and the SKUs it concerns (only SKUs that appear in the facts, at most 10). confidence_bp is your confidence from 0 to 10000.";

/// Kind order when severities tie: what loses money first.
const KIND_ORDER: [&str; 6] = [
    "price_below_floor",
    "stockout",
    "inactive_listing",
    "sales_drop",
    "margin_below_target",
    "competitor_undercut",
];

/// The strategist's trusted facts.
pub fn facts(findings: &[Finding], drafts_waiting: &[(String, i64)], sales: &Value) -> Value {
    let mut by_kind: BTreeMap<&str, BTreeMap<&str, i64>> = BTreeMap::new();
    for f in findings {
        *by_kind
            .entry(f.kind)
            .or_default()
            .entry(f.severity.as_str())
            .or_default() += 1;
    }
    // The most severe findings of each kind, at most 5 per kind.
    let mut top: Vec<Value> = Vec::new();
    for kind in KIND_ORDER {
        for f in findings.iter().filter(|f| f.kind == kind).take(5) {
            top.push(json!({
                "kind": f.kind,
                "severity": f.severity,
                "sku": f.sku,
                "marketplace": f.marketplace,
                "summary": f.summary,
            }));
        }
    }
    json!({
        "findings_by_kind": by_kind,
        "top_findings": top,
        "drafts_waiting": drafts_waiting.iter().map(|(k, n)| json!({"kind": k, "count": n})).collect::<Vec<_>>(),
        "sales": sales,
    })
}

/// The check: lengths, 1 to 5 priorities, SKUs only from the facts.
pub fn check_for(facts: &Value) -> Check {
    let known: HashSet<String> = facts["top_findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["sku"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    std::sync::Arc::new(move |text: &str| {
        let b: Brief = super::parse_typed(text)?;
        let mut p = validate::text_problems("headline", &b.headline, 160);
        if b.priorities.is_empty() || b.priorities.len() > 5 {
            p.push(format!("{} priorities; give 1 to 5", b.priorities.len()));
        }
        for (i, pr) in b.priorities.iter().enumerate() {
            p.extend(validate::text_problems(
                &format!("priorities[{i}].action"),
                &pr.action,
                200,
            ));
            p.extend(validate::text_problems(
                &format!("priorities[{i}].why"),
                &pr.why,
                300,
            ));
            if pr.skus.len() > 10 {
                p.push(format!(
                    "priorities[{i}] names {} SKUs; at most 10",
                    pr.skus.len()
                ));
            }
            for s in &pr.skus {
                if !known.contains(s) {
                    p.push(format!(
                        "priorities[{i}] names SKU {s:?}, which is not in the facts"
                    ));
                }
            }
        }
        p.extend(validate::confidence_problems(b.confidence_bp));
        if p.is_empty() {
            serde_json::to_value(&b).map_err(|e| vec![e.to_string()])
        } else {
            Err(p)
        }
    })
}

pub fn task(facts: Value) -> Task {
    Task {
        agent: Agent::Strategist,
        subject: "brief".into(),
        instructions: INSTRUCTIONS,
        check: check_for(&facts),
        facts,
        untrusted: Vec::new(),
        schema_name: "brief",
        schema: schema(),
    }
}

fn skus_list(skus: &[String]) -> String {
    match skus.len() {
        0 => String::new(),
        1..=3 => skus.join(", "),
        n => format!("{} and {} more", skus[..3].join(", "), n - 3),
    }
}

/// The offline rule: one priority per kind of finding, most severe and costly first, then the
/// drafts waiting for review.
pub fn offline_answer(facts: &Value) -> Brief {
    let top = facts["top_findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let counts = &facts["findings_by_kind"];
    let sev = |s: &str| match s {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    let mut kinds: Vec<(&str, i64, i64)> = KIND_ORDER
        .iter()
        .enumerate()
        .filter_map(|(order, k)| {
            let c = counts.get(*k)?;
            let high = c.get("high").and_then(Value::as_i64).unwrap_or(0);
            let total: i64 = c.as_object()?.values().filter_map(Value::as_i64).sum();
            Some((
                *k,
                (if high > 0 { 0 } else { 1 }) * 10 + order as i64,
                total,
            ))
        })
        .collect();
    kinds.sort_by_key(|k| k.1);
    let mut priorities = Vec::new();
    for (kind, _, total) in kinds.iter().take(4) {
        let mut items: Vec<&Value> = top.iter().filter(|f| f["kind"] == *kind).collect();
        items.sort_by_key(|f| sev(f["severity"].as_str().unwrap_or("")));
        let mut skus: Vec<String> = Vec::new();
        for f in &items {
            if let Some(s) = f["sku"].as_str()
                && !skus.iter().any(|x| x == s)
            {
                skus.push(s.to_string());
            }
        }
        let first = items
            .first()
            .and_then(|f| f["summary"].as_str())
            .map(|s| s.chars().take(160).collect::<String>())
            .unwrap_or_default();
        let list = skus_list(&skus);
        let action = match *kind {
            "price_below_floor" => format!("Raise the price of {list}: it sells below break-even"),
            "stockout" => format!("Reorder {list} before stock runs out"),
            "inactive_listing" => {
                format!("Reactivate the listings of {list}: in stock but not for sale")
            }
            "sales_drop" => format!("Find out why sales of {list} dropped"),
            "margin_below_target" => {
                format!("Check costs, fees and discounts of {list}: margin under target")
            }
            _ => format!("Compare prices of {list} with the cheaper competitors"),
        };
        let why = format!(
            "{total} finding(s); e.g. {}: {first}",
            skus.first().cloned().unwrap_or_default()
        );
        priorities.push(Priority {
            action: action.chars().take(200).collect(),
            why: why.chars().take(300).collect(),
            skus: skus.into_iter().take(10).collect(),
        });
    }
    let waiting: i64 = facts["drafts_waiting"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["count"].as_i64()).sum())
        .unwrap_or(0);
    if waiting > 0 && priorities.len() < 5 {
        priorities.push(Priority {
            action: format!("Review the {waiting} waiting drafts: run `sellkit review`"),
            why: "nothing is posted until you approve it".into(),
            skus: Vec::new(),
        });
    }
    if priorities.is_empty() {
        priorities.push(Priority {
            action: "Nothing urgent: keep listings and stock as they are".into(),
            why: "no risk findings and no drafts waiting".into(),
            skus: Vec::new(),
        });
    }
    let high: i64 = counts
        .as_object()
        .map(|m| {
            m.values()
                .filter_map(|c| c.get("high").and_then(Value::as_i64))
                .sum()
        })
        .unwrap_or(0);
    let change = facts["sales"]["units_change_bp"].as_i64();
    let mut headline = match high {
        0 => "No high-risk findings".to_string(),
        1 => "1 high-risk finding".to_string(),
        n => format!("{n} high-risk findings"),
    };
    if let Some(c) = change {
        headline.push_str(&format!(
            "; units sold {:+.1}% on the previous 28 days",
            c as f64 / 100.0
        ));
    }
    Brief {
        headline: headline.chars().take(160).collect(),
        priorities,
        confidence_bp: 7000,
    }
}
