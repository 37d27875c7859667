package platformsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/store"
)

// shopeeSyncActor signs the audit entries of Shopee syncs.
var shopeeSyncActor = store.Actor{Label: "Shopee sync"}

// reportSlice is where a run's walk of the report stands: the place-order window it reads
// now (inclusive, whole seconds) and the page of it to read next. A run's window is read as
// one slice, or as consecutive smaller ones when it holds more conversions than Shopee's
// paging reaches (page_no × page_size ≤ 10,000).
type reportSlice struct {
	from, to time.Time
	page     int
}

// String is the slice as a sync cursor: "from:to:page" in Unix seconds.
func (c reportSlice) String() string {
	return fmt.Sprintf("%d:%d:%d", c.from.Unix(), c.to.Unix(), c.page)
}

// parseSlice reads a cursor written by String.
func parseSlice(s string) (reportSlice, error) {
	parts := strings.Split(s, ":")
	if len(parts) == 3 {
		from, err1 := strconv.ParseInt(parts[0], 10, 64)
		to, err2 := strconv.ParseInt(parts[1], 10, 64)
		page, err3 := strconv.Atoi(parts[2])
		if err1 == nil && err2 == nil && err3 == nil && page >= 1 && from <= to {
			return reportSlice{time.Unix(from, 0).UTC(), time.Unix(to, 0).UTC(), page}, nil
		}
	}
	return reportSlice{}, fmt.Errorf("the Shopee sync cursor %q is unreadable", s)
}

// SyncOrders runs (or resumes) one sync of the connection's AMS conversion report into its
// Shopee shop: the orders placed from the last completed run's end minus the overlap (the
// first run: Backfill ago) up to a few minutes ago, page by page through the export
// importer's pipeline (ingest.ImportShopeePages). Each page is stored with the position of
// the next one, so a sync killed mid-way resumes after its last stored page, and a page
// stored twice is all unchanged; the watermark moves with the last page. The attempt is an
// import run of its own, finished with an audit entry.
func (y *ShopeeSyncer) SyncOrders(ctx context.Context, conn *store.Connection) (*ingest.Summary, error) {
	run := &ordersRun{store: y.Store, conn: conn, actor: shopeeSyncActor, what: "Shopee orders sync", now: y.now, log: y.log()}
	if conn.Platform != model.PlatformShopee {
		return nil, fmt.Errorf("connection %d is a %s connection, not Shopee", conn.ID, conn.Platform)
	}
	ws, shop, err := y.Store.SyncTarget(ctx, conn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, run.fail(ctx, fmt.Errorf("connection %d (%s) feeds no shop: connect it again and pick the shop", conn.ID, conn.ShopName))
	}
	if err != nil {
		return nil, err
	}
	cl, sh, err := y.Clients.ShopeeClient(ctx, conn)
	if err != nil {
		return nil, run.fail(ctx, err)
	}
	if !strings.EqualFold(shop.Currency, sh.Currency) || shop.Platform != model.PlatformShopee {
		return nil, run.fail(ctx, fmt.Errorf("connection %d (%s): shop %q (%s, %s) cannot hold a Shopee %s shop's orders (%s): connect it to a Shopee shop in %s",
			conn.ID, conn.ShopName, shop.Slug, shop.Platform, shop.Currency, conn.Region, sh.Currency, sh.Currency))
	}
	st, err := y.Store.SyncState(ctx, conn.ID, ordersResource)
	if err != nil {
		return nil, err
	}
	now := y.now()
	resume := st.Unfinished()
	from, to := st.RunFrom, st.RunTo
	start := reportSlice{from, to, 1}
	name := "Shopee AMS sync " + now.UTC().Format("2006-01-02T15:04Z")
	if resume {
		name += fmt.Sprintf(" (resumed after page %d)", st.Pages)
		if st.Cursor != "" {
			if start, err = parseSlice(st.Cursor); err != nil {
				return nil, run.fail(ctx, err)
			}
		}
	} else {
		to = now.Add(-ShopeeLag).Truncate(time.Second)
		from = to.Add(-y.backfill())
		if !st.Watermark.IsZero() {
			from = st.Watermark.Add(-y.overlap())
		}
		start = reportSlice{from, to, 1}
	}
	if err := run.start(ctx, ws, shop, ingest.KindShopeeAPIOrders, name, resume, from, to, now); err != nil {
		return nil, err
	}
	run.log.Info("platformsync: Shopee orders sync started", "from", from, "to", to, "resumed", resume, "cursor", st.Cursor)

	walk := &reportWalk{y: y, conn: conn, cl: cl, shop: sh, runTo: to, size: y.pageSize()}
	sum, err := ingest.ImportShopeePages(ctx, y.Store, ws, shop, name, walk.pages(ctx, start), ingest.Options{RunID: run.id})
	return run.imported(ctx, sum, err, "pages", walk.pagesRead)
}

// reportWalk reads one run's window of the report page by page.
type reportWalk struct {
	y         *ShopeeSyncer
	conn      *store.Connection
	cl        *shopee.Client
	shop      shopee.Shop
	runTo     time.Time
	size      int
	pagesRead int
	refreshed bool
}

// pages yields the report's pages from start to the end of the run's window, each with the
// Commit that records the position after it (and completes the run with the last one).
func (w *reportWalk) pages(ctx context.Context, start reportSlice) func(yield func(ingest.ShopeePage, error) bool) {
	return func(yield func(ingest.ShopeePage, error) bool) {
		cur := start
		for {
			q := shopee.ReportQuery{PlacedFrom: cur.from, PlacedTo: cur.to, PageSize: w.size}
			if (cur.page)*w.size > shopee.MaxReportRows {
				// The slice grew past what paging reaches since it was sized: read its first
				// half again from its first page. Pages read twice are unchanged.
				next, ok := halve(cur)
				if !ok {
					yield(ingest.ShopeePage{}, fmt.Errorf("%w (shop %d, one second holds more)", shopee.ErrReportTooLarge, w.shop.ID))
					return
				}
				cur = next
				continue
			}
			p, err := w.cl.ConversionReportPage(ctx, w.shop, q, cur.page)
			if err != nil && shopee.IsTokenInvalid(err) && !w.refreshed {
				// Shopee refused a token it gave less than four hours ago (revoked, or
				// refreshed elsewhere): refresh once and read the page again.
				w.refreshed = true
				if err = w.refresh(ctx); err == nil {
					continue
				}
			}
			if err != nil {
				yield(ingest.ShopeePage{}, err)
				return
			}
			w.pagesRead++
			if cur.page == 1 && p.TotalCount > shopee.MaxReportRows {
				if next, ok := halve(cur); ok {
					cur = next
					continue
				}
			}
			next, done := w.advance(cur, p)
			cursor := next.String()
			if done {
				cursor = ""
			}
			var lines int64
			for i := range p.Conversions {
				lines += int64(ingest.ShopeeLineCount(&p.Conversions[i]))
			}
			connID, s := w.conn.ID, w.y.Store
			page := ingest.ShopeePage{Conversions: p.Conversions, Commit: func(ctx context.Context, tx *sql.Tx) error {
				if err := s.RecordSyncPageTx(ctx, tx, connID, ordersResource, cursor, lines); err != nil {
					return err
				}
				if cursor == "" { // the last page: the run is complete when it is stored
					return s.FinishSyncRunTx(ctx, tx, connID, ordersResource, w.y.now())
				}
				return nil
			}}
			if !yield(page, nil) || done {
				return
			}
			cur = next
		}
	}
}

// advance is the position after page p of slice cur: its next page, else the first page of
// the rest of the run's window; done when the window is read.
func (w *reportWalk) advance(cur reportSlice, p *shopee.ConversionPage) (next reportSlice, done bool) {
	if p.HasMore && len(p.Conversions) > 0 {
		return reportSlice{cur.from, cur.to, cur.page + 1}, false
	}
	if cur.to.Before(w.runTo) {
		return reportSlice{cur.to.Add(time.Second), w.runTo, 1}, false
	}
	return reportSlice{}, true
}

// refresh trades the connection's tokens for new ones and takes the new access token.
func (w *reportWalk) refresh(ctx context.Context) error {
	conn, err := w.y.Clients.RefreshShopee(ctx, w.conn)
	if err != nil {
		return err
	}
	cl, sh, err := w.y.Clients.ShopeeClient(ctx, conn)
	if err != nil {
		return err
	}
	w.conn, w.cl, w.shop = conn, cl, sh
	return nil
}

// halve is the first half of slice c, from its first page; false when c is one second.
func halve(c reportSlice) (reportSlice, bool) {
	span := c.to.Sub(c.from)
	if span < time.Second {
		return c, false
	}
	return reportSlice{c.from, c.from.Add((span / 2).Truncate(time.Second)), 1}, true
}
