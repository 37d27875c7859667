-- Creator CRM engine (issue 4, docs/crm.md "Stages, tiers and scores").
-- The "best next creators to contact" list leaves out creators contacted within this many days,
-- so two specialists do not write to the same prospect in the same week.
ALTER TABLE crm_settings ADD COLUMN recontact_days INTEGER NOT NULL DEFAULT 14;
-- That list reads the workspace's creators by score, highest first.
CREATE INDEX creators_score ON creators (workspace_id, score DESC, id);
