-- The outbox and the timeline are append-only tables written by the store alone, always with
-- the workspace id of a row it has just read. Their foreign key to workspaces made every insert
-- take a KEY SHARE lock on the workspace's one row: with several outreach workers or servers
-- inserting at once, each lock became a shared multixact on that row, a hot spot that all of
-- them serialize on. The keys to the rows they really belong to (enrollment, creator) stay.
ALTER TABLE outreach_outbox DROP CONSTRAINT IF EXISTS outreach_outbox_workspace_id_fkey;
ALTER TABLE creator_events DROP CONSTRAINT IF EXISTS creator_events_workspace_id_fkey;
