package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func i64(v int64) *int64 { return &v }

func ptrBool(v bool) *bool { return &v }

// directoryFixture seeds six creators whose fields make every filter keep a different set.
func directoryFixture(t *testing.T, s *store.Store) (wsID int64, owner int64, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	ws, _ := storetest.USDShop(t, s)
	owner, err := s.CreateUser(ctx, "owner@acme.example", "Owner", "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, owner, ws.ID, "manager"); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }
	seed := []store.SeedCreator{
		{Handle: "ana_beauty", DisplayName: "Ana Lima", Email: "ana@mail.example", Followers: i64(120_000), Region: "US",
			Language: "en", TimeZone: "America/New_York", Agency: "Glow", Verticals: []string{"Beauty", "Fashion"},
			Tags: []string{"vip", "q4"}, Stage: model.StageActive, OwnerID: &owner, Tier: "gold", Score: 80,
			Sales: store.CreatorSales{Currency: "USD", GMV30d: 50_000, GMV90d: 120_000, GMVAll: 400_000, Orders30d: 12,
				FirstSaleDay: 20250301, LastSale: 20260110}, CreatedAt: day(1)},
		{Handle: "ben_tech", DisplayName: "Ben Okafor", Discord: "ben#1", Followers: i64(8_000), Region: "GB", Language: "en",
			Verticals: []string{"Tech"}, Tags: []string{"q4"}, Stage: model.StageProspect, Score: 40,
			Sales: store.CreatorSales{Currency: "USD"}, CreatedAt: day(2)},
		{Handle: "cara.home", DisplayName: "Cara Home", Email: "Cara@Home.example", Region: "US", Language: "es",
			Verticals: []string{"Home"}, Stage: model.StageSampled, OwnerID: &owner, Tier: "silver", Score: 55,
			Sales: store.CreatorSales{Currency: "USD", GMV30d: 9_000, GMV90d: 9_000, GMVAll: 9_000, Orders30d: 3,
				FirstSaleDay: 20260105, LastSale: 20260105}, CreatedAt: day(3)},
		{Handle: "dani", DisplayName: "Dani", Followers: i64(1_500_000), Region: "PH", Language: "tl", Agency: "Glow",
			Verticals: []string{"Beauty"}, Tags: []string{"vip"}, Stage: model.StageDoNotContact, StageReason: "asked us to stop",
			Score: 10, Sales: store.CreatorSales{Currency: "USD", GMV30d: 0, GMV90d: 3_000, GMVAll: 70_000, Orders30d: 0,
				FirstSaleDay: 20240101, LastSale: 20251020}, CreatedAt: day(4)},
		{Handle: "eli", DisplayName: "Eli Marsh", Email: "eli@x.example", Followers: i64(50_000), Region: "US", Language: "en",
			Verticals: []string{"Fashion"}, Stage: model.StageActive, Tier: "gold", Score: 70,
			Sales: store.CreatorSales{Currency: "USD", GMV30d: 50_000, GMV90d: 60_000, GMVAll: 60_000, Orders30d: 20,
				FirstSaleDay: 20251201, LastSale: 20260111}, CreatedAt: day(5)},
		{Handle: "fay", DisplayName: "Ana Fay", Region: "US", Verticals: []string{"Beauty"}, Stage: model.StageContacted,
			Score: 60, Sales: store.CreatorSales{Currency: "USD"}, CreatedAt: day(6)},
	}
	got, err := s.SeedCreators(ctx, ws.ID, seed)
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]int64{}
	for i, c := range seed {
		ids[c.Handle] = got[i]
	}
	return ws.ID, owner, ids
}

func TestDirectoryFilters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		wsID, owner, _ := directoryFixture(t, s)
		cases := []struct {
			name string
			q    store.DirectoryQuery
			want []string // in order
		}{
			{"default sort gmv_30d desc", store.DirectoryQuery{Desc: true}, []string{"eli", "ana_beauty", "cara.home", "fay", "dani", "ben_tech"}},
			{"gmv_30d asc", store.DirectoryQuery{}, []string{"ben_tech", "dani", "fay", "cara.home", "ana_beauty", "eli"}},
			{"search handle prefix", store.DirectoryQuery{Search: "@ANA", Sort: store.DirSortHandle}, []string{"ana_beauty", "fay"}},
			{"search email prefix", store.DirectoryQuery{Search: "cara@h"}, []string{"cara.home"}},
			{"search display name prefix", store.DirectoryQuery{Search: "eli m"}, []string{"eli"}},
			{"search no substring", store.DirectoryQuery{Search: "beauty"}, nil},
			{"stages", store.DirectoryQuery{Stages: []model.Stage{model.StageActive, model.StageSampled}, Sort: store.DirSortHandle},
				[]string{"ana_beauty", "cara.home", "eli"}},
			{"tiers", store.DirectoryQuery{Tiers: []string{"silver"}}, []string{"cara.home"}},
			{"owner", store.DirectoryQuery{OwnerID: &owner, Sort: store.DirSortHandle}, []string{"ana_beauty", "cara.home"}},
			{"unowned", store.DirectoryQuery{Unowned: true, Sort: store.DirSortHandle}, []string{"ben_tech", "dani", "eli", "fay"}},
			{"owner or unowned", store.DirectoryQuery{OwnerID: &owner, Unowned: true, Sort: store.DirSortHandle},
				[]string{"ana_beauty", "ben_tech", "cara.home", "dani", "eli", "fay"}},
			{"tags all of", store.DirectoryQuery{Tags: []string{"VIP", "q4"}}, []string{"ana_beauty"}},
			{"verticals any of", store.DirectoryQuery{Verticals: []string{"Fashion", "Home"}, Sort: store.DirSortHandle},
				[]string{"ana_beauty", "cara.home", "eli"}},
			{"region", store.DirectoryQuery{Region: "GB"}, []string{"ben_tech"}},
			{"language", store.DirectoryQuery{Language: "es"}, []string{"cara.home"}},
			{"agency", store.DirectoryQuery{Agency: "Glow", Sort: store.DirSortHandle}, []string{"ana_beauty", "dani"}},
			{"time zone", store.DirectoryQuery{TimeZone: "America/New_York"}, []string{"ana_beauty"}},
			{"has email", store.DirectoryQuery{HasEmail: ptrBool(true), Sort: store.DirSortHandle}, []string{"ana_beauty", "cara.home", "eli"}},
			{"no email", store.DirectoryQuery{HasEmail: ptrBool(false), Sort: store.DirSortHandle}, []string{"ben_tech", "dani", "fay"}},
			{"has discord", store.DirectoryQuery{HasDiscord: ptrBool(true)}, []string{"ben_tech"}},
			{"gmv 30d range", store.DirectoryQuery{MinGMV30d: i64(5_000), MaxGMV30d: i64(10_000)}, []string{"cara.home"}},
			{"gmv 90d min", store.DirectoryQuery{MinGMV90d: i64(100_000)}, []string{"ana_beauty"}},
			{"gmv all max", store.DirectoryQuery{MaxGMVAll: i64(9_000), Sort: store.DirSortHandle}, []string{"ben_tech", "cara.home", "fay"}},
			{"gmv all min", store.DirectoryQuery{MinGMVAll: i64(70_000), Sort: store.DirSortHandle}, []string{"ana_beauty", "dani"}},
			{"followers range", store.DirectoryQuery{MinFollowers: i64(10_000), MaxFollowers: i64(200_000), Sort: store.DirSortHandle},
				[]string{"ana_beauty", "eli"}},
			{"last sale range", store.DirectoryQuery{LastSaleFrom: 20260101, LastSaleTo: 20260110, Sort: store.DirSortHandle},
				[]string{"ana_beauty", "cara.home"}},
			{"last sale before", store.DirectoryQuery{LastSaleTo: 20251231}, []string{"dani"}},
			{"first sale from", store.DirectoryQuery{FirstSaleFrom: 20251201, Sort: store.DirSortHandle}, []string{"cara.home", "eli"}},
			{"first sale to", store.DirectoryQuery{FirstSaleTo: 20250101}, []string{"dani"}},
			{"min score", store.DirectoryQuery{MinScore: func() *int { v := 60; return &v }(), Sort: store.DirSortScore, Desc: true},
				[]string{"ana_beauty", "eli", "fay"}},
			{"sort gmv_90d", store.DirectoryQuery{Sort: store.DirSortGMV90d, Desc: true, Limit: 3}, []string{"ana_beauty", "eli", "cara.home"}},
			{"sort gmv_all", store.DirectoryQuery{Sort: store.DirSortGMVAll, Desc: true, Limit: 2}, []string{"ana_beauty", "dani"}},
			{"sort orders_30d", store.DirectoryQuery{Sort: store.DirSortOrders30d, Desc: true, Limit: 2}, []string{"eli", "ana_beauty"}},
			{"sort followers (unknown last)", store.DirectoryQuery{Sort: store.DirSortFollowers, Desc: true},
				[]string{"dani", "ana_beauty", "eli", "ben_tech", "fay", "cara.home"}},
			{"sort last_sale", store.DirectoryQuery{Sort: store.DirSortLastSale, Desc: true, Limit: 3}, []string{"eli", "ana_beauty", "cara.home"}},
			{"sort created", store.DirectoryQuery{Sort: store.DirSortCreated, Desc: true, Limit: 2}, []string{"fay", "eli"}},
			{"sort stage_since", store.DirectoryQuery{Sort: store.DirSortStageSince, Limit: 2}, []string{"ana_beauty", "ben_tech"}},
			{"sort handle desc", store.DirectoryQuery{Sort: store.DirSortHandle, Desc: true, Limit: 2}, []string{"fay", "eli"}},
			{"offset", store.DirectoryQuery{Sort: store.DirSortHandle, Offset: 4}, []string{"eli", "fay"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p, err := s.Directory(ctx, wsID, c.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range p.Rows {
					got = append(got, r.Username)
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("got %q, want %q", got, c.want)
				}
				if c.q.Limit == 0 && c.q.Offset == 0 && p.Total != len(c.want) {
					t.Errorf("total = %d, want %d", p.Total, len(c.want))
				}
			})
		}
		if _, err := s.Directory(ctx, wsID, store.DirectoryQuery{Sort: "nope"}); err == nil {
			t.Error("an unknown sort was accepted")
		}
	})
}

// TestDirectoryPaging walks every sort in both directions, two rows a page, over creators
// whose sort values tie, and checks each creator comes exactly once and in order.
func TestDirectoryPaging(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		var seed []store.SeedCreator
		for i := range 11 {
			f := int64(i % 3 * 1000)
			seed = append(seed, store.SeedCreator{Handle: fmt.Sprintf("tie%02d", i%4) + fmt.Sprintf("_%d", i),
				Followers: &f, Score: i % 2, Sales: store.CreatorSales{GMV30d: int64(i%3) * 100, GMV90d: 5, LastSale: 20260101},
				CreatedAt: time.Unix(1_700_000_000, 0)})
		}
		if _, err := s.SeedCreators(ctx, ws.ID, seed); err != nil {
			t.Fatal(err)
		}
		for _, sort := range store.DirectorySorts {
			for _, desc := range []bool{false, true} {
				all, err := s.Directory(ctx, ws.ID, store.DirectoryQuery{Sort: sort, Desc: desc, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				var paged []int64
				q := store.DirectoryQuery{Sort: sort, Desc: desc, Limit: 2}
				for range 20 {
					p, err := s.Directory(ctx, ws.ID, q)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range p.Rows {
						paged = append(paged, r.ID)
					}
					if p.Next == nil {
						break
					}
					q.After = p.Next
				}
				var want []int64
				for _, r := range all.Rows {
					want = append(want, r.ID)
				}
				if len(want) != 11 || !slices.Equal(paged, want) {
					t.Errorf("%s desc=%v: paged %v, want %v", sort, desc, paged, want)
				}
			}
		}
	})
}

func TestDirectoryHidesMerged(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		wsID, _, ids := directoryFixture(t, s)
		if err := store.ExecDirectoryTest(s, `UPDATE creators SET merged_into = $1 WHERE id = $2`, ids["ana_beauty"], ids["fay"]); err != nil {
			t.Fatal(err)
		}
		p, err := s.Directory(ctx, wsID, store.DirectoryQuery{Search: "ana"})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Rows) != 1 || p.Rows[0].Username != "ana_beauty" || p.Total != 1 {
			t.Errorf("rows %+v total %d", p.Rows, p.Total)
		}
	})
}
