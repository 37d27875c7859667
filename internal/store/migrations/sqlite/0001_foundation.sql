-- Foundation: workspaces, shops, catalog, creators, affiliate order lines, imports, rollups.
-- Times are Unix seconds (UTC); money is minor units of the row's currency; rates are basis points.

CREATE TABLE workspaces (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    timezone   TEXT NOT NULL DEFAULT 'UTC',
    created_at INTEGER NOT NULL
);

CREATE TABLE shops (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    slug         TEXT NOT NULL,
    name         TEXT NOT NULL,
    platform     TEXT NOT NULL,
    region       TEXT NOT NULL DEFAULT '',
    currency     TEXT NOT NULL,
    locale       TEXT NOT NULL,
    timezone     TEXT NOT NULL DEFAULT 'UTC',
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, slug)
);

CREATE TABLE products (
    id                  INTEGER PRIMARY KEY,
    workspace_id        INTEGER NOT NULL REFERENCES workspaces(id),
    shop_id             INTEGER NOT NULL REFERENCES shops(id),
    platform_product_id TEXT NOT NULL,
    name                TEXT NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    UNIQUE (shop_id, platform_product_id)
);

CREATE TABLE skus (
    id              INTEGER PRIMARY KEY,
    shop_id         INTEGER NOT NULL REFERENCES shops(id),
    product_id      INTEGER NOT NULL REFERENCES products(id),
    platform_sku_id TEXT NOT NULL,
    seller_sku      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    UNIQUE (shop_id, platform_sku_id)
);

CREATE TABLE creators (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id),
    username        TEXT NOT NULL,
    display_name    TEXT NOT NULL DEFAULT '',
    followers       INTEGER,
    category        TEXT NOT NULL DEFAULT '',
    region          TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    agency          TEXT NOT NULL DEFAULT '',
    gmv_30d         INTEGER,
    gmv_30d_currency TEXT NOT NULL DEFAULT '',
    units_30d       INTEGER,
    avg_views       INTEGER,
    engagement_bp   INTEGER,
    source          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX creators_workspace_username ON creators (workspace_id, username);

-- A creator's accounts on the platforms; lines and lists find their creator through these.
CREATE TABLE creator_accounts (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    creator_id   INTEGER NOT NULL REFERENCES creators(id),
    platform     TEXT NOT NULL,
    handle       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, platform, handle)
);

CREATE TABLE import_runs (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    shop_id      INTEGER REFERENCES shops(id),
    kind         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    header       TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL,
    rows_read    INTEGER NOT NULL DEFAULT 0,
    inserted     INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    error        TEXT NOT NULL DEFAULT '',
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX import_runs_workspace ON import_runs (workspace_id, id);

CREATE TABLE rejected_rows (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id),
    import_run_id   INTEGER NOT NULL REFERENCES import_runs(id),
    shop_id         INTEGER,
    row_number      INTEGER NOT NULL,
    column_name     TEXT NOT NULL,
    value           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    raw             TEXT NOT NULL,
    raw_hash        INTEGER NOT NULL,
    line_key        TEXT NOT NULL DEFAULT '',
    last_run_id     INTEGER NOT NULL,
    resolved_run_id INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX rejected_rows_workspace ON rejected_rows (workspace_id, resolved_run_id, id);
CREATE INDEX rejected_rows_raw ON rejected_rows (workspace_id, raw_hash);

-- One row per (shop, order, SKU). Clustered on its key (WITHOUT ROWID) so an import writes one
-- B-tree, not a table and an index, and all lines of an order sit together.
CREATE TABLE order_lines (
    shop_id            INTEGER NOT NULL,
    order_id           TEXT NOT NULL,
    sku_id             TEXT NOT NULL,
    workspace_id       INTEGER NOT NULL,
    product_id         INTEGER NOT NULL,
    creator_id         INTEGER NOT NULL,
    quantity           INTEGER NOT NULL,
    price              INTEGER NOT NULL,
    payment            INTEGER NOT NULL,
    payment_method     TEXT NOT NULL,
    status             TEXT NOT NULL,
    content_type       TEXT NOT NULL,
    content_id         TEXT NOT NULL,
    commission_model   TEXT NOT NULL,
    commission_rate_bp INTEGER NOT NULL,
    est_base           INTEGER NOT NULL,
    est_commission     INTEGER NOT NULL,
    actual_base        INTEGER,
    actual_commission  INTEGER,
    shop_ads_rate_bp   INTEGER NOT NULL,
    est_shop_ads       INTEGER NOT NULL,
    actual_shop_ads    INTEGER,
    est_cofunded       INTEGER NOT NULL,
    actual_cofunded    INTEGER,
    fully_refunded     INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    paid_at            INTEGER,
    delivered_at       INTEGER,
    commission_paid_at INTEGER,
    platform           TEXT NOT NULL,
    row_hash           INTEGER NOT NULL,
    first_run_id       INTEGER NOT NULL,
    last_run_id        INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id, sku_id)
) WITHOUT ROWID;

-- What an import changed in a line that was already there: field → [before, after] as JSON.
CREATE TABLE order_line_changes (
    id            INTEGER PRIMARY KEY,
    shop_id       INTEGER NOT NULL,
    order_id      TEXT NOT NULL,
    sku_id        TEXT NOT NULL,
    import_run_id INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL,
    changes       TEXT NOT NULL
);
CREATE INDEX order_line_changes_line ON order_line_changes (shop_id, order_id, sku_id);

-- Creator rollups, column-wise: per workspace × day (or month) × currency, one blob of every
-- creator's totals in that period, sorted by creator id (see store/creator_blob.go).
CREATE TABLE rollup_creator_blobs (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    period       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    data         BLOB NOT NULL,
    UNIQUE (workspace_id, kind, period, currency)
);

-- Every creator's id and username of a workspace in one blob, so a report names 30,000
-- creators by reading one row instead of 30,000.
CREATE TABLE creator_directory (
    workspace_id INTEGER PRIMARY KEY,
    data         BLOB NOT NULL
);

-- Rollups, kept in step with order_lines inside the same transaction. day is YYYYMMDD and month
-- YYYYMM in the workspace's time zone.
CREATE TABLE rollup_product_day (
    workspace_id    INTEGER NOT NULL,
    day             INTEGER NOT NULL,
    product_id      INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    gmv             INTEGER NOT NULL,
    orders          INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    lines           INTEGER NOT NULL,
    est_commission  INTEGER NOT NULL,
    paid_commission INTEGER NOT NULL,
    refunds         INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, day, product_id, currency)
) WITHOUT ROWID;

CREATE TABLE rollup_product_month (
    workspace_id    INTEGER NOT NULL,
    month           INTEGER NOT NULL,
    product_id      INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    gmv             INTEGER NOT NULL,
    orders          INTEGER NOT NULL,
    units           INTEGER NOT NULL,
    lines           INTEGER NOT NULL,
    est_commission  INTEGER NOT NULL,
    paid_commission INTEGER NOT NULL,
    refunds         INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, month, product_id, currency)
) WITHOUT ROWID;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE memberships (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    role         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, workspace_id)
);
