package store_test

import (
	"context"
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
