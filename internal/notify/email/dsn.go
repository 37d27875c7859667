package email

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// ErrNotDSN is returned for a message that is not a delivery status report, such as an
// out-of-office reply; the poller leaves those to the reply detector.
var ErrNotDSN = errors.New("email: not a delivery status notification")

// maxDSNBytes bounds how much of a report is read: the status part is small, and a returned
// original may be large but only its header is needed.
const maxDSNBytes = 4 << 20

// DSN is a delivery status report (RFC 3464) as a mailbox receives it after a failed delivery.
type DSN struct {
	ReportingMTA string    // e.g. "mx.example.com"
	ArrivalDate  time.Time // zero when absent or unreadable
	// OriginalMessageID is the Message-ID of the message that failed, from the returned
	// message or its header: it matches the outbox row that sent it.
	OriginalMessageID string
	Recipients        []DSNRecipient
}

// DSNRecipient is the report for one recipient.
type DSNRecipient struct {
	FinalRecipient    string // the address, without its "rfc822;" type
	OriginalRecipient string
	Action            string // failed, delayed, delivered, relayed, expanded (lowercase)
	Status            string // RFC 3463, e.g. "5.1.1"
	DiagnosticCode    string // e.g. "smtp; 550 5.1.1 user unknown"
	RemoteMTA         string
}

// Permanent reports a permanent failure: the address bounced and must not be mailed again.
func (r DSNRecipient) Permanent() bool {
	return r.Action == "failed" && strings.HasPrefix(r.Status, "5.")
}

// Bounces are the recipients whose delivery failed for good.
func (d *DSN) Bounces() []DSNRecipient {
	var out []DSNRecipient
	for _, r := range d.Recipients {
		if r.Permanent() {
			out = append(out, r)
		}
	}
	return out
}

// ParseDSN reads a message of type multipart/report; report-type=delivery-status (RFC 3462,
// RFC 3464, and RFC 6533's global-delivery-status). It returns ErrNotDSN for other messages,
// and an error naming the part and field for a report it cannot read.
func ParseDSN(r io.Reader) (*DSN, error) {
	msg, err := mail.ReadMessage(bufio.NewReader(io.LimitReader(r, maxDSNBytes)))
	if err != nil {
		return nil, fmt.Errorf("email: dsn: reading the message header: %w", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/report" || !strings.EqualFold(params["report-type"], "delivery-status") &&
		!strings.EqualFold(params["report-type"], "global-delivery-status") {
		return nil, ErrNotDSN
	}
	if params["boundary"] == "" {
		return nil, fmt.Errorf("email: dsn: multipart/report without a boundary")
	}
	d := &DSN{}
	found := false
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 1; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("email: dsn: part %d: %w", i, err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		body := decodePart(p, p.Header.Get("Content-Transfer-Encoding"))
		switch ct {
		case "message/delivery-status", "message/global-delivery-status":
			if found {
				return nil, fmt.Errorf("email: dsn: part %d: a second delivery-status part", i)
			}
			found = true
			if err := d.readStatus(body); err != nil {
				return nil, fmt.Errorf("email: dsn: part %d (%s): %w", i, ct, err)
			}
		case "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers":
			if d.OriginalMessageID == "" {
				d.OriginalMessageID = returnedMessageID(body)
			}
		}
	}
	if !found {
		return nil, fmt.Errorf("email: dsn: no message/delivery-status part")
	}
	return d, nil
}

// decodePart undoes a transfer encoding; 7bit, 8bit and binary pass through.
func decodePart(r io.Reader, cte string) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &skipSpace{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// readStatus reads the per-message field group, then one group per recipient.
func (d *DSN) readStatus(r io.Reader) error {
	tp := textproto.NewReader(bufio.NewReader(r))
	perMsg, err := readGroup(tp)
	if err != nil {
		return fmt.Errorf("per-message fields: %w", err)
	}
	d.ReportingMTA = typedValue(perMsg.Get("Reporting-MTA"))
	if t, err := mail.ParseDate(perMsg.Get("Arrival-Date")); err == nil {
		d.ArrivalDate = t.UTC()
	}
	for n := 1; ; n++ {
		h, err := readGroup(tp)
		if err != nil {
			return fmt.Errorf("recipient %d: %w", n, err)
		}
		if h == nil {
			break
		}
		rc := DSNRecipient{
			FinalRecipient:    typedValue(h.Get("Final-Recipient")),
			OriginalRecipient: typedValue(h.Get("Original-Recipient")),
			Action:            strings.ToLower(strings.TrimSpace(h.Get("Action"))),
			Status:            firstWord(h.Get("Status")),
			DiagnosticCode:    strings.TrimSpace(h.Get("Diagnostic-Code")),
			RemoteMTA:         typedValue(h.Get("Remote-MTA")),
		}
		switch {
		case rc.FinalRecipient == "":
			return fmt.Errorf("recipient %d: no Final-Recipient", n)
		case rc.Action == "":
			return fmt.Errorf("recipient %d (%s): no Action", n, rc.FinalRecipient)
		case !isStatus(rc.Status):
			return fmt.Errorf("recipient %d (%s): Status %q is not a status code", n, rc.FinalRecipient, h.Get("Status"))
		}
		d.Recipients = append(d.Recipients, rc)
	}
	if len(d.Recipients) == 0 {
		return fmt.Errorf("no recipient fields")
	}
	return nil
}

// readGroup reads one blank-line-terminated group of fields; nil at the end of the part.
func readGroup(tp *textproto.Reader) (textproto.MIMEHeader, error) {
	for {
		// Skip the extra blank lines some MTAs put between groups.
		b, err := tp.R.Peek(1)
		if err == io.EOF || len(b) == 0 {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		if _, err := tp.R.ReadByte(); err != nil {
			return nil, err
		}
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && !(err == io.EOF && len(h) > 0) {
		return nil, err
	}
	return h, nil
}

// typedValue drops the address or name type: "rfc822; a@b" → "a@b", "dns; mx.example" → "mx.example".
func typedValue(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

// firstWord is the status code without a trailing comment: "5.1.1 (bad mailbox)" → "5.1.1".
func firstWord(v string) string {
	f := strings.Fields(v)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// returnedMessageID reads the Message-ID from a returned message or its header.
func returnedMessageID(r io.Reader) string {
	tp := textproto.NewReader(bufio.NewReader(r))
	h, err := tp.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return ""
	}
	id := strings.TrimSpace(h.Get("Message-Id"))
	if bare, err := checkMessageID(id); err == nil {
		return "<" + bare + ">"
	}
	return ""
}

// skipSpace drops the line breaks base64 bodies are folded with.
type skipSpace struct{ r io.Reader }

// Read fills p with the non-space bytes of the underlying reader.
func (s *skipSpace) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		j := 0
		for _, c := range p[:n] {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
