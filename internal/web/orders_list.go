package web

import (
	"net/http"
	"slices"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// ordersPage is the data of the orders template.
type ordersPage struct {
	basePage
	Workspace *model.Workspace
	Filter    *orderFilter
	Statuses  []string
	Shops     []*store.ShopSummary
	Rows      []orderRow
	NewerURL  string // the page before, in the list's order
	OlderURL  string // the page after
	FirstURL  string
	FlipURL   string // the same filters in the other direction
	Oldest    bool   // oldest first
	Filtered  bool
	ClearURL  string
	ExportURL string
	Empty     bool // no order lines at all
	CanImport bool
	Problem   listProblem // a filter that cannot be used: the page lists nothing and says why
}

// ordersList shows order lines, newest first, a page at a time. Pages follow each other by
// the key of their last line (after=) or first line (before=), never by counting rows: the
// table can hold ten million lines.
func (h *handler) ordersList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f, bad, err := h.orderFilterFrom(r)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := r.URL.Query()
	path := wsURL(ws, "orders")
	var after, before *store.OrderKey
	for _, c := range []struct {
		name string
		dst  **store.OrderKey
	}{{"after", &after}, {"before", &before}} {
		if s := v.Get(c.name); s != "" && bad.Message == "" {
			k, ok := decodeOrderKey(s)
			if !ok {
				bad = problemAt(c.name, c.name+" "+s+" is not a page of this list: follow the list's links, or start again from the first page.",
					listURL(path, v, "after", "", "before", ""))
			}
			*c.dst = k
		}
	}
	shops, err := h.store.ShopSummaries(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &ordersPage{basePage: basePage{Title: ws.Name + " — Orders"}, Workspace: ws, Filter: f,
		Statuses: store.OrderStatuses, Shops: shops, Oldest: f.Dir == "asc", Filtered: f.active(),
		ClearURL: path, CanImport: st.can(access.ImportData), Problem: bad}
	if bad.Message != "" {
		// The form comes back as typed, with the field marked; no list and no export, which
		// would carry the same bad value.
		h.render(w, r, http.StatusBadRequest, "orders", page)
		return
	}
	page.FlipURL = listURL(path, v, "dir", map[bool]string{true: "", false: "asc"}[f.query.Asc], "after", "", "before", "")
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "orders.csv"), v, "after", "", "before", "")
	}
	if f.Unknown != "" {
		h.render(w, r, http.StatusOK, "orders", page)
		return
	}
	q := f.query
	var rows []store.OrderLineRow
	var more bool
	if before != nil {
		q.Asc, q.After = !q.Asc, before
		rows, more, err = h.store.OrderLines(r.Context(), ws.ID, q)
		slices.Reverse(rows)
	} else {
		q.After = after
		rows, more, err = h.store.OrderLines(r.Context(), ws.ID, q)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	hasNewer, hasOlder := after != nil, more
	if before != nil {
		hasNewer, hasOlder = more, true
	}
	if len(rows) > 0 {
		if hasNewer {
			page.NewerURL = listURL(path, v, "after", "", "before", encodeOrderKey(rows[0].Key()))
			page.FirstURL = listURL(path, v, "after", "", "before", "")
		}
		if hasOlder {
			page.OlderURL = listURL(path, v, "before", "", "after", encodeOrderKey(rows[len(rows)-1].Key()))
		}
	} else if after != nil || before != nil {
		page.FirstURL = listURL(path, v, "after", "", "before", "")
	}
	page.Empty = len(rows) == 0 && !page.Filtered && after == nil && before == nil
	page.Rows = orderRows(ws, rows)
	h.render(w, r, http.StatusOK, "orders", page)
}
