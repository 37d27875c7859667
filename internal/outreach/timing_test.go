package outreach

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// zones are the time zones the properties run in: DST on both hemispheres, half-hour DST
// (Lord Howe), a quarter-hour offset (Kathmandu), no DST (Ho Chi Minh, Jakarta) and a country
// that skipped a whole day (Samoa, 2011-12-30) and changed its DST rules.
var zones = []string{
	"UTC", "America/New_York", "America/Los_Angeles", "Asia/Ho_Chi_Minh", "Asia/Jakarta",
	"Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia",
}

func loadZone(t testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v", name, err)
	}
	return loc
}

// drawInstant draws an instant between 2005 and 2035, sometimes on a minute boundary.
func drawInstant(t *rapid.T) time.Time {
	sec := rapid.Int64Range(time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "unix")
	if rapid.Bool().Draw(t, "on the minute") {
		sec -= sec % 60
	}
	return time.Unix(sec, 0).UTC()
}

// drawBusinessHours draws valid hours: the default, or any window and any non-empty days.
func drawBusinessHours(t *rapid.T) BusinessHours {
	if rapid.Bool().Draw(t, "default hours") {
		return DefaultBusinessHours()
	}
	start := rapid.IntRange(0, 24*60-1).Draw(t, "start")
	bh := BusinessHours{StartMin: start, EndMin: rapid.IntRange(start+1, 24*60).Draw(t, "end")}
	for bh.Days == [7]bool{} {
		for d := range bh.Days {
			bh.Days[d] = rapid.Bool().Draw(t, "day")
		}
	}
	return bh
}

func inBusinessHours(at time.Time, loc *time.Location, bh BusinessHours) bool {
	lt := at.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	return bh.Days[lt.Weekday()] && m >= bh.StartMin && m < bh.EndMin
}

// TestAddBusinessMinutesProperties: the result is a business moment, never before from, and
// more minutes never give an earlier moment.
func TestAddBusinessMinutesProperties(t *testing.T) {
	locs := map[string]*time.Location{}
	for _, z := range zones {
		locs[z] = loadZone(t, z)
	}
	rapid.Check(t, func(t *rapid.T) {
		loc := locs[rapid.SampledFrom(zones).Draw(t, "zone")]
		bh := drawBusinessHours(t)
		from := drawInstant(t)
		a := rapid.IntRange(0, 20_000).Draw(t, "minutes")
		b := a + rapid.IntRange(0, 5_000).Draw(t, "more")
		ra := AddBusinessMinutes(from, loc, bh, a)
		rb := AddBusinessMinutes(from, loc, bh, b)
		if ra.Location() != time.UTC {
			t.Fatalf("result not in UTC: %v", ra.Location())
		}
		if ra.Before(from) {
			t.Fatalf("%v + %d business minutes = %v, before from", from, a, ra)
		}
		if !inBusinessHours(ra, loc, bh) {
			t.Fatalf("%v + %d business minutes = %v (%v local), outside %+v", from, a, ra, ra.In(loc), bh)
		}
		if rb.Before(ra) {
			t.Fatalf("%d minutes give %v, %d minutes give the earlier %v", a, ra, b, rb)
		}
		if a == 0 && inBusinessHours(from, loc, bh) && !ra.Equal(from) {
			t.Fatalf("0 minutes from the business moment %v gave %v", from, ra)
		}
	})
}

// TestQuietHoursProperties: NextAllowed is never quiet, never before t, and is t itself when
// t is not quiet.
func TestQuietHoursProperties(t *testing.T) {
	locs := map[string]*time.Location{}
	for _, z := range zones {
		locs[z] = loadZone(t, z)
	}
	rapid.Check(t, func(t *rapid.T) {
		loc := locs[rapid.SampledFrom(zones).Draw(t, "zone")]
		q := DefaultQuietHours()
		if !rapid.Bool().Draw(t, "default quiet hours") {
			q = QuietHours{StartMin: rapid.IntRange(0, 24*60-1).Draw(t, "start"), EndMin: rapid.IntRange(0, 24*60-1).Draw(t, "end")}
		}
		at := drawInstant(t)
		got := q.NextAllowed(at, loc)
		if got.Before(at) {
			t.Fatalf("NextAllowed(%v) = %v, before it", at, got)
		}
		if q.Quiet(got, loc) {
			t.Fatalf("NextAllowed(%v) = %v (%v local) is inside quiet hours %+v", at, got, got.In(loc), q)
		}
		if !q.Quiet(at, loc) && !got.Equal(at) {
			t.Fatalf("NextAllowed(%v) = %v, though it is not quiet", at, got)
		}
		// Nothing between t and the result is allowed: it is the first allowed moment (to the minute).
		if got.Sub(at) > time.Minute && !q.Quiet(got.Add(-time.Minute), loc) {
			t.Fatalf("NextAllowed(%v) = %v, but a minute earlier is allowed already", at, got)
		}
	})
}

// TestWeekAndDayStartProperties: WeekStart is the start of a Sunday (00:00 local) at or before
// t, and t is before NextWeekStart, the next Sunday's start; the same for days.
func TestWeekAndDayStartProperties(t *testing.T) {
	locs := map[string]*time.Location{}
	for _, z := range zones {
		locs[z] = loadZone(t, z)
	}
	rapid.Check(t, func(t *rapid.T) {
		loc := locs[rapid.SampledFrom(zones).Draw(t, "zone")]
		at := drawInstant(t)
		ws, nws := WeekStart(at, loc), NextWeekStart(at, loc)
		if ws.After(at) || !at.Before(nws) {
			t.Fatalf("week of %v: [%v, %v) does not hold it", at, ws, nws)
		}
		// A week starts at Sunday 00:00, or where Sunday begins when its midnight does not
		// exist (Samoa sprang forward at midnight in 2010): the instant before is Saturday.
		for _, s := range []time.Time{ws, nws} {
			l := s.In(loc)
			if l.Weekday() != time.Sunday || s.Add(-time.Second).In(loc).Weekday() != time.Saturday {
				t.Fatalf("week start of %v is %v local, not the start of a Sunday", at, l)
			}
			if l.Second() != 0 || l.Minute() != 0 || (l.Hour() != 0 && l.Hour() != 1) {
				t.Fatalf("week start of %v is %v local, not Sunday 00:00", at, l)
			}
		}
		if d := nws.Sub(ws); d < 7*24*time.Hour-2*time.Hour || d > 7*24*time.Hour+2*time.Hour {
			t.Fatalf("week of %v lasts %v", at, d)
		}
		ds, nds := DayStart(at, loc), NextDayStart(at, loc)
		if ds.After(at) || !at.Before(nds) {
			t.Fatalf("day of %v: [%v, %v) does not hold it", at, ds, nds)
		}
		if y, m, d := at.In(loc).Date(); ds.In(loc).Day() != d || ds.In(loc).Month() != m || ds.In(loc).Year() != y {
			t.Fatalf("day start of %v is %v local, another day", at, ds.In(loc))
		}
		if ds.Add(-time.Second).In(loc).Day() == ds.In(loc).Day() {
			t.Fatalf("day start of %v is %v local, not the first instant of its day", at, ds.In(loc))
		}
		if WeekStart(ws, loc) != ws || DayStart(ds, loc) != ds {
			t.Fatalf("starts are not fixed points: %v %v", ws, ds)
		}
	})
}

func TestAddBusinessMinutes(t *testing.T) {
	ny := loadZone(t, "America/New_York")
	hcm := loadZone(t, "Asia/Ho_Chi_Minh")
	lh := loadZone(t, "Australia/Lord_Howe")
	bh := DefaultBusinessHours()
	at := func(loc *time.Location, s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	tests := []struct {
		name    string
		loc     *time.Location
		bh      BusinessHours
		from    string
		minutes int
		want    string
	}{
		{"inside the day", hcm, bh, "2026-03-10 10:00", 60, "2026-03-10 11:00"},
		{"0 minutes inside", hcm, bh, "2026-03-10 10:17", 0, "2026-03-10 10:17"},
		{"0 minutes at night waits for the morning", hcm, bh, "2026-03-10 20:00", 0, "2026-03-11 09:00"},
		{"0 minutes at closing time", hcm, bh, "2026-03-10 18:00", 0, "2026-03-11 09:00"},
		{"rolls into the next day", hcm, bh, "2026-03-10 17:00", 120, "2026-03-11 10:00"},
		{"exactly a day's hours ends at the next opening", hcm, bh, "2026-03-10 09:00", 540, "2026-03-11 09:00"},
		{"Friday evening skips the weekend", hcm, bh, "2026-03-13 17:30", 60, "2026-03-16 09:30"},
		{"Saturday waits for Monday", hcm, bh, "2026-03-14 11:00", 30, "2026-03-16 09:30"},
		{"a business day later", ny, bh, "2026-03-06 10:00", 540, "2026-03-09 10:00"},
		// 2026-03-08 is the US spring-forward Sunday; Monday 9:00 is still 9:00 on the clock.
		{"across spring forward", ny, bh, "2026-03-06 17:00", 120, "2026-03-09 10:00"},
		{"across fall back", ny, bh, "2026-10-30 17:00", 120, "2026-11-02 10:00"},
		// Lord Howe moves its clocks by 30 minutes on 2026-04-05 (Sunday) 02:00.
		{"half-hour DST", lh, BusinessHours{StartMin: 0, EndMin: 24 * 60, Days: [7]bool{true, true, true, true, true, true, true}},
			"2026-04-05 01:00", 120, "2026-04-05 02:30"},
		{"negative minutes are 0", hcm, bh, "2026-03-10 10:00", -5, "2026-03-10 10:00"},
		{"zero hours count plain minutes", hcm, BusinessHours{}, "2026-03-14 23:00", 120, "2026-03-15 01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddBusinessMinutes(at(tt.loc, tt.from), tt.loc, tt.bh, tt.minutes)
			if want := at(tt.loc, tt.want); !got.Equal(want) {
				t.Errorf("got %v local, want %s", got.In(tt.loc).Format("2006-01-02 15:04 MST"), tt.want)
			}
		})
	}
}

func TestQuietHours(t *testing.T) {
	hcm := loadZone(t, "Asia/Ho_Chi_Minh")
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, hcm)
		return v.UTC()
	}
	q := DefaultQuietHours()
	tests := []struct {
		q        QuietHours
		from     string
		want     string
		quietNow bool
	}{
		{q, "2026-03-10 12:00", "2026-03-10 12:00", false},
		{q, "2026-03-10 20:59", "2026-03-10 20:59", false},
		{q, "2026-03-10 21:00", "2026-03-11 08:00", true},
		{q, "2026-03-10 23:30", "2026-03-11 08:00", true},
		{q, "2026-03-11 03:00", "2026-03-11 08:00", true},
		{q, "2026-03-11 08:00", "2026-03-11 08:00", false},
		{QuietHours{StartMin: 13 * 60, EndMin: 14 * 60}, "2026-03-11 13:15", "2026-03-11 14:00", true},
		{QuietHours{StartMin: 600, EndMin: 600}, "2026-03-11 10:00", "2026-03-11 10:00", false},
	}
	for _, tt := range tests {
		if got := tt.q.Quiet(at(tt.from), hcm); got != tt.quietNow {
			t.Errorf("%+v Quiet(%s) = %v", tt.q, tt.from, got)
		}
		if got := tt.q.NextAllowed(at(tt.from), hcm); !got.Equal(at(tt.want)) {
			t.Errorf("%+v NextAllowed(%s) = %v local, want %s", tt.q, tt.from, got.In(hcm), tt.want)
		}
	}
}

func TestWeekStart(t *testing.T) {
	ny := loadZone(t, "America/New_York")
	apia := loadZone(t, "Pacific/Apia")
	tests := []struct {
		loc          *time.Location
		at           time.Time
		week, nextWk time.Time
		day, nextDay time.Time
	}{
		{ny, time.Date(2026, 3, 11, 15, 0, 0, 0, ny),
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 15, 0, 0, 0, 0, ny),
			time.Date(2026, 3, 11, 0, 0, 0, 0, ny), time.Date(2026, 3, 12, 0, 0, 0, 0, ny)},
		{ny, time.Date(2026, 3, 8, 0, 0, 0, 0, ny), // a Sunday at midnight is its own week start
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 15, 0, 0, 0, 0, ny),
			time.Date(2026, 3, 8, 0, 0, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny)},
		// Samoa went from Thursday 2011-12-29 to Saturday 2011-12-31: the day after the 29th starts on the 31st.
		{apia, time.Date(2011, 12, 29, 15, 0, 0, 0, apia),
			time.Date(2011, 12, 25, 0, 0, 0, 0, apia), time.Date(2012, 1, 1, 0, 0, 0, 0, apia),
			time.Date(2011, 12, 29, 0, 0, 0, 0, apia), time.Date(2011, 12, 31, 0, 0, 0, 0, apia)},
	}
	for _, tt := range tests {
		got := []time.Time{WeekStart(tt.at, tt.loc), NextWeekStart(tt.at, tt.loc), DayStart(tt.at, tt.loc), NextDayStart(tt.at, tt.loc)}
		want := []time.Time{tt.week, tt.nextWk, tt.day, tt.nextDay}
		for i := range got {
			if !got[i].Equal(want[i]) || got[i].Location() != time.UTC {
				t.Errorf("%v: result %d = %v, want %v", tt.at, i, got[i].In(tt.loc), want[i])
			}
		}
	}
}

func TestValidateHours(t *testing.T) {
	if err := DefaultBusinessHours().Validate(); err != nil {
		t.Error(err)
	}
	for bh, want := range map[BusinessHours]string{
		{StartMin: 600, EndMin: 540, Days: [7]bool{1: true}}:   "business hours: end 09:00 must be after start 10:00, at most 24:00",
		{StartMin: 1440, EndMin: 1500, Days: [7]bool{1: true}}: "business hours: start 24:00 is not a time of day",
		{StartMin: 540, EndMin: 600}:                           "business hours: choose at least one day",
	} {
		if err := bh.Validate(); err == nil || err.Error() != want {
			t.Errorf("%+v.Validate() = %v, want %q", bh, err, want)
		}
	}
	if err := (QuietHours{StartMin: 21 * 60, EndMin: 1440}).Validate(); err == nil || err.Error() != "quiet hours: 24:00 is not a time of day" {
		t.Errorf("QuietHours.Validate() = %v", err)
	}
}

func TestBusinessDayBits(t *testing.T) {
	bh := BusinessHoursFrom(540, 1080, 62)
	if bh != DefaultBusinessHours() {
		t.Errorf("BusinessHoursFrom(540, 1080, 62) = %+v, want the default", bh)
	}
	if got := DefaultBusinessHours().DayBits(); got != 62 {
		t.Errorf("default DayBits = %d, want 62", got)
	}
	for bits := range 128 {
		if got := BusinessHoursFrom(0, 60, bits).DayBits(); got != bits {
			t.Errorf("bits %d round-trip as %d", bits, got)
		}
	}
}

func TestDaysFromCivil(t *testing.T) {
	for day := time.Date(-400, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2500; day = day.AddDate(0, 0, 1) {
		y, m, d := day.Date()
		got := daysFromCivil(y, m, d)
		if got != day.Unix()/86400 { // midnights are whole multiples of a day, negative ones too
			t.Fatalf("daysFromCivil(%v) = %d", day, got)
		}
		if wd := time.Weekday((got%7 + 11) % 7); wd != day.Weekday() {
			t.Fatalf("weekday of %v = %v", day, wd)
		}
	}
	// Days past the end of a month count on: 2026-01-32 is 2026-02-01.
	if daysFromCivil(2026, 1, 32) != daysFromCivil(2026, 2, 1) || daysFromCivil(2026, 3, 0) != daysFromCivil(2026, 2, 28) {
		t.Error("daysFromCivil does not count past month ends")
	}
}
