package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// SyncState is where one connection's sync of one resource ("orders") stands. A run reads a
// window of platform time page by page; its page token is committed with each page, so a run
// that was killed resumes after its last committed page, and the watermark moves only when a
// run completes.
type SyncState struct {
	ConnectionID int64
	Resource     string
	// Watermark is the platform time up to which a completed run read everything; zero before
	// the first completed run.
	Watermark time.Time
	// RunFrom and RunTo are the window of the unfinished run (RunTo zero when none is
	// unfinished); Cursor is the token of its next page ("" for the first).
	RunFrom, RunTo time.Time
	Cursor         string
	Pages          int64 // pages the unfinished (or last) run committed
	RunLines       int64 // lines those pages held
	ImportRunID    int64 // the import run of the latest attempt, 0 before any
	LastStartedAt  *time.Time
	LastFinishedAt *time.Time // the latest attempt's end, failed or not
	LastSuccessAt  *time.Time // the latest completed run's end
	LastError      string     // the latest attempt's error, "" after a success
	LinesSeen      int64      // lines read by every attempt so far
	Runs           int64      // completed runs
	Requests       int64      // "sync now" requests so far (RequestSync)
	RequestsServed int64      // those a completed run started after (ServeSyncRequests)
}

// Requested reports whether a sync was asked for that no completed run has served yet.
func (st *SyncState) Requested() bool { return st.Requests > st.RequestsServed }

// Unfinished reports whether a run was started and has not completed: the next attempt
// resumes it instead of starting a new window.
func (st *SyncState) Unfinished() bool { return !st.RunTo.IsZero() }

const syncStateColumns = `connection_id, resource, watermark, run_from, run_to, cursor, pages, run_lines,
	import_run_id, last_started_at, last_finished_at, last_success_at, last_error, lines_seen, runs, requests, requests_served`

func scanSyncState(row interface{ Scan(...any) error }) (*SyncState, error) {
	var st SyncState
	var watermark, from, to int64
	var runID, started, finished, success sql.NullInt64
	if err := row.Scan(&st.ConnectionID, &st.Resource, &watermark, &from, &to, &st.Cursor, &st.Pages, &st.RunLines,
		&runID, &started, &finished, &success, &st.LastError, &st.LinesSeen, &st.Runs, &st.Requests, &st.RequestsServed); err != nil {
		return nil, err
	}
	st.Watermark, st.RunFrom, st.RunTo = unixOrZero(watermark), unixOrZero(from), unixOrZero(to)
	st.ImportRunID = runID.Int64
	st.LastStartedAt, st.LastFinishedAt, st.LastSuccessAt = optTime(started), optTime(finished), optTime(success)
	return &st, nil
}

// unixOrZero reads a Unix time where 0 stands for "never".
func unixOrZero(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// unixOrNought writes a time where the zero time stands for "never".
func unixOrNought(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// SyncState returns where the connection's sync of resource stands: a zero state (never run)
// when it has not started yet.
func (s *Store) SyncState(ctx context.Context, connectionID int64, resource string) (*SyncState, error) {
	st, err := scanSyncState(s.read.QueryRowContext(ctx, `SELECT `+syncStateColumns+` FROM sync_state
		WHERE connection_id = $1 AND resource = $2`, connectionID, resource))
	if errors.Is(err, sql.ErrNoRows) {
		return &SyncState{ConnectionID: connectionID, Resource: resource}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the %s sync state of connection %d: %w", resource, connectionID, err)
	}
	return st, nil
}

// StartSyncRun records an attempt of the sync. A fresh run (resume false) takes the window
// [from, to) and starts from its first page; a resumed one keeps the window and the cursor of
// the unfinished run. importRunID is the attempt's import run (0 for resources without one).
func (s *Store) StartSyncRun(ctx context.Context, connectionID int64, resource string, resume bool, from, to time.Time, importRunID int64, at time.Time) error {
	run := nullID(importRunID)
	q := `INSERT INTO sync_state (connection_id, resource, run_from, run_to, import_run_id, last_started_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (connection_id, resource) DO UPDATE SET import_run_id = $5, last_started_at = $6`
	if !resume {
		q += `, run_from = $3, run_to = $4, cursor = '', pages = 0, run_lines = 0`
	}
	if _, err := s.write.ExecContext(ctx, q, connectionID, resource, unixOrNought(from), to.Unix(), run, at.Unix()); err != nil {
		return fmt.Errorf("store: unable to start the %s sync of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// RequestSync counts a request for the connection's sync of resource ("Sync now", a webhook):
// a run that started before it sees the count grow and runs again.
func (s *Store) RequestSync(ctx context.Context, connectionID int64, resource string) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO sync_state (connection_id, resource, requests) VALUES ($1, $2, 1)
		ON CONFLICT (connection_id, resource) DO UPDATE SET requests = sync_state.requests + 1`, connectionID, resource)
	if err != nil {
		return fmt.Errorf("store: unable to request a %s sync of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// ServeSyncRequests records that a completed run served the requests counted up to upTo (the
// count when it started).
func (s *Store) ServeSyncRequests(ctx context.Context, connectionID int64, resource string, upTo int64) error {
	_, err := s.write.ExecContext(ctx, `UPDATE sync_state SET requests_served = $3
		WHERE connection_id = $1 AND resource = $2 AND requests_served < $3`, connectionID, resource, upTo)
	if err != nil {
		return fmt.Errorf("store: unable to record the served %s sync requests of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// RecordSyncPageTx records, in the transaction that stored a page, that the run read it: the
// next page's token (cursor) and the page's line count. The page and its record commit
// together, so a resumed run neither skips nor needs a page it already stored.
func (s *Store) RecordSyncPageTx(ctx context.Context, tx *sql.Tx, connectionID int64, resource, cursor string, lines int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE sync_state SET cursor = $3, pages = pages + 1, run_lines = run_lines + $4,
		lines_seen = lines_seen + $4 WHERE connection_id = $1 AND resource = $2`, connectionID, resource, cursor, lines)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = errors.New("no run was started")
		}
	}
	if err != nil {
		return fmt.Errorf("store: unable to record a %s page of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// FinishSyncRun completes the unfinished run: the watermark moves to its window's end and the
// run is closed. A run that was not the one this attempt started (another worker's, after a
// lost lease) is not closed twice: the watermark only ever moves forward.
func (s *Store) FinishSyncRun(ctx context.Context, connectionID int64, resource string, at time.Time) error {
	return finishSyncRun(ctx, s.write, connectionID, resource, at)
}

// FinishSyncRunTx is FinishSyncRun in the transaction that stores the run's last page, so
// the watermark moves exactly when the last page is committed.
func (s *Store) FinishSyncRunTx(ctx context.Context, tx *sql.Tx, connectionID int64, resource string, at time.Time) error {
	return finishSyncRun(ctx, tx, connectionID, resource, at)
}

func finishSyncRun(ctx context.Context, db interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, connectionID int64, resource string, at time.Time) error {
	_, err := db.ExecContext(ctx, `UPDATE sync_state SET
		watermark = CASE WHEN run_to > watermark THEN run_to ELSE watermark END,
		run_from = 0, run_to = 0, cursor = '', last_finished_at = $3, last_success_at = $3, last_error = '', runs = runs + 1
		WHERE connection_id = $1 AND resource = $2 AND run_to <> 0`, connectionID, resource, at.Unix())
	if err != nil {
		return fmt.Errorf("store: unable to finish the %s sync of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// FailSyncRun records a failed attempt; the run stays unfinished, so the next attempt resumes
// it after its last committed page.
func (s *Store) FailSyncRun(ctx context.Context, connectionID int64, resource, message string, at time.Time) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO sync_state (connection_id, resource, last_finished_at, last_error)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (connection_id, resource) DO UPDATE SET last_finished_at = $3, last_error = $4`,
		connectionID, resource, at.Unix(), clipError(message))
	if err != nil {
		return fmt.Errorf("store: unable to record a failed %s sync of connection %d: %w", resource, connectionID, err)
	}
	return nil
}

// WorkspaceSyncStates returns the sync states of every connection of the workspace, by
// connection id then resource, for the connections page.
func (s *Store) WorkspaceSyncStates(ctx context.Context, workspaceID int64) ([]*SyncState, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT st.connection_id, st.resource, st.watermark, st.run_from, st.run_to, st.cursor, st.pages, st.run_lines,
		st.import_run_id, st.last_started_at, st.last_finished_at, st.last_success_at, st.last_error, st.lines_seen, st.runs, st.requests, st.requests_served
		FROM sync_state st
		JOIN connections c ON c.id = st.connection_id WHERE c.workspace_id = $1
		ORDER BY st.connection_id, st.resource`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the sync states of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var out []*SyncState
	for rows.Next() {
		st, err := scanSyncState(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list the sync states of workspace %d: %w", workspaceID, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SyncTarget returns the workspace and the shop a connection's syncs write into, or
// ErrNotFound when it has no shop picked (or the shop is gone).
func (s *Store) SyncTarget(ctx context.Context, c *Connection) (*model.Workspace, *model.Shop, error) {
	if c.ShopID == nil {
		return nil, nil, ErrNotFound
	}
	ws, err := scanWorkspace(s.read.QueryRowContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE id = $1`, c.WorkspaceID))
	if err == nil {
		var sh *model.Shop
		sh, err = scanShop(s.read.QueryRowContext(ctx, `SELECT `+shopColumns+` FROM shops WHERE workspace_id = $1 AND id = $2`, c.WorkspaceID, *c.ShopID))
		if err == nil {
			return ws, sh, nil
		}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrNotFound
	}
	return nil, nil, fmt.Errorf("store: unable to fetch the shop of connection %d: %w", c.ID, err)
}
