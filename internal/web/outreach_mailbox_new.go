package web

import (
	"net/http"
	"time"
)

// outreachMailboxNew shows an empty mailbox form with a gentle warm-up ramp.
func (h *handler) outreachMailboxNew(w http.ResponseWriter, r *http.Request) {
	ws := current(r).workspace
	page := h.newMailboxPage(r, nil, nil)
	page.Form = mailboxForm{SMTPPort: 587, SMTPSecurity: "starttls", IMAPPort: 993, IMAPSecurity: "tls", DailyCap: 200, WarmupInitial: 20,
		WarmupStep: 10, WarmupStart: time.Now().In(ws.Location()).Format(time.DateOnly)}
	h.render(w, r, http.StatusOK, "outreach_mailbox", page)
}
