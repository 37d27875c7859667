package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
)

// memberRole changes a member's role; the last owner cannot be demoted.
func (h *handler) memberRole(w http.ResponseWriter, r *http.Request) {
	m, ok := h.loadMember(w, r)
	if !ok {
		return
	}
	st := current(r)
	role, ok := access.ParseRole(r.PostFormValue("role"))
	if !ok {
		page := newMembersPage(r)
		page.Error = fmt.Sprintf("Role %q does not exist: choose owner, manager, specialist, finance or viewer.", r.PostFormValue("role"))
		h.renderMembers(w, r, http.StatusBadRequest, page)
		return
	}
	err := h.store.SetMemberRole(r.Context(), st.principal.Actor(), st.workspace.ID, m.ID, string(role))
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
	if m.ID == st.principal.User.ID && role != access.Owner {
		// Demoted themselves: the members page is no longer theirs to see.
		http.Redirect(w, r, wsURL(st.workspace, ""), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "members?ok=role"), http.StatusSeeOther)
}
