package store

import (
	"context"
	"fmt"

	"github.com/creatorops/creatorops/internal/model"
)

// BoardColumn is one stage of the pipeline board: how many creators of the filter are in it,
// their 30-day GMV together, and the top cards by 30-day GMV.
type BoardColumn struct {
	Stage  model.Stage
	Count  int64
	GMV30d int64 // minor units of the board's currency
	Cards  []CRMProfile
}

// Board is the pipeline board of a directory filter: one column per stage, in board order.
type Board struct {
	Columns  []BoardColumn
	Currency string // the sales currency of the creators (the workspace's main currency); "" before any refresh
}

// PipelineBoard counts the creators matching q per stage and reads the top perColumn cards of
// each stage by 30-day GMV. q's stages, sort and paging are ignored: the columns are the stages.
func (s *Store) PipelineBoard(ctx context.Context, workspaceID int64, q DirectoryQuery, perColumn int) (*Board, error) {
	q.Stages, q.After, q.Offset = nil, nil, 0
	if perColumn <= 0 {
		perColumn = 50
	}
	var a sqlArgs
	where := s.directoryWhere(workspaceID, &q, &a)
	rows, err := s.read.QueryContext(ctx, `SELECT c.stage, COUNT(*), COALESCE(SUM(c.sales_gmv_30d), 0), MAX(c.sales_currency)
		FROM creators c WHERE `+where+` GROUP BY c.stage`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
	}
	type sum struct{ n, gmv int64 }
	sums := map[model.Stage]sum{}
	b := &Board{}
	for rows.Next() {
		var stage, currency string
		var x sum
		if err := rows.Scan(&stage, &x.n, &x.gmv, &currency); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
		}
		sums[model.Stage(stage)] = x
		if b.Currency == "" {
			b.Currency = currency
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
	}
	for _, st := range model.Stages {
		col := BoardColumn{Stage: st, Count: sums[st].n, GMV30d: sums[st].gmv}
		if col.Count > 0 {
			if col.Cards, err = s.boardCards(ctx, workspaceID, q, st, perColumn); err != nil {
				return nil, err
			}
		}
		b.Columns = append(b.Columns, col)
	}
	return b, nil
}

// boardCards reads a stage's top creators of the filter by 30-day GMV (then id, so the order
// is stable between reloads).
func (s *Store) boardCards(ctx context.Context, workspaceID int64, q DirectoryQuery, stage model.Stage, n int) ([]CRMProfile, error) {
	q.Stages = []model.Stage{stage}
	var a sqlArgs
	where := s.directoryWhere(workspaceID, &q, &a)
	rows, err := s.read.QueryContext(ctx, `SELECT `+crmProfileColumns+crmProfileFrom+` WHERE `+where+
		` ORDER BY c.sales_gmv_30d DESC, c.id LIMIT `+a.add(n), a.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the %s column: %w", stage, err)
	}
	defer rows.Close()
	var out []CRMProfile
	for rows.Next() {
		p, err := scanCRMProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to read the %s column: %w", stage, err)
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}
