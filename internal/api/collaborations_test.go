package api_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/secrets"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
	"github.com/creatorops/creatorops/internal/web"
)

// collabAPIFixture is acme (tokens per role) connected to the fake TikTok Shop, with the
// fake's first creators in the CRM as prospects, served with the connect service.
type collabAPIFixture struct {
	*importsFixture
	fake *tiktokshoptest.Server
	conn *store.Connection
	y    *platformsync.Syncer
	ids  []int64
}

func newCollabAPIFixture(t *testing.T, s *store.Store, prospects int) *collabAPIFixture {
	t.Helper()
	ctx := context.Background()
	fake := tiktokshoptest.New(t, tiktokshoptest.Options{Seed: 93, Orders: 20, Creators: 80})
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	svc := &connect.Service{Store: s, Keys: keys, ServiceID: fake.ServiceID, Now: fake.Now,
		TikTok: tiktokshop.Config{AppKey: fake.AppKey, AppSecret: fake.AppSecret, APIBaseURL: fake.URL, AuthBaseURL: fake.URL, Now: fake.Now, MaxAttempts: 1}}
	f := &collabAPIFixture{importsFixture: newImportsFixture(t, s, web.Options{Connect: svc}), fake: fake}
	shop, err := s.ShopBySlug(ctx, f.acme.ID, "us")
	if err != nil {
		t.Fatal(err)
	}
	g := fake.Grant()
	f.conn, err = svc.Save(ctx, store.CLIActor, f.acme.ID, &shop.ID, tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
		tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt, RefreshExpiresAt: g.RefreshExpiresAt})
	if err != nil {
		t.Fatal(err)
	}
	f.y = &platformsync.Syncer{Store: s, Clients: svc, Now: fake.Now, Backfill: 5 * 365 * 24 * time.Hour}
	if _, err := f.y.ImportMarketplaceCreators(ctx, f.conn, platformsync.CreatorSearch{ConnectionID: f.conn.ID, Limit: prospects}); err != nil {
		t.Fatal(err)
	}
	for _, c := range fake.Creators()[:prospects] {
		cr, err := s.CreatorByHandle(ctx, f.acme.ID, "tiktok", c.Username)
		if err != nil {
			t.Fatal(err)
		}
		f.ids = append(f.ids, cr.ID)
	}
	return f
}

func (f *collabAPIFixture) post(t *testing.T, role access.Role, path, body string, out any) (int, string) {
	t.Helper()
	return f.call(t, role, http.MethodPost, "/api/v1/workspaces/acme/"+path, strings.NewReader(body), "application/json", out)
}

func jsonIDs(ids []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, id)
	}
	b.WriteByte(']')
	return b.String()
}

// The API invites creators to a target collaboration (split in calls of at most 50 creators,
// each stored and listed), lists and gets collaborations and promotion links, and refuses
// other roles (403), bad input (422) and other workspaces' objects (404).
func TestCollaborationsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newCollabAPIFixture(t, s, 60)
		products := f.fake.Products()
		end := time.Now().Add(10 * 24 * time.Hour).UTC().Format(time.RFC3339)
		body := fmt.Sprintf(`{"name":"Launch","message":"Join","end_time":%q,"creator_ids":%s,"products":[{"product_id":%q,"commission_bp":1800}],"free_sample":true}`,
			end, jsonIDs(f.ids), products[0].ID)
		for _, role := range []access.Role{access.Specialist, access.Finance, access.Viewer} {
			if status, _ := f.post(t, role, "collaborations", body, nil); status != http.StatusForbidden {
				t.Errorf("%s creates a target collaboration: %d, want 403", role, status)
			}
		}
		for _, bad := range []struct{ body, want string }{
			{`{"name":"x","creator_ids":[1]}`, "end"},
			{fmt.Sprintf(`{"name":"","end_time":%q,"creator_ids":%s,"products":[{"product_id":%q,"commission_bp":1800}]}`, end, jsonIDs(f.ids[:1]), products[0].ID), "body.name"},
			{fmt.Sprintf(`{"name":"x","end_time":%q,"creator_ids":%s,"products":[{"product_id":%q,"commission_bp":9999}]}`, end, jsonIDs(f.ids[:1]), products[0].ID), "body.commission"},
			{fmt.Sprintf(`{"name":"x","end_time":%q,"creator_ids":[999999],"products":[{"product_id":%q,"commission_bp":1000}]}`, end, products[0].ID), "is not a creator of this workspace"},
			{`{"name":"x","bogus":1}`, "bogus"},
		} {
			if status, got := f.post(t, access.Manager, "collaborations", bad.body, nil); status != http.StatusUnprocessableEntity || !strings.Contains(got, bad.want) {
				t.Errorf("%s: %d, want 422 naming %q: %.400s", bad.body, status, bad.want, got)
			}
		}
		if n := len(f.fake.TargetCollaborations()); n != 0 {
			t.Fatalf("bad input reached the platform: %d calls", n)
		}
		var res struct {
			Created int `json:"created"`
			Failed  int `json:"failed"`
			Calls   []struct {
				Creators        []string `json:"creators"`
				CollaborationID int64    `json:"collaboration_id"`
				PlatformID      string   `json:"platform_id"`
			} `json:"calls"`
			Skipped []any `json:"skipped"`
		}
		if status, got := f.post(t, access.Manager, "collaborations", body, &res); status != http.StatusCreated {
			t.Fatalf("create: %d %s", status, got)
		}
		if res.Created != 2 || res.Failed != 0 || len(res.Calls) != 2 || len(res.Calls[0].Creators) != 50 || len(res.Calls[1].Creators) != 10 || len(res.Skipped) != 0 {
			t.Fatalf("create: %+v", res)
		}
		if calls := f.fake.TargetCollaborations(); len(calls) != 2 || calls[1].Products[0].CommissionRateBP != 1800 {
			t.Fatalf("the platform got %+v", calls)
		}
		one := fmt.Sprintf("/api/v1/workspaces/acme/collaborations/%d", res.Calls[1].CollaborationID)
		var got struct {
			Kind      string `json:"kind"`
			Name      string `json:"name"`
			CreatedBy string `json:"created_by"`
			Products  []any  `json:"products"`
			Creators  []struct {
				CreatorID *int64 `json:"creator_id"`
			} `json:"creators"`
		}
		if status, b := f.call(t, access.Viewer, "GET", one, nil, "", &got); status != 200 || got.Kind != "target" || got.Name != "Launch" ||
			len(got.Products) != 1 || len(got.Creators) != 10 || got.Creators[0].CreatorID == nil || !strings.Contains(got.CreatedBy, "test manager") {
			t.Fatalf("get: %d %s", status, b)
		}
		var list struct {
			Items      []struct{ ID int64 } `json:"items"`
			NextCursor string               `json:"next_cursor"`
		}
		if status, b := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/collaborations?kind=target&limit=1", nil, "", &list); status != 200 ||
			len(list.Items) != 1 || list.NextCursor == "" || list.Items[0].ID != res.Calls[1].CollaborationID {
			t.Fatalf("list: %d %s", status, b)
		}
		if status, b := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/collaborations?kind=target&limit=1&cursor="+list.NextCursor, nil, "", &list); status != 200 ||
			len(list.Items) != 1 || list.NextCursor != "" {
			t.Fatalf("second page: %d %s", status, b)
		}
		for _, c := range []struct {
			path   string
			status int
		}{
			{"/api/v1/workspaces/acme/collaborations?kind=closed", 422},
			{"/api/v1/workspaces/acme/collaborations?cursor=%21", 400},
			{"/api/v1/workspaces/acme/collaborations/abc", 404},
			{"/api/v1/workspaces/acme/collaborations/999999", 404},
			{"/api/v1/workspaces/other/collaborations", 404},
		} {
			if status, b := f.call(t, access.Viewer, "GET", c.path, nil, "", nil); status != c.status {
				t.Errorf("%s: %d, want %d: %.300s", c.path, status, c.status, b)
			}
		}

		// Promotion links.
		if _, err := f.y.SyncOrders(ctx, f.conn); err != nil {
			t.Fatal(err)
		}
		if _, err := f.y.GeneratePromotionLinks(ctx, f.conn, 100); err != nil {
			t.Fatal(err)
		}
		var links struct {
			Items []struct {
				ProductID string `json:"product_id"`
				URL       string `json:"url"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if status, b := f.call(t, access.Viewer, "GET", "/api/v1/workspaces/acme/promotion-links?limit=2", nil, "", &links); status != 200 ||
			len(links.Items) != 2 || links.NextCursor == "" || !strings.HasPrefix(links.Items[0].URL, f.fake.URL+"/promotion/") {
			t.Fatalf("promotion links: %d %s", status, b)
		}
	})
}

// The API sends text and cards to a creator's TikTok Shop inbox; roles without outreach get
// 403, a creator without a TikTok user id 409, bad input 422, another workspace's creator 404;
// marketplace searches are queued for those who edit creators.
func TestMessagesAndSearchAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newCollabAPIFixture(t, s, 2)
		path := fmt.Sprintf("creators/%d/messages", f.ids[0])
		var sent struct {
			MessageID string `json:"message_id"`
			Body      string `json:"body"`
		}
		if status, b := f.post(t, access.Specialist, path, `{"kind":"text","text":"Hello!"}`, &sent); status != http.StatusCreated || sent.MessageID == "" || sent.Body != "Hello!" {
			t.Fatalf("text: %d %s", status, b)
		}
		product := f.fake.Products()[4].ID
		if status, b := f.post(t, access.Manager, path, fmt.Sprintf(`{"kind":"free_sample_card","product_id":%q}`, product), &sent); status != http.StatusCreated {
			t.Fatalf("card: %d %s", status, b)
		}
		msgs := f.fake.Messages()
		if len(msgs) != 2 || msgs[0].Type != "TEXT" || msgs[1].Type != "FREE_SAMPLE_CARD" || !strings.Contains(msgs[1].Content, product) {
			t.Fatalf("the platform got %+v", msgs)
		}
		for _, role := range []access.Role{access.Finance, access.Viewer} {
			if status, _ := f.post(t, role, path, `{"kind":"text","text":"hi"}`, nil); status != http.StatusForbidden {
				t.Errorf("%s sends a message: %d, want 403", role, status)
			}
		}
		for _, bad := range []struct{ body, want string }{
			{`{"kind":"text"}`, "body.text"},
			{`{"kind":"pigeon","text":"x"}`, "body.kind"},
			{`{"kind":"product_card","product_id":"abc"}`, "body.product"},
			{`{"kind":"text","text":"x","connection_id":424242}`, "connection"},
		} {
			if status, got := f.post(t, access.Specialist, path, bad.body, nil); status != http.StatusUnprocessableEntity || !strings.Contains(got, bad.want) {
				t.Errorf("%s: %d, want 422 naming %q: %.400s", bad.body, status, bad.want, got)
			}
		}
		noID := storetest.Creators(t, s, f.acme.ID, "no_id_yet")
		if status, got := f.post(t, access.Specialist, fmt.Sprintf("creators/%d/messages", noID[0]), `{"kind":"text","text":"hi"}`, nil); status != http.StatusConflict ||
			!strings.Contains(got, "no TikTok user id yet") {
			t.Errorf("creator without a user id: %d %s", status, got)
		}
		other, err := s.WorkspaceBySlug(ctx, "other")
		if err != nil {
			t.Fatal(err)
		}
		theirs := storetest.Creators(t, s, other.ID, "theirs")
		if status, _ := f.post(t, access.Owner, fmt.Sprintf("creators/%d/messages", theirs[0]), `{"kind":"text","text":"hi"}`, nil); status != http.StatusNotFound {
			t.Errorf("another workspace's creator: %d, want 404", status)
		}
		if len(f.fake.Messages()) != 2 {
			t.Errorf("refused messages reached the platform")
		}

		// Marketplace search.
		if status, _ := f.post(t, access.Viewer, "creator-searches", `{"keyword":"creator"}`, nil); status != http.StatusForbidden {
			t.Errorf("viewer searches: %d, want 403", status)
		}
		if status, got := f.post(t, access.Specialist, "creator-searches", `{"limit":5000}`, nil); status != http.StatusUnprocessableEntity {
			t.Errorf("limit 5000: %d %s", status, got)
		}
		if status, got := f.post(t, access.Specialist, "creator-searches", `{"min_followers":500,"max_followers":10}`, nil); status != http.StatusUnprocessableEntity || !strings.Contains(got, "not a range") {
			t.Errorf("bad range: %d %s", status, got)
		}
		var job struct {
			JobID  int64  `json:"job_id"`
			Status string `json:"status"`
		}
		if status, got := f.post(t, access.Specialist, "creator-searches", `{"keyword":"creator_07","limit":20}`, &job); status != http.StatusAccepted || job.JobID == 0 || job.Status != "queued" {
			t.Fatalf("search: %d %s", status, got)
		}
		j, err := s.Job(ctx, f.acme.ID, job.JobID)
		if err != nil || j.Kind != platformsync.KindCreators {
			t.Fatalf("queued job: %+v %v", j, err)
		}
	})
}

// collaborationFixture stores an open collaboration of conn, as a sync would, and returns its
// id (the {collaboration} of the API walk).
func collaborationFixture(t *testing.T, s *store.Store, conn *store.Connection) string {
	t.Helper()
	ctx := context.Background()
	if _, err := s.SyncCollaborations(ctx, store.CLIActor, conn, []store.Collaboration{{PlatformID: "7300000000000000777", Kind: store.CollaborationOpen,
		Status: "ACTIVE", CommissionBP: 1500, Products: []store.CollaborationProduct{{ProductID: "1729000000000158380", CommissionBP: 1500}}}}); err != nil {
		t.Fatal(err)
	}
	cs, _, err := s.Collaborations(ctx, conn.WorkspaceID, store.CollaborationFilter{Query: "7300000000000000777"})
	if err != nil || len(cs) != 1 {
		t.Fatalf("the collaboration fixture: %v %v", cs, err)
	}
	return fmt.Sprint(cs[0].ID)
}
