package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorLinesPerPage is how many order lines the creator page lists at a time.
const creatorLinesPerPage = 20

// creatorPage is the data of the creator template.
type creatorPage struct {
	basePage
	Workspace  *model.Workspace
	Creator    *store.CreatorDetail
	Followers  string
	Engagement string
	ListGMV    string // the 30-day GMV a creator list said, if one did
	Created    string
	FirstSale  string
	LastSale   string
	Days       int
	Periods    []periodLink
	Span       string
	Sections   []creatorSection
	Lines      []orderRow
	LinesFirst string // the first page of lines, when not on it
	LinesMore  string // the next page of lines
	OrdersURL  string // every line of the creator in the orders list
	ExportURL  string
	BackURL    string
	BackLabel  string // the list BackURL shows: "Directory", "Pipeline"…
	Source     string // how the creator came in, in words: "from an order import"
	CRM        *crmPanel
	Samples    *creatorSamples // nil without sample applications
	// TimelineProblem and LinesProblem say why the timeline or the order lines show their
	// first page: the address asked for one that does not exist.
	TimelineProblem, LinesProblem string
}

// creatorSection is the creator's figures in one currency.
type creatorSection struct {
	Currency string
	Cards    []creatorCard
	Chart    barChart
	Quiet    bool // no line in the period: the page says so instead of drawing an empty chart
}

// creatorCard is one figure in the period, with its all-time value.
type creatorCard struct{ Label, Value, Lifetime string }

// creatorShow shows one creator: profile, accounts, figures over the period and all time, a
// daily GMV chart and the latest order lines.
func (h *handler) creatorShow(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	id, err := strconv.ParseInt(r.PathValue("creator"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	ctx := r.Context()
	profile, err := h.store.CRMProfile(ctx, ws.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if profile.MergedInto != nil {
		// A merged creator's history lives on the creator it was merged into.
		http.Redirect(w, r, wsURL(ws, "creators/"+strconv.FormatInt(*profile.MergedInto, 10))+"?merged_from="+
			url.QueryEscape(profile.Username), http.StatusSeeOther)
		return
	}
	// A timeline or order-lines address that cannot be used shows the page anyway (status
	// 400), that part from its start, with a line saying why: the profile is what the user came
	// for, and the page's own links lead on from there.
	status := http.StatusOK
	var timelineProblem, linesProblem string
	crm, err := h.creatorCRM(r, ws, profile)
	var badFilter *timelineFilterError
	switch {
	case errors.Is(err, store.ErrBadCursor):
		timelineProblem = "before " + quote(r.URL.Query().Get("before")) + " is not a place on this timeline: follow the page's links. The newest entries are shown."
		r = withoutQuery(r, "before")
	case errors.As(err, &badFilter):
		timelineProblem = badFilter.Error() + " Everything is shown."
		r = withoutQuery(r, "timeline", "before")
	}
	if timelineProblem != "" {
		status = http.StatusBadRequest
		crm, err = h.creatorCRM(r, ws, profile)
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	crm.MergedFrom = r.URL.Query().Get("merged_from")
	c, err := h.store.CreatorDetail(ctx, ws.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := r.URL.Query()
	var after *store.OrderKey
	if s := v.Get("after"); s != "" {
		k, ok := decodeOrderKey(s)
		if !ok {
			linesProblem = "after " + s + " is not a page of this creator's order lines: follow the page's links. The latest lines are shown."
			status = http.StatusBadRequest
			v.Del("after")
		}
		after = k
	}
	days := parseDays(v.Get("days"))
	win, err := h.figureWindow(ctx, ws, days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	period, err := h.store.CreatorWindowTotals(ctx, ws.ID, id, win)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	lifetime, err := h.store.CreatorWindowTotals(ctx, ws.ID, id, store.Window{})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	daily, err := h.store.CreatorDailyTotals(ctx, ws.ID, id, win)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	lines, more, err := h.store.OrderLines(ctx, ws.ID, store.OrderQuery{CreatorID: id, After: after, Limit: creatorLinesPerPage})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	path := wsURL(ws, "creators/"+strconv.FormatInt(id, 10))
	loc := ws.Location()
	backURL, backLabel := creatorBack(r, ws)
	page := &creatorPage{basePage: basePage{Title: "@" + c.Username + " — " + ws.Name}, Workspace: ws, Creator: c,
		Followers: "—", Created: dateIn(&c.CreatedAt, loc), FirstSale: dateIn(c.FirstSale, loc), LastSale: dateIn(c.LastSale, loc),
		Days: days, Periods: periodLinksFor(path, v, days), Span: span(win.From, win.To),
		OrdersURL: listURL(wsURL(ws, "orders"), nil, "creator", c.Username), BackURL: backURL, BackLabel: backLabel,
		Lines: orderRows(ws, lines), CRM: crm, Source: creatorSource(c.Source),
		TimelineProblem: timelineProblem, LinesProblem: linesProblem}
	for i := range page.Periods {
		page.Periods[i].URL = listURL(path, v, "days", strconv.Itoa(page.Periods[i].Days), "after", "")
	}
	if c.Followers != nil {
		page.Followers = moneyFor("").count(*c.Followers)
	}
	if c.EngagementBP != nil {
		page.Engagement = intl.FormatRate(*c.EngagementBP)
	}
	if c.GMV30d != nil && c.Currency != "" {
		page.ListGMV = moneyFor(c.Currency).amount(*c.GMV30d)
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "orders.csv"), nil, "creator", c.Username)
	}
	if after != nil {
		page.LinesFirst = listURL(path, v, "after", "")
	}
	if more {
		page.LinesMore = listURL(path, v, "after", encodeOrderKey(lines[len(lines)-1].Key()))
	}
	page.Sections = creatorSections(win, period, lifetime, daily)
	if page.Samples, err = h.creatorSamplesPanel(r, ws, id, c.Username); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, status, "creator", page)
}

// withoutQuery is r with the query parameters names removed, for building a page as if they
// had not been given.
func withoutQuery(r *http.Request, names ...string) *http.Request {
	v := r.URL.Query()
	for _, n := range names {
		v.Del(n)
	}
	u := *r.URL
	u.RawQuery = v.Encode()
	r2 := r.WithContext(r.Context())
	r2.URL = &u
	return r2
}

// creatorSource says how a creator came into the workspace, for the profile's "Known since".
func creatorSource(source string) string {
	switch source {
	case "orders":
		return "from an order import"
	case "list":
		return "from a creator list"
	case "manual":
		return "added by hand"
	case store.SourceTikTokMarketplace:
		return "found on the TikTok Shop marketplace"
	case store.SourceSampleApplication:
		return "from a sample application"
	case "seed":
		return "from the demo data"
	}
	return ""
}

// creatorSections puts the figures of each currency the creator sold in side by side: the
// period's, all time's, and the period's days.
func creatorSections(win store.Window, period, lifetime []store.CreatorFigures, daily []store.DayFigures) []creatorSection {
	var out []creatorSection
	for _, all := range lifetime { // busiest currency first
		var cur model.Totals
		for _, p := range period {
			if p.Currency == all.Currency {
				cur = p.Totals
			}
		}
		var days []store.DayFigures
		for _, d := range daily {
			if d.Currency == all.Currency {
				days = append(days, d)
			}
		}
		m := moneyFor(all.Currency)
		out = append(out, creatorSection{Currency: all.Currency, Chart: dailyChart(win, days, m), Quiet: cur.Lines == 0, Cards: []creatorCard{
			{"GMV", m.amount(cur.GMV), m.amount(all.GMV)},
			{"Orders", m.count(cur.Orders), m.count(all.Orders)},
			{"Average order value", m.per(cur.GMV, cur.Orders), m.per(all.GMV, all.Orders)},
			{"Est. commission", m.amount(cur.EstCommission), m.amount(all.EstCommission)},
			{"Paid commission", m.amount(cur.PaidCommission), m.amount(all.PaidCommission)},
			{"Refunds", m.amount(cur.Refunds), m.amount(all.Refunds)},
		}})
	}
	return out
}
