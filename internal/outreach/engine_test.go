package outreach_test

import (
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

func TestEngineSendsStepsInBusinessTime(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hi {{creator.name}}, from {{sender.company}}", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0), discordStep(tpl, 60)}, nil)
		a := f.creator(store.NewCreator{Username: "ann", DisplayName: "Ann", Discord: "111"})
		b := f.creator(store.NewCreator{Username: "bob", Discord: "222"})
		f.enroll(q, a, b)
		f.tick()
		if f.deliveries(a) != 1 || f.deliveries(b) != 1 {
			t.Fatalf("first step: %v", f.fake.Counts())
		}
		if got := f.fake.Deliveries()[0].Body; got != "Hi Ann, from Acme acme" && got != "Hi @bob, from Acme acme" {
			t.Fatalf("body %q", got)
		}
		f.clock.Advance(30 * time.Minute)
		f.tick()
		if f.fake.Total() != 2 {
			t.Fatalf("second step before its delay: %v", f.fake.Counts())
		}
		f.clock.Advance(31 * time.Minute)
		f.tick()
		if f.deliveries(a) != 2 || f.deliveries(b) != 2 {
			t.Fatalf("second step: %v", f.fake.Counts())
		}
		f.noDuplicates()
		e := f.enrollment(q, a)
		if e.Status != store.EnrollmentCompleted || e.FirstSentAt == nil || !e.FirstSentAt.Equal(monday10) {
			t.Fatalf("enrollment = %+v", e)
		}
		msgs, err := s.OutboxMessages(f.ctx, f.ws.ID, 0, a, store.OutboxSent, 0, 10)
		if err != nil || len(msgs) != 2 || msgs[0].ProviderID == "" {
			t.Fatalf("outbox = %+v, %v", msgs, err)
		}
		// A step due Friday evening waits for Monday's business hours.
		c := f.creator(store.NewCreator{Username: "cat", Discord: "333"})
		f.clock.Advance(4*24*time.Hour + 7*time.Hour) // Friday 17:01
		f.enroll(q, c)
		f.tick()
		f.clock.Advance(2 * time.Hour) // Friday 19:01
		f.tick()
		f.clock.Advance(2*24*time.Hour + 13*time.Hour + 54*time.Minute) // Monday 08:55
		f.tick()
		if f.deliveries(c) != 1 {
			t.Fatalf("second step before Monday's business hours: %d", f.deliveries(c))
		}
		f.clock.Advance(7 * time.Minute) // 59 minutes on Friday, 1 on Monday: due 09:01
		f.tick()
		if f.deliveries(c) != 2 {
			t.Fatalf("second step at Monday 09:02: %d", f.deliveries(c))
		}
	})
}

func TestEngineQuietHoursInCreatorsZones(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0), discordStep(tpl, 0), discordStep(tpl, 120)}, nil)
		zones := map[int64]string{}
		for i, z := range []string{"Asia/Ho_Chi_Minh", "America/Los_Angeles", "Europe/London"} {
			id := f.creator(store.NewCreator{Username: "c" + string(rune('a'+i)), Discord: "70" + itoa(i), TimeZone: z})
			zones[id] = z
			f.enroll(q, id)
		}
		f.clock.Advance(-10 * time.Hour) // Monday 00:00 UTC
		for range 4 * 24 * 4 {
			f.tick()
			f.clock.Advance(15 * time.Minute)
		}
		if f.fake.Total() != 9 {
			t.Fatalf("%d deliveries, want 3 steps × 3 creators: %v", f.fake.Total(), f.fake.Counts())
		}
		quiet := outreach.DefaultQuietHours()
		for _, d := range f.fake.Deliveries() {
			loc, _ := time.LoadLocation(zones[d.CreatorID])
			if quiet.Quiet(d.At, loc) {
				t.Errorf("%s delivered at %s in %s: quiet hours", d.Key, d.At.In(loc).Format("Mon 15:04"), zones[d.CreatorID])
			}
		}
		f.noDuplicates()
	})
}

func TestEngineStopsOnReply(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello {{creator.handle}}", "Collab?")
		mb := f.mailbox(0, 0, 0)
		q := f.sequence([]store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl}, {Channel: store.ChannelEmail, TemplateID: tpl, DelayMinutes: 60}},
			func(q *store.Sequence) { q.MailboxID = &mb })
		a := f.creator(store.NewCreator{Username: "ann", Email: "ann@x.example"})
		b := f.creator(store.NewCreator{Username: "bob", Email: "bob@x.example"})
		f.enroll(q, a)
		f.tick()
		if f.deliveries(a) != 1 {
			t.Fatalf("first step: %v", f.fake.Counts())
		}
		f.clock.Advance(10 * time.Minute)
		if _, ok, err := s.RecordCreatorEmailReply(f.ctx, store.CLIActor, f.ws.ID, "ANN@x.example", f.clock.Now(), "replied by email"); err != nil || !ok {
			t.Fatalf("email reply: %v %v", ok, err)
		}
		f.clock.Advance(2 * time.Hour)
		f.tick()
		if f.deliveries(a) != 1 {
			t.Fatalf("a message after the reply: %v", f.fake.Counts())
		}
		if e := f.enrollment(q, a); e.Status != store.EnrollmentStopped || e.StopReason != "replied" {
			t.Fatalf("enrollment after reply = %+v", e)
		}
		// Queued but not sent when the reply comes (a TikTok reply, recorded without the
		// store's own cancel): the dispatcher's re-check cancels it.
		if err := s.SetCreatorIMID(f.ctx, store.CLIActor, f.ws.ID, b, "im-bob"); err != nil {
			t.Fatal(err)
		}
		f.enroll(q, b)
		if _, err := f.eng.SchedulePass(f.ctx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.RecordCreatorReply(f.ctx, store.CLIActor, f.ws.ID, "tiktok", "im-bob", f.clock.Now(), "dm"); err != nil {
			t.Fatal(err)
		}
		f.tick()
		if f.deliveries(b) != 0 {
			t.Fatalf("queued message sent after the reply: %v", f.fake.Counts())
		}
		if e := f.enrollment(q, b); e.Status != store.EnrollmentStopped || e.StopReason != "replied" {
			t.Fatalf("enrollment = %+v", e)
		}
		msgs, _ := s.OutboxMessages(f.ctx, f.ws.ID, 0, b, "", 0, 10)
		if len(msgs) != 1 || msgs[0].Status != store.OutboxCancelled {
			t.Fatalf("outbox = %+v", msgs)
		}
	})
}

func TestEngineHonoursSuppressions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "Hi")
		mb := f.mailbox(0, 0, 0)
		q := f.sequence([]store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl}}, func(q *store.Sequence) { q.MailboxID = &mb })
		a := f.creator(store.NewCreator{Username: "ann", Email: "ann@x.example"})
		f.enroll(q, a)
		if _, err := f.eng.SchedulePass(f.ctx); err != nil {
			t.Fatal(err)
		}
		// Suppressed after queueing: cancelled right before sending.
		if err := s.AddSuppression(f.ctx, store.CLIActor, &store.Suppression{WorkspaceID: f.ws.ID, Kind: store.SuppressEmail, Value: "ann@x.example", Reason: "unsubscribed"}); err != nil {
			t.Fatal(err)
		}
		f.tick()
		if f.fake.Total() != 0 {
			t.Fatalf("sent to a suppressed address: %v", f.fake.Counts())
		}
		if e := f.enrollment(q, a); e.Status != store.EnrollmentStopped || e.StopReason != "suppressed: unsubscribed" {
			t.Fatalf("enrollment = %+v", e)
		}
		// An agency-wide entry added in one workspace holds in the agency's others.
		other := newFixture(t, s, "beta")
		agency, err := s.CreateAgency(f.ctx, store.CLIActor, "Agency")
		if err != nil {
			t.Fatal(err)
		}
		for _, ws := range []int64{f.ws.ID, other.ws.ID} {
			if err := s.SetWorkspaceAgency(f.ctx, store.CLIActor, ws, &agency); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddSuppression(f.ctx, store.CLIActor, &store.Suppression{WorkspaceID: f.ws.ID, Scope: store.ScopeAgency, Kind: store.SuppressEmail, Value: "zed@x.example", Reason: "complained"}); err != nil {
			t.Fatal(err)
		}
		tpl2 := other.template("Hello", "Hi")
		mb2 := other.mailbox(0, 0, 0)
		q2 := other.sequence([]store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl2}}, func(q *store.Sequence) { q.MailboxID = &mb2 })
		z := other.creator(store.NewCreator{Username: "zed", Email: "Zed@x.example"})
		r, err := s.EnrollCreators(f.ctx, store.CLIActor, other.ws.ID, q2.ID, []int64{z}, "manual")
		if err != nil || r.Suppressed != 1 || r.Skipped[0].Reason != "suppressed: complained" {
			t.Fatalf("enroll in the other workspace = %+v, %v", r, err)
		}
		// A bounce suppresses the address and stops the enrollment.
		b := f.creator(store.NewCreator{Username: "bob", Email: "bob@x.example"})
		f.fake.FailAddress("bob@x.example", outreach.SuppressBounced)
		f.enroll(q, b)
		f.tick()
		if e := f.enrollment(q, b); e.Status != store.EnrollmentStopped || e.StopReason != "suppressed: bounced" {
			t.Fatalf("bounced enrollment = %+v", e)
		}
		if reason, _ := s.CheckSuppressed(f.ctx, f.ws.ID, store.SuppressionKey{Kind: store.SuppressEmail, Value: "bob@x.example"}); reason != "bounced" {
			t.Fatalf("bounce not suppressed: %q", reason)
		}
	})
}

func TestEnginesShareOneDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0), discordStep(tpl, 0)}, nil)
		var ids []int64
		for i := range 120 {
			ids = append(ids, f.creator(store.NewCreator{Username: "c" + itoa(i), Discord: "71" + itoa(i)}))
		}
		f.enroll(q, ids...)
		engines := []*outreach.Engine{f.eng, f.engine("engine-2", false), f.engine("engine-3", false)}
		var wg sync.WaitGroup
		errs := make(chan error, len(engines)*6)
		for _, e := range engines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 6 {
					if err := e.Tick(f.ctx); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		f.tick()
		f.noDuplicates()
		if f.fake.Total() != 240 {
			t.Fatalf("%d deliveries, want 240", f.fake.Total())
		}
	})
}

func TestEngineRecoversAfterACrash(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0)}, nil)
		var ids []int64
		for i := range 4 {
			ids = append(ids, f.creator(store.NewCreator{Username: "c" + itoa(i), Discord: "71" + itoa(i)}))
		}
		f.enroll(q, ids...)
		if _, err := f.eng.SchedulePass(f.ctx); err != nil {
			t.Fatal(err)
		}
		// A server claims all four and dies after delivering the first.
		claimed, err := s.ClaimOutbox(f.ctx, "dead", f.clock.Now(), time.Minute, 10, func(cs []*store.ClaimCandidate) []store.ClaimVerdict {
			return make([]store.ClaimVerdict, len(cs))
		})
		if err != nil || len(claimed) != 4 {
			t.Fatalf("claim = %d, %v", len(claimed), err)
		}
		first := claimed[0]
		if _, err := f.fake.Send(f.ctx, outreach.Outgoing{IdempotencyKey: first.IdemKey, WorkspaceID: f.ws.ID, CreatorID: first.CreatorID}); err != nil {
			t.Fatal(err)
		}
		f.tick() // the leases have not ended: nothing moves
		if f.fake.Total() != 1 {
			t.Fatalf("resent under a live lease: %v", f.fake.Counts())
		}
		// The last one's server had no Prober: recovered by an engine whose channel cannot tell.
		f.clock.Advance(2 * time.Minute)
		blind := f.engine("blind", true)
		blind.BatchSize = 1
		if n, err := f.eng.Recover(f.ctx); err != nil || n != 4 {
			t.Fatalf("Recover = %d, %v", n, err)
		}
		f.tick()
		f.noDuplicates()
		if f.fake.Total() != 4 {
			t.Fatalf("%d delivered, want each once: %v", f.fake.Total(), f.fake.Counts())
		}
		msgs, _ := s.OutboxMessages(f.ctx, f.ws.ID, 0, first.CreatorID, "", 0, 5)
		if len(msgs) != 1 || msgs[0].Status != store.OutboxSent || msgs[0].ProviderID == "" {
			t.Fatalf("recovered delivery = %+v", msgs)
		}
		// Without a Prober the outcome stays unknown and nothing is resent.
		c := f.creator(store.NewCreator{Username: "late", Discord: "404"})
		f.enroll(q, c)
		if _, err := f.eng.SchedulePass(f.ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimOutbox(f.ctx, "dead", f.clock.Now(), time.Minute, 10, func(cs []*store.ClaimCandidate) []store.ClaimVerdict {
			return make([]store.ClaimVerdict, len(cs))
		}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Minute)
		if n, err := blind.Recover(f.ctx); err != nil || n != 1 {
			t.Fatalf("blind Recover = %d, %v", n, err)
		}
		f.tick()
		msgs, _ = s.OutboxMessages(f.ctx, f.ws.ID, 0, c, "", 0, 5)
		if f.deliveries(c) != 0 || len(msgs) != 1 || msgs[0].Status != store.OutboxUnknown {
			t.Fatalf("without a Prober: %d deliveries, %+v", f.deliveries(c), msgs)
		}
		_ = model.StageProspect
	})
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

func TestEnginePauseHoldsQueuedMessages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		tpl := f.template("Hello", "")
		q := f.sequence([]store.SequenceStep{discordStep(tpl, 0)}, nil)
		a := f.creator(store.NewCreator{Username: "ann", Discord: "111"})
		f.enroll(q, a)
		if _, err := f.eng.SchedulePass(f.ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSequenceStatus(f.ctx, store.CLIActor, f.ws.ID, q.ID, store.SequencePaused); err != nil {
			t.Fatal(err)
		}
		f.tick()
		if f.fake.Total() != 0 {
			t.Fatalf("a paused sequence sent: %v", f.fake.Counts())
		}
		if msgs, _ := s.OutboxMessages(f.ctx, f.ws.ID, 0, a, store.OutboxHeld, 0, 5); len(msgs) != 1 {
			t.Fatalf("held = %+v", msgs)
		}
		if err := s.SetSequenceStatus(f.ctx, store.CLIActor, f.ws.ID, q.ID, store.SequenceActive); err != nil {
			t.Fatal(err)
		}
		f.tick()
		if f.deliveries(a) != 1 {
			t.Fatalf("after resuming: %v", f.fake.Counts())
		}
	})
}
