-- Platform connections (issue 5): a workspace's OAuth grant for one platform shop. Tokens are
-- stored sealed (internal/secrets, AES-GCM bound to the row and column), never in clear.
-- Expiries are absolute Unix seconds, as the platform gives them. shop_id is the creatorops
-- shop the connection feeds, NULL until one is picked.
CREATE TABLE connections (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
    shop_id              INTEGER REFERENCES shops(id),
    platform             TEXT NOT NULL CHECK (platform IN ('tiktok_shop', 'shopee')),
    external_shop_id     TEXT NOT NULL,
    shop_cipher          TEXT NOT NULL DEFAULT '',
    shop_name            TEXT NOT NULL DEFAULT '',
    region               TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reauth', 'disconnected')),
    access_token_sealed  TEXT NOT NULL DEFAULT '',
    refresh_token_sealed TEXT NOT NULL DEFAULT '',
    access_expires_at    INTEGER NOT NULL DEFAULT 0,
    refresh_expires_at   INTEGER NOT NULL DEFAULT 0,
    last_refresh_at      INTEGER,
    last_error           TEXT NOT NULL DEFAULT '',
    -- The seller's grant the tokens belong to (TikTok's open_id): several shops of one seller
    -- share one token, and a refresh rotates it for all of them at once.
    grant_key            TEXT NOT NULL DEFAULT '',
    -- When the "authorization expires within 7 days" alert was recorded, so it is recorded once
    -- per refresh token rather than on every refresh run.
    expiry_alert_at      INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

-- One live connection per platform shop: a shop connected to two workspaces at once would be
-- synced twice. Disconnected rows stay for the audit trail and do not count.
CREATE UNIQUE INDEX connections_live ON connections (platform, external_shop_id) WHERE status <> 'disconnected';
CREATE INDEX connections_workspace ON connections (workspace_id, id);
CREATE INDEX connections_grant ON connections (platform, grant_key);

-- The OAuth round trip: a state is created when a user starts connecting, used once by the
-- callback (which keeps the sealed grant and the authorized shops until the user picks), and
-- dies after ten minutes. Only a hash of the state is stored: the state itself travels in URLs.
CREATE TABLE oauth_states (
    state_hash   TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    platform     TEXT NOT NULL,
    grant_sealed TEXT NOT NULL DEFAULT '',
    shops        TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER,
    done_at      INTEGER
);

CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
