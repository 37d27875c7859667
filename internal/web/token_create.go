package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/access"
)

// tokenCreate makes an API token with a role no higher than the creator's, and shows its
// secret once on the page this POST answers: only its hash is kept.
func (h *handler) tokenCreate(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	page := newTokensPage(r)
	page.Name, page.Role = strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("role")
	role, ok := access.ParseRole(page.Role)
	status := http.StatusBadRequest
	switch {
	case page.Name == "" || utf8.RuneCountInString(page.Name) > 100:
		page.Error = "Name the token (1 to 100 characters) after the script or partner that uses it, so you know what breaks when you revoke it."
	case !ok:
		page.Error = fmt.Sprintf("Role %q does not exist: choose one of the roles in the list.", page.Role)
	case !access.AtMost(role, st.role):
		page.Error = fmt.Sprintf("A token cannot have role %s: it would be allowed more than you (%s) are.", role, st.role)
		status = http.StatusForbidden
	}
	if page.Error != "" {
		h.renderTokens(w, r, status, page)
		return
	}
	secret, _, err := h.auth.NewAPIToken(r.Context(), st.principal.Actor(), st.workspace.ID, page.Name, role)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	page.Secret, page.SecretFor = secret, page.Name
	page.Name, page.Role = "", string(access.Viewer)
	h.renderTokens(w, r, http.StatusOK, page)
}

// fmtID writes an id for a CSV cell or an address.
func fmtID(id int64) string { return strconv.FormatInt(id, 10) }
