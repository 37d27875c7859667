package outreach

import (
	"fmt"
	"time"
)

// All functions here take and return instants (any location in, UTC out) and do their
// calendar arithmetic on the wall clock of a zone, so "9:00" means 9:00 on the creator's
// clock on both sides of a DST change, in half-hour DST zones (Australia/Lord_Howe), in
// quarter-hour offsets (Asia/Kathmandu) and across the day Samoa skipped (2011-12-30).

// BusinessHours are the hours delays are counted in: steps wait "N business minutes".
type BusinessHours struct {
	StartMin, EndMin int     // minutes after local midnight; the window is [StartMin, EndMin)
	Days             [7]bool // indexed by time.Weekday: Days[time.Monday]
}

// DefaultBusinessHours is Monday to Friday, 09:00 to 18:00.
func DefaultBusinessHours() BusinessHours {
	bh := BusinessHours{StartMin: 9 * 60, EndMin: 18 * 60}
	for d := time.Monday; d <= time.Friday; d++ {
		bh.Days[d] = true
	}
	return bh
}

// BusinessHoursFrom builds hours from their stored form: minutes of the day and the days as a
// bit set, bit time.Weekday (Sunday = bit 0; Monday to Friday = 62).
func BusinessHoursFrom(startMin, endMin, dayBits int) BusinessHours {
	bh := BusinessHours{StartMin: startMin, EndMin: endMin}
	for d := range bh.Days {
		bh.Days[d] = dayBits&(1<<d) != 0
	}
	return bh
}

// DayBits is the days as stored: bit time.Weekday set for each business day.
func (bh BusinessHours) DayBits() int {
	bits := 0
	for d, on := range bh.Days {
		if on {
			bits |= 1 << d
		}
	}
	return bits
}

// Validate explains what is wrong with hours set on the settings page.
func (bh BusinessHours) Validate() error {
	if bh.StartMin < 0 || bh.StartMin >= 24*60 {
		return fmt.Errorf("business hours: start %s is not a time of day", clockText(bh.StartMin))
	}
	if bh.EndMin <= bh.StartMin || bh.EndMin > 24*60 {
		return fmt.Errorf("business hours: end %s must be after start %s, at most 24:00", clockText(bh.EndMin), clockText(bh.StartMin))
	}
	if bh.Days == [7]bool{} {
		return fmt.Errorf("business hours: choose at least one day")
	}
	return nil
}

// AddBusinessMinutes returns the moment minutes business minutes after from, counted only
// inside business hours on the wall clock of loc. The result is always a business moment
// (inside [StartMin, EndMin) of a business day) at or after from; 0 minutes gives the next
// business moment at or after from. Invalid hours (see Validate; the zero value included)
// count plain minutes, around the clock. Negative minutes count as 0.
func AddBusinessMinutes(from time.Time, loc *time.Location, bh BusinessHours, minutes int) time.Time {
	minutes = max(minutes, 0)
	if bh.Validate() != nil {
		return from.Add(time.Duration(minutes) * time.Minute).UTC()
	}
	loc = orUTC(loc)
	left := time.Duration(minutes) * time.Minute
	// Day by day: a sequence's delays are days, not years, and each day's window is computed
	// on its own wall clock, which is what keeps DST changes out of the count.
	y, m, d := from.In(loc).Date()
	for day := 0; ; day++ {
		start, end, ok := window(y, m, d+day, loc, bh)
		if !ok {
			continue
		}
		if from.After(start) {
			start = from
		}
		if !start.Before(end) {
			continue
		}
		avail := end.Sub(start)
		if left < avail {
			return start.Add(left).UTC()
		}
		left -= avail
	}
}

// window is the business window of the local date y-m-d (day may overflow: time.Date
// normalises it), or !ok when that date is not a business day or does not exist in loc.
func window(y int, m time.Month, d int, loc *time.Location, bh BusinessHours) (start, end time.Time, ok bool) {
	day := daysFromCivil(y, m, d)
	if !bh.Days[(day%7+11)%7] { // 1970-01-01 was a Thursday (weekday 4)
		return start, end, false
	}
	start = wallTime(y, m, d, bh.StartMin, loc)
	if sy, sm, sd := start.In(loc).Date(); daysFromCivil(sy, sm, sd) != day {
		return start, end, false // the date was skipped (Samoa, 2011-12-30) or opens after it
	}
	end = wallTime(y, m, d, bh.EndMin, loc)
	return start, end, true
}

// wallTime is the first instant whose wall clock in loc reads at least y-m-d + min minutes.
// time.Date alone may answer a time inside a DST gap with an instant whose clock reads an hour
// earlier (02:30 → 01:30); the gap's end is the first moment at or after the wanted time.
func wallTime(y int, m time.Month, d, min int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, min, 0, 0, loc)
	want := daysFromCivil(y, m, d)*1440 + int64(min) // linear in d and min: overflow is fine
	if civilMinutes(t.In(loc)) == want {
		return t // the usual case: no DST change at that time
	}
	for range 4 {
		if civilMinutes(t.In(loc)) >= want {
			break
		}
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end
	}
	if civilMinutes(t.In(loc)) > want {
		// time.Date may have resolved a gap forwards (02:30 → 03:30): the gap's end (03:00)
		// is earlier and also past the wanted time.
		if start, _ := t.ZoneBounds(); !start.IsZero() && start.Before(t) && civilMinutes(start.In(loc)) >= want {
			t = start
		}
	}
	return t
}

// civilMinutes numbers wall-clock minutes: minutes since 1970-01-01 00:00 of the calendar
// the time is read in (its own location), ignoring the zone offset.
func civilMinutes(t time.Time) int64 {
	y, m, d := t.Date()
	h, mi, _ := t.Clock()
	return daysFromCivil(y, m, d)*1440 + int64(h*60+mi)
}

// daysFromCivil numbers a proleptic Gregorian date: days since 1970-01-01 (Howard Hinnant's
// algorithm), without building a time.Time, as the scheduler calls it for every step.
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era--
	}
	yoe := yy - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// QuietHours is when nothing is sent, on the creator's clock. The window [StartMin, EndMin)
// may wrap midnight (21:00–08:00); StartMin == EndMin means no quiet hours.
type QuietHours struct {
	StartMin, EndMin int
}

// DefaultQuietHours is 21:00 to 08:00.
func DefaultQuietHours() QuietHours { return QuietHours{StartMin: 21 * 60, EndMin: 8 * 60} }

// Validate explains what is wrong with quiet hours set on the settings page.
func (q QuietHours) Validate() error {
	for _, v := range []int{q.StartMin, q.EndMin} {
		if v < 0 || v >= 24*60 {
			return fmt.Errorf("quiet hours: %s is not a time of day", clockText(v))
		}
	}
	return nil
}

// Quiet reports whether t is inside quiet hours on the wall clock of loc.
func (q QuietHours) Quiet(t time.Time, loc *time.Location) bool {
	if q.StartMin == q.EndMin || q.Validate() != nil {
		return false
	}
	lt := t.In(orUTC(loc))
	return q.quietAt(lt.Hour()*60 + lt.Minute())
}

func (q QuietHours) quietAt(min int) bool {
	if q.StartMin < q.EndMin {
		return min >= q.StartMin && min < q.EndMin
	}
	return min >= q.StartMin || min < q.EndMin
}

// NextAllowed returns t when it is not in quiet hours, else the moment they end.
func (q QuietHours) NextAllowed(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	for range 4 { // more than once only when the end itself falls in a skipped day
		if !q.Quiet(t, loc) {
			return t.UTC()
		}
		lt := t.In(loc)
		y, m, d := lt.Date()
		if q.StartMin > q.EndMin && lt.Hour()*60+lt.Minute() >= q.StartMin {
			d++ // quiet since this evening: it ends tomorrow morning
		}
		t = wallTime(y, m, d, q.EndMin, loc)
	}
	return t.UTC()
}

// DayStart is the start of t's day in loc (its first instant: midnight, or the end of a DST
// gap where midnight does not exist), as UTC.
func DayStart(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	y, m, d := t.In(loc).Date()
	return wallTime(y, m, d, 0, loc).UTC()
}

// NextDayStart is the start of the day after t's day in loc.
func NextDayStart(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	y, m, d := t.In(loc).Date()
	return nextExisting(y, m, d+1, loc)
}

// WeekStart is the start of t's week in loc: the most recent Sunday 00:00 at or before t, as
// UTC (where a DST change skips Sunday's midnight, Sunday's first instant). TikTok's weekly
// first-contact quota resets then, in the workspace's zone.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	lt := t.In(loc)
	y, m, d := lt.Date()
	return wallTime(y, m, d-int(lt.Weekday()), 0, loc).UTC()
}

// NextWeekStart is the Sunday 00:00 after t's week.
func NextWeekStart(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	lt := t.In(loc)
	y, m, d := lt.Date()
	return nextExisting(y, m, d-int(lt.Weekday())+7, loc)
}

// nextExisting is the start of local date y-m-d, or of the first date after it that exists
// in loc.
func nextExisting(y int, m time.Month, d int, loc *time.Location) time.Time {
	return wallTime(y, m, d, 0, loc).UTC()
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// clockText writes minutes after midnight as "09:30" for messages.
func clockText(min int) string {
	if min < 0 {
		return fmt.Sprintf("%d minutes", min)
	}
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}
