package web

import (
	"strconv"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// timelineView is one timeline entry as the creator page writes it.
type timelineView struct {
	Kind string // the entry's kind, also its CSS class (k-stage, k-order…)
	Icon string
	What string // "Stage: Contacted → Engaged", "Order 5766… · 2 items · $45.00 · completed"
	URL  string // where the entry leads (an order), if anywhere
	Body string // a note, a reason
	Who  string // who did it ("" for orders)
	When string // in the workspace's zone
	From string // the handle of the merged-in creator it happened to, if not this one
}

// timelineViews writes timeline entries for the page.
func timelineViews(ws *model.Workspace, p *store.CRMProfile, entries []store.TimelineEntry) []timelineView {
	loc := ws.Location()
	out := make([]timelineView, 0, len(entries))
	for i := range entries {
		e := &entries[i]
		v := timelineView{Kind: e.Kind, Who: e.Actor, When: e.At.In(loc).Format("2 Jan 2006 15:04"), Body: e.Body}
		if e.CreatorID != p.ID {
			v.From = e.Handle
		}
		v.What, v.Icon = timelineWhat(e)
		switch e.Kind {
		case store.EventOrder:
			v.URL = listURL(wsURL(ws, "orders"), nil, "order", e.Order.OrderID)
		case store.EventTask, store.EventProfile, store.EventTags, store.EventOwner:
			v.Body = "" // said in What
		}
		out = append(out, v)
	}
	return out
}

// timelineWhat is the headline of an entry and its icon.
func timelineWhat(e *store.TimelineEntry) (string, string) {
	arrow := func(from, to string) string {
		if from == "" {
			from = "—"
		}
		if to == "" {
			to = "—"
		}
		return from + " → " + to
	}
	switch e.Kind {
	case store.EventStage:
		if e.From == "" {
			return "Added as " + model.Stage(e.To).Label(), "●"
		}
		return "Stage: " + arrow(model.Stage(e.From).Label(), model.Stage(e.To).Label()), "→"
	case store.EventTier:
		return "Tier: " + arrow(e.From, e.To), "★"
	case store.EventOwner:
		switch {
		case e.To == "":
			return "No owner any more (was " + e.From + ")", "☺"
		case e.From == "":
			return "Owner: " + e.To, "☺"
		}
		return "Owner: " + arrow(e.From, e.To), "☺"
	case store.EventTags:
		return "Tags: " + arrow(e.From, e.To), "#"
	case store.EventNote:
		return "Note", "✎"
	case store.EventTask:
		switch {
		case e.To == "done":
			return "Task done: " + e.Body, "✓"
		case e.From == "done":
			return "Task reopened: " + e.Body, "↺"
		}
		return "Task added: " + e.Body, "☐"
	case store.EventMerge:
		return "Merged in", "⇲"
	case store.EventUnmerge:
		return "Split out again", "⇱"
	case store.EventProfile:
		return "Profile changed: " + e.Body, "✎"
	case store.EventMessage:
		if name := channelName(e.To); name != e.To { // an outreach message: the channel it went on
			return "Message sent · " + name, "✉"
		}
		return "Message", "✉"
	case store.EventSample:
		return "Sample", "▣"
	case store.EventOrder:
		o := e.Order
		id := o.OrderID
		if len(id) > 8 {
			id = id[:4] + "…" + id[len(id)-4:]
		}
		items := strconv.FormatInt(o.Items, 10) + " item"
		if o.Items != 1 {
			items += "s"
		}
		return strings.Join([]string{"Order " + id, items, moneyFor(o.Currency).amount(o.Payment), o.Status}, " · "), "$"
	}
	return e.Kind, "•"
}
