package platformsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// syncActor signs the audit entries of syncs.
var syncActor = store.Actor{Label: "TikTok Shop sync"}

// ordersJob runs one connection's orders sync. A connection that is gone, disconnected or in
// need of re-authorization ends its chain: the schedule starts a new one once it is active.
func (y *Syncer) ordersJob(ctx context.Context, job *store.Job) error {
	var p ordersPayload
	if err := job.DecodePayload(&p); err != nil {
		return jobs.Permanent(err)
	}
	conn, err := y.Store.Connection(ctx, job.WorkspaceID, p.ConnectionID)
	if errors.Is(err, store.ErrNotFound) {
		if _, err := y.Store.CancelJobs(ctx, KindOrders, job.UniqueKey, "the connection no longer exists", y.now()); err != nil {
			return err
		}
		return jobs.Permanent(fmt.Errorf("connection %d of workspace %d no longer exists", p.ConnectionID, job.WorkspaceID))
	}
	if err != nil {
		return err
	}
	if conn.Status != store.ConnectionActive {
		return y.stopChain(ctx, conn, "the connection is "+conn.Status)
	}
	for range maxRunsPerJob {
		before, err := y.Store.SyncState(ctx, conn.ID, ordersResource)
		if err != nil {
			return err
		}
		_, err = y.SyncOrders(ctx, conn)
		// A failed attempt serves the requests too: they asked for an attempt, its error is on
		// the connections page, and the retry keeps its backoff.
		if serr := y.Store.ServeSyncRequests(context.WithoutCancel(ctx), conn.ID, ordersResource, before.Requests); serr != nil && err == nil {
			err = serr
		}
		if errors.Is(err, connect.ErrNeedsReauth) {
			// The connection's status says so now; nothing to retry until someone reconnects.
			return y.stopChain(ctx, conn, err.Error())
		}
		if err != nil {
			return err
		}
		after, err := y.Store.SyncState(ctx, conn.ID, ordersResource)
		if err != nil || !after.Requested() {
			return err
		}
		// Someone asked for a sync while this one ran: what changed since it started is theirs.
	}
	return nil
}

// SyncOrders runs (or resumes) one sync of the connection's affiliate orders into its shop:
// the orders updated from the last completed run's end minus the overlap (the first run:
// Backfill ago) up to now, page by
// page through the export importer's pipeline (ingest.ImportAPIOrderPages). Each page is
// stored with the token of the next one, so a sync killed mid-way resumes after its last
// stored page, and a page stored twice is all unchanged; the watermark moves with the last
// page. The attempt is an import run of its own, finished with an audit entry.
func (y *Syncer) SyncOrders(ctx context.Context, conn *store.Connection) (*ingest.Summary, error) {
	fail := func(err error) error {
		if ferr := y.Store.FailSyncRun(context.WithoutCancel(ctx), conn.ID, ordersResource, err.Error(), y.now()); ferr != nil {
			y.log().Warn("platformsync: unable to record a failed sync", "connection", conn.ID, "err", ferr)
		}
		return err
	}
	ws, shop, err := y.Store.SyncTarget(ctx, conn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fail(fmt.Errorf("connection %d (%s) feeds no shop: pick one on the connections page", conn.ID, conn.ShopName))
	}
	if err != nil {
		return nil, err
	}
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return nil, fail(err)
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
	runID, err := y.Store.StartImportRun(ctx, ws.ID, shop.ID, ingest.KindTikTokAPIOrders, name, ingest.APIOrdersHeader())
	if err != nil {
		return nil, err
	}
	if err := y.Store.StartSyncRun(ctx, conn.ID, ordersResource, resume, from, to, runID, now); err != nil {
		return nil, y.finishRun(ctx, ws.ID, runID, err, nil)
	}
	log := y.log().With("connection", conn.ID, "workspace", ws.Slug, "shop", shop.Slug, "run", runID)
	log.Info("platformsync: orders sync started", "from", from, "to", to, "resumed", resume, "cursor_set", st.Cursor != "")

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
	sum, err := ingest.ImportAPIOrderPages(ctx, y.Store, ws, shop, name, pages, ingest.Options{RunID: runID})
	if err != nil {
		log.Warn("platformsync: orders sync failed; the next attempt resumes after the last stored page", "err", err)
		return nil, fail(y.finishRun(ctx, ws.ID, runID, err, nil))
	}
	// A walk whose last page held no lines stored nothing with it: the run completes here.
	if err := y.Store.FinishSyncRun(ctx, conn.ID, ordersResource, y.now()); err != nil {
		return nil, fail(y.finishRun(ctx, ws.ID, runID, err, sum))
	}
	if err := y.finishRun(ctx, ws.ID, runID, nil, sum); err != nil {
		return nil, err
	}
	log.Info("platformsync: orders sync done", "inserted", sum.Inserted, "updated", sum.Updated, "unchanged", sum.Unchanged, "rejected", sum.Rejected)
	if sum.Inserted+sum.Updated > 0 {
		// As after an import: the CRM's sales, stages and tiers follow the new lines now, not
		// at the next hourly refresh. Its failure leaves the sync done; the hourly one retries.
		if _, err := crm.Refresh(ctx, y.Store, ws.ID, y.now()); err != nil {
			log.Warn("platformsync: the CRM refresh after the sync failed; the hourly one catches up", "err", err)
		}
	}
	return sum, nil
}

// finishRun marks the attempt's import run done or failed, with its audit entry (one per
// run: the lines it wrote are the run's), and returns runErr or the failure to record it.
func (y *Syncer) finishRun(ctx context.Context, workspaceID, runID int64, runErr error, sum *ingest.Summary) error {
	summary := "TikTok Shop orders sync failed: "
	if runErr != nil {
		summary += runErr.Error()
	} else {
		summary = fmt.Sprintf("TikTok Shop orders sync: %d new, %d updated, %d unchanged, %d rejected lines",
			sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
	}
	var after any
	if sum != nil {
		after = sum
	}
	err := y.Store.FinishUploadedRun(context.WithoutCancel(ctx), syncActor, workspaceID, runID, runErr, summary, after)
	if runErr != nil {
		return runErr
	}
	return err
}
