package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachEnrollmentStatus pauses, resumes or stops one enrollment (field status: paused,
// active, stopped) and goes back to the list it came from.
func (h *handler) outreachEnrollmentStatus(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	id, ok := pathID(r, "enrollment")
	if !ok {
		h.notFound(w, r)
		return
	}
	e, err := h.store.Enrollment(r.Context(), ws.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	status := r.PostForm.Get("status")
	if err := h.store.SetEnrollmentStatus(r.Context(), st.principal.Actor(), ws.ID, e.ID, status); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, "@"+e.CreatorHandle+": "+msg)
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, sequencePath(ws, e.SequenceID, "enrollments")+"?ok="+status+"&status="+statusFilterAfter(r.PostForm.Get("back_status"))+"#e"+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
}

// statusFilterAfter keeps the list's status filter across the change when it is a known one.
func statusFilterAfter(s string) string {
	for _, x := range enrollmentStatuses {
		if x == s {
			return s
		}
	}
	return ""
}
