package crm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/creatorops/creatorops/internal/store"
)

// ScorePart is one component of the fit score, as the creator page shows it.
type ScorePart struct {
	Name   string `json:"name"`  // stable key: vertical, region, followers, sales, engagement, history, responsiveness
	Label  string `json:"label"` // as pages show it
	Points int    `json:"points"`
	Max    int    `json:"max"`
	Why    string `json:"why"`
}

// ScoreInput is what the fit score reads of a creator.
type ScoreInput struct {
	Verticals []string
	Region    string
	Followers *int64
	// The creator's own sales for the brand (precomputed), in SalesCurrency.
	SalesCurrency     string
	GMV30d, Units30d  int64
	GMVAll, OrdersAll int64
	// The marketplace's figures from a creator list, for prospects who never sold for us.
	ReportedGMV30d, ReportedUnits30d *int64
	ReportedCurrency                 string
	EngagementBP, AvgViews           *int64 // engagement rate in basis points (420 = 4.20%)
	LastContactedAt, LastReplyAt     *time.Time
}

// The parts' maxima: they add up to 100.
const (
	maxVertical       = 20
	maxRegion         = 5
	maxFollowers      = 15
	maxSales          = 20
	maxEngagement     = 15
	maxHistory        = 15
	maxResponsiveness = 10
)

// Score is the creator's recruitment fit, 0 to 100, and its parts (whose points add up to it),
// each saying why. It measures a creator against the workspace's targets (verticals, regions,
// audience) and on what they sell, how their audience engages, what they sold for the brand,
// and whether they answer. Unknown facts give no points, except where "not asked yet" is not a
// bad sign (no targets set, never contacted): those give about half.
func Score(in ScoreInput, set store.CRMSettings, now time.Time) (int, []ScorePart) {
	parts := []ScorePart{
		scoreVertical(in, set), scoreRegion(in, set), scoreFollowers(in, set), scoreSales(in),
		scoreEngagement(in), scoreHistory(in), scoreResponsiveness(in, now),
	}
	total := 0
	for _, p := range parts {
		total += p.Points
	}
	return total, parts
}

// EncodeScoreParts is the JSON stored in creators.score_parts. It is written by hand: a
// refresh encodes every creator's parts to compare them with the stored ones, and
// encoding/json's reflection is most of that cost.
func EncodeScoreParts(parts []ScorePart) string {
	b := make([]byte, 0, 128*len(parts))
	b = append(b, '[')
	for i, p := range parts {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, p.Name)
		b = append(b, `,"label":`...)
		b = appendJSONString(b, p.Label)
		b = append(b, `,"points":`...)
		b = strconv.AppendInt(b, int64(p.Points), 10)
		b = append(b, `,"max":`...)
		b = strconv.AppendInt(b, int64(p.Max), 10)
		b = append(b, `,"why":`...)
		b = appendJSONString(b, p.Why)
		b = append(b, '}')
	}
	return string(append(b, ']'))
}

// appendJSONString writes s as a JSON string: quotes, backslashes and control characters
// escaped, everything else as is (valid UTF-8 from our own messages).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// ParseScoreParts reads creators.score_parts; "" (never scored) gives no parts.
func ParseScoreParts(s string) ([]ScorePart, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var parts []ScorePart
	if err := json.Unmarshal([]byte(s), &parts); err != nil {
		return nil, fmt.Errorf("crm: unreadable score parts: %w", err)
	}
	return parts, nil
}

func containsFold(list []string, v string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, v) })
}

func scoreVertical(in ScoreInput, set store.CRMSettings) ScorePart {
	p := ScorePart{Name: "vertical", Label: "Vertical match", Max: maxVertical}
	switch {
	case len(set.TargetVerticals) == 0:
		p.Points, p.Why = maxVertical/2, "No target verticals set in the CRM settings"
	case len(in.Verticals) == 0:
		p.Why = "Vertical unknown"
	default:
		for _, v := range in.Verticals {
			if containsFold(set.TargetVerticals, v) {
				p.Points, p.Why = maxVertical, v+" is one of your target verticals"
				return p
			}
		}
		p.Why = fmt.Sprintf("%s: not among your target verticals (%s)", strings.Join(in.Verticals, ", "), strings.Join(set.TargetVerticals, ", "))
	}
	return p
}

func scoreRegion(in ScoreInput, set store.CRMSettings) ScorePart {
	p := ScorePart{Name: "region", Label: "Region", Max: maxRegion}
	switch {
	case len(set.TargetRegions) == 0:
		p.Points, p.Why = 3, "No target regions set in the CRM settings"
	case in.Region == "":
		p.Why = "Region unknown"
	case containsFold(set.TargetRegions, in.Region):
		p.Points, p.Why = maxRegion, in.Region+" is one of your target regions"
	default:
		p.Why = fmt.Sprintf("%s is not among your target regions (%s)", in.Region, strings.Join(set.TargetRegions, ", "))
	}
	return p
}

// steps gives the points of the first threshold v reaches (thresholds high to low).
func steps(v int64, table [][2]int64) int {
	for _, s := range table {
		if v >= s[0] {
			return int(s[1])
		}
	}
	return 0
}

func scoreFollowers(in ScoreInput, set store.CRMSettings) ScorePart {
	p := ScorePart{Name: "followers", Label: "Followers", Max: maxFollowers}
	switch {
	case in.Followers == nil:
		p.Why = "Follower count unknown"
	case set.TargetMinFollowers > 0 && *in.Followers >= set.TargetMinFollowers:
		p.Points = maxFollowers
		p.Why = fmt.Sprintf("%s followers, at least your target of %s", group(*in.Followers), group(set.TargetMinFollowers))
	case set.TargetMinFollowers > 0:
		p.Points = int(int64(maxFollowers) * max(0, *in.Followers) / set.TargetMinFollowers)
		p.Why = fmt.Sprintf("%s followers, below your target of %s", group(*in.Followers), group(set.TargetMinFollowers))
	default:
		p.Points = steps(*in.Followers, [][2]int64{{1_000_000, 15}, {100_000, 12}, {10_000, 9}, {1_000, 5}, {1, 2}})
		p.Why = count(*in.Followers, "follower")
	}
	return p
}

// salesSteps are the points of units sold in 30 days.
var salesSteps = [][2]int64{{1000, 20}, {300, 16}, {100, 12}, {30, 8}, {10, 5}, {1, 3}}

func scoreSales(in ScoreInput) ScorePart {
	p := ScorePart{Name: "sales", Label: "GMV and units sold", Max: maxSales}
	// Units, not GMV, give the points: they compare across currencies and price points; GMV is
	// shown alongside.
	switch {
	case in.Units30d > 0 || in.GMV30d > 0:
		p.Points = max(steps(in.Units30d, salesSteps), 3)
		p.Why = fmt.Sprintf("Sold %s (%s) for you in the last 30 days", count(in.Units30d, "unit"), FormatMoney(in.GMV30d, in.SalesCurrency))
	case in.ReportedUnits30d != nil && *in.ReportedUnits30d > 0:
		p.Points = steps(*in.ReportedUnits30d, salesSteps)
		p.Why = fmt.Sprintf("Sold %s in the last 30 days (marketplace figure)", count(*in.ReportedUnits30d, "unit"))
		if in.ReportedGMV30d != nil && in.ReportedCurrency != "" {
			p.Why = fmt.Sprintf("Sold %s (%s) in the last 30 days (marketplace figure)", count(*in.ReportedUnits30d, "unit"),
				FormatMoney(*in.ReportedGMV30d, in.ReportedCurrency))
		}
	case in.ReportedGMV30d != nil && *in.ReportedGMV30d > 0:
		p.Points = 3
		p.Why = fmt.Sprintf("%s GMV in the last 30 days, units unknown (marketplace figure)", FormatMoney(*in.ReportedGMV30d, in.ReportedCurrency))
	default:
		p.Why = "No sales in the last 30 days that we know of"
	}
	return p
}

func scoreEngagement(in ScoreInput) ScorePart {
	p := ScorePart{Name: "engagement", Label: "Engagement", Max: maxEngagement}
	var why []string
	if in.EngagementBP != nil {
		p.Points += steps(*in.EngagementBP, [][2]int64{{800, 10}, {400, 7}, {200, 5}, {100, 3}, {1, 1}})
		why = append(why, fmt.Sprintf("%d.%02d%% engagement", *in.EngagementBP/100, *in.EngagementBP%100))
	} else {
		why = append(why, "engagement unknown")
	}
	if in.AvgViews != nil {
		p.Points += steps(*in.AvgViews, [][2]int64{{100_000, 5}, {10_000, 3}, {1_000, 2}, {1, 1}})
		why = append(why, group(*in.AvgViews)+" average views")
	} else {
		why = append(why, "average views unknown")
	}
	p.Why = strings.ToUpper(why[0][:1]) + strings.Join(why, ", ")[1:]
	return p
}

func scoreHistory(in ScoreInput) ScorePart {
	p := ScorePart{Name: "history", Label: "Past results with you", Max: maxHistory}
	if in.OrdersAll <= 0 {
		p.Why = "No sales for you yet"
		return p
	}
	p.Points = steps(in.OrdersAll, [][2]int64{{100, 15}, {20, 12}, {5, 9}, {1, 6}})
	p.Why = fmt.Sprintf("%s and %s GMV for you so far", count(in.OrdersAll, "order"), FormatMoney(in.GMVAll, in.SalesCurrency))
	return p
}

// awaitDays is how long a message may wait for a reply before silence counts against a creator.
const awaitDays = 7

func scoreResponsiveness(in ScoreInput, now time.Time) ScorePart {
	p := ScorePart{Name: "responsiveness", Label: "Responsiveness", Max: maxResponsiveness}
	c, r := in.LastContactedAt, in.LastReplyAt
	recent := c != nil && now.Sub(*c) < awaitDays*24*time.Hour
	switch {
	case r != nil && (c == nil || !r.Before(*c)):
		p.Points, p.Why = maxResponsiveness, "Replied on "+r.Format(time.DateOnly)
		if c != nil {
			p.Why = "Replied to your message of " + c.Format(time.DateOnly)
		}
	case r != nil && recent:
		p.Points, p.Why = 7, "Replied before; your message of "+c.Format(time.DateOnly)+" awaits a reply"
	case r != nil:
		p.Points, p.Why = 4, "Replied before, but not to your message of "+c.Format(time.DateOnly)
	case c == nil:
		p.Points, p.Why = 5, "Not contacted yet"
	case recent:
		p.Points, p.Why = 5, "Contacted on "+c.Format(time.DateOnly)+", awaiting a reply"
	default:
		p.Why = "No reply to your message of " + c.Format(time.DateOnly)
	}
	return p
}

// count writes n things: "1 unit", "1,200 units".
func count(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return group(n) + " " + thing + "s"
}
