package web

import (
	"math"
	"unicode/utf8"

	"github.com/creatorops/creatorops/internal/store"
)

// Chart geometry, in SVG user units; the SVG scales to its container's width.
const (
	chartW, chartH = 1160, 220
	padLeft        = 88 // room for the y-axis labels
	padRight       = 24 // room for half of the last day's label
	padTop         = 12
	padBottom      = 26  // room for the x-axis labels
	axisCharW      = 7.5 // width of one character of a y-axis label (12px, tabular digits), generous
)

// barChart is a daily GMV chart computed on the server, so the page needs no JavaScript.
type barChart struct {
	Width, Height  int
	Left, Right    float64 // x of the plot's ends
	Top, Mid, Base float64 // y of the max gridline, the half gridline and the baseline
	LabelX         float64 // right end of the y-axis labels
	TickY          float64 // baseline of the x-axis labels
	MaxLabel       string
	MidLabel       string
	Bars           []bar
	Ticks          []tick
	Summary        string // for screen readers
}

// bar is one day of the chart.
type bar struct {
	X, Y, W, H float64
	HitY, HitH float64 // the full-height hover area, so a tiny bar still shows its tooltip
	Title      string
}

// tick is an x-axis date label.
type tick struct {
	X    float64
	Text string
}

// dailyChart draws the window's days in one currency; days absent from days are zero.
func dailyChart(w store.Window, days []store.DayFigures, m money) barChart {
	byDay := map[int32]store.DayFigures{}
	for _, d := range days {
		byDay[d.Day] = d
	}
	var dates []int32
	for t := dayTime(w.From); !t.After(dayTime(w.To)); t = t.AddDate(0, 0, 1) {
		dates = append(dates, int32(t.Year()*10000+int(t.Month())*100+t.Day()))
	}
	var peak int64
	for _, d := range days {
		peak = max(peak, d.GMV)
	}
	top := niceCeil(peak)
	maxLabel := m.whole(top)
	// The labels are right-aligned at LabelX: a long one ("Rp15.000.000", "₫150.000.000") needs
	// more room than a dollar figure, or its first characters fall off the SVG's left edge.
	left := max(padLeft, float64(utf8.RuneCountInString(maxLabel))*axisCharW+16)
	c := barChart{Width: chartW, Height: chartH, Left: left, Right: chartW - padRight,
		Top: padTop, Base: chartH - padBottom, LabelX: left - 8, TickY: chartH - 6,
		MaxLabel: maxLabel, MidLabel: m.whole(top / 2)}
	c.Mid = round1((c.Top + c.Base) / 2)
	step := (c.Right - c.Left) / float64(len(dates))
	plotH := c.Base - c.Top
	every := 7 // a label a week keeps 90 days readable
	if len(dates) <= 14 {
		every = 1
	}
	for i, day := range dates {
		f := byDay[day]
		h := 0.0
		if top > 0 && f.GMV > 0 {
			h = round1(float64(f.GMV) / float64(top) * plotH)
		}
		x := c.Left + float64(i)*step
		c.Bars = append(c.Bars, bar{X: round1(x + step*0.1), W: round1(step * 0.8), Y: round1(c.Base - h), H: h,
			HitY: c.Top, HitH: plotH, Title: dayTime(day).Format("Mon 2 Jan 2006") + ": " + m.amount(f.GMV) +
				" GMV, " + m.count(f.Orders) + " orders"})
		// Count back from the last day so the most recent day is always labelled.
		if (len(dates)-1-i)%every == 0 {
			c.Ticks = append(c.Ticks, tick{X: round1(x + step/2), Text: dayTime(day).Format("2 Jan")})
		}
	}
	c.Summary = "Daily GMV in " + m.cur.Code + ", " + span(w.From, w.To) + "; highest day " + m.amount(peak)
	return c
}

// niceCeil rounds v up to a round figure (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
// ten), fine enough steps that the tallest bar fills most of the chart.
func niceCeil(v int64) int64 {
	if v <= 0 {
		return 0
	}
	mag := int64(1)
	for mag <= v/10 {
		mag *= 10
	}
	for _, f := range []int64{10, 15, 20, 25, 30, 40, 50, 60, 80, 100} {
		if n := mag * f / 10; n >= v {
			return n
		}
	}
	return mag * 10
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
