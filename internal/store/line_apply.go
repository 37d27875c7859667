package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/creatorops/creatorops/internal/model"
)

// upsertRowsPerStatement keeps a statement under SQLite's 32,766 parameters and PostgreSQL's 65,535.
const upsertRowsPerStatement = 500

type lineKey struct{ order, sku string }

// storedState is what tells whether an incoming line changes the stored one.
type storedState struct {
	hash   int64
	status string
	runID  int64 // the import that last wrote it
	latest int64 // Unix time of its latest milestone (model.OrderLine.LatestEvent)
	// The values an incoming line lacking fields keeps (ParsedLine.Lacks).
	price, payment                                        int64
	paymentMethod, commissionModel, platform, contentType string
	commissionPaidAt                                      sql.NullInt64
}

// lineUpdate is one change to a stored line; the stored version is loaded with its order.
type lineUpdate struct {
	key   lineKey
	after *storedLine
}

// applyLines resolves the batch's creators, products and SKUs and upserts its lines, returning
// the catalogue ids it learned. Only lines that are new or changed are written; the rollups
// receive the difference between each changed order's old and new state.
//
// The writer's work alternates between the client (classifying lines, rollup deltas) and the
// database (the catalogue, the lines' COPY), each waiting for the other; so the catalogue is
// resolved while the lines are classified, and the deltas are added up while the lines are
// written. The transaction belongs to one goroutine at a time.
func (w *LineWriter) applyLines(ctx context.Context, conn *sql.Conn, tx *sql.Tx, lines []ParsedLine) (BatchResult, *catalogIDs, error) {
	var res BatchResult
	if len(lines) == 0 {
		return res, nil, nil
	}
	// An order's lines are adjacent in exports and API pages: the map is only asked when the
	// order changes from one line to the next.
	var orders []string
	seen := make(map[string]bool, len(lines)/2)
	for i := range lines {
		o := lines[i].OrderID
		if i > 0 && lines[i-1].OrderID == o {
			continue
		}
		if !seen[o] {
			seen[o] = true
			orders = append(orders, o)
		}
	}
	state, err := w.s.lineHashes(ctx, tx, w.shop.ID, orders)
	if err != nil {
		return res, nil, err
	}
	type resolved struct {
		c   *catalogIDs
		err error
	}
	catalog := make(chan resolved, 1)
	go func() {
		c, err := w.resolveCatalog(ctx, tx, lines)
		catalog <- resolved{c, err}
	}()
	res, final, fresh, order, updates, changedOrders, err := w.classify(lines, orders, state)
	cat := <-catalog
	if err != nil {
		return res, nil, err
	}
	if cat.err != nil {
		return res, nil, cat.err
	}
	c := cat.c
	for _, sl := range final {
		sl.productID, sl.creatorID = c.product(w, sl.ProductID), c.creator(w, sl.CreatorUsername)
	}
	if len(final) == 0 {
		return res, c, nil
	}
	storedOrders := map[string]bool{}
	for k := range state {
		storedOrders[k.order] = true
	}

	var reload []string
	for o := range changedOrders {
		if storedOrders[o] {
			reload = append(reload, o)
		}
	}
	old, err := w.s.linesOfOrders(ctx, tx, w.shop.ID, reload)
	if err != nil {
		return res, nil, err
	}

	deltas := newRollupDeltas()
	added := make(chan struct{})
	go func() {
		w.addOrderDeltas(deltas, changedOrders, old, final)
		close(added)
	}()
	if w.s.dialect == Postgres {
		err = w.s.copyLines(ctx, conn, tx, order, final, fresh)
	} else {
		err = w.s.upsertLines(ctx, tx, order, final)
	}
	<-added
	if err != nil {
		return res, nil, err
	}
	if err := w.s.insertLineChanges(ctx, tx, w.runID, w.shop.ID, updates, old); err != nil {
		return res, nil, err
	}
	if err := w.s.applyRollupDeltas(ctx, tx, w.ws.ID, w.shop.Currency, deltas); err != nil {
		return res, nil, err
	}
	return res, c, nil
}

// classify sorts a batch's lines against the stored state of their orders: repeated within
// the batch, unchanged, stale (older than what is stored), or to write — new (fresh) or
// updated — in final, in file order in order. Their product and creator ids are not known yet.
func (w *LineWriter) classify(lines []ParsedLine, orders []string, state map[lineKey]storedState) (res BatchResult,
	final map[lineKey]*storedLine, fresh map[lineKey]bool, order []lineKey, updates []lineUpdate, changedOrders map[string]bool, err error) {
	// A key repeated within the batch (exports repeat a line on adjacent rows): the last row wins
	// and the earlier ones are counted as duplicates, so re-importing such a file changes nothing.
	last := make(map[lineKey]int, len(lines))
	for i := range lines {
		last[lineKey{lines[i].OrderID, lines[i].SKUID}] = i
	}

	final = make(map[lineKey]*storedLine, len(lines))
	fresh = make(map[lineKey]bool, len(lines)) // keys not stored before this batch
	order = make([]lineKey, 0, len(lines))
	changedOrders = make(map[string]bool, len(orders))
	lastChanged := "" // the map is set once per run of one order's lines
	for i := range lines {
		l := &lines[i]
		k := lineKey{l.OrderID, l.SKUID}
		if last[k] != i {
			res.Duplicates++
			continue
		}
		st, exists := state[k]
		if exists {
			if err = w.keepStored(l, &st); err != nil {
				return
			}
		}
		if exists && st.hash == l.Hash {
			res.Unchanged++
			continue
		}
		if exists && st.runID != w.runID && model.OlderSnapshot(l.Status, l.LatestEvent(), st.status, st.latest) {
			// An older export imported after a newer one: keep what is stored.
			res.Unchanged++
			res.Stale++
			continue
		}
		sl := &storedLine{OrderLine: l.OrderLine, shopID: w.shop.ID, workspaceID: w.ws.ID,
			hash: l.Hash, firstRunID: w.runID, lastRunID: w.runID}
		if exists {
			res.Updated++
			updates = append(updates, lineUpdate{key: k, after: sl})
		} else {
			res.Inserted++
			fresh[k] = true
		}
		order = append(order, k)
		final[k] = sl
		if l.OrderID != lastChanged {
			changedOrders[l.OrderID] = true
			lastChanged = l.OrderID
		}
	}
	return
}

// keepStored gives l the stored line's value of every field l's source lacks, and the
// stored spelling of a content type that differs only in case (the API's VIDEO, an export's
// Video), then rehashes l: a source that knows less than the stored line, or spells it
// otherwise, does not make it "changed". A source that knows more (an export after a sync)
// still fills the fields in.
func (w *LineWriter) keepStored(l *ParsedLine, st *storedState) error {
	kept := false
	keep := func(f LineFields, same bool, set func()) {
		if l.Lacks&f != 0 && !same {
			set()
			kept = true
		}
	}
	keep(LacksPaymentMethod, l.PaymentMethod == st.paymentMethod, func() { l.PaymentMethod = st.paymentMethod })
	keep(LacksCommissionModel, l.CommissionModel == st.commissionModel, func() { l.CommissionModel = st.commissionModel })
	keep(LacksPlatform, l.Platform == st.platform, func() { l.Platform = st.platform })
	keep(LacksPrice, l.Price == st.price, func() { l.Price = st.price })
	keep(LacksPayment, l.Payment == st.payment, func() { l.Payment = st.payment })
	paidAt := optTime(st.commissionPaidAt)
	keep(LacksCommissionPaidAt, sameTime(l.CommissionPaidAt, paidAt), func() { l.CommissionPaidAt = paidAt })
	if l.ContentType != st.contentType && strings.EqualFold(l.ContentType, st.contentType) {
		l.ContentType = st.contentType
		kept = true
	}
	if !kept {
		return nil
	}
	if w.Hash == nil {
		return fmt.Errorf("store: line %s/%s keeps stored fields but the line writer has no hash function", l.OrderID, l.SKUID)
	}
	l.Hash = w.Hash(&l.OrderLine)
	return nil
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// addOrderDeltas adds to d, for every changed order, its new state minus its old one.
func (w *LineWriter) addOrderDeltas(d *rollupDeltas, changed map[string]bool, old map[string][]*storedLine, final map[lineKey]*storedLine) {
	newByOrder := make(map[string][]*storedLine, len(changed))
	for _, l := range final {
		newByOrder[l.OrderID] = append(newByOrder[l.OrderID], l)
	}
	for o := range changed {
		before := old[o]
		after := newByOrder[o]
		replaced := map[string]bool{}
		for _, l := range after {
			replaced[l.SKUID] = true
		}
		// Figures: take out the old version of every rewritten line, put in the new one.
		for _, l := range before {
			if replaced[l.SKUID] {
				d.add(w.day(l.CreatedAt.Unix()), l.creatorID, l.productID, l.LineTotals(), -1)
			}
		}
		for _, l := range after {
			d.add(w.day(l.CreatedAt.Unix()), l.creatorID, l.productID, l.LineTotals(), +1)
		}
		// Orders: an order counts once for each creator (and product) that has a live line in it.
		full := make([]*storedLine, 0, len(before)+len(after))
		for _, l := range before {
			if !replaced[l.SKUID] {
				full = append(full, l)
			}
		}
		full = append(full, after...)
		w.countOrder(d, before, -1)
		w.countOrder(d, full, +1)
	}
}

// countOrder adds sign × one order to each (day, creator) and (day, product) with a live line
// among lines, which all belong to one order.
func (w *LineWriter) countOrder(d *rollupDeltas, lines []*storedLine, sign int64) {
	type dk struct {
		day int32
		id  int64
	}
	var creators, products [4]dk
	cs, ps := creators[:0], products[:0]
	for _, l := range lines {
		if !l.Live() {
			continue
		}
		day := w.day(l.CreatedAt.Unix())
		if c := (dk{day, l.creatorID}); !containsKey(cs, c) {
			cs = append(cs, c)
		}
		if p := (dk{day, l.productID}); !containsKey(ps, p) {
			ps = append(ps, p)
		}
	}
	for _, c := range cs {
		d.creatorDay(c.day, c.id).Orders += sign
	}
	for _, p := range ps {
		d.productDay(p.day, p.id).Orders += sign
	}
}

func containsKey[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// lineHashes returns the key, hash, status, last run and latest milestone of every stored line
// of the given orders.
//
// Exports list orders roughly in the order of their ids, so a batch's orders usually span a
// narrow range of ids that holds few stored lines besides theirs (none on a first import): one
// range scan, cut off at a limit, then costs far less than a lookup per order. When the range
// holds more than that, the lookup per order is used instead.
func (s *Store) lineHashes(ctx context.Context, tx *sql.Tx, shopID int64, orders []string) (map[lineKey]storedState, error) {
	out := make(map[lineKey]storedState, len(orders))
	lo, hi := slices.Min(orders), slices.Max(orders)
	limit := 2*len(orders) + 16
	inBatch := make(map[string]bool, len(orders))
	for _, o := range orders {
		inBatch[o] = true
	}
	n, err := s.scanLineHashes(ctx, tx, lineHashesRangeSQL, []any{shopID, lo, hi, limit}, out, inBatch)
	if err != nil {
		return nil, err
	}
	if n < limit {
		return out, nil
	}
	clear(out)
	lists := [][]string{orders}
	if s.dialect == SQLite {
		lists = padInList(orders)
	}
	for _, list := range lists {
		args := []any{shopID}
		if s.dialect == SQLite {
			for _, o := range list {
				args = append(args, o)
			}
		} else {
			args = append(args, list)
		}
		if _, err := s.scanLineHashes(ctx, tx, s.lineHashesSQL(len(list)), args, out, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const lineStateColumns = `order_id, sku_id, row_hash, status, last_run_id,
		COALESCE(commission_paid_at, delivered_at, paid_at, created_at),
		price, payment, payment_method, commission_model, platform, content_type, commission_paid_at`

// lineHashesRangeSQL reads the state of the stored lines whose order ids fall in a range.
const lineHashesRangeSQL = `SELECT ` + lineStateColumns + ` FROM order_lines
		WHERE shop_id = $1 AND order_id BETWEEN $2 AND $3 ORDER BY order_id, sku_id LIMIT $4`

// scanLineHashes adds the rows of q to out, keeping only orders of keep when it is not nil, and
// returns how many rows q gave.
func (s *Store) scanLineHashes(ctx context.Context, tx *sql.Tx, q string, args []any, out map[lineKey]storedState, keep map[string]bool) (int, error) {
	rows, err := s.queryIn(ctx, tx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store: unable to look up stored lines: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var k lineKey
		var st storedState
		if err := rows.Scan(&k.order, &k.sku, &st.hash, &st.status, &st.runID, &st.latest,
			&st.price, &st.payment, &st.paymentMethod, &st.commissionModel, &st.platform, &st.contentType, &st.commissionPaidAt); err != nil {
			return n, err
		}
		if keep == nil || keep[k.order] {
			out[k] = st
		}
	}
	return n, rows.Err()
}

// lineHashesSQL selects what tells a changed line from an unchanged one, for n orders.
func (s *Store) lineHashesSQL(n int) string {
	cond := "order_id = ANY($2)"
	if s.dialect == SQLite {
		cond = "order_id IN (" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	}
	return `SELECT ` + lineStateColumns + ` FROM order_lines WHERE shop_id = $1 AND ` + cond
}

// linesOfOrders loads every stored line of the given orders, by order.
func (s *Store) linesOfOrders(ctx context.Context, tx *sql.Tx, shopID int64, orders []string) (map[string][]*storedLine, error) {
	out := map[string][]*storedLine{}
	if len(orders) == 0 {
		return out, nil
	}
	cond, args := s.inClause("order_id", 2, orders)
	rows, err := tx.QueryContext(ctx, `SELECT `+lineColumns+` FROM order_lines WHERE shop_id = $1 AND `+cond,
		append([]any{shopID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to load stored lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLine(rows)
		if err != nil {
			return nil, fmt.Errorf("store: unable to load stored lines: %w", err)
		}
		out[l.OrderID] = append(out[l.OrderID], l)
	}
	return out, rows.Err()
}

// upsertLines writes the lines in keys' order, many rows per statement.
func (s *Store) upsertLines(ctx context.Context, tx *sql.Tx, keys []lineKey, lines map[lineKey]*storedLine) error {
	args := make([]any, 0, upsertRowsPerStatement*lineColumnCount)
	for start := 0; start < len(keys); start += upsertRowsPerStatement {
		end := min(start+upsertRowsPerStatement, len(keys))
		args = args[:0]
		for _, k := range keys[start:end] {
			args = lines[k].appendArgs(args)
		}
		if err := s.execIn(ctx, tx, s.upsertLinesSQL(end-start), args...); err != nil {
			return fmt.Errorf("store: unable to write order lines: %w", err)
		}
	}
	return nil
}

var upsertLinesStatements sync.Map // dialect and rows → SQL text

// upsertLinesSQL is the multi-row upsert for n lines, built once per size.
func (s *Store) upsertLinesSQL(n int) string {
	key := string(s.dialect) + strconv.Itoa(n)
	if q, ok := upsertLinesStatements.Load(key); ok {
		return q.(string)
	}
	q := `INSERT INTO order_lines (` + lineColumns + `) VALUES ` + s.valuesList(n, lineColumnCount, 1) +
		` ON CONFLICT (shop_id, order_id, sku_id) DO UPDATE SET ` + lineUpdateSet
	upsertLinesStatements.Store(key, q)
	return q
}
