package store

import (
	"context"
	"fmt"
	"strings"
)

// SalesPlan is a sales refresh computed and compared with the stored figures, not yet
// written (PlanCreatorSales). A CRM refresh hands it to its CRMAutomation, which writes a
// creator's new figures in the same UPDATE as the score they give: the first refresh after a
// big import changes both for every creator, and each write of a creators row costs an entry
// in each of its indexes.
type SalesPlan struct {
	Result RefreshSalesResult // Changed counts the rows the plan writes
	cur    string
	today  int32
	table  *salesTable // nil for a workspace without creators
}

// wanted is the sales row a creator with figures f (nil for none) should have.
func (p *SalesPlan) wanted(id int64, f *salesFigures) salesRow {
	want := salesRow{id: id, currency: p.cur}
	if f != nil && !f.isZero() {
		want.v = [10]int64{f.gmv30, f.gmv90, f.gmvAll, f.orders30, f.orders90, f.ordersAll, f.units30, f.unitsAll,
			int64(f.first), int64(f.last)}
		want.stats = p.today
	}
	return want
}

// take returns the new sales row of creator id when it changes and was not taken before, with
// the sales columns its write sets, and marks it taken.
func (p *SalesPlan) take(id int64) (salesRow, rowCols, bool) {
	if p == nil || p.table == nil {
		return salesRow{}, 0, false
	}
	f := p.table.get(id, false)
	if f == nil || f.flags&salesChanged == 0 || f.flags&salesWritten != 0 {
		return salesRow{}, 0, false
	}
	f.flags |= salesWritten
	cols := colSales
	if f.flags&salesIndexedSame != 0 {
		cols = colSalesQuiet
	}
	return p.wanted(id, f), cols, true
}

// each calls fn for every creator of the table, with or without figures.
func (t *salesTable) each(fn func(id int64, f *salesFigures)) {
	for i := range t.dense {
		fn(t.lo+int64(i), &t.dense[i])
	}
	for id, f := range t.sparse {
		fn(id, f)
	}
}

// into gives r the row's figures, as EachCRMRow would have read them once written.
func (row *salesRow) into(r *CRMRow) {
	v := row.v
	r.Sales.Currency, r.Sales.StatsDay = row.currency, row.stats
	r.Sales.GMV30d, r.Sales.GMV90d, r.Sales.GMVAll = v[0], v[1], v[2]
	r.Sales.Orders30d, r.Sales.Orders90d, r.OrdersAll = v[3], v[4], v[5]
	r.Units30d, r.Sales.UnitsAll = v[6], v[7]
	r.Sales.FirstSaleDay, r.Sales.LastSale = int32(v[8]), int32(v[9])
}

// rowWrite is what a run writes to one creator's row besides its stage and tier: its new
// sales figures, its new score, or both, in one UPDATE.
type rowWrite struct {
	id    int64
	cols  rowCols // what the UPDATE sets
	sales salesRow
	score int
	parts string
}

// rowCols are groups of the creators' columns a rowWrite sets. SQLite moves the entries of
// every index holding a column an UPDATE sets, changed or not, and index entries are most of a
// refresh's cost: so the sales columns in indexes are set only when they change, and the score
// (in creators_score) apart from its parts.
type rowCols uint8

const (
	colSalesQuiet   rowCols = 1 << iota // the sales columns no index holds
	colSalesIndexed                     // sales_gmv_30d and last_sale_day
	colScore
	colParts
	colSales = colSalesQuiet | colSalesIndexed
)

// rowColumns are the columns a rowWrite may set, each with its group and its value.
var rowColumns = []struct {
	name  string
	group rowCols
	value func(r *rowWrite) any
}{
	{"sales_currency", colSalesQuiet, func(r *rowWrite) any { return r.sales.currency }},
	{"sales_gmv_30d", colSalesIndexed, func(r *rowWrite) any { return r.sales.v[0] }},
	{"sales_gmv_90d", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[1] }},
	{"sales_gmv_all", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[2] }},
	{"sales_orders_30d", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[3] }},
	{"sales_orders_90d", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[4] }},
	{"sales_orders_all", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[5] }},
	{"sales_units_30d", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[6] }},
	{"sales_units_all", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[7] }},
	{"first_sale_day", colSalesQuiet, func(r *rowWrite) any { return r.sales.v[8] }},
	{"last_sale_day", colSalesIndexed, func(r *rowWrite) any { return r.sales.v[9] }},
	{"stats_day", colSalesQuiet, func(r *rowWrite) any { return r.sales.stats }},
	{"score", colScore, func(r *rowWrite) any { return r.score }},
	{"score_parts", colParts, func(r *rowWrite) any { return r.parts }},
}

// rowSetSQL is the SQLite UPDATE that sets the columns of cols; the workspace and id follow
// their values.
func rowSetSQL(cols rowCols) string {
	var set []string
	for _, c := range rowColumns {
		if cols&c.group != 0 {
			set = append(set, fmt.Sprintf("%s = $%d", c.name, len(set)+1))
		}
	}
	return fmt.Sprintf("UPDATE creators SET %s WHERE workspace_id = $%d AND id = $%d", strings.Join(set, ", "), len(set)+1, len(set)+2)
}

// rowSetStatements are rowSetSQL of every set of groups a write may have, prepared when a run
// begins.
var rowSetStatements = func() map[rowCols]string {
	m := map[rowCols]string{}
	for cols := rowCols(1); cols <= colSales|colScore|colParts; cols++ {
		if cols&colSalesIndexed != 0 && cols&colSalesQuiet == 0 || cols&colScore != 0 && cols&colParts == 0 {
			continue // new sales always set the quiet columns; a new score comes with its parts
		}
		m[cols] = rowSetSQL(cols)
	}
	return m
}()

// UseSales makes the run write the sales refresh p: ApplySales for each creator the run passes,
// and Commit for the rest (merged creators, whose figures went to the one they joined).
func (w *CRMAutomation) UseSales(p *SalesPlan) { w.plan = p }

// ApplySales gives r the figures of the run's sales plan when they change, and queues them to
// be written with the creator's score. Call it before deciding r's stage, tier and score.
func (w *CRMAutomation) ApplySales(ctx context.Context, r *CRMRow) error {
	row, cols, ok := w.plan.take(r.ID)
	if !ok {
		return nil
	}
	row.into(r)
	p, err := w.pend(ctx, r.ID)
	if err != nil {
		return err
	}
	p.sales, p.cols = row, p.cols|cols
	return nil
}

// SetScore changes a creator's fit score from the one the run read, and its parts (JSON).
func (w *CRMAutomation) SetScore(ctx context.Context, id int64, from, to int, parts string) error {
	p, err := w.pend(ctx, id)
	if err != nil {
		return err
	}
	p.score, p.parts, p.cols = to, parts, p.cols|colParts
	if from != to {
		p.cols |= colScore
	}
	return nil
}

// pend returns the queued write of creator id, queuing one (after writing a full batch) when
// the last queued write is another creator's. A creator's sales and score are set one after
// the other, so they meet in one entry.
func (w *CRMAutomation) pend(ctx context.Context, id int64) (*rowWrite, error) {
	if n := len(w.rows); n > 0 && w.rows[n-1].id == id {
		return &w.rows[n-1], nil
	}
	if len(w.rows) >= automationBatch {
		if err := w.flushRows(ctx); err != nil {
			return nil, err
		}
	}
	w.rows = append(w.rows, rowWrite{id: id})
	return &w.rows[len(w.rows)-1], nil
}

// writeRestOfSales queues the plan's changed rows no ApplySales took, and writes the queue.
func (w *CRMAutomation) writeRestOfSales(ctx context.Context) error {
	if w.plan != nil && w.plan.table != nil {
		var err error
		w.plan.table.each(func(id int64, _ *salesFigures) {
			if err != nil {
				return
			}
			if row, cols, ok := w.plan.take(id); ok {
				var p *rowWrite
				if p, err = w.pend(ctx, id); err == nil {
					p.sales, p.cols = row, p.cols|cols
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return w.flushRows(ctx)
}

// flushRows writes the queued sales and scores: one UPDATE … FROM unnest() on PostgreSQL,
// a prepared statement per row on SQLite (where a statement costs microseconds, not a round
// trip), choosing the one that sets only what changed so SQLite leaves the other columns'
// indexes alone.
func (w *CRMAutomation) flushRows(ctx context.Context) error {
	if len(w.rows) == 0 {
		return nil
	}
	if _, err := w.begin(ctx); err != nil {
		return err
	}
	var err error
	if w.s.dialect == Postgres {
		err = w.flushRowsPostgres(ctx)
	} else {
		err = w.flushRowsSQLite(ctx)
	}
	if err != nil {
		return err
	}
	for _, r := range w.rows {
		if r.cols&colParts != 0 {
			w.counts.Scores++
		}
	}
	w.counts.RowsWritten += len(w.rows)
	w.uncommitted += len(w.rows)
	w.rows = w.rows[:0]
	return w.commitIfLarge()
}

func (w *CRMAutomation) flushRowsSQLite(ctx context.Context) error {
	var args []any
	for i := range w.rows {
		r := &w.rows[i]
		args = args[:0]
		for _, c := range rowColumns {
			if r.cols&c.group != 0 {
				args = append(args, c.value(r))
			}
		}
		if _, err := w.exec(ctx, rowSetStatements[r.cols], append(args, w.workspaceID, r.id)...); err != nil {
			return fmt.Errorf("store: unable to update the sales and score of creator %d: %w", r.id, err)
		}
	}
	return nil
}

// rowsUpdatePostgres sets, for each row of the unnest, the sales columns when hs and the score
// when hsc; a PostgreSQL update writes a whole new row version either way.
var rowsUpdatePostgres = func() string {
	set := []string{"sales_currency = CASE WHEN t.hs THEN t.cur ELSE c.sales_currency END",
		"stats_day = CASE WHEN t.hs THEN t.stats ELSE c.stats_day END"}
	for i, c := range salesFigureColumns {
		set = append(set, fmt.Sprintf("%s = CASE WHEN t.hs THEN t.v%d ELSE c.%s END", c, i, c))
	}
	set = append(set, "score = CASE WHEN t.hsc THEN t.score ELSE c.score END",
		"score_parts = CASE WHEN t.hsc THEN t.parts ELSE c.score_parts END")
	return `UPDATE creators c SET ` + strings.Join(set, ", ") + `
		FROM unnest($2::bigint[], $3::boolean[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
			$9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[],
			$16::boolean[], $17::bigint[], $18::text[])
			AS t(id, hs, cur, stats, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, hsc, score, parts)
		WHERE c.workspace_id = $1 AND c.id = t.id`
}()

func (w *CRMAutomation) flushRowsPostgres(ctx context.Context) error {
	n := len(w.rows)
	ids, hs, cur, hsc := make([]int64, n), make([]bool, n), make([]string, n), make([]bool, n)
	scores, parts := make([]int64, n), make([]string, n)
	cols := make([][]int64, 11) // stats_day, then the ten figures
	for i := range cols {
		cols[i] = make([]int64, n)
	}
	for i, r := range w.rows {
		ids[i], hs[i], hsc[i], scores[i], parts[i] = r.id, r.cols&colSales != 0, r.cols&colParts != 0, int64(r.score), r.parts
		cur[i], cols[0][i] = r.sales.currency, int64(r.sales.stats)
		for j, v := range r.sales.v {
			cols[j+1][i] = v
		}
	}
	args := []any{w.workspaceID, ids, hs, cur}
	for _, c := range cols {
		args = append(args, c)
	}
	args = append(args, hsc, scores, parts)
	if _, err := w.tx.ExecContext(ctx, rowsUpdatePostgres, args...); err != nil {
		return fmt.Errorf("store: unable to update the sales and scores of %d creators: %w", n, err)
	}
	return nil
}

// commitWithoutAudit commits what the run wrote, for a sales refresh on its own (whose figures
// come from audited imports).
func (w *CRMAutomation) commitWithoutAudit() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx = nil
	if err != nil {
		return fmt.Errorf("store: unable to commit the sales update: %w", err)
	}
	return nil
}
