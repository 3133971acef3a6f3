//! The built-in offline provider: rules and templates over the trusted facts, no network.
//! It is the default when `llm.base_url` is not set, and the fallback when `llm.fallback =
//! "offline"`. Its answers go through the same parse-and-validate path as a model's.

use serde_json::Value;

use super::Agent;
use super::provider::{BoxFuture, ChatRequest, Provider, ProviderError, Reply};

/// Rules and templates; see each agent's `offline_answer`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineProvider;

impl OfflineProvider {
    /// The answer's JSON text for an agent's facts.
    pub fn answer(&self, agent: Agent, facts: &Value) -> Result<String, ProviderError> {
        let value = match agent {
            Agent::ListingWriter => serde_json::to_value(super::writer::offline_answer(facts)),
            Agent::PricingAnalyst => serde_json::to_value(super::pricing::offline_answer(facts)),
            Agent::Strategist => serde_json::to_value(super::strategist::offline_answer(facts)),
            Agent::RiskSentinel => return Err(ProviderError::NoRules(agent.name().into())),
        };
        value
            .map(|v| v.to_string())
            .map_err(|e| ProviderError::NoRules(format!("{}: {e}", agent.name())))
    }
}

fn agent_of(name: &str) -> Option<Agent> {
    [
        Agent::ListingWriter,
        Agent::PricingAnalyst,
        Agent::RiskSentinel,
        Agent::Strategist,
    ]
    .into_iter()
    .find(|a| a.name() == name)
}

impl Provider for OfflineProvider {
    fn name(&self) -> &'static str {
        "offline"
    }
    fn model(&self) -> &str {
        "rules-v1"
    }
    fn is_remote(&self) -> bool {
        false
    }
    fn complete<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<Reply, ProviderError>> {
        let result = agent_of(request.agent)
            .ok_or_else(|| ProviderError::NoRules(request.agent.to_string()))
            .and_then(|a| self.answer(a, &request.facts))
            .map(|text| Reply {
                content: Some(text),
                refusal: None,
                truncated: false,
                tokens_in: 0,
                tokens_out: 0,
            });
        Box::pin(std::future::ready(result))
    }
}
