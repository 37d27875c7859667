package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// suppressionsPage is the data of the outreach_suppressions template.
type suppressionsPage struct {
	outreachBase
	Rows      []suppressionRow
	MoreURL   string
	FirstURL  string
	ExportURL string
	AddURL    string
	Kinds     []choice
	Form      suppressionForm // the add form, as typed when it was refused
	Problem   string          // why it was refused, shown in the form
	// ListProblem is a page address of the list that cannot be used: no list, and why.
	ListProblem listProblem
}

// suppressionForm is the add form's values, and the field a refusal names (marked in the form).
type suppressionForm struct {
	Kind, Value, Note, Scope string
	Field                    string
}

// Mark is the attributes that mark the field name as the one the refusal names.
func (f suppressionForm) Mark(name string) template.HTMLAttr {
	if f.Field != name {
		return ""
	}
	return `aria-invalid="true" aria-describedby="suppression-error"`
}

// suppressionRow is an entry of the do-not-send list.
type suppressionRow struct {
	ID                        int64
	Kind, Value, Reason, Note string
	Scope, Added, By          string
	RemoveURL                 string
}

var suppressionKinds = []choice{{store.SuppressEmail, "email address"}, {store.SuppressTikTok, "TikTok user id"},
	{store.SuppressDiscord, "Discord user id"}, {store.SuppressCreator, "creator (@handle)"}}

var suppressionNotices = map[string]string{"added": "Added to the suppression list: no sequence will message it.", "removed": "Removed from the suppression list."}

// outreachSuppressions lists the addresses and creators no sequence may message, newest first.
func (h *handler) outreachSuppressions(w http.ResponseWriter, r *http.Request) {
	h.showSuppressions(w, r, http.StatusOK, suppressionForm{Kind: store.SuppressEmail, Scope: store.ScopeWorkspace}, "")
}

// showSuppressions renders the list with status, the add form filled with form and problem
// above it: a refused entry comes back to the page it was typed on, as typed.
func (h *handler) showSuppressions(w http.ResponseWriter, r *http.Request, status int, form suppressionForm, problem string) {
	ws := current(r).workspace
	path := wsURL(ws, "outreach/suppressions")
	var after int64
	var bad listProblem
	if a := r.URL.Query().Get("after"); a != "" {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			// The page answers with its add form and the way to the first page.
			bad = problemAt("after", "after "+quote(a)+" is not a page of this list: follow the page's links.", path)
		}
		after = id
	}
	page := &suppressionsPage{outreachBase: outreachPage(r, "Suppressions", "suppressions", suppressionNotices), Kinds: suppressionKinds,
		AddURL: path, Form: form, Problem: problem, ListProblem: bad}
	if bad.Message != "" {
		h.render(w, r, http.StatusBadRequest, "outreach_suppressions", page)
		return
	}
	xs, err := h.store.Suppressions(r.Context(), ws.ID, after, listPageSize+1)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(xs) > listPageSize {
		xs = xs[:listPageSize]
		page.MoreURL = listURL(path, nil, "after", strconv.FormatInt(xs[len(xs)-1].ID, 10))
	}
	if after != 0 {
		page.FirstURL = path
	}
	for _, x := range xs {
		page.Rows = append(page.Rows, suppressionRow{ID: x.ID, Kind: x.Kind, Value: x.Value, Reason: x.Reason, Note: x.Note, Scope: x.Scope,
			Added: x.CreatedAt.In(ws.Location()).Format("2 Jan 2006 15:04"), By: x.CreatedBy,
			RemoveURL: wsURL(ws, "outreach/suppressions/"+strconv.FormatInt(x.ID, 10)+"/remove")})
	}
	if page.CanExport {
		page.ExportURL = wsURL(ws, "outreach/suppressions.csv")
	}
	h.render(w, r, status, "outreach_suppressions", page)
}
