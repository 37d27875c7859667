// Package tiktokshoptest is a fake TikTok Shop Open API for tests and demos. It checks what
// the platform checks — the signature recomputed from the raw request, the timestamp, the
// access token, the shop cipher, page sizes and call limits — and answers with the
// platform's codes, over data generated deterministically from a seed.
//
// It shares no code with the client on purpose: a signing bug in the client must be refused
// here, not mirrored.
package tiktokshoptest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Options configure a fake; every field has a default.
type Options struct {
	AppKey      string // default "testkey"
	AppSecret   string // default "testsecret"
	ServiceID   string // default "7000000000000000001"
	RedirectURL string // where /open/authorize sends the seller back; empty: it answers with the code
	Seed        uint64 // generated data depends on it alone
	Orders      int    // default 120
	Creators    int    // default 60
	Samples     int    // default 30
	Products    int    // default 12
	Currency    string // default "USD"
	Start       time.Time
	Days        int              // orders are created over [Start, Start+Days); default 2026-01-01 and 30
	Shops       []Shop           // default: one US shop
	Now         func() time.Time // default time.Now; Advance moves it
}

// Shop is an authorized shop as the fake lists it.
type Shop struct {
	ID, Name, Region, Cipher, SellerType string
}

// Server is a running fake. URL serves both the API host and the auth host.
type Server struct {
	URL       string
	AppKey    string
	AppSecret string
	ServiceID string

	opts Options
	ts   *httptest.Server
	mux  *http.ServeMux

	mu       sync.Mutex
	offset   time.Duration
	seq      int64
	calls    map[string]int
	failures []failure
	codes    map[string]grant // auth code → grant waiting to be exchanged
	access   map[string]*grant
	refresh  map[string]*grant

	orders   []Order
	creators []Creator
	products []Product
	samples  []SampleApplication
	openCols []OpenCollaboration
	targets  []TargetCollaboration
	messages []Message
	convs    map[string]string // conversation id → creator user id
	reviews  []Review
	im       imState
}

// failure is an injected error answered before any check, as a gateway would.
type failure struct {
	path   string // "" matches every path
	status int
	left   int
}

// New starts a fake for a test and stops it when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// NewServer starts a fake on a loopback port; Close stops it.
func NewServer(opts Options) *Server {
	s := newState(opts)
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s
}

// NewHandler builds a fake without a listener, for serving on an address of one's own
// (the fake-platform command). baseURL is the address clients will use, for links.
func NewHandler(opts Options, baseURL string) *Server {
	s := newState(opts)
	s.URL = baseURL
	return s
}

// Close stops the listener started by New or NewServer.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// newState fills defaults and generates the data.
func newState(o Options) *Server {
	if o.AppKey == "" {
		o.AppKey = "testkey"
	}
	if o.AppSecret == "" {
		o.AppSecret = "testsecret"
	}
	if o.ServiceID == "" {
		o.ServiceID = "7000000000000000001"
	}
	if o.Orders == 0 {
		o.Orders = 120
	}
	if o.Creators == 0 {
		o.Creators = 60
	}
	if o.Samples == 0 {
		o.Samples = 30
	}
	if o.Products == 0 {
		o.Products = 12
	}
	if o.Currency == "" {
		o.Currency = "USD"
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.Days == 0 {
		o.Days = 30
	}
	if len(o.Shops) == 0 {
		o.Shops = []Shop{{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: "ROW_fakecipher1", SellerType: "LOCAL"}}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{
		AppKey: o.AppKey, AppSecret: o.AppSecret, ServiceID: o.ServiceID, opts: o,
		calls: map[string]int{}, codes: map[string]grant{}, access: map[string]*grant{}, refresh: map[string]*grant{},
		convs: map[string]string{},
	}
	s.generate()
	s.routes()
	return s
}

// Now is the fake's clock; pass it as the client's Config.Now after Advance.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.opts.Now().Add(s.offset).UTC() }

// Advance moves the fake's clock, e.g. past an access token's expiry.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.offset += d
	s.mu.Unlock()
}

// Fail makes the next n requests to path ("" for any) fail with status (429 or 5xx)
// before any other check, the way a gateway throttles or falls over.
func (s *Server) Fail(path string, status, n int) {
	s.mu.Lock()
	s.failures = append(s.failures, failure{path: path, status: status, left: n})
	s.mu.Unlock()
}

// Calls is how many requests reached path, refused ones included.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// ServeHTTP counts the request, applies injected failures, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.calls[r.URL.Path]++
	status := 0
	for i := range s.failures {
		f := &s.failures[i]
		if f.left > 0 && (f.path == "" || f.path == r.URL.Path) {
			f.left--
			status = f.status
			break
		}
	}
	s.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests:
		s.fail(w, status, codeRateLimited, "Too many requests. Please retry later.")
	case status != 0:
		s.fail(w, status, codeInternal, "Internal error. Please retry.")
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// requestID is unique per response, shaped like the platform's (time then a counter).
func (s *Server) requestID() string {
	s.mu.Lock()
	s.seq++
	n := s.seq
	now := s.nowLocked()
	s.mu.Unlock()
	return fmt.Sprintf("%s%018X", now.Format("20060102150405"), n)
}
