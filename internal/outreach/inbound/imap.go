package inbound

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
)

// IMAPConfig is how to reach a sender mailbox's IMAP server.
type IMAPConfig struct {
	Host string
	Port int // zero: 993 for TLS, 143 otherwise
	// TLS is "tls" (port 993, the usual), "starttls" (143) or "none" (a server on the same
	// machine only); the SMTP settings' modes, read by notify/email.ParseTLSMode.
	TLS       notifyemail.TLSMode
	TLSConfig *tls.Config // tests put their RootCAs here; ServerName defaults to Host
	Username  string
	Password  string // an app password with Google and Microsoft
	Mailbox   string // default INBOX
	// Timeout bounds one poll (connect, login, search, fetch); default one minute.
	Timeout time.Duration
}

// IMAPPoller reads new messages of one mailbox and reports replies and bounces. It opens
// the mailbox read-only: messages stay unread for the people who share the inbox.
type IMAPPoller struct {
	WorkspaceID int64
	MailboxID   int64 // the cursor key is "imap:<MailboxID>"
	Config      IMAPConfig
	// Own are the mailbox's own addresses (From, Reply-To): their messages are not replies.
	Own     []string
	Replies Replies
	Cursor  Cursor
	// Backfill is how far back the first poll (or a poll after the server renumbered the
	// mailbox) looks; default 14 days.
	Backfill time.Duration
	// Batch is how many messages one FETCH reads; default 100.
	Batch  int
	Now    func() time.Time
	Logger *slog.Logger
}

// maxReport bounds how much of a delivery report is read: the status part comes first.
const maxReport = 1 << 20

// Poll reads the messages that arrived since the last poll. The cursor advances after each
// message handled, so an error leaves the rest for the next poll and nothing is reported
// twice (RecordReply only moves a reply time forward anyway).
func (p *IMAPPoller) Poll(ctx context.Context) (Result, error) {
	var res Result
	cfg := p.Config
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c, err := dialIMAP(ctx, cfg)
	if err != nil {
		return res, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { _ = c.Close() }) // unblock a hung command
	defer stop()
	if err := c.Login(cfg.Username, cfg.Password).Wait(); err != nil {
		return res, fmt.Errorf("inbound: imap %s: login as %s: %w", cfg.Host, cfg.Username, err)
	}
	mbox := cfg.Mailbox
	if mbox == "" {
		mbox = "INBOX"
	}
	sel, err := c.Select(mbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return res, fmt.Errorf("inbound: imap %s: open %s: %w", cfg.Host, mbox, err)
	}
	key := "imap:" + strconv.FormatInt(p.MailboxID, 10)
	saved, err := p.Cursor.Load(ctx, key)
	if err != nil {
		return res, fmt.Errorf("inbound: imap cursor %s: %w", key, err)
	}
	validity, last, ok := parseIMAPCursor(saved)
	criteria := &imap.SearchCriteria{}
	if ok && validity == sel.UIDValidity {
		criteria.UID = []imap.UIDSet{{imap.UIDRange{Start: imap.UID(last + 1), Stop: 0}}}
	} else {
		// First poll, or the server renumbered the mailbox: look back a little rather than
		// replaying years of mail.
		last = 0
		criteria.Since = p.now().Add(-p.backfill())
	}
	found, err := c.UIDSearch(criteria, nil).Wait()
	if err != nil {
		return res, fmt.Errorf("inbound: imap %s: search %s: %w", cfg.Host, mbox, err)
	}
	var uids []imap.UID
	for _, u := range found.AllUIDs() {
		if uint32(u) > last { // "n:*" always matches the last message, even below n
			uids = append(uids, u)
		}
	}
	if fresh := !ok || validity != sel.UIDValidity; fresh && len(uids) == 0 && sel.UIDNext > 0 {
		// Remember where the mailbox is now, so the next poll does not look back again.
		if err := p.Cursor.Save(ctx, key, formatIMAPCursor(sel.UIDValidity, uint32(sel.UIDNext)-1)); err != nil {
			return res, fmt.Errorf("inbound: imap cursor %s: %w", key, err)
		}
	}
	batch := p.Batch
	if batch <= 0 {
		batch = 100
	}
	for start := 0; start < len(uids); start += batch {
		chunk := uids[start:min(start+batch, len(uids))]
		if err := p.handleBatch(ctx, c, chunk, sel.UIDValidity, key, &res); err != nil {
			return res, err
		}
	}
	_ = c.Logout().Wait()
	return res, nil
}

// headerSection is what a poll reads of every message: enough to tell a reply, an
// auto-reply and a delivery report apart, without downloading attachments.
var headerSection = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}

// handleBatch reads the headers of uids and handles each message in UID order.
func (p *IMAPPoller) handleBatch(ctx context.Context, c *imapclient.Client, uids []imap.UID, validity uint32, key string, res *Result) error {
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, Envelope: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{headerSection},
	}).Collect()
	if err != nil {
		return fmt.Errorf("inbound: imap %s: fetch: %w", p.Config.Host, err)
	}
	byUID := make(map[imap.UID]*imapclient.FetchMessageBuffer, len(msgs))
	for _, m := range msgs {
		byUID[m.UID] = m
	}
	for _, uid := range uids {
		m := byUID[uid]
		if m == nil {
			continue // expunged between the search and the fetch
		}
		res.Messages++
		if err := p.handle(ctx, c, m, res); err != nil {
			return fmt.Errorf("inbound: imap %s: message UID %d: %w", p.Config.Host, uid, err)
		}
		if err := p.Cursor.Save(ctx, key, formatIMAPCursor(validity, uint32(uid))); err != nil {
			return fmt.Errorf("inbound: imap cursor %s: %w", key, err)
		}
	}
	return nil
}

// handle reports one message: a delivery report's bounces, or a reply from its sender.
func (p *IMAPPoller) handle(ctx context.Context, c *imapclient.Client, m *imapclient.FetchMessageBuffer, res *Result) error {
	hdr, err := mail.ReadMessage(bytes.NewReader(append(m.FindBodySection(headerSection), "\r\n"...)))
	if err != nil {
		p.log().WarnContext(ctx, "inbound: unreadable message header", "uid", m.UID, "error", err.Error())
		res.Ignored++
		return nil
	}
	switch kind := classify(hdr.Header, m.Envelope, p.Own); kind {
	case kindReport:
		return p.report(ctx, c, m.UID, res)
	case kindReply:
		from := strings.ToLower(m.Envelope.From[0].Addr())
		at := m.InternalDate
		if at.IsZero() {
			at = m.Envelope.Date
		}
		summary := "replied by email"
		if s := strings.TrimSpace(m.Envelope.Subject); s != "" {
			summary += ": " + s
		}
		err := p.Replies.RecordReply(ctx, p.WorkspaceID, "email", from, at.UTC(), summary)
		switch {
		case errors.Is(err, ErrNoCreator):
			res.Ignored++
		case err != nil:
			return fmt.Errorf("recording the reply from %s: %w", from, err)
		default:
			res.Replies++
		}
	default:
		res.Ignored++
	}
	return nil
}

// report reads a delivery status report and reports its permanent failures.
func (p *IMAPPoller) report(ctx context.Context, c *imapclient.Client, uid imap.UID, res *Result) error {
	whole := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: maxReport}}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{whole}}).Collect()
	if err != nil {
		return fmt.Errorf("fetching the report: %w", err)
	}
	if len(msgs) == 0 {
		res.Ignored++
		return nil
	}
	dsn, err := notifyemail.ParseDSN(bytes.NewReader(msgs[0].FindBodySection(whole)))
	if err != nil {
		p.log().WarnContext(ctx, "inbound: unreadable delivery report", "uid", uid, "error", err.Error())
		res.Ignored++
		return nil
	}
	bounces := dsn.Bounces()
	if len(bounces) == 0 {
		res.Ignored++ // a delay warning: the server keeps trying
	}
	for _, b := range bounces {
		reason := strings.TrimSpace(b.Status + " " + b.DiagnosticCode)
		if err := p.Replies.Bounce(ctx, p.WorkspaceID, strings.ToLower(b.FinalRecipient), reason); err != nil {
			return fmt.Errorf("recording the bounce of %s: %w", b.FinalRecipient, err)
		}
		res.Bounces++
	}
	return nil
}

func (p *IMAPPoller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *IMAPPoller) backfill() time.Duration {
	if p.Backfill > 0 {
		return p.Backfill
	}
	return 14 * 24 * time.Hour
}

func (p *IMAPPoller) log() *slog.Logger {
	if p.Logger != nil {
		return p.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// dialIMAP connects within ctx with the configured TLS mode.
func dialIMAP(ctx context.Context, cfg IMAPConfig) (*imapclient.Client, error) {
	mode := cfg.TLS
	if mode == "" {
		mode = notifyemail.TLSImplicit
	}
	port := cfg.Port
	if port == 0 {
		port = 143
		if mode == notifyemail.TLSImplicit {
			port = 993
		}
	}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsCfg = cfg.TLSConfig.Clone()
	}
	if tlsCfg.ServerName == "" {
		tlsCfg.ServerName = cfg.Host
	}
	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("inbound: imap %s: %w", addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	opts := &imapclient.Options{TLSConfig: tlsCfg}
	switch mode {
	case notifyemail.TLSImplicit:
		tc := tls.Client(conn, tlsCfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("inbound: imap %s: TLS: %w", addr, err)
		}
		return imapclient.New(tc, opts), nil
	case notifyemail.TLSStartTLS:
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			return nil, fmt.Errorf("inbound: imap %s: STARTTLS: %w", addr, err)
		}
		return c, nil
	case notifyemail.TLSNone:
		return imapclient.New(conn, opts), nil
	}
	conn.Close()
	return nil, fmt.Errorf("inbound: imap %s: TLS mode %q is not one of none, starttls, tls", addr, mode)
}

// parseIMAPCursor reads "uidvalidity:lastuid".
func parseIMAPCursor(s string) (validity, last uint32, ok bool) {
	a, b, found := strings.Cut(s, ":")
	if !found {
		return 0, 0, false
	}
	v, err1 := strconv.ParseUint(a, 10, 32)
	l, err2 := strconv.ParseUint(b, 10, 32)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uint32(v), uint32(l), true
}

func formatIMAPCursor(validity, last uint32) string {
	return strconv.FormatUint(uint64(validity), 10) + ":" + strconv.FormatUint(uint64(last), 10)
}
