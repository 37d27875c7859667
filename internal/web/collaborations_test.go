package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// affiliateFixture is a web server whose workspace acme has its USD shop connected to the
// fake TikTok Shop, the fake's first creators in the CRM as prospects (with their TikTok user
// ids), and a member of every role.
type affiliateFixture struct {
	*connectFixture
	conn    *store.Connection
	y       *platformsync.Syncer
	ids     []int64 // CRM ids of the fake's first creators
	clients map[string]*http.Client
}

func newAffiliateFixture(t *testing.T, s *store.Store, prospects int) *affiliateFixture {
	t.Helper()
	ctx := context.Background()
	f := &affiliateFixture{connectFixture: newConnectFixture(t, s), clients: map[string]*http.Client{}}
	shop, err := s.ShopBySlug(ctx, f.ws.ID, "us")
	if err != nil {
		t.Fatal(err)
	}
	g := f.fake.Grant()
	f.conn, err = f.svc.Save(ctx, store.CLIActor, f.ws.ID, &shop.ID, tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
		tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt, RefreshExpiresAt: g.RefreshExpiresAt})
	if err != nil {
		t.Fatal(err)
	}
	f.y = &platformsync.Syncer{Store: s, Clients: f.svc, Now: f.fake.Now, Logger: testLogger(t), Backfill: 5 * 365 * 24 * time.Hour}
	if prospects > 0 {
		if _, err := f.y.ImportMarketplaceCreators(ctx, f.conn, platformsync.CreatorSearch{ConnectionID: f.conn.ID, Limit: prospects}); err != nil {
			t.Fatal(err)
		}
		for _, c := range f.fake.Creators()[:prospects] {
			cr, err := s.CreatorByHandle(ctx, f.ws.ID, "tiktok", c.Username)
			if err != nil {
				t.Fatal(err)
			}
			f.ids = append(f.ids, cr.ID)
		}
	}
	for _, role := range []string{"owner", "manager", "specialist", "finance", "viewer"} {
		f.clients[role] = signIn(t, f.srv, addMember(t, s, role+"@acme.example", f.ws, role))
	}
	return f
}

// post sends a form as role and returns the status, Location and body.
func (f *affiliateFixture) post(t *testing.T, role, path string, form url.Values) (int, string, string) {
	t.Helper()
	return do(t, f.clients[role], "POST", f.srv.URL+path, form)
}

// runJobs runs the sync jobs on a runner until the test ends.
func (f *affiliateFixture) runJobs(t *testing.T) {
	t.Helper()
	r := &jobs.Runner{Store: f.s, Worker: "web-test", Concurrency: 2, Poll: 5 * time.Millisecond, Logger: testLogger(t)}
	f.y.Register(r)
	f.y.RegisterAffiliate(r)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner: %v", err)
		}
	})
}

// eventually polls cond until it holds, failing the test after two minutes (never a
// statement about speed).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func idValues(name string, ids []int64) url.Values {
	v := url.Values{}
	for _, id := range ids {
		v.Add(name, fmt.Sprint(id))
	}
	return v
}

// The collaborations list, its CSV and a collaboration's page show what the sync brought
// in; a manager invites creators to a target collaboration from the form (split in calls of
// 50, recorded at once, invitations on the creators' timelines); other roles cannot; bad
// input is a 400 naming the field, with nothing sent.
func TestCollaborationPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAffiliateFixture(t, s, 55)
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "empty list teaches", path: "/w/acme/collaborations", status: 200,
				want: []string{"No collaborations yet", "A manager or the owner creates target collaborations"}, lacks: []string{"New target collaboration</a>"}},
		})
		cl, token, err := f.svc.Client(ctx, f.conn)
		if err != nil {
			t.Fatal(err)
		}
		products := f.fake.Products()
		if _, err := cl.CreateOpenCollaboration(ctx, tiktokshop.ShopAuth{Cipher: f.conn.ShopCipher, AccessToken: token},
			tiktokshop.OpenCollaboration{ProductID: products[0].ID, CommissionRateBP: 1250}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.y.SyncCollaborations(ctx, f.conn); err != nil {
			t.Fatal(err)
		}
		open, _, err := s.Collaborations(ctx, f.ws.ID, store.CollaborationFilter{})
		if err != nil || len(open) != 1 {
			t.Fatalf("synced: %v %v", open, err)
		}
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "list", path: "/w/acme/collaborations", status: 200, want: []string{"Collaboration " + open[0].PlatformID, "12.5%", "Open", "by the sync"}},
			{name: "filtered out", path: "/w/acme/collaborations?kind=target", status: 200, want: []string{"No collaboration matches these filters"}},
			{name: "bad kind", path: "/w/acme/collaborations?kind=closed", status: 400, want: []string{"is not open or target"}},
			{name: "detail", path: "/w/acme/collaborations/" + fmtID(open[0].ID), status: 200, want: []string{products[0].ID, "12.5%", "Seller approves creators"}},
			{name: "unknown", path: "/w/acme/collaborations/999999", status: 404},
			{name: "viewer cannot open the form", path: "/w/acme/collaborations/new", status: 403},
			{name: "viewer cannot export", path: "/w/acme/collaborations.csv", status: 403},
		})
		run(t, f.srv, f.clients["finance"], []scenario{
			{name: "csv", path: "/w/acme/collaborations.csv?kind=open", status: 200,
				want:    []string{"Collaboration ID,Platform ID,Kind", open[0].PlatformID + ",open,"},
				headers: map[string]string{"Content-Disposition": "attachment", "Content-Type": "text/csv"}},
		})

		// The form, from a creator's page or the Directory's selection.
		noID := storetest.Creators(t, s, f.ws.ID, "no_user_id")
		all := append(append([]int64{}, f.ids...), noID...)
		q := idValues("creator", all).Encode()
		run(t, f.srv, f.clients["manager"], []scenario{
			{name: "form", path: "/w/acme/collaborations/new?" + q, status: 200,
				want: []string{"55 of 56 can be invited", "@no_user_id</a> <span class=\"badge skip\">no TikTok user id yet — skipped", "Invite 55 creator(s)"}},
			{name: "form with a bad id", path: "/w/acme/collaborations/new?creator=x", status: 400},
		})
		status, _, body := f.post(t, "manager", "/w/acme/collaborations/new", idValues("id", f.ids[:3]))
		if status != 200 || !strings.Contains(body, "3 of 3 can be invited") {
			t.Fatalf("form from the Directory: %d\n%s", status, body)
		}

		form := idValues("creator", all)
		form.Set("connection", fmtID(f.conn.ID))
		form.Set("name", "Summer drop")
		form.Set("message", "Come along")
		form.Set("end", time.Now().AddDate(0, 1, 0).Format("2006-01-02"))
		form.Set("commission", "15.5")
		form.Set("free_sample", "1")
		form.Add("product", products[1].ID)
		form.Set("product_ids", products[2].ID+"\n"+products[1].ID)
		for _, role := range []string{"specialist", "finance", "viewer"} {
			if status, _, _ := f.post(t, role, "/w/acme/collaborations", form); status != http.StatusForbidden {
				t.Errorf("%s creates a target collaboration: %d, want 403", role, status)
			}
		}
		for _, bad := range []struct{ field, value, want string }{
			{"name", "", "Name is empty"},
			{"commission", "ninety", "Commission “ninety” is not a percentage"},
			{"commission", "95", "is outside 1%–80%"},
			{"end", "2001-01-01", "is not in the future"},
			{"product_ids", "not-a-product", "is not a TikTok Shop product id"},
			{"creator", "12x", "is not a creator id"},
		} {
			bf := url.Values{}
			for k, v := range form {
				bf[k] = v
			}
			bf.Set(bad.field, bad.value)
			if status, _, body := f.post(t, "manager", "/w/acme/collaborations", bf); status != 400 || !strings.Contains(body, bad.want) {
				t.Errorf("%s=%q: %d, want 400 with %q\n%.2000s", bad.field, bad.value, status, bad.want, body)
			}
		}
		if n := len(f.fake.TargetCollaborations()); n != 0 {
			t.Fatalf("bad input reached the platform: %d calls", n)
		}

		status, _, body = f.post(t, "manager", "/w/acme/collaborations", form)
		if status != 200 || !strings.Contains(body, "2 of 2 call(s) created") || !strings.Contains(body, "@no_user_id") {
			t.Fatalf("create: %d\n%s", status, body)
		}
		calls := f.fake.TargetCollaborations()
		if len(calls) != 2 || len(calls[0].CreatorUserIDs) != 50 || len(calls[1].CreatorUserIDs) != 5 || len(calls[0].Products) != 2 ||
			calls[0].Products[0].CommissionRateBP != 1550 || !calls[0].FreeSample || calls[0].Message != "Come along" {
			t.Fatalf("the platform got %+v", calls)
		}
		form.Del("creator")
		for _, id := range f.ids[:4] {
			form.Add("creator", fmtID(id))
		}
		status, loc, _ := f.post(t, "manager", "/w/acme/collaborations", form)
		if status != http.StatusSeeOther || !strings.Contains(loc, "ok=created&calls=1&invited=4") {
			t.Fatalf("create for 4: %d → %q", status, loc)
		}
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "created ones listed", path: "/w/acme/collaborations?kind=target&" + loc[strings.Index(loc, "?")+1:], status: 200,
				want: []string{"Summer drop", "by manager@acme.example", "15.5%", "4 creator(s) invited"}},
			{name: "creator page links to messages", path: "/w/acme/creators/" + fmtID(f.ids[0]), status: 200, want: []string{"Message or invite on TikTok Shop"}},
			{name: "invite on the message page", path: "/w/acme/creators/" + fmtID(f.ids[0]) + "/message", status: 200, want: []string{"Invited to the target collaboration “Summer drop”"}},
		})
	})
}

// A specialist messages a creator from the creator's page: text and cards reach the fake and
// the timeline; a viewer or finance cannot; a creator without a TikTok user id gets the
// page's explanation; bad input is a 400 naming the field.
func TestCreatorMessagePage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAffiliateFixture(t, s, 2)
		path := "/w/acme/creators/" + fmtID(f.ids[0]) + "/message"
		products := f.fake.Products()
		run(t, f.srv, f.clients["specialist"], []scenario{
			{name: "form", path: path, status: 200, want: []string{"Message @creator_001 on TikTok Shop", "Free sample card", "Send on TikTok Shop"},
				lacks: []string{"Invite to a target collaboration"}},
		})
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "viewer sees no form", path: path, status: 200, want: []string{"Your role cannot send messages"}},
		})
		run(t, f.srv, f.clients["manager"], []scenario{
			{name: "manager may invite", path: path, status: 200, want: []string{"Invite to a target collaboration"}},
		})
		for _, m := range []struct {
			form     url.Values
			msgType  string
			timeline string
		}{
			{url.Values{"kind": {"text"}, "text": {"Hello from Acme!"}}, "TEXT", "Hello from Acme!"},
			{url.Values{"kind": {"product_card"}, "product": {products[1].ID}}, "PRODUCT_CARD", "Product card: " + products[1].ID},
			{url.Values{"kind": {"free_sample_card"}, "product": {products[2].ID}}, "FREE_SAMPLE_CARD", "Free sample card: " + products[2].ID},
		} {
			status, loc, body := f.post(t, "specialist", path, m.form)
			if status != http.StatusSeeOther || loc != path+"?ok=sent" {
				t.Fatalf("%s: %d → %q\n%s", m.msgType, status, loc, body)
			}
			msgs := f.fake.Messages()
			if last := msgs[len(msgs)-1]; last.Type != m.msgType || last.CreatorUserID != f.fake.Creators()[0].UserID {
				t.Errorf("%s: the platform got %+v", m.msgType, last)
			}
			run(t, f.srv, f.clients["specialist"], []scenario{{name: m.msgType + " listed", path: path + "?ok=sent", status: 200,
				want: []string{"Message sent on TikTok Shop", m.timeline, "specialist@acme.example"}}})
		}
		for _, role := range []string{"finance", "viewer"} {
			if status, _, _ := f.post(t, role, path, url.Values{"kind": {"text"}, "text": {"hi"}}); status != http.StatusForbidden {
				t.Errorf("%s sends a message: %d, want 403", role, status)
			}
		}
		n := len(f.fake.Messages())
		for _, bad := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"kind": {"text"}, "text": {"  "}}, "Text is empty"},
			{url.Values{"kind": {"telegram"}}, "Kind “telegram” is not"},
			{url.Values{"kind": {"product_card"}, "product": {"abc"}}, "Product “abc” is not a TikTok Shop product id"},
			{url.Values{"kind": {"target_collaboration_card"}, "collaboration": {"12"}}, "is not a target collaboration of Fake Brand US"},
			{url.Values{"kind": {"text"}, "text": {"hi"}, "connection": {"x"}}, "is not one of the workspace"},
		} {
			if status, _, body := f.post(t, "manager", path, bad.form); status != 400 || !strings.Contains(body, bad.want) {
				t.Errorf("%v: %d, want 400 with %q\n%.1500s", bad.form, status, bad.want, body)
			}
		}
		noID := storetest.Creators(t, s, f.ws.ID, "mystery_creator")
		noPath := "/w/acme/creators/" + fmtID(noID[0]) + "/message"
		run(t, f.srv, f.clients["specialist"], []scenario{
			{name: "no user id", path: noPath, status: 200, want: []string{"This creator has no TikTok user id yet."}, lacks: []string{"Send on TikTok Shop"}},
			{name: "unknown creator", path: "/w/acme/creators/999999/message", status: 404},
		})
		if status, _, body := f.post(t, "specialist", noPath, url.Values{"kind": {"text"}, "text": {"hi"}}); status != http.StatusConflict ||
			!strings.Contains(body, "This creator has no TikTok user id yet") {
			t.Errorf("message to a creator without a user id: %d\n%.1500s", status, body)
		}
		if got := len(f.fake.Messages()); got != n {
			t.Errorf("refused messages reached the platform: %d", got-n)
		}
	})
}

// The marketplace search form queues a job; once it ran, the creators it found are prospects
// and the page shows it done. Viewers follow searches but cannot start one; bad input is a
// 400 and queues nothing.
func TestProspectsSearchPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAffiliateFixture(t, s, 0)
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "viewer", path: "/w/acme/prospects/search", status: 200, want: []string{"Owners, managers and specialists run searches", "No search yet."}},
		})
		if status, _, _ := f.post(t, "viewer", "/w/acme/prospects/search", url.Values{"keyword": {"creator"}}); status != http.StatusForbidden {
			t.Errorf("viewer starts a search: %d, want 403", status)
		}
		for _, bad := range []struct {
			form url.Values
			want string
		}{
			{url.Values{"limit": {"5000"}}, "is more than 1000 creators at once"},
			{url.Values{"min_followers": {"lots"}}, "Minimum followers “lots” is not a whole number"},
			{url.Values{"min_followers": {"5000"}, "max_followers": {"10"}}, "is not a range"},
		} {
			if status, _, body := f.post(t, "specialist", "/w/acme/prospects/search", bad.form); status != 400 || !strings.Contains(body, bad.want) {
				t.Errorf("%v: %d, want 400 with %q\n%.1500s", bad.form, status, bad.want, body)
			}
		}
		if js, _ := s.Jobs(ctx, store.JobFilter{WorkspaceID: f.ws.ID, Kind: platformsync.KindCreators}); len(js) != 0 {
			t.Fatalf("bad searches queued %d jobs", len(js))
		}
		status, loc, body := f.post(t, "specialist", "/w/acme/prospects/search", url.Values{"keyword": {"creator_01"}, "limit": {"30"}})
		if status != http.StatusSeeOther || loc != "/w/acme/prospects/search?ok=queued" {
			t.Fatalf("search: %d → %q\n%s", status, loc, body)
		}
		run(t, f.srv, f.clients["specialist"], []scenario{
			{name: "queued", path: loc, status: 200, want: []string{"Search queued", "“creator_01”, up to 30", "queued"}},
		})
		f.runJobs(t)
		eventually(t, "the search to run", func() bool {
			js, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: f.ws.ID, Kind: platformsync.KindCreators})
			return err == nil && len(js) == 1 && js[0].Status == store.JobDone
		})
		want := 0
		for _, c := range f.fake.Creators() {
			if strings.Contains(c.Username, "creator_01") {
				want++
				if _, err := s.CreatorByHandle(ctx, f.ws.ID, "tiktok", c.Username); err != nil {
					t.Errorf("@%s is not a prospect: %v", c.Username, err)
				}
			}
		}
		if want == 0 {
			t.Fatal("the fake has no creator matching the search")
		}
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "done", path: "/w/acme/prospects/search", status: 200, want: []string{"conn-status ok\">done"}},
		})
	})
}

// "Generate missing" queues the promotion links of the shop's products; the list and its CSV
// show them; only who manages the affiliate program can press it.
func TestPromotionLinksPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAffiliateFixture(t, s, 0)
		if _, err := f.y.SyncOrders(ctx, f.conn); err != nil {
			t.Fatal(err)
		}
		run(t, f.srv, f.clients["manager"], []scenario{
			{name: "empty", path: "/w/acme/promotion-links", status: 200, want: []string{"No promotion links yet", "Generate missing"}},
			{name: "bad offset", path: "/w/acme/promotion-links?offset=-3", status: 400},
		})
		for _, role := range []string{"specialist", "finance", "viewer"} {
			if status, _, _ := f.post(t, role, "/w/acme/promotion-links/generate", url.Values{}); status != http.StatusForbidden {
				t.Errorf("%s generates links: %d, want 403", role, status)
			}
		}
		status, loc, _ := f.post(t, "manager", "/w/acme/promotion-links/generate", url.Values{})
		if status != http.StatusSeeOther || loc != "/w/acme/promotion-links?ok=generate" {
			t.Fatalf("generate: %d → %q", status, loc)
		}
		f.runJobs(t)
		eventually(t, "the links", func() bool {
			due, err := s.DuePromotionLinks(ctx, f.conn, time.Now(), 10)
			return err == nil && len(due) == 0
		})
		p := f.fake.Products()[0]
		run(t, f.srv, f.clients["viewer"], []scenario{
			{name: "list", path: "/w/acme/promotion-links?q=" + url.QueryEscape(p.Name), status: 200, want: []string{f.fake.URL + "/promotion/" + p.ID, "Fake Brand US"}},
		})
		run(t, f.srv, f.clients["finance"], []scenario{
			{name: "csv", path: "/w/acme/promotion-links.csv", status: 200, want: []string{"Product ID,Product,Promotion link", p.ID + "," + p.Name + "," + f.fake.URL + "/promotion/" + p.ID}},
		})
	})
}

// A workspace without a connection is told how to get one, and its actions say so.
func TestAffiliatePagesWithoutConnection(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newConnectFixture(t, s)
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		ids := storetest.Creators(t, s, f.ws.ID, "lonely")
		run(t, f.srv, owner, []scenario{
			{name: "collaborations", path: "/w/acme/collaborations", status: 200, want: []string{"connect a shop"}, lacks: []string{"New target collaboration</a>"}},
			{name: "links", path: "/w/acme/promotion-links", status: 200, want: []string{"connect a shop"}},
			{name: "search", path: "/w/acme/prospects/search", status: 200, want: []string{"No TikTok Shop connected."}},
			{name: "message", path: "/w/acme/creators/" + fmtID(ids[0]) + "/message", status: 200, want: []string{"No TikTok Shop connected"},
				lacks: []string{"Invite to a target collaboration"}}, // it would only lead to "connect a shop" again
			{name: "form", path: "/w/acme/collaborations/new?creator=" + fmtID(ids[0]), status: 200, want: []string{"No TikTok Shop connected."}},
			{name: "sync", method: "POST", path: "/w/acme/collaborations/sync", status: 409, want: []string{"no active TikTok Shop connection"}},
		})
		if status, _, body := do(t, owner, "POST", f.srv.URL+"/w/acme/prospects/search", url.Values{"keyword": {"x"}}); status != 400 || !strings.Contains(body, "no active TikTok Shop connection") {
			t.Errorf("search without a connection: %d\n%.1000s", status, body)
		}
	})
}

// collaborationFixture stores an open collaboration of conn, as a sync would, and returns its
// id (the {collaboration} of the isolation tests).
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
	return fmtID(cs[0].ID)
}
