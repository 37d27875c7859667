package connect_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// clock is a settable time shared by the fake and the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// shopeeFixture is a workspace with an IDR Shopee shop, a user, a fake Shopee and a service.
type shopeeFixture struct {
	s     *store.Store
	ws    *model.Workspace
	shop  *model.Shop
	user  int64
	clock *clock
	fake  *shopeetest.Server
	svc   *connect.Service
}

const shopeeCallback = "https://ops.example.com" + connect.ShopeeCallbackPath

func newShopeeFixture(t *testing.T, s *store.Store) *shopeeFixture {
	t.Helper()
	ctx := context.Background()
	ws, _ := storetest.USDShop(t, s)
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "id", Name: "Brand ID", Platform: model.PlatformShopee,
		Currency: "IDR", Locale: "id-ID", Timezone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	user, err := s.CreateUser(ctx, "ana@example.com", "Ana", "x")
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)}
	fake := shopeetest.New(shopeetest.Config{Now: c.Now})
	t.Cleanup(fake.Close)
	f := &shopeeFixture{s: s, ws: ws, shop: shop, user: user, clock: c, fake: fake}
	f.svc = f.service(t, fake.Config().PartnerKey)
	return f
}

// service is a connect.Service for the fake with partner key key, on the fake's clock.
func (f *shopeeFixture) service(t *testing.T, key string) *connect.Service {
	t.Helper()
	raw := make([]byte, secrets.KeySize)
	rand.Read(raw)
	keys, err := secrets.New(raw)
	if err != nil {
		t.Fatal(err)
	}
	return &connect.Service{Store: f.s, Keys: keys, Now: f.clock.Now,
		Shopee: shopee.Config{PartnerID: f.fake.Config().PartnerID, PartnerKey: key, BaseURL: f.fake.URL, MaxAttempts: 1}}
}

// seller opens the authorization page as the seller's browser does and returns the query
// Shopee sends back to the callback (the fake approves at once).
func (f *shopeeFixture) seller(t *testing.T, authorizeURL string) url.Values {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authorizeURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, shopeeCallback+"?") {
		t.Fatalf("Shopee's authorization page: HTTP %d → %q", resp.StatusCode, loc)
	}
	u, _ := url.Parse(loc)
	return u.Query()
}

// connect runs the round trip into target and returns the connection.
func (f *shopeeFixture) connect(t *testing.T, target connect.ShopeeTarget) *store.Connection {
	t.Helper()
	ctx := context.Background()
	u, err := f.svc.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, target, shopeeCallback)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.ShopeeCallback(ctx, store.CLIActor, f.user, f.seller(t, u), func(int64) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestShopeeConnect(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newShopeeFixture(t, s)
		u, err := f.svc.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, connect.ShopeeTarget{ShopID: f.shop.ID}, shopeeCallback)
		if err != nil {
			t.Fatal(err)
		}
		au, _ := url.Parse(u)
		redirect, _ := url.Parse(au.Query().Get("redirect"))
		if !strings.HasPrefix(u, f.fake.URL+shopee.PathAuthPartner+"?") || au.Query().Get("sign") == "" ||
			redirect.Path != connect.ShopeeCallbackPath || len(redirect.Query().Get("state")) < 40 {
			t.Fatalf("authorize URL %q", u)
		}
		back := f.seller(t, u)
		if back.Get("state") != redirect.Query().Get("state") || back.Get("code") == "" || back.Get("shop_id") != "1001" {
			t.Fatalf("callback query %v", back)
		}

		// Someone who may no longer manage the workspace's shops: nothing is stored, and the
		// state is spent.
		refuse := errors.New("not allowed")
		var asked int64
		if _, err := f.svc.ShopeeCallback(ctx, store.CLIActor, f.user, back, func(ws int64) error { asked = ws; return refuse }); !errors.Is(err, refuse) || asked != f.ws.ID {
			t.Fatalf("callback refused by allow: %v (asked about workspace %d)", err, asked)
		}
		if conns, _ := s.Connections(ctx, f.ws.ID); len(conns) != 0 {
			t.Fatalf("a refused callback stored %d connections", len(conns))
		}
		if _, err := f.svc.ShopeeCallback(ctx, store.CLIActor, f.user, back, func(int64) error { return nil }); !errors.Is(err, store.ErrOAuthStateUsed) {
			t.Fatalf("replayed callback: %v", err)
		}

		c := f.connect(t, connect.ShopeeTarget{ShopID: f.shop.ID})
		if c.Platform != model.PlatformShopee || c.ExternalShopID != "1001" || c.ShopID == nil || *c.ShopID != f.shop.ID ||
			c.Region != "ID" || c.Status != store.ConnectionActive || c.GrantKey != "" {
			t.Fatalf("connection %+v", c)
		}
		if d := c.AccessExpiresAt.Sub(f.clock.Now()); d != shopeetest.AccessTTL {
			t.Errorf("access token expires in %s, want 4h", d)
		}
		if d := c.RefreshExpiresAt.Sub(f.clock.Now()); d != shopee.RefreshTokenLifetime {
			t.Errorf("refresh token expires in %s, want 30 days", d)
		}
		// The tokens are stored sealed: the stored values are not the tokens, and open only
		// with the key and for their own row and column.
		cl, sh, err := f.svc.ShopeeClient(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.Connection(ctx, f.ws.ID, c.ID)
		if sh.AccessToken == "" || strings.Contains(stored.AccessTokenSealed, sh.AccessToken) || stored.RefreshTokenSealed == "" ||
			sh.Currency != "IDR" || sh.ID != 1001 {
			t.Fatalf("stored tokens %q / %q, shop %v", stored.AccessTokenSealed, stored.RefreshTokenSealed, sh)
		}
		if _, err := f.svc.Keys.Open(stored.AccessTokenSealed, "connection:999:access_token"); err == nil {
			t.Error("a sealed token opened for another connection")
		}
		if _, err := cl.ConversionReportPage(ctx, sh, shopee.ReportQuery{}, 1); err != nil {
			t.Fatalf("the connection's token does not work: %v", err)
		}

		// Connecting the same Shopee shop again renews the same connection.
		again := f.connect(t, connect.ShopeeTarget{ShopID: f.shop.ID})
		if again.ID != c.ID {
			t.Errorf("reconnecting made connection %d, want %d", again.ID, c.ID)
		}
	})
}

func TestShopeeConnectRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newShopeeFixture(t, s)
		usd, err := s.ShopBySlug(ctx, f.ws.ID, "us")
		if err != nil {
			t.Fatal(err)
		}
		var shopErr *connect.ShopeeShopError
		for _, target := range []connect.ShopeeTarget{{ShopID: usd.ID}, {Region: "US"}, {}} {
			if _, err := f.svc.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, target, shopeeCallback); !errors.As(err, &shopErr) {
				t.Errorf("target %+v: %v, want a ShopeeShopError", target, err)
			}
		}
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ShopeeAuthorizeURL(ctx, other.ID, f.user, connect.ShopeeTarget{ShopID: f.shop.ID}, shopeeCallback); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's shop: %v", err)
		}
		for name, q := range map[string]url.Values{
			"no state":      {"code": {"c"}, "shop_id": {"1001"}},
			"unknown state": {"state": {"nope"}, "code": {"c"}, "shop_id": {"1001"}},
		} {
			if _, err := f.svc.ShopeeCallback(ctx, store.CLIActor, f.user, q, func(int64) error { return nil }); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		// A redirect without a code, or for a main account, is refused after the state is used.
		u, err := f.svc.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, connect.ShopeeTarget{ShopID: f.shop.ID}, shopeeCallback)
		if err != nil {
			t.Fatal(err)
		}
		q := f.seller(t, u)
		q.Del("shop_id")
		q.Set("main_account_id", "77")
		if _, err := f.svc.ShopeeCallback(ctx, store.CLIActor, f.user, q, func(int64) error { return nil }); !errors.Is(err, connect.ErrBadShopeeCallback) {
			t.Errorf("main account callback: %v", err)
		}

		// A new shop for the market is made when the seller comes back, not before.
		c := f.connect(t, connect.ShopeeTarget{Region: "id"})
		sh, err := s.ShopBySlug(ctx, f.ws.ID, "shopee-id")
		if err != nil || c.ShopID == nil || *c.ShopID != sh.ID || sh.Currency != "IDR" || sh.Platform != model.PlatformShopee || sh.Timezone != "Asia/Jakarta" {
			t.Fatalf("new shop %+v for connection %+v: %v", sh, c, err)
		}

		// A wrong partner key: Shopee refuses the signature on its authorization page and on
		// the token exchange (error_sign, "Wrong sign.").
		bad := f.service(t, "not-the-partner-key")
		u, err = bad.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, connect.ShopeeTarget{ShopID: f.shop.ID}, shopeeCallback)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("authorization page with a wrong signature: HTTP %d", resp.StatusCode)
		}
		good, err := f.svc.ShopeeAuthorizeURL(ctx, f.ws.ID, f.user, connect.ShopeeTarget{ShopID: f.shop.ID}, shopeeCallback)
		if err != nil {
			t.Fatal(err)
		}
		q = f.seller(t, good)
		// The state belongs to f.svc's store, which bad shares: only the signature differs.
		_, err = bad.ShopeeCallback(ctx, store.CLIActor, f.user, q, func(int64) error { return nil })
		var apiErr *shopee.APIError
		if !errors.As(err, &apiErr) || apiErr.Code != shopee.CodeWrongSign || !strings.Contains(apiErr.Message, "Wrong sign") {
			t.Fatalf("token exchange with a wrong signature: %v", err)
		}
	})
}

func TestShopeeRefresh(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newShopeeFixture(t, s)
		c := f.connect(t, connect.ShopeeTarget{ShopID: f.shop.ID})
		_, before, err := f.svc.ShopeeClient(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := s.Connection(ctx, f.ws.ID, c.ID)
		oldRefresh, err := f.svc.Keys.Open(stored.RefreshTokenSealed, "connection:"+strconv.FormatInt(c.ID, 10)+":refresh_token")
		if err != nil {
			t.Fatal(err)
		}

		// Not due yet: the sweep leaves the tokens alone.
		if err := f.svc.RefreshDueShopee(ctx); err != nil {
			t.Fatal(err)
		}
		if now, _ := s.Connection(ctx, f.ws.ID, c.ID); now.RefreshTokenSealed != stored.RefreshTokenSealed {
			t.Fatal("the sweep refreshed a token four hours from its end")
		}
		// Within the hour before the access token ends, the sweep refreshes: both tokens are
		// new, the refresh token's 30 days start again, and the old refresh token is dead.
		f.clock.Advance(3*time.Hour + 30*time.Minute)
		if err := f.svc.RefreshDueShopee(ctx); err != nil {
			t.Fatal(err)
		}
		fresh, _ := s.Connection(ctx, f.ws.ID, c.ID)
		if fresh.RefreshTokenSealed == stored.RefreshTokenSealed || fresh.LastRefreshAt == nil || fresh.Status != store.ConnectionActive ||
			fresh.AccessExpiresAt.Sub(f.clock.Now()) != shopeetest.AccessTTL || fresh.RefreshExpiresAt.Sub(f.clock.Now()) != shopee.RefreshTokenLifetime {
			t.Fatalf("after the refresh: %+v", fresh)
		}
		cl, after, err := f.svc.ShopeeClient(ctx, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if after.AccessToken == before.AccessToken {
			t.Fatal("the access token did not change")
		}
		if _, err := cl.RefreshToken(ctx, string(oldRefresh), 1001); err == nil {
			t.Fatal("the old refresh token still works after the rotation")
		}
		if _, err := cl.ConversionReportPage(ctx, after, shopee.ReportQuery{}, 1); err != nil {
			t.Fatalf("the refreshed token does not work: %v", err)
		}
		// A forced refresh (Shopee refused the access token early) rotates again; one forced
		// with an outdated connection is skipped, as another worker did it.
		forced, err := f.svc.RefreshShopee(ctx, fresh)
		if err != nil || forced.RefreshTokenSealed == fresh.RefreshTokenSealed {
			t.Fatalf("forced refresh: %v", err)
		}
		if again, err := f.svc.RefreshShopee(ctx, fresh); err != nil || again.RefreshTokenSealed != forced.RefreshTokenSealed {
			t.Fatalf("a second forced refresh from the same read rotated again: %v", err)
		}

		// Thirty days without a refresh: Shopee refuses, the connection needs the seller.
		f.clock.Advance(31 * 24 * time.Hour)
		if err := f.svc.RefreshDueShopee(ctx); err != nil {
			t.Fatal(err)
		}
		dead, _ := s.Connection(ctx, f.ws.ID, c.ID)
		if dead.Status != store.ConnectionNeedsReauth || !strings.Contains(dead.LastError, "Connect the shop again") {
			t.Fatalf("after a refused refresh: %+v", dead)
		}
		if _, _, err := f.svc.ShopeeClient(ctx, dead); !errors.Is(err, connect.ErrNeedsReauth) {
			t.Fatalf("client of a connection needing re-authorization: %v", err)
		}
	})
}
