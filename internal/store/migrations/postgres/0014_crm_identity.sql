-- Identity (issue 4, docs/crm.md "Duplicates, merges and imports"): pairs of creators a member
-- said are not the same person, so the duplicates list never offers them again, and the column
-- mapping a creator list was imported with, so the next list with the same header reuses it.

-- One row per dismissed pair, the smaller id first.
CREATE TABLE creator_duplicate_dismissals (
    workspace_id BIGINT NOT NULL REFERENCES workspaces(id),
    creator_a    BIGINT NOT NULL REFERENCES creators(id),
    creator_b    BIGINT NOT NULL REFERENCES creators(id),
    dismissed_by TEXT NOT NULL DEFAULT '',
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, creator_a, creator_b)
);

-- JSON object: the file's header → the creator field it was read as ("" for ignored).
ALTER TABLE import_runs ADD COLUMN mapping TEXT NOT NULL DEFAULT '';

-- The merge history is read per workspace, newest first.
CREATE INDEX creator_merges_workspace ON creator_merges (workspace_id, merged_at);
