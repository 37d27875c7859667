package web

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestBrowserCRMWidths opens every Creators page on a 1366 and a 1024 px laptop, with a creator
// whose handle, name, email and tags are as long as the forms allow, and finds no page wider
// than the window and no tag or card out of its box (a 59-character handle widened the creator
// page by 70 px and a pipeline column to the width of the handle; a long tag ran over the
// directory's Region column).
func TestBrowserCRMWidths(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, manager, spec := crmWorkspace(t, s, "a-manager-with-a-rather-long-address@acme-agency.example", "manager")
		const long = "verylonghandleverylonghandleverylonghandleverylonghandle_ab"
		f := int64(1_234_567)
		if _, err := s.SeedCreators(ctx, ws.ID, []store.SeedCreator{{Handle: long,
			DisplayName: "Maximiliana Alexandrina Konstantinopoulou-Wolfeschlegelsteinhausen Beauty & Lifestyle",
			Stage:       model.StageProspect, StageSince: time.Now(), Followers: &f, Region: "US", OwnerID: &manager.userID,
			Email:     "averyveryverylongemailaddressforacreator@subdomain.example-agency-management.com",
			Verticals: []string{"Beauty & Personal Care", "Womenswear & Underwear"},
			Tags:      []string{"summer-drop-2026-campaign-priority-list", "longtagwithoutanyspacesatallxxxxxxxxxxxxxxxxx"}}}); err != nil {
			t.Fatal(err)
		}
		id, err := s.CreatorIDByHandle(ctx, ws.ID, long)
		if err != nil {
			t.Fatal(err)
		}

		app := serveOn(t, New(s, testLogger(t)))
		base := app.URL + "/w/acme/"
		pages := []string{"directory", "directory?q=verylong", "directory/new", "pipeline", "creators/" + strconv.FormatInt(id, 10),
			"creators/" + strconv.FormatInt(id, 10) + "/message", "tasks?who=all&show=upcoming", "pipeline/sla", "prospects",
			"duplicates", "samples", "collaborations", "promotion-links"}
		for _, who := range []login{manager, spec} {
			bctx := newBrowser(t, t.TempDir())
			browserSignIn(t, bctx, app.URL, who)
			all := pages
			if who == manager {
				all = append(all, "settings/crm")
			}
			for _, width := range []int64{1366, 1024} {
				for _, p := range all {
					must(t, bctx, fmt.Sprintf("open %s at %d px", p, width), chromedp.EmulateViewport(width, 768),
						chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS(`main`)))
					wide, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => {
						const d = document.documentElement;
						if (d.scrollWidth <= d.clientWidth) return "";
						const out = [];
						for (const e of document.querySelectorAll("main *")) {
							if (e.getBoundingClientRect().right > d.clientWidth + 1 && out.length < 5) out.push(e.tagName + "." + e.className);
						}
						return d.scrollWidth + " px: " + out.join(", ");
					})()`))
					if err != nil {
						t.Fatal(err)
					}
					if wide != "" {
						t.Errorf("%s at %d px as %s scrolls sideways, %s", p, width, who.email, wide)
					}
					// Nor does a tag, a card or a handle run out of its cell, column or panel (a
					// table scrolls inside its panel, so the page's width alone does not tell).
					out, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(() => {
						for (const e of document.querySelectorAll("main .tag, main .tagchip, main .bcard, main td.who a, main h1")) {
							const box = e.parentElement.closest("td, .column, .panel, .pagehead");
							if (!box || getComputedStyle(box).overflowX === "hidden") continue; // cut with an ellipsis
							if (e.getBoundingClientRect().right > box.getBoundingClientRect().right + 1) return e.className + " " + e.textContent.trim();
						}
						return "";
					})()`))
					if err != nil {
						t.Fatal(err)
					}
					if out != "" {
						t.Errorf("%s at %d px as %s: %q runs out of its box", p, width, who.email, out)
					}
				}
			}
		}
	})
}
