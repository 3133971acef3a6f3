//! `sellkit price suggest`: a price per listing, with reasons, written as drafts.

use serde_json::Value;

use crate::agents::repricing::{Engine, SuggestResult, suggest};
use crate::agents::{Agent, LlmSettings, Runner};
use crate::cli::Context;
use crate::error::Result;
use crate::fees::{Marketplace, Schedules};
use crate::forecast::demand::{Demand, NoForecast};
use crate::forecast::latest::LatestForecast;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};
use crate::pricing::policy::PolicySet;
use crate::pricing::stock::VELOCITY_DAYS;
use crate::pricing::suggest::Request;

/// Suggest prices for your listings, as drafts to review.
///
/// For each active listing: a floor (the lowest price that keeps pricing.min_margin_bp after
/// fees and unit cost) and a ceiling (pricing.max_change_bp above the current price); the
/// competitors' offers seen in the last pricing.offer_max_age_days (strategy pricing.strategy:
/// match_lowest, beat_lowest, median_band or featured; a competitor below your floor is not
/// followed); the stock position (raise when stock covers fewer than pricing.stockout_days,
/// lower when more than pricing.aging_days, from the latest `sellkit forecast` run or else the
/// last 28 days of sales); and the listing's own price elasticity when its history supports one.
///
/// The pricing analyst then ranks the candidate prices of each raise or lower (the engine's
/// pick, the current price, and what competitors or elasticity alone would give) and chooses
/// one, with an explanation and a confidence. It uses the built-in offline rules unless
/// llm.base_url points at an OpenAI-compatible endpoint; it can only choose a candidate, so the
/// price is never below the floor or above the ceiling. An invalid answer is retried once, then
/// that listing is skipped (exit 4 after the other drafts are written).
///
/// Every raise or lower becomes a pending price_change draft recording the analyst's rationale
/// and confidence (older pending price drafts of the listing are superseded; an identical one is
/// kept), for `sellkit review`. Nothing is posted.
/// Per-SKU and per-marketplace settings: [pricing.sku."SKU"] and [pricing.marketplace.NAME]
/// tables in the config file with the same keys.
///
/// Examples:
///   sellkit price suggest --dry-run
///   sellkit price suggest MUG-00001 CDL-00002
///   sellkit price suggest --marketplace amazon --json | jq '.suggestions[] | select(.action != "keep")'
#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    /// Only these SKUs [default: every active listing]
    #[arg(value_name = "SKU")]
    pub skus: Vec<String>,
    /// Only listings on this marketplace
    #[arg(long, value_enum)]
    pub marketplace: Option<Marketplace>,
    /// Show the suggestions without writing drafts
    #[arg(long)]
    pub dry_run: bool,
}

struct Suggested(SuggestResult);

impl Render for Suggested {
    fn document(&self) -> Value {
        to_json(&super::wire::SuggestDoc {
            schema_version: SCHEMA_VERSION,
            result: &self.0,
        })
    }
    fn records(&self) -> Vec<Value> {
        self.0.suggestions.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let r = &self.0;
        let rows: Vec<Vec<String>> = r
            .suggestions
            .iter()
            .filter(|s| s.action == "raise" || s.action == "lower")
            .map(|s| {
                vec![
                    sanitize::one_line(&s.sku),
                    s.marketplace.to_string(),
                    s.current_price.display(),
                    s.suggested_price.map_or("—".into(), |p| p.display()),
                    table::percent(s.change_bp),
                    s.floor.map_or("—".into(), |p| p.display()),
                    s.ceiling.map_or("—".into(), |p| p.display()),
                    table::percent(Some(
                        s.analyst
                            .as_ref()
                            .map_or(s.confidence_bp, |a| a.confidence_bp),
                    )),
                    match &s.draft {
                        Some(d) => match d.id {
                            Some(id) => format!("#{id} {}", d.status),
                            None => d.status.to_string(),
                        },
                        None => "—".into(),
                    },
                    sanitize::one_line(
                        &s.analyst
                            .as_ref()
                            .map_or_else(|| s.reasons.join("; "), |a| a.explanation.clone()),
                    ),
                ]
            })
            .collect();
        let sum = &r.summary;
        let mut note = format!(
            "{} listings: {} raise, {} lower, {} keep, {} skipped.",
            sum.listings, sum.raise, sum.lower, sum.keep, sum.skip
        );
        if r.dry_run {
            note.push_str(" Dry run: no drafts written.");
        } else {
            note.push_str(&format!(
                " Drafts: {} created, {} unchanged, {} superseded.",
                sum.drafts_created, sum.drafts_unchanged, sum.drafts_superseded
            ));
        }
        note.push_str(" --json for every listing, its candidates and the engine's reasons.");
        vec![Titled {
            title: Some(format!("Price suggestions as of {}", r.as_of)),
            table: table::build(
                opts,
                &[
                    ("sku", Align::Left),
                    ("marketplace", Align::Left),
                    ("current", Align::Right),
                    ("suggested", Align::Right),
                    ("change", Align::Right),
                    ("floor", Align::Right),
                    ("ceiling", Align::Right),
                    ("confidence", Align::Right),
                    ("draft", Align::Left),
                    ("why", Align::Left),
                ],
                rows,
            ),
            note: Some(note),
        }]
    }
}

pub fn run(ctx: &Context, args: SuggestArgs) -> Result<()> {
    let policies = PolicySet::from_config(&ctx.config.pricing, &ctx.config.overrides)?;
    let history_days = *ctx.config.pricing.history_days;
    let llm = LlmSettings::from_config(&ctx.config.llm)?;
    let runner = Runner::new(llm, &ctx.env_with_llm_key()?)?;
    let mut store = ctx.open_store()?;
    let req = Request {
        skus: args.skus,
        marketplace: args.marketplace,
        today: ctx.today(),
        history_days,
    };
    let bar = ctx.out.progress();
    let now = crate::time::rfc3339(ctx.now);
    // Demand from the latest forecast run over the next 28 days; without one, the last 28 days
    // of sales.
    let latest = LatestForecast::load(store.conn(), ctx.today(), VELOCITY_DAYS)?;
    let forecast: &dyn Demand = match &latest {
        Some(f) => f,
        None => &NoForecast,
    };
    let result = suggest(
        &mut store,
        &Engine {
            schedules: Schedules::embedded(),
            policies: &policies,
            demand: forecast,
            runner: &runner,
        },
        &req,
        &now,
        args.dry_run,
        &bar,
    )?;
    drop(bar);
    // The analyst's valid answers are kept (drafts, or shown in a dry run) even when others
    // were rejected; only a run with no valid answer at all fails.
    if let Some(err) = ctx.agent_failures(
        Agent::PricingAnalyst,
        &result.analyst_failures,
        result.summary.analyst_valid,
    ) {
        return Err(err);
    }
    let s = &result.summary;
    if !args.dry_run {
        let waiting = crate::drafts::pending_total(store.conn())?;
        ctx.out.status(&format!(
            "{} price drafts created, {} unchanged, {} superseded. {waiting} drafts are waiting: run `sellkit review`.",
            s.drafts_created, s.drafts_unchanged, s.drafts_superseded
        ));
    }
    ctx.out.print(&Suggested(result))
}
