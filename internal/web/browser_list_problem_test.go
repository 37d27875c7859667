package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestBrowserListProblem: a filter the list cannot use comes back on the list's page in a
// real browser, the field marked and the message beside the form; correcting it lists again.
// A refused manual suppression comes back on its page the same way.
func TestBrowserListProblem(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ws := importSamples(t, s)
		l := addMember(t, s, "ana@example.com", ws, "manager")
		ctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		browserSignIn(t, ctx, app.URL, l)

		must(t, ctx, "orders with dates the wrong way", chromedp.Navigate(app.URL+"/w/acme/orders?from=2026-11-15&to=2026-11-01&creator=bloommochi_0"),
			chromedp.WaitVisible(chromedp.CSS(`#list-problem`)))
		shot(t, ctx, shots, "orders-bad-filter")
		text := bodyText(t, ctx)
		for _, want := range []string{"Nothing is listed: one filter cannot be used.", "from 2026-11-15 is after to 2026-11-01.", "Correct the marked field"} {
			if !strings.Contains(text, want) {
				t.Errorf("the page lacks %q:\n%s", want, text)
			}
		}
		form, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('form.filters input[name="creator"]').value + " / " +
			[...document.querySelectorAll('[aria-invalid="true"]')].map(e => e.name).join(",")`))
		if err != nil || form != "bloommochi_0 / from" {
			t.Errorf("the form should keep the creator and mark from alone: %q (%v)", form, err)
		}

		// Correcting the field lists the lines again.
		// outreachSubmit waits for the new document: the old one matches every selector too.
		outreachSubmit(t, ctx, "correct the date", chromedp.SetValue(chromedp.CSS(`form.filters input[name="from"]`), "2026-01-01"),
			chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
		if text := bodyText(t, ctx); strings.Contains(text, "one filter cannot be used") {
			t.Errorf("after the correction the problem should be gone:\n%s", text)
		}

		// A refused suppression comes back on the suppressions page, as typed.
		must(t, ctx, "open the suppressions", chromedp.Navigate(app.URL+"/w/acme/outreach/suppressions"),
			chromedp.WaitVisible(chromedp.CSS(`form.suppression-add`)))
		outreachSubmit(t, ctx, "suppress a typo",
			chromedp.SendKeys(chromedp.CSS(`form.suppression-add input[name="value"]`), "ann@example"),
			chromedp.SendKeys(chromedp.CSS(`form.suppression-add input[name="note"]`), "asked by phone"),
			chromedp.Click(chromedp.CSS(`form.suppression-add button[type="submit"]`)))
		must(t, ctx, "read the refusal", chromedp.WaitVisible(chromedp.CSS(`#suppression-error`)))
		shot(t, ctx, shots, "suppression-refused")
		typed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('form.suppression-add input[name="value"]').value + " / " +
			document.querySelector('form.suppression-add input[name="note"]').value + " / " + document.activeElement.name`))
		if err != nil || typed != "ann@example / asked by phone / value" {
			t.Errorf("the form should come back as typed, the address focused: %q (%v)", typed, err)
		}
	})
}
