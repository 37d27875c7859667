package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// tokenRevoke revokes a token of the workspace; another workspace's token is a 404, and a
// token revoked already is left as it is.
func (h *handler) tokenRevoke(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	tokens, err := h.store.APITokens(r.Context(), st.workspace.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	var found *store.APIToken
	for _, t := range tokens {
		if t.ID == id {
			found = t
		}
	}
	if found == nil {
		h.notFound(w, r)
		return
	}
	if found.RevokedAt == nil {
		err := h.store.RevokeAPIToken(r.Context(), st.principal.Actor(), st.workspace.ID, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) { // ErrNotFound: revoked meanwhile
			h.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, wsURL(st.workspace, "tokens?ok=revoked"), http.StatusSeeOther)
}
