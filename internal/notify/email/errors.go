package email

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/textproto"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// The stages of a send, as named in SendError.Op.
const (
	OpConnect  = "connect" // dial, greeting, EHLO, STARTTLS, AUTH
	OpMessage  = "message" // the message could not be built from its fields
	OpMailFrom = "mail from"
	OpRcptTo   = "rcpt to"
	OpData     = "data"
)

// SendError is a failed send. Permanent failures must not be retried; a permanent failure of
// the recipient is a bounce that the caller records against the creator's address.
type SendError struct {
	Op           string // one of the Op constants
	Recipient    string // bare address
	MessageID    string
	Code         int    // SMTP reply code; 0 when the server never answered (network, timeout)
	EnhancedCode string // RFC 3463 status such as "5.1.1", when the server gave one
	Reply        string // the server's reply, or the underlying error text
	permanent    bool
	err          error
}

// Error reads like "email: rcpt to creator@example.com: 550 5.1.1 no such user (message <id@x>)".
func (e *SendError) Error() string {
	var b strings.Builder
	b.WriteString("email: ")
	b.WriteString(e.Op)
	if e.Recipient != "" {
		b.WriteString(" " + e.Recipient)
	}
	b.WriteString(": ")
	b.WriteString(e.Reply)
	if e.MessageID != "" {
		b.WriteString(" (message " + e.MessageID + ")")
	}
	if e.permanent {
		b.WriteString(" [permanent]")
	} else {
		b.WriteString(" [temporary]")
	}
	return b.String()
}

// Unwrap gives the underlying error (a go-mail, network, TLS or context error).
func (e *SendError) Unwrap() error { return e.err }

// Permanent reports whether sending the same message again cannot succeed: a 5xx reply, a
// certificate that does not verify, a message that cannot be built.
func (e *SendError) Permanent() bool { return e.permanent }

// Temporary reports whether a later retry may succeed: a 4xx reply, a lost connection, a timeout.
func (e *SendError) Temporary() bool { return !e.permanent }

// Bounce reports whether the recipient's address was refused for good: a 5xx reply to RCPT TO,
// or a 5.1.x (bad address) status at DATA. The caller records it and stops mailing the address.
func (e *SendError) Bounce() bool {
	if !e.permanent || e.Code/100 != 5 {
		return false
	}
	return e.Op == OpRcptTo || strings.HasPrefix(e.EnhancedCode, "5.1.")
}

// classify wraps err, returned by go-mail during op, as a *SendError.
func classify(ctx context.Context, op, rcpt, msgID string, err error) *SendError {
	e := &SendError{Op: op, Recipient: rcpt, MessageID: msgID, Reply: err.Error(), err: err}
	if ctxErr := ctx.Err(); ctxErr != nil {
		// A cancelled send closes the connection under go-mail; say why instead of
		// "use of closed network connection".
		e.Reply, e.err = ctxErr.Error()+": "+err.Error(), errors.Join(ctxErr, err)
		return e
	}
	var se *gomail.SendError
	var tp *textproto.Error
	switch {
	case errors.As(err, &se):
		e.Op = sendErrOp(se.Reason, op)
		e.Code, e.EnhancedCode = se.ErrorCode(), se.EnhancedStatusCode()
		e.Reply = serverReply(se.Error(), e.Code)
		switch se.Reason {
		case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
			e.permanent = true // our message or the server's abilities: a retry sends the same
		default:
			e.permanent = e.Code/100 == 5
		}
	case errors.As(err, &tp):
		e.Code, e.Reply = tp.Code, strconv.Itoa(tp.Code)+" "+tp.Msg
		e.EnhancedCode = enhancedCode(tp.Msg)
		e.permanent = tp.Code/100 == 5
	default:
		e.Code = replyCode(err.Error())
		e.permanent = e.Code/100 == 5 || isConfigError(err)
		if e.Code != 0 {
			e.EnhancedCode = enhancedCode(err.Error())
		}
	}
	return e
}

// isConfigError reports failures a retry cannot fix: the server's certificate does not verify
// or the server does not offer what the configuration requires (STARTTLS, an AUTH mechanism).
func isConfigError(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) || errors.As(err, &verify) {
		return true
	}
	if errors.Is(err, gomail.ErrPlainAuthNotSupported) || errors.Is(err, gomail.ErrLoginAuthNotSupported) ||
		errors.Is(err, gomail.ErrCramMD5AuthNotSupported) {
		return true
	}
	if errors.Is(err, gosmtp.ErrUnencrypted) {
		return true // the password would have gone out in clear text
	}
	s := err.Error()
	return strings.Contains(s, "does not support STARTTLS") || strings.Contains(s, "does not support SMTP AUTH")
}

// sendErrOp names the SMTP stage a go-mail SendError happened in.
func sendErrOp(r gomail.SendErrReason, fallback string) string {
	switch r {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return OpMessage
	case gomail.ErrSMTPMailFrom:
		return OpMailFrom
	case gomail.ErrSMTPRcptTo:
		return OpRcptTo
	case gomail.ErrSMTPData, gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
		return OpData
	}
	return fallback
}

// serverReply cuts go-mail's "sending SMTP RCPT TO command: 550 …, affected recipient(s): …"
// down to the server's own reply.
func serverReply(s string, code int) string {
	if code == 0 {
		return s
	}
	if i := strings.Index(s, strconv.Itoa(code)+" "); i >= 0 {
		s = s[i:]
	}
	for _, cut := range []string{", affected recipient(s):", ", affected message ID:"} {
		if i := strings.Index(s, cut); i >= 0 {
			s = s[:i]
		}
	}
	return s
}

// replyCode finds an SMTP reply code at the start of s or after "SMTP AUTH failed: ".
func replyCode(s string) int {
	for _, p := range []string{"SMTP AUTH failed: ", "dial failed: "} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) < 4 || s[3] != ' ' && s[3] != '-' || s[0] < '2' || s[0] > '5' {
		return 0
	}
	n, err := strconv.Atoi(s[:3])
	if err != nil {
		return 0
	}
	return n
}

// enhancedCode finds an RFC 3463 status ("5.1.1") at the start of an SMTP reply text.
func enhancedCode(s string) string {
	f := strings.Fields(s)
	for i := 0; i < len(f) && i < 2; i++ {
		if isStatus(f[i]) {
			return f[i]
		}
	}
	return ""
}

// isStatus reports whether s is an RFC 3463 status code: class.subject.detail.
func isStatus(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || len(parts[0]) != 1 || strings.IndexByte("245", parts[0][0]) < 0 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) == 0 || len(p) > 3 {
			return false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}

// messageError is a permanent SendError for a message that could not be built.
func messageError(rcpt, msgID string, err error) *SendError {
	return &SendError{Op: OpMessage, Recipient: rcpt, MessageID: msgID, Reply: err.Error(), permanent: true, err: err}
}
