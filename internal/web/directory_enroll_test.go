package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// enrollSequence makes a sequence of the fixture's workspace with one email step.
func enrollSequence(t *testing.T, f *outreachFixture, name string) *store.Sequence {
	t.Helper()
	q := &store.Sequence{WorkspaceID: f.ws.ID, Name: name, MailboxID: &f.mailbox.ID,
		Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: f.tpl.ID}}}
	if err := f.s.CreateSequence(context.Background(), store.CLIActor, q); err != nil {
		t.Fatal(err)
	}
	return q
}

// enrolledHandles are the handles of the creators enrolled in sequence id, sorted.
func enrolledHandles(t *testing.T, f *outreachFixture, id int64) []string {
	t.Helper()
	es, err := f.s.ListEnrollments(context.Background(), f.ws.ID, store.EnrollmentFilter{SequenceID: id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.CreatorHandle)
		if e.Source != directoryEnrollSource {
			t.Errorf("enrollment of @%s has source %q, want %q", e.CreatorHandle, e.Source, directoryEnrollSource)
		}
	}
	slices.Sort(out)
	return out
}

func TestDirectoryEnroll(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		id := func(handle string) string { return strconv.FormatInt(f.creators[handle], 10) }
		seq := func(q *store.Sequence) string { return strconv.FormatInt(q.ID, 10) }

		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, f.seq.ID, store.SequenceActive); err != nil {
			t.Fatal(err)
		}
		drafted := enrollSequence(t, f, "Later")
		// Who sees the control: outreach.run, even without the bulk CRM actions or exports.
		for _, c := range []struct {
			role        access.Role
			want, lacks []string
		}{
			{access.Owner, []string{`id="bulk-enroll"`, `id="bulk-assign"`, `<option value="` + seq(f.seq) + `">US beauty</option><option value="` + seq(drafted) + `">Later (draft)</option>`}, nil},
			{access.Specialist, []string{`id="bulk-enroll"`, `id="dir-bulkbar"`, `name="id" value="` + id("mai.nguyen") + `"`}, []string{`id="bulk-assign"`, `id="bulk-export"`}},
			{access.Finance, []string{`id="bulk-export"`}, []string{`id="bulk-enroll"`, `dir-enroll-none`}},
			{access.Viewer, nil, []string{`id="bulk-enroll"`, `id="dir-bulkbar"`, `name="id"`}},
		} {
			code, body := f.get(t, c.role, "/w/acme/directory")
			if code != 200 {
				t.Fatalf("%s: directory %d", c.role, code)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the directory lacks %s", c.role, w)
				}
			}
			for _, w := range c.lacks {
				if strings.Contains(body, w) {
					t.Errorf("%s: the directory shows %s", c.role, w)
				}
			}
		}

		// Owner, manager and specialist enroll ticked creators; each in a sequence of their own.
		for _, role := range []access.Role{access.Owner, access.Manager, access.Specialist} {
			q := enrollSequence(t, f, "Seq "+string(role))
			form := url.Values{"sequence": {seq(q)}, "id": {id("mai.nguyen"), id("noemail")}, "query": {"sort=handle&stage=prospect"}}
			code, loc, body := f.post(t, role, "/w/acme/directory/enroll", form)
			if code != 303 || !strings.HasPrefix(loc, "/w/acme/directory?sort=handle&stage=prospect&done=enroll:") {
				t.Fatalf("%s enrolls: %d %q %.300s", role, code, loc, body)
			}
			_, body = f.get(t, role, loc)
			want := "Enrolled 1 in «Seq " + string(role) + "»; 1 skipped (1 without an address for the first step&#39;s channel). The sequence is draft"
			if !strings.Contains(body, want) {
				t.Errorf("%s: the notice lacks %q", role, want)
			}
			if got := enrolledHandles(t, f, q.ID); !slices.Equal(got, []string{"mai.nguyen"}) {
				t.Errorf("%s enrolled %v", role, got)
			}
		}
		// Finance and viewer may not.
		for _, role := range []access.Role{access.Finance, access.Viewer} {
			code, _, _ := f.post(t, role, "/w/acme/directory/enroll", url.Values{"sequence": {seq(f.seq)}, "id": {id("mai.nguyen")}})
			if code != 403 {
				t.Errorf("%s enrolls: %d, want 403", role, code)
			}
		}
		if got := enrolledHandles(t, f, f.seq.ID); len(got) != 0 {
			t.Fatalf("a forbidden request enrolled %v", got)
		}

		// "All matching": exactly the creators of the filter (those with an email), the
		// do-not-contact and the suppressed ones skipped and counted.
		code, loc, body := f.post(t, access.Specialist, "/w/acme/directory/enroll",
			url.Values{"sequence": {seq(f.seq)}, "all": {"1"}, "query": {"email=yes"}, "id": {id("noemail")}})
		if code != 303 {
			t.Fatalf("enroll all matching: %d %.300s", code, body)
		}
		if got := enrolledHandles(t, f, f.seq.ID); !slices.Equal(got, []string{"glowbyhana", "mai.nguyen"}) {
			t.Errorf("all matching enrolled %v, want glowbyhana and mai.nguyen", got)
		}
		_, body = f.get(t, access.Specialist, loc)
		want := "Enrolled 2 in «US beauty»; 2 skipped (1 suppressed (unsubscribed, bounced or blocked), 1 do-not-contact, banned or at a stage the sequence stops at)."
		if !strings.Contains(body, want) {
			t.Errorf("the notice lacks %q", want)
		}
		// Again: nobody twice.
		_, loc, _ = f.post(t, access.Specialist, "/w/acme/directory/enroll", url.Values{"sequence": {seq(f.seq)}, "all": {"1"}, "query": {"email=yes"}})
		if _, body = f.get(t, access.Specialist, loc); !strings.Contains(body, "Enrolled 0 in «US beauty»; 4 skipped (2 already in the sequence,") {
			t.Errorf("second enrollment's notice:\n%s", body)
		}
		// A filter that matches nobody.
		_, loc, _ = f.post(t, access.Specialist, "/w/acme/directory/enroll", url.Values{"sequence": {seq(f.seq)}, "all": {"1"}, "query": {"q=zzz"}})
		if _, body = f.get(t, access.Specialist, loc); !strings.Contains(body, "Nobody was enrolled in «US beauty»: no creator matches these filters any more.") {
			t.Errorf("empty match's notice:\n%s", body)
		}

		// Another workspace: its sequence is a 404, its creators are not found.
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		otherSeq := &store.Sequence{WorkspaceID: other.ID, Name: "Theirs"}
		if err := s.CreateSequence(ctx, store.CLIActor, otherSeq); err != nil {
			t.Fatal(err)
		}
		otherCreator, err := s.AddCreator(ctx, store.CLIActor, other.ID, store.NewCreator{Username: "their_creator", Email: "t@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		if code, _, _ := f.post(t, access.Owner, "/w/acme/directory/enroll", url.Values{"sequence": {seq(otherSeq)}, "id": {id("mai.nguyen")}}); code != 404 {
			t.Errorf("another workspace's sequence: %d, want 404", code)
		}
		q2 := enrollSequence(t, f, "Second")
		_, loc, _ = f.post(t, access.Owner, "/w/acme/directory/enroll", url.Values{"sequence": {seq(q2)}, "id": {strconv.FormatInt(otherCreator, 10)}})
		if _, body = f.get(t, access.Owner, loc); !strings.Contains(body, "Enrolled 0 in «Second»; 1 skipped (1 not found).") {
			t.Errorf("another workspace's creator:\n%s", body)
		}
		// A hand-made notice naming another workspace's sequence does not show its name.
		if _, body = f.get(t, access.Owner, "/w/acme/directory?done=enroll:"+seq(otherSeq)+".1.0.0.0.0.0"); strings.Contains(body, "Theirs") ||
			!strings.Contains(body, "Enrolled 1 in the sequence.") {
			t.Errorf("a notice with another workspace's sequence:\n%s", body)
		}

		// Bad input: 400 naming the field, nothing written.
		empty := enrollSequence(t, f, "No steps")
		if err := s.ReplaceSteps(ctx, store.CLIActor, f.ws.ID, empty.ID, nil); err != nil {
			t.Fatal(err)
		}
		archived := enrollSequence(t, f, "Old")
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, archived.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			form url.Values
			want string
		}{
			{"no sequence", url.Values{"id": {id("glowbyhana")}}, "sequence (empty) is not a sequence id"},
			{"sequence not a number", url.Values{"sequence": {"abc"}, "id": {id("glowbyhana")}}, "sequence “abc” is not a sequence id"},
			{"archived", url.Values{"sequence": {seq(archived)}, "id": {id("glowbyhana")}}, "sequence “Old” is archived"},
			{"no steps", url.Values{"sequence": {seq(empty)}, "id": {id("glowbyhana")}}, "sequence “No steps” has no steps yet"},
			{"nothing ticked", url.Values{"sequence": {seq(q2)}}, "Tick at least one creator"},
			{"bad id", url.Values{"sequence": {seq(q2)}, "id": {"x1"}}, "id &#34;x1&#34; is not a creator id."},
			{"bad filter", url.Values{"sequence": {seq(q2)}, "all": {"1"}, "query": {"score_min=500"}}, "score_min &#34;500&#34; is not a score"},
		} {
			code, _, body := f.post(t, access.Specialist, "/w/acme/directory/enroll", c.form)
			if code != 400 || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, want 400 with %q; body %.400s", c.name, code, c.want, body)
			}
		}
		if got := enrolledHandles(t, f, q2.ID); len(got) != 0 {
			t.Errorf("bad input enrolled %v", got)
		}

		// No sequence to enroll in: a specialist is sent to Outreach to make one.
		for _, q := range []int64{f.seq.ID, q2.ID, empty.ID, drafted.ID} {
			if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, q, store.SequenceArchived); err != nil {
				t.Fatal(err)
			}
		}
		for _, role := range []access.Role{access.Owner, access.Manager, access.Specialist} {
			if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, mustSeq(t, f, "Seq "+string(role)), store.SequenceArchived); err != nil {
				t.Fatal(err)
			}
		}
		_, body = f.get(t, access.Specialist, "/w/acme/directory")
		if !strings.Contains(body, "No outreach sequence yet:") || !strings.Contains(body, `href="/w/acme/outreach"`) ||
			strings.Contains(body, `id="bulk-enroll"`) || strings.Contains(body, `name="id"`) {
			t.Errorf("a specialist without sequences:\n%s", body)
		}
	})
}

// mustSeq finds the fixture workspace's sequence by name.
func mustSeq(t *testing.T, f *outreachFixture, name string) int64 {
	t.Helper()
	qs, err := f.s.Sequences(context.Background(), f.ws.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if q.Name == name {
			return q.ID
		}
	}
	t.Fatalf("no sequence %q", name)
	return 0
}

// TestBrowserDirectoryEnroll is a specialist's outreach from the Directory in a real browser:
// tick two creators, pick the sequence, Enroll, and read who was enrolled and who skipped.
func TestBrowserDirectoryEnroll(t *testing.T) {
	chromiumPath(t)
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		f := newOutreachFixture(t, s)
		spec := f.users[access.Specialist]
		bctx := newBrowser(t, t.TempDir())
		browserSignIn(t, bctx, f.srv.URL, spec)
		must(t, bctx, "open the directory", chromedp.Navigate(f.srv.URL+"/w/acme/directory?sort=handle"),
			chromedp.WaitVisible(chromedp.CSS(`#bulk-enroll`)))
		box := func(handle string) string {
			return `input[name="id"][value="` + strconv.FormatInt(f.creators[handle], 10) + `"]`
		}
		must(t, bctx, "tick two creators", chromedp.Click(chromedp.CSS(box("mai.nguyen"))), chromedp.Click(chromedp.CSS(box("dnc_dave"))),
			chromedp.SetValue(chromedp.CSS(`#enroll-sequence`), strconv.FormatInt(f.seq.ID, 10)))
		if label, _ := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(`#dir-selected`))); label != "2 selected" {
			t.Errorf("the bar says %q, want 2 selected", label)
		}
		shot(t, bctx, screenshotDir(t), "directory-enroll")
		outreachSubmit(t, bctx, "enroll", chromedp.Click(chromedp.CSS(`#bulk-enroll`)))
		outreachWaitURL(t, bctx, "/w/acme/directory?sort=handle&done=enroll")
		shot(t, bctx, screenshotDir(t), "directory-enrolled")
		text := squashSpace(bodyText(t, bctx))
		want := "Enrolled 1 in «US beauty»; 1 skipped (1 do-not-contact, banned or at a stage the sequence stops at)."
		if !strings.Contains(text, want) {
			t.Errorf("the page should say %q:\n%s", want, text)
		}
		if got := enrolledHandles(t, f, f.seq.ID); !slices.Equal(got, []string{"mai.nguyen"}) {
			t.Errorf("enrolled %v, want mai.nguyen", got)
		}

		// "All matching" past the request's limit: the progress page at once, then the
		// outcome when the server's job runner has done it.
		syncMax(t, 1)
		spring := enrollSequence(t, f, "Spring seeding")
		must(t, bctx, "filter", chromedp.Navigate(f.srv.URL+"/w/acme/directory?sort=handle&email=yes"),
			chromedp.WaitVisible(chromedp.CSS(`#bulk-enroll`)))
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.confirm = () => true; true`)); err != nil {
			t.Fatal(err)
		}
		must(t, bctx, "tick all matching", chromedp.Click(chromedp.CSS(`#dir-all`)),
			chromedp.SetValue(chromedp.CSS(`#enroll-sequence`), strconv.FormatInt(spring.ID, 10)))
		outreachSubmit(t, bctx, "enroll all matching", chromedp.Click(chromedp.CSS(`#bulk-enroll`)))
		outreachWaitURL(t, bctx, "/w/acme/directory/enroll/")
		if text := squashSpace(bodyText(t, bctx)); !strings.Contains(text, "Counting the creators to enroll in «Spring seeding»…") {
			t.Errorf("the progress page should say it is counting:\n%s", text)
		}
		shot(t, bctx, screenshotDir(t), "directory-enroll-job")
		r := &jobs.Runner{Store: s, Worker: "browser-test", Poll: 5 * time.Millisecond, Logger: testLogger(t)}
		outreach.RegisterEnroll(r, s, testLogger(t))
		rctx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx) }()
		defer func() { stop(); <-done }()
		want = "Enrolled 2 in «Spring seeding»; 2 skipped (1 suppressed (unsubscribed, bounced or blocked), 1 do-not-contact, banned or at a stage the sequence stops at)."
		for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			// The page's script reloads it once the job is over (reading it may fail then).
			if body, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
				if text = squashSpace(body); strings.Contains(text, want) {
					break
				}
			}
		}
		if !strings.Contains(text, want) {
			t.Fatalf("the progress page should end with %q:\n%s", want, text)
		}
		shot(t, bctx, screenshotDir(t), "directory-enroll-job-done")
		if got := enrolledHandles(t, f, spring.ID); !slices.Equal(got, []string{"glowbyhana", "mai.nguyen"}) {
			t.Errorf("the job enrolled %v, want glowbyhana and mai.nguyen", got)
		}
	})
}
