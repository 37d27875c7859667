package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// tiktokConn is a connection of platform shop ext in workspace ws with placeholder sealed tokens.
func tiktokConn(ws int64, ext string, exp time.Time) *store.Connection {
	return &store.Connection{WorkspaceID: ws, Platform: model.PlatformTikTokShop, ExternalShopID: ext, ShopCipher: "ROW_c" + ext,
		ShopName: "Shop " + ext, Region: "US", AccessTokenSealed: "sealed-a", RefreshTokenSealed: "sealed-r",
		AccessExpiresAt: exp, RefreshExpiresAt: exp.Add(365 * 24 * time.Hour), GrantKey: "open_1"}
}

func TestConnections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := storetest.USDShop(t, s)
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "globex"})
		if err != nil {
			t.Fatal(err)
		}
		exp := time.Date(2030, 1, 8, 0, 0, 0, 0, time.UTC)

		c := tiktokConn(ws.ID, "1001", exp)
		c.ShopID = &shop.ID
		if err := s.SaveConnection(ctx, store.CLIActor, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Status != store.ConnectionActive || !c.AccessExpiresAt.Equal(exp) || c.ShopID == nil || *c.ShopID != shop.ID {
			t.Fatalf("saved connection = %+v", c)
		}
		// The same shop in another workspace is refused while it is live here.
		if err := s.SaveConnection(ctx, store.CLIActor, tiktokConn(other.ID, "1001", exp)); !errors.Is(err, store.ErrConnectedElsewhere) {
			t.Fatalf("second workspace: err = %v, want ErrConnectedElsewhere", err)
		}
		if _, err := s.Connection(ctx, other.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("another workspace's connection: err = %v, want ErrNotFound", err)
		}
		got, err := s.ConnectionByExternalShop(ctx, model.PlatformTikTokShop, "1001")
		if err != nil || got.ID != c.ID {
			t.Fatalf("by external shop: %v, %v", got, err)
		}

		// Refreshed tokens for the grant; a second shop of the same grant gets them too.
		c2 := tiktokConn(ws.ID, "1002", exp)
		if err := s.SaveConnection(ctx, store.CLIActor, c2); err != nil {
			t.Fatal(err)
		}
		newExp := exp.Add(7 * 24 * time.Hour)
		ids, err := s.UpdateGrantTokens(ctx, model.PlatformTikTokShop, "open_1", func(id int64) (string, string, error) {
			return "a" + string(rune('0'+id)), "r", nil
		}, newExp, newExp.Add(time.Hour))
		if err != nil || len(ids) != 2 {
			t.Fatalf("UpdateGrantTokens = %v, %v", ids, err)
		}
		got, _ = s.Connection(ctx, ws.ID, c2.ID)
		if !got.AccessExpiresAt.Equal(newExp) || got.LastRefreshAt == nil {
			t.Fatalf("after grant refresh: %+v", got)
		}

		// needs_reauth is audited once, and an expiry alert is recorded once.
		if err := s.SetConnectionStatus(ctx, c.ID, store.ConnectionNeedsReauth, "rt has expired"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetConnectionStatus(ctx, c.ID, "disconnected", ""); err == nil {
			t.Fatal("SetConnectionStatus accepted disconnected")
		}
		for i, want := range []bool{true, false} {
			rec, err := s.RecordConnectionExpiryAlert(ctx, c2.ID, "ends soon")
			if err != nil || rec != want {
				t.Fatalf("alert %d: recorded = %v, %v; want %v", i, rec, err, want)
			}
		}
		if active, err := s.ActiveConnections(ctx); err != nil || len(active) != 1 || active[0].ID != c2.ID {
			t.Fatalf("active connections = %v, %v; want only the second (the first needs re-authorization)", active, err)
		}

		// Disconnect: other workspace 404, tokens wiped, shop free for another workspace.
		if err := s.DisconnectConnection(ctx, store.CLIActor, other.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("disconnect from another workspace: %v", err)
		}
		if err := s.DisconnectConnection(ctx, store.CLIActor, ws.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DisconnectConnection(ctx, store.CLIActor, ws.ID, c.ID); err != nil {
			t.Fatalf("second disconnect: %v", err)
		}
		got, _ = s.Connection(ctx, ws.ID, c.ID)
		if got.Status != store.ConnectionDisconnected || got.AccessTokenSealed != "" || got.RefreshTokenSealed != "" {
			t.Fatalf("after disconnect: %+v", got)
		}
		if err := s.UpdateConnectionTokens(ctx, c.ID, "x", "y", exp, exp); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("refresh after disconnect: err = %v, want ErrNotFound", err)
		}
		moved := tiktokConn(other.ID, "1001", exp)
		if err := s.SaveConnection(ctx, store.CLIActor, moved); err != nil {
			t.Fatalf("connecting a disconnected shop elsewhere: %v", err)
		}
		// Reconnecting in the first workspace reuses its row... but the shop is live elsewhere now.
		if err := s.SaveConnection(ctx, store.CLIActor, tiktokConn(ws.ID, "1001", exp)); !errors.Is(err, store.ErrConnectedElsewhere) {
			t.Fatalf("reconnect while live elsewhere: %v", err)
		}
		list, err := s.Connections(ctx, ws.ID)
		if err != nil || len(list) != 2 || list[1].Status != store.ConnectionDisconnected {
			t.Fatalf("Connections = %v, %v", list, err)
		}
		log, err := s.AuditLog(ctx, ws.ID, store.AuditQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range log {
			if strings.Contains(e.Before+e.After+e.Summary, "sealed") {
				t.Fatalf("audit entry %s shows a sealed token: %+v", e.Action, e)
			}
			actions = append(actions, e.Action)
		}
		want := "connection.disconnect connection.expiring connection.status connection.connect connection.connect"
		if got := strings.Join(actions[:5], " "); got != want {
			t.Fatalf("audit actions = %s, want %s", got, want)
		}
	})
}
