-- Pipeline, tasks and the timeline (issue 4, docs/crm.md "Pipeline, tasks and the timeline").
-- The SLA views ask "in this stage since before X" (engaged for 3 days, activated for 14):
-- one index range per view instead of reading every creator of the stage.
CREATE INDEX creators_stage_since ON creators (workspace_id, stage, stage_since);
