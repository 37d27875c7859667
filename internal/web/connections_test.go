package web

import (
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
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

// connectFixture is a web server wired to a fake TikTok Shop whose authorize page sends the
// browser back to the server's callback, as Partner Center's registered redirect URL does.
type connectFixture struct {
	s    *store.Store
	ws   *model.Workspace
	srv  *httptest.Server
	fake *tiktokshoptest.Server
	svc  *connect.Service
}

func newConnectFixture(t *testing.T, s *store.Store) *connectFixture {
	t.Helper()
	ws, _ := storetest.USDShop(t, s)
	svc := &connect.Service{Store: s}
	srv := httptest.NewServer(New(s, testLogger(t), Options{Connect: svc}))
	t.Cleanup(srv.Close)
	fake := tiktokshoptest.New(t, tiktokshoptest.Options{RedirectURL: srv.URL + connect.CallbackPath})
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	*svc = connect.Service{Store: s, Keys: keys, ServiceID: fake.ServiceID, AuthorizeBase: fake.URL + "/open/authorize", Now: fake.Now,
		Logger: testLogger(t), TikTok: tiktokshop.Config{AppKey: fake.AppKey, AppSecret: fake.AppSecret, APIBaseURL: fake.URL, AuthBaseURL: fake.URL,
			Now: fake.Now, MaxAttempts: 1}}
	return &connectFixture{s: s, ws: ws, srv: srv, fake: fake, svc: svc}
}

// do sends one request without following redirects and returns the status, the Location and
// the body.
func do(t *testing.T, c *http.Client, method, u string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// authorize presses "Connect TikTok Shop" and follows the browser to the fake's authorize
// page, which approves; it returns the callback URL the fake sends the browser back to.
func (f *connectFixture) authorize(t *testing.T, c *http.Client) string {
	t.Helper()
	status, loc, body := do(t, c, "POST", f.srv.URL+"/w/acme/connections/tiktok-shop/authorize", url.Values{})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, f.fake.URL+"/open/authorize?") {
		t.Fatalf("authorize: %d → %q\n%s", status, loc, body)
	}
	status, loc, _ = do(t, c, "GET", loc, nil)
	if status != http.StatusFound || !strings.HasPrefix(loc, f.srv.URL+connect.CallbackPath+"?") {
		t.Fatalf("fake authorize page: %d → %q", status, loc)
	}
	return loc
}

func TestConnectShopEndToEnd(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, s)
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		run(t, f.srv, owner, []scenario{
			{name: "empty list teaches", path: "/w/acme/connections", status: 200,
				want: []string{"No shop connected yet", "Connect TikTok Shop", "Press <strong>Connect TikTok Shop</strong>"}},
		})

		callback := f.authorize(t, owner)
		status, loc, body := do(t, owner, "GET", callback, nil)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/w/acme/connections/pick?state=") {
			t.Fatalf("callback: %d → %q\n%s", status, loc, body)
		}
		state, _ := url.ParseQuery(strings.SplitN(loc, "?", 2)[1])
		status, _, body = do(t, owner, "GET", f.srv.URL+loc, nil)
		if status != 200 || !strings.Contains(body, "Fake Brand US") || !strings.Contains(body, `name="target_7494000000000000001"`) {
			t.Fatalf("pick page: %d\n%s", status, body)
		}
		// The callback URL works once.
		status, _, body = do(t, owner, "GET", callback, nil)
		if status != http.StatusBadRequest || !strings.Contains(body, "already used") {
			t.Fatalf("replayed callback: %d\n%s", status, body)
		}

		// Bad picks are refused with a message naming them, and write nothing.
		pick := func(form url.Values) (int, string, string) {
			form.Set("state", state.Get("state"))
			return do(t, owner, "POST", f.srv.URL+"/w/acme/connections", form)
		}
		for _, bad := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no shop ticked", url.Values{}, "Choose at least one shop"},
			{"unknown shop", url.Values{"shop": {"999"}}, "is not among the shops the seller authorized"},
			{"foreign target", url.Values{"shop": {"7494000000000000001"}, "target_7494000000000000001": {"nope"}}, `feeds shop &#34;nope&#34;`},
		} {
			status, _, body := pick(bad.form)
			if status != http.StatusBadRequest || !strings.Contains(body, bad.want) {
				t.Errorf("%s: %d, body lacks %q\n%s", bad.name, status, bad.want, body)
			}
		}
		if conns, _ := s.Connections(ctx, f.ws.ID); len(conns) != 0 {
			t.Fatalf("a refused pick wrote %d connections", len(conns))
		}

		status, loc, body = pick(url.Values{"shop": {"7494000000000000001"}, "target_7494000000000000001": {"us"}})
		if status != http.StatusSeeOther || loc != "/w/acme/connections?ok=connected" {
			t.Fatalf("connect: %d → %q\n%s", status, loc, body)
		}
		conns, err := s.Connections(ctx, f.ws.ID)
		if err != nil || len(conns) != 1 {
			t.Fatalf("connections = %v, %v", conns, err)
		}
		c := conns[0]
		_, token, err := f.svc.Client(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(token, "ROW_act_") || strings.Contains(c.AccessTokenSealed, token) || strings.Contains(c.RefreshTokenSealed, "ROW_") {
			t.Fatalf("the stored tokens are not sealed: %q / %q", c.AccessTokenSealed, c.RefreshTokenSealed)
		}
		if c.ShopID == nil || c.ShopCipher != "ROW_fakecipher1" {
			t.Fatalf("connection = %+v", c)
		}
		id := fmtID(c.ID)
		run(t, f.srv, owner, []scenario{
			{name: "listed", path: "/w/acme/connections?ok=connected", status: 200,
				want:  []string{"Shop connected.", "Fake Brand US", "Active", "Disconnect Fake Brand US", "/w/acme/shops/us"},
				lacks: []string{token, "needs attention"}},
			{name: "csv", path: "/w/acme/connections.csv", status: 200,
				want: []string{"platform_shop_id", "7494000000000000001,Fake Brand US,US,active,us"}, lacks: []string{token, "v1:"}},
			{name: "pick after connecting", path: "/w/acme/connections/pick?state=" + url.QueryEscape(state.Get("state")), status: 400,
				want: []string{"already used"}},
		})

		// The platform refuses to refresh: needs_reauth, and the list raises the alarm.
		f.fake.Advance(tiktokshoptest.RefreshTTL + time.Hour)
		if err := f.svc.RefreshDue(ctx); err != nil {
			t.Fatal(err)
		}
		run(t, f.srv, owner, []scenario{
			{name: "needs re-authorization", path: "/w/acme/connections", status: 200,
				want: []string{"1 connection needs attention", "Needs re-authorization", "rt has expired"}},
		})

		status, loc, _ = do(t, owner, "POST", f.srv.URL+"/w/acme/connections/"+id+"/disconnect", url.Values{})
		if status != http.StatusSeeOther || loc != "/w/acme/connections?ok=disconnected" {
			t.Fatalf("disconnect: %d → %q", status, loc)
		}
		c, _ = s.Connection(ctx, f.ws.ID, c.ID)
		if c.Status != store.ConnectionDisconnected || c.AccessTokenSealed != "" || c.RefreshTokenSealed != "" {
			t.Fatalf("after disconnect: %+v", c)
		}
		run(t, f.srv, owner, []scenario{
			{name: "history", path: "/w/acme/connections", status: 200,
				want: []string{"Disconnected (1)", "No shop connected yet"}, lacks: []string{"needs attention"}},
		})
	})
}

func TestConnectionAlertEndsSoon(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, s)
		viewer := signIn(t, f.srv, addMember(t, s, "viewer@acme.example", f.ws, "viewer"))
		g := f.fake.Grant()
		c, err := f.svc.Save(ctx, store.CLIActor, f.ws.ID, nil, tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
			tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt, RefreshExpiresAt: time.Now().Add(72 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		run(t, f.srv, viewer, []scenario{
			{name: "ends within a week", path: "/w/acme/connections", status: 200,
				want:  []string{"1 connection needs attention", "The authorization of “Fake Brand US” ends on", "Ask a manager or the owner", "no shop yet"},
				lacks: []string{"Disconnect…", "Connect TikTok Shop</button>"}},
		})
		_ = c
	})
}

func TestConnectionRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, s)
		g := f.fake.Grant()
		c, err := f.svc.Save(ctx, store.CLIActor, f.ws.ID, nil, tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Cipher: g.ShopCipher},
			tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt, RefreshExpiresAt: g.RefreshExpiresAt})
		if err != nil {
			t.Fatal(err)
		}
		disconnect := "/w/acme/connections/" + fmtID(c.ID) + "/disconnect"
		for _, role := range []string{"specialist", "finance", "viewer"} {
			cl := signIn(t, f.srv, addMember(t, s, role+"@acme.example", f.ws, role))
			for _, path := range []string{"/w/acme/connections/tiktok-shop/authorize", "/w/acme/connections", disconnect} {
				if status, _, _ := do(t, cl, "POST", f.srv.URL+path, url.Values{}); status != http.StatusForbidden {
					t.Errorf("%s POST %s: status %d, want 403", role, path, status)
				}
			}
			if status, _, _ := do(t, cl, "GET", f.srv.URL+"/w/acme/connections/pick?state=x", nil); status != http.StatusForbidden {
				t.Errorf("%s GET pick: status %d, want 403", role, status)
			}
			if status, _, _ := do(t, cl, "GET", f.srv.URL+"/w/acme/connections", nil); status != http.StatusOK {
				t.Errorf("%s GET list: status %d, want 200", role, status)
			}
		}
		manager := signIn(t, f.srv, addMember(t, s, "manager@acme.example", f.ws, "manager"))
		if status, loc, _ := do(t, manager, "POST", f.srv.URL+"/w/acme/connections/tiktok-shop/authorize", url.Values{}); status != http.StatusSeeOther || !strings.HasPrefix(loc, f.fake.URL) {
			t.Errorf("manager authorize: %d → %q", status, loc)
		}

		// Another workspace's owner: the connection and the pending authorization are 404s.
		globex, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "globex"})
		if err != nil {
			t.Fatal(err)
		}
		outsider := signIn(t, f.srv, addMember(t, s, "owner@globex.example", globex, "owner"))
		if status, _, _ := do(t, outsider, "POST", f.srv.URL+"/w/globex/connections/"+fmtID(c.ID)+"/disconnect", url.Values{}); status != http.StatusNotFound {
			t.Errorf("disconnect from another workspace: %d, want 404", status)
		}
		if status, _, _ := do(t, outsider, "POST", f.srv.URL+"/w/acme/connections/"+fmtID(c.ID)+"/disconnect", url.Values{}); status != http.StatusNotFound {
			t.Errorf("disconnect in a workspace one is not a member of: %d, want 404", status)
		}
		if got, _ := s.Connection(ctx, f.ws.ID, c.ID); got.Status != store.ConnectionActive {
			t.Errorf("status after refused disconnects = %s", got.Status)
		}
	})
}

func TestConnectCallbackRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newConnectFixture(t, s)
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		manager := signIn(t, f.srv, addMember(t, s, "manager@acme.example", f.ws, "manager"))

		// Signed out: sign in first, then come back.
		anon := noRedirects(nil)
		cb := f.authorize(t, owner)
		if status, loc, _ := do(t, anon, "GET", cb, nil); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/login?next=") {
			t.Errorf("signed out callback: %d → %q", status, loc)
		}
		// Another user's state is refused, and stays usable by its owner.
		if status, _, body := do(t, manager, "GET", cb, nil); status != http.StatusBadRequest || !strings.Contains(body, "started by another user") {
			t.Errorf("another user's callback: %d\n%s", status, body)
		}
		if status, _, _ := do(t, owner, "GET", cb, nil); status != http.StatusSeeOther {
			t.Errorf("owner's callback after another user's attempt: %d", status)
		}
		// An expired state.
		cb = f.authorize(t, owner)
		f.fake.Advance(connect.StateTTL + time.Minute)
		if status, _, body := do(t, owner, "GET", cb, nil); status != http.StatusBadRequest || !strings.Contains(body, "expired") {
			t.Errorf("expired callback: %d\n%s", status, body)
		}
		// A made-up state, and a code the platform refuses.
		if status, _, body := do(t, owner, "GET", f.srv.URL+connect.CallbackPath+"?state=forged&code=x", nil); status != http.StatusBadRequest || !strings.Contains(body, "not known here") {
			t.Errorf("forged state: %d\n%s", status, body)
		}
		cb = f.authorize(t, owner)
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Set("code", "stolen")
		u.RawQuery = q.Encode()
		if status, _, body := do(t, owner, "GET", u.String(), nil); status != http.StatusBadGateway || !strings.Contains(body, "36004004") {
			t.Errorf("refused code: %d\n%s", status, body)
		}
		// No encryption key: connecting is refused with the way to fix it.
		f.svc.Keys = nil
		if status, _, body := do(t, owner, "POST", f.srv.URL+"/w/acme/connections/tiktok-shop/authorize", url.Values{}); status != http.StatusServiceUnavailable ||
			!strings.Contains(body, "CREATOROPS_SECRET_KEY") || !strings.Contains(body, "creatorops secrets keygen") {
			t.Errorf("no key: %d\n%s", status, body)
		}
	})
}

func TestConnectionsNotConfigured(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		storetest.USDShop(t, s)
		ws, _ := s.WorkspaceBySlug(context.Background(), "acme")
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@acme.example", ws, "owner"))
		run(t, srv, owner, []scenario{
			{name: "explains the setup", path: "/w/acme/connections", status: 200,
				want: []string{"no TikTok Shop app configured", srv.URL + connect.CallbackPath, "creatorops fake-platform"}, lacks: []string{"Connect TikTok Shop</button>"}},
			{name: "connect refused", method: "POST", path: "/w/acme/connections/tiktok-shop/authorize", status: 503, want: []string{"not configured"}},
		})
	})
}
