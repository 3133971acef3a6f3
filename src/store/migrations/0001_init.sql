-- sellkit store, version 1.
-- Money: integer minor units (*_minor) plus an ISO 4217 code (currency).
-- Instants: UTC RFC 3339 text 'YYYY-MM-DDTHH:MM:SSZ'. Calendar dates: 'YYYY-MM-DD'.

CREATE TABLE shops (
    id             INTEGER PRIMARY KEY,
    marketplace    TEXT NOT NULL,            -- demo|etsy|ebay|shopify|amazon|import
    channel        TEXT NOT NULL,            -- sales channel shown in reports: etsy, shopify, amazon, ebay
    external_id    TEXT NOT NULL,
    name           TEXT NOT NULL,
    currency       TEXT NOT NULL,
    credential_key TEXT,                     -- keyring entry name, never the secret itself
    origin         TEXT NOT NULL,            -- demo|import|api
    created_at     TEXT NOT NULL,
    UNIQUE (marketplace, external_id)
);

CREATE TABLE sync_cursors (
    shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    resource   TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (shop_id, resource)
);

CREATE TABLE products (
    sku        TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    category   TEXT,
    weight_g   INTEGER,
    length_mm  INTEGER,
    width_mm   INTEGER,
    height_mm  INTEGER,
    attributes TEXT NOT NULL DEFAULT '{}',   -- JSON object
    origin     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE product_costs (
    sku             TEXT NOT NULL REFERENCES products(sku) ON DELETE CASCADE,
    effective_from  TEXT NOT NULL,           -- date
    unit_cost_minor INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    PRIMARY KEY (sku, effective_from)
);

CREATE TABLE listings (
    id           INTEGER PRIMARY KEY,
    shop_id      INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    external_id  TEXT NOT NULL,
    sku          TEXT,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    price_minor  INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    quantity     INTEGER,
    state        TEXT NOT NULL,              -- active|inactive|draft|sold_out|removed
    url          TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (shop_id, external_id)
);
CREATE INDEX listings_sku ON listings(sku);

CREATE TABLE listing_prices (              -- price history, for elasticity and audits
    listing_id   INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
    effective_from TEXT NOT NULL,            -- date
    price_minor  INTEGER NOT NULL,
    PRIMARY KEY (listing_id, effective_from)
);

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    shop_id          INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    external_id      TEXT NOT NULL,
    ordered_at       TEXT NOT NULL,
    status           TEXT NOT NULL,          -- paid|shipped|cancelled|refunded|pending
    currency         TEXT NOT NULL,
    ship_city        TEXT,
    ship_region      TEXT,
    ship_postal_code TEXT,
    ship_country     TEXT,                   -- ISO 3166-1 alpha-2 when known
    updated_at       TEXT NOT NULL,
    UNIQUE (shop_id, external_id)
);
CREATE INDEX orders_ordered_at ON orders(ordered_at);

-- Money on a line is the line's share: order-level shipping, discounts and fees are allocated
-- to lines when stored, so that sums per SKU and per order agree.
CREATE TABLE order_lines (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no          INTEGER NOT NULL,
    external_id      TEXT,
    sku              TEXT NOT NULL,
    title            TEXT,
    quantity         INTEGER NOT NULL,
    unit_price_minor INTEGER NOT NULL,
    discount_minor   INTEGER NOT NULL DEFAULT 0,
    shipping_minor   INTEGER NOT NULL DEFAULT 0,   -- shipping charged to the buyer
    tax_minor        INTEGER NOT NULL DEFAULT 0,
    fees_minor       INTEGER NOT NULL DEFAULT 0,   -- marketplace and payment fees
    UNIQUE (order_id, line_no)
);
CREATE INDEX order_lines_sku ON order_lines(sku);

CREATE TABLE inventory (
    sku      TEXT NOT NULL,
    location TEXT NOT NULL,
    on_hand  INTEGER NOT NULL,
    reserved INTEGER NOT NULL DEFAULT 0,
    inbound  INTEGER NOT NULL DEFAULT 0,
    as_of    TEXT NOT NULL,
    origin   TEXT NOT NULL,
    PRIMARY KEY (sku, location)
);

-- Days a SKU had no stock: demand on those days is unknown, not zero.
CREATE TABLE stockouts (
    sku  TEXT NOT NULL,
    day  TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (sku, day)
);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY,
    marketplace    TEXT NOT NULL,
    sku            TEXT,                     -- our SKU when matched
    product_ref    TEXT,                     -- marketplace product id (ASIN, ePID, listing id)
    seller         TEXT NOT NULL,
    title          TEXT,                     -- untrusted text
    price_minor    INTEGER NOT NULL,
    shipping_minor INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL,
    is_featured    INTEGER NOT NULL DEFAULT 0,
    seen_at        TEXT NOT NULL,
    source         TEXT NOT NULL
);
CREATE INDEX offers_sku ON offers(sku, seen_at);

CREATE TABLE trend_signals (
    id          INTEGER PRIMARY KEY,
    term        TEXT NOT NULL,
    source      TEXT NOT NULL,
    metric      TEXT NOT NULL,
    value       REAL NOT NULL,
    observed_at TEXT NOT NULL,               -- date
    UNIQUE (term, source, metric, observed_at)
);

CREATE TABLE trend_candidates (
    id          INTEGER PRIMARY KEY,
    term        TEXT NOT NULL,
    score       REAL NOT NULL,
    explanation TEXT NOT NULL,               -- JSON
    scored_at   TEXT NOT NULL
);

CREATE TABLE drafts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('new_listing', 'listing_update', 'price_change')),
    marketplace  TEXT NOT NULL,
    shop_id      INTEGER REFERENCES shops(id),
    sku          TEXT,
    listing_id   INTEGER REFERENCES listings(id) ON DELETE SET NULL,
    payload      TEXT NOT NULL,              -- canonical JSON
    payload_hash TEXT NOT NULL,              -- hex SHA-256 of payload
    agent        TEXT NOT NULL,
    rationale    TEXT NOT NULL,
    confidence_bp INTEGER,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'posted', 'failed', 'superseded')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX drafts_status ON drafts(status);

CREATE TABLE approvals (
    id           INTEGER PRIMARY KEY,
    draft_id     INTEGER NOT NULL REFERENCES drafts(id),
    payload_hash TEXT NOT NULL,
    decision     TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    reason       TEXT,
    who          TEXT NOT NULL,
    how          TEXT NOT NULL,
    at           TEXT NOT NULL
);

CREATE TABLE postings (
    id              INTEGER PRIMARY KEY,
    draft_id        INTEGER NOT NULL REFERENCES drafts(id),
    idempotency_key TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'posted', 'failed')),
    remote_id       TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE agent_runs (
    id            INTEGER PRIMARY KEY,
    agent         TEXT NOT NULL,
    provider      TEXT NOT NULL,
    model         TEXT NOT NULL,
    prompt_hash   TEXT NOT NULL,
    tokens_in     INTEGER NOT NULL DEFAULT 0,
    tokens_out    INTEGER NOT NULL DEFAULT 0,
    latency_ms    INTEGER NOT NULL DEFAULT 0,
    cost_micros   INTEGER NOT NULL DEFAULT 0, -- estimated cost in millionths of a USD
    cache_hit     INTEGER NOT NULL DEFAULT 0,
    outcome       TEXT NOT NULL,
    started_at    TEXT NOT NULL
);

CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    marketplace TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    counts      TEXT NOT NULL DEFAULT '{}',  -- JSON object: rows written per table
    outcome     TEXT NOT NULL                -- running|ok|failed
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'       -- JSON
);
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
