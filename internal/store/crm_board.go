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
	from := ` FROM creators c`
	if idx := s.boardIndex(workspaceID, q, true); idx != "" {
		from += ` INDEXED BY ` + idx
	}
	rows, err := s.read.QueryContext(ctx, `SELECT c.stage, COUNT(*), COALESCE(SUM(c.sales_gmv_30d), 0)`+from+
		` WHERE `+where+` GROUP BY c.stage`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
	}
	type sum struct{ n, gmv int64 }
	sums := map[model.Stage]sum{}
	b := &Board{}
	for rows.Next() {
		var stage string
		var x sum
		if err := rows.Scan(&stage, &x.n, &x.gmv); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
		}
		sums[model.Stage(stage)] = x
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to count the pipeline: %w", err)
	}
	if b.Currency, err = s.mainCurrency(ctx, workspaceID); err != nil {
		return nil, err
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

// boardCards reads a stage's top creators of the filter by 30-day GMV (then newest first, so
// the order is stable between reloads): a range of the creators_board index, however rare the stage.
func (s *Store) boardCards(ctx context.Context, workspaceID int64, q DirectoryQuery, stage model.Stage, n int) ([]CRMProfile, error) {
	// The stage is compared here, not through q.Stages: the directory may write its stage test
	// so that no index is used for it (+c.stage), and this query is a range of creators_board.
	q.Stages = nil
	var a sqlArgs
	where := s.directoryWhere(workspaceID, &q, &a) + " AND c.stage = " + a.add(string(stage))
	from := crmProfileFrom
	if idx := s.boardIndex(workspaceID, q, false); idx != "" {
		from = ` FROM creators c INDEXED BY ` + idx + ` LEFT JOIN users u ON u.id = c.owner_id`
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+crmProfileColumns+from+` WHERE `+where+
		` ORDER BY c.sales_gmv_30d DESC, c.id DESC LIMIT `+a.add(n), a.list...)
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

// boardIndex names the index SQLite is to read a board query through ("" to leave it to the
// planner). SQLite keeps no statistics here (nobody runs ANALYZE) and takes creators_sla, as
// long a prefix as creators_board, then reads every creator's row for its GMV: at a million
// creators 5 s instead of under one for the counts, and a whole stage's rows for 50 cards.
// Each index is picked only when the filter uses nothing beyond its columns (a query without
// that filter has no other argument), so it answers without reading the table; a count with
// a region or vertical filter reads the directory's region index the same way.
func (s *Store) boardIndex(workspaceID int64, q DirectoryQuery, count bool) string {
	if s.dialect != SQLite {
		return ""
	}
	only := func(clear func(*DirectoryQuery)) bool {
		c := q
		clear(&c)
		var a sqlArgs
		s.directoryWhere(workspaceID, &c, &a)
		return len(a.list) == 1
	}
	switch {
	case only(func(*DirectoryQuery) {}):
		return "creators_board"
	case q.OwnerID != nil && !q.Unowned && only(func(c *DirectoryQuery) { c.OwnerID = nil }):
		return "creators_owner_board"
	case !count:
		return "creators_board" // the top cards of a stage, the filter checked on their rows
	case q.Region != "" && only(func(c *DirectoryQuery) { c.Region, c.Verticals = "", nil }):
		return "creators_dir_region"
	}
	return ""
}
