package platformsync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/creatorops/creatorops/internal/connect"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/platform/tiktokshop"
	"github.com/creatorops/creatorops/internal/store"
)

// Job kinds of the affiliate center syncs.
const (
	// KindCollaborations syncs one connection's open and target collaborations; unique key
	// "connection:<id>", recurring every CollaborationsEvery.
	KindCollaborations = "tiktok.collaborations"
	// KindPromotionLinks generates the promotion links one connection's products lack (or
	// whose link is 30 days old); unique key "connection:<id>", recurring every
	// PromotionLinksEvery.
	KindPromotionLinks = "tiktok.promotion_links"
	// KindAffiliateSchedule makes sure every active connection has both chains.
	KindAffiliateSchedule = "tiktok.affiliate.schedule"
)

// Periods of the affiliate center syncs.
const (
	CollaborationsEvery = 30 * time.Minute
	PromotionLinksEvery = 6 * time.Hour
	// collaborationBatch is how many collaborations one transaction stores.
	collaborationBatch = 50
)

// RegisterAffiliate adds the collaborations and promotion links syncs to a runner and
// schedules, every minute, the check that gives each active connection its two chains.
func (y *Syncer) RegisterAffiliate(r *jobs.Runner) {
	r.Handle(KindCollaborations, y.collaborationsJob)
	r.Handle(KindPromotionLinks, y.promotionLinksJob)
	r.Handle(KindAffiliateSchedule, y.affiliateScheduleJob)
	r.Schedule(KindAffiliateSchedule, installationWideKey, ScheduleEvery)
}

// affiliateSpec is the job of a connection's chain of kind, due at runAt.
func affiliateSpec(kind string, c *store.Connection, runAt time.Time) store.JobSpec {
	every := CollaborationsEvery
	if kind == KindPromotionLinks {
		every = PromotionLinksEvery
	}
	return store.JobSpec{WorkspaceID: c.WorkspaceID, Kind: kind, UniqueKey: ordersKey(c.ID),
		Payload: ordersPayload{c.ID}, RunAt: runAt, Every: every}
}

// affiliateScheduleJob makes sure every active TikTok Shop connection has its collaborations
// chain, and those feeding a shop their promotion links chain (the unique keys make this a
// no-op for connections that have them).
func (y *Syncer) affiliateScheduleJob(ctx context.Context, _ *store.Job) error {
	return scheduleChains(ctx, y.Store, y.log(), func(c *store.Connection) []chain {
		if c.Platform != model.PlatformTikTokShop {
			return nil
		}
		chains := []chain{{spec: affiliateSpec(KindCollaborations, c, y.now())}}
		if c.ShopID != nil {
			chains = append(chains, chain{spec: affiliateSpec(KindPromotionLinks, c, y.now())})
		}
		return chains
	})
}

// RunAffiliateSyncNow moves the connection's queued kind job (KindCollaborations or
// KindPromotionLinks) to now, or queues a single run when it has no chain yet ("Sync now",
// "Generate missing").
func RunAffiliateSyncNow(ctx context.Context, s *store.Store, c *store.Connection, kind string, at time.Time) error {
	spec := affiliateSpec(kind, c, at)
	spec.Every, spec.Expedite = 0, true
	_, _, err := s.EnqueueJob(ctx, spec)
	return err
}

// affiliateConnection loads a job's connection; an error ends the job (and its chain) when
// the connection is gone or no longer active.
func (y *Syncer) affiliateConnection(ctx context.Context, job *store.Job) (*store.Connection, error) {
	var p ordersPayload
	if err := job.DecodePayload(&p); err != nil {
		return nil, jobs.Permanent(err)
	}
	conn, err := y.Store.Connection(ctx, job.WorkspaceID, p.ConnectionID)
	if errors.Is(err, store.ErrNotFound) {
		_, cerr := y.Store.CancelJobs(ctx, job.Kind, job.UniqueKey, "the connection no longer exists", y.now())
		return nil, errors.Join(jobs.Permanent(fmt.Errorf("connection %d of workspace %d no longer exists", p.ConnectionID, job.WorkspaceID)), cerr)
	}
	if err != nil {
		return nil, err
	}
	if conn.Status != store.ConnectionActive {
		_, cerr := y.Store.CancelJobs(ctx, job.Kind, job.UniqueKey, "the connection is "+conn.Status, y.now())
		return nil, errors.Join(jobs.Permanent(fmt.Errorf("connection %d (%s) is %s", conn.ID, conn.ShopName, conn.Status)), cerr)
	}
	return conn, nil
}

// stopOnReauth ends the job's chain when the connection needs the seller again: the schedule
// starts a new one once it is active.
func (y *Syncer) stopOnReauth(ctx context.Context, job *store.Job, err error) error {
	if !errors.Is(err, connect.ErrNeedsReauth) {
		return err
	}
	_, cerr := y.Store.CancelJobs(ctx, job.Kind, job.UniqueKey, err.Error(), y.now())
	return errors.Join(jobs.Permanent(err), cerr)
}

// collaborationsJob runs one connection's collaborations sync.
func (y *Syncer) collaborationsJob(ctx context.Context, job *store.Job) error {
	conn, err := y.affiliateConnection(ctx, job)
	if err != nil {
		return err
	}
	res, err := y.SyncCollaborations(ctx, conn)
	if err != nil {
		return y.stopOnReauth(ctx, job, err)
	}
	y.log().Info("platformsync: collaborations synced", "workspace", conn.WorkspaceID, "connection", conn.ID,
		"new", res.New, "changed", res.Changed, "unchanged", res.Unchanged)
	return nil
}

// SyncCollaborations reads every open and target collaboration of the connection's shop, in
// pages of Syncer.PageSize, and stores them, collaborationBatch a transaction (store.SyncCollaborations: idempotent, so a
// sync that fails half-way and runs again stores each collaboration once).
func (y *Syncer) SyncCollaborations(ctx context.Context, conn *store.Connection) (store.CollaborationSyncResult, error) {
	var total store.CollaborationSyncResult
	cl, token, err := y.Clients.Client(ctx, conn)
	if err != nil {
		return total, err
	}
	auth := tiktokshop.ShopAuth{Cipher: conn.ShopCipher, AccessToken: token}
	var batch []store.Collaboration
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := y.Store.SyncCollaborations(ctx, syncActor, conn, batch)
		total.Add(res)
		batch = batch[:0]
		return err
	}
	add := func(c store.Collaboration) error {
		batch = append(batch, c)
		if len(batch) == collaborationBatch {
			return flush()
		}
		return nil
	}
	for oc, err := range cl.OpenCollaborations(ctx, auth, tiktokshop.OpenCollaborationQuery{PageSize: y.pageSize()}) {
		if err != nil {
			return total, errors.Join(err, flush())
		}
		if err := add(openCollaboration(oc)); err != nil {
			return total, err
		}
	}
	for tc, err := range cl.TargetCollaborations(ctx, auth, tiktokshop.TargetCollaborationQuery{PageSize: y.pageSize()}) {
		if err != nil {
			return total, errors.Join(err, flush())
		}
		if err := add(TargetCollaborationRecord(tc)); err != nil {
			return total, err
		}
	}
	return total, flush()
}

// openCollaboration is an open collaboration as stored.
func openCollaboration(oc tiktokshop.OpenCollaboration) store.Collaboration {
	raw, _ := json.Marshal(oc)
	c := store.Collaboration{PlatformID: oc.ID, Kind: store.CollaborationOpen, Status: oc.Status, CommissionBP: oc.CommissionRateBP,
		RequireApproval: oc.RequireSellerApproveCreator, Raw: string(raw),
		Products: []store.CollaborationProduct{{ProductID: oc.ProductID, CommissionBP: oc.CommissionRateBP}}}
	if !oc.CreatedAt.IsZero() {
		t := oc.CreatedAt
		c.StartAt = &t
	}
	return c
}

// TargetCollaborationRecord is a target collaboration as stored (creators by user id; the
// store matches them to the CRM).
func TargetCollaborationRecord(tc tiktokshop.TargetCollaboration) store.Collaboration {
	raw, _ := json.Marshal(tc)
	c := store.Collaboration{PlatformID: tc.ID, Kind: store.CollaborationTarget, Name: tc.Name, Message: tc.Message,
		Status: tc.Status, FreeSample: tc.FreeSample, Raw: string(raw)}
	if !tc.EndTime.IsZero() {
		t := tc.EndTime
		c.EndAt = &t
	}
	for _, p := range tc.Products {
		c.Products = append(c.Products, store.CollaborationProduct{ProductID: p.ProductID, CommissionBP: p.CommissionRateBP})
	}
	for _, u := range tc.CreatorUserIDs {
		c.Creators = append(c.Creators, store.CollaborationCreator{UserID: u})
	}
	return c
}
