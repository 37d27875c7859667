-- Creator directory (issue 4, docs/crm.md "The directory"), measured at a million creators
-- (BENCHMARKS.md "Creator CRM — directory"). Every index leaves merged creators out, as the
-- directory does, and is only used by queries that say merged_into IS NULL.

-- The directory's default order, largest 30-day GMV first: the first page of an unfiltered or
-- lightly filtered directory reads 51 index entries instead of sorting every creator.
CREATE INDEX creators_dir_gmv30 ON creators (workspace_id, sales_gmv_30d, id) WHERE merged_into IS NULL;

-- The typical filtered page: a region, a 30-day GMV range, stages and verticals, by 30-day GMV.
-- stage and verticals ride along so the page and its count check them in the index without
-- reading the creators' rows.
CREATE INDEX creators_dir_region ON creators (workspace_id, region, sales_gmv_30d, id, stage, verticals)
    WHERE merged_into IS NULL;

-- Search is by prefix of the handle (creators_workspace_username and the accounts' handles),
-- the display name or the email, case-insensitively: one index range each.
CREATE INDEX creators_dir_name ON creators (workspace_id, lower(display_name));
CREATE INDEX creators_dir_email ON creators (workspace_id, lower(email));
CREATE INDEX creator_accounts_handle ON creator_accounts (workspace_id, handle);
