package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// unmergeCreators undoes a merge ("Undo" on the duplicates page and on a creator's page), then
// goes back where the form says (a page of this workspace), or to the duplicates page.
func (h *handler) unmergeCreators(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("merge"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	m, err := h.store.CreatorMergeByID(r.Context(), st.workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	err = h.store.UnmergeCreators(r.Context(), principalOf(r).Actor(), st.workspace.ID, m.ID)
	if status, msg := mergeRefusal(err); status != 0 {
		p := &duplicatesPage{basePage: basePage{Title: st.workspace.Name + " — Duplicates"}, Workspace: st.workspace,
			CanManage: st.can(access.ManageCreators), CanExport: st.can(access.ExportData), Error: msg}
		h.renderDuplicates(w, r, status, p)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.refreshSoon(r, st.workspace.ID)
	to := wsURL(st.workspace, "duplicates?done=unmerged")
	// Only a page of this workspace: never an address elsewhere (an open redirect).
	if next := r.PostFormValue("next"); strings.HasPrefix(next, wsURL(st.workspace, "")) && !strings.ContainsAny(next, "\\\r\n") &&
		!strings.Contains(next, "//") {
		to = next
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
