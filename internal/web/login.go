package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/auth"
)

// loginPage is the data of the sign-in form.
type loginPage struct {
	basePage
	Email string
	Next  string
	Error string
}

// showLogin shows the sign-in form, or the setup page on a brand-new install.
func (h *handler) showLogin(w http.ResponseWriter, r *http.Request) {
	if n, err := h.store.UserCount(r.Context()); err == nil && n == 0 {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", &loginPage{basePage: basePage{Title: "Sign in"}, Next: safeNext(r.URL.Query().Get("next"))})
}

// login checks the credentials, starts a session and goes where the user was headed.
func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	page := &loginPage{basePage: basePage{Title: "Sign in"}, Email: email, Next: safeNext(r.PostFormValue("next"))}
	u, err := h.auth.Authenticate(r.Context(), email, password, clientIP(r))
	var limited *auth.RateLimitError
	switch {
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())+1))
		page.Error = limited.Error() + "."
		h.render(w, r, http.StatusTooManyRequests, "login", page)
		return
	case errors.Is(err, auth.ErrBadCredentials):
		page.Error = "The email or the password is wrong."
		h.render(w, r, http.StatusUnauthorized, "login", page)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	token, err := h.auth.NewSessionToken(r.Context(), u.ID, clientIP(r), r.UserAgent())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	setSessionCookie(w, r, token)
	h.log.Info("signed in", "user", u.Email, "ip", clientIP(r))
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}
