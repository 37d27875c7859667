package web

import (
	"net/http"
	"strconv"

	"github.com/creatorops/creatorops/internal/store"
)

// outreachMailboxSave creates (POST /outreach/mailboxes) or updates ({mailbox} in the path) a
// mailbox. Passwords typed are sealed with the server's key; blank ones keep the stored ones.
func (h *handler) outreachMailboxSave(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	m := &store.Mailbox{WorkspaceID: ws.ID}
	var before *store.Mailbox
	if r.PathValue("mailbox") != "" {
		if before = h.loadMailbox(w, r); before == nil {
			return
		}
		copied := *before
		m = &copied
	}
	if err := r.ParseForm(); err != nil {
		h.badRequest(w, r, "The form could not be read.")
		return
	}
	form, err := readMailboxForm(r, m, ws.Location())
	var seal store.MailboxSealer
	if err == nil {
		seal, err = h.mailboxSealer(r)
	}
	if err == nil {
		err = h.store.SaveMailbox(r.Context(), st.principal.Actor(), m, seal)
		if err == nil {
			http.Redirect(w, r, wsURL(ws, "outreach/mailboxes/"+strconv.FormatInt(m.ID, 10))+"?ok=saved", http.StatusSeeOther)
			return
		}
		if msg, ok := outreachFieldMessage(err); ok {
			err = errString(msg)
		} else {
			h.serverError(w, r, err)
			return
		}
	}
	page := h.newMailboxPage(r, before, nil)
	page.Form, page.Error = form, "Nothing was saved: "+err.Error()
	h.render(w, r, http.StatusUnprocessableEntity, "outreach_mailbox", page)
}

// errString is a message as an error.
type errString string

func (e errString) Error() string { return string(e) }
