package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Import run statuses.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
)

// staleRunAfter is how long a running import may go without a heartbeat before it is shown as
// interrupted (its process died).
const staleRunAfter = 2 * time.Minute

// ImportRun is one file brought in by an importer.
type ImportRun struct {
	ID          int64
	WorkspaceID int64
	ShopID      int64 // 0 for imports not tied to a shop
	Kind        string
	FileName    string
	Header      []string
	Status      string
	RowsRead    int64
	Inserted    int64
	Updated     int64
	Unchanged   int64
	Rejected    int64
	Error       string
	StartedAt   time.Time
	HeartbeatAt time.Time
	FinishedAt  *time.Time
}

// Interrupted reports whether the run is still marked running but its process stopped beating.
func (r *ImportRun) Interrupted(at time.Time) bool {
	return r.Status == RunRunning && at.Sub(r.HeartbeatAt) > staleRunAfter
}

// StartImportRun records the start of an import of fileName with its header row.
func (s *Store) StartImportRun(ctx context.Context, workspaceID, shopID int64, kind, fileName string, header []string) (int64, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return 0, err
	}
	var shop any
	if shopID != 0 {
		shop = shopID
	}
	var id int64
	t := now()
	err = s.write.QueryRowContext(ctx, `INSERT INTO import_runs (workspace_id, shop_id, kind, file_name, header, status, started_at, heartbeat_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, workspaceID, shop, kind, fileName, string(h), RunRunning, t).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: unable to record the import of %s: %w", fileName, err)
	}
	return id, nil
}

func (s *Store) updateRunProgress(ctx context.Context, tx *sql.Tx, runID, rowsRead int64, t BatchResult) error {
	_, err := tx.ExecContext(ctx, `UPDATE import_runs SET rows_read = $1, inserted = $2, updated = $3, unchanged = $4,
		rejected = $5, heartbeat_at = $6 WHERE id = $7`, rowsRead, t.Inserted, t.Updated, t.Unchanged, t.Rejected, now(), runID)
	if err != nil {
		return fmt.Errorf("store: unable to record import progress: %w", err)
	}
	return nil
}

// FinishImportRun marks a run done, or failed with the reason when runErr is not nil.
func (s *Store) FinishImportRun(ctx context.Context, runID int64, runErr error) error {
	status, msg := RunDone, ""
	if runErr != nil {
		status, msg = RunFailed, runErr.Error()
	}
	t := now()
	_, err := s.write.ExecContext(ctx, `UPDATE import_runs SET status = $1, error = $2, finished_at = $3, heartbeat_at = $3 WHERE id = $4`,
		status, msg, t, runID)
	if err != nil {
		return fmt.Errorf("store: unable to finish import run %d: %w", runID, err)
	}
	return nil
}

const runColumns = `id, workspace_id, shop_id, kind, file_name, header, status, rows_read, inserted, updated, unchanged,
rejected, error, started_at, heartbeat_at, finished_at`

func scanRun(row interface{ Scan(...any) error }) (*ImportRun, error) {
	var r ImportRun
	var shop, finished sql.NullInt64
	var header string
	var started, heartbeat int64
	err := row.Scan(&r.ID, &r.WorkspaceID, &shop, &r.Kind, &r.FileName, &header, &r.Status, &r.RowsRead,
		&r.Inserted, &r.Updated, &r.Unchanged, &r.Rejected, &r.Error, &started, &heartbeat, &finished)
	if err != nil {
		return nil, err
	}
	r.ShopID = shop.Int64
	if err := json.Unmarshal([]byte(header), &r.Header); err != nil {
		return nil, fmt.Errorf("store: header of import run %d is not JSON: %w", r.ID, err)
	}
	r.StartedAt, r.HeartbeatAt = time.Unix(started, 0).UTC(), time.Unix(heartbeat, 0).UTC()
	r.FinishedAt = optTime(finished)
	return &r, nil
}

// ImportRuns lists the workspace's latest runs, newest first.
func (s *Store) ImportRuns(ctx context.Context, workspaceID int64, limit int) ([]*ImportRun, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+runColumns+` FROM import_runs WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2`, workspaceID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list import runs: %w", err)
	}
	defer rows.Close()
	var out []*ImportRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
