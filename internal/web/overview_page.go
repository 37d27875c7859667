package web

import (
	"net/url"
	"strconv"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// overviewPage is the data of the overview template.
type overviewPage struct {
	Title      string
	Workspace  *model.Workspace // nil when there is no workspace at all
	Workspaces []*model.Workspace
	Days       int
	Periods    []periodLink
	Empty      bool   // no orders to show: the page teaches how to import some
	Period     string // "30 days to 15 Nov 2026"
	Span       string // "17 Oct – 15 Nov 2026"
	Previous   string // the span the changes compare with
	Sections   []section
}

// periodLink is one of the 7/30/90 days links.
type periodLink struct {
	Days    int
	URL     string
	Current bool
}

// Switcher reports whether to offer the workspace switcher.
func (p *overviewPage) Switcher() bool { return len(p.Workspaces) > 1 }

// Zone names the time zone the days are cut in, so nobody wonders why a total differs from
// Seller Center's.
func (p *overviewPage) Zone() string {
	if p.Workspace == nil || p.Workspace.Timezone == "" {
		return "UTC"
	}
	return p.Workspace.Timezone
}

// Slug is the slug to show in the import command of the empty state.
func (p *overviewPage) Slug() string {
	if p.Workspace == nil {
		return "W"
	}
	return p.Workspace.Slug
}

func (p *overviewPage) setPeriod(win, prev store.Window) {
	p.Period = strconv.Itoa(p.Days) + " days to " + longDay(win.To)
	p.Span = span(win.From, win.To)
	p.Previous = span(prev.From, prev.To)
}

// periodLinks keeps the workspace in the links only when there is a choice of workspace, so
// the common single-workspace URL stays short.
func periodLinks(ws *model.Workspace, all []*model.Workspace, days int) []periodLink {
	out := make([]periodLink, 0, len(periods))
	for _, d := range periods {
		q := url.Values{}
		if len(all) > 1 {
			q.Set("ws", ws.Slug)
		}
		q.Set("days", strconv.Itoa(d))
		out = append(out, periodLink{Days: d, URL: "/?" + q.Encode(), Current: d == days})
	}
	return out
}
