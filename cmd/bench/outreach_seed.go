package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// fakeURLEnv is channels.FakeURLEnv: with it set, a server delivers every sender's messages
// to the fake channel at this URL (internal/cli/serve_outreach.go).
const fakeURLEnv = "CREATOROPS_OUTREACH_FAKE_URL"

// outreachSeed is a workspace with n creators and a one-step sequence sending to the fake
// channel (active, or a draft until activate), ready to enroll them.
type outreachSeed struct {
	s        *store.Store
	raw      *sql.DB
	ws       int64
	sequence int64
	creators []int64
}

// seedOutreach migrates dsn and writes the workspace, creators, template and sequence. The
// sequence has no quiet hours and every minute of every day is business time, so the run
// does not depend on the hour it starts at.
func seedOutreach(ctx context.Context, dsn string, n int, active bool) (*outreachSeed, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	if _, err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "bench", Name: "Bench", Timezone: "UTC"})
	if err != nil {
		return nil, err
	}
	out := &outreachSeed{s: s, ws: ws.ID}
	const chunk = 50_000
	for k := 0; k < n; k += chunk {
		m := min(chunk, n-k)
		cs := make([]store.SeedCreator, m)
		for i := range cs {
			id := strconv.Itoa(k + i)
			cs[i] = store.SeedCreator{Handle: "creator" + id, DisplayName: "Creator " + id, Discord: "9" + id, Email: "c" + id + "@bench.example"}
		}
		ids, err := s.SeedCreators(ctx, ws.ID, cs)
		if err != nil {
			return nil, err
		}
		out.creators = append(out.creators, ids...)
	}
	tpl := &store.OutreachTemplate{WorkspaceID: ws.ID, Name: "Intro", Variants: []store.TemplateVariant{{Label: "A",
		Subject: "Working together?", Body: `Hi {{creator.first_name | "there"}}, {{sender.company}} would love to work with you.`}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
		return nil, err
	}
	q := &store.Sequence{WorkspaceID: ws.ID, Name: "Bench", StopOnReply: true,
		Hours: store.OutreachHours{BusinessStart: 0, BusinessEnd: 24*60 - 1, BusinessDays: 127, QuietStart: 0, QuietEnd: 0},
		Steps: []store.SequenceStep{{Channel: store.ChannelDiscord, TemplateID: tpl.ID}}}
	if err := s.CreateSequence(ctx, store.CLIActor, q); err != nil {
		return nil, err
	}
	out.sequence = q.ID
	if active {
		if err := out.activate(ctx); err != nil {
			return nil, err
		}
	}
	if out.raw, err = openRaw(dsn); err != nil {
		return nil, err
	}
	ok = true
	return out, nil
}

// enroll enrolls every creator, as the sequence page's "enroll" does (a thousand per
// transaction).
func (o *outreachSeed) enroll(ctx context.Context) error {
	r, err := o.s.EnrollCreators(ctx, store.CLIActor, o.ws, o.sequence, o.creators, "manual")
	if err != nil {
		return err
	}
	if r.Enrolled != len(o.creators) {
		return fmt.Errorf("enrolled %d of %d: %s", r.Enrolled, len(o.creators), r.Summary())
	}
	return nil
}

// activate makes the sequence active: the servers' schedulers start on its enrollments.
func (o *outreachSeed) activate(ctx context.Context) error {
	return o.s.SetSequenceStatus(ctx, store.CLIActor, o.ws, o.sequence, store.SequenceActive)
}

// sentCount is how many messages the outbox records as sent.
func (o *outreachSeed) sentCount(ctx context.Context) (int, error) {
	var n int
	err := o.raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM outreach_outbox WHERE status = 'sent'`).Scan(&n)
	return n, err
}

// Close closes both connections.
func (o *outreachSeed) Close() {
	o.raw.Close()
	o.s.Close()
}

// openRaw opens dsn without the store, for the benchmark's own counting queries.
func openRaw(dsn string) (*sql.DB, error) {
	if store.IsPostgresDSN(dsn) {
		return sql.Open("pgx", dsn)
	}
	return sql.Open("sqlite", "file:"+dsn+"?"+url.Values{"_pragma": {"busy_timeout(10000)"}}.Encode())
}
