package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/creatorops/creatorops/internal/store"
)

// savedViewSave saves the filters of the directory or the pipeline under a name, for the
// member who saves them (a view of that name is replaced), and goes back to the page.
func (h *handler) savedViewSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	if st.principal.User == nil {
		h.badRequest(w, r, "Saved views belong to members: sign in as one.")
		return
	}
	f := r.PostForm
	page, query := f.Get("page"), f.Get("query")
	// The query must read as the page's query string: a view is a link to the page.
	if _, err := url.ParseQuery(query); err != nil {
		h.badRequest(w, r, "query is not a query string.")
		return
	}
	v, err := h.store.SaveView(r.Context(), st.principal.Actor(), st.workspace.ID, st.principal.User.ID, page, f.Get("name"), query)
	var ve *store.ViewError
	if errors.As(err, &ve) {
		h.badRequest(w, r, ve.Field+": "+ve.Message+".")
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	back := wsURL(st.workspace, v.Page) + "?"
	if v.Query != "" {
		back += v.Query + "&"
	}
	http.Redirect(w, r, back+"done=view:1", http.StatusSeeOther)
}
