package tiktokshop

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"pgregory.net/rapid"
)

// 120 creators × 250 products become 3 × 3 = 9 calls within the limits, inviting every
// creator to every product exactly once.
func TestCreateTargetCollaborationsSplits(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Creators: 120, Products: 250}, nil)
	tc := TargetCollaboration{Name: "Spring drop", Message: "Join us", EndTime: r.srv.Now().Add(30 * 24 * time.Hour), FreeSample: true}
	for _, c := range r.srv.Creators() {
		tc.CreatorUserIDs = append(tc.CreatorUserIDs, c.UserID)
	}
	for i, p := range r.srv.Products() {
		tc.Products = append(tc.Products, TargetProduct{ProductID: p.ID, CommissionRateBP: int64(1000 + i)})
	}
	ids, err := r.client.CreateTargetCollaborations(context.Background(), r.shop, tc)
	if err != nil {
		t.Fatal(err)
	}
	got := r.srv.TargetCollaborations()
	if len(ids) != 9 || len(got) != 9 || r.srv.Calls(targetCollabPath) != 9 {
		t.Fatalf("%d ids, %d accepted, %d calls; want 9 of each", len(ids), len(got), r.srv.Calls(targetCollabPath))
	}
	pairs := map[string]int{}
	for i, g := range got {
		if g.ID != ids[i] {
			t.Errorf("id %d = %s, fake created %s", i, ids[i], g.ID)
		}
		if len(g.CreatorUserIDs) > MaxTargetCreators || len(g.Products) > MaxTargetProducts || !g.FreeSample || g.Name != tc.Name {
			t.Errorf("call %d = %d creators, %d products, %+v", i, len(g.CreatorUserIDs), len(g.Products), g)
		}
		for _, c := range g.CreatorUserIDs {
			for _, p := range g.Products {
				pairs[c+"/"+p.ProductID]++
			}
		}
	}
	if len(pairs) != 120*250 {
		t.Errorf("%d creator-product pairs invited, want %d", len(pairs), 120*250)
	}
	for k, n := range pairs {
		if n != 1 {
			t.Fatalf("pair %s invited %d times", k, n)
		}
	}
	// The search sees them all.
	found, errs := collect(r.client.TargetCollaborations(context.Background(), r.shop, TargetCollaborationQuery{PageSize: 4}))
	if len(errs) > 0 || len(found) != 9 {
		t.Errorf("search found %d (%v), want 9", len(found), errs)
	}
}

// The split covers every pair once and respects the limits, whatever the sizes.
func TestSplitTargetCollaborationProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nc := rapid.IntRange(1, 400).Draw(t, "creators")
		np := rapid.IntRange(1, 400).Draw(t, "products")
		tc := TargetCollaboration{Name: "x"}
		for i := range nc {
			tc.CreatorUserIDs = append(tc.CreatorUserIDs, string(rune('a'+i%26))+strings.Repeat("z", i/26))
		}
		for i := range np {
			tc.Products = append(tc.Products, TargetProduct{ProductID: strings.Repeat("p", i+1), CommissionRateBP: 1000})
		}
		parts := SplitTargetCollaboration(tc)
		want := ((nc + MaxTargetCreators - 1) / MaxTargetCreators) * ((np + MaxTargetProducts - 1) / MaxTargetProducts)
		if len(parts) != want {
			t.Fatalf("%d parts, want %d", len(parts), want)
		}
		seen := map[[2]string]bool{}
		for _, p := range parts {
			if len(p.CreatorUserIDs) == 0 || len(p.CreatorUserIDs) > MaxTargetCreators || len(p.Products) == 0 || len(p.Products) > MaxTargetProducts {
				t.Fatalf("part with %d creators, %d products", len(p.CreatorUserIDs), len(p.Products))
			}
			for _, c := range p.CreatorUserIDs {
				for _, pr := range p.Products {
					k := [2]string{c, pr.ProductID}
					if seen[k] {
						t.Fatalf("pair %v twice", k)
					}
					seen[k] = true
				}
			}
		}
		if len(seen) != nc*np {
			t.Fatalf("%d pairs, want %d", len(seen), nc*np)
		}
	})
}

// If a later part fails, the ids created so far come back with the error.
func TestCreateTargetCollaborationsPartialFailure(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Creators: 60}, nil)
	tc := TargetCollaboration{Name: "x", EndTime: r.srv.Now().Add(time.Hour), Products: []TargetProduct{{ProductID: r.srv.Products()[0].ID, CommissionRateBP: 1200}}}
	for _, c := range r.srv.Creators() {
		tc.CreatorUserIDs = append(tc.CreatorUserIDs, c.UserID)
	}
	tc.CreatorUserIDs[55] = "6999999999999999999" // unknown to the platform: the second part is refused
	ids, err := r.client.CreateTargetCollaborations(context.Background(), r.shop, tc)
	if len(ids) != 1 || err == nil || !strings.Contains(err.Error(), "part 2 of 2") {
		t.Fatalf("ids %v, error %v; want one id and part 2 named", ids, err)
	}
}

func TestCollaborationRequestsRefusedBeforeCalling(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{}, nil)
	ctx := context.Background()
	end := r.srv.Now().Add(time.Hour)
	p := r.srv.Products()[0].ID
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"open: rate below 1%", func() error {
			_, err := r.client.CreateOpenCollaboration(ctx, r.shop, OpenCollaboration{ProductID: p, CommissionRateBP: 99})
			return err
		}, "commission 99 bp is outside 100–8000"},
		{"target: rate above 80%", func() error {
			_, err := r.client.CreateTargetCollaborations(ctx, r.shop, TargetCollaboration{Name: "x", EndTime: end, CreatorUserIDs: []string{"1"}, Products: []TargetProduct{{p, 8001}}})
			return err
		}, "commission 8001 bp"},
		{"target: no creators", func() error {
			_, err := r.client.CreateTargetCollaborations(ctx, r.shop, TargetCollaboration{Name: "x", EndTime: end, Products: []TargetProduct{{p, 1000}}})
			return err
		}, "need at least one of each"},
		{"id that would change the path", func() error {
			_, err := r.client.GeneratePromotionLink(ctx, r.shop, "1/../../x")
			return err
		}, "is not a platform id"},
		{"reject without a reason", func() error {
			return r.client.ReviewSampleApplication(ctx, r.shop, "7400000000000000000", SampleReject, "")
		}, "needs a reason"},
		{"message content not JSON", func() error {
			_, err := r.client.SendMessage(ctx, r.shop, "8900000000000000000", Message{Type: MessageText, Content: "hi"})
			return err
		}, "is not JSON"},
	}
	for _, tt := range tests {
		if err := tt.run(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

// The other endpoints, each against the fake.
func TestAffiliateEndpoints(t *testing.T) {
	r := newRig(t, tiktokshoptest.Options{Creators: 30, Samples: 25}, nil)
	ctx := context.Background()
	product := r.srv.Products()[0].ID

	creators, errs := collect(r.client.MarketplaceCreators(ctx, r.shop, CreatorQuery{PageSize: 12}))
	if len(errs) > 0 || len(creators) != 30 || r.srv.Calls(creatorsSearchPath) != 3 {
		t.Fatalf("creators %d (%v) in %d calls; want 30 in 3", len(creators), errs, r.srv.Calls(creatorsSearchPath))
	}
	few, _ := collect(r.client.MarketplaceCreators(ctx, r.shop, CreatorQuery{Keyword: "creator_00", PageSize: 20}))
	if len(few) != 9 {
		t.Errorf("keyword search found %d, want 9", len(few))
	}
	prof, err := r.client.CreatorProfile(ctx, r.shop, creators[3].UserID)
	if err != nil || prof.Username != creators[3].Username || prof.Bio == "" {
		t.Errorf("profile = %+v, %v", prof, err)
	}

	conv, err := r.client.CreateConversation(ctx, r.shop, creators[3].UserID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Message{TextMessage(`Hi "there"`), ProductCardMessage(product), TargetCollaborationCardMessage("7310000000000000001"), FreeSampleCardMessage(product), ImageMessage("https://x/y.png", 10, 20)} {
		if _, err := r.client.SendMessage(ctx, r.shop, conv, m); err != nil {
			t.Fatalf("%s: %v", m.Type, err)
		}
	}
	msgs := r.srv.Messages()
	if len(msgs) != 5 || msgs[0].CreatorUserID != creators[3].UserID || msgs[0].Type != "TEXT" || msgs[0].ShopCipher != r.shop.Cipher {
		t.Fatalf("fake received %+v", msgs)
	}
	var text struct{ Content string }
	if err := json.Unmarshal([]byte(msgs[0].Content), &text); err != nil || text.Content != `Hi "there"` {
		t.Errorf("text content %q decodes to %q, %v", msgs[0].Content, text.Content, err)
	}

	id, err := r.client.CreateOpenCollaboration(ctx, r.shop, OpenCollaboration{ProductID: product, CommissionRateBP: 1500})
	if err != nil || id == "" {
		t.Fatalf("open collaboration %q, %v", id, err)
	}
	ocs, errs := collect(r.client.OpenCollaborations(ctx, r.shop, OpenCollaborationQuery{ProductIDs: []string{product}}))
	if len(errs) > 0 || len(ocs) != 1 || ocs[0].ID != id || ocs[0].CommissionRateBP != 1500 || ocs[0].CreatedAt.IsZero() {
		t.Errorf("open collaborations %+v %v", ocs, errs)
	}

	samples, errs := collect(r.client.SampleApplications(ctx, r.shop, SampleQuery{Status: "PENDING", PageSize: 4}))
	if len(errs) > 0 || len(samples) < 2 {
		t.Fatalf("pending samples %d, %v", len(samples), errs)
	}
	for _, s := range samples {
		if s.CommissionRateBP < 1000 || s.CommissionRateBP > 2000 || s.CreatorUsername == "" {
			t.Errorf("sample %+v", s)
		}
	}
	if err := r.client.ReviewSampleApplication(ctx, r.shop, samples[0].ID, SampleApprove, ""); err != nil {
		t.Fatal(err)
	}
	if err := r.client.ReviewSampleApplication(ctx, r.shop, samples[1].ID, SampleReject, "Out of stock"); err != nil {
		t.Fatal(err)
	}
	err = r.client.ReviewSampleApplication(ctx, r.shop, samples[0].ID, SampleApprove, "")
	if _, ok := AsAPIError(err); !ok {
		t.Errorf("reviewing twice: %v, want the platform's refusal", err)
	}
	if rv := r.srv.Reviews(); len(rv) != 2 || rv[1].Result != "REJECT" || rv[1].Reason != "Out of stock" {
		t.Errorf("reviews %+v", rv)
	}

	link, err := r.client.GeneratePromotionLink(ctx, r.shop, product)
	if err != nil || !strings.HasSuffix(link, "/promotion/"+product) {
		t.Errorf("promotion link %q, %v", link, err)
	}
}
