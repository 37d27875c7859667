package web

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// shopeeWebFixture is a web server with a Shopee app configured against a fake Shopee, and a
// workspace "acme" with a USD TikTok shop "us" and an IDR Shopee shop "id".
type shopeeWebFixture struct {
	s    *store.Store
	ws   *model.Workspace
	srv  *httptest.Server
	fake *shopeetest.Server
	svc  *connect.Service
}

func newShopeeWebFixture(t *testing.T, s *store.Store) *shopeeWebFixture {
	t.Helper()
	ws, _ := storetest.USDShop(t, s)
	if _, _, err := s.CreateShop(context.Background(), model.Shop{WorkspaceID: ws.ID, Slug: "id", Name: "Brand ID", Platform: model.PlatformShopee,
		Currency: "IDR", Locale: "id-ID", Timezone: "Asia/Jakarta"}); err != nil {
		t.Fatal(err)
	}
	fake := shopeetest.New(shopeetest.Config{})
	t.Cleanup(fake.Close)
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	svc := &connect.Service{Store: s, Keys: keys, Logger: testLogger(t),
		Shopee: shopee.Config{PartnerID: fake.Config().PartnerID, PartnerKey: fake.Config().PartnerKey, BaseURL: fake.URL, MaxAttempts: 1}}
	srv := httptest.NewServer(New(s, testLogger(t), Options{Connect: svc}))
	t.Cleanup(srv.Close)
	return &shopeeWebFixture{s: s, ws: ws, srv: srv, fake: fake, svc: svc}
}

// authorize presses "Connect a Shopee shop" with the form's shop choice and follows the
// browser through Shopee's authorization page, which approves; it returns the callback URL
// Shopee sends the browser back to.
func (f *shopeeWebFixture) authorize(t *testing.T, c *http.Client, shop string) string {
	t.Helper()
	status, loc, body := do(t, c, "POST", f.srv.URL+"/w/acme/connections/shopee/authorize", url.Values{"shop": {shop}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, f.fake.URL+shopee.PathAuthPartner+"?") {
		t.Fatalf("authorize: %d → %q\n%s", status, loc, body)
	}
	status, loc, _ = do(t, c, "GET", loc, nil)
	if status != http.StatusFound || !strings.HasPrefix(loc, f.srv.URL+connect.ShopeeCallbackPath+"?") {
		t.Fatalf("Shopee's authorization page: %d → %q", status, loc)
	}
	return loc
}

func TestShopeeConnectEndToEnd(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newShopeeWebFixture(t, s)
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		run(t, f.srv, owner, []scenario{
			{name: "offers Shopee", path: "/w/acme/connections", status: 200,
				want: []string{"Connect a Shopee shop</button>", `<option value="id">Brand ID (IDR)</option>`,
					`<option value="new-vn">New shop: Shopee Vietnam (VND)</option>`, "sign in to Shopee Seller Centre"},
				lacks: []string{`<option value="us">`}},
		})

		// Bad choices are refused with a message naming the field, and write nothing.
		for _, bad := range []struct{ shop, want string }{
			{"", "Choose the shop"},
			{"nope", "is not a shop of this workspace"},
			{"us", "not Shopee"},
			{"new-xx", "is not a Shopee market"},
		} {
			status, _, body := do(t, owner, "POST", f.srv.URL+"/w/acme/connections/shopee/authorize", url.Values{"shop": {bad.shop}})
			if status != http.StatusBadRequest || !strings.Contains(body, bad.want) || !strings.Contains(body, "shop") {
				t.Errorf("shop %q: %d, body lacks %q", bad.shop, status, bad.want)
			}
		}

		callback := f.authorize(t, owner, "id")
		status, loc, body := do(t, owner, "GET", callback, nil)
		if status != http.StatusSeeOther || loc != "/w/acme/connections?ok=connected" {
			t.Fatalf("callback: %d → %q\n%s", status, loc, body)
		}
		// The callback works once.
		if status, _, body := do(t, owner, "GET", callback, nil); status != http.StatusBadRequest || !strings.Contains(body, "already used") {
			t.Errorf("replayed callback: %d\n%s", status, body)
		}
		conns, err := s.Connections(ctx, f.ws.ID)
		if err != nil || len(conns) != 1 {
			t.Fatalf("connections = %v, %v", conns, err)
		}
		c := conns[0]
		_, sh, err := f.svc.ShopeeClient(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if c.Platform != model.PlatformShopee || c.ExternalShopID != "1001" || c.Region != "ID" || c.ShopID == nil ||
			sh.AccessToken == "" || strings.Contains(c.AccessTokenSealed, sh.AccessToken) {
			t.Fatalf("connection %+v", c)
		}
		id := fmtID(c.ID)
		run(t, f.srv, owner, []scenario{
			{name: "listed", path: "/w/acme/connections?ok=connected", status: 200,
				want:  []string{"Shop connected.", "Brand ID", "Shopee · ID · 1001", "Active", "/w/acme/shops/id", "/w/acme/connections/" + id + "/sync"},
				lacks: []string{sh.AccessToken, "sign in to Shopee Seller Centre"}},
			{name: "csv", path: "/w/acme/connections.csv", status: 200, want: []string{"1001"}, lacks: []string{sh.AccessToken}},
		})

		// "Sync now" queues the Shopee sync of the connection.
		if status, loc, _ := do(t, owner, "POST", f.srv.URL+"/w/acme/connections/"+id+"/sync", url.Values{}); status != http.StatusSeeOther || loc != "/w/acme/connections" {
			t.Fatalf("sync now: %d → %q", status, loc)
		}
		queued, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: f.ws.ID, Kind: platformsync.KindShopeeOrders, Limit: 5})
		if err != nil || len(queued) != 1 || queued[0].UniqueKey != "connection:"+id {
			t.Fatalf("queued Shopee syncs: %+v, %v", queued, err)
		}

		// A new shop for a market is made when the seller comes back.
		status, loc, body = do(t, owner, "GET", f.authorize(t, owner, "new-id"), nil)
		if status != http.StatusSeeOther {
			t.Fatalf("callback into a new shop: %d → %q\n%s", status, loc, body)
		}
		if sh, err := s.ShopBySlug(ctx, f.ws.ID, "shopee-id"); err != nil || sh.Currency != "IDR" {
			t.Fatalf("new shop: %+v, %v", sh, err)
		}
	})
}

func TestShopeeConnectRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newShopeeWebFixture(t, s)
		for _, role := range []string{"specialist", "finance", "viewer"} {
			cl := signIn(t, f.srv, addMember(t, s, role+"@acme.example", f.ws, role))
			if status, _, _ := do(t, cl, "POST", f.srv.URL+"/w/acme/connections/shopee/authorize", url.Values{"shop": {"id"}}); status != http.StatusForbidden {
				t.Errorf("%s POST authorize: %d, want 403", role, status)
			}
			run(t, f.srv, cl, []scenario{
				{name: role + " sees no connect", path: "/w/acme/connections", status: 200, lacks: []string{"Connect a Shopee shop</button>", "connections/shopee/authorize"}},
			})
		}

		// A manager who starts, then becomes a specialist before coming back, is refused, and
		// nothing is stored.
		l := addMember(t, s, "manager@acme.example", f.ws, "manager")
		manager := signIn(t, f.srv, l)
		callback := f.authorize(t, manager, "id")
		if err := s.SetMemberRole(ctx, store.CLIActor, f.ws.ID, l.userID, "specialist"); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := do(t, manager, "GET", callback, nil); status != http.StatusForbidden {
			t.Errorf("demoted manager's callback: %d, want 403", status)
		}
		if conns, _ := s.Connections(ctx, f.ws.ID); len(conns) != 0 {
			t.Fatalf("a refused callback stored %d connections", len(conns))
		}

		// Another user's callback, a forged state, a redirect without a code.
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		other := signIn(t, f.srv, addMember(t, s, "manager2@acme.example", f.ws, "manager"))
		callback = f.authorize(t, owner, "id")
		if status, _, body := do(t, other, "GET", callback, nil); status != http.StatusBadRequest || !strings.Contains(body, "started by another user") {
			t.Errorf("another user's callback: %d\n%s", status, body)
		}
		if status, _, body := do(t, owner, "GET", f.srv.URL+connect.ShopeeCallbackPath+"?state=forged&code=x&shop_id=1001", nil); status != http.StatusBadRequest || !strings.Contains(body, "not known here") {
			t.Errorf("forged state: %d\n%s", status, body)
		}
		u, _ := url.Parse(callback)
		q := u.Query()
		q.Del("code")
		u.RawQuery = q.Encode()
		if status, _, body := do(t, owner, "GET", u.String(), nil); status != http.StatusBadRequest || !strings.Contains(body, "no code") {
			t.Errorf("callback without a code: %d\n%s", status, body)
		}
		// Signed out: sign in first.
		if status, loc, _ := do(t, noRedirects(nil), "GET", callback, nil); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
			t.Errorf("signed out callback: %d → %q", status, loc)
		}

		// Without the app configured: the page explains the setup and connecting is refused.
		f.svc.Shopee = shopee.Config{}
		run(t, f.srv, owner, []scenario{
			{name: "explains the setup", path: "/w/acme/connections", status: 200,
				want:  []string{"no Shopee app configured", f.srv.URL + connect.ShopeeCallbackPath, "--shopee-partner-id"},
				lacks: []string{"Connect a Shopee shop</button>"}},
			{name: "connect refused", method: "POST", path: "/w/acme/connections/shopee/authorize", status: 503, want: []string{"not configured"}},
		})
	})
}
