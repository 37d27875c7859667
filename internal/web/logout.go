package web

import "net/http"

// logout ends the session in the database, so the cookie is worthless even if it was copied.
func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.auth.EndSession(r.Context(), current(r).principal); err != nil {
		h.serverError(w, r, err)
		return
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
