package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// importOrderRows runs a table of affiliate-order rows through parser into shop under a new
// import run: the part of an import that is the same whether the rows come from an export file
// or from the API. unreadable, when set, may reject a row before it is parsed (with the reason
// and the line's key), for sources that can fail line by line. It returns an error only when
// the import could not run; rows it cannot read are rejected rows in the summary.
func importOrderRows(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, t Table, parser *OrderRowParser,
	kind, name string, opts Options, start time.Time, unreadable func(row []string) (*RowError, string)) (*Summary, error) {
	runID, err := opts.startRun(ctx, s, ws.ID, shop.ID, kind, name, t.Header())
	if err != nil {
		return nil, err
	}
	openRejected, err := s.OpenRejectedKeys(ctx, ws.ID, shop.ID)
	if err != nil {
		return nil, opts.finishRun(ctx, s, runID, err)
	}
	w := s.NewLineWriter(ws, shop, runID)
	w.Hash = HashLine
	err = runBatches(ctx, t, func(row []string, n int64, b *store.LineBatch) {
		if unreadable != nil {
			if rerr, key := unreadable(row); rerr != nil {
				b.Rejected = append(b.Rejected, rejectedRow(row, n, rerr, key))
				return
			}
		}
		l, rerr := parser.Parse(row)
		if rerr != nil {
			b.Rejected = append(b.Rejected, rejectedRow(row, n, rerr, l.OrderID+"/"+l.SKUID))
			return
		}
		if len(openRejected) > 0 {
			key := l.OrderID + "/" + l.SKUID
			if ids, ok := openRejected[key]; ok {
				b.Resolved = append(b.Resolved, ids...)
				delete(openRejected, key)
			}
		}
		b.Lines = append(b.Lines, l)
	}, func(b *store.LineBatch, fraction float64) error {
		if _, err := w.Apply(ctx, b); err != nil {
			return err
		}
		if opts.OnProgress != nil {
			opts.OnProgress(Progress{File: name, Fraction: fraction, Rows: b.RowsRead, BatchResult: w.Totals()})
		}
		return nil
	})
	if err = opts.finishRun(ctx, s, runID, err); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	tot := w.Totals()
	d := time.Since(start)
	return &Summary{File: name, RunID: runID, Rows: tot.Inserted + tot.Updated + tot.Unchanged + tot.Rejected + tot.Duplicates,
		Inserted: tot.Inserted, Updated: tot.Updated, Unchanged: tot.Unchanged, Rejected: tot.Rejected, Stale: tot.Stale, Repeated: tot.Duplicates,
		Duration: d, Seconds: d.Seconds()}, nil
}
