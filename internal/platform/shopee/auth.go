package shopee

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// API paths of shop authorization.
const (
	PathAuthPartner  = "/api/v2/shop/auth_partner"
	PathTokenGet     = "/api/v2/auth/token/get"
	PathTokenRefresh = "/api/v2/auth/access_token/get"
)

// RefreshTokenLifetime is how long a refresh token lasts. Shopee does not return it, so the
// expiry is computed from the time the token was requested.
const RefreshTokenLifetime = 30 * 24 * time.Hour

// AuthorizeURL is the page a seller opens to authorize the app for a shop. Shopee sends the
// seller back to redirect with ?code=…&shop_id=…. The URL is signed with the current time
// and Shopee refuses it after about five minutes, so build it when the seller clicks, not
// ahead. Shopee has no state parameter: put the caller's CSRF state in redirect's own query.
func (c *Client) AuthorizeURL(redirect string) (string, error) {
	ru, err := url.Parse(redirect)
	if err != nil || !ru.IsAbs() {
		return "", fmt.Errorf("shopee: redirect %q is not an absolute URL", redirect)
	}
	ts := c.now().Unix()
	q := url.Values{}
	q.Set("partner_id", strconv.FormatInt(c.partnerID, 10))
	q.Set("timestamp", strconv.FormatInt(ts, 10))
	q.Set("sign", Sign(c.partnerKey, c.partnerID, PathAuthPartner, ts))
	q.Set("redirect", redirect)
	u := *c.base
	u.Path = c.base.Path + PathAuthPartner
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ParseCallback reads the code and shop id Shopee appends to the redirect URL. A main
// account authorization (main_account_id instead of shop_id) is refused: creatorops
// connects shops one at a time.
func ParseCallback(q url.Values) (code string, shopID int64, err error) {
	code = q.Get("code")
	if code == "" {
		return "", 0, errors.New("shopee: authorization callback has no code")
	}
	s := q.Get("shop_id")
	if s == "" {
		if q.Get("main_account_id") != "" {
			return "", 0, errors.New("shopee: authorization callback is for a main account; authorize a single shop")
		}
		return "", 0, errors.New("shopee: authorization callback has no shop_id")
	}
	shopID, err = strconv.ParseInt(s, 10, 64)
	if err != nil || shopID <= 0 {
		return "", 0, fmt.Errorf("shopee: authorization callback shop_id %q is not a shop id", s)
	}
	return code, shopID, nil
}

// Token is a shop's credentials with absolute expiry times.
type Token struct {
	ShopID           int64
	AccessToken      string
	RefreshToken     string
	AccessExpiresAt  time.Time // about 4 hours after it was requested
	RefreshExpiresAt time.Time // RefreshTokenLifetime after it was requested
	RequestID        string
}

// String hides the tokens, so printing a Token by mistake leaks nothing.
func (t Token) String() string {
	return fmt.Sprintf("shopee.Token{shop %d, access expires %s, refresh expires %s}",
		t.ShopID, t.AccessExpiresAt.Format(time.RFC3339), t.RefreshExpiresAt.Format(time.RFC3339))
}

// GoString hides the tokens from %#v too.
func (t Token) GoString() string { return t.String() }

// LogValue hides the tokens from slog.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.Int64("shop_id", t.ShopID),
		slog.Time("access_expires_at", t.AccessExpiresAt), slog.Time("refresh_expires_at", t.RefreshExpiresAt))
}

// tokenAnswer is the top-level body of both token endpoints.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpireIn     int64  `json:"expire_in"` // seconds
	RequestID    string `json:"request_id"`
}

// GetToken exchanges the code from the authorization callback for the shop's first tokens.
// A code works once and for about ten minutes.
func (c *Client) GetToken(ctx context.Context, code string, shopID int64) (Token, error) {
	body := map[string]any{"code": code, "shop_id": shopID, "partner_id": c.partnerID}
	return c.token(ctx, PathTokenGet, shopID, body)
}

// RefreshToken trades a refresh token for new tokens. The answer carries a new refresh
// token: store it, as the old one stops working.
func (c *Client) RefreshToken(ctx context.Context, refreshToken string, shopID int64) (Token, error) {
	body := map[string]any{"refresh_token": refreshToken, "shop_id": shopID, "partner_id": c.partnerID}
	return c.token(ctx, PathTokenRefresh, shopID, body)
}

// token calls a token endpoint and turns expire_in into absolute times, counted from when the
// request was sent so the expiry is never later than Shopee's.
func (c *Client) token(ctx context.Context, path string, shopID int64, body any) (Token, error) {
	raw, sent, err := c.do(ctx, request{method: http.MethodPost, path: path, shopID: shopID, body: body})
	if err != nil {
		return Token{}, err
	}
	var a tokenAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return Token{}, fmt.Errorf("shopee: POST %s (shop %d): decoding token: %w", path, shopID, err)
	}
	if a.AccessToken == "" || a.RefreshToken == "" || a.ExpireIn <= 0 {
		return Token{}, fmt.Errorf("shopee: POST %s (shop %d): answer lacks a token or expire_in, request_id %s", path, shopID, a.RequestID)
	}
	return Token{
		ShopID:           shopID,
		AccessToken:      a.AccessToken,
		RefreshToken:     a.RefreshToken,
		AccessExpiresAt:  sent.Add(time.Duration(a.ExpireIn) * time.Second).UTC(),
		RefreshExpiresAt: sent.Add(RefreshTokenLifetime).UTC(),
		RequestID:        a.RequestID,
	}, nil
}
