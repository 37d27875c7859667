package web

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// enrollJobFixture starts a background enrollment of every creator of the workspace in
// sequence id (with a step), for the isolation tests' {enrolljob}.
func enrollJobFixture(t *testing.T, s *store.Store, wsID int64, sequenceID string) string {
	t.Helper()
	id, err := strconv.ParseInt(sequenceID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	j, _, err := s.StartEnrollJob(context.Background(), store.CLIActor, wsID, id, store.DirectoryQuery{}, "", directoryEnrollSource)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(j.ID, 10)
}

// syncMax lowers the most creators "all matching" enrolls within the request, for one test.
func syncMax(t *testing.T, n int) {
	old := store.EnrollSyncMax
	store.EnrollSyncMax = n
	t.Cleanup(func() { store.EnrollSyncMax = old })
}

// runEnrollJobs runs the queued background enrollments to their end, as a server's runner
// would.
func runEnrollJobs(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	js, err := s.ClaimJobs(ctx, "web-test", []string{store.EnrollJobKind}, 100, time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e := &outreach.EnrollJobs{Store: s}
	for _, j := range js {
		if err := e.Run(ctx, j); err != nil {
			if !jobs.IsPermanent(err) {
				t.Fatal(err)
			}
			continue // the job's page says why
		}
		if err := s.CompleteJob(ctx, j, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// enrollJobStatus reads the progress page's JSON as role.
func (f *outreachFixture) enrollJobStatus(t *testing.T, role access.Role, path string) enrollJobView {
	t.Helper()
	resp := f.getJSON(t, role, path)
	defer resp.Body.Close()
	var v enrollJobView
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&v) != nil {
		t.Fatalf("%s: the job's status: %d", path, resp.StatusCode)
	}
	return v
}

// "All matching" past the request's limit queues a background enrollment and answers at once
// with its progress page; a second request while it runs is sent to the running one; once
// the job has run, the page gives the outcome the Directory gives after a small enrollment.
// The page is for the roles that run outreach, and another workspace's job is a 404.
func TestDirectoryEnrollBackground(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		syncMax(t, 2)
		seq := strconv.FormatInt(f.seq.ID, 10)
		form := url.Values{"sequence": {seq}, "all": {"1"}, "query": {"email=yes&sort=handle"}}

		code, loc, body := f.post(t, access.Specialist, "/w/acme/directory/enroll", form)
		if code != 303 || !strings.HasPrefix(loc, "/w/acme/directory/enroll/") {
			t.Fatalf("enroll all matching: %d %q %.300s", code, loc, body)
		}
		if got := enrolledHandles(t, f, f.seq.ID); len(got) != 0 {
			t.Fatalf("the request enrolled %v itself", got)
		}
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "queued", path: loc, status: 200, want: []string{"Counting the creators to enroll in «US beauty»…", "status-running",
				"0 done", "you may leave this page", `href="/w/acme/directory?email=yes&amp;sort=handle"`, `data-status-url="` + loc + `"`}},
		})
		if v := f.enrollJobStatus(t, access.Specialist, loc); !v.Running || v.Progress != "0 done" {
			t.Errorf("the job's status: %+v", v)
		}

		// Another request while it runs starts nothing and is sent to it.
		code, again, _ := f.post(t, access.Manager, "/w/acme/directory/enroll", url.Values{"sequence": {seq}, "all": {"1"}})
		if code != 303 || again != loc+"?already=1" {
			t.Fatalf("a second request: %d %q, want %s?already=1", code, again, loc)
		}
		if _, body := f.get(t, access.Manager, again); !strings.Contains(body, `id="enroll-already"`) {
			t.Errorf("the running job does not say a second request was sent to it:\n%s", body)
		}
		js, err := s.Jobs(ctx, store.JobFilter{Kind: store.EnrollJobKind})
		if err != nil || len(js) != 1 {
			t.Fatalf("queued jobs: %d, %v; want 1", len(js), err)
		}

		// Roles: outreach.run only.
		for _, c := range []struct {
			role access.Role
			code int
		}{{access.Owner, 200}, {access.Manager, 200}, {access.Specialist, 200}, {access.Finance, 403}, {access.Viewer, 403}} {
			if got, _ := f.get(t, c.role, loc); got != c.code {
				t.Errorf("%s opens the job: %d, want %d", c.role, got, c.code)
			}
		}

		runEnrollJobs(t, s)
		want := "Enrolled 2 in «US beauty»; 2 skipped (1 suppressed (unsubscribed, bounced or blocked), 1 do-not-contact, banned or at a stage the sequence stops at). The sequence is draft"
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "done", path: loc, status: 200, want: []string{want, "status-done", "Back to the Directory", `id="enroll-enrolled">2<`,
				`href="/w/acme/outreach/sequences/` + seq + `/enrollments"`}, lacks: []string{"js-enroll\"", "enroll-already"}},
			{name: "a second request after the end", path: again, status: 200, lacks: []string{"enroll-already"}},
		})
		if v := f.enrollJobStatus(t, access.Specialist, loc); v.Running || v.Status != store.EnrollJobDone {
			t.Errorf("the job's status once done: %+v", v)
		}
		if got := enrolledHandles(t, f, f.seq.ID); !slices.Equal(got, []string{"glowbyhana", "mai.nguyen"}) {
			t.Errorf("the job enrolled %v, want glowbyhana and mai.nguyen", got)
		}

		// Small selections stay in the request: the old notice on the Directory.
		syncMax(t, 10)
		code, loc2, _ := f.post(t, access.Specialist, "/w/acme/directory/enroll", form)
		if code != 303 || !strings.HasPrefix(loc2, "/w/acme/directory?email=yes&sort=handle&done=enroll:") {
			t.Errorf("a small all-matching enrollment: %d %q", code, loc2)
		}

		// Bad input is refused before anything is queued.
		syncMax(t, 2)
		archived := enrollSequence(t, f, "Old")
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, archived.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			form url.Values
			code int
			want string
		}{
			{"archived", url.Values{"sequence": {strconv.FormatInt(archived.ID, 10)}, "all": {"1"}}, 400, "is archived"},
			{"bad filter", url.Values{"sequence": {seq}, "all": {"1"}, "query": {"score_min=500"}}, 400, "score_min &#34;500&#34; is not a score"},
		} {
			if code, _, body := f.post(t, access.Specialist, "/w/acme/directory/enroll", c.form); code != c.code || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, want %d with %q", c.name, code, c.code, c.want)
			}
		}
		if js, _ := s.Jobs(ctx, store.JobFilter{Kind: store.EnrollJobKind}); len(js) != 1 {
			t.Errorf("bad input queued a job: %d jobs", len(js))
		}

		// A sequence archived while its job waits: the page says the job stopped, and why.
		later := enrollSequence(t, f, "Later")
		_, loc3, _ := f.post(t, access.Specialist, "/w/acme/directory/enroll", url.Values{"sequence": {strconv.FormatInt(later.ID, 10)}, "all": {"1"}})
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, later.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		runEnrollJobs(t, s)
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "failed", path: loc3, status: 200, want: []string{"status-failed", "The enrollment in «Later» stopped before the end.",
				"an archived sequence takes no new creators", "enroll again from the"}, lacks: []string{"js-enroll\""}},
		})

		// Another workspace's job, and ids that are none, are 404s.
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		tpl := &store.OutreachTemplate{WorkspaceID: other.ID, Name: "Theirs", Variants: []store.TemplateVariant{{Label: "A", Body: "Hi {{creator.handle}}"}}}
		if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
			t.Fatal(err)
		}
		theirs := &store.Sequence{WorkspaceID: other.ID, Name: "Theirs", Steps: []store.SequenceStep{{Channel: store.ChannelTikTokIM, TemplateID: tpl.ID}}}
		if err := s.CreateSequence(ctx, store.CLIActor, theirs); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/w/acme/directory/enroll/" + enrollJobFixture(t, s, other.ID, strconv.FormatInt(theirs.ID, 10)),
			"/w/acme/directory/enroll/x", "/w/acme/directory/enroll/999999"} {
			if code, _ := f.get(t, access.Owner, path); code != 404 {
				t.Errorf("%s: %d, want 404", path, code)
			}
		}
	})
}
