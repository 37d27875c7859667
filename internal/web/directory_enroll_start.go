package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// directoryEnrollStart queues the background enrollment of every creator matching dq in
// sequence q and sends the member to its progress page at once. While one runs for the
// sequence, a second request starts nothing: it is sent to the running one, which says so.
func (h *handler) directoryEnrollStart(w http.ResponseWriter, r *http.Request, q *store.Sequence, dq store.DirectoryQuery) {
	h.enrollJobStart(w, r, q, dq, r.PostForm.Get("query"), directoryEnrollSource, func(msg string) {
		h.badRequest(w, r, "Nobody was enrolled: "+msg+".")
	})
}

// enrollJobStart queues the background enrollment of every creator matching dq in sequence q,
// recorded with source (queryString is the Directory's query string, for the progress page's
// link back), and redirects to its progress page, or to the one already running for the
// sequence. The Directory and the sequence page (a saved view) share it; refused says why the
// sequence takes nobody (archived, no step) the way the calling page shows errors.
func (h *handler) enrollJobStart(w http.ResponseWriter, r *http.Request, q *store.Sequence, dq store.DirectoryQuery, queryString, source string, refused func(msg string)) {
	st := current(r)
	ws := st.workspace
	j, started, err := h.store.StartEnrollJob(r.Context(), st.principal.Actor(), ws.ID, q.ID, dq, queryString, source)
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			refused(msg)
			return
		}
		h.notFoundOr500(w, r, err)
		return
	}
	to := enrollJobURL(ws.Slug, j.ID)
	if !started {
		to += "?already=1"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// enrollJobURL is a background enrollment's progress page.
func enrollJobURL(slug string, id int64) string {
	return "/w/" + slug + "/directory/enroll/" + strconv.FormatInt(id, 10)
}
