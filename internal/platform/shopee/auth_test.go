package shopee

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAuthorizeURL(t *testing.T) {
	f := newFixture(t, nil)
	fc := f.fake.Config()
	raw, err := f.client.AuthorizeURL("https://ops.example.com/shopee/callback?state=s3cr3t")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	q := u.Query()
	ts := f.clock.Now().Unix()
	if u.Path != PathAuthPartner || q.Get("timestamp") != strconv.FormatInt(ts, 10) || q.Get("sign") != Sign(fc.PartnerKey, fc.PartnerID, PathAuthPartner, ts) {
		t.Fatalf("authorize URL %s", raw)
	}
	// The fake plays the seller: it must accept our signature and send the browser back with a code.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(raw)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize answered %d", resp.StatusCode)
	}
	back, _ := url.Parse(resp.Header.Get("Location"))
	if back.Host != "ops.example.com" || back.Query().Get("state") != "s3cr3t" {
		t.Fatalf("redirected to %s: the state in the redirect URL must survive", back)
	}
	code, shopID, err := ParseCallback(back.Query())
	if err != nil || shopID != fc.ShopID || code == "" {
		t.Fatalf("callback: %q %d %v", code, shopID, err)
	}
	if _, err := f.client.GetToken(context.Background(), code, shopID); err != nil {
		t.Fatalf("exchanging the callback's code: %v", err)
	}

	if _, err := f.client.AuthorizeURL("/relative"); err == nil {
		t.Fatal("a relative redirect was accepted")
	}
}

func TestParseCallback(t *testing.T) {
	tests := []struct {
		query string
		code  string
		shop  int64
		err   string
	}{
		{"code=abc&shop_id=1001", "abc", 1001, ""},
		{"shop_id=1001", "", 0, "has no code"},
		{"code=abc", "", 0, "has no shop_id"},
		{"code=abc&main_account_id=5", "", 0, "main account"},
		{"code=abc&shop_id=x1", "", 0, `shop_id "x1" is not a shop id`},
		{"code=abc&shop_id=-4", "", 0, "is not a shop id"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		code, shop, err := ParseCallback(q)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v, want %q", tt.query, err, tt.err)
			}
			continue
		}
		if err != nil || code != tt.code || shop != tt.shop {
			t.Errorf("%s: %q %d %v", tt.query, code, shop, err)
		}
	}
}

// TestTokenFlow: code → tokens with absolute expiries; the access token works until 4 h;
// a refresh rotates the refresh token; a refresh token dies after 30 days.
func TestTokenFlow(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	shopID := f.fake.Config().ShopID
	m, _ := LookupMarket("ID")

	start := f.clock.Now()
	tok, err := f.client.GetToken(ctx, f.fake.IssueCode(shopID), shopID)
	if err != nil {
		t.Fatal(err)
	}
	if tok.ShopID != shopID || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token %v", tok)
	}
	if !tok.AccessExpiresAt.Equal(start.Add(4*time.Hour)) || !tok.RefreshExpiresAt.Equal(start.Add(30*24*time.Hour)) {
		t.Fatalf("expiries %s / %s, want %s / %s", tok.AccessExpiresAt, tok.RefreshExpiresAt, start.Add(4*time.Hour), start.Add(30*24*time.Hour))
	}
	if tok.AccessExpiresAt.Location() != time.UTC {
		t.Fatalf("expiry not in UTC: %s", tok.AccessExpiresAt)
	}

	shop := Shop{ID: shopID, AccessToken: tok.AccessToken, Currency: m.Currency, Location: m.Location}
	q := ReportQuery{PageSize: 1}
	if _, err := f.client.ConversionReportPage(ctx, shop, q, 1); err != nil {
		t.Fatalf("fresh access token refused: %v", err)
	}

	f.clock.Advance(4*time.Hour + time.Second)
	_, err = f.client.ConversionReportPage(ctx, shop, q, 1)
	if !IsTokenInvalid(err) {
		t.Fatalf("expired access token: err = %v, want invalid access token", err)
	}
	if n := len(f.sleeps.All()); n != 0 {
		t.Fatalf("an invalid token was retried %d times", n)
	}

	refreshedAt := f.clock.Now()
	tok2, err := f.client.RefreshToken(ctx, tok.RefreshToken, shopID)
	if err != nil {
		t.Fatal(err)
	}
	if tok2.RefreshToken == tok.RefreshToken || !tok2.AccessExpiresAt.Equal(refreshedAt.Add(4*time.Hour)) ||
		!tok2.RefreshExpiresAt.Equal(refreshedAt.Add(30*24*time.Hour)) {
		t.Fatalf("refreshed token %v", tok2)
	}
	shop.AccessToken = tok2.AccessToken
	if _, err := f.client.ConversionReportPage(ctx, shop, q, 1); err != nil {
		t.Fatalf("refreshed access token refused: %v", err)
	}

	// The old refresh token was used up by the refresh.
	_, err = f.client.RefreshToken(ctx, tok.RefreshToken, shopID)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != CodeAuth || ae.Path != PathTokenRefresh || ae.ShopID != shopID {
		t.Fatalf("reusing a refresh token: err = %v", err)
	}

	f.clock.Advance(30*24*time.Hour + time.Second)
	if _, err := f.client.RefreshToken(ctx, tok2.RefreshToken, shopID); !errors.As(err, &ae) || ae.Code != CodeAuth {
		t.Fatalf("refresh token past 30 days: err = %v", err)
	}
}

func TestGetTokenRefusals(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	shopID := f.fake.Config().ShopID
	code := f.fake.IssueCode(shopID)
	tests := []struct {
		name string
		run  func() error
		code string
	}{
		{"code for another shop", func() error { _, err := f.client.GetToken(ctx, code, shopID+1); return err }, CodeAuth},
		{"first use", func() error { _, err := f.client.GetToken(ctx, code, shopID); return err }, ""},
		{"second use", func() error { _, err := f.client.GetToken(ctx, code, shopID); return err }, CodeAuth},
		{"expired code", func() error {
			c := f.fake.IssueCode(shopID)
			f.clock.Advance(11 * time.Minute)
			_, err := f.client.GetToken(ctx, c, shopID)
			return err
		}, CodeAuth},
	}
	for _, tt := range tests {
		err := tt.run()
		if tt.code == "" {
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			continue
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != tt.code || ae.Retryable() {
			t.Fatalf("%s: err = %v, want %s", tt.name, err, tt.code)
		}
		if !strings.Contains(err.Error(), "(shop ") || !strings.Contains(err.Error(), "request_id fake-") {
			t.Fatalf("%s: error %q does not name the shop and request id", tt.name, err)
		}
	}
}
