// Package crm is the creator CRM's engine: the automatic stage moves, tier evaluation and the
// recruitment fit score (pure functions over a creator's facts), and Refresh, which applies
// them to every creator of a workspace after imports and on a schedule (docs/crm.md,
// "Stages, tiers and scores").
package crm

import (
	"strconv"
	"time"
)

// dateOf turns a day (YYYYMMDD) into midnight UTC of that date.
func dateOf(day int32) time.Time {
	return time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.UTC)
}

// DayOf is the day (YYYYMMDD) t falls on in loc.
func DayOf(t time.Time, loc *time.Location) int32 {
	t = t.In(loc)
	return int32(t.Year()*10000 + int(t.Month())*100 + t.Day())
}

// daysBetween counts the days from a to b (both YYYYMMDD): 1 from one day to the next.
func daysBetween(a, b int32) int {
	return int(dateOf(b).Sub(dateOf(a)).Hours() / 24)
}

// formatDay writes a day (YYYYMMDD) as 2026-11-02.
func formatDay(day int32) string { return dateOf(day).Format(time.DateOnly) }

// group writes n with thousands separators: 12,500.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
