package outreach

import (
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestWeeklyQuota(t *testing.T) {
	tiers := DefaultQuotaTiers()
	if err := ValidateTiers(tiers, "USD"); err != nil {
		t.Fatal(err)
	}
	for gmv, want := range map[int64]int{
		-5_00: 50, 0: 50, 999_99: 50, 1_000_00: 200, 9_999_99: 200, 10_000_00: 500,
		99_999_99: 500, 100_000_00: 2_000, 1 << 62: 2_000,
	} {
		if got := WeeklyQuota(tiers, gmv); got != want {
			t.Errorf("WeeklyQuota(default, %d) = %d, want %d", gmv, got, want)
		}
		if got := WeeklyQuota(nil, gmv); got != want {
			t.Errorf("WeeklyQuota(nil, %d) = %d, want the default %d", gmv, got, want)
		}
	}
	custom := []QuotaTier{{0, 10}, {500, 20}}
	if got := WeeklyQuota(custom, 500); got != 20 {
		t.Errorf("WeeklyQuota(custom, 500) = %d", got)
	}
}

func TestValidateTiers(t *testing.T) {
	tests := []struct {
		tiers []QuotaTier
		want  []string
	}{
		{nil, []string{"quota tiers: add at least one row (minimum GMV 0)"}},
		{[]QuotaTier{{0, 50}}, nil},
		{[]QuotaTier{{100, 50}}, []string{"quota tiers: row 1 starts at a minimum GMV of $1.00; the first row must start at 0 so every shop has a quota"}},
		{[]QuotaTier{{0, 50}, {1000, 0}, {1000, 300}, {500, -1}}, []string{
			"quota tiers: row 2 has a quota of 0; a quota must be at least 1 (TikTok's lowest tier is 50): to stop first contacts, pause the sequences instead",
			"quota tiers: row 3's minimum GMV $10.00 is not above row 2's $10.00; sort the rows by minimum GMV, each higher than the last",
			"quota tiers: row 4 has a quota of -1; a quota must be at least 1 (TikTok's lowest tier is 50): to stop first contacts, pause the sequences instead",
			"quota tiers: row 4's minimum GMV $5.00 is not above row 3's $10.00; sort the rows by minimum GMV, each higher than the last",
		}},
	}
	for _, tt := range tests {
		err := ValidateTiers(tt.tiers, "USD")
		var got []string
		if err != nil {
			got = strings.Split(err.Error(), "\n")
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ValidateTiers(%v):\n got %q\nwant %q", tt.tiers, got, tt.want)
		}
	}
}

func TestWarmupCap(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, 1+d, 15, 4, 0, 0, time.UTC) }
	start := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC) // late on day 0: days count dates, not 24 h
	tests := []struct {
		name               string
		cap, initial, step int
		today              time.Time
		want               int
	}{
		{"day 0 sends the initial", 200, 20, 10, day(0), 20},
		{"day 1", 200, 20, 10, day(1), 30},
		{"day 10", 200, 20, 10, day(10), 120},
		{"never above the cap", 200, 20, 10, day(30), 200},
		{"before the start is day 0", 200, 20, 10, day(-3), 20},
		{"no warm-up", 200, 0, 0, day(0), 200},
		{"no cap, no warm-up", 0, 0, 0, day(0), Unlimited},
		{"no cap with a ramp", 0, 20, 10, day(2), 40},
		{"initial above the cap", 50, 80, 10, day(0), 50},
		{"a ramp far in the future", 0, 20, 1 << 40, day(5000), Unlimited},
	}
	for _, tt := range tests {
		if got := WarmupCap(tt.cap, tt.initial, tt.step, start, tt.today); got != tt.want {
			t.Errorf("%s: WarmupCap(%d, %d, %d, day %v) = %d, want %d", tt.name, tt.cap, tt.initial, tt.step, tt.today, got, tt.want)
		}
	}
	// Day boundaries are the dates of the times as given: both in the mailbox's zone.
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	s := time.Date(2026, 3, 1, 23, 0, 0, 0, hcm)
	if got := WarmupCap(100, 10, 5, s, time.Date(2026, 3, 2, 1, 0, 0, 0, hcm)); got != 15 {
		t.Errorf("WarmupCap across local midnight = %d, want day 1's 15", got)
	}
}

// TestWarmupCapProperties: the cap never exceeds the cap, never decreases day to day, and
// day 0 is min(cap, initial).
func TestWarmupCapProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cap := rapid.IntRange(0, 100_000).Draw(t, "cap")
		initial := rapid.IntRange(0, 1_000).Draw(t, "initial")
		step := rapid.IntRange(0, 1_000).Draw(t, "step")
		start := time.Unix(rapid.Int64Range(0, 2e9).Draw(t, "start"), 0).UTC()
		d := rapid.IntRange(0, 5_000).Draw(t, "day")
		today := start.AddDate(0, 0, d)
		got, next := WarmupCap(cap, initial, step, start, today), WarmupCap(cap, initial, step, start, today.AddDate(0, 0, 1))
		limit := cap
		if cap == 0 {
			limit = Unlimited
		}
		if got > limit || got < 0 || next < got {
			t.Fatalf("cap %d, ramp %d+%d/day: day %d → %d, day %d → %d", cap, initial, step, d, got, d+1, next)
		}
		if initial+step > 0 && d == 0 && got != min(limit, initial) {
			t.Fatalf("day 0 = %d, want min(%d, %d)", got, limit, initial)
		}
	})
}

func TestQuotaPlan(t *testing.T) {
	cands := []Candidate{{ID: 5, Score: 70}, {ID: 2, Score: 90}, {ID: 9, Score: 70}, {ID: 1, Score: 70}, {ID: 4, Score: 10}}
	got := QuotaPlan(3, cands)
	want := []Candidate{{ID: 2, Score: 90}, {ID: 1, Score: 70}, {ID: 5, Score: 70}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("QuotaPlan(3) = %v, want %v", got, want)
	}
	if cands[0].ID != 5 {
		t.Errorf("QuotaPlan reordered its input: %v", cands)
	}
	if got := QuotaPlan(0, cands); got != nil {
		t.Errorf("QuotaPlan(0) = %v", got)
	}
	if got := QuotaPlan(-1, cands); got != nil {
		t.Errorf("QuotaPlan(-1) = %v", got)
	}
	if got := QuotaPlan(10, cands); len(got) != 5 {
		t.Errorf("QuotaPlan(10) of 5 = %d candidates", len(got))
	}
}

// TestQuotaPlanProperties: never more than remaining, only given candidates, each once, and
// nobody left out scores higher than someone picked.
func TestQuotaPlanProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		remaining := rapid.IntRange(-5, 60).Draw(t, "remaining")
		ids := rapid.SliceOfDistinct(rapid.Int64Range(1, 1_000), func(id int64) int64 { return id }).Draw(t, "ids")
		var cands []Candidate
		for _, id := range ids {
			cands = append(cands, Candidate{ID: id, Score: rapid.IntRange(0, 100).Draw(t, "score")})
		}
		plan := QuotaPlan(remaining, cands)
		if len(plan) > max(remaining, 0) || len(plan) != min(max(remaining, 0), len(cands)) {
			t.Fatalf("remaining %d of %d candidates: planned %d", remaining, len(cands), len(plan))
		}
		picked := map[int64]bool{}
		for _, c := range plan {
			if picked[c.ID] {
				t.Fatalf("%d planned twice", c.ID)
			}
			picked[c.ID] = true
		}
		worst := 101
		for _, c := range plan {
			worst = min(worst, c.Score)
		}
		for _, c := range cands {
			if !picked[c.ID] && c.Score > worst {
				t.Fatalf("left out %v though %d made the plan", c, worst)
			}
		}
		if !sort.SliceIsSorted(plan, func(i, j int) bool { return plan[i].Score > plan[j].Score }) {
			t.Fatalf("plan not by score: %v", plan)
		}
	})
}
