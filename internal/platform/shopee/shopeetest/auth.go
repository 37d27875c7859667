package shopeetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// IssueCode stands for a seller authorizing the app for shopID: the code the callback
// receives, valid once for CodeTTL.
func (s *Server) IssueCode(shopID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := newSecret()
	s.codes[code] = &grant{shopID: shopID, expires: s.cfg.Now().Add(CodeTTL)}
	return code
}

// IssueToken grants shopID tokens directly, for tests that do not exercise authorization.
func (s *Server) IssueToken(shopID int64) (accessToken, refreshToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueLocked(shopID)
}

// issueLocked creates a token pair; the caller holds mu.
func (s *Server) issueLocked(shopID int64) (string, string) {
	now := s.cfg.Now()
	a, r := newSecret(), newSecret()
	s.access[a] = &grant{shopID: shopID, expires: now.Add(AccessTTL)}
	s.refresh[r] = &grant{shopID: shopID, expires: now.Add(RefreshTTL)}
	return a, r
}

// authPartner plays the seller approving the app: it redirects to the redirect URL with a
// fresh code and the configured shop, as Shopee does after the seller logs in.
func (s *Server) authPartner(w http.ResponseWriter, r *http.Request, reqID string, _ int64) {
	redirect := r.URL.Query().Get("redirect")
	u, err := url.Parse(redirect)
	if redirect == "" || err != nil || !u.IsAbs() {
		writeError(w, reqID, http.StatusBadRequest, "error_param", "Invalid redirect.")
		return
	}
	q := u.Query()
	q.Set("code", s.IssueCode(s.cfg.ShopID))
	q.Set("shop_id", strconv.FormatInt(s.cfg.ShopID, 10))
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// tokenBody is the JSON body of both token endpoints.
type tokenBody struct {
	Code         string `json:"code"`
	RefreshToken string `json:"refresh_token"`
	ShopID       int64  `json:"shop_id"`
	PartnerID    int64  `json:"partner_id"`
}

// readTokenBody decodes and checks the body's partner id.
func (s *Server) readTokenBody(w http.ResponseWriter, r *http.Request, reqID string) (tokenBody, bool) {
	var b tokenBody
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err == nil {
		err = json.Unmarshal(raw, &b)
	}
	if err != nil || b.PartnerID != s.cfg.PartnerID || b.ShopID <= 0 {
		writeError(w, reqID, http.StatusBadRequest, "error_param", "Invalid body: partner_id and shop_id are required.")
		return b, false
	}
	return b, true
}

// tokenGet exchanges a code for a token pair; a code works once.
func (s *Server) tokenGet(w http.ResponseWriter, r *http.Request, reqID string, _ int64) {
	b, ok := s.readTokenBody(w, r, reqID)
	if !ok {
		return
	}
	s.mu.Lock()
	g := s.codes[b.Code]
	valid := g != nil && !g.used && g.shopID == b.ShopID && s.cfg.Now().Before(g.expires)
	var a, rt string
	if valid {
		g.used = true
		a, rt = s.issueLocked(b.ShopID)
	}
	s.mu.Unlock()
	if !valid {
		writeError(w, reqID, http.StatusForbidden, "error_auth", "Invalid code.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": a, "refresh_token": rt, "expire_in": int(AccessTTL.Seconds()),
		"request_id": reqID, "error": "", "message": "", "shop_id_list": []int64{b.ShopID},
	})
}

// tokenRefresh trades a refresh token for a new pair; the old refresh token stops working.
func (s *Server) tokenRefresh(w http.ResponseWriter, r *http.Request, reqID string, _ int64) {
	b, ok := s.readTokenBody(w, r, reqID)
	if !ok {
		return
	}
	s.mu.Lock()
	g := s.refresh[b.RefreshToken]
	valid := g != nil && !g.used && g.shopID == b.ShopID && s.cfg.Now().Before(g.expires)
	var a, rt string
	if valid {
		g.used = true
		a, rt = s.issueLocked(b.ShopID)
	}
	s.mu.Unlock()
	if !valid {
		writeError(w, reqID, http.StatusForbidden, "error_auth", "Invalid refresh_token.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": a, "refresh_token": rt, "expire_in": int(AccessTTL.Seconds()),
		"partner_id": s.cfg.PartnerID, "shop_id": b.ShopID, "request_id": reqID, "error": "", "message": "",
	})
}

// RevokeAccessTokens makes shopID's access tokens stop working before their time, as when
// the seller's authorization is reset: calls with them are answered invalid_acceess_token,
// while the refresh token still works.
func (s *Server) RevokeAccessTokens(shopID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, g := range s.access {
		if g.shopID == shopID {
			delete(s.access, k)
		}
	}
}
