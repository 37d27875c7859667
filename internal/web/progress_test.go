package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// polled is the JSON static/progress.js reads, with the older fields the pages kept.
type polled struct {
	Running  bool              `json:"running"`
	Value    int64             `json:"value"`
	Max      int64             `json:"max"`
	Fields   map[string]string `json:"fields"`
	Status   string            `json:"status"`
	Pending  *bool             `json:"pending"`  // the import's
	Progress json.RawMessage   `json:"progress"` // per mille (import), "42 done" (enrollment)
}

// getJSON asks path for JSON (Accept: application/json) as role; the caller closes the body.
func (f *outreachFixture) getJSON(t *testing.T, role access.Role, path string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.Header.Set("Accept", "application/json")
	resp, err := f.clients[role].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// poll asks path for its progress as static/progress.js does, as role.
func (f *outreachFixture) poll(t *testing.T, role access.Role, path string) (int, polled) {
	t.Helper()
	resp := f.getJSON(t, role, path)
	defer resp.Body.Close()
	var p polled
	if resp.StatusCode == 200 {
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Fatalf("%s: Content-Type %q", path, ct)
		}
		if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return resp.StatusCode, p
}

// wantFields checks that a poll sets every data-field the page carries, and no other.
func wantFields(t *testing.T, what, page string, p polled, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, ok := p.Fields[n]; !ok {
			t.Errorf("%s: the poll lacks field %q: %+v", what, n, p.Fields)
		}
		if !strings.Contains(page, `data-field="`+n+`"`) {
			t.Errorf("%s: the page has no data-field=%q", what, n)
		}
	}
	if len(p.Fields) != len(names) {
		t.Errorf("%s: the poll sets %v, want only %v", what, p.Fields, names)
	}
}

// An import's status is the shape progress.js reads (running, the bar, the fields its page
// names), with the older fields kept; the page carries the status URL only while the import
// runs, and loads progress.js, not the list's imports.js.
func TestImportRunProgress(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		id, err := s.StartImportRun(ctx, f.ws.ID, 0, "tiktok_orders", "big.csv", []string{"Order ID"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetImportRunProgress(ctx, id, 420); err != nil {
			t.Fatal(err)
		}
		page := "/w/acme/imports/" + strconv.FormatInt(id, 10)
		code, body := f.get(t, access.Viewer, page)
		if code != 200 || !strings.Contains(body, `data-status-url="`+page+`/status"`) || !strings.Contains(body, `src="/static/progress.`) ||
			strings.Contains(body, `src="/static/imports.`) {
			t.Fatalf("running import page: %d\n%s", code, body)
		}
		for _, role := range []access.Role{access.Owner, access.Manager, access.Specialist, access.Finance, access.Viewer} {
			code, p := f.poll(t, role, page+"/status")
			if code != 200 {
				t.Fatalf("%s polls: %d", role, code)
			}
			if !p.Running || p.Value != 420 || p.Max != 1000 || p.Fields["percent"] != "42%" || p.Fields["status"] != "running" ||
				p.Fields["rows"] != "0" || p.Status != "running" || p.Pending == nil || !*p.Pending || string(p.Progress) != "420" {
				t.Errorf("%s polls a running import: %+v", role, p)
			}
			wantFields(t, "import", body, p, "status", "percent", "rows", "inserted", "updated", "unchanged", "rejected")
		}

		if err := s.FinishImportRun(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
		if _, p := f.poll(t, access.Viewer, page+"/status"); p.Running || p.Fields["status"] != "done" || *p.Pending {
			t.Errorf("a finished import: %+v", p)
		}
		if code, body := f.get(t, access.Viewer, page); code != 200 || strings.Contains(body, "data-status-url") || !strings.Contains(body, "status-done") {
			t.Errorf("finished import page: %d\n%s", code, body)
		}

		// Not signed in: sent to sign in. Ids that are no run of the workspace: 404.
		anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		if resp, err := anon.Get(f.srv.URL + page + "/status"); err != nil || resp.StatusCode != http.StatusSeeOther {
			t.Errorf("anonymous poll: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		for _, p := range []string{"/w/acme/imports/x/status", "/w/acme/imports/999999/status"} {
			if code, _ := f.poll(t, access.Viewer, p); code != 404 {
				t.Errorf("%s: %d, want 404", p, code)
			}
		}
	})
}

// A saved view enrolled in the background from a sequence's page: the progress page's heading
// names the view and leads back to the sequence's page, not the Directory; the poll is the
// shape progress.js reads. A view deleted since still reads as a saved view.
func TestEnrollJobFromSavedView(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		syncMax(t, 2)
		u := f.users[access.Specialist]
		view, err := s.SaveView(ctx, store.Actor{UserID: u.userID, Label: u.email}, f.ws.ID, u.userID, store.ViewPageDirectory, "Everybody", "sort=handle")
		if err != nil {
			t.Fatal(err)
		}
		seqURL := f.seqPath("")
		enroll := url.Values{"view_id": {strconv.FormatInt(view.ID, 10)}}
		code, loc, body := f.post(t, access.Specialist, f.seqPath("enroll"), enroll)
		if code != 303 || !strings.HasPrefix(loc, "/w/acme/directory/enroll/") {
			t.Fatalf("enroll the view: %d %q %.300s", code, loc, body)
		}
		heading := `<a href="` + seqURL + `" class="crumb">US beauty</a> / Enroll saved view «Everybody»`
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "running", path: loc, status: 200, want: []string{heading, `data-status-url="` + loc + `"`, "Counting the creators to enroll in «US beauty»…"},
				lacks: []string{"Enroll all matching", `class="crumb">Directory<`, "Back to the Directory"}},
		})
		_, page := f.get(t, access.Specialist, loc)
		code, p := f.poll(t, access.Specialist, loc)
		if code != 200 || !p.Running || p.Value != 0 || p.Max != 1 || p.Status != store.EnrollJobRunning || string(p.Progress) != `"0 done"` ||
			p.Fields["headline"] != "Counting the creators to enroll in «US beauty»…" || p.Fields["progress"] != "0 done" {
			t.Errorf("the running job's poll: %d %+v", code, p)
		}
		wantFields(t, "enrollment", page, p, "headline", "progress", "enrolled", "skipped")

		// Roles: outreach.run only, the poll as the page.
		for _, c := range []struct {
			role access.Role
			code int
		}{{access.Owner, 200}, {access.Manager, 200}, {access.Specialist, 200}, {access.Finance, 403}, {access.Viewer, 403}} {
			if got, _ := f.get(t, c.role, loc); got != c.code {
				t.Errorf("%s opens the job: %d, want %d", c.role, got, c.code)
			}
			if got, _ := f.poll(t, c.role, loc); got != c.code {
				t.Errorf("%s polls the job: %d, want %d", c.role, got, c.code)
			}
		}

		runEnrollJobs(t, s)
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "done", path: loc, status: 200, want: []string{heading, `<a class="btn" href="` + seqURL + `#enroll">Back to the sequence</a>`,
				"Enrolled 2 in «US beauty»", `href="` + seqURL + `/enrollments"`},
				lacks: []string{"data-status-url", "Back to the Directory"}},
		})
		if _, p := f.poll(t, access.Specialist, loc); p.Running || p.Status != store.EnrollJobDone || p.Value != p.Max {
			t.Errorf("the done job's poll: %+v", p)
		}

		// Deleted while its job waits, the view still reads as one; the job fails on an
		// archived sequence, and the page says to enroll again from the sequence's page.
		later := enrollSequence(t, f, "Later")
		laterURL := sequencePath(f.ws, later.ID, "")
		_, loc2, _ := f.post(t, access.Specialist, laterURL+"/enroll", enroll)
		if err := s.DeleteView(ctx, store.Actor{UserID: u.userID, Label: u.email}, f.ws.ID, u.userID, view.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, later.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		runEnrollJobs(t, s)
		run(t, f.srv, f.clients[access.Manager], []scenario{
			{name: "failed, view deleted", path: loc2, status: 200, want: []string{`<a href="` + laterURL + `" class="crumb">Later</a> / Enroll a saved view`,
				"status-failed", `enroll again from the <a href="` + laterURL + `#enroll">sequence&#39;s page</a>`},
				lacks: []string{"data-status-url", "«Everybody»"}},
		})

		// The Directory's own background enrollment keeps its heading and links.
		syncMax(t, 1)
		_, loc3, _ := f.post(t, access.Specialist, "/w/acme/directory/enroll", url.Values{"sequence": {strconv.FormatInt(f.seq.ID, 10)}, "all": {"1"}, "query": {"sort=handle"}})
		runEnrollJobs(t, s)
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "from the Directory", path: loc3, status: 200, want: []string{`<a href="/w/acme/directory?sort=handle" class="crumb">Directory</a> / Enroll all matching`,
				`<a class="btn" href="/w/acme/directory?sort=handle">Back to the Directory</a>`}, lacks: []string{"saved view", "Back to the sequence"}},
		})
	})
}

// TestBrowserProgress follows work on the server in a real browser with progress.js: a running
// import (the bar and the percentage move as the run advances, and the page reloads once it
// is done), then a saved view's background enrollment from its sequence's page (its heading
// names the view; the page reloads to the outcome, with a link back to the sequence).
func TestBrowserProgress(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		id, err := s.StartImportRun(ctx, f.ws.ID, 0, "tiktok_orders", "big.csv", []string{"Order ID"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetImportRunProgress(ctx, id, 100); err != nil {
			t.Fatal(err)
		}
		spec := f.users[access.Specialist]
		bctx := newBrowser(t, t.TempDir())
		browserSignIn(t, bctx, f.srv.URL, spec)
		must(t, bctx, "open the run", chromedp.Navigate(f.srv.URL+"/w/acme/imports/"+strconv.FormatInt(id, 10)),
			chromedp.WaitVisible(chromedp.CSS(`.run-status progress`)))
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__stale = true`)); err != nil {
			t.Fatal(err)
		}
		if err := s.SetImportRunProgress(ctx, id, 730); err != nil {
			t.Fatal(err)
		}
		waitTrue(t, bctx, "the bar and the percentage move",
			`document.querySelector(".run-status progress").value === 730 && document.querySelector('[data-field="percent"]').textContent === "73%"`)
		shot(t, bctx, screenshotDir(t), "import-running")
		if err := s.FinishImportRun(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
		waitTrue(t, bctx, "the page reloads once done",
			`window.__stale !== true && document.readyState === "complete" && !!document.querySelector(".run-status .status-done") && !document.querySelector("progress")`)
		shot(t, bctx, screenshotDir(t), "import-done")

		syncMax(t, 1)
		view, err := s.SaveView(ctx, store.Actor{UserID: spec.userID, Label: spec.email}, f.ws.ID, spec.userID, store.ViewPageDirectory, "With email", "email=yes")
		if err != nil {
			t.Fatal(err)
		}
		code, loc, body := f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"view_id": {strconv.FormatInt(view.ID, 10)}})
		if code != 303 {
			t.Fatalf("enroll the view: %d %.300s", code, body)
		}
		must(t, bctx, "open the enrollment", chromedp.Navigate(f.srv.URL+loc), chromedp.WaitVisible(chromedp.CSS(`#enroll-job progress`)))
		if h1, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`h1`))); squashSpace(h1) != "US beauty / Enroll saved view «With email»" {
			t.Errorf("the heading is %q", h1)
		}
		shot(t, bctx, screenshotDir(t), "enroll-job-view")
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__stale = true`)); err != nil {
			t.Fatal(err)
		}
		runEnrollJobs(t, s)
		waitTrue(t, bctx, "the page reloads to the outcome",
			`window.__stale !== true && document.readyState === "complete" && !!document.querySelector("#enroll-outcome")`)
		if back, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`a[href$="#enroll"].btn`))); back != "Back to the sequence" {
			t.Errorf("the link back reads %q", back)
		}
		shot(t, bctx, screenshotDir(t), "enroll-job-view-done")
	})
}

// waitTrue waits for a script to be true on the page (an error is a page being replaced).
func waitTrue(t *testing.T, ctx context.Context, what, script string) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script)); err == nil && ok {
			return
		}
	}
	t.Fatalf("%s: not so after 15 s:\n%s", what, bodyText(t, ctx))
}
