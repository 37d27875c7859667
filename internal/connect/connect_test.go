package connect_test

import (
	"context"
	"crypto/rand"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// fixture is a workspace with a user, a fake TikTok Shop and a service wired to it.
type fixture struct {
	s    *store.Store
	ws   *model.Workspace
	shop *model.Shop
	user int64
	fake *tiktokshoptest.Server
	svc  *connect.Service
}

func newFixture(t *testing.T, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	ws, shop := storetest.USDShop(t, s)
	user, err := s.CreateUser(ctx, "ana@example.com", "Ana", "x")
	if err != nil {
		t.Fatal(err)
	}
	fake := tiktokshoptest.New(t, tiktokshoptest.Options{Shops: []tiktokshoptest.Shop{
		{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: "ROW_fake1", SellerType: "LOCAL"},
		{ID: "7494000000000000002", Name: "Fake Brand UK", Region: "GB", Cipher: "ROW_fake2", SellerType: "LOCAL"},
	}})
	return &fixture{s: s, ws: ws, shop: shop, user: user, fake: fake, svc: Service(t, s, fake)}
}

// Service is a connect.Service on the fake's clock with a fresh key.
func Service(t *testing.T, s *store.Store, fake *tiktokshoptest.Server) *connect.Service {
	t.Helper()
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return &connect.Service{Store: s, Keys: keys, ServiceID: fake.ServiceID, AuthorizeBase: fake.URL + "/open/authorize", Now: fake.Now,
		TikTok: tiktokshop.Config{AppKey: fake.AppKey, AppSecret: fake.AppSecret, APIBaseURL: fake.URL, AuthBaseURL: fake.URL, Now: fake.Now, MaxAttempts: 1}}
}

// authorize starts a connect and returns its state, as the browser would carry it back.
func (f *fixture) authorize(t *testing.T) string {
	t.Helper()
	u, err := f.svc.AuthorizeURL(context.Background(), f.ws.ID, f.user)
	if err != nil {
		t.Fatal(err)
	}
	pu, err := url.Parse(u)
	if err != nil || !strings.HasPrefix(u, f.fake.URL+"/open/authorize?") || pu.Query().Get("service_id") != f.fake.ServiceID {
		t.Fatalf("authorize URL %q", u)
	}
	return pu.Query().Get("state")
}

// connected runs the whole round trip and connects the first authorized shop to f.shop.
func (f *fixture) connected(t *testing.T) *store.Connection {
	t.Helper()
	ctx := context.Background()
	state := f.authorize(t)
	p, err := f.svc.Callback(ctx, f.user, state, f.fake.IssueAuthCode())
	if err != nil {
		t.Fatal(err)
	}
	conns, err := f.svc.Connect(ctx, store.CLIActor, f.ws.ID, f.user, state, []connect.Pick{{ExternalShopID: p.Shops[0].ID, ShopID: &f.shop.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return conns[0]
}

func TestOAuthRoundTrip(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		state := f.authorize(t)
		p, err := f.svc.Callback(ctx, f.user, state, f.fake.IssueAuthCode())
		if err != nil {
			t.Fatal(err)
		}
		if p.WorkspaceID != f.ws.ID || len(p.Shops) != 2 || p.Shops[1].Name != "Fake Brand UK" {
			t.Fatalf("pending = %+v", p)
		}
		again, err := f.svc.Pending(ctx, f.user, state)
		if err != nil || len(again.Shops) != 2 {
			t.Fatalf("Pending = %+v, %v", again, err)
		}
		conns, err := f.svc.Connect(ctx, store.CLIActor, f.ws.ID, f.user, state, []connect.Pick{
			{ExternalShopID: p.Shops[0].ID, ShopID: &f.shop.ID}, {ExternalShopID: p.Shops[1].ID}})
		if err != nil || len(conns) != 2 {
			t.Fatalf("Connect = %v, %v", conns, err)
		}
		c := conns[0]
		if c.ShopCipher != "ROW_fake1" || c.Status != store.ConnectionActive || c.GrantKey == "" {
			t.Fatalf("connection = %+v", c)
		}
		// The stored token is sealed: a call with what Client opens works, and the column
		// holds no token.
		cl, token, err := f.svc.Client(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(c.AccessTokenSealed, token) || strings.Contains(c.RefreshTokenSealed, "ROW_rft") || !strings.HasPrefix(c.AccessTokenSealed, "v1:") {
			t.Fatalf("tokens are not sealed: %q", c.AccessTokenSealed)
		}
		if shops, err := cl.AuthorizedShops(ctx, token); err != nil || len(shops) != 2 {
			t.Fatalf("a call with the opened token: %v, %v", shops, err)
		}
		// A sealed token copied into another row does not open there.
		other := *conns[1]
		other.AccessTokenSealed = c.AccessTokenSealed
		if _, _, err := f.svc.Client(ctx, &other); !errors.Is(err, secrets.ErrOpen) {
			t.Fatalf("a token copied to another row: err = %v, want secrets.ErrOpen", err)
		}
		// The pick is done: the state cannot be used again.
		if _, err := f.svc.Connect(ctx, store.CLIActor, f.ws.ID, f.user, state, []connect.Pick{{ExternalShopID: p.Shops[0].ID}}); !errors.Is(err, store.ErrOAuthStateUsed) {
			t.Fatalf("second pick: err = %v, want ErrOAuthStateUsed", err)
		}
	})
}

func TestStateRefused(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		other, err := s.CreateUser(ctx, "bo@example.com", "Bo", "x")
		if err != nil {
			t.Fatal(err)
		}
		used := f.authorize(t)
		if _, err := f.svc.Callback(ctx, f.user, used, f.fake.IssueAuthCode()); err != nil {
			t.Fatal(err)
		}
		expired := f.authorize(t)
		otherUsers := f.authorize(t)
		f.fake.Advance(connect.StateTTL)
		fresh := f.authorize(t)
		otherUsers2 := f.authorize(t)
		_ = otherUsers
		cases := []struct {
			name  string
			user  int64
			state string
			want  error
		}{
			{"replayed", f.user, used, store.ErrOAuthStateUsed},
			{"expired", f.user, expired, store.ErrOAuthStateExpired},
			{"another user's", other, otherUsers2, store.ErrOAuthStateOtherUser},
			{"never issued", f.user, "made-up", connect.ErrUnknownState},
		}
		for _, c := range cases {
			if _, err := f.svc.Callback(ctx, c.user, c.state, f.fake.IssueAuthCode()); !errors.Is(err, c.want) {
				t.Errorf("%s state: err = %v, want %v", c.name, err, c.want)
			}
		}
		// The other user's attempt did not burn the state for its owner.
		if _, err := f.svc.Callback(ctx, f.user, otherUsers2, f.fake.IssueAuthCode()); err != nil {
			t.Errorf("owner after another user's attempt: %v", err)
		}
		// A bad code is the platform's refusal, and burns the state.
		if _, err := f.svc.Callback(ctx, f.user, fresh, "bad-code"); err == nil || !strings.Contains(err.Error(), "36004004") {
			t.Errorf("bad code: err = %v", err)
		}
	})
}

func TestRefresh(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		c := f.connected(t)
		_, first, err := f.svc.Client(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		// Not due: RefreshDue leaves it alone.
		if err := f.svc.RefreshDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.fake.Calls("/api/v2/token/refresh"); got != 0 {
			t.Fatalf("refreshes before due = %d", got)
		}
		// Five minutes before expiry Client refreshes first; the old token is dead afterwards.
		f.fake.Advance(tiktokshoptest.AccessTTL - 5*time.Minute)
		cl, second, err := f.svc.Client(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if second == first || f.fake.Calls("/api/v2/token/refresh") != 1 {
			t.Fatalf("Client did not refresh (refresh calls %d)", f.fake.Calls("/api/v2/token/refresh"))
		}
		if _, err := cl.AuthorizedShops(ctx, second); err != nil {
			t.Fatalf("call with the refreshed token: %v", err)
		}
		c, _ = s.Connection(ctx, f.ws.ID, c.ID)
		if c.LastRefreshAt == nil || c.AccessExpiresAt.Sub(f.fake.Now()) < 6*24*time.Hour {
			t.Fatalf("after refresh: %+v", c)
		}
		// RefreshDue refreshes tokens expiring within the hour.
		f.fake.Advance(tiktokshoptest.AccessTTL - 30*time.Minute)
		if err := f.svc.RefreshDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got := f.fake.Calls("/api/v2/token/refresh"); got != 2 {
			t.Fatalf("refreshes after RefreshDue = %d, want 2", got)
		}
	})
}

func TestRefreshFailureNeedsReauth(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		c := f.connected(t)
		// A grant whose authorization ends in three days: an alert, recorded once.
		if err := s.UpdateConnectionTokens(ctx, c.ID, c.AccessTokenSealed, c.RefreshTokenSealed, c.AccessExpiresAt, f.fake.Now().Add(72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := f.svc.RefreshDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		log, _ := s.AuditLog(ctx, f.ws.ID, store.AuditQuery{Action: "connection.expiring"})
		if len(log) != 1 || !strings.Contains(log[0].Summary, "Fake Brand US") {
			t.Fatalf("expiry alerts = %+v", log)
		}
		// Past the refresh token's end the platform refuses: needs_reauth with its message.
		f.fake.Advance(tiktokshoptest.RefreshTTL + time.Hour)
		if err := f.svc.RefreshDue(ctx); err != nil {
			t.Fatalf("RefreshDue with a refused refresh: %v (a refusal is recorded, not an error)", err)
		}
		c, _ = s.Connection(ctx, f.ws.ID, c.ID)
		if c.Status != store.ConnectionNeedsReauth || !strings.Contains(c.LastError, "rt has expired") {
			t.Fatalf("after refused refresh: status %q, last error %q", c.Status, c.LastError)
		}
		if _, _, err := f.svc.Client(ctx, c); !errors.Is(err, connect.ErrNeedsReauth) {
			t.Fatalf("Client on needs_reauth: err = %v", err)
		}
		// Connecting again heals it, on the same row.
		again := f.connected(t)
		if again.ID != c.ID || again.Status != store.ConnectionActive || again.LastError != "" {
			t.Fatalf("reconnected = %+v", again)
		}
	})
}

func TestNoTokensInErrors(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		c := f.connected(t)
		_, tok, err := f.svc.Client(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		f.fake.Fail("/api/v2/token/refresh", 500, 5)
		f.fake.Advance(tiktokshoptest.AccessTTL)
		_, _, err = f.svc.Client(ctx, c)
		if err == nil || strings.Contains(err.Error(), tok) || strings.Contains(err.Error(), "ROW_rft") || strings.Contains(err.Error(), f.fake.AppSecret) {
			t.Fatalf("refresh failure error = %v", err)
		}
		c, _ = s.Connection(ctx, f.ws.ID, c.ID)
		if c.Status != store.ConnectionActive || c.LastError == "" {
			t.Fatalf("a 5xx keeps the connection active with the error noted: %+v", c)
		}
	})
}

func TestMissingKey(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		keyless := &connect.Service{Store: s, ServiceID: f.svc.ServiceID, AuthorizeBase: f.svc.AuthorizeBase, TikTok: f.svc.TikTok, Now: f.svc.Now}
		if err := keyless.CheckReady(ctx); err != nil {
			t.Fatalf("no connections yet: CheckReady = %v", err)
		}
		if _, err := keyless.AuthorizeURL(ctx, f.ws.ID, f.user); !errors.Is(err, connect.ErrNoKey) || !strings.Contains(err.Error(), "creatorops secrets keygen") {
			t.Fatalf("AuthorizeURL without a key: %v", err)
		}
		f.connected(t)
		if err := keyless.CheckReady(ctx); !errors.Is(err, connect.ErrNoKey) || !strings.Contains(err.Error(), secrets.KeyEnv) {
			t.Fatalf("CheckReady with connections and no key: %v", err)
		}
	})
}
