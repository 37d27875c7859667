package crm

import (
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

func ptr[T any](v T) *T { return &v }

func TestScore(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	targets := store.CRMSettings{TargetVerticals: []string{"Beauty", "Home & Living"}, TargetRegions: []string{"US"}, TargetMinFollowers: 10000}
	none := store.CRMSettings{}
	star := ScoreInput{Verticals: []string{"beauty"}, Region: "US", Followers: ptr[int64](250000), SalesCurrency: "USD",
		GMV30d: 1234500, Units30d: 1200, GMVAll: 9900000, OrdersAll: 150, EngagementBP: ptr[int64](820),
		AvgViews: ptr[int64](150000), LastContactedAt: ptr(now.AddDate(0, 0, -10)), LastReplyAt: ptr(now.AddDate(0, 0, -9))}
	cases := []struct {
		name  string
		in    ScoreInput
		set   store.CRMSettings
		score int
		why   map[string]string // part → a piece of its why
	}{
		{"a perfect fit", star, targets, 100, map[string]string{
			"vertical": "beauty is one of your target verticals", "region": "US is one of your target regions",
			"followers": "250,000 followers, at least your target of 10,000", "sales": "Sold 1,200 units ($12,345.00) for you",
			"engagement": "8.20% engagement, 150,000 average views", "history": "150 orders and $99,000.00 GMV",
			"responsiveness": "Replied to your message of 2026-11-20"}},
		{"an unknown prospect with no targets set", ScoreInput{}, none, 10 + 3 + 5, map[string]string{
			"vertical": "No target verticals set", "region": "No target regions set", "followers": "Follower count unknown",
			"sales": "No sales in the last 30 days", "engagement": "Engagement unknown, average views unknown",
			"history": "No sales for you yet", "responsiveness": "Not contacted yet"}},
		{"a prospect off target, from a marketplace list", ScoreInput{Verticals: []string{"Fashion"}, Region: "GB", Followers: ptr[int64](5000),
			ReportedUnits30d: ptr[int64](120), ReportedGMV30d: ptr[int64](250000), ReportedCurrency: "USD", EngagementBP: ptr[int64](150),
			LastContactedAt: ptr(now.AddDate(0, 0, -2))}, targets, 0 + 0 + 7 + 12 + 3 + 0 + 5, map[string]string{
			"vertical": "Fashion: not among your target verticals (Beauty, Home & Living)", "region": "GB is not among your target regions",
			"followers": "5,000 followers, below your target of 10,000", "sales": "Sold 120 units ($2,500.00) in the last 30 days (marketplace figure)",
			"engagement": "1.50% engagement, average views unknown", "responsiveness": "Contacted on 2026-11-28, awaiting a reply"}},
		{"silent after contact, followers on the default scale", ScoreInput{Followers: ptr[int64](12000), ReportedGMV30d: ptr[int64](900), ReportedCurrency: "USD",
			LastContactedAt: ptr(now.AddDate(0, 0, -8))}, none, 10 + 3 + 9 + 3, map[string]string{
			"followers": "12,000 followers", "sales": "$9.00 GMV in the last 30 days, units unknown",
			"responsiveness": "No reply to your message of 2026-11-22"}},
		{"replied before but not to the latest message", ScoreInput{LastReplyAt: ptr(now.AddDate(0, 0, -30)), LastContactedAt: ptr(now.AddDate(0, 0, -20))},
			none, 10 + 3 + 4, map[string]string{"responsiveness": "Replied before, but not to your message of 2026-11-10"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			score, parts := Score(c.in, c.set, now)
			sum, max := 0, 0
			for _, p := range parts {
				sum += p.Points
				max += p.Max
				if p.Points < 0 || p.Points > p.Max || p.Label == "" || p.Why == "" {
					t.Errorf("part %+v", p)
				}
				if w, ok := c.why[p.Name]; ok && !strings.Contains(p.Why, w) {
					t.Errorf("%s: why %q, want %q", p.Name, p.Why, w)
				}
			}
			if score != c.score || sum != score || max != 100 {
				t.Errorf("score %d (parts sum to %d of %d), want %d: %+v", score, sum, max, c.score, parts)
			}
			back, err := ParseScoreParts(EncodeScoreParts(parts))
			if err != nil || len(back) != len(parts) || back[0] != parts[0] {
				t.Errorf("parts do not round-trip: %v", err)
			}
		})
	}
	if p, err := ParseScoreParts(""); p != nil || err != nil {
		t.Errorf("empty parts: %v, %v", p, err)
	}
	if _, err := ParseScoreParts("{"); err == nil {
		t.Error("bad JSON accepted")
	}
}

// TestEncodeScoreParts checks the hand-written encoder against the decoder on awkward text.
func TestEncodeScoreParts(t *testing.T) {
	parts := []ScorePart{{Name: "vertical", Label: `Vertical "match"`, Points: 20, Max: 20, Why: "Home & Living <b> \\ tab\t new\nline é 🎉 \x01"},
		{Name: "followers", Label: "Followers", Points: -1, Max: 15, Why: ""}}
	back, err := ParseScoreParts(EncodeScoreParts(parts))
	if err != nil || len(back) != 2 || back[0] != parts[0] || back[1] != parts[1] {
		t.Errorf("round trip: %+v, %v; encoded %s", back, err, EncodeScoreParts(parts))
	}
	if EncodeScoreParts(nil) != "[]" {
		t.Errorf("no parts: %s", EncodeScoreParts(nil))
	}
}
