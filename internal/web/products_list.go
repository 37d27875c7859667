package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// productsPage is the data of the products template.
type productsPage struct {
	basePage
	Workspace *model.Workspace
	Form      productsForm
	Periods   []periodLink
	Span      string
	Headers   []sortLink
	Rows      []productsRow
	Total     int
	First     int
	Last      int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	FirstURL  string
	ClearURL  string
	ExportURL string
	Empty     bool // no products at all
	CanImport bool
	Problem   listProblem // a parameter that cannot be used: the page lists nothing and says why
}

// productsForm is the products list's parameters as the user set them.
type productsForm struct {
	Q, Sort, Dir string
	Days         int
}

// productsRow is a product of the list, formatted.
type productsRow struct {
	Name, ID, Shop, OrdersURL, SKUs, GMV, Orders, Units, AOV, Zero string
}

var productSortDescFirst = map[string]bool{store.ProductSortGMV: true, store.ProductSortOrders: true, store.ProductSortUnits: true}

// productQueryFrom reads the products list's parameters, shared by the page and its export;
// a bad one is the problem (its Message "" when all are fine).
func productQueryFrom(r *http.Request) (store.ProductQuery, productsForm, int, listProblem) {
	lq := newListQuery(r)
	f := productsForm{Q: lq.text("q"), Days: parseDays(lq.v.Get("days"))}
	f.Sort = lq.choice("sort", store.ProductSorts, store.ProductSortGMV)
	desc := lq.desc(productSortDescFirst[f.Sort])
	f.Dir = map[bool]string{true: "desc", false: "asc"}[desc]
	page := lq.pageNumber()
	q := store.ProductQuery{Search: f.Q, Sort: f.Sort, Desc: desc, Limit: listPageSize, Offset: (page - 1) * listPageSize}
	return q, f, page, lq.problem(listURL(wsURL(current(r).workspace, "products"), nil, "days", lq.v.Get("days")))
}

// productsList shows the workspace's catalog with each product's figures in the period.
func (h *handler) productsList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	q, form, pageNo, bad := productQueryFrom(r)
	win, err := h.figureWindow(r.Context(), ws, form.Days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	path := wsURL(ws, "products")
	v := r.URL.Query()
	page := &productsPage{basePage: basePage{Title: ws.Name + " — Products"}, Workspace: ws, Form: form,
		Span: span(win.From, win.To), ClearURL: listURL(path, nil, "days", v.Get("days")),
		CanImport: st.can(access.ImportData), Problem: bad}
	if bad.Message != "" {
		// The search form comes back as typed; no list, and no links that carry the bad value.
		h.render(w, r, http.StatusBadRequest, "products", page)
		return
	}
	q.Window = win
	res, err := h.store.ProductList(r.Context(), ws.ID, q)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Periods, page.Total, page.Page = periodLinksFor(path, v, form.Days), res.Total, pageNo
	page.Pages = max(1, (res.Total+listPageSize-1)/listPageSize)
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "products.csv"), v, "page", "")
	}
	page.Headers = sortLinks(path, v, form.Sort, q.Desc,
		[]sortLink{{Label: "Product"}, {Label: "GMV", Num: true}, {Label: "Orders", Num: true}, {Label: "Units", Num: true}},
		[]string{store.ProductSortName, store.ProductSortGMV, store.ProductSortOrders, store.ProductSortUnits}, productSortDescFirst)
	if len(res.Rows) > 0 {
		page.First, page.Last = q.Offset+1, q.Offset+len(res.Rows)
	}
	if pageNo > 1 {
		page.PrevURL = listURL(path, v, "page", pageParam(pageNo-1))
		page.FirstURL = listURL(path, v, "page", "")
	}
	if res.Next != nil {
		page.NextURL = listURL(path, v, "page", strconv.Itoa(pageNo+1))
	}
	if len(res.Rows) == 0 && form.Q == "" && pageNo == 1 {
		page.Empty = true
	}
	orders := wsURL(ws, "orders")
	for _, p := range res.Rows {
		m := moneyFor(p.Currency)
		row := productsRow{Name: p.Name, ID: p.PlatformProductID, Shop: p.ShopSlug, OrdersURL: listURL(orders, nil, "product", p.PlatformProductID),
			SKUs: m.count(p.SKUs), GMV: m.amount(p.GMV), Orders: m.count(p.Orders), Units: m.count(p.Units), AOV: m.per(p.GMV, p.Orders)}
		if p.Orders == 0 {
			row.Zero = "zero"
		}
		page.Rows = append(page.Rows, row)
	}
	h.render(w, r, http.StatusOK, "products", page)
}
