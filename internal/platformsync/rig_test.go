package platformsync_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

const ordersPath = "/affiliate_seller/202410/orders/search"

// deadline bounds every wait: generous for a loaded machine, never an assertion about speed.
const deadline = 2 * time.Minute

// platform is the fake TikTok Shop behind a gateway of the test's own, which counts the
// orders searches in flight and can step in before one is answered.
type platform struct {
	*tiktokshoptest.Server
	mu          sync.Mutex
	inFlight    int
	maxInFlight int
	searches    int
	// before, when set, runs before the n-th orders search (from 1) is answered; a
	// non-zero status refuses it with that status.
	before func(n int) (status int)
}

func newPlatform(t *testing.T, opts tiktokshoptest.Options) *platform {
	t.Helper()
	p := &platform{}
	ts := httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(ts.Close)
	p.Server = tiktokshoptest.NewHandler(opts, ts.URL)
	return p
}

func (p *platform) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != ordersPath {
		p.Server.ServeHTTP(w, r)
		return
	}
	p.mu.Lock()
	p.searches++
	n, before := p.searches, p.before
	p.inFlight++
	p.maxInFlight = max(p.maxInFlight, p.inFlight)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}()
	if before != nil {
		if status := before(n); status != 0 {
			http.Error(w, `{"code":36009001,"message":"Internal error."}`, status)
			return
		}
	}
	p.Server.ServeHTTP(w, r)
}

// counts returns how many orders searches were made and the most at once.
func (p *platform) counts() (searches, maxInFlight int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.searches, p.maxInFlight
}

func (p *platform) setBefore(f func(n int) int) {
	p.mu.Lock()
	p.searches, p.before = 0, f
	p.mu.Unlock()
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newKeys is a keyring with a fresh key.
func newKeys(t *testing.T) *secrets.Keyring {
	t.Helper()
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// service is the connect.Service of a server on store s, on the fake's clock, without
// retries (a refused page must fail the sync at once).
func service(s *store.Store, p *platform, keys *secrets.Keyring) *connect.Service {
	return &connect.Service{Store: s, Keys: keys, ServiceID: p.ServiceID, Now: p.Now, Logger: quiet(),
		TikTok: tiktokshop.Config{AppKey: p.AppKey, AppSecret: p.AppSecret, APIBaseURL: p.URL, AuthBaseURL: p.URL,
			Now: p.Now, MaxAttempts: 1, Timeout: 30 * time.Second}}
}

// syncer is the Syncer of a server on store s.
func syncer(s *store.Store, p *platform, svc *connect.Service, pageSize int) *platformsync.Syncer {
	// The fake's orders are from the start of 2026: the first sync reads back that far.
	return &platformsync.Syncer{Store: s, Clients: svc, PageSize: pageSize, Now: p.Now, Logger: quiet(), Backfill: 5 * 365 * 24 * time.Hour}
}

// rig is a workspace with a USD shop connected to the fake, and its syncer.
type rig struct {
	s    *store.Store
	p    *platform
	svc  *connect.Service
	y    *platformsync.Syncer
	ws   *model.Workspace
	shop *model.Shop
	conn *store.Connection
}

func newRig(t *testing.T, s *store.Store, opts tiktokshoptest.Options, pageSize int) *rig {
	t.Helper()
	r := &rig{s: s, p: newPlatform(t, opts)}
	r.svc = service(s, r.p, newKeys(t))
	r.y = syncer(s, r.p, r.svc, pageSize)
	r.ws, r.shop = workspace(t, s, "acme")
	r.conn = r.connect(t, r.ws, r.shop)
	return r
}

// workspace makes a workspace with a USD TikTok shop "us" in New York's zone: the export
// writes local times, the API UTC ones.
func workspace(t *testing.T, s *store.Store, slug string) (*model.Workspace, *model.Shop) {
	t.Helper()
	ctx := context.Background()
	const tz = "America/New_York"
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := s.CreateShop(ctx, model.Shop{WorkspaceID: ws.ID, Slug: "us", Platform: model.PlatformTikTokShop, Currency: "USD", Locale: "en-US", Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	return ws, shop
}

// connect connects the fake's shop to shop as the OAuth pick step does, with a direct grant.
func (r *rig) connect(t *testing.T, ws *model.Workspace, shop *model.Shop) *store.Connection {
	t.Helper()
	g := r.p.Grant()
	c, err := r.svc.Save(context.Background(), store.CLIActor, ws.ID, &shop.ID,
		tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
		tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt,
			RefreshExpiresAt: g.RefreshExpiresAt, OpenID: "open_direct"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lineCount is how many SKU lines the fake holds.
func (r *rig) lineCount() int64 {
	var n int64
	for _, o := range r.p.Orders() {
		n += int64(len(o.SKUs))
	}
	return n
}

// sync runs one orders sync and fails the test on an error.
func (r *rig) sync(t *testing.T) *ingest.Summary {
	t.Helper()
	sum, err := r.y.SyncOrders(context.Background(), r.conn)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func (r *rig) state(t *testing.T) *store.SyncState {
	t.Helper()
	st, err := r.s.SyncState(context.Background(), r.conn.ID, "orders")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// importExport imports the fake's orders, written as a Seller Center export, into another
// workspace, and returns it.
func (r *rig) importExport(t *testing.T, slug string) *model.Workspace {
	t.Helper()
	ws, shop := workspace(t, r.s, slug)
	path := filepath.Join(t.TempDir(), "affiliate-orders.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.p.WriteAffiliateOrdersExport(f, time.Time{}, time.Time{}, shop.Location()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.ImportOrders(context.Background(), r.s, ws, shop, path, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return ws
}

// sameFigures is storetest.SameFigures against a reference that must hold some figures: an
// empty reference would make any sync "match".
func sameFigures(t *testing.T, what string, got, want storetest.Figures) {
	t.Helper()
	if len(want.Creators) == 0 || len(want.Lines) == 0 {
		t.Fatalf("%s: the reference has no figures", what)
	}
	storetest.SameFigures(t, what, got, want)
}

// waitFor polls cond until it holds, and fails the test at the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
