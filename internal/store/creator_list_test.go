package store_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// expectedCreator is a creator's all-time figures in tiktok-affiliate-orders-expected.json.
type expectedCreator struct {
	GMV   int64 `json:"gmv_cents"`
	Order int64 `json:"orders"`
	Lines int64 `json:"lines"`
	Est   int64 `json:"est_commission_cents"`
	Paid  int64 `json:"paid_commission_cents"`
}

type expectedFile struct {
	Lines    int                        `json:"lines"`
	GMV      int64                      `json:"gmv_cents"`
	Creators map[string]expectedCreator `json:"creators"`
}

func readExpected(t *testing.T) expectedFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var e expectedFile
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

// importData loads the order samples (15 creators with sales) and the creator list (300
// creators with profiles and no sales) through the real importers.
func importData(t *testing.T, s *store.Store, files ...string) (*model.Workspace, *model.Shop) {
	t.Helper()
	ws, shop := storetest.USDShop(t, s)
	if len(files) == 0 {
		files = []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv", "creators-sample.csv"}
	}
	importInto(t, s, ws, shop, files...)
	return ws, shop
}

// sampleOrders makes workspace slug in time zone tz with a USD shop "us" and imports the two
// sample affiliate-order exports into it.
func sampleOrders(t *testing.T, s *store.Store, slug, tz string) (*model.Workspace, *model.Shop) {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	importInto(t, s, ws, shop, "tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv")
	return ws, shop
}

// importInto imports testdata files into the workspace: creator lists (creators*.csv) and
// affiliate-order exports into shop.
func importInto(t *testing.T, s *store.Store, ws *model.Workspace, shop *model.Shop, files ...string) {
	t.Helper()
	ctx := context.Background()
	for _, f := range files {
		path := filepath.Join("..", "..", "testdata", f)
		var err error
		if strings.HasPrefix(f, "creators") {
			_, err = ingest.ImportCreators(ctx, s, ws, path, ingest.CreatorListOptions{})
		} else {
			_, err = ingest.ImportOrders(ctx, s, ws, shop, path, ingest.Options{})
		}
		if err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
	}
}

// allTime is a window wide enough for every sample line, read from the day rollups.
var allTime = store.Window{From: 20000101, To: 29991231}

func TestCreatorList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := importData(t, s)
		want := readExpected(t)
		list := func(q store.CreatorQuery) *store.CreatorPage {
			t.Helper()
			if q.Window == (store.Window{}) {
				q.Window = allTime
			}
			p, err := s.CreatorList(ctx, ws.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			return p
		}

		p := list(store.CreatorQuery{Desc: true, Limit: 20})
		if p.All != 315 || p.Total != 315 || len(p.Rows) != 20 || p.Next == nil {
			t.Fatalf("all %d, total %d, rows %d, next %v", p.All, p.Total, len(p.Rows), p.Next)
		}
		if p.Currency != "USD" || !slices.Equal(p.Currencies, []string{"USD"}) {
			t.Errorf("currency %q of %v", p.Currency, p.Currencies)
		}
		if !slices.Equal(p.Regions, []string{"GB", "ID", "MY", "US"}) || !slices.Contains(p.Agencies, "Nova CAP") {
			t.Errorf("regions %v, agencies %v", p.Regions, p.Agencies)
		}
		// By GMV, highest first: the 15 sellers with the figures the sample promises, then the rest.
		for i, r := range p.Rows[:15] {
			e, ok := want.Creators[r.Handle]
			if !ok || r.GMV != e.GMV || r.Orders != e.Order || r.Lines != e.Lines || r.EstCommission != e.Est || r.PaidCommission != e.Paid {
				t.Errorf("row %d @%s: %+v, want %+v", i, r.Handle, r.Totals, e)
			}
			if i > 0 && p.Rows[i-1].GMV < r.GMV {
				t.Errorf("row %d @%s out of GMV order", i, r.Handle)
			}
			if r.LastSaleDay == 0 {
				t.Errorf("@%s has no last sale", r.Handle)
			}
		}
		if p.Rows[0].Handle != "bloommochi_0" || p.Rows[15].GMV != 0 || p.Rows[15].LastSaleDay != 0 {
			t.Errorf("first %q, 16th %+v", p.Rows[0].Handle, p.Rows[15])
		}

		for _, tc := range []struct {
			name  string
			q     store.CreatorQuery
			total int
			first string
		}{
			{"search handle", store.CreatorQuery{Search: "@BLOOMMOCHI_0"}, 1, "bloommochi_0"},
			{"search display name", store.CreatorQuery{Search: "honeypure 0", Sort: store.CreatorSortHandle}, 1, "honeypure_0"},
			{"search email", store.CreatorQuery{Search: "lunahoney_2@example", Sort: store.CreatorSortHandle}, 1, "lunahoney_2"},
			{"search nothing", store.CreatorQuery{Search: "zzzz"}, 0, ""},
			{"with sales", store.CreatorQuery{Sales: store.SalesWith, Desc: true}, 15, "bloommochi_0"},
			{"without sales", store.CreatorQuery{Sales: store.SalesWithout, Sort: store.CreatorSortHandle}, 300, ""},
			{"region", store.CreatorQuery{Region: "GB"}, 46, ""},
			{"agency", store.CreatorQuery{Agency: "Nova CAP"}, 65, ""},
			{"category and region", store.CreatorQuery{Category: "Health", Region: "US"}, -1, ""},
			{"followers, most first", store.CreatorQuery{Sort: store.CreatorSortFollowers, Desc: true}, 315, ""},
			{"last sale, latest first", store.CreatorQuery{Sort: store.CreatorSortLastSale, Desc: true}, 315, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.q.Limit = 500
				p := list(tc.q)
				if tc.total >= 0 && p.Total != tc.total {
					t.Errorf("total %d, want %d", p.Total, tc.total)
				}
				if p.Total != len(p.Rows) {
					t.Errorf("total %d but %d rows", p.Total, len(p.Rows))
				}
				if tc.first != "" && (len(p.Rows) == 0 || p.Rows[0].Handle != tc.first) {
					t.Errorf("first row %+v, want @%s", p.Rows, tc.first)
				}
				for _, r := range p.Rows {
					if tc.q.Region != "" && r.Region != tc.q.Region || tc.q.Category != "" && r.Category != tc.q.Category ||
						tc.q.Agency != "" && r.Agency != tc.q.Agency || tc.q.Sales == store.SalesWithout && r.Orders > 0 {
						t.Errorf("row @%s does not match the filters: %+v", r.Handle, r)
					}
				}
				if tc.q.Sort == store.CreatorSortFollowers {
					// Most followers first, creators without a count last.
					for i := 1; i < len(p.Rows); i++ {
						a, b := p.Rows[i-1].Followers, p.Rows[i].Followers
						if a == nil && b != nil || a != nil && b != nil && *a < *b {
							t.Fatalf("rows %d and %d out of order", i-1, i)
						}
					}
				}
			})
		}

		// Paging by key and by offset both give every creator once, in the same order.
		for _, sort := range store.CreatorSorts {
			for _, desc := range []bool{false, true} {
				var byKey, byOffset []int64
				q := store.CreatorQuery{Sort: sort, Desc: desc, Limit: 7, Search: "o"}
				for pages := 0; ; pages++ {
					p := list(q)
					for _, r := range p.Rows {
						byKey = append(byKey, r.ID)
					}
					if p.Next == nil {
						break
					}
					q.After = p.Next
				}
				q.After = nil
				for q.Offset = 0; ; q.Offset += q.Limit {
					p := list(q)
					if len(p.Rows) == 0 {
						break
					}
					for _, r := range p.Rows {
						byOffset = append(byOffset, r.ID)
					}
				}
				total := list(store.CreatorQuery{Search: "o", Limit: 1}).Total
				seen := map[int64]bool{}
				for _, id := range byKey {
					seen[id] = true
				}
				if len(byKey) != total || len(seen) != total || !slices.Equal(byKey, byOffset) {
					t.Errorf("sort %s desc %v: %d rows by key (%d distinct), %d by offset, want %d", sort, desc,
						len(byKey), len(seen), len(byOffset), total)
				}
			}
		}

		if _, err := s.CreatorList(ctx, ws.ID, store.CreatorQuery{Sort: "nope"}); err == nil {
			t.Error("an unknown sort was accepted")
		}
	})
}

// TestCreatorListSeesNewData checks the cached list follows an import.
func TestCreatorListSeesNewData(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := importData(t, s, "tiktok-affiliate-orders-1.csv")
		gmv := func() int64 {
			p, err := s.CreatorList(ctx, ws.ID, store.CreatorQuery{Window: allTime, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			var sum int64
			for _, r := range p.Rows {
				sum += r.GMV
			}
			return sum
		}
		before := gmv()
		if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", "tiktok-affiliate-orders-2.csv"), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		if after, want := gmv(), readExpected(t).GMV; after != want || after == before {
			t.Errorf("GMV after the second import %d (before %d), want %d", after, before, want)
		}
	})
}

func TestCreatorDetail(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := importData(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		want := readExpected(t).Creators["bloommochi_0"]
		id, err := s.CreatorIDByHandle(ctx, ws.ID, "@BloomMochi_0")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreatorIDByHandle(ctx, other.ID, "bloommochi_0"); err != store.ErrNotFound {
			t.Errorf("another workspace's handle: %v", err)
		}
		d, err := s.CreatorDetail(ctx, ws.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Username != "bloommochi_0" || len(d.Accounts) != 1 || d.Accounts[0].Handle != "bloommochi_0" ||
			d.FirstSale == nil || d.LastSale == nil || d.LastSale.Before(*d.FirstSale) {
			t.Errorf("detail %+v", d)
		}
		if _, err := s.CreatorDetail(ctx, other.ID, id); err != store.ErrNotFound {
			t.Errorf("creator through another workspace: %v", err)
		}
		life, err := s.CreatorWindowTotals(ctx, ws.ID, id, store.Window{})
		if err != nil {
			t.Fatal(err)
		}
		if len(life) != 1 || life[0].Currency != "USD" || life[0].GMV != want.GMV || life[0].Orders != want.Order || life[0].Lines != want.Lines {
			t.Errorf("lifetime %+v, want %+v", life, want)
		}
		days, err := s.CreatorDailyTotals(ctx, ws.ID, id, allTime)
		if err != nil {
			t.Fatal(err)
		}
		var sum model.Totals
		for i, d := range days {
			sum.Add(d.Totals)
			if i > 0 && days[i-1].Day >= d.Day {
				t.Errorf("days out of order at %d", i)
			}
		}
		if sum.GMV != want.GMV || sum.Lines != want.Lines {
			t.Errorf("days add up to %+v, want %+v", sum, want)
		}
		// A window of the last 30 days agrees with the reports' figures.
		last, _ := s.LastOrderDay(ctx, ws.ID)
		win := store.WindowEnding(last, 30)
		got, _ := s.CreatorWindowTotals(ctx, ws.ID, id, win)
		all, _ := s.CreatorTotals(ctx, ws.ID, win, 0)
		for _, f := range all {
			if f.CreatorID == id && (len(got) != 1 || got[0].Totals != f.Totals) {
				t.Errorf("30 days %+v, reports say %+v", got, f.Totals)
			}
		}
	})
}
