package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestOrderLines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := importData(t, s, "tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv")
		want := readExpected(t)
		list := func(q store.OrderQuery) ([]store.OrderLineRow, bool) {
			t.Helper()
			rows, more, err := s.OrderLines(ctx, ws.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			return rows, more
		}
		// all walks every page of q and returns the lines in order.
		all := func(q store.OrderQuery) []store.OrderLineRow {
			t.Helper()
			var out []store.OrderLineRow
			for {
				rows, more := list(q)
				out = append(out, rows...)
				if !more {
					return out
				}
				k := rows[len(rows)-1].Key()
				q.After = &k
			}
		}

		newest := all(store.OrderQuery{Limit: 37})
		if len(newest) != want.Lines {
			t.Fatalf("%d lines, want %d", len(newest), want.Lines)
		}
		seen := map[store.OrderKey]bool{}
		var gmv int64
		for i, r := range newest {
			if seen[r.Key()] {
				t.Fatalf("line %+v twice", r.Key())
			}
			seen[r.Key()] = true
			if i > 0 && newest[i-1].CreatedAt.Before(r.CreatedAt) {
				t.Fatalf("line %d is newer than the one before", i)
			}
			if r.Currency != "USD" || r.ShopSlug != "us" || r.CreatorHandle == "" || r.ProductName == "" {
				t.Fatalf("line %+v is not named", r)
			}
			if !r.FullyRefunded && r.Status != model.StatusCancelled && r.Status != model.StatusRefunded {
				gmv += r.Payment
			}
		}
		if gmv != want.GMV {
			t.Errorf("GMV of the lines %d, want %d", gmv, want.GMV)
		}
		oldest := all(store.OrderQuery{Asc: true, Limit: 100})
		slices.Reverse(oldest)
		if len(oldest) != len(newest) {
			t.Fatalf("%d lines oldest first", len(oldest))
		}
		for i := range oldest {
			if oldest[i].Key() != newest[i].Key() {
				t.Fatalf("line %d: %+v oldest first, %+v newest first", i, oldest[i].Key(), newest[i].Key())
			}
		}

		creator, err := s.CreatorIDByHandle(ctx, ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}
		sample := newest[len(newest)/2]
		day := sample.CreatedAt.Truncate(24 * time.Hour)
		for _, tc := range []struct {
			name  string
			q     store.OrderQuery
			match func(r store.OrderLineRow) bool
		}{
			{"status", store.OrderQuery{Status: model.StatusRefunded}, func(r store.OrderLineRow) bool { return r.Status == model.StatusRefunded }},
			{"creator", store.OrderQuery{CreatorID: creator}, func(r store.OrderLineRow) bool { return r.CreatorHandle == "pixiemint_1" }},
			{"product", store.OrderQuery{ProductID: sample.ProductID}, func(r store.OrderLineRow) bool { return r.ProductID == sample.ProductID }},
			{"shop", store.OrderQuery{ShopID: shop.ID}, func(store.OrderLineRow) bool { return true }},
			{"day", store.OrderQuery{From: day, To: day.AddDate(0, 0, 1)}, func(r store.OrderLineRow) bool {
				return !r.CreatedAt.Before(day) && r.CreatedAt.Before(day.AddDate(0, 0, 1))
			}},
			{"order", store.OrderQuery{OrderID: sample.OrderID}, func(r store.OrderLineRow) bool { return r.OrderID == sample.OrderID }},
			{"creator and status", store.OrderQuery{CreatorID: creator, Status: model.StatusCompleted}, func(r store.OrderLineRow) bool {
				return r.CreatorHandle == "pixiemint_1" && r.Status == model.StatusCompleted
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.q.Limit = 9
				got := all(tc.q)
				n := 0
				for _, r := range newest {
					if tc.match(r) {
						if n >= len(got) || got[n].Key() != r.Key() {
							t.Fatalf("line %d: got %+v, want %+v", n, got[min(n, len(got)-1)].Key(), r.Key())
						}
						n++
					}
				}
				if n == 0 || n != len(got) {
					t.Errorf("%d lines, want %d", len(got), n)
				}
			})
		}
		if n := len(all(store.OrderQuery{Status: model.StatusPending})); n != 0 {
			t.Errorf("%d pending lines", n)
		}
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if rows, _, err := s.OrderLines(ctx, other.ID, store.OrderQuery{OrderID: sample.OrderID}); err != nil || len(rows) != 0 {
			t.Errorf("another workspace sees order %s: %d lines, %v", sample.OrderID, len(rows), err)
		}
	})
}

func TestProductList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := importData(t, s, "tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv")
		list := func(q store.ProductQuery) *store.ProductPage {
			t.Helper()
			p, err := s.ProductList(ctx, ws.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		p := list(store.ProductQuery{Window: allTime, Desc: true, Limit: 1000})
		ref, err := s.ProductTotals(ctx, ws.ID, allTime, 0)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total == 0 || p.Total != len(p.Rows) || len(ref) != p.Total {
			t.Fatalf("total %d, %d rows; the reports have %d products", p.Total, len(p.Rows), len(ref))
		}
		var gmv int64
		for i, r := range p.Rows {
			gmv += r.GMV
			if r.SKUs < 1 || r.Currency != "USD" || r.ShopSlug != "us" {
				t.Errorf("row %+v", r)
			}
			if ref[i].ProductID != r.ID || ref[i].Totals != r.Totals {
				t.Errorf("row %d: %d %+v, reports say %d %+v", i, r.ID, r.Totals, ref[i].ProductID, ref[i].Totals)
			}
		}
		if want := readExpected(t).GMV; gmv != want {
			t.Errorf("GMV %d, want %d", gmv, want)
		}
		first := p.Rows[0]
		if got := list(store.ProductQuery{Window: allTime, Search: first.Name[1:4]}); got.Total == 0 ||
			!slices.ContainsFunc(got.Rows, func(r store.ProductListRow) bool { return r.ID == first.ID }) {
			t.Errorf("search %q: %+v", first.Name[1:4], got)
		}
		if got := list(store.ProductQuery{PlatformID: first.PlatformProductID}); got.Total != 1 || got.Rows[0].ID != first.ID {
			t.Errorf("product %s: %+v", first.PlatformProductID, got)
		}
		if got := list(store.ProductQuery{Search: "100%_"}); got.Total != 0 {
			t.Errorf("LIKE wildcards matched %d products", got.Total)
		}
		// A window without sales still lists the catalog, with zero figures.
		if got := list(store.ProductQuery{Window: store.Window{From: 19990101, To: 19991231}}); got.Total != p.Total || got.Rows[0].GMV != 0 {
			t.Errorf("empty window: %d products, first %+v", got.Total, got.Rows[0])
		}
		for _, sort := range store.ProductSorts {
			for _, desc := range []bool{false, true} {
				q := store.ProductQuery{Window: allTime, Sort: sort, Desc: desc, Limit: 4}
				var byKey, byOffset []int64
				for {
					page := list(q)
					for _, r := range page.Rows {
						byKey = append(byKey, r.ID)
					}
					if page.Next == nil {
						break
					}
					q.After = page.Next
				}
				q.After = nil
				for q.Offset = 0; ; q.Offset += q.Limit {
					page := list(q)
					if len(page.Rows) == 0 {
						break
					}
					for _, r := range page.Rows {
						byOffset = append(byOffset, r.ID)
					}
				}
				if len(byKey) != p.Total || !slices.Equal(byKey, byOffset) {
					t.Errorf("sort %s desc %v: %d by key, %d by offset, want %d", sort, desc, len(byKey), len(byOffset), p.Total)
				}
			}
		}
	})
}

// TestCreatorLinesByDay checks a creator's lines, read day by day from the rollups' days, in a
// workspace whose days are not UTC days, both ways, with a date range.
func TestCreatorLinesByDay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := sampleOrders(t, s, "la", "America/Los_Angeles")
		id, err := s.CreatorIDByHandle(ctx, ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}
		walk := func(q store.OrderQuery) []store.OrderKey {
			var out []store.OrderKey
			for {
				rows, more, err := s.OrderLines(ctx, ws.ID, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					out = append(out, r.Key())
				}
				if !more {
					return out
				}
				k := rows[len(rows)-1].Key()
				q.After = &k
			}
		}
		all, _, err := s.OrderLines(ctx, ws.ID, store.OrderQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var want []store.OrderKey
		for _, r := range all {
			if r.CreatorID == id {
				want = append(want, r.Key())
			}
		}
		if got := walk(store.OrderQuery{CreatorID: id, Limit: 7}); !slices.Equal(got, want) || len(want) != 106 {
			t.Errorf("newest first: %d lines, want %d (106)", len(got), len(want))
		}
		got := walk(store.OrderQuery{CreatorID: id, Asc: true, Limit: 5})
		slices.Reverse(got)
		if !slices.Equal(got, want) {
			t.Errorf("oldest first: %d lines, want %d", len(got), len(want))
		}
		mid := all[len(all)/2].CreatedAt
		from, to := mid.AddDate(0, 0, -5), mid.AddDate(0, 0, 5)
		var ranged []store.OrderKey
		for _, r := range all {
			if r.CreatorID == id && !r.CreatedAt.Before(from) && r.CreatedAt.Before(to) {
				ranged = append(ranged, r.Key())
			}
		}
		if got := walk(store.OrderQuery{CreatorID: id, From: from, To: to, Limit: 3}); !slices.Equal(got, ranged) {
			t.Errorf("in a range: %d lines, want %d", len(got), len(ranged))
		}
		d, err := s.CreatorDetail(ctx, ws.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.FirstSale == nil || d.LastSale == nil || !d.LastSale.Equal(keyTime(want[0])) || !d.FirstSale.Equal(keyTime(want[len(want)-1])) {
			t.Errorf("first %v, last %v; lines from %v to %v", d.FirstSale, d.LastSale, keyTime(want[len(want)-1]), keyTime(want[0]))
		}
	})
}

func keyTime(k store.OrderKey) time.Time { return time.Unix(k.CreatedAt, 0).UTC() }
