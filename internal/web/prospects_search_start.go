package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// prospectsSearchStart handles POST /w/{ws}/prospects/search: the search is queued as a job
// (platformsync.Syncer.SearchCreators) that adds the creators found as prospects, with their
// TikTok user ids, so they can be messaged and invited.
func (h *handler) prospectsSearchStart(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	form := searchForm{Keyword: strings.TrimSpace(r.PostForm.Get("keyword")), MinFollowers: strings.TrimSpace(r.PostForm.Get("min_followers")),
		MaxFollowers: strings.TrimSpace(r.PostForm.Get("max_followers")), Limit: strings.TrimSpace(r.PostForm.Get("limit"))}
	page := &prospectsSearchPage{Form: form}
	conn, ok := formInt64(r, "connection")
	fail := func(msg string) {
		page.Error = msg
		h.renderProspectsSearch(w, r, http.StatusBadRequest, conn, page)
	}
	if !ok {
		fail("Shop " + quote(r.PostForm.Get("connection")) + " is not one of the workspace's connections.")
		return
	}
	num := func(label, v string) (int64, bool) {
		if v == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(v, ",", ""), 10, 64)
		if err != nil || n < 0 {
			fail(label + " " + quote(v) + " is not a whole number.")
			return 0, false
		}
		return n, true
	}
	q := platformsync.CreatorSearch{Keyword: form.Keyword}
	var limit int64
	if q.MinFollowers, ok = num("Minimum followers", form.MinFollowers); !ok {
		return
	}
	if q.MaxFollowers, ok = num("Maximum followers", form.MaxFollowers); !ok {
		return
	}
	if limit, ok = num("How many", form.Limit); !ok {
		return
	}
	if len(q.Keyword) > 100 {
		fail("Keyword is longer than 100 characters.")
		return
	}
	if limit > platformsync.MaxCreatorLimit {
		fail("How many " + quote(form.Limit) + " is more than " + strconv.Itoa(platformsync.MaxCreatorLimit) + " creators at once.")
		return
	}
	q.Limit = int(limit)
	c, err := platformsync.ActionConnection(r.Context(), h.store, ws.ID, conn)
	if fe, isField := store.AsFieldError(err); isField {
		fail(fieldMessage(fe))
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		fail("Shop " + quote(r.PostForm.Get("connection")) + " is not one of the workspace's connections.")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	q.ConnectionID = c.ID
	if _, err := (&platformsync.Syncer{Store: h.store}).SearchCreators(r.Context(), ws.ID, q); err != nil {
		// SearchCreators refuses only ranges and limits: the input's fault.
		fail("The search was not queued: " + err.Error() + ".")
		return
	}
	http.Redirect(w, r, wsURL(ws, "prospects/search")+"?ok=queued", http.StatusSeeOther)
}
