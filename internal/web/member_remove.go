package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// memberRemove takes a member out of the workspace; the last owner cannot be removed, not even
// by themselves.
func (h *handler) memberRemove(w http.ResponseWriter, r *http.Request) {
	m, ok := h.loadMember(w, r)
	if !ok {
		return
	}
	st := current(r)
	err := h.store.RemoveMember(r.Context(), st.principal.Actor(), st.workspace.ID, m.ID)
	switch {
	case errors.Is(err, store.ErrLastOwner):
		page := newMembersPage(r)
		page.Error = m.Email + lastOwnerMessage
		h.renderMembers(w, r, http.StatusConflict, page)
		return
	case errors.Is(err, store.ErrNotFound):
		h.notFound(w, r)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	if m.ID == st.principal.User.ID {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "members?ok=removed"), http.StatusSeeOther)
}
