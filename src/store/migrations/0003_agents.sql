-- Agents: an LLM answer cache and more detail on agent runs.

-- Identical prompts are served from here. Only answers that passed validation are stored.
CREATE TABLE llm_cache (
    prompt_hash TEXT PRIMARY KEY,            -- hex SHA-256 of provider, model, schema and messages
    agent       TEXT NOT NULL,
    provider    TEXT NOT NULL,
    model       TEXT NOT NULL,
    response    TEXT NOT NULL,               -- the validated JSON answer
    tokens_in   INTEGER NOT NULL DEFAULT 0,
    tokens_out  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

ALTER TABLE agent_runs ADD COLUMN subject TEXT;          -- what the run was about, e.g. 'MUG-00001 etsy'
ALTER TABLE agent_runs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE agent_runs ADD COLUMN error TEXT;            -- why it failed or was rejected (never a secret)
CREATE INDEX agent_runs_started ON agent_runs(started_at);

-- Queuing a draft looks for an identical pending one and supersedes older pending ones for the
-- same SKU and marketplace: both lookups must not scan every draft.
CREATE INDEX drafts_pending_hash ON drafts(payload_hash) WHERE status = 'pending';
CREATE INDEX drafts_pending_subject ON drafts(sku, marketplace, kind) WHERE status = 'pending';
