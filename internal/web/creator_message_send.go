package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// creatorMessageSend handles POST /w/{ws}/creators/{creator}/message: the message goes out
// at once (platformsync.SendCreatorMessage), and is never sent twice after a failure.
func (h *handler) creatorMessageSend(w http.ResponseWriter, r *http.Request) {
	pc, ok := h.messageCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	form := messageForm{Kind: r.PostForm.Get("kind"), Text: r.PostForm.Get("text"), Product: r.PostForm.Get("product"), Collaboration: r.PostForm.Get("collaboration")}
	page := &creatorMessagePage{Form: form}
	conn, ok := formInt64(r, "connection")
	if !ok {
		page.Error = "Shop " + quote(r.PostForm.Get("connection")) + " is not one of the workspace's connections."
		h.renderCreatorMessage(w, r, http.StatusBadRequest, pc, 0, page)
		return
	}
	_, err := platformsync.SendCreatorMessage(r.Context(), h.store, h.platformClients(), st.principal.Actor(), st.workspace.ID, pc.CreatorID,
		platformsync.CreatorMessage{ConnectionID: conn, Kind: form.Kind, Text: form.Text, ProductID: form.Product, CollaborationID: form.Collaboration})
	var se *platformsync.SendError
	fe, isField := store.AsFieldError(err)
	status := http.StatusOK
	switch {
	case err == nil:
		http.Redirect(w, r, wsURL(st.workspace, "creators/"+fmtID(pc.CreatorID)+"/message")+"?ok=sent", http.StatusSeeOther)
		return
	case isField:
		status, page.Error = http.StatusBadRequest, fieldMessage(fe)
	case errors.Is(err, store.ErrNotFound):
		status, page.Error = http.StatusBadRequest, "Shop "+quote(r.PostForm.Get("connection"))+" is not one of the workspace's connections."
	case errors.Is(err, platformsync.ErrNoTikTokID):
		status, page.Error = http.StatusConflict, "This creator has no TikTok user id yet, so TikTok Shop cannot be told who to write to. A marketplace search (Prospects → Search the marketplace) that finds them, or a sample application, brings it."
	case errors.Is(err, platformsync.ErrNotConfigured):
		status, page.Error = http.StatusServiceUnavailable, err.Error()
	case errors.As(err, &se):
		status, page.Error = http.StatusBadGateway, se.Error()
	default:
		h.log.Warn("web: a message to a creator failed", "creator", pc.CreatorID, "err", err)
		status, page.Error = http.StatusBadGateway, "The message could not be sent: "+err.Error()
	}
	h.renderCreatorMessage(w, r, status, pc, conn, page)
}
