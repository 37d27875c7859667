package platformsync_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/shopee"
	"github.com/creatorops/creatorops/internal/platform/shopee/shopeetest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
)

// shopeeClock is the time the fake Shopee and the server share.
type shopeeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *shopeeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *shopeeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// shopeeGateway is the fake Shopee behind a gateway that counts report pages and can step in
// before the n-th one (from 1) is answered: a non-zero status refuses it.
type shopeeGateway struct {
	*shopeetest.Server
	url    string
	mu     sync.Mutex
	pages  int
	before func(n int) int
}

func (g *shopeeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == shopeetest.PathConversionReport {
		g.mu.Lock()
		g.pages++
		n, before := g.pages, g.before
		g.mu.Unlock()
		if before != nil {
			if status := before(n); status != 0 {
				http.Error(w, `{"error":"error_server","message":"Injected.","request_id":"gw"}`, status)
				return
			}
		}
	}
	g.Server.ServeHTTP(w, r)
}

// reset zeroes the page count and sets what happens before each page.
func (g *shopeeGateway) reset(before func(n int) int) {
	g.mu.Lock()
	g.pages, g.before = 0, before
	g.mu.Unlock()
}

func (g *shopeeGateway) pageCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pages
}

// shopeeRig is a workspace with an IDR Shopee shop connected to the fake through the
// authorization round trip, and its syncer.
type shopeeRig struct {
	s     *store.Store
	clock *shopeeClock
	fake  *shopeeGateway
	svc   *connect.Service
	y     *platformsync.ShopeeSyncer
	ws    *model.Workspace
	shop  *model.Shop
	conn  *store.Connection
}

func newShopeeRig(t *testing.T, s *store.Store, cfg shopeetest.Config, pageSize int) *shopeeRig {
	t.Helper()
	ctx := context.Background()
	// The fake's orders are placed in the 30 days from its epoch; the clock starts 8 hours
	// after the last of them.
	if cfg.Epoch.IsZero() {
		cfg.Epoch = time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	}
	r := &shopeeRig{s: s, clock: &shopeeClock{t: cfg.Epoch.Add(30*24*time.Hour + 8*time.Hour)}}
	cfg.Now = r.clock.Now
	r.fake = &shopeeGateway{Server: shopeetest.NewUnstarted(cfg)}
	ts := httptest.NewServer(r.fake)
	t.Cleanup(ts.Close)
	r.fake.url = ts.URL
	r.svc = &connect.Service{Store: s, Keys: newKeys(t), Now: r.clock.Now, Logger: quiet(),
		Shopee: shopee.Config{PartnerID: r.fake.Config().PartnerID, PartnerKey: r.fake.Config().PartnerKey, BaseURL: ts.URL,
			MaxAttempts: 1, Timeout: 30 * time.Second}}
	// The first sync reads back to the fake's epoch, and every sync reads all orders again.
	r.y = &platformsync.ShopeeSyncer{Store: s, Clients: r.svc, PageSize: pageSize, Now: r.clock.Now, Logger: quiet(),
		Backfill: 60 * 24 * time.Hour, Overlap: 60 * 24 * time.Hour}
	r.ws, r.shop = shopeeWorkspace(t, s, "acme")
	user, err := s.CreateUser(ctx, "ana@acme.example", "Ana", "x")
	if err != nil {
		t.Fatal(err)
	}
	const callback = "https://ops.example.com" + connect.ShopeeCallbackPath
	u, err := r.svc.ShopeeAuthorizeURL(ctx, r.ws.ID, user, connect.ShopeeTarget{ShopID: r.shop.ID}, callback)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), callback) {
		t.Fatalf("authorization: HTTP %d → %q", resp.StatusCode, back)
	}
	if r.conn, err = r.svc.ShopeeCallback(ctx, store.CLIActor, user, back.Query(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	return r
}

// shopeeWorkspace makes a workspace in Jakarta's zone with an IDR Shopee shop "id".
func shopeeWorkspace(t *testing.T, s *store.Store, slug string) (*model.Workspace, *model.Shop) {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Timezone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "id", Name: "Brand ID", Platform: model.PlatformShopee,
		Currency: "IDR", Locale: "id-ID", Timezone: "Asia/Jakarta"})
	if err != nil {
		t.Fatal(err)
	}
	return ws, shop
}

// lineCount is how many order lines the fake's orders make: one per order and SKU.
func (r *shopeeRig) lineCount() int64 {
	var n int64
	for _, o := range r.fake.Orders(1001) {
		skus := map[int64]bool{}
		for _, it := range o.Items {
			skus[it.ModelID] = true
		}
		n += int64(len(skus))
	}
	return n
}

func (r *shopeeRig) sync(t *testing.T) *ingest.Summary {
	t.Helper()
	sum, err := r.y.SyncOrders(context.Background(), r.conn)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func (r *shopeeRig) state(t *testing.T) *store.SyncState {
	t.Helper()
	st, err := r.s.SyncState(context.Background(), r.conn.ID, "orders")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// importDirect reads the whole report through the client and writes it through ingest in
// one go into another workspace: the reference a sync must equal.
func (r *shopeeRig) importDirect(t *testing.T, slug string) *model.Workspace {
	t.Helper()
	ctx := context.Background()
	ws, shop := shopeeWorkspace(t, r.s, slug)
	cl, sh, err := r.svc.ShopeeClient(ctx, r.conn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.ImportShopeeConversions(ctx, r.s, ws, shop, "reference", cl.ConversionReport(ctx, sh, shopee.ReportQuery{PageSize: 500}), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return ws
}
