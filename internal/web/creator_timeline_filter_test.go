package web

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// timelineItemKinds are the kinds of the timeline entries a creator page shows, in order.
func timelineItemKinds(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<li class="k-([a-z_]+)">`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// groupKinds are the kinds of a timeline filter.
func groupKinds(filter string) []string {
	kinds, _ := store.TimelineFilterKinds(filter)
	return kinds
}

// hrefOf returns the unescaped href of the link with an id, "" without one.
func hrefOf(body, id string) string {
	m := regexp.MustCompile(`<a href="([^"]*)" id="` + regexp.QuoteMeta(id) + `"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// linkWithText returns the unescaped href of the link whose text is text, "" without one.
func linkWithText(body, text string) string {
	m := regexp.MustCompile(`<a href="([^"]*)"[^>]*>` + regexp.QuoteMeta(text) + `</a>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestCreatorTimelineFilter checks the creator page's timeline filter: each filter shows only
// its kinds (in the store's query, so a page is full of them), paging keeps the filter, the
// default is everything, a bad value is a 400 naming the parameter, and another workspace's
// creator is a 404 whatever the filter.
func TestCreatorTimelineFilter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newAdminFixture(t, s, true)
		ctx := context.Background()
		id, err := s.CreatorIDByHandle(ctx, f.ws.ID, "honeyvelvet_4") // 41+ orders: two pages of them
		if err != nil {
			t.Fatal(err)
		}
		path := crmPath(id, "")
		// Notes and changes, and a message, all newer than the orders.
		for _, note := range []string{"Called her agent.", "Prefers Discord."} {
			code, _, body := f.send(t, access.Specialist, "POST", crmPath(id, "notes"), url.Values{"body": {note}})
			expect(t, "note", code, body, 303)
		}
		code, _, body := f.send(t, access.Specialist, "POST", crmPath(id, "stage"), url.Values{"stage": {"engaged"}})
		expect(t, "stage", code, body, 303)
		conn := &store.Connection{WorkspaceID: f.ws.ID, Platform: model.PlatformTikTokShop, ExternalShopID: "shop-acme", ShopName: "Acme US"}
		if err := s.SaveConnection(ctx, store.CLIActor, conn); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordCreatorMessage(ctx, store.CLIActor, f.ws.ID, id, conn, "m-1", "Hi! Free sample?", time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}

		// Every entry of the whole timeline is in exactly one filter: no kind falls between them.
		all, _, err := s.CreatorTimeline(ctx, f.ws.ID, id, store.TimelineQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, e := range all {
			n := 0
			for _, name := range store.TimelineFilters[1:] {
				if kinds, _ := store.TimelineFilterKinds(name); slices.Contains(kinds, e.Kind) {
					counts[name]++
					n++
				}
			}
			if n != 1 {
				t.Errorf("a %s entry is in %d timeline filters", e.Kind, n)
			}
		}
		if counts[store.TimelineOrders] <= creatorTimelinePage || counts[store.TimelineMessages] != 1 || counts[store.TimelineNotes] < 3 {
			t.Fatalf("the fixture's timeline: %v", counts)
		}

		for _, c := range []struct {
			filter string
			kinds  []string // what the page may show
			first  string   // the kind of the newest entry
			n      int      // entries on the first page
		}{
			{"", nil, store.EventStage, creatorTimelinePage},
			{"all", nil, store.EventStage, creatorTimelinePage},
			{"notes", groupKinds(store.TimelineNotes), store.EventStage, min(counts[store.TimelineNotes], creatorTimelinePage)},
			{"messages", groupKinds(store.TimelineMessages), store.EventMessage, 1},
			{"orders", groupKinds(store.TimelineOrders), store.EventOrder, creatorTimelinePage},
		} {
			p := path
			if c.filter != "" {
				p += "?timeline=" + c.filter
			}
			for _, role := range access.Roles {
				code, _, body := f.send(t, role, "GET", p, nil)
				expect(t, p+" as "+string(role), code, body, 200, `<nav class="tl-filter"`)
			}
			code, _, body := f.send(t, access.Viewer, "GET", p, nil)
			expect(t, p, code, body, 200)
			got := timelineItemKinds(body)
			if len(got) != c.n || len(got) == 0 || got[0] != c.first {
				t.Errorf("%s: %d entries, the first %v; want %d, the first %s", p, len(got), got, c.n, c.first)
			}
			for _, k := range got {
				if c.kinds != nil && !slices.Contains(c.kinds, k) {
					t.Errorf("%s shows a %s entry", p, k)
				}
			}
			current := map[string]string{"": "tl-all", "all": "tl-all", "notes": "tl-notes", "messages": "tl-messages", "orders": "tl-orders"}[c.filter]
			if !strings.Contains(body, `id="`+current+`" class="current" aria-current="page"`) {
				t.Errorf("%s: the %s tab is not the current one", p, current)
			}
		}

		// The tabs lead to each filter, keeping the page's other parameters; All drops the parameter.
		code, _, body = f.send(t, access.Viewer, "GET", path+"?days=90&timeline=orders", nil)
		expect(t, "tabs", code, body, 200)
		for tab, want := range map[string]string{"tl-all": path + "?days=90#timeline", "tl-notes": path + "?days=90&timeline=notes#timeline",
			"tl-messages": path + "?days=90&timeline=messages#timeline", "tl-orders": path + "?days=90&timeline=orders#timeline"} {
			if got := hrefOf(body, tab); got != want {
				t.Errorf("tab %s leads to %q, want %q", tab, got, want)
			}
		}

		// Paging keeps the filter, both ways.
		older := linkWithText(body, "Older entries →")
		if !strings.Contains(older, "timeline=orders") || !strings.Contains(older, "before=o.") {
			t.Fatalf("the orders' Older link %q", older)
		}
		code, _, body = f.send(t, access.Viewer, "GET", strings.TrimSuffix(older, "#timeline"), nil)
		expect(t, "older orders", code, body, 200, `id="tl-orders" class="current"`)
		got := timelineItemKinds(body)
		if len(got) == 0 {
			t.Error("the second page of orders is empty")
		}
		for _, k := range got {
			if k != store.EventOrder {
				t.Errorf("the second page of orders shows a %s entry", k)
			}
		}
		if newest := linkWithText(body, "« Newest"); newest != path+"?days=90&timeline=orders#timeline" {
			t.Errorf("the Newest link %q", newest)
		}
		// The second page of All holds the orders the notes pushed off the first.
		code, _, body = f.send(t, access.Viewer, "GET", path, nil)
		expect(t, "all", code, body, 200)
		if older := linkWithText(body, "Older entries →"); strings.Contains(older, "timeline=") || older == "" {
			t.Errorf("All's Older link %q", older)
		}

		// A note added from the notes view comes back to it.
		code, _, body = f.send(t, access.Specialist, "GET", path+"?timeline=notes", nil)
		expect(t, "note form", code, body, 200, `name="back" value="`+path+`?timeline=notes#timeline"`)
		code, loc, body := f.send(t, access.Specialist, "POST", crmPath(id, "notes"), url.Values{"body": {"Sample shipped."},
			"back": {path + "?timeline=notes#timeline"}})
		expect(t, "note from the notes view", code, body, 303)
		if loc != path+"?timeline=notes&ok=note#timeline" {
			t.Errorf("after a note from the notes view: %q", loc)
		}

		// Bad values are a 400 naming the parameter; another workspace's creator a 404 first.
		for _, bad := range []string{"bogus", "NOTES", "order"} {
			code, _, body := f.send(t, access.Viewer, "GET", path+"?timeline="+bad, nil)
			expect(t, "timeline="+bad, code, body, 400, "timeline “"+bad+"” is not a timeline filter: all, notes, messages or orders.")
		}
		theirs := storetest.Creators(t, s, f.other.ID, "zed")[0]
		code, _, _ = f.send(t, access.Owner, "GET", "/w/acme/creators/"+strconv.FormatInt(theirs, 10)+"?timeline=bogus", nil)
		expect(t, "another workspace's creator", code, "", 404)

		// Each filter's empty timeline teaches what shows there.
		quiet := storetest.Creators(t, s, f.ws.ID, "quietone")[0]
		for filter, want := range map[string]string{"messages": "No message sent to this creator yet.",
			"orders": "No order yet.", "notes": "Added as Prospect"} {
			code, _, body := f.send(t, access.Viewer, "GET", crmPath(quiet, "")+"?timeline="+filter, nil)
			expect(t, "quiet creator, "+filter, code, body, 200, want)
		}
	})
}
