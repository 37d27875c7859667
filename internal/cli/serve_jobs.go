package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// jobFlags are serve's options for the background jobs.
type jobFlags struct {
	syncEvery time.Duration
	workers   int
}

func (f *jobFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.DurationVar(&f.syncEvery, "sync-every", platformsync.DefaultEvery, "how often each connected shop's affiliate orders are synced (at least 1m)")
	fl.IntVar(&f.workers, "job-workers", 4, "background jobs (syncs, webhooks, refreshes) this server runs at once")
}

// startJobs runs this server's job runner until ctx ends — the CRM refresh, and with a
// TikTok Shop app configured the token refresh sweep, the orders syncs, and the webhook
// inbox — and returns a function that stops the runner and waits for its graceful stop
// (running jobs finish, or are handed back to the queue for another server).
func (a *app) startJobs(ctx context.Context, s *store.Store, svc *connect.Service, f jobFlags) (wait func(), err error) {
	if f.syncEvery < time.Minute {
		return nil, fmt.Errorf("--sync-every %s: sync at most once a minute", f.syncEvery)
	}
	host, _ := os.Hostname()
	r := &jobs.Runner{Store: s, Worker: fmt.Sprintf("%s-%d", host, os.Getpid()), Concurrency: f.workers, Logger: a.log}
	crm.Register(r, s, a.log)
	outreach.RegisterEnroll(r, s, a.log)
	a.registerOutreachRules(r, s) // serve_outreach.go
	a.registerInbound(r, s, svc)  // serve_inbound.go
	if svc != nil && svc.Configured() {
		svc.Register(r)
		(&platformsync.Syncer{Store: s, Clients: svc, Every: f.syncEvery, Logger: a.log}).Register(r)
		(&platformsync.Syncer{Store: s, Clients: svc, Logger: a.log}).RegisterSamples(r)
		(&platformsync.Syncer{Store: s, Clients: svc, Logger: a.log}).RegisterAffiliate(r) // collaborations, promotion links
	}
	platformsync.RegisterShopee(r, svc, f.syncEvery, a.log) // when a Shopee app is configured
	// Stopping the runner when serve returns for another reason than ctx (the address was
	// taken) keeps the wait from hanging.
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := r.Run(ctx); err != nil {
			a.log.Error("jobs: the runner stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}
