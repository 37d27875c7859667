package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestTimelineFilterAPI checks get-creator-timeline's filter: each group returns only its kinds
// and pages with its cursor, kind narrows a group further, and a bad group is a 422 naming it.
func TestTimelineFilterAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newDataAPI(t, s)
		ctx := context.Background()
		id, err := s.CreatorIDByHandle(ctx, f.ws.ID, "honeyvelvet_4")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddNote(ctx, store.CLIActor, f.ws.ID, id, "Prefers Discord."); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStage(ctx, store.CLIActor, f.ws.ID, []int64{id}, model.StageEngaged, ""); err != nil {
			t.Fatal(err)
		}
		conn := &store.Connection{WorkspaceID: f.ws.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "shop-acme", ShopName: "Acme US"}
		if err := s.SaveConnection(ctx, store.CLIActor, conn); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordCreatorMessage(ctx, store.CLIActor, f.ws.ID, id, conn, "m-1", "Hi!", time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("acme/creators/%d/timeline", id)
		type page struct {
			Items []struct {
				Kind string `json:"kind"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		// kinds reads every page of a timeline query and returns the kinds in order.
		kinds := func(query string) []string {
			t.Helper()
			var out []string
			cursor := ""
			for range 50 {
				var p page
				q := base + "?limit=20&" + query
				if cursor != "" {
					q += "&cursor=" + cursor
				}
				if code, body := f.get(t, f.tokens[access.Viewer], q, &p); code != 200 {
					t.Fatalf("%s: %d %s", q, code, body)
				}
				for _, it := range p.Items {
					out = append(out, it.Kind)
				}
				if cursor = p.NextCursor; cursor == "" {
					break
				}
			}
			return out
		}
		only := func(name string, got []string, allowed ...string) {
			t.Helper()
			if len(got) == 0 {
				t.Errorf("%s: nothing", name)
			}
			for _, k := range got {
				if !slices.Contains(allowed, k) {
					t.Errorf("%s returns a %s entry", name, k)
				}
			}
		}
		all := kinds("filter=all")
		notes, messages, orders := kinds("filter=notes"), kinds("filter=messages"), kinds("filter=orders")
		only("notes", notes, store.EventNote, store.EventStage)
		only("messages", messages, store.EventMessage)
		only("orders", orders, store.EventOrder)
		if len(orders) <= 20 || len(notes)+len(messages)+len(orders) != len(all) || !slices.Equal(all, kinds("")) {
			t.Errorf("all %d (%d without filter), notes %d, messages %d, orders %d", len(all), len(kinds("")), len(notes), len(messages), len(orders))
		}
		// kind narrows a group; none in both is nothing, not everything.
		only("notes and kind note", kinds("filter=notes&kind=note,order"), store.EventNote)
		if got := kinds("filter=messages&kind=note"); len(got) != 0 {
			t.Errorf("messages with kind note: %v", got)
		}

		code, body := f.get(t, f.tokens[access.Viewer], base+"?filter=replies", nil)
		if code != 422 || !strings.Contains(body, "query.filter") {
			t.Errorf("a bad filter: %d %s", code, body)
		}
		code, _ = f.get(t, f.other, base+"?filter=notes", nil)
		if code != 404 {
			t.Errorf("another workspace's token: %d", code)
		}
	})
}
