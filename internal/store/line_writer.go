package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// ParsedLine is an order line read from an export or an API page, with the hash of its
// normalized fields (equal hashes mean nothing changed).
type ParsedLine struct {
	model.OrderLine
	Hash int64
	// Lacks names the fields the line's source does not carry (or carries only as a value
	// derived from others): a stored line keeps its own value for them, so a line imported
	// from an export and then synced through the API, which sends no payment method, is
	// unchanged rather than emptied. Zero for exports, which carry every field.
	Lacks LineFields
}

// LineFields is a set of order line fields, for ParsedLine.Lacks.
type LineFields uint8

// The fields a source may lack. Price and payment go together for the TikTok Shop API: it
// sends the unit price the buyer paid, from which the payment is derived, while an export
// has the list price and the amount actually paid.
const (
	LacksPaymentMethod LineFields = 1 << iota
	LacksCommissionModel
	LacksPlatform
	LacksCommissionPaidAt
	LacksPrice
	LacksPayment
)

// LineBatch is one slice of an import, applied in one transaction: what it holds is either all
// stored or not at all, so a crash loses nothing that was acknowledged.
type LineBatch struct {
	Lines    []ParsedLine  // in file order; a later line with the same key wins
	Rejected []RejectedRow // the batch's rows that could not be read
	Resolved []int64       // earlier rejected rows that this import has now read well
	RowsRead int64         // rows of the file read so far, this batch included
	// Commit, when set, runs in the batch's transaction after its lines are written, so what
	// it records (a sync's page token) is committed if and only if the batch is.
	Commit func(ctx context.Context, tx *sql.Tx) error
}

// BatchResult counts what a batch did to the stored lines.
type BatchResult struct {
	Inserted, Updated, Unchanged, Rejected int64
	// Stale counts unchanged lines whose incoming version was older than the stored one (an
	// old export imported after a newer one); the newer version is kept.
	Stale int64
	// Duplicates counts rows repeated later in the same batch: the later row wins.
	Duplicates int64
}

// Add adds o's counts to r.
func (r *BatchResult) Add(o BatchResult) {
	r.Inserted += o.Inserted
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Rejected += o.Rejected
	r.Stale += o.Stale
	r.Duplicates += o.Duplicates
}

// LineWriter applies an import's batches for one shop. It caches the ids of creators, products
// and SKUs it has seen; the cache only learns what a committed transaction wrote.
type LineWriter struct {
	s        *Store
	ws       *model.Workspace
	shop     *model.Shop
	runID    int64
	tz       *time.Location
	accounts string // the creator_accounts platform of the shop's creators
	creators map[string]int64
	products map[string]int64
	skus     map[string]bool
	dayCache map[int64]int32
	totals   BatchResult
	prepared bool
	// Hash recomputes a line's hash once stored values were kept for fields it lacks (see
	// ParsedLine.Lacks) or for a content type spelled in another case; the importer's hash.
	Hash func(*model.OrderLine) int64
}

// NewLineWriter starts writing the lines of import run runID into shop.
func (s *Store) NewLineWriter(ws *model.Workspace, shop *model.Shop, runID int64) *LineWriter {
	return &LineWriter{
		s: s, ws: ws, shop: shop, runID: runID, tz: ws.Location(),
		accounts: AccountPlatform(shop.Platform),
		creators: map[string]int64{}, products: map[string]int64{}, skus: map[string]bool{},
		dayCache: map[int64]int32{},
	}
}

// AccountPlatform names the creator-account platform of a shop platform.
func AccountPlatform(shopPlatform string) string {
	switch shopPlatform {
	case model.PlatformTikTokShop:
		return "tiktok"
	default:
		return shopPlatform
	}
}

// Totals is what the batches applied so far did.
func (w *LineWriter) Totals() BatchResult { return w.totals }

// Apply stores a batch in one transaction and returns what it did.
func (w *LineWriter) Apply(ctx context.Context, b *LineBatch) (BatchResult, error) {
	var res BatchResult
	var learned *catalogIDs
	if !w.prepared {
		if err := w.s.prepareImportStatements(ctx); err != nil {
			return res, err
		}
		w.prepared = true
	}
	err := w.s.inConnTx(ctx, func(conn *sql.Conn, tx *sql.Tx) error {
		if err := w.s.lockWorkspace(ctx, tx, w.ws.ID); err != nil {
			return err
		}
		var err error
		res, learned, err = w.applyLines(ctx, conn, tx, b.Lines)
		if err != nil {
			return err
		}
		if err := w.s.insertRejected(ctx, tx, w.ws.ID, w.shop.ID, w.runID, b.Rejected); err != nil {
			return err
		}
		res.Rejected = int64(len(b.Rejected))
		if err := w.s.markResolved(ctx, tx, w.ws.ID, w.runID, b.Resolved); err != nil {
			return err
		}
		t := w.totals
		t.Add(res)
		if err := w.s.updateRunProgress(ctx, tx, w.runID, b.RowsRead, t); err != nil {
			return err
		}
		if b.Commit != nil {
			return b.Commit(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return BatchResult{}, err
	}
	learned.mergeInto(w)
	w.totals.Add(res)
	return res, nil
}

// lockWorkspace serializes writers of one workspace on PostgreSQL, where several servers may
// import at once: rollup deltas and creator creation assume nobody else writes between the
// read and the write. SQLite has a single writer already.
func (s *Store) lockWorkspace(ctx context.Context, tx *sql.Tx, workspaceID int64) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, int32(7281), int32(workspaceID))
	if err != nil {
		return fmt.Errorf("store: unable to lock workspace %d: %w", workspaceID, err)
	}
	return nil
}

// day returns the YYYYMMDD day of a Unix time in the workspace's zone.
func (w *LineWriter) day(unix int64) int32 {
	// Cache by quarter hour: every zone's offset is a multiple of 15 minutes, so a day never
	// starts inside a bucket, and an import meets far fewer buckets than lines.
	const bucket = 900
	q := unix - unix%bucket
	if unix < 0 && unix%bucket != 0 {
		q -= bucket
	}
	if d, ok := w.dayCache[q]; ok {
		return d
	}
	d := DayOf(time.Unix(q, 0), w.tz)
	if len(w.dayCache) > 1<<16 {
		clear(w.dayCache)
	}
	w.dayCache[q] = d
	return d
}

// DayOf returns t's day in loc as YYYYMMDD, the key of the daily rollups.
func DayOf(t time.Time, loc *time.Location) int32 {
	t = t.In(loc)
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}
