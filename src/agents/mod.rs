//! Agents: they read the store, ask a provider for a structured answer, validate it, and write
//! drafts or findings. An agent never approves or posts anything (DESIGN §6, §9).
//!
//! - [`writer`]: listing copy (title, description, tags, bullets) within each marketplace's limits;
//! - [`pricing`]: ranks and explains the candidate prices the pricing engine computed;
//! - [`risk`]: loss prevention findings with severity and the numbers behind them;
//! - [`strategist`]: one short prioritised brief.
//!
//! Providers ([`provider`]): any OpenAI-compatible endpoint, or the built-in [`offline`] rules
//! (the default when `llm.base_url` is not set). Every answer is parsed into the agent's typed
//! schema and validated; an invalid answer is retried once with the problems listed, then
//! rejected. Remote answers that passed validation are cached by prompt hash; every call is
//! accounted in `agent_runs`.

pub mod brief;
pub mod offline;
pub mod pricing;
pub mod provider;
pub mod repricing;
pub mod risk;
pub mod strategist;
pub mod untrusted;
pub mod validate;
pub mod writer;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use crate::drafts::{canonical_json, sha256_hex};
use crate::env::EnvVars;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::settings::LlmConfig;
use crate::store::Store;
use offline::OfflineProvider;
use provider::{
    ChatRequest, Message, OpenAiProvider, OpenAiSettings, Provider, ProviderError, Reply,
    ResponseMode, Role,
};
use untrusted::Untrusted;

/// The agents, as recorded in `agent_runs.agent` and `drafts.agent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agent {
    ListingWriter,
    PricingAnalyst,
    RiskSentinel,
    Strategist,
}

impl Agent {
    pub fn name(self) -> &'static str {
        match self {
            Agent::ListingWriter => "listing_writer",
            Agent::PricingAnalyst => "pricing_analyst",
            Agent::RiskSentinel => "risk_sentinel",
            Agent::Strategist => "strategist",
        }
    }
}

/// The `[llm]` settings, validated.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    /// None: the offline provider.
    pub base_url: Option<String>,
    pub model: String,
    pub timeout: Duration,
    pub max_concurrency: usize,
    pub temperature: f32,
    pub max_tokens: u32,
    pub response_mode: ResponseMode,
    pub fallback_offline: bool,
    /// USD per million tokens = micro-USD per token.
    pub cost_input_per_mtok: f64,
    pub cost_output_per_mtok: f64,
}

impl LlmSettings {
    /// From the `[llm]` config; a base URL that is not http(s) is a config error.
    pub fn from_config(c: &LlmConfig) -> Result<LlmSettings> {
        let base_url = c.base_url.get();
        if let Some(url) = &base_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(Error::config(format!(
                "llm.base_url {url:?} is not an http(s) URL: set it like https://api.openai.com/v1 or http://localhost:11434/v1"
            )));
        }
        Ok(LlmSettings {
            base_url,
            model: c.model.get(),
            timeout: Duration::from_secs(c.timeout_secs.max(1) as u64),
            max_concurrency: c.max_concurrency.max(1) as usize,
            temperature: *c.temperature as f32,
            max_tokens: c.max_tokens.max(1) as u32,
            response_mode: match c.response_format.as_str() {
                "json_object" => ResponseMode::JsonObject,
                "instruction" => ResponseMode::Instruction,
                _ => ResponseMode::JsonSchema,
            },
            fallback_offline: c.fallback.as_str() == "offline",
            cost_input_per_mtok: *c.cost_input_per_mtok,
            cost_output_per_mtok: *c.cost_output_per_mtok,
        })
    }

    /// The settings with no endpoint: the offline provider.
    pub fn offline() -> LlmSettings {
        LlmSettings {
            base_url: None,
            model: "gpt-4o-mini".into(),
            timeout: Duration::from_secs(60),
            max_concurrency: 4,
            temperature: 0.2,
            max_tokens: 1200,
            response_mode: ResponseMode::JsonSchema,
            fallback_offline: false,
            cost_input_per_mtok: 0.0,
            cost_output_per_mtok: 0.0,
        }
    }
}

/// Parses and validates a raw answer: the validated answer as JSON, or the problems found.
pub type Check = Arc<dyn Fn(&str) -> std::result::Result<Value, Vec<String>> + Send + Sync>;

/// One question for an agent.
pub struct Task {
    pub agent: Agent,
    /// What it is about, e.g. `MUG-00001 etsy` (for messages and `agent_runs.subject`).
    pub subject: String,
    /// The agent's job, the first part of the system prompt.
    pub instructions: &'static str,
    /// Trusted facts from the seller's own store.
    pub facts: Value,
    /// Third-party text, delimited and sanitized in the prompt.
    pub untrusted: Vec<Untrusted>,
    pub schema_name: &'static str,
    pub schema: Value,
    pub check: Check,
}

impl Task {
    /// The chat messages sent to a remote provider.
    pub fn messages(&self) -> Vec<Message> {
        let schema = serde_json::to_string(&self.schema).unwrap_or_default();
        let system = format!(
            "{}\n\nThe answer must be one JSON object matching this JSON Schema (named {}):\n{}\n\n{}",
            self.instructions,
            self.schema_name,
            schema,
            untrusted::RULES
        );
        let facts = serde_json::to_string_pretty(&self.facts).unwrap_or_default();
        let mut user = format!("Facts from the seller's own store (trusted):\n{facts}\n");
        let block = untrusted::block(&self.untrusted);
        if !block.is_empty() {
            user.push('\n');
            user.push_str(&block);
        }
        vec![
            Message {
                role: Role::System,
                content: system,
            },
            Message {
                role: Role::User,
                content: user,
            },
        ]
    }

    fn request(&self) -> ChatRequest {
        ChatRequest {
            agent: self.agent.name(),
            schema_name: self.schema_name,
            schema: self.schema.clone(),
            messages: self.messages(),
            facts: self.facts.clone(),
        }
    }
}

/// A validated answer and where it came from.
#[derive(Debug, Clone)]
pub struct Answer {
    pub value: Value,
    pub provider: &'static str,
    pub model: String,
    pub cache_hit: bool,
}

/// Why a task has no answer.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The answer broke the schema or the rules twice.
    Rejected { problems: Vec<String> },
    /// The provider gave no answer.
    Provider(ProviderError),
}

impl Failure {
    /// The one-line error for this failure, exit code 4 (an LLM API failed).
    pub fn to_error(&self, agent: Agent, subject: &str) -> Error {
        match self {
            Failure::Rejected { problems } => Error::api(format!(
                "{} answer for {subject} rejected after one retry: {}; nothing was stored (try another llm.model, or unset llm.base_url for the offline provider)",
                agent.name(),
                problems.join("; ")
            )),
            Failure::Provider(e) => Error::api(format!("{e}: {}", e.hint())),
        }
    }
}

pub type Outcome = std::result::Result<Answer, Failure>;

/// One `agent_runs` row.
#[derive(Debug, Clone)]
struct RunRow {
    agent: &'static str,
    provider: &'static str,
    model: String,
    prompt_hash: String,
    subject: String,
    tokens_in: u32,
    tokens_out: u32,
    latency_ms: u64,
    cache_hit: bool,
    attempts: u32,
    outcome: &'static str,
    error: Option<String>,
    /// The validated answer, cached when it came from a remote provider.
    cache: Option<Value>,
}

/// Runs agent tasks through a provider, with validation, retry, cache, fallback and accounting.
pub struct Runner {
    provider: Arc<dyn Provider>,
    offline: Arc<OfflineProvider>,
    settings: LlmSettings,
    rt: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("provider", &self.provider.name())
            .field("model", &self.provider.model())
            .finish_non_exhaustive()
    }
}

impl Runner {
    /// The provider the settings ask for: OpenAI-compatible when `llm.base_url` is set, else offline.
    pub fn new(settings: LlmSettings, env: &EnvVars) -> Result<Runner> {
        let provider: Arc<dyn Provider> = match &settings.base_url {
            Some(url) => Arc::new(OpenAiProvider::new(
                OpenAiSettings {
                    base_url: url.clone(),
                    model: settings.model.clone(),
                    timeout: settings.timeout,
                    temperature: settings.temperature,
                    max_tokens: settings.max_tokens,
                    response_mode: settings.response_mode,
                },
                env.llm_api_key.as_ref(),
            )?),
            None => Arc::new(OfflineProvider),
        };
        Runner::with_provider(provider, settings)
    }

    /// The offline provider only.
    pub fn offline() -> Runner {
        Runner {
            provider: Arc::new(OfflineProvider),
            offline: Arc::new(OfflineProvider),
            settings: LlmSettings::offline(),
            rt: None,
        }
    }

    /// Any provider (tests use this with a mock).
    pub fn with_provider(provider: Arc<dyn Provider>, settings: LlmSettings) -> Result<Runner> {
        let rt = if provider.is_remote() {
            Some(
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| {
                        Error::Other(anyhow::anyhow!("cannot start the async runtime: {e}"))
                    })?,
            )
        } else {
            None
        };
        Ok(Runner {
            provider,
            offline: Arc::new(OfflineProvider),
            settings,
            rt,
        })
    }

    pub fn provider_name(&self) -> &'static str {
        self.provider.name()
    }

    pub fn model(&self) -> &str {
        self.provider.model()
    }

    /// Runs the tasks and records one `agent_runs` row each (and caches valid remote answers),
    /// in one transaction. Outcomes come back in task order.
    pub fn run(
        &self,
        store: &mut Store,
        now: &str,
        tasks: &[Task],
        progress: &dyn Progress,
    ) -> Result<Vec<Outcome>> {
        progress.start(tasks.len() as u64, "agents");
        let (results, extra): Ran = if self.provider.is_remote() {
            self.run_remote(store, tasks, progress)?
        } else {
            let r = tasks
                .par_iter()
                .map(|t| {
                    let r = run_offline(&self.offline, t, "ok");
                    progress.inc(1);
                    r
                })
                .collect();
            (r, Vec::new())
        };
        progress.finish();
        let cost_in = self.settings.cost_input_per_mtok;
        let cost_out = self.settings.cost_output_per_mtok;
        store.write(|tx| {
            let mut run = tx.prepare(
                "INSERT INTO agent_runs (agent, provider, model, prompt_hash, tokens_in, tokens_out, latency_ms, cost_micros, cache_hit, outcome, started_at, subject, attempts, error)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?;
            let mut cache = tx.prepare(
                "INSERT INTO llm_cache (prompt_hash, agent, provider, model, response, tokens_in, tokens_out, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (prompt_hash) DO UPDATE SET response = excluded.response, created_at = excluded.created_at",
            )?;
            for row in results.iter().map(|(_, row)| row).chain(extra.iter()) {
                let cost = if row.cache_hit {
                    0
                } else {
                    (f64::from(row.tokens_in) * cost_in + f64::from(row.tokens_out) * cost_out).round() as i64
                };
                run.execute(params![
                    row.agent,
                    row.provider,
                    row.model,
                    row.prompt_hash,
                    row.tokens_in,
                    row.tokens_out,
                    row.latency_ms as i64,
                    cost,
                    row.cache_hit,
                    row.outcome,
                    now,
                    row.subject,
                    row.attempts,
                    row.error
                ])?;
                if let Some(v) = &row.cache {
                    cache.execute(params![
                        row.prompt_hash,
                        row.agent,
                        row.provider,
                        row.model,
                        canonical_json(v),
                        row.tokens_in,
                        row.tokens_out,
                        now
                    ])?;
                }
            }
            Ok(())
        })?;
        Ok(results.into_iter().map(|(o, _)| o).collect())
    }

    fn prompt_hash(&self, request: &ChatRequest) -> String {
        let s = &self.settings;
        let key = json!({
            "provider": self.provider.name(),
            "base_url": s.base_url,
            "model": self.provider.model(),
            "temperature": s.temperature.to_string(),
            "max_tokens": s.max_tokens,
            "response_mode": format!("{:?}", s.response_mode),
            "schema_name": request.schema_name,
            "messages": request.messages,
        });
        sha256_hex(canonical_json(&key).as_bytes())
    }

    fn run_remote(&self, store: &Store, tasks: &[Task], progress: &dyn Progress) -> Result<Ran> {
        let requests: Vec<ChatRequest> = tasks.iter().map(Task::request).collect();
        let hashes: Vec<String> = requests.iter().map(|r| self.prompt_hash(r)).collect();
        let mut results: Vec<Option<(Outcome, RunRow)>> = (0..tasks.len()).map(|_| None).collect();
        // Identical prompts already answered (and validated) are served from the cache; the
        // cached answer is validated again, so a rule that got stricter still applies.
        {
            let mut stmt = store
                .conn()
                .prepare("SELECT response FROM llm_cache WHERE prompt_hash = ?1")?;
            for (i, task) in tasks.iter().enumerate() {
                let cached: Option<String> =
                    stmt.query_row([&hashes[i]], |r| r.get(0)).optional()?;
                if let Some(value) = cached.and_then(|text| (task.check)(&text).ok()) {
                    let row = RunRow {
                        agent: task.agent.name(),
                        provider: self.provider.name(),
                        model: self.provider.model().to_string(),
                        prompt_hash: hashes[i].clone(),
                        subject: task.subject.clone(),
                        tokens_in: 0,
                        tokens_out: 0,
                        latency_ms: 0,
                        cache_hit: true,
                        attempts: 0,
                        outcome: "ok",
                        error: None,
                        cache: None,
                    };
                    results[i] = Some((
                        Ok(Answer {
                            value,
                            provider: self.provider.name(),
                            model: self.provider.model().to_string(),
                            cache_hit: true,
                        }),
                        row,
                    ));
                    progress.inc(1);
                }
            }
        }
        let mut extra = Vec::new();
        let pending: Vec<usize> = (0..tasks.len()).filter(|i| results[*i].is_none()).collect();
        let rt = self
            .rt
            .as_ref()
            .ok_or_else(|| Error::Other(anyhow::anyhow!("remote provider without a runtime")))?;
        let semaphore = Arc::new(tokio::sync::Semaphore::new(self.settings.max_concurrency));
        // After an outage (unreachable, timeout, 429 or 5xx after the client's retries), the
        // tasks not yet sent are not sent: they would only wait for the same failure.
        let outage: Arc<std::sync::Mutex<Option<ProviderError>>> = Arc::default();
        let answers: HashMap<usize, Attempted> = rt.block_on(async {
            let mut set = tokio::task::JoinSet::new();
            for &i in &pending {
                let provider = Arc::clone(&self.provider);
                let request = requests[i].clone();
                let check = Arc::clone(&tasks[i].check);
                let semaphore = Arc::clone(&semaphore);
                let outage = Arc::clone(&outage);
                set.spawn(async move {
                    let _permit = semaphore.acquire_owned().await.ok();
                    let earlier = outage.lock().ok().and_then(|o| o.clone());
                    if let Some(e) = earlier {
                        return (i, Attempted::skipped(e));
                    }
                    let a = ask(provider.as_ref(), request, check).await;
                    if let Err(Failure::Provider(e)) = &a.result
                        && e.is_outage()
                        && let Ok(mut o) = outage.lock()
                    {
                        o.get_or_insert_with(|| e.clone());
                    }
                    (i, a)
                });
            }
            let mut out = HashMap::new();
            while let Some(joined) = set.join_next().await {
                if let Ok((i, a)) = joined {
                    out.insert(i, a);
                }
                progress.inc(1);
            }
            out
        });
        for i in pending {
            let task = &tasks[i];
            let attempted = answers.get(&i).cloned().unwrap_or(Attempted {
                result: Err(Failure::Rejected {
                    problems: vec!["the request task stopped unexpectedly".into()],
                }),
                tokens_in: 0,
                tokens_out: 0,
                latency_ms: 0,
                attempts: 0,
            });
            let base = RunRow {
                agent: task.agent.name(),
                provider: self.provider.name(),
                model: self.provider.model().to_string(),
                prompt_hash: hashes[i].clone(),
                subject: task.subject.clone(),
                tokens_in: attempted.tokens_in,
                tokens_out: attempted.tokens_out,
                latency_ms: attempted.latency_ms,
                cache_hit: false,
                attempts: attempted.attempts,
                outcome: "ok",
                error: None,
                cache: None,
            };
            let entry = match attempted.result {
                Ok(value) => (
                    Ok(Answer {
                        value: value.clone(),
                        provider: self.provider.name(),
                        model: self.provider.model().to_string(),
                        cache_hit: false,
                    }),
                    RunRow {
                        outcome: if attempted.attempts > 1 {
                            "retried_ok"
                        } else {
                            "ok"
                        },
                        cache: Some(value),
                        ..base
                    },
                ),
                Err(Failure::Provider(e)) if e.is_outage() && self.settings.fallback_offline => {
                    // The remote run is recorded as failed; the offline answer gets its own row.
                    let failed = RunRow {
                        outcome: "failed",
                        error: Some(e.to_string()),
                        ..base
                    };
                    extra.push(failed);
                    results[i] = Some(run_offline(&self.offline, task, "fallback"));
                    continue;
                }
                Err(failure) => {
                    let (outcome, error) = match &failure {
                        Failure::Rejected { problems } => ("rejected", problems.join("; ")),
                        Failure::Provider(e) if attempted.attempts == 0 => {
                            ("skipped", e.to_string())
                        }
                        Failure::Provider(e) => ("failed", e.to_string()),
                    };
                    (
                        Err(failure),
                        RunRow {
                            outcome,
                            error: Some(error),
                            ..base
                        },
                    )
                }
            };
            results[i] = Some(entry);
        }
        Ok((results.into_iter().flatten().collect(), extra))
    }
}

/// Outcomes with their `agent_runs` rows, in task order, and extra accounting-only rows
/// (remote attempts that failed before an offline fallback).
type Ran = (Vec<(Outcome, RunRow)>, Vec<RunRow>);

/// The result of asking a provider, with its accounting.
#[derive(Debug, Clone)]
struct Attempted {
    result: std::result::Result<Value, Failure>,
    tokens_in: u32,
    tokens_out: u32,
    latency_ms: u64,
    attempts: u32,
}

impl Attempted {
    /// Not sent, because of an earlier outage.
    fn skipped(e: ProviderError) -> Attempted {
        Attempted {
            result: Err(Failure::Provider(e)),
            tokens_in: 0,
            tokens_out: 0,
            latency_ms: 0,
            attempts: 0,
        }
    }
}

/// Checks one reply: refusals, cut-off answers and schema or rule violations are problems.
fn check_reply(reply: &Reply, check: &Check) -> std::result::Result<Value, Vec<String>> {
    if let Some(r) = &reply.refusal {
        return Err(vec![format!(
            "the model refused: {}",
            crate::output::sanitize::one_line(r)
        )]);
    }
    if reply.truncated {
        return Err(vec![
            "the answer was cut off at the token limit (llm.max_tokens)".into(),
        ]);
    }
    match &reply.content {
        None => Err(vec!["the answer has no content".into()]),
        Some(text) => check(text),
    }
}

/// Asks once; if the answer is invalid, asks again with the problems; then gives up.
async fn ask(provider: &dyn Provider, mut request: ChatRequest, check: Check) -> Attempted {
    let started = Instant::now();
    let mut a = Attempted {
        result: Err(Failure::Rejected {
            problems: Vec::new(),
        }),
        tokens_in: 0,
        tokens_out: 0,
        latency_ms: 0,
        attempts: 0,
    };
    for round in 0..2 {
        a.attempts += 1;
        let reply = match provider.complete(&request).await {
            Ok(r) => r,
            Err(e) => {
                a.result = Err(Failure::Provider(e));
                break;
            }
        };
        a.tokens_in += reply.tokens_in;
        a.tokens_out += reply.tokens_out;
        match check_reply(&reply, &check) {
            Ok(v) => {
                a.result = Ok(v);
                break;
            }
            Err(problems) => {
                if round == 0 {
                    request.messages.push(Message {
                        role: Role::Assistant,
                        content: reply
                            .content
                            .clone()
                            .unwrap_or_else(|| reply.refusal.clone().unwrap_or_default()),
                    });
                    request.messages.push(Message {
                        role: Role::User,
                        content: format!(
                            "Your answer was rejected: {}. Answer again with one JSON object matching the schema {}, fixing every problem listed.",
                            problems.join("; "),
                            request.schema_name
                        ),
                    });
                }
                a.result = Err(Failure::Rejected { problems });
            }
        }
    }
    a.latency_ms = started.elapsed().as_millis() as u64;
    a
}

fn run_offline(offline: &OfflineProvider, task: &Task, outcome: &'static str) -> (Outcome, RunRow) {
    let started = Instant::now();
    let prompt_hash = sha256_hex(canonical_json(&task.facts).as_bytes());
    let result = offline
        .answer(task.agent, &task.facts)
        .map_err(Failure::Provider)
        .and_then(|text| (task.check)(&text).map_err(|problems| Failure::Rejected { problems }));
    let row = RunRow {
        agent: task.agent.name(),
        provider: offline.name(),
        model: offline.model().to_string(),
        prompt_hash,
        subject: task.subject.clone(),
        tokens_in: 0,
        tokens_out: 0,
        latency_ms: started.elapsed().as_millis() as u64,
        cache_hit: false,
        attempts: 1,
        outcome: if result.is_ok() { outcome } else { "rejected" },
        error: match &result {
            Err(Failure::Rejected { problems }) => Some(problems.join("; ")),
            Err(Failure::Provider(e)) => Some(e.to_string()),
            Ok(_) => None,
        },
        cache: None,
    };
    let outcome = result.map(|value| Answer {
        value,
        provider: offline.name(),
        model: offline.model().to_string(),
        cache_hit: false,
    });
    (outcome, row)
}

/// Parses an answer's JSON into the agent's typed schema: unknown fields, missing fields and
/// wrong types are problems. A ```json fence around the object (some local models add one) is
/// tolerated; nothing else is.
pub fn parse_typed<T: serde::de::DeserializeOwned>(
    text: &str,
) -> std::result::Result<T, Vec<String>> {
    let t = text.trim();
    let t = t
        .strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(t)
        .trim();
    serde_json::from_str::<T>(t).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "the answer is not valid JSON"
        } else {
            "the answer does not match the schema"
        };
        vec![format!("{what}: {e}")]
    })
}
