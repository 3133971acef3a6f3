//! `sellkit agents`: run the agents that write drafts for review.

use crate::agents::writer::{self, Scope, WriteReport};
use crate::agents::{Agent, LlmSettings, Runner};
use crate::cli::Context;
use crate::drafts;
use crate::error::Result;
use crate::output::{Align, Render, SCHEMA_VERSION, TableOpts, Titled, sanitize, table, to_json};

/// Run sellkit's agents. They only write drafts: nothing is posted until you approve it in
/// `sellkit review`.
///
/// Agents use the built-in offline provider (rules and templates, no network) unless
/// `llm.base_url` points at an OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp server,
/// vLLM); the API key comes from SELLKIT_LLM_API_KEY or `sellkit auth login llm`. Every answer is validated against the
/// marketplace's limits; an invalid one is retried once, then rejected (exit 4).
///
/// Examples:
///   sellkit agents write --all
///   sellkit agents write --sku MUG-00001 --new
///   sellkit agents write --all --marketplace etsy --dry-run --json
///   sellkit config set llm.base_url http://localhost:11434/v1 && sellkit config set llm.model llama3.1
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: AgentsCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum AgentsCommand {
    /// Listing writer: titles, descriptions, tags and bullets as listing drafts
    ///
    /// One draft per marketplace: an update of each live listing whose copy the writer can
    /// improve (with its SEO reasons), and with --new a new listing on each marketplace where
    /// you have a shop but the SKU is not listed. A draft identical to one already waiting is
    /// not queued twice; an older waiting draft for the same listing is superseded.
    ///
    /// Examples:
    ///   sellkit agents write --all
    ///   sellkit agents write --sku MUG-00001 --sku CDL-00002 --new
    ///   sellkit agents write --all --marketplace ebay --dry-run
    Write(WriteArgs),
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["sku", "all"])))]
pub struct WriteArgs {
    /// This SKU (repeatable)
    #[arg(long, value_name = "SKU")]
    pub sku: Vec<String>,
    /// Every product in the store
    #[arg(long)]
    pub all: bool,
    /// Only this marketplace (repeatable)
    #[arg(long, value_name = "MARKETPLACE", value_parser = ["etsy", "shopify", "amazon", "ebay"])]
    pub marketplace: Vec<String>,
    /// Also draft new listings on marketplaces where the SKU is not listed yet
    #[arg(long)]
    pub new: bool,
    /// Show the drafts without queuing them (agent runs are still recorded)
    #[arg(long)]
    pub dry_run: bool,
}

struct Written {
    report: WriteReport,
    provider: &'static str,
    model: String,
    dry_run: bool,
    pending: i64,
}

impl Render for Written {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::WriteDoc {
            schema_version: SCHEMA_VERSION,
            agent: Agent::ListingWriter.name(),
            provider: self.provider,
            model: &self.model,
            dry_run: self.dry_run,
            drafts: &self.report.drafts,
            unchanged: self.report.unchanged,
            answers_valid: self.report.drafts.len() + self.report.unchanged,
            answers_rejected: self.report.failures.len(),
            drafts_waiting: self.pending,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.report.drafts.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let rows = self
            .report
            .drafts
            .iter()
            .map(|d| {
                vec![
                    d.draft_id
                        .map(|i| i.to_string())
                        .unwrap_or_else(|| "-".into()),
                    d.status.to_string(),
                    d.kind.as_str().to_string(),
                    d.marketplace.clone(),
                    d.sku.clone(),
                    sanitize::one_line(&d.title),
                    table::percent(Some(d.confidence_bp)),
                ]
            })
            .collect();
        vec![Titled {
            title: Some(format!(
                "Listing drafts by {} ({} {})",
                Agent::ListingWriter.name(),
                self.provider,
                self.model
            )),
            table: table::build(
                opts,
                &[
                    ("draft", Align::Right),
                    ("status", Align::Left),
                    ("kind", Align::Left),
                    ("marketplace", Align::Left),
                    ("sku", Align::Left),
                    ("title", Align::Left),
                    ("confidence", Align::Right),
                ],
                rows,
            ),
            note: (self.report.unchanged > 0).then(|| {
                format!(
                    "{} listing(s) already match the writer's copy.",
                    self.report.unchanged
                )
            }),
        }]
    }
}

pub fn run(ctx: &Context, args: AgentsCommand) -> Result<()> {
    match args {
        AgentsCommand::Write(a) => run_write(ctx, a),
    }
}

fn run_write(ctx: &Context, args: WriteArgs) -> Result<()> {
    let settings = LlmSettings::from_config(&ctx.config.llm)?;
    let runner = Runner::new(settings, &ctx.env_with_llm_key()?)?;
    let mut store = ctx.open_store()?;
    let scope = Scope {
        skus: (!args.all).then(|| args.sku.clone()),
        marketplaces: args.marketplace.clone(),
        new_listings: args.new,
    };
    let now = crate::time::rfc3339(ctx.now);
    let bar = ctx.out.progress();
    let report = writer::write(
        &mut store,
        &runner,
        ctx.today(),
        &now,
        &scope,
        args.dry_run,
        &bar,
    )?;
    let pending = drafts::pending_total(store.conn())?;
    // Valid answers are kept (queued, or shown in a dry run) even when others failed; only a
    // run with no valid answer at all fails.
    let valid = report.drafts.len() + report.unchanged;
    if let Some(err) = ctx.agent_failures(Agent::ListingWriter, &report.failures, valid) {
        return Err(err);
    }
    let result = Written {
        report,
        provider: runner.provider_name(),
        model: runner.model().to_string(),
        dry_run: args.dry_run,
        pending,
    };
    ctx.out.print(&result)?;
    if args.dry_run {
        ctx.out.status(&format!(
            "dry run: {} draft(s) not queued",
            result.report.drafts.len()
        ));
    }
    ctx.out.status(&drafts::waiting_line(pending));
    Ok(())
}

/// What `sellkit agents write` prints in JSON, NDJSON and CSV.
mod wire {
    use serde::Serialize;

    use crate::agents::writer::WrittenDraft;

    /// The document `sellkit agents write --json` prints. NDJSON and CSV have one record per
    /// draft, each a [`WrittenDraft`] as it is in `drafts`.
    #[derive(Serialize)]
    pub struct WriteDoc<'a> {
        pub schema_version: u32,
        /// The agent that wrote the drafts (`listing_writer`).
        pub agent: &'static str,
        /// `offline`, or `openai` (any OpenAI-compatible endpoint).
        pub provider: &'static str,
        pub model: &'a str,
        pub dry_run: bool,
        pub drafts: &'a [WrittenDraft],
        /// Listings whose copy already matched the writer's: no draft.
        pub unchanged: usize,
        /// Answers that passed validation: `drafts` plus `unchanged`.
        pub answers_valid: usize,
        /// Answers rejected after their retry.
        pub answers_rejected: usize,
        /// Drafts waiting for review after this run, from every agent.
        pub drafts_waiting: i64,
    }
}
