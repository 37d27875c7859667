package web

import "net/http"

// outreachMailboxShow shows a mailbox's settings (never its passwords).
func (h *handler) outreachMailboxShow(w http.ResponseWriter, r *http.Request) {
	m := h.loadMailbox(w, r)
	if m == nil {
		return
	}
	page := h.newMailboxPage(r, m, mailboxNotices)
	page.Form = mailboxFormOf(m, current(r).workspace.Location())
	h.render(w, r, http.StatusOK, "outreach_mailbox", page)
}
