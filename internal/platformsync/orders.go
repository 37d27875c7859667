package platformsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// syncActor signs the audit entries of syncs.
var syncActor = store.Actor{Label: "TikTok Shop sync"}

// ordersJob runs one connection's orders sync, and again while "sync now" requests came
// during the run (chainJob).
func (y *Syncer) ordersJob(ctx context.Context, job *store.Job) error {
	return chainJob(ctx, y.Store, y.now, job, ordersResource, func(ctx context.Context, conn *store.Connection) error {
		_, err := y.SyncOrders(ctx, conn)
		return err
	})
}

// SyncOrders runs (or resumes) one sync of the connection's affiliate orders into its shop:
// the orders updated from the last completed run's end minus the overlap (the first run:
// Backfill ago) up to now, page by
// page through the export importer's pipeline (ingest.ImportAPIOrderPages). Each page is
// stored with the token of the next one, so a sync killed mid-way resumes after its last
// stored page, and a page stored twice is all unchanged; the watermark moves with the last
// page. The attempt is an import run of its own, finished with an audit entry.
func (y *Syncer) SyncOrders(ctx context.Context, conn *store.Connection) (*ingest.Summary, error) {
	run := &ordersRun{store: y.Store, conn: conn, actor: syncActor, what: "TikTok Shop orders sync", now: y.now, log: y.log()}
	ws, shop, err := y.Store.SyncTarget(ctx, conn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, run.fail(ctx, fmt.Errorf("connection %d (%s) feeds no shop: pick one on the connections page", conn.ID, conn.ShopName))
	}
	if err != nil {
		return nil, err
	}
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return nil, run.fail(ctx, err)
	}
	st, err := y.Store.SyncState(ctx, conn.ID, ordersResource)
	if err != nil {
		return nil, err
	}
	now := y.now()
	resume := st.Unfinished()
	from, to := st.RunFrom, st.RunTo
	name := "TikTok Shop API sync " + now.UTC().Format("2006-01-02T15:04Z")
	if resume {
		name += fmt.Sprintf(" (resumed after page %d)", st.Pages)
	} else {
		from, to = now.Add(-y.backfill()), now
		if !st.Watermark.IsZero() {
			from = st.Watermark.Add(-y.overlap())
		}
	}
	if err := run.start(ctx, ws, shop, ingest.KindTikTokAPIOrders, name, resume, from, to, now); err != nil {
		return nil, err
	}
	run.log.Info("platformsync: TikTok Shop orders sync started", "from", from, "to", to, "resumed", resume, "cursor_set", st.Cursor != "")

	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	q := tiktokshop.OrdersQuery{UpdateTimeGE: from, UpdateTimeLT: to, PageSize: y.pageSize()}
	pages := func(yield func(ingest.APIOrderPage, error) bool) {
		cursor := st.Cursor
		for {
			p, err := cl.AffiliateOrdersPage(ctx, auth, q, cursor)
			if err != nil {
				yield(ingest.APIOrderPage{}, err)
				return
			}
			next, lines := p.NextPageToken, int64(len(p.Lines)+len(p.Errs))
			page := ingest.APIOrderPage{Lines: p.Lines, Errs: p.Errs, Commit: func(ctx context.Context, tx *sql.Tx) error {
				if err := y.Store.RecordSyncPageTx(ctx, tx, conn.ID, ordersResource, next, lines); err != nil {
					return err
				}
				if next == "" { // the last page: the run is complete when it is stored
					return y.Store.FinishSyncRunTx(ctx, tx, conn.ID, ordersResource, y.now())
				}
				return nil
			}}
			if !yield(page, nil) || next == "" {
				return
			}
			if next == cursor {
				yield(ingest.APIOrderPage{}, fmt.Errorf("tiktokshop: the orders search sent page token %q twice in a row", next))
				return
			}
			cursor = next
		}
	}
	sum, err := ingest.ImportAPIOrderPages(ctx, y.Store, ws, shop, name, pages, ingest.Options{RunID: run.id})
	return run.imported(ctx, sum, err)
}
