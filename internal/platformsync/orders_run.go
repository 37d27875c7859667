package platformsync

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// ordersRun is one attempt of a connection's orders sync, TikTok Shop or Shopee: an import
// run of its own around the platform's walk of pages. Both syncs record a failure, start,
// finish and complete their runs alike; only the walk differs.
type ordersRun struct {
	store *store.Store
	conn  *store.Connection
	actor store.Actor // signs the run's audit entry
	what  string      // "TikTok Shop orders sync", in the audit summary and the logs
	now   func() time.Time
	log   *slog.Logger
	ws    *model.Workspace
	id    int64 // the import run, once started
}

// fail records err as the sync's last error (the connections page shows it) and returns it.
func (r *ordersRun) fail(ctx context.Context, err error) error {
	if ferr := r.store.FailSyncRun(context.WithoutCancel(ctx), r.conn.ID, ordersResource, err.Error(), r.now()); ferr != nil {
		r.log.Warn("platformsync: unable to record a failed sync", "connection", r.conn.ID, "err", ferr)
	}
	return err
}

// start opens the attempt's import run (of kind, named name) and its sync run over [from, to),
// resumed or new, started at at; from then on it logs with the run's ids.
func (r *ordersRun) start(ctx context.Context, ws *model.Workspace, shop *model.Shop, kind, name string, resume bool, from, to, at time.Time) error {
	r.ws = ws
	id, err := r.store.StartImportRun(ctx, ws.ID, shop.ID, kind, name, ingest.APIOrdersHeader())
	if err != nil {
		return err
	}
	r.id = id
	if err := r.store.StartSyncRun(ctx, r.conn.ID, ordersResource, resume, from, to, id, at); err != nil {
		return r.finish(ctx, err, nil)
	}
	r.log = r.log.With("connection", r.conn.ID, "workspace", ws.Slug, "shop", shop.Slug, "run", id)
	return nil
}

// imported ends an attempt whose pages were all imported (sum, or the import's error): the
// sync run completes, the import run finishes, and the CRM follows the new lines.
func (r *ordersRun) imported(ctx context.Context, sum *ingest.Summary, err error, attrs ...any) (*ingest.Summary, error) {
	if err != nil {
		r.log.Warn("platformsync: "+r.what+" failed; the next attempt resumes after the last stored page", "err", err)
		return nil, r.fail(ctx, r.finish(ctx, err, nil))
	}
	// A walk whose last pages held no lines stored nothing with them: the run completes here.
	if err := r.store.FinishSyncRun(ctx, r.conn.ID, ordersResource, r.now()); err != nil {
		return nil, r.fail(ctx, r.finish(ctx, err, sum))
	}
	if err := r.finish(ctx, nil, sum); err != nil {
		return nil, err
	}
	r.log.Info("platformsync: "+r.what+" done", append(attrs, "inserted", sum.Inserted, "updated", sum.Updated,
		"unchanged", sum.Unchanged, "rejected", sum.Rejected)...)
	if sum.Inserted+sum.Updated > 0 {
		// As after an import: the CRM's sales, stages and tiers follow the new lines now, not
		// at the next hourly refresh. Its failure leaves the sync done; the hourly one retries.
		if _, err := crm.Refresh(ctx, r.store, r.ws.ID, r.now()); err != nil {
			r.log.Warn("platformsync: the CRM refresh after the "+r.what+" failed; the hourly one catches up", "err", err)
		}
	}
	return sum, nil
}

// finish marks the import run done or failed, with its audit entry (one per run: the lines
// it wrote are the run's), and returns runErr or the failure to record it.
func (r *ordersRun) finish(ctx context.Context, runErr error, sum *ingest.Summary) error {
	summary := r.what + " failed: "
	if runErr != nil {
		summary += runErr.Error()
	} else {
		summary = fmt.Sprintf("%s: %d new, %d updated, %d unchanged, %d rejected lines",
			r.what, sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
	}
	var after any
	if sum != nil {
		after = sum
	}
	err := r.store.FinishUploadedRun(context.WithoutCancel(ctx), r.actor, r.ws.ID, r.id, runErr, summary, after)
	if runErr != nil {
		return runErr
	}
	return err
}
