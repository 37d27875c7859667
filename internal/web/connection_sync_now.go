package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionSyncNow handles POST /w/{ws}/connections/{connection}/sync: the connection's
// orders sync runs at once (or once more right after the one running), on whichever server's
// job runner takes it first.
func (h *handler) connectionSyncNow(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("connection"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	conn, err := h.store.Connection(r.Context(), st.workspace.ID, id)
	if errors.Is(err, store.ErrNotFound) || err == nil && !conn.Live() {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page := &connectionsPage{}
	switch {
	case conn.Status != store.ConnectionActive:
		page.Error = "“" + conn.ShopName + "” cannot sync until it is connected again: " + conn.LastError
	case conn.ShopID == nil:
		page.Error = "“" + conn.ShopName + "” feeds no shop yet: connect it again and pick the shop its orders go to."
	}
	if page.Error != "" {
		h.renderConnections(w, r, http.StatusConflict, page)
		return
	}
	if err := platformsync.SyncNow(r.Context(), h.store, conn, time.Now()); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(st.workspace, "connections"), http.StatusSeeOther)
}
