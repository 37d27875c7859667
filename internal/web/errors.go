package web

import (
	"net/http"
)

// errorPage is the data of the error template.
type errorPage struct {
	Title   string
	Heading string
	Message string
}

// notFound shows the 404 page.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", errorPage{
		Title:   "creatorops — Not found",
		Heading: "Not found",
		Message: "There is no page at this address.",
	})
}

// serverError logs err and shows a generic 500: the page never carries the error, which can
// hold SQL or a database address.
func (h *handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	h.render(w, r, http.StatusInternalServerError, "error", errorPage{
		Title:   "creatorops — Error",
		Heading: "Something went wrong",
		Message: "The page could not be built. The details are in the server log.",
	})
}
