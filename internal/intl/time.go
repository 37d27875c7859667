package intl

import "time"

// ParseTime parses an export timestamp written in loc and interpreted in tz, returning UTC.
//
// Dates are year first ("2026-09-30", "2026/09/30") or day and month first in loc.DateOrder
// ("30/09/2026", "30-09-2026", "30.09.2026", single digits allowed). A time may follow after
// a space or 'T' ("13:02", "13:02:47", "13:02:47.5", "1:02 PM"); an RFC 3339 zone ("Z",
// "+07:00") overrides tz. A nil tz means UTC.
//
// It runs once per timestamp cell of every imported row, so it reads digits by hand instead
// of trying time.Parse layouts in turn, and does not allocate unless it fails.
func ParseTime(s string, loc Locale, tz *time.Location) (time.Time, error) {
	t := trimSpace(s)
	if t == "" {
		return time.Time{}, ErrEmpty
	}
	year, month, day, i, err := parseDate(s, t, loc.DateOrder)
	if err != nil {
		return time.Time{}, err
	}
	var c clock
	if i < len(t) {
		if t[i] != ' ' && t[i] != 'T' && t[i] != 't' {
			return time.Time{}, notTime(s)
		}
		if err = parseClock(s, trimLeft(t[i+1:]), &c); err != nil {
			return time.Time{}, err
		}
	}
	if c.zoned {
		u := time.Date(year, time.Month(month), day, c.hour, c.min, c.sec, c.nsec, time.UTC)
		return u.Add(-time.Duration(c.offset) * time.Second), nil
	}
	if tz == nil {
		tz = time.UTC
	}
	return time.Date(year, time.Month(month), day, c.hour, c.min, c.sec, c.nsec, tz).UTC(), nil
}

// parseDate reads the date at the start of t and returns where it ends; s is the original
// value, for errors.
func parseDate(s, t string, order DateOrder) (year, month, day, end int, err error) {
	a, wa := digitRun(t, 0)
	if wa == 0 || wa >= len(t) {
		return 0, 0, 0, 0, notTime(s)
	}
	sep := t[wa]
	if sep != '-' && sep != '/' && sep != '.' {
		return 0, 0, 0, 0, notTime(s)
	}
	i := wa + 1
	b, wb := digitRun(t, i)
	i += wb
	if wb == 0 || wb > 2 || i >= len(t) || t[i] != sep {
		return 0, 0, 0, 0, notTime(s)
	}
	i++
	c, wc := digitRun(t, i)
	i += wc
	switch {
	case wa == 4 && wc >= 1 && wc <= 2:
		year, month, day = a, b, c
	case wa <= 2 && wc == 4:
		year, month, day = c, b, a
		if order == MDY {
			month, day = a, b
		}
		if month > 12 {
			return 0, 0, 0, 0, errorf("%s is not a %s date", quote(s), order.pattern())
		}
	default:
		return 0, 0, 0, 0, notTime(s)
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return 0, 0, 0, 0, errorf("%s is not a valid date", quote(s))
	}
	return year, month, day, i, nil
}

// clock is a parsed time of day with its optional zone offset in seconds east of UTC.
type clock struct {
	hour, min, sec, nsec int
	offset               int
	zoned                bool
}

// parseClock reads "H:MM[:SS[.fff]]" then an optional AM/PM or zone into c, and must consume t.
// It fills c in place because returning the struct costs measurably per row.
func parseClock(s, t string, c *clock) (err error) {
	h, wh := digitRun(t, 0)
	i := wh
	if wh == 0 || wh > 2 || i >= len(t) || t[i] != ':' {
		return notTime(s)
	}
	m, wm := digitRun(t, i+1)
	if wm != 2 {
		return notTime(s)
	}
	i += 1 + wm
	c.hour, c.min = h, m
	if i < len(t) && t[i] == ':' {
		sec, ws := digitRun(t, i+1)
		if ws != 2 {
			return notTime(s)
		}
		c.sec = sec
		i += 1 + ws
		if i < len(t) && (t[i] == '.' || t[i] == ',') {
			f, wf := digitRun(t, i+1)
			if wf == 0 || wf > 9 {
				return notTime(s)
			}
			c.nsec = f * int(pow10[9-wf])
			i += 1 + wf
		}
	}
	rest := trimLeft(t[i:])
	switch {
	case rest == "":
	case len(rest) == 2 && (rest[1] == 'M' || rest[1] == 'm'):
		pm := rest[0] == 'P' || rest[0] == 'p'
		if !pm && rest[0] != 'A' && rest[0] != 'a' {
			return notTime(s)
		}
		// 12-hour clocks run 12, 1, ..., 11: 12 AM is midnight and 12 PM noon.
		if c.hour < 1 || c.hour > 12 {
			return errorf("%s is not a valid time", quote(s))
		}
		c.hour %= 12
		if pm {
			c.hour += 12
		}
	default:
		if c.offset, err = parseZone(s, rest); err != nil {
			return err
		}
		c.zoned = true
	}
	if c.hour > 23 || c.min > 59 || c.sec > 59 {
		return errorf("%s is not a valid time", quote(s))
	}
	return nil
}

// parseZone reads "Z", "+07:00", "+0700" or "+07" into seconds east of UTC.
func parseZone(s, z string) (int, error) {
	if z == "Z" || z == "z" {
		return 0, nil
	}
	if len(z) < 3 || (z[0] != '+' && z[0] != '-') {
		return 0, notTime(s)
	}
	h, wh := digitRun(z, 1)
	rest := z[1+wh:]
	m := 0
	switch {
	case wh == 4 && rest == "":
		h, m = h/100, h%100
	case wh == 2 && rest == "":
	case wh == 2 && len(rest) == 3 && rest[0] == ':':
		var wm int
		if m, wm = digitRun(rest, 1); wm != 2 {
			return 0, notTime(s)
		}
	default:
		return 0, notTime(s)
	}
	if h > 23 || m > 59 {
		return 0, errorf("%s has an invalid zone offset", quote(s))
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return off, nil
}

// digitRun reads the ASCII digits of t from i and returns their value and count. It stops
// accumulating after 9 digits so a long run cannot overflow; callers reject such widths.
func digitRun(t string, i int) (v, w int) {
	for j := i; j < len(t) && isDigit(t[j]); j++ {
		if w < 9 {
			v = v*10 + int(t[j]-'0')
		}
		w++
	}
	return v, w
}

// daysIn is the length of month in year under the proleptic Gregorian calendar.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// notTime is the catch-all rejection for timestamps.
func notTime(s string) error {
	return errorf("%s is not a date or time", quote(s))
}
