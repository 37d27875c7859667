package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// ErrSameCreator is returned for a pair (or a merge) of a creator with itself.
var ErrSameCreator = errors.New("a creator cannot be paired or merged with itself")

// DismissDuplicate records that two creators are not the same person: the pair never comes
// back in the duplicates list. Both must be creators of the workspace (ErrNotFound otherwise).
// Dismissing a pair twice is not an error.
func (s *Store) DismissDuplicate(ctx context.Context, a Actor, workspaceID, x, y int64) error {
	if x == y {
		return ErrSameCreator
	}
	if x > y {
		x, y = y, x
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		handles := map[int64]string{}
		rows, err := tx.QueryContext(ctx, `SELECT id, username FROM creators WHERE workspace_id = $1 AND id IN ($2, $3)`,
			workspaceID, x, y)
		if err != nil {
			return fmt.Errorf("store: unable to read creators %d and %d: %w", x, y, err)
		}
		for rows.Next() {
			var id int64
			var h string
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to read creators %d and %d: %w", x, y, err)
			}
			handles[id] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: unable to read creators %d and %d: %w", x, y, err)
		}
		if len(handles) != 2 {
			return ErrNotFound
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO creator_duplicate_dismissals (workspace_id, creator_a, creator_b,
			dismissed_by, dismissed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
			workspaceID, x, y, a.Label, now())
		if err != nil {
			return fmt.Errorf("store: unable to dismiss the pair %d and %d: %w", x, y, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit(ctx, tx, a, AuditEntry{WorkspaceID: workspaceID, Action: "creator.not_duplicate",
			ObjectType: "creator", ObjectID: fmt.Sprintf("%d,%d", x, y),
			Summary: fmt.Sprintf("@%s and @%s are not the same creator", handles[x], handles[y]),
			After:   map[string]any{"creators": []int64{x, y}}})
	})
}

// duplicateSides reads the live creators among ids with their accounts.
func (s *Store) duplicateSides(ctx context.Context, workspaceID int64, ids []int64) (map[int64]*DuplicateSide, error) {
	out := map[int64]*DuplicateSide{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := s.int64In("c.id", 2, ids)
	rows, err := s.read.QueryContext(ctx, `SELECT `+crmProfileColumns+crmProfileFrom+`
		WHERE c.workspace_id = $1 AND c.merged_into IS NULL AND `+in, append([]any{workspaceID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read duplicate creators: %w", err)
	}
	for rows.Next() {
		p, err := scanCRMProfile(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to read duplicate creators: %w", err)
		}
		out[p.ID] = &DuplicateSide{CRMProfile: p}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read duplicate creators: %w", err)
	}
	in, args = s.int64In("creator_id", 2, ids)
	rows, err = s.read.QueryContext(ctx, `SELECT creator_id, platform, handle FROM creator_accounts
		WHERE workspace_id = $1 AND `+in+` ORDER BY id`, append([]any{workspaceID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read duplicate creators' accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var platform, handle string
		if err := rows.Scan(&id, &platform, &handle); err != nil {
			return nil, fmt.Errorf("store: unable to read duplicate creators' accounts: %w", err)
		}
		if d := out[id]; d != nil {
			d.Accounts = append(d.Accounts, platform+" @"+handle)
		}
	}
	return out, rows.Err()
}
