package platformsync_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A sync in pages of 3, with orders moving on between syncs, gives exactly the figures of
// importing the same orders' export; each later sync reads only what changed since the last.
func TestOrdersSyncMatchesExport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newRig(t, s, tiktokshoptest.Options{Seed: 31, Orders: 40}, 3)
		n := r.lineCount()
		sum := r.sync(t)
		if sum.Inserted != n || sum.Updated != 0 || sum.Rejected != 0 {
			t.Fatalf("first sync: %+v, want %d inserted", sum, n)
		}
		st := r.state(t)
		if st.Unfinished() || st.Pages != 14 || st.RunLines != n || st.Runs != 1 || st.Watermark.IsZero() || st.Watermark.After(r.p.Now()) {
			t.Errorf("after the first sync: %+v, want 14 pages of 3 orders, %d lines, one run", st, n)
		}
		if searches, _ := r.p.counts(); searches != 14 {
			t.Errorf("%d searches, want 14", searches)
		}
		synced := storetest.TakeFigures(t, s, r.ws)
		sameFigures(t, "first sync vs export", synced, storetest.TakeFigures(t, s, r.importExport(t, "export1")))
		// The CRM's precomputed sales follow the sync at once, as after an import.
		top := synced.Creators[0]
		c, err := s.CreatorByHandle(context.Background(), r.ws.ID, "tiktok", top.Username)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CRMProfile(context.Background(), r.ws.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Sales.GMVAll != top.GMV || top.GMV == 0 {
			t.Errorf("the CRM's sales of @%s after the sync: %+v, want GMV %d", top.Username, p.Sales, top.GMV)
		}

		// Orders move on: completed, cancelled, returned after completion.
		var completed, cancelled, returned *tiktokshoptest.Order
		orders := r.p.Orders()
		for i := range orders {
			o := &orders[i]
			switch {
			case completed == nil && (o.Status == "AWAITING_SHIPMENT" || o.Status == "IN_TRANSIT"):
				completed = o
			case cancelled == nil && o.Status == "AWAITING_SHIPMENT":
				cancelled = o
			case returned == nil && o.Status == "COMPLETED":
				returned = o
			}
		}
		if completed == nil || cancelled == nil || returned == nil {
			t.Fatal("the seed has no orders to change")
		}
		r.p.Advance(time.Minute)
		r.p.SetOrderStatus(completed.ID, "COMPLETED")
		r.p.SetOrderStatus(cancelled.ID, "CANCELLED")
		r.p.UpdateOrder(returned.ID, func(o *tiktokshoptest.Order) {
			for i := range o.SKUs {
				o.SKUs[i].ReturnedQuantity = o.SKUs[i].Quantity - o.SKUs[i].RefundedQuantity
			}
		})
		changed := int64(len(completed.SKUs) + len(cancelled.SKUs) + len(returned.SKUs))
		r.p.Advance(time.Minute)
		r.p.setBefore(nil)
		sum = r.sync(t)
		if sum.Inserted != 0 || sum.Updated != changed || sum.Unchanged != 0 {
			t.Errorf("second sync: %+v, want only the %d changed lines, updated", sum, changed)
		}
		if searches, _ := r.p.counts(); searches != 1 {
			t.Errorf("the second sync made %d searches, want 1 page of 3 changed orders", searches)
		}
		sameFigures(t, "synced changes vs a fresh export", storetest.TakeFigures(t, s, r.ws), storetest.TakeFigures(t, s, r.importExport(t, "export2")))

		// Nothing changed since: the overlap reads the last changes again, unchanged.
		r.p.Advance(2 * time.Hour)
		sum = r.sync(t)
		if sum.Inserted+sum.Updated != 0 || sum.Unchanged != changed {
			t.Errorf("third sync: %+v, want the %d lines changed within the overlap, unchanged", sum, changed)
		}
		// The changes are now older than the overlap: one empty page, and the run completes.
		sum = r.sync(t)
		if sum.Inserted+sum.Updated+sum.Unchanged != 0 {
			t.Errorf("fourth sync: %+v, want nothing", sum)
		}
		if st := r.state(t); st.Runs != 4 || st.Unfinished() || st.LastError != "" || st.LinesSeen != n+2*changed {
			t.Errorf("after four syncs: %+v", st)
		}
	})
}

// A sync killed mid-way — by a failing page or a cancelled context — resumes after its last
// stored page: nothing lost, nothing stored twice, and the import runs tell the story.
func TestOrdersSyncResumes(t *testing.T) {
	for _, c := range []struct {
		name string
		kill func(r *rig, cancel context.CancelFunc) func(n int) int
	}{
		{"failing page", func(*rig, context.CancelFunc) func(int) int {
			return func(n int) int {
				if n == 5 {
					return 500
				}
				return 0
			}
		}},
		{"cancelled", func(_ *rig, cancel context.CancelFunc) func(int) int {
			return func(n int) int {
				if n == 5 {
					cancel()
				}
				return 0
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T, s *store.Store) {
				r := newRig(t, s, tiktokshoptest.Options{Seed: 32, Orders: 45}, 3)
				n := r.lineCount()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				r.p.setBefore(c.kill(r, cancel))
				if _, err := r.y.SyncOrders(ctx, r.conn); err == nil {
					t.Fatal("the killed sync succeeded")
				}
				st := r.state(t)
				if !st.Unfinished() || st.Cursor == "" || st.Pages < 1 || st.Pages > 4 || st.LastError == "" || !st.Watermark.IsZero() {
					t.Fatalf("after the kill: %+v, want an unfinished run after one of the pages before the 5th", st)
				}
				stored := int64(len(storetest.TakeFigures(t, s, r.ws).Lines))
				if stored != st.RunLines {
					t.Errorf("%d lines stored, but the committed pages held %d", stored, st.RunLines)
				}

				r.p.setBefore(nil)
				sum := r.sync(t)
				if searches, _ := r.p.counts(); searches != 15-int(st.Pages) {
					t.Errorf("the resumed run made %d searches, want the %d pages after page %d", searches, 15-st.Pages, st.Pages)
				}
				if sum.Inserted != n-stored || sum.Updated != 0 {
					t.Errorf("resumed sync: %+v, want the %d lines not stored yet", sum, n-stored)
				}
				if st := r.state(t); st.Unfinished() || st.Runs != 1 || st.LastError != "" || st.Watermark.IsZero() {
					t.Errorf("after the resumed run: %+v", st)
				}
				sameFigures(t, "killed and resumed sync vs export", storetest.TakeFigures(t, s, r.ws), storetest.TakeFigures(t, s, r.importExport(t, "export")))

				runs, err := s.ImportRuns(context.Background(), r.ws.ID, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(runs) != 2 {
					t.Fatalf("%d import runs, want the killed one and the resumed one", len(runs))
				}
				resumed, killed := runs[0], runs[1]
				if killed.Status != store.RunFailed || killed.Error == "" || killed.Inserted != stored {
					t.Errorf("killed run: %+v, want failed with its error and %d lines", killed, stored)
				}
				if resumed.Status != store.RunDone || !strings.Contains(resumed.FileName, "resumed after page") || resumed.Inserted != n-stored {
					t.Errorf("resumed run: %+v", resumed)
				}
				if c.name == "cancelled" && !strings.Contains(killed.Error, context.Canceled.Error()) {
					t.Errorf("killed run's error %q does not say it was cancelled", killed.Error)
				}
			})
		})
	}
}

// A connection without a shop, or whose tokens are refused, fails its sync with a reason the
// connections page shows.
func TestOrdersSyncFailures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 33, Orders: 5}, 3)
		noShop := *r.conn
		noShop.ShopID = nil
		if _, err := r.y.SyncOrders(ctx, &noShop); err == nil || !strings.Contains(err.Error(), "feeds no shop") {
			t.Errorf("sync without a shop: %v", err)
		}
		if err := s.SetConnectionStatus(ctx, r.conn.ID, store.ConnectionNeedsReauth, "refused"); err != nil {
			t.Fatal(err)
		}
		conn, err := s.Connection(ctx, r.ws.ID, r.conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.y.SyncOrders(ctx, conn)
		if err == nil || !errors.Is(err, connect.ErrNeedsReauth) {
			t.Errorf("sync of a connection needing re-authorization: %v", err)
		}
		if st := r.state(t); st.LastError == "" {
			t.Errorf("the failure was not recorded: %+v", st)
		}
	})
}
