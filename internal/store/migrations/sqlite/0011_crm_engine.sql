-- Creator CRM engine (issue 4, docs/crm.md "Stages, tiers and scores").
-- The "best next creators to contact" list leaves out creators contacted within this many days,
-- so two specialists do not write to the same prospect in the same week.
ALTER TABLE crm_settings ADD COLUMN recontact_days INTEGER NOT NULL DEFAULT 14;
-- Precomputed like the other sales columns: lifetime tier rules count orders, and the fit
-- score counts the units a creator sold for the brand in the last 30 days.
ALTER TABLE creators ADD COLUMN sales_orders_all INTEGER NOT NULL DEFAULT 0;
ALTER TABLE creators ADD COLUMN sales_units_30d INTEGER NOT NULL DEFAULT 0;
-- That list reads the workspace's creators by score, highest first.
CREATE INDEX creators_score ON creators (workspace_id, score DESC, id);
-- The refresh folds merged creators' sales into the kept ones: it finds the few merged ones
-- here instead of reading every creator.
CREATE INDEX creators_merged ON creators (workspace_id, merged_into) WHERE merged_into IS NOT NULL;
