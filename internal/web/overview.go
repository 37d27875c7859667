package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// periods are the window lengths offered; anything else falls back to defaultDays.
var periods = []int{7, 30, 90}

const defaultDays = 30

// topN is how many creators and products the overview tables list.
const topN = 10

// overview shows a workspace's figures over the last days ending on its last order day.
func (h *handler) overview(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	days := parseDays(r.URL.Query().Get("days"))
	page := &overviewPage{basePage: basePage{Title: ws.Name + " — Overview"}, Workspace: ws, Days: days, Periods: periodLinks(ws, days)}
	page.CanImport = current(r).can(access.ImportData)
	fig, err := h.overviewFigures(r, ws, days)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if fig == nil {
		page.Empty = true
		h.render(w, r, http.StatusOK, "overview", page)
		return
	}
	page.setPeriod(fig.win, fig.prev)
	page.Sections = fig.sections
	h.render(w, r, http.StatusOK, "overview", page)
}

// overviewFigures returns the figures of the window of days ending on the workspace's last
// order day, nil when it has no orders; from the cache while the workspace's data has not moved.
func (h *handler) overviewFigures(r *http.Request, ws *model.Workspace, days int) (*overviewFigures, error) {
	ctx := r.Context()
	version, err := h.store.DataVersion(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	key := overviewKey{workspaceID: ws.ID, days: days, version: version}
	if fig, ok := h.overviews.get(key); ok {
		return fig, nil
	}
	last, err := h.store.LastOrderDay(ctx, ws.ID)
	if err != nil || last == 0 {
		return nil, err
	}
	win := store.WindowEnding(last, days)
	sections, err := h.loadFigures(r, ws.ID, win)
	if err != nil {
		return nil, err
	}
	fig := &overviewFigures{win: win, prev: store.WindowBefore(win), sections: sections}
	h.overviews.put(key, fig)
	return fig, nil
}

// loadFigures reads the window's and the previous window's figures, by currency.
func (h *handler) loadFigures(r *http.Request, wsID int64, win store.Window) ([]section, error) {
	ctx := r.Context()
	prev := store.WindowBefore(win)
	// Limit 0: the cards need every creator, and the tables are cut per currency here.
	creators, err := h.store.CreatorTotals(ctx, wsID, win, 0)
	if err != nil {
		return nil, err
	}
	before, err := h.store.CreatorTotals(ctx, wsID, prev, 0)
	if err != nil {
		return nil, err
	}
	products, err := h.store.ProductTotals(ctx, wsID, win, 0)
	if err != nil {
		return nil, err
	}
	daily, err := h.store.DailyTotals(ctx, wsID, win)
	if err != nil {
		return nil, err
	}
	return sections(win, creators, before, products, daily), nil
}

// parseDays reads the days parameter; a length we do not offer gets the default rather than
// an error, since it only ever comes from a hand-edited URL.
func parseDays(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return defaultDays
	}
	for _, p := range periods {
		if n == p {
			return n
		}
	}
	return defaultDays
}
