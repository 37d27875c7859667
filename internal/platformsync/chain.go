package platformsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/store"
)

// A sync chain is a connection's recurring job of one kind (TikTok Shop orders, Shopee
// orders, samples, collaborations, promotion links), unique key "connection:<id>". The
// schedule jobs start the chains; the chain jobs of the syncs that serve "sync now" requests
// share chainJob. Both were written once per platform before, and drifted only in names.

// chain is one connection's chain as the schedule starts it.
type chain struct {
	spec store.JobSpec
	// resource is the sync state whose pending "sync now" requests make the chain's first
	// run due at once ("" for none): a request that came as a run was ending, too late for it
	// to see, is served by the schedule.
	resource string
}

// scheduleChains makes sure every active connection has the chains chainsOf gives it (the
// unique keys make this a no-op for those that have them). One connection's failure does
// not keep the others' chains from starting.
func scheduleChains(ctx context.Context, s *store.Store, log *slog.Logger, chainsOf func(c *store.Connection) []chain) error {
	conns, err := s.ActiveConnections(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		for _, ch := range chainsOf(c) {
			spec := ch.spec
			if ch.resource != "" {
				st, err := s.SyncState(ctx, c.ID, ch.resource)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				spec.Expedite = st.Requested()
			}
			if _, created, err := s.EnqueueJob(ctx, spec); err != nil {
				errs = append(errs, err)
			} else if created {
				log.Info("platformsync: sync chain scheduled", "kind", spec.Kind, "connection", c.ID, "workspace", c.WorkspaceID, "every", spec.Every)
			}
		}
	}
	return errors.Join(errs...)
}

// chainJob runs one job of a connection's chain: sync once, then again (up to maxRunsPerJob
// runs) while "sync now" requests for resource came during the run — the run read only up to
// the time it started, so what changed since is theirs. A connection that is gone,
// disconnected or in need of re-authorization ends the chain (the job's kind and key): the
// schedule starts a new one once it is active.
func chainJob(ctx context.Context, s *store.Store, now func() time.Time, job *store.Job, resource string,
	sync func(context.Context, *store.Connection) error) error {
	var p ordersPayload
	if err := job.DecodePayload(&p); err != nil {
		return jobs.Permanent(err)
	}
	stop := func(reason string) error {
		_, err := s.CancelJobs(ctx, job.Kind, job.UniqueKey, reason, now())
		return err
	}
	conn, err := s.Connection(ctx, job.WorkspaceID, p.ConnectionID)
	if errors.Is(err, store.ErrNotFound) {
		if err := stop("the connection no longer exists"); err != nil {
			return err
		}
		return jobs.Permanent(fmt.Errorf("connection %d of workspace %d no longer exists", p.ConnectionID, job.WorkspaceID))
	}
	if err != nil {
		return err
	}
	if conn.Status != store.ConnectionActive {
		return stop("the connection is " + conn.Status)
	}
	for range maxRunsPerJob {
		before, err := s.SyncState(ctx, conn.ID, resource)
		if err != nil {
			return err
		}
		err = sync(ctx, conn)
		// A failed attempt serves the requests too: they asked for an attempt, its error is on
		// the connections page, and the retry keeps its backoff.
		if serr := s.ServeSyncRequests(context.WithoutCancel(ctx), conn.ID, resource, before.Requests); serr != nil && err == nil {
			err = serr
		}
		if errors.Is(err, connect.ErrNeedsReauth) {
			// The connection's status says so now; nothing to retry until someone reconnects.
			return stop(err.Error())
		}
		if err != nil {
			return err
		}
		after, err := s.SyncState(ctx, conn.ID, resource)
		if err != nil || !after.Requested() {
			return err
		}
	}
	return nil
}
