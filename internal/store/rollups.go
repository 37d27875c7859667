package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"

	"github.com/creatorops/creatorops/internal/model"
)

type rollupKey struct {
	period int32 // YYYYMMDD or YYYYMM
	id     int64 // creator or product
}

// rollupDeltas gathers what a transaction adds to the rollups, so each rollup row is written
// once per transaction however many lines touch it.
type rollupDeltas struct {
	creators map[rollupKey]*model.Totals
	products map[rollupKey]*model.Totals
}

func newRollupDeltas() *rollupDeltas {
	return &rollupDeltas{creators: map[rollupKey]*model.Totals{}, products: map[rollupKey]*model.Totals{}}
}

func deltaFor(m map[rollupKey]*model.Totals, k rollupKey) *model.Totals {
	t, ok := m[k]
	if !ok {
		t = &model.Totals{}
		m[k] = t
	}
	return t
}

func (d *rollupDeltas) creatorDay(day int32, id int64) *model.Totals {
	return deltaFor(d.creators, rollupKey{day, id})
}

func (d *rollupDeltas) productDay(day int32, id int64) *model.Totals {
	return deltaFor(d.products, rollupKey{day, id})
}

// add adds sign × t to the creator's and the product's day.
func (d *rollupDeltas) add(day int32, creatorID, productID int64, t model.Totals, sign int64) {
	c, p := d.creatorDay(day, creatorID), d.productDay(day, productID)
	if sign > 0 {
		c.Add(t)
		p.Add(t)
	} else {
		c.Sub(t)
		p.Sub(t)
	}
}

// rollupTables names a rollup family: its day and month tables and the id column.
type rollupTables struct{ day, month, idColumn string }

var productRollups = rollupTables{"rollup_product_day", "rollup_product_month", "product_id"}

// applyRollupDeltas adds the deltas to the day and month rollups.
func (s *Store) applyRollupDeltas(ctx context.Context, tx *sql.Tx, workspaceID int64, currency string, d *rollupDeltas) error {
	if err := s.addToCreatorBlobs(ctx, tx, workspaceID, "day", currency, d.creators); err != nil {
		return err
	}
	if err := s.addToCreatorBlobs(ctx, tx, workspaceID, "month", currency, monthsOf(d.creators)); err != nil {
		return err
	}
	if err := s.addToRollup(ctx, tx, productRollups, false, workspaceID, currency, d.products); err != nil {
		return err
	}
	return s.addToRollup(ctx, tx, productRollups, true, workspaceID, currency, monthsOf(d.products))
}

// addToCreatorBlobs merges per-creator deltas into the blobs of their periods.
func (s *Store) addToCreatorBlobs(ctx context.Context, tx *sql.Tx, workspaceID int64, kind, currency string, deltas map[rollupKey]*model.Totals) error {
	byPeriod := map[int32]map[int64]*model.Totals{}
	for k, t := range deltas {
		if t.IsZero() {
			continue
		}
		m := byPeriod[k.period]
		if m == nil {
			m = map[int64]*model.Totals{}
			byPeriod[k.period] = m
		}
		m[k.id] = t
	}
	if len(byPeriod) == 0 {
		return nil
	}
	periods := make([]int64, 0, len(byPeriod))
	for p := range byPeriod {
		periods = append(periods, int64(p))
	}
	slices.Sort(periods)
	old, err := s.creatorBlobs(ctx, tx, workspaceID, kind, currency, periods)
	if err != nil {
		return err
	}
	for _, p := range periods {
		blob, err := mergeCreatorBlob(old[int32(p)], byPeriod[int32(p)])
		if err != nil {
			return fmt.Errorf("store: creator rollup %s %d of workspace %d: %w", kind, p, workspaceID, err)
		}
		if blob == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = $2 AND period = $3 AND currency = $4`,
				workspaceID, kind, p, currency)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO rollup_creator_blobs (workspace_id, kind, period, currency, data) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (workspace_id, kind, period, currency) DO UPDATE SET data = excluded.data`, workspaceID, kind, p, currency, blob)
		}
		if err != nil {
			return fmt.Errorf("store: unable to write the creator rollup: %w", err)
		}
	}
	return nil
}

// creatorBlobs loads the blobs of the given periods.
func (s *Store) creatorBlobs(ctx context.Context, tx *sql.Tx, workspaceID int64, kind, currency string, periods []int64) (map[int32][]byte, error) {
	rows, err := tx.QueryContext(ctx, `SELECT period, data FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = $2
		AND currency = $3 AND period BETWEEN $4 AND $5`, workspaceID, kind, currency, periods[0], periods[len(periods)-1])
	if err != nil {
		return nil, fmt.Errorf("store: unable to read creator rollups: %w", err)
	}
	defer rows.Close()
	out := map[int32][]byte{}
	for rows.Next() {
		var p int64
		var data []byte
		if err := rows.Scan(&p, &data); err != nil {
			return nil, err
		}
		if _, wanted := slices.BinarySearch(periods, p); wanted {
			out[int32(p)] = data
		}
	}
	return out, rows.Err()
}

func monthsOf(days map[rollupKey]*model.Totals) map[rollupKey]*model.Totals {
	out := make(map[rollupKey]*model.Totals, len(days)/8+1)
	for k, t := range days {
		deltaFor(out, rollupKey{k.period / 100, k.id}).Add(*t)
	}
	return out
}

const rollupColumnCount = 11

// addToRollup upserts the deltas into one rollup table, in key order so that two PostgreSQL
// transactions touching the same rows take their locks in the same order.
func (s *Store) addToRollup(ctx context.Context, tx *sql.Tx, tables rollupTables, monthly bool, workspaceID int64, currency string, deltas map[rollupKey]*model.Totals) error {
	keys := make([]rollupKey, 0, len(deltas))
	for k, t := range deltas {
		if !t.IsZero() {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int {
		if c := cmp.Compare(a.period, b.period); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if s.dialect == Postgres {
		return s.addToRollupArrays(ctx, tx, tables, monthly, workspaceID, currency, keys, deltas)
	}
	args := make([]any, 0, chunkSizes[0]*rollupColumnCount)
	for start := 0; start < len(keys); {
		n := nextChunk(len(keys) - start)
		args = args[:0]
		for _, k := range keys[start : start+n] {
			t := deltas[k]
			args = append(args, workspaceID, k.period, k.id, currency, t.GMV, t.Orders, t.Units, t.Lines,
				t.EstCommission, t.PaidCommission, t.Refunds)
		}
		if err := s.execIn(ctx, tx, s.rollupSQL(tables, monthly, n), args...); err != nil {
			return fmt.Errorf("store: unable to update rollups: %w", err)
		}
		start += n
	}
	return nil
}

// addToRollupArrays is addToRollup on PostgreSQL: the whole batch in one statement over
// unnest()ed arrays, instead of several multi-row statements each planned afresh.
func (s *Store) addToRollupArrays(ctx context.Context, tx *sql.Tx, tables rollupTables, monthly bool, workspaceID int64, currency string, keys []rollupKey, deltas map[rollupKey]*model.Totals) error {
	if len(keys) == 0 {
		return nil
	}
	cols := make([][]int64, 9)
	for i := range cols {
		cols[i] = make([]int64, len(keys))
	}
	for i, k := range keys {
		t := deltas[k]
		for j, v := range [...]int64{int64(k.period), k.id, t.GMV, t.Orders, t.Units, t.Lines, t.EstCommission, t.PaidCommission, t.Refunds} {
			cols[j][i] = v
		}
	}
	table, periodColumn := tables.day, "day"
	if monthly {
		table, periodColumn = tables.month, "month"
	}
	q := `INSERT INTO ` + table + ` (workspace_id, ` + periodColumn + `, ` + tables.idColumn +
		`, currency, gmv, orders, units, lines, est_commission, paid_commission, refunds)
		SELECT $1, p, i, $2, g, o, u, l, e, pc, r FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
		$7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[]) AS t(p, i, g, o, u, l, e, pc, r)
		ON CONFLICT (workspace_id, ` + periodColumn + `, ` + tables.idColumn + `, currency) DO UPDATE SET
		gmv = ` + table + `.gmv + excluded.gmv, orders = ` + table + `.orders + excluded.orders,
		units = ` + table + `.units + excluded.units, lines = ` + table + `.lines + excluded.lines,
		est_commission = ` + table + `.est_commission + excluded.est_commission,
		paid_commission = ` + table + `.paid_commission + excluded.paid_commission,
		refunds = ` + table + `.refunds + excluded.refunds`
	args := []any{workspaceID, currency}
	for _, c := range cols {
		args = append(args, c)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("store: unable to update %s: %w", table, err)
	}
	return nil
}

var rollupStatements sync.Map // rollupStatementKey → SQL

type rollupStatementKey struct {
	dialect Dialect
	table   string
	rows    int
}

// rollupSQL is the multi-row additive upsert of n rows into a rollup table.
func (s *Store) rollupSQL(tables rollupTables, monthly bool, n int) string {
	table, periodColumn := tables.day, "day"
	if monthly {
		table, periodColumn = tables.month, "month"
	}
	key := rollupStatementKey{s.dialect, table, n}
	if q, ok := rollupStatements.Load(key); ok {
		return q.(string)
	}
	q := `INSERT INTO ` + table + ` (workspace_id, ` + periodColumn + `, ` + tables.idColumn +
		`, currency, gmv, orders, units, lines, est_commission, paid_commission, refunds) VALUES ` +
		s.valuesList(n, rollupColumnCount, 1) +
		` ON CONFLICT (workspace_id, ` + periodColumn + `, ` + tables.idColumn + `, currency) DO UPDATE SET
		gmv = ` + table + `.gmv + excluded.gmv, orders = ` + table + `.orders + excluded.orders,
		units = ` + table + `.units + excluded.units, lines = ` + table + `.lines + excluded.lines,
		est_commission = ` + table + `.est_commission + excluded.est_commission,
		paid_commission = ` + table + `.paid_commission + excluded.paid_commission,
		refunds = ` + table + `.refunds + excluded.refunds`
	rollupStatements.Store(key, q)
	return q
}

// prepareImportStatements prepares, once per process, the statements an import runs for every
// batch. Only SQLite gains: pgx already caches prepared statements per connection.
func (s *Store) prepareImportStatements(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	qs := []string{s.upsertLinesSQL(upsertRowsPerStatement)}
	for _, monthly := range []bool{false, true} {
		for _, n := range chunkSizes {
			qs = append(qs, s.rollupSQL(productRollups, monthly, n))
		}
	}
	for _, n := range inListSizes {
		qs = append(qs, s.lineHashesSQL(n))
	}
	qs = append(qs, lineHashesRangeSQL)
	for _, q := range qs {
		if _, err := s.prepare(ctx, q); err != nil {
			return fmt.Errorf("store: unable to prepare import statements: %w", err)
		}
	}
	return nil
}
