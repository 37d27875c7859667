package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/store"
)

// memberAdd adds a member by email. Someone without an account gets one with a temporary
// password, shown once on the page this POST answers (it cannot travel in a redirect).
func (h *handler) memberAdd(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	page := newMembersPage(r)
	page.Form = memberForm{Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		Name: strings.TrimSpace(r.PostFormValue("name")), Role: r.PostFormValue("role")}
	if page.Error = checkMemberForm(page.Form); page.Error != "" {
		h.renderMembers(w, r, http.StatusBadRequest, page)
		return
	}
	n := store.NewMember{Email: page.Form.Email, Name: page.Form.Name, Role: page.Form.Role}
	var password string
	_, _, err := h.store.UserByEmail(r.Context(), n.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		password = tempPassword()
		if n.PasswordHash, err = auth.HashPassword(password); err != nil {
			h.serverError(w, r, err)
			return
		}
	case err != nil:
		h.serverError(w, r, err)
		return
	}
	_, created, err := h.store.AddWorkspaceMember(r.Context(), st.principal.Actor(), st.workspace.ID, n)
	switch {
	case errors.Is(err, store.ErrAlreadyMember):
		page.Error = fmt.Sprintf("%s is already a member of this workspace: change their role in the list instead.", n.Email)
		h.renderMembers(w, r, http.StatusConflict, page)
		return
	case err != nil:
		h.serverError(w, r, err)
		return
	case !created:
		http.Redirect(w, r, wsURL(st.workspace, "members?ok=added"), http.StatusSeeOther)
		return
	}
	page.Form = memberForm{Role: n.Role}
	page.Notice = fmt.Sprintf("%s now has an account and is %s here.", n.Email, n.Role)
	page.Secret = &shownSecret{Email: n.Email, Password: password}
	h.renderMembers(w, r, http.StatusOK, page)
}

// checkMemberForm returns what is wrong with the add-a-member form, or "".
func checkMemberForm(f memberForm) string {
	at := strings.IndexByte(f.Email, '@')
	switch {
	case at < 1 || at == len(f.Email)-1 || strings.ContainsAny(f.Email, " \t,;<>") || len(f.Email) > 254:
		return fmt.Sprintf("Email %q is not an email address: it is how they sign in.", f.Email)
	case utf8.RuneCountInString(f.Name) > 100:
		return "Name is too long: at most 100 characters."
	}
	if _, ok := access.ParseRole(f.Role); !ok {
		return fmt.Sprintf("Role %q does not exist: choose owner, manager, specialist, finance or viewer.", f.Role)
	}
	return ""
}
