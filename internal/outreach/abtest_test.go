package outreach

import (
	"math"
	"testing"
)

// TestCompare checks the z-test against values computed independently (two-proportion
// z-test with pooled variance, two-sided) and the notes a manager reads.
func TestCompare(t *testing.T) {
	tests := []struct {
		name                     string
		aSent, aWin, bSent, bWin int
		lift, p                  float64
		significant              bool
		needMore                 int
		note                     string
	}{
		{"B clearly better", 1000, 100, 1000, 141, 4.1, 0.004860, true, 0,
			"B replies 4.1 points more often than A; likely real (p = 0.005)"},
		{"A clearly better", 1000, 150, 1000, 100, -5.0, 0.000723, true, 0,
			"A replies 5.0 points more often than B; likely real (p < 0.001)"},
		{"promising but unproven", 300, 30, 300, 45, 5.0, 0.064078, false, 390,
			"too few messages to tell (need about 390 more per variant)"},
		{"close call", 2000, 200, 2000, 236, 1.8, 0.067775, false, 2800,
			"too few messages to tell (need about 2,800 more per variant)"},
		{"small difference, needs many", 500, 50, 500, 55, 1.0, 0.606009, false, 15000,
			"too few messages to tell (need about 15,000 more per variant)"},
		{"no difference worth waiting for", 5000, 500, 5000, 502, 0.04, 0.946894, false, 0,
			"no clear difference (p = 0.95)"},
		{"a first dozen messages", 20, 2, 20, 5, 15.0, 0.212, false, 80,
			"too few messages to tell (need about 80 more per variant)"},
		{"nothing sent", 0, 0, 0, 0, 0, 1, false, 100,
			"too few messages to tell (need about 100 more per variant)"},
		{"no replies at all", 200, 0, 200, 0, 0, 1, false, 0, "no clear difference"},
		{"bad counts", 10, 11, 10, 1, 0, 1, false, 0, "the counts do not add up (more successes than messages)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Compare(tt.aSent, tt.aWin, tt.bSent, tt.bWin)
			if math.Abs(s.Lift-tt.lift) > 0.01 || math.Abs(s.PValue-tt.p) > 0.001 {
				t.Errorf("lift %.3f p %.6f, want lift %.2f p %.6f", s.Lift, s.PValue, tt.lift, tt.p)
			}
			if s.Significant != tt.significant || s.NeedMore != tt.needMore || s.Note != tt.note {
				t.Errorf("got significant %v, need %d, %q\nwant significant %v, need %d, %q", s.Significant, s.NeedMore, s.Note, tt.significant, tt.needMore, tt.note)
			}
		})
	}
	if got := CompareOutcome("requests a sample", 1000, 100, 1000, 141).Note; got != "B requests a sample 4.1 points more often than A; likely real (p = 0.005)" {
		t.Errorf("CompareOutcome note = %q", got)
	}
}
