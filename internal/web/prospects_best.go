package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// prospectsPage is "Best next creators to contact": prospects and long-silent contacted
// creators, by fit score, each score explained.
type prospectsPage struct {
	basePage
	Workspace     *model.Workspace
	Rows          []prospectView
	RecontactDays int
	Next          string // the next page's address, "" on the last
	First         bool   // the first page (numbers start at 1)
	Start         int    // the number of the page's first row
	CanExport     bool
	CanConfigure  bool
	Problem       listProblem // a page address that cannot be used: no list, and why
}

// prospectView is one row: the creator, the score and its parts.
type prospectView struct {
	store.ProspectRow
	Rank      int
	URL       string
	Followers string
	Verticals string
	Contacted string
	Parts     []crm.ScorePart
}

// prospectsPageSize is how many creators a page lists: a morning's outreach for one specialist.
const prospectsPageSize = 50

// parseProspectCursor reads ?after=score.id, the last row of the previous page.
func parseProspectCursor(s string) (*store.ProspectKey, bool) {
	if s == "" {
		return nil, true
	}
	a, b, ok := strings.Cut(s, ".")
	score, err1 := strconv.Atoi(a)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return nil, false
	}
	return &store.ProspectKey{Score: score, ID: id}, true
}

// prospectsBest lists the best next creators to contact.
func (h *handler) prospectsBest(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	after, ok := parseProspectCursor(r.URL.Query().Get("after"))
	var bad listProblem
	if !ok {
		// The page answers with its explanation and the way to the first page.
		bad = problemAt("after", "after "+quote(r.URL.Query().Get("after"))+" is not a position in this list: follow the page's links.",
			wsURL(ws, "prospects"))
	}
	start := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("from")); err == nil && n > 0 && after != nil {
		start = n
	}
	set, err := h.store.CRMSettings(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &prospectsPage{basePage: basePage{Title: ws.Name + " — Best next creators to contact"}, Workspace: ws,
		RecontactDays: set.RecontactDays, First: after == nil, Start: start,
		CanExport: st.can(access.ExportData), CanConfigure: st.can(access.ConfigureCRM), Problem: bad}
	if bad.Message != "" {
		h.render(w, r, http.StatusBadRequest, "prospects", page)
		return
	}
	rows, err := h.store.BestProspects(r.Context(), ws.ID, store.ProspectQuery{RecontactDays: set.RecontactDays, Now: time.Now(),
		After: after, Limit: prospectsPageSize + 1})
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(rows) > prospectsPageSize {
		rows = rows[:prospectsPageSize]
		last := rows[len(rows)-1]
		page.Next = wsURL(ws, fmt.Sprintf("prospects?after=%d.%d&from=%d", last.Score, last.ID, start+len(rows)))
	}
	loc := ws.Location()
	for i, p := range rows {
		v := prospectView{ProspectRow: p, Rank: start + i, URL: creatorURL(r, p.ID), Verticals: strings.Join(p.Verticals, ", ")}
		if p.Followers != nil {
			v.Followers = moneyFor("").count(*p.Followers)
		}
		if p.LastContactedAt != nil {
			v.Contacted = p.LastContactedAt.In(loc).Format("2 Jan 2006")
		}
		v.Parts, _ = crm.ParseScoreParts(p.ScoreParts) // unreadable parts show none, the score stays
		page.Rows = append(page.Rows, v)
	}
	h.render(w, r, http.StatusOK, "prospects", page)
}
