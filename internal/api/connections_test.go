package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestAPIConnections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAdminAPI(t, s)
		shop, err := s.ShopBySlug(ctx, f.ws.ID, "us")
		if err != nil {
			t.Fatal(err)
		}
		exp := time.Date(2030, 1, 8, 0, 0, 0, 0, time.UTC)
		var ids []int64
		for i, ext := range []string{"7494000000000000001", "7494000000000000002", "7494000000000000003"} {
			c := &store.Connection{WorkspaceID: f.ws.ID, Platform: model.PlatformTikTokShop, ExternalShopID: ext, ShopName: fmt.Sprint("Shop ", i),
				AccessTokenSealed: "v1:k:SEALEDACCESS", RefreshTokenSealed: "v1:k:SEALEDREFRESH", AccessExpiresAt: exp, RefreshExpiresAt: exp}
			if i == 0 {
				c.ShopID = &shop.ID
			}
			if err := s.SaveConnection(ctx, store.CLIActor, c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		foreign := &store.Connection{WorkspaceID: f.other.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "7494000000000000009", ShopName: "Other"}
		if err := s.SaveConnection(ctx, store.CLIActor, foreign); err != nil {
			t.Fatal(err)
		}
		one := fmt.Sprintf("acme/connections/%d", ids[0])
		var cases []apiCase
		for _, role := range access.Roles {
			cases = append(cases,
				apiCase{name: "list as " + string(role), role: role, path: "acme/connections", status: 200,
					want: []string{`"platform_shop_id":"7494000000000000001"`, `"shop":"us"`, `"status":"active"`, `"authorization_expires_at":"2030-01-08T00:00:00Z"`}},
				apiCase{name: "get as " + string(role), role: role, path: one, status: 200, want: []string{`"shop_name":"Shop 0"`}})
			if !access.Can(role, access.ManageShops) {
				cases = append(cases, apiCase{name: "disconnect as " + string(role), role: role, method: "DELETE", path: one, status: 403,
					want: []string{"does not have the shops.manage permission"}})
			}
		}
		cases = append(cases,
			apiCase{name: "first page", role: access.Viewer, path: "acme/connections?limit=2", status: 200, want: []string{`"Shop 1"`, `"next_cursor":"`}},
			apiCase{name: "bad cursor", role: access.Viewer, path: "acme/connections?cursor=%21", status: 400, want: []string{"not a cursor"}},
			apiCase{name: "bad id", role: access.Viewer, path: "acme/connections/abc", status: 404},
			apiCase{name: "another workspace's", role: access.Owner, path: fmt.Sprintf("acme/connections/%d", foreign.ID), status: 404},
			apiCase{name: "disconnect another workspace's", role: access.Owner, method: "DELETE", path: fmt.Sprintf("acme/connections/%d", foreign.ID), status: 404},
			apiCase{name: "unknown query parameter", role: access.Viewer, path: "acme/connections?status=active", status: 422},
			apiCase{name: "disconnect as manager", role: access.Manager, method: "DELETE", path: one, status: 204},
			apiCase{name: "disconnect again", role: access.Manager, method: "DELETE", path: one, status: 204},
			apiCase{name: "disconnected", role: access.Viewer, path: one, status: 200, want: []string{`"status":"disconnected"`}},
		)
		f.run(t, cases)
		code, body := f.call(t, f.tokens[access.Owner], "GET", "acme/connections", "")
		if code != 200 || strings.Contains(body, "SEALED") || strings.Contains(body, "token\"") {
			t.Fatalf("the list shows tokens: %s", body)
		}
		if got, _ := s.Connection(ctx, f.other.ID, foreign.ID); got.Status != store.ConnectionActive {
			t.Fatalf("another workspace's connection was disconnected")
		}
		if e := f.lastAudit(t, "connection.disconnect"); !strings.Contains(e.Actor, "manager") {
			t.Fatalf("disconnect audited as %q", e.Actor)
		}
	})
}
