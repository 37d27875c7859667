package store

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
)

// The ways the creator list sorts.
const (
	CreatorSortGMV       = "gmv"
	CreatorSortOrders    = "orders"
	CreatorSortHandle    = "handle"
	CreatorSortFollowers = "followers"
	CreatorSortLastSale  = "last_sale"
)

// CreatorSorts are the creator list's sort keys, the default first.
var CreatorSorts = []string{CreatorSortGMV, CreatorSortOrders, CreatorSortHandle, CreatorSortFollowers, CreatorSortLastSale}

// The values of CreatorQuery.Sales.
const (
	SalesAny     = ""
	SalesWith    = "with"    // at least one live order in the window
	SalesWithout = "without" // none
)

// CreatorQuery selects, orders and cuts a page of a workspace's creators.
type CreatorQuery struct {
	Window   Window // the span the figures cover
	Currency string // the currency of the figures; "" for the window's busiest
	// Search matches handle, display name, email and platform accounts, case-insensitively
	// and anywhere in them; a leading @ is ignored.
	Search                   string
	Region, Category, Agency string // exact values; "" for any
	Sales                    string // SalesAny, SalesWith or SalesWithout
	Sort                     string // one of CreatorSorts; "" for GMV
	Desc                     bool
	// After continues a list after the row with this key (the API's cursor); when nil, Offset
	// rows are skipped (the pages' page numbers).
	After  *CreatorKey
	Offset int
	Limit  int
}

// CreatorKey is a row's place in a sorted creator list: its sort value, handle and id. Keys
// rather than offsets let a client page through a list that changes under it without skipping
// or repeating the rows that stay.
type CreatorKey struct {
	Value    int64 // the sort value (unused when sorting by handle)
	HasValue bool  // false when the row has no value (no follower count, never sold): sorted last
	Handle   string
	ID       int64
}

// CreatorListRow is one creator of the list with its figures in the window.
type CreatorListRow struct {
	ID          int64
	Handle      string
	DisplayName string
	Email       string
	Category    string
	Region      string
	Agency      string
	Followers   *int64
	LastSaleDay int32 // YYYYMMDD (workspace zone) of the creator's latest order line, any status; 0 before any
	Currency    string
	model.Totals
}

// CreatorPage is a page of the creator list and what the page needs around it.
type CreatorPage struct {
	Rows  []CreatorListRow
	Total int         // creators matching the filters
	Next  *CreatorKey // the last row's key when more rows follow; nil on the last page
	// All counts the workspace's creators, whatever the filters: zero means nothing was
	// imported yet, which the page explains differently from "no match".
	All        int
	Currency   string   // the currency of the figures
	Currencies []string // currencies with sales in the window, busiest first
	Regions    []string // the values the filters offer
	Categories []string
	Agencies   []string
}

// CreatorList returns a page of a workspace's creators with their figures in a window.
//
// It is the busiest page of the app and must stay fast on 50,000 creators, so it works on an
// in-memory snapshot of every creator's profile and window totals (see creator_list_cache.go),
// rebuilt only when the workspace's data changes; a request then costs one small query and a
// pass over the snapshot.
func (s *Store) CreatorList(ctx context.Context, workspaceID int64, q CreatorQuery) (*CreatorPage, error) {
	if q.Sort == "" {
		q.Sort = CreatorSortGMV
	}
	if !validCreatorSort(q.Sort) {
		return nil, fmt.Errorf("store: unknown creator sort %q", q.Sort)
	}
	if q.Limit <= 0 {
		q.Limit = 50
	}
	snap, err := s.creatorSnapshot(ctx, workspaceID, q.Window)
	if err != nil {
		return nil, err
	}
	return snap.page(q), nil
}

func validCreatorSort(s string) bool {
	for _, k := range CreatorSorts {
		if s == k {
			return true
		}
	}
	return false
}

// page cuts a page out of the rows matching the query, in its order.
func (sn *creatorSnapshot) page(q CreatorQuery) *CreatorPage {
	p := &CreatorPage{All: len(sn.rows), Currencies: sn.currencies, Regions: sn.regions,
		Categories: sn.categories, Agencies: sn.agencies, Currency: q.Currency}
	if p.Currency == "" && len(sn.currencies) > 0 {
		p.Currency = sn.currencies[0]
	}
	figures := sn.figures[p.Currency] // nil for a currency without sales: every figure is zero
	matches := sn.matching(p.Currency, figures, q)
	p.Total = len(matches)
	start := min(q.Offset, len(matches))
	if q.After != nil {
		start = sn.searchAfter(matches, figures, q.Sort, q.Desc, *q.After)
	}
	end := min(start+q.Limit, len(matches))
	p.Rows = make([]CreatorListRow, 0, end-start)
	for _, i := range matches[start:end] {
		row := sn.rows[i].CreatorListRow
		row.Currency = p.Currency
		if figures != nil {
			row.Totals = figures[i]
		}
		p.Rows = append(p.Rows, row)
	}
	if end < len(matches) {
		k := sn.key(matches[end-1], figures, q.Sort)
		p.Next = &k
	}
	return p
}

// matching returns the indexes of the rows that pass q's filters, in q's order. A filtered
// list is kept for the next pages (and the next clients) of the same search.
func (sn *creatorSnapshot) matching(currency string, figures []model.Totals, q CreatorQuery) []int32 {
	order := sn.order(currency, q.Sort, q.Desc)
	search := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q.Search), "@"))
	if search == "" && q.Region == "" && q.Category == "" && q.Agency == "" && q.Sales == SalesAny {
		return order
	}
	spec := filterSpec{orderSpec{currency, q.Sort, q.Desc}, search, q.Region, q.Category, q.Agency, q.Sales}
	sn.mu.Lock()
	m, ok := sn.filtered[spec]
	sn.mu.Unlock()
	if ok {
		return m
	}
	m = make([]int32, 0, 64)
	for _, i := range order {
		r := &sn.rows[i]
		if q.Region != "" && r.Region != q.Region || q.Category != "" && r.Category != q.Category ||
			q.Agency != "" && r.Agency != q.Agency || search != "" && !strings.Contains(r.hay, search) {
			continue
		}
		if q.Sales != SalesAny {
			sold := figures != nil && figures[i].Orders > 0
			if sold != (q.Sales == SalesWith) {
				continue
			}
		}
		m = append(m, i)
	}
	sn.mu.Lock()
	if len(sn.filtered) >= filteredPerSnapshot {
		clear(sn.filtered)
	}
	sn.filtered[spec] = m
	sn.mu.Unlock()
	return m
}

// filteredPerSnapshot bounds the filtered lists a snapshot keeps (each up to 4 bytes a creator).
const filteredPerSnapshot = 32

type filterSpec struct {
	orderSpec
	search, region, category, agency, sales string
}

// key is row i's place in the order of sort.
func (sn *creatorSnapshot) key(i int32, figures []model.Totals, sort string) CreatorKey {
	r := &sn.rows[i]
	k := CreatorKey{Handle: r.Handle, ID: r.ID, HasValue: true}
	switch sort {
	case CreatorSortGMV, CreatorSortOrders:
		if figures != nil {
			k.Value = figures[i].GMV
			if sort == CreatorSortOrders {
				k.Value = figures[i].Orders
			}
		}
	case CreatorSortFollowers:
		k.HasValue = r.Followers != nil
		if r.Followers != nil {
			k.Value = *r.Followers
		}
	case CreatorSortLastSale:
		k.HasValue, k.Value = r.LastSaleDay != 0, int64(r.LastSaleDay)
	}
	return k
}

// compareCreatorKeys orders two keys: by value (rows without one last, in both directions),
// then handle, then id — or by handle, then id, when sorting by handle.
func compareCreatorKeys(a, b CreatorKey, sort string, desc bool) int {
	flip := func(c int) int {
		if desc {
			return -c
		}
		return c
	}
	if sort == CreatorSortHandle {
		if c := strings.Compare(a.Handle, b.Handle); c != 0 {
			return flip(c)
		}
		return cmp.Compare(a.ID, b.ID)
	}
	if a.HasValue != b.HasValue {
		if a.HasValue {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Value, b.Value); c != 0 {
		return flip(c)
	}
	return cmp.Or(strings.Compare(a.Handle, b.Handle), cmp.Compare(a.ID, b.ID))
}

// searchAfter returns the first position in rows (sorted) whose row sorts after key.
func (sn *creatorSnapshot) searchAfter(order []int32, figures []model.Totals, sort string, desc bool, key CreatorKey) int {
	lo, hi := 0, len(order)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if compareCreatorKeys(sn.key(order[mid], figures, sort), key, sort, desc) <= 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
