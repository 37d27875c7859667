package store

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"

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
	LastSale    *time.Time // creation time of the creator's latest order line, any status
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

// page filters, sorts and cuts the snapshot in one pass over the sort's precomputed order.
func (sn *creatorSnapshot) page(q CreatorQuery) *CreatorPage {
	p := &CreatorPage{All: len(sn.rows), Currencies: sn.currencies, Regions: sn.regions,
		Categories: sn.categories, Agencies: sn.agencies, Currency: q.Currency}
	if p.Currency == "" && len(sn.currencies) > 0 {
		p.Currency = sn.currencies[0]
	}
	figures := sn.figures[p.Currency] // nil for a currency without sales: every figure is zero
	order := sn.order(p.Currency, q.Sort, q.Desc)
	start := 0
	if q.After != nil {
		start = sn.searchAfter(order, figures, q.Sort, q.Desc, *q.After)
	}
	search := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q.Search), "@"))
	skip := q.Offset
	if q.After != nil {
		skip = 0
	}
	more, last := false, int32(-1)
	for pos, i := range order {
		r := &sn.rows[i]
		if q.Region != "" && r.Region != q.Region || q.Category != "" && r.Category != q.Category ||
			q.Agency != "" && r.Agency != q.Agency || search != "" && !strings.Contains(r.hay, search) {
			continue
		}
		var t model.Totals
		if figures != nil {
			t = figures[i]
		}
		if q.Sales == SalesWith && t.Orders <= 0 || q.Sales == SalesWithout && t.Orders > 0 {
			continue
		}
		p.Total++
		if pos < start {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if len(p.Rows) == q.Limit {
			more = true
			continue
		}
		row := r.CreatorListRow
		row.Currency, row.Totals = p.Currency, t
		p.Rows = append(p.Rows, row)
		last = i
	}
	if more {
		k := sn.key(last, figures, q.Sort)
		p.Next = &k
	}
	return p
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
		k.HasValue = r.LastSale != nil
		if r.LastSale != nil {
			k.Value = r.LastSale.Unix()
		}
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

// searchAfter returns the first position in order whose row sorts after key.
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
