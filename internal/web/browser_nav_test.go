package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// navOneRow is true when the top bar is one row: the brand, the workspace menu, every link and
// group of the navigation and the user menu sit side by side, none below another.
const navOneRow = `(() => {
	const items = [...document.querySelectorAll(".topbar > .brand, .topbar > .switcher > summary, .mainnav > a, .mainnav > details > summary, .topbar > .usermenu > summary")];
	if (items.length < 5) return false;
	const mids = items.map((e) => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
	return Math.max(...mids) - Math.min(...mids) < 8 && document.querySelector(".topbar").getBoundingClientRect().height < 60;
})()`

// TestBrowserNav: as the owner (who sees every page) and as a specialist, the navigation is one
// row at 1366 and at 1024 px wide, even with a long workspace name; a group menu opens with the
// keyboard, closes on Escape (focus back on the group) and when focus moves on, and its pages
// open from it with the current page and group marked.
func TestBrowserNav(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		if _, err := s.UpdateWorkspace(ctx, store.CLIActor, ws.ID, "Glow & Co. Beauty Official Store — United States", ws.Timezone); err != nil {
			t.Fatal(err)
		}
		app := serveOn(t, New(s, testLogger(t)))
		shots := screenshotDir(t)
		for _, role := range []string{"owner", "specialist"} {
			t.Run(role, func(t *testing.T) {
				l := addMember(t, s, role+"-nav@acme.example", ws, role)
				bctx := newBrowser(t, t.TempDir())
				browserSignIn(t, bctx, app.URL, l)
				for _, width := range []int64{1366, 1024} {
					must(t, bctx, fmt.Sprint("a ", width, " px window"), chromedp.EmulateViewport(width, 768),
						chromedp.Navigate(app.URL+"/w/acme/pipeline"), chromedp.WaitVisible(chromedp.CSS(`.mainnav`)))
					waitFor(t, bctx, fmt.Sprintf("the navigation in one row at %d px", width), navOneRow)
					shot(t, bctx, shots, fmt.Sprintf("nav-%s-%d", role, width))
				}

				// The keyboard: Enter opens the Outreach menu, Escape closes it and leaves focus on it.
				const group = `.mainnav details:has(a[href="/w/acme/samples"])`
				must(t, bctx, "open the Outreach menu with Enter", chromedp.Focus(chromedp.CSS(group+` > summary`)), chromedp.KeyEvent(kb.Enter),
					chromedp.WaitVisible(chromedp.CSS(group+` a[href="/w/acme/samples"]`)))
				// (An open attribute is polled for: chromedp's WaitNotVisible never sees a closed
				// <details>'s content as hidden.)
				must(t, bctx, "press Escape", chromedp.KeyEvent(kb.Escape))
				waitFor(t, bctx, "Escape to close the menu", `!document.querySelector('`+group+`').open`)
				waitFor(t, bctx, "focus back on the Outreach group", `document.activeElement === document.querySelector('`+group+` > summary')`)

				// Moving focus on to the next group closes the open menu: one menu at a time.
				must(t, bctx, "open it again", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS(group+` a[href="/w/acme/samples"]`)))
				must(t, bctx, "focus the Sales group", chromedp.Focus(chromedp.CSS(`.mainnav details:has(a[href="/w/acme/orders"]) > summary`)))
				waitFor(t, bctx, "the Outreach menu to close", `!document.querySelector('`+group+`').open`)

				// Tab into the menu and open a page from it: its link and its group are current.
				must(t, bctx, "open the Outreach menu", chromedp.Focus(chromedp.CSS(group+` > summary`)), chromedp.KeyEvent(kb.Enter),
					chromedp.WaitVisible(chromedp.CSS(group+` a[href="/w/acme/samples"]`)), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(kb.Tab))
				waitFor(t, bctx, "focus on Samples", `document.activeElement && document.activeElement.getAttribute("href") === "/w/acme/samples"`)
				outreachSubmit(t, bctx, "open Samples from the menu", chromedp.KeyEvent(kb.Enter))
				outreachWaitURL(t, bctx, "/w/acme/samples")
				cur, err := chromedp.Run(bctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.mainnav .navgroup.current > summary, .mainnav [aria-current="page"]')].map((e) => e.textContent).join("/")`))
				if err != nil || cur != "Outreach/Samples" {
					t.Errorf("current group and page = %q, %v; want Outreach/Samples", cur, err)
				}

				// A click elsewhere closes an open menu (app.js).
				const creators = `.mainnav details:has(a[href="/w/acme/directory"])`
				must(t, bctx, "open the Creators menu", chromedp.Click(chromedp.CSS(creators+` > summary`)),
					chromedp.WaitVisible(chromedp.CSS(creators+` a[href="/w/acme/directory"]`)), chromedp.Click(chromedp.CSS(`main h1`)))
				waitFor(t, bctx, "a click elsewhere to close the menu", `!document.querySelector('`+creators+`').open`)

				text, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector(".mainnav").textContent`))
				if err != nil {
					t.Fatal(err)
				}
				if hasMembers := strings.Contains(text, "Members"); hasMembers != (role == "owner") {
					t.Errorf("%s's navigation lists Members: %v\n%s", role, hasMembers, text)
				}
			})
		}
	})
}
