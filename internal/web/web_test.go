package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// scenario is one request and what its response must hold.
type scenario struct {
	name    string
	method  string // GET when empty
	path    string
	header  map[string]string
	status  int
	want    []string          // substrings of the body
	lacks   []string          // what the body must not hold
	headers map[string]string // response headers, compared by prefix
}

var securityWant = map[string]string{
	"Content-Security-Policy": "default-src 'self'; style-src 'self'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "same-origin",
	"X-Frame-Options":         "DENY",
}

func TestOverview(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws := importSamples(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		top, gmv30 := windowFigures(t, s, ws, 30)
		_, gmv90 := windowFigures(t, s, ws, 90)
		css, _ := staticURL("app.css")
		run(t, srv, c, []scenario{
			{name: "healthz", path: "/healthz", status: 200, want: []string{"ok"}},
			{name: "home goes to the only workspace", path: "/", status: 200, want: []string{gmv30}},
			{name: "overview", path: "/w/acme/", status: 200, headers: securityWant,
				want: []string{"<title>acme — Overview · creatorops</title>", top, gmv30, "30 days to ", "workspace time zone UTC", `<svg class="chart"`}},
			{name: "90 days", path: "/w/acme/?days=90", status: 200, want: []string{gmv90, "90 days to "}},
			{name: "odd days fall back to 30", path: "/w/acme/?days=12", status: 200, want: []string{gmv30, "30 days to "}},
			{name: "unknown workspace", path: "/w/nope/", status: 404, headers: securityWant, want: []string{"Not found"}},
			{name: "all workspaces", path: "/?all=1", status: 200, want: []string{"All workspaces", gmv30, "acme"}},
			{name: "static css", path: css, status: 200,
				headers: map[string]string{"Content-Type": "text/css", "Cache-Control": "public, max-age=31536000"}},
			{name: "stale css hash", path: "/static/app.00000000.css", status: 404},
			{name: "unknown path", path: "/nope", status: 404, want: []string{"Not found"}},
			{name: "cross-origin post", method: "POST", path: "/logout", status: 403, headers: securityWant,
				header: map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}},
		})
		run(t, srv, nil, []scenario{
			{name: "anonymous overview", path: "/w/acme/", status: 303, headers: map[string]string{"Location": "/login?next=%2Fw%2Facme%2F"}},
			{name: "anonymous post", method: "POST", path: "/logout", status: 401},
		})
	})
}

func TestOverviewEmpty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		ctx := context.Background()
		var wss []*model.Workspace
		for _, slug := range []string{"beta", "alpha"} {
			ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug})
			if err != nil {
				t.Fatal(err)
			}
			wss = append(wss, ws)
		}
		login := addMember(t, s, "lead@example.com", wss[0], "owner")
		if err := s.AddMember(ctx, login.userID, wss[1].ID, "viewer"); err != nil {
			t.Fatal(err)
		}
		c := signIn(t, srv, login)
		run(t, srv, c, []scenario{
			{name: "agency overview", path: "/", status: 200, want: []string{"All workspaces", "alpha", "beta", "No orders yet."}},
			{name: "owner is taught to upload", path: "/w/beta/", status: 200,
				want: []string{"No orders yet", "upload it on the Imports page", "--workspace beta"}},
			{name: "viewer is told who can", path: "/w/alpha/", status: 200, want: []string{"A manager, finance or the owner can upload"}},
		})
	})
}

// TestStoreDown checks a failing database gives a 500 that names nothing of it, and a 503 probe.
func TestStoreDown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		ws, _ := storetest.USDShop(t, s)
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		s.Close()
		run(t, srv, c, []scenario{
			{name: "healthz", path: "/healthz", status: 503},
			{name: "overview", path: "/w/acme/", status: 500, headers: securityWant, want: []string{"Something went wrong"},
				lacks: []string{"store:", "sql", "closed"}},
		})
	})
}

// run plays scenarios against srv with client c (nil: an anonymous client that does not follow
// redirects).
func run(t *testing.T, srv *httptest.Server, c *http.Client, scenarios []scenario) {
	t.Helper()
	if c == nil {
		c = noRedirects(nil)
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			req, err := http.NewRequest(cmpOr(sc.method, "GET"), srv.URL+sc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range sc.header {
				req.Header.Set(k, v)
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != sc.status {
				t.Fatalf("status %d, want %d; body:\n%s", resp.StatusCode, sc.status, body)
			}
			for _, w := range sc.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range sc.lacks {
				if strings.Contains(string(body), w) {
					t.Errorf("body holds %q", w)
				}
			}
			for k, v := range sc.headers {
				if got := resp.Header.Get(k); !strings.HasPrefix(got, v) {
					t.Errorf("header %s = %q, want prefix %q", k, got, v)
				}
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// importSamples loads the sample exports through the real importer, as the CLI does.
func importSamples(t *testing.T, s *store.Store) *model.Workspace {
	t.Helper()
	ctx := context.Background()
	ws, shop := storetest.USDShop(t, s)
	for _, f := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
		if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", f), ingest.Options{}); err != nil {
			t.Fatalf("import %s: %v", f, err)
		}
	}
	return ws
}

// windowFigures returns the top creator and the formatted USD GMV of the window of days
// ending on the last order day, computed straight from the store.
func windowFigures(t *testing.T, s *store.Store, ws *model.Workspace, days int) (top, gmv string) {
	t.Helper()
	ctx := context.Background()
	last, err := s.LastOrderDay(ctx, ws.ID)
	if err != nil || last == 0 {
		t.Fatalf("last order day %d: %v", last, err)
	}
	rows, err := s.CreatorTotals(ctx, ws.ID, store.WindowEnding(last, days), 0)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%d creators: %v", len(rows), err)
	}
	var sum int64
	for _, r := range rows {
		sum += r.GMV
	}
	usd, _ := intl.LookupCurrency("USD")
	return rows[0].Username, intl.FormatAmount(sum, usd, intl.DefaultLocale("USD"))
}

// testLogger writes to the test's output, shown only when the test fails.
func testLogger(t *testing.T) *slog.Logger { return slog.New(slog.NewTextHandler(t.Output(), nil)) }
