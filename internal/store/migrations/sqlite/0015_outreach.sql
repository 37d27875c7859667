-- Outreach engine (issue 6, docs/outreach.md): templates, sequences, enrollments, the outbox
-- every message goes through, mailboxes, suppressions and the counters the quotas are enforced
-- on. Times are Unix seconds (UTC); minutes of the day are 0..1439 in the creator's time zone.

-- Agencies group workspaces so that a suppression can hold across all of them.
CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
ALTER TABLE workspaces ADD COLUMN agency_id INTEGER REFERENCES agencies(id);

-- The engine reads a batch of creators' TikTok IM ids (external_id) by creator.
CREATE INDEX outreach_creator_accounts ON creator_accounts (creator_id, platform);

-- Set by the samples sync when the creator requested a free sample; sequences with
-- stop_on_sample stop on it.
ALTER TABLE creators ADD COLUMN sample_requested_at INTEGER;

CREATE TABLE outreach_templates (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    name         TEXT NOT NULL,
    -- 'active' or 'archived' (archived templates stay for the sequences and results using them)
    status       TEXT NOT NULL DEFAULT 'active',
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX outreach_templates_workspace ON outreach_templates (workspace_id, status, name);

-- A template's texts: one per language ('' = any) and A/B label, picked by weight.
CREATE TABLE outreach_template_variants (
    id          INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES outreach_templates(id),
    language    TEXT NOT NULL DEFAULT '',
    label       TEXT NOT NULL DEFAULT 'A',
    weight      INTEGER NOT NULL DEFAULT 1,
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    UNIQUE (template_id, language, label)
);

-- Mailboxes send the email steps. Passwords are sealed (internal/secrets) with the associated
-- data "mailbox:<id>:smtp_password" / "mailbox:<id>:imap_password". Day d after warmup_start
-- may send min(daily_cap, warmup_initial + d * warmup_step); daily_cap 0 means no cap.
CREATE TABLE outreach_mailboxes (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
    name                 TEXT NOT NULL,
    from_name            TEXT NOT NULL DEFAULT '',
    from_address         TEXT NOT NULL,
    smtp_host            TEXT NOT NULL DEFAULT '',
    smtp_port            INTEGER NOT NULL DEFAULT 587,
    smtp_username        TEXT NOT NULL DEFAULT '',
    smtp_password_sealed TEXT NOT NULL DEFAULT '',
    -- 'starttls', 'tls' or 'none'
    smtp_security        TEXT NOT NULL DEFAULT 'starttls',
    imap_host            TEXT NOT NULL DEFAULT '',
    imap_port            INTEGER NOT NULL DEFAULT 993,
    imap_username        TEXT NOT NULL DEFAULT '',
    imap_password_sealed TEXT NOT NULL DEFAULT '',
    imap_security        TEXT NOT NULL DEFAULT 'tls',
    daily_cap            INTEGER NOT NULL DEFAULT 200,
    warmup_start         INTEGER NOT NULL DEFAULT 0,
    warmup_initial       INTEGER NOT NULL DEFAULT 20,
    warmup_step          INTEGER NOT NULL DEFAULT 10,
    paused               INTEGER NOT NULL DEFAULT 0,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX outreach_mailboxes_workspace ON outreach_mailboxes (workspace_id, id);

CREATE TABLE outreach_sequences (
    id                   INTEGER PRIMARY KEY,
    workspace_id         INTEGER NOT NULL REFERENCES workspaces(id),
    name                 TEXT NOT NULL,
    -- draft → active ⇄ paused → archived; only active sequences send
    status               TEXT NOT NULL DEFAULT 'draft',
    tiktok_connection_id INTEGER REFERENCES connections(id),
    mailbox_id           INTEGER REFERENCES outreach_mailboxes(id),
    stop_on_reply        INTEGER NOT NULL DEFAULT 1,
    -- '|onboarded|sampled|': reaching one of these stages (or any later) stops an enrollment
    stop_stages          TEXT NOT NULL DEFAULT '',
    stop_on_sample       INTEGER NOT NULL DEFAULT 1,
    -- business hours the step delays count in, minutes of the day, and the days as a bit set
    -- (bit 0 Sunday … bit 6 Saturday; 62 = Monday to Friday)
    business_start       INTEGER NOT NULL DEFAULT 540,
    business_end         INTEGER NOT NULL DEFAULT 1080,
    business_days        INTEGER NOT NULL DEFAULT 62,
    -- nothing is sent from quiet_start to quiet_end (wrapping midnight when start > end)
    quiet_start          INTEGER NOT NULL DEFAULT 1260,
    quiet_end            INTEGER NOT NULL DEFAULT 480,
    -- rule enrollment, evaluated by the outreach.rules job: a saved view, or creators of a
    -- stage with a fit score of at least rule_min_score
    rule_enabled         INTEGER NOT NULL DEFAULT 0,
    rule_view_id         INTEGER REFERENCES saved_views(id),
    rule_stage           TEXT NOT NULL DEFAULT '',
    rule_min_score       INTEGER NOT NULL DEFAULT 0,
    -- what the templates' {{product.*}}, {{campaign.*}} and {{commission.*}} read
    product_id           TEXT NOT NULL DEFAULT '',
    campaign             TEXT NOT NULL DEFAULT '',
    commission_bps       INTEGER NOT NULL DEFAULT 0,
    created_by           TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX outreach_sequences_workspace ON outreach_sequences (workspace_id, status, id);
CREATE INDEX outreach_sequences_status ON outreach_sequences (status, id);

CREATE TABLE outreach_steps (
    id            INTEGER PRIMARY KEY,
    sequence_id   INTEGER NOT NULL REFERENCES outreach_sequences(id),
    -- 0-based, dense
    position      INTEGER NOT NULL,
    channel       TEXT NOT NULL,
    template_id   INTEGER NOT NULL REFERENCES outreach_templates(id),
    -- business minutes after the previous step (the first step: after enrollment)
    delay_minutes INTEGER NOT NULL DEFAULT 0,
    card_kind     TEXT NOT NULL DEFAULT '',
    card_id       TEXT NOT NULL DEFAULT '',
    UNIQUE (sequence_id, position)
);

-- One creator in one sequence. step_index is the next step to send, due at next_at.
CREATE TABLE outreach_enrollments (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    sequence_id   INTEGER NOT NULL REFERENCES outreach_sequences(id),
    creator_id    INTEGER NOT NULL REFERENCES creators(id),
    -- 'active', 'paused', 'stopped' (stop_reason says why) or 'completed'
    status        TEXT NOT NULL DEFAULT 'active',
    stop_reason   TEXT NOT NULL DEFAULT '',
    -- why an active enrollment waits past its step's delay (quota, quiet hours), for pages
    wait_reason   TEXT NOT NULL DEFAULT '',
    step_index    INTEGER NOT NULL DEFAULT 0,
    next_at       INTEGER NOT NULL,
    variant       TEXT NOT NULL DEFAULT '',
    -- 'manual', 'view:<id>' or 'rule'
    source        TEXT NOT NULL DEFAULT 'manual',
    enrolled_by   TEXT NOT NULL DEFAULT '',
    enrolled_at   INTEGER NOT NULL,
    first_sent_at INTEGER,
    last_sent_at  INTEGER,
    updated_at    INTEGER NOT NULL,
    UNIQUE (sequence_id, creator_id)
);
-- The scheduler reads each active sequence's due enrollments, oldest first.
CREATE INDEX outreach_enrollments_due ON outreach_enrollments (sequence_id, status, next_at);
CREATE INDEX outreach_enrollments_creator ON outreach_enrollments (workspace_id, creator_id);

-- Every message goes through here; idem_key 'o:<enrollment>:<step position>' makes queueing a
-- step twice impossible and is handed to the channel as its idempotency key.
-- status: queued → sending → sent | failed | cancelled | unknown; 'held' while its sequence or
-- enrollment is paused.
CREATE TABLE outreach_outbox (
    id              INTEGER PRIMARY KEY,
    workspace_id    INTEGER NOT NULL REFERENCES workspaces(id),
    enrollment_id   INTEGER NOT NULL REFERENCES outreach_enrollments(id),
    sequence_id     INTEGER NOT NULL,
    step_position   INTEGER NOT NULL,
    creator_id      INTEGER NOT NULL,
    idem_key        TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'queued',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     INTEGER NOT NULL DEFAULT 0,
    sender_key      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    to_tiktok       TEXT NOT NULL DEFAULT '',
    to_email        TEXT NOT NULL DEFAULT '',
    to_discord      TEXT NOT NULL DEFAULT '',
    to_name         TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    card_kind       TEXT NOT NULL DEFAULT '',
    card_id         TEXT NOT NULL DEFAULT '',
    variant         TEXT NOT NULL DEFAULT '',
    first_contact   INTEGER NOT NULL DEFAULT 0,
    -- the quota counters this message reserved ('|week:2026-11-15|day:2026-11-21|'), given
    -- back when it is cancelled before sending
    quota_periods   TEXT NOT NULL DEFAULT '',
    provider_id     TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outreach_outbox_due ON outreach_outbox (status, next_attempt_at);
CREATE INDEX outreach_outbox_creator ON outreach_outbox (creator_id, status);
CREATE INDEX outreach_outbox_results ON outreach_outbox (sequence_id, step_position, variant, status);

-- Global suppression: scope_key 'w:<workspace id>' or 'a:<agency id>'; kind 'email',
-- 'tiktok', 'discord' (value: the address) or 'creator' (value: the creator id).
CREATE TABLE outreach_suppressions (
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    scope_key    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    value        TEXT NOT NULL,
    -- 'unsubscribed', 'bounced', 'complained', 'closed_dms', 'blocked', 'manual'
    reason       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    UNIQUE (scope_key, kind, value)
);
CREATE INDEX outreach_suppressions_workspace ON outreach_suppressions (workspace_id, id);

-- One sender's conversation with one creator: whether a first contact happened (the TikTok
-- weekly quota counts those) and how many messages went out since the creator last replied.
CREATE TABLE outreach_conversations (
    sender_key           TEXT NOT NULL,
    creator_id           INTEGER NOT NULL,
    workspace_id         INTEGER NOT NULL,
    first_at             INTEGER,
    messages_since_reply INTEGER NOT NULL DEFAULT 0,
    last_reply_seen      INTEGER NOT NULL DEFAULT 0,
    conversation_id      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sender_key, creator_id)
);

-- Quota counters: period 'week:<YYYY-MM-DD of the Sunday>' (TikTok first contacts) or
-- 'day:<YYYY-MM-DD>' (daily caps). Reserved when a message is queued, given back when it is
-- cancelled, so several servers never overshoot.
CREATE TABLE outreach_quota_usage (
    sender_key TEXT NOT NULL,
    period     TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    cap        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sender_key, period)
);

CREATE TABLE outreach_settings (
    workspace_id      INTEGER PRIMARY KEY REFERENCES workspaces(id),
    -- JSON [{"min_gmv": 0, "quota": 50}, …] in quota_currency minor units
    quota_tiers       TEXT NOT NULL DEFAULT '',
    quota_currency    TEXT NOT NULL DEFAULT 'USD',
    quiet_start       INTEGER NOT NULL DEFAULT 1260,
    quiet_end         INTEGER NOT NULL DEFAULT 480,
    business_start    INTEGER NOT NULL DEFAULT 540,
    business_end      INTEGER NOT NULL DEFAULT 1080,
    business_days     INTEGER NOT NULL DEFAULT 62,
    -- per sender key per day; 0 for no cap
    tiktok_daily_cap  INTEGER NOT NULL DEFAULT 0,
    email_daily_cap   INTEGER NOT NULL DEFAULT 0,
    discord_daily_cap INTEGER NOT NULL DEFAULT 0,
    max_attempts      INTEGER NOT NULL DEFAULT 5,
    attribution_days  INTEGER NOT NULL DEFAULT 30,
    updated_at        INTEGER NOT NULL
);
