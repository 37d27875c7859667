package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// CreatorFigures are one creator's totals over a window, in one currency.
type CreatorFigures struct {
	CreatorID int64
	Username  string
	Currency  string
	model.Totals
}

// SumByCurrency totals creators' figures per currency. Summing orders over creators counts
// each order once, because an order belongs to one creator.
func SumByCurrency(rows []CreatorFigures) map[string]model.Totals {
	out := map[string]model.Totals{}
	for _, r := range rows {
		t := out[r.Currency]
		t.Add(r.Totals)
		out[r.Currency] = t
	}
	return out
}

// Window is a span of days, both ends included, as YYYYMMDD in the workspace's zone; a zero
// end is open.
type Window struct{ From, To int32 }

// rollupSpans splits a window into whole months (read from the month rollup) and the days
// around them (read from the day rollup), so a year reads 12 rows per creator, not 365.
// An empty span is returned as (1, 0).
func rollupSpans(w Window) (months, headDays, tailDays [2]int32) {
	empty := [2]int32{1, 0}
	from, to := w.From, w.To
	if from == 0 {
		from = 10000101
	}
	if to == 0 {
		to = 99991231
	}
	if from > to {
		return empty, empty, empty
	}
	fd, td := dateOf(from), dateOf(to)
	firstMonth := time.Date(fd.Year(), fd.Month(), 1, 0, 0, 0, 0, time.UTC)
	if fd.Day() != 1 {
		firstMonth = firstMonth.AddDate(0, 1, 0)
	}
	endMonth := time.Date(td.Year(), td.Month(), 1, 0, 0, 0, 0, time.UTC) // first month not wholly inside
	if td.AddDate(0, 0, 1).Day() == 1 {
		endMonth = endMonth.AddDate(0, 1, 0)
	}
	if !firstMonth.Before(endMonth) {
		return empty, [2]int32{from, to}, empty
	}
	lastMonth := endMonth.AddDate(0, -1, 0)
	months = [2]int32{monthKey(firstMonth), monthKey(lastMonth)}
	headDays, tailDays = empty, empty
	if fd.Before(firstMonth) {
		headDays = [2]int32{from, dayKey(firstMonth.AddDate(0, 0, -1))}
	}
	if !endMonth.After(td) {
		tailDays = [2]int32{dayKey(endMonth), to}
	}
	return months, headDays, tailDays
}

func dateOf(day int32) time.Time {
	return time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.UTC)
}

func dayKey(t time.Time) int32   { return int32(t.Year()*10000 + int(t.Month())*100 + t.Day()) }
func monthKey(t time.Time) int32 { return int32(t.Year()*100 + int(t.Month())) }

// rollupSumsAs sums a rollup family's figures, each named after its column.
const rollupSumsAs = `SUM(r.gmv) AS gmv, SUM(r.orders) AS orders, SUM(r.units) AS units, SUM(r.lines) AS lines,
	SUM(r.est_commission) AS est_commission, SUM(r.paid_commission) AS paid_commission, SUM(r.refunds) AS refunds`

// rollupUnion is the window's rows of a rollup family: months, then the days on either side.
func rollupUnion(t rollupTables) string {
	cols := t.idColumn + `, currency, gmv, orders, units, lines, est_commission, paid_commission, refunds`
	return `SELECT ` + cols + ` FROM ` + t.month + ` WHERE workspace_id = $1 AND month BETWEEN $2 AND $3
		UNION ALL SELECT ` + cols + ` FROM ` + t.day + ` WHERE workspace_id = $1 AND day BETWEEN $4 AND $5
		UNION ALL SELECT ` + cols + ` FROM ` + t.day + ` WHERE workspace_id = $1 AND day BETWEEN $6 AND $7`
}

func windowArgs(workspaceID int64, w Window) []any {
	m, h, t := rollupSpans(w)
	return []any{workspaceID, m[0], m[1], h[0], h[1], t[0], t[1]}
}

// CreatorTotals returns, from the rollups, every creator with at least one line in the window,
// by GMV (highest first), then username. limit 0 means all.
func (s *Store) CreatorTotals(ctx context.Context, workspaceID int64, w Window, limit int) ([]CreatorFigures, error) {
	m, h, t := rollupSpans(w)
	rows, err := s.read.QueryContext(ctx, `SELECT currency, data FROM rollup_creator_blobs WHERE workspace_id = $1 AND
		((kind = 'month' AND period BETWEEN $2 AND $3) OR (kind = 'day' AND (period BETWEEN $4 AND $5 OR period BETWEEN $6 AND $7)))`,
		workspaceID, m[0], m[1], h[0], h[1], t[0], t[1])
	if err != nil {
		return nil, fmt.Errorf("store: unable to read creator rollups: %w", err)
	}
	defer rows.Close()
	type blob struct {
		currency string
		header   blobHeader
	}
	var blobs []blob
	for rows.Next() {
		var b blob
		var data []byte
		if err := rows.Scan(&b.currency, &data); err != nil {
			return nil, fmt.Errorf("store: unable to read creator rollups: %w", err)
		}
		if b.header, err = readBlobHeader(data); err != nil {
			return nil, err
		}
		blobs = append(blobs, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(blobs) == 0 {
		return nil, nil
	}
	byCurrency := map[string]*creatorAccumulator{}
	for _, b := range blobs {
		acc := byCurrency[b.currency]
		if acc == nil {
			acc = &creatorAccumulator{currency: b.currency, lo: b.header.lo, hi: b.header.hi}
			byCurrency[b.currency] = acc
		}
		acc.lo, acc.hi = min(acc.lo, b.header.lo), max(acc.hi, b.header.hi)
		acc.entries += b.header.count
	}
	if len(byCurrency) == 1 && len(blobs) >= 8 {
		// One currency and many periods (the usual report): decode the two halves of the
		// blobs on two cores, then fold the second half's creators into the first.
		var acc *creatorAccumulator
		for _, a := range byCurrency {
			acc = a
		}
		other := &creatorAccumulator{currency: acc.currency, lo: acc.lo, hi: acc.hi, entries: acc.entries}
		half := len(blobs) / 2
		errc := make(chan error, 1)
		go func() {
			for _, b := range blobs[half:] {
				if err := b.header.each(other.add); err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
		for _, b := range blobs[:half] {
			if err := b.header.each(acc.add); err != nil {
				<-errc
				return nil, err
			}
		}
		if err := <-errc; err != nil {
			return nil, err
		}
		for i := range other.rows {
			acc.add(other.rows[i].CreatorID, &other.rows[i].Totals)
		}
	} else {
		for _, b := range blobs {
			if err := b.header.each(byCurrency[b.currency].add); err != nil {
				return nil, err
			}
		}
	}
	err = s.nameCreators(ctx, workspaceID, func(id int64, username []byte) {
		for _, acc := range byCurrency {
			if i := acc.find(id); i >= 0 {
				acc.rows[i].Username = string(username)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var out []CreatorFigures
	for _, acc := range byCurrency {
		out = append(out, acc.rows...)
	}
	out = slices.DeleteFunc(out, func(f CreatorFigures) bool { return f.Lines <= 0 })
	// Sort pointers, not the hundred-byte rows.
	order := make([]*CreatorFigures, len(out))
	for i := range out {
		order[i] = &out[i]
	}
	slices.SortFunc(order, func(a, b *CreatorFigures) int {
		if c := cmp.Compare(b.GMV, a.GMV); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Username, b.Username); c != 0 {
			return c
		}
		return cmp.Compare(a.Currency, b.Currency)
	})
	sorted := make([]CreatorFigures, len(order))
	for i, f := range order {
		sorted[i] = *f
	}
	out = sorted
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *Store) queryCreatorFigures(ctx context.Context, q string, args ...any) ([]CreatorFigures, error) {
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to total creators: %w", err)
	}
	defer rows.Close()
	var out []CreatorFigures
	for rows.Next() {
		var f CreatorFigures
		if err := rows.Scan(&f.CreatorID, &f.Username, &f.Currency, &f.GMV, &f.Orders, &f.Units, &f.Lines,
			&f.EstCommission, &f.PaidCommission, &f.Refunds); err != nil {
			return nil, fmt.Errorf("store: unable to total creators: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// CreatorTotalsFromLines computes what CreatorTotals returns by scanning the raw order lines:
// the reference the rollups are tested and benchmarked against.
func (s *Store) CreatorTotalsFromLines(ctx context.Context, workspaceID int64, w Window, tz *time.Location) ([]CreatorFigures, error) {
	from, to := int64(-1<<62), int64(1<<62)
	if w.From != 0 {
		d := dateOf(w.From)
		from = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, tz).Unix()
	}
	if w.To != 0 {
		d := dateOf(w.To).AddDate(0, 0, 1)
		to = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, tz).Unix()
	}
	const live = `(l.fully_refunded = 0 AND l.status NOT IN ('cancelled', 'refunded'))`
	q := `SELECT l.creator_id, c.username, sh.currency,
		SUM(CASE WHEN ` + live + ` THEN l.payment ELSE 0 END),
		COUNT(DISTINCT CASE WHEN ` + live + ` THEN l.order_id END),
		SUM(CASE WHEN ` + live + ` THEN l.quantity ELSE 0 END),
		COUNT(*),
		SUM(CASE WHEN ` + live + ` THEN (CASE WHEN l.commission_rate_bp > 0
			THEN l.payment / 10000 * l.commission_rate_bp + l.payment % 10000 * l.commission_rate_bp / 10000
			ELSE l.est_commission END) ELSE 0 END),
		SUM(CASE WHEN l.status = 'completed' THEN COALESCE(l.actual_commission, 0) ELSE 0 END),
		SUM(CASE WHEN NOT ` + live + ` AND l.status <> 'cancelled' THEN l.payment ELSE 0 END)
		FROM order_lines l JOIN creators c ON c.id = l.creator_id JOIN shops sh ON sh.id = l.shop_id
		WHERE l.workspace_id = $1 AND l.created_at >= $2 AND l.created_at < $3
		GROUP BY l.creator_id, c.username, sh.currency
		ORDER BY 4 DESC, c.username, sh.currency`
	return s.queryCreatorFigures(ctx, q, workspaceID, from, to)
}

// ProductFigures are one product's totals over a window, in one currency.
type ProductFigures struct {
	ProductID         int64
	PlatformProductID string
	Name              string
	Currency          string
	model.Totals
}

// ProductTotals returns, from the rollups, the products with lines in the window by GMV.
func (s *Store) ProductTotals(ctx context.Context, workspaceID int64, w Window, limit int) ([]ProductFigures, error) {
	// Group by the product's id first and join the names after: grouping the joined rows by
	// their text columns costs three times as much on SQLite.
	q := `SELECT t.product_id, p.platform_product_id, p.name, t.currency, t.gmv, t.orders, t.units, t.lines,
		t.est_commission, t.paid_commission, t.refunds
		FROM (SELECT r.product_id, r.currency, ` + rollupSumsAs + `
			FROM (` + rollupUnion(productRollups) + `) r GROUP BY r.product_id, r.currency HAVING SUM(r.lines) > 0) t
		JOIN products p ON p.id = t.product_id
		ORDER BY t.gmv DESC, p.name, t.currency`
	args := windowArgs(workspaceID, w)
	if limit > 0 {
		q += ` LIMIT $8`
		args = append(args, limit)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to total products: %w", err)
	}
	defer rows.Close()
	var out []ProductFigures
	for rows.Next() {
		var f ProductFigures
		if err := rows.Scan(&f.ProductID, &f.PlatformProductID, &f.Name, &f.Currency, &f.GMV, &f.Orders, &f.Units,
			&f.Lines, &f.EstCommission, &f.PaidCommission, &f.Refunds); err != nil {
			return nil, fmt.Errorf("store: unable to total products: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DayFigures are a workspace's totals for one day in one currency.
type DayFigures struct {
	Day      int32 // YYYYMMDD
	Currency string
	model.Totals
}

// DailyTotals returns the workspace's totals per day of the window (days without lines are
// absent), oldest first. Both ends of the window must be set.
func (s *Store) DailyTotals(ctx context.Context, workspaceID int64, w Window) ([]DayFigures, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT period, currency, data FROM rollup_creator_blobs
		WHERE workspace_id = $1 AND kind = 'day' AND period BETWEEN $2 AND $3 ORDER BY period, currency`, workspaceID, w.From, w.To)
	if err != nil {
		return nil, fmt.Errorf("store: unable to total days: %w", err)
	}
	defer rows.Close()
	var out []DayFigures
	for rows.Next() {
		var f DayFigures
		var data []byte
		if err := rows.Scan(&f.Day, &f.Currency, &data); err != nil {
			return nil, fmt.Errorf("store: unable to total days: %w", err)
		}
		if err := decodeCreatorBlob(data, func(_ int64, t *model.Totals) { f.Add(*t) }); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LastOrderDay returns the creation day of the workspace's latest line (0 when it has none), so
// an overview of an old export shows its data instead of an empty month.
func (s *Store) LastOrderDay(ctx context.Context, workspaceID int64) (int32, error) {
	var d *int64
	if err := s.read.QueryRowContext(ctx, `SELECT MAX(period) FROM rollup_creator_blobs WHERE workspace_id = $1 AND kind = 'day'`, workspaceID).Scan(&d); err != nil {
		return 0, fmt.Errorf("store: unable to find the last order day: %w", err)
	}
	if d == nil {
		return 0, nil
	}
	return int32(*d), nil
}

// WindowEnding returns the window of n days that ends on day (YYYYMMDD).
func WindowEnding(day int32, n int) Window {
	t := dateOf(day)
	return Window{From: dayKey(t.AddDate(0, 0, -(n - 1))), To: day}
}

// WindowBefore returns the window of the same length just before w, for comparisons.
func WindowBefore(w Window) Window {
	from, to := dateOf(w.From), dateOf(w.To)
	days := int(to.Sub(from).Hours()/24) + 1
	return Window{From: dayKey(from.AddDate(0, 0, -days)), To: dayKey(from.AddDate(0, 0, -1))}
}

// creatorAccumulator adds up one currency's creator totals. Creator ids of a workspace are
// mostly dense, so it indexes rows by id in a slice when the span of ids allows, else a map.
type creatorAccumulator struct {
	currency string
	lo, hi   int64
	entries  int
	dense    []int32 // id-lo → row index + 1
	sparse   map[int64]int
	rows     []CreatorFigures
}

func (a *creatorAccumulator) add(id int64, t *model.Totals) {
	if a.dense == nil && a.sparse == nil {
		span := a.hi - a.lo + 1
		if span <= int64(4*a.entries+4096) {
			a.dense = make([]int32, span)
		} else {
			a.sparse = map[int64]int{}
		}
		// Room for every creator at once: growing a slice of rows that hold strings costs
		// copies and write barriers.
		a.rows = make([]CreatorFigures, 0, min(int64(a.entries), span))
	}
	i := a.find(id)
	if i < 0 {
		i = len(a.rows)
		a.rows = append(a.rows, CreatorFigures{CreatorID: id, Currency: a.currency})
		if a.dense != nil {
			a.dense[id-a.lo] = int32(i + 1)
		} else {
			a.sparse[id] = i
		}
	}
	a.rows[i].Add(*t)
}

// find returns the row of creator id, -1 when it has none.
func (a *creatorAccumulator) find(id int64) int {
	if a.dense != nil {
		if id < a.lo || id > a.hi {
			return -1
		}
		return int(a.dense[id-a.lo]) - 1
	}
	if i, ok := a.sparse[id]; ok {
		return i
	}
	return -1
}
