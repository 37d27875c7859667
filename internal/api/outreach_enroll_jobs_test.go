package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/access"
	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/outreach"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// enrollSyncMax lowers the most creators a request enrolls itself, for one test, so that a
// handful of creators reach the background job.
func enrollSyncMax(t *testing.T, n int) {
	old := store.EnrollSyncMax
	store.EnrollSyncMax = n
	t.Cleanup(func() { store.EnrollSyncMax = old })
}

// emailSequence makes a sequence of workspace ws with one email step.
func emailSequence(t *testing.T, s *store.Store, ws int64, name string) *store.Sequence {
	t.Helper()
	ctx := context.Background()
	tpl := &store.OutreachTemplate{WorkspaceID: ws, Name: name + " touch", Variants: []store.TemplateVariant{
		{Label: "A", Subject: "Hi {{creator.handle}}", Body: "Hello {{creator.handle}}"}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
		t.Fatal(err)
	}
	q := &store.Sequence{WorkspaceID: ws, Name: name, Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl.ID}}}
	if err := s.CreateSequence(ctx, store.CLIActor, q); err != nil {
		t.Fatal(err)
	}
	return q
}

// runEnrollJobs runs the queued background enrollments to their end, as a server's job
// runner would.
func runEnrollJobs(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	js, err := s.ClaimJobs(ctx, "api-test", []string{store.EnrollJobKind}, 100, time.Minute, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(js) == 0 {
		t.Fatal("no background enrollment was queued")
	}
	e := &outreach.EnrollJobs{Store: s}
	for _, j := range js {
		if err := e.Run(ctx, j); err != nil {
			if !jobs.IsPermanent(err) {
				t.Fatal(err)
			}
			continue
		}
		if err := s.CompleteJob(ctx, j, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// enrollJobAnswer is what the tests read of a background enrollment.
type enrollJobAnswer struct {
	ID           int64  `json:"id"`
	SequenceID   int64  `json:"sequence_id"`
	Source       string `json:"source"`
	Status       string `json:"status"`
	Total        *int   `json:"total"`
	Done         int    `json:"done"`
	Enrolled     int    `json:"enrolled"`
	Skipped      int    `json:"skipped"`
	Already      int    `json:"already"`
	BlockedStage int    `json:"blocked_stage"`
	NoAddress    int    `json:"no_address"`
	URL          string `json:"url"`
}

// A saved view matching more creators than a request enrolls is queued as a background
// enrollment (202, nobody enrolled in the request), which get-enroll-job follows to its end;
// a second big view while it runs is a 409 naming it; a small view and creator ids are still
// enrolled in the request. Following a job needs outreach.run, and another workspace's job,
// or a bad id, is a 404.
func TestAPIEnrollBigViewInBackground(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newAdminAPI(t, s)
		enrollSyncMax(t, 2)
		ids, err := s.SeedCreators(ctx, f.ws.ID, []store.SeedCreator{
			{Handle: "enr_ana", Email: "ana@example.com"},
			{Handle: "enr_ben", Email: "ben@example.com"},
			{Handle: "enr_cara", Email: "cara@example.com"},
			{Handle: "enr_dan"}, // no address for the email step
			{Handle: "enr_eve", Email: "eve@example.com", Stage: model.StageDoNotContact},
		})
		if err != nil {
			t.Fatal(err)
		}
		q := emailSequence(t, s, f.ws.ID, "Spring seeding")
		owner := f.users[access.Manager]
		big, err := s.SaveView(ctx, store.CLIActor, f.ws.ID, owner, "directory", "Every enr", "q=enr_")
		if err != nil {
			t.Fatal(err)
		}
		small, err := s.SaveView(ctx, store.CLIActor, f.ws.ID, owner, "directory", "Ana", "q=enr_ana")
		if err != nil {
			t.Fatal(err)
		}
		enroll := fmt.Sprintf("acme/outreach/sequences/%d/enrollments", q.ID)
		bigBody := fmt.Sprintf(`{"view_id":%d}`, big.ID)

		f.run(t, []apiCase{
			{name: "viewer may not enroll", role: access.Viewer, method: "POST", path: enroll, body: bigBody, status: 403},
			{name: "finance may not enroll", role: access.Finance, method: "POST", path: enroll, body: bigBody, status: 403},
			{name: "small view in the request", role: access.Specialist, method: "POST", path: enroll,
				body: fmt.Sprintf(`{"view_id":%d}`, small.ID), status: 200, want: []string{`"enrolled":1`, `"skipped":[]`}},
			{name: "ids and view", role: access.Specialist, method: "POST", path: enroll,
				body: fmt.Sprintf(`{"view_id":%d,"creator_ids":[%d]}`, big.ID, ids[1]), status: 422, want: []string{"not both"}},
			{name: "another workspace's view", role: access.Specialist, method: "POST", path: enroll, body: `{"view_id":999999}`, status: 422,
				want: []string{"body.view_id"}},
		})
		if n := enrollmentCount(t, s, f.ws.ID, q.ID); n != 1 {
			t.Fatalf("after the small view: %d enrollments, want 1", n)
		}

		code, body := f.call(t, f.tokens[access.Specialist], "POST", enroll, bigBody)
		if code != 202 {
			t.Fatalf("a big view: %d %s, want 202", code, body)
		}
		var accepted struct {
			EnrollJob enrollJobAnswer `json:"enroll_job"`
		}
		if err := json.Unmarshal([]byte(body), &accepted); err != nil {
			t.Fatal(err)
		}
		j := accepted.EnrollJob
		jobPath := "acme/outreach/enroll-jobs/" + strconv.FormatInt(j.ID, 10)
		if j.ID == 0 || j.Status != "running" || j.SequenceID != q.ID || j.Source != store.ViewEnrollSource(big.ID) || j.Done != 0 ||
			j.URL != "/api/v1/workspaces/"+jobPath {
			t.Errorf("the queued job: %+v", j)
		}
		if n := enrollmentCount(t, s, f.ws.ID, q.ID); n != 1 {
			t.Errorf("the request enrolled the big view itself: %d enrollments", n)
		}

		f.run(t, []apiCase{
			{name: "a second big view while it runs", role: access.Manager, method: "POST", path: enroll, body: bigBody, status: 409,
				want: []string{"already enrolling", fmt.Sprintf(`"id":%d`, j.ID), `"location":"enroll_job"`, j.URL}},
			{name: "ids still in the request", role: access.Manager, method: "POST", path: enroll,
				body: fmt.Sprintf(`{"creator_ids":[%d]}`, ids[1]), status: 200, want: []string{`"enrolled":1`}},
			{name: "follow it", role: access.Specialist, path: jobPath, status: 200,
				want: []string{`"status":"running"`, `"done":0`, `"total":null`, `"finished_at":null`}},
			{name: "viewer may not follow", role: access.Viewer, path: jobPath, status: 403},
			{name: "finance may not follow", role: access.Finance, path: jobPath, status: 403},
			{name: "not an id", role: access.Owner, path: "acme/outreach/enroll-jobs/abc", status: 404},
			{name: "no such job", role: access.Owner, path: "acme/outreach/enroll-jobs/999999", status: 404},
			{name: "unknown parameter", role: access.Owner, path: jobPath + "?verbose=1", status: 422},
		})

		// Another workspace's job is a 404 under ours.
		theirs := emailSequence(t, s, f.other.ID, "Theirs")
		tj, _, err := s.StartEnrollJob(ctx, store.CLIActor, f.other.ID, theirs.ID, store.DirectoryQuery{}, "", "directory")
		if err != nil {
			t.Fatal(err)
		}
		f.run(t, []apiCase{{name: "another workspace's job", role: access.Owner, path: fmt.Sprintf("acme/outreach/enroll-jobs/%d", tj.ID), status: 404}})

		runEnrollJobs(t, s)
		code, body = f.call(t, f.tokens[access.Manager], "GET", jobPath, "")
		var done enrollJobAnswer
		if code != 200 || json.Unmarshal([]byte(body), &done) != nil {
			t.Fatalf("the job once run: %d %s", code, body)
		}
		// ana (the small view) and ben (by id) were in already; cara is enrolled; dan has no
		// address; eve is do-not-contact.
		if done.Status != "done" || done.Total == nil || *done.Total != 5 || done.Done != 5 || done.Enrolled != 1 || done.Already != 2 ||
			done.NoAddress != 1 || done.BlockedStage != 1 || done.Skipped != 4 {
			t.Errorf("the job once run: %s", body)
		}
		if n := enrollmentCount(t, s, f.ws.ID, q.ID); n != 3 {
			t.Errorf("after the job: %d enrollments, want 3", n)
		}

		// Once it has ended, a big view queues a new job; an archived sequence takes none.
		f.run(t, []apiCase{
			{name: "again once done", role: access.Manager, method: "POST", path: enroll, body: bigBody, status: 202,
				want: []string{`"enroll_job":{`, `"status":"running"`}},
		})
		runEnrollJobs(t, s)
		if err := s.SetSequenceStatus(ctx, store.CLIActor, f.ws.ID, q.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		f.run(t, []apiCase{
			{name: "archived sequence", role: access.Manager, method: "POST", path: enroll, body: bigBody, status: 422,
				want: []string{"body.sequence", "archived"}},
		})
	})
}

// enrollmentCount counts a sequence's enrollments.
func enrollmentCount(t *testing.T, s *store.Store, ws, sequenceID int64) int {
	t.Helper()
	es, err := s.ListEnrollments(context.Background(), ws, store.EnrollmentFilter{SequenceID: sequenceID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}
