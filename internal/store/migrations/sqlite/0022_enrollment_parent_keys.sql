-- PostgreSQL drops the enrollments' foreign keys to workspaces and sequences here (see the
-- PostgreSQL migration). SQLite checks foreign keys without locking rows, with one writer at a
-- time: nothing to change.
SELECT 1;
