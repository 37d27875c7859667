package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// The connections list shows each connection's sync; owners and managers press "Sync now",
// which queues the connection's orders sync at once; other roles are refused, other
// workspaces' connections are not found, and a connection that cannot sync says why.
func TestConnectionSyncNow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newConnectFixture(t, s)
		shop, err := s.ShopBySlug(ctx, f.ws.ID, "us")
		if err != nil {
			t.Fatal(err)
		}
		g := f.fake.Grant()
		conn, err := f.svc.Save(ctx, store.CLIActor, f.ws.ID, &shop.ID,
			tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
			tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt,
				RefreshExpiresAt: g.RefreshExpiresAt, OpenID: "open_direct"})
		if err != nil {
			t.Fatal(err)
		}
		syncPath := fmt.Sprintf("/w/acme/connections/%d/sync", conn.ID)
		clients := map[string]*http.Client{}
		for _, role := range []string{"owner", "manager", "specialist", "finance", "viewer"} {
			clients[role] = signIn(t, f.srv, addMember(t, s, role+"@acme.example", f.ws, role))
		}
		run(t, f.srv, clients["owner"], []scenario{
			{name: "before any sync", path: "/w/acme/connections", status: 200,
				want: []string{"not yet", `action="` + syncPath + `"`, "Sync now"}},
		})
		run(t, f.srv, clients["viewer"], []scenario{
			{name: "viewers see no button", path: "/w/acme/connections", status: 200, want: []string{"not yet"}, lacks: []string{"Sync now"}},
		})

		queued := func() []*store.Job {
			t.Helper()
			js, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: f.ws.ID, Kind: platformsync.KindOrders, Status: store.JobQueued})
			if err != nil {
				t.Fatal(err)
			}
			return js
		}
		for _, c := range []struct {
			role   string
			status int
		}{{"specialist", 403}, {"finance", 403}, {"viewer", 403}, {"manager", 303}, {"owner", 303}} {
			status, loc, body := do(t, clients[c.role], "POST", f.srv.URL+syncPath, url.Values{})
			if status != c.status {
				t.Errorf("%s: Sync now answered %d, want %d\n%s", c.role, status, c.status, body)
			}
			if status == 303 && loc != "/w/acme/connections" {
				t.Errorf("%s: Sync now went to %q", c.role, loc)
			}
		}
		js := queued()
		if len(js) != 1 || js[0].UniqueKey != fmt.Sprintf("connection:%d", conn.ID) || js[0].RunAt.After(time.Now()) {
			t.Fatalf("queued syncs after Sync now: %+v, want one, due now", js)
		}
		for _, p := range []string{"/w/acme/connections/abc/sync", "/w/acme/connections/99999/sync"} {
			if status, _, _ := do(t, clients["owner"], "POST", f.srv.URL+p, url.Values{}); status != 404 {
				t.Errorf("POST %s: %d, want 404", p, status)
			}
		}

		// A sync ran: the list shows what it read and when the next one is due.
		y := &platformsync.Syncer{Store: s, Clients: f.svc, Now: f.fake.Now, Backfill: 5 * 365 * 24 * time.Hour}
		sum, err := y.SyncOrders(ctx, conn)
		if err != nil {
			t.Fatal(err)
		}
		run(t, f.srv, clients["owner"], []scenario{
			{name: "after a sync", path: "/w/acme/connections", status: 200,
				want: []string{fmt.Sprintf("%d lines in the last run", sum.Inserted), "next "}, lacks: []string{"not yet"}},
		})

		// A connection needing re-authorization cannot sync, and says why.
		if err := s.SetConnectionStatus(ctx, conn.ID, store.ConnectionNeedsReauth, "the seller removed the app"); err != nil {
			t.Fatal(err)
		}
		status, _, body := do(t, clients["owner"], "POST", f.srv.URL+syncPath, url.Values{})
		if status != http.StatusConflict || !strings.Contains(body, "cannot sync until it is connected again") {
			t.Errorf("Sync now of a connection needing re-authorization: %d\n%s", status, body)
		}
		run(t, f.srv, clients["owner"], []scenario{
			{name: "no button when it cannot sync", path: "/w/acme/connections", status: 200, lacks: []string{`action="` + syncPath + `"`}},
		})
	})
}
