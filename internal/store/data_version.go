package store

import (
	"context"
	"fmt"
)

// dataVersionSQL fingerprints a workspace's data: see dataVersion.
const dataVersionSQL = `SELECT COUNT(*), COALESCE(MAX(id), 0),
	COALESCE(SUM(rows_read + inserted + updated + unchanged + rejected), 0), COALESCE(MAX(heartbeat_at), 0),
	(SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE workspace_id = $1)
	FROM import_runs WHERE workspace_id = $1`

// dataVersion is a fingerprint of a workspace's data that changes whenever its creators or
// order lines do. Imports record their counts in their run in the same transaction as the data
// (rows read, inserted, updated), and every other change writes an audit entry in its
// transaction: the two together move with every commit that matters, and both are read from
// small indexed tables.
func (s *Store) dataVersion(ctx context.Context, workspaceID int64) (string, error) {
	// Parsing the statement cost more than running it, on every request of the list.
	stmt, err := s.readStmt(ctx, dataVersionSQL)
	if err != nil {
		return "", fmt.Errorf("store: unable to prepare the data version query: %w", err)
	}
	var runs, maxRun, counts, beat, audit int64
	if err := stmt.QueryRowContext(ctx, workspaceID).Scan(&runs, &maxRun, &counts, &beat, &audit); err != nil {
		return "", fmt.Errorf("store: unable to read the data version of workspace %d: %w", workspaceID, err)
	}
	return fmt.Sprintf("%d.%d.%d.%d.%d", runs, maxRun, counts, beat, audit), nil
}

// DataVersion is dataVersion for caches outside the store (the overview's figures).
func (s *Store) DataVersion(ctx context.Context, workspaceID int64) (string, error) {
	return s.dataVersion(ctx, workspaceID)
}
