package web

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/crm"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// crmWorkspace is the sample workspace as the CRM's browser tests start from it: its orders
// imported, a lead (email, role) and the specialist sam@acme.example as members, the CRM
// refreshed and a pipeline seeded (seedPipeline).
func crmWorkspace(t *testing.T, s *store.Store, email, role string) (*model.Workspace, login, login) {
	t.Helper()
	ws := importSamples(t, s)
	lead := addMember(t, s, email, ws, role)
	spec := addMember(t, s, "sam@acme.example", ws, "specialist")
	if _, err := crm.Refresh(context.Background(), s, ws.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	seedPipeline(t, s, ws, lead, spec)
	return ws, lead, spec
}

// TestBrowserCRM is an affiliate manager's morning in a real browser: filter the directory,
// drag a creator to another column of the pipeline with real mouse input, and read the move on
// the creator's timeline.
func TestBrowserCRM(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, owner, _ := crmWorkspace(t, s, "ana@acme.example", "owner")
		const handle = "pixiemint_1"

		bctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		base := app.URL + "/w/acme/"
		browserSignIn(t, bctx, app.URL, owner)

		// The directory, filtered by a search.
		must(t, bctx, "open the directory", chromedp.Navigate(base+"directory"), chromedp.WaitVisible(chromedp.CSS(`#dir-filters`)))
		must(t, bctx, "search the directory", chromedp.SendKeys(chromedp.CSS(`#f-q`), "pixie"),
			chromedp.Click(chromedp.CSS(`#f-apply`)), chromedp.WaitVisible(chromedp.CSS(`.dir-table`)))
		text := bodyText(t, bctx)
		if !strings.Contains(text, handle) || strings.Contains(text, "bloommochi_0") {
			t.Errorf("the directory searched for pixie should list %s only:\n%s", handle, text)
		}
		if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.Contains(loc, "q=pixie") {
			t.Errorf("the filter is not in the address: %s", loc)
		}
		shot(t, bctx, shots, "directory-filtered")

		// The whole board, for the README.
		must(t, bctx, "open the pipeline", chromedp.Navigate(base+"pipeline"), chromedp.WaitVisible(chromedp.CSS(`.board`)))
		shot(t, bctx, shots, "pipeline")

		// Drag the creator's card (the board filtered to it) to another column.
		must(t, bctx, "filter the board", chromedp.Navigate(base+"pipeline?q="+handle),
			chromedp.WaitVisible(chromedp.CSS(`.bcard`)))
		from, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector(".bcard").closest(".column").dataset.stage`))
		if err != nil {
			t.Fatal(err)
		}
		to, toLabel := "engaged", "Engaged"
		if from == to {
			to, toLabel = "onboarded", "Onboarded"
		}
		dragCard(t, bctx, `.bcard .owner`, `.column[data-stage="`+to+`"] .colhead`)
		waitFor(t, bctx, "the card to land in "+to, `!!document.querySelector('.column[data-stage="`+to+`"] .bcard')`)
		if msg, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`#board-msg`))); !strings.Contains(msg, "moved to "+toLabel) {
			t.Errorf("the board should say the move worked, says %q", msg)
		}
		id, err := s.CreatorIDByHandle(ctx, ws.ID, handle)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := s.CRMProfile(ctx, ws.ID, id); string(p.Stage) != to {
			t.Fatalf("after the drag %s is %s, want %s", handle, p.Stage, to)
		}

		// A refused move (do not contact, then cancel the reason) leaves the card where it is.
		dragCardFar(t, bctx, `.bcard .owner`, `.column[data-stage="do_not_contact"] .colhead`)
		must(t, bctx, "see the reason dialog", chromedp.WaitVisible(chromedp.CSS(`#reason-dialog`)))
		must(t, bctx, "cancel", chromedp.Click(chromedp.CSS(`#reason-dialog button[value="cancel"]`)),
			chromedp.WaitNotVisible(chromedp.CSS(`#reason-dialog`)))
		waitFor(t, bctx, "the card to stay in "+to, `!!document.querySelector('.column[data-stage="`+to+`"] .bcard')`)

		// The creator's timeline tells the move: who, from where to where.
		must(t, bctx, "open the creator", chromedp.Click(chromedp.CSS(`.bcard a.handle`)), chromedp.WaitVisible(chromedp.CSS(`#timeline`)))
		tl, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`#timeline .timeline li`)))
		if err != nil {
			t.Fatal(err)
		}
		want := "Stage: " + model.Stage(from).Label() + " → " + toLabel
		if !strings.Contains(tl, want) || !strings.Contains(tl, owner.email) {
			t.Errorf("the newest timeline entry should be %q by %s, is:\n%s", want, owner.email, tl)
		}
		shot(t, bctx, shots, "creator-crm")
		must(t, bctx, "open the tasks", chromedp.Navigate(base+"tasks?who=all&show=upcoming"), chromedp.WaitVisible(chromedp.CSS(`main`)))
		shot(t, bctx, shots, "tasks")
		must(t, bctx, "open the SLA views", chromedp.Navigate(base+"pipeline/sla"), chromedp.WaitVisible(chromedp.CSS(`.sla-cards`)))
		shot(t, bctx, shots, "sla")
	})
}

// seedPipeline adds prospects in the early stages, with owners, tags, a note and tasks, as a
// team's first weeks would leave them (the sample's own creators all sold, so the refresh put
// them in the later stages).
func seedPipeline(t *testing.T, s *store.Store, ws *model.Workspace, owner, spec login) {
	t.Helper()
	ctx := context.Background()
	a := store.Actor{UserID: owner.userID, Label: owner.email}
	day := 24 * time.Hour
	people := []struct {
		handle, name string
		stage        model.Stage
		days         int
		followers    int64
		vertical     string
		mine         bool
	}{
		{"glowwithmaya", "Maya Chen", model.StageProspect, 2, 48_200, "Beauty", false},
		{"skinbyrina", "Rina Okafor", model.StageProspect, 5, 120_500, "Beauty", false},
		{"homecozyco", "Cozy Co", model.StageProspect, 1, 9_800, "Home", false},
		{"dewdropdaily", "Dew Drop", model.StageContacted, 9, 33_000, "Beauty", true},
		{"lashlabjess", "Jess M.", model.StageContacted, 3, 210_000, "Beauty", true},
		{"fitfuelfrank", "Frank Ortiz", model.StageContacted, 1, 15_400, "Fitness", false},
		{"serumsister", "Ada & Bea", model.StageEngaged, 6, 87_000, "Beauty", true},
		{"minimalmara", "Mara L.", model.StageEngaged, 1, 64_300, "Fashion", false},
		{"glossgoals", "Gloss Goals", model.StageOnboarded, 4, 152_000, "Beauty", true},
		{"tinytidyhome", "Tidy Home", model.StageSampled, 16, 41_000, "Home", false},
		{"cleanbeautykai", "Kai R.", model.StageSampled, 3, 98_000, "Beauty", true},
		{"spamdeals4u", "", model.StageDoNotContact, 20, 1_200, "", false},
	}
	var seed []store.SeedCreator
	for _, p := range people {
		f := p.followers
		c := store.SeedCreator{Handle: p.handle, DisplayName: p.name, Stage: p.stage, StageSince: time.Now().Add(-time.Duration(p.days) * day),
			Followers: &f, Region: "US", Email: p.handle + "@example.com"}
		if p.vertical != "" {
			c.Verticals = []string{p.vertical}
		}
		if p.mine {
			c.OwnerID = &spec.userID
			c.Tags = []string{"summer-drop"}
		}
		if p.stage == model.StageDoNotContact {
			c.StageReason = "asked us to stop writing"
		}
		seed = append(seed, c)
	}
	if _, err := s.SeedCreators(ctx, ws.ID, seed); err != nil {
		t.Fatal(err)
	}
	id, err := s.CreatorIDByHandle(ctx, ws.ID, "pixiemint_1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetOwner(ctx, a, ws.ID, []int64{id}, &spec.userID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateTags(ctx, a, ws.ID, []int64{id}, []string{"summer-drop", "live-seller"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, a, ws.ID, id, "Loves the serum; wants a bundle code for her live on Friday."); err != nil {
		t.Fatal(err)
	}
	for i, title := range []string{"Send the bundle code", "Check the live's sales"} {
		d := time.Now().In(ws.Location()).AddDate(0, 0, i+1)
		if _, err := s.CreateTask(ctx, a, ws.ID, store.TaskInput{Title: title, CreatorID: &id, AssigneeID: &spec.userID,
			DueDay: int32(d.Year()*10000 + int(d.Month())*100 + d.Day())}); err != nil {
			t.Fatal(err)
		}
	}
}

// dragCard drags with real mouse input: press on the element under grab, move in steps to the
// centre of the element under drop, release.
func dragCard(t *testing.T, ctx context.Context, grab, drop string) {
	t.Helper()
	center := func(sel string) (float64, float64) {
		t.Helper()
		xy, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
			const e = document.querySelector(%q); e.scrollIntoView({block: "nearest", inline: "nearest"});
			const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, sel)))
		if err != nil || len(xy) != 2 {
			t.Fatalf("find %s: %v", sel, err)
		}
		return xy[0], xy[1]
	}
	x0, y0 := center(grab)
	x1, y1 := center(drop)
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	const n = 12
	for i := 1; i <= n; i++ {
		f := float64(i) / n
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, chromedp.ButtonLeft))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	must(t, ctx, "drag "+grab+" to "+drop, steps...)
}

// dragCardFar drags to a column off the screen: the card is held at the board's right edge
// until the board has scrolled the column into view, then dropped on it.
func dragCardFar(t *testing.T, ctx context.Context, grab, drop string) {
	t.Helper()
	xy := func(js string) (float64, float64) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](js))
		if err != nil || len(v) != 2 {
			t.Fatalf("find %s: %v", js, err)
		}
		return v[0], v[1]
	}
	rectOf := func(sel string) string {
		return fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`, sel)
	}
	x0, y0 := xy(rectOf(grab))
	edge, _ := xy(`(() => { const r = document.querySelector(".board").getBoundingClientRect(); return [r.right - 20, r.top]; })()`)
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x0, y0),
		chromedp.MouseEvent(chromedp.MousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 10; i++ {
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x0+(edge-x0)*float64(i)/10, y0, chromedp.ButtonLeft))
	}
	must(t, ctx, "hold "+grab+" at the board's edge", steps...)
	waitFor(t, ctx, drop+" to scroll into view", fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return r.right < document.querySelector(".board").getBoundingClientRect().right - 80; })()`, drop))
	x1, y1 := xy(rectOf(drop))
	steps = steps[:0]
	for i := 1; i <= 6; i++ {
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, edge+(x1-edge)*float64(i)/6, y0+(y1-y0)*float64(i)/6, chromedp.ButtonLeft))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	must(t, ctx, "drop on "+drop, steps...)
}

// waitFor polls a JavaScript condition until it holds.
func waitFor(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("waited for %s:\n%s", what, bodyText(t, ctx))
}
