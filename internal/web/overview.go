package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
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
	last, err := h.store.LastOrderDay(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if last == 0 {
		page.Empty = true
		h.render(w, r, http.StatusOK, "overview", page)
		return
	}
	if err := h.loadFigures(r, page, store.WindowEnding(last, days)); err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "overview", page)
}

// loadFigures reads the window's and the previous window's figures into the page.
func (h *handler) loadFigures(r *http.Request, page *overviewPage, win store.Window) error {
	ctx, wsID := r.Context(), page.Workspace.ID
	prev := store.WindowBefore(win)
	// Limit 0: the cards need every creator, and the tables are cut per currency here.
	creators, err := h.store.CreatorTotals(ctx, wsID, win, 0)
	if err != nil {
		return err
	}
	before, err := h.store.CreatorTotals(ctx, wsID, prev, 0)
	if err != nil {
		return err
	}
	products, err := h.store.ProductTotals(ctx, wsID, win, 0)
	if err != nil {
		return err
	}
	daily, err := h.store.DailyTotals(ctx, wsID, win)
	if err != nil {
		return err
	}
	page.setPeriod(win, prev)
	page.Sections = sections(win, creators, before, products, daily)
	return nil
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
