package web

import "net/http"

// creatorNote adds a note (field body) to a creator's timeline.
func (h *handler) creatorNote(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	if _, err := h.store.AddNote(r.Context(), st.principal.Actor(), st.workspace.ID, c.ID, r.PostFormValue("body")); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID)+"#timeline", "note")
}
