//! The morning brief: the risk sentinel's findings, the strategist's priorities over them, the
//! drafts waiting for review and the last 28 days of sales against the 28 before.

use jiff::civil::Date;
use rusqlite::params;
use serde::Serialize;
use serde_json::{Value, json};

use super::risk::{self, Finding, Thresholds};
use super::strategist::{self, Brief};
use super::{Agent, Runner};
use crate::drafts;
use crate::error::Result;
use crate::forecast::demand::Demand;
use crate::money::basis_points;
use crate::progress::Progress;
use crate::store::Store;
use crate::time::start_of_day;

/// Units and orders in two 28-day windows ending yesterday.
#[derive(Debug, Clone, Serialize)]
pub struct SalesPulse {
    pub since: String,
    pub until: String,
    pub units: i64,
    pub units_previous: i64,
    pub units_change_bp: Option<i64>,
    pub orders: i64,
    pub orders_previous: i64,
}

/// Everything `report brief` shows.
#[derive(Debug, Clone, Serialize)]
pub struct MorningBrief {
    pub brief: Brief,
    pub brief_provider: &'static str,
    pub brief_model: String,
    pub findings: Vec<Finding>,
    pub drafts_waiting: Vec<(String, i64)>,
    pub drafts_waiting_total: i64,
    pub sales: SalesPulse,
}

fn pulse(store: &Store, today: Date) -> Result<SalesPulse> {
    let d = |n: i64| {
        today
            .checked_sub(jiff::Span::new().days(n))
            .unwrap_or(today)
    };
    let (a, b, c) = (d(56), d(28), today);
    let q = |from: Date, to: Date| -> Result<(i64, i64)> {
        Ok(store.conn().query_row(
            "SELECT COALESCE(SUM(ol.quantity), 0), COUNT(DISTINCT o.id) FROM order_lines ol JOIN orders o ON o.id = ol.order_id
             WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status NOT IN ('cancelled', 'refunded')",
            params![start_of_day(from), start_of_day(to)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    };
    let (units_previous, orders_previous) = q(a, b)?;
    let (units, orders) = q(b, c)?;
    Ok(SalesPulse {
        since: b.to_string(),
        until: d(1).to_string(),
        units,
        units_previous,
        units_change_bp: basis_points(units - units_previous, units_previous),
        orders,
        orders_previous,
    })
}

/// Runs the risk sentinel and the strategist. The strategist's answer is validated like every
/// agent's; a rejected or failed answer is an error (exit 4) unless `llm.fallback = "offline"`.
pub fn morning_brief(
    store: &mut Store,
    runner: &Runner,
    today: Date,
    now: &str,
    thresholds: &Thresholds,
    hook: Option<&dyn Demand>,
    progress: &dyn Progress,
) -> Result<MorningBrief> {
    let started = std::time::Instant::now();
    let findings = risk::scan(store, today, thresholds, hook)?;
    let elapsed = started.elapsed().as_millis() as i64;
    let summary = json!({"findings": findings.len(), "today": today.to_string()});
    store.write(|tx| {
        tx.execute(
            "INSERT INTO agent_runs (agent, provider, model, prompt_hash, latency_ms, outcome, started_at, subject, attempts)
             VALUES (?1, 'rules', 'risk-v1', ?2, ?3, 'ok', ?4, ?5, 1)",
            params![
                Agent::RiskSentinel.name(),
                drafts::sha256_hex(summary.to_string().as_bytes()),
                elapsed,
                now,
                format!("{} findings", findings.len())
            ],
        )?;
        Ok(())
    })?;
    let drafts_waiting = drafts::pending_counts(store.conn())?;
    let drafts_waiting_total = drafts_waiting.iter().map(|(_, n)| n).sum();
    let sales = pulse(store, today)?;
    let facts = strategist::facts(
        &findings,
        &drafts_waiting,
        &serde_json::to_value(&sales).unwrap_or(Value::Null),
    );
    let task = strategist::task(facts);
    let outcome = runner
        .run(store, now, std::slice::from_ref(&task), progress)?
        .into_iter()
        .next()
        .ok_or_else(|| crate::Error::Other(anyhow::anyhow!("no outcome for the brief")))?;
    let answer = outcome.map_err(|f| f.to_error(Agent::Strategist, "the brief"))?;
    let brief: Brief = serde_json::from_value(answer.value)
        .map_err(|e| crate::Error::Other(anyhow::anyhow!("validated brief: {e}")))?;
    Ok(MorningBrief {
        brief,
        brief_provider: answer.provider,
        brief_model: answer.model,
        findings,
        drafts_waiting,
        drafts_waiting_total,
        sales,
    })
}
