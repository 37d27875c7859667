-- Platform syncs (issue 5, internal/platformsync): where each connection's sync of each
-- resource stands. watermark is the platform time (Unix seconds) up to which a completed run
-- has read everything; the next run reads from watermark minus an overlap. While a run is
-- unfinished, run_from/run_to are its window and cursor the page token of the next page to
-- read: the token is written in the transaction that stores the page before it, so a run
-- that was killed resumes after its last committed page. The row goes with its connection.
CREATE TABLE sync_state (
    connection_id    INTEGER NOT NULL REFERENCES connections(id),
    resource         TEXT NOT NULL,
    watermark        INTEGER NOT NULL DEFAULT 0,
    run_from         INTEGER NOT NULL DEFAULT 0,
    run_to           INTEGER NOT NULL DEFAULT 0,
    cursor           TEXT NOT NULL DEFAULT '',
    pages            INTEGER NOT NULL DEFAULT 0,
    run_lines        INTEGER NOT NULL DEFAULT 0,
    import_run_id    INTEGER REFERENCES import_runs(id),
    last_started_at  INTEGER,
    last_finished_at INTEGER,
    last_success_at  INTEGER,
    last_error       TEXT NOT NULL DEFAULT '',
    lines_seen       INTEGER NOT NULL DEFAULT 0,
    runs             INTEGER NOT NULL DEFAULT 0,
    -- "Sync now" requests so far, and how many of them a completed run has served (those made
    -- before it started): a run that ends with requests it did not serve runs again, since a
    -- request made while it ran may want what changed after it started reading.
    requests         INTEGER NOT NULL DEFAULT 0,
    requests_served  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (connection_id, resource)
);
