package shopee

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a log sink safe for the client's concurrent use.
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

// TestLogsHoldNoSecrets runs the token flow, a report, retries and refusals with debug
// logging on, then searches the logs and the errors for every secret in play.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	f := newFixture(t, func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	ctx := context.Background()
	shopID := f.fake.Config().ShopID
	var errs []string
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}

	code := f.fake.IssueCode(shopID)
	tok, err := f.client.GetToken(ctx, code, shopID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.client.GetToken(ctx, code, shopID) // reused code: refused
	note(err)
	f.fake.FailNext(1, http.StatusTooManyRequests)
	tok2, err := f.client.RefreshToken(ctx, tok.RefreshToken, shopID)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := LookupMarket("ID")
	shop := Shop{ID: shopID, AccessToken: tok2.AccessToken, Currency: m.Currency, Location: m.Location}
	f.fake.FailNext(1, http.StatusInternalServerError)
	q := f.fullWindow()
	q.PageSize = 100
	for _, err := range f.client.ConversionReport(ctx, shop, q) {
		note(err)
	}
	_, err = f.client.ConversionReportPage(ctx, Shop{ID: shopID, AccessToken: tok.AccessToken, Currency: "IDR", Location: m.Location}, q, 1)
	note(err) // the rotated-out token is still valid at the fake; a wrong one is not:
	_, err = f.client.ConversionReportPage(ctx, Shop{ID: shopID, AccessToken: "not-a-token", Currency: "IDR", Location: m.Location}, q, 1)
	note(err)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("values", "token", tok, "shop", shop, "config", Config{PartnerID: 1, PartnerKey: f.fake.Config().PartnerKey})
	errs = append(errs, fmt.Sprint(tok), fmt.Sprintf("%#v", tok2), fmt.Sprint(shop))

	out := logs.String() + strings.Join(errs, "\n")
	if !strings.Contains(out, "shopee call") || !strings.Contains(out, "shopee retry") {
		t.Fatalf("expected call and retry logs, got:\n%s", out)
	}
	secrets := map[string]string{
		"partner key": f.fake.Config().PartnerKey, "access token": tok.AccessToken, "refresh token": tok.RefreshToken,
		"second access token": tok2.AccessToken, "second refresh token": tok2.RefreshToken, "code": code,
		"invented token": "not-a-token",
	}
	for name, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the %s appears in logs or errors", name)
		}
	}
	if strings.Contains(out, "sign=") && !strings.Contains(out, "sign=REDACTED") {
		t.Errorf("a signature appears in logs or errors")
	}
}
