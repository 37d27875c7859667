package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// savedViewOpen sends the member to the page of one of their saved views, with its filters.
func (h *handler) savedViewOpen(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	v, ok := h.ownView(w, r)
	if !ok {
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, v.Page)+dirQuery(v.Query), http.StatusSeeOther)
}

// ownView loads the {view} of the path, the current member's only: anyone else's (or another
// workspace's) is a 404, written here.
func (h *handler) ownView(w http.ResponseWriter, r *http.Request) (*store.SavedView, bool) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("view"), 10, 64)
	if err != nil || id <= 0 || st.principal.User == nil {
		h.notFound(w, r)
		return nil, false
	}
	v, err := h.store.SavedView(r.Context(), st.workspace.ID, st.principal.User.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return nil, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	return v, true
}
