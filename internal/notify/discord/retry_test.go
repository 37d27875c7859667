package discord

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/notify/discord/discordtest"
)

func TestRetries(t *testing.T) {
	tests := []struct {
		name     string
		script   func(*discordtest.Server)
		wantErr  bool
		status   int
		requests int
		sleeps   []time.Duration // exact server-given waits; nil: check backoff bounds instead
		backoffs int
	}{
		{"429 with retry_after in the body", func(s *discordtest.Server) {
			s.RateLimitNext(discordtest.RateLimit{Times: 1, RetryAfter: 1500 * time.Millisecond})
		}, false, 0, 2, []time.Duration{1500 * time.Millisecond}, 0},
		{"429 with headers only", func(s *discordtest.Server) {
			s.RateLimitNext(discordtest.RateLimit{Times: 2, RetryAfter: 2250 * time.Millisecond, HeadersOnly: true})
		}, false, 0, 3, []time.Duration{2250 * time.Millisecond, 2250 * time.Millisecond}, 0},
		{"global 429 longer than the in-process wait", func(s *discordtest.Server) {
			s.RateLimitNext(discordtest.RateLimit{Times: 1, RetryAfter: 2 * time.Minute, Global: true})
		}, true, 429, 1, []time.Duration{}, 0},
		{"429 every time", func(s *discordtest.Server) {
			s.RateLimitNext(discordtest.RateLimit{Times: 10, RetryAfter: time.Second})
		}, true, 429, 4, []time.Duration{time.Second, time.Second, time.Second}, 0},
		// A post answered 5xx may have posted: reported, not repeated.
		{"502 on a post is not retried", func(s *discordtest.Server) { s.FailNext(2, http.StatusBadGateway) }, true, 502, 1, nil, 0},
		{"500 every time", func(s *discordtest.Server) { s.FailNext(10, http.StatusInternalServerError) }, true, 500, 1, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			tt.script(f.fake)
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Content: "hi"}, false)
			if tt.wantErr {
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.Status != tt.status || !apiErr.Temporary() {
					t.Fatalf("err = %v; want a temporary %d", err, tt.status)
				}
				if tt.status == 429 && apiErr.RetryAfter <= 0 {
					t.Errorf("a 429 error without RetryAfter: %v", apiErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if n := len(f.fake.Requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			wantPosts := 1
			if tt.wantErr {
				wantPosts = 0
			}
			if n := len(f.fake.Posts()); n != wantPosts {
				t.Errorf("%d posts recorded, want %d", n, wantPosts)
			}
			got := f.sleeps.all()
			if tt.sleeps != nil {
				if !slices.Equal(got, tt.sleeps) && !(len(got) == 0 && len(tt.sleeps) == 0) {
					t.Errorf("waited %v, want %v", got, tt.sleeps)
				}
				return
			}
			if len(got) != tt.backoffs {
				t.Fatalf("waited %v, want %d backoffs", got, tt.backoffs)
			}
			for i, d := range got {
				if limit := 500 * time.Millisecond << i; d < 0 || d > limit {
					t.Errorf("backoff %d = %v, outside [0, %v]", i+1, d, limit)
				}
			}
		})
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.client.ExecuteWebhook(context.Background(), strings.Replace(f.hookURL, webhookToken, "nope", 1), WebhookMessage{Content: "hi"}, false)
	if err == nil || len(f.fake.Requests()) != 1 || len(f.sleeps.all()) != 0 {
		t.Fatalf("err %v, %d requests, sleeps %v", err, len(f.fake.Requests()), f.sleeps.all())
	}
}

func TestNetworkErrors(t *testing.T) {
	// A server that is gone: PUT and DELETE are retried, POST is not (it may have posted).
	tests := []struct {
		name   string
		call   func(f *fixture) error
		sleeps int
	}{
		{"role add is retried", func(f *fixture) error {
			return f.client.AddMemberRole(context.Background(), guildID, userID, roleID, "")
		}, 3},
		{"role remove is retried", func(f *fixture) error {
			return f.client.RemoveMemberRole(context.Background(), guildID, userID, roleID, "")
		}, 3},
		{"webhook post is not", func(f *fixture) error {
			_, err := f.client.ExecuteWebhook(context.Background(), f.hookURL, WebhookMessage{Content: "hi"}, false)
			return err
		}, 0},
		{"opening a DM channel is (it returns the same channel)", func(f *fixture) error {
			_, err := f.client.SendDM(context.Background(), userID, MessageCreate{Content: "hi"})
			return err
		}, 3},
		{"DM post is not", func(f *fixture) error {
			_, err := f.client.SendMessage(context.Background(), "1300000000000000001", MessageCreate{Content: "hi"})
			return err
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.fake.Close()
			err := tt.call(f)
			var te *TransportError
			if !errors.As(err, &te) || !te.Temporary() {
				t.Fatalf("err = %v, want a *TransportError", err)
			}
			if n := len(f.sleeps.all()); n != tt.sleeps {
				t.Errorf("%d retries, want %d", n, tt.sleeps)
			}
			if strings.Contains(err.Error(), webhookToken) || strings.Contains(err.Error(), botToken) {
				t.Errorf("error shows a token: %v", err)
			}
		})
	}
}

func TestContextEndsTheWait(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Sleep = nil }) // the real sleeper
	f.fake.RateLimitNext(discordtest.RateLimit{Times: 1, RetryAfter: 20 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := f.client.ExecuteWebhook(ctx, f.hookURL, WebhookMessage{Content: "hi"}, false)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(f.fake.Posts()) != 0 {
		t.Error("posted after the context ended")
	}
}

func TestTokensNeverLogged(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	f.fake.RateLimitNext(discordtest.RateLimit{Times: 1, RetryAfter: time.Second})
	f.fake.FailNext(1, http.StatusBadGateway)
	var errs []error
	_, err := f.client.ExecuteWebhook(ctx, f.hookURL, WebhookMessage{Content: "hi"}, true)
	errs = append(errs, err)
	_, err = f.client.ExecuteWebhook(ctx, strings.Replace(f.hookURL, webhookToken, webhookToken+"x", 1), WebhookMessage{Content: "hi"}, true)
	errs = append(errs, err)
	errs = append(errs, f.client.AddMemberRole(ctx, guildID, userID, roleID, "tier"))
	errs = append(errs, f.client.AddMemberRole(ctx, guildID, userID, "1999999999999999999", "tier"))
	_, err = f.client.SendDM(ctx, userID, MessageCreate{Content: "hi"})
	errs = append(errs, err)
	f.fake.Close()
	_, err = f.client.ExecuteWebhook(ctx, f.hookURL, WebhookMessage{Content: "hi"}, true)
	errs = append(errs, err)

	logs := f.logs.String()
	if !strings.Contains(logs, "/api/webhooks/1200000000000000009/[redacted]") || !strings.Contains(logs, "retrying") {
		t.Fatalf("expected redacted webhook paths and retries in the log:\n%s", logs)
	}
	for _, secret := range []string{botToken, webhookToken, "s3cr3t"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log holds %q:\n%s", secret, logs)
		}
		for _, e := range errs {
			if e != nil && strings.Contains(e.Error(), secret) {
				t.Errorf("error holds %q: %v", secret, e)
			}
		}
	}
}

func TestAuditReasonEncoding(t *testing.T) {
	long := strings.Repeat("é", MaxAuditLogReason+10)
	tests := []struct{ in, want string }{
		{"Tier up", "Tier%20up"},
		{"Gold ✨", "Gold%20%E2%9C%A8"},
		{"a\r\nX-Evil: 1", "a%0D%0AX-Evil:%201"},
	}
	for _, tt := range tests {
		if got := auditReason(tt.in); got != tt.want {
			t.Errorf("auditReason(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := auditReason(long); got != strings.Repeat("%C3%A9", MaxAuditLogReason) {
		t.Errorf("a long reason is not cut at %d characters: %d bytes", MaxAuditLogReason, len(got))
	}
}
