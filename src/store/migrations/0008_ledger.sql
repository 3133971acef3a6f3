-- Money movements as the marketplaces' own ledgers, statements, settlements and payout files
-- state them: one row per entry. Amounts are signed minor units in the entry's currency
-- (positive: money to the seller). `external_id` is the entry's identity at its source, so a
-- re-import or re-sync of the same entry replaces its row instead of adding one.
CREATE TABLE ledger_entries (
    id            INTEGER PRIMARY KEY,
    shop_id       INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    external_id   TEXT NOT NULL,
    posted_at     TEXT NOT NULL,            -- RFC 3339 (UTC) or YYYY-MM-DD when the source has no time
    kind          TEXT NOT NULL,            -- sale|refund|fee|ad|shipping_label|tax|adjustment|reserve|payout|other
    type          TEXT NOT NULL,            -- finer: transaction_fee, listing_fee, processing_fee, referral_fee, fba_fulfilment, offsite_ads, storage, ...
    description   TEXT NOT NULL,
    amount_minor  INTEGER NOT NULL,
    currency      TEXT NOT NULL,
    order_ref     TEXT,                     -- the marketplace's order id as the entry names it
    sku           TEXT,
    payout_ref    TEXT,                     -- the payout (settlement, deposit) the entry belongs to
    status        TEXT NOT NULL DEFAULT 'posted', -- posted|pending (deferred, not yet released)
    release_at    TEXT,                     -- when a pending entry is expected to be released
    fx_rate       TEXT,                     -- the marketplace's own rate, as text, where it gives one
    fx_currency   TEXT,                     -- the currency that rate converts from
    source        TEXT NOT NULL,            -- file:line, or api:<operation>
    origin        TEXT NOT NULL,            -- import|api|demo
    imported_at   TEXT NOT NULL,
    UNIQUE (shop_id, external_id)
);
CREATE INDEX ledger_entries_posted ON ledger_entries (posted_at);
-- Covers the P&L's per-order sums (kind and amount) as well as the joins on the order.
CREATE INDEX ledger_entries_order ON ledger_entries (shop_id, order_ref, kind, amount_minor);
CREATE INDEX ledger_entries_payout ON ledger_entries (shop_id, payout_ref);

-- Money sent to (or taken from) the seller's bank account, as the marketplace reports it.
CREATE TABLE payouts (
    id            INTEGER PRIMARY KEY,
    shop_id       INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    external_id   TEXT NOT NULL,
    paid_at       TEXT NOT NULL,            -- YYYY-MM-DD or RFC 3339
    amount_minor  INTEGER NOT NULL,         -- what reached the bank (negative: a debit)
    currency      TEXT NOT NULL,
    status        TEXT NOT NULL,            -- paid|pending|failed|reversed|in_transit
    -- The total in the marketplace's currency before conversion, where the bank got another one.
    original_minor    INTEGER,
    original_currency TEXT,
    source        TEXT NOT NULL,
    origin        TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    UNIQUE (shop_id, external_id)
);
CREATE INDEX payouts_paid ON payouts (paid_at);

-- Reference exchange rates: units of `currency` per 1 EUR on `day` (ECB, TARGET business days).
CREATE TABLE fx_rates (
    day       TEXT NOT NULL,                -- YYYY-MM-DD
    currency  TEXT NOT NULL,
    per_eur   TEXT NOT NULL,                -- decimal text as published (no float rounding)
    source    TEXT NOT NULL,                -- ecb
    PRIMARY KEY (source, currency, day)
) WITHOUT ROWID;
