package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/auth"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// dataAPI is workspace acme with both order samples (15 creators, 593 lines) and the creator
// list (300 more creators), a token per role, and workspace "other" with a token of its own.
type dataAPI struct {
	s      *store.Store
	srv    *httptest.Server
	ws     *model.Workspace
	tokens map[access.Role]string
	other  string // a token of workspace other
}

func newDataAPI(t *testing.T, s *store.Store) *dataAPI {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	ws, shop := storetest.USDShop(t, s)
	for _, f := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
		if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", f), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ingest.ImportCreators(ctx, s, ws, filepath.Join("..", "..", "testdata", "creators-sample.csv"), ingest.CreatorListOptions{}); err != nil {
		t.Fatal(err)
	}
	other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(s, log))
	t.Cleanup(srv.Close)
	a := auth.New(s, log)
	hash, _ := auth.HashPassword("correct horse battery")
	f := &dataAPI{s: s, srv: srv, ws: ws, tokens: map[access.Role]string{}}
	for _, role := range access.Roles {
		id, err := s.CreateUser(ctx, string(role)+"@data.example", "", hash)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, id, ws.ID, string(role)); err != nil {
			t.Fatal(err)
		}
		if f.tokens[role], _, err = a.NewAPIToken(ctx, store.Actor{UserID: id, Label: "test"}, ws.ID, string(role), role); err != nil {
			t.Fatal(err)
		}
	}
	id, err := s.CreateUser(ctx, "owner@other.example", "", hash)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddMember(ctx, id, other.ID, "owner"); err != nil {
		t.Fatal(err)
	}
	if f.other, _, err = a.NewAPIToken(ctx, store.Actor{UserID: id, Label: "test"}, other.ID, "theirs", access.Owner); err != nil {
		t.Fatal(err)
	}
	return f
}

// get calls GET /api/v1/workspaces/PATH with token and decodes a 2xx answer into out.
func (f *dataAPI) get(t *testing.T, token, path string, out any) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/workspaces/"+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 300 && out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, b)
		}
	}
	return resp.StatusCode, string(b)
}

type apiFigures struct {
	Currency string `json:"currency"`
	GMV      struct {
		Amount   int64  `json:"amount"`
		Currency string `json:"currency"`
	} `json:"gmv"`
	Orders int64 `json:"orders"`
	Lines  int64 `json:"lines"`
}

type apiCreators struct {
	Items []struct {
		ID      int64      `json:"id"`
		Handle  string     `json:"handle"`
		Figures apiFigures `json:"figures"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
	Total      int    `json:"total"`
	Currency   string `json:"currency"`
}

type apiProducts struct {
	Items []struct {
		ProductID string     `json:"product_id"`
		Figures   apiFigures `json:"figures"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
	Total      int    `json:"total"`
}

type apiOrders struct {
	Items []struct {
		OrderID string `json:"order_id"`
		SKUID   string `json:"sku_id"`
		Creator string `json:"creator"`
		Status  string `json:"status"`
		Payment struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		} `json:"payment"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// pages walks every page of a list operation and returns each page's body.
func pages[T any](t *testing.T, f *dataAPI, path string, next func(*T) string) []*T {
	t.Helper()
	var out []*T
	cursor := ""
	for range 1000 {
		p := path
		if cursor != "" {
			p += "&cursor=" + url.QueryEscape(cursor)
		}
		var page T
		if code, body := f.get(t, f.tokens[access.Viewer], p, &page); code != 200 {
			t.Fatalf("GET %s: %d %s", p, code, body)
		}
		out = append(out, &page)
		if cursor = next(&page); cursor == "" {
			return out
		}
	}
	t.Fatal("more than 1000 pages")
	return nil
}

func TestDataAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newDataAPI(t, s)
		viewer := f.tokens[access.Viewer]

		// Creators: every page of every sort gives each creator once.
		for _, sort := range store.CreatorSorts {
			seen := map[int64]bool{}
			for _, p := range pages(t, f, "acme/creators?days=90&limit=40&sort="+sort, func(p *apiCreators) string { return p.NextCursor }) {
				if p.Total != 315 || p.Currency != "USD" {
					t.Fatalf("sort %s: total %d, currency %q", sort, p.Total, p.Currency)
				}
				for _, c := range p.Items {
					if seen[c.ID] {
						t.Fatalf("sort %s: creator %d twice", sort, c.ID)
					}
					seen[c.ID] = true
				}
			}
			if len(seen) != 315 {
				t.Errorf("sort %s: %d creators, want 315", sort, len(seen))
			}
		}
		var top apiCreators
		f.get(t, viewer, "acme/creators?days=90&limit=1", &top)
		if len(top.Items) != 1 || top.Items[0].Figures.GMV.Currency != "USD" || top.Items[0].Figures.GMV.Amount <= 0 || top.NextCursor == "" {
			t.Fatalf("top creator %+v", top)
		}
		var search apiCreators
		f.get(t, viewer, "acme/creators?q=%40BLOOMMOCHI_0", &search)
		if search.Total != 1 || search.Items[0].Handle != "bloommochi_0" {
			t.Errorf("search: %+v", search)
		}
		id := strconv.FormatInt(search.Items[0].ID, 10)
		var creator struct {
			Handle   string       `json:"handle"`
			Accounts []any        `json:"accounts"`
			Lifetime []apiFigures `json:"lifetime"`
		}
		if code, body := f.get(t, viewer, "acme/creators/"+id, &creator); code != 200 || creator.Handle != "bloommochi_0" ||
			len(creator.Accounts) != 1 || len(creator.Lifetime) != 1 || creator.Lifetime[0].GMV.Amount != 740442 ||
			creator.Lifetime[0].Orders != 143 || creator.Lifetime[0].Lines != 180 {
			t.Errorf("creator: %d %s", code, body)
		}

		// Products: every page once, and one product by id.
		var products []string
		for _, p := range pages(t, f, "acme/products?days=90&limit=3&sort=name", func(p *apiProducts) string { return p.NextCursor }) {
			for _, it := range p.Items {
				products = append(products, it.ProductID)
			}
		}
		var all apiProducts
		f.get(t, viewer, "acme/products?limit=500", &all)
		if len(products) != all.Total || len(all.Items) != all.Total || all.Total == 0 {
			t.Fatalf("%d products by pages, %d at once, total %d", len(products), len(all.Items), all.Total)
		}
		var product struct {
			ProductID string `json:"product_id"`
			SKUs      []any  `json:"skus"`
		}
		if code, body := f.get(t, viewer, "acme/products/"+products[0], &product); code != 200 || product.ProductID != products[0] || len(product.SKUs) == 0 {
			t.Errorf("product: %d %s", code, body)
		}

		// Order lines: every line once, newest first, by pages of 50.
		seen := map[string]bool{}
		var gmv int64
		var firstOrder string
		for _, p := range pages(t, f, "acme/orders?limit=50", func(p *apiOrders) string { return p.NextCursor }) {
			for _, l := range p.Items {
				if firstOrder == "" {
					firstOrder = l.OrderID
				}
				if seen[l.OrderID+"/"+l.SKUID] {
					t.Fatalf("line %s/%s twice", l.OrderID, l.SKUID)
				}
				seen[l.OrderID+"/"+l.SKUID] = true
			}
		}
		if len(seen) != 593 {
			t.Errorf("%d lines, want 593", len(seen))
		}
		var byCreator apiOrders
		f.get(t, viewer, "acme/orders?creator=pixiemint_1&limit=500", &byCreator)
		for _, l := range byCreator.Items {
			gmv += l.Payment.Amount
			if l.Creator != "pixiemint_1" {
				t.Fatalf("line of %s", l.Creator)
			}
		}
		if len(byCreator.Items) != 106 || gmv == 0 {
			t.Errorf("pixiemint_1: %d lines", len(byCreator.Items))
		}
		var order struct {
			OrderID string `json:"order_id"`
			Lines   []any  `json:"lines"`
		}
		if code, body := f.get(t, viewer, "acme/orders/"+firstOrder, &order); code != 200 || order.OrderID != firstOrder || len(order.Lines) == 0 {
			t.Errorf("order: %d %s", code, body)
		}

		// Bad input, permissions and other workspaces.
		for _, tc := range []struct {
			name, token, path string
			status            int
			want              string
		}{
			{"bad creator sort", viewer, "acme/creators?sort=fame", 422, "sort"},
			{"bad dir", viewer, "acme/creators?dir=up", 422, "dir"},
			{"bad days", viewer, "acme/creators?days=0", 422, "days"},
			{"days too many", viewer, "acme/products?days=400", 422, "days"},
			{"limit too big", viewer, "acme/creators?limit=501", 422, "limit"},
			{"limit zero", viewer, "acme/orders?limit=0", 422, "limit"},
			{"unknown parameter", viewer, "acme/creators?colour=red", 422, "colour"},
			{"bad cursor", viewer, "acme/creators?cursor=%21%21", 400, "cursor"},
			{"cursor of another sort", viewer, "acme/creators?days=90&limit=1&sort=handle&cursor=" + url.QueryEscape(top.NextCursor), 400, "does not continue this list"},
			{"bad product sort", viewer, "acme/products?sort=price", 422, "sort"},
			{"bad product cursor", viewer, "acme/products?cursor=bm9wZQ", 400, "cursor"},
			{"bad status", viewer, "acme/orders?status=lost", 422, "status"},
			{"bad date", viewer, "acme/orders?from=15%2F11%2F2026", 422, "from"},
			{"dates the wrong way", viewer, "acme/orders?from=2026-11-15&to=2026-11-01", 422, "is after to"},
			{"bad order cursor", viewer, "acme/orders?cursor=bm9wZQ", 400, "cursor"},
			{"unknown creator filter", viewer, "acme/orders?creator=nobody", 200, `"items":[]`},
			{"creator not a number", viewer, "acme/creators/abc", 404, "not found"},
			{"unknown product", viewer, "acme/products/123", 404, "not found"},
			{"unknown order", viewer, "acme/orders/123", 404, "not found"},
			{"specialist reads", f.tokens[access.Specialist], "acme/orders?limit=1", 200, "items"},
			{"finance reads", f.tokens[access.Finance], "acme/creators/" + id, 200, "bloommochi_0"},
			{"no token", "", "acme/creators", 401, "Sign in first"},
			{"another workspace's token", f.other, "acme/creators", 404, "no workspace"},
			{"creator of another workspace", f.other, "other/creators/" + id, 404, "not found"},
			{"product of another workspace", f.other, "other/products/" + products[0], 404, "not found"},
			{"order of another workspace", f.other, "other/orders/" + firstOrder, 404, "not found"},
			{"lines of another workspace", f.other, "other/orders?creator=bloommochi_0", 200, `"items":[]`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				code, body := f.get(t, tc.token, tc.path, nil)
				if code != tc.status || !strings.Contains(body, tc.want) {
					t.Errorf("GET %s: %d %s, want %d with %q", tc.path, code, body, tc.status, tc.want)
				}
			})
		}
	})
}
