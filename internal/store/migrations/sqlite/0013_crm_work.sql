-- Pipeline, tasks and the timeline (issue 4, docs/crm.md "Pipeline, tasks and the timeline").
-- The SLA views ask "in this stage since before X" (engaged for 3 days, activated for 14, no
-- reply since the last message): one index range per view, answered from the index alone.
CREATE INDEX creators_sla ON creators (workspace_id, stage, stage_since, last_sale_day, last_contacted_at, last_reply_at)
    WHERE merged_into IS NULL;
-- The pipeline board counts and sums each stage, and lists a stage's top creators by 30-day
-- GMV: without it a rare stage (banned) walks the whole GMV index to find 50 cards.
CREATE INDEX creators_board ON creators (workspace_id, stage, sales_gmv_30d, id) WHERE merged_into IS NULL;
-- The same for one member's creators: "my pipeline" of a specialist.
CREATE INDEX creators_owner_board ON creators (workspace_id, owner_id, stage, sales_gmv_30d, id) WHERE merged_into IS NULL;
