package ingest_test

import (
	"context"
	"errors"
	"iter"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// syncRig is a fake TikTok Shop and a client authorized for its shop.
type syncRig struct {
	srv    *tiktokshoptest.Server
	client *tiktokshop.Client
	auth   tiktokshop.ShopAuth
}

func newSyncRig(t *testing.T, opts tiktokshoptest.Options) *syncRig {
	t.Helper()
	srv := tiktokshoptest.New(t, opts)
	cl, err := tiktokshop.New(tiktokshop.Config{
		AppKey: srv.AppKey, AppSecret: srv.AppSecret, APIBaseURL: srv.URL, AuthBaseURL: srv.URL,
		Timeout: 10 * time.Second, Now: srv.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	g := srv.Grant()
	return &syncRig{srv: srv, client: cl, auth: tiktokshop.ShopAuth{Cipher: g.ShopCipher, AccessToken: g.AccessToken}}
}

// lines walks every order of the fake, pageSize orders a page (0: the default).
func (r *syncRig) lines(pageSize int) iter.Seq2[tiktokshop.AffiliateOrderLine, error] {
	return r.client.AffiliateOrders(context.Background(), r.auth, tiktokshop.OrdersQuery{PageSize: pageSize})
}

func (r *syncRig) sync(t *testing.T, s *store.Store, ws *model.Workspace, shop *model.Shop, pageSize int) *ingest.Summary {
	t.Helper()
	sum, err := ingest.ImportAPIOrders(context.Background(), s, ws, shop, r.lines(pageSize), ingest.Options{})
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

// importExport writes the fake's orders as a Seller Center export and imports the file.
func (r *syncRig) importExport(t *testing.T, s *store.Store, ws *model.Workspace, shop *model.Shop) *ingest.Summary {
	t.Helper()
	path := filepath.Join(t.TempDir(), "affiliate-orders.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.srv.WriteAffiliateOrdersExport(f, time.Time{}, time.Time{}, shop.Location()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return importAll(t, s, ws, shop, path)[0]
}

// lineCount is how many SKU lines the fake holds.
func (r *syncRig) lineCount() int64 {
	var n int64
	for _, o := range r.srv.Orders() {
		n += int64(len(o.SKUs))
	}
	return n
}

// otherShop makes another workspace with a USD shop like storetest.USDShop's, both in zone tz
// ("" for UTC).
func otherShop(t *testing.T, s *store.Store, slug, tz string) (*model.Workspace, *model.Shop) {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US", Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	return ws, shop
}

func wantCounts(t *testing.T, what string, sum *ingest.Summary, inserted, updated, unchanged, rejected int64) {
	t.Helper()
	if sum.Inserted != inserted || sum.Updated != updated || sum.Unchanged != unchanged || sum.Rejected != rejected {
		t.Errorf("%s: %+v, want %d inserted, %d updated, %d unchanged, %d rejected", what, sum, inserted, updated, unchanged, rejected)
	}
}

// Syncing the orders through the API and importing the same orders' export give the same
// stored lines and figures; syncing again changes nothing.
func TestAPISyncMatchesExport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newSyncRig(t, tiktokshoptest.Options{Seed: 11, Orders: 150})
		n := r.lineCount()
		// A zone other than UTC: the export writes the shop's local times, the API UTC ones.
		const tz = "America/New_York"
		wsA, shopA := otherShop(t, s, "alpha", tz)
		wantCounts(t, "export", r.importExport(t, s, wsA, shopA), n, 0, 0, 0)
		wsB, shopB := otherShop(t, s, "beta", tz)
		sum := r.sync(t, s, wsB, shopB, 0)
		wantCounts(t, "sync", sum, n, 0, 0, 0)
		a := storetest.TakeFigures(t, s, wsA)
		if len(a.Creators) == 0 || len(a.Days) == 0 || len(a.Products) == 0 {
			t.Fatalf("the export gave empty figures: %+v", a)
		}
		storetest.SameFigures(t, "sync vs export", storetest.TakeFigures(t, s, wsB), a)

		runs, err := s.ImportRuns(context.Background(), wsB.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Kind != ingest.KindTikTokAPIOrders || !strings.HasPrefix(runs[0].FileName, "TikTok Shop API sync ") {
			t.Errorf("runs %+v, want one API sync", runs)
		}

		// (b) The same window again: every line unchanged.
		wantCounts(t, "second sync", r.sync(t, s, wsB, shopB, 0), 0, 0, n, 0)
		// (d) The export's data synced into the export's shop: every line unchanged.
		wantCounts(t, "sync after export", r.sync(t, s, wsA, shopA, 0), 0, 0, n, 0)
		storetest.SameFigures(t, "export then sync", storetest.TakeFigures(t, s, wsA), a)
	})
}

// apiStatus normalizes a status the way a sync reads the API's word.
func apiStatus(s string) string {
	st, _ := model.NormalizeStatus(strings.ReplaceAll(s, "_", " "))
	return st
}

// Orders that move on between syncs are updated, with their changes recorded, and the
// figures match a fresh import of the newer export.
func TestAPISyncStatusChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newSyncRig(t, tiktokshoptest.Options{Seed: 12, Orders: 120})
		n := r.lineCount()
		ws, shop := storetest.USDShop(t, s)
		wantCounts(t, "first sync", r.sync(t, s, ws, shop, 0), n, 0, 0, 0)

		var completed, cancelled, refunded *tiktokshoptest.Order
		orders := r.srv.Orders()
		for i := range orders {
			o := &orders[i]
			switch {
			case completed == nil && (o.Status == "AWAITING_SHIPMENT" || o.Status == "IN_TRANSIT"):
				completed = o
			case cancelled == nil && o.Status == "AWAITING_SHIPMENT":
				cancelled = o
			case refunded == nil && o.Status == "COMPLETED":
				refunded = o
			}
		}
		if completed == nil || cancelled == nil || refunded == nil {
			t.Fatal("the seed has no orders to change")
		}
		r.srv.SetOrderStatus(completed.ID, "COMPLETED")
		r.srv.SetOrderStatus(cancelled.ID, "CANCELLED")
		r.srv.UpdateOrder(refunded.ID, func(o *tiktokshoptest.Order) { // returned in full after completion
			for i := range o.SKUs {
				o.SKUs[i].ReturnedQuantity = o.SKUs[i].Quantity - o.SKUs[i].RefundedQuantity
			}
		})
		changed := int64(len(completed.SKUs) + len(cancelled.SKUs) + len(refunded.SKUs))
		wantCounts(t, "sync after changes", r.sync(t, s, ws, shop, 0), 0, changed, n-changed, 0)

		for _, c := range []struct {
			o     *tiktokshoptest.Order
			field string
			from  any
			to    any
		}{
			{completed, "status", apiStatus(completed.Status), model.StatusCompleted},
			{cancelled, "status", model.StatusProcessing, model.StatusCancelled},
			{refunded, "fully_refunded", false, true},
		} {
			changes, err := s.LineChanges(context.Background(), shop.ID, c.o.ID, c.o.SKUs[0].SKUID)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) != 1 {
				t.Errorf("order %s: %d recorded changes, want 1", c.o.ID, len(changes))
				continue
			}
			if got := changes[0].Changes[c.field]; got[0] != c.from || got[1] != c.to {
				t.Errorf("order %s: %s changed %v, want %v → %v (all changes %v)", c.o.ID, c.field, got, c.from, c.to, changes[0].Changes)
			}
		}

		fresh, freshShop := otherShop(t, s, "fresh", "")
		wantCounts(t, "fresh export", r.importExport(t, s, fresh, freshShop), n, 0, 0, 0)
		storetest.SameFigures(t, "synced changes vs fresh export", storetest.TakeFigures(t, s, ws), storetest.TakeFigures(t, s, fresh))
	})
}

// A sync walks every page; with small pages every line still lands once.
func TestAPISyncManyPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newSyncRig(t, tiktokshoptest.Options{Seed: 13, Orders: 60})
		n := r.lineCount()
		ws, shop := storetest.USDShop(t, s)
		wantCounts(t, "paged sync", r.sync(t, s, ws, shop, 7), n, 0, 0, 0)
		if calls := r.srv.Calls("/affiliate_seller/202410/orders/search"); calls < 9 {
			t.Errorf("%d order pages fetched, want at least 9 for 60 orders 7 a page", calls)
		}
		if got := int64(len(storetest.TakeFigures(t, s, ws).Lines)); got != n {
			t.Errorf("%d stored lines, want %d", got, n)
		}
		// Cut into pages differently, the same lines are all unchanged.
		wantCounts(t, "resync", r.sync(t, s, ws, shop, 100), 0, 0, n, 0)
	})
}

// A line in another currency, and a line the client could not read, are rejected with a
// reason; the other lines land, and a later good sync of those lines resolves the rejections.
func TestAPISyncRejectsLines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newSyncRig(t, tiktokshoptest.Options{Seed: 14, Orders: 40})
		n := r.lineCount()
		ws, shop := storetest.USDShop(t, s)
		var euro tiktokshop.AffiliateOrderLine
		lines := func(yield func(tiktokshop.AffiliateOrderLine, error) bool) {
			i := 0
			for l, err := range r.lines(0) {
				if i++; i == 3 {
					l.Price.Currency = "EUR"
					euro = l
				}
				if !yield(l, err) {
					return
				}
				if i == 5 {
					bad := &tiktokshop.LineError{Path: "/x", ID: "order 1 sku 2", Field: "price", Err: errors.New(`"12,5" is not an amount`)}
					if !yield(tiktokshop.AffiliateOrderLine{}, bad) {
						return
					}
					huge := l
					huge.OrderID, huge.SKUID, huge.Quantity, huge.Price.Amount = "9", "9", 4, math.MaxInt64/3
					if !yield(huge, nil) {
						return
					}
				}
			}
		}
		sum, err := ingest.ImportAPIOrders(context.Background(), s, ws, shop, lines, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts(t, "sync with bad lines", sum, n-1, 0, 0, 3)
		rows, headers, err := s.RejectedRows(context.Background(), ws.ID, store.RejectedFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d rejected rows, want 3: %+v", len(rows), rows)
		}
		cur, le, huge := rows[0], rows[1], rows[2]
		if huge.Column != "quantity" || huge.LineKey != "9/9" || !strings.Contains(huge.Reason, "beyond") {
			t.Errorf("overflow rejection %+v", huge)
		}
		if cur.Column != "Currency" || cur.Value != "EUR" || !strings.Contains(cur.Reason, "USD") || cur.LineKey != euro.OrderID+"/"+euro.SKUID || cur.Row != 4 {
			t.Errorf("currency rejection %+v", cur)
		}
		if !reflect.DeepEqual(headers[cur.RunID], ingest.APIOrdersHeader()) || cur.Raw[0] != euro.OrderID {
			t.Errorf("the rejected row's cells %q under header %q", cur.Raw, headers[cur.RunID])
		}
		if le.Column != "price" || !strings.Contains(le.Reason, "is not an amount") || le.LineKey != "1/2" || le.Row != 7 {
			t.Errorf("line error rejection %+v", le)
		}

		// The same lines, now in the shop's currency: the rejection is resolved.
		wantCounts(t, "good sync", r.sync(t, s, ws, shop, 0), 1, 0, n-1, 0)
		rows, _, err = s.RejectedRows(context.Background(), ws.ID, store.RejectedFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 2 || rows[0].LineKey != "1/2" || rows[1].LineKey != "9/9" {
			t.Errorf("open rejected rows after a good sync: %+v, want only the lines the fake does not have", rows)
		}
	})
}

// An error that is not about one line ends the sync with it; the run is marked failed.
func TestAPISyncFails(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, shop := storetest.USDShop(t, s)
		boom := errors.New("tiktokshop: the platform is down")
		lines := func(yield func(tiktokshop.AffiliateOrderLine, error) bool) {
			yield(tiktokshop.AffiliateOrderLine{}, boom)
		}
		if _, err := ingest.ImportAPIOrders(context.Background(), s, ws, shop, lines, ingest.Options{}); !errors.Is(err, boom) {
			t.Errorf("err = %v, want %v", err, boom)
		}
		runs, err := s.ImportRuns(context.Background(), ws.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 1 || runs[0].Status != store.RunFailed {
			t.Errorf("runs %+v, want one failed run", runs)
		}
	})
}
