package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// SetImportRunMapping records how a creator list's columns were read (header → field key,
// "ignore" for none), so a later list with the same header is offered the same mapping.
func (s *Store) SetImportRunMapping(ctx context.Context, runID int64, mapping map[string]string) error {
	b, err := json.Marshal(mapping)
	if err != nil {
		return err
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE import_runs SET mapping = $1 WHERE id = $2`, string(b), runID); err != nil {
		return fmt.Errorf("store: unable to record the column mapping of import run %d: %w", runID, err)
	}
	return nil
}

// ImportRunMapping returns the column mapping a run of the workspace recorded (nil when it
// recorded none), or ErrNotFound.
func (s *Store) ImportRunMapping(ctx context.Context, workspaceID, runID int64) (map[string]string, error) {
	var js string
	err := s.read.QueryRowContext(ctx, `SELECT mapping FROM import_runs WHERE workspace_id = $1 AND id = $2`,
		workspaceID, runID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the column mapping of import run %d: %w", runID, err)
	}
	return decodeMapping(js)
}

// LastCreatorMapping returns the mapping of the workspace's latest creator list import whose
// header was exactly this one, or nil when there is none.
func (s *Store) LastCreatorMapping(ctx context.Context, workspaceID int64, header []string) (map[string]string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return nil, err
	}
	var js string
	err = s.read.QueryRowContext(ctx, `SELECT mapping FROM import_runs WHERE workspace_id = $1 AND kind = 'creators'
		AND header = $2 AND mapping <> '' ORDER BY id DESC LIMIT 1`, workspaceID, string(h)).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up an earlier column mapping: %w", err)
	}
	return decodeMapping(js)
}

func decodeMapping(js string) (map[string]string, error) {
	if js == "" {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		return nil, fmt.Errorf("store: a recorded column mapping is not JSON: %w", err)
	}
	return m, nil
}
