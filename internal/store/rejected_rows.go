package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"
)

// RejectedRow is a row an import could not read, kept with where and why so a user can fix it
// and import it again.
type RejectedRow struct {
	ID            int64
	RunID         int64
	FileName      string
	Row           int64  // 1-based line of the file, the header being row 1
	Column        string // the header of the field at fault, "" for the row as a whole
	Value         string
	Reason        string
	Raw           []string // the row's cells as read
	LineKey       string   // "orderID/skuID" (or a creator handle) when it could be read
	ResolvedRunID int64    // the import that later read this line well, 0 while open
	CreatedAt     time.Time
}

// insertRejected keeps rejected rows. A row already kept and still open (the same file imported
// again) is not kept twice: it is marked as seen again by this run.
func (s *Store) insertRejected(ctx context.Context, tx *sql.Tx, workspaceID, shopID, runID int64, rows []RejectedRow) error {
	var shop any
	if shopID != 0 {
		shop = shopID
	}
	t := now()
	for _, r := range rows {
		raw, err := json.Marshal(r.Raw)
		if err != nil {
			return err
		}
		h := rawHash(raw)
		var id int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM rejected_rows WHERE workspace_id = $1 AND raw_hash = $2
			AND raw = $3 AND resolved_run_id IS NULL`, workspaceID, h, string(raw)).Scan(&id)
		switch {
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE rejected_rows SET last_run_id = $1, row_number = $2, column_name = $3,
				value = $4, reason = $5 WHERE id = $6`, runID, r.Row, r.Column, r.Value, r.Reason, id)
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO rejected_rows (workspace_id, import_run_id, last_run_id, shop_id,
				row_number, column_name, value, reason, raw, raw_hash, line_key, created_at)
				VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				workspaceID, runID, shop, r.Row, r.Column, r.Value, r.Reason, string(raw), h, r.LineKey, t)
		}
		if err != nil {
			return fmt.Errorf("store: unable to keep rejected row %d: %w", r.Row, err)
		}
	}
	return nil
}

func rawHash(b []byte) int64 {
	h := fnv.New64a()
	h.Write(b)
	return int64(h.Sum64())
}

func (s *Store) markResolved(ctx context.Context, tx *sql.Tx, workspaceID, runID int64, ids []int64) error {
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE rejected_rows SET resolved_run_id = $1 WHERE workspace_id = $2 AND id = $3`,
			runID, workspaceID, id); err != nil {
			return fmt.Errorf("store: unable to mark rejected row %d fixed: %w", id, err)
		}
	}
	return nil
}

// OpenRejectedKeys maps the line keys of a shop's rejected rows that no import has fixed yet to
// their row ids, so an import can mark them fixed when it reads the line well.
func (s *Store) OpenRejectedKeys(ctx context.Context, workspaceID, shopID int64) (map[string][]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, line_key FROM rejected_rows
		WHERE workspace_id = $1 AND shop_id = $2 AND resolved_run_id IS NULL AND line_key <> ''`, workspaceID, shopID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list open rejected rows: %w", err)
	}
	defer rows.Close()
	out := map[string][]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return nil, err
		}
		out[key] = append(out[key], id)
	}
	return out, rows.Err()
}

// RejectedFilter selects rejected rows.
type RejectedFilter struct {
	RunID       int64 // 0: every run
	IncludeDone bool  // also rows a later import fixed
	Limit       int   // 0: no limit
}

// RejectedRows lists a workspace's rejected rows in file order, with the header of their file.
func (s *Store) RejectedRows(ctx context.Context, workspaceID int64, f RejectedFilter) ([]RejectedRow, map[int64][]string, error) {
	q := `SELECT r.id, r.import_run_id, i.file_name, i.header, r.row_number, r.column_name, r.value, r.reason, r.raw,
		r.line_key, r.resolved_run_id, r.created_at
		FROM rejected_rows r JOIN import_runs i ON i.id = r.import_run_id
		WHERE r.workspace_id = $1 AND ($2 = 0 OR r.import_run_id = $2 OR r.last_run_id = $2) AND ($3 OR r.resolved_run_id IS NULL)
		ORDER BY r.import_run_id, r.row_number, r.id`
	args := []any{workspaceID, f.RunID, f.IncludeDone}
	if f.Limit > 0 {
		q += ` LIMIT $4`
		args = append(args, f.Limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to list rejected rows: %w", err)
	}
	defer rows.Close()
	var out []RejectedRow
	headers := map[int64][]string{}
	for rows.Next() {
		var r RejectedRow
		var header, raw string
		var resolved sql.NullInt64
		var created int64
		if err := rows.Scan(&r.ID, &r.RunID, &r.FileName, &header, &r.Row, &r.Column, &r.Value, &r.Reason, &raw,
			&r.LineKey, &resolved, &created); err != nil {
			return nil, nil, err
		}
		if _, ok := headers[r.RunID]; !ok {
			var h []string
			if err := json.Unmarshal([]byte(header), &h); err != nil {
				return nil, nil, fmt.Errorf("store: header of import run %d is not JSON: %w", r.RunID, err)
			}
			headers[r.RunID] = h
		}
		if err := json.Unmarshal([]byte(raw), &r.Raw); err != nil {
			return nil, nil, fmt.Errorf("store: rejected row %d is not JSON: %w", r.ID, err)
		}
		r.ResolvedRunID = resolved.Int64
		r.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, r)
	}
	return out, headers, rows.Err()
}

// RejectedKey is a rejected row's place in file order, the cursor of RejectedPage.
type RejectedKey struct{ RunID, Row, ID int64 }

// Key returns the row's place in file order.
func (r *RejectedRow) Key() RejectedKey { return RejectedKey{r.RunID, r.Row, r.ID} }

const rejectedColumns = `r.id, r.import_run_id, i.file_name, r.row_number, r.column_name, r.value, r.reason, r.raw,
	r.line_key, r.resolved_run_id, r.created_at`

// rejectedWhere selects a workspace's rows by filter ($1 workspace, $2 run, $3 include fixed)
// and after a key ($4, $5, $6), in file order.
const rejectedWhere = ` FROM rejected_rows r JOIN import_runs i ON i.id = r.import_run_id
	WHERE r.workspace_id = $1 AND ($2 = 0 OR r.import_run_id = $2 OR r.last_run_id = $2) AND ($3 OR r.resolved_run_id IS NULL)
	AND (r.import_run_id > $4 OR (r.import_run_id = $4 AND (r.row_number > $5 OR (r.row_number = $5 AND r.id > $6))))`

func scanRejected(rows *sql.Rows) (RejectedRow, error) {
	var r RejectedRow
	var raw string
	var resolved sql.NullInt64
	var created int64
	if err := rows.Scan(&r.ID, &r.RunID, &r.FileName, &r.Row, &r.Column, &r.Value, &r.Reason, &raw,
		&r.LineKey, &resolved, &created); err != nil {
		return r, fmt.Errorf("store: unable to read rejected rows: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &r.Raw); err != nil {
		return r, fmt.Errorf("store: rejected row %d is not JSON: %w", r.ID, err)
	}
	r.ResolvedRunID = resolved.Int64
	r.CreatedAt = time.Unix(created, 0).UTC()
	return r, nil
}

// EachRejected calls fn for each of a workspace's rejected rows the filter selects, after key
// (the zero key: from the first), in file order, without holding them all in memory.
// f.Limit caps how many (0: all).
func (s *Store) EachRejected(ctx context.Context, workspaceID int64, f RejectedFilter, after RejectedKey, fn func(RejectedRow) error) error {
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+rejectedColumns+rejectedWhere+` ORDER BY r.import_run_id, r.row_number, r.id LIMIT $7`,
		workspaceID, f.RunID, f.IncludeDone, after.RunID, after.Row, after.ID, limit)
	if err != nil {
		return fmt.Errorf("store: unable to list rejected rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRejected(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RejectedPage returns up to limit rejected rows after key, plus one more when there is a next
// page (the caller drops it and uses the last row it keeps as the next cursor).
func (s *Store) RejectedPage(ctx context.Context, workspaceID int64, f RejectedFilter, after RejectedKey, limit int) ([]RejectedRow, error) {
	f.Limit = limit + 1
	var out []RejectedRow
	err := s.EachRejected(ctx, workspaceID, f, after, func(r RejectedRow) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// RejectedSource is an import whose rejected rows a filter selects: its file's header and
// kind, and how many of its rows are selected.
type RejectedSource struct {
	RunID    int64
	FileName string
	Kind     string
	Header   []string
	Rows     int64
}

// RejectedSources lists the imports the rejected rows of a filter come from, oldest first, so
// a download can check their files share one header before it writes a row.
func (s *Store) RejectedSources(ctx context.Context, workspaceID int64, f RejectedFilter) ([]RejectedSource, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT i.id, i.file_name, i.kind, i.header, COUNT(*)`+rejectedWhere+`
		GROUP BY i.id, i.file_name, i.kind, i.header ORDER BY i.id`, workspaceID, f.RunID, f.IncludeDone, 0, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the sources of rejected rows: %w", err)
	}
	defer rows.Close()
	var out []RejectedSource
	for rows.Next() {
		var src RejectedSource
		var header string
		if err := rows.Scan(&src.RunID, &src.FileName, &src.Kind, &header, &src.Rows); err != nil {
			return nil, fmt.Errorf("store: unable to list the sources of rejected rows: %w", err)
		}
		if err := json.Unmarshal([]byte(header), &src.Header); err != nil {
			return nil, fmt.Errorf("store: header of import run %d is not JSON: %w", src.RunID, err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}
