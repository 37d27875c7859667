package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestCRMRefreshInSeveralTransactions: a refresh that commits every few rows (as a big
// workspace's first refresh does every crmCommitRows) leaves every creator exactly as one
// transaction would — sales, stage, tier and score — with one summary audit entry, and a
// second run changes nothing.
func TestCRMRefreshInSeveralTransactions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
		refresh := func(slug string, commitRows int) map[int64]store.CRMRow {
			t.Helper()
			ws, _ := sampleOrders(t, s, slug, "UTC")
			restore := store.SetCRMCommitRows(commitRows)
			res, err := crm.Refresh(ctx, s, ws.ID, now)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if res.Sales.Changed == 0 || res.Scores == 0 {
				t.Fatalf("%s: the refresh changed nothing: %+v", slug, res)
			}
			again, err := crm.Refresh(ctx, s, ws.ID, now)
			if err != nil || again.Sales.Changed != 0 || again.Scores != 0 || len(again.StageMoves) != 0 || again.TierChanges != 0 {
				t.Fatalf("%s: a second run changed %+v, %v", slug, again, err)
			}
			entries, err := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "crm.refresh", Limit: 10})
			if err != nil || len(entries) != 1 {
				t.Fatalf("%s: %d crm.refresh audit entries, want 1 (%v)", slug, len(entries), err)
			}
			rows := map[int64]store.CRMRow{}
			err = s.EachCRMRow(ctx, ws.ID, store.CRMRowParts{Stages: true, Tiers: true, Scores: true}, func(r *store.CRMRow) error {
				rows[r.ID] = *r
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		one := refresh("one", 1_000_000)
		many := refresh("many", 3)
		if len(one) == 0 || len(one) != len(many) {
			t.Fatalf("%d creators in one transaction, %d in many", len(one), len(many))
		}
		// The two workspaces' creators were created in the same order: pair them by rank.
		byRank := func(m map[int64]store.CRMRow) []store.CRMRow {
			var ids []int64
			for id := range m {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			out := make([]store.CRMRow, len(ids))
			for i, id := range ids {
				r := m[id]
				r.ID = 0
				out[i] = r
			}
			return out
		}
		a, b := byRank(one), byRank(many)
		for i := range a {
			if !reflect.DeepEqual(a[i], b[i]) {
				t.Fatalf("creator %d differs:\none transaction %+v\nmany            %+v", i, a[i], b[i])
			}
		}
	})
}

// TestCRMRefreshWritesEachCreatorOnce: the first refresh after an import changes most
// creators' sales and score; both are written in one UPDATE per creator, not one for each.
func TestCRMRefreshWritesEachCreatorOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := sampleOrders(t, s, "once", "UTC")
		restore := store.SetCRMCommitRows(4) // several transactions, with batches cut mid-way
		res, err := crm.Refresh(ctx, s, ws.ID, time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC))
		restore()
		if err != nil {
			t.Fatal(err)
		}
		creators := res.Sales.Creators
		if res.Sales.Changed+res.Scores <= creators {
			t.Fatalf("the sample should change both the sales and the score of most of its %d creators: %+v", creators, res)
		}
		if res.RowsWritten > creators || res.RowsWritten < max(res.Sales.Changed, res.Scores) {
			t.Fatalf("%d creator rows written for %d creators (%d sales, %d scores changed): want each creator once",
				res.RowsWritten, creators, res.Sales.Changed, res.Scores)
		}
	})
}

// TestCRMRefreshDayByDay: refreshes day after day, which write only the columns that change
// (a new day changes every seller's stats day but rarely its 30-day GMV, which five indexes
// hold), leave every creator's sales and score as one refresh of a fresh workspace on that day
// does, and SQLite's indexes in agreement with the table.
func TestCRMRefreshDayByDay(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		figures := func(ws int64) []store.CRMRow {
			t.Helper()
			var out []store.CRMRow
			err := s.EachCRMRow(ctx, ws, store.CRMRowParts{Tiers: true, Scores: true, Stages: true}, func(r *store.CRMRow) error {
				out = append(out, store.CRMRow{Sales: r.Sales, OrdersAll: r.OrdersAll, Units30d: r.Units30d, Score: r.Score, ScoreParts: r.ScoreParts})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		daily, _ := sampleOrders(t, s, "daily", "UTC")
		// The sample sells from September to mid-November 2026: the windows move over its sales.
		start := time.Date(2026, 10, 20, 12, 0, 0, 0, time.UTC)
		for k, days := range []int{0, 1, 2, 20, 45, 100} {
			now := start.AddDate(0, 0, days)
			if _, err := crm.Refresh(ctx, s, daily.ID, now); err != nil {
				t.Fatal(err)
			}
			// What is stored is what the rollups give: planning the same day again finds nothing
			// to write.
			if p, err := s.PlanCreatorSales(ctx, daily.ID, store.DayOf(now, time.UTC)); err != nil || p.Result.Changed != 0 {
				t.Fatalf("day +%d: %d creators' stored sales differ from their figures right after a refresh (%v)", days, p.Result.Changed, err)
			}
			if again, err := crm.Refresh(ctx, s, daily.ID, now); err != nil || again.Sales.Changed != 0 || again.Scores != 0 {
				t.Fatalf("day +%d: a second refresh changed %+v (%v)", days, again, err)
			}
			fresh, _ := sampleOrders(t, s, fmt.Sprintf("fresh%d", k), "UTC")
			if _, err := crm.Refresh(ctx, s, fresh.ID, now); err != nil {
				t.Fatal(err)
			}
			a, b := figures(daily.ID), figures(fresh.ID)
			if len(a) == 0 || len(a) != len(b) {
				t.Fatalf("day +%d: %d creators refreshed daily, %d fresh", days, len(a), len(b))
			}
			for i := range a {
				if !reflect.DeepEqual(a[i], b[i]) {
					t.Fatalf("day +%d: creator %d differs:\ndaily %+v\nfresh %+v", days, i, a[i], b[i])
				}
			}
			if ok, err := store.IntegrityCheck(s); err != nil || ok != "ok" {
				t.Fatalf("day +%d: integrity check: %q, %v", days, ok, err)
			}
		}
	})
}
