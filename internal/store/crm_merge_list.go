package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreatorMerge is one merge as history shows it.
type CreatorMerge struct {
	ID                       int64
	KeptID, MergedID         int64
	KeptHandle, MergedHandle string
	Reason                   string
	MergedBy                 string
	MergedAt                 time.Time
	UndoneAt                 *time.Time // nil while the merge holds
	UndoneBy                 string
}

// Active reports whether the merge still holds (it can be undone).
func (m *CreatorMerge) Active() bool { return m.UndoneAt == nil }

const mergeColumns = `m.id, m.kept_id, m.merged_id, k.username, d.username, m.reason, m.merged_by, m.merged_at,
	m.undone_at, m.undone_by FROM creator_merges m JOIN creators k ON k.id = m.kept_id
	JOIN creators d ON d.id = m.merged_id`

func scanMerge(row rowScanner) (*CreatorMerge, error) {
	var m CreatorMerge
	var at int64
	var undone sql.NullInt64
	if err := row.Scan(&m.ID, &m.KeptID, &m.MergedID, &m.KeptHandle, &m.MergedHandle, &m.Reason, &m.MergedBy,
		&at, &undone, &m.UndoneBy); err != nil {
		return nil, err
	}
	m.MergedAt, m.UndoneAt = time.Unix(at, 0).UTC(), optTime(undone)
	return &m, nil
}

func (s *Store) queryMerges(ctx context.Context, q string, args ...any) ([]*CreatorMerge, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+mergeColumns+` `+q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list merges: %w", err)
	}
	defer rows.Close()
	var out []*CreatorMerge
	for rows.Next() {
		m, err := scanMerge(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to list merges: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreatorMerges lists the merges a creator took part in (kept or merged), newest first: the
// creator page shows "Merged from @x (undo)" from it.
func (s *Store) CreatorMerges(ctx context.Context, workspaceID, creatorID int64) ([]*CreatorMerge, error) {
	return s.queryMerges(ctx, `WHERE m.workspace_id = $1 AND (m.kept_id = $2 OR m.merged_id = $2)
		ORDER BY m.id DESC`, workspaceID, creatorID)
}

// MergeHistory lists the workspace's merges, newest first, from the merge before beforeID
// (0: from the newest); one more than limit tells the caller another page follows.
func (s *Store) MergeHistory(ctx context.Context, workspaceID, beforeID int64, limit int) ([]*CreatorMerge, error) {
	if beforeID <= 0 {
		beforeID = 1<<62 - 1
	}
	return s.queryMerges(ctx, `WHERE m.workspace_id = $1 AND m.id < $2 ORDER BY m.id DESC LIMIT $3`,
		workspaceID, beforeID, limit+1)
}

// CreatorMergeByID returns one merge of the workspace, or ErrNotFound.
func (s *Store) CreatorMergeByID(ctx context.Context, workspaceID, id int64) (*CreatorMerge, error) {
	m, err := scanMerge(s.read.QueryRowContext(ctx, `SELECT `+mergeColumns+`
		WHERE m.workspace_id = $1 AND m.id = $2`, workspaceID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read merge %d: %w", id, err)
	}
	return m, nil
}
