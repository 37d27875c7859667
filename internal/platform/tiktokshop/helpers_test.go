package tiktokshop

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

// rig is a fake platform and a client wired to it, with the client's waits and logs captured.
type rig struct {
	srv    *tiktokshoptest.Server
	client *Client
	shop   ShopAuth
	grant  tiktokshoptest.Grant
	logs   *syncBuffer
	mu     sync.Mutex
	sleeps []time.Duration
}

// syncBuffer is a bytes.Buffer safe for a logger and a test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newRig starts a fake with opts and a client for it; edit adjusts the client's Config.
func newRig(t *testing.T, opts tiktokshoptest.Options, edit func(*Config)) *rig {
	t.Helper()
	r := &rig{srv: tiktokshoptest.New(t, opts), logs: &syncBuffer{}}
	cfg := Config{
		AppKey: r.srv.AppKey, AppSecret: r.srv.AppSecret,
		APIBaseURL: r.srv.URL, AuthBaseURL: r.srv.URL,
		Timeout: 10 * time.Second,
		Logger:  slog.New(slog.NewJSONHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:     r.srv.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			r.mu.Lock()
			r.sleeps = append(r.sleeps, d)
			r.mu.Unlock()
			return ctx.Err()
		},
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r.client = c
	r.grant = r.srv.Grant()
	r.shop = ShopAuth{Cipher: r.grant.ShopCipher, AccessToken: r.grant.AccessToken}
	return r
}

// waits is how many times the client backed off.
func (r *rig) waits() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sleeps)
}

// collect drains an iterator, keeping items and errors apart.
func collect[T any](seq func(func(T, error) bool)) ([]T, []error) {
	var items []T
	var errs []error
	for it, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, it)
	}
	return items, errs
}

// tamper is a RoundTripper that changes requests after the client signed them.
type tamper struct {
	edit func(*http.Request)
	// signs records every sign query value sent, for the log test.
	mu    sync.Mutex
	signs []string
}

func (tp *tamper) RoundTrip(req *http.Request) (*http.Response, error) {
	tp.mu.Lock()
	if s := req.URL.Query().Get("sign"); s != "" {
		tp.signs = append(tp.signs, s)
	}
	tp.mu.Unlock()
	if tp.edit != nil {
		tp.edit(req)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// replaceBody swaps a request's body for b.
func replaceBody(req *http.Request, b []byte) {
	req.Body = io.NopCloser(bytes.NewReader(b))
	req.ContentLength = int64(len(b))
}

// mustAPIError asserts err is an *APIError with code.
func mustAPIError(t *testing.T, err error, code int) *APIError {
	t.Helper()
	e, ok := AsAPIError(err)
	if !ok {
		t.Fatalf("error %v is not an *APIError", err)
	}
	if e.Code != code {
		t.Fatalf("code = %d, want %d (%v)", e.Code, code, err)
	}
	return e
}

// fakeJSON serves body to every request, for responses the fake would never send.
func fakeJSON(t *testing.T, body string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}
