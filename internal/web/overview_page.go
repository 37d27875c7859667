package web

import (
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// overviewPage is the data of the overview template.
type overviewPage struct {
	basePage
	Workspace *model.Workspace
	CanImport bool // the empty state offers the upload page
	Days      int
	Periods   []periodLink
	Empty     bool   // no orders to show: the page teaches how to import some
	Period    string // "30 days to 15 Nov 2026"
	Span      string // "17 Oct – 15 Nov 2026"
	Previous  string // the span the changes compare with
	Sections  []section
}

// periodLink is one of the 7/30/90 days links.
type periodLink struct {
	Days    int
	URL     string
	Current bool
}

// Zone names the time zone the days are cut in, so nobody wonders why a total differs from
// Seller Center's.
func (p *overviewPage) Zone() string {
	if p.Workspace == nil || p.Workspace.Timezone == "" {
		return "UTC"
	}
	return p.Workspace.Timezone
}

func (p *overviewPage) setPeriod(win, prev store.Window) {
	p.Period = strconv.Itoa(p.Days) + " days to " + longDay(win.To)
	p.Span = span(win.From, win.To)
	p.Previous = span(prev.From, prev.To)
}

// periodLinks are the 7/30/90 days links of a workspace's overview.
func periodLinks(ws *model.Workspace, days int) []periodLink {
	out := make([]periodLink, 0, len(periods))
	for _, d := range periods {
		out = append(out, periodLink{Days: d, URL: wsURL(ws, "") + "?days=" + strconv.Itoa(d), Current: d == days})
	}
	return out
}
