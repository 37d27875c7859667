package platformsync_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

const (
	openSearchPath   = "/affiliate_seller/202409/open_collaborations/search"
	targetSearchPath = "/affiliate_seller/202409/target_collaborations/search"
	targetCreatePath = "/affiliate_seller/202405/target_collaborations"
)

// Every creator × product pair of a target collaboration goes out exactly once, in calls
// within the platform's limits (50 creators, 100 products), and the calls keep the name,
// message, end time and free sample rule.
func TestTargetChunksCoverEveryPairOnce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nc := rapid.IntRange(1, 260).Draw(t, "creators")
		np := rapid.IntRange(1, 330).Draw(t, "products")
		tc := tiktokshop.TargetCollaboration{Name: "Drop", Message: "hi", EndTime: time.Unix(1900000000, 0), FreeSample: rapid.Bool().Draw(t, "sample")}
		for i := range nc {
			tc.CreatorUserIDs = append(tc.CreatorUserIDs, fmt.Sprint(6900000000000000000+i))
		}
		for i := range np {
			tc.Products = append(tc.Products, tiktokshop.TargetProduct{ProductID: fmt.Sprint(1729000000000000000 + i), CommissionRateBP: int64(100 + i)})
		}
		parts := platformsync.PlanTargetChunks(tc)
		seen := map[string]int{}
		for _, p := range parts {
			if len(p.CreatorUserIDs) == 0 || len(p.CreatorUserIDs) > 50 || len(p.Products) == 0 || len(p.Products) > 100 {
				t.Fatalf("a call with %d creators and %d products", len(p.CreatorUserIDs), len(p.Products))
			}
			if p.Name != tc.Name || p.Message != tc.Message || !p.EndTime.Equal(tc.EndTime) || p.FreeSample != tc.FreeSample {
				t.Fatalf("a call lost the collaboration's terms: %+v", p)
			}
			for _, c := range p.CreatorUserIDs {
				for _, pr := range p.Products {
					seen[c+"×"+pr.ProductID+fmt.Sprint(pr.CommissionRateBP)]++
				}
			}
		}
		if len(seen) != nc*np {
			t.Fatalf("%d pairs sent, want %d", len(seen), nc*np)
		}
		for pair, n := range seen {
			if n != 1 {
				t.Fatalf("pair %s sent %d times", pair, n)
			}
		}
		// As few calls as the limits allow.
		if want := ((nc + 49) / 50) * ((np + 99) / 100); len(parts) != want {
			t.Fatalf("%d calls, want %d", len(parts), want)
		}
	})
}

// prospects brings the fake's first n creators into the CRM (with their TikTok user ids) and
// returns their creator ids in the fake's order.
func (r *rig) prospects(t *testing.T, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := r.y.ImportMarketplaceCreators(ctx, r.conn, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Limit: n}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range r.p.Creators()[:n] {
		cr, err := r.s.CreatorByHandle(ctx, r.ws.ID, "tiktok", c.Username)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cr.ID)
	}
	return ids
}

// client is the API client and shop credentials of the rig's connection.
func (r *rig) client(t *testing.T) (*tiktokshop.Client, tiktokshop.ShopAuth) {
	t.Helper()
	cl, token, err := r.svc.Client(context.Background(), r.conn)
	if err != nil {
		t.Fatal(err)
	}
	return cl, tiktokshop.ShopAuth{Cipher: r.conn.ShopCipher, AccessToken: token}
}

// The collaborations sync reads open and target collaborations over several pages, stores
// each once with its products and creators (matched to the CRM by user id), and is
// idempotent: a second sync changes nothing and writes no audit entry; a change on the
// platform is picked up.
func TestCollaborationsSync(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 71, Orders: 5, Creators: 40}, 3)
		ids := r.prospects(t, 5)
		cl, auth := r.client(t)
		products := r.p.Products()
		for i := range 7 {
			if _, err := cl.CreateOpenCollaboration(ctx, auth, tiktokshop.OpenCollaboration{ProductID: products[i].ID, CommissionRateBP: int64(1000 + 100*i)}); err != nil {
				t.Fatal(err)
			}
		}
		users := []string{r.p.Creators()[0].UserID, r.p.Creators()[1].UserID, r.p.Creators()[39].UserID}
		if _, err := cl.CreateTargetCollaborations(ctx, auth, tiktokshop.TargetCollaboration{Name: "Spring drop", EndTime: r.p.Now().Add(30 * 24 * time.Hour),
			CreatorUserIDs: users, FreeSample: true,
			Products: []tiktokshop.TargetProduct{{ProductID: products[0].ID, CommissionRateBP: 1500}, {ProductID: products[1].ID, CommissionRateBP: 2000}}}); err != nil {
			t.Fatal(err)
		}
		res, err := r.y.SyncCollaborations(ctx, r.conn)
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 8 || res.Changed != 0 {
			t.Fatalf("first sync: %+v, want 8 new", res)
		}
		if n := r.p.Calls(openSearchPath); n != 3 {
			t.Errorf("%d open collaboration pages read for 7 in pages of 3, want 3", n)
		}
		list, more, err := s.Collaborations(ctx, r.ws.ID, store.CollaborationFilter{Kind: store.CollaborationTarget})
		if err != nil || more || len(list) != 1 {
			t.Fatalf("target collaborations: %v %v %v", list, more, err)
		}
		tc, err := s.Collaboration(ctx, r.ws.ID, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if tc.Name != "Spring drop" || tc.CommissionBP != 2000 || !tc.FreeSample || tc.Status != "ACTIVE" || tc.EndAt == nil ||
			len(tc.Products) != 2 || len(tc.Creators) != 3 || tc.CreatedBy != "" || tc.ShopName != "Fake Brand US" {
			t.Fatalf("stored target collaboration: %+v", tc)
		}
		matched := map[int64]bool{}
		for _, c := range tc.Creators {
			if c.CreatorID != nil {
				matched[*c.CreatorID] = true
			}
		}
		if len(matched) != 2 || !matched[ids[0]] || !matched[ids[1]] {
			t.Errorf("creators matched to the CRM: %v, want %d and %d (the third is not in the CRM)", matched, ids[0], ids[1])
		}
		open, _, err := s.Collaborations(ctx, r.ws.ID, store.CollaborationFilter{Kind: store.CollaborationOpen, Limit: 3})
		if err != nil || len(open) != 3 || open[0].ProductCount != 1 || open[0].CommissionBP < 1000 {
			t.Fatalf("open collaborations: %+v %v", open, err)
		}

		audits := auditCount(t, s, r.ws.ID, "collaboration.sync")
		again, err := r.y.SyncCollaborations(ctx, r.conn)
		if err != nil || again.New+again.Changed != 0 || again.Unchanged != 8 {
			t.Fatalf("second sync: %+v %v, want all 8 unchanged", again, err)
		}
		if n := auditCount(t, s, r.ws.ID, "collaboration.sync"); n != audits {
			t.Errorf("an unchanged sync wrote %d audit entries", n-audits)
		}
		if _, err := cl.CreateOpenCollaboration(ctx, auth, tiktokshop.OpenCollaboration{ProductID: products[8].ID, CommissionRateBP: 900}); err != nil {
			t.Fatal(err)
		}
		third, err := r.y.SyncCollaborations(ctx, r.conn)
		if err != nil || third.New != 1 || third.Unchanged != 8 {
			t.Fatalf("sync after a new collaboration: %+v %v", third, err)
		}
	})
}

// auditCount counts the workspace's audit entries of an action.
func auditCount(t *testing.T, s *store.Store, ws int64, action string) int {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), ws, store.AuditQuery{Action: action, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// Promotion links are generated for the shop's products without one, stored, and not asked
// for again until they are 30 days old; a product out of the affiliate pool is noted and
// tried again the next day; a rate limit ends the run keeping the links already made.
func TestPromotionLinks(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 72, Orders: 60, Products: 8}, 50)
		r.sync(t)
		due, err := s.DuePromotionLinks(ctx, r.conn, r.p.Now(), 100)
		if err != nil || len(due) < 4 {
			t.Fatalf("products due a link: %v %v", due, err)
		}
		gone := due[len(due)-1]
		r.p.RemoveProduct(gone)
		const path = "/affiliate_seller/202405/products/%s/promotion_link/generate"
		r.p.Fail(fmt.Sprintf(path, due[2]), http.StatusTooManyRequests, 1)
		res, err := r.y.GeneratePromotionLinks(ctx, r.conn, 100)
		if err == nil || res.Generated != 2 {
			t.Fatalf("a rate-limited run: %+v, %v; want an error after 2 links", res, err)
		}
		links, _, err := s.PromotionLinks(ctx, r.ws.ID, store.PromotionLinkFilter{})
		if err != nil || len(links) != 2 {
			t.Fatalf("links kept after the rate limit: %v %v", links, err)
		}
		res, err = r.y.GeneratePromotionLinks(ctx, r.conn, 100)
		if err != nil || res.Refused != 1 || res.Generated != len(due)-3 {
			t.Fatalf("second run: %+v %v, want %d generated and 1 refused", res, err, len(due)-3)
		}
		links, _, err = s.PromotionLinks(ctx, r.ws.ID, store.PromotionLinkFilter{Limit: 500})
		if err != nil || len(links) != len(due) {
			t.Fatalf("links: %d %v, want %d", len(links), err, len(due))
		}
		for _, l := range links {
			switch {
			case l.ProductID == gone && (l.URL != "" || !strings.Contains(l.Error, "not in the affiliate pool")):
				t.Errorf("the refused product: %+v", l)
			case l.ProductID != gone && (l.URL != r.p.URL+"/promotion/"+l.ProductID || l.GeneratedAt == nil || l.ProductName == ""):
				t.Errorf("a link: %+v", l)
			}
		}
		if missing, _, _ := s.PromotionLinks(ctx, r.ws.ID, store.PromotionLinkFilter{Missing: true}); len(missing) != 1 {
			t.Errorf("%d links missing, want 1", len(missing))
		}
		if due, _ := s.DuePromotionLinks(ctx, r.conn, r.p.Now(), 100); len(due) != 0 {
			t.Errorf("due right after generating: %v", due)
		}
		if due, _ := s.DuePromotionLinks(ctx, r.conn, r.p.Now().Add(25*time.Hour), 100); len(due) != 1 || due[0] != gone {
			t.Errorf("due the next day: %v, want only the refused product", due)
		}
		if due, _ := s.DuePromotionLinks(ctx, r.conn, r.p.Now().Add(31*24*time.Hour), 100); len(due) != len(links) {
			t.Errorf("due after 31 days: %d, want all %d", len(due), len(links))
		}
	})
}

// The runner's schedule gives a connection its collaborations and promotion links chains,
// which sync on their own; a disconnected connection's chains end.
func TestAffiliateChains(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 73, Orders: 20, Products: 5}, 50)
		r.sync(t)
		cl, auth := r.client(t)
		if _, err := cl.CreateOpenCollaboration(ctx, auth, tiktokshop.OpenCollaboration{ProductID: r.p.Products()[0].ID, CommissionRateBP: 1200}); err != nil {
			t.Fatal(err)
		}
		runner := &jobs.Runner{Store: s, Worker: "affiliate", Concurrency: 2, Poll: 2 * time.Millisecond, Logger: quiet()}
		r.y.RegisterAffiliate(runner)
		start(t, runner)
		waitFor(t, "the collaborations sync", func() bool {
			cs, _, err := s.Collaborations(ctx, r.ws.ID, store.CollaborationFilter{})
			return err == nil && len(cs) == 1
		})
		waitFor(t, "the promotion links", func() bool {
			due, err := s.DuePromotionLinks(ctx, r.conn, r.p.Now(), 10)
			return err == nil && len(due) == 0
		})
		for _, kind := range []string{platformsync.KindCollaborations, platformsync.KindPromotionLinks} {
			waitFor(t, "the next run of "+kind, func() bool {
				js, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: kind, Status: store.JobQueued})
				return err == nil && len(js) == 1 && js[0].Every > 0 && js[0].RunAt.After(time.Now().Add(10*time.Minute))
			})
		}
		if err := s.DisconnectConnection(ctx, store.CLIActor, r.ws.ID, r.conn.ID); err != nil {
			t.Fatal(err)
		}
		if err := platformsync.RunAffiliateSyncNow(ctx, s, r.conn, platformsync.KindCollaborations, time.Now()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the chain to end", func() bool {
			js, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindCollaborations})
			if err != nil {
				return false
			}
			for _, j := range js {
				if j.Status == store.JobQueued || j.Status == store.JobRunning {
					return false
				}
			}
			return true
		})
	})
}

// A target collaboration for 60 creators goes out in two calls of at most 50; each chunk is
// stored with its creators, an invite on each creator's timeline and their last contact set;
// a chunk the platform refuses is reported without losing the others; creators without a
// TikTok user id or who asked not to be contacted are skipped and listed.
func TestCreateTargetCollaboration(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 74, Orders: 5, Creators: 70}, 50)
		ids := r.prospects(t, 62)
		if _, err := s.SetStage(ctx, store.CLIActor, r.ws.ID, ids[61:], model.StageDoNotContact, "asked us to stop"); err != nil {
			t.Fatal(err)
		}
		noID := storetest.Creators(t, s, r.ws.ID, "nobody_knows")
		products := r.p.Products()
		in := platformsync.TargetInvite{Name: "Summer", Message: "Join us", EndTime: time.Now().Add(14 * 24 * time.Hour),
			CreatorIDs: append(ids, noID...), FreeSample: true,
			Products: []tiktokshop.TargetProduct{{ProductID: products[0].ID, CommissionRateBP: 1500}, {ProductID: products[1].ID, CommissionRateBP: 1200}}}
		actor := store.Actor{Label: "manager@acme.example"}
		res, err := platformsync.CreateTargetCollaboration(ctx, s, r.svc, actor, r.ws.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 2 || res.Failed != 0 || len(res.Chunks) != 2 || len(res.Chunks[0].Handles) != 50 || len(res.Chunks[1].Handles) != 11 {
			t.Fatalf("result: created %d failed %d chunks %d", res.Created, res.Failed, len(res.Chunks))
		}
		if len(res.Skipped) != 2 {
			t.Errorf("skipped: %+v, want the do-not-contact creator and the one without a user id", res.Skipped)
		}
		calls := r.p.TargetCollaborations()
		if len(calls) != 2 || len(calls[0].CreatorUserIDs) != 50 || len(calls[1].CreatorUserIDs) != 11 || !calls[0].FreeSample || calls[0].Name != "Summer" {
			t.Fatalf("calls the platform got: %+v", calls)
		}
		c, err := s.Collaboration(ctx, r.ws.ID, res.Chunks[1].CollaborationID)
		if err != nil || c.CreatedBy != actor.Label || len(c.Creators) != 11 || c.Message != "Join us" || c.PlatformID != calls[1].ID {
			t.Fatalf("stored chunk: %+v %v", c, err)
		}
		p, err := s.CRMProfile(ctx, r.ws.ID, ids[0])
		if err != nil || p.LastContactedAt == nil {
			t.Fatalf("an invited creator's last contact: %+v %v", p, err)
		}
		tl, _, err := s.CreatorTimeline(ctx, r.ws.ID, ids[0], store.TimelineQuery{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !hasInvite(tl, "Summer") {
			t.Errorf("timeline lacks the invite: %+v", tl)
		}
		if n, err := s.CountInvites(ctx, r.conn.ID, time.Now().Add(-time.Hour)); err != nil || n != 61 {
			t.Errorf("invites counted for the quota: %d %v, want 61", n, err)
		}
		// The sync finds the chunks already stored: nothing new, creators kept.
		sync, err := r.y.SyncCollaborations(ctx, r.conn)
		if err != nil || sync.New != 0 {
			t.Errorf("sync after creating: %+v %v", sync, err)
		}
		if c2, _ := s.Collaboration(ctx, r.ws.ID, c.ID); c2.CreatedBy != actor.Label || c2.Message != "Join us" {
			t.Errorf("the sync lost who created it: %+v", c2)
		}

		// The platform refuses the second chunk of the next one (a creator of it left the
		// marketplace): the first is kept and both are reported.
		r.p.RemoveCreator(r.p.Creators()[55].UserID)
		in.Name = "Autumn"
		res, err = platformsync.CreateTargetCollaboration(ctx, s, r.svc, actor, r.ws.ID, in)
		if err != nil || res.Created != 1 || res.Failed != 1 || res.Chunks[0].CollaborationID == 0 || res.Chunks[1].Err == nil ||
			!strings.Contains(res.Chunks[1].Err.Error(), "not found") || res.Chunks[1].CollaborationID != 0 {
			t.Fatalf("a refused chunk: %+v %v", res, err)
		}
		if autumn, _, _ := s.Collaborations(ctx, r.ws.ID, store.CollaborationFilter{Query: "autumn"}); len(autumn) != 1 || autumn[0].CreatorCount != 50 {
			t.Errorf("stored after a refused chunk: %+v", autumn)
		}

		// Bad input is refused before any call.
		before := len(r.p.TargetCollaborations())
		for _, bad := range []struct {
			name  string
			edit  func(*platformsync.TargetInvite)
			field string
		}{
			{"no name", func(in *platformsync.TargetInvite) { in.Name = " " }, "name"},
			{"past end", func(in *platformsync.TargetInvite) { in.EndTime = time.Now().Add(-time.Hour) }, "end"},
			{"no creators", func(in *platformsync.TargetInvite) { in.CreatorIDs = nil }, "creators"},
			{"foreign creator", func(in *platformsync.TargetInvite) { in.CreatorIDs = []int64{ids[0], 999999} }, "creators"},
			{"nobody invitable", func(in *platformsync.TargetInvite) { in.CreatorIDs = noID }, "creators"},
			{"rate too high", func(in *platformsync.TargetInvite) { in.Products[0].CommissionRateBP = 9000 }, "commission"},
			{"bad product", func(in *platformsync.TargetInvite) { in.Products[0].ProductID = "abc" }, "products"},
			{"unknown connection", func(in *platformsync.TargetInvite) { in.ConnectionID = r.conn.ID + 100 }, ""},
		} {
			bin := in
			bin.Products = []tiktokshop.TargetProduct{{ProductID: products[0].ID, CommissionRateBP: 1500}}
			bad.edit(&bin)
			_, err := platformsync.CreateTargetCollaboration(ctx, s, r.svc, actor, r.ws.ID, bin)
			fe, ok := store.AsFieldError(err)
			switch {
			case bad.field == "" && !errors.Is(err, store.ErrNotFound):
				t.Errorf("%s: %v, want not found", bad.name, err)
			case bad.field != "" && (!ok || fe.Field != bad.field):
				t.Errorf("%s: %v, want an error on %s", bad.name, err, bad.field)
			}
		}
		if n := len(r.p.TargetCollaborations()); n != before {
			t.Errorf("bad input reached the platform: %d calls", n-before)
		}
	})
}

func hasInvite(entries []store.TimelineEntry, name string) bool {
	for _, e := range entries {
		if e.Kind == store.EventInvite && strings.Contains(e.Body, name) && e.RefID != nil {
			return true
		}
	}
	return false
}

// Messages of every kind reach the creator's conversation and the timeline; a creator without
// a TikTok user id or in do-not-contact is refused before any call; an ambiguous failure is
// not sent again and says so.
func TestSendCreatorMessage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 75, Orders: 5, Creators: 10}, 50)
		ids := r.prospects(t, 3)
		products := r.p.Products()
		actor := store.Actor{Label: "specialist@acme.example"}
		inv, err := platformsync.CreateTargetCollaboration(ctx, s, r.svc, actor, r.ws.ID, platformsync.TargetInvite{Name: "Card", EndTime: time.Now().Add(48 * time.Hour),
			CreatorIDs: ids[:1], Products: []tiktokshop.TargetProduct{{ProductID: products[0].ID, CommissionRateBP: 1000}}})
		if err != nil || inv.Created != 1 {
			t.Fatalf("%+v %v", inv, err)
		}
		for _, m := range []struct {
			msg      platformsync.CreatorMessage
			wantType string
			wantBody string
		}{
			{platformsync.CreatorMessage{Kind: platformsync.MessageText, Text: "Hi! Loved your last video."}, "TEXT", `"content":"Hi! Loved your last video."`},
			{platformsync.CreatorMessage{Kind: platformsync.MessageProductCard, ProductID: products[2].ID}, "PRODUCT_CARD", products[2].ID},
			{platformsync.CreatorMessage{Kind: platformsync.MessageFreeSample, ProductID: products[3].ID}, "FREE_SAMPLE_CARD", products[3].ID},
			{platformsync.CreatorMessage{Kind: platformsync.MessageTargetCollaboration, CollaborationID: fmt.Sprint(inv.Chunks[0].CollaborationID)},
				"TARGET_COLLABORATION_CARD", inv.Chunks[0].PlatformID},
		} {
			sent, err := platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, ids[0], m.msg)
			if err != nil {
				t.Fatalf("%s: %v", m.msg.Kind, err)
			}
			got := r.p.Messages()
			last := got[len(got)-1]
			if last.Type != m.wantType || !strings.Contains(last.Content, m.wantBody) || last.CreatorUserID != r.p.Creators()[0].UserID || last.ID != sent.MessageID {
				t.Errorf("%s: the platform got %+v", m.msg.Kind, last)
			}
		}
		msgs, err := s.CreatorMessages(ctx, r.ws.ID, ids[0], 10)
		if err != nil || len(msgs) != 5 || msgs[len(msgs)-1].Body == "" {
			t.Fatalf("timeline messages: %+v %v (4 messages and the invite)", msgs, err)
		}

		noID := storetest.Creators(t, s, r.ws.ID, "unknown_user")
		if _, err := platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, noID[0], platformsync.CreatorMessage{Kind: "text", Text: "hi"}); !errors.Is(err, platformsync.ErrNoTikTokID) {
			t.Errorf("a creator without a user id: %v", err)
		}
		if _, err := s.SetStage(ctx, store.CLIActor, r.ws.ID, ids[1:2], model.StageDoNotContact, "asked"); err != nil {
			t.Fatal(err)
		}
		if _, err := platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, ids[1], platformsync.CreatorMessage{Kind: "text", Text: "hi"}); err == nil {
			t.Error("a do-not-contact creator was messaged")
		}
		for _, bad := range []platformsync.CreatorMessage{{Kind: "text"}, {Kind: "fax", Text: "x"}, {Kind: "product_card", ProductID: "x1"},
			{Kind: "target_collaboration_card", CollaborationID: "999"}} {
			if _, err := platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, ids[2], bad); err == nil {
				t.Errorf("%+v was sent", bad)
			} else if _, ok := store.AsFieldError(err); !ok {
				t.Errorf("%+v: %v, want a field error", bad, err)
			}
		}
		if _, err := platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, 999999, platformsync.CreatorMessage{Kind: "text", Text: "hi"}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown creator: %v", err)
		}
		n := len(r.p.Messages())
		const sendPath = "/affiliate_seller/202412/conversations/8900000000000000002/messages"
		r.p.Fail(sendPath, http.StatusBadGateway, 1)
		_, err = platformsync.SendCreatorMessage(ctx, s, r.svc, actor, r.ws.ID, ids[2], platformsync.CreatorMessage{Kind: "text", Text: "once"})
		var se *platformsync.SendError
		if !errors.As(err, &se) || !se.Ambiguous() || !strings.Contains(err.Error(), "may have been delivered") {
			t.Errorf("an ambiguous failure: %v", err)
		}
		if got := r.p.Calls(sendPath); got != 1 {
			t.Errorf("the message was tried %d times, want once", got)
		}
		if len(r.p.Messages()) != n {
			t.Error("the failed message was recorded by the fake")
		}
	})
}
