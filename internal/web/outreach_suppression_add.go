package web

import (
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachSuppressionAdd adds an address or a creator to the suppression list by hand
// (reason "manual"); a creator is given by @handle. A refused entry shows the list again
// (400) with the form as typed, the field at fault marked and why: nothing is added.
func (h *handler) outreachSuppressionAdd(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	f := r.PostForm
	form := suppressionForm{Kind: f.Get("kind"), Value: strings.TrimSpace(f.Get("value")), Note: strings.TrimSpace(f.Get("note")), Scope: f.Get("scope")}
	refuse := func(field, msg string) {
		form.Field = field
		h.showSuppressions(w, r, http.StatusBadRequest, form, "Nothing was added: "+msg)
	}
	x := &store.Suppression{WorkspaceID: ws.ID, Kind: form.Kind, Value: form.Value, Reason: "manual", Note: form.Note, Scope: form.Scope}
	if x.Kind == store.SuppressEmail && x.Value != "" && !looksLikeEmail(x.Value) {
		// A typo here would suppress nobody while the page said it did.
		refuse("value", "email "+quote(x.Value)+" is not an email address like creator@example.com.")
		return
	}
	if x.Kind == store.SuppressCreator && x.Value != "" {
		id, err := h.store.CreatorIDByHandle(r.Context(), ws.ID, strings.TrimPrefix(x.Value, "@"))
		if errors.Is(err, store.ErrNotFound) {
			refuse("value", "no creator "+quote(x.Value)+" in this workspace: give their @handle.")
			return
		}
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		x.Value = strconv.FormatInt(id, 10)
	}
	if err := h.store.AddSuppression(r.Context(), st.principal.Actor(), x); err != nil {
		if msg, ok := outreachFieldMessage(err); ok {
			fe, _ := store.AsFieldError(err)
			refuse(fe.Field, msg+".")
			return
		}
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, wsURL(ws, "outreach/suppressions")+"?ok=added", http.StatusSeeOther)
}

// looksLikeEmail reports whether v is a bare address (name@domain), as a mail provider reports
// bounces and unsubscribes for.
func looksLikeEmail(v string) bool {
	a, err := mail.ParseAddress(v)
	return err == nil && a.Address == v && strings.Contains(v[strings.LastIndex(v, "@")+1:], ".")
}
