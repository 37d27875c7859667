-- Where the reply pollers (internal/outreach/inbound) stopped reading: "imap:<mailbox id>" →
-- UIDVALIDITY and last UID, "discord:<DM channel id>" → the last message id.
CREATE TABLE outreach_cursors (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The Discord reply poller reads the DM channels of recent recipients; partial, so the
-- outbox's other channels pay nothing for it.
CREATE INDEX outreach_outbox_discord ON outreach_outbox (sent_at) WHERE channel = 'discord';
