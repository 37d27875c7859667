package outreach_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestMessagesOutsideSequencesShareTheQuota: a message sent from the creator page is a first
// contact of the week's TikTok quota (and one of the five before a reply), so the engine sends
// fewer first contacts that week; a creator already written to is not a first contact again.
func TestMessagesOutsideSequencesShareTheQuota(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s, "acme")
		set, err := s.OutreachSettings(f.ctx, f.ws.ID)
		if err != nil {
			t.Fatal(err)
		}
		set.QuotaTiers = []store.QuotaTier{{MinGMV: 0, Quota: 3}}
		if err := s.SaveOutreachSettings(f.ctx, store.CLIActor, set); err != nil {
			t.Fatal(err)
		}
		connID := f.connection()
		conn, err := s.Connection(f.ctx, f.ws.ID, connID)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, h := range []string{"ann", "bob", "cid", "dee", "eve"} {
			ids[h] = f.creator(store.NewCreator{Username: h})
			if err := s.SetCreatorIMID(f.ctx, store.CLIActor, f.ws.ID, ids[h], "im-"+h); err != nil {
				t.Fatal(err)
			}
		}
		for _, h := range []string{"ann", "bob"} {
			if err := s.RecordCreatorMessage(f.ctx, store.CLIActor, f.ws.ID, ids[h], conn, "m-"+h, "hello", f.clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		tpl := f.template("Hi {{creator.handle}}", "")
		q := f.sequence([]store.SequenceStep{{Channel: store.ChannelTikTokIM, TemplateID: tpl}}, func(q *store.Sequence) { q.TikTokConnectionID = &connID })
		f.enroll(q, ids["ann"], ids["cid"], ids["dee"], ids["eve"])
		f.tick()
		sent := 0
		for _, h := range []string{"ann", "cid", "dee", "eve"} {
			sent += f.deliveries(ids[h])
		}
		// ann was written to already (not a first contact); of cid, dee and eve only one fits
		// in what the two page messages left of the quota of 3.
		if sent != 2 || f.deliveries(ids["ann"]) != 1 {
			t.Fatalf("sent %d (ann %d); counts %v", sent, f.deliveries(ids["ann"]), f.fake.Counts())
		}
		waiting := 0
		for _, h := range []string{"cid", "dee", "eve"} {
			if e := f.enrollment(q, ids[h]); e.Status == store.EnrollmentActive && e.WaitReason == store.WaitWeeklyQuota {
				waiting++
			}
		}
		if waiting != 2 {
			t.Fatalf("%d enrollments wait for next week's quota, want 2", waiting)
		}
	})
}

// TestWeekQuotaPeriodMatchesTheEngine: the store's week names (for invites and page messages)
// are the engine's, in every zone, around DST changes and midnights.
func TestWeekQuotaPeriodMatchesTheEngine(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "America/Los_Angeles", "Asia/Ho_Chi_Minh", "Europe/London", "Australia/Lord_Howe",
		"Asia/Kathmandu", "Pacific/Apia", "America/Santiago"}
	r := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			t.Fatal(err)
		}
		for range 5000 {
			at := time.Unix(start+r.Int64N(6*365*24*3600), 0).UTC()
			want := "week:" + outreach.WeekStart(at, loc).In(loc).Format("2006-01-02")
			if got := store.WeekQuotaPeriod(at, z); got != want {
				t.Fatalf("%s at %s: store %s, engine %s", z, at, got, want)
			}
		}
	}
}
