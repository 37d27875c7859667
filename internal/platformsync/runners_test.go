package platformsync_test

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// Two servers — each its own store handle on one database, its own runner of four workers
// and its own syncer — asked again and again, from both sides at once, to sync the same
// connection, never run its sync twice at once: the platform never sees two of its orders
// searches in flight, and no two handlers overlap. Every sync still completes.
func TestTwoServersNeverSyncOneConnectionAtOnce(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, engine)
			servers := make([]*store.Store, 2)
			for i := range servers {
				s, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				servers[i] = s
			}
			r := newRig(t, servers[0], tiktokshoptest.Options{Seed: 41, Orders: 30}, 3)
			var running, overlaps, runs atomic.Int32
			syncers := make([]*platformsync.Syncer, 2)
			for i, s := range servers {
				y := syncer(s, r.p, service(s, r.p, r.svc.Keys), 3)
				syncers[i] = y
				runner := &jobs.Runner{Store: s, Worker: "server-" + string(rune('a'+i)), Concurrency: 4, Poll: 2 * time.Millisecond, Logger: quiet()}
				if testing.Verbose() {
					runner.Logger = slog.Default()
					y.Logger = slog.Default()
				}
				y.Register(runner)
				orders := runner.Handlers[platformsync.KindOrders]
				runner.Handlers[platformsync.KindOrders] = func(ctx context.Context, j *store.Job) error {
					if running.Add(1) > 1 {
						overlaps.Add(1)
					}
					defer running.Add(-1)
					err := orders(ctx, j)
					if err == nil {
						runs.Add(1)
					}
					return err
				}
				start(t, runner)
			}
			const want = 8
			for round := int32(1); round <= want; round++ {
				// Both servers ask at once, some while the previous sync still runs.
				var wg sync.WaitGroup
				for _, y := range syncers {
					wg.Go(func() {
						if err := y.SyncNow(ctx, r.conn); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
				waitFor(t, "a sync to complete", func() bool { return runs.Load() >= round })
			}
			if n := overlaps.Load(); n != 0 {
				t.Errorf("the connection's sync ran on two workers at once %d times", n)
			}
			if _, most := r.p.counts(); most != 1 {
				t.Errorf("the platform saw %d orders searches in flight at once, want 1", most)
			}
			st := r.state(t)
			if st.Runs < want || st.Unfinished() || st.LastError != "" {
				t.Errorf("sync state after %d rounds: %+v", want, st)
			}
			sameFigures(t, "synced by two servers vs export", storetest.TakeFigures(t, servers[1], r.ws), storetest.TakeFigures(t, servers[0], r.importExport(t, "export")))
		})
	}
}

// start runs a runner until the test ends.
func start(t *testing.T, r *jobs.Runner) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner %s: %v", r.Worker, err)
		}
	})
}
