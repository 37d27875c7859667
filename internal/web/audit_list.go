package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// auditPageSize is how many entries one page of the audit log shows.
const auditPageSize = 50

// auditPage is a page of the audit log, newest first.
type auditPage struct {
	basePage
	Workspace *model.Workspace
	Entries   []auditRow
	Actions   []string // the filter's choices
	Action    string   // the filter, "" for all
	Paged     bool     // not the first page: offer the way back to the newest
	OlderURL  string   // "" on the last page
	NewestURL string
	Problem   listProblem // a filter or page address that cannot be used: no entries, and why
}

// auditRow is one entry with its changes read out.
type auditRow struct {
	store.AuditRecord
	Changes []auditChange
}

// auditList shows a page of the audit log, optionally one action only; ?before=ID is the cursor.
func (h *handler) auditList(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	q, bad := auditQuery(r)
	actions, err := h.store.AuditActions(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &auditPage{basePage: basePage{Title: ws.Name + " — Audit log"}, Workspace: ws, Actions: actions,
		Action: q.Action, Paged: q.BeforeID > 0, NewestURL: auditURL(ws, q.Action, 0), Problem: bad}
	if bad.Message != "" {
		page.Action, page.Paged = "", false
		h.render(w, r, http.StatusBadRequest, "audit", page)
		return
	}
	q.Limit = auditPageSize + 1 // one more tells whether an older page exists
	recs, err := h.store.AuditLog(r.Context(), ws.ID, q)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(recs) > auditPageSize {
		recs = recs[:auditPageSize]
		page.OlderURL = auditURL(ws, q.Action, recs[len(recs)-1].ID)
	}
	for _, rec := range recs {
		page.Entries = append(page.Entries, auditRow{AuditRecord: rec, Changes: auditDiff(rec.Before, rec.After)})
	}
	h.render(w, r, http.StatusOK, "audit", page)
}

// auditQuery reads the filter and the cursor; a problem when one of them is not usable.
func auditQuery(r *http.Request) (store.AuditQuery, listProblem) {
	var q store.AuditQuery
	v := r.URL.Query()
	ws := current(r).workspace
	q.Action = v.Get("action")
	if len(q.Action) > 100 {
		return q, problemAt("action", "action is too long to be an action of the audit log (at most 100 characters).", auditURL(ws, "", 0))
	}
	if b := v.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return q, problemAt("before", fmt.Sprintf("before=%q is not a position in the audit log: follow the “Older” link instead of editing the address.", b),
				auditURL(ws, q.Action, 0))
		}
		q.BeforeID = id
	}
	return q, listProblem{}
}

// auditURL is the address of a page of the log.
func auditURL(ws *model.Workspace, action string, before int64) string {
	v := url.Values{}
	if action != "" {
		v.Set("action", action)
	}
	if before > 0 {
		v.Set("before", strconv.FormatInt(before, 10))
	}
	u := wsURL(ws, "audit")
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}
