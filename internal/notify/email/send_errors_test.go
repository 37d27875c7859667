package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/notify/email/smtptest"
)

func TestSendAuthFailures(t *testing.T) {
	tests := []struct {
		name string
		mode smtptest.Mode
		tls  TLSMode
		auth AuthMechanism
		pass string
	}{
		{"wrong password, PLAIN", smtptest.StartTLS, TLSStartTLS, AuthPlain, "nope"},
		{"wrong password, LOGIN", smtptest.ImplicitTLS, TLSImplicit, AuthLogin, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, smtptest.Options{Mode: tt.mode, Users: map[string]string{testUser: testPass}})
			cfg := senderConfig(srv, tt.tls)
			cfg.Username, cfg.Password, cfg.Auth = testUser, tt.pass, tt.auth
			_, err := newSender(t, cfg).Send(context.Background(), testMessage())
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.Op != OpConnect || se.Code != 535 || !se.Permanent() || se.Bounce() {
				t.Errorf("op %q code %d permanent %v bounce %v; want connect 535 permanent, not a bounce (%v)",
					se.Op, se.Code, se.Permanent(), se.Bounce(), se)
			}
			if srv.AuthFailures() != 1 || len(srv.Messages()) != 0 {
				t.Errorf("auth failures %d, messages %d", srv.AuthFailures(), len(srv.Messages()))
			}
			if strings.Contains(err.Error(), tt.pass) {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}

func TestSendWithoutCredentialsRefused(t *testing.T) {
	srv := startServer(t, smtptest.Options{Mode: smtptest.StartTLS, Users: map[string]string{testUser: testPass}})
	_, err := newSender(t, senderConfig(srv, TLSStartTLS)).Send(context.Background(), testMessage())
	var se *SendError
	if !errors.As(err, &se) || se.Op != OpMailFrom || se.Code != 502 || !se.Permanent() || se.Bounce() {
		t.Fatalf("err = %v; want a permanent MAIL FROM 502 that is not a bounce", err)
	}
}

func TestSendTLSFailures(t *testing.T) {
	tests := []struct {
		name string
		srv  smtptest.Mode
		mode TLSMode
		cfg  func(*Config)
	}{
		{"starttls required, server has none", smtptest.Plain, TLSStartTLS, nil},
		{"untrusted certificate", smtptest.ImplicitTLS, TLSImplicit, func(c *Config) { c.TLSConfig = nil }},
		{"untrusted certificate on starttls", smtptest.StartTLS, TLSStartTLS, func(c *Config) { c.TLSConfig = &tls.Config{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, smtptest.Options{Mode: tt.srv})
			cfg := senderConfig(srv, tt.mode)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			_, err := newSender(t, cfg).Send(context.Background(), testMessage())
			var se *SendError
			if !errors.As(err, &se) || se.Op != OpConnect || !se.Permanent() || se.Bounce() {
				t.Fatalf("err = %v; want a permanent connect error", err)
			}
			if len(srv.Messages()) != 0 {
				t.Error("a message went out without the required TLS")
			}
		})
	}
}

func TestSendRejections(t *testing.T) {
	tests := []struct {
		name      string
		rcpt      *smtptest.Rejection
		data      *smtptest.Rejection
		op        string
		code      int
		status    string
		permanent bool
		bounce    bool
	}{
		{"550 unknown user", &smtptest.Rejection{Code: 550, Enhanced: [3]int{5, 1, 1}, Message: "No such user"}, nil, OpRcptTo, 550, "5.1.1", true, true},
		{"553 bad mailbox name", &smtptest.Rejection{Code: 553, Enhanced: [3]int{5, 1, 3}, Message: "Bad address"}, nil, OpRcptTo, 553, "5.1.3", true, true},
		{"451 greylisted", &smtptest.Rejection{Code: 451, Enhanced: [3]int{4, 7, 1}, Message: "Greylisted, try later"}, nil, OpRcptTo, 451, "4.7.1", false, false},
		{"452 mailbox full", &smtptest.Rejection{Code: 452, Enhanced: [3]int{4, 2, 2}, Message: "Mailbox full"}, nil, OpRcptTo, 452, "4.2.2", false, false},
		{"554 content rejected", nil, &smtptest.Rejection{Code: 554, Enhanced: [3]int{5, 7, 1}, Message: "Spam"}, OpData, 554, "5.7.1", true, false},
		{"550 5.1.1 at data", nil, &smtptest.Rejection{Code: 550, Enhanced: [3]int{5, 1, 1}, Message: "No such user"}, OpData, 550, "5.1.1", true, true},
		{"421 at data", nil, &smtptest.Rejection{Code: 421, Enhanced: [3]int{4, 3, 0}, Message: "Try again"}, OpData, 421, "4.3.0", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, smtptest.Options{})
			if tt.rcpt != nil {
				srv.RejectRecipient("creator@example.com", *tt.rcpt)
			}
			if tt.data != nil {
				srv.RejectData(*tt.data)
			}
			_, err := newSender(t, senderConfig(srv, TLSNone)).Send(context.Background(), testMessage())
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want *SendError", err)
			}
			if se.Op != tt.op || se.Code != tt.code || se.EnhancedCode != tt.status || se.Permanent() != tt.permanent || se.Bounce() != tt.bounce {
				t.Errorf("got op %q code %d status %q permanent %v bounce %v; want %q %d %q %v %v",
					se.Op, se.Code, se.EnhancedCode, se.Permanent(), se.Bounce(), tt.op, tt.code, tt.status, tt.permanent, tt.bounce)
			}
			if se.Recipient != "creator@example.com" || se.MessageID != "<outbox=3A42=3Astep-1@brand.example>" {
				t.Errorf("error names recipient %q message %q", se.Recipient, se.MessageID)
			}
			if !strings.HasPrefix(se.Reply, strings.Fields(tt.name)[0]) || strings.Contains(se.Reply, "affected") {
				t.Errorf("reply %q is not the server's own words", se.Reply)
			}
		})
	}
}

func TestSendTimeouts(t *testing.T) {
	t.Run("silent server", func(t *testing.T) {
		silent, err := smtptest.StartSilent()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(silent.Close)
		cfg := Config{Host: "127.0.0.1", Port: silent.Port(), TLS: TLSNone, From: "a@brand.example", Timeout: 200 * time.Millisecond}
		_, err = newSender(t, cfg).Send(context.Background(), testMessage())
		var se *SendError
		if !errors.As(err, &se) || se.Op != OpConnect || se.Permanent() || se.Code != 0 {
			t.Fatalf("err = %v; want a temporary connect error", err)
		}
	})
	t.Run("server hangs at data", func(t *testing.T) {
		srv := startServer(t, smtptest.Options{})
		srv.Hang()
		cfg := senderConfig(srv, TLSNone)
		cfg.Timeout = 200 * time.Millisecond
		_, err := newSender(t, cfg).Send(context.Background(), testMessage())
		var se *SendError
		if !errors.As(err, &se) || se.Op != OpData || se.Permanent() {
			t.Fatalf("err = %v; want a temporary data error", err)
		}
	})
	t.Run("context cancelled while the server hangs", func(t *testing.T) {
		srv := startServer(t, smtptest.Options{})
		srv.Hang()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := newSender(t, senderConfig(srv, TLSNone)).Send(ctx, testMessage())
		var se *SendError
		if !errors.As(err, &se) || se.Permanent() || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v; want a temporary error wrapping context.Canceled", err)
		}
	})
	t.Run("nothing listening", func(t *testing.T) {
		silent, _ := smtptest.StartSilent()
		port := silent.Port()
		silent.Close()
		cfg := Config{Host: "127.0.0.1", Port: port, TLS: TLSNone, From: "a@brand.example", Timeout: time.Second}
		_, err := newSender(t, cfg).Send(context.Background(), testMessage())
		var se *SendError
		if !errors.As(err, &se) || se.Permanent() {
			t.Fatalf("err = %v; want a temporary error", err)
		}
	})
}

func TestPasswordNeverLogged(t *testing.T) {
	for _, auth := range []AuthMechanism{AuthPlain, AuthLogin} {
		for _, pass := range []string{testPass, "wrong-" + testPass} {
			t.Run(string(auth)+"/"+pass, func(t *testing.T) {
				srv := startServer(t, smtptest.Options{Mode: smtptest.StartTLS, Users: map[string]string{testUser: testPass}})
				var buf bytes.Buffer
				cfg := senderConfig(srv, TLSStartTLS)
				cfg.Username, cfg.Password, cfg.Auth = testUser, pass, auth
				cfg.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
				cfg.LogProtocol = true
				s := newSender(t, cfg)
				_, err := s.Send(context.Background(), testMessage())
				if (err == nil) != (pass == testPass) {
					t.Fatalf("err = %v", err)
				}
				logs := buf.String()
				if !strings.Contains(logs, "EHLO") {
					t.Fatalf("protocol log is empty: %q", logs)
				}
				for _, secret := range []string{
					pass,
					base64.StdEncoding.EncodeToString([]byte(pass)),
					base64.StdEncoding.EncodeToString([]byte("\x00" + testUser + "\x00" + pass)),
				} {
					if strings.Contains(logs, secret) {
						t.Errorf("log holds the password (as %q):\n%s", secret, logs)
					}
				}
				for _, v := range []any{cfg, s.cfg} {
					var out bytes.Buffer
					slog.New(slog.NewTextHandler(&out, nil)).Info("cfg", "sender", v)
					if strings.Contains(out.String(), pass) {
						t.Errorf("Config logs its password: %s", out.String())
					}
				}
			})
		}
	}
}

func TestMessageRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Message)
		want string
	}{
		{"no message id", func(m *Message) { m.MessageID = "" }, "no Message-ID"},
		{"bad message id", func(m *Message) { m.MessageID = "<a b@c>" }, "not allowed"},
		{"message id without @", func(m *Message) { m.MessageID = "abc" }, "left@right"},
		{"bad recipient", func(m *Message) { m.To = "not an address" }, "recipient"},
		{"no body", func(m *Message) { m.Text, m.HTML = "", "" }, "no body"},
		{"subject injection", func(m *Message) { m.Subject = "hi\r\nBcc: x@y.z" }, "line break"},
		{"header injection", func(m *Message) { m.Headers = map[string]string{"X-A": "1\nBcc: x@y.z"} }, "line break"},
		{"reserved header", func(m *Message) { m.Headers = map[string]string{"message-id": "<x@y>"} }, "set by the sender"},
		{"bad header name", func(m *Message) { m.Headers = map[string]string{"X A": "1"} }, "not allowed"},
		{"http unsubscribe", func(m *Message) { m.ListUnsubscribe.URL = "http://x.example/u" }, "https"},
		{"bad mailto", func(m *Message) { m.ListUnsubscribe.Mailto = "mailto:<x>" }, "mailto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startServer(t, smtptest.Options{})
			m := testMessage()
			tt.edit(&m)
			_, err := newSender(t, senderConfig(srv, TLSNone)).Send(context.Background(), m)
			var se *SendError
			if !errors.As(err, &se) || se.Op != OpMessage || !se.Permanent() || se.Bounce() || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want a permanent message error containing %q", err, tt.want)
			}
			if len(srv.Messages()) != 0 {
				t.Error("a refused message was sent")
			}
		})
	}
}

func TestConfigRefused(t *testing.T) {
	ok := Config{Host: "smtp.example.com", From: "a@b.example"}
	tests := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no host", func(c *Config) { c.Host = "" }, "host"},
		{"bad port", func(c *Config) { c.Port = 70000 }, "port"},
		{"bad tls", func(c *Config) { c.TLS = "maybe" }, "TLS mode"},
		{"bad auth", func(c *Config) { c.Auth = "kerberos" }, "auth"},
		{"bad from", func(c *Config) { c.From = "nobody" }, "from"},
		{"bad reply-to", func(c *Config) { c.ReplyTo = "x" }, "reply-to"},
		{"password only", func(c *Config) { c.Password = "p" }, "username"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.edit(&c)
			if _, err := New(c); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one naming %q", err, tt.want)
			}
		})
	}
	if _, err := New(ok); err != nil {
		t.Fatal(err)
	}
}
