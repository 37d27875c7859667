package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachSequenceCreate makes a draft sequence with the workspace's default hours and opens
// it, so the steps are added on its page.
func (h *handler) outreachSequenceCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	settings, err := h.store.OutreachSettings(r.Context(), ws.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q := &store.Sequence{WorkspaceID: ws.ID, Name: r.PostForm.Get("name"), StopOnReply: true, StopOnSample: true,
		StopStages: []model.Stage{model.StageOnboarded},
		Hours:      settings.Hours}
	if err := h.store.CreateSequence(r.Context(), st.principal.Actor(), q); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, sequencePath(ws, q.ID, "")+"?ok=created", http.StatusSeeOther)
}
