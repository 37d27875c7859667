package web

import (
	"net/http"
	"strings"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
)

// timelineTab is one choice of the timeline's filter: All · Notes & changes · Messages · Orders.
type timelineTab struct {
	Value, Label, URL string
	Current           bool
}

// timelineTabLabels name the store's timeline filters on the page.
var timelineTabLabels = map[string]string{store.TimelineAll: "All", store.TimelineNotes: "Notes & changes",
	store.TimelineMessages: "Messages", store.TimelineOrders: "Orders"}

// timelineEmpty is what an empty timeline says, by filter.
var timelineEmpty = map[string]string{
	store.TimelineAll:      "Nothing on the timeline yet. Stage changes, notes, tasks and orders show here as they happen.",
	store.TimelineNotes:    "No note or change yet. Add a note above; stage, owner, tag, tier and profile changes show here too.",
	store.TimelineMessages: "No message sent to this creator yet. Messages and collaboration invites sent from creatorops show here.",
	store.TimelineOrders:   "No order yet. Orders attributed to this creator show here once an export or a sync brings them in.",
}

// timelineFilterError is a timeline parameter that is not one of the filters (a 400).
type timelineFilterError struct{ value string }

func (e *timelineFilterError) Error() string {
	return "timeline " + quote(e.value) + " is not a timeline filter: all, notes, messages or orders."
}

// creatorTimeline fills the CRM panel's timeline: a page of entries of the kinds the timeline
// parameter asks for (done by the store's query, so a page is full of them however many orders
// lie between), the filter's tabs, and paging links that keep the filter.
func (h *handler) creatorTimeline(r *http.Request, ws *model.Workspace, p *store.CRMProfile, c *crmPanel, base string) error {
	v := r.URL.Query()
	filter := strings.TrimSpace(v.Get("timeline"))
	kinds, ok := store.TimelineFilterKinds(filter)
	if !ok {
		return &timelineFilterError{filter}
	}
	if filter == "" {
		filter = store.TimelineAll
	}
	for _, f := range store.TimelineFilters {
		value := f
		if f == store.TimelineAll {
			value = "" // the default needs no parameter
		}
		c.TimelineTabs = append(c.TimelineTabs, timelineTab{Value: f, Label: timelineTabLabels[f], Current: f == filter,
			URL: listURL(base, v, "timeline", value, "before", "", "ok", "") + "#timeline"})
	}
	c.TimelineEmpty = timelineEmpty[filter]
	if filter == store.TimelineNotes { // a note added from the notes view comes back to it
		c.NoteBack = listURL(base, nil, "timeline", filter) + "#timeline"
	}
	var before *store.TimelineCursor
	if b := v.Get("before"); b != "" {
		var err error
		if before, err = store.ParseTimelineCursor(b); err != nil {
			return err
		}
		c.NewestURL = listURL(base, v, "before", "", "ok", "") + "#timeline"
	}
	entries, next, err := h.store.CreatorTimeline(r.Context(), ws.ID, p.ID,
		store.TimelineQuery{Before: before, Limit: creatorTimelinePage, Kinds: kinds})
	if err != nil {
		return err
	}
	c.Timeline = timelineViews(ws, p, entries)
	if next != nil {
		c.OlderURL = listURL(base, v, "before", next.String(), "ok", "") + "#timeline"
	}
	return nil
}
