-- Enrolling writes thousands of enrollments at a time, and each row's foreign keys were checked
-- one by one, each check share-locking its parent row: the workspace's one row and the
-- sequence's one row for every enrollment. The checks tripled the cost of the insert, and the
-- two shared rows are hot spots for concurrent enrollers and servers (as the outbox's key to
-- workspaces was, 0020). Workspaces and sequences are never deleted (sequences are archived),
-- and the store writes enrollments only for a sequence it has just read in the same
-- workspace. The key to the creator, which a request names, stays.
ALTER TABLE outreach_enrollments DROP CONSTRAINT IF EXISTS outreach_enrollments_workspace_id_fkey;
ALTER TABLE outreach_enrollments DROP CONSTRAINT IF EXISTS outreach_enrollments_sequence_id_fkey;
