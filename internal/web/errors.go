package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/access"
)

// errorPage is the data of the error template.
type errorPage struct {
	basePage
	Heading string
	Message string
}

// notFound shows the 404 page. It is also the answer for another workspace's objects, so
// nobody learns what exists elsewhere.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, "error", &errorPage{basePage: basePage{Title: "Not found"},
		Heading: "Not found", Message: "There is no page at this address."})
}

// forbidden shows the 403 page for a member whose role lacks a permission.
func (h *handler) forbidden(w http.ResponseWriter, r *http.Request, role access.Role, p access.Permission) {
	h.render(w, r, http.StatusForbidden, "error", &errorPage{basePage: basePage{Title: "Not allowed"},
		Heading: "Not allowed", Message: forbiddenMessage(role, p)})
}

// forbiddenMessage says in words what the member's role lacks and which roles have it, rather
// than a permission code.
func forbiddenMessage(role access.Role, p access.Permission) string {
	rule, ok := access.RuleOf(p)
	if !ok {
		return "Your role (" + string(role) + ") does not allow this. A workspace owner can change your role."
	}
	roles := make([]string, len(rule.Roles))
	for i, r := range rule.Roles {
		roles[i] = string(r)
	}
	who := strings.Join(roles, ", ")
	if n := len(roles); n > 1 {
		who = strings.Join(roles[:n-1], ", ") + " and " + roles[n-1]
	}
	have := "roles have"
	if len(roles) == 1 {
		have = "role has"
	}
	return fmt.Sprintf("Your role (%s) does not allow this. It takes the right to %s, which the %s %s. A workspace owner can change your role on the Members page.",
		role, rule.Description, who, have)
}

// badRequest shows a 400 page with a message that says what was wrong with the request.
func (h *handler) badRequest(w http.ResponseWriter, r *http.Request, message string) {
	h.render(w, r, http.StatusBadRequest, "error", &errorPage{basePage: basePage{Title: "Bad request"},
		Heading: "That did not work", Message: message})
}

// serverError logs err and shows a generic 500: the page never carries the error, which can
// hold SQL or a database address.
func (h *handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	h.render(w, r, http.StatusInternalServerError, "error", &errorPage{basePage: basePage{Title: "Error"},
		Heading: "Something went wrong", Message: "The page could not be built. The details are in the server log."})
}
