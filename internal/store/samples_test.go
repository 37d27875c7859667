package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestNormalizeSampleStatus(t *testing.T) {
	for platform, want := range map[string]string{
		"PENDING": store.SamplePending, "PENDING_REVIEW": store.SamplePending, "APPROVED": store.SampleApproved,
		"TO_SHIP": store.SampleApproved, "REJECTED": store.SampleRejected, "SHIPPED": store.SampleShipped,
		"IN_TRANSIT": store.SampleShipped, "DELIVERED": store.SampleDelivered, "CONTENT_POSTED": store.SampleContentPosted,
		"FULFILLED": store.SampleContentPosted, "COMPLETED": store.SampleCompleted, "CANCELLED": store.SampleCancelled,
		"EXPIRED": store.SampleCancelled, "": store.SampleOther, "SOMETHING_ELSE": store.SampleOther, " approved ": store.SampleApproved,
	} {
		if got := store.NormalizeSampleStatus(platform); got != want {
			t.Errorf("NormalizeSampleStatus(%q) = %q, want %q", platform, got, want)
		}
	}
}

// sampleRig is a workspace with a USD shop, a product and a TikTok Shop connection feeding it.
func sampleRig(t *testing.T, s *store.Store) (*model.Workspace, *store.Connection) {
	t.Helper()
	ctx := context.Background()
	ws, shop := storetest.USDShop(t, s)
	conn := &store.Connection{WorkspaceID: ws.ID, ShopID: &shop.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "7494000000000000001",
		ShopCipher: "ROW_x", ShopName: "Acme US", Region: "US", AccessTokenSealed: "sealed-a", RefreshTokenSealed: "sealed-r",
		AccessExpiresAt: time.Now().Add(time.Hour), RefreshExpiresAt: time.Now().Add(24 * time.Hour)}
	if err := s.SaveConnection(ctx, store.CLIActor, conn); err != nil {
		t.Fatal(err)
	}
	return ws, conn
}

// storePages starts a run and stores the pages, the last one completing it.
func storePages(t *testing.T, s *store.Store, conn *store.Connection, at time.Time, pages ...[]store.SampleSync) store.SampleCounts {
	t.Helper()
	ctx := context.Background()
	if err := s.StartSyncRun(ctx, conn.ID, store.SampleSyncResource, false, time.Time{}, at, 0, at); err != nil {
		t.Fatal(err)
	}
	var total store.SampleCounts
	for i, p := range pages {
		next := ""
		if i < len(pages)-1 {
			next = "page" + string(rune('2'+i))
		}
		c, err := s.StoreSamplePage(ctx, store.Actor{Label: "TikTok Shop sync"}, conn, store.SamplePage{Apps: p, Next: next, Before: total, At: at})
		if err != nil {
			t.Fatal(err)
		}
		total = total.Add(c)
	}
	return total
}

// Synced applications find their creators by platform id, then by handle; a creator the CRM
// does not know becomes a prospect; each request is on the creator's timeline and moves its
// sample_requested_at; storing the same pages again changes nothing; a status change is one
// update and one timeline event.
func TestStoreSamplePages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, conn := sampleRig(t, s)
		known := storetest.Creators(t, s, ws.ID, "glowgetter")[0]
		day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		page1 := []store.SampleSync{
			{PlatformID: "s1", Status: "PENDING", CreatorUserID: "u1", CreatorUsername: "GlowGetter", ProductID: "p1", SKUID: "k1",
				CommissionRateBP: 1500, RequestedAt: day, Raw: []byte(`{"id":"s1","extra":true}`)},
			{PlatformID: "s2", Status: "APPROVED", CreatorUserID: "u2", CreatorUsername: "newface", ProductID: "p2", RequestedAt: day.Add(time.Hour)},
		}
		page2 := []store.SampleSync{
			// The same creator by platform id under a new handle, later.
			{PlatformID: "s3", Status: "PENDING", CreatorUserID: "u1", CreatorUsername: "glow_renamed", ProductID: "p2", RequestedAt: day.Add(48 * time.Hour)},
			{PlatformID: "s4", Status: "PENDING", ProductID: "p1", RequestedAt: day}, // nobody named
		}
		at := day.Add(72 * time.Hour)
		got := storePages(t, s, conn, at, page1, page2)
		if got != (store.SampleCounts{New: 4, Prospects: 1}) {
			t.Errorf("first run: %+v, want 4 new and 1 prospect", got)
		}
		st, err := s.SyncState(ctx, conn.ID, store.SampleSyncResource)
		if err != nil {
			t.Fatal(err)
		}
		if st.Unfinished() || st.Pages != 2 || st.Runs != 1 || st.RunLines != 4 {
			t.Errorf("sync state: %+v, want a completed run of 2 pages", st)
		}
		newface, err := s.CreatorByHandle(ctx, ws.ID, "tiktok", "newface")
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.CRMProfile(ctx, ws.ID, newface.ID)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.CreatorDetail(ctx, ws.ID, newface.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != model.StageProspect || d.Source != store.SourceSampleApplication {
			t.Errorf("the new creator: stage %s, source %q", p.Stage, d.Source)
		}
		for id, want := range map[int64]time.Time{known: day.Add(48 * time.Hour), newface.ID: day.Add(time.Hour)} {
			at, err := store.SampleRequestedAtTest(s, id)
			if err != nil || at == nil || !at.Equal(want) {
				t.Errorf("creator %d sample_requested_at %v (%v), want %v", id, at, err, want)
			}
		}
		rows, more, err := s.SampleApplications(ctx, ws.ID, store.SampleQuery{CreatorID: known})
		if err != nil || more || len(rows) != 2 || rows[0].PlatformID != "s3" || rows[1].PlatformID != "s1" {
			t.Fatalf("the known creator's applications: %+v %v %v", rows, more, err)
		}
		if r := rows[1]; r.CreatorHandle != "glowgetter" || *r.CommissionRateBP != 1500 || r.Status != store.SamplePending ||
			!strings.Contains(r.Raw, `"extra":true`) || r.ShopName != "Acme US" {
			t.Errorf("application s1: %+v", r)
		}
		tl, _, err := s.CreatorTimeline(ctx, ws.ID, known, store.TimelineQuery{Kinds: []string{store.EventSample}})
		if err != nil || len(tl) != 2 || !strings.HasPrefix(tl[1].Body, "requested a sample of product p1") {
			t.Errorf("timeline of the known creator: %+v %v", tl, err)
		}
		audits, err := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "sample.sync"})
		if err != nil || len(audits) != 1 || !strings.Contains(audits[0].Summary, "4 new") {
			t.Errorf("audit of the run: %+v %v", audits, err)
		}

		// Filters.
		for name, c := range map[string]struct {
			q    store.SampleQuery
			want int
		}{
			"status":  {store.SampleQuery{Status: store.SampleApproved}, 1},
			"product": {store.SampleQuery{ProductID: "p1"}, 2},
			"creator": {store.SampleQuery{Creator: "FACE"}, 1},
			"dates":   {store.SampleQuery{From: day.Add(30 * time.Minute), To: day.Add(24 * time.Hour)}, 1},
			"all":     {store.SampleQuery{}, 4},
		} {
			rows, _, err := s.SampleApplications(ctx, ws.ID, c.q)
			if err != nil || len(rows) != c.want {
				t.Errorf("filter %s: %d rows (%v), want %d", name, len(rows), err, c.want)
			}
		}
		// Paging by key, newest first, with no row twice.
		var seen []string
		q := store.SampleQuery{Limit: 1}
		for {
			rows, more, err := s.SampleApplications(ctx, ws.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				seen = append(seen, r.PlatformID)
			}
			if !more {
				break
			}
			k := rows[len(rows)-1].Key()
			q.After = &k
		}
		if strings.Join(seen, ",") != "s3,s2,s4,s1" {
			t.Errorf("pages: %v, want s3,s2,s4,s1", seen)
		}

		// The same pages again: nothing changes, and no audit entry.
		if got := storePages(t, s, conn, at.Add(time.Hour), page1, page2); got != (store.SampleCounts{Unchanged: 4}) {
			t.Errorf("the same pages again: %+v, want 4 unchanged", got)
		}
		// s1 ships.
		page1[0].Status = "SHIPPED"
		if got := storePages(t, s, conn, at.Add(2*time.Hour), page1, page2); got != (store.SampleCounts{Changed: 1, Unchanged: 3}) {
			t.Errorf("after s1 shipped: %+v, want 1 changed", got)
		}
		rows, _, _ = s.SampleApplications(ctx, ws.ID, store.SampleQuery{Status: store.SampleShipped})
		if len(rows) != 1 || rows[0].ShippedAt == nil || !rows[0].ShippedAt.Equal(at.Add(2*time.Hour)) || rows[0].PlatformStatus != "SHIPPED" {
			t.Errorf("shipped applications: %+v", rows)
		}
		tl, _, _ = s.CreatorTimeline(ctx, ws.ID, known, store.TimelineQuery{Kinds: []string{store.EventSample}})
		if len(tl) != 3 || tl[0].To != store.SampleShipped || tl[0].From != store.SamplePending {
			t.Errorf("timeline after the shipment: %+v", tl)
		}
		audits, _ = s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "sample.sync"})
		if len(audits) != 2 {
			t.Errorf("%d sync audit entries, want 2 (runs that changed nothing leave none)", len(audits))
		}
		counts, err := s.SampleStatusCounts(ctx, ws.ID)
		if err != nil || len(counts) != 3 || counts[0] != (store.SampleStatusCount{Status: store.SamplePending, Count: 2}) {
			t.Errorf("status counts: %+v %v", counts, err)
		}
	})
}

// A review is claimed once: a second claim while it is sent, or once it is recorded, is
// refused. A recorded review sets the status, who and when, a timeline event and an audit
// entry; another workspace's application is not found.
func TestSampleReviewClaims(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, conn := sampleRig(t, s)
		now := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
		storePages(t, s, conn, now, []store.SampleSync{{PlatformID: "s1", Status: "PENDING", CreatorUsername: "glow", ProductID: "p1", RequestedAt: now}})
		rows, _, _ := s.SampleApplications(ctx, ws.ID, store.SampleQuery{})
		id := rows[0].ID
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.ClaimSampleReview(ctx, other.ID, id, now); err != store.ErrNotFound {
			t.Errorf("another workspace's claim: %v, want ErrNotFound", err)
		}
		if _, ok, err := s.ClaimSampleReview(ctx, ws.ID, id, now); !ok || err != nil {
			t.Fatalf("first claim: %v %v", ok, err)
		}
		if row, ok, err := s.ClaimSampleReview(ctx, ws.ID, id, now.Add(time.Second)); ok || err != nil || row.ReviewStartedAt == nil {
			t.Errorf("second claim while the first is sent: %v %v", ok, err)
		}
		if _, ok, _ := s.ClaimSampleReview(ctx, ws.ID, id, now.Add(store.SampleReviewLease+time.Second)); !ok {
			t.Errorf("a claim after the lease ran out was refused")
		}
		if err := s.ReleaseSampleReview(ctx, ws.ID, id); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.ClaimSampleReview(ctx, ws.ID, id, now); !ok {
			t.Fatalf("a claim after the release was refused")
		}
		a := store.Actor{Label: "anna@acme.example"}
		row, err := s.FinishSampleReview(ctx, a, ws.ID, id, store.SampleDecisionReject, "Sample out of stock", now)
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != store.SampleRejected || row.PlatformStatus != "REJECTED" || row.ReviewedBy != a.Label ||
			row.ReviewedAt == nil || !row.ReviewedAt.Equal(now) || row.RejectReason != "Sample out of stock" || row.ReviewStartedAt != nil {
			t.Errorf("after the rejection: %+v", row)
		}
		if _, ok, _ := s.ClaimSampleReview(ctx, ws.ID, id, now.Add(time.Hour)); ok {
			t.Errorf("a reviewed application was claimed again")
		}
		audits, _ := s.AuditLog(ctx, ws.ID, store.AuditQuery{Action: "sample.reject"})
		if len(audits) != 1 || audits[0].Actor != a.Label || !strings.Contains(audits[0].Summary, "Sample out of stock") {
			t.Errorf("audit of the rejection: %+v", audits)
		}
		tl, _, _ := s.CreatorTimeline(ctx, ws.ID, *row.CreatorID, store.TimelineQuery{Kinds: []string{store.EventSample}})
		if len(tl) != 2 || !strings.Contains(tl[0].Body, "rejected by anna@acme.example: Sample out of stock") {
			t.Errorf("timeline: %+v", tl)
		}
		// The platform then says REJECTED too: no second event.
		storePages(t, s, conn, now.Add(time.Hour), []store.SampleSync{{PlatformID: "s1", Status: "REJECTED", CreatorUsername: "glow", ProductID: "p1", RequestedAt: now}})
		tl, _, _ = s.CreatorTimeline(ctx, ws.ID, *row.CreatorID, store.TimelineQuery{Kinds: []string{store.EventSample}})
		if len(tl) != 2 {
			t.Errorf("%d sample events after the sync confirmed the rejection, want 2", len(tl))
		}
	})
}
