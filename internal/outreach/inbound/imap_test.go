package inbound

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/notify/email/smtptest"
)

const (
	mailUser = "partners@brand.example"
	mailPass = "app-password-1"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// imapServer is an in-process IMAP server with one mailbox user.
type imapServer struct {
	user *imapmemserver.User
	port int
	mode notifyemail.TLSMode
	pool *tls.Config // trusts the server, for the TLS modes
}

func startIMAP(t *testing.T, mode notifyemail.TLSMode) *imapServer {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(mailUser, mailPass)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	var serverTLS *tls.Config
	s := &imapServer{user: user, mode: mode}
	if mode != notifyemail.TLSNone {
		cert, pool, err := smtptest.SelfSigned("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		serverTLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.pool = &tls.Config{RootCAs: pool}
	}
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = ln.Addr().(*net.TCPAddr).Port
	switch mode {
	case notifyemail.TLSImplicit:
		ln = tls.NewListener(ln, serverTLS)
	case notifyemail.TLSStartTLS:
		opts.TLSConfig = serverTLS
	}
	srv := imapserver.New(opts)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// literal is an imap.LiteralReader over bytes.
type literal struct {
	*bytes.Reader
}

func (l literal) Size() int64 { return l.Reader.Size() }

// deliver puts a message in INBOX as if it arrived at at.
func (s *imapServer) deliver(t *testing.T, raw string, at time.Time) {
	t.Helper()
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	if _, err := s.user.Append("INBOX", literal{bytes.NewReader([]byte(raw))}, &imap.AppendOptions{Time: at}); err != nil {
		t.Fatal(err)
	}
}

func mailFrom(from, subject string, extra ...string) string {
	return "From: " + from + "\nTo: " + mailUser + "\nSubject: " + subject + "\nDate: Tue, 10 Mar 2026 09:00:00 +0000\n" +
		"Message-ID: <" + strconv.Itoa(len(subject)) + subject[:1] + "@example.com>\n" + strings.Join(extra, "") + "\nHello\n"
}

const delayed = `From: MAILER-DAEMON@mail.brand.example
To: partners@brand.example
Subject: Delayed Mail (still being retried)
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Still trying.
--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.brand.example

Final-Recipient: rfc822; slow@example.com
Action: delayed
Status: 4.4.1

--b1--
`

func (s *imapServer) poller(sink *sink, cur *memCursor) *IMAPPoller {
	cfg := IMAPConfig{Host: "127.0.0.1", Port: s.port, TLS: s.mode, TLSConfig: s.pool, Username: mailUser, Password: mailPass, Timeout: 10 * time.Second}
	return &IMAPPoller{WorkspaceID: 1, MailboxID: 7, Config: cfg, Own: []string{mailUser},
		Replies: sink, Cursor: cur, Now: func() time.Time { return now }, Batch: 2}
}

func TestIMAPPoller(t *testing.T) {
	for _, mode := range []notifyemail.TLSMode{notifyemail.TLSNone, notifyemail.TLSStartTLS, notifyemail.TLSImplicit} {
		t.Run(string(mode), func(t *testing.T) {
			srv := startIMAP(t, mode)
			bounce, err := os.ReadFile("../../notify/email/testdata/postfix-bounce.eml")
			if err != nil {
				t.Fatal(err)
			}
			recent := now.Add(-time.Hour)
			srv.deliver(t, mailFrom("Ana <ana@example.com>", "Old thread"), now.Add(-30*24*time.Hour)) // before the backfill
			srv.deliver(t, mailFrom("Ana Creator <Ana@Example.com>", "Re: A sample for you"), recent)
			srv.deliver(t, mailFrom("Bo <bo@example.com>", "Out of office", "Auto-Submitted: auto-replied\n"), recent)
			srv.deliver(t, mailFrom("Brand <"+mailUser+">", "Our own copy"), recent)
			srv.deliver(t, string(bounce), recent)
			srv.deliver(t, delayed, recent)
			srv.deliver(t, mailFrom("Stranger <who@example.net>", "Hi"), recent)
			srv.deliver(t, mailFrom("Cy <cy@example.com>", "Newsletter", "Precedence: bulk\n"), recent)

			sink, cur := newSink("ana@example.com", "dee@example.com"), &memCursor{}
			p := srv.poller(sink, cur)
			ctx := context.Background()
			res, err := p.Poll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if res != (Result{Messages: 7, Replies: 1, Bounces: 1, Ignored: 5}) {
				t.Errorf("first poll %+v", res)
			}
			replies, bounces := sink.take()
			if len(replies) != 1 || replies[0].address != "ana@example.com" || replies[0].channel != "email" ||
				replies[0].text != "replied by email: Re: A sample for you" || !replies[0].at.Equal(recent) {
				t.Errorf("replies %+v", replies)
			}
			if len(bounces) != 1 || bounces[0].address != "creator@example.com" || !strings.HasPrefix(bounces[0].text, "5.1.1 smtp; 550") {
				t.Errorf("bounces %+v", bounces)
			}

			// Nothing new: nothing reported twice.
			if res, err := p.Poll(ctx); err != nil || res != (Result{}) {
				t.Errorf("second poll %+v, %v", res, err)
			}

			// A failure to record leaves the message for the next poll.
			srv.deliver(t, mailFrom("Dee <dee@example.com>", "Yes!"), now)
			srv.deliver(t, mailFrom("Ana <ana@example.com>", "Also"), now)
			sink.failOn = "dee@example.com"
			if _, err := p.Poll(ctx); err == nil || !strings.Contains(err.Error(), "database is down") {
				t.Fatalf("poll with a failing store: %v", err)
			}
			sink.failOn = ""
			res, err = p.Poll(ctx)
			replies, _ = sink.take()
			if err != nil || res.Replies != 2 || len(replies) != 2 || replies[0].address != "dee@example.com" {
				t.Errorf("poll after the failure %+v %v %+v", res, err, replies)
			}

			// The server renumbers the mailbox: the poller looks back instead of trusting old UIDs.
			if err := srv.user.Delete("INBOX"); err != nil {
				t.Fatal(err)
			}
			if err := srv.user.Create("INBOX", nil); err != nil {
				t.Fatal(err)
			}
			srv.deliver(t, mailFrom("Dee <dee@example.com>", "Again"), now)
			res, err = p.Poll(ctx)
			if replies, _ := sink.take(); err != nil || res.Replies != 1 || len(replies) != 1 {
				t.Errorf("poll after renumbering %+v %v %+v", res, err, replies)
			}
		})
	}
}

func TestIMAPPollerLoginRefused(t *testing.T) {
	srv := startIMAP(t, notifyemail.TLSNone)
	p := srv.poller(newSink(), &memCursor{})
	p.Config.Password = "wrong"
	if _, err := p.Poll(context.Background()); err == nil || !strings.Contains(err.Error(), "login as "+mailUser) {
		t.Errorf("wrong password: %v", err)
	}
	p.Config.Password = mailPass
	p.Config.TLS = notifyemail.TLSImplicit // the server speaks plain text
	p.Config.Timeout = 2 * time.Second
	if _, err := p.Poll(context.Background()); err == nil {
		t.Error("TLS to a plain server succeeded")
	}
}
