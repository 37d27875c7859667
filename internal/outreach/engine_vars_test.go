package outreach_test

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/ingest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestEngineFillsProductAndSales renders the sequence's product (name, the price buyers paid
// in its latest month with sales, the commission on it) from the workspace's imported orders.
func TestEngineFillsProductAndSales(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		ws, shop := storetest.USDShop(t, s)
		if _, err := ingest.ImportOrders(f.ctx, s, ws, shop, "../../testdata/tiktok-affiliate-orders-1.csv", ingest.Options{}); err != nil {
			t.Fatal(err)
		}
		tpl := f.template(`{{product.name}} sells at {{product.price}}; you earn {{commission.example}} ({{commission.rate}}).`, "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0)}, func(q *store.Sequence) {
			q.ProductID, q.CommissionBps = "1729000000000166299", 1500
		})
		c := f.creator(store.NewCreator{Username: "ann", Discord: "300000000000000001"})
		f.enroll(q, c)
		f.tick()
		ds := f.fake.Deliveries()
		if len(ds) != 1 {
			t.Fatalf("deliveries %+v; enrollment %+v", ds, f.enrollment(q, c))
		}
		if body := ds[0].Body; !strings.HasPrefix(body, "Satin Pillowcase sells at $") || !strings.Contains(body, "(15%)") {
			t.Errorf("body = %q", body)
		}
	})
}

// TestEngineStopsOnSampleRequest: a sample application synced after the enrollment stops a
// sequence with stop_on_sample before its next step.
func TestEngineStopsOnSampleRequest(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hi {{creator.handle}}", "")
		conn := f.connection()
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0), discordStep(tpl, 60)}, func(q *store.Sequence) { q.StopOnSample = true })
		c := f.creator(store.NewCreator{Username: "ann", Discord: "300000000000000001"})
		f.enroll(q, c)
		f.tick()
		if f.deliveries(c) != 1 {
			t.Fatalf("first step: %v", f.fake.Counts())
		}
		f.clock.Advance(10 * time.Minute)
		at := f.clock.Now()
		cn, err := s.Connection(f.ctx, f.ws.ID, conn)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.StartSyncRun(f.ctx, conn, store.SampleSyncResource, false, time.Time{}, at, 0, at); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StoreSamplePage(f.ctx, store.CLIActor, cn, store.SamplePage{At: at, Apps: []store.SampleSync{{
			PlatformID: "app-1", Status: "PENDING", CreatorUsername: "ann", ProductID: "p-1", RequestedAt: at}}}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(3 * time.Hour)
		f.tick()
		if f.deliveries(c) != 1 {
			t.Fatalf("a message after the sample request: %v", f.fake.Counts())
		}
		if e := f.enrollment(q, c); e.Status != store.EnrollmentStopped || e.StopReason != "sample requested" {
			t.Fatalf("enrollment = %+v", e)
		}
	})
}
