-- Collaborations and promotion links (issue 5; docs/platform-tiktok-shop.md): the platform's
-- open and target collaborations of each connection, synced every 30 minutes and created from
-- creatorops, and each product's affiliate promotion link. Times are Unix seconds (UTC); rates
-- are basis points.

CREATE TABLE collaborations (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id),
    connection_id   INTEGER NOT NULL REFERENCES connections(id),
    -- The platform's id: the sync finds a collaboration again by it.
    platform_id     TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('open', 'target')),
    name            TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL DEFAULT '',
    -- As the platform says it (ACTIVE, EXPIRED, …).
    status          TEXT NOT NULL DEFAULT '',
    -- The highest rate it offers: an open collaboration's rate, the best product rate of a
    -- target one (each product's rate is in collaboration_products).
    commission_bp   INTEGER NOT NULL DEFAULT 0,
    free_sample     INTEGER NOT NULL DEFAULT 0,
    require_approval INTEGER NOT NULL DEFAULT 0,
    start_at        INTEGER,
    end_at          INTEGER,
    -- What the platform sent, for the fields not mapped to columns.
    raw             TEXT NOT NULL DEFAULT '',
    -- A hash of what the sync compares: an unchanged collaboration is not written again.
    fingerprint     TEXT NOT NULL DEFAULT '',
    -- The member or token that created it from creatorops; '' for one found by the sync.
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE UNIQUE INDEX collaborations_platform ON collaborations (connection_id, platform_id);
CREATE INDEX collaborations_workspace ON collaborations (workspace_id, id);

CREATE TABLE collaboration_products (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    -- The platform's product id (products.platform_product_id).
    product_id       TEXT NOT NULL,
    commission_bp    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collaboration_id, product_id)
);

-- The creators a target collaboration invites, by the platform's user id; creator_id is the
-- CRM's creator holding that id (creator_accounts.external_id), NULL when none does yet.
CREATE TABLE collaboration_creators (
    collaboration_id INTEGER NOT NULL REFERENCES collaborations(id),
    creator_user_id  TEXT NOT NULL,
    creator_id       INTEGER REFERENCES creators(id),
    PRIMARY KEY (collaboration_id, creator_user_id)
);
CREATE INDEX collaboration_creators_creator ON collaboration_creators (creator_id);

-- Synced target collaborations name creators by the platform's user id.
CREATE INDEX creator_accounts_by_external_id ON creator_accounts (workspace_id, platform, external_id) WHERE external_id <> '';

-- One promotion link per connection and product. url is '' while the platform refuses to make
-- one (error says why; tried again after a day); a link is renewed after 30 days.
CREATE TABLE product_promotion_links (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    connection_id INTEGER NOT NULL REFERENCES connections(id),
    product_id    TEXT NOT NULL,
    url           TEXT NOT NULL DEFAULT '',
    generated_at  INTEGER,
    error         TEXT NOT NULL DEFAULT '',
    attempted_at  INTEGER NOT NULL,
    UNIQUE (connection_id, product_id)
);
CREATE INDEX product_promotion_links_workspace ON product_promotion_links (workspace_id, product_id);
