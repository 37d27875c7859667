package web

import (
	"crypto/rand"
	"fmt"
	"net/http"

	"github.com/creatorops/creatorops/internal/auth"
)

// memberPassword resets a member's password, to the one typed or to a generated one shown once,
// and ends their sessions. Only someone who owns every workspace the member belongs to may do
// it: otherwise the owner of one brand could take over an account that runs another.
func (h *handler) memberPassword(w http.ResponseWriter, r *http.Request) {
	m, ok := h.loadMember(w, r)
	if !ok {
		return
	}
	st := current(r)
	others, err := h.store.WorkspacesNotOwnedBy(r.Context(), m.ID, st.principal.User.ID)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if others > 0 {
		page := newMembersPage(r)
		page.Error = fmt.Sprintf("You cannot reset the password of %s: they are also a member of %d workspace(s) you do not own. "+
			"Only someone who owns every workspace a person belongs to may reset their password, so that the owner of one brand cannot take over an account that runs another. "+
			"Ask them to contact an owner of their other workspaces.", m.Email, others)
		h.renderMembers(w, r, http.StatusForbidden, page)
		return
	}
	password, generated := r.PostFormValue("password"), false
	if password == "" {
		password, generated = tempPassword(), true
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		page := newMembersPage(r)
		page.Error = "New password for " + m.Email + ": " + err.Error() + ". Leave it blank to generate one."
		h.renderMembers(w, r, http.StatusBadRequest, page)
		return
	}
	if err := h.store.SetPassword(r.Context(), st.principal.Actor(), st.workspace.ID, m.ID, hash); err != nil {
		h.serverError(w, r, err)
		return
	}
	page := newMembersPage(r)
	page.Notice = "Password of " + m.Email + " reset; they were signed out everywhere."
	if m.ID == st.principal.User.ID {
		page.Notice = "Your password was reset and all your sessions ended: sign in again with the new one."
	}
	if generated {
		page.Secret = &shownSecret{Email: m.Email, Password: password}
	}
	h.renderMembers(w, r, http.StatusOK, page)
}

// tempAlphabet leaves out characters people confuse when reading a password aloud (0/O, 1/l/I).
const tempAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// tempPassword returns a random 16-character password (about 93 bits).
func tempPassword() string {
	out := make([]byte, 0, 16)
	var b [32]byte
	for len(out) < cap(out) {
		rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
		for _, c := range b {
			// Bytes past the last whole multiple of the alphabet are skipped, so every
			// character is equally likely.
			if int(c) < 256/len(tempAlphabet)*len(tempAlphabet) && len(out) < cap(out) {
				out = append(out, tempAlphabet[int(c)%len(tempAlphabet)])
			}
		}
	}
	return string(out)
}
