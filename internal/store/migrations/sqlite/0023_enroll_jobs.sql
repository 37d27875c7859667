-- Enrolling every creator a directory filter matches runs in the background (job kind
-- outreach.enroll, docs/outreach.md "Directory"). Each row is one such enrollment: what it
-- enrolls (the sequence, the directory filter as JSON, the source, who asked), and its
-- progress, committed with each chunk of creators in the chunk's transaction: after_id is the
-- last creator id done, and the counts are the outcome so far, so a run taken over after a
-- crash resumes where it stopped and its counts stay right.
CREATE TABLE outreach_enroll_jobs (
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER NOT NULL REFERENCES workspaces(id),
    sequence_id    INTEGER NOT NULL REFERENCES outreach_sequences(id),
    -- the store.DirectoryQuery the job enrolls (JSON), and the directory's query string it
    -- was read from, for the link back
    query          TEXT NOT NULL,
    query_string   TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,
    -- who asked: store.Actor as JSON; enrolled_by and the audit entries name them
    actor          TEXT NOT NULL,
    -- 'running', 'done' or 'failed' (error says why)
    status         TEXT NOT NULL DEFAULT 'running',
    error          TEXT NOT NULL DEFAULT '',
    -- the creators matching when the job started; NULL until the job has counted them
    total          INTEGER,
    after_id       INTEGER NOT NULL DEFAULT 0,
    enrolled       INTEGER NOT NULL DEFAULT 0,
    already        INTEGER NOT NULL DEFAULT 0,
    suppressed     INTEGER NOT NULL DEFAULT 0,
    blocked_stage  INTEGER NOT NULL DEFAULT 0,
    no_address     INTEGER NOT NULL DEFAULT 0,
    not_found      INTEGER NOT NULL DEFAULT 0,
    job_id         INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    finished_at    INTEGER
);
-- One running enrollment per sequence: a second request is shown the running one.
CREATE UNIQUE INDEX outreach_enroll_jobs_running ON outreach_enroll_jobs (workspace_id, sequence_id) WHERE status = 'running';
CREATE INDEX outreach_enroll_jobs_workspace ON outreach_enroll_jobs (workspace_id, id);
