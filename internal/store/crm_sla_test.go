package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestSLAViews puts creators on both sides of each view's boundary day.
func TestSLAViews(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		now := time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)
		day := 24 * time.Hour
		ago := func(d time.Duration) int64 { return now.Add(-d).Unix() }
		handles := []string{"e_in", "e_out", "s_in", "s_out", "sampled_in", "c_in", "c_replied", "c_out", "merged"}
		ids := storetest.Creators(t, s, ws.ID, handles...)
		id := map[string]int64{}
		for i, h := range handles {
			id[h] = ids[i]
		}
		set := func(h, stage string, since int64, lastSale int32, contacted, replied any) {
			t.Helper()
			if err := store.ExecWorkTest(s, `UPDATE creators SET stage = $1, stage_since = $2, last_sale_day = $3,
				last_contacted_at = $4, last_reply_at = $5 WHERE id = $6`, stage, since, lastSale, contacted, replied, id[h]); err != nil {
				t.Fatal(err)
			}
		}
		set("e_in", "engaged", ago(3*day), 0, nil, nil)                       // exactly 3 days: in
		set("e_out", "engaged", ago(3*day)+1, 0, nil, nil)                    // a second short: out
		set("s_in", "activated", ago(20*day), 20261101, nil, nil)             // last sale 14 days ago: in
		set("s_out", "activated", ago(20*day), 20261102, nil, nil)            // 13 days ago: out
		set("sampled_in", "sampled", ago(14*day), 0, nil, nil)                // sampled 14 days, never sold
		set("c_in", "contacted", ago(30*day), 0, ago(7*day), nil)             // written 7 days ago, silent
		set("c_replied", "contacted", ago(30*day), 0, ago(8*day), ago(6*day)) // answered since
		set("c_out", "contacted", ago(30*day), 0, ago(7*day)+1, nil)          // not quite 7 days
		set("merged", "engaged", ago(30*day), 0, nil, nil)
		if err := store.ExecWorkTest(s, `UPDATE creators SET merged_into = $1 WHERE id = $2`, id["e_in"], id["merged"]); err != nil {
			t.Fatal(err)
		}
		_, a := member(t, s, ws.ID, "lead@acme.example", "manager")
		for _, due := range []int32{20261114, 20261115} {
			if _, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: "follow up", DueDay: due}); err != nil {
				t.Fatal(err)
			}
		}

		views, err := s.SLAViews(ctx, ws.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int64{}
		for _, v := range views {
			counts[v.Name] = v.Count
		}
		want := map[string]int64{store.SLAEngaged: 1, store.SLANoSale: 2, store.SLANoReply: 1, store.SLATasksLate: 1}
		for k, v := range want {
			if counts[k] != v {
				t.Errorf("view %s counts %d, want %d (views %+v)", k, counts[k], v, views)
			}
		}
		list := func(view string) []string {
			t.Helper()
			var out []string
			var after *store.SLAKey
			for {
				rows, next, err := s.SLACreators(ctx, ws.ID, view, now, after, 1)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rows {
					out = append(out, r.Username)
				}
				if next == nil {
					return out
				}
				after = next
			}
		}
		lists := map[string][]string{store.SLAEngaged: {"e_in"}, store.SLANoSale: {"s_in", "sampled_in"}, store.SLANoReply: {"c_in"}}
		for view, w := range lists {
			if got := list(view); !slices.Equal(got, w) {
				t.Errorf("view %s lists %q, want %q", view, got, w)
			}
		}
		if k, err := store.ParseSLAKey("12:34"); err != nil || *k != (store.SLAKey{Since: 12, ID: 34}) {
			t.Errorf("key: %v %v", k, err)
		}
		if _, err := store.ParseSLAKey("12:34x"); err == nil {
			t.Error("a bad key was read")
		}
	})
}
