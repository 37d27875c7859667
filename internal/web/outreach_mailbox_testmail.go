package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/store"
)

// outreachMailboxTest sends a test email through the mailbox to the signed-in member's own
// address and shows the SMTP server's answer: the page names what failed (connection, TLS,
// login, refusal) so the settings can be fixed before a sequence uses the mailbox.
func (h *handler) outreachMailboxTest(w http.ResponseWriter, r *http.Request) {
	st := current(r)
	ws := st.workspace
	m := h.loadMailbox(w, r)
	if m == nil {
		return
	}
	page := h.newMailboxPage(r, m, nil)
	page.Form = mailboxFormOf(m, ws.Location())
	if page.MemberEmail == "" {
		h.badRequest(w, r, "Sign in as a member (not with an API token) to send a test email to yourself.")
		return
	}
	if err := h.sendTestEmail(r.Context(), m, page.MemberEmail, ws.Name); err != nil {
		page.Error = "The test email was not sent: " + err.Error()
		h.render(w, r, http.StatusBadGateway, "outreach_mailbox", page)
		return
	}
	http.Redirect(w, r, wsURL(ws, "outreach/mailboxes/"+strconv.FormatInt(m.ID, 10))+"?ok=test", http.StatusSeeOther)
}

func (h *handler) sendTestEmail(ctx context.Context, m *store.Mailbox, to, company string) error {
	password := ""
	if m.SMTPPasswordSealed != "" {
		keys := h.keys()
		if keys == nil {
			return fmt.Errorf("the SMTP password cannot be opened: this server has no encryption key")
		}
		p, err := keys.Open(m.SMTPPasswordSealed, store.MailboxPasswordAD(m.ID, "smtp"))
		if err != nil {
			return fmt.Errorf("the stored SMTP password cannot be opened (was the encryption key changed?): type it again")
		}
		password = string(p)
	}
	sender, err := notifyemail.New(notifyemail.Config{Host: m.SMTPHost, Port: m.SMTPPort, Username: m.SMTPUsername, Password: password,
		TLS: notifyemail.TLSMode(m.SMTPSecurity), From: m.FromAddress, FromName: m.FromName, Timeout: 15 * time.Second})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, domain, _ := strings.Cut(m.FromAddress, "@")
	_, err = sender.Send(ctx, notifyemail.Message{To: to, Subject: "creatorops test email from " + m.Name,
		Text:      fmt.Sprintf("This test email went out through the mailbox %q (%s) of %s.\nOutreach emails will be sent the same way.\n", m.Name, m.FromAddress, company),
		MessageID: notifyemail.NewMessageID("test."+strconv.FormatInt(time.Now().UnixNano(), 36), domain)})
	return err
}
