package tiktokshop

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

func TestAuthorizeURL(t *testing.T) {
	tests := []struct {
		base, want, err string
	}{
		{"", "https://services.tiktokshop.com/open/authorize?service_id=700&state=a%2Bb", ""},
		{USAuthorizeBase, "https://services.us.tiktokshop.com/open/authorize?service_id=700&state=a%2Bb", ""},
		{"http://127.0.0.1:9000/open/authorize?lang=en", "http://127.0.0.1:9000/open/authorize?lang=en&service_id=700&state=a%2Bb", ""},
		{"services.tiktokshop.com/open/authorize", "", "not an absolute"},
	}
	for _, tt := range tests {
		got, err := AuthorizeURL("700", "a+b", tt.base)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("AuthorizeURL(%q) error %v, want %q", tt.base, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("AuthorizeURL(%q) = %q, %v; want %q", tt.base, got, err, tt.want)
		}
	}
}

// The whole OAuth dance against the fake: authorize, exchange, list shops, refresh, expire.
func TestTokenLifecycle(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	ctx := context.Background()

	// The authorize page hands back a code and the state, as a redirect would.
	u, err := AuthorizeURL(r.srv.ServiceID, "st4te", r.srv.URL+"/open/authorize")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data struct{ Code, State string } `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&page)
	resp.Body.Close()
	if err != nil || page.Data.Code == "" || page.Data.State != "st4te" {
		t.Fatalf("authorize page answered %+v, %v", page, err)
	}
	code := page.Data.Code
	issued := r.srv.Now()
	tok, err := r.client.GetToken(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	// Absolute expiries: a week and a year from the exchange, to the second.
	if got, want := tok.AccessExpiresAt.Unix(), issued.Add(tiktokshoptest.AccessTTL).Unix(); got < want-1 || got > want+1 {
		t.Errorf("AccessExpiresAt = %v, want about %v", tok.AccessExpiresAt, time.Unix(want, 0).UTC())
	}
	if got, want := tok.RefreshExpiresAt.Unix(), issued.Add(tiktokshoptest.RefreshTTL).Unix(); got < want-1 || got > want+1 {
		t.Errorf("RefreshExpiresAt = %v, want about %v", tok.RefreshExpiresAt, time.Unix(want, 0).UTC())
	}
	if tok.AccessExpiresAt.Location() != time.UTC || tok.OpenID == "" || len(tok.GrantedScopes) == 0 {
		t.Errorf("token = %+v: want UTC times, an open id and scopes", tok)
	}

	// A code works once.
	_, err = r.client.GetToken(ctx, code)
	if e := mustAPIError(t, err, CodeInvalidAuthCode); !e.IsTokenProblem() {
		t.Error("a used auth code is not reported as a token problem")
	}

	shops, err := r.client.AuthorizedShops(ctx, tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if len(shops) != 1 || shops[0].Cipher == "" || shops[0].ID == "" || shops[0].Region != "US" {
		t.Fatalf("shops = %+v", shops)
	}

	// Refresh rotates: the old access token stops working, the new one works.
	r.srv.Advance(6 * 24 * time.Hour)
	fresh, err := r.client.RefreshToken(ctx, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh.AccessExpiresAt.After(tok.AccessExpiresAt) || fresh.AccessToken == tok.AccessToken {
		t.Errorf("refresh gave %+v, want a new token expiring later", fresh)
	}
	_, err = r.client.AuthorizedShops(ctx, tok.AccessToken)
	mustAPIError(t, err, CodeInvalidAccessToken)
	if _, err := r.client.AuthorizedShops(ctx, fresh.AccessToken); err != nil {
		t.Fatal(err)
	}
	_, err = r.client.RefreshToken(ctx, tok.RefreshToken)
	mustAPIError(t, err, 36004005)

	// Past the access expiry: 105002; past the refresh expiry: 36004001.
	r.srv.Advance(8 * 24 * time.Hour)
	_, err = r.client.AuthorizedShops(ctx, fresh.AccessToken)
	mustAPIError(t, err, CodeExpiredAccessToken)
	r.srv.Advance(366 * 24 * time.Hour)
	_, err = r.client.RefreshToken(ctx, fresh.RefreshToken)
	if e := mustAPIError(t, err, CodeRefreshExpired); !e.IsTokenProblem() {
		t.Error("an expired refresh token is not reported as a token problem")
	}
}

// The wrong app secret on the auth host is refused.
func TestTokenWrongSecret(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, func(c *Config) { c.AppSecret = "wrong" })
	_, err := r.client.GetToken(context.Background(), r.srv.IssueAuthCode())
	mustAPIError(t, err, CodeInvalidParameter)
}

// An expiry sent as a duration breaks the contract; it is refused, not stored as 1970.
func TestTokenExpiryMustBeAbsolute(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"code":0,"message":"success","request_id":"r1","data":{"access_token":"a","access_token_expire_in":604800,"refresh_token":"b","refresh_token_expire_in":31536000}}`))
	}))
	defer ts.Close()
	c, err := New(Config{AppKey: "k", AppSecret: "s", APIBaseURL: ts.URL, AuthBaseURL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetToken(context.Background(), "code")
	if err == nil || !strings.Contains(err.Error(), "access_token_expire_in 604800 is not an absolute Unix time") {
		t.Fatalf("error %v, want the relative expiry named", err)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{AppSecret: "s", APIBaseURL: "https://a", AuthBaseURL: "https://b"}, "app key and app secret"},
		{Config{AppKey: "k", AppSecret: "s", AuthBaseURL: "https://b"}, "API base URL is required"},
		{Config{AppKey: "k", AppSecret: "s", APIBaseURL: "https://a", AuthBaseURL: "ftp://b?x=secret"}, `auth base URL "ftp://b?…"`},
	}
	for _, tt := range tests {
		_, err := New(tt.cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) error %v, want %q", tt.cfg, err, tt.want)
		}
	}
	c, err := New(Config{AppKey: "k", AppSecret: "s", APIBaseURL: DefaultAPIBaseURL + "/", AuthBaseURL: DefaultAuthBaseURL})
	if err != nil {
		t.Fatal(err)
	}
	if c.http.Timeout != DefaultTimeout || c.cfg.MaxAttempts != DefaultMaxAttempts {
		t.Errorf("defaults not applied: timeout %v, attempts %d", c.http.Timeout, c.cfg.MaxAttempts)
	}
	if got := (&url.URL{Scheme: c.api.Scheme, Host: c.api.Host, Path: c.api.Path}).String(); got != DefaultAPIBaseURL {
		t.Errorf("API base = %q", got)
	}
}
