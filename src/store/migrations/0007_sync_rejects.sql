-- Items of a marketplace answer that failed validation during `sync`: stored nowhere else.
-- `raw` is the item as the marketplace sent it, with secret-looking fields redacted.
CREATE TABLE sync_rejects (
    id               INTEGER PRIMARY KEY,
    marketplace      TEXT NOT NULL,
    shop_external_id TEXT,
    resource         TEXT NOT NULL,
    operation        TEXT NOT NULL,
    external_id      TEXT,
    reason           TEXT NOT NULL,
    raw              TEXT NOT NULL,
    rejected_at      TEXT NOT NULL
);
-- One row per rejected item: the same bad item seen again replaces its row.
CREATE UNIQUE INDEX sync_rejects_item ON sync_rejects (marketplace, operation, external_id);
CREATE INDEX sync_rejects_when ON sync_rejects (rejected_at);
