-- Sample applications (issue 5, docs/platform-tiktok-shop.md "Sample applications"): creators'
-- free-sample requests, synced from each TikTok Shop connection every 15 minutes and reviewed
-- (approved or rejected) from creatorops. One row per application per connection; the
-- platform's status is kept as it said it (platform_status) beside creatorops' normalized one
-- (status: pending, approved, rejected, shipped, delivered, content_posted, completed,
-- cancelled, other), which the list filters on.
CREATE TABLE sample_applications (
    id                 INTEGER PRIMARY KEY,
    workspace_id       INTEGER NOT NULL REFERENCES workspaces(id),
    connection_id      INTEGER NOT NULL REFERENCES connections(id),
    platform_id        TEXT NOT NULL,
    -- The CRM creator, found by the platform's creator id or handle (created as a prospect when
    -- new); null only when the platform named no creator at all.
    creator_id         INTEGER REFERENCES creators(id),
    creator_user_id    TEXT NOT NULL DEFAULT '',
    creator_username   TEXT NOT NULL DEFAULT '',
    product_id         TEXT NOT NULL DEFAULT '',
    sku_id             TEXT NOT NULL DEFAULT '',
    status             TEXT NOT NULL,
    platform_status    TEXT NOT NULL,
    commission_rate_bp INTEGER,
    requested_at       INTEGER NOT NULL,
    -- The review, when made from creatorops (one made in Seller Center shows as a status change).
    reviewed_at        INTEGER,
    reviewed_by        TEXT NOT NULL DEFAULT '',
    reviewed_by_user   INTEGER REFERENCES users(id),
    reject_reason      TEXT NOT NULL DEFAULT '',
    -- Set while a review is sent to the platform, so a second click or a second member cannot
    -- send another one at the same time.
    review_started_at  INTEGER,
    -- When creatorops first saw the application in these states (the platform gives no dates).
    status_changed_at  INTEGER NOT NULL,
    shipped_at         INTEGER,
    delivered_at       INTEGER,
    content_posted_at  INTEGER,
    -- The application as the platform last sent it, fields creatorops does not map included.
    raw                TEXT NOT NULL DEFAULT '{}',
    first_seen_at      INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (connection_id, platform_id)
);
-- The list, newest request first, and its status filter.
CREATE INDEX sample_applications_requested ON sample_applications (workspace_id, requested_at, id);
CREATE INDEX sample_applications_status ON sample_applications (workspace_id, status, requested_at, id);
-- A creator's applications on the creator page.
CREATE INDEX sample_applications_creator ON sample_applications (workspace_id, creator_id, requested_at);
-- Applications name creators by the platform's user id first (handles change): the look-up
-- goes through this index instead of every account of the workspace.
CREATE INDEX IF NOT EXISTS creator_accounts_external_id ON creator_accounts (workspace_id, platform, external_id) WHERE external_id <> '';
