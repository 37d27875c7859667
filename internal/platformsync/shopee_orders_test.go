package platformsync_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// expectedTotals are the figures the fake's orders make, worked out from the generated
// values themselves (not through the client or the importer): one line per order and SKU,
// a line refunded whole marked refunded, a cancelled order no sale.
func expectedTotals(orders []shopeetest.Order) (gmv, refunds, units int64, affiliates map[string]string) {
	affiliates = map[string]string{}
	for _, o := range orders {
		affiliates[o.AffiliateUsername] = strconv.FormatInt(o.AffiliateID, 10)
		type line struct{ value, refund, qty int64 }
		lines := map[int64]*line{}
		for _, it := range o.Items {
			l := lines[it.ModelID]
			if l == nil {
				l = &line{}
				lines[it.ModelID] = l
			}
			l.value += it.PurchaseValue
			l.refund += it.RefundAmount
			l.qty += it.Qty
		}
		for _, l := range lines {
			full := l.refund > 0 && l.refund >= l.value
			switch {
			case full && o.OrderStatus != "Cancelled":
				refunds += l.value
			case !full && o.OrderStatus != "Cancelled":
				gmv += l.value - l.refund
				units += l.qty
			}
		}
	}
	return gmv, refunds, units, affiliates
}

// A sync in pages of 7, with orders moving on between syncs, gives exactly the figures of
// writing the same report through ingest at once, and the figures the generated orders make.
func TestShopeeSyncMatchesDirectImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newShopeeRig(t, s, shopeetest.Config{Seed: 41, Orders: 60}, 7)
		n := r.lineCount()
		sum := r.sync(t)
		if sum.Inserted != n || sum.Updated != 0 || sum.Rejected != 0 {
			t.Fatalf("first sync: %+v, want %d inserted", sum, n)
		}
		st := r.state(t)
		if st.Unfinished() || st.Pages != 9 || st.RunLines != n || st.Runs != 1 || st.Watermark.IsZero() || !st.Watermark.Before(r.clock.Now()) {
			t.Errorf("after the first sync: %+v, want 9 pages of 7 orders, %d lines, one run", st, n)
		}
		if pages := r.fake.pageCount(); pages != 9 {
			t.Errorf("%d report pages read, want 9", pages)
		}
		synced := storetest.TakeFigures(t, s, r.ws)
		sameFigures(t, "first sync vs direct import", synced, storetest.TakeFigures(t, s, r.importDirect(t, "direct1")))

		gmv, refunds, units, affiliates := expectedTotals(r.fake.Orders(1001))
		tot := store.SumByCurrency(synced.Creators)["IDR"]
		if tot.GMV != gmv || tot.Refunds != refunds || tot.Units != units || tot.Lines != n || gmv == 0 || refunds == 0 {
			t.Errorf("synced totals %+v, want GMV %d, refunds %d, units %d, %d lines", tot, gmv, refunds, units, n)
		}
		// Affiliates are creators with a Shopee account that knows their affiliate id.
		for handle, id := range affiliates {
			creatorID, got, err := s.AccountByExternalID(ctx, r.ws.ID, "shopee", id)
			if err != nil || got != handle || creatorID == 0 {
				t.Errorf("affiliate %s: account %q (%v), want @%s", id, got, err, handle)
			}
		}
		// The CRM follows the sync at once, as after an import.
		top := synced.Creators[0]
		c, err := s.CreatorByHandle(ctx, r.ws.ID, "shopee", top.Username)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.CRMProfile(ctx, r.ws.ID, c.ID); err != nil || p.Sales.GMVAll != top.GMV {
			t.Errorf("the CRM's sales of @%s after the sync: %+v (%v), want GMV %d", top.Username, p, err, top.GMV)
		}

		// Orders move on: a pending one completes and is verified, another is cancelled and
		// refunded, a completed one is refunded whole.
		var completed, cancelled, refunded string
		changed := int64(0)
		for _, o := range r.fake.Orders(1001) {
			switch {
			case completed == "" && o.OrderStatus == "Pending":
				completed = o.OrderSN
			case cancelled == "" && o.OrderStatus == "Pending":
				cancelled = o.OrderSN
			case refunded == "" && o.OrderStatus == "Completed" && o.VerifiedStatus == "Unverified" && o.Items[0].RefundAmount == 0:
				refunded = o.OrderSN
			default:
				continue
			}
			skus := map[int64]bool{}
			for _, it := range o.Items {
				skus[it.ModelID] = true
			}
			changed += int64(len(skus))
		}
		if completed == "" || cancelled == "" || refunded == "" {
			t.Fatal("the seed has no orders to change")
		}
		r.clock.Advance(20 * time.Minute)
		r.fake.UpdateOrder(1001, completed, func(o *shopeetest.Order) {
			o.OrderStatus, o.VerifiedStatus, o.CompletedAt = "Completed", "Valid", r.clock.Now().Truncate(time.Second)
		})
		r.fake.UpdateOrder(1001, cancelled, func(o *shopeetest.Order) {
			o.OrderStatus, o.VerifiedStatus = "Cancelled", "Invalid"
			for i := range o.Items {
				o.Items[i].RefundAmount = o.Items[i].PurchaseValue
				o.Items[i].BrandCommission, o.Items[i].CommissionToAffiliate, o.Items[i].ServiceFee = 0, 0, 0
			}
		})
		r.fake.UpdateOrder(1001, refunded, func(o *shopeetest.Order) {
			o.VerifiedStatus = "Invalid"
			for i := range o.Items {
				o.Items[i].RefundAmount = o.Items[i].PurchaseValue
				o.Items[i].BrandCommission, o.Items[i].CommissionToAffiliate, o.Items[i].ServiceFee = 0, 0, 0
			}
		})
		r.fake.reset(nil)
		sum = r.sync(t)
		if sum.Inserted != 0 || sum.Updated != changed || sum.Unchanged != n-changed || sum.Rejected != 0 {
			t.Errorf("second sync: %+v, want the %d changed lines updated and the other %d unchanged", sum, changed, n-changed)
		}
		synced = storetest.TakeFigures(t, s, r.ws)
		sameFigures(t, "synced changes vs a fresh direct import", synced, storetest.TakeFigures(t, s, r.importDirect(t, "direct2")))
		gmv, refunds, units, _ = expectedTotals(r.fake.Orders(1001))
		if tot := store.SumByCurrency(synced.Creators)["IDR"]; tot.GMV != gmv || tot.Refunds != refunds || tot.Units != units {
			t.Errorf("totals after the changes %+v, want GMV %d, refunds %d, units %d", tot, gmv, refunds, units)
		}
		var seen int
		for _, l := range synced.Lines {
			switch l.OrderID {
			case completed:
				seen++
				if l.Status != model.StatusCompleted || l.ActualCommission == nil {
					t.Errorf("completed order line %+v", l)
				}
			case cancelled:
				seen++
				if l.Status != model.StatusCancelled || !l.FullyRefunded {
					t.Errorf("cancelled order line %+v", l)
				}
			case refunded:
				seen++
				if !l.FullyRefunded || l.ActualCommission == nil || *l.ActualCommission != 0 {
					t.Errorf("refunded order line %+v", l)
				}
			}
		}
		if seen != int(changed) {
			t.Errorf("%d lines of the changed orders, want %d", seen, changed)
		}
		if st := r.state(t); st.Runs != 2 || st.Unfinished() || st.LastError != "" || st.LinesSeen != 2*n {
			t.Errorf("after two syncs: %+v", st)
		}

		// Shopee refuses the access token before its time: the sync refreshes once and goes on.
		before, err := s.Connection(ctx, r.ws.ID, r.conn.ID)
		if err != nil {
			t.Fatal(err)
		}
		r.fake.RevokeAccessTokens(1001)
		if sum := r.sync(t); sum.Unchanged != n {
			t.Errorf("sync after a revoked token: %+v, want all %d lines unchanged", sum, n)
		}
		if after, _ := s.Connection(ctx, r.ws.ID, r.conn.ID); after.RefreshTokenSealed == before.RefreshTokenSealed || after.Status != store.ConnectionActive {
			t.Errorf("after the refused token: %+v, want refreshed tokens", after)
		}
	})
}

// A sync killed mid-way — by a failing page or a cancelled context — resumes after its last
// stored page: nothing lost, nothing stored twice.
func TestShopeeSyncResumes(t *testing.T) {
	for _, c := range []struct {
		name string
		kill func(cancel context.CancelFunc) func(n int) int
	}{
		{"failing page", func(context.CancelFunc) func(int) int {
			return func(n int) int {
				if n == 5 {
					return 500
				}
				return 0
			}
		}},
		{"cancelled", func(cancel context.CancelFunc) func(int) int {
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
				r := newShopeeRig(t, s, shopeetest.Config{Seed: 42, Orders: 50}, 5)
				n := r.lineCount()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				r.fake.reset(c.kill(cancel))
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

				r.fake.reset(nil)
				sum := r.sync(t)
				if pages := r.fake.pageCount(); pages != 10-int(st.Pages) {
					t.Errorf("the resumed run read %d pages, want the %d after page %d", pages, 10-st.Pages, st.Pages)
				}
				if sum.Inserted != n-stored || sum.Updated != 0 {
					t.Errorf("resumed sync: %+v, want the %d lines not stored yet", sum, n-stored)
				}
				if st := r.state(t); st.Unfinished() || st.Runs != 1 || st.LastError != "" || st.Watermark.IsZero() {
					t.Errorf("after the resumed run: %+v", st)
				}
				sameFigures(t, "killed and resumed sync vs direct import", storetest.TakeFigures(t, s, r.ws), storetest.TakeFigures(t, s, r.importDirect(t, "direct")))

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
			})
		})
	}
}

// The Shopee jobs on a runner: the schedule starts the connection's sync chain, "Sync now"
// asks the Shopee sync (not TikTok's) for the connection, and a connection that needs the
// seller again ends its chain.
func TestShopeeSyncJobs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		// Orders of the last month, so the jobs queued on the fake's clock are due now.
		epoch := time.Now().Add(-31 * 24 * time.Hour).UTC().Truncate(time.Second)
		r := newShopeeRig(t, s, shopeetest.Config{Seed: 43, Orders: 20, Epoch: epoch}, 50)
		r.clock.Advance(-10 * time.Hour) // before real time: jobs queued at the fake's now are due
		runner := &jobs.Runner{Store: s, Worker: "shopee", Concurrency: 2, Poll: 2 * time.Millisecond, Logger: quiet()}
		r.svc.RegisterShopee(runner)
		r.y.Register(runner)
		start(t, runner)
		runs := func() int64 { return r.state(t).Runs }
		waitFor(t, "the scheduled Shopee sync", func() bool { return runs() >= 1 })
		if n := int64(len(storetest.TakeFigures(t, s, r.ws).Lines)); n != r.lineCount() {
			t.Fatalf("%d lines after the scheduled sync, want %d", n, r.lineCount())
		}
		if err := platformsync.SyncNow(ctx, s, r.conn, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the Shopee sync asked for", func() bool { st := r.state(t); return st.Runs >= 2 && !st.Requested() })
		// The chain's next run is queued once the running one has ended.
		waitFor(t, "the chain's next run", func() bool {
			running, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindShopeeOrders, Status: store.JobRunning, Limit: 10})
			queued, err2 := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindShopeeOrders, Status: store.JobQueued, Limit: 10})
			return err == nil && err2 == nil && len(running) == 0 && len(queued) == 1
		})
		tiktok, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindOrders, Limit: 10})
		if err != nil || len(tiktok) != 0 {
			t.Errorf("a Shopee connection's sync queued %d TikTok Shop jobs (%v)", len(tiktok), err)
		}

		// Needing re-authorization ends the chain instead of retrying it.
		if err := s.SetConnectionStatus(ctx, r.conn.ID, store.ConnectionNeedsReauth, "refused"); err != nil {
			t.Fatal(err)
		}
		if err := platformsync.SyncNow(ctx, s, r.conn, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the chain to end", func() bool {
			queued, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindShopeeOrders, Status: store.JobQueued, Limit: 10})
			running, err2 := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindShopeeOrders, Status: store.JobRunning, Limit: 10})
			return err == nil && err2 == nil && len(queued)+len(running) == 0
		})
	})
}

// A window holding more conversions than Shopee's paging reaches (page_no × page_size ≤
// 10,000) is read as consecutive halves, and nothing is missed.
func TestShopeeSyncSplitsLargeWindows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 10,000 orders")
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newShopeeRig(t, s, shopeetest.Config{Seed: 44, Orders: 10050}, 500)
		n := r.lineCount()
		sum := r.sync(t)
		if sum.Inserted != n || sum.Rejected != 0 {
			t.Fatalf("sync: %+v, want %d lines inserted", sum, n)
		}
		// One first page refused for its size, then the halves' pages.
		st := r.state(t)
		if st.Unfinished() || st.RunLines != n || st.Pages < 21 || r.fake.pageCount() != int(st.Pages)+1 {
			t.Errorf("after the sync: %+v, %d pages read", st, r.fake.pageCount())
		}
	})
}
