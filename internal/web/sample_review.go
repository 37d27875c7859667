package web

import (
	"net/http"
	"strconv"
)

// sampleReview handles POST /w/{ws}/samples/{sample}/review: approve or reject one
// application on TikTok Shop (the row's buttons). Another workspace's application is a 404
// whatever the form says; one reviewed already is left alone, with a message.
func (h *handler) sampleReview(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("sample"), 10, 64)
	if err != nil || id <= 0 {
		h.notFound(w, r)
		return
	}
	if !h.sampleExists(w, r, id) {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	h.reviewSamples(w, r, []int64{id})
}
