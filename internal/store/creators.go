package store

import (
	"context"
	"database/sql"
	"fmt"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// creatorIDsByHandle maps the handles that have an account on platform to their creator ids.
func (s *Store) creatorIDsByHandle(ctx context.Context, q querier, workspaceID int64, platform string, handles []string) (map[string]int64, error) {
	cond, args := s.inClause("handle", 3, handles)
	rows, err := q.QueryContext(ctx, `SELECT handle, creator_id FROM creator_accounts WHERE workspace_id = $1 AND platform = $2 AND `+cond,
		append([]any{workspaceID, platform}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up creators: %w", err)
	}
	defer rows.Close()
	out := make(map[string]int64, len(handles))
	for rows.Next() {
		var h string
		var id int64
		if err := rows.Scan(&h, &id); err != nil {
			return nil, err
		}
		out[h] = id
	}
	return out, rows.Err()
}

// createCreatorWithAccount creates a creator known so far only by a platform handle. The caller
// adds it to the creator directory (addToDirectory) in the same transaction.
func (s *Store) createCreatorWithAccount(ctx context.Context, q querier, workspaceID int64, platform, handle, source string) (int64, error) {
	var id int64
	t := now()
	err := q.QueryRowContext(ctx, `INSERT INTO creators (workspace_id, username, source, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, workspaceID, handle, source, t).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: unable to create creator %q: %w", handle, err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO creator_accounts (workspace_id, creator_id, platform, handle, created_at)
		VALUES ($1, $2, $3, $4, $5)`, workspaceID, id, platform, handle, t)
	if err != nil {
		return 0, fmt.Errorf("store: unable to record the %s account %q: %w", platform, handle, err)
	}
	return id, nil
}

// createCreatorsWithAccounts creates creators known so far only by their handles on platform,
// a few hundred per statement, and returns their ids by handle. The caller adds them to the
// creator directory (addToDirectory) in the same transaction.
func (s *Store) createCreatorsWithAccounts(ctx context.Context, q querier, workspaceID int64, platform string, handles []string, source string) (map[string]int64, error) {
	out := make(map[string]int64, len(handles))
	t := now()
	for start := 0; start < len(handles); start += 256 {
		part := handles[start:min(start+256, len(handles))]
		args := make([]any, 0, len(part)*5)
		for _, h := range part {
			args = append(args, workspaceID, h, source, t, t)
		}
		rows, err := q.QueryContext(ctx, `INSERT INTO creators (workspace_id, username, source, created_at, updated_at) VALUES `+
			s.valuesList(len(part), 5, 1)+` RETURNING id, username`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to create creators: %w", err)
		}
		for rows.Next() {
			var id int64
			var h string
			if err := rows.Scan(&id, &h); err != nil {
				rows.Close()
				return nil, err
			}
			out[h] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: unable to create creators: %w", err)
		}
		args = args[:0]
		for _, h := range part {
			args = append(args, workspaceID, out[h], platform, h, t)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO creator_accounts (workspace_id, creator_id, platform, handle, created_at) VALUES `+
			s.valuesList(len(part), 5, 1), args...); err != nil {
			return nil, fmt.Errorf("store: unable to record %s accounts: %w", platform, err)
		}
	}
	return out, nil
}
