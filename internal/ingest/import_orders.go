package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// KindTikTokOrders names TikTok Shop affiliate-order imports.
const KindTikTokOrders = "tiktok_orders"

// batchRows is how many rows go into one transaction: large enough that commits and the month
// rollups (rewritten once per batch) cost little, small enough that a crash loses about a
// second of work (and nothing committed).
const batchRows = 8192

// Progress is what an import reports as it goes.
type Progress struct {
	File     string
	Fraction float64 // of the file read, 0 to 1
	Rows     int64
	store.BatchResult
}

// Options tune an import.
type Options struct {
	// OnProgress, when set, is called after each batch is committed.
	OnProgress func(Progress)
	// RunID, when set, is a run recorded beforehand (an upload's, so its page exists before the
	// import starts): the import reports into it instead of starting one, and leaves marking it
	// done or failed to the caller, who records that with its audit entry.
	RunID int64
}

// startRun returns the run to report into: the one given, or a new one.
func (o Options) startRun(ctx context.Context, s *store.Store, workspaceID, shopID int64, kind, name string, header []string) (int64, error) {
	if o.RunID != 0 {
		return o.RunID, nil
	}
	return s.StartImportRun(ctx, workspaceID, shopID, kind, name, header)
}

// finishRun marks the import's own run done or failed; a run given beforehand is the caller's
// to finish.
func (o Options) finishRun(ctx context.Context, s *store.Store, runID int64, err error) error {
	if o.RunID != 0 {
		return err
	}
	if ferr := s.FinishImportRun(context.WithoutCancel(ctx), runID, err); ferr != nil && err == nil {
		err = ferr
	}
	return err
}

// Summary is what an import of one file did.
type Summary struct {
	File      string        `json:"file"`
	RunID     int64         `json:"run_id"`
	Rows      int64         `json:"rows"`
	Inserted  int64         `json:"inserted"`
	Updated   int64         `json:"updated"`
	Unchanged int64         `json:"unchanged"`
	Rejected  int64         `json:"rejected"`
	Stale     int64         `json:"stale"`
	Repeated  int64         `json:"repeated"`
	Duration  time.Duration `json:"-"`
	Seconds   float64       `json:"seconds"`
}

// ImportOrders imports a TikTok Shop affiliate-orders export (CSV or XLSX) into shop. It returns
// an error only when the file cannot be read at all; rows it cannot read are kept as rejected
// rows and counted in the summary.
func ImportOrders(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, path string, opts Options) (*Summary, error) {
	start := time.Now()
	name := filepath.Base(path)
	t, err := OpenTable(path)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	parser, err := NewOrderRowParser(t.Header(), shop)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return importOrderRows(ctx, s, ws, shop, t, parser, KindTikTokOrders, name, opts, start, nil)
}

func rejectedRow(row []string, n int64, e *RowError, key string) store.RejectedRow {
	if key == "/" || len(key) > 0 && (key[0] == '/' || key[len(key)-1] == '/') {
		key = ""
	}
	return store.RejectedRow{Row: n, Column: e.Column, Value: e.Value, Reason: e.Reason,
		Raw: append([]string(nil), row...), LineKey: key}
}

// batchCutter is a Table that decides where batches end, as an API sync does at the end of
// each page: after each row, CutBatch reports whether the batch ends with it, and what to run
// in that batch's transaction.
type batchCutter interface {
	CutBatch() (cut bool, commit func(ctx context.Context, tx *sql.Tx) error)
}

// runBatches reads t on one goroutine, filling batches through parse, and hands each full batch
// to apply on the calling goroutine, so parsing one batch overlaps writing the previous one.
func runBatches(ctx context.Context, t Table, parse func(row []string, n int64, b *store.LineBatch), apply func(b *store.LineBatch, fraction float64) error) error {
	type full struct {
		b        *store.LineBatch
		fraction float64
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan full, 1)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		b := &store.LineBatch{}
		var rows int64
		send := func() bool {
			b.RowsRead = rows
			select {
			case batches <- full{b, t.Progress()}:
				b = &store.LineBatch{}
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			row, n, err := t.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var rerr *RowError
			switch {
			case errors.As(err, &rerr):
				rows++
				b.Rejected = append(b.Rejected, rejectedRow(row, n, rerr, ""))
			case err != nil:
				readErr <- err
				return
			default:
				rows++
				parse(row, n, b)
			}
			if c, ok := t.(batchCutter); ok {
				if cut, commit := c.CutBatch(); cut {
					b.Commit = commit
					if !send() {
						return
					}
					continue
				}
			}
			if len(b.Lines)+len(b.Rejected) >= batchRows {
				// Cut before the line that starts a new order, never inside an order (up to a
				// limit), so an order's lines and a line an export repeats on adjacent rows are
				// weighed in one transaction.
				n := len(b.Lines)
				if n >= 2 && n < 2*batchRows && b.Lines[n-1].OrderID == b.Lines[n-2].OrderID {
					continue
				}
				var carry []store.ParsedLine
				if n >= 2 && n < 2*batchRows {
					carry = append(carry, b.Lines[n-1])
					b.Lines = b.Lines[:n-1]
				}
				if !send() {
					return
				}
				b.Lines = append(b.Lines, carry...)
			}
		}
		if len(b.Lines)+len(b.Rejected) > 0 || rows == 0 {
			send()
		}
		readErr <- nil
	}()
	for f := range batches {
		if err := apply(f.b, f.fraction); err != nil {
			cancel()
			for range batches {
			}
			return err
		}
	}
	return <-readErr
}
