package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/outreach/outreachtest"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// outreachClock is the engine's and the fake channel's time in the browser test: Monday
// 10:00 UTC in a future year, so enrollments stamped with the real time are due at once and
// business and quiet hours do not depend on when the test runs.
type outreachClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *outreachClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *outreachClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeResolver sends every sender's messages to one fake channel.
type fakeResolver struct{ ch outreach.Channel }

func (r fakeResolver) Channel(context.Context, int64, string) (outreach.Channel, error) {
	return r.ch, nil
}

// TestBrowserOutreach is a specialist's first sequence in a real browser: save a directory
// view, add a mailbox (it delivers to the fake channel), write two templates, build a
// two-step email sequence, activate it and enroll the view; the engine sends the first step
// to the fake channel and the page counts it; one creator replies by email, and the next pass
// sends the second step to the others only, her enrollment showing "stopped: replied".
func TestBrowserOutreach(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "acme", Name: "Acme Beauty", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		owner := addMember(t, s, "ana@acme.example", ws, "owner")
		people := []store.SeedCreator{
			{Handle: "glowwithmaya", DisplayName: "Maya Chen", Email: "maya@example.com", Tags: []string{"summer-drop"}},
			{Handle: "skinbyrina", DisplayName: "Rina Okafor", Email: "rina@example.com", Tags: []string{"summer-drop"}},
			{Handle: "lashlabjess", DisplayName: "Jess M.", Email: "jess@example.com", Tags: []string{"summer-drop"}},
			{Handle: "homecozyco", DisplayName: "Cozy Co", Email: "cozy@example.com"},
		}
		ids, err := s.SeedCreators(ctx, ws.ID, people)
		if err != nil {
			t.Fatal(err)
		}
		maya, rina, jess, cozy := ids[0], ids[1], ids[2], ids[3]

		clock := &outreachClock{t: time.Date(2030, 11, 18, 10, 0, 0, 0, time.UTC)}
		fake := &outreachtest.Fake{Now: clock.Now, ChannelName: outreach.ChannelEmail}
		eng := &outreach.Engine{Store: s, Now: clock.Now, Resolver: fakeResolver{fake}, Worker: "browser-test"}
		tick := func() {
			t.Helper()
			if err := eng.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}

		bctx := newBrowser(t, t.TempDir())
		shots := screenshotDir(t)
		app := serveOn(t, New(s, testLogger(t)))
		base := app.URL + "/w/acme/"
		browserSignIn(t, bctx, app.URL, owner)

		// A saved view: the creators tagged for the summer drop.
		must(t, bctx, "filter the directory", chromedp.Navigate(base+"directory?tag=summer-drop"), chromedp.WaitVisible(chromedp.CSS(`#f-view-name`)))
		must(t, bctx, "save the view", chromedp.SendKeys(chromedp.CSS(`#f-view-name`), "Summer drop"),
			chromedp.Click(chromedp.CSS(`#f-view-save`)), chromedp.WaitVisible(chromedp.CSS(`.dir-views li`)))

		// The sender: a mailbox (the test's engine hands its messages to the fake channel).
		must(t, bctx, "open the new mailbox form", chromedp.Navigate(base+"outreach/mailboxes/new"), chromedp.WaitVisible(chromedp.CSS(`input[name="from_address"]`)))
		must(t, bctx, "add the mailbox",
			chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Partnerships"),
			chromedp.SendKeys(chromedp.CSS(`input[name="from_address"]`), "partners@acme.example"),
			chromedp.SendKeys(chromedp.CSS(`input[name="smtp_host"]`), "smtp.acme.example"),
			chromedp.Submit(chromedp.CSS(`input[name="smtp_host"]`)))
		outreachWaitURL(t, bctx, "ok=saved")
		mbs, err := s.Mailboxes(ctx, ws.ID)
		if err != nil || len(mbs) != 1 {
			t.Fatalf("after the mailbox form: %d mailboxes, %v\n%s", len(mbs), err, bodyText(t, bctx))
		}

		// Two templates.
		for _, tpl := range []struct{ name, subject, body string }{
			{"Summer intro", "A summer collab, {{creator.first_name | \"there\"}}?", "Hi {{creator.first_name | \"there\"}}, {{sender.company}} would love to send you our summer serum."},
			{"Summer follow-up", "Following up", "Just checking in, {{creator.name}}: still keen on the serum?"},
		} {
			must(t, bctx, "open the new template form", chromedp.Navigate(base+"outreach/templates/new"), chromedp.WaitVisible(chromedp.CSS(`#tpl-form`)))
			must(t, bctx, "write "+tpl.name,
				chromedp.SendKeys(chromedp.CSS(`#tpl-form input[name="name"]`), tpl.name),
				chromedp.SendKeys(chromedp.CSS(`#tpl-form input[name="subject"]`), tpl.subject),
				chromedp.SendKeys(chromedp.CSS(`#tpl-form textarea[name="body"]`), tpl.body),
				chromedp.Click(chromedp.CSS(`#tpl-form button.primary[type="submit"]`)))
			outreachWaitURL(t, bctx, "ok=created")
		}
		tpls, err := s.Templates(ctx, ws.ID, false)
		if err != nil || len(tpls) != 2 {
			t.Fatalf("after the template forms: %d templates, %v\n%s", len(tpls), err, bodyText(t, bctx))
		}
		tplID := map[string]string{}
		for _, tp := range tpls {
			tplID[tp.Name] = strconv.FormatInt(tp.ID, 10)
		}

		// The sequence: two email steps, the second two business hours after the first.
		must(t, bctx, "open outreach", chromedp.Navigate(base+"outreach"), chromedp.WaitVisible(chromedp.CSS(`input[name="name"]`)))
		must(t, bctx, "name the sequence", chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Summer drop"),
			chromedp.Submit(chromedp.CSS(`input[name="name"]`)), chromedp.WaitVisible(chromedp.CSS(`#steps`)))
		for i := 1; i <= 2; i++ {
			outreachSubmit(t, bctx, fmt.Sprintf("add step %d", i), chromedp.Click(chromedp.CSS(`#steps button[name="op"][value="add"]`)),
				chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#steps tbody tr:nth-child(%d) select[name="channel"]`, i))))
		}
		row := func(i int, sel string) string { return fmt.Sprintf(`#steps tbody tr:nth-child(%d) %s`, i, sel) }
		outreachSubmit(t, bctx, "fill the steps",
			chromedp.SetValue(chromedp.CSS(row(1, `select[name="channel"]`)), store.ChannelEmail),
			chromedp.SetValue(chromedp.CSS(row(1, `select[name="template"]`)), tplID["Summer intro"]),
			chromedp.SetValue(chromedp.CSS(row(2, `select[name="channel"]`)), store.ChannelEmail),
			chromedp.SetValue(chromedp.CSS(row(2, `select[name="template"]`)), tplID["Summer follow-up"]),
			chromedp.SetValue(chromedp.CSS(row(2, `input[name="delay"]`)), "2"),
			chromedp.SetValue(chromedp.CSS(row(2, `select[name="unit"]`)), "hours"),
			chromedp.Click(chromedp.CSS(`#steps button.primary[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#steps`)))
		outreachSubmit(t, bctx, "pick the mailbox",
			chromedp.SetValue(chromedp.CSS(`#settings select[name="mailbox_id"]`), strconv.FormatInt(mbs[0].ID, 10)),
			chromedp.Click(chromedp.CSS(`#settings button.primary[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#steps`)))
		outreachSubmit(t, bctx, "activate", chromedp.Click(chromedp.CSS(`button[name="status"][value="active"]`)),
			chromedp.WaitVisible(chromedp.CSS(`.ost-active`)))
		seqs, err := s.Sequences(ctx, ws.ID, false)
		if err != nil || len(seqs) != 1 || len(seqs[0].Steps) != 2 || seqs[0].Status != store.SequenceActive ||
			seqs[0].Steps[1].DelayMinutes != 120 || seqs[0].MailboxID == nil {
			t.Fatalf("the sequence built in the page: %+v, %v\n%s", seqs, err, bodyText(t, bctx))
		}
		seq := seqs[0]

		// Enroll the saved view: the three tagged creators, not the fourth.
		outreachSubmit(t, bctx, "enroll the view", chromedp.Click(chromedp.CSS(`#enroll button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`#enroll-result`)))
		if msg, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`#enroll-result`))); !strings.Contains(msg, "3 enrolled") {
			t.Fatalf("enrolling the view says %q, want 3 enrolled", msg)
		}

		// The engine's pass sends the first step; the page counts it.
		tick()
		if fake.Total() != 3 || fake.Count(outreachKey(t, s, ws.ID, seq.ID, maya, 0)) != 1 || deliveriesTo(fake, cozy) != 0 {
			t.Fatalf("after the first pass the fake got %v", fake.Counts())
		}
		must(t, bctx, "reload the sequence", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.ofacts`)))
		if facts, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.ofacts`))); !strings.Contains(squashSpace(facts), "Sent this week 3") {
			t.Errorf("the sequence page should count 3 messages sent:\n%s", facts)
		}
		shot(t, bctx, shots, "outreach-sequence")

		// Maya answers the email half an hour later (the IMAP poller records it this way).
		clock.Advance(30 * time.Minute)
		if _, ok, err := s.RecordCreatorEmailReply(ctx, store.Actor{Label: "imap"}, ws.ID, "Maya@Example.com", clock.Now(), "replied by email"); err != nil || !ok {
			t.Fatalf("record the reply: %v %v", ok, err)
		}
		// Two business hours after the first step, the second goes to the others only.
		clock.Advance(time.Hour + 31*time.Minute)
		tick()
		tick()
		if got := []int{deliveriesTo(fake, maya), deliveriesTo(fake, rina), deliveriesTo(fake, jess), deliveriesTo(fake, cozy)}; fmt.Sprint(got) != "[1 2 2 0]" {
			t.Fatalf("deliveries to maya, rina, jess, cozy = %v, want [1 2 2 0]: %v", got, fake.Counts())
		}
		if d := fake.Duplicates(); len(d) > 0 {
			t.Fatalf("delivered twice: %v", d)
		}
		must(t, bctx, "reload the sequence", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.ofacts`)))
		if facts, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`.ofacts`))); !strings.Contains(squashSpace(facts), "Sent this week 5") {
			t.Errorf("the sequence page should count 5 messages sent:\n%s", facts)
		}
		outreachSubmit(t, bctx, "open the enrollments", chromedp.Click(chromedp.CSS(`.pagehead a.btn[href$="/enrollments"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table.list`)))
		rows, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("table.list tbody tr")].map(r => r.innerText.replace(/\s+/g, " "))`))
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]string{}
		for _, r := range rows {
			for _, h := range []string{"glowwithmaya", "skinbyrina", "lashlabjess"} {
				if strings.Contains(r, "@"+h+" ") {
					found[h] = r
				}
			}
		}
		if r := found["glowwithmaya"]; !strings.Contains(r, "stopped") || !strings.Contains(r, "replied") {
			t.Errorf("maya's enrollment should show stopped: replied, shows %q", r)
		}
		for _, h := range []string{"skinbyrina", "lashlabjess"} {
			if r := found[h]; !strings.Contains(r, "completed") {
				t.Errorf("%s's enrollment should be completed, shows %q", h, r)
			}
		}
		shot(t, bctx, shots, "outreach-enrollments")
	})
}

// key is the idempotency key of a creator's step in the sequence.
func outreachKey(t *testing.T, s *store.Store, ws, seq, creator int64, step int) string {
	t.Helper()
	es, err := s.ListEnrollments(context.Background(), ws, store.EnrollmentFilter{SequenceID: seq, CreatorID: creator})
	if err != nil || len(es) != 1 {
		t.Fatalf("enrollment of %d: %+v, %v", creator, es, err)
	}
	return "o:" + strconv.FormatInt(es[0].ID, 10) + ":" + strconv.Itoa(step)
}

// deliveriesTo counts the fake's deliveries to a creator.
func deliveriesTo(f *outreachtest.Fake, creator int64) int {
	n := 0
	for _, d := range f.Deliveries() {
		if d.CreatorID == creator {
			n++
		}
	}
	return n
}

// squashSpace collapses runs of white space, as a reader sees text.
func squashSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// outreachWaitURL waits until the browser's address contains part (a redirect after a form).
// outreachSubmit runs acts, which submit a form, and waits for the next document to load. The
// sequence page's forms redirect back to the same address, so waiting for an element or the
// URL could pass on the old document while the new one loads, and the next click be lost.
func outreachSubmit(t *testing.T, ctx context.Context, what string, acts ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stale = true`)); err != nil {
		t.Fatalf("%s: marking the page: %v", what, err)
	}
	must(t, ctx, what, acts...)
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		// An error means the old document is going away: try again.
		stale, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stale === true && document.readyState === "complete"`))
		if err == nil && !stale {
			ready, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete"`))
			if err == nil && ready {
				return
			}
		}
	}
	t.Fatalf("%s: the page did not load a new document:\n%s", what, bodyText(t, ctx))
}

func outreachWaitURL(t *testing.T, ctx context.Context, part string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil && strings.Contains(loc, part) {
			return
		}
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	t.Fatalf("the page did not move to …%s…, it is %s:\n%s", part, loc, bodyText(t, ctx))
}
