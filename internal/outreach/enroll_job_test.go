package outreach

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/creatorops/creatorops/internal/jobs"
	"github.com/creatorops/creatorops/internal/store"
	"github.com/creatorops/creatorops/internal/store/storetest"
)

// enrollJobFixture makes a workspace with n creators (every fifth without an email) and two
// one-step email sequences.
func enrollJobFixture(t *testing.T, s *store.Store, n int) (ws int64, seqs [2]*store.Sequence) {
	t.Helper()
	ctx := context.Background()
	w, _ := storetest.USDShop(t, s)
	tpl := &store.OutreachTemplate{WorkspaceID: w.ID, Name: "Hello", Variants: []store.TemplateVariant{{Label: "A", Subject: "Hi", Body: "Hi {{creator.handle}}"}}}
	if err := s.CreateTemplate(ctx, store.CLIActor, tpl); err != nil {
		t.Fatal(err)
	}
	mb := &store.Mailbox{WorkspaceID: w.ID, Name: "Main", FromAddress: "team@acme.example", SMTPHost: "127.0.0.1", SMTPPort: 1}
	if err := s.SaveMailbox(ctx, store.CLIActor, mb, nil); err != nil {
		t.Fatal(err)
	}
	for i := range seqs {
		seqs[i] = &store.Sequence{WorkspaceID: w.ID, Name: fmt.Sprintf("Seeding %d", i), MailboxID: &mb.ID,
			Steps: []store.SequenceStep{{Channel: store.ChannelEmail, TemplateID: tpl.ID}}}
		if err := s.CreateSequence(ctx, store.CLIActor, seqs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		c := store.NewCreator{Username: fmt.Sprintf("c%03d", i), Email: fmt.Sprintf("c%03d@x.example", i)}
		if i%5 == 4 {
			c.Email = ""
		}
		if _, err := s.AddCreator(ctx, store.CLIActor, w.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	return w.ID, seqs
}

// enrolled lists the creators enrolled in a sequence.
func enrolled(t *testing.T, s *store.Store, ws, seq int64) []int64 {
	t.Helper()
	es, err := s.ListEnrollments(context.Background(), ws, store.EnrollmentFilter{SequenceID: seq, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.CreatorID)
	}
	slices.Sort(ids)
	return ids
}

// The handler, stopped between chunks (a server going down) and run again as the job's next
// attempt, ends with the same enrollments and counts as a job run at once on a runner.
func TestEnrollJobResumes(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ws, seqs := enrollJobFixture(t, s, 40)
		a := store.Actor{UserID: 1, Label: "spec@acme.example"}

		// Uninterrupted, on a runner as serve runs it.
		whole, _, err := s.StartEnrollJob(ctx, a, ws, seqs[0].ID, store.DirectoryQuery{}, "", "directory")
		if err != nil {
			t.Fatal(err)
		}
		r := &jobs.Runner{Store: s, Worker: "enroll-test", Poll: 5 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)}
		RegisterEnroll(r, s, nil)
		rctx, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx) }()
		for end := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
			if whole, err = s.EnrollJob(ctx, ws, whole.ID); err != nil {
				t.Fatal(err)
			}
			if whole.Status != store.EnrollJobRunning {
				break
			}
			if time.Now().After(end) {
				t.Fatal("gave up waiting for the job")
			}
		}
		stop()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if whole.Status != store.EnrollJobDone || whole.Result.Enrolled != 32 || whole.Result.NoAddress != 8 {
			t.Fatalf("the job on a runner: %s %s", whole.Status, whole.Result.Summary())
		}

		// Interrupted after three chunks of 4, then resumed.
		j, _, err := s.StartEnrollJob(ctx, a, ws, seqs[1].ID, store.DirectoryQuery{}, "", "directory")
		if err != nil {
			t.Fatal(err)
		}
		claimed, err := s.ClaimJobs(ctx, "w1", []string{store.EnrollJobKind}, 1, time.Minute, time.Now())
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v, %v", claimed, err)
		}
		cctx, cancel := context.WithCancel(ctx)
		chunks := 0
		e := &EnrollJobs{Store: s, Chunk: 4, afterChunk: func() {
			if chunks++; chunks == 3 {
				cancel()
			}
		}}
		if err := e.Run(cctx, claimed[0]); !errors.Is(err, context.Canceled) {
			t.Fatalf("the interrupted run: %v, want context.Canceled", err)
		}
		mid, err := s.EnrollJob(ctx, ws, j.ID)
		if err != nil || mid.Status != store.EnrollJobRunning || mid.Handled() != 12 {
			t.Fatalf("after the interruption: %+v, %v; want 12 done", mid, err)
		}
		if got := enrolled(t, s, ws, seqs[1].ID); len(got) != mid.Result.Enrolled {
			t.Fatalf("%d enrolled, the job counts %d", len(got), mid.Result.Enrolled)
		}
		claimed[0].Attempts++ // the next attempt, as the runner would hand it over
		e.afterChunk = nil
		if err := e.Run(ctx, claimed[0]); err != nil {
			t.Fatal(err)
		}
		if j, err = s.EnrollJob(ctx, ws, j.ID); err != nil {
			t.Fatal(err)
		}
		if j.Status != store.EnrollJobDone || j.Result.Summary() != whole.Result.Summary() || *j.Total != *whole.Total {
			t.Errorf("resumed: %s %s of %d; uninterrupted: %s of %d", j.Status, j.Result.Summary(), *j.Total, whole.Result.Summary(), *whole.Total)
		}
		if a, b := enrolled(t, s, ws, seqs[0].ID), enrolled(t, s, ws, seqs[1].ID); !slices.Equal(a, b) {
			t.Errorf("resumed enrolled %v, uninterrupted %v", b, a)
		}

		// A sequence archived while its job waits: the job fails with the reason, for good.
		j3, _, err := s.StartEnrollJob(ctx, a, ws, seqs[1].ID, store.DirectoryQuery{}, "", "directory")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetSequenceStatus(ctx, store.CLIActor, ws, seqs[1].ID, store.SequenceArchived); err != nil {
			t.Fatal(err)
		}
		job, err := s.Job(ctx, ws, j3.JobID)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Run(ctx, job); !jobs.IsPermanent(err) {
			t.Errorf("a job into an archived sequence: %v, want a permanent error", err)
		}
		if j3, err = s.EnrollJob(ctx, ws, j3.ID); err != nil || j3.Status != store.EnrollJobFailed || j3.Error == "" {
			t.Errorf("after the archive: %+v, %v", j3, err)
		}
	})
}
