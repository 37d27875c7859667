package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// duplicatesPerPage is how many pairs a page shows: each is a side-by-side card.
const duplicatesPerPage = 20

// duplicatesPage lists the creators that may be the same person, side by side, and the merge
// history with its undo buttons.
type duplicatesPage struct {
	basePage
	Workspace  *model.Workspace
	Pairs      []*store.DuplicatePair
	Total      int
	From, To   int
	Prev, Next string
	Merges     []*store.CreatorMerge
	OlderMerge string
	CanManage  bool
	CanExport  bool
	Notice     string
	Error      string
}

var duplicateNotices = map[string]string{
	"merged":    "Merged. The creator's sales, accounts and timeline now count for the one kept; undo it below if it was a mistake.",
	"dismissed": "Marked as different creators: this pair will not be offered again.",
	"unmerged":  "Merge undone: both creators are back, each with their own sales.",
}

// duplicatesList shows the duplicate candidates, strongest first.
func (h *handler) duplicatesList(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	p := &duplicatesPage{basePage: basePage{Title: st.workspace.Name + " — Duplicates"}, Workspace: st.workspace,
		CanManage: st.can(access.ManageCreators), CanExport: st.can(access.ExportData),
		Notice: duplicateNotices[r.URL.Query().Get("done")]}
	h.renderDuplicates(w, r, http.StatusOK, p)
}

// renderDuplicates loads the page's pairs and merges and renders it with status (a refused
// merge re-renders the page with its error).
func (h *handler) renderDuplicates(w http.ResponseWriter, r *http.Request, status int, p *duplicatesPage) {
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(n, 1)
	page, err := h.store.DuplicateCandidates(r.Context(), p.Workspace.ID, (n-1)*duplicatesPerPage, duplicatesPerPage)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	p.Pairs, p.Total = page.Pairs, page.Total
	if len(p.Pairs) > 0 {
		p.From = (n-1)*duplicatesPerPage + 1
		p.To = p.From + len(p.Pairs) - 1
	}
	base := wsURL(p.Workspace, "duplicates")
	if n > 1 {
		p.Prev = base + "?page=" + strconv.Itoa(n-1)
	}
	if n*duplicatesPerPage < page.Total {
		p.Next = base + "?page=" + strconv.Itoa(n+1)
	}
	before, _ := strconv.ParseInt(q.Get("merges_before"), 10, 64)
	ms, err := h.store.MergeHistory(r.Context(), p.Workspace.ID, before, 10)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if len(ms) > 10 {
		ms = ms[:10]
		p.OlderMerge = base + "?merges_before=" + strconv.FormatInt(ms[9].ID, 10) + "#merges"
	}
	p.Merges = ms
	h.render(w, r, status, "duplicates", p)
}
