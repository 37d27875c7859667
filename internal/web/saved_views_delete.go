package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// savedViewDelete deletes one of the member's saved views and goes back to its page.
func (h *handler) savedViewDelete(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	v, ok := h.ownView(w, r)
	if !ok {
		return
	}
	err := h.store.DeleteView(r.Context(), st.principal.Actor(), st.workspace.ID, st.principal.User.ID, v.ID)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, v.Page)+"?done=view_deleted:1", http.StatusSeeOther)
}
