package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	notifyemail "github.com/creatorops/creatorops/internal/notify/email"
	"github.com/creatorops/creatorops/internal/notify/email/smtptest"
	"github.com/creatorops/creatorops/internal/outreach"
)

const unsub = "https://app.brand.example/u/tok123"

func newChannel(t *testing.T, srv *smtptest.Server, timeout time.Duration, html bool) *Channel {
	t.Helper()
	s, err := notifyemail.New(notifyemail.Config{
		Host: srv.Host, Port: srv.Port, TLS: notifyemail.TLSNone, TLSConfig: &tls.Config{RootCAs: srv.RootCAs},
		From: "partners@brand.example", FromName: "Brand", Timeout: timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := New(Config{SenderKey: "email:7", Sender: s, Domain: "brand.example", UnsubscribeMailto: "unsubscribe@brand.example", HTML: html})
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

func startSMTP(t *testing.T, opts smtptest.Options) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func outgoing(key, to, body, unsubscribe string) outreach.Outgoing {
	return outreach.Outgoing{IdempotencyKey: key, Channel: outreach.ChannelEmail, SenderKey: "email:7",
		To: outreach.Address{Email: to, Name: "Ana Creator"}, Subject: "A sample for you", Body: body, UnsubscribeURL: unsubscribe}
}

// parts decodes the text and HTML parts of a received message.
func parts(t *testing.T, rec smtptest.Received) (text, html string) {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(rec.Data))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ct string, enc string, body io.Reader)
	walk = func(ct, enc string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
		if strings.EqualFold(enc, "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(body)
		switch mt {
		case "text/plain":
			text = string(b)
		case "text/html":
			html = string(b)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	return text, html
}

func TestSendHeadersAndFooter(t *testing.T) {
	tests := []struct {
		name        string
		body, unsub string
		html        bool
		wantUnsub   string // List-Unsubscribe
		wantPost    bool
		footer      bool
	}{
		{name: "footer added, one-click", body: "Hi Ana,\n\nWant a free sample?", unsub: unsub, html: true,
			wantUnsub: "<" + unsub + ">, <mailto:unsubscribe@brand.example>", wantPost: true, footer: true},
		{name: "template has the link", body: "Hi Ana! Not interested? " + unsub, unsub: unsub,
			wantUnsub: "<" + unsub + ">, <mailto:unsubscribe@brand.example>", wantPost: true},
		{name: "http link: footer and mailto only", body: "Hi", unsub: "http://127.0.0.1:8080/u/tok",
			wantUnsub: "<mailto:unsubscribe@brand.example>", footer: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startSMTP(t, smtptest.Options{Mode: smtptest.Plain})
			ch := newChannel(t, srv, 5*time.Second, tt.html)
			rc, err := ch.Send(context.Background(), outgoing("o:12:3", "ana@example.com", tt.body, tt.unsub))
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages", len(got))
			}
			h := got[0].Header
			if id := h.Get("Message-Id"); id != "<o.12.3@brand.example>" || rc.ProviderID != id || rc.At.IsZero() {
				t.Errorf("Message-ID %q, receipt %+v", id, rc)
			}
			if to := h.Get("To"); !strings.Contains(to, "Ana Creator") || !strings.Contains(to, "<ana@example.com>") {
				t.Errorf("To %q", to)
			}
			if lu := h.Get("List-Unsubscribe"); lu != tt.wantUnsub {
				t.Errorf("List-Unsubscribe %q, want %q", lu, tt.wantUnsub)
			}
			if post := h.Get("List-Unsubscribe-Post"); (post == "List-Unsubscribe=One-Click") != tt.wantPost {
				t.Errorf("List-Unsubscribe-Post %q", post)
			}
			text, html := parts(t, got[0])
			if n := strings.Count(text, tt.unsub); n != 1 {
				t.Errorf("text has the link %d times:\n%s", n, text)
			}
			if strings.Contains(text, footerIntro) != tt.footer {
				t.Errorf("footer present = %v, want %v:\n%s", !tt.footer, tt.footer, text)
			}
			if tt.html && (!strings.Contains(html, `<a href="`+tt.unsub+`">`) || !strings.Contains(html, "<p>Want a free sample?</p>")) {
				t.Errorf("HTML part:\n%s", html)
			}
		})
	}
}

// The same key always gives the same Message-ID, so a resent message is recognisable.
func TestMessageIDStable(t *testing.T) {
	if a, b := MessageID("o:1:2", "x.example"), MessageID("o:1:2", "x.example"); a != b || a != "<o.1.2@x.example>" {
		t.Errorf("MessageID = %q, %q", a, b)
	}
	if MessageID("o:12:3", "x") == MessageID("o:1:23", "x") {
		t.Error("two keys share a Message-ID")
	}
}

func TestSendFailures(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(srv *smtptest.Server) outreach.Outgoing
		retryable bool
		ambiguous bool
		suppress  string
		auth      bool // the server wants a login the channel does not have
	}{
		{name: "no such user at RCPT", setup: func(srv *smtptest.Server) outreach.Outgoing {
			srv.RejectRecipient("gone@example.com", smtptest.Rejection{Code: 550, Enhanced: [3]int{5, 1, 1}, Message: "no such user"})
			return outgoing("o:1:0", "gone@example.com", "Hi", unsub)
		}, suppress: outreach.SuppressBounced},
		{name: "spam refusal at DATA", setup: func(srv *smtptest.Server) outreach.Outgoing {
			srv.RejectData(smtptest.Rejection{Code: 554, Enhanced: [3]int{5, 7, 1}, Message: "looks like spam"})
			return outgoing("o:2:0", "ana@example.com", "Hi", unsub)
		}},
		{name: "greylisted", setup: func(srv *smtptest.Server) outreach.Outgoing {
			srv.RejectRecipient("grey@example.com", smtptest.Rejection{Code: 451, Enhanced: [3]int{4, 7, 1}, Message: "try later"})
			return outgoing("o:3:0", "grey@example.com", "Hi", unsub)
		}, retryable: true},
		{name: "server silent after the message", setup: func(srv *smtptest.Server) outreach.Outgoing {
			srv.Hang()
			return outgoing("o:4:0", "ana@example.com", "Hi", unsub)
		}, ambiguous: true},
		{name: "server down", setup: func(srv *smtptest.Server) outreach.Outgoing {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				panic(err)
			}
			srv.Port = ln.Addr().(*net.TCPAddr).Port // nothing listens there once closed
			ln.Close()
			return outgoing("o:5:0", "ana@example.com", "Hi", unsub)
		}, retryable: true},
		{name: "login refused", setup: func(*smtptest.Server) outreach.Outgoing {
			return outgoing("o:8:0", "ana@example.com", "Hi", unsub)
		}, retryable: true, auth: true},
		{name: "no email address", setup: func(*smtptest.Server) outreach.Outgoing {
			return outgoing("o:6:0", "", "Hi", unsub)
		}},
		{name: "no unsubscribe link", setup: func(*smtptest.Server) outreach.Outgoing {
			return outgoing("o:7:0", "ana@example.com", "Hi", "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := smtptest.Options{Mode: smtptest.Plain}
			if tt.auth {
				opts.Users = map[string]string{"partners@brand.example": "right"}
			}
			srv := startSMTP(t, opts)
			m := tt.setup(srv)
			ch := newChannel(t, srv, 500*time.Millisecond, false)
			_, err := ch.Send(context.Background(), m)
			if err == nil {
				t.Fatal("send succeeded")
			}
			if outreach.Retryable(err) != tt.retryable || outreach.Ambiguous(err) != tt.ambiguous || outreach.SuppressReason(err) != tt.suppress {
				t.Errorf("error %v: retryable %v ambiguous %v suppress %q; want %v %v %q", err,
					outreach.Retryable(err), outreach.Ambiguous(err), outreach.SuppressReason(err), tt.retryable, tt.ambiguous, tt.suppress)
			}
			if n := len(srv.Messages()); n != 0 {
				t.Errorf("server accepted %d messages", n)
			}
		})
	}
}
