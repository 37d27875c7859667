package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/access"
)

// creatorOwner gives a creator an owner (form field owner: a member's user id, "me", or empty
// for nobody). Specialists may only take an unowned creator themselves; handing creators to
// others is for ManageCreators.
func (h *handler) creatorOwner(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	me := st.principal.User.ID
	var owner *int64
	switch raw := r.PostFormValue("owner"); raw {
	case "":
	case "me":
		owner = &me
	default:
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			h.refuse(w, r, http.StatusBadRequest, "owner "+quote(raw)+" is not a member: pick one of the list.")
			return
		}
		owner = &id
	}
	if !st.can(access.ManageCreators) {
		switch {
		case c.OwnerID != nil:
			h.refuse(w, r, http.StatusForbidden, "@"+c.Username+" is owned by "+c.OwnerEmail+
				": only a manager or the owner of the workspace can reassign a creator.")
			return
		case owner == nil || *owner != me:
			h.refuse(w, r, http.StatusForbidden, "You may assign an unowned creator to yourself only: a manager or the owner of the workspace assigns creators to others.")
			return
		}
	}
	if _, err := h.store.SetOwner(r.Context(), st.principal.Actor(), st.workspace.ID, []int64{c.ID}, owner); err != nil {
		if owner != nil && isNotFound(err) {
			h.refuse(w, r, http.StatusBadRequest, "owner "+strconv.FormatInt(*owner, 10)+" is not a member of this workspace.")
			return
		}
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "owner")
}
