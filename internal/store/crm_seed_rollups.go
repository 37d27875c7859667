package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/creatorops/creatorops/internal/model"
)

// SeedSalesRollups writes creator rollup blobs straight from per-day totals (day → creator →
// totals), the day blobs and the month blobs that sum them, replacing any of those periods
// the workspace had in currency. It is for benchmarks and demo data that seed creators in bulk
// without order lines, so RefreshCreatorSales has the sales it would read after real imports;
// it writes no lines, no product rollups and no audit entry.
func (s *Store) SeedSalesRollups(ctx context.Context, workspaceID int64, currency string, days map[int32]map[int64]model.Totals) error {
	months := map[int32]map[int64]model.Totals{}
	for day, byCreator := range days {
		m := months[day/100]
		if m == nil {
			m = map[int64]model.Totals{}
			months[day/100] = m
		}
		for id, t := range byCreator {
			sum := m[id]
			sum.Add(t)
			m[id] = sum
		}
	}
	blob := func(byCreator map[int64]model.Totals) []byte {
		entries := make([]creatorTotals, 0, len(byCreator))
		for id, t := range byCreator {
			if !t.IsZero() {
				entries = append(entries, creatorTotals{id, t})
			}
		}
		slices.SortFunc(entries, func(a, b creatorTotals) int { return cmpInt64(a.id, b.id) })
		return encodeCreatorBlob(entries)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, set := range []struct {
			kind    string
			periods map[int32]map[int64]model.Totals
		}{{"day", days}, {"month", months}} {
			for period, byCreator := range set.periods {
				if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_creator_blobs (workspace_id, kind, period, currency, data)
					VALUES ($1, $2, $3, $4, $5) ON CONFLICT (workspace_id, kind, period, currency) DO UPDATE SET data = excluded.data`,
					workspaceID, set.kind, period, currency, blob(byCreator)); err != nil {
					return fmt.Errorf("store: unable to seed the %s rollup %d: %w", set.kind, period, err)
				}
			}
		}
		return nil
	})
}
