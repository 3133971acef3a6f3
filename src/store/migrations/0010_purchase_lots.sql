-- Stock bought in batches: one row per purchase lot (a PO, a shipment) of one SKU, with what
-- each unit cost and what the whole lot cost to land (freight, duty, fees), in minor units of
-- the lot's currency. `report.cost_method = fifo` costs each unit sold from the oldest lot with
-- units left. `lot_ref` is the seller's PO or lot id (or, when the file gives none, a digest of
-- the row), so a re-import of the same lot replaces its row instead of adding one.
CREATE TABLE purchase_lots (
    id                INTEGER PRIMARY KEY,
    sku               TEXT NOT NULL,
    received_on       TEXT NOT NULL,            -- YYYY-MM-DD
    quantity          INTEGER NOT NULL CHECK (quantity > 0),
    unit_cost_minor   INTEGER NOT NULL,
    landed_cost_minor INTEGER NOT NULL DEFAULT 0, -- freight, duty, fees for the whole lot
    currency          TEXT NOT NULL,
    lot_ref           TEXT NOT NULL,            -- the seller's PO or lot id
    source            TEXT NOT NULL,            -- file:line it was read from
    imported_at       TEXT NOT NULL,
    UNIQUE (sku, lot_ref)
);
CREATE INDEX purchase_lots_sku_received ON purchase_lots (sku, received_on);
