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
		top, gmv30 := windowFigures(t, s, ws, 30)
		_, gmv90 := windowFigures(t, s, ws, 90)
		css, _ := staticURL("app.css")
		run(t, srv, []scenario{
			{name: "healthz", path: "/healthz", status: 200, want: []string{"ok"}},
			{name: "overview", path: "/", status: 200, headers: securityWant,
				want: []string{"<title>creatorops — Overview</title>", top, gmv30, "30 days to ", "workspace time zone UTC", `<svg class="chart"`}},
			{name: "90 days", path: "/?days=90", status: 200, want: []string{gmv90, "90 days to "}},
			{name: "odd days fall back to 30", path: "/?days=12", status: 200, want: []string{gmv30, "30 days to "}},
			{name: "unknown workspace", path: "/?ws=nope", status: 404, headers: securityWant, want: []string{"Not found"}},
			{name: "static css", path: css, status: 200,
				headers: map[string]string{"Content-Type": "text/css", "Cache-Control": "public, max-age=31536000"}},
			{name: "stale css hash", path: "/static/app.00000000.css", status: 404},
			{name: "unknown path", path: "/nope", status: 404, want: []string{"Not found"}},
			{name: "cross-origin post", method: "POST", path: "/", status: 403, headers: securityWant,
				header: map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}},
		})
	})
}

func TestOverviewEmpty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		run(t, srv, []scenario{
			{name: "no workspace", path: "/", status: 200,
				want: []string{"No orders yet", "creatorops import tiktok-orders --workspace W", "creatorops serve --demo"}},
		})
		for _, slug := range []string{"beta", "alpha"} {
			if _, _, err := s.EnsureWorkspace(context.Background(), model.Workspace{Slug: slug}); err != nil {
				t.Fatal(err)
			}
		}
		run(t, srv, []scenario{
			{name: "first workspace by name", path: "/", status: 200,
				want: []string{"No orders yet", "--workspace alpha", `<select id="ws" name="ws">`}},
			{name: "workspace switch", path: "/?ws=beta&days=7", status: 200, want: []string{"--workspace beta"}},
		})
	})
}

// TestStoreDown checks a failing database gives a 500 that names nothing of it, and a 503 probe.
func TestStoreDown(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		s.Close()
		run(t, srv, []scenario{
			{name: "healthz", path: "/healthz", status: 503},
			{name: "overview", path: "/", status: 500, headers: securityWant, want: []string{"Something went wrong"},
				lacks: []string{"store:", "sql", "closed"}},
		})
	})
}

func run(t *testing.T, srv *httptest.Server, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			req, err := http.NewRequest(cmpOr(sc.method, "GET"), srv.URL+sc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range sc.header {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
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
