-- Creator CRM (issue 4, docs/crm.md): lifecycle stage, tier, owner, contact channels, and the
-- sales figures the directory filters and sorts on. The sales_* columns are precomputed from the
-- creator rollup blobs (after imports and on a schedule) so the directory over a million
-- creators sorts on an indexed column instead of summing order lines per request.
-- List-valued columns (verticals, tags) are stored as '|a|b|' (empty: '') so a filter is one
-- substring test on both engines.
ALTER TABLE creators ADD COLUMN stage TEXT NOT NULL DEFAULT 'prospect';
ALTER TABLE creators ADD COLUMN stage_since INTEGER NOT NULL DEFAULT 0;
-- Why the creator is in a stage set by hand (do-not-contact and banned always carry one).
ALTER TABLE creators ADD COLUMN stage_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN owner_id INTEGER REFERENCES users(id);
-- The effective tier: the override while it lasts, else what the rules gave.
ALTER TABLE creators ADD COLUMN tier TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN tier_since INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN tier_override TEXT NOT NULL DEFAULT '';
-- Unix seconds; NULL with an override set means "until cleared".
ALTER TABLE creators ADD COLUMN tier_override_until INTEGER;
ALTER TABLE creators ADD COLUMN verticals TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN discord TEXT NOT NULL DEFAULT '';
-- Precomputed sales (attributed order lines, live GMV as in DESIGN.md section 7), in
-- sales_currency (the workspace's main currency), as of stats_day (YYYYMMDD, workspace zone).
ALTER TABLE creators ADD COLUMN sales_currency TEXT NOT NULL DEFAULT '';
ALTER TABLE creators ADD COLUMN sales_gmv_30d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_gmv_90d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_gmv_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_orders_30d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_orders_90d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_units_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN first_sale_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN last_sale_day INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN stats_day INTEGER NOT NULL DEFAULT 0;
-- Recruitment fit score 0..100 and its components as JSON (shown on the creator page).
ALTER TABLE creators ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN score_parts TEXT NOT NULL DEFAULT '';
-- Filled by outreach (issue 6) and webhooks; used by SLA views and responsiveness.
ALTER TABLE creators ADD COLUMN last_contacted_at INTEGER;
ALTER TABLE creators ADD COLUMN last_reply_at INTEGER;
-- A creator merged into another stays (for unmerge and for its platform accounts' lines) but
-- leaves the directory; its figures count for the one it was merged into.
ALTER TABLE creators ADD COLUMN merged_into INTEGER REFERENCES creators(id);

UPDATE creators SET verticals = '|' || category || '|' WHERE category <> '';

-- The platform's own id for an account (TikTok creator open id for IM, Shopee affiliate id).
ALTER TABLE creator_accounts ADD COLUMN external_id TEXT NOT NULL DEFAULT '';

-- The timeline: stage and tier changes, notes, tasks, merges, and later messages and samples.
-- Append-only; kind says what from_value/to_value/body mean.
CREATE TABLE creator_events (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    creator_id   INTEGER NOT NULL REFERENCES creators(id),
    kind         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    -- who: a member's email, a token's name, or "automation"
    actor        TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES users(id),
    from_value   TEXT NOT NULL DEFAULT '',
    to_value     TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    ref_id       INTEGER
);
CREATE INDEX creator_events_creator ON creator_events (workspace_id, creator_id, at, id);
CREATE INDEX creator_events_kind ON creator_events (workspace_id, kind, at);

CREATE TABLE creator_tasks (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    creator_id   INTEGER REFERENCES creators(id),
    title        TEXT NOT NULL,
    -- YYYYMMDD in the workspace's time zone; 0 for no due date
    due_day      INTEGER NOT NULL DEFAULT 0,
    assignee_id  INTEGER REFERENCES users(id),
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    done_at      INTEGER,
    done_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX creator_tasks_open ON creator_tasks (workspace_id, assignee_id, due_day) WHERE done_at IS NULL;
CREATE INDEX creator_tasks_creator ON creator_tasks (workspace_id, creator_id);

-- Tier rules: the first rule (by position) a creator meets gives its tier.
CREATE TABLE tier_rules (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    tier         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    -- 30 or 90 (rolling days), or 0 for lifetime
    window_days  INTEGER NOT NULL,
    min_gmv      INTEGER NOT NULL DEFAULT 0,
    min_orders   INTEGER NOT NULL DEFAULT 0,
    currency     TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, tier)
);

-- Per-workspace thresholds of the automatic stage moves, the SLA views and the fit score.
CREATE TABLE crm_settings (
    workspace_id          INTEGER PRIMARY KEY REFERENCES workspaces(id),
    at_risk_days          INTEGER NOT NULL DEFAULT 30,
    churned_days          INTEGER NOT NULL DEFAULT 60,
    engaged_sla_days      INTEGER NOT NULL DEFAULT 3,
    activated_sla_days    INTEGER NOT NULL DEFAULT 14,
    target_verticals      TEXT NOT NULL DEFAULT '',
    target_regions        TEXT NOT NULL DEFAULT '',
    target_min_followers  INTEGER NOT NULL DEFAULT 0,
    updated_at            INTEGER NOT NULL
);

-- A member's saved filters of a list page (query is the page's URL query string).
CREATE TABLE saved_views (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    page         TEXT NOT NULL,
    name         TEXT NOT NULL,
    query        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (workspace_id, user_id, page, name)
);

-- Merges, kept for unmerge: snapshot holds what the kept creator looked like before.
CREATE TABLE creator_merges (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    kept_id      INTEGER NOT NULL REFERENCES creators(id),
    merged_id    INTEGER NOT NULL REFERENCES creators(id),
    reason       TEXT NOT NULL DEFAULT '',
    snapshot     TEXT NOT NULL DEFAULT '{}',
    merged_by    TEXT NOT NULL DEFAULT '',
    merged_at    INTEGER NOT NULL,
    undone_at    INTEGER,
    undone_by    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX creator_merges_kept ON creator_merges (workspace_id, kept_id);
CREATE INDEX creator_merges_merged ON creator_merges (workspace_id, merged_id);
