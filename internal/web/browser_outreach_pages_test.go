package web

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/demo"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// TestBrowserOutreachPages is an outreach specialist's first sequence in a real browser: write a
// template (refused once for a misspelt variable, then previewed with a real creator), build
// a two-step sequence, enroll a saved directory view and read the counts, then look at the
// planner and the results. It leaves pictures of the pages in the screenshots folder.
func TestBrowserOutreachPages(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws := importSamples(t, s)
		spec := addMember(t, s, "sam@acme.example", ws, "specialist")
		if _, err := crm.Refresh(ctx, s, ws.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := demo.FillCRM(ctx, s, ws.ID, 7); err != nil {
			t.Fatal(err)
		}
		// The sample's creators all sold; outreach is for prospects.
		for i, h := range []string{"mai.nguyen", "glowbyhana", "linh.tran", "skincare.sol", "beautybyjo", "the.glow.edit", "nofilter_nina"} {
			followers := int64(12_000 + 9_000*i)
			if _, err := s.AddCreator(ctx, store.CLIActor, ws.ID, store.NewCreator{Username: h, Email: h + "@mail.example",
				Followers: &followers, Region: "US"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := demo.FillOutreach(ctx, s, ws.ID); err != nil {
			t.Fatal(err)
		}
		view, err := s.SaveView(ctx, store.Actor{UserID: spec.userID, Label: spec.email}, ws.ID, spec.userID, store.ViewPageDirectory,
			"Prospects with email", "stage=prospect&email=yes")
		if err != nil {
			t.Fatal(err)
		}
		bctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		base := app.URL + "/w/acme/outreach"
		browserSignIn(t, bctx, app.URL, spec)

		// A template with a misspelt variable is refused with its line and column.
		must(t, bctx, "open a new template", chromedp.Navigate(base+"/templates/new"), chromedp.WaitVisible(chromedp.CSS(`#tpl-form`)))
		outreachSubmit(t, bctx, "write it", chromedp.SetValue(chromedp.CSS(`input[name="name"]`), "Check-in"),
			chromedp.SetValue(chromedp.CSS(`textarea[name="body"]`), "Hi {{creator.frist_name}}, still keen on a sample?"),
			chromedp.Click(chromedp.CSS(`#tpl-form button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.ferr`)))
		if text := bodyText(t, bctx); !strings.Contains(text, `line 1:6: unknown variable "creator.frist_name" (did you mean creator.first_name?)`) {
			t.Errorf("the misspelt variable should be pointed at:\n%s", text)
		}
		outreachSubmit(t, bctx, "fix it", chromedp.SetValue(chromedp.CSS(`textarea[name="body"]`), `Hi {{creator.first_name | "there"}}, still keen on a sample from {{sender.company}}?`),
			chromedp.Click(chromedp.CSS(`#tpl-form button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.preview`)))
		if text := bodyText(t, bctx); !strings.Contains(text, "Template saved.") || !strings.Contains(text, "still keen on a sample from acme?") {
			t.Errorf("the saved template should be previewed with a real creator:\n%s", text)
		}
		shot(t, bctx, shots, "outreach-template")

		// A two-step sequence: create it, add the steps, pick the mailbox.
		must(t, bctx, "open outreach", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`#new-seq`)))
		outreachSubmit(t, bctx, "create a sequence", chromedp.SendKeys(chromedp.CSS(`#new-seq`), "Sample offer"),
			chromedp.Click(chromedp.CSS(`#new-seq + button`)), chromedp.WaitVisible(chromedp.CSS(`#steps`)))
		for i := range 2 {
			outreachSubmit(t, bctx, "add step "+strconv.Itoa(i+1), chromedp.Click(chromedp.CSS(`#steps button[value="add"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#steps tbody tr:nth-child(`+strconv.Itoa(i+1)+`)`)))
		}
		outreachSubmit(t, bctx, "pick the channel", chromedp.SetValue(chromedp.CSS(`#steps tbody tr:nth-child(1) select[name="channel"]`), "email"),
			chromedp.SetValue(chromedp.CSS(`#steps tbody tr:nth-child(2) select[name="channel"]`), "email"),
			chromedp.Click(chromedp.CSS(`#steps button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))
		outreachSubmit(t, bctx, "pick the mailbox", chromedp.SetValue(chromedp.CSS(`select[name="mailbox_id"]`), pagesFirstMailbox(t, s, ws.ID)),
			chromedp.Click(chromedp.CSS(`#settings button.primary`)), chromedp.WaitVisible(chromedp.CSS(`.notice`)))

		// Enroll the saved view: the page counts who joined and why others did not.
		outreachSubmit(t, bctx, "enroll the view", chromedp.SetValue(chromedp.CSS(`select[name="view_id"]`), strconv.FormatInt(view.ID, 10)),
			chromedp.Click(chromedp.CSS(`#enroll form:first-of-type button`)), chromedp.WaitVisible(chromedp.CSS(`#enroll-result`)))
		res, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`#enroll-result`)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(res, "enrolled.") || strings.HasPrefix(strings.TrimSpace(res), "0 enrolled") {
			t.Errorf("enrolling the view should enroll creators: %q", res)
		}
		outreachSubmit(t, bctx, "activate", chromedp.Click(chromedp.CSS(`button[value="active"]`)), chromedp.WaitVisible(chromedp.CSS(`h1 .ost-active`)))
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.scrollTo(0, 0), true`)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "outreach.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		shot(t, bctx, shots, "outreach-sequence")
		must(t, bctx, "open the home", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`table.list`)))
		shot(t, bctx, shots, "outreach-home")
		must(t, bctx, "open the planner", chromedp.Navigate(base+"/planner"), chromedp.WaitVisible(chromedp.CSS(`#fill-h`)))
		shot(t, bctx, shots, "outreach-planner")
	})
}

func pagesFirstMailbox(t *testing.T, s *store.Store, wsID int64) string {
	t.Helper()
	boxes, err := s.Mailboxes(context.Background(), wsID)
	if err != nil || len(boxes) == 0 {
		t.Fatalf("no mailbox: %v", err)
	}
	return strconv.FormatInt(boxes[0].ID, 10)
}
