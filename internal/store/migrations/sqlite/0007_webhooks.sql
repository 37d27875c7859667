-- Webhook inbox (issue 5): every authenticated delivery is stored here before it is
-- acknowledged, and processed later by the sync. The UNIQUE key is the replay guard: platforms
-- redeliver a notification until they get a 200, so the same id must land once only.
-- workspace_id stays NULL until the processor maps the platform's shop to a connected shop.
CREATE TABLE webhook_events (
    id              INTEGER PRIMARY KEY,
    platform        TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    shop_id         TEXT NOT NULL DEFAULT '',
    workspace_id    INTEGER REFERENCES workspaces(id),
    event_type      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    notified_at     INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,
    processed_at    INTEGER,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    UNIQUE (platform, notification_id)
);

-- The processor reads the queue in arrival order; processed rows leave the index.
CREATE INDEX webhook_events_pending ON webhook_events (platform, id) WHERE processed_at IS NULL;
