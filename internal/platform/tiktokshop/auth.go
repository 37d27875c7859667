package tiktokshop

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Token is a seller's grant to the app. Both expiries are absolute: the platform sends them
// as Unix times, not durations.
type Token struct {
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
	OpenID           string // the seller's stable id for this app
	SellerName       string
	SellerBaseRegion string   // e.g. "US", "ID"
	GrantedScopes    []string // as granted; may be empty on older apps
}

// Shop is one shop the seller authorized; Cipher goes in every shop-scoped call.
type Shop struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Region     string `json:"region"`
	SellerType string `json:"seller_type"` // LOCAL or CROSS_BORDER
	Cipher     string `json:"cipher"`
	Code       string `json:"code"`
}

// AuthorizeURL is the page a seller opens to grant the app access; the platform then
// redirects to the app's registered redirect URL with code and state. An empty
// authorizeBase means DefaultAuthorizeBase (US sellers use USAuthorizeBase).
func AuthorizeURL(serviceID, state, authorizeBase string) (string, error) {
	if serviceID == "" || state == "" {
		return "", errors.New("tiktokshop: authorize URL needs a service id and a state")
	}
	if authorizeBase == "" {
		authorizeBase = DefaultAuthorizeBase
	}
	u, err := url.Parse(authorizeBase)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("tiktokshop: authorize base %s is not an absolute http(s) URL", quoteURL(authorizeBase))
	}
	q := u.Query()
	q.Set("service_id", serviceID)
	q.Set("state", state)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// tokenData is the auth host's data object.
type tokenData struct {
	AccessToken          string   `json:"access_token"`
	AccessTokenExpireIn  int64    `json:"access_token_expire_in"`
	RefreshToken         string   `json:"refresh_token"`
	RefreshTokenExpireIn int64    `json:"refresh_token_expire_in"`
	OpenID               string   `json:"open_id"`
	SellerName           string   `json:"seller_name"`
	SellerBaseRegion     string   `json:"seller_base_region"`
	GrantedScopes        []string `json:"granted_scopes"`
}

// GetToken exchanges the code from the authorization redirect for a token.
func (cl *Client) GetToken(ctx context.Context, authCode string) (Token, error) {
	if authCode == "" {
		return Token{}, errors.New("tiktokshop: GetToken: empty auth code")
	}
	return cl.token(ctx, "/api/v2/token/get", url.Values{
		"auth_code":  {authCode},
		"grant_type": {"authorized_code"},
	})
}

// RefreshToken trades a refresh token for a new token; the old access token stops working.
func (cl *Client) RefreshToken(ctx context.Context, refreshToken string) (Token, error) {
	if refreshToken == "" {
		return Token{}, errors.New("tiktokshop: RefreshToken: empty refresh token")
	}
	return cl.token(ctx, "/api/v2/token/refresh", url.Values{
		"refresh_token": {refreshToken},
		"grant_type":    {"refresh_token"},
	})
}

// token calls one of the auth host's token endpoints. They are unsigned GETs carrying the
// app secret in the query, which is why nothing here logs a URL.
func (cl *Client) token(ctx context.Context, path string, q url.Values) (Token, error) {
	q.Set("app_key", cl.cfg.AppKey)
	q.Set("app_secret", cl.cfg.AppSecret)
	var d tokenData
	// An auth code works once: a retry after a lost response would be refused anyway, and a
	// refresh retried after the platform rotated the token would burn the new one.
	err := cl.do(ctx, call{method: http.MethodGet, base: cl.auth, path: path, query: q, mutating: true}, &d)
	if err != nil {
		return Token{}, err
	}
	return d.token(path)
}

// earliestExpiry is 2015-01-01: an expiry before it is a duration sent where the contract
// promises a Unix time, and storing it would read as long expired.
const earliestExpiry = 1420070400

// token checks and converts the wire form.
func (d tokenData) token(path string) (Token, error) {
	if d.AccessToken == "" || d.RefreshToken == "" {
		return Token{}, fmt.Errorf("tiktokshop: GET %s: response has no access or refresh token", path)
	}
	for _, e := range []struct {
		name string
		v    int64
	}{{"access_token_expire_in", d.AccessTokenExpireIn}, {"refresh_token_expire_in", d.RefreshTokenExpireIn}} {
		if e.v < earliestExpiry {
			return Token{}, fmt.Errorf("tiktokshop: GET %s: %s %d is not an absolute Unix time", path, e.name, e.v)
		}
	}
	return Token{
		AccessToken:      d.AccessToken,
		AccessExpiresAt:  time.Unix(d.AccessTokenExpireIn, 0).UTC(),
		RefreshToken:     d.RefreshToken,
		RefreshExpiresAt: time.Unix(d.RefreshTokenExpireIn, 0).UTC(),
		OpenID:           d.OpenID,
		SellerName:       d.SellerName,
		SellerBaseRegion: d.SellerBaseRegion,
		GrantedScopes:    d.GrantedScopes,
	}, nil
}

// AuthorizedShops lists the shops the access token's seller authorized, with their ciphers.
func (cl *Client) AuthorizedShops(ctx context.Context, accessToken string) ([]Shop, error) {
	var d struct {
		Shops []Shop `json:"shops"`
	}
	err := cl.do(ctx, call{method: http.MethodGet, base: cl.api, path: "/authorization/202309/shops", token: accessToken, signed: true}, &d)
	return d.Shops, err
}
