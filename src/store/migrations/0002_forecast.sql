-- Forecast runs: one row per `sellkit forecast` over the store.
CREATE TABLE forecast_runs (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,             -- RFC 3339 UTC
    freq          TEXT NOT NULL CHECK (freq IN ('day', 'week', 'month')),
    horizon       INTEGER NOT NULL,          -- periods forecast
    season_length INTEGER NOT NULL,
    history_from  TEXT NOT NULL,             -- first period start used (date)
    history_to    TEXT NOT NULL,             -- last period start used (date)
    first_period  TEXT NOT NULL,             -- start of the first forecast period (date)
    skus          INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL
);

-- Per SKU and run: demand class, chosen model, backtest accuracy and the inventory plan.
CREATE TABLE forecast_skus (
    run_id               INTEGER NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
    sku                  TEXT NOT NULL,
    demand_class         TEXT NOT NULL,      -- smooth|erratic|intermittent|lumpy|sparse
    adi                  REAL NOT NULL,
    cv2                  REAL NOT NULL,
    model                TEXT NOT NULL,
    backtest_mase        REAL,               -- NULL without a backtest
    observations         INTEGER NOT NULL,   -- periods with stock (stockout periods are missing)
    on_hand              INTEGER NOT NULL,
    inbound              INTEGER NOT NULL,
    lead_time_days       INTEGER NOT NULL,
    review_days          INTEGER NOT NULL,
    service_level_bp     INTEGER NOT NULL,
    moq                  INTEGER NOT NULL,
    case_pack            INTEGER NOT NULL,
    days_of_cover        REAL,               -- NULL with no forecast demand
    stockout_median      TEXT,               -- date, NULL when not within ten horizons
    stockout_pessimistic TEXT,
    lead_time_demand     REAL NOT NULL,
    safety_stock         REAL NOT NULL,
    reorder_point        REAL NOT NULL,
    order_quantity       INTEGER NOT NULL,
    PRIMARY KEY (run_id, sku)
);

-- Per SKU, run and forecast period: point forecast and 80% / 95% intervals (units).
CREATE TABLE forecasts (
    run_id       INTEGER NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
    sku          TEXT NOT NULL,
    period_start TEXT NOT NULL,              -- date
    point        REAL NOT NULL,
    lo_80        REAL NOT NULL,
    hi_80        REAL NOT NULL,
    lo_95        REAL NOT NULL,
    hi_95        REAL NOT NULL,
    PRIMARY KEY (run_id, sku, period_start)
);
