package web

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestBrowserPipelineViewsAndTimeline is a manager saving the board's filters as a view and
// opening it again from the filter bar's menu, then reading a seller's timeline without its
// orders, in a real browser on a laptop-sized window.
func TestBrowserPipelineViewsAndTimeline(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, owner, _ := crmWorkspace(t, s, "ana@acme.example", "manager")
		seller, err := s.CreatorIDByHandle(ctx, ws.ID, "pixiemint_1")
		if err != nil {
			t.Fatal(err)
		}

		bctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		base := app.URL + "/w/acme/"
		browserSignIn(t, bctx, app.URL, owner)

		// Filter the board by a tag, then save the filters from the menu.
		must(t, bctx, "open the board", chromedp.Navigate(base+"pipeline"), chromedp.WaitVisible(chromedp.CSS(`#board-filters`)))
		outreachSubmit(t, bctx, "filter by tag", chromedp.SendKeys(chromedp.CSS(`#f-tag`), "summer-drop"),
			chromedp.Click(chromedp.CSS(`#board-filters button[type="submit"]`)))
		must(t, bctx, "open the views menu", chromedp.Click(chromedp.CSS(`#board-views > summary`)),
			chromedp.WaitVisible(chromedp.CSS(`#board-view-name`)))
		outreachSubmit(t, bctx, "save the view", chromedp.SendKeys(chromedp.CSS(`#board-view-name`), "Summer drop"),
			chromedp.Click(chromedp.CSS(`#board-view-save`)))
		text := bodyText(t, bctx)
		if !strings.Contains(text, "View saved.") || !strings.Contains(text, "View:") || !strings.Contains(text, "Summer drop") {
			t.Errorf("after saving, the board should say so and name the view:\n%s", text)
		}

		// From the whole board, the menu opens the view.
		must(t, bctx, "clear the filters", chromedp.Navigate(base+"pipeline"), chromedp.WaitVisible(chromedp.CSS(`.board`)))
		must(t, bctx, "open the views menu", chromedp.Click(chromedp.CSS(`#board-views > summary`)),
			chromedp.WaitVisible(chromedp.CSS(`.views-list a`)))
		shot(t, bctx, shots, "pipeline-views")
		outreachSubmit(t, bctx, "open the view", chromedp.Click(chromedp.CSS(`.views-list a`)))
		if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.Contains(loc, "tag=summer-drop") {
			t.Errorf("the view should open the board with its filters, is at %s", loc)
		}
		text = bodyText(t, bctx)
		if !strings.Contains(text, "@serumsister") || strings.Contains(text, "@homecozyco") {
			t.Errorf("the view should show the summer-drop creators only:\n%s", text)
		}
		shot(t, bctx, shots, "pipeline-view-open")

		// A seller's timeline: a note, then the notes-and-changes tab hides the orders.
		must(t, bctx, "open the seller", chromedp.Navigate(base+"creators/"+strconv.FormatInt(seller, 10)),
			chromedp.WaitVisible(chromedp.CSS(`.timeline-panel`)))
		outreachSubmit(t, bctx, "add a note", chromedp.SendKeys(chromedp.CSS(`.note-form textarea`), "Wants the new serum first."),
			chromedp.Click(chromedp.CSS(`.note-form button[type="submit"]`)))
		outreachSubmit(t, bctx, "show notes and changes", chromedp.Click(chromedp.CSS(`#tl-notes`)))
		kinds, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".timeline li")].map(li => li.className)`))
		if err != nil {
			t.Fatal(err)
		}
		if len(kinds) == 0 || kinds[0] != "k-note" {
			t.Errorf("the notes view should start with the note: %v", kinds)
		}
		for _, k := range kinds {
			if k == "k-order" {
				t.Errorf("the notes view shows an order: %v", kinds)
				break
			}
		}
		shot(t, bctx, shots, "creator-timeline-notes")
		outreachSubmit(t, bctx, "show orders", chromedp.Click(chromedp.CSS(`#tl-orders`)))
		if text := bodyText(t, bctx); !strings.Contains(text, "Order ") || strings.Contains(text, "Wants the new serum first.") {
			t.Errorf("the orders view should list orders and no note:\n%s", text)
		}
	})
}
