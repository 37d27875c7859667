package outreach_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
	"github.com/creatorops/creatorops/internal/store"
)

// clock is the engines' and the fake channel's time: tests move it by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// monday10 is Monday 2030-11-18 10:00 UTC: after the real time the store stamps enrollments
// with, so they are due at once on the tests' clock.
var monday10 = time.Date(2030, 11, 18, 10, 0, 0, 0, time.UTC)

// resolverFunc serves every sender key with one channel.
type resolverFunc func(ctx context.Context, ws int64, key string) (outreach.Channel, error)

func (f resolverFunc) Channel(ctx context.Context, ws int64, key string) (outreach.Channel, error) {
	return f(ctx, ws, key)
}

// noProbe hides the fake's Prober, as a channel that cannot tell what it delivered.
type noProbe struct{ outreach.Channel }

// fixture is a workspace with a fake channel behind every sender and an engine on a clock.
type fixture struct {
	t     *testing.T
	s     *store.Store
	ws    *model.Workspace
	fake  *outreachtest.Fake
	clock *clock
	eng   *outreach.Engine
	ctx   context.Context
}

func newFixture(t *testing.T, s *store.Store, slug string) *fixture {
	t.Helper()
	ctx := context.Background()
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: slug, Name: "Acme " + slug, Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: monday10}
	f := &fixture{t: t, s: s, ws: ws, fake: &outreachtest.Fake{Now: c.Now}, clock: c, ctx: ctx}
	f.eng = f.engine("engine-1", false)
	return f
}

// engine makes another engine (another server) on the same database and channel.
func (f *fixture) engine(worker string, hideProber bool) *outreach.Engine {
	return &outreach.Engine{Store: f.s, Now: f.clock.Now, Worker: worker, Lease: time.Minute, BatchSize: 50, SendConcurrency: 4,
		Resolver: resolverFunc(func(context.Context, int64, string) (outreach.Channel, error) {
			if hideProber {
				return noProbe{f.fake}, nil
			}
			return f.fake, nil
		})}
}

func (f *fixture) template(body, subject string) int64 {
	f.t.Helper()
	tpl := &store.OutreachTemplate{WorkspaceID: f.ws.ID, Name: fmt.Sprintf("t%d", time.Now().UnixNano()),
		Variants: []store.TemplateVariant{{Label: "A", Subject: subject, Body: body}}}
	if err := f.s.CreateTemplate(f.ctx, store.CLIActor, tpl); err != nil {
		f.t.Fatal(err)
	}
	return tpl.ID
}

func (f *fixture) mailbox(cap, initial, step int) int64 {
	f.t.Helper()
	mb := &store.Mailbox{WorkspaceID: f.ws.ID, Name: "Main", FromAddress: "team@acme.example", DailyCap: cap, WarmupInitial: initial,
		WarmupStep: step, WarmupStart: f.clock.Now()}
	if err := f.s.SaveMailbox(f.ctx, store.CLIActor, mb, nil); err != nil {
		f.t.Fatal(err)
	}
	return mb.ID
}

func (f *fixture) connection() int64 {
	f.t.Helper()
	c := &store.Connection{WorkspaceID: f.ws.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "shop-" + f.ws.Slug, ShopName: "Shop"}
	if err := f.s.SaveConnection(f.ctx, store.CLIActor, c); err != nil {
		f.t.Fatal(err)
	}
	return c.ID
}

// sequence creates and activates a sequence; mod sets senders and options.
func (f *fixture) sequence(steps []store.SequenceStep, mod func(*store.Sequence)) *store.Sequence {
	f.t.Helper()
	q := &store.Sequence{WorkspaceID: f.ws.ID, Name: fmt.Sprintf("s%d", time.Now().UnixNano()), StopOnReply: true, Steps: steps}
	if mod != nil {
		mod(q)
	}
	if err := f.s.CreateSequence(f.ctx, store.CLIActor, q); err != nil {
		f.t.Fatal(err)
	}
	if err := f.s.SetSequenceStatus(f.ctx, store.CLIActor, f.ws.ID, q.ID, store.SequenceActive); err != nil {
		f.t.Fatal(err)
	}
	return q
}

func (f *fixture) creator(c store.NewCreator) int64 {
	f.t.Helper()
	id, err := f.s.AddCreator(f.ctx, store.CLIActor, f.ws.ID, c)
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) enroll(q *store.Sequence, ids ...int64) {
	f.t.Helper()
	r, err := f.s.EnrollCreators(f.ctx, store.CLIActor, f.ws.ID, q.ID, ids, "manual")
	if err != nil || r.Enrolled != len(ids) {
		f.t.Fatalf("enroll = %s %+v, %v", r.Summary(), r.Skipped, err)
	}
}

func (f *fixture) tick() {
	f.t.Helper()
	if err := f.eng.Tick(f.ctx); err != nil {
		f.t.Fatal(err)
	}
}

// enrollment returns the creator's enrollment in q.
func (f *fixture) enrollment(q *store.Sequence, creator int64) store.Enrollment {
	f.t.Helper()
	es, err := f.s.ListEnrollments(f.ctx, f.ws.ID, store.EnrollmentFilter{SequenceID: q.ID, CreatorID: creator})
	if err != nil || len(es) != 1 {
		f.t.Fatalf("enrollment of %d = %+v, %v", creator, es, err)
	}
	return es[0]
}

// deliveries counts the fake's deliveries to creator.
func (f *fixture) deliveries(creator int64) int {
	n := 0
	for _, d := range f.fake.Deliveries() {
		if d.CreatorID == creator && d.WorkspaceID == f.ws.ID {
			n++
		}
	}
	return n
}

func (f *fixture) noDuplicates() {
	f.t.Helper()
	if d := f.fake.Duplicates(); len(d) > 0 {
		f.t.Fatalf("delivered more than once: %v", d)
	}
}

func discordStep(tpl int64, delay int) store.SequenceStep {
	return store.SequenceStep{Channel: store.ChannelDiscord, TemplateID: tpl, DelayMinutes: delay}
}
