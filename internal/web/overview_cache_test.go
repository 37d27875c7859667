package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestOverviewCache(t *testing.T) {
	var c overviewCache
	a1 := overviewKey{workspaceID: 1, days: 30, version: "1"}
	a2 := overviewKey{workspaceID: 1, days: 30, version: "2"}
	b := overviewKey{workspaceID: 1, days: 7, version: "1"}
	c.put(a1, &overviewFigures{})
	c.put(b, &overviewFigures{})
	c.put(a2, &overviewFigures{})
	if _, ok := c.get(a1); ok {
		t.Error("figures of an older version survive a newer one")
	}
	if _, ok := c.get(b); !ok {
		t.Error("another period was dropped")
	}
	for i := 0; i < 3*overviewCacheSize; i++ {
		c.put(overviewKey{workspaceID: int64(100 + i), days: 30, version: fmt.Sprint(i)}, &overviewFigures{})
	}
	if len(c.m) > overviewCacheSize {
		t.Errorf("%d entries, bound %d", len(c.m), overviewCacheSize)
	}
}

// TestOverviewFollowsImports checks cached figures give way as soon as an import commits.
func TestOverviewFollowsImports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := storetest.USDShop(t, s)
		srv := httptest.NewServer(New(s, testLogger(t)))
		defer srv.Close()
		c := signIn(t, srv, addMember(t, s, "owner@example.com", ws, "owner"))
		for i, f := range []string{"tiktok-affiliate-orders-1.csv", "tiktok-affiliate-orders-2.csv"} {
			if _, err := ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", f), ingest.Options{}); err != nil {
				t.Fatal(err)
			}
			_, gmv := windowFigures(t, s, ws, 90)
			run(t, srv, c, []scenario{{name: fmt.Sprintf("after import %d", i+1), path: "/w/acme/?days=90", status: 200, want: []string{gmv}}})
		}
	})
}
