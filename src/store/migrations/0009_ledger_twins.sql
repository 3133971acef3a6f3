-- One money movement can reach the store twice: from a file the seller downloaded (a statement,
-- a settlement) and from the marketplace's finance API. The two carry different identities
-- (a digest of the file's row, the API's entry id), so the writer matches them on what both
-- state (shop, kind, amount, currency, order, posting day within a day) and keeps one row:
-- `twin_id` holds the identity of the other source, so re-reading either source finds the row.
ALTER TABLE ledger_entries ADD COLUMN twin_id TEXT;
CREATE UNIQUE INDEX ledger_entries_twin ON ledger_entries (shop_id, twin_id) WHERE twin_id IS NOT NULL;
ALTER TABLE payouts ADD COLUMN twin_id TEXT;
CREATE UNIQUE INDEX payouts_twin ON payouts (shop_id, twin_id) WHERE twin_id IS NOT NULL;
