package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// loadMember returns the {user} of the path as a member of the current workspace. A user who
// is not a member here (whatever else they belong to) is a 404, answered before the form is read.
func (h *handler) loadMember(w http.ResponseWriter, r *http.Request) (*store.WorkspaceMember, bool) {
	id, err := strconv.ParseInt(r.PathValue("user"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return nil, false
	}
	m, err := h.store.WorkspaceMemberByID(r.Context(), current(r).workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return nil, false
	}
	if err != nil {
		h.serverError(w, r, err)
		return nil, false
	}
	return m, true
}

// lastOwnerMessage explains why the last owner must stay.
const lastOwnerMessage = " is the only owner of this workspace. Make another member owner first: a workspace without an owner could never again add members, reset passwords or change its settings."
