package platformsync_test

import (
	"context"
	"testing"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// A marketplace search brings creators in as prospects, 20 a page, up to its limit; a creator
// already in the CRM keeps its stage and gets the marketplace's follower count; searching again
// adds nothing.
func TestMarketplaceCreatorsBecomeProspects(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 61, Orders: 5, Creators: 50}, 3)
		known := r.p.Creators()[0]
		ids := storetest.Creators(t, s, r.ws.ID, known.Username)
		if _, err := s.SetStage(ctx, store.CLIActor, r.ws.ID, ids, model.StageContacted, "wrote to them"); err != nil {
			t.Fatal(err)
		}
		res, err := r.y.ImportMarketplaceCreators(ctx, r.conn, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Limit: 30})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 29 || res.Updated != 1 {
			t.Errorf("first search: %+v, want 29 prospects added and the known creator refreshed", res)
		}
		if calls := r.p.Calls("/affiliate_seller/202406/marketplace_creators/search"); calls != 2 {
			t.Errorf("%d marketplace pages fetched for 30 creators, want 2 of 20", calls)
		}
		p, err := s.CRMProfile(ctx, r.ws.ID, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != model.StageContacted || p.Followers == nil || *p.Followers != known.FollowerCount {
			t.Errorf("the known creator: stage %s, followers %v; want contacted with %d followers", p.Stage, p.Followers, known.FollowerCount)
		}
		added := r.p.Creators()[1]
		c, err := s.CreatorByHandle(ctx, r.ws.ID, "tiktok", added.Username)
		if err != nil {
			t.Fatal(err)
		}
		p, err = s.CRMProfile(ctx, r.ws.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != model.StageProspect || p.Followers == nil || *p.Followers != added.FollowerCount || c.Region != "US" {
			t.Errorf("an added creator: %+v / %+v", p, c)
		}
		again, err := r.y.ImportMarketplaceCreators(ctx, r.conn, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Limit: 30})
		if err != nil {
			t.Fatal(err)
		}
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != 30 {
			t.Errorf("the same search again: %+v, want all 30 unchanged", again)
		}
		if _, err := r.y.SearchCreators(ctx, r.ws.ID, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Limit: 5000}); err == nil {
			t.Error("a search for 5,000 creators was queued")
		}
		id1, err := r.y.SearchCreators(ctx, r.ws.ID, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Keyword: "creator"})
		if err != nil {
			t.Fatal(err)
		}
		id2, err := r.y.SearchCreators(ctx, r.ws.ID, platformsync.CreatorSearch{ConnectionID: r.conn.ID, Keyword: "creator"})
		if err != nil || id1 != id2 {
			t.Errorf("the same search queued twice: jobs %d and %d (%v)", id1, id2, err)
		}
	})
}
