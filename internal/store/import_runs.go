package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// Import run statuses.
const (
	RunQueued  = "queued" // uploaded, waiting for the files before it in the same upload
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
	ShopID      int64  // 0 for imports not tied to a shop
	ShopSlug    string // "" for imports not tied to a shop
	Kind        string
	FileName    string
	Header      []string
	Status      string
	RowsRead    int64
	Inserted    int64
	Updated     int64
	Unchanged   int64
	Rejected    int64
	Stale       int64  // lines older than the stored version (an earlier export): kept as stored
	Repeated    int64  // rows repeating a line of the same file: the later row won
	Progress    int64  // per mille of the file read
	FileBytes   int64  // size of the uploaded file, 0 when not uploaded
	StartedBy   string // the actor's label: an email, a token, "cli"; "" for older runs
	Error       string
	StartedAt   time.Time
	HeartbeatAt time.Time
	FinishedAt  *time.Time
}

// Interrupted reports whether the run is still marked running (or queued) but its process
// stopped beating.
func (r *ImportRun) Interrupted(at time.Time) bool {
	return (r.Status == RunRunning || r.Status == RunQueued) && at.Sub(r.HeartbeatAt) > staleRunAfter
}

// Pending reports whether the run has not finished yet, and still may.
func (r *ImportRun) Pending(at time.Time) bool {
	return (r.Status == RunRunning || r.Status == RunQueued) && !r.Interrupted(at)
}

// StatusAt is the status to show: "interrupted" for a run whose process died.
func (r *ImportRun) StatusAt(at time.Time) string {
	if r.Interrupted(at) {
		return "interrupted"
	}
	return r.Status
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
		rejected = $5, stale = $6, repeated = $7, heartbeat_at = $8 WHERE id = $9`,
		rowsRead, t.Inserted, t.Updated, t.Unchanged, t.Rejected, t.Stale, t.Duplicates, now(), runID)
	if err != nil {
		return fmt.Errorf("store: unable to record import progress: %w", err)
	}
	return nil
}

// FinishImportRun marks a run done, or failed with the reason when runErr is not nil.
func (s *Store) FinishImportRun(ctx context.Context, runID int64, runErr error) error {
	return finishRun(ctx, s.write, runID, runErr)
}

// FinishUploadedRun marks an uploaded file's run done or failed and records it in the audit
// log ("import.finish", with the summary as after) in the same transaction.
func (s *Store) FinishUploadedRun(ctx context.Context, a Actor, workspaceID, runID int64, runErr error, summary string, after any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := finishRun(ctx, tx, runID, runErr); err != nil {
			return err
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "import.finish", ObjectType: "import_run",
			ObjectID: fmt.Sprint(runID), Summary: summary, After: after})
	})
}

func finishRun(ctx context.Context, db interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, runID int64, runErr error) error {
	status, msg := RunDone, ""
	if runErr != nil {
		status, msg = RunFailed, runErr.Error()
	}
	progress := "progress"
	if runErr == nil {
		progress = "1000" // a file read to its end, whatever the last batch's estimate said
	}
	t := now()
	_, err := db.ExecContext(ctx, `UPDATE import_runs SET status = $1, error = $2, finished_at = $3, heartbeat_at = $3,
		progress = `+progress+` WHERE id = $4`, status, msg, t, runID)
	if err != nil {
		return fmt.Errorf("store: unable to finish import run %d: %w", runID, err)
	}
	return nil
}

const runColumns = `i.id, i.workspace_id, i.shop_id, COALESCE(sh.slug, ''), i.kind, i.file_name, i.header, i.status, i.rows_read,
i.inserted, i.updated, i.unchanged, i.rejected, i.stale, i.repeated, i.progress, i.file_bytes, i.started_by, i.error, i.started_at,
i.heartbeat_at, i.finished_at`

// runsFrom is the FROM clause runColumns reads: the shop joined for its slug.
const runsFrom = ` FROM import_runs i LEFT JOIN shops sh ON sh.id = i.shop_id `

func scanRun(row interface{ Scan(...any) error }) (*ImportRun, error) {
	var r ImportRun
	var shop, finished sql.NullInt64
	var header string
	var started, heartbeat int64
	err := row.Scan(&r.ID, &r.WorkspaceID, &shop, &r.ShopSlug, &r.Kind, &r.FileName, &header, &r.Status, &r.RowsRead,
		&r.Inserted, &r.Updated, &r.Unchanged, &r.Rejected, &r.Stale, &r.Repeated, &r.Progress, &r.FileBytes, &r.StartedBy,
		&r.Error, &started, &heartbeat, &finished)
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
	rows, err := s.read.QueryContext(ctx, `SELECT `+runColumns+runsFrom+`WHERE i.workspace_id = $1 ORDER BY i.id DESC LIMIT $2`, workspaceID, limit)
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

// QueuedRun is an uploaded file waiting to be imported.
type QueuedRun struct {
	ShopID   int64 // 0 for imports not tied to a shop
	Kind     string
	FileName string
	Header   []string
	Bytes    int64
}

// QueueImportRuns records uploaded files as queued runs of the workspace, in the order given,
// with one "import.upload" audit entry each, in one transaction: an upload's runs exist (and
// its page can show them) before any import starts, and a failed upload leaves nothing behind.
// newShop, when set, is a shop the upload names for the first time: it is created (audited,
// "shop.create") in the same transaction and every run goes to it.
func (s *Store) QueueImportRuns(ctx context.Context, a Actor, workspaceID int64, newShop *model.Shop, runs []QueuedRun) ([]int64, *model.Shop, error) {
	ids := make([]int64, 0, len(runs))
	var created *model.Shop
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := now()
		if newShop != nil {
			sh := *newShop
			sh.WorkspaceID = workspaceID
			err := tx.QueryRowContext(ctx, `INSERT INTO shops (workspace_id, slug, name, platform, region, currency, locale, timezone, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
				workspaceID, sh.Slug, cmp.Or(sh.Name, sh.Slug), sh.Platform, sh.Region, sh.Currency, sh.Locale, sh.Timezone, t).Scan(&sh.ID)
			if err != nil {
				return fmt.Errorf("store: unable to create shop %q for an upload: %w", sh.Slug, err)
			}
			sh.CreatedAt = time.Unix(t, 0).UTC()
			created = &sh
			if err := audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "shop.create", ObjectType: "shop",
				ObjectID: sh.Slug, Summary: fmt.Sprintf("shop %s (%s, %s) created by an upload", sh.Slug, sh.Platform, sh.Currency),
				After: map[string]string{"slug": sh.Slug, "platform": sh.Platform, "currency": sh.Currency, "locale": sh.Locale, "timezone": sh.Timezone}}); err != nil {
				return err
			}
		}
		for _, q := range runs {
			if created != nil {
				q.ShopID = created.ID
			}
			h, err := json.Marshal(q.Header)
			if err != nil {
				return err
			}
			var id int64
			err = tx.QueryRowContext(ctx, `INSERT INTO import_runs (workspace_id, shop_id, kind, file_name, header, status,
				started_at, heartbeat_at, file_bytes, started_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id`,
				workspaceID, nullID(q.ShopID), q.Kind, q.FileName, string(h), RunQueued, t, q.Bytes, cmp.Or(a.Label, "system")).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: unable to record the upload of %s: %w", q.FileName, err)
			}
			if err := audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "import.upload", ObjectType: "import_run",
				ObjectID: fmt.Sprint(id), Summary: "uploaded " + q.FileName,
				After: map[string]any{"run": id, "file": q.FileName, "kind": q.Kind, "shop_id": q.ShopID, "bytes": q.Bytes}}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return ids, created, nil
}

// StartQueuedRun marks a queued run as running: its importer has taken it.
func (s *Store) StartQueuedRun(ctx context.Context, runID int64) error {
	_, err := s.write.ExecContext(ctx, `UPDATE import_runs SET status = $1, heartbeat_at = $2 WHERE id = $3 AND status = $4`,
		RunRunning, now(), runID, RunQueued)
	if err != nil {
		return fmt.Errorf("store: unable to start import run %d: %w", runID, err)
	}
	return nil
}

// SetImportRunProgress records how far through its file a run is, in per mille.
func (s *Store) SetImportRunProgress(ctx context.Context, runID, permille int64) error {
	_, err := s.write.ExecContext(ctx, `UPDATE import_runs SET progress = $1, heartbeat_at = $2 WHERE id = $3`,
		min(max(permille, 0), 1000), now(), runID)
	if err != nil {
		return fmt.Errorf("store: unable to record the progress of import run %d: %w", runID, err)
	}
	return nil
}

// TouchQueuedRuns beats the heart of runs waiting their turn, so they are not taken for
// interrupted while an earlier file of their upload is imported.
func (s *Store) TouchQueuedRuns(ctx context.Context, runIDs []int64) error {
	t := now()
	for _, id := range runIDs {
		if _, err := s.write.ExecContext(ctx, `UPDATE import_runs SET heartbeat_at = $1 WHERE id = $2 AND status = $3`,
			t, id, RunQueued); err != nil {
			return fmt.Errorf("store: unable to touch import run %d: %w", id, err)
		}
	}
	return nil
}

// ImportRun returns one run of the workspace, or ErrNotFound (also for another workspace's).
func (s *Store) ImportRun(ctx context.Context, workspaceID, runID int64) (*ImportRun, error) {
	r, err := scanRun(s.read.QueryRowContext(ctx, `SELECT `+runColumns+runsFrom+`WHERE i.workspace_id = $1 AND i.id = $2`,
		workspaceID, runID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch import run %d: %w", runID, err)
	}
	return r, nil
}

// ImportRunPage lists the workspace's runs older than beforeID (0: from the newest), newest
// first, limit+1 of them so the caller knows whether there is a next page.
func (s *Store) ImportRunPage(ctx context.Context, workspaceID, beforeID int64, limit int) ([]*ImportRun, error) {
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	var out []*ImportRun
	err := s.EachImportRun(ctx, workspaceID, beforeID, limit+1, func(r *ImportRun) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// EachImportRun calls fn for each run of the workspace older than beforeID, newest first, at
// most limit of them (0: all), without holding them all in memory.
func (s *Store) EachImportRun(ctx context.Context, workspaceID, beforeID int64, limit int, fn func(*ImportRun) error) error {
	if beforeID <= 0 {
		beforeID = 1 << 62
	}
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+runColumns+runsFrom+`WHERE i.workspace_id = $1 AND i.id < $2
		ORDER BY i.id DESC LIMIT $3`, workspaceID, beforeID, limit)
	if err != nil {
		return fmt.Errorf("store: unable to list import runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return fmt.Errorf("store: unable to list import runs: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ImportShops lists the shops of a workspace an upload can go to, by slug.
func (s *Store) ImportShops(ctx context.Context, workspaceID int64) ([]*model.Shop, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+shopColumns+` FROM shops WHERE workspace_id = $1 ORDER BY slug`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list shops: %w", err)
	}
	defer rows.Close()
	var out []*model.Shop
	for rows.Next() {
		sh, err := scanShop(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list shops: %w", err)
		}
		out = append(out, sh)
	}
	return out, rows.Err()
}
