package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// sampleFixture stores one pending sample application of conn's workspace, by creator handle
// on product, and returns its id: the isolation tests' {sample}.
func sampleFixture(t *testing.T, s *store.Store, conn *store.Connection, handle, product string) string {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	if err := s.StartSyncRun(ctx, conn.ID, store.SampleSyncResource, false, time.Time{}, now, 0, now); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreSamplePage(ctx, store.CLIActor, conn, store.SamplePage{At: now, Apps: []store.SampleSync{{
		PlatformID: "7400000000000000999", Status: "PENDING", CreatorUsername: handle, ProductID: product, RequestedAt: now}}}); err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.SampleApplications(ctx, conn.WorkspaceID, store.SampleQuery{})
	if err != nil || len(rows) == 0 {
		t.Fatalf("the sample fixture: %v", err)
	}
	return fmt.Sprint(rows[0].ID)
}

// samplesFixture is connectFixture with the fake's shop connected to acme's shop "us".
type samplesFixture struct {
	*connectFixture
	conn *store.Connection
}

// newSamplesFixture is the fixture before the shop is connected; its fake holds the default
// 30 sample applications.
func newSamplesFixture(t *testing.T, s *store.Store) *samplesFixture {
	t.Helper()
	return &samplesFixture{connectFixture: newConnectFixture(t, s)}
}

// connect connects the fake's shop as the OAuth pick step does.
func (f *samplesFixture) connect(t *testing.T) {
	t.Helper()
	shops, err := f.s.ShopSummaries(context.Background(), f.ws.ID)
	if err != nil || len(shops) == 0 {
		t.Fatalf("shops: %v", err)
	}
	g := f.fake.Grant()
	f.conn, err = f.svc.Save(context.Background(), store.CLIActor, f.ws.ID, &shops[0].ID,
		tiktokshop.Shop{ID: "7494000000000000001", Name: "Fake Brand US", Region: "US", Cipher: g.ShopCipher},
		tiktokshop.Token{AccessToken: g.AccessToken, RefreshToken: g.RefreshToken, AccessExpiresAt: g.AccessExpiresAt,
			RefreshExpiresAt: g.RefreshExpiresAt, OpenID: "open_samples"})
	if err != nil {
		t.Fatal(err)
	}
}

func (f *samplesFixture) sync(t *testing.T) {
	t.Helper()
	y := &platformsync.Syncer{Store: f.s, Clients: f.svc, Now: f.fake.Now, PageSize: 10}
	if _, err := y.SyncSamples(context.Background(), f.conn); err != nil {
		t.Fatal(err)
	}
}

func (f *samplesFixture) rows(t *testing.T, q store.SampleQuery) []store.SampleRow {
	t.Helper()
	q.Limit = 500
	rows, _, err := f.s.SampleApplications(context.Background(), f.ws.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The samples page teaches what to do before a shop is connected and before the first sync;
// "Sync now" queues the sync; the list filters, pages, exports, and shows review buttons to
// those who may review.
func TestSamplesPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newSamplesFixture(t, s)
		owner := signIn(t, f.srv, addMember(t, s, "owner@acme.example", f.ws, "owner"))
		manager := signIn(t, f.srv, addMember(t, s, "manager@acme.example", f.ws, "manager"))
		specialist := signIn(t, f.srv, addMember(t, s, "specialist@acme.example", f.ws, "specialist"))
		viewer := signIn(t, f.srv, addMember(t, s, "viewer@acme.example", f.ws, "viewer"))
		run(t, f.srv, owner, []scenario{
			{name: "no shop yet", path: "/w/acme/samples", status: 200,
				want:  []string{"No sample applications yet.", "Connect a TikTok Shop and the applications appear here every 15 minutes", `href="/w/acme/connections"`},
				lacks: []string{"Sync now"}},
			{name: "sync now without a shop", method: "POST", path: "/w/acme/samples/sync", status: http.StatusConflict,
				want: []string{"No TikTok Shop is connected"}},
		})
		f.connect(t)
		run(t, f.srv, owner, []scenario{
			{name: "connected, not synced", path: "/w/acme/samples", status: 200,
				want: []string{"Your TikTok Shop is connected", "Sync now", "Not synced yet"}},
			{name: "sync now", method: "POST", path: "/w/acme/samples/sync", status: 200,
				want: []string{"Sync asked for: applications new on TikTok Shop show here within a minute or two."}},
		})
		if status, loc, _ := do(t, owner, "POST", f.srv.URL+"/w/acme/samples/sync", url.Values{}); status != http.StatusSeeOther || loc != "/w/acme/samples?done=sync" {
			t.Errorf("sync now: %d → %q, want 303 to the list", status, loc)
		}
		run(t, f.srv, specialist, []scenario{
			{name: "specialist sees no sync button", path: "/w/acme/samples", status: 200, lacks: []string{"Sync now"}},
			{name: "specialist may not sync", method: "POST", path: "/w/acme/samples/sync", status: http.StatusForbidden},
		})
		jobs, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: f.ws.ID, Kind: platformsync.KindSamples, Status: store.JobQueued, Limit: 5})
		if err != nil || len(jobs) != 1 {
			t.Fatalf("sync now queued %d samples jobs (%v), want 1", len(jobs), err)
		}

		f.sync(t)
		all := f.rows(t, store.SampleQuery{})
		pending := f.rows(t, store.SampleQuery{Status: store.SamplePending})
		if len(all) != 30 || len(pending) == 0 || len(pending) == len(all) {
			t.Fatalf("%d applications, %d pending: the seed does not suit the test", len(all), len(pending))
		}
		first := all[0]
		run(t, f.srv, viewer, []scenario{
			{name: "viewer lists", path: "/w/acme/samples", status: 200,
				want:  []string{"@" + first.CreatorHandle, "Product " + first.ProductID, "All <span class=\"count\">30</span>", "Synced"},
				lacks: []string{`value="approve"`, "Export CSV", "Sync now"}},
			{name: "viewer may not export", path: "/w/acme/samples.csv", status: http.StatusForbidden},
			{name: "viewer may not review", method: "POST", path: fmt.Sprintf("/w/acme/samples/%d/review", first.ID), status: http.StatusForbidden},
			{name: "pending filter", path: "/w/acme/samples?status=pending", status: 200,
				want: []string{"pending <span class=\"count\">" + strconv.Itoa(len(pending)) + "</span>"}, lacks: []string{"st-rejected"}},
			{name: "creator filter", path: "/w/acme/samples?creator=" + url.QueryEscape("@"+first.CreatorHandle), status: 200, want: []string{"@" + first.CreatorHandle}},
			{name: "nothing matches", path: "/w/acme/samples?creator=nobody_at_all", status: 200, want: []string{"No applications match."}},
			{name: "bad status", path: "/w/acme/samples?status=maybe", status: 400, want: []string{"status &#34;maybe&#34; is not one of"}},
			{name: "bad date", path: "/w/acme/samples?from=2026-13-01", status: 400, want: []string{"from &#34;2026-13-01&#34; is not a date"}},
			{name: "dates the wrong way", path: "/w/acme/samples?from=2026-02-01&to=2026-01-01", status: 400, want: []string{"is after to"}},
			{name: "bad cursor", path: "/w/acme/samples?after=zzz", status: 400, want: []string{"after zzz is not a page of this list"}},
			{name: "second page", path: "/w/acme/samples?after=" + encodeSampleKey(all[49%len(all)].Key()), status: 200, want: []string{"« Newest"}},
		})
		specialistView := []scenario{{name: "specialist sees no review buttons", path: "/w/acme/samples", status: 200, lacks: []string{`value="approve"`}}}
		run(t, f.srv, specialist, specialistView)
		run(t, f.srv, manager, []scenario{
			{name: "manager sees review buttons", path: "/w/acme/samples?status=pending", status: 200,
				want: []string{`value="approve"`, "Reject selected", "Sample out of stock", `form="samples-bulk"`, "Export CSV"}},
		})

		// The export: every application matching the filters, one row each.
		resp, err := manager.Get(f.srv.URL + "/w/acme/samples.csv?status=pending")
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(resp.Body).ReadAll()
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || len(recs) != len(pending)+1 || strings.TrimPrefix(recs[0][0], "\ufeff") != "requested_at" ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("export: %d, %d records (want %d), %v", resp.StatusCode, len(recs), len(pending)+1, err)
		}
		for _, rec := range recs[1:] {
			if rec[8] != store.SamplePending {
				t.Errorf("export row with status %q under the pending filter", rec[8])
			}
		}

		// The creator page lists the creator's applications.
		run(t, f.srv, viewer, []scenario{
			{name: "creator page", path: fmt.Sprintf("/w/acme/creators/%d", *first.CreatorID), status: 200,
				want: []string{"Sample applications", "Product " + first.ProductID, "/w/acme/samples?creator=" + first.CreatorHandle}},
		})
	})
}

// Approve and reject from the page: one, then a batch in which the platform refuses one;
// a second approval sends nothing; bad forms are 400 and change nothing.
func TestSamplesReviewFromThePage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newSamplesFixture(t, s)
		manager := signIn(t, f.srv, addMember(t, s, "manager@acme.example", f.ws, "manager"))
		specialist := signIn(t, f.srv, addMember(t, s, "specialist@acme.example", f.ws, "specialist"))
		f.connect(t)
		f.sync(t)
		pending := f.rows(t, store.SampleQuery{Status: store.SamplePending})
		if len(pending) < 5 {
			t.Fatalf("%d pending applications: the seed does not suit the test", len(pending))
		}
		review := func(c *http.Client, id int64, form url.Values) (int, string, string) {
			t.Helper()
			return do(t, c, "POST", fmt.Sprintf("%s/w/acme/samples/%d/review", f.srv.URL, id), form)
		}
		if status, _, _ := review(specialist, pending[0].ID, url.Values{"decision": {"approve"}}); status != http.StatusForbidden {
			t.Errorf("specialist approving: %d, want 403", status)
		}
		status, loc, body := review(manager, pending[0].ID, url.Values{"decision": {"approve"}, "back": {"status=pending"}})
		if status != http.StatusSeeOther || loc != "/w/acme/samples?done=approve%3A1%3A0&status=pending" {
			t.Fatalf("approve: %d → %q\n%.500s", status, loc, body)
		}
		run(t, f.srv, manager, []scenario{{name: "approved notice", path: loc, status: 200, want: []string{"1 application(s) approved on TikTok Shop."}}})
		status, loc, _ = review(manager, pending[0].ID, url.Values{"decision": {"approve"}})
		if status != http.StatusSeeOther || !strings.Contains(loc, "done=approve%3A0%3A1") {
			t.Errorf("second approval: %d → %q", status, loc)
		}
		run(t, f.srv, manager, []scenario{{name: "nothing sent notice", path: loc, status: 200,
			want: []string{"Nothing was sent: 1 application(s) had been reviewed already."}}})

		for _, c := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no reason", url.Values{"decision": {"reject"}}, "Pick a reason for the rejection"},
			{"other without words", url.Values{"decision": {"reject"}, "reason": {"other"}}, "Pick a reason for the rejection"},
			{"unknown reason", url.Values{"decision": {"reject"}, "reason": {"because"}}, "is not one of the offered reasons"},
			{"no decision", url.Values{}, "decision"},
		} {
			status, _, body := review(manager, pending[1].ID, c.form)
			if status != http.StatusBadRequest || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, want 400 with %q\n%.300s", c.name, status, c.want, body)
			}
		}
		status, _, _ = review(manager, pending[1].ID, url.Values{"decision": {"reject"}, "reason": {"Sample out of stock"}, "note": {"Back in May."}})
		if status != http.StatusSeeOther {
			t.Errorf("reject: %d", status)
		}
		reviews := f.fake.Reviews()
		if len(reviews) != 2 || reviews[0] != (tiktokshoptest.Review{ApplicationID: pending[0].PlatformID, Result: "APPROVE"}) ||
			reviews[1] != (tiktokshoptest.Review{ApplicationID: pending[1].PlatformID, Result: "REJECT", Reason: "Sample out of stock. Back in May."}) {
			t.Errorf("the platform received %+v", reviews)
		}

		// A batch: one was approved in Seller Center meanwhile; the others go through.
		f.fake.SetSampleStatus(pending[3].PlatformID, "APPROVED")
		bulk := url.Values{"decision": {"approve"}, "id": {fmt.Sprint(pending[2].ID), fmt.Sprint(pending[3].ID), fmt.Sprint(pending[4].ID)}}
		status, _, body = do(t, manager, "POST", f.srv.URL+"/w/acme/samples/review", bulk)
		if status != http.StatusConflict || !strings.Contains(body, "1 of 3 application(s) could not be approved") ||
			!strings.Contains(body, "TikTok Shop refused the review") || !strings.Contains(body, "2 reviewed on TikTok Shop") {
			t.Errorf("batch with a refusal: %d\n%.2000s", status, body)
		}
		if n := len(f.fake.Reviews()); n != 4 {
			t.Errorf("the platform received %d reviews, want 4", n)
		}
		approved := f.rows(t, store.SampleQuery{Status: store.SampleApproved})
		for _, p := range []store.SampleRow{pending[0], pending[2], pending[4]} {
			found := false
			for _, a := range approved {
				found = found || a.ID == p.ID
			}
			if !found {
				t.Errorf("application %d is not approved", p.ID)
			}
		}

		ids := make([]string, 0, 101)
		for i := range 101 {
			ids = append(ids, fmt.Sprint(i+1))
		}
		for _, c := range []struct {
			name   string
			form   url.Values
			status int
		}{
			{"nothing ticked", url.Values{"decision": {"approve"}}, 400},
			{"too many", url.Values{"decision": {"approve"}, "id": ids}, 400},
			{"not an id", url.Values{"decision": {"approve"}, "id": {"x"}}, 400},
			{"unknown id", url.Values{"decision": {"approve"}, "id": {"999999"}}, 404},
			{"specialist", url.Values{"decision": {"approve"}, "id": {fmt.Sprint(pending[1].ID)}}, 403},
		} {
			c1 := manager
			if c.name == "specialist" {
				c1 = specialist
			}
			if status, _, body := do(t, c1, "POST", f.srv.URL+"/w/acme/samples/review", c.form); status != c.status {
				t.Errorf("bulk %s: %d, want %d\n%.300s", c.name, status, c.status, body)
			}
		}
		if n := len(f.fake.Reviews()); n != 4 {
			t.Errorf("refused requests sent reviews: the platform has %d, want 4", n)
		}
	})
}
