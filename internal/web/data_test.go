package web

import (
	"context"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/intl"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// importDataSamples loads the two order exports (15 creators with sales, 593 lines) and the
// creator list (300 more creators with profiles) into workspace acme.
func importDataSamples(t *testing.T, s *store.Store) *model.Workspace {
	t.Helper()
	ws := importSamples(t, s)
	path := filepath.Join("..", "..", "testdata", "creators-sample.csv")
	if _, err := ingest.ImportCreators(context.Background(), s, ws, path, ingest.CreatorListOptions{}); err != nil {
		t.Fatal(err)
	}
	return ws
}

// usd formats cents as the pages do.
func usd(cents int64) string {
	cur, _ := intl.LookupCurrency("USD")
	return intl.FormatAmount(cents, cur, intl.DefaultLocale("USD"))
}

// creatorID returns the id of a creator by handle.
func creatorID(t *testing.T, s *store.Store, ws *model.Workspace, handle string) string {
	t.Helper()
	id, err := s.CreatorIDByHandle(context.Background(), ws.ID, handle)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

func TestCreatorsPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importDataSamples(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		last, _ := s.LastOrderDay(ctx, ws.ID)
		top, err := s.CreatorTotals(ctx, ws.ID, store.WindowEnding(last, 90), 1)
		if err != nil || len(top) != 1 {
			t.Fatalf("top creator: %v", err)
		}
		bloom := creatorID(t, s, ws, "bloommochi_0")
		quiet := creatorID(t, s, ws, "honeypure_0") // from the creator list: no sales
		run(t, srv, c, []scenario{
			{name: "list", path: "/w/acme/creators", status: 200, headers: securityWant,
				want: []string{"<title>acme — Creator sales · creatorops</title>", "<h1>Creator sales <span", `<span class="count">315</span>`, "@bloommochi_0",
					"1–50 of 315 creators", "Page 1 of 7", `href="/w/acme/creators.csv"`, "Export CSV", `GMV <span aria-hidden="true">▼`}},
			{name: "90 days", path: "/w/acme/creators?days=90", status: 200,
				want: []string{"@" + top[0].Username, usd(top[0].GMV), "Figures for 90 days"}},
			{name: "search", path: "/w/acme/creators?q=%40BloomMochi_0", status: 200,
				want: []string{"@bloommochi_0", `<span class="count">1</span>`}, lacks: []string{"@pixiemint_1"}},
			{name: "search by display name", path: "/w/acme/creators?q=honeypure+0", status: 200, want: []string{"@honeypure_0", "Honeypure 0"}},
			{name: "region", path: "/w/acme/creators?region=GB", status: 200, want: []string{`<span class="count">46</span>`},
				lacks: []string{"@bloommochi_0"}},
			{name: "with sales", path: "/w/acme/creators?sales=with&days=90", status: 200, want: []string{`<span class="count">15</span>`}},
			{name: "page 2", path: "/w/acme/creators?page=2", status: 200, want: []string{"51–100 of 315 creators", "Page 2 of 7", "← Previous"}},
			{name: "past the end", path: "/w/acme/creators?page=99", status: 200, want: []string{"There is no page 99", "7 pages"}},
			{name: "no match", path: "/w/acme/creators?q=zzzz", status: 200, want: []string{"No creators match", "Clear the filters"}},
			{name: "sort by handle", path: "/w/acme/creators?sort=handle", status: 200, want: []string{`Creator <span aria-hidden="true">▲`}},
			{name: "bad sort", path: "/w/acme/creators?sort=fame", status: 400, want: []string{"sort &#34;fame&#34; is not one of: gmv, orders, handle, followers, last_sale."}},
			{name: "bad dir", path: "/w/acme/creators?dir=up", status: 400, want: []string{"dir &#34;up&#34; is not one of"}},
			{name: "bad page", path: "/w/acme/creators?page=two", status: 400, want: []string{"page &#34;two&#34; is not a page number"}},
			{name: "bad sales", path: "/w/acme/creators?sales=lots", status: 400, want: []string{"sales &#34;lots&#34;"}},
			{name: "long search", path: "/w/acme/creators?q=" + strings.Repeat("a", 201), status: 400, want: []string{"q is longer than 200 characters"}},
			{name: "creator", path: "/w/acme/creators/" + bloom + "?days=90", status: 200,
				want: []string{"<title>@bloommochi_0 — acme · creatorops</title>", "Profile", "tiktok <strong>@bloommochi_0</strong>",
					`<svg class="chart"`, "all time " + usd(740442), "Order lines", "Older lines →", `href="/w/acme/orders.csv?creator=bloommochi_0"`}},
			{name: "creator without sales", path: "/w/acme/creators/" + quiet, status: 200,
				want: []string{"@honeypure_0", "No sales yet.", "No order lines for this creator yet.", "from a creator list"}},
			{name: "creator bad cursor", path: "/w/acme/creators/" + bloom + "?after=%21", status: 400, want: []string{"is not a page of this creator"}},
			{name: "creator not a number", path: "/w/acme/creators/abc", status: 404},
			{name: "creator unknown", path: "/w/acme/creators/999999", status: 404},
		})
		// The creator page's older lines continue where the first page ended.
		first := getPage(t, c, srv.URL+"/w/acme/creators/"+bloom)
		second := getPage(t, c, srv.URL+nextLink(t, first))
		if !strings.Contains(second, "« Latest") || strings.Contains(second, "Older lines") && nextLink(t, second) == nextLink(t, first) {
			t.Error("the second page of a creator's lines does not follow the first")
		}
	})
}

func TestCreatorsEmpty(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws, _ := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		owner := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		viewer := signIn(t, srv, addMember(t, s, "viewer@example.com", ws, "viewer"))
		run(t, srv, owner, []scenario{
			{name: "creators", path: "/w/acme/creators", status: 200,
				want:  []string{"No creators yet.", "Creators appear here with the first order import", `<a href="/w/acme/imports">Go to Imports</a>`},
				lacks: []string{"Export CSV"}},
			{name: "products", path: "/w/acme/products", status: 200, want: []string{"No products yet.", "Go to Imports"}},
			{name: "orders", path: "/w/acme/orders", status: 200, want: []string{"No order lines yet.", "Go to Imports"}},
			{name: "empty creators export has its header", path: "/w/acme/creators.csv", status: 200, want: []string{"handle,display_name"}},
		})
		run(t, srv, viewer, []scenario{
			{name: "viewer is told who imports", path: "/w/acme/creators", status: 200, want: []string{"A manager, finance or the owner can upload"}},
		})
	})
}

func TestProductsPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importSamples(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		last, _ := s.LastOrderDay(ctx, ws.ID)
		top, err := s.ProductTotals(ctx, ws.ID, store.WindowEnding(last, 90), 0)
		if err != nil || len(top) < 2 {
			t.Fatalf("%d products: %v", len(top), err)
		}
		total := strconv.Itoa(len(top))
		run(t, srv, c, []scenario{
			{name: "list", path: "/w/acme/products?days=90", status: 200,
				want: []string{"<title>acme — Products · creatorops</title>", html.EscapeString(top[0].Name), top[0].PlatformProductID,
					usd(top[0].GMV), `<span class="count">` + total + `</span>`, "Export CSV", "/w/acme/orders?product=" + top[0].PlatformProductID}},
			{name: "search by id", path: "/w/acme/products?q=" + top[1].PlatformProductID, status: 200,
				want: []string{top[1].PlatformProductID, `<span class="count">1</span>`}, lacks: []string{top[0].PlatformProductID}},
			{name: "no match", path: "/w/acme/products?q=zzzz", status: 200, want: []string{"No products match “zzzz”"}},
			{name: "by name", path: "/w/acme/products?sort=name", status: 200, want: []string{`Product <span aria-hidden="true">▲`}},
			{name: "bad sort", path: "/w/acme/products?sort=price", status: 400, want: []string{"sort &#34;price&#34; is not one of: gmv, orders, units, name."}},
			{name: "bad page", path: "/w/acme/products?page=0", status: 400},
			{name: "past the end", path: "/w/acme/products?page=5", status: 200, want: []string{"There is no page 5"}},
		})
		rows := getCSV(t, c, srv.URL+"/w/acme/products.csv?days=90")
		if len(rows) != len(top)+1 || rows[0][0] != "product_id" || rows[1][0] != top[0].PlatformProductID ||
			rows[1][7] != plainMoney(top[0].GMV, "USD") {
			t.Errorf("products.csv: %d rows, first %q", len(rows), rows[min(1, len(rows)-1)])
		}
		if rows := getCSV(t, c, srv.URL+"/w/acme/products.csv?q="+top[1].PlatformProductID); len(rows) != 2 {
			t.Errorf("filtered products.csv: %d rows", len(rows))
		}
	})
}

func TestOrdersPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importSamples(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		lines, _, err := s.OrderLines(ctx, ws.ID, store.OrderQuery{Limit: 600})
		if err != nil || len(lines) != 593 {
			t.Fatalf("%d lines: %v", len(lines), err)
		}
		newest, oldest := lines[0], lines[len(lines)-1]
		day := newest.CreatedAt.Format("2006-01-02")
		run(t, srv, c, []scenario{
			{name: "list", path: "/w/acme/orders", status: 200,
				want:  []string{"<title>acme — Orders · creatorops</title>", newest.OrderID, "@" + newest.CreatorHandle, "Older →", "Export CSV"},
				lacks: []string{"← Newer"}},
			{name: "oldest first", path: "/w/acme/orders?dir=asc", status: 200, want: []string{oldest.OrderID, "Created <span aria-hidden=\"true\">▲"}},
			{name: "order", path: "/w/acme/orders?order=" + newest.OrderID, status: 200, want: []string{newest.OrderID},
				lacks: []string{"Older →"}},
			{name: "creator", path: "/w/acme/orders?creator=%40PixieMint_1", status: 200, want: []string{"@pixiemint_1"},
				lacks: []string{"@bloommochi_0"}},
			{name: "status", path: "/w/acme/orders?status=refunded", status: 200, want: []string{"st-refunded"},
				lacks: []string{`<span class="status st-completed">`}},
			{name: "day", path: "/w/acme/orders?from=" + day + "&to=" + day, status: 200, want: []string{newest.OrderID}},
			{name: "unknown creator", path: "/w/acme/orders?creator=nobody", status: 200, want: []string{"No creator @nobody in this workspace."}},
			{name: "unknown shop", path: "/w/acme/orders?shop=nope", status: 200, want: []string{"No shop nope in this workspace."}},
			{name: "nothing matches", path: "/w/acme/orders?order=123", status: 200, want: []string{"No order lines match."}},
			{name: "bad status", path: "/w/acme/orders?status=lost", status: 400, want: []string{"status &#34;lost&#34; is not one of"}},
			{name: "bad date", path: "/w/acme/orders?from=15/11/2026", status: 400, want: []string{"from &#34;15/11/2026&#34; is not a date like 2026-11-15."}},
			{name: "dates the wrong way", path: "/w/acme/orders?from=2026-11-15&to=2026-11-01", status: 400, want: []string{"from 2026-11-15 is after to 2026-11-01."}},
			{name: "bad cursor", path: "/w/acme/orders?after=xyz", status: 400, want: []string{"after xyz is not a page of this list"}},
		})
		// Walking the Older links goes through every line once; Newer comes back.
		seen := map[string]bool{}
		pageURL, pages := "/w/acme/orders", 0
		var second string
		for pageURL != "" {
			body := getPage(t, c, srv.URL+pageURL)
			for _, m := range regexp.MustCompile(`class="mono">(\d+)</a><span class="sub mono">(\d+)`).FindAllStringSubmatch(body, -1) {
				if seen[m[1]+"/"+m[2]] {
					t.Fatalf("line %s/%s twice", m[1], m[2])
				}
				seen[m[1]+"/"+m[2]] = true
			}
			pages++
			if pages == 2 {
				second = pageURL
			}
			pageURL = nextLinkOr(body)
		}
		if len(seen) != 593 || pages != 12 {
			t.Errorf("%d lines in %d pages, want 593 in 12", len(seen), pages)
		}
		back := getPage(t, c, srv.URL+prevLink(t, getPage(t, c, srv.URL+second)))
		if !strings.Contains(back, newest.OrderID) || strings.Contains(back, "← Newer") {
			t.Error("Newer from the second page is not the first page")
		}

		all := getCSV(t, c, srv.URL+"/w/acme/orders.csv")
		if len(all) != 594 || all[0][0] != "created_at" || all[1][1] != newest.OrderID || all[1][12] != plainMoney(newest.Payment, "USD") {
			t.Errorf("orders.csv: %d rows, first %q", len(all), all[min(1, len(all)-1)])
		}
		byCreator := getCSV(t, c, srv.URL+"/w/acme/orders.csv?creator=pixiemint_1")
		if len(byCreator) != 107 {
			t.Errorf("orders.csv of pixiemint_1: %d rows, want 106 lines and the header", len(byCreator))
		}
		for _, r := range byCreator[1:] {
			if r[7] != "pixiemint_1" {
				t.Fatalf("line of %s in pixiemint_1's export", r[7])
			}
		}
	})
}

// TestDataRoles checks who may open the lists and who may export them, and that nothing of
// another workspace can be reached.
func TestDataRoles(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importSamples(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		bloom := creatorID(t, s, ws, "bloommochi_0")
		outsider := signIn(t, srv, addMember(t, s, "outsider@example.com", other, "owner"))
		for _, role := range []string{"owner", "manager", "finance", "specialist", "viewer"} {
			c := signIn(t, srv, addMember(t, s, role+"@example.com", ws, role))
			export, link := 200, []string{"Export CSV"}
			var noLink []string
			if role == "specialist" || role == "viewer" {
				export, link, noLink = 403, nil, []string{"Export CSV"}
			}
			t.Run(role, func(t *testing.T) {
				run(t, srv, c, []scenario{
					{name: "creators", path: "/w/acme/creators", status: 200, want: link, lacks: noLink},
					{name: "creator", path: "/w/acme/creators/" + bloom, status: 200, want: link, lacks: noLink},
					{name: "products", path: "/w/acme/products", status: 200, want: link, lacks: noLink},
					{name: "orders", path: "/w/acme/orders", status: 200, want: link, lacks: noLink},
					{name: "creators.csv", path: "/w/acme/creators.csv", status: export},
					{name: "products.csv", path: "/w/acme/products.csv", status: export},
					{name: "orders.csv", path: "/w/acme/orders.csv?creator=bloommochi_0", status: export},
					{name: "another workspace's creators", path: "/w/other/creators", status: 404},
				})
			})
		}
		run(t, srv, outsider, []scenario{
			{name: "creator of another workspace", path: "/w/other/creators/" + bloom, status: 404},
			{name: "its lines are not in the orders", path: "/w/other/orders?creator=bloommochi_0", status: 200, want: []string{"No creator @bloommochi_0"}},
			{name: "nor in an export", path: "/w/other/orders.csv", status: 200, lacks: []string{"bloommochi_0"}},
			{name: "acme's pages", path: "/w/acme/creators/" + bloom, status: 404},
			{name: "acme's export", path: "/w/acme/orders.csv", status: 404},
		})
		run(t, srv, nil, []scenario{
			{name: "anonymous export", path: "/w/acme/orders.csv", status: 303},
		})
	})
}

// getPage fetches a page that must answer 200.
func getPage(t *testing.T, c *http.Client, url string) string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d\n%s", url, resp.StatusCode, b)
	}
	return string(b)
}

// getCSV downloads a CSV export and parses it.
func getCSV(t *testing.T, c *http.Client, url string) [][]string {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment; filename=acme-") {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, resp.Header)
	}
	b, _ := io.ReadAll(resp.Body)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), utf8BOM))).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return rows
}

var (
	relNext = regexp.MustCompile(`href="([^"]+)" rel="next"`)
	relPrev = regexp.MustCompile(`href="([^"]+)" rel="prev"`)
)

// nextLinkOr is a page's rel="next" link, "" on the last page.
func nextLinkOr(body string) string {
	if m := relNext.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

func nextLink(t *testing.T, body string) string {
	t.Helper()
	u := nextLinkOr(body)
	if u == "" {
		t.Fatal("the page has no next link")
	}
	return u
}

func prevLink(t *testing.T, body string) string {
	t.Helper()
	m := relPrev.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the page has no previous link")
	}
	return html.UnescapeString(m[1])
}
