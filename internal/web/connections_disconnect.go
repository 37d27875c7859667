package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// connectionDisconnect ends a connection of the workspace: its tokens are deleted and its
// syncs stop; imported orders stay. Another workspace's connection is a 404.
func (h *handler) connectionDisconnect(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("connection"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	err = h.store.DisconnectConnection(r.Context(), st.principal.Actor(), st.workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "connections?ok=disconnected"), http.StatusSeeOther)
}
