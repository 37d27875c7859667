package web

import (
	"net/http"
)

// creatorTags adds (field add, comma-separated) and removes (field remove, repeatable) tags.
func (h *handler) creatorTags(w http.ResponseWriter, r *http.Request) {
	c, ok := h.pathCreator(w, r)
	if !ok {
		return
	}
	st := current(r)
	add := splitList(r.PostFormValue("add"))
	r.ParseForm()
	remove := r.PostForm["remove"]
	if msg := tagProblem("add", add); msg != "" {
		h.refuse(w, r, http.StatusBadRequest, msg)
		return
	}
	if len(add) == 0 && len(remove) == 0 {
		h.refuse(w, r, http.StatusBadRequest, "add: type a tag to add (several separated by commas).")
		return
	}
	if _, err := h.store.UpdateTags(r.Context(), st.principal.Actor(), st.workspace.ID, []int64{c.ID}, add, remove); err != nil {
		h.changeFailed(w, r, err)
		return
	}
	backTo(w, r, creatorURL(r, c.ID), "tags")
}
