package outreach

import (
	"errors"
	"math"
	"sort"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// QuotaTier is one row of the weekly first-contact quota table: a shop whose last-30-day GMV
// is at least MinGMV (minor units of the table's currency) may make Quota first contacts a
// week on TikTok Shop IM.
type QuotaTier struct {
	MinGMV int64 `json:"min_gmv"`
	Quota  int   `json:"quota"`
}

// DefaultQuotaCurrency is the currency DefaultQuotaTiers are in; a workspace's own table is
// stored with its currency.
const DefaultQuotaCurrency = "USD"

// DefaultQuotaTiers is TikTok Shop's published ladder, in US cents: under 1,000 USD of GMV in
// the last 30 days → 50 first contacts a week; from 1,000 → 200; from 10,000 → 500; from
// 100,000 → 2,000.
func DefaultQuotaTiers() []QuotaTier {
	return []QuotaTier{
		{MinGMV: 0, Quota: 50},
		{MinGMV: 1_000_00, Quota: 200},
		{MinGMV: 10_000_00, Quota: 500},
		{MinGMV: 100_000_00, Quota: 2_000},
	}
}

// ValidateTiers checks a tier table as entered on the settings page, naming each bad row
// (rows count from 1): the first row starts at 0 so every shop has a quota, minimums rise
// strictly, quotas are at least 1 (store.MinQuota says why not 0). All problems are reported,
// one per line. The rules are the store's (store.QuotaTierProblems), so the page never accepts
// a table SaveOutreachSettings would refuse, nor refuses one it would save.
func ValidateTiers(tiers []QuotaTier, currency string) error {
	st := make([]store.QuotaTier, len(tiers))
	for i, t := range tiers {
		st[i] = store.QuotaTier{MinGMV: t.MinGMV, Quota: t.Quota}
	}
	var errs []error
	for _, p := range store.QuotaTierProblems(st, currency) {
		errs = append(errs, errors.New("quota tiers: "+p))
	}
	return errors.Join(errs...)
}

// WeeklyQuota is the weekly first-contact quota for a shop with gmv30d of last-30-day GMV:
// the quota of the last tier whose minimum it reaches. No tiers means DefaultQuotaTiers; a GMV
// below every minimum (negative after refunds, or a table failing ValidateTiers) gets the
// first row's quota.
func WeeklyQuota(tiers []QuotaTier, gmv30d int64) int {
	if len(tiers) == 0 {
		tiers = DefaultQuotaTiers()
	}
	q := tiers[0].Quota
	for _, t := range tiers {
		if gmv30d >= t.MinGMV {
			q = t.Quota
		}
	}
	return max(q, 0)
}

// Unlimited is what WarmupCap returns for "no cap": a number larger than any day's sending
// that still fits every integer column, so `used < cap` checks need no special case.
const Unlimited = math.MaxInt32

// WarmupCap is how many messages a mailbox may send on today, day d after the warm-up started
// on startDay (d counts calendar dates, each time read in its own location; pass both in the
// mailbox's zone or both in UTC): min(cap, initial + d × step). Day 0 (and any day before the
// start) sends initial. cap ≤ 0 means no cap: Unlimited, or the ramp alone while it lasts.
// initial ≤ 0 and step ≤ 0 mean no warm-up: the cap.
func WarmupCap(cap, initial, step int, startDay, today time.Time) int {
	if cap <= 0 {
		cap = Unlimited
	}
	if initial <= 0 && step <= 0 {
		return cap
	}
	d := int64(0)
	if days := civilDays(today) - civilDays(startDay); days > 0 {
		d = days
	}
	// Clamped so initial + d × step stays below 2^57: no overflow whatever the inputs.
	ini := min(int64(max(initial, 0)), Unlimited)
	st := min(int64(max(step, 0)), Unlimited)
	v := ini + min(d, 1<<25)*st
	return int(min(v, int64(cap)))
}

// civilDays numbers the calendar date of t, read in t's own location.
func civilDays(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Candidate is a creator the quota planner may contact, with the score it ranks them by.
type Candidate struct {
	ID    int64
	Score int
}

// QuotaPlan fills the remaining quota with the best candidates: the top remaining by score,
// ties broken by the smaller id so the plan is the same on every reload. It never returns
// more than remaining (nothing when remaining ≤ 0) and does not reorder candidates.
func QuotaPlan(remaining int, candidates []Candidate) []Candidate {
	if remaining <= 0 || len(candidates) == 0 {
		return nil
	}
	out := append([]Candidate(nil), candidates...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	if len(out) > remaining {
		out = out[:remaining]
	}
	return out
}
