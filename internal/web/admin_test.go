package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// adminFixture is workspace acme with shop "us", one signed-in member per role, and workspace
// "other" (with shop "other-shop" and its own owner) whose objects acme must never reach.
type adminFixture struct {
	s       *store.Store
	srv     *httptest.Server
	ws      *model.Workspace
	other   *model.Workspace
	people  map[access.Role]login
	clients map[access.Role]*http.Client
	outside login // owner of "other" only
}

// newAdminFixture builds the fixture; withLines imports the sample exports into acme's shop.
func newAdminFixture(t *testing.T, s *store.Store, withLines bool) *adminFixture {
	t.Helper()
	ctx := context.Background()
	var ws *model.Workspace
	if withLines {
		ws = importSamples(t, s)
	} else {
		ws, _ = storetest.USDShop(t, s)
	}
	other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other", Name: "Other brand"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: other.ID, Slug: "other-shop", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(s, testLogger(t)))
	t.Cleanup(srv.Close)
	f := &adminFixture{s: s, srv: srv, ws: ws, other: other, people: map[access.Role]login{}, clients: map[access.Role]*http.Client{}}
	for _, role := range access.Roles {
		l := addMember(t, s, string(role)+"@acme.example", ws, string(role))
		f.people[role] = l
		f.clients[role] = signIn(t, srv, l)
	}
	f.outside = addMember(t, s, "owner@other.example", other, "owner")
	return f
}

// send makes a request as role (a form for POST) without following redirects, and returns the
// status, the Location header and the body.
func (f *adminFixture) send(t *testing.T, role access.Role, method, path string, form url.Values) (int, string, string) {
	t.Helper()
	return adminSend(t, f.clients[role], f.srv.URL, method, path, form)
}

func adminSend(t *testing.T, c *http.Client, base, method, path string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, base+path, body)
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

// expect checks a response's status and that its body holds every want.
func expect(t *testing.T, what string, status int, body string, wantStatus int, want ...string) {
	t.Helper()
	if status != wantStatus {
		t.Errorf("%s: status %d, want %d; body: %.600s", what, status, wantStatus, body)
		return
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s: body lacks %q", what, w)
		}
	}
}

// lastAudit returns the newest entry of an action in ws, failing when there is none.
func lastAudit(t *testing.T, s *store.Store, ws *model.Workspace, action string) store.AuditRecord {
	t.Helper()
	recs, err := s.AuditLog(context.Background(), ws.ID, store.AuditQuery{Action: action, Limit: 1})
	if err != nil || len(recs) == 0 {
		t.Fatalf("no %s entry in the audit log of %s: %v", action, ws.Slug, err)
	}
	return recs[0]
}

// auditCount counts a workspace's entries of an action.
func auditCount(t *testing.T, s *store.Store, ws *model.Workspace, action string) int {
	t.Helper()
	recs, err := s.AuditLog(context.Background(), ws.ID, store.AuditQuery{Action: action, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

func shopCount(t *testing.T, s *store.Store, ws *model.Workspace) int {
	t.Helper()
	shops, err := s.ShopSummaries(context.Background(), ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(shops)
}

func TestShopsPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		for _, role := range access.Roles {
			code, _, body := f.send(t, role, "GET", "/w/acme/shops", nil)
			expect(t, "shops as "+string(role), code, body, 200, "Shops", `href="/w/acme/shops/us"`, "en-US", "USD")
			if can := access.Can(role, access.ManageShops); can != strings.Contains(body, "Add a shop") {
				t.Errorf("shops as %s: form shown = %v, want %v", role, !can, can)
			}
			code, _, body = f.send(t, role, "GET", "/w/acme/shops.csv", nil)
			if access.Can(role, access.ExportData) {
				expect(t, "shops.csv as "+string(role), code, body, 200, "slug,name,platform,region,currency,locale,timezone,imports,last_import,created", "\r\nus,")
			} else {
				expect(t, "shops.csv as "+string(role), code, body, 403)
			}
			code, _, body = f.send(t, role, "GET", "/w/acme/shops/us", nil)
			if access.Can(role, access.ManageShops) {
				expect(t, "shop as "+string(role), code, body, 200, "The currency is fixed because this shop has order lines", `name="timezone"`)
			} else {
				expect(t, "shop as "+string(role), code, body, 200, "A manager or the owner can change these settings.")
			}
		}

		good := url.Values{"slug": {"eu"}, "name": {"Glow Lab EU"}, "platform": {"tiktok_shop"}, "region": {"DE"},
			"currency": {"eur"}, "locale": {""}, "timezone": {"Europe/Berlin"}}
		for _, role := range []access.Role{access.Specialist, access.Finance, access.Viewer} {
			code, _, body := f.send(t, role, "POST", "/w/acme/shops", good)
			expect(t, "create as "+string(role), code, body, 403, "does not allow")
		}
		bad := []struct {
			name, field, value string
			status             int
			want               string
		}{
			{"bad slug", "slug", "Bad Slug!", 400, `Slug &#34;bad slug!&#34; cannot name a shop`},
			{"unknown currency", "currency", "XYZ", 400, `Currency &#34;XYZ&#34; is not one we can read`},
			{"unknown locale", "locale", "xx-YY", 400, `Number format &#34;xx-YY&#34;`},
			{"bad time zone", "timezone", "Mars/Olympus", 400, `Time zone &#34;Mars/Olympus&#34; is not an IANA time zone`},
			{"local time zone", "timezone", "Local", 400, "is not an IANA time zone"},
			{"unknown platform", "platform", "amazon", 400, `Platform &#34;amazon&#34;`},
			{"taken slug", "slug", "us", 409, `Slug &#34;us&#34; is taken`},
		}
		for _, b := range bad {
			form := url.Values{}
			for k, v := range good {
				form[k] = v
			}
			form.Set(b.field, b.value)
			code, _, body := f.send(t, access.Manager, "POST", "/w/acme/shops", form)
			expect(t, b.name, code, body, b.status, b.want, `value="`+strings.ToLower(form.Get("slug")))
		}
		if n := shopCount(t, s, f.ws); n != 1 {
			t.Fatalf("refused forms wrote shops: %d", n)
		}
		if n := auditCount(t, s, f.ws, "shop.create"); n != 0 {
			t.Fatalf("refused forms wrote %d audit entries", n)
		}

		code, loc, body := f.send(t, access.Manager, "POST", "/w/acme/shops", good)
		expect(t, "create as manager", code, body, 303)
		if loc != "/w/acme/shops/eu?created=1" {
			t.Errorf("created: Location %q", loc)
		}
		code, _, body = f.send(t, access.Manager, "GET", loc, nil)
		expect(t, "new shop", code, body, 200, "Shop created", "Glow Lab EU", `<option selected>EUR</option>`, `<option selected>de-DE</option>`, "Europe/Berlin")
		e := lastAudit(t, s, f.ws, "shop.create")
		if e.Actor != "manager@acme.example" || e.ObjectID != "eu" || !strings.Contains(e.After, `"currency":"EUR"`) || e.Before != "" {
			t.Errorf("shop.create entry %+v", e)
		}

		// Edit: a shop without lines may still change its currency.
		edit := url.Values{"name": {"Glow Lab Europe"}, "region": {"EU"}, "currency": {"GBP"}, "locale": {"en-GB"}, "timezone": {"Europe/London"}}
		code, loc, body = f.send(t, access.Owner, "POST", "/w/acme/shops/eu", edit)
		expect(t, "edit", code, body, 303)
		if loc != "/w/acme/shops/eu?saved=1" {
			t.Errorf("edit: Location %q", loc)
		}
		sh, err := s.ShopBySlug(context.Background(), f.ws.ID, "eu")
		if err != nil || sh.Name != "Glow Lab Europe" || sh.Currency != "GBP" || sh.Locale != "en-GB" || sh.Timezone != "Europe/London" || sh.Region != "EU" {
			t.Errorf("edited shop %+v, %v", sh, err)
		}
		e = lastAudit(t, s, f.ws, "shop.update")
		if !strings.Contains(e.Before, `"currency":"EUR"`) || !strings.Contains(e.After, `"currency":"GBP"`) || e.Actor != "owner@acme.example" {
			t.Errorf("shop.update entry %+v", e)
		}
		// Saving the same values writes nothing.
		f.send(t, access.Owner, "POST", "/w/acme/shops/eu", edit)
		if n := auditCount(t, s, f.ws, "shop.update"); n != 1 {
			t.Errorf("an unchanged save wrote an entry: %d shop.update entries", n)
		}

		// A shop with lines keeps its currency.
		code, _, body = f.send(t, access.Manager, "POST", "/w/acme/shops/us", url.Values{"name": {"US"}, "currency": {"EUR"}, "locale": {"en-US"}, "timezone": {"UTC"}})
		expect(t, "currency of a shop with lines", code, body, 409, "Currency cannot change from USD to EUR", "Create a new shop")
		code, _, body = f.send(t, access.Manager, "POST", "/w/acme/shops/us", url.Values{"name": {"US main"}, "locale": {"en-US"}, "timezone": {"Bad/Zone"}})
		expect(t, "bad zone on edit", code, body, 400, "Bad/Zone")
		if sh, _ := s.ShopBySlug(context.Background(), f.ws.ID, "us"); sh.Currency != "USD" || sh.Name != "us" {
			t.Errorf("refused edits changed the shop: %+v", sh)
		}
		code, _, body = f.send(t, access.Manager, "POST", "/w/acme/shops/us", url.Values{"name": {"US main"}, "locale": {"en-US"}, "timezone": {"America/New_York"}})
		expect(t, "edit a shop with lines", code, body, 303)

		for _, role := range []access.Role{access.Specialist, access.Viewer, access.Finance} {
			code, _, body := f.send(t, role, "POST", "/w/acme/shops/us", edit)
			expect(t, "edit as "+string(role), code, body, 403)
		}
		// Another workspace's shop, and one that does not exist, are 404 whatever the form.
		for _, p := range []string{"/w/acme/shops/other-shop", "/w/acme/shops/nope", "/w/other/shops/other-shop"} {
			code, _, body := f.send(t, access.Owner, "GET", p, nil)
			expect(t, "GET "+p, code, body, 404)
			code, _, body = f.send(t, access.Owner, "POST", p, url.Values{"currency": {"nope"}})
			expect(t, "POST "+p, code, body, 404)
		}
		if sh, _ := s.ShopBySlug(context.Background(), f.other.ID, "other-shop"); sh.Currency != "USD" {
			t.Errorf("the other workspace's shop changed: %+v", sh)
		}
	})
}

func TestShopsEmpty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _, err := s.EnsureWorkspace(context.Background(), model.Workspace{Slug: "fresh"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "o@fresh.example", ws, "owner"))
		viewer := signIn(t, srv, addMember(t, s, "v@fresh.example", ws, "viewer"))
		code, _, body := adminSend(t, owner, srv.URL, "GET", "/w/fresh/shops", nil)
		expect(t, "owner", code, body, 200, "No shops yet.", "Add the shop your Seller Center exports come from", "Add a shop")
		code, _, body = adminSend(t, viewer, srv.URL, "GET", "/w/fresh/shops", nil)
		expect(t, "viewer", code, body, 200, "No shops yet.", "A manager or the owner adds shops")
	})
}

func TestSettingsPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		for _, role := range access.Roles {
			code, _, body := f.send(t, role, "GET", "/w/acme/settings", nil)
			if role == access.Owner {
				expect(t, "settings as owner", code, body, 200, "What changing the time zone does", "are not re-cut", `value="UTC"`)
				continue
			}
			expect(t, "settings as "+string(role), code, body, 403)
			code, _, body = f.send(t, role, "POST", "/w/acme/settings", url.Values{"name": {"X"}, "timezone": {"UTC"}})
			expect(t, "save as "+string(role), code, body, 403)
		}
		for _, b := range []struct {
			name, wsName, tz, want string
		}{
			{"bad zone", "Acme", "Mars/Olympus", "Time zone &#34;Mars/Olympus&#34; is not an IANA time zone"},
			{"empty zone", "Acme", "", "Time zone is empty"},
			{"empty name", " ", "UTC", "Name must have between 1 and 100 characters"},
			{"long name", strings.Repeat("x", 101), "UTC", "Name must have between 1 and 100 characters"},
		} {
			code, _, body := f.send(t, access.Owner, "POST", "/w/acme/settings", url.Values{"name": {b.wsName}, "timezone": {b.tz}})
			expect(t, b.name, code, body, 400, b.want)
		}
		if n := auditCount(t, s, f.ws, "workspace.settings"); n != 0 {
			t.Fatalf("refused settings wrote %d entries", n)
		}
		code, loc, body := f.send(t, access.Owner, "POST", "/w/acme/settings", url.Values{"name": {"Acme Beauty"}, "timezone": {"Asia/Jakarta"}})
		expect(t, "save", code, body, 303)
		if loc != "/w/acme/settings?saved=1" {
			t.Errorf("Location %q", loc)
		}
		ws, _ := s.WorkspaceBySlug(context.Background(), "acme")
		if ws.Name != "Acme Beauty" || ws.Timezone != "Asia/Jakarta" {
			t.Errorf("workspace after save: %+v", ws)
		}
		e := lastAudit(t, s, f.ws, "workspace.settings")
		if !strings.Contains(e.Before, `"timezone":"UTC"`) || !strings.Contains(e.After, `"timezone":"Asia/Jakarta"`) || !strings.Contains(e.After, "Acme Beauty") {
			t.Errorf("settings entry %+v", e)
		}
		code, _, body = f.send(t, access.Owner, "GET", "/w/acme/settings?saved=1", nil)
		expect(t, "saved", code, body, 200, "Saved.", `value="Asia/Jakarta"`, "Acme Beauty")
	})
}

func TestWorkspaceCreate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, false)
		// A member who owns nothing cannot open workspaces of their own.
		for _, role := range []access.Role{access.Manager, access.Viewer} {
			code, _, body := f.send(t, role, "GET", "/workspaces/new", nil)
			expect(t, "form as "+string(role), code, body, 403, "Only the owner of a workspace can create new ones")
			code, _, body = f.send(t, role, "POST", "/workspaces", url.Values{"name": {"Mine"}, "timezone": {"UTC"}})
			expect(t, "create as "+string(role), code, body, 403)
		}
		if _, err := s.WorkspaceBySlug(context.Background(), "mine"); err == nil {
			t.Fatal("a refused request created a workspace")
		}
		code, _, body := adminSend(t, noRedirects(nil), f.srv.URL, "POST", "/workspaces", url.Values{"name": {"Anon"}})
		expect(t, "anonymous", code, body, 401)

		code, _, body = f.send(t, access.Owner, "GET", "/workspaces/new", nil)
		expect(t, "form", code, body, 200, "New workspace", `action="/workspaces"`)
		for _, b := range []struct {
			name string
			form url.Values
			code int
			want string
		}{
			{"no name", url.Values{"name": {""}, "timezone": {"UTC"}}, 400, "Name the brand"},
			{"bad slug", url.Values{"name": {"X"}, "slug": {"-x"}, "timezone": {"UTC"}}, 400, "Slug &#34;-x&#34; cannot name a workspace"},
			{"bad zone", url.Values{"name": {"X"}, "timezone": {"Nowhere/City"}}, 400, "Nowhere/City"},
			{"taken slug", url.Values{"name": {"Other"}, "slug": {"other"}, "timezone": {"UTC"}}, 409, "is taken"},
		} {
			code, _, body := f.send(t, access.Owner, "POST", "/workspaces", b.form)
			expect(t, b.name, code, body, b.code, b.want)
		}
		code, loc, body := f.send(t, access.Owner, "POST", "/workspaces", url.Values{"name": {"Glow Lab US"}, "timezone": {"America/Los_Angeles"}})
		expect(t, "create", code, body, 303)
		if loc != "/w/glow-lab-us/shops?welcome=1" {
			t.Errorf("Location %q", loc)
		}
		ws, err := s.WorkspaceBySlug(context.Background(), "glow-lab-us")
		if err != nil || ws.Name != "Glow Lab US" || ws.Timezone != "America/Los_Angeles" {
			t.Fatalf("new workspace %+v, %v", ws, err)
		}
		if role, err := s.MemberRole(context.Background(), f.people[access.Owner].userID, ws.ID); role != "owner" || err != nil {
			t.Errorf("creator's role %q, %v", role, err)
		}
		if e := lastAudit(t, s, ws, "workspace.create"); e.Actor != "owner@acme.example" || !strings.Contains(e.After, "America/Los_Angeles") {
			t.Errorf("workspace.create entry %+v", e)
		}
		code, _, body = f.send(t, access.Owner, "GET", loc, nil)
		expect(t, "welcome", code, body, 200, "Workspace created, and you are its owner", "No shops yet.")
	})
}

// TestShopFormChoices checks every currency and number format the shop form offers is one the
// importer reads.
func TestShopFormChoices(t *testing.T) {
	for _, c := range shopCurrencies {
		if _, ok := intl.LookupCurrency(c); !ok {
			t.Errorf("currency %s is offered but unknown to intl", c)
		}
	}
	for _, l := range shopLocales {
		if got, ok := intl.LookupLocale(l); !ok || got.Tag != l {
			t.Errorf("locale %s is offered but intl has %q, %v", l, got.Tag, ok)
		}
	}
	for _, z := range commonZones {
		if msg := checkZone("zone", z); msg != "" {
			t.Errorf("suggested zone %s: %s", z, msg)
		}
	}
}
