-- Safety core: sealed approvals and a hash-chained audit log (src/drafts/seal.rs, audit.rs).

-- Each audit entry holds the MAC of the entry before it and its own MAC (HMAC-SHA-256 keyed by
-- the install secret, which is never stored here). Entries from before this migration have
-- neither and may only precede the first sealed entry.
ALTER TABLE audit_log ADD COLUMN prev_mac TEXT;
ALTER TABLE audit_log ADD COLUMN mac TEXT;

-- An approval's MAC over (draft id, payload hash, decision, who, how, at), and the audit entry
-- that recorded it.
ALTER TABLE approvals ADD COLUMN mac TEXT;
ALTER TABLE approvals ADD COLUMN audit_id INTEGER REFERENCES audit_log(id);
CREATE INDEX approvals_draft ON approvals(draft_id, id);
