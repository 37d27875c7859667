package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/notify/email/smtptest"
)

const (
	testUser = "outreach@brand.example"
	testPass = "app-pass-S3cr3t!"
)

var fixedNow = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

func startServer(t *testing.T, opts smtptest.Options) *smtptest.Server {
	t.Helper()
	srv, err := smtptest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func senderConfig(srv *smtptest.Server, mode TLSMode) Config {
	return Config{
		Host: srv.Host, Port: srv.Port, TLS: mode,
		TLSConfig: &tls.Config{RootCAs: srv.RootCAs},
		From:      "outreach@brand.example", FromName: "Brand Team", ReplyTo: "partners@brand.example",
		Timeout: 5 * time.Second, Now: func() time.Time { return fixedNow },
	}
}

func newSender(t *testing.T, cfg Config) *Sender {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testMessage() Message {
	return Message{
		To:        "Creator One <creator@example.com>",
		Subject:   "Collab with Brand ✨",
		Text:      "Hi! Want a free sample?",
		HTML:      "<p>Hi! Want a <b>free sample</b>?</p>",
		Headers:   map[string]string{"X-Creatorops-Campaign": "spring-drop"},
		MessageID: NewMessageID("outbox:42:step-1", "brand.example"),
		ListUnsubscribe: ListUnsubscribe{
			URL:    "https://app.brand.example/u/abc123",
			Mailto: "unsubscribe@brand.example?subject=unsubscribe",
		},
	}
}

func TestSendModes(t *testing.T) {
	tests := []struct {
		name string
		srv  smtptest.Mode
		mode TLSMode
		auth AuthMechanism
		tls  bool
	}{
		{"plain, PLAIN to localhost", smtptest.Plain, TLSNone, AuthPlain, false},
		{"starttls, auto", smtptest.StartTLS, TLSStartTLS, AuthAuto, true},
		{"starttls, LOGIN", smtptest.StartTLS, TLSStartTLS, AuthLogin, true},
		{"implicit tls, PLAIN", smtptest.ImplicitTLS, TLSImplicit, AuthPlain, true},
		{"implicit tls, LOGIN", smtptest.ImplicitTLS, TLSImplicit, AuthLogin, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, smtptest.Options{Mode: tt.srv, Users: map[string]string{testUser: testPass}})
			cfg := senderConfig(srv, tt.mode)
			cfg.Username, cfg.Password, cfg.Auth = testUser, testPass, tt.auth
			r, err := newSender(t, cfg).Send(context.Background(), testMessage())
			if err != nil {
				t.Fatal(err)
			}
			if r.MessageID != "<outbox=3A42=3Astep-1@brand.example>" || r.Recipient != "creator@example.com" || !r.SentAt.Equal(fixedNow) {
				t.Errorf("receipt = %+v", r)
			}
			got := srv.Messages()
			if len(got) != 1 {
				t.Fatalf("server received %d messages, want 1", len(got))
			}
			m := got[0]
			if m.AuthUser != testUser || m.TLS != tt.tls {
				t.Errorf("auth user %q, tls %v; want %q, %v", m.AuthUser, m.TLS, testUser, tt.tls)
			}
			if m.From != "outreach@brand.example" || len(m.To) != 1 || m.To[0] != "creator@example.com" {
				t.Errorf("envelope from %q to %q", m.From, m.To)
			}
			checkHeaders(t, m)
			checkBodies(t, m)
		})
	}
}

func checkHeaders(t *testing.T, m smtptest.Received) {
	t.Helper()
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	want := map[string]string{
		"Message-Id":            "<outbox=3A42=3Astep-1@brand.example>",
		"From":                  `"Brand Team" <outreach@brand.example>`,
		"Reply-To":              "<partners@brand.example>",
		"To":                    `"Creator One" <creator@example.com>`,
		"List-Unsubscribe":      "<https://app.brand.example/u/abc123>, <mailto:unsubscribe@brand.example?subject=unsubscribe>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"X-Creatorops-Campaign": "spring-drop",
		"Date":                  "Tue, 04 Mar 2025 05:06:07 +0000",
		"User-Agent":            "creatorops",
	}
	for k, v := range want {
		if got := m.Header.Get(k); got != v {
			t.Errorf("header %s = %q, want %q", k, got, v)
		}
	}
	if subject != "Collab with Brand ✨" {
		t.Errorf("subject decodes to %q", subject)
	}
	if n := len(m.Header["Message-Id"]); n != 1 {
		t.Errorf("%d Message-ID headers", n)
	}
}

func checkBodies(t *testing.T, m smtptest.Received) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(bytes.NewReader(m.Body), params["boundary"])
	var types, bodies []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		b, _ := io.ReadAll(p) // multipart decodes quoted-printable
		types, bodies = append(types, ct), append(bodies, string(b))
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Fatalf("parts %v, want text/plain then text/html", types)
	}
	if bodies[0] != "Hi! Want a free sample?" || bodies[1] != "<p>Hi! Want a <b>free sample</b>?</p>" {
		t.Errorf("bodies %q", bodies)
	}
}

func TestSendSameMessageIDTwice(t *testing.T) {
	srv := startServer(t, smtptest.Options{})
	s := newSender(t, senderConfig(srv, TLSNone))
	for range 2 {
		if _, err := s.Send(context.Background(), testMessage()); err != nil {
			t.Fatal(err)
		}
	}
	got := srv.Messages()
	if len(got) != 2 || got[0].Header.Get("Message-Id") != got[1].Header.Get("Message-Id") {
		t.Fatalf("a resend must carry the same Message-ID: %d messages", len(got))
	}
}

func TestSendMailtoOnlyHasNoOneClick(t *testing.T) {
	srv := startServer(t, smtptest.Options{})
	m := testMessage()
	m.ListUnsubscribe = ListUnsubscribe{Mailto: "unsubscribe@brand.example"}
	m.HTML = ""
	if _, err := newSender(t, senderConfig(srv, TLSNone)).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	h := srv.Messages()[0].Header
	if h.Get("List-Unsubscribe") != "<mailto:unsubscribe@brand.example>" || h.Get("List-Unsubscribe-Post") != "" {
		t.Errorf("List-Unsubscribe %q, -Post %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
	}
	if ct, _, _ := mime.ParseMediaType(h.Get("Content-Type")); ct != "text/plain" {
		t.Errorf("a text-only message is %q", ct)
	}
}

func TestDefaultPortsAndModes(t *testing.T) {
	tests := []struct {
		in   string
		mode TLSMode
		port int
	}{
		{"", TLSStartTLS, 587}, {"STARTTLS", TLSStartTLS, 587}, {"ssl", TLSImplicit, 465}, {"tls", TLSImplicit, 465}, {"none", TLSNone, 25},
	}
	for _, tt := range tests {
		m, err := ParseTLSMode(tt.in)
		if err != nil || m != tt.mode || (Config{TLS: m}).port() != tt.port {
			t.Errorf("ParseTLSMode(%q) = %q, %v, port %d", tt.in, m, err, (Config{TLS: m}).port())
		}
	}
	if _, err := ParseTLSMode("quantum"); err == nil {
		t.Error("unknown mode accepted")
	}
}

func TestHeaderParsesBack(t *testing.T) {
	// The Message-ID NewMessageID builds must survive a strict RFC 5322 parser.
	for _, key := range []string{"outbox:1", "a b", ".lead", "trail.", "a..b", "x=y", "ünï", ""} {
		id := NewMessageID(key+"k", "brand.example")
		raw := "Message-ID: " + id + "\r\n\r\n"
		m, err := mail.ReadMessage(strings.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := checkMessageID(m.Header.Get("Message-ID")); err != nil {
			t.Errorf("key %q → %s: %v", key, id, err)
		}
	}
}
