//! Providers: where an agent's answer comes from. [`OpenAiProvider`] talks to any
//! OpenAI-compatible chat completions endpoint (OpenAI, Ollama, llama.cpp server, vLLM);
//! [`super::offline::OfflineProvider`] answers from rules and templates with no network.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::types::chat::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageContent,
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage,
    ChatCompletionRequestSystemMessageContent, ChatCompletionRequestUserMessage,
    ChatCompletionRequestUserMessageContent, CreateChatCompletionRequest, FinishReason,
    ResponseFormat, ResponseFormatJsonSchema,
};
use serde_json::Value;

use crate::env::ApiKey;

/// Who says a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

/// One chat message.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

/// How the answer's shape is requested from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    /// `response_format: {"type": "json_schema", ...}` (OpenAI, Ollama ≥ 0.5, vLLM).
    JsonSchema,
    /// `response_format: {"type": "json_object"}` plus the schema in the instructions.
    JsonObject,
    /// No `response_format`: the schema is in the instructions only.
    Instruction,
}

/// A request to a provider.
#[derive(Debug, Clone)]
pub struct ChatRequest {
    /// The agent's name, e.g. `listing_writer`.
    pub agent: &'static str,
    /// The schema's name (a-z, 0-9, `_`).
    pub schema_name: &'static str,
    pub schema: Value,
    pub messages: Vec<Message>,
    /// The trusted facts the prompt was built from (the offline provider reads these).
    pub facts: Value,
}

/// What a provider answered.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The answer's text (JSON when the provider behaved), or None on a refusal.
    pub content: Option<String>,
    pub refusal: Option<String>,
    /// True when the answer stopped at the token limit (its JSON may be cut off).
    pub truncated: bool,
    pub tokens_in: u32,
    pub tokens_out: u32,
}

/// A provider failed to give any answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    #[error("the LLM endpoint {endpoint} is unreachable ({detail})")]
    Unreachable { endpoint: String, detail: String },
    #[error("the LLM endpoint {endpoint} did not answer within {seconds} s (llm.timeout)")]
    Timeout { endpoint: String, seconds: u64 },
    #[error("the LLM endpoint {endpoint} answered HTTP {status}: {message}")]
    Http {
        endpoint: String,
        status: u16,
        message: String,
    },
    #[error("the LLM endpoint {endpoint} sent something that is not a chat completion: {detail}")]
    Malformed { endpoint: String, detail: String },
    #[error("the offline provider has no rules for agent {0}")]
    NoRules(String),
}

impl ProviderError {
    /// Failures where the endpoint gave no usable answer at all: the ones `llm.fallback =
    /// "offline"` covers.
    pub fn is_outage(&self) -> bool {
        match self {
            ProviderError::Unreachable { .. } | ProviderError::Timeout { .. } => true,
            ProviderError::Http { status, .. } => *status == 429 || *status >= 500,
            ProviderError::Malformed { .. } | ProviderError::NoRules(_) => false,
        }
    }

    /// The fix to print after the message.
    pub fn hint(&self) -> &'static str {
        match self {
            ProviderError::Unreachable { .. } => {
                "start the server or fix llm.base_url, or set llm.fallback = \"offline\""
            }
            ProviderError::Timeout { .. } => {
                "raise llm.timeout, lower llm.max_concurrency, or set llm.fallback = \"offline\""
            }
            ProviderError::Http {
                status: 401 | 403, ..
            } => "check SELLKIT_LLM_API_KEY and llm.base_url",
            ProviderError::Http { status: 404, .. } => "check llm.model and llm.base_url",
            ProviderError::Http { status: 429, .. } => {
                "rate limited after retries: lower llm.max_concurrency, wait, or set llm.fallback = \"offline\""
            }
            ProviderError::Http { .. } => "try again later, or set llm.fallback = \"offline\"",
            ProviderError::Malformed { .. } => {
                "check that llm.base_url is an OpenAI-compatible /v1 endpoint"
            }
            ProviderError::NoRules(_) => "this is a bug in sellkit",
        }
    }
}

/// A boxed future, so that providers can be used as trait objects.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Something that answers chat requests.
pub trait Provider: Send + Sync {
    /// `openai` (any OpenAI-compatible endpoint) or `offline`.
    fn name(&self) -> &'static str;
    fn model(&self) -> &str;
    /// True when answers cost money or time: those are cached.
    fn is_remote(&self) -> bool;
    fn complete<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<Reply, ProviderError>>;
}

/// Settings of the OpenAI-compatible provider.
#[derive(Debug, Clone)]
pub struct OpenAiSettings {
    pub base_url: String,
    pub model: String,
    pub timeout: Duration,
    pub temperature: f32,
    pub max_tokens: u32,
    pub response_mode: ResponseMode,
}

/// Any OpenAI-compatible chat completions endpoint, through async-openai.
///
/// async-openai retries 429 and 5xx answers and refused connections itself (3 retries, backoff
/// from 100 ms, honouring `Retry-After`); what reaches us is the last attempt's result.
pub struct OpenAiProvider {
    client: Client<OpenAIConfig>,
    settings: OpenAiSettings,
}

impl std::fmt::Debug for OpenAiProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiProvider")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl OpenAiProvider {
    pub fn new(
        settings: OpenAiSettings,
        api_key: Option<&ApiKey>,
    ) -> crate::Result<OpenAiProvider> {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("sellkit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| crate::Error::config(format!("cannot build the HTTP client: {e}")))?;
        // Local servers ignore the key; OpenAI clients must still send one.
        let key = api_key.map_or("", |k| k.expose());
        let config = OpenAIConfig::new()
            .with_api_base(settings.base_url.trim_end_matches('/'))
            .with_api_key(key);
        Ok(OpenAiProvider {
            client: Client::build(http, config),
            settings,
        })
    }

    /// The request body as sent, for tests and `-vv` logs.
    #[allow(deprecated)] // max_tokens: the field Ollama and vLLM read (max_completion_tokens is newer)
    pub fn build_request(&self, request: &ChatRequest) -> CreateChatCompletionRequest {
        let messages = request
            .messages
            .iter()
            .map(|m| match m.role {
                Role::System => {
                    ChatCompletionRequestMessage::System(ChatCompletionRequestSystemMessage {
                        content: ChatCompletionRequestSystemMessageContent::Text(m.content.clone()),
                        name: None,
                    })
                }
                Role::User => {
                    ChatCompletionRequestMessage::User(ChatCompletionRequestUserMessage {
                        content: ChatCompletionRequestUserMessageContent::Text(m.content.clone()),
                        name: None,
                    })
                }
                Role::Assistant => {
                    ChatCompletionRequestMessage::Assistant(ChatCompletionRequestAssistantMessage {
                        content: Some(ChatCompletionRequestAssistantMessageContent::Text(
                            m.content.clone(),
                        )),
                        ..Default::default()
                    })
                }
            })
            .collect();
        let response_format = match self.settings.response_mode {
            ResponseMode::JsonSchema => Some(ResponseFormat::JsonSchema {
                json_schema: ResponseFormatJsonSchema {
                    description: None,
                    name: request.schema_name.to_string(),
                    schema: request.schema.clone(),
                    strict: Some(true),
                },
            }),
            ResponseMode::JsonObject => Some(ResponseFormat::JsonObject),
            ResponseMode::Instruction => None,
        };
        CreateChatCompletionRequest {
            model: self.settings.model.clone(),
            messages,
            response_format,
            temperature: Some(self.settings.temperature),
            max_tokens: Some(self.settings.max_tokens),
            ..Default::default()
        }
    }

    fn map_error(&self, e: OpenAIError) -> ProviderError {
        let endpoint = self.settings.base_url.clone();
        match e {
            OpenAIError::Reqwest(e) if e.is_timeout() => ProviderError::Timeout {
                endpoint,
                seconds: self.settings.timeout.as_secs(),
            },
            OpenAIError::Reqwest(e) => ProviderError::Unreachable {
                endpoint,
                detail: innermost(&e),
            },
            OpenAIError::ApiError(r) => ProviderError::Http {
                endpoint,
                status: r.status_code.as_u16(),
                message: cap(
                    &crate::output::sanitize::one_line(&r.api_error.message),
                    200,
                ),
            },
            OpenAIError::JSONDeserialize(e, _) => ProviderError::Malformed {
                endpoint,
                detail: e.to_string(),
            },
            other => ProviderError::Malformed {
                endpoint,
                detail: cap(&other.to_string(), 200),
            },
        }
    }
}

fn innermost(e: &dyn std::error::Error) -> String {
    let mut cur: &dyn std::error::Error = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cap(&cur.to_string(), 160)
}

fn cap(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(n).collect();
        s.push('…');
        s
    }
}

impl Provider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }
    fn model(&self) -> &str {
        &self.settings.model
    }
    fn is_remote(&self) -> bool {
        true
    }
    fn complete<'a>(
        &'a self,
        request: &'a ChatRequest,
    ) -> BoxFuture<'a, Result<Reply, ProviderError>> {
        Box::pin(async move {
            let body = self.build_request(request);
            // A backstop over async-openai's own retries: each attempt has llm.timeout.
            let overall = self.settings.timeout * 5;
            let answer = tokio::time::timeout(overall, self.client.chat().create(body)).await;
            let response = match answer {
                Err(_) => {
                    return Err(ProviderError::Timeout {
                        endpoint: self.settings.base_url.clone(),
                        seconds: overall.as_secs(),
                    });
                }
                Ok(r) => r.map_err(|e| self.map_error(e))?,
            };
            let (tokens_in, tokens_out) = response
                .usage
                .as_ref()
                .map_or((0, 0), |u| (u.prompt_tokens, u.completion_tokens));
            let Some(choice) = response.choices.into_iter().next() else {
                return Err(ProviderError::Malformed {
                    endpoint: self.settings.base_url.clone(),
                    detail: "no choices in the answer".into(),
                });
            };
            Ok(Reply {
                content: choice.message.content,
                refusal: choice.message.refusal,
                truncated: choice.finish_reason == Some(FinishReason::Length),
                tokens_in,
                tokens_out,
            })
        })
    }
}
