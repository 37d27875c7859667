package tiktokshop

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
)

// Debug logs of every kind of call — token exchange and refresh, reads, retries, refusals —
// never contain the app secret, a token, an auth code or a signature.
func TestLogsNeverHoldSecrets(t *testing.T) {
	tp := &tamper{}
	r := newRig(t, tiktokshoptest.Options{}, func(c *Config) { c.HTTPClient = &http.Client{Transport: tp} })
	ctx := context.Background()

	code := r.srv.IssueAuthCode()
	tok, err := r.client.GetToken(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := r.client.RefreshToken(ctx, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	shop := ShopAuth{Cipher: r.shop.Cipher, AccessToken: fresh.AccessToken}
	r.srv.Fail("", 429, 2)
	if _, err := r.client.AuthorizedShops(ctx, fresh.AccessToken); err != nil {
		t.Fatal(err)
	}
	if _, errs := collect(r.client.AffiliateOrders(ctx, shop, OrdersQuery{PageSize: 30})); len(errs) > 0 {
		t.Fatal(errs)
	}
	_, _ = r.client.AuthorizedShops(ctx, "ROW_not_a_token_but_still_secret")

	logs := r.logs.String()
	if !strings.Contains(logs, `"path":"/affiliate_seller/202410/orders/search"`) || !strings.Contains(logs, "tiktokshop: retrying") {
		t.Fatalf("logs do not show the calls at all:\n%s", logs)
	}
	secrets := []string{r.srv.AppSecret, code, tok.AccessToken, tok.RefreshToken, fresh.AccessToken, fresh.RefreshToken, r.shop.AccessToken, "ROW_not_a_token_but_still_secret"}
	tp.mu.Lock()
	secrets = append(secrets, tp.signs...)
	tp.mu.Unlock()
	if len(secrets) < 12 {
		t.Fatalf("only %d secrets captured; the test is not looking at signatures", len(secrets))
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain a secret %q", s)
		}
	}
}
