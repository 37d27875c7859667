package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// slaPage is the data of the sla template.
type slaPage struct {
	basePage
	Workspace *model.Workspace
	Views     []slaViewLink
	View      store.SLAView
	Rows      []slaRow
	MoreURL   string
	FirstURL  string
	ExportURL string
	BoardURL  string
	CanConfig bool
	Problem   listProblem // a page address that cannot be used: no list, and why
}

// slaViewLink is one SLA view's card: its count and where its list is.
type slaViewLink struct {
	store.SLAView
	URL     string
	Current bool
}

// slaRow is a creator waiting too long, as the SLA list shows it.
type slaRow struct {
	Handle, URL   string
	Stage         string
	Owner         string
	Since         string
	Waiting       int // whole days since the clock started
	GMV30d        string
	LastSale      string
	Email         string
	Contacted     string
	StageReason   string
	StageSinceISO string
}

// pipelineSLA shows the SLA views: how many creators wait past the team's promise in each,
// and the list of one view, the longest waiting first.
func (h *handler) pipelineSLA(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	now := time.Now()
	views, err := h.store.SLAViews(r.Context(), ws.ID, now)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	v := r.URL.Query()
	name := v.Get("view")
	if !store.ValidSLAView(name) {
		name = store.SLAEngaged
		for _, sv := range views {
			if store.ValidSLAView(sv.Name) && sv.Count > 0 {
				name = sv.Name
				break
			}
		}
	}
	path := wsURL(ws, "pipeline/sla")
	q := url.Values{"view": {name}}
	var after *store.SLAKey
	var bad listProblem
	if a := v.Get("after"); a != "" {
		if after, err = store.ParseSLAKey(a); err != nil {
			// The page answers with its views and the way to this view's first page.
			bad = problemAt("after", "after "+quote(a)+" is not a page of this list: follow the page's links.", listURL(path, q))
		}
	}
	var rows []store.SLARow
	var next *store.SLAKey
	if bad.Message == "" {
		if rows, next, err = h.store.SLACreators(r.Context(), ws.ID, name, now, after, 50); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	page := &slaPage{basePage: basePage{Title: "SLA views — " + ws.Name}, Workspace: ws, Rows: slaRows(ws, rows, now),
		BoardURL: wsURL(ws, "pipeline"), CanConfig: st.can(access.ConfigureCRM), Problem: bad}
	for _, sv := range views {
		link := slaViewLink{SLAView: sv, URL: listURL(path, nil, "view", sv.Name), Current: sv.Name == name}
		if sv.Name == store.SLATasksLate {
			link.URL = listURL(wsURL(ws, "tasks"), nil, "who", "all", "show", store.TasksOverdue)
		}
		if link.Current {
			page.View = sv
		}
		page.Views = append(page.Views, link)
	}
	if bad.Message != "" {
		h.render(w, r, http.StatusBadRequest, "sla", page)
		return
	}
	if next != nil {
		page.MoreURL = listURL(path, q, "after", next.String())
	}
	if after != nil {
		page.FirstURL = listURL(path, q)
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "pipeline/sla.csv"), q)
	}
	h.render(w, r, http.StatusOK, "sla", page)
}

func slaRows(ws *model.Workspace, rows []store.SLARow, now time.Time) []slaRow {
	loc := ws.Location()
	out := make([]slaRow, 0, len(rows))
	for i := range rows {
		p := &rows[i]
		row := slaRow{Handle: p.Username, URL: wsURL(ws, "creators/"+strconv.FormatInt(p.ID, 10)), Stage: p.Stage.Label(),
			Owner: p.OwnerEmail, Since: p.Since.In(loc).Format("2 Jan 2006"), Waiting: int(now.Sub(p.Since).Hours() / 24),
			GMV30d: "—", LastSale: "never", Email: p.Email}
		if p.Sales.Currency != "" {
			row.GMV30d = moneyFor(p.Sales.Currency).amount(p.Sales.GMV30d)
		}
		if p.Sales.LastSale != 0 {
			row.LastSale = longDay(p.Sales.LastSale)
		}
		if p.LastContactedAt != nil {
			row.Contacted = p.LastContactedAt.In(loc).Format("2 Jan 2006")
		}
		out = append(out, row)
	}
	return out
}
