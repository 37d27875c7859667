package tiktokshoptest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Token lifetimes: about a week for access, a year for refresh.
const (
	AccessTTL   = 7 * 24 * time.Hour
	RefreshTTL  = 365 * 24 * time.Hour
	authCodeTTL = 10 * time.Minute
)

// grant is one seller's authorization of the app.
type grant struct {
	openID        string
	access        string
	refresh       string
	accessExpiry  time.Time
	refreshExpiry time.Time
	codeExpiry    time.Time
	shops         []string // ciphers
}

func (g *grant) hasShop(cipher string) bool { return slices.Contains(g.shops, cipher) }

// Grant is a token the fake issued, for tests that skip the OAuth exchange.
type Grant struct {
	AccessToken      string
	RefreshToken     string
	AccessExpiresAt  time.Time
	RefreshExpiresAt time.Time
	ShopCipher       string // the first shop's
}

// token mints an opaque token; deterministic per sequence number so runs are reproducible.
func (s *Server) tokenLocked(kind string) string {
	s.seq++
	sum := sha256.Sum256([]byte(kind + strconv.FormatInt(s.seq, 10) + s.AppSecret))
	return "ROW_" + kind + "_" + hex.EncodeToString(sum[:12])
}

// issueLocked creates live access and refresh tokens for a grant.
func (s *Server) issueLocked(g *grant) {
	now := s.nowLocked()
	g.access, g.refresh = s.tokenLocked("act"), s.tokenLocked("rft")
	g.accessExpiry, g.refreshExpiry = now.Add(AccessTTL).Truncate(time.Second), now.Add(RefreshTTL).Truncate(time.Second)
	s.access[g.access] = g
	s.refresh[g.refresh] = g
}

// IssueAuthCode is what the seller's browser would bring back from the authorize page:
// a code valid once for ten minutes, granting every configured shop.
func (s *Server) IssueAuthCode() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := s.tokenLocked("code")
	g := grant{openID: "open_" + code[len(code)-8:], codeExpiry: s.nowLocked().Add(authCodeTTL)}
	for _, sh := range s.opts.Shops {
		g.shops = append(g.shops, sh.Cipher)
	}
	s.codes[code] = g
	return code
}

// Grant issues tokens directly, as if the OAuth exchange had happened.
func (s *Server) Grant() Grant {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &grant{openID: "open_direct"}
	for _, sh := range s.opts.Shops {
		g.shops = append(g.shops, sh.Cipher)
	}
	s.issueLocked(g)
	return Grant{AccessToken: g.access, RefreshToken: g.refresh, AccessExpiresAt: g.accessExpiry, RefreshExpiresAt: g.refreshExpiry, ShopCipher: g.shops[0]}
}

// checkAccess finds the grant of an access token, or the code to refuse it with.
func (s *Server) checkAccess(token string) (*grant, int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.access[token]
	switch {
	case token == "":
		return nil, codeInvalidToken, "Invalid credentials. The `x-tts-access-token` header is missing."
	case !ok:
		return nil, codeInvalidToken, "Invalid credentials. The `x-tts-access-token` header is invalid."
	case !s.nowLocked().Before(g.accessExpiry):
		return nil, codeExpiredToken, "Access token is expired, please refresh it."
	}
	return g, codeOK, ""
}

// authorize is the seller-facing page: it approves at once and redirects with a code.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("service_id") != s.ServiceID {
		http.Error(w, "unknown service_id", http.StatusBadRequest)
		return
	}
	code := s.IssueAuthCode()
	if s.opts.RedirectURL == "" {
		s.ok(w, map[string]string{"code": code, "state": q.Get("state")})
		return
	}
	u, err := url.Parse(s.opts.RedirectURL)
	if err != nil {
		http.Error(w, "bad redirect URL", http.StatusInternalServerError)
		return
	}
	rq := u.Query()
	rq.Set("code", code)
	rq.Set("state", q.Get("state"))
	u.RawQuery = rq.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// appCredentials checks the auth host's unsigned app_key + app_secret.
func (s *Server) appCredentials(w http.ResponseWriter, q url.Values) bool {
	if q.Get("app_key") != s.AppKey || q.Get("app_secret") != s.AppSecret {
		s.badParam(w, "Invalid credentials. app_key or app_secret is invalid.")
		return false
	}
	return true
}

// tokenGet exchanges an auth code.
func (s *Server) tokenGet(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !s.appCredentials(w, q) {
		return
	}
	if q.Get("grant_type") != "authorized_code" {
		s.badParam(w, "Invalid parameter. grant_type must be authorized_code.")
		return
	}
	s.mu.Lock()
	g, ok := s.codes[q.Get("auth_code")]
	delete(s.codes, q.Get("auth_code")) // a code works once
	if !ok || !s.nowLocked().Before(g.codeExpiry) {
		s.mu.Unlock()
		s.fail(w, http.StatusOK, codeInvalidAuthCode, "auth code is invalid or expired")
		return
	}
	s.issueLocked(&g)
	s.mu.Unlock()
	s.ok(w, tokenData(&g))
}

// tokenRefresh rotates both tokens; the old ones stop working.
func (s *Server) tokenRefresh(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !s.appCredentials(w, q) {
		return
	}
	if q.Get("grant_type") != "refresh_token" {
		s.badParam(w, "Invalid parameter. grant_type must be refresh_token.")
		return
	}
	s.mu.Lock()
	g, ok := s.refresh[q.Get("refresh_token")]
	switch {
	case !ok:
		s.mu.Unlock()
		s.fail(w, http.StatusOK, codeNoAuthRecord, "can not find related auth record")
		return
	case !s.nowLocked().Before(g.refreshExpiry):
		s.mu.Unlock()
		s.fail(w, http.StatusOK, codeRefreshExpired, "rt has expired")
		return
	}
	delete(s.access, g.access)
	delete(s.refresh, g.refresh)
	s.issueLocked(g)
	data := tokenData(g)
	s.mu.Unlock()
	s.ok(w, data)
}

// tokenData is the auth host's data: expiries are absolute Unix times.
func tokenData(g *grant) map[string]any {
	return map[string]any{
		"access_token": g.access, "access_token_expire_in": g.accessExpiry.Unix(),
		"refresh_token": g.refresh, "refresh_token_expire_in": g.refreshExpiry.Unix(),
		"open_id": g.openID, "seller_name": "Fake Brand", "seller_base_region": "US", "user_type": 0,
		"granted_scopes": []string{"seller.authorization.info", "seller.affiliate_collaboration.write", "seller.affiliate_collaboration.read", "seller.affiliate_messages.write", "seller.creator_marketplace.read"},
	}
}

// shops lists the grant's authorized shops.
func (s *Server) shops(w http.ResponseWriter, r *http.Request, q *apiRequest) {
	var out []map[string]string
	for _, sh := range s.opts.Shops {
		if q.grant.hasShop(sh.Cipher) {
			out = append(out, map[string]string{"id": sh.ID, "name": sh.Name, "region": sh.Region, "seller_type": sh.SellerType, "cipher": sh.Cipher, "code": "SHOP" + sh.ID})
		}
	}
	s.ok(w, map[string]any{"shops": out})
}
