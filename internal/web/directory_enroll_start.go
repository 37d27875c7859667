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
	st := current(r)
	ws := st.workspace
	j, started, err := h.store.StartEnrollJob(r.Context(), st.principal.Actor(), ws.ID, q.ID, dq, r.PostForm.Get("query"), directoryEnrollSource)
	if err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			h.badRequest(w, r, "Nobody was enrolled: "+msg+".")
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
