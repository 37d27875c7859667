package shopee

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRetries(t *testing.T) {
	tests := []struct {
		name      string
		inject    func(f *fixture)
		wantCalls int
		wantErr   string // "" for success
	}{
		{"429 then success", func(f *fixture) { f.fake.FailNext(2, http.StatusTooManyRequests) }, 3, ""},
		{"500 then success", func(f *fixture) { f.fake.FailNext(1, http.StatusInternalServerError) }, 2, ""},
		{"503 then success", func(f *fixture) { f.fake.FailNext(3, http.StatusServiceUnavailable) }, 4, ""},
		{"rate-limit code with HTTP 200", func(f *fixture) {
			f.fake.FailNextWith(1, http.StatusOK, CodeRateLimit, "Too many requests.")
		}, 2, ""},
		{"gives up after MaxAttempts", func(f *fixture) { f.fake.FailNext(10, http.StatusBadGateway) }, 4, "HTTP 502"},
		{"400 is not retried", func(f *fixture) { f.fake.FailNext(1, http.StatusBadRequest) }, 1, "error_param"},
		{"403 wrong sign is not retried", func(f *fixture) {
			f.fake.FailNextWith(1, http.StatusForbidden, CodeWrongSign, "Wrong sign.")
		}, 1, "error_sign (Wrong sign.), HTTP 403"},
		{"404 is not retried", func(f *fixture) {
			f.fake.FailNextWith(1, http.StatusNotFound, "error_not_found", "Invalid path.")
		}, 1, "error_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			shop := f.shop()
			tt.inject(f)
			_, err := f.client.ConversionReportPage(context.Background(), shop, ReportQuery{PageSize: 5}, 1)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if got := f.fake.Requests(PathConversionReport); got != tt.wantCalls {
				t.Fatalf("%d requests, want %d", got, tt.wantCalls)
			}
			waits := f.sleeps.All()
			if len(waits) != tt.wantCalls-1 {
				t.Fatalf("%d waits for %d requests", len(waits), tt.wantCalls)
			}
			for i, d := range waits {
				// Full jitter: anywhere from zero to the doubling ceiling of this retry.
				if ceiling := baseDelay << i; d < 0 || d > ceiling {
					t.Fatalf("wait %d = %s, outside [0, %s]", i+1, d, ceiling)
				}
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls++; calls == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error":"error_rate_limit","message":"slow down","request_id":"r1"}`))
			return
		}
		w.Write([]byte(`{"access_token":"a","refresh_token":"r","expire_in":14400,"request_id":"r2"}`))
	}))
	defer srv.Close()
	sl := &sleeps{}
	c, _ := New(Config{PartnerID: 1, PartnerKey: "k", BaseURL: srv.URL, Sleep: sl.Sleep})
	if _, err := c.GetToken(context.Background(), "code", 5); err != nil {
		t.Fatal(err)
	}
	if w := sl.All(); len(w) != 1 || w[0] < 7*time.Second {
		t.Fatalf("waits %v, want one of at least 7s", w)
	}
}

// TestNetworkErrorsAreRetriedAndRedacted: a server that is gone is retried, and the final
// error names the path but not the access token or the signature.
func TestNetworkErrorsAreRetriedAndRedacted(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	sl := &sleeps{}
	c, _ := New(Config{PartnerID: 1, PartnerKey: "k", BaseURL: base, Sleep: sl.Sleep, MaxAttempts: 3})
	shop := Shop{ID: 9, AccessToken: "tok-SECRET-123", Currency: "USD", Location: time.UTC}
	_, err := c.ConversionReportPage(context.Background(), shop, ReportQuery{}, 1)
	if err == nil || len(sl.All()) != 2 {
		t.Fatalf("err = %v after %d waits", err, len(sl.All()))
	}
	msg := err.Error()
	if strings.Contains(msg, "tok-SECRET-123") || !strings.Contains(msg, "sign=REDACTED") || !strings.Contains(msg, "(shop 9)") {
		t.Fatalf("error %q leaks secrets or lacks context", msg)
	}
}

func TestContextCancelStopsRetrying(t *testing.T) {
	f := newFixture(t, nil)
	shop := f.shop()
	f.fake.FailNext(10, http.StatusServiceUnavailable)
	ctx, cancel := context.WithCancel(context.Background())
	f.client.sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := f.client.ConversionReportPage(ctx, shop, ReportQuery{}, 1)
	if !errors.Is(err, context.Canceled) || f.fake.Requests(PathConversionReport) != 1 {
		t.Fatalf("err = %v after %d requests", err, f.fake.Requests(PathConversionReport))
	}
	// Already cancelled: nothing is sent at all, and nothing is retried.
	_, err = f.client.ConversionReportPage(ctx, shop, ReportQuery{}, 1)
	if !errors.Is(err, context.Canceled) || f.fake.Requests(PathConversionReport) != 1 {
		t.Fatalf("cancelled context: err = %v", err)
	}
}

func TestBackoffBounds(t *testing.T) {
	for attempt := 1; attempt <= 40; attempt++ {
		ceiling := maxDelay
		if attempt < 16 {
			ceiling = min(baseDelay<<(attempt-1), maxDelay)
		}
		for range 50 {
			if d := backoff(attempt, 0); d < 0 || d > ceiling {
				t.Fatalf("attempt %d: %s outside [0, %s]", attempt, d, ceiling)
			}
		}
	}
	if d := backoff(1, time.Hour); d != maxDelay {
		t.Fatalf("a Retry-After of an hour gave %s, want the cap %s", d, maxDelay)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{PartnerKey: "k"}, "partner id 0"},
		{Config{PartnerID: 1}, "partner key is empty"},
		{Config{PartnerID: 1, PartnerKey: "k", BaseURL: "partner.shopeemobile.com"}, "is not an http(s) URL"},
		{Config{PartnerID: 1, PartnerKey: "k", BaseURL: "ftp://x"}, "is not an http(s) URL"},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v): err = %v, want %q", tt.cfg, err, tt.want)
		}
	}
	c, err := New(Config{PartnerID: 1, PartnerKey: "k"})
	if err != nil || c.base.String() != DefaultBaseURL || c.http.Timeout != DefaultTimeout || c.maxAttempts != DefaultMaxAttempts {
		t.Fatalf("defaults: %v %+v", err, c)
	}
}
