package web

import (
	"fmt"
	"math"
	"time"

	"github.com/creatorops/creatorops/internal/intl"
)

// money formats the figures of one currency the way its market writes them.
type money struct {
	cur intl.Currency
	loc intl.Locale
	// noCents: pages write whole units although the currency has minor units (see wholeOnPages).
	noCents bool
}

// wholeOnPages are the currencies whose market never writes the cents ISO 4217 gives them: no
// rupiah cent has circulated for decades, so "Rp12.500" is what the team reads, and
// "Rp284.645.700,00" on a card is noise that pushes the tables off a laptop screen. Pages round
// to whole units; CSV exports and the API keep the exact minor units.
var wholeOnPages = map[string]bool{"IDR": true}

func moneyFor(code string) money {
	cur, ok := intl.LookupCurrency(code)
	if !ok {
		// An unknown code still prints with its code; 2 decimals is the most common exponent.
		cur = intl.Currency{Code: code, MinorUnits: 2}
	}
	return money{cur: cur, loc: intl.DefaultLocale(code), noCents: wholeOnPages[cur.Code] && cur.MinorUnits > 0}
}

// amount writes minor units with the currency's symbol: "$1,234.50", "Rp12.500".
func (m money) amount(minor int64) string {
	if m.noCents {
		cur := m.cur
		cur.MinorUnits = 0
		return intl.FormatAmount(roundDiv(minor, m.unit()), cur, m.loc)
	}
	return intl.FormatAmount(minor, m.cur, m.loc)
}

// unit is the number of minor units in one major unit: 100 for cents.
func (m money) unit() int64 {
	unit := int64(1)
	for range m.cur.MinorUnits {
		unit *= 10
	}
	return unit
}

// roundDiv divides a by b (b > 0), rounding half away from zero as the rest of the figures do.
func roundDiv(a, b int64) int64 {
	if a < 0 {
		return -((-a + b/2) / b)
	}
	return (a + b/2) / b
}

// whole writes an amount without its decimals when they are zero, as axis labels want:
// "$6,000" rather than "$6,000.00".
func (m money) whole(minor int64) string {
	unit := m.unit()
	if minor%unit != 0 {
		return m.amount(minor)
	}
	cur := m.cur
	cur.MinorUnits = 0
	return intl.FormatAmount(minor/unit, cur, m.loc)
}

// count writes a whole number grouped as the currency's market does: an amount with no
// currency and no decimals is exactly that.
func (m money) count(n int64) string { return intl.FormatAmount(n, intl.Currency{}, m.loc) }

// per writes the average amount of n things ("—" for none): AOV is GMV per order.
func (m money) per(total, n int64) string {
	if n == 0 {
		return "—"
	}
	return m.amount(average(total, n))
}

// average returns total/n rounded half away from zero, 0 when n is 0.
func average(total, n int64) int64 {
	if n == 0 {
		return 0
	}
	return int64(math.Round(float64(total) / float64(n)))
}

// change is a figure's move against the previous window, ready to print.
type change struct {
	Text  string // "+12.3%", "−4.0%" or "—"
	Class string // up, down or flat: the colour
}

// changeOf compares cur with prev; with nothing to compare against there is no percentage.
func changeOf(cur, prev int64) change {
	if prev == 0 {
		return change{Text: "—", Class: "flat"}
	}
	p := math.Round(float64(cur-prev)/math.Abs(float64(prev))*1000) / 10
	switch {
	case p > 0:
		return change{Text: fmt.Sprintf("+%.1f%%", p), Class: "up"}
	case p < 0:
		return change{Text: fmt.Sprintf("\u2212%.1f%%", -p), Class: "down"} // a real minus sign
	}
	return change{Text: "0.0%", Class: "flat"}
}

// dayTime turns a YYYYMMDD day into a date.
func dayTime(day int32) time.Time {
	return time.Date(int(day/10000), time.Month(day/100%100), int(day%100), 0, 0, 0, 0, time.UTC)
}

// longDay writes a day as "15 Nov 2026": unambiguous in every market, unlike 11/15.
func longDay(day int32) string { return dayTime(day).Format("2 Jan 2006") }

// span writes a range of days, naming the year once when both ends share it.
func span(from, to int32) string {
	f, t := dayTime(from), dayTime(to)
	if f.Year() == t.Year() {
		return f.Format("2 Jan") + " – " + t.Format("2 Jan 2006")
	}
	return f.Format("2 Jan 2006") + " – " + t.Format("2 Jan 2006")
}
