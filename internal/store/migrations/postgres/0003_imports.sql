-- Imports from the browser and the API (issue 3): who started a run, how far through its file it
-- is (for the progress bar), and the counts the command line printed but the run did not keep.

ALTER TABLE import_runs ADD COLUMN started_by TEXT NOT NULL DEFAULT '';
ALTER TABLE import_runs ADD COLUMN file_bytes BIGINT NOT NULL DEFAULT 0;
-- Per mille of the file read, written after each committed batch.
ALTER TABLE import_runs ADD COLUMN progress BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN stale BIGINT NOT NULL DEFAULT 0;
ALTER TABLE import_runs ADD COLUMN repeated BIGINT NOT NULL DEFAULT 0;

-- A run's page lists its rejected rows in file order: the rows it rejected first, and the rows
-- an earlier run rejected that it read again.
CREATE INDEX rejected_rows_run ON rejected_rows (import_run_id, row_number, id);
CREATE INDEX rejected_rows_last_run ON rejected_rows (last_run_id);
