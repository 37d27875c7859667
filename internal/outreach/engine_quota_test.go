package outreach_test

import (
	"flag"
	"fmt"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestQuotasNeverExceeded runs random sequences (TikTok IM and email steps, random delays,
// with and without stop-on-reply) over random enrollments, replies and clock jumps across
// several weeks, and checks every delivery the fake channel saw against the rules: first
// contacts per TikTok sender per week within the quota, at most 5 messages from a sender to a
// creator since their last reply, and each mailbox's day within its cap and warm-up ramp.
func TestQuotasNeverExceeded(t *testing.T) {
	// Each case runs a few dozen engine ticks on a real database: fewer cases than rapid's
	// default, unless -rapid.checks asks for more.
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == f.DefValue {
		f.Value.Set("12")
		defer f.Value.Set(f.DefValue)
	}
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		n := 0
		rapid.Check(t, func(rt *rapid.T) {
			n++
			f := newFixture(t, s, fmt.Sprintf("p%d", n))
			quota := rapid.IntRange(1, 4).Draw(rt, "weekly quota")
			set, err := s.OutreachSettings(f.ctx, f.ws.ID)
			if err != nil {
				t.Fatal(err)
			}
			set.QuotaTiers = []store.QuotaTier{{MinGMV: 0, Quota: quota}}
			if err := s.SaveOutreachSettings(f.ctx, store.CLIActor, set); err != nil {
				t.Fatal(err)
			}
			conn := f.connection()
			capDay, initial, step := rapid.IntRange(1, 5).Draw(rt, "mailbox cap"), rapid.IntRange(1, 3).Draw(rt, "warm-up initial"), rapid.IntRange(0, 2).Draw(rt, "warm-up step")
			mb := f.mailbox(capDay, initial, step)
			warmStart := f.clock.Now()
			tpl := f.template("Hi {{creator.handle}}", "Hello")
			var seqs []*store.Sequence
			for range rapid.IntRange(1, 2).Draw(rt, "sequences") {
				var steps []store.SequenceStep
				for range rapid.IntRange(1, 7).Draw(rt, "steps") {
					ch := rapid.SampledFrom([]string{store.ChannelTikTokIM, store.ChannelEmail}).Draw(rt, "channel")
					steps = append(steps, store.SequenceStep{Channel: ch, TemplateID: tpl, DelayMinutes: rapid.SampledFrom([]int{0, 30, 240, 1440}).Draw(rt, "delay")})
				}
				reply := rapid.Bool().Draw(rt, "stop on reply")
				seqs = append(seqs, f.sequence(steps, func(q *store.Sequence) {
					q.TikTokConnectionID, q.MailboxID, q.StopOnReply = &conn, &mb, reply
				}))
			}
			zones := []string{"", "Asia/Ho_Chi_Minh", "America/Los_Angeles", "Europe/London"}
			var creators []int64
			for i := range rapid.IntRange(3, 10).Draw(rt, "creators") {
				h := fmt.Sprintf("c%d", i)
				id := f.creator(store.NewCreator{Username: h, Email: h + "@x.example", TimeZone: rapid.SampledFrom(zones).Draw(rt, "zone")})
				if err := s.SetCreatorIMID(f.ctx, store.CLIActor, f.ws.ID, id, "im-"+h); err != nil {
					t.Fatal(err)
				}
				creators = append(creators, id)
			}
			for _, q := range seqs {
				var ids []int64
				for _, c := range creators {
					if rapid.Bool().Draw(rt, "enroll") {
						ids = append(ids, c)
					}
				}
				if len(ids) > 0 {
					f.enroll(q, ids...)
				}
			}
			replies := map[int64][]time.Time{}
			for range rapid.IntRange(10, 40).Draw(rt, "ticks") {
				f.clock.Advance(rapid.SampledFrom([]time.Duration{15 * time.Minute, time.Hour, 5 * time.Hour, 24 * time.Hour}).Draw(rt, "advance"))
				if rapid.IntRange(0, 4).Draw(rt, "reply?") == 0 {
					i := rapid.IntRange(0, len(creators)-1).Draw(rt, "replier")
					if _, ok, err := s.RecordCreatorReply(f.ctx, store.CLIActor, f.ws.ID, "tiktok", fmt.Sprintf("im-c%d", i), f.clock.Now(), "dm"); err != nil {
						t.Fatal(err)
					} else if ok {
						replies[creators[i]] = append(replies[creators[i]], f.clock.Now())
					}
				}
				f.tick()
			}
			for _, q := range seqs {
				if err := s.SetSequenceStatus(f.ctx, store.CLIActor, f.ws.ID, q.ID, store.SequenceArchived); err != nil {
					t.Fatal(err)
				}
			}
			checkQuotas(rt, f, quota, capDay, initial, step, warmStart, replies)
		})
	})
}

func checkQuotas(rt *rapid.T, f *fixture, quota, capDay, initial, step int, warmStart time.Time, replies map[int64][]time.Time) {
	ds := f.fake.Deliveries()
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].At.Before(ds[j].At) })
	if dup := f.fake.Duplicates(); len(dup) > 0 {
		rt.Fatalf("delivered twice: %v", dup)
	}
	type pair struct {
		sender  string
		creator int64
	}
	first := map[pair]bool{}
	firstsPerWeek := map[string]int{}
	perDay := map[string]int{}
	byPair := map[pair][]time.Time{}
	for _, d := range ds {
		p := pair{d.SenderKey, d.CreatorID}
		if d.Channel == outreach.ChannelTikTokIM && !first[p] {
			first[p] = true
			week := d.SenderKey + " " + outreach.WeekStart(d.At, time.UTC).Format("2006-01-02")
			if firstsPerWeek[week]++; firstsPerWeek[week] > quota {
				rt.Fatalf("%s: %d first contacts, quota %d", week, firstsPerWeek[week], quota)
			}
		}
		if d.Channel == outreach.ChannelEmail {
			day := outreach.DayStart(d.At, time.UTC)
			k := d.SenderKey + " " + day.Format("2006-01-02")
			limit := outreach.WarmupCap(capDay, initial, step, warmStart, day)
			if perDay[k]++; perDay[k] > limit {
				rt.Fatalf("%s: %d messages, cap %d", k, perDay[k], limit)
			}
		}
		byPair[p] = append(byPair[p], d.At)
	}
	for p, times := range byPair {
		for i, at := range times {
			var last time.Time
			for _, r := range replies[p.creator] {
				if !r.After(at) {
					last = r
				}
			}
			n := 0
			for _, t := range times[:i+1] {
				if !t.Before(last) {
					n++
				}
			}
			if n > outreach.MaxMessagesBeforeReply {
				rt.Fatalf("%s → creator %d: %d messages since the reply of %s", p.sender, p.creator, n, last)
			}
		}
	}
}
