package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestBrowserDirectoryProblem: a Directory filter it cannot use comes back in a real browser
// with the sidebar filled as typed, the field marked and the panel where the table was;
// correcting the field lists again. The board and the creator page are shot the same way.
func TestBrowserDirectoryProblem(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws := importSamples(t, s)
		l := addMember(t, s, "ana@example.com", ws, "manager")
		ctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		browserSignIn(t, ctx, app.URL, l)

		must(t, ctx, "directory with a bad amount", chromedp.Navigate(app.URL+"/w/acme/directory?gmv30_min=1.5k&region=US"),
			chromedp.WaitVisible(chromedp.CSS(`#list-problem`)))
		shot(t, ctx, shots, "directory-bad-filter")
		text := bodyText(t, ctx)
		for _, want := range []string{"Nothing is listed: one filter cannot be used.", `gmv30_min "1.5k" is not an amount like 1500 or 1500.50.`, "Correct the marked field"} {
			if !strings.Contains(text, want) {
				t.Errorf("the page lacks %q:\n%s", want, text)
			}
		}
		form, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#f-region').value + " / " +
			[...document.querySelectorAll('[aria-invalid="true"]')].map(e => e.name).join(",")`))
		if err != nil || form != "US / gmv30_min" {
			t.Errorf("the form should keep the region and mark gmv30_min alone: %q (%v)", form, err)
		}
		// The marked field has the cursor, so a field low in the sidebar is scrolled to.
		if focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.name || ""`)); err != nil || focused != "gmv30_min" {
			t.Errorf("the cursor is in %q, want the marked gmv30_min (%v)", focused, err)
		}
		outreachSubmit(t, ctx, "correct the amount", chromedp.SetValue(chromedp.CSS(`#f-gmv30_min`), "1500"),
			chromedp.Click(chromedp.CSS(`#f-apply`)))
		if text := bodyText(t, ctx); strings.Contains(text, "one filter cannot be used") {
			t.Errorf("after the correction the problem should be gone:\n%s", text)
		}

		must(t, ctx, "board with a bad owner", chromedp.Navigate(app.URL+"/w/acme/pipeline?owner=bob"),
			chromedp.WaitVisible(chromedp.CSS(`#list-problem`)))
		shot(t, ctx, shots, "pipeline-bad-filter")

		must(t, ctx, "creator with a bad timeline cursor", chromedp.Navigate(app.URL+"/w/acme/creators/1?before=nonsense&after=%21"),
			chromedp.WaitVisible(chromedp.CSS(`#tl-problem`)))
		shot(t, ctx, shots, "creator-bad-cursor")
		if text := bodyText(t, ctx); !strings.Contains(text, "The newest entries are shown.") || !strings.Contains(text, "The latest lines are shown.") {
			t.Errorf("the creator page should say which parts start again:\n%s", text)
		}
	})
}
