package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestRefreshCreatorSales checks the precomputed columns against the reports' figures after
// importing the sample exports, the first and last sale days against one-day reports, that a
// second refresh writes nothing, and that a merged creator's sales count for the kept one.
func TestRefreshCreatorSales(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := importData(t, s)
		today, err := s.LastOrderDay(ctx, ws.ID)
		if err != nil || today == 0 {
			t.Fatalf("last order day = %d, %v", today, err)
		}
		today = dayAfter(today, 20) // some creators sold only before the 30-day window
		res, err := s.RefreshCreatorSales(ctx, ws.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		if res.Currency != "USD" || res.Changed == 0 || res.WithSales == 0 || res.Creators < res.WithSales {
			t.Fatalf("result = %+v", res)
		}
		windows := map[string]store.Window{"30": store.WindowEnding(today, 30), "90": store.WindowEnding(today, 90), "all": {}}
		figures := map[string]map[int64]store.CreatorFigures{}
		for name, w := range windows {
			rows, err := s.CreatorTotals(ctx, ws.ID, w, 0)
			if err != nil {
				t.Fatal(err)
			}
			figures[name] = map[int64]store.CreatorFigures{}
			for _, f := range rows {
				figures[name][f.CreatorID] = f
			}
		}
		if len(figures["all"]) == 0 || len(figures["30"]) == len(figures["all"]) {
			t.Fatalf("the sample's windows do not differ: %d creators in 30 days, %d in all", len(figures["30"]), len(figures["all"]))
		}
		for id, all := range figures["all"] {
			p, err := s.CRMProfile(ctx, ws.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			got := p.Sales
			want := store.CreatorSales{Currency: "USD", GMV30d: figures["30"][id].GMV, GMV90d: figures["90"][id].GMV,
				GMVAll: all.GMV, Orders30d: figures["30"][id].Orders, Orders90d: figures["90"][id].Orders, UnitsAll: all.Units,
				FirstSaleDay: got.FirstSaleDay, LastSale: got.LastSale, StatsDay: today}
			if all.Orders == 0 {
				want.StatsDay = got.StatsDay // a creator whose every order was cancelled never sold
			}
			if got != want {
				t.Errorf("%s: sales = %+v, want %+v", p.Username, got, want)
			}
			if all.Orders == 0 {
				if got.FirstSaleDay != 0 || got.LastSale != 0 {
					t.Errorf("%s: no live order but sale days %d–%d", p.Username, got.FirstSaleDay, got.LastSale)
				}
				continue
			}
			// The first sale day has a live order and nothing before it does; the same for the last.
			for _, c := range []struct {
				name        string
				day         int32
				before      store.Window
				wantOrders0 bool
			}{
				{"first", got.FirstSaleDay, store.Window{To: dayAfter(got.FirstSaleDay, -1)}, true},
				{"last", got.LastSale, store.Window{From: dayAfter(got.LastSale, 1)}, true},
			} {
				if ordersOf(t, s, ws.ID, id, store.Window{From: c.day, To: c.day}) == 0 {
					t.Errorf("%s: %s sale day %d has no order", p.Username, c.name, c.day)
				}
				if ordersOf(t, s, ws.ID, id, c.before) != 0 {
					t.Errorf("%s: orders beyond the %s sale day %d", p.Username, c.name, c.day)
				}
			}
		}
		firsts := map[int64]int32{}
		for id := range figures["all"] {
			p, _ := s.CRMProfile(ctx, ws.ID, id)
			firsts[id] = p.Sales.FirstSaleDay
		}
		figuresFirst := func(id int64) int32 { return firsts[id] }
		again, err := s.RefreshCreatorSales(ctx, ws.ID, today)
		if err != nil || again.Changed != 0 || again.WithSales != res.WithSales || again.Creators != res.Creators {
			t.Errorf("second refresh = %+v, %v", again, err)
		}
		// A seller stored as never having sold (the rows a refresh does not read back) is found
		// from the rollups and written again.
		var seller int64
		for id, f := range figures["all"] {
			if f.Orders > 0 {
				seller = id
				break
			}
		}
		before, _ := s.CRMProfile(ctx, ws.ID, seller)
		if err := store.ExecCRMEngineTest(s, `UPDATE creators SET stats_day = 0, sales_gmv_all = 0, sales_gmv_30d = 0,
			first_sale_day = 0, last_sale_day = 0 WHERE id = $1`, seller); err != nil {
			t.Fatal(err)
		}
		if res, err := s.RefreshCreatorSales(ctx, ws.ID, today); err != nil || res.Changed != 1 {
			t.Errorf("refresh of a zeroed seller = %+v, %v", res, err)
		}
		if after, _ := s.CRMProfile(ctx, ws.ID, seller); after.Sales != before.Sales {
			t.Errorf("zeroed seller: %+v, want %+v", after.Sales, before.Sales)
		}

		// Merge the top creator into another: the kept one carries both, the merged one none.
		var top, kept int64
		for id, f := range figures["all"] {
			if f.Orders > 0 && (top == 0 || f.GMV > figures["all"][top].GMV) {
				top = id
			}
		}
		for id, f := range figures["all"] {
			if id != top && f.Orders > 0 {
				kept = id
				break
			}
		}
		if err := store.ExecCRMEngineTest(s, `UPDATE creators SET merged_into = $1 WHERE id = $2`, kept, top); err != nil {
			t.Fatal(err)
		}
		if res, err := s.RefreshCreatorSales(ctx, ws.ID, today); err != nil || res.Changed != 2 {
			t.Fatalf("refresh after a merge = %+v, %v", res, err)
		}
		pk, _ := s.CRMProfile(ctx, ws.ID, kept)
		pm, _ := s.CRMProfile(ctx, ws.ID, top)
		a, b := figures["all"][top], figures["all"][kept]
		if pk.Sales.GMVAll != a.GMV+b.GMV || pk.Sales.UnitsAll != a.Units+b.Units || pm.Sales.GMVAll != 0 || pm.Sales.StatsDay != 0 {
			t.Errorf("after merge: kept %+v, merged %+v", pk.Sales, pm.Sales)
		}
		if want := min(figuresFirst(top), figuresFirst(kept)); pk.Sales.FirstSaleDay != want {
			t.Errorf("kept creator's first sale day = %d, want %d", pk.Sales.FirstSaleDay, want)
		}
	})
}

func ordersOf(t *testing.T, s *store.Store, wsID, creatorID int64, w store.Window) int64 {
	t.Helper()
	rows, err := s.CreatorTotals(context.Background(), wsID, w, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rows {
		if f.CreatorID == creatorID {
			return f.Orders
		}
	}
	return 0
}

// dayAfter is day (YYYYMMDD) plus n days.
func dayAfter(day int32, n int) int32 {
	t := time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}
