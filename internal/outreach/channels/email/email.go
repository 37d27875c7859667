// Package email is the outreach channel over a workspace's SMTP mailbox (notify/email). Every
// message carries a Message-ID made from its idempotency key, the unsubscribe link in its
// footer, and List-Unsubscribe headers with one-click POST (RFC 8058).
package email

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"net/url"
	"strings"
	"time"

	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/outreach"
	gomail "github.com/wneessen/go-mail"
)

// Sender sends one message; *notifyemail.Sender is the real one.
type Sender interface {
	Send(ctx context.Context, m notifyemail.Message) (notifyemail.SentReceipt, error)
}

// Config configures a Channel for one mailbox.
type Config struct {
	SenderKey string // email:<mailbox id>
	Sender    Sender
	// Domain is the right-hand side of Message-IDs: the mailbox's own domain, so replies and
	// bounces that quote the Message-ID can be matched to the outbox row.
	Domain string
	// UnsubscribeMailto is an address that unsubscribes whoever writes to it (optional);
	// it joins the https link in List-Unsubscribe.
	UnsubscribeMailto string
	// HTML adds a simple HTML alternative to the plain-text body.
	HTML bool
}

// Channel sends outreach email through one mailbox. It implements outreach.Channel.
type Channel struct {
	cfg Config
}

var _ outreach.Channel = (*Channel)(nil)

// New checks cfg and returns its Channel.
func New(cfg Config) (*Channel, error) {
	if cfg.Sender == nil {
		return nil, errors.New("email channel: no sender")
	}
	if !strings.HasPrefix(cfg.SenderKey, "email:") {
		return nil, fmt.Errorf("email channel: sender key %q is not email:<mailbox id>", cfg.SenderKey)
	}
	if cfg.Domain == "" || strings.ContainsAny(cfg.Domain, "@<> \r\n") {
		return nil, fmt.Errorf("email channel: Message-ID domain %q is not a domain", cfg.Domain)
	}
	return &Channel{cfg: cfg}, nil
}

// Name is email.
func (c *Channel) Name() outreach.ChannelName { return outreach.ChannelEmail }

// MessageID is the Message-ID of the message with this idempotency key: "o:123:2" becomes
// "<o.123.2@domain>". Keys are "o:<number>:<number>", so the mapping is one to one; any
// other byte is escaped by notify/email.
func MessageID(key, domain string) string {
	return notifyemail.NewMessageID(strings.ReplaceAll(key, ":", "."), domain)
}

// Send delivers the message. An email without an unsubscribe link is refused: every
// outreach email must let the creator opt out.
func (c *Channel) Send(ctx context.Context, m outreach.Outgoing) (outreach.Receipt, error) {
	if m.To.Email == "" {
		return outreach.Receipt{}, permanent(fmt.Errorf("email channel: %s: the creator has no email address", m.IdempotencyKey))
	}
	if m.UnsubscribeURL == "" {
		return outreach.Receipt{}, permanent(fmt.Errorf("email channel: %s: no unsubscribe URL", m.IdempotencyKey))
	}
	to := (&mail.Address{Name: m.To.Name, Address: m.To.Email}).String()
	msg := notifyemail.Message{
		To: to, Subject: m.Subject, Text: withFooter(m.Body, m.UnsubscribeURL),
		MessageID: MessageID(m.IdempotencyKey, c.cfg.Domain),
	}
	if c.cfg.HTML {
		msg.HTML = htmlBody(m.Body, m.UnsubscribeURL)
	}
	// One-click unsubscribe needs https (RFC 8058); a development server on http still gets
	// the link in the footer, and the mailto when there is one.
	if u, err := url.Parse(m.UnsubscribeURL); err == nil && u.Scheme == "https" {
		msg.ListUnsubscribe.URL = m.UnsubscribeURL
	}
	msg.ListUnsubscribe.Mailto = c.cfg.UnsubscribeMailto
	rc, err := c.cfg.Sender.Send(ctx, msg)
	if err != nil {
		return outreach.Receipt{}, classify(err)
	}
	return outreach.Receipt{ProviderID: rc.MessageID, At: rc.SentAt}, nil
}

// footerIntro starts the footer added to a body that lacks the unsubscribe link.
const footerIntro = "To stop receiving these emails, unsubscribe here:"

// withFooter appends the unsubscribe footer unless the template already put the link in.
func withFooter(body, unsubscribeURL string) string {
	if strings.Contains(body, unsubscribeURL) {
		return body
	}
	return strings.TrimRight(body, "\n") + "\n\n--\n" + footerIntro + "\n" + unsubscribeURL + "\n"
}

// htmlBody is the plain text as HTML: paragraphs on blank lines, line breaks kept, the
// unsubscribe link clickable.
func htmlBody(body, unsubscribeURL string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><body>")
	for _, para := range strings.Split(strings.ReplaceAll(strings.TrimSpace(body), "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(linkify(para, unsubscribeURL), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	if !strings.Contains(body, unsubscribeURL) {
		u := html.EscapeString(unsubscribeURL)
		b.WriteString(`<hr><p><small>` + html.EscapeString(footerIntro) + ` <a href="` + u + `">` + u + "</a></small></p>\n")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// linkify escapes s and makes the unsubscribe URL in it a link.
func linkify(s, unsubscribeURL string) string {
	parts := strings.Split(s, unsubscribeURL)
	for i := range parts {
		parts[i] = html.EscapeString(parts[i])
	}
	u := html.EscapeString(unsubscribeURL)
	return strings.Join(parts, `<a href="`+u+`">`+u+`</a>`)
}

// classify maps a notify/email failure to the engine's terms.
func classify(err error) error {
	var se *notifyemail.SendError
	if !errors.As(err, &se) {
		return &outreach.SendError{Err: err}
	}
	switch {
	case se.Bounce():
		return &outreach.SendError{Err: err, Permanent: true, Suppress: outreach.SuppressBounced}
	case se.Permanent() && (se.Op == notifyemail.OpConnect || se.Op == notifyemail.OpMailFrom):
		// Login refused, certificate or TLS settings, sender refused: the mailbox needs
		// fixing, not the message. Failing every creator's enrollment for it would be wrong.
		return &outreach.SendError{Err: err, RetryAfter: mailboxProblemWait}
	case se.Permanent():
		return permanent(err)
	case se.Op == notifyemail.OpData && se.Code == 0 && !beforeContent(se):
		// The connection failed after the message was handed over, before the server's
		// answer: it may be queued. Resending would give the creator a second copy.
		return &outreach.SendError{Err: fmt.Errorf("%w: %w", outreach.ErrAmbiguous, err), Permanent: true}
	}
	return &outreach.SendError{Err: err, RetryAfter: retryAfter(se)}
}

// beforeContent reports a failure known to come before the server had the whole message
// (the DATA command itself, or writing the content).
func beforeContent(se *notifyemail.SendError) bool {
	var ge *gomail.SendError
	if !errors.As(se, &ge) {
		return false
	}
	return ge.Reason == gomail.ErrSMTPData || ge.Reason == gomail.ErrWriteContent
}

// mailboxProblemWait is the retry hint when the mailbox's settings are at fault.
const mailboxProblemWait = 15 * time.Minute

// retryAfter is a hint for temporary refusals: greylisting asks for a few minutes.
func retryAfter(se *notifyemail.SendError) time.Duration {
	if se.Code/100 == 4 {
		return 5 * time.Minute
	}
	return 0
}

func permanent(err error) error { return &outreach.SendError{Err: err, Permanent: true} }
