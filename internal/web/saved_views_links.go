package web

import (
	"net/http"
	"net/url"
	"strconv"
)

// savedViewLinks lists the signed-in member's saved views of a page (the directory or the
// pipeline board) as links that open the page with each view's filters; the view whose filters
// are query (the page's own, encoded) is marked current. An API token's principal has no views.
func (h *handler) savedViewLinks(r *http.Request, page, query string) ([]dirViewLink, error) {
	st := current(r)
	if st.principal.User == nil {
		return nil, nil
	}
	views, err := h.store.SavedViews(r.Context(), st.workspace.ID, st.principal.User.ID, page)
	if err != nil {
		return nil, err
	}
	path := wsURL(st.workspace, page)
	out := make([]dirViewLink, 0, len(views))
	for _, sv := range views {
		out = append(out, dirViewLink{ID: sv.ID, Name: sv.Name, URL: path + dirQuery(sv.Query),
			DeleteURL: wsURL(st.workspace, "views/"+strconv.FormatInt(sv.ID, 10)+"/delete"),
			Current:   normalQuery(sv.Query) == normalQuery(query)})
	}
	return out, nil
}

// normalQuery is a query string in one spelling (keys sorted, empty values dropped), so that a
// view saved through the API with its parameters in another order still reads as current.
func normalQuery(q string) string {
	v, err := url.ParseQuery(q)
	if err != nil {
		return q
	}
	return directoryQueryString(v)
}
