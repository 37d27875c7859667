package web

import (
	"errors"
	"net/http"

	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/store"
)

// accountPage is the signed-in person's own page: who they are, their workspaces, and the form
// to change their password (a temporary one from an owner, say).
type accountPage struct {
	basePage
	Done  bool
	Error string
}

// showAccount shows the account page.
func (h *handler) showAccount(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "account", &accountPage{basePage: basePage{Title: "Your account"}, Done: r.URL.Query().Get("changed") == "1"})
}

// changePassword checks the current password, sets the new one, ends every other session and
// starts a fresh one for this browser.
func (h *handler) changePassword(w http.ResponseWriter, r *http.Request) {
	u := principalOf(r).User
	page := &accountPage{basePage: basePage{Title: "Your account"}}
	next, again := r.PostFormValue("new"), r.PostFormValue("new2")
	_, err := h.auth.Authenticate(r.Context(), u.Email, r.PostFormValue("current"), clientIP(r))
	var limited *auth.RateLimitError
	switch {
	case errors.As(err, &limited):
		page.Error = limited.Error() + "."
	case errors.Is(err, auth.ErrBadCredentials):
		page.Error = "The current password is wrong."
	case err != nil:
		h.serverError(w, r, err)
		return
	case next != again:
		page.Error = "The two new passwords differ."
	}
	var hash string
	if page.Error == "" {
		if hash, err = auth.HashPassword(next); err != nil {
			page.Error = err.Error() + "."
		}
	}
	if page.Error != "" {
		h.render(w, r, http.StatusUnprocessableEntity, "account", page)
		return
	}
	if err := h.store.SetPassword(r.Context(), store.Actor{UserID: u.ID, Label: u.Email}, 0, u.ID, hash); err != nil {
		h.serverError(w, r, err)
		return
	}
	token, err := h.auth.NewSessionToken(r.Context(), u.ID, clientIP(r), r.UserAgent())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	setSessionCookie(w, r, token)
	http.Redirect(w, r, "/account?changed=1", http.StatusSeeOther)
}
