package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// everybodyView saves the specialist's directory view of every creator, sorted by handle.
func everybodyView(t *testing.T, f *outreachFixture) string {
	t.Helper()
	u := f.users[access.Specialist]
	v, err := f.s.SaveView(context.Background(), store.Actor{UserID: u.userID, Label: u.email}, f.ws.ID, u.userID, store.ViewPageDirectory, "Everybody", "sort=handle")
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(v.ID, 10)
}

// A saved view past the request's limit, enrolled from the sequence's page, is queued as the
// Directory's background enrollment (nothing is enrolled in the request) and the member is
// sent to its progress page; the job enrolls the view's creators. Small views stay in the
// request with the page's notice. Roles and bad input are as before.
func TestSequenceEnrollViewBackground(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		view := everybodyView(t, f)
		syncMax(t, 2)

		for _, role := range []access.Role{access.Finance, access.Viewer} {
			if code, _, _ := f.post(t, role, f.seqPath("enroll"), url.Values{"view_id": {view}}); code != 403 {
				t.Errorf("%s enrolls a view: %d, want 403", role, code)
			}
		}
		code, loc, body := f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"view_id": {view}})
		if code != 303 || !strings.HasPrefix(loc, "/w/acme/directory/enroll/") {
			t.Fatalf("enroll a big view: %d %q %.300s", code, loc, body)
		}
		if es, _ := s.ListEnrollments(ctx, f.ws.ID, store.EnrollmentFilter{SequenceID: f.seq.ID}); len(es) != 0 {
			t.Fatalf("the request enrolled %d creators itself", len(es))
		}
		js, err := s.Jobs(ctx, store.JobFilter{Kind: store.EnrollJobKind})
		if err != nil || len(js) != 1 {
			t.Fatalf("queued jobs: %d, %v; want 1", len(js), err)
		}
		j, err := s.RunningEnrollJob(ctx, f.ws.ID, f.seq.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := "view:" + view; j.Source != want || j.QueryString != "sort=handle" {
			t.Errorf("the job's source %q and query %q, want %q and sort=handle", j.Source, j.QueryString, want)
		}
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "progress", path: loc, status: 200, want: []string{"Counting the creators to enroll in «US beauty»…", "status-running"}},
		})
		// The manager enrolling it again while it runs is sent to the running one.
		if code, again, _ := f.post(t, access.Manager, f.seqPath("enroll"), url.Values{"view_id": {view}}); code != 303 || again != loc+"?already=1" {
			t.Errorf("a second request: %d %q, want %s?already=1", code, again, loc)
		}

		runEnrollJobs(t, s)
		es, err := s.ListEnrollments(ctx, f.ws.ID, store.EnrollmentFilter{SequenceID: f.seq.ID})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range es {
			got = append(got, e.CreatorHandle)
			if e.Source != "view:"+view {
				t.Errorf("@%s was enrolled with source %q, want view:%s", e.CreatorHandle, e.Source, view)
			}
		}
		if slices.Sort(got); !slices.Equal(got, []string{"glowbyhana", "mai.nguyen"}) {
			t.Errorf("the job enrolled %v, want glowbyhana and mai.nguyen", got)
		}
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "done", path: loc, status: 200, want: []string{"Enrolled 2 in «US beauty»", "status-done"}},
		})

		// A small view stays in the request: the sequence page's notice.
		syncMax(t, 10)
		code, loc, _ = f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"view_id": {view}})
		if code != 303 || !strings.HasPrefix(loc, f.seqPath("")+"?") {
			t.Fatalf("a small view: %d %q", code, loc)
		}
		if _, body := f.get(t, access.Specialist, loc); !strings.Contains(body, "0 enrolled.") || !strings.Contains(body, "2 already in this sequence") {
			t.Errorf("a small view's notice:\n%s", body)
		}
		if js, _ := s.Jobs(ctx, store.JobFilter{Kind: store.EnrollJobKind}); len(js) != 1 {
			t.Errorf("a small view queued a job: %d jobs", len(js))
		}

		// Bad input: 4xx, nothing queued.
		syncMax(t, 2)
		archived := enrollSequence(t, f, "Old")
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, archived.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		archivedPath := "/w/acme/outreach/sequences/" + strconv.FormatInt(archived.ID, 10) + "/enroll"
		for _, c := range []struct {
			name, path string
			form       url.Values
			code       int
			want       string
		}{
			{"not an id", f.seqPath("enroll"), url.Values{"view_id": {"x"}}, 422, "is not a saved view id"},
			{"no such view", f.seqPath("enroll"), url.Values{"view_id": {"999999"}}, 422, "is not a directory view of this workspace"},
			{"archived", archivedPath, url.Values{"view_id": {view}}, 422, "is archived"},
		} {
			if code, _, body := f.post(t, access.Specialist, c.path, c.form); code != c.code || !strings.Contains(body, c.want) {
				t.Errorf("%s: %d, want %d with %q", c.name, code, c.code, c.want)
			}
		}
		if js, _ := s.Jobs(ctx, store.JobFilter{Kind: store.EnrollJobKind}); len(js) != 1 {
			t.Errorf("bad input queued a job: %d jobs", len(js))
		}
	})
}

// While a background enrollment runs, the sequence page and its enrollments page say so, with
// its progress and a link to its page for the roles that may open it; once done, they do not.
func TestSequenceShowsRunningEnrollment(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		syncMax(t, 2)
		seq := strconv.FormatInt(f.seq.ID, 10)
		idle := []scenario{
			{name: "sequence, nothing running", path: f.seqPath(""), status: 200, lacks: []string{`id="enroll-running"`}},
			{name: "enrollments, nothing running", path: f.seqPath("enrollments"), status: 200, lacks: []string{`id="enroll-running"`}},
		}
		run(t, f.srv, f.clients[access.Specialist], idle)

		code, loc, _ := f.post(t, access.Specialist, "/w/acme/directory/enroll", url.Values{"sequence": {seq}, "all": {"1"}})
		if code != 303 || !strings.HasPrefix(loc, "/w/acme/directory/enroll/") {
			t.Fatalf("enroll all matching: %d %q", code, loc)
		}
		link := `— <a href="` + loc + `">see progress</a>`
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "sequence, counting", path: f.seqPath(""), status: 200, want: []string{`id="enroll-running"`, "Counting the creators to enroll from the Directory…", link}},
		})

		// One chunk of two: the count and what is done.
		j, err := s.RunningEnrollJob(ctx, f.ws.ID, f.seq.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnrollJobStep(ctx, j, 2); err != nil {
			t.Fatal(err)
		}
		text := "Enrolling 5 creators from the Directory… 2 done"
		for _, role := range []access.Role{access.Owner, access.Manager, access.Specialist} {
			run(t, f.srv, f.clients[role], []scenario{
				{name: string(role) + " sequence", path: f.seqPath(""), status: 200, want: []string{text, link}},
				{name: string(role) + " enrollments", path: f.seqPath("enrollments"), status: 200, want: []string{text, link}},
			})
		}
		// Finance and viewers see it, without the link to a page they may not open.
		for _, role := range []access.Role{access.Finance, access.Viewer} {
			run(t, f.srv, f.clients[role], []scenario{
				{name: string(role) + " sequence", path: f.seqPath(""), status: 200, want: []string{text}, lacks: []string{"see progress"}},
				{name: string(role) + " enrollments", path: f.seqPath("enrollments"), status: 200, want: []string{text}, lacks: []string{"see progress"}},
			})
		}
		// Another sequence's page does not show it.
		other := enrollSequence(t, f, "Other")
		otherPath := "/w/acme/outreach/sequences/" + strconv.FormatInt(other.ID, 10)
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "another sequence", path: otherPath, status: 200, lacks: []string{`id="enroll-running"`}},
			{name: "another sequence's enrollments", path: otherPath + "/enrollments", status: 200, lacks: []string{`id="enroll-running"`}},
		})

		runEnrollJobs(t, s)
		run(t, f.srv, f.clients[access.Specialist], idle)

		// One from a saved view names the view.
		view := everybodyView(t, f)
		if code, _, _ := f.post(t, access.Specialist, otherPath+"/enroll", url.Values{"view_id": {view}}); code != 303 {
			t.Fatalf("enroll a view in the background: %d", code)
		}
		run(t, f.srv, f.clients[access.Specialist], []scenario{
			{name: "from a view", path: otherPath + "/enrollments", status: 200, want: []string{"Counting the creators to enroll from the saved view «Everybody»…"}},
		})
	})
}

// The enrollments page of a sequence that sends nothing (draft, paused, archived) says so at
// the top, as the sequence page does, and its waiting rows say "held" instead of a due time
// that would not be kept; an active sequence's rows give the due time and no such line.
func TestEnrollmentsOfIdleSequence(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newOutreachFixture(t, s)
		if code, _, body := f.post(t, access.Specialist, f.seqPath("enroll"), url.Values{"creators": {"@mai.nguyen"}}); code != 303 {
			t.Fatalf("enroll: %d %.300s", code, body)
		}
		status := func(st string) {
			t.Helper()
			if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, f.seq.ID, st); err != nil {
				t.Fatal(err)
			}
		}
		due := "step 1 of 1 due "
		run(t, f.srv, f.clients[access.Viewer], []scenario{
			{name: "draft", path: f.seqPath("enrollments"), status: 200,
				want:  []string{`id="seq-state"`, "Draft: nothing is sent yet.", `step 1 of 1 <span class="muted">held: sequence is a draft</span>`},
				lacks: []string{due}},
			{name: "draft, the sequence page's latest", path: f.seqPath(""), status: 200, want: []string{"held: sequence is a draft"}, lacks: []string{due}},
		})
		status(store.SequenceActive)
		run(t, f.srv, f.clients[access.Viewer], []scenario{
			{name: "active", path: f.seqPath("enrollments"), status: 200, want: []string{due, "@mai.nguyen"}, lacks: []string{`id="seq-state"`, "held:"}},
			{name: "active, the sequence page's latest", path: f.seqPath(""), status: 200, want: []string{due}, lacks: []string{"held:"}},
		})
		status(store.SequencePaused)
		run(t, f.srv, f.clients[access.Viewer], []scenario{
			{name: "paused", path: f.seqPath("enrollments"), status: 200,
				want:  []string{`id="seq-state"`, "Paused: nothing is sent.", "held: sequence paused"},
				lacks: []string{due}},
			{name: "paused, filtered to active", path: f.seqPath("enrollments?status=active"), status: 200, want: []string{"Paused: nothing is sent.", "held: sequence paused"}},
			{name: "bad status", path: f.seqPath("enrollments?status=nope"), status: 400},
		})
		status(store.SequenceArchived)
		run(t, f.srv, f.clients[access.Viewer], []scenario{
			{name: "archived", path: f.seqPath("enrollments"), status: 200, want: []string{`id="seq-state"`, "Archived.", "ost-stopped"}, lacks: []string{due, "held:"}},
			{name: "archived, none active", path: f.seqPath("enrollments?status=active"), status: 200, want: []string{"An archived sequence takes no new creators"}},
		})
	})
}
