package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/crm"
)

// tierOverrideClear ends a creator's tier override: the creator takes the tier the rules give
// now, with the change on its timeline.
func (h *handler) tierOverrideClear(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	if err := crm.ClearTierOverride(r.Context(), h.store, st.principal.Actor(), st.workspace.ID, c.ID); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "tier")
}
