package platformsync_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop/tiktokshoptest"
	"github.com/creatorops/creatorops/internal/platformsync"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

const samplesSearchPath = "/affiliate_seller/202409/sample_applications/search"

// failNth is a transport that answers the n-th samples search (from 1) with a 500 before it
// reaches the platform, as a gateway falling over mid-sync would.
type failNth struct {
	mu       sync.Mutex
	searches int
	n        int
}

func (f *failNth) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == samplesSearchPath {
		f.mu.Lock()
		f.searches++
		fail := f.searches == f.n
		f.mu.Unlock()
		if fail {
			return nil, errors.New("connection reset by the test")
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (r *rig) samples(t *testing.T, q store.SampleQuery) []store.SampleRow {
	t.Helper()
	q.Limit = 500
	rows, _, err := r.s.SampleApplications(context.Background(), r.ws.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func (r *rig) syncSamples(t *testing.T) store.SampleCounts {
	t.Helper()
	c, err := r.y.SyncSamples(context.Background(), r.conn)
	if err != nil {
		t.Fatalf("samples sync: %v", err)
	}
	return c
}

// A samples sync in pages of 10 stores every application once; between syncs one ships, one
// is approved in Seller Center and a creator applies anew: the next sync finds exactly those.
func TestSamplesSyncPagesAndChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		r := newRig(t, s, tiktokshoptest.Options{Seed: 71, Orders: 5, Samples: 25}, 10)
		got := r.syncSamples(t)
		if got.New != 25 || got.Changed+got.Unchanged+got.Rejected != 0 {
			t.Fatalf("first sync: %+v, want 25 new", got)
		}
		if calls := r.p.Calls(samplesSearchPath); calls != 3 {
			t.Errorf("%d searches, want 3 pages of 10", calls)
		}
		st, err := s.SyncState(context.Background(), r.conn.ID, store.SampleSyncResource)
		if err != nil || st.Unfinished() || st.Pages != 3 || st.Runs != 1 {
			t.Errorf("sync state: %+v %v", st, err)
		}
		rows := r.samples(t, store.SampleQuery{})
		if len(rows) != 25 {
			t.Fatalf("%d applications stored, want 25", len(rows))
		}
		fake := r.p.SampleApplications()
		byID := map[string]store.SampleRow{}
		for _, row := range rows {
			byID[row.PlatformID] = row
		}
		for _, sa := range fake {
			row, ok := byID[sa.ID]
			if !ok {
				t.Errorf("application %s not stored", sa.ID)
				continue
			}
			if row.PlatformStatus != sa.Status || row.CreatorHandle != sa.CreatorUsername || row.CreatorUserID != sa.CreatorUserID ||
				row.ProductID != sa.ProductID || *row.CommissionRateBP != sa.CommissionRateBP || !row.RequestedAt.Equal(sa.CreateTime) || row.CreatorID == nil {
				t.Errorf("application %s stored as %+v, the platform has %+v", sa.ID, row, sa)
			}
		}

		var pending []tiktokshoptest.SampleApplication
		for _, sa := range fake {
			if sa.Status == "PENDING" {
				pending = append(pending, sa)
			}
		}
		if len(pending) < 2 {
			t.Fatal("the seed has too few pending applications")
		}
		r.p.SetSampleStatus(pending[0].ID, "SHIPPED")
		r.p.SetSampleStatus(pending[1].ID, "APPROVED")
		added := r.p.AddSampleApplication(tiktokshoptest.SampleApplication{CreatorUserID: "6999000000000000001",
			CreatorUsername: "brand_new_creator", ProductID: fake[0].ProductID, CommissionRateBP: 2000})
		got = r.syncSamples(t)
		if got != (store.SampleCounts{New: 1, Changed: 2, Unchanged: 23, Prospects: 1}) {
			t.Errorf("second sync: %+v, want 1 new (a new prospect), 2 changed, 23 unchanged", got)
		}
		shipped := r.samples(t, store.SampleQuery{Status: store.SampleShipped})
		if len(shipped) != 1 || shipped[0].PlatformID != pending[0].ID || shipped[0].ShippedAt == nil {
			t.Errorf("shipped: %+v", shipped)
		}
		n := r.samples(t, store.SampleQuery{Creator: "brand_new"})
		if len(n) != 1 || n[0].PlatformID != added || n[0].Status != store.SamplePending {
			t.Errorf("the new application: %+v", n)
		}
		if got := r.syncSamples(t); got.New+got.Changed != 0 || got.Unchanged != 26 {
			t.Errorf("third sync with nothing new: %+v", got)
		}
	})
}

// A page that fails keeps the pages stored before it; the next attempt resumes after them
// (one search for the last page), and nothing is stored twice.
func TestSamplesSyncResumesAfterAFailedPage(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 72, Orders: 5, Samples: 25}, 10)
		r.useTransport(&failNth{n: 3})
		if _, err := r.y.SyncSamples(ctx, r.conn); err == nil {
			t.Fatal("the sync with a failing third page succeeded")
		}
		st, err := s.SyncState(ctx, r.conn.ID, store.SampleSyncResource)
		if err != nil || !st.Unfinished() || st.Pages != 2 || st.Cursor == "" || st.LastError == "" {
			t.Fatalf("after the failure: %+v %v, want an unfinished run of 2 pages with its error", st, err)
		}
		if n := len(r.samples(t, store.SampleQuery{})); n != 20 {
			t.Errorf("%d applications kept after the failure, want the 20 of the stored pages", n)
		}
		audits, _ := s.AuditLog(ctx, r.ws.ID, store.AuditQuery{Action: "sample.sync"})
		if len(audits) != 1 || !strings.Contains(audits[0].Summary, "20 new") || !strings.Contains(audits[0].Summary, "stopped") {
			t.Errorf("audit of the failed attempt: %+v", audits)
		}
		before := r.p.Calls(samplesSearchPath)
		got := r.syncSamples(t)
		if got.New != 5 || got.Unchanged != 0 {
			t.Errorf("resumed sync: %+v, want the last 5 new", got)
		}
		if calls := r.p.Calls(samplesSearchPath) - before; calls != 1 {
			t.Errorf("the resumed sync made %d searches, want 1", calls)
		}
		if n := len(r.samples(t, store.SampleQuery{})); n != 25 {
			t.Errorf("%d applications after the resumed sync, want 25", n)
		}
		st, _ = s.SyncState(ctx, r.conn.ID, store.SampleSyncResource)
		if st.Unfinished() || st.LastError != "" || st.Runs != 1 {
			t.Errorf("after the resumed sync: %+v", st)
		}
	})
}

// Reviews go to the platform: an approval, a rejection with its reason, a second approval
// that sends nothing, and a batch where the platform refuses one (approved meanwhile in
// Seller Center) and accepts the others.
func TestSampleReviewsThroughThePlatform(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 73, Orders: 5, Samples: 30}, 50)
		r.syncSamples(t)
		pending := r.samples(t, store.SampleQuery{Status: store.SamplePending})
		if len(pending) < 6 {
			t.Fatalf("the seed has %d pending applications, want 6", len(pending))
		}
		rv := &platformsync.Reviewer{Store: s, Clients: r.svc, Now: r.p.Now}
		anna := store.Actor{UserID: 0, Label: "anna@acme.example"}
		review := func(ids []int64, decision, reason string) []platformsync.ReviewOutcome {
			t.Helper()
			out, err := rv.Review(ctx, anna, r.ws.ID, ids, decision, reason)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		o := review([]int64{pending[0].ID}, store.SampleDecisionApprove, "")
		if o[0].Result != platformsync.ReviewDone || o[0].Sample.Status != store.SampleApproved || o[0].Sample.ReviewedBy != anna.Label {
			t.Errorf("approval: %+v", o[0])
		}
		o = review([]int64{pending[1].ID}, store.SampleDecisionReject, "Sample out of stock")
		if o[0].Result != platformsync.ReviewDone || o[0].Sample.RejectReason != "Sample out of stock" {
			t.Errorf("rejection: %+v", o[0])
		}
		// The same approval again (a double click): nothing is sent.
		o = review([]int64{pending[0].ID}, store.SampleDecisionApprove, "")
		if o[0].Result != platformsync.ReviewUnchanged || !strings.Contains(o[0].Message, "already approved by anna@acme.example") {
			t.Errorf("second approval: %+v", o[0])
		}
		want := []tiktokshoptest.Review{{ApplicationID: pending[0].PlatformID, Result: "APPROVE"},
			{ApplicationID: pending[1].PlatformID, Result: "REJECT", Reason: "Sample out of stock"}}
		if got := r.p.Reviews(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("the platform received %+v, want %+v", got, want)
		}

		// A batch: one was approved in Seller Center since the last sync.
		r.p.SetSampleStatus(pending[3].PlatformID, "APPROVED")
		batch := []int64{pending[2].ID, pending[3].ID, pending[4].ID, pending[0].ID}
		o = review(batch, store.SampleDecisionApprove, "")
		results := []string{o[0].Result, o[1].Result, o[2].Result, o[3].Result}
		if strings.Join(results, ",") != "reviewed,failed,reviewed,unchanged" {
			t.Errorf("batch results %v, want reviewed,failed,reviewed,unchanged", results)
		}
		if f := o[1]; f.Cause != platformsync.CauseRefused || f.APIError == nil || !strings.Contains(f.Message, "TikTok Shop refused the review") ||
			!strings.Contains(f.Message, "not PENDING") || f.Sample.Status != store.SamplePending {
			t.Errorf("the refused one: %+v", f)
		}
		if n := len(r.p.Reviews()); n != 4 {
			t.Errorf("the platform received %d reviews in all, want 4", n)
		}
		// The refusal released its claim: after the next sync it shows as approved.
		if _, ok, err := s.ClaimSampleReview(ctx, r.ws.ID, pending[3].ID, r.p.Now()); !ok || err != nil {
			t.Errorf("the refused application is still claimed: %v %v", ok, err)
		}
		s.ReleaseSampleReview(ctx, r.ws.ID, pending[3].ID)
		r.syncSamples(t)
		if rows := r.samples(t, store.SampleQuery{Status: store.SampleApproved}); len(rows) < 4 {
			t.Errorf("%d approved after the sync, want at least 4", len(rows))
		}

		// Bad requests are refused before anything is sent.
		for _, c := range []struct{ decision, reason, field string }{
			{store.SampleDecisionReject, "  ", "reason"}, {"maybe", "", "decision"}, {store.SampleDecisionReject, strings.Repeat("x", 501), "reason"},
		} {
			var re *platformsync.ReviewError
			if _, err := platformsync.CheckReview(c.decision, c.reason); !errors.As(err, &re) || re.Field != c.field {
				t.Errorf("CheckReview(%q, %d chars): %v, want a %s error", c.decision, len(c.reason), err, c.field)
			}
		}
		// The platform unreachable: a failure with a message, and the claim released.
		r.useTransport(roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("network down") }))
		rv.Clients = r.svc
		o = review([]int64{pending[5].ID}, store.SampleDecisionApprove, "")
		if o[0].Result != platformsync.ReviewFailed || o[0].Cause != platformsync.CauseUnreachable || !strings.Contains(o[0].Message, "could not be reached") {
			t.Errorf("with the platform unreachable: %+v", o[0])
		}
		if _, ok, _ := s.ClaimSampleReview(ctx, r.ws.ID, pending[5].ID, r.p.Now()); !ok {
			t.Errorf("the failed review kept its claim")
		}
		s.ReleaseSampleReview(ctx, r.ws.ID, pending[5].ID)
		// A server without the TikTok Shop app says so.
		rv.Clients = &connect.Service{Store: s}
		o = review([]int64{pending[5].ID}, store.SampleDecisionApprove, "")
		if o[0].Cause != platformsync.CauseUnconfigured || !strings.Contains(o[0].Message, "not configured") {
			t.Errorf("without the app: %+v", o[0])
		}
	})
}

// useTransport makes the rig's syncer talk to the platform through rt.
func (r *rig) useTransport(rt http.RoundTripper) {
	r.svc = service(r.s, r.p, r.svc.Keys)
	r.svc.TikTok.HTTPClient = &http.Client{Transport: rt}
	r.y.Clients = r.svc
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The samples schedule starts each connection's chain on a job runner: the applications
// arrive without anyone asking, and "Sync now" brings a new one at once.
func TestSamplesChainOnARunner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		r := newRig(t, s, tiktokshoptest.Options{Seed: 74, Orders: 5, Samples: 12}, 5)
		runner := &jobs.Runner{Store: s, Worker: "samples", Concurrency: 2, Poll: 2 * time.Millisecond, Logger: quiet()}
		r.y.RegisterSamples(runner)
		start(t, runner)
		waitFor(t, "the scheduled samples sync", func() bool { return len(r.samples(t, store.SampleQuery{})) == 12 })
		jobsQueued, err := s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindSamples, Status: store.JobQueued, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the next run of the chain to be queued", func() bool {
			jobsQueued, err = s.Jobs(ctx, store.JobFilter{WorkspaceID: r.ws.ID, Kind: platformsync.KindSamples, Status: store.JobQueued, Limit: 10})
			return err == nil && len(jobsQueued) == 1
		})
		if j := jobsQueued[0]; j.Every != platformsync.SamplesEvery || j.UniqueKey != "connection:"+strconv.FormatInt(r.conn.ID, 10) {
			t.Errorf("the chain's next run: %+v", j)
		}
		r.p.AddSampleApplication(tiktokshoptest.SampleApplication{CreatorUsername: "late_applicant", ProductID: "1729000000000000001"})
		if err := platformsync.SyncSamplesNow(ctx, s, r.conn, time.Now()); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "sync now to bring the new application", func() bool { return len(r.samples(t, store.SampleQuery{})) == 13 })
	})
}
