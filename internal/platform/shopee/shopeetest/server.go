// Package shopeetest is a fake Shopee Open Platform for tests and demos. It checks every
// request the way Shopee does — partner id, timestamp window, HMAC signature over partner_id +
// path + timestamp [+ access_token + shop_id], access token validity — and answers with
// Shopee's error envelopes. It serves shop authorization, the token endpoints and the AMS
// conversion report from deterministic generated data, and can inject 429 and 5xx answers.
//
// It recomputes signatures with its own code, not the client's, so it is an independent
// referee of the client's signing.
package shopeetest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// Paths the fake serves.
const (
	PathAuthPartner      = "/api/v2/shop/auth_partner"
	PathTokenGet         = "/api/v2/auth/token/get"
	PathTokenRefresh     = "/api/v2/auth/access_token/get"
	PathConversionReport = "/api/v2/ams/get_conversion_report"
)

// Lifetimes of Shopee's credentials and signed requests.
const (
	AccessTTL      = 4 * time.Hour
	RefreshTTL     = 30 * 24 * time.Hour
	CodeTTL        = 10 * time.Minute
	TimestampSlack = 5 * time.Minute // a request's timestamp may be this far from the server's clock
)

// Config sets up a fake. Zero fields take the defaults noted.
type Config struct {
	PartnerID  int64  // 2001234
	PartnerKey string // "shpk-test-partner-key"
	Now        func() time.Time
	ShopID     int64          // the shop a seller authorizes at auth_partner; 1001
	Currency   string         // every shop's currency; "IDR"
	Location   *time.Location // where report times are written; UTC+7
	Orders     int            // conversion report orders per shop; 240
	Epoch      time.Time      // generated orders are placed in the 30 days from here; 2026-09-01 UTC
	Seed       uint64         // varies the generated data
}

// Server is a running fake.
type Server struct {
	URL string // base URL to configure the client with

	cfg Config
	srv *httptest.Server

	mu       sync.Mutex
	codes    map[string]*grant
	access   map[string]*grant
	refresh  map[string]*grant
	fails    []injected
	requests map[string]int
	orders   map[int64][]Order
	reqSeq   int
}

// grant is an issued code or token.
type grant struct {
	shopID  int64
	expires time.Time
	used    bool
}

// New starts a fake on a loopback port. Close it when done.
func New(cfg Config) *Server {
	s := NewUnstarted(cfg)
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

// NewUnstarted builds a fake without a listener, to mount its handler elsewhere.
func NewUnstarted(cfg Config) *Server {
	if cfg.PartnerID == 0 {
		cfg.PartnerID = 2001234
	}
	if cfg.PartnerKey == "" {
		cfg.PartnerKey = "shpk-test-partner-key"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ShopID == 0 {
		cfg.ShopID = 1001
	}
	if cfg.Currency == "" {
		cfg.Currency = "IDR"
	}
	if cfg.Location == nil {
		cfg.Location = time.FixedZone("Asia/Jakarta", 7*3600)
	}
	if cfg.Orders == 0 {
		cfg.Orders = 240
	}
	if cfg.Epoch.IsZero() {
		cfg.Epoch = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	}
	s := &Server{
		cfg:      cfg,
		codes:    map[string]*grant{},
		access:   map[string]*grant{},
		refresh:  map[string]*grant{},
		requests: map[string]int{},
		orders:   map[int64][]Order{},
	}
	s.currency() // fail at setup, not on the first report request
	return s
}

// Close stops the listener.
func (s *Server) Close() {
	if s.srv != nil {
		s.srv.Close()
	}
}

// Config returns the effective configuration, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Requests is how many requests reached path, refused ones included.
func (s *Server) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// ServeHTTP checks the request's signature and credentials, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.reqSeq++
	reqID := fmt.Sprintf("fake-%08x", s.reqSeq)
	f, failing := s.takeFailure()
	s.mu.Unlock()
	if failing {
		writeError(w, reqID, f.status, f.code, f.message)
		return
	}
	type route struct {
		method    string
		shopLevel bool
		handle    func(w http.ResponseWriter, r *http.Request, reqID string, shopID int64)
	}
	routes := map[string]route{
		PathAuthPartner:      {http.MethodGet, false, s.authPartner},
		PathTokenGet:         {http.MethodPost, false, s.tokenGet},
		PathTokenRefresh:     {http.MethodPost, false, s.tokenRefresh},
		PathConversionReport: {http.MethodGet, true, s.conversionReport},
	}
	rt, ok := routes[r.URL.Path]
	if !ok {
		writeError(w, reqID, http.StatusNotFound, "error_not_found", "Invalid path.")
		return
	}
	if r.Method != rt.method {
		writeError(w, reqID, http.StatusMethodNotAllowed, "error_param", "Method not allowed.")
		return
	}
	shopID, ok := s.authenticate(w, r, reqID, rt.shopLevel)
	if !ok {
		return
	}
	rt.handle(w, r, reqID, shopID)
}

// authenticate applies Shopee's checks in Shopee's order: partner, timestamp, signature,
// then the access token of shop-level calls. It answers the refusal itself.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, reqID string, shopLevel bool) (int64, bool) {
	q := r.URL.Query()
	partnerID, err := strconv.ParseInt(q.Get("partner_id"), 10, 64)
	if err != nil || partnerID != s.cfg.PartnerID {
		writeError(w, reqID, http.StatusForbidden, "error_param", "Invalid partner_id.")
		return 0, false
	}
	ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
	now := s.cfg.Now()
	if err != nil || absDuration(now.Sub(time.Unix(ts, 0))) > TimestampSlack {
		writeError(w, reqID, http.StatusForbidden, "error_param", "Invalid timestamp.")
		return 0, false
	}
	base := q.Get("partner_id") + r.URL.Path + q.Get("timestamp")
	var shopID int64
	token := q.Get("access_token")
	if shopLevel {
		shopID, err = strconv.ParseInt(q.Get("shop_id"), 10, 64)
		if err != nil || token == "" {
			writeError(w, reqID, http.StatusForbidden, "error_param", "shop_id and access_token are required.")
			return 0, false
		}
		base += token + q.Get("shop_id")
	}
	if !s.signatureMatches(base, q.Get("sign")) {
		writeError(w, reqID, http.StatusForbidden, "error_sign", "Wrong sign.")
		return 0, false
	}
	if shopLevel {
		s.mu.Lock()
		g := s.access[token]
		valid := g != nil && g.shopID == shopID && now.Before(g.expires)
		s.mu.Unlock()
		if !valid {
			writeError(w, reqID, http.StatusForbidden, "invalid_acceess_token", "Invalid access_token.")
			return 0, false
		}
	}
	return shopID, true
}

// signatureMatches recomputes the HMAC and compares in constant time, as Shopee would.
func (s *Server) signatureMatches(base, sign string) bool {
	got, err := hex.DecodeString(sign)
	if err != nil {
		return false
	}
	h := hmac.New(sha256.New, []byte(s.cfg.PartnerKey))
	h.Write([]byte(base))
	return hmac.Equal(got, h.Sum(nil))
}

// writeError answers with Shopee's error envelope.
func writeError(w http.ResponseWriter, reqID string, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error": code, "message": message, "request_id": reqID})
}

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newSecret makes an unguessable token or code in Shopee's 32-hex-digit shape.
func newSecret() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// absDuration is |d|.
func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
