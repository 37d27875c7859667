package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachSequenceStatus activates, pauses or archives a sequence (field status).
func (h *handler) outreachSequenceStatus(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	status := r.PostForm.Get("status")
	if err := h.store.SetSequenceStatus(r.Context(), st.principal.Actor(), st.workspace.ID, q.ID, status); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.showSequenceError(w, r, q, q.Steps, "The sequence cannot be "+statusVerb(status)+": "+msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	if status == store.SequenceArchived {
		http.Redirect(w, r, wsURL(st.workspace, "outreach")+"?ok=archived", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, sequencePath(st.workspace, q.ID, "")+"?ok="+status, http.StatusSeeOther)
}

func statusVerb(s string) string {
	switch s {
	case store.SequenceActive:
		return "activated"
	case store.SequencePaused:
		return "paused"
	case store.SequenceArchived:
		return "archived"
	}
	return "set to " + quote(s)
}
