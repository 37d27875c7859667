package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// collaborationsPage is the data of the collaborations template.
type collaborationsPage struct {
	basePage
	Workspace   *model.Workspace
	Filter      collabFilter
	Statuses    []string
	Rows        []collabRow
	MoreURL     string
	FirstURL    string
	ExportURL   string
	Notice      string
	Connected   bool // the workspace has an active TikTok Shop connection
	CanCreate   bool
	CanSync     bool
	LinksURL    string
	Filtered    bool
	Connections string      // where shops are connected
	Problem     listProblem // a filter that cannot be used: no list, and why
}

// collaborationsList lists the open and target collaborations synced from TikTok Shop or
// created here, newest first, with kind, status and name filters.
func (h *handler) collaborationsList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	f, bad := parseCollabFilter(r)
	ctx := r.Context()
	var cs []*store.Collaboration
	var more bool
	if bad.Message == "" {
		var err error
		if cs, more, err = h.store.Collaborations(ctx, ws.ID, f.store(collaborationsPerPage)); err != nil {
			h.serverError(w, r, err)
			return
		}
	}
	statuses, err := h.store.CollaborationStatuses(ctx, ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	conns, err := h.connectionChoices(ctx, ws, 0)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	path := wsURL(ws, "collaborations")
	v := f.values()
	page := &collaborationsPage{basePage: basePage{Title: ws.Name + " — Collaborations"}, Workspace: ws, Filter: f, Statuses: statuses,
		Rows: collabRows(ws, cs), Connected: len(conns) > 0, CanCreate: st.can(access.ManageAffiliate), CanSync: st.can(access.ManageShops),
		LinksURL: wsURL(ws, "promotion-links"), Filtered: f.Kind != "" || f.Status != "" || f.Query != "", Connections: wsURL(ws, "connections"),
		Notice: collabNotice(r), Problem: bad}
	if bad.Message != "" {
		// The filter form comes back as typed with the field marked; no list, no export.
		h.render(w, r, http.StatusBadRequest, "collaborations", page)
		return
	}
	if more {
		page.MoreURL = listURL(path, v, "before", fmtID(cs[len(cs)-1].ID))
	}
	if f.Before != 0 {
		page.FirstURL = listURL(path, v)
	}
	if st.can(access.ExportData) {
		page.ExportURL = listURL(wsURL(ws, "collaborations.csv"), v)
	}
	h.render(w, r, http.StatusOK, "collaborations", page)
}

// collabNotice is the message after a change (the POSTs redirect here with ?ok=).
func collabNotice(r *http.Request) string {
	q := r.URL.Query()
	switch q.Get("ok") {
	case "created":
		return "Target collaboration created in " + q.Get("calls") + " call(s) to TikTok Shop: " + q.Get("invited") +
			" creator(s) invited. Their timelines show the invitation."
	case "sync":
		return "Collaborations sync queued: it runs within a minute on the server's job runner."
	}
	return ""
}
