package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestDetectDuplicatesInMemory(t *testing.T) {
	got := store.DetectDuplicatesTest([][3]string{
		{"glowbyanna", "", "Anna@X.com"},
		{"anna_backup", "", " anna@x.com "},
		{"velvetrose", "", ""},
		{"velvetrse", "", ""},
		{"sunny1", "Zoë Park", ""},
		{"zoe.park_02", "", ""},
		{"abcdx", "", ""}, // too short for typos: "abcdy" is someone else
		{"abcdy", "", ""},
		{"pixiemint_1", "", ""}, // numbered siblings: neither a near-same name nor a typo
		{"pixiemint_2", "", ""},
		{"velvet_289", "", ""},
		{"velvet_2899", "", ""},
	}, [][3]string{{"velvetrose", "tiktok", "velvetrose"}, {"velvetrse", "shopee", "velvetrose"}})
	want := []string{
		"glowbyanna-anna_backup:email",
		"velvetrose-velvetrse:handle,similar",
		"sunny1-zoe.park_02:name",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s in %q", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
	for in, want := range map[string]string{"@Ánna.Lee_02": "annalee", "Đức Trần": "ductran", "bob": "bob", "2024": ""} {
		if got := store.NormalizeName(in); got != want {
			t.Errorf("NormalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// pairs lists the candidate pairs as "handle-handle:reasons".
func pairs(t *testing.T, s *store.Store, wsID int64) []string {
	t.Helper()
	page, err := s.DuplicateCandidates(context.Background(), wsID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range page.Pairs {
		var rs []string
		for _, r := range p.Reasons {
			rs = append(rs, r.Kind)
		}
		out = append(out, p.A.Username+"-"+p.B.Username+":"+strings.Join(rs, ","))
	}
	return out
}

func TestDuplicateCandidates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		add := func(c store.NewCreator) int64 {
			id, err := s.AddCreator(ctx, store.CLIActor, ws.ID, c)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		anna := add(store.NewCreator{Username: "glowbyanna", Email: "Anna@X.com"})
		backup := add(store.NewCreator{Username: "anna_backup", Email: "anna@x.com"})
		minty := add(store.NewCreator{Username: "mintyjo"})
		shopee := add(store.NewCreator{Platform: "shopee", Username: "mintyjo"})
		add(store.NewCreator{Username: "sunny1", DisplayName: "Zoë Park"})
		add(store.NewCreator{Username: "zoepark"})
		add(store.NewCreator{Username: "velvetrose"})
		add(store.NewCreator{Username: "velvetrse"})
		add(store.NewCreator{Username: "unrelated"})
		got := pairs(t, s, ws.ID)
		for _, w := range []string{"glowbyanna-anna_backup:email", "mintyjo-mintyjo:handle,name", "sunny1-zoepark:name", "velvetrose-velvetrse:similar"} {
			if !slices.Contains(got, w) {
				t.Errorf("missing %s in %q", w, got)
			}
		}
		if len(got) != 4 {
			t.Errorf("pairs %q", got)
		}
		page, _ := s.DuplicateCandidates(ctx, ws.ID, 0, 1)
		if page.Total != 4 || len(page.Pairs) != 1 || page.Pairs[0].Reasons[0].Kind != store.DupEmail && page.Pairs[0].Reasons[0].Kind != store.DupHandle {
			t.Errorf("first page: total %d, %+v", page.Total, page.Pairs)
		}

		a := store.Actor{Label: "lead@acme.example"}
		if err := s.DismissDuplicate(ctx, a, ws.ID, backup, anna); err != nil {
			t.Fatal(err)
		}
		if err := s.DismissDuplicate(ctx, a, ws.ID, anna, backup); err != nil {
			t.Errorf("dismissing twice: %v", err)
		}
		if err := s.DismissDuplicate(ctx, a, ws.ID, anna, anna); !errors.Is(err, store.ErrSameCreator) {
			t.Errorf("dismissing a creator with itself: %v", err)
		}
		other, _, _ := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		foreign := storetest.Creators(t, s, other.ID, "glowbyanna")
		if err := s.DismissDuplicate(ctx, a, ws.ID, anna, foreign[0]); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("dismissing with another workspace's creator: %v", err)
		}
		if _, err := s.MergeCreators(ctx, a, ws.ID, minty, shopee, "same person"); err != nil {
			t.Fatal(err)
		}
		got = pairs(t, s, ws.ID)
		if len(got) != 2 || slices.Contains(got, "glowbyanna-anna_backup:email") || slices.Contains(got, "mintyjo-mintyjo:handle,name") {
			t.Errorf("after a dismissal and a merge: %q", got)
		}
	})
}

// events lists a creator's timeline as "kind from>to".
func events(t *testing.T, s *store.Store, creatorID int64) []string {
	t.Helper()
	got, err := store.QueryIdentityTest(s, `SELECT kind || ' ' || from_value || '>' || to_value FROM creator_events
		WHERE creator_id = $1 ORDER BY id`, creatorID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMergeAndUnmerge(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		a := store.Actor{Label: "lead@acme.example"}
		f100, f500 := int64(100), int64(500)
		kept, err := s.AddCreator(ctx, a, ws.ID, store.NewCreator{Username: "kept_one", Followers: &f100,
			Verticals: []string{"Beauty"}, Tags: []string{"vip"}, Stage: model.StageContacted})
		if err != nil {
			t.Fatal(err)
		}
		merged, err := s.AddCreator(ctx, a, ws.ID, store.NewCreator{Username: "kept_two", Email: "m@x.com", Discord: "m#1",
			Followers: &f500, Verticals: []string{"Beauty", "Home"}, Tags: []string{"summer"}, Region: "US",
			Language: "en", Stage: model.StageSampled})
		if err != nil {
			t.Fatal(err)
		}
		open, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: "Send the brief", CreatorID: &merged})
		if err != nil {
			t.Fatal(err)
		}
		done, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: "Intro call", CreatorID: &merged})
		if err != nil {
			t.Fatal(err)
		}
		if err := store.ExecIdentityTest(s, `UPDATE creator_tasks SET done_at = 1 WHERE id = $1`, done.ID); err != nil {
			t.Fatal(err)
		}
		taskOwners := func() []string {
			got, err := store.QueryIdentityTest(s, `SELECT CAST(creator_id AS TEXT) FROM creator_tasks WHERE id IN ($1, $2) ORDER BY id`, open.ID, done.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}

		mergeID, err := s.MergeCreators(ctx, a, ws.ID, kept, merged, "same person, two accounts")
		if err != nil {
			t.Fatal(err)
		}
		k, _ := s.CRMProfile(ctx, ws.ID, kept)
		if k.Email != "m@x.com" || k.Discord != "m#1" || *k.Followers != 500 || k.Region != "US" || k.Language != "en" ||
			!slices.Equal(k.Verticals, []string{"Beauty", "Home"}) || !slices.Equal(k.Tags, []string{"vip", "summer"}) ||
			k.Stage != model.StageSampled {
			t.Errorf("kept after the merge: %+v", k)
		}
		m, _ := s.CRMProfile(ctx, ws.ID, merged)
		if m.MergedInto == nil || *m.MergedInto != kept {
			t.Errorf("merged_into = %v", m.MergedInto)
		}
		if got := taskOwners(); !slices.Equal(got, []string{fmt.Sprint(kept), fmt.Sprint(merged)}) {
			t.Errorf("task creators after the merge: %q (open task moves, done one stays)", got)
		}
		if ev := events(t, s, kept); !slices.Contains(ev, "merge >kept_two") || !slices.Contains(ev, "stage contacted>sampled") {
			t.Errorf("kept's timeline: %q", ev)
		}
		if ev := events(t, s, merged); !slices.Contains(ev, "merge >kept_one") {
			t.Errorf("merged's timeline: %q", ev)
		}
		ms, err := s.CreatorMerges(ctx, ws.ID, kept)
		if err != nil || len(ms) != 1 || ms[0].MergedHandle != "kept_two" || !ms[0].Active() || ms[0].Reason != "same person, two accounts" {
			t.Fatalf("CreatorMerges = %+v, %v", ms, err)
		}

		// Refusals.
		if _, err := s.MergeCreators(ctx, a, ws.ID, kept, kept, ""); !errors.Is(err, store.ErrSameCreator) {
			t.Errorf("into itself: %v", err)
		}
		third := storetest.Creators(t, s, ws.ID, "third")[0]
		if _, err := s.MergeCreators(ctx, a, ws.ID, merged, third, ""); !errors.Is(err, store.ErrCreatorMerged) {
			t.Errorf("into a merged creator: %v", err)
		}
		if _, err := s.MergeCreators(ctx, a, ws.ID, third, merged, ""); !errors.Is(err, store.ErrCreatorMerged) {
			t.Errorf("a merged creator again: %v", err)
		}
		other, _, _ := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		foreign := storetest.Creators(t, s, other.ID, "foreign")[0]
		if _, err := s.MergeCreators(ctx, a, ws.ID, kept, foreign, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("across workspaces: %v", err)
		}
		if err := s.UnmergeCreators(ctx, a, other.ID, mergeID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unmerge from another workspace: %v", err)
		}

		// A field changed by hand since the merge keeps the change.
		if err := store.ExecIdentityTest(s, `UPDATE creators SET email = 'hand@x.com' WHERE id = $1`, kept); err != nil {
			t.Fatal(err)
		}
		if err := s.UnmergeCreators(ctx, a, ws.ID, mergeID); err != nil {
			t.Fatal(err)
		}
		k, _ = s.CRMProfile(ctx, ws.ID, kept)
		if k.Email != "hand@x.com" || k.Discord != "" || *k.Followers != 100 || k.Region != "" ||
			!slices.Equal(k.Verticals, []string{"Beauty"}) || !slices.Equal(k.Tags, []string{"vip"}) || k.Stage != model.StageContacted {
			t.Errorf("kept after the unmerge: %+v", k)
		}
		m, _ = s.CRMProfile(ctx, ws.ID, merged)
		if m.MergedInto != nil || m.Email != "m@x.com" {
			t.Errorf("merged after the unmerge: %+v", m)
		}
		if got := taskOwners(); !slices.Equal(got, []string{fmt.Sprint(merged), fmt.Sprint(merged)}) {
			t.Errorf("task creators after the unmerge: %q", got)
		}
		if ev := events(t, s, merged); !slices.Contains(ev, "unmerge kept_one>") {
			t.Errorf("merged's timeline: %q", ev)
		}
		if ev := events(t, s, kept); !slices.Contains(ev, "stage sampled>contacted") || !slices.Contains(ev, "unmerge kept_two>") {
			t.Errorf("kept's timeline: %q", ev)
		}
		if err := s.UnmergeCreators(ctx, a, ws.ID, mergeID); !errors.Is(err, store.ErrMergeUndone) {
			t.Errorf("unmerging twice: %v", err)
		}
		audits, _ := store.QueryIdentityTest(s, `SELECT action FROM audit_log WHERE workspace_id = $1 AND action LIKE 'creator.%merge' ORDER BY id`, ws.ID)
		if !slices.Equal(audits, []string{"creator.merge", "creator.unmerge"}) {
			t.Errorf("audit: %q", audits)
		}
	})
}

func TestMergeBlockedStageWins(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		a := store.Actor{Label: "lead@acme.example"}
		ids := storetest.Creators(t, s, ws.ID, "active_one", "stopped_one")
		if _, err := s.SetStage(ctx, a, ws.ID, ids[:1], model.StageActive, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetStage(ctx, a, ws.ID, ids[1:], model.StageDoNotContact, "asked us to stop"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeCreators(ctx, a, ws.ID, ids[0], ids[1], ""); err != nil {
			t.Fatal(err)
		}
		k, _ := s.CRMProfile(ctx, ws.ID, ids[0])
		if k.Stage != model.StageDoNotContact || k.StageReason != "asked us to stop" {
			t.Errorf("stage %s (%q), want do-not-contact with its reason", k.Stage, k.StageReason)
		}
	})
}

func TestChainedMerges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		a := store.Actor{Label: "lead@acme.example"}
		ids := storetest.Creators(t, s, ws.ID, "chain_a", "chain_b", "chain_c")
		into := func(id int64) string {
			p, err := s.CRMProfile(ctx, ws.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if p.MergedInto == nil {
				return "-"
			}
			return fmt.Sprint(*p.MergedInto)
		}
		if _, err := s.MergeCreators(ctx, a, ws.ID, ids[1], ids[0], ""); err != nil {
			t.Fatal(err)
		}
		second, err := s.MergeCreators(ctx, a, ws.ID, ids[2], ids[1], "")
		if err != nil {
			t.Fatal(err)
		}
		if into(ids[0]) != fmt.Sprint(ids[2]) || into(ids[1]) != fmt.Sprint(ids[2]) {
			t.Fatalf("after A→B→C: A into %s, B into %s", into(ids[0]), into(ids[1]))
		}
		if err := s.UnmergeCreators(ctx, a, ws.ID, second); err != nil {
			t.Fatal(err)
		}
		if into(ids[0]) != fmt.Sprint(ids[1]) || into(ids[1]) != "-" {
			t.Errorf("after undoing B→C: A into %s, B into %s", into(ids[0]), into(ids[1]))
		}
	})
}

func TestMergeFoldsCreatorSales(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, shop := importData(t, s, "tiktok-affiliate-orders-1.csv")
		a := store.Actor{Label: "lead@acme.example"}
		list := func() map[string]store.CreatorListRow {
			t.Helper()
			page, err := s.CreatorList(ctx, ws.ID, store.CreatorQuery{Window: allTime, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]store.CreatorListRow{}
			for _, r := range page.Rows {
				out[r.Handle] = r
			}
			return out
		}
		before := list()
		var handles []string
		for h, r := range before {
			if r.GMV > 0 {
				handles = append(handles, h)
			}
		}
		slices.Sort(handles)
		keptH, mergedH := handles[0], handles[1]
		kept, merged := before[keptH], before[mergedH]
		mergeID, err := s.MergeCreators(ctx, a, ws.ID, kept.ID, merged.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		after := list()
		if _, ok := after[mergedH]; ok || len(after) != len(before)-1 {
			t.Errorf("the merged creator is still listed (%d rows, %d before)", len(after), len(before))
		}
		if got := after[keptH]; got.GMV != kept.GMV+merged.GMV || got.Orders != kept.Orders+merged.Orders {
			t.Errorf("kept GMV %d orders %d, want %d and %d", got.GMV, got.Orders, kept.GMV+merged.GMV, kept.Orders+merged.Orders)
		}
		// Lines imported after the merge still find the merged creator's account, and count for
		// the kept one.
		if _, err := importFile(ctx, s, ws, shop, "tiktok-affiliate-orders-2.csv"); err != nil {
			t.Fatal(err)
		}
		totals, err := s.CreatorTotals(ctx, ws.ID, allTime, 0)
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		for _, f := range totals {
			if f.CreatorID == kept.ID || f.CreatorID == merged.ID {
				want += f.GMV
			}
		}
		if got := list()[keptH]; got.GMV != want {
			t.Errorf("kept GMV after a later import %d, want %d", got.GMV, want)
		}
		if err := s.UnmergeCreators(ctx, a, ws.ID, mergeID); err != nil {
			t.Fatal(err)
		}
		split := list()
		if split[keptH].GMV+split[mergedH].GMV != want || split[mergedH].GMV == 0 {
			t.Errorf("after the unmerge: %d + %d, want %d in all", split[keptH].GMV, split[mergedH].GMV, want)
		}
	})
}

func importFile(ctx context.Context, s *store.Store, ws *model.Workspace, shop *model.Shop, name string) (*ingest.Summary, error) {
	return ingest.ImportOrders(ctx, s, ws, shop, filepath.Join("..", "..", "testdata", name), ingest.Options{})
}
