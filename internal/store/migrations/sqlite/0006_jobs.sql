-- The durable job queue (docs/jobs.md): syncs, token refreshes, webhook processing, outreach
-- sends. Workers claim rows with a lease (locked_by, locked_until); a job whose lease ran out is
-- claimed again by another worker. Times are Unix seconds (UTC).

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER REFERENCES workspaces(id),
    kind          TEXT NOT NULL,
    -- Two jobs of a kind with one key are never queued or running at once (jobs_pending_key).
    unique_key    TEXT,
    payload       TEXT NOT NULL DEFAULT '{}',
    -- queued, running, done or dead (gave up: max attempts, a permanent error, or cancelled).
    status        TEXT NOT NULL DEFAULT 'queued',
    run_at        INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL DEFAULT 10,
    -- A recurring job's period: when it ends, the next run is queued this many seconds later.
    every_seconds INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    locked_by     TEXT NOT NULL DEFAULT '',
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
);

CREATE UNIQUE INDEX jobs_pending_key ON jobs (kind, unique_key)
    WHERE unique_key IS NOT NULL AND status IN ('queued', 'running');
-- Claims read queued jobs by due time and running jobs by lease end.
CREATE INDEX jobs_queued ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (locked_until) WHERE status = 'running';
-- The admin page lists a workspace's jobs newest first; pruning reads finished jobs by age.
CREATE INDEX jobs_workspace ON jobs (workspace_id, id);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
