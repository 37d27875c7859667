package web

import (
	"net/http"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachSequenceShow shows a sequence: its steps, settings, enrolling and latest enrollments.
func (h *handler) outreachSequenceShow(w http.ResponseWriter, r *http.Request) {
	q := h.loadSequence(w, r)
	if q == nil {
		return
	}
	page, err := h.buildSequencePage(r.Context(), r, q, q.Steps)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "outreach_sequence", page)
}

// showSequenceError shows the sequence page again with a message, status 422, keeping the
// steps as they were posted.
func (h *handler) showSequenceError(w http.ResponseWriter, r *http.Request, q *store.Sequence, steps []store.SequenceStep, msg string) {
	page, err := h.buildSequencePage(r.Context(), r, q, steps)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Notice, page.Error = "", msg
	h.render(w, r, http.StatusUnprocessableEntity, "outreach_sequence", page)
}
