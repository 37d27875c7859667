package platformsync

import (
	"context"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Job kinds of the sample applications sync.
const (
	// KindSamples syncs one connection's sample applications; unique key "connection:<id>",
	// recurring every SamplesEvery.
	KindSamples = "tiktok.samples"
	// KindSamplesSchedule makes sure every active TikTok Shop connection has its samples sync
	// chain, as KindSchedule does for orders.
	KindSamplesSchedule = "tiktok.samples.schedule"
)

// SamplesEvery is how often each connection's sample applications are synced: creators wait
// for an answer, and the platform has no webhook for new applications.
const SamplesEvery = 15 * time.Minute

// RegisterSamples adds the sample applications sync to a runner, with its schedule (every
// minute, one chain for the installation).
func (y *Syncer) RegisterSamples(r *jobs.Runner) {
	r.Handle(KindSamples, y.samplesJob)
	r.Handle(KindSamplesSchedule, y.samplesScheduleJob)
	r.Schedule(KindSamplesSchedule, installationWideKey, ScheduleEvery)
}

// samplesSpec is the job of a connection's samples sync chain, due at runAt.
func samplesSpec(c *store.Connection, runAt time.Time) store.JobSpec {
	return store.JobSpec{WorkspaceID: c.WorkspaceID, Kind: KindSamples, UniqueKey: ordersKey(c.ID),
		Payload: ordersPayload{c.ID}, RunAt: runAt, Every: SamplesEvery}
}

// SyncSamplesNow asks for the connection's sample applications sync at once ("Sync now"): the
// chain's queued run moves to at, or a run going now runs once more when it ends (it may have
// read the page the new application is on already). Without a chain, this starts it.
func SyncSamplesNow(ctx context.Context, s *store.Store, c *store.Connection, at time.Time) error {
	if err := s.RequestSync(ctx, c.ID, store.SampleSyncResource); err != nil {
		return err
	}
	spec := samplesSpec(c, at)
	spec.Expedite = true
	_, _, err := s.EnqueueJob(ctx, spec)
	return err
}

// samplesScheduleJob makes sure every active TikTok Shop connection has its samples sync chain
// (the unique key makes this a no-op for those that have one).
func (y *Syncer) samplesScheduleJob(ctx context.Context, _ *store.Job) error {
	return scheduleChains(ctx, y.Store, y.log(), func(c *store.Connection) []chain {
		if c.Platform != model.PlatformTikTokShop {
			return nil
		}
		return []chain{{spec: samplesSpec(c, y.now())}}
	})
}

// samplesJob runs one connection's samples sync, and again while "sync now" requests came
// during the run (chainJob).
func (y *Syncer) samplesJob(ctx context.Context, job *store.Job) error {
	return chainJob(ctx, y.Store, y.now, job, store.SampleSyncResource, func(ctx context.Context, conn *store.Connection) error {
		_, err := y.SyncSamples(ctx, conn)
		return err
	})
}

// SyncSamples runs (or resumes) one sync of the connection's sample applications: every
// application, page by page, each page stored with the token of the next in one transaction
// (store.StoreSamplePage). A sync that failed part-way resumes after its last stored page;
// the last page completes the run. The platform's search filters by status only, so each run
// reads every application: new ones and status changes alike.
func (y *Syncer) SyncSamples(ctx context.Context, conn *store.Connection) (store.SampleCounts, error) {
	var total store.SampleCounts
	fail := func(err error) (store.SampleCounts, error) {
		bg := context.WithoutCancel(ctx)
		if ferr := y.Store.FailSyncRun(bg, conn.ID, store.SampleSyncResource, err.Error(), y.now()); ferr != nil {
			y.log().Warn("platformsync: unable to record a failed samples sync", "connection", conn.ID, "err", ferr)
		}
		if aerr := y.Store.AuditFailedSampleSync(bg, syncActor, conn, total, err); aerr != nil {
			y.log().Warn("platformsync: unable to audit a failed samples sync", "connection", conn.ID, "err", aerr)
		}
		return total, err
	}
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return fail(err)
	}
	st, err := y.Store.SyncState(ctx, conn.ID, store.SampleSyncResource)
	if err != nil {
		return total, err
	}
	now := y.now()
	resume := st.Unfinished()
	if err := y.Store.StartSyncRun(ctx, conn.ID, store.SampleSyncResource, resume, time.Time{}, now, 0, now); err != nil {
		return fail(err)
	}
	log := y.log().With("connection", conn.ID, "workspace", conn.WorkspaceID)
	log.Info("platformsync: samples sync started", "resumed", resume, "after_page", st.Pages)
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	cursor := ""
	if resume {
		cursor = st.Cursor
	}
	for {
		p, err := cl.SampleApplicationsPage(ctx, auth, tiktokshop.SampleQuery{PageSize: y.pageSize()}, cursor)
		if err != nil && resume && cursor != "" && staleToken(err) {
			// The platform no longer knows the stored page token (it expires): start over from
			// the first page, which stores nothing twice.
			log.Warn("platformsync: the stored page token was refused; the samples sync starts over", "err", err)
			if err := y.Store.StartSyncRun(ctx, conn.ID, store.SampleSyncResource, false, time.Time{}, now, 0, now); err != nil {
				return fail(err)
			}
			resume, cursor = false, ""
			continue
		}
		if err != nil {
			log.Warn("platformsync: samples sync failed; the next attempt resumes after the last stored page", "err", err)
			return fail(err)
		}
		page := store.SamplePage{Rejected: len(p.Errs), Next: p.NextPageToken, Before: total, At: y.now()}
		for i, a := range p.Applications {
			page.Apps = append(page.Apps, store.SampleSync{PlatformID: a.ID, Status: a.Status, CreatorUserID: a.CreatorUserID,
				CreatorUsername: a.CreatorUsername, ProductID: a.ProductID, SKUID: a.SKUID, CommissionRateBP: a.CommissionRateBP,
				RequestedAt: a.CreatedAt, Raw: p.Raw[i]})
		}
		for _, e := range p.Errs {
			log.Warn("platformsync: a sample application could not be read", "err", e)
		}
		counts, err := y.Store.StoreSamplePage(ctx, syncActor, conn, page)
		if err != nil {
			return fail(err)
		}
		total = total.Add(counts)
		if p.NextPageToken == "" {
			break
		}
		if p.NextPageToken == cursor {
			return fail(fmt.Errorf("tiktokshop: the samples search sent page token %q twice in a row", cursor))
		}
		cursor = p.NextPageToken
	}
	log.Info("platformsync: samples sync done", "new", total.New, "changed", total.Changed, "unchanged", total.Unchanged,
		"unreadable", total.Rejected, "prospects", total.Prospects)
	return total, nil
}

// staleToken reports a refusal of the request itself (not of the token, nor a throttle or an
// outage): on a resumed run, the page token it carried.
func staleToken(err error) bool {
	e, ok := tiktokshop.AsAPIError(err)
	return ok && e.HTTPStatus < 500 && e.HTTPStatus != 429 && !e.IsTokenProblem() && !e.IsInvalidSign()
}
