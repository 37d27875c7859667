package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/connect"
)

// connectionAuthorize starts connecting a TikTok shop: it records a one-use state for this
// user and workspace and sends the browser to the platform's authorize page.
func (h *handler) connectionAuthorize(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	u, err := h.opts.Connect.AuthorizeURL(r.Context(), st.workspace.ID, st.principal.User.ID)
	switch {
	case errors.Is(err, connect.ErrNoKey), errors.Is(err, connect.ErrNotConfigured):
		h.renderConnections(w, r, http.StatusServiceUnavailable, &connectionsPage{Error: "Connecting shops is not set up on this server: " + err.Error()})
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// callbackURL is the address to register as the app's redirect URL in Partner Center: the
// configured public URL, or else this request's own origin.
func (h *handler) callbackURL(r *http.Request) string {
	if h.opts.Connect != nil && h.opts.Connect.PublicURL != "" {
		return strings.TrimRight(h.opts.Connect.PublicURL, "/") + connect.CallbackPath
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + connect.CallbackPath
}
