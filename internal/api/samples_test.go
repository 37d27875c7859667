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

// approvedSample stores a sample application of conn's workspace already approved, and
// returns its id: reviewing it again is a no-op that needs no platform (the API walk).
func approvedSample(t *testing.T, s *store.Store, conn *store.Connection) string {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	if err := s.StartSyncRun(ctx, conn.ID, store.SampleSyncResource, false, time.Time{}, now, 0, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreSamplePage(ctx, store.CLIActor, conn, store.SamplePage{At: now, Apps: []store.SampleSync{{
		PlatformID: "7400000000000000777", Status: "APPROVED", CreatorUsername: "walk_creator", ProductID: "1729000000000158380",
		CommissionRateBP: 1500, RequestedAt: now}}}); err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.SampleApplications(ctx, conn.WorkspaceID, store.SampleQuery{})
	if err != nil || len(rows) == 0 {
		t.Fatalf("the approved sample: %v", err)
	}
	return fmt.Sprint(rows[0].ID)
}

// samplesAPIFixture is acme (tokens per role) with the fake TikTok Shop connected and its
// sample applications synced, served with the connect service, and workspace other with an
// application of its own.
type samplesAPIFixture struct {
	*importsFixture
	fake    *tiktokshoptest.Server
	otherID string
}

func newSamplesAPIFixture(t *testing.T, s *store.Store) *samplesAPIFixture {
	t.Helper()
	ctx := context.Background()
	fake := tiktokshoptest.New(t, tiktokshoptest.Options{Seed: 91, Orders: 5, Samples: 30})
	key := make([]byte, secrets.KeySize)
	rand.Read(key)
	keys, err := secrets.New(key)
	if err != nil {
		t.Fatal(err)
	}
	svc := &connect.Service{Store: s, Keys: keys, ServiceID: fake.ServiceID, Now: fake.Now,
		TikTok: tiktokshop.Config{AppKey: fake.AppKey, AppSecret: fake.AppSecret, APIBaseURL: fake.URL, AuthBaseURL: fake.URL, Now: fake.Now, MaxAttempts: 1}}
	f := &samplesAPIFixture{importsFixture: newImportsFixture(t, s, web.Options{Connect: svc}), fake: fake}
	shops, err := s.ShopSummaries(ctx, f.acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	g := fake.Grant()
	conn, err := svc.Save(ctx, store.CLIActor, f.acme.ID, &shops[0].ID,
		tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
		tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt,
			RefreshExpiresAt: g.RefreshExpiresAt, OpenID: "open_api"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&platformsync.Syncer{Store: s, Clients: svc, Now: fake.Now}).SyncSamples(ctx, conn); err != nil {
		t.Fatal(err)
	}
	other, err := s.WorkspaceBySlug(ctx, "other")
	if err != nil {
		t.Fatal(err)
	}
	oc := &store.Connection{WorkspaceID: other.ID, Platform: "tiktok_shop", ExternalShopID: "7494000000000000555", ShopName: "Other US"}
	if err := s.SaveConnection(ctx, store.CLIActor, oc); err != nil {
		t.Fatal(err)
	}
	f.otherID = approvedSample(t, s, oc)
	return f
}

type apiSample struct {
	ID             int64  `json:"id"`
	PlatformID     string `json:"platform_id"`
	Status         string `json:"status"`
	PlatformStatus string `json:"platform_status"`
	CreatorHandle  string `json:"creator_handle"`
	ReviewedBy     string `json:"reviewed_by"`
	RejectReason   string `json:"reject_reason"`
}

// The API lists (with filters and a cursor) and reviews sample applications: one at a time
// or in a batch with a refusal reported per item; roles, bad input and other workspaces'
// applications are refused before anything is sent.
func TestSamplesAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newSamplesAPIFixture(t, s)
		const base = "/api/v1/workspaces/acme/samples"
		var page struct {
			Items      []apiSample `json:"items"`
			NextCursor string      `json:"next_cursor"`
		}
		// Every application once, through the cursor, as a viewer.
		seen := map[int64]bool{}
		cursor := ""
		for range 10 {
			page.Items, page.NextCursor = nil, ""
			if status, body := f.call(t, access.Viewer, "GET", base+"?limit=7&cursor="+cursor, nil, "", &page); status != 200 {
				t.Fatalf("list: %d %s", status, body)
			}
			for _, it := range page.Items {
				if seen[it.ID] {
					t.Errorf("application %d listed twice", it.ID)
				}
				seen[it.ID] = true
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != 30 {
			t.Errorf("%d applications listed, want 30", len(seen))
		}
		var pending []apiSample
		if status, body := f.call(t, access.Viewer, "GET", base+"?status=pending&limit=100", nil, "", &page); status != 200 {
			t.Fatalf("pending: %d %s", status, body)
		}
		pending = page.Items
		if len(pending) < 4 {
			t.Fatalf("%d pending applications: the seed does not suit the test", len(pending))
		}
		for _, c := range []struct{ query, want string }{
			{"?status=maybe", "status"}, {"?from=2026-02-30", "from"}, {"?from=2026-03-02&to=2026-03-01", "is after to"},
			{"?cursor=bm9wZQ", "is not a cursor of this list"}, {"?cursor=%25%25", "is not a cursor this API made"}, {"?colour=red", "colour"},
		} {
			if status, body := f.call(t, access.Viewer, "GET", base+c.query, nil, "", nil); status/100 != 4 || !strings.Contains(body, c.want) {
				t.Errorf("list %s: %d %s, want a 4xx naming %s", c.query, status, body, c.want)
			}
		}

		post := func(role access.Role, path, body string, out any) (int, string) {
			t.Helper()
			return f.call(t, role, "POST", path, strings.NewReader(body), "application/json", out)
		}
		one := fmt.Sprintf("%s/%d/review", base, pending[0].ID)
		for _, role := range []access.Role{access.Specialist, access.Finance, access.Viewer} {
			if status, _ := post(role, one, `{"decision":"approve"}`, nil); status != http.StatusForbidden {
				t.Errorf("%s reviewing: %d, want 403", role, status)
			}
		}
		var res struct {
			Result  string    `json:"result"`
			Message string    `json:"message"`
			Sample  apiSample `json:"sample"`
		}
		if status, body := post(access.Manager, one, `{"decision":"approve"}`, &res); status != 200 || res.Result != "reviewed" || res.Sample.Status != "approved" {
			t.Fatalf("approve: %d %s", status, body)
		}
		if status, body := post(access.Owner, one, `{"decision":"approve"}`, &res); status != 200 || res.Result != "unchanged" || !strings.Contains(res.Message, "already approved") {
			t.Errorf("approve again: %d %s", status, body)
		}
		two := fmt.Sprintf("%s/%d/review", base, pending[1].ID)
		for _, c := range []struct{ body, want string }{
			{`{"decision":"reject"}`, "body.reason"}, {`{"decision":"reject","reason":"   "}`, "body.reason"},
			{`{"decision":"later"}`, "body.decision"}, {`{}`, "body.decision"}, {`{"decision":"approve","extra":1}`, "extra"},
			{`{"decision":"reject","reason":"` + strings.Repeat("x", 501) + `"}`, "body.reason"},
		} {
			if status, body := post(access.Manager, two, c.body, nil); status != 422 && status != 400 || !strings.Contains(body, c.want) {
				t.Errorf("review %s: %d %s, want 4xx naming %s", c.body, status, body, c.want)
			}
		}
		if status, body := post(access.Manager, two, `{"decision":"reject","reason":"Not a fit for this product"}`, &res); status != 200 ||
			res.Sample.RejectReason != "Not a fit for this product" || res.Sample.Status != "rejected" {
			t.Errorf("reject: %d %s", status, body)
		}
		// Another workspace's application: 404, whatever the body.
		if status, _ := post(access.Owner, base+"/"+f.otherID+"/review", `{"decision":"approve"}`, nil); status != 404 {
			t.Errorf("another workspace's application: %d, want 404", status)
		}
		if status, _ := post(access.Owner, base+"/"+f.otherID+"/review", `{"decision":"nonsense"}`, nil); status != 404 {
			t.Errorf("another workspace's application with a bad body: %d, want 404", status)
		}
		if status, _ := f.call(t, access.Viewer, "GET", base+"/"+f.otherID, nil, "", nil); status != 404 {
			t.Errorf("getting another workspace's application: %d, want 404", status)
		}
		// The platform refuses one: approved in Seller Center meanwhile.
		f.fake.SetSampleStatus(pending[2].PlatformID, "APPROVED")
		three := fmt.Sprintf("%s/%d/review", base, pending[2].ID)
		if status, body := post(access.Manager, three, `{"decision":"approve"}`, nil); status != http.StatusConflict || !strings.Contains(body, "TikTok Shop refused the review") {
			t.Errorf("a refused review: %d %s, want 409 with the platform's message", status, body)
		}

		// A batch: reviewed, refused, unchanged, each reported.
		var batch struct {
			Reviewed, Unchanged, Failed int
			Items                       []struct {
				ID      int64  `json:"id"`
				Result  string `json:"result"`
				Message string `json:"message"`
			} `json:"items"`
		}
		body := fmt.Sprintf(`{"ids":[%d,%d,%d,%d],"decision":"approve"}`, pending[3].ID, pending[2].ID, pending[0].ID, pending[3].ID)
		if status, b := post(access.Owner, base+"/review", body, &batch); status != 200 || batch.Reviewed != 1 || batch.Failed != 1 || batch.Unchanged != 1 ||
			len(batch.Items) != 3 || batch.Items[1].Result != "failed" || !strings.Contains(batch.Items[1].Message, "not PENDING") {
			t.Errorf("batch: %d %s", status, b)
		}
		for _, c := range []struct {
			body   string
			status int
		}{
			{`{"ids":[],"decision":"approve"}`, 422},
			{`{"decision":"approve"}`, 422},
			{fmt.Sprintf(`{"ids":[%d],"decision":"reject"}`, pending[0].ID), 422},
			{`{"ids":[` + f.otherID + `],"decision":"approve"}`, 404},
			{`{"ids":[999999],"decision":"approve"}`, 404},
		} {
			if status, b := post(access.Manager, base+"/review", c.body, nil); status != c.status {
				t.Errorf("batch %s: %d %s, want %d", c.body, status, b, c.status)
			}
		}
		var many []string
		for i := range 101 {
			many = append(many, fmt.Sprint(pending[i%len(pending)].ID+int64(1000*i)))
		}
		if status, b := post(access.Manager, base+"/review", `{"ids":[`+strings.Join(many, ",")+`],"decision":"approve"}`, nil); status != 422 || !strings.Contains(b, "at most 100") {
			t.Errorf("101 ids: %d %s, want 422", status, b)
		}
		if n := len(f.fake.Reviews()); n != 3 {
			t.Errorf("the platform received %d reviews, want 3", n)
		}
		var got apiSample
		if status, b := f.call(t, access.Viewer, "GET", fmt.Sprintf("%s/%d", base, pending[1].ID), nil, "", &got); status != 200 || got.ReviewedBy == "" {
			t.Errorf("get: %d %s", status, b)
		}
	})
}
