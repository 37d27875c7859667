package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/store"
)

// connectionCallback is where the platform sends the seller back with a code. It lives
// outside /w/{ws}/ because the redirect address is fixed in Partner Center; the state ties
// it to the workspace and the user who started, and the user must still be allowed to manage
// that workspace's shops. On success the user picks which authorized shops to connect.
func (h *handler) connectionCallback(w http.ResponseWriter, r *http.Request) {
	p := current(r).principal
	if p.User == nil {
		h.notFound(w, r)
		return
	}
	q := r.URL.Query()
	if e := q.Get("error"); e != "" && q.Get("code") == "" {
		h.connectFailed(w, r, http.StatusBadRequest, "TikTok Shop did not grant access ("+clip(e, 80)+"). Nothing was connected; start again from the Connections page.")
		return
	}
	pending, err := h.opts.Connect.Callback(r.Context(), p.User.ID, q.Get("state"), q.Get("code"))
	if err != nil {
		status := http.StatusBadGateway // the platform refused the code or the shop list
		switch {
		case errors.Is(err, connect.ErrNoKey), errors.Is(err, connect.ErrNotConfigured):
			status = http.StatusServiceUnavailable
		case errors.Is(err, connect.ErrUnknownState), errors.Is(err, store.ErrOAuthStateUsed),
			errors.Is(err, store.ErrOAuthStateExpired), errors.Is(err, store.ErrOAuthStateOtherUser):
			status = http.StatusBadRequest
		}
		if status == http.StatusBadGateway {
			h.log.Warn("web: a TikTok Shop authorization failed", "user", p.User.ID, "err", err)
		}
		h.connectFailed(w, r, status, err.Error())
		return
	}
	ws, role, err := h.memberWorkspace(r, p.User.ID, pending.WorkspaceID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if ws == "" {
		h.notFound(w, r)
		return
	}
	if !access.Can(role, access.ManageShops) {
		h.forbidden(w, r, role, access.ManageShops)
		return
	}
	http.Redirect(w, r, "/w/"+ws+"/connections/pick?state="+url.QueryEscape(pending.State), http.StatusSeeOther)
}

// memberWorkspace finds the slug and role of a user's workspace by id; "" when the user is no
// longer a member.
func (h *handler) memberWorkspace(r *http.Request, userID, wsID int64) (string, access.Role, error) {
	ms, err := h.store.Memberships(r.Context(), userID)
	if err != nil {
		return "", "", err
	}
	for _, m := range ms {
		if m.Workspace.ID == wsID {
			return m.Workspace.Slug, access.Role(m.Role), nil
		}
	}
	return "", "", nil
}

// connectFailed explains why a connect did not work, with the way back.
func (h *handler) connectFailed(w http.ResponseWriter, r *http.Request, status int, message string) {
	h.render(w, r, status, "error", &errorPage{basePage: basePage{Title: "Connecting a shop"},
		Heading: "The shop was not connected", Message: message})
}

// clip shortens what a request carries before it is shown back.
func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
