package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorsPage is the data of the creators template.
type creatorsPage struct {
	basePage
	Workspace *model.Workspace
	Form      creatorsForm
	Periods   []periodLink
	Span      string // "17 Oct – 15 Nov 2026"
	Currency  string
	Headers   []sortLink
	Rows      []creatorsRow
	Body      template.HTML // the rows as HTML: see creatorsBody
	Total     int
	First     int // the number of the page's first row, from 1
	Last      int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	FirstURL  string
	Empty     bool // the workspace has no creators at all
	Filtered  bool // some filter or search is set
	ClearURL  string
	ExportURL string // "" without ExportData
	CanImport bool
	Problem   listProblem // a parameter that cannot be used: the page lists nothing and says why

	Regions, Categories, Agencies, Currencies []string
}

// creatorsForm is the filter form's values, as the user set them.
type creatorsForm struct {
	Q, Region, Category, Agency, Sales, Currency, Sort, Dir string
	Days                                                    int
}

// creatorsRow is a creator of the list, formatted.
type creatorsRow struct {
	URL, Handle, DisplayName, Category, Region string
	Followers, FollowersExact                  string
	GMV, Orders, AOV, Est, LastSale, Zero      string
}

// creatorSortDescFirst says which creator sorts start largest first.
var creatorSortDescFirst = map[string]bool{store.CreatorSortGMV: true, store.CreatorSortOrders: true,
	store.CreatorSortFollowers: true, store.CreatorSortLastSale: true}

// creatorQueryFrom reads the creators list's filters, shared by the page and its CSV export;
// a bad one is the problem (its Message "" when all are fine), the others as typed.
func creatorQueryFrom(r *http.Request) (store.CreatorQuery, creatorsForm, int, listProblem) {
	lq := newListQuery(r)
	f := creatorsForm{Q: lq.text("q"), Region: lq.text("region"), Category: lq.text("category"),
		Agency: lq.text("agency"), Currency: lq.text("currency"), Days: parseDays(lq.v.Get("days"))}
	f.Sales = lq.choice("sales", []string{store.SalesWith, store.SalesWithout}, store.SalesAny)
	f.Sort = lq.choice("sort", store.CreatorSorts, store.CreatorSortGMV)
	desc := lq.desc(creatorSortDescFirst[f.Sort])
	f.Dir = map[bool]string{true: "desc", false: "asc"}[desc]
	page := lq.pageNumber()
	q := store.CreatorQuery{Search: f.Q, Region: f.Region, Category: f.Category, Agency: f.Agency, Sales: f.Sales,
		Currency: f.Currency, Sort: f.Sort, Desc: desc, Limit: listPageSize, Offset: (page - 1) * listPageSize}
	return q, f, page, lq.problem(listURL(wsURL(current(r).workspace, "creators"), nil, "days", lq.v.Get("days")))
}

// creatorsList shows the workspace's creators with their figures over 7, 30 or 90 days.
func (h *handler) creatorsList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	q, form, pageNo, bad := creatorQueryFrom(r)
	win, err := h.figureWindow(r.Context(), ws, form.Days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q.Window = win
	res, err := h.store.CreatorList(r.Context(), ws.ID, q)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	path := wsURL(ws, "creators")
	v := r.URL.Query()
	page := &creatorsPage{basePage: basePage{Title: ws.Name + " — Creator sales"}, Workspace: ws, Form: form,
		Periods: periodLinksFor(path, v, form.Days), Span: span(win.From, win.To), Currency: res.Currency,
		Total: res.Total, Page: pageNo, Pages: max(1, (res.Total+listPageSize-1)/listPageSize),
		Empty: res.All == 0, CanImport: st.can(access.ImportData), ClearURL: listURL(path, nil, "days", v.Get("days")),
		Regions: res.Regions, Categories: res.Categories, Agencies: res.Agencies, Currencies: res.Currencies}
	page.Filtered = form.Q != "" || form.Region != "" || form.Category != "" || form.Agency != "" || form.Sales != ""
	if bad.Message != "" {
		// The list was read with the bad value left out only to fill the form's choices: the
		// page shows the form as typed and the problem, no rows and no links carrying it.
		page.Problem, page.Empty, page.Periods = bad, false, nil
		h.render(w, r, http.StatusBadRequest, "creators", page)
		return
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "creators.csv"), v, "page", "")
	}
	page.Headers = sortLinks(path, v, form.Sort, q.Desc, []sortLink{
		{Label: "Creator"}, {Label: "Followers", Num: true},
		{Label: "GMV", Num: true, Title: "Payments of orders not cancelled or refunded"},
		{Label: "Orders", Num: true}, {Label: "Last sale", Title: "Day of the latest attributed order line, in the workspace time zone"},
	}, []string{store.CreatorSortHandle, store.CreatorSortFollowers, store.CreatorSortGMV, store.CreatorSortOrders,
		store.CreatorSortLastSale}, creatorSortDescFirst)
	if len(res.Rows) > 0 {
		page.First = q.Offset + 1
		page.Last = q.Offset + len(res.Rows)
	}
	if pageNo > 1 {
		page.PrevURL = listURL(path, v, "page", pageParam(pageNo-1))
		page.FirstURL = listURL(path, v, "page", "")
	}
	if page.Last < res.Total {
		page.NextURL = listURL(path, v, "page", strconv.Itoa(pageNo+1))
	}
	page.Rows = creatorsRows(ws, res.Rows)
	page.Body = creatorsBody(page.Rows)
	h.render(w, r, http.StatusOK, "creators", page)
}

// pageParam is the page parameter of a page number; the first page has none.
func pageParam(n int) string {
	if n <= 1 {
		return ""
	}
	return strconv.Itoa(n)
}

func creatorsRows(ws *model.Workspace, rows []store.CreatorListRow) []creatorsRow {
	out := make([]creatorsRow, 0, len(rows))
	for i := range rows {
		c := &rows[i]
		m := moneyFor(c.Currency)
		row := creatorsRow{URL: wsURL(ws, "creators/"+strconv.FormatInt(c.ID, 10)), Handle: c.Handle,
			DisplayName: c.DisplayName, Category: c.Category, Region: c.Region,
			GMV: m.amount(c.GMV), Orders: m.count(c.Orders), AOV: m.per(c.GMV, c.Orders), Est: m.amount(c.EstCommission),
			LastSale: "—", Followers: "—"}
		if c.Followers != nil {
			row.Followers, row.FollowersExact = compact(*c.Followers), m.count(*c.Followers)+" followers"
		}
		if c.Orders == 0 {
			row.Zero = "zero"
		}
		if c.LastSaleDay != 0 {
			row.LastSale = longDay(c.LastSaleDay)
		}
		out = append(out, row)
	}
	return out
}

// inZoneTime writes an instant in loc with the zone's abbreviation, for tooltips.
func inZoneTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006 15:04 MST")
}
