-- PostgreSQL drops the outbox's and the timeline's foreign keys to workspaces here (see the
-- PostgreSQL migration). SQLite checks foreign keys without locking rows, and one writer at a
-- time, so it keeps them: nothing to change.
SELECT 1;
