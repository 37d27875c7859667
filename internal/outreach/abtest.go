package outreach

import (
	"fmt"
	"math"
	"strconv"
)

// Significance says whether variant B does better or worse than A, in words a manager acts on.
type Significance struct {
	Lift        float64 // B's rate minus A's, in percentage points (negative: A does better)
	PValue      float64 // two-sided p-value of the two-proportion z-test; 1 when untestable
	Significant bool    // PValue < 0.05 with enough messages for the test to hold
	NeedMore    int     // messages per variant still needed to tell, when that is the verdict
	Note        string  // "B replies 4.1 points more often than A; likely real (p = 0.01)"
}

// Test thresholds. minPerVariant keeps a lucky first dozen messages from being called a
// winner; the power figure (80% at a 5% two-sided level) is the usual one for "need N more".
const (
	alpha         = 0.05
	zAlpha        = 1.959963984540054  // two-sided 5%
	zPower        = 0.8416212335729143 // 80% power
	minPerVariant = 100
	// A difference needing more than this many more messages per variant is no difference
	// worth waiting for.
	maxUsefulMore = 100_000
)

// Compare tests reply rates: sent and replied messages of variants A and B.
func Compare(aSent, aSuccess, bSent, bSuccess int) Significance {
	return CompareOutcome("replies", aSent, aSuccess, bSent, bSuccess)
}

// CompareOutcome is Compare for another outcome; verb completes "B … 4.1 points more often
// than A" ("replies", "requests a sample", "joins").
func CompareOutcome(verb string, aSent, aSuccess, bSent, bSuccess int) Significance {
	if aSent < 0 || bSent < 0 || aSuccess < 0 || bSuccess < 0 || aSuccess > aSent || bSuccess > bSent {
		return Significance{PValue: 1, Note: "the counts do not add up (more successes than messages)"}
	}
	s := Significance{PValue: 1}
	if aSent > 0 && bSent > 0 {
		pa, pb := float64(aSuccess)/float64(aSent), float64(bSuccess)/float64(bSent)
		s.Lift = (pb - pa) * 100
		pool := float64(aSuccess+bSuccess) / float64(aSent+bSent)
		if se := math.Sqrt(pool * (1 - pool) * (1/float64(aSent) + 1/float64(bSent))); se > 0 {
			z := (pb - pa) / se
			s.PValue = math.Erfc(math.Abs(z) / math.Sqrt2)
		}
	}
	n := min(aSent, bSent)
	enough := n >= minPerVariant && expectedOK(aSent, aSuccess, bSent, bSuccess)
	if enough && s.PValue < alpha {
		s.Significant = true
		s.Note = fmt.Sprintf("%s; likely real (%s)", better(verb, s.Lift), formatP(s.PValue))
		return s
	}
	// Not significant (or not testable): say how many more messages would tell, when a
	// realistic number would; else there is no difference worth waiting for.
	target := 0
	if need := neededPerVariant(aSent, aSuccess, bSent, bSuccess); need-n <= maxUsefulMore {
		target = need
	}
	if !enough {
		target = max(target, minPerVariant)
		if pool := float64(aSuccess+bSuccess) / float64(max(aSent+bSent, 1)); pool > 0 && pool < 1 {
			// Enough messages that each variant expects 5 successes (and 5 failures).
			target = max(target, int(math.Ceil(5/min(pool, 1-pool))))
		}
	}
	if target > n && (!enough || target-n <= maxUsefulMore) {
		s.NeedMore = roundAbout(target - n)
		s.Note = fmt.Sprintf("too few messages to tell (need about %s more per variant)", groupThousands(s.NeedMore))
		return s
	}
	if s.PValue < 1 {
		s.Note = fmt.Sprintf("no clear difference (%s)", formatP(s.PValue))
	} else {
		s.Note = "no clear difference"
	}
	return s
}

// expectedOK is the usual validity rule of the normal approximation: at least 5 expected
// successes and 5 expected failures in each variant under the pooled rate.
func expectedOK(aSent, aSuccess, bSent, bSuccess int) bool {
	pool := float64(aSuccess+bSuccess) / float64(aSent+bSent)
	for _, n := range []int{aSent, bSent} {
		if float64(n)*pool < 5 || float64(n)*(1-pool) < 5 {
			return false
		}
	}
	return true
}

// neededPerVariant is the sample size per variant that detects the observed difference with
// 80% power at the 5% level; math.MaxInt when there is no difference to detect.
func neededPerVariant(aSent, aSuccess, bSent, bSuccess int) int {
	if aSent == 0 || bSent == 0 {
		return math.MaxInt
	}
	pa, pb := float64(aSuccess)/float64(aSent), float64(bSuccess)/float64(bSent)
	d := math.Abs(pb - pa)
	if d == 0 {
		return math.MaxInt
	}
	mean := (pa + pb) / 2
	num := zAlpha*math.Sqrt(2*mean*(1-mean)) + zPower*math.Sqrt(pa*(1-pa)+pb*(1-pb))
	n := math.Ceil(num * num / (d * d))
	if n > 1e9 {
		return math.MaxInt
	}
	return int(n)
}

// better writes the direction: "B replies 4.1 points more often than A".
func better(verb string, lift float64) string {
	win, lose := "B", "A"
	if lift < 0 {
		win, lose, lift = "A", "B", -lift
	}
	return fmt.Sprintf("%s %s %.1f points more often than %s", win, verb, lift, lose)
}

// formatP writes a p-value with the precision a reader needs: "p = 0.01", "p = 0.004",
// "p < 0.001".
func formatP(p float64) string {
	switch {
	case p < 0.001:
		return "p < 0.001"
	case p < 0.01:
		return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
	default:
		return "p = " + strconv.FormatFloat(p, 'f', 2, 64)
	}
}

// roundAbout rounds up to two significant digits: "about 1,300", not "about 1,287".
func roundAbout(n int) int {
	if n <= 0 {
		return 0
	}
	unit := 1
	for n/unit >= 100 {
		unit *= 10
	}
	return (n + unit - 1) / unit * unit
}

// groupThousands writes 12500 as "12,500".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
