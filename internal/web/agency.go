package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// agencyPage lists the workspaces a user can see with their last 30 days, side by side: an
// agency's morning look across its brands.
type agencyPage struct {
	basePage
	Rows []agencyRow
}

// agencyRow is one workspace's card.
type agencyRow struct {
	Slug, Name, Role, Zone string
	Period                 string      // "30 days to 15 Nov 2026", "" without orders
	Figures                []agencyFig // one per currency
}

// agencyFig is one currency's figures of a workspace.
type agencyFig struct{ Currency, GMV, Orders, AOV, Change, ChangeClass string }

// agencyOverview is the home page. A user with a single workspace goes straight to it.
func (h *handler) agencyOverview(w http.ResponseWriter, r *http.Request) {
	ms, err := h.store.Memberships(r.Context(), principalOf(r).User.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(ms) == 1 && r.URL.Query().Get("all") == "" {
		http.Redirect(w, r, wsURL(ms[0].Workspace, ""), http.StatusSeeOther)
		return
	}
	page := &agencyPage{basePage: basePage{Title: "All workspaces"}}
	for _, m := range ms {
		row, err := h.agencyRow(r, m)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		page.Rows = append(page.Rows, row)
	}
	h.render(w, r, http.StatusOK, "agency", page)
}

func (h *handler) agencyRow(r *http.Request, m store.Membership) (agencyRow, error) {
	ws := m.Workspace
	row := agencyRow{Slug: ws.Slug, Name: ws.Name, Role: m.Role, Zone: ws.Timezone}
	last, err := h.store.LastOrderDay(r.Context(), ws.ID)
	if err != nil || last == 0 {
		return row, err
	}
	win := store.WindowEnding(last, defaultDays)
	cur, err := h.store.DailyTotals(r.Context(), ws.ID, win)
	if err != nil {
		return row, err
	}
	prev, err := h.store.DailyTotals(r.Context(), ws.ID, store.WindowBefore(win))
	if err != nil {
		return row, err
	}
	row.Period = "30 days to " + longDay(win.To)
	before := map[string]int64{}
	for _, d := range prev {
		before[d.Currency] += d.GMV
	}
	for _, code := range currencyOrder(cur) {
		var gmv, orders int64
		for _, d := range cur {
			if d.Currency == code {
				gmv += d.GMV
				orders += d.Orders
			}
		}
		m := moneyFor(code)
		ch := changeOf(gmv, before[code])
		row.Figures = append(row.Figures, agencyFig{Currency: code, GMV: m.whole(gmv), Orders: m.count(orders),
			AOV: m.per(gmv, orders), Change: ch.Text, ChangeClass: ch.Class})
	}
	return row, nil
}

// currencyOrder lists the currencies of the days, in the order first seen.
func currencyOrder(days []store.DayFigures) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range days {
		if !seen[d.Currency] {
			seen[d.Currency] = true
			out = append(out, d.Currency)
		}
	}
	return out
}
