package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// The precomputed sales columns of creators (sales_*, first/last sale day, stats_day) are what
// the directory filters and sorts a million creators on, and what stage automation, tier rules
// and the fit score read. RefreshCreatorSales recomputes them from the creator rollup blobs:
// the month blobs give lifetime figures and the months of each creator's first and last sale,
// the day blobs of the last 90 days give the rolling windows, and the day blobs of those first
// and last months give the exact days. It writes only the rows whose figures changed.

// RefreshSalesResult says what RefreshCreatorSales did.
type RefreshSalesResult struct {
	Currency  string // the workspace's main currency (most lifetime GMV); "" with no shop
	Day       int32  // the day the figures are as of (YYYYMMDD, workspace zone)
	Creators  int    // creators of the workspace
	WithSales int    // creators with figures, merged creators counted in the one they were merged into
	Changed   int    // rows written
}

// salesFigures are one creator's figures in the main currency. A sale is a day with a live
// order (not cancelled, not fully refunded): a creator whose only order was cancelled has not
// sold, so it does not activate them.
type salesFigures struct {
	gmv30, gmv90, gmvAll          int64
	orders30, orders90, ordersAll int64
	units30, unitsAll             int64
	firstMonth, lastMonth         int32 // YYYYMM of the first and last month with a live order
	first, last                   int32 // YYYYMMDD
	flags                         salesFlags
}

// salesFlags are what planning a refresh learned of a creator's figures.
type salesFlags uint8

const (
	salesSeen    salesFlags = 1 << iota // the creator's stored row was read
	salesChanged                        // the stored figures differ: the row is to be written
	salesWritten                        // written (or handed to a write) by this refresh
	// salesIndexedSame: the stored 30-day GMV and last sale day, the two sales columns in
	// indexes (five of them), stay as they are: a write need not touch those indexes.
	salesIndexedSame
)

func (f *salesFigures) fold(o *salesFigures) {
	f.gmv30, f.gmv90, f.gmvAll = f.gmv30+o.gmv30, f.gmv90+o.gmv90, f.gmvAll+o.gmvAll
	f.orders30, f.orders90, f.ordersAll = f.orders30+o.orders30, f.orders90+o.orders90, f.ordersAll+o.ordersAll
	f.units30, f.unitsAll = f.units30+o.units30, f.unitsAll+o.unitsAll
	f.firstMonth, f.first = minNonZero(f.firstMonth, o.firstMonth), minNonZero(f.first, o.first)
	f.lastMonth, f.last = max(f.lastMonth, o.lastMonth), max(f.last, o.last)
}

func (f *salesFigures) isZero() bool {
	g := *f
	g.flags = 0
	return g == salesFigures{}
}

func minNonZero(a, b int32) int32 {
	if a == 0 || b != 0 && b < a {
		return b
	}
	return a
}

// salesTable holds the figures of a workspace's creators: in a slice indexed by id when the
// workspace's ids are dense enough (they usually are), else in a map.
type salesTable struct {
	lo     int64
	dense  []salesFigures
	sparse map[int64]*salesFigures
}

func newSalesTable(lo, hi int64, count int) *salesTable {
	t := &salesTable{lo: lo, sparse: map[int64]*salesFigures{}}
	if count > 0 && hi-lo < int64(4*count+4096) {
		t.dense = make([]salesFigures, hi-lo+1)
	}
	return t
}

// get returns the figures of creator id, adding them when add is set (else nil when absent).
func (t *salesTable) get(id int64, add bool) *salesFigures {
	if i := id - t.lo; t.dense != nil && i >= 0 && i < int64(len(t.dense)) {
		return &t.dense[i]
	}
	f := t.sparse[id]
	if f == nil && add {
		f = &salesFigures{}
		t.sparse[id] = f
	}
	return f
}

// RefreshCreatorSales recomputes the sales columns of every creator of the workspace as of
// today (YYYYMMDD in the workspace's zone) and writes the rows that changed (see
// PlanCreatorSales), committing every crmCommitRows rows. The figures derive from imported
// (audited) lines, so this writes no audit entry of its own. crm.Refresh does not call it: it
// hands the plan to its CRMAutomation, which writes each creator's new figures together with
// the score they give, one write per creator instead of two.
func (s *Store) RefreshCreatorSales(ctx context.Context, workspaceID int64, today int32) (RefreshSalesResult, error) {
	p, err := s.PlanCreatorSales(ctx, workspaceID, today)
	if err != nil || p.Result.Changed == 0 {
		return p.Result, err
	}
	w, err := s.BeginCRMAutomation(ctx, workspaceID, time.Now())
	if err != nil {
		return p.Result, err
	}
	w.UseSales(p)
	if err := w.writeRestOfSales(ctx); err != nil {
		w.Rollback()
		return p.Result, err
	}
	return p.Result, w.commitWithoutAudit()
}

// PlanCreatorSales recomputes the sales columns of every creator of the workspace as of today
// (YYYYMMDD in the workspace's zone), in its main currency, and compares them with the stored
// ones, writing nothing: the plan says which rows change and to what. Figures in other
// currencies are left out, so the directory compares creators in one currency. A merged
// creator's figures count for the creator it was merged into, and its own are zero. stats_day
// is today for a creator with figures and 0 for one that never sold.
func (s *Store) PlanCreatorSales(ctx context.Context, workspaceID int64, today int32) (*SalesPlan, error) {
	p := &SalesPlan{Result: RefreshSalesResult{Day: today}, today: today}
	cur, err := s.mainCurrency(ctx, workspaceID)
	if err != nil {
		return p, err
	}
	p.Result.Currency, p.cur = cur, cur
	span, err := s.creatorSpan(ctx, workspaceID)
	if err != nil || span.count == 0 {
		return p, err
	}
	p.Result.Creators = span.count
	p.table = newSalesTable(span.lo, span.hi, span.count)
	if err := s.salesFromMonths(ctx, workspaceID, cur, p.table); err != nil {
		return p, err
	}
	if err := s.salesFromDays(ctx, workspaceID, cur, today, p.table); err != nil {
		return p, err
	}
	if err := s.foldMergedSales(ctx, workspaceID, p.table); err != nil {
		return p, err
	}
	return p, s.compareSales(ctx, workspaceID, span, p)
}

// creatorSpan is the lowest and highest id of a workspace's creators, and their count.
type creatorSpan struct {
	lo, hi int64
	count  int
}

func (s *Store) creatorSpan(ctx context.Context, workspaceID int64) (creatorSpan, error) {
	var sp creatorSpan
	var lo, hi sql.NullInt64
	if err := s.read.QueryRowContext(ctx, `SELECT MIN(id), MAX(id), COUNT(*) FROM creators WHERE workspace_id = $1`,
		workspaceID).Scan(&lo, &hi, &sp.count); err != nil {
		return sp, fmt.Errorf("store: unable to count the creators of workspace %d: %w", workspaceID, err)
	}
	sp.lo, sp.hi = lo.Int64, hi.Int64
	return sp, nil
}

// spanScan is the WHERE clause of a pass over every creator of a workspace ($1) within its id
// span ($2, $3). On SQLite the workspace test is kept off the index (+workspace_id), so the
// pass walks the table in id order instead of looking every row up from an index entry and
// sorting them after: three times less work at a million creators. Creators of other
// workspaces inside the span are read and skipped.
func (s *Store) spanScan() string {
	if s.dialect == SQLite {
		return `+workspace_id = $1 AND id BETWEEN $2 AND $3`
	}
	return `workspace_id = $1 AND id BETWEEN $2 AND $3`
}

// mainCurrency is the currency of the workspace's rollups with the most lifetime GMV (most
// orders, then the code, on a tie), or the first shop's currency before any order.
func (s *Store) mainCurrency(ctx context.Context, workspaceID int64) (string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT DISTINCT currency FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = 'month'`, workspaceID)
	if err != nil {
		return "", fmt.Errorf("store: unable to find the currencies of workspace %d: %w", workspaceID, err)
	}
	var currencies []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return "", fmt.Errorf("store: unable to find the currencies of workspace %d: %w", workspaceID, err)
		}
		currencies = append(currencies, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("store: unable to find the currencies of workspace %d: %w", workspaceID, err)
	}
	switch len(currencies) {
	case 0:
		var c string
		err := s.read.QueryRowContext(ctx, `SELECT currency FROM shops WHERE workspace_id = $1 ORDER BY id LIMIT 1`, workspaceID).Scan(&c)
		if err != nil && err != sql.ErrNoRows {
			return "", fmt.Errorf("store: unable to read the shops of workspace %d: %w", workspaceID, err)
		}
		return c, nil
	case 1:
		return currencies[0], nil
	}
	totals := map[string]*model.Totals{}
	rows, err = s.read.QueryContext(ctx, `SELECT currency, data FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = 'month'`, workspaceID)
	if err != nil {
		return "", fmt.Errorf("store: unable to read the month rollups of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		var data []byte
		if err := rows.Scan(&c, &data); err != nil {
			return "", fmt.Errorf("store: unable to read the month rollups of workspace %d: %w", workspaceID, err)
		}
		t := totals[c]
		if t == nil {
			t = &model.Totals{}
			totals[c] = t
		}
		if err := decodeCreatorBlob(data, func(_ int64, e *model.Totals) { t.Add(*e) }); err != nil {
			return "", err
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	slices.SortFunc(currencies, func(a, b string) int {
		return cmp.Or(cmp.Compare(totals[b].GMV, totals[a].GMV), cmp.Compare(totals[b].Orders, totals[a].Orders), cmp.Compare(a, b))
	})
	return currencies[0], nil
}

// salesFromMonths adds the lifetime figures and the first and last months with a sale.
func (s *Store) salesFromMonths(ctx context.Context, workspaceID int64, cur string, table *salesTable) error {
	rows, err := s.read.QueryContext(ctx, `SELECT period, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = 'month' AND currency = $2 ORDER BY period`, workspaceID, cur)
	if err != nil {
		return fmt.Errorf("store: unable to read the month rollups of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var month int32
		var data []byte
		if err := rows.Scan(&month, &data); err != nil {
			return fmt.Errorf("store: unable to read the month rollups of workspace %d: %w", workspaceID, err)
		}
		err := decodeCreatorBlob(data, func(id int64, t *model.Totals) {
			f := table.get(id, true)
			f.gmvAll += t.GMV
			f.ordersAll += t.Orders
			f.unitsAll += t.Units
			if t.Orders > 0 {
				if f.firstMonth == 0 {
					f.firstMonth = month // months come in order
				}
				f.lastMonth = month
			}
		})
		if err != nil {
			return err
		}
	}
	return rows.Err()
}

// salesFromDays adds the 30- and 90-day windows ending today, and finds the first and last
// sale days in the months salesFromMonths found. Only day blobs in the windows or in one of
// those months are decoded.
func (s *Store) salesFromDays(ctx context.Context, workspaceID int64, cur string, today int32, table *salesTable) error {
	w30, w90 := WindowEnding(today, 30), WindowEnding(today, 90)
	months := map[int32]bool{}
	from := w90.From
	note := func(f *salesFigures) {
		for _, m := range [2]int32{f.firstMonth, f.lastMonth} {
			if m != 0 && !months[m] {
				months[m] = true
				from = min(from, m*100+1)
			}
		}
	}
	for i := range table.dense {
		note(&table.dense[i])
	}
	for _, f := range table.sparse {
		note(f)
	}
	rows, err := s.read.QueryContext(ctx, `SELECT period, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = 'day' AND currency = $2 AND period >= $3 ORDER BY period`, workspaceID, cur, from)
	if err != nil {
		return fmt.Errorf("store: unable to read the day rollups of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var day int32
		var data []byte
		if err := rows.Scan(&day, &data); err != nil {
			return fmt.Errorf("store: unable to read the day rollups of workspace %d: %w", workspaceID, err)
		}
		in90 := day >= w90.From && day <= today
		in30 := day >= w30.From && day <= today
		month := day / 100
		edge := months[month]
		if !in90 && !edge {
			continue
		}
		err := decodeCreatorBlob(data, func(id int64, t *model.Totals) {
			f := table.get(id, true)
			if in90 {
				f.gmv90 += t.GMV
				f.orders90 += t.Orders
			}
			if in30 {
				f.gmv30 += t.GMV
				f.orders30 += t.Orders
				f.units30 += t.Units
			}
			if edge && t.Orders > 0 {
				if f.firstMonth == month && f.first == 0 {
					f.first = day // days come in order
				}
				if f.lastMonth == month {
					f.last = day
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return rows.Err()
}

// foldMergedSales adds each merged creator's figures to the creator it was (finally) merged
// into and zeroes its own.
func (s *Store) foldMergedSales(ctx context.Context, workspaceID int64, table *salesTable) error {
	parent, err := s.mergedInto(ctx, workspaceID)
	if err != nil {
		return err
	}
	for id := range parent {
		f := table.get(id, false)
		if f == nil || f.isZero() {
			continue
		}
		root := id
		for hops := 0; hops < 32; hops++ { // a cycle would be a bug elsewhere: stop, do not spin
			next, ok := parent[root]
			if !ok {
				break
			}
			root = next
		}
		if root == id {
			continue
		}
		table.get(root, true).fold(f)
		*f = salesFigures{}
	}
	return nil
}

// mergedInto maps each merged creator of the workspace to the creator it was merged into.
func (s *Store) mergedInto(ctx context.Context, workspaceID int64) (map[int64]int64, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, merged_into FROM creators WHERE workspace_id = $1 AND merged_into IS NOT NULL`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the merged creators of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, into int64
		if err := rows.Scan(&id, &into); err != nil {
			return nil, fmt.Errorf("store: unable to read the merged creators of workspace %d: %w", workspaceID, err)
		}
		out[id] = into
	}
	return out, rows.Err()
}

// salesRow is one creator's stored (or wanted) sales columns.
type salesRow struct {
	id       int64
	currency string
	v        [10]int64 // gmv 30/90/all, orders 30/90/all, units 30/all, first and last sale day
	stats    int32
}

// salesFigureColumns are the columns of salesRow.v, in its order.
var salesFigureColumns = []string{"sales_gmv_30d", "sales_gmv_90d", "sales_gmv_all", "sales_orders_30d", "sales_orders_90d",
	"sales_orders_all", "sales_units_30d", "sales_units_all", "first_sale_day", "last_sale_day"}

// salesColumns lists them for a SELECT.
var salesColumns = strings.Join(salesFigureColumns, ", ")

// compareSales marks the creators whose stored figures differ from the plan's, streaming the
// stored rows. Creators stored as never having sold (stats_day 0 in the main currency: most of
// a big directory) are not read: those of them who have figures now are found in the table
// afterwards.
func (s *Store) compareSales(ctx context.Context, workspaceID int64, span creatorSpan, p *SalesPlan) error {
	rows, err := s.read.QueryContext(ctx, `SELECT id, sales_currency, `+salesColumns+`, stats_day
		FROM creators WHERE `+s.spanScan()+` AND (stats_day <> 0 OR sales_currency <> $4)`, workspaceID, span.lo, span.hi, p.cur)
	if err != nil {
		return fmt.Errorf("store: unable to read the sales of workspace %d: %w", workspaceID, err)
	}
	defer rows.Close()
	var have salesRow
	dest := []any{&have.id, &have.currency}
	for i := range have.v {
		dest = append(dest, &have.v[i])
	}
	dest = append(dest, &have.stats)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: unable to read the sales of workspace %d: %w", workspaceID, err)
		}
		f := p.table.get(have.id, false)
		if f != nil {
			f.flags |= salesSeen
		}
		if want := p.wanted(have.id, f); want != have {
			g := p.table.get(have.id, true)
			g.flags |= salesChanged
			if want.v[0] == have.v[0] && want.v[9] == have.v[9] {
				g.flags |= salesIndexedSame
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read the sales of workspace %d: %w", workspaceID, err)
	}
	p.table.each(func(_ int64, f *salesFigures) {
		if f.isZero() {
			return
		}
		p.Result.WithSales++
		if f.flags&salesSeen == 0 {
			f.flags |= salesChanged
		}
	})
	p.table.each(func(_ int64, f *salesFigures) {
		if f.flags&salesChanged != 0 {
			p.Result.Changed++
		}
	})
	return nil
}
