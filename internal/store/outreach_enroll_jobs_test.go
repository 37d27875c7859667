package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/model"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// enrollJobCreators adds 23 creators: every fourth without an email, the 7th do-not-contact,
// the 11th suppressed; the rest reachable by email.
func enrollJobCreators(t *testing.T, s *store.Store, wsID int64) {
	t.Helper()
	ctx := context.Background()
	for i := range 23 {
		c := store.NewCreator{Username: fmt.Sprintf("bulk_%02d", i), Email: fmt.Sprintf("bulk%02d@x.example", i)}
		if i%4 == 3 {
			c.Email = ""
		}
		id, err := s.AddCreator(ctx, store.CLIActor, wsID, c)
		if err != nil {
			t.Fatal(err)
		}
		if i == 7-1 {
			if _, err := s.SetStage(ctx, store.CLIActor, wsID, []int64{id}, model.StageDoNotContact, "asked"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.AddSuppression(ctx, store.CLIActor, &store.Suppression{WorkspaceID: wsID, Kind: store.SuppressEmail, Value: "bulk10@x.example", Reason: "bounced"}); err != nil {
		t.Fatal(err)
	}
}

// copySequence makes another sequence with q's sender and steps.
func copySequence(t *testing.T, s *store.Store, q *store.Sequence, name string) *store.Sequence {
	t.Helper()
	c := &store.Sequence{WorkspaceID: q.WorkspaceID, Name: name, MailboxID: q.MailboxID, Steps: q.Steps}
	if err := s.CreateSequence(context.Background(), store.CLIActor, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// enrolledIDs are the creators enrolled in a sequence, sorted.
func enrolledIDs(t *testing.T, s *store.Store, wsID, seqID int64) []int64 {
	t.Helper()
	es, err := s.ListEnrollments(context.Background(), wsID, store.EnrollmentFilter{SequenceID: seqID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range es {
		out = append(out, e.CreatorID)
		if e.Source != "directory" || e.EnrolledBy != "ann@acme.example" {
			t.Errorf("enrollment of creator %d: source %q by %q", e.CreatorID, e.Source, e.EnrolledBy)
		}
	}
	slices.Sort(out)
	return out
}

// runEnrollJob steps j to its end, chunk creators at a time.
func runEnrollJob(t *testing.T, s *store.Store, j *store.EnrollJob, chunk int) {
	t.Helper()
	for range 100 {
		finished, err := s.EnrollJobStep(context.Background(), j, chunk)
		if err != nil {
			t.Fatal(err)
		}
		if finished {
			return
		}
	}
	t.Fatal("the job never finished")
}

// A background enrollment enrolls every creator of its filter, a chunk per transaction with
// its progress; interrupted and resumed by another worker (or raced by a stale one), it ends
// with the same enrollments and counts as an uninterrupted run. One runs per sequence at a
// time, and another workspace's is not found.
func TestEnrollJobs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, _ := storetest.USDShop(t, s)
		q := outreachFixture(t, s, ws.ID)
		enrollJobCreators(t, s, ws.ID)
		ann := store.Actor{UserID: 7, Label: "ann@acme.example"}
		yes := true
		filter := store.DirectoryQuery{HasEmail: &yes, Sort: store.DirSortHandle, Limit: 50} // sort and paging are ignored

		// Uninterrupted.
		j, started, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, filter, "email=yes", "directory")
		if err != nil || !started || j.Status != store.EnrollJobRunning || j.Total != nil || j.SequenceName != "Recruit" || j.Actor != ann {
			t.Fatalf("StartEnrollJob = %+v, %v, %v", j, started, err)
		}
		job, err := s.Job(ctx, ws.ID, j.JobID)
		if err != nil || job.Kind != store.EnrollJobKind || job.Status != store.JobQueued {
			t.Fatalf("its job = %+v, %v", job, err)
		}
		// A second request while it runs gets the running one.
		again, started, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, store.DirectoryQuery{}, "", "directory")
		if err != nil || started || again.ID != j.ID {
			t.Fatalf("a second start = %+v, %v, %v; want job %d, not started", again, started, err, j.ID)
		}
		runEnrollJob(t, s, j, 5)
		want := store.EnrollResult{Enrolled: 16, Suppressed: 1, BlockedStage: 1}
		if j.Status != store.EnrollJobDone || j.Result.Summary() != want.Summary() || *j.Total != 18 || j.Handled() != 18 {
			t.Fatalf("done job = %+v; want %s of 18", j, want.Summary())
		}
		stored, err := s.EnrollJob(ctx, ws.ID, j.ID)
		if err != nil || stored.Status != store.EnrollJobDone || stored.FinishedAt == nil || stored.Result.Summary() != want.Summary() ||
			stored.QueryString != "email=yes" || stored.Query.HasEmail == nil || !*stored.Query.HasEmail {
			t.Fatalf("stored job = %+v, %v", stored, err)
		}
		whole := enrolledIDs(t, s, ws.ID, q.ID)
		if len(whole) != 16 {
			t.Fatalf("enrolled %d creators, want 16", len(whole))
		}

		// Interrupted after two chunks: a new worker reads the job back and resumes; the
		// worker presumed dead wakes up and tries its next chunk, which writes nothing.
		q2 := copySequence(t, s, q, "Recruit 2")
		j2, _, err := s.StartEnrollJob(ctx, ann, ws.ID, q2.ID, filter, "email=yes", "directory")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if finished, err := s.EnrollJobStep(ctx, j2, 5); err != nil || finished {
				t.Fatalf("step: %v, %v", finished, err)
			}
		}
		stale := *j2
		resumed, err := s.EnrollJob(ctx, ws.ID, j2.ID)
		if err != nil || resumed.AfterID != j2.AfterID || resumed.Handled() != 10 || resumed.Result.Summary() != j2.Result.Summary() {
			t.Fatalf("the job read back after two chunks = %+v, %v; want cursor %d and 10 done", resumed, err, j2.AfterID)
		}
		if got := len(enrolledIDs(t, s, ws.ID, q2.ID)); got != resumed.Result.Enrolled {
			t.Fatalf("%d enrolled after two chunks, the job counts %d", got, resumed.Result.Enrolled)
		}
		if finished, err := s.EnrollJobStep(ctx, resumed, 5); err != nil || finished {
			t.Fatalf("resumed step: %v, %v", finished, err)
		}
		if finished, err := s.EnrollJobStep(ctx, &stale, 5); err != nil || finished || stale.AfterID != resumed.AfterID || stale.Handled() != 15 {
			t.Fatalf("the stale worker's step: %v, %v, job %+v; want it to read the job back at 15 done", finished, err, stale)
		}
		runEnrollJob(t, s, resumed, 5)
		if resumed.Result.Summary() != want.Summary() {
			t.Errorf("resumed job: %s, want %s", resumed.Result.Summary(), want.Summary())
		}
		if got := enrolledIDs(t, s, ws.ID, q2.ID); !slices.Equal(got, whole) {
			t.Errorf("resumed job enrolled %v, want %v", got, whole)
		}

		// Done, a new one may start: everybody is already in.
		j3, started, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, filter, "email=yes", "directory")
		if err != nil || !started || j3.ID == j.ID {
			t.Fatalf("start after done = %+v, %v, %v", j3, started, err)
		}
		runEnrollJob(t, s, j3, 1000)
		if j3.Result.Already != 16 || j3.Result.Enrolled != 0 {
			t.Errorf("again: %s", j3.Result.Summary())
		}

		// A running job whose queue job gave up (its worker died on the last attempt) does
		// not hold the sequence forever: it is marked failed, and a new one starts.
		j4, _, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, filter, "email=yes", "directory")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelJobs(ctx, store.EnrollJobKind, fmt.Sprintf("enroll:%d", j4.ID), "test", time.Now()); err != nil {
			t.Fatal(err)
		}
		j5, started, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, filter, "email=yes", "directory")
		if err != nil || !started || j5.ID == j4.ID {
			t.Fatalf("start after a dead job = %+v, %v, %v", j5, started, err)
		}
		if old, err := s.EnrollJob(ctx, ws.ID, j4.ID); err != nil || old.Status != store.EnrollJobFailed || old.Error == "" {
			t.Errorf("the orphan = %+v, %v; want failed with a reason", old, err)
		}

		// Archived mid-way: the step refuses, and FailEnrollJob ends it keeping its counts.
		if err := s.SetSequenceStatus(ctx, store.CLIActor, ws.ID, q.ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnrollJobStep(ctx, j5, 5); err == nil {
			t.Fatal("a step into an archived sequence succeeded")
		} else if _, ok := store.AsFieldError(err); !ok {
			t.Fatalf("a step into an archived sequence: %v, want a FieldError", err)
		}
		if err := s.FailEnrollJob(ctx, j5, "archived"); err != nil || j5.Status != store.EnrollJobFailed {
			t.Fatalf("FailEnrollJob: %v (%s)", err, j5.Status)
		}
		if finished, err := s.EnrollJobStep(ctx, j5, 5); err != nil || !finished {
			t.Errorf("a step of a failed job: %v, %v", finished, err)
		}
		if _, _, err := s.StartEnrollJob(ctx, ann, ws.ID, q.ID, filter, "", "directory"); err == nil {
			t.Error("started an enrollment in an archived sequence")
		}

		// Another workspace sees none of it.
		other, _, err := s.EnsureWorkspace(ctx, model.Workspace{Slug: "other"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EnrollJob(ctx, other.ID, j.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's job: %v, want ErrNotFound", err)
		}
		if _, _, err := s.StartEnrollJob(ctx, ann, other.ID, q2.ID, filter, "", "directory"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another workspace's sequence: %v, want ErrNotFound", err)
		}
	})
}
