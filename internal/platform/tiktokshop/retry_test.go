package tiktokshop

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"pgregory.net/rapid"
)

// Retries happen on rate limits and 5xx, never on other 4xx; the fake counts attempts.
func TestRetries(t *testing.T) {
	const linkPath = "/affiliate_seller/202405/products/1729000000000000000/promotion_link/generate"
	msgPath := "/affiliate_seller/202412/conversations/8900000000000000000/messages"
	tests := []struct {
		name      string
		path      string
		status    int
		failures  int
		send      bool // SendMessage (mutating) instead of GeneratePromotionLink
		wantCalls int
		wantErr   func(*APIError) bool
	}{
		{name: "429 twice then success", path: linkPath, status: 429, failures: 2, wantCalls: 3},
		{name: "503 twice then success", path: linkPath, status: 503, failures: 2, wantCalls: 3},
		{name: "500 once then success", path: linkPath, status: 500, failures: 1, wantCalls: 2},
		{name: "429 beyond max attempts", path: linkPath, status: 429, failures: 10, wantCalls: 4, wantErr: (*APIError).IsRateLimited},
		{name: "502 beyond max attempts", path: linkPath, status: 502, failures: 10, wantCalls: 4, wantErr: (*APIError).IsServerError},
		{name: "message: 429 is retried", path: msgPath, status: 429, failures: 1, send: true, wantCalls: 2},
		{name: "message: 503 is not retried", path: msgPath, status: 503, failures: 1, send: true, wantCalls: 1, wantErr: (*APIError).IsServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, tiktokshoptest.Options{}, nil)
			ctx := context.Background()
			var err error
			if tt.send {
				conv, cerr := r.client.CreateConversation(ctx, r.shop, "6900000000000000000")
				if cerr != nil {
					t.Fatal(cerr)
				}
				r.srv.Fail(tt.path, tt.status, tt.failures)
				_, err = r.client.SendMessage(ctx, r.shop, conv, TextMessage("hello"))
			} else {
				r.srv.Fail(tt.path, tt.status, tt.failures)
				_, err = r.client.GeneratePromotionLink(ctx, r.shop, "1729000000000000000")
			}
			if got := r.srv.Calls(tt.path); got != tt.wantCalls {
				t.Errorf("fake saw %d calls, want %d", got, tt.wantCalls)
			}
			if got := r.waits(); got != tt.wantCalls-1 {
				t.Errorf("client waited %d times, want %d", got, tt.wantCalls-1)
			}
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			e, ok := AsAPIError(err)
			if !ok || !tt.wantErr(e) {
				t.Fatalf("error %v is not the expected kind", err)
			}
		})
	}
}

// A 4xx that is not a rate limit is answered once and returned.
func TestNoRetryOnClientErrors(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	ctx := context.Background()
	r.srv.Advance(tiktokshoptest.AccessTTL + time.Hour)
	_, err := r.client.AuthorizedShops(ctx, r.shop.AccessToken)
	e := mustAPIError(t, err, CodeExpiredAccessToken)
	if !e.IsTokenProblem() || e.HTTPStatus != http.StatusUnauthorized {
		t.Errorf("error = %+v, want a token problem with HTTP 401", e)
	}
	if n := r.srv.Calls("/authorization/202309/shops"); n != 1 {
		t.Errorf("fake saw %d calls, want 1", n)
	}
	if r.waits() != 0 {
		t.Error("client waited before giving up on a 4xx")
	}
}

// A transport failure is retried for reads, and its error never carries the URL.
func TestNetworkErrorsRetriedAndRedacted(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	url := r.srv.URL
	r.srv.Close()
	c, err := New(Config{AppKey: "k", AppSecret: "topsecret", APIBaseURL: url, AuthBaseURL: url,
		MaxAttempts: 3, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RefreshToken(context.Background(), "ROW_refresh_value")
	if err == nil {
		t.Fatal("expected an error from a closed server")
	}
	for _, secret := range []string{"topsecret", "ROW_refresh_value", "sign="} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains %q", err, secret)
		}
	}
	_, err = c.AuthorizedShops(context.Background(), "tok")
	if !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Errorf("error %q: want the read retried 3 times", err)
	}
}

// Cancelling the context while the client waits stops the retries.
func TestRetryHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := newRig(t, tiktokshoptest.Options{}, func(c *Config) {
		c.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	})
	r.srv.Fail("", 429, 5)
	_, err := r.client.AuthorizedShops(ctx, r.shop.AccessToken)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if n := r.srv.Calls("/authorization/202309/shops"); n != 1 {
		t.Errorf("fake saw %d calls after cancellation, want 1", n)
	}
}

// Backoff is full jitter under an exponential ceiling, and never beyond BackoffMax.
func TestBackoffBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := time.Duration(rapid.Int64Range(1, int64(5*time.Second)).Draw(t, "base"))
		maxD := time.Duration(rapid.Int64Range(int64(base), int64(time.Minute)).Draw(t, "max"))
		n := rapid.IntRange(1, 40).Draw(t, "attempt")
		ra := time.Duration(rapid.Int64Range(0, int64(2*time.Minute)).Draw(t, "retryAfter"))
		cl := &Client{cfg: Config{BackoffBase: base, BackoffMax: maxD}}
		ceil := base
		for i := 1; i < n && ceil < maxD; i++ {
			ceil *= 2
		}
		ceil = min(ceil, maxD)
		d := cl.backoff(n, ra)
		if d < 0 || d > maxD {
			t.Fatalf("backoff(%d) = %v outside [0, %v]", n, d, maxD)
		}
		if d >= ceil && d != min(ra, maxD) {
			t.Fatalf("backoff(%d) = %v reaches the ceiling %v without a Retry-After", n, d, ceil)
		}
		if ra > 0 && d < min(ra, maxD) {
			t.Fatalf("backoff(%d) = %v below Retry-After %v", n, d, ra)
		}
	})
}
