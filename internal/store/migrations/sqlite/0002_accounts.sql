-- Sign-in, API tokens and the audit log (issue 3).

-- A session is found by the SHA-256 of its cookie, so a copy of the database cannot be used to
-- sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, per email and per address, for rate limiting that holds across servers.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_tokens_workspace ON api_tokens (workspace_id, id);

-- Every change to data and settings: who, when, what, before and after (JSON).
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER REFERENCES workspaces(id),
    actor_user_id  INTEGER,
    actor_token_id INTEGER,
    actor          TEXT NOT NULL,
    action         TEXT NOT NULL,
    object_type    TEXT NOT NULL,
    object_id      TEXT NOT NULL DEFAULT '',
    summary        TEXT NOT NULL DEFAULT '',
    before         TEXT,
    after          TEXT,
    at             INTEGER NOT NULL
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id);
