package email

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email to one recipient.
type Message struct {
	To      string // "creator@example.com" or "Name <creator@example.com>"
	Subject string
	Text    string // plain-text body; with HTML, the two become multipart/alternative
	HTML    string
	// Headers are extra header fields (e.g. X-Creatorops-Campaign). The fields this package
	// sets itself (From, To, Subject, Message-ID, List-Unsubscribe, …) are refused here.
	Headers map[string]string
	// MessageID is required and stable: build it with NewMessageID from the outbox's
	// idempotency key, so the same message sent twice has the same Message-ID.
	MessageID       string
	ListUnsubscribe ListUnsubscribe
}

// ListUnsubscribe is where a recipient unsubscribes (RFC 2369 and RFC 8058).
type ListUnsubscribe struct {
	// URL receives the one-click POST; it must be https. With it the message also carries
	// "List-Unsubscribe-Post: List-Unsubscribe=One-Click", which Gmail and Yahoo require of
	// bulk senders.
	URL string
	// Mailto is an address (or a mailto: URI) that unsubscribes whoever writes to it.
	Mailto string
}

// SentReceipt is what the server said when it accepted a message.
type SentReceipt struct {
	MessageID string    // as sent, with angle brackets
	Recipient string    // the bare address
	Response  string    // the server's final reply, e.g. "2.0.0 Ok: queued as 4F1"
	SentAt    time.Time // UTC
}

// reservedHeaders are set from Config and Message fields; taking them from Headers as well
// would let a template override the sender or the Message-ID the outbox relies on.
var reservedHeaders = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "reply-to": true, "sender": true,
	"subject": true, "date": true, "message-id": true, "mime-version": true,
	"content-type": true, "content-transfer-encoding": true,
	"list-unsubscribe": true, "list-unsubscribe-post": true, "return-path": true,
}

// NewMessageID turns an idempotency key into a Message-ID "<key@domain>". Bytes that may not
// appear in a Message-ID are written as "=XX" (hex), so two different keys never give the
// same Message-ID.
func NewMessageID(key, domain string) string {
	var b strings.Builder
	b.WriteByte('<')
	for i := 0; i < len(key); i++ {
		c := key[i]
		if isAtext(c) && c != '=' || c == '.' && i > 0 && i < len(key)-1 && key[i-1] != '.' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "=%02X", c)
	}
	b.WriteByte('@')
	b.WriteString(domain)
	b.WriteByte('>')
	return b.String()
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// checkMessageID returns id without its angle brackets after checking it is one
// "left@right" token of printable ASCII.
func checkMessageID(id string) (string, error) {
	bare := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	at := strings.IndexByte(bare, '@')
	if bare == "" {
		return "", fmt.Errorf("email: message has no Message-ID (build one with NewMessageID)")
	}
	if at <= 0 || at == len(bare)-1 || strings.Count(bare, "@") != 1 {
		return "", fmt.Errorf("email: Message-ID %q is not left@right", id)
	}
	for i := 0; i < len(bare); i++ {
		if c := bare[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' {
			return "", fmt.Errorf("email: Message-ID %q has a character not allowed at byte %d", id, i)
		}
	}
	return bare, nil
}

// checkHeaderName reports whether name is a field name RFC 5322 allows and we don't own.
func checkHeaderName(name string) error {
	if name == "" {
		return fmt.Errorf("email: header with an empty name")
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 || c == ':' {
			return fmt.Errorf("email: header name %q has a character not allowed at byte %d", name, i)
		}
	}
	if reservedHeaders[strings.ToLower(name)] {
		return fmt.Errorf("email: header %q is set by the sender, not by the message", name)
	}
	return nil
}

// unsubscribeURIs checks the unsubscribe targets and returns them as URIs.
func (l ListUnsubscribe) uris() (httpsURL, mailto string, err error) {
	if l.URL != "" {
		u, perr := url.Parse(strings.TrimSpace(l.URL))
		if perr != nil || u.Scheme != "https" || u.Host == "" {
			return "", "", fmt.Errorf("email: List-Unsubscribe URL %q is not an https URL (one-click unsubscribe needs https)", l.URL)
		}
		httpsURL = u.String()
	}
	if l.Mailto != "" {
		m := strings.TrimSpace(l.Mailto)
		addr := strings.TrimPrefix(m, "mailto:")
		if q := strings.IndexByte(addr, '?'); q >= 0 {
			addr = addr[:q]
		}
		if _, perr := mail.ParseAddress(addr); perr != nil || strings.ContainsAny(m, " <>\r\n") {
			return "", "", fmt.Errorf("email: List-Unsubscribe mailto %q is not an address", l.Mailto)
		}
		if !strings.HasPrefix(m, "mailto:") {
			m = "mailto:" + m
		}
		mailto = m
	}
	return httpsURL, mailto, nil
}

// build turns m into a go-mail message from the sender cfg, checking every field first.
func build(cfg Config, m Message, now time.Time) (*gomail.Msg, *mail.Address, string, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, nil, "", fmt.Errorf("email: recipient %q is not an address: %w", m.To, err)
	}
	id, err := checkMessageID(m.MessageID)
	if err != nil {
		return nil, nil, "", err
	}
	if m.Text == "" && m.HTML == "" {
		return nil, nil, "", fmt.Errorf("email: message %s to %s has no body", id, to.Address)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, nil, "", fmt.Errorf("email: subject %q has a line break", m.Subject)
	}
	unsubURL, unsubMailto, err := m.ListUnsubscribe.uris()
	if err != nil {
		return nil, nil, "", err
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(cfg.FromName, cfg.From); err != nil {
		return nil, nil, "", fmt.Errorf("email: from %q: %w", cfg.From, err)
	}
	msg.ToMailAddress(to)
	if cfg.ReplyTo != "" {
		if err := msg.ReplyTo(cfg.ReplyTo); err != nil {
			return nil, nil, "", fmt.Errorf("email: reply-to %q: %w", cfg.ReplyTo, err)
		}
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(id)
	msg.SetDateWithValue(now)
	msg.SetUserAgent("creatorops")
	for name, value := range m.Headers {
		if err := checkHeaderName(name); err != nil {
			return nil, nil, "", err
		}
		if strings.ContainsAny(value, "\r\n") {
			return nil, nil, "", fmt.Errorf("email: header %q value %q has a line break", name, value)
		}
		msg.SetGenHeader(gomail.Header(name), value)
	}
	switch {
	case unsubURL != "":
		var extra []string
		if unsubMailto != "" {
			extra = append(extra, unsubMailto)
		}
		if err := msg.SetListUnsubscribeOneClick(unsubURL, extra...); err != nil {
			return nil, nil, "", fmt.Errorf("email: List-Unsubscribe: %w", err)
		}
	case unsubMailto != "":
		// Without an https URL there is no one-click POST to advertise (RFC 8058 §3.1).
		msg.SetListUnsubscribe(unsubMailto)
	}
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.HTML != "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	default:
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	}
	return msg, to, "<" + id + ">", nil
}
