package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachSuppressionRemove lifts a suppression (outreach.configure): sequences may message
// the address or creator again.
func (h *handler) outreachSuppressionRemove(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, ok := pathID(r, "suppression")
	if !ok {
		h.notFound(w, r)
		return
	}
	err := h.store.RemoveSuppression(r.Context(), st.principal.Actor(), st.workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "outreach/suppressions")+"?ok=removed", http.StatusSeeOther)
}
